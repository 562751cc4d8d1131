"""The rendered pages are the product: pin them for a small project written for the test.

After an intended change to a template or a stage, regenerate with `make golden` and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from digest.build import build
from tests.conftest import Project

GOLDEN = Path(__file__).parent / "golden" / "two-articles"


def test_rendered_pages_match_the_golden_files(two_article_project: Project, request: pytest.FixtureRequest):
    build(two_article_project.root)
    out = two_article_project.output
    produced = {p.relative_to(out).as_posix(): p.read_text() for p in sorted(out.rglob("*")) if p.is_file()}
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, text in produced.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text)
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_text() for p in sorted(GOLDEN.rglob("*")) if p.is_file()
    }
    assert sorted(produced) == sorted(expected), "pages added or removed: run `make golden` and review"
    for name, text in produced.items():
        assert text == expected[name], (
            f"{name} differs from tests/golden: run `make golden` and review the diff"
        )
