"""The endpoint cannot be turned against its host (issue 10), over real HTTP on loopback.

Every test that takes ``base`` or ``server`` runs twice: against the app under
waitress and under granian, each started as `newskg serve` starts it
(``wsgi_server`` in conftest.py).

- SSRF: every spelling of SERVICE and LOAD the grammar allows, sent as GET, form
  POST and direct POST (and as authenticated updates), is refused with a 4xx,
  and a loopback HTTP listener standing for the host's network receives nothing.
- Runaway queries are stopped at ``query_timeout``: their worker processes die,
  ``/health`` and cheap queries keep answering meanwhile, and a full pool
  answers 503 with ``Retry-After``.
- Results are capped by ``max_result_bytes``.
- Authenticated updates never reach the graphs NewsKG derives from articles.
"""

from __future__ import annotations

import http.client
import http.server
import json
import logging
import os
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pyoxigraph as ox
import pytest
from server_fixtures import FACT, NEWS_QUADS, Served, alive, fill_store, wait_until

from kg.server import create_app
from kg.server.extension import POOL_KEY
from kg.server.workers import QueryJob, QueryPool
from kg.store import open_store

TOKEN = "s3cret-token"
#: Eight-way cross product of the 14 test quads: 14**8 = 1.5 billion rows to count,
#: far longer than the 2 s timeout these tests give the server on any machine.
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
    "?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r . ?s ?t ?u . ?v ?w ?x }"
)
CHEAP = "ASK { ?s ?p ?o }"
FORM = "application/x-www-form-urlencoded"


