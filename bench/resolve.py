"""Benchmark incremental entity resolution: one article into stores of 1k, 8k and 32k articles.

Prints, for each store size, the wall time of ``newskg ingest ONE_ARTICLE`` (a
fresh process, spaCy loaded, as a newsroom would run it) into that store,
against the same into an empty store, and their ratio (median of three seed
articles, each removed again afterwards). It also prints the time of
``newskg resolve --full`` on the store, which builds the resolution index.

Stores are built once from the scale corpus (its first N articles, analysed and
written without resolution, which ``resolve --full`` then computes) and cached
outside the repository, in ``$XDG_CACHE_HOME/newskg-bench`` (``~/.cache`` by
default). Building the 32k store takes about half an hour of one core.

Usage:
    python bench/resolve.py build [--sizes 1000 8000 32248]
    python bench/resolve.py measure [--sizes 1000 8000 32248]
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "scale_corpus.jsonl"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newskg-bench"
NEWSKG = str(Path(sys.executable).with_name("newskg"))
SIZES = [1000, 8000, 32248]


def build(sizes: list[int], corpus: Path) -> None:
    """Write the first ``size`` articles of ``corpus`` into one cached store per size."""
    from kg import extract, mapping, nlp, pipeline, settings
    from kg.article import Article
    from kg.iri import Minter
    from kg.read import read_path
    from kg.store import open_store

    CACHE.mkdir(parents=True, exist_ok=True)
    work = CACHE / "building"
    shutil.rmtree(work, ignore_errors=True)
    language = nlp.load(settings.get("model", None))
    minter = Minter(settings.get("base_iri", None))
    versions, model = extract.versions(), nlp.model_id(language)
    now = datetime.now(UTC).replace(microsecond=0)
    store = open_store(work)
    articles = (a for a in read_path(str(corpus)) if isinstance(a, Article))
    n, start = 0, time.perf_counter()
    for size in sorted(sizes):
        for found in pipeline.analyse(language, itertools.islice(articles, size - n)):
            if isinstance(found, pipeline.Analysis):
                iri, quads = mapping.article_quads(
                    found.article,
                    found.records,
                    minter=minter,
                    model=model,
                    extractors=versions,
                    now=now,
                )
                store.replace(mapping.delete_article(iri), quads)
            n += 1
        store.flush()
        del store
        shutil.rmtree(CACHE / f"store-{size}", ignore_errors=True)
        shutil.copytree(work, CACHE / f"store-{size}")
        print(f"store-{size}: {n} articles, {time.perf_counter() - start:.0f} s", flush=True)
        store = open_store(work)


def _run(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([NEWSKG, *args], check=True, capture_output=True)
    return time.perf_counter() - start


def measure(sizes: list[int]) -> None:
    """Print the report: one article into an empty store and into each cached store."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))[:3]
    with tempfile.TemporaryDirectory() as tmp:
        empty = []
        for seed in seeds:
            store = Path(tmp) / "empty"
            empty.append(_run("ingest", str(seed), "--store", str(store), "--no-progress"))
            shutil.rmtree(store)
        base = statistics.median(empty)
        print(f"one article into an empty store: {base:.2f} s (median of {len(empty)})")
        for size in sizes:
            cached = CACHE / f"store-{size}"
            if not cached.is_dir():
                print(f"store-{size}: not built (python bench/resolve.py build)")
                continue
            store = Path(tmp) / f"store-{size}"
            shutil.copytree(cached, store)
            full = _run("resolve", "--full", "--store", str(store))
            times = []
            for seed in seeds:
                times.append(_run("ingest", str(seed), "--store", str(store), "--no-progress"))
                _run("remove", str(seed), "--store", str(store))
            t = statistics.median(times)
            print(
                f"store-{size}: resolve --full {full:.1f} s; one article {t:.2f} s "
                f"(runs {', '.join(f'{x:.2f}' for x in times)}), ratio {t / base:.2f}",
                flush=True,
            )
            shutil.rmtree(store)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=["build", "measure"])
    ap.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    if args.what == "build":
        build(args.sizes, args.corpus)
    else:
        measure(args.sizes)


if __name__ == "__main__":
    main()
