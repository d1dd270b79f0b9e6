"""The `newskg` command: summaries, exit codes, and clear errors that name the file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.cli import main

GOOD = """---
title: Minister hails truce
published: 2023-03-02
publisher: Example Wire
---
Minister hails truce

Foreign Minister Jane Doe said on Tuesday that the truce would hold.
"""


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.md").write_text(GOOD, encoding="utf-8")
    # legacy encodings are detected since issue 10; bytes no encoding fits are refused
    (d / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (d / "broken.jsonl").write_text(
        json.dumps({"id": "a1", "title": "T", "text": "Officials said the border reopened."})
        + "\n{not json\n",
        encoding="utf-8",
    )
    return d


def test_ingest_reports_bad_inputs_and_keeps_the_rest(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    missing = inputs / "nope.txt"
    code = main(["ingest", str(inputs), str(missing), "--store", str(store), "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("Error: ")]
    assert any("binary.txt" in e and "UTF-8" in e for e in errors), err
    assert any("broken.jsonl:2" in e for e in errors), err
    assert any("nope.txt" in e for e in errors), err
    # the good inputs went in all the same
    assert out.startswith("2 articles read, 0 skipped as duplicates, 3 failed")
    code = main(
        [
            "query",
            "--store",
            str(store),
            "--format",
            "csv",
            "SELECT ?src WHERE { ?a a nk:Article ; dcterms:source ?src } ORDER BY ?src",
        ]
    )
    out, _ = capsys.readouterr()
    assert code == 0
    assert out.splitlines()[1:] == [str(inputs / "broken.jsonl"), str(inputs / "good.md")]


def test_ingest_skips_an_article_given_twice(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = str(inputs / "good.md")
    code = main(["ingest", good, good, "--store", str(tmp_path / "s"), "--no-progress"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert out.startswith("1 article read, 1 skipped as duplicates, 0 failed")


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["ingest"])
    assert exc.value.code == 2
    assert "PATH" in capsys.readouterr().err


def test_malformed_query_is_one_error_line(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s"
    main(["ingest", str(inputs / "good.md"), "--store", str(store), "--no-progress"])
    capsys.readouterr()
    code = main(["query", "--store", str(store), "SELECT WHERE {"])
    _, err = capsys.readouterr()
    assert code == 1
    assert err.startswith("Error: malformed SPARQL query")
    assert "Traceback" not in err


def test_query_on_a_missing_store_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["query", "--store", str(tmp_path / "none"), "ASK { ?s ?p ?o }"])
    _, err = capsys.readouterr()
    assert code == 1
    assert "newskg ingest" in err


def test_extract_prints_the_contract_shape(
    inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["extract", str(inputs / "good.md")])
    out, _ = capsys.readouterr()
    assert code == 0
    (line,) = out.splitlines()
    article = json.loads(line)
    assert article["source"] == str(inputs / "good.md")
    assert article["title"] == "Minister hails truce"
    assert article["published"] == "2023-03-02"
    (fact,) = article["facts"]
    assert fact["relation"] == "said"
    assert fact["subject"]["label"] == "Jane Doe"
    assert "truce would hold" in fact["object"]["text"]
    assert fact["date"] == "2023-02-28"  # "on Tuesday" before Thursday 2 March 2023
    ev = fact["evidence"]
    body = GOOD.split("---\n", 2)[2]
    assert body[ev["start"] : ev["end"]] == ev["text"]
    assert {t["value"] for t in article["times"]} >= {"2023-02-28"}


def test_query_table_and_ask(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s"
    main(["ingest", str(inputs / "good.md"), "--store", str(store), "--no-progress"])
    capsys.readouterr()
    assert (
        main(
            [
                "query",
                "--store",
                str(store),
                "--format",
                "table",
                "SELECT ?l WHERE { ?p a nk:Person ; rdfs:label ?l }",
            ]
        )
        == 0
    )
    out, _ = capsys.readouterr()
    assert "Jane Doe" in out and out.rstrip().endswith("1 row")
    assert main(["query", "--store", str(store), "--format", "table", "ASK { ?p nk:said ?c }"]) == 0
    assert capsys.readouterr().out.strip() == "yes"
    assert (
        main(
            ["query", "--store", str(store), "CONSTRUCT { ?p nk:said ?c } WHERE { ?p nk:said ?c }"]
        )
        == 0
    )
    assert "<https://w3id.org/newskg/ns#said>" in capsys.readouterr().out


def test_reingest_after_edit_replaces_facts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "a.md"
    src.write_text(GOOD, encoding="utf-8")
    store = tmp_path / "s"
    main(["ingest", str(src), "--store", str(store), "--no-progress"])
    src.write_text(
        GOOD.replace("the truce would hold", "the ceasefire was fragile"), encoding="utf-8"
    )
    main(["ingest", str(src), "--store", str(store), "--no-progress"])
    capsys.readouterr()
    main(["query", "--store", str(store), "--format", "tsv", "SELECT ?t WHERE { ?c nk:text ?t }"])
    out = capsys.readouterr().out
    assert "fragile" in out and "would hold" not in out
    # nor is the old fact's provenance left behind: every fact described in the default
    # graph has its graph, and no evidence sentence is the old one
    main(
        [
            "query",
            "--store",
            str(store),
            "--format",
            "tsv",
            "SELECT ?g ?e WHERE { ?g nk:evidenceText ?e FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }",
        ]
    )
    assert capsys.readouterr().out.strip().splitlines()[1:] == []
    main(
        [
            "query",
            "--store",
            str(store),
            "--format",
            "tsv",
            "SELECT ?e WHERE { ?g nk:evidenceText ?e }",
        ]
    )
    evidence = capsys.readouterr().out.strip().splitlines()[1:]
    assert len(evidence) == 1 and "fragile" in evidence[0]


def test_writer_lock_gives_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kg.store import open_store

    store_dir = tmp_path / "s"
    holder = open_store(store_dir)  # another writer holds the store
    src = tmp_path / "a.md"
    src.write_text(GOOD, encoding="utf-8")
    code = main(["ingest", str(src), "--store", str(store_dir), "--no-progress"])
    _, err = capsys.readouterr()
    assert code == 1
    assert "being written by another newskg process" in err
    del holder
    shutil.rmtree(store_dir)
