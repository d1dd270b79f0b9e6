"""A remote SPARQL 1.1 store over HTTP: the same interface as the embedded :class:`~kg.store.Store`.

``--store http(s)://HOST/.../query`` names a store's SPARQL 1.1 Protocol query
endpoint, ``--update-endpoint`` (``NEWSKG_UPDATE_ENDPOINT``) its update
endpoint when it differs (CONTRACT section 6). Every command then reads and
writes that store the way it does the embedded one:

- an article is still one update request (its ``DELETE`` operations and one
  ``INSERT DATA``), which a SPARQL 1.1 store applies all or nothing;
- the default graph is the union of all graphs unless a caller asks for the
  store's own default graph (``union_default=False``), as in pyoxigraph;
- what pyoxigraph does through its own API is a SPARQL query here: ``len`` is a
  ``COUNT``, ``dump`` a ``SELECT`` over ``GRAPH ?g``, ``named_graphs`` a
  ``SELECT DISTINCT ?g``;
- ``SERVICE`` and ``LOAD`` are refused before anything is sent (issue 10): the
  remote engine would fetch the URL for the caller just as pyoxigraph would.

Stores differ in how they read "the default graph" (see the README's store
table); :class:`RemoteStore` recognises the server by its ``Server`` header:

- **Oxigraph server** keeps a real default graph; the union is asked for with
  its ``union-default-graph`` request parameter.
- **Virtuoso** has no plain default graph (an ``INSERT DATA`` of a triple outside
  ``GRAPH`` fails with SP031) and reads every graph when no dataset is given.
  NewsKG's default graph is therefore kept in the named graph
  :data:`VIRTUOSO_DEFAULT_GRAPH`: inserts put it there, NewsKG's own ``DELETE``
  operations get ``WITH`` it, and a query of the store's own default graph
  names it as ``default-graph-uri``. ``dump`` gives its quads back in the
  default graph, so the dataset reads the same as the embedded store's.
- Any other store is sent plain SPARQL 1.1 and is expected to read the union of
  its graphs as the default graph when no dataset is given (RDF4J, GraphDB and
  Blazegraph in quads mode do; Fuseki needs ``unionDefaultGraph``).

The resolution index (:mod:`kg.resolve`) and ``watch``'s state live in a local
folder per store URL (:func:`local_dir`); a missing or stale index is rebuilt
from the store, so any machine can write to the same remote store in turn.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox
import requests

from kg.errors import QueryError, QueryTimeoutError, StoreError
from kg.sparqlguard import query_form, tokens, where_positions
from kg.store import DATASET_FORMATS, Quad, QueryResult, Store, quad_to_sparql, refuse_fetching
from kg.vocab import PREFIXES

log = logging.getLogger(__name__)

#: Seconds a request may take when no ``timeout`` is given (an ingest's resolution
#: run of a large store is one long update).
DEFAULT_TIMEOUT = 600.0
#: Seconds to wait for a connection.
CONNECT_TIMEOUT = 10.0

#: Where NewsKG keeps its default graph on a store that has none (Virtuoso).
VIRTUOSO_DEFAULT_GRAPH = "urn:x-newskg:default-graph"
#: Graphs a Virtuoso server keeps for itself; never part of NewsKG's dataset.
VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/",
    "http://www.w3.org/2002/07/owl",
    "http://www.w3.org/ns/ldp",
    "http://localhost:8890/",
    "http://localuriqaserver/",
    "virtrdf:",
)

_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_GRAPH = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8, application/rdf+xml;q=0.5"


def is_url(location: str | os.PathLike[str]) -> bool:
    """Tell whether a ``--store`` value names a remote store (an http(s) URL)."""
    return isinstance(location, str) and location.startswith(("http://", "https://"))


def local_dir(url: str) -> Path:
    """Return the local folder NewsKG keeps beside the remote store ``url`` (resolution index, watch state).

    >>> local_dir("http://127.0.0.1:7878/query").parent.name
    'remote'
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    parts = urlsplit(url)
    host = "".join(c if c.isalnum() else "-" for c in parts.netloc)
    digest = hashlib.sha256(url.encode()).hexdigest()[:12]
    return Path(base) / "newskg" / "remote" / f"{host}-{digest}"


