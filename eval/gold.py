"""Score NewsKG on an annotated gold set, end to end, as an outside user would.

Ingests the gold set's articles into a temporary store with the ``newskg``
command, serves the store with ``newskg serve`` on a free loopback port, and
runs the gold scorer (``../shared/gold/score.py``) against that endpoint over
HTTP. With ``--limit`` or ``--files``, only those articles are ingested and the
gold file is cut down to them, so unread articles do not count as misses.

Usage:
    python eval/gold.py GOLD.toml [ARTICLES_DIR] [--limit N] [--files F ...]
                        [--part all|tune|heldout] [--relation said]
                        [--json REPORT] [--errors FILE]

``--part heldout`` scores only the dev set's fixed held-out quarter
(``eval/split.py``), ``--part tune`` the other three quarters. Never read the
held-out part's errors: report its numbers only.

ARTICLES_DIR defaults to the gold file's path without ``.toml``
(``polnear_train.toml`` -> ``polnear_train/``), else to ``seeds/``.

Examples (see README, "Quality"):
    python eval/gold.py ../shared/dev-data/polnear_train.toml --relation said
    python eval/gold.py ../shared/dev-data/ucdp_dev.toml --relation signed
    python eval/gold.py ../shared/gold/seeds.toml seeds/
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))

import split  # noqa: E402

SHARED = Path(os.environ.get("NEWSKG_SHARED", ROOT.parent / "shared"))
NEWSKG = str(Path(sys.executable).with_name("newskg"))
SCORER = SHARED / "gold" / "score.py"


def gold_files(gold: Path) -> list[str]:
    """The article files a gold TOML annotates, in file order."""
    with gold.open("rb") as fh:
        return [a["file"] for a in tomllib.load(fh)["article"]]


def cut_gold(gold: Path, keep: set[str], out: Path) -> None:
    """Write the part of ``gold`` that annotates the files in ``keep`` to ``out``.

    Works on the text, one ``[[article]]`` block at a time, so the facts keep
    exactly the form the scorer reads (no TOML writer round trip).
    """
    text = gold.read_text(encoding="utf-8")
    blocks = re.split(r"(?m)^(?=\[\[article\]\]\s*$)", text)
    kept = [blocks[0]]  # the header comments
    for block in blocks[1:]:
        m = re.search(r'(?m)^file\s*=\s*"([^"]+)"', block)
        if m and m[1] in keep:
            kept.append(block)
    out.write_text("".join(kept), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(endpoint: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    query = urllib.parse.urlencode({"query": "ASK { }"})
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{endpoint}?{query}", timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            # TimeoutError: a first query slower than 5 s on a loaded machine (the worker
            # pool still starting) is not a failure to start; ask again until the deadline
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"newskg serve did not start (exit {proc.poll()})") from None
            time.sleep(0.2)


def evaluate(
    gold: Path,
    articles: Path,
    files: list[str],
    work: Path,
    *,
    verbose_to: Path | None = None,
) -> dict:
    """Ingest ``files`` from ``articles``, serve, score; return the scorer's JSON report."""
    subset = work / "gold.toml"
    cut_gold(gold, set(files), subset)
    store = work / "store"
    paths = [str(articles / f) for f in files]
    t0 = time.perf_counter()
    ingest = subprocess.run(
        [NEWSKG, "ingest", "--store", str(store), "--no-progress", *paths],
        capture_output=True,
        text=True,
        env={**os.environ, "NEWSKG_STORE": ""},
    )
    ingest_s = time.perf_counter() - t0
    if ingest.returncode not in (0, 1):  # 1: some articles failed, reported on stderr
        raise SystemExit(f"newskg ingest failed:\n{ingest.stderr}")
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}/sparql"
    serve = subprocess.Popen(
        [NEWSKG, "serve", "--store", str(store), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(endpoint, serve)
        report_path = work / "report.json"
        score_args = [sys.executable, str(SCORER), "--endpoint", endpoint, "--gold", str(subset)]
        score_args += ["--json", str(report_path), "--timeout", "600"]
        if verbose_to is not None:
            score_args.append("--verbose")
        scored = subprocess.run(score_args, capture_output=True, text=True)
        if scored.returncode != 0:
            raise SystemExit(f"score.py failed:\n{scored.stderr}")
        if verbose_to is not None:
            verbose_to.write_text(scored.stdout, encoding="utf-8")
        report = json.loads(report_path.read_text(encoding="utf-8"))
    finally:
        serve.terminate()
        try:
            serve.wait(timeout=10)
        except subprocess.TimeoutExpired:
            serve.kill()
    report["ingest"] = {
        "articles": len(files),
        "seconds": round(ingest_s, 1),
        "summary": "; ".join(ingest.stdout.strip().splitlines()),
        "failed": [line for line in ingest.stderr.splitlines() if line.startswith("Error:")],
    }
    return report


def default_articles(gold: Path) -> Path:
    beside = gold.with_suffix("")
    return beside if beside.is_dir() else ROOT / "seeds"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("gold", type=Path, help="gold TOML (the schema of ../shared/gold/seeds.toml)")
    ap.add_argument("articles", type=Path, nargs="?", help="folder holding the gold's files")
    ap.add_argument("--limit", type=int, help="only the first N articles of the gold file")
    ap.add_argument("--files", nargs="+", help="only these article files")
    ap.add_argument(
        "--part",
        choices=split.PARTS,
        default="all",
        help="all articles, the tuning part, or the held-out quarter (eval/split.py)",
    )
    ap.add_argument("--relation", action="append", help="report only this relation (repeatable)")
    ap.add_argument("--json", type=Path, help="write the whole report (with misses) here")
    ap.add_argument(
        "--errors", type=Path, help="write the scorer's misses and false positives here"
    )
    args = ap.parse_args(argv)

    articles = args.articles or default_articles(args.gold)
    files = split.part(args.files or gold_files(args.gold), args.part)
    if args.part == "heldout" and args.errors:
        ap.error("--errors with --part heldout: the held-out quarter's errors are not to be read")
    if args.limit is not None:
        files = files[: args.limit]
    with tempfile.TemporaryDirectory(prefix="newskg-eval-") as tmp:
        report = evaluate(args.gold, articles, files, Path(tmp), verbose_to=args.errors)
    report["gold"] = str(args.gold)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    ing = report["ingest"]
    print(
        f"{ing['articles']} articles from {articles} ingested in {ing['seconds']} s: {ing['summary']}"
    )
    for line in ing["failed"]:
        print(line)
    for name, r in report["relations"].items():
        if args.relation and name not in args.relation:
            continue
        print(
            f"{name:12s} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}"
            f"  (tp={r['tp']} fp={r['fp']} fn={r['fn']})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
