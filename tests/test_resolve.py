"""Cross-article identity: merges that must happen and merges that must not, copies, lifecycle.

The articles here are invented for these tests; they are ingested with the real
spaCy pipeline into a real Oxigraph store.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import copies, gazetteer
from kg.api import NewsKG
from kg.resolve import (
    AgreementMention,
    Entity,
    agreement_clusters,
    dates_compatible,
    name_key,
    person_clusters,
    topics,
)

ARTICLES = {
    "a1.md": """---
title: Peru and Ecuador sign ceasefire
published: 2023-03-02
publisher: Andes Daily
---
Peru and Ecuador signed a ceasefire in Lima on Wednesday, ending six weeks of fighting along their border.

Peruvian President Ana Torres said the agreement would bring lasting calm to the frontier towns.

Under the deal, Ecuador handed over the town of Zarumilla to Peru on Thursday.

Officials from both countries will meet again next month to discuss trade and the return of displaced families, who fled the fighting in January.
""",
    # a syndicated copy of a1, with the second site's furniture
    "a2.md": """---
title: Peru and Ecuador sign ceasefire
published: 2023-03-02
publisher: Pacific Wire
---
Peru and Ecuador signed a ceasefire in Lima on Wednesday, ending six weeks of fighting along their border.

Peruvian President Ana Torres said the agreement would bring lasting calm to the frontier towns.

Under the deal, Ecuador handed over the town of Zarumilla to Peru on Thursday.

Officials from both countries will meet again next month to discuss trade and the return of displaced families, who fled the fighting in January.

Related stories

Markets rally as copper prices climb
""",
    # the same truce, dated a day later by another outlet; the president by surname only
    "a3.md": """---
title: Truce holds on the border
published: 2023-03-03
publisher: Quito Times
---
Ecuador and Peru signed a Brazilian-brokered truce in Quito on Thursday.

Torres said the truce would hold through the spring.
""",
    # another agreement signed the same day by one of the same parties
    "a4.md": """---
title: Peru and Chile sign trade pact
published: 2023-03-02
publisher: Santiago Herald
---
Peru and Chile signed a trade agreement in Santiago on Wednesday, cutting tariffs on copper and fruit.

