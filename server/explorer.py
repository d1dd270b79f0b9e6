"""The explorer pages: ``/entity``, ``/article`` and ``/search`` (issue 12 point 4).

Pages a reader follows by links: an entity with its names, roles and facts
(each with its evidence sentence, the extracted span in ``<mark>``), an
article with its facts in text order, and a search over names. Every query
runs in the worker processes of :mod:`.workers`, like ``/sparql``, so a page
is bounded by ``query_timeout``. Values reach the templates as text (Jinja
autoescapes them) and IRIs reach links through ``url_for`` (url-encoded).

The store keeps each fact's evidence sentence and its offsets in the article,
not the article text nor the offsets of the extracted span inside the sentence
(:mod:`kg.mapping`), so the span is found again in the sentence by its words.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound, ServiceUnavailable

from kg.errors import BusyError, QueryTimeoutError, StoreError
from kg.vocab import NK

from .extension import newskg
from .workers import QueryJob

bp = Blueprint("explorer", __name__)

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"

#: The most results a search shows.
SEARCH_LIMIT = 50
#: The longest search text taken.
MAX_QUERY_CHARS = 200
#: The most facts one page shows (the most connected seeds entity has 27).
FACT_LIMIT = 500
#: The least distance between two points of a timeline, in per cent of its width.
TIMELINE_GAP = 2.0
#: What an IRI given as ``?iri=`` may contain (SPARQL's IRIREF), so it can be put in a query.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]*")

PREFIXES = f"""\
PREFIX nk: <{NK}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <{PROV}>
PREFIX dcterms: <{DCTERMS}>
"""

#: The relation each fact-graph predicate stands for, with how it reads on a page.
RELATIONS = {
    str(NK.said): "said",
    str(NK.signedOn): "signed",
    str(NK.transferredTo): "transferred",
}
RELATION_TITLES = {
    "said": "Said",
    "signed": "Signed",
    "transferred": "Transferred",
    "planned": "Planned transfers",
}
#: The other entities a fact links, by how a page names their part.
LINK_NAMES = {
    str(NK.party): "party",
    str(NK.broker): "broker",
    str(NK.relayedBy): "relayed by",
    str(NK.transferredFrom): "from",
    str(NK.underAgreement): "under",
}
#: A fact's terms (dates it sets, parts kept back), by how a page names them.
TERM_NAMES = {
    str(NK.takesEffectOn): "takes effect",
    str(NK.deadline): "deadline",
    str(NK.exception): "except",
}
#: Where each relation keeps its date.
DATE_PREDICATES = (str(NK.saidOn), str(NK.signedOn), str(NK.onDate))


@dataclass
class Fact:
    """One fact graph as a page shows it."""

    iri: str
    relation: str = ""
    subject: str = ""
    object: str = ""
    claim: str = ""
    date: str = ""
    date_expression: str = ""
    evidence: str = ""
    evidence_start: int = 0
    cue: str = ""
    confidence: str = ""
    independent: str = ""
    supporting: str = ""
    planned: bool = False
    articles: list[str] = field(default_factory=list)
    #: other entities the fact names, as (part, IRI): parties, brokers, relays, ...
    others: list[tuple[str, str]] = field(default_factory=list)
    #: its terms, as (name, value): when it takes effect, deadlines, exceptions
    terms: list[tuple[str, str]] = field(default_factory=list)
    #: the evidence cut into (text, marked) pieces
    pieces: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def group(self) -> str:
        """Return the page section the fact belongs to."""
        return "planned" if self.relation == "transferred" and self.planned else self.relation


def select(query: str) -> list[dict[str, str]]:
    """Run a SELECT in a query worker and return its rows as plain strings.

    Raises:
        ServiceUnavailable: Every worker is busy, or the query ran past ``query_timeout``.
        InternalServerError: The store could not answer (logged).
    """
    pool = newskg.pool
    try:
        answer = pool.run(QueryJob(text=PREFIXES + query, formats={"results": "json"}))
    except BusyError as e:
        raise ServiceUnavailable(str(e), retry_after=pool.retry_after) from e
    except QueryTimeoutError as e:
        raise ServiceUnavailable(str(e)) from e
    except StoreError as e:
        current_app.logger.error("explorer query failed: %s", e)
        raise InternalServerError() from e
    if answer.error is not None:
        current_app.logger.error("explorer query failed: %s: %s", answer.error, answer.message)
        raise InternalServerError()
    bindings = json.loads(answer.body)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def string_literal(text: str) -> str:
    """Return ``text`` as a SPARQL string literal.

    >>> string_literal('say "hi"\\n')
    '"say \\\\"hi\\\\"\\\\n"'
    """
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def mark_spans(text: str, spans: list[str]) -> list[tuple[str, bool]]:
    """Cut ``text`` into pieces, marking where each of ``spans`` is found.

    A span is found by its words, whatever the spacing between them; a claim
    joined from several quotes ("A," he said, "B.") is marked part by part.

    >>> mark_spans("He said peace will come soon.", ["peace will come"])
    [('He said ', False), ('peace will come', True), (' soon.', False)]
    """
    marked: list[tuple[int, int]] = []
    for span in spans:
        words = span.split()
        at = 0
        while words:
            # the longest run of the span's next words found from ``at`` on
            for n in range(len(words), 0, -1):
                pattern = _phrase(words[:n])
                m = re.compile(pattern).search(text, at) or re.compile(pattern, re.I).search(
                    text, at
                )
                if m and m.end() > m.start():
                    marked.append((m.start(), m.end()))
                    at = m.end()
                    words = words[n:]
                    break
            else:
                words = words[1:]  # a word the sentence does not hold: skip it
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for start, end in sorted(marked):
        start = max(start, pos)
        if end <= start:
            continue
        if start > pos:
            pieces.append((text[pos:start], False))
        pieces.append((text[start:end], True))
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


@dataclass
class Span:
    """A piece of an article's text: plain, or marked as (part of) the facts that cover it."""

    text: str
    #: the anchors (``fact-…``) of the facts whose extracted span covers this piece, first by start
    facts: list[str] = field(default_factory=list)
    #: the facts whose first marked piece this is (as ``span-…``), so each fact can link back to it
    starts: list[str] = field(default_factory=list)


