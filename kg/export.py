"""Export the knowledge graph for Gephi (GEXF 1.3), other graph tools (GraphML) and web apps (JSON).

:func:`build_graph` reads the store through SPARQL only and returns a
:class:`networkx.MultiDiGraph` whose node ids are IRIs and whose attributes are
all scalars (``str``, ``int``, ``float``, ``bool``; several values are joined
with ``"; "``), so every writer can store them. Each fact (one named graph of
the store) becomes its own edge or edges: two facts between the same nodes stay
two edges, each with its own provenance. Nodes carry their look (``color`` by
type, ``size`` by degree) and edges and nodes their time (``start``, ``end``),
which the GEXF writes as ``viz:`` elements and a dynamic graph for Gephi's
timeline. The ``write_*`` functions take a path or a binary file; :func:`export`
reads the store and writes in one call.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_edge("a", "b", relation="said")
0
>>> next(generate_gexf(G))
'<gexf xmlns="http://gexf.net/1.3" version="1.3">'
"""

from __future__ import annotations

import calendar
import csv
import gc
import io
import itertools
import json
import logging
import math
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any

import networkx as nx
from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.errors import ConfigError, KGError
from kg.store import Store
from kg.vocab import NK

log = logging.getLogger(__name__)

#: A path to write to, or a binary file already open for writing.
PathOrFile = str | os.PathLike[str] | IO[bytes]

#: Separator of several values joined into one attribute.
SEP = "; "

#: Claim labels longer than this are cut (the full words are in the ``text`` attribute).
CLAIM_LABEL_CHARS = 80

#: Classes that give a node its ``type``, most specific first: a node with several takes the first.
NODE_TYPES: tuple[URIRef, ...] = (
    NK.Person,
    NK.Organization,
    NK.State,
    NK.Territory,
    NK.Agreement,
    NK.Claim,
    NK.Article,
    NK.Actor,
)

_TYPE_NAMES = tuple((str(cls), re.split(r"[/#]", str(cls))[-1]) for cls in NODE_TYPES)

#: Node colour by ``type``: the Okabe-Ito palette (Okabe & Ito 2008), told apart with every
#: common colour-vision deficiency; the same colours in the GEXF (``viz:color``) and drawings.
NODE_COLORS: dict[str, str] = {
    "Person": "#D55E00",  # vermillion
    "Organization": "#0072B2",  # blue
    "State": "#009E73",  # bluish green
    "Territory": "#F0E442",  # yellow
    "Agreement": "#CC79A7",  # reddish purple
    "Claim": "#56B4E9",  # sky blue
    "Actor": "#E69F00",  # orange
    "Article": "#999999",  # grey
    "Entity": "#000000",  # black: a node of no known class
}

#: Node size (``viz:size``) is ``SIZE_BASE + SIZE_STEP * sqrt(degree)``: hubs stand out, leaves stay visible.
SIZE_BASE = 6.0
SIZE_STEP = 4.0

#: Triples of a fact graph that become edges, subject -> object.
FACT_EDGES: dict[URIRef, str] = {
    NK.said: "said",
    NK.transferredTo: "transferredTo",
    NK.party: "party",
    NK.broker: "broker",
}

#: Qualifiers of a fact graph whose value is a node: an edge from the fact's subject.
QUALIFIER_EDGES: dict[URIRef, str] = {
    NK.transferredFrom: "transferredFrom",
    NK.underAgreement: "underAgreement",
}

#: Type a node takes when the store gives it none, by its place in a relation.
_FALLBACK_TYPES = {
    ("said", 0): "Actor",
    ("said", 1): "Claim",
    ("transferredTo", 0): "Territory",
    ("party", 0): "Agreement",
    ("broker", 0): "Agreement",
    ("signedOn", 0): "Agreement",
    ("transferredFrom", 1): "Actor",
    ("underAgreement", 1): "Agreement",
    ("relayedBy", 1): "Actor",
}

_NODE_PROPERTIES = (
    RDF.type,
    RDFS.label,
    SKOS.altLabel,
    NK.role,
    NK.text,
    NK.claimKind,
    NK.saidOn,
    NK.relayedBy,
    DCTERMS.title,
    DCTERMS.source,
    DCTERMS.issued,
    DCTERMS.publisher,
)

_FACT_PROPERTIES = (
    PROV.wasDerivedFrom,
    PROV.wasGeneratedBy,
    NK.evidenceText,
    NK.confidence,
    NK.cue,
    NK.dateExpression,
    NK.onDate,
    NK.planned,
    NK.supportingArticles,
    NK.independentReports,
    *QUALIFIER_EDGES,
)

