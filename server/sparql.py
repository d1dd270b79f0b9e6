"""The SPARQL 1.1 Protocol endpoint (read-only) at ``/sparql``, and ``/health``.

Queries come as ``GET /sparql?query=...``, as a form POST (``query=...``) or
as a direct POST with ``Content-Type: application/sparql-query``
(https://www.w3.org/TR/sparql11-protocol/#query-operation). The default graph
is the union of all graphs, so provenance patterns match wherever the triples
are stored. Results are negotiated by ``Accept`` or chosen with ``format=``.

Every operation runs in a worker process of :mod:`.workers`, killed when it
runs past ``query_timeout`` (503); when every worker is busy the answer is 503
with ``Retry-After``. The one exception is a GET query of a single triple
pattern with a small result, whose work is bounded by the size of its answer:
it is answered in the request's thread (:meth:`FastQueries._answer_here`). ``SERVICE`` and ``LOAD`` are refused (400) however they
are spelled (:mod:`kg.sparqlguard`).

SPARQL 1.1 Update (form ``update=`` or ``application/sparql-update``) is
accepted only when the ``update_token`` setting is set and the request carries
``Authorization: Bearer <token>`` (401 without it, 403 with a wrong one), and
only on graphs NewsKG does not derive from articles (403 otherwise, see
:mod:`.updates`).

Every error is a plain-text body with a 4xx/5xx status, never a traceback.
"""

from __future__ import annotations

import functools
import hmac
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import parse_qsl

from flask import Blueprint, Flask, Response, current_app, request
from werkzeug.datastructures import MIMEAccept, MultiDict, WWWAuthenticate
from werkzeug.exceptions import (
    BadRequest,
    Forbidden,
    HTTPException,
    InternalServerError,
    MethodNotAllowed,
    NotAcceptable,
    RequestEntityTooLarge,
    ServiceUnavailable,
    Unauthorized,
    UnsupportedMediaType,
)
from werkzeug.http import HTTP_STATUS_CODES, parse_accept_header
from werkzeug.wsgi import get_current_url

from kg.errors import BusyError, KGError, QueryError, QueryTimeoutError, ResultTooLargeError
from kg.remote import RemoteStore
from kg.sparqlguard import where_positions
from kg.store import Store, refuse_fetching

from .extension import EXTENSION_KEY, POOL_KEY, newskg
from .workers import Answer, QueryJob, QueryPool, UpdateJob

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
DEFAULT_GRAPH = "default-graph-uri"
NAMED_GRAPH = "named-graph-uri"
USING_GRAPH = "using-graph-uri"
USING_NAMED_GRAPH = "using-named-graph-uri"

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
    "this endpoint is read-only: SPARQL Update is not accepted unless the server is "
    "started with an update token (--update-token / NEWSKG_UPDATE_TOKEN); "
    "change the store with `newskg ingest`"
)
HOW_TO_UPDATE = (
    "send it as update=... in an application/x-www-form-urlencoded POST, or as the body "
    "of a POST with Content-Type: application/sparql-update"
)
#: What an IRI given in a protocol parameter may contain (the IRIREF of SPARQL).
_IRI = re.compile(r"[^<>\"{}|^`\\\x00-\x20]+")


