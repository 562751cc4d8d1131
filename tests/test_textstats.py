import numpy as np
import pytest

import digest.textstats
from digest.textstats import fold, similarity_blocks, terms, tfidf

TEXTS = [f"story {i} about topic{i % 3} and budget{i % 5} plans" for i in range(23)]


def test_terms_drop_stop_words_and_fold_endings():
    assert terms("The investments in models are growing") == ("invest", "model", "grow")
    assert fold("studies") == "study" and fold("bus") == "bus"


def test_rows_are_unit_length_and_equal_texts_score_one():
    vectors = tfidf(["Acme invests in Widgets", "Acme invests in Widgets", "Rain in Spain"])
    assert np.allclose(vectors.multiply(vectors).sum(axis=1), 1.0)
    assert (vectors[0] @ vectors[1].T).toarray()[0, 0] == pytest.approx(1.0)


@pytest.mark.parametrize(("chunk", "window"), [(4, 100), (4, 3), (5, 0), (1, 2)])
def test_blocks_hold_exactly_the_pairs_within_the_window(monkeypatch, chunk, window):
    monkeypatch.setattr(digest.textstats, "CHUNK", chunk)
    vectors = tfidf(TEXTS)
    full = (vectors @ vectors.T).toarray()
    seen = np.zeros_like(full, dtype=bool)
    for first_row, first_column, block in similarity_blocks(vectors, window):
        rows, columns = block.shape
        assert np.allclose(block, full[first_row : first_row + rows, first_column : first_column + columns])
        seen[first_row : first_row + rows, first_column : first_column + columns] = True
    distance = np.abs(np.subtract.outer(np.arange(len(TEXTS)), np.arange(len(TEXTS))))
    assert seen[distance <= window].all()  # every pair within the window is compared
    assert not seen[distance > window + chunk].any()  # and nothing far beyond it


def test_dense_sentence_similarity_is_the_sparse_one():
    from digest.textstats import cosine, sentence_similarity

    texts = [*TEXTS[:6], "", "The the of"]  # with texts that have no terms
    assert np.allclose(sentence_similarity(texts), cosine(tfidf(texts)))


def test_tfidf_is_scikit_learns_with_sublinear_term_frequency():
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [*TEXTS[:9], "", "Acme invests and invests again in Acme"]
    reference = TfidfVectorizer(analyzer=terms, sublinear_tf=True).fit_transform(texts)
    assert np.allclose((tfidf(texts) @ tfidf(texts).T).toarray(), (reference @ reference.T).toarray())


def test_term_counts_are_the_counted_terms_of_the_texts_together():
    from collections import Counter

    from digest.textstats import term_counts, term_counts_of

    text = "Acme invests. Acme's investments grow; the models grow."
    counts = term_counts(text)
    ids = np.frombuffer(counts.ids, dtype=np.uint32)
    assert sorted(np.frombuffer(counts.counts, dtype=np.uint32).tolist()) == sorted(
        Counter(terms(text)).values()
    )
    assert (np.diff(ids.astype(np.int64)) > 0).all()  # ascending, each term once
    assert term_counts_of(["Acme invests.", "Acme's investments grow; the models grow."]) == counts
    assert term_counts("") == term_counts_of([]) and not term_counts("").ids


def test_stop_words_are_scikit_learns():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from digest.stopwords import ENGLISH_STOP_WORDS as ours

    assert ours == ENGLISH_STOP_WORDS
