"""Terms and TF-IDF vectors shared by the summariser and the linker.

Terms are lowercased words with stop words dropped and a light suffix folding (models -> model,
investments -> invest), so that two sentences that say the same thing in slightly different words still
look alike. Vectors are sparse (scikit-learn), so similarity across thousands of articles stays a sparse
matrix product, never a double loop.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

_WORD = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
_SUFFIXES = ("ments", "ment", "ings", "ing", "ies", "ed", "es", "s")


def fold(word: str) -> str:
    """A crude stem: enough to match plurals and verb forms in news text, never below 4 letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            return stem + "y" if suffix == "ies" else stem
    return word


def terms(text: str) -> list[str]:
    words = _WORD.findall(text.lower().replace("’", "'"))
    return [fold(w) for w in words if w not in ENGLISH_STOP_WORDS and len(w) > 1]


def tfidf(texts: Sequence[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows, one per text (an all-zero row for a text with no terms)."""
    if not texts:
        return sparse.csr_matrix((0, 0))
    vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True, norm="l2")
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # no text has any term
        return sparse.csr_matrix((len(texts), 1))


def cosine(rows: sparse.csr_matrix) -> np.ndarray:
    """Dense cosine-similarity matrix of L2-normalised rows (for the few sentences of one document)."""
    return (rows @ rows.T).toarray()
