"""The SPARQL endpoint over real HTTP: waitress on loopback, SPARQLWrapper and urllib as clients."""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from server_fixtures import (
    ALIYEV,
    CLAIM,
    FACT,
    NEWS_QUADS,
    QUOTE,
    SOURCE,
    TITLE,
    fill_store,
    serving,
)
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.errors import StoreError
from kg.server import create_app
from kg.server.page import EXAMPLE_QUERY
from kg.store import open_store
from kg.vocab import NK

SAID = "SELECT ?actor ?claim WHERE { ?actor nk:said ?claim }"
CONSTRUCT_SAID = "CONSTRUCT { ?a nk:said ?c } WHERE { GRAPH ?g { ?a nk:said ?c } }"
SIGNED = 'ASK { ?agreement nk:signedOn "2020-11-10"^^xsd:date }'


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fill_store(tmp_path_factory.mktemp("server") / "store", NEWS_QUADS)


@pytest.fixture(scope="module")
def base(store_path: Path) -> Iterator[str]:
    with serving(create_app({"STORE": store_path})) as url:
        yield url


@pytest.fixture(scope="module")
def endpoint(base: str) -> str:
    return base + "/sparql"


class Reply:
    """What a urllib request got back, errors included."""

    def __init__(self, status: int, headers: Any, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def media(self) -> str:
        return str(self.headers.get("Content-Type", "")).split(";")[0].strip()

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(
    url: str,
    *,
    method: str = "GET",
    params: dict[str, str] | list[tuple[str, str]] | None = None,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    """Send one request with urllib and return the reply, 4xx/5xx included."""
    if params is not None:
        url += "?" + urllib.parse.urlencode(params)
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as e:
        with e:
            return Reply(e.code, e.headers, e.read())


def wrapper(endpoint: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


# --- real clients -----------------------------------------------------------


def test_example_query_with_sparqlwrapper_finds_who_said_what(endpoint: str) -> None:
    result = wrapper(endpoint, EXAMPLE_QUERY, JSON).queryAndConvert()
    assert isinstance(result, dict)
    rows = [{k: v["value"] for k, v in b.items()} for b in result["results"]["bindings"]]
    assert rows == [{"speaker": "Ilham Aliyev", "text": QUOTE, "title": TITLE, "source": SOURCE}]


@pytest.mark.parametrize("method", [POST, POSTDIRECTLY])
def test_sparqlwrapper_posts_form_and_direct(endpoint: str, method: str) -> None:
    client = wrapper(endpoint, SAID, XML)
    client.setMethod(POST)
    client.setRequestMethod("urlencoded" if method == POST else POSTDIRECTLY)
    document = client.queryAndConvert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]  # type: ignore[union-attr]
    assert uris == [str(ALIYEV), str(CLAIM)]


def test_default_graph_is_the_union_of_all_graphs(endpoint: str) -> None:
    # nk:said lives only in a fact graph, yet a pattern without GRAPH finds it.
    result = wrapper(endpoint, SAID, JSON).queryAndConvert()
    assert isinstance(result, dict)
    assert [b["actor"]["value"] for b in result["results"]["bindings"]] == [str(ALIYEV)]


def test_provenance_pattern_of_the_contract(endpoint: str) -> None:
    query = (
        "SELECT ?g ?article WHERE { GRAPH ?g { ?a nk:said ?c } ?g prov:wasDerivedFrom ?article }"
    )
    result = wrapper(endpoint, query, JSON).queryAndConvert()
    assert isinstance(result, dict)
    [row] = result["results"]["bindings"]
    assert row["g"]["value"] == str(FACT)


@pytest.mark.parametrize(
    ("query", "expected"), [(SIGNED, True), (SIGNED.replace("10", "11"), False)]
)
def test_ask_with_sparqlwrapper(endpoint: str, query: str, expected: bool) -> None:
    result = wrapper(endpoint, query, JSON).queryAndConvert()
    assert isinstance(result, dict)
    assert result["boolean"] is expected


@pytest.mark.parametrize(("fmt", "rdflib_format"), [(TURTLE, "turtle"), (XML, "xml")])
def test_construct_with_sparqlwrapper_is_isomorphic(
    endpoint: str, fmt: str, rdflib_format: str
) -> None:
    # Parsed here: SPARQLWrapper's own RDF/XML conversion uses rdflib's
    # deprecated ConjunctiveGraph, and warnings are errors in this suite.
    body = wrapper(endpoint, CONSTRUCT_SAID, fmt).query().response.read()
    expected = Graph()
    expected.add((ALIYEV, NK.said, CLAIM))
    assert isomorphic(Graph().parse(data=body, format=rdflib_format), expected)


def test_sparqlwrapper_sees_a_malformed_query_as_bad_formed(endpoint: str) -> None:
    with pytest.raises(QueryBadFormed, match="malformed SPARQL query"):
        wrapper(endpoint, "SELECT * WHERE { ?s ?p }", JSON).queryAndConvert()


# --- content negotiation ----------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ],
)
def test_select_follows_accept(endpoint: str, accept: str | None, media: str) -> None:
    headers = {"Accept": accept} if accept else {}
    reply = fetch(endpoint, params={"query": EXAMPLE_QUERY}, headers=headers)
    assert reply.status == 200
    assert reply.media == media
    assert "Accept" in reply.headers.get("Vary", "")
    assert "Ilham Aliyev" in reply.text


def test_csv_and_tsv_bodies(endpoint: str) -> None:
    reply = fetch(endpoint, params={"query": EXAMPLE_QUERY, "format": "csv"})
    assert reply.media == "text/csv"
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    assert rows == [{"speaker": "Ilham Aliyev", "text": QUOTE, "title": TITLE, "source": SOURCE}]
    reply = fetch(endpoint, params={"query": EXAMPLE_QUERY, "format": "tsv"})
    header, row = reply.text.strip().split("\n")
    assert header.split("\t") == ["?speaker", "?text", "?title", "?source"]
    assert row.split("\t")[0] == '"Ilham Aliyev"'


@pytest.mark.parametrize(
    ("accept", "media", "rdflib_format"),
    [
        (None, "text/turtle", "turtle"),
        ("*/*", "text/turtle", "turtle"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/ld+json", "application/ld+json", "json-ld"),
    ],
)
def test_construct_follows_accept(
    endpoint: str, accept: str | None, media: str, rdflib_format: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    reply = fetch(endpoint, params={"query": CONSTRUCT_SAID}, headers=headers)
    assert reply.status == 200
    assert reply.media == media
    with warnings.catch_warnings():
        # rdflib's JSON-LD parser builds a deprecated ConjunctiveGraph (rdflib 7.1+).
        warnings.simplefilter("ignore", DeprecationWarning)
        graph = Graph().parse(data=reply.body, format=rdflib_format)
    assert set(graph) == {(ALIYEV, NK.said, CLAIM)}


@pytest.mark.parametrize(
    ("query", "fmt", "media"),
    [
        (EXAMPLE_QUERY, "csv", "text/csv"),
        (EXAMPLE_QUERY, "xml", "application/sparql-results+xml"),
        (EXAMPLE_QUERY, "application/sparql-results+xml", "application/sparql-results+xml"),
        (SIGNED, "json", "application/sparql-results+json"),
        (CONSTRUCT_SAID, "ntriples", "application/n-triples"),
        (CONSTRUCT_SAID, "json", "application/ld+json"),
        (CONSTRUCT_SAID, "xml", "application/rdf+xml"),
    ],
)
def test_format_parameter_overrides_accept(endpoint: str, query: str, fmt: str, media: str) -> None:
    reply = fetch(
        endpoint, params={"query": query, "format": fmt}, headers={"Accept": "text/turtle"}
    )
    assert reply.status == 200
    assert reply.media == media


def test_ask_answers_in_xml(endpoint: str) -> None:
    reply = fetch(
        endpoint, params={"query": SIGNED}, headers={"Accept": "application/sparql-results+xml"}
    )
    boolean = ET.fromstring(reply.body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert boolean is not None and boolean.text == "true"


def test_unacceptable_accept_is_406(endpoint: str) -> None:
    reply = fetch(endpoint, params={"query": SAID}, headers={"Accept": "image/png"})
    assert reply.status == 406
    assert "application/sparql-results+json" in reply.text


def test_format_that_does_not_fit_the_result_is_400(endpoint: str) -> None:
    reply = fetch(endpoint, params={"query": CONSTRUCT_SAID, "format": "csv"})
    assert reply.status == 400
    assert "format=csv" in reply.text


# --- errors, plain and polite ------------------------------------------------


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize(
    ("request_kwargs", "status", "message"),
    [
        ({"params": {"query": "SELECT * WHERE { ?s ?p }"}}, 400, "malformed SPARQL query"),
        ({}, 400, "no query"),
        ({"params": {"query": "  "}}, 400, "no query"),
        ({"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "one query per request"),
        ({"params": {"query": "CLEAR ALL"}}, 400, "malformed SPARQL query"),
        ({"params": {"update": "CLEAR ALL"}}, 400, "cannot be sent with GET"),
        ({"method": "POST", "data": b"update=CLEAR+ALL", "headers": FORM}, 403, "read-only"),
        (
            {
                "method": "POST",
                "data": b"CLEAR ALL",
                "headers": {"Content-Type": "application/sparql-update"},
            },
            403,
            "read-only",
        ),
        ({"method": "POST", "data": b"", "headers": FORM}, 400, "no query"),
        (
            {"method": "POST", "data": b"ASK {}", "headers": {"Content-Type": "text/plain"}},
            415,
            "Content-Type text/plain",
        ),
        (
            {
                "method": "POST",
                "data": "ASK {}".encode("utf-16"),
                "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"},
            },
            415,
            "UTF-8",
        ),
        (
            {
                "method": "POST",
                "data": b"ASK { ?s ?p '\xff' }",
                "headers": {"Content-Type": "application/sparql-query"},
            },
            400,
            "not valid UTF-8",
        ),
        ({"method": "PUT", "params": {"query": "ASK {}"}}, 405, "PUT is not allowed"),
        ({"method": "DELETE"}, 405, "use GET"),
    ],
)
def test_errors_are_plain_text(
    endpoint: str, request_kwargs: dict[str, Any], status: int, message: str
) -> None:
    reply = fetch(endpoint, **request_kwargs)
    assert reply.status == status
    assert reply.media == "text/plain"
    assert message in reply.text
    assert "Traceback" not in reply.text
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    if status == 405:
        assert set(reply.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_unknown_page_is_plain_404(base: str) -> None:
    reply = fetch(base + "/nowhere")
    assert reply.status == 404
    assert reply.media == "text/plain"


def test_dataset_parameters_are_honoured(endpoint: str) -> None:
    reply = fetch(
        endpoint,
        params={"query": "ASK { ?a nk:said ?c }", "default-graph-uri": "http://example.org/none"},
    )
    # the default graph is now that (empty) graph, not the union of all graphs
    assert reply.status == 200
    assert json.loads(reply.body)["boolean"] is False
    reply = fetch(
        endpoint,
        params={"query": "ASK { GRAPH ?g { ?a nk:said ?c } }", "named-graph-uri": str(FACT)},
    )
    assert json.loads(reply.body)["boolean"] is True


def test_blueprint_mounts_in_a_host_app_without_taking_over_its_errors(store_path: Path) -> None:
    from flask import Flask

    from kg.server import newskg
    from kg.server.sparql import bp

    host = Flask("host")
    host.config["STORE"] = str(store_path)
    newskg.init_app(host)
    host.register_blueprint(bp, url_prefix="/kg")

    @host.errorhandler(404)
    def host_not_found(_error: Exception) -> tuple[str, int]:
        return "<h1>host's own 404</h1>", 404

    with serving(host) as url:
        reply = fetch(
            url + "/kg/sparql",
            params={"query": SAID},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert reply.status == 200
        assert json.loads(reply.body)["results"]["bindings"]
        bad = fetch(url + "/kg/sparql", params={"query": "SELECT WHERE {"})
        assert bad.status == 400 and "Traceback" not in bad.text
        missing = fetch(url + "/elsewhere")
        assert missing.status == 404 and "host's own 404" in missing.text


def test_unhandled_error_is_a_plain_500(store_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    app = create_app({"STORE": store_path})

    def broken() -> str:
        raise RuntimeError("secret detail")

    app.add_url_rule("/broken", view_func=broken)
    with serving(app) as url:
        reply = fetch(url + "/broken")
    assert reply.status == 500
    assert reply.media == "text/plain"
    assert "secret detail" not in reply.text and "Traceback" not in reply.text
    assert "secret detail" in caplog.text  # the traceback goes to the log


# --- CORS, health, configuration, a changing store ---------------------------


def test_cors_allows_any_origin(endpoint: str) -> None:
    reply = fetch(endpoint, params={"query": SIGNED}, headers={"Origin": "https://example.org"})
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    preflight = fetch(
        endpoint,
        method="OPTIONS",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


def test_health_counts_quads_and_workers(base: str) -> None:
    assert fetch(base + "/sparql", params={"query": "ASK {}"}).status == 200  # workers started
    reply = fetch(base + "/health")
    assert reply.status == 200
    assert json.loads(reply.body) == {
        "status": "ok",
        "quads": len(NEWS_QUADS),
        "graphs": 2,
        "workers": 4,
        "busy_workers": 0,
        "stopped_queries": 0,
    }


def test_store_comes_from_environment_unless_given(
    store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSKG_STORE", str(store_path))
    assert create_app().config["STORE"] == str(store_path)
    other = fill_store(tmp_path / "other", [])
    assert create_app({"STORE": other}).config["STORE"] == str(other)


def test_missing_store_fails_with_a_fix(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="newskg ingest"):
        create_app({"STORE": tmp_path / "absent"})


def test_server_sees_what_a_writer_adds(tmp_path: Path) -> None:
    path = fill_store(tmp_path / "store", NEWS_QUADS)
    with serving(create_app({"STORE": path})) as url:
        ask = {"query": 'ASK { ?c nk:text "Later words" }'}
        assert json.loads(fetch(url + "/sparql", params=ask).body)["boolean"] is False
        writer = open_store(path)
        writer.replace([], [(CLAIM, NK.text, Literal("Later words"), FACT)])
        writer.flush()
        del writer
        # The store checks the disk at most once a second (Store.refresh): poll a while.
        deadline = time.monotonic() + 10
        seen = False
        while not seen and time.monotonic() < deadline:
            time.sleep(0.3)
            seen = json.loads(fetch(url + "/sparql", params=ask).body)["boolean"]
        assert seen is True
