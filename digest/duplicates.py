"""Near-duplicate articles: the same story, syndicated or pasted twice.

An exact-URL match is an error (see :mod:`digest.load`); a text match is a warning, because two outlets
may publish one agency story and both copies can be worth keeping. Texts are compared by TF-IDF cosine
similarity of their words (a sparse matrix product, each article against those near it in file-name
order, that is by date: see :data:`digest.textstats.WINDOW`); at
``NEAR_DUPLICATE`` or above, the later file (in path order) is reported with the earlier one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

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
    ordered = sorted(articles, key=lambda a: a.path)
    vectors = tfidf_of_counts([counts[a.id] if counts else article_terms(clean_article(a)) for a in ordered])
    problems = []
    for first_row, first_column, block in similarity_blocks(vectors):
        rows, columns = np.nonzero(np.triu(block >= threshold, k=first_row - first_column + 1))
        for i, j in zip(rows + first_row, columns + first_column, strict=True):
            later, earlier, value = ordered[j], ordered[i], block[i - first_row, j - first_column]
            message = (
                f"the text is {value:.0%} similar to {earlier.path} (near-duplicate from {threshold:.0%}); "
                "if it is the same story, keep one"
            )
            problems.append(Problem(later.path, later.body_line, "body", message, Severity.WARNING))
    return tuple(problems)
