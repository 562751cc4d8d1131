from digest.duplicates import near_duplicates
from tests.conftest import make_article

STORY = (
    "Acme Corp will invest two billion dollars in Widgets Ltd, the companies said on Tuesday. "
    "The deal makes Acme the largest shareholder. Regulators will study it under competition law."
)


def test_syndicated_copies_are_reported_with_both_files_and_the_similarity():
    a = make_article(id="a", path="content/articles/a.md", body=STORY)
    b = make_article(
        id="b", path="content/articles/b.md", body=STORY.replace("Tuesday", "Tuesday evening"), body_line=9
    )
    (problem,) = near_duplicates([b, a])
    assert str(problem) == (
        "content/articles/b.md:9: body: the text is 95% similar to content/articles/a.md "
        "(near-duplicate from 80%); if it is the same story, keep one, or keep both with 'copy_of: a'"
    )
    assert not problem.is_error


def test_a_copy_kept_on_purpose_says_which_article_it_copies_and_is_no_warning():
    a = make_article(id="a", path="content/articles/a.md", body=STORY)
    b = make_article(id="b", path="content/articles/b.md", body=STORY, url="https://e.com/b", copy_of="a")
    assert near_duplicates([a, b]) == ()


def test_two_reports_of_one_event_are_not_duplicates():
    a = make_article(id="a", path="content/articles/a.md", body=STORY)
    b = make_article(
        id="b",
        path="content/articles/b.md",
        body=(
            "Regulators in Brussels opened a review of the Widgets Ltd sale on Friday. A spokesperson for Acme "
            "said the company would cooperate, and analysts expect a decision within thirty days."
        ),
    )
    assert near_duplicates([a, b]) == ()


def test_copies_in_different_blocks_are_found_once(monkeypatch):
    import digest.textstats

    monkeypatch.setattr(digest.textstats, "CHUNK", 1)
    notes = ("Rain fell over Paris all week.", "The museum reopens in June.", "Ferries resumed service.")
    others = [
        make_article(id=f"o{i}", path=f"content/articles/b{i}.md", body=note) for i, note in enumerate(notes)
    ]
    a = make_article(id="a", path="content/articles/a.md", body=STORY)
    c = make_article(id="c", path="content/articles/c.md", body=STORY)
    problems = near_duplicates([c, *others, a])
    assert [(p.path, p.message[:26]) for p in problems] == [
        ("content/articles/c.md", "the text is 100% similar t")
    ]
