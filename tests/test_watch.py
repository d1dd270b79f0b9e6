"""`newskg watch` keeps a store in step with folders and feeds (issue 14, CONTRACT section 6).

Everything runs for real: the `newskg` command in subprocesses, the spaCy
pipeline, the Oxigraph store, and a feed with its pages served over HTTP on
127.0.0.1. Waits poll for an outcome with a deadline; none asserts on time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.watch import state_dir

pytestmark = pytest.mark.slow

NEWSKG = str(Path(sys.executable).with_name("newskg"))
DEADLINE = 180.0  # seconds any one wait may take on a loaded machine before the test fails

#: A sentence that adds one claim to an article it is appended to.
NEW_CLAIM = "\n\nForeign Minister Jane Doe said on Monday that the talks would resume next week.\n"


def newskg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSKG_STORE": ""}
    return subprocess.run(
        [NEWSKG, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=600
    )


def wait_for(
    what: str, check: Callable[[], bool], proc: subprocess.Popen[str] | None = None
) -> None:
    """Poll ``check`` until it holds; fail after DEADLINE, or at once if ``proc`` died."""
    deadline = time.monotonic() + DEADLINE
    while not check():
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"newskg watch exited ({proc.returncode}) before {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def query(work: Path, sparql: str) -> list[dict[str, str]]:
    """Run `newskg query` (a separate, read-only process) and return its rows."""
    done = newskg("query", "--store", "store", "--format", "json", sparql, cwd=work)
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    return [{k: v["value"] for k, v in row.items()} for row in body["results"]["bindings"]]


def sources(work: Path) -> set[str]:
    rows = query(work, "SELECT ?s WHERE { ?a a nk:Article ; dcterms:source ?s }")
    return {r["s"] for r in rows}


def first_written(work: Path, source: str) -> dict[str, str]:
    """Return {fact IRI: nk:firstWritten} of the facts read from the article ``source``."""
    rows = query(
        work,
        f"""SELECT ?g ?t WHERE {{ ?a dcterms:source "{source}" .
             ?g a nk:Fact ; prov:wasDerivedFrom ?a ; nk:firstWritten ?t }}""",
    )
    return {r["g"]: r["t"] for r in rows}


class Log:
    """The stdout of a running `newskg watch`, read as it grows."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def lines(self) -> list[str]:
        return self.path.read_text(encoding="utf-8").splitlines() if self.path.exists() else []

    def has(self, start: str) -> bool:
        return any(line.startswith(start) for line in self.lines())


def start_watch(
    work: Path, *targets: str, interval: str = "0.3"
) -> tuple[subprocess.Popen[str], Log]:
    log = work / f"watch-{time.monotonic_ns()}.log"
    out = log.open("w", encoding="utf-8")
    proc = subprocess.Popen(
        [
            NEWSKG,
            "watch",
            *targets,
            "--store",
            "store",
            "--interval",
            interval,
            "--debounce",
            "0.3",
        ],
        cwd=work,
        stdout=out,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NEWSKG_STORE": ""},
    )
    out.close()
    return proc, Log(log)


def stop(proc: subprocess.Popen[str], sig: int = signal.SIGTERM) -> int:
    proc.send_signal(sig)
    try:
        return proc.wait(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail("newskg watch did not stop on a signal")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "inbox").mkdir()
    return tmp_path


def put(work: Path, seeds: Path, name: str) -> str:
    """Copy a seed into the inbox the way an editor saves: write aside, then rename."""
    src = next(seeds.glob(name + "_*.txt"))
    tmp = work / (src.name + ".part")
    shutil.copyfile(src, tmp)
    os.replace(tmp, work / "inbox" / src.name)
    return "inbox/" + src.name


