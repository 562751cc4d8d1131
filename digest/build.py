"""The build: content/ in, generated Markdown and digest.json out.

Like MkDocs' own ``build()``, a short script of named phases in a fixed order. Everything is gathered
and checked before anything is rendered, and pages are rendered into a staging folder that replaces the
output only once complete: a build that fails leaves the previous output as it was.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.analyse import begin_analysis, untracked_names_in
from digest.cache import CACHE_DIR, Cache, FileHashes, Memo, committed_cache, forget_old_formats
from digest.clean import clean_article
from digest.duplicates import near_duplicates
from digest.entities import EntityMatcher, recurring_names
from digest.errors import DigestError, Problem, Severity, failing
from digest.link import link
from digest.load import load_content
from digest.lock import build_lock
from digest.model import Article, Content, Digest, Entity, TermCounts
from digest.parallel import PARALLEL_FROM, in_background, parallel_map
from digest.progress import Progress
from digest.render import Reuse, render_pages
from digest.settings import SETTINGS_FILE, Settings, load_settings
from digest.stamp import Stamp, file_hashes, input_hash, output_hash, untouched, write_stamp
from digest.stories import unsuffixed
from digest.textstats import article_terms
from digest.write import WriteReport, foreign_files, write_pages

TEMPLATES_DIR = "templates"
CHECK_MEMO = "checked.memo"
PAGES_MEMO = "pages.memo"
LINK_MEMO = "linked.memo"
JSON_MEMO = "json.memo"
OUTLINES_MEMO = "outlines.memo"


@dataclass(frozen=True)
class BuildResult:
    digest: Digest
    warnings: tuple[Problem, ...]
    report: WriteReport
    output: Path


def today() -> dt.date:
    """Today, by the clock: only validation uses it (a date in the future is an error), never the output.

    Not ``SOURCE_DATE_EPOCH``: that is the last commit's time, before an article written today.
    """
    return dt.datetime.now(tz=dt.UTC).date()


def check(
    root: Path, memo: Path | None = None, jobs: int | None = None
) -> tuple[Settings, Content, tuple[Problem, ...]]:
    """Load settings and content; return them with every problem found (errors and warnings).

    Article files are parsed, and their texts read (see :class:`TextCheck`), in ``jobs`` processes (one
    per core by default). With ``memo`` (a file), what was found in each file is kept there and reused
    while the file is unchanged (see :func:`check_files`).
    """
    settings, content, problems = check_files(root, memo, jobs)
    findings = parallel_map(TextCheck, (content.entities,), content.articles, jobs)
    return settings, content, committed_cache(root) + problems + text_problems(content, list(findings))


def check_files(
    root: Path, memo: Path | None = None, jobs: int | None = None, hashes: FileHashes | None = None
) -> tuple[Settings, Content, tuple[Problem, ...]]:
    """:func:`check` but for what only reading the articles' texts finds (:func:`text_problems`).

    Each file's parsed front matter and problems are kept in ``memo`` when given, and reused while its
    bytes (known by their hash, from ``hashes``), path and context (today, the theme ids) are unchanged.
    """
    remembered = Memo.open(memo)
    settings = load_settings(root / SETTINGS_FILE, root)
    content, problems = load_content(root / settings.content_dir, root, today(), remembered, jobs, hashes)
    remembered.save()
    return settings, content, problems + _claims_about_nothing(root, settings, content)


@dataclass(frozen=True)
class TextFindings:
    """What the checks find in an article's text: the terms near-duplicates are found by, and the names
    it uses that ``entities.yml`` does not track. The analysis finds both too
    (:attr:`~digest.model.AnalysedArticle.terms`, :attr:`~digest.model.AnalysedArticle.untracked_names`).
    """

    terms: TermCounts
    names: tuple[str, ...]


class TextCheck:
    """Reads an article's text for :class:`TextFindings` as its analysis does (in a worker process)."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.matcher = EntityMatcher(entities)

    def __call__(self, article: Article) -> TextFindings:
        blocks = clean_article(article)
        return TextFindings(article_terms(blocks), untracked_names_in(blocks, self.matcher))


def text_problems(content: Content, findings: Sequence[TextFindings]) -> tuple[Problem, ...]:
    """Warnings for near-duplicate texts and notes on untracked names, from each article's findings (in
    the order of ``content.articles``)."""
    articles = content.articles
    by_id = dict(zip((a.id for a in articles), findings, strict=True))
    return near_duplicates(articles, {i: f.terms for i, f in by_id.items()}) + untracked_name_notes(
        content, {i: frozenset(f.names) for i, f in by_id.items()}
    )


def compare_texts(articles: Sequence[Article], terms: Sequence[TermCounts]) -> tuple[Problem, ...]:
    """The near-duplicate warnings among all articles, drafts too, from their terms (each article's, in
    order): run in a worker while the rest is linked."""
    return near_duplicates(articles, dict(zip((a.id for a in articles), terms, strict=True)))


