"""The JSON shape of ``newskg extract`` (CONTRACT section 5)."""

from __future__ import annotations

from typing import Any

from kg.article import Article
from kg.iri import Minter
from kg.mapping import best_records
from kg.pipeline import Analysis
from kg.records import Mention, Record, Said, Signed, TimeExpr, Transferred


def _entity(m: Mention, minter: Minter, *, scope: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {
        "label": m.label,
        "iri": str(minter.entity(m.kind, m.label, scope=scope)),
        "type": m.kind,
    }
    aliases = [a for a in m.aliases if a != m.label]
    if aliases:
        out["aliases"] = aliases
    if m.role:
        out["role"] = m.role
    return out


def _time(t: TimeExpr) -> dict[str, Any]:
    return {"text": t.text, "start": t.start, "end": t.end, "value": t.value}


def fact_json(r: Record, minter: Minter, article_iri: str) -> dict[str, Any]:
    """Return one fact as a JSON-ready dict."""
    fact: dict[str, Any] = {"relation": r.relation}
    if isinstance(r, Said):
        unnamed = r.speaker.kind == "Unnamed"  # scoped to its article, as in the store
        fact["subject"] = _entity(r.speaker, minter, scope=article_iri if unnamed else "")
        fact["object"] = {
            "text": r.claim,
            "kind": r.kind,
            "start": r.claim_start,
            "end": r.claim_end,
        }
        if r.parts:  # a quote split by its attribution: where each verbatim piece lies
            fact["object"]["parts"] = [{"start": s, "end": e} for s, e in r.parts]
        fact["cue"] = r.cue
        if r.date:
            fact["date"] = r.date.value
        if r.relayed_by:
            fact["relayed_by"] = _entity(r.relayed_by, minter)
    elif isinstance(r, Signed):
        fact["subject"] = _entity(r.agreement, minter, scope=article_iri)
        fact["object"] = {"date": r.date.value, "text": r.date.text}
        fact["date"] = r.date.value
        fact["cue"] = r.cue
        if r.planned:  # a signing still to come: "date" is when it is planned for
            fact["planned"] = True
        if r.date_basis != "text":
            fact["date_basis"] = r.date_basis
        fact["parties"] = [_entity(p, minter) for p in r.parties]
        fact["brokers"] = [_entity(b, minter) for b in r.brokers]
        if r.effective:
            fact["takes_effect"] = _time(r.effective)
        if r.deadlines:
            fact["deadlines"] = [_time(d) for d in r.deadlines]
    elif isinstance(r, Transferred):
        fact["subject"] = _entity(r.territory, minter)
        fact["object"] = _entity(r.state, minter)
        fact["cue"] = r.cue
        fact["planned"] = r.planned
        if r.date:
            fact["date"] = r.date.value
        if r.from_party:
            fact["from"] = _entity(r.from_party, minter)
        if r.agreement:
            fact["agreement"] = _entity(r.agreement, minter, scope=article_iri)
        if r.exceptions:
            fact["exceptions"] = list(r.exceptions)
    fact["evidence"] = {"text": r.evidence.text, "start": r.evidence.start, "end": r.evidence.end}
    fact["confidence"] = round(r.confidence, 3)
    return fact


def article_json(analysis: Analysis, minter: Minter) -> dict[str, Any]:
    """Return one analysed article as the JSON object ``newskg extract`` prints."""
    a: Article = analysis.article
    article_iri = str(minter.article(a))
    out: dict[str, Any] = {
        "source": a.source,
        "iri": article_iri,
        "title": a.title,
        "published": a.published.value if a.published else None,
    }
    if a.published and a.published.inferred:
        out["published_inferred"] = {
            "basis": a.published.basis,
            "confidence": a.published.confidence,
        }
    if a.publisher:
        out["publisher"] = a.publisher
    out["facts"] = [fact_json(r, minter, article_iri) for r in best_records(analysis.records)]
    out["times"] = [_time(t) for t in analysis.times]
    return out
