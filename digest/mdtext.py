"""Writing untrusted text into generated Markdown safely.

MkDocs passes raw HTML straight through to the page, so any text that comes from an article or a content
file is escaped before it reaches a template's output: HTML's ``& < > "`` become entities, Markdown's
inline syntax is backslash-escaped (links, images, emphasis, code, attribute lists), and a character that
would start a block at the beginning of a line (a heading, list, quote or rule) is escaped too. The result
reads as exactly the source text on the page, whatever the text contains.

Templates never call this by hand: the Jinja environment applies :func:`escape` to every ``{{ ... }}``
that is not already :class:`Markdown` (see :func:`digest.render.environment`).
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import markupsafe

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "|": "&#124;"}
# Only characters that Python-Markdown's core (and CommonMark) treat as escapable: any other escaped
# character would show its backslash.
_INLINE = "\\`*_{}[]!#"
_CONTROL = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
# One pass does it all: control characters go (Python-Markdown marks its own placeholders with \x02 and
# \x03), other whitespace becomes a space, Markdown's characters get a backslash and HTML's an entity
# (in the same pass, so the '#' of an entity is not escaped again).
_ESCAPES = str.maketrans(
    {
        **{chr(c): " " for c in range(0x3001) if chr(c).isspace()},
        **dict.fromkeys(map(chr, _CONTROL)),
        **{c: f"\\{c}" for c in _INLINE},
        **_HTML,
    }
)
_SPACES = re.compile(" {2,}")
_WHITESPACE = re.compile(r"\s+")
_BLOCK_START = re.compile(r"^(\d+)([.)])(?=\s|$)|^([-+*])")
_MAYBE_BLOCK_START = frozenset("0123456789-+*")
_ENTITY_AT_START = {"?": "&#63;", "=": "&#61;"}
"""Characters that start a block at the beginning of a line but cannot be backslash-escaped in
Python-Markdown: ``???+ note`` opens a collapsible block (pymdownx.details) that hides the words after it,
and ``===`` under a line of text makes that line a heading. As entities they are shown as themselves."""


class Markdown(markupsafe.Markup):
    """Markdown that is safe to output as it is: built by our own code from escaped parts.

    A :class:`markupsafe.Markup`, so Jinja's autoescape leaves it (and the output of template macros)
    alone; build it with f-strings from :func:`escape`-d parts, never with ``+`` or ``%`` (those
    HTML-escape their other operand).
    """

    __slots__ = ()


def escape(value: object) -> Markdown:
    """``value`` as Markdown inline text that renders literally, on one line.

    Values that are already :class:`Markdown` (our links) pass unchanged. Any other ``Markup`` is only
    HTML-escaped (Jinja's idea of safe), so it is escaped again here, for Markdown.
    """
    if isinstance(value, Markdown):  # our own output: already safe
        return value
    text = str(value).translate(_ESCAPES)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if text[:1] in _MAYBE_BLOCK_START:
        text = _BLOCK_START.sub(
            lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", text
        )
    elif text[:1] in _ENTITY_AT_START:
        text = _ENTITY_AT_START[text[0]] + text[1:]
    return Markdown(text)


def link(text: object, target: str, title: str | None = None) -> Markdown:
    """A Markdown link; ``target`` is a relative page path or a checked http(s) URL."""
    tooltip = f' "{_attribute(title)}"' if title else ""
    return Markdown(f"[{escape(text)}]({safe_url(target)}{tooltip})")


def labelled(link_markdown: Markdown, label: str) -> Markdown:
    """``link_markdown`` with ``label`` as its accessible name (``aria-label``, through attr_list): for a
    link whose text is a sign ("↗", "[1]") that a screen reader cannot make sense of. ``label`` is ours,
    never content: it may hold no character that ends the attribute."""
    if not re.fullmatch(r"[\w ,.:'-]+", label):
        raise ValueError(f"not a plain label: {label!r}")
    return Markdown(f'{link_markdown}{{ aria-label="{label}" }}')


def _attribute(text: str) -> str:
    """Text for a link title: entities for whatever could end the title or the link early."""
    text = html.escape(_WHITESPACE.sub(" ", text), quote=True)
    return text.translate(_TITLE_ENTITIES)


_TITLE_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "()[]\\`*_"})


def safe_url(url: str) -> str:
    """Percent-encode what would end a Markdown link target early (spaces, brackets, quotes)."""
    return quote(url, safe="/:?#[]@!$&'*+,;=%~.-_")


def text_fragment(url: str, sentence: str) -> str:
    """A link to ``sentence`` on the page at ``url`` (a URL text fragment, ``#:~:text=start,end``).

    Long sentences are addressed by their first and last words, which browsers match more reliably
    than a long exact string.
    """
    words = sentence.rstrip(".!?”\"'").split()

    def encode(part: list[str]) -> str:
        return quote(" ".join(part), safe="")

    directive = encode(words) if len(words) <= 10 else f"{encode(words[:5])},{encode(words[-5:])}"
    base = url.split("#", 1)[0]
    return f"{base}#:~:text={directive}"
