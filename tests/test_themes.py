from digest.model import Block, BlockKind, Cue, Theme
from digest.themes import classify, cue_in, score_paragraph

MONEY = Theme(
    "money",
    "Money",
    "",
    (Cue("invest*", 2), Cue("billion", 1), Cue("stake", 2)),
    (Cue("invest in yourself", 5),),
)
OPEN = Theme("open", "Open source", "", (Cue("open source", 2), Cue("proprietary", 2)))


def test_cue_patterns():
    assert cue_in("invest*", "microsoft's investment")
    assert cue_in("open source", "it stays open-source")
    assert cue_in("open-source", "open source models")
    assert not cue_in("stake", "a mistake")
    assert not cue_in("open source", "open sourced")
    assert cue_in("stake", "a mistake, a stake")  # a later whole-word match after a part-word one
    assert not cue_in("stake", "mistake_stake")  # the underscore is a word character, as in \w
    assert cue_in("ai", "über-ai") and not cue_in("ai", "überai") and not cue_in("ai", "éai")


def test_score_is_the_sum_of_distinct_cues_less_negative_ones():
    assert score_paragraph(MONEY, "It invested billions: a $2 billion stake, an investment.") == (
        5.0,
        ("billion", "invest*", "stake"),
    )
    assert score_paragraph(MONEY, "Invest in yourself, the coach said.")[0] == -3.0


def test_paragraphs_reaching_the_threshold_are_passages_headings_are_ignored():
    blocks = (
        Block(0, BlockKind.HEADING, "Investment and open source", 1),
        Block(1, BlockKind.PARAGRAPH, "Microsoft took a stake in the startup.", 3),
        Block(2, BlockKind.PARAGRAPH, "Its models are proprietary, not open source.", 5),
        Block(3, BlockKind.LIST_ITEM, "A billion users.", 7),
    )
    matches = classify("a", blocks, (MONEY, OPEN))
    assert [(m.theme_id, [p.block for p in m.passages], m.score) for m in matches] == [
        ("money", [1], 2.0),
        ("open", [2], 4.0),
    ]
    assert matches[1].passages[0].cues == ("open source", "proprietary")


def test_no_passage_no_theme():
    blocks = (Block(0, BlockKind.PARAGRAPH, "The weather was fine.", 1),)
    assert classify("a", blocks, (MONEY, OPEN)) == ()


def test_the_edition_open_source_theme_leaves_everyday_uses_of_open_and_closed_alone():
    """Its cues are read by every story of the digest: a flood's closed bridge, a gym that is open
    again, are not the open-source debate; a closed model is."""
    import datetime as dt

    from digest.load import load_content
    from tests.conftest import EDITION

    content, _ = load_content(EDITION / "content", EDITION, dt.date(2026, 1, 1))
    themes = {t.id: t for t in content.themes}
    debate = themes["open-source"]
    for everyday in (
        "Riverton Council said the water reached the town square by noon and that the old bridge had been closed.",
        "The sports centre is open again, and its weights room will reopen on Monday.",
    ):
        assert score_paragraph(debate, everyday)[0] < debate.threshold, everyday
    assert (
        score_paragraph(debate, "Mistral is closing off its best models: closed models, not open source.")[0]
        >= 2
    )
