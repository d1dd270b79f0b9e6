"""Keep a store in step with folders and news feeds (``newskg watch``).

A :class:`Watcher` runs one loop over its targets:

- a **folder or file**: every file NewsKG reads is compared with what the watcher
  last wrote for it. A new file is ingested, a changed one re-ingested (the
  article's facts are replaced, never doubled; articles a file no longer holds
  are removed), a deleted one removed. A file is only read once it has been
  quiet for ``debounce`` seconds, so a file still being written is never read
  half-way. watchdog's file events wake the loop at once; a scan every
  ``interval`` seconds catches what events miss (network folders, editors that
  swap files).
- an **RSS or Atom feed** (``http(s)://`` URL): polled every ``feed_interval``
  seconds with a conditional GET; each new or updated item's page is fetched,
  saved under ``<store>.watch/pages/`` with a JSON sidecar naming its URL and
  feed, and ingested from there. Requests to one host are at least
  ``fetch_interval`` seconds apart, and a page the site's ``robots.txt``
  disallows is left alone.

What was done is saved after every file or item in ``<store>.watch/state.json``
(beside the store, never inside Oxigraph's directory), so a restart picks up
where the last run stopped. A file the state does not know yet is still not
ingested again when every article it holds is already in the store with the
same text (``nk:contentHash``): a folder first loaded with ``newskg ingest`` can
be watched without re-reading it, and a run killed between writing an article
and saving its state does not write it twice.

:meth:`Watcher.stop` (the CLI calls it on SIGINT and SIGTERM) ends the loop
after the file or item in hand. The library never prints: what happens reaches
the caller as :class:`WatchEvent` s through ``on_event``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import __version__, read, settings
from kg.article import Article
from kg.errors import ConfigError, InputError, KGError

if TYPE_CHECKING:
    from kg.api import NewsKG

log = logging.getLogger(__name__)

STATE_VERSION = 1
#: The most a fetched feed or page may weigh; a bigger one is refused, not truncated.
MAX_BYTES = 20 * 1024 * 1024
USER_AGENT = f"NewsKG/{__version__} (newskg watch)"
#: Attempts at an item whose page cannot be fetched, one per poll, before it is left alone.
MAX_ATTEMPTS = 3


class HTTPStatusError(KGError):
    """A fetch answered with an HTTP error status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class WatchEvent:
    """One thing the watcher did.

    ``action`` is one of ``ingested`` (a new file or item), ``reingested`` (a
    changed one), ``removed``, ``known`` (already in the store with the same text;
    recorded, not read again), ``fetched`` (a page saved), ``unchanged`` (a feed
    that has nothing new), ``failed`` and ``stopped``.
    """

    action: str
    target: str  # the file path or URL
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.action} {self.target}" + (f": {self.detail}" if self.detail else "")


def is_feed(target: str) -> bool:
    """Tell whether a ``watch`` target is a feed URL rather than a path."""
    return target.startswith(("http://", "https://"))


def state_dir(store_path: str | os.PathLike[str]) -> Path:
    """Return the folder beside the store where ``watch`` keeps its state and fetched pages.

    >>> state_dir("/data/newskg-data/").name
    'newskg-data.watch'
    """
    from kg.remote import is_url, local_dir

    if is_url(store_path):  # a remote store: beside its resolution index
        return local_dir(str(store_path)) / "watch"
    store = Path(os.path.abspath(os.fspath(store_path)))
    return store.with_name(store.name + ".watch")


