"""The whole build on small projects: what it writes, what it refuses, what it never loses."""

from __future__ import annotations

import builtins
import json
import shutil

import markdown
import pytest

from digest.build import build
from digest.errors import DigestError
from tests.conftest import TWO_ARTICLES, Project, snapshot


def test_build_writes_every_page_and_the_export(two_article_project: Project):
    result = build(two_article_project.root)
    out = two_article_project.output
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert pages == [
        "archive.md",
        "articles/2024-01-02-acme-invests.md",
        "articles/2024-01-05-regulators-study-acme-deal.md",
        "digest.json",
        "entities/acme.md",
        "entities/index.md",
        "entities/jane-roe.md",
        "feeds/all.json",
        "feeds/all.xml",
        "feeds/money.json",
        "feeds/money.xml",
        "feeds/rules.json",
        "feeds/rules.xml",
        "index.md",
        "sources.md",
        "stories/2024-01-02-acme-invests.md",
        "themes/index.md",
        "themes/money.md",
        "themes/rules.md",
    ]
    assert [(w.field, w.severity.value) for w in result.warnings] == [
        ("author", "warning"),
        ("entities", "note"),
    ]
    data = json.loads((out / "digest.json").read_text())
    assert [a["id"] for a in data["articles"]] == [
        "2024-01-05-regulators-study-acme-deal",
        "2024-01-02-acme-invests",
    ]
    first = data["articles"][1]
    assert first["themes"] == ["money", "rules"]
    assert first["entities"] == ["acme", "jane-roe"]
    assert first["related"] == ["2024-01-05-regulators-study-acme-deal"]  # the rest of its story
    assert first["story"] == "2024-01-02-acme-invests" and [s["id"] for s in data["stories"]] == [
        first["story"]
    ]
    source = two_article_project.root / "content/articles/2024-01-02-acme-invests.md"
    words = " ".join(source.read_text().split())
    assert first["summary"] and all(sentence in words for sentence in first["summary"])


def test_a_failed_build_changes_nothing(two_article_project: Project):
    build(two_article_project.root)
    two_article_project.add("bad", "Text.", date="yesterday")
    before = two_article_project.snapshot()
    with pytest.raises(DigestError) as caught:
        build(two_article_project.root)
    assert [str(p) for p in caught.value.problems if p.is_error] == [
        "content/articles/bad.md:5: date: expected a date as YYYY-MM-DD (e.g. 2024-02-26) but received 'yesterday'"
    ]
    assert two_article_project.snapshot() == before


def test_strict_build_fails_on_warnings_before_writing(two_article_project: Project):
    with pytest.raises(DigestError):
        build(two_article_project.root, strict=True)
    assert not two_article_project.output.exists()


def test_same_content_gives_byte_identical_output(two_article_project: Project, tmp_path):
    build(two_article_project.root)
    copy = tmp_path / "copy"
    shutil.copytree(two_article_project.root, copy, ignore=shutil.ignore_patterns("build"))
    build(copy)
    assert snapshot(copy) == two_article_project.snapshot()


def test_a_rebuild_rewrites_only_what_changed(two_article_project: Project):
    build(two_article_project.root)
    again = build(two_article_project.root)
    assert again.report.written == () and again.report.removed == ()


HOSTILE_BODY = """
Acme Corp will invest <script>alert("body")</script> two billion in Widgets Ltd, it said.

<img src=x onerror="alert('img')"> The investment is the largest [in years](javascript:alert('link')).

Regulators said {{ config }} and {% include 'secret' %} would be studied under the law.
"""


