"""The shared data model: small frozen dataclasses passed from stage to stage.

Input (what a maintainer writes): :class:`Article`, :class:`Theme`, :class:`Entity`.
Cleaned text: :class:`Block`, :class:`Sentence`. Analysis: :class:`ThemeMatch`, :class:`Mention`,
:class:`AnalysedArticle`. The linked whole the pages are rendered from: :class:`Digest`.

Collections are tuples and sorted explicitly, so the same content always gives the same output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit


def _values_repr(self: object) -> str:
    """``Name(value, ...)``: the generated ``__repr__`` of a dataclass without the field names, written by
    the C ``repr`` of a tuple, three times as fast. For the classes that page fingerprints write out by
    the ten thousand (see :func:`digest.cache.fingerprint`)."""
    return f"{type(self).__name__}{tuple(vars(self).values())!r}"


# --- input ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    """One article file under ``content/articles/``: its front matter and its Markdown body."""

    id: str
    """Stable identifier and page slug: the file name without ``.md``."""
    path: str
    """The file, relative to the project root, for error messages."""
    title: str
    outlet: str | None
    author: str | None
    date: dt.date | None
    url: str | None
    """The original (or, where only that is known, a republished copy: see ``note``)."""
    language: str | None
    tags: tuple[str, ...]
    note: str | None
    """What is known of the article's provenance, shown on its page (e.g. "republished copy")."""
    body: str
    body_line: int
    """1-based line of the file on which the body starts, so body problems name the right line."""
    summary: str | None = None
    """An editorial summary that replaces the automatic one; labelled as editorial on the page."""
    themes_added: tuple[str, ...] = ()
    """Theme ids a maintainer put the article on, whatever the classifier says."""
    themes_removed: tuple[str, ...] = ()
    """Theme ids a maintainer took the article off."""
    draft: bool = False
    """Checked, but not published."""
    copy_of: str | None = None
    """The id of the article this one is a republished copy of, both kept on purpose: their near-identical
    texts are then no warning, and a story counts the two as one source."""
    story: str | None = None
    """The story a maintainer put the article in (front matter ``story``): whatever clustering finds."""
    source_kind: str = "outlet"
    """What kind of source the text comes from (front matter ``source_kind``, one of :data:`SOURCE_KINDS`)."""
    key: str = ""
    """A hash of what the article was read from (its file's name and bytes, the check's context, the
    code), set by :func:`digest.load.load_content`: equal keys, equal articles. The analysis cache keys
    on it rather than on the whole text. Empty for an article made otherwise (tests)."""

    @property
    def source_label(self) -> str:
        return source_label(self.outlet, self.url, self.author, self.source_kind)


SOURCE_KINDS = {
    "outlet": "a news outlet (the default), named in `outlet` when known",
    "republished": "known only from a copy another site republished (at `url`); the original is not known",
    "blog": "a personal blog, its author's (or named in `outlet`)",
}
"""The kinds of source an article may come from, each with what it means."""


def source_label(outlet: str | None, url: str | None, author: str | None, kind: str = "outlet") -> str:
    """How an article is named on every page that cites it: its outlet, else the site it was found on; for
    a republished copy, the site that republished it; for a blog, whose blog it is."""
    host = urlsplit(url).hostname if url else None
    if kind == "republished":
        return f"copy at {host}" if host else "republished copy"
    if kind == "blog":
        return f"{outlet} (blog)" if outlet else f"{author}'s blog" if author else "a personal blog"
    return outlet or host or UNKNOWN_OUTLET


UNKNOWN_OUTLET = "outlet not known"
"""The name of a news article's source when neither its outlet nor the site it was found on is known."""


@dataclass(frozen=True)
class Cue:
    """A word or phrase that signals a theme. ``*`` at the end of a word matches any ending."""

    pattern: str
    weight: float = 1.0


