"""Link the analysed articles into one digest: related articles and multi-source overviews.

Stage 4: the only stage that compares articles with each other.

Related articles: TF-IDF cosine similarity of whole articles (a sparse matrix product, each article
against the thousand nearest to it in date: see :data:`digest.textstats.WINDOW`), listed when it reaches
``Settings.related_threshold`` (0.12 by default: on news text, pairs below that share little more than
common words), strongest first, each with the entities the two share as the reason shown to readers.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from digest.analyse import newest_first
from digest.cache import Memo, fingerprint
from digest.compare import amount_disagreements, figure_groups, question_disagreements
from digest.model import (
    AnalysedArticle,
    CitedSentence,
    Content,
    Digest,
    Disagreement,
    FigureGroup,
    Related,
    TermCounts,
    Theme,
)
from digest.parallel import PARALLEL_FROM, in_background
from digest.settings import Settings
from digest.summarize import summarise_sources
from digest.textstats import similarity_blocks, tfidf_of_counts
from digest.themes import score_paragraph
from digest.timeline import timeline

if TYPE_CHECKING:
    from scipy import sparse

Nearest = tuple[np.ndarray, np.ndarray]
"""The rows :func:`nearest` gives: for each article, the indices of its nearest and their similarities."""


def link(
    content: Content,
    analysed: Sequence[AnalysedArticle],
    settings: Settings,
    jobs: int | None = None,
    memo: Memo | None = None,
    closest: Callable[[], Nearest] | None = None,
) -> Digest:
    """The digest. ``closest`` gives the :func:`nearest_articles` of the articles when the caller has
    them worked out elsewhere: the build does so in a worker while the analyses load and this links them
    (see :func:`digest.build.compare_texts`); it is called last.

    With ``memo``, the overviews and the timeline are kept there, each by a fingerprint of what it is
    made from (see :func:`_overview_inputs`, :func:`_timeline_inputs`): an edit to an old article's text
    leaves both as they were, and they are not worked out again. Those that must be are, with more than
    one job and many articles, worked out in worker processes while this one finds the figures and
    disagreements.
    """
    memo = memo or Memo.open(None)
    articles = newest_first(analysed)
    order = [a.id for a in _oldest_first(articles)]
    if closest is None:
        closest = functools.partial(nearest_articles, [a.terms for a in articles], settings)
    background = jobs if len(articles) >= PARALLEL_FROM else 1
    calls = [(overviews, (articles, content.themes, settings)), (timeline, (articles, order))]
    keys = [
        fingerprint(overviews.__qualname__, _overview_inputs(articles, content.themes, settings)),
        fingerprint(timeline.__qualname__, _timeline_inputs(articles, order, memo)),
    ]
    missing = [i for i, key in enumerate(keys) if key not in memo]
    with in_background([calls[i] for i in missing], background) as waiting:
        figures_key = fingerprint(
            "figures",
            content.themes,
            content.entities,
            content.questions,
            content.figure_notes,
            order,
            [(a.id, _hash_of(memo, "figure facts", a, _figure_facts)) for a in articles],
        )
        figures, disagreements, theme_figures = memo.recall(
            figures_key, lambda: _figures(articles, content, order)
        )
        computed = dict(zip(missing, waiting, strict=True))
        (overview, theme_overviews), events = (  # a value the memo held but could not give is made here
            memo.recall(key, computed.get(i, functools.partial(function, *arguments)))
            for i, (key, (function, arguments)) in enumerate(zip(keys, calls, strict=True))
        )
        return Digest(
            articles=articles,
            themes=content.themes,
            entities=content.entities,
            related=_related(articles, *closest()),
            overview=overview,
            theme_overviews=theme_overviews,
            figures=figures,
            disagreements=disagreements,
            timeline=events,
            theme_figures=theme_figures,
            questions=content.questions,
            figure_notes=content.figure_notes,
            fingerprints={"overviews": keys[0], "figures": figures_key, "timeline": keys[1]},
        )


def _figures(
    articles: Sequence[AnalysedArticle], content: Content, order: Sequence[str]
) -> tuple[tuple[FigureGroup, ...], tuple[Disagreement, ...], dict[str, tuple[FigureGroup, ...]]]:
    """The key figures, the disagreements, and each theme's figures (see :func:`figures_on`)."""
    figures = figure_groups(articles, content.figure_notes, order)
    disagreements = amount_disagreements(
        articles, content.entities, content.figure_notes
    ) + question_disagreements(articles, content.questions)
    return figures, disagreements, {t.id: figures_on(articles, figures, t.id) for t in content.themes}


