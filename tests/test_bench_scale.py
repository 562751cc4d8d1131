from digest.bench.scale import generate
from digest.build import build
from tests.conftest import REPO


def test_the_generated_corpus_is_deterministic_and_builds(tmp_path):
    generate(REPO, tmp_path / "a", 12)
    generate(REPO, tmp_path / "b", 12)
    files_a = sorted((tmp_path / "a/content/articles").glob("*.md"))
    assert len(files_a) == 12
    assert [f.read_bytes() for f in files_a] == [
        f.read_bytes() for f in sorted((tmp_path / "b/content/articles").glob("*.md"))
    ]
    result = build(tmp_path / "a")
    assert len(result.digest.articles) == 12
    assert all(a.theme_ids for a in result.digest.articles)  # recombined paragraphs keep their themes
