"""What readers see, in a real browser: Debian's Chromium, headless, on a built digest of four stories
(the fixtures tests/fixtures/edition and more-stories)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Request, expect, sync_playwright

from tests.browser import CHROMIUM, LAUNCH_ARGS, screenshot, serve, settle
from tests.conftest import copy_stories
from tests.test_e2e import build_site

pytestmark = pytest.mark.browser

ARTICLE = "articles/2024-02-26-what-is-microsofts-mistral-ai-deal/"
CHECKED_PAGES = {
    "home": "",
    "article": ARTICLE,
    "theme": "themes/regulation/",
    "entity": "entities/mistral-ai/",
    "story": "stories/microsoft-mistral-ai-partnership/",
    "sources": "sources/",
}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    root = copy_stories(tmp_path_factory.mktemp("browser-site") / "project")
    build_site(root)
    with serve(root / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page with every console error, failed request and foreign request it caused."""

    def __init__(self, page: Page, origin: str) -> None:
        self.page = page
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", self._failed)
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("request", lambda r: self.foreign.append(r.url) if not _same_origin(r.url, origin) else None)

    def _failed(self, request: Request) -> None:
        # Leaving a page cancels what it was still loading (its favicon, say): not a broken link, which
        # answers 404 and is caught by the response handler.
        if request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.failure} {request.url}")


def _same_origin(url: str, origin: str) -> bool:
    return url.startswith(("data:", "blob:", "about:")) or urlsplit(url).netloc == urlsplit(origin).netloc


@pytest.fixture
def watched(browser: Browser, base_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield Watched(page, base_url)
    context.close()


def test_home_loads_with_no_error_and_no_request_elsewhere(watched: Watched, base_url: str):
    watched.page.goto(base_url)
    expect(watched.page.locator("h1")).to_contain_text("Microsoft and Mistral AI")
    stories = watched.page.locator("#latest-stories ~ h3")
    expect(stories).to_have_count(4)
    expect(stories.first).to_contain_text("Harbourline takeover")  # the newest story first
    watched.page.wait_for_load_state("networkidle")
    assert watched.errors == [] and watched.failed == [] and watched.foreign == []


def shown_for(page: Page, query: str, filters: dict[str, str] | None = None) -> None:
    """Wait until the results listed are those of ``query`` and ``filters`` (not of an earlier keystroke)."""
    shown = json.dumps([query, filters or {}], separators=(",", ":"), ensure_ascii=False)  # as JSON.stringify
    expect(page.locator("#digest-search-results")).to_have_attribute("data-shown", shown)


def search_for(page: Page, query: str) -> list[str]:
    """Open the search box with its key, type ``query``, and return the results' paths, best first."""
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.fill("")
    box.press_sequentially(query)
    shown_for(page, query)
    links = page.locator(".md-search-result__item > a")
    return [urlsplit(h).path for h in links.evaluate_all("links => links.map(a => a.href)")]


def test_searching_ai_act_finds_the_regulation_theme_first(watched: Watched, base_url: str):
    """Issue 25: the "AI Act" search put the Regulation theme 9th, and result links carried an empty ?h=."""
    page = watched.page
    page.goto(base_url)
    found = search_for(page, "AI Act")
    assert "/themes/regulation/" in found[:3]
    assert "/articles/microsofts-mistral-ai-deal-should-be-further-investigated-eu-lawmaker/" in found
    link = page.locator('.md-search-result__item > a[href*="themes/regulation/"]').first
    assert "?" not in link.get_attribute("href")
    page.keyboard.press("ArrowDown")  # the arrows move from the box through the results
    expect(page.locator(".md-search-result__item > a").first).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(page.locator("input.md-search__input")).to_be_focused()
    link.click()
    expect(page.locator("h1")).to_contain_text("Regulation and scrutiny")
    assert watched.errors == [] and watched.failed == []


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("hedge", "/articles/2024-02-26-move-over-openai-microsoft-has-a-new-darling-startup/"),
        ("15 million", "/articles/2024-03-04-after-openai-microsoft-sets-sights-on-mistral-ai/"),
        ("Gazette", "/articles/2024-09-03-harbourline-takeover-price/"),
        ("Anna Petrova", "/entities/anna-petrova/"),
    ],
    ids=["a word of its summary", "a figure", "an outlet", "an entity"],
)
def test_typing_finds_an_article_or_entity_best_match_first(watched: Watched, base_url: str, query, best):
    """Issue 26: the search box queries Pagefind's index; its first result is the page that says it."""
    page = watched.page
    page.goto(base_url + CHECKED_PAGES["sources"])
    found = search_for(page, query)
    assert found[0] == best, found
    if best.startswith("/entities/"):  # the entity's page first, then the articles naming it
        assert "/articles/2024-04-20-petrova-wins-chess-title/" in found[1:4], found
    first = page.locator(".md-search-result__item").first
    expect(first.locator(".digest-search__about")).to_contain_text(re.compile(r"^(Article|Story) · |^$"))
    expect(first.locator("mark").first).to_be_visible()
    assert watched.errors == [] and watched.failed == []


def test_search_filters_by_theme_outlet_and_year_and_loads_little(watched: Watched, base_url: str):
    """Issue 26: filters from each page's metadata; a query loads a few fragments of the index, never
    Material's one-file index."""
    page = watched.page
    loaded: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: loaded.append((urlsplit(r.url).path, r.sizes()["responseBodySize"])))
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    everything = search_for(page, "Microsoft")
    first_query = sum(size for path, size in loaded if path.startswith("/pagefind/"))
    assert not [path for path, _ in loaded if "search_index" in path or "/workers/" in path]
    page.locator(".digest-search__filters summary").click()  # their values load when opened
    theme = page.locator(".digest-search__filters select[name=theme]")
    expect(theme.locator("option")).not_to_have_count(1)
    label = next(t for t in theme.locator("option").all_inner_texts() if t.startswith("Regulation"))
    theme.select_option(label=label)
    shown_for(page, "Microsoft", {"theme": label.rsplit(" (", 1)[0]})
    regulation = [
        urlsplit(h).path
        for h in page.locator(".md-search-result__item > a").evaluate_all("l => l.map(a => a.href)")
    ]
    assert regulation
    assert "/articles/2024-02-26-what-is-microsofts-mistral-ai-deal/" in everything
    assert "/articles/2024-02-26-what-is-microsofts-mistral-ai-deal/" not in regulation  # not on the theme
    years = page.locator(".digest-search__filters select[name=year] option").all_inner_texts()
    outlets = page.locator(".digest-search__filters select[name=outlet] option").all_inner_texts()
    assert any(y.startswith("2023") for y in years) and any(y.startswith("2024") for y in years)
    assert any(o.startswith("copy at topnews.media") for o in outlets)
    assert 0 < first_query < 300_000
    page.keyboard.press("Escape")
    expect(page.locator("input.md-search__input")).not_to_be_focused()
    assert watched.errors == [] and watched.failed == []


def test_search_lists_ten_results_and_the_next_ten_when_asked(watched: Watched, base_url: str):
    """A word of many pages: the best ten, then "Show more" loads the next ten (and only then)."""
    page = watched.page
    page.goto(base_url)
    first_ten = search_for(page, "Microsoft")
    assert len(first_ten) == 10
    meta = page.locator(".md-search-result__meta")
    count = int(re.fullmatch(r"(\d+) pages match; the best 10 are shown", meta.inner_text()).group(1))
    assert count > 10
    fragments: list[str] = []
    page.on("request", lambda r: fragments.append(r.url) if "/pagefind/fragment/" in r.url else None)
    more = page.get_by_role("button", name=re.compile(r"^Show \d+ more$"))
    expect(more).to_have_text(f"Show {min(10, count - 10)} more")
    more.click()
    items = page.locator(".md-search-result__item > a")
    expect(items).to_have_count(min(20, count))
    assert len(fragments) == min(10, count - 10)
    expect(items.nth(10)).to_be_focused()
    paths = [urlsplit(h).path for h in items.evaluate_all("links => links.map(a => a.href)")]
    assert paths[:10] == first_ten and len(set(paths)) == len(paths)
    if count <= 20:
        expect(more).to_have_count(0)
        expect(meta).to_have_text(f"{count} pages match")
    else:
        expect(meta).to_have_text(f"{count} pages match; the best 20 are shown")
    assert watched.errors == [] and watched.failed == []


def test_a_reader_reaches_a_theme_a_story_an_article_and_an_entity_by_clicking(
    watched: Watched, base_url: str
):
    page = watched.page
    page.goto(base_url)
    page.locator("article").get_by_role("link", name="The open-source debate").first.click()
    expect(page.locator("h1")).to_contain_text("The open-source debate")
    page.locator("article").get_by_role(
        "link", name="Move over OpenAI, Microsoft has a new darling startup"
    ).first.click()
    expect(page.locator("h1")).to_contain_text("Move over OpenAI, Microsoft has a new darling startup")
    expect(page.locator("#where-the-sources-disagree")).to_be_visible()
    page.locator("article").get_by_role("link", name="What is Microsoft’s Mistral AI deal").first.click()
    expect(page.locator("h1")).to_contain_text("What is Microsoft’s Mistral AI deal")
    page.locator("article").get_by_role("link", name="Mistral Large").first.click()
    expect(page.locator("h1")).to_contain_text("Mistral Large")
    assert watched.errors == [] and watched.failed == []


def test_an_article_page_shows_summary_source_date_and_the_original(watched: Watched, base_url: str):
    page = watched.page
    page.goto(base_url + ARTICLE)
    article = page.locator("article")
    expect(article).to_contain_text("Published: 26 February 2024")
    # The name every page gives it (issue 25: this page said "outlet not known", the lists the site's name).
    expect(article).to_contain_text("Source: copy at breezyscroll.com (the original outlet is not known)")
    expect(article.locator("#summary + ul > li")).to_have_count(4)
    original = article.get_by_role("link", name="Read the copy at breezyscroll.com ↗")
    expect(original).to_have_attribute(
        "href", "https://breezyscroll.com/technology-news/what-is-microsofts-mistral-ai-deal/amp"
    )
    fragment = article.locator("#summary + ul > li a[href*='#:~:text=']").first
    assert fragment.get_attribute("href").startswith("https://breezyscroll.com/")


def test_an_article_page_says_where_its_source_stands_and_leads_to_the_comparison(
    watched: Watched, base_url: str
):
    page = watched.page
    page.goto(base_url + ARTICLE)
    stands = page.locator("#where-it-stands + p + ul > li")
    expect(stands).to_have_count(5)
    expect(stands.nth(1)).to_contain_text("€2 billion — 2,000,000,000 EUR, of the valuation")
    expect(stands.nth(1)).to_contain_text("editorial note: This is Mistral AI's valuation")
    expect(stands.nth(2).locator("blockquote")).to_contain_text(
        "neither Microsoft nor Mistral have disclosed"
    )
    expect(stands.nth(3)).to_contain_text("Did Microsoft take equity in Mistral AI? Yes: a minor")
    page.locator("article").get_by_role("link", name="where the sources disagree").click()
    expect(page.locator("h1")).to_contain_text("Move over OpenAI, Microsoft has a new darling startup")
    expect(page.locator("#where-the-sources-disagree")).to_be_in_viewport()
    expect(page.get_by_role("heading", name="Did Microsoft take equity in Mistral AI?")).to_be_visible()
    assert watched.errors == [] and watched.failed == []


def test_a_reader_learns_what_happened_and_follows_a_disputed_claim_to_its_versions(
    watched: Watched, base_url: str
):
    """Issue 25: the brief on the home page and the story's "What happened": a few sentences, each with its
    sources; one stating a version of a disagreement says "Disputed" and leads to the versions."""
    page = watched.page
    page.goto(base_url)
    story = page.locator("article h3", has_text="Move over OpenAI").locator("xpath=following-sibling::ul[1]")
    expect(story.locator("> li")).to_have_count(3)
    expect(story).to_contain_text("(copy at topnews.media)")
    page.goto(base_url + CHECKED_PAGES["story"])
    happened = page.locator("#what-happened + ul > li")
    count = happened.count()
    assert 3 <= count <= 5
    disputed = page.locator("#what-happened + ul").get_by_role("link", name="Disputed").first
    question = disputed.get_attribute("title")
    assert question and question.endswith("?")
    disputed.click()
    expect(page.locator("#where-the-sources-disagree")).to_be_in_viewport()
    expect(page.get_by_role("heading", name=question)).to_be_visible()
    assert watched.errors == [] and watched.failed == []


def test_each_disagreement_says_where_it_stands(watched: Watched, base_url: str):
    """Issue 25: disagreements listed the sides but never weighed them."""
    page = watched.page
    page.goto(base_url + CHECKED_PAGES["story"])
    equity = page.locator(
        "xpath=//h3[contains(., 'Did Microsoft take equity')]/following-sibling::p[strong[. = 'Where it stands:']][1]"
    )
    expect(equity).to_contain_text(
        "the best-sourced version is Yes: a minor, or small minority, stake, from 2 sources"
    )
    expect(equity).to_contain_text(
        "No: Microsoft invested but owns no equity is what Microsoft said, as quoted"
    )
    versions = page.locator(
        "xpath=//h3[contains(., 'Did Microsoft take equity')]/following-sibling::ul[1]/li"
    )
    expect(versions.first).to_contain_text("26 February 2024 to 4 March 2024; citing Financial Times")
    expect(versions.nth(1)).to_contain_text("in the words of Microsoft; citing Reuters")
    between = "preceding-sibling::h2[@id='where-the-sources-disagree']"
    questions = page.locator(f"xpath=//h2[@id='key-figures']/preceding-sibling::h3[{between}]")
    assert questions.count() >= 3
    expect(page.locator("p", has_text="Where it stands:")).to_have_count(questions.count())


QUOTES_PER_ARTICLE = """() => {
  // Each article's block on a theme or entity page: its source line, then its quotes, then the note
  // saying how much more the original has.
  const blocks = [];
  for (const element of document.querySelectorAll("article.md-content__inner > div > *")) {
    if (element.matches("p") && element.firstElementChild?.matches("strong")) {
      blocks.push({ source: element.innerText, quotes: 0, more: "" });
    } else if (blocks.length && element.matches("blockquote")) {
      blocks[blocks.length - 1].quotes += element.querySelectorAll("p").length; // one per sentence
    } else if (blocks.length && element.matches("p") && element.innerText.includes(" more sentence")) {
      blocks[blocks.length - 1].more = element.innerText;
    }
  }
  return blocks;
}"""


def test_theme_and_entity_pages_quote_two_sentences_an_article_and_say_how_many_more(
    watched: Watched, base_url: str
):
    """Issue 25: theme and entity pages reprinted whole articles. Each now quotes at most two sentences
    of an article, and says how many more of its sentences are on the subject in the original."""
    page = watched.page
    for name in ("theme", "entity"):
        page.goto(base_url + CHECKED_PAGES[name])
        blocks = page.evaluate(QUOTES_PER_ARTICLE)
        assert len(blocks) >= 2, name
        assert all(block["quotes"] <= 2 for block in blocks), blocks
        assert any(block["quotes"] for block in blocks), blocks
        more = re.compile(r"\b\d+ more sentences? (on this theme in|of) the original")
        assert any(more.search(block["more"]) for block in blocks), blocks


