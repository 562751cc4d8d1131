"""Analyse each article on its own: clean, summarise, classify, recognise entities.

Stage 3. Per-article work only (nothing here looks at another article), so each result is cached by a
hash of everything it reads, and the articles the cache does not hold are analysed in parallel, one
worker process per core. Everything that compares articles is in :mod:`digest.link`.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from digest.cache import MISSING, Cache, Memo, fingerprint
from digest.clean import clean_article, plain_text
from digest.compare import claims_in, says_undisclosed
from digest.dates import extract_dates
from digest.entities import EntityMatcher, candidate_names
from digest.figures import extract_figures
from digest.model import (
    AnalysedArticle,
    Article,
    Block,
    BlockKind,
    Content,
    Question,
    TermCounts,
    Theme,
    ThemeMatch,
)
from digest.parallel import parallel_map
from digest.sentences import split_sentences
from digest.summarize import summarise_article, summary_budget
from digest.textstats import article_terms
from digest.themes import classify

Progress = Callable[[int], None]
"""Told how many more articles are done."""
Item = TypeVar("Item", Article, AnalysedArticle)


def analyse(
    content: Content,
    summary_share: float,
    cache: Cache | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> tuple[AnalysedArticle, ...]:
    """Analyse every article, through ``cache`` when given, in ``jobs`` processes (default: one per core)."""
    return begin_analysis(content, summary_share, cache, jobs, progress).load()


def begin_analysis(
    content: Content,
    summary_share: float,
    cache: Cache | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    terms: Memo | None = None,
) -> Analyses:
    """Analyse the articles ``cache`` does not hold, and give every article's terms, but leave the other
    analyses in the cache until :meth:`Analyses.load`.

    ``terms`` keeps each analysis's :attr:`~digest.model.AnalysedArticle.terms` by its key, apart from
    it: at 10,000 articles loading the cached analyses takes over a second, and the articles can be
    compared meanwhile (near-duplicates and related articles need only their terms). An analysis whose
    terms ``terms`` does not hold is loaded at once.
    """
    cache = cache or Cache(None)
    remembered = terms or Memo.open(None)
    shared = fingerprint(content.themes, content.entities, content.questions, summary_share)
    keys = tuple(fingerprint(shared, article.key or article) for article in content.articles)
    left = {key for key in keys if remembered.stored(key) is not MISSING and cache.keep(key)}
    made: dict[str, AnalysedArticle] = {}
    for key in keys:
        if key not in left and (value := cache.load(key)) is not MISSING:
            made[key] = value  # type: ignore[assignment]
    known = left | made.keys()
    missing = {key: a for a, key in zip(content.articles, keys, strict=True) if key not in known}
    if progress:
        progress(len(keys) - len(missing))
    worker = (content.themes, EntityMatcher(content.entities), summary_share, content.questions)
    made.update(_make(missing, worker, cache, jobs, progress))
    found = tuple(made[key].terms if key in made else remembered.stored(key) for key in keys)
    for key, counts in zip(keys, found, strict=True):
        remembered.put(key, counts)
    remembered.save()
    return Analyses(content.articles, keys, found, made, cache, worker, jobs)  # type: ignore[arg-type]


def _make(
    articles: dict[str, Article],
    worker: tuple[object, ...],
    cache: Cache,
    jobs: int | None,
    progress: Progress | None = None,
) -> dict[str, AnalysedArticle]:
    """The analyses of ``articles`` (by key), made in worker processes (:class:`Analysis`, given
    ``worker``) and stored in ``cache``."""
    made = {}
    try:
        computed = parallel_map(Analysis, worker, list(articles.items()), jobs)
        for key, pickled in zip(articles, computed, strict=True):
            cache.store_pickled(key, pickled)
            made[key] = pickle.loads(pickled)
            if progress:
                progress(1)
    finally:  # what was analysed is kept, even when the build is interrupted
        cache.save()
    return made


@dataclass(frozen=True)
class Analyses:
    """The analyses of a content's articles (see :func:`begin_analysis`): ``made`` holds those made or
    loaded so far, the cache the others."""

    articles: tuple[Article, ...]
    keys: tuple[str, ...]
    """Each article's analysis key."""
    terms: tuple[TermCounts, ...]
    """Each article's terms."""
    made: dict[str, AnalysedArticle]
    cache: Cache
    worker: tuple[object, ...]
    """What :class:`Analysis` is made from."""
    jobs: int | None

    def load(self) -> tuple[AnalysedArticle, ...]:
        """Every article's analysis, in the order of the articles."""
        found = dict(self.made)
        for key in self.keys:
            if key not in found and (value := self.cache.load(key)) is not MISSING:
                found[key] = value  # type: ignore[assignment]
        # A value the cache said it held but could not give (its pack damaged since): made again.
        lost = {key: a for a, key in zip(self.articles, self.keys, strict=True) if key not in found}
        found.update(_make(lost, self.worker, self.cache, self.jobs))
        return tuple(found[key] for key in self.keys)


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

    def __call__(self, keyed: tuple[str, Article]) -> bytes:
        """The analysis of an article, with its analysis key (see :attr:`AnalysedArticle.key`)."""
        key, article = keyed
        analysed = analyse_article(article, self.themes, self.matcher, self.summary_share, self.questions)
        return pickle.dumps(dataclasses.replace(analysed, key=key), protocol=pickle.HIGHEST_PROTOCOL)


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


def newest_first(articles: Sequence[Item]) -> tuple[Item, ...]:
    """Dated articles (or their analyses) newest first, then undated ones; ties by title, then id, for a
    stable order."""

    def article(item: Item) -> Article:
        return item.article if isinstance(item, AnalysedArticle) else item

    dated = sorted(
        (a for a in articles if article(a).date),
        key=lambda a: (-article(a).date.toordinal(), article(a).title, a.id),  # type: ignore[union-attr]
    )
    undated = sorted((a for a in articles if not article(a).date), key=lambda a: (article(a).title, a.id))
    return (*dated, *undated)