@dataclass
class Operation:
    """One SPARQL operation read from a request, with its protocol dataset."""

    text: str
    update: bool = False
    default_graphs: list[str] = field(default_factory=list)  # default- or using-graph-uri
    named_graphs: list[str] = field(default_factory=list)  # named- or using-named-graph-uri


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """Answer one SPARQL query or (authenticated) update per the SPARQL 1.1 Protocol."""
    op = _read_operation()
    try:
        refuse_fetching(op.text)
    except QueryError as e:
        raise BadRequest(str(e)) from e
    if op.update:
        return _update(op)
    formats: dict[str, str | None] = {}
    refusals: dict[str, HTTPException] = {}
    for kind in ("results", "graph"):
        try:
            formats[kind] = _choose_format(kind)
        except HTTPException as e:
            formats[kind] = None
            refusals[kind] = e
    dataset = bool(op.default_graphs or op.named_graphs)
    log.debug("query: %s", op.text)
    # Relative IRIs resolve against the endpoint's URL, which the protocol
    # allows as the service's base (W3C test update_base_uri).
    answer = _run(
        QueryJob(
            text=op.text,
            base_iri=request.base_url,
            default_graphs=tuple(op.default_graphs) if dataset else None,
            named_graphs=tuple(op.named_graphs) if dataset else None,
            formats=formats,
        )
    )
    if answer.fmt is None:
        raise refusals[answer.kind]
    response = Response(answer.body, content_type=CONTENT_TYPES[answer.fmt])
    response.vary.add("Accept")
    return response


class BoundedBodies:
    """Refuse a streamed request body past ``MAX_CONTENT_LENGTH`` with 413; never cut it short.

    A WSGI middleware of the standalone app. werkzeug checks ``Content-Length``
    against the limit, but a body sent without one (``Transfer-Encoding:
    chunked``) it reads up to the limit and then stops, silently: the app saw
    the first ``max_request_bytes`` of an update and ran them. waitress
    buffers such a body and gives its length, granian streams it (its
    ``wsgi.input_terminated``); so here a streamed body is read up to one byte
    past the limit, refused when it is longer, else handed on with its length,
    as under waitress.
    """

    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        limit = self.app.config.get("MAX_CONTENT_LENGTH")
        if (
            limit is not None
            and not environ.get("CONTENT_LENGTH")
            and environ.get("wsgi.input_terminated")
        ):
            stream = environ["wsgi.input"]
            parts: list[bytes] = []
            size = 0
            while size <= limit:
                part = stream.read(limit + 1 - size)
                if not part:
                    break
                parts.append(part)
                size += len(part)
            if size > limit:
                error = too_large(limit)
                status, headers, body = plain_error(error, environ.get("REQUEST_METHOD", ""))
                headers += [("Content-Length", str(len(body))), ("Connection", "close")]
                headers.append(("Access-Control-Allow-Origin", "*"))
                start_response(f"{status} {HTTP_STATUS_CODES[status]}", headers)
                return [body]
            environ["wsgi.input"] = io.BytesIO(b"".join(parts))
            environ["CONTENT_LENGTH"] = str(size)
        return self.wsgi_app(environ, start_response)


def too_large(limit: int | None) -> RequestEntityTooLarge:
    """Return the 413 of a request body larger than ``max_request_bytes``."""
    return RequestEntityTooLarge(
        f"the request body is larger than max_request_bytes ({limit} bytes); send a "
        "shorter query, or load large data with `newskg ingest`"
    )


