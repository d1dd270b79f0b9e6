"""Page zones: tell the story from its headline, dateline, captions and page furniture.

Saved news pages carry more than the story: galleries, share buttons, cookie
notices, "Latest Stories" lists of unrelated news. :func:`segment` cuts an
article text into contiguous :class:`~kg.article.Segment` s, each in one
:class:`~kg.article.Zone`, with general layout rules (line length, sentence
punctuation, photo credits, well-known furniture phrases) that work on any news
page. Extractors then read only the body and the captions.

The unit of classification is the *block*: a line, or several lines when a
paragraph is hard-wrapped. Bullet markers and indentation in front of a block
fall into a furniture segment of their own, so the block's text starts at its
first word and no offset ever moves.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.article import Dateline, Segment, Zone

# --- blocks -------------------------------------------------------------------

#: Bullets and markdown heading marks that may open a line (dashes only before a space).
_MARKER = re.compile(r"[ \t]*(?:[•·‣▪◦●►▶*](?=\s*\S)\s*|[-–—](?=[ \t]+\S)[ \t]*|#{1,6}[ \t]+)?")
#: A line that ends a sentence or a parenthetical (a wrapped line does not).
_CLOSES = re.compile(r"[.!?…:;)\]\"”’»']\s*$")
_WORD = re.compile(r"\w[\w’'.-]*")

#: A wrapped paragraph line is at least this long; shorter lines stand alone.
_WRAP_MIN = 45
#: No line of a hard-wrapped text is longer than this.
_WRAP_MAX = 100


@dataclass(slots=True)
class _Block:
    """A paragraph of the text: ``text[lead:end]`` with its content at ``start``."""

    lead: int  # start of the line, including indentation and bullet
    start: int  # first character of the content
    end: int  # end of the content (trailing spaces excluded)
    text: str  # the content, lines joined by single spaces
    marker: bool  # a bullet or heading mark precedes the content
    words: int = 0  # number of words in the content


def _lines(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every line, without the line break."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _blocks(text: str, *, title_in_text: bool) -> list[_Block]:
    """Split ``text`` into blocks, joining the lines of hard-wrapped paragraphs."""
    blocks: list[_Block] = []
    prev_line = ""  # content of the previous line when it was non-blank
    lines = _lines(text)
    wrapped = _is_hard_wrapped(text, lines)
    for lstart, lend in lines:
        line = text[lstart:lend]
        if not line.strip():
            prev_line = ""
            continue
        marker = _MARKER.match(line)
        cstart = lstart + (marker.end() if marker else 0)
        has_marker = bool(marker and line[: marker.end()].strip())
        cend = lstart + len(line.rstrip())
        content = text[cstart:cend]
        # The first line is the headline and stands alone, unless it is the first line of a
        # hard-wrapped lede: not title-cased, and the next line goes straight on.
        headline_alone = (
            title_in_text
            and len(blocks) == 1
            and not (
                wrapped
                and (
                    not _title_cased(prev_line)
                    or content[:1].islower()
                    or _OPEN_END.search(prev_line) is not None
                )
                and _match_dateline(content, 0, len(content)) is None
            )
        )
        if (
            prev_line
            and not has_marker
            and not headline_alone
            and _continues(prev_line, content, wrapped=wrapped)
        ):
            last = blocks[-1]
            last.end = cend
            last.text = f"{last.text} {content}"
            prev_line = content
            continue
        blocks.append(_Block(lstart, cstart, cend, content, has_marker))
        prev_line = content
    for b in blocks:
        b.words = len(_WORD.findall(b.text))
    return blocks


#: A word no headline ends with: the line breaks off in mid-sentence.
_OPEN_END = re.compile(
    r"\b(?:a|an|the|of|in|on|at|to|for|from|by|with|and|or|but|that|which|who|its|their|his|her"
    r"|is|are|was|were|has|have|had|will|would|said|says|it|he|she|they)\s*$"
)


#: Short words title case leaves in lower case.
_TITLE_LOWER = frozenset(
    [
        "with",
        "from",
        "into",
        "over",
        "upon",
        "onto",
        "that",
        "than",
        "this",
        "after",
        "about",
        "under",
        "amid",
        "near",
        "past",
    ]
)


def _title_cased(line: str) -> bool:
    """Tell whether a line is in capitals or title case, as headlines are and prose is not.

    In title case every word of four letters or more but a few prepositions is capitalized;
    one lower-case word is allowed, two make sentence case.
    """
    if line.isupper():
        return True
    lower = [
        w
        for w in re.findall(r"[A-Za-z][\w’'-]*", line)
        if len(w) >= 4 and w[0].islower() and w not in _TITLE_LOWER
    ]
    return len(lower) <= 1


def _is_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Tell whether the text's paragraphs are broken into lines of bounded length.

    Wire copy (Reuters 1987, e-mail, plain-text dumps) wraps at 60-80 columns;
    there a line is cut wherever the width runs out, so a short line without
    sentence punctuation is a piece of a paragraph, not a heading.
    """
    if not lines or max(end - start for start, end in lines) > _WRAP_MAX:
        return False
    runs = sum(
        1
        for (s1, e1), (s2, e2) in itertools.pairwise(lines)
        if text[s1:e1].strip() and text[s2:e2].strip()
    )
    return runs >= 2


