"""Load and validate everything under ``content/``.

Stage 1 of the build. Reads every file, checks it against the schema (documented in CONTRIBUTING.md) and
returns the validated :class:`~digest.model.Content` with every problem found, so one run reports all of
them. Nothing here interprets article text: that is the clean stage's job.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from digest.cache import FileHashes, Memo, fingerprint
from digest.clean import normalise
from digest.encoding import REPLACEMENT, mis_decoded
from digest.errors import Problem, Severity, did_you_mean, printable, shown
from digest.model import (
    SOURCE_KINDS,
    Answer,
    Article,
    Content,
    Cue,
    Entity,
    EntityType,
    FigureNote,
    Question,
    Theme,
)
from digest.parallel import parallel_map
from digest.yamlio import YamlDocument, display_path, parse_yaml, read_yaml_file

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""Matched whole (``fullmatch``: with ``match`` and ``$``, a name ending in a line break passed)."""
RESERVED = frozenset(
    [
        "con",
        "prn",
        "aux",
        "nul",
        "index",
        "feeds",
        "all",
        *(f"com{i}" for i in range(10)),
        *(f"lpt{i}" for i in range(10)),
    ]
)
"""Names Windows reserves for files, or that the site uses: ``index`` for a section's own page
(``themes/index.md``, ``entities/index.md``), ``all`` for the site-wide feeds (``feeds/all.xml``). An
article's file name, a theme's or an entity's id becomes a file name, so none may be one of these."""
MAX_ARTICLE_BYTES = 1_000_000
"""A file larger than this is not read at all."""
MAX_BODY_CHARS = 100_000
"""Longer than any news article (a long read is about 40,000 characters): likely a paste gone wrong."""
FRONT_MATTER_FENCE = "---"


@dataclass(frozen=True)
class Field:
    """One front-matter field of the article schema."""

    name: str
    need: str
    """``required`` (error when missing), ``expected`` (warning when missing) or ``optional``."""
    parse: Callable[[Any], Any]
    """Turns the YAML value into the model's value; raises ValueError with the fix."""
    missing_hint: str = ""


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text but received {shown(value)}; put it in quotes")
    text = " ".join(normalise(value).split())
    if not text:
        raise ValueError("is empty; write the text or remove the field")
    return text


def _date(value: Any) -> dt.date:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        if (day := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value.strip())) and 1 <= int(day[2]) <= 12:
            year, month = int(day[1]), int(day[2])
            last = calendar.monthrange(year, month)[1] if year >= 1 else 31
            name = dt.date(max(year, 1), month, 1).strftime("%B")
            raise ValueError(f"{value.strip()} is no day of the calendar: {name} {year} has {last} days")
    raise ValueError(f"expected a date as YYYY-MM-DD (e.g. 2024-02-26) but received {shown(value)}")


def _url(value: Any) -> str:
    text = _text(value)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in text:
        raise ValueError(f"expected an http:// or https:// address but received {shown(text)}")
    return text


def _language(value: Any) -> str:
    text = _text(value)
    if not re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", text):
        raise ValueError(f"expected a language code such as 'en' or 'fr' but received {shown(text)}")
    return text


