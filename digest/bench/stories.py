"""How well are articles grouped into stories? ``python -m digest.bench stories [--data DIR]``.

Scores :func:`digest.stories.cluster` against hand labels (``story-labels.yml`` beside this file: how
they were made is written at its top): 342 articles of the BBC News Summary development set and the
CNN/DailyMail sample in ``--data`` (``../shared/eval``), which carry no dates, and the first edition
(``tests/fixtures/edition``), dated, one story. It prints B-cubed precision, recall and F1 (per article:
the share of its predicted story that shares its label, and of its labelled story that was predicted
with it; averaged), for all articles and for two halves of the labelled stories (split by a hash of
their names: a check that no half carries the score), and the stories found in the first edition.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import zlib
from collections.abc import Sequence
from pathlib import Path

import yaml

from digest.clean import clean_article
from digest.entities import EntityMatcher
from digest.load import load_content
from digest.model import Article
from digest.stories import Member, cluster, event_terms

HERE = Path(__file__).resolve().parent
LABELS = HERE / "story-labels.yml"
EDITION = HERE.parent.parent / "tests" / "fixtures" / "edition"
FIRST_EDITION = "first-edition"


def labelled(data: Path, labels: Path, edition: Path) -> tuple[list[Member], dict[str, str]]:
    """The labelled articles as clustering reads them, and each one's story label."""
    spec = yaml.safe_load(labels.read_text(encoding="utf-8"))
    truth = {i: name for name, ids in spec["stories"].items() for i in ids}
    truth |= {i: f"alone:{i}" for i in spec["alone"]}
    members = []
    for file in sorted(data.glob("*/*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["id"] in truth:
                members.append(_member(row["id"], row["article"]))
    found = {m.id for m in members}
    if found != truth.keys():
        raise SystemExit(f"{len(truth.keys() - found)} labelled articles are not in {data}")
    content, _problems = load_content(edition / "content", edition, dt.date.today())  # noqa: DTZ011
    matcher = EntityMatcher(content.entities)
    for article in content.articles:  # without their pins: what clustering finds on its own
        sentences = [s.text for b in clean_article(article) for s in b.sentences]
        named = sorted({e for sentence in sentences for e in matcher.find(sentence)})
        members.append(Member(article.id, article.date, event_terms(article.title, sentences, named)))
        truth[article.id] = FIRST_EDITION
    return members, truth


def _member(article_id: str, text: str) -> Member:
    """An article of the BBC or CNN sets: its first line is the headline (``Story <id>`` in CNN's: none)."""
    first, _, body = text.partition("\n")
    title = "" if first.startswith("Story ") else first
    article = Article(article_id, "", title or "untitled", None, None, None, None, None, (), None, body, 1)
    sentences = [s.text for b in clean_article(article) for s in b.sentences]
    return Member(article_id, None, event_terms(title, sentences))


def bcubed(
    predicted: dict[str, str], truth: dict[str, str], ids: Sequence[str]
) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of ``predicted`` against ``truth`` over ``ids``."""
    by_predicted: dict[str, set[str]] = {}
    by_truth: dict[str, set[str]] = {}
    for i in ids:
        by_predicted.setdefault(predicted[i], set()).add(i)
        by_truth.setdefault(truth[i], set()).add(i)
    precision = sum(
        len(by_predicted[predicted[i]] & by_truth[truth[i]]) / len(by_predicted[predicted[i]]) for i in ids
    )
    recall = sum(len(by_predicted[predicted[i]] & by_truth[truth[i]]) / len(by_truth[truth[i]]) for i in ids)
    precision, recall = precision / len(ids), recall / len(ids)
    return precision, recall, 2 * precision * recall / (precision + recall)


def measure(data: Path, labels: Path = LABELS, edition: Path = EDITION) -> dict[str, object]:
    members, truth = labelled(data, labels, edition)
    predicted = {i: story.id for story in cluster(members) for i in story.articles}
    ids = sorted(truth)
    halves = [[i for i in ids if zlib.crc32(truth[i].encode()) % 2 == half] for half in (0, 1)]
    edition_stories = sorted({predicted[i] for i in ids if truth[i] == FIRST_EDITION})
    return {
        "articles": len(ids),
        "labelled_stories": len(set(truth.values())),
        "predicted_stories": len(set(predicted.values())),
        "all": bcubed(predicted, truth, ids),
        "half_a": bcubed(predicted, truth, halves[0]),
        "half_b": bcubed(predicted, truth, halves[1]),
        "first_edition_stories": edition_stories,
    }


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m digest.bench stories", description=__doc__)
    parser.add_argument(
        "--data", type=Path, default=Path("../shared/eval"), help="folder of the *.jsonl sets"
    )
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = measure(args.data, args.labels)
    if args.json:
        print(json.dumps(figures, indent=1))
        return 0
    print(
        f"{figures['articles']} articles in {figures['labelled_stories']} labelled stories; "
        f"{figures['predicted_stories']} found"
    )
    print(f"{'articles':<24} {'B3 precision':>12} {'B3 recall':>10} {'B3 F1':>7}")
    for name, key in (("all", "all"), ("labels of half A", "half_a"), ("labels of half B", "half_b")):
        precision, recall, f1 = figures[key]  # type: ignore[misc]
        print(f"{name:<24} {precision:>12.3f} {recall:>10.3f} {f1:>7.3f}")
    found = figures["first_edition_stories"]
    print(f"first edition: {len(found)} story ({', '.join(found)})")  # type: ignore[arg-type]
    return 0
