"""Endpoint tests for the mutation survivors that were gaps (tests/mutation-survivors.md).

The real app under waitress on loopback, as in tests/test_server.py: a
``format=`` media type with parameters, and a NewsKG error inside a request
answered 500 with a plain one-line message, logged.
"""

from __future__ import annotations

import fcntl
import http.client
import logging
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from server_fixtures import NEWS_QUADS, alive, descendants, fill_store, serving

from kg.errors import StoreError
from kg.server import create_app

SAID = "SELECT ?actor ?claim WHERE { ?actor nk:said ?claim }"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fill_store(tmp_path_factory.mktemp("server-gaps") / "store", NEWS_QUADS)


@pytest.fixture(scope="module")
def base(store_path: Path) -> Iterator[str]:
    app = create_app({"STORE": store_path})

    def failing() -> str:
        raise StoreError("the store could not be read")

    app.add_url_rule("/failing", view_func=failing)
    with serving(app) as url:
        yield url


def get(url: str, params: dict[str, str] | None = None) -> tuple[int, str, str]:
    """GET ``url``; return status, media type and body text, errors included."""
    if params:
        url += "?" + urllib.parse.urlencode(params)
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as e:
        with e:
            return e.code, e.headers["Content-Type"], e.read().decode()


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("text/csv; charset=utf-8", "text/csv"),
        ("application/sparql-results+json;q=1", "application/sparql-results+json"),
    ],
)
def test_format_may_be_a_media_type_with_parameters(base: str, fmt: str, media: str) -> None:
    status, content_type, body = get(base + "/sparql", {"query": SAID, "format": fmt})
    assert status == 200, body
    assert content_type.split(";")[0].strip() == media
    assert "ilham-aliyev" in body


