"""territory – transferred to – state.

Territory changes hands in news in a few recurring shapes:

- passive handover: "The town of Shushi, the districts of Agdam, Kelbajar and
  Lachin were handed over to Azerbaijan" (one record per named place);
- active handover: "Russia returned the islands to Japan", "Z ceded X to Y";
- recovery by the receiving state: "Croatia regained the Krajina", "Ukrainian
  forces retook Kherson";
- entry under an agreement: "Units of the Azerbaijani army entered the Aghdam
  region, a territory ceded by Armenian forces" (to the army's state, from the
  ceding party);
- obligation: "Kelbajar shall be returned to Azerbaijan before Nov. 15"
  (``planned=True``), with a schedule giving each place its date and a
  postponement keeping the date it replaced (``postponed_from``);
- nouns and other forms: "the handover of X to Y", "sovereignty over X was
  transferred to Y", "X reverted to Y", "X became part of Y", "a treaty to
  incorporate X into Y", "withdrew from X, leaving it to Y", "A and B exchanged
  enclaves", "X, the last of three districts handed back to Y";
- a receiver the clause does not name: the one state the article's other
  transfers go to.

Only named places count: "sizeable areas of land" or "their district" give
nothing. A negated clause ("was not handed over") gives nothing. A record also
names the agreement the transfer happens under ("under the deal", "as part of
the Erdut accord"; entry into a place under an agreement counts as a transfer)
and what the text keeps back ("with the exception of a 5-kilometer corridor",
on the place named last). Military capture and occupation are not transfers;
a taking that may be either ("took over X", a flag raised at X, "regained X")
counts only in an article whose other transfers go to the same state.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from kg import gazetteer
from kg.article import Zone
from kg.extract import _agreements, entities, signed
from kg.extract._clauses import attached_times, evidence, span_roots, times_in
from kg.extract.entities import tokens_text
from kg.nlp import sentence_zone
from kg.records import Mention, TimeExpr, Transferred

NAME = "transferred"
VERSION = "0.3.0"

log = logging.getLogger(__name__)

#: Verbs (lemma, particle) by which a giver hands territory to a receiver "to Y".
HANDOVER_VERBS = frozenset(
    {
        ("hand", "over"),
        ("hand", "back"),
        ("give", "back"),
        ("give", "up"),
        ("turn", "over"),
        ("return", ""),
        ("cede", ""),
        ("transfer", ""),
        ("surrender", ""),
        ("hand", ""),
        ("give", ""),
        ("relinquish", ""),
        ("restore", ""),
        ("yield", ""),
        ("leave", ""),
        ("reintegrate", ""),
    }
)
#: Verbs whose subject is the territory that changes hands: "Macau reverted to China".
PASSING_VERBS = frozenset(["revert", "pass", "return"])
#: Nouns of a handover: "the handover of Bakassi to Cameroon", "the transfer of the district".
HANDOVER_NOUNS = frozenset(
    [
        "handover",
        "hand-over",
        "transfer",
        "return",
        "cession",
        "retrocession",
        "restitution",
        "reintegration",
        "incorporation",
        "reversion",
        "accession",
        "reunification",
    ]
)
#: Verbs of a pull-out whose "from X" is the territory a "leaving ... to Y" hands over.
WITHDRAW_VERBS = frozenset(["withdraw", "pull", "retreat", "evacuate", "leave"])
#: Verbs by which a territory becomes part of a state: "X became part of Y".
JOINING_VERBS = frozenset(["become", "adopt", "admit", "incorporate", "integrate", "accept"])
#: Verbs of a swap of territory between two states: "A and B exchanged their enclaves".
EXCHANGE_VERBS = frozenset(["exchange", "swap", "trade"])
#: Common nouns of territory that count in an exchange (no name needed): "162 enclaves".
TERRITORY_NOUNS = frozenset(
    ["enclave", "enclaves", "exclave", "exclaves", "territories", "islands", "villages"]
)
#: Verbs by which an agreement itself moves territory: "a treaty to annex X into Y".
ANNEX_VERBS = frozenset(["annex", "incorporate", "absorb", "admit", "integrate"])
#: Verbs that move a planned handover: "the handover was postponed until 25 November".
_POSTPONE_VERBS = frozenset(["postpone", "delay", "defer", "push", "reschedule"])
#: Verbs of a handover still to come when they govern a handover noun.
_PLAN_VERBS = frozenset(
    ["schedule", "plan", "expect", "postpone", "delay", "set", "begin", "start"]
)
#: Verbs by which the receiving state takes territory back: a transfer only under an
#: agreement ("regained the district under the deal"); by force it is a capture.
RECOVERY_VERBS = frozenset(
    ["regain", "retake", "recapture", "reclaim", "recover", "liberate", "take over"]
)
#: Verbs of "took control of X": a transfer only under an agreement or "as agreed".
CONTROL_VERBS = frozenset(
    ["take", "assume", "gain", "regain", "obtain", "acquire", "resume", "receive", "recover"]
)
#: Verbs by which a state receives a place from another: "Cameroon received Bakassi from Nigeria".
RECEIVE_VERBS = frozenset(["receive", "obtain", "acquire", "inherit"])
#: Verbs of entry, a transfer only when the territory is said to be ceded or handed over.
ENTRY_VERBS = frozenset(["enter"])
#: Irregular forms the small model's lemmatizer leaves alone.
_IRREGULAR = {"retook": "retake", "gave": "give", "given": "give", "took": "take"}

CONF_HANDOVER = 0.85
CONF_RECOVERY = 0.7
CONF_ENTRY = 0.65
CONF_PLANNED = 0.6
CONF_NOUN = 0.75  # "the handover of X to Y"
CONF_STORY_STATE = 0.5  # "X was ceded on 20 November": the receiver the story names
#: A taking that is a transfer only in a story of handovers to the same state ("Namibia
#: took over Walvis Bay", "the Egyptians raised their flag at X"); in a war story it is
#: a capture. extract() keeps these only when another transfer goes to that state.
CONF_IF_STORY = 0.45


def _lemma(token: Token) -> str:
    return _IRREGULAR.get(token.lower_, token.lemma_.lower())


#: Particles the parser may take for prepositions: "hands over Taba" (over + object).
_PREP_PARTICLES = frozenset(["over", "back", "up"])


def _particle(verb: Token) -> str:
    for child in verb.children:
        # "handed Macau back to China": the parser makes "back" an adverb.
        if child.dep_ == "prt" or (child.dep_ == "advmod" and child.lower_ == "back"):
            return child.lower_
    prep = _particle_prep(verb)
    return prep.lower_ if prep is not None else ""


def _particle_prep(verb: Token) -> Token | None:
    """Return "over" of "Israel hands over Taba" when the parser made it a preposition."""
    for child in verb.children:
        if (
            child.dep_ in {"prep", "prt"}
            and child.lower_ in _PREP_PARTICLES
            and any(c.dep_ == "pobj" for c in child.children)
            and child.i == verb.i + 1
            and (_lemma(verb), child.lower_) in HANDOVER_VERBS
        ):
            return child
    return None


def _is_handover(verb: Token) -> bool:
    lemma = _lemma(verb)
    prt = _particle(verb)
    if (lemma, prt) in HANDOVER_VERBS:
        # Bare "hand"/"give" need a "to" receiver and a place; the caller checks both.
        return True
    return (lemma, "") in HANDOVER_VERBS


def _cue(verb: Token) -> str:
    if _split_handover(verb):
        return "hand-over"
    prt = _particle(verb)
    return f"{verb.text.lower()} {prt}".strip()


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _planned(verb: Token) -> bool:
    """Tell an obligation ("shall be returned", "is to be handed over") from a completed act."""
    auxes = [c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if verb.dep_ == "conj" and not auxes and verb.head.i != verb.i:
        # "an agreement to end Portuguese rule and return it to China": a conjunct shares
        # the auxiliaries of the verb it is joined to.
        return _planned(verb.head)
    if any(a in {"shall", "will", "must", "should", "would", "to"} for a in auxes):
        return True
    # "is to be returned": the copula's head is the xcomp chain.
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_ in {
        "be",
        "have",
        "agree",
        "plan",
        "pledge",
        "due",
        "set",
        "expect",
        "schedule",
        "likely",
    }:
        return True
    # "will see Kelbajar returned to Azerbaijan": the future of the clause it completes.
    return verb.dep_ in {"xcomp", "ccomp"} and any(
        c.dep_ == "aux" and c.lower_ in {"shall", "will", "must", "should", "would"}
        for c in head.children
    )


#: Nouns of a polity inside or beside a state: a demonym before them names no receiver.
_POLITY_NOUNS = frozenset(
    ["federation", "republic", "entity", "entities", "community", "autonomy", "canton"]
)


#: Possessives of a person: "his club", "their homes" belong to no state.
_PERSONAL_POSSESSIVES = frozenset(["his", "her", "my", "your", "our"])


def _party(tok: Token) -> Mention | None:
    """Return the state a phrase names, or a proper name the model did not tag as a place
    ("Cameroon[ORG]"): the party that receives territory, never a person."""
    if tok.lemma_.lower() in _POLITY_NOUNS and tok.pos_ == "NOUN":
        # "the Muslim-Croat federation", "the Serb republic": a polity of its own, not
        # the state its people's demonym names.
        return None
    if tok.pos_ == "NOUN" and any(
        c.dep_ == "poss" and c.lower_ in _PERSONAL_POSSESSIVES for c in tok.children
    ):
        return None  # "returned to his Japanese club": a person's, not a state
    if (
        tok.ent_type_ == "PERSON"
        and tok.dep_ == "pobj"
        and tok.head.lower_ in {"to", "into"}
        and len(entities.name_tokens(tok)) == 1
    ):
        # "cede the strip to Togo[PERSON]": the small model tags country names it rarely
        # saw as persons; after "to" a country name is the receiver ("Jordan said" is not).
        country = gazetteer.country(tok.text)
        if country is not None:
            return Mention(
                label=country.name, kind="State", start=tok.idx, end=tok.idx + len(tok.text)
            )
    state = entities.state_of_phrase(tok)
    if state is None and tok.text[:1].isupper() and tok.ent_type_ != "PERSON":
        # "to Cameroon[VERB]": the small model may tag a country name it rarely saw as
        # anything; the gazetteer knows it.
        country = gazetteer.country(tok.text)
        if country is not None:
            return Mention(
                label=country.name, kind="State", start=tok.idx, end=tok.idx + len(tok.text)
            )
    if state is None and tok.pos_ == "PROPN" and tok.ent_type_ == "ORG":
        # "to neighbouring Cameroon[ORG]"; a group that is no demonym ("the Democrats[NORP]")
        # is a party, not a state.
        state = entities.actor_phrase(tok)
    if state is not None:
        # "handed Hong Kong back to Beijing": a capital stands for its government's state.
        capital = gazetteer.country_of_capital(state.label)
        if capital is not None and gazetteer.country(state.label) is None:
            state = replace(state, label=capital.name, aliases=(state.label, *state.aliases))
    return state


def _to_state(verb: Token, words: frozenset[str] = frozenset(["to", "into"])) -> Mention | None:
    preps = list(verb.children)
    preps += [g for c in verb.children if c.lower_ == "back" for g in c.children]
    for child in preps:
        if child.dep_ in {"prep", "dative"} and child.lower_ in words:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    if any(c.lower_ in {"or", "either"} for c in pobj.children):
                        return None  # "to either Jordan or Egypt": the text does not say which
                    return _party(pobj)
    if "to" in words:
        # "X reverted to Denmark": the small model reads "to Denmark" as an infinitive
        # ("to" an aux of a verb "Denmark"); a capitalized state name is no verb.
        for child in preps:
            if (
                child.dep_ in {"xcomp", "advcl"}
                and child.i > verb.i
                and child.text[:1].isupper()
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
            ):
                state = entities.state_of(child) if entities.is_state_name(child) else None
                return state or _party(child)
    return None


def _to_in_object(obj: Token) -> Mention | None:
    """Return Y of "handed over the villages of A and B to Y" when the parser hung "to Y"
    on the last name of the object: a "to" that ends the object phrase, outside its clauses."""
    for tok in obj.subtree:
        if tok.dep_ != "prep" or tok.lower_ not in {"to", "into"} or tok.i <= obj.i:
            continue
        if tok.right_edge.i != obj.right_edge.i:
            continue
        between = [a for a in tok.ancestors if a.i != obj.i and obj in a.ancestors]
        if any(a.pos_ in {"VERB", "AUX"} or a.dep_ in {"acl", "relcl"} for a in between):
            continue  # "the town that belonged to Y": the clause's "to"
        for pobj in tok.children:
            if pobj.dep_ == "pobj":
                return _party(pobj)
    return None


def _to_right_after(noun: Token) -> Mention | None:
    """Return Y of "the accession of X to Y" when the parser hung "to Y" on a verb above."""
    doc = noun.doc
    nxt = noun.right_edge.i + 1
    if nxt >= len(doc) or doc[nxt].lower_ not in {"to", "into"} or doc[nxt].dep_ != "prep":
        return None
    if doc[nxt].head not in noun.ancestors:
        return None
    return next((_party(p) for p in doc[nxt].children if p.dep_ == "pobj"), None)


def _to_after_apposition(obj: Token) -> Mention | None:
    """Return Y of "X, <apposition>, to Y" when the parser put "to Y" inside the apposition."""
    if not any(c.dep_ == "appos" for c in obj.children):
        return None
    doc = obj.doc
    for tok in obj.subtree:
        if (
            tok.dep_ == "prep"
            and tok.lower_ in {"to", "into"}
            and tok.i > 0
            and doc[tok.i - 1].text == ","
            and tok.i - 1 > obj.i
        ):
            for pobj in tok.children:
                if pobj.dep_ == "pobj":
                    return _party(pobj)
    return None


def _from_party(verb: Token) -> Mention | None:
    for child in verb.children:
        if (child.dep_ == "prep" and child.lower_ == "from") or child.dep_ == "agent":
            for pobj in child.children:
                # "returned by 1 July": a deadline, not who gave the place up
                if pobj.dep_ == "pobj" and pobj.ent_type_ not in {"DATE", "TIME"}:
                    return entities.actor_phrase(pobj)
    return None


def _date(sent: Span, verb: Token, *more: Token) -> TimeExpr | None:
    times = attached_times(sent, {verb.i, *(t.i for t in more)})
    # "Under the agreement signed on Tuesday, X will hand Y to Z": the sentence's only
    # date is the signing's, in a clause of its own, not the handover's.
    times = [(t, ok) for t, ok in times if ok or not signed.own_clause_date(verb, sent, t)]
    times = [(t, ok) for t, ok in times if not _signing_date(sent, t)]
    # "Hong Kong, a British colony since 1842, was handed back": a date describing the place.
    times = [(t, ok) for t, ok in times if not _describing_date(sent, t)]
    # "the 1962 Joint Declaration, the treaty that laid down the terms for X's return": a date
    # that modifies another noun (an agreement's name, "the 2001 summit") is that noun's.
    times = [(t, ok) for t, ok in times if not signed.date_of_other_noun(sent, verb, t)]
    # "signed on Sunday an agreement that will return X to Y": the sentence's only date is
    # the signing verb's, which governs the handover; it is not the handover's date.
    times = [(t, ok) for t, ok in times if ok or not _signing_verb_date(sent, verb, t)]
    return times[0][0] if times else None


def _describing_date(sent: Span, expr: TimeExpr) -> bool:
    """Tell a date inside an apposition or after "since": it describes, it dates no handover."""
    span = sent.doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    if span.start > 0 and sent.doc[span.start - 1].lower_ in {"since", "until", "till"}:
        return True
    return any(a.dep_ == "appos" for root in span_roots(span) for a in root.ancestors)


def _signing_verb_date(sent: Span, verb: Token, expr: TimeExpr) -> bool:
    """Tell a date the tree hangs on a signing verb other than ``verb``."""
    span = sent.doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    for root in span_roots(span):
        gov = next((a for a in root.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        if gov is not None and gov.i != verb.i and gov.lemma_.lower() in signed.SIGNING_VERBS:
            return True
    return False


def _signing_date(sent: Span, expr: TimeExpr) -> bool:
    """Tell the date of an agreement's signing ("the agreement signed on Tuesday")."""
    span = sent.doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    for root in span_roots(span):
        tok = root
        while tok.head.i != tok.i:
            tok = tok.head
            if tok.dep_ in {"acl", "relcl"} and tok.lemma_.lower() in signed.SIGNING_VERBS:
                return signed.is_agreement_head(tok.head)
            if tok.pos_ in {"VERB", "AUX"}:
                break
    return False


