"""Where the analysis runs: in this process, in N worker processes, or on a Dask cluster.

``newskg ingest`` splits into two parts (CONTRACT section 6). The analysis of an
article (publication date, date expressions, the spaCy parse, the extractors and
the mapping of their records to quads, :func:`map_articles`) needs no store, so
it can run anywhere the model is installed. The writing (what an earlier ingest
left, the change log, one transaction per article) stays in the one process that
holds the store, which takes the results back **in input order**: the store ends
the same whatever ran the analysis.

Articles travel in chunks of ``batch_size`` (one ``nlp.pipe`` batch each), and
only a few chunks per worker are in flight at a time, so a corpus of any size
never waits in memory. Each worker process loads the model once.
"""

from __future__ import annotations

import itertools
import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from rdflib import URIRef

from kg.article import Article
from kg.errors import ConfigError, ExtractionError, KGError
from kg.iri import Minter

if TYPE_CHECKING:  # spaCy and the extractors load in a second; the writer may not need them yet
    from spacy.language import Language

    from kg import mapping
    from kg.records import Record, TimeExpr

log = logging.getLogger(__name__)

#: Chunks kept in flight per worker: enough that no worker waits for the writer.
CHUNKS_PER_WORKER = 3

#: Seconds between two checks of a worker process that its parent is still there.
PARENT_CHECK = 1.0


@dataclass(frozen=True)
class Job:
    """What every worker needs to analyse articles the way this ingest does (picklable)."""

    model: str | None  # spaCy pipeline name, None for the installed default
    base_iri: str
    batch_size: int
    now: datetime  # the run's time, stamped on every fact (prov:generatedAtTime)


@dataclass
class Mapped:
    """One article analysed and mapped to quads, ready for the writer.

    The quads are those of :func:`kg.mapping.article_quads` as if the article were
    new; the writer puts back the ``nk:firstWritten`` of facts an earlier ingest
    wrote (:func:`kg.mapping.keep_first_written`), since only it reads the store.
    """

    article_iri: URIRef
    source: str
    quads: list[mapping.Quad]


#: An article with its date expressions, or the error that stopped reading them.
Prepared = tuple[Article, "list[TimeExpr] | Exception"]

#: What a worker sends back for one chunk: the model's id, then each article's records
#: (or why its analysis failed), in the chunk's order.
Parsed = tuple[str, "list[list[Record] | ExtractionError]"]

T = TypeVar("T")


Result = Mapped | ExtractionError


def default_jobs() -> int:
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_articles(language: Language, job: Job, articles: Iterable[Article]) -> Iterator[Result]:
    """Analyse articles and map each to its quads, in order; a failed article is an error."""
    from kg import extract, nlp, pipeline

    minter = Minter(job.base_iri)
    model = nlp.model_id(language)
    versions = extract.versions()
    for analysis in pipeline.analyse(language, articles, batch_size=job.batch_size):
        if isinstance(analysis, ExtractionError):
            yield analysis
            continue
        yield _map(analysis.article, analysis.records, minter, model, versions, job)


def _map(
    article: Article,
    records: list[Record],
    minter: Minter,
    model: str,
    versions: dict[str, str],
    job: Job,
) -> Result:
    """Map one analysed article to its quads (an error when the mapping fails)."""
    from kg import mapping

    try:
        iri, quads = mapping.article_quads(
            article, records, minter=minter, model=model, extractors=versions, now=job.now
        )
    except Exception as e:  # one odd article must not stop the others; the log keeps why
        log.exception("mapping failed for %s", article.source)
        return ExtractionError(f"{article.source}: mapping failed ({type(e).__name__}: {e})")
    return Mapped(article_iri=iri, source=article.source, quads=quads)


def in_this_process(language: Language, job: Job, articles: Iterable[Article]) -> Iterator[Result]:
    """Analyse in this process (``--jobs 1``)."""
    return map_articles(language, job, articles)


# --- worker processes -----------------------------------------------------------------

# A Dask worker may run several tasks at once in threads; one parse at a time per process
# keeps spaCy's string store single-writer, and the cores are used by more processes.
_parse_lock = threading.Lock()


def _start_worker(model: str | None, owner: int | None = None) -> None:
    """Load the model once, as a worker process starts (:func:`kg.nlp.load` keeps it).

    With ``owner``, a worker of this machine's pool: it ends with that process and
    leaves Ctrl-C to it, which stops the pool once the chunks in hand are done.
    """
    from kg import nlp

    if owner is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        threading.Thread(target=_exit_with, args=(owner,), daemon=True).start()
    try:
        nlp.load(model)
    except KGError:  # raised again by the first task, where the writer sees it
        log.debug("model %s did not load", model, exc_info=True)


def _exit_with(owner: int) -> None:
    """End this worker once the process that owns its pool is gone.

    ``newskg`` killed with -9 never tells its workers to stop, and the fork server
    they come from lives as long as they do, so they watch the owner themselves.
    """
    while True:
        time.sleep(PARENT_CHECK)
        try:
            os.kill(owner, 0)  # signal 0: only asks whether the process is there
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # there, under another user: the pid was reused
            os._exit(1)


