"""Property-based tests: the text-handling stages never crash on arbitrary text, whatever it contains."""

from __future__ import annotations

import datetime as dt
import html
import re
import time
from collections.abc import Callable

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.analyse import analyse_article
from digest.bench.hostile import HOSTILE, run_of
from digest.clean import plain_text
from digest.dates import extract_dates
from digest.entities import EntityMatcher
from digest.figures import extract_figures
from digest.link import link
from digest.mdtext import escape
from digest.model import Answer, Content, Cue, Entity, EntityType, Question, Theme
from digest.sentences import split_sentences
from digest.settings import Settings
from tests.conftest import make_article, make_sentence

# Text as articles bring it: any character, plus the ones that mean something to us, often.
NEWSY = st.text(
    alphabet=st.one_of(st.characters(), st.sampled_from(list("<>&\"'`*_[](){}#!|\\.$€£%-:;,?\n 0123456789"))),
    max_size=400,
)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(NEWSY)
def test_the_splitter_never_crashes_or_loses_words(text):
    sentences = split_sentences(text)
    assert "".join("".join(sentences).split()) == "".join(text.split())


@FAST
@given(NEWSY)
def test_figures_and_dates_never_crash(text):
    sentence = make_sentence(text)
    for figure in extract_figures([sentence]):
        assert figure.value >= 0 and figure.text in text
    for mention in extract_dates([sentence], dt.date(2024, 2, 26)):
        assert mention.phrase in text


@FAST
@given(NEWSY)
def test_cleaning_and_entity_matching_never_crash(text):
    cleaned = plain_text(text)
    assert "\n" not in cleaned
    matcher = EntityMatcher((Entity("acme", "Acme", EntityType.ORGANISATION, ("ACME Corp",)),))
    for start, end, _ in matcher.spans(cleaned):
        assert 0 <= start < end <= len(cleaned)


SITE_EXTENSIONS = ["admonition", "attr_list", "pymdownx.details", "tables", "toc"]
"""The Markdown extensions of mkdocs.yml."""


@FAST
@given(NEWSY)
def test_escaped_text_renders_as_itself_with_no_markup(text):
    rendered = markdown.markdown(f"- {escape(text)}", extensions=SITE_EXTENSIONS)
    inner = rendered.removeprefix("<ul>\n<li>").removesuffix("</li>\n</ul>")
    assert "<" not in inner.replace("&lt;", "")  # no element of any kind came from the text
    expected = " ".join(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", text).split())
    assert html.unescape(inner).strip() == expected.strip() or not expected.strip()


@FAST
@given(NEWSY, st.sampled_from(["", "A line of text\n", "> "]))
def test_escaped_text_at_the_start_of_a_line_opens_no_block(text, before):
    """Issue 22: ``???+ danger`` at the start of a paragraph opened a collapsible block that hid the words."""
    rendered = markdown.markdown(f"{before}{escape(text)}", extensions=SITE_EXTENSIONS)
    for element in ("<details", "<h1", "<h2", "<hr", "<ul", "<ol", "<pre", "<table", "<div"):
        assert element not in rendered


@pytest.mark.parametrize("text", ["???+ danger Boom", "??? note", "===", "!!! warning x", "--- x"])
def test_block_openers_at_the_start_are_shown_as_text(text):
    rendered = markdown.markdown(f"A line of text\n{escape(text)}", extensions=SITE_EXTENSIONS)
    assert html.unescape(rendered) == f"<p>A line of text\n{text}</p>"


# --- linear time ------------------------------------------------------------------------------------
# Issue 22: one article under the size limit stalled the build (99,000 digits then " x $": over 900 s).
# Every text stage must take time linear in its input: when an input grows four times, the time to
# analyse and link it may grow about four times, never sixteen (the square). A ratio, not a speed: the
# benchmark (`python -m digest.bench hostile`) times the real build against its 2-second limit.

LINEAR_THEMES = (Theme("money", "Money", "", (Cue("invest*", 2.0), Cue("billion"), Cue("open source", 2.0))),)
LINEAR_ENTITIES = (
    Entity("acme", "Acme Corp", EntityType.ORGANISATION, ("Acme",)),
    Entity("microsoft", "Microsoft", EntityType.ORGANISATION),
    Entity("mistral", "Mistral AI", EntityType.ORGANISATION, ("Mistral",)),
)
LINEAR_QUESTIONS = (
    Question("equity", "Equity?", (Answer("yes", (Cue("stake"),)), Answer("no", (Cue("no equity"),)))),
)
SMALL, LARGE = 2_500, 10_000
"""Characters of the two sizes compared (the large four times the small)."""


def _seconds_to_analyse_and_link(body: str) -> float:
    """The least of three runs: clean, analyse and link one article with ``body`` (each text stage)."""
    article = make_article(body=body)
    content = Content((article,), LINEAR_THEMES, LINEAR_ENTITIES, LINEAR_QUESTIONS)
    matcher = EntityMatcher(LINEAR_ENTITIES)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        analysed = analyse_article(article, LINEAR_THEMES, matcher, 0.25, LINEAR_QUESTIONS)
        link(content, [analysed], Settings(), 1)
        best = min(best, time.perf_counter() - start)
    return best


def assert_linear(make: Callable[[int], str]) -> None:
    small = _seconds_to_analyse_and_link(make(SMALL))
    large = _seconds_to_analyse_and_link(make(LARGE))
    # Linear: about 4 times. Quadratic: about 16. A little absolute slack for timer noise at small times.
    assert large <= 7 * small + 0.03, f"{small:.4f} s, then {large:.4f} s for four times the text"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_input_takes_time_linear_in_its_length(name):
    assert_linear(HOSTILE[name])


# What makes patterns and loops go quadratic: runs of digits, separators, currency signs, dots,
# abbreviations, quotes, brackets and markup, with words and names among them; and what may end a run
# and so make a pattern that read the whole run match at last (" x $" after digits).
HOSTILE_PIECES = [
    *"0123456789,.-/ $€£%\"“”'’()[]*_`<>#!\n",
    *("Mr. ", "A. ", "U.S. ", "No. 1 ", "“A. ", "<!--", "<a", "[a](", "*a ", "_a ", "invest", "Acme "),
    *("January 1 ", "on Monday ", "in 2024 ", "last month ", "three ", "about ", "million ", "dollars "),
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    unit=st.lists(st.sampled_from(HOSTILE_PIECES), min_size=1, max_size=4).map("".join),
    tail=st.lists(st.sampled_from(HOSTILE_PIECES), max_size=3).map("".join),
)
def test_any_repeated_run_of_hostile_text_takes_linear_time(unit, tail):
    assert_linear(run_of(unit, tail=tail))