class FastQueries:
    """Answer plain ``GET /sparql`` queries without Flask's request machinery (issue 15).

    A WSGI middleware of the standalone app (``app.wsgi_app = FastQueries(app,
    app.wsgi_app)``). Flask's request context, routing and response objects
    cost several times what a label lookup costs the engine, so a query sent
    by GET with nothing but ``query``, ``default-graph-uri``,
    ``named-graph-uri`` and ``format`` is answered here, by the same functions
    as :func:`sparql`: the same SERVICE/LOAD guard, format negotiation, worker
    pool (``query_timeout``, 503 when busy) and plain-text errors, with the
    same headers. Every other request, and any such request out of the
    ordinary (an update, a refused or empty query, a repeated parameter, a
    configured ``SERVER_NAME`` or ``TRUSTED_HOSTS``), goes to the Flask app,
    which answers it the long way. A SELECT of one triple pattern without a
    protocol dataset skips the worker too, when its answer is small
    (:meth:`_answer_here`).
    """

    PARAMS = frozenset({"query", DEFAULT_GRAPH, NAMED_GRAPH, "format"})

    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        job = None
        if (
            environ.get("PATH_INFO") == "/sparql"
            and environ.get("REQUEST_METHOD") == "GET"
            and not environ.get("SCRIPT_NAME")
            and not self.app.config.get("SERVER_NAME")
            and not self.app.config.get("TRUSTED_HOSTS")
        ):
            try:
                job, refusals = self._read(environ)
            except Exception:  # whatever it is, the long way answers it as it always did
                log.debug("fast path declined a request", exc_info=True)
                job = None
        if job is None:
            return self.wsgi_app(environ, start_response)
        try:
            try:
                answer = self._answer_here(job) or run_job(
                    self.app.extensions[POOL_KEY], job, self.app.logger
                )
                if answer.fmt is None:
                    raise refusals[answer.kind]
            except HTTPException as e:
                status, headers, body = plain_error(e, "GET")
            else:
                status, body = 200, answer.body
                headers = [("Content-Type", CONTENT_TYPES[answer.fmt]), ("Vary", "Accept")]
        except Exception:  # never a traceback to the client, as Flask's own 500
            self.app.logger.exception("cannot answer the request")
            status, headers, body = plain_error(InternalServerError(), "GET")
        headers.append(("Content-Length", str(len(body))))
        headers.append(("Access-Control-Allow-Origin", "*"))
        start_response(f"{status} {HTTP_STATUS_CODES.get(status, '')}".rstrip(), headers)
        return [body]

    def _answer_here(self, job: QueryJob) -> Answer | None:
        """Answer a single-triple-pattern SELECT in this thread; None to send it to a worker.

        Handing a query to a worker process and back costs several times what a
        lookup such as ``SELECT ?e WHERE { ?e rdfs:label "..." }`` costs the
        engine (issue 15). Such a query cannot run away: it is one triple
        pattern with no variable repeated, so Oxigraph reads it as one index
        scan in which every entry read is a solution written (nothing is
        joined, sorted, grouped or skipped), and writing stops at
        :data:`INLINE_MAX_BYTES`. Its work is bounded by that many bytes of
        output, whatever the store or the query, so ``query_timeout`` has
        nothing to stop. A result larger than ``max_result_bytes`` is refused
        here exactly as a worker refuses it (400, the same message); anything
        else (a result larger than the inline bound, and any error) goes to a
        query worker, which answers it as before.

        Raises:
            BadRequest: The result is larger than ``max_result_bytes``.
        """
        store = self.app.extensions.get(EXTENSION_KEY)
        fmt = job.formats.get("results")
        if (
            fmt is None
            or job.default_graphs is not None
            or job.named_graphs is not None
            or not isinstance(store, Store)
            or isinstance(store, RemoteStore)  # over HTTP: the worker's timeout applies
            or not is_single_pattern(job.text)
        ):
            return None
        # the configured cap holds here as in a worker: below the inline bound, a
        # larger answer is refused with the worker's own message
        cap = self.app.extensions[POOL_KEY].max_result_bytes
        capped = cap is not None and cap <= INLINE_MAX_BYTES
        try:
            result = store.query(job.text, base_iri=job.base_iri)
            if result.kind != "select":
                return None
            body = result.serialize(fmt, max_bytes=cap if capped else INLINE_MAX_BYTES)
        except ResultTooLargeError as e:
            if capped:
                raise BadRequest(str(e)) from e
            return None  # larger than the inline bound: a worker writes it, capped
        except Exception:  # odd: the worker answers it the long way
            log.debug("a single-pattern query goes to a worker", exc_info=True)
            return None
        return Answer(kind="results", fmt=fmt, body=body)

    def _read(self, environ: WSGIEnvironment) -> tuple[QueryJob | None, dict[str, HTTPException]]:
        """Return the job of a plain query and its refused formats; None to let Flask answer."""
        refusals: dict[str, HTTPException] = {}
        try:
            # as werkzeug reads ``request.args``
            pairs = parse_qsl(
                environ.get("QUERY_STRING", "").encode("latin1").decode(),
                keep_blank_values=True,
                errors="werkzeug.url_quote",
            )
        except UnicodeError:
            return None, refusals
        text = override = None
        default_graphs: list[str] = []
        named_graphs: list[str] = []
        for name, value in pairs:
            if name not in self.PARAMS:
                return None, refusals
            if name == "query":
                if text is not None:
                    return None, refusals
                text = value
            elif name == DEFAULT_GRAPH:
                default_graphs.append(value)
            elif name == NAMED_GRAPH:
                named_graphs.append(value)
            elif override is None:
                override = value
        if text is None or not text.strip():
            return None, refusals
        try:
            refuse_fetching(text)
        except QueryError:
            return None, refusals
        accept = environ.get("HTTP_ACCEPT", "")
        formats: dict[str, str | None] = {}
        for kind in ("results", "graph"):
            try:
                formats[kind] = choose_format(kind, override or "", accept)
            except HTTPException as e:
                formats[kind] = None
                refusals[kind] = e
        dataset = bool(default_graphs or named_graphs)
        log.debug("query: %s", text)
        job = QueryJob(
            text=text,
            base_iri=_base_url(
                environ["wsgi.url_scheme"],
                environ.get("HTTP_HOST"),
                environ.get("SERVER_NAME"),
                environ.get("SERVER_PORT"),
            ),
            default_graphs=tuple(default_graphs) if dataset else None,
            named_graphs=tuple(named_graphs) if dataset else None,
            formats=formats,
        )
        return job, refusals


