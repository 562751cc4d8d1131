"""Analyse each article on its own: clean, summarise, classify, recognise entities.

Stage 3. Per-article work only (nothing here looks at another article), so each result is cached by a
hash of everything it reads, and the articles the cache does not hold are analysed in parallel, one
worker process per core. Everything that compares articles is in :mod:`digest.link`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from digest import serial
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
    Outline,
    Question,
    TermCounts,
    Theme,
    ThemeMatch,
)
from digest.parallel import parallel_map
from digest.sentences import split_sentences
from digest.stories import event_terms
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
    outlines: Memo | None = None,
) -> Analyses:
    """Analyse the articles ``cache`` does not hold, and give every article's terms, but leave the other
    analyses in the cache until :meth:`Analyses.load`, and then read each only when one of its fields
    is first asked for (see :class:`CachedAnalysis`).

    ``outlines`` keeps each analysis's :class:`Outline` by its key, apart from it: at 10,000 articles
    reading every cached analysis took over a second, though after a one-article change the build reads
    little more than the outlines; and the articles can be compared (near-duplicates and related
    articles need only their terms) before anything else is read. An analysis whose outline is not kept
    is read at once.
    """
    cache = cache or Cache(None)
    remembered = outlines or Memo.open(None)
    shared = fingerprint(content.themes, content.entities, content.questions, summary_share)
    keys = tuple(fingerprint(shared, article.key or article) for article in content.articles)
    kept = {key: outline for key in keys if (outline := remembered.stored(key)) is not MISSING}
    left = {key for key in kept if cache.keep(key)}
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
    found = tuple(Outline.of(made[key]) if key in made else kept[key] for key in keys)
    for key, outline in zip(keys, found, strict=True):
        if key in made:
            remembered.put(key, outline)
        else:
            remembered.keep(key)
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
        for key, (analysed, encoded) in zip(articles, computed, strict=True):
            cache.store_encoded(key, encoded)
            made[key] = analysed
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
    outlines: tuple[Outline, ...]
    """Each article's outline."""
    made: dict[str, AnalysedArticle]
    cache: Cache
    worker: tuple[object, ...]
    """What :class:`Analysis` is made from."""
    jobs: int | None

    @property
    def terms(self) -> tuple[TermCounts, ...]:
        """Each article's terms."""
        return tuple(outline.terms for outline in self.outlines)

    def load(self) -> tuple[AnalysedArticle, ...]:
        """Every article's analysis, in the order of the articles: those not read yet as
        :class:`CachedAnalysis`, read from the cache when a field other than their outline's is asked for."""
        return tuple(
            self.made.get(key)
            or CachedAnalysis.of(article, key, outline, functools.partial(self._read, key, article))
            for article, key, outline in zip(self.articles, self.keys, self.outlines, strict=True)
        )

    def _read(self, key: str, article: Article) -> AnalysedArticle:
        """The analysis the cache holds under ``key``; made again if the cache cannot give it (its pack
        damaged since)."""
        value = self.cache.load(key)
        if value is MISSING:
            value = _make({key: article}, self.worker, self.cache, 1)[key]
        return value  # type: ignore[return-value]


OUTLINED = ("article", "key", "id", "theme_ids", "entity_ids", "untracked_names", "event_terms")
"""The fields a :class:`CachedAnalysis` has before it is read in full."""


class _ReadInFull:
    """A field of a :class:`CachedAnalysis` not in its outline: asking for it reads the whole analysis."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: CachedAnalysis | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        instance._read_in_full()
        return instance.__dict__[self.name]


class CachedAnalysis(AnalysedArticle):
    """An analysis an earlier build made, which holds at first only its article, its key and its
    :class:`Outline`; the rest is read from the cache when first asked for, and then it is the
    analysis it stands for in every way (equal to it, pickled as it for worker processes).

    After a one-article change, a build reads the outlines of 10,000 articles and the whole analyses of
    the hundred or so it shows or compares in detail; the memos of :mod:`digest.link` and the page
    fingerprints key on analysis keys, not on analyses, so that the rest need not be read.
    """

    @classmethod
    def of(
        cls, article: Article, key: str, outline: Outline, read: Callable[[], AnalysedArticle]
    ) -> CachedAnalysis:
        analysis = object.__new__(cls)
        vars(analysis).update(
            article=article,
            key=key,
            id=article.id,
            theme_ids=outline.theme_ids,
            entity_ids=outline.entity_ids,
            untracked_names=outline.untracked_names,
            event_terms=outline.event_terms,
            _read=read,
        )
        return analysis

    def _read_in_full(self) -> None:
        state = vars(self)
        if "_read" in state:
            full = state.pop("_read")()
            state.update({f.name: getattr(full, f.name) for f in _FIELDS if f.name not in OUTLINED})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AnalysedArticle):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in _FIELDS if f.compare)

    __hash__ = AnalysedArticle.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        return (_analysis, ({f.name: getattr(self, f.name) for f in _FIELDS if f.init},))


_FIELDS = dataclasses.fields(AnalysedArticle)
for _field in _FIELDS:
    if _field.name not in OUTLINED:
        setattr(CachedAnalysis, _field.name, _ReadInFull(_field.name))


def _analysis(fields: dict[str, Any]) -> AnalysedArticle:
    return AnalysedArticle(**fields)


class Analysis:
    """The analysis of one article, and what the cache stores of it (:func:`digest.serial.dumps`),
    encoded where it is computed (in a worker, in parallel). Holds what all articles share, small, so
    workers get it once."""

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

    def __call__(self, keyed: tuple[str, Article]) -> tuple[AnalysedArticle, bytes]:
        """The analysis of an article, with its analysis key (see :attr:`AnalysedArticle.key`), and its
        encoding."""
        key, article = keyed
        analysed = analyse_article(article, self.themes, self.matcher, self.summary_share, self.questions)
        analysed = dataclasses.replace(analysed, key=key)
        return analysed, serial.dumps(analysed)


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
    mentions = matcher.mentions(sentences)
    named = sorted({m.entity_id for m in mentions})
    return AnalysedArticle(
        article=article,
        blocks=blocks,
        summary=summarise_article(sentences, summary_budget(sentences, summary_share)),
        themes=apply_theme_changes(article, found, themes),
        mentions=mentions,
        terms=article_terms(blocks),
        editorial_summary=split_sentences(plain_text(article.summary)) if article.summary else (),
        figures=extract_figures(sentences),
        dates=extract_dates(sentences, article.date),
        untracked_names=untracked_names_in(blocks, matcher),
        claims=claims_in(sentences, questions),
        undisclosed=tuple(s for s in sentences if says_undisclosed(s.text)),
        event_terms=event_terms(article.title, [s.text for s in sentences], named),
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


def oldest_first(articles: Sequence[AnalysedArticle]) -> list[AnalysedArticle]:
    """Citation order: the first to report a fact is cited first (undated articles last; ties by id)."""
    return sorted(articles, key=lambda a: (a.article.date is None, a.article.date or dt.date.min, a.id))


def source_ids(articles: Sequence[AnalysedArticle]) -> dict[str, str]:
    """Each article's source among ``articles``: its own id, or, for a republished copy (``copy_of``) of
    another of them, its original's. A copy and its original count as one source."""
    ids = {a.id for a in articles}
    return {a.id: a.article.copy_of if a.article.copy_of in ids else a.id for a in articles}
