"""How much of each article does the site reprint away from its own page? ``python -m digest.bench quoted``.

Reads a project's ``content/`` and the site MkDocs built from it (``site/``: run ``make site`` first),
and prints, for each article, how many of its sentences appear word for word on some page other than its
own (and other than the page of an article with the same text, its republished copy or original), out of
how many it has; the target is at most 40% (:data:`digest.quotas.QUOTED_SHARE`) of any article of five
sentences or more.
"""

from __future__ import annotations

import argparse
import html
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from digest.analyse import analyse
from digest.build import check
from digest.model import AnalysedArticle
from digest.quotas import QUOTED_SHARE

TAG = re.compile(r"<[^>]+>")


def page_texts(site: Path) -> dict[str, str]:
    """The reading text of every page of ``site`` (from its ``<article>`` on), whitespace collapsed."""
    texts = {}
    for page in sorted(site.rglob("*.html")):
        body = page.read_text(encoding="utf-8").split("<article", 1)[-1]
        texts[page.relative_to(site).as_posix()] = " ".join(html.unescape(TAG.sub("", body)).split())
    return texts


def shown_elsewhere(
    articles: Sequence[AnalysedArticle], pages: dict[str, str]
) -> Iterator[tuple[AnalysedArticle, int, int]]:
    """(article, its sentences shown on pages not its own, its sentences) for each article."""
    bodies = {a.id: tuple(s.text for s in a.sentences) for a in articles}
    for article in articles:
        own = {f"articles/{i}/index.html" for i, body in bodies.items() if body == bodies[article.id]}
        elsewhere = [text for name, text in pages.items() if name not in own]
        shown = sum(1 for s in article.sentences if any(s.text in text for text in elsewhere))
        yield article, shown, len(article.sentences)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m digest.bench quoted", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project (its content/ and site/)")
    args = parser.parse_args(argv)
    settings, content, _ = check(args.root)
    articles = analyse(content, settings.summary_share)
    rows = list(shown_elsewhere(articles, page_texts(args.root / "site")))
    print(
        f"Sentences of each article shown on other pages (target: at most {QUOTED_SHARE:.0%} of 5 or more):"
    )
    for article, shown, total in rows:
        print(f"  {shown:>3}/{total:<3} {shown / max(total, 1):>4.0%}  {article.id}")
    long = [shown / total for _, shown, total in rows if total >= 5]
    if long:
        print(f"Most of any article of 5 sentences or more: {max(long):.0%} ({len(long)} such articles)")
    return 0
