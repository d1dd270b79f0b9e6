"""Run the server app under waitress, a production WSGI server."""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

from flask import Flask
from waitress import create_server
from waitress.server import BaseWSGIServer, MultiSocketServer

from .extension import POOL_KEY


def make_server(
    app: Flask, *, host: str = "127.0.0.1", port: int = 8000, threads: int = 4
) -> BaseWSGIServer | MultiSocketServer:
    """Bind a waitress server for ``app`` (``port=0`` picks a free port) without running it.

    The bound port is ``server.effective_port``; run it with ``server.run()``
    and stop it with ``server.close()``. There are always more threads than
    query workers, so that ``/health`` and the 503s of a busy server are
    answered while every worker runs a query.
    """
    pool = app.extensions.get(POOL_KEY)
    if pool is not None:
        threads = max(threads, pool.size + 4)
    # waitress warns "Task queue depth is N" whenever a request waits for a thread,
    # which more keep-alive clients than threads make happen hundreds of times a
    # second: a log flood that stopped the whole server once its stderr was a pipe
    # nobody read (issue 15, bench/endpoint.py). Busy is answered with 503 instead.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    return create_server(app, host=host, port=port, threads=threads, ident="newskg")


def serve(app: Flask, *, host: str = "127.0.0.1", port: int = 8000, threads: int = 4) -> None:
    """Serve ``app`` until interrupted (SIGINT or SIGTERM); prints nothing (the CLI prints the URL).

    The query workers are stopped on the way out.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        make_server(app, host=host, port=port, threads=threads).run()
    finally:
        pool = app.extensions.get(POOL_KEY)
        if pool is not None:
            pool.close()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM into KeyboardInterrupt, so a stopped server cleans up as on Ctrl-C."""
    raise KeyboardInterrupt
