"""End to end: the real `digest build` and the real `mkdocs build --strict` on a digest of four stories:
the first edition and three unrelated ones (the fixtures tests/fixtures/edition and more-stories, not
the live content/, which tests/test_content.py checks)."""

from __future__ import annotations

import gzip
import html
import json
import os
import posixpath
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from tests.conftest import Project, copy_edition, copy_stories

pytestmark = pytest.mark.e2e


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, env=env, capture_output=True, text=True)


def build_site(root: Path) -> str:
    """Both build commands of `make site`; returns what they printed."""
    digest = run(["digest", "build"], root)
    assert digest.returncode == 0, digest.stderr
    mkdocs = run(["mkdocs", "build", "--strict"], root)
    assert mkdocs.returncode == 0, mkdocs.stderr
    return digest.stdout + digest.stderr + mkdocs.stdout + mkdocs.stderr


class Page(HTMLParser):
    """What a test needs of an HTML page: links, h1, tags and inline scripts."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.nav_links: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.h1 = ""
        self._in: list[str] = []
        self._nav_depth = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "nav" and "md-nav--primary" in (attributes.get("class") or ""):
            self._nav_depth = 1
        elif tag == "nav" and self._nav_depth:
            self._nav_depth += 1
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
            if self._nav_depth:
                self.nav_links.append(attributes["href"])
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if self._in and self._in[-1] == "h1":
            self.h1 += data
        if self._in and self._in[-1] == "script":
            self.scripts.append(data)


SPLIT = "\nlisting_limit: 2\n"
"""Settings under which the archive of the four stories gets a page per year."""


@pytest.fixture(scope="module", params=["one page per listing", "a page per year"])
def site(request, tmp_path_factory) -> tuple[Path, str]:
    """Four stories built by `make site`'s two commands, as they are and with the archive split by year:
    every test of the site holds for both."""
    root = copy_stories(tmp_path_factory.mktemp("site") / "project")
    if request.param == "a page per year":
        with (root / "digest.yml").open("a") as settings:
            settings.write(SPLIT)
    return root, build_site(root)


def html_pages(site_dir: Path) -> dict[str, Page]:
    return {p.relative_to(site_dir).as_posix(): Page(p.read_text()) for p in site_dir.rglob("*.html")}


def test_the_builds_print_no_warning(site):
    _root, output = site
    assert "WARNING" not in output and "ERROR" not in output


def test_every_article_story_theme_and_entity_has_its_page(site):
    root, _ = site
    articles = sorted(p.stem for p in (root / "content/articles").glob("*.md"))
    themes = [t["id"] for t in yaml.safe_load((root / "content/themes.yml").read_text())["themes"]]
    entities = [e["id"] for e in yaml.safe_load((root / "content/entities.yml").read_text())["entities"]]
    stories = [s["id"] for s in json.loads((root / "site/digest.json").read_text())["stories"]]
    assert len(articles) == 14 and themes == ["investment", "open-source", "regulation"] and len(stories) == 4
    for folder, ids in (
        ("articles", articles),
        ("themes", themes),
        ("entities", entities),
        ("stories", stories),
    ):
        for page_id in ids:
            assert (root / "site" / folder / page_id / "index.html").is_file(), (folder, page_id)
    for page in (
        "index.html",
        "themes/index.html",
        "entities/index.html",
        "sources/index.html",
        "archive/index.html",
        "digest.json",
        "pagefind/pagefind.js",
    ):
        assert (root / "site" / page).is_file(), page
    assert not (root / "site/search").exists()  # Material's one-file index is no longer published


def test_a_long_archive_gets_a_page_per_year(site):
    root, _ = site
    site_dir = root / "site"
    split = SPLIT in (root / "digest.yml").read_text()
    archive = sorted(p.parent.name for p in (site_dir / "archive").glob("*/index.html"))
    assert archive == (["2023", "2024"] if split else [])
    index = Page((site_dir / "archive/index.html").read_text())
    if split:
        assert {"2023/", "2024/"} <= set(index.links)
        year = (site_dir / "archive/2024/index.html").read_text()
        assert "Stories of 2024" in year and "Mistral AI Maintains Open Source Pledge" in year
        assert "Riverton" not in year
    else:
        assert "Mistral AI Maintains Open Source Pledge" in (site_dir / "archive/index.html").read_text()


def test_every_internal_link_resolves(site):
    root, _ = site
    site_dir = root / "site"
    checked = 0
    for name, page in html_pages(site_dir).items():
        if name == "404.html":  # Material's own page, linked by absolute paths on purpose
            continue
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("#", "mailto:")):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path)))
            path = site_dir / target
            assert path.is_file() or (path / "index.html").is_file(), f"{name}: broken link {href}"
            checked += 1
    assert checked > 500


def test_no_page_is_an_orphan_and_the_nav_stays_small(site):
    root, _ = site
    site_dir = root / "site"
    pages = html_pages(site_dir)
    linked: set[str] = set()
    for name, page in pages.items():
        for href in page.links:
            if not urlsplit(href).scheme and not href.startswith("#"):
                target = posixpath.normpath(
                    posixpath.join(posixpath.dirname(name), unquote(urlsplit(href).path))
                )
                linked.add(target.removesuffix("/index.html").removesuffix("index.html").rstrip("/") or ".")
    for name in pages:
        if name == "404.html":
            continue
        key = name.removesuffix("/index.html").removesuffix("index.html").rstrip("/") or "."
        assert key in linked, f"{name} is linked from no page"
    home = pages["index.html"]
    assert not [h for h in home.nav_links if "articles/" in h]
    assert len({h for h in home.nav_links if not h.startswith("#")}) <= 8


def test_digest_json_matches_the_pages(site):
    root, _ = site
    site_dir = root / "site"
    data = json.loads((site_dir / "digest.json").read_text())
    assert {"version", "articles", "themes", "entities"} <= set(data)
    for article in data["articles"]:
        page = Page((site_dir / "articles" / article["id"] / "index.html").read_text())
        assert page.h1.strip().rstrip("¶").strip() == article["title"]
        links = {posixpath.normpath(posixpath.join("articles", article["id"], h)) for h in page.links}
        for theme in article["themes"]:
            assert f"themes/{theme}" in links
        for entity in article["entities"]:
            assert f"entities/{entity}" in links
        for related in article["related"][:10]:  # the newest others of its story
            assert f"articles/{related}" in links
        assert f"stories/{article['story']}" in links
        assert 1 <= len(article["summary"]) <= 5
        source = " ".join((root / "content/articles" / f"{article['id']}.md").read_text().split())
        assert all(sentence in source for sentence in article["summary"])
    for item in data["overview"]:  # every overview sentence is its first cited article's own words
        source = " ".join((root / "content/articles" / f"{item['articles'][0]}.md").read_text().split())
        assert item["text"] in source
    for story in data["stories"]:
        page = Page((site_dir / "stories" / story["id"] / "index.html").read_text())
        assert page.h1.strip().rstrip("¶").strip() == story["title"]
        links = {posixpath.normpath(posixpath.join("stories", story["id"], h)) for h in page.links}
        assert {f"articles/{a}" for a in story["articles"]} <= links
    for kind in ("themes", "entities"):  # a page of stories: here all fit on the first
        for item in data[kind]:
            page = Page((site_dir / kind / item["id"] / "index.html").read_text())
            links = {posixpath.normpath(posixpath.join(kind, item["id"], h)) for h in page.links}
            assert {f"stories/{s}" for s in item["stories"]} <= links, item["id"]


def indexed(site_dir: Path) -> dict[str, dict]:
    """What Pagefind's index holds of each page, by its URL: its indexed text, metadata and filters (a
    fragment is gzip-compressed JSON after a signature)."""
    pages = {}
    for fragment in (site_dir / "pagefind/fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[data["url"].strip("/")] = data
    return pages


def test_search_index_holds_every_article_with_its_outlet_date_and_story(site):
    root, _ = site
    pages = indexed(root / "site")
    data = json.loads((root / "site/digest.json").read_text())
    story_titles = {s["id"]: s["title"] for s in data["stories"]}
    for article in data["articles"]:
        page = pages[f"articles/{article['id']}"]
        assert page["meta"]["title"] == article["title"]
        assert page["meta"]["kind"] == "Article"
        assert page["meta"]["outlet"] == article["source"] == page["filters"]["outlet"][0]
        assert page["meta"]["story"] == story_titles[article["story"]]
        if article["date"]:
            assert page["filters"]["year"] == [article["date"][:4]]
        assert "¶" not in page["content"]
    for story in data["stories"]:
        assert pages[f"stories/{story['id']}"]["meta"]["kind"] == "Story"


def test_search_finds_articles_by_their_own_pages_not_by_the_lists_of_them(site):
    """The archive and the sources list every article: indexed, each title would be found there too, in
    a page as long as the list (megabytes at 10,000 articles)."""
    root, _ = site
    pages = indexed(root / "site")
    articles = json.loads((root / "site/digest.json").read_text())["articles"]
    listed = [p["content"] for url, p in pages.items() if url.startswith(("archive", "sources"))]
    assert listed and not [a["title"] for a in articles if any(a["title"] in text for text in listed)]
    assert {"Every story", "Sources"} <= {p["meta"]["title"] for p in pages.values()}
    sources = pages["sources"]["content"]
    assert all(a["source"][:1].upper() + a["source"][1:] in sources for a in articles)  # found by outlet


def test_search_finds_a_quote_where_it_is_summed_up_not_on_every_page_quoting_it(site):
    """Theme and entity pages, timelines and disagreements quote articles again: indexed, each
    quote would come back from search once per page showing it (7.6 KB per article at 10,000)."""
    root, _ = site
    pages = indexed(root / "site")
    data = json.loads((root / "site/digest.json").read_text())
    quoted = {
        q["text"]
        for s in data["stories"]
        for d in s["disagreements"]
        for v in d["versions"]
        for q in v["quotes"]
    }
    quoted |= {row["text"] for s in data["stories"] for row in s["timeline"]}
    quoted |= {s for a in data["articles"] for s in a["summary"]}
    assert len(quoted) > 40 and any(s["disagreements"] for s in data["stories"])

    def places(sentence: str) -> set[str]:
        return {url.split("/")[0] for url, p in pages.items() if sentence in p["content"]}

    found = {sentence: places(sentence) for sentence in quoted}
    assert not [s for s, where in found.items() if where & {"themes", "entities", ""}]
    overview = {item["text"] for s in data["stories"] for item in s["overview"]}
    assert not [s for s in quoted - overview if "stories" in found[s]]
    summaries = {s for a in data["articles"] for s in a["summary"]}
    assert all("articles" in found[s] for s in summaries)  # still found on the article's page
    figures = {f["text"] for s in data["stories"] for f in s["figures"]}
    stated = " ".join(p["content"] for url, p in pages.items() if url.startswith("articles/"))
    assert figures and all(f in stated for f in figures)  # "where it stands" is indexed with its article


def test_pages_speak_the_readers_language_not_the_codes(site):
    """Issue 25: "score 19" and "What it is of" were our words for our workings, not a reader's."""
    root, _ = site
    for name in ("articles", "stories", "themes", "entities"):
        for path in (root / "site" / name).rglob("index.html"):
            text = html.unescape(re.sub(r"<[^>]+>", " ", path.read_text()))
            assert not re.search(r"\(score \d|What it is of|cosine", text), path


