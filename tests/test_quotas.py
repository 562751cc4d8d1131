from digest.analyse import analyse
from digest.model import CitedSentence, Compared, Content, Disagreement, Version
from digest.quotas import quota, quotable, quotes_of
from tests.conftest import make_article

TEN = " ".join(f"Sentence number {n} of the article says one more thing about the deal." for n in range(10))


def analysed(body: str):
    (article,) = analyse(Content((make_article(id="a", body=body),), (), ()), 0.25)
    return article


def test_other_pages_may_quote_two_fifths_of_an_article_and_two_sentences_of_a_short_one():
    assert quota(analysed(TEN)) == 4
    assert quota(analysed("One short sentence of the article here. And a second one of it here.")) == 2


def test_what_the_story_page_compares_comes_before_the_summary_and_the_quota_holds():
    article = analysed(TEN)
    late = article.sentences[9]
    compared = Compared(
        overview=(CitedSentence(article.sentences[8], ("a",)),),
        disagreements=(Disagreement("How much?", (Version("$1", (late,)),)),),
    )
    allowed = quotable(article, compared)
    assert len(allowed) == 4 and {8, 9} <= allowed
    assert allowed - {8, 9} <= {s.index for s in article.summary}


def test_a_listing_quotes_two_allowed_sentences_and_counts_the_rest():
    article = analysed(TEN)
    shown, more = quotes_of(article, frozenset({1, 2, 3}))
    assert [s.index for s in shown] == [1, 2] and more == 8
