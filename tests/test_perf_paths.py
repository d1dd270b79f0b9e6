"""The shortcuts taken on the endpoint's hot path answer exactly as the long way (issue 15)."""

from __future__ import annotations

import random
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from server_fixtures import ALIYEV, FACT, NEWS_QUADS, fill_store
from werkzeug.test import Client

from kg.server import NewsKGStore, create_app
from kg.server.sparql import FastQueries
from kg.sparqlguard import forbidden_keywords, scan_forbidden

SAID = "SELECT ?actor ?claim WHERE { ?actor nk:said ?claim }"
CONSTRUCT = "CONSTRUCT { ?a nk:said ?c } WHERE { GRAPH ?g { ?a nk:said ?c } }"

#: Letters whose case mappings are not plain ASCII ones: long s, dotless i, sharp s,
#: ligatures, Kelvin sign, Greek final sigma, Turkish dotted I, and escapes.
ODD = ["ſ", "ı", "ß", "ﬅ", "ﬀ", "K", "ς", "İ", "\\u0043", "\\U00000053", "\\", "#", '"', "<", ">"]
WORDS = ["SERVICE", "service", "Service", "LOAD", "load", "LoAd", "SERV", "ICE", "LO", "AD", "x"]


def texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pieces = [*ODD, *WORDS, " ", "\n", "?", ":", "@", "{", "}", "a", "E", "V", "I", "C", "S", "R"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(n)]


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { ſervice <http://x/> { ?s ?p ?o } }",
        "SELECT * { SERVıCE <http://x/> { ?s ?p ?o } }",
        "SELECT * { SERVI\\u0043E <http://x/> { ?s ?p ?o } }",
        "LOAD <http://x/>",
        "lOaD <http://x/>",
    ],
)
def test_the_fast_path_never_lets_a_keyword_through(text: str) -> None:
    assert forbidden_keywords(text) == scan_forbidden(text) != []


def test_the_fast_path_agrees_with_the_full_scan() -> None:
    for text in texts(20_000, seed=15):
        assert forbidden_keywords(text) == scan_forbidden(text), repr(text)


# --- the endpoint's fast path for plain GET queries ---------------------------------------

