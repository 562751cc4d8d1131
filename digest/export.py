"""``digest.json``: the machine-readable digest, published at the site root.

The format is documented in README.md ("digest.json"); fields are only ever added, never renamed or
removed, so readers of the file can rely on it. Output is deterministic: stable order, no timestamps.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from digest.cache import MISSING, Memo
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


def to_json(digest: Digest, fragments: Memo | None = None) -> str:
    """Compact JSON: with ``indent``, Python's encoder falls back to pure Python, which at 10,000 articles
    took 4 s and 300 MB more than the compact, C-encoded form (and the file was half again as big).

    With ``fragments``, each article's entry and its theme passages are kept there as JSON text, by its
    analysis key (and its related articles), and reused: the same text as :func:`to_data` gives, made
    without building and encoding 10,000 articles' data again after one changed.
    """
    if fragments is None or not all(a.key for a in digest.articles):
        return _dumps(to_data(digest)) + "\n"
    data = to_data(dataclasses.replace(digest, articles=()))
    articles = ",".join(
        _fragment(
            fragments, ("article", a.key, [r.article_id for r in digest.related[a.id]]), _article, a, digest
        )
        for a in digest.articles
    )
    themes = []
    for theme in data["themes"]:
        on_theme = digest.articles_on(theme["id"])
        theme["articles"] = [a.id for a in on_theme]
        passages = (
            _fragment(fragments, ("passages", a.key, theme["id"]), _passages, a, theme["id"])
            for a in on_theme
        )
        opening = _dumps(theme).removesuffix("[]}")  # "passages" is last, and empty: filled in here
        themes.append(opening + "[" + ",".join(p for p in passages if p) + "]}")
    entities = {e["id"]: e for e in data["entities"]}
    for entity_id, entity in entities.items():
        entity["articles"] = [a.id for a in digest.articles_naming(entity_id)]
    rest = _dumps({key: value for key, value in data.items() if key not in ("version", "articles", "themes")})
    head = f'{{"version":{data["version"]},"articles":[{articles}],"themes":[{",".join(themes)}],'
    return f"{head}{rest[1:]}\n"


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _fragment(fragments: Memo, key: tuple[Any, ...], make: Callable[..., str], *arguments: Any) -> str:
    name = repr(key)
    text = fragments.stored(name)
    if text is MISSING:
        text = make(*arguments)
    fragments.put(name, text)
    return text  # type: ignore[return-value]


def _article(a: AnalysedArticle, digest: Digest) -> str:
    return _dumps(_article_data(a, digest))


def _passages(a: AnalysedArticle, theme_id: str) -> str:
    return _dumps(_passage_data(a, theme_id))[1:-1]