#: How a phrase that puts a transfer under an agreement begins.
_UNDER = ("under ", "per ", "as part of ", "in line with ", "in accordance with ", "pursuant to ")


def _agreement(verb: Token) -> Mention | None:
    """Return the agreement a transfer happens under: "under the deal", "as part of the accord"."""
    # The parser may hang the phrase on the object ("regained the region under the deal").
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    for prep in [*verb.children, *(g for o in objects for g in o.children)]:
        if prep.dep_ != "prep":
            continue
        phrase = " ".join(t.lower_ for t in prep.subtree) + " "
        if not phrase.startswith(_UNDER):
            continue
        head = next((t for t in prep.subtree if signed.is_agreement_head(t)), None)
        if head is not None:
            return signed.agreement_mention(head)
    return None


def _exceptions(verb: Token) -> tuple[str, ...]:
    """Return what the text keeps back: "with the exception of a 5-kilometer corridor", "except X"."""
    found = []
    for tok in verb.subtree:
        if tok.lower_ == "exception" and tok.head.lower_ == "with":
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        found.append(_plain(pobj))
        elif tok.lower_ in {"except", "excluding"} and tok.dep_ in {"prep", "mark", "cc"}:
            for pobj in tok.children:
                if pobj.dep_ == "pobj":
                    found.append(_plain(pobj))
    return tuple(f for f in found if f)


def _plain(token: Token) -> str:
    """Return the noun phrase of ``token`` without the clauses after it ("a 5-kilometer corridor")."""
    cut: set[int] = set()
    for child in token.rights:
        if child.dep_ in {"acl", "relcl", "prep"}:
            cut |= {t.i for t in child.subtree}
    return tokens_text([t for t in token.subtree if t.i not in cut])


def _record(
    sent: Span,
    place: Mention,
    state: Mention,
    verb: Token,
    confidence: float,
    *,
    from_party: Mention | None = None,
    planned: bool = False,
    date_anchors: tuple[Token, ...] = (),
) -> Transferred:
    return Transferred(
        territory=place,
        state=state,
        cue=_cue(verb),
        evidence=evidence(sent),
        confidence=confidence,
        from_party=from_party,
        date=_date(sent, verb, *date_anchors),
        agreement=_agreement(verb)
        or next((_agreement(t) for t in date_anchors if _agreement(t) is not None), None),
        planned=planned,
        exceptions=_exceptions(verb),
    )


def _subjects(verb: Token, deps: set[str]) -> list[Token]:
    subj = [c for c in verb.children if c.dep_ in deps]
    # "that was ceded to Azerbaijan": the relative pronoun stands for the noun it modifies.
    if verb.dep_ == "relcl" and any(s.tag_ in {"WDT", "WP"} for s in subj):
        return [verb.head]
    return subj


#: A state no clause names, filled in from the story (see :func:`extract`).
_UNKNOWN = Mention(label="", kind="State", start=0, end=0)


