"""Benchmark the README's cookbook queries: pyoxigraph (NewsKG's store) against rdflib's in-memory store.

The store (default: ``~/.cache/newskg-bench/real-32k``, the whole scale corpus
ingested by ``newskg ingest --jobs 2``; ``--build`` makes it, ``--articles N``
makes and uses ``real-N`` from the corpus's first N articles) is copied, never
opened in place. Its quads are dumped as N-Quads and loaded into an
``rdflib.Dataset`` (memory store, default graph = union of all graphs, as
NewsKG's endpoint has it). Each cookbook query then runs on both in the same
run, with the same prefixes; pyoxigraph's time is the best of ``--repeat``
runs, rdflib's a single run (it is the slow side), both with every row read.
Speed-ups compare CPU seconds (wall seconds are shown too): on a machine
shared with other jobs, wall time mostly measures them. rdflib runs in a
forked copy of this process, so that a query still running after
``--timeout`` seconds (wall) can be stopped; it is counted at the CPU it had
used, so its ratio is a lower bound (shown with ``>``).

The two engines must return the same rows (lexical values compared as sorted
lists); a difference is reported.

Usage:
    python bench/queries.py --build [--articles N]          # 30-70 min for the 32k store
    python bench/queries.py [--articles N | --store DIR] [--names q3,changes-since]
                            [--json FILE] [--timeout 300]

The queries are read from the docs' query cookbook (docs/cookbook.md)
(:func:`cookbook_queries`).
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COOKBOOK = ROOT / "docs" / "cookbook.md"
EXAMPLES = ROOT / "server" / "examples.toml"
CORPUS = ROOT.parent / "shared" / "corpora" / "scale_corpus.jsonl"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newskg-bench"
NEWSKG = str(Path(sys.executable).with_name("newskg"))

#: The goal of issue 15: pyoxigraph at least this many times faster than rdflib.
GOAL_SPEEDUP = 10.0


def cookbook_queries(page: Path = COOKBOOK) -> list[str]:
    """Return the fenced ``sparql`` blocks of the query cookbook page, in order."""
    text = page.read_text(encoding="utf-8")
    queries = re.findall(r"```sparql\n(.*?)```", text, re.DOTALL)
    if not queries:
        raise SystemExit(f"{page} holds no ```sparql block")
    return queries


def store_for(articles: int | None) -> Path:
    """Return the cached store of the whole scale corpus, or of its first ``articles``."""
    return CACHE / ("real-32k" if articles is None else f"real-{articles}")


def build(store: Path, corpus: Path, articles: int | None, jobs: int) -> None:
    """Ingest ``corpus`` (or its first ``articles`` lines) into ``store`` with ``newskg ingest``.

    The store is written under ``store.building`` and renamed when the ingest
    has ended, so an interrupted build never passes for a store.
    """
    source = corpus
    if articles is not None:
        source = CACHE / f"scale-first-{articles}.jsonl"
        source.parent.mkdir(parents=True, exist_ok=True)
        with corpus.open(encoding="utf-8") as f, source.open("w", encoding="utf-8") as out:
            out.writelines(itertools.islice(f, articles))
    work = store.with_name(store.name + ".building")
    shutil.rmtree(work, ignore_errors=True)
    work.parent.mkdir(parents=True, exist_ok=True)
    command = [NEWSKG, "ingest", "--store", str(work), "--jobs", str(jobs), "--no-progress"]
    print(f"building {store}: {' '.join(command)} {source}", flush=True)
    t0 = time.perf_counter()
    subprocess.run([*command, str(source)], check=True)
    shutil.rmtree(store, ignore_errors=True)
    work.rename(store)
    print(f"built {store} in {(time.perf_counter() - t0) / 60:.1f} min", flush=True)


def example_ids(examples: Path = EXAMPLES) -> dict[str, str]:
    """Return the query page's example ids (server/examples.toml) by their query, spaces squashed."""
    with examples.open("rb") as f:
        found = tomllib.load(f).get("example", [])
    return {" ".join(e["query"].split()): e["id"] for e in found}


def query_names(queries: list[str]) -> list[tuple[str, str]]:
    """Return (``qN``, the query page's example id or "") for each cookbook query, in order."""
    ids = example_ids()
    return [(f"q{i}", ids.get(" ".join(q.split()), "")) for i, q in enumerate(queries, start=1)]


