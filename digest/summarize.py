"""Extractive summaries of each article (a story's brief is chosen among them: see :mod:`digest.brief`).

Stage 3a. Nothing is written that a source did not say: every summary sentence is a sentence of an
article, kept word for word and tied to its article.

Per article: sentences are ranked by TextRank centrality (PageRank over their TF-IDF similarity graph)
blended with a lead prior (news puts the gist first), then picked greedily with maximal marginal relevance
(MMR) so the summary does not say one thing twice, and put back in the article's order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from digest.model import Sentence
from digest.textstats import sentence_similarity, terms

MIN_WORDS = 6
"""Shorter sentences (datelines, fragments, captions) are never summary material."""
# Weights were tuned on the BBC business set (ROUGE) and the first edition's key facts, and checked on
# the BBC entertainment and politics sets, which they were not tuned on: `python -m digest.bench summaries`.
LEAD_WEIGHT = 0.15
"""Share of a sentence's relevance that comes from its position rather than its centrality."""
UNBROKEN_LEAD_WEIGHT = 0.5
"""The same for a text with no paragraph breaks (wire copy or a page's text pasted whole): paragraph
openings (``TOPIC_BONUS``) then say nothing, and the order of its sentences is all the structure left.
Checked on the CNN/DailyMail sample, whose texts come as one block: see `python -m digest.bench
summaries --data ../shared/eval/cnndm`."""
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
"""Cosine similarity above which two sentences from different sources may report one fact (the brief
then also checks their figures and names: see :mod:`digest.brief`)."""
REDUNDANT = 0.5
"""A brief's sentence this similar to one already chosen adds nothing and is skipped."""
DANGLING = re.compile(
    r"^[\"“‘'(]*(?:It|Its|This|That|These|Those|They|Their|Them|He|She|His|Her|Him|We|Our|However|But|And|Also"
    r"|Such|Yet|Still|Meanwhile|Moreover|Furthermore|Nevertheless|Nonetheless|Instead|Besides|Thus|Hence"
    r"|Therefore|Both|Another|The latter|The former|As (?:I|we|mentioned|noted|reported|previously)"
    r"|Last (?:week|month|year))\b"
)
"""Sentences that lean on what came before ("It", "She said", "However", "As I reported last month"): out
of their article, a reader cannot tell what they mean."""


def is_candidate(sentence: Sentence) -> bool:
    text = sentence.text
    return len(text.split()) >= MIN_WORDS and not text.endswith(("?", ":")) and len(terms(text)) >= 3


def candidates_of(sentences: Sequence[Sentence]) -> list[Sentence]:
    """What an article's summary is chosen among: its first ``MAX_CANDIDATES`` sentences that may be
    summary material (a story's brief draws on the same, see :mod:`digest.brief`)."""
    return [s for s in sentences if is_candidate(s)][:MAX_CANDIDATES]


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

    Relevance blends centrality (TextRank) with position (the lead, weighing more in a text with no
    paragraph breaks), plus bonuses for a paragraph's opening sentence and for a sentence that states a
    figure; MMR then avoids saying one thing twice, and a sentence leaning on the one before is chosen only
    after it.
    """
    candidates = candidates_of(sentences)
    if len(candidates) <= budget:
        return tuple(candidates)
    similarity = sentence_similarity([s.text for s in candidates])
    centrality = pagerank(similarity)
    centrality = centrality / centrality.max()
    lead = np.array([1.0 / np.sqrt(1.0 + rank) for rank in range(len(candidates))])
    figures = np.array([1.0 if FIGURE.search(s.text) else 0.0 for s in candidates])
    opening = np.array([1.0 if s.opens_paragraph else 0.0 for s in candidates])
    unbroken = len({s.block for s in candidates}) == 1
    lead_weight = UNBROKEN_LEAD_WEIGHT if unbroken else LEAD_WEIGHT
    relevance = (
        (1 - lead_weight) * centrality + lead_weight * lead + FIGURE_BONUS * figures + TOPIC_BONUS * opening
    )
    leans = _leaning(candidates)
    chosen = _mmr(relevance, similarity, budget, leans)
    return tuple(sorted((candidates[i] for i in chosen), key=lambda s: s.index))


def _leaning(candidates: Sequence[Sentence]) -> np.ndarray:
    """For each candidate, the candidate it leans on (the sentence just before it, when it opens with
    "It", "However", "As I reported" ...: see :data:`DANGLING`), or -1. A sentence leaning on one that is
    not a candidate, or that opens its article, is -2: it can never be read without its referent."""
    row = {s.index: i for i, s in enumerate(candidates)}
    return np.array(
        [
            (row.get(s.index - 1, -2) if s.index > 0 else -2) if DANGLING.match(s.text) else -1
            for s in candidates
        ]
    )


def _mmr(relevance: np.ndarray, similarity: np.ndarray, budget: int, leans: np.ndarray) -> list[int]:
    """Greedy maximal marginal relevance. Each step weighs every candidate at once (NumPy), keeping each
    one's greatest similarity to those chosen so far: a step costs one pass over the candidates. A
    sentence that leans on the one before it (``leans``) may be chosen only after that one, so a summary
    never starts a thought in the middle. Ties go to the earliest candidate."""
    chosen: list[int] = []
    overlap = np.zeros(len(relevance))
    available = leans == -1
    waiting = leans >= 0
    while available.any() and len(chosen) < budget:
        gain = MMR_LAMBDA * relevance - (1 - MMR_LAMBDA) * overlap
        best = int(np.argmax(np.where(available, gain, -np.inf)))
        available[best] = False
        chosen.append(best)
        overlap = np.maximum(overlap, similarity[:, best])
        freed = waiting & (leans == best)
        available |= freed
        waiting &= ~freed
    return chosen
