"""Compare what the sources say: key figures, and where the sources disagree.

Stage 4b (linking). Three comparisons, each keeping every version's sources and quotes:

- **Key figures**: equal normalised values (unit and amount) from any sources form one group.
- **Amounts that differ**: money figures about the same kind of quantity (investment, valuation, stake
  ...) in sentences naming the same organisations (Jaccard overlap of at least ``SAME_PARTIES``) are
  taken as the same quantity; so are statements that its amount was not disclosed. When the versions
  cannot all be true (their ranges do not overlap, allowing ``ROUNDING`` for round numbers and
  ``APPROXIMATE`` for "about"), they are listed as a disagreement.
- **Opposite statements**: the editors' questions in ``content/claims.yml``; each answer's cues find the
  sources that give it, and two or more answers given make a disagreement.

What can be found in one article alone, its sentences that give an answer (:func:`claims_in`) or say an
amount was not disclosed (:func:`says_undisclosed`), is found by its analysis (and cached with it); only
the comparison across articles is done here, and the gathering of one article's figures and answers for its
page (:func:`stance_of`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from digest.model import (
    AnalysedArticle,
    Answers,
    Claim,
    Disagreement,
    Entity,
    EntityType,
    Figure,
    FigureGroup,
    FigureNote,
    Question,
    Sentence,
    Stance,
    Version,
)
from digest.themes import fired

SAME_PARTIES = 0.5
ROUNDING = 0.025
APPROXIMATE = 0.10
_KIND = {
    "investment": "investment",
    "partnership": "investment",
    "funding": "investment",
    "valuation": "valuation",
    "stake": "stake",
}
_UNDISCLOSED = re.compile(
    r"\bundisclosed\b|\bnot (?:been |yet )?(?:disclosed|revealed|made public)|"
    r"\b(?:neither|nor|not|n't)\b.{0,40}\b(?:disclos|reveal)",
    re.IGNORECASE,
)
_SUBJECT_WORDS = re.compile(r"\b(?:invest\w*|financial|terms|partnership|deal|amount|sum)\b", re.IGNORECASE)
_UNDISCLOSED_WORDS = ("disclos", "reveal", "made public")
"""Every match of ``_UNDISCLOSED`` holds one of these: a sentence without any is not searched."""


def says_undisclosed(text: str) -> bool:
    """Whether the sentence says that the terms of a deal were not disclosed."""
    folded = text.casefold()
    return (
        any(word in folded for word in _UNDISCLOSED_WORDS)
        and _UNDISCLOSED.search(text) is not None
        and _SUBJECT_WORDS.search(text) is not None
    )


def figure_groups(
    articles: Sequence[AnalysedArticle], notes: Sequence[FigureNote], order: Sequence[str]
) -> tuple[FigureGroup, ...]:
    """Money and percentages grouped by equal normalised value; most-cited first."""
    rank = {article_id: i for i, article_id in enumerate(order)}
    groups: dict[tuple[str, float, float | None], list[Figure]] = {}
    for figure in _stated(articles):
        if figure.unit.startswith("count:"):
            continue
        groups.setdefault((figure.unit, figure.value, figure.high), []).append(figure)
    result = []
    for figures in groups.values():
        figures.sort(key=lambda f: (rank.get(f.sentence.article_id, len(rank)), f.sentence.index))
        result.append(FigureGroup(tuple(figures), _notes_for(figures, notes)))
    return tuple(sorted(result, key=lambda g: (-len(g.articles), -_magnitude(g), g.figures[0].text)))


def split_context(
    groups: Sequence[FigureGroup], articles: Sequence[AnalysedArticle], entities: Sequence[Entity]
) -> tuple[tuple[FigureGroup, ...], tuple[FigureGroup, ...]]:
    """A story's figure groups in two: its own, and the *context*: figures stated in sentences that name
    an organisation other than the story's parties (the two organisations most of its articles name), as
    Microsoft's $13 billion in OpenAI is to its partnership with Mistral AI (issue 24). Context is shown
    apart, and never as a version of the story's own figure."""
    organisations = {e.id for e in entities if e.type is EntityType.ORGANISATION}
    named = Counter(e for a in articles for e in a.entity_ids if e in organisations)
    subject = {e for e, _count in sorted(named.items(), key=lambda item: (-item[1], item[0]))[:2]}
    parties = _parties(articles, entities, [f.sentence for g in groups for f in g.figures])
    own: list[FigureGroup] = []
    context: list[FigureGroup] = []
    for group in groups:
        others = {e for f in group.figures for e in parties.get(_key(f.sentence), ())} - subject
        (context if others else own).append(group)
    return tuple(own), tuple(context)


