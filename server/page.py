"""The query page at ``/``: a textarea, a Run button and a results table."""

from __future__ import annotations

from flask import Blueprint, render_template

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


@bp.get("/")
def index() -> str:
    """Render the query page, pre-filled with an example query."""
    return render_template("index.html", example=EXAMPLE_QUERY, prefixes=PREFIXES)
