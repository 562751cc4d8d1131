"""How good are the story briefs ("What happened")? ``python -m digest.bench brief [--data DIR]``.

Two measures of :func:`digest.brief.story_brief`, at the build's budget of sentences:

- **Key facts**: the first edition (``--root``'s ``content/``, one story) against the key facts annotated
  in ``--facts`` (``../shared/eval/first-edition.yml``): each fact of every article is one to cover, and
  it is covered when one of its patterns matches the brief's text. Facts that several articles annotate
  alike count once.
- **Citation precision**: for each sentence of a brief and each *other* source it cites, whether that
  source's text states every number of the sentence and every tracked name it names (a check written
  apart from the brief's own entailment test, over whole texts). Over the first edition and the
  labelled multi-article events of the BBC/CNN sets (``digest/bench/story-labels.yml``), where there are
  no tracked names and numbers alone are checked.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import yaml

from digest.analyse import analyse, newest_first
from digest.brief import story_brief
from digest.build import check
from digest.entities import EntityMatcher
from digest.link import link
from digest.model import AnalysedArticle, Article, CitedSentence, Content
from digest.settings import Settings

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1].parent / "shared" / "eval"
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def edition_brief(root: Path) -> tuple[tuple[CitedSentence, ...], list[AnalysedArticle], EntityMatcher]:
    """The brief of ``root``'s first edition, as the build makes it (its articles make one story)."""
    settings, content, _ = check(root)
    analysed = list(analyse(content, settings.summary_share))
    digest = link(content, analysed, settings)
    (story,) = digest.stories
    return digest.compared_in(story).overview, analysed, EntityMatcher(content.entities)


def labelled_events(data: Path, labels: Path) -> list[tuple[list[AnalysedArticle], str]]:
    """Each labelled event of two or more BBC/CNN articles, analysed (no tracked entities), with its
    articles' reference summaries joined: what a summary of the event should say."""
    spec = yaml.safe_load(labels.read_text(encoding="utf-8"))
    rows = {}
    for file in sorted(data.glob("*/*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            rows[row["id"]] = row
    articles = []
    for ids in spec["stories"].values():
        for article_id in ids:
            first, _, body = rows[article_id]["article"].partition("\n")
            title = "untitled" if first.startswith("Story ") else first
            articles.append(Article(article_id, "", title, None, None, None, None, None, (), None, body, 1))
    analysed = {a.id: a for a in analyse(Content(tuple(articles), (), ()), Settings().summary_share)}
    return [
        ([analysed[i] for i in ids], " ".join(rows[i]["reference"] for i in ids))
        for ids in spec["stories"].values()
    ]


def rouge(pairs: Sequence[tuple[str, str]]) -> dict[str, float]:
    """ROUGE-1/2/L F1 x 100 (stemmed) of each (summary, reference), averaged."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    for summary, reference in pairs:
        scores = scorer.score(reference, summary)
        for key in totals:
            totals[key] += scores[key].fmeasure
    return {key: round(100 * value / max(len(pairs), 1), 2) for key, value in totals.items()}


def citation_checks(
    brief: Sequence[CitedSentence], articles: Sequence[AnalysedArticle], matcher: EntityMatcher
) -> Iterator[tuple[str, str, bool]]:
    """(sentence, cited article, whether its text states the sentence's numbers and tracked names)."""
    texts = {a.id: " ".join(s.text for s in a.sentences) for a in articles}
    for item in brief:
        claim = item.sentence.text
        numbers = {n for n in NUMBER.findall(claim.replace(",", ""))}
        names = set(matcher.find(claim))
        for cited in item.cited[1:]:
            text = texts[cited]
            stated = set(NUMBER.findall(text.replace(",", "")))
            yield claim, cited, numbers <= stated and names <= set(matcher.find(text))


def fact_coverage(text: str, facts_file: Path) -> tuple[list[str], list[str]]:
    """The key facts of the first edition the ``text`` covers, and those it misses (each fact once)."""
    annotations = yaml.safe_load(facts_file.read_text(encoding="utf-8"))
    facts = {}
    for entry in annotations["articles"]:
        for fact in (*entry.get("key_facts", ()), *entry.get("second_article_key_facts", ())):
            facts.setdefault(tuple(fact["any"]), fact["fact"])
    covered, missed = [], []
    for patterns, fact in facts.items():
        found = any(re.search(p, text, re.IGNORECASE) for p in patterns)
        (covered if found else missed).append(fact)
    return covered, missed


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m digest.bench brief", description=__doc__)
    parser.add_argument("--data", type=Path, default=SHARED, help="folder with bbc/ and cnndm/")
    parser.add_argument("--facts", type=Path, default=SHARED / "first-edition.yml")
    parser.add_argument("--labels", type=Path, default=HERE / "story-labels.yml")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project whose content/ is the edition")
    args = parser.parse_args(argv)

    brief, analysed, matcher = edition_brief(args.root)
    print(f"The first edition's brief ({len(brief)} sentences):")
    for item in brief:
        mark = f"  [disputed: {item.disputed}]" if item.disputed else ""
        print(f"  - {item.sentence.text} ({len(item.cited)} cited){mark}")
    covered, missed = fact_coverage(" ".join(i.sentence.text for i in brief), args.facts)
    total = len(covered) + len(missed)
    print(f"\nKey facts covered: {len(covered)}/{total} ({len(covered) / total:.0%})")
    for fact in missed:
        print(f"  missed: {fact}")

    checks = list(citation_checks(brief, analysed, matcher))
    events = labelled_events(args.data, args.labels)
    budget = Settings().overview_sentences
    pairs = []
    for members, reference in events:
        found = story_brief(newest_first(members), budget)
        checks += citation_checks(found, members, matcher)
        pairs.append((" ".join(i.sentence.text for i in found), reference))
    scores = rouge(pairs)
    print(
        f"\nROUGE F1 x 100 against the joined reference summaries of {len(events)} labelled events: "
        + " / ".join(f"{scores[k]:.2f}" for k in ("rouge1", "rouge2", "rougeL"))
    )
    good = sum(ok for _, _, ok in checks)
    print(
        f"\nCitation precision (other sources cited, first edition and {len(events)} labelled events): "
        f"{good}/{len(checks)} ({good / max(len(checks), 1):.1%})"
    )
    for claim, cited, ok in checks:
        if not ok:
            print(f"  not in {cited}: {claim[:100]}")
    return 0