# Characters XML 1.0 cannot hold (C0 controls but tab/newline/return, lone surrogates,
# U+FFFE/U+FFFF): text pasted from the web sometimes has them and the XML writers would
# either fail or write a file no parser accepts.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

Props = dict[str, set[str]]


class _P:
    """The IRIs the export reads, as strings: rdflib's namespace lookups are slow in loops."""

    altLabel = str(SKOS.altLabel)
    claimKind = str(NK.claimKind)
    confidence = str(NK.confidence)
    cue = str(NK.cue)
    dateExpression = str(NK.dateExpression)
    evidenceText = str(NK.evidenceText)
    independentReports = str(NK.independentReports)
    issued = str(DCTERMS.issued)
    label = str(RDFS.label)
    onDate = str(NK.onDate)
    planned = str(NK.planned)
    publisher = str(DCTERMS.publisher)
    relayedBy = str(NK.relayedBy)
    role = str(NK.role)
    said = str(NK.said)
    saidOn = str(NK.saidOn)
    signedOn = str(NK.signedOn)
    source = str(DCTERMS.source)
    supportingArticles = str(NK.supportingArticles)
    text = str(NK.text)
    title = str(DCTERMS.title)
    type = str(RDF.type)
    wasDerivedFrom = str(PROV.wasDerivedFrom)
    wasGeneratedBy = str(PROV.wasGeneratedBy)


