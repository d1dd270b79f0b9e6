"""Benchmark the GEXF export of a large store: wall and CPU time, peak memory, file size.

1. ``newskg export --format gexf`` as a user runs it (a child process): wall
   time, CPU time, peak RSS and the file's size. The goal of issue 15 is under
   60 s for the 32k-article store.
2. The same export in this process, by phase: reading the store into a graph
   (``build_graph``), then writing it with NewsKG's streaming writer and, as the
   baseline in the same run, with networkx's ``write_gexf`` (the ElementTree
   writer the export used before), whose ratio to the streaming one is shown.

CPU seconds are given beside wall seconds: on a shared machine they move far
less with the load of other jobs.

Usage:
    python bench/export.py [--store DIR] [--json FILE] [--no-baseline]

The store (default: the cached 32k-article store of ``bench/ingest.py``) is
copied, never opened in place.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_STORE = Path.home() / ".cache" / "newskg-bench" / "store-32248"
NEWSKG = Path(sys.executable).with_name("newskg")

#: The goal of issue 15, seconds for the export of the 32k store.
GOAL_SECONDS = 60.0


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Return (wall s, CPU s of this process, result) of ``fn()``."""
    gc.collect()
    w, c = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - w, time.process_time() - c, result


def networkx_write(G: Any, path: Path) -> None:
    """Write ``G`` the way the export did before issue 15: networkx's ElementTree writer."""
    import networkx as nx

    from kg.export import SEP, _intervals

    H = G.copy()
    for _, d in H.nodes(data=True):
        viz: dict[str, Any] = {}
        color = str(d.get("color", ""))
        if color.startswith("#") and len(color) == 7:
            value = int(d.pop("color")[1:], 16)
            viz["color"] = {"r": value >> 16, "g": (value >> 8) & 0xFF, "b": value & 0xFF}
        if isinstance(d.get("size"), int | float):
            viz["size"] = d.pop("size")
        if viz:
            d["viz"] = viz
    for *_, d in H.edges(data=True):
        dates = str(d.get("date", "")).split(SEP)
        if "start" in d and len(dates) > 1:
            spells = _intervals(dates)
            if len(spells) > 1:
                d.pop("start")
                d.pop("end", None)
                d["spells"] = spells
    nx.write_gexf(H, path, version="1.3")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE, help="copied, never written")
    parser.add_argument("--no-baseline", action="store_true", help="skip networkx's writer")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if not (args.store / "CURRENT").exists():
        raise SystemExit(f"no store at {args.store}: build it with bench/ingest.py first")

    from kg.export import build_graph, write_gexf
    from kg.store import open_store

    report: dict[str, Any] = {
        "benchmark": "export",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "loadavg_at_end": list(os.getloadavg()),
        },
    }
    with tempfile.TemporaryDirectory(prefix="newskg-bench-export-") as tmp:
        work = Path(tmp)
        store_dir = work / "store"
        shutil.copytree(args.store, store_dir, ignore=shutil.ignore_patterns("LOCK"))
        quads = len(open_store(store_dir, read_only=True))
        report["store"] = {"path": str(args.store), "quads": quads}
        print(f"store {args.store}: {quads} quads", flush=True)

        # 1. the command, as a user runs it
        out = work / "graph.gexf"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        w0 = time.perf_counter()
        subprocess.run(
            [str(NEWSKG), "export", "--store", str(store_dir), "--format", "gexf", "-o", str(out)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        wall = time.perf_counter() - w0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        command = {
            "wall_s": wall,
            "cpu_s": cpu,
            "peak_rss_mib": after.ru_maxrss / 1024,
            "file_mib": out.stat().st_size / 2**20,
        }
        report["command"] = command
        print(
            f"newskg export --format gexf: {wall:.1f} s wall, {cpu:.1f} s CPU, "
            f"peak RSS {command['peak_rss_mib']:.0f} MiB, {command['file_mib']:.0f} MiB file "
            f"(goal < {GOAL_SECONDS:g} s: {'met' if wall < GOAL_SECONDS else 'NOT met'})",
            flush=True,
        )
        out.unlink()

        # 2. by phase, in this process
        store = open_store(store_dir, read_only=True)
        b_wall, b_cpu, G = timed(lambda: build_graph(store))
        s_wall, s_cpu, _ = timed(lambda: write_gexf(G, out))
        phases: dict[str, Any] = {
            "nodes": G.number_of_nodes(),
            "edges": G.number_of_edges(),
            "build_graph": {"wall_s": b_wall, "cpu_s": b_cpu},
            "write_streaming": {"wall_s": s_wall, "cpu_s": s_cpu},
        }
        print(
            f"  {G.number_of_nodes()} nodes, {G.number_of_edges()} edges; "
            f"build_graph {b_wall:.1f} s wall ({b_cpu:.1f} s CPU), "
            f"streaming write {s_wall:.1f} s ({s_cpu:.1f} s CPU)",
            flush=True,
        )
        if not args.no_baseline:
            n_wall, n_cpu, _ = timed(lambda: networkx_write(G, work / "networkx.gexf"))
            phases["write_networkx"] = {"wall_s": n_wall, "cpu_s": n_cpu}
            phases["write_speedup_cpu"] = n_cpu / s_cpu if s_cpu else None
            print(
                f"  networkx write_gexf (the former writer) {n_wall:.1f} s ({n_cpu:.1f} s CPU): "
                f"the streaming writer takes {s_cpu / n_cpu:.2f}x its CPU",
                flush=True,
            )
        report["phases"] = phases
        report["peak_rss_mib_this_process"] = (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        )
    report["goal"] = {"seconds": GOAL_SECONDS, "met": report["command"]["wall_s"] < GOAL_SECONDS}
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
