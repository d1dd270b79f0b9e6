"""The analysis as tasks on a Dask distributed cluster (``newskg ingest --scheduler``).

Needs the ``cluster`` extra (``pip install 'newskg[cluster]'``) here and NewsKG
with its model installed on every worker. A :class:`ModelPlugin` loads the model
once per worker process when the worker joins; each task analyses one chunk of
articles (:func:`kg.parallel._work`) and its results stream back to the one
writer, which takes them in input order.

Workers run one parse at a time per process, so start them with one thread and
as many processes as cores: ``dask worker tcp://HOST:8786 --nworkers auto --nthreads 1``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from distributed import Client
from distributed.diagnostics.plugin import WorkerPlugin

from kg import parallel
from kg.article import Article
from kg.errors import ConfigError, KGError

log = logging.getLogger(__name__)

#: Seconds to wait for the scheduler to answer.
CONNECT_TIMEOUT = 10
#: Seconds to wait for a first worker when the scheduler has none.
WORKERS_TIMEOUT = 60


class ModelPlugin(WorkerPlugin):
    """Load NewsKG's spaCy pipeline once in every worker process, as it joins."""

    idempotent = True  # registered again by every ingest: a worker that has it keeps it

    def __init__(self, model: str | None) -> None:
        self.model = model

    async def setup(self, worker: Any) -> None:
        """Load the model into the worker process (kept for its lifetime)."""
        # in a thread, so the worker keeps answering the scheduler's heartbeats meanwhile
        await asyncio.to_thread(parallel._start_worker, self.model)


def analyse(address: str, job: parallel.Job, articles: Iterable[Article]) -> Iterator[Any]:
    """Send chunks of articles to the cluster at ``address``; yield their results in order."""
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as e:
        raise ConfigError(
            f"cannot reach the Dask scheduler at {address}: {e}. Start one with "
            "`dask scheduler` and workers with `dask worker ADDRESS`"
        ) from e
    try:
        client.register_plugin(ModelPlugin(job.model), name=f"newskg-model-{job.model or ''}")
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except TimeoutError as e:
            raise ConfigError(
                f"the Dask scheduler at {address} has no workers: start some with "
                f"`dask worker {address}`"
            ) from e
        threads = sum(client.nthreads().values())

        def submit(chunk: list[Article]) -> Any:
            # pure=False: two chunks with equal articles are still two tasks
            return client.submit(parallel._work, job, chunk, pure=False)

        def lost(e: BaseException) -> KGError:
            return KGError(
                f"the analysis failed on the Dask cluster at {address} "
                f"({type(e).__name__}: {e}); every article written so far is complete"
            )

        yield from parallel.in_order(
            submit,
            parallel.chunks(articles, job.batch_size),
            window=parallel.CHUNKS_PER_WORKER * max(1, threads),
            on_lost=lost,
        )
    finally:
        client.close()
