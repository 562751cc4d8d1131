import datetime as dt
import os
from pathlib import Path

import pytest

from digest.errors import Severity
from digest.load import load_content
from tests.conftest import TODAY, Project, article_text


def load(project: Project):
    return load_content(project.root / "content", project.root, TODAY)


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_a_valid_article_loads_with_every_field(project: Project):
    project.add("2024-01-02-acme", "Acme invests.\n\nSecond paragraph.", language="en", tags="[AI, cloud]")
    content, problems = load(project)
    assert problems == ()
    (article,) = content.articles
    assert article.id == "2024-01-02-acme"
    assert article.path == "content/articles/2024-01-02-acme.md"
    assert (article.title, article.outlet, article.author) == ("Acme invests", "The Paper", "Jane Roe")
    assert article.date == dt.date(2024, 1, 2)
    assert article.tags == ("ai", "cloud")
    assert article.body == "Acme invests.\n\nSecond paragraph."
    assert article.body_line == 11
    assert [t.id for t in content.themes] == ["money", "rules"]
    assert [e.id for e in content.entities] == ["acme", "jane-roe"]


def test_unknown_fields_are_warnings_never_guesses(project: Project):
    project.add("a", "Text.", outlet=None, author=None, date=None, url=None)
    content, problems = load(project)
    (article,) = content.articles
    assert (article.outlet, article.author, article.date, article.url) == (None, None, None, None)
    assert {p.severity for p in problems} == {Severity.WARNING}
    assert messages(problems) == [
        "content/articles/a.md:3: outlet: the publication is not known; fill it in if any source says, or write 'outlet: null' if none does",
        "content/articles/a.md:4: author: the author is not known; fill it in if the byline says, or write 'author: null' if there is none",
        "content/articles/a.md:5: date: the date is not known; fill it in if any source says, or write 'date: null' if none does",
        "content/articles/a.md:6: url: no link to the original, so readers cannot check it; add it, or write 'url: null' if none is known",
    ]


def test_a_field_known_not_to_be_known_is_written_null_and_warns_of_nothing(project: Project):
    """Issue 23: the unchanged first edition built with 11 warnings, so CI could not run --strict."""
    project.add(
        "a", "Text.", outlet="null  # republished; the original outlet is not known", author="~", date=None
    )
    content, problems = load(project)
    (article,) = content.articles
    assert (article.outlet, article.author, article.date) == (None, None, None)
    assert messages(problems) == [
        "content/articles/a.md:5: date: the date is not known; fill it in if any source says, or write 'date: null' if none does"
    ]


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ({"title": None}, "content/articles/a.md:2: title: is missing; add the article's headline"),
        ({"titel": "X"}, "content/articles/a.md:7: titel: unknown field; did you mean 'title'?"),
        (
            {"date": "26/02/2024"},
            "content/articles/a.md:5: date: expected a date as YYYY-MM-DD (e.g. 2024-02-26) but received '26/02/2024'",
        ),
        ({"date": "2026-06-01"}, "content/articles/a.md:5: date: 2026-06-01 is in the future; check it"),
        (
            {"url": "javascript:alert(1)"},
            "content/articles/a.md:6: url: expected an http:// or https:// address but received 'javascript:alert(1)'",
        ),
        ({"title": "NO"}, None),
        ({"title": "12"}, "content/articles/a.md:2: title: expected text but received 12; put it in quotes"),
        (
            {"language": "English"},
            "content/articles/a.md:7: language: expected a language code such as 'en' or 'fr' but received 'English'",
        ),
    ],
)
def test_front_matter_errors_name_file_line_and_fix(project: Project, front, expected):
    project.add("a", "Text.", **front)
    content, problems = load(project)
    if expected is None:
        assert problems == () and content.articles[0].title == "NO"
    else:
        assert messages(problems) == [expected]
        assert content.articles == ()


