"""Atom and JSON Feed 1.1 feeds of the articles: the whole digest, and one pair per theme.

Part of stage 5 (render). Newest first; each entry's content is the article's summary, with links to its
page and to the original. Dates come only from the articles' front matter (a shallow CI clone gives every
file the same git date), so an article without a date is left out of the feeds: it cannot be placed in
time. Ids are the article pages' addresses, which never change once published (the page is named after
the file). XML is built with ElementTree, which escapes every value. A feed holds the newest
``FEED_ENTRIES`` articles, as feeds do: a reader polls it for what is new, and the archive holds the rest.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from digest.model import AnalysedArticle, Digest

ATOM_NS = "http://www.w3.org/2005/Atom"
FEEDS_DIR = "feeds"
FEED_ENTRIES = 20


def feed_paths(theme_id: str | None = None) -> tuple[str, str]:
    """(Atom, JSON Feed) paths under the output folder."""
    name = theme_id or "all"
    return f"{FEEDS_DIR}/{name}.xml", f"{FEEDS_DIR}/{name}.json"


def render_feeds(digest: Digest, site_url: str, site_title: str) -> dict[str, str]:
    feeds: dict[str, str] = {}
    for theme in (None, *digest.themes):
        articles = digest.articles if theme is None else digest.articles_on(theme.id)
        title = site_title if theme is None else f"{site_title}: {theme.title}"
        home = site_url if theme is None else f"{site_url}themes/{theme.id}/"
        atom_path, json_path = feed_paths(theme.id if theme else None)
        dated = [a for a in articles if a.article.date][:FEED_ENTRIES]  # articles are newest first
        feeds[atom_path] = atom(dated, title, home, site_url + atom_path, site_url)
        feeds[json_path] = json_feed(dated, title, home, site_url + json_path, site_url)
    return feeds


def atom(articles: Sequence[AnalysedArticle], title: str, home: str, self_url: str, site_url: str) -> str:
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
        element.text = text
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", self_url)
    sub(feed, "title", title)
    sub(feed, "updated", _timestamp(articles[0].article.date) if articles else "1970-01-01T00:00:00Z")
    sub(feed, "link", rel="self", href=self_url)
    sub(feed, "link", rel="alternate", href=home)
    sub(feed, "generator", "digest")
    for analysed in articles:
        article = analysed.article
        entry = sub(feed, "entry")
        sub(entry, "id", _page(site_url, analysed))
        sub(entry, "title", article.title)
        sub(entry, "updated", _timestamp(article.date))
        sub(entry, "published", _timestamp(article.date))
        sub(entry, "link", rel="alternate", href=_page(site_url, analysed))
        if article.url:
            sub(
                entry,
                "link",
                rel="related",
                href=article.url,
                title=f"The original at {article.source_label}",
            )
        author = sub(entry, "author")
        sub(author, "name", article.author or article.source_label)
        sub(entry, "summary", _summary(analysed), type="text")
        for theme_id in analysed.theme_ids:
            sub(entry, "category", term=theme_id)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def json_feed(
    articles: Sequence[AnalysedArticle], title: str, home: str, self_url: str, site_url: str
) -> str:
    items = []
    for analysed in articles:
        article = analysed.article
        item: dict[str, object] = {
            "id": _page(site_url, analysed),
            "url": _page(site_url, analysed),
            "title": article.title,
            "content_text": _summary(analysed),
            "date_published": _timestamp(article.date),
            "authors": [{"name": article.author or article.source_label}],
            "tags": list(analysed.theme_ids),
        }
        if article.url:
            item["external_url"] = article.url
        if article.language:
            item["language"] = article.language
        items.append(item)
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": home,
        "feed_url": self_url,
        "items": items,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _page(site_url: str, analysed: AnalysedArticle) -> str:
    return f"{site_url}articles/{analysed.id}/"


def _summary(analysed: AnalysedArticle) -> str:
    return " ".join(analysed.editorial_summary or [s.text for s in analysed.summary])


def _timestamp(date: dt.date | None) -> str:
    assert date is not None
    return f"{date.isoformat()}T00:00:00Z"
