"""Tests of kg.read: files, front matter, JSON Lines and saved web pages."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path

import pytest

from kg.article import Article, PubDate, Zone
from kg.errors import InputError
from kg.read import SUFFIXES, iter_files, normalize_date, read, read_path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def only(path: str | Path) -> Article | InputError:
    (item,) = list(read_path(str(path)))
    return item


def article(path: str | Path) -> Article:
    item = only(path)
    assert isinstance(item, Article), item
    return item


def error(path: str | Path) -> InputError:
    item = only(path)
    assert isinstance(item, InputError), item
    return item


def zone_of(a: Article, needle: str) -> Zone:
    start = a.text.find(needle)
    assert start != -1, f"{needle!r} not in text"
    return a.zone_at(start)


# --- files -----------------------------------------------------------------------


def test_iter_files_walks_sorted_skipping_hidden_and_unsupported(tmp_path: Path) -> None:
    for name in (
        "b.txt",
        "a.md",
        "sub/c.jsonl",
        "sub/d.HTML",
        ".hidden.txt",
        ".git/e.txt",
        "notes.pdf",
        "sub/f.ndjson",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    root = str(tmp_path)
    assert list(iter_files([root])) == [
        os.path.join(root, "a.md"),
        os.path.join(root, "b.txt"),
        os.path.join(root, "sub", "c.jsonl"),
        os.path.join(root, "sub", "d.HTML"),
        os.path.join(root, "sub", "f.ndjson"),
    ]


def test_iter_files_reports_bad_paths_and_goes_on(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    good = str(SEEDS / "000_7ab567af9f57596e.txt")
    missing = str(tmp_path / "nope.txt")
    items = list(iter_files([missing, str(pdf), good]))
    assert isinstance(items[0], InputError) and items[0].source == missing
    assert "no such file" in items[0].reason
    assert isinstance(items[1], InputError) and items[1].source == str(pdf)
    assert "unsupported file type '.pdf'" in items[1].reason
    assert items[2] == good


def test_iter_files_reports_empty_directory(tmp_path: Path) -> None:
    (item,) = list(iter_files([str(tmp_path)]))
    assert isinstance(item, InputError) and "no " in item.reason


def test_suffixes() -> None:
    assert {".txt", ".md", ".jsonl", ".ndjson", ".html", ".htm"} == SUFFIXES


def test_read_yields_errors_in_place_and_keeps_going(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.txt")
    items = list(read([missing, str(SEEDS)]))
    assert isinstance(items[0], InputError)
    assert [a.path for a in items[1:] if isinstance(a, Article)] == [
        os.path.join(str(SEEDS), p.name) for p in sorted(SEEDS.glob("*.txt"))
    ]


# --- seeds (.txt without front matter) ---------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "publisher", "title"),
    [
        (
            "000",
            "The Associated Press",
            "Azerbaijani leader: Cease-fire may improve Armenia relations",
        ),
        (
            "001",
            "The Associated Press",
            "Azerbaijani leader: Cease-fire may improve Armenia relations",
        ),
        ("002", "Anadolu Agency", "Azerbaijan reiterates willingness for relations with Armenia"),
        (
            "003",
            "ARKA News Agency",
            "Maria Zakharova: Russia welcomes initiatives aimed at "
            "establishing lasting peace and good-neighborly relations between Azerbaijan and Armenia",
        ),
        ("004", "Anadolu Agency", "Azerbaijan says ready to normalize relations with Armenia"),
    ],
)
def test_seed_articles(prefix: str, publisher: str, title: str) -> None:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    given = os.path.relpath(path)  # as a user would type it
    a = article(given)
    assert a.source == given and a.path == given
    assert a.title == title and a.title_in_text
    assert a.text == path.read_text(encoding="utf-8")
    assert a.publisher == publisher
    assert a.published is None
    assert a.segments and a.segments[-1].end == len(a.text)
    assert zone_of(a, title) is Zone.HEADLINE


def test_seed_003_dateline_on_article() -> None:
    (path,) = SEEDS.glob("003_*.txt")
    a = article(path)
    assert a.dateline is not None
    assert (a.dateline.place, a.dateline.agency, a.dateline.date_text) == (
        "YEREVAN",
        "ARKA",
        "April 16",
    )


# --- front matter ---------------------------------------------------------------------


def test_front_matter_gives_metadata_and_offsets_start_after_it() -> None:
    path = FIXTURES / "front_matter.md"
    a = article(path)
    assert a.title == "Parliament approves border treaty"
    assert not a.title_in_text
    assert a.published == PubDate("2021-06-02", inferred=False, basis="metadata")
    assert a.publisher == "Example Daily"
    assert a.url == a.source == "https://daily.example.com/treaty"
    assert a.id == "treaty-42"
    assert a.path == str(path)
    raw = path.read_text(encoding="utf-8")
    assert a.text == raw[raw.index("Parliament approves border treaty\n\nThe") :]
    # the headline repeated in the text is still a headline
    assert zone_of(a, "Parliament approves border treaty") is Zone.HEADLINE
    assert zone_of(a, "The parliament approved") is Zone.BODY


def test_front_matter_year_only_and_no_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "---\npublished: 2021\n---\nTreaty approved\n\nThe treaty was approved, officials said.\n",
        encoding="utf-8",
    )
    a = article(path)
    assert a.published == PubDate("2021")
    assert a.title == "Treaty approved" and a.title_in_text
    assert a.text.startswith("Treaty approved")


def test_invalid_front_matter_is_an_input_error() -> None:
    path = FIXTURES / "front_matter_invalid.txt"
    e = error(path)
    assert e.source == str(path)
    assert "invalid YAML front matter" in e.reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("---\ntitle: Never closed\nThe text.\n", "never closed"),
        ("---\n- a\n- list\n---\nThe text.\n", "expected 'key: value' lines"),
        ("---\ntitle: Only metadata\n---\n\n  \n", "empty text"),
        ("", "empty text"),
    ],
)
def test_bad_text_files(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    assert reason in error(path).reason


LEGACY_TEXT = (
    "Café talks resume\n\nThe ministers met at the café in Zürich on Monday, "
    "and the délégation said the négociations would go on until Friday."
)


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_encoding_is_detected(
    tmp_path: Path, encoding: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(LEGACY_TEXT.encode(encoding))
    assert article(path).text == LEGACY_TEXT
    assert "not UTF-8; read as" in caplog.text  # the guess is logged, never silent


@pytest.mark.parametrize(
    "encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"]
)
def test_byte_order_marks_are_read(
    tmp_path: Path, encoding: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "bom.txt"
    data = LEGACY_TEXT.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be", "utf-32-be"):  # these codecs write no mark
        data = "\ufeff".encode(encoding) + data
    path.write_bytes(data)
    read = article(path)
    assert read.text == LEGACY_TEXT  # the mark is gone, so offsets count from the text
    assert read.title == "Café talks resume"
    assert "detected" not in caplog.text  # read by its mark, not guessed


def test_binary_file_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 8)
    e = error(path)
    assert e.source == str(path)
    assert "not UTF-8" in e.reason and "cannot be told" in e.reason and "re-save" in e.reason


def test_broken_utf16_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(b"\xff\xfe" + "Talks".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    assert "UTF-16 byte-order mark but is not valid UTF-16" in error(path).reason


def test_nul_characters_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(b"Headline\n\nText\x00with a NUL.")
    assert "NUL" in error(path).reason


def test_utf16_jsonl_is_read(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    lines = [{"text": LEGACY_TEXT, "id": "1"}, {"text": "Talks resumed.", "id": "2"}]
    path.write_bytes("\n".join(json.dumps(x, ensure_ascii=False) for x in lines).encode("utf-16"))
    first, second = list(read_path(str(path)))
    assert isinstance(first, Article) and first.text == LEGACY_TEXT and first.line == 1
    assert isinstance(second, Article) and second.id == "2"


def test_missing_file_read_directly(tmp_path: Path) -> None:
    e = error(tmp_path / "gone.txt")
    assert "cannot read" in e.reason


def test_unparsable_date_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "---\npublished: sometime soon\n---\nTalks\n\nTalks resumed, officials said.\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="kg.read"):
        a = article(path)
    assert a.published is None
    assert "sometime soon" in caplog.text


# --- JSON Lines -----------------------------------------------------------------------


def test_jsonl_good_and_bad_lines() -> None:
    path = str(FIXTURES / "articles.jsonl")
    items = list(read_path(path))
    errors = [i for i in items if isinstance(i, InputError)]
    articles = [i for i in items if isinstance(i, Article)]
    assert [e.source for e in errors] == [f"{path}:{n}" for n in (2, 3, 5, 6)]
    assert "not valid JSON" in errors[0].reason
    assert "JSON object" in errors[1].reason
    assert 'missing "text"' in errors[2].reason
    assert "empty text" in errors[3].reason

    assert [a.line for a in articles] == [1, 7, 8]
    first, harbour, bridge = articles
    assert first.source == "https://example.org/wire-1"
    assert first.id == "wire-1" and first.title == "Ministers sign river accord"
    assert first.published == PubDate("2021-03-09")
    assert first.publisher == "Reuters" and first.path == path
    assert not first.title_in_text
    assert first.dateline is not None and first.dateline.agency == "Reuters"
    assert zone_of(first, "GENEVA (Reuters)") is Zone.DATELINE
    assert zone_of(first, "Two ministers signed") is Zone.BODY

    assert harbour.id == "4"  # ids are strings whatever JSON type they came in
    assert harbour.published is None  # "March 9th-ish" is ignored, not an error
    assert harbour.source == path
    assert zone_of(harbour, "Harbour reopens") is Zone.HEADLINE

    assert bridge.published == PubDate("2019") and bridge.title is None


def test_jsonl_line_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'{"text": "Caf\xe9 talks resumed."}\n{"text": "Talks resumed on Monday, officials said."}\n'
    )
    bad, good = list(read_path(str(path)))
    assert isinstance(bad, InputError) and bad.source == f"{path}:1" and "not UTF-8" in bad.reason
    assert isinstance(good, Article) and good.line == 2


# --- saved web pages -------------------------------------------------------------------


@pytest.fixture(scope="module")
def page() -> Article:
    return article(FIXTURES / "saved_page.html")


def test_html_metadata(page: Article) -> None:
    assert page.title == "Ministers sign water-sharing accord"
    assert page.url == page.source == "https://gazette.example.org/world/2021/03/09/water-accord"
    assert page.path == str(FIXTURES / "saved_page.html")
    assert page.publisher == "Riverside Gazette"
    assert page.published == PubDate("2021-03-09", inferred=False, basis="metadata")
    assert page.title_in_text


def test_html_main_text_without_navigation_or_footer(page: Article) -> None:
    for chrome in (
        "Business",
        "Sport",
        "All rights reserved",
        "Contact us",
        "Storm closes mountain roads",
    ):
        assert chrome not in page.text
    # paragraphs stay apart as blank-line separated blocks
    assert "ending a dispute that had lasted a decade.\n\n“This agreement" in page.text


def test_html_zones_caption_dateline_heading(page: Article) -> None:
    assert zone_of(page, "Ministers sign water-sharing accord") is Zone.HEADLINE
    assert zone_of(page, "Two ministers shake hands after signing") is Zone.CAPTION
    assert zone_of(page, "GENEVA (Reuters) —") is Zone.DATELINE
    assert zone_of(page, "The foreign ministers of two neighbouring countries") is Zone.BODY
    assert zone_of(page, "Years of talks") is Zone.HEADING
    assert zone_of(page, "Farmers on both banks") is Zone.BODY
    assert page.dateline is not None
    assert (page.dateline.place, page.dateline.agency) == ("GENEVA", "Reuters")


def test_html_page_without_main_text(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    path.write_text(
        "<html><head><title>Index</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        encoding="utf-8",
    )
    assert "HTML page with no main text" in error(path).reason


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        (dt.date(2020, 11, 21), "2020-11-21"),
        (dt.datetime(2020, 11, 21, 8, 30), "2020-11-21"),
        (2021, "2021"),
        ("2021", "2021"),
        ("2020-11", "2020-11"),
        ("2020-11-21", "2020-11-21"),
        ("2020-11-21T08:30:00+00:00", "2020-11-21"),
        ("Nov 21, 2020", "2020-11-21"),
        ("21 November 2020", "2020-11-21"),
        ("Sat, 21 Nov 2020 08:30:00 GMT", "2020-11-21"),
        ("2020-13", None),
        ("2020-02-30", None),
        ("soon", None),
        (True, None),
        (12, None),
    ],
)
def test_normalize_date(value: object, iso: str | None) -> None:
    assert normalize_date(value) == iso
