"""Analyse each article on its own: clean, summarise, classify, recognise entities.

Stage 3. Per-article work only (nothing here looks at another article), so it can later be cached by
content hash; everything that compares articles is in :mod:`digest.link`.
"""

from __future__ import annotations

from collections.abc import Sequence

from digest.clean import clean_article
from digest.entities import EntityMatcher
from digest.model import AnalysedArticle, Article, Content
from digest.summarize import summarise_article
from digest.themes import classify


def analyse(content: Content, summary_sentences: int) -> tuple[AnalysedArticle, ...]:
    matcher = EntityMatcher(content.entities)
    return tuple(analyse_article(a, content, matcher, summary_sentences) for a in content.articles)


def analyse_article(
    article: Article, content: Content, matcher: EntityMatcher, summary_sentences: int
) -> AnalysedArticle:
    blocks = clean_article(article)
    sentences = [s for b in blocks for s in b.sentences]
    return AnalysedArticle(
        article=article,
        blocks=blocks,
        summary=summarise_article(sentences, summary_sentences),
        themes=classify(article.id, blocks, content.themes),
        mentions=matcher.mentions(sentences),
    )


def newest_first(articles: Sequence[AnalysedArticle]) -> tuple[AnalysedArticle, ...]:
    """Dated articles newest first, then undated ones; ties by title, then id, for a stable order."""
    dated = sorted(
        (a for a in articles if a.article.date),
        key=lambda a: (-a.article.date.toordinal(), a.article.title, a.id),  # type: ignore[union-attr]
    )
    undated = sorted((a for a in articles if not a.article.date), key=lambda a: (a.article.title, a.id))
    return (*dated, *undated)
