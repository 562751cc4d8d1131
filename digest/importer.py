"""Turn raw text or a saved HTML page into article files (``digest import``).

HTML goes through trafilatura, a maintained main-text extractor, for the text and what the page says of
itself (headline, byline, date, site, address). Text is repaired with ftfy (text decoded with the wrong
encoding: "Mistralâ€™s" becomes "Mistral’s") and then cleaned line by line of what scraped news pages
carry besides the article: breadcrumbs, bylines and author bios, reading times, image captions and
credits, "Recent News" / "Other News" blocks, share prompts and comment forms. Every removed line is
reported, so a maintainer can check that nothing of the article went with them.

Scraped text has one paragraph per line. A short line without a full stop is a heading; a long one in
the middle of the text is the headline of a second, separate article (pages often run one on), which
becomes its own file. Metadata is filled only from what the text shows; the rest is left empty for the
maintainer, and listed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from dataclasses import dataclass, field, replace

import ftfy

from digest.encoding import decode

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_BYLINE_DATE = re.compile(
    rf"^(?:By\s+)?(?P<name>[^\d,.:;!?]{{3,60}}?)\s+(?P<date>(?:{_MONTHS})\s+\d{{1,2}},\s+\d{{4}})$"
)
_BY = re.compile(r"^By\s+(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})$")
_NAME = re.compile(r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,2}$")
_BIO = re.compile(
    r"^(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s+(?:is|has been|was|writes)\b.*"
    r"\b(?:writ\w*|blogger|journalist|reporter|editor|professional|author|columnist|correspondent)\b",
)
_BULLET = re.compile(r"^\s*(?:[•●▪◦*–-]|\d{1,2}[.)])\s+")
_TRAILERS = re.compile(
    r"^(?:recent news|other news|related (?:news|articles|posts|stories)|more (?:news|from \w+)|read more|"
    r"you may also like|trending|popular posts)\s*:?$",
    re.IGNORECASE,
)
_JUNK = re.compile(
    r"^(?:\d+\s+min(?:ute)?s?\s+read|(?:source|image|photo|credit|picture)s?:\s.{0,80}|"
    r"leave a (?:reply|comment)|"
    r"your email address will not be published.*|required fields are marked.*|"
    r"this site uses akismet.*|share (?:this|on \w+).*|follow us.*|subscribe.*|sign up for .*newsletter.*|"
    r"advertisement|comments?)$",
    re.IGNORECASE,
)
_BREADCRUMB = re.compile(r"^Home(?=\W|[A-Z]).*(?:\.\.\.|…|»|›|>|/)")
_TIMESTAMP = re.compile(
    r"^(?:(?:last\s+)?(?:updated|published|posted|modified)(?:\s+(?:on|at))?:?\s+)?"
    r"(?:\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago|"
    r"(?:just\s+now|yesterday|today)|\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)$",
    re.IGNORECASE,
)
"""A line that only says when the page was updated or published, relatively or by the clock."""
_DATE_LINE = re.compile(
    r"^(?:(?:updated|published|posted)(?:\s+on)?:?\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    rf"(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})|(?P<md>(?:{_MONTHS}|[A-Z][a-z]{{2}}\.?)\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})|"
    rf"(?P<dm>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS}|[A-Z][a-z]{{2}}\.?),?\s+\d{{4}}))"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?$",
    re.IGNORECASE,
)
"""A line that is only a date ("February 26, 2024", "Mon 26 Feb 2024 10:30 GMT", "2024-02-26"): the page's
date, never a heading."""
HEADING_MAX_WORDS = 8
"""Longer lines without a full stop are headlines (of a second article), not section headings."""


@dataclass
class Imported:
    """One article found in an imported file."""

    title: str | None = None
    author: str | None = None
    date: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    blocks: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        """The Markdown body: blocks separated by blank lines, list items kept together."""
        out: list[str] = []
        for block in self.blocks:
            if out and block.startswith("- ") and out[-1].startswith("- "):
                out[-1] += "\n" + block
            else:
                out.append(block)
        return "\n\n".join(out) + "\n"

    @property
    def missing(self) -> list[str]:
        return [name for name in ("title", "outlet", "author", "date", "url") if getattr(self, name) is None]


def import_file(raw: bytes, name: str) -> list[Imported]:
    """The articles in a file's bytes: a saved HTML page (by its name or its first tag) or text, decoded
    as it says it is encoded (see :func:`digest.encoding.decode`)."""
    head = raw[:64].lstrip().lower()
    is_html = name.lower().endswith((".html", ".htm")) or head.startswith((b"<!doctype", b"<html"))
    text = decode(raw, html=is_html)
    return import_html(text) if is_html else import_text(text)


def import_html(html: str) -> list[Imported]:
    """Extract the main text and metadata of a saved HTML page, then clean it like text. What the page
    holds besides the article (menus, links, footers, the byline) is listed as removed, block by block."""
    import trafilatura  # imported here: it is slow to import and only `digest import` needs it

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if document is None:
        return []
    meta = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    articles = import_text(meta.get("text") or "")
    if not articles:
        return []
    first = articles[0]
    date = _parse_iso(meta.get("date"))
    articles[0] = replace(
        first,
        title=first.title or _clean_line(meta.get("title")),
        author=first.author or _clean_line(meta.get("author")),
        date=first.date or date,
        outlet=_clean_line(meta.get("sitename")),
        url=_clean_line(meta.get("url")),
        language=_page_language(html),
    )
    kept = {
        " ".join(block.removeprefix("## ").removeprefix("- ").split()) for a in articles for block in a.blocks
    }
    kept |= {a.title for a in articles if a.title}
    removed = [line for line in _page_blocks(html) if line not in kept and line not in first.removed]
    articles[0].removed[:0] = list(dict.fromkeys(removed))
    return articles


_BLOCKS = frozenset(
    {
        *("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "figcaption", "pre"),
        *("td", "th", "nav", "header", "footer", "aside", "section", "div"),
    }
)
"""HTML elements that hold a block of text: each innermost one is a line of the page."""
_LANGUAGE = re.compile(
    r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)", re.IGNORECASE
)


def _page_blocks(html: str) -> list[str]:
    """The text of each block of the page's body that holds no other block, in order."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    for element in root.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    lines = []
    for element in root.iter(*_BLOCKS):
        innermost = not any(child.tag in _BLOCKS for child in element.iterdescendants())
        if innermost and (text := _clean_line(element.text_content())):
            lines.append(text)
    return lines