def build_graph(store: Store, *, include_articles: bool = True) -> nx.MultiDiGraph:
    """Read the store into a directed multigraph of actors, claims, agreements and territories.

    Nodes are the things some fact is about: persons, organisations and states
    (actors), claims, agreements and territories, plus the articles the facts
    come from when ``include_articles`` is true. Node ids are IRIs; each node has
    ``label`` (what Gephi shows), ``type`` (the class's local name, to colour a
    partition by) and, when known, ``alt_labels``, ``roles``, claim ``text``,
    ``claim_kind`` and ``said_on``, an agreement's ``signed_on``, an article's
    ``title``, ``source``, ``issued`` and ``publisher``.

    Edges, whose ``relation`` (and ``label``) is the ontology term's local name:
    actor -said-> claim, territory -transferredTo-> state, agreement -party-> and
    -broker-> actor, the transfer's qualifiers territory -transferredFrom-> actor
    and -underAgreement-> agreement, claim -relayedBy-> actor, and with
    ``include_articles`` claim/agreement/territory -derivedFrom-> article (one edge
    per node and article, ``facts`` counting the facts behind it). Every edge
    drawn from a fact carries ``fact`` (the named graph's IRI), ``confidence``,
    ``sources`` (how many articles state the fact, across articles once entity
    resolution has run), ``independent_sources`` (the same with copies counted
    once), ``first_source`` (the
    earliest issued of them), ``evidence`` (the sentence), ``date`` and, when
    given, ``cue``, ``date_expression``, ``planned`` and ``extractor``.

    Every node has ``color`` (:data:`NODE_COLORS` by type), ``size`` (from its
    ``degree``), ``degree`` and, when known, ``start`` (its first mention, an ISO
    date) and ``support`` (the articles behind its facts, a copy counted once).
    Every fact edge has ``start`` and ``end``: the first and last day its dates
    cover (``2020-11`` is the whole month), or for an undated fact the day its
    first source was issued.

    Nodes that entity resolution made one (``nk:canonical``) are one node here:
    the canonical node, with the other members' names in ``alt_labels``, their
    edges, and every signing date its members were given.

    An agreement's signing date is a node attribute (``signed_on``), and a
    ``date`` on its party and broker edges, rather than an edge to a date node:
    date nodes would be hubs joining agreements that merely share a day (or, for
    a bare year, a whole year of them), which pulls unrelated agreements together
    in a force-directed layout and suggests a link the news never made. As an
    ISO 8601 string the attribute still sorts and filters in Gephi's data
    laboratory.

    Args:
        store: The store to read (read-only is enough).
        include_articles: Add the source articles as nodes, with derivedFrom edges.

    Returns:
        The graph; its ``graph`` dict holds ``name``.
    """
    with _gc_paused():
        return _build_graph(store, include_articles=include_articles)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the graph is built (issue 15).

    Building it makes millions of small sets, dicts and tuples and no reference
    cycles; the collector's full passes over them cost a tenth or more of the time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build_graph(store: Store, *, include_articles: bool) -> nx.MultiDiGraph:
    nodes = _properties(store, _NODE_PROPERTIES)
    originals: dict[str, str] = {
        a: b for a, b in _select(store, "SELECT ?a ?b WHERE { ?a nk:duplicateOf ?b }")
    }
    facts = _properties(store, _FACT_PROPERTIES, of_type=NK.Fact)
    triples = _fact_triples(store)
    canon = _merge_canonical(store, nodes)
    triples = {
        fact: sorted({(canon(s), p, o if p == _P.signedOn else canon(o)) for s, p, o in rows})
        for fact, rows in triples.items()
    }

    G = nx.MultiDiGraph(name="NewsKG")
    signed_on: dict[str, set[str]] = defaultdict(set)
    derived: dict[tuple[str, str], int] = defaultdict(int)

    for fact in sorted(triples):
        rows = triples[fact]
        props = facts.get(fact, {})
        dates = set(props.get(_P.onDate, ()))
        for s, p, o in rows:
            if p == _P.signedOn:
                dates.add(o)
                signed_on[s].add(o)
            elif p == _P.said:
                dates |= nodes.get(o, {}).get(_P.saidOn, set())
        attrs = _fact_attributes(fact, props, dates, nodes)
        # A fact's time is its date(s); an undated fact's, the day its first source came out.
        reported = {i for a in props.get(_P.wasDerivedFrom, ()) for i in _issued(nodes, a)}
        when = _span(dates) or _span(_earliest(reported))
        if when:
            attrs["start"], attrs["end"] = when

        anchors: set[str] = set()
        for s, p, o in rows:
            if p == _P.signedOn:
                _add_node(G, s, nodes, "signedOn", 0)
                anchors.add(s)
                continue
            relation = FACT_EDGES[URIRef(p)]
            _add_node(G, s, nodes, relation, 0)
            _add_node(G, o, nodes, relation, 1)
            G.add_edge(s, o, label=relation, relation=relation, **attrs)
            anchors.add(o if relation == "said" else s)
            if relation == "transferredTo":
                for predicate, qualifier in QUALIFIER_EDGES.items():
                    for target in sorted({canon(t) for t in props.get(str(predicate), ())}):
                        _add_node(G, target, nodes, qualifier, 1)
                        G.add_edge(s, target, label=qualifier, relation=qualifier, **attrs)
        for article in props.get(_P.wasDerivedFrom, ()):
            for anchor in anchors:
                derived[anchor, article] += 1

    for agreement, values in signed_on.items():
        G.nodes[agreement]["signed_on"] = _join(values)

    for claim in sorted(n for n in G if _P.relayedBy in nodes.get(n, {})):
        for actor in sorted({canon(a) for a in nodes[claim][_P.relayedBy]}):
            _add_node(G, actor, nodes, "relayedBy", 1)
            G.add_edge(claim, actor, label="relayedBy", relation="relayedBy")

    if include_articles:
        for (anchor, article), count in sorted(derived.items()):
            _add_node(G, article, nodes, "derivedFrom", 1, fallback="Article")
            attrs = {"label": "derivedFrom", "relation": "derivedFrom", "facts": count}
            issued = nodes.get(article, {}).get(_P.issued)
            if issued:
                attrs["date"] = _join(issued)
            G.add_edge(anchor, article, **attrs)

    articles_of = {f: props.get(_P.wasDerivedFrom, set()) for f, props in facts.items()}
    _add_time_and_looks(G, nodes, articles_of, originals)
    log.info("built a graph of %d nodes and %d edges", G.number_of_nodes(), G.number_of_edges())
    return G


def generate_gexf(G: nx.Graph, *, prettyprint: bool = True) -> Iterator[str]:
    """Generate the lines of a GEXF 1.3 document for ``G`` (without the XML declaration).

    The document is written as it goes, without an XML tree in memory (issue 15:
    networkx's writer built one ElementTree of the whole graph, which took most of
    the export's time and memory on a large store). It is the document networkx
    3.6's ``write_gexf(G, version="1.3")`` writes (networkx#8196), fixed to validate
    against the 1.3 RELAX NG schema: the graph's name is in ``<meta><description>``,
    there is no ``xsi:schemaLocation``, and every edge with a label has the same
    ``kind``, which Gephi 0.10 uses to keep parallel edges of different relations
    apart. A node's ``color`` (``#RRGGBB``) and ``size`` are ``viz:`` elements, and a
    fact edge with several dates has one spell per date instead of the ``start``
    and ``end`` that span them all, so Gephi's timeline shows it on each of its days
    only. Integers are ``integer`` attributes, floats ``double``, booleans
    ``boolean``, the rest ``string``.
    """
    return _GexfWriter(G, prettyprint=prettyprint).lines()