def test_hostile_text_reaches_the_page_as_text(project: Project):
    project.add(
        "2024-01-02-hostile",
        HOSTILE_BODY,
        title="\"<script>alert('title')</script>\"",
        outlet="'<b onmouseover=alert(1)>Outlet</b>'",
    )
    build(project.root)
    for page in sorted(project.output.rglob("*.md")):
        html = markdown.markdown(page.read_text(), extensions=["tables", "admonition", "toc"])
        assert "<script" not in html, page
        assert "<img" not in html and "<b " not in html, page
        assert 'href="javascript' not in html, page
    article = markdown.markdown((project.output / "articles/2024-01-02-hostile.md").read_text())
    assert "<h1>&lt;script&gt;alert('title')&lt;/script&gt;</h1>" in article
    assert "{{ config }} and {% include 'secret' %}" in article  # shown literally, never evaluated
    assert "The Paper" not in article and "&lt;b onmouseover=alert(1)&gt;Outlet&lt;/b&gt;" in article


def test_drafts_are_checked_but_not_published(two_article_project: Project):
    two_article_project.add(
        "2024-01-03-draft", "Acme Corp may invest more.", draft="true", url="https://e.com/d"
    )
    build(two_article_project.root)
    assert not (two_article_project.output / "articles/2024-01-03-draft.md").exists()
    two_article_project.add("2024-01-03-draft", "Acme.", draft="maybe", url="https://e.com/d")
    with pytest.raises(DigestError):
        build(two_article_project.root)


def test_the_build_warns_of_what_the_check_finds_in_the_texts_drafts_included(two_article_project: Project):
    """The build takes the terms and names the check compares from the analysis, which drafts get too."""
    from digest.build import check

    articles = two_article_project.root / "content" / "articles"
    first = sorted(articles.glob("*.md"))[0]
    copy = first.read_text().replace("https://", "https://copy.").replace("---\n", "---\ndraft: true\n", 1)
    (articles / "2024-01-09-a-copy.md").write_text(copy, encoding="utf-8")
    result = build(two_article_project.root)
    assert not (two_article_project.output / "articles/2024-01-09-a-copy.md").exists()
    assert result.warnings == check(two_article_project.root)[2]
    assert {(p.path.rsplit("/", 1)[-1], p.field) for p in result.warnings} >= {
        ("2024-01-09-a-copy.md", "body"),  # the near-duplicate draft
        ("entities.yml", "entities"),  # a name two articles use
    }


def test_a_claim_about_a_story_the_digest_lacks_is_warned_of_on_its_line(two_article_project: Project):
    """A typo in a question's `story:` would leave the question asked of no story, silently."""
    claims = two_article_project.root / "content" / "claims.yml"
    text = claims.read_text().replace("  - id: review\n", "  - id: review\n    story: acme-invets\n", 1)
    claims.write_text(
        text.replace("  - figure: two", '  - story: "2024-01-02-acme-invests"\n    figure: two')
    )
    from digest.build import check

    result = build(two_article_project.root)
    (problem,) = [p for p in result.warnings if p.field == "story"]
    assert (problem.path, problem.line) == ("content/claims.yml", 3)
    assert "no story has the id 'acme-invets'" in problem.message
    assert problem in check(two_article_project.root)[2]  # a typo: the check finds it, and CI with it
    # An article that joined another's story is no story's id: only grouping tells, so only a build.
    claims.write_text(text.replace("acme-invets", "2024-01-05-regulators-study-acme-deal"))
    (problem,) = [p for p in build(two_article_project.root).warnings if p.field == "story"]
    assert problem.line == 3 and "that article is part of a story with another id" in problem.message
    assert not [p for p in check(two_article_project.root)[2] if p.field == "story"]


def test_editorial_summary_and_themes_are_shown_as_editorial(two_article_project: Project):
    two_article_project.add(
        "2024-01-06-widgets-quiet",
        "Widgets Ltd said nothing on Friday about the future of its factories. Regulators asked for more.",
        title="Widgets quiet",
        url="https://example.org/quiet",
        date="2024-01-06",
        summary='"Widgets keeps quiet [about](javascript:x) the deal."',
        themes="[money, -rules]",
    )
    build(two_article_project.root)
    page = (two_article_project.output / "articles/2024-01-06-widgets-quiet.md").read_text()
    assert (
        '!!! note "Editorial summary"\n\n    Widgets keeps quiet about the deal.\n' in page
    )  # markup dropped
    assert "[Money](../themes/money.md) — put on this theme by the digest's maintainers" in page
    assert "themes/rules.md" not in page
    data = json.loads((two_article_project.output / "digest.json").read_text())
    article = next(a for a in data["articles"] if a["id"] == "2024-01-06-widgets-quiet")
    assert (article["summary"], article["summary_editorial"], article["themes"]) == (
        ["Widgets keeps quiet about the deal."],
        True,
        ["money"],
    )