@dataclass
class Reply:
    status: int
    headers: Message  # names in any case: granian sends them in lower case, waitress not
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def send(
    url: str,
    *,
    params: dict[str, str] | None = None,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> Reply:
    if params:
        url += "?" + urllib.parse.urlencode(params)
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return Reply(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Reply(e.code, e.headers, e.read())


# --- a listener standing for the host's private network --------------------------------


class Listener:
    """An HTTP server on loopback that records every request it gets."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                hits.append(f"{self.command} {self.path}")
                body = b'{"head":{"vars":[]},"results":{"bindings":[]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.hits = hits
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    lis = Listener()
    yield lis
    lis.close()


def query_attacks(u: str) -> list[str]:
    """SERVICE spelled every way the grammar allows, aimed at the URL ``u`` (ending in /)."""
    host = u.removeprefix("http://")
    escaped_iri = "<http\\u003A//" + host + "x>"
    spo = "{ ?s ?p ?o }"
    return [
        f"SELECT * WHERE {{ SERVICE <{u}x> {spo} }}",
        f"SELECT * WHERE {{ SERVICE<{u}x>{spo} }}",
        f"SELECT * WHERE {{ SERVICE#comment\n<{u}x> {spo} }}",
        f"SELECT * WHERE {{ SERVICE#c1\n#c2\r\n<{u}x>#c3\n{spo} }}",
        f"select * where {{ service <{u}x> {spo} }}",
        f"SELECT * WHERE {{ SeRvIcE <{u}x> {spo} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{u}x> {spo} }}",
        f"SELECT * WHERE {{ SERVICE SILENT<{u}x>{spo} }}",
        f"SELECT * WHERE {{ SERVICE\tSILENT\n<{u}x>\t{spo} }}",
        f"SELECT * WHERE {{ SERVI\\u0043E <{u}x> {spo} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{u}x> {spo} }}",
        f"SELECT * WHERE {{ SERVICE {escaped_iri} {spo} }}",
        f"PREFIX r: <{u}> SELECT * WHERE {{ SERVICE r:x {spo} }}",
        f"PREFIX r: <{u}> SELECT * WHERE {{ SERVICE r:x{spo} }}",
        f"PREFIX : <{u}> SELECT * WHERE {{ SERVICE :x {spo} }}",
        f"PREFIX : <{u}> SELECT * WHERE {{ SERVICE:x {spo} }}",
        f"BASE <{u}> SELECT * WHERE {{ SERVICE <x> {spo} }}",
        f"BASE <{u}> PREFIX r: <sub/> SELECT * WHERE {{ SERVICE r:x {spo} }}",
        f"SELECT * WHERE {{ SERVICE <x> {spo} }}",  # relative to the endpoint itself
        f"SELECT * WHERE {{ VALUES ?u {{ <{u}x> }} SERVICE ?u {spo} }}",
        f"SELECT * WHERE {{ BIND(<{u}x> AS ?u) SERVICE ?u {spo} }}",
        f'SELECT * WHERE {{ BIND(IRI(CONCAT("{u}", "x")) AS $u) SERVICE $u {spo} }}',
        f"SELECT * WHERE {{ {{ {{ {{ SERVICE <{u}x> {spo} }} }} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{u}x> {spo} }} }}",
        f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE <{u}x> {spo} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ SERVICE <{u}x> {spo} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ SERVICE <{u}x> {spo} }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{u}x> {spo} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{u}x> {spo} }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ {{ SELECT * {{ SERVICE<{u}x>{spo} }} }} }} }} }}",
        f"ASK {{ SERVICE <{u}x> {spo} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{u}x> {spo} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{u}x> {spo} }}",
        f'SELECT * WHERE {{ ?s ?p "a" SERVICE <{u}x> {spo} }}',
        f'SELECT * WHERE {{ ?s ?p """x "" y""" SERVICE <{u}x> {spo} }}',
        f"SELECT * WHERE {{ ?s ?p 'it''s' . SERVICE <{u}x> {spo} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<3) SERVICE <{u}x> {spo} }}",
        f"SELECT * WHERE {{ ?s ?p ?o .SERVICE <{u}x> {spo} }}",
        f"SELECT * WHERE {{ ?s ?p ?o;?q ?r.SERVICE<{u}x>{spo} }}",
        f'SELECT * WHERE {{ ?s ?p "x"@en SERVICE <{u}x> {spo} }}',
        f"SELECT * WHERE {{ ?s ?p ?o }} #\u2028 SERVICE <{u}x> {spo}",
        f"SELECT * WHERE {{ SERVICE\u00a0<{u}x> {spo} }}",
        f"SELECT * WHERE {{ SERVICE\u3000<{u}x> {spo} }}",
        f"SELECT * WHERE {{ \\U00000053ERVICE <{u}x> {spo} }}",
        f"SELECT * WHERE {{ SERVICE <{u}x> {{ SERVICE <{u}y> {spo} }} }}",
    ]


def update_attacks(u: str) -> list[str]:
    """LOAD, and SERVICE inside updates, aimed at ``u``."""
    return [
        f"LOAD <{u}x>",
        f"LOAD<{u}x>",
        f"load silent <{u}x> into graph <http://example.org/mine>",
        f"LO\\u0041D <{u}x>",
        f"BASE <{u}> LOAD <x>",
        f"PREFIX r: <{u}> LOAD r:x",
        f"LOAD#c\n<{u}x>",
        f"INSERT DATA {{ GRAPH <http://example.org/mine> {{ <a:b> <a:c> 1 }} }} ; LOAD <{u}x>",
        f"INSERT {{ GRAPH <http://example.org/mine> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{u}x> {{ ?s ?p ?o }} }}",
        f"DELETE {{ GRAPH <http://example.org/mine> {{ ?s ?p ?o }} }} WHERE {{ SERVICE<{u}x>{{ ?s ?p ?o }} }}",
    ]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fill_store(tmp_path_factory.mktemp("security") / "store", NEWS_QUADS)


#: The limits of the server these tests attack (each test names the one it checks).
LIMITS = {
    "UPDATE_TOKEN": TOKEN,
    "QUERY_TIMEOUT": 2,
    "QUERY_WORKERS": 3,
    "MAX_RESULT_BYTES": 2000,
    "MAX_REQUEST_BYTES": 100_000,
}


@pytest.fixture(scope="module")
def server(store_path: Path, wsgi_server: Callable[..., Served]) -> Served:
    """The app with :data:`LIMITS`, under each server of `newskg serve` in turn."""
    return wsgi_server({"STORE": store_path, **LIMITS})


@pytest.fixture(scope="module")
def base(server: Served) -> str:
    return server.url


def test_the_listener_would_see_a_fetch(listener: Listener) -> None:
    """The control: the query engine itself does fetch SERVICE URLs, and the listener sees it."""
    before = len(listener.hits)
    result = ox.Store().query(
        f"SELECT * WHERE {{ SERVICE <{listener.base}control> {{ ?s ?p ?o }} }}"
    )
    list(result)  # type: ignore[call-overload]
    assert len(listener.hits) == before + 1


def test_ssrf_attacks_are_refused_and_fetch_nothing(base: str, listener: Listener) -> None:
    endpoint = base + "/sparql"
    already = list(listener.hits)  # the control test's own fetch
    refused = 0
    sent = 0
    for query in query_attacks(listener.base):
        for how in ("get", "form", "direct"):
            if how == "get":
                reply = send(endpoint, params={"query": query})
            elif how == "form":
                reply = send(
                    endpoint,
                    data=urllib.parse.urlencode({"query": query}).encode(),
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                )
            else:
                reply = send(
                    endpoint,
                    data=query.encode("utf-8"),
                    headers={"Content-Type": "application/sparql-query"},
                )
            sent += 1
            assert reply.status == 400, (how, query, reply.text)
            assert "SERVICE is not allowed" in reply.text, (how, query, reply.text)
            assert "Traceback" not in reply.text
            refused += 1
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for update in update_attacks(listener.base):
        for how in ("form", "direct"):
            if how == "form":
                reply = send(
                    endpoint,
                    data=urllib.parse.urlencode({"update": update}).encode(),
                    headers={"Content-Type": "application/x-www-form-urlencoded", **auth},
                )
            else:
                reply = send(
                    endpoint,
                    data=update.encode("utf-8"),
                    headers={"Content-Type": "application/sparql-update", **auth},
                )
            sent += 1
            assert reply.status == 400, (how, update, reply.text)
            assert "is not allowed" in reply.text, (how, update, reply.text)
            refused += 1
    assert sent == refused == 3 * len(query_attacks("")) + 2 * len(update_attacks(""))
    assert sent >= 150
    assert listener.hits == already, f"the server fetched {listener.hits[len(already) :]}"


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?service ?load WHERE { ?service <http://example.org/SERVICE> "LOAD <x>" }',
        "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ?o . ?s ex:load ?x }",
        "SELECT * WHERE { ?s ?p ?o } LIMIT 1 # SERVICE <http://example.org/> { }",
        'SELECT * WHERE { ?s ?p """SERVICE <http://example.org/> { }""" }',
    ],
)
def test_the_words_in_names_strings_and_comments_are_fine(base: str, query: str) -> None:
    reply = send(base + "/sparql", params={"query": query})
    assert reply.status == 200, reply.text


