"""The explorer pages (``/entity``, ``/article``, ``/search``) on the ingested seeds.

Real parts only: the seeds ingested with the `newskg` command, the app under
waitress on loopback, pages fetched over HTTP and driven in headless Chromium.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from server_fixtures import CHROMIUM, CHROMIUM_ARGS, record_console_problems, serving

from kg.read import read
from kg.server import NewsKGStore, create_app
from kg.server.explorer import Fact, article_spans, fact_anchor, mark_spans, timeline

pytestmark = pytest.mark.slow

NEWSKG = str(Path(sys.executable).with_name("newskg"))
NK = "https://w3id.org/newskg/ns#"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> Path:
    """Ingest seeds/ with the real command, from the repository root as a user would."""
    store = tmp_path_factory.mktemp("explorer") / "store"
    run = subprocess.run(
        [NEWSKG, "ingest", "seeds/", "--store", str(store)],
        capture_output=True,
        text=True,
        cwd=seeds.parent,
        env={**os.environ, "NEWSKG_STORE": ""},
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    return store


@pytest.fixture(scope="module")
def base(seed_store: Path) -> Iterator[str]:
    with serving(create_app({"STORE": seed_store})) as url:
        yield url


def get(url: str) -> tuple[int, str, str]:
    """Return the status, content type and body of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers["Content-Type"], e.read().decode()


def sparql(base: str, query: str) -> list[dict[str, str]]:
    url = base + "/sparql?" + urllib.parse.urlencode({"query": f"PREFIX nk: <{NK}>\n{query}"})
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=60) as response:
        body = json.load(response)
    return [{k: v["value"] for k, v in row.items()} for row in body["results"]["bindings"]]


def page_url(base: str, path: str, **params: str) -> str:
    return f"{base}{path}?{urllib.parse.urlencode(params)}"