def file_digest(path: str) -> str:
    """Return the SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _float_setting(name: str, override: float | None) -> float:
    value = settings.get(name, override)
    try:
        return float(value)
    except (TypeError, ValueError) as e:
        raise ConfigError(f"NEWSKG_{name.upper()}={value!r} is not a number of seconds") from e


class Watcher:
    """Keeps the store of one :class:`~kg.api.NewsKG` in step with folders and feeds.

    Args:
        kg: The graph to write to (its store is opened for writing).
        targets: Folders, files and ``http(s)://`` feed URLs.
        interval: Seconds between two scans of the folders.
        debounce: Seconds a file must stay unchanged before it is read.
        feed_interval: Seconds between two polls of one feed.
        fetch_interval: Least seconds between two requests to one host.
        on_event: Called with each :class:`WatchEvent`.
    """

    def __init__(
        self,
        kg: NewsKG,
        targets: Sequence[str],
        *,
        interval: float | None = None,
        debounce: float | None = None,
        feed_interval: float | None = None,
        fetch_interval: float | None = None,
        on_event: Callable[[WatchEvent], None] | None = None,
    ) -> None:
        if not targets:
            raise InputError("watch", "give at least one folder, file or feed URL to watch")
        self.kg = kg
        self.folders = [t for t in targets if not is_feed(t)]
        self.feeds = [t for t in targets if is_feed(t)]
        self.interval = _float_setting("watch_interval", interval)
        self.debounce = _float_setting("watch_debounce", debounce)
        self.feed_interval = _float_setting("feed_interval", feed_interval)
        self.fetch_interval = _float_setting("fetch_interval", fetch_interval)
        self.on_event = on_event
        self.dir = state_dir(kg.store_path)
        self.pages = self.dir / "pages"
        self._state_file = self.dir / "state.json"
        self.state = self._load_state()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._last_request: dict[str, float] = {}  # host -> monotonic time of the last request
        self._missing: set[str] = set()  # folders already reported missing
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}  # site -> its rules

    # --- state ------------------------------------------------------------------------

    def _load_state(self) -> dict[str, Any]:
        try:
            with open(self._state_file, encoding="utf-8") as f:
                state = json.load(f)
        except FileNotFoundError:
            return {"version": STATE_VERSION, "files": {}, "feeds": {}}
        except (OSError, ValueError) as e:
            raise KGError(
                f"cannot read the watch state {self._state_file}: {e}; move it away to start "
                "afresh (files already in the store are recognised and not read again)"
            ) from e
        if state.get("version") != STATE_VERSION:
            raise KGError(
                f"the watch state {self._state_file} has version {state.get('version')!r}, "
                f"this NewsKG writes {STATE_VERSION}; move it away to start afresh"
            )
        return state

    def _save_state(self) -> None:
        """Write the state atomically: a crash leaves the old file or the new one, never half."""
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self._state_file.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(self.state, f, ensure_ascii=False, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self._state_file)

    def _emit(self, action: str, target: str, detail: str = "") -> None:
        event = WatchEvent(action, target, detail)
        log.info("%s", event)
        if self.on_event is not None:
            self.on_event(event)

    # --- the loop ---------------------------------------------------------------------

    def stop(self) -> None:
        """Ask the loop to end after the file or item in hand (safe from a signal handler)."""
        self._stop.set()
        self._wake.set()

    @property
    def stopping(self) -> bool:
        """Whether :meth:`stop` was called."""
        return self._stop.is_set()

    def run(self, *, once: bool = False) -> None:
        """Scan and poll until :meth:`stop` is called (or one pass when ``once``)."""
        observer = None if once else self._start_observer()
        try:
            while not self._stop.is_set():
                self._wake.clear()
                wait = self.run_once(force=once)
                if once or self._stop.is_set():
                    break
                self._wake.wait(wait)
        finally:
            if observer is not None:
                observer.stop()
                observer.join(timeout=5)
            self.kg.close()
        if self._stop.is_set():
            self._emit("stopped", ", ".join([*self.folders, *self.feeds]))

    def run_once(self, *, force: bool = False) -> float:
        """Do one pass over every target; return the seconds until the next is due.

        ``force`` polls every feed now, however recently it was polled (``--once``
        leaves the interval to whoever runs it, e.g. cron).
        """
        wait = self.interval
        if self.folders:
            pending = self.scan_folders()
            if pending is not None:
                wait = min(wait, pending)
        for feed in self.feeds:
            if self._stop.is_set():
                break
            wait = min(wait, self.poll_feed(feed, force=force))
        return max(wait, 0.05)

    def _start_observer(self) -> Any:
        """Start watchdog on the folders; return it, or None to rely on scans alone."""
        if not self.folders:
            return None
        try:
            from watchdog.events import FileSystemEvent, FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError:  # pragma: no cover - watchdog is a dependency
            return None

        wake = self._wake

        class Wake(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if event.event_type not in ("opened", "closed_no_write"):
                    wake.set()

        observer = Observer()
        try:
            for target in self.folders:
                folder = target if os.path.isdir(target) else os.path.dirname(target) or "."
                if os.path.isdir(folder):
                    observer.schedule(Wake(), folder, recursive=os.path.isdir(target))
            observer.start()
        except OSError as e:  # e.g. the inotify watch limit: scans still keep up
            log.warning("file events unavailable (%s); scanning every %ss", e, self.interval)
            return None
        return observer

    # --- folders ----------------------------------------------------------------------

    def _files(self, target: str) -> Iterator[str]:
        for item in read.iter_files([target]):
            if isinstance(item, str):
                yield item

    def _owned(self, target: str) -> list[str]:
        """Return the state's files that lie under ``target`` (its absolute path)."""
        root = os.path.abspath(target)
        return [key for key in self.state["files"] if key == root or key.startswith(root + os.sep)]

    def scan_folders(self) -> float | None:
        """Bring the store in step with the folders; return seconds until a debounced file is due."""
        due: float | None = None
        seen: set[str] = set()
        for target in self.folders:
            if not os.path.exists(target):
                if target not in self._missing:
                    log.warning("%s does not exist (any more): its files count as deleted", target)
                self._missing.add(target)
            else:
                self._missing.discard(target)
            for path in self._files(target):
                if self._stop.is_set():
                    return due
                key = os.path.abspath(path)
                seen.add(key)
                try:
                    st = os.stat(path)
                except OSError:
                    continue  # gone since the walk: the next scan removes it
                rec = self.state["files"].get(key)
                if rec is not None and (rec["size"], rec["mtime_ns"]) == (
                    st.st_size,
                    st.st_mtime_ns,
                ):
                    continue
                quiet = time.time() - st.st_mtime
                if quiet < self.debounce:
                    left = self.debounce - quiet
                    due = left if due is None else min(due, left)
                    continue
                self._file_changed(path, key, st, rec)
        for target in self.folders:
            for key in self._owned(target):
                if self._stop.is_set():
                    return due
                if key not in seen and not os.path.exists(key):
                    self._file_deleted(key)
        return due

    def _file_changed(
        self, path: str, key: str, st: os.stat_result, rec: dict[str, Any] | None
    ) -> None:
        try:
            sha = file_digest(path)
        except OSError as e:
            self._emit("failed", path, f"cannot read the file: {e.strerror or e}")
            return
        entry = {"path": path, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha}
        if rec is not None and rec["sha256"] == sha:  # touched, not changed
            self.state["files"][key] = {**rec, **entry}
            self._save_state()
            return
        articles, errors = _read_articles(path)
        sources = sorted({a.source for a in articles})
        if rec is None and articles and self._already_stored(articles):
            self.state["files"][key] = {**entry, "sources": sources}
            self._save_state()
            self._emit("known", path, "already in the store with the same text")
            return
        dropped = [s for s in (rec or {}).get("sources", []) if s not in sources]
        self._remove_sources(dropped, keep_for=key)
        report = self.kg.ingest([path])
        self.state["files"][key] = {**entry, "sources": sources}
        self._save_state()
        problems = [*errors, *(str(e) for e in report.errors)]
        if report.read:
            detail = _counts(report.read, report.facts)
            self._emit("reingested" if rec is not None else "ingested", path, detail)
        if problems or not report.read:
            self._emit("failed", path, "; ".join(dict.fromkeys(problems)) or "no article read")

    def _file_deleted(self, key: str) -> None:
        rec = self.state["files"].pop(key)
        self._remove_sources(rec.get("sources", []), keep_for=key)
        self._save_state()
        self._emit("removed", rec.get("path", key))

    def _remove_sources(self, sources: Sequence[str], *, keep_for: str) -> None:
        """Remove articles, except those another watched file still holds (same URL or id)."""
        held = {
            s
            for k, rec in self.state["files"].items()
            if k != keep_for
            for s in rec.get("sources", [])
        }
        gone = [s for s in sources if s not in held]
        if gone:
            self.kg.remove(gone)

    def _already_stored(self, articles: Sequence[Article]) -> bool:
        """Tell whether every article is in the store with the same text and title."""
        for article in articles:
            iri = self.kg.minter.article(article)
            digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
            rows = list(
                self.kg.query(
                    f"SELECT ?h ?t WHERE {{ <{iri}> nk:contentHash ?h . "
                    f"OPTIONAL {{ <{iri}> dcterms:title ?t }} }}"
                ).rows()
            )
            if not any(
                r.get("h") == digest and r.get("t") == (article.title or r.get("t")) for r in rows
            ):
                return False
        return True

    # --- feeds ------------------------------------------------------------------------

    def poll_feed(self, url: str, *, force: bool = False) -> float:
        """Poll one feed when it is due (or ``force``); ingest its new and updated items.

        Return the seconds until it is due again.
        """
        feed = self.state["feeds"].setdefault(url, {"items": {}})
        last = feed.get("polled")  # epoch seconds: survives restarts
        if last is not None and not force:
            left = last + self.feed_interval - time.time()
            if left > 0:
                return left
        headers = {}
        if feed.get("etag"):
            headers["If-None-Match"] = feed["etag"]
        if feed.get("modified"):
            headers["If-Modified-Since"] = feed["modified"]
        try:
            status, body, response_headers = self._get(url, headers)
        except KGError as e:
            feed["polled"] = time.time()
            self._save_state()
            self._emit("failed", url, str(e))
            return self.feed_interval
        feed["polled"] = time.time()
        if status == 304:
            self._save_state()
            self._emit("unchanged", url)
            return self.feed_interval
        import feedparser

        parsed = feedparser.parse(body, response_headers=response_headers)
        if parsed.bozo and not parsed.entries:
            self._save_state()
            self._emit("failed", url, f"not an RSS or Atom feed: {parsed.get('bozo_exception')}")
            return self.feed_interval
        feed["etag"] = response_headers.get("etag")
        feed["modified"] = response_headers.get("last-modified")
        self._save_state()
        new = 0
        # oldest first, so a stop half-way leaves the newest for the next run
        for entry in reversed(parsed.entries):
            if self._stop.is_set():
                break
            new += self._feed_item(url, feed, entry)
        if not new:
            self._emit("unchanged", url)
        return self.feed_interval

    def _feed_item(self, feed_url: str, feed: dict[str, Any], entry: Any) -> int:
        link = entry.get("link")
        if not link:
            return 0
        link = urllib.parse.urljoin(feed_url, link)
        key = entry.get("id") or link
        version = entry.get("updated") or entry.get("published") or ""
        items = feed["items"]
        old = items.get(key)
        same = old is not None and old.get("version") == version
        if same and (old.get("page") or old.get("attempts", 0) >= MAX_ATTEMPTS):
            return 0
        if not is_feed(link):
            items[key] = {"link": link, "version": version, "attempts": MAX_ATTEMPTS}
            self._save_state()
            self._emit("failed", link, "not an http(s) link; left alone")
            return 0
        if not self._allowed(link):
            items[key] = {"link": link, "version": version, "attempts": MAX_ATTEMPTS}
            self._save_state()
            self._emit("failed", link, "the site's robots.txt disallows it; left alone")
            return 0
        try:
            _, body, headers = self._get(link, {})
        except KGError as e:
            attempts = old.get("attempts", 0) + 1 if same and old is not None else 1
            items[key] = {"link": link, "version": version, "attempts": attempts}
            self._save_state()
            self._emit("failed", link, str(e))
            return 0
        page = self._save_page(feed_url, link, entry, body, headers)
        self._emit("fetched", link, os.path.relpath(page))
        articles, _ = _read_articles(str(page))
        report = self.kg.ingest([str(page)])
        items[key] = {
            "link": link,
            "version": version,
            "page": os.path.relpath(page, self.dir),
            "sources": sorted({a.source for a in articles}),
            "fetched": _now(),
        }
        self._save_state()
        if report.read:
            self._emit(
                "reingested" if old and old.get("page") else "ingested",
                link,
                _counts(report.read, report.facts),
            )
        else:
            problems = "; ".join(str(e) for e in report.errors) or "no article read"
            self._emit("failed", link, problems)
        return 1

    def _allowed(self, url: str) -> bool:
        """Tell whether the site's ``robots.txt`` lets NewsKG fetch ``url`` (read once per run per site)."""
        parts = urllib.parse.urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        rules = self._robots.get(site)
        if rules is None:
            rules = urllib.robotparser.RobotFileParser()
            # as urllib.robotparser reads a site: one that refuses robots.txt (401, 403)
            # refuses everything; one that has none, or cannot be reached, allows everything
            try:
                _, body, _ = self._get(site + "/robots.txt", {})
                lines = body.decode("utf-8", "replace").splitlines()
            except HTTPStatusError as e:
                lines = ["User-agent: *", "Disallow: /"] if e.status in (401, 403) else []
            except KGError:
                lines = []
            rules.parse(lines)
            self._robots[site] = rules
        return rules.can_fetch(USER_AGENT, url)

    def _save_page(
        self, feed_url: str, link: str, entry: Any, body: bytes, headers: dict[str, str]
    ) -> Path:
        """Save a fetched page as it came, with a sidecar saying where and when it came from."""
        host = urllib.parse.urlsplit(link).hostname or "unknown"
        folder = self.pages / host.replace(":", "_")
        folder.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256(link.encode("utf-8")).hexdigest()[:20]
        page = folder / f"{name}.html"
        tmp = page.with_suffix(".part")
        tmp.write_bytes(body)
        os.replace(tmp, page)
        sidecar = {
            "url": link,
            "feed": feed_url,
            "fetched": _now(),
            "title": entry.get("title"),
            "published": entry.get("published"),
            "updated": entry.get("updated"),
            "content_type": headers.get("content-type"),
            "sha256": hashlib.sha256(body).hexdigest(),
        }
        page.with_suffix(".json").write_text(
            json.dumps(sidecar, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        return page

    def _get(self, url: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        """GET ``url`` politely: at most one request per ``fetch_interval`` to a host."""
        host = urllib.parse.urlsplit(url).netloc
        last = self._last_request.get(host)
        if last is not None:
            left = last + self.fetch_interval - time.monotonic()
            if left > 0:
                self._stop.wait(left)  # a stop cuts the wait short, not the request
        self._last_request[host] = time.monotonic()
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
        try:
            with urllib.request.urlopen(
                request, timeout=30
            ) as response:  # only http(s) links get here
                body = response.read(MAX_BYTES + 1)
                if len(body) > MAX_BYTES:
                    raise KGError(f"{url}: larger than {MAX_BYTES // (1024 * 1024)} MB; not read")
                out_headers = {k.lower(): v for k, v in response.headers.items()}
                return response.status, body, out_headers
        except urllib.error.HTTPError as e:
            if e.code == 304:
                return 304, b"", {}
            raise HTTPStatusError(f"{url}: HTTP {e.code} {e.reason}", e.code) from e
        except (urllib.error.URLError, OSError, ValueError) as e:
            reason = getattr(e, "reason", e)
            raise KGError(f"{url}: cannot fetch ({reason})") from e


def _counts(articles: int, facts: int) -> str:
    return (
        f"{articles} article{'s' if articles != 1 else ''}, {facts} fact{'s' if facts != 1 else ''}"
    )


def _read_articles(path: str) -> tuple[list[Article], list[str]]:
    """Read a file's articles without analysing them (to know the sources it holds)."""
    articles: list[Article] = []
    errors: list[str] = []
    for item in read.read_path(path):
        if isinstance(item, InputError):
            errors.append(str(item))
        else:
            articles.append(item)
    return articles, errors