# --- runaway queries --------------------------------------------------------------------


def health(base: str) -> dict[str, int]:
    reply = send(base + "/health")
    assert reply.status == 200, reply.text
    return dict(json.loads(reply.body))


def test_runaway_queries_are_stopped_while_others_are_answered(server: Served) -> None:
    base, endpoint = server.url, server.url + "/sparql"
    with ThreadPoolExecutor(max_workers=8) as clients:
        assert send(endpoint, params={"query": CHEAP}).status == 200  # workers up
        wait_until(lambda: health(base)["workers"] == 3, "three query workers")
        stopped = health(base)["stopped_queries"]
        processes = server.descendants()  # the query workers among them
        runaways = [clients.submit(send, endpoint, params={"query": RUNAWAY}) for _ in range(2)]
        wait_until(lambda: health(base)["busy_workers"] == 2, "two workers busy with the runaways")
        # while the two runaways burn, the third worker and /health still answer
        cheap = send(endpoint, params={"query": CHEAP})
        assert not any(r.done() for r in runaways), "the runaways ended before the check"
        assert cheap.status == 200 and json.loads(cheap.body)["boolean"] is True
        assert health(base)["status"] == "ok"  # type: ignore[comparison-overlap]
        # all three busy: the next query is told to come back
        third = clients.submit(send, endpoint, params={"query": RUNAWAY})
        wait_until(lambda: health(base)["busy_workers"] == 3, "three workers busy")
        busy = send(endpoint, params={"query": CHEAP})
        assert busy.status == 503
        assert "busy" in busy.text and int(busy.headers["Retry-After"]) >= 1
        for reply in [r.result() for r in [*runaways, third]]:
            assert reply.status == 503, reply.text
            assert reply.text.count("\n") == 1 and "query_timeout (2 s)" in reply.text
            assert "Traceback" not in reply.text
    # their work really ended: the worker processes that ran them are gone, and the
    # server's threads are free again
    wait_until(
        lambda: len({p for p in processes if alive(p)}) == len(processes) - 3,
        "the three killed workers to exit",
    )
    wait_until(lambda: health(base)["workers"] == 3, "three fresh workers")
    assert health(base)["stopped_queries"] == stopped + 3
    assert health(base)["busy_workers"] == 0
    assert send(endpoint, params={"query": CHEAP}).status == 200


