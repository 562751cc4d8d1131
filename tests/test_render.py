from pathlib import Path

import jinja2
import pytest

from digest.mdtext import Markdown
from digest.render import environment, front_matter
from tests.conftest import REPO


def render(source: str, **context) -> str:
    env = environment(Path("/nonexistent"))
    return env.from_string(source).render(**context)


def test_every_value_is_escaped_for_markdown():
    assert render("{{ x }}", x="[a](javascript:1) <b>") == "\\[a\\](javascript:1) &lt;b&gt;"


def test_join_escapes_its_items_and_separator():
    assert render('{{ xs | join(" * ") }}', xs=["[a](b)", "*c*"]) == "\\[a\\](b) \\* \\*c\\*"


def test_our_markdown_passes_and_jinja_markup_is_not_trusted():
    import markupsafe

    assert render("{{ x }}", x=Markdown("[a](b.md)")) == "[a](b.md)"
    assert render("{{ x | e }}", x=markupsafe.Markup("[a](javascript:1)")) == "\\[a\\](javascript:1)"


@pytest.mark.parametrize("name", ["safe", "urlize", "xmlattr", "striptags", "forceescape"])
def test_filters_that_would_mark_content_safe_are_gone(name):
    with pytest.raises(jinja2.TemplateAssertionError):
        render("{{ x | " + name + " }}", x="a")


def test_template_syntax_in_content_is_data():
    assert (
        render("{{ x }}", x="{{ config }} {% include 'x' %}") == "\\{\\{ config \\}\\} \\{% include 'x' %\\}"
    )


def test_front_matter_values_are_html_escaped_yaml():
    import html

    import yaml

    text = front_matter("</title><script>x</script> & 'q'", '"><b onclick=x>' + " word" * 80, "money")
    meta = yaml.safe_load(text.split("---")[1])
    assert meta["title"] == "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; &amp; &#x27;q&#x27;"
    assert meta["description"].startswith("&quot;&gt;&lt;b onclick=x&gt; word word")
    assert meta["description"].endswith("word…") and len(html.unescape(meta["description"])) <= 300
    assert meta["feed"] == "money"


def test_theme_and_entity_pages_list_every_story_page_by_page(project):
    """Issue 24: theme and entity pages listed "the newest 20 articles", so older events vanished."""
    from digest.build import build

    (project.root / "digest.yml").write_text("stories_per_page: 1\nsources_named: 1\n")
    events = {
        "2024-01-02-acme-invests": "Acme Corp will invest two billion dollars in Widgets Ltd, it said.",
        "2024-03-10-acme-bank-loan": "Acme Corp took a bank loan of one billion dollars to invest in a new plant in Leeds.",
        "2024-06-20-acme-shares": "Acme Corp shares rose after it said it would invest in robots at its Ohio works.",
    }
    for slug, body in events.items():
        project.add(slug, body, date=slug[:10], url=f"https://example.com/{slug}", title=body.split(",")[0])
    digest = build(project.root).digest
    assert len(digest.stories) == 3
    pages = [
        project.output / "themes" / "money.md",
        *(project.output / "themes" / "money" / f"{n}.md" for n in (2, 3)),
    ]
    stories = [next(line for line in p.read_text().splitlines() if line.startswith("## ")) for p in pages]
    assert [s.split("](")[0].removeprefix("## [") for s in stories] == [s.title for s in digest.stories]
    assert "Pages: **1** · [2](money/2.md) · [3](money/3.md)" in pages[0].read_text()
    assert "Pages: [1](../money.md) · **2** · [3](3.md)" in pages[1].read_text()
    assert (project.output / "entities" / "acme" / "3.md").is_file()
    assert not (project.output / "themes" / "money" / "4.md").exists()


def test_a_figure_stated_by_many_sources_names_a_few_and_counts_the_rest():
    from types import SimpleNamespace

    env = environment(REPO / "templates")
    listings = {i: SimpleNamespace(source_label=i.upper()) for i in "abcd"}
    macros = env.get_template("_macros.md.j2").make_module(
        {
            "settings": SimpleNamespace(sources_named=2),
            "listed": listings.__getitem__,
            "sources_of": lambda ids: [listings[i].source_label for i in ids],
            "link_article": lambda article, text: Markdown(f"[{text}](x.md)"),
        }
    )
    assert (
        str(macros.backing(list("abcd"))).strip() == "4 articles, 4 outlets: [A](x.md), [B](x.md) and 2 more"
    )