def figures_on(
    articles: Sequence[AnalysedArticle], groups: Sequence[FigureGroup], theme_id: str
) -> tuple[FigureGroup, ...]:
    """The figure groups stated in the theme's passages (each group keeps only those statements)."""
    passages = {
        (a.id, p.block) for a in articles for m in a.themes if m.theme_id == theme_id for p in m.passages
    }
    found = []
    for group in groups:
        figures = tuple(f for f in group.figures if (f.sentence.article_id, f.sentence.block) in passages)
        if figures:
            found.append(dataclasses.replace(group, figures=figures))
    return tuple(found)


def _figure_facts(article: AnalysedArticle) -> object:
    """All that :func:`_figures` reads of one article: its figures, its sentences that say an amount was
    not disclosed, its claims, which of its blocks are passages on which theme, and the entities named
    in the sentences of its figures and of those."""
    asked = {f.sentence.index for f in article.figures} | {s.index for s in article.undisclosed}
    return (
        article.figures,
        article.undisclosed,
        article.claims,
        [(m.theme_id, [p.block for p in m.passages]) for m in article.themes],
        [m for m in article.mentions if m.sentence.index in asked],
    )


def _overview_inputs(
    articles: Sequence[AnalysedArticle], themes: Sequence[Theme], settings: Settings
) -> object:
    """What :func:`overviews` reads: for each overview, the sentences, summaries and themes of the
    articles it is drawn from, with their dates (which order the citations)."""

    def drawn_from(chosen: Sequence[AnalysedArticle]) -> tuple[object, ...]:
        # An analysis key stands for the whole analysis, the article (its date too) included.
        return tuple(a.key or (a.id, a.article.date, a.summary, a.themes, a.sentences) for a in chosen)

    return (
        settings.overview_sentences,
        settings.theme_overview_sentences,
        drawn_from(articles[:OVERVIEW_ARTICLES]),
        tuple(
            (theme, drawn_from([a for a in articles if theme.id in a.theme_ids][:OVERVIEW_ARTICLES]))
            for theme in themes
        ),
    )


def _timeline_inputs(articles: Sequence[AnalysedArticle], order: Sequence[str], memo: Memo) -> object:
    """What :func:`~digest.timeline.timeline` reads: every dated mention, by article in ``order`` (which
    decides whose sentence tells an event several report). Each article's mentions stand in by a hash,
    kept in ``memo`` by its analysis key: written out, 10,000 articles' took a quarter of a second, and
    the analyses need not be read (see :class:`~digest.analyse.CachedAnalysis`)."""
    dates = {a.id: _hash_of(memo, "dates", a, lambda a: a.dates) for a in articles}
    return tuple((i, dates[i]) for i in order if dates[i] != NO_DATES)


def _hash(facts: object) -> str:
    return hashlib.sha256(repr(facts).encode("utf-8")).hexdigest()


NO_DATES = _hash(())
"""The :func:`_hash_of` an article's dates when it mentions none."""


def _hash_of(
    memo: Memo, name: str, article: AnalysedArticle, facts: Callable[[AnalysedArticle], object]
) -> str:
    """A hash of ``facts(article)`` (what one comparison reads of the article), kept in ``memo`` by the
    article's analysis key, so that unchanged articles' are not written out again."""

    def made() -> str:
        return _hash(facts(article))

    return memo.recall(f"{name} of {article.key}", made) if article.key else made()


def overviews(
    articles: Sequence[AnalysedArticle], themes: Sequence[Theme], settings: Settings
) -> tuple[tuple[CitedSentence, ...], dict[str, tuple[CitedSentence, ...]]]:
    """The home page's overview and each theme's."""
    return story_overview(articles, settings.overview_sentences), {
        theme.id: theme_overview(articles, theme, settings.theme_overview_sentences) for theme in themes
    }


def related_articles(
    articles: Sequence[AnalysedArticle], threshold: float, limit: int
) -> dict[str, tuple[Related, ...]]:
    """For each article, the others most like it in wording (at least ``threshold``, at most ``limit``)."""
    return _related(articles, *nearest(tfidf_of_counts([a.terms for a in articles]), threshold, limit))


def nearest_articles(terms: Sequence[TermCounts], settings: Settings) -> Nearest:
    """:func:`nearest` of articles given by their terms (newest first, as :func:`link` orders them): the
    TF-IDF cosine similarities reaching ``settings.related_threshold``, ``settings.related_max`` each."""
    return nearest(tfidf_of_counts(terms), settings.related_threshold, settings.related_max)