def write_gexf(G: nx.Graph, path_or_file: PathOrFile, *, prettyprint: bool = True) -> None:
    """Write ``G`` as GEXF 1.3 (UTF-8), Gephi's native format; see :func:`generate_gexf`."""
    separator = "\n" if prettyprint else ""
    with _binary(path_or_file) as fh:
        fh.write(b"<?xml version='1.0' encoding='utf-8'?>\n")
        chunk: list[str] = []
        first = True
        for line in generate_gexf(G, prettyprint=prettyprint):
            if not first:
                chunk.append(separator)
            first = False
            chunk.append(line)
            if len(chunk) >= 4096:
                fh.write("".join(chunk).encode("utf-8"))
                chunk.clear()
        fh.write("".join(chunk).encode("utf-8"))


def write_graphml(G: nx.Graph, path_or_file: PathOrFile) -> None:
    """Write ``G`` as GraphML (UTF-8), read by Cytoscape, yEd, igraph and Gephi."""
    with _binary(path_or_file) as fh:
        nx.write_graphml(G, fh)


def generate_json(G: nx.Graph) -> dict[str, Any]:
    """Return ``G`` as node-link data (``nodes`` and ``edges`` lists), as D3-style web apps want."""
    data: dict[str, Any] = nx.node_link_data(G, edges="edges")
    return data


def write_json(G: nx.Graph, path_or_file: PathOrFile) -> None:
    """Write ``G`` as node-link JSON (UTF-8); ``networkx.node_link_graph(data, edges="edges")`` reads it back."""
    text = json.dumps(generate_json(G), ensure_ascii=False)
    with _binary(path_or_file) as fh:
        fh.write(text.encode("utf-8"))


_WRITERS: dict[str, Callable[[nx.Graph, PathOrFile], None]] = {
    "gexf": write_gexf,
    "graphml": write_graphml,
    "json": write_json,
}

#: Formats :func:`export` writes.
FORMATS = tuple(_WRITERS)


def export(
    store: Store, fmt: str, out: PathOrFile, *, include_articles: bool = True
) -> nx.MultiDiGraph:
    """Read the store's graph and write it in ``fmt`` (``gexf``, ``graphml`` or ``json``) to ``out``.

    Args:
        store: The store to read.
        fmt: One of :data:`FORMATS`.
        out: A path or a binary file open for writing.
        include_articles: Add the source articles as nodes (see :func:`build_graph`).

    Returns:
        The graph that was written, e.g. to report its size.

    Raises:
        ConfigError: ``fmt`` is not a known format.
        KGError: ``out`` cannot be written.
    """
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ConfigError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    G = build_graph(store, include_articles=include_articles)
    try:
        writer(G, out)
    except OSError as e:
        raise KGError(f"cannot write the {fmt} export to {out}: {e}") from e
    return G


# ---------------------------------------------------------------- reading the store


def _iri(term: str) -> str:
    return f"<{term}>"


def _select(store: Store, query: str) -> Iterator[tuple[str, ...]]:
    """Yield the solutions of a SELECT as tuples of lexical values, in the order of its variables.

    The result is read as SPARQL CSV, parsed by the csv module: several times
    faster than a Python object per value on the hundreds of thousands of rows a
    large store gives (issue 15), and it works on any store that writes CSV.
    Unbound variables are empty strings.
    """
    data = store.query(query).serialize("csv").decode("utf-8")
    reader = csv.reader(io.StringIO(data, newline=""))
    next(reader, None)  # the variable names
    for row in reader:
        yield tuple(row)


def _properties(
    store: Store, predicates: Iterable[str], *, of_type: str | None = None
) -> dict[str, Props]:
    """Return {subject: {predicate: values}} for the given predicates, over all graphs.

    With ``of_type``, only subjects of that class. They are looked up apart and
    filtered here: joined in the query, they made Oxigraph several times slower
    on a large store (issue 15). There is no ``DISTINCT`` either: the values go
    into sets, which is cheaper than the engine removing duplicates.
    """
    values = " ".join(_iri(p) for p in predicates)
    query = f"SELECT ?s ?p ?v WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?v }}"
    keep: set[str] | None = None
    if of_type is not None:
        keep = {s for (s,) in _select(store, f"SELECT ?s WHERE {{ ?s a {_iri(of_type)} }}")}
    out: dict[str, Props] = defaultdict(lambda: defaultdict(set))
    for s, p, v in _select(store, query):
        if keep is None or s in keep:
            out[s][p].add(v)
    return out


