"""``digest.json``: the machine-readable digest, published at the site root.

The format is documented in README.md ("digest.json"); fields are only ever added, never renamed or
removed, so readers of the file can rely on it. Output is deterministic: stable order, no timestamps.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
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
        "entities": [
            {
                "id": e.id,
                "name": e.name,
                "type": e.type.value,
                "aliases": list(e.aliases),
                "articles": [a.id for a in digest.articles_naming(e.id)],
            }
            for e in digest.entities
        ],
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
    """:func:`to_json`, encoded, made from parts kept in ``fragments``: each article's entry (by its
    analysis key and related articles) and its passages on each theme (by key and theme), as UTF-8 JSON.
    After one article changed, only its parts are made again, not 10,000 articles' data.

    The parts are joined as bytes, once: joining them as text made copies of a 60 MB string (at four
    bytes a character when it holds one character outside the BMP) and took the build over 1 GB.
    """
    if not all(a.key for a in digest.articles):
        return to_json(digest).encode("utf-8")
    data = to_data(dataclasses.replace(digest, articles=()))
    pieces = [b'{"version":%d,"articles":[' % data["version"]]
    for i, a in enumerate(digest.articles):
        related = [r.article_id for r in digest.related[a.id]]
        pieces += [b","] * (i > 0) + [_fragment(fragments, ("article", a.key, related), _article, a, digest)]
    pieces.append(b'],"themes":[')
    for i, theme in enumerate(data["themes"]):
        on_theme = digest.articles_on(theme["id"])
        theme["articles"] = [a.id for a in on_theme]
        opening = _dumps(theme).removesuffix("[]}")  # "passages" is last, and empty: filled in here
        pieces += [b","] * (i > 0) + [opening.encode("utf-8"), b"["]
        passages = (
            _fragment(fragments, ("passages", a.key, theme["id"]), _passages, a, theme["id"])
            for a in on_theme
        )
        for j, passage in enumerate(p for p in passages if p):
            pieces += [b","] * (j > 0) + [passage]
        pieces.append(b"]}")
    for entity in data["entities"]:
        entity["articles"] = [a.id for a in digest.articles_naming(entity["id"])]
    rest = {key: value for key, value in data.items() if key not in ("version", "articles", "themes")}
    pieces += [b"],", _dumps(rest)[1:].encode("utf-8"), b"\n"]
    return b"".join(pieces)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _fragment(fragments: Memo, key: tuple[Any, ...], make: Callable[..., bytes], *arguments: Any) -> bytes:
    return fragments.recall(repr(key), lambda: make(*arguments))


def _article(a: AnalysedArticle, digest: Digest) -> bytes:
    return _dumps(_article_data(a, digest)).encode("utf-8")


def _passages(a: AnalysedArticle, theme_id: str) -> bytes:
    """The article's passages on the theme, as JSON objects separated by commas (without brackets)."""
    return _dumps(_passage_data(a, theme_id))[1:-1].encode("utf-8")
