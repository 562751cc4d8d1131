"""Where each disagreement stands: how well sourced each version is, since when, and on whose word.

Stage 4 (link), per story, after the comparison (:mod:`digest.compare`) has found the disagreements.
Nothing is judged true: each version is counted, dated and attributed, from its own quotes.

- **Sources**: the distinct sources giving a version, a republished copy and its original counted once.
- **Dates**: the first and the latest article giving it.
- **Whose word**: a tracked name its quote gives as its source ("according to the Financial Times",
  "told Reuters") is *cited*. For the editors' questions, a tracked person or organisation its quote
  gives as saying it ("Microsoft told Reuters", "Mistral assures", "Arthur Mensch, has told Le Monde") is
  a *speaker*; a speaker that is one of the parties the question is about (the entities it names) gives
  that party's own statement, which a reader weighs apart from what the sources report.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from digest.analyse import source_ids
from digest.entities import EntityMatcher
from digest.model import AnalysedArticle, Disagreement, Entity, EntityType, Version

_SPEECH = (
    r"(?:said|says|told|tells|confirmed|confirms|announced|announces|stated|states|denied|denies|insisted"
    r"|insists|added|adds|wrote|writes|assured|assures|explained|explains|pledged|pledges|clarified"
    r"|argued|argues|made it clear|has made it clear)"
)
SPEAKS_AFTER = re.compile(
    rf"^(?:[’']s?)?\s*,?\s+(?:has\s+|had\s+|have\s+|also\s+|later\s+)?{_SPEECH}\b", re.IGNORECASE
)
"""What follows a name that says it: "Microsoft told", "Mistral assures", "Arthur Mensch, has told"."""
ACCORDING_TO = re.compile(r"\baccording to (?:the\s+)?$|\b(?:said|told)\s+(?:the\s+)?$", re.IGNORECASE)
"""What precedes a name given as the source: "according to the Financial Times", "told Reuters"."""


def weigh(
    disagreements: Sequence[Disagreement],
    articles: Sequence[AnalysedArticle],
    entities: Sequence[Entity],
    matcher: EntityMatcher | None = None,
) -> tuple[Disagreement, ...]:
    """``disagreements`` with each version counted, dated and attributed (see the module's doc);
    ``matcher`` finds ``entities`` (made once for many stories, else here)."""
    by_id = {a.id: a for a in articles}
    matcher = matcher or EntityMatcher(entities)
    kinds = {e.id: e.type for e in entities}
    weighed = []
    for disagreement in disagreements:
        parties = matcher.find(disagreement.question)
        # Only the editors' questions are answered by what someone says: an amount is often stated beside
        # a speaker who says something else ("Mistral assures it will remain open-source following
        # Microsoft's $2 billion investment").
        attributed = disagreement.editorial
        versions = tuple(_weigh_version(v, by_id, matcher, kinds, attributed) for v in disagreement.versions)
        weighed.append(dataclasses.replace(disagreement, versions=versions, parties=parties))
    return tuple(weighed)


def _weigh_version(
    version: Version,
    by_id: dict[str, AnalysedArticle],
    matcher: EntityMatcher,
    kinds: dict[str, EntityType],
    attributed: bool,
) -> Version:
    giving = [by_id[i] for i in version.articles if i in by_id]
    sources = set(source_ids(giving).values())
    dates = sorted(a.article.date for a in giving if a.article.date)
    speakers: dict[str, None] = {}
    cites: dict[str, None] = {}
    for quote in version.quotes:
        text = quote.text
        for start, end, entity_id in matcher.spans(text):
            if kinds[entity_id] is not EntityType.PUBLICATION and SPEAKS_AFTER.match(text[end : end + 60]):
                if attributed:
                    speakers[entity_id] = None
            elif ACCORDING_TO.search(text[max(0, start - 20) : start]):
                cites[entity_id] = None
    return dataclasses.replace(
        version,
        sources=len(sources),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        speakers=tuple(speakers),
        cites=tuple(c for c in cites if c not in speakers),
    )
