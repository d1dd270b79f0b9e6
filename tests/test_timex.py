"""Date expressions and their values against the publication date."""

from __future__ import annotations

import pytest

from kg.article import Article, PubDate, Segment, Zone
from kg.timex import find_times, iso_week, xsd_type


def times(text: str, published: str | None, **kwargs: object) -> list[tuple[str, str]]:
    pub = PubDate(published) if published else None
    article = Article(source="t", text=text, published=pub, **kwargs)  # type: ignore[arg-type]
    found = find_times(article)
    for t in found:
        assert text[t.start : t.end] == t.text
    return [(t.text, t.value) for t in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The two countries signed a deal on Nov. 10, 2020 to end the war.", "2020-11-10"),
        ("the agreements reached on November 9, 2020 serve as a basis", "2020-11-09"),
        ("The accord was signed on 10 November 2020 in Moscow.", "2020-11-10"),
        ("Filed 2020-11-10 by the agency.", "2020-11-10"),
        ("A woman at the market in Stepanakert on Saturday, Nov. 21, 2020.", "2020-11-21"),
        ("Voters went to the polls on the 3rd of November, 2020.", "2020-11-03"),
        ("The talks collapsed in early March 2014.", "2014-03"),
    ],
)
def test_explicit_dates_need_no_publication_date(text: str, expected: str) -> None:
    assert [v for _, v in times(text, None)] == [expected]


def test_explicit_date_text_covers_the_weekday() -> None:
    found = times("on Saturday, Nov. 21, 2020. Ethnic Armenians return", None)
    assert found == [("Saturday, Nov. 21, 2020", "2020-11-21")]


def test_month_day_takes_the_most_recent_past_year() -> None:
    text = "Aliyev said on April 14 that he expected proposals. On November 9 they signed."
    assert times(text, "2021-04-16") == [("April 14", "2021-04-14"), ("November 9", "2020-11-09")]


def test_month_day_with_future_cue_takes_the_nearer_year() -> None:
    assert times("The leaders will meet on April 20.", "2021-04-16") == [("April 20", "2021-04-20")]
    # A deadline in a deal recounted ten days later stays in the past.
    text = "Under the agreement, Armenia is to return the district by Nov. 15."
    assert times(text, "2020-11-25") == [("Nov. 15", "2020-11-15")]


def test_month_day_follows_the_narrative_when_only_the_year_is_known() -> None:
    text = (
        "On Nov. 10, 2020, the two countries signed an agreement.\n\n"
        "On Jan. 11, the leaders signed a pact."
    )
    assert times(text, "2021") == [("Nov. 10, 2020", "2020-11-10"), ("Jan. 11", "2021-01-11")]


def test_month_day_without_narrative_takes_the_publication_year() -> None:
    assert times("On Jan. 11, the leaders signed a pact.", "2021") == [("Jan. 11", "2021-01-11")]


def test_month_day_with_relative_year() -> None:
    text = (
        "the tripartite agreement between Azerbaijan, Armenia, and Russia last year on Nov. 10. "
        "When new clashes erupted on Sept. 27 last year, the army attacked. "
        "On Jan. 11 this year, the leaders signed a pact."
    )
    assert times(text, "2021") == [
        ("last year on Nov. 10", "2020-11-10"),
        ("Sept. 27 last year", "2020-09-27"),
        ("Jan. 11 this year", "2021-01-11"),
    ]


def test_weekday_resolves_to_the_most_recent_past_or_same_day() -> None:
    text = "The president of Azerbaijan said Saturday he hopes the ceasefire will hold."
    assert times(text, "2020-11-21") == [("Saturday", "2020-11-21")]
    assert times("Officials met on Thursday.", "2020-11-21") == [("Thursday", "2020-11-19")]
    assert times("Officials met last Saturday.", "2020-11-21") == [("last Saturday", "2020-11-14")]
    assert times("They will meet next Monday.", "2020-11-21") == [("next Monday", "2020-11-23")]


def test_weekday_without_a_known_day_gets_no_value() -> None:
    assert times("a top Azerbaijani official said on Thursday.", "2021") == []
    assert times("a top Azerbaijani official said on Thursday.", None) == []


def test_weekday_in_a_dated_caption_uses_the_caption_date() -> None:
    text = (
        "Ethnic Armenians stay at a classroom in Martakert, Friday, Nov. 20, 2020. "
        "Units of the Azerbaijani army on Friday morning entered the Aghdam region."
    )
    found = find_times(Article(source="t", text=text, published=PubDate("2020-11-27")))
    friday = [t for t in found if t.text == "Friday"]
    assert [(t.value, t.anchored) for t in friday] == [("2020-11-20", False)]


def test_relative_units() -> None:
    text = (
        "Russia negotiated the ceasefire signed last week. The war ended this month. "
        "Talks began last month. Elections were held last year and are due this year. "
        "He arrived yesterday and I hope that today's ceasefire holds; talks resume tomorrow."
    )
    assert times(text, "2020-11-21") == [
        ("last week", "2020-W46"),
        ("this month", "2020-11"),
        ("last month", "2020-10"),
        ("last year", "2019"),
        ("this year", "2020"),
        ("yesterday", "2020-11-20"),
        ("today", "2020-11-21"),
        ("tomorrow", "2020-11-22"),
    ]


def test_relative_units_need_the_matching_precision() -> None:
    text = "The ceasefire signed last week held this month, unlike last year."
    assert times(text, "2021") == [("last year", "2020")]


def test_ago() -> None:
    text = "The rebels seized the town two days ago and left it three weeks ago."
    assert times(text, "2022-11-12") == [
        ("two days ago", "2022-11-10"),
        ("three weeks ago", "2022-W42"),
    ]


def test_relative_values_are_anchored_and_explicit_ones_not() -> None:
    article = Article(
        source="t",
        text="Signed on Nov. 10, 2020; ratified last week.",
        published=PubDate("2020-11-21"),
    )
    assert [(t.text, t.anchored) for t in find_times(article)] == [
        ("Nov. 10, 2020", False),
        ("last week", True),
    ]


