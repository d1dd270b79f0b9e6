"""actor – said – claim on seed sentences, PolNeAR sentences and the seeds themselves."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from seed_docs import seed_doc
from spacy.language import Language

from kg.article import Article, Segment, Zone
from kg.extract import said
from kg.nlp import parse
from kg.records import Said, TimeExpr


def run(
    nlp: Language, text: str, times: list[TimeExpr] | None = None, zone: Zone = Zone.BODY
) -> list[Said]:
    article = Article(source="t", text=text, segments=[Segment(0, len(text), zone)])
    doc = next(parse(nlp, [article]))
    doc._.times = times or []
    records = list(said.extract(doc))
    for r in records:
        assert 0 <= r.claim_start < r.claim_end <= len(text)
        assert r.evidence.text == text[r.evidence.start : r.evidence.end]
        # every claim is the source's own characters: one span, or pieces joined by a space
        pieces = r.parts or ((r.claim_start, r.claim_end),)
        assert " ".join(text[s:e] for s, e in pieces) == r.claim
        assert all(r.claim_start <= s < e <= r.claim_end for s, e in pieces)
    return records


def one(records: list[Said]) -> Said:
    assert len(records) == 1, records
    return records[0]


# -- direct quotes ---------------------------------------------------------------------


def test_quote_then_speaker(nlp: Language) -> None:
    text = (
        "Maria Zakharova, the official representative of the Russian Foreign Ministry, "
        "spoke at a briefing. “We cannot but welcome the initiatives aimed at establishing "
        "lasting peace between Baku and Yerevan,” Zakharova said."
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "Maria Zakharova"
    assert "Zakharova" in r.speaker.aliases
    assert r.kind == "direct"
    assert r.claim.startswith("We cannot") and r.claim.endswith("Yerevan")  # no trailing comma


def test_speaker_then_colon_quote(nlp: Language) -> None:
    text = (
        "Receiving credentials of the new head of EU delegation to Azerbaijan, Peter Michalko, "
        "President Ilham Aliyev said: “We want to establish relations with our neighbor Armenia "
        "and we are ready to start negotiations on the peace agreement.”"
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "Ilham Aliyev"
    assert r.kind == "direct"
    assert r.claim.startswith("We want") and r.claim.endswith("peace agreement.")


def test_quote_spanning_sentences(nlp: Language) -> None:
    text = (
        "Maria Zakharova spoke on Thursday. “Of course, Azerbaijan and Armenia are only at the "
        "beginning of a difficult path. It is important that this movement forward be "
        "accompanied by a positive background,” Zakharova said."
    )
    r = one(run(nlp, text))
    assert r.claim.startswith("Of course") and r.claim.endswith("positive background")


def test_quoted_by_agency_as_saying(nlp: Language) -> None:
    text = (
        "President Ilham Aliyev received the envoy. “This process has partly begun, but I "
        "believe that it will be able to assist us in many areas,” the president was quoted "
        "by Azerbaijan’s state news agency Azertac as saying."
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "Ilham Aliyev"
    assert r.relayed_by is not None and "Azertac" in r.relayed_by.label
    assert r.claim.startswith("This process")


def test_mixed_marks_and_polnear_doubled_apostrophes(nlp: Language) -> None:
    text = '“I hope that today’s ceasefire can create a new situation in the region," Aliyev said.'
    assert one(run(nlp, text)).claim.endswith("in the region")
    # PolNeAR (NYT) writes quotes with doubled apostrophes
    text = "''This was not the guiding basis of our policy,'' Mr. Rhodes said."
    r = one(run(nlp, text))
    assert r.claim == "This was not the guiding basis of our policy"
    assert r.speaker.label.endswith("Rhodes")


def test_split_quote_is_one_claim(nlp: Language) -> None:
    text = "“We are ready,” Lavrov said, “and we will help the parties.”"
    r = one(run(nlp, text))
    assert r.claim == "We are ready and we will help the parties."
    assert [text[s:e] for s, e in r.parts] == ["We are ready", "and we will help the parties."]
    assert r.kind == "direct"


def test_split_quote_around_a_described_speaker(nlp: Language) -> None:
    text = (
        "“This used to be our back yard,” said Mr. Lee, director of studies at the institute "
        "in London, “but it is increasingly coming into their orbit.”"
    )
    r = one(run(nlp, text))
    assert (
        r.claim == "This used to be our back yard but it is increasingly coming into their orbit."
    )


def test_an_answer_after_a_quoted_question(nlp: Language) -> None:
    # the question closes its sentence; "He answered," opens the next and introduces the answer
    text = "Mr. Hale was asked, “Would you have told her?” He answered, “I have no idea.”"
    r = one(run(nlp, text))
    assert (r.speaker.label, r.claim) == ("Hale", "I have no idea.")


def test_quote_runs_on_after_its_attribution(nlp: Language) -> None:
    # PolNeAR: the quote after "Klein said." has no attribution of its own
    text = (
        "“It doesn’t mean anything to say you’re for it,” Klein said. “Fine, he votes for it "
        "years later. We needed leadership then.”\n\nThe bill passed."
    )
    r = one(run(nlp, text))
    assert r.claim.startswith("It doesn’t mean anything") and r.claim.endswith("leadership then.")
    assert len(r.parts) == 2


def test_quote_over_two_paragraphs(nlp: Language) -> None:
    # the first paragraph has no closing mark: the quote runs on into the next one
    text = (
        "Lavrov said: “We will send observers to the line of contact.\n\n"
        "“They will stay as long as the parties want.”\n\nThe talks ended."
    )
    r = one(run(nlp, text))
    assert r.claim.endswith("as long as the parties want.")
    assert r.speaker.label == "Lavrov"


def test_quote_carries_on_in_the_next_paragraph(nlp: Language) -> None:
    # PolNeAR: a paragraph that is only a quote continues the speaker before it
    text = (
        "“All of us are fearful the establishment would steal that nomination,” Chris Collins "
        "told MSNBC.\n\n“So the best way we do it, we get to 1,237. Game over.”\n\n"
        "Several political experts disagree, Collins said later."
    )
    r = run(nlp, text)[0]
    assert r.speaker.label == "Chris Collins"
    assert r.claim.endswith("Game over.") and len(r.parts) == 2


def test_a_claim_does_not_swallow_the_next_speech_act(nlp: Language) -> None:
    text = "Graham told reporters he agrees Trump is an opportunist and said the record is clear."
    claims = [r.claim for r in run(nlp, text)]
    assert claims == ["he agrees Trump is an opportunist", "the record is clear"]


@pytest.mark.parametrize(
    "text",
    [
        # the cue words sit in a relative clause of the second conjunct, not on its verb
        "Ms. Rivera said the new rules have been tested in three states and are ready to "
        "protect workers who warn of unsafe sites.",
        "Mr. Okafor said he has been impressed by the mayor in the past and liked the way "
        "she answered a question about how she would fix the roads.",
    ],
)
def test_a_cue_inside_a_conjunct_does_not_cut_the_claim(nlp: Language, text: str) -> None:
    r = one(run(nlp, text))
    assert r.claim.endswith(text.split(" and ")[-1].rstrip("."))


@pytest.mark.parametrize(
    ("text", "speaker", "claim"),
    [
        (
            "The new rules, which officials said will go into effect in the next few months, "
            "will not apply to all farmers.",
            "officials",
            "will go into effect in the next few months",
        ),
        (
            "The district saw 30 applicants for the slots, which Mr. Hale said were about "
            "evenly split between the two parties.",
            "Hale",
            "were about evenly split between the two parties",
        ),
    ],
)
def test_a_cue_in_a_relative_clause(nlp: Language, text: str, speaker: str, claim: str) -> None:
    # the relative pronoun opens the reported clause before the speaker: the claim is
    # what follows the cue
    r = one(run(nlp, text))
    assert (r.speaker.label, r.claim) == (speaker, claim)


def test_a_participle_after_the_claim_is_the_speakers(nlp: Language) -> None:
    # the parser hangs "noting" on the reported clause, whose subject is not the speaker
    text = (
        "Mr. Khalif said some of the mayor's rhetoric on the trail has been patronizing, "
        "noting her comments to a radio host in April."
    )
    by_cue = {r.cue: r for r in run(nlp, text)}
    assert by_cue["noting"].speaker.label == "Khalif"
    assert by_cue["noting"].claim == "her comments to a radio host in April"


def test_a_concession_is_no_medium(nlp: Language) -> None:
    # "despite ... conference call" says nothing of how it was said: it stays in the claim
    text = (
        "Mr. Hale said his view of the group hasn't changed, despite their recent conference "
        "call and claims of momentum."
    )
    r = one(run(nlp, text))
    assert r.claim.endswith("despite their recent conference call and claims of momentum")


def test_a_present_tense_conjunct_of_a_past_cue_joins_the_claim(nlp: Language) -> None:
    # "wants" is hung on "said", but a present tense cannot go with the past of the cue
    text = "Ms. Lee said the mayor really is in favor of free trade, but wants tougher trade deals."
    r = one(run(nlp, text))
    assert r.claim.endswith("but wants tougher trade deals")


def test_a_writers_tail_after_a_quoted_comma(nlp: Language) -> None:
    # the comma before "referring" sits inside the closing quote mark
    text = "Mr. Hale said things “should be wrapped up by the summer,” referring to the convention."
    r = one(run(nlp, text))
    assert r.claim == "things “should be wrapped up by the summer,”"


def test_a_quote_inside_a_claim_is_kept_whole(nlp: Language) -> None:
    # the quoted words run over two sentences: the claim takes the whole quote
    text = (
        "Rubio tells reporters that “to beat expectations would be helpful. I think we’ll do that.”"
    )
    r = one(run(nlp, text))
    # a mixed claim keeps the source's marks: it is the text as written
    assert r.kind == "mixed" and r.claim.endswith("I think we’ll do that.”")
    assert r.claim == text[r.claim_start : r.claim_end]


def test_a_clause_before_the_quote_is_part_of_the_claim(nlp: Language) -> None:
    text = (
        "Paul Ryan says no matter what action Obama takes on gun control, “his word does not "
        "trump the Second Amendment.”"
    )
    r = one(run(nlp, text))
    assert r.kind == "mixed" and r.claim.startswith("no matter what action")


def test_attribution_inside_the_claim(nlp: Language) -> None:
    # PolNeAR: the attribution sits in the middle of the reported sentence
    text = "Bill Smith runs the school. But the years that followed, he said, brought a shift."
    r = one(run(nlp, text))
    assert (r.speaker.label, r.claim) == ("Bill Smith", "the years that followed brought a shift")


def test_an_attribution_parsed_as_a_conjunct_of_its_claim(nlp: Language) -> None:
    # "said the chief executive" after a comma is hung on "hanging" as a conjunct
    text = (
        "The old mill is hanging on, but it is under intense pressure from cheap imports, "
        "said the chief executive, John Ward."
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "John Ward"
    assert (
        r.claim == "The old mill is hanging on, but it is under intense pressure from cheap imports"
    )


def test_a_clause_with_its_own_subject_joins_the_claim(nlp: Language) -> None:
    text = "Mr. Hannity says Mr. Gingrich is a close friend and it's his business what he does."
    r = one(run(nlp, text))
    assert r.claim.endswith("it's his business what he does")


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Senator Ron Wyden urged Britain to remain in the European Union.", "Britain to remain"),
        ("Ted Cruz pledged to oppose legal status for undocumented immigrants.", "to oppose"),
        ("Hillary Clinton called on Sanders to release his tax returns.", "Sanders to release"),
        ("Dave Gorab called the show “the conservative news show of record.”", "the show"),
        ("Sheldon Adelson described the field of candidates as “all very good.”", "the field"),
    ],
)
def test_directives_and_namings(nlp: Language, text: str, claim: str) -> None:
    r = one(run(nlp, text))
    assert r.claim.startswith(claim) and r.kind in ("indirect", "mixed")


@pytest.mark.parametrize(
    "text",
    [
        "Aliyev promised to “return there.”",  # one content word: too thin
        "The minister called the police.",  # a call, not a naming
    ],
)
def test_thin_or_non_speech_uses(nlp: Language, text: str) -> None:
    assert run(nlp, text) == []


def test_a_quoted_question_is_the_askers(nlp: Language) -> None:
    # "continued to ask" with the quote right before it: Trump asked “Why?”, a direct
    # quote; what is kept out is an indirect claim made of "to ask the crowd"
    r = one(run(nlp, "“Why?” Trump continued to ask the crowd."))
    assert (r.speaker.label, r.claim, r.kind) == ("Trump", "Why?", "direct")


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "Dozens of Democrats condemned the raids as a failed and inhumane effort.",
            "the raids as a failed and inhumane effort",
        ),
        ("Hillary Clinton accused him of sexism and bullying.", "him of sexism and bullying"),
    ],
)
def test_praise_and_blame(nlp: Language, text: str, claim: str) -> None:
    r = one(run(nlp, text))
    assert (r.claim, r.cue) == (claim, text.split()[text.split().index(claim.split()[0]) - 1])


def test_what_was_said_named_by_a_noun(nlp: Language) -> None:
    # seed 002's lede: the claim is the object of the speech verb
    text = (
        "President Ilham Aliyev on Wednesday reiterated his country's willingness to "
        "establish relations with neighboring Armenia."
    )
    r = one(run(nlp, text))
    assert r.claim == "his country's willingness to establish relations with neighboring Armenia"
    # the object of "told" is whom it was told to, not what
    assert run(nlp, "Ilham Aliyev told the visiting delegation.") == []


@pytest.mark.parametrize(
    ("text", "speaker", "claim"),
    [
        # invented, not from a seed: what was reaffirmed or announced is the claim
        (
            "Prime Minister Anna Berg on Tuesday reiterated her government's commitment "
            "to cut emissions by half.",
            "Anna Berg",
            "her government's commitment to cut emissions by half",
        ),
        (
            "Chancellor Olaf Scholz on Monday reaffirmed Germany's support for Ukraine.",
            "Olaf Scholz",
            "Germany's support for Ukraine",
        ),
        (
            "Finance Minister Mario Marcel announced a plan to raise copper royalties.",
            "Mario Marcel",
            "a plan to raise copper royalties",
        ),
    ],
)
def test_what_was_said_named_by_a_noun_in_other_news(
    nlp: Language, text: str, speaker: str, claim: str
) -> None:
    r = one(run(nlp, text))
    assert (r.speaker.label, r.claim, r.kind) == (speaker, claim, "indirect")


def test_quote_cues_need_a_quote(nlp: Language) -> None:
    assert run(nlp, "Bill Smith continued his speech after the break.") == []
    r = one(run(nlp, "“And then we won the vote,” Bill Smith continued."))
    assert r.kind == "direct" and r.claim == "And then we won the vote"


def test_quote_with_its_own_attribution_does_not_run_on(nlp: Language) -> None:
    text = "“We are ready,” Lavrov said. “We are not,” Pashinyan said."
    claims = {r.speaker.label: r.claim for r in run(nlp, text)}
    assert claims == {"Lavrov": "We are ready", "Pashinyan": "We are not"}


def test_quote_before_a_new_attribution_is_not_its_claim(nlp: Language) -> None:
    # PolNeAR: the cue has a reported clause of its own; the quote before is someone else's
    text = (
        "The order covers “sexual orientation and gender identity.” "
        "Ted Cruz says he isn’t familiar with the details."
    )
    r = one(run(nlp, text))
    assert r.claim == "he isn’t familiar with the details"
    assert r.kind == "indirect"


def test_unbalanced_quote_does_not_crash(nlp: Language) -> None:
    # the quote marks pair up wrongly ("talk, Lavrov said. Russia will help" is not a
    # quote); nothing may be attributed to anyone but Lavrov, and nothing is the
    # honest answer when the quotes cannot be trusted
    text = "“We are ready to talk, Lavrov said. Russia will help,” he added. “And"
    assert run(nlp, text) == []
    # a quote left open at the end does not spoil the balanced one before it
    r = one(run(nlp, "“We are ready to talk,” Lavrov said. “And"))
    assert (r.speaker.label, r.claim, r.kind) == ("Lavrov", "We are ready to talk", "direct")


# -- indirect speech --------------------------------------------------------------------


def test_indirect_speaker_before(nlp: Language) -> None:
    text = (
        "Aliyev said the liberation of Upper Karabakh in 2020 by Azerbaijan could lead to "
        "stability, and peace in the region."
    )
    r = one(run(nlp, text))
    assert r.kind == "indirect"
    assert r.claim == (
        "the liberation of Upper Karabakh in 2020 by Azerbaijan could lead to stability, "
        "and peace in the region"
    )


def test_indirect_speaker_after(nlp: Language) -> None:
    text = (
        "Russian Foreign Minister Sergey Lavrov visited Baku. Russia and Azerbaijan also agree "
        "on the need to create conditions for ethnic conciliation in the region, Lavrov said."
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "Sergey Lavrov"
    assert r.speaker.role == "Russian Foreign Minister"
    assert r.claim.startswith("Russia and Azerbaijan") and r.claim.endswith("in the region")


def test_coordinated_that_clauses_stay_together(nlp: Language) -> None:
    text = (
        "In Yerevan, Russian Defense Minister Sergei Shoigu said his country's peacekeepers "
        "were in control of the road and that they are ensuring the return of people who fled."
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "Sergei Shoigu"
    assert r.claim.startswith("his country's peacekeepers") and r.claim.endswith("who fled")


def test_that_is_dropped_and_mixed_quote(nlp: Language) -> None:
    text = (
        "Azerbaijani President Ilham Aliyev spoke on Wednesday. He also stated that the "
        "possibility of concluding a peace agreement with Armenia was not excluded, “if there "
        "are positive signals from Armenia.”"
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "Ilham Aliyev"
    assert r.kind == "mixed"
    assert r.claim.startswith("the possibility") and r.claim.endswith("from Armenia.”")
    assert r.claim == text[r.claim_start : r.claim_end]  # the quote marks as written


def test_lede_role_phrase_and_date(nlp: Language) -> None:
    text = (
        "The president of Azerbaijan said Saturday he hopes the ceasefire will lead to improving "
        "relations between the countries.\n\nPresident Ilham Aliyev made the statement as a "
        "Russian delegation visited Baku."
    )
    start = text.index("Saturday")
    saturday = TimeExpr("Saturday", start, start + 8, "2020-11-21", anchored=True)
    r = one(run(nlp, text, [saturday]))
    assert r.speaker.label == "Ilham Aliyev"
    assert r.claim.startswith("he hopes the ceasefire")
    assert r.date == saturday


def test_date_before_the_cue(nlp: Language) -> None:
    text = (
        "President Ilham Aliyev on Wednesday reiterated that his country is willing to "
        "establish relations."
    )
    start = text.index("Wednesday")
    wednesday = TimeExpr("Wednesday", start, start + 9, "2021-04-14", anchored=True)
    r = one(run(nlp, text, [wednesday]))
    assert r.date == wednesday


def test_top_official_resolved_forward(nlp: Language) -> None:
    text = (
        "Azerbaijan is ready to normalize its relations with Armenia, a top Azerbaijani "
        "official said on Thursday.\n\n“Despite the difficulties, Azerbaijan is ready,” "
        "Foreign Minister Ceyhun Bayramov said at a meeting in Minsk."
    )
    records = run(nlp, text)
    assert [r.speaker.label for r in records] == ["Ceyhun Bayramov", "Ceyhun Bayramov"]
    assert records[0].claim == "Azerbaijan is ready to normalize its relations with Armenia"


def test_official_resolved_forward_in_other_news(nlp: Language) -> None:
    # invented, not from a seed: "a senior Chilean official" is named in the next
    # paragraph, as a minister of that country
    text = (
        "Chile will raise its copper royalties next year, a senior Chilean official said "
        "on Monday.\n\n“The decision is final,” Finance Minister Mario Marcel said at a "
        "press conference in Santiago."
    )
    records = run(nlp, text)
    assert [(r.speaker.label, r.claim) for r in records] == [
        ("Mario Marcel", "Chile will raise its copper royalties next year"),
        ("Mario Marcel", "The decision is final"),
    ]


def test_pronoun_takes_the_last_speaker(nlp: Language) -> None:
    text = (
        "“We cannot but welcome the initiatives,” Zakharova said.\n\nShe said the agreements "
        "serve as a reliable basis for lasting peace. She stressed that the Russian side is "
        "ready to provide all kinds of assistance."
    )
    records = run(nlp, text)
    assert len(records) == 3
    assert {r.speaker.label for r in records} == {"Zakharova"}


def test_nested_speech_belongs_to_the_outer_speaker(nlp: Language) -> None:
    text = (
        "She noted that while building interaction with its friends, Russia emphasizes that "
        "stability meets the interests of all its partners."
    )
    text = "Maria Zakharova held a briefing. " + text
    r = one(run(nlp, text))
    assert r.speaker.label == "Maria Zakharova"
    assert "Russia emphasizes" in r.claim


def test_polnear_sentence(nlp: Language) -> None:
    text = (
        "Ross, another former American special envoy, met him. "
        "Mr. Ross argues that distancing from Israel has never generated the Arab cooperation "
        "that presidents expect."
    )
    r = one(run(nlp, text))
    assert r.cue == "argues"
    assert r.claim.startswith("distancing from Israel")


# -- according to -----------------------------------------------------------------------


def test_according_to_an_actor(nlp: Language) -> None:
    text = (
        "At Minsk, Bayramov met with his Russian counterpart Sergey Lavrov, according to a "
        "statement by Azerbaijan Foreign Ministry."
    )
    r = one(run(nlp, text))
    assert r.cue == "according to"
    assert r.speaker.label == "Azerbaijan Foreign Ministry"
    assert r.speaker.kind == "Organization"
    assert r.claim == "At Minsk, Bayramov met with his Russian counterpart Sergey Lavrov"


def test_according_to_a_document_is_no_claim(nlp: Language) -> None:
    text = "According to the document, the parties stopped at where they were at that time."
    assert run(nlp, text) == []


# -- not claims -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Aliyev favors unblocking the “vital trade routes” in the region.",
        "Aliyev believes the ceasefire will hold.",
        "Aliyev hopes the ceasefire will hold.",
        "President Ilham Aliyev made the statement as a Russian delegation visited Baku.",
        "Maria Zakharova spoke about a possible peace treaty at a press briefing.",
        "Aliyev did not say the ceasefire would hold.",
    ],
)
def test_not_claims(nlp: Language, text: str) -> None:
    assert run(nlp, text) == []


def test_furniture_is_skipped(nlp: Language) -> None:
    text = "Aliyev said the ceasefire will lead to improving relations."
    assert run(nlp, text, zone=Zone.FURNITURE) == []
    assert len(run(nlp, text, zone=Zone.CAPTION)) == 1


def zoned(nlp: Language, headline: str, body: str) -> list[Said]:
    """Run ``said`` on a headline line followed by a body paragraph."""
    text = f"{headline}\n\n{body}"
    segments = [
        Segment(0, len(headline), Zone.HEADLINE),
        Segment(len(headline), len(text), Zone.BODY),
    ]
    doc = next(parse(nlp, [Article(source="t", text=text, segments=segments)]))
    doc._.times = []
    return list(said.extract(doc))


@pytest.mark.parametrize(
    ("headline", "speaker", "claim", "kind"),
    [
        # PolNeAR headlines: a colon after the speaker, the claim quoted or not
        (
            "John McCain: Republican Populist Anger Appeals to ‘Bad Angels Of Our Nature.’",
            "John McCain",
            "Republican Populist Anger Appeals to ‘Bad Angels Of Our Nature.’",
            "indirect",
        ),
        (
            "Bill Clinton: “Hillary Is Better Qualified to Be President”",
            "Bill Clinton",
            "Hillary Is Better Qualified to Be President",
            "direct",
        ),
        # sub-headline in the form of a story sentence (seed 002's, with another claim)
        (
            "Peace is near, says President Ilham Aliyev",
            "Ilham Aliyev",
            "Peace is near",
            "indirect",
        ),
        # a headline drops the subject of the claim (seed 004's form)
        (
            "Azerbaijan says ready to open borders",
            "Azerbaijan",
            "ready to open borders",
            "indirect",
        ),
    ],
)
def test_headline_attributions(
    nlp: Language, headline: str, speaker: str, claim: str, kind: str
) -> None:
    body = "Ilham Aliyev and Bill Clinton met John McCain in Baku on Monday."
    r = one(zoned(nlp, headline, body))
    assert (r.speaker.label, r.claim, r.kind) == (speaker, claim, kind)
    assert r.evidence.start == 0 and r.confidence < 0.8


def test_headline_restating_the_story_adds_no_claim(nlp: Language) -> None:
    # seed 003: the headline sums up Zakharova's quote in the story
    headline = "Maria Zakharova: Russia welcomes initiatives aimed at establishing lasting peace"
    body = (
        "“We cannot but welcome the initiatives aimed at establishing lasting peace between "
        "Baku and Yerevan,” Maria Zakharova said."
    )
    r = one(zoned(nlp, headline, body))
    assert r.claim.startswith("We cannot but welcome") and r.evidence.start > len(headline)
    # seed 000: the headline names the speaker by role, before the story names him
    headline = "Azerbaijani leader: Cease-fire may improve Armenia relations"
    body = (
        "Azerbaijani President Ilham Aliyev said Saturday he hopes the ceasefire will lead "
        "to improving relations with Armenia."
    )
    r = one(zoned(nlp, headline, body))
    assert r.speaker.label == "Ilham Aliyev" and r.claim.startswith("he hopes")


@pytest.mark.parametrize(
    ("headline", "body", "speaker", "claim_from"),
    [
        # invented, not from a seed: the headline sums up the minister's quote
        (
            "Kenyan minister: Drought aid will reach the north",
            "“Drought aid will reach every county in the north within a week,” "
            "Agriculture Minister Peter Kamau said.",
            "Peter Kamau",
            "Drought aid will reach every county",
        ),
        # the headline names the speaker by role; the story names her and says it fully
        (
            "Canadian premier: Wildfire season may get worse",
            "Premier Danielle Smith said Monday she fears the wildfire season will get "
            "worse this summer.",
            "Danielle Smith",
            "she fears the wildfire season",
        ),
    ],
)
def test_headline_restating_other_news_adds_no_claim(
    nlp: Language, headline: str, body: str, speaker: str, claim_from: str
) -> None:
    r = one(zoned(nlp, headline, body))
    assert r.speaker.label == speaker and r.claim.startswith(claim_from)
    assert r.evidence.start > len(headline)  # from the story, not the headline


# -- the seeds ----------------------------------------------------------------------------

EXPECTED = {  # (speaker, first words of the claim) of every seed claim
    "000": [
        ("Ilham Aliyev", "he hopes the ceasefire"),
        ("Ilham Aliyev", "I hope that today"),
        ("Sergey Lavrov", "Aliyev favors unblocking"),
        ("Sergey Lavrov", "Russia and Azerbaijan also agree"),
        ("Sergei Shoigu", "his country's peacekeepers"),
    ],
    "002": [
        ("Ilham Aliyev", "his country’s willingness"),  # "reiterated his country's willingness"
        ("Ilham Aliyev", "We want to establish"),
        ("Ilham Aliyev", "This process has partly begun"),
        ("Ilham Aliyev", "the bloc could contribute"),
        ("Ilham Aliyev", "the liberation of Upper Karabakh"),
    ],
    "003": [
        ("Ilham Aliyev", "he expected the OSCE"),
        ("Ilham Aliyev", "the possibility of concluding"),
        ("Maria Zakharova", "We cannot but welcome"),
        ("Maria Zakharova", "the agreements reached"),
        ("Maria Zakharova", "the Russian side is ready"),
        ("Maria Zakharova", "Of course, Azerbaijan"),
        ("Maria Zakharova", "while building interaction"),
        ("Maria Zakharova", "We expect that"),
    ],
    "004": [
        ("Ceyhun Bayramov", "Azerbaijan is ready to normalize its relations with Armenia on"),
        ("Ceyhun Bayramov", "Despite the difficulties"),
        ("Ceyhun Bayramov", "with the most recent conflict"),
        ("Azerbaijan Foreign Ministry", "At Minsk, Bayramov met"),  # real, though not in gold
    ],
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed(nlp: Language, seeds: Path, prefix: str) -> None:
    got = [(r.speaker.label, r.claim) for r in said.extract(seed_doc(nlp, seeds, prefix))]
    assert len(got) == len(EXPECTED[prefix]), got
    for (label, start), (got_label, claim) in zip(EXPECTED[prefix], got, strict=True):
        assert got_label == label
        assert claim.startswith(start)


@pytest.mark.parametrize("seed", range(3))
def test_any_mix_of_quote_marks_never_raises(nlp: Language, seed: int) -> None:
    import random

    rng = random.Random(seed)
    marks = ["“", "”", '"', "''", "«", "»", "„", "‘", "’", "``"]
    words = [
        "Lavrov",
        "said",
        "we",
        "are",
        "ready",
        "to",
        "talk",
        ",",
        "he",
        "added",
        ".",
        "the",
        "talks",
        "went",
        "well",
    ]
    text = " ".join(
        rng.choice(marks) if rng.random() < 0.3 else rng.choice(words) for _ in range(80)
    )
    for r in run(nlp, text):  # run() checks every offset and every direct claim
        assert r.claim


# -- verb-object kinds that are not speech ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "UK sportswear firm Umbro has posted a 222% rise in annual profit.",
        "The bank reported a loss of $2bn for the second quarter.",
        "The carmaker announced its results on Tuesday.",
        "The group recorded sales of 3.4bn euros last year.",
    ],
)
def test_figures_are_not_speech(nlp: Language, text: str) -> None:
    assert run(nlp, text) == []


def test_a_clause_makes_the_verb_speech_again(nlp: Language) -> None:
    r = one(run(nlp, "The bank reported that its profits fell sharply in the second quarter."))
    assert r.claim == "its profits fell sharply in the second quarter"


def test_result_verb_object_kinds() -> None:
    from kg.extract.said import RESULT_NOUNS, RESULT_VERBS

    # the kinds the issue names, and speech objects that must stay speech
    for verb, noun in [("post", "rise"), ("report", "loss"), ("announce", "results")]:
        assert verb in RESULT_VERBS and noun in RESULT_NOUNS
    assert not {"plan", "intention", "willingness", "support"} & RESULT_NOUNS


# -- cues outside the verb lists -----------------------------------------------------------


def test_spoke_about_a_clause_is_a_claim(nlp: Language) -> None:
    text = "Donald Trump talked about how devastating the attack was for Dallas."
    r = one(run(nlp, text))
    assert r.speaker.label == "Donald Trump"
    assert r.claim == "how devastating the attack was for Dallas"


def test_when_asked_is_not_the_subjects_speech(nlp: Language) -> None:
    text = (
        "Maria Zakharova spoke at a briefing, when asked whether there was a vision of the "
        "treaty's content."
    )
    assert run(nlp, text) == []


def test_a_misparsed_long_subject_still_speaks(nlp: Language) -> None:
    # the parser makes "going" the root and hangs "say" on it
    text = (
        "Majorities of Democrats in five states going to the polls Tuesday say they would be "
        "satisfied with both candidates."
    )
    r = one(run(nlp, text))
    assert r.speaker.kind == "Unnamed" and r.speaker.label.startswith("Majorities of Democrats")
    assert r.claim == "they would be satisfied with both candidates"


def test_abbreviations_do_not_end_the_attribution(nlp: Language) -> None:
    text = (
        '"There are a lot of undercover voters," said Kellyanne Conway, a pollster who '
        'supported Texas Sen. Ted Cruz. "They agree with him on issues."'
    )
    r = one(run(nlp, text))
    assert r.claim == "There are a lot of undercover voters They agree with him on issues."
    assert len(r.parts) == 2


# -- reporting clauses the parser misreads -----------------------------------------------


def test_a_phrase_before_the_speaker_is_no_part_of_the_claim(nlp: Language) -> None:
    # the parser hangs the opening phrase on the cue as a second reported clause
    text = (
        "In a statement released shortly after the mayor resigned, Dana Whitfield said she "
        "is certain the council will pick a successor."
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "Dana Whitfield"
    assert r.claim == "she is certain the council will pick a successor"


def test_two_shares_two_claims(nlp: Language) -> None:
    text = (
        "More than six in 10 said they were tired of the campaign; 46 percent said they were "
        "unenthusiastic about the vote."
    )
    claims = {r.claim for r in run(nlp, text)}
    assert "they were unenthusiastic about the vote" in claims
    assert "they were tired of the campaign" in claims


def test_speaker_description_after_the_cue_is_no_claim(nlp: Language) -> None:
    text = (
        "Nor are tariffs likely to bring many of these jobs back, said Tom Varga, a professor "
        "of economics at Northfield College, who studies trade."
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "Tom Varga"
    assert "professor" not in r.claim and r.claim.endswith("jobs back")


def test_attribution_set_off_inside_its_claim(nlp: Language) -> None:
    text = "It is no surprise, Mr. Varga said, that the mayor did better among older voters."
    r = one(run(nlp, text))
    assert r.claim == "It is no surprise that the mayor did better among older voters"
    assert len(r.parts) == 2


@pytest.mark.parametrize(
    "text",
    [
        "At the party's convention Sen. Dana Whitfield (D-VT) said the governor was a "
        "\u201cproven failure\u201d in business.",
        "As part of his plea, Marcus Lindqvist, 44, said that he defrauded nearly 100 "
        "customers from his home.",
    ],
)
def test_a_name_with_its_bracket_or_age_still_speaks(nlp: Language, text: str) -> None:
    r = one(run(nlp, text))
    assert r.speaker.label in ("Dana Whitfield", "Marcus Lindqvist")


def test_a_clause_hung_above_its_cue(nlp: Language) -> None:
    # the parser makes "told" an adverbial clause of "was" / "said" one of "voted"
    text = "The vote comes three days after Ann Kessler told the Herald she was not ready yet."
    assert one(run(nlp, text)).claim == "she was not ready yet"
    text = "When Tom Varga said the plan was dead, the council voted."
    assert one(run(nlp, text)).claim == "the plan was dead"


def test_as_reported_by(nlp: Language) -> None:
    text = (
        "The main super PAC started reserving ad time in swing states this week, as first "
        "reported by the Daily Planet on Tuesday."
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "Daily Planet"
    assert r.claim == "The main super PAC started reserving ad time in swing states this week"


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "As the bank's chief executive, Ann Kessler, put it in her memo, "
            "\u201cImagine a world where we lead.\u201d",
            "Imagine a world where we lead.",
        ),
        ("As one senator put it, the deal is dead on arrival.", "the deal is dead on arrival"),
        ("Critics charge that the mayor skewed the budget.", "the mayor skewed the budget"),
        (
            "Tom Varga laid out his plan for fighting the drought.",
            "his plan for fighting the drought",
        ),
        (
            "Tom Varga expressed confidence that the party could still come together.",
            "confidence that the party could still come together",
        ),
        ("The board discussed how the budget would be cut.", "how the budget would be cut"),
    ],
)
def test_cues_beyond_say(nlp: Language, text: str, claim: str) -> None:
    assert one(run(nlp, text)).claim == claim


@pytest.mark.parametrize(
    "text",
    [
        "Police charged the driver with speeding.",
        "He put it on the table.",
        "The two ministers discussed bilateral relations and the events that will take place.",
        "Air travel is the largest cost of the campaign: a company he owns has charged it "
        "$3 million since June.",
    ],
)
def test_not_speech(nlp: Language, text: str) -> None:
    assert run(nlp, text) == []


# -- claims as written, on the scale corpus ---------------------------------------------

#: "posted a 222% rise", "reported a loss", "announced its results" read as a claim.
_RESULT_CLAIM = re.compile(
    r"^(?:a|an|its|their|the)?\s*[\d.,%$£€ ]*(?:\w+\s+){0,2}"
    r"(?:rise|increase|fall|drop|loss|profits?|results|earnings|revenues?|sales)"
    r"(?:\s+(?:of|in|for|on|to|from|at|by)\b[^,;]*)?$",
    re.IGNORECASE,
)


def test_claims_are_the_source_text_on_300_corpus_articles(nlp: Language, shared: Path) -> None:
    corpus = shared / "corpora" / "scale_corpus.jsonl"
    if not corpus.is_file():
        pytest.skip(f"{corpus} is missing")
    articles = []
    with corpus.open(encoding="utf-8") as fh:
        # every 107th article: all the corpus's sources, about 300 articles
        for n, line in enumerate(fh):
            if n % 107 == 0:
                d = json.loads(line)
                text = d["text"]
                articles.append(
                    Article(source=d["id"], text=text, segments=[Segment(0, len(text), Zone.BODY)])
                )
    assert len(articles) >= 300
    claims = 0
    for doc in parse(nlp, articles):
        doc._.times = []
        text = doc._.article.text
        for r in said.extract(doc):
            pieces = r.parts or ((r.claim_start, r.claim_end),)
            assert " ".join(text[s:e] for s, e in pieces) == r.claim, (doc._.article.source, r)
            assert not (
                r.cue.lower() in ("posted", "reported", "announced")
                and _RESULT_CLAIM.match(r.claim)
            ), (doc._.article.source, r.claim)
            claims += 1
    assert claims > 100  # the corpus is news: it reports speech


# -- speakers named in the attribution ------------------------------------------------------


def test_an_appositive_name_speaks_for_its_description(nlp: Language) -> None:
    text = "The company's chief spokeswoman, Anna Berg, said the plant would close in May."
    r = one(run(nlp, text))
    assert (r.speaker.label, r.speaker.kind) == ("Anna Berg", "Person")


def test_a_surname_first_name_shortened_is_one_person(nlp: Language) -> None:
    text = "Premier Wen Lihua arrived in Paris on Monday. Wen said the talks had gone well."
    r = one(run(nlp, text))
    assert r.speaker.label == "Wen Lihua"


def test_the_statement_is_its_issuers(nlp: Language) -> None:
    text = (
        "Finance Minister Lena Holt said the budget would be balanced next year. "
        "The statement said that spending on schools would rise."
    )
    labels = [r.speaker.label for r in run(nlp, text)]
    assert labels == ["Lena Holt", "Lena Holt"]


def test_she_skips_the_last_speaker_when_he_is_a_man(nlp: Language) -> None:
    text = (
        "Hillary Clinton said her plan would create jobs. "
        "Donald Trump said his own plan was better. "
        "She said the numbers were on her side."
    )
    assert [r.speaker.label for r in run(nlp, text)] == [
        "Hillary Clinton",
        "Donald Trump",
        "Hillary Clinton",
    ]


# -- issue 11, second round: recall on PolNeAR and the handover leads --------------------


def test_a_poll_share_speaks(nlp: Language) -> None:
    text = "About 4 in 10 say they want the next president to have more liberal policies."
    r = one(run(nlp, text))
    assert "4 in 10" in r.speaker.label
    assert r.claim == "they want the next president to have more liberal policies"


def test_a_clausal_subject_and_likely_to_say(nlp: Language) -> None:
    text = (
        "Large majorities of Republican primary voters in six states going to the polls on "
        "Super Tuesday said they support a proposal to ban imports. Caucus-goers were slightly "
        "more likely to say they preferred Clinton to handle nominations."
    )
    first, second = run(nlp, text)
    assert first.speaker.label.startswith("Large majorities of Republican primary voters")
    assert first.claim == "they support a proposal to ban imports"
    assert second.claim == "they preferred Clinton to handle nominations"


def test_happy_to_report_is_not_a_cue(nlp: Language) -> None:
    text = (
        "Tom Brenner said the ceremony was over. For those concerned about his comfort, "
        "Brenner is happy to report that it is now 68 degrees."
    )
    assert [r.claim for r in run(nlp, text)] == ["the ceremony was over"]


def test_a_quote_taken_for_the_subject_yields_to_the_name(nlp: Language) -> None:
    text = (
        "“Very good reporter, very good reporter this guy,” Trump, the 2016 GOP presidential "
        "frontrunner nationally and current polling leader in South Carolina by a wide margin "
        "after winning the New Hampshire primaries, said when Boyle asked him a question."
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "Trump"
    assert r.claim == "Very good reporter, very good reporter this guy"


def test_says_in_a_statement_that(nlp: Language) -> None:
    text = (
        "Kasich's chief strategist John Weaver says in a statement that the race will now be "
        "a four-man contest between Kasich and Trump."
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "John Weaver"
    assert r.claim == "the race will now be a four-man contest between Kasich and Trump"


def test_an_appended_speech_participle_is_not_the_claim(nlp: Language) -> None:
    text = (
        "Sanders says he would release his information for 2014 on Friday, calling them "
        "“very boring tax returns.” Polls show that about half of voters say they prefer an "
        "outsider, while about 4 in 10 want one with political experience."
    )
    claims = [r.claim for r in run(nlp, text)]
    assert "he would release his information for 2014 on Friday" in claims
    assert "they prefer an outsider" in claims


def test_called_for_names_what_was_asked(nlp: Language) -> None:
    text = (
        "Trump called for a ban on Muslims entering the United States. Hillary Clinton is "
        "calling for the United States to step up military efforts against the Islamic State."
    )
    first, second = run(nlp, text)
    assert (first.speaker.label, first.claim) == (
        "Trump",
        "a ban on Muslims entering the United States",
    )
    assert second.speaker.label == "Hillary Clinton"
    assert second.claim == "the United States to step up military efforts against the Islamic State"


def test_a_plan_that_calls_for_something_is_no_speaker(nlp: Language) -> None:
    assert run(nlp, "The plan calls for two republics in Bosnia and a new constitution.") == []


def test_an_object_claim_keeps_what_hangs_on_the_verb(nlp: Language) -> None:
    text = (
        "Mike Murphy praised the efforts of a donor to Sen. Marco Rubio to attack the "
        "frontrunner by skywriting nasty messages. Cruz blamed the anti-fracking law on "
        "“knuckleheaded Democratic politicians.”"
    )
    claims = {r.cue: r.claim for r in run(nlp, text)}
    assert claims["praised"].startswith("the efforts of a donor to Sen. Marco Rubio")
    assert claims["blamed"].startswith("the anti-fracking law on “knuckleheaded")


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        # the parser hangs the infinitive on the cue, not on the object it belongs to
        ("Mr. Hale proposed nearly $1 billion in funds to help states treat addicts.", "addicts"),
        (
            "Ms. Lopez calls for $2 billion in new spending to improve roads and build schools.",
            "build schools",
        ),
        ("Mr. Hale decried the mayor's repeated calls to ban all cars from the city.", "the city"),
    ],
)
def test_an_object_claim_keeps_its_infinitive(nlp: Language, text: str, tail: str) -> None:
    r = one(run(nlp, text))
    assert r.claim.endswith(tail)


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "Mr. Hale argued against intervention by outside powers in the region.",
            "intervention by outside powers in the region",
        ),
        (
            "Ms. Lee argued for a new tax on empty homes in the city.",
            "a new tax on empty homes in the city",
        ),
        (
            "Ms. Lee spoke out against the mayor's plan to close the schools.",
            "the mayor's plan to close the schools",
        ),
    ],
)
def test_argued_or_spoke_against_an_object(nlp: Language, text: str, claim: str) -> None:
    # taking a side for or against something says it; "spoke about a treaty" names a topic
    r = one(run(nlp, text))
    assert r.claim == claim


def test_a_list_of_infinitives_after_a_pledge(nlp: Language) -> None:
    # "fix" and "cut" are hung on "pledged"; bare infinitives continue "to enact"
    text = "Mr. Hale pledged to enact judicial reform, fix the city's broken finance system and cut taxes."
    r = one(run(nlp, text))
    assert r.claim == "to enact judicial reform, fix the city's broken finance system and cut taxes"


def test_called_for_two_things(nlp: Language) -> None:
    # the second "for" is hung on the cue as a conjunct
    text = (
        "Ms. Lee has called for tighter rules on the banks that trade for hedge funds, and for "
        "raising taxes on the profits of fund managers."
    )
    r = one(run(nlp, text))
    assert r.claim.endswith("and for raising taxes on the profits of fund managers")


def test_an_object_claim_leaves_out_when_and_where(nlp: Language) -> None:
    text = (
        "The warring parties agreed to a ceasefire in a deal French President François "
        "Hollande called a “comprehensive political solution” after marathon talks in Minsk."
    )
    r = one(run(nlp, text))
    assert r.claim.endswith("“comprehensive political solution”")


def test_force_is_not_speech(nlp: Language) -> None:
    text = (
        "On September 27, Azerbaijani armed forces attacked Nagorno-Karabakh along the entire "
        "front line using rocket and artillery weapons."
    )
    assert run(nlp, text) == []


def test_pointed_to_an_object(nlp: Language) -> None:
    text = (
        "Hillary Clinton argued that she could take a hard line on Wall Street. As proof, "
        "Clinton pointed to attacks on her campaign funded by two hedge fund billionaires."
    )
    claims = [r.claim for r in run(nlp, text)]
    assert "attacks on her campaign funded by two hedge fund billionaires" in claims


def test_as_the_paper_reported(nlp: Language) -> None:
    text = (
        "As the Washington Post's investigative unit reported just today, the State Department "
        "Inspector General issued subpoenas to the foundation. The ceremonies have concluded, "
        "but as they say, now is when the real work begins."
    )
    r = one(run(nlp, text))
    assert r.speaker.label.endswith("investigative unit")
    assert r.claim == "the State Department Inspector General issued subpoenas to the foundation"


def test_a_long_running_quote_is_one_claim_per_paragraph(nlp: Language) -> None:
    text = (
        "“Today is a historic day. We are taking back the city,” Zelenskyy said.\n\n"
        "“Residents have been waiting. They have never given up.”\n\n"
        "“I am grateful to every soldier and every unit.”\n"
    )
    claims = [r.claim for r in run(nlp, text)]
    assert claims == [
        "Today is a historic day. We are taking back the city",
        "Residents have been waiting. They have never given up.",
        "I am grateful to every soldier and every unit.",
    ]
    two = "“A good day for us all,” Klein said.\n\n“And a better one tomorrow.”\n"
    assert [r.claim for r in run(nlp, two)] == ["A good day for us all And a better one tomorrow."]


def test_according_to_a_statement_issued_by(nlp: Language) -> None:
    text = (
        "The enclaves shall stand transferred to the other country from midnight, according "
        "to a statement issued by the external affairs ministry.\n\n"
        "“July 31 will be a historic day for both countries. The day marks the resolution of "
        "a complex issue,” according to the statement.\n"
    )
    first, second = run(nlp, text)
    assert "ministry" in first.speaker.label.lower()
    assert second.speaker.label == first.speaker.label
    assert second.claim == (
        "July 31 will be a historic day for both countries. The day marks the resolution of "
        "a complex issue"
    )


def test_a_claim_stops_before_in_a_statement(nlp: Language) -> None:
    text = (
        "Ukrainian President Petro Poroshenko confirmed that a truce had been signed, in a "
        "statement published on his official website."
    )
    assert one(run(nlp, text)).claim == "a truce had been signed"


def test_a_second_cue_inside_a_claim_is_the_speakers(nlp: Language) -> None:
    text = (
        "Putin said the rights of ethnic Russians in Ukraine had been abused by the new "
        "government and insisted that the vote was in line with international law."
    )
    first, second = run(nlp, text)
    assert first.claim.endswith("abused by the new government")
    assert (second.speaker.label, second.claim) == (
        "Putin",
        "the vote was in line with international law",
    )


def test_a_conjunct_without_a_claim_of_its_own_stays_in(nlp: Language) -> None:
    text = (
        "Clinton said he would consult with Congress on the deployment and ask for its "
        "support once he receives the plan. The DNC said the staffers' actions were "
        "unacceptable and that the committee would continue to investigate the incident."
    )
    first, second = run(nlp, text)
    assert first.claim.endswith("ask for its support once he receives the plan")
    assert second.claim.endswith("the committee would continue to investigate the incident")
    text = (
        "Rubio claimed that Muslim Americans don't face discrimination and that President "
        "Obama is to blame for Americans believing that."
    )
    assert one(run(nlp, text)).claim.endswith("Obama is to blame for Americans believing that")


# -- attributions that interrupt or introduce a claim ---------------------------------------


def test_an_attribution_set_off_by_commas_splits_its_claim(nlp: Language) -> None:
    text = "The plan would be helped, Maria Lopez said, by the new budget rules."
    r = one(run(nlp, text))
    assert r.speaker.label == "Maria Lopez"
    assert r.claim == "The plan would be helped by the new budget rules"
    assert len(r.parts) == 2


def test_a_set_off_attribution_before_a_quote_keeps_the_lead(nlp: Language) -> None:
    text = (
        "The town's spending on its parks, Ms. Hale said, “is a fine example of planning” for "
        "the coming years."
    )
    r = one(run(nlp, text))
    assert r.kind == "mixed"
    assert r.claim == (
        "The town's spending on its parks “is a fine example of planning” for the coming years"
    )


def test_a_colon_introduces_the_quote_of_the_next_paragraph(nlp: Language) -> None:
    text = (
        "Senator Jane Doe spoke next.\n\nDoe continued:\n\n“We look at the numbers. They are bad.”"
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "Jane Doe" and r.kind == "direct"
    assert r.claim == "We look at the numbers. They are bad."


def test_a_fragment_before_a_colon_quote_is_not_the_claim(nlp: Language) -> None:
    text = (
        "Admitting that a deal could come “down the road,” Tom Reed warned: “It will not happen "
        "soon, because our focus is elsewhere.”"
    )
    warned = [r for r in run(nlp, text) if r.cue == "warned"]
    assert [(r.speaker.label, r.claim) for r in warned] == [
        ("Tom Reed", "It will not happen soon, because our focus is elsewhere.")
    ]


def test_a_quoted_fragment_runs_on_after_its_attribution(nlp: Language) -> None:
    text = "Sooner or later, “we will have a new tax,” Ann Burke said. “It is a good idea.”"
    r = one(run(nlp, text))
    assert r.kind == "mixed"
    assert r.claim == "Sooner or later, “we will have a new tax,” It is a good idea."


def test_according_to_at_the_end_takes_the_whole_sentence(nlp: Language) -> None:
    text = (
        "Smith received 37 percent, Jones had 36 percent and Brown got 13 percent, according to "
        "the Marist Institute."
    )
    r = one(run(nlp, text))
    assert r.cue == "according to"
    assert r.claim == "Smith received 37 percent, Jones had 36 percent and Brown got 13 percent"


def test_who_after_a_predicate_noun_is_the_subject(nlp: Language) -> None:
    text = (
        "Mark Hill is a banker, a writer and a critic who has repeatedly pledged to cut all taxes."
    )
    r = one(run(nlp, text))
    assert (r.speaker.label, r.claim) == ("Mark Hill", "to cut all taxes")


@pytest.mark.parametrize(
    "text",
    [
        "The senator has maintained support among older voters in the state.",
        "Jane Roe, a lawyer, will be challenging the incumbent mayor in the primary.",
        # the text a writer made, not what it says
        "Ann Lee wrote the introduction for a new book on the old mills.",
        "Mr. Baker wrote a letter to the acting legal adviser of the department.",
    ],
)
def test_an_object_that_is_no_speech(nlp: Language, text: str) -> None:
    assert run(nlp, text) == []


def test_according_to_before_a_quote_takes_the_whole_quote(nlp: Language) -> None:
    text = "According to the Daily Planet, “Our gun laws are weak. Very few people are barred.”"
    r = one(run(nlp, text))
    assert (r.kind, r.claim) == ("direct", "Our gun laws are weak. Very few people are barred.")


def test_a_quote_that_ends_another_speakers_sentence_is_not_the_next_claim(
    nlp: Language,
) -> None:
    text = (
        "On Twitter, former Governor Ann Lee called the mayor “reckless.” Senator Tom Ray called "
        "the plan “costly and unfair.”"
    )
    records = run(nlp, text)
    assert {(r.speaker.label, r.claim) for r in records} == {
        ("Ann Lee", "the mayor “reckless.”"),
        ("Tom Ray", "the plan “costly and unfair.”"),
    }


def test_a_speech_noun_lead_in_introduces_the_next_paragraphs(nlp: Language) -> None:
    text = (
        '"Our people," Ann Lee wrote on Telegram.\n\nHere is a translation of her message:\n\n'
        '"Today is a great day. We are back.\n\n"I am grateful to every worker."'
    )
    r = [r for r in run(nlp, text) if r.cue == "message"]
    assert [(x.speaker.label, x.kind, x.claim) for x in r] == [
        ("Ann Lee", "direct", "Today is a great day. We are back. I am grateful to every worker.")
    ]


def test_a_quote_ending_its_sentence_runs_on_before_a_new_attribution(nlp: Language) -> None:
    text = (
        '"I think this was the main problem," Tom Ray told the delegates. "This can be a valuable '
        'asset." He also said that his office would do all it can to help.'
    )
    told = [r for r in run(nlp, text) if r.cue == "told"]
    assert [r.claim for r in told] == [
        "I think this was the main problem This can be a valuable asset."
    ]


def test_a_quote_runs_on_past_a_quoted_show_title(nlp: Language) -> None:
    # the attribution ends inside the show's title; the next quote still runs on
    text = (
        '"The plan is a failure," Morrow said on WXYZ\'s "Sunday Morning Hour." '
        '"And the governor is not going to give in to the lobby."'
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "Morrow"
    assert r.claim.startswith("The plan is a failure") and r.claim.endswith("the lobby.")
    assert len(r.parts) == 2


def test_a_cue_ending_its_sentence_takes_the_quote_after_it(nlp: Language) -> None:
    text = (
        "Dana Whitfield, the press officer for the Ruritania Farmers Union, said in a "
        "statement. “There are no paper ballots to count. The meeting was a unique event.”"
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "Dana Whitfield" and r.kind == "direct"
    assert r.claim == "There are no paper ballots to count. The meeting was a unique event."
    # a quote with an attribution of its own stays that speaker's
    r = one(run(nlp, "Marlow said. “I agree with that,” Tessler said."))
    assert r.speaker.label == "Tessler"


def test_headline_surname_read_as_a_noun_is_the_story_s_person(nlp: Language) -> None:
    # the tagger reads "Rice" alone as a noun; the story names Senator Ellen Rice
    headline = "Rice: 'Never, ever underestimate the mayor.'"
    body = "Senator Ellen Rice spoke to farmers in Ohio on Monday. Rice has served since 2009."
    r = one(zoned(nlp, headline, body))
    assert r.speaker.label == "Ellen Rice" and r.speaker.kind == "Person"
    assert "underestimate the mayor" in r.claim


def test_a_speaker_after_the_cue_parsed_as_its_object_or_clause(nlp: Language) -> None:
    # the parser takes the speaker for the object of "added"
    text = (
        "“It is the senator’s race to lose at this point,” added another Vermont Democrat. "
        "The vote is on Tuesday."
    )
    r = one(run(nlp, text))
    assert r.speaker.label.endswith("Democrat") and r.kind == "direct"
    assert r.claim == "It is the senator’s race to lose at this point"
    # ... or for the subject of the relative clause that describes her
    text = (
        'The shop was busy. "One man came in and said we should leave," said the woman, '
        "who like many in the town did not want to be quoted."
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "woman" and r.kind == "direct"
    assert r.claim == "One man came in and said we should leave"


def test_a_quote_opening_after_a_set_off_attribution_is_its_own(nlp: Language) -> None:
    # "…, Mr. Lamb yelled, ''Out!''": the quote is what he yelled, not the end of a sentence
    # the attribution interrupts (“is a perfect example” in the medial test does continue it)
    text = (
        "As the man was led away, raising both fists to the crowd in a show of defiance, "
        "Mr. Lamb yelled, ''Out, out, out!''"
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "Lamb" and r.kind == "direct" and r.claim == "Out, out, out!"


def test_according_to_inside_a_parenthesis_claims_the_parenthesis(nlp: Language) -> None:
    text = (
        "Rural states like Vermont (94 percent of voters there in 2012 were white, "
        "according to census figures) have small cities."
    )
    r = one(run(nlp, text))
    assert r.cue == "according to"
    assert r.claim == "94 percent of voters there in 2012 were white"


def test_praise_or_blame_of_someone_named_is_a_claim(nlp: Language) -> None:
    r = one(run(nlp, "Senator Hilda Brandt endorsed Bernie Sanders on Monday."))
    assert r.speaker.label == "Hilda Brandt" and r.claim == "Bernie Sanders"
    assert r.cue == "endorsed"
    # a welcome is no speech, and a thin object that names no one stays out
    assert run(nlp, "Mayor Paul Walden welcomed Francis.") == []
    assert run(nlp, "Senator Hilda Brandt endorsed it.") == []


def test_a_participle_after_a_preposition_takes_the_clause_s_subject(nlp: Language) -> None:
    text = (
        "Senator Hilda Brandt distanced herself from the group by saying she would be "
        "willing to help the new mayor."
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "Hilda Brandt"
    assert r.claim == "she would be willing to help the new mayor"


def test_error_kinds_count_misses_and_false_positives_by_kind() -> None:
    import importlib.util
    import sys

    root = Path(__file__).resolve().parents[1]
    if not (root.parent / "shared" / "gold" / "score.py").is_file():
        pytest.skip("../shared/gold/score.py is absent")
    sys.path.insert(0, str(root / "eval"))
    spec = importlib.util.spec_from_file_location("said_errors", root / "eval" / "said_errors.py")
    assert spec is not None and spec.loader is not None
    errors = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(errors)
    score = errors.scorer()
    from kg.records import Evidence, Mention

    text = "Brandt said the new budget will pass the senate. Lopez praised the farmers union."
    gold = [
        {
            "actor": "Brandt",
            "claim": "the new budget will pass the senate",
            "cue": "said",
            "content_spans": [[12, 48]],
        },
        {
            "actor": "Lopez",
            "claim": "the farmers union",
            "cue": "praised",
            "content_spans": [[64, 81]],
        },
        {
            "actor": "Walden",
            "claim": "taxes will fall next year",
            "cue": "winked at",
            "content_spans": [[90, 100]],
        },
    ]

    def record(who: str, start: int, end: int) -> Said:
        return Said(
            speaker=Mention(who, "Person", 0, 6),
            claim=text[start:end],
            claim_start=start,
            claim_end=end,
            kind="indirect",
            cue="said",
            evidence=Evidence(text, 0, len(text)),
            confidence=0.8,
        )

    kinds = errors.error_kinds(gold, [record("Brandt", 12, 48), record("Ng", 64, 81)], score)
    assert kinds == {
        "FP: the speaker wrong or unresolved": 1,
        "miss: the speaker wrong or unresolved": 1,
        "miss: a cue outside the lists, not read": 1,
    }
    assert errors.listed_cue("has long said") and not errors.listed_cue("winked at")


def test_a_statement_saying_is_its_sender_s(nlp: Language) -> None:
    text = (
        "The Ruritania Farmers Union issued a statement saying the harvest was the worst "
        "in a decade."
    )
    r = one(run(nlp, text))
    assert r.speaker.label == "Ruritania Farmers Union"
    assert r.claim == "the harvest was the worst in a decade"
