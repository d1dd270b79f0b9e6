"""A remote SPARQL 1.1 store as the store: every command against Oxigraph server and Virtuoso.

Everything is real: `oxigraph serve` (PyPI ``oxigraph``) and `virtuoso-t` (Debian
``virtuoso-opensource``, installed by ``make virtuoso``) run as subprocesses on
free loopback ports, the `newskg` command runs in subprocesses with the trained
pipeline, and the results are compared with an embedded-store ingest of the same
seeds, quad for quad (timestamps, the change log and the resolution token left
out, as in tests/test_hardening.py).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.remote import VIRTUOSO_DEFAULT_GRAPH, RemoteStore, variable_graphs
from kg.store import open_store

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
NEWSKG = str(BIN / "newskg")
TOKEN = "remote-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, proc: subprocess.Popen[bytes], log: Path, *, seconds: float = 60) -> None:
    """Wait until ``url`` answers an ASK, or fail with the server's log."""
    deadline = time.monotonic() + seconds
    query = urllib.parse.urlencode({"query": "ASK {}"})
    while True:
        try:
            with urllib.request.urlopen(f"{url}?{query}", timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{url} did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of every `newskg` run: the remote stores' local index in a temp folder."""
    cache = tmp_path_factory.mktemp("cache")
    return {**os.environ, "XDG_CACHE_HOME": str(cache), "NEWSKG_UPDATE_ENDPOINT": ""}


def newskg(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [NEWSKG, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    return done


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running Oxigraph server on a free port; yield its base URL (``/query``, ``/update``)."""
    exe = BIN / "oxigraph"
    if not exe.exists():
        pytest.fail(
            "the oxigraph command is missing: run `make setup-test` (the test extra pins it)"
        )
    work = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    log = work / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            # --timeout-s bounds what a query a client gave up on may still cost the server
            [
                str(exe),
                "serve",
                "--location",
                str(work / "db"),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout-s",
                "20",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/query", proc, log)
        yield base
    finally:
        stop(proc)


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running Virtuoso with a fresh database; yield its /sparql endpoint (updates granted)."""
    exe, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if exe is None or isql is None:
        pytest.skip(
            "WARNING: Virtuoso is not installed (Debian virtuoso-opensource; `make virtuoso` "
            "installs it as root): the Virtuoso remote-store tests did not run"
        )
    work = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    ini = work / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=work, sql=sql, http=http))
    log = work / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [exe, "+foreground", "+configfile", str(ini)],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=work,
        )
    url = f"http://127.0.0.1:{http}/sparql"
    try:
        wait_for(url, proc, log, seconds=120)
        # the anonymous SPARQL user may only read until granted SPARQL_UPDATE
        subprocess.run(
            [isql, f"127.0.0.1:{sql}", "dba", "dba", 'exec=grant SPARQL_UPDATE to "SPARQL";'],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield url
    finally:
        stop(proc)


WHEN = ("generatedAtTime", "#firstWritten>", "/graph/changes>", "#resolutionRun>")


def quads(location: str | Path) -> set[str]:
    """The store's quads as N-Quads lines, without what depends on when it ran."""
    dump = open_store(str(location), read_only=True).dump("nquads").decode("utf-8")
    return {line for line in dump.splitlines() if not any(w in line for w in WHEN)}


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, seeds: Path, env: dict[str, str]) -> Path:
    """The seeds ingested into the embedded store by the real command, from the repository root."""
    store = tmp_path_factory.mktemp("embedded") / "store"
    ok(
        newskg(
            "ingest", "seeds/", "--store", str(store), "--no-progress", cwd=seeds.parent, env=env
        )
    )
    return store


@pytest.fixture(scope="module")
def on_oxigraph(oxigraph: str, seeds: Path, env: dict[str, str]) -> dict[str, str]:
    """The seeds ingested into Oxigraph server by the real command; return the URLs and output."""
    query, update = oxigraph + "/query", oxigraph + "/update"
    out = ok(
        newskg(
            "ingest",
            "seeds/",
            "--store",
            query,
            "--update-endpoint",
            update,
            "--no-progress",
            cwd=seeds.parent,
            env=env,
        )
    )
    return {"query": query, "update": update, "out": out}


