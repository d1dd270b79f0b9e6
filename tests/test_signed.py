"""agreement – signed on – date, on the seeds and on other news."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from seed_docs import doc_of, seed_doc
from spacy.language import Language

from kg.article import Article, PubDate
from kg.extract import _agreements, run_all, signed, versions
from kg.iri import Minter
from kg.mapping import article_quads
from kg.nlp import parse
from kg.read import read_path
from kg.records import Signed
from kg.vocab import NK

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


#: The publication dates of the seeds (gold), so these tests do not depend on inference.
def run(nlp: Language, text: str, published: str) -> list[Signed]:
    return list(
        signed.extract(doc_of(nlp, Article(source="t", text=text, published=PubDate(published))))
    )


def run_seed(nlp: Language, seeds: Path, prefix: str) -> list[Signed]:
    return list(signed.extract(seed_doc(nlp, seeds, prefix)))


def facts(records: list[Signed]) -> list[tuple[str, str, str]]:
    return [(r.agreement.label, r.date.value, r.cue) for r in records]


def test_seed_000_ceasefire_signed_last_week(nlp: Language, seeds: Path) -> None:
    records = run_seed(nlp, seeds, "000")
    assert facts(records) == [("ceasefire", "2020-W46", "signed")]
    assert [b.label for b in records[0].brokers] == ["Russia"]
    assert records[0].evidence.text.startswith("Russia negotiated the ceasefire signed last week")


def test_seed_001_yields_the_same_as_000(nlp: Language, seeds: Path) -> None:
    assert facts(run_seed(nlp, seeds, "001")) == [("ceasefire", "2020-W46", "signed")]


def test_seed_002(nlp: Language, seeds: Path) -> None:
    records = run_seed(nlp, seeds, "002")
    assert facts(records) == [
        ("Russian-brokered agreement to end the fighting", "2020-11-10", "signed"),
        ("pact to develop economic ties and infrastructure", "2021-01-11", "signed"),
    ]
    # "the two countries": the pair of states the article has named most.
    assert {p.label for p in records[0].parties} == {"Azerbaijan", "Armenia"}
    assert [b.label for b in records[0].brokers] == ["Russia"]
    assert {p.label for p in records[1].parties} == {"Russia", "Azerbaijan", "Armenia"}


def names(r: Signed) -> set[str]:
    return {r.agreement.label, *r.agreement.aliases}


def test_seed_003_plural_agreements_give_one_record_per_date(nlp: Language, seeds: Path) -> None:
    # Expected from the text, not from the code's output (the gold file agrees):
    # "the agreements reached by the leaders of Russia, Azerbaijan and Armenia on
    # November 9, 2020 and January 11, 2021" is two agreements, one per date, and
    # "on November 9, the leaders ... signed a statement on the cessation of all
    # hostilities" a third. The cue is the text's verb.
    records = run_seed(nlp, seeds, "003")
    assert sorted((r.date.value, r.cue) for r in records) == [
        ("2020-11-09", "reached"),
        ("2020-11-09", "signed"),
        ("2021-01-11", "reached"),
    ]
    reached = [r for r in records if r.cue == "reached"]
    phrase = "agreement reached by the leaders of Russia, Azerbaijan and Armenia"
    assert all(phrase in r.agreement.label for r in reached)
    # two agreements, two nodes, however their labels tell them apart
    assert reached[0].agreement.label != reached[1].agreement.label
    # the plural phrase stays as an alias of each
    assert all(any("agreements reached" in n for n in names(r)) for r in reached)
    (statement,) = (r for r in records if r.cue == "signed")
    assert statement.agreement.label == "statement on the cessation of all hostilities"
    assert all({p.label for p in r.parties} == {"Russia", "Azerbaijan", "Armenia"} for r in records)


def test_seed_004(nlp: Language, seeds: Path) -> None:
    # Expected from the text (the gold file agrees): "the tripartite agreement between
    # Azerbaijan, Armenia, and Russia last year on Nov. 10", "signed a Russian-brokered
    # agreement on Nov. 10, 2020", and "On Jan. 11 this year ... signed a pact to
    # develop economic ties and infrastructure".
    records = run_seed(nlp, seeds, "004")
    assert [r.date.value for r in records] == ["2020-11-10", "2020-11-10", "2021-01-11"]
    tripartite, brokered, pact = records
    assert "tripartite agreement between Azerbaijan, Armenia, and Russia" in names(tripartite)
    # no verb joins that date to the agreement: the record says so with an empty cue
    # (kg/records.py, Signed.cue), and is less certain than a signed one
    assert tripartite.cue == ""
    assert tripartite.confidence < brokered.confidence
    assert [p.label for p in tripartite.parties] == ["Azerbaijan", "Armenia", "Russia"]
    assert "Russian-brokered agreement" in names(brokered) and brokered.cue == "signed"
    assert "pact to develop economic ties and infrastructure" in names(pact)
    assert pact.cue == "signed"


def test_evidence_points_into_the_article(nlp: Language) -> None:
    text = "Talks went on for weeks.\n\nOn Jan. 11, the leaders of Russia, Azerbaijan, and Armenia signed a pact."
    (record,) = run(nlp, text, "2021")
    assert text[record.evidence.start : record.evidence.end] == record.evidence.text
    assert record.evidence.text.startswith("On Jan. 11")
    assert text[record.date.start : record.date.end] == "Jan. 11"
    assert text[record.agreement.start : record.agreement.end] == "pact"


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Ethiopia and Eritrea signed a peace agreement in Jeddah on Sunday, ending two decades of hostility.",
            "2018-09-20",
            ("peace agreement", "2018-09-16", ["Ethiopia", "Eritrea"], []),
        ),
        (
            "The United States and the Taliban signed a deal in Doha on Saturday, mediated by Qatar.",
            "2020-03-01",
            ("deal", "2020-02-29", ["United States", "Taliban"], ["Qatar"]),
        ),
        (
            "A ceasefire brokered by Germany and France was agreed in Minsk on Thursday.",
            "2015-02-15",
            ("ceasefire", "2015-02-12", [], ["Germany", "France"]),
        ),
        (
            "A Russia-brokered cease-fire was signed between Armenia and Azerbaijan on Nov. 9, 2020.",
            "2020-11-21",
            ("Russia-brokered cease-fire", "2020-11-09", ["Armenia", "Azerbaijan"], ["Russia"]),
        ),
    ],
)
def test_other_agreements(
    nlp: Language, text: str, published: str, expected: tuple[str, str, list[str], list[str]]
) -> None:
    (record,) = run(nlp, text, published)
    parties = [p.label for p in record.parties if p.kind == "State" or p.label == "Taliban"]
    assert (
        record.agreement.label,
        record.date.value,
        parties,
        [b.label for b in record.brokers],
    ) == expected


@pytest.mark.parametrize(
    "text",
    [
        # No signing: violated, discussed, rejected.
        "When new clashes erupted on Sept. 27 last year, the army violated several humanitarian cease-fire agreements.",
        "The two sides discussed the peace deal on Tuesday.",
        "Parliament did not sign the treaty on Monday.",
        # A signing without a date in the clause.
        "Ethnic Armenians return to a normal life after a Russia-brokered cease-fire was signed between Armenia and Azerbaijan.",
        # A day of the agreement's life, not its signing.
        "“I hope that today’s ceasefire can create a new situation in the region,” Aliyev said.",
    ],
)
def test_no_record_without_a_dated_signing(nlp: Language, text: str) -> None:
    assert run(nlp, text, "2021-11-21") == []


def test_same_label_same_mention_label(nlp: Language) -> None:
    text = (
        "The rebels signed a peace deal on Monday. "
        "Donors welcomed the peace deal signed on Monday, Nov. 15, 2021."
    )
    records = run(nlp, text, "2021-11-21")
    assert len(records) == 2
    assert {r.agreement.label for r in records} == {"peace deal"}


def test_doc_without_times_yields_nothing(nlp: Language) -> None:
    article = Article(source="t", text="The two countries signed a treaty on Nov. 10, 2020.")
    doc = next(parse(nlp, [article]))
    assert list(signed.extract(doc)) == []


def test_two_mentions_of_one_agreement_are_one_node(nlp: Language) -> None:
    records = run(
        nlp,
        "Ethiopia and Eritrea signed a truce on March 3, 2019, in Doha. "
        "The Qatar-mediated truce was signed last week after months of talks.",
        "2019-03-10",
    )
    # "last week" only restates, less precisely, the day of the first mention.
    assert facts(records) == [("Qatar-mediated truce", "2019-03-03", "signed")]
    assert records[0].agreement.aliases == ("truce",)
    assert {p.label for p in records[0].parties} == {"Ethiopia", "Eritrea"}
    assert [b.label for b in records[0].brokers] == ["Qatar"]


def test_two_descriptions_signed_the_same_day_stay_apart(nlp: Language) -> None:
    records = run(
        nlp,
        "On May 2, 2018 the parties signed a tripartite agreement in Addis Ababa. "
        "The Kenyan-brokered agreement was signed on May 2, 2018 as well.",
        "2018-05-20",
    )
    assert len({r.agreement.label for r in records}) == 2


def test_effective_date_and_deadline_kept_apart_from_the_signing(nlp: Language) -> None:
    records = run(
        nlp,
        "Ethiopia and Eritrea signed a truce on March 3, 2019. "
        "The truce took effect at midnight on March 5. "
        "Under the truce, the rebels must leave the valley by April 1.",
        "2019-03-10",
    )
    assert facts(records) == [("truce", "2019-03-03", "signed")]
    assert records[0].effective is not None and records[0].effective.value == "2019-03-05"
    assert [d.value for d in records[0].deadlines] == ["2019-04-01"]


def test_broker_named_outside_the_signing_clause(nlp: Language) -> None:
    records = run(
        nlp,
        "The two rebel groups signed a peace accord on Monday. "
        "The accord, which comes into force on May 1, was mediated by Norway.",
        "2019-03-10",
    )
    assert facts(records) == [("peace accord", "2019-03-04", "signed")]
    assert [b.label for b in records[0].brokers] == ["Norway"]
    assert records[0].effective is not None and records[0].effective.value == "2019-05-01"


def test_signing_noun_and_not_signed_but_initialled(nlp: Language) -> None:
    records = run(
        nlp,
        "Talks ended on 25 August with the signing of the Basic Charter. "
        "The Valley Accord was not signed but initialled by both delegations on 31 August 2020.",
        "2020",
    )
    assert facts(records) == [
        ("Basic Charter", "2020-08-25", "signing"),
        ("Valley Accord", "2020-08-31", "initialled"),
    ]


def test_signing_dated_by_the_previous_sentence_and_signing_chains(nlp: Language) -> None:
    records = run(
        nlp,
        "A second round of talks between the two parties was held on 7 August. "
        "During these talks, the Harbour Minute was signed. "
        "Talks in Accra resulted in the signing on 16 November of the Lake Peace Agreement.",
        "1990",
    )
    assert facts(records) == [
        ("Harbour Minute", "1990-08-07", "signed"),
        ("Lake Peace Agreement", "1990-11-16", "signing"),
    ]


def test_a_date_since_which_something_lasts_is_no_signing_date(nlp: Language) -> None:
    records = run(
        nlp,
        "The parties signed an agreement which set up a committee led by Qatar, "
        "which had been mediating between them since 2009.",
        "2010",
    )
    assert records == []


def test_quoted_and_long_passive_names(nlp: Language) -> None:
    records = run(
        nlp,
        '"Accord de Paix des Collines" was signed on 3 May 2001 in Lomé. '
        "On 16 January 2013 the Agenda for the Talks between the Government and the rebels, "
        "a framework agreement, was signed in Kampala.",
        "2013",
    )
    labels = [(r.agreement.label, r.date.value) for r in records]
    assert labels[0] == ("Accord de Paix des Collines", "2001-05-03")
    assert labels[1][1] == "2013-01-16"
    assert labels[1][0].startswith("Agenda for the Talks between the Government and the rebels")


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # No date in the sentence: a present perfect is the news of the publication day.
        (
            "Kenya and Somalia have signed an agreement on maritime patrols.",
            "2021-03-12",
            [("2021-03-12", "tense", False)],
        ),
        # An undated past signing takes the date of the story's dated signing.
        (
            "Chile and Peru signed a trade pact on Monday in Lima. "
            "Their defence ministers signed another accord to share patrol boats.",
            "2021-03-12",
            [("2021-03-08", "text", False), ("2021-03-08", "story", False)],
        ),
        # Other forms: a date before the noun, other verbs, "agreed to", "ended with".
        (
            "The November 10 accord ended six weeks of fighting.",
            "2021-03-12",
            [("2020-11-10", "text", False)],
        ),
        (
            "The deal, inked in Lima on Monday, ends the dispute.",
            "2021-03-12",
            [("2021-03-08", "text", False)],
        ),
        (
            "The two sides put their signatures to the accord on Wednesday.",
            "2021-03-12",
            [("2021-03-10", "text", False)],
        ),
        (
            "Chad and Sudan agreed Thursday to a March 20 ceasefire and the withdrawal of troops.",
            "2021-03-12",
            [("2021-03-11", "text", False)],
        ),
        (
            "The talks ended on Tuesday with an agreement on the border.",
            "2021-03-12",
            [("2021-03-09", "text", False)],
        ),
        # A participle before its subject, "signed up to", a relative object, a pronoun.
        (
            "Signed on Friday, the accord ends a decade of border clashes.",
            "2019-06-14",
            [("2019-06-14", "text", False)],
        ),
        (
            "Both sides signed up to the accord on Thursday.",
            "2019-06-14",
            [("2019-06-13", "text", False)],
        ),
        (
            "The accord, which both leaders signed on Thursday, ends a decade of clashes.",
            "2019-06-14",
            [("2019-06-13", "text", False)],
        ),
        (
            "A ceasefire came into force on Wednesday after both sides signed it on Tuesday.",
            "2019-06-14",
            [("2019-06-11", "text", False)],
        ),
        # Other verbs of concluding; a participle the parser took for the main verb.
        (
            "Negotiators hammered out an agreement in Minsk on Thursday.",
            "2015-02-14",
            [("2015-02-12", "text", False)],
        ),
        (
            "The leaders forged a deal on Thursday after 16 hours of talks.",
            "2015-02-14",
            [("2015-02-12", "text", False)],
        ),
        (
            "The ceasefire agreed in Minsk on Thursday took effect on Sunday.",
            "2015-02-14",
            [("2015-02-12", "text", False)],
        ),
        # A quantity of agreements signed together.
        (
            "Chile and Peru signed a series of agreements in Lima on Thursday.",
            "2012-09-28",
            [("2012-09-27", "text", False)],
        ),
        # A compound of two agreement nouns is one agreement.
        (
            "Kyiv and the rebels secured a ceasefire deal on Thursday.",
            "2015-02-14",
            [("2015-02-12", "text", False)],
        ),
        # A conference that adopts an agreement concludes it.
        (
            "On 3 March 2011 the national peace conference adopted a declaration on power sharing.",
            "2011",
            [("2011-03-03", "text", False)],
        ),
        # One of several signed together.
        (
            "This accord is one of five signed between Chile and Peru in Lima in June 2012.",
            "2012",
            [("2012-06", "text", False)],
        ),
        # Reported speech: the signing inside the claim.
        (
            "Puma said on Thursday it had signed a new four-year agreement with the club.",
            "2021-03-12",
            [("2021-03-11", "text", False)],
        ),
        # A past perfect the report puts in the past: the story's news, not "no day".
        (
            "Chile and Peru met in Lima on Thursday. Chile said it had signed a deal with Peru.",
            "2021-03-12",
            [("2021-03-11", "story", False)],
        ),
        # Planned is not done.
        (
            "Negotiators are working on a deal to be signed on March 12, 2021.",
            "2021-03-10",
            [("2021-03-12", "text", True)],
        ),
        (
            "Peru and Ecuador will sign a border treaty on Friday.",
            "2021-03-10",
            [("2021-03-12", "text", True)],
        ),
        (
            "The two governments are due to sign the accord by March 30.",
            "2021-03-10",
            [("2021-03-30", "text", True)],
        ),
        (
            "The firms expect to seal a final agreement by spring 2022.",
            "2021-03-10",
            [("2022-SP", "text", True)],  # the season, as TimeML writes it (stored at its year)
        ),
        (
            "The clubs had until midnight on Thursday to reach a contract agreement.",
            "2021-03-12",
            [("2021-03-11", "text", True)],
        ),
    ],
)
def test_other_forms_of_signing(
    nlp: Language, text: str, published: str, expected: list[tuple[str, str, bool]]
) -> None:
    records = run(nlp, text, published)
    assert [(r.date.value, r.date_basis, r.planned) for r in records] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Talks on a deal resumed on Tuesday.",
        "The rebels refused to sign the accord on Monday.",
        "The agreement had been signed.",  # past perfect: no day is said
        "Parliament signed the treaty.",  # no dated signing in the story to take the day from
        "Clashes broke out along the border in April. The deal was reached after weeks of talks.",
        # A date of another event, in a clause of its own.
        "The deal, reached after weeks of talks, ends the fighting that broke out in April.",
        # A year before the noun names an older agreement, not a signing the story reports.
        "Donors praised the 2006 agreement.",
        # A legislature adopting an accord ratifies it.
        "The national assembly adopted the peace accord on Friday.",
        # What an agreement ended is no talks ending in one.
        "With this agreement the war was ended on Friday and a new order was established.",
        # The date of an act done under an agreement is not the agreement's.
        "Chilean troops entered the valley under the agreement on Wednesday.",
        "Under the peace deal, the rebels handed over their weapons on Wednesday.",
        # A participle the parser took for a main verb has no tense to date it by.
        "Talks resumed on Monday. Craxi said a pact agreed during the crisis would fail.",
        # A span ("of the year") is no signing day.
        "The biggest merger deals of the year were done by banks.",
    ],
)
def test_no_signing_date_claimed(nlp: Language, text: str) -> None:
    assert [r for r in run(nlp, text, "2021-03-12") if not r.planned] == []


def test_planned_signing_is_never_signed_on(nlp: Language) -> None:
    article = Article(
        source="t",
        text="Peru and Ecuador will sign a border treaty on Friday.",
        published=PubDate("2021-03-10"),
    )
    records = run_all(doc_of(nlp, article))
    _, quads = article_quads(
        article,
        records,
        minter=Minter("https://example.org/"),
        model="m",
        extractors=versions(),
        now=NOW,
    )
    predicates = {p for _, p, _, _ in quads}
    assert NK.signingPlannedFor in predicates
    assert NK.signedOn not in predicates


def test_plural_agreements_with_two_partners_are_two_agreements(nlp: Language) -> None:
    text = "Morocco signed trade agreements with Senegal and Mali on Tuesday."
    records = run(nlp, text, "2021-03-12")
    assert [(r.agreement.label, r.date.value) for r in records] == [
        ("trade agreement with Senegal", "2021-03-09"),
        ("trade agreement with Mali", "2021-03-09"),
    ]
    assert [[p.label for p in r.parties] for r in records] == [
        ["Morocco", "Senegal"],
        ["Morocco", "Mali"],
    ]
    # Two signers: one set of agreements between them.
    (one,) = run(nlp, "Senegal and Mali signed trade agreements on Tuesday.", "2021-03-12")
    assert one.agreement.label == "trade agreements"


def test_a_signing_not_expected_is_not_even_planned(nlp: Language) -> None:
    assert run(nlp, "Unions were not expected to reach an agreement on Friday.", "2021-03-12") == []


def test_undated_past_signing_takes_the_story_date_only_in_a_news_story(nlp: Language) -> None:
    text = (
        "On 4 May 2001 the parties signed a ceasefire in Lusaka. "
        "The rebels signed a separate protocol on prisoners."
    )
    news = run(nlp, text, "2001-05-05")
    assert [(r.agreement.label, r.date.value, r.date_basis) for r in news] == [
        ("ceasefire", "2001-05-04", "text"),
        ("separate protocol on prisoners", "2001-05-04", "story"),
    ]
    # A report known only by its year: the protocol may be years apart from the ceasefire.
    report = run(nlp, text, "2001")
    assert [(r.agreement.label, r.date_basis) for r in report] == [("ceasefire", "text")]


def test_an_agreement_invoked_keeps_the_date_that_names_it(nlp: Language) -> None:
    records = run(
        nlp, "Under the agreement of 10 November, troops left the valley on Friday.", "2021-03-12"
    )
    assert [(r.agreement.label, r.date.value) for r in records] == [("agreement", "2020-11-10")]


def test_a_hyphenated_number_stays_in_the_name(nlp: Language) -> None:
    records = run(nlp, "The 13-point protocol was signed on Friday in Minsk.", "2015-02-14")
    assert [r.agreement.label for r in records] == ["13-point protocol"]


# --- issue 9: signings in phrasings no dev article was tuned on (all sentences invented) ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "which" parsed as an apposition, with the relative clause under it.
        ("The pact, which the two leaders signed on Tuesday, settles the border.", "2021-06-01"),
        ("The signing ceremony of the border treaty took place in Riga on Tuesday.", "2021-06-01"),
        (
            "Estonian and Latvian officials signed off on the border treaty on Tuesday.",
            "2021-06-01",
        ),
        # The meeting a signing came at or after: its month when "after" (the day is not said).
        (
            "The Riga Accord Part II was concluded after the third session of the Baltic"
            " Conference held in Riga from 19 to 21 August 2020.",
            "2020-08",
        ),
        (
            "The treaty was signed at the summit held in Riga on 3 May 2021.",
            "2021-05-03",
        ),
    ],
)
def test_more_signing_forms(nlp: Language, text: str, expected: str) -> None:
    records = run(nlp, text, "2021-06-04")
    assert [r.date.value for r in records] == [expected]
    assert not any(r.planned for r in records)


def test_a_running_count_of_agreements_is_signed(nlp: Language) -> None:
    text = (
        "Three annexes to the border treaty remained to be agreed in the spring."
        " During the talks on 3 May 2021, the first of them was signed."
    )
    records = run(nlp, text, "2021-06-04")
    assert [(r.agreement.label, r.date.value) for r in records] == [("annexes", "2021-05-03")]


def test_a_participle_nested_in_another_clause_takes_no_main_clause_date(nlp: Language) -> None:
    # "December 31" is when the presence ends, named in the document: not its signing.
    text = (
        "Officially, the Estonian presence at the canal ends on December 31, the day noted"
        " in the document signed by the two presidents, but the ceremony was moved forward."
    )
    assert run(nlp, text, "1999-12-14") == []


def test_a_finite_signing_after_a_report_is_the_story(nlp: Language) -> None:
    text = (
        "The ceremony was held at the harbour on Tuesday. "
        '"The island is ours," said the Estonian president after she and the Latvian prime'
        " minister signed a document returning the island to Estonia."
    )
    (record,) = run(nlp, text, "1999-12-15")
    assert (record.date_basis, record.date.value, record.planned) == ("story", "1999-12-14", False)


def test_a_headline_signing_takes_the_story_date_not_the_publication_day(
    nlp: Language, tmp_path: Path
) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "---\ntitle: Estonia and Latvia sign border treaty\npublished: 2021-06-02\n---\n"
        "Estonia and Latvia sign border treaty\n\n"
        "The foreign ministers of the two countries signed the border treaty in Riga on"
        " Tuesday after ten years of talks.\n",
        encoding="utf-8",
    )
    (article,) = list(read_path(str(path)))
    records = list(signed.extract(doc_of(nlp, article)))
    assert {r.date.value for r in records} == {"2021-06-01"}


def test_a_headline_alone_is_read(nlp: Language, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "---\ntitle: Estonia and Latvia to sign border treaty on Friday\npublished: 2021-06-02\n"
        "---\nEstonia and Latvia to sign border treaty on Friday\n\n"
        "Officials in both capitals welcomed the news.\n",
        encoding="utf-8",
    )
    (article,) = list(read_path(str(path)))
    records = list(signed.extract(doc_of(nlp, article)))
    assert [(r.planned, r.date.value) for r in records] == [(True, "2021-06-04")]


def test_a_place_where_is_no_party(nlp: Language) -> None:
    (record,) = run(nlp, "The accord was sealed with a handshake in Riga on Friday.", "2021-06-04")
    assert record.parties == ()
    (record,) = run(
        nlp,
        "The accord was signed on Friday between the governments of Estonia and Latvia.",
        "2021-06-04",
    )
    assert [p.label for p in record.parties] == ["Estonia", "Latvia"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friday's agreement was hailed around the world.", ["2021-06-04"]),
        ("Yesterday's historic accord sets up a new assembly.", ["2021-06-04"]),
        # A ceasefire's day is the day it starts or holds, not its signing.
        ("Friday's ceasefire held overnight.", []),
        ("This year's agreement sets up a new assembly.", []),
    ],
)
def test_a_possessive_day_dates_an_agreement(nlp: Language, text: str, expected: list[str]) -> None:
    assert [r.date.value for r in run(nlp, text, "2021-06-05")] == expected


def test_a_place_in_the_signers_phrase_is_no_party(nlp: Language) -> None:
    (record,) = run(
        nlp, "Politicians in Riga reached agreement on Friday after long talks.", "2021-06-05"
    )
    assert record.parties == ()


# --- issue 9: headlines in title case or a URL slug (invented) ---


@pytest.mark.parametrize(
    ("headline", "body", "expected"),
    [
        # Title case: common words lowered, names the body capitalizes kept.
        (
            "Vesna And Korat Sign Border Treaty In Historic Ceremony",
            "Leaders of Vesna and Korat met on Friday.",
            "Vesna and Korat sign border treaty in historic ceremony",
        ),
        # Countries, demonyms, days and acronyms stay capitalized.
        (
            "Peru, Chile Ink Irish-Style Accord On Friday, UN Says",
            "The accord was welcomed.",
            "Peru, Chile ink Irish-Style accord on Friday, UN says",
        ),
        # A URL slug: the names the body writes capitalized, and countries.
        (
            "vesna and chile sign border treaty",
            "Leaders of Vesna met on Friday.",
            "Vesna and Chile sign border treaty",
        ),
        # Sentence case is left alone.
        (
            "Vesna and Korat sign border treaty",
            "Leaders of Vesna and Korat met.",
            "Vesna and Korat sign border treaty",
        ),
    ],
)
def test_sentence_case(nlp: Language, headline: str, body: str, expected: str) -> None:
    known = _agreements._lexicon(nlp)
    assert _agreements.sentence_case(headline, body, known) == expected


def test_a_title_case_headline_signing_is_read(nlp: Language, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    title = "Vesna And Korat Sign Border Treaty In Capital On Monday"
    path.write_text(
        f"---\npublished: 2018-11-20\n---\n{title}\n\n"
        "Crowds gathered outside as the leaders arrived.\n",
        encoding="utf-8",
    )
    (article,) = list(read_path(str(path)))
    records = list(signed.extract(doc_of(nlp, article)))
    assert [(r.date.value, r.evidence.text) for r in records] == [("2018-11-19", title)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "N years ago today": the day of publication that many years back.
        ("The peace accords were signed in Paris 18 years ago today.", ["1995-12-14"]),
        # A year that a day after it only refines is one date, not a second agreement.
        (
            "Exactly 18 years ago, on December 14, 1995, the leaders signed the peace accords"
            " in Paris.",
            ["1995-12-14"],
        ),
        # Two signing verbs sharing one subject: two signings.
        (
            "The accords, initialled in Ohio on November 21, 1995, were formally signed in"
            " Paris on December 14, 1995.",
            ["1995-11-21", "1995-12-14"],
        ),
    ],
)
def test_anniversaries_refined_years_and_a_second_signing_verb(
    nlp: Language, text: str, expected: list[str]
) -> None:
    assert sorted(r.date.value for r in run(nlp, text, "2013-12-14")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The date of what the agreement provides is not the signing's.
        (
            "The prime ministers signed an agreement to end the dispute and return the"
            " islands to Vesna in 2030.",
            [],
        ),
        (
            "The two makers have concluded an accord for a new engine which will enter"
            " service in spring 2025.",
            [("accord for a new engine", "2021-11-21", False)],
        ),
        # Another signing's date stays with that signing.
        (
            "Acme said it has signed a definitive agreement to buy Beta, formalizing a"
            " preliminary agreement reached in January.",
            [
                ("definitive agreement to buy Beta", "2021-11-21", False),
                ("preliminary agreement", "2021-01", False),
            ],
        ),
        # A naming participle's date is the signing's.
        (
            "The two sides signed a partial agreement called the Framework for Dialogue on"
            " 20 October 2021 in Lusaka.",
            [("partial agreement", "2021-10-20", False)],
        ),
        # A count of agreements since a year dates no signing.
        ("Vesna has signed 36 trade agreements with its neighbours since 1995.", []),
        # A present signing under "if", "when" or "once" is still to come.
        ("Officials said that if and when the banks sign the accord, others will follow.", []),
        ("Once the two sides sign the deal, the troops will withdraw.", []),
    ],
)
def test_dates_of_other_clauses_spans_and_conditions(
    nlp: Language, text: str, expected: list[tuple[str, str, bool]]
) -> None:
    records = run(nlp, text, "2021-11-21")
    got = sorted((r.agreement.label, r.date.value, r.planned) for r in records if not r.planned)
    assert got == sorted(expected)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # Both ends of a range, a bound: never the signing day.
        (
            "The pact signed in March for the weeks from April to August comes up for review.",
            "1990-09-01",
            ["1990-03"],
        ),
        (
            "Norvik said it has signed an agreement to pay back taxes for the years 1972"
            " through 1983.",
            "1987-06-18",
            ["1987-06-18"],
        ),
        (
            "Serving as bloc chair until the end of the month, the premier sealed a deal"
            " overnight.",
            "2010-06-12",
            [],
        ),
        # "No agreements" were signed.
        (
            "Vesna signed a rescheduling accord on Monday. Its minister visited Korlan"
            " hoping to find new credits but clinched no agreements.",
            "1987-06-03",
            ["1987-06-01"],
        ),
        # The day the agreement starts is its term, not its signing.
        (
            "Vesna and Korlan sealed a customs agreement to start March 1, 2012 after settling"
            " final disputes.",
            "2011-10-01",
            [],
        ),
        # A date that modifies another noun dates that noun, and is no news of the day.
        (
            "Ardent said it and Pell signed a definitive agreement to combine, valued on"
            " May 12 closing prices.",
            "1990-05-15",
            [],
        ),
        (
            "The 2001 summit took place just after the signing of the fisheries agreement.",
            "2010-11-04",
            [],
        ),
        # ... but a meeting the signing happens at dates it.
        ("The two sides signed the accord at the May 3 summit.", "2021-05-20", ["2021-05-03"]),
        # A clause of its own, joined by "and", tells its own event.
        (
            "Ardent also said it signed a supply agreement, and its depot in Lumo will be"
            " opened in early September.",
            "1990-06-01",
            [],
        ),
        # A war that ends in a ceasefire is no signing.
        (
            "Since the fighting ended in a ceasefire on March 3, there have been calls for a"
            " commission.",
            "2012-07-01",
            [],
        ),
        ("The talks ended with an agreement on Tuesday.", "2021-11-21", ["2021-11-16"]),
        # A full date the parser hangs on the subject after it still dates the signing.
        (
            "On 12 June 2011 President Kaldor and rebel leader Vesk signed a peace"
            " agreement in Lumo.",
            "2021-11-21",
            ["2011-06-12"],
        ),
        (
            "On 9 October 2003 the government and the rebels signed a truce in Lumo.",
            "2021-11-21",
            ["2003-10-09"],
        ),
        (
            "On 9 October the government and the rebels signed a truce in Lumo.",
            "2021-11-21",
            ["2021-10-09"],
        ),
        # A signing over two days is no range of a bound.
        (
            "Talks opened on 2 March 2004, and on 5-6 March the Lumo Accord was signed.",
            "2021-11-21",
            ["2004-03-06"],
        ),
    ],
)
def test_ranges_bounds_terms_and_dates_of_other_nouns(
    nlp: Language, text: str, published: str, expected: list[str]
) -> None:
    records = run(nlp, text, published)
    assert sorted(r.date.value for r in records if not r.planned) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # A plan's deadline and a season are the plan's dates, not dates of another noun.
        (
            "About 20 of the 300 lenders still have to sign the accord before the June 30"
            " deadline.",
            "1995-05-01",
            [("1995-06-30", True)],
        ),
        (
            "The two carriers say they hope to seal a final accord by Spring 2013.",
            "2012-10-01",
            [("2013", True)],
        ),
        (
            "The minister said it is possible to reach a global fisheries agreement in"
            " calendar 1999.",
            "1998-05-01",
            [("1999", True)],
        ),
        # "Today's move" is the news of the day an undated signing takes.
        (
            "Vesna Bancorp said it signed licensing agreements with two lenders."
            " Today's move is its first abroad.",
            "1987-04-09",
            [("1987-04-09", False)],
        ),
        # A month with its year heads no noun, whatever the parser makes of it (here
        # "July" of "subject", across the line breaks of wire copy).
        (
            "They\nsigned a memorandum of understanding to combine the marine\nengine"
            " operations of Ardent and Pell Engine Works in July\n1993 subject to final"
            " negotiations and government approvals.",
            "1995-01-10",
            [("1993-07", False)],
        ),
    ],
)
def test_deadlines_seasons_news_days_and_dated_months_still_count(
    nlp: Language, text: str, published: str, expected: list[tuple[str, bool]]
) -> None:
    records = run(nlp, text, published)
    assert sorted((r.date.value, r.planned) for r in records) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Almost reached, close to signing: not reached, not signed.
        "An official said the two sides had almost reached an agreement for June 3.",
        "Reports today said the carrier was close to signing a deal to buy 12 ships.",
    ],
)
def test_a_signing_nearly_done_is_not_done(nlp: Language, text: str) -> None:
    assert [r for r in run(nlp, text, "1997-04-04") if not r.planned] == []


def test_an_older_signing_of_another_agreement_does_not_date_the_news(nlp: Language) -> None:
    text = (
        "Ardent said it signed an agreement in principle with Lumo Media to make toys."
        " Ardent signed similar pacts in January with Pell Corp."
    )
    records = run(nlp, text, "1990-03-25")
    assert sorted((r.agreement.label, r.date.value) for r in records) == [
        ("similar pacts", "1990-01")
    ]
    # The dated signing of the week is the story's.
    records = run(nlp, text.replace("in January", "on Monday"), "1990-03-25")
    assert sorted(r.date.value for r in records) == ["1990-03-19", "1990-03-19"]


def test_an_agreement_noun_the_parser_makes_a_verb_is_signed(nlp: Language) -> None:
    # "inked a ceasefire deal": the model reads "deal" as a verb with "ceasefire" its subject.
    records = run(nlp, "Armenia and Georgia inked a ceasefire deal on Thursday.", "2021-11-21")
    assert [(r.date.value, r.cue) for r in records] == [("2021-11-18", "inked")]


@pytest.mark.parametrize(
    ("text", "published"),
    [
        # A passive under "if" is a condition, not a signing.
        (
            '"If a new treaty is adopted this month it will help the industry," she said.',
            "1990-03-16",
        ),
        # A "that" clause of a wish is a subjunctive.
        (
            "The envoys recommended that their governments adopt a declaration on the dispute.",
            "2005-11-16",
        ),
        # A verb of the agreement's own lower-case phrase keeps its date: the filing's.
        (
            "The utility reached an agreement in principle to settle a suit filed against it"
            " in June 1991 by shareholders.",
            "1993-04-03",
        ),
    ],
)
def test_conditions_wishes_and_dates_inside_the_agreements_phrase(
    nlp: Language, text: str, published: str
) -> None:
    assert [r for r in run(nlp, text, published) if not r.planned] == []


def test_ranges_across_the_line_breaks_of_wire_copy(nlp: Language) -> None:
    text = "The pact signed in March for the weeks from\nApril to August comes up for review."
    assert [r.date.value for r in run(nlp, text, "1990-09-01")] == ["1990-03"]


def test_the_agreements_own_verb_keeps_its_date(nlp: Language) -> None:
    text = (
        "The chairman said his bureau would sign the agreement to share data and staff"
        " with Ardent on June 9."
    )
    records = run(nlp, text, "1999-05-20")
    assert [(r.date.value, r.planned) for r in records] == [("1999-06-09", True)]