@dataclass(frozen=True)
class Theme:
    """A theme from ``content/themes.yml``."""

    id: str
    title: str
    description: str
    cues: tuple[Cue, ...]
    negative_cues: tuple[Cue, ...] = ()
    threshold: float = 2.0
    """A paragraph whose cue score reaches this is a passage on the theme."""


class EntityType(enum.Enum):
    PERSON = "person"
    ORGANISATION = "organisation"
    PRODUCT = "product"
    LAW = "law"
    PLACE = "place"
    PUBLICATION = "publication"

    @property
    def plural_label(self) -> str:
        return {
            EntityType.PERSON: "People",
            EntityType.ORGANISATION: "Organisations",
            EntityType.PRODUCT: "Products and models",
            EntityType.LAW: "Laws and regulation",
            EntityType.PLACE: "Places",
            EntityType.PUBLICATION: "Publications",
        }[self]


@dataclass(frozen=True)
class Entity:
    """A named entity from ``content/entities.yml``."""

    id: str
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    """Other spellings. Matched case-sensitively, as written: list "le Chat" beside "Le Chat"."""
    description: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Answer:
    """One answer to an editors' question, and the cues that show a source gives it."""

    answer: str
    cues: tuple[Cue, ...]


@dataclass(frozen=True)
class Question:
    """A question the editors ask of every source of a story (``content/claims.yml``): "Did Microsoft take
    equity?"."""

    id: str
    question: str
    answers: tuple[Answer, ...]
    note: str | None = None
    story: str | None = None
    """The story it is asked of; None: of every story."""


@dataclass(frozen=True)
class FigureNote:
    """An editorial note shown beside every figure written as ``figure`` (e.g. "€2 billion")."""

    figure: str
    note: str
    story: str | None = None
    """The story whose figures it notes; None: every story's."""


@dataclass(frozen=True)
class Content:
    """Everything under ``content/``, validated."""

    articles: tuple[Article, ...]
    themes: tuple[Theme, ...]
    entities: tuple[Entity, ...]
    questions: tuple[Question, ...] = ()
    figure_notes: tuple[FigureNote, ...] = ()


# --- cleaned text -----------------------------------------------------------------------------------