Chilean Finance Minister Pablo Rojas said the trade agreement would double exports within five years.
""",
}

#: Another person sharing the surname: "Torres" alone then names nobody for sure.
SECOND_TORRES = """---
title: Bolivia reacts
published: 2023-03-04
publisher: La Paz Post
---
Bolivian Foreign Minister Luis Torres said the border talks had been useful.
"""


def write(folder: Path, articles: dict[str, str]) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [str(folder / name) for name in sorted(articles)]


def rows(kg: NewsKG, sparql: str) -> list[dict[str, str]]:
    return list(kg.query(sparql).rows())


def canonical_labels(kg: NewsKG, kind: str) -> dict[str, set[str]]:
    """Return {canonical node's label: labels of every node resolved to it}."""
    out: dict[str, set[str]] = {}
    query = f"""SELECT ?cl ?l WHERE {{ ?e rdfs:label ?l ; nk:canonical ?c .
                 ?c a nk:{kind} ; rdfs:label ?cl }}"""
    for row in rows(kg, query):
        out.setdefault(row["cl"], set()).add(row["l"])
    return out


@pytest.fixture(scope="module")
def fixture_paths(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return write(tmp_path_factory.mktemp("resolve-in"), ARTICLES)


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory: pytest.TempPathFactory, fixture_paths: list[str]) -> NewsKG:
    kg = NewsKG(tmp_path_factory.mktemp("resolve") / "store")
    report = kg.ingest(fixture_paths)
    assert report.read == 4 and not report.errors
    return kg


# ---------------------------------------------------------------- rules on their own


def test_name_keys_meet_across_romanizations() -> None:
    assert name_key("Sergei Lavrov") == name_key("Sergey Lavrov")
    assert name_key("Nikol Pashinyan") == name_key("Nikol Pashinian")
    assert name_key("Ivan Petrov") != name_key("Ivana Petrova")


def test_persons_surname_joins_the_one_full_name() -> None:
    people = [
        Entity("p:1", "Person", "Ana Torres", roles={"President"}),
        Entity("p:2", "Person", "Torres"),
        Entity("p:3", "Person", "Sergei Lavrov"),
        Entity("p:4", "Person", "Sergey Lavrov"),
    ]
    groups = sorted(person_clusters(people))
    assert groups == [["p:1", "p:2"], ["p:3", "p:4"]]


def test_persons_sharing_a_surname_stay_apart() -> None:
    people = [
        Entity("p:1", "Person", "Ana Torres"),
        Entity("p:2", "Person", "Luis Torres"),
        Entity("p:3", "Person", "Torres"),
        Entity("p:4", "Person", "Ivan Petrov"),
        Entity("p:5", "Person", "Ivana Petrova"),
    ]
    assert all(len(g) == 1 for g in person_clusters(people))


def test_surname_with_a_different_role_stays_apart() -> None:
    people = [
        Entity("p:1", "Person", "Ana Torres", roles={"President"}),
        Entity("p:2", "Person", "Torres", roles={"goalkeeper"}),
    ]
    assert all(len(g) == 1 for g in person_clusters(people))


def test_signing_dates_and_topics() -> None:
    assert dates_compatible("2020-11-09", "2020-11-10")
    assert dates_compatible("2020-11", "2020-11-10")
    assert not dates_compatible("2020-11-09", "2020-11-11")
    assert not dates_compatible("2020", "2020")
    assert topics("Russia-brokered cease-fire") == {"ceasefire"}
    assert topics("statement on the cessation of all hostilities") == {"ceasefire"}
    assert topics("trade agreement") == {"economy"}
    assert topics("tripartite agreement") == set()


def test_two_agreements_on_the_same_day_stay_apart() -> None:
    agreements = {
        "a:1": AgreementMention("a:1", "ceasefire", {"2023-03-01"}, {"peru", "ecuador"}),
        "a:2": AgreementMention("a:2", "truce", {"2023-03-02"}, {"ecuador", "peru", "brazil"}),
        # same day, same topic, other parties
        "a:3": AgreementMention("a:3", "ceasefire", {"2023-03-01"}, {"peru", "bolivia"}),
        # same day, same parties, other topic
        "a:4": AgreementMention("a:4", "trade agreement", {"2023-03-01"}, {"peru", "ecuador"}),
    }
    groups = sorted(agreement_clusters(agreements, {}))
    assert groups == [["a:1", "a:2"], ["a:3"], ["a:4"]]


def test_gazetteer_links_spelling_variants_and_leaves_ambiguous_names() -> None:
    aghdam = gazetteer.place("Aghdam")
    assert aghdam is not None and aghdam == gazetteer.place("Agdam")
    assert aghdam.iri == "https://sws.geonames.org/148619/"
    assert gazetteer.place("Springfield") is None  # many towns, none far larger
    russia = gazetteer.country("Russia")
    assert russia is not None and russia.is_country


def test_copies_by_minhash() -> None:
    story = ARTICLES["a1.md"].split("---\n", 2)[2]
    copy = story + "\nRelated stories\n\nMarkets rally as copper prices climb\n"
    other = ARTICLES["a4.md"].split("---\n", 2)[2] * 3
    s_story, s_copy, s_other = (copies.signature(t) for t in (story, copy, other))
    assert copies.similar(s_story, s_copy)
    assert not copies.similar(s_story, s_other)
    decoded = copies.Signature.decode(s_copy.encode())
    assert decoded.size == s_copy.size and copies.similar(decoded, s_story)
    found = copies.originals(
        {"x": s_copy, "y": s_story, "z": s_other},
        {"x": ("2023-03-03", -1.0, "x"), "y": ("2023-03-02", -1.0, "y")},
    )
    assert found == {"x": "y"}


# ---------------------------------------------------------------- on ingested articles


def test_the_copy_is_linked_to_its_original(fixture_store: NewsKG) -> None:
    found = rows(
        fixture_store,
        "SELECT ?copy ?original WHERE { ?c nk:duplicateOf ?o . ?c dcterms:source ?copy . ?o dcterms:source ?original }",
    )
    assert [(Path(r["copy"]).name, Path(r["original"]).name) for r in found] == [("a2.md", "a1.md")]


def test_one_truce_holds_both_dates(fixture_store: NewsKG) -> None:
    query = """SELECT ?c ?date ?publisher WHERE {
      ?ag nk:canonical ?c . GRAPH ?g { ?ag nk:signedOn ?date }
      ?g prov:wasDerivedFrom ?a . ?a dcterms:publisher ?publisher
      FILTER NOT EXISTS { ?a nk:duplicateOf ?o } }"""
    by_node: dict[str, set[tuple[str, str]]] = {}
    for r in rows(fixture_store, query):
        by_node.setdefault(r["c"], set()).add((r["date"], r["publisher"]))
    assert sorted(by_node.values(), key=len) == [
        {("2023-03-01", "Santiago Herald")},  # the trade agreement, the same day: its own node
        {("2023-03-01", "Andes Daily"), ("2023-03-02", "Quito Times")},
    ]


def test_surname_merges_with_the_full_name(fixture_store: NewsKG) -> None:
    persons = canonical_labels(fixture_store, "Person")
    assert persons["Ana Torres"] == {"Ana Torres", "Torres"}
    assert persons["Pablo Rojas"] == {"Pablo Rojas"}


def test_support_counts_copies_once(fixture_store: NewsKG) -> None:
    query = """SELECT ?n ?ind (COUNT(DISTINCT ?a) AS ?named) (COUNT(DISTINCT ?c) AS ?copies) WHERE {
      GRAPH ?g { ?t nk:transferredTo ?s } ?t rdfs:label "Zarumilla" .
      ?g nk:supportingArticles ?n ; nk:independentReports ?ind ; prov:wasDerivedFrom ?a ;
         nk:repeatedIn ?c FILTER(?c != ?a) }
      GROUP BY ?g ?n ?ind"""
    found = rows(fixture_store, query)
    # two fact graphs (one per copy), each derived from its own article and repeated in
    # the other, counted as one report
    assert [(r["n"], r["ind"], r["named"], r["copies"]) for r in found] == [
        ("2", "1", "1", "1")
    ] * 2


def test_one_row_per_fact_and_source(fixture_store: NewsKG) -> None:
    """The natural provenance query lists each (fact, article) pair once (issue 10, point 5)."""
    query = """SELECT ?speaker ?text ?source WHERE {
      GRAPH ?g { ?actor nk:said ?claim } ?claim nk:text ?text . ?actor rdfs:label ?speaker .
      ?g prov:wasDerivedFrom ?a . ?a dcterms:source ?source }"""
    found = [tuple(r.values()) for r in rows(fixture_store, query)]
    assert found and len(found) == len(set(found))
    # the copy states what its original states: both sources are named, once each
    by_text: dict[str, set[str]] = {}
    for _, text, source in found:
        by_text.setdefault(text, set()).add(Path(source).name)
    assert {"a1.md", "a2.md"} in by_text.values()


def test_ingest_order_does_not_matter(
    tmp_path: Path, fixture_store: NewsKG, fixture_paths: list[str]
) -> None:
    kg = NewsKG(tmp_path / "store")
    for path in reversed(fixture_paths):
        kg.ingest([path])
    dump = """SELECT ?s ?p ?o WHERE { GRAPH <https://w3id.org/newskg/id/graph/resolution> { ?s ?p ?o }
              FILTER(?p != prov:generatedAtTime) }"""
    mine = {tuple(r.values()) for r in rows(kg, dump)}
    assert mine == {tuple(r.values()) for r in rows(fixture_store, dump)}
    assert len(kg.store) == len(fixture_store.store)


def test_a_second_torres_makes_the_surname_ambiguous(tmp_path: Path) -> None:
    paths = write(tmp_path / "in", {**ARTICLES, "a5.md": SECOND_TORRES})
    kg = NewsKG(tmp_path / "store")
    kg.ingest(paths)
    persons = canonical_labels(kg, "Person")
    assert persons["Ana Torres"] == {"Ana Torres"}
    assert persons["Luis Torres"] == {"Luis Torres"}
    assert canonical_labels(kg, "Actor")["Torres"] == {"Torres"}


def test_remove_keeps_what_other_articles_support(tmp_path: Path) -> None:
    unnamed = """---
title: Border towns wait
published: 2023-03-05
---
Shopkeepers in Tumbes said the border crossings were quiet again after the fighting.
"""
    paths = write(tmp_path / "in", {**ARTICLES, "z9.md": unnamed})
    kg = NewsKG(tmp_path / "store")
    kg.ingest(paths)
    assert rows(kg, "SELECT ?e WHERE { ?e a nk:UnnamedActor }")
    report = kg.remove([paths[0]])  # the original of the copy
    assert [Path(s).name for s in report.removed] == ["a1.md"]
    assert not rows(kg, "SELECT * WHERE { ?c nk:duplicateOf ?o }")
    # the copy still states the transfer, now alone
    found = rows(
        kg,
        """SELECT ?n ?src WHERE { GRAPH ?g { ?t nk:transferredTo ?s } ?g nk:supportingArticles ?n ;
           prov:wasDerivedFrom/dcterms:source ?src }""",
    )
    assert [(r["n"], Path(r["src"]).name) for r in found] == [("1", "a2.md")]
    assert kg.remove(["nowhere.md"]).missing == ["nowhere.md"]
    # removing every article leaves no entity, role or resolution link behind
    kg.remove([str(tmp_path / "in")])
    assert not rows(kg, "SELECT ?e WHERE { ?e a nk:Person }")
    assert not rows(kg, "SELECT ?e WHERE { ?e a nk:UnnamedActor }")
    assert not rows(kg, "SELECT ?e WHERE { ?e a nk:RoleMention }")
    assert not rows(kg, "SELECT ?e WHERE { ?e nk:canonical ?c }")
    assert not rows(kg, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } ?g a nk:Fact }")