#: The most a query answered without a worker may write (see FastQueries._answer_here).
INLINE_MAX_BYTES = 64 * 1024

_VAR = r"[?$][A-Za-z_][A-Za-z0-9_]*"
_IRIREF = r'<[^<>"{}|^`\\\x00-\x20]*>'
_PNAME = r"[A-Za-z][A-Za-z0-9_-]*:[A-Za-z0-9_-]*"  # a prefixed name (no dots)
#: a variable, IRI, prefixed name, or plain, tagged or typed literal without escapes
_TERM = rf'(?:{_VAR}|{_IRIREF}|{_PNAME}|"[^"\\\n\r]*"(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:{_IRIREF}|{_PNAME}))?)'
#: ``SELECT ?a ?b|* [WHERE] { s p o [.] }`` and nothing else: no DISTINCT, FILTER,
#: OPTIONAL, ORDER, OFFSET, comment or escape (the text has no backslash).
_SINGLE_PATTERN = re.compile(
    rf"\s*SELECT\s+(?:\*|(?:{_VAR}\s*)+)\s*(?:WHERE\s*)?\{{\s*"
    rf"(?P<s>{_TERM})\s+(?P<p>{_TERM}|a)\s+(?P<o>{_TERM})\s*\.?\s*\}}\s*",
    re.IGNORECASE,
)


def is_single_pattern(text: str) -> bool:
    """Tell whether ``text`` is a SELECT of one triple pattern whose variables all differ.

    >>> is_single_pattern('SELECT ?e WHERE { ?e rdfs:label "Kyiv" }')
    True
    >>> is_single_pattern("SELECT ?x WHERE { ?x ?x ?o }")  # a filter on a scan
    False
    """
    match = _SINGLE_PATTERN.fullmatch(text)
    if match is None:
        return False
    names = [term[1:] for term in match.group("s", "p", "o") if term[:1] in ("?", "$")]
    return len(names) == len(set(names))


@functools.lru_cache(maxsize=64)
def _base_url(scheme: str, host: str | None, name: str | None, port: str | None) -> str:
    """Return ``request.base_url`` of a ``GET /sparql`` as werkzeug computes it (cached)."""
    environ = {"wsgi.url_scheme": scheme, "PATH_INFO": "/sparql", "SCRIPT_NAME": ""}
    for key, value in (("HTTP_HOST", host), ("SERVER_NAME", name), ("SERVER_PORT", port)):
        if value is not None:
            environ[key] = value
    return get_current_url(environ, strip_querystring=True)


