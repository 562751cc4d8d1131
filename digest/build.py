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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.analyse import analyse
from digest.cache import Cache, Memo, fingerprint
from digest.clean import paragraph_texts
from digest.duplicates import near_duplicates, text_terms
from digest.entities import EntityMatcher, candidate_names, recurring_names
from digest.errors import DigestError, Problem, Severity, failing
from digest.link import link
from digest.load import load_content
from digest.model import Article, Content, Digest, Entity, TermCounts
from digest.parallel import parallel_map
from digest.progress import Progress
from digest.render import Reuse, render_pages
from digest.settings import SETTINGS_FILE, Settings, load_settings
from digest.stamp import Stamp, input_hash, output_hash, write_stamp
from digest.write import WriteReport, write_pages

TEMPLATES_DIR = "templates"
CACHE_DIR = ".cache/digest"
CHECK_MEMO = "checked.pickle"
PAGES_MEMO = "pages.pickle"


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

    Each article file is worked on in ``jobs`` processes (one per core by default). With ``memo`` (a
    file), what was found in each (its parsed front matter and problems, the terms and names of its text)
    is kept there and reused while the file is unchanged.
    """
    remembered = Memo.open(memo)
    settings = load_settings(root / SETTINGS_FILE, root)
    content, problems = load_content(root / settings.content_dir, root, today(), remembered, jobs)
    articles = content.articles
    tracked = fingerprint("text", content.entities)
    texts = remembered.get_many(
        [fingerprint(tracked, a.body) for a in articles],
        lambda missing: parallel_map(TextCheck, (content.entities,), [articles[i] for i in missing], jobs),
    )
    problems += near_duplicates(articles, {a.id: text.terms for a, text in zip(articles, texts, strict=True)})
    problems += untracked_names(content, {a.id: text.names for a, text in zip(articles, texts, strict=True)})
    remembered.save()
    return settings, content, problems


@dataclass(frozen=True)
class TextFindings:
    """What the checks find in an article's text: the terms near-duplicates are found by, and the names
    it uses that ``entities.yml`` does not track."""

    terms: TermCounts
    names: frozenset[str]


class TextCheck:
    """Reads an article's text for :class:`TextFindings` (in a worker process)."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.matcher = EntityMatcher(entities)

    def __call__(self, article: Article) -> TextFindings:
        paragraphs = paragraph_texts(article)
        return TextFindings(text_terms(paragraphs), candidate_names(paragraphs, self.matcher))


def untracked_names(content: Content, names: dict[str, frozenset[str]]) -> tuple[Problem, ...]:
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


def _some(ids: tuple[str, ...], shown: int = 3) -> str:
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more


@contextlib.contextmanager
def _cycle_collector(paused: bool) -> Iterator[None]:
    """Python's cycle collector paused (or told to skip every object that exists now) for a while.

    Each full collection walks every object allocated so far; at 10,000 articles that more than doubled
    the time to load the analysis cache and made the check a quarter slower. The pipeline's own data
    (frozen dataclasses, tuples, strings) holds no reference cycles, so nothing is lost while the
    collector is paused. Rendering templates does leave cycles (Jinja's contexts), so while pages are
    rendered it collects, but only among objects made since (:func:`gc.freeze`).
    """
    enabled = gc.isenabled()
    if paused:
        gc.disable()
    else:
        gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
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
    analysis cache and the build stamp (:mod:`digest.stamp`) are kept in ``.cache/digest/``; ``inputs``
    is the :func:`~digest.stamp.input_hash` when the caller already computed it.
    """
    progress = progress or Progress()
    with _cycle_collector(paused=True):
        settings, digest, problems, inputs = _digest(root, strict, use_cache, jobs, progress, inputs)
    # 5-6. Render every page, writing each into a staging folder that replaces the output once complete.
    output = root / settings.output_dir
    reuse = Reuse(Memo.open(root / CACHE_DIR / PAGES_MEMO), output) if use_cache else None
    with progress.phase("rendered and written"), _cycle_collector(paused=False):
        report = write_pages(render_pages(digest, settings, root / TEMPLATES_DIR, jobs, reuse), output)
    if reuse is not None:
        reuse.memo.save()
    if use_cache and inputs is not None:
        write_stamp(root, Stamp(inputs, output_hash(output), len(digest.articles), problems))
    return BuildResult(digest, problems, report, output)


def _digest(
    root: Path, strict: bool, use_cache: bool, jobs: int | None, progress: Progress, inputs: str | None
) -> tuple[Settings, Digest, tuple[Problem, ...], str | None]:
    """Phases 1 to 4: the settings, the linked digest, the problems found, the input hash."""
    # 1. Load and validate everything first, so every problem is reported in one run.
    with progress.phase("checked"):
        settings = load_settings(root / SETTINGS_FILE, root)
        if use_cache and inputs is None:
            inputs = input_hash(root, settings)
        memo = root / CACHE_DIR / CHECK_MEMO if use_cache else None
        settings, content, problems = check(root, memo, jobs)
        progress.total = len(content.articles)
    if failing(problems, strict):
        raise DigestError(problems)
    # 2-3. Clean and analyse each article on its own; drafts are checked but not published.
    content = dataclasses.replace(content, articles=tuple(a for a in content.articles if not a.draft))
    cache = Cache(root / CACHE_DIR) if use_cache else None
    with progress.phase("analysed", len(content.articles)) as advance:
        analysed = analyse(content, settings.summary_share, cache, jobs, advance)
    # 4. Link: compare articles, write the multi-source overviews.
    with progress.phase("linked"):
        digest = link(content, analysed, settings, jobs)
    return settings, digest, problems, inputs
