"""Read SPARQL text the way the SPARQL grammar's lexer does, to refuse what NewsKG never runs.

``SERVICE`` (federated query) and ``LOAD`` make the query engine fetch a URL for
the caller: on a public endpoint, that turns the server against its own
network (issue 10). A regular expression over the raw text misses spellings the
grammar allows (``SERVICE<http://...>``, ``SERVICE#comment`` and a line break,
``\\u`` escapes); this module tokenizes instead: comments, string literals and
IRI references are recognised first, left to right, as the SPARQL lexer does,
and what remains is split into words. A word that reads ``SERVICE`` or ``LOAD``
(in any case) and is not part of a variable, a prefixed name or a language tag
is the keyword, wherever it sits (nested groups, sub-queries, updates).

The scan errs on the side of refusing: comments and short strings end at any
line break, and the text is scanned twice, as written and with its ``\\u``
escapes expanded (SPARQL 1.1 section 19.2 processes them before parsing; some
engines only inside strings and IRIs), so a keyword is found whichever reading
an engine takes.

>>> forbidden_keywords("SELECT * { SERVICE<http://127.0.0.1/x> { ?s ?p ?o } }")
['SERVICE']
>>> forbidden_keywords('SELECT ?service { ?s <http://ex/SERVICE> "LOAD" }')
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

#: Keywords whose evaluation fetches a URL.
FETCHING = ("SERVICE", "LOAD")

# Line breaks end comments and short strings here even where an engine might not
# (Python's str.splitlines set): ending them early only shows more text to the scan.
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

_LEXEME = re.compile(
    rf"""
    (?P<comment>\#[^{_BREAKS}]*)
  | (?P<string>
        \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\{_BREAKS}]|\\[^{_BREAKS}])*"
      | '(?:[^'\\{_BREAKS}]|\\[^{_BREAKS}])*'
    )
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<word>[^\W]+)
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_ESCAPE = re.compile(_UCHAR)


@dataclass(frozen=True)
class Token:
    """One lexeme: its kind (comment, string, iri, word, space, other), text and offset."""

    kind: str
    text: str
    start: int

    @property
    def keyword(self) -> str | None:
        """Return the upper-case keyword this word would be, or None for a non-word."""
        return self.text.casefold().upper() if self.kind == "word" else None


def expand_escapes(text: str) -> str:
    """Replace ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes by their characters (SPARQL 1.1, 19.2).

    >>> expand_escapes("SERVI\\\\u0043E")
    'SERVICE'
    """

    def char(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group()[2:], 16))
        except (ValueError, OverflowError):
            return m.group()

    return _ESCAPE.sub(char, text)


def tokens(text: str) -> Iterator[Token]:
    """Yield the lexemes of ``text`` in order; every character belongs to one of them."""
    for m in _LEXEME.finditer(text):
        kind = m.lastgroup
        assert kind is not None
        yield Token(kind, m.group(), m.start())


def keywords(text: str, *, strict: bool = False) -> Iterator[Token]:
    """Yield the words of ``text`` that stand alone: neither a variable, a prefixed name nor a tag.

    A word right after ``?``/``$`` is a variable name, after ``:`` the local part of
    a prefixed name, after ``@`` a language tag, and a word followed by ``:`` is a
    prefix; every other word is a keyword (or ``a``, ``true``, ``false``). With
    ``strict``, words followed by ``:`` are kept too: a parser may read
    ``SERVICE:x`` as the keyword and the prefixed name ``:x``.
    """
    items = list(tokens(text))
    for i, tok in enumerate(items):
        if tok.kind != "word":
            continue
        before = items[i - 1].text[-1:] if i else ""
        after = items[i + 1].text[:1] if i + 1 < len(items) else ""
        if before in ("?", "$", ":", "@") or (after == ":" and not strict):
            continue
        yield tok


def forbidden_keywords(text: str) -> list[str]:
    """Return the fetching keywords (``SERVICE``, ``LOAD``) used in a query or update, in order.

    The text is read both as written and with its ``\\u`` escapes expanded.
    """
    # Fast path (the endpoint runs this on every request, issue 15): a keyword is a
    # word whose casefold().upper() is SERVICE or LOAD, and both mappings work code
    # point by code point, so that word's letters show in the mapped whole text;
    # without a backslash there is no escape to expand either.
    if "\\" not in text:
        mapped = text.casefold().upper()
        if not any(word in mapped for word in FETCHING):
            return []
    return scan_forbidden(text)


def scan_forbidden(text: str) -> list[str]:
    """Return what :func:`forbidden_keywords` does, always by the full scan (no fast path)."""
    found: list[str] = []
    for variant in {text, expand_escapes(text)}:
        for tok in keywords(variant, strict=True):
            if tok.keyword in FETCHING and tok.keyword not in found:
                found.append(tok.keyword)
    return found


def query_form(text: str) -> str | None:
    """Return the form of a query (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``) or None for an update."""
    for tok in keywords(text):
        if tok.keyword in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return tok.keyword
        if tok.keyword not in ("BASE", "PREFIX"):
            return None
    return None


def where_positions(text: str) -> tuple[list[int], bool]:
    """Find where ``USING`` clauses go in an update: before each top-level ``WHERE`` of a DELETE/INSERT.

    Returns the offsets of those ``WHERE`` keywords (``DELETE WHERE`` shorthand
    excluded: it takes no ``USING``) and whether the update already has a
    ``USING`` or ``WITH`` clause of its own.
    """
    positions: list[int] = []
    has_dataset = False
    depth = 0
    last = ""  # the previous significant lexeme, upper-cased
    for tok in tokens(text):
        if tok.kind in ("space", "comment"):
            continue
        if tok.kind == "other" and tok.text in "{}":
            depth = depth + 1 if tok.text == "{" else max(depth - 1, 0)
        elif tok.kind == "word" and depth == 0:
            word = tok.text.upper()
            if word in ("USING", "WITH"):
                has_dataset = True
            if word == "WHERE" and last != "DELETE":
                positions.append(tok.start)
        last = tok.text.upper()
    return positions, has_dataset
