import pytest

from digest.cli import main
from tests.conftest import Project


def test_build_reports_warnings_and_succeeds(
    two_article_project: Project, capsys: pytest.CaptureFixture[str]
):
    assert main(["--root", str(two_article_project.root), "build"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("digest: built 2 articles into build/docs (12 written, 0 unchanged, 0 removed)")
    assert err == (
        "content/articles/2024-01-05-regulators-study-acme-deal.md:4: author: "
        "the author is not known; fill it in if the byline says (warning)\n"
    )


def test_strict_turns_warnings_into_failure(two_article_project: Project, capsys):
    assert main(["--root", str(two_article_project.root), "build", "--strict"]) == 1
    assert main(["--root", str(two_article_project.root), "check", "--strict"]) == 1
    assert main(["--root", str(two_article_project.root), "check"]) == 0


def test_errors_exit_1_and_name_file_line_and_field(project: Project, capsys):
    project.add("a", "Text.", title=None)
    assert main(["--root", str(project.root), "build"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "content/articles/a.md:2: title: is missing; add the article's headline (error)",
        "digest: 1 error(s) in the content; nothing was written",
    ]
    assert not project.output.exists()


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2
