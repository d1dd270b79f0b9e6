"""The query page at ``/``: a SPARQL editor, the cookbook's examples to pick from, a results table.

The page is a plain form first: the textarea is posted back to ``/``, which
runs it in the query workers and renders the answer as a table, and an example
is picked with ``/?example=ID``, so it works without JavaScript. When its
scripts load, ``static/query.js`` runs queries on ``/sparql`` in place and turns
the textarea into a CodeMirror editor with SPARQL highlighting
(``static/vendor/``, bundled from ``web/`` by ``make vendor``; nothing is
fetched from elsewhere).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, render_template, request, url_for

from kg.errors import BusyError, QueryError, QueryTimeoutError
from kg.iri import KIND_SEGMENTS
from kg.store import refuse_fetching
from kg.vocab import PREFIXES

from .extension import newskg
from .workers import QueryJob

bp = Blueprint("page", __name__)

#: The page's starting query: who said what, with the article it came from.
EXAMPLE_QUERY = """\
PREFIX nk: <https://w3id.org/newskg/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# Who said what, and in which article
SELECT ?speaker ?text ?title ?source WHERE {
  GRAPH ?fact { ?actor nk:said ?claim }
  ?actor rdfs:label ?speaker .
  ?claim nk:text ?text .
  ?fact prov:wasDerivedFrom ?article .
  ?article dcterms:source ?source .
  OPTIONAL { ?article dcterms:title ?title }
}
ORDER BY ?speaker
LIMIT 100
"""


@dataclass(frozen=True)
class Example:
    """One example query of the page (an entry of ``examples.toml``)."""

    id: str
    title: str
    query: str
    description: str = ""
    #: the seeds hold no answer to it (it is shown on invented articles)
    empty_on_seeds: bool = False


@cache
def examples() -> tuple[Example, ...]:
    """Return the page's examples, read from ``examples.toml`` shipped with the server."""
    text = resources.files("kg.server").joinpath("examples.toml").read_text(encoding="utf-8")
    return tuple(Example(**entry) for entry in tomllib.loads(text)["example"])


#: The most rows the page renders when it answers a query itself (without JavaScript).
ROW_LIMIT = 1000


@dataclass
class Outcome:
    """A query's answer as the page renders it without JavaScript."""

    error: str = ""
    vars: list[str] = field(default_factory=list)
    rows: list[list[dict[str, str]]] = field(default_factory=list)
    more: int = 0
    boolean: bool | None = None
    graph: str = ""


def shorten(iri: str) -> str:
    """Write ``iri`` with a predefined prefix when one fits.

    >>> shorten("https://w3id.org/newskg/ns#Article")
    'nk:Article'
    """
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def links() -> dict[str, Any]:
    """Return how a results cell links an IRI to its explorer page (for the page and its script)."""
    return {
        "base": newskg.base_iri,
        "article": url_for("explorer.article"),
        "entity": url_for("explorer.entity"),
        "entities": sorted(set(KIND_SEGMENTS.values())),
    }


def page_link(iri: str, how: dict[str, Any]) -> str:
    """Return the explorer page of an article or entity IRI NewsKG minted, else ``""``."""
    base = str(how["base"])
    if not iri.startswith(base):
        return ""
    segment = iri[len(base) :].split("/", 1)[0]
    if segment == "article":
        return f"{how['article']}?{urlencode({'iri': iri})}"
    if segment in how["entities"]:
        return f"{how['entity']}?{urlencode({'iri': iri})}"
    return ""


def _run(query: str) -> Outcome:
    """Run ``query`` in a query worker, as ``/sparql`` would; errors become a message."""
    try:
        refuse_fetching(query)
        answer = newskg.pool.run(
            QueryJob(text=query, formats={"results": "json", "graph": "turtle"})
        )
    except (BusyError, QueryTimeoutError, QueryError) as e:
        return Outcome(error=str(e))
    if answer.error in ("QueryError", "ResultTooLargeError"):
        return Outcome(error=answer.message)
    if answer.error is not None:
        current_app.logger.error("cannot answer the query page: %s", answer.message)
        return Outcome(error="internal error while answering the query; see the server log")
    if answer.kind == "graph":
        return Outcome(graph=answer.body.decode("utf-8"))
    data = json.loads(answer.body)
    if "boolean" in data:
        return Outcome(boolean=bool(data["boolean"]))
    names = data["head"].get("vars", [])
    bindings = data["results"]["bindings"]
    how = links()
    rows = []
    for binding in bindings[:ROW_LIMIT]:
        row = []
        for name in names:
            term = binding.get(name)
            if term is None:
                row.append({"text": ""})
            elif term["type"] == "uri":
                iri = term["value"]
                row.append({"text": shorten(iri), "iri": iri, "href": page_link(iri, how)})
            elif term["type"] == "bnode":
                row.append({"text": "_:" + term["value"]})
            else:
                row.append({"text": term["value"]})
        rows.append(row)
    return Outcome(vars=names, rows=rows, more=max(0, len(bindings) - ROW_LIMIT))


@bp.post("/")
def run() -> str:
    """Answer the page's form when it is posted without JavaScript: the page with a results table."""
    query = request.form.get("query", "")
    return render_template(
        "index.html",
        query=query,
        chosen=None,
        examples=examples(),
        examples_json={"default": EXAMPLE_QUERY, "examples": [asdict(e) for e in examples()]},
        prefixes=PREFIXES,
        links=links(),
        outcome=_run(query) if query.strip() else Outcome(error="no query given"),
    )


@bp.get("/")
def index() -> str:
    """Render the query page, pre-filled with an example query (``?example=ID`` picks one)."""
    chosen = request.args.get("example", "")
    by_id = {e.id: e for e in examples()}
    if chosen and chosen not in by_id:
        abort(404, description=f"no example is called {chosen!r}; pick one from the list on /")
    example = by_id.get(chosen)
    return render_template(
        "index.html",
        query=example.query if example else EXAMPLE_QUERY,
        chosen=example,
        examples=examples(),
        examples_json={"default": EXAMPLE_QUERY, "examples": [asdict(e) for e in examples()]},
        prefixes=PREFIXES,
        links=links(),
    )
