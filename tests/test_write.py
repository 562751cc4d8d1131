from pathlib import Path

import pytest

from digest.write import safe_join, write_pages


@pytest.mark.parametrize("bad", ["../x.md", "/etc/passwd", "a/../../x.md", "", "a//b.md", "./a.md"])
def test_paths_cannot_escape_the_output_folder(tmp_path: Path, bad: str):
    with pytest.raises(ValueError, match="outside the output folder"):
        safe_join(tmp_path, bad)


def test_unchanged_files_are_not_rewritten_and_stale_ones_removed(tmp_path: Path):
    out = tmp_path / "docs"
    first = write_pages({"index.md": "home", "articles/a.md": "A", "articles/b.md": "B"}, out)
    assert first.written == ("articles/a.md", "articles/b.md", "index.md")
    before = (out / "index.md").stat().st_mtime_ns
    second = write_pages({"index.md": "home", "articles/a.md": "A2"}, out)
    assert second.written == ("articles/a.md",)
    assert second.unchanged == ("index.md",)
    assert second.removed == ("articles/b.md",)
    assert (out / "index.md").stat().st_mtime_ns == before
    assert (out / "articles/a.md").read_text() == "A2"
    assert sorted(p.name for p in out.rglob("*")) == ["a.md", "articles", "index.md"]