def test_years_but_not_counts() -> None:
    text = (
        "the war that ended in 1994 with Armenian forces in control. "
        "The agreement is backed by nearly 2,000 Russian peacekeepers and 1500 troops. "
        "Relations have been tense since 1991, when the army moved. Law No. 6698 applies."
    )
    assert times(text, None) == [("1994", "1994"), ("1991", "1991")]


def test_decades_and_durations_are_not_dates() -> None:
    text = "a previous war in the early 1990s ended six weeks of heavy fighting after 44 days"
    assert times(text, "2020-11-21") == []


def test_lower_case_may_is_not_a_month() -> None:
    assert times("A cease-fire may improve relations 10 times over.", "2020-11-21") == []


def test_furniture_is_skipped() -> None:
    text = "Copyright 2020 The Associated Press.\nThe deal was signed on Nov. 10, 2020."
    segments = [Segment(0, 36, Zone.FURNITURE), Segment(37, len(text), Zone.BODY)]
    assert times(text, "2020-11-21", segments=segments) == [("Nov. 10, 2020", "2020-11-10")]


def test_other_conflicts_and_dates() -> None:
    text = (
        "Ethiopia and Eritrea signed a peace accord in Jeddah on Sept. 16, 2018. "
        "Hong Kong was handed over to China on July 1, 1997. "
        "Israeli troops left Gaza in August 2005."
    )
    assert [v for _, v in times(text, "2018-09-20")] == ["2018-09-16", "1997-07-01", "2005-08"]


def test_iso_week_crosses_the_year() -> None:
    import datetime as dt

    assert iso_week(dt.date(2021, 1, 1)) == "2020-W53"
    assert times("The truce was agreed last week.", "2021-01-06") == [("last week", "2020-W53")]


@pytest.mark.parametrize(
    ("value", "kind"),
    [("2020-11-21", "date"), ("2020-11", "gYearMonth"), ("2020", "gYear"), ("2020-W46", "week")],
)
def test_xsd_type(value: str, kind: str) -> None:
    assert xsd_type(value) == kind


def test_xsd_type_rejects_other_values() -> None:
    with pytest.raises(ValueError, match="not an ISO 8601"):
        xsd_type("Nov. 10")


