"""Recognise the entities of ``content/entities.yml`` in article sentences.

Stage 3c. Names and aliases are matched as written (case-sensitive), on word boundaries, leftmost-longest:
in "Mistral Large ranks second" the product Mistral Large is found, not the company Mistral AI under its
alias "Mistral". Case-sensitivity is what keeps the model "Large" or the chat "Le Chat" from matching the
ordinary words; spellings a source really uses ("le Chat") are listed as aliases.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from digest.model import Entity, Mention, Sentence


class EntityMatcher:
    """One compiled alternation of every name, longest first, so the longest name wins at a position."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self._by_name: dict[str, str] = {}
        for entity in entities:
            for name in entity.names:
                self._by_name.setdefault(_normalise(name), entity.id)
        names = sorted(self._by_name, key=lambda n: (-len(n), n))
        alternation = "|".join(re.escape(n) for n in names) or r"(?!x)x"
        self._regex = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, entity id)`` of every name in ``text``, left to right."""
        return [
            (m.start(), m.end(), self._by_name[m.group(0)]) for m in self._regex.finditer(_normalise(text))
        ]

    def find(self, text: str) -> tuple[str, ...]:
        """Entity ids named in ``text``, in order of first mention, each once."""
        return tuple(dict.fromkeys(entity_id for _, _, entity_id in self.spans(text)))

    def covers(self, name: str) -> bool:
        """Whether ``name`` is one of the tracked names, or contains one."""
        return bool(self._regex.search(_normalise(name)))

    def mentions(self, sentences: Sequence[Sentence]) -> tuple[Mention, ...]:
        return tuple(Mention(eid, s) for s in sentences for eid in self.find(s.text))


def _normalise(text: str) -> str:
    # Sources mix straight and curly apostrophes ("Microsoft's", "Microsoft’s").
    return text.replace("’", "'")


# A capitalised run of words, allowing the small words inside names ("Bank of England", "Le Monde").
_CANDIDATE = re.compile(
    r"(?<![\w-])(?:[A-Z][\w’'&.-]*[A-Za-z0-9])(?:\s+(?:(?:of|de|la|le|du|der|von|and|for|the)\s+)?"
    r"[A-Z][\w’'&.-]*[A-Za-z0-9])*"
)
_COMMON_WORDS = (
    "a an the this that these those it its he she they we i you our their his her as at by for from in into",
    "of on or and but if while when after before with without however despite unlike although also not no",
    "yes monday tuesday wednesday thursday friday saturday sunday january february march april may june",
    "july august september october november december ai ceo llm llms api us uk eu european french german",
    "british american chinese english italian spanish dutch japanese indian",
)
_NOT_NAMES = frozenset(" ".join(_COMMON_WORDS).split())
_LEADING = frozenset(
    ("a", "an", "the", "this", "that", "these", "those", "it", "its", "their", "his", "her", "our")
)
"""Words dropped from the front of a name found at a sentence start ("The Commission")."""


def candidate_entities(
    texts_by_article: dict[str, Sequence[str]], matcher: EntityMatcher, min_sources: int = 2
) -> list[tuple[str, tuple[str, ...]]]:
    """Names that recur across ``min_sources`` or more articles but are not tracked, with those articles.

    ``texts_by_article`` holds each article's paragraphs as plain text; see :func:`candidate_names`.
    """
    names = {article_id: candidate_names(texts, matcher) for article_id, texts in texts_by_article.items()}
    return recurring_names(names, min_sources)


def candidate_names(texts: Sequence[str], matcher: EntityMatcher) -> frozenset[str]:
    """The untracked names in one article's paragraphs (``texts``, plain text).

    A name is a capitalised run of words that is not a lone word starting a sentence (where every word
    is capitalised) and not a common word; names the matcher covers are left out, and so is a
    possessive's "’s".
    """
    found: set[str] = set()
    for text in texts:
        for match in _CANDIDATE.finditer(text):
            name = _POSSESSIVE.sub("", match.group(0)).strip(" .-")
            words = name.split()
            if len(words) == 1 and _starts_sentence(text, match.start()):
                continue
            if all(w.lower() in _NOT_NAMES for w in words) or len(name) < 3 or matcher.covers(name):
                continue
            if words[0].lower() in _LEADING:  # "The Commission" -> "Commission"
                name = " ".join(words[1:])
                if not name or matcher.covers(name) or name.lower() in _NOT_NAMES:
                    continue
            found.add(name)
    return frozenset(found)


def recurring_names(
    names_by_article: dict[str, frozenset[str]], min_sources: int = 2
) -> list[tuple[str, tuple[str, ...]]]:
    """Names found in ``min_sources`` or more articles, most articles first, each with those articles."""
    found: dict[str, set[str]] = {}
    for article_id, names in names_by_article.items():
        for name in names:
            found.setdefault(name, set()).add(article_id)
    ranked = sorted(found.items(), key=lambda item: (-len(item[1]), item[0]))
    return [(name, tuple(sorted(ids))) for name, ids in ranked if len(ids) >= min_sources]


_POSSESSIVE = re.compile(r"[’']s$")


def _starts_sentence(text: str, position: int) -> bool:
    """Whether only spaces stand between ``position`` and the start of the text or a sentence's end."""
    before = position - 1
    while before >= 0 and text[before].isspace():
        before -= 1
    return before < 0 or text[before] in '.!?”":'
