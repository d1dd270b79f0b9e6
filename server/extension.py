"""The NewsKG store as a Flask extension.

Follows Flask's extension pattern: the extension object holds no app and no
store; :meth:`NewsKGStore.init_app` opens the store named by the app's
``STORE`` setting read-only and keeps it in ``app.extensions["newskg"]``, so
one extension object can serve any number of apps. Beside it sits the app's
:class:`~.workers.QueryPool`, the worker processes SPARQL operations run in
(started on the first operation; stop them with :meth:`NewsKGStore.close`).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app

from kg import settings
from kg.store import Store, open_store

from .workers import QueryPool

log = logging.getLogger(__name__)

EXTENSION_KEY = "newskg"
POOL_KEY = "newskg.pool"


def _config(app: Flask, name: str) -> Any:
    """Return the app's setting ``name``, else the default of :data:`kg.settings.SETTINGS`."""
    value = app.config.get(name.upper())
    return settings.get(name) if value is None else value


class NewsKGStore:
    """Give a Flask app read-only access to a NewsKG store, and worker processes to query it."""

    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Open the store at ``app.config["STORE"]`` read-only and attach it to ``app``.

        Raises:
            kg.errors.StoreError: There is no store at that path, or it cannot be read.
        """
        timeout = float(_config(app, "query_timeout"))
        update_endpoint = _config(app, "update_endpoint") or None
        store = open_store(
            app.config["STORE"], read_only=True, update_endpoint=update_endpoint, timeout=timeout
        )
        log.info("serving the store %s (%d quads)", store.location, len(store))
        app.extensions[EXTENSION_KEY] = store
        max_bytes = _config(app, "max_result_bytes")
        app.extensions[POOL_KEY] = QueryPool(
            store.location,
            size=int(_config(app, "query_workers")),
            timeout=timeout,
            max_result_bytes=int(max_bytes) if max_bytes else None,
            update_endpoint=update_endpoint,
        )

    @staticmethod
    def close(app: Flask) -> None:
        """Stop the worker processes of ``app`` (a new operation would fail)."""
        pool = app.extensions.get(POOL_KEY)
        if pool is not None:
            pool.close()

    @property
    def store(self) -> Store:
        """Return the store of the current app."""
        store: Store = current_app.extensions[EXTENSION_KEY]
        return store

    @property
    def pool(self) -> QueryPool:
        """Return the query workers of the current app."""
        pool: QueryPool = current_app.extensions[POOL_KEY]
        return pool

    @property
    def base_iri(self) -> str:
        """Return the base IRI NewsKG mints its graphs under, as the app is configured."""
        return str(_config(current_app, "base_iri"))


#: The extension object of the app factory; bound to no app.
newskg = NewsKGStore()
