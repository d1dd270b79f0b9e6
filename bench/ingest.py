"""Benchmark ingestion: analysis throughput, worker processes, writes, memory against store size.

Prints a report with ratios against baselines measured in the same run:

1. ``jobs``: the wall time of bare spaCy (``spacy.load`` then ``nlp.pipe`` over the
   articles' texts, batches of 16, the same model) against ``newskg ingest --jobs 1``
   and ``--jobs 2`` on the same articles of the scale corpus, each a fresh process
   as a user runs it (model loading included in all three); medians of
   ``--repeat`` runs, interleaved so that a busy moment hits all three alike.
   Targets (issue 15): ``--jobs 1`` within 1.15x of bare spaCy, ``--jobs 2`` at
   least 1.6x faster than ``--jobs 1`` on 2 cores.
2. ``rss``: peak RSS (and wall time) of ``newskg ingest --jobs 1`` of one fixed
   batch of new articles into copies of stores that already hold 1k, 8k and 32k
   articles (cached by ``bench/resolve.py build`` in ``$XDG_CACHE_HOME/newskg-bench``;
   the cache is copied, never written, and the copy's resolution brought up to date
   with ``newskg resolve`` first, not measured); it should stay flat as the store grows.
3. ``analysis``: spaCy ``nlp.pipe`` alone (baseline) vs NewsKG's whole analysis
   (zones, dates, spaCy, extractors) on the same articles, CPU time in this process;
4. ``store``: pyoxigraph directly, as NewsKG writes a new article (baseline: one
   ``Store.extend`` transaction per article) vs rdflib ``Dataset(store="Oxigraph")``
   through oxrdflib, on the same quads.

Usage: python bench/ingest.py [--sections jobs,rss,analysis,store] [--jobs-articles 500]
       [--repeat 3] [--rss-articles 100] [--articles 300] [--json FILE]
"""

from __future__ import annotations

import argparse
import collections
import gc
import itertools
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
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


