"""Sentence splitting for news text, by rule, in one pass over each paragraph.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes and brackets after it) when
whitespace and then the start of a sentence follow: a capital, a digit, an opening quote or bracket, or a
currency sign. What naive splitters break on in news is then ruled out:

- titles (``Mr.``, ``Dr.``), abbreviations before a number (``No. 1``, ``Jan. 15``) and initials
  (``J. Smith``) never end a sentence;
- dotted acronyms (``U.S.``, ``E.U.``) end one only before a word that usually starts one (``The``, ``It``);
- decimals, currencies and model names (``$16.3 million``, ``8x7B``, ``GPT-4``) have no space after a
  point, so they are never a candidate;
- a sentence never ends inside an open bracket or quotation (``“It is (next to GPT-4),” the team said.``),
  so a quotation of several sentences stays one.

It replaced pysbd, which took half the time of a cold build: this is about sixty times faster, splits
the first edition exactly as pysbd did, and on 2,445 BBC paragraphs differs from it on about one in
twelve, mostly by keeping a quotation of several sentences whole or by splitting between two quotations.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TITLES = _words(
    """
    mr mrs ms mx dr prof sr jr st mt rev hon gen col lt sgt capt cmdr adm gov sen rep pres supt insp
    vs approx
    """
)
"""Abbreviations that a name or noun always follows, so they never end a sentence (lower case, no point)."""

BEFORE_NUMBER = _words(
    """
    no nos art p pp fig figs vol vols ch sec
    jan feb apr jun jul aug sep sept oct nov dec
    """
)
"""Abbreviations followed by a number ("No. 1", "Art. 5", "Jan. 15"); before a capital they end a sentence.

Company suffixes (Inc., Ltd., Corp.) are in neither list: a verb or a comma follows them inside a
sentence, so a capital after one starts the next ("... bought Widgets Ltd. Jane Roe said ...").
"""

SENTENCE_STARTERS = _words(
    """
    a an the it its he she they we i you this that these those there here his her their our my
    but and or so yet if when while as in on at for from with after before since by to of
    however meanwhile according some many most one two three last next
    """
)
"""Words after a dotted acronym ("... in the U.S. The company ...") that show a new sentence began."""

_CANDIDATE = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]*[A-Z0-9À-ÖØ-Þ$€£¥])")
_WORD_BEFORE = re.compile(r"(\S+)$")
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")
_OPENERS = {"(": ")", "[": "]", "“": "”"}


def split_sentences(text: str) -> tuple[str, ...]:
    """Split one paragraph of plain text into sentences."""
    text = text.strip()
    if not text:
        return ()
    sentences: list[str] = []
    start = 0
    for candidate in _CANDIDATE.finditer(text):
        if _ends_sentence(text, start, candidate):
            sentences.append(text[start : candidate.end()].strip())
            start = candidate.end()
    sentences.append(text[start:].strip())
    return tuple(s for s in sentences if s)


def _ends_sentence(text: str, start: int, candidate: re.Match[str]) -> bool:
    before = text[start : candidate.start()]
    sentence = text[start : candidate.end()]
    if any(sentence.count(opener) > sentence.count(closer) for opener, closer in _OPENERS.items()):
        return False
    if _inside_straight_quotes(sentence) and text[candidate.end()] != '"':
        return False
    if text[candidate.start()] != ".":
        return True
    word = _WORD_BEFORE.search(before)
    if word is None:
        return True
    token = word.group(1).lstrip("\"'“‘(«[")
    following = text[candidate.end() :].split(" ", 1)[0].strip("\"'“‘«([")
    return _ends_after(token, following)


def _inside_straight_quotes(sentence: str) -> bool:
    """Whether the last straight double quote of ``sentence`` opens a quotation (it follows a space).

    News continues a quotation across paragraphs and sentences by opening it again without closing
    it, so a new opening quote is the start of a new sentence even when one is open.
    """
    last = sentence.rstrip().rfind('"')
    return last != -1 and (last == 0 or sentence[last - 1] in " ([“") and last < len(sentence.rstrip()) - 1


def _ends_after(token: str, following: str) -> bool:
    """Whether ``token.`` followed by the word ``following`` ends a sentence."""
    lower = token.lower()
    if lower in TITLES:
        return False
    if lower in BEFORE_NUMBER and following[:1].isdigit():
        return False
    if len(token) == 1 and token.isupper():  # an initial: "J. Smith"
        return False
    if _DOTTED_ACRONYM.fullmatch(token):  # U.S., e.g., a.m.
        return following.lower() in SENTENCE_STARTERS
    return True
