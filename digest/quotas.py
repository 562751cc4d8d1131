"""How much of an article the site quotes away from its own page.

Part of stage 5 (render). An article's own page shows its summary (and its whole text only when
``publish_full_text`` is on); every other page that quotes it (its story's page, the theme and entity
pages) draws on one small set of its sentences, so that together they never reprint the article: at most
``QUOTED_SHARE`` of its sentences (``MIN_QUOTED`` of a very short one). A reader who wants more follows
the link to the original.

Which sentences, in order: those its story's page compares (in the brief, as a version of a
disagreement, as a dated event), then those of its summary.
"""

from __future__ import annotations

import math

from digest.model import AnalysedArticle, Compared, Sentence

QUOTED_SHARE = 0.4
"""Of an article's sentences, the most that pages other than its own quote, all together."""
MIN_QUOTED = 2
"""An article of fewer than five sentences may still be quoted twice."""
QUOTES_PER_ARTICLE = 2
"""Quotes of one article under one story on a theme's or an entity's page."""


def quota(article: AnalysedArticle) -> int:
    """How many of ``article``'s sentences pages other than its own may quote."""
    return max(MIN_QUOTED, math.floor(QUOTED_SHARE * len(article.sentences)))


def quotable(article: AnalysedArticle, compared: Compared) -> frozenset[int]:
    """The indexes of the sentences of ``article`` that other pages may quote (see the module's doc)."""
    mine = article.id
    compared_here = [
        *(c.sentence for c in compared.overview),
        *(s for d in compared.disagreements for v in d.versions for s in v.quotes),
        *(e.sentence for e in compared.timeline),
    ]
    ranked = [s.index for s in (*compared_here, *article.summary) if s.article_id == mine]
    return frozenset(list(dict.fromkeys(ranked))[: quota(article)])


def quotes_of(
    article: AnalysedArticle,
    allowed: frozenset[int],
    blocks: frozenset[int] | None = None,
    entity_id: str | None = None,
) -> tuple[tuple[Sentence, ...], int]:
    """Up to ``QUOTES_PER_ARTICLE`` of the ``allowed`` sentences of ``article`` that are in ``blocks``
    (paragraphs on a theme) or name ``entity_id``, and how many more sentences it has on that."""
    if entity_id is not None:
        about = [m.sentence for m in article.mentions if m.entity_id == entity_id]
    else:
        about = [s for s in article.sentences if blocks is None or s.block in blocks]
    about = list(dict.fromkeys(about))
    shown = tuple(s for s in about if s.index in allowed)[:QUOTES_PER_ARTICLE]
    return shown, len(about) - len(shown)
