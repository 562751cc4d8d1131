import datetime as dt

from digest.analyse import analyse, newest_first
from digest.cache import Memo
from digest.link import link
from digest.model import Content, Entity, EntityType
from digest.settings import Settings
from tests.conftest import make_article

ACME = Entity("acme", "Acme Corp", EntityType.ORGANISATION, ("Acme",))
WIDGETS = Entity("widgets", "Widgets Ltd", EntityType.ORGANISATION)
ENTITIES = (ACME, WIDGETS)


def analysed(*articles):
    return analyse(Content(tuple(articles), (), ENTITIES), 0.25)


def article(article_id: str, day: int, body: str, **more):
    values = {
        "id": article_id,
        "path": f"content/articles/{article_id}.md",
        "date": dt.date(2024, 1, day) if day else None,
        "url": f"https://example.com/{article_id}",
        "title": body.split(".")[0],
        "body": body,
    }
    return make_article(**(values | more))


DEAL = "Acme Corp will buy Widgets Ltd for two billion dollars, the companies said on Monday. Acme Corp said the deal would close in March."
DEAL_AGAIN = "Widgets Ltd agreed on Monday to be bought by Acme Corp for two billion dollars. The deal closes in March, Widgets Ltd said."
STRIKE = (
    "Dockers at the port of Hull walked out on Tuesday over pay. The strike at the Hull docks halted ferries."
)
STRIKE_AGAIN = (
    "The Hull dock strike over pay entered its second day on Wednesday, and ferries stayed in port."
)


def test_newest_first_then_undated():
    old = make_article(id="old", date=dt.date(2024, 1, 1))
    new = make_article(id="new", date=dt.date(2024, 3, 1))
    undated = make_article(id="undated", date=None)
    assert [a.id for a in newest_first(analysed(old, undated, new))] == ["new", "old", "undated"]


def test_each_story_is_compared_within_itself_and_gives_its_dates_and_sources():
    articles = (
        article("deal-1", 1, DEAL, outlet="The Paper"),
        article("deal-2", 2, DEAL_AGAIN, outlet="The Wire"),
        article("deal-copy", 2, DEAL, outlet="Syndicator", copy_of="deal-1"),
        article("strike-1", 3, STRIKE, outlet="The Paper"),
        article("strike-2", 4, STRIKE_AGAIN + " A blogger saw it.", outlet=None, source_kind="blog"),
        article("strike-3", 5, STRIKE_AGAIN + " Seen from the quay.", outlet=None, url=None),
        article("strike-4", 5, STRIKE + " Copied.", outlet=None, source_kind="republished"),
    )
    content = Content(articles, (), ENTITIES)
    digest = link(content, analyse(content, 0.25), Settings())
    stories = {s.id: s for s in digest.stories}
    assert [s.id for s in digest.stories] == ["strike-1", "deal-1"]  # newest first
    deal, strike = stories["deal-1"], stories["strike-1"]
    assert deal.articles == ("deal-1", "deal-2", "deal-copy")
    assert strike.articles == ("strike-1", "strike-2", "strike-3", "strike-4")
    assert (deal.first, deal.last, deal.sources) == (dt.date(2024, 1, 1), dt.date(2024, 1, 2), 2)
    assert (deal.outlets, deal.outlet_unknown) == (2, 0)  # the copy counted with its original
    counted = (strike.outlets, strike.outlet_unknown, strike.republished, strike.blogs)
    assert counted == (1, 1, 1, 1)  # as the sources page shows them
    assert digest.story_of("strike-2") is strike
    for story in (deal, strike):
        own, compared = set(story.articles), digest.compared_in(story)
        assert {i for c in compared.overview for i in (c.sentence.article_id, *c.cited)} <= own
        assert {i for g in compared.figures for i in g.articles} <= own
        assert {i for e in compared.timeline for i in (e.sentence.article_id, *e.cited)} <= own
    figures = {story.id: digest.compared_in(story).figures for story in (deal, strike)}
    assert [g.figures[0].text for g in figures["deal-1"]] == ["two billion dollars"] and not figures[
        "strike-1"
    ]


def test_stories_naming_the_same_organisations_are_related_with_the_reason():
    later = "Acme Corp and Widgets Ltd named a joint chief for the merged firm. The chief starts in April."
    articles = (
        article("deal-1", 1, DEAL),
        article("deal-2", 2, DEAL_AGAIN),
        article("chief", 25, later),
        article("strike-1", 3, STRIKE),
    )
    content = Content(articles, (), ENTITIES)
    stories = {s.id: s for s in link(content, analyse(content, 0.25), Settings()).stories}
    assert len(stories) == 3
    (related,) = stories["deal-1"].related
    assert (related.story_id, related.shared_entities) == ("chief", ("acme", "widgets"))
    assert stories["strike-1"].related == ()


def test_a_story_is_worked_out_again_only_when_one_of_its_articles_changes(monkeypatch, tmp_path):
    import digest.link

    made = []
    real = digest.link.StoryWorker.__call__
    monkeypatch.setattr(
        digest.link.StoryWorker, "__call__", lambda self, c: made.append(c.id) or real(self, c)
    )

    def linked(strike_extra: str):
        articles = (
            article("deal-1", 1, DEAL),
            article("deal-2", 2, DEAL_AGAIN),
            article("strike-1", 3, STRIKE),
            article("strike-2", 4, STRIKE_AGAIN + strike_extra),
        )
        content = Content(articles, (), ENTITIES)
        memo = Memo.open(tmp_path / "linked.memo")
        result = link(content, analyse(content, 0.25), Settings(), 1, memo)
        memo.save()
        return content, result

    _content, first = linked("")
    assert sorted(made) == ["deal-1", "strike-1"]
    made.clear()
    assert linked("")[1] == first and made == []
    content, changed = linked(" Talks resume on Friday.")
    assert made == ["strike-1"] and changed.story("deal-1") == first.story("deal-1")
    assert link(content, analyse(content, 0.25), Settings()) == changed  # what no memo gives


def test_a_story_whose_comparisons_are_damaged_in_the_memo_is_worked_out_again(tmp_path, monkeypatch):
    """A story's comparisons are kept apart from it and decoded only when a page asks for them: one that
    no longer matches its checksum makes its story be worked out again, not a page that fails later."""
    import digest.link

    made: list[str] = []
    real = digest.link.StoryWorker.__call__
    monkeypatch.setattr(
        digest.link.StoryWorker, "__call__", lambda self, c: made.append(c.id) or real(self, c)
    )
    articles = (article("deal-1", 1, DEAL), article("deal-2", 2, DEAL_AGAIN), article("strike-1", 3, STRIKE))
    content = Content(articles, (), ENTITIES)
    path = tmp_path / "linked.memo"
    memo = Memo.open(path)
    first = link(content, analyse(content, 0.25), Settings(), 1, memo)
    memo.save()
    lines = path.read_bytes().split(b"\n")
    (deal,) = [n for n, line in enumerate(lines) if b'["Compared"' in line and b"two billion" in line]
    lines[deal] = lines[deal].replace(b"two billion", b"ten billion")  # a flipped bit, in effect
    path.write_bytes(b"\n".join(lines))
    made.clear()
    again = link(content, analyse(content, 0.25), Settings(), 1, Memo.open(path))
    assert made == ["deal-1"]
    assert again == first and again.compared_in(again.story("deal-1")) == first.compared_in(
        first.story("deal-1")
    )