def test_watch_follows_new_changed_and_deleted_files_and_restarts(work: Path, seeds: Path) -> None:
    a, b = put(work, seeds, "003"), put(work, seeds, "004")
    proc, log = start_watch(work, "inbox")
    try:
        wait_for(
            "both files ingested",
            lambda: log.has(f"ingested {a}") and log.has(f"ingested {b}"),
            proc,
        )
        # another process reads the store while the watcher holds it for writing
        assert sources(work) == {a, b}
        before = first_written(work, a)
        assert before

        c = put(work, seeds, "002")
        wait_for("a new file ingested", lambda: log.has(f"ingested {c}"), proc)
        assert sources(work) == {a, b, c}

        with open(work / a, "a", encoding="utf-8") as f:
            f.write(NEW_CLAIM)
        wait_for("a changed file re-ingested", lambda: log.has(f"reingested {a}"), proc)
        after = first_written(work, a)
        # facts replaced, never doubled: the old ones keep their first-written time
        assert {g: after[g] for g in before} == before
        new = set(after) - set(before)
        assert len(new) == 1 and all(after[g] >= max(before.values()) for g in new)
        claims = query(
            work,
            f"""SELECT ?text WHERE {{ ?a dcterms:source "{a}" . ?g prov:wasDerivedFrom ?a .
                 GRAPH ?g {{ ?s nk:said ?c }} ?c nk:text ?text }}""",
        )
        texts = [r["text"] for r in claims]
        assert len(texts) == len(set(texts))
        assert any("talks would resume" in t for t in texts)

        os.remove(work / b)
        wait_for("a deleted file removed", lambda: log.has(f"removed {b}"), proc)
        assert sources(work) == {a, c}
    finally:
        code = stop(proc)
    assert code == 0, log.lines()
    assert log.has("stopped")

    # while it is stopped: one file added, one deleted; a restart catches up, and
    # reads nothing it already has
    d = put(work, seeds, "000")
    os.remove(work / c)
    again = newskg("watch", "inbox", "--store", "store", "--once", "--debounce", "0", cwd=work)
    assert again.returncode == 0, again.stdout + again.stderr
    lines = again.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"ingested {d}", f"removed {c}"]
    assert sources(work) == {a, d}
    assert {g: t for g, t in first_written(work, a).items() if g in before} == before

    changed = newskg("changes", "--store", "store", "--since", "2000-01-01", cwd=work)
    assert changed.returncode == 0, changed.stderr
    rows = [line for line in changed.stdout.splitlines() if line.startswith("| 2")]
    kinds = [(row.split("|")[2].strip(), row.split("|")[3].strip()) for row in rows]
    assert kinds == [  # files are read in sorted order
        ("added", a),
        ("added", b),
        ("added", c),
        ("updated", a),
        ("removed", b),
        ("added", d),
        ("removed", c),
    ]


def test_file_events_wake_the_watcher_between_scans(work: Path, seeds: Path) -> None:
    """With scans an hour apart, only watchdog's file events can bring a new file in."""
    proc, log = start_watch(work, "inbox", interval="3600")
    try:
        wait_for("the watcher to start", lambda: log.has("watching "), proc)
        a = put(work, seeds, "004")
        wait_for("a new file ingested on its file event", lambda: log.has(f"ingested {a}"), proc)
        os.remove(work / a)
        wait_for("a deleted file removed on its file event", lambda: log.has(f"removed {a}"), proc)
    finally:
        code = stop(proc)
    assert code == 0, log.lines()
    assert sources(work) == set()


def test_stop_finishes_the_article_in_hand_and_restart_does_the_rest(
    work: Path, seeds: Path
) -> None:
    names = [put(work, seeds, n) for n in ("000", "001", "002", "003", "004")]
    proc, log = start_watch(work, "inbox")
    try:
        wait_for("a first file ingested", lambda: log.has("ingested "), proc)
    finally:
        code = stop(proc, signal.SIGINT)
    assert code == 0, log.lines()
    done = {line.split()[1].rstrip(":") for line in log.lines() if line.startswith("ingested ")}
    # the stop came while the second file was read: the watcher finished that one and
    # left the others (reading four more takes it seconds, the signal a fraction of one)
    assert 1 <= len(done) < len(names)
    # what the log says was written is exactly what the store and the state hold
    assert sources(work) == done
    state = json.loads((state_dir(work / "store") / "state.json").read_text(encoding="utf-8"))
    assert {rec["path"] for rec in state["files"].values()} == done

    again = newskg("watch", "inbox", "--store", "store", "--once", "--debounce", "0", cwd=work)
    assert again.returncode == 0, again.stdout + again.stderr
    rest = {
        line.split()[1].rstrip(":")
        for line in again.stdout.splitlines()
        if line.startswith("ingested ")
    }
    assert rest == set(names) - done
    assert sources(work) == set(names)


def test_watch_adopts_files_already_ingested(work: Path, seeds: Path) -> None:
    a = put(work, seeds, "004")
    first = newskg("ingest", "inbox", "--store", "store", cwd=work)
    assert first.returncode == 0, first.stderr
    watched = newskg("watch", "inbox", "--store", "store", "--once", "--debounce", "0", cwd=work)
    assert watched.returncode == 0, watched.stderr
    assert watched.stdout.splitlines() == [f"known {a}: already in the store with the same text"]


# --- feeds -------------------------------------------------------------------------------

#: Short stories written for this test (not news of record), one per page.
STORIES = {
    "1": (
        "Ministers agree to reopen border crossing",
        "2024-03-05",
        "TBILISI, March 5 — Georgia and Armenia agreed on Tuesday to reopen a border "
        "crossing closed since the winter storms, the two governments said.\n\n"
        "Georgian Foreign Minister Ilia Darchiashvili said the crossing would carry "
        "freight again within a month.",
    ),
    "2": (
        "Port workers end strike after pay deal",
        "2024-03-06",
        "ATHENS, March 6 — Dock workers in Piraeus ended a four-day strike on Wednesday "
        "after the port operator agreed to raise wages.\n\n"
        "Union leader Giorgos Gogos said the agreement was a victory for every worker "
        "in the port.",
    ),
    "3": (
        "Rail link to open in spring",
        "2024-03-07",
        "ANKARA, March 7 — Turkey said on Thursday that a new rail link to Georgia "
        "would open in the spring.\n\n"
        "Transport Minister Abdulkadir Uraloglu said the line would halve travel times.",
    ),
}