def _handover(sent: Span, verb: Token) -> Iterator[Transferred]:
    state = _to_state(verb)
    if state is None:
        # "handed over the vital waterway to Panama": the parser may hang "to" on the object.
        objects = [o for o in verb.children if o.dep_ in {"dobj", "nsubjpass"}]
        objects += [c for o in objects for c in entities.conjuncts(o)]  # "X and 12 islands to Y"
        state = next((s for s in map(_to_state, objects) if s is not None), None)
    if state is None:
        # "return Taba, the tiny strip that ..., to Egypt": after an apposition the parser
        # hangs "to" deep inside it; a "to" right after its closing comma is the verb's.
        state = next((s for s in map(_to_after_apposition, objects) if s is not None), None)
    if state is None:
        # "handed over the villages of A and B to Y": "to Y" hung on B.
        state = next((s for s in map(_to_in_object, objects) if s is not None), None)
    if state is None and _lemma(verb) in {"restore", "transfer", "return"}:
        # "Chinese sovereignty over Macau was restored on 20 December": the rule's owner.
        for subj in _subjects(verb, {"nsubjpass"}):
            if subj.lemma_.lower() in SOVEREIGNTY_NOUNS - {"control"}:
                owner = next(
                    (c for c in subj.children if c.dep_ in {"amod", "compound", "poss"}), None
                )
                state = entities.state_of(owner) if owner is not None else None
    if state is None:
        # "the district was ceded on 20 November": the receiver comes from the story.
        if _lemma(verb) in {
            "hand",
            "give",
            "return",
            "transfer",
            "restore",
            "leave",
        } and not _particle(verb):
            return  # bare "handed", "gave", "returned" need their "to"
        state = _UNKNOWN
    planned = _planned(verb)
    confidence = CONF_PLANNED if planned else CONF_HANDOVER
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    subjects = _subjects(verb, {"nsubjpass"})
    if passive and not subjects and verb.dep_ == "xcomp":
        # "X is to be handed over to Y", "X is due to be handed over": up the chain.
        up = verb.head
        for _ in range(3):
            subjects = _subjects(up, {"nsubj"})
            if subjects or up.dep_ not in {"xcomp", "acomp"}:
                break
            up = up.head
    headline = _reduced_passive(verb, state)
    if passive or headline:
        if headline:  # "X handed back to Y": a headline's passive without its "was"
            subjects = _subjects(verb, {"nsubj"})
        subjects = [s for s in subjects if not _person_name(s)]
        places = [p for s in subjects for p in _places(s)]
        giver = _from_party(verb)
    else:
        places = [
            p for o in verb.children if o.dep_ == "dobj" and not _person_name(o) for p in _places(o)
        ]
        if not places:  # "ceded 111 enclaves to Y": unnamed territory counted or owned
            places = [p for o in verb.children if o.dep_ == "dobj" for p in _counted_land(o)]
        prep = _particle_prep(verb)
        if not places and prep is not None:  # "hands over Taba": the object under "over"
            places = [
                p
                for o in prep.children
                if o.dep_ == "pobj" and not _person_name(o)
                for p in _places(o)
            ]
        headlinese = (
            verb.dep_ == "ROOT"
            and state is not _UNKNOWN
            and not any(c.dep_ in {"dobj", "nsubj", "nsubjpass"} for c in verb.children)
        )
        if not places and headlinese and prep is None:
            # "A hands X glacier to B": headlinese the parser reads with the place as an
            # apposition of the verb and the giver as its compound.
            places = [
                p
                for o in verb.children
                if o.dep_ in {"appos", "npadvmod", "attr", "oprd"} and o.i > verb.i
                for p in _places(o)
            ]
        givers = [c for c in verb.children if c.dep_ == "nsubj"]
        if not givers and headlinese:
            givers = [c for c in verb.children if c.dep_ == "compound" and c.i == verb.i - 1]
        if not givers and verb.dep_ in {"xcomp", "advcl"}:  # "Armenia is to return ..."
            givers = [c for c in verb.head.children if c.dep_ == "nsubj"]
        if not places and verb.dep_ in {"advcl", "conj"} and _described_object(verb):
            # "withdrew from the Sinai peninsula, leaving the desert to Egypt", "completed its
            # withdrawal from X, returning the resort to Y": the place pulled out of.
            places = _pulled_out_of(verb.head)
        # "The peace deal gives Sarajevo to the federation": an agreement gives nothing itself.
        givers = [g for g in givers if not signed.is_agreement_head(g)]
        giver = entities.actor_phrase(givers[0]) if givers else None
    if not places:
        # "Three villages were handed over to Y on Friday – A, B and C": the list after a dash.
        heads = subjects if passive or headline else [c for c in verb.children if c.dep_ == "dobj"]
        if any(h.tag_ == "NNS" and h.lower_ in entities.PLACE_NOUNS for h in heads):
            places = _dash_list(sent, verb)
    if not places and verb.dep_ in {"acl", "relcl"}:
        # "Lachin, the last of three districts handed back to Azerbaijan, ..."
        places, main = _counted(verb)
        if main is not None:
            planned = _planned(main)
            confidence = CONF_PLANNED if planned else CONF_HANDOVER
    places = [p for p in places if p.label != state.label]
    if state is _UNKNOWN:
        confidence = min(confidence, CONF_STORY_STATE)
    schedule = list(_schedule(sent, verb)) if places else []
    dated = {p.label: e for p, e in schedule}
    for n, place in enumerate(places):
        record = _record(sent, place, state, verb, confidence, from_party=giver, planned=planned)
        if place.label in dated:
            # "X, Y and Z will be returned in stages: X by D1, Y by D2 and Z by D3"
            record = replace(record, date=dated[place.label])
        if n < len(places) - 1:
            # "Shushi, Agdam, Kelbajar and Lachin ..., with the exception of a corridor":
            # the exception belongs to the place named last.
            record = replace(record, exceptions=())
        yield record
    if places:
        # "return Kelbajar to Azerbaijan by Nov. 15, Agdam by Nov. 20 and Lachin by Dec. 1"
        named = {p.label for p in places}
        for place, expr in schedule:
            if place.label not in named and place.label != state.label:
                named.add(place.label)
                yield replace(
                    _record(
                        sent, place, state, verb, confidence, from_party=giver, planned=planned
                    ),
                    date=expr,
                    exceptions=(),
                )


#: Nouns of a pull-out whose "from X" is the place a handover after it gives: "its withdrawal from X".
_WITHDRAW_NOUNS = frozenset(["withdrawal", "pullout", "pull-out", "evacuation", "retreat"])


def _described_object(verb: Token) -> bool:
    """Tell a handover whose object only describes the place: "the desert", "the resort"."""
    return any(
        o.dep_ == "dobj"
        and o.pos_ == "NOUN"
        and any(c.dep_ == "det" and c.lower_ == "the" for c in o.children)
        and not any(c.dep_ == "prep" and c.lower_ not in {"to", "into"} for c in o.children)
        for o in verb.children
    )


def _pulled_out_of(head: Token) -> list[Mention]:
    """Return X of "withdrew from X" / "completed its withdrawal from X" (``head`` the verb)."""
    if _lemma(head) in WITHDRAW_VERBS:
        froms = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "from"]
    else:
        froms = [
            c
            for o in head.children
            if o.dep_ == "dobj" and o.lemma_.lower() in _WITHDRAW_NOUNS
            for c in o.children
            if c.dep_ == "prep" and c.lower_ == "from"
        ]
    return [p for prep in froms for o in prep.children if o.dep_ == "pobj" for p in _places(o)]


_SCHEDULE_WORDS = frozenset(["by", "before", "on", "until", "in"])
_DASHES = frozenset(["-", "\u2013", "\u2014", ":", "--"])


def _dash_list(sent: Span, verb: Token) -> list[Mention]:
    """Return the names listed after a dash or colon that ends the sentence: "... – A, B and C".

    Only a list of proper names (with commas and "and") to the sentence's end counts.
    """
    dash = next((t for t in sent if t.i > verb.i and t.text in _DASHES), None)
    if dash is None:
        return []
    rest = [t for t in sent if t.i > dash.i and not t.is_space]
    while rest and rest[-1].pos_ == "PUNCT":
        rest.pop()
    groups: list[list[Token]] = [[]]
    for tok in rest:
        if tok.text == "," or tok.lower_ in {"and", "&"}:
            if groups[-1]:
                groups.append([])
        elif tok.pos_ == "PROPN" or (tok.text[:1].isupper() and tok.is_alpha):
            groups[-1].append(tok)
        elif tok.lower_ == "the" or tok.text in {"-", "'s"}:
            continue
        else:
            return []
    groups = [g for g in groups if g]
    if len(groups) < 2:
        return []
    return [
        Mention(
            label=entities.place_label(tokens_text(g)),
            kind="Territory",
            start=g[0].idx,
            end=g[-1].idx + len(g[-1].text),
        )
        for g in groups
    ]


def _counted_land(obj: Token) -> list[Mention]:
    """Return "111 enclaves" / "the Indian enclaves" as a territory: land that needs no name."""
    if obj.lower_ not in TERRITORY_NOUNS or obj.tag_ != "NNS":
        return []
    owners = [c for c in obj.children if c.dep_ == "amod" and entities.state_of(c) is not None]
    counted = any(c.dep_ == "nummod" for c in obj.children)
    if not owners and not counted:
        return []
    toks = [*owners[:1], obj]
    return [
        Mention(
            label=" ".join(t.text for t in toks),
            kind="Territory",
            start=toks[0].idx,
            end=obj.idx + len(obj.text),
        )
    ]


def _reduced_passive(verb: Token, state: Mention) -> bool:
    """Tell a headline's passive without its auxiliary: "X handed back to Y", "X ceded to Y".

    The parser reads it as an active verb with X its subject and no object; a
    subject that is a country is a giver ("Britain handed over to China"), so only
    a place that is not a country is read as what was handed over.
    """
    if state is _UNKNOWN or verb.tag_ not in {"VBD", "VBN"} or verb.dep_ != "ROOT":
        return False
    if any(c.dep_ in {"dobj", "aux", "auxpass", "nsubjpass"} for c in verb.children):
        return False
    if _particle_prep(verb) is not None:
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(subjects) and all(
        s.pos_ == "PROPN" and gazetteer.country(tokens_text(entities.name_tokens(s))) is None
        for s in subjects
    )


def _schedule(sent: Span, verb: Token) -> Iterator[tuple[Mention, TimeExpr]]:
    """Yield the (place, date) pairs of a schedule after ``verb``: "..., Y by D2 and Z by D3".

    A pair is a proper name right after an earlier date of the list (a comma or "and"
    between), followed by "by" / "before" / "on" and its own date.
    """
    doc = sent.doc
    times = [(e, span) for e, span in times_in(sent) if span.start > verb.i]
    if times:
        # The first pair of a list after a colon: "in stages: X by D1, Y by D2".
        expr, span = times[0]
        word = doc[span.start - 1]
        toks: list[Token] = []
        i = word.i - 1
        while i > verb.i and doc[i].pos_ == "PROPN":
            toks.insert(0, doc[i])
            i -= 1
        if (
            word.lower_ in _SCHEDULE_WORDS
            and toks
            and doc[i].text in {":", ";", "\u2013", "\u2014"}
        ):
            yield (
                Mention(
                    label=entities.place_label(tokens_text(toks)),
                    kind="Territory",
                    start=toks[0].idx,
                    end=toks[-1].idx + len(toks[-1].text),
                ),
                expr,
            )
    for (_, before), (expr, span) in pairwise(times):
        word = doc[span.start - 1]
        if word.lower_ not in _SCHEDULE_WORDS:
            continue
        between = list(doc[before.end : word.i])
        while between and between[0].pos_ in {"PUNCT", "CCONJ"}:
            between.pop(0)  # ", " / " and " after the previous date
        if not between or between[-1].pos_ != "PROPN":
            continue
        if not all(t.pos_ in {"PROPN", "DET"} for t in between):
            continue
        toks = [t for t in between if t.pos_ == "PROPN"]
        mention = Mention(
            label=entities.place_label(tokens_text(toks)),
            kind="Territory",
            start=toks[0].idx,
            end=toks[-1].idx + len(toks[-1].text),
        )
        yield mention, expr


_ORDINALS = frozenset(
    ["first", "second", "third", "fourth", "fifth", "last", "latest", "final", "next"]
)