def test_a_storys_count_of_outlets_is_the_sources_pages(site):
    """Issue 25: "6 articles from 6 sources" beside a sources page of 2 outlets and "Outlet not known";
    republished copies and personal blogs counted as such, and each source named alike on every page."""
    root, _ = site
    data = json.loads((root / "site/digest.json").read_text())
    articles = {a["id"]: a for a in data["articles"]}
    sources = html.unescape(re.sub(r"<[^>]+>", " ", (root / "site/sources/index.html").read_text()))

    def front(article_id: str) -> dict:
        text = (root / "content/articles" / f"{article_id}.md").read_text()
        return yaml.safe_load(text.split("---\n", 2)[1])

    kinds = {"outlet": 0, "republished": 0, "blog": 0}
    for story in data["stories"]:
        originals = [i for i in story["articles"] if front(i).get("copy_of") not in story["articles"]]
        kind = {i: front(i).get("source_kind", "outlet") for i in originals}
        news = [articles[i]["source"] for i in originals if kind[i] == "outlet"]
        outlets = set(news) - {"outlet not known"}
        unknown = news.count("outlet not known")
        republished = sum(1 for i in originals if kind[i] == "republished")
        blogs = sum(1 for i in originals if kind[i] == "blog")
        for k in kind.values():
            kinds[k] += 1
        counts = (story["outlets"], story["outlet_unknown"], story["republished"], story["blogs"])
        assert counts == (len(outlets), unknown, republished, blogs)
        page = html.unescape(
            re.sub(r"<[^>]+>", " ", (root / "site/stories" / story["id"] / "index.html").read_text())
        )
        line = " ".join(page.split())
        if outlets:
            assert f"from {len(outlets)} outlet" in line, story["id"]
        if republished:
            assert f"{republished} republished cop" in line, story["id"]
        if blogs:
            assert f"{blogs} blog" in line, story["id"]
        assert all(outlet in sources for outlet in outlets)
        assert not unknown or "Outlet not known" in sources
        for i in story["articles"]:  # one name for a source, on its page, the lists and the sources page
            name = articles[i]["source"]
            article_page = (root / "site/articles" / i / "index.html").read_text()
            assert html.escape(name, quote=False) in article_page.replace("&#39;", "'"), (i, name)
            assert name[:1].upper() + name[1:] in sources, name
    assert kinds["republished"] and kinds["blog"]  # the fixture has both


