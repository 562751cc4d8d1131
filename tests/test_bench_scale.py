from digest.bench.scale import generate
from digest.build import build
from tests.conftest import copy_edition


def test_the_generated_corpus_is_deterministic_and_builds(tmp_path):
    edition = copy_edition(tmp_path / "edition")
    generate(edition, tmp_path / "a", 12)
    generate(edition, tmp_path / "b", 12)
    files_a = sorted((tmp_path / "a/content/articles").glob("*.md"))
    assert len(files_a) == 12
    assert [f.read_bytes() for f in files_a] == [
        f.read_bytes() for f in sorted((tmp_path / "b/content/articles").glob("*.md"))
    ]
    result = build(tmp_path / "a")
    assert len(result.digest.articles) == 12
    assert all(a.theme_ids for a in result.digest.articles)  # recombined paragraphs keep their themes


def test_the_benchmark_measures_every_figure_on_a_small_corpus(tmp_path):
    from digest.bench.scale import measure

    figures = measure(copy_edition(tmp_path / "edition"), 8, repeat=1)
    assert figures["articles"] == 8 and figures["cold_s"] > 0 and figures["mkdocs_s"] > 0
    assert 10 < figures["peak_mb"] < 2000
    assert 1 <= figures["one_change_pages"] < 30  # the changed article's page and the pages that list it
    assert figures["noop_s"] > 0 and figures["one_change_s"] > 0  # times are reported, not judged, here
    assert 0 < figures["index_kb_per_article"] < figures["site_kb_per_article"]


def test_the_bytes_each_article_adds_come_from_the_difference_of_two_sites():
    from digest.bench.scale import added_kb_per_article

    smaller = {"articles": 100, "site_bytes": 5_000_000}
    larger = {"articles": 1100, "site_bytes": 5_000_000 + 1000 * 30 * 1024}
    assert added_kb_per_article(smaller, larger) == 30