class RemoteStore(Store):
    """A NewsKG store on a SPARQL 1.1 Protocol endpoint; every method of :class:`~kg.store.Store` over HTTP."""

    def __init__(
        self,
        url: str,
        *,
        update_endpoint: str | None = None,
        read_only: bool = False,
        timeout: float | None = None,
    ) -> None:
        """Connect to the store and learn which server it is (one ``ASK {}``).

        Args:
            url: The query endpoint.
            update_endpoint: The update endpoint (default: ``url``).
            read_only: Refuse writes.
            timeout: Seconds one request may take (default :data:`DEFAULT_TIMEOUT`).

        Raises:
            StoreError: The endpoint cannot be reached or is not a SPARQL endpoint.
        """
        self.location = url
        self.update_url = update_endpoint or url
        self.read_only = read_only
        self.timeout = float(timeout) if timeout else DEFAULT_TIMEOUT
        self.path = local_dir(url)
        if not read_only:
            self.path.mkdir(parents=True, exist_ok=True)
        self._http = requests.Session()
        self.server = ""
        response = self._post(self.location, {"query": "ASK {}"}, _RESULTS, what="query")
        self.server = response.headers.get("Server", "")
        self.dialect = (
            "oxigraph"
            if self.server.startswith("Oxigraph")
            else "virtuoso"
            if "virtuoso" in self.server.lower()
            else "sparql11"
        )
        log.info("remote store %s (%s, %s)", url, self.server or "server unknown", self.dialect)

    def __repr__(self) -> str:
        return f"RemoteStore({self.location!r})"

    # ------------------------------------------------------------------ HTTP

    def _post(
        self,
        url: str,
        form: dict[str, Any],
        accept: str,
        *,
        what: str,
        params: dict[str, Any] | None = None,
    ) -> requests.Response:
        try:
            response = self._http.post(
                url,
                data=form,
                params=params,
                headers={"Accept": accept},
                timeout=(CONNECT_TIMEOUT, self.timeout),
            )
        except requests.Timeout as e:
            raise QueryTimeoutError(
                f"the store at {url} did not answer the {what} within {self.timeout:g} s"
            ) from e
        except requests.RequestException as e:
            raise StoreError(
                f"cannot reach the SPARQL endpoint {url}: {_reason(e)}; is the store running "
                "and the URL right?"
            ) from e
        if response.status_code >= 400:
            message = _first_line(response.text) or response.reason
            if response.status_code in (400, 422):
                # the prologue NewsKG adds is one line: count lines as the caller wrote them
                message = re.sub(
                    r"\b(at|line) (\d+)", lambda m: f"{m[1]} {max(int(m[2]) - 1, 1)}", message
                )
                hint = ""
                if what == "update" and self.update_url == self.location:
                    hint = (
                        "; if the store takes updates at another URL (Oxigraph server: "
                        "/update), give it with --update-endpoint"
                    )
                raise QueryError(f"the store at {url} refused the {what}: {message}{hint}")
            if response.status_code in (401, 403):
                raise StoreError(
                    f"the store at {url} does not allow this {what} ({response.status_code}: "
                    f"{message}); give an update endpoint that accepts writes with "
                    "--update-endpoint, or grant them on the store"
                )
            if response.status_code in (404, 405, 415):
                raise StoreError(
                    f"{url} does not take a SPARQL {what} ({response.status_code} "
                    f"{response.reason}); check the URL"
                    + (
                        " or give the update endpoint with --update-endpoint"
                        if what != "query"
                        else ""
                    )
                )
            raise StoreError(
                f"the store at {url} failed the {what}: {response.status_code} {message}"
            )
        return response

    def _prologue(self, base_iri: str | None) -> str:
        base = f"BASE <{base_iri}> " if base_iri else ""
        return base + " ".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()) + "\n"

    def _send_update(self, text: str, *, base_iri: str | None = None) -> None:
        if self.read_only:
            raise StoreError(f"the store {self.location} is open read-only")
        self._post(
            self.update_url, {"update": self._prologue(base_iri) + text}, "*/*", what="update"
        )

    # ------------------------------------------------------------------ the Store interface

    def refresh(self, *, min_interval: float = 1.0) -> None:
        """Do nothing: every request reads the store as it is."""

    def reopen(self) -> None:
        """Do nothing: there is no handle to reopen."""

    def flush(self) -> None:
        """Do nothing: the store made each update durable before answering."""

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()

    def query(
        self,
        sparql: str,
        *,
        union_default: bool = True,
        base_iri: str | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query on the store; the same arguments and result as :meth:`kg.store.Store.query`."""
        refuse_fetching(sparql)
        params: dict[str, Any] = {}
        form: dict[str, Any] = {"query": self._prologue(base_iri) + sparql}
        if default_graphs is not None or named_graphs is not None:
            form["default-graph-uri"] = list(default_graphs or ())
            form["named-graph-uri"] = list(named_graphs or ())
        elif union_default:
            if self.dialect == "oxigraph":
                params["union-default-graph"] = ""
        elif self.dialect == "virtuoso":
            form["default-graph-uri"] = [VIRTUOSO_DEFAULT_GRAPH]
            form["query"] = self._prologue(base_iri) + variable_graphs(
                sparql, exclude=VIRTUOSO_DEFAULT_GRAPH
            )
        graph = query_form(sparql) in ("CONSTRUCT", "DESCRIBE")
        response = self._post(
            self.location, form, _GRAPH if graph else _RESULTS, what="query", params=params
        )
        media = response.headers.get("Content-Type", "").split(";")[0].strip()
        try:
            if graph:
                rdf = ox.RdfFormat.from_media_type(media)
                if rdf is None:
                    raise StoreError(
                        f"the store at {self.location} answered with {media!r}, not RDF"
                    )
                return QueryResult("graph", list(ox.parse(response.content, format=rdf)))
            fmt = ox.QueryResultsFormat.from_media_type(media)
            if fmt is None:
                raise StoreError(
                    f"the store at {self.location} answered with {media!r}, not SPARQL results"
                )
            raw = ox.parse_query_results(response.content, format=fmt)
        except SyntaxError as e:
            raise StoreError(
                f"the store at {self.location} sent a result NewsKG cannot read: {e}"
            ) from e
        if isinstance(raw, ox.QueryBoolean):
            return QueryResult("ask", raw)
        return QueryResult("select", raw)

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 Update as one request (``SERVICE`` and ``LOAD`` refused)."""
        if self.read_only:
            raise StoreError(f"the store {self.location} is open read-only")
        refuse_fetching(sparql)
        self._send_update(sparql, base_iri=base_iri)

    def replace(self, delete_where: Iterable[str], quads: Iterable[Quad]) -> None:
        """Run the DELETE operations and insert ``quads`` in one update request (all or nothing)."""
        if self.read_only:
            raise StoreError(f"the store {self.location} is open read-only")
        ops = [self._own_default(op) for op in delete_where]
        if self._default_graph is not None:
            # Virtuoso 7.2 carries a WITH on to the operations after it in the same
            # request, so the operations without one go first; those are NewsKG's
            # writes to one constant graph (resolution, pending), which no operation
            # with a WITH reads
            ops.sort(key=lambda op: op.startswith("WITH "))
        lines = [quad_to_sparql(q, default_graph=self._default_graph) for q in quads]
        if lines:
            ops.append("INSERT DATA {\n" + "\n".join(lines) + "\n}")
        if ops:
            self._send_update(" ;\n".join(ops))

    @property
    def _default_graph(self) -> str | None:
        return VIRTUOSO_DEFAULT_GRAPH if self.dialect == "virtuoso" else None

    def _own_default(self, op: str) -> str:
        """Point one of NewsKG's own DELETE operations at the graph that stands for the default graph."""
        if self._default_graph is None:
            return op
        lexemes = [t for t in tokens(op) if t.kind not in ("space", "comment")]
        words = [t.keyword for t in lexemes[:2]]
        if not words or words[0] not in ("DELETE", "INSERT"):
            return op
        with_ = f"WITH <{self._default_graph}> "
        if words == ["DELETE", "WHERE"]:
            # DELETE WHERE takes no WITH: spell it out as DELETE {P} WHERE {P}
            body = op[lexemes[1].start + len("WHERE") :].strip()
            op = f"DELETE {body} WHERE {body}"
            lexemes = [t for t in tokens(op) if t.kind not in ("space", "comment")]
        # Virtuoso 7.2 writes nothing ("Delete from <(NULL)>") for a template in a
        # constant GRAPH <g> under WITH; such operations of NewsKG's read only that
        # graph too, so they go as they are
        head = [t.text for t in lexemes[1:4]]
        if (
            len(head) == 3
            and head[0] == "{"
            and head[1].upper() == "GRAPH"
            and head[2].startswith("<")
        ):
            return op
        where, _ = where_positions(op)
        if where:  # GRAPH ?v in the WHERE clause: not the stand-in for the default graph
            op = op[: where[0]] + variable_graphs(op[where[0] :], exclude=self._default_graph)
        return with_ + op

    def __len__(self) -> int:
        """Return the number of quads NewsKG's dataset holds."""
        n = 0
        for row in self._count_rows():
            n += int(row["n"])
        return n

    def _count_rows(self) -> Iterator[dict[str, str]]:
        named = (
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter()} }}"
        )
        yield from self.query(named).rows()
        if self._default_graph is None:
            yield from self.query(
                "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", union_default=False
            ).rows()

    def _graph_filter(self, var: str = "?g") -> str:
        if self.dialect != "virtuoso":
            return ""
        tests = " || ".join(f'STRSTARTS(STR({var}), "{p}")' for p in VIRTUOSO_SYSTEM_GRAPHS)
        return f"FILTER(!({tests}))"

    def named_graphs(self) -> Iterator[str]:
        """Yield the IRIs of the store's named graphs (NewsKG's stand-in for the default graph left out)."""
        rows = self.query(
            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter()} }}"
        ).rows()
        for row in rows:
            if row["g"] != self._default_graph:
                yield row["g"]

    def graph_count(self) -> int:
        """Return the number of non-empty named graphs (one per fact)."""
        return sum(1 for _ in self.named_graphs())

    def quads(self) -> Iterator[ox.Quad]:
        """Yield every quad of NewsKG's dataset, the default graph's as in the embedded store."""
        default = ox.DefaultGraph()
        stand_in = self._default_graph
        solutions = self.query(
            f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter()} }}"
        )._raw
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            g = row["g"]
            graph = default if stand_in is not None and g.value == stand_in else g
            yield ox.Quad(row["s"], row["p"], row["o"], graph)
        if stand_in is None:
            solutions = self.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", union_default=False)._raw
            assert isinstance(solutions, ox.QuerySolutions)
            for row in solutions:
                yield ox.Quad(row["s"], row["p"], row["o"], default)

    def dump(self, fmt: str = "nquads") -> bytes:
        """Serialize the whole dataset (``nquads`` or ``trig``)."""
        out = ox.serialize(self.quads(), format=DATASET_FORMATS[fmt])
        assert out is not None
        return out