def test_a_brief_cites_only_sources_whose_text_states_its_figures_and_names(site):
    """Issue 25: "a €2 billion French AI startup [2][3]" where [3] never says €2 billion. Each story's
    brief has 3-5 sentences, none leaning on one before it, and every source it cites beside a sentence's
    own states the sentence's numbers and the tracked names in it."""
    root, _ = site
    data = json.loads((root / "site/digest.json").read_text())
    spec = yaml.safe_load((root / "content/entities.yml").read_text())["entities"]
    names = [
        (e["id"], re.compile(rf"\b(?:{'|'.join(map(re.escape, [e['name'], *e.get('aliases', [])]))})\b"))
        for e in spec
    ]

    def stated(text: str) -> tuple[set[str], set[str]]:
        numbers = set(re.findall(r"\d+(?:\.\d+)?", text.replace(",", "")))
        return numbers, {entity for entity, pattern in names if pattern.search(text)}

    checked = 0
    for story in data["stories"]:
        assert 1 <= len(story["overview"]) <= 5, story["id"]
        if len(story["articles"]) > 1:
            assert len(story["overview"]) >= 3, story["id"]
        for item in story["overview"]:
            assert not re.match(r"(It|This|They|He|She|However|But|As I)\b", item["text"]), item["text"]
            numbers, named = stated(item["text"])
            for cited in item["articles"][1:]:
                body = (root / "content/articles" / f"{cited}.md").read_text().split("---\n", 2)[2]
                has_numbers, has_names = stated(body)
                assert numbers <= has_numbers and named <= has_names, (item["text"], cited)
                checked += 1
    assert checked  # some sentence is confirmed by a second source