def page(base: str, n: str) -> bytes:
    title, day, text = STORIES[n]
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>"
        f'<link rel="canonical" href="{base}/news/{n}.html">'
        f'<meta property="article:published_time" content="{day}">'
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}"
        f"</article><footer>All rights reserved.</footer></body></html>"
    ).encode()


def link(base: str, n: str) -> str:
    """Return the URL of item ``n``'s page; item 5 lies where robots.txt forbids."""
    return f"{base}/news/private/{n}.html" if n == "5" else f"{base}/news/{n}.html"


#: What the site's robots.txt says.
ROBOTS = b"User-agent: *\nDisallow: /news/private/\n"


def rss(base: str, items: list[str]) -> bytes:
    entries = "".join(
        f"<item><title>{STORIES[n][0] if n in STORIES else 'Another story'}</title>"
        f"<link>{link(base, n)}</link><guid>{link(base, n)}</guid>"
        f"<pubDate>{['Tue, 05', 'Wed, 06', 'Thu, 07', 'Fri, 08', 'Sat, 09'][int(n) - 1]} "
        "Mar 2024 09:00:00 GMT</pubDate></item>"
        for n in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Test wire</title><link>{base}/</link><description>Test</description>"
        f"{entries}</channel></rss>"
    ).encode()


class Site:
    """A news site on a loopback port: a feed, its pages, and a log of every request."""

    def __init__(self) -> None:
        self.items = ["1", "2", "4", "5"]  # item 4's page does not exist
        self.requests: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append(self.path)
                if self.path == "/feed.xml":
                    body = rss(site.base, site.items)
                    etag = f'"{len(site.items)}"'
                    if self.headers.get("If-None-Match") == etag:
                        self.send_response(304)
                        self.end_headers()
                        return
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("ETag", etag)
                elif self.path == "/robots.txt":
                    body = ROBOTS
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                elif self.path.startswith("/news/") and self.path[6:-5] in STORIES:
                    body = page(site.base, self.path[6:-5])
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                else:
                    body = b"not found"
                    self.send_response(404)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def count(self, path: str) -> int:
        return self.requests.count(path)


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    s.thread.start()
    try:
        yield s
    finally:
        s.server.shutdown()
        s.server.server_close()
        s.thread.join(timeout=10)


def test_watch_polls_a_feed_fetches_new_items_once_and_saves_each_page(
    work: Path, site: Site
) -> None:
    feed = site.base + "/feed.xml"
    args = ("watch", feed, "--store", "store", "--once", "--fetch-interval", "0")
    first = newskg(*args, cwd=work)
    # the missing page fails and is reported; the others are read all the same
    assert first.returncode == 1, first.stdout + first.stderr
    assert f"failed {site.base}/news/4.html: {site.base}/news/4.html: HTTP 404" in first.stdout
    private = f"{site.base}/news/private/5.html"
    assert f"failed {private}: the site's robots.txt disallows it; left alone" in first.stdout
    urls = {f"{site.base}/news/{n}.html" for n in ("1", "2")}
    assert sources(work) == urls
    assert sum(line.startswith("ingested ") for line in first.stdout.splitlines()) == 2

    # each page is kept as fetched beside the store, with a sidecar naming its URL and feed
    pages = state_dir(work / "store") / "pages"
    saved = {
        json.loads(p.read_text(encoding="utf-8"))["url"]: p.with_suffix(".html")
        for p in pages.rglob("*.json")
    }
    assert set(saved) == urls
    for url, path in saved.items():
        assert path.read_bytes() == page(site.base, url.rsplit("/", 1)[1][:-5])

    site.items.append("3")
    second = newskg(*args, cwd=work)
    assert f"ingested {site.base}/news/3.html" in second.stdout
    assert sources(work) == urls | {f"{site.base}/news/3.html"}
    # nothing fetched twice; the failed page is tried again
    assert [site.count(f"/news/{n}.html") for n in ("1", "2", "3", "4")] == [1, 1, 1, 2]
    # the page robots.txt forbids is never asked for, nor reported again
    assert site.count("/news/private/5.html") == 0 and private not in second.stdout
    assert site.count("/robots.txt") == 2  # once a run

    # an unchanged feed answers 304 to the conditional request
    third = newskg(*args, cwd=work)
    assert f"unchanged {feed}" in third.stdout
    assert site.count("/feed.xml") == 3 and len(site.requests) == 10
