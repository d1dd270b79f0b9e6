"""Benchmark ingestion: analysis throughput and the two ways of writing to Oxigraph.

Prints a report with ratios against baselines run in the same process:

1. analysis: spaCy ``nlp.pipe`` alone (baseline) vs NewsKG's whole analysis
   (zones, dates, spaCy, extractors) on the same articles;
2. store: pyoxigraph directly, one SPARQL Update per article (baseline, what
   NewsKG uses) vs rdflib ``Dataset(store="Oxigraph")`` through oxrdflib, on the
   same quads.

Usage: python bench/ingest.py [--corpus FILE.jsonl] [--articles N]
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg import extract, mapping, nlp, pipeline
from kg.article import Article
from kg.iri import Minter
from kg.read import read_path
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "scale_corpus.jsonl"


def load_articles(corpus: Path, n: int) -> list[Article]:
    """Read the first ``n`` articles of a .jsonl corpus with NewsKG's reader."""
    items = itertools.islice((a for a in read_path(str(corpus)) if isinstance(a, Article)), n)
    return list(items)


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], Any], *, repeat: int = 2) -> tuple[float, float, float, Any]:
    """Run ``fn`` ``repeat`` times; return (best CPU s, best wall s, max RSS MiB, last result).

    CPU time of this process (all its threads, RocksDB's included) is the main
    figure, so a busy machine (2 cores shared with other jobs) skews the ratios
    less; the best of several runs hides warm-up. tracemalloc is not used: it
    slows spaCy down several-fold.
    """
    cpu, wall, result = [], [], None
    for _ in range(repeat):
        gc.collect()
        t0, w0 = time.process_time(), time.perf_counter()
        result = fn()
        cpu.append(time.process_time() - t0)
        wall.append(time.perf_counter() - w0)
    return min(cpu), min(wall), max_rss_mib(), result


def fresh(articles: list[Article]) -> list[Article]:
    """Copies whose publication date is not yet inferred, so every run does the same work."""
    out = []
    for a in articles:
        b = Article(**{f: getattr(a, f) for f in a.__dataclass_fields__})
        b.published = a.published if a.published and not a.published.inferred else None
        out.append(b)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--articles", type=int, default=300)
    args = ap.parse_args()

    language = nlp.load()
    articles = load_articles(args.corpus, args.articles)
    chars = sum(len(a.text) for a in articles)
    language("warm up")

    base_s, base_w, base_mb, _ = timed(
        lambda: list(language.pipe((nlp.analysable_text(a) for a in articles), batch_size=16))
    )
    full_s, full_w, full_mb, analyses = timed(
        lambda: list(pipeline.analyse(language, fresh(articles), batch_size=16))
    )
    done = [a for a in analyses if isinstance(a, pipeline.Analysis)]
    facts = sum(len(mapping.best_records(a.records)) for a in done)

    minter = Minter()
    now = datetime.now(UTC)
    batches = [
        mapping.article_quads(
            a.article,
            a.records,
            minter=minter,
            model="bench",
            extractors=extract.versions(),
            now=now,
        )
        for a in done
    ]
    n_quads = sum(len(q) for _, q in batches)

    scratch = Path(tempfile.mkdtemp(prefix="newskg-bench-"))
    runs = itertools.count()  # a fresh store directory for every run

    def direct() -> int:
        store = open_store(scratch / f"direct-{next(runs)}")
        for iri, quads in batches:
            store.replace(mapping.delete_article(iri), quads)
        store.flush()
        return len(store)

    def via_rdflib() -> int:
        from rdflib import Dataset, URIRef

        ds = Dataset(store="Oxigraph")
        ds.open(str(scratch / f"rdflib-{next(runs)}"))
        for iri, quads in batches:
            ds.update(
                " ;\n".join(mapping.delete_article(URIRef(iri))),
                initNs={"prov": "http://www.w3.org/ns/prov#"},
            )
            ds.addN(
                (s, p, o, ds.graph(g) if g is not None else ds.default_graph)
                for s, p, o, g in quads
            )
        n = len(list(ds.quads((None, None, None, None))))
        ds.close()
        return n

    direct_s, direct_w, direct_mb, direct_n = timed(direct)
    rdflib_s, rdflib_w, rdflib_mb, rdflib_n = timed(via_rdflib)
    gc.collect()
    shutil.rmtree(scratch, ignore_errors=True)

    rss = max_rss_mib()
    report = {
        "articles": len(articles),
        "characters": chars,
        "facts": facts,
        "quads": n_quads,
        "analysis": {
            "baseline_spacy_pipe_cpu_s": round(base_s, 2),
            "newskg_analysis_cpu_s": round(full_s, 2),
            "ratio": round(full_s / base_s, 2),
            "baseline_wall_s": round(base_w, 2),
            "newskg_wall_s": round(full_w, 2),
            "articles_per_cpu_s": round(len(articles) / full_s, 1),
            "max_rss_mib_after_baseline": round(base_mb, 1),
            "max_rss_mib_after_newskg": round(full_mb, 1),
        },
        "store": {
            "baseline_pyoxigraph_cpu_s": round(direct_s, 3),
            "rdflib_oxrdflib_cpu_s": round(rdflib_s, 3),
            "ratio": round(rdflib_s / direct_s, 2),
            "baseline_wall_s": round(direct_w, 3),
            "rdflib_wall_s": round(rdflib_w, 3),
            "wall_ratio": round(rdflib_w / direct_w, 2),
            "quads_direct": direct_n,
            "quads_rdflib": rdflib_n,
            "max_rss_mib_after_direct": round(direct_mb, 1),
            "max_rss_mib_after_rdflib": round(rdflib_mb, 1),
        },
        "max_rss_mib": round(rss, 1),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
