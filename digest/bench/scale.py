"""How does the build scale? ``python -m digest.bench scale [--sizes 100 1000 10000]``.

For each size N, a deterministic corpus is generated from the project's own ``content/``: articles
recombined from its paragraphs, with its outlets and varied dates and lengths (so they carry its
themes and entities). Then, in a scratch folder, it measures:

- a cold ``digest build`` (time, time per article, and peak memory of the process and its workers);
- the MkDocs build of its output, and the ratio of the two;
- a no-op rebuild, and a rebuild after one article's headline and text changed (and how many pages
  it rewrote);
- site bytes per article (also without the theme's assets, a fixed few hundred kilobytes), the site
  bytes each article adds (from the previous size to this one: flat if nothing grows faster than the
  corpus) and search-index bytes per article;
- search (Pagefind, :mod:`digest.search`): the time to index the built site, the index's total bytes,
  and, in headless Chromium on the served site, the bytes a reader downloads for a first query and for
  a further one, and the time from typing to results of each.

It prints one line per size, and the medians of ``--repeat`` runs of each timing.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import os
import platform
import random
import re
import shutil
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digest.build import check
from digest.search import index_site

COPIED = ("templates", "overrides", "mkdocs.yml")


def generate(root: Path, target: Path, size: int, seed: int = 1) -> None:
    """Write a project of ``size`` articles into ``target``, recombined from ``root``'s content.

    The articles come in stories, as news does: each story is an event with names of its own (an
    organisation, a partner, a place, a spokesperson, made up from syllables) that its one to twelve
    articles, dated within ten days of one another, put in their headline and first paragraph, over
    paragraphs of ``root``'s articles as background. A corpus of those paragraphs alone would be one
    event retold ten thousand times, which no digest holds, and which the clustering can only cut at
    random.
    """
    _settings, content, _ = check(root)
    paragraphs = sorted({p.strip() for a in content.articles for p in a.body.split("\n\n") if _is_text(p)})
    outlets = sorted({a.outlet for a in content.articles if a.outlet}) or ["An Outlet"]
    rng = random.Random(seed)
    shutil.rmtree(target, ignore_errors=True)
    articles = target / "content" / "articles"
    articles.mkdir(parents=True)
    for name in ("themes.yml", "entities.yml", "claims.yml"):
        if (root / "content" / name).exists():
            text = (root / "content" / name).read_text(encoding="utf-8")
            # The editors' questions are asked of every story of the corpus, not of a story it lacks.
            text = re.sub(r"^\s*story: .*\n", "", text, flags=re.MULTILINE)
            (target / "content" / name).write_text(text, encoding="utf-8")
    for name in COPIED:
        source = root / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    i = 0
    while i < size:
        event = _event(rng)
        start = dt.date(rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28))
        for _ in range(min(size - i, rng.choice(STORY_SIZES))):
            date = start + dt.timedelta(days=rng.randint(0, 10))
            background = rng.sample(paragraphs, min(rng.randint(2, 9), len(paragraphs)))
            body = "\n\n".join([rng.choice(event.leads), *background])
            (articles / f"{date}-article-{i}.md").write_text(
                f'---\ntitle: "Article {i}: {rng.choice(event.headlines)}"\noutlet: {rng.choice(outlets)}\n'
                f"author: Writer {i % 97}\ndate: {date}\nurl: https://example.com/{i}\nlanguage: en\n---\n\n"
                f"{body}\n\nThis is article number {i} of the generated corpus.\n",
                encoding="utf-8",
            )
            i += 1


STORY_SIZES = (1, 1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 12)
"""How many articles a generated story has (drawn evenly from these: 4 on average)."""
SYLLABLES = ("var", "nel", "ok", "ka", "ro", "thi", "mar", "sul", "den", "bri", "lo", "qua", "zen", "tor")
DEALS = ("acquisition", "merger", "partnership", "strike", "recall", "ruling", "launch", "investigation")


@dataclass(frozen=True)
class _Event:
    headlines: tuple[str, ...]
    leads: tuple[str, ...]


def _event(rng: random.Random) -> _Event:
    """A made-up event: the headlines and first paragraphs its articles choose from."""

    def name() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()

    org, partner, place, person = f"{name()} Labs", f"{name()} Group", name(), f"{name()} {name()}"
    deal = rng.choice(DEALS)
    amount = f"€{rng.randint(2, 900)} million"
    return _Event(
        headlines=(
            f"{org} and {partner} in {deal} talks",
            f"{org} {deal}: {partner} confirms {amount} plan",
            f"{place} reacts to the {org} {deal}",
        ),
        leads=(
            f"{org} and {partner} announced a {deal} worth {amount} in {place}, {person} said. "
            f"The {deal} between {org} and {partner} is expected to close within weeks.",
            f"{person} of {org} confirmed the {deal} with {partner} on a visit to {place}. "
            f"{partner} put the {deal} at {amount}, and critics in {place} asked for details.",
        ),
    )


def _is_text(paragraph: str) -> bool:
    paragraph = paragraph.strip()
    return bool(paragraph) and not paragraph.startswith(("#", "- ")) and len(paragraph.split()) > 8


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    output: str


def timed(command: Sequence[str], cwd: Path) -> Run:
    """Run ``command`` in ``cwd``: its wall time, its own peak resident memory (MB) and its output."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            command, cwd=cwd, stdout=out, stderr=err, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        )
        _pid, status, usage = os.wait4(process.pid, 0)  # this child's own usage, not every child's
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{err.read()[-2000:]}")
        return Run(seconds, usage.ru_maxrss / 1024, out.read())