def test_bare_month_names() -> None:
    text = "Prices rose in January and last April; the vote is set for next March."
    assert times(text, "2021-02-10") == [
        ("January", "2021-01"),
        ("last April", "2020-04"),
        ("next March", "2021-03"),
    ]
    # "May" alone is a verb far more often than a month.
    assert times("A cease-fire May improve things.", "2021-02-10") == []


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # quarters: the latest one so numbered, then "a year earlier" is that quarter's
        (
            "Acme posted third-quarter profit of $5 million, up from $4 million a year earlier.",
            "1995-11-02",
            [("third-quarter", "1995-Q3"), ("a year earlier", "1994-Q3")],
        ),
        (
            "Sales rose in the fourth quarter of 1993.",
            "1995-11-02",
            [("the fourth quarter of 1993", "1993-Q4")],
        ),
        (
            "Revenue fell in the year-ago period.",
            "1995-11-02",
            [("the year-ago period", "1994-Q3")],
        ),
        # after "the nine months", "a year earlier" is that period's year, not the quarter's
        (
            "Acme's third-quarter net rose. For the nine months, net was $9 million,"
            " up from $7 million a year earlier.",
            "1995-11-02",
            [("third-quarter", "1995-Q3"), ("a year earlier", "1994")],
        ),
        # a quarter still ahead ("will take a fourth-quarter charge") is not the one reported
        (
            "Acme's third-quarter profit rose. It will take a fourth-quarter charge."
            " Sales fell from a year ago.",
            "1995-11-02",
            [
                ("third-quarter", "1995-Q3"),
                ("fourth-quarter", "1995-Q4"),
                ("a year ago", "1994-Q3"),
            ],
        ),
        # "the latest period" is the quarter the story reports, fiscal ones included
        (
            "Acme had a loss for its fiscal second quarter. Sales in the latest period fell.",
            "1995-10-26",
            [("fiscal second quarter", "1995-Q2"), ("the latest period", "1995-Q2")],
        ),
        # "for the year ended Sept. 30": the year of that closing day
        (
            "For the year ended Sept. 30, Acme earned $4 million. For the year, sales were flat.",
            "1995-11-02",
            [("the year", "1995"), ("Sept. 30", "1995-09-30"), ("the year", "1995")],
        ),
        (
            "For the year ended Dec. 31, Acme earned $4 million.",
            "1996-02-10",
            [("the year", "1995"), ("Dec. 31", "1995-12-31")],
        ),
        (
            "Profit will fall in the year ending March 31.",
            "1987-03-15",
            [("the year", "1987"), ("March 31", "1987-03-31")],
        ),
        # "since March" is past whatever the sentence's tense; "through January" a deadline
        (
            "The ship, which has been at sea since March, will return soon.",
            "1990-08-13",
            [("March", "1990-03")],
        ),
        ("Banks have extended loans through January.", "1989-10-30", [("January", "1990-01")]),
        (
            "Sales were flat this year through August.",
            "1989-10-27",
            [("this year", "1989"), ("August", "1989-08")],
        ),
        # a quarter named in looking back ("After a flat second quarter") is not the one reported
        (
            "Acme posted a gain in third-quarter net. After a flat second quarter, sales rose"
            " from a year ago.",
            "1995-11-01",
            [
                ("third-quarter", "1995-Q3"),
                ("second quarter", "1995-Q2"),
                ("a year ago", "1994-Q3"),
            ],
        ),
        # "It's the second day of": the publication day
        (
            "It's the second day of an offensive by the army.",
            "1998-03-06",
            [("the second day", "1998-03-06")],
        ),
        # a weekday opening the sentence takes the tense of the verb after it
        (
            "On Tuesday, the league plans to hold a news conference.",
            "1998-10-26",
            [("Tuesday", "1998-10-27")],
        ),
        (
            "On Tuesday, the league said it will hold a news conference.",
            "1998-10-26",
            [("Tuesday", "1998-10-20")],
        ),
        (
            "The team planned to leave Nairobi on Thursday.",
            "1998-09-30",
            [("Thursday", "1998-10-01")],
        ),
        # a scheduled event in the present tense: the coming weekday
        ("The two leaders meet separately Monday.", "1998-05-01", [("Monday", "1998-05-04")]),
        (
            "Sterling was firm against its close on Thursday.",
            "1998-05-01",
            [("Thursday", "1998-04-30")],
        ),
        # "would" reports a plan: the coming date; a possessive weekday is one already come
        (
            "It said new flights would leave each Thursday from August 6.",
            "1998-02-13",
            [("August 6", "1998-08-06")],
        ),
        (
            "His relatives said they would look for ways around Wednesday's ruling.",
            "2000-01-07",
            [("Wednesday", "2000-01-05")],
        ),
        (
            "Acme posted third-quarter net of $5 million. In the comparable year-ago quarter,"
            " it lost $2 million.",
            "1989-10-27",
            [("third-quarter", "1989-Q3"), ("the comparable year-ago quarter", "1988-Q3")],
        ),
        # "The following month" after a month the reader placed
        (
            "In March, Acme received an offer. The following month, it put itself up for sale.",
            "1989-10-27",
            [("March", "1989-03"), ("The following month", "1989-04")],
        ),
        # years with a prefix
        ("The post-1959 politics split families.", "2000-02-24", [("1959", "1959")]),
        # "This quarter's loss" in a report on the third quarter
        (
            "Acme had a loss for the third quarter ended Sept. 30. This quarter's loss includes"
            " charges.",
            "1989-11-01",
            [
                ("the third quarter", "1989-Q3"),
                ("Sept. 30", "1989-09-30"),
                ("This quarter", "1989-Q3"),
            ],
        ),
        # a second day in the first one's month; counts stay counts
        (
            "The summit is on April 24 and 25 in Washington.",
            "1999-02-10",
            [("April 24", "1999-04-24"), ("25", "1999-04-25")],
        ),
        ("Between May 3 and 25 troops arrived.", "1999-06-10", [("May 3", "1999-05-03")]),
        # seasons, winter counted with the year it starts in
        ("The strike began last fall.", "1996-02-06", [("last fall", "1995-FA")]),
        ("Prices climbed this past spring.", "1996-10-06", [("this past spring", "1996-SP")]),
        # a weekday stated with the day picks the year where they agree
        (
            "The editorial ran on Saturday, April 25.",
            "1998-04-24",
            [("Saturday, April 25", "1998-04-25")],
        ),
        # the narrative's year: "June the same year", "that year"
        (
            "The war ended in 2006. A truce was agreed in June the same year.",
            "2010-01-01",
            [("2006", "2006"), ("June the same year", "2006-06")],
        ),
        # a deadline word and no tense: the coming one, if it is the nearer
        ("Troops must leave by Dec. 15.", "1999-11-02", [("Dec. 15", "1999-12-15")]),
        # a time with a zone before the day: the day keeps its value
        (
            "The truce took effect at midnight, Moscow time, on November 10.",
            "2020-11-21",
            [("November 10", "2020-11-10")],
        ),
        ("He met the envoy, Cuba said Wednesday.", "2000-01-07", [("Wednesday", "2000-01-05")]),
        (
            "The leaders will meet again on Thursday in Geneva.",
            "2000-01-04",
            [("Thursday", "2000-01-06")],
        ),
    ],
)
def test_relative_dates_resolved_like_a_careful_reader(
    text: str, published: str, expected: list[tuple[str, str]]
) -> None:
    assert times(text, published) == expected


def test_reference_words_only_on_request() -> None:
    text = "Prices are now lower than they were recently."
    article = Article(source="t", text=text, published=PubDate("2001-05-05"))
    assert find_times(article) == []
    found = [(t.text, t.value) for t in find_times(article, references=True)]
    assert found == [("now", "PRESENT_REF"), ("recently", "PAST_REF")]
    text = "He spoke at the time, at this crucial moment, of the then current price."
    article = Article(source="t", text=text, published=PubDate("2001-05-05"))
    found = [(t.text, t.value) for t in find_times(article, references=True)]
    assert found == [
        ("the time", "PAST_REF"),
        ("this crucial moment", "PRESENT_REF"),
        ("then current", "PAST_REF"),
    ]


def test_quarters_and_seasons_map_to_their_year() -> None:
    assert xsd_type("1989-Q3") == "gYear"
    assert xsd_type("1998-SU") == "gYear"
    from rdflib.namespace import XSD

    from kg.mapping import date_literal

    literal = date_literal("1989-Q3")
    assert (str(literal), literal.datatype) == ("1989", XSD.gYear)


def test_a_deadline_weekday_is_ahead_unless_the_clause_is_past() -> None:
    assert times("The agency has given them until 9 a.m. Tuesday to sign.", "2000-04-03") == [
        ("Tuesday", "2000-04-04")
    ]
    assert times("Ten members had filed reports by Wednesday.", "1990-08-16") == [
        ("Wednesday", "1990-08-15")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It happened in nineteen ninety-six.", [("nineteen ninety-six", "1996")]),
        (
            "Back in January nineteen ninety-seven, it rained.",
            [("January nineteen ninety-seven", "1997-01")],
        ),
        ("By the year two thousand, all is done.", [("the year two thousand", "2000")]),
        ("In two thousand and one, they met.", [("two thousand and one", "2001")]),
        (
            "During the winter of nineteen ninety-four it snowed.",
            [("the winter of nineteen ninety-four", "1994-WI")],
        ),
        ("The house was built in nineteen oh five.", [("nineteen oh five", "1905")]),
        # counts stay counts
        ("There were twenty-one people and nineteen cars.", []),
    ],
)
def test_spelled_out_years(text: str, expected: list[tuple[str, str]]) -> None:
    assert times(text, "1998-02-27") == expected


