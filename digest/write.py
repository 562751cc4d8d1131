"""Write the rendered pages into the output folder.

Stage 6, the only one that touches the disk. Everything is rendered before this runs, so a build that
fails on bad input writes nothing and leaves the previous output as it was. Files whose bytes are
unchanged are not rewritten (``mkdocs serve`` then has nothing to reload), and files the new build no
longer produces are removed. Every path goes through :func:`safe_join`, so no page can land outside the
output folder.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def safe_join(root: Path, relative: str) -> Path:
    """``root / relative``, refusing absolute paths, ``..`` and anything that resolves outside ``root``."""
    parts = relative.split("/")
    if any(p in ("..", ".", "") or "\\" in p or "\0" in p for p in parts):
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    path = root.joinpath(*parts)
    if not path.resolve().is_relative_to(root.resolve()):
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    return path


def write_pages(pages: dict[str, str], output: Path) -> WriteReport:
    output.mkdir(parents=True, exist_ok=True)
    written, unchanged = [], []
    for relative in sorted(pages):
        target = safe_join(output, relative)
        data = pages[relative].encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            unchanged.append(relative)
            continue
        _atomic_write(target, data)
        written.append(relative)
    removed = _remove_stale(output, set(pages))
    return WriteReport(tuple(written), tuple(unchanged), tuple(removed))


def _atomic_write(target: Path, data: bytes) -> None:
    """Write via a temporary file and a rename, so a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _remove_stale(output: Path, keep: set[str]) -> list[str]:
    removed = []
    for path in sorted(output.rglob("*"), reverse=True):
        relative = path.relative_to(output).as_posix()
        if path.is_file() and relative not in keep:
            path.unlink()
            removed.append(relative)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return sorted(removed)
