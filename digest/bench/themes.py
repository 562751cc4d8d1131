"""How accurate is the theme classifier? Precision, recall and F1 per theme against an editor's labels.

``python -m digest.bench themes`` classifies every paragraph of ``content/`` annotated in ``--labels``
(default ``../shared/eval/first-edition.yml``: paragraphs named by their first words, each with the
themes a careful editor gives it) and scores each theme and the macro average, on three splits:

- ``tuning``: the paragraphs of the seeds named in ``TUNING_SEEDS``, which the cues were tuned against;
- ``held-out``: the other seeds' paragraphs, kept back while tuning, to see that the cues carry over;
- ``all``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from digest.bench.summaries import SHARED, normalised_start
from digest.build import check
from digest.clean import clean_article
from digest.model import BlockKind, Theme
from digest.themes import score_paragraph

TUNING_SEEDS = ("000", "001", "002")


@dataclass(frozen=True)
class Labelled:
    seed: str
    text: str
    gold: frozenset[str]


def labelled_paragraphs(root: Path, labels: Path) -> tuple[list[Labelled], list[Theme]]:
    """The annotated paragraphs found in ``root``'s content, with their gold themes."""
    _settings, content, _ = check(root)
    blocks = [b for a in content.articles for b in clean_article(a) if b.kind is not BlockKind.HEADING]
    found = []
    for entry in yaml.safe_load(labels.read_text(encoding="utf-8"))["articles"]:
        for paragraph in entry["paragraphs"]:
            start = normalised_start(paragraph["starts"])
            block = next((b for b in blocks if normalised_start(b.text).startswith(start)), None)
            if block is None:
                raise SystemExit(f"no paragraph of content/ starts with {paragraph['starts']!r}")
            found.append(Labelled(entry["seed"][:3], block.text, frozenset(paragraph["themes"])))
    return found, list(content.themes)


def scores(paragraphs: Sequence[Labelled], themes: Sequence[Theme]) -> dict[str, dict[str, float]]:
    result: dict[str, dict[str, float]] = {}
    for theme in themes:
        predicted = [score_paragraph(theme, p.text)[0] >= theme.threshold for p in paragraphs]
        gold = [theme.id in p.gold for p in paragraphs]
        tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
        fp = sum(p and not g for p, g in zip(predicted, gold, strict=True))
        fn = sum(g and not p for p, g in zip(predicted, gold, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[theme.id] = {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
            "support": sum(gold),
        }
    result["macro"] = {"f1": round(sum(r["f1"] for r in result.values()) / max(len(themes), 1), 3)}
    return result


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m digest.bench themes", description=__doc__)
    parser.add_argument("--labels", type=Path, default=SHARED / "first-edition.yml")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project whose content/ to classify")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    paragraphs, themes = labelled_paragraphs(args.root, args.labels)
    splits = {
        "tuning": [p for p in paragraphs if p.seed in TUNING_SEEDS],
        "held-out": [p for p in paragraphs if p.seed not in TUNING_SEEDS],
        "all": paragraphs,
    }
    results = {name: scores(items, themes) for name, items in splits.items()}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for name, result in results.items():
        print(f"{name}: {len(splits[name])} paragraphs, macro-F1 {result['macro']['f1']:.3f}")
        for theme in themes:
            r = result[theme.id]
            print(
                f"  {theme.id:<14} P {r['precision']:.2f}  R {r['recall']:.2f}  F1 {r['f1']:.2f}  "
                f"({r['support']:g} labelled)"
            )
    return 0
