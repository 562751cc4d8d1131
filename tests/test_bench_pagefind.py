from digest.bench.pagefind import search_times, write_site
from digest.search import index_site


def test_the_benchmark_finds_a_word_of_every_page_and_one_of_a_page_in_a_hundred(tmp_path):
    write_site(tmp_path, 200)
    index_site(tmp_path)
    times = search_times(tmp_path)
    assert {query: found for query, (found, _ms) in times.items()} == {"everywhere": 200, "sometimes": 2}
    assert all(ms >= 0 for _found, ms in times.values())
