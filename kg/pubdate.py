"""Publication dates inferred from the text when the metadata gives none.

Every relative date in an article ("said Saturday", "last week") needs the
publication date, and scraped pages often lose it. The article's address or
its text usually still tells it, in one of these ways, tried in order:

0. ``url``: the article's address carries the date, as most news sites write it:
   ``/2020/11/20/``, ``/20201120/``, ``-2020-11-20-`` or ``_20-11-2020`` in a slug
   (the address comes from front matter ``url``, the JSONL ``url`` field or an HTML
   page's canonical URL). An address with only year and month (``/2020/11/``) gives
   the day when the dateline tells it, and the month otherwise.
1. ``stamp``: a line of page furniture stamps the date: "Published: 20 November 2020",
   "Posted on Nov. 20, 2020 at 9:14 am", "Updated 10:32 GMT, Friday, Nov. 20, 2020".
   The first "published" or "posted" line wins; an "updated" line only when there is
   none (the page may have been updated long after it was written).
2. ``dateline``: the dateline carries a month and day ("YEREVAN, April 16.",
   "KYIV, 10 November"); its own year when it has one ("MOSCOW, Nov. 10, 2020"),
   else the address's when it has one, else the latest the text mentions
   (one more if the text already told a later day of that year).
3. ``caption``: photo captions carry full dates ("on Saturday, Nov. 21, 2020");
   the latest of them, confirmed when the body names the same weekday
   ("said Saturday").
4. ``last-year``: "Sept. 27 last year" next to an explicit "Nov. 10, 2020"
   (same day, or a later day of the same season told shortly after) puts the
   article in 2021; "Jan. 11 this year" next to "January 11, 2021" likewise.
5. ``latest-year``: the latest explicit year the text mentions, a weak guess.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from urllib.parse import unquote, urlsplit

from kg.article import Article, PubDate, Zone
from kg.timex import MONTH, RawTime, month_number, scan

log = logging.getLogger(__name__)

# A photo credit closing a caption paragraph: "(AP Photo/Sergei Grits)", "REUTERS/...".
_PHOTO_CREDIT = re.compile(
    r"\((?:AP|AFP|Reuters|Getty|EPA|Photo)[^)]{0,60}\)|\bREUTERS/|\bPhoto(?:graph)?: |"
    r"\bGetty Images\b|\bAFP via Getty\b",
)
_DATELINE_DATE = re.compile(
    rf"{MONTH}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"
    rf"|(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+{MONTH.replace('<mon>', '<mon2>')}"
    r"(?:,?\s+(?P<y2>(?:19|20)\d\d)\b)?"
)
# Dates in an address's path: year-month-day with one separator or none, or day-month-year.
_URL_YMD = re.compile(
    r"(?<![\d])(?P<y>(?:19|20)\d\d)(?P<sep>[/_.-]?)(?P<m>0[1-9]|1[0-2])(?P=sep)"
    r"(?P<d>0[1-9]|[12]\d|3[01])(?![\d])"
)
_URL_DMY = re.compile(
    r"(?<![\d])(?P<d>0[1-9]|[12]\d|3[01])(?P<sep>[_.-])(?P<m>0[1-9]|1[0-2])(?P=sep)"
    r"(?P<y>(?:19|20)\d\d)(?![\d])"
)
_URL_YM = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>0[1-9]|1[0-2])(?:/|$)")
# "/2020/11/9/": unpadded, between slashes only (in a slug "2020-1-12" is too loose).
_URL_YMD_SLASHED = re.compile(
    r"/(?P<y>(?:19|20)\d\d)/(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])(?:/|$)"
)
_URL_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_URL_MONTH_WORD = rf"(?P<mon>(?:{_URL_MONTHS})[a-z]*)"
# Month names: "/2020/nov/10/" (as The Guardian writes), "10-nov-2020", "november-10-2020";
# "/2020/nov/" alone gives the month.
_URL_NAMED = (
    re.compile(rf"/(?P<y>(?:19|20)\d\d)/{_URL_MONTH_WORD}/(?P<d>0?[1-9]|[12]\d|3[01])(?:/|$)"),
    re.compile(
        rf"(?<![a-z\d])(?P<d>0?[1-9]|[12]\d|3[01])-{_URL_MONTH_WORD}-(?P<y>(?:19|20)\d\d)(?!\d)"
    ),
    re.compile(
        rf"(?<![a-z\d]){_URL_MONTH_WORD}-(?P<d>0?[1-9]|[12]\d|3[01])-(?P<y>(?:19|20)\d\d)(?!\d)"
    ),
)
_URL_NAMED_YM = re.compile(rf"/(?P<y>(?:19|20)\d\d)/{_URL_MONTH_WORD}(?:/|$)")
_MONTH_WORD = re.compile(MONTH, re.IGNORECASE)


def _url_month(word: str) -> int | None:
    """Return the month an address's month word names ("nov", "november", "sept"), or None ("mayor")."""
    return month_number(word) if _MONTH_WORD.fullmatch(word) and not word.endswith(".") else None


