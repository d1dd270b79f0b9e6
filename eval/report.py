"""The measurements page of the docs, generated from the evaluation and benchmark reports.

Two steps, so that the page is never typed by hand:

``record`` keeps the numbers of one raw report (``eval/gold.py --json``,
``eval/timex.py --json`` or the JSON ``bench/ingest.py`` prints) in
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
    if kind == "bench-ingest":

        def numbers(d: dict[str, Any]) -> dict[str, Any]:
            return {
                k: numbers(v) if isinstance(v, dict) else _number(v)
                for k, v in d.items()
                if isinstance(v, dict | int | float)
            }

        if "in_process" in raw:  # bench/ingest.py --json: its analysis/store section lifted
            raw = {**raw["in_process"], **{k: v for k, v in raw.items() if k != "in_process"}}
        return numbers(raw)
    raise ValueError(f"unknown report kind {kind!r}; use gold, timex or bench-ingest")


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
        "set": dataset or ("scale_corpus" if kind == "bench-ingest" else "unknown"),
        "part": part,
        "commit": _commit(),
        "date": datetime.now(UTC).date().isoformat(),
        **distill(kind, raw),
    }
    name = f"{kind}-{report['set']}" + ("" if part == "all" else f"-{part}")
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


def render(reports: list[dict[str, Any]]) -> str:
    """The Markdown of the measurements page."""
    out = [
        "# Measurements",
        "",
        "<!-- Generated by eval/report.py from docs/reports/*.json: do not edit by hand. -->",
        "",
        "The current scores and speeds, generated from the reports in `docs/reports/`",
        "(`python eval/report.py`; `make measurements` runs the evaluations again and",
        "rewrites the reports and this page). How each is measured, the error kinds left",
        "and what earlier work changed are on the [Quality](quality.md) page.",
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
        out += ["", f"Measured {_when(bench)}."]
    if not reports:
        out += ["", "No reports yet: run `make measurements`."]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="command")
    rec = sub.add_parser("record", help="keep the numbers of one raw report in docs/reports/")
    rec.add_argument("kind", choices=["gold", "timex", "bench-ingest"])
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
