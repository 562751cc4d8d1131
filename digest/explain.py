"""``digest explain ARTICLE``: why an article landed on its themes, paragraph by paragraph."""

from __future__ import annotations

from collections.abc import Iterator

from digest.analyse import apply_theme_changes
from digest.clean import clean_article
from digest.model import Article, BlockKind, Content
from digest.themes import classify, score_paragraph


def explain(article: Article, content: Content) -> Iterator[str]:
    """Lines for a maintainer: each paragraph's score on each theme, the cues that fired, the result."""
    blocks = clean_article(article)
    matches = apply_theme_changes(article, classify(article.id, blocks, content.themes), content.themes)
    verdict = ", ".join(
        f"{m.theme_id} ({'added in the front matter' if m.editorial else f'score {m.score:g}'})"
        for m in matches
    )
    yield f"{article.path}: {verdict or 'no theme'}"
    for removed in article.themes_removed:
        yield f"  {removed}: removed in the front matter"
    width = max((len(t.id) for t in content.themes), default=0)
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            continue
        preview = block.text if len(block.text) <= 70 else block.text[:67] + "..."
        yield ""
        yield f"line {block.line}: {preview}"
        for theme in content.themes:
            score, cues = score_paragraph(theme, block.text)
            mark = "passage" if score >= theme.threshold else "-"
            fired = f"  ({', '.join(cues)})" if cues else ""
            yield f"  {theme.id:<{width}}  {score:>4g} / {theme.threshold:g}  {mark}{fired}"
