"""Stories: the articles about one event, found by comparing each article with the stories before it.

Stage 4a (linking). A digest grows over years, across many events; what a reader follows, and what the
figures, disagreements and timeline compare, is one story (issue 24). Articles are taken in order of
date (then id; undated ones last), and each joins the story it is most like, or starts one:

- an article is compared by its *event terms* (:func:`event_terms`): the terms of its text, with those
  of its headline and its first two sentences counted ``EVENT_WEIGHT`` times, as news puts the event
  there and the background below;
- weighted by TF-IDF, where a term's document frequency counts only the articles before it, so that an
  article's vector, and the choice it leads to, depend on nothing that comes after it;
- it may join a story that began at most ``SPAN_DAYS`` before it and has an article of the last
  ``WINDOW_DAYS`` days (a story that went quiet for longer is over); its likeness to a story is its mean
  cosine with the story's articles (average link); it joins the likeliest story at ``SAME_STORY`` or
  above, else it starts a story of its own. An undated article may join any story.
- a maintainer pins an article to a story with ``story: <id>`` in its front matter: to join a story, or
  to start one under that name (a split). Other articles may still join it.

A story's id is the id of its first article (or the name it was pinned to), so a story keeps its page
as articles are added: a new article can only join a story or start one, never change the story of an
article dated before it. (An article dated among older ones may move those dated after it; a pin holds
any of them in place.) Tuned on hand-labelled BBC and CNN events: ``python -m digest.bench stories``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from digest.model import TermCounts
from digest.textstats import counted, terms

EVENT_LEAD = 2
"""Sentences at the start of an article that say what happened (news puts the event first)."""
EVENT_WEIGHT = 8
"""How many times the terms of the headline and of the lead count, against once for the rest."""
SAME_STORY = 0.25
"""Least mean cosine with a story's recent articles for an article to join it."""
WINDOW_DAYS = 14
"""An article is compared with the articles of the two weeks before it: a story goes quiet after that."""
SPAN_DAYS = 60
"""A story takes no article dated more than this after its first: a saga of months becomes a story
per development, rather than one that never ends."""
CHUNK = 256
"""Articles whose cosines with those before them are worked out at a time."""


def event_terms(title: str, sentences: Sequence[str], entity_ids: Sequence[str] = ()) -> TermCounts:
    """The terms an article is clustered by: those of its sentences, with the headline's and the first
    ``EVENT_LEAD`` sentences' counted ``EVENT_WEIGHT`` times, and each tracked entity it names (who the
    event is about) as a term of its own, as often."""
    found = [term for sentence in sentences for term in terms(sentence)]
    for text, more in ((title, EVENT_WEIGHT), *((s, EVENT_WEIGHT - 1) for s in sentences[:EVENT_LEAD])):
        found += list(terms(text)) * more
    found += [f"entity:{entity_id}" for entity_id in entity_ids] * EVENT_WEIGHT
    return counted(found)


@dataclass(frozen=True)
class Member:
    """What clustering reads of an article."""

    id: str
    date: dt.date | None
    terms: TermCounts
    """Its :func:`event_terms`."""
    pin: str | None = None
    """The story a maintainer put it in (front matter ``story``)."""


@dataclass(frozen=True)
class Cluster:
    """A story as clustering finds it: its id and its articles, oldest first (undated ones last)."""

    id: str
    articles: tuple[str, ...]
    central: str
    """The article most like the others (its headline is the story's title)."""


def cluster(members: Sequence[Member]) -> tuple[Cluster, ...]:
    """The stories of ``members`` (see the module docstring), in the order they began."""
    order = sorted(members, key=_order)
    if not order:
        return ()
    vectors = _prefix_tfidf([m.terms for m in order])
    starts = _starts(order, SPAN_DAYS)  # every article of a story it may join is from there on
    recent = _starts(order, WINDOW_DAYS)
    story_of = np.zeros(len(order), dtype=np.int64)
    stories: list[_Story] = []
    by_id: dict[str, int] = {}
    for first in range(0, len(order), CHUNK):
        stop = min(first + CHUNK, len(order))
        low = int(starts[first:stop].min())
        block = (vectors[first:stop] @ vectors[low:stop].T).toarray()
        for row in range(first, stop):
            member = order[row]
            if member.pin is not None:
                index = by_id.get(member.pin)
            else:
                begin = int(starts[row])
                index = _likeliest(
                    block[row - first, begin - low : row - low],
                    story_of[begin:row],
                    set(story_of[int(recent[row]) : row].tolist()),
                    stories,
                    member,
                )
            if index is None:
                index = len(stories)
                story_id = member.pin or (member.id if member.id not in by_id else f"{member.id}-story")
                stories.append(_Story(story_id, member.date))
                by_id[story_id] = index
            stories[index].rows.append(row)
            story_of[row] = index
    return tuple(_made(story, order, vectors) for story in stories)