def variable_graphs(sparql: str, *, exclude: str | None = None) -> str:
    """Write each ``GRAPH <iri> { P }`` of a query as ``GRAPH ?v { P } FILTER(?v = <iri>)``.

    Virtuoso 7.2, given a ``default-graph-uri``, matches ``GRAPH ?v`` against
    every graph but ``GRAPH <iri>`` against none (it reads the missing
    ``named-graph-uri`` strictly only for constants); NewsKG's queries of the
    store's own default graph need both. With ``exclude``, each ``GRAPH ?v``
    also gets ``FILTER(?v != <exclude>)``: the graph that stands for the
    default graph is not a named graph of NewsKG's dataset.

    >>> variable_graphs("SELECT ?s { GRAPH <urn:g> { ?s ?p ?o } }")
    'SELECT ?s { GRAPH ?newskg_graph1 { ?s ?p ?o } FILTER(?newskg_graph1 = <urn:g>) }'
    """
    items = list(tokens(sparql))
    out: list[str] = []
    closing: dict[int, str] = {}  # depth of an open rewritten group -> its filter
    depth = 0
    n = 0
    i = 0
    while i < len(items):
        tok = items[i]
        nxt = [j for j in range(i + 1, min(i + 6, len(items))) if items[j].kind != "space"]
        if (
            tok.keyword == "GRAPH"
            and len(nxt) >= 2
            and items[nxt[0]].kind == "iri"
            and items[nxt[1]].text == "{"
        ):
            n += 1
            var = f"?newskg_graph{n}"
            out.append(f"GRAPH {var} ")
            closing[depth + 1] = f" FILTER({var} = {items[nxt[0]].text})"
            i = nxt[1]
            continue
        if exclude is not None and tok.keyword == "GRAPH" and nxt and items[nxt[0]].text in "?$":
            # GRAPH ?v {: the variable's name, then the group's brace
            after = [j for j in range(nxt[0] + 2, min(nxt[0] + 5, len(items)))]
            brace = [j for j in after if items[j].kind != "space"]
            if nxt[0] + 1 < len(items) and brace and items[brace[0]].text == "{":
                name = items[nxt[0] + 1].text
                closing[depth + 1] = f" FILTER(?{name} != <{exclude}>)"
        out.append(tok.text)
        if tok.kind == "other" and tok.text == "{":
            depth += 1
        elif tok.kind == "other" and tok.text == "}":
            filt = closing.pop(depth, None)
            if filt:
                out.append(filt)
            depth -= 1
        i += 1
    return "".join(out)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("<"):
            return line[:300]
    return ""


def _reason(e: requests.RequestException) -> str:
    text = str(e)
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "Failed to resolve" in text:
        return "unknown host"
    return type(e).__name__
