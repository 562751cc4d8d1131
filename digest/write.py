"""Write the rendered pages into the output folder, all at once or not at all.

Stage 6, the only one that touches the disk. Everything is rendered before this runs, so a build that
fails on bad input writes nothing. The new output is staged in a sibling folder and swapped in whole,
so a build interrupted while writing (Ctrl-C, a full disk) leaves the previous output exactly as it
was. Files whose bytes are unchanged are hard-linked into the new folder rather than rewritten, so
they keep their modification time and ``mkdocs serve`` has nothing to reload; when nothing changed at
all, nothing is swapped. Every path goes through :func:`safe_join`, so no page can land outside the
output folder.
"""

from __future__ import annotations

import os
import shutil
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
    """Make ``output`` hold exactly ``pages``; see the module docstring for how."""
    _recover(output)
    staging, previous = _siblings(output)
    shutil.rmtree(staging, ignore_errors=True)
    written, unchanged = [], []
    try:
        for relative in sorted(pages):
            data = pages[relative].encode("utf-8")
            old = safe_join(output, relative) if output.is_dir() else None
            new = safe_join(staging, relative)
            new.parent.mkdir(parents=True, exist_ok=True)
            if old is not None and old.is_file() and old.read_bytes() == data:
                os.link(old, new)
                unchanged.append(relative)
            else:
                new.write_bytes(data)
                written.append(relative)
        removed = sorted(_files(output) - set(pages)) if output.is_dir() else []
        if written or removed or not output.is_dir():
            _swap(staging, output, previous)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return WriteReport(tuple(written), tuple(unchanged), tuple(removed))


def _siblings(output: Path) -> tuple[Path, Path]:
    return output.with_name(f".{output.name}.new"), output.with_name(f".{output.name}.old")


def _swap(staging: Path, output: Path, previous: Path) -> None:
    """Put ``staging`` in ``output``'s place: two renames, each atomic; see :func:`_recover`."""
    shutil.rmtree(previous, ignore_errors=True)
    if output.exists():
        output.rename(previous)
    staging.rename(output)
    shutil.rmtree(previous, ignore_errors=True)


def _recover(output: Path) -> None:
    """Finish a swap that was interrupted between its two renames: the previous output is restored."""
    _staging, previous = _siblings(output)
    if previous.is_dir() and not output.exists():
        previous.rename(output)


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
