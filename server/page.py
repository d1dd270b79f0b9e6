"""The query page at ``/``: a SPARQL editor, the cookbook's examples to pick from, a results table.

The page is a plain form first: the textarea is submitted to ``/sparql`` and an
example is picked with ``/?example=ID``, so it works without JavaScript. When
its scripts load, ``static/query.js`` runs queries in place and shows a table,
and turns the textarea into a CodeMirror editor with SPARQL highlighting
(``static/vendor/``, bundled from ``web/`` by ``make vendor``; nothing is fetched
from elsewhere).
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources

from flask import Blueprint, abort, render_template, request

from kg.vocab import PREFIXES

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
    )
