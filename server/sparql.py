"""The SPARQL 1.1 Protocol endpoint (read-only) at ``/sparql``, and ``/health``.

Queries come as ``GET /sparql?query=...``, as a form POST (``query=...``) or
as a direct POST with ``Content-Type: application/sparql-query``
(https://www.w3.org/TR/sparql11-protocol/#query-operation). The default graph
is the union of all graphs, so provenance patterns match wherever the triples
are stored. Results are negotiated by ``Accept`` or chosen with ``format=``.
Updates are refused with 403: the store changes only through ``newskg ingest``.

Every error is a plain-text body with a 4xx/5xx status, never a traceback.
"""

from __future__ import annotations

import logging
from typing import Literal

from flask import Blueprint, Response, current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import (
    BadRequest,
    Forbidden,
    HTTPException,
    InternalServerError,
    MethodNotAllowed,
    NotAcceptable,
    UnsupportedMediaType,
)

from kg.errors import KGError, QueryError
from kg.store import QueryResult, Store

from .extension import newskg

log = logging.getLogger(__name__)

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
DEFAULT_GRAPH = "default-graph-uri"
NAMED_GRAPH = "named-graph-uri"

Kind = Literal["results", "graph"]

#: Media types each kind of result can be written in, by preference (the first
#: is the default), mapped to the short format names of :mod:`kg.store`.
MEDIA_TYPES: dict[Kind, dict[str, str]] = {
    "results": {
        "application/sparql-results+json": "json",
        "application/sparql-results+xml": "xml",
        "text/csv": "csv",
        "text/tab-separated-values": "tsv",
        "application/json": "json",
        "application/xml": "xml",
        "text/xml": "xml",
    },
    "graph": {
        "text/turtle": "turtle",
        "application/n-triples": "ntriples",
        "application/rdf+xml": "rdfxml",
        "application/ld+json": "jsonld",
        "application/x-turtle": "turtle",
        "text/n3": "turtle",
        "text/plain": "ntriples",
        "application/json": "jsonld",
        "application/xml": "rdfxml",
    },
}

#: The media type each short format name is sent as.
CONTENT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples; charset=utf-8",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}

#: ``format=`` values by result kind. Clients such as SPARQLWrapper send one
#: name (``json``, ``xml``) for every kind of query, so a name means the
#: natural format of the result: ``xml`` is RDF/XML for a CONSTRUCT.
FORMAT_NAMES: dict[Kind, dict[str, str]] = {
    "results": {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"},
    "graph": {
        "turtle": "turtle",
        "ttl": "turtle",
        "n3": "turtle",
        "ntriples": "ntriples",
        "n-triples": "ntriples",
        "nt": "ntriples",
        "rdfxml": "rdfxml",
        "rdf+xml": "rdfxml",
        "rdf": "rdfxml",
        "xml": "rdfxml",
        "jsonld": "jsonld",
        "json-ld": "jsonld",
        "json": "jsonld",
    },
}

HOW_TO_QUERY = (
    "send it as ?query=... (GET), as query=... in an application/x-www-form-urlencoded "
    "POST, or as the body of a POST with Content-Type: application/sparql-query"
)
READ_ONLY = (
    "this endpoint is read-only: SPARQL Update is not accepted; "
    "change the store with `newskg ingest`"
)


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """Answer one SPARQL query per the SPARQL 1.1 Protocol."""
    text, default_graphs, named_graphs = _read_operation()
    result = _run(newskg.store, text, default_graphs, named_graphs)
    kind: Kind = "graph" if result.kind == "graph" else "results"
    fmt = _choose_format(kind)
    body = result.serialize(fmt)
    response = Response(body, content_type=CONTENT_TYPES[fmt])
    response.vary.add("Accept")
    return response


@bp.get("/health")
def health() -> dict[str, object]:
    """Report that the store can be read, with its size."""
    store = newskg.store
    store.refresh()
    return {"status": "ok", "quads": len(store), "graphs": store.graph_count()}


def _read_operation() -> tuple[str, list[str], list[str]]:
    """Return the query text and the protocol dataset of the request, or raise a 4xx."""
    if request.method == "GET":
        _refuse_update(request.args)
        return (
            _one_query(request.args),
            request.args.getlist(DEFAULT_GRAPH),
            request.args.getlist(NAMED_GRAPH),
        )
    mimetype = request.mimetype
    if mimetype == UPDATE_BODY:
        raise Forbidden(READ_ONLY)
    if mimetype not in (FORM, QUERY_BODY):
        sent = f"Content-Type {mimetype}" if mimetype else "no Content-Type"
        raise UnsupportedMediaType(f"a POST with {sent} is not a SPARQL query; {HOW_TO_QUERY}")
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"the query must be sent in UTF-8, not charset={charset}")
    if mimetype == FORM:
        _refuse_update(request.form)
        return (
            _one_query(request.form),
            request.form.getlist(DEFAULT_GRAPH) + request.args.getlist(DEFAULT_GRAPH),
            request.form.getlist(NAMED_GRAPH) + request.args.getlist(NAMED_GRAPH),
        )
    if "query" in request.args:
        raise BadRequest("a direct POST carries the query in its body; do not also send ?query=")
    try:
        text = request.get_data().decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadRequest(f"the query is not valid UTF-8 (byte {e.start})") from e
    if not text.strip():
        raise BadRequest(f"the POST body is empty; {HOW_TO_QUERY}")
    return text, request.args.getlist(DEFAULT_GRAPH), request.args.getlist(NAMED_GRAPH)