def _page_language(html: str) -> str | None:
    """The language the page declares (``<html lang="en-GB">``), as the schema writes it (``en-GB``)."""
    found = _LANGUAGE.search(html[:4096])
    if found is None:
        return None
    primary, *rest = found.group(1).replace("_", "-").split("-")
    return "-".join([primary.lower(), *rest])


def import_text(raw: str) -> list[Imported]:
    """Clean scraped text into one or more articles."""
    repaired = ftfy.fix_text(raw, uncurl_quotes=False)  # keep the source's typographic quotes
    lines = [_clean_line(line) or "" for line in repaired.splitlines()]
    article = Imported()
    articles = [article]
    lines = _drop_trailers(lines, article.removed)
    texts = [line for line in lines if line]
    byline_names = _byline_names(texts)
    for index, line in enumerate(texts):
        if _remove(line, article, byline_names, texts[index + 1 :]):
            continue
        if article.title is None and not article.blocks and _is_headline(line):
            article.title = line
            continue
        if line == article.title:  # the headline again, as an image caption
            article.removed.append(line)
            continue
        if _BULLET.match(line):
            article.blocks.append("- " + _BULLET.sub("", line))
        elif _is_heading(line) and index + 1 < len(texts):
            if len(line.split()) <= HEADING_MAX_WORDS:
                article.blocks.append("## " + line.rstrip(":").rstrip())
            elif line.endswith(":"):  # a long lead-in to a list: a paragraph
                article.blocks.append(line)
            elif article.blocks and not line.endswith("?"):
                article = Imported(title=line)
                articles.append(article)
            else:
                article.blocks.append(line)
        else:
            article.blocks.append(line)
    for extra in articles[1:]:
        articles[0].removed.extend(extra.removed)
        extra.removed.clear()
    return [a for a in articles if a.blocks]


