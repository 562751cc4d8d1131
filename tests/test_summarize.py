import numpy as np

from digest.model import Sentence
from digest.summarize import is_candidate, pagerank, summarise_article, summary_budget
from tests.conftest import make_sentence

ARTICLE = [
    "Acme Corp will invest two billion dollars in Widgets Ltd, the companies said on Tuesday.",
    "The investment makes Acme Corp the largest shareholder in Widgets Ltd by a wide margin.",
    "Widgets Ltd makes small metal parts for the car industry in three countries.",
    "Acme Corp said the two billion dollar investment in Widgets Ltd would close in March.",
    "The weather in the city was mild and sunny for most of the week.",
    "Regulators may look at the Acme Corp investment in Widgets Ltd before it closes.",
    "Short one.",
]


def sentences(texts, article_id="a"):
    return [make_sentence(t, i, article_id) for i, t in enumerate(texts)]


def test_candidates_exclude_fragments_questions_and_list_intros():
    assert not is_candidate(make_sentence("Short one."))
    assert not is_candidate(make_sentence("What is the Mistral AI model we keep hearing about?"))
    assert not is_candidate(make_sentence("Key areas to watch in the coming months include:"))
    assert is_candidate(make_sentence(ARTICLE[0]))


def test_pagerank_favours_the_hub():
    similarity = np.array([[1, 0.9, 0.9], [0.9, 1, 0.0], [0.9, 0.0, 1]])
    rank = pagerank(similarity)
    assert rank.argmax() == 0 and abs(rank.sum() - 1) < 1e-9


def test_summary_is_budgeted_faithful_in_order_and_central():
    chosen = summarise_article(sentences(ARTICLE), 3)
    assert len(chosen) == 3
    assert [s.index for s in chosen] == sorted(s.index for s in chosen)
    assert all(s.text in ARTICLE for s in chosen)
    assert chosen[0].index == 0
    assert 4 not in [s.index for s in chosen]  # the off-topic sentence


def test_short_articles_give_all_their_candidates():
    assert [s.index for s in summarise_article(sentences(ARTICLE[:2]), 4)] == [0, 1]


def test_summary_is_deterministic():
    assert summarise_article(sentences(ARTICLE), 4) == summarise_article(sentences(list(ARTICLE)), 4)


def test_budget_is_a_quarter_of_the_candidates_within_3_to_5():
    long = "Acme Corp said on Monday that it will build a new factory near the river."
    for count, budget in ((2, 3), (16, 4), (19, 5), (60, 5)):
        assert summary_budget([make_sentence(long, i) for i in range(count)]) == budget


def test_a_figure_in_a_paragraph_opening_wins_over_a_bland_sentence():
    bland = [
        make_sentence(
            f"Acme Corp and Widgets Ltd talked about the future of the industry again, part {i}.", i, block=i
        )
        for i in range(6)
    ]
    figure = Sentence(
        "a", 6, 6, "Acme Corp will pay €15 million for a small stake in Widgets Ltd, filings show.", True
    )
    chosen = summarise_article([*bland, figure], 3)
    assert figure in chosen


def test_a_sentence_leaning_on_the_one_before_comes_only_with_it():
    texts = [
        "Acme Corp will invest two billion dollars in Widgets Ltd, the companies said on Tuesday.",
        "Widgets Ltd makes small metal parts for the car industry in three countries.",
        "It said the two billion dollar investment by Acme Corp in Widgets Ltd would close in March.",
        "As I reported last month, Acme Corp wanted Widgets Ltd and its two billion dollar business.",
        "The weather in the city was mild and sunny for most of the week of the deal.",
        "Rain is expected across the north of the country for the rest of the month.",
    ]
    chosen = summarise_article(sentences(texts), 3)
    for sentence in chosen:
        if sentence.text.startswith(("It ", "As I")):
            assert sentence.index - 1 in {s.index for s in chosen}
    assert texts[3] not in [s.text for s in chosen]  # its referent (the weather) is never worth a place


def test_a_text_without_paragraph_breaks_leans_on_its_order():
    texts = [
        "Acme Corp agreed on Tuesday to buy a rival parts maker after months of talks in London.",
        "The weather in the city was mild and sunny for most of the week of the talks.",
        "Widgets Ltd shareholders back the Widgets Ltd sale to Acme Corp, Widgets Ltd said.",
        "Widgets Ltd will join Acme Corp, and Widgets Ltd staff keep their jobs at Widgets Ltd.",
        "Widgets Ltd parts will be sold by Acme Corp under the Widgets Ltd name, Acme Corp said.",
    ]
    one_block = [Sentence("a", 0, i, t, i == 0) for i, t in enumerate(texts)]
    paragraphs = [Sentence("a", i, i, t, True) for i, t in enumerate(texts)]
    assert summarise_article(one_block, 1)[0].index == 0  # its order is all the structure it has
    assert summarise_article(paragraphs, 1)[0].index == 4  # the most central of five topic sentences