def amount_disagreements(
    articles: Sequence[AnalysedArticle],
    entities: Sequence[Entity],
    notes: Sequence[FigureNote],
    figures: Sequence[Figure] | None = None,
) -> tuple[Disagreement, ...]:
    """Amounts of one kind about the same parties that cannot all be true (see the module docstring),
    among ``figures`` (default: every figure the articles state)."""
    amounts = [
        (kind, figure)
        for figure in (_stated(articles) if figures is None else figures)
        if (kind := _KIND.get(figure.refers_to or "")) is not None
        and not figure.unit.startswith("count:")
        and figure.unit != "%"
    ]
    undisclosed = [s for a in articles for s in a.undisclosed]
    parties = _parties(articles, entities, [f.sentence for _kind, f in amounts] + undisclosed)
    names = {e.id: e.name for e in entities}
    clusters: list[_Quantity] = []
    for kind, figure in amounts:
        who = parties.get(_key(figure.sentence), frozenset())
        if not who:  # an amount naming no known party is of no known deal: never a version of one
            continue
        cluster = _best_cluster(clusters, kind, who)
        if cluster is None:
            clusters.append(_Quantity(kind, who, [figure], []))
        else:
            cluster.figures.append(figure)
    for sentence in undisclosed:
        cluster = _best_cluster(clusters, "investment", parties.get(_key(sentence), frozenset()))
        if cluster is not None:
            cluster.undisclosed.append(sentence)
    found = []
    for cluster in clusters:
        versions = _versions(cluster.figures, notes)
        if cluster.undisclosed:
            versions.append(Version("not disclosed", tuple(cluster.undisclosed)))
        sources = {s.article_id for v in versions for s in v.quotes}
        if (
            len(versions) < 2
            or len(sources) < 2
            or (_compatible(cluster.figures) and not cluster.undisclosed)
        ):
            continue
        parties_named = ", ".join(sorted(names[e] for e in cluster.parties)) or "the parties"
        found.append(Disagreement(f"How large was the {cluster.kind} ({parties_named})?", tuple(versions)))
    return tuple(found)


@dataclass
class _Quantity:
    """Figures (and "not disclosed" statements) taken to be about one quantity."""

    kind: str
    parties: frozenset[str]
    figures: list[Figure]
    undisclosed: list[Sentence]


def question_disagreements(
    articles: Sequence[AnalysedArticle], questions: Sequence[Question]
) -> tuple[Disagreement, ...]:
    """The editors' questions to which the articles give two or more answers (from their
    :attr:`~digest.model.AnalysedArticle.claims`), each answer with its quotes in the articles' order."""
    return tuple(
        Disagreement(question.question, versions, question.note, editorial=True)
        for question, versions in _answers(articles, questions)
        if len(versions) >= 2
    )


def stance_of(article: AnalysedArticle, questions: Sequence[Question], notes: Sequence[FigureNote]) -> Stance:
    """What one article states on the points compared across sources: its key figures (as
    :func:`figure_groups` finds them, biggest first), that an amount was not disclosed, and its answers to
    the editors' questions. Made from its analysis and ``content/claims.yml`` alone, so its page depends on
    nothing else (see :class:`~digest.render.PageInputs`)."""
    return Stance(
        figures=figure_groups([article], notes, [article.id]),
        undisclosed=article.undisclosed,
        answers=tuple(Answers(q.question, versions) for q, versions in _answers([article], questions)),
    )


def _answers(
    articles: Sequence[AnalysedArticle], questions: Sequence[Question]
) -> list[tuple[Question, tuple[Version, ...]]]:
    """Each question some article answers, with the answers given, each with its quotes."""
    quotes: dict[tuple[str, int], list[Sentence]] = {}
    for article in articles:
        for claim in article.claims:
            quotes.setdefault((claim.question_id, claim.answer), []).append(claim.sentence)
    found = []
    for question in questions:
        versions = tuple(
            Version(answer.answer, tuple(quotes[question.id, k]))
            for k, answer in enumerate(question.answers)
            if (question.id, k) in quotes
        )
        if versions:
            found.append((question, versions))
    return found