def is_hard_wrapped(text: str) -> bool:
    """Tell whether ``text`` is wire copy whose paragraphs are cut into lines of bounded length."""
    return _is_hard_wrapped(text, _lines(text))


def wrap_continues(prev: str) -> bool:
    """Tell whether, in hard-wrapped text, the line after ``prev`` goes on its sentence."""
    prev = prev.rstrip()
    return bool(prev) and not _ends_sentence(prev) and not prev.endswith(":")


def _continues(prev: str, line: str, *, wrapped: bool) -> bool:
    """Tell whether ``line`` goes on the paragraph whose last line is ``prev``."""
    if line[:1].islower():
        return True
    if wrapped:
        return not _ends_sentence(prev) and not prev.endswith(":")
    return not _CLOSES.search(prev) and len(prev) >= _WRAP_MIN


# --- what a block looks like ---------------------------------------------------

_RELATED = re.compile(
    r"""(?ix)^(?:
        latest(?:\s+(?:stories|news|articles|headlines|videos))?
      | related(?:\s+(?:stories|articles|news|content|coverage|posts|topics|links|reading))?
      | more\s+(?:stories|news|articles|headlines|videos|on\s+this(?:\s+(?:story|topic))?|from\s+.{1,40}
                 |in\s+.{1,30}|like\s+this|to\s+read)
      | read\s+(?:more|next|also)
      | (?:also|further)\s+read(?:ing)?
      | see\s+also
      | most\s+(?:popular|read|viewed|shared|commented|recent)
      | popular(?:\s+(?:now|stories|news|today|articles))?
      | recommended(?:\s+(?:for\s+you|stories|articles|reading|videos))?
      | you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested\s+in|have\s+missed)
      | trending(?:\s+(?:now|stories|news|topics))?
      | top\s+(?:stories|news|headlines)
      | editor[’']?s[’']?\s+picks?
      | don[’']t\s+miss
      | (?:in\s+)?other\s+news
      | what\s+to\s+read\s+next
      | up\s+next
      | (?:sponsored|promoted)\s+(?:stories|content|links)
      | (?:around|from)\s+the\s+web
      | (?:\d+\s+)?comments?(?:\s*\(\d+\))?
      | leave\s+a\s+(?:reply|comment)
      | join\s+the\s+(?:conversation|discussion)
      | discussion
    )\s*[:.]?$""",
)

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)