def test_export_shows_one_node_per_thing(fixture_store: NewsKG) -> None:
    from kg.export import build_graph

    G = build_graph(fixture_store.store, include_articles=False)
    signed = sorted(
        d["signed_on"]
        for _, d in G.nodes(data=True)
        if d.get("type") == "Agreement" and "signed_on" in d
    )
    assert signed == ["2023-03-01", "2023-03-01; 2023-03-02"]
    torres = [n for n, d in G.nodes(data=True) if "Torres" in d["label"]]
    assert len(torres) == 1 and "Torres" in G.nodes[torres[0]]["alt_labels"]
    transfer = [d for *_, d in G.edges(data=True) if d["relation"] == "transferredTo"]
    assert {(d["sources"], d["independent_sources"]) for d in transfer} == {(2, 1)}


def test_reingest_after_a_change_replaces_links(tmp_path: Path) -> None:
    paths = write(tmp_path / "in", ARTICLES)
    kg = NewsKG(tmp_path / "store")
    kg.ingest(paths)
    assert rows(kg, "SELECT * WHERE { ?c nk:duplicateOf ?o }")
    # the copy is rewritten into another story and read again
    (tmp_path / "in" / "a2.md").write_text(SECOND_TORRES, encoding="utf-8")
    kg.ingest([paths[1]])
    assert not rows(kg, "SELECT * WHERE { ?c nk:duplicateOf ?o }")
    found = rows(
        kg,
        "SELECT ?n WHERE { GRAPH ?g { ?t nk:transferredTo ?s } ?g nk:supportingArticles ?n }",
    )
    assert [r["n"] for r in found] == ["1"]
    assert canonical_labels(kg, "Person")["Luis Torres"] == {"Luis Torres"}


