"""Export tests for the mutation survivors that were gaps (tests/mutation-survivors.md).

Each test builds a small invented store (no article text) with the one shape
the survivor needed: a claim near the label's length limit, a node with
several labels, an untyped node with a text but no label, a fact with two
evidence sentences, a confidence that is not a number, an unwritable output
path, and it reads the GEXF's XML declaration.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kg.errors import KGError
from kg.export import CLAIM_LABEL_CHARS, build_graph, export, write_gexf
from kg.store import Quad, Store, open_store
from kg.vocab import NK

ID = "https://w3id.org/newskg/id/"
ARTICLE = URIRef(ID + "article/a1")
SPEAKER = URIRef(ID + "person/speaker-one")


def said(name: str, speaker: URIRef, claim: URIRef, *evidence: str) -> list[Quad]:
    """One nk:said fact in its own graph, from ARTICLE, with the given evidence sentences."""
    g = URIRef(ID + "fact/" + name)
    quads: list[Quad] = [
        (speaker, NK.said, claim, g),
        (g, RDF.type, NK.Fact, None),
        (g, PROV.wasDerivedFrom, ARTICLE, None),
    ]
    return quads + [(g, NK.evidenceText, Literal(e), None) for e in evidence]


def claim_with_text(name: str, text: str) -> tuple[URIRef, list[Quad]]:
    iri = URIRef(ID + "claim/" + name)
    return iri, [(iri, RDF.type, NK.Claim, None), (iri, NK.text, Literal(text), None)]


def graph_of(path: Path, quads: list[Quad]) -> nx.MultiDiGraph:
    store = open_store(path)
    store.replace([], quads)
    return build_graph(store, include_articles=False)


def labelled_speaker() -> list[Quad]:
    return [(SPEAKER, RDF.type, NK.Person, None), (SPEAKER, RDFS.label, Literal("Speaker"), None)]


# A claim's label is its text when it fits in CLAIM_LABEL_CHARS (80) characters,
# else its first 79 characters without the last, cut word, and an ellipsis.
SHORTENED = [
    ("fits-exactly", "a" * 70 + " " + "b" * 9, "a" * 70 + " " + "b" * 9),  # 80: kept whole
    ("one-too-long", "c" * 81, "c" * 79 + "…"),  # 81, one word: cut at 79
    ("cut-word", "d" * 76 + " e " + "f" * 10, "d" * 76 + " e…"),  # the word across 79 goes
    ("short", "g h", "g h"),
]


def test_claim_labels_are_shortened_at_eighty_characters(tmp_path: Path) -> None:
    assert CLAIM_LABEL_CHARS == 80
    quads = labelled_speaker()
    for name, text, _ in SHORTENED:
        claim, claim_quads = claim_with_text(name, text)
        quads += claim_quads + said(name, SPEAKER, claim, "A sentence.")
    G = graph_of(tmp_path / "store", quads)
    labels = {name: G.nodes[ID + "claim/" + name]["label"] for name, _, _ in SHORTENED}
    assert labels == {name: label for name, _, label in SHORTENED}
    assert all(len(label) <= 80 for label in labels.values())
    # the whole text stays on the node
    assert G.nodes[ID + "claim/one-too-long"]["text"] == "c" * 81


def test_a_node_with_several_labels_shows_the_first_and_keeps_the_others(tmp_path: Path) -> None:
    claim, quads = claim_with_text("c1", "Something was said.")
    quads += [(SPEAKER, RDF.type, NK.Person, None)]
    quads += [(SPEAKER, RDFS.label, Literal(name), None) for name in ("Gamma", "Alpha", "Beta")]
    quads += said("f1", SPEAKER, claim, "A sentence.")
    node = graph_of(tmp_path / "store", quads).nodes[str(SPEAKER)]
    assert node["label"] == "Alpha"
    alt = node["alt_labels"]
    assert "Beta" in alt and "Gamma" in alt and "Alpha" not in alt


def test_label_fallbacks_need_the_right_type(tmp_path: Path) -> None:
    # An untyped speaker with a text and a title but no label: neither a claim's
    # text nor an article's title is its label, its IRI's local name is.
    untyped = URIRef(ID + "entity/untyped-speaker")
    claim, quads = claim_with_text("c1", "Something was said.")
    notext = URIRef(ID + "claim/without-text")
    quads += [
        (untyped, NK.text, Literal("a text that is no name"), None),
        (untyped, DCTERMS.title, Literal("a title that is no name"), None),
        (notext, RDF.type, NK.Claim, None),
    ]
    quads += said("f1", untyped, claim, "A sentence.")
    quads += labelled_speaker() + said("f2", SPEAKER, notext, "Another sentence.")
    G = graph_of(tmp_path / "store", quads)
    assert G.nodes[str(untyped)]["label"] == "untyped-speaker"
    assert G.nodes[str(claim)]["label"] == "Something was said."
    assert G.nodes[str(notext)]["label"] == "without-text"


def test_a_fact_with_two_evidence_sentences_shows_the_shorter(tmp_path: Path) -> None:
    claim, quads = claim_with_text("c1", "Something was said.")
    long = "The speaker said something, the agency reported on the same day, at length."
    short = "The speaker said something."
    quads += labelled_speaker() + said("f1", SPEAKER, claim, long, short)
    G = graph_of(tmp_path / "store", quads)
    [(_, _, attrs)] = G.edges(data=True)
    assert attrs["evidence"] == short


def test_a_confidence_that_is_no_number_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    claim, quads = claim_with_text("c1", "Something was said.")
    quads += labelled_speaker() + said("f1", SPEAKER, claim, "A sentence.")
    quads += [(URIRef(ID + "fact/f1"), NK.confidence, Literal("high"), None)]
    with caplog.at_level(logging.WARNING):
        G = graph_of(tmp_path / "store", quads)
    [(_, _, attrs)] = G.edges(data=True)
    assert "confidence" not in attrs
    assert "not a number" in caplog.text and "'high'" in caplog.text


def test_an_unwritable_path_is_a_kgerror_naming_it(tmp_path: Path) -> None:
    claim, quads = claim_with_text("c1", "Something was said.")
    store: Store = open_store(tmp_path / "store")
    store.replace([], labelled_speaker() + quads + said("f1", SPEAKER, claim, "A sentence."))
    out = tmp_path / "no-such-folder" / "graph.gexf"
    with pytest.raises(KGError, match="no-such-folder"):
        export(store, "gexf", out)
    assert not out.exists()


def test_gexf_starts_with_a_utf8_xml_declaration() -> None:
    G = nx.MultiDiGraph(name="test")
    G.add_node("n1", label="Ünïcode")
    buffer = io.BytesIO()
    write_gexf(G, buffer)
    first_line = buffer.getvalue().split(b"\n", 1)[0]
    assert first_line.startswith(b"<?xml version=")
    assert b"encoding='utf-8'" in first_line.lower() or b'encoding="utf-8"' in first_line.lower()
