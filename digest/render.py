"""Render the digest into Markdown pages through the Jinja2 templates in ``templates/``.

Stage 5. Returns ``{output path: text}``; nothing is written here (see :mod:`digest.write`).

Article text is untrusted. The environment's ``finalize`` escapes every ``{{ ... }}`` that is not already
:class:`~digest.mdtext.Markdown`, so a template cannot forget to; content is only ever *data* passed to
templates, never template source, so ``{{ config }}`` in an article is shown, not evaluated.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import posixpath
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import jinja2
import markupsafe
import numpy as np
import yaml

from digest import export, feeds, serial
from digest.cache import Memo, fingerprint
from digest.compare import stance_of
from digest.entities import EntityMatcher
from digest.figures import format_value
from digest.mdtext import Markdown, escape, labelled, link, text_fragment
from digest.model import (
    SOURCE_KINDS,
    UNKNOWN_OUTLET,
    AnalysedArticle,
    Article,
    CitedSentence,
    Digest,
    Entity,
    EntityType,
    Listing,
    Passage,
    Sentence,
    Story,
    Theme,
    TimelineEvent,
)
from digest.parallel import PARALLEL_FROM, in_background, parallel_map
from digest.quotas import quotable, quotes_of
from digest.settings import Settings
from digest.write import UNCHANGED, Unchanged, safe_join

INDEX = "index.md"
THEMES = "themes/index.md"
ENTITIES = "entities/index.md"
SOURCES = "sources.md"
ARCHIVE = "archive.md"
DISAGREEMENTS_ANCHOR = "where-the-sources-disagree"
"""The id MkDocs gives a story page's "Where the sources disagree" heading (templates/story.md.j2)."""

T = TypeVar("T")


def article_page(article_id: str) -> str:
    return f"articles/{article_id}.md"


def article_of_page(path: str) -> str:
    """The article id of an :func:`article_page` path."""
    return path.removeprefix("articles/").removesuffix(".md")


def theme_page(theme_id: str, number: int = 1) -> str:
    return numbered(f"themes/{theme_id}.md", number)


def entity_page(entity_id: str, number: int = 1) -> str:
    return numbered(f"entities/{entity_id}.md", number)


def story_page(story_id: str) -> str:
    return f"stories/{story_id}.md"


def numbered(first: str, number: int) -> str:
    """The ``number``-th page of a listing whose first page is ``first``: ``themes/money/2.md``."""
    return first if number == 1 else f"{first.removesuffix('.md')}/{number}.md"


