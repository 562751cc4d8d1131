"""The timeline: dated events from every source, in order, each said once with all its sources.

Stage 4c (linking). Each sentence with a date becomes an event at its most precise date (a day before a
month before a year). Events on the same date whose sentences are close enough to be the same fact
(``SAME_FACT`` cosine, as in the overviews) are one event citing every source that reports it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from digest.model import AnalysedArticle, DatedMention, TimelineEvent
from digest.summarize import SAME_FACT
from digest.textstats import cosine, tfidf

_PRECISION = {"day": 0, "month": 1, "year": 2}


def _events_on_one_date(mentions: Sequence[DatedMention], similarity: np.ndarray) -> list[TimelineEvent]:
    """Mentions of one date (and precision), the later ones that say the same as an earlier one merged
    (``similarity``: their sentences' cosines).

    Only mentions of the same date are compared, so the cost follows the busiest date, not the square
    of every dated sentence in the digest.
    """
    events = []
    merged: set[int] = set()
    for i, mention in enumerate(mentions):
        if i in merged:
            continue
        same = [j for j in np.flatnonzero(similarity[i, i + 1 :] >= SAME_FACT) + i + 1 if j not in merged]
        merged.update(same)
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
        events += _events_on_one_date(mentions[start : start + size], cosine(vectors, start, start + size))
        start += size
    return tuple(events)
