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

    def find(self, text: str) -> tuple[str, ...]:
        """Entity ids named in ``text``, in order of first mention, each once."""
        found = (self._by_name[m.group(0)] for m in self._regex.finditer(_normalise(text)))
        return tuple(dict.fromkeys(found))

    def mentions(self, sentences: Sequence[Sentence]) -> tuple[Mention, ...]:
        return tuple(Mention(eid, s) for s in sentences for eid in self.find(s.text))


def _normalise(text: str) -> str:
    # Sources mix straight and curly apostrophes ("Microsoft's", "Microsoft’s").
    return text.replace("’", "'")
