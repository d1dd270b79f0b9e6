"""The docs document every setting and command (the Datasette rule), and show what the code prints.

The query tables are replayed by tests/test_cookbook.py; this module replays the
``$ newskg ...`` console sessions on the seeds, checks that every other block that
shows output says how it is checked, that the README stays short with links that
resolve, and that the generated measurements page is what its reports give.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
from pathlib import Path

import pytest
from doc_pages import (
    DOCS,
    OUTPUT_LANGS,
    README,
    ROOT,
    UPDATE,
    Block,
    ConsoleCommand,
    all_query_examples,
    blocks,
    console_commands,
    name,
    pages,
    rewrite,
)

from kg.cli import COMMANDS, build_parser, main
from kg.settings import SETTINGS

README_TEXT = README.read_text(encoding="utf-8")
SETTINGS_PAGE = (DOCS / "settings.md").read_text(encoding="utf-8")
ALL_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in pages())


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_setting_is_documented(setting) -> None:
    assert f"`{setting.env}`" in SETTINGS_PAGE, f"document {setting.env} in docs/settings.md"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_is_documented(command: str) -> None:
    assert f"newskg {command}" in ALL_TEXT
    assert f"`newskg {command}" in (DOCS / "getting-started.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    head = README_TEXT[:1500]
    assert "make demo" in head and "make check" in head


def test_readme_is_short() -> None:
    assert len(README_TEXT.splitlines()) <= 250


def test_readme_links_resolve() -> None:
    """MkDocs checks the links of docs/ (make docs); the README is outside it."""
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README_TEXT)
    local = [link for link in links if not re.match(r"[a-z]+:", link)]
    assert len(local) >= 10
    missing = [link for link in local if not (ROOT / link).exists()]
    assert not missing, f"README links to missing files: {missing}"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make check" in ci
    make = (ROOT / "Makefile").read_text()
    (check,) = re.findall(r"(?m)^check:(.*)$", make)
    assert "docs" in check.split(), "make check builds the docs"
    (build,) = [line for line in make.splitlines() if "mkdocs build" in line]
    assert "--strict" in build.split()
    # mkdocs 1.6 counts no warning under --quiet, so a broken link would pass
    assert not {"--quiet", "-q"} & set(build.split())


def test_every_command_has_store_and_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for cmd, p in sub.choices.items():  # type: ignore[attr-defined]
        options = {o for a in p._actions for o in a.option_strings}
        assert {"--store", "--help"} <= options, cmd


# --- every block that shows output is replayed, or says how it is checked ---------------


def _kind(cmd: ConsoleCommand) -> str:
    """The subcommand of a ``newskg ...`` command line."""
    return shlex.split(cmd.command)[1]


QUERY_OUTPUTS = {(e.output.path, e.output.start) for e in all_query_examples()}
QUERY_COMMANDS = [c for p in pages() for c in console_commands(p) if _kind(c) == "query"]
#: The commands replayed in one session on a copy of the seeds, in this order.
SESSION_ORDER = ("ingest", "export", "resolve", "remove")
SESSION = sorted(
    (
        c
        for p in pages()
        for c in console_commands(p)
        if not c.block.mark and _kind(c) in SESSION_ORDER
    ),
    key=lambda c: SESSION_ORDER.index(_kind(c)),
)


def _replayed(block: Block) -> bool:
    commands = {(c.block.path, c.block.start) for c in QUERY_COMMANDS + SESSION}
    return (block.path, block.start) in QUERY_OUTPUTS | commands


def _output_blocks() -> list[Block]:
    return [b for p in pages() for b in blocks(p) if b.lang in OUTPUT_LANGS]


@pytest.mark.parametrize("block", _output_blocks(), ids=lambda b: b.where)
def test_output_block_is_replayed_or_says_how_it_is_checked(block: Block) -> None:
    if _replayed(block):
        assert not block.mark, f"{block.where}: replayed, so its mark is wrong"
        return
    mark = block.mark
    assert mark, (
        f"{block.where}: a block showing output must be a query example, a single "
        "`$ newskg` command the tests replay, or marked <!-- output: ... --> (tests/doc_pages.py)"
    )
    if mark["test"]:
        file, _, test = mark["test"].partition("::")
        source = (ROOT / file).read_text(encoding="utf-8")
        assert re.search(rf"(?m)^def {re.escape(test)}\(", source), (
            f"{block.where}: no {mark['test']}"
        )


def test_the_session_covers_the_tour() -> None:
    kinds = [_kind(c) for c in SESSION]
    assert {"ingest", "export", "remove"} <= set(kinds)
    assert any(c.block.path == README for c in SESSION)


def _check_output(cmd: ConsoleCommand, out: str) -> None:
    if UPDATE and out != cmd.output:
        rewrite(cmd.block, cmd.block.body[: len(cmd.block.body) - len(cmd.output)] + out)
        pytest.skip(f"{cmd.block.where} rewritten (NEWSKG_UPDATE_SNAPSHOTS=1): review the diff")
    assert out == cmd.output, f"{cmd.block.where} is not what `{cmd.command[:40]}` prints"


@pytest.mark.parametrize("cmd", QUERY_COMMANDS, ids=lambda c: c.block.where)
def test_console_query_snapshot(
    cmd: ConsoleCommand, seed_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = shlex.split(cmd.command)[1:]
    if "--format" not in args:
        args += ["--format", "table"]  # what a terminal gets by default
    code = main([*args, "--store", str(seed_store)])
    out, err = capsys.readouterr()
    assert code == 0, f"{cmd.block.where}: {err}"
    _check_output(cmd, out)


def test_console_session_snapshot_on_the_seeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The ingest, export, resolve and remove sessions the docs show, replayed in one store.

    Run where a copy of seeds/ sits, with the default store ./newskg-data, as a user would.
    """
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSKG_STORE", raising=False)
    failures = []
    for cmd in SESSION:
        args = shlex.split(cmd.command)[1:]
        code = main([*args, "--no-progress"] if args[0] == "ingest" else args)
        out, err = capsys.readouterr()
        assert code == 0, f"{cmd.block.where}: {err}"
        if out != cmd.output:
            if UPDATE:
                rewrite(cmd.block, cmd.block.body[: len(cmd.block.body) - len(cmd.output)] + out)
            failures.append(f"{cmd.block.where}: `{cmd.command}` printed\n{out}")
    if UPDATE and failures:
        pytest.skip("session outputs rewritten (NEWSKG_UPDATE_SNAPSHOTS=1): review the diff")
    assert not failures, "\n".join(failures)