def _fact_triples(store: Store) -> dict[str, list[tuple[str, str, str]]]:
    """Return {fact graph: sorted (s, p, o)} of the relation triples held in named graphs."""
    values = " ".join(_iri(p) for p in (*FACT_EDGES, NK.signedOn))
    query = f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    out: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for g, s, p, o in _select(store, query):
        out[g].add((s, p, o))
    return {g: sorted(rows) for g, rows in out.items()}


def _merge_canonical(store: Store, nodes: dict[str, Props]) -> Callable[[str], str]:
    """Fold every entity node into its canonical node (``nk:canonical``, see :mod:`kg.resolve`).

    The canonical node takes the other members' names as alternative labels and
    their other properties, so that one thing is one node in the exported graph.
    Returns the function mapping a node to its canonical node.
    """
    canonical: dict[str, str] = {}
    for e, c in _select(store, "SELECT ?e ?c WHERE { ?e nk:canonical ?c }"):
        canonical[e] = c
    for member, head in sorted(canonical.items()):
        if member == head or member not in nodes:
            continue
        target = nodes[head]
        for p, values in nodes[member].items():
            key = _P.altLabel if p == _P.label else p
            target[key] |= values
    for head in set(canonical.values()):
        labels = nodes[head].get(_P.label, set())
        if _P.altLabel in nodes[head]:
            nodes[head][_P.altLabel] -= labels
    return lambda iri: canonical.get(iri, iri)


# ---------------------------------------------------------------- attributes


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _one_line(text: str) -> str:
    return " ".join(_clean(text).split())


def _join(values: Iterable[str]) -> str:
    if not values:
        return ""
    return SEP.join(sorted({_one_line(v) for v in values} - {""}))


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


def _node_type(props: Props, fallback: str) -> str:
    types = props.get(_P.type)
    if types:
        for cls, name in _TYPE_NAMES:
            if cls in types:
                return name
    return fallback


def _add_node(
    G: nx.MultiDiGraph,
    iri: str,
    nodes: dict[str, Props],
    relation: str,
    position: int,
    *,
    fallback: str = "Entity",
) -> None:
    """Add ``iri`` with its attributes unless it is there already."""
    if iri in G:
        return
    props = nodes.get(iri, {})
    kind = _node_type(props, _FALLBACK_TYPES.get((relation, position), fallback))
    labels = sorted(_one_line(v) for v in props.get(_P.label, ()))
    text = _join(props.get(_P.text, ()))
    title = _join(props.get(_P.title, ()))
    if labels:
        label = labels[0]
    elif kind == "Claim" and text:
        label = _shorten(text, CLAIM_LABEL_CHARS)
    elif kind == "Article" and title:
        label = title
    else:
        label = _local_name(iri)

    attrs: dict[str, str] = {"label": label, "type": kind}
    alt = (set(labels[1:]) | set(props.get(_P.altLabel, ()))) - {label}
    optional = {
        "alt_labels": _join(alt),
        "roles": _join(props.get(_P.role, ())),
        "text": text,
        "claim_kind": _join(props.get(_P.claimKind, ())),
        "said_on": _join(props.get(_P.saidOn, ())),
        "title": title,
        "source": _join(props.get(_P.source, ())),
        "issued": _join(props.get(_P.issued, ())),
        "publisher": _join(props.get(_P.publisher, ())),
    }
    attrs.update((k, v) for k, v in optional.items() if v)
    G.add_node(iri, **attrs)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _fact_attributes(
    fact: str, props: Props, dates: set[str], nodes: dict[str, Props]
) -> dict[str, str | int | float | bool]:
    """Return the provenance attributes every edge drawn from ``fact`` carries."""
    articles = sorted(props.get(_P.wasDerivedFrom, ()))
    # entity resolution counts every article stating the same fact; without it, its own
    supporting = props.get(_P.supportingArticles)
    independent = props.get(_P.independentReports)
    attrs: dict[str, str | int | float | bool] = {
        "fact": fact,
        "sources": max(int(v) for v in supporting) if supporting else len(articles),
        "independent_sources": (max(int(v) for v in independent) if independent else len(articles)),
    }

    confidences = []
    for value in props.get(_P.confidence, ()):
        try:
            confidences.append(float(value))
        except ValueError:
            log.warning("fact %s has a confidence that is not a number: %r", fact, value)
    if confidences:
        attrs["confidence"] = max(confidences)

    if articles:
        # The first source is the earliest issued; undated articles come last.
        def issued_first(article: str) -> tuple[str, str]:
            issued = min(nodes.get(article, {}).get(_P.issued, {"\uffff"}))
            return (issued, article)

        first = min(articles, key=issued_first)
        sources = nodes.get(first, {}).get(_P.source)
        attrs["first_source"] = min(sources) if sources else first

    # Several articles may give several sentences; the shortest keeps the edge readable.
    evidence = sorted((_clean(t) for t in props.get(_P.evidenceText, ())), key=len)
    if evidence:
        attrs["evidence"] = evidence[0]
    planned = props.get(_P.planned)
    if planned:
        attrs["planned"] = any(v in ("true", "1") for v in planned)
    optional = {
        "date": _join(dates),
        "cue": _join(props.get(_P.cue, ())),
        "date_expression": _join(props.get(_P.dateExpression, ())),
        "extractor": _join(props.get(_P.wasGeneratedBy, ())),
    }
    attrs.update((k, v) for k, v in optional.items() if v)
    return attrs