_WRITTEN = re.compile(r"\((\d+) written")


def pages_written(run: Run) -> int:
    found = _WRITTEN.search(run.output)
    return int(found.group(1)) if found else 0


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(root: Path, size: int, repeat: int) -> dict[str, float]:
    digest = [sys.executable, "-m", "digest", "build"]
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        generate(root, project, size)
        cold, mkdocs_runs, noop, one = [], [], [], []
        for run in range(repeat):
            shutil.rmtree(project / "build", ignore_errors=True)
            shutil.rmtree(project / ".cache", ignore_errors=True)
            cold.append(timed(digest, project))
            mkdocs_runs.append(timed(mkdocs, project))
            noop.append(timed(digest, project))
            changed = sorted((project / "content" / "articles").glob("*.md"))[size // 2]
            # A maintainer's edit: a corrected headline and a paragraph more.
            text = changed.read_text().replace('title: "', f'title: "Update {run}: ', 1)
            changed.write_text(text + f"\nOne more sentence about Microsoft, number {run}.\n")
            one.append(timed(digest, project))
        site = project / "site"
        site_bytes = folder_bytes(site)
        started = time.perf_counter()
        index_site(site)
        index_s = time.perf_counter() - started
        queries = query_costs(site)
        return {
            "articles": size,
            "cold_s": _median(r.seconds for r in cold),
            "peak_mb": max(r.peak_mb for r in cold + noop + one),
            "mkdocs_s": _median(r.seconds for r in mkdocs_runs),
            "ratio": _median(r.seconds for r in cold) / _median(r.seconds for r in mkdocs_runs),
            "noop_s": _median(r.seconds for r in noop),
            "one_change_s": _median(r.seconds for r in one),
            "one_change_pages": _median(pages_written(r) for r in one),
            "site_bytes": site_bytes,
            "site_kb_per_article": site_bytes / size / 1024,
            # The theme's scripts, styles and icons: the same few hundred kilobytes at any size, cached once.
            "pages_kb_per_article": (site_bytes - folder_bytes(site / "assets")) / size / 1024,
            "index_kb_per_article": folder_bytes(site / "pagefind") / size / 1024,
            "index_s": index_s,
            "index_mb": folder_bytes(site / "pagefind") / 2**20,
            **queries,
        }


QUERIES = ("regulators", "Microsoft")
"""A first query and a further one, typed into the search box of the home page: a word of a tenth of
the generated articles, then one of every article (the most a query can load)."""
COMPRESSED = (".js", ".json", ".css", ".html")
"""Files a web server (GitHub Pages among them) sends gzip-compressed; Pagefind's own files are
compressed already and sent as they are."""


def query_costs(site: Path) -> dict[str, float]:
    """Kilobytes a reader downloads (as a server sends them: see :data:`COMPRESSED`) and milliseconds to
    results for :data:`QUERIES` typed into the served ``site``'s search box in headless Chromium. Empty
    without Chromium (see :func:`browsing`)."""
    costs: dict[str, float] = {}
    with browsing(site) as browsed:
        if browsed is None:
            return costs
        page, address = browsed
        received: list[int] = []
        page.on("requestfinished", lambda r: received.append(_sent_bytes(r)))
        page.goto(address)
        page.wait_for_load_state("networkidle")
        opened = len(received)
        page.keyboard.press("/")  # opening the box starts loading Pagefind: counted with the first query
        for name, query in zip(("first", "next"), QUERIES, strict=True):
            before, meta = len(received), page.locator(".md-search-result__meta")
            before = opened if name == "first" else before
            old = meta.inner_text()
            started = time.perf_counter()
            page.locator("input.md-search__input").fill(query)
            page.wait_for_function(
                "old => document.querySelector('.md-search-result__meta').textContent !== old", arg=old
            )
            costs[f"{name}_query_ms"] = 1000 * (time.perf_counter() - started)
            page.wait_for_load_state("networkidle")
            costs[f"{name}_query_kb"] = sum(received[before:]) / 1024
    return costs


@contextlib.contextmanager
def browsing(site: Path) -> Iterator[tuple[Any, str] | None]:
    """A page of headless Chromium (Debian's; Playwright is a test dependency) and the address at which
    ``site`` is served on this machine, while the block runs; None without them."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        yield None
        return
    chromium = shutil.which("chromium")
    if chromium is None:
        yield None
        return
    handler = functools.partial(_Quiet, directory=str(site))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                yield browser.new_page(), f"http://127.0.0.1:{server.server_address[1]}/"
                browser.close()
        finally:
            server.shutdown()


def _sent_bytes(request: Any) -> int:
    body = request.response().body()
    compressed = request.url.split("?")[0].endswith(COMPRESSED)
    return len(gzip.compress(body)) if compressed else len(body)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def added_kb_per_article(smaller: dict[str, float], larger: dict[str, float]) -> float:
    """Site kilobytes per article added from one size to the next: what the site's growth costs."""
    return (larger["site_bytes"] - smaller["site_bytes"]) / (larger["articles"] - smaller["articles"]) / 1024


def _median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def machine() -> str:
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m digest.bench scale", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; medians are printed")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project whose content/ to recombine")
    args = parser.parse_args(argv)
    print(f"{dt.datetime.now(tz=dt.UTC):%Y-%m-%d}, {machine()}; medians of {args.repeat} run(s)")
    print(
        f"{'articles':>9} {'build s':>8} {'ms/art':>7} {'peak MB':>8} {'mkdocs s':>9} {'ratio':>6} "
        f"{'no-op s':>8} {'one s':>6} {'one pages':>10} {'site KB/art':>12} {'no assets':>10} "
        f"{'added KB/art':>13} {'index KB/art':>13} {'index s':>8} {'index MB':>9} "
        f"{'1st query KB':>13} {'1st ms':>7} {'next KB':>8} {'next ms':>8}"
    )
    previous = None
    for size in args.sizes:
        r = measure(args.root.resolve(), size, args.repeat)
        added = "" if previous is None else f"{added_kb_per_article(previous, r):.1f}"
        previous = r
        print(
            f"{size:>9} {r['cold_s']:>8.1f} {1000 * r['cold_s'] / size:>7.1f} {r['peak_mb']:>8.0f} "
            f"{r['mkdocs_s']:>9.1f} {r['ratio']:>6.2f} {r['noop_s']:>8.2f} {r['one_change_s']:>6.1f} "
            f"{r['one_change_pages']:>10.0f} {r['site_kb_per_article']:>12.1f} "
            f"{r['pages_kb_per_article']:>10.1f} {added:>13} "
            f"{r['index_kb_per_article']:>13.2f} {r['index_s']:>8.1f} {r['index_mb']:>9.1f} "
            f"{r.get('first_query_kb', 0):>13.0f} {r.get('first_query_ms', 0):>7.0f} "
            f"{r.get('next_query_kb', 0):>8.0f} {r.get('next_query_ms', 0):>8.0f}",
            flush=True,
        )
    return 0
