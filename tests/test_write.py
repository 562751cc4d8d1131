from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.write import UNCHANGED, safe_join, write_pages


@pytest.mark.parametrize("bad", ["../x.md", "/etc/passwd", "a/../../x.md", "", "a//b.md", "./a.md"])
def test_paths_cannot_escape_the_output_folder(tmp_path: Path, bad: str):
    with pytest.raises(ValueError, match="outside the output folder"):
        safe_join(tmp_path, bad)


def test_a_folder_linked_outside_the_output_folder_is_refused(tmp_path: Path):
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out" / "articles").symlink_to(tmp_path / "elsewhere")
    checked: dict = {}
    assert safe_join(tmp_path / "out", "index.md", checked) == str(tmp_path / "out" / "index.md")
    for _ in range(2):  # the second time from what was checked
        with pytest.raises(ValueError, match="outside the output folder"):
            safe_join(tmp_path / "out", "articles/a.md", checked)


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


def test_a_page_said_unchanged_is_kept_without_being_read(tmp_path: Path):
    out = tmp_path / "docs"
    write_pages({"index.md": "home", "articles/a.md": "A"}, out)
    inode = (out / "articles/a.md").stat().st_ino
    report = write_pages([("index.md", "home 2"), ("articles/a.md", UNCHANGED)], out)
    assert (report.written, report.unchanged) == (("index.md",), ("articles/a.md",))
    assert (out / "articles/a.md").stat().st_ino == inode and (out / "articles/a.md").read_text() == "A"
    with pytest.raises(ValueError, match="no earlier output holds"):
        write_pages([("b.md", UNCHANGED)], tmp_path / "new")
    assert not (tmp_path / "new").exists()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_an_interrupted_write_leaves_the_previous_output_exactly_as_it_was(tmp_path: Path, monkeypatch):
    out = tmp_path / "docs"
    write_pages({"a.md": "A", "b/c.md": "C"}, out)
    before = snapshot(out)
    import digest.write

    real_write = digest.write._write
    calls = []

    def interrupted(path: str, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt  # what Ctrl-C (SIGINT) raises
        real_write(path, data)

    monkeypatch.setattr(digest.write, "_write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_pages({"a.md": "A2", "b/c.md": "C2", "d.md": "D"}, out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".docs.files", "docs"]  # no staging folder left


def test_a_swap_cut_between_its_two_renames_is_recovered(tmp_path: Path):
    out = tmp_path / "docs"
    write_pages({"a.md": "A"}, out)
    out.rename(tmp_path / ".docs.old")  # as if interrupted right after the first rename
    report = write_pages({"a.md": "A"}, out)
    assert report.unchanged == ("a.md",) and snapshot(out) == {"a.md": b"A"}


def test_nothing_changed_means_no_swap(tmp_path: Path):
    out = tmp_path / "docs"
    write_pages({"a.md": "A"}, out)
    inode = out.stat().st_ino
    write_pages({"a.md": "A"}, out)
    assert out.stat().st_ino == inode


def test_pages_written_as_they_are_rendered_replace_the_output_only_once_all_are_there(tmp_path: Path):
    out = tmp_path / "docs"
    write_pages({"a.md": "A", "b/c.md": "C"}, out)
    before = snapshot(out)

    def rendering_that_fails() -> Iterator[tuple[str, str]]:
        yield "a.md", "A2"
        raise RuntimeError("a template failed")

    with pytest.raises(RuntimeError):
        write_pages(rendering_that_fails(), out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".docs.files", "docs"]

    report = write_pages(iter([("b/c.md", "C"), ("a.md", "A2")]), out)
    assert (report.written, report.unchanged) == (("a.md",), ("b/c.md",))
    assert snapshot(out) == {"a.md": b"A2", "b/c.md": b"C"}


def test_a_link_in_the_old_output_is_replaced_not_followed(tmp_path: Path):
    out = tmp_path / "docs"
    write_pages({"a.md": "A"}, out)
    outside = tmp_path / "outside.md"
    outside.write_text("A")
    (out / "a.md").unlink()
    (out / "a.md").symlink_to(outside)
    report = write_pages({"a.md": "A"}, out)
    assert report.written == ("a.md",) and not (out / "a.md").is_symlink()
    assert (out / "a.md").read_text() == "A" and outside.stat().st_nlink == 1


def test_only_files_a_build_wrote_are_ever_removed(tmp_path: Path):
    """Issue 22: the output folder is replaced whole, so one holding anything else is refused."""
    from digest.write import foreign_files

    out = tmp_path / "docs"
    out.mkdir()
    (out / "notes.txt").write_text("a maintainer's notes")
    assert foreign_files(out) == ["notes.txt"]  # a folder no build wrote
    with pytest.raises(ValueError, match=r"holds files no build wrote \(notes.txt\): not replaced"):
        write_pages({"a.md": "A"}, out)
    assert snapshot(out) == {"notes.txt": b"a maintainer's notes"}

    (out / "notes.txt").unlink()
    write_pages({"a.md": "A"}, out)  # an empty folder is taken
    (out / "sub").mkdir()
    (out / "sub" / "kept.md").write_text("added by hand")
    assert foreign_files(out) == ["sub/kept.md"]
    with pytest.raises(ValueError, match="holds files no build wrote"):
        write_pages({"b.md": "B"}, out)
    assert snapshot(out) == {"a.md": b"A", "sub/kept.md": b"added by hand"}

    readme = tmp_path / "README.md"
    readme.write_text("the project's readme")
    assert foreign_files(readme) == ["README.md"]
    with pytest.raises(ValueError, match="holds files no build wrote"):
        write_pages({"a.md": "A"}, readme)
    assert readme.read_text() == "the project's readme"
