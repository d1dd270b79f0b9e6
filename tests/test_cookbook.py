"""Every query the docs show with its output prints, on the seeds, exactly that output.

The cookbook (docs/cookbook.md) is most of them, but a ```sparql block followed by a
```console table on any page or in the README counts (tests/doc_pages.py finds them).
The outputs are snapshots of what the code prints, not an independent expectation:
they say the docs are current, not that the answers are right (the gold scores in
tests/test_end_to_end.py say that). After a deliberate change, `make snapshots`
rewrites them in their pages (NEWSKG_UPDATE_SNAPSHOTS=1); review the diff.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from doc_pages import DOCS, UPDATE, QueryExample, all_query_examples, query_examples, rewrite

from kg import history
from kg.api import NewsKG
from kg.cli import main

COOKBOOK_PATH = DOCS / "cookbook.md"
COOKBOOK = COOKBOOK_PATH.read_text(encoding="utf-8")
EXAMPLES = all_query_examples()


def test_the_cookbook_has_examples() -> None:
    assert len(query_examples(COOKBOOK_PATH)) >= 8
    assert len(EXAMPLES) > len(query_examples(COOKBOOK_PATH))  # other pages show queries too


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_snapshot_is_what_the_query_prints(
    example: QueryExample,
    seed_store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "query.rq"
    path.write_text(example.query.body, encoding="utf-8")
    code = main(["query", "--store", str(seed_store), "-f", str(path), "--format", "table"])
    out, err = capsys.readouterr()
    assert code == 0, f"{example.query.where}: {err}"
    if UPDATE and out != example.output.body:
        rewrite(example.output, out)
        pytest.skip(
            f"{example.output.where} rewritten (NEWSKG_UPDATE_SNAPSHOTS=1): review the diff"
        )
    assert out == example.output.body, f"{example.output.where} is not what the query prints"


def _rows(store: Path, sparql: str) -> list[dict[str, str]]:
    with NewsKG(store, read_only=True) as kg:
        return list(kg.query(sparql).rows())


def test_seeds_one_node_per_thing(seed_store: Path) -> None:
    """The issue's bar on the seeds: one Aliyev, one ceasefire with both dates, 001 a copy of 000."""
    aliyev = _rows(
        seed_store,
        """SELECT DISTINCT ?c WHERE { ?e rdfs:label|skos:altLabel ?l ; nk:canonical ?c .
           FILTER(CONTAINS(?l, "Aliyev")) }""",
    )
    assert len(aliyev) == 1
    dates = _rows(
        seed_store,
        """SELECT DISTINCT ?c ?d ?publisher WHERE { ?n nk:canonical ?c . GRAPH ?g { ?n nk:signedOn ?d }
           ?g prov:wasDerivedFrom/dcterms:publisher ?publisher . FILTER(DATATYPE(?d) = xsd:date) }""",
    )
    by_node: dict[str, set[tuple[str, str]]] = {}
    for r in dates:
        by_node.setdefault(r["c"], set()).add((r["d"], r["publisher"]))
    assert {("2020-11-09", "ARKA News Agency"), ("2020-11-10", "Anadolu Agency")} in [
        {x for x in v if x[0].startswith("2020-11")} for v in by_node.values()
    ]
    copies = _rows(
        seed_store,
        "SELECT ?c ?o WHERE { ?x nk:duplicateOf ?y . ?x dcterms:source ?c . ?y dcterms:source ?o }",
    )
    assert [(Path(r["c"]).name[:3], Path(r["o"]).name[:3]) for r in copies] == [("001", "000")]
    linked = _rows(
        seed_store,
        """SELECT DISTINCT ?l WHERE { ?t a nk:Territory ; rdfs:label ?l ; nk:canonical ?c .
           ?c owl:sameAs ?geo FILTER(STRSTARTS(STR(?geo), "https://sws.geonames.org/")) }""",
    )
    assert {r["l"] for r in linked} >= {"Agdam", "Aghdam", "Kelbajar", "Lachin", "Shushi"}
    acts = _rows(
        seed_store,
        "SELECT ?a ?s WHERE { ?x nk:actsFor ?y . ?x rdfs:label ?a . ?y rdfs:label ?s }",
    )
    assert {(r["a"], r["s"]) for r in acts} >= {("Armenian forces", "Armenia")}


# --- time in the graph -------------------------------------------------------------------

#: An article written for these tests: a handover still to come when it was published.
PLANNED = """---
title: District to change hands under the truce
published: 2020-11-12
---
Under the truce, Armenia is to return the Lachin district to Azerbaijan by Dec. 1, 2020.
"""

#: The same story a day later, with one more fact.
PLANNED_UPDATED = PLANNED + (
    "\nForeign Minister Jane Doe said on Friday that the talks would resume next week.\n"
)


def _example(*needles: str) -> str:
    (query,) = [
        e.query.body
        for e in query_examples(COOKBOOK_PATH)
        if all(n in e.query.body for n in needles)
    ]
    return query


def _next_second() -> None:
    """Wait for the clock's second to turn, so two writes get different times (stored to the second)."""
    start = datetime.now(UTC).replace(microsecond=0)
    while datetime.now(UTC).replace(microsecond=0) == start:
        time.sleep(0.05)