@dataclass
class _Story:
    id: str
    first: dt.date | None
    rows: list[int] = dataclasses.field(default_factory=list)


def _order(member: Member) -> tuple[bool, dt.date, str]:
    """Dated articles by date, then undated ones; ties by id."""
    return (member.date is None, member.date or dt.date.min, member.id)


def _starts(order: Sequence[Member], days: int) -> np.ndarray:
    """For each article, the first article dated at most ``days`` before it (for an undated one, the
    first article of all)."""
    dates = np.array([m.date.toordinal() if m.date else -1 for m in order], dtype=np.int64)
    dated = int(np.count_nonzero(dates >= 0))
    starts = np.zeros(len(order), dtype=np.int64)
    starts[:dated] = np.searchsorted(dates[:dated], dates[:dated] - days, side="left")
    return starts


def _likeliest(
    similarities: np.ndarray, stories_of: np.ndarray, active: set[int], stories: list[_Story], member: Member
) -> int | None:
    """The story ``member`` joins: the one whose articles it is most like on average (at least
    ``SAME_STORY``), among the ``active`` ones (with an article of its last ``WINDOW_DAYS``) that began at
    most ``SPAN_DAYS`` before it; ties to the older. ``similarities`` are its cosines with the articles
    before it, from ``SPAN_DAYS`` back, whose stories are ``stories_of``."""
    if not len(similarities):
        return None
    candidates, inverse = np.unique(stories_of, return_inverse=True)  # oldest story first
    means = np.bincount(inverse, weights=similarities) / np.bincount(inverse)
    best, best_mean = None, -1.0
    for index, mean in zip(candidates.tolist(), means.tolist(), strict=True):
        first = stories[index].first
        if member.date is not None and (
            index not in active or (first is not None and (member.date - first).days > SPAN_DAYS)
        ):
            continue
        if mean > best_mean:
            best, best_mean = index, mean
    return best if best_mean >= SAME_STORY else None


def _made(story: _Story, order: Sequence[Member], vectors: object) -> Cluster:
    rows = story.rows
    ids = tuple(order[row].id for row in rows)
    if len(rows) < 3:
        return Cluster(story.id, ids, ids[0])
    own = vectors[rows]  # type: ignore[index]
    likeness = np.asarray(own @ own.sum(axis=0).T).ravel()
    return Cluster(story.id, ids, ids[int(np.argmax(likeness))])


def _prefix_tfidf(documents: Sequence[TermCounts]) -> object:
    """L2-normalised TF-IDF rows, where the document frequency of a term in row ``i`` counts only rows
    up to ``i`` (sublinear tf, smoothed idf, as :func:`digest.textstats.tfidf`)."""
    from scipy import sparse

    ids = [np.frombuffer(d.ids, dtype=np.uint32) for d in documents]
    if not any(len(i) for i in ids):
        return sparse.csr_matrix((len(documents), 1))
    vocabulary, columns = np.unique(np.concatenate(ids), return_inverse=True)
    counts = np.concatenate([np.frombuffer(d.counts, dtype=np.uint32) for d in documents]).astype(float)
    row_starts = np.concatenate(([0], np.cumsum([len(i) for i in ids])))
    matrix = sparse.csr_matrix((counts, columns.ravel(), row_starts), shape=(len(documents), len(vocabulary)))
    by_column = matrix.tocsc()  # each column's rows ascend: a term's n-th document has it n times seen
    seen = np.arange(by_column.nnz) - np.repeat(by_column.indptr[:-1], np.diff(by_column.indptr)) + 1
    rows = by_column.indices
    idf = 1.0 + np.log((2.0 + rows) / (1.0 + seen))  # (1 + documents so far) / (1 + df so far)
    by_column.data = (1.0 + np.log(by_column.data)) * idf
    weighted = by_column.tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ weighted)