@bp.app_template_global()
def fact_anchor(iri: str) -> str:
    """Return the page anchor of a fact: ``fact-`` and the last part of its IRI.

    >>> fact_anchor("https://w3id.org/newskg/id/fact/9f2c")
    'fact-9f2c'
    """
    return "fact-" + iri.rsplit("/", 1)[-1]


def article_spans(text: str, marks: list[tuple[int, int, str]]) -> list[Span]:
    """Cut an article's ``text`` into pieces, marking each ``(start, end, anchor)`` range.

    Ranges may overlap (one sentence holds a signing and a transfer): a piece
    covered by several lists them all, the earliest starting first.

    >>> [(s.text, s.facts) for s in article_spans("ab cd ef", [(3, 5, "fact-1")])]
    [('ab ', []), ('cd', ['fact-1']), (' ef', [])]
    """
    marks = sorted((max(0, a), min(len(text), b), f) for a, b, f in marks if a < b)
    cuts = sorted({0, len(text)} | {a for a, _, _ in marks} | {b for _, b, _ in marks})
    seen: set[str] = set()
    spans: list[Span] = []
    for start, end in itertools.pairwise(cuts):
        covering = list(dict.fromkeys(f for a, b, f in marks if a <= start and end <= b))
        starts = [f for f in covering if f not in seen]
        seen.update(covering)
        if spans and spans[-1].facts == covering and not starts:
            spans[-1].text += text[start:end]
        else:
            spans.append(Span(text[start:end], covering, ["span-" + f[5:] for f in starts]))
    return spans


def _marks_in_article(facts: list[Fact], text: str) -> list[tuple[int, int, str]]:
    """Return the article offsets of each fact's marked pieces, where its evidence is at its offsets."""
    marks = []
    for f in facts:
        start = f.evidence_start
        if not f.evidence or text[start : start + len(f.evidence)] != f.evidence:
            continue  # the text changed since the fact was read: list it, but mark nothing
        at = start
        for piece, marked in f.pieces:
            if marked:
                marks.append((at, at + len(piece), fact_anchor(f.iri)))
            at += len(piece)
    return marks