def test_a_sentence_two_articles_say_word_for_word_is_quoted_once_with_a_link_to_each():
    """A republished copy's sentence under a disagreement's version: once, not twice."""
    from types import SimpleNamespace

    from tests.conftest import make_sentence

    env = environment(REPO / "templates")
    listings = {i: SimpleNamespace(source_label=i.upper()) for i in ("a", "b", "c")}
    macros = env.get_template("_macros.md.j2").make_module(
        {
            "settings": SimpleNamespace(sources_named=3),
            "listed": listings.__getitem__,
            "link_article": lambda article, text: Markdown(f"[{text}](x.md)"),
            "original": lambda article, sentence: Markdown(f"[↗]({article.source_label}.example)"),
        }
    )
    said = "Acme will pay £150 million for Widgets."
    sentences = [
        make_sentence(said, 0, "a"),
        make_sentence(f" {said}", 2, "b"),
        make_sentence("Not so.", 0, "c"),
    ]
    quoted = str(macros.quotes(sentences))
    assert quoted.count(said) == 1
    assert f"> {said} [↗](A.example) *(word for word in [B](x.md) [↗](B.example))*" in quoted
    assert "> Not so. [↗](C.example)" in quoted


@pytest.mark.parametrize(
    ("target", "folder"),
    [
        ("articles/a.md", "articles"),
        ("articles/a.md", ""),
        ("articles/a.md", "themes"),
        ("index.md", "entities"),
        ("themes/index.md", "themes"),
        ("feeds/all.xml", "a/b"),
    ],
)
def test_relative_links_are_those_of_posixpath(target, folder):
    import posixpath

    from digest.render import relative

    assert relative(target, folder) == posixpath.relpath(target, folder or ".")


def test_article_pages_rendered_in_workers_are_the_same(two_article_project, monkeypatch):
    import digest.parallel
    import digest.render
    from digest.analyse import analyse
    from digest.build import check
    from digest.link import link

    settings, content, _ = check(two_article_project.root)
    linked = link(content, analyse(content, settings.summary_share), settings)
    here = digest.render.render(linked, settings, REPO / "templates", jobs=1)
    monkeypatch.setattr(digest.parallel, "PARALLEL_FROM", 1)
    assert digest.render.render(linked, settings, REPO / "templates", jobs=2) == here


def test_an_article_page_shows_nothing_of_the_digest_but_what_its_fingerprint_covers(two_article_project):
    """Reused pages (see ``Reuse``) are only right if an article page is made from its fingerprint's
    inputs alone: its analysis, its story (with its articles), the stories related to it, the themes,
    entities, questions and notes on figures."""
    from digest.analyse import analyse
    from digest.build import check
    from digest.link import link
    from digest.model import Digest
    from digest.render import Renderer

    settings, content, _ = check(two_article_project.root)
    linked = link(content, analyse(content, settings.summary_share), settings)
    full = Renderer(linked, settings, REPO / "templates")
    for article in linked.articles:
        story = linked.story_of(article.id)
        bare = Digest(
            articles=tuple(a for a in linked.articles if a.id in story.articles),
            themes=linked.themes,
            entities=linked.entities,
            stories=(story, *(linked.story(r.story_id) for r in story.related)),
            questions=linked.questions,
            figure_notes=linked.figure_notes,
        )
        assert Renderer(bare, settings, REPO / "templates").article(article.id) == full.article(article.id)


def test_a_view_page_is_made_from_its_view_alone(two_article_project):
    """A view page is reused while its view is unchanged (see ``Reuse``): its template is never given the
    digest, so it cannot show anything its view does not hold."""
    import jinja2

    from digest.analyse import analyse
    from digest.build import check
    from digest.link import link
    from digest.render import ARCHIVE, Renderer, View, entity_page

    settings, content, _ = check(two_article_project.root)
    linked = link(content, analyse(content, settings.summary_share), settings)
    renderer = Renderer(linked, settings, REPO / "templates")
    assert all(entity_page(e.id) in renderer.views for e in linked.entities)
    archive = renderer.views[ARCHIVE]()
    assert [card.id for card in archive.context["stories"]] == [s.id for s in linked.stories]
    assert "Regulators study Acme deal" in renderer.view(ARCHIVE, archive)
    renderer.env.loader = jinja2.DictLoader({"peek.md.j2": "{{ digest.articles | length }}"})
    with pytest.raises(jinja2.UndefinedError, match="'digest' is undefined"):
        renderer.view(ARCHIVE, View("peek.md.j2", "Peek", "", {}, {}))


