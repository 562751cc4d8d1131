"""``digest.json``: the machine-readable digest, published at the site root.

The format is documented in README.md ("digest.json"); fields are only ever added, never renamed or
removed, so readers of the file can rely on it. Output is deterministic: stable order, no timestamps.

Since stories (issue 24), what comparing the sources found is each story's: ``stories[]`` holds it, and
the top-level ``overview``, ``figures``, ``disagreements`` and ``timeline`` keep their fields, as the
union of every story's, each item naming its ``story``.
"""

from __future__ import annotations

import json
from typing import Any

from digest.cache import Memo
from digest.model import AnalysedArticle, Compared, Digest, FigureGroup, Story

FILENAME = "digest.json"
SCHEMA_VERSION = 1


def to_data(digest: Digest) -> dict[str, Any]:
    stories = [_story_data(s, digest.compared_in(s)) for s in digest.stories]
    return {
        "version": SCHEMA_VERSION,
        "articles": [_article_data(a, digest) for a in digest.articles],
        "themes": [
            {
                **_theme_opening(digest, t.id),
                "passages": [p for a in digest.articles_on(t.id) for p in _passage_data(a, t.id)],
            }
            for t in digest.themes
        ],
        "entities": _entities_data(digest),
        "stories": stories,
        **{part: [item for story in stories for item in story[part]] for part in LINKED},
    }


LINKED = ("overview", "figures", "disagreements", "timeline")
"""The parts of a story that are also listed at the top, every story's together (each item naming it)."""


def _theme_opening(digest: Digest, theme_id: str) -> dict[str, Any]:
    theme = digest.theme(theme_id)
    return {
        "id": theme.id,
        "title": theme.title,
        "description": theme.description,
        "articles": [a.id for a in digest.articles_on(theme.id)],
        "stories": [s.id for s in digest.stories_on(theme.id)],
    }


def _entities_data(digest: Digest) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "name": e.name,
            "type": e.type.value,
            "aliases": list(e.aliases),
            "articles": [a.id for a in digest.articles_naming(e.id)],
            "stories": [s.id for s in digest.stories_naming(e.id)],
        }
        for e in digest.entities
    ]


def _story_data(story: Story, compared: Compared) -> dict[str, Any]:
    """A story: its articles and what comparing them found (each item of its parts names it too)."""
    named = {"story": story.id}
    return {
        "id": story.id,
        "title": story.title,
        "articles": list(story.articles),
        "sources": story.sources,
        "outlets": story.outlets,
        "outlet_unknown": story.outlet_unknown,
        "republished": story.republished,
        "blogs": story.blogs,
        "first": story.first.isoformat() if story.first else None,
        "last": story.last.isoformat() if story.last else None,
        "overview": [
            {"text": c.sentence.text, "articles": list(c.cited), "disputed": c.disputed, **named}
            for c in compared.overview
        ],
        "figures": [{**_figure(group), **named} for group in compared.figures],
        "context": [{**_figure(group), **named} for group in compared.context],
        "disagreements": [
            {
                "question": d.question,
                "editorial": d.editorial,
                "note": d.note,
                "parties": list(d.parties),
                "versions": [
                    {
                        "label": v.label,
                        "articles": list(v.articles),
                        "quotes": [{"article": q.article_id, "text": q.text} for q in v.quotes],
                        "notes": list(v.notes),
                        "sources": v.sources,
                        "first": v.first.isoformat() if v.first else None,
                        "last": v.last.isoformat() if v.last else None,
                        "speakers": list(v.speakers),
                        "cites": list(v.cites),
                    }
                    for v in d.versions
                ],
                **named,
            }
            for d in compared.disagreements
        ],
        "timeline": [
            {
                "date": e.date.isoformat(),
                "precision": e.precision,
                "approximate": e.approximate,
                "phrase": e.phrase,
                "text": e.sentence.text,
                "articles": list(e.cited),
                **named,
            }
            for e in compared.timeline
        ],
        "related": [r.story_id for r in story.related],
    }


def _article_data(a: AnalysedArticle, digest: Digest) -> dict[str, Any]:
    story = digest.story_of(a.id)
    return {
        "id": a.id,
        "title": a.article.title,
        "outlet": a.article.outlet,
        "source_kind": a.article.source_kind,
        "source": a.article.source_label,
        "author": a.article.author,
        "date": a.article.date.isoformat() if a.article.date else None,
        "url": a.article.url,
        "language": a.article.language,
        "tags": list(a.article.tags),
        "summary": list(a.editorial_summary) or [s.text for s in a.summary],
        "summary_editorial": bool(a.editorial_summary),
        "themes": list(a.theme_ids),
        "entities": list(a.entity_ids),
        "story": story.id,
        "related": [i for i in reversed(story.articles) if i != a.id],
    }


