"""Stories: the articles about one event, found by comparing each article with the stories before it.

Stage 4a (linking). A digest grows over years, across many events; what a reader follows, and what the
figures, disagreements and timeline compare, is one story (issue 24). Articles are taken in order of
date (then id; undated ones last), and each joins the story it is most like, or starts one:

- an article is compared by its *event terms* (:func:`event_terms`): the terms of its text, with those
  of its headline and its first two sentences counted ``EVENT_WEIGHT`` times, as news puts the event
  there and the background below;
- weighted by TF-IDF, where a term's document frequency counts only the articles of the ``SPAN_DAYS``
  up to it (or its ``COUNTED_ROWS`` last articles, when they are more), so that an article's vector, and
  the choice it leads to, depend on nothing that comes after it, nor on what is months older (and an
  edit changes the vectors of two months, or a thousand articles, at most);
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

Each build starts from the last one's clustering (:func:`clustering`): only the articles an edit can
have moved are taken again, and the result is the one a clustering from nothing gives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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
COUNTED_ROWS = 1000
"""Articles before an article whose terms its document frequencies count at least, when its ``SPAN_DAYS``
hold fewer: frequencies from a handful of articles make every word look rare. On the generated corpus
of the scale benchmark (a few articles a week), B-cubed F1 rose from 0.87 to 0.98 at 1,000 articles and
from 0.89 to 0.93 at 10,000."""
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


@dataclass(frozen=True)
class Clustering:
    """What :func:`clustering` found, kept between builds so that the next one takes again only the
    articles an edit can have moved (see :func:`clustering`)."""

    signatures: bytes
    """Each article's :func:`_signature`, in the order they were taken."""
    counted: bytes
    """For each article, the first whose terms its document frequencies count (int64: see
    :func:`_counted_from`)."""
    story_of: bytes
    """Each article's story (its index in ``clusters``), as int64."""
    first_days: bytes
    """Each story's first date (its ordinal; -1 when undated), as int64."""
    clusters: tuple[Cluster, ...]
    """The stories, in the order they began."""


def cluster(members: Sequence[Member]) -> tuple[Cluster, ...]:
    """The stories of ``members`` (see the module docstring), in the order they began."""
    return clustering(members).clusters


def clustering(members: Sequence[Member], previous: Clustering | None = None) -> Clustering:
    """The stories of ``members``, found again from ``previous``, the clustering of an earlier build.

    The result is always what a clustering from nothing gives; ``previous`` only saves work. An article's
    story depends only on the articles before it, and its vector on those its document frequencies count
    (see :func:`_counted_from`), so the articles before the first that changed keep their stories; and
    past the last that changed, from the first article whose comparisons are all with unchanged articles
    that are in the stories they were in before, every dated article keeps its story too. So after a
    one-article edit only the articles of the two months (or thousand articles) after it are taken
    again, unless the edit moved them.
    """
    order = sorted(members, key=_order)
    signatures = b"".join(_signature(m) for m in order)
    if previous is not None and previous.signatures == signatures:
        return previous
    starts = _starts(order, SPAN_DAYS)  # the articles a story it may join began from, and its terms' df
    recent = _starts(order, WINDOW_DAYS)
    counted = _counted_from(starts)
    resume = _Resume(previous, signatures, order, starts, counted) if previous is not None else None
    vectors = _Vectors(order, counted, extent=len(order) if resume is None else 4 * CHUNK)
    found = _Found(len(order))
    row = found.restore(previous, resume.prefix) if previous is not None and resume is not None else 0
    following = resume is not None
    while row < len(order):
        stop = min(row + CHUNK, len(order))
        low = int(starts[row:stop].min())
        window = vectors.rows(low, stop)
        block = (window[row - low :] @ window.T).toarray()
        for current in range(row, stop):
            if following and resume.holds(found, current):  # type: ignore[union-attr]
                row, following = found.follow(resume, current), False  # type: ignore[arg-type]
                break
            member = order[current]
            begin = int(starts[current])
            if member.pin is not None:
                index = found.by_id.get(member.pin)
            else:
                similarities = block[current - row, begin - low : current - low]
                index = found.likeliest(similarities, begin, current, member, recent)
            found.add(current, member, index)
        else:
            row = stop
    return Clustering(
        signatures,
        counted.tobytes(),
        found.story_of.tobytes(),
        found.first_day[: len(found.ids)].tobytes(),
        _clusters(found, order, vectors, previous, resume),
    )


SIGNATURE = 16
"""Bytes of an article's signature."""


