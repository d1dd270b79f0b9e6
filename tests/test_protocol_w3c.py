"""The W3C SPARQL 1.1 Protocol test suite, run against the endpoint over real HTTP.

The manifest (``../shared/specs/w3c-sparql11-protocol/manifest.ttl``) is read
with rdflib at test time. Each ``mf:ProtocolTest`` loads the data it names
(``ut:graphData``: each file into the named graph of its label), sends its
``ht:Request``s with ``http.client`` exactly as described (method, path,
headers, body bytes in the stated encoding) and checks the status, the
content type and the boolean it expects.

The endpoint is read-only, so each SPARQL Update request is expected to be
refused (4xx) instead of the 2xx the suite expects of a writable endpoint; the
follow-up queries of those tests check the update's effect, so they are not
sent. Requests naming a protocol dataset (``default-graph-uri``,
``named-graph-uri``) are answered over exactly that dataset.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node
from server_fixtures import fill_store, serving

from kg.server import create_app
from kg.store import Quad

SUITE = Path(__file__).resolve().parents[2] / "shared" / "specs" / "w3c-sparql11-protocol"
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

    @property
    def needs_dataset(self) -> bool:
        """Tell whether this query must honour a protocol dataset to get its expected 2xx."""
        named = any(f"{p}-graph-uri=" in self.path for p in ("default", "named"))
        return named and not self.is_update and self.statuses != {4}


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
    not MANIFEST.exists(), reason=f"the W3C protocol manifest is not at {MANIFEST}"
)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[ProtocolCase], str]]:
    """Return a function giving the base URL of a server over a case's data (one per data set)."""
    servers: dict[tuple[tuple[Path, str], ...], str] = {}
    with ExitStack() as stack:

        def get(case: ProtocolCase) -> str:
            if case.data not in servers:
                quads: list[Quad] = []
                for path, graph in case.data:
                    quads += [
                        (s, p, o, URIRef(graph)) for s, p, o in Graph().parse(path, format="nt")
                    ]
                store = fill_store(tmp_path_factory.mktemp("w3c") / "store", quads)
                servers[case.data] = stack.enter_context(serving(create_app({"STORE": store})))
            return servers[case.data]

        yield get


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
def test_protocol(case: ProtocolCase, endpoint: Callable[[ProtocolCase], str]) -> None:
    base = endpoint(case)
    for request in case.requests:
        expected = request.statuses
        if request.is_update:
            expected = {4}  # read-only endpoint: every update is refused
        status, content_type, body = _send(base, request)
        assert status // 100 in expected, (
            f"{request.method} {request.path}: {status} {body[:300]!r}"
        )
        if request.is_update:
            break  # the follow-up requests check the refused update's effect
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


def test_manifest_is_read() -> None:
    """The suite really drives the tests: 34 entries, query and update ones."""
    cases = read_manifest()
    assert len(cases) == 34
    names = {c.name for c in cases}
    assert {"query_get", "query_post_form", "bad_query_method", "update_post_form"} <= names
    updates = {c.name for c in cases if any(r.is_update for r in c.requests)}
    assert {n for n in names if n.startswith("update_")} <= updates
    assert "query_post_form" not in updates
