"""`newskg ingest --jobs N` and `--scheduler` (CONTRACT section 6): the store ends the same.

Real processes throughout: the `newskg` command, its spawned worker processes, and
a real Dask scheduler with two workers on loopback. Stores are compared as N-Quads
without what depends on when a run happened; the change log is compared in the
order of its records, which is the order of the writes.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.store import open_store

NEWSKG = str(Path(sys.executable).with_name("newskg"))
DASK = str(Path(sys.executable).with_name("dask"))

pytestmark = pytest.mark.slow

#: Invented articles (no article of the shared corpora), several attributions each.
ARTICLES = [
    {
        "id": f"jobs-{i}",
        "title": f"Council meeting {i}",
        "published": f"2021-03-{i + 1:02d}",
        "text": (
            f"Council meeting {i}\n\n"
            f"The mayor of Northfield, Anna Berg, said on Monday that the bridge would reopen "
            f'in {2022 + i}. "We have waited long enough," Berg told reporters.\n\n'
            f"Opposition leader Tomas Lind said the plan cost too much. "
            f'"This is money we do not have," he said in a statement number {i}.'
        ),
    }
    for i in range(7)
]


def newskg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSKG_STORE": "", "NEWSKG_JOBS": "", "NEWSKG_SCHEDULER": ""}
    return subprocess.run(
        [NEWSKG, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=900
    )


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> list[str]:
    """Seeds, a JSON Lines file with a bad line among good ones, and a missing file."""
    root = tmp_path_factory.mktemp("jobs-input")
    lines = [json.dumps(a) for a in ARTICLES]
    lines.insert(3, "{not json")
    (root / "council.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(seeds), str(root / "council.jsonl"), str(root / "missing.txt")]


def _quads(store: Path) -> set[str]:
    """The store's N-Quads without the run's timestamps, change log and resolution token."""
    dump = open_store(store, read_only=True).dump("nquads").decode("utf-8")
    when = ("generatedAtTime", "#firstWritten>", "/graph/changes>", "#resolutionRun>")
    return {line for line in dump.splitlines() if not any(w in line for w in when)}


def _changes(store: Path) -> list[tuple[str, str, str, str]]:
    """The change log in the order it was written: (kind, source, added, dropped)."""
    rows = (
        open_store(store, read_only=True)
        .query(
            """SELECT ?at ?kind ?source ?added ?dropped WHERE { GRAPH ?g {
             ?c a nk:Change ; prov:atTime ?at ; nk:changeKind ?kind ; dcterms:source ?source ;
                nk:factsAdded ?added ; nk:factsDropped ?dropped } } ORDER BY ?at"""
        )
        .rows()
    )
    return [(r["kind"], r["source"], r["added"], r["dropped"]) for r in rows]


def _first_written(store: Path) -> dict[str, str]:
    rows = (
        open_store(store, read_only=True)
        .query("SELECT ?g ?t WHERE { ?g a nk:Fact ; nk:firstWritten ?t }")
        .rows()
    )
    return {r["g"]: r["t"] for r in rows}


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory, inputs: list[str]) -> dict[str, object]:
    """The inputs ingested by one process (`--jobs 1`): what every other way must equal."""
    store = tmp_path_factory.mktemp("jobs1") / "store"
    done = newskg("ingest", *inputs, "--store", str(store), "--jobs", "1", "--batch-size", "2")
    return {"store": store, "run": done}


def _same_as_local(local: dict[str, object], store: Path, run: subprocess.CompletedProcess[str]):
    base = local["run"]
    assert isinstance(base, subprocess.CompletedProcess)
    assert run.returncode == base.returncode == 1, run.stderr  # the bad line, the missing file
    # the same summary (articles, failures, facts, quads) and the same errors
    assert run.stdout.replace(str(store), "STORE") == base.stdout.replace(
        str(local["store"]), "STORE"
    )
    assert sorted(run.stderr.splitlines()) == sorted(base.stderr.splitlines())
    expected = _quads(Path(str(local["store"])))
    got = _quads(store)
    assert got == expected, (sorted(expected - got)[:3], sorted(got - expected)[:3])
    assert _changes(store) == _changes(Path(str(local["store"])))


def test_local_ingest_reports_each_bad_input(local: dict[str, object]) -> None:
    run = local["run"]
    assert isinstance(run, subprocess.CompletedProcess)
    assert "council.jsonl:4: not valid JSON" in run.stderr, run.stderr
    assert "missing.txt" in run.stderr
    assert run.stdout.startswith("12 articles read, 0 skipped as duplicates, 2 failed;"), run.stdout


def test_jobs_2_ends_like_jobs_1(
    local: dict[str, object], inputs: list[str], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    # batches of two articles: the twelve go to the two workers as six chunks
    run = newskg("ingest", *inputs, "--store", str(store), "--jobs", "2", "--batch-size", "2")
    _same_as_local(local, store, run)

    # again, over itself: nothing duplicated, and every fact keeps when it was first written
    first = _first_written(store)
    time.sleep(1.1)  # the run's time has a resolution of one second
    again = newskg("ingest", *inputs, "--store", str(store), "--jobs", "2", "--batch-size", "2")
    assert again.returncode == 1, again.stderr
    assert _quads(store) == _quads(Path(str(local["store"])))
    assert _first_written(store) == first


def test_one_worker_ends_like_the_analysis_in_this_process(
    local: dict[str, object], inputs: list[str], tmp_path: Path
) -> None:
    """`jobs=1` parses in one worker process while this one writes; the store is the same."""
    from kg.api import NewsKG

    stores = {}
    for name, batch in (("worker", 2), ("here", 64)):  # 12 articles: six chunks, or one batch
        stores[name] = tmp_path / name
        with NewsKG(stores[name], batch_size=batch) as kg:
            report = kg.ingest(inputs, jobs=1)
            assert (report.read, report.failed) == (12, 2)
            # the worker loaded the model, not this process; one batch is parsed here
            assert (kg._nlp is None) == (name == "worker")
    expected = _quads(Path(str(local["store"])))
    for store in stores.values():
        assert _quads(store) == expected
        assert _changes(store) == _changes(Path(str(local["store"])))


def test_jobs_with_a_model_that_does_not_load(tmp_path: Path, inputs: list[str]) -> None:
    store = tmp_path / "store"
    run = newskg(
        "ingest", inputs[1], "--store", str(store), "--jobs", "2", "--batch-size", "1",
        "--model", "no_such_model_package",
    )  # fmt: skip
    assert run.returncode == 1
    assert "cannot load spaCy model 'no_such_model_package'" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert _quads(store) == set()  # stopped before writing anything


def test_jobs_must_not_be_negative(tmp_path: Path, seeds: Path) -> None:
    run = newskg("ingest", str(seeds), "--store", str(tmp_path / "s"), "--jobs", "-1")
    assert run.returncode == 1
    assert "--jobs must be 0 (one per core) or more, not -1" in run.stderr


def _descendants(pid: int) -> set[int]:
    """The processes below ``pid`` (Linux /proc): its children, theirs, and so on."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_workers_end_when_the_ingest_is_killed(tmp_path: Path, inputs: list[str]) -> None:
    proc = subprocess.Popen(
        [NEWSKG, "ingest", *inputs, "--store", str(tmp_path / "s"), "--jobs", "2",
         "--batch-size", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while len(workers) < 4 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)  # two workers, the fork server and the resource tracker
            workers = _descendants(proc.pid)
        assert len(workers) >= 4, f"the workers never started: {workers}"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 30
        alive = workers
        while alive and time.monotonic() < deadline:
            time.sleep(0.2)
            alive = {w for w in alive if Path(f"/proc/{w}").exists()}
        assert not alive, f"worker processes left behind: {alive}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# --- a real Dask cluster on loopback ---------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"dask scheduler exited: {log.read_text()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail(f"dask scheduler did not listen on {port}: {log.read_text()}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """A `dask scheduler` and two one-thread `dask worker`s on loopback; torn down after."""
    if not Path(DASK).exists():
        pytest.skip("Dask is not installed: `pip install 'newskg[cluster]'` (make setup-test)")
    work = tmp_path_factory.mktemp("dask")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs: list[subprocess.Popen[bytes]] = []
    files = [(work / name).open("wb") for name in ("scheduler.log", "worker-0.log", "worker-1.log")]
    try:
        procs.append(
            subprocess.Popen(
                [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                stdout=files[0],
                stderr=subprocess.STDOUT,
            )
        )
        _wait_for_port(port, procs[0], work / "scheduler.log")
        for i in range(2):
            procs.append(
                subprocess.Popen(
                    [DASK, "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                     "--no-dashboard", "--local-directory", str(work / f"worker-{i}")],
                    stdout=files[1 + i],
                    stderr=subprocess.STDOUT,
                )
            )  # fmt: skip
        logs = [work / f"worker-{i}.log" for i in range(2)]
        deadline = time.monotonic() + 180
        while not all("Registered to:" in log.read_text() for log in logs):
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                pytest.fail("the dask workers did not join: " + logs[0].read_text()[-2000:])
            time.sleep(0.5)
        yield {"address": address, "logs": logs}
    finally:
        for proc in reversed(procs):
            _stop(proc)
        for f in files:
            f.close()


def test_dask_cluster_ends_like_a_local_ingest(
    local: dict[str, object], inputs: list[str], scheduler: dict[str, object], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    address = str(scheduler["address"])
    run = newskg(
        "ingest", *inputs, "--store", str(store), "--scheduler", address, "--batch-size", "2"
    )
    _same_as_local(local, store, run)
    # each worker loaded the model once, through the plugin, as it joined
    for log in scheduler["logs"]:  # type: ignore[attr-defined]
        text = log.read_text()
        assert text.count("Starting Worker plugin newskg-model-") == 1, text
        assert "Traceback" not in text, text


def test_unreachable_scheduler_is_a_clear_error_and_writes_nothing(
    tmp_path: Path, seeds: Path
) -> None:
    store = tmp_path / "store"
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    run = newskg("ingest", str(seeds), "--store", str(store), "--scheduler", address)
    assert run.returncode == 1
    assert f"Error: cannot reach the Dask scheduler at {address}" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert "0 articles read" not in run.stdout  # stopped before any summary
    articles = open_store(store, read_only=True).query(
        "SELECT (COUNT(?a) AS ?n) WHERE { ?a a nk:Article }"
    )
    assert next(articles.rows())["n"] == "0"


class _SlowFuture:
    """A worker's chunk: not done until the test says so, or until someone waits for it."""

    def __init__(self, chunk: list[int]) -> None:
        self.chunk, self.finished = chunk, False

    def done(self) -> bool:
        return self.finished

    def result(self) -> list[str]:
        self.finished = True
        return [f"w{x}" for x in self.chunk]

    def cancel(self) -> bool:
        return False


def test_in_order_helps_while_waiting_and_keeps_the_order() -> None:
    """The writer's process analyses chunks itself while a worker's is not back, in order."""
    from kg import parallel
    from kg.errors import KGError

    futures: list[_SlowFuture] = []

    def submit(chunk: list[int]) -> _SlowFuture:
        futures.append(_SlowFuture(chunk))
        return futures[-1]

    helped: list[list[int]] = []

    def helper(chunk: list[int]) -> list[str]:
        helped.append(chunk)
        return [f"h{x}" for x in chunk]

    parts = [[i] for i in range(10)]
    out: list[Any] = list(
        parallel.in_order(
            submit,  # type: ignore[arg-type]
            parts,  # type: ignore[arg-type]
            window=2,
            on_lost=lambda e: KGError(str(e)),
            helper=helper,  # type: ignore[arg-type]
        )
    )
    assert [int(x[1:]) for x in out] == list(range(10))  # input order, whoever analysed
    assert helped, "the waiting process never helped"
    assert len(helped) + len(futures) == len(parts)  # every chunk analysed once
    assert any(x.startswith("w") for x in out)