# ---------------------------------------------------------------- time, colour, size


def _interval(value: str) -> tuple[str, str] | None:
    """Return the first and last day (ISO 8601) of a date, year-month or year; None if neither.

    >>> _interval("2020-11"), _interval("2020-11-10"), _interval("Saturday")
    (('2020-11-01', '2020-11-30'), ('2020-11-10', '2020-11-10'), None)
    """
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?", value.strip())
    if m is None:
        return None
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    if not 1 <= year <= 9999 or month > 12:
        return None
    if not month:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    last = calendar.monthrange(year, month)[1]
    if not day:
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    if day > last:
        return None
    return (f"{year:04d}-{month:02d}-{day:02d}",) * 2


def _intervals(values: Iterable[str]) -> list[tuple[str, str]]:
    return sorted({iv for v in values if (iv := _interval(v)) is not None})


def _span(values: Iterable[str]) -> tuple[str, str] | None:
    """Return the first day and the last day the dates ``values`` cover, or None."""
    intervals = _intervals(values)
    if not intervals:
        return None
    return intervals[0][0], max(end for _, end in intervals)


def _earliest(values: Iterable[str]) -> set[str]:
    """Return the one of ``values`` that starts first (as a set: empty when none is a date)."""
    intervals = {v: iv for v in values if (iv := _interval(v)) is not None}
    return {min(intervals, key=intervals.__getitem__)} if intervals else set()


def _issued(nodes: dict[str, Props], article: str) -> set[str]:
    return nodes.get(article, {}).get(_P.issued, set())


def _add_time_and_looks(
    G: nx.MultiDiGraph,
    nodes: dict[str, Props],
    articles_of: dict[str, set[str]],
    originals: dict[str, str],
) -> None:
    """Give every node its ``color``, ``size``, ``degree``, ``support`` and ``start``.

    A node starts at its first mention: the earliest of the days its facts are
    dated or were first reported, and for an article the day it was issued, so
    that every dated edge falls inside the lives of its two nodes. ``support``
    counts the articles behind the node's facts, a copy (``nk:duplicateOf``)
    counted with its original.
    """
    starts: dict[str, str] = {}
    support: dict[str, set[str]] = defaultdict(set)

    def seen(node: str, day: str) -> None:
        if node not in starts or day < starts[node]:
            starts[node] = day

    for u, v, d in G.edges(data=True):
        first = d.get("start")
        if first is None and d["relation"] == "derivedFrom":
            first = (_span(str(d.get("date", "")).split(SEP)) or (None,))[0]
        if first is not None:
            seen(u, first)
            seen(v, first)
        for article in articles_of.get(str(d.get("fact", "")), ()):
            support[u].add(originals.get(article, article))
            support[v].add(originals.get(article, article))

    for node in G:
        issued = _span(_earliest(_issued(nodes, node)))
        if issued:
            seen(node, issued[0])
    # a node reached only by undated edges (say an agency relaying a claim) comes with its neighbour
    for u, v in sorted(G.edges()):
        for a, b in ((u, v), (v, u)):
            if a in starts and b not in starts:
                starts[b] = starts[a]

    degrees = dict(G.degree())
    for node, d in G.nodes(data=True):
        degree = degrees[node]
        d["color"] = NODE_COLORS.get(d["type"], NODE_COLORS["Entity"])
        d["degree"] = degree
        d["size"] = round(SIZE_BASE + SIZE_STEP * math.sqrt(degree), 2)
        if support[node]:
            d["support"] = len(support[node])
        if node in starts:
            d["start"] = starts[node]


