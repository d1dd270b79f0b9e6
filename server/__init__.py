"""The NewsKG SPARQL server: a Flask app over a read-only store.

>>> from kg.server import create_app  # doctest: +SKIP
>>> app = create_app({"STORE": "newskg-data"})  # doctest: +SKIP

The app serves the SPARQL 1.1 Protocol at ``/sparql``, a query page at ``/``
and ``/health``. Run it with :func:`kg.server.wsgi.serve` (granian, else
waitress). SPARQL operations run in worker processes (:mod:`.workers`) forked
from a fork server that re-imports the main module, so a script that builds the
app keeps its start-up under ``if __name__ == "__main__":``; a lookup of one
triple pattern is answered without one (:class:`.sparql.FastQueries`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException

from kg import settings
from kg.errors import KGError

from . import explorer, page, sparql
from .extension import NewsKGStore, newskg

__all__ = ["NewsKGStore", "create_app", "newskg"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the server app over the store named by the ``STORE`` setting.

    Settings come from the defaults of :data:`kg.settings.SETTINGS`, then from
    ``NEWSKG_*`` environment variables, then from ``config``: an explicit value
    (such as the CLI's ``--store``) wins over the environment.

    Args:
        config: Flask settings, e.g. ``{"STORE": "newskg-data"}``.

    Raises:
        kg.errors.StoreError: There is no store at ``STORE`` or it cannot be read.
    """
    app = Flask(__name__)
    app.config.from_mapping({s.name.upper(): s.default for s in settings.SETTINGS})
    app.config.from_prefixed_env("NEWSKG")
    if config is not None:
        app.config.from_mapping(config)
    app.config["STORE"] = str(app.config["STORE"])
    # werkzeug refuses a larger body (413) before reading it, from its
    # Content-Length or while reading a chunked one; forms get the same bound
    limit = int(app.config["MAX_REQUEST_BYTES"] or 0) or None
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_FORM_MEMORY_SIZE"] = limit
    newskg.init_app(app)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(page.bp)
    app.register_blueprint(explorer.bp)
    # The blueprint's handlers only cover its own views, so that a host app that
    # mounts it keeps its own error pages; the standalone app answers every
    # error (routing 404/405 included) in plain text, with CORS headers.
    app.register_error_handler(HTTPException, sparql.plain_http_error)
    app.register_error_handler(KGError, sparql.plain_kg_error)
    app.after_request(sparql.allow_cross_origin)
    # plain GET queries skip Flask's request machinery (issue 15); the rest goes through it
    # and a streamed (chunked) body longer than max_request_bytes is refused, never cut short
    app.wsgi_app = sparql.FastQueries(app, sparql.BoundedBodies(app, app.wsgi_app))  # type: ignore[method-assign]
    return app
