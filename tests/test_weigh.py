import datetime as dt

from digest.model import Disagreement, Entity, EntityType, Version
from digest.weigh import weigh
from tests.conftest import analysed_story

ACME = Entity("acme", "Acme Corp", EntityType.ORGANISATION, ("Acme",))
WIDGETS = Entity("widgets", "Widgets Ltd", EntityType.ORGANISATION)
WIRE = Entity("wire", "Daily Wire", EntityType.PUBLICATION)
ENTITIES = (ACME, WIDGETS, WIRE)
QUESTION = "Did Acme take a stake in Widgets Ltd?"


def articles(*texts: str, copies: dict[int, int] | None = None):
    return {a.id: a for a in analysed_story(*texts, entities=ENTITIES, copies=copies)}


def weighed(found, versions: dict[str, list[str]], editorial: bool = True) -> Disagreement:
    disagreement = Disagreement(
        QUESTION,
        tuple(Version(label, tuple(found[i].sentences[0] for i in ids)) for label, ids in versions.items()),
        editorial=editorial,
    )
    (result,) = weigh([disagreement], list(found.values()), ENTITIES)
    return result


YES = "According to the Daily Wire, Acme Corp took a small stake in Widgets Ltd this week."
NO = "Acme told the Daily Wire that it had invested in Widgets Ltd but did not own any of its shares."


def test_versions_are_counted_by_source_a_copy_once_and_dated():
    found = articles(YES, YES, NO, YES, copies={2: 1})
    result = weighed(found, {"Yes": ["a1", "a2", "a4"], "No": ["a3"]})
    yes, no = result.versions
    assert (yes.sources, yes.first, yes.last) == (2, dt.date(2024, 1, 1), dt.date(2024, 1, 4))
    assert (no.sources, no.first, no.last) == (1, dt.date(2024, 1, 3), dt.date(2024, 1, 3))
    assert result.best_sourced == yes
    assert result.latest == yes


def test_a_tie_has_no_best_sourced_version():
    found = articles(YES, NO)
    assert weighed(found, {"Yes": ["a1"], "No": ["a2"]}).best_sourced is None


def test_a_partys_own_words_are_told_apart_from_a_report():
    found = articles(YES, NO)
    result = weighed(found, {"Yes": ["a1"], "No": ["a2"]})
    yes, no = result.versions
    assert result.parties == ("acme", "widgets")
    assert (yes.speakers, yes.cites) == ((), ("wire",))
    assert (no.speakers, no.cites) == (("acme",), ("wire",))
    assert result.own_word == ((no, ("acme",)),)


def test_an_amount_stated_beside_a_speaker_is_not_their_word():
    found = articles("Acme assures it will keep its plants open after the $2 billion deal with Widgets Ltd.")
    result = weighed(found, {"$2 billion": ["a1"]}, editorial=False)
    assert result.versions[0].speakers == () and result.own_word == ()
