"""A cache of per-article analysis, keyed by everything the analysis reads.

An article's analysis depends only on the article, the themes, the entities, the summary setting and the
code; the key is a hash of all of them (the code as the bytes of the package's modules), so a change to
any of them is a miss and a stale result is never used. Values are pickles in ``.cache/digest/``: a
local, git-ignored folder that only this tool writes, so loading them runs nothing a contributor wrote.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

PACKAGE = Path(__file__).resolve().parent
MISSING = object()
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


class Cache:
    """Values by key in ``folder``; with no folder, every lookup misses and nothing is stored."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def load(self, key: str) -> object:
        """The value stored under ``key``, or :data:`MISSING`."""
        if self.folder is None:
            self.misses += 1
            return MISSING
        try:
            value = pickle.loads(self._path(key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.misses += 1
            return MISSING
        self.hits += 1
        return value

    def store(self, key: str, value: object) -> None:
        self.store_pickled(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def store_pickled(self, key: str, pickled: bytes) -> None:
        """Store the value ``pickled`` is the pickle of."""
        if self.folder is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(pickled)
        os.replace(temp, path)

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.pickle"


class Memo:
    """Small values by key, all in one file: read once, written once, for work done on every article at
    every build (reading and checking its file) where 10,000 files of a few kilobytes would cost more to
    open than the work saves.

    Keys are :func:`fingerprint`-s. :meth:`save` keeps only the entries used since :meth:`open`, so
    entries of deleted or edited files do not pile up.
    """

    def __init__(self, path: Path | None, entries: dict[str, object]) -> None:
        self.path = path
        self._stored = entries
        self._used: dict[str, object] = {}

    @classmethod
    def open(cls, path: Path | None) -> Memo:
        """The memo saved at ``path`` (empty when there is none, or it cannot be read); ``None``: never
        saved."""
        entries: dict[str, object] = {}
        if path is not None:
            try:
                loaded = pickle.loads(path.read_bytes())
                entries = loaded if isinstance(loaded, dict) else {}
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                pass
        return cls(path, entries)

    def get_many(self, keys: Sequence[str], compute: Callable[[list[int]], Iterable[T]]) -> list[T]:
        """The values stored under ``keys``; those missing come from ``compute(their indices)``, one value
        each in that order (all at once, so that they can be computed in parallel), and are stored."""
        missing = [i for i, key in enumerate(keys) if key not in self._stored]
        computed = dict(zip(missing, compute(missing), strict=True))
        values = []
        for i, key in enumerate(keys):
            value = self._used[key] = computed[i] if i in computed else self._stored[key]
            values.append(value)
        return values  # type: ignore[return-value]

    def stored(self, key: str) -> object:
        """The value stored under ``key`` when the memo was opened, or :data:`MISSING` (nothing is marked
        used: for readers that cannot tell the memo, such as worker processes)."""
        return self._stored.get(key, MISSING)

    def put(self, key: str, value: object) -> None:
        self._used[key] = value

    def save(self) -> None:
        if self.path is None or self._used.keys() == self._stored.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(self._used, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, self.path)
        self._stored = dict(self._used)