class BlockKind(enum.Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"


@dataclass(frozen=True, repr=False)
class Sentence:
    """One sentence of an article's text, addressed by its position."""

    article_id: str
    block: int
    """Index of its block in the article."""
    index: int
    """Position among the article's sentences (0 = the lead)."""
    text: str
    opens_paragraph: bool = False
    """The first sentence of a paragraph (not of a heading or list item): where news puts its facts."""

    __repr__ = _values_repr


@dataclass(frozen=True)
class Block:
    """A heading, paragraph or list item of an article body, as plain text."""

    index: int
    kind: BlockKind
    text: str
    line: int
    sentences: tuple[Sentence, ...] = ()


# --- analysis ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """A paragraph of an article that is about a theme, with the cues that decided it."""

    article_id: str
    block: int
    text: str
    score: float
    cues: tuple[str, ...]


@dataclass(frozen=True)
class ThemeMatch:
    theme_id: str
    score: float
    passages: tuple[Passage, ...]
    editorial: bool = False
    """Put on the theme by a maintainer (front matter ``themes:``), not by its passages."""


@dataclass(frozen=True)
class Mention:
    """A sentence of an article that names an entity."""

    entity_id: str
    sentence: Sentence


@dataclass(frozen=True)
class TermCounts:
    """How often each term occurs in a text (see :func:`digest.textstats.terms`), held compactly: for an
    article, a ``Counter`` of strings takes some 20 KB of Python objects, these two arrays about 2 KB,
    which matters when ten thousand articles are kept to be compared, cached and sent between processes.

    ``ids`` names each term by a stable 32-bit hash (CRC-32 of its UTF-8), ascending; ``counts`` says
    how often each occurs; both are native ``uint32`` arrays, as bytes. Two terms of a 100,000-term
    vocabulary share an id about once: they then count as one term, a negligible change to a cosine.
    """

    ids: bytes
    counts: bytes


@dataclass(frozen=True)
class Claim:
    """A sentence that gives an answer to one of the editors' questions (see :class:`Question`)."""

    question_id: str
    answer: int
    """The answer's position among the question's answers."""
    sentence: Sentence


@dataclass(frozen=True)
class AnalysedArticle:
    article: Article
    blocks: tuple[Block, ...]
    summary: tuple[Sentence, ...]
    """The automatic, extractive summary (quoted sentences; overviews are built from these)."""
    themes: tuple[ThemeMatch, ...]
    mentions: tuple[Mention, ...]
    terms: TermCounts
    """The terms of its sentences, which related articles are found by."""
    editorial_summary: tuple[str, ...] = ()
    """The maintainer's summary, split into sentences; shown instead of ``summary`` when present."""
    figures: tuple[Figure, ...] = ()
    dates: tuple[DatedMention, ...] = ()
    untracked_names: tuple[str, ...] = ()
    """Names its paragraphs use that ``entities.yml`` does not track, sorted (the check suggests those that
    two or more articles use)."""
    claims: tuple[Claim, ...] = ()
    """Its sentences that give answers to the editors' questions."""
    undisclosed: tuple[Sentence, ...] = ()
    """Its sentences that say the terms of a deal were not disclosed."""
    event_terms: TermCounts = TermCounts(b"", b"")
    """The terms it is grouped into a story by (see :func:`digest.stories.event_terms`)."""
    key: str = ""
    """A hash of everything the analysis is made from (the article, the themes, entities and questions,
    the summary setting and the code), set by :func:`digest.analyse.analyse`, which caches it under this
    key: equal keys, equal analyses. Empty for an analysis made otherwise (tests)."""

    id: str = dataclasses.field(init=False, repr=False, compare=False)
    """The article's id (an attribute, not a property: read hundreds of thousands of times a build)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", self.article.id)

    # Cached: computed once per article, read in every comparison (functools.cached_property writes the
    # instance __dict__ directly, which a frozen dataclass allows).
    @functools.cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for b in self.blocks for s in b.sentences)

    @functools.cached_property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(m.theme_id for m in self.themes)

    @functools.cached_property
    def entity_ids(self) -> tuple[str, ...]:
        return tuple(sorted({m.entity_id for m in self.mentions}))


@dataclass(frozen=True)
class Outline:
    """What a build reads of every article's analysis, kept apart from it (see
    :func:`digest.analyse.begin_analysis`): its terms, to compare it with the others, its themes, entities
    and untracked names, to index and count it, and its event terms, to find its story."""

    terms: TermCounts
    theme_ids: tuple[str, ...]
    entity_ids: tuple[str, ...]
    untracked_names: tuple[str, ...]
    event_terms: TermCounts

    @classmethod
    def of(cls, analysed: AnalysedArticle) -> Outline:
        named = (analysed.theme_ids, analysed.entity_ids, analysed.untracked_names)
        return cls(analysed.terms, *named, analysed.event_terms)


@dataclass(frozen=True)
class Figure:
    """A number a source states: an amount of money, a percentage or a count, normalised."""

    text: str
    """As written, e.g. "€15 million"."""
    value: float
    """Normalised: 15000000.0. For a range, its low end."""
    high: float | None
    """A range's high end ("$2-2.1 billion"), else None."""
    unit: str
    """A currency code (USD, EUR, GBP ...), "%" or "count"."""
    qualifier: str
    """"exact", or as written: "about", "more than", "up to" ..."""
    refers_to: str | None
    """What the figure is of: investment, partnership, valuation, stake, funding ... (None if unclear)."""
    sentence: Sentence
    conversion: bool = False
    """It restates the amount before it in another currency: the $ of "€15 million (about $16.3 million)"."""