class Page(HTMLParser):
    """Collect a page's links, and each fact's evidence text and marked spans."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.facts: dict[str, dict[str, list[str]]] = {}
        self.h1 = ""
        #: the article text as shown, and each marked piece of it: (start, text, fact anchors)
        self.text = ""
        self.text_marks: list[tuple[int, str, list[str]]] = []
        self.anchors: dict[str, int] = {}  # span-… -> where in the text
        self._fact: str | None = None
        self._in: list[str] = []
        self._text_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
            if self._fact is not None and values.get("class") == "source":
                self.facts[self._fact]["source"] = [str(values["href"])]
        if tag == "li" and values.get("data-fact"):
            self._fact = str(values["data-fact"])
            self.facts[self._fact] = {"evidence": [], "marks": []}
        if self._text_depth and tag == "div":
            self._text_depth += 1
        if values.get("id") == "article-text":
            self._text_depth = 1
        if self._text_depth and tag == "span" and values.get("class") == "anchor":
            self.anchors[str(values["id"])] = len(self.text)
        if self._text_depth and tag == "mark":
            facts = str(values.get("data-facts", "")).split()
            self.text_marks.append((len(self.text), "", facts))
        if tag in ("blockquote", "mark", "h1"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._text_depth and tag == "div":
            self._text_depth -= 1
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if "h1" in self._in:
            self.h1 += data
        if self._text_depth:
            self.text += data
            if "mark" in self._in:
                start, marked, facts = self.text_marks[-1]
                self.text_marks[-1] = (start, marked + data, facts)
        if self._fact is not None and "blockquote" in self._in:
            self.facts[self._fact]["evidence"].append(data)
            if "mark" in self._in:
                self.facts[self._fact]["marks"].append(data)


def targets(links: list[str], path: str) -> set[str]:
    """Return the IRIs that ``links`` pass to ``path`` as ``?iri=``."""
    out = set()
    for link in links:
        parts = urllib.parse.urlsplit(link)
        if parts.path == path:
            out.update(urllib.parse.parse_qs(parts.query).get("iri", []))
    return out


def parse(body: str) -> Page:
    page = Page()
    page.feed(body)
    return page


def top_speaker(base: str) -> str:
    """The person with the most claims in the store."""
    rows = sparql(
        base,
        "SELECT ?p (COUNT(?c) AS ?n) WHERE { ?p a nk:Person ; nk:said ?c } "
        "GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 1",
    )
    return rows[0]["p"]


def test_entity_page_marks_each_claim_at_its_stored_offsets(base: str, seeds: Path) -> None:
    person = top_speaker(base)
    status, content_type, body = get(page_url(base, "/entity", iri=person))
    assert status == 200 and content_type.startswith("text/html")
    page = parse(body)
    rows = sparql(
        base,
        f"""PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?g ?text ?ev ?start ?end ?a ?source WHERE {{
          GRAPH ?g {{ <{person}> nk:said ?c . ?c nk:text ?text }}
          ?g nk:evidenceText ?ev ; nk:evidenceStart ?start ; nk:evidenceEnd ?end ;
             prov:wasDerivedFrom ?a . ?a dcterms:source ?source
          # the article it was read from, not a copy that resolution links
          FILTER NOT EXISTS {{ GRAPH ?in {{ ?g prov:wasDerivedFrom ?a }} }} }}""",
    )
    assert len(rows) >= 3
    texts = {a.source: a.text for a in read([str(seeds.parent / r["source"]) for r in rows])}
    for row in rows:
        shown = page.facts[row["g"]]
        evidence = "".join(shown["evidence"])
        # the sentence shown is the article's text at the stored offsets
        article_text = texts[str(seeds.parent / row["source"])]
        assert evidence == article_text[int(row["start"]) : int(row["end"])] == row["ev"]
        # its source link is the article it was read from, whose text the offsets are in
        assert targets(shown["source"], "/article") == {row["a"]}
        # the marked span is the claim, word for word
        assert " ".join(" ".join(shown["marks"]).split()) == " ".join(row["text"].split())
    assert "Said" in body and 'id="timeline-h"' in body


def test_every_link_of_an_entity_and_its_article_resolves(base: str) -> None:
    person = top_speaker(base)
    _, _, body = get(page_url(base, "/entity", iri=person))
    links = set(parse(body).links)
    articles = [link for link in links if link.startswith("/article?")]
    assert articles, "the entity page links to no source article"
    _, _, article_body = get(base + articles[0])
    links |= set(parse(article_body).links)
    assert any(link.startswith("/entity?") for link in links)
    for link in sorted(links):
        if link.startswith("/"):
            status, _, _ = get(base + link)
            assert status == 200, link


def test_article_page_shows_copies_and_facts_in_text_order(base: str) -> None:
    rows = sparql(base, "SELECT ?copy ?original WHERE { ?copy nk:duplicateOf ?original }")
    assert rows, "the seeds hold a copied article"
    copy, original = rows[0]["copy"], rows[0]["original"]
    status, _, body = get(page_url(base, "/article", iri=copy))
    assert status == 200
    page = parse(body)
    assert original in targets(page.links, "/article")
    starts = sparql(
        base,
        f"""PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?g ?start WHERE {{ ?g prov:wasDerivedFrom <{copy}> ; nk:evidenceStart ?start
          FILTER NOT EXISTS {{ GRAPH ?in {{ ?g prov:wasDerivedFrom <{copy}> }} }} }}""",
    )
    by_fact = {r["g"]: int(r["start"]) for r in starts}
    assert list(page.facts) and set(page.facts) == set(by_fact)
    shown = [by_fact[g] for g in page.facts]
    assert shown == sorted(shown)
    _, _, body = get(page_url(base, "/article", iri=original))
    assert copy in targets(parse(body).links, "/article")


def test_search_finds_an_alternative_name_in_any_case(base: str) -> None:
    rows = sparql(
        base,
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?e ?alt ?c WHERE { ?e skos:altLabel ?alt ; rdfs:label ?l ; nk:canonical ?c "
        "FILTER(?alt != ?l) } ORDER BY ?e ?alt",
    )
    assert any(row["c"] != row["e"] for row in rows), "the seeds hold a merged entity"
    for row in rows:
        status, _, body = get(page_url(base, "/search", q=row["alt"].swapcase()))
        assert status == 200
        found = targets(parse(body).links, "/entity")
        # a merged node is found as the canonical node of its cluster
        assert row["c"] in found, row
        assert row["e"] == row["c"] or row["e"] not in found, row


def test_search_escapes_what_it_is_given_and_bounds_its_results(base: str) -> None:
    status, _, body = get(page_url(base, "/search", q='<b>"x\\'))
    assert status == 200
    assert "<b>" not in body and "&lt;b&gt;" in body
    _, _, body = get(page_url(base, "/search", q="a"))
    assert 0 < sum(link.startswith("/entity?") for link in parse(body).links) <= 50


@pytest.mark.parametrize(
    "path",
    [
        "/entity",
        "/entity?iri=",
        "/entity?iri=https%3A%2F%2Fexample.org%2Fno-such-thing",
        "/entity?iri=x%3E%20%7D%20%3Fs%20%3Fp%20%3Fo",
        "/article?iri=https%3A%2F%2Fexample.org%2Fno-such-article",
    ],
)
def test_unknown_or_missing_iri_is_a_plain_404_page(base: str, path: str) -> None:
    status, content_type, body = get(base + path)
    assert status == 404
    assert content_type.startswith("text/html")
    assert "Traceback" not in body
    assert parse(body).h1 == "404 Not Found"


def test_an_entity_is_not_an_article(base: str) -> None:
    status, _, _ = get(page_url(base, "/article", iri=top_speaker(base)))
    assert status == 404


def test_mark_spans_marks_a_claim_joined_from_two_quotes() -> None:
    sentence = '"We will talk," he said, "and we will sign."'
    pieces = mark_spans(sentence, ["We will talk, and we will sign."])
    assert [text for text, marked in pieces if marked] == ["We will talk,", "and we will sign."]
    assert "".join(text for text, _ in pieces) == sentence
    assert mark_spans("nothing here", ["absent words"]) == [("nothing here", False)]
    # never a piece of a word, at either end
    assert mark_spans("Reunited forces", ["united"]) == [("Reunited forces", False)]
    assert mark_spans("Unitedly", ["United"]) == [("Unitedly", False)]


def assert_fits(page: Any) -> None:
    """The page reads on a laptop screen: nothing makes it scroll sideways."""
    width, viewport = page.evaluate(
        "[document.scrollingElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= viewport, f"{page.url} is {width} px wide in a {viewport} px window"


@pytest.mark.browser
@pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}: apt-get install -y chromium"
)
def test_search_entity_article_in_chromium(base: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    person = top_speaker(base)
    alt = sparql(
        base,
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        f"SELECT ?alt WHERE {{ <{person}> skos:altLabel ?alt }} ORDER BY ?alt LIMIT 1",
    )[0]["alt"]
    label = sparql(
        base,
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        f"SELECT ?l WHERE {{ <{person}> rdfs:label ?l }}",
    )[0]["l"]
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            record_console_problems(page, problems)
            page.goto(base + "/")
            # the search box is the third stop of the keyboard: skip link, home, search
            for _ in range(3):
                page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.id") == "search-q"
            page.keyboard.type(alt)
            page.keyboard.press("Enter")
            page.wait_for_url(re.compile(r"/search\?"))
            link = page.locator("ol.results a", has_text=label)
            assert link.count() == 1
            link.focus()
            page.keyboard.press("Enter")  # keyboard-usable: a real link
            page.wait_for_url(re.compile(r"/entity\?"))
            assert page.locator("h1").inner_text() == label
            assert page.locator("li.fact mark").count() >= 3
            # the timeline has a dot for each (dated) fact, each a link to its fact
            dots = page.locator(".tl-dot")
            assert dots.count() == page.locator("li.fact").count()
            target = dots.nth(1).get_attribute("href")
            assert target and target.startswith("#fact-")
            dots.nth(1).focus()
            page.keyboard.press("Enter")
            assert page.url.endswith(target)
            assert page.evaluate("document.querySelector(':target').id") == target[1:]
            assert_fits(page)
            shot = tmp_path / "entity.png"
            page.screenshot(path=str(shot), full_page=False)
            assert shot.read_bytes().startswith(b"\x89PNG")
            fact = page.locator("li.fact").first
            anchor = fact.get_attribute("id")
            title = fact.locator("a.source").inner_text()
            fact.locator("a.source").click()
            page.wait_for_url(re.compile(r"/article\?"))
            assert page.locator("h1").inner_text() == title
            # the fact we came from is marked in the article text; its mark leads to the fact
            marks = page.locator(f'#article-text mark[data-facts~="{anchor}"] a')
            assert marks.count() >= 1
            marks.first.focus()
            page.keyboard.press("Enter")
            assert page.url.endswith(f"#{anchor}")
            back = page.locator(f"li#{anchor} a.to-text")
            back.click()
            assert page.url.endswith("#span-" + str(anchor)[5:])
            assert page.locator("li.fact mark").count() >= 1
            assert_fits(page)
        finally:
            browser.close()
    assert problems == []


def test_pages_run_their_queries_in_the_bounded_workers(seed_store: Path) -> None:
    """With the query workers stopped, no page can answer: none reads the store directly."""
    app = create_app({"STORE": seed_store, "QUERY_WORKERS": 1})
    with serving(app) as url:
        status, _, _ = get(page_url(url, "/search", q="a"))
        assert status == 200
        NewsKGStore.close(app)
        for path in ("/entity", "/article", "/search"):
            status, content_type, body = get(
                page_url(url, path, iri="https://example.org/x", q="x")
            )
            assert status == 500, path
            assert content_type.startswith("text/html")
            assert "see the server log" in body and "Traceback" not in body


def test_an_iri_with_reserved_characters_reaches_the_page_whole(base: str) -> None:
    iri = "https://example.org/a?b=1&c=2#d"
    status, _, body = get(page_url(base, "/entity", iri=iri))
    assert status == 404
    assert "https://example.org/a?b=1&amp;c=2#d" in body


def test_search_shows_at_most_its_limit(tmp_path: Path) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, RDFS
    from server_fixtures import fill_store

    from kg.server.explorer import SEARCH_LIMIT
    from kg.vocab import NK as NK_

    people = [URIRef(f"https://example.org/person/{i}") for i in range(SEARCH_LIMIT + 10)]
    quads = [(p, RDFS.label, Literal(f"Person {i}"), None) for i, p in enumerate(people)]
    quads += [(p, RDF.type, NK_.Person, None) for p in people]
    store = fill_store(tmp_path / "store", quads)
    with serving(create_app({"STORE": store, "QUERY_WORKERS": 1})) as url:
        _, _, body = get(page_url(url, "/search", q="PERSON"))
    assert len(targets(parse(body).links, "/entity")) == SEARCH_LIMIT
    assert f"the first {SEARCH_LIMIT} shown" in body


def test_every_fact_of_every_article_has_a_marked_span(base: str) -> None:
    articles = sparql(base, "SELECT ?a WHERE { ?a a nk:Article }")
    shown = 0
    for row in articles:
        status, _, body = get(page_url(base, "/article", iri=row["a"]))
        assert status == 200
        for fact, parts in parse(body).facts.items():
            shown += 1
            evidence = "".join(parts["evidence"])
            assert parts["marks"], fact
            for marked in parts["marks"]:
                # a marked span is whole words of the sentence
                at = evidence.index(marked)
                before, after = evidence[at - 1 : at], evidence[at + len(marked) :][:1]
                assert not (before.isalnum() and marked[0].isalnum()), (fact, marked)
                assert not (after.isalnum() and marked[-1].isalnum()), (fact, marked)
    assert shown >= len(articles)


def test_outside_links_are_web_links_only(tmp_path: Path) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import OWL, RDF, RDFS
    from server_fixtures import fill_store

    from kg.vocab import NK as NK_

    place = URIRef("https://w3id.org/newskg/id/state/somewhere")
    outside = "https://sws.geonames.org/1/"
    quads = [
        (place, RDF.type, NK_.State, None),
        (place, RDFS.label, Literal("Somewhere <b>"), None),
        (place, OWL.sameAs, URIRef(outside), None),
        (place, OWL.sameAs, URIRef("javascript:alert(1)"), None),
    ]
    store = fill_store(tmp_path / "store", quads)
    with serving(create_app({"STORE": store, "QUERY_WORKERS": 1})) as url:
        status, _, body = get(page_url(url, "/entity", iri=str(place)))
    assert status == 200
    page = parse(body)
    assert outside in page.links
    assert not any(link.startswith("javascript:") for link in page.links)
    assert page.h1 == "Somewhere <b>" and "Somewhere &lt;b&gt;" in body


def test_a_transfer_shows_its_terms(base: str) -> None:
    rows = sparql(
        base,
        "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
        "SELECT ?a ?x WHERE { ?g nk:exception ?x ; prov:wasDerivedFrom ?a }",
    )
    assert rows, "the seeds hold a transfer with a part kept back"
    for row in rows:
        _, _, body = get(page_url(base, "/article", iri=row["a"]))
        assert f'except <span class="term">{html.escape(row["x"])}</span>' in body


def test_the_article_page_shows_its_text_with_each_fact_marked_at_its_offsets(
    base: str, seeds: Path
) -> None:
    rows = sparql(
        base,
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        "SELECT ?a ?source ?content WHERE { ?a a nk:Article ; dcterms:source ?source ; "
        "nk:content ?content }",
    )
    assert len(rows) == len(list(seeds.glob("*.txt")))
    texts = {a.source: a.text for a in read([str(seeds.parent / r["source"]) for r in rows])}
    for row in rows:
        text = texts[str(seeds.parent / row["source"])]
        # the store keeps the very text the offsets count in
        assert row["content"] == text
        _, _, body = get(page_url(base, "/article", iri=row["a"]))
        page = parse(body)
        assert page.text == text
        facts = sparql(
            base,
            f"""PREFIX prov: <http://www.w3.org/ns/prov#>
            SELECT ?g ?start ?end WHERE {{ ?g prov:wasDerivedFrom <{row["a"]}> ;
              nk:evidenceStart ?start ; nk:evidenceEnd ?end
              FILTER NOT EXISTS {{ GRAPH ?in {{ ?g prov:wasDerivedFrom <{row["a"]}> }} }} }}""",
        )
        assert facts and set(page.facts) == {f["g"] for f in facts}
        for f in facts:
            anchor = fact_anchor(f["g"])
            start, end = int(f["start"]), int(f["end"])
            pieces = [(at, marked) for at, marked, of in page.text_marks if anchor in of]
            assert pieces, f"{anchor} is not marked in the text of {row['source']}"
            for at, marked in pieces:
                assert start <= at and at + len(marked) <= end, (anchor, marked)
                assert text[at : at + len(marked)] == marked
            # the words marked in the text are those marked in the fact's sentence
            # (compared without spaces: one span may be cut in pieces where another fact overlaps)
            in_text = "".join("".join(m for _, m in pieces).split())
            in_sentence = "".join("".join(page.facts[f["g"]]["marks"]).split())
            assert in_text == in_sentence, anchor
            # the fact's "see it in the text" link lands on its first mark
            assert page.anchors["span-" + anchor[5:]] == pieces[0][0]
            assert f'href="#span-{anchor[5:]}"' in body


def test_article_spans_mark_overlapping_facts_once_each() -> None:
    text = "Russia, Armenia and Azerbaijan signed it."
    spans = article_spans(text, [(0, 30, "fact-a"), (20, 30, "fact-b"), (8, 15, "fact-c")])
    assert "".join(s.text for s in spans) == text
    assert [(s.text, s.facts, s.starts) for s in spans] == [
        ("Russia, ", ["fact-a"], ["span-a"]),
        ("Armenia", ["fact-a", "fact-c"], ["span-c"]),
        (" and ", ["fact-a"], []),
        ("Azerbaijan", ["fact-a", "fact-b"], ["span-b"]),
        (" signed it.", [], []),
    ]
    assert article_spans("", []) == []


def test_timeline_puts_each_fact_at_its_date_or_its_article_s() -> None:
    from kg.server.explorer import TIMELINE_GAP

    facts = [
        Fact("f1", relation="said", date="2020-11-21"),
        Fact("f2", relation="said", articles=["a"]),  # no date of its own
        Fact("f3", relation="signed", date="2021"),
        Fact("f4", relation="said", date="2020-11-22"),
        Fact("f5", relation="said", date="2020-11-21"),
        Fact("f6", relation="said"),  # no date, no article: left out
    ]
    points, ticks = timeline(facts, {"a": "2021-04-16"})
    assert [(p.date, [(f.iri, own) for f, own in p.facts]) for p in points] == [
        ("2020-11-21", [("f1", True), ("f5", True)]),
        ("2020-11-22", [("f4", True)]),
        ("2021", [("f3", True)]),
        ("2021-04-16", [("f2", False)]),
    ]
    xs = [p.x for p in points]
    assert xs[0] == 3 and xs[-1] == 97
    assert all(b - a >= TIMELINE_GAP - 1e-9 for a, b in itertools.pairwise(xs))
    assert [label for _, label in ticks] == [
        "Dec 2020",
        "Jan 2021",
        "Feb 2021",
        "Mar 2021",
        "Apr 2021",
    ]
    assert all(0 < x < 100 for x, _ in ticks)
    points, ticks = timeline([Fact("a", date="1994-05-01"), Fact("b", date="2020-11-10")], {})
    assert [p.x for p in points] == [3, 97]
    assert [label for _, label in ticks] == [str(y) for y in range(1995, 2021, 3)]
    points, ticks = timeline([Fact("a", date="2020-11-10")], {})
    assert [p.x for p in points] == [50.0] and ticks == []
    assert timeline([Fact("a", date="sometime")], {}) == ([], [])


@pytest.mark.browser
@pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}: apt-get install -y chromium"
)
def test_the_docs_screenshots_script_takes_its_pictures(tmp_path: Path) -> None:
    """tools/screenshots.py (`make screenshots`) still runs: the docs' pictures can be remade."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "screenshots", Path(__file__).resolve().parents[1] / "tools" / "screenshots.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shots = module.take(tmp_path)
    assert [s.name for s in shots] == ["entity.png", "article.png", "query.png"]
    for shot in shots:
        data = shot.read_bytes()
        assert data.startswith(b"\x89PNG")
        # 1366x768, from the PNG header
        assert int.from_bytes(data[16:20], "big") == 1366
        assert int.from_bytes(data[20:24], "big") == 768


def test_a_role_is_one_line_per_title_and_day_with_every_article(base: str) -> None:
    person = top_speaker(base)
    rows = sparql(
        base,
        f"""PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT DISTINCT ?title ?seen ?a WHERE {{ ?r a nk:RoleMention ; nk:holder <{person}> ;
          nk:title ?title ; nk:seenOn ?seen ; prov:wasDerivedFrom ?a }}""",
    )
    lines: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        lines.setdefault((row["title"], row["seen"]), set()).add(row["a"])
    assert any(len(a) > 1 for a in lines.values()), "the seeds give a role in a copy too"
    _, _, body = get(page_url(base, "/entity", iri=person))
    section = body.split('id="roles-h"', 1)[1].split("</ul>", 1)[0]
    shown = re.findall(
        r"<li><strong>(.*?)</strong> · seen on <time>(.*?)</time>(.*?)</li>", section
    )
    assert len(shown) == len(lines)
    for title, seen, rest in shown:
        assert targets(parse(rest).links, "/article") == lines[(html.unescape(title), seen)]
