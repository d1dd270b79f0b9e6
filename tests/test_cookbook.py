"""The README's query cookbook prints, on the seeds, exactly what the README shows.

The outputs shown in the README are snapshots of what the code prints, not an
independent expectation: they say the README is current, not that the answers are
right (the gold scores in tests/test_end_to_end.py say that). After a deliberate
change, `make snapshots` rewrites them (NEWSKG_UPDATE_SNAPSHOTS=1); review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kg.api import NewsKG
from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
README_PATH = ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
UPDATE = os.environ.get("NEWSKG_UPDATE_SNAPSHOTS") == "1"

#: A SPARQL block followed by the console block of its table output.
_EXAMPLE = re.compile(r"```sparql\n(.*?)```\n\n```console\n(\|.*?)```", re.DOTALL)
EXAMPLES = _EXAMPLE.findall(README.split("## Query cookbook", 1)[1].split("\n## ", 1)[0])


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> Path:
    """Ingest seeds/ as the README does: from the repository root, so sources read seeds/..."""
    store = tmp_path_factory.mktemp("cookbook") / "store"
    here = os.getcwd()
    os.chdir(seeds.parent)
    try:
        with NewsKG(store) as kg:
            report = kg.ingest(["seeds/"])
    finally:
        os.chdir(here)
    assert report.read == 5 and not report.errors
    return store


def test_the_cookbook_has_examples() -> None:
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize(("query", "expected"), EXAMPLES, ids=lambda x: x.split("\n")[0][:40])
def test_cookbook_snapshot_is_what_the_query_prints(
    query: str,
    expected: str,
    seed_store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "query.rq"
    path.write_text(query, encoding="utf-8")
    code = main(["query", "--store", str(seed_store), "-f", str(path), "--format", "table"])
    out, err = capsys.readouterr()
    assert code == 0, err
    if UPDATE and out != expected:
        old = f"```sparql\n{query}```\n\n```console\n{expected}```"
        text = README_PATH.read_text(encoding="utf-8")
        assert text.count(old) == 1, "the example is no longer in the README"
        README_PATH.write_text(
            text.replace(old, f"```sparql\n{query}```\n\n```console\n{out}```"), encoding="utf-8"
        )
        pytest.skip("README snapshot rewritten (NEWSKG_UPDATE_SNAPSHOTS=1): review the diff")
    assert out == expected


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
