"""The public Python API: :class:`NewsKG`, a knowledge graph in a store directory.

>>> from kg import NewsKG                                   # doctest: +SKIP
>>> kg = NewsKG("newskg-data")                              # doctest: +SKIP
>>> report = kg.ingest(["seeds/"])                          # doctest: +SKIP
>>> for row in kg.query("SELECT ?s WHERE { ?s nk:said ?c }").rows(): ...  # doctest: +SKIP

The library never prints; progress reaches the caller through ``on_progress``.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, BinaryIO

from rdflib import URIRef
from spacy.language import Language

from kg import history, mapping, nlp, parallel, pipeline, read, resolve, settings
from kg.article import Article
from kg.errors import ConfigError, ExtractionError, InputError, KGError
from kg.iri import Minter, article_key
from kg.jsonout import article_json
from kg.store import QueryResult, Store, open_store

if TYPE_CHECKING:
    import networkx as nx

log = logging.getLogger(__name__)

#: Articles written between two incremental resolution runs of one ``ingest``.
RESOLVE_EVERY = 1000


@dataclass
class IngestReport:
    """What one ``ingest`` did."""

    read: int = 0  # articles read and written
    duplicates: int = 0  # articles seen twice in this run and skipped
    facts: int = 0  # facts written
    errors: list[KGError] = field(default_factory=list)  # inputs that failed, each naming its file
    resolution: ResolveReport | None = None  # what entity resolution found afterwards

    @property
    def failed(self) -> int:
        """Number of inputs that could not be ingested."""
        return len(self.errors)


@dataclass
class ResolveReport:
    """What one entity-resolution run found over the whole store (see :mod:`kg.resolve`)."""

    merges: int = 0  # entity nodes made one with another node (owl:sameAs its canonical node)
    copies: int = 0  # articles that are copies of another (nk:duplicateOf)
    linked: int = 0  # places and states linked to GeoNames
    full: bool = False  # recomputed from scratch rather than for the articles written or removed
    articles: int = 0  # articles this run took into account


@dataclass
class RemoveReport:
    """What one ``remove`` did."""

    removed: list[str] = field(default_factory=list)  # sources of the articles removed
    missing: list[str] = field(default_factory=list)  # what was asked for but is not in the store
    resolution: ResolveReport | None = None


class NewsKG:
    """A NewsKG knowledge graph kept in an Oxigraph store directory or a remote SPARQL 1.1 store."""

    def __init__(
        self,
        store: str | os.PathLike[str] | None = None,
        *,
        model: str | None = None,
        base_iri: str | None = None,
        batch_size: int | None = None,
        read_only: bool = False,
        update_endpoint: str | None = None,
    ) -> None:
        self.store_path = str(settings.get("store", store))
        self.update_endpoint = update_endpoint  # a remote store's, when not its query URL
        self.model = settings.get("model", model)
        self.minter = Minter(settings.get("base_iri", base_iri))
        self.batch_size = int(settings.get("batch_size", batch_size))
        self.read_only = read_only
        self._store: Store | None = None
        self._nlp: Language | None = None

    @property
    def store(self) -> Store:
        """The store, opened on first use."""
        if self._store is None:
            self._store = open_store(
                self.store_path, read_only=self.read_only, update_endpoint=self.update_endpoint
            )
        return self._store

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline, loaded on first use."""
        if self._nlp is None:
            self._nlp = nlp.load(self.model)
        return self._nlp

    def close(self) -> None:
        """Flush and close the store."""
        if self._store is not None:
            self._store.flush()
            self._store = None

    def __enter__(self) -> NewsKG:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _articles(
        self, paths: Sequence[str], report: IngestReport, on_progress: Callable[[str], None] | None
    ) -> Iterator[Article]:
        """Yield the articles read from ``paths``, once each; bad inputs go to ``report``."""
        seen: set[str] = set()
        for path in read.iter_files(paths):
            if isinstance(path, InputError):
                report.errors.append(path)
                continue
            for item in read.read_path(path):
                if isinstance(item, InputError):
                    report.errors.append(item)
                    log.debug("%s", item)
                    continue
                key = article_key(item)
                if key in seen:
                    report.duplicates += 1
                    continue
                seen.add(key)
                yield item
            if on_progress is not None:
                on_progress(path)

    def _analyses(
        self, paths: Sequence[str], report: IngestReport, on_progress: Callable[[str], None] | None
    ) -> Iterator[pipeline.Analysis]:
        articles = self._articles(paths, report, on_progress)
        for result in pipeline.analyse(self.nlp, articles, batch_size=self.batch_size):
            if isinstance(result, ExtractionError):
                report.errors.append(result)
                continue
            yield result

    def ingest(
        self,
        paths: Sequence[str],
        *,
        on_progress: Callable[[str], None] | None = None,
        jobs: int = 1,
        scheduler: str | None = None,
    ) -> IngestReport:
        """Read files and directories, extract facts, and write them to the store.

        Each article is written in one transaction that first removes what an earlier
        ingest of the same article wrote, so re-ingesting never duplicates. A bad
        input is recorded in the report and the others are still ingested.

        The analysis runs in ``jobs`` worker processes (in this process when there are
        no more articles than one batch), or on the Dask cluster whose scheduler is at
        ``scheduler`` (``tcp://host:port``; needs ``newskg[cluster]``). Writing stays
        here, one article at a time in input
        order, so the store ends the same either way (:mod:`kg.parallel`).
        """
        if jobs < 1:
            raise ConfigError(f"jobs must be at least 1, not {jobs}")
        report = IngestReport()
        store = self.store
        job = parallel.Job(
            model=self.model,
            base_iri=self.minter.base,
            batch_size=self.batch_size,
            now=datetime.now(UTC).replace(microsecond=0),
        )
        articles: Iterator[Article] = self._articles(paths, report, on_progress)
        here = False
        if not scheduler:
            # one batch is analysed sooner here than by a process that must load the model
            head = list(itertools.islice(articles, self.batch_size + 1))
            here = len(head) <= self.batch_size
            articles = itertools.chain(head, articles)
        resolved = 0  # articles written when resolution last ran

        def resolve_now(written: int) -> None:
            # while the writer waits for the workers: resolution is incremental and
            # gives the same graph however the articles are grouped (kg.resolve)
            nonlocal resolved
            if written > resolved:
                self.resolve()
                resolved = written

        if scheduler:
            results = parallel.on_dask(scheduler, job, articles)
        elif here:
            results = parallel.in_this_process(self.nlp, job, articles)
        else:
            # with --jobs 1 too: the one worker parses while this process writes
            helper = (lambda: self.nlp) if jobs > 1 else None
            results = parallel.in_processes(
                jobs, job, articles, helper=helper, idle=lambda: resolve_now(report.read)
            )
        for result in results:
            if isinstance(result, ExtractionError):
                report.errors.append(result)
                continue
            try:
                facts = self._write(store, result)
            except KGError as e:
                report.errors.append(InputError(result.source, str(e)))
                continue
            report.read += 1
            report.facts += facts
            if report.read - resolved >= RESOLVE_EVERY:
                # resolution goes along, so that a whole corpus never waits in memory
                resolve_now(report.read)
        if report.read:
            report.resolution = self.resolve()
        store.flush()
        return report

    def _write(self, store: Store, mapped: parallel.Mapped) -> int:
        """Write one analysed article in one transaction, with its change record; return its facts."""
        before = history.previous(store, str(mapped.article_iri))
        quads = mapping.keep_first_written(mapped.quads, before.facts)
        # the change log keeps the write's own time, to the microsecond, so that two
        # writes in one second keep their order (the facts keep the run's second)
        change = history.change_quads(
            self.minter, mapped.article_iri, mapped.source, before, quads, datetime.now(UTC)
        )
        facts = len({g for *_, g in quads if g is not None})  # one graph per fact
        quads.append(resolve.pending_quad(self.minter.resolution_graph(), mapped.article_iri))
        # an article the store does not hold has nothing to delete: its quads go in as such
        new = not before.existed and not before.facts
        deletes = [] if new else mapping.delete_article(mapped.article_iri)
        store.replace(deletes, [*quads, *change])
        return facts

    def resolve(self, *, full: bool = False) -> ResolveReport:
        """Bring cross-article identity up to date with the store (run by ``ingest`` and ``remove``).

        Updates the resolution graph in one transaction: which entity nodes are one
        thing (``nk:canonical``, ``owl:sameAs``), GeoNames links, copies
        (``nk:duplicateOf``) and the support of every fact; entity nodes no fact uses
        any more are dropped in the same transaction. Only what the articles written
        or removed since the last run touch is recomputed; ``full`` recomputes
        everything from scratch (for repair: both give the same graph).
        """
        graph = self.minter.resolution_graph()
        activity = self.minter.extractor("resolve", resolve.VERSION)
        found = resolve.resolve(self.store, graph, activity, full=full)
        return ResolveReport(
            merges=found.merges,
            copies=found.copies,
            linked=found.linked,
            full=found.full,
            articles=found.articles,
        )

    def remove(self, sources: Sequence[str]) -> RemoveReport:
        """Remove articles, the facts read from them and the links they took part in.

        Each source is what ``dcterms:source`` holds (the URL, else the path as it was
        ingested), an article id, or a directory, which removes every article read
        from below it. Facts other articles state stay: each article has its own.
        """
        report = RemoveReport()
        store = self.store
        for source in sources:
            found = resolve.find_articles(store, source)
            if not found:
                report.missing.append(source)
            for iri, src in found:
                before = history.previous(store, iri)
                change = history.change_quads(
                    self.minter, URIRef(iri), src, before, [], datetime.now(UTC), removed=True
                )
                marker = resolve.pending_quad(self.minter.resolution_graph(), URIRef(iri))
                store.replace(mapping.delete_article(URIRef(iri)), [*change, marker])
                report.removed.append(src)
        if report.removed:
            report.resolution = self.resolve()
        store.flush()
        return report

    def extract(
        self,
        paths: Sequence[str],
        *,
        errors: list[KGError] | None = None,
        on_progress: Callable[[str], None] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Analyse files like :meth:`ingest` but yield JSON-ready dicts (CONTRACT section 5); write nothing."""
        report = IngestReport()
        try:
            for analysis in self._analyses(paths, report, on_progress):
                yield article_json(analysis, self.minter)
        finally:
            if errors is not None:
                errors.extend(report.errors)

    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL query over the store (default graph = union of all graphs)."""
        return self.store.query(sparql)

    def to_networkx(self, *, include_articles: bool = True) -> nx.MultiDiGraph:
        """Return the graph the exports write, as a NetworkX ``MultiDiGraph``, without a file.

        The nodes and edges and their attributes are those of
        :func:`kg.export.build_graph` (labels, types, colours, sizes, dates, provenance),
        so centrality, communities and paths can run on it directly.
        """
        from kg import export as graph_export

        return graph_export.build_graph(self.store, include_articles=include_articles)

    def export(self, fmt: str, out: str | os.PathLike[str] | BinaryIO) -> None:
        """Write the graph as ``gexf``, ``graphml`` or ``json`` (node-link) to a path or binary file."""
        from kg import export as graph_export

        graph_export.export(self.store, fmt, out)
