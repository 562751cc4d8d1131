import json
from pathlib import Path

import feedparser
import jsonschema
from jsonschema import Draft202012Validator

import digest.feeds
from digest.build import build
from tests.conftest import Project

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "jsonfeed-1.1.json").read_text())


def test_atom_feed_follows_rfc_4287(two_article_project: Project):
    two_article_project.add(
        "undated", "Acme Corp said more about Widgets Ltd today.", date=None, url="https://e.com/u"
    )
    build(two_article_project.root)
    raw = (two_article_project.output / "feeds/all.xml").read_text()
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert (
        feed.feed.id == "http://127.0.0.1:8000/feeds/all.xml" and feed.feed.updated == "2024-01-05T00:00:00Z"
    )
    assert [e.id for e in feed.entries] == [
        "http://127.0.0.1:8000/articles/2024-01-05-regulators-study-acme-deal/",
        "http://127.0.0.1:8000/articles/2024-01-02-acme-invests/",
    ]  # newest first; the undated article cannot be placed in time, so it is left out
    entry = feed.entries[1]
    assert (
        entry.title == "Acme invests"
        and entry.author == "Jane Roe"
        and entry.published == "2024-01-02T00:00:00Z"
    )
    assert {link.rel: link.href for link in entry.links} == {
        "alternate": "http://127.0.0.1:8000/articles/2024-01-02-acme-invests/",
        "related": "https://example.com/acme",
    }
    assert entry.summary.startswith("Acme Corp will invest two billion dollars")
    assert [t.term for t in entry.tags] == ["money", "rules"]


def test_json_feeds_validate_against_json_feed_1_1(two_article_project: Project):
    build(two_article_project.root)
    for path in sorted((two_article_project.output / "feeds").glob("*.json")):
        data = json.loads(path.read_text())
        Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)
    theme = json.loads((two_article_project.output / "feeds/rules.json").read_text())
    assert theme["home_page_url"] == "http://127.0.0.1:8000/themes/rules/"
    assert [i["id"] for i in theme["items"]] == [
        "http://127.0.0.1:8000/articles/2024-01-05-regulators-study-acme-deal/",
        "http://127.0.0.1:8000/articles/2024-01-02-acme-invests/",
    ]


def test_site_url_comes_from_the_environment_like_mkdocs(two_article_project: Project, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://acme.github.io/digest")
    build(two_article_project.root)
    data = json.loads((two_article_project.output / "feeds/all.json").read_text())
    assert data["feed_url"] == "https://acme.github.io/digest/feeds/all.json"


def test_feed_text_is_escaped(project: Project):
    project.add(
        "2024-01-02-x",
        "Acme Corp </summary><script>alert(1)</script> invests in Widgets Ltd today.",
        title='"</title><entry>x</entry>"',
    )
    build(project.root)
    feed = feedparser.parse((project.output / "feeds/all.xml").read_text())
    assert not feed.bozo and len(feed.entries) == 1
    assert feed.entries[0].title == "</title><entry>x</entry>"


def test_a_feed_holds_only_the_newest_entries(two_article_project: Project, monkeypatch):
    monkeypatch.setattr(digest.feeds, "FEED_ENTRIES", 1)
    build(two_article_project.root)
    feed = feedparser.parse((two_article_project.output / "feeds/all.xml").read_text())
    assert [e.id for e in feed.entries] == [
        "http://127.0.0.1:8000/articles/2024-01-05-regulators-study-acme-deal/"
    ]
