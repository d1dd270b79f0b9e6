"""Run the server app under a production WSGI server: granian, else waitress.

:func:`serve` (``newskg serve``) runs the app under granian, whose HTTP layer
is written in Rust: per request it costs a fraction of waitress's CPU (issue
15, ``bench/endpoint.py``). Where granian is not installed it falls back to
waitress. :func:`make_server` binds waitress in the calling process, for tests
and for programs that run the server in a thread.
"""

from __future__ import annotations

import atexit
import functools
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Mapping
from types import FrameType
from typing import Any

from flask import Flask
from waitress import create_server
from waitress.server import BaseWSGIServer, MultiSocketServer

from kg import settings

from .extension import POOL_KEY, NewsKGStore

log = logging.getLogger(__name__)


def make_server(
    app: Flask, *, host: str = "127.0.0.1", port: int = 8000, threads: int = 4
) -> BaseWSGIServer | MultiSocketServer:
    """Bind a waitress server for ``app`` (``port=0`` picks a free port) without running it.

    The bound port is ``server.effective_port``; run it with ``server.run()``
    and stop it with ``server.close()``. There are always more threads than
    query workers, so that ``/health`` and the 503s of a busy server are
    answered while every worker runs a query.
    """
    threads = _threads(app, threads)
    # waitress warns "Task queue depth is N" whenever a request waits for a thread,
    # which more keep-alive clients than threads make happen hundreds of times a
    # second: a log flood that stopped the whole server once its stderr was a pipe
    # nobody read (issue 15, bench/endpoint.py). Busy is answered with 503 instead.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    # waitress buffers a body whole (to a temporary file past 512 kB) before the app
    # sees it: refuse one declared far past max_request_bytes at once, not after 1 GB.
    # The slack covers the chunks' own framing, which waitress counts; past the limit
    # within it, the app refuses the body with its own one-line 413.
    limit = app.config.get("MAX_CONTENT_LENGTH")
    return create_server(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="newskg",
        max_request_body_size=limit + 65536 if limit is not None else 1 << 30,
    )


def serve(
    app: Flask,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    threads: int = 4,
    server: str | None = None,
) -> None:
    """Serve ``app`` until interrupted (SIGINT or SIGTERM); prints nothing (the CLI prints the URL).

    Args:
        app: An app of :func:`kg.server.create_app`. Under granian the app is
            built afresh, from the same settings, in granian's worker process.
        host: The interface to listen on.
        port: The port to listen on.
        threads: Threads that run requests (always more than the query workers).
        server: ``"granian"`` or ``"waitress"``; None picks granian when it is
            installed.

    The query workers are stopped on the way out.
    """
    if server is None:
        server = "granian" if _has_granian() else "waitress"
    try:
        if server == "granian":
            _serve_granian(app, host=host, port=port, threads=threads)
        elif server == "waitress":
            if threading.current_thread() is threading.main_thread():
                signal.signal(signal.SIGTERM, _interrupt)
            make_server(app, host=host, port=port, threads=threads).run()
        else:
            raise ValueError(f"unknown WSGI server {server!r}; use granian or waitress")
    finally:
        NewsKGStore.close(app)


def _threads(app: Flask, threads: int) -> int:
    pool = app.extensions.get(POOL_KEY)
    return threads if pool is None else max(threads, pool.size + 4)


def _has_granian() -> bool:
    try:
        import granian  # noqa: F401
    except ImportError:
        return False
    return True


def _serve_granian(app: Flask, *, host: str, port: int, threads: int) -> None:
    """Run ``app`` under granian: one worker process, ``threads`` threads running requests."""
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import MPServer

    config = {s.name.upper(): app.config.get(s.name.upper()) for s in settings.SETTINGS}
    config["STORE"] = app.config["STORE"]
    # granian starts its worker with the start method of multiprocessing; "spawn"
    # gives it a fresh interpreter, never a copy of this process's open store
    multiprocessing.set_start_method("spawn", force=True)
    server = MPServer(
        "kg.server:create_app",  # a label only: the loader below builds the app
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=1,
        blocking_threads=_threads(app, threads),
        # error: its warning that more threads than cores "seems quite high" fits
        # threads that mostly wait for a query worker
        log_level=LogLevels.error,
        workers_kill_timeout=30,
    )
    server.serve(target_loader=functools.partial(_granian_app, config), wrap_loader=False)


def _granian_app(config: Mapping[str, Any]) -> Flask:
    """Build the app in granian's worker process; its query workers stop with the process."""
    from . import create_app

    app = create_app({k: v for k, v in config.items() if v is not None})
    atexit.register(NewsKGStore.close, app)
    threading.Thread(
        target=_stop_with_parent, args=(os.getppid(),), name="newskg-parent-watch", daemon=True
    ).start()
    return app


def _stop_with_parent(parent: int, interval: float = 1.0) -> None:
    """Stop granian's worker once its parent is gone (killed with SIGKILL, say).

    Left alone it would go on answering on the inherited socket, an orphan
    nobody stops; SIGTERM makes it finish its requests and exit, and the query
    workers with it.
    """
    while os.getppid() == parent:
        time.sleep(interval)
    log.warning("the server's main process is gone; stopping")
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(30)
    os._exit(1)  # SIGTERM did not end it


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM into KeyboardInterrupt, so a stopped server cleans up as on Ctrl-C."""
    raise KeyboardInterrupt
