"""Near-duplicate articles: the same story, syndicated or pasted twice.

An exact-URL match is an error (see :mod:`digest.load`); a text match is a warning, because two outlets
may publish one agency story and both copies can be worth keeping: a copy kept on purpose says which
article it copies (front matter ``copy_of``), and is then no warning. Texts are compared by TF-IDF cosine
similarity of their words (a sparse matrix product, each article against those nearest it in date, in
the order related articles are found in: see :data:`digest.textstats.WINDOW`); at
``NEAR_DUPLICATE`` or above, the later file (in path order) is reported with the earlier one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from digest.analyse import newest_first
from digest.clean import clean_article
from digest.errors import Problem, Severity
from digest.model import Article, TermCounts
from digest.textstats import article_terms, similarity_blocks, tfidf_of_counts

NEAR_DUPLICATE = 0.8
"""Syndicated copies of one story score above 0.9; two reports of one event rarely pass 0.6."""


def near_duplicates(
    articles: Sequence[Article],
    counts: Mapping[str, TermCounts] | None = None,
    threshold: float = NEAR_DUPLICATE,
) -> tuple[Problem, ...]:
    """Warnings for articles whose text nearly repeats another's; ``counts`` holds each article's
    :func:`~digest.textstats.article_terms` by id when they are known."""
    if len(articles) < 2:
        return ()
    ordered = newest_first(articles)
    vectors = tfidf_of_counts([counts[a.id] if counts else article_terms(clean_article(a)) for a in ordered])
    pairs = [pair for block in similarity_blocks(vectors) for pair in near_pairs(*block, threshold)]
    return duplicate_warnings(ordered, pairs, threshold)


def near_pairs(
    first_row: int, first_column: int, block: np.ndarray, threshold: float = NEAR_DUPLICATE
) -> list[tuple[int, int, float]]:
    """The pairs of rows, each once, whose similarity in a :func:`~digest.textstats.similarity_blocks`
    block reaches ``threshold``: (row, row, similarity)."""
    rows, columns = np.nonzero(np.triu(block >= threshold, k=first_row - first_column + 1))
    return [(i + first_row, j + first_column, float(block[i, j])) for i, j in zip(rows, columns, strict=True)]


def duplicate_warnings(
    ordered: Sequence[Article], pairs: Iterable[tuple[int, int, float]], threshold: float = NEAR_DUPLICATE
) -> tuple[Problem, ...]:
    """A warning for each of the :func:`near_pairs` of ``ordered``: the later file (in path order) is
    named with the earlier one; sorted by the earlier, then the later."""
    found = []
    for i, j, value in pairs:
        earlier, later = sorted((ordered[i], ordered[j]), key=lambda a: a.path)
        if earlier.copy_of == later.id or later.copy_of == earlier.id:
            continue  # a republished copy, kept on purpose
        message = (
            f"the text is {value:.0%} similar to {earlier.path} (near-duplicate from {threshold:.0%}); "
            f"if it is the same story, keep one, or keep both with 'copy_of: {earlier.id}'"
        )
        found.append(
            (
                earlier.path,
                later.path,
                Problem(later.path, later.body_line, "body", message, Severity.WARNING, (earlier.path,)),
            )
        )
    return tuple(problem for _earlier, _later, problem in sorted(found, key=lambda f: f[:2]))