def _counted(verb: Token) -> tuple[list[Mention], Token | None]:
    """Return the place a running count names and the clause it sits in.

    "Lachin, the last of three districts handed back": the apposition's place;
    "Lachin became the last of three districts to be handed back": the subject.
    Also the noun the participle modifies when it is itself a named place.
    """
    noun = verb.head
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        noun = noun.head.head  # "the last of three districts"
    if noun.lower_ not in _ORDINALS and not any(c.lower_ in _ORDINALS for c in noun.children):
        return _places(verb.head), None
    if noun.dep_ == "appos":
        return _places(noun.head), noun.head.head
    if noun.dep_ == "attr":
        subjects = [c for c in noun.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        return [p for subj in subjects for p in _places(subj)], noun.head
    if noun.dep_ in {"npadvmod", "advmod", "oprd"} and noun.head.pos_ == "VERB":
        # "X handed over Y on Tuesday, the first of three islands to be returned to Z"
        main = noun.head
        objects = [c for c in main.children if c.dep_ in {"dobj", "nsubjpass"}]
        prep = _particle_prep(main)
        if prep is not None:
            objects += [c for c in prep.children if c.dep_ == "pobj"]
        return [p for o in objects for p in _places(o)], main
    return [], None


def _ceded_by(place_head: Token, verb: Token) -> tuple[bool, Mention | None]:
    """Find "X, a territory ceded by Z" next to an entered place: (ceded?, Z)."""
    candidates = [place_head, *place_head.children, *verb.children]
    for cand in candidates:
        for tok in [cand, *cand.children]:
            if tok.dep_ in {"acl", "relcl"} and _is_handover(tok):
                return True, _from_party(tok)
    return False, None


def _control_of(verb: Token) -> list[Token]:
    """Return X of "took (over) control of X", "assumed control over X"."""
    if _lemma(verb) not in CONTROL_VERBS:
        return []
    found = []
    for obj in verb.children:
        if obj.dep_ == "dobj" and obj.lower_ in {
            "control",
            "sovereignty",
            "possession",
            "jurisdiction",
            "administration",
            "ownership",
            "custody",
            "charge",
        }:
            for prep in obj.children:
                if prep.dep_ == "prep" and prep.lower_ in {"of", "over"}:
                    found += [p for p in prep.children if p.dep_ == "pobj"]
    return found


def _recovery(sent: Span, verb: Token) -> Iterator[Transferred]:
    lemma = _lemma(verb)
    if lemma == "take" and _particle(verb) in {"over", "back"}:
        lemma = "take over"  # "took back X": a taking, kept only in a story of handovers
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    objects = _control_of(verb) or [c for c in verb.children if c.dep_ == "dobj"]
    if not subjects or not objects:
        return
    state = _party(subjects[0])
    if state is None:
        return
    if lemma in RECEIVE_VERBS and not _control_of(verb):
        # "Pacific Western acquired Canadian Pacific Air Lines from CP": firms buy firms;
        # a state receives a place.
        if entities.state_of_phrase(subjects[0]) is None:
            return
        objects = [o for o in objects if o.ent_type_ != "ORG"]
    planned = _planned(verb)
    for obj in objects:
        from_party: Mention | None = None
        if lemma in ENTRY_VERBS:
            ceded, from_party = _ceded_by(obj, verb)
            # "Azerbaijani troops entered Kelbajar under the deal": entry by agreement.
            if not ceded and _agreement(verb) is None:
                continue
            confidence = CONF_ENTRY
        else:
            # "retook the city", "liberated the region", "took control of": a capture, no
            # transfer, unless the text puts it under an agreement ("regained the district
            # under the deal"), or what is taken is a legal title ("resumed sovereignty
            # over X", "took possession of X"), or the place is received ("received X").
            legal = _title_of(verb) or lemma in RECEIVE_VERBS
            confidence = CONF_PLANNED if planned else CONF_RECOVERY
            if not legal and _agreement(verb) is None and not _as_agreed(verb):
                confidence = CONF_IF_STORY
            from_party = _from_party(verb)
        for place in _places(obj):
            if place.label == state.label:
                continue
            yield _record(
                sent, place, state, verb, confidence, from_party=from_party, planned=planned
            )


def _title_of(verb: Token) -> bool:
    """Tell "resumed sovereignty over X" / "took possession of X" (a title, not force)."""
    if _lemma(verb) in {"assume", "resume"}:
        return True  # "assumed control of X": the formal word of a handover, not of a capture
    return any(
        o.dep_ == "dobj"
        and o.lower_ in {"sovereignty", "possession", "jurisdiction", "title", "ownership"}
        for o in verb.children
    )


def _as_agreed(verb: Token) -> bool:
    """Tell "took control of X as agreed" / "as provided by the treaty" from a capture."""
    return any(
        child.dep_ == "advcl"
        and any(c.lower_ == "as" for c in child.children)
        and child.lemma_.lower() in {"agree", "provide", "stipulate", "plan", "foresee"}
        for child in verb.children
    )


def _passing(sent: Span, verb: Token) -> Iterator[Transferred]:
    """ "Macau reverted to China", "the district passed to Azerbaijan": the territory is the subject."""
    state = _to_state(verb)
    if state is None:
        return
    # People return to places ("the minister returned to Paris"): a territory returns
    # to a state's rule ("returned to Chinese rule") or is a place named as such.
    ruled = any(
        pobj.lemma_.lower() in SOVEREIGNTY_NOUNS
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ in {"to", "into"}
        for pobj in prep.children
    )
    planned = _planned(verb)
    subjects = _subjects(verb, {"nsubj"})
    up = verb
    for _ in range(3):  # "it is due to return to Croatian control": up the chain
        if subjects or up.dep_ not in {"xcomp", "acomp"}:
            break
        up = up.head
        subjects = _subjects(up, {"nsubj"})
    for subj in subjects:
        if subj.lower_ == "it" and ruled:
            # "X was captured in 1991. Under the plan, it is due to return to Croatian
            # control": the place "it" stands for, in its sentence or as the subject before.
            for place in _it_subject_place(subj):
                if place.label != state.label:
                    confidence = CONF_PLANNED if planned else CONF_HANDOVER
                    yield _record(sent, place, state, verb, confidence, planned=planned)
            continue
        named = _named_of(subj) if subj.pos_ == "NOUN" else []
        if named and (ruled or _lemma(verb) != "return"):
            # "The British colony of Hong Kong reverted to China": the place after "of".
            for place in named:
                if place.label != state.label:
                    confidence = CONF_PLANNED if planned else CONF_HANDOVER
                    yield _record(sent, place, state, verb, confidence, planned=planned)
            continue
        if subj.pos_ == "NOUN" and _definite(subj) and (ruled or _lemma(verb) != "return"):
            # "The colony returned to Chinese rule": the place the story named.
            for place in _described(subj):
                if place.label != state.label:
                    yield _record(sent, place, state, verb, CONF_HANDOVER, planned=planned)
            continue
        if _lemma(verb) == "return" and not ruled and not is_place_name(subj):
            continue
        if _lemma(verb) == "return" and not ruled and _from_party(verb) is not None:
            continue  # "X returned to Lebanon from France": a journey back
        if _lemma(verb) == "return" and not ruled and _to_capital(verb):
            continue  # "Minister returns to Paris": people come back to capitals, land to states
        # Only a place named as such ("The delegation returned to Moscow" is no transfer);
        # the model tags some places as organisations ("Bakassi[ORG]").
        titled = subj.lemma_.lower() in SOVEREIGNTY_NOUNS - {"control"}
        # "Control of X passed to Y": a handover under an agreement; alone it may be a
        # capture, kept only in a story of handovers to Y (see extract).
        control = subj.lemma_.lower() == "control" and _lemma(verb) != "return"
        # "X returned to Egyptian control": only a place comes under a rule, whatever the
        # model's tag for a name it does not know ("X[PERSON]"); not a person's full name.
        ents = {"GPE", "LOC", "FAC", "ORG", ""} | ({"PERSON"} if ruled else set())
        # "The Tarvo islands passed to Finland": a place noun with its name.
        named_noun = (
            subj.pos_ == "NOUN"
            and subj.lower_ in entities.PLACE_NOUNS
            and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in subj.children)
        )
        if (
            not titled
            and not control
            and not named_noun
            and (subj.ent_type_ not in ents or subj.pos_ != "PROPN" or _person_name(subj))
        ):
            continue  # "Sovereignty over X passed to Y" names X through the title
        agreed = _agreement(verb) is not None or _as_agreed(verb)
        for place in _places(subj):
            if place.label != state.label:
                confidence = CONF_PLANNED if planned else CONF_HANDOVER
                if control and not agreed:
                    confidence = CONF_IF_STORY
                yield _record(sent, place, state, verb, confidence, planned=planned)


def _it_subject_place(pronoun: Token) -> list[Mention]:
    """Return the place a subject "it" stands for: the last place named before it in its
    sentence, else the subject of the sentence before when that is a place and no country."""
    near = _antecedent_place(pronoun)
    if near:
        return near
    doc = pronoun.doc
    if pronoun.sent.start == 0:
        return []
    before = doc[pronoun.sent.start - 1].sent
    for tok in before:
        if (
            tok.dep_ in {"nsubj", "nsubjpass"}
            and tok.head.i == before.root.i
            and tok.pos_ == "PROPN"
            and is_place_name(tok)
            and gazetteer.country(tokens_text(entities.name_tokens(tok))) is None
        ):
            return list(entities.places_in(tok))[:1]
    return []


def _to_capital(verb: Token) -> bool:
    """Tell "returned to Paris": the "to" of ``verb`` names a capital city, not a state."""
    return any(
        gazetteer.country(text) is None and gazetteer.country_of_capital(text) is not None
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ == "to"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
        for text in [tokens_text(entities.name_tokens(pobj))]
    )


def _named_of(noun: Token) -> list[Mention]:
    """Return X of "the (British) colony of X", "the port of X": a place noun's named place."""
    if noun.lemma_.lower() in _NOT_PLACES or noun.lemma_.lower() in SOVEREIGNTY_NOUNS:
        return []
    return [
        p
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for o in prep.children
        if o.dep_ == "pobj" and is_place_name(o)
        for p in entities.places_in(o)
    ]


