"""Clean an article body into plain-text blocks and sentences.

Stage 2 of the build. The body is Markdown written by a contributor: untrusted, and meant to be read, not
executed. This stage reduces it to plain text (no markup, no HTML, no invisible or direction-changing
characters) split into headings, paragraphs and list items, each with its line in the file and its
sentences. Headings never count as sentences, so they never reach a summary.
"""

from __future__ import annotations

import re
import unicodedata

from digest.model import Article, Block, BlockKind, Sentence
from digest.sentences import split_sentences

_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+•]|\d{1,3}[.)])\s+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
# Every pattern below runs in time linear in the text (a hostile paragraph may hold 100,000 characters):
# none scans on past the next character that could start another match of it, so no stretch of text is
# scanned again from each of many starting points.
_TARGET = r"\((?:[^()]|\([^()]*\))*\)"
"""A link's target in brackets, which may hold one level of brackets itself (Wikipedia's "Foo_(bar)")."""
_IMAGE = re.compile(rf"!\[([^\[\]]*)\]{_TARGET}")
_LINK = re.compile(rf"\[([^\[\]]*)\]{_TARGET}")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_COMMENT_START, _COMMENT_END = "<!--", "-->"
_EMPHASIS = (
    re.compile(r"(\*{1,3})([^\s*](?:[^*]*?[^\s*])?)\1"),
    # Underscores inside a word (snake_case) are not emphasis, as in CommonMark.
    re.compile(r"(?<![A-Za-z0-9])(_{1,3})([^\s_](?:[^_]*?[^\s_])?)\1(?![A-Za-z0-9])"),
)
_EMPHASIS_DEPTH = 3
"""Emphasis inside emphasis (``**bold *and* more**``) is taken off one level a pass."""
_CODE = re.compile(r"`+([^`]*)`+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
# Characters no reader should see: controls (category Cc) but tab and newline, the private-use areas
# (category Co), and the zero-width and bidirectional controls used to disguise text.
_UNSEEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000-\uf8ff\U000f0000-\U0010ffff"
    "\u200b-\u200f\u2060\ufeff\u061c\u202a-\u202e\u2066-\u2069]"
)
_SET_ASIDE = 0xF0000  # a private-use plane: where escaped ASCII waits while markup is stripped
_RESTORE = {_SET_ASIDE + code: code for code in range(128)}


def clean_article(article: Article) -> tuple[Block, ...]:
    """Split ``article.body`` into plain-text blocks with their sentences."""
    blocks: list[Block] = []
    sentence_index = 0
    for kind, raw, line in _raw_blocks(article.body, article.body_line, article.title):
        text = plain_text(raw)
        if not text:
            continue
        index = len(blocks)
        sentences: tuple[Sentence, ...] = ()
        if kind is not BlockKind.HEADING:
            pieces = split_sentences(text)
            sentences = tuple(
                Sentence(article.id, index, sentence_index + i, piece, i == 0 and kind is BlockKind.PARAGRAPH)
                for i, piece in enumerate(pieces)
            )
            sentence_index += len(sentences)
        blocks.append(Block(index, kind, text, line, sentences))
    return tuple(blocks)


def _raw_blocks(body: str, first_line: int, title: str = "") -> list[tuple[BlockKind, str, int]]:
    """Group the body's lines into (kind, markdown text, line number) blocks. A line that reads as a
    headline (see :func:`_headline_like`) is a heading of its own, not the start of the paragraph its next
    line begins: pasted text often keeps the headline right above the standfirst."""
    blocks: list[tuple[BlockKind, str, int]] = []
    current: list[str] = []
    kind = BlockKind.PARAGRAPH
    start = first_line

    def flush() -> None:
        if current:
            blocks.append((kind, " ".join(current), start))
            current.clear()

    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        if not line.strip():
            flush()
        elif _HEADING.match(line):
            flush()
            blocks.append((BlockKind.HEADING, _HEADING.sub("", line).rstrip("# "), number))
        elif _LIST_ITEM.match(line):
            flush()
            kind, start = BlockKind.LIST_ITEM, number
            current.append(_LIST_ITEM.sub("", line))
        elif _headline_like(line, title):
            flush()
            blocks.append((BlockKind.HEADING, line.strip(), number))
        else:
            if not current:
                kind, start = BlockKind.PARAGRAPH, number
            current.append(line.strip())
    flush()
    return blocks


_SENTENCE_END = re.compile(r"[.!?:;…\"”’')\]]\s*$")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def _headline_like(line: str, title: str) -> bool:
    """Whether ``line``, ending without a full stop, is the article's title or in title case (most of its
    words of four letters or more capitalised, three words at least)."""
    text = line.strip()
    if not text or _SENTENCE_END.search(text):
        return False
    if title and " ".join(text.split()).casefold() == " ".join(title.split()).casefold():
        return True
    words = [w for w in _WORD.findall(text) if len(w) >= 4]
    return (
        len(_WORD.findall(text)) >= 3
        and bool(words)
        and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
    )


def normalise(text: str) -> str:
    """NFC, without invisible, direction-changing, control or private-use characters.

    Such characters carry no text a reader should see and are used to disguise it ("\u202egnp.exe").
    """
    return _UNSEEN.sub("", unicodedata.normalize("NFC", text))


def plain_text(markdown: str) -> str:
    """Reduce one block of inline Markdown to normalised plain text."""
    text = normalise(markdown)  # also clears the private-use plane, where escapes wait below
    # Each pattern runs only when the character it needs is there: most text has no markup at all.
    # Escaped characters are set aside first, so that \* is a star and never starts emphasis.
    set_aside = "\\" in text
    if set_aside:
        text = _ESCAPE.sub(lambda m: chr(_SET_ASIDE + ord(m.group(1))), text)
    if "](" in text:
        text = _LINK.sub(r"\1", _IMAGE.sub(r"\1", text))
    if "<" in text:
        text = _HTML_TAG.sub("", _without_comments(text))
    if "`" in text:
        text = _CODE.sub(r"\1", text)
    if "*" in text or "_" in text:
        text = _without_emphasis(text)
    if set_aside:
        text = text.translate(_RESTORE)
    return " ".join(text.split())


def _without_comments(text: str) -> str:
    """``text`` without its HTML comments (``<!-- ... -->``); an unclosed one runs to the end.

    Found by ``str.find``, so a text of many comment openers and no closer is read once, where the
    pattern ``<!--.*?-->`` read it to the end from each opener.
    """
    kept = []
    position = 0
    while (start := text.find(_COMMENT_START, position)) != -1:
        kept.append(text[position:start])
        end = text.find(_COMMENT_END, start + len(_COMMENT_START))
        if end == -1:
            position = len(text)
            break
        position = end + len(_COMMENT_END)
    kept.append(text[position:])
    return "".join(kept)


def _without_emphasis(text: str) -> str:
    """``text`` with its emphasis markers (``*``, ``**``, ``_`` ...) taken off the words they enclose."""
    for _ in range(_EMPHASIS_DEPTH):
        before = text
        for pattern in _EMPHASIS:
            text = pattern.sub(r"\2", text)
        if text == before:
            break
    return text