def pick(queries: list[str], wanted: str | None) -> list[int]:
    """Return the numbers (from 1) of the queries ``wanted`` names (``q3`` or ``3`` or an example id)."""
    names = query_names(queries)
    if not wanted:
        return list(range(1, len(queries) + 1))
    by_name = {n: i for i, (q, e) in enumerate(names, start=1) for n in (q, q[1:], e) if n}
    unknown = [w for w in wanted.split(",") if w.strip() not in by_name]
    if unknown:
        known = ", ".join(f"{q} ({e})" if e else q for q, e in names)
        raise SystemExit(f"--names: no query {', '.join(unknown)}; the cookbook has {known}")
    return [by_name[w.strip()] for w in wanted.split(",")]


def title(query: str) -> str:
    return " ".join(query.split())[:60]


def ox_rows(store: Any, query: str) -> list[tuple[str, ...]]:
    result = store.query(query)
    if result.kind == "ask":
        return [(str(result.boolean).lower(),)]
    names = result.variables
    return [tuple(row.get(n, "") for n in names) for row in result.rows()]


def rdflib_rows(ds: Any, query: str, prefixes: dict[str, str]) -> list[tuple[str, ...]]:
    result = ds.query(query, initNs=prefixes)
    if result.type == "ASK":
        return [(str(bool(result.askAnswer)).lower(),)]
    return [tuple("" if v is None else str(v) for v in row) for row in result]


def _rdflib_child(conn: Connection, ds: Any, query: str, prefixes: dict[str, str]) -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        rows = rdflib_rows(ds, query, prefixes)
        conn.send((time.perf_counter() - t0, time.process_time() - c0, sorted(rows), None))
    except Exception as e:  # reported, not raised: one failing query spoils no other
        error = f"{type(e).__name__}: {e}"
        conn.send((time.perf_counter() - t0, time.process_time() - c0, [], error))


