"""How does the build scale? ``python -m digest.bench scale [--sizes 100 1000 10000]``.

For each size N, a deterministic corpus is generated from the project's own ``content/``: articles
recombined from its paragraphs, with its outlets and varied dates and lengths (so they carry its
themes and entities). Then, in a scratch folder, it measures:

- a cold ``digest build`` (time and peak memory, in a child process);
- the MkDocs build of its output, and the ratio of the two;
- a no-op rebuild, and a rebuild after one article changed;
- site bytes per article and search-index bytes per article.

It prints one line per size, and the medians of ``--repeat`` runs of each timing.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from digest.build import check

COPIED = ("templates", "overrides", "mkdocs.yml")


def generate(root: Path, target: Path, size: int, seed: int = 1) -> None:
    """Write a project of ``size`` articles into ``target``, recombined from ``root``'s content."""
    _settings, content, _ = check(root)
    paragraphs = sorted({p.strip() for a in content.articles for p in a.body.split("\n\n") if _is_text(p)})
    outlets = sorted({a.outlet for a in content.articles if a.outlet}) or ["An Outlet"]
    rng = random.Random(seed)
    shutil.rmtree(target, ignore_errors=True)
    articles = target / "content" / "articles"
    articles.mkdir(parents=True)
    for name in ("themes.yml", "entities.yml", "claims.yml"):
        if (root / "content" / name).exists():
            shutil.copy(root / "content" / name, target / "content" / name)
    for name in COPIED:
        source = root / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    for i in range(size):
        body = "\n\n".join(rng.sample(paragraphs, min(rng.randint(3, 10), len(paragraphs))))
        date = f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        (articles / f"{date}-article-{i}.md").write_text(
            f'---\ntitle: "Article {i}: {body.split(".")[0][:60]}"\noutlet: {rng.choice(outlets)}\n'
            f"author: Writer {i % 97}\ndate: {date}\nurl: https://example.com/{i}\nlanguage: en\n---\n\n"
            f"{body}\n\nThis is article number {i} of the generated corpus.\n",
            encoding="utf-8",
        )


def _is_text(paragraph: str) -> bool:
    paragraph = paragraph.strip()
    return bool(paragraph) and not paragraph.startswith(("#", "- ")) and len(paragraph.split()) > 8


def timed(command: Sequence[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of a child process."""
    start = time.perf_counter()
    process = subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(root: Path, size: int, repeat: int) -> dict[str, float]:
    digest = [sys.executable, "-m", "digest", "build"]
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        generate(root, project, size)
        cold, mkdocs_times, noop, one = [], [], [], []
        peak = 0.0
        for _ in range(repeat):
            shutil.rmtree(project / "build", ignore_errors=True)
            seconds, peak = timed(digest, project)
            cold.append(seconds)
            mkdocs_times.append(timed(mkdocs, project)[0])
            noop.append(timed(digest, project)[0])
            changed = sorted((project / "content" / "articles").glob("*.md"))[size // 2]
            changed.write_text(changed.read_text() + "\nOne more sentence about Microsoft and Mistral AI.\n")
            one.append(timed(digest, project)[0])
        site = project / "site"
        index = site / "search" / "search_index.json"
        return {
            "articles": size,
            "cold_s": statistics.median(cold),
            "peak_mb": peak,
            "mkdocs_s": statistics.median(mkdocs_times),
            "ratio": statistics.median(cold) / statistics.median(mkdocs_times),
            "noop_s": statistics.median(noop),
            "one_change_s": statistics.median(one),
            "site_kb_per_article": folder_bytes(site) / size / 1024,
            "index_kb_per_article": (index.stat().st_size if index.exists() else 0) / size / 1024,
        }


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m digest.bench scale", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; medians are printed")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project whose content/ to recombine")
    args = parser.parse_args(argv)
    print(
        f"{'articles':>9} {'build s':>8} {'peak MB':>8} {'mkdocs s':>9} {'ratio':>6} {'no-op s':>8} "
        f"{'one s':>6} {'site KB/art':>12} {'index KB/art':>13}"
    )
    for size in args.sizes:
        r = measure(args.root.resolve(), size, args.repeat)
        print(
            f"{size:>9} {r['cold_s']:>8.1f} {r['peak_mb']:>8.0f} {r['mkdocs_s']:>9.1f} {r['ratio']:>6.2f} "
            f"{r['noop_s']:>8.1f} {r['one_change_s']:>6.1f} {r['site_kb_per_article']:>12.1f} "
            f"{r['index_kb_per_article']:>13.2f}",
            flush=True,
        )
    return 0
