"""The caches' format: every value the build caches comes back equal, and nothing else can be made."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from digest import serial
from digest.analyse import analyse_article
from digest.entities import EntityMatcher
from digest.errors import Problem, Severity
from digest.model import Cue, Entity, EntityType, Outline, Theme
from tests.conftest import make_article

THEMES = (Theme("money", "Money", "Who pays.", (Cue("invest*", 2.0), Cue("billion"))),)
ENTITIES = (Entity("acme", "Acme Corp", EntityType.ORGANISATION, ("Acme",)),)


def analysed():
    body = (
        "Acme will invest €15 million (approximately $16.3 million) in Widgets on Monday.\n\n"
        "Acme said the two billion dollar deal, agreed last month, was not about equity."
    )
    return analyse_article(make_article(body=body), THEMES, EntityMatcher(ENTITIES), 0.25)


def test_an_analysis_comes_back_equal_and_each_sentence_is_written_once():
    analysis = analysed()
    data = serial.dumps(analysis)
    assert serial.loads(data) == analysis
    first = analysis.figures[0].sentence  # also in its block, its mention, its date
    assert analysis.mentions[0].sentence == first and analysis.dates[0].sentence == first
    written = json.dumps(
        ["Sentence", first.article_id, first.block, first.index, first.text], ensure_ascii=False
    )[:-1]
    assert data.decode().count(written.replace(", ", ",")) == 1


@pytest.mark.parametrize(
    "value",
    [
        None,
        ("a", 1, 2.5, True, None, ("nested",), ["list"], {"key": b"\x00bytes"}),
        {"outline": Outline(analysed().terms, ("money",), ("acme",), (), analysed().event_terms)},
        (Problem("content/x.md", 3, "title", "is missing", Severity.WARNING), dt.date(2024, 2, 26)),
        float("inf"),
    ],
)
def test_values_come_back_as_they_were(value):
    assert serial.loads(serial.dumps(value)) == value


def test_anything_else_is_refused_when_written():
    with pytest.raises(TypeError, match="cannot cache a"):
        serial.dumps(object())
    with pytest.raises(TypeError, match="str keys"):
        serial.dumps({1: "one"})


@pytest.mark.parametrize(
    "data",
    [
        b'["PosixPath", "/etc/passwd"]',  # a class that is not ours
        b'["os", "system"]',
        b'["Sentence", "a", 0]',  # too few fields
        b'["E", "Sentence", "x"]',  # not an enum
        b'["E", "Severity", "fatal"]',  # no such member
        b'["@", 0]',  # nothing written yet
        b'["AnalysedArticle", "not an article", ["T"], ["T"], ["T"], ["T"], null]',
        b'["B", "not base64!"]',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a": ["T", ' + b"9" * 5000 + b"]}",
        b"\x80 not json",
        b"[]",
    ],
)
def test_what_was_not_written_here_is_unreadable_never_run(data):
    with pytest.raises(serial.Unreadable):
        serial.loads(data)