@bp.get("/health")
def health() -> dict[str, object]:
    """Report that the store can be read, with its size and the query workers running."""
    store = newskg.store
    store.refresh()
    pool = newskg.pool
    return {
        "status": "ok",
        "quads": len(store),
        "graphs": store.graph_count(),
        "workers": pool.alive(),
        "busy_workers": pool.busy,
        "stopped_queries": pool.killed,
    }


def _update(op: Operation) -> Response:
    text = _with_using(op.text, op.default_graphs, op.named_graphs)
    answer = _run(
        UpdateJob(
            text=text,
            base_iri=request.base_url,
            protected_base=newskg.base_iri,
        )
    )
    if answer.error == "Forbidden":
        raise Forbidden(answer.message)
    log.info("update applied (%d characters)", len(text))
    newskg.store.refresh(min_interval=0)
    return Response(status=204)


def _run(job: QueryJob | UpdateJob) -> Answer:
    """Run ``job`` in a worker of the current app; see :func:`run_job`."""
    return run_job(newskg.pool, job, current_app.logger)


def run_job(pool: QueryPool, job: QueryJob | UpdateJob, logger: logging.Logger) -> Answer:
    """Run ``job`` in a worker of ``pool``; turn its failures into HTTP errors with one-line messages."""
    try:
        answer = pool.run(job)
    except BusyError as e:
        raise ServiceUnavailable(str(e), retry_after=pool.retry_after) from e
    except QueryTimeoutError as e:
        raise ServiceUnavailable(str(e)) from e
    message = _without_store_location(answer.message, pool)
    if answer.error == "QueryTimeoutError":  # a remote store that did not answer in time
        raise ServiceUnavailable(message)
    if answer.error in ("QueryError", "ResultTooLargeError"):
        raise BadRequest(message)
    if answer.error == "BusyError" or (
        answer.error == "StoreError" and "being written" in answer.message
    ):
        raise ServiceUnavailable(message, retry_after=pool.retry_after)
    if answer.error is not None and answer.error != "Forbidden":
        logger.error("cannot answer the request: %s", answer.message)
        raise InternalServerError()
    return answer


def _without_store_location(message: str, pool: QueryPool) -> str:
    """Return ``message`` with the store's directory or URL left out: "the store" says enough.

    The store's messages name it for the operator (``the store /srv/kg is being
    written``, ``the store at http://10.0.0.5:7878/query refused the query``);
    a client learns nothing it needs from the server's paths or internal addresses.
    """
    places = [pool.store_path, str(pool.store_options.get("update_endpoint") or "")]
    if "://" not in pool.store_path:
        path = Path(pool.store_path)
        places += [str(path), str(path.expanduser().resolve())]
    for place in sorted({p for p in places if p}, key=len, reverse=True):
        message = message.replace(f"the store at {place}", "the store")
        message = message.replace(f"the store {place}", "the store").replace(place, "the store")
    return message