def _noun_planned(noun: Token) -> tuple[bool, Token | None]:
    """Return (planned?, governing verb) for a handover noun."""
    gov = next((a for a in noun.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    if gov is None:
        return False, None
    if gov.lemma_.lower() in _PLAN_VERBS or _planned(gov):
        return True, gov
    return False, gov


#: Verbs over a handover noun that report the handover itself: its date is the handover's.
_OCCURRENCE_VERBS = frozenset(
    [
        "take",
        "complete",
        "happen",
        "occur",
        "finalize",
        "finalise",
        "carry",
        "conclude",
        "proceed",
        "go",
        "be",
        "effect",
        "formalize",
        "formalise",
        "mark",
        "see",
        "witness",
        "follow",
        "come",
        "end",
    ]
)
#: Nouns of an event about a handover: "the anniversary of the handover".
_ABOUT_NOUNS = frozenset(["anniversary", "celebration", "commemoration", "jubilee"])


#: Handover nouns that also name a state's entry into a body: "accession to the WTO".
_MEMBERSHIP_NOUNS = frozenset(["accession", "admission", "entry", "integration"])


def _handover_noun(sent: Span, noun: Token) -> Iterator[Transferred]:
    """ "completed the handover of the Bakassi peninsula to Cameroon", "X's transfer to Y"."""
    of = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"]
    places = [p for prep in of for o in prep.children if o.dep_ == "pobj" for p in _places(o)]
    titles = [o for prep in of for o in prep.children if o.lemma_.lower() in SOVEREIGNTY_NOUNS]
    if not places and titles:
        # "the transfer of sovereignty over X to Y": the parser may hang "over X" on the noun.
        places = _places_after(noun, {"over"})
    owners = [c for c in noun.children if c.dep_ == "poss"]
    # "Britain's handover of Hong Kong": with an "of" place, the possessor is the giver.
    if not places and _to_state(noun) is not None:
        # "Hong Kong's return to China"; without a receiver, "Nigeria's upcoming transfer"
        # names the giver.
        places = [p for c in owners for p in _places(c)]
    if not places:
        # "the Hong Kong handover": the place as a compound of the noun.
        names = [
            c
            for c in noun.children
            if c.dep_ == "compound"
            and c.pos_ == "PROPN"
            # "EU accession", "German reunification": what is joined, not a place handed over
            and noun.lower_ not in {"accession", "reunification", "incorporation"}
        ]
        places = [p for c in names[-1:] for p in entities.places_in(c)]
    if noun.lower_ in _MEMBERSHIP_NOUNS:
        # "Bhutan's accession to the WTO": a state joining a body is membership, not a
        # territory handed over ("a province's accession to a state" is one).
        places = [p for p in places if gazetteer.country(p.label) is None]
    if not places:
        return
    state = _to_state(noun)
    planned, gov = _noun_planned(noun)
    postponed = gov is not None and gov.lemma_.lower() in _POSTPONE_VERBS
    if state is None:
        # "completed the handover of X to Y": the parser may hang "to" under the place or
        # on the verb the noun is the object of.
        for prep in of:
            for pobj in prep.children:
                state = state or _to_state(pobj)
        if state is None and gov is not None and noun.dep_ == "dobj" and noun.head.i == gov.i:
            state = _to_state(gov)
        if state is None:
            state = _to_right_after(noun)
        if state is None and noun.lower_ == "reunification":
            # "the reunification of X with Y"
            state = _to_state(noun, frozenset(["with"])) or next(
                (_to_state(p, frozenset(["with"])) for prep in of for p in prep.children), None
            )
    if gov is not None and _negated(gov):
        return
    confidence = CONF_PLANNED if planned else CONF_NOUN
    if state is None:
        # "the return of Walvis Bay": the receiver comes from the story (see extract).
        state, confidence = _UNKNOWN, min(confidence, CONF_STORY_STATE)
    giver = _from_party(noun)
    if giver is None and of and owners:
        giver = entities.actor_phrase(owners[0])
    anchors = (gov,) if gov is not None else ()
    # "celebrated the return of X on Friday", "the anniversary of the handover": the date
    # of another event about the handover, not the handover's own.
    about = any(a.lemma_.lower() in _ABOUT_NOUNS for a in noun.ancestors) or (
        gov is not None
        and gov.lemma_.lower() not in _OCCURRENCE_VERBS | _PLAN_VERBS | _POSTPONE_VERBS
    )
    if about:
        anchors = ()
    for place in places:
        if place.label != state.label:
            record = _record(
                sent,
                place,
                state,
                noun,
                confidence,
                from_party=giver,
                planned=planned,
                date_anchors=anchors,
            )
            if about and record.date is not None:
                on_noun = attached_times(sent, {noun.i}, fallback=False)
                record = replace(record, date=on_noun[0][0] if on_noun else None)
            if postponed and gov is not None:
                # The new date is the one it is put off until, not the day of the decision.
                until = [
                    e
                    for e, span in times_in(sent)
                    if span.start > 0 and sent.doc[span.start - 1].lower_ in {"until", "till", "to"}
                ]
                record = replace(
                    record,
                    cue=f"{record.cue} {gov.text.lower()}",
                    date=until[0] if until else record.date,
                )
            yield record


def _annexed(sent: Span, verb: Token) -> Iterator[Transferred]:
    """ "signed a treaty to annex X into Y", "the treaty annexing X to Y": a transfer by agreement."""
    under = verb.dep_ == "acl" and signed.is_agreement_head(verb.head)
    signing = verb.head
    if verb.dep_ in {"xcomp", "advcl", "acl"} and signing.lemma_.lower() in signed.SIGNING_VERBS:
        under = under or any(
            c.dep_ == "dobj" and signed.is_agreement_head(c) for c in signing.children
        )
    if verb.dep_ == "acl" and signed.is_agreement_head(verb.head):
        signing = verb.head.head
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if passive and _lemma(verb) != "annex" and not under:
        # "X was incorporated into Y": a change of title; "annexed" alone may be by force.
        state = _to_state(verb, frozenset(["to", "into"]))
        if state is None:
            return
        planned = _planned(verb)
        for subj in _subjects(verb, {"nsubjpass"}):
            for place in _places(subj):
                if place.label != state.label:
                    confidence = CONF_PLANNED if planned else CONF_RECOVERY
                    yield _record(sent, place, state, verb, confidence, planned=planned)
        return
    if not under and _agreement(verb) is None:
        if _signed_in(sent) and not passive:
            # "Russia formally annexed X on Tuesday after signing a treaty with its leaders"
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            state = entities.state_of_phrase(subjects[0]) if subjects else None
            for obj in verb.children:
                if obj.dep_ == "dobj" and state is not None:
                    for place in _places(obj):
                        if place.label != state.label:
                            yield _record(sent, place, state, verb, CONF_RECOVERY)
        return
    state = _to_state(verb, frozenset(["to", "into"]))
    if state is None:
        return
    for obj in verb.children:
        if obj.dep_ != "dobj":
            continue
        for place in _places(obj):
            if place.label != state.label:
                yield _record(sent, place, state, verb, CONF_HANDOVER, date_anchors=(signing,))


def _signed_in(sent: Span) -> bool:
    """Tell a sentence that reports a treaty or agreement signed (not planned)."""
    for tok in sent:
        if (
            tok.lemma_.lower() == "sign"
            and tok.pos_ == "VERB"
            and not _negated(tok)
            and any(signed.is_agreement_head(c) for c in tok.children if c.dep_ == "dobj")
        ):
            return not _planned(tok)
    return False


#: Nouns of rule over a place: "sovereignty over X", "control of X".
SOVEREIGNTY_NOUNS = frozenset(
    [
        "sovereignty",
        "control",
        "administration",
        "jurisdiction",
        "rule",
        "possession",
        "custody",
        "authority",
        "ownership",
    ]
)
#: Nouns of a part of a place: "the last third of the Sinai", "the rest of the district".
_PARTITIVE = frozenset(
    [
        "part",
        "half",
        "third",
        "quarter",
        "rest",
        "remainder",
        "portion",
        "section",
        "bulk",
        # measures: "the last square miles of the Sinai", "the final 40 acres of X"
        "mile",
        "kilometre",
        "kilometer",
        "yard",
        "acre",
        "hectare",
        "piece",
        "sliver",
        "patch",
        "stretch",
    ]
)
#: Nouns of the parts around a place: "the suburbs of Sarajevo".
_OUTSKIRTS = frozenset(["suburb", "suburbs", "outskirts", "environs", "hinterland"])
#: Words of a name that only say what kind of place follows: "the Republic of X".
_KIND_OF_PLACE = frozenset(["republic", "autonomous", "kingdom", "emirate", "state", "city"])


def _places_after(head: Token, preps: set[str]) -> list[Mention]:
    """The places named by the objects of ``head``'s prepositions in ``preps``."""
    return [
        p
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ in preps
        for o in prep.children
        if o.dep_ == "pobj"
        for p in _places(o)
    ]


def _places(head: Token) -> list[Mention]:
    """Return the places a noun phrase names, "the Republic of Crimea" as Crimea.

    "Sovereignty over X", "control of X" name X: the noun itself is never a place.
    """
    if head.lemma_.lower() in SOVEREIGNTY_NOUNS:
        found = _places_after(head, {"over", "of", "in"})
        over = head.dep_ == "pobj" and head.head.lower_ in _PREP_PARTICLES  # "handing over control"
        gov = head.head.head if over else head.head
        if (
            not found
            and (head.dep_ == "dobj" or over)
            and gov.pos_ == "VERB"
            and _is_handover(gov)
            and _definite_or_bare(head)
        ):
            # "troops pulled out of X, handing control to Y": control of the place just left
            found = _left_place(head)
        return found
    if head.lemma_.lower() in _OUTSKIRTS:
        # "the suburbs of Sarajevo": the named place they belong to.
        return _places_after(head, {"of"})
    if head.lemma_.lower() in _PARTITIVE:
        # "the last third of the Sinai", "the rest of the district": the place of the part.
        return _places_after(head, {"of"})
    if head.lower_ == "it" and head.dep_ in {"dobj", "nsubjpass"}:
        # "withdrew from Sinai, handing it back to Egypt": the place named before it.
        return _antecedent_place(head)
    if head.lower_ in _KIND_OF_PLACE and head.pos_ == "PROPN":
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                inner = [p for o in prep.children if o.dep_ == "pobj" for p in _places(o)]
                if inner:
                    return inner
    found = list(entities.places_in(head))
    if not found and head.pos_ == "NOUN" and head.lemma_.lower() not in _NOT_PLACES:
        # "the disputed resort of Taba", "the port city of X": a noun of the place named.
        found = [
            p
            for prep in head.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for o in prep.children
            if o.dep_ == "pobj" and o.pos_ == "PROPN" and o.ent_type_ in _PLACE_ENTS
            for p in entities.places_in(o)
        ]
    return found or _described(head)


#: Nouns whose "of X" is not a place that changes hands: "the people of X", "the control of".
_NOT_PLACES = frozenset(
    [
        "people",
        "resident",
        "citizen",
        "population",
        "prisoner",
        "body",
        "remains",
        "inhabitant",
        "government",
        "president",
        "leader",
        "army",
        "force",
        "troop",
        "embassy",
        "ambassador",
        "capital",
        "flag",
        "key",
        "keys",
        "archive",
        "property",
        "asset",
        "border",
    ]
)


#: Entity types of a place a pronoun or a description may stand for.
_PLACE_ENTS = frozenset(["GPE", "LOC", "FAC"])
#: Prepositions after which a proper name is a place: "out of X", "from X", "over X".
_PLACE_PREPS = frozenset(["from", "of", "in", "over", "into", "at"])


#: Verbs whose "over" is a particle the parser may take for a preposition: "hand over X".
_OVER_VERBS = frozenset(["hand", "turn", "give", "sign", "take", "pass"])


def _person_name(tok: Token) -> bool:
    """Tell a person's name ("Abu Marzuk was returned to Jordan"): tagged a person, a first
    name and a surname, and no place the gazetteer knows."""
    if tok.pos_ != "PROPN" or tok.ent_type_ != "PERSON":
        return False
    text = tokens_text(entities.name_tokens(tok))
    if len(text.split()) > 1:
        return gazetteer.place(text) is None
    # One word tagged a person ("handing over Saddam to the authorities"): a person too,
    # unless the gazetteer or the article elsewhere knows it as a place ("Ruhnu").
    return gazetteer.place(text) is None and not any(
        e.label_ in _PLACE_ENTS and e.text == text for e in tok.doc.ents
    )


def is_place_name(tok: Token) -> bool:
    """Tell whether a proper noun names a place, though the model may have tagged it otherwise.

    The small model tags names it does not know as persons or organisations
    ("Ruhnu[PERSON]"). A name counts as a place when it is tagged as one, when
    the document tags the same words as a place elsewhere, when it follows a
    preposition of place ("out of X", "over X"), or when the gazetteer knows it
    as a place and the document never uses it as a person's name with a title or
    first name before it.
    """
    if tok.pos_ != "PROPN" or tok.ent_type_ in entities.NOT_PLACE_ENTS:
        return False
    if tok.ent_type_ in _PLACE_ENTS:
        return True
    text = tokens_text(entities.name_tokens(tok))
    doc = tok.doc
    if any(e.label_ in _PLACE_ENTS and e.text == text for e in doc.ents):
        return True
    if (
        tok.dep_ == "pobj"
        and tok.head.lower_ in _PLACE_PREPS
        # "handing over Saddam to the authorities": a verb's particle, not "over X"
        and not (
            tok.ent_type_ == "PERSON"
            and tok.head.lower_ == "over"
            and _lemma(tok.head.head) in _OVER_VERBS
        )
    ):
        return True
    if tok.ent_type_ == "PERSON" and len(text.split()) > 1:
        return False  # "Jimmy Carter": a first name and a surname
    return gazetteer.place(text) is not None


def _antecedent_place(pronoun: Token, *, states: bool = True) -> list[Mention]:
    """Return the place "it" stands for: the last place named before it in its sentence.

    A subject ("Israel completed its withdrawal") is the giver, not what is given;
    a place in the pronoun's own clause or after it is never its antecedent (nor,
    without ``states``, a place something goes "to").
    """
    sent = pronoun.sent
    return _last_place(pronoun, pronoun.doc[sent.start : pronoun.i], states=states)


def _received_or_moved_to(tok: Token) -> bool:
    """Tell the receiver of a handover ("hand X to China") or where something moved
    ("from X to Malta") from a place merely gone to ("tourists going to X")."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in {"to", "into"}:
        return False
    gov = tok.head.head
    if _is_handover(gov) or gov.lower_ in HANDOVER_NOUNS:
        return True
    # "moved its seat from X to Malta": "from" on the verb or on its object.
    heads = {gov.i, *(c.i for c in gov.children if c.dep_ == "dobj")}
    return any(t.dep_ == "prep" and t.lower_ == "from" and t.head.i in heads for t in gov.subtree)


def _last_place(anchor: Token, tokens: Span, *, states: bool = True) -> list[Mention]:
    """Return the last place named in ``tokens`` that is no subject and not in ``anchor``'s
    clause; without ``states``, no receiver either ("hand X to China. The territory ...":
    the territory is X, not the state it goes to)."""
    for tok in reversed(tokens):
        named_noun = (
            tok.pos_ == "NOUN"
            and tok.lower_ in entities.PLACE_NOUNS
            and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children)
        )  # "withdrew from the Ilemi triangle, leaving it to Y"
        if (tok.pos_ != "PROPN" and not named_noun) or tok.dep_ == "compound":
            continue
        # "agreed to return Kelvar[ORG] to Y. The district ...": what a handover verb
        # moves is a place, whatever the model's tag.
        moved = tok.dep_ in {"dobj", "nsubjpass"} and _is_handover(tok.head)
        if (not named_noun and not moved and not is_place_name(tok)) or tok.dep_ == "poss":
            continue  # "Britain's last governor": an owner, not the place
        first = tok
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head  # "China and Britain met": Britain is a subject too
        if first.dep_.startswith("nsubj") or tok.head.i == anchor.head.i:
            continue
        if not states and _received_or_moved_to(first):
            continue
        return list(entities.places_in(tok))[:1]
    return []


#: Nouns of a place that changes hands, beside entities.PLACE_NOUNS.
_MORE_PLACE_NOUNS = frozenset(["colony", "exclave", "waterway", "canal", "archipelago"])


def _left_place(head: Token) -> list[Mention]:
    """Return the place named "from X" / "out of X" last before ``head`` in its sentence."""
    for tok in reversed(head.doc[head.sent.start : head.i]):
        if tok.dep_ == "pobj" and tok.head.lower_ in {"from", "of"}:
            if tok.head.lower_ == "of" and tok.head.head.lower_ != "out":
                continue
            places = [
                p for p in entities.places_in(tok) if is_place_name(tok) or tok.pos_ == "NOUN"
            ]
            if places:
                return places[:1]
    return []


def _definite_or_bare(head: Token) -> bool:
    """Tell "control" / "the control" from "their control", "some control"."""
    mods = [c.lower_ for c in head.children if c.dep_ in {"det", "poss"}]
    return mods in ([], ["the"])


def _definite(head: Token, *, adjectives: bool = False) -> bool:
    """Tell "the territory" (a place the story named) from "a territory" or "their district";
    with ``adjectives``, "the tiny territory" too (not "the Palestinian territory")."""
    mods = [c for c in head.children if c.dep_ in {"det", "poss", "amod", "compound", "nummod"}]
    if adjectives:
        mods = [c for c in mods if c.dep_ != "amod" or not c.is_lower or c.pos_ != "ADJ"]
    return [c.lower_ for c in mods] == ["the"]


#: Descriptions that may stand for a sovereign state: "the country".
_STATE_NOUNS = frozenset(["country", "state", "nation", "kingdom", "republic"])


def _described(head: Token) -> list[Mention]:
    """Return the named place a definite description stands for: "the canal" for "the Panama Canal".

    Only "the" + a bare noun, and only when the article named before it exactly one
    place that ends in that noun ("the Panama Canal", "the Bakassi peninsula").
    """
    if head.pos_ not in {"NOUN", "PROPN"} or head.lower_ in SOVEREIGNTY_NOUNS:
        return []
    mods = [c for c in head.children if c.dep_ not in {"prep", "punct", "acl", "relcl"}]
    # "the vital waterway": adjectives only describe; "their district", "a town" name none.
    described = [c.lower_ for c in mods if c.dep_ != "amod"] == ["the"]
    if not [c for c in mods if c.dep_ != "amod"] and head.dep_ in {"dobj", "nsubjpass", "nsubj"}:
        # Headlinese drops the article: "Nigeria to hand over peninsula to Cameroon".
        return _headline_described(head)
    if not described:
        return []
    generic = head.lower_ in entities.PLACE_NOUNS or head.lower_ in _MORE_PLACE_NOUNS
    # "completing the handover of the island to Y": the object of a handover noun too.
    of_handover = (
        head.dep_ == "pobj"
        and head.head.lower_ == "of"
        and (
            head.head.head.lower_ in HANDOVER_NOUNS | SOVEREIGNTY_NOUNS
            or _gerund_noun(head.head.head)
        )
    )
    if generic and (head.dep_ in {"dobj", "nsubjpass", "nsubj"} or of_handover):
        # "ended its rule over Hong Kong, handing the territory to China"
        # "moved from X to Malta after the treaty to hand the colony back": a
        # place something goes to is no colony handed over.
        near = _antecedent_place(head, states=head.lower_ in _STATE_NOUNS)
        named_noun = any(
            t.lemma_.lower() == head.lemma_.lower()
            and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in t.children)
            for t in head.doc[: head.left_edge.i]
        )  # "the Panama Canal ... the canal": the rule below, by the noun
        if not near and head.sent.start > 0 and not named_noun and _definite(head, adjectives=True):
            # "... Hong Kong ... . The territory was handed back to China": the sentence before.
            before = head.doc[head.sent.start - 1].sent
            near = _last_place(head, before, states=head.lower_ in _STATE_NOUNS)
        if near:
            return [replace(near[0], start=head.idx, end=head.idx + len(head.text))]
    if [c.lower_ for c in mods] != ["the"]:
        return []
    noun = head.lemma_.lower()
    found: dict[str, Mention] = {}
    for tok in head.doc[: head.left_edge.i]:
        if tok.lemma_.lower() != noun or tok.i == head.i:
            continue
        if not any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children):
            continue
        for place in entities.places_in(tok):
            found.setdefault(place.label, place)
    if len(found) != 1:
        return []
    (place,) = found.values()
    return [replace(place, start=head.idx, end=head.idx + len(head.text))]


def _headline_described(head: Token) -> list[Mention]:
    """Return the place a headline's bare place noun stands for: the one place the story
    names with that noun ("peninsula" for "the Bakassi peninsula" in the body)."""
    doc = head.doc
    if head.lower_ not in entities.PLACE_NOUNS or head.tag_ != "NN":
        return []
    if sentence_zone(doc, head.sent.start_char) is not Zone.HEADLINE:
        return []
    # A headline parsed again in sentence case sits in a Doc of its own: read the story's.
    story = doc.user_data.get(_agreements.SOURCE_DOC, doc)
    noun = head.lemma_.lower()
    found: dict[str, Mention] = {}
    for tok in story[:]:
        if tok.i <= head.i and story is doc:
            continue
        if tok.lemma_.lower() != noun or tok.pos_ != "NOUN":
            continue
        if sentence_zone(story, tok.sent.start_char) is Zone.HEADLINE:
            continue
        for place in entities.places_in(tok):
            found.setdefault(place.label, place)
    if len(found) != 1:
        return []
    (place,) = found.values()
    return [replace(place, start=head.idx, end=head.idx + len(head.text))]


def _joined(sent: Span, part: Token) -> Iterator[Transferred]:
    """ "X became part of Y", "X is considered adopted as part of Y"."""
    state = next(
        (
            entities.state_of_phrase(o)
            for prep in part.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for o in prep.children
            if o.dep_ == "pobj"
        ),
        None,
    )
    if state is None:
        return
    objects = [o for prep in part.children if prep.dep_ == "prep" for o in prep.children]
    if any(c.dep_ == "cc" and c.lower_ == "or" for t in (part, *objects) for c in t.children):
        return  # "whether X should become part of Y or an independent state": left open
    verb = part.head.head if part.dep_ == "pobj" and part.head.lower_ == "as" else part.head
    small = part.dep_ in {"ccomp", "xcomp", "oprd", "dobj"} and _lemma(verb) == "make"
    if (_lemma(verb) not in JOINING_VERBS and not small) or _negated(verb):
        return
    subjects = _subjects(verb, {"nsubj", "nsubjpass"})
    if small:
        # "a treaty making Crimea part of Russia": the place is the subject of "part".
        subjects = [
            c
            for c in [*part.children, *verb.children]
            if c.dep_ in {"nsubj", "dobj"}
            or (c.dep_ in {"nmod", "compound", "amod"} and c.i < part.i and c.pos_ == "PROPN")
        ]
        subjects = [c for c in subjects if c.i != part.i]
    if not subjects and verb.dep_ == "xcomp":  # "X is considered to be adopted as part of Y"
        subjects = _subjects(verb.head, {"nsubj", "nsubjpass"})
    # "is considered to be adopted as part of Y" is done; "will become part of Y" is not.
    planned = any(
        c.dep_ == "aux" and c.lower_ in {"will", "shall", "would", "must", "should"}
        for v in (verb, verb.head)
        for c in v.children
    )
    for subj in subjects:
        for place in _places(subj):
            if place.label != state.label:
                confidence = CONF_PLANNED if planned else CONF_RECOVERY
                yield _record(sent, place, state, verb, confidence, planned=planned)


def _exchanged(sent: Span, verb: Token) -> Iterator[Transferred]:
    """ "India and Bangladesh exchanged 162 enclaves": each state receives the other's."""
    subjects = _subjects(verb, {"nsubj"})
    if not subjects and verb.dep_ in {"xcomp", "advcl"}:
        subjects = _subjects(verb.head, {"nsubj"})
    # "A and B exchanged ...", "A exchanged ... with B"
    objects = [o for o in verb.children if o.dep_ == "dobj"]
    withs = [
        t
        for prep in [*verb.children, *(c for o in objects for c in o.children)]
        if prep.dep_ == "prep" and prep.lower_ == "with"
        for t in prep.subtree
    ]
    states = entities.states_in([*(t for s in subjects for t in s.subtree), *withs])
    if not states and len(subjects) == 1:
        states = signed.group_reference(subjects[0])  # "the two countries swapped enclaves"
    if len(states) != 2:  # among three or more, who receives what is not said
        return
    objects = [o for o in verb.children if o.dep_ == "dobj" and o.lower_ in TERRITORY_NOUNS]
    planned = _planned(verb) or (verb.dep_ in {"xcomp", "advcl"} and _planned(verb.head))
    planned = planned or any(
        c.dep_ == "aux" and c.lower_ in {"will", "shall"} for c in verb.head.children
    )
    for obj in objects:
        place = Mention(
            label=obj.lower_, kind="Territory", start=obj.idx, end=obj.idx + len(obj.text)
        )
        for state in states:
            confidence = CONF_PLANNED if planned else CONF_RECOVERY
            yield _record(sent, place, state, verb, confidence, planned=planned)


def _flag_places(prep: Token) -> list[Mention]:
    found = []
    for p in [prep, *(c for c in prep.children if c.dep_ == "conj" and c.pos_ == "ADP")]:
        for pobj in p.children:
            if pobj.dep_ != "pobj":
                continue
            places = list(entities.places_in(pobj))
            if not places and pobj.pos_ == "PROPN":  # "at Rafa[PERSON]": after "at", a place
                toks = entities.name_tokens(pobj)
                places = [
                    Mention(
                        label=entities.place_label(tokens_text(toks)),
                        kind="Territory",
                        start=toks[0].idx,
                        end=toks[-1].idx + len(toks[-1].text),
                    )
                ]
            found += places
    return found


def _flags(sent: Span) -> Iterator[Transferred]:
    """ "the Egyptians raised their flag at X": kept only in a story of handovers to them."""
    for verb in sent:
        # "the Chinese flag flies over Macau", "... went up over X": the flag is the subject.
        rising = _lemma(verb) == "fly" or (_lemma(verb) == "go" and _particle(verb) == "up")
        if (_lemma(verb) not in {"raise", "hoist", "run"} and not rising) or _negated(verb):
            continue
        flag_deps = {"nsubj"} if rising else {"dobj", "nsubjpass"}
        if not any(c.dep_ in flag_deps and c.lemma_.lower() == "flag" for c in verb.children):
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and not rising]
        owners = [
            o
            for c in verb.children
            if c.lemma_.lower() == "flag"
            for o in c.children
            if o.dep_ in {"amod", "poss", "compound"}
        ]
        state = next(
            (
                s
                for s in (entities.state_of_phrase(t) for t in [*subjects, *owners])
                if s is not None
            ),
            None,
        )
        if state is None:
            continue
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in {"at", "over", "in", "on"}:
                for place in _flag_places(prep):
                    if place.label != state.label:
                        yield _record(sent, place, state, verb, CONF_IF_STORY)


def _from_sentence(sent: Span) -> Iterator[Transferred]:
    for tok in sent:
        if tok.lower_ == "part" and tok.pos_ == "NOUN":
            yield from _joined(sent, tok)
            continue
        if tok.lower_ in HANDOVER_NOUNS and tok.pos_ in {"NOUN", "PROPN"}:
            yield from _handover_noun(sent, tok)
            continue
        if _gerund_noun(tok):
            yield from _handover_noun(sent, tok)
            continue
        if _split_handover(tok):  # "the hand-over of X", tokenized "hand - over"
            yield from _handover_noun(sent, tok)
            continue
        if tok.lower_ == "hands" and tok.pos_ == "NOUN":
            yield from _hands_noun(sent, tok)
            continue
        if tok.pos_ not in {"VERB", "AUX"} or _negated(tok):
            continue
        lemma = _lemma(tok)
        if tok.dep_ == "amod":
            continue  # "the ceded districts": no receiver in the clause
        if lemma in PASSING_VERBS and not any(
            c.dep_ in {"dobj", "nsubjpass", "auxpass"} for c in tok.children
        ):
            yield from _passing(sent, tok)
        elif _is_handover(tok):
            yield from _handover(sent, tok)
        elif (
            lemma in RECOVERY_VERBS
            or (lemma == "take" and _particle(tok) in {"over", "back"})
            or lemma in ENTRY_VERBS
            or _control_of(tok)
            or (lemma in RECEIVE_VERBS and _from_party(tok) is not None)
        ):
            yield from _recovery(sent, tok)
        elif lemma in ANNEX_VERBS:
            yield from _annexed(sent, tok)
        elif lemma in EXCHANGE_VERBS:
            yield from _exchanged(sent, tok)
        elif lemma == "come":
            yield from _came_under(sent, tok)
        elif lemma == "become":
            yield from _became_territory(sent, tok)
        elif lemma == "join":
            yield from _joined_state(sent, tok)
        elif lemma in {"withdraw", "pull"} and _agreement(tok) is not None:
            yield from _withdrawal(sent, tok)


def _split_handover(tok: Token) -> bool:
    """Tell "over" of "hand-over" / "hand over" used as a noun ("the formal hand-over of X")."""
    doc = tok.doc
    if tok.lower_ != "over" or tok.pos_ != "NOUN" or tok.i < 2:
        return False
    before = [doc[tok.i - 2].lower_, doc[tok.i - 1].lower_]
    return before == ["hand", "-"] or doc[tok.i - 1].lower_ == "hand"


def _gerund_noun(tok: Token) -> bool:
    """Tell "the handing over of X (to Y)": a gerund of a handover verb with an "of" object."""
    if tok.pos_ != "NOUN" or not tok.lower_.endswith("ing"):
        return False
    verb = {"handing": "hand", "giving": "give", "turning": "turn"}.get(tok.lower_)
    prt = next((c.lower_ for c in tok.children if c.lower_ in _PREP_PARTICLES), "")
    if verb is None or (verb, prt) not in HANDOVER_VERBS:
        return False
    return any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)


