"""The embedded Oxigraph store on disk.

Writers (:func:`open_store` with ``read_only=False``) take the store's lock:
one article's quads go in as one SPARQL Update, so an article is replaced all or
nothing. Readers (``query``, ``export``, ``serve``) open the store read-only,
so any number of them can run beside one writer.

rdflib terms come in (from :mod:`kg.mapping`); results leave as Python strings
or serialized bytes, never as pyoxigraph objects.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError, ResultTooLargeError, StoreError
from kg.sparqlguard import forbidden_keywords
from kg.vocab import PREFIXES

log = logging.getLogger(__name__)

Quad = tuple[Node, Node, Node, Node | None]


def refuse_fetching(sparql: str) -> None:
    """Raise :class:`QueryError` when a query or update uses ``SERVICE`` or ``LOAD``.

    pyoxigraph would run them with its own HTTP client, letting any caller of a
    public endpoint make the server fetch arbitrary URLs (issue 10); the check
    tokenizes the text as the SPARQL grammar does (:mod:`kg.sparqlguard`), so no
    spelling slips through.
    """
    found = forbidden_keywords(sparql)
    if found:
        what = " and ".join(found)
        raise QueryError(
            f"{what} is not allowed: NewsKG never fetches a URL for a caller and only "
            "queries its own store"
        )


#: Result formats by short name, for SELECT/ASK results and for graphs.
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}
DATASET_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to its pyoxigraph twin."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_ox_quad(q: Quad) -> ox.Quad:
    """Convert an rdflib quad (a ``None`` graph: the default graph) to its pyoxigraph twin."""
    g = q[3]
    graph = ox.DefaultGraph() if g is None else to_ox(g)
    return ox.Quad(to_ox(q[0]), to_ox(q[1]), to_ox(q[2]), graph)  # type: ignore[arg-type]


def quad_to_sparql(q: Quad, *, default_graph: str | None = None) -> str:
    """Write a quad for ``INSERT DATA``; ``default_graph`` names the graph that stands for the default graph."""
    s, p, o, g = (to_ox(q[0]), to_ox(q[1]), to_ox(q[2]), q[3])
    triple = f"{s} {p} {o} ."
    if g is None and default_graph is not None:
        return f"GRAPH <{default_graph}> {{ {triple} }}"
    return f"GRAPH {to_ox(g)} {{ {triple} }}" if g is not None else triple


@dataclass
class QueryResult:
    """The result of one SPARQL query: solutions, a boolean, or triples."""

    kind: TypingLiteral["select", "ask", "graph"]
    #: a remote store's graph result arrives parsed, as a list of triples
    _raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]

    @property
    def variables(self) -> list[str]:
        """Return the variable names of a SELECT result."""
        if isinstance(self._raw, ox.QuerySolutions):
            return [v.value for v in self._raw.variables]
        return []

    @property
    def boolean(self) -> bool:
        """Return the answer of an ASK query."""
        return bool(self._raw)

    def rows(self) -> Iterator[dict[str, str]]:
        """Yield SELECT solutions as {variable: lexical value} (unbound variables left out)."""
        if not isinstance(self._raw, ox.QuerySolutions):
            raise QueryError("only a SELECT query has rows")
        names = self.variables
        for solution in self._raw:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = value.value
            yield row

    def serialize(self, fmt: str, *, max_bytes: int | None = None) -> bytes:
        """Serialize the result: json/xml/csv/tsv for SELECT and ASK; turtle/ntriples/rdfxml/jsonld for graphs.

        Args:
            fmt: The short format name.
            max_bytes: Stop with :class:`~kg.errors.ResultTooLargeError` once the
                result grows past this many bytes (the rest is never computed).
        """
        if isinstance(self._raw, ox.QueryTriples | list):
            if fmt not in GRAPH_FORMATS:
                raise QueryError(
                    f"a graph result cannot be written as {fmt!r}; use one of {sorted(GRAPH_FORMATS)}"
                )
            target: ox.QueryResultsFormat | ox.RdfFormat = GRAPH_FORMATS[fmt]
        else:
            if fmt not in RESULT_FORMATS:
                raise QueryError(
                    f"a {self.kind} result cannot be written as {fmt!r}; use one of {sorted(RESULT_FORMATS)}"
                )
            target = RESULT_FORMATS[fmt]
        out = _CappedBuffer(max_bytes)
        # results are computed lazily, so evaluation errors surface while writing them
        try:
            if isinstance(self._raw, list):
                ox.serialize(self._raw, out, format=target)  # type: ignore[arg-type]
            else:
                self._raw.serialize(out, format=target)  # type: ignore[arg-type]
        except _TooLarge as e:
            raise ResultTooLargeError(
                f"the result is larger than max_result_bytes ({max_bytes} bytes) and was "
                "stopped; add a LIMIT, select fewer variables or page with OFFSET"
            ) from e
        except (OSError, ValueError) as e:
            raise QueryError(f"the query failed while its results were written: {e}") from e
        return out.getvalue()


class _TooLarge(Exception):
    pass


class _CappedBuffer:
    """A binary sink that refuses to grow past ``limit`` bytes (None: no limit)."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.size = 0
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.limit is not None and self.size > self.limit:
            raise _TooLarge
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


