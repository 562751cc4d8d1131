"""Theme classification at paragraph level.

Stage 3b. Each paragraph (or list item) is scored against every theme of ``content/themes.yml``: the sum
of the weights of the distinct cues it contains, less its negative cues. A paragraph whose score reaches
the theme's threshold is a *passage* on that theme; an article is on a theme when it has a passage on it.
Scores and the cues that fired are kept, so pages and ``digest explain`` can say why.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from digest.model import Block, BlockKind, Cue, Passage, Theme, ThemeMatch


def cue_in(pattern: str, lowered: str) -> bool:
    """Whether the cue ``pattern`` occurs, as whole words, in ``lowered`` (a text in lower case).

    ``open-source`` matches "open source" and "open-source"; a trailing ``*`` matches any ending. The
    word boundary before the cue is tested here, not in the regex: a regex that starts with the cue's
    own letters is found by a fast literal scan, one that starts with a look-behind is tried at every
    position (eight times slower, and cues are tested against every paragraph of every article).
    """
    regex = _cue_regex(pattern)
    match = regex.search(lowered)
    while match is not None:
        start = match.start()
        if start == 0 or not _is_word_character(lowered[start - 1]):
            return True
        # Inside a word: no match can start before the word ends. Going on from there, not from the next
        # character, reads a long word once however often the cue recurs in it ("ainvestinvest...").
        match = regex.search(lowered, _WORD_END.match(lowered, start).end())  # type: ignore[union-attr]
    return False


_WORD_END = re.compile(r"\w*")


@functools.cache
def _cue_regex(pattern: str) -> re.Pattern[str]:
    words = [w for w in re.split(r"[\s\-]+", pattern.strip().lower()) if w]
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
    return re.compile(r"[\s\-]+".join(parts) + r"(?!\w)")


def _is_word_character(character: str) -> bool:
    """What ``\\w`` matches in a ``str`` pattern: letters and digits of any script, and the underscore."""
    return character.isalnum() or character == "_"


@functools.cache
def cue_needle(pattern: str) -> str:
    """Lower-case text every match of the cue contains: its longest word, without a trailing ``*`` (the
    longest is the rarest: "no" is in most sentences, "equity" in few)."""
    words = [w.rstrip("*") for w in re.split(r"[\s\-]+", pattern.strip().lower())]
    return max(words, key=len)


def fired(cues: Sequence[Cue], lowered: str) -> tuple[Cue, ...]:
    """The cues found in ``lowered`` (a text in lower case). A substring test first: most cues are
    absent, and it costs far less."""
    return tuple(cue for cue in cues if cue_needle(cue.pattern) in lowered and cue_in(cue.pattern, lowered))


def score_paragraph(theme: Theme, text: str) -> tuple[float, tuple[str, ...]]:
    """The paragraph's score on ``theme`` and the cues that fired (negative ones prefixed with '-')."""
    lowered = text.lower()
    positive = fired(theme.cues, lowered)
    negative = fired(theme.negative_cues, lowered)
    score = sum(c.weight for c in positive) - sum(c.weight for c in negative)
    names = sorted(c.pattern for c in positive) + sorted(f"-{c.pattern}" for c in negative)
    return score, tuple(names)


def classify(article_id: str, blocks: Sequence[Block], themes: Sequence[Theme]) -> tuple[ThemeMatch, ...]:
    """The themes an article is on, each with its passages, in the order of ``themes``."""
    matches = []
    for theme in themes:
        passages = []
        for block in blocks:
            if block.kind is BlockKind.HEADING:
                continue
            score, cues = score_paragraph(theme, block.text)
            if score >= theme.threshold:
                passages.append(Passage(article_id, block.index, block.text, score, cues))
        if passages:
            total = round(sum(p.score for p in passages), 2)
            matches.append(ThemeMatch(theme.id, total, tuple(passages)))
    return tuple(matches)
