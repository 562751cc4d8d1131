"""The timeline: dated events from every source, in order, each said once with all its sources.

Stage 4c (linking). Each sentence with a date becomes an event at its most precise date (a day before a
month before a year). Events on the same date whose sentences are close enough to be the same fact
(``SAME_FACT`` cosine, as in the overviews) are one event citing every source that reports it.
"""

from __future__ import annotations

from collections.abc import Sequence

from digest.model import AnalysedArticle, DatedMention, TimelineEvent
from digest.summarize import SAME_FACT
from digest.textstats import tfidf

_PRECISION = {"day": 0, "month": 1, "year": 2}


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
    similarity = (vectors @ vectors.T).toarray()
    events: list[TimelineEvent] = []
    merged: set[int] = set()
    for i, mention in enumerate(mentions):
        if i in merged:
            continue
        cited = [mention.sentence.article_id]
        for j in range(i + 1, len(mentions)):
            other = mentions[j]
            same_date = (other.date, other.precision) == (mention.date, mention.precision)
            if same_date and j not in merged and similarity[i, j] >= SAME_FACT:
                merged.add(j)
                cited.append(other.sentence.article_id)
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
    return tuple(events)