@dataclass(frozen=True)
class DatedMention:
    """A date a sentence mentions, resolved against its article's date where it is relative."""

    date: dt.date
    precision: str
    """"day", "month" or "year"."""
    approximate: bool
    """True when the date was resolved from words such as "on Monday" or "last month"."""
    phrase: str
    sentence: Sentence


# --- linked -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Related:
    """Another story worth reading next, and why: the tracked names both name, else alike wording."""

    story_id: str
    shared_entities: tuple[str, ...]
    similarity: float
    """The cosine of the two stories' words (shown when they share no tracked name)."""


@dataclass(frozen=True, repr=False)
class Listing:
    """An article as a list of articles shows it: what its front matter says of it, not its text.

    The pages that list every article (the archive, the sources, the timeline) are made from these, so
    an edit to an article's text leaves them as they are (see :class:`digest.render.View`).
    """

    id: str
    title: str
    outlet: str | None
    author: str | None
    date: dt.date | None
    url: str | None
    source_kind: str = "outlet"

    __repr__ = _values_repr

    @classmethod
    def of(cls, article: Article) -> Listing:
        return cls(
            article.id,
            article.title,
            article.outlet,
            article.author,
            article.date,
            article.url,
            article.source_kind,
        )

    @property
    def source_label(self) -> str:
        return source_label(self.outlet, self.url, self.author, self.source_kind)


@dataclass(frozen=True)
class CitedSentence:
    """A sentence of a story's brief, with every article that reports it."""

    sentence: Sentence
    cited: tuple[str, ...]
    """Article ids: the sentence's own article first, then the others whose own sentence entails it."""
    disputed: str | None = None
    """The question of the story's disagreement one of whose versions the sentence states, if any."""


@dataclass(frozen=True)
class FigureGroup:
    """One value (an amount, a percentage), as stated by one or more sources."""

    figures: tuple[Figure, ...]
    """The statements of it, in citation order; the first gives its wording."""
    notes: tuple[str, ...] = ()
    """Editorial notes from ``content/claims.yml``."""

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.sentence.article_id for f in self.figures))

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """The sentences that state it, each once (a sentence may state it twice)."""
        return tuple(dict.fromkeys(f.sentence for f in self.figures))


@dataclass(frozen=True)
class Version:
    """One source's (or several sources') answer to a question the sources disagree on."""

    label: str
    """The value as written ("$2 billion"), "not disclosed", or the editors' wording of an answer."""
    quotes: tuple[Sentence, ...]
    notes: tuple[str, ...] = ()
    sources: int = 0
    """Distinct sources giving it (a republished copy and its original are one); see :mod:`digest.weigh`."""
    first: dt.date | None = None
    """The date of the first article giving it."""
    last: dt.date | None = None
    """The date of the latest article giving it."""
    speakers: tuple[str, ...] = ()
    """Tracked people and organisations its quotes give as saying it ("Microsoft told Reuters ...")."""
    cites: tuple[str, ...] = ()
    """Tracked names its quotes give as their source ("according to the Financial Times")."""

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.article_id for s in self.quotes))


@dataclass(frozen=True)
class Disagreement:
    question: str
    versions: tuple[Version, ...]
    note: str | None = None
    """An editorial note on the question as a whole."""
    editorial: bool = False
    """The question (and the answers' wording) comes from ``content/claims.yml``."""
    parties: tuple[str, ...] = ()
    """Tracked entities the question is about (the companies of a deal): their own word weighs apart."""

    @property
    def best_sourced(self) -> Version | None:
        """The version more sources give than any other, if there is one."""
        ranked = sorted(self.versions, key=lambda v: -v.sources)
        if len(ranked) < 2 or ranked[0].sources <= ranked[1].sources:
            return None
        return ranked[0]

    @property
    def latest(self) -> Version | None:
        """The version of the most recent dated article, if no other version has one of that day."""
        dated = sorted((v for v in self.versions if v.last), key=lambda v: v.last or dt.date.min)
        if len(dated) < 2 or dated[-1].last == dated[-2].last:
            return None
        return dated[-1]

    @property
    def own_word(self) -> tuple[tuple[Version, tuple[str, ...]], ...]:
        """Each version that a party to the question is quoted saying, with those parties."""
        return tuple(
            (v, own) for v in self.versions if (own := tuple(p for p in v.speakers if p in self.parties))
        )


