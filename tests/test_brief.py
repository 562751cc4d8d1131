from digest.analyse import newest_first
from digest.brief import story_brief
from digest.model import Disagreement, Entity, EntityType, Version
from tests.conftest import analysed_story

ACME = Entity("acme", "Acme Corp", EntityType.ORGANISATION, ("Acme",))
WIDGETS = Entity("widgets", "Widgets Ltd", EntityType.ORGANISATION)
REGULATOR = Entity("cma", "Competition Authority", EntityType.ORGANISATION)


def story(*bodies: str, copies: dict[int, int] | None = None):
    """Articles 1, 2, ... of one story, newest first (as the build hands them over)."""
    return newest_first(analysed_story(*bodies, entities=(ACME, WIDGETS, REGULATOR), copies=copies))


def brief_of(*bodies: str, budget: int = 5, **more):
    return story_brief(story(*bodies, **more), budget)


def cited(brief, start: str) -> tuple[str, ...]:
    return next(item.cited for item in brief if item.sentence.text.startswith(start))


def test_a_source_is_cited_only_when_its_own_sentence_states_the_same_figures():
    brief = brief_of(
        "Acme Corp will invest $2 billion in Widgets Ltd, a French parts maker, the companies said.",
        "Acme Corp will invest in Widgets Ltd, a French parts maker, the companies said.",  # no amount
        "Acme Corp will invest $3 billion in Widgets Ltd, a French parts maker, the companies said.",
        "Acme Corp will invest $2bn in Widgets Ltd, a French parts maker, the companies said.",
    )
    assert cited(brief, "Acme Corp will invest $2 billion") == ("a1", "a4")


def test_a_source_is_cited_only_when_it_names_the_same_parties():
    brief = brief_of(
        "Acme Corp and Widgets Ltd agreed a multi-year partnership on cloud services on Monday.",
        "Acme Corp agreed a multi-year partnership on cloud services on Monday, it said.",
    )
    assert cited(brief, "Acme Corp and Widgets Ltd") == ("a1",)


def test_a_denial_never_confirms_what_it_denies():
    brief = brief_of(
        "Acme Corp will take an equity stake in Widgets Ltd as part of the partnership.",
        "Acme Corp will not take an equity stake in Widgets Ltd as part of the partnership.",
    )
    assert [item.cited for item in brief] == [("a1",)]  # the other, alike in wording, is not said twice


def test_a_republished_copy_confirms_its_original_word_for_word():
    text = "Acme Corp will invest $2 billion in Widgets Ltd, the companies said on Monday."
    brief = brief_of(text, text, copies={2: 1})
    assert [item.cited for item in brief] == [("a1", "a2")]


def test_the_brief_says_each_fact_once_and_covers_the_others():
    deal = "Acme Corp will buy Widgets Ltd for $2 billion, the companies said on Monday."
    brief = brief_of(
        deal + " The Competition Authority said it would examine the deal under merger rules.",
        "Acme Corp agreed to buy Widgets Ltd for $2 billion on Monday, the firms said. "
        "Widgets Ltd will keep its factory in Lyon and its 400 workers, the company added.",
        deal,
        budget=3,
    )
    texts = [item.sentence.text for item in brief]
    assert texts[0] == deal  # what most sources say comes first, and once
    assert sum("$2 billion" in t for t in texts) == 1
    assert any("Competition Authority" in t for t in texts)
    assert any("Lyon" in t for t in texts)


def test_filler_that_no_other_source_says_comes_after_the_facts():
    deal = "Acme Corp will buy Widgets Ltd for $2 billion, the companies said on Monday."
    brief = brief_of(
        "The landscape of industrial automation is heating up as the season of big moves begins. " + deal,
        deal,
        "Acme Corp is buying Widgets Ltd for $2 billion, it said on Monday.",
        budget=1,
    )
    assert [item.sentence.text for item in brief] == [deal]


def test_a_sentence_leaning_on_the_one_before_is_never_in_the_brief():
    brief = brief_of(
        "Acme Corp will buy Widgets Ltd for $2 billion, the companies said on Monday. "
        "It said the $2 billion deal with Widgets Ltd would close in March. "
        "However, Widgets Ltd shareholders must still approve the $2 billion deal. "
        "As I reported last month, Acme Corp had held talks with Widgets Ltd since the summer.",
    )
    assert [item.sentence.text[:8] for item in brief] == ["Acme Cor"]


def test_a_sentence_stating_a_version_of_a_disagreement_is_marked_disputed():
    articles = story(
        "Acme Corp will invest $2 billion in Widgets Ltd, the companies said on Monday.",
        "Acme Corp will invest $3 billion in Widgets Ltd, the companies said on Monday.",
    )
    by_id = {a.id: a for a in articles}
    versions = tuple(
        Version(label, (by_id[i].sentences[0],)) for label, i in (("$2 billion", "a1"), ("$3 billion", "a2"))
    )
    question = "How large was the investment (Acme Corp, Widgets Ltd)?"
    brief = story_brief(articles, 5, [Disagreement(question, versions)])
    assert [item.disputed for item in brief] == [question]
    assert all(item.disputed is None for item in story_brief(articles, 5))


def test_a_story_with_nothing_quotable_has_no_brief():
    assert brief_of("Too short.", "Also short.") == ()