def test_no_page_but_its_own_reprints_more_than_two_fifths_of_an_article(site):
    """Issue 25: theme and entity pages reprinted every sentence of five of the six articles. Now the site
    shows at most 40% of an article of five sentences or more away from its page, and theme and entity
    pages quote only what the article's quota allows."""
    from digest.analyse import analyse
    from digest.bench.quoted import page_texts, shown_elsewhere
    from digest.build import check
    from digest.quotas import quota

    root, _ = site
    settings, content, _ = check(root)
    articles = analyse(content, settings.summary_share)
    pages = page_texts(root / "site")
    listing_pages = {n: t for n, t in pages.items() if n.startswith(("themes/", "entities/"))}
    long = 0
    for article, shown, total in shown_elsewhere(articles, pages):
        if total >= 5:
            long += 1
            assert shown <= 0.4 * total, article.id
        _, on_lists, _ = next(shown_elsewhere([article], listing_pages))
        assert on_lists <= quota(article), article.id
    assert long >= 5


def test_a_disputed_sentence_of_a_brief_is_marked_and_leads_to_the_versions(site):
    root, _ = site
    data = json.loads((root / "site/digest.json").read_text())
    disputed = [(s, i) for s in data["stories"] for i in s["overview"] if i["disputed"]]
    assert disputed
    for story, item in disputed:
        page = (root / "site/stories" / story["id"] / "index.html").read_text()
        marks = re.findall(r'href="#where-the-sources-disagree" title="([^"]*)">Disputed<', page)
        assert item["disputed"] in map(html.unescape, marks)
        versions = html.unescape(
            page.split('id="where-the-sources-disagree"', 1)[1].split('id="key-figures"')[0]
        )
        assert item["disputed"] in versions