def _signature(member: Member) -> bytes:
    """A hash of all clustering reads of an article."""
    head = repr((member.id, member.date, member.pin)).encode("utf-8")
    digest = hashlib.blake2b(digest_size=SIGNATURE)
    for part in (head, member.terms.ids, member.terms.counts):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.digest()


class _Resume:
    """How the articles of a clustering compare with those of the previous one (``old``): the same
    first ``prefix`` articles, and the same articles from ``suffix`` on (``shift`` rows later here)."""

    def __init__(
        self,
        old: Clustering,
        signatures: bytes,
        order: Sequence[Member],
        starts: np.ndarray,
        counted: np.ndarray,
    ) -> None:
        new_rows = np.frombuffer(signatures, dtype=f"V{SIGNATURE}")
        old_rows = np.frombuffer(old.signatures, dtype=f"V{SIGNATURE}")
        common = min(len(new_rows), len(old_rows))
        differ = np.flatnonzero(new_rows[:common] != old_rows[:common])
        self.prefix = int(differ[0]) if len(differ) else common
        tail = np.flatnonzero(new_rows[::-1][:common] != old_rows[::-1][:common])
        same_tail = min(int(tail[0]) if len(tail) else common, common - self.prefix)
        self.suffix = len(new_rows) - same_tail
        self.shift = len(new_rows) - len(old_rows)
        self.starts, self.counted = starts, counted
        self.old_counted = np.frombuffer(old.counted, dtype=np.int64)
        self.old_story_of = np.frombuffer(old.story_of, dtype=np.int64)
        self.old_first_day = np.frombuffer(old.first_days, dtype=np.int64)
        self.old_ids = [c.id for c in old.clusters]
        self.dated = sum(1 for m in order if m.date is not None)
        self.last_use: dict[str, int] = {}  # for each article id and pin, the last article that has it
        for row, member in enumerate(order):
            self.last_use[member.id] = row
            if member.pin is not None:
                self.last_use[member.pin] = row

    def unchanged_vectors(self, first: int, stop: int) -> bool:
        """Whether the vectors of rows ``first`` to ``stop`` are those of their rows before: the terms
        their document frequencies count are of the same articles, all before the first that changed or
        all after the last."""
        if stop <= self.prefix:
            return True
        if first < self.suffix:
            return False
        counted = self.counted[first:stop]
        return bool(np.all(counted >= self.suffix)) and np.array_equal(
            self.old_counted[first - self.shift : stop - self.shift], counted - self.shift
        )

    def unchanged_rows(self, size: int) -> np.ndarray:
        """For each of ``size`` rows, whether its vector is that of its row before (see
        :meth:`unchanged_vectors`)."""
        rows = np.arange(size)
        unchanged = rows < self.prefix
        after = rows >= self.suffix
        old_rows = np.clip(rows - self.shift, 0, max(len(self.old_counted) - 1, 0))
        same = self.old_counted[old_rows] == self.counted - self.shift if len(self.old_counted) else after
        return unchanged | (after & (self.counted >= self.suffix) & same)

    def holds(self, found: _Found, row: int) -> bool:
        """Whether every dated article from ``row`` on is in the story it was in before: the articles
        ``row`` is compared with (and their vectors) are unchanged, and in the same stories (by id, first
        date and rank); and no story found here alone, or there alone, has an id a later article uses."""
        begin = int(self.starts[row])
        if row < self.suffix or row >= self.dated or not self.unchanged_vectors(begin, row + 1):
            return False
        new = found.story_of[begin:row]
        old_stories, old_rows = np.unique(
            self.old_story_of[begin - self.shift : row - self.shift], return_inverse=True
        )
        mapped = np.array(
            [found.by_id.get(self.old_ids[k], -1) for k in old_stories.tolist()], dtype=np.int64
        )
        if not np.array_equal(mapped[old_rows.ravel()], new) or np.any(np.diff(mapped) <= 0):
            return False
        if not np.array_equal(found.first_day[mapped], self.old_first_day[old_stories]):
            return False
        began = int(self.old_story_of[: row - self.shift].max()) + 1 if row > self.shift else 0
        differing = set(found.ids).symmetric_difference(self.old_ids[:began])
        return not any(self.last_use.get(unsuffixed(i), -1) >= row for i in differing)


def unsuffixed(story_id: str) -> str:
    """A story id without the ``STORY_SUFFIX`` a clash of ids added: the article id or pin it comes from."""
    while story_id.endswith(STORY_SUFFIX):
        story_id = story_id[: -len(STORY_SUFFIX)]
    return story_id