def test_result_size_is_capped_with_a_clear_message(base: str) -> None:
    small = send(base + "/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 1"})
    assert small.status == 200
    big = send(base + "/sparql", params={"query": "SELECT * { ?s ?p ?o . ?a ?b ?c }"})
    assert big.status == 400
    assert "max_result_bytes (2000 bytes)" in big.text and "LIMIT" in big.text


#: one triple pattern: answered in the request's thread, without a query worker
LOOKUP_ALL = "SELECT * WHERE { ?s ?p ?o }"


def test_a_lookup_answered_inline_is_capped_like_any_query(base: str, store_path: Path) -> None:
    from kg.server.sparql import INLINE_MAX_BYTES, is_single_pattern

    assert is_single_pattern(LOOKUP_ALL)
    # its whole answer is past max_result_bytes, yet within what the inline path writes
    full = len(open_store(store_path, read_only=True).query(LOOKUP_ALL).serialize("json"))
    assert LIMITS["MAX_RESULT_BYTES"] < full < INLINE_MAX_BYTES
    inline = send(base + "/sparql", params={"query": LOOKUP_ALL})
    # the same query the long way (a form POST goes through Flask and a worker)
    form = urllib.parse.urlencode({"query": LOOKUP_ALL}).encode()
    worker = send(base + "/sparql", data=form, headers={"Content-Type": FORM})
    assert inline.status == worker.status == 400, inline.text
    assert inline.text == worker.text
    assert "max_result_bytes (2000 bytes)" in inline.text and inline.text.count("\n") == 1
    # a small lookup is still answered inline
    lookup = send(base + "/sparql", params={"query": 'SELECT ?e { ?e rdfs:label "Ilham Aliyev" }'})
    assert lookup.status == 200 and "ilham-aliyev" in lookup.text


def test_env_settings_reach_the_pool(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSKG_QUERY_TIMEOUT", "7.5")
    monkeypatch.setenv("NEWSKG_QUERY_WORKERS", "2")
    pool: QueryPool = create_app({"STORE": store_path}).extensions[POOL_KEY]
    assert (pool.timeout, pool.size) == (7.5, 2)
    assert os.environ["NEWSKG_QUERY_WORKERS"] == "2"


# --- authenticated updates stay off derived graphs ---------------------------------------


def update(base: str, text: str, token: str | None = TOKEN) -> Reply:
    headers = {"Content-Type": "application/sparql-update"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return send(base + "/sparql", data=text.encode("utf-8"), headers=headers)


def count_quads(base: str) -> int:
    return int(json.loads(send(base + "/health").body)["quads"])


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (f"INSERT DATA {{ GRAPH <{FACT}> {{ <a:x> <a:y> 1 }} }}", "derives from articles"),
        (f"DROP GRAPH <{FACT}>", "derives from articles"),
        (f"CLEAR GRAPH <{FACT}>", "derives from articles"),
        ("BASE <https://w3id.org/newskg/id/x/> DROP GRAPH <../fact/9f2c>", "derives from articles"),
        ("PREFIX f: <https://w3id.org/newskg/id/fact/> DROP GRAPH f:9f2c", "derives from articles"),
        ("DROP GRAPH <https://w3id.org/newskg/id/graph/resolution>", "derives from articles"),
        (f"MOVE <http://example.org/mine> TO <{FACT}>", "derives from articles"),
        (f"COPY <http://example.org/mine> TO <{FACT}>", "derives from articles"),
        ("DROP ALL", "every named graph"),
        ("CLEAR NAMED", "every named graph"),
        ("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", "every named graph"),
        ("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }", "every named graph"),
        ("CLEAR DEFAULT", "default graph"),
        ("INSERT DATA { <a:x> <a:y> 1 }", "default graph"),
        ("DELETE WHERE { ?s ?p ?o }", "default graph"),
        ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "default graph"),
        ("ADD <http://example.org/mine> TO DEFAULT", "default graph"),
        (
            f"WITH <{FACT}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
            "derives from articles",
        ),
        (
            "INSERT DATA { GRAPH <http://example.org/mine> { <a:x> <a:y> 1 } } ; DROP ALL",
            "every named graph",
        ),
    ],
)
def test_updates_never_reach_derived_graphs(base: str, text: str, reason: str) -> None:
    before = count_quads(base)
    reply = update(base, text)
    assert reply.status == 403, reply.text
    assert reason in reply.text
    assert count_quads(base) == before