def test_a_page_quotes_each_text_once_and_counts_the_repeats():
    from digest.render import Quoted, quoted_once
    from tests.conftest import make_sentence

    a, b, c = (make_sentence(text) for text in ("A said.", "B said.", "C said."))
    blocks = [("new", [a, b], 0), ("copy", [make_sentence("A said.", 3, "copy"), c, c], 4), ("old", [b], 0)]
    assert quoted_once(blocks) == [
        Quoted("new", (a, b), 0),
        Quoted("copy", (c,), 2, 4),
        Quoted("old", (), 1),
    ]


def _built_with_a_syndicated_copy(project, **copy: str) -> Path:
    """A project of an article and a newer copy of it with one sentence more, built; its output folder."""
    story = """
        Acme Corp will invest two billion dollars in Widgets Ltd, the companies said on Tuesday.

        Regulators in Brussels said they would study the investment under competition law.
        """
    project.add("2024-01-02-acme-invests", story)
    project.add(
        "2024-01-03-acme-invests-copy",
        story + "\nJane Roe said Acme would invest again next year.\n",
        title="Acme to invest",
        outlet="Daily Wire Service",
        date="2024-01-03",
        url="https://example.org/copy",
        **copy,
    )
    from digest.build import build

    build(project.root)
    return project.output


def test_a_syndicated_copy_is_not_quoted_twice_on_entity_and_theme_pages(project):
    output = _built_with_a_syndicated_copy(project)
    entity = (output / "entities" / "acme.md").read_text()
    newest, older = entity.split("**The Paper**")
    assert "**Daily Wire Service**" in newest and "> Acme Corp will invest two billion dollars" in newest
    assert "Says, word for word, 1 sentence quoted above." in older and "> " not in older.split("##")[0]
    theme = (output / "themes" / "money.md").read_text()
    assert theme.count("will invest two billion dollars") == 1
    assert theme.count("Regulators in Brussels said") == 1
    older = theme.split("**The Paper**")[1]
    assert "word for word, 1 sentence quoted above." in older


def test_an_original_is_quoted_before_its_newer_republished_copy(project):
    """What a copy and its original both say is quoted from the original, and the copy says it repeats it."""
    output = _built_with_a_syndicated_copy(project, copy_of="2024-01-02-acme-invests")
    entity = (output / "entities" / "acme.md").read_text()
    original, copy = entity.split("**Daily Wire Service**")
    assert "**The Paper**" in original and "> Acme Corp will invest two billion dollars" in original
    assert "Also says, word for word, 1 sentence quoted above." in copy
    assert "Acme Corp will invest" not in copy


def test_a_listing_gets_a_page_per_year_only_above_the_limit():
    import datetime as dt

    from digest.render import Year, _by_year

    dates = [dt.date(2025, 3, 1), dt.date(2025, 1, 9), dt.date(2023, 7, 4), None]

    def made(items, years=(), year=None, top=""):  # what a view would be made from
        return tuple(items), tuple(years), year, top

    one, no_years = _by_year("archive.md", dates, lambda d: d, 4, made)
    assert {path: view() for path, view in one.items()} == {"archive.md": (tuple(dates), (), None, "")}
    assert no_years == []

    views, years_made = _by_year("archive.md", dates, lambda d: d, 3, made)
    split = {path: view() for path, view in views.items()}
    years = (
        Year("archive/2025.md", 2025, 2),
        Year("archive/2023.md", 2023, 1),
        Year("archive/undated.md", None, 1),
    )
    assert tuple(years_made) == years
    assert split == {
        "archive.md": ((), years, None, ""),
        "archive/2025.md": (tuple(dates[:2]), (), 2025, "archive.md"),
        "archive/2023.md": ((dates[2],), (), 2023, "archive.md"),
        "archive/undated.md": ((None,), (), None, "archive.md"),
    }


def test_above_the_limit_the_sources_list_each_outlets_newest_articles_and_every_author(project):
    from digest.build import build

    (project.root / "digest.yml").write_text("listing_limit: 2\narticles_listed: 1\n")
    for day, author in (("02", "Jane Roe"), ("03", "john doe"), ("04", "Jane roe")):
        body = f"Acme Corp said on day {day} that it would invest in Widgets Ltd again this year."
        project.add(
            f"2024-01-{day}-acme", body, date=f"2024-01-{day}", author=author, url=f"https://e.com/{day}"
        )
    build(project.root)
    sources = (project.output / "sources.md").read_text()
    assert "Authors: Jane roe, john doe." in sources  # each once, newest spelling first
    assert "*The newest 1 of 3 articles; every article is in the [archive](archive.md).*" in sources
    assert sources.count("](articles/") == 1 and "](articles/2024-01-04-acme.md" in sources
    archive = (project.output / "archive.md").read_text()  # one story, under the limit: not split
    assert "archive/2024.md" not in archive and archive.count("](articles/") == 3
