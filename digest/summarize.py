"""Extractive summaries: per article, and across sources (the overviews of the home and theme pages).

Stage 3a. Nothing is written that a source did not say: every summary sentence is a sentence of an
article, kept word for word and tied to its article.

Per article: sentences are ranked by TextRank centrality (PageRank over their TF-IDF similarity graph)
blended with a lead prior (news puts the gist first), then picked greedily with maximal marginal relevance
(MMR) so the summary does not say one thing twice, and put back in the article's order.

Across sources: a sentence scores by how much of it the *other* sources also say; when another source has
a sentence close enough to count as the same fact (``SAME_FACT``), the overview cites that source too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from digest.model import CitedSentence, Sentence
from digest.textstats import sentence_similarity, terms, tfidf

MIN_WORDS = 6
"""Shorter sentences (datelines, fragments, captions) are never summary material."""
# Weights were tuned on the BBC business set (ROUGE) and the first edition's key facts, and checked on
# the BBC entertainment and politics sets, which they were not tuned on: `python -m digest.bench summaries`.
LEAD_WEIGHT = 0.15
"""Share of a sentence's relevance that comes from its position rather than its centrality."""
FIGURE_BONUS = 0.2
"""Added for a sentence that states a figure (an amount, a percentage): what news readers look for."""
TOPIC_BONUS = 0.2
"""Added for a paragraph's first sentence: in news, the topic sentence carries the paragraph's fact."""
SUMMARY_SHARE = 0.25
"""A summary has a quarter of an article's candidate sentences, and 3 to 5 of them."""
MAX_CANDIDATES = 400
"""A summary is chosen among an article's first 400 candidate sentences. TextRank compares every pair,
so its cost grows with the square of their number: a long read has about 300 sentences (the longest of
1,313 BBC articles, about 250), a hostile 100,000 characters of short sentences over 2,000."""
FIGURE = re.compile(r"[$€£¥]\s?\d|\d(?:[.,]\d+)?\s?(?:%|per ?cent|million|billion|bn|m\b)", re.IGNORECASE)
MMR_LAMBDA = 0.7
"""Relevance against novelty in MMR: 1 ignores redundancy, 0 ignores relevance."""
SAME_FACT = 0.4
"""Cosine similarity above which two sentences from different sources are taken to report one fact."""
REDUNDANT = 0.5
"""An overview sentence this similar to one already chosen adds nothing and is skipped."""
DANGLING = re.compile(
    r"^(?:It|Its|This|That|These|Those|They|Their|He|She|His|Her|However|But|And|Also|Such)\b"
)
"""Sentences that lean on the one before; out of their article, a reader cannot tell what they mean."""
DANGLING_PENALTY = 0.5
SOURCE_REPEAT = 0.1
"""In overviews, the cost of a second (third ...) sentence from one source: give every source a voice."""


def is_candidate(sentence: Sentence) -> bool:
    text = sentence.text
    return len(text.split()) >= MIN_WORDS and not text.endswith(("?", ":")) and len(terms(text)) >= 3


def pagerank(similarity: np.ndarray, damping: float = 0.85, iterations: int = 50) -> np.ndarray:
    """PageRank of a weighted undirected graph given as a similarity matrix (the TextRank step)."""
    n = similarity.shape[0]
    weights = similarity.copy()
    np.fill_diagonal(weights, 0.0)
    totals = weights.sum(axis=1, keepdims=True)
    transition = np.divide(weights, totals, out=np.full_like(weights, 1.0 / n), where=totals > 0)
    rank = np.full(n, 1.0 / n)
    for _ in range(iterations):
        rank = (1 - damping) / n + damping * transition.T @ rank
    return rank


def summary_budget(sentences: Sequence[Sentence], share: float = SUMMARY_SHARE) -> int:
    """How many sentences an article's summary has: ``share`` of its candidates, 3 to 5."""
    return max(3, min(5, round(share * sum(is_candidate(s) for s in sentences))))


def summarise_article(sentences: Sequence[Sentence], budget: int) -> tuple[Sentence, ...]:
    """Choose ``budget`` sentences of one article, in the article's order.

    Relevance blends centrality (TextRank) with position (the lead), plus bonuses for a paragraph's
    opening sentence and for a sentence that states a figure; MMR then avoids saying one thing twice.
    """
    candidates = [s for s in sentences if is_candidate(s)][:MAX_CANDIDATES]
    if len(candidates) <= budget:
        return tuple(candidates)
    similarity = sentence_similarity([s.text for s in candidates])
    centrality = pagerank(similarity)
    centrality = centrality / centrality.max()
    lead = np.array([1.0 / np.sqrt(1.0 + rank) for rank in range(len(candidates))])
    figures = np.array([1.0 if FIGURE.search(s.text) else 0.0 for s in candidates])
    opening = np.array([1.0 if s.opens_paragraph else 0.0 for s in candidates])
    relevance = (
        (1 - LEAD_WEIGHT) * centrality + LEAD_WEIGHT * lead + FIGURE_BONUS * figures + TOPIC_BONUS * opening
    )
    chosen = _mmr(relevance, similarity, budget)
    return tuple(sorted((candidates[i] for i in chosen), key=lambda s: s.index))


