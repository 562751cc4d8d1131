"""Text that went through the wrong encoding: decoding files to import, and finding what was mis-decoded.

Saved pages and pasted text come in UTF-8, Windows-1252 or what their HTML declares. Read as the wrong
one, an article gains mojibake ("former’s" read as "formerâ€™s", or, once the invisible characters are
dropped, "formerâs") or loses characters for good (U+FFFD, "�", where a byte could not be read). Import
decodes as the file says (:func:`decode`); the check warns of mojibake with its likely fix and refuses a
U+FFFD (:func:`mis_decoded`), so a maintainer repairs it while the original is at hand (issue 23).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
REPLACEMENT = "\ufffd"


def decode(raw: bytes, html: bool) -> str:
    """``raw`` as text: UTF-8 (with or without a byte-order mark) when it is that, else the charset an
    HTML page declares, else Windows-1252 (what most pages that are not UTF-8 are), else Latin-1 (any
    byte is a character of it): never with U+FFFD in place of what could not be read."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    declared = _DECLARED.search(raw[:4096]) if html else None
    for encoding in ("utf-8", declared.group(1).decode("ascii") if declared else None, "cp1252"):
        if encoding:
            try:
                return raw.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    return raw.decode("latin-1")


# UTF-8 read as Windows-1252 ("â€™", "Ã©"), or as Latin-1 ("â" then an invisible C1 control), or that
# with the control since removed: "â" closing a word before "s" ("formerâs") or opening one before a
# capital ("âToday"), or after a sentence's end ("said.â").
_MOJIBAKE = re.compile(
    r"â€.?|â[\x80-\x9f].?|Ã[\x80-\xbf©¨¢ª«§¡¹³±¼º¶]|Â[\x80-\xbf]|(?<=[a-z])â(?=s\b)|â(?=[A-Z])|(?<=[.!?,])â"
)
_WORD = re.compile(r"\S*")
_LIKELY = (
    (re.compile(r"(?<=[a-z])â(?=s\b)"), "’"),
    (re.compile(r"â(?=[A-Z])"), "“"),
    (re.compile(r"(?<=[.!?,])â"), "”"),
)


@dataclass(frozen=True)
class MisDecoded:
    """What :func:`mis_decoded` found: where, the word as written, and what it likely stood for."""

    offset: int
    word: str
    fix: str | None
    count: int


def mis_decoded(text: str) -> MisDecoded | None:
    """The first word of ``text`` that looks mis-decoded, with its likely fix, and how many there are."""
    matches = list(_MOJIBAKE.finditer(text))
    if not matches:
        return None
    first = matches[0]
    start = max(text.rfind(" ", 0, first.start()), text.rfind("\n", 0, first.start())) + 1
    word = _WORD.match(text, start).group(0)  # type: ignore[union-attr]
    return MisDecoded(start, word, _repaired(word), len(matches))


def _repaired(word: str) -> str | None:
    import ftfy  # imported here: only a file that looks mis-decoded needs it

    fixed = ftfy.fix_text(word, uncurl_quotes=False)
    for pattern, character in _LIKELY:
        fixed = pattern.sub(character, fixed)
    return fixed if fixed != word and not _MOJIBAKE.search(fixed) else None
