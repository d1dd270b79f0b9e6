"""The query page at ``/``: served over real HTTP and driven in headless Chromium."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from server_fixtures import CHROMIUM, CHROMIUM_ARGS, NEWS_QUADS, QUOTE, SOURCE, fill_store, serving

from kg.server import create_app
from kg.server.page import EXAMPLE_QUERY


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
    assert sorted(page.resources) == ["/static/query.css", "/static/query.js"]
    for resource in page.resources:
        resource_type, resource_body = get(base + resource)
        assert resource_body
        assert resource_type.split(";")[0] in (
            "text/css",
            "text/javascript",
            "application/javascript",
        )
        assert not re.search(rb"https?://(?!w3id\.org|www\.w3\.org|purl\.org)", resource_body)


@pytest.mark.browser
@pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}: apt-get install -y chromium"
)
def test_run_button_shows_results_and_errors_in_chromium(base: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.goto(base + "/")
            assert "nk:said" in page.input_value("#query")
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

            page.fill("#query", "SELECT * WHERE { ?s ?p }")
            page.keyboard.press("Control+Enter")
            page.wait_for_selector("#error:not([hidden])")
            error = page.inner_text("#error")
            assert error.startswith("Error 400: malformed SPARQL query")
            assert page.locator("#results table").count() == 0

            page.fill("#query", "SELECT DISTINCT ?type WHERE { ?x a ?type } ORDER BY ?type")
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

            page.fill("#query", "ASK { ?c nk:text ?t }")
            page.click("#run")
            page.wait_for_selector("#results .boolean")
            assert page.inner_text("#results .boolean") == "Yes (true)"
        finally:
            browser.close()
