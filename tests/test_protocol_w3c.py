"""The W3C SPARQL 1.1 Protocol test suite, run over real HTTP against both servers of `newskg serve`.

The manifest (``../shared/specs/w3c-sparql11-protocol/manifest.ttl``) is read
with rdflib at test time. Each ``mf:ProtocolTest`` loads the data it names
(``ut:graphData``: each file into the named graph of its label), sends its
``ht:Request``s with ``http.client`` exactly as described (method, path,
headers, body bytes in the stated encoding) and checks the status, the
content type and the boolean it expects.

The server runs with an update token, and each test's data is really loaded
through the endpoint with an authenticated SPARQL Update (``DROP ALL`` then
``INSERT DATA``) before its requests are sent, each with the token, so every
expected status counts as in the suite: an update expected to succeed must
return 2xx and its follow-up query must see its effect, and a 4xx expected of
a bad request may not be an authentication refusal (401/403). Separate tests
check that the same updates are refused without the token (401) and by a
server without one (403).
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from conftest import SHARED
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node
from server_fixtures import Served, fill_store

# The cases are parametrized at collection time, before fixtures run, so the
# path comes from the same setting as the ``shared`` fixture (NEWSKG_SHARED,
# else ../shared); the tests also take that fixture, which skips with its reason.
SUITE = SHARED / "specs" / "w3c-sparql11-protocol"
MANIFEST = SUITE / "manifest.ttl"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

RESULTS_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = RESULTS_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {
    "application/rdf+xml": "xml",
    "text/turtle": "turtle",
    "application/n-triples": "nt",
}
SPARQL_RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
TOKEN = "w3c-protocol-test-token"


@dataclass
class ProtocolRequest:
    """One ``ht:Request`` of the manifest and the response it expects."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]  # leading digits: {2, 3} means any 2xx or 3xx
    format: str | None
    boolean: bool | None

    @property
    def is_update(self) -> bool:
        """Tell whether this request carries a SPARQL Update operation."""
        content_type = self.headers.get("content-type", "")
        query = urllib.parse.urlsplit(self.path).query
        form = self.body.decode("utf-8", "replace") if self.body else ""
        return (
            content_type.startswith("application/sparql-update")
            or "update" in urllib.parse.parse_qs(query)
            or (form.startswith("update=") and "sparql-query" not in content_type)
        )


@dataclass
class ProtocolCase:
    """One ``mf:ProtocolTest``: its data and its requests in order."""

    name: str
    title: str
    data: tuple[tuple[Path, str], ...]
    requests: list[ProtocolRequest] = field(default_factory=list)


def _one(g: Graph, s: Node, p: URIRef) -> Node | None:
    return next(iter(g.objects(s, p)), None)


def _read_request(g: Graph, node: Node) -> ProtocolRequest:
    headers = {}
    headers_list = _one(g, node, HT.headers)
    if headers_list is not None:
        for h in Collection(g, headers_list):
            headers[str(_one(g, h, HT.fieldName)).lower()] = str(_one(g, h, HT.fieldValue))
    body = None
    body_node = _one(g, node, HT.body)
    if body_node is not None:
        encoding = str(_one(g, body_node, CNT.characterEncoding) or "UTF-8")
        body = str(_one(g, body_node, CNT.chars)).encode(encoding)
    resp = _one(g, node, HT.resp)
    assert resp is not None
    statuses = {
        int(str(code).rsplit("StatusCode", 1)[1][0]) for code in g.objects(resp, MF.expectedStatus)
    }
    fmt = _one(g, resp, MF.expectedFormat)
    boolean = _one(g, resp, MF.expectedBoolean)
    return ProtocolRequest(
        method=str(_one(g, node, HT.methodName)),
        path=str(_one(g, node, HT.absolutePath)),
        headers=headers,
        body=body,
        statuses=statuses,
        format=None if fmt is None else str(fmt),
        boolean=None if boolean is None else boolean.toPython() is True,  # type: ignore[attr-defined]
    )


def read_manifest() -> list[ProtocolCase]:
    """Return the manifest's protocol tests in manifest order."""
    g = Graph().parse(MANIFEST, format="turtle")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    cases = []
    for test in Collection(g, _one(g, manifest, MF.entries)):  # type: ignore[arg-type]
        assert isinstance(test, URIRef)
        data = tuple(
            sorted(
                (
                    Path(urllib.parse.urlsplit(str(_one(g, d, UT.graph))).path),
                    str(_one(g, d, RDFS.label)),
                )
                for d in g.objects(test, UT.graphData)
            )
        )
        case = ProtocolCase(test.split("#")[-1], str(_one(g, test, MF.name)), data)
        action = _one(g, test, MF.action)
        requests = _one(g, action, HT.requests)  # type: ignore[arg-type]
        case.requests = [_read_request(g, r) for r in Collection(g, requests)]  # type: ignore[arg-type]
        cases.append(case)
    return cases


def _params() -> Iterator[object]:
    if not MANIFEST.exists():
        return
    for case in read_manifest():
        yield pytest.param(case, id=case.name)


pytestmark = pytest.mark.skipif(
    not MANIFEST.exists(),
    reason=f"the W3C protocol manifest is not at {MANIFEST} (set NEWSKG_SHARED to the shared folder)",
)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory, wsgi_server: Callable[..., Served]) -> str:
    """Serve an empty store that accepts updates with the token, under each server; its base URL."""
    store = fill_store(tmp_path_factory.mktemp("w3c") / "store", [])
    return wsgi_server({"STORE": store, "UPDATE_TOKEN": TOKEN, "QUERY_WORKERS": 2}).url


