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
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from server_fixtures import NEWS_QUADS, fill_store, serving

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
    assert body == "the store could not be read\n"  # one plain line, no traceback
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
