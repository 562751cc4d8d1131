"""Terms and TF-IDF vectors shared by the summariser and the linker.

Terms are lowercased words with stop words dropped and a light suffix folding (models -> model,
investments -> invest), so that two sentences that say the same thing in slightly different words still
look alike. Vectors are sparse (SciPy), so similarity across thousands of articles stays a sparse
matrix product, never a double loop.
"""

from __future__ import annotations

import collections
import functools
import itertools
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from digest.model import Block, TermCounts
from digest.stopwords import ENGLISH_STOP_WORDS

if TYPE_CHECKING:
    from scipy import sparse

_WORD = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
_SUFFIXES = ("ments", "ment", "ings", "ing", "ies", "ed", "es", "s")


def fold(word: str) -> str:
    """A crude stem: enough to match plurals and verb forms in news text, never below 4 letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            return stem + "y" if suffix == "ies" else stem
    return word


@functools.lru_cache(maxsize=65536)
def terms(text: str) -> tuple[str, ...]:
    """The terms of ``text`` (cached: a sentence is read by the summariser, the linker and the checks)."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    return tuple(term for term in map(_term, words) if term)


@functools.cache  # bounded by the vocabulary: words recur far more than they vary
def _term(word: str) -> str:
    """The term a word counts as; empty for a stop word or a single character."""
    return "" if word in ENGLISH_STOP_WORDS or len(word) < 2 else fold(word)