def _clean_line(line: str | None) -> str | None:
    if line is None:
        return None
    text = unicodedata.normalize("NFC", line).replace("\u00a0", " ")
    text = " ".join(text.split())
    return text or None


def _drop_trailers(lines: list[str], removed: list[str]) -> list[str]:
    """Remove "Recent News"-style blocks: the label, then the headlines listed under it."""
    kept: list[str] = []
    skipping = False
    for line in lines:
        if _TRAILERS.match(line):
            skipping = True
            removed.append(line)
            continue
        if skipping:
            if not line:
                continue
            if line.endswith((".", ":", "?", "!")) or _BULLET.match(line):
                skipping = False
            else:
                removed.append(line)
                continue
        kept.append(line)
    return kept


def _byline_names(texts: list[str]) -> set[str]:
    """Names on lines of their own that are followed by a bio or repeated: the article's author."""
    names = set()
    for line, following in itertools.pairwise(texts):
        if _NAME.match(line) and (following == line or following.startswith(line.split()[0] + " ")):
            names.add(line)
    return names


def _remove(line: str, article: Imported, byline_names: set[str], rest: list[str]) -> bool:
    """Remove ``line`` if it is boilerplate, noting the author and date it shows; True if removed."""
    if (date := _date_line(line)) is not None:
        article.date = article.date or date  # a date of its own: the publication's (or an update's)
    elif _TIMESTAMP.match(line):
        pass  # "Updated 3 hours ago", "Published 10:42 GMT"
    elif line in byline_names:
        article.author = article.author or line
    elif dated := _BYLINE_DATE.match(line):
        article.author = article.author or dated["name"].strip()
        article.date = article.date or dt.datetime.strptime(dated["date"], "%B %d, %Y").date()  # noqa: DTZ007
    elif by := _BY.match(line):
        article.author = article.author or by["name"]
    elif (bio := _BIO.match(line)) and all(_is_junk(r) for r in rest):
        if " " in bio["name"]:  # a full name, not just "Luke has been writing ..."
            article.author = article.author or bio["name"]
    elif len(line.split()) > 8 and any(line.startswith(n.split()[0] + " ") for n in byline_names):
        pass  # the bio under a byline: "Luke has been writing about all things tech ..."
    elif not _is_junk(line):
        return False
    article.removed.append(line)
    return True


def _is_junk(line: str) -> bool:
    return bool(_BREADCRUMB.match(line) or _JUNK.match(line))


def _is_headline(line: str) -> bool:
    return not line.endswith((".", "!", ":", '"', "”")) and 2 <= len(line.split()) <= 25


def _is_heading(line: str) -> bool:
    return not line.endswith((".", "!", '"', "”", ",", ";")) and len(line.split()) <= 20


def _date_line(line: str) -> dt.date | None:
    """The date a line that is only a date gives (see :data:`_DATE_LINE`), or None."""
    found = _DATE_LINE.match(line)
    if found is None:
        return None
    if found["iso"]:
        return _parse_iso(found["iso"])
    words = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b|[.,]", " ", found["md"] or found["dm"]).split()
    day, year = (words[1], words[2]) if found["md"] else (words[0], words[2])
    month = words[0] if found["md"] else words[1]
    for shape in ("%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(f"{day} {month} {year}", shape).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def _parse_iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def slugify(title: str, limit: int = 60) -> str:
    """``Microsoft’s Deal: EU Lawmaker`` -> ``microsofts-deal-eu-lawmaker``, cut at a word under ``limit``."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower().replace("'", ""))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or "article"


def file_name(title: str | None, date: dt.date | None, fallback: str) -> str:
    slug = slugify(title) if title else slugify(fallback)
    return f"{date.isoformat()}-{slug}.md" if date else f"{slug}.md"