# --- the measurements page ---------------------------------------------------------------


def _report_module():
    spec = importlib.util.spec_from_file_location("report", ROOT / "eval" / "report.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_measurements_page_is_what_the_reports_give() -> None:
    report = _report_module()
    reports = report.load(report.REPORTS)
    assert {r["kind"] for r in reports} >= {"gold", "timex"}
    page = report.render(reports)
    assert report.PAGE.read_text(encoding="utf-8") == page, (
        "docs/measurements.md is not what docs/reports/ gives: run python eval/report.py"
    )


def test_measurements_page_shows_every_report_number() -> None:
    report = _report_module()
    page = report.PAGE.read_text(encoding="utf-8")
    for r in report.load(report.REPORTS):
        for rel, s in r.get("relations", {}).items():
            row = f"| {r['set']} | {report.PART_NAMES[r['part']]} | {r['articles']} | {rel} |"
            assert f"{row} {s['precision']:.3f} | {s['recall']:.3f} | **{s['f1']:.3f}** |" in page


def _leaves(v: object, where: str) -> list[tuple[str, object]]:
    if isinstance(v, dict):
        return [leaf for k, x in v.items() for leaf in _leaves(x, f"{where}.{k}")]
    return [(where, v)]


def test_committed_reports_hold_numbers_only() -> None:
    """No text of ../shared's dev sets (misses quote them) reaches the repository."""
    report = _report_module()
    allowed_strings = {"kind", "set", "part", "commit", "date"}
    for path in sorted(report.REPORTS.glob("*.json")):
        data = report.json.loads(path.read_text(encoding="utf-8"))
        for key, value in data.items():
            if isinstance(value, str):
                assert key in allowed_strings, f"{name(path)}: {key} is text"

        for key in data.keys() - allowed_strings:
            for where, v in _leaves(data[key], key):
                assert isinstance(v, int | float), f"{name(path)}: {where} is not a number"


def test_record_keeps_numbers_and_drops_texts(tmp_path: Path) -> None:
    report = _report_module()
    raw = tmp_path / "raw.json"
    raw.write_text(
        report.json.dumps(
            {
                "relations": {
                    "said": {
                        "tp": 3,
                        "fp": 1,
                        "fn": 1,
                        "precision": 0.75,
                        "recall": 0.75,
                        "f1": 0.75,
                    },
                    "signed": {"tp": 0, "fp": 2, "fn": 0, "precision": 0, "recall": 0, "f1": 0},
                },
                "misses": [{"text": "a sentence from a dev set"}],
                "false_positives": [{"text": "another"}],
                "ingest": {"articles": 4, "summary": "4 articles read", "failed": ["Error: x"]},
            }
        ),
        encoding="utf-8",
    )
    out = report.record("gold", raw, dataset="toy", part="tune", out_dir=tmp_path / "reports")
    kept = out.read_text(encoding="utf-8")
    assert "sentence" not in kept and "another" not in kept and "Error" not in kept
    data = report.json.loads(kept)
    assert data["relations"] == {
        "said": {"tp": 3, "fp": 1, "fn": 1, "precision": 0.75, "recall": 0.75, "f1": 0.75}
    }  # signed is not annotated by this set (no tp, no fn): left out
    assert (data["set"], data["part"], data["articles"]) == ("toy", "tune", 4)
    page = report.render(report.load(tmp_path / "reports"))
    assert "| toy | tune | 4 | said | 0.750 | 0.750 | **0.750** | 3 / 1 / 1 |" in page


def test_record_reads_both_bench_report_shapes(tmp_path: Path) -> None:
    """bench/ingest.py printed its JSON; with --json FILE it nests it under in_process."""
    report = _report_module()
    numbers = {
        "articles": 3,
        "characters": 900,
        "facts": 4,
        "quads": 50,
        "max_rss_mib": 300.0,
        "analysis": {
            "baseline_spacy_pipe_cpu_s": 1.0,
            "newskg_analysis_cpu_s": 1.2,
            "ratio": 1.2,
            "articles_per_cpu_s": 2.5,
        },
        "store": {"baseline_pyoxigraph_cpu_s": 0.1, "rdflib_oxrdflib_cpu_s": 0.2, "ratio": 2.0},
    }
    pages = []
    for shape in (numbers, {"machine": {"summary": "2 cores"}, "in_process": numbers}):
        raw = tmp_path / "raw.json"
        raw.write_text(report.json.dumps(shape), encoding="utf-8")
        out = report.record("bench-ingest", raw, dataset=None, part="all", out_dir=tmp_path / "r")
        assert "2 cores" not in out.read_text(encoding="utf-8")
        pages.append(report.render(report.load(tmp_path / "r")))
    assert pages[0] == pages[1]
    assert "| analysis / bare pipe | **1.2×** |" in pages[0]


def _bench_raws() -> dict[str, list[dict[str, object]]]:
    """Raw reports shaped as bench/*.py --json write them, texts included."""
    machine = {"cpus": 2, "platform": "Linux-6.1-x86_64"}
    rnd = {"requests": 900, "errors": 0, "seconds": 10.0, "p50_ms": 4.0, "p99_ms": 30.0}
    med = {
        "newskg": {
            **rnd,
            "server": "newskg",
            "rps": 734.0,
            "p95_ms": 21.5,
            "cpu_ms_per_request": 0.94,
            "statuses": {"200": 900},
        },
        "oxigraph": {
            **rnd,
            "server": "oxigraph",
            "rps": 2472.0,
            "p95_ms": 10.6,
            "cpu_ms_per_request": 0.2,
            "statuses": {"200": 900},
        },
    }
    endpoint = {
        "benchmark": "endpoint",
        "when": "2026-12-04T18:00:00+00:00",
        "machine": machine,
        "store": {"quads": 25107, "articles": 500},
        "clients": 8,
        "seconds_per_round": 10.0,
        "labels": 2000,
        "answers_compared": 50,
        "rounds": {"newskg": [med["newskg"]] * 3},
        "median": med,
        "ratio_rps": 0.297,
        "goal": {"ratio_rps": 0.5, "p95_ms": 50.0, "met": False},
    }
    query = {"query": 1, "title": "every claim by an actor", "rows": 404,
             "pyoxigraph_s": 0.07, "pyoxigraph_cpu_s": 0.058, "rdflib_s": 40.0,
             "rdflib_cpu_s": 35.663, "rdflib_timed_out": False, "rdflib_error": None,
             "same_rows": True, "speedup": 614.9}  # fmt: skip
    stopped = {**query, "query": 2, "rows": 0, "rdflib_timed_out": True, "same_rows": None,
               "rdflib_cpu_s": 21.13, "pyoxigraph_cpu_s": 0.0012, "speedup": 17608.3}  # fmt: skip
    return {
        "bench-ingest": [
            {
                "when": "2026-12-04T18:00:00+00:00",
                "machine": {
                    "summary": "x86_64 Linux, 2 cores, load 0.3",
                    "cores": 2,
                    "python": "3.11.2",
                    "loadavg_at_start": [0.31, 0.2, 0.1],
                    "loadavg_at_end": [1.9, 1.2, 0.5],
                },
                "jobs": {
                    "articles": 500,
                    "characters": 450000,
                    "repeat": 3,
                    "wall_s": {"bare_spacy": 60.0, "jobs1": 66.3, "jobs2": 38.1},
                    "wall_s_all": {"bare": [60.0, 61.0, 59.0]},
                    "tree_peak_rss_mib": {"bare": 290.0, "jobs1": 300.0, "jobs2": 660.0},
                    "articles_per_s": {"jobs1": 7.5, "jobs2": 13.1},
                    "ratio_jobs1_to_bare": 1.105,
                    "speedup_jobs2_over_jobs1": 1.74,
                    "targets": {"ratio_jobs1_to_bare": "<= 1.15"},
                },
                "rss": {
                    "batch_articles": 100,
                    "stores": {
                        "1000": {"max_rss_mib": 232.0, "wall_s": 6.2},
                        "8000": {"max_rss_mib": 245.0, "wall_s": 5.9},
                        "32248": None,
                    },
                    "largest_over_smallest_rss": 1.056,
                },
            }
        ],
        "bench-endpoint": [endpoint, {**endpoint, "reconnect": True, "ratio_rps": 0.37}],
        "bench-queries": [
            {
                "benchmark": "queries",
                "machine": machine,
                "store": {"path": "/root/.cache/store", "quads": 1415277, "rdflib_triples": 1},
                "timeout_s": 120.0,
                "queries": [query, stopped],
                "total": {"pyoxigraph_cpu_s": 7.5, "rdflib_cpu_s": 360.0},
                "speedup": {"geometric_mean": 292.0, "lowest": 2.3},
                "goal": {"met": False},
            }
        ],
        "bench-export": [
            {
                "benchmark": "export",
                "machine": machine,
                "store": {"path": "/root/.cache/store", "quads": 1415277},
                "command": {
                    "wall_s": 33.1,
                    "cpu_s": 31.4,
                    "peak_rss_mib": 967.0,
                    "file_mib": 152.0,
                },
                "phases": {
                    "nodes": 120703,
                    "edges": 137052,
                    "build_graph": {"cpu_s": 20.9},
                    "write_streaming": {"cpu_s": 7.1},
                    "write_networkx": {"cpu_s": 21.4},
                    "write_speedup_cpu": 3.01,
                },
                "goal": {"seconds": 60.0, "met": True},
            }
        ],
        "bench-remote": [
            {
                "articles": 300,
                "analysis_s": 43.7,
                "quads": {"embedded": 15535, "remote": 15535},
                "write_s": {"embedded": 5.43, "remote": 10.64},
                "write_ratio": 1.96,
                "articles_per_s": {"embedded": 55.2, "remote": 28.2},
                "queries": [
                    {
                        "query": 1,
                        "first_line": "} ORDER BY ?x",
                        "embedded_ms": 0.4,
                        "remote_ms": 2.1,
                        "ratio": 5.25,
                    }
                ],
                "query_ratio_median": 1.43,
            }
        ],
    }


def test_record_reads_every_benchmark_and_the_page_shows_ratios_and_machine(
    tmp_path: Path,
) -> None:
    report = _report_module()
    reports = tmp_path / "reports"
    for kind, raws in _bench_raws().items():
        for i, raw in enumerate(raws):
            path = tmp_path / f"{kind}-{i}.json"
            path.write_text(report.json.dumps(raw), encoding="utf-8")
            report.record(kind, path, dataset=None, part="all", out_dir=reports)
    names = sorted(p.name for p in reports.glob("*.json"))
    assert "bench-endpoint-scale_corpus-reconnect.json" in names and len(names) == 6
    for path in reports.glob("*.json"):  # numbers only: no title, path, platform, text
        data = report.json.loads(path.read_text(encoding="utf-8"))
        for key in data.keys() - {"kind", "set", "part", "commit", "date"}:
            for where, v in _leaves(data[key], key):
                assert isinstance(v, int | float), f"{path.name}: {where} is {v!r}"
    page = report.render(report.load(reports))
    for line in (
        "| `newskg ingest --jobs 1` | 66.30 s | 7.5 | **1.10×** (goal ≤ 1.15×) | 300 MiB |",
        "| speed-up over `--jobs 1`: **1.74×** (goal ≥ 1.6×) | 660 MiB |",
        "| 8,000 articles | 245 MiB | 5.90 s |",
        "on 2 cores, load average 0.31 at the start.",
        "| keep-alive, 8 clients | NewsKG | 734 | 4.0 | 21.5 | 30.0 | 0.94 | 0 | **0.30** |",
        "| new per request, 8 clients | NewsKG | 734 |",
        "| 1 | 404 | 58.0 | 35,663.0 | 614.9× |",
        "| 2 | 0 | 1.2 | >21,130.0 | >17,608.3× |",
        "geometric mean **292×**, lowest **2.3×**.",
        "| `newskg export`, wall (CPU) | **33.1 s** (31.4 s) |",
        "| networkx / streaming writer | **3.01×** |",
        "| write, with resolution | 5.43 s (55.2 articles/s) | 10.64 s (28.2 articles/s) "
        "| **1.96×** |",
        "| cookbook query 1, ms | 0.40 | 2.10 | 5.25× |",
    ):
        assert line in page, line
    assert "every claim by an actor" not in page and "/root/" not in page
