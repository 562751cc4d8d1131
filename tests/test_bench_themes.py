import json

from digest.bench import themes
from tests.conftest import Project

LABELS = """
articles:
  - seed: 000_a.txt
    paragraphs:
      - {starts: "Acme Corp will invest two billion", themes: [money]}
      - {starts: "Regulators in Brussels said", themes: [rules, money]}
  - seed: 003_b.txt
    paragraphs:
      - {starts: "The regulator has thirty days", themes: [rules]}
"""


def test_scores_per_theme_and_split(two_article_project: Project, tmp_path, capsys):
    labels = tmp_path / "labels.yml"
    labels.write_text(LABELS)
    assert themes.main(["--root", str(two_article_project.root), "--labels", str(labels), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"tuning", "held-out", "all"}
    assert result["tuning"]["money"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 2}
    # "The regulator has thirty days ... investigation" also fires the fixture's broad `invest*` cue
    assert result["held-out"]["money"]["precision"] == 0.0
    assert result["held-out"]["rules"]["f1"] == 1.0
    assert result["all"]["macro"]["f1"] == round((0.8 + 1.0) / 2, 3)
