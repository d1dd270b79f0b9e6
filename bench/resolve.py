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
    python bench/resolve.py sign [--sizes ...]   (add nk:rewriteHash to stores built before it)
    python bench/resolve.py measure [--sizes 1000 8000 32248]
    python bench/resolve.py memory --sizes 3000   (RSS along one whole ingest)
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
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


def _cached_sizes() -> list[int]:
    """Return the article counts of the stores already cached."""
    if not CACHE.is_dir():
        return []
    names = (p.name.removeprefix("store-") for p in CACHE.glob("store-*"))
    return sorted(int(n) for n in names if n.isdigit())


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
    articles = (a for a in read_path(str(corpus)) if isinstance(a, Article))
    n, start = 0, time.perf_counter()
    # Resume from the largest cached store smaller than every size asked for, so a
    # larger store is built by adding articles instead of starting again.
    smaller = [k for k in _cached_sizes() if k <= min(sizes)]
    if smaller:
        n = max(smaller)
        shutil.copytree(CACHE / f"store-{n}", work)
        articles = itertools.islice(articles, n, None)
        print(f"resuming from store-{n}", flush=True)
    for size in sorted(sizes):
        store = open_store(work)
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


def sign(sizes: list[int], corpus: Path) -> None:
    """Add the rewrite signature (``nk:rewriteHash``) to cached stores built before it existed."""
    from rdflib import Literal

    from kg import copies, settings
    from kg.article import Article
    from kg.iri import Minter
    from kg.read import read_path
    from kg.store import open_store
    from kg.vocab import NK

    minter = Minter(settings.get("base_iri", None))
    for size in sizes:
        path = CACHE / f"store-{size}"
        if not path.is_dir():
            continue
        store = open_store(path)
        have = {r["a"] for r in store.query("SELECT ?a WHERE { ?a nk:rewriteHash ?r }").rows()}
        articles = (a for a in read_path(str(corpus)) if isinstance(a, Article))
        quads = []
        for article in itertools.islice(articles, size):
            iri = minter.article(article)
            if str(iri) not in have:
                text = copies.article_rewrite_signature(article).encode()
                quads.append((iri, NK.rewriteHash, Literal(text), None))
        for i in range(0, len(quads), 1000):
            store.replace([], quads[i : i + 1000])
        store.flush()
        print(f"store-{size}: {len(quads)} rewrite signatures added", flush=True)


def _run(*args: str) -> tuple[float, float]:
    """Run ``newskg ARGS`` in a fresh process; return its wall time and CPU time (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([NEWSKG, *args], check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def measure(sizes: list[int], rounds: int) -> None:
    """Print the report: one article into an empty store and into each cached store.

    Runs alternate (empty store, then each size, for each seed article and round) so
    that the load of other jobs on the machine weighs on both sides alike.
    """
    seeds = sorted((ROOT / "seeds").glob("*.txt"))[:3]
    with tempfile.TemporaryDirectory() as tmp:
        stores: dict[int, Path] = {}
        for size in sizes:
            cached = CACHE / f"store-{size}"
            if not cached.is_dir():
                print(f"store-{size}: not built (python bench/resolve.py build)")
                continue
            stores[size] = Path(tmp) / f"store-{size}"
            shutil.copytree(cached, stores[size])
            wall, cpu = _run("resolve", "--full", "--store", str(stores[size]))
            print(f"store-{size}: resolve --full {wall:.1f} s wall, {cpu:.1f} s CPU", flush=True)
        runs: dict[int, list[tuple[float, float]]] = {0: [], **{n: [] for n in stores}}
        for _ in range(rounds):
            for seed in seeds:
                empty = Path(tmp) / "empty"
                runs[0].append(_run("ingest", str(seed), "--store", str(empty), "--no-progress"))
                shutil.rmtree(empty)
                for size, store in stores.items():
                    runs[size].append(
                        _run("ingest", str(seed), "--store", str(store), "--no-progress")
                    )
                    _run("remove", str(seed), "--store", str(store))
        base = _median(runs[0])
        print(
            f"one article into an empty store: {base[0]:.2f} s wall, {base[1]:.2f} s CPU "
            f"(median of {len(runs[0])})"
        )
        for size in stores:
            t = _median(runs[size])
            print(
                f"one article into store-{size}: {t[0]:.2f} s wall, {t[1]:.2f} s CPU; "
                f"ratio {t[0] / base[0]:.2f} wall, {t[1] / base[1]:.2f} CPU",
                flush=True,
            )


def memory(n: int, corpus: Path) -> None:
    """Ingest the first ``n`` articles of ``corpus`` in one ``ingest`` and print the RSS as it goes."""
    from kg.api import NewsKG

    def rss_mib() -> float:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    with tempfile.TemporaryDirectory() as tmp:
        part = Path(tmp) / "part.jsonl"
        with corpus.open(encoding="utf-8") as src, part.open("w", encoding="utf-8") as out:
            out.writelines(itertools.islice(src, n))
        seen = 0
        start = time.perf_counter()

        def progress(_path: str) -> None:
            nonlocal seen
            seen += 1

        kg = NewsKG(Path(tmp) / "store")
        # the reader yields one article at a time; sample the RSS from the store's writes
        marks: list[tuple[int, float]] = []
        original = kg.store.replace

        def replace(*args: object, **kw: object) -> None:
            original(*args, **kw)  # type: ignore[arg-type]
            count = len(marks) + 1
            marks.append((count, rss_mib()))
            if count % 500 == 0:
                print(
                    f"{count} writes: RSS {marks[-1][1]:.0f} MiB, {time.perf_counter() - start:.0f} s",
                    flush=True,
                )

        kg.store.replace = replace  # type: ignore[method-assign]
        report = kg.ingest([str(part)], on_progress=progress)
        kg.close()
        print(f"{report.read} articles; RSS at the end {rss_mib():.0f} MiB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=["build", "sign", "measure", "memory"])
    ap.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--rounds", type=int, default=1, help="Runs per seed article (default 1).")
    args = ap.parse_args()
    if args.what == "build":
        build(args.sizes, args.corpus)
        sign(args.sizes, args.corpus)
    elif args.what == "memory":
        memory(args.sizes[0], args.corpus)
    elif args.what == "sign":
        sign(args.sizes, args.corpus)
    else:
        measure(args.sizes, args.rounds)


if __name__ == "__main__":
    main()