def _read_operation() -> Operation:
    """Return the operation of the request and its protocol dataset, or raise a 4xx."""
    if request.method == "GET":
        if "update" in request.args:
            raise BadRequest(f"SPARQL Update cannot be sent with GET; {HOW_TO_UPDATE}")
        return Operation(
            _one(request.args, "query"),
            default_graphs=request.args.getlist(DEFAULT_GRAPH),
            named_graphs=request.args.getlist(NAMED_GRAPH),
        )
    mimetype = request.mimetype
    is_update = mimetype == UPDATE_BODY or (mimetype == FORM and "update" in request.form)
    if is_update:
        _authorize()
    if mimetype not in (FORM, QUERY_BODY, UPDATE_BODY):
        sent = f"Content-Type {mimetype}" if mimetype else "no Content-Type"
        raise UnsupportedMediaType(
            f"a POST with {sent} is not a SPARQL operation; {HOW_TO_QUERY}; for updates, "
            f"{HOW_TO_UPDATE}"
        )
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"the operation must be sent in UTF-8, not charset={charset}")
    if mimetype == FORM:
        form = request.form
        if is_update:
            if "query" in form:
                raise BadRequest("send either query= or update=, not both")
            return Operation(
                _one(form, "update"),
                update=True,
                default_graphs=form.getlist(USING_GRAPH) + request.args.getlist(USING_GRAPH),
                named_graphs=form.getlist(USING_NAMED_GRAPH)
                + request.args.getlist(USING_NAMED_GRAPH),
            )
        return Operation(
            _one(form, "query"),
            default_graphs=form.getlist(DEFAULT_GRAPH) + request.args.getlist(DEFAULT_GRAPH),
            named_graphs=form.getlist(NAMED_GRAPH) + request.args.getlist(NAMED_GRAPH),
        )
    name = "update" if is_update else "query"
    if name in request.args:
        raise BadRequest(f"a direct POST carries the {name} in its body; do not also send ?{name}=")
    try:
        text = request.get_data().decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadRequest(f"the {name} is not valid UTF-8 (byte {e.start})") from e
    if not text.strip():
        raise BadRequest(f"the POST body is empty; {HOW_TO_UPDATE if is_update else HOW_TO_QUERY}")
    if is_update:
        return Operation(
            text,
            update=True,
            default_graphs=request.args.getlist(USING_GRAPH),
            named_graphs=request.args.getlist(USING_NAMED_GRAPH),
        )
    return Operation(
        text,
        default_graphs=request.args.getlist(DEFAULT_GRAPH),
        named_graphs=request.args.getlist(NAMED_GRAPH),
    )


def _authorize() -> None:
    """Let an update through only with ``Authorization: Bearer <update_token>``."""
    token = current_app.config.get("UPDATE_TOKEN")
    if token is None or str(token) == "":
        raise Forbidden(READ_ONLY)
    scheme, _, given = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise Unauthorized(
            "SPARQL Update needs the header Authorization: Bearer <update token>",
            www_authenticate=WWWAuthenticate("bearer", {"realm": "newskg"}),
        )
    # constant-time comparison: the time taken tells nothing about the token
    if not hmac.compare_digest(given.strip().encode("utf-8"), str(token).encode("utf-8")):
        raise Forbidden("the update token is wrong")


def _with_using(text: str, using: list[str], using_named: list[str]) -> str:
    """Give every DELETE/INSERT ... WHERE of ``text`` the protocol's USING (NAMED) clauses."""
    if not using and not using_named:
        return text
    for iri in using + using_named:
        if not _IRI.fullmatch(iri):
            raise BadRequest(f"not a graph IRI: {iri!r}")
    positions, has_dataset = where_positions(text)
    if has_dataset:
        raise BadRequest(
            "give the update's dataset either with using-graph-uri/using-named-graph-uri "
            "or with USING/WITH in the update, not both (SPARQL 1.1 Protocol 2.2.3)"
        )
    clause = "".join(f"USING <{g}> " for g in using) + "".join(
        f"USING NAMED <{g}> " for g in using_named
    )
    for at in reversed(positions):
        text = text[:at] + clause + text[at:]
    return text


def _one(params: MultiDict[str, str], name: str) -> str:
    values = params.getlist(name)
    how = HOW_TO_UPDATE if name == "update" else HOW_TO_QUERY
    if len(values) > 1:
        raise BadRequest(f"give one {name} per request, not {len(values)}")
    if not values or not values[0].strip():
        raise BadRequest(f"no {name}; {how}")
    return values[0]


def _choose_format(kind: Kind) -> str:
    """Return the short format name for the current request; see :func:`choose_format`."""
    override = request.args.get("format") or ""
    if not override.strip() and request.method == "POST" and request.mimetype == FORM:
        override = request.form.get("format", "")
    return choose_format(kind, override, request.headers.get("Accept", ""))


