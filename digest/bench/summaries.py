"""How good are the per-article summaries? ROUGE against reference summaries, and key-fact coverage.

``python -m digest.bench summaries`` scores, on the same articles and at the same sentence budget:

- ``ours``: :func:`digest.summarize.summarise_article` (TextRank + lead prior + MMR);
- ``lead3``: the first three sentences, the classic news baseline;
- ``lexrank``: sumy's LexRank, an off-the-shelf summariser, handed our sentence splitter and a plain word
  tokenizer (its own wants NLTK data that cannot be downloaded here).

Data: every ``*.jsonl`` in each ``--data`` folder (default ``../shared/eval/bbc``, the BBC News
Summary set, and ``../shared/eval/cnndm``, a CNN/DailyMail validation sample), one ``{"id", "article",
"reference"}`` per line, the article's first line its headline and paragraphs separated by blank lines
(CNN/DailyMail texts come as one paragraph). ROUGE-1/2/L F1 x 100 with stemming (rouge-score), averaged
over articles, per file and per folder.

Then key-fact coverage of the first edition: for each article of ``content/``, the share of the key facts
annotated in ``--facts`` (default ``../shared/eval/first-edition.yml``) that its summary conveys.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from digest.analyse import analyse
from digest.build import check
from digest.model import Sentence
from digest.sentences import split_sentences
from digest.summarize import summarise_article

BUDGET = 3
"""Sentences per summary for every method: Lead-3's budget, so the comparison is like for like."""
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "eval"

Summariser = Callable[[Sequence[Sentence], int], Sequence[Sentence]]


@dataclass(frozen=True)
class Sample:
    id: str
    sentences: tuple[Sentence, ...]
    reference: str


def read_samples(data: Path) -> dict[str, list[Sample]]:
    """Every ``*.jsonl`` in ``data``, split into sentences by our splitter (headline left out)."""
    sets = {}
    for file in sorted(data.glob("*.jsonl")):
        samples = []
        for line in file.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            paragraphs = record["article"].split("\n\n")[1:]
            texts = [(b, k, t) for b, p in enumerate(paragraphs) for k, t in enumerate(split_sentences(p))]
            sentences = tuple(Sentence(record["id"], b, i, t, k == 0) for i, (b, k, t) in enumerate(texts))
            samples.append(Sample(record["id"], sentences, record["reference"]))
        sets[file.stem] = samples
    return sets


def lead(sentences: Sequence[Sentence], budget: int) -> Sequence[Sentence]:
    return sentences[:budget]


def lexrank(sentences: Sequence[Sentence], budget: int) -> Sequence[Sentence]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    class Tokenizer:
        """Our sentence splitter and plain words, in the shape sumy expects."""

        language = "english"

        @staticmethod
        def to_sentences(text: str) -> tuple[str, ...]:
            return split_sentences(text)

        @staticmethod
        def to_words(text: str) -> list[str]:
            return re.findall(r"\w+", text)

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    document = ObjectDocumentModel([Paragraph([SumySentence(s.text, Tokenizer) for s in sentences])])
    chosen = {str(s) for s in summarizer(document, budget)}
    return [s for s in sentences if s.text in chosen][:budget]


METHODS: dict[str, Summariser] = {"ours": summarise_article, "lead3": lead, "lexrank": lexrank}


def rouge(samples: Sequence[Sample], method: Summariser) -> dict[str, float]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    for sample in samples:
        summary = " ".join(s.text for s in method(sample.sentences, BUDGET))
        scores = scorer.score(sample.reference, summary)
        for key in totals:
            totals[key] += scores[key].fmeasure
    return {key: round(100 * value / max(len(samples), 1), 2) for key, value in totals.items()}


def key_fact_coverage(root: Path, facts_file: Path) -> list[tuple[str, int, int]]:
    """(article id, facts covered, facts annotated) for each annotated article of the first edition."""
    settings, content, _ = check(root)
    analysed = analyse(content, settings.summary_share)
    annotations = yaml.safe_load(facts_file.read_text(encoding="utf-8"))
    results = []
    for entry in annotations["articles"]:
        for part, key in (("first", "key_facts"), ("second", "second_article_key_facts")):
            starts = [p["starts"] for p in entry["paragraphs"] if p.get("article", "first") == part]
            article = next(
                (
                    a
                    for a in analysed
                    if starts and normalised_start(starts[0]) in normalised_start(a.article.body)
                ),
                None,
            )
            if article is None or key not in entry:
                continue
            summary = " ".join(s.text for s in article.summary)
            covered = sum(
                any(re.search(p, summary, re.IGNORECASE) for p in fact["any"]) for fact in entry[key]
            )
            results.append((article.id, covered, len(entry[key])))
    return results


def normalised_start(text: str) -> str:
    """How annotations name a paragraph: its words, lowercased, with straight apostrophes and no bullet."""
    return " ".join(text.replace("’", "'").lstrip("•").split()).lower()


def iter_table(scores: dict[str, dict[str, dict[str, float]]]) -> Iterator[str]:
    yield f"{'data':<20}{'method':<10}{'ROUGE-1':>9}{'ROUGE-2':>9}{'ROUGE-L':>9}"
    for data_set, by_method in scores.items():
        for method, values in by_method.items():
            figures = "".join(f"{values[key]:>9.2f}" for key in ("rouge1", "rouge2", "rougeL"))
            yield f"{data_set:<20}{method:<10}{figures}"


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m digest.bench summaries", description=__doc__)
    parser.add_argument(
        "--data",
        type=Path,
        nargs="+",
        default=[SHARED / "bbc", SHARED / "cnndm"],
        help="folders of *.jsonl files (default: the BBC News Summary set and the CNN/DailyMail sample)",
    )
    parser.add_argument("--facts", type=Path, default=SHARED / "first-edition.yml")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project whose content/ to summarise")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles of each file")
    parser.add_argument("--json", action="store_true", help="print each folder's overall scores as JSON")
    args = parser.parse_args(argv)

    scores: dict[str, dict[str, dict[str, float]]] = {}
    counts = {}
    for folder in args.data:
        sets = read_samples(folder)
        if args.limit:
            sets = {name: samples[: args.limit] for name, samples in sets.items()}
        every = [s for samples in sets.values() for s in samples]
        counts[folder.name] = len(every)
        if len(sets) > 1:
            for name, samples in sets.items():
                scores[f"{folder.name}/{name}"] = {m: rouge(samples, f) for m, f in METHODS.items()}
        scores[f"{folder.name} (all)"] = {m: rouge(every, f) for m, f in METHODS.items()}
    if args.json:
        overall = {name: by_method for name, by_method in scores.items() if name.endswith("(all)")}
        print(json.dumps(overall, indent=2, sort_keys=True))
        return 0
    sizes = ", ".join(f"{name} {count}" for name, count in counts.items())
    print(f"ROUGE F1 x 100 (stemmed), articles: {sizes}; {BUDGET} sentences per summary")
    for line in iter_table(scores):
        print(line)
    if args.facts.exists():
        coverage = key_fact_coverage(args.root, args.facts)
        covered = sum(c for _, c, _ in coverage)
        total = sum(t for _, _, t in coverage)
        print(
            f"\nKey facts of the first edition conveyed by our summaries: {covered}/{total} "
            f"({covered / max(total, 1):.0%}; median per article "
            f"{statistics.median(c / t for _, c, t in coverage):.0%})"
        )
        for article_id, c, t in coverage:
            print(f"  {c}/{t}  {article_id}")
    return 0
