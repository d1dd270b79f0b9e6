"""Helpers of the server tests: fill a store, run the app on loopback (in a thread, or in its own process as `newskg serve`)."""

from __future__ import annotations

import gc
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
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


# --- the real servers of `newskg serve`, in their own process ------------------------------

#: Start the app as `newskg serve` does (kg.server.wsgi.serve), under the server named in argv.
_SERVE = """
import json, sys
from kg.server import create_app
from kg.server.wsgi import serve
if __name__ == "__main__":
    config, port, server, threads = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    serve(create_app(config), host="127.0.0.1", port=port, server=server, threads=threads)
"""


@dataclass
class Served:
    """A server running in its own process: its base URL, process and log file (stderr)."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def descendants(self) -> set[int]:
        """Return the ids of every live process below the server's (workers, fork server...)."""
        return descendants(self.process.pid)


def free_port() -> int:
    """Return a loopback port that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def alive(pid: int) -> bool:
    """Tell whether process ``pid`` exists and is not a zombie (a zombie has stopped computing)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2] != "Z"


def descendants(pid: int) -> set[int]:
    """Return the ids of every live process below ``pid``."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[stat.rfind(")") + 2 :].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return {p for p in found if alive(p)}


def wait_until(check: Callable[[], object], what: str, limit: float = 30.0) -> None:
    """Poll ``check`` until it holds; fail naming ``what`` after ``limit`` seconds."""
    end = time.monotonic() + limit
    while not check():
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.05)


@contextmanager
def served(
    server: str, config: Mapping[str, object], *, log_dir: Path, threads: int = 4
) -> Iterator[Served]:
    """Run the app of ``config`` under ``server`` in a process of its own, on a free loopback port.

    The process runs :func:`kg.server.wsgi.serve`, the function behind `newskg
    serve`; it is stopped with SIGTERM as a service manager would, and every
    process it started must be gone afterwards.
    """
    port = free_port()
    log = log_dir / f"serve-{server}-{port}.log"
    settings = {name: str(v) if isinstance(v, Path) else v for name, v in config.items()}
    cmd = [sys.executable, "-c", _SERVE, json.dumps(settings), str(port), server, str(threads)]
    with log.open("wb") as err:
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
    url = f"http://127.0.0.1:{port}"
    running = Served(url, process, log)
    try:
        _wait_for_health(running)
        started = running.descendants()
        yield running
        started |= running.descendants()
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    wait_until(lambda: not any(alive(p) for p in started), f"every process of {server} to end")


def _wait_for_health(running: Served, limit: float = 60.0) -> None:
    end = time.monotonic() + limit
    while True:
        if running.process.poll() is not None:
            raise AssertionError(f"the server exited: {running.log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(running.url + "/health", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        assert time.monotonic() < end, f"the server did not answer: {running.log.read_text()}"
        time.sleep(0.05)
