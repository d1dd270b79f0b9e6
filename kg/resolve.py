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

import json
import logging
import os
import re
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

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


def read_agreements(
    store: Store,
    entities: Mapping[str, Entity],
    *,
    parties: Callable[[Iterable[str]], Mapping[str, Entity]],
) -> dict[str, AgreementMention]:
    """Return the agreements among ``entities`` that have a signing date, with their dates, states and evidence.

    ``parties`` returns the descriptions of the entities named as parties or brokers.
    """
    out: dict[str, AgreementMention] = {}
    values = _iris(i for i, e in entities.items() if e.kind == "Agreement")
    if not values:
        return out
    query = f"""SELECT ?ag ?d ?ev ?a WHERE {{ VALUES ?ag {{ {values} }}
      GRAPH ?g {{ ?ag nk:signedOn ?d }} ?g prov:wasDerivedFrom ?a . OPTIONAL {{ ?g nk:evidenceText ?ev }} }}"""
    for row in _rows(store, query, union=False):
        ent = entities.get(row["ag"])
        m = out.setdefault(row["ag"], AgreementMention(row["ag"], ent.label if ent else ""))
        m.dates.add(row["d"])
        m.articles.add(row["a"])
        if "ev" in row:
            m.evidence.append(row["ev"])
    for m in out.values():
        m.evidence.sort()
    query = f"""SELECT ?ag ?x WHERE {{ VALUES ?ag {{ {values} }}
      GRAPH ?g {{ {{ ?ag nk:party ?x }} UNION {{ ?ag nk:broker ?x }} }} }}"""
    found = [(r["ag"], r["x"]) for r in _rows(store, query, union=False) if r["ag"] in out]
    described = parties({x for _, x in found})
    for ag, x in found:
        if x in described:
            out[ag].states.add(gazetteer.key(described[x].label))
    return out


def _canonical(
    members: list[str], entities: Mapping[str, Entity], prefer: Mapping[str, tuple[object, ...]]
) -> str:
    return min(members, key=lambda i: (*prefer.get(i, ()), i))


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
#
# Resolution is computed block by block. Every entity has *block keys* computed from
# its own description (a person's folded surname, a place's folded name and GeoNames
# record, an agreement's signing months, ...), chosen so that two nodes the rules could
# ever merge share a key, and so that the rules applied to one block (the entities
# linked through shared keys) give what they give applied to the whole store. An
# ingest or removal then recomputes only the blocks of the entities its articles name,
# the copy groups of its articles, and the support of the facts whose key changed.
#
# What the store holds is summarized in an index beside it (SQLite, INDEX_FILE in the
# store's directory): which entities each article's facts use, their descriptions and
# block keys, each fact's key, the copy links and the MinHash bands of every article,
# and what was last written to the resolution graph. Articles written or removed since
# the last run are listed in a *pending graph*, in the same transaction as the article
# itself, so a crash between the two never loses one. The resolution graph and the
# index carry the same random token; when they differ (a crash between the two
# writes, an index deleted or from another version), the next run starts from scratch.


@dataclass
class Resolution:
    """What the resolution graph holds after a run (counts over the whole store)."""

    merges: int = 0  # entity nodes made one with another node
    copies: int = 0  # articles found to be copies
    linked: int = 0  # clusters of places and states linked to GeoNames
    full: bool = False  # recomputed from scratch
    articles: int = 0  # articles this run took into account (added, changed or removed)
    entities: int = 0  # entity nodes whose cluster was recomputed
    facts: int = 0  # fact graphs whose support was recomputed


#: The index file, in the store's directory.
INDEX_FILE = "resolve-index.sqlite3"
#: Version of the index tables; an index of another version is rebuilt.
INDEX_VERSION = "3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE IF NOT EXISTS article(iri TEXT PRIMARY KEY, sig TEXT, sig2 TEXT, day TEXT,
  ord_date TEXT, ord_conf REAL, ord_src TEXT);
CREATE TABLE IF NOT EXISTS band(band BLOB, article TEXT);
CREATE INDEX IF NOT EXISTS band_band ON band(band);
CREATE INDEX IF NOT EXISTS band_article ON band(article);
CREATE TABLE IF NOT EXISTS edge(a TEXT, b TEXT, PRIMARY KEY(a, b));
CREATE INDEX IF NOT EXISTS edge_b ON edge(b);
CREATE TABLE IF NOT EXISTS original(article TEXT PRIMARY KEY, original TEXT);
CREATE TABLE IF NOT EXISTS uses(article TEXT, entity TEXT, ingraph INTEGER, PRIMARY KEY(article, entity));
CREATE INDEX IF NOT EXISTS uses_entity ON uses(entity);
CREATE TABLE IF NOT EXISTS entity(iri TEXT PRIMARY KEY, kind TEXT, label TEXT, alt TEXT,
  roles TEXT, nkey TEXT, fold TEXT);
