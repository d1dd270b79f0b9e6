"""Find quoted stretches of text: paired double quote marks, curly, straight or mixed.

News text mixes curly (“ ”) and straight (") marks, sometimes in one pair
(“ ... "), and copy-paste damage leaves marks unbalanced. NYT-style text
writes ''doubled apostrophes''; other scripts use « » and „ “. Marks are paired
within each paragraph; an opening mark without a partner is dropped and never
raises. A quote running over several paragraphs repeats its opening mark at
each paragraph and closes only at the last: each paragraph is read as one
quote, flagged ``runs_on`` when the next one continues it.

>>> [q.inner(t) for t in ['He said “no,” twice.'] for q in find_quotes(t)]
['no,']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = frozenset(("“", "„", "«", "``"))
CLOSERS = frozenset(("”", "»"))
# ''straight'' marks and the doubled apostrophe of NYT-style text can open or close
_MARKS = re.compile("''|``|[“”„«»\"]")
_SPACE_BEFORE = frozenset(" \t\n([{—–-/")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quote ``text[start:end]``, marks included; the words lie in ``[inner_start, inner_end)``."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    #: True when the paragraph ended before a closing mark and the next paragraph
    #: opens with a quote mark: the news convention for a quote running on.
    runs_on: bool = False

    def inner(self, text: str) -> str:
        """Return the quoted words as written (without the marks)."""
        return text[self.inner_start : self.inner_end]


def _role(text: str, i: int, j: int) -> str:
    """Return "open" or "close" for the mark ``text[i:j]``."""
    mark = text[i:j]
    if mark in OPENERS:
        return "open"
    if mark in CLOSERS:
        return "close"
    before = text[i - 1] if i > 0 else " "
    after = text[j] if j < len(text) else " "
    if before in _SPACE_BEFORE and not after.isspace():
        return "open"
    if after.isspace() or after in ",.;:!?)]—–-" or not before.isspace():
        return "close"
    return "open"


def _turned_close(text: str, i: int, j: int) -> bool:
    """Tell whether an opening mark ``text[i:j]`` closes a quote: it follows a sentence's
    last stop with no space and ends its paragraph ("… worse.“\n")."""
    if text[i:j] != "“" or i == 0 or text[i - 1] not in ".!?,":
        return False
    line_end = text.find("\n", j)
    return not text[j : len(text) if line_end < 0 else line_end].strip()


def _soft_break(text: str, newline: int) -> bool:
    """Tell whether the line break at ``newline`` falls in mid-sentence.

    "… a limited effect on identifying supporters and getting them to participate
    personally\nin caucuses": no blank line, no sentence end before it, and the
    next line goes on in lower case.
    """
    before = text[:newline].rstrip(" \t")
    after = text[newline + 1 :].lstrip(" \t")
    return bool(before) and before[-1] not in ".!?:;\"”’'" and bool(after) and after[0].islower()


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """Return the quotes in ``text[start:end]``, in order, with offsets into ``text``.

    Marks are paired within each line: an opening mark is closed by the next
    closing mark; a second opening mark before any close replaces the first
    (the first was stray). A closing mark with no opener is ignored. A quote left
    open at the end of a paragraph whose next paragraph opens with a quote mark
    runs on (``runs_on``): it ends with its paragraph.
    """
    end = len(text) if end is None else end
    quotes: list[Quote] = []
    opened: tuple[int, int] | None = None  # (start, inner start) of the pending opening mark
    line_start = start
    for m in _MARKS.finditer(text, start, end):
        i, j = m.start(), m.end()
        newline = text.find("\n", line_start, i)
        if newline >= 0 and opened is not None and _soft_break(text, newline):
            newline = -1  # a line broken in mid-sentence: the quote goes on
        if newline >= 0:
            if opened is not None and _role(text, i, j) == "open" and not text[newline:i].strip():
                # “… end of paragraph / “next paragraph: the quote runs on
                inner_end = newline
                while inner_end > opened[1] and text[inner_end - 1].isspace():
                    inner_end -= 1
                if inner_end > opened[1]:
                    quotes.append(Quote(opened[0], inner_end, opened[1], inner_end, runs_on=True))
            opened = None
        line_start = i
        # German „…“ closes with the mark English opens with
        low_open = opened is not None and text[opened[0] : opened[1]] == "„"
        role = _role(text, i, j)
        if opened is not None and _turned_close(text, i, j):
            role = "close"  # “… will only get worse.“ at the paragraph's end: a turned mark
        if role == "open" and not (low_open and text[i:j] in '“"'):
            opened = (i, j)
        elif opened is not None:
            if i > opened[1]:
                quotes.append(Quote(opened[0], j, opened[1], i))
            opened = None
    return quotes


def strip_marks(text: str) -> str:
    """Return ``text`` without double quote marks, spaces tidied (apostrophes are kept).

    >>> strip_marks('not excluded, “if there are signals.”')
    'not excluded, if there are signals.'
    """
    return re.sub(r"\s{2,}", " ", _MARKS.sub("", text)).strip()
