"""The build: content/ in, generated Markdown and digest.json out.

Like MkDocs' own ``build()``, a short script of named phases in a fixed order. Everything is gathered,
checked and rendered before anything is written: a build that fails leaves the previous output as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from digest.analyse import analyse
from digest.cache import Cache
from digest.clean import paragraph_texts
from digest.duplicates import near_duplicates
from digest.entities import EntityMatcher, candidate_entities
from digest.errors import DigestError, Problem, Severity, failing
from digest.link import link
from digest.load import load_content
from digest.model import Content, Digest
from digest.render import render
from digest.settings import Settings, load_settings
from digest.write import WriteReport, write_pages

SETTINGS_FILE = "digest.yml"
TEMPLATES_DIR = "templates"
CACHE_DIR = ".cache/digest"


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


def check(root: Path) -> tuple[Settings, Content, tuple[Problem, ...]]:
    """Load settings and content; return them with every problem found (errors and warnings)."""
    settings = load_settings(root / SETTINGS_FILE, root)
    content, problems = load_content(root / settings.content_dir, root, today())
    return settings, content, problems + near_duplicates(content.articles) + untracked_names(content)


def untracked_names(content: Content) -> tuple[Problem, ...]:
    """Notes suggesting names that two or more sources use but ``entities.yml`` does not track."""
    if not content.entities:
        return ()
    matcher = EntityMatcher(content.entities)
    texts = {a.id: paragraph_texts(a) for a in content.articles}
    path = (
        f"{Path(content.articles[0].path).parent.parent.as_posix()}/entities.yml" if content.articles else ""
    )
    return tuple(
        Problem(
            path,
            1,
            "entities",
            f"'{name}' is named by {len(ids)} articles ({', '.join(ids)}); "
            "add it if the digest should track it",
            Severity.NOTE,
        )
        for name, ids in candidate_entities(texts, matcher)
    )


def _some(ids: tuple[str, ...], shown: int = 3) -> str:
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more


def build(root: Path, strict: bool = False, use_cache: bool = True) -> BuildResult:
    """Run the whole pipeline under ``root``; raise :class:`DigestError` (writing nothing) on bad input.

    With ``strict``, warnings (such as an unknown author) fail the build too.
    """
    # 1. Load and validate everything first, so every problem is reported in one run.
    settings, content, problems = check(root)
    if failing(problems, strict):
        raise DigestError(problems)
    # 2-3. Clean and analyse each article on its own; drafts are checked but not published.
    content = dataclasses.replace(content, articles=tuple(a for a in content.articles if not a.draft))
    analysed = analyse(content, settings.summary_share, Cache(root / CACHE_DIR) if use_cache else None)
    # 4. Link: compare articles, write the multi-source overviews.
    digest = link(content, analysed, settings)
    # 5. Render every page in memory.
    pages = render(digest, settings, root / TEMPLATES_DIR)
    # 6. Only now touch the output folder.
    output = root / settings.output_dir
    report = write_pages(pages, output)
    return BuildResult(digest, problems, report, output)
