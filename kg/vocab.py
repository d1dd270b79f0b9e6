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
    UnnamedActor: URIRef
    Person: URIRef
    Organization: URIRef
    State: URIRef
    Claim: URIRef
    Agreement: URIRef
    Territory: URIRef
    Fact: URIRef
    Extractor: URIRef
    RoleMention: URIRef
    # the three relations
    said: URIRef
    text: URIRef
    signedOn: URIRef
    transferredTo: URIRef
    # qualifiers
    claimKind: URIRef
    cue: URIRef
    saidOn: URIRef
    relayedBy: URIRef
    party: URIRef
    broker: URIRef
    takesEffectOn: URIRef
    deadline: URIRef
    signingPlannedFor: URIRef
    dateBasis: URIRef
    exception: URIRef
    transferredFrom: URIRef
    underAgreement: URIRef
    onDate: URIRef
    planned: URIRef
    postponedFrom: URIRef
    dateExpression: URIRef
    dateAnchored: URIRef
    role: URIRef
    holder: URIRef
    title: URIRef
    seenOn: URIRef
    # evidence and provenance
    evidenceText: URIRef
    evidenceStart: URIRef
    evidenceEnd: URIRef
    confidence: URIRef
    model: URIRef
    issuedInferred: URIRef
    issuedBasis: URIRef
    issuedConfidence: URIRef
    dateline: URIRef
    content: URIRef
    contentHash: URIRef
    version: URIRef
    # cross-article identity
    canonical: URIRef
    actsFor: URIRef
    duplicateOf: URIRef
    minhash: URIRef
    rewriteHash: URIRef
    repeatedIn: URIRef
    awaitsResolution: URIRef
    resolutionRun: URIRef
    supportingArticles: URIRef
    independentReports: URIRef
    # time in the graph
    firstWritten: URIRef
    statedOn: URIRef
    Change: URIRef
    changeKind: URIRef
    changedArticle: URIRef
    factsAdded: URIRef
    factsDropped: URIRef


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
