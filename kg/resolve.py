"""Cross-article identity: which entity nodes are one thing, which articles are copies, who supports a fact.

Ingest mints every entity IRI from its own article alone (a normalized key of
its label, see :mod:`kg.iri`), so an IRI never changes under the facts that use
it. This module then reads the whole store and computes, from scratch, one
*resolution graph* (a named graph of its own, replaced whole on every run):

- ``?e nk:canonical ?c`` for every entity: the node that stands for its cluster
  (itself when nothing merges with it), and ``?e owl:sameAs ?c`` when ``?e`` is
  not ``?c``. The canonical node carries every other name of the cluster as
  ``skos:altLabel``, and every role (``nk:role``) its members were given.
- ``?place owl:sameAs <https://sws.geonames.org/ID/>`` for places and states the
  gazetteer (:mod:`kg.gazetteer`) knows.
- ``?actor nk:actsFor ?state`` for organisations and groups named after one
  state ("Azerbaijani forces", "Azerbaijan Foreign Ministry").
- ``?copy nk:duplicateOf ?original`` for syndicated and rewritten copies (:mod:`kg.copies`).
- for every fact graph ``?g``: ``nk:supportingArticles`` (articles that state the
  same fact), ``nk:independentReports`` (those articles with copies counted once)
  and ``prov:wasDerivedFrom`` each copy of its article that states it too.

Because the whole graph is recomputed from what the store holds, the result does
not depend on the order articles were ingested in, and removing an article
removes the links and counts it contributed.

Merge rules (precision first: when in doubt, no merge):

- **Persons**: same number of name words and every word equal after
  transliteration folding (:func:`translit`: "Sergei"/"Sergey",
  "Pashinyan"/"Pashinian"); a one-word name (a surname) joins the one full
  name in the store ending with it, and none when two full names do ("Aliyev"
  stays alone beside "Ilham Aliyev" and "Heydar Aliyev"), nor when both carry
  roles with no word in common.
- **Places and states**: the same GeoNames record, or the same folded key
  within one type.
- **Organisations and other actors**: the same folded key within one type.
- **Agreements**: compatible signing dates (two days at most one day apart, a
  day inside a month, or the same month), no conflicting topic ("ceasefire"
  vs "trade"), and compatible parties: both must name the states involved (as
  parties, brokers or in the evidence sentence), and these share two or one
  set holds the other. A cluster only takes a mention compatible with every
  member already in it.
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from anyascii import anyascii
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from kg import copies, gazetteer
from kg.extract.entities import DEMONYMS
from kg.store import Quad, Store
from kg.vocab import NK

log = logging.getLogger(__name__)

#: Version of the merge rules, recorded as the resolution graph's provenance.
VERSION = "0.1.0"

#: Topic words of agreement names: two agreements whose names name different topics differ.
AGREEMENT_TOPICS: dict[str, frozenset[str]] = {
    "ceasefire": frozenset(
        [
            "ceasefire",
            "cease-fire",
            "cease",
            "fire",
            "truce",
            "armistice",
            "hostilities",
            "fighting",
            "war",
            "peace",
            "peacekeeping",
            "cessation",
            "withdrawal",
        ]
    ),
    "economy": frozenset(
        [
            "trade",
            "economic",
            "economy",
            "ties",
            "infrastructure",
            "investment",
            "tariff",
            "tariffs",
            "customs",
            "gas",
            "oil",
            "energy",
            "pipeline",
            "transit",
            "supply",
            "loan",
            "debt",
            "grain",
            "fishing",
        ]
    ),
    "security": frozenset(
        ["defense", "defence", "military", "security", "arms", "nuclear", "missile"]
    ),
    "migration": frozenset(["migration", "migrants", "refugees", "asylum", "border", "visa"]),
    "climate": frozenset(["climate", "emissions", "environment", "environmental"]),
    "prisoners": frozenset(["prisoner", "prisoners", "detainees", "hostages", "exchange", "swap"]),
}

_TYPE_NAMES = {
    NK.Person: "Person",
    NK.Organization: "Organization",
    NK.State: "State",
    NK.Territory: "Territory",
    NK.Agreement: "Agreement",
    NK.Actor: "Actor",
}


def translit(word: str) -> str:
    """Fold a name word so that common romanization variants meet.

    >>> translit("Sergey") == translit("Sergei"), translit("Pashinyan") == translit("Pashinian")
    (True, True)
    >>> translit("Aliyev") == translit("Aliev"), translit("Zelenskyy") == translit("Zelensky")
    (True, True)
    """
    t = re.sub(r"[^a-z]", "", anyascii(word).lower())
    for a, b in (("dzh", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("ph", "f")):
        t = t.replace(a, b)
    t = t.replace("w", "v").replace("y", "i").replace("q", "k").replace("ck", "k")
    return re.sub(r"(.)\1+", r"\1", t)


def name_key(label: str) -> str:
    """Return the folded key of a name: transliteration-folded words joined by spaces."""
    return " ".join(t for t in (translit(w) for w in re.split(r"[\s\-]+", label)) if t)


# ---------------------------------------------------------------- reading the store


@dataclass
class Entity:
    """An entity node as the store describes it."""

    iri: str
    kind: str
    label: str
    alt: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)


@dataclass
class AgreementMention:
    """An agreement node with what its facts say about it."""

    iri: str
    label: str
    dates: set[str] = field(default_factory=set)
    states: set[str] = field(default_factory=set)  # names of states: parties, brokers, evidence
    evidence: list[str] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)


def _rows(store: Store, sparql: str, *, union: bool = True) -> Iterable[dict[str, str]]:
    return store.query(sparql, union_default=union).rows()


def read_entities(store: Store) -> dict[str, Entity]:
    """Return every entity described in the default graph, by IRI."""
    types = " ".join(f"<{t}>" for t in _TYPE_NAMES)
    out: dict[str, Entity] = {}
    # only entities some fact still uses: the others are dropped by clear_ops
    query = f"""SELECT ?e ?t ?l WHERE {{ VALUES ?t {{ {types} }} ?e a ?t ; rdfs:label ?l .
      {_IN_USE} }}"""
    for row in _rows(store, query, union=False):
        e = out.get(row["e"])
        if e is None or row["l"] < e.label:  # several labels: keep the first in order
            out[row["e"]] = Entity(row["e"], _TYPE_NAMES[URIRef(row["t"])], row["l"])
    for row in _rows(store, "SELECT ?e ?a WHERE { ?e skos:altLabel ?a }", union=False):
        if row["e"] in out:
            out[row["e"]].alt.add(row["a"])
    for row in _rows(store, "SELECT ?e ?r WHERE { ?e nk:role ?r }", union=False):
        if row["e"] in out:
            out[row["e"]].roles.add(row["r"])
    return out


def read_agreements(store: Store, entities: Mapping[str, Entity]) -> dict[str, AgreementMention]:
    """Return every agreement that has a signing date, with its dates, states and evidence."""
    out: dict[str, AgreementMention] = {}
    query = """SELECT ?ag ?d ?ev ?a WHERE {
      GRAPH ?g { ?ag nk:signedOn ?d } ?g prov:wasDerivedFrom ?a . OPTIONAL { ?g nk:evidenceText ?ev } }"""
    for row in _rows(store, query, union=False):
        ent = entities.get(row["ag"])
        m = out.setdefault(row["ag"], AgreementMention(row["ag"], ent.label if ent else ""))
        m.dates.add(row["d"])
        m.articles.add(row["a"])
        if "ev" in row:
            m.evidence.append(row["ev"])
    query = (
        """SELECT ?ag ?x WHERE { GRAPH ?g { { ?ag nk:party ?x } UNION { ?ag nk:broker ?x } } }"""
    )
    for row in _rows(store, query, union=False):
        if row["ag"] in out and row["x"] in entities:
            m = out[row["ag"]]
            m.states.add(gazetteer.key(entities[row["x"]].label))
    return out


# ---------------------------------------------------------------- clusters


class _Clusters:
    """Union-find over entity IRIs."""

    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, i: str) -> str:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for i in self.parent:
            out[self.find(i)].append(i)
        return [sorted(g) for g in out.values()]


def _role_words(roles: Iterable[str]) -> set[str]:
    return {w for r in roles for w in re.findall(r"[a-z]+", r.lower()) if len(w) > 3}


def person_clusters(
    persons: Iterable[Entity], context: Mapping[str, set[str]] | None = None
) -> list[list[str]]:
    """Group person nodes that name one person (see the module's merge rules).

    ``context`` gives, for a node, the keys of the other entities named in the
    articles it comes from; when given, a surname only joins a full name whose
    articles share at least one of them (Aliyev beside Azerbaijan, not beside a
    bond issue).
    """
    people = sorted(persons, key=lambda e: e.iri)
    uf = _Clusters(e.iri for e in people)
    by_key: dict[str, list[Entity]] = defaultdict(list)
    for e in people:
        by_key[name_key(e.label)].append(e)
    for group in by_key.values():
        for other in group[1:]:
            uf.union(group[0].iri, other.iri)
    # a surname alone joins the one full name ending with it
    full_by_last: dict[str, set[str]] = defaultdict(set)
    for e in people:
        words = name_key(e.label).split()
        if len(words) >= 2:
            full_by_last[words[-1]].add(uf.find(e.iri))
    roles_of: dict[str, set[str]] = defaultdict(set)
    context_of: dict[str, set[str]] = defaultdict(set)
    for e in people:
        roles_of[uf.find(e.iri)] |= _role_words(e.roles)
        if context is not None:
            context_of[uf.find(e.iri)] |= context.get(e.iri, set())
    for e in people:
        words = name_key(e.label).split()
        if len(words) != 1 or len(words[0]) < 3:
            continue
        targets = full_by_last.get(words[0], set())
        if len(targets) != 1:
            continue
        target = next(iter(targets))
        mine, theirs = _role_words(e.roles), roles_of[target]
        if mine and theirs and not mine & theirs:
            continue
        if context is not None and not context.get(e.iri, set()) & context_of[target]:
            continue
        uf.union(e.iri, target)
    return [g for g in uf.groups()]


def place_clusters(places: Iterable[Entity]) -> tuple[list[list[str]], dict[str, gazetteer.Place]]:
    """Group place (or state) nodes of one type that name one place; return the GeoNames links too."""
    items = sorted(places, key=lambda e: e.iri)
    uf = _Clusters(e.iri for e in items)
    links: dict[str, gazetteer.Place] = {}
    by_key: dict[object, str] = {}
    for e in items:
        found = (
            gazetteer.country(e.label) if e.kind == "State" else gazetteer.place(e.label) or None
        )
        keys: list[object] = [("key", name_key(e.label))]
        if found is not None:
            links[e.iri] = found
            keys.append(("geonames", found.geonameid))
        for k in keys:
            if k in by_key:
                uf.union(by_key[k], e.iri)
            else:
                by_key[k] = e.iri
    return uf.groups(), links


def key_clusters(items: Iterable[Entity]) -> list[list[str]]:
    """Group nodes of one type whose labels have the same folded key."""
    ordered = sorted(items, key=lambda e: e.iri)
    uf = _Clusters(e.iri for e in ordered)
    first: dict[str, str] = {}
    for e in ordered:
        k = name_key(e.label)
        if k in first:
            uf.union(first[k], e.iri)
        else:
            first[k] = e.iri
    return uf.groups()


def _day_or_month(value: str) -> tuple[int, date] | None:
    """Return (precision, first day) of an ISO date or year-month; None for a bare year."""
    try:
        if len(value) == 10:
            return 2, date.fromisoformat(value)
        if len(value) == 7:
            return 1, date.fromisoformat(value + "-01")
    except ValueError:
        return None
    return None


def dates_compatible(a: str, b: str) -> bool:
    """Tell whether two signing dates may be one signing as two outlets date it.

    >>> dates_compatible("2020-11-09", "2020-11-10"), dates_compatible("2020-11", "2020-11-30")
    (True, True)
    >>> dates_compatible("2020-11-09", "2020-11-12"), dates_compatible("2020", "2020")
    (False, False)
    """
    pa, pb = _day_or_month(a), _day_or_month(b)
    if pa is None or pb is None:
        return False
    if pa[0] == pb[0] == 2:
        return abs((pa[1] - pb[1]).days) <= 1
    return (pa[1].year, pa[1].month) == (pb[1].year, pb[1].month)


def topics(label: str) -> set[str]:
    """Return the topics an agreement's name names ("ceasefire", "economy", ...).

    >>> sorted(topics("pact to develop economic ties")), sorted(topics("tripartite agreement"))
    (['economy'], [])
    """
    words = set(re.findall(r"[a-z]+(?:-[a-z]+)?", label.lower()))
    return {t for t, vocab in AGREEMENT_TOPICS.items() if words & vocab}


def _states_named(text: str, states: Mapping[str, str]) -> set[str]:
    """Return the keys of the states (by name or demonym in ``states``) a text names."""
    low = f" {gazetteer.key(text)} "
    return {k for name, k in states.items() if f" {name} " in low}


def _agreements_compatible(a: AgreementMention, b: AgreementMention) -> bool:
    if not all(dates_compatible(x, y) for x in a.dates for y in b.dates):
        return False
    ta, tb = topics(a.label), topics(b.label)
    if ta and tb and not ta & tb:
        return False
    # positive evidence is needed: both name the states involved, and these agree
    if not (a.states and b.states):
        return False
    shared = a.states & b.states
    return len(shared) >= 2 or a.states <= b.states or b.states <= a.states


def agreement_clusters(
    agreements: Mapping[str, AgreementMention], state_names: Mapping[str, str]
) -> list[list[str]]:
    """Group agreement nodes that are one agreement (complete linkage, in a fixed order)."""
    for m in agreements.values():
        for ev in m.evidence:
            m.states |= _states_named(ev, state_names)

    def order(m: AgreementMention) -> tuple[int, str, str]:
        best = max((_day_or_month(d) or (0, date.min) for d in m.dates), default=(0, date.min))
        return (-best[0], best[1].isoformat(), m.iri)

    clusters: list[list[AgreementMention]] = []
    for m in sorted(agreements.values(), key=order):
        if not any(_day_or_month(d) for d in m.dates):
            clusters.append([m])
            continue
        for cluster in clusters:
            if all(_agreements_compatible(m, other) for other in cluster):
                cluster.append(m)
                break
        else:
            clusters.append([m])
    return [sorted(x.iri for x in c) for c in clusters]


# ---------------------------------------------------------------- the resolution graph


@dataclass
class Resolution:
    """What one resolution run found, and the quads of the resolution graph."""

    quads: list[Quad] = field(default_factory=list)
    merges: int = 0  # entity nodes made one with another node
    copies: int = 0  # articles found to be copies
    linked: int = 0  # places and states linked to GeoNames


def _contexts(store: Store, entities: Mapping[str, Entity]) -> dict[str, set[str]]:
    """Return, for each entity, the name keys of the other entities its articles name."""
    in_article: dict[str, set[str]] = defaultdict(set)
    query = """SELECT DISTINCT ?a ?e WHERE { ?g a nk:Fact ; prov:wasDerivedFrom ?a .
               GRAPH ?g { { ?e ?p ?o } UNION { ?s ?p ?e } } }"""
    for row in _rows(store, query, union=False):
        if row["e"] in entities:
            in_article[row["a"]].add(row["e"])
    out: dict[str, set[str]] = defaultdict(set)
    for members in in_article.values():
        keys = {m: name_key(entities[m].label) for m in members}
        for m in members:
            out[m] |= {k for other, k in keys.items() if other != m and k != keys[m]}
    return out


def _canonical(
    members: list[str], entities: Mapping[str, Entity], prefer: Mapping[str, tuple[object, ...]]
) -> str:
    return min(members, key=lambda i: (*prefer.get(i, ()), i))


def resolve(store: Store, graph: URIRef, activity: URIRef) -> Resolution:
    """Compute the resolution graph named ``graph`` from the store (does not write it).

    ``activity`` is the IRI of this version of the resolver; the graph says it was
    generated by it, the way fact graphs name their extractor.
    """
    res = Resolution()
    g = graph
    res.quads += [
        (g, PROV.wasGeneratedBy, activity, g),
        (activity, RDF.type, NK.Extractor, g),
        (activity, RDFS.label, Literal(f"NewsKG entity resolution {VERSION}"), g),
        (activity, NK.version, Literal(VERSION), g),
    ]
    entities = read_entities(store)
    by_kind: dict[str, list[Entity]] = defaultdict(list)
    for e in entities.values():
        by_kind[e.kind].append(e)

    # names of states, and their demonyms, as folded keys -> the state's key
    state_names: dict[str, str] = {}
    for e in by_kind["State"]:
        k = gazetteer.key(e.label)
        state_names[k] = k
        for alt in e.alt:
            state_names.setdefault(gazetteer.key(alt), k)
    for demonym, name in DEMONYMS.items():
        if gazetteer.key(name) in state_names:
            state_names.setdefault(gazetteer.key(demonym), gazetteer.key(name))

    groups: list[list[str]] = []
    prefer: dict[str, tuple[object, ...]] = {}
    # a speaker known only by one capitalised word ("Torres said") may be typed a bare
    # Actor; it is looked at as a surname beside the persons
    surnames = [e for e in by_kind["Actor"] if re.fullmatch(r"[A-Z][\w'’-]+", e.label)]
    people = [*by_kind["Person"], *surnames]
    groups += person_clusters(people, _contexts(store, entities))
    for e in people:
        prefer[e.iri] = (e.kind != "Person", -len(e.label.split()))
    taken = {e.iri for e in surnames}
    by_kind["Actor"] = [e for e in by_kind["Actor"] if e.iri not in taken]
    links: dict[str, gazetteer.Place] = {}
    for kind in ("Territory", "State"):
        found, kind_links = place_clusters(by_kind[kind])
        groups += found
        links.update(kind_links)
    for iri, place in links.items():
        same_name = gazetteer.key(entities[iri].label) == gazetteer.key(place.name)
        prefer[iri] = (not same_name,)
    for kind in ("Organization", "Actor"):
        groups += key_clusters(by_kind[kind])
    agreements = read_agreements(store, entities)
    groups += agreement_clusters(agreements, state_names)
    for ag in agreements.values():
        day = any(len(d) == 10 for d in ag.dates)
        prefer[ag.iri] = (not day, not topics(ag.label), len(ag.label))
    clustered = {i for grp in groups for i in grp}
    groups += [[e.iri] for e in by_kind["Agreement"] if e.iri not in clustered]

    canonical_of: dict[str, str] = {}
    for members in groups:
        canon = _canonical(members, entities, prefer)
        c = URIRef(canon)
        names: set[str] = set()
        roles: set[str] = set()
        for m in members:
            canonical_of[m] = canon
            res.quads.append((URIRef(m), NK.canonical, c, g))
            if m != canon:
                res.merges += 1
                res.quads.append((URIRef(m), OWL.sameAs, c, g))
            ent = entities.get(m)
            if ent is not None:
                names |= {ent.label, *ent.alt}
                roles |= ent.roles
        head = entities.get(canon)
        own = {head.label, *head.alt} if head is not None else set()
        for name in sorted(names - own):
            res.quads.append((c, SKOS.altLabel, Literal(name), g))
        for role in sorted(roles - (head.roles if head is not None else set())):
            res.quads.append((c, NK.role, Literal(role), g))
        linked = next((links[m] for m in members if m in links), None)
        if linked is not None:
            res.linked += 1
            res.quads.append((c, OWL.sameAs, URIRef(linked.iri), g))
            res.quads.append((URIRef(linked.iri), RDFS.label, Literal(linked.name), g))

    # groups and organisations acting for one state
    state_iri = {gazetteer.key(e.label): e.iri for e in by_kind["State"]}
    for e in (*by_kind["Organization"], *by_kind["Actor"]):
        named = _states_named(e.label, state_names)
        if len(named) == 1:
            target = state_iri.get(next(iter(named)))
            if target is not None:
                res.quads.append(
                    (URIRef(e.iri), NK.actsFor, URIRef(canonical_of.get(target, target)), g)
                )

    original_of = _copies(store, res, g)
    _support(store, res, g, canonical_of, original_of)
    return res


def _copies(store: Store, res: Resolution, g: URIRef) -> dict[str, str]:
    signatures: dict[str, copies.Signature] = {}
    for row in _rows(store, "SELECT ?a ?m WHERE { ?a nk:minhash ?m }", union=False):
        try:
            signatures[row["a"]] = copies.Signature.decode(row["m"])
        except ValueError:
            log.warning("article %s has an unreadable nk:minhash; skipped", row["a"])
    # the original is the earliest issued; then the one whose date is surest (metadata
    # before inference), then the first by source, so that ingest order never matters
    order: dict[str, tuple[str, float, str]] = {}
    query = """SELECT ?a ?src ?d ?conf WHERE { ?a a nk:Article ; dcterms:source ?src .
               OPTIONAL { ?a dcterms:issued ?d } OPTIONAL { ?a nk:issuedConfidence ?conf } }"""
    for row in _rows(store, query, union=False):
        confidence = float(row.get("conf", "1"))
        key = (row.get("d", "\uffff"), -confidence, row["src"])
        order[row["a"]] = min(order.get(row["a"], key), key)
    original_of = copies.originals(signatures, order)
    for copy, original in sorted(original_of.items()):
        res.quads.append((URIRef(copy), NK.duplicateOf, URIRef(original), g))
    res.copies = len(original_of)
    return original_of


def _fact_keys(store: Store, canonical_of: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Return {fact graph: what makes it the same fact as another article's}."""
    out: dict[str, tuple[str, ...]] = {}

    def c(i: str) -> str:
        return canonical_of.get(i, i)

    q = "SELECT ?g ?s ?t WHERE { GRAPH ?g { ?s nk:said ?claim . ?claim nk:text ?t } }"
    for row in _rows(store, q, union=False):
        words = " ".join(re.findall(r"\w+", row["t"].lower()))
        out[row["g"]] = ("said", c(row["s"]), words)
    q = "SELECT ?g ?s ?d WHERE { GRAPH ?g { ?s nk:signedOn ?d } }"
    for row in _rows(store, q, union=False):
        out[row["g"]] = ("signed", c(row["s"]), row["d"])
    q = "SELECT ?g ?s ?o WHERE { GRAPH ?g { ?s nk:transferredTo ?o } }"
    for row in _rows(store, q, union=False):
        out[row["g"]] = ("transferred", c(row["s"]), c(row["o"]))
    return out


def _support(
    store: Store,
    res: Resolution,
    g: URIRef,
    canonical_of: Mapping[str, str],
    original_of: Mapping[str, str],
) -> None:
    keys = _fact_keys(store, canonical_of)
    article_of: dict[str, str] = {}
    for row in _rows(
        store, "SELECT ?g ?a WHERE { ?g a nk:Fact ; prov:wasDerivedFrom ?a }", union=False
    ):
        article_of[row["g"]] = row["a"]
    by_key: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for fact, key in keys.items():
        if fact in article_of:
            by_key[key].add(article_of[fact])
    for fact, key in sorted(keys.items()):
        article = article_of.get(fact)
        if article is None:
            continue
        supporting = by_key[key]
        f = URIRef(fact)
        res.quads.append(
            (f, NK.supportingArticles, Literal(len(supporting), datatype=XSD.integer), g)
        )
        res.quads.append(
            (
                f,
                NK.independentReports,
                Literal(copies.independent(supporting, original_of), datatype=XSD.integer),
                g,
            )
        )
        mine = original_of.get(article, article)
        for other in sorted(supporting - {article}):
            if original_of.get(other, other) == mine:
                res.quads.append((f, PROV.wasDerivedFrom, URIRef(other), g))


def counts(quads: Iterable[Quad]) -> Counter[str]:
    """Return how many quads of each predicate's local name ``quads`` holds (for reports)."""
    return Counter(str(q[1]).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for q in quads)


def clear_ops(graph: URIRef) -> list[str]:
    """Return the SPARQL Update operations run before the resolution graph is written anew.

    They drop the old resolution graph, then the descriptions of entity nodes that no
    fact graph and no fact's qualifier mentions any more (left behind when the last
    article naming them was removed or re-read without them).
    """
    # unnamed speakers are never resolved, but are left behind all the same
    types = " ".join(f"<{t}>" for t in (*_TYPE_NAMES, NK.UnnamedActor))
    return [
        f"DROP SILENT GRAPH <{graph}>",
        f"""DELETE {{ ?e ?p ?o }} WHERE {{
          VALUES ?t {{ {types} }} ?e a ?t .
          FILTER NOT EXISTS {{ GRAPH ?g1 {{ ?e ?p1 ?o1 }} FILTER(?g1 != <{graph}>) }}
          FILTER NOT EXISTS {{ GRAPH ?g2 {{ ?s2 ?p2 ?e }} FILTER(?g2 != <{graph}>) }}
          FILTER NOT EXISTS {{ ?f a nk:Fact ; ?q ?e }}
          ?e ?p ?o }}""",
    ]


#: A graph pattern true of an entity ``?e`` that some fact still names.
_IN_USE = """FILTER (EXISTS { GRAPH ?g1 { ?e ?p1 ?o1 } ?g1 a nk:Fact }
  || EXISTS { GRAPH ?g2 { ?s2 ?p2 ?e } ?g2 a nk:Fact }
  || EXISTS { ?f a nk:Fact ; ?q ?e })"""


def _norm_source(source: str) -> str:
    if "://" in source:
        return source.rstrip("/")
    return os.path.normpath(source)


def find_articles(store: Store, source: str) -> list[tuple[str, str]]:
    """Return (IRI, source) of the articles ``source`` names.

    ``source`` is an article's ``dcterms:source`` (URL or path, compared after
    normalizing ``./`` and ``//``), its id (``dcterms:identifier``), or a directory:
    every article read from a file below it.
    """
    wanted = _norm_source(source)
    query = """SELECT ?a ?src ?id WHERE { ?a a nk:Article ; dcterms:source ?src .
               OPTIONAL { ?a dcterms:identifier ?id } }"""
    found: dict[str, str] = {}
    for row in _rows(store, query, union=False):
        src = _norm_source(row["src"])
        below = "://" not in src and src.startswith(wanted.rstrip(os.sep) + os.sep)
        if src == wanted or row.get("id") == source or below:
            found[row["a"]] = row["src"]
    return sorted(found.items(), key=lambda x: x[1])
