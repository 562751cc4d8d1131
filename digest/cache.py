"""The caches of ``.cache/digest/``: per-article analyses, memos of work done at every build, file hashes.

An article's analysis depends only on the article, the themes, the entities, the summary setting and the
code; the key is a hash of all of them (the code as the bytes of the package's modules), so a change to
any of them is a miss and a stale result is never used.

The folder is git-ignored and only this tool writes it, but it lives in the work tree, where a pull
request can put files (issue 22). So nothing here is ever unpickled: values are written by
:mod:`digest.serial` (JSON, read back by building only our own dataclasses) and each is kept with a
checksum (BLAKE2b), checked when it is read: a damaged value, like a missing one, is a miss and is made
again, never used. A ``.cache/`` that git tracks is refused outright (:func:`committed_cache`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import stat
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from digest import serial
from digest.errors import Problem

PACKAGE = Path(__file__).resolve().parent
CACHE_DIR = ".cache/digest"
MISSING = object()
T = TypeVar("T")


def checksum(data: bytes) -> str:
    """What a cached value is checked against when read: a damaged one is then a miss, never used."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def committed_cache(root: Path) -> tuple[Problem, ...]:
    """An error for each file under ``.cache/`` that git tracks (none when ``root`` is not a git work tree).

    The cache is local to each machine; committed, it would be what a pull request says an analysis or a
    page is, used as if this machine had made it.
    """
    try:
        listed = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--", ".cache"],
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):  # no git, or not a repository: nothing is tracked
        return ()
    message = "is committed, but the cache is local to each machine; remove it: git rm -r --cached .cache"
    return tuple(
        Problem(name, 1, "cache", message)
        for name in sorted(listed.decode("utf-8", "replace").split("\0"))
        if name
    )


