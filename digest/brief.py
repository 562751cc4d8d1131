"""A story's brief: what happened, in a few sentences its sources wrote, each citing only the sources
that say it.

Stage 4 (link), per story. Extractive: every sentence of the brief is a sentence of an article, word for
word, tied to its article.

Choosing: the candidates are the story's articles' own summary sentences, less those a reader cannot
follow out of their article (a dangling opener such as "It" or "However"). A sentence states *concepts*:
pairs of adjacent terms, figures and tracked names. A concept weighs the number of sources that state it
anywhere, so what many sources say counts most; the brief is built greedily, each step taking the
sentence that adds the most weight not yet covered (concept coverage, after Gillick and Favre's
multi-document summariser), so a fact said once is not said again and a filler sentence, whose concepts
no other source states, comes last.

Citing: a source is cited for a sentence when one of its own sentences *entails* it: alike in wording
(``SAME_FACT`` cosine), stating every figure and tracked name of the sentence, and not negated where the
sentence is not (or the reverse). A sentence whose figure is one of the versions of a disagreement is
marked disputed, with the disagreement's question.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from digest.analyse import oldest_first, source_ids
from digest.model import AnalysedArticle, CitedSentence, Disagreement, Sentence
from digest.summarize import DANGLING, REDUNDANT, SAME_FACT, candidates_of, is_candidate
from digest.textstats import terms, tfidf

if TYPE_CHECKING:
    from scipy import sparse

BRIEF_ARTICLES = 200
"""A brief is drawn from a story's newest 200 articles: enough to say what happened and who reports it,
and it keeps the comparison of every sentence with every other bounded."""
NAMED_WEIGHT = 2.0
"""A figure or a tracked name weighs this many times a pair of words: it is what readers check."""
NUMBER = re.compile(r"\d+(?:\.\d+)?")
NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|without|none)\b|n[’']t\b", re.IGNORECASE)


@dataclass(frozen=True)
class Statement:
    """What a sentence states that another source's sentence must also state to confirm it."""

    figures: frozenset[tuple[str, float, float | None]]
    """Amounts, percentages and counts, normalised: "$2bn" states what "$2 billion" does."""
    numbers: frozenset[str]
    """Every number as written (digits, no thousands separators): dates, ages, scores."""
    names: frozenset[str]
    """Tracked entities named."""
    negated: bool

    def entailed_by(self, other: Statement) -> bool:
        """Whether ``other`` states all this does: its figures, numbers and names, with the same polarity."""
        return (
            self.figures <= other.figures
            and self.numbers <= other.numbers
            and self.names <= other.names
            and self.negated == other.negated
        )


def statements(article: AnalysedArticle) -> dict[int, Statement]:
    """Each sentence of ``article`` (by index): the figures and tracked names it states, and its polarity."""
    figures: dict[int, set[tuple[str, float, float | None]]] = {}
    for figure in article.figures:
        if not figure.conversion:
            figures.setdefault(figure.sentence.index, set()).add((figure.unit, figure.value, figure.high))
    names: dict[int, set[str]] = {}
    for mention in article.mentions:
        names.setdefault(mention.sentence.index, set()).add(mention.entity_id)
    return {
        s.index: Statement(
            frozenset(figures.get(s.index, ())),
            frozenset(NUMBER.findall(s.text.replace(",", ""))),
            frozenset(names.get(s.index, ())),
            bool(NEGATION.search(s.text)),
        )
        for s in article.sentences
    }


