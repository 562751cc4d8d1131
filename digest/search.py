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
"""

from __future__ import annotations

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


class PagefindSearch(BasePlugin):
    def on_post_build(self, *, config: Any) -> None:
        index_site(Path(config.site_dir))
