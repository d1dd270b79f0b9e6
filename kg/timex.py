"""Date expressions in news text, normalized against the publication date.

News rarely writes a full date. "Said Saturday", "signed last week", "On Jan. 11"
and "Sept. 27 last year" only get a value from the publication date (a day, a
month or only a year, see :class:`~kg.article.PubDate`) or from the dates the
story has already told. :func:`find_times` finds every date expression outside
page furniture with regular expressions and resolves it; :func:`scan` gives the
raw matches (without values) that :mod:`kg.pubdate` reasons over.

Values are ISO 8601 at the precision the text gives: ``2020-11-21``, ``2020-11``,
``2020`` or an ISO week ``2020-W46``; quarters, seasons and weekends take
TimeML's forms (``1989-Q3``, ``1998-SU``, ``2020-W47-WE``). The rules, in the
order a careful reader applies them, are listed in the README ("How a date gets
its value").

>>> from kg.article import Article, PubDate
>>> a = Article(source="x", text="He said Saturday the deal was signed last week.",
...             published=PubDate("2020-11-21"))
>>> [(t.text, t.value) for t in find_times(a)]
[('Saturday', '2020-11-21'), ('last week', '2020-W46')]
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, replace
from typing import Literal

from kg.article import Article, Zone
from kg.records import TimeExpr

log = logging.getLogger(__name__)

XsdType = Literal["date", "gYearMonth", "gYear", "week"]

_MONTH_NUMBERS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
#: Modifiers by which a quarter or period is the one a year before the one in view.
_YEAR_AGO_MODS = frozenset(["year-earlier", "year-ago", "comparable", "corresponding"])
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

# Month names are matched case-sensitively: "may" and "march" are common words.
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_ABBREVIATED = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MON = rf"(?P<mon>{_MONTHS}|(?:{_ABBREVIATED})\.?)"
#: A month name or abbreviation as the named group ``mon``, for other modules' patterns.
MONTH = _MON
# Day-month order ("10 November") only with full names or dotted abbreviations.
_MON_DM = rf"(?P<mon>{_MONTHS}|(?:{_ABBREVIATED})\.|(?:{_ABBREVIATED})\b(?![-']))"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WD_PREFIX = rf"(?:{_WD},?\s+)?"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>1[6-9]\d\d|20\d\d)"
_REL = r"(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)"

#: Patterns in order of preference when two matches of equal length overlap.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_WD_PREFIX}{_MON}\s+{_DAY},?\s+{_YEAR}\b")),
    ("dmy", re.compile(rf"\b{_WD_PREFIX}{_DAY}\s+(?:of\s+)?{_MON_DM},?\s+{_YEAR}\b")),
    # "the 14th of December in 1995", "the 3rd of May, 2001": the ordinal form of a day-month-year
    (
        "dmy",
        re.compile(
            rf"\b(?:[Tt]he\s+){_DAY}\s+of\s+{_MON_DM},?\s+(?:in\s+(?:the\s+year\s+)?)?{_YEAR}\b"
        ),
    ),
    ("rel_year_md", re.compile(rf"\b{_REL}\s+year\s+(?:on\s+)?{_MON}\s+{_DAY}\b(?!,?\s*\d)")),
    ("md_rel_year", re.compile(rf"\b{_MON}\s+{_DAY},?\s+(?:of\s+)?{_REL}\s+year\b")),
    (
        # "7 March the same year", "March 7 that year": the narrative's year.
        "dm_same_year",
        re.compile(rf"\b{_DAY}\s+{_MON_DM},?\s+(?:of\s+)?(?:that|the same)\s+year\b"),
    ),
    (
        "dm_same_year",
        re.compile(rf"\b{_MON}\s+{_DAY},?\s+(?:of\s+)?(?:that|the same)\s+year\b"),
    ),
    (
        "month_rel_year",
        re.compile(
            rf"\b(?P<mon>{_MONTHS})\s+(?:of\s+)?(?:{_REL}|(?P<nrel>that|the same))\s+year\b"
        ),
    ),
    ("md", re.compile(rf"\b{_WD_PREFIX}{_MON}\s+{_DAY}\b(?!,?\s*\d)")),
    ("dm", re.compile(rf"\b{_WD_PREFIX}{_DAY}\s+(?:of\s+)?{_MON_DM}(?!\s*,?\s*\d)")),
    ("my", re.compile(rf"\b(?:(?:early|mid|late)[- ])?{_MON}\s+(?:of\s+)?{_YEAR}\b")),
    (
        "month",
        re.compile(
            # "early November", "mid-December", "late last April": the part of the month is kept
            # in the span (TimeML's mod), the value is the month's
            r"\b(?:(?:[Ee]arly|[Ll]ate)\s+|[Mm]id-)?"
            r"(?:(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+|(?<=\b(?:[Ii]n|[Bb]y) )|(?<=\b[Ss]ince )"
            r"|(?<=\buntil )|(?<=\b[Ee]arly )|(?<=\b[Mm]id-)|(?<=\b[Ll]ate ))"
            rf"(?P<mon>{_MONTHS})\b(?!\s*\d)"
        ),
    ),
    (
        # A bare month name, but not "May" (a modal) nor a name's first part ("June Carter").
        "month",
        re.compile(
            r"\b(?P<mon>January|February|March|April|June|July|August|September|October"
            r"|November|December)\b(?!\s*\d|\s+[A-Z][a-z]|-)"
        ),
    ),
    (
        "rel_unit",
        re.compile(
            # "this past week" is the week just gone, as "last week"
            r"(?<!the )\b(?:(?:[Ee]arly|[Ll]ate)\s+|[Mm]id-)?"
            r"(?P<rel>[Ll]ast|[Tt]his(?: past)?|[Nn]ext)\s+(?P<unit>week|month|year)\b"
        ),
    ),
    (
        # "earlier in the year", "for the year": the year of publication.
        "the_year",
        re.compile(
            r"(?:(?<=\b[Ii]n )|(?<=\b[Ff]or )|(?<=\b[Dd]uring )|(?<=\bof )|(?<=\b[Tt]hrough )"
            r"|(?<=\b[Tt]hroughout ))[Tt]he\s+(?P<ymod>)year\b(?!-)"
            # "for the year ended Sept. 30": the year of that closing day (its own expression)
            rf"(?:(?=\s+end(?:ed|ing)\s+{_MON}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?)"
            r"|(?!\s+(?:before|after|earlier|ago|later|ended|ending|that|when|in which)))"
        ),
    ),
    ("weekend", re.compile(r"\b(?:[Tt]he|[Tt]his(?:\s+past)?|[Ll]ast)\s+weekend\b")),
    # "by year-end", "around year end": the year of publication.
    ("the_year", re.compile(r"(?<![\w-])(?P<ymod>)[Yy]ear(?:-end|\s+end|'s\s+end)\b")),
    # "later in the day", "earlier in the day": the publication day.
    ("the_day", re.compile(r"\b(?:[Ee]arlier|[Ll]ater)\s+in\s+the\s+day\b")),
    (
        # "It's the second day of an offensive", "today is the eighth day of the blockade".
        "the_day",
        re.compile(
            r"(?:(?<=\b[Ii]t's )|(?<=\b[Ii]t is )|(?<=\b[Tt]oday is )|(?<=\b[Tt]his is ))"
            r"the\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
            r"|\d{1,3}(?:st|nd|rd|th))\s+(?:(?:straight|consecutive|full)\s+)?day\b(?=\s+(?:of|in|since)\b)"
        ),
    ),
    (
        # "the current fiscal year", "the past year": the publication's year, or the one before.
        "the_year",
        re.compile(
            r"\b[Tt]he\s+(?P<ymod>current|past|full|fiscal|calendar|current fiscal|latest fiscal"
            r"|past fiscal)\s+year\b(?!\s+(?:before|after|earlier|ago|later|ended|ending))"
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
            r"|twelve)\s+(?P<unit>day|week|month|year|decade)s?\s+(?:or\s+so\s+)?"
            r"(?P<ago>ago|earlier|from now)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "deictic",
        re.compile(
            r"\b(?P<deictic>[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight|[Ll]ast night"
            r"|[Tt]his (?:morning|afternoon|evening))\b"
        ),
    ),
    (
        "quarter",
        re.compile(
            r"\b(?:(?P<qdet>[Tt]he|[Tt]his year's|[Ll]ast year's|[Nn]ext year's"
            r"|[Tt]he (?:comparable )?year-(?:ago|earlier))\s+)?"
            r"(?:(?:fiscal|calendar)\s+)?(?P<ord>(?i:first|second|third|fourth))(?:[- ]fiscal)?"
            r"[- ][Qq]uarter(?:\s+of\s+(?:(?P<y>1[6-9]\d\d|20\d\d)|(?P<qrel>this|last|next)\s+year))?\b"
        ),
    ),
    (
        "quarter_year",
        re.compile(
            r"\b[Tt]he\s+(?P<y>1[6-9]\d\d|20\d\d)\s+(?:(?P<ord>first|second|third|fourth)\s+)?"
            r"(?:quarter|period)\b"
        ),
    ),
    (
        "quarter_ref",
        re.compile(
            r"\b(?:[Tt]he\s+(?:(?P<qmod>latest|current|past|most recent|recent|year-earlier"
            r"|year-ago|(?:comparable|corresponding)(?: year-earlier| year-ago)?|same|previous"
            r"|prior|fiscal)\s+)?"
            r"(?P<qnoun>quarter|period)(?P<qlast>\s+(?:a year (?:ago|earlier)|last year))?"
            r"|(?P<qlys>[Ll]ast year's\s+(?:quarter|period)))\b"
        ),
    ),
    ("year_ago", re.compile(r"\b(?:[Yy]ear-earlier|[Yy]ear-ago)\b")),
    ("quarter_ref", re.compile(r"\b(?:[Tt]his|[Tt]he current)\s+(?P<qmod>)(?P<qnoun>quarter)\b")),
    # "Results for that quarter": the quarter last told
    ("quarter_ref", re.compile(r"\b[Tt]hat\s+(?P<qthat>)(?P<qnoun>quarter)\b")),
    (
        # "that year", "the following month": from the last date the narrative gave.
        "narrative_unit",
        re.compile(
            r"\b(?P<nrel>[Tt]hat|[Tt]he same|[Tt]he following|[Tt]he previous)\s+(?P<unit>year|month)\b"
        ),
    ),
    (
        "season",
        re.compile(
            r"\b(?:(?P<rel>[Ll]ast|[Tt]his(?: past)?|[Nn]ext)\s+|(?<=\bin )|(?<=\bin the )"
            r"|(?<=\bthe )|(?<=\bearly )|(?<=\blate ))(?P<season>spring|summer|fall|autumn|winter)\b"
        ),
    ),
    (
        "ref",
        re.compile(
            r"\b(?P<ref>(?:[Rr]ight )?[Nn]ow|[Cc]urrently|(?:[Tt]hen[- ])?[Cc]urrent|[Rr]ecently|[Rr]ecent"
            r"(?: (?:years|months|weeks|days))?|(?:[Tt]he )?(?:near )?future|[Tt]he past"
            r"|[Ss]oon|[Pp]reviously|[Tt]hese days|[Nn]owadays"
            r"|(?:[Aa] few|[Ss]everal|[Ss]ome|[Mm]any|[Aa] couple of) (?:days|weeks|months|years) ago"
            r"|(?:[Tt]he )?coming (?:days|weeks|months|quarters|years)"
            r"|[Tt]he (?:near|short|long) term|[Aa]t present|[Pp]ast years|[Tt]he (?:last|past) few"
            r" (?:days|weeks|months|years)|[Aa] later date)\b"
        ),
    ),
    (
        # "saying at the time", "traveling at this crucial moment"
        "ref",
        re.compile(
            r"(?<=\b[Aa]t )(?P<ref>the time|that time|(?:this|the present)(?: [a-z]+)? moment"
            r"|the moment)\b(?!\s+(?:of|when|that|in which)\b)"
        ),
    ),
    # "each Thursday", "every Monday" recur: no single date.
    (
        "weekday",
        re.compile(
            rf"(?<!\b[Ee]ach )(?<!\b[Ee]very )"
            rf"\b(?:{_REL}\s+|(?:[Tt]his\s+)?(?P<coming>coming)\s+)?{_WD}\b"
        ),
    ),
    (
        # "in 1990", and "post-1959", "pre-1914", "mid-1990" too
        "year",
        re.compile(
            rf"(?:(?<=\b[Pp]ost-)|(?<=\b[Pp]re-)|(?<=\b[Mm]id-)|(?<![$£€#/\d.,-]))"
            rf"\b{_YEAR}\b(?!\s*%|[-–/.,]\d|\d)"
        ),
    ),
)
_PRIORITY = {kind: i for i, (kind, _) in enumerate(_PATTERNS)}

_ONES_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS_WORDS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ONES_RE = "|".join(_ONES_WORDS)
_TWO_DIGITS_RE = rf"(?:{'|'.join(_TENS_WORDS)})(?:[- ](?:{_ONES_RE}))?|{'|'.join(_TEENS_WORDS)}"
#: A year spelt out, as transcripts of broadcasts write it: "nineteen ninety-six",
#: "nineteen oh five", "two thousand", "two thousand and one", "twenty twenty-one".
_SPELLED_YEAR = (
    rf"(?P<sy>(?:eighteen|nineteen)[- ](?:hundred|oh[- ](?:{_ONES_RE})|{_TWO_DIGITS_RE})"
    rf"|twenty[- ](?:oh[- ](?:{_ONES_RE})|{_TWO_DIGITS_RE})"
    rf"|two thousand(?:[- ](?:and[- ])?(?:{_ONES_RE}|{_TWO_DIGITS_RE}))?)"
)
_SPELLED_PATTERN = re.compile(
    r"(?i:\b(?:(?:the\s+)?(?P<season>spring|summer|fall|autumn|winter)\s+of\s+"
    rf"|(?P<mon>{_MONTHS})\s+(?:of\s+)?|the\s+year\s+)?"
    rf"{_SPELLED_YEAR})\b(?![- ](?:{_ONES_RE}|hundred|thousand|percent)\b)"
)
_PATTERNS = (*_PATTERNS, ("spelled_year", _SPELLED_PATTERN))
_PRIORITY = {kind: i for i, (kind, _) in enumerate(_PATTERNS)}

_WORD_DECADES = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}
_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
}
#: Holidays by name: a fixed month-day, or a rule over the year (see :func:`holiday_date`).
_HOLIDAY_NAMES = {
    "new year's day": "01-01",
    "new year's eve": "12-31",
    "valentine's day": "02-14",
    "may day": "05-01",
    "bastille day": "07-14",
    "halloween": "10-31",
    "armistice day": "11-11",
    "remembrance day": "11-11",
    "veterans day": "11-11",
    "veterans' day": "11-11",
    "christmas eve": "12-24",
    "christmas day": "12-25",
    "christmas": "12-25",
    "boxing day": "12-26",
    "martin luther king day": "jan-mon-3",
    "martin luther king jr. day": "jan-mon-3",
    "presidents' day": "feb-mon-3",
    "presidents day": "feb-mon-3",
    "memorial day": "may-mon-last",
    "mother's day": "may-sun-2",
    "father's day": "jun-sun-3",
    "labor day": "sep-mon-1",
    "thanksgiving": "nov-thu-4",
    "thanksgiving day": "nov-thu-4",
    "election day": "election",
    "ash wednesday": "easter-46",
    "palm sunday": "easter-7",
    "good friday": "easter-2",
    "easter": "easter+0",
    "easter sunday": "easter+0",
    "easter monday": "easter+1",
    "easter week": "easter-week",
    "holy week": "easter-week",
    "pentecost": "easter+49",
}
_HOLIDAY_RE = "|".join(
    re.escape(name).replace("'", "['’]").replace(r"\ ", r"\s+")
    for name in sorted(_HOLIDAY_NAMES, key=len, reverse=True)
)

#: Patterns with values TimeML gives but XSD has no type for (decades, centuries), and
#: periods told relative to the story's own narrative.
_MORE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        # "the 1990s", "the mid-1980s", "the early 2000s": TimeML writes the decade "199".
        "decade",
        re.compile(r"\b(?:[Tt]he\s+)?(?:(?:early|mid|late)[- ])?(?P<dec>1[0-9]\d|20\d)0'?s\b"),
    ),
    (
        # "the '80s", "the late eighties": the decade of the publication's century, or the one
        # before when that decade is still ahead. "The" is required: "in his eighties" is an age.
        "decade",
        re.compile(
            r"\b[Tt]he\s+(?:(?:early|mid|late)[- ])?(?:['’](?P<dec2>\d)0s\b"
            rf"|(?P<decw>{'|'.join(_WORD_DECADES)})\b)"
        ),
    ),
    (
        "decade",
        re.compile(r"\b(?:[Tt]he\s+)?(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+decade\b"),
    ),
    (
        # "the 20th century" is "19" in TimeML, "the eleventh century" "10".
        "century",
        re.compile(
            r"\b(?:[Tt]he\s+)?(?:(?:early|mid|late)[- ])?(?P<cent>[1-2]?\d)(?:st|nd|rd|th)"
            # spelt out only after "the": "Twentieth Century Fox" is a name
            r"[- ][Cc]entury\b|\b[Tt]he\s+(?:(?:early|mid|late)[- ])?"
            rf"(?P<centw>(?i:{'|'.join(sorted(_ORDINAL_WORDS, key=len, reverse=True))}))"
            r"[- ][Cc]entury\b"
        ),
    ),
    ("century", re.compile(r"\b(?:[Tt]he\s+)?(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+century\b")),
    (
        # "the first half of 1990", "the second half of next year", "the first two quarters of 1990"
        "half",
        re.compile(
            r"\b(?:[Tt]he\s+)?(?P<half>first|second|last|latter)\s+(?:half|two\s+quarters)\s+of\s+"
            r"(?:(?P<y>1[6-9]\d\d|20\d\d)\b|(?:the\s+)?(?P<rel>this|last|next|the)\s+year\b)"
        ),
    ),
    (
        # "Thanksgiving Day", "Easter", "Christmas 2019", "last Christmas"
        "holiday",
        re.compile(
            rf"\b(?:(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+)?(?P<hol>(?=[A-Z])(?i:{_HOLIDAY_RE}))(?![\w'’-])"
            rf"(?:,?\s+{_YEAR}\b)?"
        ),
    ),
    (
        # "the previous Friday", "the following Monday": next to the day the story last told.
        "narrative_weekday",
        re.compile(rf"\b[Tt]he\s+(?P<nrel>previous|following|next)\s+{_WD}\b"),
    ),
    (
        # "the next day", "the following week", "the previous day"
        "narrative_shift",
        re.compile(r"\b[Tt]he\s+(?P<nrel>following|previous)\s+(?P<unit>day|week)\b"),
    ),
    (
        # "The next day" (but "over the next week", "in the next day or two" are spans of time)
        "narrative_shift",
        re.compile(
            r"(?:the|The)(?<!\bover the)(?<!\bin the)(?<!\bwithin the)(?<!\bfor the)"
            r"(?<!\bduring the)(?<!\wthe)(?<!\wThe)\s+(?P<nrel>next)\s+(?P<unit>day|week)\b(?!\s+or\b)"
        ),
    ),
    (
        # "two days later", "a week later", "a month later"
        "narrative_shift",
        re.compile(
            r"\b(?P<n>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
            r"|twelve)\s+(?P<unit>day|week|month|year)s?\s+later\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "on the 12th", "by the 1st.": a day of the month the story is in.
        "month_day_only",
        re.compile(
            r"the(?:(?<=\b[Oo]n the)|(?<=\b[Bb]y the)|(?<=\b[Uu]ntil the)|(?<=\b[Ss]ince the)"
            r"|(?<=\b[Ff]rom the))\s+(?P<d>[1-3]?\d)(?:st|nd|rd|th)\b"
            r"(?=\s*(?:[,.;:!?)]|$|\s+(?:and|when|but)\b|\s+of\s+(?:the|this)\s+month\b))"
        ),
    ),
    (
        # "25.11.2020": day, month, year with dots, as most of Europe writes them.
        "numeric",
        re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)(?![\d]|\.\d)"),
    ),
    (
        # "11/25/2020" or "25/11/2020": the order a day above 12 tells, else the nearer reading.
        "numeric",
        re.compile(r"(?<![\d/])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d\d)(?![\d/])"),
    ),
    (
        # "Q3 2012", "2012 Q3": a quarter as business news abbreviates it
        "quarter_year",
        re.compile(rf"\bQ(?P<ord>[1-4])\s+{_YEAR}\b"),
    ),
    ("quarter_year", re.compile(rf"\b{_YEAR}\s+Q(?P<ord>[1-4])\b")),
    (
        # "late 2012", "mid-2013": the part of the year stays in the span, as with months
        "year",
        re.compile(rf"\b(?:[Ee]arly\s+|[Ll]ate\s+|[Mm]id-){_YEAR}\b(?!\s*%|[-–/.,]\d|\d)"),
    ),
    (
        # "that day", "later that night", "the same week": the day the story last told.
        "narrative_day",
        re.compile(
            r"\b(?:[Tt]hat|[Tt]he same)\s+(?P<unit>day|night|morning|afternoon|evening|week)\b"
            r"(?!\s+(?:of|before|after)\b)"
        ),
    ),
    (
        # "Until then", "by then", "since then": the date the story last told.
        "then",
        re.compile(r"(?:(?<=\b[Uu]ntil )|(?<=\b[Bb]y )|(?<=\b[Ss]ince )|(?<=\b[Tt]ill ))then\b"),
    ),
    (
        # "over the past week", "for the last week": the publication's week, as "the past
        # year" is its year
        "the_week",
        re.compile(r"\b[Tt]he\s+(?:past|last)\s+week\b(?!\s*(?:or|and)\b)(?!['’]s)"),
    ),
    (
        # "earlier in the week": the publication's week.
        "the_week",
        re.compile(
            r"the(?<=\bin the)\s+week\b"
            r"(?!\s+(?:before|after|of|since|that|ahead|to|when|ended|ending|beginning|starting)\b)"
        ),
    ),
    (
        # "the day after his arrest", "Oct. 12, the day before the crash": next to the day
        # the story last told, or that very day when in apposition to it
        "day_next_to",
        re.compile(r"\b[Tt]he\s+day\s+(?P<nrel>before|after)\b(?!\s+(?:yesterday|tomorrow)\b)"),
    ),
    (
        # "For the week, the index fell", "the week's most active session": a week the
        # expression does not fix (TimeML's "1989-WXX"); "in the week" is the publication's
        "week_unspecified",
        re.compile(
            r"(?<!\b[Ii]n )(?<!\b[Ee]nd of )\b[Tt]he\s+week\b(?!\s+(?:before|after|of|since|to|ended"
            r"|ending|beginning|starting|ahead|earlier|later|ago)\b)(?!end)"
        ),
    ),
    (
        # "as much this year as last", "higher this year than last": the year before
        "ellipsis_year",
        re.compile(
            r"(?:(?<=\bthis year as )|(?<=\bthis year than ))last\b(?!\s+(?:week|month|year)\b)"
        ),
    ),
    (
        # "the spring of 2010", "summer 2012"
        "season_year",
        re.compile(
            rf"\b(?:[Tt]he\s+)?(?P<season>spring|summer|fall|autumn|winter)\s+(?:of\s+)?{_YEAR}\b"
        ),
    ),
    (
        # "by the end of the month", "later in the month": the month in view.
        "the_month",
        re.compile(
            r"the(?:(?<=\b[Ii]n the)|(?<=\bof the)|(?<=\b[Dd]uring the)|(?<=\b[Tt]hrough the))"
            r"\s+month\b"
            r"(?!\s+(?:before|after|earlier|ago|later|that|when|since|in which|of|or)\b)"
        ),
    ),
    (
        # "first-half profit", "second-half sales": a half year of a company's accounts
        "half",
        re.compile(
            r"\b(?P<half>[Ff]irst|[Ss]econd)[- ]half\b(?=\s+(?:\w+\s+)?(?:profits?|earnings"
            r"|results|sales|revenues?|loss(?:es)?|net|growth|income|output|demand)\b)"
        ),
    ),
    (
        # "the first Monday of April", "the last Friday in May 2019": one day of that month
        "nth_weekday",
        re.compile(
            rf"\b[Tt]he\s+(?P<nth>first|second|third|fourth|last)\s+{_WD}\s+(?:of|in)\s+"
            rf"(?P<mon>{_MONTHS})\b(?:,?\s+{_YEAR}\b)?"
        ),
    ),
    (
        # "in '98", "the class of '02", "since '15": a year with its century dropped, after a
        # word that takes a year (an apostrophe opening a quote is no year: "'98 people")
        "short_year",
        re.compile(
            r"(?:(?<=\b[Ii]n )|(?<=\bof )|(?<=\b[Ss]ince )|(?<=\buntil )|(?<=\bby )"
            r"|(?<=\bfrom )|(?<=\bto )|(?<=\band )|(?<=\b[Ss]pring )|(?<=\b[Ss]ummer )"
            r"|(?<=\b[Ff]all )|(?<=\b[Ww]inter ))"
            r"['’](?P<sy>\d\d)\b(?!['’]?s\b|[\d%.,]\d)"
            r"(?!\s+(?:years?|percent|per|million|billion|people|of)\b)"
        ),
    ),
)
_PATTERNS = (*_PATTERNS, *_MORE_PATTERNS)
_PRIORITY = {kind: i for i, (kind, _) in enumerate(_PATTERNS)}
#: Kinds whose TimeML values ("199", "19") have no XSD type: found only on request.
_TIMEML_ONLY = frozenset(["ref", "decade", "century", "week_unspecified"])
#: Words (lower case) without one of which a pattern of ``_MORE_PATTERNS`` cannot match: most
#: articles skip most of these patterns at the cost of a substring test (dates were 4 % of
#: the analysis and should stay so).
_TRIGGERS: dict[re.Pattern[str], tuple[str, ...]] = dict(
    zip(
        (pattern for _, pattern in _MORE_PATTERNS),
        (
            ("0s", "0's", "0’s"),
            ("0s", "ties"),
            ("decade",),
            ("century",),
            ("century",),
            ("half", "quarters"),
            tuple(sorted({name.split()[0].removesuffix("'s") for name in _HOLIDAY_NAMES})),
            ("previous", "following", "next"),
            ("following", "previous"),
            ("next",),
            ("later",),
            ("st", "nd", "rd", "th"),
            (".19", ".20"),
            ("/19", "/20"),
            ("q1", "q2", "q3", "q4"),
            ("q1", "q2", "q3", "q4"),
            ("early", "late", "mid-"),
            ("that", "same"),
            ("then",),
            ("past week", "last week"),
            ("in the week",),
            ("day before", "day after"),
            ("the week",),
            ("this year",),
            ("spring", "summer", "fall", "autumn", "winter"),
            ("month",),
            ("half",),
            ("first", "second", "third", "fourth", "last"),
            ("'", "’"),
        ),
        strict=True,
    )
)


def _spelled_number(words: str) -> int | None:
    """Return the value of a spelt-out number below 100 ("ninety-six" -> 96, "oh five" -> 5)."""
    total = 0
    for word in re.split(r"[- ]+", words.lower()):
        if word in ("oh", "and", ""):
            continue
        if word in _ONES_WORDS:
            total += _ONES_WORDS.index(word) + 1
        elif word in _TEENS_WORDS:
            total += _TEENS_WORDS.index(word) + 10
        elif word in _TENS_WORDS:
            total += (_TENS_WORDS.index(word) + 2) * 10
        else:
            return None
    return total


def _spelled_year(text: str) -> int | None:
    """Return the year a spelt-out year names: "nineteen ninety-six" -> 1996."""
    t = text.lower()
    if t.startswith("two thousand"):
        rest = _spelled_number(t.removeprefix("two thousand"))
        return None if rest is None else 2000 + rest
    head, _, tail = re.sub(r"[- ]", " ", t).partition(" ")
    century = {"eighteen": 1800, "nineteen": 1900, "twenty": 2000}[head]
    if tail == "hundred":
        return century
    rest = _spelled_number(tail)
    return None if rest is None else century + rest


# Words that make a bare four-digit number a year rather than a count.
_YEAR_CUES = frozenset(
    [
        "in",
        "since",
        "of",
        "by",
        "until",
        "till",
        "from",
        "to",
        "before",
        "after",
        "during",
        "through",
        "throughout",
        "early",
        "late",
        "fiscal",
        "mid",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "end",
        "year",
        "since",
        "around",
        "circa",
        "and",
        "or",
        "between",
        "post",
        "pre",
    ]
)
# Plural nouns after a number that is a count, not a year ("2000 troops").
_COUNT_AFTER = re.compile(
    r"\s+(?!(?:is|was|has|does|as|this|his|its|us|thus|plus|less|unless|always|perhaps"
    r"|across|whereas|besides|yes)\b)[a-z]+s\b"
)
_FUTURE_CUE = re.compile(
    r"\b(?:will|would|'ll|shall|next|upcoming|scheduled|due to|is to|are to|plans? to|expected to"
    r"|set to|planned for|slated for|planned to|planning to"
    # "protesters planned a rally on Saturday": what is planned lies ahead of the planning
    r"|plan(?:s|ned|ning)?\s+(?:a|an|another)\s+(?:\w+\s+){0,2}(?:rally|march|protest|demonstration"
    r"|meeting|visit|vote|strike|ceremony|trip|summit|conference|hearing|referendum|election))\b",
    re.IGNORECASE,
)


# Verbs that put a sentence in the past; "-ed" forms of scheduling verbs are not among them.
_PAST_CUE = re.compile(r"\b(?:was|were|had|did|ago|earlier|previously)\b")
_PAST_VERB = re.compile(r"(?!(?:expect|schedul|plann|slat|propos|need)ed)[a-z]{2,}ed")
_PAST_IRREGULAR = frozenset(
    [
        "said",
        "met",
        "told",
        "held",
        "made",
        "took",
        "gave",
        "came",
        "went",
        "began",
        "left",
        "was",
        "were",
        "won",
        "lost",
        "struck",
        "fought",
        "wrote",
        "spoke",
        "sent",
        "sold",
        "bought",
        "withdrew",
        "fled",
        "fell",
        "rose",
        "led",
        "broke",
        "drew",
        "flew",
        "chose",
        "saw",
        "found",
        "brought",
        "kept",
        "stood",
        "ran",
        "became",
        "got",
        "shot",
        "sank",
        "swept",
        "sought",
        "threw",
        "spent",
        "built",
        "caught",
        "paid",
        "laid",
        "felt",
        "heard",
        "knew",
        "grew",
        "drove",
        "froze",
        "hid",
        "shook",
        "fed",
        "hung",
        "understood",
        "overran",
        "undertook",
        "forbade",
        "arose",
    ]
)
#: Verbs of scheduled events: in the present tense right before a weekday they speak of the
#: coming one ("Netanyahu and Arafat meet separately Monday", "the summit opens Friday").
_SCHEDULE_PRESENT = re.compile(
    r"(?<!\bits )(?<!\bthe )(?<!\ba )(?<!\btheir )(?<!\bhis )(?<!\bher )(?<!\bour )"
    r"\b(?:meets?|begins?|starts?|opens?|closes?|resumes?|convenes?|arrives?|departs?|leaves?"
    r"|returns?|travels?|visits?|votes?|expires?|ends?|takes? office|goes? on trial)"
    r"(?:\s+(?:again|separately|jointly|together|formally|officially|here|there))?"
    r"\s+(?:on\s+|early\s+|late\s+|next\s+)?$",
    # "The vote Monday" opening a sentence is a noun as much as "the vote Monday"
    re.IGNORECASE,
)
#: Words before a date that make it a deadline or a start, most often still ahead.
_DEADLINE_WORDS = frozenset(
    ["by", "until", "till", "through", "effective", "starting", "beginning"]
)
_DEADLINE_BEFORE = re.compile(
    r"\b(?:until|till|by|as soon as|as early as)\s+(?:\d{1,2}(?::\d\d)?\s*[ap]\.m\.\s*(?:[A-Z]{2,4}\s+)?)?$"
)
#: "postponed (from March 5) to March 20": the new date is one still to come when it was set.
_POSTPONED_TO = re.compile(
    r"\b(?:postponed|delayed|deferred|put\s+off|pushed\s+back|rescheduled|moved|adjourned|extended)\b"
    r"[^.;]{0,60}\b(?:to|until|till)\s+(?:early\s+|mid-|late\s+)?$"
)
#: A present scheduling verb, or "due", right before "in <month>".
_SCHEDULED_IN = re.compile(
    r"(?<!\bthe )(?<!\ba )(?<!\bits )(?<!\btheir )(?<!'s )(?<!’s )"
    r"\b(?:ends?|begins?|starts?|opens?|closes?|resumes?|convenes?|expires?|runs?\s+out"
    r"|takes?\s+effect|comes?\s+into\s+force|is\s+due|are\s+due|falls?\s+due)"
    r"\s+in\s+(?:early\s+|mid-|late\s+)?$",
    re.IGNORECASE,
)
#: Words before a date that name what comes before it: the date is still ahead of them.
_AHEAD_OF = re.compile(
    r"\b(?:ahead\s+of|in\s+the\s+run-up\s+to|in\s+advance\s+of|in\s+preparation\s+for"
    r"|prepar(?:e|es|ing)\s+for)\s+(?:the\s+|this\s+)?$",
    re.IGNORECASE,
)
#: A future told in the present, from the reporter's day: "will sign", "are due to sign",
#: "expects to close", "the treaty enters into force". Unlike "is to" or "would", which
#: also recount a plan from an earlier day, these put the date after publication.
_STRONG_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|(?:is|are|am)\s+(?:(?:now|still|also)\s+)?(?:expected|scheduled|set|due"
    r"|slated|going|planning|preparing)\s+to|(?:plans?|expects?|intends?|aims?|hopes?|wants?"
    r"|seeks?|promises?|vows?|pledges?)\s+to"
    # "expects growth in the third quarter", "sales should rise in the fourth quarter"
    r"|should|expects?|predicts?|anticipates?)\b"
    r"|\b(?:ends?|begins?|starts?|opens?|closes?|expires?|runs?\s+out|takes?\s+effect"
    r"|(?:comes?|enters?)\s+into\s+force)"
    # "expires at the end of June", "polls open at 7 a.m. on Sunday"
    r"(?:\s+at\s+\d{1,2}(?:\s+\d\d)?\s+[ap]\s*m)?"
    r"(?:\s+(?:on|in|at|by)(?:\s+the\s+(?:end|start|beginning|middle)\s+of)?)?\s*$",
    re.IGNORECASE,
)
#: A date recounted soon after the plan it belonged to may keep its "will": a story of
#: Nov. 25 telling that "Armenia will return the district by Nov. 15". Past days this
#: near publication stay past however the clause is worded.
_RECOUNT_SPAN = dt.timedelta(days=31)
#: How many words before a date a future cue may stand ("will meet Bush on Thursday").
_FUTURE_WINDOW = 8
#: Words naming a reporting period longer than a quarter ("the nine months", "the fiscal year"):
#: after one, "a year earlier" compares with that period a year before, not with a quarter.
_YEAR_PERIOD = re.compile(
    r"\b(?:(?:first\s+)?(?:nine|six|twelve|12)[- ]months?|first\s+half|(?:full|fiscal)\s+year"
    r"|year\s+(?:ended|ending|to\s+date)|for\s+the\s+year"
    # "Last year, losses totaled $5 million": a sentence about the whole of last year
    r"|(?:(?<=[.!?]\s)|(?<=\n))last\s+year(?!['’]s))\b",
    re.IGNORECASE,
)
#: "ended Sept. 30" right after "the quarter": the closing day of the quarter meant.
_PERIOD_ENDED = re.compile(rf"\s+end(?:ed|ing)\s+{_MON}\s+{_DAY}\b")
_QUARTER_WORD = re.compile(r"quarter", re.IGNORECASE)
#: How many characters after a month placed in a year the same month named bare is that one.
_SAME_MONTH_SPAN = 1500
#: How far ahead a month-day without tense may lie and still be the coming one.
_NEAR_FUTURE = dt.timedelta(days=92)


@dataclass(frozen=True, slots=True)
class RawTime:
    """A date expression as matched, before it gets a value.

    ``kind`` names the pattern (``mdy``, ``md``, ``weekday``, ...); the other
    fields hold what the text states: month, day, year, weekday (0 = Monday),
    ``rel`` ("last", "this", "next") and ``unit`` (week, month, year, day).
    """

    kind: str
    start: int
    end: int
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    rel: str | None = None
    unit: str | None = None
    count: int | None = None
    mark: str | None = None  # quarter modifier, season code or TimeML reference value

    @property
    def explicit_date(self) -> dt.date | None:
        """Return the calendar day when the text states day, month and year."""
        if self.year and self.month and self.day:
            try:
                return dt.date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None


def month_number(name: str) -> int:
    """Return 1-12 for a month name or abbreviation ("Sept.", "November")."""
    return _MONTH_NUMBERS[name[:3].lower()]


def _raw(kind: str, m: re.Match[str]) -> RawTime | None:
    groups = m.groupdict()
    year = int(groups["y"]) if groups.get("y") else None
    month = None
    if groups.get("mon"):
        month = month_number(groups["mon"])
    elif groups.get("m"):
        month = int(groups["m"])
    day = int(groups["d"]) if groups.get("d") else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    weekday = _WEEKDAYS.index(groups["wd"].lower()) if groups.get("wd") else None
    rel = groups["rel"].lower() if groups.get("rel") else None
    if groups.get("coming"):
        rel = "coming"
    if rel == "this past":
        rel = "last"
    unit = groups["unit"].lower() if groups.get("unit") else None
    count = None
    if kind == "ago":
        n = groups["n"].lower()
        count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
    if kind == "deictic":
        unit = "day"
        rel = groups["deictic"].lower()
    mark = None
    if kind == "ago" and groups["ago"].lower() in ("earlier", "from now"):
        mark = groups["ago"].lower()
    elif kind == "quarter":
        unit = "quarter"
        count = _ORDINALS[groups["ord"].lower()]
        det = (groups.get("qdet") or "").lower()
        rel = {"this year's": "this", "last year's": "last", "next year's": "next"}.get(det)
        if "year-" in det:
            rel = "last"
        if groups.get("qrel"):  # "the first quarter of next year"
            rel = groups["qrel"]
    elif kind == "quarter_ref":
        unit = "quarter"
        mod = groups.get("qmod") or ""
        if groups.get("qthat") is not None:
            mark = "told"
        elif groups.get("qlast") or groups.get("qlys") or mod.split(" ")[0] in _YEAR_AGO_MODS:
            mark = "year_ago"
        elif mod in {"previous", "prior"}:
            mark = "previous"
        elif mod in {"latest", "past", "most recent", "recent"}:
            mark = "latest"
        elif mod == "current" or m.group(0).lower().startswith("this"):
            mark = "current"
        elif groups.get("qnoun") == "period" and not mod:
            return None  # "the period" alone is too vague
        else:
            mark = "same"
    elif kind == "quarter_year":
        unit = "quarter"
        q = groups.get("ord")
        count = (int(q) if q.isdigit() else _ORDINALS[q]) if q else None
    elif kind == "the_year":
        mark = "past" if groups["ymod"].startswith(("past", "latest")) else "this"
    elif kind == "narrative_unit":
        rel = groups["nrel"].lower().removeprefix("the ")
    elif kind == "month_rel_year" and groups.get("nrel"):
        rel = groups["nrel"].lower()
    elif kind == "year_ago":
        unit = "quarter"
        mark = "year_ago"
    elif kind == "season":
        mark = _SEASONS[groups["season"]]
    elif kind == "ref":
        mark = _reference(groups["ref"])
    elif kind == "spelled_year":
        year = _spelled_year(groups["sy"])
        if year is None:
            return None
        if groups.get("season"):
            mark = _SEASONS[groups["season"].lower()]
    elif kind == "season_year":
        mark = _SEASONS[groups["season"]]
    elif kind == "decade":
        if groups.get("dec"):
            mark = groups["dec"]
        elif groups.get("dec2"):
            count = int(groups["dec2"])
        elif groups.get("decw"):
            count = _WORD_DECADES[groups["decw"].lower()]
    elif kind == "century":
        if groups.get("cent"):
            count = int(groups["cent"])
        elif groups.get("centw"):
            count = _ORDINAL_WORDS[groups["centw"].lower()]
        if count is not None and not 1 <= count <= 21:
            return None
    elif kind == "nth_weekday":
        count = -1 if groups["nth"] == "last" else _ORDINALS[groups["nth"]]
    elif kind == "short_year":
        count = int(groups["sy"])
    elif kind == "half":
        count = 1 if groups["half"].lower() == "first" else 2
        if rel == "the":
            rel = "this"
    elif kind == "holiday":
        mark = re.sub(r"\s+", " ", groups["hol"].lower().replace("’", "'"))
    elif kind == "narrative_weekday":
        rel = groups["nrel"]
    elif kind == "day_next_to":
        count = -1 if groups["nrel"] == "before" else 1
    elif kind == "narrative_day":
        unit = "week" if groups["unit"] == "week" else "day"
    elif kind == "narrative_shift":
        unit = groups["unit"].lower()
        if groups.get("nrel"):
            count = -1 if groups["nrel"] == "previous" else 1
        else:
            n = groups["n"].lower()
            count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
    elif kind == "numeric" and groups.get("a"):
        a, b = int(groups["a"]), int(groups["b"])
        if a > 12 and 1 <= b <= 12:
            day, month = a, b
        elif b > 12 and 1 <= a <= 12:
            month, day = a, b
        elif 1 <= a <= 12 and 1 <= b <= 12:
            month, day, mark = a, b, "either"  # the resolver takes the reading nearer publication
        else:
            return None
        if not 1 <= day <= 31:
            return None
    return RawTime(
        kind, m.start(), m.end(), m.group(0), year, month, day, weekday, rel, unit, count, mark
    )


def _reference(word: str) -> str:
    """Return the TimeML value of a reference word: now -> PRESENT_REF, recently -> PAST_REF."""
    w = word.lower()
    if "now" in w or w.startswith("current") or w in ("these days", "at present") or "moment" in w:
        return "PRESENT_REF"
    if "future" in w or w == "soon" or "coming" in w or w.endswith("term") or "later" in w:
        return "FUTURE_REF"
    return "PAST_REF"


def _is_year(text: str, m: re.Match[str]) -> bool:
    """Tell a year ("in 2020", "2020.") from a count ("2000 troops")."""
    before = text[max(0, m.start() - 20) : m.start()].split()
    prev = before[-1].lower().strip("(,-") if before else ""
    if prev in _YEAR_CUES:
        return True
    if prev in {
        "no.",
        "no",
        "number",
        "page",
        "route",
        "flight",
        "room",
        "some",
        "nearly",
        "almost",
    }:
        return False
    return not _COUNT_AFTER.match(text, m.end())


def scan(article: Article) -> list[RawTime]:
    """Return the date expressions of ``article.text`` outside furniture, in text order.

    Where matches overlap the longest wins ("Sept. 27 last year" over "last year").
    """
    text = article.text
    candidates: list[RawTime] = []
    lower = text.lower()
    for kind, pattern in _PATTERNS:
        triggers = _TRIGGERS.get(pattern)
        if triggers is not None and not any(t in lower for t in triggers):
            continue
        for m in pattern.finditer(text):
            if kind == "year" and not _is_year(text, m):
                continue
            raw = _raw(kind, m)
            if raw is not None:
                candidates.append(raw)
    candidates.sort(key=lambda r: (-(r.end - r.start), _PRIORITY[r.kind], r.start))
    taken: list[RawTime] = []
    for cand in candidates:
        if any(cand.start < t.end and t.start < cand.end for t in taken):
            continue
        if article.zone_at(cand.start) is Zone.FURNITURE:
            continue
        taken.append(cand)
    taken.sort(key=lambda r: r.start)
    return _restated(text, _second_days(text, _first_days(text, taken)))


#: Kinds that count from the day the story last told.
_NARRATIVE_KINDS = frozenset(
    ["narrative_shift", "narrative_day", "narrative_weekday", "day_next_to"]
)
_APPOSITION = re.compile(r"\s*[,(–—-]?\s*(?:on\s+|i\.e\.,?\s+)?")


def _restated(text: str, raws: list[RawTime]) -> list[RawTime]:
    """Drop "the previous day" when a date in apposition restates it ("the previous day, 10 May").

    The stated day is the surer one: the day last told may be another event's.
    """
    out = []
    for i, raw in enumerate(raws):
        nxt = raws[i + 1] if i + 1 < len(raws) else None
        if (
            raw.kind in _NARRATIVE_KINDS
            and nxt is not None
            and nxt.day is not None
            and _APPOSITION.fullmatch(text, raw.end, nxt.start)
        ):
            continue
        out.append(raw)
    return out


# "April 24 and 25", "Nov. 3-4": a second day in the first one's month.
_SECOND_DAY = re.compile(
    r"\s*(?:and|or|to|through|-|–)\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b"
    r"(?!\s*(?:%|percent\b|[a-z]+s\b)|[.:]\d)"
)


_RANGE_YEAR = re.compile(r",?\s+(?P<y>1[6-9]\d\d|20\d\d)\b")
#: What joins the two ends of a range of days ("between Nov. 15 and Dec. 1").
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|until|till|through|and)\s*")
_RANGE_OPEN = re.compile(r"\b(?:[Bb]etween|[Ff]rom)\s+$")


# "9-10 November", "between 1 and 3 December": a first day before a day-month's day.
_FIRST_DAY = re.compile(
    r"(?<![\d$£€#.,/:])\b(?P<dd>(?P<d>[0-3]?\d)(?:st|nd|rd|th)?)\s*(?:-|–|to|and|or|until|till|through)\s*$"
)


def _first_days(text: str, taken: list[RawTime]) -> list[RawTime]:
    """Add the bare day numbers that open a range of days in one month ("9-10 November")."""
    out: list[RawTime] = []
    for raw in taken:
        if raw.kind in ("dm", "dmy") and raw.day is not None and raw.text[:1].isdigit():
            window_start = max(out[-1].end if out else 0, raw.start - 16)
            m = _FIRST_DAY.search(text, window_start, raw.start)
            if m is not None and 1 <= int(m.group("d")) < raw.day:
                out.append(
                    RawTime(
                        raw.kind,
                        m.start("dd"),
                        m.end("dd"),
                        m.group("dd"),
                        year=raw.year,
                        month=raw.month,
                        day=int(m.group("d")),
                    )
                )
        out.append(raw)
    return out


def _second_days(text: str, taken: list[RawTime]) -> list[RawTime]:
    """Add the bare day numbers that share a month-day's month ("April 24 and 25")."""
    out: list[RawTime] = []
    for i, raw in enumerate(taken):
        out.append(raw)
        if raw.kind != "md" or raw.day is None:
            continue
        m = _SECOND_DAY.match(text, raw.end)
        if m is None or int(m.group("d")) <= raw.day or int(m.group("d")) > 31:
            continue
        if i + 1 < len(taken) and taken[i + 1].start < m.end():
            continue
        year = _RANGE_YEAR.match(text, m.end())
        if year is not None and raw.year is None:
            # "November 9-10, 2020": the year closing the range is the first day's too
            out[-1] = replace(raw, kind="mdy", year=int(year.group("y")))
        out.append(
            RawTime(
                "second_day",
                m.start("d"),
                m.end(),
                m.group(0)[m.start("d") - m.start() :],
                day=int(m.group("d")),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class _Pub:
    """The publication date split by precision."""

    year: int
    month: int | None = None
    day: dt.date | None = None


def _parse_pub(article: Article) -> _Pub | None:
    if article.published is None:
        return None
    value = article.published.value
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip()[:10])
    if not m:
        log.warning(
            "%s: publication date %r is not ISO 8601; relative dates stay unresolved",
            article.source,
            value,
        )
        return None
    year = int(m.group(1))
    if m.group(3):
        day = dt.date(year, int(m.group(2)), int(m.group(3)))
        return _Pub(year, day.month, day)
    if m.group(2):
        return _Pub(year, int(m.group(2)))
    return _Pub(year)


def iso_week(day: dt.date) -> str:
    """Return the ISO week holding ``day``, e.g. ``2020-W46``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def xsd_type(value: str) -> XsdType:
    """Return the XSD datatype fitting an ISO value: date, gYearMonth, gYear or week.

    >>> [xsd_type(v) for v in ("2020-11-21", "2020-11", "2020", "2020-W46")]
    ['date', 'gYearMonth', 'gYear', 'week']
    """
    if re.fullmatch(r"-?\d{4}-\d{2}-\d{2}", value):
        return "date"
    if re.fullmatch(r"-?\d{4}-\d{2}", value):
        return "gYearMonth"
    if re.fullmatch(r"-?\d{4}", value):
        return "gYear"
    if re.fullmatch(r"\d{4}-W\d{2}", value):
        return "week"
    if re.fullmatch(r"\d{4}-W\d{2}-WE", value):
        return "week"
    if re.fullmatch(r"\d{4}-(?:Q[1-4]|H[12]|SP|SU|FA|WI)", value):
        return "gYear"  # a quarter or season: no XSD type of its own, its year is never wrong
    raise ValueError(f"not an ISO 8601 date, month, year or week: {value!r}")


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _paragraph(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


# A sentence ends at . ! ? before a capital, unless the period closes an abbreviation.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z])|\n")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "sr",
        "jr",
        "st",
        "no",
        "gen",
        "col",
        "sgt",
        "rep",
        "sen",
        "gov",
        "lt",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)


def _sentence_before(text: str, offset: int) -> str:
    """Return the text from the start of the sentence holding ``offset`` up to it."""
    window_start = max(0, offset - 400)
    start = window_start
    for m in _SENTENCE_END.finditer(text, window_start, offset):
        word = re.search(r"(\w+)\W*$", text[max(0, m.start() - 12) : m.start() + 1])
        if (
            m.group(0).startswith(".")
            and word
            and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1)
        ):
            continue
        start = m.end()
    return text[start:offset]


def _sentence_after(text: str, offset: int) -> str:
    """Return the text from ``offset`` to the end of its sentence (at most 300 characters)."""
    window = text[offset : offset + 300]
    for m in _SENTENCE_END.finditer(window):
        word = re.search(r"(\w+)\W*$", window[max(0, m.start() - 12) : m.start() + 1])
        if (
            m.group(0).startswith(".")
            and word
            and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1)
        ):
            continue
        return window[: m.start()]
    return window


def _future_verb_first(clause: str) -> bool:
    """Tell whether a future cue comes in ``clause`` before any past verb."""
    future = _FUTURE_CUE.search(clause)
    if future is None or future.group(0).lower() == "planned to":
        return False  # "On Friday, the government planned to pay": told in the past
    for w in re.finditer(r"[\w']+", clause[: future.start()]):
        word = w.group(0).lower()
        if word in _PAST_IRREGULAR or _PAST_CUE.fullmatch(word) or _PAST_VERB.fullmatch(word):
            return False
    return True


def _past_verb_before(text: str, offset: int) -> bool:
    """Tell whether a past verb stands right before ``offset`` ("signed Dec. 15", "said on Friday")."""
    before = re.search(
        r"(?:(\w+)\s+)?(\w+)\s+(?:on\s+|late\s+|early\s+)?$", text[max(0, offset - 60) : offset]
    )
    if before is None:
        return False
    word = before.group(2).lower()
    if (before.group(1) or "").lower() in ("be", "being", "to"):
        # "would be signed on Friday", "to be handed over on Friday": a participle, no tense
        return False
    return word in _PAST_IRREGULAR or bool(_PAST_VERB.fullmatch(word))


def _easter(year: int) -> dt.date:
    """Return Easter Sunday of ``year`` (Gregorian computus, the "anonymous" algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


_WEEKDAY_ABBR = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def holiday_date(name: str, year: int) -> dt.date | None:
    """Return the day a holiday falls on in ``year`` (the Monday of its week for a week).

    >>> holiday_date("thanksgiving day", 1999), holiday_date("easter", 2000)
    (datetime.date(1999, 11, 25), datetime.date(2000, 4, 23))
    """
    rule = _HOLIDAY_NAMES.get(name)
    if rule is None:
        return None
    if rule[0].isdigit():
        month, day = (int(x) for x in rule.split("-"))
        return _safe_date(year, month, day)
    if rule == "election":  # the Tuesday after the first Monday of November
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(0 - first.weekday()) % 7 + 1)
    if rule.startswith("easter"):
        easter = _easter(year)
        if rule == "easter-week":
            return easter - dt.timedelta(days=easter.weekday())
        return easter + dt.timedelta(days=int(rule[6:]))
    mon, wd, nth = rule.split("-")
    month, weekday = month_number(mon), _WEEKDAY_ABBR.index(wd)
    return nth_weekday(year, month, weekday, -1 if nth == "last" else int(nth))


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """Return the ``nth`` ``weekday`` (0 is Monday) of a month; ``nth`` -1 is the last.

    >>> nth_weekday(2021, 4, 0, 1), nth_weekday(2021, 5, 0, -1)
    (datetime.date(2021, 4, 5), datetime.date(2021, 5, 31))
    """
    if nth == -1:
        following = _shift_month(year, month, 1)
        end = dt.date(following[0], following[1], 1) - dt.timedelta(days=1)
        return end - dt.timedelta(days=(end.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


#: Words that, met walking back from a date, put its clause ahead of the telling.
_AHEAD_WORDS = frozenset(
    [
        "will",
        "would",
        "'ll",
        "shall",
        "to",
        "plans",
        "plan",
        "expects",
        "expect",
        "due",
        "scheduled",
        "planned",
        "going",
        "must",
        "should",
        "may",
        "might",
        "can",
        "could",
    ]
)
#: "-ed" words that mostly describe a noun rather than tell an event ("the Paris-based group").
_ADJECTIVAL_ED = frozenset(
    [
        "based",
        "called",
        "named",
        "armed",
        "united",
        "related",
        "alleged",
        "disputed",
        "occupied",
        "limited",
        "detailed",
        "advanced",
        "concerned",
        "interested",
        "divided",
        "mixed",
        "renewed",
        "increased",
        "reduced",
        "continued",
        "required",
        "agreed",
    ]
)
_DETERMINERS = frozenset(
    ["the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those"]
)
#: Present auxiliaries: met walking back from a date, the clause is not told in the past.
_PRESENT_AUX = frozenset(["is", "are", "am", "has", "have", "does", "do"])
#: Words after which an "-ed" word is an adjective or a participle, not a past verb.
_NOT_BEFORE_PAST = _DETERMINERS | {"be", "being", "to", "is", "are", "am", "been", "newly", "so"}


def _clause_is_past(text: str, offset: int) -> bool:
    """Tell whether the verb nearest before ``offset`` in its clause is past.

    Walking back from the date: "They signed the deal on March 12" (past) against "said
    it expects to release results in mid-November" (a word that points ahead comes first).
    """
    clause = re.split(r"[,;:(\"“”]", _sentence_before(text, offset))[-1]
    tokens = [(m.group(0).lower(), m.start()) for m in re.finditer(r"[\w']+", clause)][-12:]
    for i in range(len(tokens) - 1, -1, -1):
        word, start = tokens[i]
        following = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if word == "to" and (following in _DETERMINERS or following.isdigit()):
            continue  # "from a fiscal year to a calendar year": a preposition
        if word in _AHEAD_WORDS or word in _PRESENT_AUX:
            return False  # "is calling for the redemption on Dec. 7"
        prev = tokens[i - 1][0] if i else ""
        if (start and clause[start - 1] == "-") or prev in _NOT_BEFORE_PAST:
            continue  # "Paris-based", "the revised plan", "when the case is heard in May"
        if word in _PAST_IRREGULAR or (
            _PAST_VERB.fullmatch(word) and word not in _ADJECTIVAL_ED and i
        ):
            return True
    return False


#: Finite verbs and auxiliaries that show a clause has begun before a date.
_FINITE = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "am",
        "has",
        "have",
        "had",
        "will",
        "would",
        "shall",
        "can",
        "could",
        "may",
        "might",
        "must",
        "should",
        "do",
        "does",
        "did",
        "says",
        "say",
        "said",
    ]
)


def _has_verb(words_before: str) -> bool:
    """Tell whether a verb stands in ``words_before`` (a past form, an auxiliary, "says")."""
    tokens = re.findall(r"[\w']+", words_before.lower())
    for i, word in enumerate(tokens):
        if word in _FINITE or word in _PAST_IRREGULAR:
            return True
        if (
            _PAST_VERB.fullmatch(word)
            and word not in _ADJECTIVAL_ED
            and i
            and tokens[i - 1] not in _DETERMINERS
        ):
            return True
    return False


class _Resolver:
    """Give each raw match a value, walking the article in text order."""

    def __init__(self, article: Article, raws: list[RawTime]) -> None:
        self.article = article
        self.pub = _parse_pub(article)
        self.raws = raws
        # The last day the narrative reached, for month-days without a year.
        self.narrative: dt.date | None = None
        # The quarter the story is about ("third-quarter profit"), for "the quarter",
        # "a year earlier" and "the year-ago period" in earnings reports.
        self.quarter: tuple[int, int] | None = None
        # The last year (and month) the text stated outright, for "that year", "the following month".
        self.stated: tuple[int, int | None] | None = None
        # The last day the text told or the reader placed, weekdays included, for "the next day".
        self.last_day: dt.date | None = None
        # Where the expression that told ``last_day`` ends, to see an apposition to it.
        self.last_day_end = -1
        self.last_day_start = -1
        # Each month the text last placed in a year, and where: a month named again shortly
        # after is the same one ("expected to join in April ... the summit in April").
        self.months: dict[int, tuple[int, int]] = {}
        # The last year the text stated outright ("in 1994", "March 3, 1994", "last year")
        # and where that expression starts, for a day or month told without a year right after.
        self.year_told: tuple[int, int, int, int] | None = None
        # The last quarter the text told (year, quarter, where it ends), for "that quarter"
        # and a quarter in apposition to it.
        self.last_quarter: tuple[int, int, int] | None = None

    def _frames_story(self, raw: RawTime) -> bool:
        """Tell whether a stated year sets the time of the story, not of a detail in it.

        "In 1994, the war ended." and "The war ended in 1994." do; "the 1988 bombing",
        "a plan approved in 1987", "since 1990" and "until 1974" do not: there the
        year belongs to a noun or a clause inside the sentence, or only bounds a span.
        """
        before = _sentence_before(self.article.text, raw.start)
        if re.fullmatch(r"\W*(?:(?:[Ii]n|[Oo]n|[Bb]y|[Dd]uring)\s+)?", before):
            return True  # the year opens its sentence
        # "... ended in 1994": right after a past verb of the sentence's own clause
        words = re.findall(r"[\w']+", before)
        return (
            len(words) >= 2
            and words[-1].lower() in ("in", "on")
            and (
                words[-2].lower() in _PAST_IRREGULAR
                or bool(_PAST_VERB.fullmatch(words[-2].lower()))
            )
            and not re.search(r"\b(?:who|which|that|whose)\b|,", before)
            # "a process initiated in 2013" after the sentence's own verb: a participle
            and not _has_verb(" ".join(words[:-2]))
        )

    def _compares_amount(self, raw: RawTime) -> bool:
        """Tell whether ``raw`` dates the amount a figure is compared with.

        "compared with a loss of $3 million last year", "a 13% rise from last
        year's $1.55 billion": the period of the figure, not the whole year.
        """
        text = self.article.text
        before = text[max(0, raw.start - 60) : raw.start]
        if re.search(r"\b(?:from|with|than|over)\s+$", before) and text.startswith(
            ("'s $", "’s $"), raw.end
        ):
            return True
        return bool(
            re.search(
                r"\b(?:from|with|than|of|versus|vs\.)\s+(?:a\s+\w+\s+of\s+)?\$[\d.,]+"
                r"(?:\s+(?:million|billion))?,?\s+$",
                before,
            )
        )

    def _story_year(self, raw: RawTime) -> int | None:
        """Return the year the story is in when it is not the publication's.

        "The war ended in 1994. The leaders met on 14 December": a day or month
        without a year takes the year stated in the same or the sentence before,
        not the publication's, unless the sentence points ahead. A year stated
        further back no longer holds: stories move on.
        """
        told = self.year_told
        pub = self.pub
        if told is None or pub is None or told[0] == pub.year or told[0] > pub.year:
            return None
        text = self.article.text
        start = raw.start - len(_sentence_before(text, raw.start))
        if told[1] < start:
            # the sentence before: from its start, found from just before this one's
            start -= len(_sentence_before(text, max(0, start - 3))) + 3
        if told[1] < start or _FUTURE_CUE.search(_sentence_before(text, raw.start)):
            return None
        # "On Nov. 10, 2020, ... On Jan. 11": the story moves forward into the next year
        later = (raw.month or 0, raw.day or 0) < told[2:] and told[0] < pub.year
        return told[0] + later

    def _narrative_unit(self, raw: RawTime) -> str | None:
        if self.stated is None:
            return None
        year, month = self.stated
        shift = {"following": 1, "previous": -1}.get(raw.rel or "", 0)
        if raw.unit == "year":
            return f"{year + shift:04d}"
        if month is None:
            return None
        year, month = _shift_month(year, month, shift)
        return f"{year:04d}-{month:02d}"

    def _year_period_in_view(self, raw: RawTime) -> bool:
        """Tell whether the text last named a period longer than a quarter before ``raw``.

        In "For the nine months, net rose to $9 million from $7 million a year earlier"
        the comparison is with the nine months of the year before, not with the quarter
        the story began with; a later mention of a quarter brings the quarter back.
        """
        before = self.article.text[: raw.start]
        ends = [m.end() for m in _YEAR_PERIOD.finditer(before)]
        return bool(ends) and _QUARTER_WORD.search(before, ends[-1]) is None

    def _year_ended(self, raw: RawTime) -> str | None:
        """Resolve "the year ended Sept. 30": the year of the latest such day up to publication."""
        assert raw.month is not None and raw.day is not None
        if raw.year is not None:
            return f"{raw.year:04d}"
        pub = self.pub
        if pub is None:
            return None
        late = pub.month is not None and (raw.month, raw.day) > (
            pub.month,
            pub.day.day if pub.day else 31,
        )
        if pub.day is not None and re.match(r"\s+ending\b", self.article.text[raw.end :]):
            # "the year ending March 31" may still run: the nearer of the two closing days.
            past = _safe_date(pub.year - late, raw.month, raw.day)
            coming = _safe_date(pub.year - late + 1, raw.month, raw.day)
            if past and coming and coming - pub.day < pub.day - past:
                return f"{coming.year:04d}"
        return f"{pub.year - late:04d}"

    def _reported(self, year: int, q: int) -> bool:
        """Tell whether quarter ``q`` of ``year`` had ended by publication: only such a quarter is reported on."""
        pub = self.pub
        if pub is None or pub.month is None:
            return True
        return (year, q) < (pub.year, (pub.month - 1) // 3 + 1)

    def _quarter(self, raw: RawTime) -> str | None:
        """Resolve "the third quarter", "the quarter", "the year-ago period"."""
        pub = self.pub
        if raw.kind == "quarter_year":
            assert raw.year is not None
            if raw.count is None and self._year_period_in_view(raw):
                return f"{raw.year:04d}"  # "the nine months ... the 1988 period"
            q = raw.count or (self.quarter[1] if self.quarter else None)
            return f"{raw.year:04d}-Q{q}" if q else f"{raw.year:04d}"
        told = self.last_quarter
        if raw.mark == "told" and told is not None:
            return f"{told[0]:04d}-Q{told[1]}"
        if raw.kind == "quarter":
            assert raw.count is not None
            if (
                raw.year is None
                and raw.rel is None
                and told is not None
                and re.fullmatch(r"\s*,\s*", self.article.text[told[2] : raw.start])
            ):
                # "In the year-ago quarter, the second quarter ended Oct. 31": the same year
                return f"{told[0]:04d}-Q{raw.count}"
            if raw.year is not None:
                year = raw.year
            elif raw.rel is not None:
                if pub is None:
                    return None
                year = pub.year + {"last": -1, "this": 0, "next": 1}[raw.rel]
            elif pub is not None and pub.month is not None:
                # Quarters are reported after they end: the latest one so numbered.
                current = (pub.month - 1) // 3 + 1
                year = pub.year if raw.count <= current else pub.year - 1
                if raw.count > current and (self._strong_future(raw) or self._future_clause(raw)):
                    # "expects growth in the third quarter" told in March: the coming one
                    year = pub.year
            elif pub is not None:
                year = pub.year
            else:
                return None
            if raw.year is None and (
                (
                    self._reported(year, raw.count)
                    # "After a flat second quarter" looks back from the quarter reported;
                    # a fiscal quarter is another company's calendar.
                    and (
                        self.quarter is None
                        or (year, raw.count) > self.quarter
                        or "fiscal" in raw.text.lower()
                    )
                )
                or (self.quarter is None and not self._future_cue(raw))
            ):
                self.quarter = (year, raw.count)
            return f"{year:04d}-Q{raw.count}"
        if (
            raw.mark == "current"
            and self.quarter is not None
            and raw.text.lower().startswith("this")
            and self.article.text.startswith(("'s", "’s"), raw.end)
        ):
            # "This quarter's loss includes charges" in a report on the third quarter.
            return f"{self.quarter[0]:04d}-Q{self.quarter[1]}"
        if raw.mark == "current" and pub is not None and pub.month is not None:
            return f"{pub.year:04d}-Q{(pub.month - 1) // 3 + 1}"
        ended = _PERIOD_ENDED.match(self.article.text, raw.end)
        if raw.mark == "same" and ended is not None and pub is not None and pub.month is not None:
            # "the quarter ended July 31": the three months up to that day, named by the
            # calendar quarter holding their middle month (May-July is mostly the second)
            month = month_number(ended.group("mon"))
            year = (
                pub.year
                if month < pub.month
                or (month == pub.month and pub.day and int(ended.group("d")) <= pub.day.day)
                else pub.year - 1
            )
            year, middle = _shift_month(year, month, -1)
            q = (middle - 1) // 3 + 1
            if self.quarter is None:
                self.quarter = (year, q)
            return f"{year:04d}-Q{q}"
        ref = self.quarter
        if (
            raw.mark == "year_ago"
            and "quarter" not in raw.text.lower()
            and self._year_period_in_view(raw)
        ):
            # "the year-earlier period" after "for the nine months": that period's year.
            base = ref[0] if ref else pub.year if pub else None
            return f"{base - 1:04d}" if base else None
        if ref is None:
            if raw.kind == "year_ago" or pub is None or pub.month is None:
                return None
            # No quarter named yet: the last one completed before publication.
            year, month = _shift_month(pub.year, pub.month, -3)
            ref = (year, (month - 1) // 3 + 1)
        year, q = ref
        if raw.mark == "year_ago":
            year -= 1
        elif raw.mark == "previous":
            year, q = (year, q - 1) if q > 1 else (year - 1, 4)
        return f"{year:04d}-Q{q}"

    def _season(self, raw: RawTime) -> str | None:
        """Resolve "last fall", "this summer", "in spring" (a past one unless the tense says future)."""
        pub = self.pub
        if pub is None or pub.month is None or raw.mark is None:
            return None
        # Seasons counted on one line, winter with the year it starts in (Dec 1997 is 1997-WI).
        order = ("SP", "SU", "FA", "WI")
        month = pub.month
        now = (pub.year - (month <= 2)) * 4 + ((month - 3) % 12) // 3
        target = order.index(raw.mark)
        base = (now // 4) * 4 + target  # this season-year's one
        future_cue = bool(_FUTURE_CUE.search(_sentence_before(self.article.text, raw.start)))
        if raw.rel == "this":
            # "this winter" is the one in hand, else the nearer of the last and the coming
            # one ("closed this winter" in March: the winter just gone), the tense deciding
            # a tie ("this summer" in January)
            past, coming = (base, base + 4) if base <= now else (base - 4, base)
            if past == now or now - past < coming - now:
                n = past
            elif coming - now < now - past:
                n = coming
            else:
                n = past if self._past_tense(raw) and not future_cue else coming
        elif raw.rel is None and future_cue:
            # "will reopen in the spring" told in early spring: this spring
            n = base if base >= now else base + 4
        elif raw.rel == "next":
            n = base if base > now else base + 4
        elif raw.rel == "last":
            n = base if base < now else base - 4
        else:
            n = base if base <= now else base - 4
        return f"{n // 4:04d}-{order[n % 4]}"

    def _anchor_in_paragraph(self, raw: RawTime) -> dt.date | None:
        """Return a caption-style full date ("Friday, Nov. 20, 2020") in the same paragraph."""
        p_start, p_end = _paragraph(self.article.text, raw.start)
        in_caption = self.article.zone_at(raw.start) is Zone.CAPTION
        for other in self.raws:
            if other is raw or not (p_start <= other.start < p_end):
                continue
            day = other.explicit_date
            if day is not None and (in_caption or other.weekday is not None):
                return day
        return None

    def _month_day(self, raw: RawTime) -> tuple[dt.date, bool] | None:
        assert raw.month is not None and raw.day is not None
        pub = self.pub
        if raw.weekday is not None and raw.rel is None and pub is not None:
            # "Saturday, April 25": the year in which that day is a Saturday, nearest first.
            for year in (pub.year, pub.year + 1, pub.year - 1):
                day = _safe_date(year, raw.month, raw.day)
                if day is not None and day.weekday() == raw.weekday:
                    return day, True
        if raw.rel is not None:
            if pub is None:
                return None
            offset = {"last": -1, "this": 0, "next": 1}[raw.rel]
            day = _safe_date(pub.year + offset, raw.month, raw.day)
            return (day, True) if day else None
        if (story_year := self._story_year(raw)) is not None:
            day = _safe_date(story_year, raw.month, raw.day)
            return (day, False) if day else None
        if pub is not None and pub.day is not None:
            future = self._future_cue(raw) or self._strong_future(raw)
            this_year = _safe_date(pub.year, raw.month, raw.day)
            if this_year is None:
                return None
            past_year = pub.year if this_year <= pub.day else pub.year - 1
            past = _safe_date(past_year, raw.month, raw.day)
            if future:
                # Tense alone misleads ("Armenia is to return Kelbajar by Nov. 15" in a story
                # of Nov. 25 recounting the deal): take the nearer of the two candidates,
                # unless the future is told from the reporter's day ("the parties will sign
                # the deal on Dec. 5" in March) and the past candidate is no recent day.
                next_year = pub.year if this_year >= pub.day else pub.year + 1
                upcoming = _safe_date(next_year, raw.month, raw.day)
                if upcoming and (
                    past is None
                    or upcoming - pub.day < pub.day - past
                    or (pub.day - past > _RECOUNT_SPAN and self._strong_future(raw))
                ):
                    return upcoming, True
            elif past is not None and not self._past_tense(raw):
                # No tense either way: a date due within a season is the coming one
                # ("the dividend is payable Dec. 15" in a story of Nov. 3).
                upcoming = _safe_date(past.year + 1, raw.month, raw.day)
                if upcoming and upcoming - pub.day <= _NEAR_FUTURE < pub.day - past:
                    return upcoming, True
            return (past, True) if past else None
        if pub is not None and pub.month is not None:
            year = pub.year if raw.month <= pub.month else pub.year - 1
            day = _safe_date(year, raw.month, raw.day)
            return (day, True) if day else None
        # Only the year is known (or nothing): follow the narrative forward.
        ref = self.narrative
        if ref is not None:
            year = ref.year if (raw.month, raw.day) >= (ref.month, ref.day) else ref.year + 1
            if pub is None or pub.year - 1 <= year <= pub.year:
                day = _safe_date(year, raw.month, raw.day)
                return (day, False) if day else None
        if pub is None:
            return None
        day = _safe_date(pub.year, raw.month, raw.day)
        return (day, True) if day else None

    def _future_cue(self, raw: RawTime) -> bool:
        """Tell whether the sentence before ``raw``, or a deadline word right before it, points ahead."""
        word = self._word_before(raw)
        if word == "since":  # "on patrol since March": a start already past
            return False
        before = _sentence_before(self.article.text, raw.start)
        if _FUTURE_CUE.search(before) or _POSTPONED_TO.search(before):
            return True
        # "the rebels held the town until March 20": a bound told in the past
        return word in _DEADLINE_WORDS and not self._bound_in_past(raw)

    def _strong_future(self, raw: RawTime) -> bool:
        """Tell whether the clause leading to ``raw`` tells a future from the reporter's day.

        "The parties will sign the deal on Dec. 5", "the firm expects to close the sale
        by Dec. 1", "the treaty enters into force on Jan. 1"; not when a past verb or
        auxiliary comes between ("said it would sign", "was expected to sign").
        """
        text = self.article.text
        clause = re.split(r"[,;:(\"“”]", _sentence_before(text, raw.start))[-1]
        words = " ".join(re.findall(r"[\w']+", clause)[-_FUTURE_WINDOW:])
        cues = list(_STRONG_FUTURE.finditer(words))
        if not cues:
            return False
        return not _PAST_CUE.search(words) and not _past_verb_before(text, raw.start)

    def _bound_in_past(self, raw: RawTime) -> bool:
        """Tell whether a bound ("until March 20", "through September") is told in the past.

        "The rebels held the town until March 20" is; "banks have extended loans through
        January" is not: the present perfect reaches the reporter's day.
        """
        before = _sentence_before(self.article.text, raw.start)
        return self._past_tense(raw) and not re.search(
            r"\b(?:has|have|'ve)\s+(?:(?:also|already|now|just|since)\s+)?\w+ed\b[^,;]*$", before
        )

    def _word_before(self, raw: RawTime) -> str:
        """Return the word right before ``raw``, skipping "early", "mid-" and "late"."""
        text = self.article.text
        before = re.search(
            r"(\w+)\s+(?:early\s+|mid-|late\s+)?$", text[max(0, raw.start - 30) : raw.start]
        )
        return before.group(1).lower() if before else ""

    def _future_clause(self, raw: RawTime) -> bool:
        """Tell whether the clause holding ``raw`` speaks of the future.

        A past verb right before the date wins ("Cuba predicted Wednesday" after a quote
        with "will"); otherwise a future cue among the few words before it counts
        ("will meet Bush on Thursday", "planned to leave on Thursday").
        """
        text = self.article.text
        before = _sentence_before(text, raw.start)
        if _past_verb_before(text, raw.start):
            return False
        if self._strong_future(raw):
            return True  # "the new rules come into force on Tuesday"
        words = re.findall(r"[\w']+", before)[-_FUTURE_WINDOW:]
        if _FUTURE_CUE.search(" ".join(words)) or _POSTPONED_TO.search(before):
            return True
        if raw.kind == "weekday" and _future_verb_first(before) and not _PAST_CUE.search(before):
            # "is scheduled to spend five hours in the capital, her first stop, Tuesday": a
            # sentence that looks ahead before any past verb, the date further on
            return True
        if raw.kind == "weekday" and _SCHEDULE_PRESENT.search(before[-60:]):
            return True
        # "until 9 a.m. Tuesday", "as soon as Tuesday": a deadline still ahead, unless the
        # clause is in the past ("had filed reports by Wednesday").
        if _DEADLINE_BEFORE.search(text[max(0, raw.start - 30) : raw.start]):
            return not _PAST_CUE.search(" ".join(words))
        # "On Tuesday, the league plans to hold a news conference": a date opening the
        # sentence takes the tense of the verb that follows it.
        if re.fullmatch(r"\W*(?:(?:[Aa]nd|[Bb]ut|[Aa]lso|[Tt]hen)\s+)?(?:[Oo]n\s+)?", before):
            return _future_verb_first(_sentence_after(text, raw.end))
        # "A summit in Doha on Friday will discuss the deal": a weekday inside the subject,
        # with no verb before it, takes the tense of the verb after it
        if raw.kind == "weekday" and not _has_verb(before):
            return _future_verb_first(_sentence_after(text, raw.end))
        return False

    def _range_end_before_start(self, raw: RawTime, day: dt.date) -> bool:
        """Tell whether ``raw`` closes a range ("from X to", "between X and") opened after ``day``."""
        text = self.article.text
        start = self.last_day
        return (
            start is not None
            and day < start
            and _RANGE_JOIN.fullmatch(text, self.last_day_end, raw.start) is not None
            and _RANGE_OPEN.search(text, max(0, self.last_day_start - 12), self.last_day_start)
            is not None
        )

    def _ahead_of(self, raw: RawTime) -> bool:
        """Tell whether ``raw`` follows "ahead of", "in the run-up to", "in preparation for"."""
        return bool(_AHEAD_OF.search(self.article.text[max(0, raw.start - 40) : raw.start]))

    def _weekend(self, raw: RawTime) -> str | None:
        """Resolve "the weekend": the latest one begun by the publication day (``1998-W08-WE``)."""
        if self.pub is None or self.pub.day is None:
            return None
        day = self.pub.day
        # "ahead of the weekend": the coming one, unless told in the past on a day nearer
        # the weekend just gone (a Monday story of Friday's trading)
        ahead = self._ahead_of(raw) and (
            not self._past_tense(raw) or 5 - day.weekday() < day.weekday() + 1
        )
        future = not raw.text.lower().startswith("last") and (self._future_clause(raw) or ahead)
        if day.weekday() < 5:
            day += dt.timedelta(days=5 - day.weekday()) if future else -dt.timedelta(days=7)
        return f"{iso_week(day)}-WE"

    def _past_tense(self, raw: RawTime) -> bool:
        """Tell whether the clause leading to ``raw`` speaks of the past.

        Only the words before the date count: in "The accord, which comes into force
        on May 1, was mediated by Norway" the date belongs to "comes".
        """
        text = self.article.text
        words = re.findall(r"[\w']+", _sentence_before(text, raw.start))[-_FUTURE_WINDOW:]
        if _PAST_CUE.search(" ".join(words)):
            return True
        if _past_verb_before(text, raw.start):
            return True
        # "the Jan. 14 deadline" in a past sentence may still lie ahead
        return not re.match(r"\s+deadlines?\b", text[raw.end :]) and _clause_is_past(
            text, raw.start
        )

    def _bare_month(self, raw: RawTime) -> str | None:
        """Resolve "in January", "last April": the latest such month up to the publication."""
        assert raw.month is not None
        pub = self.pub
        if self.stated is not None and raw.rel is None and self._word_before(raw) == "that":
            # "The war began in 1994. That March, ...": the month of the year in view
            return f"{self.stated[0]:04d}-{raw.month:02d}"
        if pub is None or pub.month is None:
            if raw.rel is not None:
                return None
            # Only a year (or nothing) is known: the month of the year the text last
            # stated ("early in 2013 ... During the talks in February"); the publication's
            # year alone does not tell whether the month is before or after the story.
            if self.stated is not None:
                return f"{self.stated[0]:04d}-{raw.month:02d}"
            return None
        if raw.rel == "next":
            year = pub.year if raw.month > pub.month else pub.year + 1
        elif raw.rel == "last":
            # "last February" in March is a year back: the month just ended would be "last month"
            year = pub.year if raw.month < pub.month - 1 else pub.year - 1
        elif raw.rel == "this":
            year = pub.year
        elif (told := self.months.get(raw.month)) is not None and raw.start - told[
            1
        ] <= _SAME_MONTH_SPAN:
            year = told[0]
        else:
            future = self._future_cue(raw)
            ahead = (raw.month - pub.month) % 12
            if future and not _FUTURE_CUE.search(_sentence_before(self.article.text, raw.start)):
                # Only a deadline word ("through January"): the nearer of the two, unless the
                # clause is past ("the contract ran through September").
                future = 0 < ahead <= 6 and not self._bound_in_past(raw)
            if not future and (
                _SCHEDULED_IN.search(_sentence_before(self.article.text, raw.start))
                or self._strong_future(raw)
            ):
                # "The fiscal year ends in June", "elections are due in June": a month named
                # for something scheduled, told in the present, is the coming one
                future = ahead > 0
            if future or (0 < ahead <= 2 and not self._past_tense(raw)):
                year = pub.year if raw.month >= pub.month else pub.year + 1
            else:
                year = pub.year if raw.month <= pub.month else pub.year - 1
        return f"{year:04d}-{raw.month:02d}"

    def _weekday(self, raw: RawTime) -> tuple[dt.date, bool] | None:
        assert raw.weekday is not None
        anchor = self._anchor_in_paragraph(raw)
        anchored = anchor is None
        if anchor is None:
            if self.pub is None or self.pub.day is None:
                return None
            anchor = self.pub.day
        # "Wednesday's ruling": a possessive weekday names a day already come.
        possessive = self.article.text.startswith(("'s", "’s"), raw.end)
        if raw.rel == "this" and not self._future_clause(raw) and not self._past_tense(raw):
            # "this Friday" with no tense to tell: the Friday of the week in hand
            return anchor + dt.timedelta(days=raw.weekday - anchor.weekday()), anchored
        future = raw.rel in ("next", "coming") or (
            raw.rel in (None, "this") and not possessive and self._future_clause(raw)
        )
        if raw.rel is None and not future and self._ahead_of(raw):
            # "Police massed ahead of Sunday's vote": the coming Sunday, unless the story
            # is told in the past and the Sunday just gone is the nearer
            coming = (raw.weekday - anchor.weekday()) % 7
            future = not self._past_tense(raw) or coming < (anchor.weekday() - raw.weekday) % 7
        if future:
            delta = (raw.weekday - anchor.weekday()) % 7
            if raw.rel == "next" and delta == 0:
                delta = 7
            return anchor + dt.timedelta(days=delta), anchored
        delta = (anchor.weekday() - raw.weekday) % 7
        if raw.rel == "last" and delta == 0:
            delta = 7
        return anchor - dt.timedelta(days=delta), anchored

    def _relative(self, raw: RawTime) -> str | None:
        pub = self.pub
        if pub is None:
            return None
        if raw.kind == "deictic":
            if pub.day is None:
                return None
            shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(raw.rel or "", 0)
            return (pub.day + dt.timedelta(days=shift)).isoformat()
        base = pub.day
        if raw.kind == "ago":
            n = (raw.count or 0) if raw.mark == "from now" else -(raw.count or 0)
            if raw.mark == "earlier" and self.last_day is not None:
                # "On Tuesday ... A day earlier": counted back from the day last told.
                base = self.last_day
        else:
            n = {"last": -1, "this": 0, "next": 1}[raw.rel or "this"]
        if raw.unit == "day":
            return (base + dt.timedelta(days=n)).isoformat() if base else None
        if raw.unit == "week":
            return iso_week(base + dt.timedelta(weeks=n)) if base else None
        if raw.unit == "month":
            if pub.month is None:
                return None
            year, month = _shift_month(pub.year, pub.month, n)
            return f"{year:04d}-{month:02d}"
        if raw.unit == "decade":  # "a decade ago": the year ten years back, as TimeML's year
            return f"{pub.year + 10 * n:04d}"
        return f"{pub.year + n:04d}"

    def _holiday(self, raw: RawTime) -> dt.date | None:
        """Resolve "Thanksgiving Day", "last Christmas": the latest one begun by publication.

        The coming one when a future cue makes it the nearer, or when nothing says past
        and it lies within three months ahead ("from now to Election Day").
        """
        assert raw.mark is not None
        name = raw.mark
        if raw.year is not None:
            return holiday_date(name, raw.year)
        pub = self.pub
        if pub is None:
            return None
        if pub.day is None:
            return holiday_date(name, pub.year)
        days = [holiday_date(name, y) for y in (pub.year - 1, pub.year, pub.year + 1)]
        past = max((d for d in days if d is not None and d <= pub.day), default=None)
        coming = min((d for d in days if d is not None and d > pub.day), default=None)
        if raw.rel == "this":
            return holiday_date(name, pub.year)
        if raw.rel == "next" or past is None:
            return coming
        if raw.rel == "last" or coming is None:
            return past
        if self._future_cue(raw):
            return coming if coming - pub.day < pub.day - past else past
        if not self._past_tense(raw) and coming - pub.day <= _NEAR_FUTURE < pub.day - past:
            return coming
        return past

    def _narrative_weekday(self, raw: RawTime) -> dt.date | None:
        """Resolve "the previous Friday", "the following Monday" from the day last told."""
        assert raw.weekday is not None
        anchor = self.last_day or (self.pub.day if self.pub else None)
        if anchor is None:
            return None
        if raw.rel == "previous":
            return anchor - dt.timedelta(days=(anchor.weekday() - raw.weekday) % 7 or 7)
        return anchor + dt.timedelta(days=(raw.weekday - anchor.weekday()) % 7 or 7)

    def _narrative_shift(self, raw: RawTime) -> tuple[str | None, dt.date | None]:
        """Resolve "the next day", "a week later", "two months later" from the day last told."""
        n = raw.count or 0
        anchor = self.last_day
        if raw.unit == "day":
            return (None, anchor + dt.timedelta(days=n)) if anchor else (None, None)
        if raw.unit == "week":
            return (iso_week(anchor + dt.timedelta(weeks=n)), None) if anchor else (None, None)
        base = (anchor.year, anchor.month) if anchor else self.stated
        if base is None:
            return None, None
        if raw.unit == "year":
            return f"{base[0] + n:04d}", None
        if base[1] is None:
            return None, None
        year, month = _shift_month(base[0], base[1], n)
        return f"{year:04d}-{month:02d}", None

    def _month_in_view(self) -> tuple[int, int] | None:
        """Return the month the story is in: the last one told, else the publication's."""
        if self.stated is not None and self.stated[1] is not None:
            return self.stated[0], self.stated[1]
        if self.pub is not None and self.pub.month is not None:
            return self.pub.year, self.pub.month
        return None

    def _either_order(self, raw: RawTime) -> dt.date | None:
        """Resolve "05/11/2020": the month-first or day-first reading nearer publication."""
        assert raw.year is not None and raw.month is not None and raw.day is not None
        readings = [
            d
            for d in (
                _safe_date(raw.year, raw.month, raw.day),
                _safe_date(raw.year, raw.day, raw.month),
            )
            if d is not None
        ]
        if self.pub is None or self.pub.day is None or not readings:
            return readings[0] if readings else None
        pub_day = self.pub.day
        return min(readings, key=lambda d: abs((d - pub_day).days))

    def _timeml_period(self, raw: RawTime) -> str | None:
        """Resolve a decade ("199"), a century ("19") or a half year ("1990-H1")."""
        pub = self.pub
        offset = {"last": -1, "this": 0, "next": 1}.get(raw.rel or "")
        if raw.kind == "decade":
            if raw.mark:
                return raw.mark
            if pub is None:
                return None
            if offset is not None:
                return f"{pub.year // 10 + offset:03d}"
            assert raw.count is not None
            century = pub.year // 100 - (raw.count * 10 > pub.year % 100)
            return f"{century:02d}{raw.count}"
        if raw.kind == "century":
            if raw.count is not None:
                return f"{raw.count - 1:02d}"
            return f"{pub.year // 100 + (offset or 0):02d}" if pub else None
        year = raw.year
        if year is None:
            if pub is None:
                return None
            year = pub.year + (offset or 0)
            current = 2 if (pub.month or 12) > 6 else 1
            if raw.rel is None and pub.month is not None and (raw.count or 0) >= current:
                # "first-half profit" with nothing said of the year: the latest half so
                # numbered that has ended, or one still running or to come when the clause
                # looks ahead, or (running) when it is not told in the past
                ahead = self._strong_future(raw) or self._future_clause(raw)
                running = raw.count == current and not self._past_tense(raw)
                if not (ahead or running):
                    year -= 1
        return f"{year:04d}-H{raw.count}"

    def resolve(self, raw: RawTime) -> TimeExpr | None:
        value: str | None = None
        anchored = False
        day: dt.date | None = None
        if raw.kind in ("iso", "mdy", "dmy"):
            day = raw.explicit_date
        elif raw.kind in ("md", "dm", "rel_year_md", "md_rel_year"):
            found = self._month_day(raw)
            if found:
                day, anchored = found
                if raw.kind in ("md", "dm") and self._range_end_before_start(raw, day):
                    # "between Nov. 15 and Dec. 1": a range ends after it starts (told in
                    # the past, not after publication: then the start is the one misplaced)
                    later = _safe_date(day.year + 1, day.month, day.day)
                    pub_day = self.pub.day if self.pub else None
                    if later and not (pub_day and later > pub_day and self._past_tense(raw)):
                        day = later
        elif raw.kind == "weekday":
            found = self._weekday(raw)
            if found:
                day, anchored = found
        elif raw.kind == "month":
            value = self._bare_month(raw)
            # a month placed in the year the text stated does not hang on the publication
            anchored = self.stated is None or (self.pub is not None and self.pub.month is not None)
        elif raw.kind == "narrative_unit":
            value = self._narrative_unit(raw)
        elif raw.kind == "the_day":
            if self.pub is not None and self.pub.day is not None:
                value = self.pub.day.isoformat()
            anchored = True
        elif raw.kind == "weekend":
            value = self._weekend(raw)
            anchored = True
        elif raw.kind == "the_year" and raw.month and raw.day:
            value = self._year_ended(raw)
            anchored = raw.year is None
        elif raw.kind == "the_year":
            if self.pub is not None:
                back = raw.mark == "past" or (
                    # "shares have risen since year-end", "assets stood at $5 billion at
                    # year-end" told before December: the end of the year before
                    "end" in raw.text.lower()
                    and (self.pub.month or 12) < 12
                    and (self._word_before(raw) == "since" or self._past_tense(raw))
                    and not self._future_clause(raw)
                )
                value = f"{self.pub.year - back:04d}"
            anchored = True
        elif raw.kind in ("quarter", "quarter_ref", "quarter_year", "year_ago"):
            value = self._quarter(raw)
            anchored = True
        elif raw.kind == "season":
            value = self._season(raw)
            anchored = True
        elif raw.kind == "ref":
            value = raw.mark
            anchored = True
        elif (
            raw.kind == "ago"
            and raw.unit == "year"
            and raw.mark != "from now"
            and self.quarter
            and not self._year_period_in_view(raw)
        ):
            value = f"{self.quarter[0] - (raw.count or 1):04d}-Q{self.quarter[1]}"
            anchored = True
        elif (
            raw.kind == "rel_unit"
            and raw.unit == "year"
            and raw.rel == "last"
            and self.quarter
            and not self._year_period_in_view(raw)
            and self._compares_amount(raw)
        ):
            # "a loss of $3 million last year" in a report on a quarter: that quarter a year back
            value = f"{self.quarter[0] - 1:04d}-Q{self.quarter[1]}"
            anchored = True
        elif raw.kind == "second_day":
            if self.narrative is not None and raw.day:
                day = _safe_date(self.narrative.year, self.narrative.month, raw.day)
            anchored = True
        elif raw.kind == "dm_same_year":
            if self.stated is not None and raw.month and raw.day:
                day = _safe_date(self.stated[0], raw.month, raw.day)
        elif raw.kind == "month_rel_year" and raw.rel in ("that", "the same"):
            if self.stated is not None:  # "in June the same year": the narrative's year
                value = f"{self.stated[0]:04d}-{raw.month:02d}"
        elif raw.kind == "month_rel_year":
            if self.pub is not None:
                year = self.pub.year + {"last": -1, "this": 0, "next": 1}[raw.rel or "this"]
                value = f"{year:04d}-{raw.month:02d}"
            anchored = True
        elif raw.kind == "holiday":
            day = self._holiday(raw)
            anchored = raw.year is None
            if day is not None and raw.mark in ("easter week", "holy week"):
                value, day = iso_week(day), None
        elif raw.kind == "narrative_weekday":
            day = self._narrative_weekday(raw)
            anchored = self.last_day is None
        elif raw.kind == "narrative_shift":
            value, day = self._narrative_shift(raw)
        elif raw.kind == "month_day_only":
            month_in_view = (
                (self.last_day.year, self.last_day.month)
                if self.last_day
                else self._month_in_view()
            )
            if month_in_view is not None and raw.day:
                day = _safe_date(month_in_view[0], month_in_view[1], raw.day)
            anchored = self.last_day is None
        elif raw.kind == "numeric":
            day = self._either_order(raw) if raw.mark == "either" else raw.explicit_date
        elif raw.kind == "day_next_to":
            if self.last_day is not None:
                between = self.article.text[self.last_day_end : raw.start]
                # "Oct. 12, the day before the crash" restates Oct. 12
                shift = 0 if re.fullmatch(r"\s*,\s*", between) else raw.count or 0
                day = self.last_day + dt.timedelta(days=shift)
        elif raw.kind == "narrative_day":
            if self.last_day is not None:
                told = self.last_day
                value = iso_week(told) if raw.unit == "week" else told.isoformat()
        elif raw.kind == "then":
            if self.last_day is not None:
                value = self.last_day.isoformat()
            elif self.stated is not None:
                year, month = self.stated
                value = f"{year:04d}" if month is None else f"{year:04d}-{month:02d}"
        elif raw.kind == "the_week":
            if self.pub is not None and self.pub.day is not None:
                value = iso_week(self.pub.day)
            anchored = True
        elif raw.kind == "season_year":
            value = f"{raw.year:04d}-{raw.mark}"
        elif raw.kind == "week_unspecified":
            if self.pub is not None:
                value = f"{self.pub.year:04d}-WXX"
            anchored = True
        elif raw.kind == "ellipsis_year":
            if self.pub is not None:
                value = f"{self.pub.year - 1:04d}"
            anchored = True
        elif raw.kind == "the_month":
            month_in_view = self._month_in_view()
            if month_in_view is not None:
                value = f"{month_in_view[0]:04d}-{month_in_view[1]:02d}"
            anchored = True
        elif raw.kind in ("decade", "century", "half"):
            value = self._timeml_period(raw)
            anchored = (
                raw.rel is not None
                or (raw.kind == "decade" and not raw.mark)
                or (raw.kind == "half" and raw.year is None)
            )
        elif raw.kind == "my":
            value = f"{raw.year:04d}-{raw.month:02d}"
        elif raw.kind == "year":
            value = f"{raw.year:04d}"
        elif raw.kind == "nth_weekday":
            # the month as a bare month would be read ("will meet on the first Monday of
            # April": the coming April), then that day of it
            assert raw.month is not None and raw.weekday is not None and raw.count is not None
            month_value = f"{raw.year:04d}-{raw.month:02d}" if raw.year else self._bare_month(raw)
            if month_value is not None:
                year = int(month_value[:4])
                day = nth_weekday(year, raw.month, raw.weekday, raw.count)
                anchored = raw.year is None
        elif raw.kind == "short_year":
            # the publication's century, or the one before when that year is still far ahead
            if self.pub is not None and raw.count is not None:
                year = self.pub.year // 100 * 100 + raw.count
                value = f"{year - 100 * (year > self.pub.year + 5):04d}"
            anchored = True
        elif raw.kind == "spelled_year" and raw.year:
            value = f"{raw.year:04d}"
            if raw.mark:
                value += f"-{raw.mark}"
            elif raw.month:
                value += f"-{raw.month:02d}"
        else:
            value = self._relative(raw)
            anchored = True
        if day is not None:
            value = day.isoformat()
            self.last_day = day
            self.last_day_end = raw.end
            self.last_day_start = raw.start
            if raw.kind != "weekday":
                self.narrative = day
        if raw.kind in ("iso", "mdy", "dmy", "my", "spelled_year") and raw.year and raw.month:
            self.stated = (raw.year, raw.month)
        elif raw.kind in ("year", "spelled_year") and raw.year:
            self.stated = (raw.year, None)
        elif raw.kind in ("month", "md", "dm") and value:
            # "In March, ... The following month": a month the reader placed counts too.
            self.stated = (int(value[:4]), int(value[5:7]))
        if value is not None and (quarter := re.fullmatch(r"(\d{4})-Q(\d)", value)):
            self.last_quarter = (int(quarter.group(1)), int(quarter.group(2)), raw.end)
        if raw.year is not None and raw.kind in ("iso", "mdy", "dmy", "my", "year", "spelled_year"):
            self.year_told = (
                (raw.year, raw.start, raw.month or 0, raw.day or 0)
                if self._frames_story(raw)
                else None
            )
        if value is not None and re.fullmatch(r"\d{4}-\d\d(?:-\d\d)?", value):
            self.months[int(value[5:7])] = (int(value[:4]), raw.end)
        if value is None:
            log.debug("%s: no value for %r", self.article.source, raw.text)
            return None
        return TimeExpr(raw.text, raw.start, raw.end, value, anchored)


def find_times(article: Article, *, references: bool = False) -> list[TimeExpr]:
    """Find every date expression in ``article`` and normalize it.

    Relative expressions ("Saturday", "last week", "Jan. 11") are resolved
    against ``article.published`` at whatever precision it has; an expression
    that cannot be resolved (a weekday when only the year is known) is left
    out. Expressions in furniture zones are skipped.

    Args:
        article: the article; ``published`` may be None or a day, month or year.
        references: also return the words with no calendar value ("now",
            "recently", "the future") with their TimeML values (``PRESENT_REF``,
            ``PAST_REF``, ``FUTURE_REF``), decades and centuries (``199``, ``19``)
            and a week the expression does not fix ("for the week": ``1989-WXX``);
            the pipeline leaves them out.

    Returns:
        The expressions in text order, with offsets into ``article.text``.
        Values are ISO 8601 (``2020-11-21``, ``2020-11``, ``2020``, ``2020-W46``)
        or TimeML's quarter, season and weekend forms (``1989-Q3``, ``1998-SU``,
        ``2020-W47-WE``).
    """
    raws = scan(article)
    resolver = _Resolver(article, raws)
    times = []
    for raw in raws:
        if raw.kind in _TIMEML_ONLY and not references:
            continue
        expr = resolver.resolve(raw)
        if expr is not None:
            times.append(expr)
    return times
