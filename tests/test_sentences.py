import pytest

from digest.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith of the U.S. said so. Then he left.", ["Mr. Smith of the U.S. said so.", "Then he left."]),
        (
            "It invested €15 million (approximately $16.3 million). That is small.",
            ["It invested €15 million (approximately $16.3 million).", "That is small."],
        ),
        (
            "It beats Mistral’s 8x7B model and GPT-4. Really.",
            ["It beats Mistral’s 8x7B model and GPT-4.", "Really."],
        ),
        ("Acme Inc. grew. EUR 2.1 billion was paid.", ["Acme Inc. grew.", "EUR 2.1 billion was paid."]),
        (
            "“It is the world’s second-ranked model (next to GPT-4),” the team said. It ships today.",
            ["“It is the world’s second-ranked model (next to GPT-4),” the team said.", "It ships today."],
        ),
        ("It bought Widgets Ltd. Jane Roe said so.", ["It bought Widgets Ltd.", "Jane Roe said so."]),
        ("Sales rose 1.2%. Profits fell.", ["Sales rose 1.2%.", "Profits fell."]),
        ("It ranks No. 2 in Europe. Dr. Roe agrees.", ["It ranks No. 2 in Europe.", "Dr. Roe agrees."]),
        ("It grew in the U.S. The EU is next.", ["It grew in the U.S.", "The EU is next."]),
        ("Offices in the U.S. Midwest opened.", ["Offices in the U.S. Midwest opened."]),
        ("J. R. Smith spoke first.", ["J. R. Smith spoke first."]),
        (
            'He said: "We are sure. We will win." Then he left.',
            ['He said: "We are sure. We will win."', "Then he left."],
        ),
        (
            'She said: "It was hard. "Next year we start again." Shares fell.',
            ['She said: "It was hard.', '"Next year we start again."', "Shares fell."],
        ),
        ("Why? Nobody knows! It is… Odd.", ["Why?", "Nobody knows!", "It is…", "Odd."]),
        ("A heading without a full stop", ["A heading without a full stop"]),
        ("", []),
    ],
)
def test_news_text_splits_where_a_reader_would(text, expected):
    assert list(split_sentences(text)) == expected
