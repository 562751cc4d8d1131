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


def test_overviews_and_timeline_are_reused_while_what_they_are_made_from_is_unchanged(monkeypatch, tmp_path):
    import datetime as dt

    import digest.link
    from digest.cache import Memo
    from digest.link import link
    from digest.settings import Settings

    def articles(extra: str, when: str):
        return (
            make_article(id="a", date=dt.date(2024, 3, 1), body=f"Acme Corp bought Widgets Ltd {when}."),
            make_article(
                id="b", date=dt.date(2024, 3, 2), body=f"Widgets Ltd was sold to Acme {when}. {extra}"
            ),
        )

    def linked(extra: str, when: str = "on 1 March 2024"):
        content = Content(articles(extra, when), (), (ACME, WIDGETS))
        memo = Memo.open(tmp_path / "linked.memo")
        result = link(content, analyse(content, 0.25), Settings(), 1, memo)
        memo.save()
        return result

    made = []
    for name in ("overviews", "timeline"):
        real = getattr(digest.link, name)
        monkeypatch.setattr(digest.link, name, lambda *a, real=real: made.append(real.__name__) or real(*a))
    first = linked("Rain fell.")
    assert sorted(made) == ["overviews", "timeline"] and first.timeline
    made.clear()
    assert linked("Rain fell.") == first and made == []

    changed = linked("Snow fell.")  # new words, no new date: the timeline is the same
    assert made == ["overviews"] and changed.timeline == first.timeline
    made.clear()
    moved = linked("Snow fell.", when="on 2 March 2024")
    assert sorted(made) == ["overviews", "timeline"] and moved.timeline != first.timeline
    content = Content(articles("Snow fell.", "on 2 March 2024"), (), (ACME, WIDGETS))
    assert link(content, analyse(content, 0.25), Settings(), 1) == moved  # what no memo gives