CREATE TABLE IF NOT EXISTS ekey(key TEXT, entity TEXT, PRIMARY KEY(key, entity));
CREATE INDEX IF NOT EXISTS ekey_entity ON ekey(entity);
CREATE TABLE IF NOT EXISTS canon(entity TEXT PRIMARY KEY, canonical TEXT);
CREATE TABLE IF NOT EXISTS gnlink(canonical TEXT PRIMARY KEY, iri TEXT, name TEXT);
CREATE INDEX IF NOT EXISTS gnlink_iri ON gnlink(iri);
CREATE TABLE IF NOT EXISTS actsfor(entity TEXT PRIMARY KEY, state_key TEXT, state TEXT);
CREATE INDEX IF NOT EXISTS actsfor_state ON actsfor(state);
CREATE INDEX IF NOT EXISTS actsfor_key ON actsfor(state_key);
CREATE TABLE IF NOT EXISTS fact(g TEXT PRIMARY KEY, article TEXT, rel TEXT, s TEXT, x TEXT);
CREATE INDEX IF NOT EXISTS fact_article ON fact(article);
CREATE INDEX IF NOT EXISTS fact_s ON fact(s);
CREATE INDEX IF NOT EXISTS fact_x ON fact(x);
CREATE TABLE IF NOT EXISTS fkey(g TEXT PRIMARY KEY, key TEXT);
CREATE INDEX IF NOT EXISTS fkey_key ON fkey(key);
"""

_SURNAME = re.compile(r"[A-Z][\w'’-]+")
#: Entity types whose unused descriptions are dropped (unnamed speakers are never resolved).
_DROP_TYPES = (*_TYPE_NAMES, NK.UnnamedActor)
#: Predicates of the resolution graph written per entity cluster, per actor, per copy, per fact.
_CLUSTER_PREDICATES = (NK.canonical, OWL.sameAs, SKOS.altLabel, NK.role)
_FACT_PREDICATES = (NK.supportingArticles, NK.independentReports, NK.repeatedIn)
_CHUNK = 500


def _iris(items: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in items)


def _chunks(items: Iterable[Any], n: int = _CHUNK) -> Iterator[list[Any]]:
    items = sorted(items)
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _in(n: int) -> str:
    return ",".join("?" * n)


def pending_graph(graph: URIRef) -> URIRef:
    """Return the IRI of the graph listing articles written or removed since the last run."""
    return URIRef(f"{graph}-pending")


def pending_quad(graph: URIRef, article: URIRef) -> Quad:
    """Return the quad that marks ``article`` for the next resolution run (written with it)."""
    p = pending_graph(graph)
    return (p, NK.awaitsResolution, article, p)


def _is_surname(e: Entity) -> bool:
    return e.kind == "Actor" and bool(_SURNAME.fullmatch(e.label))


def _month_keys(dates: Iterable[str]) -> set[str]:
    """Return the signing months of an agreement: two compatible agreements share one."""
    out: set[str] = set()
    for d in dates:
        found = _day_or_month(d)
        if found is None:
            continue
        precision, day = found
        days = [day] if precision == 1 else [day - timedelta(days=1), day, day + timedelta(days=1)]
        out |= {f"g:{x.year:04d}-{x.month:02d}" for x in days}
    return out


def block_keys(e: Entity, dates: Iterable[str] = ()) -> list[str]:
    """Return an entity's block keys: two nodes the merge rules may join share one."""
    nkey = name_key(e.label)
    if e.kind == "Person" or _is_surname(e):
        words = nkey.split()
        return ["p:" + (words[-1] if words else "")]
    if e.kind in ("Territory", "State"):
        tag = e.kind[0].lower()
        keys = [f"{tag}k:{nkey}"]
        found = gazetteer.country(e.label) if e.kind == "State" else gazetteer.place(e.label)
        if found is not None:
            keys.append(f"{tag}g:{found.geonameid}")
        return keys
    if e.kind == "Agreement":
        return sorted(_month_keys(dates)) or [f"g1:{e.iri}"]
    return [f"{e.kind[0].lower()}:{nkey}"]


