import datetime as dt
from pathlib import Path

import pytest

from digest.importer import file_name, import_html, import_text, slugify
from digest.load import load_content
from tests.conftest import EDITION

FIXTURES = Path(__file__).parent / "fixtures"


def test_importing_the_seeds_reproduces_the_cleaned_bodies_of_the_first_edition():
    content, _ = load_content(EDITION / "content", EDITION, dt.date(2026, 1, 1))
    bodies = {a.body.strip() for a in content.articles}
    imported = [
        a for seed in sorted((FIXTURES / "seeds").glob("*.txt")) for a in import_text(seed.read_text())
    ]
    assert len(imported) == 6  # seed 002 carries a second article
    assert {a.body.strip() for a in imported} == bodies


def test_the_seeds_metadata_is_what_their_text_shows():
    found = {
        seed.name[:3]: import_text(seed.read_text()) for seed in sorted((FIXTURES / "seeds").glob("*.txt"))
    }
    assert (found["000"][0].title, found["000"][0].author) == (
        "Mistral AI Maintains Open Source Pledge in the Wake of a Major Microsoft Collaboration",
        "Luke Jones",
    )
    assert found["001"][0].missing == ["title", "outlet", "author", "date", "url"]
    assert found["002"][1].title == "Microsoft’s Mistral AI deal should be further investigated: EU lawmaker"
    assert (found["003"][0].author, found["003"][0].date) == ("Gábor Bíró", dt.date(2024, 3, 4))
    assert found["004"][0].author == "Sachi Sapam"


def test_removed_lines_are_reported():
    (article,) = import_text((FIXTURES / "seeds" / "003_f17d7960e7147cc0.txt").read_text())
    assert article.removed == [
        "Gábor Bíró March 4, 2024",
        "3 min read",
        "After OpenAI, Microsoft Sets Sights on Mistral AI with Strategic Partnership",
        "Source: Own work",
        "Gábor Bíró March 4, 2024",
    ]


def test_headings_bullets_and_trailer_blocks():
    text = (
        "Home › Tech › Acme...\nAcme buys Widgets\nBy Jane Roe\n\nAcme bought Widgets on Monday for a sum it did not say.\n"
        "Why it matters:\n• It is the largest deal this year.\n• It needs approval.\n"
        "Analysts were surprised by the size of the deal, which they had not expected at all.\n"
        "Related Articles\nAcme reports profits\nWidgets hires a new chief\nShare this article\n"
    )
    (article,) = import_text(text)
    assert (article.title, article.author) == ("Acme buys Widgets", "Jane Roe")
    assert article.body == (
        "Acme bought Widgets on Monday for a sum it did not say.\n\n## Why it matters\n\n"
        "- It is the largest deal this year.\n- It needs approval.\n\n"
        "Analysts were surprised by the size of the deal, which they had not expected at all.\n"
    )
    assert article.removed == [
        "Related Articles",
        "Acme reports profits",
        "Widgets hires a new chief",
        "Share this article",
        "Home › Tech › Acme...",
        "By Jane Roe",
    ]


def test_text_decoded_with_the_wrong_encoding_is_repaired_and_quotes_kept():
    (article,) = import_text("Mistralâ€™s new model is called â€œLargeâ€\x9d, the company said on Monday.\n")
    assert article.body == "Mistral’s new model is called “Large”, the company said on Monday.\n"


def test_html_pages_give_their_text_and_metadata():
    (article,) = import_html((FIXTURES / "saved-page.html").read_text())
    assert (article.title, article.author, article.date, article.outlet, article.url) == (
        "Acme invests two billion in Widgets",
        "Jane Roe",
        dt.date(2024, 1, 2),
        "The Example Times",
        "https://times.example/2024/01/02/acme-widgets",
    )
    assert article.body.startswith("Acme Corp will invest two billion dollars in Widgets Ltd")
    assert "## What regulators say" in article.body
    for furniture in ("Subscribe", "Recent News", "Other story", "Leave a Reply", "Privacy"):
        assert furniture not in article.body


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Microsoft’s Mistral AI deal: EU lawmaker", "microsofts-mistral-ai-deal-eu-lawmaker"),
        ("Café & Crème — 100% «français»", "cafe-creme-100-francais"),
        ("???", "article"),
        ("a " * 50, "a-" * 29 + "a"),
    ],
)
def test_slugs(title, slug):
    assert slugify(title) == slug


def test_file_names():
    assert file_name("Acme buys", dt.date(2024, 1, 2), "x") == "2024-01-02-acme-buys.md"
    assert file_name(None, None, "001_raw page") == "001-raw-page.md"
