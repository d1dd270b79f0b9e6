"""Tests of kg.export: a small store written by hand, exported to GEXF, GraphML and JSON.

The store follows the shape kg.mapping writes (one named graph per fact, its
provenance in the default graph); the facts are read from seeds 000 and 001.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from lxml import etree
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.errors import ConfigError
from kg.export import (
    FORMATS,
    build_graph,
    export,
    generate_gexf,
    write_gexf,
    write_graphml,
    write_json,
)
from kg.store import Quad, Store, open_store
from kg.vocab import NK

ID = "https://w3id.org/newskg/id/"
A000 = URIRef(ID + "article/000")
A001 = URIRef(ID + "article/001")
ALIYEV = URIRef(ID + "person/ilham-aliyev")
LAVROV = URIRef(ID + "person/sergey-lavrov")
SHOIGU = URIRef(ID + "person/sergei-shoigu")  # labelled but in no fact
AZERTAC = URIRef(ID + "organization/azertac")
ARMENIAN_FORCES = URIRef(ID + "organization/armenian-forces")
ARMENIA = URIRef(ID + "state/armenia")
AZERBAIJAN = URIRef(ID + "state/azerbaijan")
RUSSIA = URIRef(ID + "state/russia")
AGHDAM = URIRef(ID + "territory/aghdam")
CEASEFIRE = URIRef(ID + "agreement/ceasefire-1")
CLAIM_HOPE = URIRef(ID + "claim/hope")
CLAIM_RELATIONS = URIRef(ID + "claim/relations")
CLAIM_ROUTES = URIRef(ID + "claim/routes")

HOPE = (
    "I hope that today's ceasefire and our further plans to normalize relations with Armenia, "
    "if perceived positively by the Armenian side, can create a new situation in the region"
)
# A form feed as pasted from a web page: XML 1.0 cannot hold it.
EVIDENCE_WITH_CONTROL = "“I hope that today’s ceasefire ...,” Aliyev said.\x0c"


def fact_graph(
    name: str,
    triples: list[tuple[URIRef, URIRef, URIRef | Literal]],
    articles: list[URIRef],
    evidence: str,
    confidence: float,
    extractor: str,
    **qualifiers: URIRef | Literal,
) -> list[Quad]:
    """Return the quads of one fact: its triples in graph ``name``, its provenance outside."""
    g = URIRef(ID + "fact/" + name)
    quads: list[Quad] = [(s, p, o, g) for s, p, o in triples]
    quads += [
        (g, RDF.type, NK.Fact, None),
        (g, PROV.wasGeneratedBy, URIRef(ID + f"extractor/{extractor}/0.1.0"), None),
        (g, NK.evidenceText, Literal(evidence), None),
        (g, NK.evidenceStart, Literal(100, datatype=XSD.integer), None),
        (g, NK.evidenceEnd, Literal(100 + len(evidence), datatype=XSD.integer), None),
        (g, NK.confidence, Literal(str(confidence), datatype=XSD.decimal), None),
        (g, PROV.generatedAtTime, Literal("2026-11-22T10:00:00Z", datatype=XSD.dateTime), None),
    ]
    quads += [(g, PROV.wasDerivedFrom, a, None) for a in articles]
    quads += [(g, getattr(NK, k), v, None) for k, v in qualifiers.items()]
    return quads


def entity(iri: URIRef, cls: URIRef, label: str, *alt: str) -> list[Quad]:
    quads: list[Quad] = [(iri, RDF.type, cls, None), (iri, RDFS.label, Literal(label), None)]
    return quads + [(iri, SKOS.altLabel, Literal(a), None) for a in alt]


def article(iri: URIRef, source: str, title: str, issued: str) -> list[Quad]:
    return [
        (iri, RDF.type, NK.Article, None),
        (iri, DCTERMS.title, Literal(title), None),
        (iri, DCTERMS.source, Literal(source), None),
        (iri, DCTERMS.issued, Literal(issued, datatype=XSD.date), None),
        (iri, DCTERMS.publisher, Literal("The Associated Press"), None),
    ]


def claim(iri: URIRef, text: str, kind: str) -> list[tuple[URIRef, URIRef, URIRef | Literal]]:
    return [
        (iri, RDF.type, NK.Claim),
        (iri, NK.text, Literal(text)),
        (iri, NK.claimKind, Literal(kind)),
    ]


def quads() -> list[Quad]:
    title = "Azerbaijani leader: Cease-fire may improve Armenia relations"
    out = [
        *article(A000, "seeds/000_7ab567af9f57596e.txt", title, "2020-11-21"),
        # the syndicated copy carries an earlier date here, so it is the first source
        *article(A001, "seeds/001_9837823fe31fd411.txt", title, "2020-11-20"),
        *entity(ALIYEV, NK.Person, "Ilham Aliyev", "Aliyev", "The president of Azerbaijan"),
        *entity(LAVROV, NK.Person, "Sergey Lavrov", "Lavrov"),
        *entity(SHOIGU, NK.Person, "Sergei Shoigu"),
        *entity(AZERTAC, NK.Organization, "Azertac"),
        *entity(ARMENIAN_FORCES, NK.Organization, "Armenian forces"),
        *entity(ARMENIA, NK.State, "Armenia"),
        *entity(AZERBAIJAN, NK.State, "Azerbaijan"),
        *entity(RUSSIA, NK.State, "Russia", "Moscow"),
        *entity(AGHDAM, NK.Territory, "Aghdam"),
        *entity(CEASEFIRE, NK.Agreement, "ceasefire"),
        (ALIYEV, NK.role, Literal("President"), None),
        (CLAIM_RELATIONS, NK.relayedBy, AZERTAC, None),
    ]
    out += fact_graph(
        "said-hope",
        [(ALIYEV, NK.said, CLAIM_HOPE), *claim(CLAIM_HOPE, HOPE, "direct")],
        [A000],
        EVIDENCE_WITH_CONTROL,
        0.92,
        "said",
        cue=Literal("said"),
    )
    out += fact_graph(
        "said-relations",
        [
            (ALIYEV, NK.said, CLAIM_RELATIONS),
            *claim(
                CLAIM_RELATIONS,
                "he hopes the ceasefire will lead to improving relations",
                "indirect",
            ),
            (CLAIM_RELATIONS, NK.saidOn, Literal("2020-11-21", datatype=XSD.date)),
        ],
        [A000],
        "The president of Azerbaijan said Saturday he hopes the ceasefire ...",
        0.8,
        "said",
        cue=Literal("said"),
        dateExpression=Literal("Saturday"),
    )
    out += fact_graph(
        "said-routes",
        [
            (LAVROV, NK.said, CLAIM_ROUTES),
            *claim(CLAIM_ROUTES, "Aliyev favors unblocking the vital trade routes", "indirect"),
        ],
        [A000, A001],
        "Lavrov said Aliyev favors unblocking the vital trade routes in the region.",
        0.85,
        "said",
    )
    out += fact_graph(
        "signed-ceasefire",
        [
            (CEASEFIRE, NK.signedOn, Literal("2020-11-10", datatype=XSD.date)),
            (CEASEFIRE, NK.party, ARMENIA),
            (CEASEFIRE, NK.party, AZERBAIJAN),
            (CEASEFIRE, NK.broker, RUSSIA),
        ],
        [A000],
        "the Russia-brokered ceasefire signed last week",
        0.7,
        "signed",
        dateExpression=Literal("last week"),
    )
    # Two facts between Aghdam and Azerbaijan: the handover as done, and as planned.
    out += fact_graph(
        "transferred-aghdam",
        [(AGHDAM, NK.transferredTo, AZERBAIJAN)],
        [A001],
        "entered the Aghdam region, a territory ceded by Armenian forces in a cease-fire agreement",
        0.75,
        "transferred",
        transferredFrom=ARMENIAN_FORCES,
        underAgreement=CEASEFIRE,
        onDate=Literal("2020-11-20", datatype=XSD.date),
    )
    out += fact_graph(
        "transferred-aghdam-planned",
        [(AGHDAM, NK.transferredTo, AZERBAIJAN)],
        [A000],
        "Aghdam is to be handed over to Azerbaijan by Nov. 20.",
        0.6,
        "transferred",
        planned=Literal(True),
        onDate=Literal("2020-11", datatype=XSD.gYearMonth),
    )
    return out


# What the store above must give: 12 things facts are about (Shoigu is in none) plus 2
# articles; 3 said + 2 party + 1 broker + 2 transferredTo + transferredFrom + underAgreement
# + relayedBy = 11 fact edges, and derivedFrom: 3 claims + ceasefire + Aghdam (twice, from
# both articles) + the routes claim from the second article = 7.
ENTITY_NODES = 12
ARTICLE_NODES = 2
FACT_EDGES = 11
DERIVED_EDGES = 7


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("store")
    writer = open_store(path)
    writer.replace([], quads())
    writer.flush()
    del writer  # release the lock before reading
    return open_store(path, read_only=True)


@pytest.fixture(scope="module")
def graph(store: Store) -> nx.MultiDiGraph:
    return build_graph(store)


def edges(G: nx.MultiDiGraph, u: str, v: str, relation: str) -> list[dict[str, Any]]:
    return [d for _, t, d in G.out_edges(u, data=True) if t == v and d["relation"] == relation]


@pytest.fixture(scope="module")
def gexf_schema(shared: Path) -> etree.RelaxNG:
    """The GEXF 1.3 RELAX NG schema, from the shared specs (skipped with a reason when absent)."""
    return etree.RelaxNG(etree.parse(str(shared / "specs" / "gexf-1.3" / "gexf.rng")))


def test_nodes_are_what_facts_are_about(graph: nx.MultiDiGraph) -> None:
    assert graph.number_of_nodes() == ENTITY_NODES + ARTICLE_NODES
    assert str(SHOIGU) not in graph
    aliyev = graph.nodes[str(ALIYEV)]
    assert aliyev["label"] == "Ilham Aliyev"
    assert aliyev["type"] == "Person"
    assert aliyev["alt_labels"] == "Aliyev; The president of Azerbaijan"
    assert aliyev["roles"] == "President"
    assert graph.nodes[str(ARMENIAN_FORCES)]["type"] == "Organization"
    assert graph.nodes[str(AZERBAIJAN)]["type"] == "State"
    assert graph.nodes[str(AGHDAM)]["type"] == "Territory"
    assert graph.nodes[str(A001)]["label"].startswith("Azerbaijani leader")
    assert graph.nodes[str(A001)]["issued"] == "2020-11-20"


def test_claim_label_is_short_and_text_is_whole(graph: nx.MultiDiGraph) -> None:
    hope = graph.nodes[str(CLAIM_HOPE)]
    assert hope["type"] == "Claim"
    assert hope["text"] == HOPE
    assert len(hope["label"]) <= 80 < len(HOPE)
    assert hope["label"].endswith("…")
    assert HOPE.startswith(hope["label"][:-1])
    assert hope["claim_kind"] == "direct"
    assert graph.nodes[str(CLAIM_RELATIONS)]["said_on"] == "2020-11-21"


def test_signing_date_is_a_node_attribute_and_an_edge_date(graph: nx.MultiDiGraph) -> None:
    assert graph.nodes[str(CEASEFIRE)]["signed_on"] == "2020-11-10"
    assert not any(str(n).startswith("2020") for n in graph)
    (broker,) = edges(graph, str(CEASEFIRE), str(RUSSIA), "broker")
    assert broker["date"] == "2020-11-10"
    assert broker["date_expression"] == "last week"
    assert len(edges(graph, str(CEASEFIRE), str(ARMENIA), "party")) == 1
    assert len(edges(graph, str(CEASEFIRE), str(AZERBAIJAN), "party")) == 1


def test_two_facts_between_the_same_nodes_stay_two_edges(graph: nx.MultiDiGraph) -> None:
    transfers = edges(graph, str(AGHDAM), str(AZERBAIJAN), "transferredTo")
    assert len(transfers) == 2
    by_fact = {str(d["fact"]).rsplit("/", 1)[-1]: d for d in transfers}
    assert set(by_fact) == {"transferred-aghdam", "transferred-aghdam-planned"}
    assert by_fact["transferred-aghdam-planned"]["planned"] is True
    assert "planned" not in by_fact["transferred-aghdam"]
    assert by_fact["transferred-aghdam"]["date"] == "2020-11-20"
    assert by_fact["transferred-aghdam-planned"]["date"] == "2020-11"


def test_transfer_qualifiers_are_edges(graph: nx.MultiDiGraph) -> None:
    (source,) = edges(graph, str(AGHDAM), str(ARMENIAN_FORCES), "transferredFrom")
    (under,) = edges(graph, str(AGHDAM), str(CEASEFIRE), "underAgreement")
    assert source["fact"] == under["fact"] == ID + "fact/transferred-aghdam"
    (relayed,) = edges(graph, str(CLAIM_RELATIONS), str(AZERTAC), "relayedBy")
    assert relayed["label"] == "relayedBy"


def test_edge_provenance(graph: nx.MultiDiGraph) -> None:
    (routes,) = edges(graph, str(LAVROV), str(CLAIM_ROUTES), "said")
    assert routes["sources"] == 2
    assert routes["first_source"] == "seeds/001_9837823fe31fd411.txt"  # issued a day earlier
    assert routes["confidence"] == pytest.approx(0.85)
    assert routes["extractor"] == ID + "extractor/said/0.1.0"
    (hope,) = edges(graph, str(ALIYEV), str(CLAIM_HOPE), "said")
    assert hope["sources"] == 1
    assert hope["first_source"] == "seeds/000_7ab567af9f57596e.txt"
    assert hope["cue"] == "said"
    assert hope["evidence"] == EVIDENCE_WITH_CONTROL.replace("\x0c", "")
    (relations,) = edges(graph, str(ALIYEV), str(CLAIM_RELATIONS), "said")
    assert relations["date"] == "2020-11-21"


def test_articles_are_optional(store: Store, graph: nx.MultiDiGraph) -> None:
    derived = [d for *_, d in graph.edges(data=True) if d["relation"] == "derivedFrom"]
    assert len(derived) == DERIVED_EDGES
    assert graph.number_of_edges() == FACT_EDGES + DERIVED_EDGES
    (aghdam_001,) = edges(graph, str(AGHDAM), str(A001), "derivedFrom")
    assert aghdam_001 == {
        "label": "derivedFrom",
        "relation": "derivedFrom",
        "facts": 1,
        "date": "2020-11-20",
    }

    bare = build_graph(store, include_articles=False)
    assert bare.number_of_nodes() == ENTITY_NODES
    assert bare.number_of_edges() == FACT_EDGES
    assert {d["type"] for _, d in bare.nodes(data=True)} == {
        "Person",
        "Organization",
        "State",
        "Territory",
        "Agreement",
        "Claim",
    }


def test_every_attribute_is_a_scalar(graph: nx.MultiDiGraph) -> None:
    values = [v for _, d in graph.nodes(data=True) for v in d.values()]
    values += [v for *_, d in graph.edges(data=True) for v in d.values()]
    values += list(graph.graph.values())
    assert values
    assert all(type(v) in (str, int, float, bool) for v in values)
    assert not any(isinstance(v, float) and not math.isfinite(v) for v in values)
    assert not any(isinstance(v, str) and "\x0c" in v for v in values)


def test_gexf_validates_against_the_gexf_1_3_schema(
    graph: nx.MultiDiGraph, gexf_schema: etree.RelaxNG
) -> None:
    schema = gexf_schema
    buf = io.BytesIO()
    write_gexf(graph, buf)
    doc = etree.fromstring(buf.getvalue())
    assert schema.validate(doc), schema.error_log
    assert doc.get("version") == "1.3"
    assert etree.QName(doc).namespace == "http://gexf.net/1.3"
    ns = {"g": "http://gexf.net/1.3"}
    assert doc.findtext("g:meta/g:description", namespaces=ns) == "NewsKG"
    kinds = {e.get("kind") for e in doc.iterfind("g:graph/g:edges/g:edge", ns)}
    assert "transferredTo" in kinds
    # the line-by-line form is the same document
    lines = "\n".join(generate_gexf(graph))
    assert schema.validate(etree.fromstring(lines.encode())), schema.error_log


def test_networkx_gexf_1_3_alone_does_not_validate(
    graph: nx.MultiDiGraph, gexf_schema: etree.RelaxNG
) -> None:
    """Guard: when networkx writes valid GEXF 1.3 itself, the post-processing can go."""
    schema = gexf_schema
    buf = io.BytesIO()
    nx.write_gexf(graph, buf, version="1.3")
    assert not schema.validate(etree.fromstring(buf.getvalue()))


def test_gexf_round_trip(graph: nx.MultiDiGraph) -> None:
    buf = io.BytesIO()
    write_gexf(graph, buf)
    buf.seek(0)
    back = nx.read_gexf(buf, version="1.3")
    assert isinstance(back, nx.MultiDiGraph)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes[str(ALIYEV)]["label"] == "Ilham Aliyev"
    assert back.nodes[str(CLAIM_HOPE)]["text"] == HOPE
    assert back.nodes[str(CEASEFIRE)]["signed_on"] == "2020-11-10"
    transfers = edges(back, str(AGHDAM), str(AZERBAIJAN), "transferredTo")
    assert len(transfers) == 2
    assert sorted(d["confidence"] for d in transfers) == pytest.approx([0.6, 0.75])
    assert {d.get("planned") for d in transfers} == {True, None}
    (routes,) = edges(back, str(LAVROV), str(CLAIM_ROUTES), "said")
    assert routes["sources"] == 2


def test_graphml_round_trip(graph: nx.MultiDiGraph) -> None:
    buf = io.BytesIO()
    write_graphml(graph, buf)
    buf.seek(0)
    back = nx.read_graphml(buf)
    assert isinstance(back, nx.MultiDiGraph)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes[str(ALIYEV)] == graph.nodes[str(ALIYEV)]
    assert back.nodes[str(CLAIM_HOPE)]["text"] == HOPE
    transfers = edges(back, str(AGHDAM), str(AZERBAIJAN), "transferredTo")
    assert len(transfers) == 2
    assert sorted(d["confidence"] for d in transfers) == pytest.approx([0.6, 0.75])
    (routes,) = edges(back, str(LAVROV), str(CLAIM_ROUTES), "said")
    assert routes["sources"] == 2
    assert routes["first_source"] == "seeds/001_9837823fe31fd411.txt"


def test_json_round_trip(graph: nx.MultiDiGraph) -> None:
    buf = io.BytesIO()
    write_json(graph, buf)
    raw = buf.getvalue()
    data = json.loads(raw.decode("utf-8"))
    # node-link data as D3 and networkx read it: the keys of its documented shape
    assert (data["directed"], data["multigraph"]) == (True, True)
    assert {n["id"] for n in data["nodes"]} == set(graph.nodes)
    # UTF-8 text, not \u escapes: a curly quote of the evidence is written as itself
    assert "“".encode() in raw and b"\\u201c" not in raw
    assert len(data["edges"]) == graph.number_of_edges()
    back = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes[str(CLAIM_HOPE)] == graph.nodes[str(CLAIM_HOPE)]
    assert len(edges(back, str(AGHDAM), str(AZERBAIJAN), "transferredTo")) == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_writes_each_format_to_a_path(store: Store, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    G = export(store, fmt, out)
    assert G.number_of_edges() == FACT_EDGES + DERIVED_EDGES
    readers = {
        "gexf": lambda p: nx.read_gexf(p, version="1.3"),
        "graphml": nx.read_graphml,
        "json": lambda p: nx.node_link_graph(json.loads(p.read_text("utf-8")), edges="edges"),
    }
    back = readers[fmt](out)
    assert back.number_of_nodes() == ENTITY_NODES + ARTICLE_NODES
    assert back.number_of_edges() == FACT_EDGES + DERIVED_EDGES


def test_export_rejects_an_unknown_format(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="gexf, graphml, json"):
        export(store, "dot", tmp_path / "graph.dot")
    assert not (tmp_path / "graph.dot").exists()


def test_a_store_without_facts_exports_an_empty_valid_graph(
    tmp_path: Path, gexf_schema: etree.RelaxNG
) -> None:
    writer = open_store(tmp_path / "store")
    writer.replace([], article(A000, "seeds/000_7ab567af9f57596e.txt", "A title", "2020-11-21"))
    writer.flush()
    del writer
    G = build_graph(open_store(tmp_path / "store", read_only=True))
    assert G.number_of_nodes() == G.number_of_edges() == 0
    schema = gexf_schema
    buf = io.BytesIO()
    write_gexf(G, buf)
    assert schema.validate(etree.fromstring(buf.getvalue())), schema.error_log


ALIYEV_SHORT = URIRef(ID + "person/aliyev")  # a second node for him, before resolution
TRUCE = URIRef(ID + "agreement/truce-2")  # the same ceasefire, as another article names it
CLAIM_TALKS = URIRef(ID + "claim/talks")


def build(tmp_path: Path, extra: list[Quad]) -> nx.MultiDiGraph:
    writer = open_store(tmp_path / "store")
    writer.replace([], extra)
    writer.flush()
    del writer
    return build_graph(open_store(tmp_path / "store", read_only=True))


def test_resolution_folds_members_into_their_canonical_node(tmp_path: Path) -> None:
    # kg.resolve says person/aliyev and person/ilham-aliyev are one man, and the truce
    # one agreement with the ceasefire: the export shows each once, with every name,
    # fact and signing date of its members (see build_graph)
    extra = [
        *quads(),
        *entity(ALIYEV_SHORT, NK.Person, "Aliyev", "President Aliyev"),
        *entity(TRUCE, NK.Agreement, "truce"),
        (ALIYEV, NK.canonical, ALIYEV, None),
        (ALIYEV_SHORT, NK.canonical, ALIYEV, None),
        (CEASEFIRE, NK.canonical, CEASEFIRE, None),
        (TRUCE, NK.canonical, CEASEFIRE, None),
        (ALIYEV_SHORT, NK.role, Literal("Head of state"), None),
    ]
    extra += fact_graph(
        "said-talks",
        [
            (ALIYEV_SHORT, NK.said, CLAIM_TALKS),
            *claim(CLAIM_TALKS, "talks will resume", "indirect"),
        ],
        [A001],
        "Aliyev said talks will resume.",
        0.7,
        "said",
    )
    extra += fact_graph(
        "signed-truce",
        [
            (TRUCE, NK.signedOn, Literal("2020-11-09", datatype=XSD.date)),
            (TRUCE, NK.party, ARMENIA),
        ],
        [A001],
        "the truce signed on Nov. 9",
        0.7,
        "signed",
    )
    G = build(tmp_path, extra)
    assert str(ALIYEV_SHORT) not in G and str(TRUCE) not in G
    aliyev = G.nodes[str(ALIYEV)]
    assert aliyev["label"] == "Ilham Aliyev"
    # the member's label and its own alternative names become the head's alt labels;
    # the head's own label is never among them
    alt = set(aliyev["alt_labels"].split("; "))
    assert {"Aliyev", "President Aliyev", "The president of Azerbaijan"} <= alt
    assert "Ilham Aliyev" not in alt
    assert set(aliyev["roles"].split("; ")) == {"President", "Head of state"}
    assert len(edges(G, str(ALIYEV), str(CLAIM_TALKS), "said")) == 1
    assert G.nodes[str(CEASEFIRE)]["signed_on"] == "2020-11-09; 2020-11-10"
    assert G.nodes[str(CEASEFIRE)]["alt_labels"] == "truce"
    assert len(edges(G, str(CEASEFIRE), str(ARMENIA), "party")) == 2
    # nothing else changed: the graph has the same other nodes as without resolution
    assert G.number_of_nodes() == ENTITY_NODES + ARTICLE_NODES + 1  # + the talks claim


def test_untyped_nodes_take_their_kind_from_where_they_stand(tmp_path: Path) -> None:
    # a store written by another tool may leave nodes untyped: the export then types
    # each node by its place in the relation (kg.export._FALLBACK_TYPES): a speaker is an
    # Actor, what is signed an Agreement; a party or a receiving state stays an "Entity"
    def iri(name: str) -> URIRef:
        return URIRef(ID + "x/" + name)

    extra = fact_graph(
        "said",
        [(iri("speaker"), NK.said, iri("claim")), (iri("claim"), NK.text, Literal("we agree"))],
        [iri("article")],
        "They said we agree.",
        0.5,
        "said",
    )
    extra += [(iri("claim"), NK.relayedBy, iri("relay"), None)]
    extra += fact_graph(
        "signed",
        [
            (iri("agreement"), NK.signedOn, Literal("2020-11-10", datatype=XSD.date)),
            (iri("agreement2"), NK.party, iri("party")),
            (iri("agreement3"), NK.broker, iri("broker")),
        ],
        [iri("article")],
        "signed",
        0.5,
        "signed",
    )
    extra += fact_graph(
        "moved",
        [(iri("land"), NK.transferredTo, iri("state"))],
        [iri("article")],
        "moved",
        0.5,
        "transferred",
        transferredFrom=iri("giver"),
        underAgreement=iri("deal"),
    )
    G = build(tmp_path, extra)
    kinds = {n.rsplit("/", 1)[1]: d["type"] for n, d in G.nodes(data=True)}
    assert kinds == {
        "speaker": "Actor",
        "claim": "Claim",
        "relay": "Actor",
        "agreement": "Agreement",
        "agreement2": "Agreement",
        "agreement3": "Agreement",
        "party": "Entity",
        "broker": "Entity",
        "land": "Territory",
        "state": "Entity",
        "giver": "Actor",
        "deal": "Agreement",
        "article": "Article",
    }
    # an untyped claim is labelled by its text, an article by its local name
    assert G.nodes[str(iri("claim"))]["label"] == "we agree"
