"""Tests of kg.zones: page zones, datelines and agency credits on real news text."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from kg.article import Segment, Zone
from kg.zones import agency_name, find_credit, find_dateline, segment

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def zones_over(text: str, segments: list[Segment], start: int, end: int) -> set[Zone]:
    """Return the zones of the non-space characters in ``text[start:end]``."""
    return {
        seg.zone
        for seg in segments
        if seg.start < end
        and seg.end > start
        and text[max(seg.start, start) : min(seg.end, end)].strip()
    }


def zone_of(text: str, segments: list[Segment], needle: str, nth: int = 0) -> Zone:
    """Return the one zone holding the ``nth`` occurrence of ``needle``."""
    start = -1
    for _ in range(nth + 1):
        start = text.find(needle, start + 1)
        assert start != -1, f"{needle!r} (occurrence {nth}) not in text"
    found = zones_over(text, segments, start, start + len(needle))
    assert len(found) == 1, f"{needle!r} spans zones {found}"
    return found.pop()


def check_cover(text: str, segments: list[Segment]) -> None:
    assert segments[0].start == 0
    assert segments[-1].end == len(text)
    for before, after in itertools.pairwise(segments):
        assert before.end == after.start
        assert before.zone is not after.zone  # adjacent segments of one zone are merged


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_segments_cover_each_seed_in_order(prefix: str) -> None:
    text = seed(prefix)
    check_cover(text, segment(text, title_in_text=True))


def test_seed_000_gallery_chrome_caption_and_dateline() -> None:
    text = seed("000")
    segs = segment(text, title_in_text=True)
    assert zone_of(text, segs, "Azerbaijani leader: Cease-fire may improve") is Zone.HEADLINE
    assert zone_of(text, segs, "Full Screen") is Zone.FURNITURE
    assert zone_of(text, segs, "1 / 5") is Zone.FURNITURE
    assert zone_of(text, segs, "Copyright 2020 The Associated Press.") is Zone.FURNITURE
    assert zone_of(text, segs, "A woman carries her purchases") is Zone.CAPTION
    assert zone_of(text, segs, "MOSCOW –") is Zone.DATELINE
    assert zone_of(text, segs, "The president of Azerbaijan said Saturday") is Zone.BODY
    assert zone_of(text, segs, "Sergei Shoigu said his country's peacekeepers") is Zone.BODY
    dateline = find_dateline(text, segs)
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.date_text) == ("MOSCOW", None, None)
    # the story starts at its first word, right where the dateline ends
    assert text[dateline.end :].startswith("The president of Azerbaijan")


def test_seed_001_gallery_captions_story_and_latest_stories() -> None:
    text = seed("001")
    segs = segment(text, title_in_text=True)
    handover = "Units of the Azerbaijani army on Friday morning entered the Aghdam region"
    assert text.count(handover) == 3
    for nth in range(3):
        assert zone_of(text, segs, handover, nth) is Zone.CAPTION
    for nth in range(3):
        assert (
            zone_of(text, segs, "A portrait of a girl seen through broken glass", nth)
            is Zone.CAPTION
        )
    for chrome in (
        "1/5",
        "5/5",
        "APTOPIX Armenia Azerbaijan",
        "Yahoo News is better in the app",
        "Stay in the know at a glance",
        "·2 min read",
    ):
        assert zone_of(text, segs, chrome) is Zone.FURNITURE, chrome
    # a gallery label that is just a slug of place names
    slug = text.find("Armenia Azerbaijan\n", text.find("2/5"))
    assert zones_over(text, segs, slug, slug + 18) == {Zone.FURNITURE}
    assert zone_of(text, segs, "MOSCOW (AP) —") is Zone.DATELINE
    assert zone_of(text, segs, "The president of Azerbaijan said Saturday") is Zone.BODY
    assert zone_of(text, segs, "Russia and Azerbaijan also agree on the need") is Zone.BODY
    # "Latest Stories" and every item after it, to the end of the page
    latest = text.find("Latest Stories")
    assert zones_over(text, segs, latest, len(text)) == {Zone.FURNITURE}
    for item in (
        "Remdesivir, hailed",
        "Rudy Giuliani suggested",
        "Pompeii's ruins yield",
        "Trump persists with fraud claims",
        "The former mayor made more headlines",
    ):
        assert zone_of(text, segs, item) is Zone.FURNITURE, item
    dateline = find_dateline(text, segs)
    assert dateline is not None and (dateline.place, dateline.agency) == ("MOSCOW", "AP")


def test_seed_001_bullets_keep_offsets() -> None:
    text = seed("001")
    segs = segment(text, title_in_text=True)
    captions = [s for s in segs if s.zone is Zone.CAPTION]
    assert captions
    for seg in captions:
        # the bullet and the indentation before a caption are furniture, not caption text
        assert text[seg.start] not in " •", text[seg.start : seg.start + 20]
    bullet = text.find("•")
    assert zones_over(text, segs, bullet, bullet + 1) == {Zone.FURNITURE}


def test_seed_002_repeated_title_subheadline_credit_heading_cookies() -> None:
    text = seed("002")
    segs = segment(text, title_in_text=True)
    title = "Azerbaijan reiterates willingness for relations with Armenia"
    assert zone_of(text, segs, title, 0) is Zone.HEADLINE
    assert zone_of(text, segs, title, 1) is Zone.HEADLINE
    assert zone_of(text, segs, "EU can contribute to stability") is Zone.HEADLINE
    assert zone_of(text, segs, "News Service AA") is Zone.FURNITURE
    assert zone_of(text, segs, "Azerbaijan’s president on Wednesday reiterated") is Zone.BODY
    assert zone_of(text, segs, "Liberation of Karabakh") is Zone.HEADING
    dash = text.find("- Liberation of Karabakh")
    assert zones_over(text, segs, dash, dash + 1) == {Zone.FURNITURE}
    assert zone_of(text, segs, "On Nov. 10, 2020, the two countries signed") is Zone.BODY
    assert zone_of(text, segs, "Cookies are used limited to the purposes") is Zone.FURNITURE
    assert find_dateline(text, segs) is None
    assert find_credit(text, segs) == "AA"


def test_seed_003_tass_style_dateline_and_comment_prompts() -> None:
    text = seed("003")
    segs = segment(text, title_in_text=True)
    assert zone_of(text, segs, "Maria Zakharova: Russia welcomes initiatives") is Zone.HEADLINE
    assert zone_of(text, segs, "YEREVAN, April 16. /ARKA/.") is Zone.DATELINE
    assert zone_of(text, segs, "Maria Zakharova, the official representative") is Zone.BODY
    assert zone_of(text, segs, "were handed over to Azerbaijan") is Zone.BODY
    assert zone_of(text, segs, "Please enter your comment!") is Zone.FURNITURE
    assert zone_of(text, segs, "Please enter your name here") is Zone.FURNITURE
    dateline = find_dateline(text, segs)
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.date_text) == ("YEREVAN", "ARKA", "April 16")
    assert text[dateline.start : dateline.end].strip() == "YEREVAN, April 16. /ARKA/."
    assert text[dateline.end :].startswith("Maria Zakharova, the official")


def test_seed_004_subheadline_dateline_headings_cookies() -> None:
    text = seed("004")
    segs = segment(text, title_in_text=True)
    assert zone_of(text, segs, "Azerbaijan says ready to normalize relations") is Zone.HEADLINE
    assert zone_of(text, segs, "Foreign minister stresses they are ready") is Zone.HEADLINE
    assert zone_of(text, segs, "BAKU, Azerbaijan (AA) –") is Zone.DATELINE
    assert zone_of(text, segs, "Azerbaijan is ready to normalize its relations") is Zone.BODY
    assert zone_of(text, segs, "Meeting with Russia’s Lavrov") is Zone.HEADING
    assert zone_of(text, segs, "Liberation of Karabakh") is Zone.HEADING
    assert zone_of(text, segs, "The two countries signed a Russian-brokered agreement") is Zone.BODY
    assert zone_of(text, segs, "This website uses cookies") is Zone.FURNITURE
    dateline = find_dateline(text, segs)
    assert dateline is not None
    assert (dateline.place, dateline.agency) == ("BAKU, Azerbaijan", "AA")


def test_hard_wrapped_wire_copy_stays_one_paragraph() -> None:
    text = (FIXTURES / "wire_wrapped.txt").read_text(encoding="utf-8")
    segs = segment(text, title_in_text=True)
    check_cover(text, segs)
    assert zone_of(text, segs, "TALKS ON FISHING QUOTAS RESUME") is Zone.HEADLINE
    # short wrapped lines are pieces of paragraphs, not headings or furniture
    assert zone_of(text, segs, "The two governments said") is Zone.BODY
    assert zone_of(text, segs, "Officials from both sides") is Zone.BODY
    assert zone_of(text, segs, "Reuter") is Zone.FURNITURE


def test_title_repeated_in_text_without_title_in_text() -> None:
    text = (
        "Harbour reopens\n\nThe harbour reopened on Monday after a week of storms, officials said."
    )
    segs = segment(text, title_in_text=False, title="Harbour reopens")
    assert zone_of(text, segs, "Harbour reopens") is Zone.HEADLINE
    # without a title to compare with, a short line without punctuation is page furniture
    segs = segment(text, title_in_text=False)
    assert zone_of(text, segs, "Harbour reopens") is Zone.FURNITURE
    assert zone_of(text, segs, "The harbour reopened") is Zone.BODY


def test_short_unpunctuated_lines_before_the_story_are_furniture() -> None:
    text = (
        "Storm closes mountain roads\n\nHome\n\nWorld news\n\n"
        "Heavy snow closed three mountain roads on Sunday, the transport ministry said.\n\n"
        "Related\n\nPlows were sent from the capital, the ministry added."
    )
    segs = segment(text, title_in_text=True)
    assert zone_of(text, segs, "Home") is Zone.FURNITURE
    assert zone_of(text, segs, "World news") is Zone.FURNITURE
    assert zone_of(text, segs, "Heavy snow closed") is Zone.BODY
    # a related-content heading cuts the page from there to its end
    assert zone_of(text, segs, "Plows were sent") is Zone.FURNITURE


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "date_text", "story"),
    [
        (
            "WASHINGTON, Nov. 21 (Reuters) - The Senate voted.",
            "WASHINGTON",
            "Reuters",
            "Nov. 21",
            "The Senate",
        ),
        (
            "BEIJING, Nov. 12 (Xinhua) -- China opened a port.",
            "BEIJING",
            "Xinhua",
            "Nov. 12",
            "China",
        ),
        ("AP - Officials said talks resumed.", None, "AP", None, "Officials"),
        ("Beirut (AFP) – Protesters gathered on Friday.", "Beirut", "AFP", None, "Protesters"),
        ("NEW DELHI: The government announced a plan.", "NEW DELHI", None, None, "The government"),
        (
            "MOSCOW, November 10. /TASS/. The leaders signed a statement.",
            "MOSCOW",
            "TASS",
            "November 10",
            "The leaders",
        ),
        (
            "Millbrook, Nov. 21, 2020 — The town council approved the budget.",
            "Millbrook",
            None,
            "Nov. 21, 2020",
            "The town council",
        ),
        (
            "Port Ellis, Northshire, 3 March 2019 -- Ferries stopped running.",
            "Port Ellis, Northshire",
            None,
            "3 March 2019",
            "Ferries",
        ),
    ],
)
def test_dateline_forms(
    paragraph: str, place: str | None, agency: str | None, date_text: str | None, story: str
) -> None:
    segs = segment(paragraph, title_in_text=False)
    dateline = find_dateline(paragraph, segs)
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.date_text) == (place, agency, date_text)
    assert paragraph[dateline.end :].startswith(story)
    assert zone_of(paragraph, segs, story) is Zone.BODY


@pytest.mark.parametrize(
    "paragraph",
    [
        "U.S.-Japan talks on trade resumed on Monday, officials said.",
        "UPDATE: The minister resigned on Monday, his office said.",
        "Gould Inc (GLD) - The company said profits rose in the quarter.",
        "UK-based lenders cut their rates on Monday, the bank said.",
        "President Ilham Aliyev made the statement in Baku on Saturday.",
        # a date with its year and a dash after title-case words that are no place
        "On Friday, Nov. 21, 2020 — the day the council met — nothing was decided.",
        "Late Friday, Nov. 21, 2020 — The council met.",
    ],
)
def test_no_dateline_in_ordinary_openings(paragraph: str) -> None:
    segs = segment(paragraph, title_in_text=False)
    assert find_dateline(paragraph, segs) is None
    assert {s.zone for s in segs} == {Zone.BODY}


@pytest.mark.parametrize(
    ("credit", "name"),
    [
        ("AP", "The Associated Press"),
        ("(AP)", "The Associated Press"),
        ("Associated Press", "The Associated Press"),
        ("AA", "Anadolu Agency"),
        ("/ARKA/", "ARKA News Agency"),
        ("REUTERS", "Reuters"),
        ("dpa", "Deutsche Presse-Agentur"),
        ("Xinhua", "Xinhua News Agency"),
        ("Riverside Gazette", None),
    ],
)
def test_agency_name(credit: str, name: str | None) -> None:
    assert agency_name(credit) == name


def test_find_credit_reads_copyright_holder() -> None:
    text = seed("000")
    assert find_credit(text, segment(text, title_in_text=True)) == "The Associated Press"


def test_caption_with_credit_in_body() -> None:
    text = (
        "Talks resume\n\nNegotiators met in Vienna on Monday, the ministry said.\n\n"
        "Delegates arrive for the talks in Vienna, Austria, on Monday. REUTERS/Leonhard Foeger\n\n"
        "The talks will continue on Tuesday, a spokesman said."
    )
    segs = segment(text, title_in_text=True)
    assert zone_of(text, segs, "Delegates arrive for the talks") is Zone.CAPTION
    assert zone_of(text, segs, "The talks will continue") is Zone.BODY


def test_empty_text_has_no_segments() -> None:
    assert segment("", title_in_text=True) == []
    assert segment("\n\n", title_in_text=True) == [Segment(0, 2, Zone.FURNITURE)]


def test_dateline_on_a_line_of_its_own() -> None:
    text = "NAIROBI, August 21 (Xinhua) --\n\nDirect talks between the two sides resumed on Friday."
    segs = segment(text, title_in_text=False)
    assert zone_of(text, segs, "NAIROBI, August 21 (Xinhua) --") is Zone.DATELINE
    assert zone_of(text, segs, "Direct talks between") is Zone.BODY
    dateline = find_dateline(text, segs)
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.date_text) == (
        "NAIROBI",
        "Xinhua",
        "August 21",
    )


def test_long_first_line_is_a_lede_not_a_headline() -> None:
    text = (
        "Elco Industries Inc. said it expects net income in the year ending June 30, 1990, "
        "to fall below a recent analyst's estimate of $1.65 a share.\n\n"
        "The company said sales rose in the first quarter."
    )
    segs = segment(text, title_in_text=True)
    assert zone_of(text, segs, "Elco Industries Inc. said") is Zone.BODY
    assert find_dateline(text, segs) is None


def test_an_intro_line_ending_in_an_unexpanded_entity_is_no_label() -> None:
    # Wire copy keeps SGML entities ("&QL;" opens a quote): the line still introduces the text.
    text = (
        "The Times says in an editorial on Thursday, Jan. 6: &QL;\n\n"
        "The agency made a reasonable decision on Wednesday in ruling on the case."
    )
    segs = segment(text, title_in_text=False, title="A decision")
    assert zone_of(text, segs, "The Times says") is not Zone.FURNITURE


@pytest.mark.parametrize(
    "lede",
    [
        "A former minister has defected to the opposition.",
        "Northwind Holdings Inc. said it completed its purchase of a rival for $42 million.",
        "Share prices fell 1.1 percent on Thursday on fears of higher rates, analysts said.",
    ],
)
def test_a_short_first_sentence_is_the_lede_not_a_headline(lede: str) -> None:
    text = f"{lede}\n\nThe company said the deal would close next month."
    segs = segment(text, title_in_text=True, title=lede)
    assert zone_of(text, segs, lede[:20]) is Zone.BODY


@pytest.mark.parametrize(
    "headline",
    [
        "Rebels agree to hand back two districts",
        "Hacker who revealed private email address admits to other intrusions.",
        "Minister Has Defected To The Opposition, Party Says On Monday.",
    ],
)
def test_headlines_stay_headlines(headline: str) -> None:
    text = f"{headline}\n\nThe rebels said on Sunday they would withdraw by the end of the month."
    segs = segment(text, title_in_text=True, title=headline)
    assert zone_of(text, segs, headline[:20]) is Zone.HEADLINE


def test_a_headline_above_a_dateline_stays_a_headline_even_in_prose() -> None:
    headline = "Ready to back the senator, party leaders work to unite fractured ranks."
    text = f"{headline}\n\nHEMPSTEAD, N.Y., Sept. 26 (UPI) — The senator was escorted out."
    segs = segment(text, title_in_text=True, title=headline)
    assert zone_of(text, segs, "Ready to back") is Zone.HEADLINE


def test_a_dateline_alone_on_the_first_line_is_no_headline() -> None:
    text = "CAPE TOWN, South Africa (AP) --\n\nAnother man has been arrested after the blast."
    segs = segment(text, title_in_text=True, title="CAPE TOWN, South Africa (AP) --")
    assert zone_of(text, segs, "CAPE TOWN") is Zone.DATELINE


def test_the_first_line_of_a_hard_wrapped_lede_is_no_headline() -> None:
    text = (
        "The value of turnover on the Australian\n"
        "Stock Exchange soared to a record 17.11 billion dlrs in\n"
        "the first three months of the year, the exchange said.\n\n"
        "Turnover in the same period last year was 9.8 billion dlrs,\n"
        "it said in a statement issued on Friday.\n"
    )
    segs = segment(text, title_in_text=True, title="The value of turnover on the Australian")
    assert zone_of(text, segs, "The value of turnover") is Zone.BODY
    assert zones_over(text, segs, 0, text.index("soared")) == {Zone.BODY}


def test_a_title_cased_first_line_of_wrapped_text_stays_a_headline() -> None:
    text = (
        "Australian Exchange Turnover Hits Record\n"
        "The value of turnover on the Australian\n"
        "Stock Exchange soared to a record 17.11 billion dlrs in\n"
        "the first three months of the year, the exchange said.\n"
    )
    segs = segment(text, title_in_text=True, title="Australian Exchange Turnover Hits Record")
    assert zone_of(text, segs, "Australian Exchange") is Zone.HEADLINE
    assert zone_of(text, segs, "The value of turnover") is Zone.BODY


@pytest.mark.parametrize(
    "lede",
    [
        # two sentences on the first line
        "Ten candidates have qualified to contest the election, set for Jan. 9. They are:",
        # a credited dateline opens the line
        "MADRID, Spain (Ticker) - Appearing in his first tournament since June, Agassi shone",
    ],
)
def test_a_first_line_holding_the_story_is_no_headline(lede: str) -> None:
    text = f"{lede}\n\nMore follows in the next paragraph of the story."
    segs = segment(text, title_in_text=True, title=lede)
    assert Zone.HEADLINE not in zones_over(text, segs, 0, len(lede))


@pytest.mark.parametrize(
    "headline",
    [
        "Rep. Gwen Graham slams rival, praises party chair as a work horse",
        "CRICKET: Boje pulls out of tour to India",
    ],
)
def test_abbreviations_and_labels_keep_a_headline(headline: str) -> None:
    text = f"{headline}\n\nThe player said on Monday that he would stay at home."
    segs = segment(text, title_in_text=True, title=headline)
    assert zone_of(text, segs, headline[:10]) is Zone.HEADLINE