def forget_old_formats(folder: Path) -> None:
    """Delete what earlier versions kept in the cache folder: pickles (``*.pickle``), never read now, and
    the folders ``00`` to ``ff`` of one file per analysis."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.endswith(".pickle") and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
            elif len(entry.name) == 2 and entry.is_dir(follow_symlinks=False):
                with contextlib.suppress(ValueError):
                    int(entry.name, 16)
                    shutil.rmtree(entry.path, ignore_errors=True)


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

Entry = tuple[str, int, int, str]
"""Where a value is: its pack, its offset and length there, and its checksum."""


class Cache:
    """Values by key in ``folder`` (with none, every lookup misses and nothing is stored).

    Values are packed: each build appends the values it computes to one new pack file, never changed
    afterwards, and ``index.json`` says where each key's value is (pack, offset, length, checksum). Ten
    thousand analyses are then two files to write and read, not ten thousand (creating the files cost
    more than encoding the values). :meth:`save` writes an index of exactly the keys looked up or stored
    since the cache was opened, so values of edited or deleted articles are forgotten; a pack left holding
    less than half live data, or a small one, has its live values copied into the new pack, and packs no
    key points into are deleted.
    Two builds saving at once lose nothing but work (a build takes a lock: see :mod:`digest.lock`), and a
    value that cannot be read, or whose checksum does not match, is a miss.
    """

    INDEX = "index.json"
    PACKS = "packs"

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self._index: dict[str, Entry] = self._read_index()
        self._used: dict[str, Entry] = {}
        self._writing: tuple[str, BinaryIO] | None = None
        # Open packs, by name; closed at save, or when the cache is let go of (analyses read after the
        # build, from a long-running process such as ``mkdocs serve``'s, must not leak descriptors).
        self._readers: dict[str, BinaryIO] = {}

    def load(self, key: str) -> object:
        """The value stored under ``key``, or :data:`MISSING`."""
        entry = self._used.get(key) or self._index.get(key)
        value = MISSING
        if entry is not None:
            with contextlib.suppress(OSError, serial.Unreadable):
                value = serial.loads(self._read_checked(entry))
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
        self.store_encoded(key, serial.dumps(value))

    def store_encoded(self, key: str, data: bytes, check: str | None = None) -> None:
        """Store the value ``data`` encodes (:func:`digest.serial.dumps`), in this build's pack; ``check``
        is its checksum, when known."""
        if self.folder is None:
            return
        if self._writing is None:
            packs = self.folder / self.PACKS
            packs.mkdir(parents=True, exist_ok=True)
            name = f"{uuid.uuid4().hex}.pack"
            self._writing = (name, (packs / name).open("wb"))
        name, handle = self._writing
        self._used[key] = (name, handle.tell(), len(data), check or checksum(data))
        handle.write(data)

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
            write_checked(self.folder / self.INDEX, self._used)
            self._index = dict(self._used)
        finally:
            for reader in self._readers.values():
                reader.close()
            self._readers.clear()
        live = {entry[0] for entry in self._used.values()}
        for pack in (self.folder / self.PACKS).glob("*.pack"):
            if pack.name not in live:
                pack.unlink(missing_ok=True)

    def _compact(self) -> None:
        """Copy into this build's pack the live values of packs that are mostly dead, or small (a build
        that analyses one article writes a pack of one value: without this they would pile up)."""
        assert self.folder is not None
        live: dict[str, int] = {}
        for pack, _offset, length, _check in self._used.values():
            live[pack] = live.get(pack, 0) + length
        small = sum(live.values()) / SMALL_PACK_SHARE
        writing = self._writing[0] if self._writing else None
        for pack, size in live.items():
            with contextlib.suppress(OSError):
                if pack != writing and (size < small or size * 2 < self._pack_size(pack)):
                    for key, entry in list(self._used.items()):
                        if entry[0] == pack:
                            self.store_encoded(key, self._read(*entry[:3]), entry[3])

    def _pack_size(self, pack: str) -> int:
        assert self.folder is not None
        return (self.folder / self.PACKS / pack).stat().st_size

    def _read_checked(self, entry: Entry) -> bytes:
        pack, offset, length, check = entry
        data = self._read(pack, offset, length)
        if checksum(data) != check:
            raise serial.Unreadable(f"{pack} at {offset}: the value does not match its checksum")
        return data

    def _read(self, pack: str, offset: int, length: int) -> bytes:
        assert self.folder is not None
        if self._writing is not None and self._writing[0] == pack:
            self._writing[1].flush()
        reader = self._readers.get(pack)
        if reader is None:
            if not _is_pack_name(pack):
                raise OSError(f"not a pack of this cache: {pack!r}")
            reader = self._readers[pack] = (self.folder / self.PACKS / pack).open("rb")
        data = os.pread(reader.fileno(), length, offset)
        if len(data) != length:
            raise OSError(f"{pack} ends before {offset + length}")
        return data

    def _read_index(self) -> dict[str, Entry]:
        index = read_checked(self.folder / self.INDEX if self.folder else None)
        return {
            key: tuple(entry)  # type: ignore[misc]
            for key, entry in index.items()
            if isinstance(entry, list)
            and len(entry) == 4
            and [type(part) for part in entry] == [str, int, int, str]
            and entry[1] >= 0
            and entry[2] >= 0
        }


def _is_pack_name(name: str) -> bool:
    """Whether ``name`` is one this cache gives its packs (an index names files only in its folder)."""
    stem, dot, suffix = name.partition(".")
    return dot == "." and suffix == "pack" and len(stem) == 32 and all(c in "0123456789abcdef" for c in stem)


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
        self._stored: dict[str, tuple[tuple[int, ...], str, int]] = _file_entries(read_checked(path))
        self._used: dict[str, tuple[tuple[int, ...], str, int]] = {}

    def of(self, file: str | os.PathLike[str]) -> str:
        """The hex SHA-256 of the bytes of ``file``."""
        name = os.fspath(file)
        status = os.stat(name)
        if not stat.S_ISREG(status.st_mode):  # reading a pipe would wait for a writer, for ever
            raise OSError(f"{name} is not a regular file")
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
        write_checked(self.path, self._used)
        self._stored = dict(self._used)


def _file_entries(data: dict[str, Any]) -> dict[str, tuple[tuple[int, ...], str, int]]:
    """:class:`FileHashes`' entries as read from JSON (lists for tuples), each checked for its shape."""
    entries = {}
    for name, entry in data.items():
        with contextlib.suppress(TypeError, ValueError):
            signature, digest, hashed_at = entry
            if all(type(n) is int for n in (*signature, hashed_at)) and type(digest) is str:
                entries[name] = (tuple(signature), digest, hashed_at)
    return entries