def claims_in(sentences: Sequence[Sentence], questions: Sequence[Question]) -> tuple[Claim, ...]:
    """The sentences (of one article, in order) in which a cue of an answer to one of ``questions`` fires."""
    found = []
    for sentence in sentences:
        lowered = sentence.text.lower()
        for question in questions:
            for k, answer in enumerate(question.answers):
                if fired(answer.cues, lowered):
                    found.append(Claim(question.id, k, sentence))
    return tuple(found)


def _stated(articles: Sequence[AnalysedArticle]) -> list[Figure]:
    """Every figure but the conversions ("€15 million (approximately $16.3 million)": the $ part)."""
    return [figure for article in articles for figure in article.figures if not figure.conversion]


def _parties(
    articles: Sequence[AnalysedArticle], entities: Sequence[Entity], asked: Sequence[Sentence]
) -> dict[tuple[str, int], frozenset[str]]:
    """The organisations each of the ``asked`` sentences names (those naming none are left out)."""
    organisations = {e.id for e in entities if e.type is EntityType.ORGANISATION}
    wanted: dict[str, set[int]] = {}
    for sentence in asked:
        wanted.setdefault(sentence.article_id, set()).add(sentence.index)
    parties: dict[tuple[str, int], set[str]] = {}
    for article in articles:
        indices = wanted.get(article.id)
        if not indices:
            continue
        for mention in article.mentions:
            if mention.sentence.index in indices and mention.entity_id in organisations:
                parties.setdefault(_key(mention.sentence), set()).add(mention.entity_id)
    return {key: frozenset(value) for key, value in parties.items()}


def _key(sentence: Sentence) -> tuple[str, int]:
    return (sentence.article_id, sentence.index)


def _best_cluster(clusters: list[_Quantity], kind: str, who: frozenset[str]) -> _Quantity | None:
    """The quantity of this kind whose parties overlap ``who`` most (at least ``SAME_PARTIES``)."""
    best, best_overlap = None, SAME_PARTIES
    for cluster in clusters:
        if cluster.kind != kind:
            continue
        union = who | cluster.parties
        overlap = len(who & cluster.parties) / len(union) if union else 1.0
        if overlap >= best_overlap:
            best, best_overlap = cluster, overlap
    return best


def _versions(figures: Sequence[Figure], notes: Sequence[FigureNote]) -> list[Version]:
    by_value: dict[tuple[str, float, float | None], list[Figure]] = {}
    for figure in figures:
        by_value.setdefault((figure.unit, figure.value, figure.high), []).append(figure)
    return [
        Version(group[0].text, tuple(dict.fromkeys(f.sentence for f in group)), _notes_for(group, notes))
        for group in by_value.values()
    ]


def _compatible(figures: Sequence[Figure]) -> bool:
    """Whether all the figures could be true at once (one currency, overlapping ranges)."""
    if len({f.unit for f in figures}) > 1:
        return False
    low, high = 0.0, math.inf
    for figure in figures:
        a, b = _range(figure)
        low, high = max(low, a), min(high, b)
    return low <= high


def _range(figure: Figure) -> tuple[float, float]:
    value, top = figure.value, figure.high if figure.high is not None else figure.value
    qualifier = figure.qualifier
    if qualifier in ("more than", "over", "at least", "just over"):
        return value, math.inf
    if qualifier in ("less than", "fewer than", "up to", "at most", "under", "just under"):
        return 0.0, value
    slack = (
        APPROXIMATE
        if qualifier
        in ("about", "around", "approximately", "roughly", "nearly", "almost", "some", "an estimated")
        else ROUNDING
    )
    return value * (1 - slack), top * (1 + slack)


def _notes_for(figures: Sequence[Figure], notes: Sequence[FigureNote]) -> tuple[str, ...]:
    def norm(text: str) -> str:
        return re.sub(r"\s+", "", text).lower()

    if not notes:
        return ()
    written = {norm(text) for text in {f.text for f in figures}}  # a group writes its value a few ways
    return tuple(n.note for n in notes if norm(n.figure) in written)


def _magnitude(group: FigureGroup) -> float:
    return group.figures[0].value