# --- issue 9: dates in news nobody tuned for (invented sentences) ----------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # deadlines and dates inside noun phrases
        ("Troops must leave the district by Dec. 1, officials said.", [("Dec. 1", "2020-12-01")]),
        ("The Dec. 1 deadline passed quietly.", [("Dec. 1", "2020-12-01")]),
        ("The November 10 accord ended the fighting.", [("November 10", "2020-11-10")]),
        # parts of months and periods keep their modifier in the span
        ("Talks are expected in early December.", [("early December", "2020-12")]),
        ("Fighting resumed in mid-October.", [("mid-October", "2020-10")]),
        ("A truce was agreed late last month.", [("late last month", "2020-10")]),
        ("In May the rebels withdrew.", [("May", "2020-05")]),
        ("Growth slowed in late 2019 and mid-2020.", [("late 2019", "2019"), ("mid-2020", "2020")]),
        ("The deal was inked last Friday.", [("last Friday", "2020-11-20")]),
    ],
)
def test_deadlines_parts_of_months_and_noun_phrases(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert times(text, "2020-11-25") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks were held Nov. 9-10 in Geneva.", [("Nov. 9", "2020-11-09"), ("10", "2020-11-10")]),
        (
            "Talks will be held between 1 and 3 December.",
            [("1", "2020-12-01"), ("3 December", "2020-12-03")],
        ),
        (
            "Envoys met from 16 to 18 October 2019.",
            [("16", "2019-10-16"), ("18 October 2019", "2019-10-18")],
        ),
        (
            "The raid came on the night of 9-10 June.",
            [("9", "2020-06-09"), ("10 June", "2020-06-10")],
        ),
        # a number that is not a day opens no range
        ("Prices rose $3 to 5 November highs.", [("5 November", "2020-11-05")]),
    ],
)
def test_ranges_give_both_days(text: str, expected: list[tuple[str, str]]) -> None:
    assert times(text, "2020-11-25") == expected


def test_days_told_after_the_story_reached_a_day() -> None:
    text = (
        "The envoys met on March 3. The next day the army withdrew. Two days later, the "
        "district was handed over. A week later, the town was returned. The talks had "
        "opened the previous Friday, and a day earlier the border had closed."
    )
    assert times(text, "2014-03-20") == [
        ("March 3", "2014-03-03"),
        ("The next day", "2014-03-04"),
        ("Two days later", "2014-03-06"),
        ("A week later", "2014-W11"),
        # the Friday before the last day told (Thursday, March 6), and the day before that
        ("the previous Friday", "2014-02-28"),
        ("a day earlier", "2014-02-27"),
    ]


def test_that_day_and_the_12th_take_the_day_in_view() -> None:
    text = "Voting began on Tuesday. Later that day, results came in; he resigned on the 28th."
    assert times(text, "2019-05-23") == [
        ("Tuesday", "2019-05-21"),
        ("that day", "2019-05-21"),
        ("the 28th", "2019-05-28"),
    ]
    # no day told yet: "that day" has nothing to refer to
    assert times("Nobody forgot that day.", "2019-05-23") == []
    # "on the 2nd floor" is no day
    assert times("He lives on the 2nd floor.", "2019-05-23") == []


def test_over_the_next_week_is_no_narrative_week() -> None:
    text = "The debate was on Feb. 13. Two rivals may drop out over the next week."
    assert times(text, "2016-02-20") == [("Feb. 13", "2016-02-13")]


def test_the_previous_day_and_the_following_week() -> None:
    text = "Polls closed on Sunday, May 5. The previous day was calm; the following week was not."
    assert times(text, "2019-05-20") == [
        ("Sunday, May 5", "2019-05-05"),
        ("The previous day", "2019-05-04"),
        ("the following week", "2019-W19"),
    ]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # the latest one begun by publication ...
        ("The boy was found on Thanksgiving Day.", "2000-01-07", "1999-11-25"),
        ("On Christmas Day the ceasefire held.", "2021-01-10", "2020-12-25"),
        # ... the coming one within a season when nothing says past
        ("Campaigning goes on from now to Election Day.", "1998-10-26", "1998-11-03"),
        ("The treaty will be signed at Easter.", "2024-02-10", "2024-03-31"),
        ("Fighting stopped on Good Friday 2019.", "2021-06-01", "2019-04-19"),
        ("Prices rose before Memorial Day.", "2020-06-02", "2020-05-25"),
        ("Last Christmas, the talks failed.", "2020-12-30", "2020-12-25"),
    ],
)
def test_holidays(text: str, published: str, expected: str) -> None:
    assert [v for _, v in times(text, published)] == [expected]


def test_easter_week_is_the_week_of_easter() -> None:
    assert times("Protesters prayed as Easter week began.", "2000-04-17") == [
        ("Easter week", "2000-W16")
    ]


def test_holiday_names_need_a_capital() -> None:
    assert times("The boss may day-trade; the easter egg hunt was fun.", "2020-11-25") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The district was handed over on 25.11.2020.", [("25.11.2020", "2020-11-25")]),
        ("Signed 11/20/2020 in Moscow.", [("11/20/2020", "2020-11-20")]),
        ("Signed 20/11/2020 in Moscow.", [("20/11/2020", "2020-11-20")]),
        # either order possible: the reading nearer publication
        ("Signed 10/11/2020 in Moscow.", [("10/11/2020", "2020-11-10")]),
        ("Score 10/11/20 and 3.5.", []),
    ],
)
def test_numeric_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert times(text, "2020-11-25") == expected


def test_the_month_in_view() -> None:
    assert times("Troops will leave by the end of the month.", "2020-11-25") == [
        ("the month", "2020-11")
    ]
    assert times("On March 3 the talks began. Later in the month they failed.", "2020-11-25") == [
        ("March 3", "2020-03-03"),
        ("the month", "2020-03"),
    ]


