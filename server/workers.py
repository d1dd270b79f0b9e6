"""SPARQL operations in worker processes that can be killed: a ``query_timeout`` that stops the work.

A thread cannot stop pyoxigraph in the middle of a query, and a query left
running after its client gave up keeps burning a core (issue 10). So every
query and update runs in one of ``query_workers`` processes, each holding its
own read-only handle on the store. The request thread sends the operation over a
pipe and waits at most ``query_timeout`` seconds; past that, the worker is
killed (SIGKILL: its computation really ends) and a fresh one takes its place
in the background. When every worker is busy, :meth:`QueryPool.run` raises
:class:`~kg.errors.BusyError` after a short wait, which the endpoint answers
with 503 and ``Retry-After``.

Updates run in a worker too, so a runaway update is stopped the same way: the
worker opens the store for writing only for the update (the writer's lock is
held for that long), and an update killed before its commit leaves nothing
behind, since pyoxigraph applies an update as one transaction.

Workers are forked from a ``forkserver`` process that has preloaded this
module, so a replacement starts in a fraction of a second and never inherits
the server's threads.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import math
import multiprocessing
import pickle
import queue
import signal
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from kg.errors import BusyError, KGError, QueryError, QueryTimeoutError, StoreError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueryJob:
    """One SPARQL query and how to write each kind of result."""

    text: str
    base_iri: str | None = None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    #: short format name by result kind ("results", "graph"); None when the
    #: client accepts no format of that kind
    formats: dict[str, str | None] = field(default_factory=dict)

    def __reduce__(self) -> tuple[Any, ...]:
        # a plain tuple pickles several times faster than a dataclass's state dict,
        # and the job crosses the pipe on every request (issue 15)
        return (
            QueryJob,
            (self.text, self.base_iri, self.default_graphs, self.named_graphs, self.formats),
        )


@dataclass(frozen=True)
class UpdateJob:
    """One SPARQL 1.1 Update and the namespace of the graphs it may not touch."""

    text: str
    base_iri: str | None
    protected_base: str

    def __reduce__(self) -> tuple[Any, ...]:
        return (UpdateJob, (self.text, self.base_iri, self.protected_base))


@dataclass(frozen=True)
class Answer:
    """What a worker sends back."""

    kind: str = ""  # "results" or "graph" for a query; "update" for an update
    fmt: str | None = None  # the format of ``body``; None when the kind was not acceptable
    body: bytes = b""
    error: str | None = None  # the class name of a KGError, or "internal"
    message: str = ""

    def __reduce__(self) -> tuple[Any, ...]:
        return (Answer, (self.kind, self.fmt, self.body, self.error, self.message))


class QueryPool:
    """A fixed number of worker processes answering SPARQL operations on one store."""

    def __init__(
        self,
        store_path: str,
        *,
        size: int = 4,
        timeout: float = 30.0,
        max_result_bytes: int | None = None,
        wait: float = 1.0,
        update_endpoint: str | None = None,
    ) -> None:
        """Describe the pool; no process starts before the first operation.

        Args:
            store_path: The store directory the workers open read-only, or a remote
                store's query URL (each worker then talks to it over HTTP, every
                request limited to ``timeout``).
            size: How many operations may run at once.
            timeout: Seconds an operation may run before its worker is killed.
            max_result_bytes: Largest serialized result a query may return.
            wait: Seconds an operation waits for a free worker before BusyError.
            update_endpoint: A remote store's update endpoint, when not ``store_path``.
        """
        if size < 1:
            raise StoreError(f"query_workers must be at least 1, not {size}")
        if timeout <= 0:
            raise StoreError(f"query_timeout must be a positive number of seconds, not {timeout}")
        self.store_path = store_path
        # a remote store's requests time out too, a little after the worker is killed for
        # running past ``timeout``: the pool's kill, the same for every store, comes first
        self.store_options = {"update_endpoint": update_endpoint, "timeout": float(timeout) + 2}
        self.size = size
        self.timeout = float(timeout)
        self.max_result_bytes = max_result_bytes
        self.wait = wait
        self._ctx = multiprocessing.get_context("forkserver")
        # the fork server imports what a worker needs once; each fork starts warm
        self._ctx.set_forkserver_preload([__name__, "kg.store", "kg.remote", "kg.server.updates"])
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self._generation: Any = None  # a shared counter, bumped by every update
        self.killed = 0  # workers killed for running too long (reported by /health)
        self.busy = 0  # operations running now (reported by /health)

    @property
    def retry_after(self) -> int:
        """Seconds a client told "busy" should wait: the longest a running query can still take."""
        return max(1, math.ceil(min(self.timeout, 30.0)))

    def run(self, job: QueryJob | UpdateJob) -> Answer:
        """Run ``job`` in a free worker and return its answer.

        Raises:
            BusyError: No worker became free within ``wait`` seconds.
            QueryTimeoutError: The job ran past ``timeout``; its worker was killed.
            StoreError: The worker died (e.g. killed by the system for memory).
        """
        self._start()
        try:
            worker = self._idle.get(timeout=self.wait)
        except queue.Empty:
            raise BusyError(
                f"all {self.size} query workers are busy; retry in {self.retry_after} s"
            ) from None
        healthy = False
        with self._lock:
            self.busy += 1
        try:
            # plain pickle over send_bytes: Connection.send's ForkingPickler costs more
            # per call, and a job crosses the pipe on every request (issue 15)
            worker.conn.send_bytes(pickle.dumps(job, pickle.HIGHEST_PROTOCOL))
            if not worker.conn.poll(self.timeout):
                self.killed += 1
                what = "update" if isinstance(job, UpdateJob) else "query"
                raise QueryTimeoutError(
                    f"the {what} ran longer than query_timeout ({self.timeout:g} s) and was "
                    "stopped; add a LIMIT or more selective patterns"
                )
            answer: Answer = pickle.loads(worker.conn.recv_bytes())
            healthy = True
            return answer
        except (EOFError, OSError) as e:
            raise StoreError(
                f"the query worker stopped unexpectedly ({e or type(e).__name__})"
            ) from e
        finally:
            with self._lock:
                self.busy -= 1
            if healthy:
                self._idle.put(worker)
            else:
                self._replace(worker)

    def close(self) -> None:
        """Stop every worker (idempotent); running operations are cut off."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.stop()

    def alive(self) -> int:
        """Return how many workers are running."""
        with self._lock:
            return sum(1 for w in self._workers if w.process.is_alive())

    def _start(self) -> None:
        with self._lock:
            if self._closed:
                raise StoreError("the query pool is closed")
            if self._started:
                return
            self._started = True
            # no lock: only the worker holding the store's writer lock bumps it
            self._generation = self._ctx.RawValue("q", 0)
            fresh = [self._spawn_locked() for _ in range(self.size)]
        for worker in fresh:
            worker.ready()
            self._idle.put(worker)

    def _spawn_locked(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main,
            args=(
                child,
                self.store_path,
                self.max_result_bytes,
                self._generation,
                self.store_options,
            ),
            name="newskg-query",
            daemon=True,
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._workers.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` now and start its successor in the background."""
        worker.process.kill()

        def respawn() -> None:
            try:
                worker.stop()
                with self._lock:
                    self._workers.discard(worker)
                    if self._closed:
                        return
                    fresh = self._spawn_locked()
                fresh.ready()  # a query's time starts once the worker has opened the store
                self._idle.put(fresh)
            except Exception as e:  # an exception ending the thread prints a traceback
                # a server shutting down (SIGTERM while a timed-out query's worker was
                # being replaced) stops the fork server under this thread: nothing to say
                if not self._closed:
                    log.error("a query worker could not be restarted: %s", e)

        threading.Thread(target=respawn, name="newskg-respawn", daemon=True).start()


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    # stop() runs from the pool's close() and from a respawn thread at once when a
    # query times out during shutdown: a second close of the pipe's fd is EBADF, or
    # worse, closes an fd the process has since reused
    _stopping: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def ready(self, timeout: float = 120.0) -> None:
        """Wait until the worker has opened the store (it says so first thing)."""
        # a worker that died starting is reported by the first job sent to it
        with contextlib.suppress(EOFError, OSError):
            if self.conn.poll(timeout):
                self.conn.recv()

    def stop(self) -> None:
        """Kill the process and close its pipe (idempotent, safe from several threads)."""
        with self._stopping:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(timeout=10)
            if not self.conn.closed:
                self.conn.close()


# --- inside a worker process ------------------------------------------------------------


def _worker_main(
    conn: Connection,
    store_path: str,
    max_result_bytes: int | None,
    generation: Any,
    options: dict[str, Any],
) -> None:
    """Answer jobs from ``conn`` until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    from kg.store import Store, open_store

    store: Store | None = None
    seen = -1
    try:
        seen = generation.value
        store = open_store(store_path, read_only=True, **options)
    except KGError:
        store = None  # reported with the first job
    conn.send("ready")
    while True:
        try:
            job = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            if store is None or generation.value != seen:
                # an update of this server changed the store: read it afresh
                seen = generation.value
                store = None
                gc.collect()
                store = open_store(store_path, read_only=True, **options)
            if isinstance(job, UpdateJob):
                answer = _update(job, store_path, options)
                generation.value += 1
            else:
                answer = _query(job, store, max_result_bytes)
        except KGError as e:
            answer = Answer(error=type(e).__name__, message=str(e))
        except Exception as e:  # never let one bad operation kill the worker; log it
            log.exception("query worker failed")
            answer = Answer(error="internal", message=f"{type(e).__name__}")
        conn.send_bytes(pickle.dumps(answer, pickle.HIGHEST_PROTOCOL))


def _query(job: QueryJob, store: Any, max_result_bytes: int | None) -> Answer:
    dataset: dict[str, Any] = {}
    if job.default_graphs is not None or job.named_graphs is not None:
        dataset = {
            "default_graphs": list(job.default_graphs or ()),
            "named_graphs": list(job.named_graphs or ()),
        }
    for attempt in range(4):
        try:
            result = store.query(job.text, base_iri=job.base_iri, **dataset)
            kind = "graph" if result.kind == "graph" else "results"
            fmt = job.formats.get(kind)
            if fmt is None:
                return Answer(kind=kind)
            body = result.serialize(fmt, max_bytes=max_result_bytes)
            return Answer(kind=kind, fmt=fmt, body=body)
        except (StoreError, RuntimeError):
            # A writer compacted files away under this read-only handle (pyoxigraph
            # calls a read-only open beside a writer undefined; RocksDB then reports
            # "Corruption: ... No such file"): reopen and run the query again.
            if attempt == 3:
                raise
            time.sleep(0.05 * (attempt + 1))
            with contextlib.suppress(StoreError):
                store.reopen()
    raise AssertionError("unreachable")


def _update(job: UpdateJob, store_path: str, options: dict[str, Any]) -> Answer:
    from kg.store import open_store

    from .updates import refusal, touched_graphs

    targets = touched_graphs(job.text, base_iri=job.base_iri)
    writer = open_store(store_path, **options)
    try:
        reason = refusal(writer, targets, protected_base=job.protected_base)
        if reason:
            return Answer(kind="update", error="Forbidden", message=reason)
        writer.update(job.text, base_iri=job.base_iri)
        writer.flush()
    finally:
        del writer
        gc.collect()  # the writer's lock goes with the pyoxigraph object
    return Answer(kind="update", body=b"")


__all__ = ["Answer", "BusyError", "QueryError", "QueryJob", "QueryPool", "UpdateJob"]
