import pytest

from digest.analyse import analyse
from digest.build import build, check
from digest.cache import MISSING, Cache, Memo
from tests.conftest import Project


def test_cached_analysis_equals_a_fresh_one_and_misses_when_an_input_changes(
    two_article_project: Project, tmp_path
):
    settings, content, _ = check(two_article_project.root)
    cache = Cache(tmp_path / "cache")
    fresh = analyse(content, settings.summary_share)
    assert analyse(content, settings.summary_share, cache) == fresh and (cache.hits, cache.misses) == (0, 2)
    assert analyse(content, settings.summary_share, cache) == fresh and (cache.hits, cache.misses) == (2, 2)
    analyse(content, 0.5, cache)  # another setting: another key
    assert cache.misses == 4


def test_analyses_whose_outlines_are_kept_are_read_only_when_a_field_beyond_them_is_asked_for(
    two_article_project: Project, tmp_path
):
    import pickle

    from digest.analyse import CachedAnalysis, begin_analysis

    settings, content, _ = check(two_article_project.root)
    fresh = analyse(content, settings.summary_share)
    analyse(content, settings.summary_share, Cache(tmp_path / "cache"))  # cached, outlines not kept

    def begin(cache: Cache):
        outlines = Memo.open(tmp_path / "outlines.memo")
        return begin_analysis(content, settings.summary_share, cache, outlines=outlines)

    first = begin(Cache(tmp_path / "cache"))
    assert len(first.made) == 2 and first.terms == tuple(a.terms for a in fresh)  # read at once

    cache = Cache(tmp_path / "cache")
    later = begin(cache)
    assert later.made == {} and later.terms == first.terms
    loaded = later.load()
    assert all(isinstance(a, CachedAnalysis) for a in loaded) and (cache.hits, cache.misses) == (0, 0)
    assert [(a.id, a.theme_ids, a.entity_ids) for a in loaded] == [
        (a.id, a.theme_ids, a.entity_ids) for a in fresh
    ]
    assert cache.hits == 0
    assert loaded[0].summary == fresh[0].summary and cache.hits == 1  # read when first asked for
    assert loaded == fresh and cache.hits == 2
    assert pickle.loads(pickle.dumps(loaded[0])) == fresh[0] and hash(loaded[0]) == hash(fresh[0])

    for pack in (tmp_path / "cache" / Cache.PACKS).glob("*.pack"):  # damaged after the outlines were read
        pack.write_bytes(b"")
    cache = Cache(tmp_path / "cache")
    assert begin(cache).load() == fresh and cache.misses == 2  # analysed again


def test_memo_values_are_decoded_when_asked_for_and_kept_as_they_were_read(tmp_path, monkeypatch):
    import digest.cache

    path = tmp_path / "memo.memo"
    memo = Memo.open(path)
    memo.put("a", [1])
    memo.put("b", {"x": 2})
    memo.save()
    memo = Memo.open(path)
    encoded, real_dumps = [], digest.cache.serial.dumps
    monkeypatch.setattr(
        digest.cache.serial, "dumps", lambda value: encoded.append(value) or real_dumps(value)
    )
    memo.keep("a")
    assert memo.recall("b", lambda: 0) == {"x": 2} and memo.recall("c", lambda: 3) == 3
    memo.save()
    assert encoded == [3]  # only the new value
    memo = Memo.open(path)
    assert [memo.stored(k) for k in "abc"] == [[1], {"x": 2}, 3]


def test_a_damaged_memo_value_is_a_miss_and_the_others_are_still_read(tmp_path):
    path = tmp_path / "memo.memo"
    memo = Memo.open(path)
    memo.put("quote", "Acme invests two billion.")
    memo.put("other", ("kept", 1))
    memo.save()
    path.write_bytes(path.read_bytes().replace(b"two", b"ten"))  # a flipped bit, in effect
    memo = Memo.open(path)
    assert "quote" in memo and memo.stored("quote") is MISSING and memo.stored("other") == ("kept", 1)
    assert memo.recall("quote", lambda: "made again") == "made again"


def test_a_pickle_in_the_cache_folder_is_never_loaded(two_article_project: Project, tmp_path):
    """Issue 22: a crafted pickle in .cache/ ran code on every build. No file there is unpickled now."""
    import pickle

    root = two_article_project.root
    build(root)
    marker = tmp_path / "ran"

    class Exploit:
        def __reduce__(self):
            return (marker.write_text, ("code ran",))

    cache = root / ".cache" / "digest"
    old_names = ["files.pickle", "checked.pickle", "pages.pickle", "linked.pickle", "json.pickle"]
    for path in [*cache.rglob("*"), *(cache / name for name in old_names)]:
        if not path.is_dir():
            path.write_bytes(pickle.dumps(Exploit()))
    (root / "content" / "articles" / "2024-01-02-acme-invests.md").touch()  # so that the build runs
    result = build(root)
    assert not marker.exists() and len(result.digest.articles) == 2
    assert not list(cache.glob("*.pickle"))  # what older versions kept there is gone


def packs(folder):
    return sorted(p.name for p in (folder / Cache.PACKS).glob("*.pack"))


