"""MkDocs plugin ``digest-search``: index the built site with Pagefind, for a search that stays light.

Material's own search ships one JSON index of the whole site to every reader who types a letter (15.7 MB
at 10,000 articles) and loads it whole into a web worker. Pagefind indexes the built pages into small
fragments, and a browser loads only those a query needs. After MkDocs has written the site, this plugin
runs the Pagefind binary (from the ``pagefind[bin]`` package: no download) over it, writing
``site/pagefind/``; our search box (``overrides/partials/search.html`` and
``overrides/assets/javascripts/search.js``) queries it.

What is indexed: the reading part of each page (``<article>``), less what our templates mark
``data-pagefind-ignore`` (lists of other pages, timelines, quotes of other articles), with the metadata
and filters they mark ``data-pagefind-meta`` and ``data-pagefind-filter`` (kind, date, outlet, story;
theme, outlet, year). Pagefind's own interfaces are not published: our search box replaces them.
Zensical ignores plugins it does not know, and publishes the pages with its own search.

The same site gives the same index, byte for byte. Pagefind 1.5 writes its pages and word index
deterministically but each filter's values in arbitrary order (Pagefind/pagefind#638), so their files'
names, and the files naming them, changed from build to build. :func:`canonical_filters` writes each
filter's values in order, names the file by its content, and renames it where the index names it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

BUNDLE = "pagefind"
"""The folder of ``site/`` Pagefind writes its index and search script into."""
ROOT = "article.md-content__inner"
"""The element Pagefind reads of each page: Material's, holding the page's own text."""
EXCLUDED = ".headerlink"
"""Left out of the index: the "¶" link beside each heading (it would show in every result's title)."""
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
"""Pagefind's ready-made interfaces (380 KB): our search box replaces them, so none is published."""


def index_site(site: Path) -> None:
    """Write Pagefind's index of ``site`` into ``site/pagefind/`` (made anew), without its interfaces."""
    bundle = site / BUNDLE
    if bundle.exists():
        shutil.rmtree(bundle)
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--root-selector", ROOT, "--silent"]
    command += ["--exclude-selectors", EXCLUDED]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PluginError(f"pagefind could not index {site}: {(done.stderr or done.stdout).strip()}")
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    canonical_filters(bundle)


SIGNATURE = b"pagefind_dcd"
"""What every Pagefind data file holds first, once un-gzipped; CBOR follows."""


FILTERS = 3
"""Where the index's metadata lists its filters, ``[name, file]`` each (Pagefind 1.5)."""


def canonical_filters(bundle: Path) -> None:
    """Rewrite each filter file of ``bundle`` with its values sorted and named by its content; list the
    filters by name in the index's metadata, named by its content too (and so in ``pagefind-entry.json``)."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_file = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _cbor_item(_unpack(meta_file.read_bytes()))
        filters = []
        for name, stem in meta[FILTERS]:
            old = bundle / "filter" / f"{stem}.pf_filter"
            filter_name, values = _cbor_item(_unpack(old.read_bytes()))
            data = _cbor_write([filter_name, sorted(values, key=lambda value: value[0])])
            new = _content_name(stem, data)
            old.unlink()
            (bundle / "filter" / f"{new}.pf_filter").write_bytes(_pack(data))
            filters.append([name, new])
        meta[FILTERS] = sorted(filters)
        data = _cbor_write(meta)
        meta_file.unlink()
        language["hash"] = _content_name(language["hash"], data)
        (bundle / f"pagefind.{language['hash']}.pf_meta").write_bytes(_pack(data))
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _content_name(old: str, data: bytes) -> str:
    """A name like Pagefind's ``en_1a2b3c4``: its language, then as many hex digits of the content's hash."""
    language, _, digits = old.partition("_")
    return f"{language}_{hashlib.sha256(data).hexdigest()[: len(digits)]}"


def _cbor_item(data: bytes) -> Any:
    item, end = _cbor_read(data)
    if end != len(data):
        raise PluginError("pagefind wrote a file this plugin cannot read: check the pinned version")
    return item


def _unpack(data: bytes) -> bytes:
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise PluginError("pagefind wrote a file this plugin cannot read: check the pinned version")
    return raw[len(SIGNATURE) :]


def _pack(cbor: bytes) -> bytes:
    return gzip.compress(SIGNATURE + cbor, mtime=0)


def _cbor_read(data: bytes, at: int = 0) -> tuple[object, int]:
    """The CBOR item at ``at`` (unsigned integers, text, arrays: all a filter file holds) and its end."""
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24:
        argument = info
    else:
        size = 1 << (info - 24)
        argument, at = int.from_bytes(data[at : at + size], "big"), at + size
    if major == 0:
        return argument, at
    if major == 3:
        return data[at : at + argument].decode("utf-8"), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = _cbor_read(data, at)
            items.append(item)
        return items, at
    raise PluginError(f"pagefind wrote a filter file this plugin cannot read (CBOR major type {major})")


def _cbor_write(item: object) -> bytes:
    """``item`` in CBOR's shortest form (unsigned integers, text, lists), as Pagefind writes it."""
    if isinstance(item, int):
        return _cbor_head(0, item)
    if isinstance(item, str):
        encoded = item.encode("utf-8")
        return _cbor_head(3, len(encoded)) + encoded
    assert isinstance(item, list)
    return _cbor_head(4, len(item)) + b"".join(_cbor_write(i) for i in item)


def _cbor_head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError(argument)


class PagefindSearch(BasePlugin):
    def on_post_build(self, *, config: Any) -> None:
        index_site(Path(config.site_dir))