def untracked_name_notes(content: Content, names: dict[str, frozenset[str]]) -> tuple[Problem, ...]:
    """Notes suggesting names that two or more sources use (``names``: each article's, by id) but
    ``entities.yml`` does not track."""
    if not content.entities:
        return ()
    path = (
        f"{Path(content.articles[0].path).parent.parent.as_posix()}/entities.yml" if content.articles else ""
    )
    return tuple(
        Problem(
            path,
            1,
            "entities",
            f"'{name}' is named by {len(ids)} articles ({_some(ids)}); add it if the digest should track it",
            Severity.NOTE,
        )
        for name, ids in recurring_names(names)
    )


def _claims_about_nothing(root: Path, settings: Settings, content: Content) -> tuple[Problem, ...]:
    """Warnings for the questions and notes of ``claims.yml`` whose ``story:`` names neither an article
    nor a story an article is pinned to: a story's id is one of those, so this is a typo, and what the
    check can tell before the articles are grouped (see :func:`_unknown_stories` for the rest)."""
    names = _story_names(content)
    return _claims_about(root, settings, content, lambda story: unsuffixed(story) not in names, "")


def _unknown_stories(root: Path, settings: Settings, content: Content, digest: Digest) -> tuple[Problem, ...]:
    """Warnings for the questions and notes of ``claims.yml`` about an article that begins no story (it
    joined another): found only once the articles are grouped, so by a build, not a check."""
    names = _story_names(content)
    known = {s.id for s in digest.stories}
    return _claims_about(
        root,
        settings,
        content,
        lambda story: story not in known and unsuffixed(story) in names,
        "; that article is part of a story with another id",
    )


def _story_names(content: Content) -> set[str]:
    """What a story's id can be (but for a suffix that tells two apart): an article's id, or a pin."""
    return {a.id for a in content.articles} | {a.story for a in content.articles if a.story}


def _claims_about(
    root: Path, settings: Settings, content: Content, wrong: Callable[[str], bool], why: str
) -> tuple[Problem, ...]:
    """A warning on each line of ``claims.yml`` whose ``story:`` is ``wrong``."""
    asked = [*(q.story for q in content.questions), *(n.story for n in content.figure_notes)]
    unknown = sorted({s for s in asked if s is not None and wrong(s)})
    if not unknown:
        return ()
    claims = root / settings.content_dir / "claims.yml"
    lines = claims.read_text(encoding="utf-8").splitlines() if claims.is_file() else []
    return tuple(
        Problem(
            claims.relative_to(root).as_posix(),
            line,
            "story",
            f"no story has the id '{story}'{why}; see the stories' pages for their ids (the end of their"
            " address)",
            Severity.WARNING,
        )
        for story in unknown
        for line in _lines_naming(lines, story) or [1]
    )


def _lines_naming(lines: Sequence[str], story: str) -> list[int]:
    """The numbers of the lines that say ``story: <story>`` (quoted or not)."""
    pattern = re.compile(r"\s*(?:-\s*)?story:\s*([\"']?)" + re.escape(story) + r"\1\s*(?:#.*)?")
    return [number for number, line in enumerate(lines, 1) if pattern.fullmatch(line)]


def _not_ours(output_dir: str, foreign: Sequence[str]) -> Problem:
    message = (
        f"holds files no build wrote ({_some(tuple(foreign))}), and the build replaces this folder whole; "
        "move them, or set output_dir in digest.yml to a folder of its own"
    )
    return Problem(output_dir, 1, "output_dir", message)


def _some(ids: tuple[str, ...], shown: int = 3) -> str:
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more


@contextlib.contextmanager
def _cycle_collector(paused: bool) -> Iterator[None]:
    """Python's cycle collector paused (or told to skip every object that exists now) for a while.

    Each full collection walks every object allocated so far; at 10,000 articles that more than doubled
    the time to load the analysis cache and made the check a quarter slower. The pipeline's own data
    (frozen dataclasses, tuples, strings) holds no reference cycles, so nothing is lost while the
    collector is paused, and what was made meanwhile is then frozen (:func:`gc.freeze`) for the rest of
    the build: re-enabled, the collector's first collection walked the whole digest (a second at 10,000
    articles). Rendering templates does leave cycles (Jinja's contexts), so while pages are rendered it
    collects, but only among objects made since. :func:`build` unfreezes everything when it ends.
    """
    enabled = gc.isenabled()
    if paused:
        gc.disable()
    else:
        gc.freeze()
    try:
        yield
    finally:
        if paused:
            gc.freeze()
        if enabled:
            gc.enable()


