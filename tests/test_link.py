from digest.analyse import analyse, newest_first
from digest.link import related_articles
from digest.model import Content, Entity, EntityType
from tests.conftest import make_article

ACME = Entity("acme", "Acme Corp", EntityType.ORGANISATION, ("Acme",))
WIDGETS = Entity("widgets", "Widgets Ltd", EntityType.ORGANISATION)


def analysed(*articles):
    return analyse(Content(tuple(articles), (), (ACME, WIDGETS)), 0.25)


def test_related_by_wording_with_shared_entities_as_reason():
    a = make_article(
        id="a", body="Acme Corp will invest two billion in Widgets Ltd. The investment is large."
    )
    b = make_article(id="b", body="Widgets Ltd gets two billion from Acme in a large investment, Acme said.")
    c = make_article(id="c", body="Rain fell across the north. Farmers welcomed the wet weather.")
    related = related_articles(analysed(a, b, c), threshold=0.12, limit=5)
    assert [r.article_id for r in related["a"]] == ["b"]
    assert related["a"][0].shared_entities == ("acme", "widgets")
    assert related["c"] == ()
    assert related["a"][0].similarity == related["b"][0].similarity


def test_newest_first_then_undated():
    import datetime as dt

    old = make_article(id="old", date=dt.date(2024, 1, 1))
    new = make_article(id="new", date=dt.date(2024, 3, 1))
    undated = make_article(id="undated", date=None)
    assert [a.id for a in newest_first(analysed(old, undated, new))] == ["new", "old", "undated"]
