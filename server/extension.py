"""The NewsKG store as a Flask extension.

Follows Flask's extension pattern: the extension object holds no app and no
store; :meth:`NewsKGStore.init_app` opens the store named by the app's
``STORE`` setting read-only and keeps it in ``app.extensions["newskg"]``, so
one extension object can serve any number of apps.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app

from kg.store import Store, open_store

log = logging.getLogger(__name__)

EXTENSION_KEY = "newskg"


class NewsKGStore:
    """Give a Flask app read-only access to a NewsKG store."""

    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Open the store at ``app.config["STORE"]`` read-only and attach it to ``app``.

        Raises:
            kg.errors.StoreError: There is no store at that path, or it cannot be read.
        """
        store = open_store(app.config["STORE"], read_only=True)
        log.info("serving the store %s (%d quads)", store.path, len(store))
        app.extensions[EXTENSION_KEY] = store

    @property
    def store(self) -> Store:
        """Return the store of the current app."""
        store: Store = current_app.extensions[EXTENSION_KEY]
        return store


#: The extension object of the app factory; bound to no app.
newskg = NewsKGStore()