def _passage_data(a: AnalysedArticle, theme_id: str) -> list[dict[str, Any]]:
    return [
        {"article": p.article_id, "text": p.text, "score": p.score}
        for m in a.themes
        if m.theme_id == theme_id
        for p in m.passages
    ]


def _figure(group: FigureGroup) -> dict[str, Any]:
    first = group.figures[0]
    money = first.unit not in ("%",) and not first.unit.startswith("count:")
    return {
        "text": first.text,
        "value": first.value,
        "high": first.high,
        "currency": first.unit if money else None,
        "unit": None if money else first.unit.removeprefix("count:"),
        "qualifier": first.qualifier,
        "refers_to": first.refers_to,
        "articles": list(group.articles),
        "quotes": [{"article": f.sentence.article_id, "text": f.sentence.text} for f in group.figures],
        "notes": list(group.notes),
    }


def to_json(digest: Digest) -> str:
    """Compact JSON: with ``indent``, Python's encoder falls back to pure Python, which at 10,000 articles
    took 4 s and 300 MB more than the compact, C-encoded form (and the file was half again as big)."""
    return _dumps(to_data(digest)) + "\n"


def to_json_bytes(digest: Digest, fragments: Memo) -> bytes:
    """:func:`to_json`, encoded, made from parts kept in ``fragments``: each article's entry with its
    passages on each theme (by its analysis key and its story), and each story's entry (by its key and
    the stories related to it), as JSON text. After one article changed, only its parts and its story's
    are made again, not 10,000 articles' data.

    The parts are joined as bytes, once: joining them as text made copies of a 60 MB string (at four
    bytes a character when it holds one character outside the BMP) and took the build over 1 GB.
    """
    if not all(a.key for a in digest.articles) or not all(s.key for s in digest.stories):
        return to_json(digest).encode("utf-8")
    parts = {a.id: _fragment(fragments, a, digest) for a in digest.articles}
    stories = [_story_fragment(fragments, s, digest) for s in digest.stories]
    pieces = [b'{"version":%d,"articles":[' % SCHEMA_VERSION, b",".join(p[0] for p in parts.values())]
    pieces.append(b'],"themes":[')
    for i, theme in enumerate(digest.themes):
        on_theme = [a.id for a in digest.articles_on(theme.id)]
        passages = b",".join(p for article_id in on_theme if (p := parts[article_id][1].get(theme.id)))
        opening = _dumps(_theme_opening(digest, theme.id))[:-1].encode("utf-8")
        pieces += [b","] * (i > 0) + [opening, b',"passages":[', passages, b"]}"]
    pieces += [b'],"entities":', _dumps(_entities_data(digest)).encode("utf-8"), b',"stories":[']
    pieces += [b",".join(entry for entry, _linked in stories), b"]"]
    for part in LINKED:
        pieces += [
            b',"%s":[' % part.encode(),
            b",".join(x for _entry, linked in stories if (x := linked[part])),
            b"]",
        ]
    pieces.append(b"}\n")
    return b"".join(pieces)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _fragment(fragments: Memo, a: AnalysedArticle, digest: Digest) -> tuple[bytes, dict[str, bytes]]:
    """An article's entry, and its passages on each of its themes (JSON objects separated by commas),
    encoded; kept as text (which the memo writes as it is, where bytes would take a third more) by its
    analysis key and its story's articles (all the entry holds of the rest of the digest)."""

    def make() -> tuple[str, dict[str, str]]:
        passages = {t: _dumps(_passage_data(a, t))[1:-1] for t in a.theme_ids}
        return _dumps(_article_data(a, digest)), passages

    story = digest.story_of(a.id)
    entry, passages = fragments.recall(repr(("article", a.key, story.id, story.articles)), make)
    return entry.encode("utf-8"), {t: text.encode("utf-8") for t, text in passages.items()}


def _story_fragment(fragments: Memo, story: Story, digest: Digest) -> tuple[bytes, dict[str, bytes]]:
    """A story's entry, and its items of each :data:`LINKED` part (separated by commas), encoded; kept by
    its key and the stories related to it."""

    def make() -> tuple[str, dict[str, str]]:
        data = _story_data(story, digest.compared_in(story))
        return _dumps(data), {part: _dumps(data[part])[1:-1] for part in LINKED}

    key = repr(("story", story.key, [r.story_id for r in story.related]))
    entry, linked = fragments.recall(key, make)
    return entry.encode("utf-8"), {part: text.encode("utf-8") for part, text in linked.items()}