def _refuse_update(params: MultiDict[str, str]) -> None:
    if "update" in params:
        raise Forbidden(READ_ONLY)


def _one_query(params: MultiDict[str, str]) -> str:
    queries = params.getlist("query")
    if len(queries) > 1:
        raise BadRequest(f"give one query per request, not {len(queries)}")
    if not queries or not queries[0].strip():
        raise BadRequest(f"no query; {HOW_TO_QUERY}")
    return queries[0]


def _run(
    store: Store, text: str, default_graphs: list[str], named_graphs: list[str]
) -> QueryResult:
    """Run the query, over the protocol dataset when the request names one."""
    log.debug("query: %s", text)
    # Relative IRIs resolve against the endpoint's URL, which the protocol
    # allows as the service's base (W3C test update_base_uri).
    if default_graphs or named_graphs:
        return store.query(
            text,
            base_iri=request.base_url,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
        )
    return store.query(text, base_iri=request.base_url)


def _choose_format(kind: Kind) -> str:
    """Return the short format name: ``format=`` if given, else the best match of ``Accept``."""
    override = request.values.get("format", "").strip()
    if override:
        fmt = FORMAT_NAMES[kind].get(override.lower()) or MEDIA_TYPES[kind].get(
            override.split(";")[0].strip().lower()
        )
        if fmt is None:
            raise BadRequest(
                f"format={override} cannot be used for this query; "
                f"use one of {', '.join(sorted(set(FORMAT_NAMES[kind])))}"
            )
        return fmt
    offered = MEDIA_TYPES[kind]
    if not request.accept_mimetypes:
        return next(iter(offered.values()))
    best = request.accept_mimetypes.best_match(list(offered))
    if best is None:
        raise NotAcceptable(
            f"cannot answer this query as {request.headers.get('Accept')}; "
            f"accepted: {', '.join(offered)}"
        )
    return offered[best]


@bp.after_request
def allow_cross_origin(response: Response) -> Response:
    """Let web apps on other origins call the endpoint (no credentials needed)."""
    # Web apps on other origins call public SPARQL endpoints (as with Fuseki
    # and Oxigraph); the endpoint is read-only and needs no credentials.
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


@bp.errorhandler(HTTPException)
def plain_http_error(error: HTTPException) -> Response:
    """Answer an HTTP error with a plain-text message, never a traceback."""
    if isinstance(error, InternalServerError):
        # An unhandled exception: Flask has logged its traceback; the client
        # gets a plain message only.
        message = "internal error while answering the request; see the server log"
    elif isinstance(error, MethodNotAllowed) and error.valid_methods:
        message = (
            f"{request.method} is not allowed here; use {', '.join(sorted(error.valid_methods))}"
        )
    else:
        message = error.description or error.name
    response = Response(
        f"{message}\n", status=error.code or 500, content_type="text/plain; charset=utf-8"
    )
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


@bp.errorhandler(KGError)
def plain_kg_error(error: KGError) -> Response:
    """Answer a NewsKG error: 400 for a bad query, 500 (logged) for a store failure."""
    status = 400 if isinstance(error, QueryError) else 500
    if status == 500:
        current_app.logger.error("cannot answer the request: %s", error)
    return Response(f"{error}\n", status=status, content_type="text/plain; charset=utf-8")
