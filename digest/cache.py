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
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent


@functools.cache
def code_version() -> str:
    digest = hashlib.sha256()
    for module in sorted(PACKAGE.rglob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


class Cache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, parts: object, compute: Callable[[], T]) -> T:
        if self.folder is None:
            return compute()
        key = hashlib.sha256(repr((code_version(), parts)).encode("utf-8")).hexdigest()
        path = self.folder / key[:2] / f"{key}.pickle"
        try:
            value: T = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            value = compute()
            self._store(path, value)
            self.misses += 1
        else:
            self.hits += 1
        return value

    @staticmethod
    def _store(path: Path, value: object) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
