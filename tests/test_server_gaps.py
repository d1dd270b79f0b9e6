"""Endpoint tests for the mutation survivors that were gaps (tests/mutation-survivors.md).

The real app under waitress on loopback, as in tests/test_server.py: a
``format=`` media type with parameters, and a NewsKG error inside a request
answered 500 with a plain one-line message, logged.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
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
