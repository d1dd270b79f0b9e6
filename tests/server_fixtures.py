"""Helpers of the server tests: fill a store, run the app under waitress on loopback."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from kg.server import NewsKGStore
from kg.server.wsgi import make_server
from kg.store import Quad, open_store
from kg.vocab import NK

#: Debian's headless Chromium, as the browser tests drive it (`make browser` installs it).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

ID = "https://w3id.org/newskg/id/"
ALIYEV = URIRef(ID + "person/ilham-aliyev")
CLAIM = URIRef(ID + "claim/9f2c")
FACT = URIRef(ID + "fact/9f2c")
ARTICLE = URIRef(ID + "article/7ab5")
AGREEMENT = URIRef(ID + "agreement/ceasefire")
FACT2 = URIRef(ID + "fact/51aa")
QUOTE = "I hope that today's ceasefire will bring stability and security"
TITLE = "Azerbaijani leader: Cease-fire may improve Armenia relations"
SOURCE = "seeds/000_7ab567af9f57596e.txt"

#: A small NewsKG-shaped dataset: one quote and one signing, each in its own
#: fact graph, with provenance in the default graph (CONTRACT.md section 4).
NEWS_QUADS: list[Quad] = [
    (ALIYEV, NK.said, CLAIM, FACT),
    (ALIYEV, RDF.type, NK.Person, None),
    (ALIYEV, RDFS.label, Literal("Ilham Aliyev"), None),
    (CLAIM, RDF.type, NK.Claim, None),
    (CLAIM, NK.text, Literal(QUOTE), None),
    (FACT, PROV.wasDerivedFrom, ARTICLE, None),
    (FACT, NK.confidence, Literal("0.92", datatype=XSD.decimal), None),
    (AGREEMENT, NK.signedOn, Literal("2020-11-10", datatype=XSD.date), FACT2),
    (AGREEMENT, RDFS.label, Literal("cease-fire agreement"), None),
    (FACT2, PROV.wasDerivedFrom, ARTICLE, None),
    (ARTICLE, RDF.type, NK.Article, None),
    (ARTICLE, DCTERMS.title, Literal(TITLE), None),
    (ARTICLE, DCTERMS.source, Literal(SOURCE), None),
    (ARTICLE, DCTERMS.issued, Literal("2020-11-21", datatype=XSD.date), None),
]


def record_console_problems(page: Any, problems: list[str]) -> None:
    """Append every console error or warning and uncaught error of ``page`` to ``problems``."""

    def on_console(message: Any) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))


def fill_store(path: Path, quads: Iterable[Quad]) -> Path:
    """Write ``quads`` into a new store at ``path`` and close it, ready to open read-only."""
    store = open_store(path)
    store.replace([], quads)
    store.flush()
    del store
    gc.collect()  # the writer's lock goes with the pyoxigraph object
    return path


@contextmanager
def serving(app: Flask, *, threads: int = 4) -> Iterator[str]:
    """Run ``app`` under waitress on a free loopback port; yield its base URL."""
    server = make_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        # Close every socket from inside waitress's own loop thread (a trigger
        # thunk runs there), so the loop sees an empty map and returns.
        def close_all() -> None:
            for channel in list(server._map.values()):
                channel.close()

        try:
            server.trigger.pull_trigger(close_all)
        except OSError:
            # the trigger's pipe is already closed: waitress's loop has stopped
            server.task_dispatcher.shutdown()
        thread.join(timeout=10)
        server.task_dispatcher.shutdown()
        NewsKGStore.close(app)  # stop the query worker processes
        assert not thread.is_alive(), "waitress did not stop"
