"""The small records extractors yield.

Extractors (``kg.extract.*``) are pure functions over a spaCy ``Doc`` that yield
these records; they know nothing of RDF, IRIs or files. :mod:`kg.mapping` turns
records into quads. Every record carries character offsets into the article text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

EntityKind = Literal[
    "Person", "Organization", "State", "Territory", "Agreement", "Actor", "Unnamed"
]
ClaimKind = Literal["direct", "indirect", "mixed"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence a fact was read from and its offsets ``[start, end)`` in the article text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A date expression and its value normalized against the publication date.

    ``value`` is ISO 8601 at the precision the text gives: ``2020-11-21``, ``2020-11``,
    ``2020`` or an ISO week ``2020-W46`` (or TimeML's ``1989-Q3``, ``1998-SU``,
    ``2020-W47-WE``, and, only on request, ``PRESENT_REF`` and the like). ``anchored``
    is True when the value depends on the publication date (relative expressions,
    years taken from it).
    """

    text: str
    start: int
    end: int
    value: str
    anchored: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity as one article names it.

    ``label`` is the preferred name resolved within the article ("Ilham Aliyev"),
    ``aliases`` the other names seen for it ("Aliyev", "the president of Azerbaijan").
    ``start``/``end`` are the offsets of the mention the fact was read from.
    """

    label: str
    kind: EntityKind
    start: int
    end: int
    aliases: tuple[str, ...] = ()
    role: str | None = None  # a title seen with it: "President", "Foreign Minister"


@dataclass(frozen=True, slots=True)
class Said:
    """actor – said – claim."""

    relation: ClassVar[str] = "said"
    speaker: Mention
    claim: str  # a direct quote without its quote marks, or the reported clause
    claim_start: int
    claim_end: int
    kind: ClaimKind
    cue: str  # the speech verb or phrase: "said", "according to"
    evidence: Evidence
    confidence: float
    date: TimeExpr | None = None  # when it was said, if the text tells
    relayed_by: Mention | None = None  # "quoted by Azertac as saying"
    #: for a claim read in several pieces (“A,” he said, “B.”; "X, he said, Y"), the
    #: offsets of each piece; ``claim`` is those pieces of the text joined with one
    #: space. Empty when the claim is the one span ``text[claim_start:claim_end]``.
    parts: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Signed:
    """agreement – signed on – date."""

    relation: ClassVar[str] = "signed"
    agreement: Mention
    date: TimeExpr
    cue: str  # "signed", "reached", or "" when the date is attached to the agreement's name
    evidence: Evidence
    confidence: float
    parties: tuple[Mention, ...] = field(default=())
    brokers: tuple[Mention, ...] = field(default=())
    effective: TimeExpr | None = None  # when it takes (took) effect, if the article says
    deadlines: tuple[TimeExpr, ...] = field(default=())  # dates its terms must be met by
    #: where ``date`` comes from: "text" (a date the clause gives), "tense" (a present
    #: perfect or present signing with no date: the publication date), "story" (an
    #: undated past signing: the date of the story's dated signing)
    date_basis: Literal["text", "tense", "story"] = "text"
    #: a signing still to come ("will sign on", "due to sign by", "expect to seal by"):
    #: ``date`` is when or by when it is planned, never a signing date
    planned: bool = False


@dataclass(frozen=True, slots=True)
class Transferred:
    """territory – transferred to – state."""

    relation: ClassVar[str] = "transferred"
    territory: Mention
    state: Mention
    cue: str  # "handed over", "ceded", "entered", ...
    evidence: Evidence
    confidence: float
    from_party: Mention | None = None
    date: TimeExpr | None = None
    agreement: Mention | None = None
    planned: bool = False  # an obligation or deadline rather than a completed handover
    exceptions: tuple[str, ...] = field(default=())  # parts kept back: "a 5-kilometer corridor"
    #: planned dates a postponement replaced ("postponed until 25 November": ``date`` is
    #: the new one, the earlier deadline the article gave is kept here)
    postponed_from: tuple[TimeExpr, ...] = field(default=())


Record = Said | Signed | Transferred