@pytest.fixture(scope="module")
def read_only_endpoint(
    tmp_path_factory: pytest.TempPathFactory, wsgi_server: Callable[..., Served]
) -> str:
    """Serve an empty store with no update token, under each server."""
    store = fill_store(tmp_path_factory.mktemp("w3c-ro") / "store", [])
    return wsgi_server({"STORE": store, "QUERY_WORKERS": 1}).url


def _load(base: str, case: ProtocolCase) -> None:
    """Replace the store's content with the case's data through an authenticated update."""
    blocks = []
    for path, graph in case.data:
        triples = " ".join(
            f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in Graph().parse(path, format="nt")
        )
        blocks.append(f"GRAPH <{graph}> {{ {triples} }}")
    update = "DROP ALL" + (" ; INSERT DATA { " + " ".join(blocks) + " }" if blocks else "")
    load = ProtocolRequest(
        method="POST",
        path="/sparql/",
        headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"},
        body=update.encode("utf-8"),
        statuses={2},
        format=None,
        boolean=None,
    )
    status, _, body = _send(base, load)
    assert status == 204, body


def _send(base: str, request: ProtocolRequest) -> tuple[int, str, bytes]:
    # The manifest's paths start with /sparql/; this endpoint is /sparql.
    rest = request.path.removeprefix("/sparql/")
    path = "/sparql" + (rest if rest.startswith("?") or not rest else "/" + rest)
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.netloc, timeout=30)
    try:
        conn.request(request.method, path, body=request.body, headers=request.headers)
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        conn.close()


def _boolean(content_type: str, body: bytes) -> bool:
    if content_type == "application/sparql-results+json":
        value = json.loads(body)["boolean"]
        assert isinstance(value, bool)
        return value
    element = ET.fromstring(body).find(f"{SPARQL_RESULTS_NS}boolean")
    assert element is not None and element.text in ("true", "false")
    return element.text == "true"


@pytest.mark.parametrize("case", list(_params()))
def test_protocol(case: ProtocolCase, endpoint: str, shared: Path) -> None:
    _load(endpoint, case)
    for request in case.requests:
        request.headers["authorization"] = f"Bearer {TOKEN}"
        status, content_type, body = _send(endpoint, request)
        assert status // 100 in request.statuses, (
            f"{request.method} {request.path}: {status} {body[:300]!r}"
        )
        # a refusal for want of rights is no pass: the request must fail for its own fault
        assert status not in (401, 403), body
        media = content_type.split(";")[0].strip()
        if request.format == "boolean":
            assert media in RESULTS_TYPES, content_type
            answer = _boolean(media, body)
            if request.boolean is not None:
                assert answer is request.boolean
        elif request.format == "tabular":
            assert media in TABULAR_TYPES, content_type
        elif request.format == "RDF":
            assert media in RDF_TYPES, content_type
            Graph().parse(data=body, format=RDF_TYPES[media])
        if status >= 400:
            assert media == "text/plain", content_type
            assert b"Traceback" not in body


def _updates() -> Iterator[object]:
    if not MANIFEST.exists():
        return
    for case in read_manifest():
        for i, request in enumerate(case.requests):
            content_type = request.headers.get("content-type", "")
            if request.is_update and request.method == "POST" and content_type:
                yield pytest.param(request, id=f"{case.name}-{i}")


@pytest.mark.parametrize("request_", list(_updates()))
def test_update_without_the_token_is_refused(
    request_: ProtocolRequest, endpoint: str, read_only_endpoint: str, shared: Path
) -> None:
    """Every update of the suite: 401 without a token, 403 with a wrong one or none configured."""
    marker = ProtocolCase("marker", "", ((SUITE / "data1.nt", "http://example.org/marker"),))
    _load(endpoint, marker)  # every refused update below would have cleared it
    headers = {k: v for k, v in request_.headers.items() if k != "authorization"}
    anonymous = replace(request_, headers=headers)
    status, _, body = _send(endpoint, anonymous)
    assert status == 401, body
    assert (
        _send(endpoint, replace(request_, headers={**headers, "authorization": "Bearer x"}))[0]
        == 403
    )
    assert _send(read_only_endpoint, anonymous)[0] == 403
    ask = ProtocolRequest(
        "GET",
        "/sparql/?query=ASK%7BGRAPH%3Chttp%3A%2F%2Fexample.org%2Fmarker%3E%7B%3Fs%3Fp%3Fo%7D%7D",
        {"accept": "application/sparql-results+json"},
        None,
        {2},
        None,
        None,
    )
    status, content_type, body = _send(endpoint, ask)
    assert _boolean(content_type.split(";")[0], body) is True, "a refused update changed the store"


def test_manifest_is_read(shared: Path) -> None:
    """The suite really drives the tests: 34 entries, query and update ones."""
    cases = read_manifest()
    assert len(cases) == 34
    names = {c.name for c in cases}
    assert {"query_get", "query_post_form", "bad_query_method", "update_post_form"} <= names
    updates = {c.name for c in cases if any(r.is_update for r in c.requests)}
    assert {n for n in names if n.startswith("update_")} <= updates
    assert "query_post_form" not in updates