#: Nouns of land a place becomes: "X became Egyptian territory again", "a region of Y",
#: "new subjects of the federation".
_LAND_NOUNS = frozenset(
    ["territory", "soil", "land", "subject", "subjects", "region", "province", "oblast"]
)


def _places_pass(
    sent: Span, verb: Token, places: Iterable[Mention], state: Mention, done: float = CONF_HANDOVER
) -> Iterator[Transferred]:
    """Records of ``places`` passing to ``state`` by ``verb``: planned when the verb is, else
    with confidence ``done``; a place never passes to itself."""
    planned = _planned(verb)
    confidence = CONF_PLANNED if planned else done
    for place in places:
        if place.label != state.label:
            yield _record(sent, place, state, verb, confidence, planned=planned)


def _became_territory(sent: Span, verb: Token) -> Iterator[Transferred]:
    """ "At midnight X became Estonian territory": the state of the land it became."""
    if _negated(verb):
        return
    for attr in verb.children:
        if attr.dep_ != "attr" or attr.lower_ not in _LAND_NOUNS:
            continue
        if any(c.lower_ in {"independent", "sovereign", "own"} for c in attr.children):
            continue  # "became an independent region": no state took it
        state = entities.state_of_phrase(attr)
        if state is None:
            continue
        for subj in _subjects(verb, {"nsubj"}):
            yield from _places_pass(sent, verb, _places(subj), state)