def test_a_newskg_error_in_a_request_is_a_logged_plain_500(
    base: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        status, content_type, body = get(base + "/failing")
    assert status == 500
    assert content_type.split(";")[0] == "text/plain"
    # one plain line, no traceback; what failed (it may name the store's path) stays in the log
    assert body == "internal error while answering the request; see the server log\n"
    assert "cannot answer the request: the store could not be read" in caplog.text


def test_the_blueprint_alone_answers_plain_errors_with_cors(store_path: Path) -> None:
    # create_app registers the same handlers on the app; a host app that mounts
    # the blueprint only has the blueprint's own (@bp.after_request, @bp.errorhandler).
    from flask import Flask

    from kg.server import newskg
    from kg.server.sparql import bp

    host = Flask("host")
    host.config["STORE"] = str(store_path)
    newskg.init_app(host)
    host.register_blueprint(bp, url_prefix="/kg")
    with serving(host) as url:
        ok = urllib.request.Request(
            url + "/kg/sparql?" + urllib.parse.urlencode({"query": SAID}),
            headers={"Origin": "https://example.org"},
        )
        with urllib.request.urlopen(ok, timeout=30) as response:
            assert response.status == 200
            assert response.headers["Access-Control-Allow-Origin"] == "*"
        status, content_type, body = get(url + "/kg/sparql", {"query": "SELECT WHERE {"})
    assert status == 400
    assert content_type.split(";")[0] == "text/plain"
    assert "<" not in body and body.endswith("\n") and body.count("\n") == 1


def test_a_served_store_keeps_answering_when_nobody_reads_its_stderr(store_path: Path) -> None:
    # issue 15: waitress warned "Task queue depth is N" for each request that waited for
    # a thread; bench/endpoint.py gave `newskg serve` a stderr pipe it never read, the
    # pipe filled, the logging call blocked waitress's loop and every client timed out.
    port = _free_port()
    cmd = [str(Path(sys.executable).parent / "newskg"), "serve", "--store", str(store_path)]
    cmd += ["--port", str(port), "--query-workers", "1", "--threads", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert proc.stderr is not None
        fcntl.fcntl(proc.stderr.fileno(), F_SETPIPE_SZ, 4096)  # the smallest pipe: fills fast
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": SAID})
        _wait_for(url, proc)
        clients = 24  # far more than the server's 5 threads: requests queue for a thread
        answered = [0] * clients

        def client(n: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
            for _ in range(60):
                conn.request("GET", url.removeprefix(f"http://127.0.0.1:{port}"))
                response = conn.getresponse()
                response.read()
                answered[n] += response.status == 200
            conn.close()

        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(client, range(clients)))  # re-raises a client's TimeoutError
        assert answered == [60] * clients
        status, _, body = get(url)
        assert status == 200 and "ilham-aliyev" in body
    finally:
        proc.kill()
        proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


F_SETPIPE_SZ = 1031  # Linux fcntl


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        assert proc.poll() is None, "newskg serve exited"
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("newskg serve did not answer")


# --- the production server behind `newskg serve` (issue 15) -------------------------------

#: an eight-way cross product of the test quads: far longer than a 1 s query_timeout
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
    "?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r . ?s ?t ?u . ?v ?w ?x }"
)


def _until(check: object, what: str, limit: float = 60.0) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(f"never: {what}")


def _serve_cli(store_path: Path, *extra: str) -> tuple[subprocess.Popen[bytes], int, Path]:
    port = _free_port()
    log = store_path.parent / f"serve-{port}.log"
    cmd = [str(Path(sys.executable).parent / "newskg"), "serve", "--store", str(store_path)]
    cmd += ["--port", str(port), *extra]
    with log.open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
    return proc, port, log


def test_newskg_serve_runs_granian_stops_runaways_and_leaves_no_process(store_path: Path) -> None:
    proc, port, log = _serve_cli(store_path, "--query-timeout", "1", "--query-workers", "2")
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        _wait_for(url + "?" + urllib.parse.urlencode({"query": SAID}), proc)
        with urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": SAID})) as r:
            assert r.headers["Server"] == "granian"
            assert r.headers["Access-Control-Allow-Origin"] == "*"
        with ThreadPoolExecutor(2) as clients:
            runaway = clients.submit(get, url, {"query": RUNAWAY})
            # while the runaway burns, the other worker answers
            status, _, body = get(url, {"query": SAID})
            assert status == 200 and "ilham-aliyev" in body
            status, content_type, body = runaway.result()
        assert status == 503
        assert "query_timeout" in body and body.count("\n") == 1
        assert content_type.startswith("text/plain") and "Traceback" not in body
        everything = descendants(proc.pid)
        assert len(everything) >= 3  # granian's worker, its query workers and fork server
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    _until(lambda: not any(alive(p) for p in everything), "every process of the server ended")
    assert "Traceback" not in log.read_text()


def test_granian_worker_stops_when_the_main_process_is_killed(store_path: Path) -> None:
    proc, port, _ = _serve_cli(store_path, "--query-workers", "1")
    try:
        _wait_for(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", proc)
        everything = descendants(proc.pid)
        assert everything
    finally:
        proc.kill()  # SIGKILL: nothing of the main process's own cleanup runs
        proc.wait()
    # the orphaned worker notices, stops answering and takes its query workers with it
    _until(lambda: not any(alive(p) for p in everything), "the orphaned worker stopped")


def test_serve_falls_back_to_waitress(store_path: Path) -> None:
    port = _free_port()
    script = (
        "from kg.server import create_app\n"
        "from kg.server.wsgi import serve\n"
        "if __name__ == '__main__':\n"
        f"    serve(create_app({{'STORE': {str(store_path)!r}}}), port={port}, server='waitress')\n"
    )
    path = store_path.parent / "serve_waitress.py"
    path.write_text(script, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(path)], stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": SAID})
        _wait_for(url, proc)
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.headers["Server"] == "newskg"  # waitress's ident
            assert "ilham-aliyev" in response.read().decode()
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    assert proc.returncode is not None


def test_serve_names_an_unknown_server(store_path: Path) -> None:
    from kg.server.wsgi import serve

    with pytest.raises(ValueError, match="unknown WSGI server 'bjoern'"):
        serve(create_app({"STORE": str(store_path)}), server="bjoern")


# --- single-pattern lookups answered without a worker (issue 15) --------------------------

LOOKUP = 'SELECT ?e WHERE { ?e rdfs:label "Ilham Aliyev" }'


@pytest.mark.parametrize(
    ("text", "single"),
    [
        (LOOKUP, True),
        ("select * { ?s a nk:Person . }", True),
        ('SELECT ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> "x"@en-GB }', True),
        ('SELECT ?d { ?a nk:signedOn "2020"^^xsd:gYear }', True),
        ('SELECT ?e { ?e ?p "a } . ?x ?y ?z . { " }', True),  # braces inside a literal
        ("SELECT ?x WHERE { ?x ?x ?o }", False),  # a repeated variable filters a scan
        ("SELECT ?x $x { ?s ?p ?x . ?x ?q $x }", False),
        ("SELECT ?x { ?s ?p $x . ?x ?q ?o }", False),  # a join
        ("SELECT DISTINCT ?e { ?e ?p ?o }", False),
        ("SELECT ?e WHERE { ?e rdfs:label ?l } ORDER BY ?l", False),
        ("SELECT ?e WHERE { ?e rdfs:label ?l } OFFSET 10", False),
        ('SELECT ?e WHERE { ?e rdfs:label "a\\u0022" }', False),  # an escape
        ('SELECT ?e WHERE { ?e rdfs:label "x" # note\n }', False),  # a comment
        ("SELECT ?e WHERE { SERVICE <http://example.org/> { ?e ?p ?o } }", False),
        ("ASK { ?s ?p ?o }", False),
        ("CONSTRUCT WHERE { ?s ?p ?o }", False),
    ],
)
def test_single_pattern_queries_are_told_apart(text: str, single: bool) -> None:
    from kg.server.sparql import is_single_pattern

    assert is_single_pattern(text) is single


def test_a_lookup_is_answered_while_every_worker_is_busy(store_path: Path) -> None:
    from kg.server.extension import POOL_KEY

    app = create_app({"STORE": store_path, "QUERY_TIMEOUT": 3, "QUERY_WORKERS": 1})
    pool = app.extensions[POOL_KEY]
    with serving(app) as url, ThreadPoolExecutor(1) as clients:
        assert get(url + "/sparql", {"query": "ASK {}"})[0] == 200  # the worker is up
        runaway = clients.submit(get, url + "/sparql", {"query": RUNAWAY})
        _until(lambda: pool._idle.qsize() == 0, "the only worker busy with the runaway")
        # a single-pattern lookup needs no worker; a join does and finds none free
        status, content_type, body = get(url + "/sparql", {"query": LOOKUP})
        assert not runaway.done()
        assert status == 200 and content_type == "application/sparql-results+json"
        assert "ilham-aliyev" in body
        join = "SELECT ?e WHERE { ?e rdfs:label ?l . ?e ?p ?o }"
        assert get(url + "/sparql", {"query": join})[0] == 503
        assert runaway.result()[0] == 503


def test_a_large_single_pattern_result_goes_to_a_worker(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.server import sparql
    from kg.server.extension import POOL_KEY

    app = create_app({"STORE": store_path, "QUERY_TIMEOUT": 3, "QUERY_WORKERS": 1})
    pool = app.extensions[POOL_KEY]
    everything = "SELECT * WHERE { ?s ?p ?o }"
    with serving(app) as url, ThreadPoolExecutor(1) as clients:
        for fmt in ("json", "csv", "xml"):
            inline = get(url + "/sparql", {"query": everything, "format": fmt})
            monkeypatch.setattr(sparql, "INLINE_MAX_BYTES", 10)  # every result is too large
            by_worker = get(url + "/sparql", {"query": everything, "format": fmt})
            monkeypatch.undo()
            assert inline[0] == by_worker[0] == 200
            assert inline == by_worker
        # proof that it went to the worker: with the worker busy, it is told to wait
        monkeypatch.setattr(sparql, "INLINE_MAX_BYTES", 10)
        runaway = clients.submit(get, url + "/sparql", {"query": RUNAWAY})
        _until(lambda: pool._idle.qsize() == 0, "the only worker busy with the runaway")
        status, _, body = get(url + "/sparql", {"query": everything})
        assert status == 503 and "busy" in body
        assert runaway.result()[0] == 503


def test_a_worker_stopped_from_two_threads_closes_its_pipe_once() -> None:
    # a query timing out during shutdown: the respawn thread and the pool's close()
    # both stop the worker; a second close of the pipe's fd raised EBADF (seen in CI)
    # and could close an fd the process had reused since
    from kg.server.workers import _Worker

    class SlowPipe:
        closes = 0
        closed = False

        def close(self) -> None:
            SlowPipe.closes += 1
            time.sleep(0.05)
            self.closed = True

    class DeadProcess:
        def is_alive(self) -> bool:
            return False

        def kill(self) -> None:
            pass

        def join(self, timeout: float | None = None) -> None:
            time.sleep(0.05)

    worker = _Worker(DeadProcess(), SlowPipe())  # type: ignore[arg-type]
    threads = [threading.Thread(target=worker.stop) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert SlowPipe.closes == 1


@pytest.mark.parametrize("closed", [True, False])
def test_a_failed_respawn_prints_no_traceback(
    closed: bool, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # SIGTERM while a timed-out query's worker is being replaced: the fork server is
    # gone under the respawn thread (a traceback in the server log, seen in CI)
    from kg.server.workers import QueryPool, _Worker

    class Gone:
        closed = True

        def is_alive(self) -> bool:
            return False

        def kill(self) -> None:
            pass

        def join(self, timeout: float | None = None) -> None:
            pass

    def no_fork_server() -> None:
        raise FileNotFoundError("the fork server's socket is gone")

    uncaught: list[object] = []
    monkeypatch.setattr(threading, "excepthook", uncaught.append)
    pool = QueryPool("/nonexistent")
    pool._closed = closed
    monkeypatch.setattr(pool, "_spawn_locked", no_fork_server)
    before = set(threading.enumerate())
    with caplog.at_level(logging.ERROR, logger="kg.server.workers"):
        pool._replace(_Worker(Gone(), Gone()))  # type: ignore[arg-type]
        for thread in set(threading.enumerate()) - before:
            thread.join(10)
    assert uncaught == []
    said = [r.getMessage() for r in caplog.records]
    assert said == (
        []
        if closed
        else ["a query worker could not be restarted: the fork server's socket is gone"]
    )
