"""The one exception hierarchy of NewsKG.

Every error the library raises on purpose is a :class:`KGError`; the CLI turns it
into a one-line ``Error: ...`` and the server into a plain 4xx/5xx body.
Third-party errors are wrapped with ``raise ... from e``.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class of every error NewsKG raises on purpose."""


class InputError(KGError):
    """An input file or record cannot be read; the message names it and the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ConfigError(KGError):
    """A setting has a bad value or a needed resource (model, store) is missing."""


class StoreError(KGError):
    """The store cannot be opened, read or written."""


class QueryError(KGError):
    """A SPARQL query is malformed or not allowed (e.g. an update on a read-only endpoint)."""


class ResultTooLargeError(QueryError):
    """A query result grew past the ``max_result_bytes`` setting and was stopped."""


class QueryTimeoutError(QueryError):
    """A query ran longer than the ``query_timeout`` setting and was stopped."""


class BusyError(KGError):
    """Every query worker is busy; the caller should retry shortly."""


class ExtractionError(KGError):
    """Analysing one article failed; the article is skipped and the others go on."""
