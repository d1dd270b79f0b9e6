"""Time in the graph: since when each fact is there, and what changed.

Every fact graph carries ``nk:firstWritten`` (when the store first held it; an
article ingested again keeps it for the facts it still states) beside
``prov:generatedAtTime`` (its latest extraction) and ``nk:statedOn`` (the
publication date of its article). What leaves the graph cannot be asked of the
graph itself, so every write that changes an article's facts, and every removal,
also leaves an ``nk:Change`` in the changes graph (``<base>graph/changes``):
its kind (added, updated, removed), the article and its source, when, and how
many facts came and went. :func:`changes` reads both back for
``newskg changes --since DATE``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from kg.errors import InputError
from kg.iri import Minter
from kg.store import Quad, Store
from kg.vocab import NK

#: Version of the change log's shape, named by its recorder's IRI.
VERSION = "1"


@dataclass(frozen=True)
class Previous:
    """What the store held for one article before a write."""

    existed: bool
    facts: dict[str, str]  # fact IRI -> its nk:firstWritten (xsd:dateTime lexical form)


def previous(store: Store, article_iri: str) -> Previous:
    """Return whether the store holds the article, and its facts with their first-written times.

    A fact written before ``nk:firstWritten`` existed counts from its
    ``prov:generatedAtTime``, the earliest time the store knows for it.
    """
    rows = store.query(
        f"""SELECT ?g ?t WHERE {{
              {{ <{article_iri}> a nk:Article }}
              UNION
              {{ ?g a nk:Fact ; prov:wasDerivedFrom <{article_iri}> ; prov:generatedAtTime ?gen .
                 OPTIONAL {{ ?g nk:firstWritten ?first }} BIND(COALESCE(?first, ?gen) AS ?t) }} }}""",
        # the article's own facts only: the resolution graph also derives a copy's
        # facts from its original
        union_default=False,
    ).rows()
    existed = False
    facts: dict[str, str] = {}
    for row in rows:
        if "g" in row:
            facts[row["g"]] = min(row["t"], facts.get(row["g"], row["t"]))
        else:
            existed = True
    return Previous(existed=existed, facts=facts)


def change_quads(
    minter: Minter,
    article_iri: URIRef,
    source: str,
    before: Previous,
    after: Iterable[Quad],
    now: datetime,
    *,
    removed: bool = False,
) -> list[Quad]:
    """Return the quads recording one write (or removal) of an article in the changes graph.

    A write that leaves the article's facts as they were (the same file ingested
    again) records nothing.
    """
    facts_after = {str(s) for s, p, o, g in after if p == RDF.type and o == NK.Fact}
    added = len(facts_after - before.facts.keys())
    dropped = len(before.facts.keys() - facts_after)
    if removed:
        if not before.existed:
            return []
        kind = "removed"
    elif not before.existed:
        kind = "added"
    elif added or dropped:
        kind = "updated"
    else:
        return []
    at = now.isoformat()
    graph = minter.changes_graph()
    change = minter.change(str(article_iri), at, kind)
    recorder = minter.extractor("history", VERSION)
    return [
        # like the resolution graph, the changes graph says what wrote it
        (graph, PROV.wasGeneratedBy, recorder, graph),
        (recorder, RDF.type, NK.Extractor, graph),
        (recorder, RDFS.label, Literal(f"NewsKG change log {VERSION}"), graph),
        (recorder, NK.version, Literal(VERSION), graph),
        (change, RDF.type, NK.Change, graph),
        (change, NK.changeKind, Literal(kind), graph),
        (change, NK.changedArticle, article_iri, graph),
        (change, DCTERMS.source, Literal(source), graph),
        (change, PROV.atTime, Literal(at, datatype=XSD.dateTime), graph),
        (change, NK.factsAdded, Literal(added, datatype=XSD.integer), graph),
        (change, NK.factsDropped, Literal(dropped, datatype=XSD.integer), graph),
    ]


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_since(value: str) -> str:
    """Return ``value`` (a date or an ISO date-time) as an xsd:dateTime in UTC.

    A date is its first instant in UTC; a time with no offset is taken as UTC,
    since stored times carry one and SPARQL cannot order a time with an offset
    against one without.

    >>> parse_since("2020-11-21")
    '2020-11-21T00:00:00+00:00'
    >>> parse_since("2026-12-04T15:30:00+01:00")
    '2026-12-04T14:30:00+00:00'
    """
    text = value.strip()
    try:
        if _DATE.fullmatch(text):
            moment = datetime.fromisoformat(text + "T00:00:00+00:00")
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as e:
        raise InputError(
            value, "not a date or date-time; write it as 2020-11-21 or 2020-11-21T09:30:00Z"
        ) from e
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


@dataclass
class Changes:
    """What changed in the graph since a moment (see :func:`changes`)."""

    since: str
    events: list[dict[str, str]] = field(default_factory=list)  # kind, source, at, added, dropped
    new_facts: dict[str, int] = field(default_factory=dict)  # relation -> facts first written since


def changes(store: Store, since: str) -> Changes:
    """Return the article writes and removals since ``since``, and the facts first written since.

    Args:
        store: The store to read.
        since: A date or ISO date-time (see :func:`parse_since`).
    """
    moment = parse_since(since)
    result = Changes(since=moment)
    limit = f'"{moment}"^^xsd:dateTime'
    for row in store.query(
        f"""SELECT ?kind ?source ?at ?added ?dropped WHERE {{
              ?c a nk:Change ; nk:changeKind ?kind ; dcterms:source ?source ; prov:atTime ?at ;
                 nk:factsAdded ?added ; nk:factsDropped ?dropped .
              FILTER(?at >= {limit}) }} ORDER BY ?at ?source"""
    ).rows():
        result.events.append(row)
    relations: Mapping[str, str] = {
        "said": "nk:said",
        "signedOn": "nk:signedOn",
        "transferredTo": "nk:transferredTo",
    }
    for name, term in relations.items():
        rows = store.query(
            f"""SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{
                  ?g a nk:Fact ; nk:firstWritten ?t . FILTER(?t >= {limit})
                  GRAPH ?g {{ ?s {term} ?o }} }}"""
        ).rows()
        result.new_facts[name] = int(next(rows)["n"])
    return result
