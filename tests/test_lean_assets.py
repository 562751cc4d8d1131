"""The MkDocs plugin that leaves out of site/ the theme files no page loads, on real MkDocs builds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from digest.lean_assets import SOURCE_MAP_COMMENT, search_scripts, unread, without_source_map_comment

LUNR = "assets/javascripts/lunr"


def test_an_english_search_loads_no_language_file():
    assert search_scripts(["en"]) == set()
    assert unread(f"{LUNR}/wordcut.js", ["en"])
    assert unread(f"{LUNR}/min/lunr.fr.min.js", ["en"])


def test_other_languages_keep_what_materials_search_worker_loads_for_them():
    assert search_scripts(["fr"]) == {"min/lunr.fr.min.js", "min/lunr.stemmer.support.min.js"}
    assert search_scripts(["en", "ja"]) == {
        "tinyseg.js",
        "min/lunr.ja.min.js",
        "min/lunr.multi.min.js",
        "min/lunr.stemmer.support.min.js",
    }
    assert "wordcut.js" in search_scripts(["th"])


def test_without_a_known_search_every_language_file_is_kept_and_maps_still_go():
    assert not unread(f"{LUNR}/wordcut.js", None)
    assert unread("assets/javascripts/bundle.js.map", None)
    assert not unread("assets/javascripts/bundle.js", ["en"])


def test_without_materials_search_neither_its_worker_nor_its_language_files_are_published():
    assert unread(f"{LUNR}/min/lunr.stemmer.support.min.js", [])
    assert unread("assets/javascripts/workers/search.a7633da7.min.js", [])
    assert not unread("assets/javascripts/workers/search.a7633da7.min.js", ["en"])
    assert not unread("assets/javascripts/bundle.a5f9d56c.min.js", [])


def test_the_comment_naming_a_left_out_source_map_goes_and_nothing_else():
    script = b"var a=1;\n//# sourceMappingURL=bundle.min.js.map\n"
    style = b"a{color:red}\n/*# sourceMappingURL=main.css.map */\n"
    assert without_source_map_comment(script, "bundle.min.js.map") == b"var a=1;\n"
    assert without_source_map_comment(style, "main.css.map") == b"a{color:red}\n"
    assert without_source_map_comment(script, "other.js.map") == script
    assert without_source_map_comment(b"var a=1;\n", "bundle.min.js.map") == b"var a=1;\n"


def build(tmp_path: Path, config: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# A page\n")
    (tmp_path / "docs" / "ours.js.map").write_text("{}")  # a file of the docs, not of the theme
    (tmp_path / "mkdocs.yml").write_text(config)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    return tmp_path / "site"


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.e2e
def test_a_real_build_keeps_the_docs_files_and_the_search_files_of_its_languages(tmp_path):
    site = build(
        tmp_path,
        "site_name: Test\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search:\n      lang: [en, fr]\n  - digest-lean-assets\n",
    )
    assert files_under(site / LUNR) == {
        "min/lunr.fr.min.js",
        "min/lunr.multi.min.js",
        "min/lunr.stemmer.support.min.js",
    }
    maps = {name for name in files_under(site) if name.endswith(".map")}
    assert maps == {"ours.js.map"}
    assert any(name.startswith("assets/javascripts/bundle.") for name in files_under(site))
    assert source_maps_named(site) == {}


def source_maps_named(site: Path) -> dict[str, str]:
    """The source map each published script or style sheet names, by the file's path."""
    named = {}
    for path in [*site.rglob("*.js"), *site.rglob("*.css")]:
        if comment := SOURCE_MAP_COMMENT.search(path.read_bytes()):
            named[path.relative_to(site).as_posix()] = comment["name"].decode()
    return named


@pytest.mark.e2e
def test_without_the_plugin_mkdocs_copies_the_whole_theme(tmp_path):
    site = build(tmp_path, "site_name: Test\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n")
    assert f"{LUNR}/wordcut.js" in files_under(site)
    named = source_maps_named(site)
    assert any(name.startswith("assets/javascripts/bundle.") for name in named)
    assert all((site / path).with_name(name).is_file() for path, name in named.items())
