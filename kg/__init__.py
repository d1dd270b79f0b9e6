"""NewsKG: turn news articles into a knowledge graph with provenance.

The public API is :class:`NewsKG` (in :mod:`kg.api`); the command line
(``newskg``) is a thin layer over it. ``NewsKG`` is imported lazily so that
light users of the package (the server, the exporter) do not load spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.errors import (
    ConfigError,
    ExtractionError,
    InputError,
    KGError,
    QueryError,
    StoreError,
)

if TYPE_CHECKING:
    from kg.api import IngestReport, NewsKG

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "ExtractionError",
    "IngestReport",
    "InputError",
    "KGError",
    "NewsKG",
    "QueryError",
    "StoreError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    if name in ("NewsKG", "IngestReport"):
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
