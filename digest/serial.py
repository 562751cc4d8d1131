"""What the caches keep, in a form that can be read without running anything: JSON, with our dataclasses
by name.

The caches live in the work tree (``.cache/digest/``), and a pull request can put files there: a
pickle, when loaded, calls whatever it names, so a crafted one ran code in CI (issue 22). Here a value is
written as JSON and read back by building only what :data:`TYPES` lists, our frozen dataclasses and
enums, from their fields: a file can at worst be wrong, which the checksums the caches keep with each
value catch (see :mod:`digest.cache`), and a value that cannot be read is a miss.

How values are written (every JSON array starts with a tag, so none is mistaken for another):

- ``None``, ``bool``, ``int``, ``float``, ``str``: as themselves; a ``dict`` with ``str`` keys: an object;
- ``["T", ...]`` a tuple, ``["L", ...]`` a list, ``["B", base64]`` bytes, ``["d", "2024-02-26"]`` a date,
  ``["E", "EntityType", "person"]`` an enum member;
- ``["Sentence", field, ...]`` a dataclass, its fields in order; ``["@", n]`` the n-th dataclass already
  written in this value, again (a sentence is quoted by its block, its figures, its mentions and its dates:
  written once, as pickle does, or a hostile sentence of thousands of figures would be written thousands
  of times).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import enum
import functools
import json
from collections.abc import Callable
from typing import Any

from digest import errors, model, stories

TYPES: tuple[type, ...] = (
    model.Article,
    model.Cue,
    model.Theme,
    model.Entity,
    model.Answer,
    model.Question,
    model.FigureNote,
    model.Sentence,
    model.Block,
    model.Passage,
    model.ThemeMatch,
    model.Mention,
    model.TermCounts,
    model.Claim,
    model.AnalysedArticle,
    model.Outline,
    model.Figure,
    model.DatedMention,
    model.Related,
    model.Listing,
    model.CitedSentence,
    model.FigureGroup,
    model.Version,
    model.Disagreement,
    model.TimelineEvent,
    model.Story,
    model.Compared,
    stories.Cluster,
    stories.Clustering,
    errors.Problem,
    model.EntityType,
    model.BlockKind,
    errors.Severity,
)
"""Everything a cached value may be built of besides plain data. Adding a type here is a code change:
the caches' keys include the code, so nothing written before it is read after."""

_TUPLE, _LIST, _BYTES, _DATE, _ENUM, _AGAIN = "T", "L", "B", "d", "E", "@"


class Unreadable(ValueError):
    """The bytes are not a value this module wrote."""


def dumps(value: object) -> bytes:
    """``value`` as UTF-8 JSON (see the module docstring); ``TypeError`` for anything not listed."""
    return json.dumps(_Writer().write(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads(data: bytes) -> Any:
    """The value :func:`dumps` gave ``data`` for; :class:`Unreadable` if it is not one."""
    try:
        return _Reader().read(json.loads(data))
    except (
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        OverflowError,
        RecursionError,
    ) as error:
        raise Unreadable(str(error)) from None


class _Writer:
    def __init__(self) -> None:
        self.written: dict[int, int] = {}  # id() of each dataclass written, and its number

    def write(self, value: object) -> object:
        kind = type(value)
        if value is None or kind in (bool, int, float, str):
            return value
        if kind is tuple:
            return [_TUPLE, *map(self.write, value)]  # type: ignore[call-overload]
        if kind is list:
            return [_LIST, *map(self.write, value)]  # type: ignore[call-overload]
        if kind is dict:
            if not all(type(key) is str for key in value):  # type: ignore[attr-defined]
                raise TypeError("only dicts with str keys can be cached")
            return {key: self.write(item) for key, item in value.items()}  # type: ignore[attr-defined]
        if kind is bytes:
            return [_BYTES, base64.b64encode(value).decode("ascii")]  # type: ignore[arg-type]
        if kind is dt.date:
            return [_DATE, value.isoformat()]  # type: ignore[attr-defined]
        if isinstance(value, enum.Enum) and kind in _BY_NAME.values():
            return [_ENUM, kind.__name__, value.value]
        return self._dataclass(value)

    def _dataclass(self, value: object) -> object:
        number = self.written.get(id(value))
        if number is not None:
            return [_AGAIN, number]
        cls = next((c for c in type(value).__mro__ if _BY_NAME.get(c.__name__) is c), None)
        if cls is None or not dataclasses.is_dataclass(cls):
            raise TypeError(f"cannot cache a {type(value).__name__}: add it to digest.serial.TYPES")
        node = [cls.__name__, *(self.write(getattr(value, name)) for name in _fields(cls))]
        self.written[id(value)] = len(self.written)  # numbered once written: as the reader makes them
        return node


class _Reader:
    def __init__(self) -> None:
        self.made: list[object] = []

    def read(self, node: Any) -> Any:
        kind = type(node)
        if kind is list:
            tag = node[0]
            reader = _READERS.get(tag)
            return reader(self, node) if reader else self._dataclass(tag, node)
        if kind is dict:
            return {key: self.read(item) for key, item in node.items()}
        return node

    def items(self, node: list[Any]) -> list[Any]:
        read = self.read
        return [read(item) if type(item) in (list, dict) else item for item in node[1:]]

    def _dataclass(self, tag: str, node: list[Any]) -> object:
        made = _make(tag, self.items(node))
        self.made.append(made)
        return made


def _enum(reader: _Reader, node: list[Any]) -> enum.Enum:
    _tag, name, value = node
    cls = _BY_NAME[name]
    if not issubclass(cls, enum.Enum):
        raise Unreadable(f"{name} is not an enum")
    return cls(value)


def _again(reader: _Reader, node: list[Any]) -> object:
    _tag, number = node
    if type(number) is not int or number < 0:
        raise Unreadable(f"no value numbered {number!r}")
    return reader.made[number]


_READERS: dict[str, Callable[[_Reader, list[Any]], Any]] = {
    _TUPLE: lambda reader, node: tuple(reader.items(node)),
    _LIST: lambda reader, node: reader.items(node),
    _BYTES: lambda reader, node: base64.b64decode(node[1], validate=True),
    _DATE: lambda reader, node: dt.date.fromisoformat(node[1]),
    _ENUM: _enum,
    _AGAIN: _again,
}
_BY_NAME: dict[str, type] = {cls.__name__: cls for cls in TYPES}
_POST_INIT = {cls: hasattr(cls, "__post_init__") for cls in TYPES}


def _make(tag: str, values: list[Any]) -> object:
    """The dataclass ``tag`` names, with ``values`` for its fields, in order.

    Its ``__init__`` is not called: a frozen dataclass's sets each field through ``object.__setattr__``,
    which made reading the memos a second of a one-article rebuild at 10,000 articles. The fields are
    set at once, as ``__init__`` would set them, and ``__post_init__`` runs where there is one.
    """
    cls = _BY_NAME[tag]
    names = _fields(cls) if dataclasses.is_dataclass(cls) else None
    if names is None:
        raise Unreadable(f"{tag} is not a dataclass")
    if len(values) != len(names):
        raise Unreadable(f"{tag} has {len(names)} fields, not {len(values)}")
    made = object.__new__(cls)
    vars(made).update(zip(names, values, strict=True))
    if _POST_INIT.get(cls):
        made.__post_init__()  # type: ignore[attr-defined]
    return made


@functools.cache
def _fields(cls: type) -> tuple[str, ...]:
    """The fields a dataclass is made from, in order (not those it derives, such as an analysis's id)."""
    return tuple(field.name for field in dataclasses.fields(cls) if field.init)