STORY_SUFFIX = "-story"
"""Added to the id of an article that begins a story when a story already has that id (a pin's)."""


class _Found:
    """The stories found so far, as arrays by story index (stories are numbered as they begin)."""

    def __init__(self, size: int) -> None:
        self.story_of = np.zeros(size, dtype=np.int64)  # by row
        self.last_row = np.zeros(size, dtype=np.int64)  # by story: its latest article so far
        self.first_day = np.zeros(size, dtype=np.int64)  # by story: its first date (-1: undated)
        self.ids: list[str] = []
        self.by_id: dict[str, int] = {}

    def restore(self, old: Clustering, rows: int) -> int:
        """Takes the stories of the first ``rows`` articles from ``old``; the row to go on from."""
        if rows:
            self.story_of[:rows] = np.frombuffer(old.story_of, dtype=np.int64)[:rows]
            began = int(self.story_of[:rows].max()) + 1
            self.ids = [c.id for c in old.clusters[:began]]
            self.by_id = {story_id: index for index, story_id in enumerate(self.ids)}
            self.first_day[:began] = np.frombuffer(old.first_days, dtype=np.int64)[:began]
            np.maximum.at(self.last_row, self.story_of[:rows], np.arange(rows))
        return rows

    def follow(self, resume: _Resume, row: int) -> int:
        """Puts the dated articles from ``row`` on in the stories they were in before (see
        :meth:`_Resume.holds`); the row to go on from: the first undated one, compared with all."""
        for current in range(row, resume.dated):
            index = int(resume.old_story_of[current - resume.shift])
            story_id = resume.old_ids[index]
            if story_id not in self.by_id:
                self._begin(story_id, int(resume.old_first_day[index]))
            self.story_of[current] = self.by_id[story_id]
            self.last_row[self.by_id[story_id]] = current
        return resume.dated

    def likeliest(
        self, similarities: np.ndarray, begin: int, row: int, member: Member, recent: np.ndarray
    ) -> int | None:
        """The story ``member`` (at ``row``) joins: the one whose articles since ``begin`` it is most like
        on average (``similarities``: its cosines with them), at least ``SAME_STORY``; when it is dated,
        only a story with an article of its last ``WINDOW_DAYS`` (from row ``recent[row]``) that began at
        most ``SPAN_DAYS`` before it. Ties go to the older story."""
        if not len(similarities):
            return None
        stories = self.story_of[begin:row]
        lowest = int(stories.min())
        counts = np.bincount(stories - lowest)
        means = np.bincount(stories - lowest, weights=similarities) / np.maximum(counts, 1)
        candidate = counts > 0
        if member.date is not None:
            indices = np.arange(lowest, lowest + len(counts))
            first = self.first_day[indices]
            candidate &= self.last_row[indices] >= recent[row]
            candidate &= (first < 0) | (member.date.toordinal() - first <= SPAN_DAYS)
        means[~candidate] = -1.0
        best = int(np.argmax(means))
        return lowest + best if means[best] >= SAME_STORY else None

    def add(self, row: int, member: Member, index: int | None) -> None:
        """Puts ``member`` in story ``index``, or in a story it begins."""
        if index is None:
            story_id = member.pin or member.id
            while story_id in self.by_id:
                story_id += STORY_SUFFIX
            index = self._begin(story_id, member.date.toordinal() if member.date else -1)
        self.story_of[row] = index
        self.last_row[index] = row

    def _begin(self, story_id: str, first_day: int) -> int:
        index = len(self.ids)
        self.ids.append(story_id)
        self.by_id[story_id] = index
        self.first_day[index] = first_day
        return index


def _order(member: Member) -> tuple[bool, dt.date, str]:
    """Dated articles by date, then undated ones; ties by id."""
    return (member.date is None, member.date or dt.date.min, member.id)


def _counted_from(starts: np.ndarray) -> np.ndarray:
    """For each article, the first whose terms its document frequencies count: those of the ``SPAN_DAYS``
    before it, or the ``COUNTED_ROWS`` articles before it when they are more."""
    floor = np.maximum(np.arange(len(starts), dtype=np.int64) - COUNTED_ROWS, 0)
    return np.minimum(starts, floor)


def _starts(order: Sequence[Member], days: int) -> np.ndarray:
    """For each article, the first article dated at most ``days`` before it (for an undated one, the
    first article of all)."""
    dates = np.array([m.date.toordinal() if m.date else -1 for m in order], dtype=np.int64)
    dated = int(np.count_nonzero(dates >= 0))
    starts = np.zeros(len(order), dtype=np.int64)
    starts[:dated] = np.searchsorted(dates[:dated], dates[:dated] - days, side="left")
    return starts


