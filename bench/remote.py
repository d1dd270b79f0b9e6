"""Benchmark the remote store against the embedded one on the same articles (issue 15).

Analyses N articles of the scale corpus once, then writes them, article by
article as ``newskg ingest`` does (one update per article, then one resolution
run), to (a) the embedded Oxigraph store and (b) an Oxigraph server started
here on a free loopback port, and runs the docs' cookbook queries on both.
Prints a report with the remote/embedded ratios measured in the same run.

Usage: python bench/remote.py [--corpus FILE.jsonl] [--articles 1000] [--repeat 5] [--json FILE]

Timings on a shared machine are noise; run it on a quiet one.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rdflib import URIRef

from kg import extract, history, mapping, nlp, pipeline, resolve
from kg.article import Article
from kg.iri import Minter
from kg.read import read_path
from kg.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "scale_corpus.jsonl"
_EXAMPLE = re.compile(r"```sparql\n((?:(?!```).)*?)```", re.DOTALL)


def cookbook_queries() -> list[str]:
    """Return the SPARQL examples of the query cookbook (docs/cookbook.md)."""
    page = (ROOT / "docs" / "cookbook.md").read_text(encoding="utf-8")
    return [q for q in _EXAMPLE.findall(page) if "INSERT" not in q.upper()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_oxigraph(location: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    exe = Path(sys.executable).parent / "oxigraph"
    proc = subprocess.Popen(
        [str(exe), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=2).close()
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("oxigraph serve did not start (is the test extra installed?)")


def write_all(store: Store, batches: list[tuple[Article, list[Any]]]) -> None:
    """Write every article as `newskg ingest` does: history, one replace each, then resolution."""
    minter = Minter()
    now = datetime.now(UTC)
    versions = extract.versions()
    for article, records in batches:
        before = history.previous(store, str(minter.article(article)))
        iri, quads = mapping.article_quads(
            article,
            records,
            minter=minter,
            model="bench",
            extractors=versions,
            now=now,
            first_written=before.facts,
        )
        change = history.change_quads(minter, iri, article.source, before, quads, now)
        quads.append(resolve.pending_quad(minter.resolution_graph(), iri))
        store.replace(mapping.delete_article(URIRef(iri)), [*quads, *change])
    resolve.resolve(store, minter.resolution_graph(), minter.extractor("resolve", resolve.VERSION))


def timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5, help="runs of each query (median kept)")
    ap.add_argument("--json", type=Path, help="also write the figures to FILE")
    args = ap.parse_args()

    articles = list(
        itertools.islice(
            (a for a in read_path(str(args.corpus)) if isinstance(a, Article)), args.articles
        )
    )
    model = nlp.load()
    t0 = time.perf_counter()
    batches = [
        (a.article, a.records)
        for a in pipeline.analyse(model, iter(articles))
        if isinstance(a, pipeline.Analysis)
    ]
    analysis_s = time.perf_counter() - t0
    scratch = Path(tempfile.mkdtemp(prefix="newskg-bench-remote-"))
    proc, base = start_oxigraph(scratch / "oxigraph")
    try:
        # warm up what the first writer would otherwise pay alone (imports, gazetteer cache)
        write_all(open_store(scratch / "warm-up"), batches[:5])
        embedded = open_store(scratch / "embedded")
        remote = open_store(base + "/query", update_endpoint=base + "/update")
        write = {
            "embedded": timed(lambda: write_all(embedded, batches)),
            "remote": timed(lambda: write_all(remote, batches)),
        }
        embedded.flush()
        sizes = {"embedded": len(embedded), "remote": len(remote)}
        queries: list[dict[str, Any]] = []
        for i, text in enumerate(cookbook_queries(), 1):
            row: dict[str, Any] = {"query": i, "first_line": text.strip().splitlines()[-1][:60]}
            for name, store in (("embedded", embedded), ("remote", remote)):
                runs = []
                for _ in range(args.repeat):
                    runs.append(timed(lambda s=store, t=text: s.query(t).serialize("json")))
                row[f"{name}_ms"] = round(statistics.median(runs) * 1000, 2)
            row["ratio"] = round(row["remote_ms"] / max(row["embedded_ms"], 1e-6), 2)
            queries.append(row)
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    report: dict[str, Any] = {
        "articles": len(batches),
        "analysis_s": round(analysis_s, 1),
        "quads": sizes,
        "write_s": {k: round(v, 2) for k, v in write.items()},
        "write_ratio": round(write["remote"] / write["embedded"], 2),
        "articles_per_s": {k: round(len(batches) / v, 1) for k, v in write.items()},
        "queries": queries,
        "query_ratio_median": round(statistics.median(q["ratio"] for q in queries), 2)
        if queries
        else None,
    }
    print(f"{report['articles']} articles analysed once in {report['analysis_s']} s")
    print(f"quads: embedded {sizes['embedded']}, Oxigraph server {sizes['remote']}")
    print(
        f"write (one update per article + resolution): embedded {report['write_s']['embedded']} s, "
        f"Oxigraph server {report['write_s']['remote']} s, ratio {report['write_ratio']}x"
    )
    print(f"{'query':>5}  {'embedded ms':>11}  {'remote ms':>9}  {'ratio':>5}  last line")
    for q in queries:
        print(
            f"{q['query']:>5}  {q['embedded_ms']:>11}  {q['remote_ms']:>9}  {q['ratio']:>5}  "
            f"{q['first_line']}"
        )
    print(f"median query ratio (remote / embedded): {report['query_ratio_median']}x")
    if args.json:
        report["machine"] = {"cpus": os.cpu_count(), "loadavg_at_end": list(os.getloadavg())}
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
