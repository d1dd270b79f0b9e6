"""The vocabulary module and the ontology agree, and every term is documented."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, URIRef

from kg.vocab import NK, NS, ontology_graph


def defined_terms() -> set[str]:
    g = ontology_graph()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {
        str(s)[len(NS) :] for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(NS)
    }


def test_vocab_module_matches_ontology() -> None:
    declared = set(NK.__annotations__)
    assert declared == defined_terms()


def test_misspelt_term_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        _ = NK.signedon  # the contract's term is signedOn


def test_every_term_has_label_and_comment() -> None:
    g = ontology_graph()
    for name in defined_terms():
        term = URIRef(NS + name)
        assert g.value(term, RDFS.label) is not None, name
        assert g.value(term, RDFS.comment) is not None, name


def test_contract_terms_present() -> None:
    assert {"said", "text", "signedOn", "transferredTo", "Article"} <= defined_terms()


def test_shapes_parse() -> None:
    shapes = ontology_graph("shapes.ttl")
    assert len(shapes) > 50