def test_half_years_and_seasons_of_a_year() -> None:
    text = "Profits fell in the first half of 2019 and will rise in the second half of next year."
    assert times(text, "2020-11-25") == [
        ("the first half of 2019", "2019-H1"),
        ("the second half of next year", "2021-H2"),
    ]
    assert times("It was built in the spring of 2010.", "2020-11-25") == [
        ("the spring of 2010", "2010-SP")
    ]
    assert xsd_type("2019-H1") == "gYear"


def test_decades_and_centuries_only_on_request() -> None:
    text = (
        "Prices rose in the mid-1980s, fell through the '90s and the seventies, as in the "
        "19th century; this decade is calmer. Twentieth Century Fox disagrees; so do men "
        "in their eighties."
    )
    article = Article(source="t", text=text, published=PubDate("2015-06-01"))
    assert find_times(article) == []
    found = [(t.text, t.value) for t in find_times(article, references=True)]
    assert found == [
        ("the mid-1980s", "198"),
        ("the '90s", "199"),
        ("the seventies", "197"),
        ("the 19th century", "18"),
        ("this decade", "201"),
    ]


def test_a_year_followed_by_is_is_a_year() -> None:
    text = "The estate's 1989 is finer than its 1990 vintage; 1989 bottles were sold."
    assert times(text, "1995-01-01") == [("1989", "1989"), ("1990", "1990")]


def test_as_early_as_points_ahead() -> None:
    assert times("The father could arrive as early as Tuesday.", "2000-04-03") == [
        ("Tuesday", "2000-04-04")
    ]


def test_last_night_and_this_morning() -> None:
    assert times("Shelling resumed last night and stopped this morning.", "2020-10-05") == [
        ("last night", "2020-10-04"),
        ("this morning", "2020-10-05"),
    ]


def test_a_date_in_apposition_replaces_the_narrative_day() -> None:
    text = (
        "A truce was signed on 23 July. The accord had been signed the previous day, "
        "10 May 2015, in the capital."
    )
    assert times(text, "2015-08-01") == [
        ("23 July", "2015-07-23"),
        ("10 May 2015", "2015-05-10"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Profit will fall in the first quarter of next year.", "2014-Q1"),
        ("Q3 2012 was weak.", "2012-Q3"),
        ("The 2012 Q4 results were strong.", "2012-Q4"),
        ("The vote was held this past weekend.", "2013-W10-WE"),
        ("A vote will take place two weeks from now.", "2013-W13"),
        ("Talks began on 12 Mar in the capital.", "2013-03-12"),
    ],
)
def test_business_and_british_forms(text: str, expected: str) -> None:
    assert [v for _, v in times(text, "2013-03-14")] == [expected]


def test_present_is_a_present_reference() -> None:
    article = Article(
        source="t", text="At present, prices are high.", published=PubDate("2013-03-14")
    )
    assert [(t.text, t.value) for t in find_times(article, references=True)] == [
        ("At present", "PRESENT_REF")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The accord was initialled on the 14th of December in 1995 in Paris.",
            [("the 14th of December in 1995", "1995-12-14")],
        ),
        ("Polls closed on the 3rd of May, 2001.", [("the 3rd of May, 2001", "2001-05-03")]),
    ],
)
def test_the_nth_of_a_month_in_a_year(text: str, expected: list[tuple[str, str]]) -> None:
    assert times(text, "2020-11-25") == expected


def test_a_month_named_again_is_the_same_month() -> None:
    # The first April is ahead ("are expected to join"); the second, with no tense cue of
    # its own, is the same April, not the one that has passed.
    text = (
        "The three are expected to join in April. With membership secure, they can "
        "take part in planning for the summit in April."
    )
    assert times(text, "2020-12-05") == [("April", "2021-04"), ("April", "2021-04")]


def test_a_planned_event_lies_ahead() -> None:
    text = "Protesters planned a large demonstration in the capital on Saturday."
    assert times(text, "2020-11-20") == [("Saturday", "2020-11-21")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The region was under foreign rule a decade ago.", [("a decade ago", "2010")]),
        ("The talks began a week or so ago.", [("a week or so ago", "2020-W47")]),
    ],
)
def test_decades_ago_and_approximate_ago(text: str, expected: list[tuple[str, str]]) -> None:
    assert times(text, "2020-11-25") == expected


def test_until_then_is_the_date_last_told() -> None:
    text = "Conversion rights end on Nov. 30. Until then, the stock stays convertible."
    assert times(text, "2020-11-02") == [("Nov. 30", "2020-11-30"), ("then", "2020-11-30")]
    assert times("Until then, nothing changes.", "2020-11-02") == []


def test_last_month_name_just_ended_is_a_year_back() -> None:
    # In March, the February just ended is "last month": "last February" is the one before.
    text = "Two ferries sank last February. The port reopened last October."
    assert times(text, "2021-03-02") == [("last February", "2020-02"), ("last October", "2020-10")]
    assert times("Prices fell last June.", "2021-09-01") == [("last June", "2021-06")]


def test_the_quarter_ended_a_day_is_named_by_its_middle_month() -> None:
    text = "In the quarter ended July 31, the retailer sold more rugs."
    assert times(text, "2021-09-10")[0] == ("the quarter", "2021-Q2")
    text = "For the quarter ended Sept. 30, the airline earned $5 million."
    assert times(text, "2021-10-20")[0] == ("the quarter", "2021-Q3")


def test_the_day_before_or_after_the_day_last_told() -> None:
    text = "The mayor died on Friday, Oct. 8. Police came the day after his death."
    assert times(text, "2021-10-20")[-1] == ("the day after", "2021-10-09")
    # In apposition the phrase restates the date: "Oct. 8, the day before the vote".
    text = "Shares peaked on Oct. 8, the day before the vote."
    assert times(text, "2021-10-20")[-1] == ("the day before", "2021-10-08")
    assert times("He had left the day before.", "2021-10-20") == []


