"""Write the rendered pages into the output folder, all at once or not at all.

Stage 6, the only one that touches the disk. Pages are written as they are rendered, but into a
sibling staging folder, which is swapped in whole once every page is there: a build that fails or is
interrupted while rendering or writing (bad input, Ctrl-C, a full disk) leaves the previous output
exactly as it was. Files whose bytes are unchanged are hard-linked into the new folder rather than
rewritten, so they keep their modification time and ``mkdocs serve`` has nothing to reload; when nothing
changed at all, nothing is swapped. Every path goes through :func:`safe_join`, so no page can land outside the
output folder.

The build only ever removes files it wrote itself: beside the output folder, a list of the files it holds
(``.<name>.files``) is kept, and an output folder holding any other file, or a folder no build wrote, is
refused (:func:`foreign_files`), never replaced (issue 22: ``output_dir: "."`` replaced the repository).
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


class Unchanged:
    """In place of a page's bytes: the page the output folder holds at that path is right as it is (the
    renderer checked it), so it is linked into the new output without being read or sent again."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = Unchanged()


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def safe_join(root: Path, relative: str, checked: dict[tuple[Path, str], bool] | None = None) -> str:
    """``root / relative`` (as a string: a ``Path`` per page cost a tenth of a second per thousand),
    refusing absolute paths, ``..`` and anything that resolves outside ``root``.

    Whether each folder resolves inside ``root`` is kept in ``checked`` when given (a site has a few
    folders and thousands of pages); the file itself is never followed if it is a link (see
    :func:`_holds`).
    """
    parts = relative.split("/")
    if any(p in ("..", ".", "") or "\\" in p or "\0" in p for p in parts):
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    folder = relative.rpartition("/")[0]
    checked = {} if checked is None else checked
    inside = checked.get((root, folder))
    if inside is None:
        inside = checked[(root, folder)] = root.joinpath(folder).resolve().is_relative_to(root.resolve())
    if not inside:
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    return os.path.join(root, relative)


def foreign_files(output: Path) -> list[str]:
    """The files in ``output`` that no build wrote (every one, when no build wrote the folder; the
    folder's own name, when it is a file or a link): a build must not replace it while there are any."""
    if not output.exists() and not output.is_symlink():
        return []
    if output.is_symlink() or not output.is_dir():
        return [output.name]
    written = _read_manifest(output)
    return sorted(name for name in _files(output) if written is None or name not in written)


def write_pages(
    pages: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes | Unchanged]], output: Path
) -> WriteReport:
    """Make ``output`` hold exactly ``pages`` (text or UTF-8 bytes by path, or pairs of them as they
    are rendered, where :data:`UNCHANGED` keeps the page ``output`` holds); see the module docstring."""
    _recover(output)
    if foreign := foreign_files(output):
        raise ValueError(f"{output} holds files no build wrote ({', '.join(foreign[:3])}): not replaced")
    staging, previous = _siblings(output)
    shutil.rmtree(staging, ignore_errors=True)
    written: list[str] = []
    unchanged: list[str] = []
    checked: dict[tuple[Path, str], bool] = {}
    made: set[str] = set()
    had_output = output.is_dir()
    try:
        for relative, text in pages.items() if isinstance(pages, Mapping) else pages:
            old = safe_join(output, relative, checked) if had_output else None
            new = safe_join(staging, relative, checked)
            if (folder := relative.rpartition("/")[0]) not in made:
                os.makedirs(os.path.dirname(new), exist_ok=True)
                made.add(folder)
            if isinstance(text, Unchanged):
                if old is None:
                    raise ValueError(f"no earlier output holds {relative} to keep")
                data, keep = b"", True
            else:
                data = text if isinstance(text, bytes) else text.encode("utf-8")
                keep = old is not None and _holds(old, data)
            if keep:
                os.link(old, new)  # type: ignore[arg-type]
                unchanged.append(relative)
            else:
                _write(new, data)
                written.append(relative)
        removed = sorted(_files(output) - {*written, *unchanged}) if output.is_dir() else []
        if written or removed or not output.is_dir():
            _swap(staging, output, previous)
            _write_manifest(output, sorted([*written, *unchanged]))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return WriteReport(tuple(sorted(written)), tuple(sorted(unchanged)), tuple(removed))


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


def _holds(path: str, data: bytes) -> bool:
    """Whether ``path`` is a file (not a link) holding exactly ``data`` (read only when the sizes match)."""
    try:
        status = os.lstat(path)
        if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def _manifest(output: Path) -> Path:
    return output.with_name(f".{output.name}.files")


def _read_manifest(output: Path) -> set[str] | None:
    """The files the last build wrote into ``output`` (None when no build wrote it)."""
    try:
        return set(_manifest(output).read_text(encoding="utf-8").splitlines())
    except (OSError, ValueError):
        return None


def _write_manifest(output: Path, names: list[str]) -> None:
    temporary = output.with_name(f".{output.name}.files.tmp")
    temporary.write_text("".join(f"{name}\n" for name in names), encoding="utf-8")
    temporary.replace(_manifest(output))


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
    """The files under ``folder``, by their paths relative to it (with ``/``)."""
    return {name for name, path in listing(folder) if os.path.isfile(path)}


def listing(folder: Path) -> list[tuple[str, str]]:
    """Every file under ``folder``: its path relative to it (with ``/``) and its path, sorted.

    Paths are handled as strings: through ``pathlib``, listing 10,000 files took half a second.
    """
    found = []
    for directory, _subfolders, names in os.walk(folder):
        relative = os.path.relpath(directory, folder).replace(os.sep, "/")
        prefix = "" if relative == "." else f"{relative}/"
        found += [(f"{prefix}{name}", os.path.join(directory, name)) for name in names]
    return sorted(found)
