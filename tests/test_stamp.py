import os

import pytest

from digest.cli import main
from digest.settings import SETTINGS_FILE, load_settings
from digest.stamp import input_hash, read_stamp, up_to_date
from tests.conftest import Project


def build(project: Project, *options: str) -> int:
    return main(["--root", str(project.root), "build", *options])


def test_a_build_with_nothing_to_do_is_skipped_and_repeats_the_warnings(
    two_article_project: Project, capsys: pytest.CaptureFixture[str]
):
    assert build(two_article_project) == 0
    first = capsys.readouterr()
    before = two_article_project.snapshot()
    assert build(two_article_project) == 0
    again = capsys.readouterr()
    assert again.out == "digest: 2 articles, nothing changed since the last build\n"
    assert again.err == first.err and "author: the author is not known" in again.err
    assert two_article_project.snapshot() == before
    assert build(two_article_project, "--strict") == 1  # the remembered warnings still fail a strict build


@pytest.mark.parametrize(
    "change", ["edit an article", "edit a template", "touch an output file", "delete it"]
)
def test_any_change_to_inputs_or_output_runs_the_build(two_article_project: Project, change: str, capsys):
    project = two_article_project
    assert build(project) == 0
    settings = load_settings(project.root / SETTINGS_FILE, project.root)
    assert up_to_date(project.root, settings, input_hash(project.root, settings)) is not None
    page = project.output / "index.md"
    if change == "edit an article":
        project.add("2024-01-02-acme-invests", "Acme bought Widgets Ltd for EUR 5 million.", title="Acme")
    elif change == "edit a template":
        template = project.root / "templates" / "home.md.j2"
        template.write_text(template.read_text() + "\n")
    elif change == "touch an output file":
        os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1_000_000_000))
    else:
        page.unlink()
    assert up_to_date(project.root, settings, input_hash(project.root, settings)) is None
    capsys.readouterr()
    assert build(project) == 0
    assert capsys.readouterr().out.startswith("digest: built 2 articles")
    assert page.exists() and read_stamp(project.root) is not None


def test_a_failed_build_leaves_no_stamp_that_would_skip_the_next(project: Project, capsys):
    project.add("a", "Text.", title=None)
    assert build(project) == 1
    assert read_stamp(project.root) is None
