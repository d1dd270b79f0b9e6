"""Publication dates inferred from the text of the seed articles and others."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.article import Article, Dateline, Segment, Zone
from kg.pubdate import infer, url_date

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


# --- the article's address (issue 9) ------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example.org/world/2020/11/20/talks-resume/", "2020-11-20"),
        ("https://news.example.org/world/20201120/talks-resume", "2020-11-20"),
        ("https://news.example.org/world/talks-resume-2020-11-20.html", "2020-11-20"),
        ("https://news.example.org/world/story_20201120_0345.html", "2020-11-20"),
        ("https://news.example.org/world/talks-20-11-2020/", "2020-11-20"),
        ("https://news.example.org/2020/11/talks-resume", "2020-11"),
        # month names and unpadded numbers
        ("https://news.example.org/world/2020/nov/20/talks-resume", "2020-11-20"),
        ("https://news.example.org/world/2020/Sept/3/talks", "2020-09-03"),
        ("https://news.example.org/world/talks-resume-20-november-2020", "2020-11-20"),
        ("https://news.example.org/world/talks-resume-nov-20-2020/", "2020-11-20"),
        ("https://news.example.org/world/2020/11/9/talks", "2020-11-09"),
        ("https://news.example.org/world/2020/nov/talks", "2020-11"),
        ("https://news.example.org/world/2020/mayor/talks", None),
        ("https://news.example.org/world/top-10-mayors-2020", None),
        # ids and impossible days are no dates
        ("https://news.example.org/world-europe-54882564", None),
        ("https://news.example.org/world/20201345/talks", None),
        ("https://news.example.org/p?id=20201120", None),
        (None, None),
    ],
)
def test_url_date(url: str | None, expected: str | None) -> None:
    assert url_date(url) == expected


def test_url_date_comes_before_the_text_clues() -> None:
    text = "KYIV, Jan. 5. Ukraine said the talks of Dec. 20, 2022 had failed."
    article = Article(
        source="t",
        text=text,
        url="https://news.example.org/2023/01/06/talks-failed/",
        dateline=Dateline(0, 13, "KYIV", None, "Jan. 5"),
    )
    found = infer(article)
    assert found is not None and (found.value, found.basis) == ("2023-01-06", "url")


def test_a_year_month_address_gives_the_dateline_its_year() -> None:
    text = "KYIV, Jan. 5. Ukraine said the talks of 1998 had failed."
    article = Article(
        source="t",
        text=text,
        url="https://news.example.org/2023/01/talks-failed/",
        dateline=Dateline(0, 13, "KYIV", None, "Jan. 5"),
    )
    found = infer(article)
    assert found is not None and (found.value, found.basis) == ("2023-01-05", "url+dateline")
    # without a dateline: the month alone
    found = infer(Article(source="t", text="Talks failed.", url=article.url))
    assert found is not None and (found.value, found.basis) == ("2023-01", "url")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.txt", "---\nurl: https://x.example/2020/11/20/talks\n---\nTalks resume on Friday.\n"),
        (
            "a.jsonl",
            '{"url": "https://x.example/news/20201120/talks", "text": "Talks resume on Friday."}\n',
        ),
    ],
)
def test_front_matter_and_jsonl_urls_date_the_article(
    tmp_path: Path, name: str, content: str
) -> None:
    from kg import pipeline, read

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    [article] = list(read.read([str(path)]))
    assert isinstance(article, Article) and article.published is None
    times = pipeline.prepare(article)
    assert article.published is not None and article.published.basis == "url"
    assert [(t.text, t.value) for t in times] == [("Friday", "2020-11-20")]


@pytest.mark.parametrize(
    ("date_text", "text", "expected"),
    [
        # a year in the dateline itself wins over the years the story mentions
        ("Nov. 10, 2020", "Plans for 2021 and 2022 were discussed.", ("2020-11-10", 0.95)),
        # day-month order
        ("10 November 2020", "Plans for 2021 were discussed.", ("2020-11-10", 0.95)),
        ("10 November", "The talks of 2020 failed.", ("2020-11-10", 0.85)),
    ],
)
def test_dateline_forms(date_text: str, text: str, expected: tuple[str, float]) -> None:
    lead = f"KYIV, {date_text} /AA/ "
    article = Article(
        source="t",
        text=lead + text,
        dateline=Dateline(0, len(lead), "KYIV", "AA", date_text),
    )
    found = infer(article)
    assert found is not None and found.basis == "dateline"
    assert (found.value, found.confidence) == expected


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("Published: 20 November 2020", ("2020-11-20", 0.9)),
        ("Posted on Nov. 20, 2020 at 9:14 am\nUpdated: Nov. 22, 2020", ("2020-11-20", 0.9)),
        # an update alone is a weaker clue: pages are updated long after they were written
        ("Last updated Friday, Nov. 20, 2020", ("2020-11-20", 0.7)),
    ],
)
def test_a_published_line_dates_the_page(tmp_path: Path, stamp: str, expected: tuple) -> None:
    from kg import read

    path = tmp_path / "page.txt"
    body = "Troops withdrew from the district on Friday, officials said in 2019 and 2021."
    path.write_text(f"Troops withdraw\n\n{stamp}\n\n{body}\n", encoding="utf-8")
    [article] = list(read.read([str(path)]))
    assert isinstance(article, Article)
    found = infer(article)
    assert found is not None and found.basis == "stamp"
    assert (found.value, found.confidence) == expected


def test_a_story_sentence_opening_with_posted_is_no_stamp(tmp_path: Path) -> None:
    from kg import read

    path = tmp_path / "story.txt"
    path.write_text(
        "Border guards\n\nPosted on the border since 12 March 2019, the guards left.\n",
        encoding="utf-8",
    )
    [article] = list(read.read([str(path)]))
    assert isinstance(article, Article)
    found = infer(article)
    assert found is not None and found.basis != "stamp"


def test_a_dateline_without_an_agency_gives_the_publication_day(tmp_path: Path) -> None:
    from kg import pipeline, read

    path = tmp_path / "budget.txt"
    path.write_text(
        "Council approves budget\n\n"
        "Millbrook, Nov. 21, 2020 — The town council approved the budget on Friday.\n",
        encoding="utf-8",
    )
    (article,) = read.read([str(path)])
    assert isinstance(article, Article)
    times = pipeline.prepare(article)
    assert article.published is not None
    assert (article.published.value, article.published.basis) == ("2020-11-21", "dateline")
    assert [(t.text, t.value) for t in times if t.text == "Friday"] == [("Friday", "2020-11-20")]