def _clusters(
    found: _Found,
    order: Sequence[Member],
    vectors: _Vectors,
    previous: Clustering | None,
    resume: _Resume | None,
) -> tuple[Cluster, ...]:
    """The stories found, each with its central article, kept from ``previous`` for a story of the same
    articles whose vectors are unchanged."""
    rows: list[list[int]] = [[] for _ in found.ids]
    for row, index in enumerate(found.story_of.tolist()):
        rows[index].append(row)
    before = {c.id: c for c in previous.clusters} if previous is not None else {}
    unchanged = resume.unchanged_rows(len(order)) if resume is not None else np.zeros(len(order), dtype=bool)
    made = []
    for story_id, story_rows in zip(found.ids, rows, strict=True):
        ids = tuple(order[row].id for row in story_rows)
        old = before.get(story_id)
        if old is not None and old.articles == ids and bool(np.all(unchanged[story_rows])):
            made.append(old)
        else:
            made.append(Cluster(story_id, ids, ids[_central(story_rows, vectors)]))
    return tuple(made)


def _central(rows: list[int], vectors: _Vectors) -> int:
    """Which of ``rows`` is most like the others (the first of the first two)."""
    if len(rows) < 3:
        return 0
    own = vectors.rows(rows[0], rows[-1] + 1)[[r - rows[0] for r in rows]]
    likeness = np.asarray(own @ own.sum(axis=0).T).ravel()
    return int(np.argmax(likeness))


class _Vectors:
    """The articles' TF-IDF vectors (see :func:`_tfidf`), worked out ``extent`` rows at a time as they
    are asked for."""

    def __init__(self, order: Sequence[Member], counted: np.ndarray, extent: int) -> None:
        self.terms = [m.terms for m in order]
        self.counted, self.extent = counted, extent
        self.first = self.stop = 0
        self.matrix: Any = None

    def rows(self, first: int, stop: int) -> Any:
        """The vectors of rows ``first`` to ``stop``, all from one matrix (so their columns agree)."""
        if self.matrix is None or first < self.first or stop > self.stop:
            self.extent = max(self.extent, 4 * (stop - first))
            self.first, self.stop = first, min(len(self.terms), first + self.extent)
            self.matrix = _tfidf(self.terms, self.counted, self.first, self.stop)
        return self.matrix[first - self.first : stop - self.first]


def _tfidf(documents: Sequence[TermCounts], starts: np.ndarray, first: int, stop: int) -> Any:
    """L2-normalised TF-IDF rows of ``documents[first:stop]``, where the document frequency of a term in
    row ``i`` counts the rows from ``starts[i]`` to ``i`` (sublinear tf, smoothed idf, as
    :func:`digest.textstats.tfidf`). A row's values do not depend on which rows are asked for with it."""
    from scipy import sparse

    base = int(starts[first:stop].min()) if stop > first else first
    ids = [np.frombuffer(d.ids, dtype=np.uint32) for d in documents[base:stop]]
    height = stop - base
    if not any(len(i) for i in ids):
        return sparse.csr_matrix((stop - first, 1))
    vocabulary, columns = np.unique(np.concatenate(ids), return_inverse=True)
    counts = np.concatenate([np.frombuffer(d.counts, dtype=np.uint32) for d in documents[base:stop]])
    row_starts = np.concatenate(([0], np.cumsum([len(i) for i in ids])))
    matrix = sparse.csr_matrix(
        (counts.astype(float), columns.ravel(), row_starts), shape=(height, len(vocabulary))
    )
    by_column = matrix.tocsc()  # each column's rows ascend
    by_column.sort_indices()
    rows = by_column.indices.astype(np.int64)
    column = np.repeat(np.arange(len(vocabulary), dtype=np.int64), np.diff(by_column.indptr))
    keys = column * height + rows  # ascending
    window = np.maximum(starts[base + rows] - base, 0)  # rows before ``first`` are only counted
    seen = np.arange(len(keys)) - np.searchsorted(keys, column * height + window) + 1
    idf = 1.0 + np.log((2.0 + rows - window) / (1.0 + seen))  # (1 + documents so far) / (1 + df so far)
    by_column.data = (1.0 + np.log(by_column.data)) * idf
    weighted = by_column.tocsr()[first - base :]
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ weighted)