def test_pages_request_nothing_from_other_sites(site):
    root, _ = site
    for name, page in html_pages(root / "site").items():
        for tag, attributes in page.tags:
            if tag == "link" and attributes.get("rel") in ("canonical", "alternate feed"):
                continue  # addresses of this page and its feeds, not requests
            if tag in ("link", "script", "img", "iframe"):
                url = attributes.get("href") or attributes.get("src") or ""
                assert not urlsplit(url).scheme, f"{name}: <{tag}> loads {url}"


def test_hostile_content_runs_no_script_through_the_real_site(project: Project):
    (project.root / "digest.yml").write_text("publish_full_text: true\n")
    project.add(
        "2024-01-02-hostile",
        """
        Acme Corp will invest <script>alert("body")</script> two billion, said <b onmouseover="alert(1)">Jane</b>.

        <iframe src="https://evil.test"></iframe> The investment is the largest [in years](javascript:alert(2)).

        Regulators said {{ config }} and {% include 'secret' %} would be studied under the law {: onclick="alert(3)" }
        """,
        title="\"</title><script>alert('title')</script>\"",
        outlet="'<img src=x onerror=alert(4)>'",
    )
    build_site(project.root)
    for name, page in html_pages(project.root / "site").items():
        for tag, attributes in page.tags:
            assert tag not in ("iframe", "img"), name
            assert not [a for a in attributes if a.startswith("on")], (name, tag, attributes)
            assert not (attributes.get("href") or "").startswith("javascript:"), name
        assert not [s for s in page.scripts if "alert" in s], name
    article = (project.root / "site/articles/2024-01-02-hostile/index.html").read_text()
    assert "{{ config }}" in article
    title = Page(article)
    assert "<script>" not in article.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.h1.strip().rstrip("¶").strip() == "</title><script>alert('title')</script>"
    data = json.loads((project.root / "site/digest.json").read_text())  # JSON: the raw text, safely encoded
    assert data["articles"][0]["title"] == "</title><script>alert('title')</script>"
    feed = (project.root / "site/feeds/all.xml").read_text()
    assert "<script>" not in feed and "&lt;/title&gt;&lt;script&gt;" in feed


CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>')


def assets_loaded(name: str, page: Page) -> set[str]:
    """The files under assets/ that a page's <script src> and <link href> load, from the site's root."""
    urls = [
        attributes.get("src" if tag == "script" else "href")
        for tag, attributes in page.tags
        if tag in ("script", "link")
    ]
    base = posixpath.dirname(name)
    return {
        posixpath.normpath(posixpath.join(base, urlsplit(url).path)).lstrip("/")
        for url in urls
        if url and "/assets/" in url
    }


def test_the_site_holds_every_theme_file_its_pages_load_and_no_other(site):
    root, _ = site
    site_dir = root / "site"
    loaded = set().union(*(assets_loaded(name, page) for name, page in html_pages(site_dir).items()))
    # Material's configuration names its search worker on every page, but its script loads the worker
    # only for Material's own search box, which the site does not have (search is Pagefind's).
    search_worker = json.loads(CONFIG.search((site_dir / "index.html").read_text()).group(1))["search"]
    assert not (site_dir / posixpath.normpath(search_worker)).exists()
    folders = {posixpath.dirname(path) for path in loaded}
    assert {"assets/stylesheets", "assets/javascripts", "assets/images"} <= folders
    for path in loaded:
        assert (site_dir / path).is_file(), f"a page loads {path}, which the site lacks"
    assets = {p.relative_to(site_dir).as_posix() for p in (site_dir / "assets").rglob("*") if p.is_file()}
    assert assets == loaded  # no source maps, no search files for other languages