def test_updates_on_own_graphs_work_and_need_the_token(base: str) -> None:
    mine = "http://example.org/mine"
    insert = (
        f'INSERT DATA {{ GRAPH <{mine}> {{ <http://example.org/a> <http://example.org/b> "c" }} }}'
    )
    ask = {"query": f"ASK {{ GRAPH <{mine}> {{ ?s ?p ?o }} }}"}
    assert update(base, insert, token=None).status == 401
    assert update(base, insert, token=TOKEN + "x").status == 403
    assert update(base, insert, token=TOKEN[:-1]).status == 403
    assert not json.loads(send(base + "/sparql", params=ask).body)["boolean"]
    assert update(base, insert).status == 204
    assert json.loads(send(base + "/sparql", params=ask).body)["boolean"]
    assert update(base, f"DROP GRAPH <{mine}>").status == 204
    assert not json.loads(send(base + "/sparql", params=ask).body)["boolean"]


def test_malformed_update_is_a_plain_400(base: str) -> None:
    reply = update(base, "INSERT DATA { GRAPH <http://example.org/mine> { ?x } }")
    assert reply.status == 400
    assert "Traceback" not in reply.text and reply.text.count("\n") == 1


# --- errors: one plain line, no traceback, no path; bodies past the limit refused ----------


