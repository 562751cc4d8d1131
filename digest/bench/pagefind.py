"""How does Pagefind's search time grow with the pages a word is on? ``python -m digest.bench pagefind
[--sizes 2500 5000 10000 20000]``.

For each size N, a site of N pages, each of a title and 300 words drawn from 5,000, with one word on
every page ("everywhere") and one on a page in a hundred ("sometimes"), indexed as the build indexes
a site (:func:`digest.search.index_site`). Then, in headless Chromium (Debian's), each word is searched
twice and the second time is printed: Pagefind's own time to rank, with nothing left to load.

At 10,000 articles a word of nearly every page took about 0.8 s to rank (``bench scale``'s next query),
and the time grows with the square of the pages the word is on. Pagefind/pagefind#1334 ("group
matching words by page before scoring", open, not in 1.5.2) reports such queries 3 to 8 times faster
on 10,000 pages: when a release has it, pin it and run this again.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path

from digest.bench.scale import browsing, machine
from digest.search import ROOT, index_site

WORDS = 300
VOCABULARY = 5_000
QUERIES = ("everywhere", "sometimes")


def write_site(site: Path, size: int, seed: int = 1) -> None:
    """``size`` pages under ``site``, each in the element Pagefind indexes (:data:`ROOT`)."""
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(VOCABULARY)]
    tag, _, css_class = ROOT.partition(".")
    for number in range(size):
        words = " ".join(rng.choice(vocabulary) for _ in range(WORDS))
        rare = " sometimes" if number % 100 == 0 else ""
        page = site / f"p{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<html lang="en"><body><{tag} class="{css_class}"><h1>Page {number}</h1>'
            f"<p>everywhere{rare} {words}</p></{tag}></body></html>",
            encoding="utf-8",
        )


SEARCH = """async (query) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  let took = 0, found = 0;
  for (let time = 0; time < 2; time++) {  // the second time: nothing left to load
    const started = performance.now();
    found = (await pagefind.search(query)).results.length;
    took = performance.now() - started;
  }
  return [found, took];
}"""


def search_times(site: Path) -> dict[str, tuple[int, float]]:
    """Each of :data:`QUERIES`: the pages found and the milliseconds a second search took."""
    with browsing(site) as browsed:
        if browsed is None:
            raise SystemExit("needs Playwright and Debian's chromium (make test installs them)")
        page, address = browsed
        page.goto(address + "p0/")
        return {query: tuple(page.evaluate(SEARCH, query)) for query in QUERIES}  # type: ignore[misc]


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m digest.bench pagefind", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 5000, 10000, 20000])
    args = parser.parse_args(argv)
    print(f"{machine()}; Pagefind's time to rank a word, searched a second time")
    print(f"{'pages':>7} " + " ".join(f"{q + ': found':>18} {'ms':>7}" for q in QUERIES))
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            site = Path(scratch)
            write_site(site, size)
            index_site(site)
            times = search_times(site)
        print(f"{size:>7} " + " ".join(f"{times[q][0]:>18} {times[q][1]:>7.0f}" for q in QUERIES), flush=True)
    return 0