class Store:
    """A NewsKG store: an Oxigraph database in a directory.

    Its methods are the interface every store has: :class:`kg.remote.RemoteStore`
    gives them over a SPARQL 1.1 endpoint.
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        #: what ``--store`` named: the directory, or a remote store's URL
        self.location = str(path)
        self.read_only = read_only
        self._signature: tuple[float, int] | None = None
        self._checked = 0.0
        self._db = self._open()

    def _open(self) -> ox.Store:
        try:
            if self.read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(
                        f"no NewsKG store at {self.path}: run `newskg ingest PATH --store {self.path}` first"
                    )
                db = ox.Store.read_only(str(self.path))
                self._signature = self._disk_signature()
                return db
            self.path.mkdir(parents=True, exist_ok=True)
            return ox.Store(str(self.path))
        except OSError as e:
            if "lock" in str(e).lower():
                raise StoreError(
                    f"the store {self.path} is being written by another newskg process; "
                    "wait for it to finish or use another --store"
                ) from e
            raise StoreError(f"cannot open the store {self.path}: {e}") from e

    def _disk_signature(self) -> tuple[float, int]:
        stats = [e.stat() for e in os.scandir(self.path) if e.is_file()]
        return (max((s.st_mtime for s in stats), default=0.0), sum(s.st_size for s in stats))

    def refresh(self, *, min_interval: float = 1.0) -> None:
        """Reopen a read-only store when a writer changed it (checked at most every ``min_interval`` s)."""
        if not self.read_only or time.monotonic() - self._checked < min_interval:
            return
        self._checked = time.monotonic()
        signature = self._disk_signature()
        if signature != self._signature:
            log.info("store %s changed on disk; reopening", self.path)
            self._db = self._open()

    def reopen(self) -> None:
        """Open the store afresh (a read-only handle then sees what writers committed since)."""
        self._db = self._open()

    def __len__(self) -> int:
        return len(self._db)

    def replace(self, delete_where: Iterable[str], quads: Iterable[Quad]) -> None:
        """Run the DELETE patterns and insert ``quads`` as one transaction (all or nothing).

        Args:
            delete_where: SPARQL Update ``DELETE ... WHERE ...`` operations (prefixes of
                :data:`kg.vocab.PREFIXES` are declared). None (a new article) writes
                the quads straight through pyoxigraph's API, which is about twice
                as fast as parsing them from SPARQL text.
            quads: rdflib quads to insert; a ``None`` graph means the default graph.
        """
        if self.read_only:
            raise StoreError(f"the store {self.path} is open read-only")
        ops = [*delete_where]
        try:
            if not ops:
                # Store.extend is one transaction too: all the quads or none
                self._db.extend([to_ox_quad(q) for q in quads])
                return
            body = "\n".join(quad_to_sparql(q) for q in quads)
            if body:
                ops.append("INSERT DATA {\n" + body + "\n}")
            self._db.update(" ;\n".join(ops), prefixes=PREFIXES)
        except (OSError, SyntaxError, ValueError) as e:
            raise StoreError(f"cannot write to the store {self.path}: {e}") from e

    def query(
        self,
        sparql: str,
        *,
        union_default: bool = True,
        base_iri: str | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query; the default graph is the union of all graphs unless told otherwise.

        Args:
            sparql: The query.
            union_default: Query the union of all graphs as the default graph.
            base_iri: The IRI relative IRIs of the query resolve against (the
                endpoint's URL on the server).
            default_graphs: IRIs of the graphs whose merge is the default graph (a
                protocol dataset, which overrides the query's FROM clauses).
            named_graphs: IRIs of the graphs ``GRAPH`` may match (overrides FROM NAMED).
        """
        refuse_fetching(sparql)
        self.refresh()
        dataset: dict[str, Any] = {}
        if default_graphs is not None or named_graphs is not None:
            # SPARQL 1.1 Protocol 2.1.4: a graph list left out is empty.
            try:
                dataset["default_graph"] = [ox.NamedNode(g) for g in default_graphs or ()]
                dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or ()]
            except ValueError as e:
                raise QueryError(f"not a graph IRI: {e}") from e
            union_default = False
        try:
            raw = self._db.query(
                sparql,
                base_iri=base_iri,
                prefixes=PREFIXES,
                use_default_graph_as_union=union_default,
                **dataset,
            )
        except SyntaxError as e:
            raise QueryError(f"malformed SPARQL query: {e}") from e
        except OSError as e:
            raise StoreError(f"cannot read the store {self.path}: {e}") from e
        if isinstance(raw, ox.QuerySolutions):
            return QueryResult("select", raw)
        if isinstance(raw, ox.QueryBoolean):
            return QueryResult("ask", raw)
        return QueryResult("graph", raw)

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 Update as one transaction (``SERVICE`` and ``LOAD`` refused).

        Raises:
            QueryError: The update is malformed or fetches a URL.
            StoreError: The store is read-only or cannot be written.
        """
        if self.read_only:
            raise StoreError(f"the store {self.path} is open read-only")
        refuse_fetching(sparql)
        try:
            self._db.update(sparql, base_iri=base_iri, prefixes=PREFIXES)
        except SyntaxError as e:
            raise QueryError(f"malformed SPARQL update: {e}") from e
        except (OSError, ValueError) as e:
            raise StoreError(f"cannot write to the store {self.path}: {e}") from e

    def named_graphs(self) -> Iterator[str]:
        """Yield the IRIs of the store's named graphs."""
        for graph in self._db.named_graphs():
            if isinstance(graph, ox.NamedNode):
                yield graph.value

    def dump(self, fmt: str = "nquads") -> bytes:
        """Serialize the whole dataset (``nquads`` or ``trig``)."""
        out = self._db.dump(format=DATASET_FORMATS[fmt])
        assert out is not None
        return out

    def graph_count(self) -> int:
        """Return the number of non-empty named graphs (one per fact)."""
        # Oxigraph keeps a graph's name after its last quad is deleted; count only live ones.
        result = self._db.query("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(result, ox.QuerySolutions)
        return int(next(iter(result))["n"].value)

    def flush(self) -> None:
        """Make every write durable on disk."""
        if not self.read_only:
            self._db.flush()


def open_store(
    path: str | os.PathLike[str],
    *,
    read_only: bool = False,
    update_endpoint: str | None = None,
    timeout: float | None = None,
) -> Store:
    """Open a store: the embedded one in directory ``path`` (created when writing), or a remote one.

    Args:
        path: A directory, or the ``http(s)://`` URL of a SPARQL 1.1 query endpoint.
        read_only: Open for reading only.
        update_endpoint: A remote store's update endpoint, when it is not ``path``
            (default: the ``update_endpoint`` setting, ``$NEWSKG_UPDATE_ENDPOINT``).
        timeout: Seconds one request to a remote store may take.
    """
    if isinstance(path, str) and path.startswith(("http://", "https://")):
        from kg import settings
        from kg.remote import RemoteStore  # imports an HTTP client only when needed

        return RemoteStore(
            str(path),
            update_endpoint=settings.get("update_endpoint", update_endpoint),
            read_only=read_only,
            timeout=timeout,
        )
    if update_endpoint:
        raise StoreError(
            f"--update-endpoint goes with a remote store (an http(s):// URL as --store), not {path}"
        )
    return Store(path, read_only=read_only)
