"""MkDocs plugin ``digest-lean-assets``: publish only the theme files a reader's browser can load.

MkDocs copies every file of the theme into ``site/``. For Material that is 2.5 MB, of which the
pages load about 0.3 MB: the rest is source maps (1.3 MB, read only by a browser's developer tools)
and the search's support for languages other than English (0.9 MB, among them a 0.7 MB Thai
dictionary), which the search worker loads only for the languages the search plugin is set to.
Material's and MkDocs' maintainers point to a build step that removes them
(squidfunk/mkdocs-material#2519, mkdocs/mkdocs#2135); this is that step, done before the copy.

The language files are chosen as Material's search worker chooses them, so a search configured for
other languages keeps exactly what it loads; without Material's search plugin (our search is
Pagefind's: see :mod:`digest.search`), neither they nor the worker are published. Only files of the
theme are left out, never files of the docs folder. A script or style sheet whose source map is left
out loses the comment naming it, so no published file points to one that is not there (developer
tools would ask for it and get a 404).
Zensical ignores plugins it does not know, and publishes the theme in full.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

SEARCH_SUPPORT = "assets/javascripts/lunr/"
SEARCH_WORKER = "assets/javascripts/workers/search."
# Material's search worker (workers/search.*.js, setupSearchLanguages) loads these for a language.
SCRIPTS_FOR_LANGUAGE = {"ja": ("tinyseg.js",), "hi": ("wordcut.js",), "th": ("wordcut.js",)}
# The last line of a minified script (`//# sourceMappingURL=x.map`) or style sheet (`/*# ... */`).
SOURCE_MAP_COMMENT = re.compile(rb"\n(?://|/\*)# sourceMappingURL=(?P<name>[^\s*]+)[^\n]*\n*\Z")


def search_scripts(languages: Iterable[str]) -> set[str]:
    """The files under ``assets/javascripts/lunr/`` that a search in ``languages`` loads."""
    languages = list(languages)
    scripts = {script for language in languages for script in SCRIPTS_FOR_LANGUAGE.get(language, ())}
    scripts |= {f"min/lunr.{language}.min.js" for language in languages if language != "en"}
    if len(languages) > 1:
        scripts.add("min/lunr.multi.min.js")
    if scripts:
        scripts.add("min/lunr.stemmer.support.min.js")
    return scripts


def search_languages(config: Any) -> list[str] | None:
    """The languages of the site's search: none without Material's search plugin (the site searches
    otherwise: see :mod:`digest.search`), None when the plugin does not say (then all is kept)."""
    if not any(name in config.plugins for name in ("material/search", "search")):
        return []
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        languages = getattr(getattr(plugin, "config", None), "lang", None)
        if languages:
            return [languages] if isinstance(languages, str) else list(languages)
    return None


def unread(path: str, languages: list[str] | None) -> bool:
    """Whether no page of the site loads the theme file at ``path`` (relative to the theme)."""
    if fnmatch.fnmatch(path, "*.map"):
        return True
    if path.startswith(SEARCH_SUPPORT) and languages is not None:
        return path.removeprefix(SEARCH_SUPPORT) not in search_scripts(languages)
    return languages == [] and path.startswith(SEARCH_WORKER)


def without_source_map_comment(content: bytes, map_name: str) -> bytes:
    """``content`` without its closing comment when that comment names the source map ``map_name``."""
    comment = SOURCE_MAP_COMMENT.search(content)
    if comment is None or comment["name"] != map_name.encode():
        return content
    return content[: comment.start()] + b"\n"


class LeanAssets(BasePlugin):
    def on_files(self, files: Files, *, config: Any) -> Files:
        theme_dirs = {Path(folder).resolve() for folder in config.theme.dirs}
        languages = search_languages(config)
        left_out = set()
        for file in list(files):
            if unread(file.src_uri, languages) and _inside(file.abs_src_path, theme_dirs):
                files.remove(file)
                left_out.add(file.src_uri)
        for file in files:
            if f"{file.src_uri}.map" in left_out:
                map_name = f"{PurePosixPath(file.src_uri).name}.map"
                file.content_bytes = without_source_map_comment(file.content_bytes, map_name)
        return files


def _inside(path: str | None, folders: set[Path]) -> bool:
    return path is not None and any(Path(path).resolve().is_relative_to(folder) for folder in folders)
