"""Records become the quads of CONTRACT sections 3 and 4."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.article import Article, PubDate
from kg.iri import Minter
from kg.mapping import article_quads, best_records, date_literal, delete_article
from kg.records import Evidence, Mention, Said, Signed, TimeExpr, Transferred
from kg.store import open_store
from kg.vocab import NK

ID = Namespace("https://example.org/id/")
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
TEXT = "“I hope that today’s ceasefire can create a new situation,” Aliyev said."
EV = Evidence(TEXT, 0, len(TEXT))


def article() -> Article:
    return Article(
        source="seeds/000.txt",
        text=TEXT,
        title="Leader hopes",
        path="seeds/000.txt",
        published=PubDate("2020-11-21", inferred=True, basis="caption", confidence=0.9),
    )


def said_record(confidence: float = 0.9) -> Said:
    speaker = Mention("Ilham Aliyev", "Person", 61, 67, aliases=("Aliyev",), role="President")
    claim = "I hope that today’s ceasefire can create a new situation"
    return Said(speaker, claim, 1, 57, "direct", "said", EV, confidence)


def graphs(quads) -> dict:
    """Split quads into {graph name or None: rdflib Graph}."""
    out: dict = {}
    for s, p, o, g in quads:
        out.setdefault(g, Graph()).add((s, p, o))
    return out


def same_dataset(q1, q2) -> bool:
    g1, g2 = graphs(q1), graphs(q2)
    return g1.keys() == g2.keys() and all(isomorphic(g1[k], g2[k]) for k in g1)


def test_said_fact_shape_is_the_contracts() -> None:
    minter = Minter(str(ID))
    a, quads = article_quads(
        article(),
        [said_record()],
        minter=minter,
        model="en_core_web_sm-3.8.0",
        extractors={"said": "0.1.0"},
        now=NOW,
    )
    named = {g for *_, g in quads if g is not None}
    assert len(named) == 1
    g = next(iter(named))
    person = ID["person/ilham-aliyev"]
    claim = next(o for s, p, o, gg in quads if p == NK.said)
    fact_graph = Graph()
    for s, p, o, gg in quads:
        if gg == g:
            fact_graph.add((s, p, o))
    expected = Graph()
    expected.add((person, NK.said, claim))
    expected.add((claim, RDF.type, NK.Claim))
    expected.add(
        (claim, NK.text, Literal("I hope that today’s ceasefire can create a new situation"))
    )
    expected.add((claim, NK.claimKind, Literal("direct")))
    assert isomorphic(fact_graph, expected)

    default = {(s, p, o) for s, p, o, gg in quads if gg is None}
    assert (g, PROV.wasDerivedFrom, a) in default
    assert (g, PROV.wasGeneratedBy, ID["extractor/said/0.1.0"]) in default
    assert (g, NK.evidenceStart, Literal(0, datatype=XSD.integer)) in default
    assert (g, NK.evidenceEnd, Literal(len(TEXT), datatype=XSD.integer)) in default
    assert (g, NK.confidence, Literal(Decimal("0.9"), datatype=XSD.decimal)) in default
    assert (
        g,
        PROV.generatedAtTime,
        Literal("2026-11-22T10:00:00+00:00", datatype=XSD.dateTime),
    ) in default
    assert (person, RDFS.label, Literal("Ilham Aliyev")) in default
    assert (person, SKOS.altLabel, Literal("Aliyev")) in default
    assert (a, DCTERMS.source, Literal("seeds/000.txt")) in default
    assert (a, DCTERMS.issued, Literal("2020-11-21", datatype=XSD.date)) in default
    assert (a, NK.issuedInferred, Literal(True)) in default


def test_a_speakers_title_is_kept_with_the_day_it_was_seen() -> None:
    a, quads = article_quads(
        article(),
        [said_record()],
        minter=Minter(str(ID)),
        model="m",
        extractors={"said": "0.1.0"},
        now=NOW,
    )
    default = {(s, p, o) for s, p, o, g in quads if g is None}
    (role,) = {s for s, p, o in default if p == RDF.type and o == NK.RoleMention}
    assert (role, NK.holder, ID["person/ilham-aliyev"]) in default
    assert (role, NK.title, Literal("President")) in default
    assert (role, NK.seenOn, Literal("2020-11-21", datatype=XSD.date)) in default
    # derived from the article, so re-ingesting or removing the article removes it
    assert (role, PROV.wasDerivedFrom, a) in default


def test_unnamed_speakers_belong_to_their_article() -> None:
    voters = Mention("voters in Iowa", "Unnamed", 0, 14)
    record = Said(voters, "the economy comes first", 20, 43, "indirect", "say", EV, 0.5)
    minter = Minter(str(ID))
    iris = set()
    for source in ("a.txt", "b.txt"):
        art = Article(source=source, text=TEXT, path=source)
        _, quads = article_quads(
            art, [record], minter=minter, model="m", extractors={"said": "0.1.0"}, now=NOW
        )
        (speaker,) = {s for s, p, o, g in quads if p == NK.said}
        assert (speaker, RDF.type, NK.UnnamedActor, None) in quads
        iris.add(speaker)
    assert len(iris) == 2  # two articles' "voters" are not one node


def test_mapping_is_deterministic_up_to_time() -> None:
    kwargs = dict(minter=Minter(str(ID)), model="m", extractors={"said": "0.1.0"}, now=NOW)
    _, q1 = article_quads(article(), [said_record()], **kwargs)
    _, q2 = article_quads(article(), [said_record()], **kwargs)
    assert same_dataset(q1, q2)
    _, q3 = article_quads(article(), [said_record(0.5)], **kwargs)
    assert not same_dataset(q1, q3)


def test_duplicate_mentions_become_one_fact_keeping_the_most_confident() -> None:
    kept = best_records([said_record(0.5), said_record(0.8)])
    assert [r.confidence for r in kept] == [0.8]


def test_signed_and_transferred() -> None:
    minter = Minter(str(ID))
    agreement = Mention("ceasefire", "Agreement", 10, 19)
    week = TimeExpr("last week", 27, 36, "2020-W46", anchored=True)
    signed = Signed(agreement, week, "signed", EV, 0.8, brokers=(Mention("Russia", "State", 0, 6),))
    moved = Transferred(
        Mention("Aghdam", "Territory", 0, 6),
        Mention("Azerbaijan", "State", 40, 50),
        "entered",
        EV,
        0.7,
        from_party=Mention("Armenian forces", "Organization", 60, 75),
    )
    _a, quads = article_quads(
        article(),
        [signed, moved],
        minter=minter,
        model="m",
        extractors={"signed": "0.1.0", "transferred": "0.1.0"},
        now=NOW,
    )
    triples = {(s, p, o) for s, p, o, g in quads if g is not None}
    agreement_iri = next(s for s, p, o in triples if p == NK.signedOn)
    assert (agreement_iri, NK.signedOn, Literal("2020-11", datatype=XSD.gYearMonth)) in triples
    assert (agreement_iri, NK.broker, ID["state/russia"]) in triples
    assert (ID["territory/aghdam"], NK.transferredTo, ID["state/azerbaijan"]) in triples
    default = {(s, p, o) for s, p, o, g in quads if g is None}
    assert any(p == NK.dateExpression and o == Literal("last week") for s, p, o in default)
    assert any(p == NK.transferredFrom for s, p, o in default)


def test_date_literal_precision() -> None:
    assert date_literal("2021").datatype == XSD.gYear
    assert date_literal("2020-11").datatype == XSD.gYearMonth
    assert date_literal("2020-11-10") == Literal("2020-11-10", datatype=XSD.date)


def rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):  # RDF 1.1: a plain literal is an xsd:string
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise AssertionError(f"no blank nodes expected: {term}")


def stored(store) -> set:
    """Every quad in the store, with None for the default graph, as article_quads gives them."""
    return {
        (
            rdflib_term(q.subject),
            rdflib_term(q.predicate),
            rdflib_term(q.object),
            None if isinstance(q.graph_name, ox.DefaultGraph) else rdflib_term(q.graph_name),
        )
        for q in ox.parse(store.dump("nquads"), format=ox.RdfFormat.N_QUADS)
    }


def test_reingest_replaces_in_the_store(tmp_path) -> None:
    store = open_store(tmp_path / "store")
    minter = Minter(str(ID))
    kwargs = dict(minter=minter, model="m", extractors={"said": "0.1.0"}, now=NOW)
    a, quads = article_quads(article(), [said_record()], **kwargs)
    # another article in the same store, which re-ingesting the first must not touch
    other_article = Article(source="seeds/001.txt", text=TEXT, path="seeds/001.txt")
    b, quads_b = article_quads(other_article, [said_record(0.6)], **kwargs)
    store.replace(delete_article(b), quads_b)
    store.replace(delete_article(a), quads)
    assert stored(store) == set(quads) | set(quads_b)
    # the same article again, a minute later and with another claim: old facts go
    other = Said(said_record().speaker, "Another claim entirely", 0, 5, "indirect", "said", EV, 0.7)
    a2, quads2 = article_quads(article(), [other], **{**kwargs, "now": NOW.replace(minute=1)})
    assert a2 == a
    store.replace(delete_article(a), quads2)
    # exactly what the second run wrote, plus the other article: the first claim's graph,
    # its provenance (evidence, time, confidence) and its role mention are all gone. The
    # speaker's and extractor's descriptions are the same in both runs, so nothing of the
    # first run may be left over.
    assert stored(store) == set(quads2) | set(quads_b)
    store.replace(delete_article(a), quads)
    assert stored(store) == set(quads) | set(quads_b)
    assert store.graph_count() == 2


def test_an_entity_keeps_its_label_when_its_article_goes(tmp_path) -> None:
    # entities are shared between articles, so deleting an article never removes them
    store = open_store(tmp_path / "store")
    kwargs = dict(minter=Minter(str(ID)), model="m", extractors={"said": "0.1.0"}, now=NOW)
    a, quads = article_quads(article(), [said_record()], **kwargs)
    store.replace(delete_article(a), quads)
    store.replace(delete_article(a), [])
    person = ID["person/ilham-aliyev"]
    left = stored(store)
    assert {(s, p, o) for s, p, o, g in left if s == person} == {
        (person, RDF.type, NK.Person),
        (person, RDFS.label, Literal("Ilham Aliyev")),
        (person, SKOS.altLabel, Literal("Aliyev")),
        (person, NK.role, Literal("President")),
    }
    assert not {q for q in left if a in q}, "the article's own quads are gone"
    assert store.graph_count() == 0


def test_date_literal_of_quarters_seasons_and_weekends() -> None:
    from rdflib.namespace import XSD

    from kg.mapping import date_literal

    got = {
        v: (str(date_literal(v)), date_literal(v).datatype)
        for v in ("1989-Q3", "1998-WI", "2020-W47-WE")
    }
    assert got == {
        "1989-Q3": ("1989", XSD.gYear),
        "1998-WI": ("1998", XSD.gYear),
        "2020-W47-WE": ("2020-11", XSD.gYearMonth),
    }


def test_article_description_has_what_is_known_and_nothing_else() -> None:
    kwargs = dict(minter=Minter(str(ID)), model="m", extractors={"said": "0.1.0"}, now=NOW)
    full = Article(
        source="https://ex.org/a",
        text=TEXT,
        title="A title",
        publisher="Example Wire",
        id="a-1",
        path="a.txt",
    )
    a, quads = article_quads(full, [], **kwargs)
    described = {(p, o) for s, p, o, g in quads if s == a}
    assert {
        (DCTERMS.title, Literal("A title")),
        (DCTERMS.publisher, Literal("Example Wire")),
        (DCTERMS.identifier, Literal("a-1")),
        (DCTERMS.source, Literal("https://ex.org/a")),
    } <= described
    bare = Article(source="b.txt", text=TEXT, path="b.txt")
    b, quads = article_quads(bare, [], **kwargs)
    predicates = {p for s, p, o, g in quads if s == b}
    assert not predicates & {DCTERMS.title, DCTERMS.publisher, DCTERMS.identifier, DCTERMS.issued}
    # no published date: nothing was inferred either
    assert NK.issuedInferred not in predicates


def test_roles_and_cues_only_when_there_are_some() -> None:
    kwargs = dict(minter=Minter(str(ID)), model="m", extractors={"said": "0.1.0"}, now=NOW)
    _, quads = article_quads(article(), [said_record()], **kwargs)
    person = ID["person/ilham-aliyev"]
    assert (person, NK.role, Literal("President"), None) in quads
    (g,) = {gg for *_, gg in quads if gg is not None}
    assert (g, NK.cue, Literal("said"), None) in quads
    plain = Mention("Jane Roe", "Person", 0, 8)
    quiet = Said(plain, "the talks failed", 10, 26, "indirect", "", EV, 0.5)
    _, quads = article_quads(article(), [quiet], **kwargs)
    assert not [q for q in quads if q[1] in (NK.role, NK.cue)]
    assert not [q for q in quads if q[2] == NK.RoleMention]


def test_every_party_deadline_and_exception_is_written() -> None:
    agreement = Mention("accord", "Agreement", 10, 16)
    day = TimeExpr("3 March 2024", 20, 32, "2024-03-03")
    signed = Signed(
        agreement,
        day,
        "signed",
        EV,
        0.8,
        parties=(Mention("Norland", "State", 0, 7), Mention("Sudria", "State", 0, 6)),
        deadlines=(TimeExpr("by May", 0, 6, "2024-05"), TimeExpr("2025", 0, 4, "2025")),
        effective=TimeExpr("from April", 0, 10, "2024-04-01"),
    )
    moved = Transferred(
        Mention("Vell valley", "Territory", 0, 11),
        Mention("Sudria", "State", 0, 6),
        "handed over",
        EV,
        0.7,
        exceptions=("a corridor", "two villages"),
    )
    _, quads = article_quads(
        article(),
        [signed, moved],
        minter=Minter(str(ID)),
        model="m",
        extractors={"signed": "0.1.0", "transferred": "0.1.0"},
        now=NOW,
    )
    objects: dict = {}
    for _s, p, o, _g in quads:
        objects.setdefault(p, set()).add(o)
    assert objects[NK.party] == {ID["state/norland"], ID["state/sudria"]}
    assert objects[NK.deadline] == {
        Literal("2024-05", datatype=XSD.gYearMonth),
        Literal("2025", datatype=XSD.gYear),
    }
    assert objects[NK.takesEffectOn] == {Literal("2024-04-01", datatype=XSD.date)}
    assert objects[NK.exception] == {Literal("a corridor"), Literal("two villages")}


def test_weeks_across_two_months_become_their_year() -> None:
    # 2020-W44 runs Monday 26 October to Sunday 1 November; 2025-W14 Monday 31 March
    # to Sunday 6 April: neither is one month, so each is only its year
    assert date_literal("2020-W44") == Literal("2020", datatype=XSD.gYear)
    assert date_literal("2025-W14") == Literal("2025", datatype=XSD.gYear)
    # 2020-W46 runs 9 to 15 November
    assert date_literal("2020-W46") == Literal("2020-11", datatype=XSD.gYearMonth)


def test_confidence_is_kept_to_three_decimals() -> None:
    kwargs = dict(minter=Minter(str(ID)), model="m", extractors={"said": "0.1.0"}, now=NOW)
    _, quads = article_quads(article(), [said_record(0.12345)], **kwargs)
    (conf,) = {o for s, p, o, g in quads if p == NK.confidence}
    assert conf == Literal(Decimal("0.123"), datatype=XSD.decimal)


def test_of_two_equally_confident_mentions_the_earliest_is_kept() -> None:
    def at(start: int) -> Said:
        ev = Evidence(TEXT[start:], start, len(TEXT))
        return Said(
            said_record().speaker, "the same claim", start, start + 5, "direct", "said", ev, 0.7
        )

    for order in ([at(10), at(50)], [at(50), at(10)]):
        (kept,) = best_records(order)
        assert kept.evidence.start == 10, order