@dataclass(frozen=True)
class Answers:
    """One of the editors' questions and the answers an article gives it, each with its quotes."""

    question: str
    versions: tuple[Version, ...]


@dataclass(frozen=True)
class Stance:
    """What one article states on the points the digest compares across sources (shown on its page; see
    :func:`digest.compare.stance_of`)."""

    figures: tuple[FigureGroup, ...]
    """Its key figures: money and percentages, grouped by value, with the editors' notes on them."""
    undisclosed: tuple[Sentence, ...]
    """Its sentences that say the terms of a deal were not disclosed."""
    answers: tuple[Answers, ...]
    """Its answers to the editors' questions, in the order of ``content/claims.yml``."""

    def __bool__(self) -> bool:
        return bool(self.figures or self.undisclosed or self.answers)


@dataclass(frozen=True, repr=False)
class TimelineEvent:
    """A dated event, as one or more sources report it."""

    date: dt.date
    precision: str
    approximate: bool
    phrase: str
    """The words the date was read from ("on Monday")."""
    sentence: Sentence
    cited: tuple[str, ...]

    __repr__ = _values_repr


@dataclass(frozen=True)
class Compared:
    """What comparing the articles of one story found: the rest of a :class:`Story`, kept apart because
    only the pages and entries made again need it (decoding every story's took half a second of a
    one-article rebuild at 10,000 articles)."""

    overview: tuple[CitedSentence, ...] = ()
    figures: tuple[FigureGroup, ...] = ()
    """Its key figures: those about the story's own parties (or naming none)."""
    context: tuple[FigureGroup, ...] = ()
    """Figures its sources give about other deals or companies: background, never a version of its own."""
    disagreements: tuple[Disagreement, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()


@dataclass(frozen=True)
class Story:
    """The articles about one event (see :mod:`digest.stories`); what comparing them found is its
    :class:`Compared`, in :attr:`Digest.compared`."""

    id: str
    """Stable: the id of its first article, or the name a maintainer pinned articles to."""
    title: str
    """The headline of the article most like the others."""
    articles: tuple[str, ...]
    """Article ids, oldest first (undated ones last)."""
    first: dt.date | None
    last: dt.date | None
    sources: int
    """Distinct sources: outlets (or sites, or authors), a republished copy (``copy_of``) counted once."""
    outlets: int = 0
    """Distinct named news outlets (``outlet`` in front matter), a copy (``copy_of``) counted once."""
    outlet_unknown: int = 0
    """Its articles from a news outlet not known, copies (``copy_of``) left out."""
    republished: int = 0
    """Its articles known only from a copy another site republished (``source_kind: republished``)."""
    blogs: int = 0
    """Its articles from personal blogs (``source_kind: blog``). With the three counts above, what the
    sources page shows of the story."""
    related: tuple[Related, ...] = ()
    """Other stories that name the same people and organisations (or are alike in wording)."""
    entity_ids: tuple[str, ...] = ()
    """The tracked entities its articles name, sorted."""
    terms: TermCounts = TermCounts(b"", b"")
    """The event terms its articles count most: what it is compared with other stories by."""
    key: str = ""
    """A hash of everything it was made from: its pages are reused while it is unchanged."""


@dataclass(frozen=True)
class Digest:
    """Everything the pages are rendered from."""

    articles: tuple[AnalysedArticle, ...]
    """Newest first; undated articles last."""
    themes: tuple[Theme, ...]
    entities: tuple[Entity, ...]
    stories: tuple[Story, ...] = ()
    """Newest first (by their latest article), undated ones last."""
    questions: tuple[Question, ...] = ()
    figure_notes: tuple[FigureNote, ...] = ()
    """The editors' questions and notes on figures (``content/claims.yml``): an article page shows its
    answers and figures with them (see :class:`Stance`)."""
    compared: Mapping[str, Compared] = dataclasses.field(default_factory=dict)
    """Each story's :class:`Compared`, by story id: read from the memo as it is asked for."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_articles", {a.id: a for a in self.articles})
        object.__setattr__(self, "_themes", {t.id: t for t in self.themes})
        object.__setattr__(self, "_entities", {e.id: e for e in self.entities})
        object.__setattr__(self, "_stories", {s.id: s for s in self.stories})
        object.__setattr__(self, "_story_of", {a: s for s in self.stories for a in s.articles})

    def story_of(self, article_id: str) -> Story:
        """The story an article is in."""
        return self._story_of[article_id]  # type: ignore[attr-defined,no-any-return]

    def article(self, article_id: str) -> AnalysedArticle:
        return self._articles[article_id]  # type: ignore[attr-defined,no-any-return]

    def theme(self, theme_id: str) -> Theme:
        return self._themes[theme_id]  # type: ignore[attr-defined,no-any-return]

    def entity(self, entity_id: str) -> Entity:
        return self._entities[entity_id]  # type: ignore[attr-defined,no-any-return]

    def story(self, story_id: str) -> Story:
        return self._stories[story_id]  # type: ignore[attr-defined,no-any-return]

    def compared_in(self, story: Story) -> Compared:
        """What comparing ``story``'s articles found."""
        return self.compared[story.id]

    def articles_on(self, theme_id: str) -> tuple[AnalysedArticle, ...]:
        """The articles on the theme, newest first."""
        return self._by_theme.get(theme_id, ())

    def articles_naming(self, entity_id: str) -> tuple[AnalysedArticle, ...]:
        """The articles naming the entity, newest first."""
        return self._by_entity.get(entity_id, ())

    def stories_on(self, theme_id: str) -> tuple[Story, ...]:
        """The stories with an article on the theme, newest first."""
        return self._stories_by_theme.get(theme_id, ())

    def stories_naming(self, entity_id: str) -> tuple[Story, ...]:
        """The stories with an article naming the entity, newest first."""
        return self._stories_by_entity.get(entity_id, ())

    # Indexes built on first use: pages ask for every theme's and entity's articles, and scanning every
    # article for each took seconds at 10,000 articles.
    @functools.cached_property
    def _by_theme(self) -> dict[str, tuple[AnalysedArticle, ...]]:
        return _group(self.articles, lambda a: a.theme_ids)

    @functools.cached_property
    def _by_entity(self) -> dict[str, tuple[AnalysedArticle, ...]]:
        return _group(self.articles, lambda a: a.entity_ids)

    @functools.cached_property
    def _stories_by_theme(self) -> dict[str, tuple[Story, ...]]:
        return _group(self.stories, lambda s: self._union(s, lambda a: a.theme_ids))

    @functools.cached_property
    def _stories_by_entity(self) -> dict[str, tuple[Story, ...]]:
        return _group(self.stories, lambda s: self._union(s, lambda a: a.entity_ids))

    def _union(self, story: Story, ids: Callable[[AnalysedArticle], Sequence[str]]) -> list[str]:
        return sorted({i for article_id in story.articles for i in ids(self.article(article_id))})


T = TypeVar("T")


def _group(items: Sequence[T], keys: Callable[[T], Sequence[str]]) -> dict[str, tuple[T, ...]]:
    """The items by each of their ``keys``, in their order."""
    groups: dict[str, list[T]] = {}
    for item in items:
        for key in keys(item):
            groups.setdefault(key, []).append(item)
    return {key: tuple(members) for key, members in groups.items()}