def _theme_changes(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of theme ids, e.g. [regulation, -open-source] (- removes a theme)")
    for item in value:
        if not SLUG.fullmatch(item.removeprefix("-")):
            raise ValueError(f"'{item}' is not a theme id; ids are lowercase words joined by dashes")
    return tuple(dict.fromkeys(value))


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false but received {shown(value)}")
    return value


def _article_id(value: Any) -> str:
    text = _text(value)
    if not SLUG.fullmatch(text):
        raise ValueError(f"expected an article's id (its file name without .md) but received {shown(text)}")
    return text


def _story_id(value: Any) -> str:
    text = _text(value)
    if not SLUG.fullmatch(text) or text in RESERVED:
        raise ValueError(
            f"expected a story's id, lowercase words joined by dashes, but received {shown(text)}"
        )
    return text


def _source_kind(value: Any) -> str:
    text = _text(value)
    if text not in SOURCE_KINDS:
        kinds = "; ".join(f"'{kind}': {meaning}" for kind, meaning in SOURCE_KINDS.items())
        raise ValueError(f"expected one of {kinds}; but received {shown(text)}")
    return text


def _tags(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError("expected a list such as [ai, cloud]")
    return tuple(sorted({_text(tag).lower() for tag in value}))


ARTICLE_SCHEMA: tuple[Field, ...] = (
    Field("title", "required", _text),
    Field(
        "outlet",
        "expected",
        _text,
        "the publication is not known; fill it in if any source says, or write 'outlet: null' if none does",
    ),
    Field(
        "author",
        "expected",
        _text,
        "the author is not known; fill it in if the byline says, or write 'author: null' if there is none",
    ),
    Field(
        "date",
        "expected",
        _date,
        "the date is not known; fill it in if any source says, or write 'date: null' if none does",
    ),
    Field(
        "url",
        "expected",
        _url,
        "no link to the original, so readers cannot check it; add it, or write 'url: null' if none is known",
    ),
    Field("language", "optional", _language),
    Field("tags", "optional", _tags),
    Field("note", "optional", _text),
    Field("themes", "optional", _theme_changes),
    Field("summary", "optional", _text),
    Field("draft", "optional", _flag),
    Field("copy_of", "optional", _article_id),
    Field("story", "optional", _story_id),
    Field("source_kind", "optional", _source_kind),
)
_FIELDS = {f.name: f for f in ARTICLE_SCHEMA}


def load_content(
    content_dir: Path,
    root: Path,
    today: dt.date,
    memo: Memo | None = None,
    jobs: int | None = None,
    hashes: FileHashes | None = None,
) -> tuple[Content, tuple[Problem, ...]]:
    """Read ``content_dir``; return what is valid and every problem found (article files are parsed in
    ``jobs`` processes: one per core by default).

    With a ``memo``, an article file whose bytes, path and context (today, the theme ids) have been
    checked before is not read or parsed again: its article and problems come from the memo. Its bytes
    are known by their hash, from ``hashes`` (see :class:`~digest.cache.FileHashes`).
    """
    problems: list[Problem] = []
    names = _survey(content_dir, root, problems)
    themes = _load_themes(content_dir / "themes.yml", root, problems)
    entities = _load_entities(content_dir / "entities.yml", root, problems)
    known = Known(today, tuple(sorted(t.id for t in themes)))
    articles = _load_articles(
        content_dir / ARTICLES,
        names,
        root,
        known,
        problems,
        memo or Memo.open(None),
        jobs,
        hashes or FileHashes(None),
    )
    questions, notes = _load_claims(content_dir / "claims.yml", root, problems)
    content = Content(articles, themes, entities, questions, notes)
    return content, tuple(sorted(problems, key=lambda p: (p.path, p.line)))


ARTICLES = "articles"
CONTENT_FILES = ("themes.yml", "entities.yml", "claims.yml")
"""What the content folder holds besides the articles' folder: anything else is an error, never ignored
(issue 22: ``notes.py``, ``foo.markdown``, ``foo.MD`` were silently left out and never published)."""
_ONLY = f"only {ARTICLES}/ (of .md files) and {', '.join(CONTENT_FILES)} belong in the content folder"


def _survey(content_dir: Path, root: Path, problems: list[Problem]) -> list[str]:
    """The article files under ``content_dir/articles`` (as paths relative to it, sorted), in one walk of
    the content folder, which adds a problem for anything else there: a symbolic link (whatever it points
    at, a file outside the repository say, must never be read or published), a stray file, a folder whose
    name is not a slug, a file that is not a regular one (a pipe would stall the build that read it).

    ``os.DirEntry`` knows whether an entry is a link or a folder without asking the file system again:
    asking, for 10,000 articles twice, took a fifth of a second.
    """
    shown = display_path(content_dir, root)
    names: list[str] = []
    pending = [("", os.fspath(content_dir))]
    while pending:
        prefix, directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:  # a missing content or articles folder is reported when it is read
            continue
        for entry in entries:
            relative = f"{prefix}{entry.name}"
            problem = _stray(prefix, entry)
            if problem is not None:
                problems.append(Problem(f"{shown}/{relative}", 1, "file", problem))
            elif entry.is_dir(follow_symlinks=False):
                pending.append((f"{relative}/", entry.path))
            elif prefix:
                names.append(relative.removeprefix(f"{ARTICLES}/"))
    return sorted(names)


def _stray(prefix: str, entry: os.DirEntry[str]) -> str | None:
    """What is wrong with ``entry`` (in the content folder when ``prefix`` is empty, else in the articles'
    folder or one of its sub-folders), or None for the articles' folder, an article, a sub-folder and the
    content's YAML files (those are checked when read)."""
    name = entry.name
    if entry.is_symlink():
        return "is a symbolic link; commit the file itself"
    if not prefix:
        if (name == ARTICLES and entry.is_dir(follow_symlinks=False)) or name in CONTENT_FILES:
            return None
        return f"{_ONLY}; move it or delete it"
    if entry.is_dir(follow_symlinks=False):
        if SLUG.fullmatch(name):
            return None
        if name.endswith(".md"):
            return "is a folder named like an article; an article is a file: rename the folder"
        return f"folder names are lowercase letters, digits and dashes: rename it to {_slug_like(name)}"
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix.lower() in ("md", "markdown") and suffix != "md":
        return f"an article's file name ends in .md, in lower case: rename it to {stem}.md"
    if not name.endswith(".md"):
        return f"is not an article (a .md file); {_ONLY}: move it or delete it"
    if not entry.is_file(follow_symlinks=False):
        return "is not a regular file (a pipe or a device?); an article is a file of text"
    return None


def _slug_like(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "article"


# --- articles ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Known:
    """What an article is checked against besides its own text."""

    today: dt.date
    theme_ids: tuple[str, ...]
    """Sorted: it is part of a memo key (:func:`~digest.cache.fingerprint`), and a set's order is not the
    same from one process to the next."""


def _load_articles(
    folder: Path,
    names: list[str],
    root: Path,
    known: Known,
    problems: list[Problem],
    memo: Memo,
    jobs: int | None,
    hashes: FileHashes,
) -> tuple[Article, ...]:
    """The article files ``names`` under ``folder``, parsed and checked in ``jobs`` processes (those the
    memo does not already hold: it holds each file's article and problems by the file's name and hash)."""
    if not folder.is_dir():
        problems.append(Problem(display_path(folder, root), 1, "articles", "folder is missing; create it"))
        return ()
    shown = display_path(folder, root)  # once: per file, pathlib took a second at 10,000 articles
    files = [
        file
        for name in names
        if (file := _article_file(folder, name, f"{shown}/{name}", problems)) is not None
    ]
    # What an article is made from (not today's date: it decides only problems, such as a date in the
    # future); the analysis cache keys on it, so it must not change from one day to the next.
    sources = [fingerprint("article", f.slug, f.path, hashes.of(f.file), known.theme_ids) for f in files]
    keys = [fingerprint(source, known.today) for source in sources]

    def parse(missing: list[int]) -> Iterator[tuple[Article | None, list[Problem]]]:
        found = parallel_map(ArticleParser, (known,), [files[i] for i in missing], jobs)
        for i, (article, problems) in zip(missing, found, strict=True):
            yield (article and dataclasses.replace(article, key=sources[i])), problems

    parsed = memo.get_many(keys, parse)
    articles = []
    for article, found in parsed:
        problems.extend(found)
        if article is not None:
            articles.append(article)
    _check_unique(articles, problems)
    return tuple(articles)


@dataclass(frozen=True)
class ArticleFile:
    """An article file to read: its slug, the path problems name, and where it is."""

    slug: str
    path: str
    file: str


def _article_file(folder: Path, name: str, path: str, problems: list[Problem]) -> ArticleFile | None:
    """The article file ``name`` under ``folder`` (named ``path`` in problems); None, with its problem
    added to ``problems``, when its name cannot be used."""
    slug = name.rsplit("/", 1)[-1].removesuffix(".md")
    if slug in RESERVED:
        message = f"'{slug}' is a name some systems reserve or the site uses; add words to the file name"
        problems.append(Problem(path, 1, "file name", message))
        return None
    if not SLUG.fullmatch(slug):
        problems.append(
            Problem(
                path,
                1,
                "file name",
                f"use lowercase letters, digits and dashes: rename to {_slug_like(slug)}.md",
            )
        )
        return None
    return ArticleFile(slug, path, os.path.join(folder, name))


def _read_text(file: ArticleFile, problems: list[Problem]) -> str | None:
    """The text of an article file; None, with its problem added to ``problems``, when it cannot be used."""
    with open(file.file, "rb") as handle:
        raw = handle.read(MAX_ARTICLE_BYTES + 1)
    if len(raw) > MAX_ARTICLE_BYTES:
        size = os.path.getsize(file.file)
        message = f"file is {size:,} bytes, over the {MAX_ARTICLE_BYTES:,} limit; shorten the text"
        problems.append(Problem(file.path, 1, "body", message))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(Problem(file.path, line, "encoding", "file is not UTF-8; save it as UTF-8"))
        return None
    if text.startswith("\ufeff"):
        message = (
            "starts with a byte-order mark (BOM), which some tools show as a stray character; "
            "save it as UTF-8 without BOM"
        )
        problems.append(Problem(file.path, 1, "encoding", message, Severity.WARNING))
        text = text[1:]
    text = text.replace("\r\n", "\n")
    problems.extend(_decoding_problems(file.path, text))
    return text


def _decoding_problems(path: str, text: str) -> list[Problem]:
    """A U+FFFD (a character lost when the text was decoded) is an error, mojibake a warning with its
    likely fix: each at the line of its first occurrence, with how many there are."""
    found = []
    if (lost := text.find(REPLACEMENT)) != -1:
        count = text.count(REPLACEMENT)
        message = (
            f"holds U+FFFD (\u2018{REPLACEMENT}\u2019, {count} in all): characters lost when the text was "
            "decoded; import the original again (digest import reads its encoding), or write what each was"
        )
        found.append(Problem(path, text.count("\n", 0, lost) + 1, "encoding", message))
    if (bad := mis_decoded(text)) is not None:
        fix = f"; it probably reads '{bad.fix}'" if bad.fix else ""
        message = (
            f"'{printable(bad.word)}' looks mis-decoded ({bad.count} such place(s)): text saved in one "
            f"encoding and read in another{fix}; correct each, or import the original again"
        )
        found.append(
            Problem(path, text.count("\n", 0, bad.offset) + 1, "encoding", message, Severity.WARNING)
        )
    return found


class ArticleParser:
    """Reads, parses and checks an article file (in a worker process): the article, or None, and its
    problems."""

    def __init__(self, known: Known) -> None:
        self.known = known

    def __call__(self, file: ArticleFile) -> tuple[Article | None, list[Problem]]:
        found: list[Problem] = []
        text = _read_text(file, found)
        article = None if text is None else _parse_article(file.slug, file.path, text, self.known, found)
        return article, found


def _parse_article(slug: str, path: str, text: str, known: Known, problems: list[Problem]) -> Article | None:
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        problems.append(Problem(path, 1, "front matter", "the file must start with a line '---'"))
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER_FENCE), None)
    if end is None:
        problems.append(Problem(path, 1, "front matter", "no closing '---' line after the front matter"))
        return None
    doc = parse_yaml("\n".join(lines[1:end]), path, line_offset=1, field="front matter")
    problems.extend(doc.problems)
    if doc.problems:
        return None
    meta = doc.data if doc.data is not None else {}
    if not isinstance(meta, dict):
        problems.append(Problem(path, 2, "front matter", "expected 'field: value' lines"))
        return None
    values = _check_front_matter(doc, meta, known, problems)
    body = "\n".join(lines[end + 1 :]).strip("\n")
    body_line = end + 2 + _leading_blank_lines(lines[end + 1 :])
    if not body.strip():
        problems.append(Problem(path, end + 1, "body", "the article has no text; paste it below the '---'"))
        return None
    if len(body) > MAX_BODY_CHARS:
        message = (
            f"the text is {len(body):,} characters, over the {MAX_BODY_CHARS:,} limit; is it one article?"
        )
        problems.append(Problem(path, body_line, "body", message))
        return None
    if values is None:
        return None
    changes = values.pop("themes") or ()
    return Article(
        id=slug,
        path=path,
        body=body,
        body_line=body_line,
        themes_added=tuple(t for t in changes if not t.startswith("-")),
        themes_removed=tuple(t[1:] for t in changes if t.startswith("-")),
        draft=bool(values.pop("draft")),
        source_kind=values.pop("source_kind") or "outlet",
        **values,
    )


def _leading_blank_lines(lines: list[str]) -> int:
    return next((i for i, line in enumerate(lines) if line.strip()), 0)


def _check_front_matter(
    doc: YamlDocument, meta: dict[Any, Any], known: Known, problems: list[Problem]
) -> dict[str, Any] | None:
    values: dict[str, Any] = {"tags": ()}
    ok = True
    for key in meta:
        if key not in _FIELDS:
            fix = did_you_mean(str(key), _FIELDS)
            problems.append(Problem(doc.path, doc.line_of(key), str(key), f"unknown field; {fix}"))
            ok = False
    for field in ARTICLE_SCHEMA:
        value = meta.get(field.name)
        line = doc.line_of(field.name)
        if value is None or value == "":
            values.setdefault(field.name, None)
            if field.need == "required":
                problems.append(Problem(doc.path, line, field.name, "is missing; add the article's headline"))
                ok = False
            elif field.need == "expected" and not doc.says_null(field.name):  # null: known unknown
                problems.append(Problem(doc.path, line, field.name, field.missing_hint, Severity.WARNING))
            continue
        try:
            values[field.name] = field.parse(value)
        except ValueError as error:
            problems.append(Problem(doc.path, line, field.name, str(error)))
            ok = False
    date = values.get("date")
    if isinstance(date, dt.date) and date > known.today:
        problems.append(Problem(doc.path, doc.line_of("date"), "date", f"{date} is in the future; check it"))
        ok = False
    for change in values.get("themes") or ():
        theme_id = change.removeprefix("-")
        if theme_id not in known.theme_ids:
            fix = did_you_mean(theme_id, known.theme_ids, "themes")
            problems.append(
                Problem(doc.path, doc.line_of("themes"), "themes", f"unknown theme '{theme_id}'; {fix}")
            )
            ok = False
    return values if ok else None


def _check_unique(articles: list[Article], problems: list[Problem]) -> None:
    """Two files can never write one page, one original is one article, and a copy is of an article."""
    ids = {article.id for article in articles}
    for article in articles:
        if article.copy_of is not None and (article.copy_of not in ids or article.copy_of == article.id):
            message = f"no other article has the id '{article.copy_of}'; name the file it copies, without .md"
            problems.append(Problem(article.path, 1, "copy_of", message))
    by_slug: dict[str, Article] = {}
    by_url: dict[str, Article] = {}
    for article in articles:
        if article.id in by_slug:
            other = by_slug[article.id].path
            message = f"the same slug as {other}: both would be the page '{article.id}'; rename one"
            problems.append(Problem(article.path, 1, "file name", message))
        by_slug.setdefault(article.id, article)
        if not article.url:
            continue
        key = article.url.rstrip("/").lower()
        if key in by_url:
            other = by_url[key].path
            problems.append(
                Problem(article.path, 1, "url", f"the same URL as {other}; one article per original")
            )
        by_url.setdefault(key, article)


# --- themes and entities ----------------------------------------------------------------------------


def _entries(file: Path, root: Path, key: str, problems: list[Problem]) -> tuple[YamlDocument, list[Any]]:
    """Read a YAML file whose top level is ``key:`` followed by a list of mappings."""
    if not file.exists():
        doc = YamlDocument(display_path(file, root), None, None, 0)
        problems.append(
            Problem(doc.path, 1, key, f"file is missing; create it with a top-level '{key}:' list")
        )
        return doc, []
    doc = read_yaml_file(file, root)
    problems.extend(doc.problems)
    if doc.problems:
        return doc, []
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        problems.append(Problem(doc.path, 1, key, f"expected a top-level '{key}:' list"))
        return doc, []
    entries = data[key]
    good = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        line = doc.line_of(key, i)
        if not isinstance(entry, dict):
            problems.append(Problem(doc.path, line, key, "each entry must be a mapping with an 'id:'"))
            continue
        entry_id = entry.get("id")
        if not isinstance(entry_id, str) or not SLUG.fullmatch(entry_id):
            message = f"id must be lowercase letters, digits and dashes, received {shown(entry_id)}"
            problems.append(Problem(doc.path, line, "id", message))
            continue
        if entry_id in RESERVED:
            message = f"'{entry_id}' is a name the site uses for its own pages or feeds; choose another id"
            problems.append(Problem(doc.path, doc.line_of(key, i, "id"), "id", message))
            continue
        if entry_id in seen:
            problems.append(Problem(doc.path, line, "id", f"'{entry_id}' is used twice; ids must be unique"))
            continue
        seen.add(entry_id)
        good.append((i, entry))
    return doc, good


def _entry_problems(
    doc: YamlDocument, key: str, i: int, entry: dict[str, Any], allowed: set[str]
) -> list[Problem]:
    problems = []
    for field in entry:
        if field not in allowed:
            fix = did_you_mean(str(field), allowed)
            problems.append(
                Problem(doc.path, doc.line_of(key, i, field), str(field), f"unknown field; {fix}")
            )
    return problems


def _required_text(
    doc: YamlDocument, at: tuple[str | int, ...], entry: dict[str, Any], key: str, found: list[Problem]
) -> str:
    try:
        return _text(entry.get(key))
    except ValueError:
        found.append(
            Problem(doc.path, doc.line_of(*at, key), key, "is missing or not text; add it in quotes")
        )
        return ""


def _optional_text(
    doc: YamlDocument, at: tuple[str | int, ...], entry: dict[str, Any], key: str, found: list[Problem]
) -> str | None:
    if entry.get(key) is None:
        return None
    return _required_text(doc, at, entry, key, found)


def _load_themes(file: Path, root: Path, problems: list[Problem]) -> tuple[Theme, ...]:
    doc, entries = _entries(file, root, "themes", problems)
    allowed = {"id", "title", "description", "cues", "negative_cues", "threshold"}
    themes = []
    for i, entry in entries:
        found = _entry_problems(doc, "themes", i, entry, allowed)
        title = _required_text(doc, ("themes", i), entry, "title", found)
        description = _optional_text(doc, ("themes", i), entry, "description", found) or ""
        cues = _cues(doc, i, entry, "cues", found)
        negative = _cues(doc, i, entry, "negative_cues", found)
        if not cues and not found:
            found.append(Problem(doc.path, doc.line_of("themes", i), "cues", "add at least one cue: weight"))
        threshold = entry.get("threshold", 2.0)
        if isinstance(threshold, bool) or not isinstance(threshold, int | float) or threshold <= 0:
            line = doc.line_of("themes", i, "threshold")
            found.append(
                Problem(doc.path, line, "threshold", f"expected a positive number, not {shown(threshold)}")
            )
        problems.extend(found)
        if not found:
            themes.append(Theme(entry["id"], title, description, cues, negative, float(threshold)))
    return tuple(themes)


def _cues(
    doc: YamlDocument, i: int, entry: dict[str, Any], key: str, found: list[Problem]
) -> tuple[Cue, ...]:
    raw = entry.get(key) or {}
    line = doc.line_of("themes", i, key)
    if not isinstance(raw, dict):
        found.append(Problem(doc.path, line, key, "expected 'phrase: weight' lines, e.g. 'invest*: 2'"))
        return ()
    cues = []
    for pattern, weight in raw.items():
        if not isinstance(pattern, str) or not pattern.strip():
            found.append(Problem(doc.path, line, key, f"cue {shown(pattern)} must be a word or phrase"))
        elif isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            line = doc.line_of("themes", i, key, pattern)
            found.append(Problem(doc.path, line, key, f"weight of '{pattern}' must be a positive number"))
        else:
            cues.append(Cue(pattern.strip().lower(), float(weight)))
    return tuple(sorted(cues, key=lambda c: c.pattern))


def _load_entities(file: Path, root: Path, problems: list[Problem]) -> tuple[Entity, ...]:
    doc, entries = _entries(file, root, "entities", problems)
    allowed = {"id", "name", "type", "aliases", "description"}
    types = {t.value: t for t in EntityType}
    entities = []
    for i, entry in entries:
        found = _entry_problems(doc, "entities", i, entry, allowed)
        name = _required_text(doc, ("entities", i), entry, "name", found)
        kind = types.get(entry["type"]) if isinstance(entry.get("type"), str) else None
        if kind is None:
            line = doc.line_of("entities", i, "type")
            found.append(Problem(doc.path, line, "type", f"expected one of: {', '.join(types)}"))
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            line = doc.line_of("entities", i, "aliases")
            found.append(Problem(doc.path, line, "aliases", "expected a list of names, e.g. [MSFT]"))
        description = _optional_text(doc, ("entities", i), entry, "description", found)
        problems.extend(found)
        if not found and kind is not None:
            clean_aliases = tuple(dict.fromkeys(a.strip() for a in aliases))
            entities.append(Entity(entry["id"], name, kind, clean_aliases, description))
    return tuple(entities)


def _story_of_entry(
    doc: YamlDocument, at: tuple[str | int, ...], entry: dict[str, Any], found: list[Problem]
) -> str | None:
    """An entry's ``story:`` (the story it is about), checked as a story id; None when it has none."""
    if entry.get("story") is None:
        return None
    try:
        return _story_id(entry["story"])
    except ValueError as error:
        found.append(Problem(doc.path, doc.line_of(*at, "story"), "story", str(error)))
        return None


def _load_claims(
    file: Path, root: Path, problems: list[Problem]
) -> tuple[tuple[Question, ...], tuple[FigureNote, ...]]:
    """``claims.yml`` (optional): the editors' questions to every source, and notes on figures."""
    if not file.exists():
        return (), ()
    doc = read_yaml_file(file, root)
    problems.extend(doc.problems)
    if doc.problems:
        return (), ()
    if doc.data is None:
        return (), ()
    if not isinstance(doc.data, dict):
        problems.append(Problem(doc.path, 1, "claims", "expected the sections 'questions:' and 'notes:'"))
        return (), ()
    data = dict(doc.data)
    unknown = set(data) - {"questions", "notes"}
    for key in sorted(map(str, unknown)):
        problems.append(
            Problem(doc.path, doc.line_of(key), key, "unknown section; expected 'questions' or 'notes'")
        )
    for section in ("questions", "notes"):
        if data.get(section) is not None and not isinstance(data[section], list):
            message = f"expected a list of {section} ('- ' lines) but received {shown(data[section])}"
            problems.append(Problem(doc.path, doc.line_of(section), section, message))
            data[section] = None
    questions = []
    for i, entry in enumerate(data.get("questions") or []):
        found: list[Problem] = []
        at = ("questions", i)
        if not isinstance(entry, dict):
            problems.append(
                Problem(doc.path, doc.line_of(*at), "questions", "each question must be a mapping")
            )
            continue
        found += _entry_problems(doc, "questions", i, entry, {"id", "question", "answers", "note", "story"})
        entry_id = entry.get("id")
        if not isinstance(entry_id, str) or not SLUG.fullmatch(entry_id):
            found.append(
                Problem(
                    doc.path, doc.line_of(*at, "id"), "id", "expected an id of lowercase words and dashes"
                )
            )
        text = _required_text(doc, at, entry, "question", found)
        note = _optional_text(doc, at, entry, "note", found)
        answers = []
        raw_answers = entry.get("answers")
        if not isinstance(raw_answers, list) or len(raw_answers) < 2:
            found.append(
                Problem(doc.path, doc.line_of(*at, "answers"), "answers", "list at least two answers")
            )
            raw_answers = []
        for j, raw in enumerate(raw_answers):
            where = (*at, "answers", j)
            if not isinstance(raw, dict):
                found.append(
                    Problem(doc.path, doc.line_of(*where), "answers", "each answer needs 'answer' and 'cues'")
                )
                continue
            answer = _required_text(doc, where, raw, "answer", found)
            cues = raw.get("cues")
            if (
                not isinstance(cues, list)
                or not cues
                or not all(isinstance(c, str) and c.strip() for c in cues)
            ):
                found.append(
                    Problem(doc.path, doc.line_of(*where, "cues"), "cues", "expected a list of phrases")
                )
                continue
            answers.append(Answer(answer, tuple(Cue(c.strip().lower()) for c in cues)))
        problems.extend(found)
        if not found:
            questions.append(
                Question(entry_id, text, tuple(answers), note, _story_of_entry(doc, at, entry, found))
            )
    notes = []
    for i, entry in enumerate(data.get("notes") or []):
        found = []
        if not isinstance(entry, dict):
            problems.append(
                Problem(doc.path, doc.line_of("notes", i), "notes", "each note needs 'figure' and 'note'")
            )
            continue
        found += _entry_problems(doc, "notes", i, entry, {"figure", "note", "story"})
        figure = _required_text(doc, ("notes", i), entry, "figure", found)
        note_text = _required_text(doc, ("notes", i), entry, "note", found)
        story = _story_of_entry(doc, ("notes", i), entry, found)
        problems.extend(found)
        if not found:
            notes.append(FigureNote(figure, note_text, story))
    return tuple(questions), tuple(notes)