def test_cached_values_are_packed_and_only_those_used_are_kept(tmp_path):
    first = Cache(tmp_path)
    for key in "abcd":
        first.store(key, key * 1000)
    assert first.load("a") == "a" * 1000  # before it is saved, too
    first.save()
    assert len(packs(tmp_path)) == 1

    second = Cache(tmp_path)
    assert second.load("a") == "a" * 1000
    second.store("e", "e")
    second.save()  # b, c and d were not used: forgotten; the old pack, mostly dead, gives "a" to the new one
    third = Cache(tmp_path)
    assert [third.load(key) for key in "abcde"] == ["a" * 1000, MISSING, MISSING, MISSING, "e"]
    assert len(packs(tmp_path)) == 1 and (third.hits, third.misses) == (2, 3)


def test_packs_of_one_value_each_do_not_pile_up(tmp_path):
    """A build after a one-article change writes a pack of one value; the next ones merge it."""
    from digest.cache import SMALL_PACK_SHARE

    cache = Cache(tmp_path)
    for key in range(100):
        cache.store(str(key), "x" * 1000)
    cache.save()
    for key in range(100, 130):
        cache = Cache(tmp_path)
        assert all(cache.load(str(k)) == "x" * 1000 for k in range(key))
        cache.store(str(key), "x" * 1000)
        cache.save()
        assert len(packs(tmp_path)) <= SMALL_PACK_SHARE + 1
    assert len(packs(tmp_path)) <= 3  # the first, one that grew to an eighth of the values, the newest
    assert Cache(tmp_path).load("129") == "x" * 1000


def test_a_damaged_pack_or_index_is_a_miss(tmp_path):
    cache = Cache(tmp_path)
    cache.store("a", list(range(100)))
    cache.save()
    (pack,) = (tmp_path / Cache.PACKS).glob("*.pack")
    pack.write_bytes(pack.read_bytes()[:50])
    assert Cache(tmp_path).load("a") is MISSING
    (tmp_path / Cache.INDEX).write_bytes(b"not an index")
    assert Cache(tmp_path).load("a") is MISSING


def test_a_value_that_does_not_match_its_checksum_is_a_miss(tmp_path):
    cache = Cache(tmp_path)
    cache.store("a", "Acme invests two billion.")
    cache.save()
    (pack,) = (tmp_path / Cache.PACKS).glob("*.pack")
    pack.write_bytes(pack.read_bytes().replace(b"two", b"ten"))
    assert Cache(tmp_path).load("a") is MISSING


def test_an_index_naming_a_file_outside_the_packs_is_not_followed(tmp_path):
    from digest.cache import checksum, write_checked

    secret = tmp_path / "secret.txt"
    secret.write_text('"not for the cache"')
    data = secret.read_bytes()
    write_checked(tmp_path / "cache" / Cache.INDEX, {"a": ["../../secret.txt", 0, len(data), checksum(data)]})
    assert Cache(tmp_path / "cache").load("a") is MISSING


def test_an_interrupted_analysis_keeps_what_it_finished(two_article_project: Project, tmp_path):
    settings, content, _ = check(two_article_project.root)
    done = []

    def interrupt_after_one(count: int) -> None:
        done.append(count)
        if sum(done) == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        analyse(content, settings.summary_share, Cache(tmp_path), jobs=1, progress=interrupt_after_one)
    cache = Cache(tmp_path)
    analyse(content, settings.summary_share, cache, jobs=1)
    assert (cache.hits, cache.misses) == (1, 1)


def test_a_cached_build_writes_the_same_pages(two_article_project: Project):
    build(two_article_project.root)
    first = two_article_project.snapshot()
    assert any((two_article_project.root / ".cache" / "digest").rglob("*.memo"))
    again = build(two_article_project.root)
    assert again.report.written == () and two_article_project.snapshot() == first


def test_a_memo_keeps_what_was_computed_and_only_what_was_used(tmp_path):
    path = tmp_path / "memo.memo"
    first = Memo.open(path)
    assert first.get_many(["a", "b"], lambda missing: [[1, 2][i] for i in missing]) == [1, 2]
    first.save()

    second = Memo.open(path)
    assert second.get_many(["a"], lambda missing: missing and pytest.fail("recomputed a stored value")) == [1]
    second.save()  # "b" was not used: dropped
    assert Memo.open(path).get_many(["b"], lambda missing: [3]) == [3]


def test_an_unreadable_memo_is_an_empty_one(tmp_path):
    path = tmp_path / "memo.memo"
    path.write_bytes(b"not a memo")
    assert Memo.open(path).get_many(["a"], lambda missing: [1]) == [1]


def test_a_remembered_check_finds_what_a_fresh_one_finds_and_sees_edits(
    two_article_project: Project, tmp_path
):
    memo = tmp_path / "checked.memo"
    fresh = check(two_article_project.root)
    assert check(two_article_project.root, memo) == fresh
    assert check(two_article_project.root, memo) == fresh  # now from the memo

    article = next((two_article_project.root / "content" / "articles").glob("*.md"))
    article.write_text(article.read_text().replace("outlet:", "outlet_name:"), encoding="utf-8")
    _settings, _content, problems = check(two_article_project.root, memo)
    assert any(p.field == "outlet_name" and "unknown field" in p.message for p in problems)
    assert check(two_article_project.root) == check(two_article_project.root, memo)