def test_ingest_on_oxigraph_server_equals_the_embedded_store(
    on_oxigraph: dict[str, str], embedded: Path
) -> None:
    expected = quads(embedded)
    got = quads(on_oxigraph["query"])
    assert len(expected) > 900
    assert got == expected, (sorted(expected - got)[:5], sorted(got - expected)[:5])
    assert f"holds {len(open_store(embedded, read_only=True))} quads" in on_oxigraph["out"]


def test_reingest_replaces_on_the_remote_store(
    on_oxigraph: dict[str, str], embedded: Path, seeds: Path, env: dict[str, str]
) -> None:
    """Re-ingesting the same article replaces its facts (one update per article): nothing doubles."""
    ok(
        newskg(
            "ingest",
            "seeds/000_7ab567af9f57596e.txt",
            "--store",
            on_oxigraph["query"],
            "--update-endpoint",
            on_oxigraph["update"],
            "--no-progress",
            cwd=seeds.parent,
            env=env,
        )
    )
    assert quads(on_oxigraph["query"]) == quads(embedded)
    # the article's timestamps were replaced, not added beside the old ones
    assert _timed(on_oxigraph["query"]) == _timed(str(embedded))


def _timed(location: str) -> int:
    dump = open_store(location, read_only=True).dump().decode().splitlines()
    return sum(1 for line in dump if any(w in line for w in WHEN if w != "/graph/changes>"))


def test_query_and_export_read_the_remote_store_as_the_embedded_one(
    on_oxigraph: dict[str, str], embedded: Path, seeds: Path, env: dict[str, str], tmp_path: Path
) -> None:
    text = """SELECT ?name (COUNT(?claim) AS ?n) WHERE { ?who nk:said ?claim ; rdfs:label ?name }
              GROUP BY ?name ORDER BY DESC(?n) ?name"""
    remote = ok(
        newskg(
            "query",
            text,
            "--format",
            "csv",
            "--store",
            on_oxigraph["query"],
            cwd=seeds.parent,
            env=env,
        )
    )
    local = ok(
        newskg(
            "query", text, "--format", "csv", "--store", str(embedded), cwd=seeds.parent, env=env
        )
    )
    assert remote == local and remote.count("\n") > 3
    for name, store in (("remote", on_oxigraph["query"]), ("local", str(embedded))):
        ok(
            newskg(
                "export",
                "--format",
                "graphml",
                "-o",
                str(tmp_path / f"{name}.graphml"),
                "--store",
                store,
                cwd=seeds.parent,
                env=env,
            )
        )
    import networkx as nx

    a = nx.read_graphml(tmp_path / "remote.graphml")
    b = nx.read_graphml(tmp_path / "local.graphml")
    assert a.number_of_nodes() > 20
    assert sorted(a.nodes(data="label")) == sorted(b.nodes(data="label"))
    assert sorted(a.edges()) == sorted(b.edges())


def test_remove_and_resolve_on_the_remote_store_match_the_embedded_store(
    oxigraph: str,
    on_oxigraph: dict[str, str],
    embedded: Path,
    seeds: Path,
    env: dict[str, str],
    tmp_path: Path,
) -> None:
    local = tmp_path / "store"
    shutil.copytree(embedded, local)
    source = "seeds/003_2e10a59b26f5d8da.txt"
    if not (seeds.parent / source).exists():
        source = "seeds/" + sorted(p.name for p in seeds.glob("*.txt"))[-1]
    url = ["--store", on_oxigraph["query"], "--update-endpoint", on_oxigraph["update"]]
    out = ok(newskg("remove", source, *url, cwd=seeds.parent, env=env))
    ok(newskg("remove", source, "--store", str(local), cwd=seeds.parent, env=env))
    assert out.startswith("1 article removed")
    assert quads(on_oxigraph["query"]) == quads(local)
    # a full resolution run from another machine's point of view: no local index at all
    fresh = {**env, "XDG_CACHE_HOME": str(tmp_path / "elsewhere")}
    out = ok(newskg("resolve", "--full", *url, cwd=seeds.parent, env=fresh))
    assert "from scratch" in out
    assert quads(on_oxigraph["query"]) == quads(local)
    # put the article back, for the tests after this one
    ok(newskg("ingest", source, *url, "--no-progress", cwd=seeds.parent, env=env))
    assert quads(on_oxigraph["query"]) == quads(embedded)


