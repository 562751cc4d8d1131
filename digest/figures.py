"""Figures in article sentences: money, percentages and counts, normalised and tied to what they are of.

Stage 3d (per article). Amounts are found by pattern, because news writes them in a handful of shapes
("€15 million", "$2.1bn", "$2-2.1 billion", "EUR 2 billion", "13 billion dollars", "5%", "three
researchers"), each with an optional approximation ("about", "more than", "up to"). Each figure is
normalised to a number and a unit (EUR 15 million = 15,000,000 EUR), so equal values from different
sources group together, and labelled with what it refers to: the subject word nearest to it in its
sentence (investment, partnership, valuation, stake ...). No exchange rates are applied: a reader sees
each currency as the source gave it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence

from digest.model import Figure, Sentence

_NUMBER = r"(?<![\d.,])(?:\d{1,3}(?:,\d{3}){1,4}|\d{1,15})(?:\.\d+)?(?!\d)"
"""A number as news writes it, whole: never begun inside a longer run of digits, and no longer than 15
digits (a float holds 15 exactly; longer is no amount). So a run of 99,000 digits is tried once, where
an unbounded ``\\d+`` was tried from each of its digits to its end."""
_SCALE = r"trillion|billion|million|thousand|bn|mn|m|k"
_QUALIFIER = (
    r"about|around|approximately|roughly|nearly|almost|some|over|more than|less than|fewer than|up to|"
    r"at least|at most|under|just over|just under|an estimated|an initial|a further"
)
_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CODES = {"USD": "USD", "EUR": "EUR", "GBP": "GBP", "JPY": "JPY", "CHF": "CHF"}
_WORDS = {"dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP"}
_SCALES = {
    "trillion": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "k": 1e3,
}
_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        (
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        )
    )
}

MONEY = re.compile(
    rf"(?:(?P<qual>{_QUALIFIER})\s+)?"
    rf"(?:(?P<sym>US\$|[$€£¥])\s?(?P<n1>{_NUMBER})(?:\s?(?:-|–|to)\s?(?:US\$|[$€£¥])?(?P<n1b>{_NUMBER}))?"
    rf"(?:\s?(?P<s1>{_SCALE})\b)?"
    rf"|(?P<code>USD|EUR|GBP|JPY|CHF)\s?(?P<n2>{_NUMBER})(?:\s?(?P<s2>{_SCALE})\b)?"
    rf"|(?P<n3>{_NUMBER}|\b(?:{'|'.join(_NUMBER_WORDS)}))\s?(?P<s3>{_SCALE})?\s(?P<word>dollars?|euros?|pounds)\b)",
    re.IGNORECASE,
)
PERCENT = re.compile(
    rf"(?:(?P<qual>{_QUALIFIER})\s+)?(?P<n>{_NUMBER})\s?(?:%|per ?cent\b|percent\b)", re.IGNORECASE
)
COUNT = re.compile(
    rf"(?:(?P<qual>{_QUALIFIER})\s+)?\b(?P<n>{_NUMBER}|{'|'.join(list(_NUMBER_WORDS)[2:])})"
    r"\s+(?:[a-z-]+\s+)?(?P<noun>(?!years|months|weeks|days|hours|minutes|times)[a-z]+s)\b"
)

# What a figure is of: the subject words, and the name each is filed under.
_COMPANY_NOUNS = ("startup", "company", "firm")
_SUBJECTS = {
    "investment": "investment",
    "invested": "investment",
    "invests": "investment",
    "investing": "investment",
    "invest": "investment",
    "backing": "investment",
    "partnership": "partnership",
    "deal": "partnership",
    "agreement": "partnership",
    "valuation": "valuation",
    "valued": "valuation",
    "worth": "valuation",
    "startup": "valuation",
    "company": "valuation",
    "firm": "valuation",
    "stake": "stake",
    "equity": "stake",
    "share": "stake",
    "shares": "stake",
    "funding": "funding",
    "raised": "funding",
    "round": "funding",
    "revenue": "revenue",
    "sales": "revenue",
    "profit": "profit",
    "profits": "profit",
    "fine": "fine",
}
_SUBJECT = re.compile(
    rf"(?<![A-Za-z])(?:{'|'.join(w for w in _SUBJECTS if w not in _COMPANY_NOUNS)})(?![A-Za-z])",
    re.IGNORECASE,
)
"""A subject word standing alone (not inside a longer word). "startup", "company" and "firm" are left
out: they only say what an amount right before them is (see :data:`_COMPANY_AFTER`)."""
# "a €2 billion French AI startup": an amount right before a company noun is the company's value.
_COMPANY_AFTER = re.compile(r"[\s-]*(?:[A-Za-z]+[\s-]+){0,3}?(?:startup|company|firm|unicorn)\b")
"""Matched where the amount ends. Words and the spaces or dashes between them are told apart, so the
pattern has one way to read a run of dashes (one that could split it any way took cubic time)."""
_COMPANY_WINDOW = 120
"""Characters after an amount in which :data:`_COMPANY_AFTER` looks for the company noun."""
_CONVERSION = re.compile(
    r"^\s*\(\s*(?:approximately|about|around|roughly|some|or|equivalent to)?\s*$", re.IGNORECASE
)


def extract_figures(sentences: Sequence[Sentence]) -> tuple[Figure, ...]:
    """Every figure of every sentence, in reading order."""
    return tuple(figure for sentence in sentences for figure in _figures_in(sentence))


_MAYBE_FIGURE = re.compile(rf"[\d$€£¥]|\b(?:{'|'.join(list(_NUMBER_WORDS)[2:])})\b")
"""Every figure has a digit, a currency sign or a number word: sentences without one are skipped
(matched against the lowercased sentence: a case-insensitive alternation is slower)."""


_MAYBE_MONEY = re.compile(r"[$€£¥]|usd|eur|gbp|jpy|chf|dollar|pound")
"""An amount of money has a currency sign, code or word (in the lowercased sentence)."""


MAX_PER_SENTENCE = 12
"""Figures read from one sentence, at most: twice the most of 38,399 sentences of BBC and CNN news (6).
A hostile sentence of thousands of amounts would otherwise make thousands of figures, each quoting it."""


def _figures_in(sentence: Sentence) -> Iterator[Figure]:
    text = sentence.text
    lowered = text.lower()
    if not _MAYBE_FIGURE.search(lowered):
        return
    # The patterns are slow (each tries its qualifiers at every position): run only those that can match.
    money = MONEY.finditer(text) if _MAYBE_MONEY.search(lowered) else ()
    percent = PERCENT.finditer(text) if "%" in text or "cent" in lowered else ()
    taken: list[tuple[int, int]] = []
    previous: re.Match[str] | None = None
    for match in itertools.islice(money, MAX_PER_SENTENCE):
        taken.append(match.span())
        unit, number, high, scale = _money_parts(match)
        yield Figure(
            text=match.group(0).strip(),
            value=number * scale,
            high=high * scale if high is not None else None,
            unit=unit,
            qualifier=(match.group("qual") or "exact").lower(),
            refers_to=_refers_to(text, *match.span()),
            sentence=sentence,
            conversion=previous is not None and _converts(text, previous, match, unit),
        )
        previous = match
    for matches, unit in ((percent, "%"), (COUNT.finditer(text), "count")):
        for match in matches:
            if len(taken) >= MAX_PER_SENTENCE:
                return
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            taken.append(match.span())
            value = _parse_number(match.group("n"))
            yield Figure(
                text=match.group(0).strip(),
                value=value,
                high=None,
                unit=unit if unit == "%" else f"count:{match.group('noun').lower()}",
                qualifier=(match.group("qual") or "exact").lower(),
                refers_to=_refers_to(text, *match.span()) if unit == "%" else match.group("noun").lower(),
                sentence=sentence,
            )


def _converts(text: str, previous: re.Match[str], match: re.Match[str], unit: str) -> bool:
    """Whether the amount ``match`` restates the one before it (``previous``) in another currency:
    "€15 million (approximately $16.3 million)"."""
    return unit != _money_parts(previous)[0] and bool(_CONVERSION.match(text[previous.end() : match.start()]))


def _money_parts(match: re.Match[str]) -> tuple[str, float, float | None, float]:
    if match.group("sym"):
        unit = _SYMBOLS[match.group("sym").upper()]
        number, high, scale = match.group("n1"), match.group("n1b"), match.group("s1")
    elif match.group("code"):
        unit, number, high, scale = (
            _CODES[match.group("code").upper()],
            match.group("n2"),
            None,
            match.group("s2"),
        )
    else:
        unit = _WORDS[match.group("word").lower()]
        number, high, scale = match.group("n3"), None, match.group("s3")
    factor = _SCALES.get((scale or "").lower(), 1.0)
    return unit, _parse_number(number), _parse_number(high) if high else None, factor


def _parse_number(text: str) -> float:
    word = text.lower()
    return float(_NUMBER_WORDS[word]) if word in _NUMBER_WORDS else float(text.replace(",", ""))


def _refers_to(text: str, start: int, end: int) -> str | None:
    """The subject word nearest the figure (words after it count a little nearer: "$2bn investment").

    Only the nearest subject word on each side is measured, so a sentence of many subject words costs
    one pass (measuring each, and the words between, was quadratic).
    """
    if _COMPANY_AFTER.match(text, end, end + _COMPANY_WINDOW):
        return "valuation"
    before: re.Match[str] | None = None
    after: re.Match[str] | None = None
    for word in _SUBJECT.finditer(text):
        if word.end() <= start:
            before = word
        elif word.start() >= end:
            after = word
            break
    best: tuple[float, str] | None = None
    if before is not None:
        best = (len(text[before.end() : start].split()), _SUBJECTS[before.group(0).lower()])
    if after is not None:
        distance = len(text[end : after.start()].split()) - 0.5
        if best is None or distance < best[0]:
            best = (distance, _SUBJECTS[after.group(0).lower()])
    return best[1] if best and best[0] <= 8 else None


def format_value(figure: Figure) -> str:
    """The normalised value for readers: "15,000,000 EUR", "2,000,000,000-2,100,000,000 USD", "5 %"."""

    def number(value: float) -> str:
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"

    amount = number(figure.value) + (f"-{number(figure.high)}" if figure.high is not None else "")
    if figure.unit.startswith("count:"):
        return f"{amount} {figure.unit.removeprefix('count:')}"
    return f"{amount} {figure.unit}"