def _work(job: Job, chunk: list[Article]) -> list[Result]:
    """Analyse one chunk in a worker process, with the model that process loaded."""
    from kg import nlp

    language = nlp.load(job.model)  # loaded once per process and model (lru_cache)
    with _parse_lock:
        return list(map_articles(language, job, chunk))


def _parse(job: Job, chunk: list[Prepared]) -> Parsed:
    """Parse a chunk whose dates the writer read, and run the extractors; return the records.

    The worker of :func:`in_processes`: the records travel back, not the quads,
    which pickle to three times the bytes and take as long to map as to ship.
    """
    from kg import nlp, pipeline

    language = nlp.load(job.model)  # loaded once per process and model (lru_cache)
    with _parse_lock:
        analyses = pipeline.analyse_prepared(language, chunk, batch_size=job.batch_size)
        out = [a if isinstance(a, ExtractionError) else a.records for a in analyses]
    return nlp.model_id(language), out


class _Submit(Protocol):
    def __call__(self, chunk: list[Any]) -> Future[list[Result]] | Any: ...


def chunks(articles: Iterable[T], size: int) -> Iterator[list[T]]:
    """Cut the article stream into lists of ``size`` (the last may be shorter)."""
    it = iter(articles)
    while chunk := list(itertools.islice(it, max(1, size))):
        yield chunk


class _Ready:
    """A chunk's results computed in this process, kept in line with the futures."""

    def __init__(self, results: list[Result]) -> None:
        self._results = results

    def done(self) -> bool:
        return True

    def result(self) -> list[Result]:
        return self._results

    def cancel(self) -> bool:
        return False


#: Chunks this process may have analysed itself while waiting, ahead of the writer.
HELPED_AHEAD = 2


def in_order(
    submit: _Submit,
    parts: Iterable[list[Any]],
    *,
    window: int,
    on_lost: Callable[[BaseException], KGError],
    helper: Callable[[list[Any]], list[Result]] | None = None,
    idle: Callable[[], None] | None = None,
) -> Iterator[Result]:
    """Submit chunks, at most ``window`` in flight, and yield their results in input order.

    ``on_lost`` turns a failure of the machinery (a worker that died, a lost
    cluster) into the error to raise; errors of single articles come as results.

    With ``helper``, this process analyses the next chunk itself whenever the one
    the writer needs next is not back yet, instead of waiting idle: while the
    workers start and whenever they fall behind. At most :data:`HELPED_AHEAD`
    such chunks wait for the writer; the results come in the same order either way.

    ``idle`` is called (once per chunk at most) when the writer would otherwise
    wait for the next chunk: the writer's chores that may run at any time (entity
    resolution) are done then rather than at the end.
    """
    pending: deque[Any] = deque()
    stream = iter(parts)
    exhausted = False
    flying = 0  # chunks submitted and not yet taken back
    helped = 0  # chunks analysed here and not yet taken back
    while True:
        while not exhausted and flying < window:
            chunk = next(stream, None)
            if chunk is None:
                exhausted = True
            else:
                pending.append(submit(chunk))
                flying += 1
        if not pending:
            return
        future = pending[0]
        if helper is not None and not exhausted and helped < HELPED_AHEAD and not future.done():
            chunk = next(stream, None)
            if chunk is None:
                exhausted = True
            else:
                pending.append(_Ready(helper(chunk)))
                helped += 1
            continue
        if idle is not None and not future.done():
            idle()
        pending.popleft()
        if isinstance(future, _Ready):
            helped -= 1
        else:
            flying -= 1
        try:
            results = future.result()
        except KGError:
            raise
        except Exception as e:
            for other in pending:
                other.cancel()
            raise on_lost(e) from e
        yield from results


class _Mapping:
    """A chunk sent to a worker: its future, and the mapping to quads done here once it is back."""

    def __init__(self, future: Future[Parsed], finish: Callable[[Parsed], list[Result]]) -> None:
        self._future = future
        self._finish = finish

    def done(self) -> bool:
        return self._future.done()

    def result(self) -> list[Result]:
        return self._finish(self._future.result())

    def cancel(self) -> bool:
        return self._future.cancel()


def _context(model: str | None) -> Any:
    """Return multiprocessing's fork-server context, set to preload what the workers need."""
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    # the analysis modules (spaCy with them) for every worker; the default model too
    preload = ["kg.parallel", "kg.pipeline"] if model else ["kg.parallel", "kg._forkserver"]
    context.set_forkserver_preload(preload)
    return context


def start_early(model: str | None = None) -> None:
    """Start the fork server the workers of :func:`in_processes` come from, without waiting for it.

    It imports spaCy and loads the model (a second or two) while this process goes
    on importing and reading the articles, instead of after.
    """
    from multiprocessing import forkserver

    _context(model)
    forkserver.ensure_running()


