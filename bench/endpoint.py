"""Benchmark the SPARQL endpoint: throughput and latency under concurrent clients, against Oxigraph server.

Both servers serve copies of the same store directory (NewsKG's embedded store
is an Oxigraph database, so ``oxigraph serve --location COPY`` reads it as is),
each in its own process, and the same client drives them in turn: ``--clients``
threads, each with one keep-alive HTTP connection, sending label lookups
(``SELECT ?e WHERE { ?e rdfs:label "..." }``, a different label each time, taken
from the store) for ``--seconds``. Rounds alternate the two servers (A B A B
...) so that a burst of load on a shared machine hits both; the report gives
the median round of each, and their ratio.

Reported per server: requests per second, median and p95 latency, errors
(any status but 200, a 503 "busy" included), and the CPU seconds the server's
process tree (NewsKG's query workers included) spent per thousand requests,
the figure least disturbed by other jobs on the machine.

Usage:
    python bench/endpoint.py --store DIR             # an existing store (copied, never written)
    python bench/endpoint.py --articles 500          # ingest the first 500 articles of the corpus
    python bench/endpoint.py ... --json endpoint.json

Needs the ``oxigraph`` command (PyPI ``oxigraph``, in the test extra).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "scale_corpus.jsonl"
BIN = Path(sys.executable).parent
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ACCEPT = "application/sparql-results+json"

#: The goal of issue 15: at least this share of Oxigraph server's throughput ...
GOAL_RATIO = 0.5
#: ... at a p95 latency under this many milliseconds.
GOAL_P95_MS = 50.0


def lookup(label: str) -> str:
    """Return the label-lookup query for ``label`` (full IRIs: no server-side prefixes assumed)."""
    escaped = label.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'SELECT ?e WHERE {{ ?e <{RDFS_LABEL}> "{escaped}" }}'


@dataclass
class Round:
    """What one run of the clients against one server measured."""

    server: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    cpu_ms_per_request: float
    statuses: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree_cpu_seconds(pid: int) -> float:
    """Return the user+system CPU seconds of ``pid`` and all its descendants alive now."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
        # utime, stime, cutime, cstime: children already reaped count in their parent
        times[int(entry)] = sum(int(x) for x in fields[11:15]) / tick
    total = 0.0
    for p, seconds in times.items():
        q = p
        while q and q != pid:
            q = parents.get(q, 0)
        if q == pid:
            total += seconds
    return total


def wait_until_up(port: int, path: str, proc: subprocess.Popen[bytes], limit: float = 120) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with status {proc.returncode} before answering")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path, headers={"Accept": ACCEPT})
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"no server answered on port {port} within {limit:g} s")


@contextmanager
def logged(path: Path) -> Iterator[Any]:
    """Open ``path`` for a server's stderr.

    Never an undrained pipe: a server that writes more than the pipe holds
    (64 KiB) then blocks in its logging, and every client times out.
    """
    with path.open("wb") as f:
        yield f


