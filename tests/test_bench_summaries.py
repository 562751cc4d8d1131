import json
from pathlib import Path

from digest.bench import summaries
from digest.bench.summaries import lead, lexrank, read_samples, rouge

TINY = Path(__file__).parent / "fixtures" / "bench"


def test_samples_leave_the_headline_out_and_mark_paragraph_openings():
    (sample, _) = read_samples(TINY)["tiny"]
    assert sample.sentences[0].text.startswith("Acme Corp bought")
    assert all(s.opens_paragraph for s in sample.sentences)
    assert len(sample.sentences) == 4


def test_lead3_against_a_lead3_reference_is_perfect():
    (sample, _) = read_samples(TINY)["tiny"]
    assert rouge([sample], lead) == {"rouge1": 100.0, "rouge2": 100.0, "rougeL": 100.0}


def test_lexrank_runs_offline_with_our_splitter_and_keeps_document_order():
    (sample, _) = read_samples(TINY)["tiny"]
    chosen = lexrank(sample.sentences, 2)
    assert len(chosen) == 2 and [s.index for s in chosen] == sorted(s.index for s in chosen)


def test_json_output_has_every_method(capsys, tmp_path):
    assert summaries.main(["--data", str(TINY), "--facts", str(tmp_path / "none.yml"), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)["bench (all)"]
    assert set(scores) == {"ours", "lead3", "lexrank"}
    for values in scores.values():
        assert set(values) == {"rouge1", "rouge2", "rougeL"}
        assert all(0 <= v <= 100 for v in values.values())


def test_table_output(capsys, tmp_path):
    assert summaries.main(["--data", str(TINY), "--facts", str(tmp_path / "none.yml")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "ROUGE F1 x 100 (stemmed), articles: bench 2; 3 sentences per summary"
    assert [line.rsplit(maxsplit=4)[:2] for line in out[2:]] == [
        ["bench (all)", "ours"],
        ["bench (all)", "lead3"],
        ["bench (all)", "lexrank"],
    ]
