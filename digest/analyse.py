"""Analyse each article on its own: clean, summarise, classify, recognise entities.

Stage 3. Per-article work only (nothing here looks at another article), so it can later be cached by
content hash; everything that compares articles is in :mod:`digest.link`.
"""

from __future__ import annotations

from collections.abc import Sequence

from digest.cache import Cache
from digest.clean import clean_article, plain_text
from digest.dates import extract_dates
from digest.entities import EntityMatcher
from digest.figures import extract_figures
from digest.model import AnalysedArticle, Article, Content, Theme, ThemeMatch
from digest.sentences import split_sentences
from digest.summarize import summarise_article, summary_budget
from digest.themes import classify


def analyse(
    content: Content, summary_share: float, cache: Cache | None = None
) -> tuple[AnalysedArticle, ...]:
    """Analyse every article, through ``cache`` when given (keyed by all the analysis reads)."""
    matcher = EntityMatcher(content.entities)
    cache = cache or Cache(None)
    return tuple(
        cache.get_or_compute(
            (article, content.themes, content.entities, summary_share),
            lambda article=article: analyse_article(article, content, matcher, summary_share),
        )
        for article in content.articles
    )


def analyse_article(
    article: Article, content: Content, matcher: EntityMatcher, summary_share: float
) -> AnalysedArticle:
    blocks = clean_article(article)
    sentences = [s for b in blocks for s in b.sentences]
    themes = classify(article.id, blocks, content.themes)
    return AnalysedArticle(
        article=article,
        blocks=blocks,
        summary=summarise_article(sentences, summary_budget(sentences, summary_share)),
        themes=apply_theme_changes(article, themes, content.themes),
        mentions=matcher.mentions(sentences),
        editorial_summary=split_sentences(plain_text(article.summary)) if article.summary else (),
        figures=extract_figures(sentences),
        dates=extract_dates(sentences, article.date),
    )


def apply_theme_changes(
    article: Article, found: tuple[ThemeMatch, ...], themes: Sequence[Theme]
) -> tuple[ThemeMatch, ...]:
    """The classifier's themes, with the maintainer's ``themes:`` additions and removals applied."""
    by_id = {m.theme_id: m for m in found if m.theme_id not in article.themes_removed}
    for theme_id in article.themes_added:
        by_id.setdefault(theme_id, ThemeMatch(theme_id, 0.0, (), editorial=True))
    return tuple(by_id[t.id] for t in themes if t.id in by_id)


def newest_first(articles: Sequence[AnalysedArticle]) -> tuple[AnalysedArticle, ...]:
    """Dated articles newest first, then undated ones; ties by title, then id, for a stable order."""
    dated = sorted(
        (a for a in articles if a.article.date),
        key=lambda a: (-a.article.date.toordinal(), a.article.title, a.id),  # type: ignore[union-attr]
    )
    undated = sorted((a for a in articles if not a.article.date), key=lambda a: (a.article.title, a.id))
    return (*dated, *undated)