# ---------------------------------------------------------------- incremental = full


def _dataset(kg: NewsKG) -> set[str]:
    """Return the store's quads as N-Quads lines, without the pending graph (its run token)."""
    pending = "<https://w3id.org/newskg/id/graph/resolution-pending>"
    lines = kg.store.dump().decode("utf-8").splitlines()
    return {line for line in lines if not line.endswith(f"{pending} .")}


def _corpus_articles(shared: Path, n: int) -> list[dict[str, object]]:
    """Return ``n`` scale-corpus articles: a few copy groups, then others (read at test time)."""
    import itertools
    import json

    path = shared / "corpora" / "scale_corpus.jsonl"
    with path.open(encoding="utf-8") as f:
        items = [json.loads(line) for line in itertools.islice(f, 3000)]
    sigs = {str(i): copies.signature(str(a["text"])) for i, a in enumerate(items)}
    groups = sorted(sorted(g, key=int) for g in copies.copy_groups(sigs))
    chosen = [int(k) for g in groups[:4] for k in g[:2]]
    chosen += [i for i in range(0, 3000, 97) if i not in chosen][: n - len(chosen)]
    return [items[i] for i in chosen]


def test_incremental_equals_full_over_random_orders(
    tmp_path: Path, seeds: Path, shared: Path
) -> None:
    """Ingest and remove in seeded random orders; after each step the store must be what
    a full recompute (``resolve(full=True)``) makes of it."""
    import json
    import random

    folder = tmp_path / "in"
    folder.mkdir()
    paths = [str(p) for p in sorted(seeds.glob("*.txt"))]
    for i, item in enumerate(_corpus_articles(shared, 14)):
        p = folder / f"c{i:02d}.jsonl"
        p.write_text(json.dumps(item) + "\n", encoding="utf-8")
        paths.append(str(p))
    paths += write(folder, {"a1.md": ARTICLES["a1.md"], "a3.md": ARTICLES["a3.md"]})
    paths += write(folder, {"a5.md": SECOND_TORRES})
    checked = 0
    for seed in (1, 2):
        rng = random.Random(seed)
        kg = NewsKG(tmp_path / f"store{seed}")
        present: set[str] = set()
        for step in range(9):
            op = rng.random()
            if present and op < 0.3:
                gone = rng.sample(sorted(present), min(len(present), rng.randint(1, 3)))
                report = kg.remove(gone)
                assert report.resolution is not None and not report.resolution.full
                present -= set(gone)
            else:
                batch = rng.sample(paths, rng.randint(1, 5))
                report = kg.ingest(batch)
                assert not report.errors
                assert report.resolution is not None
                assert report.resolution.full == (step == 0)  # a new store has no index yet
                present |= set(batch)
            incremental = _dataset(kg)
            full = kg.resolve(full=True)
            assert full.full
            assert _dataset(kg) == incremental
            checked += 1
        kg.close()
    assert checked == 18


