"""Speaker resolution: names, titles, pronouns and role phrases to one actor."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.article import Article, Segment, Zone
from kg.extract.speakers import SpeakerResolver
from kg.nlp import parse
from kg.records import Mention


def doc_of(nlp: Language, text: str) -> Doc:
    article = Article(source="t", text=text, segments=[Segment(0, len(text), Zone.BODY)])
    return next(parse(nlp, [article]))


def subject(doc: Doc, word: str, nth: int = 0) -> Token:
    return [t for t in doc if t.text == word][nth]


def resolve(nlp: Language, text: str, word: str, nth: int = 0) -> Mention | None:
    doc = doc_of(nlp, text)
    return SpeakerResolver(doc).resolve(subject(doc, word, nth))


def test_surname_takes_the_full_name_and_title(nlp: Language) -> None:
    text = (
        "Russian Foreign Minister Sergey Lavrov arrived in Baku. Russia and Azerbaijan agree, "
        "Lavrov said."
    )
    m = resolve(nlp, text, "Lavrov", 1)
    assert m is not None
    assert (m.label, m.kind, m.role) == ("Sergey Lavrov", "Person", "Russian Foreign Minister")
    assert "Lavrov" in m.aliases


def test_apposition_gives_the_role(nlp: Language) -> None:
    text = (
        "Maria Zakharova, the official representative of the Russian Foreign Ministry, spoke. "
        "Zakharova said more."
    )
    m = resolve(nlp, text, "Zakharova", 1)
    assert m is not None and m.label == "Maria Zakharova"
    assert m.role is not None and m.role.startswith("official representative")


def test_role_phrase_looks_forward_to_the_lede_name(nlp: Language) -> None:
    text = (
        "The president of Azerbaijan said Saturday he hopes for peace.\n\n"
        "President Ilham Aliyev made the statement in Baku."
    )
    m = resolve(nlp, text, "president")
    assert m is not None and m.label == "Ilham Aliyev"
    assert m.aliases == ("The president of Azerbaijan",)


def test_role_phrase_respects_the_nation(nlp: Language) -> None:
    text = (
        "Armenian President Armen Sarkissian met Russian President Vladimir Putin. "
        "Azerbaijan's president said the talks were useful."
    )
    m = resolve(nlp, text, "president", 0)
    assert m is not None and m.kind == "Unnamed"  # not the Armenian president
    text = text.replace("Armenian President Armen Sarkissian", "Azerbaijani President Ilham Aliyev")
    m = resolve(nlp, text, "president", 0)
    assert m is not None and m.label == "Ilham Aliyev"


def test_role_modifiers_must_match(nlp: Language) -> None:
    text = (
        "Defense Minister Sergei Shoigu visited Yerevan. The foreign minister said the road "
        "was open."
    )
    m = resolve(nlp, text, "minister")
    assert m is not None and m.kind == "Unnamed"  # not the defence minister
    text = "Foreign Minister Sergey Lavrov visited Yerevan. The foreign minister said it was open."
    m = resolve(nlp, text, "minister")
    assert m is not None and m.label == "Sergey Lavrov"


def test_generic_official_takes_any_titled_person(nlp: Language) -> None:
    text = (
        "Azerbaijan is ready, a top Azerbaijani official said on Thursday.\n\n"
        "Foreign Minister Ceyhun Bayramov spoke in Minsk."
    )
    m = resolve(nlp, text, "official")
    assert m is not None and m.label == "Ceyhun Bayramov"


def test_pronoun_takes_the_last_speaker(nlp: Language) -> None:
    text = "Maria Zakharova spoke at a briefing. She said the talks were useful."
    doc = doc_of(nlp, text)
    resolver = SpeakerResolver(doc)
    m = resolver.resolve(subject(doc, "She"))
    assert m is not None and m.label == "Maria Zakharova"


def test_organisations_and_states(nlp: Language) -> None:
    text = "The Russian Foreign Ministry said the talks went well. Russia said it agreed."
    doc = doc_of(nlp, text)
    resolver = SpeakerResolver(doc)
    ministry = resolver.resolve(subject(doc, "Ministry"))
    assert ministry is not None and ministry.kind == "Organization"
    assert ministry.label == "Russian Foreign Ministry"
    russia = resolver.resolve(subject(doc, "Russia"))
    assert russia is not None and (russia.label, russia.kind) == ("Russia", "State")


def test_namesakes_stay_apart(nlp: Language) -> None:
    text = (
        "Benjamin Netanyahu met Barack Obama. Sara Netanyahu stayed home. "
        "Netanyahu said the talks went well."
    )
    doc = doc_of(nlp, text)
    m = SpeakerResolver(doc).resolve(subject(doc, "Netanyahu", 2))
    assert m is not None and m.label == "Sara Netanyahu"  # the one named last before


def test_unknown_role_stays_unnamed(nlp: Language) -> None:
    # nobody in the text holds the title: the speaker is kept, unnamed, as written
    text = "The spokesman said the talks went well."
    m = resolve(nlp, text, "spokesman")
    assert m is not None and (m.kind, m.label) == ("Unnamed", "spokesman")


@pytest.mark.parametrize(
    ("text", "head", "label"),
    [
        ("Aides to Clinton say she is shifting her tack.", "Aides", "Aides to Clinton"),
        ("A source said the vote would be close.", "source", "source"),
        ("The actress said she was tired of the status quo.", "actress", "actress"),
        ("Most voters said they were worried.", "voters", "Most voters"),
        ("Half of voters said they were worried.", "Half", "Half of voters"),
    ],
)
def test_unnamed_speakers(nlp: Language, text: str, head: str, label: str) -> None:
    m = resolve(nlp, text, head)
    assert m is not None and (m.kind, m.label) == ("Unnamed", label)


def test_documents_speak_unnamed_and_pronouns_need_an_antecedent(nlp: Language) -> None:
    doc = doc_of(nlp, "The report said the vote would be close. It said nothing else.")
    resolver = SpeakerResolver(doc)
    m = resolver.resolve(doc[1])
    assert m is not None and (m.kind, m.label) == ("Unnamed", "report")
    it = resolver.resolve(doc[9])  # "It": the text that spoke before it
    assert it is not None and (it.kind, it.label) == ("Unnamed", "report")
    doc = doc_of(nlp, "The vote would be close. It said nothing else.")
    assert SpeakerResolver(doc).resolve(doc[6]) is None  # no text, organisation or state before
    doc = doc_of(nlp, "The agreement says the parties stop where they are.")
    assert SpeakerResolver(doc).resolve(doc[1]) is None  # the text of a deal is nobody's speech


def test_names_in_capitals_are_one_person_with_one_label(nlp: Language) -> None:
    from kg.extract.speakers import name_case

    assert name_case("Kofi ANNAN") == "Kofi Annan"
    text = "Prime Minister TONY Blair said the plan would work. Blair added that it was fair."
    mention = resolve(nlp, text, "Blair", 1)
    assert mention is not None
    assert mention.label == "Tony Blair"
    assert "TONY Blair" in mention.aliases


# -- coreference: pronouns, roles and descriptions ---------------------------------------


def test_pronoun_agrees_with_the_gender_the_article_gives(nlp: Language) -> None:
    text = (
        "Hillary Clinton said she would create jobs. "
        "Donald Trump answered that he had a better plan. "
        "She said the numbers were on her side."
    )
    m = resolve(nlp, text, "She")
    # the last speaker is Trump, but the article calls him "he" and Clinton "she"
    assert m is not None and m.label == "Hillary Clinton"


def test_it_is_the_organisation_named_before(nlp: Language) -> None:
    text = "Acme Industries cut its prices in March. It said demand had been weak."
    m = resolve(nlp, text, "It")
    assert m is not None and (m.kind, m.label) == ("Organization", "Acme Industries")


def test_they_is_the_plural_subject_before(nlp: Language) -> None:
    text = "Local farmers gathered outside the hall. They said the new rules would ruin them."
    m = resolve(nlp, text, "They")
    assert m is not None and (m.kind, m.label) == ("Unnamed", "Local farmers")


@pytest.mark.parametrize(("word", "label"), [("I", "the author"), ("we", "the authors")])
def test_the_first_person_is_the_narrator(nlp: Language, word: str, label: str) -> None:
    text = f"The vote was close. {word.capitalize()} said the count was wrong."
    m = resolve(nlp, text, word.capitalize())
    assert m is not None and (m.kind, m.label) == ("Unnamed", label)


def test_a_quantifier_heads_an_unnamed_group(nlp: Language) -> None:
    m = resolve(nlp, "Many of her supporters said they were tired.", "Many")
    assert m is not None and (m.kind, m.label) == ("Unnamed", "Many of her supporters")


def test_a_relative_pronoun_is_the_noun_it_hangs_on(nlp: Language) -> None:
    m = resolve(nlp, "Voters, who said the race was close, stayed home.", "who")
    assert m is not None and (m.kind, m.label) == ("Unnamed", "Voters")


def test_a_description_is_no_part_of_a_name(nlp: Language) -> None:
    text = "UK shoe firm Brindlecroft said sales had risen."
    m = resolve(nlp, text, "Brindlecroft")
    assert m is not None and m.label == "Brindlecroft"


def test_the_firm_is_the_company_the_story_is_about(nlp: Language) -> None:
    text = (
        "Brindlecroft sold more shoes this year. Brindlecroft hired new staff in Leeds. "
        "The firm said sales would keep growing."
    )
    m = resolve(nlp, text, "firm")
    assert m is not None and (m.kind, m.label) == ("Organization", "Brindlecroft")
    assert "The firm" in m.aliases


@pytest.mark.parametrize(
    ("phrase", "head", "label"),
    [
        ("The country's Defense Ministry", "Ministry", "Azerbaijan Defense Ministry"),
        ("The country's ministry", "ministry", "Azerbaijan ministry"),
    ],
)
def test_the_countrys_ministry_is_that_states(
    nlp: Language, phrase: str, head: str, label: str
) -> None:
    text = f"Azerbaijan held a military parade in Baku. {phrase} said the drills were over."
    m = resolve(nlp, text, head)
    # a queryable name that carries its state, so resolution can add nk:actsFor
    assert m is not None and (m.kind, m.label) == ("Organization", label)
    assert phrase in m.aliases


def test_he_is_the_subject_before_not_the_object(nlp: Language) -> None:
    text = (
        "Tom Harlow took several swipes at his rival Peter Quill on Monday. "
        "\u201cHe has no plan at all,\u201d he wrote."
    )
    m = resolve(nlp, text, "he", 0)
    # "Quill" is nearer, but Harlow is the subject of the sentence before
    assert m is not None and m.label == "Tom Harlow"


def test_a_name_inside_a_quote_is_no_antecedent(nlp: Language) -> None:
    text = (
        "Tom Harlow spoke to reporters in Leeds. "
        "\u201cPeter Quill has lost. Everyone knows it,\u201d he said."
    )
    m = resolve(nlp, text, "he")
    assert m is not None and m.label == "Tom Harlow"


def test_a_possessive_name_takes_no_gender(nlp: Language) -> None:
    # Grace Lin is a subject with "she"; "Lin's office ... he" speaks of someone else
    text = (
        "Grace Lin said she would run again. "
        "Lin's office fired a clerk after he leaked a memo. "
        "Lin's office fired a driver after he crashed a car. "
        "Lin's office fired a guard after he fell asleep. "
        "Mark Oduya said he was tired. She said the memo was old."
    )
    m = resolve(nlp, text, "She")
    assert m is not None and m.label == "Grace Lin"


def test_a_surname_the_tagger_missed_is_still_a_mention(nlp: Language) -> None:
    text = (
        "Tom Harlow met Peter Quill in Leeds. Peter Quill spoke first. "
        "Harlow has not yet answered the critics. "
        "\u201cWe will win,\u201d he said."
    )
    doc = doc_of(nlp, text)
    assert not any(e.text == "Harlow" for e in doc.ents)  # the case this test is about
    m = SpeakerResolver(doc).resolve(subject(doc, "he"))
    assert m is not None and m.label == "Tom Harlow"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Chinese state press reports said the plant had closed.", "Chinese state press"),
        ("Local news reports said the bridge was shut.", "Local news"),
    ],
)
def test_the_media_speak_for_their_reports(nlp: Language, text: str, label: str) -> None:
    m = resolve(nlp, text, "reports")
    assert m is not None and (m.kind, m.label) == ("Unnamed", label)
    assert text.split(" said")[0] in m.aliases  # the phrase as written still matches


def test_a_report_without_a_medium_stays_as_written(nlp: Language) -> None:
    m = resolve(nlp, "Police reports said the bridge was shut.", "reports")
    assert m is not None and m.label == "Police reports"


def test_the_countrys_ministry_acts_for_the_state_in_the_graph(tmp_path: Path, seeds: Path) -> None:
    """End to end: the description becomes a queryable speaker that acts for its state.

    The seeds put the state in the store (``nk:actsFor`` links to a state node).
    """
    from kg.api import NewsKG

    article = tmp_path / "news" / "drills.txt"
    article.parent.mkdir()
    article.write_text(
        "Drills near the border\n\n"
        "The armed forces of Azerbaijan held a large military exercise on Monday. "
        "The exercise was the largest Azerbaijan has held this year. "
        "The country's Defense Ministry said the troops would return to their bases on Friday.\n",
        encoding="utf-8",
    )
    with NewsKG(tmp_path / "store") as kg:
        assert not kg.ingest([str(seeds), str(article)]).errors
        rows = kg.query(
            """SELECT ?who ?state WHERE {
                 ?s nk:said ?claim ; rdfs:label ?who ; nk:actsFor ?st .
                 ?st rdfs:label ?state }"""
        ).rows()
    assert ("Azerbaijan Defense Ministry", "Azerbaijan") in {(r["who"], r["state"]) for r in rows}


def test_a_party_and_state_in_brackets_are_no_speaker(nlp: Language) -> None:
    text = "Sen. Mary Doyle (D-MA) told reporters that the bill was dead."
    doc = doc_of(nlp, text)
    m = SpeakerResolver(doc).resolve(subject(doc, "MA"))
    assert m is not None and m.label == "Mary Doyle"


def test_a_role_subject_carries_its_person_to_a_pronoun(nlp: Language) -> None:
    text = (
        "President Tom Harlow met Peter Quill in Leeds. Quill praised the talks. "
        "The president did not stop there. \u201cWe will win,\u201d he said."
    )
    m = resolve(nlp, text, "he")
    assert m is not None and m.label == "Tom Harlow"


def test_a_description_before_a_name_in_apposition_gives_the_name(nlp: Language) -> None:
    m = resolve(nlp, "The Polish newspaper Gazeta reported that the talks had failed.", "newspaper")
    assert m is not None and m.label == "Gazeta"


def test_a_hyphenated_description_leaves_no_piece_in_a_name(nlp: Language) -> None:
    m = resolve(nlp, "Democratic front-runner Hillary Clinton said she would win.", "Clinton")
    assert m is not None and m.label == "Hillary Clinton"
    assert not any(a.startswith("-") or a != a.strip() for a in m.aliases)


def test_it_is_the_subject_organisation_not_a_place_after_it(nlp: Language) -> None:
    text = "Acme Industries opened a new plant in Ohio on Saturday. It said demand was strong."
    m = resolve(nlp, text, "It")
    assert m is not None and (m.kind, m.label) == ("Organization", "Acme Industries")


@pytest.mark.parametrize(
    ("text", "word", "label", "alias"),
    [
        (
            "A report from the Kestrel Institute said wages fell last year.",
            "report",
            "Kestrel Institute",
            "A report from the Kestrel Institute",
        ),
        (
            "Wages fell last year, according to a report from the Kestrel Institute.",
            "Institute",
            "Kestrel Institute",
            "a report from the Kestrel Institute",
        ),
        (
            "The mayor leads, according to Harmon Research's new poll.",
            "Research",
            "Harmon Research",
            "Harmon Research's new poll",
        ),
    ],
)
def test_a_text_with_a_named_issuer_is_the_issuer_speaking(
    nlp: Language, text: str, word: str, label: str, alias: str
) -> None:
    m = resolve(nlp, text, word)
    assert m is not None and m.label == label
    assert alias in m.aliases  # "a report from X": the description stays findable


def test_the_people_a_poll_asked_are_not_its_speaker(nlp: Language) -> None:
    text = (
        "The mayor leads, according to a survey of 500 voters released Monday by Harmon Research."
    )
    m = resolve(nlp, text, "voters")
    assert m is not None and m.label == "Harmon Research"
    m = resolve(nlp, "The mayor leads, according to a survey of 500 voters.", "voters")
    assert m is not None and m.kind == "Unnamed" and m.label.startswith("survey")


def test_the_statement_is_the_one_who_issued_it(nlp: Language) -> None:
    text = "Tom Vale issued a statement on Monday. The statement said the suit was meritless."
    m = resolve(nlp, text, "statement", 1)
    assert m is not None and m.label == "Tom Vale"
    assert "The statement" in m.aliases


def test_a_hyphenated_role_word_stays_whole(nlp: Language) -> None:
    m = resolve(nlp, "The Democratic front-runner said the plan would fail.", "runner")
    assert m is not None and m.label == "Democratic front-runner"


def test_they_is_a_share_subject_of_its_own_sentence(nlp: Language) -> None:
    m = resolve(nlp, "Most of the rural senators have said they would back him.", "they")
    assert m is not None and m.label == "Most of the rural senators"


def test_it_is_the_organisation_the_story_names_most(nlp: Language) -> None:
    text = (
        "Harlow Bank expanded its review teams on Monday. The move followed complaints about "
        "Harlow Bank last year. The teams grew fast. Analysts were surprised. It said it would "
        "hire more."
    )
    m = resolve(nlp, text, "It")
    assert m is not None and (m.label, m.kind) == ("Harlow Bank", "Organization")


def test_a_dateline_is_no_speaker(nlp: Language) -> None:
    text = (
        "OSLO -- President Jane Dorr signed a treaty Tuesday to settle the border, describing "
        "the move as correcting a past injustice."
    )
    m = resolve(nlp, text, "OSLO")
    assert m is not None and m.label == "Jane Dorr"


def test_a_surname_the_tagger_misread_still_names_its_person(nlp: Language) -> None:
    doc = doc_of(nlp, "Jane Ebeling ran the shelter. The shelter was full, Ebeling said.")
    later = subject(doc, "Ebeling", 1)
    later.pos_ = "VERB"  # as the tagger reads some surnames ("From said")
    later.dep_ = "nsubj"
    m = SpeakerResolver(doc).resolve(later)
    assert m is not None and m.label == "Jane Ebeling"


def test_a_role_with_a_state_prefers_the_person_from_there(nlp: Language) -> None:
    text = (
        "Sen. Tom Harlan of Vermont spoke first. Then former Sen. Jane Morrow answered him. "
        "On Tuesday, the Vermont senator said the plan was bad."
    )
    m = resolve(nlp, text, "senator")  # "Sen." is a senator; Morrow, named last, is from nowhere
    assert m is not None and m.label == "Tom Harlan"
    assert "the Vermont senator" in m.aliases


def test_a_share_ends_where_its_clause_begins(nlp: Language) -> None:
    text = (
        "An increasing number of Democrats, while still confident in the mayor's victory, "
        "say she must change course."
    )
    m = resolve(nlp, text, "number")
    assert m is not None and m.label == "increasing number of Democrats"
