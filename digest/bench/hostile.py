"""Does any text stage stall on hostile input? ``python -m digest.bench hostile [--size 99000] [--limit 2]``.

Anyone can open a pull request, and one article under the size limit must not stall the build (issue
22: 99,000 digits and " x $" took over 900 s). Each input here is one article of about ``--size``
characters, made of a run of whatever makes a naive pattern or loop go quadratic: digits, separators,
currency signs, dots, abbreviations, quotes, brackets, markup, capitalised words, dates, numbers, short
sentences. For each, a scratch project holding only that article (with the themes, entities and claims
of ``--root``) is built cold with ``digest build --jobs 1``; the time is printed, and an input over
``--limit`` seconds fails the benchmark (exit code 1).

``tests/test_properties.py`` checks the same inputs, and random runs like them, for linear time.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from digest.bench.scale import machine

SIZE = 99_000
"""Characters per input: just under the body limit (:data:`digest.load.MAX_BODY_CHARS`)."""
LIMIT_S = 2.0
"""The most a cold ``digest build --jobs 1`` of one hostile article may take (issue 22)."""


def run_of(unit: str, head: str = "", tail: str = "") -> Callable[[int], str]:
    """An input of ``size`` characters: ``head``, then ``unit`` repeated, then ``tail``."""

    def make(size: int) -> str:
        count = max(1, (size - len(head) - len(tail)) // len(unit))
        return head + unit * count + tail

    return make


HOSTILE: dict[str, Callable[[int], str]] = {
    # runs of digits
    "digits then $": run_of("1", tail=" x $"),
    "digits then %": run_of("1", tail=" x %"),
    "digits then dollars": run_of("1", tail=" million dollars"),
    "digits then a noun": run_of("1", tail=" researchers"),
    "digits then a date": run_of("1", head="January ", tail=" 2024"),
    # separators
    "thousands separators": run_of(",000", head="1", tail=" x"),
    "dashes between digits": run_of("1-", tail="1 billion"),
    "slashes between digits": run_of("1/"),
    "list markers": run_of("- "),
    "commas": run_of(", ", head="A"),
    "spaces": run_of(" ", head="A", tail="b."),
    "tabs": run_of("\t", head="A", tail="b."),
    "line breaks": run_of("a\n"),
    "paragraphs": run_of("a\n\n"),
    # currency signs
    "euro signs": run_of("€"),
    "dollar signs then digits": run_of("$1 "),
    "currency ranges": run_of("$1-"),
    "currency codes": run_of("EUR 1 "),
    "pound signs and words": run_of("£1 pounds "),
    "amounts and subjects": run_of("$1 investment "),
    "subjects then an amount": run_of("investment ", tail="$1 billion"),
    # dots
    "dots": run_of(".", head="A", tail="x"),
    "spaced dots": run_of(". ", head="A"),
    "ellipses": run_of("…", head="A"),
    "dotted digits": run_of("1."),
    "dotted letters": run_of("a."),
    # abbreviations
    "titles": run_of("Mr. A "),
    "dotted acronyms": run_of("U.S. "),
    "numbered abbreviations": run_of("No. 1 "),
    "initials": run_of("A. "),
    "company suffixes": run_of("Inc. "),
    # quotes and brackets
    "straight quotes": run_of('"', tail=" A"),
    "curly quotes": run_of("“", tail=" A"),
    "quoted sentences": run_of("“A. "),
    "possessives": run_of("Acme's "),
    "opening brackets": run_of("(", tail="A"),
    "link openers": run_of("[a]("),
    "image openers": run_of("![a]("),
    "braces": run_of("{", tail="A"),
    "link texts": run_of("[a"),
    # markup
    "stars": run_of("*", tail="a"),
    "underscores": run_of("_a"),
    "emphasised words": run_of("*a "),
    "underscored words": run_of("_a "),
    "backticks": run_of("`a"),
    "tag openers": run_of("<a"),
    "comment openers": run_of("<!--"),
    "escapes": run_of("\\*"),
    "entities": run_of("&amp;"),
    "hashes": run_of("#"),
    "admonition markers": run_of("!!! note "),
    # names, dates and numbers
    "capitalised words": run_of("Aa "),
    "a capital run": run_of("A"),
    "tracked names": run_of("Microsoft and Mistral AI "),
    "small words in names": run_of("Bank of "),
    "month and day": run_of("January 1 "),
    "weekdays": run_of("on Monday "),
    "years": run_of("in 2024 "),
    "relative months": run_of("last month "),
    "dated sentences": run_of("It grew in 2024. "),
    "number words": run_of("three "),
    "percentages": run_of("5% "),
    "qualifiers": run_of("about "),
    # sentences and words
    "short sentences": run_of("Acme invests in widgets across Europe today. "),
    "short paragraphs": run_of("Acme invests in widgets across Europe today.\n\n"),
    "undisclosed terms": run_of("The terms of the deal were not disclosed. "),
    "one long word": run_of("a"),
    "hyphenated word": run_of("x-"),
    "a cue inside a word": run_of("invest", head="a"),
}


def article(body: str) -> str:
    return (
        "---\ntitle: A hostile article\noutlet: Hostile News\nauthor: A. Writer\ndate: 2024-02-26\n"
        f"url: https://example.com/hostile\n---\n\n{body}\n"
    )


def scratch_project(root: Path, target: Path, body: str) -> None:
    """A project at ``target`` with ``root``'s templates, themes, entities and claims, and one article."""
    articles = target / "content" / "articles"
    articles.mkdir(parents=True)
    shutil.copytree(root / "templates", target / "templates")
    for name in ("themes.yml", "entities.yml", "claims.yml"):
        if (root / "content" / name).exists():
            shutil.copy(root / "content" / name, target / "content" / name)
    (articles / "2024-02-26-hostile.md").write_text(article(body), encoding="utf-8")


def time_build(root: Path, body: str, timeout: float) -> tuple[float, str]:
    """Seconds a cold ``digest build --jobs 1`` of one article with ``body`` takes (``timeout`` at most),
    and how it ended."""
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        scratch_project(root, project, body)
        start = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "digest", "build", "--jobs", "1"],
                cwd=project,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return timeout, "stopped"
        seconds = time.perf_counter() - start
        return seconds, "built" if done.returncode == 0 else f"exit {done.returncode}"


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m digest.bench hostile", description=__doc__)
    parser.add_argument("--size", type=int, default=SIZE, help="characters per input")
    parser.add_argument("--limit", type=float, default=LIMIT_S, help="seconds an input may take")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds after which a build is stopped")
    parser.add_argument("--only", nargs="+", choices=sorted(HOSTILE), help="run these inputs only")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project whose templates to use")
    args = parser.parse_args(argv)
    names = args.only or list(HOSTILE)
    print(f"{machine()}; digest build --jobs 1 of one article of {args.size:,} characters")
    print(f"{'input':<28} {'seconds':>8}  result")
    slow = []
    for name in names:
        seconds, ended = time_build(args.root.resolve(), HOSTILE[name](args.size), args.timeout)
        verdict = "ok" if seconds <= args.limit and ended == "built" else "SLOW"
        if verdict != "ok":
            slow.append(name)
        print(f"{name:<28} {seconds:>8.2f}  {ended}, {verdict}", flush=True)
    times = "every input" if not slow else f"{len(slow)} of {len(names)} inputs over the limit"
    print(f"{times}: limit {args.limit:.1f} s")
    return 1 if slow else 0