FAST_CASES: list[tuple[dict[str, str] | list[tuple[str, str]], dict[str, str]]] = [
    ({"query": SAID}, {"Accept": "application/sparql-results+json"}),
    ({"query": SAID}, {"Accept": "text/csv;q=0.9, text/tab-separated-values"}),
    ({"query": SAID}, {}),
    ({"query": SAID, "format": "xml"}, {"Accept": "text/csv"}),
    ({"query": SAID, "format": "text/csv; charset=utf-8"}, {}),
    ({"query": SAID, "format": "bogus"}, {}),
    ({"query": SAID}, {"Accept": "image/png"}),
    ({"query": CONSTRUCT}, {"Accept": "text/turtle"}),
    ({"query": CONSTRUCT, "format": "json"}, {}),
    ({"query": CONSTRUCT}, {"Accept": "application/sparql-results+json"}),
    ({"query": "ASK { ?s ?p ?o }"}, {"Accept": "application/sparql-results+xml"}),
    ({"query": "SELECT ?x WHERE {"}, {}),
    ({"query": "SELECT ?x WHERE { BIND(<relative> AS ?x) }"}, {"Host": "example.org:8080"}),
    ({"query": "SELECT ?x WHERE { BIND(<relative> AS ?x) }"}, {"Host": "example.org:80"}),
    ([("query", SAID), ("default-graph-uri", str(FACT))], {}),
    ([("query", SAID), ("named-graph-uri", str(FACT))], {}),
    ([("query", SAID), ("default-graph-uri", "not an iri")], {}),
    ({"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}, {}),
    ({"query": " "}, {}),
    ([("query", SAID), ("query", SAID)], {}),
    ({"update": "CLEAR ALL"}, {}),
    ({"query": SAID, "other": "x"}, {}),
]
COMPARED_HEADERS = ("Content-Type", "Vary", "Access-Control-Allow-Origin", "Retry-After")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    store = fill_store(tmp_path_factory.mktemp("fast-path") / "store", NEWS_QUADS)
    app = create_app({"STORE": store, "QUERY_WORKERS": 1})
    yield app
    NewsKGStore.close(app)


def _get(wsgi: Any, params: Any, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    response = Client(wsgi).get("/sparql?" + urllib.parse.urlencode(params), headers=headers)
    kept = {h: response.headers[h] for h in COMPARED_HEADERS if h in response.headers}
    return response.status_code, kept, response.get_data()


@pytest.mark.parametrize(("params", "headers"), FAST_CASES)
def test_the_fast_path_answers_as_flask_does(
    app: Flask, params: Any, headers: dict[str, str]
) -> None:
    fast = app.wsgi_app
    assert isinstance(fast, FastQueries)
    assert _get(fast, params, headers) == _get(fast.wsgi_app, params, headers)


def test_plain_queries_take_the_fast_path_and_the_rest_goes_to_flask(app: Flask) -> None:
    def elsewhere(environ: Any, start_response: Any) -> list[bytes]:
        start_response("299 Elsewhere", [("Content-Type", "text/plain")])
        return [b"flask"]

    fast = FastQueries(app, elsewhere)
    status, headers, body = _get(fast, {"query": SAID}, {"Accept": "text/csv"})
    assert (status, headers["Content-Type"]) == (200, "text/csv; charset=utf-8")
    assert "Ilham Aliyev" not in body.decode() and str(ALIYEV) in body.decode()
    assert _get(fast, {"query": "SELECT ?x WHERE {"}, {})[0] == 400  # answered, not passed on
    for params, _ in FAST_CASES[-5:]:  # refused, empty, repeated, update, unknown parameter
        assert _get(fast, params, {})[0] == 299, params
    assert Client(fast).post("/sparql", data={"query": SAID}).status_code == 299
    assert Client(fast).get("/health").status_code == 299


# --- the ingest's write path -------------------------------------------------------------


def test_a_new_article_written_through_the_api_equals_the_sparql_text(tmp_path: Path) -> None:
    """Quads written with Store.extend (nothing to delete) are those INSERT DATA writes."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS, XSD

    from kg.store import open_store

    ex = "https://example.org/"
    g = URIRef(ex + "graph/1")
    quads = [
        (URIRef(ex + "a"), RDFS.label, Literal("Anna Berg"), None),
        (URIRef(ex + "a"), RDFS.label, Literal("Anna", lang="sv"), g),
        (URIRef(ex + "a"), URIRef(ex + "on"), Literal("2021-03-01", datatype=XSD.date), g),
        (URIRef(ex + "a"), URIRef(ex + "n"), Literal(3), None),
        (URIRef(ex + "a"), URIRef(ex + "quote"), Literal('He said "no"\nand left\\.'), g),
    ]
    direct = open_store(tmp_path / "direct")
    direct.replace([], quads)
    text = open_store(tmp_path / "text")
    text.replace([f"DELETE WHERE {{ <{ex}nothing> ?p ?o }}"], quads)
    assert len(direct) == len(quads)
    assert sorted(direct.dump().decode().splitlines()) == sorted(text.dump().decode().splitlines())


def test_workers_are_started_early_only_for_more_than_a_batch(tmp_path: Path) -> None:
    from kg.parallel import SMALL_INPUT, worth_workers

    small = tmp_path / "small"
    small.mkdir()
    (small / "one.txt").write_text("A short article.\n", encoding="utf-8")
    assert not worth_workers([str(small), str(tmp_path / "missing.txt")])
    (small / "sub").mkdir()
    (small / "sub" / "big.jsonl").write_text("x" * (SMALL_INPUT + 1), encoding="utf-8")
    assert worth_workers([str(small)])
    assert worth_workers([str(small / "sub" / "big.jsonl")])
