"""The timeline: dated events from every source, in order, each said once with all its sources.

Stage 4c (linking). Each sentence with a date becomes an event at its most precise date (a day before a
month before a year). Events on the same date whose sentences are close enough to be the same fact
(``SAME_FACT`` cosine, as in the overviews) are one event citing every source that reports it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from digest.model import AnalysedArticle, DatedMention, TimelineEvent
from digest.summarize import SAME_FACT
from digest.textstats import cosine, tfidf

if TYPE_CHECKING:
    from scipy import sparse

_PRECISION = {"day": 0, "month": 1, "year": 2}


MERGE_WINDOW = 1000
"""A mention is compared with the mentions of its date up to this many after it (in citation order), not
with all of them: a date mentioned by thousands of sentences (a common year in a large digest, or a
hostile article) would otherwise cost the square of their number."""
CHUNK = 250
"""Mentions whose similarities are worked out at a time (against the next ``MERGE_WINDOW``)."""


def _events_on_one_date(mentions: Sequence[DatedMention], vectors: sparse.csr_matrix) -> list[TimelineEvent]:
    """Mentions of one date (and precision), the later ones that say the same as an earlier one merged
    (``vectors``: their sentences' TF-IDF rows).

    Only mentions of the same date are compared, so the cost follows the busiest date, not the square
    of every dated sentence in the digest; and each only with the ``MERGE_WINDOW`` after it.
    """
    events = []
    merged: set[int] = set()
    for i, later in _later_same_facts(vectors):
        if i in merged:
            continue
        same = [j for j in later if j not in merged]
        merged.update(same)
        mention = mentions[i]
        cited = [mention.sentence.article_id, *(mentions[j].sentence.article_id for j in same)]
        events.append(
            TimelineEvent(
                mention.date,
                mention.precision,
                mention.approximate,
                mention.phrase,
                mention.sentence,
                tuple(dict.fromkeys(cited)),
            )
        )
    return events


def _later_same_facts(vectors: sparse.csr_matrix) -> Iterator[tuple[int, list[int]]]:
    """For each row, the rows after it (up to ``MERGE_WINDOW`` after) close enough to say the same fact."""
    count = vectors.shape[0]
    for first in range(0, count, CHUNK):
        similarity = cosine(vectors, first, min(count, first + CHUNK + MERGE_WINDOW))
        for i in range(first, min(count, first + CHUNK)):
            row = similarity[i - first, i - first + 1 : i - first + 1 + MERGE_WINDOW]
            yield i, (np.flatnonzero(row >= SAME_FACT) + i + 1).tolist()


def timeline(articles: Sequence[AnalysedArticle], order: Sequence[str]) -> tuple[TimelineEvent, ...]:
    rank = {article_id: i for i, article_id in enumerate(order)}
    chosen: dict[tuple[str, int], DatedMention] = {}
    for article in articles:
        for mention in article.dates:
            key = (mention.sentence.article_id, mention.sentence.index)
            current = chosen.get(key)
            if current is None or _PRECISION[mention.precision] < _PRECISION[current.precision]:
                chosen[key] = mention
    mentions = sorted(
        chosen.values(),
        key=lambda m: (
            m.date,
            _PRECISION[m.precision],
            rank.get(m.sentence.article_id, len(rank)),
            m.sentence.index,
        ),
    )
    if not mentions:
        return ()
    vectors = tfidf([m.sentence.text for m in mentions])
    events: list[TimelineEvent] = []
    start = 0
    for _when, group in itertools.groupby(mentions, key=lambda m: (m.date, m.precision)):
        size = len(list(group))
        events += _events_on_one_date(mentions[start : start + size], vectors[start : start + size])
        start += size
    return tuple(events)