class Memo:
    """Small values by key, all in one file: read once, written once, for work done on every article at
    every build (reading and checking its file) where 10,000 files of a few kilobytes would cost more to
    open than the work saves.

    Keys are :func:`fingerprint`-s. :meth:`save` keeps only the entries used since :meth:`open`, so
    entries of deleted or edited files do not pile up. Each value is kept encoded on its own, with its
    checksum, and decoded (and checked) when asked for, so entries used as they were (:meth:`keep`) are
    written back as they were read: at 10,000 articles, encoding the unchanged entries again took most of
    the time saving took. The file is one line a value: its key, its checksum and its JSON, tab-separated.
    """

    HEADER = b"digest memo 1"

    def __init__(self, path: Path | None, entries: dict[str, tuple[str, bytes]]) -> None:
        self.path = path
        self._stored = entries
        self._used: dict[str, tuple[str, bytes]] = {}

    @classmethod
    def open(cls, path: Path | None) -> Memo:
        """The memo saved at ``path`` (empty when there is none, or it cannot be read); ``None``: never
        saved."""
        return cls(path, _read_records(path, cls.HEADER))

    def __contains__(self, key: str) -> bool:
        """Whether a value was stored under ``key`` when the memo was opened (it may not be readable)."""
        return key in self._stored

    def stored(self, key: str) -> object:
        """The value stored under ``key`` when the memo was opened, or :data:`MISSING` (nothing is marked
        used: for readers that cannot tell the memo, such as worker processes)."""
        record = self._stored.get(key)
        if record is None or checksum(record[1]) != record[0]:
            return MISSING
        try:
            return serial.loads(record[1])
        except serial.Unreadable:
            return MISSING

    def intact(self, key: str) -> bool:
        """Whether a value is stored under ``key`` with the checksum it was written with (not decoded)."""
        record = self._stored.get(key)
        return record is not None and checksum(record[1]) == record[0]

    def keep(self, key: str) -> None:
        """Keep the value stored under ``key``, as it was, at :meth:`save` (unless one was put since)."""
        if key in self._stored and key not in self._used:
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

    def get_many(
        self, keys: Sequence[str], compute: Callable[[list[int]], Iterable[T]], again: Iterable[int] = ()
    ) -> list[T]:
        """The values stored under ``keys``; those missing (and those of the indices ``again``) come from
        ``compute(their indices)``, one value each in that order (all at once, so that they can be
        computed in parallel), and are stored."""
        again = set(again)
        values = [MISSING if i in again else self.stored(key) for i, key in enumerate(keys)]
        missing = [i for i, value in enumerate(values) if value is MISSING]
        for i, value in zip(missing, compute(missing), strict=True):
            values[i] = value
            self.put(keys[i], value)
        for key in keys:
            self.keep(key)
        return values  # type: ignore[return-value]

    def put(self, key: str, value: object) -> None:
        data = serial.dumps(value)
        self._used[key] = (checksum(data), data)

    def save(self) -> None:
        if self.path is None or self._used == self._stored:
            return
        with _atomic_file(self.path) as handle:  # a line at a time: never a copy of the whole memo
            handle.write(self.HEADER + b"\n")
            for key, (check, data) in self._used.items():
                handle.write(b"%s\t%s\t%s\n" % (json.dumps(key).encode("ascii"), check.encode("ascii"), data))
        self._stored = dict(self._used)


def _read_records(path: Path | None, header: bytes) -> dict[str, tuple[str, bytes]]:
    """A :class:`Memo`'s file: each key's checksum and encoded value (checked only when decoded); empty
    when there is none or it is not such a file. A line that is not a record is left out."""
    if path is None:
        return {}
    records = {}
    try:
        with path.open("rb") as handle:  # a line at a time: never a copy of the whole memo
            if handle.readline().rstrip(b"\n") != header:
                return {}
            for line in handle:
                parts = line.rstrip(b"\n").split(b"\t", 2)
                if len(parts) == 3:
                    with contextlib.suppress(ValueError):
                        key = json.loads(parts[0])
                        if type(key) is str:
                            records[key] = (parts[1].decode("ascii"), parts[2])
    except OSError:
        return {}
    return records


def read_checked(path: Path | None) -> dict[str, Any]:
    """The JSON object :func:`write_checked` wrote to ``path``; empty when there is none, when it is
    damaged (its checksum does not match) or when it is not an object."""
    if path is None:
        return {}
    try:
        check, _, data = path.read_bytes().partition(b"\n")
        if checksum(data) != check.decode("ascii"):
            return {}
        loaded = json.loads(data)
    except (OSError, ValueError, RecursionError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def write_checked(path: Path, value: dict[str, Any]) -> None:
    """``value`` as JSON in ``path``, after a first line with its checksum (see :func:`read_checked`)."""
    data = json.dumps(value, separators=(",", ":")).encode("utf-8")
    _write_atomically(path, checksum(data).encode("ascii") + b"\n" + data)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it, so a reader never sees half."""
    with _atomic_file(path) as handle:
        handle.write(data)


@contextlib.contextmanager
def _atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file to write, which replaces ``path`` when the ``with`` block ends, and only if it ends well."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
