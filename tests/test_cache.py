from digest.analyse import analyse
from digest.build import build, check
from digest.cache import Cache
from tests.conftest import Project


def test_cached_analysis_equals_a_fresh_one_and_misses_when_an_input_changes(
    two_article_project: Project, tmp_path
):
    settings, content, _ = check(two_article_project.root)
    cache = Cache(tmp_path / "cache")
    fresh = analyse(content, settings.summary_share)
    assert analyse(content, settings.summary_share, cache) == fresh and (cache.hits, cache.misses) == (0, 2)
    assert analyse(content, settings.summary_share, cache) == fresh and (cache.hits, cache.misses) == (2, 2)
    analyse(content, 0.5, cache)  # another setting: another key
    assert cache.misses == 4


def test_a_cached_build_writes_the_same_pages(two_article_project: Project):
    build(two_article_project.root)
    first = two_article_project.snapshot()
    assert any((two_article_project.root / ".cache" / "digest").rglob("*.pickle"))
    again = build(two_article_project.root)
    assert again.report.written == () and two_article_project.snapshot() == first
