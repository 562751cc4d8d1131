"""Write new article files: ``digest new`` (an empty article) and ``digest import`` (a cleaned one).

Both go through :func:`write_article`, so every file they make has the same front matter, in schema
order, with unknown fields present but empty: a maintainer sees at once what is still to fill in.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from digest.errors import UsageError
from digest.importer import file_name
from digest.load import ARTICLE_SCHEMA
from digest.model import SOURCE_KINDS

SCAFFOLD_FIELDS = ("title", "outlet", "source_kind", "author", "date", "url", "language")
KINDS_COMMENT = f"  # {', '.join(SOURCE_KINDS)}: see CONTRIBUTING.md"
"""Said beside ``source_kind``, so that a maintainer who imported a blog post or a copy sees the choice."""


class ScaffoldError(UsageError):
    """The file cannot be written (it exists, or a value is malformed)."""


def front_matter(values: dict[str, object]) -> str:
    lines = ["---"]
    for name in SCAFFOLD_FIELDS + tuple(k for k in values if k not in SCAFFOLD_FIELDS):
        value = values.get(name)
        if value is None:
            lines.append(f"{name}:")
        elif isinstance(value, dt.date):
            lines.append(f"{name}: {value.isoformat()}")
        else:
            dumped = yaml.safe_dump({name: value}, allow_unicode=True, width=10_000, default_style=None)
            lines.append(dumped.strip() + (KINDS_COMMENT if name == "source_kind" else ""))
    lines.append("---")
    return "\n".join(lines) + "\n"


def checked(values: dict[str, object]) -> dict[str, object]:
    """Parse each given value with the schema's own parser, so a scaffold never writes a bad field."""
    parsers = {f.name: f.parse for f in ARTICLE_SCHEMA}
    result: dict[str, object] = {}
    for name, value in values.items():
        if value is None:
            result[name] = None
            continue
        try:
            result[name] = parsers[name](value.isoformat() if isinstance(value, dt.date) else value)
        except ValueError as error:
            raise ScaffoldError(f"{name}: {error}") from None
    return result


def article_file(folder: Path, values: dict[str, object], body: str, fallback_name: str) -> tuple[Path, str]:
    """The file :func:`write_article` writes, without writing it: ``folder/<date>-<slug>.md`` and its
    text; refused when the file exists already."""
    values = checked(values)
    date = values.get("date")
    name = file_name(values.get("title"), date if isinstance(date, dt.date) else None, fallback_name)  # type: ignore[arg-type]
    path = folder / name
    if path.exists() or path.is_symlink():
        raise ScaffoldError(f"{path} exists already; is this article in the digest?")
    return path, front_matter(values) + ("\n" + body if body else "")


def write_article(folder: Path, values: dict[str, object], body: str, fallback_name: str) -> Path:
    """Write ``<date>-<slug>.md`` into ``folder``; refuse to overwrite an existing file."""
    path, text = article_file(folder, values, body, fallback_name)
    write_articles([(path, text)])
    return path


def write_articles(files: list[tuple[Path, str]]) -> None:
    """Write each ``(path, text)``, all or none: when one cannot be written (or two would be one file),
    those already written are removed again."""
    paths = [path for path, _text in files]
    if len(set(paths)) < len(paths):
        twice = next(path for path in paths if paths.count(path) > 1)
        raise ScaffoldError(f"two of the articles would both be {twice}; import them one at a time")
    written: list[Path] = []
    try:
        for path, text in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as handle:  # never over a file made meanwhile
                written.append(path)
                handle.write(text)
    except OSError as error:
        for path in written:
            path.unlink(missing_ok=True)
        raise ScaffoldError(f"cannot write {error.filename}: {error.strerror}; nothing was written") from None