def test_editorial_fields(project: Project):
    project.add("a", "Text.", themes="[rules, -money]", summary='"Acme pays. Rules follow."', draft="true")
    content, problems = load(project)
    assert problems == ()
    (article,) = content.articles
    assert (article.themes_added, article.themes_removed) == (("rules",), ("money",))
    assert (article.summary, article.draft) == ("Acme pays. Rules follow.", True)


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            {"themes": "[rulez]"},
            "content/articles/a.md:7: themes: unknown theme 'rulez'; did you mean 'rules'?",
        ),
        (
            {"themes": "rules"},
            "content/articles/a.md:7: themes: expected a list of theme ids, e.g. [regulation, -open-source] (- removes a theme)",
        ),
        ({"draft": "yes"}, "content/articles/a.md:7: draft: expected true or false but received 'yes'"),
        (
            {"summary": "[a, b]"},
            "content/articles/a.md:7: summary: expected text but received ['a', 'b']; put it in quotes",
        ),
    ],
)
def test_editorial_field_errors(project: Project, front, expected):
    project.add("a", "Text.", **front)
    _, problems = load(project)
    assert messages(problems) == [expected]


def test_a_body_over_the_limit_is_refused(project: Project):
    project.add("a", "word " * 30_000)
    _, problems = load(project)
    assert messages(problems) == [
        "content/articles/a.md:9: body: the text is 149,999 characters, over the 100,000 limit; is it one article?"
    ]


def test_two_files_with_one_slug(project: Project):
    project.add("a", "Text.")
    (project.root / "content/articles/2024").mkdir()
    (project.root / "content/articles/2024/a.md").write_text(article_text("Other.", url="https://e.com/2"))
    _, problems = load(project)
    assert messages(problems) == [
        "content/articles/a.md:1: file name: the same slug as content/articles/2024/a.md: both would be the page 'a'; rename one"
    ]


def test_malformed_yaml_reports_its_line(project: Project):
    path = project.root / "content/articles/a.md"
    path.write_text("---\ntitle: ok\noutlet: [broken\n---\n\nText.\n", encoding="utf-8")
    _, problems = load(project)
    (problem,) = problems
    assert (problem.path, problem.line, problem.field) == ("content/articles/a.md", 3, "front matter")


def test_file_level_problems(project: Project):
    articles = project.root / "content/articles"
    (articles / "no-front-matter.md").write_text("Just text.\n", encoding="utf-8")
    (articles / "latin1.md").write_bytes(article_text("Café").encode("latin-1"))
    (articles / "empty-body.md").write_text(article_text("", url="https://example.com/e"), encoding="utf-8")
    (articles / "Bad Name.md").write_text(
        article_text("Text.", url="https://example.com/b"), encoding="utf-8"
    )
    _, problems = load(project)
    assert messages(problems) == [
        "content/articles/Bad Name.md:1: file name: use lowercase letters, digits and dashes: rename to bad-name.md",
        "content/articles/empty-body.md:7: body: the article has no text; paste it below the '---'",
        "content/articles/latin1.md:9: encoding: file is not UTF-8; save it as UTF-8",
        "content/articles/no-front-matter.md:1: front matter: the file must start with a line '---'",
    ]


def test_symbolic_links_are_refused(project: Project, tmp_path: Path):
    outside = tmp_path / "secret.md"
    outside.write_text(article_text("Secret."), encoding="utf-8")
    os.symlink(outside, project.root / "content/articles/link.md")
    content, problems = load(project)
    assert content.articles == ()
    assert messages(problems) == [
        "content/articles/link.md:1: file: is a symbolic link; commit the file itself"
    ]


def test_two_articles_with_one_url(project: Project):
    project.add("a", "Text.")
    project.add("b", "Other text.", url="https://EXAMPLE.com/acme/")
    _, problems = load(project)
    assert messages(problems) == [
        "content/articles/b.md:1: url: the same URL as content/articles/a.md; one article per original"
    ]


def test_theme_and_entity_files_are_checked(project: Project):
    (project.root / "content/themes.yml").write_text(
        "themes:\n  - id: Money\n    title: M\n  - id: ok\n    title: OK\n    cues: {invest: -1}\n"
        "  - id: ok2\n    title: OK\n    cue: {x: 1}\n    cues: {x: 1}\n",
        encoding="utf-8",
    )
    (project.root / "content/entities.yml").write_text(
        "entities:\n  - id: acme\n    name: Acme\n    type: company\n  - id: acme\n    name: Again\n    type: person\n",
        encoding="utf-8",
    )
    content, problems = load(project)
    assert messages(problems) == [
        "content/entities.yml:4: type: expected one of: person, organisation, product, law, place, publication",
        "content/entities.yml:5: id: 'acme' is used twice; ids must be unique",
        "content/themes.yml:2: id: id must be lowercase letters, digits and dashes, received 'Money'",
        "content/themes.yml:6: cues: weight of 'invest' must be a positive number",
        "content/themes.yml:9: cue: unknown field; did you mean 'cues'?",
    ]
    assert content.themes == () and content.entities == ()