_FURNITURE = [
    # gallery and player chrome
    re.compile(r"(?i)^\d{1,3}\s*(?:/|of)\s*\d{1,3}$"),
    re.compile(r"(?i)^\d+\s*(?:min|mins|minutes?)\s+read$"),
    re.compile(r"^APTOPIX\b"),
    re.compile(
        r"""(?ix)^(?:full\s?screen|enlarge|expand|close|next|previous|prev|back(?:\s+to\s+top)?
        |skip\s+to\s+(?:main\s+)?content|menu|search|home|share(?:\s+this(?:\s+(?:article|story|page))?)?
        |tweet|e-?mail|print|save|copy\s+link|advertisement|advertising|ad|sponsored(?:\s+content)?
        |listen(?:\s+to\s+this\s+(?:article|story))?|play|watch|video|photos?|gallery|(?:view|open)\s+gallery
        |show\s+more|load\s+more|see\s+more|show\s+comments|loading\.*|subscribe(?:\s+now)?|log\s?in|sign\s?in
        |sign\s?up|register|follow\s+us|newsletter|accept(?:\s+all)?(?:\s+cookies)?|reject(?:\s+all)?
        |ok|got\s+it|continue\s+reading|image|toggle\s+caption|caption|hide\s+caption|\W+)$""",
    ),
    # promotions and prompts
    re.compile(
        r"(?i)\bis\s+better\s+in\s+the\s+app\b|^(?:download|get|open\s+in)\s+(?:the|our)\s+app"
    ),
    re.compile(r"(?i)^stay\s+in\s+the\s+know\b"),
    re.compile(r"(?i)^(?:sign\s+up|subscribe|register)\s+(?:for|to|now|here)\b"),
    re.compile(
        r"(?i)^follow\s+(?:us|.{1,40}\s+on\s+(?:twitter|facebook|telegram|instagram|x|linkedin))"
    ),
    re.compile(r"(?i)^(?:share|click|tap)\s+(?:this|on|via|here)\b"),
    re.compile(r"(?i)^(?:also\s+)?read\s+(?:more|also|next)?\s*:"),
    re.compile(r"(?i)^(?:related|see\s+also|watch|listen|more)\s*:"),
    re.compile(r"(?i)^please\s+enter\s+your\b|^you\s+have\s+entered\s+an\s+incorrect\b"),
    re.compile(
        r"(?i)^save\s+my\s+name\b|^(?:post|add|write)\s+a\s+comment\b|^log\s+in\s+to\s+comment"
    ),
    re.compile(
        rf"(?i)^(?:last\s+|first\s+)?(?:updated|published|posted)(?:\s+on)?\s*:?\s*"
        rf"(?:\d|{_MONTHS}|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)"
    ),
    # copyright
    re.compile(r"(?i)^(?:©|\(c\)\s|copyright\b)|\ball\s+rights\s+reserved\b"),
]

_COOKIE = re.compile(r"(?i)\bcookies?\b")
_COOKIE_CONTEXT = re.compile(
    r"(?i)\b(?:use[sd]?|policy|consent|accept|experience|browser|settings|privacy|opt-out)\b"
)

#: "News Service AA", "Source: Reuters", "By Jane Doe" and other credit lines.
_CREDIT_LINE = re.compile(
    r"(?i)^(?:news\s+service|news\s+agency|source[s]?|credit|by|via|from|reporting\s+by"
    r"|written\s+by|edited\s+by|compiled\s+by|with\s+(?:reporting\s+from|files\s+from))\s*:?\s+"
    r"(?P<who>\S.*?)\s*\.?$"
)

_DATEISH = re.compile(
    rf"(?i)^(?:(?:{_MONTHS}|mon|tue|wed|thu|fri|sat|sun)\w*\.?|\d{{1,4}}(?:[:./-]\d{{1,4}})*"
    r"|am|pm|a\.m\.|p\.m\.|gmt|utc|est|edt|cet|msk|at|on|\||,|-|–|—)$"
)