def raw(base: str, request: bytes, timeout: float = 10) -> Reply:
    """Send ``request`` as it is on a fresh connection (odd headers, lying lengths) and read the reply."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(request)
        response = http.client.HTTPResponse(sock)
        response.begin()  # a server that waited for the promised body would time out here
        return Reply(response.status, response.msg, response.read())


def post(path: str, body: bytes, content_type: str, *extra: str) -> bytes:
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Type: {content_type}", *extra]
    if not any(h.lower().startswith(("content-length", "transfer-encoding")) for h in extra):
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join([*head, "Connection: close", "", ""])).encode("latin-1") + body


def get(target: str, *extra: str) -> bytes:
    head = [f"GET {target} HTTP/1.1", "Host: 127.0.0.1", *extra, "Connection: close", "", ""]
    return "\r\n".join(head).encode("latin-1")


def q(text: str) -> str:
    return urllib.parse.quote(text, safe="")


AUTH = f"Authorization: Bearer {TOKEN}"
#: requests the app must refuse; several carry line breaks into the message that names them
BAD_REQUESTS = {
    "format with a line break (GET)": get(f"/sparql?query={q(CHEAP)}&format=" + q("foo\nbar")),
    "format with U+2028 (form)": post(
        "/sparql", urllib.parse.urlencode({"query": CHEAP, "format": "a\u2028b"}).encode(), FORM
    ),
    "graph IRI with a line break": get(f"/sparql?query={q(CHEAP)}&default-graph-uri=" + q("a\nb")),
    "using-graph-uri with a line break": post(
        "/sparql?using-graph-uri=" + q("a\r\nb"),
        b"DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "application/sparql-update",
        AUTH,
    ),
    "malformed query on lines": get("/sparql?query=" + q("SELECT *\nWHERE {\n  ?s ?p\n}")),
    "malformed update on lines": post(
        "/sparql", b"INSERT DATA {\n GRAPH <a:b> {\n ?x } }", "application/sparql-update", AUTH
    ),
    "query not UTF-8": post("/sparql", b"ASK \xff\xfe{}", "application/sparql-query"),
    "charset not UTF-8": post("/sparql", b"ASK {}", "application/sparql-query; charset=latin1"),
    "Content-Type garbage": post("/sparql", b"ASK {}", ';;;="'),
    "token not ASCII": post("/sparql", b"CLEAR ALL", "application/sparql-update")[:-9].replace(
        b"Content-Type", b"Authorization: Bearer \xff\xfe\r\nContent-Type"
    )
    + b"CLEAR ALL",
    "Accept not ASCII": get(f"/sparql?query={q(CHEAP)}", "Accept: \xff;q=x"),
    "Host header odd": get(f"/sparql?query={q('SELECT * { <x> ?p ?o }')}", "Host2: a>b").replace(
        b"Host: 127.0.0.1", b"Host: a>b c"
    ),
    "NUL in the query": get("/sparql?query=SELECT%00"),
    "no such page": get("/nowhere"),
    "no such method": b"DELETE /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
}


@pytest.mark.parametrize("name", list(BAD_REQUESTS))
def test_errors_are_one_plain_line(server: Served, store_path: Path, name: str) -> None:
    reply = raw(server.url, BAD_REQUESTS[name])
    if reply.status < 400:
        return  # taken as harmless (an odd Accept or Host): nothing crashed
    assert reply.status < 500 or reply.status == 503, (reply.status, reply.text)
    assert reply.headers.get_content_type() == "text/plain", reply.headers
    assert reply.text.endswith("\n") and reply.text.count("\n") == 1, reply.text
    assert "\r" not in reply.text and "\u2028" not in reply.text
    assert "Traceback" not in reply.text and 'File "' not in reply.text
    assert str(store_path) not in reply.text and "site-packages" not in reply.text


def test_an_error_naming_the_store_leaves_its_path_out(store_path: Path) -> None:
    from werkzeug.exceptions import ServiceUnavailable

    from kg.server.sparql import run_job
    from kg.server.workers import Answer

    class Written(QueryPool):
        def run(self, job: object) -> Answer:
            return Answer(
                error="StoreError",
                message=f"the store {store_path} is being written by another newskg process",
            )

    written = Written(str(store_path))
    with pytest.raises(ServiceUnavailable) as refused:
        run_job(written, QueryJob(CHEAP), logging.getLogger("test"))
    assert refused.value.description == "the store is being written by another newskg process"


def test_a_body_past_max_request_bytes_is_refused(base: str) -> None:
    limit = int(str(LIMITS["MAX_REQUEST_BYTES"]))
    big = b"ASK {} #" + b"x" * limit
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(big), big)
    for request in (
        post("/sparql", big, "application/sparql-query"),
        post("/sparql", b"query=" + big, FORM),
        # a body promised but never sent: refused at once, no thread waits for it
        post("/sparql", b"ASK {}", "application/sparql-query", "Content-Length: 99999999999"),
        # streamed without a length: refused, never cut short at the limit and run
        post("/sparql", chunked, "application/sparql-query", "Transfer-Encoding: chunked"),
        post(
            "/sparql",
            b"%x\r\n%s\r\n0\r\n\r\n" % (len(b"CLEAR ALL ; " + big), b"CLEAR ALL ; " + big),
            "application/sparql-update",
            AUTH,
            "Transfer-Encoding: chunked",
        ),
    ):
        reply = raw(base, request)
        assert reply.status == 413, (request[:80], reply.text)
        assert "Traceback" not in reply.text
        if b"99999999999" not in request:  # that one waitress refuses itself, in its own words
            assert "max_request_bytes (100000 bytes)" in reply.text and reply.text.count("\n") == 1
    # a body just within the limit is read whole, chunked or not
    fits = b"ASK {} #" + b"x" * (limit - 8)
    for request in (
        post("/sparql", fits, "application/sparql-query"),
        post(
            "/sparql",
            b"%x\r\n%s\r\n0\r\n\r\n" % (len(fits), fits),
            "application/sparql-query",
            "Transfer-Encoding: chunked",
        ),
    ):
        assert raw(base, request).status == 200
    assert count_quads(base) == len(NEWS_QUADS)