def _joined_state(sent: Span, verb: Token) -> Iterator[Transferred]:
    """ "The province joined the federation": a place that is no state joins a state (states join alliances)."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    state = entities.state_of_phrase(objects[0]) if objects else None
    if state is None or _negated(verb):
        return
    # "Paris should join Ankara in a mediation effort": a partner in an act,
    # not a state a place becomes part of.
    if any(
        p.dep_ == "prep" and p.lower_ == "in" and any(o.pos_ == "NOUN" for o in p.children)
        for p in verb.children
    ):
        return
    for subj in _subjects(verb, {"nsubj"}):
        if not is_place_name(subj):
            continue
        name = tokens_text(entities.name_tokens(subj))
        if gazetteer.country(name) is not None or gazetteer.country_of_capital(name) is not None:
            continue  # "Sweden joined Finland in ...": two states side by side
        yield from _places_pass(sent, verb, _places(subj), state, CONF_RECOVERY)


def _hands_noun(sent: Span, noun: Token) -> Iterator[Transferred]:
    """ "Latvia hands over Ruhnu (to Estonia)": headlinese the model reads as a noun "hands"
    with the state as its compound; the giver is that state, the place the object of "over"."""
    givers = [
        c for c in noun.children if c.dep_ in {"compound", "amod", "nmod"} and c.i == noun.i - 1
    ]
    giver = entities.state_of(givers[0]) if givers else None
    if giver is None:
        return
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"over", "back"} or prep.i != noun.i + 1:
            continue
        places = [p for o in prep.children if o.dep_ == "pobj" for p in _places(o)]
        state = _to_state(noun) or next(
            (s for o in prep.children for s in [_to_state(o)] if s is not None), None
        )
        for place in places:
            if place.label != giver.label:
                yield Transferred(
                    territory=place,
                    state=state or _UNKNOWN,
                    cue=f"hands {prep.lower_}",
                    evidence=evidence(sent),
                    confidence=CONF_HANDOVER if state else CONF_STORY_STATE,
                    from_party=giver,
                )


def _came_under(sent: Span, verb: Token) -> Iterator[Transferred]:
    """ "Hong Kong came under Chinese rule at midnight": a title, not mere control."""
    rules = [
        o
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ == "under"
        for o in prep.children
        if o.dep_ == "pobj" and o.lemma_.lower() in SOVEREIGNTY_NOUNS - {"control", "custody"}
    ]
    state = next((s for s in map(entities.state_of_phrase, rules) if s is not None), None)
    if state is None:
        return
    for subj in _subjects(verb, {"nsubj"}):
        yield from _places_pass(sent, verb, _places(subj), state)


def _withdrawal(sent: Span, verb: Token) -> Iterator[Transferred]:
    """ "Under the agreement, Israel will withdraw from Taba on March 15": a handover of the
    place the giver leaves; the receiver comes from the agreement or the story."""
    givers = [c for c in verb.children if c.dep_ == "nsubj"]
    giver = entities.state_of_phrase(givers[0]) if givers else None
    if giver is None:
        return
    planned = _planned(verb)
    places = [
        p
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ == "from"
        for o in prep.children
        if o.dep_ == "pobj"
        for p in _places(o)
    ]
    for place in places:
        if place.label != giver.label:
            confidence = CONF_PLANNED if planned else CONF_ENTRY
            yield _record(
                sent,
                place,
                _UNKNOWN,
                verb,
                min(confidence, CONF_STORY_STATE),
                from_party=giver,
                planned=planned,
            )


#: Words that make a story one of a handover: a taking in it is no capture.
_HANDOVER_STORY_NOUNS = frozenset(
    ["handover", "hand-over", "cession", "retrocession", "reversion", "reintegration"]
)


def _handover_story_states(doc: Doc, records: list[Transferred]) -> list[Mention]:
    """Return the states whose takings (``CONF_IF_STORY``) the story shows to be handovers.

    A taker is such a state when the article names a handover of land ("the
    handover", "the cession", "ceded", "handed over") with no receiver of its own.
    """
    # A taking still to come ("troops would take control of X") is no handover done.
    takers = {
        r.state.label: r.state for r in records if r.confidence == CONF_IF_STORY and not r.planned
    }
    if not takers:
        return []
    spoken = any(
        (
            (t.lower_ in _HANDOVER_STORY_NOUNS and t.pos_ in {"NOUN", "PROPN"})
            or (t.pos_ == "VERB" and _lemma(t) in {"cede", "relinquish"} and not _negated(t))
            or (
                t.pos_ == "VERB"
                and (_lemma(t), _particle(t)) in {("hand", "over"), ("hand", "back")}
                and not _negated(t)
            )
        )
        and _of_territory(t)
        for t in doc
    )
    # An agreement the taker signed is not enough: captures follow ceasefires too.
    return list(takers.values()) if spoken else []


def _of_territory(tok: Token) -> bool:
    """Tell a handover word whose object, if it names one, is land or a title ("the handover of
    the island", "handed over the town"), not people or things ("the handover of prisoners")."""
    objects = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
    objects += [
        o
        for prep in tok.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for o in prep.children
        if o.dep_ == "pobj"
    ]
    return all(
        o.pos_ == "PROPN"
        or o.lower_ in entities.PLACE_NOUNS
        or o.lower_ in entities.SITE_NOUNS
        or o.lemma_.lower() in SOVEREIGNTY_NOUNS
        or o.lower_ in {"it", "colony", "territory", "land"}
        for o in objects
    )


def _story_state(records: list[Transferred]) -> Mention | None:
    """Return the one state the article's transfers go to, if there is exactly one."""
    states = {r.state.label: r.state for r in records if r.state is not _UNKNOWN}
    return next(iter(states.values())) if len(states) == 1 else None


def _coming(doc: Doc, record: Transferred, day: str | None) -> Transferred:
    """Read "X returns to Danish rule in August" (a present, a month already past this
    year) as the coming August: a plan, not a handover done last year."""
    moved = _agreements.forward(doc, record.date, day, now=True)
    if moved is None or record.date is None or day is None:
        return record
    if moved.value == record.date.value:
        # "X, which reverts to Danish rule in 1999" (in a story of 1990): a
        # present with a date still to come is a plan.
        later = moved.value[:4].isdigit() and moved.value[:4] > day[:4]
        if not (later and _agreements.present(doc, moved)):
            return record
    return replace(
        record, date=moved, planned=True, confidence=min(record.confidence, CONF_PLANNED)
    )


def extract(doc: Doc) -> Iterator[Transferred]:
    """Yield a territory – transferred to – state record for every named place handed over.

    A handover whose clause names no receiver ("the district was ceded on 20
    November") takes the state every other transfer of the article goes to, and
    is dropped when the article names none or several.
    """
    records: list[Transferred] = []
    for sent in _agreements.sentences(doc):
        records += _flags(sent)
        seen: set[tuple[str, str]] = set()
        for record in _from_sentence(sent):
            key = (record.territory.label, record.state.label)
            if key in seen:
                continue
            seen.add(key)
            records.append(record)
    # A taking ("took over X", a flag raised at X) is a handover only in a story of
    # handovers to that state; in a war story it is a capture.
    receivers = {
        r.state.label.lower(): r.state
        for r in records
        if r.state is not _UNKNOWN and r.confidence != CONF_IF_STORY
    }
    # "Namibia took over Walvis Bay" in a story that speaks of the handover: a handover
    # with no other record to its state.
    for state in _handover_story_states(doc, records):
        receivers.setdefault(state.label.lower(), state)
    records = [
        r if r.confidence != CONF_IF_STORY else replace(r, state=receivers[r.state.label.lower()])
        for r in records
        if r.confidence != CONF_IF_STORY or r.state.label.lower() in receivers
    ]
    pub = doc._.article.published if doc._.article is not None else None
    day = pub.value if pub is not None and not pub.inferred else None
    records = [
        replace(r, date=_agreements.forward(doc, r.date, day))
        if r.planned
        else _coming(doc, r, day)
        for r in records
    ]
    receiver = _story_state(records)
    done: dict[tuple[str, str], Transferred] = {}
    for record in records:
        if record.state is _UNKNOWN:
            own = receiver or _other_party(doc, record) or _ruler(doc, record)
            if own is None or own.label == record.territory.label:
                continue
            receiver_here = own
            if record.from_party is not None and record.from_party.label == receiver_here.label:
                continue
            record = replace(record, state=receiver_here)
        key = (record.territory.label, record.state.label)
        old = done.get(key)
        if old is None:
            done[key] = record
        elif not record.planned and (old.planned or record.confidence > old.confidence):
            # "Armenia must hand X to Y" then "troops entered X on Wednesday": it happened;
            # "the return of X" then "Z handed X to Y in 1994": the clearer statement.
            done[key] = replace(
                record,
                from_party=record.from_party or old.from_party,
                agreement=record.agreement or old.agreement,
            )
        elif record.planned and old.planned and old.date is None and record.date is not None:
            # "agreed to hand X to Y", then "the territory will be returned on D": the plan's date.
            done[key] = replace(
                record,
                from_party=record.from_party or old.from_party,
                agreement=record.agreement or old.agreement,
            )
        elif _is_postponement(record) and record.date is not None:
            # "postponed until 25 November" moves the planned date and keeps the old one.
            kept = tuple(d for d in (*old.postponed_from, old.date) if d is not None)
            done[key] = replace(
                record, postponed_from=kept, from_party=record.from_party or old.from_party
            )
    for record in done.values():
        log.debug("transferred: %s to %s", record.territory.label, record.state.label)
        yield replace(record, evidence=_agreements.as_written(doc, record.evidence))


#: Verbs that end a rule: "ending 156 years of British rule" names the giver, not the receiver.
_ENDING = frozenset(["end", "close", "terminate", "finish"])


def _ruler(doc: Doc, record: Transferred) -> Mention | None:
    """Return the one state the article puts over a place as its new rule ("came under Chinese
    sovereignty", "Cameroonian administration"), for a handover whose receiver is not named.

    States of a rule that ends ("ending 156 years of British rule") and the giver do not count;
    with none or several, nothing is inferred.
    """
    found: dict[str, Mention] = {}
    for sent in _agreements.sentences(doc):
        for tok in sent:
            if tok.lemma_.lower() not in SOVEREIGNTY_NOUNS - {"control", "custody"}:
                continue
            if any(a.lemma_.lower() in _ENDING for a in tok.ancestors):
                continue
            if any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in tok.children):
                continue
            owners = [c for c in tok.children if c.dep_ in {"amod", "poss", "compound"}]
            for owner in owners:
                state = entities.state_of(owner)
                if state is not None:
                    found.setdefault(state.label, state)
    if record.from_party is not None:
        found.pop(record.from_party.label, None)
    found.pop(record.territory.label, None)
    return next(iter(found.values())) if len(found) == 1 else None


def _other_party(doc: Doc, record: Transferred) -> Mention | None:
    """Return the receiver an agreement names: the one other state party of the agreement
    the transfer happens under, when the giver is one of its two parties."""
    if record.from_party is None:
        return None
    giver = record.from_party.label
    deals = list(signed.extract(doc))
    if record.agreement is None and len({d.agreement.label for d in deals}) != 1:
        # Without "under the deal", only the one agreement the article reports will do.
        return None
    for deal in deals:
        states = {p.label: p for p in deal.parties if p.kind == "State"}
        if giver in states and len(states) == 2:
            del states[giver]
            return next(iter(states.values()))
    return None


def _is_postponement(record: Transferred) -> bool:
    return record.planned and any(
        record.cue.endswith(" " + w)
        for w in ("postponed", "delayed", "deferred", "pushed", "rescheduled")
    )
