"""Find quoted stretches of text: paired double quote marks, curly, straight or mixed.

News text mixes curly (“ ”) and straight (") marks, sometimes in one pair
(“ ... "), and copy-paste damage leaves marks unbalanced. Quotes never cross a
paragraph (a multi-paragraph quote repeats its opening mark and is read as one
quote per paragraph), so marks are paired within each line; an opening mark
without a partner is dropped and never raises.

>>> [q.inner(t) for t in ['He said “no,” twice.'] for q in find_quotes(t)]
['no,']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = frozenset("“„«")
CLOSERS = frozenset("”»")
AMBIGUOUS = frozenset('"')
_MARKS = re.compile('[“”„«»"]')
_SPACE_BEFORE = frozenset(" \t\n([{—–-/")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quote: marks at ``start`` and ``end - 1``; the words lie in ``[start + 1, end - 1)``."""

    start: int
    end: int

    @property
    def inner_start(self) -> int:
        """Return the offset of the first character inside the marks."""
        return self.start + 1

    @property
    def inner_end(self) -> int:
        """Return the offset just past the last character inside the marks."""
        return self.end - 1

    def inner(self, text: str) -> str:
        """Return the quoted words as written (without the marks)."""
        return text[self.inner_start : self.inner_end]


def _role(text: str, i: int) -> str:
    """Return "open" or "close" for the mark at ``i``."""
    ch = text[i]
    if ch in OPENERS:
        return "open"
    if ch in CLOSERS:
        return "close"
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in _SPACE_BEFORE and not after.isspace():
        return "open"
    if after.isspace() or after in ",.;:!?)]—–-" or not before.isspace():
        return "close"
    return "open"


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """Return the quotes in ``text[start:end]``, in order, with offsets into ``text``.

    Marks are paired within each line: an opening mark is closed by the next
    closing mark; a second opening mark before any close replaces the first
    (the first was stray). A closing mark with no opener is ignored.
    """
    end = len(text) if end is None else end
    quotes: list[Quote] = []
    open_at: int | None = None
    line_start = start
    for m in _MARKS.finditer(text, start, end):
        i = m.start()
        if "\n" in text[line_start:i]:
            open_at = None
        line_start = i
        role = _role(text, i)
        if role == "open":
            open_at = i
        elif open_at is not None:
            if i > open_at + 1:
                quotes.append(Quote(open_at, i + 1))
            open_at = None
    return quotes


def strip_marks(text: str) -> str:
    """Return ``text`` without double quote marks, spaces tidied.

    >>> strip_marks('not excluded, “if there are signals.”')
    'not excluded, if there are signals.'
    """
    return re.sub(r"\s{2,}", " ", _MARKS.sub("", text)).strip()
