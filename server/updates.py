"""Which graphs a SPARQL Update touches, and whether NewsKG lets it.

NewsKG derives its fact graphs, article graphs, the resolution graph and the
provenance in the default graph from articles; ``newskg ingest`` rewrites them
and an update that changed them would make the store lie about its sources.
An authenticated update may therefore only touch other graphs (CONTRACT
section 6). The update is parsed with rdflib's SPARQL Update grammar and
algebra (no text matching), and every graph each operation writes is checked:

- a graph named under the store's base IRI is always refused;
- a graph the store holds provenance for (``?g prov:wasDerivedFrom ?article``)
  is refused;
- the default graph, ``NAMED``, ``ALL`` and ``GRAPH ?var`` templates are
  refused as soon as the store holds anything NewsKG derived there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pyparsing.exceptions import ParseBaseException
from rdflib import URIRef, Variable
from rdflib.namespace import PROV
from rdflib.plugins.sparql.algebra import translateUpdate
from rdflib.plugins.sparql.parser import parseUpdate

from kg.errors import QueryError
from kg.store import Store
from kg.vocab import NK, PREFIXES

DERIVED_FROM = PROV.wasDerivedFrom.n3()
ARTICLE = NK.Article.n3()


@dataclass
class Targets:
    """The graphs an update writes: named ones, and the wider sets it may reach."""

    graphs: set[str] = field(default_factory=set)
    default: bool = False  # the default graph
    any_named: bool = False  # NAMED, ALL, or a GRAPH ?var template


def touched_graphs(text: str, *, base_iri: str | None = None) -> Targets:
    """Return the graphs the operations of the update ``text`` may write.

    Raises:
        QueryError: The update is not valid SPARQL 1.1 Update.
    """
    # The prefixes every operation gets for free are declared in the text: rdflib's
    # initNs reaches only the first operation of a multi-operation update.
    declared = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    try:
        update = translateUpdate(parseUpdate(declared + text), base=base_iri)
    except ParseBaseException as e:
        raise QueryError(f"malformed SPARQL update: {e}") from e
    except Exception as e:  # rdflib's algebra raises bare Exceptions (unknown prefix, ...)
        raise QueryError(f"cannot read the SPARQL update: {e}") from e
    targets = Targets()

    def graph(name: object) -> None:
        if name == "DEFAULT":
            targets.default = True
        elif name in ("NAMED", "ALL"):
            targets.any_named = True
            targets.default = targets.default or name == "ALL"
        elif isinstance(name, Variable):
            targets.any_named = True
        elif isinstance(name, URIRef):
            targets.graphs.add(str(name))
        else:
            raise QueryError(f"cannot tell which graph {name!r} of the update is")

    def template(clause: object, with_graph: object | None) -> None:
        if clause is None:
            return
        for name, triples in getattr(clause, "quads", {}).items():
            if triples:
                graph(name)
        if getattr(clause, "triples", None):
            graph(with_graph if with_graph is not None else "DEFAULT")

    for op in update.algebra:
        if op.name in ("InsertData", "DeleteData", "DeleteWhere"):
            template(op, None)
        elif op.name == "Modify":
            with_graph = _part(op, "withClause")
            template(_part(op, "delete"), with_graph)
            template(_part(op, "insert"), with_graph)
        elif op.name in ("Clear", "Drop", "Create"):
            graph(op.graphiri)
        elif op.name in ("Add", "Copy"):
            graph(op.graph[1])
        elif op.name == "Move":
            graph(op.graph[0])
            graph(op.graph[1])
        elif op.name == "Load":
            raise QueryError("LOAD is not allowed: NewsKG never fetches a URL for a caller")
        else:
            raise QueryError(f"the update operation {op.name} is not supported")
    return targets


def _part(op: Any, name: str) -> Any:
    """Return a part of an rdflib CompValue, or None when it has none.

    ``CompValue.get(name)`` takes no default: it returns the name itself for a
    missing part, so the key is tested instead.
    """
    return op[name] if name in op else None  # noqa: SIM401


def refusal(store: Store, targets: Targets, *, protected_base: str) -> str | None:
    """Return why the update may not run on ``store``, or None when it touches no derived graph."""
    fix = "write to a graph of your own, outside " + protected_base
    for g in sorted(targets.graphs):
        if g.startswith(protected_base):
            return f"the graph <{g}> is one NewsKG derives from articles; {fix}"
        if store.query(f"ASK {{ <{g}> {DERIVED_FROM} ?article }}").boolean:
            return f"the graph <{g}> holds facts derived from articles; {fix}"
    if targets.any_named:
        derived = next((g for g in store.named_graphs() if g.startswith(protected_base)), None)
        if (
            derived is None
            and store.query(
                f"ASK {{ ?g {DERIVED_FROM} ?article . GRAPH ?g {{ ?s ?p ?o }} }}"
            ).boolean
        ):
            derived = "(a fact graph)"
        if derived is not None:
            return (
                "this update may write every named graph (NAMED, ALL or GRAPH ?variable), "
                f"and the store holds graphs derived from articles such as {derived}; "
                "name your graphs explicitly"
            )
    if targets.default:
        held = store.query(
            f"ASK {{ {{ ?x {DERIVED_FROM} ?article }} UNION {{ ?x a {ARTICLE} }} }}",
            union_default=False,
        ).boolean
        if held:
            return (
                "the default graph holds NewsKG's provenance and article descriptions, "
                f"which updates may not change; {fix}"
            )
    return None