def beyond_two_clicks(site_dir: Path) -> list[str]:
    """The pages of a built site that a reader cannot reach from home in two clicks."""
    pages = html_pages(site_dir)

    def key(name: str) -> str:
        return name.removesuffix("index.html").rstrip("/")

    def targets(name: str) -> set[str]:
        found = set()
        for href in pages[name].links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("#", "mailto:")):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path)))
            found.add(target if target.endswith(".html") else f"{target}/index.html".removeprefix("./"))
        return {t for t in found if t in pages}

    depth = {"index.html": 0}
    frontier = ["index.html"]
    for level in (1, 2):
        frontier = [t for name in frontier for t in targets(name) if t not in depth]
        for name in frontier:
            depth.setdefault(name, level)
    return sorted(key(n) for n in pages if n not in depth and n != "404.html")


def test_every_page_is_within_two_clicks_of_home(site):
    root, _ = site
    assert beyond_two_clicks(root / "site") == []


def test_articles_stay_within_two_clicks_of_home_when_the_archive_is_split_by_year(project: Project):
    """With few stories on the home, theme and entity pages, most are reached through the archive: the
    home page links each of its years, and each year lists its stories with their articles."""
    (project.root / "digest.yml").write_text("listing_limit: 4\nlatest_stories: 1\nstories_per_page: 1\n")
    for i, name in enumerate("abcdefghijkl"):
        date = f"{2020 + i % 3}-0{1 + i % 9}-1{i % 9}"
        project.add(
            f"{date}-report-{name}",
            f"Acme Corp told the {name.upper()} desk that its plans with Widgets Ltd were unchanged.",
            title=f"Report {name.upper()}",
            date=date,
            url=f"https://example.com/report-{name}",
        )
    build_site(project.root)
    site_dir = project.root / "site"
    assert sorted(p.parent.name for p in (site_dir / "archive").glob("*/index.html")) == [
        "2020",
        "2021",
        "2022",
    ]
    assert beyond_two_clicks(site_dir) == []


def test_each_story_compares_its_own_articles_and_names_no_article_of_another(site):
    """Issue 24: in a digest of many events, figures, disagreements, overviews and timelines pooled
    unrelated ones. Four stories: none of what one states names an article of another."""
    root, _ = site
    data = json.loads((root / "site/digest.json").read_text())
    stories = {s["id"]: s for s in data["stories"]}
    assert sorted(len(s["articles"]) for s in stories.values()) == [2, 3, 3, 6]
    for story in stories.values():
        own = set(story["articles"])
        named = [
            *(i for item in story["overview"] for i in item["articles"]),
            *(i for part in ("figures", "context") for group in story[part] for i in group["articles"]),
            *(q["article"] for part in ("figures", "context") for g in story[part] for q in g["quotes"]),
            *(i for d in story["disagreements"] for v in d["versions"] for i in v["articles"]),
            *(q["article"] for d in story["disagreements"] for v in d["versions"] for q in v["quotes"]),
            *(i for event in story["timeline"] for i in event["articles"]),
        ]
        assert named and set(named) <= own, story["id"]
        page = html.unescape((root / "site/stories" / story["id"] / "index.html").read_text())
        for other in (s for s in stories.values() if s is not story):
            for article_id in other["articles"]:
                assert f"articles/{article_id}/" not in page.split('id="related-stories"')[0], (
                    story["id"],
                    article_id,
                )
    ferry = next(s for s in stories.values() if "Harbourline" in s["title"])
    (price,) = ferry["disagreements"]
    assert sorted(v["label"] for v in price["versions"]) == ["£120 million", "£150 million"]
    assert ferry["sources"] == 2  # the republished copy is the same source
    flood = next(s for s in stories.values() if "Riverton" in s["title"])
    assert flood["disagreements"] == [] and {f["text"] for f in flood["figures"]} == {
        "£40 million",
        "£55 million",
    }
    # "the old bridge had been closed": not the open-source debate (a bare "closed" cue put it there)
    assert all(a["themes"] == [] for a in data["articles"] if a["id"] in flood["articles"])
    reopens = next(e for e in flood["timeline"] if e["phrase"] == "November 20")
    assert reopens["date"] == "2023-11-20"  # "will reopen on November 20": after the article, not before