@dataclass
class TimelinePoint:
    """The facts of one date on an entity's timeline, at ``x`` per cent of its width."""

    date: str
    x: float
    #: each fact with whether the date is its own (else its article's publication date)
    facts: list[tuple[Fact, bool]] = field(default_factory=list)


def _day(value: str) -> date | None:
    """Return the first day of an ISO date, month or year (``2020-11-09``, ``2020-11``, ``2020``)."""
    m = re.match(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def timeline(
    facts: list[Fact], published: dict[str, str]
) -> tuple[list[TimelinePoint], list[tuple[float, str]]]:
    """Lay ``facts`` out on a time axis: points (one per date) and labelled ticks.

    A fact sits at its own date when it has one, else at the publication date of
    the article it was read from (``published``: article IRI -> date); one with
    neither is left out. Points closer than :data:`TIMELINE_GAP` per cent are
    pushed apart, in order, so each stays a target of its own.
    """
    dated: dict[str, list[tuple[Fact, bool]]] = defaultdict(list)
    days: dict[str, date] = {}
    for f in facts:
        when = f.date or (published.get(f.articles[0], "") if f.articles else "")
        day = _day(when)
        if day is not None:
            dated[when].append((f, bool(f.date)))
            days[when] = day
    if not dated:
        return [], []
    first, last = min(days.values()), max(days.values())
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return 3 + 94 * (day - first).days / span if last != first else 50.0

    points = [
        TimelinePoint(d, x(days[d]), dated[d]) for d in sorted(dated, key=lambda d: (days[d], d))
    ]
    for before, point in itertools.pairwise(points):
        point.x = max(point.x, before.x + TIMELINE_GAP)
    if points[-1].x > 97 and len(points) > 1:  # pushed past the end: squeeze back into the axis
        lo, hi = points[0].x, points[-1].x
        for point in points:
            point.x = lo + (point.x - lo) * (97 - lo) / (hi - lo)
    ticks: list[tuple[float, str]] = []
    if last != first:
        years = last.year - first.year
        if years >= 3:
            step = max(1, (years + 9) // 10)
            ticks = [(x(date(y, 1, 1)), str(y)) for y in range(first.year + 1, last.year + 1, step)]
        else:
            months = (last.year - first.year) * 12 + last.month - first.month
            step = max(1, (months + 11) // 12)
            for n in range(1, months + 1, step):
                y, m = divmod(first.month - 1 + n, 12)
                tick = date(first.year + y, m + 1, 1)
                ticks.append((x(tick), tick.strftime("%b %Y")))
    return points, ticks


def _iri_arg() -> str:
    iri = request.args.get("iri", "").strip()
    if not iri:
        raise NotFound("no entity or article given: add ?iri=... to the address")
    if not _IRI.fullmatch(iri):
        raise NotFound(f"not an IRI: {iri}")
    return iri


def _values(iris: set[str] | list[str]) -> str:
    return " ".join(f"<{i}>" for i in sorted(iris) if _IRI.fullmatch(i))


def _facts(graphs: list[str]) -> list[Fact]:
    """Read each fact graph of ``graphs`` with its provenance and support."""
    if not graphs:
        return []
    values = _values(graphs)
    facts = {g: Fact(g) for g in graphs}
    inside = select(
        f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    # ?in is bound for what entity resolution added (a copy's article stating the fact too)
    about = select(
        f"""SELECT ?g ?p ?o ?in WHERE {{ VALUES ?g {{ {values} }} ?g ?p ?o
          OPTIONAL {{ GRAPH ?in {{ ?g ?p ?o }} }} }}"""
    )
    for row in inside:
        f, p, s, o = facts[row["g"]], row["p"], row["s"], row["o"]
        if p in RELATIONS:
            f.relation = RELATIONS[p]
            f.subject = s
            # a claim is shown as the marked span, a date as the fact's date
            f.object = o if p == str(NK.transferredTo) else ""
        if p in DATE_PREDICATES:
            f.date = o
        elif p == str(NK.text):
            f.claim = o
        elif p in LINK_NAMES:
            f.others.append((LINK_NAMES[p], o))
        elif p in TERM_NAMES:
            f.terms.append((TERM_NAMES[p], o))
    for row in about:
        f, p, o = facts[row["g"]], row["p"], row["o"]
        if p == str(NK.evidenceText):
            f.evidence = o
        elif p == str(NK.evidenceStart):
            f.evidence_start = int(o)
        elif p == PROV + "wasDerivedFrom":
            # the article the fact was read from (its offsets are into that text) comes first
            f.articles.insert(len(f.articles) if "in" in row else 0, o)
        elif p == str(NK.cue):
            f.cue = o
        elif p == str(NK.confidence):
            f.confidence = o
        elif p == str(NK.independentReports):
            f.independent = o
        elif p == str(NK.supportingArticles):
            f.supporting = o
        elif p == str(NK.planned):
            f.planned = o == "true"
        elif p == str(NK.dateExpression):
            f.date_expression = o
        elif p == str(NK.onDate):
            f.date = o
        elif p in LINK_NAMES:
            f.others.append((LINK_NAMES[p], o))
        elif p in TERM_NAMES:
            f.terms.append((TERM_NAMES[p], o))
    for f in facts.values():
        f.others = sorted(set(f.others))
        f.terms = sorted(set(f.terms))
    return list(facts.values())


def _holds(text: str, name: str) -> bool:
    """Tell whether ``text`` holds ``name`` whole, whatever its case and spacing."""
    words = name.split()
    return bool(words) and re.search(_phrase(words), text, re.I) is not None


def _phrase(words: list[str]) -> str:
    """Return a pattern for ``words`` with any spacing, not starting or ending inside a word."""
    pattern = r"\s*".join(re.escape(w) for w in words)
    if words[0][0].isalnum():
        pattern = r"\b" + pattern
    if words[-1][-1].isalnum():
        pattern += r"\b"
    return pattern


def _mark(f: Fact, labels: dict[str, str]) -> None:
    """Cut the fact's evidence into pieces, marking what was extracted from it.

    A claim is marked word for word; for a signing or a transfer, the names of
    what it links (when the sentence holds them whole) and its date expression.
    """
    if f.relation == "said":
        spans = [f.claim]
    else:
        names = [labels.get(f.subject, ""), labels.get(f.object, "")]
        spans = [n for n in names if n and _holds(f.evidence, n)] + [f.date_expression]
    f.pieces = mark_spans(f.evidence, [s for s in spans if s])


def _labels(iris: set[str]) -> dict[str, str]:
    if not iris:
        return {}
    rows = select(f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {_values(iris)} }} ?x rdfs:label ?l }}")
    labels: dict[str, str] = {}
    for row in rows:
        labels.setdefault(row["x"], row["l"])
    return labels


def _articles(iris: set[str]) -> dict[str, dict[str, str]]:
    if not iris:
        return {}
    rows = select(
        f"""SELECT ?a ?title ?issued ?source WHERE {{ VALUES ?a {{ {_values(iris)} }}
          OPTIONAL {{ ?a dcterms:title ?title }} OPTIONAL {{ ?a dcterms:issued ?issued }}
          OPTIONAL {{ ?a dcterms:source ?source }} }}"""
    )
    return {row["a"]: row for row in rows}


def _context(facts: list[Fact]) -> dict[str, object]:
    """Return the labels and article descriptions ``facts`` refer to; mark their evidence."""
    entities = (
        {f.subject for f in facts}
        | {f.object for f in facts}
        | {iri for f in facts for _, iri in f.others}
    )
    entities.discard("")
    articles = {a for f in facts for a in f.articles}
    labels = _labels(entities)
    for f in facts:
        _mark(f, labels)
    return {"labels": labels, "articles": _articles(articles)}


@bp.get("/entity")
def entity() -> str:
    """Show one entity: its names, roles, facts by relation with evidence, and a timeline."""
    iri = _iri_arg()
    about = select(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}")
    if not about:
        raise NotFound(f"nothing is known about {iri}")
    props: dict[str, list[str]] = defaultdict(list)
    for row in about:
        props[row["p"]].append(row["o"])
    if str(NK.Article) in props[RDF_TYPE]:
        raise NotFound(f"{iri} is an article: see its article page")
    cluster = select(
        f"""SELECT ?m ?label WHERE {{ <{iri}> nk:canonical ?c . ?m nk:canonical ?c .
          OPTIONAL {{ ?m rdfs:label ?label }} }} ORDER BY ?m"""
    )
    members = {row["m"] for row in cluster} | {iri}
    found = select(
        f"""SELECT DISTINCT ?g WHERE {{ VALUES ?e {{ {_values(members)} }}
          GRAPH ?g {{ {{ ?e ?p ?o }} UNION {{ ?s ?p ?e }} }} ?g a nk:Fact }} LIMIT {FACT_LIMIT}"""
    )
    facts = _facts([row["g"] for row in found])
    context = _context(facts)
    articles: dict[str, dict[str, str]] = context["articles"]  # type: ignore[assignment]

    def when(f: Fact) -> tuple[str, str, int]:
        published = min((articles.get(a, {}).get("issued", "") for a in f.articles), default="")
        return (f.date or published, f.relation, f.evidence_start)

    facts.sort(key=when)
    groups: dict[str, list[Fact]] = {}
    for name in RELATION_TITLES:
        chosen = [f for f in facts if f.group == name]
        if chosen:
            groups[name] = chosen
    roles = select(
        f"""SELECT DISTINCT ?title ?seen ?article WHERE {{ VALUES ?e {{ {_values(members)} }}
          ?r a nk:RoleMention ; nk:holder ?e ; nk:title ?title ; prov:wasDerivedFrom ?article .
          OPTIONAL {{ ?r nk:seenOn ?seen }} }} ORDER BY ?seen ?title"""
    )
    role_articles = _articles({row["article"] for row in roles})
    # one line per title and day, with every article that gave it (a copy gives it again)
    seen_in: dict[tuple[str, str], list[str]] = {}
    for row in roles:
        seen_in.setdefault((row["title"], row.get("seen", "")), []).append(row["article"])
    points, ticks = timeline(facts, {a: d.get("issued", "") for a, d in articles.items()})
    label = (props.get(RDFS_LABEL) or [iri])[0]
    names = sorted(
        set(
            props.get(RDFS_LABEL, [])
            + props.get(SKOS_ALT, [])
            + [r.get("label", "") for r in cluster]
        )
        - {label, ""}
    )
    return render_template(
        "entity.html",
        iri=iri,
        label=label,
        names=names,
        types=[t.rsplit("#", 1)[-1] for t in props.get(RDF_TYPE, [])],
        titles=sorted(set(props.get(str(NK.role), []))),
        canonical=(props.get(str(NK.canonical)) or [iri])[0],
        # the same place in outside datasets (GeoNames), linked, never fetched
        same_as=sorted(
            o
            for o in props.get(OWL_SAME_AS, [])
            if o.startswith(("https://", "http://")) and not o.startswith(newskg.base_iri)
        ),
        members=sorted(m for m in members if m != iri),
        roles=[
            {"title": title, "seen": seen, "articles": sorted(set(a))}
            for (title, seen), a in seen_in.items()
        ],
        role_articles=role_articles,
        groups=groups,
        relation_titles=RELATION_TITLES,
        points=points,
        ticks=ticks,
        stack=max((len(p.facts) for p in points), default=0),
        **context,
    )


@bp.get("/article")
def article() -> str:
    """Show one article: its title, source, date, copies, and its facts in text order."""
    iri = _iri_arg()
    described = _articles({iri}).get(iri)
    is_article = select(f"SELECT ?t WHERE {{ <{iri}> a nk:Article BIND(1 AS ?t) }}")
    if not is_article or described is None:
        raise NotFound(f"no article is known as {iri}")
    copies = select(
        f"""SELECT ?other ?dir ?title WHERE {{
          {{ <{iri}> nk:duplicateOf ?other BIND("original" AS ?dir) }}
          UNION {{ ?other nk:duplicateOf <{iri}> BIND("copy" AS ?dir) }}
          OPTIONAL {{ ?other dcterms:title ?title }} }} ORDER BY ?dir ?other"""
    )
    # the facts read from this article: not those a copy states, which resolution links
    found = select(
        f"""SELECT ?g WHERE {{ ?g prov:wasDerivedFrom <{iri}> ; a nk:Fact
          FILTER NOT EXISTS {{ GRAPH ?in {{ ?g prov:wasDerivedFrom <{iri}> }} }} }}
          LIMIT {FACT_LIMIT}"""
    )
    facts = _facts([row["g"] for row in found])
    facts.sort(key=lambda f: (f.evidence_start, f.relation, f.iri))
    context = _context(facts)
    more = select(
        f"""SELECT ?p ?o WHERE {{ <{iri}> ?p ?o
          VALUES ?p {{ nk:content dcterms:publisher nk:dateline nk:issuedInferred nk:issuedBasis
                       nk:issuedConfidence }} }}"""
    )
    about = {row["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]: row["o"] for row in more}
    text = about.pop("content", None)
    marks = _marks_in_article(facts, text) if text is not None else []
    spans = article_spans(text, marks) if text is not None else None
    return render_template(
        "article.html",
        iri=iri,
        article=described,
        about=about,
        copies=copies,
        facts=facts,
        spans=spans,
        marked={anchor for _, _, anchor in marks},
        relation_titles=RELATION_TITLES,
        **context,
    )


@bp.get("/search")
def search() -> str:
    """Find entities whose label or alternative name holds the text, case-insensitively.

    Only NewsKG's own (typed) entity nodes are listed, each resolved entity once.
    """
    q = " ".join(request.args.get("q", "").split())[:MAX_QUERY_CHARS]
    results: list[dict[str, object]] = []
    more = False
    if q:
        rows = select(
            f"""SELECT ?e (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?name; SEPARATOR="\\n") AS ?names)
              (SAMPLE(?t) AS ?type) WHERE {{
              ?e rdfs:label|skos:altLabel ?name .
              FILTER(CONTAINS(LCASE(STR(?name)), {string_literal(q.lower())}))
              ?e a ?t .
              FILTER NOT EXISTS {{ ?e a nk:Extractor }}
              # one result per resolved entity: its canonical node holds the others' names
              FILTER NOT EXISTS {{ ?e nk:canonical ?c FILTER(?c != ?e) }}
              OPTIONAL {{ ?e rdfs:label ?l }}
            }} GROUP BY ?e ORDER BY LCASE(STR(?label)) ?e LIMIT {SEARCH_LIMIT + 1}"""
        )
        more = len(rows) > SEARCH_LIMIT
        for row in rows[:SEARCH_LIMIT]:
            label = row.get("label") or row["e"]
            matched = sorted(set(row.get("names", "").split("\n")) - {label, ""})
            kind = row.get("type", "").rsplit("#", 1)[-1]
            results.append({"iri": row["e"], "label": label, "matched": matched, "type": kind})
    return render_template("search.html", q=q, results=results, more=more, limit=SEARCH_LIMIT)


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Answer the browser's icon request with no content, so no page logs a 404."""
    return Response(status=204)


@bp.errorhandler(HTTPException)
def html_error(error: HTTPException) -> Response:
    """Answer an error on an explorer page with a small HTML page and a plain message."""
    if isinstance(error, InternalServerError):
        message = "internal error while answering the request; see the server log"
    else:
        message = error.description or error.name
    body = render_template("error.html", code=error.code, name=error.name, message=message)
    response = Response(body, status=error.code or 500, content_type="text/html; charset=utf-8")
    for name, value in error.get_headers():
        if name.lower() == "retry-after":
            response.headers[name] = value
    return response


__all__ = [
    "article_spans",
    "bp",
    "fact_anchor",
    "mark_spans",
    "select",
    "string_literal",
    "timeline",
]
