"""Link the analysed articles into one digest: stories, and within each, what the sources say.

Stage 4: the only stage that compares articles with each other.

First the articles are grouped into stories (:mod:`digest.stories`): the articles about one event.
Everything that compares what sources say is then worked out within one story, never across them
(issue 24): its multi-source overview, its key figures (apart from the figures its sources give about
other deals), where its sources disagree, its timeline. Each story is kept in the memo by a fingerprint
of what it is made from (its articles' analysis keys, the entities, the editors' questions and notes),
so an edit to one article works out its story again, and no other. Stories are then linked to the
other stories that name the same people and organisations, or are alike in wording.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from digest import serial
from digest.analyse import newest_first, source_ids
from digest.brief import story_brief
from digest.cache import Memo, fingerprint
from digest.compare import amount_disagreements, figure_groups, question_disagreements, split_context
from digest.entities import EntityMatcher
from digest.model import (
    UNKNOWN_OUTLET,
    AnalysedArticle,
    Compared,
    Content,
    Digest,
    Related,
    Story,
    TermCounts,
)
from digest.parallel import PARALLEL_FROM, parallel_map
from digest.settings import Settings
from digest.stories import Cluster, Clustering, Member, clustering
from digest.textstats import counted_sum, similarity_blocks, tfidf_of_counts
from digest.timeline import timeline
from digest.weigh import weigh


def link(
    content: Content,
    analysed: Sequence[AnalysedArticle],
    settings: Settings,
    jobs: int | None = None,
    memo: Memo | None = None,
) -> Digest:
    """The digest: the articles newest first, grouped into stories, each worked out (in ``jobs`` worker
    processes when many are to be), through ``memo`` when given."""
    memo = memo or Memo.open(None)
    articles = newest_first(analysed)
    keys = {a.id: analysis_key(a) for a in articles}
    clusters = _clustering(story_members(articles), memo).clusters
    shared = fingerprint(content.entities, content.questions, content.figure_notes, settings)
    story_keys = [fingerprint(shared, c, [keys[i] for i in c.articles]) for c in clusters]
    worker = (articles, content, settings)
    background = jobs if len(articles) >= PARALLEL_FROM else 1

    compared_keys = {c.id: fingerprint("compared", key) for c, key in zip(clusters, story_keys, strict=True)}
    fresh: dict[str, Compared] = {}

    def work_out(missing: list[int]) -> list[Story]:
        found = parallel_map(StoryWorker, worker, [clusters[i] for i in missing], background)
        stories = []
        for i, (story, compared) in zip(missing, found, strict=True):
            memo.put(compared_keys[story.id], compared)
            fresh[story.id] = compared
            stories.append(dataclasses.replace(story, key=story_keys[i]))
        return stories

    # A story whose comparisons cannot be read back is worked out again, whole.
    lost = [i for i, c in enumerate(clusters) if not memo.intact(compared_keys[c.id])]
    stories = memo.get_many(story_keys, work_out, again=lost)
    for key in compared_keys.values():
        memo.keep(key)
    compared = _StoredCompared(memo, compared_keys, fresh)
    related = memo.recall(
        fingerprint("related stories", story_keys, settings.related_threshold, settings.related_max),
        lambda: related_stories(stories, settings),
    )
    stories = [dataclasses.replace(s, related=r) for s, r in zip(stories, related, strict=True)]
    return Digest(
        articles=articles,
        themes=content.themes,
        entities=content.entities,
        stories=newest_stories(stories),
        compared=compared,
        questions=content.questions,
        figure_notes=content.figure_notes,
    )


def story_members(articles: Sequence[AnalysedArticle]) -> list[Member]:
    """What the grouping into stories reads of each article: its id, date, event terms and pin."""
    return [Member(a.id, a.article.date, a.event_terms, a.article.story) for a in articles]


CLUSTERING = "the last clustering"
"""The memo's key for the clustering of the last build: the next one starts from it (see
:func:`~digest.stories.clustering`); its fingerprint (with the code's) says it was made by this code."""


def _clustering(members: Sequence[Member], memo: Memo) -> Clustering:
    key = fingerprint(CLUSTERING)
    previous = memo.stored(key)
    previous = previous if isinstance(previous, Clustering) else None
    found = clustering(members, previous)
    if found is previous:
        memo.keep(key)
    else:
        memo.put(key, found)
    return found


class _StoredCompared(Mapping[str, Compared]):
    """Each story's :class:`Compared`, by story id, decoded from the memo the first time it is asked for
    (those worked out by this build are at hand)."""

    def __init__(self, memo: Memo, keys: dict[str, str], fresh: dict[str, Compared]) -> None:
        self._memo, self._keys, self._found = memo, keys, dict(fresh)

    def __getitem__(self, story_id: str) -> Compared:
        found = self._found.get(story_id)
        if found is None:
            value = self._memo.stored(self._keys[story_id])
            if not isinstance(value, Compared):  # checked intact when linked: never, unless code changed
                raise LookupError(f"the comparisons of story {story_id} cannot be read back")
            found = self._found[story_id] = value
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def analysis_key(analysed: AnalysedArticle) -> str:
    """The analysis's key (which stands for all it was made from), or a hash of it when it has none."""
    return analysed.key or hashlib.sha256(serial.dumps(analysed)).hexdigest()


def newest_stories(stories: Sequence[Story]) -> tuple[Story, ...]:
    """Stories by their latest article, newest first, then undated ones; ties by id."""
    dated = sorted((s for s in stories if s.last), key=lambda s: (-s.last.toordinal(), s.id))  # type: ignore[union-attr]
    return (*dated, *sorted((s for s in stories if not s.last), key=lambda s: s.id))


class StoryWorker:
    """Works out a story (in a worker process): its title, dates, sources, overview, figures,
    disagreements and timeline, from its articles alone."""

    def __init__(self, articles: Sequence[AnalysedArticle], content: Content, settings: Settings) -> None:
        self.articles = {a.id: a for a in articles}
        self.content, self.settings = content, settings
        self.matcher = EntityMatcher(content.entities)

    def __call__(self, found: Cluster) -> tuple[Story, Compared]:
        members = [self.articles[i] for i in found.articles]  # oldest first
        newest = newest_first(members)
        questions = [q for q in self.content.questions if q.story in (None, found.id)]
        notes = [n for n in self.content.figure_notes if n.story in (None, found.id)]
        order = list(found.articles)
        groups = figure_groups(members, notes, order)
        figures, context = split_context(groups, members, self.content.entities)
        dates = [a.article.date for a in members if a.article.date]
        originals = _originals(members)
        news = [a for a in originals if a.article.source_kind == "outlet"]
        story = Story(
            id=found.id,
            title=self.articles[found.central].article.title,
            articles=found.articles,
            first=min(dates, default=None),
            last=max(dates, default=None),
            sources=count_sources(members),
            outlets=len({a.article.source_label for a in news} - {UNKNOWN_OUTLET}),
            outlet_unknown=sum(1 for a in news if a.article.source_label == UNKNOWN_OUTLET),
            republished=sum(1 for a in originals if a.article.source_kind == "republished"),
            blogs=sum(1 for a in originals if a.article.source_kind == "blog"),
            entity_ids=tuple(sorted({e for a in members for e in a.entity_ids})),
            terms=_most_counted(counted_sum(a.event_terms for a in members)),
        )
        found = amount_disagreements(
            members, self.content.entities, notes, [f for g in figures for f in g.figures]
        ) + question_disagreements(members, questions)
        disagreements = weigh(found, members, self.content.entities, self.matcher)
        compared = Compared(
            overview=story_brief(newest, self.settings.overview_sentences, disagreements),
            figures=figures,
            context=context,
            disagreements=disagreements,
            timeline=timeline(members, order),
        )
        return story, compared


def count_sources(members: Sequence[AnalysedArticle]) -> int:
    """Distinct sources among a story's articles: a republished copy of another of them is the same one."""
    return len({a.article.source_label for a in _originals(members)})


def _originals(members: Sequence[AnalysedArticle]) -> list[AnalysedArticle]:
    """A story's articles but the republished copies (``copy_of``) of others of them."""
    source = source_ids(members)
    return [a for a in members if source[a.id] == a.id]


def related_stories(stories: Sequence[Story], settings: Settings) -> list[tuple[Related, ...]]:
    """For each story, the others most related to it: those naming two or more of the same tracked
    people and organisations first (most shared first), then those alike in wording (TF-IDF cosine of
    the :data:`STORY_TERMS` event terms their articles count most, at least
    ``settings.related_threshold``); ``settings.related_max`` each.

    Stories are compared with those nearest them in time (see :func:`~digest.textstats.similarity_blocks`),
    so the cost grows with the number of stories, not its square; each block is ranked as a whole.
    """
    ordered = sorted(range(len(stories)), key=lambda i: (stories[i].first or dt.date.max, i))
    result: list[tuple[Related, ...]] = [()] * len(stories)
    if len(ordered) < 2 or not settings.related_max:
        return result
    named = [stories[i].entity_ids for i in ordered]
    every = sorted({e for entity_ids in named for e in entity_ids})
    column = {e: n for n, e in enumerate(every)}
    incidence = np.zeros((len(ordered), max(len(every), 1)), dtype=np.float32)
    for row, entity_ids in enumerate(named):
        incidence[row, [column[e] for e in entity_ids]] = 1.0
    terms = [stories[i].terms for i in ordered]
    for first_row, first_column, block in similarity_blocks(tfidf_of_counts(terms)):
        rows = slice(first_row, first_row + block.shape[0])
        shared = incidence[rows] @ incidence[first_column : first_column + block.shape[1]].T
        eligible = (shared >= 2) | (block >= settings.related_threshold)
        score = np.where(shared >= 2, shared, 0.0) + np.minimum(block, 0.999)  # names first, then words
        for offset in range(block.shape[0]):
            i = first_row + offset
            candidates = np.flatnonzero(eligible[offset])
            candidates = candidates[candidates + first_column != i]
            best = candidates[np.lexsort((candidates, -score[offset, candidates]))][: settings.related_max]
            result[ordered[i]] = tuple(
                Related(
                    stories[ordered[first_column + j]].id,
                    tuple(sorted(set(named[i]) & set(named[first_column + j]))),
                    round(float(block[offset, j]), 3),
                )
                for j in best.tolist()
            )
    return result


STORY_TERMS = 64
"""A story is compared with others by its 64 most counted event terms: what it is about, and a vector small
enough that a thousand stories' fit in a few megabytes."""


def _most_counted(counts: TermCounts, keep: int = STORY_TERMS) -> TermCounts:
    """The ``keep`` terms of ``counts`` counted most (ties to the lower id), with their counts."""
    ids = np.frombuffer(counts.ids, dtype=np.uint32)
    numbers = np.frombuffer(counts.counts, dtype=np.uint32)
    if len(ids) <= keep:
        return counts
    kept = np.sort(np.lexsort((ids, -numbers.astype(np.int64)))[:keep])
    return TermCounts(ids[kept].tobytes(), numbers[kept].tobytes())
