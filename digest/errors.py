"""Problems found in the input, and the one exception that carries them.

Every stage collects problems instead of raising at the first one, so a maintainer sees all of them in a
single run (`path:line: field: what is wrong and how to fix it`).
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "error"
    """Stops the build."""
    WARNING = "warning"
    """Reported; stops the build only with ``--strict``."""
    NOTE = "note"
    """A suggestion (such as a name worth tracking); never stops anything."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file."""

    path: str
    """The file, relative to the project (e.g. ``content/articles/x.md``)."""
    line: int
    """1-based line of the field or text at fault; 1 when the whole file is at fault."""
    field: str
    """The front-matter field or section at fault (``title``, ``body``, ``yaml`` ...)."""
    message: str
    """What is wrong and how to fix it."""
    severity: Severity = Severity.ERROR
    others: tuple[str, ...] = ()
    """Other files the problem involves (the article a near-duplicate repeats), relative to the project."""

    def __str__(self) -> str:
        """``path:line: field: message``, on one line whatever the file's name or the field hold: a line
        break in a folder's name would start a line of its own in a CI log, where ``::error ...`` is a
        command to the CI (issue 22)."""
        return f"{printable(self.path)}:{self.line}: {printable(self.field)}: {printable(self.message)}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class UsageError(Exception):
    """A command cannot do what it was asked (a file exists, a value is malformed): exit code 2."""


class DigestError(Exception):
    """The input has errors; nothing was written."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        errors = sum(p.is_error for p in problems)
        super().__init__(f"{errors} error(s) in the content; nothing was written")


def errors_in(problems: tuple[Problem, ...] | list[Problem]) -> tuple[Problem, ...]:
    return tuple(p for p in problems if p.is_error)


def failing(problems: tuple[Problem, ...] | list[Problem], strict: bool) -> bool:
    """Errors fail; with ``strict``, warnings fail too; notes never do."""
    return any(p.is_error or (strict and p.severity is Severity.WARNING) for p in problems)


def printable(text: str) -> str:
    """``text`` with each character that is not shown as itself (line breaks, other controls, invisible
    formatting) written as its escape (``\\n``, ``\\u202e``), as ``repr`` writes it."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


def shown(value: object, width: int = 60) -> str:
    """``value`` as a message quotes it (its ``repr``), shortened to ``width`` characters: a message that
    quotes a 5,000-digit number or a pasted page helps no one."""
    text = repr(value)
    return text if len(text) <= width else f"{text[: width - 1]}…"


def did_you_mean(word: str, known: Iterable[str], noun: str = "fields") -> str:
    """The fix for an unknown name: the closest known one, else the list of them."""
    names = sorted(known)
    hint = difflib.get_close_matches(word, names, n=1)
    return f"did you mean '{hint[0]}'?" if hint else f"known {noun}: {', '.join(names)}"