def test_theme_and_entity_names_must_be_text(project: Project):
    (project.root / "content/themes.yml").write_text(
        "themes:\n  - id: money\n    cues: {invest: 1}\n", encoding="utf-8"
    )
    (project.root / "content/entities.yml").write_text(
        "entities:\n  - id: acme\n    name: [Acme]\n    type: [organisation]\n", encoding="utf-8"
    )
    _, problems = load(project)
    assert messages(problems) == [
        "content/entities.yml:3: name: is missing or not text; add it in quotes",
        "content/entities.yml:4: type: expected one of: person, organisation, product, law, place, publication",
        "content/themes.yml:2: title: is missing or not text; add it in quotes",
    ]


def test_missing_content_files(tmp_path: Path):
    _content, problems = load_content(tmp_path / "content", tmp_path, TODAY)
    assert messages(problems) == [
        "content/articles:1: articles: folder is missing; create it",
        "content/entities.yml:1: entities: file is missing; create it with a top-level 'entities:' list",
        "content/themes.yml:1: themes: file is missing; create it with a top-level 'themes:' list",
    ]


def test_a_copy_names_an_article_of_the_digest(project: Project):
    project.add("a", "Text.")
    project.add("b", "Text.", url="https://example.com/b", copy_of="a")
    project.add("c", "Text.", url="https://example.com/c", copy_of="nothing-here")
    content, problems = load(project)
    assert [a.copy_of for a in content.articles] == [None, "a", "nothing-here"]
    assert [str(p) for p in problems if p.is_error] == [
        "content/articles/c.md:1: copy_of: no other article has the id 'nothing-here'; name the file it copies, without .md"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "\ufeff" + article_text("Acme grew."),
            "content/articles/a.md:1: encoding: starts with a byte-order mark (BOM), which some tools show as "
            "a stray character; save it as UTF-8 without BOM",
        ),
        (
            article_text("Acme grew.", date="2024-02-30"),
            "content/articles/a.md:5: date: 2024-02-30 is no day of the calendar: February 2024 has 29 days",
        ),
        (
            article_text("Acme grew.").replace("author: Jane Roe", "\tauthor: Jane Roe"),
            "content/articles/a.md:4: front matter: YAML does not allow tabs for indentation; indent with spaces",
        ),
        (
            article_text("Acme said \ufffdToday we win\ufffd on Monday."),
            "content/articles/a.md:9: encoding: holds U+FFFD (‘\ufffd’, 2 in all): characters lost when the text "
            "was decoded; import the original again (digest import reads its encoding), or write what each was",
        ),
        (
            article_text(
                "The former CEO said so.\n\nThe formerâs plans were clear. âToday we win,â he said."
            ),
            "content/articles/a.md:11: encoding: 'formerâs' looks mis-decoded (3 such place(s)): text saved in "
            "one encoding and read in another; it probably reads 'former’s'; correct each, or import the "
            "original again",
        ),
    ],
)
def test_what_went_wrong_with_a_file_is_said_in_words_a_maintainer_knows(project: Project, text, expected):
    """Issue 23: a BOM, a day that does not exist, a tab, a lost or mis-decoded character."""
    (project.root / "content" / "articles" / "a.md").write_text(text, encoding="utf-8")
    _content, problems = load(project)
    assert messages(problems) == [expected]


def test_a_source_kind_is_one_of_three_and_a_wrong_one_names_them(project):
    project.add("a", "Text.", url="https://example.com/a")
    project.add("b", "Text.", url="https://example.com/b", source_kind="republished")
    project.add("c", "Text.", url="https://example.com/c", source_kind="newspaper")
    content, problems = load(project)
    assert [a.source_kind for a in content.articles] == ["outlet", "republished"]
    (problem,) = [p for p in problems if p.is_error]
    assert (problem.path, problem.field) == ("content/articles/c.md", "source_kind")
    assert "expected one of 'outlet'" in problem.message and "'blog'" in problem.message
    assert "received 'newspaper'" in problem.message
