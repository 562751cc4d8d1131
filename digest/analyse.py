"""Analyse each article on its own: clean, summarise, classify, recognise entities.

Stage 3. Per-article work only (nothing here looks at another article), so each result is cached by a
hash of everything it reads, and the articles the cache does not hold are analysed in parallel, one
worker process per core. Everything that compares articles is in :mod:`digest.link`.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable, Sequence

from digest.cache import MISSING, Cache, fingerprint
from digest.clean import clean_article, plain_text
from digest.compare import claims_in, says_undisclosed
from digest.dates import extract_dates
from digest.entities import EntityMatcher, candidate_names
from digest.figures import extract_figures
from digest.model import AnalysedArticle, Article, Block, BlockKind, Content, Question, Theme, ThemeMatch
from digest.parallel import parallel_map
from digest.sentences import split_sentences
from digest.summarize import summarise_article, summary_budget
from digest.textstats import article_terms
from digest.themes import classify

Progress = Callable[[int], None]
"""Told how many more articles are done."""


def analyse(
    content: Content,
    summary_share: float,
    cache: Cache | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> tuple[AnalysedArticle, ...]:
    """Analyse every article, through ``cache`` when given, in ``jobs`` processes (default: one per core)."""
    cache = cache or Cache(None)
    shared = fingerprint(content.themes, content.entities, content.questions, summary_share)
    keys = [fingerprint(shared, article.key or article) for article in content.articles]
    results = {key: cache.load(key) for key in keys}
    missing = {key: a for a, key in zip(content.articles, keys, strict=True) if results[key] is MISSING}
    if progress:
        progress(len(keys) - len(missing))
    shared_work = (content.themes, EntityMatcher(content.entities), summary_share, content.questions)
    try:
        computed = parallel_map(Analysis, shared_work, list(missing.values()), jobs)
        for key, pickled in zip(missing, computed, strict=True):
            cache.store_pickled(key, pickled)
            results[key] = pickle.loads(pickled)
            if progress:
                progress(1)
    finally:  # what was analysed is kept, even when the build is interrupted
        cache.save()
    return tuple(dataclasses.replace(results[key], key=key) for key in keys)  # type: ignore[type-var]


class Analysis:
    """The analysis of one article, pickled where it is computed (in a worker): the cache stores those
    bytes as they are. Holds what all articles share, small, so workers get it once."""

    def __init__(
        self,
        themes: Sequence[Theme],
        matcher: EntityMatcher,
        summary_share: float,
        questions: Sequence[Question],
    ) -> None:
        self.themes = themes
        self.matcher = matcher
        self.summary_share = summary_share
        self.questions = questions

    def __call__(self, article: Article) -> bytes:
        analysed = analyse_article(article, self.themes, self.matcher, self.summary_share, self.questions)
        return pickle.dumps(analysed, protocol=pickle.HIGHEST_PROTOCOL)


def analyse_article(
    article: Article,
    themes: Sequence[Theme],
    matcher: EntityMatcher,
    summary_share: float,
    questions: Sequence[Question] = (),
) -> AnalysedArticle:
    blocks = clean_article(article)
    sentences = [s for b in blocks for s in b.sentences]
    found = classify(article.id, blocks, themes)
    return AnalysedArticle(
        article=article,
        blocks=blocks,
        summary=summarise_article(sentences, summary_budget(sentences, summary_share)),
        themes=apply_theme_changes(article, found, themes),
        mentions=matcher.mentions(sentences),
        terms=article_terms(blocks),
        editorial_summary=split_sentences(plain_text(article.summary)) if article.summary else (),
        figures=extract_figures(sentences),
        dates=extract_dates(sentences, article.date),
        untracked_names=untracked_names_in(blocks, matcher),
        claims=claims_in(sentences, questions),
        undisclosed=tuple(s for s in sentences if says_undisclosed(s.text)),
    )


def untracked_names_in(blocks: Sequence[Block], matcher: EntityMatcher) -> tuple[str, ...]:
    """The names an article's paragraphs (not its headings) use that ``matcher`` does not track, sorted."""
    paragraphs = [b.text for b in blocks if b.kind is not BlockKind.HEADING]
    return tuple(sorted(candidate_names(paragraphs, matcher)))


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