@pytest.fixture
def planned_store(tmp_path: Path) -> Iterator[tuple[NewsKG, Path]]:
    article = tmp_path / "news" / "planned.txt"
    article.parent.mkdir()
    article.write_text(PLANNED, encoding="utf-8")
    with NewsKG(tmp_path / "store") as kg:
        report = kg.ingest([str(article)])
        assert report.read == 1 and not report.errors
        yield kg, article


def test_holder_on_a_day_counts_planned_handovers(planned_store: tuple[NewsKG, Path]) -> None:
    kg, _ = planned_store
    query = _example("nk:transferredTo", "held until the handover")
    query = re.sub(
        r"VALUES \(\?asked \?day\) \{[^}]*\}",
        'VALUES (?asked ?day) { ("Lachin" "2020-11-20") ("Lachin" "2020-12-05") }',
        query,
    )
    rows = [(r["day"], r["holder"], r["status"], r["handover"]) for r in kg.query(query).rows()]
    assert rows == [
        ("2020-11-20", "Armenia", "held until the handover", "2020-12-01"),
        ("2020-12-05", "Azerbaijan", "planned handover", "2020-12-01"),
    ]


def test_facts_keep_when_they_were_first_written(planned_store: tuple[NewsKG, Path]) -> None:
    kg, article = planned_store
    facts = """SELECT ?g ?first ?generated ?stated WHERE { ?g a nk:Fact ; nk:firstWritten ?first ;
                 prov:generatedAtTime ?generated ; nk:statedOn ?stated }"""
    before = {r["g"]: r for r in kg.query(facts).rows()}
    assert before and all(r["stated"] == "2020-11-12" for r in before.values())

    _next_second()
    since = datetime.now(UTC).replace(microsecond=0).isoformat()
    kg.ingest([str(article)])  # the same text again: nothing changes but the extraction time
    _next_second()
    article.write_text(PLANNED_UPDATED, encoding="utf-8")
    kg.ingest([str(article)])
    after = {r["g"]: r for r in kg.query(facts).rows()}
    assert {g: after[g]["first"] for g in before} == {g: r["first"] for g, r in before.items()}
    assert all(after[g]["generated"] > before[g]["generated"] for g in before)
    (new,) = set(after) - set(before)
    assert after[new]["first"] > max(r["first"] for r in before.values())

    _next_second()
    kg.remove([str(article)])
    found = history.changes(kg.store, since)
    assert [(e["kind"], e["added"], e["dropped"]) for e in found.events] == [
        ("updated", "1", "0"),
        ("removed", "0", str(len(after))),
    ]
    assert found.new_facts == {"said": 0, "signedOn": 0, "transferredTo": 0}  # all removed


def test_a_copy_removed_drops_only_its_own_facts(seeds: Path, tmp_path: Path) -> None:
    """Resolution also derives a copy's facts from its original; the change log counts the copy's own."""
    copy, original = seeds / "001_9837823fe31fd411.txt", seeds / "000_7ab567af9f57596e.txt"
    with NewsKG(tmp_path / "store") as kg:
        report = kg.ingest([str(original), str(copy)])
        assert report.resolution is not None and report.resolution.copies == 1
        mine = kg.ingest([str(copy)])  # the same text again: its facts, and nothing in the log
        kg.remove([str(copy)])
        found = history.changes(kg.store, "2000-01-01")
    removed = [e for e in found.events if e["kind"] == "removed"]
    assert [e["dropped"] for e in removed] == [str(mine.facts)]


#: The cookbook's query for planned handovers that have not happened yet.
_PLANNED = re.compile(
    r"Planned handovers that have not happened yet.*?```sparql\n(.*?)```", re.DOTALL
)


def test_cookbook_planned_handovers_not_yet_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _PLANNED.search(COOKBOOK)
    assert found, "the cookbook shows the planned-handovers query"
    (tmp_path / "a.txt").write_text(
        "---\ntitle: Border accord\npublished: 2021-03-01\n---\nBorder accord\n\n"
        "Under the accord, Eritrea shall return the town of Badme to Ethiopia by Nov. 15, 2030. "
        "Serbia is to hand the town of Ilok back to Croatia by March 30, 2021.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "---\ntitle: Ilok handed back\npublished: 2021-04-02\n---\nIlok handed back\n\n"
        "Serbia handed back the town of Ilok to Croatia on Thursday.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    with NewsKG(tmp_path / "store") as kg:
        report = kg.ingest(["a.txt", "b.txt"])
    assert report.read == 2 and not report.errors
    planned = _rows(
        tmp_path / "store",
        "SELECT ?l WHERE { GRAPH ?g { ?t nk:transferredTo ?s } ?g nk:planned true . ?t rdfs:label ?l }",
    )
    assert sorted(r["l"] for r in planned) == ["Badme", "Ilok"]  # both were planned
    rows = _rows(tmp_path / "store", found[1])
    assert [(r["territory"], r["state"], r["due"], r["source"]) for r in rows] == [
        ("Badme", "Ethiopia", "2030-11-15", "a.txt")
    ]