def story_brief(
    articles: Sequence[AnalysedArticle], budget: int, disagreements: Sequence[Disagreement] = ()
) -> tuple[CitedSentence, ...]:
    """A story's brief: ``budget`` sentences of its ``articles`` (newest first), each citing the articles
    whose own sentence entails it, the disputed ones marked."""
    articles = oldest_first(articles[:BRIEF_ARTICLES])
    source = source_ids(articles)
    said = {a.id: statements(a) for a in articles}
    # What each summary was chosen among, so every candidate is in the pool: one long read is bounded.
    pool = [s for a in articles for s in candidates_of(a.sentences)]
    candidates = [s for a in articles for s in a.summary if is_candidate(s) and not DANGLING.match(s.text)]
    if not candidates:
        return ()
    concepts = {_key(s): _concepts(s, said[s.article_id][s.index]) for s in pool}
    weight = _weights(pool, concepts, source)
    row = {_key(s): i for i, s in enumerate(pool)}
    vectors = tfidf([s.text for s in pool])
    chosen = _choose(candidates, budget, concepts, weight, vectors, row)
    questions = _disputed(disagreements)
    order = {a.id: rank for rank, a in enumerate(articles)}
    brief = []
    for sentence in chosen:
        likeness = (vectors[row[_key(sentence)]] @ vectors.T).toarray().ravel()
        claim = said[sentence.article_id][sentence.index]
        alike = (pool[i] for i in np.flatnonzero(likeness >= SAME_FACT))
        confirming = {
            s.article_id
            for s in alike
            if s.article_id != sentence.article_id and claim.entailed_by(said[s.article_id][s.index])
        }
        cited = (sentence.article_id, *sorted(confirming, key=order.__getitem__))
        brief.append(CitedSentence(sentence, cited, questions.get(sentence.text)))
    return tuple(brief)


def _key(sentence: Sentence) -> tuple[str, int]:
    return (sentence.article_id, sentence.index)


Concept = tuple[object, ...]


def _concepts(sentence: Sentence, statement: Statement) -> frozenset[Concept]:
    """What a sentence says, as concepts: its pairs of adjacent terms, its figures, its tracked names."""
    return frozenset(
        (
            *(("words", *pair) for pair in itertools.pairwise(terms(sentence.text))),
            *(("figure", *figure) for figure in statement.figures),
            *(("name", name) for name in statement.names),
        )
    )


def _weights(
    pool: Sequence[Sentence],
    concepts: Mapping[tuple[str, int], frozenset[Concept]],
    source: Mapping[str, str],
) -> dict[Concept, float]:
    """Each concept's weight: the number of sources stating it (a copy and its original are one), times
    :data:`NAMED_WEIGHT` for a figure or a name."""
    stated: dict[str, set[Concept]] = {}
    for s in pool:
        stated.setdefault(source[s.article_id], set()).update(concepts[_key(s)])
    counts = Counter(c for found in stated.values() for c in found)
    return {c: n * (1.0 if c[0] == "words" else NAMED_WEIGHT) for c, n in counts.items()}


def _choose(
    candidates: Sequence[Sentence],
    budget: int,
    concepts: Mapping[tuple[str, int], frozenset[Concept]],
    weight: Mapping[Concept, float],
    vectors: sparse.csr_matrix,
    row: Mapping[tuple[str, int], int],
) -> list[Sentence]:
    """Greedy coverage: each step takes the candidate adding the most weight not yet covered, per square
    root of its words (so that length alone does not win); one too like a chosen sentence (``REDUNDANT``
    cosine) is passed over. Ties go to the earliest candidate (oldest article, then its order)."""
    covered: set[Concept] = set()
    chosen: list[Sentence] = []
    left = list(candidates)
    while left and len(chosen) < budget:
        gains = [
            sum(weight[c] for c in concepts[_key(s)] - covered) / math.sqrt(len(s.text.split())) for s in left
        ]
        best = int(np.argmax(gains))
        if gains[best] <= 0:
            break
        sentence = left.pop(best)
        rows = [row[_key(c)] for c in chosen]
        if rows and (vectors[row[_key(sentence)]] @ vectors[rows].T).toarray().max() >= REDUNDANT:
            continue
        chosen.append(sentence)
        covered |= concepts[_key(sentence)]
    return chosen


def _disputed(disagreements: Sequence[Disagreement]) -> dict[str, str]:
    """The question of each disagreement, by the text of each sentence stating one of its versions (a
    republished copy's sentence is the same text)."""
    questions: dict[str, str] = {}
    for disagreement in disagreements:
        for version in disagreement.versions:
            for quote in version.quotes:
                questions.setdefault(quote.text, disagreement.question)
    return questions
