"""Hostile articles (tests/fixtures/hostile/, plus two generated here, too big to commit): each either
builds safely or is refused with a clear error, and no page built from them runs a script."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from digest.build import build
from digest.errors import DigestError
from tests.browser import CHROMIUM, LAUNCH_ARGS, serve
from tests.conftest import Project
from tests.test_e2e import build_site, html_pages

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
BUILDS = [
    "deeply-nested-lists",
    "event-handlers",
    "iframes",
    "javascript-links",
    "null-bytes",
    "script-tags",
    "template-syntax",
    "zero-width-and-rtl",
    "long-line",
]
REFUSED = {
    "alias-bomb": "content/articles/alias-bomb.md:2: front matter: YAML anchors and aliases are not allowed",
    "javascript-url": "content/articles/javascript-url.md:3: url: expected an http:// or https:// address",
    "python-tag": "content/articles/python-tag.md:2: front matter: invalid YAML: could not determine a constructor",
    "empty": "content/articles/empty.md:1: front matter: the file must start with a line '---'",
    "not-utf8": "content/articles/not-utf8.md:2: encoding: file is not UTF-8; save it as UTF-8",
    "five-megabytes": "content/articles/five-megabytes.md:1: body: file is 5,000,",
}


def add_hostile(project: Project, name: str) -> None:
    articles = project.root / "content" / "articles"
    if name == "five-megabytes":
        (articles / f"{name}.md").write_text("---\ntitle: Big\n---\n\n" + "Acme invests. " * 357_200)
    elif name == "long-line":
        line = ("Acme Corp will invest in Widgets Ltd and " * 2500)[:100_000]
        (articles / f"{name}.md").write_text(f"---\ntitle: Long\nurl: https://e.com/long\n---\n\n{line}\n")
    else:
        shutil.copy(HOSTILE / f"{name}.md", articles / f"{name}.md")


@pytest.mark.parametrize("name", BUILDS)
def test_builds_safely(project: Project, name: str):
    add_hostile(project, name)
    result = build(project.root)
    assert [a.id for a in result.digest.articles] == [name]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_is_refused_with_a_clear_error(project: Project, name: str):
    add_hostile(project, name)
    with pytest.raises(DigestError) as caught:
        build(project.root)
    errors = [str(p) for p in caught.value.problems if p.is_error]
    assert len(errors) == 1 and errors[0].startswith(REFUSED[name]), errors
    assert not project.output.exists()


def test_disguising_characters_are_removed_from_front_matter(project: Project):
    add_hostile(project, "zero-width-and-rtl")
    (article,) = build(project.root).digest.articles
    assert article.article.title == "Microsoft gnp.exe title"


@pytest.mark.browser
def test_no_page_built_from_hostile_articles_runs_a_script(project: Project):
    (project.root / "digest.yml").write_text("publish_full_text: true\n")
    for name in BUILDS:
        add_hostile(project, name)
    build_site(project.root)
    site = project.root / "site"
    pages = sorted(html_pages(site))
    assert len(pages) >= 20  # every hostile article, theme, entity and index page
    dialogs: list[str] = []
    errors: list[str] = []
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
        page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        for name in pages:
            page.goto(url + name)
            page.wait_for_load_state("load")
            page.mouse.move(200, 300)  # hover handlers, were any left
        browser.close()
    assert dialogs == [] and errors == []
