"""Articles as NewsKG reads them: clean text, metadata and zones.

An :class:`Article` is what every reader in :mod:`kg.read` produces and what the
rest of the pipeline consumes. All character offsets anywhere in NewsKG point
into ``Article.text`` (the text after any front matter, or the main text
extracted from an HTML page).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Zone(StrEnum):
    """The part of a page a stretch of text belongs to."""

    HEADLINE = "headline"  # the title line and sub-headlines
    HEADING = "heading"  # section headings inside the body ("Liberation of Karabakh")
    DATELINE = "dateline"  # "MOSCOW (AP) —", "YEREVAN, April 16. /ARKA/."
    BODY = "body"  # the story itself
    CAPTION = "caption"  # photo captions; they report facts too
    FURNITURE = "furniture"  # navigation, cookie notices, "Latest Stories", comment prompts


#: Zones whose sentences the extractors read.
FACT_ZONES = frozenset({Zone.BODY, Zone.CAPTION})


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch ``text[start:end]`` of an article that lies in one zone."""

    start: int
    end: int
    zone: Zone


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline opening a story, e.g. ``YEREVAN, April 16. /ARKA/.``."""

    start: int
    end: int
    place: str | None = None
    agency: str | None = None  # the credit as written ("AP", "ARKA", "AA")
    date_text: str | None = None  # "April 16" when the dateline carries a date


@dataclass(frozen=True, slots=True)
class PubDate:
    """A publication date and how it is known.

    ``value`` is ISO 8601 at the precision known: ``2020-11-21``, ``2020-11`` or ``2021``.
    """

    value: str
    inferred: bool = False
    basis: str = "metadata"  # what it was taken from: metadata, dateline, caption, weekday, ...
    confidence: float = 1.0


@dataclass(slots=True)
class Article:
    """One news article: its text, metadata and zones."""

    source: str  # the URL when known, else the path as given on the command line
    text: str
    title: str | None = None
    published: PubDate | None = None
    publisher: str | None = None
    url: str | None = None
    id: str | None = None
    path: str | None = None  # the file it was read from, as given
    line: int | None = None  # the line in a .jsonl file
    title_in_text: bool = False  # True when the first line of ``text`` is the headline
    segments: list[Segment] = field(default_factory=list)
    dateline: Dateline | None = None

    def zone_at(self, offset: int) -> Zone:
        """Return the zone of the character at ``offset`` (body when no segment covers it)."""
        for seg in self.segments:
            if seg.start <= offset < seg.end:
                return seg.zone
        return Zone.BODY