#: Torres by surname only, then by full name, saying the same: one fact once the two merge.
SURNAME_FIRST = """---
title: Border calm
published: 2023-03-06
publisher: Lima Post
---
Torres said the border crossings would reopen to trucks next week.

Ecuador handed over the town of Zarumilla to Peru on Thursday.
"""
FULL_NAME_LATER = """---
title: Trucks to cross again
published: 2023-03-07
publisher: Andes Daily
---
Peruvian President Ana Torres said the border crossings would reopen to trucks next week.

Ecuador handed over the town of Zarumilla to Peru on Thursday.
"""


def test_incremental_equals_full_through_merges_and_splits(tmp_path: Path) -> None:
    """Merges made and unmade by later articles reach the clusters, support and copies
    an earlier article took part in."""
    paths = write(
        tmp_path / "in",
        {**ARTICLES, "b1.md": SURNAME_FIRST, "b2.md": FULL_NAME_LATER},
    )
    a1, a2, a3, a4, b1, b2 = paths
    kg = NewsKG(tmp_path / "store")
    steps: list[tuple[str, list[str]]] = [
        ("ingest", [b1, a4]),
        ("ingest", [b2]),  # "Torres" joins "Ana Torres": b1's claim is b2's
        ("ingest", [a1, a3]),
        ("ingest", [a2]),  # a copy of a1
        ("remove", [a1]),  # the original goes: a2 stands alone
        ("remove", [b2, a2]),  # no Ana Torres left: "Torres" stands alone again
        ("ingest", [b2, a1]),
        ("remove", [a4, a3]),
    ]
    support = """SELECT ?g ?n WHERE { GRAPH ?g { ?s nk:said ?c } ?g nk:supportingArticles ?n ;
                 prov:wasDerivedFrom ?a . ?a dcterms:source ?src FILTER(STRENDS(?src, "b1.md")) }"""
    seen = []
    for op, batch in steps:
        report = kg.ingest(batch) if op == "ingest" else kg.remove(batch)
        assert report.resolution is not None
        incremental = _dataset(kg)
        seen.append(sorted(r["n"] for r in rows(kg, support)))
        assert kg.resolve(full=True).full
        assert _dataset(kg) == incremental, (op, batch)
    assert seen[0] == ["1"] and seen[1] == ["2"] and seen[5] == ["1"]
    assert canonical_labels(kg, "Person")["Ana Torres"] == {"Ana Torres", "Torres"}


