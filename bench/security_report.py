"""Report on the endpoint's and the ingest's defences (issue 10): attacks, timings, bad inputs.

Prints four sections:

1. SSRF: how many of the attack spellings of ``tests/test_security.py`` the old
   regular-expression guard let through, and how many the tokenizer refuses,
   then the live count over HTTP against a loopback listener.
2. Runaway queries: five copies of the RUNAWAY query of tests/test_security.py against a server with
   ``query_timeout=2`` and 4 workers; when each answer came, how long /health
   and a cheap query took meanwhile, and when the pool was whole again.
3. Bad inputs: ``newskg ingest`` over the bad-input corpus of
   ``tests/test_hardening.py`` (with a 3 MB word), one line per file.
4. (``--long FILE``) one long article through ``newskg extract``: time and peak memory.

Usage: python bench/security_report.py [--long FILE.txt]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The heavy imports (spaCy through the test helpers) are made inside main():
# the query workers are forked from a fork server that re-imports this module
# as __mp_main__, and should not pay for them.


#: The guard NewsKG had before issue 10.
OLD_GUARD = re.compile(r"\bSERVICE\s+(SILENT\s+)?[<?$]", re.IGNORECASE)


def ssrf(store: Path) -> None:
    from server_fixtures import serving
    from test_security import TOKEN, Listener, query_attacks, send, update_attacks

    from kg.server import create_app
    from kg.sparqlguard import forbidden_keywords

    attacks = query_attacks("http://127.0.0.1:9/")
    updates = update_attacks("http://127.0.0.1:9/")
    missed = sum(1 for a in attacks if not OLD_GUARD.search(a))
    print("## SSRF")
    print(f"query spellings: {len(attacks)}; the old regex let {missed} through")
    print(f"update spellings: {len(updates)} (LOAD was not checked at all before)")
    caught = sum(1 for a in attacks + updates if forbidden_keywords(a))
    print(f"tokenizer refuses {caught} of {len(attacks) + len(updates)}")
    listener = Listener()
    app = create_app({"STORE": store, "UPDATE_TOKEN": TOKEN})
    sent = refused = 0
    with serving(app) as base:
        for q in query_attacks(listener.base):
            for params, data, ctype in (
                ({"query": q}, None, None),
                (
                    None,
                    urllib.parse.urlencode({"query": q}).encode(),
                    "application/x-www-form-urlencoded",
                ),
                (None, q.encode(), "application/sparql-query"),
            ):
                r = send(
                    base + "/sparql",
                    params=params,
                    data=data,
                    headers={"Content-Type": ctype} if ctype else {},
                )
                sent += 1
                refused += r.status == 400
        for u in update_attacks(listener.base):
            for data, ctype in (
                (
                    urllib.parse.urlencode({"update": u}).encode(),
                    "application/x-www-form-urlencoded",
                ),
                (u.encode(), "application/sparql-update"),
            ):
                r = send(
                    base + "/sparql",
                    data=data,
                    headers={"Content-Type": ctype, "Authorization": f"Bearer {TOKEN}"},
                )
                sent += 1
                refused += r.status == 400
    listener.close()
    print(
        f"over HTTP: {sent} requests, {refused} refused with 400, listener received {len(listener.hits)}"
    )


def runaway(store: Path) -> None:
    from server_fixtures import serving
    from test_security import CHEAP, RUNAWAY, send

    from kg.server import create_app
    from kg.server.extension import POOL_KEY

    print("\n## Runaway queries (query_timeout=2 s, 4 workers, 5 runaways at once)")
    app = create_app({"STORE": store, "QUERY_TIMEOUT": 2, "QUERY_WORKERS": 4})
    pool = app.extensions[POOL_KEY]
    with serving(app) as base, ThreadPoolExecutor(max_workers=8) as ex:
        send(base + "/sparql", params={"query": CHEAP})
        t0 = time.monotonic()

        def timed(params: dict[str, str]) -> tuple[float, int, str]:
            r = send(base + "/sparql", params=params)
            return time.monotonic() - t0, r.status, r.text.strip()

        futures = [ex.submit(timed, {"query": RUNAWAY}) for _ in range(5)]
        time.sleep(0.5)
        h0 = time.monotonic()
        health = send(base + "/health")
        h1 = time.monotonic()
        cheap = send(base + "/sparql", params={"query": CHEAP})
        h2 = time.monotonic()
        for f in futures:
            at, status, text = f.result()
            print(f"  runaway answered after {at:5.2f} s: {status} {text[:70]}")
        print(f"  /health during the runaways: {health.status} in {1000 * (h1 - h0):.0f} ms")
        print(
            f"  cheap query during the runaways: {cheap.status} in {1000 * (h2 - h1):.0f} ms (all workers busy)"
        )
        while pool._idle.qsize() < pool.size:  # every worker ready again
            time.sleep(0.02)
        print(
            f"  pool whole again {time.monotonic() - t0:.2f} s after the start; {pool.killed} workers killed"
        )
        c0 = time.monotonic()
        r = send(base + "/sparql", params={"query": CHEAP})
        print(f"  cheap query after: {r.status} in {1000 * (time.monotonic() - c0):.0f} ms")


def bad_inputs(seeds: Path) -> None:
    from test_hardening import bad_corpus

    print("\n## Bad inputs (newskg ingest, piece_chars 100000)")
    with tempfile.TemporaryDirectory() as tmp:
        fates, _ = bad_corpus(Path(tmp) / "corpus", seeds)
        big = Path(tmp) / "corpus" / "word_3mb.txt"
        big.write_bytes(
            b"A headline\n\n" + b"w" * 3_000_000 + b"\n\nThe minister said it was over.\n"
        )
        fates[str(big)] = "ingested"
        t = time.monotonic()
        done = subprocess.run(
            [
                str(Path(sys.executable).with_name("newskg")),
                "ingest",
                str(Path(tmp) / "corpus"),
                "--store",
                str(Path(tmp) / "store"),
                "--no-progress",
            ],
            capture_output=True,
            text=True,
        )
        elapsed = time.monotonic() - t
        errors = [line for line in done.stderr.splitlines() if line.startswith("Error: ")]
        print("| file | result |")
        print("|---|---|")
        for path in sorted(fates):
            name = Path(path).relative_to(Path(tmp) / "corpus")
            mine = [
                e.removeprefix(f"Error: {path}") for e in errors if e.startswith(f"Error: {path}")
            ]
            print(f"| {name} | {'; '.join(m.lstrip(': ') for m in mine) or 'ingested'} |")
        print(f"exit {done.returncode}, traceback: {'Traceback' in done.stderr}, {elapsed:.0f} s")
        print(done.stdout.strip())


def long_article(path: Path) -> None:
    print(f"\n## One long article: {path} ({path.stat().st_size} bytes)")
    t = time.monotonic()
    done = subprocess.run(
        [
            "/usr/bin/time",
            "-f",
            "%M",
            str(Path(sys.executable).with_name("newskg")),
            "extract",
            str(path),
        ],
        capture_output=True,
        text=True,
    )
    peak = done.stderr.strip().splitlines()[-1]
    facts = sum(len(json.loads(line)["facts"]) for line in done.stdout.splitlines() if line)
    print(
        f"exit {done.returncode}, {time.monotonic() - t:.0f} s, peak RSS {int(peak) // 1024} MB, {facts} facts"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", type=Path, help="A long article to time through newskg extract.")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from server_fixtures import NEWS_QUADS, fill_store

    with tempfile.TemporaryDirectory() as tmp:
        store = fill_store(Path(tmp) / "store", NEWS_QUADS)
        ssrf(store)
        runaway(store)
    bad_inputs(ROOT / "seeds")
    if args.long:
        long_article(args.long)


if __name__ == "__main__":
    main()