def cpu_seconds(pid: int) -> float:
    """Return the user+system CPU seconds process ``pid`` has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    fields = stat[stat.rfind(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_rdflib(
    ds: Any, query: str, prefixes: dict[str, str], timeout: float
) -> tuple[float, float, list[tuple[str, ...]] | None, str | None]:
    """Run ``query`` on ``ds`` in a forked child; return (wall s, CPU s, rows or None on timeout, error)."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_rdflib_child, args=(child, ds, query, prefixes))
    proc.start()
    child.close()
    try:
        if parent.poll(timeout):
            wall, cpu, rows, error = parent.recv()
            return wall, cpu, rows, error
        assert proc.pid is not None
        return timeout, cpu_seconds(proc.pid), None, None
    finally:
        proc.kill()
        proc.join()
        parent.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--store",
        type=Path,
        help=f"copied, never written (default: {store_for(None)}, or real-N with --articles N)",
    )
    parser.add_argument(
        "--build",
        action="store_true",
        help="(re)build the store (newskg ingest --jobs 2 of the scale corpus) and stop",
    )
    parser.add_argument("--articles", type=int, help="only the corpus's first N articles")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--jobs", type=int, default=2, help="newskg ingest --jobs, for --build")
    parser.add_argument("--cookbook", type=Path, default=COOKBOOK)
    parser.add_argument("--repeat", type=int, default=3, help="pyoxigraph runs per query (best)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per rdflib query")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--names",
        "--queries",
        help="comma-separated queries to run: q1 (or 1) is the page's first, or the query "
        "page's example id (server/examples.toml); default all",
    )
    args = parser.parse_args(argv)

    import rdflib

    from kg.store import open_store
    from kg.vocab import PREFIXES

    queries = cookbook_queries(args.cookbook)
    numbers = pick(queries, args.names)
    names = query_names(queries)
    if args.store is None:
        args.store = store_for(args.articles)
    if args.build:
        build(args.store, args.corpus, args.articles, args.jobs)
        return 0
    if not (args.store / "CURRENT").exists():
        raise SystemExit(f"no store at {args.store}: build it with --build first")
    with tempfile.TemporaryDirectory(prefix="newskg-bench-queries-") as tmp:
        copy = Path(tmp) / "store"
        shutil.copytree(args.store, copy, ignore=shutil.ignore_patterns("LOCK"))
        store = open_store(copy, read_only=True)
        quads = len(store)
        print(f"{len(numbers)} cookbook queries; {quads} quads in {args.store}", flush=True)

        t0 = time.perf_counter()
        dump = store.dump("nquads")
        ds = rdflib.Dataset(default_union=True)
        ds.parse(data=dump, format="nquads")
        del dump
        load_s = time.perf_counter() - t0
        loaded = len(ds)  # triples of the default (union) graph
        print(
            f"rdflib Dataset loaded in {load_s:.0f} s; peak RSS "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB",
            flush=True,
        )

        results = []
        for i in numbers:
            query = queries[i - 1]
            walls, cpus = [], []
            rows: list[tuple[str, ...]] = []
            for _ in range(args.repeat):
                t, c = time.perf_counter(), time.process_time()
                rows = ox_rows(store, query)
                walls.append(time.perf_counter() - t)
                cpus.append(time.process_time() - c)
            ox_s, ox_cpu = min(walls), min(cpus)
            rd_s, rd_cpu, rd_rows, error = run_rdflib(ds, query, PREFIXES, args.timeout)
            timed_out = rd_rows is None and error is None
            same = None if rd_rows is None else sorted(rows) == rd_rows
            # CPU seconds: on a shared machine, wall time mostly measures the other jobs
            speedup = rd_cpu / max(ox_cpu, 1e-4)
            results.append(
                {
                    "query": i,
                    "name": names[i - 1][0],
                    "example": names[i - 1][1],
                    "title": title(query),
                    "rows": len(rows),
                    "pyoxigraph_s": ox_s,
                    "pyoxigraph_cpu_s": ox_cpu,
                    "rdflib_s": rd_s,
                    "rdflib_cpu_s": rd_cpu,
                    "rdflib_timed_out": timed_out,
                    "rdflib_error": error,
                    "same_rows": same,
                    "speedup": speedup,
                }
            )
            mark = ">" if timed_out else " "
            note = (
                " rdflib stopped at the timeout"
                if timed_out
                else (f" rdflib failed: {error}" if error else ("" if same else " ROWS DIFFER"))
            )
            label = f"{names[i - 1][0]} {names[i - 1][1] or '(not on the query page)'}"
            print(
                f"  {label:<34} {len(rows):6} rows  pyoxigraph {ox_cpu * 1000:9.1f} ms CPU "
                f"({ox_s * 1000:.0f} wall)  rdflib {mark}{rd_cpu * 1000:10.1f} ms CPU "
                f"({rd_s * 1000:.0f} wall)  {mark}{speedup:8.1f}x{note}",
                flush=True,
            )

    valid = [r for r in results if not r["rdflib_error"]]
    speedups = [r["speedup"] for r in valid]
    geo = statistics.geometric_mean(speedups) if speedups else float("nan")
    low = min(speedups) if speedups else float("nan")
    ox_total = sum(r["pyoxigraph_cpu_s"] for r in valid)
    rd_total = sum(r["rdflib_cpu_s"] for r in valid)
    met = bool(speedups) and low >= GOAL_SPEEDUP
    print()
    print(f"cookbook queries on {quads} quads, pyoxigraph against rdflib's memory store:")
    print(
        f"  total {ox_total:.2f} s CPU against {rd_total:.1f} s ({rd_total / ox_total:.0f}x); "
        f"per query: geometric mean {geo:.0f}x, lowest {low:.1f}x "
        f"(goal >= {GOAL_SPEEDUP:g}x on every query): {'met' if met else 'NOT met'}"
    )
    if any(r["same_rows"] is False for r in results):
        print("  warning: some queries gave different rows on the two engines (see above)")
    if args.json:
        report = {
            "benchmark": "queries",
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "loadavg_at_end": list(os.getloadavg()),
            },
            "store": {"path": str(args.store), "quads": quads, "rdflib_triples": loaded},
            "rdflib_load_s": load_s,
            "repeat": args.repeat,
            "timeout_s": args.timeout,
            "queries": results,
            "total": {"pyoxigraph_cpu_s": ox_total, "rdflib_cpu_s": rd_total},
            "speedup": {"geometric_mean": geo, "lowest": low},
            "goal": {"speedup": GOAL_SPEEDUP, "met": met},
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
