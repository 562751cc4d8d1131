import pytest

from digest.figures import extract_figures, format_value
from tests.conftest import make_sentence


def figures(text: str):
    return extract_figures([make_sentence(text)])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Microsoft's $2 billion investment into the AI startup.",
            ("$2 billion", 2e9, None, "USD", "exact", "investment"),
        ),
        (
            "It entered into a $2.1bn partnership with Mistral.",
            ("$2.1bn", 2.1e9, None, "USD", "exact", "partnership"),
        ),
        (
            "Mistral, a €2 billion French AI startup, said so.",
            ("€2 billion", 2e9, None, "EUR", "exact", "valuation"),
        ),
        (
            "after investing more than $10 billion in OpenAI",
            ("more than $10 billion", 1e10, None, "USD", "more than", "investment"),
        ),
        ("Acme paid about £300m for the stake", ("about £300m", 3e8, None, "GBP", "about", "stake")),
        (
            "funding of EUR 1,250 million was raised",
            ("EUR 1,250 million", 1.25e9, None, "EUR", "exact", "funding"),
        ),
        (
            "the range was $2-2.1 billion for the deal",
            ("$2-2.1 billion", 2e9, 2.1e9, "USD", "exact", "partnership"),
        ),
        (
            "Acme will invest two billion dollars in Widgets",
            ("two billion dollars", 2e9, None, "USD", "exact", "investment"),
        ),
        ("Profits rose 76% to $1.13bn (£600m) in the quarter.", ("76%", 76.0, None, "%", "exact", "profit")),
        ("up to 5 per cent of the shares", ("up to 5 per cent", 5.0, None, "%", "up to", "stake")),
        (
            "Founded by three former researchers from Google.",
            ("three former researchers", 3.0, None, "count:researchers", "exact", "researchers"),
        ),
    ],
)
def test_hard_phrases(text, expected):
    (first,) = [f for f in figures(text) if f.text == expected[0]]
    assert (first.text, first.value, first.high, first.unit, first.qualifier, first.refers_to) == expected


def test_durations_and_bare_years_are_not_counts():
    assert figures("It took 10 years, in 2023, with 3 months to go.") == ()


def test_a_conversion_in_brackets_is_recognised_and_normalised_values_read_well():
    first, second = figures("The investment amounted to €15 million (approximately $16.3 million).")
    assert second.conversion and not first.conversion
    assert (format_value(first), format_value(second)) == ("15,000,000 EUR", "16,300,000 USD")