class _Index:
    """The SQLite index beside the store (see the comment above :class:`Resolution`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def put(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def clear(self) -> None:
        for (table,) in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        ).fetchall():
            self.db.execute(f"DELETE FROM {table}")

    def many(self, sql: str, keys: Iterable[str | bytes], *extra: object) -> list[tuple[Any, ...]]:
        """Run ``sql`` (with ``{}`` for a list of ``?``) over ``keys`` in chunks; return every row."""
        out: list[tuple[Any, ...]] = []
        for chunk in _chunks(keys):
            out += self.db.execute(sql.format(_in(len(chunk))), [*chunk, *extra]).fetchall()
        return out

    def entity(self, row: tuple[Any, ...]) -> Entity:
        iri, kind, label, alt, roles = row[:5]
        return Entity(iri, kind, label, set(json.loads(alt)), set(json.loads(roles)))

    def entities(self, iris: Iterable[str]) -> dict[str, Entity]:
        rows = self.many("SELECT iri, kind, label, alt, roles FROM entity WHERE iri IN ({})", iris)
        return {r[0]: self.entity(r) for r in rows}


class _Run:
    """One resolution run over the store: read what changed, recompute, write."""

    def __init__(self, store: Store, graph: URIRef, activity: URIRef, index: _Index) -> None:
        self.store, self.graph, self.activity, self.ix = store, graph, activity, index
        self.deletes: list[str] = []
        self.quads: list[Quad] = []
        self.res = Resolution()
        # signatures decoded in this run (a full run compares each article with many)
        self._decoded: dict[
            str, tuple[copies.Signature | None, copies.RewriteSignature | None]
        ] = {}

    # ------------------------------------------------------------ reading the store

    def _rows(self, sparql: str) -> Iterable[dict[str, str]]:
        return _rows(self.store, sparql, union=False)

    def articles_in_store(self) -> list[str]:
        return sorted({r["a"] for r in self._rows("SELECT ?a WHERE { ?a a nk:Article }")})

    def pending(self) -> list[str]:
        p = pending_graph(self.graph)
        q = f"SELECT ?a WHERE {{ GRAPH <{p}> {{ <{p}> nk:awaitsResolution ?a }} }}"
        return sorted({r["a"] for r in _rows(self.store, q, union=False)})

    def token(self) -> str | None:
        p = pending_graph(self.graph)
        q = f"SELECT ?t WHERE {{ GRAPH <{p}> {{ <{p}> nk:resolutionRun ?t }} }}"
        return next((r["t"] for r in _rows(self.store, q, union=False)), None)

    def refresh(self, articles: list[str]) -> tuple[set[str], set[str], set[str]]:
        """Read ``articles`` from the store into the index, replacing what it held of them.

        Returns the entities they used before or use now, the fact graphs they held
        before, and the entities whose description changed (new ones included).
        """
        ix = self.ix
        old_entities = {
            r[0] for r in ix.many("SELECT entity FROM uses WHERE article IN ({})", articles)
        }
        old_facts = {r[0] for r in ix.many("SELECT g FROM fact WHERE article IN ({})", articles)}
        for table, column in (("uses", "article"), ("fact", "article"), ("article", "iri")):
            ix.many(f"DELETE FROM {table} WHERE {column} IN ({{}})", articles)
        for chunk in _chunks(articles):
            values = _iris(chunk)
            self._read_articles(values)
            # the entity types are checked apart: joined in one query, Oxigraph starts from
            # every typed node of the store
            q = f"""SELECT DISTINCT ?a ?e ?in WHERE {{ VALUES ?a {{ {values} }}
              ?g prov:wasDerivedFrom ?a ; a nk:Fact .
              {{ GRAPH ?g {{ ?e ?p ?o }} BIND(1 AS ?in) }} UNION {{ GRAPH ?g {{ ?s ?p ?e }} BIND(1 AS ?in) }}
              UNION {{ ?g ?q ?e BIND(0 AS ?in) }} FILTER(isIRI(?e)) }}"""
            uses: dict[tuple[str, str], int] = {}
            for row in self._rows(q):
                k = (row["a"], row["e"])
                uses[k] = max(uses.get(k, 0), int(row["in"]))
            typed: set[str] = set()
            types = {str(t) for t in _DROP_TYPES}
            for part in _chunks({e for _, e in uses}):
                q = f"SELECT ?e ?t WHERE {{ VALUES ?e {{ {_iris(part)} }} ?e a ?t }}"
                typed |= {r["e"] for r in self._rows(q) if r["t"] in types}
            uses = {k: i for k, i in uses.items() if k[1] in typed}
            ix.db.executemany(
                "INSERT INTO uses VALUES (?, ?, ?)", [(a, e, i) for (a, e), i in uses.items()]
            )
            self._read_facts(values)
        new_entities = {
            r[0] for r in ix.many("SELECT entity FROM uses WHERE article IN ({})", articles)
        }
        changed = self._read_entities(new_entities)
        gone = {e for e in old_entities - new_entities if not self._used(e)}
        ix.many("DELETE FROM entity WHERE iri IN ({})", gone)
        ix.many("DELETE FROM ekey WHERE entity IN ({})", gone)
        self._drop_unused(gone)
        return old_entities | new_entities, old_facts, changed | gone

    def _used(self, entity: str) -> bool:
        return _exists(self.ix, "SELECT 1 FROM uses WHERE entity = ? LIMIT 1", entity)

    def _read_articles(self, values: str) -> None:
        q = f"""SELECT ?a ?src ?d ?conf ?m ?r WHERE {{ VALUES ?a {{ {values} }}
          ?a a nk:Article ; dcterms:source ?src .
          OPTIONAL {{ ?a dcterms:issued ?d }} OPTIONAL {{ ?a nk:issuedConfidence ?conf }}
          OPTIONAL {{ ?a nk:minhash ?m }} OPTIONAL {{ ?a nk:rewriteHash ?r }} }}"""
        found: dict[str, tuple[tuple[str, float, str], str, str]] = {}
        for row in self._rows(q):
            key = (row.get("d", "\uffff"), -float(row.get("conf", "1")), row["src"])
            sig, sig2 = row.get("m", ""), row.get("r", "")
            old = found.get(row["a"])
            found[row["a"]] = (
                (min(old[0], key), min(old[1], sig), min(old[2], sig2)) if old else (key, sig, sig2)
            )
        for a, ((d, conf, src), sig, sig2) in found.items():
            day = d[:10] if re.match(r"\d{4}-\d\d-\d\d", d) else ""
            self.ix.db.execute(
                "INSERT INTO article VALUES (?, ?, ?, ?, ?, ?, ?)",
                (a, sig, sig2, day, d, conf, src),
            )

    def _read_facts(self, values: str) -> None:
        head = f"VALUES ?a {{ {values} }} ?g prov:wasDerivedFrom ?a ; a nk:Fact ."
        facts: dict[str, tuple[str, str, str, str]] = {}
        queries = {
            "said": f"SELECT ?a ?g ?s ?x WHERE {{ {head} GRAPH ?g {{ ?s nk:said ?c . ?c nk:text ?x }} }}",
            "signed": f"SELECT ?a ?g ?s ?x WHERE {{ {head} GRAPH ?g {{ ?s nk:signedOn ?x }} }}",
            "transferred": f"SELECT ?a ?g ?s ?x WHERE {{ {head} GRAPH ?g {{ ?s nk:transferredTo ?x }} }}",
        }
        for rel, q in queries.items():
            for row in self._rows(q):
                x = " ".join(re.findall(r"\w+", row["x"].lower())) if rel == "said" else row["x"]
                fact = (row["a"], rel, row["s"], x)
                facts[row["g"]] = min(facts.get(row["g"], fact), fact)
        self.ix.db.executemany(
            "INSERT INTO fact VALUES (?, ?, ?, ?, ?)", [(g, *f) for g, f in facts.items()]
        )

    def _read_entities(self, iris: set[str]) -> set[str]:
        """Read the descriptions of resolvable entities into the index; return those that changed."""
        found: dict[str, Entity] = {}
        for chunk in _chunks(iris):
            values = _iris(chunk)
            q = f"""SELECT ?e ?t ?l WHERE {{ VALUES ?e {{ {values} }} VALUES ?t {{ {_iris(_TYPE_NAMES)} }}
              ?e a ?t ; rdfs:label ?l }}"""
            for row in self._rows(q):
                kind = _TYPE_NAMES[URIRef(row["t"])]
                e = found.get(row["e"])
                if e is None or (row["l"], kind) < (e.label, e.kind):
                    found[row["e"]] = Entity(row["e"], kind, row["l"])
            for row in self._rows(
                f"SELECT ?e ?x WHERE {{ VALUES ?e {{ {values} }} ?e skos:altLabel ?x }}"
            ):
                if row["e"] in found:
                    found[row["e"]].alt.add(row["x"])
            for row in self._rows(
                f"SELECT ?e ?x WHERE {{ VALUES ?e {{ {values} }} ?e nk:role ?x }}"
            ):
                if row["e"] in found:
                    found[row["e"]].roles.add(row["x"])
        before = self.ix.entities(found)
        changed = set()
        dates: dict[str, set[str]] = defaultdict(set)
        agreements = [i for i, e in found.items() if e.kind == "Agreement"]
        for s, x in self.ix.many(
            "SELECT s, x FROM fact WHERE rel = 'signed' AND s IN ({})", agreements
        ):
            dates[s].add(x)
        for iri, e in found.items():
            if before.get(iri) != e:
                changed.add(iri)
            self.ix.db.execute(
                "INSERT OR REPLACE INTO entity VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    iri,
                    e.kind,
                    e.label,
                    json.dumps(sorted(e.alt)),
                    json.dumps(sorted(e.roles)),
                    name_key(e.label),
                    f" {gazetteer.key(e.label)} ",
                ),
            )
            self.ix.db.execute("DELETE FROM ekey WHERE entity = ?", (iri,))
            self.ix.db.executemany(
                "INSERT INTO ekey VALUES (?, ?)", [(k, iri) for k in block_keys(e, dates[iri])]
            )
        # typed nodes no longer resolvable (label gone) leave the entity table
        stale = {
            r[0] for r in self.ix.many("SELECT iri FROM entity WHERE iri IN ({})", iris)
        } - set(found)
        self.ix.many("DELETE FROM entity WHERE iri IN ({})", stale)
        self.ix.many("DELETE FROM ekey WHERE entity IN ({})", stale)
        return changed | stale

    def _drop_unused(self, gone: set[str]) -> None:
        """Drop the descriptions of entity nodes no fact uses any more."""
        g = self.graph
        for chunk in _chunks(gone):
            self.deletes.append(
                f"""DELETE {{ ?e ?p ?o }} WHERE {{ VALUES ?e {{ {_iris(chunk)} }}
          FILTER NOT EXISTS {{ GRAPH ?g1 {{ ?e ?p1 ?o1 }} FILTER(?g1 != <{g}>) }}
          FILTER NOT EXISTS {{ GRAPH ?g2 {{ ?s2 ?p2 ?e }} FILTER(?g2 != <{g}>) }}
          FILTER NOT EXISTS {{ ?f a nk:Fact ; ?q ?e }}
          ?e ?p ?o }}"""
            )

    # ------------------------------------------------------------ clusters

    def blocks(self, entities: set[str], old_keys: set[str]) -> list[set[str]]:
        """Return the blocks (connected through shared keys) of ``entities`` and of ``old_keys``."""
        keys = old_keys | {
            r[0] for r in self.ix.many("SELECT key FROM ekey WHERE entity IN ({})", entities)
        }
        seen_keys: set[str] = set()
        seen: set[str] = set()
        out: list[set[str]] = []
        for start in sorted(keys):
            if start in seen_keys:
                continue
            block: set[str] = set()
            todo = {start}
            while todo:
                seen_keys |= todo
                members = {
                    r[0] for r in self.ix.many("SELECT entity FROM ekey WHERE key IN ({})", todo)
                }
                members -= block
                block |= members
                todo = {
                    r[0] for r in self.ix.many("SELECT key FROM ekey WHERE entity IN ({})", members)
                } - seen_keys
            if block - seen:
                seen |= block
                out.append(block)
        return out

    def state_names(self) -> tuple[dict[str, str], dict[str, str]]:
        """Return {folded name or demonym: state key} and {state key: state node}."""
        states = sorted(
            self.ix.db.execute("SELECT iri, label, alt FROM entity WHERE kind = 'State'").fetchall()
        )
        names: dict[str, str] = {}
        state_iri: dict[str, str] = {}
        for iri, label, _ in states:
            k = gazetteer.key(label)
            names[k] = k
            state_iri.setdefault(k, iri)
        for _, label, alt in states:
            for name in sorted(json.loads(alt)):
                names.setdefault(gazetteer.key(name), gazetteer.key(label))
        for demonym, name in sorted(DEMONYMS.items()):
            if gazetteer.key(name) in names:
                names.setdefault(gazetteer.key(demonym), gazetteer.key(name))
        return names, state_iri

    def contexts(self, members: Iterable[str]) -> dict[str, set[str]]:
        """Return, for each entity, the name keys of the other entities its articles name."""
        out: dict[str, set[str]] = defaultdict(set)
        rows = self.ix.many(
            """SELECT u1.entity, u2.entity, e2.nkey FROM uses u1
               JOIN uses u2 ON u2.article = u1.article AND u2.ingraph = 1 AND u2.entity != u1.entity
               JOIN entity e2 ON e2.iri = u2.entity
               WHERE u1.ingraph = 1 AND u1.entity IN ({})""",
            members,
        )
        own = dict(self.ix.many("SELECT iri, nkey FROM entity WHERE iri IN ({})", members))
        for m, _, k in rows:
            if k != own.get(m):
                out[m].add(k)
        return out

    def cluster(
        self, block: set[str], state_names: Mapping[str, str]
    ) -> tuple[list[list[str]], dict[str, tuple[object, ...]], dict[str, gazetteer.Place]]:
        entities = self.ix.entities(block)
        items = [entities[i] for i in sorted(entities)]
        prefer: dict[str, tuple[object, ...]] = {}
        links: dict[str, gazetteer.Place] = {}
        if not items:
            return [], prefer, links
        kind = items[0].kind
        if kind == "Person" or _is_surname(items[0]):
            groups = person_clusters(items, self.contexts(entities))
            for e in items:
                prefer[e.iri] = (e.kind != "Person", -len(e.label.split()))
        elif kind in ("Territory", "State"):
            groups, links = place_clusters(items)
            for iri, place in links.items():
                same_name = gazetteer.key(entities[iri].label) == gazetteer.key(place.name)
                prefer[iri] = (not same_name,)
        elif kind == "Agreement":
            agreements = read_agreements(self.store, entities, parties=self.ix.entities)
            groups = agreement_clusters(agreements, state_names)
            for ag in agreements.values():
                day = any(len(d) == 10 for d in ag.dates)
                prefer[ag.iri] = (not day, not topics(ag.label), len(ag.label))
            clustered = {i for grp in groups for i in grp}
            groups += [[e.iri] for e in items if e.iri not in clustered]
        else:
            groups = key_clusters(items)
        return groups, prefer, links

    def write_clusters(
        self, blocks: list[set[str]], dropped: set[str], state_names: Mapping[str, str]
    ) -> set[str]:
        """Recompute the clusters of ``blocks``; return the entities whose canonical node changed."""
        g = self.graph
        subjects = set(dropped)
        before: dict[str, str] = {}
        new: dict[str, str] = {}
        old_links: set[str] = set()
        for block in blocks:
            subjects |= block
        before = dict(
            self.ix.many("SELECT entity, canonical FROM canon WHERE entity IN ({})", subjects)
        )
        old_links = {
            r[0] for r in self.ix.many("SELECT iri FROM gnlink WHERE canonical IN ({})", subjects)
        }
        self.ix.many("DELETE FROM gnlink WHERE canonical IN ({})", subjects)
        self.ix.many("DELETE FROM canon WHERE entity IN ({})", subjects)
        self._delete(subjects, _CLUSTER_PREDICATES)
        for block in blocks:
            groups, prefer, links = self.cluster(block, state_names)
            entities = self.ix.entities(block)
            for members in groups:
                canon = _canonical(members, entities, prefer)
                c = URIRef(canon)
                names: set[str] = set()
                roles: set[str] = set()
                for m in members:
                    new[m] = canon
                    self.quads.append((URIRef(m), NK.canonical, c, g))
                    if m != canon:
                        self.quads.append((URIRef(m), OWL.sameAs, c, g))
                    ent = entities.get(m)
                    if ent is not None:
                        names |= {ent.label, *ent.alt}
                        roles |= ent.roles
                head = entities.get(canon)
                own = {head.label, *head.alt} if head is not None else set()
                for name in sorted(names - own):
                    self.quads.append((c, SKOS.altLabel, Literal(name), g))
                for role in sorted(roles - (head.roles if head is not None else set())):
                    self.quads.append((c, NK.role, Literal(role), g))
                linked = next((links[m] for m in members if m in links), None)
                if linked is not None:
                    self.quads.append((c, OWL.sameAs, URIRef(linked.iri), g))
                    self.quads.append((URIRef(linked.iri), RDFS.label, Literal(linked.name), g))
                    self.ix.db.execute(
                        "INSERT INTO gnlink VALUES (?, ?, ?)", (canon, linked.iri, linked.name)
                    )
        self.ix.db.executemany("INSERT INTO canon VALUES (?, ?)", sorted(new.items()))
        # a GeoNames record's label goes when no cluster links to it any more
        still = {r[0] for r in self.ix.many("SELECT iri FROM gnlink WHERE iri IN ({})", old_links)}
        self._delete(old_links - still, (RDFS.label,))
        self.res.entities += len(subjects)
        return {e for e in subjects if before.get(e) != new.get(e)}

    def write_acts_for(
        self,
        actors: set[str],
        names: Mapping[str, str],
        state_iri: Mapping[str, str],
    ) -> None:
        """Recompute ``nk:actsFor`` of organisations and groups ``actors``."""
        g = self.graph
        entities = self.ix.entities(actors)
        self._delete(actors, (NK.actsFor,))
        self.ix.many("DELETE FROM actsfor WHERE entity IN ({})", actors)
        for iri in sorted(entities):
            e = entities[iri]
            if e.kind not in ("Organization", "Actor") or _is_surname(e):
                continue
            named = _states_named(e.label, names)
            if len(named) != 1:
                continue
            key = next(iter(named))
            state = state_iri.get(key)
            if state is None:
                continue
            row = self.ix.db.execute(
                "SELECT canonical FROM canon WHERE entity = ?", (state,)
            ).fetchone()
            target = row[0] if row else state
            self.quads.append((URIRef(iri), NK.actsFor, URIRef(target), g))
            self.ix.db.execute("INSERT INTO actsfor VALUES (?, ?, ?)", (iri, key, state))

    # ------------------------------------------------------------ copies

    def _signatures(
        self, row: tuple[str, str, str, str]
    ) -> tuple[copies.Signature | None, copies.RewriteSignature | None]:
        iri, text, text2, _ = row
        if iri in self._decoded:
            return self._decoded[iri]
        sig = sig2 = None
        try:
            sig = copies.Signature.decode(text) if text else None
            sig2 = copies.RewriteSignature.decode(text2) if text2 else None
        except ValueError:
            log.warning("article %s has an unreadable nk:minhash or nk:rewriteHash; skipped", iri)
        self._decoded[iri] = (sig, sig2)
        return sig, sig2

    def link_copies(self, articles: list[str]) -> None:
        """Recompute the LSH bands and copy links of ``articles`` (already refreshed).

        Two articles are linked when they share a band of either signature and the
        word 4-gram test (:func:`kg.copies.similar`) or the rewrite test
        (:func:`kg.copies.rewritten`) says they are copies.
        """
        ix = self.ix
        ix.many("DELETE FROM band WHERE article IN ({})", articles)
        ix.many("DELETE FROM edge WHERE a IN ({})", articles)
        ix.many("DELETE FROM edge WHERE b IN ({})", articles)
        select = "SELECT iri, sig, sig2, day FROM article WHERE iri IN ({})"
        for row in ix.many(select, articles):
            iri, day = row[0], row[3]
            sig, sig2 = self._signatures(row)
            bands = copies.bands(sig) if sig is not None else []
            bands += copies.rewrite_bands(sig2) if sig2 is not None else []
            if not bands:
                continue
            found = ix.many("SELECT DISTINCT article FROM band WHERE band IN ({})", bands)
            ix.db.executemany("INSERT INTO band VALUES (?, ?)", [(b, iri) for b in bands])
            others = sorted({r[0] for r in found} - {iri})
            for other in ix.many(select, others):
                theirs, theirs2 = self._signatures(other)
                linked = sig is not None and theirs is not None and copies.similar(sig, theirs)
                if not linked and sig2 is not None and theirs2 is not None:
                    linked = copies.rewritten(sig2, theirs2, day or None, other[3] or None)
                if linked:
                    ix.db.execute(
                        "INSERT OR IGNORE INTO edge VALUES (?, ?)", tuple(sorted((iri, other[0])))
                    )

    def components(self, articles: Iterable[str]) -> set[str]:
        """Return every article linked to ``articles`` through copy links."""
        seen = set(articles)
        todo = set(seen)
        while todo:
            found = {r[0] for r in self.ix.many("SELECT b FROM edge WHERE a IN ({})", todo)}
            found |= {r[0] for r in self.ix.many("SELECT a FROM edge WHERE b IN ({})", todo)}
            todo = found - seen
            seen |= todo
        return seen

    def write_copies(self, members: set[str]) -> set[str]:
        """Recompute the originals of ``members`` (whole copy groups); return the articles whose original changed."""
        g = self.graph
        before = dict(
            self.ix.many("SELECT article, original FROM original WHERE article IN ({})", members)
        )
        self.ix.many("DELETE FROM original WHERE article IN ({})", members)
        self._delete(members, (NK.duplicateOf,))
        order = {
            r[0]: (r[1], r[2], r[3])
            for r in self.ix.many(
                "SELECT iri, ord_date, ord_conf, ord_src FROM article WHERE iri IN ({})", members
            )
        }
        last = ("\uffff", 0.0, "\uffff")
        new: dict[str, str] = {}
        done: set[str] = set()
        for a in sorted(members):
            if a in done or a not in order:
                continue
            group = self.components([a])
            done |= group
            if len(group) < 2:
                continue
            original = min(group, key=lambda k: (order.get(k, last), k))
            new.update((k, original) for k in group if k != original)
        for copy, original in sorted(new.items()):
            self.quads.append((URIRef(copy), NK.duplicateOf, URIRef(original), g))
        self.ix.db.executemany("INSERT INTO original VALUES (?, ?)", sorted(new.items()))
        return {a for a in members | set(before) if before.get(a) != new.get(a)}

    # ------------------------------------------------------------ support

    def write_support(self, facts: set[str], entities: set[str], articles: set[str]) -> None:
        """Recompute the support of every fact sharing a key with ``facts``, with the facts
        naming ``entities`` and the facts of ``articles``."""
        g = self.graph
        ix = self.ix
        facts = set(facts)
        facts |= {r[0] for r in ix.many("SELECT g FROM fact WHERE s IN ({})", entities)}
        facts |= {
            r[0]
            for r in ix.many("SELECT g FROM fact WHERE rel = 'transferred' AND x IN ({})", entities)
        }
        facts |= {r[0] for r in ix.many("SELECT g FROM fact WHERE article IN ({})", articles)}
        keys = {r[0] for r in ix.many("SELECT key FROM fkey WHERE g IN ({})", facts)}
        ix.many("DELETE FROM fkey WHERE g IN ({})", facts)
        rows = ix.many(
            """SELECT f.g, f.rel, f.s, f.x, c1.canonical, c2.canonical FROM fact f
               LEFT JOIN canon c1 ON c1.entity = f.s LEFT JOIN canon c2 ON c2.entity = f.x
               WHERE f.g IN ({})""",
            facts,
        )
        for fact, rel, s, x, cs, cx in rows:
            key = json.dumps([rel, cs or s, (cx or x) if rel == "transferred" else x])
            keys.add(key)
            ix.db.execute("INSERT INTO fkey VALUES (?, ?)", (fact, key))
        members = ix.many(
            """SELECT k.key, k.g, f.article, COALESCE(o.original, f.article) FROM fkey k
               JOIN fact f ON f.g = k.g LEFT JOIN original o ON o.article = f.article
               WHERE k.key IN ({})""",
            keys,
        )
        by_key: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for key, fact, article, original in members:
            by_key[key].append((fact, article, original))
        touched = facts | {m[1] for m in members}
        self._delete(touched, _FACT_PREDICATES)
        self.res.facts += len(touched)
        for key in sorted(by_key):
            supporting = {a for _, a, _ in by_key[key]}
            original_of = {a: o for _, a, o in by_key[key]}
            n = Literal(len(supporting), datatype=XSD.integer)
            ind = Literal(len(set(original_of.values())), datatype=XSD.integer)
            for fact, article, mine in sorted(by_key[key]):
                f = URIRef(fact)
                self.quads.append((f, NK.supportingArticles, n, g))
                self.quads.append((f, NK.independentReports, ind, g))
                for other in sorted(supporting - {article}):
                    if original_of[other] == mine:
                        self.quads.append((f, NK.repeatedIn, URIRef(other), g))

    # ------------------------------------------------------------ writing

    def _delete(self, subjects: Iterable[str], predicates: Iterable[URIRef]) -> None:
        preds = _iris(predicates)
        for chunk in _chunks(subjects):
            self.deletes.append(
                f"""DELETE {{ GRAPH <{self.graph}> {{ ?s ?p ?o }} }} WHERE {{
                VALUES ?s {{ {_iris(chunk)} }} VALUES ?p {{ {preds} }} GRAPH <{self.graph}> {{ ?s ?p ?o }} }}"""
            )

    def header(self) -> None:
        g, activity = self.graph, self.activity
        self.quads += [
            (g, PROV.wasGeneratedBy, activity, g),
            (activity, RDF.type, NK.Extractor, g),
            (activity, RDFS.label, Literal(f"NewsKG entity resolution {VERSION}"), g),
            (activity, NK.version, Literal(VERSION), g),
        ]

    def counts(self) -> None:
        db = self.ix.db
        self.res.merges = db.execute(
            "SELECT COUNT(*) FROM canon WHERE entity != canonical"
        ).fetchone()[0]
        self.res.copies = db.execute("SELECT COUNT(*) FROM original").fetchone()[0]
        self.res.linked = db.execute("SELECT COUNT(*) FROM gnlink").fetchone()[0]


def _exists(ix: _Index, sql: str, *args: object) -> bool:
    """Tell whether ``sql`` finds a row in the index."""
    return ix.db.execute(sql, args).fetchone() is not None


def index_path(store: Store) -> Path:
    """Return the path of the resolution index of ``store``."""
    return store.path / INDEX_FILE


def resolve(store: Store, graph: URIRef, activity: URIRef, *, full: bool = False) -> Resolution:
    """Bring the resolution graph named ``graph`` up to date with the store, and write it.

    Only the articles marked pending (:func:`pending_quad`) since the last run are
    read, and only the clusters, copy groups and fact support they touch are
    recomputed. ``full`` (or an index missing, of another version, or out of step
    with the store) recomputes everything from scratch instead; both give the same
    graph. ``activity`` is the IRI of this version of the resolver; the graph says it
    was generated by it, the way fact graphs name their extractor.
    """
    ix = _Index(index_path(store))
    try:
        return _resolve(store, graph, activity, ix, full=full)
    finally:
        ix.db.close()


def _resolve(
    store: Store, graph: URIRef, activity: URIRef, ix: _Index, *, full: bool
) -> Resolution:
    run = _Run(store, graph, activity, ix)
    stamp = f"{INDEX_VERSION}/{VERSION}/{graph}"
    pending = run.pending()
    token = run.token()
    if ix.get("stamp") != stamp or ix.get("token") is None or ix.get("token") != token:
        full = True
    ix.db.execute("BEGIN IMMEDIATE")
    try:
        if full:
            ix.clear()
            ix.put("stamp", stamp)
            articles = run.articles_in_store()
            run.deletes.append(f"DROP SILENT GRAPH <{graph}>")
            run.header()
        else:
            articles = pending
        run.res.full = full
        run.res.articles = len(articles)
        if not articles and not full:
            ix.db.execute("ROLLBACK")
            run.counts()
            return run.res
        old_keys = {
            r[0]
            for r in ix.many("SELECT key FROM ekey WHERE entity IN ({})", _used_by(ix, articles))
        }
        old_names, old_state_iri = run.state_names()
        old_copies = run.components(articles)
        entities, old_facts, changed = run.refresh(articles)
        if full:
            # every typed node of the default graph that no fact uses
            q = f"SELECT DISTINCT ?e WHERE {{ VALUES ?t {{ {_iris(_DROP_TYPES)} }} ?e a ?t }}"
            typed = {r["e"] for r in run._rows(q)}
            used = {r[0] for r in ix.db.execute("SELECT DISTINCT entity FROM uses")}
            run._drop_unused(typed - used)
        # a node whose name changed changes the context of the persons beside it, and the
        # states of the agreements it is a party to
        beside = (
            {
                r[0]
                for r in ix.many(
                    "SELECT u2.entity FROM uses u1 JOIN uses u2 ON u2.article = u1.article WHERE u1.entity IN ({})",
                    changed,
                )
            }
            if not full
            else set()
        )
        names, state_iri = run.state_names()
        scope = entities | beside
        if names != old_names:
            # agreements compare the states their evidence names
            scope |= {
                r[0] for r in ix.db.execute("SELECT iri FROM entity WHERE kind = 'Agreement'")
            }
        in_index = {r[0] for r in ix.many("SELECT iri FROM entity WHERE iri IN ({})", scope)}
        blocks = run.blocks(in_index, old_keys)
        dropped = scope - in_index
        recanon = run.write_clusters(blocks, dropped, names)
        # organisations and groups: those recomputed, those naming a state whose name or node changed
        actors = {i for b in blocks for i in b} | dropped
        changed_names = {k for k in set(names) | set(old_names) if names.get(k) != old_names.get(k)}
        for name in sorted(changed_names):
            actors |= {
                r[0]
                for r in ix.db.execute(
                    "SELECT iri FROM entity WHERE kind IN ('Organization', 'Actor') AND fold LIKE ?",
                    (f"% {name} %",),
                )
            }
        moved = {
            k
            for k in set(state_iri) | set(old_state_iri)
            if state_iri.get(k) != old_state_iri.get(k)
        }
        moved |= {
            r[0] for r in ix.many("SELECT state_key FROM actsfor WHERE state IN ({})", recanon)
        }
        actors |= {
            r[0] for r in ix.many("SELECT entity FROM actsfor WHERE state_key IN ({})", moved)
        }
        run.write_acts_for(actors, names, state_iri)
        run.link_copies(articles)
        recopied = run.write_copies(old_copies | run.components(articles))
        run.write_support(old_facts, recanon, recopied | set(articles))
        run.counts()
        token = uuid.uuid4().hex
        p = pending_graph(graph)
        ops = [*run.deletes]
        for chunk in _chunks(pending):
            ops.append(
                f"DELETE {{ GRAPH <{p}> {{ <{p}> nk:awaitsResolution ?a }} }} WHERE {{ VALUES ?a {{ {_iris(chunk)} }} GRAPH <{p}> {{ <{p}> nk:awaitsResolution ?a }} }}"
            )
        ops.append(f"DELETE WHERE {{ GRAPH <{p}> {{ <{p}> nk:resolutionRun ?t }} }}")
        marks = [(p, NK.resolutionRun, Literal(token), p), (p, PROV.wasGeneratedBy, activity, p)]
        store.replace(ops, [*run.quads, *marks])
        ix.put("token", token)
        ix.db.execute("COMMIT")
    except BaseException:
        ix.db.execute("ROLLBACK")
        raise
    return run.res


def _used_by(ix: _Index, articles: Iterable[str]) -> set[str]:
    return {r[0] for r in ix.many("SELECT entity FROM uses WHERE article IN ({})", articles)}


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