def test_a_lost_index_is_rebuilt(tmp_path: Path, fixture_paths: list[str]) -> None:
    from kg.resolve import INDEX_FILE

    kg = NewsKG(tmp_path / "store")
    kg.ingest(fixture_paths[:2])
    before = _dataset(kg)
    (tmp_path / "store" / INDEX_FILE).unlink()
    report = kg.resolve()
    assert report.full and _dataset(kg) == before
    # an index out of step with the store (a crash between the two writes) is not trusted
    import sqlite3

    with sqlite3.connect(tmp_path / "store" / INDEX_FILE) as db:
        db.execute("UPDATE meta SET v = 'stale' WHERE k = 'token'")
    report = kg.ingest(fixture_paths[2:])
    assert report.resolution is not None and report.resolution.full
    later = _dataset(kg)
    assert kg.resolve(full=True).full and _dataset(kg) == later


# ---------------------------------------------------------------- rewritten copies

#: An invented wire story, a spun and reordered rewrite of it, and another report of the same event.
WIRE = """Harbor Freight Lines said on Tuesday it would buy the Danish shipping group Nordvik
Marine for 412 million euros, creating the third largest container carrier serving the Baltic.
Chief executive Maria Lindqvist told reporters in Hamburg that the combined company would operate
64 vessels and employ about 5,300 people. She said the deal, approved by both boards, was expected to
close in the third quarter after review by regulators in Brussels and Copenhagen.
Nordvik Marine shareholders will receive 18.40 euros a share in cash, a premium of 27 percent over
Monday's closing price. Analysts at Dresdner Kleinwort said the price was high but that the Baltic
routes would lift margins. Harbor Freight Lines shares fell 3.2 percent in Frankfurt trading while
Nordvik Marine stock jumped 24 percent in Copenhagen."""
SPUN = """Chief executive Maria Lindqvist informed reporters in Hamburg that the combined firm would operate
64 vessels and employ roughly 5,300 individuals. Harbor Freight Lines stated on Tuesday it would purchase the
Danish shipping group Nordvik Marine for 412 million euros, creating the third biggest container carrier
serving the Baltic. The deal, approved by both boards, was anticipated to close in the third quarter after
review by regulators in Brussels and Copenhagen, she said.
Nordvik Marine shareholders will receive 18.40 euros a share in cash, a premium of 27 percent over
Monday's closing cost. Analysts at Dresdner Kleinwort stated the price was steep but that the Baltic
routes would boost margins. Harbor Freight Lines shares dropped 3.2 percent in Frankfurt trading while
Nordvik Marine stock climbed 24 percent in Copenhagen."""
OTHER_REPORT = """Investors in Copenhagen cheered on Tuesday as Nordvik Marine agreed to be taken over by
Harbor Freight Lines, sending its shares up by almost a quarter. The Danish carrier's founder family,
which holds 31 percent, backed the sale after weeks of talks in Hamburg. Unions in Aarhus warned that
some of the 900 jobs at the Nordvik Marine headquarters could move to Germany, and the Danish industry
minister Lars Holm said the government would watch the Baltic routes closely. Maria Lindqvist, who runs
Harbor Freight Lines, has promised to keep the Danish brand. Regulators in Brussels are expected to look
at competition on routes between Gdansk, Riga and Helsinki, where the two companies together carry most
of the containers, according to figures from the Baltic ports association."""