def test_the_first_editions_disagreements_are_on_its_story_page(site):
    root, _ = site
    page = html.unescape((root / "site/stories/microsoft-mistral-ai-partnership/index.html").read_text())
    disagreements = page.split('id="where-the-sources-disagree"', 1)[1].split('id="key-figures"', 1)[0]
    for question, versions in {
        "How large was the investment (Microsoft, Mistral AI)?": [
            "$2 billion",
            "€15 million",
            "not disclosed",
        ],
        "Did Microsoft take equity in Mistral AI?": ["minor, or small minority, stake", "owns no equity"],
        "Is Mistral AI staying open source?": [
            "remains committed to open source",
            "proprietary, not open source",
        ],
    }.items():
        assert question in disagreements
        section = disagreements.split(question, 1)[1]
        for version in versions:
            assert version in section, (question, version)
    assert "OpenAI" not in disagreements.split("Did Microsoft take equity")[0]  # no other deal's figure
    data = json.loads((root / "site/digest.json").read_text())
    valuation = next(f for f in data["figures"] if f["text"] == "€2 billion")
    assert (valuation["value"], valuation["currency"], valuation["refers_to"]) == (2e9, "EUR", "valuation")
    assert valuation["notes"] and "valuation" in valuation["notes"][0]
    story = next(s for s in data["stories"] if s["id"] == "microsoft-mistral-ai-partnership")
    assert {f["text"] for f in story["context"]} == {"$13 billion", "more than $10 billion"}
    monday = next(
        e
        for e in data["timeline"]
        if e["phrase"] == "on Monday" and e["story"] == "microsoft-mistral-ai-partnership"
    )
    assert (monday["date"], monday["approximate"]) == ("2024-02-26", True)


def test_every_page_links_its_feeds_and_describes_itself(site):
    root, _ = site
    for name, page in html_pages(root / "site").items():
        if name == "404.html":
            continue
        head = {
            (tag, a.get("rel") or a.get("property") or a.get("name")): a
            for tag, a in page.tags
            if tag in ("link", "meta")
        }
        assert head[("link", "alternate feed")]["href"].endswith((".xml", ".json")), name
        assert ("meta", "og:title") in head and ("meta", "description") in head, name
        assert head[("link", "canonical")]["href"].startswith("http://127.0.0.1:8000/"), name
    theme = Page((root / "site/themes/regulation/index.html").read_text())
    feeds = [a["href"] for tag, a in theme.tags if tag == "link" and a.get("rel") == "alternate feed"]
    assert feeds == ["../../feeds/regulation.xml", "../../feeds/regulation.json"]
    assert (root / "site/feeds/regulation.xml").is_file()


def test_sitemap_and_404(site):
    root, _ = site
    sitemap = (root / "site/sitemap.xml").read_text()
    assert (
        "<loc>http://127.0.0.1:8000/articles/2024-03-15-mistral-ai-maintains-open-source-pledge/</loc>"
        in sitemap
    )
    assert (root / "site/404.html").is_file()


def test_zensical_publishes_the_same_pages_from_the_same_folder(site, tmp_path):
    root, _ = site
    zensical = Path(sys.executable).parent / "zensical"
    result = subprocess.run(
        [zensical, "build"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SITE_URL": "http://127.0.0.1:8000/"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # zensical builds into the same site_dir: compare with a fresh MkDocs build in its own folder
    mkdocs_site = tmp_path / "mkdocs-site"
    mkdocs = run(["mkdocs", "build", "--strict", "-d", str(mkdocs_site)], root)
    assert mkdocs.returncode == 0, mkdocs.stderr

    def pages(folder: Path) -> set[str]:
        return {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}

    assert pages(root / "site") == pages(mkdocs_site)
    assert (root / "site/digest.json").is_file() and (root / "site/feeds/all.xml").is_file()


def test_the_published_site_is_byte_identical_from_the_same_content(tmp_path):
    def build_copy(name: str) -> Path:
        root = copy_edition(tmp_path / name)
        build_site(root)  # with SOURCE_DATE_EPOCH set, as `make site` sets it
        return root / "site"

    first, second = build_copy("one"), build_copy("two")
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    # Pagefind writes each filter's values in arbitrary order (Pagefind/pagefind#638): digest/search.py
    # puts them in order, so the search index is byte-identical too.
    assert any(f.startswith("pagefind/filter/") for f in files)
    different = [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []
