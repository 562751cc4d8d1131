// The search box of partials/search.html, on the Pagefind index digest/search.py writes into pagefind/.
// Pagefind loads only the fragments of the index a query needs, so the first query of a reader costs a
// few hundred kilobytes whatever the size of the digest. Results name the kind of page (story or
// article), its date and outlet, and show the words found, marked, ten at a time ("Show more"). Keys:
// "/" or "s" opens the box, the arrows move through the results, Escape closes it. Nothing is fetched
// before the box is opened.
(() => {
  "use strict";
  const box = document.querySelector("[data-digest-search]");
  const toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  const input = box.querySelector("input[name=query]");
  const form = box.querySelector("form");
  const meta = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list");
  const filterBar = box.querySelector(".digest-search__filters");
  const selects = [...filterBar.querySelectorAll("select")];
  const bundle = new URL(box.dataset.digestSearch, document.baseURI);
  const shown = 10;
  // Exact words weigh far more than words they begin ("15" finds "15" before "150").
  const ranking = { termSimilarity: 4 };
  // A figure ("15 million", "$2bn", "3.5%") is searched as a phrase, so its words are found together.
  const figure = /^[$€£¥]?\s*\d[\d.,]*\s*(?:million|billion|trillion|bn|m|%|per ?cent)?$/i;
  let pagefind = null;
  let asked = 0;

  async function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind.js", bundle).href).then(async (api) => {
        await api.options({ baseUrl: new URL("..", bundle).pathname, excerptLength: 24, ranking });
        await api.init();
        return api;
      });
    }
    return pagefind;
  }

  // The filters' values are loaded when the reader opens them: at 10,000 articles the list of outlets
  // alone would weigh more than a query.
  let filled = null;
  function fillFilters() {
    filled ??= load().then(async (api) => fill(await api.filters()));
    return filled;
  }

  function fill(available) {
    for (const select of selects) {
      const counts = available[select.name] || {};
      for (const value of Object.keys(counts).sort((a, b) => a.localeCompare(b))) {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = `${value} (${counts[value]})`;
        select.append(option);
      }
    }
  }

  function chosenFilters() {
    const filters = {};
    for (const select of selects) if (select.value) filters[select.name] = select.value;
    return filters;
  }

  // Pagefind's excerpt is text with <mark> around the words found: keep exactly that, as text and
  // <mark> elements, whatever else it might hold (page text is never trusted as markup).
  function excerpt(html) {
    const paragraph = document.createElement("p");
    const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html").body;
    for (const node of parsed.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.append(mark);
      } else {
        paragraph.append(document.createTextNode(node.textContent));
      }
    }
    return paragraph;
  }

  function item(data) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const title = document.createElement("h1");
    title.textContent = data.meta.title || data.url;
    const about = document.createElement("p");
    about.className = "digest-search__about";
    about.textContent = [data.meta.kind, data.meta.outlet, data.meta.date, data.meta.story && `story: ${data.meta.story}`]
      .filter(Boolean)
      .join(" · ");
    article.append(title, about, excerpt(data.excerpt));
    link.append(article);
    li.append(link);
    return li;
  }

  async function run() {
    const query = input.value.trim();
    const filters = chosenFilters();
    const ask = ++asked;
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      meta.textContent = "Type to search the stories and articles";
      delete list.dataset.shown;
      return;
    }
    const api = await load();
    const isFigure = figure.test(query);
    const search = await api.debouncedSearch(isFigure ? `"${query}"` : query || null, { filters }, 120);
    if (search === null || ask !== asked) return; // a later keystroke took over
    const found = await results(search.results.slice(0, shown), isFigure);
    if (ask !== asked) return;
    list.replaceChildren(...found.map(item));
    counted(search.results.length, found.length);
    if (search.results.length > shown) list.append(moreButton(search.results, isFigure, ask));
    // What the list shows the results of (the query and filters): for scripts and tests to wait on.
    list.dataset.shown = JSON.stringify([query, filters]);
  }

  // The data (title, excerpt, meta) of some results: a fragment of a few kilobytes each.
  async function results(some, isFigure) {
    const found = await Promise.all(some.map((r) => r.data()));
    // A figure's own articles come first, then the pages that compare or list it (a story's key figures
    // restate it, often more than once: Pagefind would rank them first).
    if (!isFigure) return found;
    return [...found.filter((d) => d.meta.kind === "Article"), ...found.filter((d) => d.meta.kind !== "Article")];
  }

  function counted(count, listed) {
    meta.textContent = count === 0 ? "No page matches" : count === 1 ? "1 page matches" : `${count} pages match`;
    if (count > listed) meta.textContent += `; the best ${listed} are shown`;
  }

  // "Show more": the next results, loaded only when asked for, so a word of every page costs no more.
  function moreButton(all, isFigure, ask) {
    const li = document.createElement("li");
    li.className = "digest-search__more";
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `Show ${Math.min(shown, all.length - shown)} more`;
    li.append(button);
    let listed = shown;
    button.addEventListener("click", async () => {
      button.disabled = true;
      const found = await results(all.slice(listed, listed + shown), isFigure);
      if (ask !== asked) return;
      const first = item(found[0]);
      li.before(first, ...found.slice(1).map(item));
      listed += found.length;
      counted(all.length, listed);
      first.querySelector("a").focus();
      if (listed >= all.length) li.remove();
      else {
        button.textContent = `Show ${Math.min(shown, all.length - listed)} more`;
        button.disabled = false;
      }
    });
    return li;
  }

  function open() {
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    input.focus();
  }

  function close() {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    input.blur();
  }

  function typing(target) {
    return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function move(step) {
    const links = [...list.querySelectorAll("a, button")];
    if (!links.length) return;
    const at = links.indexOf(document.activeElement);
    const next = at === -1 ? (step > 0 ? 0 : links.length - 1) : at + step;
    if (next < 0) input.focus();
    else links[Math.min(next, links.length - 1)].focus();
  }

  input.addEventListener("input", run);
  input.addEventListener("focus", load, { once: true });
  for (const select of selects) select.addEventListener("change", run);
  filterBar.addEventListener("toggle", () => filterBar.open && fillFilters());
  form.addEventListener("reset", () => setTimeout(run));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  toggle.addEventListener("change", () => {
    if (toggle.checked) input.focus();
  });
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (toggle.checked) {
      const inList = event.target === input || list.contains(event.target);
      if (event.key === "Escape") close();
      else if (event.key === "ArrowDown" && inList) move(1);
      else if (event.key === "ArrowUp" && inList) move(-1);
      else return;
      event.preventDefault();
    } else if ((event.key === "/" || event.key === "s") && !typing(event.target)) {
      event.preventDefault();
      open();
    }
  });
})();