# "Published: 20 November 2020", "Posted on Nov. 20, 2020", "Last updated Friday, 20 Nov 2020".
_STAMP = re.compile(
    r"(?im)^[ \t]*(?:first\s+|last\s+|originally\s+)?(?P<how>published|posted|updated|modified)"
    r"(?:\s+on)?\s*:?\s*(?P<rest>[^\n]{1,80})$"
)
#: How far (in days) a "last year" month-day may lie before the explicit date it is tied to.
_SAME_SEASON_DAYS = 120


def _in_caption(article: Article, raw: RawTime) -> bool:
    if article.zone_at(raw.start) is Zone.CAPTION:
        return True
    start = article.text.rfind("\n", 0, raw.start) + 1
    end = article.text.find("\n", raw.end)
    paragraph = article.text[start : len(article.text) if end < 0 else end]
    return bool(_PHOTO_CREDIT.search(paragraph))


def url_date(url: str | None) -> str | None:
    """Return the date an article's address carries, at its precision, or None.

    >>> url_date("https://example.com/world/2020/11/20/talks-resume/")
    '2020-11-20'
    >>> url_date("https://example.com/news/europe-20201120"), url_date("https://x.org/2020/11/")
    ('2020-11-20', '2020-11')
    """
    if not url:
        return None
    parts = urlsplit(url)
    path = unquote(parts.path if parts.scheme or parts.netloc else url)
    for pattern in (_URL_YMD, _URL_DMY, _URL_YMD_SLASHED, *_URL_NAMED):
        for m in pattern.finditer(path.lower()):
            number = int(m.group("m")) if "m" in m.groupdict() else _url_month(m.group("mon"))
            if number is None:
                continue
            try:
                return dt.date(int(m.group("y")), number, int(m.group("d"))).isoformat()
            except ValueError:
                continue
    month = _URL_YM.search(path)
    if month:
        return f"{month.group('y')}-{month.group('m')}"
    named = _URL_NAMED_YM.search(path.lower())
    number = _url_month(named.group("mon")) if named else None
    return f"{named.group('y')}-{number:02d}" if named and number else None


def _from_url(article: Article) -> PubDate | None:
    found = url_date(article.url)
    if found is None:
        return None
    if len(found) == 10:
        return PubDate(found, inferred=True, basis="url", confidence=0.9)
    dated = _from_dateline(article, [], year=int(found[:4]))
    if dated is not None and dated.value.startswith(found):
        return PubDate(dated.value, inferred=True, basis="url+dateline", confidence=0.85)
    return PubDate(found, inferred=True, basis="url", confidence=0.85)


def _from_stamp(article: Article) -> PubDate | None:
    """Read a "Published: ..." or "Updated ..." line that states a full date."""
    found: dict[str, str] = {}
    for m in _STAMP.finditer(article.text):
        how = "updated" if m.group("how").lower() in ("updated", "modified") else "published"
        if how in found or (article.segments and article.zone_at(m.start("how")) is Zone.BODY):
            continue  # a story sentence that begins "Posted on the border ..." stamps nothing
        line = Article(source=article.source, text=m.group("rest"))
        days = [r.explicit_date for r in scan(line) if r.explicit_date is not None]
        if days:
            found[how] = days[0].isoformat()
    if "published" in found:
        return PubDate(found["published"], inferred=True, basis="stamp", confidence=0.9)
    if "updated" in found:
        return PubDate(found["updated"], inferred=True, basis="stamp", confidence=0.7)
    return None