def _mmr(
    relevance: np.ndarray,
    similarity: np.ndarray,
    budget: int,
    redundant: float = 1.0,
    sources: Sequence[str] = (),
) -> list[int]:
    """Greedy maximal marginal relevance; with ``sources``, each repeat of one costs ``SOURCE_REPEAT``.

    Each step weighs every candidate at once (NumPy), keeping each one's greatest similarity to those
    chosen so far and how many of its source's were chosen: a step costs one pass over the candidates.
    Ties go to the earliest candidate.
    """
    count = len(relevance)
    chosen: list[int] = []
    overlap = np.zeros(count)
    repeats = np.zeros(count)
    owners = np.unique(np.asarray(sources), return_inverse=True)[1].ravel() if sources else None
    available = np.ones(count, dtype=bool)
    while available.any() and len(chosen) < budget:
        gain = MMR_LAMBDA * relevance - (1 - MMR_LAMBDA) * overlap - SOURCE_REPEAT * repeats
        best = int(np.argmax(np.where(available, gain, -np.inf)))
        available[best] = False
        if overlap[best] < redundant:
            chosen.append(best)
            overlap = np.maximum(overlap, similarity[:, best])
            if owners is not None:
                repeats += owners == owners[best]
    return chosen


def summarise_sources(
    candidates: Sequence[Sentence], pool: Sequence[Sentence], budget: int, order: Sequence[str]
) -> tuple[CitedSentence, ...]:
    """A multi-source overview: ``budget`` of the ``candidates``, each citing every source that reports it.

    ``pool`` is every sentence the sources say (``candidates`` among them): a candidate is central when
    other sources say it too, and it cites each source with a sentence in ``pool`` close enough to be the
    same fact. ``order`` lists article ids in citation order (e.g. by date); it also breaks ties.
    """
    rank_of = {article_id: i for i, article_id in enumerate(order)}

    def position(s: Sentence) -> tuple[int, str, int]:
        return (rank_of.get(s.article_id, len(rank_of)), s.article_id, s.index)

    pool_list = _first_of_each(
        sorted({(s.article_id, s.index): s for s in pool if is_candidate(s)}.values(), key=position)
    )
    row_of = {(s.article_id, s.index): i for i, s in enumerate(pool_list)}
    chosen_from = sorted((s for s in candidates if (s.article_id, s.index) in row_of), key=position)
    if not chosen_from:
        return ()
    vectors = tfidf([s.text for s in pool_list])
    rows = vectors[[row_of[(s.article_id, s.index)] for s in chosen_from]]
    against_pool = (rows @ vectors.T).toarray()
    among = (rows @ rows.T).toarray()
    pool_owners = np.array([s.article_id for s in pool_list])
    sources = sorted(set(pool_owners.tolist()), key=lambda a: rank_of.get(a, len(rank_of)))
    best = np.zeros((len(chosen_from), len(sources)))
    for k, source in enumerate(sources):
        best[:, k] = against_pool[:, pool_owners == source].max(axis=1)
    for i, sentence in enumerate(chosen_from):
        best[i, sources.index(sentence.article_id)] = 0.0
    support = best.sum(axis=1) / max(len(sources) - 1, 1)
    lead = np.array([1.0 / np.sqrt(1.0 + s.index) for s in chosen_from])
    relevance = (1 - LEAD_WEIGHT) * support + LEAD_WEIGHT * lead
    relevance *= np.array([DANGLING_PENALTY if DANGLING.match(s.text) else 1.0 for s in chosen_from])
    overview = []
    owners = [s.article_id for s in chosen_from]
    for i in _mmr(relevance, among, budget, redundant=REDUNDANT, sources=owners):
        own = chosen_from[i].article_id
        confirming = [
            sources[k] for k in range(len(sources)) if sources[k] != own and best[i, k] >= SAME_FACT
        ]
        overview.append(CitedSentence(chosen_from[i], (own, *confirming)))
    return tuple(overview)


def _first_of_each(sentences: Sequence[Sentence], most: int = MAX_CANDIDATES) -> list[Sentence]:
    """The first ``most`` sentences of each article (``sentences`` in order): an overview compares every
    pair, and one very long article must not make that cost grow with the square of its length."""
    seen: dict[str, int] = {}
    kept = []
    for sentence in sentences:
        count = seen.get(sentence.article_id, 0)
        if count < most:
            kept.append(sentence)
        seen[sentence.article_id] = count + 1
    return kept