BAD_INPUTS = {
    "missing title": (
        lambda p: p.add("bad", "Text.", title=None, url="https://e.com/1"),
        "content/articles/bad.md:2: title: is missing; add the article's headline",
    ),
    "unknown field": (
        lambda p: p.add("bad", "Text.", auther="X", url="https://e.com/1"),
        "content/articles/bad.md:7: auther: unknown field; did you mean 'author'?",
    ),
    "future date": (
        lambda p: p.add("bad", "Text.", date="2030-01-01", url="https://e.com/1"),
        "content/articles/bad.md:5: date: 2030-01-01 is in the future; check it",
    ),
    "bad url": (
        lambda p: p.add("bad", "Text.", url="ftp://e.com/1"),
        "content/articles/bad.md:6: url: expected an http:// or https:// address but received 'ftp://e.com/1'",
    ),
    "unknown theme": (
        lambda p: p.add("bad", "Text.", url="https://e.com/1", themes="[mony]"),
        "content/articles/bad.md:7: themes: unknown theme 'mony'; did you mean 'money'?",
    ),
    "malformed yaml": (
        lambda p: p.add("bad", "Text.", url="https://e.com/1", tags="[a, b"),
        "content/articles/bad.md:7: front matter: invalid YAML",
    ),
    "not utf-8": (
        lambda p: (p.root / "content/articles/bad.md").write_bytes(
            "---\ntitle: Caf\xe9\n---\n\nText.\n".encode("latin-1")
        ),
        "content/articles/bad.md:2: encoding: file is not UTF-8; save it as UTF-8",
    ),
    "empty body": (
        lambda p: p.add("bad", "", url="https://e.com/1"),
        "content/articles/bad.md:7: body: the article has no text; paste it below the '---'",
    ),
    "body too long": (
        lambda p: p.add("bad", "word " * 25_000, url="https://e.com/1"),
        "content/articles/bad.md:9: body: the text is 124,999 characters, over the 100,000 limit",
    ),
    "same url": (
        lambda p: p.add("bad", "Other text.", url="https://example.com/acme"),
        "content/articles/bad.md:1: url: the same URL as content/articles/2024-01-02-acme-invests.md",
    ),
    "same slug": (
        lambda p: (
            (p.root / "content/articles/old").mkdir(),
            p.add("old/2024-01-02-acme-invests", "Other.", url="https://e.com/1"),
        ),
        "content/articles/old/2024-01-02-acme-invests.md:1: file name: the same slug as content/articles/2024-01-02-acme-invests.md",
    ),
    "bad theme file": (
        lambda p: (p.root / "content/themes.yml").write_text("themes:\n  - id: money\n    title: [M]\n"),
        "content/themes.yml:3: title: is missing or not text; add it in quotes",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_named_and_loses_nothing(two_article_project: Project, case: str):
    build(two_article_project.root)
    make_bad, expected = BAD_INPUTS[case]
    make_bad(two_article_project)
    before = two_article_project.snapshot()
    with pytest.raises(DigestError) as caught:
        build(two_article_project.root)
    errors = [str(p) for p in caught.value.problems if p.is_error]
    assert len(errors) == 1 and errors[0].startswith(expected), errors
    assert two_article_project.snapshot() == before


def test_sigint_during_a_build_leaves_the_previous_output_as_it_was(two_article_project: Project):
    """A real Ctrl-C, sent to a real `digest build` of a corpus big enough to still be running."""
    import os
    import signal
    import subprocess
    import sys

    build(two_article_project.root)
    body, _ = TWO_ARTICLES["2024-01-02-acme-invests"]
    for i in range(1000):  # enough for the build to print its progress (see digest.progress.QUIET_BELOW)
        two_article_project.add(
            f"2023-05-{i % 28 + 1:02d}-copy-{i}",
            body + f"\n\nParagraph number {i} of the copy.",
            url=f"https://example.com/copy/{i}",
            date=f"2023-05-{i % 28 + 1:02d}",
        )
    before = two_article_project.snapshot()
    process = subprocess.Popen(
        # One process: the signal then lands mid-analysis, whatever the number of cores.
        [sys.executable, "-m", "digest", "--root", str(two_article_project.root), "build", "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    assert process.stderr is not None
    for line in process.stderr:  # the first tenth of the articles is analysed: interrupt the rest
        if "analysed:" in line:
            break
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=120)
    assert process.returncode != 0, "the build finished before the signal: make the corpus bigger"
    assert two_article_project.snapshot() == before
    assert sorted(p.name for p in (two_article_project.root / "build").iterdir()) == [".docs.files", "docs"]


def test_article_pages_of_the_last_build_are_reused_only_when_their_inputs_are_unchanged(
    two_article_project: Project, monkeypatch
):
    import digest.render

    root = two_article_project.root
    build(root)
    (root / ".cache" / "digest" / "last-build.json").unlink()  # so that the build runs again
    rendered = []
    real_article = digest.render.Renderer.article
    monkeypatch.setattr(
        digest.render.Renderer, "article", lambda self, i: rendered.append(i) or real_article(self, i)
    )
    assert build(root).report.written == () and rendered == []

    article = next((root / "content" / "articles").glob("*.md"))
    article.write_text(article.read_text().replace("title: ", "title: Now "), encoding="utf-8")
    build(root)
    assert article.stem in rendered
    assert build(root, use_cache=False).report.written == ()  # what a fresh render gives

    rendered.clear()
    template = root / "templates" / "article.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    build(root)
    pages = output_pages(root)
    assert len(rendered) == len(pages) == 2 and all(p.read_text().endswith("Edited.\n") for p in pages)


def test_kept_pages_are_read_to_be_checked_only_when_the_output_was_touched_since_the_last_build(
    two_article_project: Project, monkeypatch
):
    import digest.render

    root = two_article_project.root
    build(root)
    opened = []
    real_open = builtins.open
    monkeypatch.setattr(
        digest.render, "open", lambda path, *a: opened.append(path) or real_open(path, *a), raising=False
    )
    report = build(root).report  # the build function runs whatever the stamp says
    assert report.written == () and opened == []

    page = output_pages(root)[0]
    kept = page.read_text(encoding="utf-8")
    page.write_text("Edited by hand.\n", encoding="utf-8")
    report = build(root).report
    assert str(page) in opened and report.written == (f"articles/{page.name}",)
    assert page.read_text(encoding="utf-8") == kept


def test_listing_pages_are_reused_while_what_they_list_is_unchanged(
    two_article_project: Project, monkeypatch
):
    """The archive and the sources are :class:`~digest.render.View` pages: an edit to an article's text
    leaves them as they are; a new title renders them again."""
    import digest.render

    root = two_article_project.root
    build(root)
    rendered = []
    real_view = digest.render.Renderer.view
    monkeypatch.setattr(
        digest.render.Renderer,
        "view",
        lambda self, path, view: rendered.append(path) or real_view(self, path, view),
    )
    article = sorted((root / "content" / "articles").glob("*.md"))[0]
    article.write_text(article.read_text() + "\nOne more paragraph, with no date in it.\n", encoding="utf-8")
    report = build(root).report
    listing_pages = {"archive.md", "sources.md"}
    assert not listing_pages & set(rendered) and listing_pages <= set(report.unchanged)

    article.write_text(article.read_text().replace("title: ", "title: Now "), encoding="utf-8")
    report = build(root).report
    assert {"archive.md", "sources.md"} <= set(rendered)
    assert {"archive.md", "sources.md"} <= set(report.written)
    assert "Now " in (root / "build" / "docs" / "archive.md").read_text()
    assert build(root, use_cache=False).report.written == ()  # what a fresh render gives


def test_home_and_theme_pages_are_reused_while_the_stories_they_show_are_unchanged(tmp_path, monkeypatch):
    """The home page shows the newest stories, a theme's first page its newest: an edit to an article of an
    older story leaves them as they are (and renders that article's page again); a new title of an
    article of a story they show renders them again."""
    import digest.render
    from digest.bench.scale import generate
    from tests.conftest import copy_edition

    root = tmp_path / "project"
    generate(copy_edition(tmp_path / "edition"), root, 30)
    (root / "digest.yml").write_text("latest_stories: 3\nstories_per_page: 3\n")
    first = build(root, jobs=1).digest
    rendered = []
    for name in ("view", "page"):  # every page is rendered by one of them
        real = getattr(digest.render.Renderer, name)
        spy = lambda self, path, *a, real=real, **k: rendered.append(path) or real(self, path, *a, **k)  # noqa: E731
        monkeypatch.setattr(digest.render.Renderer, name, spy)
    shown = {"index.md", *(f"themes/{t.id}.md" for t in first.themes)}
    oldest_story = first.stories[-1]
    oldest = root / "content" / "articles" / f"{oldest_story.articles[0]}.md"
    oldest.write_text(oldest.read_text() + "\nOne more sentence, with nothing new in it.\n", encoding="utf-8")
    build(root, jobs=1)
    assert f"articles/{oldest.stem}.md" in rendered and not shown & set(rendered)

    newest = root / "content" / "articles" / f"{first.stories[0].articles[-1]}.md"
    newest.write_text(newest.read_text().replace('title: "', 'title: "Now: '), encoding="utf-8")
    build(root, jobs=1)
    assert "index.md" in rendered and "Now: " in (root / "build" / "docs" / "index.md").read_text()
    assert build(root, use_cache=False).report.written == ()  # what a fresh render gives


def output_pages(root):
    return list((root / "build" / "docs" / "articles").glob("*.md"))


def test_worker_processes_check_the_files_as_this_process_does(two_article_project: Project, monkeypatch):
    import digest.parallel
    from digest.build import check

    articles = two_article_project.root / "content" / "articles"
    first = sorted(articles.glob("*.md"))[0]
    copy = first.read_text().replace("https://", "https://copy.")
    (articles / "2024-01-09-a-copy.md").write_text(copy, encoding="utf-8")  # a near-duplicate
    (articles / "2024-01-10-rated.md").write_text(copy.replace("url:", "rating: 5\nurl:"), encoding="utf-8")
    in_this_process = check(two_article_project.root, jobs=1)
    monkeypatch.setattr(digest.parallel, "PARALLEL_FROM", 1)
    in_workers = check(two_article_project.root, jobs=2)
    assert in_workers == in_this_process
    assert {(p.path.rsplit("-", 1)[-1], p.field) for p in in_workers[2]} >= {
        ("copy.md", "body"),
        ("rated.md", "rating"),
    }


def test_a_rebuild_after_changes_writes_what_a_fresh_build_writes_with_work_shared_out(tmp_path):
    """At a size where articles are checked, analysed, linked and rendered in worker processes, a build
    that reuses the last one's caches and pages after an edit, a deletion and an addition writes exactly
    what a build from nothing writes."""
    from digest.bench.scale import generate
    from digest.parallel import PARALLEL_FROM
    from tests.conftest import copy_edition

    root = tmp_path / "project"
    generate(copy_edition(tmp_path / "edition"), root, PARALLEL_FROM + 40)
    build(root, jobs=2)
    articles = sorted((root / "content" / "articles").glob("*.md"))
    edited = (
        articles[10].read_text(encoding="utf-8").replace("generated corpus.", "generated corpus, edited.")
    )
    articles[10].write_text(edited, encoding="utf-8")
    articles[20].unlink()
    added = articles[30].read_text(encoding="utf-8").replace("https://example.com/", "https://example.org/")
    (articles[30].parent / "2026-01-01-added.md").write_text(added, encoding="utf-8")

    again = build(root, jobs=2)
    incremental = snapshot(root / "build")
    # Adding and removing articles shifts every similarity a little, so many related-article scores shown
    # change; the pages that did not change were kept.
    assert again.report.written and len(again.report.unchanged) > 20 and again.report.removed
    shutil.rmtree(root / "build")
    shutil.rmtree(root / ".cache")
    fresh = build(root, jobs=2)
    assert snapshot(root / "build") == incremental
    assert fresh.warnings == again.warnings


def test_a_build_leaves_the_cycle_collector_as_it_found_it(two_article_project: Project):
    """``mkdocs serve`` builds in its own process: nothing may stay frozen (uncollectable) afterwards."""
    import gc

    assert gc.get_freeze_count() == 0 and gc.isenabled()
    build(two_article_project.root)
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    two_article_project.add("2024-01-03-bad", "Acme.", date="someday")
    with pytest.raises(DigestError):
        build(two_article_project.root)
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_digest_json_made_from_kept_fragments_is_what_encoding_the_whole_gives(two_article_project: Project):
    import json

    from digest.export import to_data

    root = two_article_project.root
    build(root)
    assert (root / ".cache" / "digest" / "json.memo").exists()
    article = sorted((root / "content" / "articles").glob("*.md"))[0]
    article.write_text(article.read_text().replace("title: ", "title: Now "), encoding="utf-8")
    result = build(root)  # one article's fragments made again, the other's reused
    written = (root / "build" / "docs" / "digest.json").read_text(encoding="utf-8")
    whole = json.dumps(to_data(result.digest), ensure_ascii=False, separators=(",", ":")) + "\n"
    assert written == whole and "Now " in written
    assert build(root, use_cache=False).report.written == ()


def test_the_texts_are_compared_for_near_duplicates_drafts_too(tmp_path):
    import dataclasses

    from digest.analyse import analyse
    from digest.bench.scale import generate
    from digest.build import check, compare_texts
    from digest.duplicates import near_duplicates
    from tests.conftest import copy_edition

    generate(copy_edition(tmp_path / "edition"), tmp_path / "project", 60)
    _settings, content, _ = check(tmp_path / "project")
    copy = dataclasses.replace(content.articles[5], id="copy", path="content/articles/zz-copy.md")
    articles = (*content.articles, copy)
    terms = [a.terms for a in analyse(dataclasses.replace(content, articles=articles), 0.25)]
    counts = dict(zip((a.id for a in articles), terms, strict=True))
    for drafted in (articles, (*articles[:-2], dataclasses.replace(articles[-2], draft=True), copy)):
        duplicates = compare_texts(drafted, terms)
        assert duplicates == near_duplicates(drafted, counts)
        assert any("zz-copy.md" in p.path for p in duplicates)


def test_repeated_builds_in_one_process_leave_no_file_open(two_article_project: Project):
    """``mkdocs serve`` builds in its own process, again and again; cached analyses are read lazily, so
    the packs they are read from must be closed once nothing holds them."""
    import gc
    import os

    root = two_article_project.root
    build(root)
    gc.collect()
    article = sorted((root / "content" / "articles").glob("*.md"))[0]
    before = len(os.listdir("/proc/self/fd"))
    for n in range(3):
        article.write_text(article.read_text() + f"\nOne more paragraph, number {n}.\n", encoding="utf-8")
        result = build(root)
        assert all(a.summary for a in result.digest.articles)  # read from the cache after the build
        del result
        gc.collect()
    assert len(os.listdir("/proc/self/fd")) == before


def test_a_cache_that_git_tracks_is_refused_before_any_of_it_is_read(two_article_project: Project):
    """Issue 22: `git add -f .cache/...` put a crafted cache in a pull request."""
    import subprocess

    from digest.build import check

    root = two_article_project.root
    build(root)
    git = ["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-f", ".cache/digest/files.json"], check=True)
    with pytest.raises(DigestError) as caught:
        build(root)
    (problem,) = caught.value.problems
    assert str(problem).startswith(".cache/digest/files.json:1: cache: is committed") and problem.is_error
    assert "git rm -r --cached .cache" in problem.message
    assert any(p.path == ".cache/digest/files.json" for p in check(root)[2])
    subprocess.run([*git, "rm", "-q", "-r", "--cached", ".cache"], check=True)
    assert len(build(root).digest.articles) == 2


def _digest_build(root, *options: str):
    import os
    import subprocess
    import sys

    command = [sys.executable, "-m", "digest", "--root", str(root), "build", *options]
    return subprocess.Popen(
        command, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=os.environ
    )


def test_a_second_build_says_it_waits_for_the_first(two_article_project: Project):
    from digest.lock import build_lock

    root = two_article_project.root
    with build_lock(root, pytest.fail):  # this test is the build running
        waiting = _digest_build(root)
        assert waiting.stderr is not None
        line = waiting.stderr.readline()
        assert line == "digest: another build of this project is running; waiting for it to finish\n"
        assert waiting.poll() is None and not (root / "build" / "docs").exists()
    out, _ = waiting.communicate(timeout=60)
    assert waiting.returncode == 0 and "built 2 articles" in out


def test_builds_started_at_once_all_succeed_and_write_what_one_writes(two_article_project: Project, tmp_path):
    root = two_article_project.root
    body, _ = TWO_ARTICLES["2024-01-02-acme-invests"]
    for i in range(60):
        two_article_project.add(f"copy-{i}", f"{body}\n\nParagraph {i}.", url=f"https://example.com/{i}")
    alone = tmp_path / "alone"
    shutil.copytree(root, alone)
    build(alone)
    runs = [_digest_build(root, "--jobs", "1") for _ in range(4)]
    for run in runs:
        _out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    assert snapshot(root / "build") == snapshot(alone / "build")
    assert build(root).report.written == ()


def test_an_output_folder_holding_files_no_build_wrote_is_refused_before_any_work(
    two_article_project: Project,
):
    root = two_article_project.root
    (root / "digest.yml").write_text("output_dir: docs\n")
    (root / "docs").mkdir()
    (root / "docs" / "guide.md").write_text("A hand-written guide.")
    with pytest.raises(DigestError) as caught:
        build(root)
    assert [str(p) for p in caught.value.problems] == [
        "docs:1: output_dir: holds files no build wrote (guide.md), and the build replaces this folder "
        "whole; move them, or set output_dir in digest.yml to a folder of its own"
    ]
    assert (root / "docs" / "guide.md").read_text() == "A hand-written guide."
    (root / "digest.yml").write_text("output_dir: public\n")
    assert build(root).output == root / "public"


@pytest.mark.parametrize("value", [".", "..", "../elsewhere", "content", ".git"])
def test_an_output_folder_outside_the_project_or_over_it_is_refused_and_nothing_is_touched(
    two_article_project: Project, value: str
):
    root = two_article_project.root
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "digest.yml").write_text(f'output_dir: "{value}"\n')
    before, outside = two_article_project.snapshot(), sorted(p.name for p in root.parent.iterdir())
    with pytest.raises(DigestError) as caught:
        build(root)
    assert [(p.path, p.line, p.field) for p in caught.value.problems] == [("digest.yml", 1, "output_dir")]
    assert two_article_project.snapshot() == before and (root / ".git" / "HEAD").exists()
    assert sorted(p.name for p in root.parent.iterdir()) == outside
