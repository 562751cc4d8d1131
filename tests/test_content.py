"""The live content/: whatever articles it holds, it validates and builds into a strict MkDocs site.

Nothing here counts or names the articles, so a pull request that adds one never has to change a test
(issue 23); what the site does with an edition is tested on the fixture edition (tests/fixtures/edition).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from digest.build import check
from tests.conftest import REPO
from tests.test_e2e import build_site


def test_the_live_content_has_no_error():
    _settings, content, problems = check(REPO)
    assert [str(p) for p in problems if p.is_error] == []
    assert content.articles and content.themes and content.entities


@pytest.mark.e2e
def test_the_live_content_builds_into_a_strict_site_with_a_page_per_article(tmp_path: Path):
    root = tmp_path / "project"
    for name in ("content", "templates", "overrides"):
        shutil.copytree(REPO / name, root / name)
    for name in ("mkdocs.yml", "digest.yml"):
        shutil.copy(REPO / name, root / name)
    build_site(root)
    _settings, content, _ = check(root)
    for article in (a for a in content.articles if not a.draft):
        assert (root / "site" / "articles" / article.id / "index.html").is_file(), article.path
