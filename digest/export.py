"""``digest.json``: the machine-readable digest, published at the site root.

The format is documented in README.md ("digest.json"); fields are only ever added, never renamed or
removed, so readers of the file can rely on it. Output is deterministic: stable order, no timestamps.
"""

from __future__ import annotations

import json
from typing import Any

from digest.cache import Memo
from digest.model import AnalysedArticle, Digest, FigureGroup

FILENAME = "digest.json"
SCHEMA_VERSION = 1


def to_data(digest: Digest) -> dict[str, Any]:
    return {
        "version": SCHEMA_VERSION,
        "articles": [_article_data(a, digest) for a in digest.articles],
        "themes": [
            {
                "id": t.id,
                "title": t.title,
                "description": t.description,
                "articles": [a.id for a in digest.articles_on(t.id)],
                "passages": [p for a in digest.articles_on(t.id) for p in _passage_data(a, t.id)],
            }
            for t in digest.themes
        ],
        "entities": _entities_data(digest),
        **_linked_data(digest),
    }


def _entities_data(digest: Digest) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "name": e.name,
            "type": e.type.value,
            "aliases": list(e.aliases),
            "articles": [a.id for a in digest.articles_naming(e.id)],
        }
        for e in digest.entities
    ]


LINKED = ("overviews", "figures", "timeline")
"""The parts of the digest :func:`_linked_data` is made from (see :attr:`Digest.fingerprints`)."""


def _linked_data(digest: Digest) -> dict[str, Any]:
    """What comparing the articles found: the overview, the figures, the disagreements, the timeline."""
    return {
        "overview": [{"text": c.sentence.text, "articles": list(c.cited)} for c in digest.overview],
        "figures": [_figure(group) for group in digest.figures],
        "disagreements": [
            {
                "question": d.question,
                "editorial": d.editorial,
                "note": d.note,
                "versions": [
                    {
                        "label": v.label,
                        "articles": list(v.articles),
                        "quotes": [{"article": q.article_id, "text": q.text} for q in v.quotes],
                        "notes": list(v.notes),
                    }
                    for v in d.versions
                ],
            }
            for d in digest.disagreements
        ],
        "timeline": [
            {
                "date": e.date.isoformat(),
                "precision": e.precision,
                "approximate": e.approximate,
                "phrase": e.phrase,
                "text": e.sentence.text,
                "articles": list(e.cited),
            }
            for e in digest.timeline
        ],
    }


def _article_data(a: AnalysedArticle, digest: Digest) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.article.title,
        "outlet": a.article.outlet,
        "author": a.article.author,
        "date": a.article.date.isoformat() if a.article.date else None,
        "url": a.article.url,
        "language": a.article.language,
        "tags": list(a.article.tags),
        "summary": list(a.editorial_summary) or [s.text for s in a.summary],
        "summary_editorial": bool(a.editorial_summary),
        "themes": list(a.theme_ids),
        "entities": list(a.entity_ids),
        "related": [r.article_id for r in digest.related[a.id]],
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
    passages on each theme (by its analysis key and related articles), and what comparing the articles
    found (by the fingerprints of what that was made from), as UTF-8 JSON. After one article changed,
    only its parts are made again, not 10,000 articles' data.

    The parts are joined as bytes, once: joining them as text made copies of a 60 MB string (at four
    bytes a character when it holds one character outside the BMP) and took the build over 1 GB.
    """
    made_from = [digest.fingerprints.get(name) for name in LINKED]
    if not all(a.key for a in digest.articles) or None in made_from:
        return to_json(digest).encode("utf-8")
    parts = {a.id: _fragment(fragments, a, digest) for a in digest.articles}
    pieces = [b'{"version":%d,"articles":[' % SCHEMA_VERSION, b",".join(p[0] for p in parts.values())]
    pieces.append(b'],"themes":[')
    for i, theme in enumerate(digest.themes):
        on_theme = [a.id for a in digest.articles_on(theme.id)]
        opening = {
            "id": theme.id,
            "title": theme.title,
            "description": theme.description,
            "articles": on_theme,
        }
        passages = b",".join(p for article_id in on_theme if (p := parts[article_id][1].get(theme.id)))
        pieces += [b","] * (i > 0) + [_dumps(opening)[:-1].encode("utf-8"), b',"passages":[', passages, b"]}"]
    linked = fragments.recall(repr(("linked", made_from)), lambda: _dumps(_linked_data(digest))[1:-1])
    linked_bytes = linked.encode("utf-8")
    pieces += [b'],"entities":', _dumps(_entities_data(digest)).encode("utf-8"), b",", linked_bytes, b"}\n"]
    return b"".join(pieces)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _fragment(fragments: Memo, a: AnalysedArticle, digest: Digest) -> tuple[bytes, dict[str, bytes]]:
    """An article's entry, and its passages on each of its themes (JSON objects separated by commas),
    encoded; kept as text (which the memo writes as it is, where bytes would take a third more) by its
    analysis key and its related articles (all the entry holds of the rest of the digest)."""

    def make() -> tuple[str, dict[str, str]]:
        passages = {t: _dumps(_passage_data(a, t))[1:-1] for t in a.theme_ids}
        return _dumps(_article_data(a, digest)), passages

    key = repr(("article", a.key, [r.article_id for r in digest.related[a.id]]))
    entry, passages = fragments.recall(key, make)
    return entry.encode("utf-8"), {t: text.encode("utf-8") for t, text in passages.items()}
