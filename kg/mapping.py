"""Extractor records -> RDF quads with provenance (CONTRACT sections 3 and 4).

The only module that knows the vocabulary. Each fact read from an article gets
its own named graph; the default graph says where that graph came from
(``prov:wasDerivedFrom`` the article), which extractor made it, the evidence
sentence with its offsets, a confidence and the time of extraction. Entities
(actors, territories, agreements) and articles are described in the default
graph.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg import copies
from kg.article import Article
from kg.iri import Minter
from kg.records import Mention, Record, Said, Signed, TimeExpr, Transferred
from kg.vocab import NK

Quad = tuple[Node, Node, Node, Node | None]

ENTITY_CLASSES = {
    "Person": NK.Person,
    "Organization": NK.Organization,
    "State": NK.State,
    "Territory": NK.Territory,
    "Agreement": NK.Agreement,
    "Actor": NK.Actor,
    "Unnamed": NK.UnnamedActor,
}


def date_literal(value: str) -> Literal:
    """Return the typed literal of an ISO date value at its precision.

    An ISO week (``2020-W46``) has no XSD type; it becomes the month holding it
    (``xsd:gYearMonth``), or the year when the week straddles two months: coarser,
    never wrong. The original expression is kept in ``nk:dateExpression``.

    >>> date_literal("2020-11-09").datatype == XSD.date
    True
    >>> str(date_literal("2020-W46")), str(date_literal("2020-W44"))
    ('2020-11', '2020')

    A quarter (``1989-Q3``) or season (``1998-SU``) becomes its year, a weekend
    (``2020-W47-WE``) its week.
    """
    if len(value) == 10:
        return Literal(value, datatype=XSD.date)
    if len(value) == 7 and value[4] == "-" and value[5:].isdigit():
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}-W\d{2}(?:-WE)?", value):
        year, week = value[:4], value[6:8]  # a weekend ("2020-W47-WE") is stored as its week
        monday = date.fromisocalendar(int(year), int(week), 1)
        sunday = date.fromisocalendar(int(year), int(week), 7)
        if (monday.year, monday.month) == (sunday.year, sunday.month):
            return Literal(f"{monday.year:04d}-{monday.month:02d}", datatype=XSD.gYearMonth)
        return Literal(f"{sunday.year:04d}", datatype=XSD.gYear)
    return Literal(value[:4], datatype=XSD.gYear)


def _decimal(x: float) -> Literal:
    return Literal(Decimal(str(round(x, 3))), datatype=XSD.decimal)


def fact_key(record: Record) -> tuple[str, ...]:
    """Return what makes two records the same fact within one article."""
    if isinstance(record, Said):
        return ("said", record.speaker.label, " ".join(record.claim.split()))
    if isinstance(record, Signed):
        planned = ("planned",) if record.planned else ()
        return ("signed", record.agreement.label, record.date.value, *planned)
    return ("transferred", record.territory.label, record.state.label)


def best_records(records: Iterable[Record]) -> list[Record]:
    """Keep one record per fact: the most confident, then the earliest."""
    best: dict[tuple[str, ...], Record] = {}
    for r in records:
        key = fact_key(r)
        old = best.get(key)
        if old is None or (r.confidence, -r.evidence.start) > (old.confidence, -old.evidence.start):
            best[key] = r
    return sorted(best.values(), key=lambda r: (r.evidence.start, fact_key(r)))


@dataclass
class ArticleMapper:
    """Maps one article and its records to quads."""

    minter: Minter
    model: str
    extractors: dict[str, str]  # relation -> version
    now: datetime
    quads: list[Quad] = field(default_factory=list)
    published: str | None = None  # the article's date, for what was seen in it
    first_written: Mapping[str, str] = field(default_factory=dict)  # fact IRI -> xsd:dateTime

    def add(self, s: Node, p: Node, o: Node, g: Node | None = None) -> None:
        self.quads.append((s, p, o, g))

    def entity(self, m: Mention, *, scope: str = "") -> URIRef:
        iri = self.minter.entity(m.kind, m.label, scope=scope)
        self.add(iri, RDF.type, ENTITY_CLASSES.get(m.kind, NK.Actor))
        self.add(iri, RDFS.label, Literal(m.label))
        for alias in m.aliases:
            if alias != m.label:
                self.add(iri, SKOS.altLabel, Literal(alias))
        if m.role:
            self.add(iri, NK.role, Literal(m.role))
        return iri

    def article(self, article: Article) -> URIRef:
        a = self.minter.article(article)
        self.add(a, RDF.type, NK.Article)
        self.add(a, DCTERMS.source, Literal(article.source))
        if article.title:
            self.add(a, DCTERMS.title, Literal(article.title))
        if article.publisher:
            self.add(a, DCTERMS.publisher, Literal(article.publisher))
        if article.id:
            self.add(a, DCTERMS.identifier, Literal(article.id))
        if article.published:
            pub = article.published
            self.published = pub.value
            self.add(a, DCTERMS.issued, date_literal(pub.value))
            if pub.inferred:
                self.add(a, NK.issuedInferred, Literal(True))
                self.add(a, NK.issuedBasis, Literal(pub.basis))
                self.add(a, NK.issuedConfidence, _decimal(pub.confidence))
        if article.dateline:
            d = article.dateline
            self.add(a, NK.dateline, Literal(article.text[d.start : d.end].strip()))
        # the text every evidence offset counts in, so a page can show an article with its facts
        self.add(a, NK.content, Literal(article.text))
        digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        self.add(a, NK.contentHash, Literal(digest))
        # what copy detection (kg.resolve) compares, so it never reads texts again
        self.add(a, NK.minhash, Literal(copies.article_signature(article).encode()))
        self.add(a, NK.rewriteHash, Literal(copies.article_rewrite_signature(article).encode()))
        return a

    def provenance(self, g: URIRef, a: URIRef, record: Record) -> None:
        version = self.extractors[record.relation]
        extractor = self.minter.extractor(record.relation, version)
        self.add(extractor, RDF.type, NK.Extractor)
        self.add(extractor, RDFS.label, Literal(f"NewsKG {record.relation} extractor {version}"))
        self.add(extractor, NK.version, Literal(version))
        ev = record.evidence
        self.add(g, RDF.type, NK.Fact)
        self.add(g, PROV.wasDerivedFrom, a)
        self.add(g, PROV.wasGeneratedBy, extractor)
        self.add(g, NK.evidenceText, Literal(ev.text))
        self.add(g, NK.evidenceStart, Literal(ev.start, datatype=XSD.integer))
        self.add(g, NK.evidenceEnd, Literal(ev.end, datatype=XSD.integer))
        self.add(g, NK.confidence, _decimal(record.confidence))
        self.add(g, PROV.generatedAtTime, Literal(self.now.isoformat(), datatype=XSD.dateTime))
        # kept across re-ingests of the article, so the graph knows since when it says this
        first = self.first_written.get(str(g), self.now.isoformat())
        self.add(g, NK.firstWritten, Literal(first, datatype=XSD.dateTime))
        if self.published:
            self.add(g, NK.statedOn, date_literal(self.published))
        self.add(g, NK.model, Literal(self.model))
        if record.cue:
            self.add(g, NK.cue, Literal(record.cue))

    def date_qualifiers(self, node: URIRef, t: TimeExpr) -> None:
        self.add(node, NK.dateExpression, Literal(t.text))
        self.add(node, NK.dateAnchored, Literal(t.anchored))

    def role(self, a: URIRef, holder: URIRef, title: str) -> None:
        """State that article ``a`` gives ``holder`` a title, on the day the article was published."""
        role = self.minter.role(str(a), str(holder), title)
        self.add(role, RDF.type, NK.RoleMention)
        self.add(role, NK.holder, holder)
        self.add(role, NK.title, Literal(title))
        self.add(role, PROV.wasDerivedFrom, a)
        if self.published:
            self.add(role, NK.seenOn, date_literal(self.published))

    def said(self, a: URIRef, r: Said) -> None:
        # an unnamed speaker ("voters", "a source") is only ever the same within its article
        speaker = self.entity(r.speaker, scope=str(a) if r.speaker.kind == "Unnamed" else "")
        claim = self.minter.claim(str(a), str(speaker), r.claim)
        g = self.minter.fact(str(a), "said", str(speaker), " ".join(r.claim.split()))
        if r.speaker.role:
            self.role(a, speaker, r.speaker.role)
        self.add(speaker, NK.said, claim, g)
        self.add(claim, RDF.type, NK.Claim, g)
        self.add(claim, NK.text, Literal(r.claim), g)
        self.add(claim, NK.claimKind, Literal(r.kind), g)
        if r.date is not None:
            self.add(claim, NK.saidOn, date_literal(r.date.value), g)
            self.date_qualifiers(g, r.date)
        if r.relayed_by is not None:
            self.add(claim, NK.relayedBy, self.entity(r.relayed_by), g)
        self.provenance(g, a, r)

    def signed(self, a: URIRef, r: Signed) -> None:
        # Agreements are scoped to their article until entity resolution merges them.
        agreement = self.entity(r.agreement, scope=str(a))
        if r.planned:  # a signing still to come is never a signedOn
            g = self.minter.fact(str(a), "planned signing", str(agreement), r.date.value)
            self.add(agreement, NK.signingPlannedFor, date_literal(r.date.value), g)
        else:
            g = self.minter.fact(str(a), "signed", str(agreement), r.date.value)
            self.add(agreement, NK.signedOn, date_literal(r.date.value), g)
        if r.date_basis != "text":
            self.add(g, NK.dateBasis, Literal(r.date_basis))
        for party in r.parties:
            self.add(agreement, NK.party, self.entity(party), g)
        for broker in r.brokers:
            self.add(agreement, NK.broker, self.entity(broker), g)
        if r.effective is not None:
            self.add(agreement, NK.takesEffectOn, date_literal(r.effective.value), g)
        for deadline in r.deadlines:
            self.add(agreement, NK.deadline, date_literal(deadline.value), g)
        self.date_qualifiers(g, r.date)
        self.provenance(g, a, r)

    def transferred(self, a: URIRef, r: Transferred) -> None:
        territory = self.entity(r.territory)
        state = self.entity(r.state)
        g = self.minter.fact(str(a), "transferred", str(territory), str(state))
        self.add(territory, NK.transferredTo, state, g)
        if r.from_party is not None:
            self.add(g, NK.transferredFrom, self.entity(r.from_party))
        if r.agreement is not None:
            self.add(g, NK.underAgreement, self.entity(r.agreement, scope=str(a)))
        if r.date is not None:
            self.add(g, NK.onDate, date_literal(r.date.value))
            self.date_qualifiers(g, r.date)
        self.add(g, NK.planned, Literal(r.planned))
        for part in r.exceptions:
            self.add(g, NK.exception, Literal(part))
        for old in r.postponed_from:
            self.add(g, NK.postponedFrom, date_literal(old.value))
        self.provenance(g, a, r)


def article_quads(
    article: Article,
    records: Iterable[Record],
    *,
    minter: Minter,
    model: str,
    extractors: dict[str, str],
    now: datetime,
    first_written: Mapping[str, str] | None = None,
) -> tuple[URIRef, list[Quad]]:
    """Return the article's IRI and every quad it contributes: its description, facts and provenance.

    ``first_written`` maps the IRIs of facts an earlier ingest of the article wrote
    to their ``nk:firstWritten`` time, which a fact still stated keeps (see
    :func:`kg.history.previous`); other facts are first written ``now``.
    """
    mapper = ArticleMapper(
        minter=minter,
        model=model,
        extractors=extractors,
        now=now,
        first_written=first_written or {},
    )
    a = mapper.article(article)
    for r in best_records(records):
        if isinstance(r, Said):
            mapper.said(a, r)
        elif isinstance(r, Signed):
            mapper.signed(a, r)
        elif isinstance(r, Transferred):
            mapper.transferred(a, r)
    return a, mapper.quads


def delete_article(article_iri: URIRef) -> list[str]:
    """Return the SPARQL Update operations that remove an article and the facts derived from it."""
    a = f"<{article_iri}>"
    return [
        f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ ?g prov:wasDerivedFrom {a} . GRAPH ?g {{ ?s ?p ?o }} }}",
        f"DELETE {{ ?g ?p ?o }} WHERE {{ ?g prov:wasDerivedFrom {a} ; ?p ?o }}",
        f"DELETE WHERE {{ {a} ?p ?o }}",
    ]


def keep_first_written(quads: list[Quad], first_written: Mapping[str, str]) -> list[Quad]:
    """Return ``quads`` with the ``nk:firstWritten`` of facts an earlier ingest wrote put back.

    ``article_quads(..., first_written=F)`` equals ``keep_first_written(article_quads(...), F)``:
    the analysis, which may run in another process, maps an article as if it were
    new, and the writer, which reads the store, restores what it knew.
    """
    if not first_written:
        return quads
    return [
        (s, p, Literal(first_written[str(s)], datatype=XSD.dateTime), g)
        if p == NK.firstWritten and str(s) in first_written
        else (s, p, o, g)
        for s, p, o, g in quads
    ]
