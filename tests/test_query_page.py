"""The query page at ``/``: served over real HTTP and driven in headless Chromium."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from server_fixtures import (
    CHROMIUM,
    CHROMIUM_ARGS,
    NEWS_QUADS,
    QUOTE,
    SOURCE,
    fill_store,
    record_console_problems,
    serving,
)

from kg.server import create_app
from kg.server.page import EXAMPLE_QUERY, examples

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "server" / "static" / "vendor"
EDITOR_JS = "/static/vendor/codemirror-sparql.js"
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}: apt-get install -y chromium"
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = fill_store(tmp_path_factory.mktemp("page") / "store", NEWS_QUADS)
    with serving(create_app({"STORE": store})) as url:
        yield url


class PageParser(HTMLParser):
    """Collect the textarea's text and every resource the page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.textarea = ""
        self.resources: list[str] = []
        self._in_textarea = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self._in_textarea = tag == "textarea"
        for name in ("src", "href"):
            if tag in ("script", "link", "img") and values.get(name):
                self.resources.append(str(values[name]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._in_textarea = False

    def handle_data(self, data: str) -> None:
        if self._in_textarea:
            self.textarea += data


def get(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers["Content-Type"], response.read()


def test_page_is_prefilled_and_loads_only_its_own_files(base: str) -> None:
    content_type, body = get(base + "/")
    assert content_type.startswith("text/html")
    page = PageParser()
    page.feed(body.decode("utf-8"))
    assert page.textarea == EXAMPLE_QUERY
    assert sorted(page.resources) == [
        "/static/explorer.css",
        "/static/query.css",
        "/static/query.js",
        EDITOR_JS,
    ]
    for resource in page.resources:
        resource_type, resource_body = get(base + resource)
        assert resource_body
        assert resource_type.split(";")[0] in (
            "text/css",
            "text/javascript",
            "application/javascript",
        )
        assert not re.search(rb"https?://(?!w3id\.org|www\.w3\.org|purl\.org)", resource_body)


def editor_text(page: Any) -> str:
    """Return the query as the editor shows it, line by line."""
    return "\n".join(page.locator(".cm-content .cm-line").all_inner_texts())


def type_query(page: Any, text: str) -> None:
    """Replace the editor's query as a user would: focus it, select all, type."""
    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)


@pytest.mark.browser
@needs_chromium
def test_run_button_shows_results_and_errors_in_chromium(base: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.goto(base + "/")
            assert "nk:said" in editor_text(page)
            page.click("#run")
            page.wait_for_selector("#results table tbody tr")
            headers = page.locator("#results th").all_inner_texts()
            assert headers == ["?speaker", "?text", "?title", "?source"]
            cells = page.locator("#results tbody tr").first.locator("td").all_inner_texts()
            assert cells[0] == "Ilham Aliyev"
            assert cells[1] == QUOTE
            assert cells[3] == SOURCE
            assert page.inner_text("#status").startswith("1 row")
            assert page.is_hidden("#error")
            # kept in the test's own folder for a reader (pytest keeps the last runs')
            shot = tmp_path / "querypage.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.read_bytes().startswith(b"\x89PNG")

            type_query(page, "SELECT * WHERE { ?s ?p }")
            page.keyboard.press("Control+Enter")  # in the editor
            page.wait_for_selector("#error:not([hidden])")
            error = page.inner_text("#error")
            assert error.startswith("Error 400: malformed SPARQL query")
            assert page.locator("#results table").count() == 0

            type_query(page, "SELECT DISTINCT ?type WHERE { ?x a ?type } ORDER BY ?type")
            page.click("#run")
            page.wait_for_selector("#results table")
            # IRIs are shortened with the endpoint's predefined prefixes.
            assert page.locator("#results td").all_inner_texts() == [
                "nk:Article",
                "nk:Claim",
                "nk:Person",
            ]
            assert page.get_attribute("#results td >> nth=0", "title") == (
                "https://w3id.org/newskg/ns#Article"
            )

            type_query(page, "ASK { ?c nk:text ?t }")
            page.click("#run")
            page.wait_for_selector("#results .boolean")
            assert page.inner_text("#results .boolean") == "Yes (true)"
        finally:
            browser.close()


@pytest.fixture(scope="module")
def seeds_base(seed_store: Path) -> Iterator[str]:
    """The app over the ingested seeds (read-only), as `newskg serve` runs it."""
    with serving(create_app({"STORE": seed_store})) as url:
        yield url


def _normalized(text: str) -> str:
    return " ".join(text.split())


def test_every_example_is_a_cookbook_query_word_for_word() -> None:
    """The examples stay in step with the cookbook (README.md, or the docs it moves to)."""
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    cookbook = _normalized("\n".join(p.read_text(encoding="utf-8") for p in docs if p.exists()))
    found = examples()
    assert len(found) >= 4
    assert len({e.id for e in found}) == len(found)
    for e in found:
        assert e.title and re.fullmatch(r"[a-z0-9-]+", e.id), e
        assert _normalized(e.query) in cookbook, f"example {e.id!r} is not in the cookbook"


def _rows(base: str, query: str) -> list[dict[str, Any]]:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        base + "/sparql", data=data, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return list(json.load(response)["results"]["bindings"])


@pytest.mark.slow
@pytest.mark.parametrize("example", examples(), ids=lambda e: e.id)
def test_every_example_answers_on_the_seeds(seeds_base: str, example: Any) -> None:
    rows = _rows(seeds_base, example.query)
    if example.empty_on_seeds:
        assert rows == [], "the seeds answer it now: drop empty_on_seeds"
    else:
        assert rows, f"example {example.id!r} returns no rows on the seeds"


def test_an_example_is_picked_by_its_address(base: str) -> None:
    """Without JavaScript, the picker's Load button asks for /?example=ID."""
    chosen = examples()[3]
    _, body = get(base + "/?" + urllib.parse.urlencode({"example": chosen.id}))
    page = PageParser()
    page.feed(body.decode("utf-8"))
    assert page.textarea == chosen.query
    assert f'<option value="{chosen.id}" selected' in body.decode("utf-8")
    with pytest.raises(urllib.error.HTTPError) as raised:
        get(base + "/?example=no-such-example")
    raised.value.close()
    assert raised.value.code == 404


def test_the_vendored_editor_is_what_the_lock_file_pins() -> None:
    """server/static/vendor/ is built from web/ (`make vendor`): same packages, same versions."""
    lock = json.loads((ROOT / "web" / "package-lock.json").read_text(encoding="utf-8"))
    manifest = json.loads((ROOT / "web" / "package.json").read_text(encoding="utf-8"))
    for name, version in manifest["devDependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned: {version}"
    licences = (VENDOR / "LICENSES.txt").read_text(encoding="utf-8")
    bundled = re.findall(r"^(@?[\w./-]+) (\d+\.\d+\.\d+) \((\w+)\)$", licences, re.M)
    assert {"@codemirror/view", "@codemirror/legacy-modes", "@lezer/highlight"} <= {
        n for n, _, _ in bundled
    }
    for name, version, licence in bundled:
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name
        assert licence == "MIT", name
    bundle = (VENDOR / "codemirror-sparql.js").read_text(encoding="utf-8")
    assert "NewsKGEditor" in bundle
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", bundle)


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_pick_an_example_run_it_and_see_it_highlighted(seeds_base: str) -> None:
    """A user's flow on a laptop screen: pick an example by keyboard, run it, read the table."""
    from playwright.sync_api import sync_playwright

    chosen = examples()[1]
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            record_console_problems(page, problems)
            page.goto(seeds_base + "/")
            page.locator("#example").focus()
            page.select_option("#example", chosen.id)
            assert editor_text(page).rstrip() == chosen.query.rstrip()
            assert page.input_value("#query") == chosen.query  # the form's textarea follows
            assert chosen.id in page.url
            assert page.inner_text("#example-description") == chosen.description
            # highlighted: keywords, variables and strings each in a coloured span of their own
            colours = page.evaluate(
                """() => {
                  const line = document.querySelector('.cm-content');
                  const colour = (el) => getComputedStyle(el).color;
                  const spans = [...line.querySelectorAll('span')];
                  const of = (text) => spans.filter((s) => s.textContent === text).map(colour);
                  return { plain: colour(line), select: of('SELECT'), where: of('WHERE'),
                           variable: of('?agreement'), builtin: of('COUNT') };
                }"""
            )
            assert colours["select"] and colours["variable"] and colours["builtin"], colours
            shown = colours["select"][0], colours["variable"][0], colours["builtin"][0]
            assert colours["plain"] not in shown
            assert len(set(shown)) == 3, colours  # keywords, variables, functions told apart
            # Tab moves on: the editor is no keyboard trap
            page.locator(".cm-content").click()
            page.keyboard.press("Control+Enter")
            page.wait_for_selector("#results table tbody tr")
            headers = page.locator("#results th").all_inner_texts()
            assert headers == ["?agreement", "?date", "?publisher", "?source"]
            assert page.locator("#results tbody tr").count() == len(_rows(seeds_base, chosen.query))
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.id") == "run"
            width = page.evaluate("document.scrollingElement.scrollWidth")
            assert width <= 1366, "the page scrolls sideways on a laptop screen"
            # an entity or article in the results links to its explorer page
            type_query(
                page,
                "SELECT ?speaker ?article ?fact WHERE { GRAPH ?fact { ?speaker nk:said ?c } "
                "?fact prov:wasDerivedFrom ?article } ORDER BY ?fact LIMIT 1",
            )
            page.keyboard.press("Control+Enter")
            page.wait_for_selector("#results tbody tr")
            cells = page.locator("#results tbody td")
            assert cells.nth(2).locator("a").count() == 0  # a fact graph has no page of its own
            article = cells.nth(1).locator("a")
            assert article.get_attribute("href").startswith("/article?iri=https%3A%2F%2F")
            cells.nth(0).locator("a").click()
            page.wait_for_url(re.compile(r"/entity\?iri="))
            assert page.locator("li.fact").count() >= 1
        finally:
            browser.close()
    assert problems == []


@pytest.mark.browser
@needs_chromium
def test_without_javascript_the_form_still_works(base: str) -> None:
    from playwright.sync_api import sync_playwright

    chosen = examples()[0]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(java_script_enabled=False)
            page = context.new_page()
            page.goto(base + "/")
            assert page.is_visible("textarea#query")
            assert page.locator(".cm-editor").count() == 0
            page.select_option("#example", chosen.id)
            page.click("#load-example")
            page.wait_for_url(re.compile(r"example="))
            assert page.input_value("#query") == chosen.query
            page.fill("#query", "SELECT ?t WHERE { ?c nk:text ?t }")
            page.click("#run")  # posted back to the page, which answers with a table
            page.wait_for_selector("#results table")
            assert page.locator("#results td").all_inner_texts() == [QUOTE]
            assert page.input_value("#query") == "SELECT ?t WHERE { ?c nk:text ?t }"
            page.fill("#query", "SELECT ?p ?c WHERE { ?p nk:said ?c }")
            page.click("#run")
            page.wait_for_selector("#results table")
            assert page.locator("#results td a").count() == 1  # the person, not the claim
            assert page.get_attribute("#results td a", "href") == "/entity?" + (
                urllib.parse.urlencode({"iri": "https://w3id.org/newskg/id/person/ilham-aliyev"})
            )
            page.fill("#query", "SELECT * WHERE { ?s ?p }")
            page.click("#run")
            assert page.inner_text("#error").startswith("malformed SPARQL query")
            page.fill("#query", "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }")
            page.click("#run")
            assert "SERVICE" in page.inner_text("#error")
            assert page.locator("#results table").count() == 0
        finally:
            browser.close()


@pytest.mark.browser
@needs_chromium
def test_the_textarea_stays_when_the_editor_cannot_load(base: str) -> None:
    from playwright.sync_api import Route, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()

            def refuse(route: Route) -> None:
                route.abort()

            page.route("**" + EDITOR_JS, refuse)
            page.goto(base + "/")
            assert page.is_visible("textarea#query")
            assert page.locator(".cm-editor").count() == 0
            page.fill("#query", "SELECT ?t WHERE { ?c nk:text ?t }")
            page.keyboard.press("Control+Enter")
            page.wait_for_selector("#results table tbody tr")
            assert page.locator("#results td").all_inner_texts() == [QUOTE]
            page.select_option("#example", examples()[0].id)  # picking still works in place
            assert page.input_value("#query") == examples()[0].query
        finally:
            browser.close()
