"""Small helpers shared by the extractors: fact sentences, evidence, dependency-tree walks."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from kg.article import FACT_ZONES
from kg.nlp import sentence_zone
from kg.records import Evidence, TimeExpr

#: Dependency labels of a verb that is a clause of its own, not a modifier ("Russia-brokered").
_CLAUSE_DEPS = frozenset(
    {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "pcomp", "csubj", "parataxis"}
)


#: Words before a date that make it the start or end of a span, never the date of an event.
_SPAN_START = re.compile(r"\b(?:since|until|till)\s+$", re.IGNORECASE)


class _Memo(threading.local):
    """What the extractors ask of the document in hand, worked out once for it.

    Every extractor reads the same ``Doc`` in turn, and ``Doc.text`` joins all its
    tokens again on every call; this keeps the last document's answers, one per
    thread (the analysis of one article is never interleaved with another's).
    """

    doc: Doc | None = None
    text: str = ""
    fact_sentences: list[tuple[int, int]] | None = None

    def of(self, doc: Doc) -> _Memo:
        if self.doc is not doc:
            self.doc, self.text, self.fact_sentences = doc, doc.text, None
        return self


_memo = _Memo()


def text_of(doc: Doc) -> str:
    """Return ``doc.text``, joined once per document."""
    return _memo.of(doc).text


def fact_sentences(doc: Doc) -> Iterator[Span]:
    """Yield the sentences of ``doc`` that lie in a zone extractors read."""
    memo = _memo.of(doc)
    if memo.fact_sentences is None:
        memo.fact_sentences = [
            (sent.start, sent.end)
            for sent in doc.sents
            if sent.text.strip() and sentence_zone(doc, sent.start_char) in FACT_ZONES
        ]
    for start, end in memo.fact_sentences:
        yield doc[start:end]


def evidence(sent: Span) -> Evidence:
    """Return the sentence, trimmed of surrounding white space, as Evidence."""
    text = sent.text
    lead = len(text) - len(text.lstrip())
    trimmed = text.strip()
    start = sent.start_char + lead
    return Evidence(trimmed, start, start + len(trimmed))


def is_clause_head(token: Token) -> bool:
    """Tell whether a token heads a clause (a verb that is not a mere modifier)."""
    return token.pos_ in {"VERB", "AUX"} and token.dep_ in _CLAUSE_DEPS


def governor(token: Token, stops: set[int]) -> Token | None:
    """Walk up from ``token`` to the first clause head or token in ``stops``."""
    tok = token
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.i in stops or is_clause_head(tok):
            return tok
    return tok if tok.i in stops or is_clause_head(tok) else None


def times_in(sent: Span) -> list[tuple[TimeExpr, Span]]:
    """Return the TimeExprs of ``doc._.times`` inside ``sent`` with their token spans.

    "18 years ago today" is one date: the day of the publication that many years
    back (the resolver gives the year and the day apart).
    """
    doc = sent.doc
    exprs = [e for e in doc._.times or [] if sent.start_char <= e.start and e.end <= sent.end_char]
    exprs = _anniversaries(doc.text, sorted(exprs, key=lambda e: e.start))
    found = []
    for expr in exprs:
        span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
        if span is not None:
            found.append((expr, span))
    return found


_YEARS_AGO = re.compile(r"\byears?\s+ago$", re.IGNORECASE)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _anniversaries(text: str, exprs: list[TimeExpr]) -> list[TimeExpr]:
    """Join "N years ago" (a year) and "today" right after it (a day) into that day N years back."""
    out: list[TimeExpr] = []
    for expr in exprs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and _YEARS_AGO.search(prev.text)
            and re.fullmatch(r"\d{4}", prev.value)
            and expr.text.lower() in {"today", "this day"}
            and _DAY.match(expr.value)
            and not text[prev.end : expr.start].strip()
        ):
            out[-1] = replace(
                prev,
                text=text[prev.start : expr.end],
                end=expr.end,
                value=prev.value + expr.value[4:],
            )
            continue
        out.append(expr)
    return out


def span_roots(span: Span) -> list[Token]:
    """Return the tokens of ``span`` whose head lies outside it."""
    return [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]


def attached_times(
    sent: Span, anchors: set[int], *, fallback: bool = True
) -> list[tuple[TimeExpr, bool]]:
    """Return the times of ``sent`` governed by one of ``anchors`` (token indices).

    Each time comes with True when the dependency tree attaches it to an anchor,
    False when it is only taken as the sole time of the sentence (the parser
    often misattaches "on Friday morning").
    """
    times = times_in(sent)
    attached = []
    for expr, span in times:
        for root in span_roots(span):
            gov = governor(root, anchors)
            if gov is not None and gov.i in anchors:
                attached.append((expr, True))
                break
    if attached or not fallback:
        return attached
    if len(times) == 1 and not _SPAN_START.search(
        text_of(sent.doc)[max(0, times[0][0].start - 8) : times[0][0].start]
    ):
        return [(times[0][0], False)]
    return []
