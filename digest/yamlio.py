"""Safe, strict YAML for content files and settings.

PyYAML's ``SafeLoader`` already refuses Python tags. On top of it this loader:

- resolves YAML 1.1's surprises away: only ``true``/``false`` are booleans (``NO`` stays text), integers
  are plain decimals (``12:30`` stays text, ``010`` is not octal), and dates stay text so the schema
  parses them with an error that says what to fix;
- refuses anchors and aliases, so an alias bomb cannot expand, and duplicate keys, which PyYAML
  would silently drop;
- keeps the composed node tree, so every problem names the line of the key or item at fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml

from digest.errors import Problem

MAX_YAML_BYTES = 1_000_000
MAX_DEPTH = 10
"""Deeper nesting than any content file needs: refused rather than walked."""


class StrictResolver(yaml.resolver.Resolver):
    """YAML 1.2-like scalars: no yes/no booleans, sexagesimals, octals or timestamps."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}


for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    # At most 18 digits: a longer run is text (Python refuses to read an integer of over 4,300 digits,
    # and no setting or field needs one of 19).
    ("int", r"^[-+]?(?:0|[1-9][0-9]{0,17})$", "-+0123456789"),
    ("float", r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$", "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    StrictResolver.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))


class StrictLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    yaml.constructor.SafeConstructor,
    StrictResolver,
):
    """SafeLoader's parts with :class:`StrictResolver`: pure Python, used when LibYAML is missing."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        StrictResolver.__init__(self)


if yaml.__with_libyaml__:

    class FastStrictLoader(yaml.cyaml.CParser, yaml.constructor.SafeConstructor, StrictResolver):
        """The same loader on LibYAML's parser (as PyYAML's ``CSafeLoader``): ten times faster."""

        def __init__(self, stream: str) -> None:
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            StrictResolver.__init__(self)

    PARSER: type = FastStrictLoader
else:  # pragma: no cover - PyYAML wheels ship LibYAML
    PARSER = StrictLoader


@dataclass(frozen=True)
class YamlDocument:
    """Parsed YAML with the line of every key and item."""

    path: str
    data: Any
    node: yaml.Node | None
    line_offset: int
    problems: tuple[Problem, ...] = ()

    def says_null(self, key: str) -> bool:
        """Whether the mapping's ``key`` is written out as ``null`` (or ``~``): "known not to be known",
        where an empty value (``key:``) is a field left to fill in, though YAML reads both as None."""
        if not isinstance(self.node, yaml.MappingNode):
            return False
        for key_node, value in self.node.value:
            if key_node.value == key:
                return isinstance(value, yaml.ScalarNode) and value.value in ("null", "Null", "NULL", "~")
        return False

    def line_of(self, *keys: str | int) -> int:
        """The 1-based line of the value at ``keys`` (mapping keys or sequence indices)."""
        node = self.node
        line = (node.start_mark.line if node else 0) + 1 + self.line_offset
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                match = next((kv for kv in node.value if kv[0].value == key), None)
                if match is None:
                    break
                line = match[0].start_mark.line + 1 + self.line_offset
                node = match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
                line = node.start_mark.line + 1 + self.line_offset
            else:
                break
        return line


def parse_yaml(text: str, path: str, line_offset: int = 0, field: str = "yaml") -> YamlDocument:
    """Parse ``text`` (found at ``line_offset`` lines into ``path``) into a :class:`YamlDocument`."""

    def fail(line: int, message: str) -> YamlDocument:
        return YamlDocument(
            path, None, None, line_offset, (Problem(path, line + line_offset, field, message),)
        )

    try:
        try:
            node = _compose(text, PARSER)
        except yaml.YAMLError:  # PyYAML's own parser names the line at fault more exactly than LibYAML
            node = _compose(text, StrictLoader)
        duplicate = _first_duplicate_key(node)
        if duplicate is not None:
            return fail(duplicate.start_mark.line + 1, f"key '{duplicate.value}' appears twice; keep one")
        unreadable = _first_unreadable(node)
        if unreadable is not None:
            return fail(*unreadable)
        data = StrictLoader("").construct_document(node) if node is not None else None
    except _Refused as refused:
        return fail(refused.line, refused.message)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        if "\t" in (text.split("\n")[line - 1] if line <= text.count("\n") + 1 else ""):
            return fail(line, "YAML does not allow tabs for indentation; indent with spaces")
        what = error.problem or str(error)
        return fail(line, f"invalid YAML: {what}; check indentation, colons and quotes")
    except yaml.YAMLError as error:
        return fail(1, f"invalid YAML: {error}")
    return YamlDocument(path, data, node, line_offset)


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message


def _compose(text: str, loader: type) -> yaml.Node | None:
    """The node tree of ``text``, refusing anchors, aliases and deep nesting before building it."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(line, "YAML anchors and aliases are not allowed; write the value out")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(line, f"nested more than {MAX_DEPTH} levels deep; flatten it")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return yaml.compose(text, Loader=loader)


def read_yaml_file(file: Path, root: Path) -> YamlDocument:
    """Read and parse a YAML file; problems name it relative to ``root``."""
    path = display_path(file, root)
    if file.is_symlink() or not file.is_file():  # a pipe would stall the build that read it
        problem = Problem(
            path, 1, "yaml", "is not a regular file (a link, a pipe or a device?); commit a file"
        )
        return YamlDocument(path, None, None, 0, (problem,))
    raw = file.read_bytes()
    if len(raw) > MAX_YAML_BYTES:
        problem = Problem(path, 1, "yaml", f"file is over {MAX_YAML_BYTES:,} bytes; split or shorten it")
        return YamlDocument(path, None, None, 0, (problem,))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problem = Problem(path, line, "encoding", "file is not UTF-8; save it as UTF-8")
        return YamlDocument(path, None, None, 0, (problem,))
    return parse_yaml(text, path)


def display_path(file: Path, root: Path) -> str:
    """``file`` relative to ``root`` as written (a symbolic link is named, not followed)."""
    try:
        return file.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return file.as_posix()


def _first_unreadable(node: yaml.Node | None) -> tuple[int, str] | None:
    """The line and the fix of the first scalar no text or number can be made of: a lone surrogate
    (``"\\ud800"``, a half of a character, which no file can be written with) or an integer tagged ``!!int``
    of more digits than Python reads."""
    pending = [node] if node is not None else []
    while pending:
        current = pending.pop()
        if isinstance(current, yaml.ScalarNode):
            value = current.value
            if any("\ud800" <= character <= "\udfff" for character in value):
                return (
                    current.start_mark.line + 1,
                    "holds a lone surrogate (such as \\ud800), which is no character; remove it",
                )
            if current.tag.endswith(":int") and len(value) > 18:
                return (
                    current.start_mark.line + 1,
                    "a number of more than 18 digits; write it as text, in quotes",
                )
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(reversed(current.value))
        elif isinstance(current, yaml.MappingNode):
            pending.extend(item for pair in reversed(current.value) for item in reversed(pair))
    return None


def _first_duplicate_key(node: yaml.Node | None) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    return key
                seen.add(key.value)
            found = _first_duplicate_key(value)
            if found is not None:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found = _first_duplicate_key(item)
            if found is not None:
                return found
    return None