#: Bytes of input below which an ingest hardly needs a worker process (about one batch).
SMALL_INPUT = 128 * 1024


def worth_workers(paths: Iterable[str]) -> bool:
    """Tell whether the files under ``paths`` hold more than :data:`SMALL_INPUT` bytes.

    A guess made before reading anything, to start the workers' fork server early
    (:func:`start_early`); :meth:`kg.api.NewsKG.ingest` decides on the articles read.
    """
    total = 0
    for path in paths:
        files = (
            (os.path.join(d, f) for d, _, names in os.walk(path) for f in names)
            if os.path.isdir(path)
            else iter([path])
        )
        for file in files:
            try:
                total += os.path.getsize(file)
            except OSError:  # missing or unreadable: the ingest reports it
                continue
            if total > SMALL_INPUT:
                return True
    return False


def in_processes(
    jobs: int,
    job: Job,
    articles: Iterable[Article],
    *,
    helper: Callable[[], Language] | None = None,
    idle: Callable[[], None] | None = None,
) -> Iterator[Result]:
    """Analyse in ``jobs`` worker processes, each loading the model once; yield in input order.

    The work splits by what it needs. This process, the writer, reads each
    article's publication date and date expressions (:func:`kg.pipeline.prepared`:
    the article alone) and maps the records that come back to quads; the workers
    parse and run the extractors (the model and the parse). So with ``jobs=1`` the
    one worker parses while the writer writes, and the records cross between the
    processes rather than the larger quads.

    With ``helper`` (which returns this process's own model), this process also
    analyses a chunk whenever the next one the writer needs is not back yet
    (:func:`in_order`), and calls ``idle`` when it would otherwise wait.

    Workers fork from multiprocessing's fork server, a fresh single-threaded process
    that imports NewsKG once: unlike a fork of this process they inherit neither the
    store's open files and threads nor a lock held at fork time, and unlike ``spawn``
    they do not import everything again. The fork server also imports what every
    worker needs and loads the default model (:mod:`kg._forkserver`), so workers
    start with them, shared copy-on-write; a worker asked for another model loads
    its own (about 100 MB for en_core_web_sm) in the pool's initializer, once.
    """
    from kg import extract, nlp, pipeline

    nlp.resolve_model(job.model)  # no model installed: say so now, not from every worker
    minter = Minter(job.base_iri)
    versions = extract.versions()

    def finish(chunk: list[Prepared], parsed: Parsed) -> list[Result]:
        model, outs = parsed
        done = iter(outs)
        results: list[Result] = []
        for article, times in chunk:
            if isinstance(times, Exception):  # not sent: the message analyse() would give
                results.append(
                    ExtractionError(
                        f"{article.source}: analysis failed ({type(times).__name__}: {times})"
                    )
                )
                continue
            out = next(done)
            if isinstance(out, ExtractionError):
                results.append(out)
            else:
                results.append(_map(article, out, minter, model, versions, job))
        return results

    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=_context(job.model),
        initializer=_start_worker,
        initargs=(job.model, os.getpid()),
    ) as pool:

        def submit(chunk: list[Prepared]) -> _Mapping:
            sent: list[Prepared] = [(a, t) for a, t in chunk if not isinstance(t, Exception)]
            future = pool.submit(_parse, job, sent)
            return _Mapping(future, lambda parsed: finish(chunk, parsed))

        help_here: Callable[[list[Prepared]], list[Result]] | None = None
        if helper is not None:
            model_here = helper

            def help_here(chunk: list[Prepared]) -> list[Result]:
                language = model_here()
                sent: list[Prepared] = [(a, t) for a, t in chunk if not isinstance(t, Exception)]
                analyses = pipeline.analyse_prepared(language, sent, batch_size=job.batch_size)
                outs = [a if isinstance(a, ExtractionError) else a.records for a in analyses]
                return finish(chunk, (nlp.model_id(language), outs))

        def lost(e: BaseException) -> KGError:
            if isinstance(e, BrokenProcessPool):
                return KGError(
                    "an analysis worker process died (killed, or out of memory?); every article "
                    "written so far is complete. Run again (with fewer --jobs, or --jobs 1 to "
                    f"find the article at fault): {e}"
                )
            return KGError(f"analysis failed in a worker process ({type(e).__name__}: {e})")

        try:
            yield from in_order(
                submit,
                chunks(pipeline.prepared(articles), job.batch_size),
                window=CHUNKS_PER_WORKER * jobs,
                on_lost=lost,
                helper=help_here,
                idle=idle,
            )
        except BaseException:  # the writer stopped (an error, Ctrl-C): drop what is queued
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def on_dask(address: str, job: Job, articles: Iterable[Article]) -> Iterator[Result]:
    """Analyse on the Dask cluster whose scheduler is at ``address``; yield in input order."""
    try:
        from kg import cluster
    except ImportError as e:
        raise ConfigError(
            f"--scheduler needs Dask distributed, which is not installed ({e}): "
            "run `pip install 'newskg[cluster]'`"
        ) from e
    return cluster.analyse(address, job, articles)