def environment(templates: Path) -> jinja2.Environment:
    """The template environment: every ``{{ value }}`` is escaped for Markdown.

    ``finalize`` escapes each value for Markdown and marks it :class:`Markdown` (a ``Markup``), so
    autoescape then passes it through unchanged; macro output is ``Markup`` too, so never escaped twice.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: templates do not change while it renders
    )
    # Filters that would mark content "safe" after HTML escaping only (Markdown links would survive):
    # replaced by Markdown-aware ones, or removed.
    env.filters["join"] = lambda items, separator="": Markdown(
        str(escape(separator)).join(escape(i) for i in items)
    )
    env.filters["e"] = env.filters["escape"] = escape
    for name in ("safe", "forceescape", "urlize", "xmlattr", "striptags", "indent"):
        del env.filters[name]
    env.filters["date"] = format_date
    env.filters["figure_value"] = format_value
    env.filters["when"] = when
    env.filters["month"] = month
    env.filters["period"] = lambda story: period(story.first, story.last)
    env.filters["word_for_word"] = word_for_word
    env.globals["plural"] = plural
    env.filters["html"] = lambda value: Markdown(html.escape(str(value)))
    return env


def word_for_word(sentences: Sequence[Sentence]) -> list[tuple[Sentence, list[Sentence]]]:
    """Each sentence with the later ones that say it word for word (a republished copy's), in order: a
    sentence is quoted once, with a link to every article that has it."""
    groups: dict[str, tuple[Sentence, list[Sentence]]] = {}
    for sentence in sentences:
        key = " ".join(sentence.text.split()).casefold()
        if key in groups:
            groups[key][1].append(sentence)
        else:
            groups[key] = (sentence, [])
    return list(groups.values())


def plural(count: int, singular: str, many: str | None = None) -> str:
    """``count`` and the noun: "1 blog", "2 blogs", "2 republished copies"."""
    return f"{count} {singular if count == 1 else many or singular + 's'}"


def _finalize(value: object) -> object:
    """Every ``{{ value }}``: Markdown-escaped, unless it is macro output (``Markup``) or our Markdown."""
    if value is None:
        return Markdown("")
    if isinstance(value, markupsafe.Markup):  # template macros return Markup: built from escaped parts
        return value
    return escape(value)


def when(event: TimelineEvent) -> str:
    """An event's date at its precision, "≈ ... (from “on Monday”)" when worked out from words."""
    if event.precision == "year":
        text = str(event.date.year)
    elif event.precision == "month":
        text = f"{event.date:%B %Y}"
    else:
        text = format_date(event.date)
    return f"≈ {text} (from “{event.phrase}”)" if event.approximate else text


@functools.lru_cache(maxsize=4096)  # pages name the same few thousand dates again and again
def format_date(date: dt.date | None) -> str:
    return f"{date.day} {date:%B %Y}" if date else "date not known"


def period(first: dt.date | None, last: dt.date | None) -> str:
    """A story's dates: "26 February 2024", "26 February – 15 March 2024", "date not known"."""
    if first is None or last is None or first == last:
        return format_date(first or last)
    if first.year != last.year:
        return f"{format_date(first)} – {format_date(last)}"
    start = f"{first.day}" if first.month == last.month else f"{first.day} {first:%B}"
    return f"{start} – {format_date(last)}"


@functools.lru_cache(maxsize=4096)
def month(date: dt.date | None) -> str:
    return f"{date:%B %Y}" if date else "Date not known"


@dataclass(frozen=True)
class Citations:
    """Numbers for the sources cited on one page, in order of first citation.

    A statement names its first ``shown`` sources and counts the rest, so a page's list of sources stays
    short however many articles report the same sentence.
    """

    numbers: dict[str, int]
    shown: int

    @classmethod
    def of(cls, groups: Sequence[Sequence[str]], shown: int) -> Citations:
        numbers: dict[str, int] = {}
        for group in groups:
            for article_id in group[:shown]:
                numbers.setdefault(article_id, len(numbers) + 1)
        return cls(numbers, shown)


class Section:
    """The entities already linked in one section of a page: only a first mention is linked."""

    def __init__(self, skip: Sequence[str] = ()) -> None:
        self.linked: set[str] = set(skip)


def render(digest: Digest, settings: Settings, templates: Path, jobs: int | None = None) -> dict[str, str]:
    """Every page of the site (and ``digest.json`` and the feeds), keyed by its path under the output
    folder."""
    pages = render_pages(digest, settings, templates, jobs)
    return {path: data.decode("utf-8") for path, data in sorted(pages)}


def render_pages(
    digest: Digest,
    settings: Settings,
    templates: Path,
    jobs: int | None = None,
    reuse: Reuse | None = None,
) -> Iterator[tuple[str, bytes | Unchanged]]:
    """Every page as ``(path, UTF-8 bytes)``, rendered in ``jobs`` worker processes (default: one per
    core) and yielded as they come, so that the caller can write them while the rest are rendered.

    The shared pages are spread through the articles', biggest first, so that the workers share them.
    Pages are encoded where they are rendered: ``digest.json`` (60 MB at 10,000 articles) would
    otherwise be held by the main process as text, four bytes a character, as well as encoded.
    With ``reuse``, a page rendered from the same inputs by an earlier build is not rendered again:
    :data:`~digest.write.UNCHANGED` stands for its bytes (see :class:`Reuse`). Those of the article pages
    and of the pages made from stories (:attr:`Renderer.made_from`) are found here first, so that after a
    one-article change the few pages left are rendered without starting worker processes (see
    :data:`~digest.parallel.PARALLEL_FROM`).
    """
    renderer = Renderer(digest, settings, templates)
    articles = [article_page(a.id) for a in digest.articles]
    shared = list(renderer.shared)
    aside = []  # digest.json, joined from its kept parts while the pages are found unchanged or rendered
    if reuse is not None and reuse.fragments is not None and len(digest.articles) >= PARALLEL_FROM:
        shared.remove(export.FILENAME)
        aside.append((json_page, (digest, reuse.fragments)))
    with in_background(aside, jobs) as waiting:
        yield from _pages(renderer, digest, settings, templates, articles, shared, jobs, reuse)
        for wait in waiting:
            yield export.FILENAME, wait()


def json_page(digest: Digest, fragments: Path) -> bytes:
    """``digest.json``, from the parts kept in the memo at ``fragments`` (and kept there for the next)."""
    memo = Memo.open(fragments)
    data = export.to_json_bytes(digest, memo)
    memo.save()
    return data


def _pages(
    renderer: Renderer,
    digest: Digest,
    settings: Settings,
    templates: Path,
    articles: list[str],
    shared: list[str],
    jobs: int | None,
    reuse: Reuse | None,
) -> Iterator[tuple[str, bytes | Unchanged]]:
    if reuse is not None:
        inputs = PageInputs(digest, settings, templates)
        folders: dict[tuple[Path, str], bool] = {}
        found = {path: inputs.article(article_of_page(path)) for path in articles}
        found |= {path: inputs.made_from(path, parts()) for path, parts in renderer.made_from.items()}
        kept = set()
        for path, fingerprint in found.items():
            if reuse.holds(path, fingerprint, folders):
                reuse.memo.keep(fingerprint)
                kept.add(path)
                yield path, UNCHANGED
        articles = [path for path in articles if path not in kept]
        shared = [path for path in shared if path not in kept]
    tasks = _spread(shared, articles)
    for pages in parallel_map(PageWorker, (digest, settings, templates, reuse), tasks, jobs):
        for path, (data, remembered) in pages.items():
            if reuse is not None and remembered is not None:
                reuse.memo.put(*remembered)
            yield path, data


def _spread(few: list[str], many: list[str]) -> list[str]:
    """``many`` with ``few`` inserted at even intervals, the first of them first (workers take the
    tasks in chunks: the shared pages, a few of them heavy, should not all fall in one)."""
    step = max(1, len(many) // max(1, len(few)))
    spread: list[str] = []
    for i, task in enumerate(few):
        spread += [task, *many[i * step : (i + 1) * step]]
    return spread + many[len(few) * step :]


@dataclass(frozen=True)
class Reuse:
    """Pages an earlier build wrote that may be used again: the article pages and the :class:`View` pages.

    ``memo`` holds, by a fingerprint of everything such a page is rendered from (see
    :class:`PageInputs`; a view's fingerprint is that of the view), the SHA-256 of the page the last
    build wrote; ``output`` is where it was written. A page whose inputs have that fingerprint and whose
    file still has that hash is the page a render would give, so it is kept as it is, not rendered: after
    a one-article change, most pages. With ``untouched`` (the output folder is as the build that saved
    ``memo`` left it: see :func:`~digest.stamp.output_hash`), the files are not even read to be checked.
    ``fragments`` is where the parts of ``digest.json`` are kept (see :func:`~digest.export.to_json_bytes`),
    by the worker that writes it.
    """

    memo: Memo
    output: Path
    fragments: Path | None = None
    untouched: bool = False

    def holds(self, path: str, inputs: str, folders: dict[tuple[Path, str], bool] | None = None) -> bool:
        """Whether the output holds the page the last build rendered from ``inputs`` at ``path``."""
        if inputs not in self.memo:
            return False
        if self.untouched:
            return True
        expected = self.memo.stored(inputs)
        try:
            with open(safe_join(self.output, path, folders), "rb") as handle:
                data = handle.read()
        except (OSError, ValueError):
            return False
        return hashlib.sha256(data).hexdigest() == expected


class PageInputs:
    """Fingerprints of what pages are rendered from, for :class:`Reuse`."""

    def __init__(self, digest: Digest, settings: Settings, templates: Path) -> None:
        self.digest = digest
        self._article_hashes: dict[str, str] = {}
        self._story_hashes: dict[str, str] = {}
        template_files = sorted(p for p in templates.rglob("*") if p.is_file())
        self.shared = fingerprint(
            settings,
            digest.themes,
            digest.entities,
            digest.questions,
            digest.figure_notes,
            [(p.relative_to(templates).as_posix(), p.read_bytes()) for p in template_files],
        )
        """Code, settings, templates, themes, entities, the editors' questions and notes on figures: what
        every page may be rendered from."""

    def article(self, article_id: str) -> str:
        """A fingerprint of everything an article page is made from: the shared inputs, the article, its
        story (its key stands for its articles and all that was worked out from them) and the stories
        related to it (their ids, titles and dates).

        The article stands for its analysis, a function of it and the shared inputs alone (the analysis
        cache relies on that too). An article page must not show anything else of the digest;
        ``test_render`` checks that it renders the same from a digest holding nothing else.
        """
        story = self.digest.story_of(article_id)
        parts = (self.shared, self._article_hash(article_id), self._story_hash(story))
        return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()

    def _story_hash(self, story: Story) -> str:
        """A hash of what an article page shows of its story, and of the stories related to it (their
        ids, titles and dates): worked out once for all the articles of a story."""
        known = self._story_hashes.get(story.id)
        if known is None:
            related = tuple(
                (
                    r.story_id,
                    other.title,
                    other.first,
                    other.last,
                    len(other.articles),
                    r.shared_entities,
                    r.similarity,
                )
                for r in story.related
                for other in (self.digest.story(r.story_id),)
            )
            listed = tuple(self._article_hash(i) for i in story.articles)
            made = (
                story.id,
                story.title,
                story.first,
                story.last,
                story.outlets,
                story.outlet_unknown,
                story.republished,
                story.blogs,
                story.key or listed,
            )
            known = hashlib.sha256(repr((made, related)).encode("utf-8")).hexdigest()
            self._story_hashes[story.id] = known
        return known

    def view(self, path: str, view: View) -> str:
        """A fingerprint of a view page: of the view itself (its context and listings)."""
        return fingerprint(self.shared, path, view)

    def made_from(self, path: str, parts: object) -> str:
        """A fingerprint of a view page from ``parts``, what its view is made from (see
        :attr:`Renderer.made_from`), found without making the view."""
        return fingerprint(self.shared, path, "made from", parts)

    def _article_hash(self, article_id: str) -> str:
        """A hash of the article: its analysis key when it has one (which covers the article and all else
        its analysis is made from), else one computed once (each article is also the neighbour of a few)."""
        analysed = self.digest.article(article_id)
        if analysed.key:
            return analysed.key
        known = self._article_hashes.get(article_id)
        if known is None:
            encoded = serial.dumps(analysed.article)
            known = self._article_hashes[article_id] = hashlib.sha256(encoded).hexdigest()
        return known


class PageWorker:
    """Renders pages, encoded, in a worker process; with :class:`Reuse`, each article and view page comes
    with what the memo should remember of it: its inputs' fingerprint and its hash."""

    def __init__(self, digest: Digest, settings: Settings, templates: Path, reuse: Reuse | None) -> None:
        self.renderer = Renderer(digest, settings, templates)
        self.digest, self.reuse = digest, reuse
        self.folders: dict[tuple[Path, str], bool] = {}  # checked once per worker (see safe_join)
        self.inputs = PageInputs(digest, settings, templates)

    def __call__(self, path: str) -> dict[str, tuple[bytes | Unchanged, tuple[str, str] | None]]:
        views = self.renderer.views
        if path == export.FILENAME and self.reuse is not None and self.reuse.fragments is not None:
            return {path: (json_page(self.digest, self.reuse.fragments), None)}
        if self.reuse is None or (path in self.renderer.shared and path not in views):
            return {page: (text.encode("utf-8"), None) for page, text in self.renderer(path).items()}
        if path in views:
            made_from = self.renderer.made_from.get(path)
            view = None if made_from else views[path]()
            inputs = self.inputs.made_from(path, made_from()) if made_from else self.inputs.view(path, view)
            if self.reuse.holds(path, inputs, self.folders):
                return {path: (UNCHANGED, (inputs, self.reuse.memo.stored(inputs)))}  # type: ignore[dict-item]
            text = self.renderer.view(path, view or views[path]())
        else:  # an article page render_pages found it could not keep
            inputs = self.inputs.article(article_of_page(path))
            text = self.renderer.article(article_of_page(path))
        data = text.encode("utf-8")
        return {path: (data, (inputs, hashlib.sha256(data).hexdigest()))}


@dataclass(frozen=True)
class View:
    """A page made from a small part of the digest, all of which is here: its template is given
    ``context`` and functions that look up only ``listings`` (the articles it names), the themes and the
    entities, never the digest. So the page is the same whenever its view is, and a page an earlier build
    wrote from an equal view is reused (see :class:`Reuse`): the archive and the sources (each megabytes
    at 10,000 articles) are not rendered again when the text of an article changes. The pages made from
    stories (the home, a story's, a theme's or an entity's) are known by what they are made from instead
    (see :attr:`Renderer.made_from`), so that their views need not even be made when they are unchanged.
    """

    template: str
    title: str
    description: str
    context: dict[str, Any]
    listings: dict[str, Listing]
    feed: str = "all"
    """The feed the page's head links to: "all" or a theme id."""

    @classmethod
    def of(
        cls,
        template: str,
        title: str,
        description: str,
        context: dict[str, Any],
        named: Iterable[Article],
        feed: str = "all",
    ) -> View:
        listings = {a.id: Listing.of(a) for a in named}
        return cls(template, title, description, context, listings, feed)


class Renderer:
    """The template environment and the digest: renders one page at a time."""

    def __init__(self, digest: Digest, settings: Settings, templates: Path) -> None:
        self.digest, self.settings, self.templates = digest, settings, templates
        self.env = environment(templates)
        self.matcher = EntityMatcher(digest.entities)
        self._listings: dict[str, Listing] = {}
        # What a view's functions may look up besides its listings: the themes and entities.
        self._names = Digest((), digest.themes, digest.entities)
        self.made_from: dict[str, Callable[[], object]] = {}
        """For the pages made from stories, what each is made from, found without making its view (the
        keys of its stories stand for their articles and all found in them): a page whose parts are
        those of the page the last build wrote is kept without reading a single analysis."""
        self.views, self.archive_years = self._views()
        self.shared = self._shared_pages()

    def __call__(self, path: str) -> dict[str, str]:
        """The page at ``path`` (an article's or one of :attr:`shared`), or the files of a shared task."""
        if path in self.shared:
            return self.shared[path]()
        return {path: self.article(article_of_page(path))}

    def page(
        self, path: str, template: str, title: str, description: str, feed: str = "all", **context: Any
    ) -> str:
        helpers = _helpers(self.digest, self.listed, path, self.matcher)
        body = self.env.get_template(template).render(
            digest=self.digest, settings=self.settings, **helpers, **context
        )
        return front_matter(title, description, feed, boost=path.startswith("themes/")) + body

    def view(self, path: str, view: View) -> str:
        """The page of a :class:`View`: its template sees the view, never the digest."""
        helpers = _helpers(self._names, view.listings.__getitem__, path, self.matcher)
        body = self.env.get_template(view.template).render(settings=self.settings, **helpers, **view.context)
        return front_matter(view.title, view.description, view.feed, boost=path.startswith("themes/")) + body

    def listed(self, article_id: str) -> Listing:
        listing = self._listings.get(article_id)
        if listing is None:
            listing = self._listings[article_id] = Listing.of(self.digest.article(article_id).article)
        return listing

    def article(self, article_id: str) -> str:
        analysed = self.digest.article(article_id)
        story = self.digest.story_of(article_id)
        questions = [q for q in self.digest.questions if q.story in (None, story.id)]
        notes = [n for n in self.digest.figure_notes if n.story in (None, story.id)]
        others = [i for i in reversed(story.articles) if i != article_id]
        return self.page(
            article_page(article_id),
            "article.md.j2",
            analysed.article.title,
            " ".join(analysed.editorial_summary or [s.text for s in analysed.summary]),
            a=analysed,
            article=analysed.article,
            story=self._card(story),
            more=others[:MORE_ON_THE_STORY],
            more_left=max(0, len(others) - MORE_ON_THE_STORY),
            stance=stance_of(analysed, questions, notes),
            related=[(r, self._card(self.digest.story(r.story_id))) for r in story.related],
            search_meta=[
                ("kind", "Article"),
                ("outlet", analysed.article.source_label),
                ("date", format_date(analysed.article.date)),
                ("story", story.title),
            ],
            search_filters=[
                ("outlet", analysed.article.source_label),
                ("year", analysed.article.date.year if analysed.article.date else None),
                *(("theme", self.digest.theme(t).title) for t in analysed.theme_ids),
            ],
        )

    def _shared_pages(self) -> dict[str, Callable[[], dict[str, str]]]:
        """Every file but the article pages, by path, each made by a function (run where it is needed: in
        a worker); the biggest first (at 10,000 articles the archive and the sources are a few megabytes
        each)."""
        digest, settings = self.digest, self.settings
        shared: dict[str, Callable[[], dict[str, str]]] = {
            path: functools.partial(lambda path, view: {path: self.view(path, view())}, path, view)
            for path, view in self.views.items()
        }

        def add(
            path: str,
            template: str,
            title: str,
            description: str,
            context: Callable[[], dict[str, Any]] = dict,
            feed: str = "all",
        ) -> None:
            shared[path] = lambda: {path: self.page(path, template, title, description, feed, **context())}

        shared[export.FILENAME] = lambda: {export.FILENAME: export.to_json(digest)}
        shared[feeds.FEEDS_DIR] = lambda: feeds.render_feeds(digest, settings.site_url, settings.site_title)
        add(
            THEMES,
            "themes.md.j2",
            "Themes",
            "What the sources say, grouped by theme.",
            lambda: {"themes": [(t, len(digest.stories_on(t.id))) for t in digest.themes]},
        )
        add(
            ENTITIES,
            "entities.md.j2",
            "Who and what is named",
            "The people, organisations, products and laws the sources name.",
            lambda: {"groups": entity_groups(digest)},
        )
        return shared

    def _views(self) -> tuple[dict[str, Callable[[], View]], list[Year]]:
        """The shared pages made from a :class:`View`, by path, each view made where it is needed; and the
        archive's pages per year, when it has them, which the home page links (see :func:`_by_year`)."""
        digest, settings = self.digest, self.settings
        limit = settings.listing_limit

        def archive(
            members: Sequence[Story], years: Sequence[Year] = (), year: int | None = None, top: str = ""
        ) -> View:
            if not top:
                title, description = (
                    "Every story",
                    "Every story of the digest, newest first, with its articles.",
                )
            elif year:
                title, description = f"Stories of {year}", f"Every story of {year}, newest first."
            else:
                title = description = "Stories whose date is not known"
            listed = [self._card(story) for story in members]
            newest = {story.id: list(reversed(story.articles)) for story in members}
            context = {
                "title": title,
                "stories": listed,
                "story_articles": newest,
                "years": years,
                "top": top,
            }
            named = (digest.article(i).article for story in members for i in story.articles)
            return View.of("archive.md.j2", title, description, context, named)

        def sources() -> View:
            listed = [Listing.of(a.article) for a in digest.articles]
            shown = settings.articles_listed if len(listed) > limit else len(listed)
            by_outlet = [
                (outlet, _authors(members), members[:shown], len(members))
                for outlet, members in outlets(listed)
            ]
            return View(
                "sources.md.j2",
                "Sources",
                "Every outlet and author in the digest.",
                {"outlets": by_outlet},
                {},
            )

        views: dict[str, Callable[[], View]] = {INDEX: self._home_view, SOURCES: sources}
        archive_views, archive_years = _by_year(ARCHIVE, digest.stories, lambda s: s.last, limit, archive)
        views |= archive_views
        self.made_from[INDEX] = lambda: self._home_parts(archive_years)
        for story in digest.stories:
            views[story_page(story.id)] = functools.partial(self._story_view, story)
            self.made_from[story_page(story.id)] = functools.partial(self._story_parts, story)
        per_page = settings.stories_per_page
        for theme in digest.themes:
            pages = _paged(digest.stories_on(theme.id), per_page)
            for number in range(1, len(pages) + 1):
                path = theme_page(theme.id, number)
                views[path] = functools.partial(self._theme_view, theme, pages, number)
                self.made_from[path] = functools.partial(self._page_parts, theme, pages, number, ())
        for entity in digest.entities:
            pages = _paged(digest.stories_naming(entity.id), per_page)
            for number in range(1, len(pages) + 1):
                path = entity_page(entity.id, number)
                views[path] = functools.partial(self._entity_view, entity, pages, number)
                self.made_from[path] = functools.partial(self._page_parts, entity, pages, number, entity.id)
        if not all(s.key for s in digest.stories):  # not made by link(): every view is fingerprinted whole
            self.made_from.clear()
        return views, archive_years

    def _home_parts(self, archive_years: Sequence[Year]) -> object:
        digest, settings = self.digest, self.settings
        latest = [(s.key, self._card(s)) for s in digest.stories[: settings.latest_stories]]
        themes = [(theme, len(digest.stories_on(theme.id))) for theme in digest.themes]
        counts = (len(digest.stories), len(digest.articles))
        return latest, themes, counts, key_entities(digest, settings.key_entities), archive_years

    def _story_parts(self, story: Story) -> object:
        return story.key, [(r, self._card(self.digest.story(r.story_id))) for r in story.related]

    def _page_parts(
        self, subject: object, pages: Sequence[Sequence[Story]], number: int, entity_id: str | tuple[()]
    ) -> object:
        """A theme's or entity's page of stories: the subject, where the page is, its stories' keys (and on
        an entity's first page, the entities named with it)."""
        shown = pages[number - 1] if pages else ()
        named_with = self._named_with[entity_id] if entity_id and number == 1 else ()
        stories = [(s.key, self._card(s)) for s in shown]
        counts = (number, len(pages), sum(len(p) for p in pages), len(self.digest.stories))
        return subject, counts, stories, named_with

    def _card(self, story: Story) -> StoryCard:
        """What a list of stories shows of one: its title and dates, its count of articles and outlets."""
        return StoryCard(
            story.id,
            story.title,
            story.first,
            story.last,
            len(story.articles),
            story.outlets,
            story.outlet_unknown,
            story.republished,
            story.blogs,
        )

    def _home_view(self) -> View:
        """The home page: the latest stories, each with its brief; the themes; who is involved."""
        digest, settings = self.digest, self.settings
        latest = digest.stories[: settings.latest_stories]
        briefs = [(self._card(s), digest.compared_in(s).overview[: settings.brief_sentences]) for s in latest]
        themes = [(theme, len(digest.stories_on(theme.id))) for theme in digest.themes]
        involved = key_entities(digest, settings.key_entities)
        context = {
            "latest": briefs,
            "stories": len(digest.stories),
            "articles": len(digest.articles),
            "themes": themes,
            "key_entities": involved,
            "archive_years": self.archive_years,
        }
        named = {i for _card, brief in briefs for i in _cited(brief)}
        return View.of(
            "home.md.j2",
            settings.site_title,
            settings.story or settings.site_title,
            context,
            [digest.article(i).article for i in sorted(named)],
        )

    def _story_view(self, story: Story) -> View:
        """A story's page: what happened, where its sources disagree, its key figures, its timeline, its
        articles and the stories related to it."""
        digest, settings = self.digest, self.settings
        compared = digest.compared_in(story)
        cited = [c.cited for c in compared.overview]
        related = [(r, self._card(digest.story(r.story_id))) for r in story.related]
        context = {
            "story": self._card(story),
            "overview": compared.overview,
            "citations": Citations.of(cited, settings.sources_named),
            "disputed": compared.disagreements,
            "figures": compared.figures,
            "context": compared.context,
            "events": compared.timeline,
            "articles": [Listing.of(digest.article(i).article) for i in reversed(story.articles)],
            "related": related,
            "search_filters": _story_filters(digest, story),
        }
        brief = " ".join(c.sentence.text for c in compared.overview[: settings.brief_sentences])
        return View.of(
            "story.md.j2",
            story.title,
            brief or story.title,
            context,
            [digest.article(i).article for i in story.articles],
        )

    def _theme_view(self, theme: Theme, pages: Sequence[Sequence[Story]], number: int) -> View:
        """A page of a theme's stories, newest first: each with what its articles say on the theme (of the
        sentences other pages may quote, those of its passages on the theme: see :mod:`digest.quotas`;
        each text quoted once: see :func:`quoted_once`)."""
        digest = self.digest
        stories = pages[number - 1] if pages else ()
        quoted = []
        for story in stories:
            found = quoted_once(
                (Listing.of(digest.article(i).article), *self._quotes(i, theme_id=theme.id))
                for i in self._quoted_first(story)
            )
            quoted.append((self._card(story), _first_quoted(found)))
        context = {
            "theme": theme,
            "stories": quoted,
            "page": Page.of(theme_page(theme.id), number, len(pages)),
            "on_theme": sum(len(p) for p in pages),
            "all_stories": len(digest.stories),
        }
        named = [q.of for _card, quotes in quoted for q in quotes]
        title = theme.title if number == 1 else f"{theme.title} (page {number})"
        return View("theme.md.j2", title, theme.description, context, {a.id: a for a in named}, theme.id)

    def _quoted_first(self, story: Story) -> list[str]:
        """The story's newest articles (:data:`QUOTED_FROM`), newest first, but each republished copy after
        the articles of news outlets and blogs: what a copy and its original both say is quoted from the
        original, and the copy says it repeats it."""
        newest = [self.digest.article(i).article for i in story.articles[::-1][:QUOTED_FROM]]
        return [a.id for a in sorted(newest, key=lambda a: bool(a.copy_of) or a.source_kind == "republished")]

    def _quotes(
        self, article_id: str, theme_id: str | None = None, entity_id: str | None = None
    ) -> tuple[tuple[Sentence, ...], int]:
        """What a theme's or an entity's page quotes of an article: see :func:`digest.quotas.quotes_of`."""
        analysed = self.digest.article(article_id)
        allowed = self._quotable(article_id)
        if theme_id is not None:
            blocks = frozenset(p.block for p in _passages_on(analysed, theme_id))
            return quotes_of(analysed, allowed, blocks=blocks) if blocks else ((), 0)
        return quotes_of(analysed, allowed, entity_id=entity_id)

    @functools.cache  # noqa: B019 (one renderer per build; an article is quoted on several pages)
    def _quotable(self, article_id: str) -> frozenset[int]:
        story = self.digest.story_of(article_id)
        return quotable(self.digest.article(article_id), self.digest.compared_in(story))

    @functools.cached_property
    def _named_with(self) -> dict[str, list[tuple[Entity, int]]]:
        return co_occurring(self.digest)

    def _entity_view(self, entity: Entity, pages: Sequence[Sequence[Story]], number: int) -> View:
        """A page of the stories naming an entity, newest first: each with the sentences of its newest
        articles that name it (of those other pages may quote: see :mod:`digest.quotas`; each text quoted
        once: see :func:`quoted_once`)."""
        digest = self.digest
        stories = pages[number - 1] if pages else ()
        quoted = []
        for story in stories:
            mentions = quoted_once(
                (Listing.of(digest.article(i).article), *self._quotes(i, entity_id=entity.id))
                for i in self._quoted_first(story)
            )
            quoted.append((self._card(story), _first_quoted(mentions)))
        context = {
            "entity": entity,
            "stories": quoted,
            "page": Page.of(entity_page(entity.id), number, len(pages)),
            "named_by": sum(len(p) for p in pages),
            "all_stories": len(digest.stories),
            "named_with": self._named_with[entity.id] if number == 1 else [],
        }
        named = [q.of for _card, quotes in quoted for q in quotes]
        description = entity.description or f"What the sources say about {entity.name}."
        title = entity.name if number == 1 else f"{entity.name} (page {number})"
        return View("entity.md.j2", title, description, context, {a.id: a for a in named})


MORE_ON_THE_STORY = 10
"""Other articles of its story an article's page lists (the newest); the story's page lists them all."""
QUOTED_ARTICLES = 2
"""Articles of a story a theme or entity page quotes (the newest that say something on it, republished
copies after the others)."""
QUOTED_FROM = 10
"""Articles of a story (its newest) a theme or entity page looks through for those: a story of hundreds
of articles is not read whole for two quotes."""


class StoryCard(NamedTuple):
    """A story as a list shows it: its page, title, dates and counts, never what it says."""

    id: str
    title: str
    first: dt.date | None
    last: dt.date | None
    articles: int
    outlets: int
    outlet_unknown: int
    republished: int
    blogs: int


class Page(NamedTuple):
    """Which page of a paged listing this is, and where the others are."""

    number: int
    count: int
    pages: tuple[str, ...]
    """The path of each page, the first first."""

    @classmethod
    def of(cls, first: str, number: int, count: int) -> Page:
        return cls(number, count, tuple(numbered(first, n) for n in range(1, max(count, 1) + 1)))


def _paged(stories: Sequence[Story], per_page: int) -> list[Sequence[Story]]:
    """``stories`` in pages of ``per_page`` (one empty page when there are none)."""
    return [stories[i : i + per_page] for i in range(0, len(stories), per_page)] or [()]


def _passages_on(analysed: AnalysedArticle, theme_id: str) -> tuple[Passage, ...]:
    return tuple(p for m in analysed.themes if m.theme_id == theme_id for p in m.passages)


class Quoted(NamedTuple):
    """What a page quotes of one article (``of``): the ``quotes`` that no quote above it gave word for
    word, how many others it has (``repeated``), and how many more sentences on the subject it has that
    the page does not quote (``more``: they are in the original)."""

    of: Any
    quotes: tuple[Sentence, ...]
    repeated: int
    more: int = 0


def quoted_once(blocks: Iterable[tuple[Any, Sequence[Sentence], int]]) -> list[Quoted]:
    """Each block of quotes (newest article first) without those whose text the page already quotes.

    Syndicated copies of one story are kept (see :mod:`digest.duplicates`), and an entity or theme page
    would otherwise show their words once per copy."""
    seen: set[str] = set()
    quoted = []
    for of, quotes, more in blocks:
        fresh = []
        for quote in quotes:
            if quote.text not in seen:
                seen.add(quote.text)
                fresh.append(quote)
        quoted.append(Quoted(of, tuple(fresh), len(quotes) - len(fresh), more))
    return quoted


def _story_filters(digest: Digest, story: Story) -> list[tuple[str, object]]:
    """What a story's page is found by in search's filters: its years, its themes, its outlets."""
    articles = [digest.article(i) for i in story.articles]
    years = sorted({a.article.date.year for a in articles if a.article.date})
    themes = [t.title for t in digest.themes if any(t.id in a.theme_ids for a in articles)]
    outlets = sorted({a.article.source_label for a in articles})
    return [*(("year", y) for y in years), *(("theme", t) for t in themes), *(("outlet", o) for o in outlets)]


def _first_quoted(found: Sequence[Quoted]) -> list[Quoted]:
    """The first ``QUOTED_ARTICLES`` articles that have something to say on the page's subject."""
    return [q for q in found if q.quotes or q.repeated or q.more][:QUOTED_ARTICLES]


DESCRIPTION_CHARS = 300
"""Search engines and link previews show about this much of a description."""


def front_matter(title: str, description: str = "", feed: str = "all", boost: bool = False) -> str:
    """The page's front matter: title and description HTML-escaped, and which feed its head links to.

    MkDocs would take the title from the page's first heading and Material prints it into ``<title>``
    through ``striptags``, which turns ``&lt;`` back into ``<``: a title could close the element and
    open a script. Material (and our ``overrides/main.html``) print front-matter values as they are, in
    elements and attributes, so escaped ones stay text.
    """
    text = " ".join(description.split())
    if len(text) > DESCRIPTION_CHARS:
        text = text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"
    meta = {
        "title": html.escape(" ".join(title.split()), quote=True),
        "description": html.escape(text, quote=True),
    }
    meta["feed"] = feed  # a theme id (a checked slug) or "all"
    if boost:  # theme pages gather what every source says on a subject: rank them first in search
        meta["search"] = {"boost": 2}
    dumped = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, width=10_000, sort_keys=False)
    return f"---\n{dumped}---\n\n"


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""LibYAML's emitter when PyYAML was built with it (its wheels are): the same YAML, ten times faster."""


def _helpers(
    digest: Digest, listed: Callable[[str], Listing], current: str, matcher: EntityMatcher
) -> dict[str, Callable[..., Any]]:
    """Functions the templates call; links are made relative to the page being rendered. Articles are
    looked up by ``listed`` (their :class:`Listing`), themes and entities in ``digest``."""
    here = posixpath.dirname(current)

    def with_entity_links(text: str, section: Section) -> Markdown:
        """``text``, escaped, with the first mention in ``section`` of each entity linked to its page."""
        pieces, position = [], 0
        for start, end, entity_id in matcher.spans(text):
            if entity_id in section.linked:
                continue
            section.linked.add(entity_id)
            pieces += [escape(text[position:start]), link(text[start:end], to(entity_page(entity_id)))]
            position = end
        pieces.append(escape(text[position:]))
        return Markdown("".join(pieces))

    def to(target: str) -> str:
        return relative(target, here)

    def link_article(article: Article | Listing, text: str | None = None) -> Markdown:
        return link(
            text or article.title,
            to(article_page(article.id)),
            f"{article.source_label}, {format_date(article.date)}",
        )

    def link_theme(theme_id: str, text: str | None = None) -> Markdown:
        theme = digest.theme(theme_id)
        return link(text or theme.title, to(theme_page(theme_id)))

    def link_entity(entity_id: str, text: str | None = None) -> Markdown:
        entity = digest.entity(entity_id)
        return link(text or entity.name, to(entity_page(entity_id)))

    def link_page(path: str, text: str) -> Markdown:
        return link(text, to(path))

    def link_story(story: Story | StoryCard, text: str | None = None) -> Markdown:
        return link(text or story.title, to(story_page(story.id)), period(story.first, story.last))

    def link_disputed(question: str, story: StoryCard | None = None) -> Markdown:
        """ "Disputed", to where the story's page sets out the versions (the question in its tooltip)."""
        page = to(story_page(story.id)) if story else ""
        return link("Disputed", f"{page}#{DISAGREEMENTS_ANCHOR}", question)

    def cite(article_ids: Sequence[str], citations: Citations) -> Markdown:
        parts = []
        for article_id in article_ids[: citations.shown]:
            article = listed(article_id)
            number = citations.numbers[article_id]
            tooltip = f"{article.source_label}: {article.title}"
            cited = link(f"[{number}]", to(article_page(article_id)), tooltip)
            parts.append(labelled(cited, f"source {number}"))
        if len(article_ids) > citations.shown:
            parts.append(f" and {len(article_ids) - citations.shown} more")
        return Markdown("".join(parts))

    def sources_of(article_ids: Sequence[str]) -> list[str]:
        """The outlets (or sites, or authors) of the articles, each once, in order."""
        return list(dict.fromkeys(listed(article_id).source_label for article_id in article_ids))

    def original(article: Article | Listing, sentence: Sentence | None = None, text: str = "↗") -> Markdown:
        """A link to the original page, at ``sentence`` when given; empty when no URL is known."""
        if not article.url:
            return Markdown("")
        target = text_fragment(article.url, sentence.text) if sentence else article.url
        title = (
            "Find this sentence in the original" if sentence else f"The original at {article.source_label}"
        )
        if text != "↗":
            return link(text, target, title)
        label = "this sentence in the original" if sentence else "the original"
        return labelled(link(text, target, title), label)

    return {
        "with_entity_links": with_entity_links,
        "new_section": Section,
        "link_article": link_article,
        "link_theme": link_theme,
        "link_entity": link_entity,
        "link_page": link_page,
        "link_story": link_story,
        "link_disputed": link_disputed,
        "cite": cite,
        "listed": listed,
        "sources_of": sources_of,
        "original": original,
        "entity_named": digest.entity,
    }


@functools.lru_cache(maxsize=65536)
def relative(target: str, folder: str) -> str:
    """``posixpath.relpath(target, folder)`` for paths inside the output folder, without the file system.

    (``relpath`` asks for the working directory on every call: a tenth of the rendering time.)
    """
    path, start = target.split("/"), folder.split("/") if folder else []
    common = 0
    while common < len(start) and common < len(path) - 1 and start[common] == path[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + path[common:])


def _cited(overview: Sequence[CitedSentence]) -> set[str]:
    """The articles an overview's sentences come from or cite."""
    return {i for c in overview for i in (c.sentence.article_id, *c.cited)}


def key_entities(digest: Digest, limit: int) -> list[tuple[Entity, int]]:
    """People and organisations named in the most stories."""
    counts = {e.id: len(digest.stories_naming(e.id)) for e in digest.entities}
    people = [e for e in digest.entities if e.type in (EntityType.PERSON, EntityType.ORGANISATION)]
    ranked = sorted(((e, counts[e.id]) for e in people if counts[e.id]), key=lambda p: (-p[1], p[0].name))
    return ranked[:limit]


def entity_groups(digest: Digest) -> list[tuple[EntityType, list[tuple[Entity, int]]]]:
    counts = Counter(eid for a in digest.articles for eid in a.entity_ids)
    groups = []
    for kind in EntityType:
        members = sorted(
            (e for e in digest.entities if e.type is kind), key=lambda e: (-counts[e.id], e.name)
        )
        if members:
            groups.append((kind, [(e, counts[e.id]) for e in members]))
    return groups


def co_occurring(digest: Digest, limit: int = 8) -> dict[str, list[tuple[Entity, int]]]:
    """For each entity, the entities named in the same articles, with how many, most shared first.

    Counted for all at once, as the product of the article-by-entity incidence matrix with itself: per
    entity, a pass over the articles naming it took most of the entity pages' time at 10,000 articles.
    """
    entities = digest.entities
    column = {e.id: i for i, e in enumerate(entities)}
    named = np.zeros((len(digest.articles), len(entities)), dtype=np.int32)
    for row, article in enumerate(digest.articles):
        named[row, [column[e] for e in article.entity_ids if e in column]] = 1
    shared = named.T @ named
    result = {}
    for i, entity in enumerate(entities):
        others = [(int(shared[i, j]), other) for j, other in enumerate(entities) if j != i and shared[i, j]]
        others.sort(key=lambda pair: (-pair[0], pair[1].name))
        result[entity.id] = [(other, count) for count, other in others[:limit]]
    return result


class Year(NamedTuple):
    """One year's page of a listing split by year (see :func:`_by_year`); ``year`` is None for undated
    articles."""

    page: str
    year: int | None
    count: int

    @property
    def label(self) -> str:
        return str(self.year) if self.year else "Date not known"


def _by_year(
    top: str,
    items: Sequence[T],
    date_of: Callable[[T], dt.date | None],
    limit: int,
    view: Callable[..., View],
) -> tuple[dict[str, Callable[[], View]], list[Year]]:
    """The views of a listing (the archive, the timeline) by path, and its pages per year: ``top`` alone,
    made by ``view`` from all ``items``, while there are at most ``limit``; above, ``top`` links to a page
    per year (``archive/2025.md``, and ``archive/undated.md``), each made by ``view`` from that year's
    items, so that no page grows past a year's worth."""
    if len(items) <= limit:
        return {top: functools.partial(view, items)}, []
    groups: dict[int | None, list[T]] = {}
    for item in items:
        date = date_of(item)
        groups.setdefault(date.year if date else None, []).append(item)
    folder = top.removesuffix(".md")
    years = [Year(f"{folder}/{year or 'undated'}.md", year, len(members)) for year, members in groups.items()]
    views = {top: functools.partial(view, (), years=years)}
    for year, members in zip(years, groups.values(), strict=True):
        views[year.page] = functools.partial(view, members, year=year.year, top=top)
    return views, years


def _authors(articles: Sequence[Listing]) -> list[str]:
    """The authors of ``articles``, each once (whatever its case), in their order."""
    authors: dict[str, str] = {}
    for a in articles:
        if a.author:
            authors.setdefault(a.author.casefold(), a.author)
    return list(authors.values())


def outlets(articles: Sequence[Listing]) -> list[tuple[str | None, list[Listing]]]:
    """Articles grouped by source: news outlets alphabetically, then the republished copies by the site
    that republished them, the blogs, and last the articles whose outlet is not known (``None``)."""
    groups: dict[tuple[int, str], list[Listing]] = {}
    kinds = list(SOURCE_KINDS)
    for a in articles:
        known = a.source_label != UNKNOWN_OUTLET
        key = (kinds.index(a.source_kind), a.source_label.lower()) if known else (len(kinds), "")
        groups.setdefault(key, []).append(a)
    return [(groups[k][0].source_label if k[0] < len(kinds) else None, groups[k]) for k in sorted(groups)]