#: Photo credits that mark a paragraph as a caption.
_CAPTION = [
    re.compile(
        r"(?i)\((?:[^()\n]{0,60}?\b)?(?:photo|photograph|picture|image|foto|pic)s?\b[^()\n]{0,80}\)"
    ),
    re.compile(r"\b(?:REUTERS|AFP|EPA|AP|XINHUA|ANADOLU|TASS|SPUTNIK|EFE|ANSA|DPA)\s?/\s?[A-Z]"),
    re.compile(
        r"/\s?(?:AFP|AP|Reuters|REUTERS|EPA|EPA-EFE|Xinhua|TASS|Sputnik|AA|Anadolu(?:\s+Agency)?)\)?\.?\s*$"
    ),
    re.compile(r"\bGetty\s+Images\b|\bShutterstock\b|\bAlamy\b"),
    re.compile(
        r"(?i)^(?:photo|image|picture|caption)\s*:|\b(?:photo|image)\s+(?:credit|courtesy)\b"
    ),
    re.compile(r"(?i)\bfile\s+photo\b"),
]

#: Longest line, in words, that counts as a heading or a gallery label.
_SHORT_WORDS = 14
#: Longest first line, in words, that counts as a headline; a longer one is the lede
#: of a text that has no headline line.
_HEADLINE_WORDS = 35
#: A first line this long that ends a sentence is a lede, not a headline.
_LEDE_WORDS = 18
#: Longest line, in words, that counts as a sub-headline.
_SUBHEAD_WORDS = 40


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().casefold()


def _is_related(b: _Block) -> bool:
    return b.words <= 8 and bool(_RELATED.match(b.text.strip()))


def _is_cookie(b: _Block) -> bool:
    return b.words <= 80 and bool(_COOKIE.search(b.text)) and bool(_COOKIE_CONTEXT.search(b.text))


def _is_credit(b: _Block) -> bool:
    if b.words > 8 or _ends_sentence(b.text.rstrip(".")):
        return False
    if agency_name(b.text) is not None:
        return True
    m = _CREDIT_LINE.match(b.text)
    return bool(m and m.group("who")[:1].isupper())


def _is_dateish(b: _Block) -> bool:
    tokens = re.findall(r"[\w.:/|-]+|[,–—|]", b.text)
    return bool(tokens) and b.words <= 10 and all(_DATEISH.match(t) for t in tokens)


def _is_furniture(b: _Block) -> bool:
    text = b.text.strip()
    if b.words <= 25 and any(p.search(text) for p in _FURNITURE):
        return True
    return _is_cookie(b) or _is_credit(b) or _is_dateish(b)


def _is_caption(b: _Block) -> bool:
    return b.words <= 150 and any(p.search(b.text) for p in _CAPTION)


def _ends_sentence(s: str) -> bool:
    # a trailing source tag ("... is weird. [538]") does not hide the full stop
    s = re.sub(r"\s*\[[^\[\]]{1,30}\]\s*$", "", s)
    return bool(re.search(r"[.!?…][\"”’»')\]]*\s*$", s))


#: An entity left unexpanded at the end of a line ("says in an editorial: &QL;", "&quot;").
_TRAILING_ENTITY = re.compile(r"\s*&[A-Za-z]{2,8};\s*$")


def _is_short_label(b: _Block) -> bool:
    """Tell whether a block is a short line without sentence punctuation."""
    text = _TRAILING_ENTITY.sub("", b.text)
    if b.words > _SHORT_WORDS or len(text) > 120 or _ends_sentence(text):
        return False
    if re.search(r"\w[.!?]\s+[A-Z]", text):
        return False  # two sentences, the last one cut short: prose
    # "The Times confirmed that observation, reporting:" introduces a quote; "Teams:" is a label
    return not (text.rstrip().endswith(":") and b.words >= 4)


def _is_counter(b: _Block) -> bool:
    return bool(_FURNITURE[0].match(b.text.strip()))


# --- segmentation --------------------------------------------------------------


