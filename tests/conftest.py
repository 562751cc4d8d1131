"""Shared fixtures: small projects written for the test, and factories for model objects."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest

from digest.analyse import analyse
from digest.model import AnalysedArticle, Article, Content, Entity, Sentence

REPO = Path(__file__).resolve().parent.parent
EDITION = Path(__file__).resolve().parent / "fixtures" / "edition"
"""The first edition as the tests know it: the end-to-end tests build this, never the live content/."""
TODAY = dt.date(2026, 1, 1)

THEMES_YML = """\
themes:
  - id: money
    title: Money
    description: Who pays what.
    cues:
      invest*: 2
      billion: 1
  - id: rules
    title: Rules
    description: Regulators and laws.
    cues:
      regulat*: 2
      law: 2
"""

ENTITIES_YML = """\
entities:
  - id: acme
    name: Acme Corp
    type: organisation
    aliases: [Acme]
  - id: jane-roe
    name: Jane Roe
    type: person
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the output")


def copy_edition(root: Path) -> Path:
    """A project at ``root``: the first edition (:data:`EDITION`) with the real templates, overrides and
    mkdocs.yml."""
    shutil.copytree(EDITION / "content", root / "content")
    shutil.copy(EDITION / "digest.yml", root / "digest.yml")
    for name in ("templates", "overrides"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


MORE_STORIES = Path(__file__).resolve().parent / "fixtures" / "more-stories"
"""Three stories unrelated to the first edition (see its README)."""


def copy_stories(root: Path) -> Path:
    """A project at ``root``: the first edition and three unrelated stories (:data:`MORE_STORIES`), with
    the entities of both: a digest of four stories."""
    copy_edition(root)
    for article in MORE_STORIES.glob("*.md"):
        shutil.copy(article, root / "content" / "articles" / article.name)
    entities = root / "content" / "entities.yml"
    entities.write_text(
        entities.read_text(encoding="utf-8").rstrip("\n")
        + "\n"
        + (MORE_STORIES / "entities.yml").read_text(),
        encoding="utf-8",
    )
    return root


def make_article(**overrides: object) -> Article:
    values: dict[str, object] = {
        "id": "2024-01-02-acme-invests",
        "path": "content/articles/2024-01-02-acme-invests.md",
        "title": "Acme invests",
        "outlet": "The Paper",
        "author": "Jane Roe",
        "date": dt.date(2024, 1, 2),
        "url": "https://example.com/acme",
        "language": "en",
        "tags": (),
        "note": None,
        "body": "Acme Corp invests two billion in Widgets.",
        "body_line": 9,
    }
    values.update(overrides)
    return Article(**values)  # type: ignore[arg-type]


def analysed_story(
    *bodies: str, entities: Sequence[Entity] = (), copies: dict[int, int] | None = None
) -> tuple[AnalysedArticle, ...]:
    """Articles a1, a2, ... of one story, with these bodies, dated a day apart from 1 January 2024 and
    analysed; ``copies`` maps an article's number to the number of the one it republishes."""
    copies = copies or {}
    articles = tuple(
        make_article(
            id=f"a{n}",
            date=dt.date(2024, 1, n),
            body=body,
            copy_of=f"a{copies[n]}" if n in copies else None,
        )
        for n, body in enumerate(bodies, start=1)
    )
    return analyse(Content(articles, (), tuple(entities)), 0.25)


def make_sentence(text: str, index: int = 0, article_id: str = "a", block: int = 0) -> Sentence:
    return Sentence(article_id, block, index, text)


def article_text(body: str, **front: str | None) -> str:
    """An article file: front matter from ``front`` (None writes an empty field), then ``body``."""
    fields = {
        "title": "Acme invests",
        "outlet": "The Paper",
        "author": "Jane Roe",
        "date": "2024-01-02",
        "url": "https://example.com/acme",
        **front,
    }
    lines = ["---"]
    for key, value in fields.items():
        lines.append(f"{key}:" if value is None else f"{key}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + textwrap.dedent(body).strip() + "\n"


class Project:
    """A throwaway project folder: the real templates and mkdocs.yml, content written by the test."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(REPO / "templates", root / "templates")
        shutil.copytree(REPO / "overrides", root / "overrides")
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        (root / "content" / "articles").mkdir(parents=True)
        (root / "content" / "themes.yml").write_text(THEMES_YML, encoding="utf-8")
        (root / "content" / "entities.yml").write_text(ENTITIES_YML, encoding="utf-8")

    def add(self, slug: str, body: str, **front: str | None) -> Path:
        path = self.root / "content" / "articles" / f"{slug}.md"
        path.write_text(article_text(body, **front), encoding="utf-8")
        return path

    @property
    def output(self) -> Path:
        return self.root / "build" / "docs"

    def snapshot(self) -> dict[str, bytes]:
        """Every file under the project (but the templates) with its bytes."""
        return snapshot(self.root)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, but the templates and the local cache (not output)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {"templates", "overrides", ".cache"} & set(p.parts)
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 1, 1, tzinfo=dt.UTC).timestamp())))
    return Project(tmp_path / "project")


TWO_ARTICLES = {
    "2024-01-02-acme-invests": (
        """
        Acme Corp will invest two billion dollars in Widgets Ltd, the companies said on Tuesday.

        ## The deal

        The investment makes Acme the largest shareholder of Widgets Ltd. Jane Roe, who runs Acme,
        said the deal was the biggest in the company's history. Analysts expect regulators to look at it.

        Regulators in Brussels said they would study the investment under competition law.
        """,
        {},
    ),
    "2024-01-05-regulators-study-acme-deal": (
        """
        Regulators said on Friday they would study Acme's investment in Widgets Ltd under competition law.

        The regulator has thirty days to decide whether to open a full investigation into the deal.
        A spokesperson for Acme said the company would cooperate with the regulator.
        """,
        {
            "title": "Regulators study Acme deal",
            "outlet": "Daily Wire Service",
            "author": None,
            "date": "2024-01-05",
            "url": "https://example.org/regulators",
        },
    ),
}


CLAIMS_YML = """\
questions:
  - id: review
    question: What will regulators do about the deal?
    answers:
      - answer: Study it under competition law
        cues: [study the investment, "study acme's investment"]
      - answer: Perhaps open a full investigation
        cues: [open a full investigation]
notes:
  - figure: two billion dollars
    note: What Acme says it will invest, not what it has paid.
"""


@pytest.fixture
def two_article_project(project: Project) -> Project:
    for slug, (body, front) in TWO_ARTICLES.items():
        project.add(slug, body, **front)
    (project.root / "content" / "claims.yml").write_text(CLAIMS_YML, encoding="utf-8")
    return project