def test_a_bare_month_takes_the_stated_year_when_only_a_year_is_published() -> None:
    text = "Talks resumed early in 2013. During the round in February, an annex was signed."
    assert times(text, "2016") == [("2013", "2013"), ("February", "2013-02")]
    # No year stated before it: the publication's year alone cannot place the month.
    assert times("A first meeting took place in May.", "2016") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the verb nearest before the date tells the direction of a day shortly ahead
        ("Troops withdrew from the town on March 12.", "2020-03-12"),
        ("They signed the deal on March 12.", "2020-03-12"),
        ("The company changed its name to a shorter one in April.", "2020-04"),
        # a present, a word pointing ahead, or an adjective in "-ed" leaves it ahead
        ("The ceasefire takes effect on March 12.", "2021-03-12"),
        ("Officials said it is calling a vote on March 12.", "2021-03-12"),
        ("Officials said the guidelines to be published in April will decide.", "2021-04"),
        ("The Paris-based group holds a vote on March 12.", "2021-03-12"),
        ("The mayor said the district would be handed back on March 20.", "2021-03-20"),
        # the date of a deadline may still lie ahead in a past sentence
        ("The minister gave no reason for the March 20 deadline.", "2021-03-20"),
    ],
)
def test_the_clause_verb_tells_the_year_of_a_day_shortly_ahead(text: str, expected: str) -> None:
    assert [v for _, v in times(text, "2021-03-10")] == [expected]


def test_a_postponement_moves_the_date_ahead() -> None:
    text = "The handover was postponed from March 5 to March 20."
    assert times(text, "2021-03-10") == [("March 5", "2021-03-05"), ("March 20", "2021-03-20")]
    assert times("The vote was postponed until Friday.", "2021-03-10") == [("Friday", "2021-03-12")]
    text = "The deadline was extended to April 1 from March 1."
    assert times(text, "2021-03-10") == [("April 1", "2021-04-01"), ("March 1", "2021-03-01")]
    # Without "until" or "to" the weekday is when the postponement happened.
    assert times("The vote was postponed Friday.", "2021-03-10") == [("Friday", "2021-03-05")]


def test_would_be_signed_on_a_weekday_is_ahead() -> None:
    text = "On Monday the president said the deal would be signed on Friday."
    assert times(text, "2021-03-10") == [("Monday", "2021-03-08"), ("Friday", "2021-03-12")]


def test_ahead_of_a_weekday_or_the_weekend_is_the_coming_one() -> None:
    # published on a Friday: the Sunday and the weekend ahead
    assert times("Police massed ahead of Sunday's vote.", "2020-11-20") == [
        ("Sunday", "2020-11-22")
    ]
    text = "Traders squared positions ahead of the weekend."
    assert times(text, "2020-11-20") == [("the weekend", "2020-W47-WE")]
    # published on a Monday and told in the past: the Sunday and the weekend just gone
    assert times("Police massed ahead of Sunday's vote.", "2020-11-23") == [
        ("Sunday", "2020-11-22")
    ]
    assert times(text, "2020-11-23") == [("the weekend", "2020-W47-WE")]
    # in the present, still the coming one
    text = "Voters prepare for Sunday's election."
    assert times(text, "2020-11-23") == [("Sunday", "2020-11-29")]


def test_a_weekday_inside_the_subject_takes_the_tense_of_the_verb_after_it() -> None:
    # published on a Wednesday
    text = "A summit in the capital on Friday will discuss the deal."
    assert times(text, "2020-11-18") == [("Friday", "2020-11-20")]
    text = "A summit in the capital on Friday ended without agreement."
    assert times(text, "2020-11-18") == [("Friday", "2020-11-13")]
    # a verb before the weekday: the rule does not apply ("met ... on Friday" is past)
    text = "The envoys met in the capital on Friday and will meet again."
    assert times(text, "2020-11-18") == [("Friday", "2020-11-13")]


def test_a_month_for_something_scheduled_in_the_present_is_the_coming_one() -> None:
    assert times("The mandate expires in August.", "2013-03-14") == [("August", "2013-08")]
    assert times("The talks begin in late July.", "2013-03-14") == [("late July", "2013-07")]
    assert times("Elections are due in September.", "2013-03-14") == [("September", "2013-09")]
    # told in the past: the one gone
    assert times("The mandate expired in August.", "2013-03-14") == [("August", "2012-08")]


def test_a_range_of_days_shares_its_year_and_ends_after_it_starts() -> None:
    # the year closing "November 9-10, 2020" is the first day's too
    text = "Talks were held November 9-10, 2020 in the capital."
    assert times(text, "2022-03-01")[:2] == [("November 9", "2020-11-09"), ("10", "2020-11-10")]
    # a range from December into January crosses the new year
    text = "Troops withdrew between Dec. 15 and Jan. 10."
    assert times(text, "2022-03-01") == [("Dec. 15", "2021-12-15"), ("Jan. 10", "2022-01-10")]
    # the end alone would be the past February: the range puts it after its start
    text = "The curfew is in force between Dec. 15 and Feb. 10."
    assert times(text, "2021-10-15") == [("Dec. 15", "2021-12-15"), ("Feb. 10", "2022-02-10")]


def test_the_year_period_after_the_nine_months_is_a_year() -> None:
    text = (
        "Third-quarter net rose to $5 million. For the nine months, net was $9 million, "
        "against $7 million in the 2020 period."
    )
    assert times(text, "2021-10-20")[-1] == ("the 2020 period", "2020")
    text = "Third-quarter net rose to $5 million, from $4 million in the 2020 period."
    assert times(text, "2021-10-20")[-1] == ("the 2020 period", "2020-Q3")


def test_month_day_takes_the_year_the_story_is_about() -> None:
    # a year that opens the sentence before, or follows its past verb, sets the story's time
    text = "In 1994, the war ended. On 14 December the two leaders signed the accord."
    assert times(text, "2020-11-21")[-1] == ("14 December", "1994-12-14")
    text = "The war ended in 1994. The leaders met on March 3 and signed the accord."
    assert times(text, "2020-11-21")[-1] == ("March 3", "1994-03-03")