def choose_format(kind: Kind, override: str, accept: str) -> str:
    """Return the short format name: ``override`` (``format=``) if given, else the best of ``accept``.

    Raises:
        BadRequest: ``format=`` names no format of this kind of result.
        NotAcceptable: ``Accept`` takes no format of this kind of result.
    """
    override = override.strip()
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
    # only short headers are cached, so that odd ones cannot fill the memory
    fmt = _negotiate(kind, accept) if len(accept) <= 512 else _negotiate.__wrapped__(kind, accept)
    if fmt is None:
        raise NotAcceptable(
            f"cannot answer this query as {accept}; accepted: {', '.join(MEDIA_TYPES[kind])}"
        )
    return fmt


@functools.lru_cache(maxsize=256)
def _negotiate(kind: Kind, accept: str) -> str | None:
    """Return the format the ``Accept`` header prefers for ``kind``, None if it takes none.

    Cached: clients send the same few headers again and again, and parsing one
    is a noticeable share of a cheap query's time (issue 15).
    """
    offered = MEDIA_TYPES[kind]
    header = parse_accept_header(accept, MIMEAccept)
    if not header:
        return next(iter(offered.values()))
    best = header.best_match(list(offered))
    return None if best is None else offered[best]


@bp.after_request
def allow_cross_origin(response: Response) -> Response:
    """Let web apps on other origins call the endpoint (no credentials needed)."""
    # Web apps on other origins call public SPARQL endpoints (as with Fuseki
    # and Oxigraph); the endpoint is read-only and needs no credentials.
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Authorization, Content-Type"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


@bp.errorhandler(HTTPException)
def plain_http_error(error: HTTPException) -> Response:
    """Answer an HTTP error with a plain-text message, never a traceback."""
    if isinstance(error, RequestEntityTooLarge):
        error = too_large(current_app.config.get("MAX_CONTENT_LENGTH"))
    status, headers, body = plain_error(error, request.method)
    return Response(body, status=status, headers=headers)


def plain_error(error: HTTPException, method: str) -> tuple[int, list[tuple[str, str]], bytes]:
    """Return the status, headers and plain-text body that answer ``error``."""
    if isinstance(error, InternalServerError):
        # An unhandled exception: Flask has logged its traceback; the client
        # gets a plain message only.
        message = INTERNAL_ERROR
    elif isinstance(error, MethodNotAllowed) and error.valid_methods:
        message = f"{method} is not allowed here; use {', '.join(sorted(error.valid_methods))}"
    else:
        message = one_line(error.description or error.name)
    headers = [("Content-Type", "text/plain; charset=utf-8")]
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers.append(("Allow", ", ".join(error.valid_methods)))
    # keep what the error says besides its body: WWW-Authenticate (401), Retry-After (503)
    for name, value in error.get_headers():
        if name.lower() in ("www-authenticate", "retry-after"):
            headers.append((name, value))
    return error.code or 500, headers, f"{message}\n".encode()


@bp.errorhandler(KGError)
def plain_kg_error(error: KGError) -> Response:
    """Answer a NewsKG error: 400 for a bad query, 503 when busy or too slow, else 500 (logged).

    A 500's message stays in the log: it may name the store's path or the
    internal address of a remote store, which are nobody else's business.
    """
    status = 500
    if isinstance(error, BusyError | QueryTimeoutError):
        status = 503
    elif isinstance(error, QueryError):
        status = 400
    if status == 500:
        current_app.logger.error("cannot answer the request: %s", error)
        message = INTERNAL_ERROR
    else:
        message = one_line(str(error))
    return Response(f"{message}\n", status=status, content_type="text/plain; charset=utf-8")


#: The body of every 500: what went wrong is in the server's log only.
INTERNAL_ERROR = "internal error while answering the request; see the server log"

#: Every line break of :meth:`str.splitlines`, with the whitespace around it.
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+\s*")


def one_line(message: str) -> str:
    """Return ``message`` as one line: line breaks (a client's value may hold some) become spaces.

    >>> one_line("format=foo\\nbar cannot be used\\n")
    'format=foo bar cannot be used'
    """
    return _LINE_BREAKS.sub(" ", message).strip()