def nearest(
    vectors: sparse.csr_matrix,
    threshold: float,
    limit: int,
    each_block: Callable[[int, int, np.ndarray], object] | None = None,
) -> Nearest:
    """For each row of ``vectors``, the rows most similar to it (cosine at least ``threshold``): their
    indices and similarities, ``limit`` per row, strongest first, padded with -1. ``each_block`` is
    shown each block of similarities first (see :func:`~digest.textstats.similarity_blocks`)."""
    count = vectors.shape[0]
    rows = np.full((count, limit), -1, dtype=np.int64)
    similarities = np.zeros((count, limit))
    if count < 2:
        return rows, similarities
    for first_row, first_column, block in similarity_blocks(vectors):
        if each_block is not None:
            each_block(first_row, first_column, block)
        for offset, row in enumerate(block if limit else ()):
            i = first_row + offset
            row[i - first_column] = 0.0
            best = _top(row, limit, threshold)
            rows[i, : len(best)] = [first_column + j for j in best]
            similarities[i, : len(best)] = row[best]
    return rows, similarities


def _related(
    articles: Sequence[AnalysedArticle], rows: np.ndarray, similarities: np.ndarray
) -> dict[str, tuple[Related, ...]]:
    """:func:`nearest`'s rows as :class:`Related` articles, each with the entities the two share."""
    ids = [a.id for a in articles]
    named, shared = _entity_sets(articles)
    return {
        ids[i]: tuple(
            Related(ids[j], round(similarity, 3), shared(named[i] & named[j]))
            for j, similarity in zip(row, scores, strict=True)
            if j >= 0
        )
        for i, (row, scores) in enumerate(zip(rows.tolist(), similarities.tolist(), strict=True))
    }


def _entity_sets(
    articles: Sequence[AnalysedArticle],
) -> tuple[list[int], Callable[[int], tuple[str, ...]]]:
    """Each article's entities as the bits of a number, and what turns such a number back into entity
    ids, sorted: the entities two articles share are then one ``&`` away."""
    every = sorted({e for a in articles for e in a.entity_ids})
    bit = {entity_id: 1 << position for position, entity_id in enumerate(every)}
    named = [sum(bit[e] for e in a.entity_ids) for a in articles]

    @functools.cache
    def entity_ids(bits: int) -> tuple[str, ...]:
        return tuple(e for position, e in enumerate(every) if bits >> position & 1)

    return named, entity_ids


def _top(row: np.ndarray, limit: int, threshold: float) -> list[int]:
    """Indices of the ``limit`` largest values from ``threshold``, largest first, ties by index.

    A partition finds the cut in linear time; only the few values above it are sorted.
    """
    cut = threshold
    if len(row) > limit:
        cut = max(cut, float(np.partition(row, len(row) - limit)[len(row) - limit]))
    candidates = np.flatnonzero(row >= cut)
    return sorted(candidates.tolist(), key=lambda j: (-row[j], j))[:limit]


OVERVIEW_ARTICLES = 200
"""Overviews are drawn from the newest 200 articles (of the digest, or on the theme): enough to say what
happened and who reports it, and it keeps the comparison of every sentence with every other bounded."""


def story_overview(articles: Sequence[AnalysedArticle], budget: int) -> tuple[CitedSentence, ...]:
    """The home page's overview, chosen among the articles' own summary sentences."""
    articles = articles[:OVERVIEW_ARTICLES]  # newest first
    order = [a.id for a in _oldest_first(articles)]
    candidates = [s for a in articles for s in a.summary]
    pool = [s for a in articles for s in a.sentences]
    return summarise_sources(candidates, pool, budget, order)


def theme_overview(
    articles: Sequence[AnalysedArticle], theme: Theme, budget: int
) -> tuple[CitedSentence, ...]:
    """A theme's overview, chosen among the sentences of its passages that are on the theme themselves.

    A passage is a whole paragraph; the cue check keeps its other sentences (a quote about something
    else, say) out of the overview, while they still count when comparing what sources say.
    """
    theme_id = theme.id
    on_theme = [a for a in articles if theme_id in a.theme_ids][:OVERVIEW_ARTICLES]
    order = [a.id for a in _oldest_first(on_theme)]
    passage_blocks = {
        (a.id, p.block) for a in on_theme for m in a.themes if m.theme_id == theme_id for p in m.passages
    }
    pool = [s for a in on_theme for s in a.sentences if (s.article_id, s.block) in passage_blocks]
    candidates = [s for s in pool if score_paragraph(theme, s.text)[0] >= theme.threshold]
    return summarise_sources(candidates, pool, budget, order)


def _oldest_first(articles: Sequence[AnalysedArticle]) -> list[AnalysedArticle]:
    """Citation order: the first to report a fact is cited first (undated articles last)."""
    far_future = np.iinfo(np.int32).max
    return sorted(
        articles, key=lambda a: (a.article.date.toordinal() if a.article.date else far_future, a.id)
    )