@contextmanager
def newskg_server(
    store: Path, *, workers: int | None, threads: int | None, log: Path
) -> Iterator[Any]:
    port = free_port()
    env = dict(os.environ)
    if workers:
        env["NEWSKG_QUERY_WORKERS"] = str(workers)
    if threads:
        env["NEWSKG_THREADS"] = str(threads)
    cmd = [str(BIN / "newskg"), "serve", "--store", str(store), "--port", str(port)]
    with logged(log) as err:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_until_up(port, "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}), proc)
        yield port, "/sparql", proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def oxigraph_server(store: Path, *, log: Path) -> Iterator[Any]:
    port = free_port()
    exe = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
    if exe is None:
        raise SystemExit("the oxigraph command is missing: pip install oxigraph (the test extra)")
    cmd = [exe, "serve", "--location", str(store), "--bind", f"127.0.0.1:{port}"]
    cmd.append("--union-default-graph")  # NewsKG's default graph is the union too
    with logged(log) as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_until_up(port, "/query?" + urllib.parse.urlencode({"query": "ASK {}"}), proc)
        yield port, "/query", proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------- the client


def drive(
    port: int,
    path: str,
    labels: list[str],
    *,
    clients: int,
    seconds: float,
    reconnect: bool = False,
) -> Round:
    """Run ``clients`` clients for ``seconds``; return what they saw.

    Each keeps one connection alive, or with ``reconnect`` opens one per request
    (as SPARQLWrapper and rdflib's SPARQLStore do, through urllib).
    """
    latencies: list[list[float]] = [[] for _ in range(clients)]
    statuses: list[dict[str, int]] = [{} for _ in range(clients)]
    targets = [path + "?" + urllib.parse.urlencode({"query": lookup(x)}) for x in labels]
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, seen = latencies[n], statuses[n]
        i = n * 7919
        start.wait()
        end = stop_at[0]
        while True:
            t0 = time.perf_counter()
            if t0 >= end:
                break
            target = targets[i % len(targets)]
            i += 1
            try:
                headers = {"Accept": ACCEPT}
                if reconnect:
                    headers["Connection"] = "close"
                conn.request("GET", target, headers=headers)
                response = conn.getresponse()
                response.read()
                status = str(response.status)
                if response.will_close or reconnect:
                    conn.close()
            except (OSError, http.client.HTTPException) as e:
                status = type(e).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append(time.perf_counter() - t0)
            seen[status] = seen.get(status, 0) + 1
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    stop_at[0] = time.perf_counter() + seconds
    t0 = time.perf_counter()
    start.wait()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    all_latencies = sorted(x for mine in latencies for x in mine)
    merged: dict[str, int] = {}
    for seen in statuses:
        for k, v in seen.items():
            merged[k] = merged.get(k, 0) + v
    n = len(all_latencies)

    def pct(q: float) -> float:
        return 1000 * all_latencies[min(n - 1, int(q * n))] if n else float("nan")

    return Round(
        server="",
        requests=n,
        errors=n - merged.get("200", 0),
        seconds=elapsed,
        rps=n / elapsed,
        p50_ms=pct(0.50),
        p95_ms=pct(0.95),
        p99_ms=pct(0.99),
        cpu_ms_per_request=0.0,
        statuses=merged,
    )


def same_answers(ports: dict[str, tuple[int, str]], labels: list[str]) -> int:
    """Check that both servers give the same solutions for ``labels``; return how many were compared."""
    for label in labels:
        seen = []
        for port, path in ports.values():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request(
                "GET",
                path + "?" + urllib.parse.urlencode({"query": lookup(label)}),
                headers={"Accept": ACCEPT},
            )
            body = json.loads(conn.getresponse().read())
            conn.close()
            seen.append(sorted(b["e"]["value"] for b in body["results"]["bindings"]))
        if seen[0] != seen[1]:
            raise SystemExit(f"the servers disagree on {label!r}: {seen}")
    return len(labels)


# ---------------------------------------------------------------- the store


def labels_of(store: Path, limit: int) -> list[str]:
    from kg.store import open_store

    rows = open_store(store, read_only=True).query(
        f"SELECT DISTINCT ?l WHERE {{ ?e <{RDFS_LABEL}> ?l FILTER(isLiteral(?l)) }} ORDER BY ?l LIMIT {limit}"
    )
    return [r["l"] for r in rows.rows()]


def build_store(corpus: Path, articles: int, into: Path) -> Path:
    """Ingest the first ``articles`` lines of ``corpus`` into a new store with the CLI."""
    part = into / "articles.jsonl"
    with corpus.open(encoding="utf-8") as src, part.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= articles:
                break
            dst.write(line)
    store = into / "store"
    subprocess.run(
        [str(BIN / "newskg"), "ingest", str(part), "--store", str(store)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return store


# ---------------------------------------------------------------- the report


def median_round(rounds: list[Round]) -> Round:
    ordered = sorted(rounds, key=lambda r: r.rps)
    return ordered[len(ordered) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="an existing NewsKG store (copied)")
    parser.add_argument("--articles", type=int, default=500, help="without --store: ingest these")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0, help="per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per server, alternating")
    parser.add_argument("--labels", type=int, default=2000, help="distinct labels to look up")
    parser.add_argument("--workers", type=int, help="NewsKG query_workers (default: setting)")
    parser.add_argument("--threads", type=int, help="NewsKG waitress threads (default: setting)")
    parser.add_argument(
        "--reconnect",
        action="store_true",
        help="one connection per request (as urllib-based clients such as SPARQLWrapper)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="newskg-bench-endpoint-") as tmp:
        work = Path(tmp)
        if args.store is not None:
            source = args.store
        else:
            print(f"ingesting {args.articles} articles of {args.corpus} ...", flush=True)
            source = build_store(args.corpus, args.articles, work)
        copies = {name: work / f"copy-{name}" for name in ("newskg", "oxigraph")}
        for copy in copies.values():
            shutil.copytree(source, copy, ignore=shutil.ignore_patterns("LOCK"))
        labels = labels_of(copies["newskg"], args.labels)
        if not labels:
            raise SystemExit(f"the store {source} has no labels to look up")
        from kg.store import open_store

        quads = len(open_store(copies["newskg"], read_only=True))
        print(
            f"{quads} quads, {len(labels)} labels; {args.clients} clients, "
            f"{args.rounds} rounds of {args.seconds:g} s per server",
            flush=True,
        )

        rounds: dict[str, list[Round]] = {"newskg": [], "oxigraph": []}
        with (
            newskg_server(
                copies["newskg"],
                workers=args.workers,
                threads=args.threads,
                log=work / "newskg.log",
            ) as nk,
            oxigraph_server(copies["oxigraph"], log=work / "oxigraph.log") as ox,
        ):
            servers = {"newskg": nk, "oxigraph": ox}
            compared = same_answers({k: (v[0], v[1]) for k, v in servers.items()}, labels[:50])
            for _ in range(args.rounds):
                for name, (port, path, proc) in servers.items():
                    # a short warm-up: connections, caches, every worker started
                    drive(port, path, labels, clients=args.clients, seconds=1.0)
                    cpu0 = tree_cpu_seconds(proc.pid)
                    r = drive(
                        port,
                        path,
                        labels,
                        clients=args.clients,
                        seconds=args.seconds,
                        reconnect=args.reconnect,
                    )
                    cpu = tree_cpu_seconds(proc.pid) - cpu0
                    r.server = name
                    r.cpu_ms_per_request = 1000 * cpu / max(r.requests, 1)
                    rounds[name].append(r)
                    print(
                        f"  {name:9} {r.rps:8.0f} req/s  p50 {r.p50_ms:6.1f} ms  "
                        f"p95 {r.p95_ms:6.1f} ms  {r.cpu_ms_per_request:5.2f} CPU ms/req  "
                        f"errors {r.errors}",
                        flush=True,
                    )

    best = {name: median_round(rs) for name, rs in rounds.items()}
    ratio = best["newskg"].rps / best["oxigraph"].rps
    ok = ratio >= GOAL_RATIO and best["newskg"].p95_ms < GOAL_P95_MS and best["newskg"].errors == 0
    print()
    how = "a new connection per request" if args.reconnect else "keep-alive connections"
    print(
        f"label lookup, {args.clients} concurrent clients ({how}), median of {args.rounds} rounds:"
    )
    print(
        f"  {'server':10} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms/req':>11} {'errors':>7}"
    )
    for name, r in best.items():
        print(
            f"  {name:10} {r.rps:8.0f} {r.p50_ms:8.1f} {r.p95_ms:8.1f} "
            f"{r.cpu_ms_per_request:11.2f} {r.errors:7d}"
        )
    print(
        f"  NewsKG / Oxigraph throughput: {ratio:.2f} (goal >= {GOAL_RATIO}); "
        f"NewsKG p95 {best['newskg'].p95_ms:.1f} ms (goal < {GOAL_P95_MS:g} ms): "
        f"{'met' if ok else 'NOT met'}"
    )
    if args.json:
        report = {
            "benchmark": "endpoint",
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "loadavg_at_end": list(os.getloadavg()),
            },
            "store": {"quads": quads, "articles": None if args.store else args.articles},
            "clients": args.clients,
            "reconnect": args.reconnect,
            "seconds_per_round": args.seconds,
            "labels": len(labels),
            "answers_compared": compared,
            "rounds": {k: [asdict(r) for r in v] for k, v in rounds.items()},
            "median": {k: asdict(r) for k, r in best.items()},
            "ratio_rps": ratio,
            "goal": {"ratio_rps": GOAL_RATIO, "p95_ms": GOAL_P95_MS, "met": ok},
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
