"""The SHACL shapes hold on what kg.mapping writes, and fail on what it must not write.

The records are written by hand (no spaCy model), stored in a real Oxigraph store
and read back merged, as the endpoint's union default graph shows them.
pySHACL runs with ``inference="none"``: with RDFS inference the ontology's domains
and ranges would infer the very classes the shapes check (a store whose entities
and claims had lost every ``rdf:type`` conformed), so the shapes must hold on the
data as written. The ontology is still given (``ont_graph``) so that ``sh:class
nk:Actor`` accepts an ``nk:Person`` through ``rdfs:subClassOf``.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SH

from kg.article import Article, PubDate
from kg.iri import Minter
from kg.mapping import article_quads, delete_article
from kg.records import Evidence, Mention, Said, Signed, TimeExpr, Transferred
from kg.store import open_store
from kg.vocab import NK, ontology_graph

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
# An invented article, so that no seed sentence is needed.
TEXT = (
    "Premier Ana Lopes said on Monday: “The accord ends the dispute.” "
    "The accord was signed on 3 March 2024 by Norland and Sudria, brokered by Estland. "
    "Norland handed over the Vell valley to Sudria under the accord. "
    "Fishermen in the valley said they feared the change."
)


def ev(sentence: str) -> Evidence:
    start = TEXT.index(sentence)
    return Evidence(sentence, start, start + len(sentence))


def records() -> list[Said | Signed | Transferred]:
    s1 = "Premier Ana Lopes said on Monday: “The accord ends the dispute.”"
    s2 = "The accord was signed on 3 March 2024 by Norland and Sudria, brokered by Estland."
    s3 = "Norland handed over the Vell valley to Sudria under the accord."
    s4 = "Fishermen in the valley said they feared the change."
    lopes = Mention("Ana Lopes", "Person", 8, 17, aliases=("Lopes",), role="Premier")
    monday = TimeExpr("Monday", 26, 32, "2024-03-04", anchored=True)
    accord = Mention("accord", "Agreement", 69, 75)
    norland = Mention("Norland", "State", 108, 115)
    sudria = Mention("Sudria", "State", 120, 126)
    return [
        Said(lopes, "The accord ends the dispute", 35, 62, "direct", "said", ev(s1), 0.9, monday),
        Signed(
            accord,
            TimeExpr("3 March 2024", 91, 103, "2024-03-03"),
            "signed",
            ev(s2),
            0.8,
            parties=(norland, sudria),
            brokers=(Mention("Estland", "State", 141, 148),),
            deadlines=(TimeExpr("2024", 0, 4, "2024"),),
        ),
        Transferred(
            Mention("Vell valley", "Territory", 175, 186),
            sudria,
            "handed over",
            ev(s3),
            0.7,
            from_party=norland,
            agreement=accord,
            planned=True,
            exceptions=("a corridor",),
        ),
        Said(
            Mention("Fishermen in the valley", "Unnamed", 214, 237),
            "they feared the change",
            243,
            265,
            "indirect",
            "said",
            ev(s4),
            0.6,
        ),
    ]


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """The mapped article in a real store, every graph merged into one."""
    article = Article(
        source="news/accord.txt",
        text=TEXT,
        title="Accord ends dispute",
        path="news/accord.txt",
        published=PubDate("2024-03-05", inferred=True, basis="dateline", confidence=0.8),
    )
    a, quads = article_quads(
        article,
        records(),
        minter=Minter("https://example.org/id/"),
        model="m",
        extractors={"said": "0.1.0", "signed": "0.1.0", "transferred": "0.1.0"},
        now=NOW,
    )
    store = open_store(tmp_path_factory.mktemp("shapes") / "store")
    store.replace(delete_article(a), quads)
    data = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").serialize("ntriples")
    return Graph().parse(data=data.decode("utf-8"), format="ntriples")


def conforms(data: Graph) -> tuple[bool, Graph, str]:
    ok, report, text = validate(
        data,
        shacl_graph=ontology_graph("shapes.ttl"),
        ont_graph=ontology_graph(),
        inference="none",
    )
    assert isinstance(report, Graph)
    return bool(ok), report, str(text)


def without(data: Graph, drop) -> Graph:
    g = Graph()
    for t in data:
        if not drop(t):
            g.add(t)
    assert len(g) < len(data), "the mutation removed nothing: the test would prove nothing"
    return g


def violated(report: Graph) -> set[tuple[str, str]]:
    """(node's last IRI segment, constraint component) of every violation; the node is
    the focus node, or the value node when the value is at fault."""
    out = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        component = str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        for node in (SH.focusNode, SH.value):
            if report.value(result, node) is not None:
                out.add((str(report.value(result, node)).rsplit("/", 1)[-1], component))
    return out


def test_the_mapping_conforms_without_inference(merged: Graph) -> None:
    # every kind of node the shapes describe is present, or the test proves little
    for cls in (NK.Article, NK.Fact, NK.Claim, NK.Agreement, NK.Territory, NK.RoleMention):
        assert (None, RDF.type, cls) in merged, cls
    ok, _, text = conforms(merged)
    assert ok, text


ENTITY_AND_CLAIM_CLASSES = {
    NK.Person,
    NK.Organization,
    NK.State,
    NK.Territory,
    NK.Agreement,
    NK.Actor,
    NK.UnnamedActor,
    NK.Claim,
}


def test_entities_and_claims_without_a_type_fail(merged: Graph) -> None:
    # the first mutation of issue 13: every rdf:type of entities and claims removed
    data = without(merged, lambda t: t[1] == RDF.type and t[2] in ENTITY_AND_CLAIM_CLASSES)
    ok, report, _ = conforms(data)
    assert not ok
    nodes = {n for n, _ in violated(report)}
    # each untyped kind is caught: a speaker, an unnamed speaker, a claim, an agreement,
    # a territory, and the states it names
    assert {"ana-lopes", "sudria", "norland", "estland", "vell-valley"} <= nodes
    assert any(n.startswith("accord-") for n in nodes)
    assert any(n.startswith("fishermen-in-the-valley-") for n in nodes)
    claims = {str(c).rsplit("/", 1)[-1] for c in merged.objects(None, NK.said)}
    assert len(claims) == 2 and claims <= nodes


@pytest.mark.parametrize(
    "cls", sorted(ENTITY_AND_CLAIM_CLASSES - {NK.Actor, NK.Organization}, key=str)
)
def test_each_missing_type_fails_alone(merged: Graph, cls: URIRef) -> None:
    ok, _, _ = conforms(without(merged, lambda t: t[1] == RDF.type and t[2] == cls))
    assert not ok, f"a store without any {cls} type conforms"


@pytest.mark.parametrize(
    "cls", [NK.Fact, NK.Article, NK.Extractor, NK.RoleMention], ids=lambda c: str(c)[-10:]
)
def test_provenance_nodes_without_a_type_fail(merged: Graph, cls: URIRef) -> None:
    ok, _, _ = conforms(without(merged, lambda t: t[1] == RDF.type and t[2] == cls))
    assert not ok


@pytest.mark.parametrize(
    "predicate",
    [PROV.wasDerivedFrom, PROV.wasGeneratedBy, NK.evidenceText, NK.confidence, NK.text],
    ids=lambda p: str(p).rsplit("#", 1)[-1],
)
def test_facts_without_their_provenance_fail(merged: Graph, predicate: URIRef) -> None:
    ok, _, _ = conforms(without(merged, lambda t: t[1] == predicate))
    assert not ok


def test_a_wrong_datatype_fails(merged: Graph) -> None:
    data = Graph()
    for s, p, o in merged:
        if p == NK.signedOn:
            o = Literal(str(o))  # a plain string, not an xsd date
        data.add((s, p, o))
    ok, report, _ = conforms(data)
    assert not ok
    assert {c for _, c in violated(report)} == {"OrConstraintComponent"}