def build(
    root: Path,
    strict: bool = False,
    use_cache: bool = True,
    jobs: int | None = None,
    progress: Progress | None = None,
    inputs: str | None = None,
) -> BuildResult:
    """Run the whole pipeline under ``root``; raise :class:`DigestError` (writing nothing) on bad input.

    With ``strict``, warnings (such as an unknown author) fail the build too. ``jobs`` worker processes
    analyse the articles the cache does not hold (default: one per core). With ``use_cache``, the
    analysis cache and the build stamp (:mod:`digest.stamp`) are kept in ``.cache/digest/``, unless git
    tracks it (:func:`~digest.cache.committed_cache`: an error); ``inputs`` is the
    :func:`~digest.stamp.input_hash` when the caller already computed it. One build at a time runs in a
    project (:func:`~digest.lock.build_lock`): another waits.
    """
    progress = progress or Progress()
    if use_cache and (committed := committed_cache(root)):
        raise DigestError(committed)
    with build_lock(root, progress.say):
        if use_cache:
            forget_old_formats(root / CACHE_DIR)
        return _build(root, strict, use_cache, jobs, progress, inputs)


def _build(
    root: Path, strict: bool, use_cache: bool, jobs: int | None, progress: Progress, inputs: str | None
) -> BuildResult:
    try:
        with _cycle_collector(paused=True):
            settings, digest, problems, inputs = _digest(root, strict, use_cache, jobs, progress, inputs)
        # 5-6. Render every page, writing each into a staging folder that replaces the output once done.
        output = root / settings.output_dir
        cache = root / CACHE_DIR
        reuse = None
        if use_cache:  # pages the last build wrote, unread when the output is as it left them
            reuse = Reuse(Memo.open(cache / PAGES_MEMO), output, cache / JSON_MEMO, untouched(root, output))
        with progress.phase("rendered and written"), _cycle_collector(paused=False):
            report = write_pages(render_pages(digest, settings, root / TEMPLATES_DIR, jobs, reuse), output)
        if reuse is not None:
            reuse.memo.save()
        if use_cache and inputs is not None:
            write_stamp(root, Stamp(inputs, output_hash(output), len(digest.articles), problems))
        return BuildResult(digest, problems, report, output)
    finally:
        # Whatever was frozen is collected as usual again: a long-running caller (``mkdocs serve`` and
        # its hook) must not keep, frozen, garbage that existed when the build froze everything.
        gc.unfreeze()


def _digest(
    root: Path, strict: bool, use_cache: bool, jobs: int | None, progress: Progress, inputs: str | None
) -> tuple[Settings, Digest, tuple[Problem, ...], str | None]:
    """Phases 1 to 4: the settings, the linked digest, the problems found, the input hash."""
    # 1. Load and validate everything first, so every problem is reported in one run.
    with progress.phase("checked"):
        settings = load_settings(root / SETTINGS_FILE, root)
        if foreign := foreign_files(root / settings.output_dir):  # before any work: it would be lost
            raise DigestError((_not_ours(settings.output_dir, foreign),))
        hashes = file_hashes(root, use_cache)
        if use_cache and inputs is None:
            inputs = input_hash(root, settings, hashes)
        memo = root / CACHE_DIR / CHECK_MEMO if use_cache else None
        settings, content, problems = check_files(root, memo, jobs, hashes)
        hashes.save()
        progress.total = len(content.articles)
    if failing(problems, strict):
        raise DigestError(problems)
    # 2-3. Clean and analyse each article on its own, drafts too: what the analysis finds in the texts
    # (near-duplicates, untracked names) is part of the check, and drafts are checked but not published.
    # The texts are compared by their terms alone, in a worker, while this process links the rest.
    cache = Cache(root / CACHE_DIR) if use_cache else None
    outlines = Memo.open(root / CACHE_DIR / OUTLINES_MEMO if use_cache else None)
    with progress.phase("analysed", len(content.articles)) as advance:
        analyses = begin_analysis(content, settings.summary_share, cache, jobs, advance, outlines)
    comparing = [(compare_texts, (content.articles, analyses.terms))]
    background = jobs if len(content.articles) >= PARALLEL_FROM else 1
    with in_background(comparing, background) as (compared,):
        with progress.phase("loaded the analyses"):
            analysed = analyses.load()
        published = tuple(a for a in analysed if not a.article.draft)
        linked = dataclasses.replace(content, articles=tuple(a.article for a in published))
        # 4. Link: compare articles, write the multi-source overviews. In this process (one job): its
        # worker processes would be forked while the threads of the pool above run.
        with progress.phase("linked"):
            memo = Memo.open(root / CACHE_DIR / LINK_MEMO if use_cache else None)
            digest = link(linked, published, settings, 1, memo)
            memo.save()
        with progress.phase("compared for near-duplicates"):
            names = {a.id: frozenset(a.untracked_names) for a in analysed}
            problems += compared() + untracked_name_notes(content, names)
            problems += _unknown_stories(root, settings, content, digest)
    if failing(problems, strict):
        raise DigestError(problems)
    return settings, digest, problems, inputs
