"""The measurements page of the docs, generated from the evaluation and benchmark reports.

Two steps, so that the page is never typed by hand:

``record`` keeps the numbers of one raw report (``eval/gold.py --json``,
``eval/timex.py --json``, or the ``--json`` of ``bench/ingest.py``,
``bench/endpoint.py``, ``bench/queries.py``, ``bench/export.py`` or
``bench/remote.py``) in
``docs/reports/NAME.json``, with the commit and day it was measured at. Only
counts and scores are kept: a gold report's misses and false positives quote
the dev sets' texts, which stay out of the repository (and a held-out part's
errors are never to be read), so they are dropped without being looked at.

``page`` (the default) writes ``docs/measurements.md`` from every report in
``docs/reports/``. ``tests/test_docs.py`` checks that the committed page is
what the committed reports give.

Usage:
    python eval/report.py record gold RAW.json --set ucdp_dev --part tune
    python eval/report.py record timex RAW.json --set tempeval3_train --part heldout
    python eval/report.py record bench-ingest RAW.json
    python eval/report.py record bench-endpoint RAW.json     (also its --reconnect run)
    python eval/report.py record bench-queries RAW.json
    python eval/report.py record bench-export RAW.json
    python eval/report.py record bench-remote RAW.json
    python eval/report.py [page] [--check]

``make measurements`` runs the evaluations on ``../shared`` and both steps.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "docs" / "reports"
PAGE = ROOT / "docs" / "measurements.md"

SCORES = ("tp", "fp", "fn", "precision", "recall", "f1")
TIMEX_KEYS = ("rows", "found", "value_right", "coverage", "value_accuracy", "value_of_found")
PART_ORDER = {"all": 0, "tune": 1, "heldout": 2}
PART_NAMES = {"all": "all", "tune": "tune", "heldout": "held out"}
#: What each dev set is, for the page (the sets themselves live in ../shared, not here).
SETS = {
    "seeds": "the five seed articles (`../shared/gold/seeds.toml`)",
    "polnear_train": "PolNeAR train: US news with every attribution annotated",
    "ucdp_dev": "UCDP peace agreements: signings",
    "handover_dev": "territory handovers: signings, transfers and attributions",
    "tempeval3_train": "TempEval-3 train (TimeBank + AQUAINT): date expressions",
}


BENCH_KINDS = ("bench-ingest", "bench-endpoint", "bench-queries", "bench-export", "bench-remote")
KINDS = ("gold", "timex", *BENCH_KINDS)


def _number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return value


def distill(kind: str, raw: dict[str, Any]) -> dict[str, Any]:
    """Return the numbers of a raw report of ``kind``; nothing else is copied."""
    if kind == "gold":
        relations = {}
        for name, r in raw["relations"].items():
            if r["tp"] + r["fn"] == 0:  # the gold set does not annotate this relation
                continue
            relations[name] = {k: _number(r[k]) for k in SCORES}
        return {"articles": _number(raw["ingest"]["articles"]), "relations": relations}
    if kind == "timex":
        return {
            "groups": {
                name: {k: _number(g[k]) for k in TIMEX_KEYS}
                for name, g in raw.items()
                if isinstance(g, dict)
            }
        }
    if kind in BENCH_KINDS:
        raw = dict(raw)
        found = _machine(raw.pop("machine", None))
        if kind == "bench-ingest" and "in_process" in raw:
            # bench/ingest.py --json: its analysis/store section lifted to the top
            raw = {**raw.pop("in_process"), **raw}
        if kind == "bench-endpoint":
            # the median round per server is the figure; each round's detail stays out
            raw["rounds"] = len(next(iter(raw.get("rounds", {}).values()), []))
            store = raw.pop("store", {})
            raw["quads"], raw["articles"] = store.get("quads"), store.get("articles")
        if kind in ("bench-queries", "bench-export"):
            raw["quads"] = raw.pop("store", {}).get("quads")
        if kind == "bench-queries":  # the error's text stays out; that there was one is kept
            raw["queries"] = [
                {**q, "rdflib_failed": bool(q.get("rdflib_error"))} for q in raw.get("queries", [])
            ]
        if found:
            raw["machine"] = found
        return _numbers(raw)
    raise ValueError(f"unknown report kind {kind!r}; use one of {', '.join(KINDS)}")


def _numbers(d: dict[str, Any]) -> dict[str, Any]:
    """The numbers of ``d``, nested: texts and empty values dropped, a yes/no as 1/0,
    a list of records (one per query) as a mapping from their number (1, 2, ...)."""
    out: dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, bool):
            out[k] = int(v)
        elif isinstance(v, int | float):
            out[k] = _number(v)
        elif isinstance(v, dict):
            if sub := _numbers(v):
                out[k] = sub
        elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            out[k] = {str(x.get("query", i)): _numbers(x) for i, x in enumerate(v, 1)}
    return out


def _machine(m: Any) -> dict[str, Any]:
    """Cores and load average (1 minute) of the machine a benchmark ran on, as recorded."""
    if not isinstance(m, dict):
        return {}
    found: dict[str, Any] = {}
    cores = m.get("cores", m.get("cpus"))
    if isinstance(cores, int) and not isinstance(cores, bool):
        found["cores"] = cores
    for key in ("ram_gib", "ram_mib"):
        if isinstance(m.get(key), int | float):
            found[key] = m[key]
    for when in ("at_start", "at_end"):
        load = m.get(f"loadavg_{when}", m.get("loadavg") if when == "at_start" else None)
        if isinstance(load, list) and load and isinstance(load[0], int | float):
            found[f"load_{when}"] = load[0]
    return found


def _commit() -> str:
    """The last commit that changed the code measured (not the docs or the evaluation)."""
    done = subprocess.run(
        ["git", "log", "-1", "--format=%h", "--", "kg", "server", "ontology", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() or "unknown"


def record(kind: str, raw_path: Path, *, dataset: str | None, part: str, out_dir: Path) -> Path:
    """Keep the numbers of ``raw_path`` in ``out_dir``; return the report written."""
    raw = json.loads(raw_path.read_text(encoding="utf-8"))
    report = {
        "kind": kind,
        "set": dataset or ("scale_corpus" if kind in BENCH_KINDS else "unknown"),
        "part": part,
        "commit": _commit(),
        "date": datetime.now(UTC).date().isoformat(),
        **distill(kind, raw),
    }
    name = f"{kind}-{report['set']}" + ("" if part == "all" else f"-{part}")
    if report.get("reconnect"):  # bench/endpoint.py --reconnect: a run of its own
        name += "-reconnect"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{name}.json"
    out.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return out


def load(reports: Path) -> list[dict[str, Any]]:
    """Every report in ``reports``, ordered by kind, set and part."""
    found = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(reports.glob("*.json"))]
    sets = list(SETS)

    def key(r: dict[str, Any]) -> tuple[str, int, str, int]:
        at = sets.index(r["set"]) if r["set"] in sets else len(sets)
        return (r["kind"], at, r["set"], PART_ORDER.get(r["part"], 9))

    return sorted(found, key=key)


def _f(x: float) -> str:
    return f"{x:.3f}"


def _when(rs: list[dict[str, Any]]) -> str:
    seen = sorted({(r["date"], r["commit"]) for r in rs})
    return "; ".join(f"on {d}, code of commit `{c}`" for d, c in seen)


def _g(d: dict[str, Any], *keys: str) -> Any:
    """``d[k1][k2]...``, or None where a key is missing (an older report's shape)."""
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def _n(x: Any, fmt: str = "{:,.2f}", unit: str = "") -> str:
    """A number for the page, or a dash where the report has none."""
    return "–" if x is None else fmt.format(x) + unit


def _on(rs: list[dict[str, Any]]) -> str:
    """The machine each report ran on, as its report says."""
    seen = []
    for r in rs:
        m = r.get("machine", {})
        if not m:
            continue
        parts = [f"{m['cores']} cores"] if "cores" in m else []
        if "ram_gib" in m:
            parts.append(f"{m['ram_gib']:.0f} GiB of memory")
        if "load_at_start" in m:
            parts.append(f"load average {m['load_at_start']:.2f} at the start")
        elif "load_at_end" in m:
            parts.append(f"load average {m['load_at_end']:.2f} at the end")
        if parts and ", ".join(parts) not in seen:
            seen.append(", ".join(parts))
    return "; on " + "; ".join(seen) if seen else ""


def _footer(rs: list[dict[str, Any]]) -> list[str]:
    return ["", f"Measured {_when(rs)}{_on(rs)}."]


def _ingest_sections(bench: list[dict[str, Any]]) -> list[str]:
    out = [
        "",
        "## Ingest: cores and memory",
        "",
        "`bench/ingest.py`: `newskg ingest` as a user runs it, each a fresh process with",
        "the model's loading included (see [benchmarks](scaling.md#benchmarks)).",
    ]
    for r in bench:
        j = r.get("jobs")
        if j:
            w, rss = j.get("wall_s", {}), j.get("tree_peak_rss_mib", {})
            out += [
                "",
                f"### `--jobs`: {j.get('articles', 0):,} articles, the median of "
                f"{j.get('repeat', 1)} run(s) of each",
                "",
                "| command | wall | articles/s | against bare spaCy | peak memory, all processes |",
                "|---|---|---|---|---|",
                f"| bare spaCy `nlp.pipe` | {_n(w.get('bare_spacy'), unit=' s')} | | 1 "
                f"| {_n(rss.get('bare'), '{:,.0f}', ' MiB')} |",
                f"| `newskg ingest --jobs 1` | {_n(w.get('jobs1'), unit=' s')} "
                f"| {_n(_g(j, 'articles_per_s', 'jobs1'), '{:,.1f}')} "
                f"| **{_n(j.get('ratio_jobs1_to_bare'), '{:.2f}', '×')}** (goal ≤ 1.15×) "
                f"| {_n(rss.get('jobs1'), '{:,.0f}', ' MiB')} |",
                f"| `newskg ingest --jobs 2` | {_n(w.get('jobs2'), unit=' s')} "
                f"| {_n(_g(j, 'articles_per_s', 'jobs2'), '{:,.1f}')} "
                f"| speed-up over `--jobs 1`: {_n(j.get('speedup_jobs2_over_jobs1'), '**{:.2f}×**')}"
                f" (goal ≥ 1.6×) | {_n(rss.get('jobs2'), '{:,.0f}', ' MiB')} |",
            ]
        rs = r.get("rss")
        if rs and rs.get("stores"):
            out += [
                "",
                f"### Memory against store size: {rs.get('batch_articles', 0)} new articles,"
                " `--jobs 1`",
                "",
                "| store holds | peak memory | wall |",
                "|---|---|---|",
            ]
            for size, v in sorted(rs["stores"].items(), key=lambda kv: int(kv[0])):
                out.append(
                    f"| {int(size):,} articles | {_n(v.get('max_rss_mib'), '{:,.0f}', ' MiB')} "
                    f"| {_n(v.get('wall_s'), unit=' s')} |"
                )
            if "largest_over_smallest_rss" in rs:
                out += [
                    "",
                    f"The largest store's ingest takes {rs['largest_over_smallest_rss']:.2f}× the "
                    "memory of the smallest's.",
                ]
    return out + _footer(bench)


def _endpoint_section(rs: list[dict[str, Any]]) -> list[str]:
    out = [
        "",
        "## The endpoint against Oxigraph server",
        "",
        "`bench/endpoint.py`: label lookups from concurrent clients against `newskg serve`",
        "and `oxigraph serve` on two copies of one store; the median round of each",
        "(see [benchmarks](scaling.md#benchmarks)). Goal: NewsKG at least half of",
        "Oxigraph's requests per second, p95 under 50 ms.",
        "",
        "| connections | server | req/s | p50 ms | p95 ms | p99 ms | CPU ms/req | errors "
        "| NewsKG / Oxigraph |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rs:
        how = "new per request" if r.get("reconnect") else "keep-alive"
        how += f", {r.get('clients', 0)} clients"
        for server, name in (("newskg", "NewsKG"), ("oxigraph", "Oxigraph server")):
            m = _g(r, "median", server) or {}
            ratio = _n(r.get("ratio_rps"), "**{:.2f}**") if server == "newskg" else ""
            out.append(
                f"| {how} | {name} | {_n(m.get('rps'), '{:,.0f}')} | {_n(m.get('p50_ms'), '{:.1f}')} "
                f"| {_n(m.get('p95_ms'), '{:.1f}')} | {_n(m.get('p99_ms'), '{:.1f}')} "
                f"| {_n(m.get('cpu_ms_per_request'), '{:.2f}')} | {_n(m.get('errors'), '{:,}')} "
                f"| {ratio} |"
            )
    quads = sorted({r["quads"] for r in rs if "quads" in r})
    if quads:
        out += ["", "Store: " + ", ".join(f"{q:,}" for q in quads) + " quads."]
    return out + _footer(rs)


def _queries_section(rs: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for r in rs:
        out += [
            "",
            "## Cookbook queries: pyoxigraph against rdflib",
            "",
            "`bench/queries.py`: each query of the [cookbook](cookbook.md), numbered in the",
            "order of the page, on pyoxigraph (best of its runs) and on rdflib's memory store",
            f"(once, stopped after {_n(r.get('timeout_s'), '{:g}')} s), CPU milliseconds; `>`:",
            "rdflib was stopped, so the speed-up is a lower bound. Goal: 10× on every query.",
            "",
            "| query | rows | pyoxigraph | rdflib | speed-up |",
            "|---|---|---|---|---|",
        ]
        for i, q in sorted(r.get("queries", {}).items(), key=lambda kv: int(kv[0])):
            mark = ">" if q.get("rdflib_timed_out") else ""
            note = " (rdflib failed)" if q.get("rdflib_failed") else ""
            if q.get("same_rows") == 0:
                note += " (rows differ)"
            out.append(
                f"| {i} | {q.get('rows', 0):,} | {_n(q.get('pyoxigraph_cpu_s', 0) * 1000, '{:,.1f}')} "
                f"| {mark}{_n(q.get('rdflib_cpu_s', 0) * 1000, '{:,.1f}')} "
                f"| {mark}{_n(q.get('speedup'), '{:,.1f}')}×{note} |"
            )
        sp, tot = r.get("speedup", {}), r.get("total", {})
        out += [
            "",
            f"On {_n(r.get('quads'), '{:,}')} quads: pyoxigraph "
            f"{_n(tot.get('pyoxigraph_cpu_s'), '{:,.2f}')} s of CPU in all against "
            f"{_n(tot.get('rdflib_cpu_s'), '{:,.1f}')} s for rdflib; speed-up per query: "
            f"geometric mean **{_n(sp.get('geometric_mean'), '{:,.0f}')}×**, lowest "
            f"**{_n(sp.get('lowest'), '{:,.1f}')}×**.",
        ]
        out += _footer([r])
    return out


def _export_section(rs: list[dict[str, Any]]) -> list[str]:
    out = [
        "",
        "## GEXF export",
        "",
        "`bench/export.py`: `newskg export --format gexf` as a child process, then the same",
        "export by phase in one process, with networkx's `write_gexf` on the same graph as",
        "the baseline of NewsKG's streaming writer. Goal: under 60 s for the 32k store.",
        "",
        "| measure | " + " | ".join(f"run of {r['date']}" for r in rs) + " |",
        "|---|" + "---|" * len(rs),
    ]
    rows = [
        ("store: quads", lambda r: _n(r.get("quads"), "{:,}")),
        (
            "graph: nodes, edges",
            lambda r: (
                f"{_n(_g(r, 'phases', 'nodes'), '{:,}')}, {_n(_g(r, 'phases', 'edges'), '{:,}')}"
            ),
        ),
        (
            "`newskg export`, wall (CPU)",
            lambda r: (
                f"**{_n(_g(r, 'command', 'wall_s'), '{:,.1f}', ' s')}** "
                f"({_n(_g(r, 'command', 'cpu_s'), '{:,.1f}', ' s')})"
            ),
        ),
        ("peak memory", lambda r: _n(_g(r, "command", "peak_rss_mib"), "{:,.0f}", " MiB")),
        ("file", lambda r: _n(_g(r, "command", "file_mib"), "{:,.0f}", " MiB")),
        (
            "reading the store into the graph, CPU",
            lambda r: _n(_g(r, "phases", "build_graph", "cpu_s"), "{:,.1f}", " s"),
        ),
        (
            "streaming GEXF writer, CPU",
            lambda r: _n(_g(r, "phases", "write_streaming", "cpu_s"), "{:,.1f}", " s"),
        ),
        (
            "networkx `write_gexf`, CPU",
            lambda r: _n(_g(r, "phases", "write_networkx", "cpu_s"), "{:,.1f}", " s"),
        ),
        (
            "networkx / streaming writer",
            lambda r: _n(_g(r, "phases", "write_speedup_cpu"), "**{:.2f}×**"),
        ),
    ]
    for label, cell in rows:
        out.append(f"| {label} | " + " | ".join(cell(r) for r in rs) + " |")
    return out + _footer(rs)


def _remote_section(rs: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for r in rs:
        q, w, a = r.get("quads", {}), r.get("write_s", {}), r.get("articles_per_s", {})
        out += [
            "",
            "## The remote store against the embedded one",
            "",
            f"`bench/remote.py`: {r.get('articles', 0):,} articles analysed once "
            f"({_n(r.get('analysis_s'), '{:,.1f}', ' s')}), then written as `ingest` does and",
            "queried with the cookbook's queries (median of the runs), on the embedded store",
            "and on an Oxigraph server on loopback (see",
            "[a remote store](scaling.md#the-remote-store-against-the-embedded-one)).",
            "",
            "| | embedded | Oxigraph server | remote / embedded |",
            "|---|---|---|---|",
            f"| quads | {_n(q.get('embedded'), '{:,}')} | {_n(q.get('remote'), '{:,}')} | |",
            f"| write, with resolution | {_n(w.get('embedded'), unit=' s')} "
            f"({_n(a.get('embedded'), '{:,.1f}')} articles/s) | {_n(w.get('remote'), unit=' s')} "
            f"({_n(a.get('remote'), '{:,.1f}')} articles/s) "
            f"| **{_n(r.get('write_ratio'), '{:.2f}', '×')}** |",
        ]
        for i, x in sorted(r.get("queries", {}).items(), key=lambda kv: int(kv[0])):
            out.append(
                f"| cookbook query {i}, ms | {_n(x.get('embedded_ms'), '{:,.2f}')} "
                f"| {_n(x.get('remote_ms'), '{:,.2f}')} | {_n(x.get('ratio'), '{:.2f}', '×')} |"
            )
        out += [
            "",
            f"Median query ratio (remote / embedded): "
            f"**{_n(r.get('query_ratio_median'), '{:.2f}', '×')}**.",
        ]
        out += _footer([r])
    return out


def render(reports: list[dict[str, Any]]) -> str:
    """The Markdown of the measurements page."""
    out = [
        "# Measurements",
        "",
        "<!-- Generated by eval/report.py from docs/reports/*.json: do not edit by hand. -->",
        "",
        "The current scores and speeds, generated from the reports in `docs/reports/`",
        "(`python eval/report.py`; `make measurements` runs the evaluations again and",
        "rewrites the reports and this page; the benchmarks are recorded one by one, see",
        "[Development](development.md#recording-the-benchmarks)). How each is measured,",
        "the error kinds left and what earlier work changed are on the",
        "[Quality](quality.md) page; how each benchmark runs is under",
        "[Benchmarks](scaling.md#benchmarks).",
        "",
        "A fixed quarter of every dev set is held out (`eval/split.py`): rules are tuned on",
        "the *tune* part only, and the *held out* part's errors are never read; its",
        "numbers are reported as they come.",
    ]
    gold = [r for r in reports if r["kind"] == "gold"]
    if gold:
        out += [
            "",
            "## Facts against the gold sets",
            "",
            "`eval/gold.py` ingests a set's articles with `newskg ingest`, serves the store",
            "with `newskg serve` and scores it with `../shared/gold/score.py` over HTTP, as",
            "an outside user would. Only the relations a set annotates are listed.",
            "",
            "| set | part | articles | relation | precision | recall | F1 | tp / fp / fn |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in gold:
            for name, s in r["relations"].items():
                out.append(
                    f"| {r['set']} | {PART_NAMES.get(r['part'], r['part'])} | {r['articles']} "
                    f"| {name} | {_f(s['precision'])} | {_f(s['recall'])} | **{_f(s['f1'])}** "
                    f"| {s['tp']} / {s['fp']} / {s['fn']} |"
                )
        out += ["", f"Measured {_when(gold)}."]
    timex = [r for r in reports if r["kind"] == "timex"]
    if timex:
        out += [
            "",
            "## Dates",
            "",
            "`eval/timex.py` runs NewsKG's date finder on each article with its publication",
            "date and aligns what it finds with the gold TIMEX3 rows. *Found*: an expression",
            "overlaps the row; *value*: its value equals the gold value, over every row;",
            "*value of found*: the same over the rows found (as TempEval-3 scores values).",
            "",
            "| set | part | rows | found | value | value of found |",
            "|---|---|---|---|---|---|",
        ]
        for r in timex:
            for name in ("DATE", "DATE relative", "DATE relative, resolvable", "DATE absolute"):
                g = r["groups"].get(name)
                if g is None:
                    continue
                out.append(
                    f"| {r['set']}, {name} | {PART_NAMES.get(r['part'], r['part'])} | {g['rows']:,} "
                    f"| {_f(g['coverage'])} | **{_f(g['value_accuracy'])}** "
                    f"| {_f(g['value_of_found'])} |"
                )
        out += ["", f"Measured {_when(timex)}."]
    bench = [r for r in reports if r["kind"] == "bench-ingest"]
    if any("jobs" in r or "rss" in r for r in bench):
        out += _ingest_sections(bench)
    bench = [r for r in bench if "analysis" in r]
    if bench:
        out += [
            "",
            "## Analysis and store speed",
            "",
            "`bench/ingest.py` (`make bench`) times the analysis against spaCy's bare",
            "`nlp.pipe` and the store writes against rdflib + oxrdflib, in one process on",
            "the first articles of the scale corpus. CPU times on a shared machine move by",
            "several percent from run to run; the ratios are the steadier figures.",
            "",
            "| measure | " + " | ".join(f"run of {r['date']}" for r in bench) + " |",
            "|---|" + "---|" * len(bench),
        ]
        rows = [
            ("articles (characters)", lambda r: f"{r['articles']} ({r['characters']:,})"),
            ("facts, quads", lambda r: f"{r['facts']:,}, {r['quads']:,}"),
            (
                "NewsKG's whole analysis, CPU",
                lambda r: f"{r['analysis']['newskg_analysis_cpu_s']} s",
            ),
            (
                "bare spaCy `nlp.pipe`, CPU",
                lambda r: f"{r['analysis']['baseline_spacy_pipe_cpu_s']} s",
            ),
            ("analysis / bare pipe", lambda r: f"**{r['analysis']['ratio']}×**"),
            ("articles per CPU-second", lambda r: f"{r['analysis']['articles_per_cpu_s']}"),
            (
                "store writes, pyoxigraph directly, CPU",
                lambda r: f"{r['store']['baseline_pyoxigraph_cpu_s']} s",
            ),
            (
                "the same through rdflib + oxrdflib, CPU",
                lambda r: f"{r['store']['rdflib_oxrdflib_cpu_s']} s ({r['store']['ratio']}×)",
            ),
            ("peak RSS", lambda r: f"{r['max_rss_mib']} MiB"),
        ]
        for label, cell in rows:
            out.append(f"| {label} | " + " | ".join(cell(r) for r in bench) + " |")
        out += ["", f"Measured {_when(bench)}{_on(bench)}."]
    for kind, section in (
        ("bench-endpoint", _endpoint_section),
        ("bench-queries", _queries_section),
        ("bench-export", _export_section),
        ("bench-remote", _remote_section),
    ):
        found = [r for r in reports if r["kind"] == kind]
        if found:
            out += section(found)
    if not reports:
        out += ["", "No reports yet: run `make measurements`."]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="command")
    rec = sub.add_parser("record", help="keep the numbers of one raw report in docs/reports/")
    rec.add_argument("kind", choices=KINDS)
    rec.add_argument("raw", type=Path)
    rec.add_argument("--set", dest="dataset", help="the set's name (e.g. ucdp_dev)")
    rec.add_argument("--part", choices=["all", "tune", "heldout"], default="all")
    rec.add_argument("--reports", type=Path, default=REPORTS)
    page = sub.add_parser("page", help="write docs/measurements.md from docs/reports/")
    for p in (ap, page):
        p.add_argument("--reports", type=Path, default=REPORTS)
        p.add_argument("--out", type=Path, default=PAGE)
        p.add_argument("--check", action="store_true", help="fail if the page is not current")
    args = ap.parse_args(argv)
    if args.command == "record":
        out = record(
            args.kind, args.raw, dataset=args.dataset, part=args.part, out_dir=args.reports
        )
        print(f"wrote {out}")
        return 0
    text = render(load(args.reports))
    if args.check:
        if not args.out.exists() or args.out.read_text(encoding="utf-8") != text:
            print(f"{args.out} is not what {args.reports} gives: run python eval/report.py")
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