def segment(text: str, *, title_in_text: bool, title: str | None = None) -> list[Segment]:
    """Cut ``text`` into contiguous segments, each in one zone, covering all of it.

    Args:
        text: the article text.
        title_in_text: the first non-empty line is the headline.
        title: the headline from metadata, when known; a line repeating it is a headline too.

    Returns:
        Segments in text order; the first starts at 0 and the last ends at ``len(text)``.

    >>> [s.zone.value for s in segment("Rain ahead\\n\\nIt will rain.", title_in_text=True)]
    ['headline', 'body']
    """
    if not text:
        return []
    blocks = _blocks(text, title_in_text=title_in_text)
    if not blocks:
        return [Segment(0, len(text), Zone.FURNITURE)]
    zones = _classify(blocks, title_in_text=title_in_text, title=title)
    lede = zones.index(Zone.BODY) if Zone.BODY in zones else -1
    if lede > 0 and zones[lede - 1] is Zone.FURNITURE:
        before = blocks[lede - 1]  # "NAIROBI, August 21 (Xinhua) --" on a line of its own
        if _match_dateline(text, before.start, before.end, alone=True) is not None:
            zones[lede - 1] = Zone.DATELINE
    spans: list[tuple[int, int, Zone]] = []
    for i, (b, zone) in enumerate(zip(blocks, zones, strict=True)):
        if b.marker:
            spans.append((b.lead, b.start, Zone.FURNITURE))
        elif i == 0:
            spans.append((0, b.start, zone))
        if i == lede and (dl := _match_dateline(text, b.start, b.end)) is not None:
            spans.append((b.start, dl.end, Zone.DATELINE))
            spans.append((dl.end, b.end, Zone.BODY))
        else:
            spans.append((b.start, b.end, zone))
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        gap_end = len(text) if nxt is None else nxt.lead if nxt.marker else nxt.start
        spans.append((b.end, gap_end, spans[-1][2]))
    return _merge(spans)


def _merge(spans: list[tuple[int, int, Zone]]) -> list[Segment]:
    """Join adjacent spans of one zone, drop empty ones and start the first at offset 0."""
    out: list[Segment] = []
    pos = 0
    for start, end, zone in spans:
        if end <= start:
            continue
        start = pos  # only indentation before a first bulleted line is left uncovered
        if out and out[-1].zone is zone:
            out[-1] = Segment(out[-1].start, end, zone)
        else:
            out.append(Segment(start, end, zone))
        pos = end
    return out


def _classify(blocks: list[_Block], *, title_in_text: bool, title: str | None) -> list[Zone]:
    """Give each block its zone, reading the page from top to bottom."""
    zones: list[Zone] = []
    second = blocks[1].text if len(blocks) > 1 else ""
    first_headline = title_in_text and _headline_like(
        blocks[0], before_dateline=_match_dateline(second, 0, len(second)) is not None
    )
    # With the title in the text, the reader took the first line for it; when that line is
    # the story's first sentence instead, no line is a title.
    titles = {_norm(title)} if title and not title_in_text else set()
    if first_headline:
        titles.add(_norm(blocks[0].text))
    counters = {i for i, b in enumerate(blocks) if _is_counter(b)}
    # Still in the run of headline lines at the top? Without the title in the text,
    # only a line repeating the metadata title opens that run.
    headline_open = first_headline or _in_title(blocks[0], titles)
    body_started = False
    tail = False  # inside a related-content list that runs to the end
    for i, b in enumerate(blocks):
        if tail:
            zones.append(Zone.FURNITURE)
            continue
        if i == 0 and first_headline:
            zones.append(Zone.HEADLINE)
            continue
        zone = _zone_of(
            blocks,
            i,
            headline_open=headline_open,
            body_started=body_started,
            titles=titles,
            near_counter=(i - 1 in counters or i + 1 in counters),
        )
        if zone is Zone.FURNITURE and body_started and _is_related(b):
            tail = True
        headline_open = headline_open and zone is Zone.HEADLINE
        body_started = body_started or zone is Zone.BODY
        zones.append(zone)
    return zones


def _zone_of(
    blocks: list[_Block],
    i: int,
    *,
    headline_open: bool,
    body_started: bool,
    titles: set[str],
    near_counter: bool,
) -> Zone:
    b = blocks[i]
    if headline_open and _in_title(b, titles):
        return Zone.HEADLINE
    if _is_related(b) or _is_furniture(b):
        return Zone.FURNITURE
    if _is_caption(b):
        return Zone.CAPTION
    if near_counter and b.words >= 8 and not _is_short_label(b):
        return Zone.CAPTION  # a gallery caption without a credit
    if headline_open and not _ends_sentence(b.text) and 4 <= b.words <= _SUBHEAD_WORDS:
        return Zone.HEADLINE
    if _is_short_label(b):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if body_started and nxt is not None and _is_prose(nxt):
            return Zone.HEADING
        return Zone.FURNITURE
    return Zone.BODY


