"""The ``newskg`` command: a thin layer over :class:`kg.api.NewsKG`.

Library errors (:class:`~kg.errors.KGError`) become one ``Error: ...`` line on
stderr and a non-zero exit; usage errors exit with 2.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from kg import settings
from kg.errors import ConfigError, KGError, QueryError


def _setting_help(name: str) -> str:
    s = next(s for s in settings.SETTINGS if s.name == name)
    default = "" if s.default is None else f" (default: ${s.env}, else {s.default})"
    return s.help + default


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``newskg`` and its commands."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", metavar="DIR|URL", help=_setting_help("store"))
    common.add_argument("--update-endpoint", metavar="URL", help=_setting_help("update_endpoint"))
    common.add_argument("-v", "--verbose", action="store_true", help="Log what happens on stderr.")

    analysis = argparse.ArgumentParser(add_help=False)
    analysis.add_argument("--model", help=_setting_help("model"))
    analysis.add_argument("--base-iri", help=_setting_help("base_iri"))
    analysis.add_argument("--batch-size", type=int, help=_setting_help("batch_size"))

    parser = argparse.ArgumentParser(
        prog="newskg",
        description="Turn news articles into a knowledge graph with provenance.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "ingest",
        parents=[common, analysis],
        help="Read articles, extract facts, write them to the store.",
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="Files or directories (read recursively)."
    )
    p.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")
    p.add_argument("-j", "--jobs", type=int, metavar="N", help=_setting_help("jobs"))
    p.add_argument("--scheduler", metavar="ADDRESS", help=_setting_help("scheduler"))

    p = sub.add_parser(
        "extract",
        parents=[common, analysis],
        help="Print the facts found in articles as JSON; write nothing.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--format",
        choices=["jsonl", "json"],
        default="jsonl",
        help="One object per line (default) or a JSON array.",
    )

    p = sub.add_parser(
        "remove",
        parents=[common],
        help="Remove articles, the facts read from them and their copy links from the store.",
    )
    p.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="An article's source as ingested (path or URL), its id, or a directory.",
    )

    p = sub.add_parser(
        "resolve",
        parents=[common],
        help="Bring entity resolution up to date (ingest and remove do it); --full recomputes it.",
    )
    p.add_argument(
        "--full",
        action="store_true",
        help="Recompute the resolution graph and its index from scratch (for repair).",
    )

    p = sub.add_parser("query", parents=[common], help="Run a SPARQL query on the store.")
    p.add_argument("query", nargs="?", help="The SPARQL query (or use -f).")
    p.add_argument("-f", "--file", help="Read the query from FILE ('-' for stdin).")
    p.add_argument(
        "--format",
        choices=["table", "json", "csv", "tsv", "xml", "turtle", "ntriples", "rdfxml", "jsonld"],
        help="Output format (default: table on a terminal, else json; Turtle for CONSTRUCT/DESCRIBE).",
    )

    p = sub.add_parser(
        "serve",
        parents=[common],
        help="Serve the store: SPARQL endpoint at /sparql, query page at /.",
    )
    p.add_argument("--host", help=_setting_help("host"))
    p.add_argument("--port", type=int, help=_setting_help("port"))
    p.add_argument("--threads", type=int, help=_setting_help("threads"))
    p.add_argument(
        "--query-timeout", type=float, metavar="SECONDS", help=_setting_help("query_timeout")
    )
    p.add_argument("--query-workers", type=int, metavar="N", help=_setting_help("query_workers"))
    p.add_argument(
        "--max-result-bytes", type=int, metavar="BYTES", help=_setting_help("max_result_bytes")
    )
    p.add_argument(
        "--max-request-bytes", type=int, metavar="BYTES", help=_setting_help("max_request_bytes")
    )
    p.add_argument("--update-token", metavar="TOKEN", help=_setting_help("update_token"))

    p = sub.add_parser(
        "watch",
        parents=[common, analysis],
        help="Keep the store in step with folders and RSS/Atom feeds until stopped.",
    )
    p.add_argument(
        "targets",
        nargs="+",
        metavar="PATH|URL",
        help="Folders or files to follow, and http(s):// URLs of RSS or Atom feeds.",
    )
    p.add_argument("--interval", type=float, help=_setting_help("watch_interval"))
    p.add_argument("--debounce", type=float, help=_setting_help("watch_debounce"))
    p.add_argument("--feed-interval", type=float, help=_setting_help("feed_interval"))
    p.add_argument("--fetch-interval", type=float, help=_setting_help("fetch_interval"))
    p.add_argument("--once", action="store_true", help="Do one pass over every target, then exit.")

    p = sub.add_parser(
        "changes",
        parents=[common],
        help="Summarise what changed in the graph since a date: articles and facts.",
    )
    p.add_argument(
        "--since",
        required=True,
        metavar="DATE",
        help="A date (2020-11-21, from midnight UTC) or an ISO date-time.",
    )

    p = sub.add_parser(
        "export",
        parents=[common],
        help="Write the graph for Gephi (GEXF), GraphML, node-link JSON, or draw it (SVG, PNG).",
    )
    p.add_argument("--format", required=True, choices=["gexf", "graphml", "json", "svg", "png"])
    p.add_argument(
        "--entity",
        metavar="IRI_OR_NAME",
        help="svg/png: draw this entity's neighbourhood (default: the whole graph, when small).",
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="File to write ('-' for stdout)."
    )
    return parser


def _table(
    rows: list[dict[str, str]], variables: list[str], out: TextIO, *, width: int = 60
) -> None:
    def cell(v: str) -> str:
        v = " ".join(v.split())
        return v if len(v) <= width else v[: width - 1] + "…"

    cells = [[cell(r.get(v, "")) for v in variables] for r in rows]
    widths = [max([len(v)] + [len(c[i]) for c in cells]) for i, v in enumerate(variables)]
    line = "+".join("-" * (w + 2) for w in widths)
    out.write(
        "| " + " | ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)) + " |\n"
    )
    out.write("|" + line + "|\n")
    for c in cells:
        out.write("| " + " | ".join(x.ljust(w) for x, w in zip(c, widths, strict=True)) + " |\n")
    out.write(f"{len(rows)} row{'s' if len(rows) != 1 else ''}\n")


def cmd_ingest(args: argparse.Namespace) -> int:
    from kg import parallel

    if not settings.get("scheduler", args.scheduler) and parallel.worth_workers(args.paths):
        # the workers' fork server loads spaCy and the model while this process imports
        parallel.start_early(settings.get("model", args.model))
    from kg import read
    from kg.api import NewsKG

    kg = NewsKG(
        args.store,
        model=args.model,
        base_iri=args.base_iri,
        batch_size=args.batch_size,
        update_endpoint=args.update_endpoint,
    )
    bar = None
    if not args.no_progress and sys.stderr.isatty():
        from tqdm import tqdm

        total = sum(1 for f in read.iter_files(args.paths) if isinstance(f, str))
        bar = tqdm(total=total, unit="file", desc="ingesting", file=sys.stderr)

    def advance(_path: str) -> None:
        if bar is not None:
            bar.update()

    jobs = int(settings.get("jobs", args.jobs))
    if jobs < 0:
        raise ConfigError(f"--jobs must be 0 (one per core) or more, not {jobs}")
    with kg:
        report = kg.ingest(
            args.paths,
            on_progress=advance,
            jobs=jobs or parallel.default_jobs(),
            scheduler=settings.get("scheduler", args.scheduler),
        )
        quads = len(kg.store)
    if bar is not None:
        bar.close()
    for err in report.errors:
        print(f"Error: {err}", file=sys.stderr)
    print(
        f"{report.read} article{'s' if report.read != 1 else ''} read, "
        f"{report.duplicates} skipped as duplicates, {report.failed} failed; "
        f"{report.facts} fact{'s' if report.facts != 1 else ''} written; "
        f"the store {kg.store_path} holds {quads} quads"
    )
    line = _resolution_line(report.resolution)
    if line:
        print(line)
    return 1 if report.errors else 0


def _resolution_line(report: object) -> str:
    from kg.api import ResolveReport

    if not isinstance(report, ResolveReport):
        return ""
    return (
        f"resolution: {report.merges} node{'s' if report.merges != 1 else ''} merged, "
        f"{report.copies} cop{'ies' if report.copies != 1 else 'y'} found, "
        f"{report.linked} linked to GeoNames"
    )


def cmd_remove(args: argparse.Namespace) -> int:
    from kg.api import NewsKG

    with NewsKG(args.store, update_endpoint=args.update_endpoint) as kg:
        report = kg.remove(args.sources)
        quads = len(kg.store)
    for source in report.missing:
        print(f"Error: {source}: no such article in the store {kg.store_path}", file=sys.stderr)
    n = len(report.removed)
    print(
        f"{n} article{'s' if n != 1 else ''} removed; the store {kg.store_path} holds {quads} quads"
    )
    line = _resolution_line(report.resolution)
    if line:
        print(line)
    return 1 if report.missing else 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from kg.api import NewsKG

    with NewsKG(args.store, update_endpoint=args.update_endpoint) as kg:
        report = kg.resolve(full=args.full)
    how = "from scratch" if report.full else "incrementally"
    n = report.articles
    print(f"{n} article{'s' if n != 1 else ''} taken into account {how}")
    print(_resolution_line(report))
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from kg.api import NewsKG

    kg = NewsKG(
        args.store,
        model=args.model,
        base_iri=args.base_iri,
        batch_size=args.batch_size,
        read_only=True,
    )
    errors: list[KGError] = []
    items = kg.extract(args.paths, errors=errors)
    if args.format == "json":
        json.dump(list(items), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for item in items:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    for err in errors:
        print(f"Error: {err}", file=sys.stderr)
    return 1 if errors else 0


def cmd_query(args: argparse.Namespace) -> int:
    from kg.store import open_store

    if args.file == "-":
        text = sys.stdin.read()
    elif args.file:
        try:
            with open(args.file, encoding="utf-8") as fh:
                text = fh.read()
        except OSError as e:
            raise QueryError(f"cannot read the query file {args.file}: {e.strerror}") from e
    elif args.query:
        text = args.query
    else:
        raise QueryError("give a query, or -f FILE")
    store = open_store(
        settings.get("store", args.store), read_only=True, update_endpoint=args.update_endpoint
    )
    result = store.query(text)
    fmt = args.format
    if result.kind == "graph":
        sys.stdout.buffer.write(result.serialize(fmt if fmt and fmt != "table" else "turtle"))
        return 0
    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "json"
    if fmt == "table":
        if result.kind == "ask":
            print("yes" if result.boolean else "no")
        else:
            _table(list(result.rows()), result.variables, sys.stdout)
        return 0
    sys.stdout.buffer.write(result.serialize(fmt))
    if fmt == "json":
        sys.stdout.write("\n")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from kg.server import create_app
    from kg.server.page import EXAMPLE_QUERY
    from kg.server.wsgi import serve

    store = str(settings.get("store", args.store))
    host = settings.get("host", args.host)
    port = int(settings.get("port", args.port))
    threads = int(settings.get("threads", args.threads))
    config: dict[str, object] = {"STORE": store}
    for name in (
        "query_timeout",
        "query_workers",
        "max_result_bytes",
        "max_request_bytes",
        "update_token",
        "update_endpoint",
    ):
        value = getattr(args, name)
        if value is not None:
            config[name.upper()] = value
    app = create_app(config)
    url = f"http://{host}:{port}"
    print(f"Serving the NewsKG store {store}")
    print(f"  query page:      {url}/")
    print(f"  SPARQL endpoint: {url}/sparql")
    print("Try:")
    print(f"  curl -s {url}/sparql -H 'Accept: text/csv' --data-urlencode query@- <<'EOF'")
    print(EXAMPLE_QUERY, end="")
    print("EOF")
    if app.config.get("UPDATE_TOKEN"):
        print("SPARQL Update is accepted with the update token (Authorization: Bearer ...)")
    sys.stdout.flush()
    serve(app, host=host, port=port, threads=threads)
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    from kg import history
    from kg.store import open_store

    store = open_store(
        settings.get("store", args.store), read_only=True, update_endpoint=args.update_endpoint
    )
    found = history.changes(store, args.since)
    kinds = {k: sum(e["kind"] == k for e in found.events) for k in ("added", "updated", "removed")}
    facts = ", ".join(f"{n} {relation}" for relation, n in found.new_facts.items())
    print(
        f"since {found.since}: articles {kinds['added']} added, {kinds['updated']} updated, "
        f"{kinds['removed']} removed; facts first written since then: {facts}"
    )
    if found.events:
        rows = [
            {
                "at": e["at"],
                "change": e["kind"],
                "source": e["source"],
                "facts added": e["added"],
                "facts dropped": e["dropped"],
            }
            for e in found.events
        ]
        _table(rows, ["at", "change", "source", "facts added", "facts dropped"], sys.stdout)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from kg import export
    from kg.store import open_store

    store = open_store(
        settings.get("store", args.store), read_only=True, update_endpoint=args.update_endpoint
    )
    out = sys.stdout.buffer if args.output == "-" else args.output
    if args.format in ("svg", "png"):
        from kg import draw

        G = export.build_graph(store, include_articles=False)
        drawn = draw.draw(G, out, args.format, entity=args.entity)
        if args.output != "-":
            print(
                f"wrote {args.output} ({args.format}: {drawn.number_of_nodes()} nodes, "
                f"{drawn.number_of_edges()} edges)"
            )
        return 0
    if args.entity is not None:
        raise ConfigError("--entity goes with --format svg or png (a drawing)")
    export.export(store, args.format, out)
    if args.output != "-":
        print(f"wrote {args.output} ({args.format})")
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    import signal

    from kg.api import NewsKG
    from kg.watch import Watcher, WatchEvent

    failed = 0

    def show(event: WatchEvent) -> None:
        nonlocal failed
        failed += event.action == "failed"
        print(event, flush=True)

    kg = NewsKG(
        args.store,
        model=args.model,
        base_iri=args.base_iri,
        batch_size=args.batch_size,
        update_endpoint=args.update_endpoint,
    )
    watcher = Watcher(
        kg,
        args.targets,
        interval=args.interval,
        debounce=args.debounce,
        feed_interval=args.feed_interval,
        fetch_interval=args.fetch_interval,
        on_event=show,
    )

    def stop(signum: int, _frame: object) -> None:
        print(
            f"{signal.Signals(signum).name}: stopping after the article in hand "
            "(send it again to stop at once)",
            file=sys.stderr,
        )
        watcher.stop()
        # a second signal ends the process at once; the article in hand is then either
        # written whole or not at all (one transaction), and the restart redoes it
        signal.signal(
            signum, signal.SIG_DFL if signum == signal.SIGTERM else signal.default_int_handler
        )

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    _ = kg.nlp  # load the pipeline before saying we watch, so the first file is not slow
    if not args.once:
        print(
            f"watching {', '.join(args.targets)} into {kg.store_path}; stop with Ctrl-C", flush=True
        )
    watcher.run(once=args.once)
    return 1 if args.once and failed else 0


COMMANDS = {
    "ingest": cmd_ingest,
    "extract": cmd_extract,
    "remove": cmd_remove,
    "resolve": cmd_resolve,
    "query": cmd_query,
    "serve": cmd_serve,
    "export": cmd_export,
    "watch": cmd_watch,
    "changes": cmd_changes,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``newskg`` with ``argv`` and return the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return COMMANDS[args.command](args)
    except KGError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`newskg ingest ... | head -1`): the work is done and
        # nobody is left to tell; silence the flush at exit, as the Python docs advise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