def post(url: str, data: dict[str, str], headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(data).encode(), headers=headers or {}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


@pytest.fixture
def served(on_oxigraph: dict[str, str], tmp_path: Path, env: dict[str, str]) -> Iterator[str]:
    """`newskg serve` over the Oxigraph server, with an update token and a short query timeout."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                NEWSKG,
                "serve",
                "--store",
                on_oxigraph["query"],
                "--update-endpoint",
                on_oxigraph["update"],
                "--port",
                str(port),
                "--update-token",
                TOKEN,
                "--query-timeout",
                "3",
                "--query-workers",
                "2",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        wait_for(url, proc, log)
        yield url
    finally:
        stop(proc)


def test_serve_over_a_remote_store_keeps_protocol_safety_and_timeouts(
    served: str, on_oxigraph: dict[str, str], embedded: Path
) -> None:
    # the protocol: the union default graph, as on the embedded store
    text = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?g prov:wasDerivedFrom ?a . GRAPH ?g { ?s nk:said ?c } }"
    )
    status, body = post(served, {"query": text}, {"Accept": "application/sparql-results+json"})
    assert status == 200, body
    n = json.loads(body)["results"]["bindings"][0]["n"]["value"]
    local = next(open_store(embedded, read_only=True).query(text).rows())["n"]
    assert n == local and int(n) > 0
    # safety: SERVICE is refused, updates need the token and never touch derived graphs
    status, body = post(
        served, {"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}
    )
    assert status == 400 and "SERVICE" in body
    mine = "INSERT DATA { GRAPH <urn:x-test:notes> { <urn:x-test:a> <urn:x-test:says> 'hi' } }"
    assert post(served, {"update": mine})[0] in (401, 403)
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert post(served, {"update": mine}, bearer)[0] == 204
    store = open_store(on_oxigraph["query"], read_only=True)
    assert store.query("ASK { GRAPH <urn:x-test:notes> { ?s ?p 'hi' } }").boolean
    derived = next(g for g in store.named_graphs() if "/fact/" in g)
    status, body = post(served, {"update": f"CLEAR GRAPH <{derived}>"}, bearer)
    assert status == 403, body
    assert store.query(f"ASK {{ GRAPH <{derived}> {{ ?s ?p ?o }} }}").boolean
    post(served, {"update": "DROP GRAPH <urn:x-test:notes>"}, bearer)
    # timeouts: a runaway query is stopped with 503 and the endpoint keeps answering
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    status, body = post(served, {"query": slow})
    assert status == 503 and "query_timeout" in body, body
    status, _ = post(served, {"query": "ASK { ?s ?p ?o }"})
    assert status == 200


def test_a_remote_store_refuses_service_and_load_itself(on_oxigraph: dict[str, str]) -> None:
    store = RemoteStore(on_oxigraph["query"], update_endpoint=on_oxigraph["update"])
    with pytest.raises(QueryError, match="SERVICE"):
        store.query("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="LOAD"):
        store.update("LOAD <http://127.0.0.1:9/x.ttl>")


def test_an_unreachable_store_is_named_in_the_error(seeds: Path, env: dict[str, str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    done = newskg("query", "ASK { ?s ?p ?o }", "--store", url, cwd=seeds.parent, env=env)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: ") and url in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_update_endpoint_goes_only_with_a_remote_store(
    embedded: Path, seeds: Path, env: dict[str, str]
) -> None:
    done = newskg(
        "query",
        "ASK {}",
        "--store",
        str(embedded),
        "--update-endpoint",
        "http://127.0.0.1:9/update",
        cwd=seeds.parent,
        env=env,
    )
    assert done.returncode == 1 and "remote store" in done.stderr


def test_variable_graphs_keeps_the_query_and_binds_each_constant_graph() -> None:
    text = "SELECT ?a WHERE { GRAPH <urn:p> { <urn:p> nk:x ?a } ?a a nk:Article }"
    assert variable_graphs(text) == (
        "SELECT ?a WHERE { GRAPH ?newskg_graph1 { <urn:p> nk:x ?a } "
        "FILTER(?newskg_graph1 = <urn:p>) ?a a nk:Article }"
    )
    assert (
        variable_graphs("SELECT * { GRAPH ?g { ?s ?p ?o } }")
        == "SELECT * { GRAPH ?g { ?s ?p ?o } }"
    )


# --- Virtuoso --------------------------------------------------------------------------------


def canonical_booleans(lines: set[str]) -> set[str]:
    """Virtuoso writes xsd:boolean true as "1" and false as "0": compare values, not spellings."""
    boolean = "^^<http://www.w3.org/2001/XMLSchema#boolean>"
    return {
        line.replace(f'"1"{boolean}', f'"true"{boolean}').replace(
            f'"0"{boolean}', f'"false"{boolean}'
        )
        for line in lines
    }


def test_ingest_remove_and_query_on_virtuoso_equal_the_embedded_store(
    virtuoso: str, embedded: Path, seeds: Path, env: dict[str, str], tmp_path: Path
) -> None:
    ok(newskg("ingest", "seeds/", "--store", virtuoso, "--no-progress", cwd=seeds.parent, env=env))
    store = open_store(virtuoso, read_only=True)
    assert isinstance(store, RemoteStore) and store.dialect == "virtuoso"
    assert canonical_booleans(quads(virtuoso)) == quads(embedded)
    # NewsKG's default graph is kept in a graph of its own there, and read back as the default
    assert store.query(f"ASK {{ GRAPH <{VIRTUOSO_DEFAULT_GRAPH}> {{ ?a a nk:Article }} }}").boolean
    # re-ingest and remove replace exactly as on the embedded store
    ok(newskg("ingest", "seeds/", "--store", virtuoso, "--no-progress", cwd=seeds.parent, env=env))
    assert canonical_booleans(quads(virtuoso)) == quads(embedded)
    local = tmp_path / "store"
    shutil.copytree(embedded, local)
    source = "seeds/" + sorted(p.name for p in seeds.glob("*.txt"))[0]
    ok(newskg("remove", source, "--store", virtuoso, cwd=seeds.parent, env=env))
    ok(newskg("remove", source, "--store", str(local), cwd=seeds.parent, env=env))
    assert canonical_booleans(quads(virtuoso)) == quads(local)
    text = "SELECT ?label WHERE { ?s nk:signedOn ?d ; rdfs:label ?label } ORDER BY ?label"
    remote = ok(
        newskg("query", text, "--format", "csv", "--store", virtuoso, cwd=seeds.parent, env=env)
    )
    local_rows = ok(
        newskg("query", text, "--format", "csv", "--store", str(local), cwd=seeds.parent, env=env)
    )
    # the same rows; Virtuoso orders strings by its own collation, not by code point
    # (a documented gap: "X to end" sorts before "X")
    assert sorted(remote.splitlines()) == sorted(local_rows.splitlines())
    assert len(remote.splitlines()) > 3


def test_an_article_is_one_update_request_all_or_nothing(oxigraph: str) -> None:
    """A write the store refuses leaves nothing done: its DELETE went in the same request."""
    from rdflib import BNode, Literal, URIRef

    from kg.errors import KGError

    store = RemoteStore(oxigraph + "/query", update_endpoint=oxigraph + "/update")
    a, p, g = URIRef("urn:x-test:atomic"), URIRef("urn:x-test:p"), URIRef("urn:x-test:graph")
    store.replace([], [(a, p, Literal("old"), g)])
    # a blank node cannot name a graph in INSERT DATA: the store refuses the request
    with pytest.raises(KGError):
        store.replace(
            [f"DELETE WHERE {{ GRAPH <{g}> {{ <{a}> ?p ?o }} }}"],
            [(a, p, Literal("new"), g), (a, p, Literal("bad"), BNode())],
        )
    rows = store.query(f"SELECT ?o WHERE {{ GRAPH <{g}> {{ <{a}> ?p ?o }} }}").rows()
    assert [r["o"] for r in rows] == ["old"]
    store.replace([f"DROP GRAPH <{g}>"], [])
    assert not store.query(f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}").boolean