def in_process(corpus: Path, n: int) -> dict[str, Any]:
    """Sections ``analysis`` and ``store``: CPU time in this process against its baselines."""
    language = nlp.load()
    articles = load_articles(corpus, n)
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
        for _, quads in batches:
            store.replace([], quads)  # a new article: nothing to delete (kg.api.NewsKG._write)
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
    return {
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


# --- fresh processes: bare spaCy against `newskg ingest --jobs N` ------------------------

NEWSKG = str(Path(sys.executable).with_name("newskg"))
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newskg-bench"
STORE_SIZES = (1000, 8000, 32248)

#: What a user would write to parse the texts with spaCy alone: the same model and batches.
BARE = """
import json, sys
import spacy
from kg.nlp import resolve_model
nlp = spacy.load(resolve_model(None))
with open(sys.argv[1], encoding="utf-8") as f:
    texts = [json.loads(line)["text"] for line in f]
for doc in nlp.pipe(texts, batch_size=16):
    pass
"""


@dataclass
class Run:
    """One fresh process: wall seconds, CPU seconds, peak RSS."""

    wall: float
    cpu: float  # of the process and the children it waited for (not --jobs workers)
    max_rss_mib: float  # of the largest process among those
    tree_peak_rss_mib: float  # the process and all its descendants together, sampled
    tree_cpu: float  # CPU s of the process and every descendant (--jobs workers too), sampled


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux /proc; just ``pid`` elsewhere)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):  # ended meanwhile
            continue
    found, frontier = {pid}, {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return sorted(found)


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds ``pid`` has used so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class TreeSampler:
    """Samples the summed RSS of a process and all its descendants until stopped.

    Worker processes of ``--jobs N`` are children of multiprocessing's fork server,
    not waited for by ``newskg``, so ``wait4`` does not see them; this does.
    """

    def __init__(self, pid: int, every: float = 0.25) -> None:
        self.pid, self.every, self.peak = pid, every, 0.0
        self.cpu: dict[int, float] = {}  # last CPU seconds seen of every process of the tree
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            tree = _tree(self.pid)
            self.peak = max(self.peak, sum(_rss_mib(p) for p in tree))
            for p in tree:
                self.cpu[p] = max(self.cpu.get(p, 0.0), _cpu_s(p))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_measured(cmd: list[str]) -> Run:
    """Run ``cmd`` to the end (fail loudly if it fails); CPU time and peak RSS come from ``wait4``."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    sampler = TreeSampler(proc.pid)
    err = proc.stderr.read()
    tree_peak = sampler.stop()
    _, status, usage = os.wait4(proc.pid, 0)
    # the workers' CPU as last sampled (a worker's last quarter second may be missed);
    # the process itself is counted from wait4, which is exact
    others = sum(c for p, c in sampler.cpu.items() if p != proc.pid)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode()[-2000:]}")
    # ru_maxrss is in KiB on Linux: the largest of the child and of its waited children
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss_mib=usage.ru_maxrss / 1024,
        tree_peak_rss_mib=tree_peak,
        tree_cpu=usage.ru_utime + usage.ru_stime + others,
    )


def first_lines(corpus: Path, n: int, out: Path) -> int:
    """Copy the first ``n`` lines of a JSON Lines corpus to ``out``; return how many."""
    with corpus.open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as w:
        lines = list(itertools.islice(f, n))
        w.writelines(lines)
    return len(lines)


def jobs_section(corpus: Path, n: int, repeat: int, scratch: Path) -> dict[str, Any]:
    """Bare spaCy vs ``newskg ingest --jobs 1`` vs ``--jobs 2``, fresh processes, medians."""
    batch = scratch / "articles.jsonl"
    count = first_lines(corpus, n, batch)
    chars = sum(len(json.loads(line)["text"]) for line in batch.open(encoding="utf-8"))
    runs: dict[str, list[Run]] = {"bare": [], "jobs1": [], "jobs2": []}
    stores = itertools.count()
    for i in range(repeat):
        print(f"  round {i + 1}/{repeat}", file=sys.stderr, flush=True)
        runs["bare"].append(run_measured([sys.executable, "-c", BARE, str(batch)]))
        for jobs in (1, 2):
            store = scratch / f"store-{next(stores)}"
            cmd = [NEWSKG, "ingest", str(batch), "--store", str(store), "--no-progress"]
            runs[f"jobs{jobs}"].append(run_measured([*cmd, "--jobs", str(jobs)]))
            shutil.rmtree(store, ignore_errors=True)

    def med(key: str, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in runs[key])

    bare, j1, j2 = med("bare", "wall"), med("jobs1", "wall"), med("jobs2", "wall")
    return {
        "articles": count,
        "characters": chars,
        "repeat": repeat,
        "wall_s": {"bare_spacy": round(bare, 2), "jobs1": round(j1, 2), "jobs2": round(j2, 2)},
        "wall_s_all": {k: [round(r.wall, 2) for r in v] for k, v in runs.items()},
        "cpu_s": {k: round(med(k, "cpu"), 2) for k in runs},
        # all processes (--jobs workers too): what the work costs whatever the machine's load
        "tree_cpu_s": {k: round(med(k, "tree_cpu"), 2) for k in runs},
        "cpu_ratio_jobs1_to_bare": round(med("jobs1", "tree_cpu") / med("bare", "tree_cpu"), 3),
        "max_rss_mib": {k: round(max(r.max_rss_mib for r in v), 1) for k, v in runs.items()},
        "tree_peak_rss_mib": {
            k: round(max(r.tree_peak_rss_mib for r in v), 1) for k, v in runs.items()
        },
        "articles_per_s": {"jobs1": round(count / j1, 1), "jobs2": round(count / j2, 1)},
        "ratio_jobs1_to_bare": round(j1 / bare, 3),
        "speedup_jobs2_over_jobs1": round(j1 / j2, 3),
        "targets": {"ratio_jobs1_to_bare": "<= 1.15", "speedup_jobs2_over_jobs1": ">= 1.6"},
    }


def rss_batch(corpus: Path, n: int, out: Path) -> int:
    """Write ``n`` articles from the end of the corpus as new ones (ids no store holds)."""
    with corpus.open(encoding="utf-8") as f:
        tail = list(collections.deque(f, maxlen=n))
    with out.open("w", encoding="utf-8") as w:
        for i, line in enumerate(tail):
            item = json.loads(line)
            item["id"] = f"bench-rss-{i}"
            item.pop("url", None)
            w.write(json.dumps(item, ensure_ascii=False) + "\n")
    return len(tail)


def rss_section(corpus: Path, n: int, scratch: Path, sizes: tuple[int, ...]) -> dict[str, Any]:
    """Peak RSS of ``newskg ingest --jobs 1`` of one batch into copies of stores of each size."""
    batch = scratch / "rss-batch.jsonl"
    count = rss_batch(corpus, n, batch)
    found: dict[str, Any] = {"batch_articles": count, "stores": {}}
    for size in sizes:
        cached = CACHE / f"store-{size}"
        if not cached.is_dir():
            found["stores"][str(size)] = None
            print(
                f"  no cached store {cached}: build it with bench/resolve.py build", file=sys.stderr
            )
            continue
        copy = scratch / f"rss-store-{size}"
        shutil.copytree(cached, copy)  # the cache itself is never written
        # bring the copy's resolution index up to date first: when it is missing (the
        # cached stores have no resolve-index.sqlite3) or of another version, the first
        # resolution recomputes it from scratch, which would be measured as the ingest's
        print(f"  newskg resolve on a copy of store-{size}", file=sys.stderr, flush=True)
        prep = run_measured([NEWSKG, "resolve", "--store", str(copy)])
        print(f"  ingest {count} articles into a copy of store-{size}", file=sys.stderr, flush=True)
        r = run_measured([NEWSKG, "ingest", str(batch), "--store", str(copy), "--no-progress",
                          "--jobs", "1"])  # fmt: skip
        found["stores"][str(size)] = {
            "max_rss_mib": round(r.max_rss_mib, 1),
            "wall_s": round(r.wall, 2),
            "cpu_s": round(r.cpu, 2),
            "resolve_before_s": round(prep.wall, 2),
            "resolve_before_max_rss_mib": round(prep.max_rss_mib, 1),
        }
        shutil.rmtree(copy, ignore_errors=True)
    peaks = [v["max_rss_mib"] for v in found["stores"].values() if v]
    if len(peaks) >= 2:
        found["largest_over_smallest_rss"] = round(peaks[-1] / peaks[0], 3)
    return found


def text_report(report: dict[str, Any]) -> str:
    """The report as a person reads it."""
    lines = [f"NewsKG ingest benchmark, {report['when']} on {report['machine']['summary']}"]
    j = report.get("jobs")
    if j:
        w = j["wall_s"]
        lines += [
            "",
            f"jobs: {j['articles']} scale-corpus articles ({j['characters']:,} characters), "
            f"fresh processes, median wall of {j['repeat']}",
            f"  bare spaCy nlp.pipe         {w['bare_spacy']:8.2f} s",
            f"  newskg ingest --jobs 1      {w['jobs1']:8.2f} s   {j['ratio_jobs1_to_bare']:.2f}x bare "
            "(target <= 1.15)",
            f"  newskg ingest --jobs 2      {w['jobs2']:8.2f} s   {j['speedup_jobs2_over_jobs1']:.2f}x "
            "faster than --jobs 1 (target >= 1.6)",
            f"  peak RSS MiB, all processes together (sampled): bare "
            f"{j['tree_peak_rss_mib']['bare']}, --jobs 1 {j['tree_peak_rss_mib']['jobs1']}, "
            f"--jobs 2 {j['tree_peak_rss_mib']['jobs2']}",
            f"  CPU s, all processes: bare {j['tree_cpu_s']['bare']}, --jobs 1 "
            f"{j['tree_cpu_s']['jobs1']} ({j['cpu_ratio_jobs1_to_bare']:.2f}x bare), --jobs 2 "
            f"{j['tree_cpu_s']['jobs2']} (workers sampled every 0.25 s)",
        ]
    r = report.get("rss")
    if r:
        lines += ["", f"rss: newskg ingest --jobs 1 of the same {r['batch_articles']} new articles"]
        for size, v in r["stores"].items():
            if v is None:
                lines.append(f"  store of {int(size):>6,} articles: not cached, skipped")
            else:
                lines.append(
                    f"  store of {int(size):>6,} articles: peak RSS {v['max_rss_mib']:7.1f} MiB, "
                    f"{v['wall_s']:6.2f} s (newskg resolve before it, not counted: "
                    f"{v['resolve_before_s']:.1f} s, {v['resolve_before_max_rss_mib']:.0f} MiB)"
                )
        if "largest_over_smallest_rss" in r:
            lines.append(f"  largest store / smallest: {r['largest_over_smallest_rss']:.2f}x RSS")
    a = report.get("in_process")
    if a:
        an, st = a["analysis"], a["store"]
        lines += [
            "",
            f"analysis (CPU in one process, {a['articles']} articles): spaCy alone "
            f"{an['baseline_spacy_pipe_cpu_s']} s, NewsKG {an['newskg_analysis_cpu_s']} s, "
            f"{an['ratio']}x",
            f"store ({a['quads']} quads): pyoxigraph {st['baseline_pyoxigraph_cpu_s']} s, "
            f"rdflib+oxrdflib {st['rdflib_oxrdflib_cpu_s']} s, {st['ratio']}x",
        ]
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()
    summary = f"{platform.machine()} {platform.system()}, {cores} cores, load {load[0]:.1f}"
    return {"summary": summary, "cores": cores, "python": platform.python_version(),
            "loadavg_at_start": [round(x, 2) for x in load]}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument(
        "--sections", default="jobs,rss,analysis,store", help="Comma-separated sections to run."
    )
    ap.add_argument("--jobs-articles", type=int, default=500, help="Articles for `jobs`.")
    ap.add_argument("--repeat", type=int, default=3, help="Runs of each command in `jobs`.")
    ap.add_argument("--rss-articles", type=int, default=100, help="Batch size for `rss`.")
    ap.add_argument(
        "--store-sizes", default=",".join(map(str, STORE_SIZES)), help="Cached stores for `rss`."
    )
    ap.add_argument("--articles", type=int, default=300, help="Articles for analysis/store.")
    ap.add_argument("--json", type=Path, metavar="FILE", help="Also write the numbers as JSON.")
    args = ap.parse_args()
    sections = set(args.sections.split(","))

    report: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    scratch = Path(tempfile.mkdtemp(prefix="newskg-bench-"))
    try:
        if "jobs" in sections:
            print("jobs:", file=sys.stderr, flush=True)
            report["jobs"] = jobs_section(args.corpus, args.jobs_articles, args.repeat, scratch)
        if "rss" in sections:
            print("rss:", file=sys.stderr, flush=True)
            sizes = tuple(int(x) for x in args.store_sizes.split(",") if x)
            report["rss"] = rss_section(args.corpus, args.rss_articles, scratch, sizes)
        if sections & {"analysis", "store"}:
            print("analysis and store:", file=sys.stderr, flush=True)
            report["in_process"] = in_process(args.corpus, args.articles)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(text_report(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
