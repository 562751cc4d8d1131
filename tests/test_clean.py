from digest.clean import clean_article, plain_text
from digest.model import BlockKind
from tests.conftest import make_article


def test_blocks_keep_their_kind_and_line():
    body = "First paragraph. Still first.\ncontinued here.\n\n## A heading\n\n- item one\n- item two\n\nLast."
    blocks = clean_article(make_article(body=body, body_line=10))
    assert [(b.kind, b.text, b.line) for b in blocks] == [
        (BlockKind.PARAGRAPH, "First paragraph. Still first. continued here.", 10),
        (BlockKind.HEADING, "A heading", 13),
        (BlockKind.LIST_ITEM, "item one", 15),
        (BlockKind.LIST_ITEM, "item two", 16),
        (BlockKind.PARAGRAPH, "Last.", 18),
    ]


def test_headings_are_never_sentences_and_sentences_are_numbered_across_blocks():
    blocks = clean_article(make_article(body="## Title\n\nOne. Two.\n\nThree."))
    assert blocks[0].sentences == ()
    assert [(s.block, s.index, s.text) for b in blocks for s in b.sentences] == [
        (1, 0, "One."),
        (1, 1, "Two."),
        (2, 2, "Three."),
    ]


def test_markup_is_reduced_to_its_text():
    text = 'A **bold** and _light_ [link](https://x.test) ![img](a.png) `code` <b onclick="x()">tag</b> \\*star\\*'
    assert plain_text(text) == "A bold and light link img code tag *star*"


def test_invisible_and_direction_characters_are_removed():
    assert plain_text("Micro\u200bsoft \u202eevil\u202c and\x00 nul") == "Microsoft evil and nul"


def test_text_is_unicode_normalised():
    assert plain_text("Cafe\u0301") == "Café"


def test_a_headline_above_the_standfirst_is_not_run_into_it():
    body = (
        "Acme buys Widgets in record deal\n"
        "Acme Corp will pay two billion dollars for Widgets Ltd, the companies\n"
        "said on Monday.\n\n"
        "Microsoft Sets Sights On Mistral With Strategic Partnership\n"
        "Analysts expect regulators to look at it, according to\n"
        "Reuters and the Financial Times.\n"
    )
    blocks = clean_article(make_article(body=body, title="Acme buys Widgets in record deal"))
    assert [(b.kind, [s.text for s in b.sentences]) for b in blocks] == [
        (BlockKind.HEADING, []),
        (
            BlockKind.PARAGRAPH,
            ["Acme Corp will pay two billion dollars for Widgets Ltd, the companies said on Monday."],
        ),
        (BlockKind.HEADING, []),
        (
            BlockKind.PARAGRAPH,
            ["Analysts expect regulators to look at it, according to Reuters and the Financial Times."],
        ),
    ]