def _short_enough(b: _Block) -> bool:
    """Tell whether a line is short enough for a headline: a long full sentence is a lede."""
    if b.words > _HEADLINE_WORDS:
        return False
    return not (b.words >= _LEDE_WORDS and _ends_sentence(b.text))


def _headline_like(b: _Block, *, before_dateline: bool = False) -> bool:
    """Tell whether a first line can be a headline rather than the lede of a text without one.

    A long line that ends a sentence is a lede; so is a shorter one that ends with a full
    stop and reads as prose rather than headlinese (see :func:`_reads_as_prose`). A
    dateline standing alone ("CAPE TOWN, South Africa (AP) --") is no headline either.
    A line right above the dateline that opens the story (``before_dateline``) is the
    headline even when it reads as prose: the story begins after the dateline.
    """
    if not _short_enough(b):
        return False
    if not before_dateline and _reads_as_prose(b.text):
        return False
    if b.words >= _SENTENCES_WORDS and _TWO_SENTENCES.search(b.text) and not _title_cased(b.text):
        return False  # "Ten candidates have qualified. They are:" is the story
    if _match_dateline(b.text, 0, len(b.text), alone=True) is not None:
        return False  # "CAPE TOWN, South Africa (AP) --" on a line of its own
    # "MADRID, Spain (Ticker) - Appearing in his first ...": a credited dateline opens the story
    # ("CRICKET: Boje pulls out" is a headline with a label)
    opening = _match_dateline(b.text, 0, len(b.text))
    return opening is None or not (opening.agency or opening.date_text)


#: A sentence ending inside a line before the next one begins ("Rep. Gwen", "U.S. Senate" do not).
_TWO_SENTENCES = re.compile(r"(?:[a-z]{3,}|\d|\))[.!?][\"”’]?\s+[\"“‘]?[A-Z][a-z]")
#: A first line holding two sentences is the story from this many words on.
_SENTENCES_WORDS = 10


#: Words headlines leave out and story sentences use: auxiliaries and past reporting verbs.
_PROSE_VERBS = re.compile(
    r"\b(?:has|have|had|was|were|been|will|would|said|reported|announced|posted|told)\b"
)
_ARTICLE = re.compile(r"(?<![:] )\b(?:a|an|the)\b")
_PAST_FORM = re.compile(r"\b(?!(?:need|speed|feed|seed|bed|red|shed)\b)[a-z]{3,}ed\b")
_DAY_WORD = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight)\b"
)
_AMOUNT = re.compile(r"[$£€%]|\d\s*(?:percent|per cent)\b")
#: How many prose cues make a short first line ending in a full stop the story's first sentence.
_PROSE_CUES = 2


def _reads_as_prose(line: str) -> bool:
    """Tell whether a first line that ends in a full stop is the story's opening sentence.

    Headlines drop articles and auxiliaries and tell past events in the present tense
    ("Hacker admits to other intrusions."); a lede does not ("A former minister has
    defected to Labour.", "QVC said it completed its acquisition for $423 million.").
    Title-case lines are headlines whatever they say.
    """
    stripped = line.rstrip("\"”’'» ")
    if not stripped.endswith(".") or stripped.endswith(".."):
        return False
    if _title_cased(line):
        return False
    words = re.findall(r"[A-Za-z][\w’'-]*", line)
    cues = sum(
        bool(p.search(line)) for p in (_PROSE_VERBS, _ARTICLE, _PAST_FORM, _DAY_WORD, _AMOUNT)
    )
    cues += len(words) >= 12
    cues += bool(re.search(r"\w, \w", line))
    return cues >= _PROSE_CUES