def test_a_spun_rewrite_is_a_copy_and_another_report_is_not() -> None:
    wire, spun, other = (copies.rewrite_signature(t) for t in (WIRE, SPUN, OTHER_REPORT))
    assert not copies.similar(copies.signature(WIRE), copies.signature(SPUN))  # 4-grams miss it
    assert copies.rewritten(wire, spun, "2023-05-02", "2023-05-03")
    assert not copies.rewritten(wire, other, "2023-05-02", "2023-05-02")
    # stories far apart in time are not copies, however alike
    assert not copies.rewritten(wire, spun, "2023-05-02", "2023-06-20")
    decoded = copies.RewriteSignature.decode(spun.encode())
    assert copies.rewritten(wire, decoded)


def test_a_spun_rewrite_is_linked_in_the_store(tmp_path: Path) -> None:
    def md(title: str, day: str, body: str) -> str:
        return f"---\ntitle: {title}\npublished: {day}\n---\n{body}\n"

    paths = write(
        tmp_path / "in",
        {
            "wire.md": md("Harbor Freight to buy Nordvik", "2023-05-02", WIRE),
            "spun.md": md("Harbor Freight buys Danish carrier", "2023-05-03", SPUN),
            "other.md": md("Copenhagen cheers Nordvik sale", "2023-05-02", OTHER_REPORT),
        },
    )
    kg = NewsKG(tmp_path / "store")
    kg.ingest(paths[1:])  # the rewrite and the other report first, then the wire story
    kg.ingest(paths[:1])
    found = rows(
        kg,
        """SELECT ?c ?o WHERE { ?x nk:duplicateOf ?y . ?x dcterms:source ?c . ?y dcterms:source ?o }""",
    )
    assert [(Path(r["c"]).name, Path(r["o"]).name) for r in found] == [("spun.md", "wire.md")]


def test_cli_resolve_catches_up_and_recomputes(
    tmp_path: Path, fixture_paths: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from kg.cli import main

    store = str(tmp_path / "store")
    for path in fixture_paths:  # one at a time: every run after the first is incremental
        assert main(["ingest", "--no-progress", "--store", store, path]) == 0
    incremental = capsys.readouterr().out.splitlines()[-1]
    assert main(["resolve", "--store", store]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "0 articles taken into account incrementally"
    assert main(["resolve", "--full", "--store", store]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["4 articles taken into account from scratch", incremental]
    assert incremental == "resolution: 3 nodes merged, 1 copy found, 5 linked to GeoNames"
