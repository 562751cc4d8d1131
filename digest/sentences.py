"""Sentence splitting for news text.

pysbd's rule set handles what naive splitters break on in news: abbreviations (U.S., Mr., Inc.), decimals
and currencies ($16.3 million), model names (8x7B, GPT-4) and quotations. We add two repairs of our own:
a split right after an opening bracket or quote is undone, and sentences are stripped of the trailing
space pysbd keeps.
"""

from __future__ import annotations

import functools

import pysbd


@functools.cache
def _segmenter() -> pysbd.Segmenter:
    # pysbd's segmenter holds no state between calls; building it compiles its rules, so do it once.
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> tuple[str, ...]:
    """Split one paragraph of plain text into sentences."""
    text = text.strip()
    if not text:
        return ()
    pieces = [p.strip() for p in _segmenter().segment(text)]
    sentences: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if sentences and (_opens_without_closing(sentences[-1]) or piece[0] in ",;:)]”’"):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return tuple(sentences)


def _opens_without_closing(sentence: str) -> bool:
    return sentence.count("(") > sentence.count(")") or sentence.count("“") > sentence.count("”")
