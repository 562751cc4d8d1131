"""The search index of the built site (digest/search.py): Pagefind's, the same from the same pages."""

from __future__ import annotations

import gzip
import json
import random

from digest.search import FILTERS, SIGNATURE, _cbor_item, _cbor_write, _unpack, canonical_filters, index_site
from tests.conftest import copy_edition
from tests.test_e2e import build_site


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _rewrite(path, item):
    path.write_bytes(gzip.compress(SIGNATURE + _cbor_write(item)))


def test_the_index_is_the_same_whatever_order_pagefind_writes_its_filters_in(tmp_path):
    """Pagefind writes each filter's values, and the list of filters, in arbitrary order
    (Pagefind/pagefind#638): the same pages gave differently named files from build to build."""
    root = copy_edition(tmp_path / "edition")
    build_site(root)
    bundle = root / "site" / "pagefind"
    index_site(root / "site")
    expected = _files(bundle)
    # What another run of Pagefind might write: the same data in another order.
    for path in bundle.glob("filter/*.pf_filter"):
        name, values = _cbor_item(_unpack(path.read_bytes()))
        random.Random(7).shuffle(values)
        _rewrite(path, [name, values])
    (meta_path,) = bundle.glob("*.pf_meta")
    meta = _cbor_item(_unpack(meta_path.read_bytes()))
    meta[FILTERS].reverse()
    _rewrite(meta_path, meta)
    assert _files(bundle) != expected
    canonical_filters(bundle)
    assert _files(bundle) == expected
    filters = [_cbor_item(_unpack(p.read_bytes())) for p in bundle.glob("filter/*.pf_filter")]
    assert {name for name, _ in filters} == {"theme", "outlet", "year"}
    assert all([v[0] for v in values] == sorted(v[0] for v in values) for _, values in filters)
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert (bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta").is_file()
