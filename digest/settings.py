"""Build settings: one typed, validated place, read from ``digest.yml`` at the project root.

Every setting has a default, so the file is optional; an unknown or mistyped setting is an error that
names the file, the line and what was expected.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digest.errors import DigestError, Problem, did_you_mean, shown
from digest.yamlio import YamlDocument, read_yaml_file

SETTINGS_FILE = "digest.yml"


@dataclass(frozen=True)
class Settings:
    site_title: str = "News digest"
    """Shown at the top of the home page."""
    story: str = ""
    """One line under the title that says what the edition covers (editorial, keep it factual)."""
    site_url: str = "http://127.0.0.1:8000/"
    """Where the site is published; the SITE_URL environment variable overrides it (as in mkdocs.yml).
    Feeds use it for their absolute links and ids."""
    content_dir: str = "content"
    """Where articles (``articles/*.md``), ``themes.yml`` and ``entities.yml`` live: a folder inside the
    project."""
    output_dir: str = "build/docs"
    """The generated Markdown; must be the ``docs_dir`` of ``mkdocs.yml``. Never committed. A folder
    inside the project, apart from its code, content and configuration (see :data:`PROTECTED`); the build
    replaces it whole, and refuses to when it holds a file the build did not write."""
    publish_full_text: bool = False
    """Republish each article's full text on its page. Off: a digest summarises and links."""
    summary_share: float = 0.25
    """Share of an article's sentences in its summary, kept within 3 to 5 sentences."""
    overview_sentences: int = 5
    """Sentences in a story's multi-source overview, on its page."""
    brief_sentences: int = 3
    """Sentences of a story's overview shown as its brief, on the home page."""
    related_threshold: float = 0.12
    """Least TF-IDF cosine similarity for a story to be listed as related to another when the two name no
    two tracked people or organisations in common (0 to 1)."""
    related_max: int = 5
    """Related stories listed on an article's page."""
    latest_stories: int = 10
    """Stories listed on the home page, newest first (every story is in the archive)."""
    key_entities: int = 12
    """Entities listed under "Who is involved" on the home page."""
    articles_listed: int = 20
    """Articles the sources page lists for each outlet past ``listing_limit``, newest first (every article
    is in the archive)."""
    stories_per_page: int = 20
    """Stories a theme or entity page lists (quoting what each says on it); older ones are on further
    pages, so none disappears and no page grows with the digest."""
    listing_limit: int = 1000
    """Entries the archive (stories) and the sources (articles) list on one page. Above, the archive gets
    a page per year, and the sources list each outlet's newest ``articles_listed``: a page listing ten
    thousand articles weighs megabytes."""
    sources_named: int = 5
    """Sources linked (and quotes shown) for one figure, event or side of a disagreement; the rest are
    counted."""


_RANGES: dict[str, tuple[float, float]] = {
    "summary_share": (0.05, 1.0),
    "overview_sentences": (1, 20),
    "brief_sentences": (1, 10),
    "related_threshold": (0.0, 1.0),
    "related_max": (0, 50),
    "latest_stories": (1, 1000),
    "stories_per_page": (1, 1000),
    "key_entities": (1, 1000),
    "articles_listed": (1, 10_000),
    "listing_limit": (1, 1_000_000),
    "sources_named": (1, 100),
}


PROTECTED = (".git", ".github", ".ci", ".cache", ".venv", "digest", "templates", "overrides", "tests", "site")
"""Folders of the project that the output folder may neither be, nor be inside, nor hold: its history, code,
configuration and tests, the local caches, and MkDocs' own output (``site``). Nor may it be or hold the
content folder."""


def load_settings(path: Path, root: Path) -> Settings:
    """Read ``digest.yml``; a missing file means all defaults."""
    settings = _read_settings(path, root)
    site_url = os.environ.get("SITE_URL")
    if site_url:
        settings = dataclasses.replace(settings, site_url=site_url)
    if not settings.site_url.endswith("/"):
        settings = dataclasses.replace(settings, site_url=settings.site_url + "/")
    return settings


def _read_settings(path: Path, root: Path) -> Settings:
    if not path.exists():
        return Settings()
    doc = read_yaml_file(path, root)
    problems = list(doc.problems)
    values: dict[str, Any] = {}
    if doc.data is not None:
        values = _check_settings(doc, root, problems)
    if problems:
        raise DigestError(tuple(sorted(problems, key=lambda p: p.line)))
    return Settings(**values)


def _check_settings(doc: YamlDocument, root: Path, problems: list[Problem]) -> dict[str, Any]:
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    if not isinstance(doc.data, dict):
        problems.append(Problem(doc.path, 1, "settings", "expected a mapping of setting: value"))
        return {}
    values: dict[str, Any] = {}
    for key, value in doc.data.items():
        line = doc.line_of(key)
        if key not in fields:
            fix = did_you_mean(str(key), fields, "settings")
            problems.append(Problem(doc.path, line, str(key), f"unknown setting; {fix}"))
            continue
        default = fields[key].default
        expected = type(default)
        ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if not ok:
            problems.append(
                Problem(doc.path, line, key, f"expected {expected.__name__} but received {shown(value)}")
            )
            continue
        low, high = _RANGES.get(key, (None, None))
        if low is not None and not low <= value <= high:
            problems.append(Problem(doc.path, line, key, f"expected {low} to {high} but received {value}"))
            continue
        values[key] = value
    _check_folders(doc, root, values, problems)
    return values


def _check_folders(doc: YamlDocument, root: Path, values: dict[str, Any], problems: list[Problem]) -> None:
    """The content and output folders must be folders inside the project (issue 22: ``output_dir: "."``
    replaced the whole repository, ``.git`` included, and ``content_dir: /etc`` read ``/etc``)."""
    content = values.get("content_dir", Settings.content_dir)
    for key in ("content_dir", "output_dir"):
        if key in values:
            problem = _folder_problem(root, values[key], content if key == "output_dir" else None)
            if problem is not None:
                problems.append(Problem(doc.path, doc.line_of(key), key, problem))
                del values[key]


def _folder_problem(root: Path, value: str, content: str | None) -> str | None:
    """What is wrong with ``value`` as a folder of the project (the content folder; with ``content``, the
    output folder, which may not be or hold it, nor any of :data:`PROTECTED`), or None."""
    example = "build/docs" if content is not None else "content"
    if value.startswith(("/", "~")) or "\\" in value or ":" in value or not value.isprintable():
        return f"expected a folder inside the project, such as '{example}', but received {shown(value)}"
    if ".." in value.split("/"):
        return f"'..' leads out of the project: use a folder in it such as '{example}', not {shown(value)}"
    folder = _relative(root, root / value)
    if folder is None:
        return f"{shown(value)} leads out of the project through a symbolic link; use a folder inside it"
    if content is None:
        return (
            f"'{folder}' cannot hold the content; use a folder such as 'content'"
            if folder in _NOT_CONTENT
            else None
        )
    if folder == ".":
        return "the build replaces the output folder whole: it cannot be the project itself; use 'build/docs'"
    for other in (*PROTECTED, _relative(root, root / content)):
        if other and (folder == other or folder.startswith(f"{other}/") or other.startswith(f"{folder}/")):
            return (
                f"the build replaces the output folder whole, and '{folder}' is or holds '{other}' of the "
                "project; use a folder of its own, such as 'build/docs'"
            )
    return None


_NOT_CONTENT = (".", ".git", ".cache")


def _relative(root: Path, path: Path) -> str | None:
    """``path`` relative to ``root``, as both resolve (symbolic links followed); None when outside."""
    resolved, top = path.resolve(), root.resolve()
    if not resolved.is_relative_to(top):
        return None
    return resolved.relative_to(top).as_posix()