@pytest.mark.parametrize(
    "before",
    [
        "Police reopened the 1988 bombing case.",  # a year inside a noun phrase
        "Rebels have held the valley since 1994.",  # a span still running
        "Under a plan approved by the board in 1987, it bought shares.",  # inside a clause
        "The mill, which closed in 1994, was sold.",  # a relative clause's year
        "The forum was part of a process initiated in 1994.",  # a participle's year
        "In 1994, the war ended. The town grew. The mayor spoke.",  # two sentences back
    ],
)
def test_month_day_keeps_the_publication_year_when_a_year_is_only_a_detail(before: str) -> None:
    found = times(before + " The council voted on 14 October.", "2020-11-21")
    assert found[-1] == ("14 October", "2020-10-14")


def test_month_day_after_a_past_year_still_looks_ahead_with_a_future_cue() -> None:
    text = "In 1994, the war ended. The leaders will meet on 14 December."
    assert times(text, "2020-11-21")[-1] == ("14 December", "2020-12-14")


def test_a_week_the_expression_does_not_fix_is_timeml_underspecified() -> None:
    text = "For the week, the index fell 3%. Volume was the week's highest. Sales rose in the week."
    article = Article(source="t", text=text, published=PubDate("1989-10-30"))
    found = [(t.text, t.value) for t in find_times(article, references=True)]
    assert found == [("the week", "1989-WXX"), ("the week", "1989-WXX"), ("the week", "1989-W44")]
    # the pipeline's values stay ISO 8601: the underspecified week is left out
    assert times(text, "1989-10-30") == [("the week", "1989-W44")]


def test_last_standing_for_last_year() -> None:
    assert times("Profit will be twice as high this year as last.", "2020-11-21") == [
        ("this year", "2020"),
        ("last", "2019"),
    ]
    assert times("This year was hotter than last week.", "2020-11-21")[-1] == (
        "last week",
        "2020-W46",
    )


def test_last_year_of_a_compared_amount_in_a_quarterly_report() -> None:
    text = (
        "The bank posted third-quarter net of $24 million, compared with a loss of $3 million "
        "last year. Sales rose 13% from last year's $1.55 billion. Last year, the bank cut jobs."
    )
    assert times(text, "2020-10-28") == [
        ("third-quarter", "2020-Q3"),
        ("last year", "2019-Q3"),
        ("last year", "2019-Q3"),
        ("Last year", "2019"),
    ]


def test_year_earlier_after_a_sentence_about_last_year_is_the_year() -> None:
    text = (
        "The bank posted third-quarter net of $24 million. Last year, storm losses totaled "
        "$5 million. The year-earlier results were restated."
    )
    assert times(text, "2020-10-28")[-1] == ("year-earlier", "2019")


def test_the_past_week_is_the_publication_week() -> None:
    text = "He has stayed in the capital for the last week. Prices fell over the past week."
    assert times(text, "2020-11-20") == [
        ("the last week", "2020-W47"),
        ("the past week", "2020-W47"),
    ]


def test_a_weekday_far_into_a_sentence_that_looks_ahead() -> None:
    text = (
        "The envoy is scheduled to spend only five hours on the ground in the capital, "
        "her first stop Tuesday morning."
    )
    assert times(text, "2020-11-23") == [("Tuesday", "2020-11-24")]
    text = "The envoy said the visit, which was planned for weeks, ended Tuesday."
    assert times(text, "2020-11-23") == [("Tuesday", "2020-11-17")]


def test_that_quarter_and_a_quarter_in_apposition() -> None:
    text = (
        "The chain reported third-quarter net of $5 million. In the year-ago quarter, "
        "the second quarter of its old fiscal year, it lost $12 million. Results for that "
        "quarter included a write-down."
    )
    assert times(text, "2020-10-27") == [
        ("third-quarter", "2020-Q3"),
        ("the year-ago quarter", "2019-Q3"),
        ("the second quarter", "2019-Q2"),
        ("that quarter", "2019-Q2"),
    ]


def test_that_month_is_in_the_year_in_view() -> None:
    text = "The war began in 1994. That March, the two sides signed a truce."
    assert times(text, "2020-11-20") == [("1994", "1994"), ("March", "1994-03")]


def test_a_planned_event_on_the_publication_weekday_is_that_day() -> None:
    # wire copy names the day of publication by its weekday; "next Friday" is a week on
    assert times("The leaders will sign the accord on Friday.", "2020-11-20") == [
        ("Friday", "2020-11-20")
    ]
    assert times("The leaders will sign the accord next Friday.", "2020-11-20") == [
        ("next Friday", "2020-11-27")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The parties will sign the deal on Dec. 5.", "2021-12-05"),
        ("The parties are due to sign the deal on Dec. 5.", "2021-12-05"),
        ("The firm expects to close the sale by Dec. 1.", "2021-12-01"),
        ("The treaty enters into force on Jan. 1.", "2022-01-01"),
        ("The firm's fiscal year ends June 30.", "2021-06-30"),
        # told from an earlier day: the nearer of the two, as before
        ("The parties said they would sign the deal on Dec. 5.", "2020-12-05"),
        ("The parties were expected to sign the deal on Dec. 5.", "2020-12-05"),
        ("The parties signed the deal on Dec. 5.", "2020-12-05"),
    ],
)
def test_a_future_told_from_the_reporters_day_is_the_coming_one(text: str, expected: str) -> None:
    # published Wed 2021-03-10: December 5 is three months back or nine months ahead
    assert [v for _, v in times(text, "2021-03-10")] == [expected]


