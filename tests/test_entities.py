from digest.entities import EntityMatcher
from digest.model import Entity, EntityType

ENTITIES = (
    Entity("mistral-ai", "Mistral AI", EntityType.ORGANISATION, ("Mistral",)),
    Entity("mistral-large", "Mistral Large", EntityType.PRODUCT),
    Entity("le-chat", "Le Chat", EntityType.PRODUCT, ("le Chat",)),
    Entity("microsoft", "Microsoft", EntityType.ORGANISATION),
    Entity("gpt-4", "GPT-4", EntityType.PRODUCT),
)


def find(text: str) -> tuple[str, ...]:
    return EntityMatcher(ENTITIES).find(text)


def test_longest_name_wins_at_a_position():
    assert find("Mistral Large ranks second; Mistral AI said so.") == ("mistral-large", "mistral-ai")


def test_alias_and_possessive_with_either_apostrophe():
    assert find("Mistral’s models and Microsoft's cloud") == ("mistral-ai", "microsoft")


def test_case_keeps_ordinary_words_out():
    assert find("a large model; le chat noir; the mistral wind") == ()
    assert find("Mistral launched le Chat and Le Chat Enterprise") == ("mistral-ai", "le-chat")


def test_word_boundaries():
    assert find("Microsofts MicrosoftAzure GPT-40 pre-Microsoft") == ()
    assert find("(GPT-4), Microsoft.") == ("gpt-4", "microsoft")


def test_each_entity_once_in_order_of_first_mention():
    assert find("Microsoft and Mistral. Microsoft again.") == ("microsoft", "mistral-ai")


def test_spans_point_into_the_original_text():
    text = "Mistral’s model, Mistral Large, beat GPT-4."
    assert [(text[a:b], e) for a, b, e in EntityMatcher(ENTITIES).spans(text)] == [
        ("Mistral", "mistral-ai"),
        ("Mistral Large", "mistral-large"),
        ("GPT-4", "gpt-4"),
    ]


def test_untracked_names_used_by_two_sources_are_suggested():
    from digest.entities import candidate_entities

    texts = {
        "a": ["Microsoft told Reuters that the European Commission is looking at the deal on Monday."],
        "b": ["The European Commission said so. Satya Nadella agreed, Reuters reported."],
        "c": ["Satya Nadella’s plan was praised. French startups cheered."],
    }
    assert candidate_entities(texts, EntityMatcher(ENTITIES)) == [
        ("European Commission", ("a", "b")),
        ("Reuters", ("a", "b")),
        ("Satya Nadella", ("b", "c")),
    ]
