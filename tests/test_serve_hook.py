import logging
from types import SimpleNamespace

from digest.serve_hook import on_pre_build
from tests.conftest import Project


def config_of(project: Project) -> SimpleNamespace:
    return SimpleNamespace(config_file_path=str(project.root / "mkdocs.serve.yml"))


def test_the_preview_rebuilds_the_pages_before_mkdocs_reads_them(two_article_project: Project):
    on_pre_build(config_of(two_article_project))
    page = two_article_project.output / "articles/2024-01-02-acme-invests.md"
    assert page.is_file()
    two_article_project.add(
        "2024-01-02-acme-invests", "Acme Corp will invest three billion in Widgets Ltd, it said."
    )
    on_pre_build(config_of(two_article_project))
    assert "three billion" in page.read_text()


def test_bad_content_is_logged_and_the_previous_pages_stay(two_article_project: Project, caplog):
    on_pre_build(config_of(two_article_project))
    before = two_article_project.snapshot()
    (two_article_project.root / "content/articles/bad.md").write_text("no front matter\n")
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.digest"):
        on_pre_build(config_of(two_article_project))
    assert "content/articles/bad.md:1: front matter: the file must start with a line '---'" in caplog.text
    after = two_article_project.snapshot()
    del after["content/articles/bad.md"]
    assert after == before