# ---------------------------------------------------------------- writing


GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"

#: Attributes of a node or an edge that are written as XML attributes of its element.
_NODE_KEYS = ("id", "label", "pid", "start", "end")
_EDGE_KEYS = ("id", "label", "weight", "type", "start", "end")
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def _attrib(value: str) -> str:
    """Escape an attribute value as ElementTree does (line breaks and tabs as references)."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if '"' in value:
        value = value.replace('"', "&quot;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    if "\n" in value:
        value = value.replace("\n", "&#10;")
    if "\t" in value:
        value = value.replace("\t", "&#09;")
    return value


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _value_type(value: object) -> str:
    kind = type(value)
    if kind is bool:
        return "boolean"
    if kind is int:
        return "integer"
    if kind is float:
        return "double"
    if kind is str:
        return "string"
    raise KGError(f"a GEXF attribute cannot hold a {kind.__name__}: {value!r}")


def _value_text(value: object) -> str:
    if type(value) is bool:
        return "true" if value else "false"
    text = str(value)
    if type(value) is float:
        return {"inf": "INF", "-inf": "-INF", "nan": "NaN"}.get(text, text)
    return text


class _GexfWriter:
    """Write one graph as GEXF 1.3, line by line (see :func:`generate_gexf`)."""

    def __init__(self, G: nx.Graph, *, prettyprint: bool) -> None:
        self.G = G
        self.pretty = prettyprint
        self.attr_ids: dict[tuple[str, str], str] = {}  # (class, title) -> id
        self.attr_types: dict[str, list[tuple[str, str, str]]] = {"node": [], "edge": []}
        self.timeformat: str | None = None

    def _line(self, depth: int, text: str) -> str:
        return "  " * depth + text if self.pretty else text

    def _attr_id(self, cls: str, title: str, value: object) -> str:
        key = (cls, title)
        found = self.attr_ids.get(key)
        if found is None:
            found = self.attr_ids[key] = str(len(self.attr_ids))
            self.attr_types[cls].append((found, title, _value_type(value)))
        return found

    def _time(self, value: object) -> None:
        if isinstance(value, str):
            self.timeformat = "date"
        elif isinstance(value, float):
            self.timeformat = "double"
        elif isinstance(value, int):
            self.timeformat = "long"
        else:
            raise KGError(f"a GEXF time must be a date string or a number, not {value!r}")

    def _prepare_nodes(self) -> list[tuple[Any, str, list[str], dict[str, Any]]]:
        """Return each node as (node, element attributes, viz lines, other data): the first pass."""
        out = []
        for node, data in self.G.nodes(data=True):
            d = dict(data)
            head = [f'id="{_attrib(str(d.pop("id", node)))}"']
            head.append(f'label="{_attrib(str(d.pop("label", node)))}"')
            for name in _NODE_KEYS[2:]:
                if name in d:
                    value = d.pop(name)
                    if name != "pid":
                        self._time(value)
                    head.append(f'{name}="{_attrib(str(value))}"')
            viz = []
            color = d.get("color")
            if isinstance(color, str) and _HEX.fullmatch(color):
                del d["color"]
                rgb = int(color[1:], 16)
                viz.append(
                    f'<viz:color r="{rgb >> 16}" g="{(rgb >> 8) & 0xFF}" b="{rgb & 0xFF}" a="1.0" />'
                )
            if isinstance(d.get("size"), int | float):
                viz.append(f'<viz:size value="{_attrib(str(d.pop("size")))}" />')
            for title, value in d.items():
                self._attr_id("node", "networkx_key" if title == "key" else title, value)
            out.append((node, " ".join(head), viz, d))
        return out

    def _edges(self) -> Iterator[tuple[str, list[tuple[str, str]], dict[str, Any]]]:
        """Yield each edge as (element attributes, spells, remaining data), in networkx's order."""
        G = self.G
        taken = {str(d["id"]) for *_, d in G.edges(data=True) if d.get("id") is not None}
        counter = 0
        edges = G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)
        for edge in edges:
            u, v, data = edge[0], edge[1], edge[-1]
            d = dict(data)
            if G.is_multigraph():
                d["key"] = edge[2]
            eid = d.pop("id", None)
            if eid is None:
                while str(counter) in taken:
                    counter += 1
                eid = counter
                taken.add(str(eid))
                counter += 1
            source = str(G.nodes[u].get("id", u))
            target = str(G.nodes[v].get("id", v))
            head = [f'source="{_attrib(source)}"', f'target="{_attrib(target)}"']
            head.append(f'id="{_attrib(str(eid))}"')
            spells: list[tuple[str, str]] = []
            dates = str(d.get("date", "")).split(SEP)
            if "start" in d and len(dates) > 1:
                spells = _intervals(dates)
                if len(spells) > 1:
                    d.pop("start")
                    d.pop("end", None)
                else:
                    spells = []
            label = None
            for name in _EDGE_KEYS[1:]:
                if name in d:
                    value = d.pop(name)
                    if name == "label":
                        label = str(value)
                    if name in ("start", "end"):
                        self._time(value)
                    head.append(f'{name}="{_attrib(str(value))}"')
            for start, end in spells:
                self._time(start)
                self._time(end)
            if label:
                head.append(f'kind="{_attrib(label)}"')
            yield " ".join(head), spells, d

    def _attvalues(self, cls: str, data: dict[str, Any], depth: int) -> Iterator[str]:
        if not data:
            return
        yield self._line(depth, "<attvalues>")
        for title, value in data.items():
            attr = self._attr_id(cls, "networkx_key" if title == "key" else title, value)
            text = _attrib(_value_text(value))
            yield self._line(depth + 1, f'<attvalue for="{attr}" value="{text}" />')
        yield self._line(depth, "</attvalues>")

    def lines(self) -> Iterator[str]:
        G = self.G
        nodes = self._prepare_nodes()
        # Edges are read twice (declarations first, as GEXF wants them before the
        # nodes), never held: a large graph's edges stay in the graph only.
        for _, _, d in self._edges():
            for title, value in d.items():
                self._attr_id("edge", "networkx_key" if title == "key" else title, value)
        mode = "dynamic" if G.graph.get("mode") == "dynamic" or self.timeformat else "static"
        viz_ns = f'xmlns:viz="{VIZ_NS}" ' if any(viz for _, _, viz, _ in nodes) else ""
        yield f'<gexf {viz_ns}xmlns="{GEXF_NS}" version="1.3">'
        yield self._line(1, f'<meta lastmodifieddate="{time.strftime("%Y-%m-%d")}">')
        yield self._line(2, f"<creator>NetworkX {nx.__version__}</creator>")
        name = G.graph.get("name", "")
        if name:
            yield self._line(2, f"<description>{_text(_clean(str(name)))}</description>")
        yield self._line(1, "</meta>")
        graph = f'<graph defaultedgetype="{"directed" if G.is_directed() else "undirected"}" mode="{mode}"'
        if self.timeformat:
            graph += f' timeformat="{self.timeformat}"'
        yield self._line(1, graph + ">")
        # networkx put each class's declarations first as it met it: the edges' on top
        for cls in ("edge", "node"):
            declared = self.attr_types[cls]
            if not declared:
                continue
            yield self._line(2, f'<attributes mode="static" class="{cls}">')
            for attr, title, kind in declared:
                yield self._line(
                    3, f'<attribute id="{attr}" title="{_attrib(title)}" type="{kind}" />'
                )
            yield self._line(2, "</attributes>")
        if not nodes:
            yield self._line(2, "<nodes />")
        else:
            yield self._line(2, "<nodes>")
            for _, head, viz, d in nodes:
                if not viz and not d:
                    yield self._line(3, f"<node {head} />")
                    continue
                yield self._line(3, f"<node {head}>")
                for line in viz:
                    yield self._line(4, line)
                yield from self._attvalues("node", d, 4)
                yield self._line(3, "</node>")
            yield self._line(2, "</nodes>")
        nodes.clear()
        edges = self._edges()
        first = next(edges, None)
        if first is None:
            yield self._line(2, "<edges />")
        else:
            yield self._line(2, "<edges>")
            for head, spells, d in itertools.chain([first], edges):
                if not spells and not d:
                    yield self._line(3, f"<edge {head} />")
                    continue
                yield self._line(3, f"<edge {head}>")
                if spells:
                    yield self._line(4, "<spells>")
                    for start, end in spells:
                        yield self._line(5, f'<spell start="{start}" end="{end}" />')
                    yield self._line(4, "</spells>")
                yield from self._attvalues("edge", d, 4)
                yield self._line(3, "</edge>")
            yield self._line(2, "</edges>")
        yield self._line(1, "</graph>")
        yield "</gexf>"


@contextmanager
def _binary(path_or_file: PathOrFile) -> Iterator[IO[bytes]]:
    """Open a path for binary writing, or pass an open file through (left open)."""
    if isinstance(path_or_file, str | os.PathLike):
        with open(path_or_file, "wb") as fh:
            yield fh
    else:
        yield path_or_file
