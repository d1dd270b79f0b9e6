"""The NewsKG vocabulary as an rdflib namespace, and the shipped ontology.

``NK`` is a closed :class:`~rdflib.namespace.DefinedNamespace`: a misspelt term
raises ``AttributeError`` instead of minting a bogus IRI. ``tests/test_vocab.py``
checks that its terms are exactly those ``ontology/newskg.ttl`` defines.
"""

from __future__ import annotations

from importlib import resources

from rdflib import Graph, URIRef
from rdflib.namespace import DefinedNamespace, Namespace

NS = "https://w3id.org/newskg/ns#"


class NK(DefinedNamespace):
    """Terms of ``ontology/newskg.ttl``."""

    _NS = Namespace(NS)
    _fail = True

    # classes
    Article: URIRef
    Actor: URIRef
    Person: URIRef
    Organization: URIRef
    State: URIRef
    Claim: URIRef
    Agreement: URIRef
    Territory: URIRef
    Fact: URIRef
    Extractor: URIRef
    # the three relations
    said: URIRef
    text: URIRef
    signedOn: URIRef  # noqa: N815 - the contract's term
    transferredTo: URIRef  # noqa: N815
    # qualifiers
    claimKind: URIRef  # noqa: N815
    cue: URIRef
    saidOn: URIRef  # noqa: N815
    relayedBy: URIRef  # noqa: N815
    party: URIRef
    broker: URIRef
    transferredFrom: URIRef  # noqa: N815
    underAgreement: URIRef  # noqa: N815
    onDate: URIRef  # noqa: N815
    planned: URIRef
    dateExpression: URIRef  # noqa: N815
    dateAnchored: URIRef  # noqa: N815
    role: URIRef
    # evidence and provenance
    evidenceText: URIRef  # noqa: N815
    evidenceStart: URIRef  # noqa: N815
    evidenceEnd: URIRef  # noqa: N815
    confidence: URIRef
    model: URIRef
    issuedInferred: URIRef  # noqa: N815
    issuedBasis: URIRef  # noqa: N815
    issuedConfidence: URIRef  # noqa: N815
    dateline: URIRef
    contentHash: URIRef  # noqa: N815
    version: URIRef


#: Prefixes every query gets for free (CLI and endpoint alike).
PREFIXES: dict[str, str] = {
    "nk": NS,
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def ontology_text(name: str = "newskg.ttl") -> str:
    """Return a Turtle file shipped in ``kg.ontology`` (``newskg.ttl`` or ``shapes.ttl``)."""
    return resources.files("kg.ontology").joinpath(name).read_text(encoding="utf-8")


def ontology_graph(name: str = "newskg.ttl") -> Graph:
    """Parse a shipped ontology file into an rdflib graph."""
    return Graph().parse(data=ontology_text(name), format="turtle")