def _in_title(b: _Block, titles: set[str]) -> bool:
    """Tell whether a block repeats a title, or a piece of one broken over lines."""
    norm = _norm(b.text)
    if not norm or not _short_enough(b):
        return False
    return any(norm == t or (b.words >= 3 and norm in t) for t in titles)


def _is_prose(b: _Block) -> bool:
    """Tell whether a block reads like a story paragraph."""
    return not (_is_short_label(b) or _is_furniture(b) or _is_caption(b) or _is_related(b))


# --- datelines -------------------------------------------------------------------

_PLACE_CAPS = r"[A-Z][A-Z’'.\-]+(?:\s+[A-Z][A-Z’'.\-]*){0,3}"
_PLACE_TITLE = r"[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+){0,2}"
_REGION = r"(?:,\s*[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,2})?"
_DATE = rf"(?:{_MONTHS}\.?\s*\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{_MONTHS}\.?(?:\s+\d{{4}})?)"
_DATE_WITH_YEAR = (
    rf"(?:{_MONTHS}\.?\s*\d{{1,2}},?\s*(?:19|20)\d\d|\d{{1,2}}\s+{_MONTHS}\.?,?\s+(?:19|20)\d\d)"
)
_AGENCY = r"[A-Za-z][\w.&\- ]{0,30}"
# A lone hyphen needs spaces around it, so "U.S.-Japan" or "UK-based" is no dateline.
_DASH = r"(?:\s*(?:[–—]+|--)(?=\s)|\s*--|\s+-(?=\s))"

_DATELINES = [
    # YEREVAN, April 16. /ARKA/.  MOSCOW, November 10 /TASS/.
    re.compile(
        rf"(?P<place>(?:{_PLACE_CAPS}|{_PLACE_TITLE}){_REGION}),\s*(?P<date>{_DATE})\.?"
        rf"\s*/(?P<agency>{_AGENCY})/\s*[.:]?\s*{_DASH}?\s*"
    ),
    # MOSCOW (AP) —   BAKU, Azerbaijan (AA) –   WASHINGTON, Nov. 21 (Reuters) -   MOSCOW –
    re.compile(
        rf"(?P<place>{_PLACE_CAPS}{_REGION})(?:,\s*(?P<date>{_DATE}))?"
        rf"(?:\s*\((?P<agency>{_AGENCY})\))?\s*(?:{_DASH}|:(?=\s))\s*"
    ),
    # Baku, Azerbaijan, Nov. 21 (Trend) –   Moscow (AFP) .
    re.compile(
        rf"(?P<place>{_PLACE_TITLE}{_REGION})(?:,\s*(?P<date>{_DATE}))?"
        rf"\s*\((?P<agency>{_AGENCY})\)\s*(?:{_DASH}|[.:])\s*"
    ),
    # (CNN) —
    re.compile(rf"\((?P<agency>{_AGENCY})\)\s*{_DASH}?\s*"),
    # Stepanakert, Nov. 21, 2020 —   Baku, Azerbaijan, 21 November 2020 --: a paper's own
    # dateline with no agency; title-case words open many sentences, so the date must give
    # its year and a dash must close it
    re.compile(
        r"(?!(?:On|By|In|At|From|Since|Until|Before|After|Late|Early|Last|This|Next)\s)"
        r"(?!(?:\w+\s+){0,2}(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
        rf"(?P<place>{_PLACE_TITLE}{_REGION}),\s*(?P<date>{_DATE_WITH_YEAR})\s*{_DASH}\s*"
    ),
]

_NEEDS_KNOWN_AGENCY = (_DATELINES[2], _DATELINES[3])

#: Leading capitals that are story labels, not places.
_NOT_PLACES = frozenset(
    {"UPDATE", "UPDATED", "BREAKING", "WATCH", "EXCLUSIVE", "ANALYSIS", "EXPLAINER", "OPINION"}
    | {"LIVE", "VIDEO", "PHOTOS", "CORRECTION", "NOTE", "FILE", "URGENT", "FLASH", "BULLETIN"}
    | {"ADVISORY", "EDITORIAL", "COMMENT", "INTERVIEW", "REVIEW", "FACTBOX", "TIMELINE"}
)


