"""A cache of per-article analysis, keyed by everything the analysis reads.

An article's analysis depends only on the article, the themes, the entities, the summary setting and the
code; the key is a hash of all of them (the code as the bytes of the package's modules), so a change to
any of them is a miss and a stale result is never used. Values are pickles in ``.cache/digest/``
(see :class:`Cache`): a local, git-ignored folder that only this tool writes, so loading them runs nothing a
contributor wrote.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

PACKAGE = Path(__file__).resolve().parent
MISSING = object()
_UNREADABLE = (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, ImportError)
"""What reading a damaged, truncated or outdated pickle raises: such a value is a miss."""
T = TypeVar("T")


@functools.cache
def code_version() -> str:
    digest = hashlib.sha256()
    for module in sorted(PACKAGE.rglob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def fingerprint(*parts: object) -> str:
    """A hash of the code and ``parts`` (by their ``repr``: frozen dataclasses, tuples, str, numbers).

    Never a set among the parts: the order of its strings, and so its ``repr``, changes from one process
    to the next (string hashing is randomised), and the key would never be found again.
    """
    return hashlib.sha256(repr((code_version(), parts)).encode("utf-8")).hexdigest()


SMALL_PACK_SHARE = 8
"""A pack holding less than this share of the live values (an eighth) is merged into the next pack: so
there are never more than about this many packs, however many builds changed one article each."""


class Cache:
    """Pickled values by key in ``folder`` (with none, every lookup misses and nothing is stored).

    Values are packed: each build appends the values it computes to one new pack file, never changed
    afterwards, and ``index.pickle`` says where each key's value is (pack, offset, length). Ten thousand
    analyses are then two files to write and read, not ten thousand (creating the files cost more than
    pickling the values). :meth:`save` writes an index of exactly the keys looked up or stored since the
    cache was opened, so values of edited or deleted articles are forgotten; a pack left holding less than
    half live data, or a small one, has its live values copied into the new pack, and packs no key points
    into are deleted.
    Two builds saving at once lose nothing but work: a value that cannot be read is a miss.
    """

    INDEX = "index.pickle"
    PACKS = "packs"

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self._index: dict[str, tuple[str, int, int]] = self._read_index()
        self._used: dict[str, tuple[str, int, int]] = {}
        self._writing: tuple[str, BinaryIO] | None = None
        # Open packs, by name; closed at save, or when the cache is let go of (analyses read after the
        # build, from a long-running process such as ``mkdocs serve``'s, must not leak descriptors).
        self._readers: dict[str, BinaryIO] = {}

    def load(self, key: str) -> object:
        """The value stored under ``key``, or :data:`MISSING`."""
        entry = self._used.get(key) or self._index.get(key)
        value = MISSING
        if entry is not None:
            with contextlib.suppress(*_UNREADABLE):
                value = pickle.loads(self._read(*entry))
        if value is MISSING:
            self.misses += 1
            return MISSING
        self._used[key] = entry  # type: ignore[assignment]
        self.hits += 1
        return value

    def keep(self, key: str) -> bool:
        """Whether a value is stored under ``key``, which is then kept at :meth:`save` as if loaded (it may
        still turn out unreadable when loaded: that is a miss)."""
        entry = self._used.get(key) or self._index.get(key)
        if entry is not None:
            self._used[key] = entry
        return entry is not None

    def store(self, key: str, value: object) -> None:
        self.store_pickled(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def store_pickled(self, key: str, pickled: bytes) -> None:
        """Store the value ``pickled`` is the pickle of (in this build's pack)."""
        if self.folder is None:
            return
        if self._writing is None:
            packs = self.folder / self.PACKS
            packs.mkdir(parents=True, exist_ok=True)
            name = f"{uuid.uuid4().hex}.pack"
            self._writing = (name, (packs / name).open("wb"))
        name, handle = self._writing
        self._used[key] = (name, handle.tell(), len(pickled))
        handle.write(pickled)

    def save(self) -> None:
        """Write the index of the keys used since the cache was opened (see the class docstring)."""
        if self.folder is None:
            return
        try:
            if self._writing is None and self._used.keys() == self._index.keys():
                return
            self._compact()
            if self._writing is not None:
                self._writing[1].close()
                self._writing = None
            _write_pickle(self.folder / self.INDEX, self._used)
            self._index = dict(self._used)
        finally:
            for reader in self._readers.values():
                reader.close()
            self._readers.clear()
        live = {pack for pack, _offset, _length in self._used.values()}
        for pack in (self.folder / self.PACKS).glob("*.pack"):
            if pack.name not in live:
                pack.unlink(missing_ok=True)

    def _compact(self) -> None:
        """Copy into this build's pack the live values of packs that are mostly dead, or small (a build
        that analyses one article writes a pack of one value: without this they would pile up)."""
        assert self.folder is not None
        live: dict[str, int] = {}
        for pack, _offset, length in self._used.values():
            live[pack] = live.get(pack, 0) + length
        small = sum(live.values()) / SMALL_PACK_SHARE
        writing = self._writing[0] if self._writing else None
        for pack, size in live.items():
            with contextlib.suppress(OSError):
                if pack != writing and (size < small or size * 2 < self._pack_size(pack)):
                    for key, entry in list(self._used.items()):
                        if entry[0] == pack:
                            self.store_pickled(key, self._read(*entry))

    def _pack_size(self, pack: str) -> int:
        assert self.folder is not None
        return (self.folder / self.PACKS / pack).stat().st_size

    def _read(self, pack: str, offset: int, length: int) -> bytes:
        assert self.folder is not None
        if self._writing is not None and self._writing[0] == pack:
            self._writing[1].flush()
        reader = self._readers.get(pack)
        if reader is None:
            reader = self._readers[pack] = (self.folder / self.PACKS / pack).open("rb")
        data = os.pread(reader.fileno(), length, offset)
        if len(data) != length:
            raise EOFError(f"{pack} ends before {offset + length}")
        return data

    def _read_index(self) -> dict[str, tuple[str, int, int]]:
        return _read_pickled_dict(self.folder / self.INDEX if self.folder else None)


class FileHashes:
    """SHA-256 of files, remembered with each file's status as git's index remembers it: a file whose
    size, modification and change times, inode and device are those it had when it was hashed is not
    read again (at 10,000 articles, reading and hashing every file took most of a build with nothing to
    do).

    A file can change without changing its status only within its file system's timestamp resolution
    (up to 2 s, on FAT), so an entry hashed less than ``RACY_NS`` after its file's last change is not
    trusted: the file is hashed again (git's "racily clean" entries). Kept in one file (``path``); with
    none, every file is hashed. :meth:`save` keeps the entries of the files asked about since opening.
    """

    RACY_NS = 2_000_000_000

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._stored: dict[str, tuple[tuple[int, ...], str, int]] = _read_pickled_dict(path)
        self._used: dict[str, tuple[tuple[int, ...], str, int]] = {}

    def of(self, file: str | os.PathLike[str]) -> str:
        """The hex SHA-256 of the bytes of ``file``."""
        name = os.fspath(file)
        status = os.stat(name)
        signature = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev)
        entry = self._used.get(name) or self._stored.get(name)
        if entry is not None:
            known, digest, hashed_at = entry
            if known == signature and hashed_at - max(status.st_mtime_ns, status.st_ctime_ns) > self.RACY_NS:
                self._used[name] = entry
                return digest
        hashed_at = time.time_ns()  # before reading: a change made while reading is then after it
        with open(name, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        self._used[name] = (signature, digest, hashed_at)
        return digest

    def save(self) -> None:
        if self.path is None or self._used == self._stored:
            return
        _write_pickle(self.path, self._used)
        self._stored = dict(self._used)


class Memo:
    """Small values by key, all in one file: read once, written once, for work done on every article at
    every build (reading and checking its file) where 10,000 files of a few kilobytes would cost more to
    open than the work saves.

    Keys are :func:`fingerprint`-s. :meth:`save` keeps only the entries used since :meth:`open`, so
    entries of deleted or edited files do not pile up. Each value is kept pickled on its own and
    unpickled when asked for, so entries used as they were (:meth:`keep`) are written back as they were
    read: at 10,000 articles, pickling the unchanged entries again took most of the time saving took.
    """

    def __init__(self, path: Path | None, entries: dict[str, bytes]) -> None:
        self.path = path
        self._stored = entries
        self._used: dict[str, bytes] = {}

    @classmethod
    def open(cls, path: Path | None) -> Memo:
        """The memo saved at ``path`` (empty when there is none, or it cannot be read); ``None``: never
        saved."""
        entries = _read_pickled_dict(path)
        return cls(path, {key: value for key, value in entries.items() if isinstance(value, bytes)})

    def __contains__(self, key: str) -> bool:
        """Whether a value was stored under ``key`` when the memo was opened (it may not unpickle)."""
        return key in self._stored

    def stored(self, key: str) -> object:
        """The value stored under ``key`` when the memo was opened, or :data:`MISSING` (nothing is marked
        used: for readers that cannot tell the memo, such as worker processes)."""
        data = self._stored.get(key)
        if data is None:
            return MISSING
        try:
            return pickle.loads(data)
        except _UNREADABLE:
            return MISSING

    def keep(self, key: str) -> None:
        """Keep the value stored under ``key``, as it was, at :meth:`save`."""
        if key in self._stored:
            self._used[key] = self._stored[key]

    def recall(self, key: str, compute: Callable[[], T]) -> T:
        """The value stored under ``key``, or ``compute()`` stored there; kept at :meth:`save` either way."""
        value = self.stored(key)
        if value is MISSING:
            value = compute()
            self.put(key, value)
        else:
            self.keep(key)
        return value  # type: ignore[return-value]

    def get_many(self, keys: Sequence[str], compute: Callable[[list[int]], Iterable[T]]) -> list[T]:
        """The values stored under ``keys``; those missing come from ``compute(their indices)``, one value
        each in that order (all at once, so that they can be computed in parallel), and are stored."""
        values = [self.stored(key) for key in keys]
        missing = [i for i, value in enumerate(values) if value is MISSING]
        for i, value in zip(missing, compute(missing), strict=True):
            values[i] = value
            self.put(keys[i], value)
        for key in keys:
            if key not in self._used:
                self.keep(key)
        return values  # type: ignore[return-value]

    def put(self, key: str, value: object) -> None:
        self._used[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def save(self) -> None:
        if self.path is None or self._used == self._stored:
            return
        _write_pickle(self.path, self._used)
        self._stored = dict(self._used)


def _read_pickled_dict(path: Path | None) -> dict[Any, Any]:
    """The dict pickled at ``path``; empty when there is none, or it cannot be read, or it is not a dict."""
    if path is None:
        return {}
    try:
        loaded = pickle.loads(path.read_bytes())
    except _UNREADABLE:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _write_pickle(path: Path, value: object) -> None:
    """Pickle ``value`` to ``path`` through a temporary file beside it, so a reader never sees half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
