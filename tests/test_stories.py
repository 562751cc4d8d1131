"""Grouping articles into stories: the same event in the same weeks is one story, whatever the order
they come in; a new article never moves an older one; a maintainer's pin wins."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import numpy as np
import pytest

from digest import stories as stories_module
from digest.stories import Member, cluster, clustering, event_terms
from digest.textstats import counted

FLOOD = [
    "Floods hit Riverton after the Ash river burst its banks on Monday.",
    "The Ash river flooded Riverton on Monday, forcing hundreds of families from their homes.",
    "Riverton counts the cost of the Ash river floods as the water recedes.",
]
CHESS = [
    "Anna Petrova won the world chess championship in Madrid on Sunday.",
    "Petrova is the new world chess champion after beating the title holder in Madrid.",
]
BUDGET = [
    "The finance minister unveiled a budget that cuts fuel duty and raises the tax on tobacco.",
    "A budget of fuel duty cuts and tobacco tax rises was presented by the finance minister.",
]


def member(article_id: str, text: str, day: int | None, pin: str | None = None, title: str = "") -> Member:
    date = dt.date(2024, 1, 1) + dt.timedelta(days=day) if day is not None else None
    sentences = [text, "It was reported by several outlets."]
    return Member(article_id, date, event_terms(title, sentences), pin)


def stories(members: list[Member]) -> dict[str, tuple[str, ...]]:
    return {s.id: s.articles for s in cluster(members)}


def three_events() -> list[Member]:
    return [
        member("flood-1", FLOOD[0], 10),
        member("chess-1", CHESS[0], 11),
        member("flood-2", FLOOD[1], 11),
        member("budget-1", BUDGET[0], 12),
        member("chess-2", CHESS[1], 12),
        member("flood-3", FLOOD[2], 14),
        member("budget-2", BUDGET[1], 13),
    ]


def test_articles_about_one_event_are_one_story_and_unrelated_events_apart():
    assert stories(three_events()) == {
        "flood-1": ("flood-1", "flood-2", "flood-3"),
        "chess-1": ("chess-1", "chess-2"),
        "budget-1": ("budget-1", "budget-2"),
    }


def test_the_stories_do_not_depend_on_the_order_articles_are_given_in():
    members = three_events()
    expected = cluster(members)
    for seed in range(5):
        random.Random(seed).shuffle(members)
        assert cluster(members) == expected


def test_a_new_article_never_moves_an_older_one_or_renames_a_story():
    members = three_events()
    before = stories(members)
    later = [member("flood-4", "Riverton rebuilds after the Ash river floods.", 15), member("x", "Rain.", 16)]
    after = stories(members + later)
    for story_id, articles in before.items():
        assert after[story_id][: len(articles)] == articles


def test_the_same_event_weeks_after_a_story_went_quiet_is_a_new_story():
    members = [member("flood-1", FLOOD[0], 10), member("flood-again", FLOOD[1], 10 + 30)]
    assert stories(members) == {"flood-1": ("flood-1",), "flood-again": ("flood-again",)}


def test_a_story_takes_no_article_past_its_span_however_steady_its_coverage():
    from digest.stories import SPAN_DAYS

    members = [member(f"flood-{day:03d}", FLOOD[day % 3], day) for day in range(0, SPAN_DAYS + 20, 7)]
    found = cluster(members)
    assert len(found) == 2 and found[1].articles[0] == f"flood-{(SPAN_DAYS // 7 + 1) * 7:03d}"


def test_an_undated_article_joins_the_story_it_is_about_whatever_its_date():
    members = [*three_events(), member("flood-undated", FLOOD[1], None)]
    assert stories(members)["flood-1"] == ("flood-1", "flood-2", "flood-3", "flood-undated")


def test_a_maintainer_pins_an_article_into_a_story_or_out_of_one():
    members = three_events()
    members[5] = member("flood-3", FLOOD[2], 14, pin="riverton-floods")  # a story of its own, named
    members.append(member("chess-extra", "Unrelated words here.", 13, pin="chess-1"))  # into a story
    found = stories(members)
    assert found["riverton-floods"] == ("flood-3",)
    assert found["flood-1"] == ("flood-1", "flood-2") and found["chess-1"] == (
        "chess-1",
        "chess-2",
        "chess-extra",
    )


def test_an_article_named_like_a_pinned_story_gets_a_story_of_its_own_name():
    members = [member("a", CHESS[0], 1, pin="flood-1"), member("flood-1", FLOOD[0], 2)]
    assert stories(members) == {"flood-1": ("a",), "flood-1-story": ("flood-1",)}


def test_the_story_is_titled_by_its_most_typical_article():
    members = [
        member("f1", FLOOD[0], 1, title="Floods hit Riverton"),
        member("f2", FLOOD[2], 2, title="Riverton counts the cost"),
        member("f3", f"{FLOOD[0]} {FLOOD[2]}", 3, title="The Ash river floods Riverton"),
    ]
    (story,) = cluster(members)
    assert story.articles == ("f1", "f2", "f3") and story.central == "f3"


def _corpus(rng: random.Random, size: int, events: int) -> list[Member]:
    """Articles of ``events`` events, each in the days after its start, with some undated and pinned."""
    return [_article(rng, f"a{i:04d}", events) for i in range(size)]


def _article(rng: random.Random, article_id: str, events: int) -> Member:
    event = rng.randrange(events)
    words = [f"event{event}term{k}" for k in range(5)] * 3 + [f"word{rng.randrange(60)}" for _ in range(20)]
    undated = rng.random() < 0.03
    date = None if undated else dt.date(2020, 1, 1) + dt.timedelta(days=event * 9 + rng.randint(0, 12))
    pin = f"pinned-{rng.randrange(3)}" if rng.random() < 0.02 else None
    return Member(article_id, date, counted(words), pin)


def _edited(rng: random.Random, members: list[Member], events: int, new_id: str) -> list[Member]:
    """``members`` after one edit a pull request could make: to an article's text, date, pin or id, or an
    article added or taken out."""
    members = list(members)
    k = rng.randrange(len(members))
    old = members[k]
    match rng.choice(["text", "added", "removed", "date", "pin", "id"]):
        case "text":
            members[k] = dataclasses.replace(
                old, terms=counted([f"event{rng.randrange(events)}term1", "new"] * 3)
            )
        case "added":
            members.append(_article(rng, new_id, events))
        case "removed":
            del members[k]
        case "date":
            date = (old.date or dt.date(2020, 1, 1)) + dt.timedelta(days=rng.randint(-30, 30))
            members[k] = dataclasses.replace(old, date=date)
        case "pin":
            members[k] = dataclasses.replace(old, pin=rng.choice([None, "pinned-0", members[0].id]))
        case "id":
            members[k] = dataclasses.replace(old, id=old.id + "b")
    return members


@pytest.mark.parametrize("counted_rows", [stories_module.COUNTED_ROWS, 100, 20])
def test_a_clustering_from_the_last_one_is_the_clustering_from_nothing(monkeypatch, counted_rows):
    """Document frequencies over all the articles before each (few here), and over the last 20 or the
    days of its window, whichever are more."""
    monkeypatch.setattr(stories_module, "COUNTED_ROWS", counted_rows)
    for seed in range(40):
        rng = random.Random(seed)
        events = rng.randint(3, 60)
        members = _corpus(rng, rng.randint(5, 300), events)
        previous = clustering(members)
        for step in range(4):
            members = _edited(rng, members, events, f"new-{step}")
            again = clustering(members, previous)
            assert again == clustering(members), (seed, step)
            previous = again


def test_after_an_edit_only_the_articles_of_the_weeks_after_it_are_taken_again(monkeypatch):
    """A digest of years: an edit to an article of its middle takes again the articles of the two months
    after it (those whose vectors count it, here: a hundred rows), not the years of articles after those."""
    monkeypatch.setattr(stories_module, "COUNTED_ROWS", 100)
    rng = random.Random(1)
    members = _corpus(rng, 2000, 400)  # 400 events over ten years
    members = [m for m in members if m.date is not None]
    previous = clustering(members)
    middle = sorted(members, key=lambda m: (m.date, m.id))[len(members) // 2]
    edited = [dataclasses.replace(m, terms=counted(["updated"] * 2)) if m is middle else m for m in members]
    taken: list[int] = []
    likeliest = stories_module._Found.likeliest

    def counted_likeliest(self, *arguments):
        taken.append(1)
        return likeliest(self, *arguments)

    monkeypatch.setattr(stories_module._Found, "likeliest", counted_likeliest)
    again = clustering(edited, previous)
    assert 0 < len(taken) < len(members) // 10
    assert again == clustering(edited)


@pytest.mark.parametrize("counted_rows", [stories_module.COUNTED_ROWS, 20])
def test_an_article_said_unchanged_after_an_edit_has_the_vector_it_had(monkeypatch, counted_rows):
    """What resuming rests on: a row the last clustering is taken to hold for has, term by term, the
    TF-IDF vector it had there (its document frequencies count none of the articles an edit changed)."""
    monkeypatch.setattr(stories_module, "COUNTED_ROWS", counted_rows)
    for seed in range(30):
        rng = random.Random(seed)
        events = rng.randint(3, 60)
        before = _corpus(rng, rng.randint(5, 200), events)
        after = _edited(rng, before, events, "new")
        old_order, new_order = (sorted(m, key=stories_module._order) for m in (before, after))
        signatures = b"".join(stories_module._signature(m) for m in new_order)
        starts = stories_module._starts(new_order, stories_module.SPAN_DAYS)
        counted = stories_module._counted_from(starts)
        resume = stories_module._Resume(clustering(before), signatures, new_order, starts, counted)
        old_vectors, new_vectors = _vectors(old_order), _vectors(new_order)
        for row in np.flatnonzero(resume.unchanged_rows(len(new_order))).tolist():
            old_row = row if row < resume.prefix else row - resume.shift
            assert new_vectors[row] == pytest.approx(old_vectors[old_row]), (seed, row)


def _vectors(order: list[Member]) -> list[dict[int, float]]:
    """Each row's TF-IDF vector as clustering makes it, by term id."""
    starts = stories_module._counted_from(stories_module._starts(order, stories_module.SPAN_DAYS))
    matrix = stories_module._tfidf([m.terms for m in order], starts, 0, len(order))
    ids = [np.frombuffer(m.terms.ids, dtype=np.uint32) for m in order]
    vocabulary = np.unique(np.concatenate(ids)) if any(len(i) for i in ids) else np.zeros(0)
    return [
        {int(vocabulary[c]): float(v) for c, v in zip(row.indices, row.data, strict=True)} for row in matrix
    ]
