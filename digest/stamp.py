"""The build stamp: what the last successful build read and wrote, so that a build with nothing to do
is skipped.

A build's output depends only on the code, the settings, the files under ``content/`` and
``templates/``. The stamp keeps a hash of all of them, a hash of the output folder's listing (names,
sizes, modification times) and the warnings that build printed. When both hashes still match, the
output is what a new build would write, so ``digest build`` says so, prints the same warnings and stops:
with 10,000 articles that takes a fraction of a second, where even a fully cached build takes many.
Anything else (an edited article, a touched output file, new code) runs the whole build.

This module imports nothing heavy, so the check runs before the pipeline's libraries are loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from digest.cache import CACHE_DIR, FileHashes, code_version
from digest.errors import Problem, Severity
from digest.settings import Settings
from digest.write import listing

STAMP_FILE = f"{CACHE_DIR}/last-build.json"
HASHES_FILE = f"{CACHE_DIR}/files.json"
"""Where :func:`file_hashes` keeps the hashes of the input files."""
INPUT_FOLDERS = ("templates",)


@dataclass(frozen=True)
class Stamp:
    inputs: str
    output: str
    articles: int
    warnings: tuple[Problem, ...]


def file_hashes(root: Path, use_cache: bool = True) -> FileHashes:
    """The hashes of the project's files, kept between builds in :data:`HASHES_FILE` when ``use_cache``."""
    return FileHashes(root / HASHES_FILE if use_cache else None)


def input_hash(root: Path, settings: Settings, hashes: FileHashes | None = None) -> str:
    """A hash of the code, the settings and every file the build reads (each file's own hash from
    ``hashes``: files unchanged since they were last hashed are not read)."""
    hashes = hashes or FileHashes(None)
    digest = hashlib.sha256(f"{code_version()}\0{settings!r}\0".encode())
    for folder in (settings.content_dir, *INPUT_FOLDERS):
        for name, path in listing(root / folder):
            digest.update(f"{folder}/{name}\0".encode())
            try:
                digest.update(bytes.fromhex(hashes.of(path)))
            except OSError:  # a link to nothing, say: the check says what is wrong with it
                digest.update(b"unreadable")
    return digest.hexdigest()


def output_hash(output: Path) -> str:
    """A hash of the output folder's listing: a file added, removed, rewritten or touched changes it."""
    digest = hashlib.sha256()
    for name, path in listing(output):
        status = os.stat(path)
        digest.update(f"{name}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def untouched(root: Path, output: Path) -> bool:
    """Whether ``output`` is as the last stamped build left it: no file added, removed, rewritten or
    touched since."""
    stamp = read_stamp(root)
    return stamp is not None and output.is_dir() and stamp.output == output_hash(output)


def read_stamp(root: Path) -> Stamp | None:
    try:
        data = json.loads((root / STAMP_FILE).read_text(encoding="utf-8"))
        warnings = tuple(
            Problem(
                w["path"], w["line"], w["field"], w["message"], Severity(w["severity"]), tuple(w["others"])
            )
            for w in data["warnings"]
        )
        return Stamp(data["inputs"], data["output"], data["articles"], warnings)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_stamp(root: Path, stamp: Stamp) -> None:
    path = root / STAMP_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "inputs": stamp.inputs,
        "output": stamp.output,
        "articles": stamp.articles,
        "warnings": [
            {**vars(w), "severity": w.severity.value, "others": list(w.others)} for w in stamp.warnings
        ],
    }
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, indent=1), encoding="utf-8")
    temporary.replace(path)


def up_to_date(root: Path, settings: Settings, inputs: str) -> Stamp | None:
    """The last build's stamp when neither its inputs (now ``inputs``, an :func:`input_hash`) nor its
    output have changed since; else ``None``."""
    stamp = read_stamp(root)
    output = root / settings.output_dir
    if stamp is None or not output.is_dir():
        return None
    if stamp.inputs != inputs or stamp.output != output_hash(output):
        return None
    return stamp