def _from_dateline(
    article: Article, raws: list[RawTime], *, year: int | None = None
) -> PubDate | None:
    if article.dateline is None or not article.dateline.date_text:
        return None
    m = _DATELINE_DATE.search(article.dateline.date_text)
    if not m:
        return None
    month = month_number(m.group("mon") or m.group("mon2"))
    day = int(m.group("d") or m.group("d2"))
    stated = m.group("y") or m.group("y2")
    if stated is not None:  # "MOSCOW, Nov. 10, 2020 (Reuters)", "KYIV, 10 November 2020"
        try:
            value = dt.date(int(stated), month, day)
        except ValueError:
            return None
        return PubDate(value.isoformat(), inferred=True, basis="dateline", confidence=0.95)
    if year is None:
        years = [r.year for r in raws if r.year is not None]
        if not years:
            return None
        year = max(years)
        # A day of that year told after the dateline's day means the story is from the next year.
        if any(
            r.explicit_date is not None
            and r.year == year
            and (r.month or 0, r.day or 0) > (month, day)
            for r in raws
        ):
            year += 1
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    return PubDate(value.isoformat(), inferred=True, basis="dateline", confidence=0.85)


def _from_caption(article: Article, raws: list[RawTime]) -> PubDate | None:
    dated = [r.explicit_date for r in raws if r.explicit_date and _in_caption(article, r)]
    days = [d for d in dated if d is not None]
    if not days:
        return None
    latest = max(days)
    body_weekdays = {
        r.weekday
        for r in raws
        if r.kind == "weekday" and r.rel is None and not _in_caption(article, r)
    }
    confirmed = latest.weekday() in body_weekdays
    return PubDate(
        latest.isoformat(), inferred=True, basis="caption", confidence=0.9 if confirmed else 0.6
    )


def _from_relative_year(raws: list[RawTime]) -> PubDate | None:
    """Tie "<month-day> last/this year" to an explicit full date of the same events."""
    explicit = [(r, r.explicit_date) for r in raws if r.explicit_date is not None]
    votes: dict[int, float] = {}
    for rel in raws:
        if rel.kind not in ("rel_year_md", "md_rel_year") or rel.month is None or not rel.day:
            continue
        offset = {"last": 1, "this": 0, "next": -1}[rel.rel or "this"]
        for other, day in explicit:
            assert day is not None
            if (day.month, day.day) == (rel.month, rel.day):
                votes[day.year + offset] = votes.get(day.year + offset, 0) + 1.0
                continue
            # A later day of the same season told after it: the same year, most likely.
            try:
                same_year = dt.date(day.year, rel.month, rel.day)
            except ValueError:
                continue
            if other.start > rel.start and 0 < (day - same_year).days <= _SAME_SEASON_DAYS:
                votes[day.year + offset] = votes.get(day.year + offset, 0) + 0.5
    if not votes:
        return None
    year, weight = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
    confidence = 0.8 if weight >= 1 else 0.65
    return PubDate(f"{year:04d}", inferred=True, basis="last-year", confidence=confidence)


def _from_latest_year(raws: list[RawTime]) -> PubDate | None:
    years = [r.year for r in raws if r.year is not None and r.rel is None]
    if not years:
        return None
    return PubDate(f"{max(years):04d}", inferred=True, basis="latest-year", confidence=0.4)


def infer(article: Article) -> PubDate | None:
    """Infer the publication date of an article from its text.

    Use it when the metadata gives none; see the module docstring for the
    clues tried and their order.

    Args:
        article: the article, with zones and dateline when known.

    Returns:
        An inferred :class:`~kg.article.PubDate` (``inferred=True``, ``basis``
        naming the clue), or None when the text gives no date at all.
    """
    raws = scan(article)
    for clue in (
        lambda: _from_url(article),
        lambda: _from_stamp(article),
        lambda: _from_dateline(article, raws),
        lambda: _from_caption(article, raws),
        lambda: _from_relative_year(raws),
        lambda: _from_latest_year(raws),
    ):
        found = clue()
        if found is not None:
            log.debug("%s: publication date %s from %s", article.source, found.value, found.basis)
            return found
    return None