def tfidf(texts: Sequence[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows, one per text (an all-zero row for a text with no terms).

    Sublinear term frequency (1 + log tf) and smoothed idf (1 + log((1 + n) / (1 + df))), as
    scikit-learn's TfidfVectorizer computes them, built directly: per call it costs a fraction of the
    vectorizer's, which matters when every article's sentences are compared on their own.
    """
    return tfidf_of_counts([term_counts(text) for text in texts])


def term_counts(text: str) -> TermCounts:
    """How often each term of ``text`` occurs."""
    return counted(terms(text))


def term_counts_of(texts: Iterable[str]) -> TermCounts:
    """:func:`term_counts` of the texts together (each text's terms are cached: see :func:`terms`)."""
    return counted(itertools.chain.from_iterable(map(terms, texts)))


def counted(found: Iterable[str]) -> TermCounts:
    """The :class:`TermCounts` of the terms ``found`` (each as often as it is there)."""
    counted = Counter(map(_term_id, found))
    ids = sorted(counted)
    counts = np.fromiter(map(counted.__getitem__, ids), dtype=np.uint32, count=len(ids))
    return TermCounts(np.array(ids, dtype=np.uint32).tobytes(), counts.tobytes())


def counted_sum(documents: Iterable[TermCounts]) -> TermCounts:
    """The term counts of ``documents`` together."""
    found = list(documents)
    ids = np.concatenate([np.frombuffer(d.ids, dtype=np.uint32) for d in found] or [np.zeros(0, np.uint32)])
    counts = np.concatenate(
        [np.frombuffer(d.counts, dtype=np.uint32) for d in found] or [np.zeros(0, np.uint32)]
    )
    unique, where = np.unique(ids, return_inverse=True)
    total = np.bincount(where.ravel(), weights=counts, minlength=len(unique)).astype(np.uint32)
    return TermCounts(unique.astype(np.uint32).tobytes(), total.tobytes())


@functools.cache  # bounded by the vocabulary
def _term_id(term: str) -> int:
    """A term's id in :class:`~digest.model.TermCounts`: stable across runs and machines, unlike ``hash``."""
    return zlib.crc32(term.encode("utf-8"))


def article_terms(blocks: Iterable[Block]) -> TermCounts:
    """An article's term counts, those of its cleaned sentences: what related articles and
    near-duplicates are found by."""
    return term_counts_of(s.text for b in blocks for s in b.sentences)


def tfidf_of_counts(documents: Sequence[TermCounts]) -> sparse.csr_matrix:
    """:func:`tfidf` of documents given by their :func:`term_counts`.

    SciPy is imported here, when first needed: importing it takes a seventh of a second, and a rebuild
    after a one-article change needs it only in the worker that compares the texts.
    """
    from scipy import sparse

    ids = [np.frombuffer(d.ids, dtype=np.uint32) for d in documents]
    if not ids or not any(len(i) for i in ids):
        return sparse.csr_matrix((len(documents), 1))
    vocabulary, columns = np.unique(np.concatenate(ids), return_inverse=True)
    counts = np.concatenate([np.frombuffer(d.counts, dtype=np.uint32) for d in documents])
    row_starts = np.concatenate(([0], np.cumsum([len(i) for i in ids])))
    shape = (len(documents), len(vocabulary))
    # Each row's ids ascend, and so do their columns: the arrays are a canonical CSR matrix as they are.
    matrix = sparse.csr_matrix((counts.astype(float), columns.ravel(), row_starts), shape=shape)
    document_frequency = np.bincount(matrix.indices, minlength=shape[1])
    idf = 1.0 + np.log((1.0 + len(documents)) / (1.0 + document_frequency))
    matrix.data = (1.0 + np.log(matrix.data)) * idf[matrix.indices]
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


CHUNK = 512
"""Rows compared at a time: a similarity matrix of 10,000 articles is never held whole (10^8 values)."""

WINDOW = 500
"""Each row is compared with the rows up to this far before and after it (articles in date order: the
thousand nearest in time). Up to about a thousand articles that is every pair; beyond, the cost grows
linearly with the number of articles instead of with its square, and what is missed is what was
published far apart in time, which a news digest links least."""


COMMON = 0.05
"""Terms in at least this share of the documents are multiplied as dense columns (see
:func:`similarity_blocks`)."""


def similarity_blocks(
    vectors: sparse.csr_matrix, window: int = WINDOW
) -> Iterator[tuple[int, int, np.ndarray]]:
    """Cosine similarities, block by block: (first row, first column, dense block).

    A block holds ``CHUNK`` rows against the columns within ``window`` of them (see :data:`WINDOW`).
    Terms common enough to be shared by most pairs are multiplied as dense columns and the rest as
    sparse ones: a sparse product spends its time on every pair of documents sharing a term, so common
    terms cost it far more than dense arithmetic does (2.9 s -> 0.5 s for 10,000 generated articles,
    1.1 s -> 0.9 s for 10,000 BBC news texts).
    """
    count = vectors.shape[0]
    frequency = np.bincount(vectors.indices, minlength=vectors.shape[1])
    is_common = frequency >= max(2, COMMON * count)
    common = vectors[:, np.flatnonzero(is_common)].toarray()
    rare = vectors[:, np.flatnonzero(~is_common)].tocsr()
    for start in range(0, count, CHUNK):
        stop = min(start + CHUNK, count)
        low, high = max(0, start - window), min(count, stop + window)
        block = common[start:stop] @ common[low:high].T
        block += (rare[start:stop] @ rare[low:high].T).toarray()
        yield start, low, block


def sentence_similarity(texts: Sequence[str]) -> np.ndarray:
    """``cosine(tfidf(texts))`` for the few texts of one article, computed densely.

    The same weighting as :func:`tfidf`; at this size building sparse matrices cost more than the
    arithmetic (a third of an article's analysis), so the matrix is dense here.
    """
    vocabulary: collections.defaultdict[str, int] = collections.defaultdict()
    vocabulary.default_factory = vocabulary.__len__
    found = [Counter(terms(text)) for text in texts]
    columns = [[vocabulary[term] for term in counts] for counts in found]
    matrix = np.zeros((len(texts), max(len(vocabulary), 1)))
    for row, (counts, where) in enumerate(zip(found, columns, strict=True)):
        matrix[row, where] = list(counts.values())
    present = matrix > 0
    idf = 1.0 + np.log((1.0 + len(texts)) / (1.0 + present.sum(axis=0)))
    matrix[present] = (1.0 + np.log(matrix[present])) * np.broadcast_to(idf, matrix.shape)[present]
    norms = np.sqrt((matrix * matrix).sum(axis=1))
    norms[norms == 0] = 1.0
    matrix /= norms[:, None]
    return matrix @ matrix.T


DENSE_UP_TO = 256
"""Up to this many rows, :func:`cosine` multiplies a small dense matrix: building SciPy matrices for a
handful of rows cost ten times the arithmetic."""


def cosine(vectors: sparse.csr_matrix, start: int = 0, stop: int | None = None) -> np.ndarray:
    """Dense pairwise cosine similarities of rows ``start`` to ``stop`` of ``vectors`` (L2-normalised)."""
    stop = vectors.shape[0] if stop is None else stop
    if stop - start > DENSE_UP_TO:
        rows = vectors[start:stop]
        return (rows @ rows.T).toarray()
    first, last = vectors.indptr[start], vectors.indptr[stop]
    columns, where = np.unique(vectors.indices[first:last], return_inverse=True)
    row_of = np.repeat(np.arange(stop - start), np.diff(vectors.indptr[start : stop + 1]))
    dense = np.zeros((stop - start, len(columns)))
    dense[row_of, where.ravel()] = vectors.data[first:last]
    return dense @ dense.T
