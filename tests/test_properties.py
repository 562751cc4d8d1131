"""Property-based tests: the text-handling stages never crash on arbitrary text, whatever it contains."""

from __future__ import annotations

import datetime as dt
import html
import re

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.clean import plain_text
from digest.dates import extract_dates
from digest.entities import EntityMatcher
from digest.figures import extract_figures
from digest.mdtext import escape
from digest.model import Entity, EntityType
from digest.sentences import split_sentences
from tests.conftest import make_sentence

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


@FAST
@given(NEWSY)
def test_escaped_text_renders_as_itself_with_no_markup(text):
    rendered = markdown.markdown(f"- {escape(text)}", extensions=["tables", "admonition", "toc"])
    inner = rendered.removeprefix("<ul>\n<li>").removesuffix("</li>\n</ul>")
    assert "<" not in inner.replace("&lt;", "")  # no element of any kind came from the text
    expected = " ".join(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", text).split())
    assert html.unescape(inner).strip() == expected.strip() or not expected.strip()