def test_a_recent_deadline_recounted_with_will_stays_past() -> None:
    text = "Under the deal, Armenia will return the district by Nov. 15."
    assert times(text, "2020-11-25") == [("Nov. 15", "2020-11-15")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The panel will meet this Friday.", "2021-03-12"),
        ("The panel met this Monday.", "2021-03-08"),
        # no tense before it: the day of the week in hand, before or after publication
        ("The vote this Friday is crucial.", "2021-03-12"),
        ("The vote this Monday was crucial.", "2021-03-08"),
    ],
)
def test_this_weekday_is_the_one_of_the_week_in_hand(text: str, expected: str) -> None:
    # published Wednesday 2021-03-10
    assert [v for _, v in times(text, "2021-03-10")] == [expected]


def test_a_capitalised_noun_before_a_weekday_is_no_scheduling_verb() -> None:
    # "The vote Monday" opens a sentence: "vote" is the subject, not "votes Monday"
    assert times("The vote Monday was close.", "2021-03-10") == [("Monday", "2021-03-08")]
    assert times("Parliament votes Monday on the bill.", "2021-03-10") == [("Monday", "2021-03-15")]


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        ("2021-03-10", "The factory closed this winter.", "2020-WI"),  # the winter just gone
        ("2021-03-10", "The factory will reopen this summer.", "2021-SU"),
        ("2021-01-10", "The factory will reopen this summer.", "2021-SU"),  # a tie: the tense
        ("2021-01-10", "The factory closed this summer.", "2020-SU"),
        ("2021-07-10", "The factory reopened this summer.", "2021-SU"),  # the season in hand
        ("2021-03-10", "The factory will reopen in the spring.", "2021-SP"),
        ("2021-11-10", "The factory will reopen in the spring.", "2022-SP"),
    ],
)
def test_this_season_is_the_nearest_and_a_future_one_may_be_in_hand(
    published: str, text: str, expected: str
) -> None:
    assert [v for _, v in times(text, published)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The contract ran through September.", "2020-09"),
        ("The contract runs through September.", "2021-09"),
        ("The rebels held the town until March 20.", "2020-03-20"),
        ("The rebels will hold the town until March 20.", "2021-03-20"),
        ("Banks have extended the loans until March 20.", "2021-03-20"),  # present perfect
    ],
)
def test_a_bound_told_in_the_past_is_past(text: str, expected: str) -> None:
    # published 2021-03-10: "until March 20" alone is ten days ahead
    assert [v for _, v in times(text, "2021-03-10")] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The company will take a charge in the fourth quarter.", "2021-Q4"),
        ("The company said it would take a fourth-quarter charge.", "2021-Q4"),
        ("Profit fell in the fourth quarter.", "2020-Q4"),
        ("Profit rose in the first quarter.", "2021-Q1"),
    ],
)
def test_a_quarter_not_yet_begun_is_the_coming_one_when_told_ahead(
    text: str, expected: str
) -> None:
    # published 2021-03-10, in the first quarter
    assert [v for _, v in times(text, "2021-03-10")] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shares have risen 20% since year-end.", "2020"),
        ("The bank had $5 billion in assets at year-end.", "2020"),
        ("The firm expects to close the deal by year-end.", "2021"),
    ],
)
def test_year_end_told_in_the_past_is_last_years(text: str, expected: str) -> None:
    # published in March: this year's end is still ahead
    assert [v for _, v in times(text, "2021-03-10")] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The new rules come into force on Tuesday.", "2021-03-16"),
        ("The agreement came into force on Tuesday.", "2021-03-09"),
        ("Polls open at 7 a.m. on Sunday.", "2021-03-14"),
        ("The peace accord expires at the end of June.", "2021-06"),
        ("The peace accord expired at the end of June.", "2020-06"),
    ],
)
def test_a_present_scheduling_verb_puts_the_date_ahead(text: str, expected: str) -> None:
    # published Wednesday 2021-03-10
    assert [v for _, v in times(text, "2021-03-10")] == [expected]


def test_this_past_week_is_the_week_just_gone() -> None:
    assert times("The rebels agreed to talks this past week.", "2021-03-10") == [
        ("this past week", "2021-W09")
    ]


def test_a_year_with_its_century_dropped() -> None:
    text = "He joined the rebels in '98 and left in '05."
    assert times(text, "2021-03-10") == [("'98", "1998"), ("'05", "2005")]
    # an apostrophe opening a quote, or a decade, is no such year
    assert times("He said '98 people died'.", "2021-03-10") == []
    assert times("The mood of the '80s returned.", "2021-03-10") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The board will meet on the first Monday of April.", "2021-04-05"),
        ("The board met on the first Monday of February.", "2021-02-01"),
        ("The vote fell on the last Friday in May 2019.", "2019-05-31"),
    ],
)
def test_the_nth_weekday_of_a_month_is_one_day(text: str, expected: str) -> None:
    assert [v for _, v in times(text, "2021-03-10")] == [expected]


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        ("2021-03-10", "The company expects growth in the third quarter.", "2021-Q3"),
        ("2021-08-10", "Sales should rise in the fourth quarter.", "2021-Q4"),
        ("2021-03-10", "He said the company expected growth in the third quarter.", "2020-Q3"),
        ("2021-03-10", "Analysts expect a vote on Dec. 5.", "2021-12-05"),
    ],
)
def test_an_expectation_told_in_the_present_looks_ahead(
    published: str, text: str, expected: str
) -> None:
    assert [v for _, v in times(text, published)] == [expected]


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        ("2021-03-10", "The company reported first-half profit.", [("first-half", "2020-H1")]),
        ("2021-08-10", "The company reported first-half profit.", [("first-half", "2021-H1")]),
        ("2021-03-10", "First-half sales are running 5% ahead.", [("First-half", "2021-H1")]),
        ("2021-08-10", "The company expects second-half growth.", [("second-half", "2021-H2")]),
        ("2021-03-10", "He scored a first-half goal.", []),  # a match's half, no date
    ],
)
def test_a_half_year_of_accounts(
    published: str, text: str, expected: list[tuple[str, str]]
) -> None:
    assert times(text, published) == expected