def test_the_check_memo_is_found_again_by_another_process(two_article_project: Project, tmp_path):
    """Memo keys must not depend on the process (a set in a key did: string hashing is randomised)."""
    import os
    import subprocess
    import sys

    def run(code: str, seed: int, *args: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        command = [sys.executable, "-c", code, *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout.strip()

    # Two processes that order a set of the project's theme ids differently:
    show_set = "import sys; print(list(frozenset(sys.argv[1:])))"
    orders = {run(show_set, seed, "money", "rules"): seed for seed in range(20)}
    assert len(orders) == 2
    count_parses = (
        "import sys; from pathlib import Path; import digest.load as load; from digest.build import check\n"
        "parsed = []; parse = load._parse_article\n"
        "load._parse_article = lambda *args: parsed.append(1) or parse(*args)\n"
        "check(Path(sys.argv[1]), Path(sys.argv[2])); print(len(parsed))\n"
    )
    memo = str(tmp_path / "checked.memo")
    parsed = [run(count_parses, seed, str(two_article_project.root), memo) for seed in orders.values()]
    assert parsed == ["2", "0"]


def test_file_hashes_read_a_file_again_only_when_its_status_changes(tmp_path, monkeypatch):
    import hashlib
    import os
    import time

    from digest.cache import FileHashes

    reads = []
    real = hashlib.file_digest
    monkeypatch.setattr(hashlib, "file_digest", lambda handle, name: reads.append(1) or real(handle, name))
    file, stored = tmp_path / "a.md", tmp_path / "files.json"
    file.write_bytes(b"one")
    an_hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(file, ns=(an_hour_ago, an_hour_ago))  # its change time (now) is still recent: racy
    hashes = FileHashes(stored)
    assert hashes.of(file) == hashlib.sha256(b"one").hexdigest() and len(reads) == 1
    hashes.save()
    assert FileHashes(stored).of(file) == hashlib.sha256(b"one").hexdigest() and len(reads) == 2

    hashes = FileHashes(stored)  # hashed again after its change: trusted from then on
    hashes._stored = {
        name: (status, digest, hashed_at + FileHashes.RACY_NS)
        for name, (status, digest, hashed_at) in hashes._stored.items()
    }
    assert hashes.of(file) == hashlib.sha256(b"one").hexdigest() and len(reads) == 2

    file.write_bytes(b"two")  # same size; its old modification time put back: the change time tells
    os.utime(file, ns=(an_hour_ago, an_hour_ago))
    assert hashes.of(file) == hashlib.sha256(b"two").hexdigest() and len(reads) == 3

    stored.write_bytes(b"damaged")
    assert FileHashes(stored).of(file) == hashlib.sha256(b"two").hexdigest()


def test_a_remembered_article_file_is_not_read_again(two_article_project: Project, tmp_path, monkeypatch):
    import digest.load
    from digest.build import check_files
    from digest.cache import FileHashes

    memo, stored = tmp_path / "checked.memo", tmp_path / "files.json"
    fresh = check(two_article_project.root)
    hashes = FileHashes(stored)
    check_files(two_article_project.root, memo, hashes=hashes)
    read = []
    real = digest.load._read_text
    monkeypatch.setattr(
        digest.load, "_read_text", lambda file, problems: read.append(file) or real(file, problems)
    )
    again = check_files(two_article_project.root, memo, hashes=hashes)
    assert read == [] and again[1] == fresh[1]
    article = sorted((two_article_project.root / "content" / "articles").glob("*.md"))[0]
    article.write_text(article.read_text().replace("title: ", "title: Now "), encoding="utf-8")
    _settings, content, _ = check_files(two_article_project.root, memo, hashes=hashes)
    assert [f.slug for f in read] == [article.stem]
    assert any(a.title.startswith("Now ") for a in content.articles)


def test_the_analysis_cache_still_holds_the_articles_the_next_day(two_article_project: Project, monkeypatch):
    """The check is redone each day (a date in the future stops being one), but an article is the same:
    its analysis key must not change with the date."""
    import datetime as dt

    import digest.analyse
    import digest.build

    build(two_article_project.root)
    analysed = []
    real = digest.analyse.analyse_article
    monkeypatch.setattr(digest.analyse, "analyse_article", lambda *a: analysed.append(a) or real(*a))
    tomorrow = digest.build.today() + dt.timedelta(days=1)
    monkeypatch.setattr(digest.build, "today", lambda: tomorrow)
    build(two_article_project.root)
    assert analysed == []
    article = sorted((two_article_project.root / "content" / "articles").glob("*.md"))[0]
    article.write_text(article.read_text() + "\nOne more sentence.\n", encoding="utf-8")
    build(two_article_project.root)
    assert [a[0].id for a in analysed] == [article.stem]
