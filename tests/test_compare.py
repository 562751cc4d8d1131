import datetime as dt

from digest.analyse import analyse
from digest.compare import amount_disagreements, figure_groups, question_disagreements, stance_of
from digest.model import Answer, Content, Cue, Entity, EntityType, FigureNote, Question
from digest.timeline import timeline
from tests.conftest import make_article

ENTITIES = (
    Entity("acme", "Acme", EntityType.ORGANISATION),
    Entity("widgets", "Widgets", EntityType.ORGANISATION),
    Entity("other", "Other Corp", EntityType.ORGANISATION),
)


def analysed(*bodies: str, questions=()):
    articles = tuple(
        make_article(id=f"a{i}", path=f"content/articles/a{i}.md", body=body, date=dt.date(2024, 1, 1 + i))
        for i, body in enumerate(bodies)
    )
    return analyse(Content(articles, (), ENTITIES, questions), 0.25)


def test_equal_values_from_different_sources_are_one_figure():
    articles = analysed(
        "Acme will invest €15 million in Widgets, it said.",
        "Widgets gets EUR 15 million of investment from Acme, the firm said.",
    )
    notes = (FigureNote("€15 million", "An initial investment."),)
    (group,) = figure_groups(articles, notes, ["a0", "a1"])
    assert group.articles == ("a0", "a1") and group.notes == ("An initial investment.",)
    assert [f.text for f in group.figures] == ["€15 million", "EUR 15 million"]


def test_amounts_that_cannot_both_be_true_are_a_disagreement_with_every_version():
    articles = analysed(
        "Acme made a $2 billion investment in Widgets, it said.",
        "Acme's investment in Widgets was €15 million (approximately $16.3 million).",
        "Neither Acme nor Widgets disclosed the size of the investment.",
        "Other Corp invested $13 billion in its partner last year.",
    )
    (disagreement,) = amount_disagreements(articles, ENTITIES, ())
    assert disagreement.question == "How large was the investment (Acme, Widgets)?"
    assert [(v.label, v.articles) for v in disagreement.versions] == [
        ("$2 billion", ("a0",)),
        ("€15 million", ("a1",)),
        ("not disclosed", ("a2",)),
    ]


def test_amounts_that_agree_are_not_a_disagreement():
    articles = analysed(
        "Acme invested more than $10 billion in Widgets.",
        "Acme invested $13 billion in Widgets.",
        "Acme put about $12.5 billion of investment into Widgets.",
    )
    assert amount_disagreements(articles, ENTITIES, ()) == ()


def test_editorial_questions_list_each_answer_with_its_sources():
    question = Question(
        "equity",
        "Did Acme take equity?",
        (
            Answer("Yes", (Cue("minor stake"),)),
            Answer("No", (Cue("not own any equity"),)),
            Answer("Maybe", (Cue("perhaps"),)),
        ),
    )
    articles = analysed(
        "Acme took a minor stake in Widgets.",
        "Acme said it did not own any equity in Widgets. Its Minor Stake talk was loose.",
        "Widgets makes parts.",
        questions=(question,),
    )
    (disagreement,) = question_disagreements(articles, (question,))
    assert disagreement.editorial
    assert [(v.label, v.articles) for v in disagreement.versions] == [
        ("Yes", ("a0", "a1")),
        ("No", ("a1",)),
    ]
    assert [s.text for s in disagreement.versions[0].quotes] == [
        "Acme took a minor stake in Widgets.",
        "Its Minor Stake talk was loose.",
    ]
    one_sided = analysed("Acme took a minor stake in Widgets.", questions=(question,))
    assert question_disagreements(one_sided, (question,)) == ()


def test_an_articles_stance_is_its_own_figures_undisclosed_terms_and_answers():
    """What its page shows: the figures Key figures would list (no count, no conversion), grouped by value
    with the editors' notes; its sentences saying the terms were not disclosed; each question it answers,
    with every answer it gives, in the order of the questions."""
    open_source = Question(
        "open",
        "Is Widgets staying open?",
        (Answer("Yes", (Cue("stays open"),)), Answer("No", (Cue("closed model"),))),
    )
    equity = Question("equity", "Did Acme take equity?", (Answer("Yes", (Cue("minor stake"),)),))
    unasked = Question("ceo", "Who runs Widgets?", (Answer("Jane", (Cue("jane runs"),)),))
    questions = (equity, open_source, unasked)
    (article,) = analysed(
        "Acme put €15 million (approximately $16.3 million) into Widgets, three engineers said. "
        "Widgets stays open, its founder said. Its new closed model costs more. "
        "Acme took a minor stake for the €15 million, worth 20% of Widgets. "
        "The terms of the deal were not disclosed.",
        questions=questions,
    )
    stance = stance_of(article, questions, (FigureNote("€15 million", "The first tranche."),))
    assert [(g.figures[0].text, g.notes, [s.index for s in g.sentences]) for g in stance.figures] == [
        ("€15 million", ("The first tranche.",), [0, 3]),
        ("20%", (), [3]),
    ]
    assert [s.text for s in stance.undisclosed] == ["The terms of the deal were not disclosed."]
    assert [
        (a.question, [(v.label, [s.index for s in v.quotes]) for v in a.versions]) for a in stance.answers
    ] == [
        ("Did Acme take equity?", [("Yes", [3])]),
        ("Is Widgets staying open?", [("Yes", [1]), ("No", [2])]),
    ]
    (silent,) = analysed("Widgets makes parts.", questions=questions)
    assert not stance_of(silent, questions, ())


def test_timeline_orders_events_and_says_a_shared_one_once():
    articles = analysed(
        "Acme bought Widgets on Monday, the companies said. Widgets was founded in 1950.",
        "Acme bought Widgets on Monday 1 January, the two companies said.",
    )
    events = timeline(articles, ["a0", "a1"])
    assert [(e.date, e.precision, e.cited) for e in events] == [
        (dt.date(1950, 1, 1), "year", ("a0",)),
        (dt.date(2024, 1, 1), "day", ("a0", "a1")),
    ]


def test_busy_and_quiet_dates_are_compared_alike(monkeypatch):
    """Most dates are compared as small dense matrices, the busiest as sparse products: same events."""
    import digest.textstats

    articles = analysed(
        *(f"Acme bought Widgets on Monday, the companies said in statement {i}." for i in range(6)),
        "Rain fell on Monday over the whole of Paris.",
    )
    order = [a.id for a in articles]
    dense = timeline(articles, order)
    monkeypatch.setattr(digest.textstats, "DENSE_UP_TO", 1)
    assert timeline(articles, order) == dense
    assert [len(e.cited) for e in dense] == [6, 1]
