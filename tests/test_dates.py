import datetime as dt

import pytest

from digest.dates import extract_dates
from tests.conftest import make_sentence

MONDAY = dt.date(2024, 2, 26)


def dates(text: str, base: dt.date | None = MONDAY):
    return [
        (d.phrase, d.date, d.precision, d.approximate) for d in extract_dates([make_sentence(text)], base)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Microsoft announced it on Monday.", ("on Monday", dt.date(2024, 2, 26), "day", True)),
        ("It was agreed on Friday.", ("on Friday", dt.date(2024, 2, 23), "day", True)),
        ("The model ships today.", ("today", dt.date(2024, 2, 26), "day", True)),
        ("He said so yesterday.", ("yesterday", dt.date(2024, 2, 25), "day", True)),
        ("As I reported last month, it grew.", ("last month", dt.date(2024, 1, 1), "month", True)),
        ("On November 17th, the board fired him.", ("November 17th", dt.date(2023, 11, 17), "day", True)),
        ("Gábor Bíró wrote on March 4, 2024 that...", ("March 4, 2024", dt.date(2024, 3, 4), "day", False)),
        ("It was signed on 4 March 2024.", ("4 March 2024", dt.date(2024, 3, 4), "day", False)),
        (
            "The partnership announced in February 2024 grew.",
            ("February 2024", dt.date(2024, 2, 1), "month", False),
        ),
        ("Founded in 2023 by three researchers.", ("2023", dt.date(2023, 1, 1), "year", False)),
        ("He returned at the end of November.", ("November", dt.date(2023, 11, 1), "month", True)),
    ],
)
def test_dates_are_resolved_against_the_article_date(text, expected):
    assert dates(text)[0] == expected


def test_without_an_article_date_only_dates_with_a_year_are_kept():
    assert dates("On Monday it was announced, as on March 4, 2024.", None) == [
        ("March 4, 2024", dt.date(2024, 3, 4), "day", False)
    ]


def test_words_that_are_not_dates():
    assert dates("May we say the Mistral model is second to none in 2,000 tests?") == []


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("It opened on February 29.", dt.date(2025, 3, 1), dt.date(2024, 2, 29)),  # the last 29 February
        ("Results come next year.", MONDAY, dt.date(2025, 1, 1)),
        ("It closed last month.", dt.date(2024, 1, 15), dt.date(2023, 12, 1)),
        ("It ships tomorrow.", MONDAY, dt.date(2024, 2, 27)),
    ],
)
def test_relative_dates_at_the_edges(text, base, expected):
    assert dates(text, base)[0][1] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The commission will take comments until May 9.", ("May 9", dt.date(2024, 5, 9))),
        ("The bridge will reopen on November 20.", ("November 20", dt.date(2024, 11, 20))),
        ("The board is due to meet on Friday.", ("on Friday", dt.date(2024, 3, 1))),
        ("It is expected to close on Monday.", ("on Monday", dt.date(2024, 2, 26))),
        ("It will be reviewed, as it was last Monday.", ("last Monday", dt.date(2024, 2, 19))),
        ("The talks collapsed on November 20.", ("November 20", dt.date(2023, 11, 20))),
        ("On Friday, the bridge will reopen.", ("On Friday", dt.date(2024, 3, 1))),
        ("It will be closed on Friday.", ("on Friday", dt.date(2024, 3, 1))),
        ("The board will need to decide on Friday.", ("on Friday", dt.date(2024, 3, 1))),
        # A future word does not govern a date that a word of the past stands between or just before.
        ("Acme will pay £150 million under the deal agreed on Friday.", ("on Friday", dt.date(2024, 2, 23))),
        ("The shop, which closed on Friday, will reopen soon.", ("on Friday", dt.date(2024, 2, 23))),
    ],
)
def test_a_date_in_a_sentence_about_what_is_to_come_is_the_next_such_date(text, expected):
    """Issue 24: "will take comments until May 9" was read as the May 9 before the article."""
    assert dates(text)[0][:2] == expected