def test_a_sentence_a_copy_repeats_word_for_word_is_quoted_once(watched: Watched, base_url: str):
    """A republished copy's sentence stating a version was quoted twice, one under the other."""
    page = watched.page
    page.goto(base_url + "stories/2024-09-02-northsea-ferries-buys-harbourline/")
    version = page.locator("#where-the-sources-disagree ~ ul > li", has_text="£150 million")
    expect(version.locator("blockquote")).to_have_count(1)
    quote = version.locator("blockquote")
    expect(quote).to_contain_text("Northsea Ferries will pay £150 million")
    expect(quote).to_contain_text("(word for word in Ferry Notes ↗)")
    originals = quote.get_by_role("link", name="this sentence in the original")
    assert {urlsplit(originals.nth(i).get_attribute("href")).netloc for i in range(2)} == {
        "portgazette.example",
        "ferrynotes.example",
    }


def test_the_light_dark_toggle_switches_the_scheme(watched: Watched, base_url: str):
    page = watched.page
    page.goto(base_url)
    body = page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    expect(body).not_to_have_attribute("data-md-color-scheme", before or "")
    assert {before, body.get_attribute("data-md-color-scheme")} == {"default", "slate"}


@pytest.mark.parametrize("name", sorted(CHECKED_PAGES))
def test_on_a_phone_no_page_scrolls_sideways_and_the_navigation_opens(
    browser: Browser, base_url: str, name: str
):
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + CHECKED_PAGES[name])
    page.wait_for_load_state("networkidle")
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{name} is {width[0]} px wide on a {width[1]} px screen"
    screenshot(page, f"{name}-mobile")
    page.locator("label.md-header__button[for=__drawer]").click()
    expect(page.locator("nav.md-nav--primary > .md-nav__title")).to_be_in_viewport()
    expect(page.locator("nav.md-nav--primary > .md-nav__list > .md-nav__item").last).to_be_in_viewport()
    context.close()


@pytest.mark.parametrize("name", sorted(CHECKED_PAGES))
def test_no_serious_or_critical_accessibility_violation(watched: Watched, base_url: str, name: str):
    watched.page.goto(base_url + CHECKED_PAGES[name])
    watched.page.wait_for_load_state("networkidle")
    settle(watched.page)
    violations = Axe().run(watched.page).response["violations"]
    # After the check: a full-page screenshot resizes the viewport, which starts Material's transitions.
    screenshot(watched.page, f"{name}-desktop")
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert watched.errors == [] and watched.foreign == []


@pytest.mark.parametrize("name", ["story", "article", "home"])
def test_links_shown_as_signs_have_names_a_screen_reader_can_say(watched: Watched, base_url: str, name: str):
    """ "↗" and "[1]" say nothing read aloud: each link shown so is named by what it leads to."""
    page = watched.page
    page.goto(base_url + CHECKED_PAGES[name])
    arrows = page.locator("article a").filter(has_text=re.compile(r"^↗$"))
    numbers = page.locator("article a").filter(has_text=re.compile(r"^\[\d+\]$"))
    to_originals = page.get_by_role("link", name=re.compile(r"^(this sentence in )?the original$"))
    to_sources = page.get_by_role("link", name=re.compile(r"^source \d+$"))
    assert arrows.count() > 0 and arrows.count() == to_originals.count()
    assert numbers.count() == to_sources.count() and (numbers.count() > 0 or name != "story")


@pytest.mark.parametrize("width", [375, 390])
def test_on_a_phone_the_key_figures_and_the_timeline_fit_without_scrolling_sideways(
    browser: Browser, base_url: str, width: int
):
    """Material lets a wide table scroll inside its box; on a phone its rows are blocks instead."""
    context = browser.new_context(viewport={"width": width, "height": 812}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + CHECKED_PAGES["story"])
    page.wait_for_load_state("networkidle")
    boxes = page.locator(".md-typeset__scrollwrap")
    assert boxes.count() >= 2  # the key figures and the timeline
    for i in range(boxes.count()):
        scroll, client = boxes.nth(i).evaluate("box => [box.scrollWidth, box.clientWidth]")
        assert scroll <= client, f"table {i} is {scroll} px wide in a {client} px box"
    expect(page.locator("table td").first).to_be_visible()
    screenshot(page, f"story-tables-{width}")
    context.close()