def _match_dateline(text: str, start: int, end: int, *, alone: bool = False) -> Dateline | None:
    """Return the dateline opening ``text[start:end]``, if there is one.

    With ``alone``, the dateline must fill the whole span (a dateline line above
    the story); otherwise the story's first word must follow it.
    """
    para = text[start:end]
    for pattern in _DATELINES:
        m = pattern.match(para)
        if m is None:
            continue
        if alone:
            if m.end() != len(para):
                continue
        elif m.end() >= len(para) or not re.match(r"[\w“\"‘'(]", para[m.end()]):
            continue
        groups = m.groupdict()
        place = groups.get("place")
        if place and place.split(",")[0].strip().upper() in _NOT_PLACES:
            continue
        agency = groups.get("agency")
        if pattern in _NEEDS_KNOWN_AGENCY and (agency is None or agency_name(agency) is None):
            continue  # title-case words and parentheses open many sentences; trust known credits
        if place and agency is None and agency_name(place) is not None:
            place, agency = None, place  # "AP -": a credit standing where the place would be
        return Dateline(
            start=start,
            end=start + m.end(),
            place=place.strip() if place else None,
            agency=agency.strip() if agency else None,
            date_text=groups.get("date"),
        )
    return None


def find_dateline(text: str, segments: list[Segment]) -> Dateline | None:
    """Return the dateline of the story, read from its dateline segment.

    >>> t = "MOSCOW (AP) — Talks began."
    >>> find_dateline(t, segment(t, title_in_text=False)).agency
    'AP'
    """
    for seg in segments:
        if seg.zone is Zone.DATELINE:
            nl = text.find("\n", seg.start)
            end = len(text) if nl == -1 else nl
            return _match_dateline(text, seg.start, end) or _match_dateline(
                text, seg.start, seg.start + len(text[seg.start : end].rstrip()), alone=True
            )
    return None


# --- credits ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _agencies() -> dict[str, str]:
    table: dict[str, str] = {}
    data = resources.files("kg.data").joinpath("agencies.tsv").read_text(encoding="utf-8")
    for line in data.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        form, name = line.split("\t")
        table[_credit_key(form)] = name
        table[_credit_key(name)] = name
    return table


def _credit_key(credit: str) -> str:
    key = re.sub(r"[\s\-]+", " ", credit.strip(" \t()[]/.,:;")).casefold()
    return key.removeprefix("the ")


def agency_name(credit: str) -> str | None:
    """Return the full name of the news agency a credit names, or None when unknown.

    >>> agency_name("(AP)")
    'The Associated Press'
    >>> agency_name("/ARKA/")
    'ARKA News Agency'
    """
    return _agencies().get(_credit_key(credit))


_COPYRIGHT = re.compile(
    r"(?i)^(?:copyright|©|\(c\))\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"(?P<who>[^.,]+?)\s*(?:[.,]\s*(?:inc\.?|ltd\.?|llc)?)?\s*(?:all\s+rights\s+reserved\.?)?$"
)


def find_credit(text: str, segments: list[Segment]) -> str | None:
    """Return the agency or publisher credited in the page furniture, as written.

    Looks for credit lines ("News Service AA", "Source: Reuters", a bare "Reuters")
    first, then copyright lines ("Copyright 2020 The Associated Press").
    """
    credits: list[str] = []
    holders: list[str] = []
    for seg in segments:
        if seg.zone is not Zone.FURNITURE:
            continue
        for line in text[seg.start : seg.end].split("\n"):
            line = _MARKER.sub("", line, count=1).strip()
            if not line:
                continue
            if agency_name(line) is not None:
                credits.append(line)
                continue
            m = _CREDIT_LINE.match(line)
            if m and agency_name(m.group("who")) is not None:
                credits.append(m.group("who"))
                continue
            m = _COPYRIGHT.match(line)
            if m:
                who = m.group("who").strip()
                if who[:1].isupper() and len(who.split()) <= 6:
                    holders.append(who)
    found = credits or holders
    return found[0] if found else None
