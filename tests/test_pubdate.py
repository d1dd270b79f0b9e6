"""Publication dates inferred from the text of the seed articles and others."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.article import Article, Dateline, Segment, Zone
from kg.pubdate import infer

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(prefix: str) -> Article:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    dateline = None
    m = re.search(r"^([A-Z]{3,}), ([A-Z][a-z]+ \d{1,2})\. /([A-Z]+)/\.", text, re.MULTILINE)
    if m:
        dateline = Dateline(m.start(), m.end(), m.group(1), m.group(3), m.group(2))
    return Article(source=str(path), text=text, dateline=dateline)


@pytest.mark.parametrize(
    ("prefix", "value", "basis"),
    [
        ("000", "2020-11-21", "caption"),
        ("001", "2020-11-21", "caption"),
        ("002", "2021", "last-year"),
        ("003", "2021-04-16", "dateline"),
        ("004", "2021", "last-year"),
    ],
)
def test_seed_publication_dates(prefix: str, value: str, basis: str) -> None:
    found = infer(seed(prefix))
    assert found is not None
    assert (found.value, found.basis, found.inferred) == (value, basis, True)
    assert 0 < found.confidence < 1


def test_caption_date_confirmed_by_body_weekday_is_more_certain() -> None:
    caption = (
        "A man walks past a damaged house in Kharkiv, Ukraine, Wednesday, March 2, 2022. "
        "(AP Photo/Pavel Dorogoy)\n\n"
    )
    confirmed = infer(Article(source="t", text=caption + "Officials said Wednesday the city held."))
    unconfirmed = infer(Article(source="t", text=caption + "Officials said the city held."))
    assert confirmed is not None and unconfirmed is not None
    assert confirmed.value == unconfirmed.value == "2022-03-02"
    assert confirmed.confidence > unconfirmed.confidence


def test_caption_zone_without_photo_credit() -> None:
    text = "Troops parade in Kyiv on Aug. 24, 2022.\nThe president spoke on Wednesday."
    article = Article(
        source="t",
        text=text,
        segments=[Segment(0, 39, Zone.CAPTION), Segment(40, len(text), Zone.BODY)],
    )
    found = infer(article)
    assert found is not None and (found.value, found.basis) == ("2022-08-24", "caption")


def test_dateline_year_moves_on_when_the_text_told_a_later_day() -> None:
    text = "KYIV, Jan. 5. Ukraine said the talks of Dec. 20, 2022 had failed."
    article = Article(source="t", text=text, dateline=Dateline(0, 13, "KYIV", None, "Jan. 5"))
    found = infer(article)
    assert found is not None and found.value == "2023-01-05"


def test_this_year_tied_to_an_explicit_date() -> None:
    text = (
        "On Feb. 24 this year, Russia invaded. Since February 24, 2022, the war has "
        "displaced millions."
    )
    found = infer(Article(source="t", text=text))
    assert found is not None and (found.value, found.basis) == ("2022", "last-year")


def test_latest_year_is_the_last_resort() -> None:
    found = infer(Article(source="t", text="The border has been closed since 1993 and in 2019."))
    assert found is not None and (found.value, found.basis) == ("2019", "latest-year")
    assert found.confidence < 0.5


def test_no_date_at_all() -> None:
    assert infer(Article(source="t", text="Officials said the talks went well.")) is None
