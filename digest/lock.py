"""One build at a time in a project.

Two builds at once (a maintainer's ``make site`` while ``make serve`` rebuilds, say) would stage their
pages in the same folder and write the same caches: in issue 22, nine of ten such pairs crashed, and one
left a cache the next build spent fifteen minutes on. A build holds an exclusive lock on a file in
``.cache/digest/`` (``flock``: the system lets it go when the process ends, however it ends); a second
build says that it waits, and waits.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Callable, Iterator
from pathlib import Path

from digest.cache import CACHE_DIR

LOCK_FILE = f"{CACHE_DIR}/build.lock"


@contextlib.contextmanager
def build_lock(root: Path, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the project's build lock for the ``with`` block; when another build holds it, ``say`` so and
    wait for it."""
    path = root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say("another build of this project is running; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
