"""agreement – signed on – date.

An agreement is signed when a text names the agreement, a signing cue and a
date in the same clause:

- "the leaders ... signed a pact to develop economic ties ... On Jan. 11"
- "a Russia-brokered cease-fire was signed between Armenia and Azerbaijan"
- "the ceasefire signed last week", "the agreements reached ... on November 9,
  2020 and January 11, 2021" (one record per date)

- "ended on 25 August with the signing of the Basic Charter", "CMA added its
  signature to the Accord", "was not signed but initialled ... on 31 August"
- "During these talks, the Minute was signed": the date of the event the
  previous sentence dated, with a lower confidence

An agreement noun phrase that carries a date directly ("the tripartite
agreement between A, B and C last year on Nov. 10", "the November 10 accord")
gives a record with a lower confidence and an empty cue. A signing with no date
in its sentence is dated by its tense ("have signed": the publication date,
``date_basis="tense"``) or by the story's dated signing ("signed another deal",
``date_basis="story"``); a past perfect gives nothing. A signing still to come
("will sign", "due to sign by", "expect to seal ... by") is a record with
``planned=True``, never a signing. Agreements that were violated, refused or
merely discussed give nothing.

The mentions of one agreement in an article become one Mention, and the date it
takes effect and its deadlines are kept apart from the signing date
(:mod:`kg.extract._agreements`).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from kg.article import Zone
from kg.extract import _agreements, entities
from kg.extract._clauses import (
    attached_times,
    evidence,
    governor,
    span_roots,
    times_in,
)
from kg.extract.entities import tokens_text
from kg.nlp import sentence_zone
from kg.records import Mention, Signed, TimeExpr

NAME = "signed"
VERSION = "0.3.0"

log = logging.getLogger(__name__)

#: Nouns naming an agreement. "statement" and "declaration" only count as the
#: object of a signing verb ("signed a statement"), never with a bare date.
AGREEMENT_NOUNS = frozenset(
    [
        "agreement",
        "agreements",
        "ceasefire",
        "ceasefires",
        "cease-fire",
        "cease-fires",
        "truce",
        "truces",
        "deal",
        "deals",
        "treaty",
        "treaties",
        "pact",
        "pacts",
        "accord",
        "accords",
        "memorandum",
        "memoranda",
        "protocol",
        "protocols",
        "armistice",
        "armistices",
    ]
)
WEAK_AGREEMENT_NOUNS = frozenset(
    [
        "statement",
        "statements",
        "declaration",
        "declarations",
        # Documents that are agreements when signed ("the Communiqué was signed on ...").
        "communiqué",
        "communique",
        "charter",
        "minute",
        "minutes",
        "statute",
        "code",
        "plan",
        "understanding",
        "framework",
        "roadmap",
        "arrangement",
        "arrangements",
        "convention",
        "settlement",
        "compact",
        "annex",
        "annexes",
        "addendum",
        "document",
        "documents",
        "decisions",
        "record",
        "paperwork",
    ]
)
#: Nouns of the act of signing ("the signing of the Basic Charter").
SIGNING_NOUNS = frozenset(
    ["signing", "signature", "signatures", "conclusion", "initialling", "initialing"]
)
#: Verbs (lemmas) by which an agreement comes into force.
SIGNING_VERBS = frozenset(
    [
        "sign",
        "reach",
        "strike",
        "initial",
        "initialle",
        "conclude",
        "ink",
        "seal",
        "agree",
        "clinch",
        "finalise",
        "finalize",
        "adopt",  # "the forum adopted an agreement called ..."; see _LEGISLATURES
        "hammer",  # "hammered out an agreement"
        "thrash",
        "forge",
        "secure",
    ]
)
#: Nouns of a quantity of agreements: "signed a series of agreements".
_QUANTITY = frozenset(
    ["series", "set", "number", "package", "raft", "slew", "pair", "couple", "batch", "host"]
)
#: Signing verbs whose participle follows the agreement: "the ceasefire agreed in Minsk".
_PARTICIPLE_VERBS = frozenset(["sign", "agree", "reach", "ink", "initial", "strike", "broker"])
#: Subjects for whom adopting an agreement is ratifying it, not concluding it.
_LEGISLATURES = frozenset(
    ["parliament", "assembly", "congress", "senate", "legislature", "duma", "house", "chamber"]
)
#: Verbs (lemmas) whose end is an agreement: "talks ended with an agreement on ...".
ENDING_VERBS = frozenset(["end", "conclude", "close", "culminate", "wrap"])
#: Auxiliaries of a signing still to come.
_FUTURE_AUX = frozenset(
    ["will", "shall", "'ll", "wo", "would", "may", "might", "must", "should", "could", "can"]
)
#: Heads of an infinitive signing that is only intended: "expect to seal", "are due to sign".
PLAN_HEADS = frozenset(
    [
        "expect",
        "plan",
        "hope",
        "due",
        "set",
        "schedule",
        "aim",
        "intend",
        "prepare",
        "want",
        "seek",
        "ready",
        "agree",
        "promise",
        "pledge",
        "vow",
        "try",
        "poised",
        "likely",
        "go",
        "be",
        "need",
        "wish",
        "offer",
        "propose",
        "urge",
        "call",
        "ask",
        "push",
        "press",
        "work",
        "willing",
        "eager",
        "keen",
    ]
)
#: Heads of an infinitive signing that did not happen: "refused to sign".
FAILED_HEADS = frozenset(["refuse", "fail", "decline", "reject", "balk", "hesitate", "threaten"])
#: Verbs over a signing noun that make the signing a plan: "the signing was postponed".
PLAN_VERBS = frozenset(
    ["schedule", "plan", "expect", "postpone", "delay", "set", "defer", "cancel", "suspend"]
)
#: Verbs (lemmas) of a party that brokers an agreement.
BROKER_VERBS = frozenset(["broker", "mediate", "negotiate", "facilitate"])
#: Modifiers that are no part of an agreement's name.
_LABEL_SKIP = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "several",
    ]
)

CONF_CUE = 0.85  # cue and date attached to it by the dependency tree
CONF_CUE_NEAR = 0.6  # cue, and the sentence's only date
CONF_NP = 0.55  # date attached to the agreement's noun phrase, no cue
CONF_TENSE = 0.6  # no date: "have signed" in a story published on day D
CONF_STORY = 0.5  # no date: "signed" in a story whose dated signing is day D
CONF_PLANNED = 0.6  # a signing still to come

#: A sentence opening that points back at the event the previous sentence dated.
_BACK_REFERENCE = re.compile(
    r"^\W*(?:during|at|in the course of|on the occasion of|on|in)\s+(?:these|those|this|that|the"
    r" same)\s+(?:talks|meeting|meetings|summit|negotiations|conference|session|round|ceremony"
    r"|day|occasion)\b",
    re.IGNORECASE,
)


def is_agreement_head(token: Token) -> bool:
    """Tell whether ``token`` heads an agreement noun phrase ("cease - fire" ends in "fire")."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    word = token.lower_
    if word in AGREEMENT_NOUNS or word in WEAK_AGREEMENT_NOUNS:
        return True
    prev = token.doc[token.i - 2 : token.i]
    return word in {"fire", "fires"} and prev.text.lower().replace(" ", "") == "cease-"


def _is_weak(token: Token) -> bool:
    return token.lower_ in WEAK_AGREEMENT_NOUNS


def _label_tokens(head: Token) -> list[Token]:
    """Return the tokens of an agreement's name: modifiers, the noun, its topic or purpose."""
    doc = head.doc
    left = head.i
    for child in sorted(head.lefts, key=lambda t: -t.i):
        if child.dep_ in {"amod", "compound", "nmod", "npadvmod", "punct"} and child.i == left - 1:
            if child.lower_ in _LABEL_SKIP:
                break
            left = child.left_edge.i if child.left_edge.i < left else child.i
        elif child.dep_ in {"amod", "compound"} and child.right_edge.i == left - 1:
            left = child.left_edge.i
        else:
            break
    # "cease - fire": the hyphenated compound.
    while left > 0 and doc[left - 1].text in {"-", "–"} and left - 2 >= 0:
        left -= 2
    while doc[left].lower_ in _LABEL_SKIP or doc[left].pos_ in {"DET", "NUM", "PUNCT"}:
        if doc[left].pos_ == "NUM" and left + 1 < head.i and doc[left + 1].text in {"-", "–"}:
            break  # "a five-year protocol", "the 13-point plan": the number is in the name
        left += 1
    toks = list(doc[left : head.i + 1])
    # The topic ("statement on the cessation of all hostilities") or purpose
    # ("pact to develop economic ties and infrastructure") belongs to the name.
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in {"on", "of", "for"}:
            toks += _phrase(child)
            break
        if child.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.lefts):
            toks += _phrase(child, with_aux=True)
            break
    return toks


def _phrase(token: Token, *, with_aux: bool = False) -> list[Token]:
    """Return ``token``'s subtree without clauses, dates or further verb conjuncts."""
    keep: list[Token] = []
    for tok in token.subtree:
        if tok.i < token.i and not (with_aux and tok.dep_ == "aux" and tok.head is token):
            continue
        if any(
            a.i != token.i
            and a.i in {x.i for x in token.subtree}
            and (a.dep_ in {"advcl", "relcl"} or (a.dep_ == "conj" and a.pos_ == "VERB"))
            for a in [tok, *tok.ancestors]
            if a.i >= token.i or a.dep_ == "aux"
        ):
            continue
        if tok.ent_type_ in {"DATE", "TIME"}:
            continue
        keep.append(tok)
    while keep and keep[-1].pos_ in {"PUNCT", "CCONJ", "ADP"}:
        keep.pop()
    return keep


def _normalize(label: str) -> str:
    return " ".join(label.replace(" - ", "-").replace("- ", "-").split())


def agreement_mention(head: Token, verb: Token | None = None) -> Mention:
    """Return the Mention of the agreement headed by ``head``, labelled from the text.

    The label is the agreement's own words: its modifiers, the noun and its topic
    or purpose ("statement on the cessation of all hostilities"). A bare noun
    ("agreements") takes the signers from its signing clause ("agreements reached
    by the leaders of Russia, Azerbaijan and Armenia"). The noun phrase with its
    parties ("tripartite agreement between A, B, and C") becomes an alias.
    """
    toks = _label_tokens(head)
    if len(toks) == 1 and verb is not None:
        toks = _label_from_verb(head, verb) or toks
    label = _normalize(tokens_text(toks))
    aliases: tuple[str, ...] = ()
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in {"between", "among"}:
            whole = _normalize(tokens_text([*toks[: toks.index(head) + 1], *_phrase(child)]))
            aliases = (whole,) if whole != label else ()
    start = toks[0].idx
    end = toks[-1].idx + len(toks[-1].text)
    return Mention(label=label, kind="Agreement", start=start, end=end, aliases=aliases)


def _label_from_verb(head: Token, verb: Token) -> list[Token]:
    """Return a fuller name for a bare agreement noun from its signing clause."""
    doc = head.doc
    # "signed a statement on the cessation ...": the parser hangs the topic on the verb.
    for child in verb.rights:
        if (
            child.dep_ == "prep"
            and child.lower_ in {"on", "of"}
            and child.i == head.right_edge.i + 1
            and not any(t.ent_type_ in {"DATE", "TIME"} for t in child.subtree)
        ):
            own = [t for t in doc[head.left_edge.i : head.i + 1] if t.dep_ != "det"]
            return [*own, *_phrase(child)]
    # "signed the Agreement to Resolve the Crisis": the parser makes the purpose the verb's.
    for child in verb.children:
        if (
            child.dep_ == "xcomp"
            and child.left_edge.i == head.i + 1
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.lefts)
        ):
            own = [t for t in doc[head.left_edge.i : head.i + 1] if t.dep_ != "det"]
            # Only the purpose and its object: "on 9 May 2014 in Addis Ababa" hang there too.
            objects = [t for c in child.children if c.dep_ == "dobj" for t in _phrase(c)]
            aux = [c for c in child.lefts if c.dep_ == "aux"]
            return [*own, *aux, child, *objects]
    # "the agreements reached by the leaders of ...": name them by their signers.
    if verb.head.i == head.i:
        agents = [c for c in verb.children if c.dep_ == "agent"]
        if agents:
            return [head, verb, *_phrase(agents[0])]
    return []


def _between(token: Token) -> list[Mention]:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"between", "among", "with"}:
            pobjs = [c for c in child.children if c.dep_ == "pobj"]
            members = [m for p in pobjs for m in entities.conjuncts(p)]
            found = entities.states_in(t for m in members for t in entities.name_tokens(m))
            if not found:
                # "between the governments of A and B"; not "with a handshake in Doha",
                # where a place under a further preposition is where, not who.
                found = entities.states_in(
                    t for p in pobjs for t in p.subtree if not _under_prep(t, p, {"in", "at"})
                )
            return found
    return []


def _under_prep(tok: Token, top: Token, preps: set[str]) -> bool:
    """Tell whether ``tok`` sits under one of ``preps`` below ``top``."""
    while tok.i != top.i and tok.head.i != tok.i:
        if tok.dep_ == "prep" and tok.lower_ in preps:
            return True
        tok = tok.head
    return False


#: Nouns by which a text refers back to the states it has named ("the two countries").
_GROUP_NOUNS = frozenset(
    ["countries", "nations", "states", "sides", "neighbors", "neighbours", "governments"]
)


def group_reference(subject: Token) -> list[Mention]:
    """Resolve "the two countries" / "both sides" to the states the text named most so far."""
    if subject.lower_ not in _GROUP_NOUNS:
        return []
    if not any(c.lower_ in {"two", "both"} for c in subject.children):
        return []
    before = subject.doc[: subject.sent.start]
    counts: dict[str, int] = {}
    first: dict[str, Mention] = {}
    for tok in before:
        if tok.pos_ not in {"PROPN", "ADJ"}:
            continue
        mention = entities.state_of(tok)
        if mention is not None:
            counts[mention.label] = counts.get(mention.label, 0) + 1
            first.setdefault(mention.label, mention)
    ranked = sorted(counts, key=lambda k: -counts[k])
    if len(ranked) < 2 or (len(ranked) > 2 and counts[ranked[1]] == counts[ranked[2]]):
        return []  # no clear pair
    return [first[ranked[0]], first[ranked[1]]]


def _parties(verb: Token | None, head: Token) -> list[Mention]:
    found: list[Mention] = []
    if verb is not None:
        for child in verb.children:
            if child.dep_ in {"nsubj", "agent"}:
                # "Politicians in Belfast reached agreement": a place under "in" is where.
                named = entities.states_in(
                    t for t in child.subtree if not _under_prep(t, child, {"in", "at"})
                )
                if not named and child.dep_ == "nsubj":
                    named = group_reference(child)
                found += named
        found += _between(verb)
    found += _between(head)
    unique: dict[str, Mention] = {}
    for m in found:
        unique.setdefault(m.label, m)
    return list(unique.values())


def _brokers(head: Token, verb: Token | None) -> list[Mention]:
    found: list[Mention] = []
    # "a Russia-brokered cease-fire", "a deal mediated by Qatar"
    for tok in head.subtree:
        if tok.lemma_.lower() in BROKER_VERBS and tok.pos_ == "VERB" and tok.head.i == head.i:
            for child in tok.children:
                if child.dep_ in {"npadvmod", "compound", "nsubj", "amod", "nmod"}:
                    state = entities.state_of(child)
                    if state is not None:
                        found.append(state)
                if child.dep_ == "agent":
                    found += entities.states_in(child.subtree)
    # "Russia negotiated the ceasefire (signed last week)"
    gov = head.head
    if head.dep_ == "dobj" and gov.lemma_.lower() in BROKER_VERBS:
        for child in gov.children:
            if child.dep_ == "nsubj":
                found += entities.states_in(child.subtree)
    # "The accord was mediated by Norway"
    if head.dep_ == "nsubjpass" and gov.lemma_.lower() in BROKER_VERBS:
        for child in gov.children:
            if child.dep_ == "agent":
                found += entities.states_in(child.subtree)
    # "... signed in Doha, mediated by Qatar": the verb's own modifiers.
    if verb is not None:
        for child in verb.children:
            if child.lemma_.lower() in BROKER_VERBS:
                for c in child.children:
                    if c.dep_ == "agent":
                        found += entities.states_in(c.subtree)
    unique: dict[str, Mention] = {}
    for m in found:
        unique.setdefault(m.label, m)
    return list(unique.values())


def _signing_verb(head: Token) -> Token | None:
    """Return the signing verb governing the agreement: object, passive subject, or modifier."""
    gov = head.head
    if head.dep_ in {"dobj", "nsubjpass"} and gov.lemma_.lower() in SIGNING_VERBS:
        return gov
    # "signed a deal and a protocol": a conjunct of the object.
    if (
        head.dep_ == "conj"
        and gov.dep_ in {"dobj", "nsubjpass"}
        and gov.head.lemma_.lower() in SIGNING_VERBS
    ):
        return gov.head
    # "The ceasefire agreed in Minsk on Thursday took effect": the parser may make the
    # participle the main verb; an agreement signs nothing, so it is a reduced relative.
    if (
        head.dep_ == "nsubj"
        and gov.lemma_.lower() in _PARTICIPLE_VERBS
        and gov.tag_ in {"VBD", "VBN"}
        and not any(c.dep_ in {"dobj", "attr", "aux", "auxpass", "prt"} for c in gov.children)
    ):
        return gov
    # "inked a ceasefire deal on Thursday": the parser may make "deal" a verb whose
    # subject is the agreement noun before it; the signing verb is the one above.
    if (
        head.dep_ == "nsubj"
        and gov.pos_ == "VERB"
        and gov.lemma_.lower() in AGREEMENT_NOUNS
        and gov.dep_ in {"ccomp", "dobj", "xcomp"}
        and gov.head.lemma_.lower() in SIGNING_VERBS
        and any(c.dep_ == "det" for c in head.children)
    ):
        return gov.head
    # "signed a series of agreements on Thursday": the verb of the quantity noun.
    if head.dep_ == "pobj" and gov.lower_ == "of" and gov.head.lemma_.lower() in _QUANTITY:
        amount = gov.head
        if amount.dep_ in {"dobj", "nsubjpass"} and amount.head.lemma_.lower() in SIGNING_VERBS:
            return amount.head
    # "agreed Thursday to a ceasefire", "agreed on a deal", "talks ended with an agreement"
    if head.dep_ == "pobj" and gov.dep_ == "prep":
        over = gov.head
        lemma = over.lemma_.lower()
        if gov.lower_ in {"to", "on", "upon"} and lemma == "agree":
            return over
        if gov.lower_ in {"with", "in"}:
            # "talks have ended after a day of tension with an agreement": up through nouns.
            for _ in range(4):
                if over.pos_ == "VERB" or over.head.i == over.i:
                    break
                over = over.head
            # "the war was ended with this agreement": the agreement ended something, it
            # was not what the talks ended in.
            passive = any(c.dep_ in {"nsubjpass", "auxpass", "dobj"} for c in over.children)
            # "the fighting ended in a ceasefire on March 3": the day the fighting stopped,
            # not a signing; talks, not wars, end with an agreement reached.
            fighting = any(
                c.dep_ == "nsubj" and c.lemma_.lower() in _FIGHTING_NOUNS for c in over.children
            )
            if (
                over.lemma_.lower() in ENDING_VERBS
                and over.pos_ == "VERB"
                and not passive
                and not fighting
            ):
                return over
    # "This agreement is one of eight signed between A and B in June 2012"
    if head.dep_ == "nsubj" and gov.lemma_ == "be":
        for attr in gov.children:
            if attr.dep_ != "attr" or attr.lower_ not in {"one", "part", "first", "last"}:
                continue
            members = [o for p in attr.children if p.dep_ == "prep" for o in p.children]
            for tok in [attr, *members]:
                for child in tok.children:
                    if child.dep_ in {"acl", "relcl"} and child.lemma_.lower() in SIGNING_VERBS:
                        return child
    # "the ceasefire signed last week", "the agreements reached by the leaders"
    for child in head.children:
        if child.dep_ in {"acl", "relcl"} and child.lemma_.lower() in SIGNING_VERBS:
            # "the accord, which both leaders signed": the object is the relative pronoun.
            if child.dep_ == "relcl" and any(
                c.dep_ == "dobj" and c.tag_ not in {"WDT", "WP"} for c in child.children
            ):
                continue
            return child
    # "Signed on Friday, the accord ends ...": a participle before its subject.
    if head.dep_ in {"nsubj", "nsubjpass"}:
        for child in gov.children:
            if (
                child.dep_ == "advcl"
                and child.tag_ == "VBN"
                and child.i < head.i
                and child.lemma_.lower() in SIGNING_VERBS
                and not any(c.dep_.startswith("nsubj") for c in child.children)
            ):
                return child
    # "The pact, which the leaders signed on Tuesday, ...": the parser may make "which" an
    # apposition and the relative clause its modifier.
    for child in head.children:
        if child.dep_ == "appos" and child.tag_ in {"WDT", "WP"}:
            for tok in child.subtree:
                if tok.pos_ == "VERB" and tok.lemma_.lower() in SIGNING_VERBS:
                    return tok
    # "signed up to the accord", "signed on to the deal", "signed off on the treaty"
    if (
        head.dep_ == "pobj"
        and gov.lower_ in {"to", "onto", "on"}
        and gov.head.lemma_.lower() == "sign"
        and any(c.dep_ == "prt" for c in gov.head.children)
    ):
        return gov.head
    # "the signing of the Basic Charter", "the signing on 16 November of the Accord":
    # up a chain of prepositions to the signing noun.
    tok = head
    for _ in range(4):
        if tok.dep_ not in {"pobj", "prep"} or tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.lower_ in SIGNING_NOUNS and tok.pos_ == "NOUN":
            return tok
        # "the signing ceremony of the treaty"
        if tok.pos_ == "NOUN" and any(
            c.dep_ in {"compound", "amod"} and c.lower_ in SIGNING_NOUNS for c in tok.children
        ):
            return tok
    # "CMA added its signature to the Accord": the parser hangs "to" on the verb.
    if gov.dep_ == "prep" and gov.lower_ == "to":
        for obj in gov.head.children:
            if obj.dep_ == "dobj" and obj.lower_ in SIGNING_NOUNS:
                return obj
    # "On 4 May 2001 the Declaration of ... was signed": a misparsed passive subject.
    verb = next((a for a in head.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    if (
        verb is not None
        and verb.i > head.i
        and verb.lemma_.lower() in SIGNING_VERBS
        and any(c.dep_ == "auxpass" for c in verb.children)
        and not any(c.dep_ == "nsubjpass" for c in verb.children)
    ):
        return verb
    return None


def _affirmed(verb: Token) -> Token | None:
    """Return the signing verb that holds: ``verb``, or "initialled" in "not signed but initialled"."""
    if not _negated(verb):
        return verb
    for conj in verb.children:
        if conj.dep_ == "conj" and conj.lemma_.lower() in SIGNING_VERBS and not _negated(conj):
            return conj
    return None


#: Nouns of a meeting a signing happens at or after: "concluded after the 4th session".
_EVENT_NOUNS = frozenset(
    [
        "session",
        "conference",
        "talks",
        "meeting",
        "summit",
        "negotiations",
        "round",
        "forum",
        "ceremony",
        "dialogue",
    ]
)


def _event_dates(sent: Span, verb: Token) -> list[tuple[TimeExpr, bool]]:
    """Date a signing by the meeting it came at or after: "concluded after the session held
    from 19 to 21 August 2020" (the month of the meeting's end: the day is not said),
    "signed at the summit held on 3 May" (its day)."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"after", "following", "at", "during"}:
            continue
        for event in prep.children:
            words = {event.lemma_.lower(), *(c.lemma_.lower() for c in event.children)}
            words |= {t.lower_ for t in event.subtree if t.dep_ == "compound"}
            if event.dep_ != "pobj" or not words & _EVENT_NOUNS:
                continue
            inside = {t.i for t in event.subtree}
            dates = [
                e for e, span in times_in(sent) if span.start in inside and span.end - 1 in inside
            ]
            last_tok = (
                sent[-1] if not sent[-1].is_space else sent[-2] if len(sent) > 1 else sent[-1]
            )
            # The parser cut the sentence inside the meeting's name ("... Conference
            # -21st" / "Century Panglong held ... from 19 to 21 August 2020."): its rest.
            cut = last_tok.i in inside and last_tok.pos_ != "PUNCT"
            if not dates and cut and sent.end < len(sent.doc):
                dates = [e for e, _ in times_in(sent.doc[sent.end].sent)]
            if not dates:
                continue
            last = dates[-1]
            if prep.lower_ in {"after", "following"} or len(dates) > 1:
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", last.value):
                    continue
                last = replace(last, value=last.value[:7])
            return [(last, False)]
    return []


def _event_before(sent: Span) -> list[tuple[TimeExpr, bool]]:
    """Date "During these talks, the Minute was signed" by the previous sentence's only date."""
    if not _BACK_REFERENCE.match(sent.text) or sent.start == 0:
        return []
    previous = sent.doc[sent.start - 1].sent
    times = times_in(previous)
    return [(times[0][0], False)] if len(times) == 1 else []


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


_QUOTES = "\"'“”‘’«»"


def _named_subject(token: Token) -> bool:
    """Tell a name signed in the passive that our nouns miss.

    '"Accord de Cessez-le-Feu ..." was signed on 29 December 1999', "the Agenda
    for the Dialogue ..., Framework agreement, was signed": a quoted subject, or
    one whose words include an agreement noun.
    """
    if token.dep_ != "nsubjpass" or token.head.lemma_.lower() not in SIGNING_VERBS:
        return False
    if is_agreement_head(token):
        return False
    if _quoted(token) is not None:
        return True  # the parser often misreads a foreign-language name ("pour" as a verb)
    words = {t.lower_ for t in token.subtree}
    return token.pos_ in {"NOUN", "PROPN"} and bool(
        words & (AGREEMENT_NOUNS | WEAK_AGREEMENT_NOUNS)
    )


def _quoted(token: Token) -> Span | None:
    """Return the quoted name ``token`` sits in, when the quote ends right before its verb."""
    doc = token.doc
    sent = token.sent
    opening = next((t for t in reversed(doc[sent.start : token.i + 1]) if t.text in _QUOTES), None)
    if opening is None:
        return None
    closing = next((t for t in doc[token.i : sent.end] if t.text in _QUOTES), None)
    if closing is None or closing.i - opening.i < 2:
        return None
    after = doc[closing.i + 1 : closing.i + 3]
    if not any(t.dep_ == "auxpass" and t.head.i == token.head.i for t in after):
        return None
    return doc[opening.i + 1 : closing.i]


def _subject_mention(token: Token) -> Mention:
    """Return the Mention of a passive subject named in full (its appositions as aliases)."""
    quoted = _quoted(token)
    if quoted is not None:
        return Mention(
            label=_normalize(quoted.text),
            kind="Agreement",
            start=quoted.start_char,
            end=quoted.end_char,
        )
    cut: set[int] = set()
    aliases = []
    for child in token.rights:
        if child.dep_ == "appos":
            cut |= {t.i for t in child.subtree}
            aliases.append(tokens_text(list(child.subtree)).strip(" ,"))
    toks = [t for t in token.subtree if t.i not in cut]
    while toks and (toks[0].pos_ in {"DET", "PUNCT"} or toks[0].text in _QUOTES):
        toks = toks[1:]
    while toks and (toks[-1].pos_ == "PUNCT" or toks[-1].text in _QUOTES):
        toks = toks[:-1]
    if not toks:
        toks = [token]
    label = _normalize(tokens_text(toks))
    return Mention(
        label=label,
        kind="Agreement",
        start=toks[0].idx,
        end=toks[-1].idx + len(toks[-1].text),
        aliases=tuple(a for a in aliases if a and a != label),
    )


def _is_ceasefire(head: Token) -> bool:
    word = head.lower_
    return word.rstrip("s") in {"ceasefire", "cease-fire", "truce", "armistice"} or word in {
        "fire",
        "fires",
    }


def _prefix_date(head: Token, expr: TimeExpr) -> bool:
    """Tell a date written before the agreement's noun ("the November 10 accord")."""
    return head.left_edge.idx <= expr.start and expr.end <= head.idx


#: Conjunctions by which a present-tense signing is a condition, still to come: "once
#: they sign the deal", "if and when the banks sign the accord".
_CONDITION_MARKS = frozenset(["if", "once", "when", "unless", "until", "whenever", "before"])


#: Adverbs of a signing that did not quite happen: "almost reached an agreement".
_NEARLY = frozenset(["almost", "nearly", "practically", "virtually"])


#: Verbs whose "that" clause is a subjunctive, a wish: "urged that they sign the accord".
_MANDATIVE = frozenset(
    ["recommend", "urge", "propose", "suggest", "demand", "insist", "ask", "request", "require"]
)


def _status(verb: Token) -> str:
    """Tell a signing that happened ("done") from one to come ("planned") or one refused ("failed")."""
    # "had almost reached an agreement", "was close to signing a deal": not reached.
    if any(c.dep_ == "advmod" and c.lower_ in _NEARLY for c in verb.children):
        return "failed"
    if (
        verb.dep_ == "pcomp"
        and verb.head.lower_ == "to"
        and verb.head.head.lower_ in {"close", "closer", "near", "nearer"}
    ):
        return "failed"
    if verb.pos_ == "NOUN":  # "the signing was postponed", "the signing is scheduled for"
        gov = next((a for a in verb.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        if gov is None:
            return "done"
        if gov.lemma_.lower() in PLAN_VERBS or any(
            c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in gov.children
        ):
            return "planned"
        return "done"
    present = verb.tag_ in {"VBP", "VBZ"} or any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBP", "VBZ"} for c in verb.children
    )
    if present and any(
        c.dep_ in {"mark", "advmod"} and c.lower_ in _CONDITION_MARKS for c in verb.children
    ):
        return "planned"  # "if and when the banks sign the accord", "if a pact is adopted"
    if (
        verb.tag_ in {"VB", "VBP"}
        and verb.dep_ == "ccomp"
        and verb.head.lemma_.lower() in _MANDATIVE
        and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
    ):
        return "planned"  # "recommended that their leaders adopt a statement": a subjunctive
    tok = verb
    # "a deal to be signed on Friday", "will be signed": the auxiliaries of the chain.
    for _ in range(4):
        auxes = [c for c in tok.children if c.dep_ in {"aux", "auxpass"}]
        if any(a.lower_ in _FUTURE_AUX for a in auxes):
            return "planned"
        if tok.dep_ == "ROOT" and any(a.lower_ == "to" for a in auxes):
            return "planned"  # headlinese "A and B to sign treaty": a plan
        if tok.dep_ in {"xcomp", "advcl", "acl", "ccomp", "relcl"} and any(
            a.lower_ == "to" for a in auxes
        ):
            lemma = tok.head.lemma_.lower()
            # "refused to sign", "were not expected to reach an agreement"
            if lemma in FAILED_HEADS or _negated(tok.head):
                return "failed"
            if lemma in {"manage", "succeed"}:
                return "done"  # "managed to reach a deal"
            # "expect to seal", "had until Thursday to reach", "met in Doha to sign":
            # an infinitive signing is an intention; the text does not say it happened.
            return "planned"
        if tok.dep_ not in {"xcomp", "conj"} or tok.head.i == tok.i:
            break
        tok = tok.head
    return "done"


def _ratified(verb: Token) -> bool:
    """Tell "parliament adopted the accord" (a ratification) from "the forum adopted" one."""
    if verb.lemma_.lower() != "adopt":
        return False
    agents = [c for c in verb.children if c.dep_ in {"nsubj", "agent"}]
    words = {t.lower_ for a in agents for t in a.subtree}
    return bool(words & _LEGISLATURES) or verb.pos_ != "VERB"


def _tense(verb: Token) -> str | None:
    """Return how an undated signing verb dates itself: "tense", "story", or None.

    A present perfect or present ("have signed", "has been signed", "sign", "are
    signing") is the news of the day: the publication date. A simple past
    ("signed", "was signed") is the story's event. A past perfect ("had
    signed"), a participle or a noun says nothing of when.
    """
    if verb.pos_ not in {"VERB", "AUX"} or verb.dep_ in {"acl", "amod", "relcl"}:
        return None
    if verb.dep_ == "advcl" and not (
        verb.tag_ in {"VBD", "VBZ", "VBP"} and any(c.dep_ == "nsubj" for c in verb.children)
    ):
        return None  # "Signed on Friday, the accord ...": a participle; "after she signed": finite
    if any(c.dep_ == "nsubj" and is_agreement_head(c) for c in verb.children):
        return None  # "a pact agreed during the crisis": a participle, no tense of its own
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    words = {a.lower_ for a in auxes}
    if words & {"had", "'d"} and _reported(verb):
        # "X said it had signed a deal": a present perfect put in the past by the report,
        # so the news of the story, not a signing before it.
        return "story"
    if words & {"had", "'d", "to"} or any(a.lower_ in _FUTURE_AUX for a in auxes):
        return None
    if words & {"has", "have", "'ve", "'s"} and verb.tag_ == "VBN":
        return "tense"
    if verb.tag_ in {"VBZ", "VBP"} or (verb.tag_ == "VBG" and words & {"is", "are", "am"}):
        return "tense"
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and words & {"was", "were"}):
        return "story"
    return None


#: Verbs (lemmas) that report what someone said: their clause shifts its tenses back.
REPORTING_VERBS = frozenset(
    [
        "say",
        "announce",
        "tell",
        "report",
        "confirm",
        "state",
        "declare",
        "add",
        "reveal",
        "disclose",
    ]
)


def _reported(verb: Token) -> bool:
    """Tell a clause reported by a verb in the past: "X said (that) it had signed"."""
    head = verb.head
    return (
        verb.dep_ in {"ccomp", "conj"}
        and head.lemma_.lower() in REPORTING_VERBS
        and head.tag_ in {"VBD", "VBN"}
    )


def own_clause_date(verb: Token, sent: Span, expr: TimeExpr) -> bool:
    """Tell a date of another event ("the fighting that broke out in April") from a misattached one."""
    span = sent.doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    for root in span_roots(span):
        gov = governor(root, set())
        if (
            gov is not None
            and gov.i != verb.i
            and gov.dep_ in {"relcl", "acl", "advcl"}
            and gov not in verb.ancestors
            and verb not in gov.ancestors
        ):
            return True
        # "signed a licence, and its plant will be opened in late July": a clause joined by
        # "and" with a subject of its own tells its own event.
        if (
            gov is not None
            and gov.i != verb.i
            and gov.dep_ == "conj"
            and gov not in verb.ancestors
            and any(c.dep_ in {"nsubj", "nsubjpass"} for c in gov.children)
        ):
            return True
    return False


def _main_clause_date(verb: Token, sent: Span, expr: TimeExpr) -> bool:
    """Tell a date of the clause a participle signing ("the document signed by A") sits in."""
    if verb.dep_ not in {"acl", "relcl"} or verb.tag_ != "VBN":
        return False
    span = sent.doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    for root in span_roots(span):
        gov = next((a for a in root.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        if gov is None or gov.i == verb.i or gov not in verb.ancestors:
            continue
        # Only with another clause between them ("the day noted in the document signed by"):
        # "the accord signed in Doha was announced on Friday" often dates the signing.
        between = [a for a in verb.ancestors if a.i != gov.i and gov in a.ancestors]
        if any(a.pos_ == "VERB" for a in between):
            return True
    return False


def _other_clause_date(verb: Token, head: Token, expr: TimeExpr) -> bool:
    """Tell a date the parser left unattached that belongs to another clause: one inside
    the agreement's own phrase ("an agreement to return the islands in 2030", "an accord
    for an engine which will enter service in 2025") or another signing ("formalizing a
    preliminary agreement reached in January")."""
    doc = verb.doc
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    inside = {t.i for t in head.subtree}
    for root in span_roots(span):
        gov = next((a for a in root.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        if gov is None or gov.i == verb.i or verb.i in inside:
            continue
        lemma = gov.lemma_.lower()
        if gov.i in inside and gov.i > head.i:
            # "a Record of Understanding signed by A and B on 26 September", "an agreement
            # called X on 1 February": the agreement's own signing or name, not its content.
            if lemma in SIGNING_VERBS or lemma in _NAMING_VERBS:
                continue
            return True
        if lemma in SIGNING_VERBS and verb in gov.ancestors:
            return True
    return False


#: Participles that name an agreement: "a partial agreement called X on 1 February".
_NAMING_VERBS = frozenset(["call", "name", "dub", "know", "title", "entitle", "label"])


def _since(sent: Span, expr: TimeExpr) -> bool:
    span = sent.doc.char_span(expr.start, expr.end, alignment_mode="expand")
    return span is not None and span.start > 0 and sent.doc[span.start - 1].lower_ == "since"


#: Pronouns that stand for an agreement named before: "both sides signed it on Tuesday".
_PRONOUNS = frozenset(["it", "them"])


def _antecedent(pronoun: Token) -> Token | None:
    """Return the agreement a pronoun object stands for: the last one named before it.

    Looked for in the pronoun's sentence, then in the sentence before; none when
    that sentence names agreements of more than one description.
    """
    doc = pronoun.doc
    sent = pronoun.sent
    here = [t for t in doc[sent.start : pronoun.i] if is_agreement_head(t) and not _is_weak(t)]
    if here:
        return here[-1]
    if sent.start == 0:
        return None
    before = [t for t in doc[sent.start - 1].sent if is_agreement_head(t) and not _is_weak(t)]
    return before[-1] if len({t.lower_ for t in before}) == 1 else None


#: Words of a running count: "the first of them was signed", "the last of the accords".
_COUNT_WORDS = frozenset(["first", "second", "third", "fourth", "last", "final", "latest"])


def _counted_agreement(count: Token) -> Token | None:
    """Return the agreement "the first of them" counts: its "of" noun, or the plural
    agreement noun last named before it (in its sentence or the one before)."""
    for prep in count.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            if is_agreement_head(obj):
                return obj
            if obj.lower_ in {"them", "these", "those"}:
                doc = count.doc
                start = doc[count.sent.start - 1].sent.start if count.sent.start > 0 else 0
                plural = [
                    t
                    for t in doc[start : count.i]
                    if is_agreement_head(t) and t.tag_ in {"NNS", "NNPS"}
                ]
                return plural[-1] if plural else None
    return None


def _candidates(sent: Span) -> Iterator[tuple[Token, bool, Token | None]]:
    """Yield (agreement head, named in full?, signing verb or None) for one sentence."""
    for head in sent:
        nxt = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
        if (head.dep_ == "compound" and is_agreement_head(head.head)) or (
            nxt is not None and nxt.dep_ == head.dep_ and is_agreement_head(nxt)
        ):
            continue  # "a ceasefire deal": one agreement, named by its head
        named = _named_subject(head)
        if named or is_agreement_head(head):
            verb = head.head if named else _signing_verb(head)
            yield head, named, verb
            if (
                verb is not None
                and head.dep_ in {"nsubj", "nsubjpass"}
                and head.head == verb
                and not any(c.dep_ == "neg" for c in verb.children)  # "not signed but initialled"
            ):
                # "The accords, initialled in Ohio on 21 November, were formally signed in
                # Paris on 14 December": a second signing verb sharing the subject.
                for conj in verb.children:
                    if (
                        conj.dep_ == "conj"
                        and conj.lemma_.lower() in SIGNING_VERBS
                        and not any(c.dep_.startswith("nsubj") for c in conj.children)
                    ):
                        yield head, named, conj
        elif (
            head.lower_ in _COUNT_WORDS
            and head.dep_ in {"dobj", "nsubjpass"}
            and head.head.lemma_.lower() in SIGNING_VERBS
        ):
            # "Four annexes remained to be agreed. ... the first of them was signed."
            antecedent = _counted_agreement(head)
            if antecedent is not None:
                yield antecedent, False, head.head
        elif (
            head.lower_ in _PRONOUNS
            and head.dep_ in {"dobj", "nsubjpass"}
            and head.head.lemma_.lower() in SIGNING_VERBS
        ):
            antecedent = _antecedent(head)
            if antecedent is not None and _signing_verb(antecedent) is None:
                yield antecedent, False, head.head


def _from_sentence(sent: Span) -> Iterator[Signed]:
    labels: dict[str, Mention] = {}
    doc = sent.doc
    headline = sentence_zone(doc, sent.start_char) is Zone.HEADLINE
    pub = doc._.article.published if doc._.article is not None else None
    for head, named, verb in _candidates(sent):
        basis = "text"
        planned = False
        if any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
            continue  # "clinched no agreements", "no deal was reached": none was signed
        if verb is not None:
            verb = _affirmed(verb)
            if verb is None:
                continue
            status = _status(verb)
            if status == "failed" or _ratified(verb):
                continue
            planned = status == "planned"
            anchors = {verb.i, head.i}
            # "signed the Agreement to Resolve the Crisis ... on 9 May 2014": the parser may
            # hang the date on a verb inside the agreement's name.
            # Only the agreement's own verb ("would sign the agreement to exchange staff
            # with Ardent on June 9") or one in a name written as one ("the Agreement to
            # Resolve the Crisis"): in "an agreement to settle a suit filed in June 1991"
            # the date is the filing's.
            anchors |= {
                t.i
                for t in _label_tokens(head)
                if t.pos_ in {"VERB", "AUX"}
                and (t.text[:1].isupper() or not head.is_lower or t.head.i == head.i)
            }
            anchors |= {
                c.i for c in verb.children if c.dep_ == "xcomp" and c.left_edge.i == head.i + 1
            }
            if verb.pos_ == "NOUN":  # "ended on 25 August with the signing of ..."
                clause = next((a for a in verb.ancestors if a.pos_ in {"VERB", "AUX"}), None)
                if clause is not None:
                    anchors.add(clause.i)
            # "sealed a trade agreement to start January 1": the day a verb of the agreement's
            # own phrase starts or ends it is not the signing's (see _other_clause_date).
            anchors -= {
                t.i for t in _label_tokens(head) if t.lemma_.lower() in _TERM_VERBS and t.i > head.i
            }
            times = attached_times(sent, anchors)
            # "for the months from February to June", "until the end of the month", "based
            # on May 12 closing prices": a span, a bound or a date of another noun.
            times = [(t, ok) for t, ok in times if not _range_date(sent, t)]
            times = [
                (t, ok)
                for t, ok in times
                if not _of_other_noun(sent, head, t) or (planned and _deadline_noun(sent, t))
            ]
            # "agreed Thursday to a February 15 ceasefire": the day a ceasefire starts.
            prefix = [(t, ok) for t, ok in times if _prefix_date(head, t)]
            if prefix and (_is_ceasefire(head) or len(prefix) < len(times)):
                times = [x for x in times if x not in prefix]
            times = [(t, ok) for t, ok in times if ok or not own_clause_date(verb, sent, t)]
            # "the canal ends on December 31, the day noted in the document signed by A and
            # B": a participle's lone unattached date is its main clause's, not the signing's.
            times = [(t, ok) for t, ok in times if ok or not _main_clause_date(verb, sent, t)]
            # "signed an agreement to return the islands in 2030", "signed X, formalizing a
            # deal reached in January": the date of what the agreement provides, or of
            # another signing, is not this one's.
            times = [(t, ok) for t, ok in times if ok or not _other_clause_date(verb, head, t)]
            # "has signed 36 agreements since 1995": a count over a span, no signing day.
            if any(_since(sent, t) for t, _ in times):
                continue
            if not times:
                times = _event_dates(sent, verb)
            if not times and not times_in(sent):
                times = _event_before(sent)
            if not times and not planned:
                tense = _tense(verb)
                if tense == "tense" and headline:
                    # Headlinese puts the news in the present ("Putin inks treaty"), often
                    # a day before publication: the story's signing date, not the day's.
                    tense = "story"
                usable = pub is not None and (not pub.inferred or pub.confidence >= 0.8)
                if tense == "tense" and usable and pub is not None:
                    day = TimeExpr("", verb.idx, verb.idx + len(verb.text), pub.value, True)
                    times, basis = [(day, False)], "tense"
                elif tense == "story":
                    # Dated later by the story's own dated signing (see extract).
                    times = [(TimeExpr("", verb.idx, verb.idx + len(verb.text), ""), False)]
                    basis = "story"
            cue = verb.text.lower()
            if verb.i + 1 < len(sent.doc) and sent.doc[verb.i + 1].dep_ == "prt":
                cue += " " + sent.doc[verb.i + 1].lower_
        elif not _is_weak(head):
            if _fighting_ended(head):
                continue
            times = [(t, True) for t, _ in attached_times(sent, {head.i}, fallback=False)]
            # Only a date on the noun phrase itself ("agreement ... on Nov. 10"), not one
            # of the clause the noun phrase sits in ("violated ... agreements in 2020").
            times = [(t, ok) for t, ok in times if _on_noun_phrase(sent, head, t.start)]
            # "agreements for the first time since April", "the deals of the year": a
            # date an agreement is measured from, or a span, does not date its signing.
            times = [(t, ok) for t, ok in times if not _span_date(sent, t)]
            if _invoked(head):
                # "troops entered X under the agreement on Wednesday": the date is the
                # entry's; only "under the agreement of 10 November" dates the agreement.
                times = [(t, ok) for t, ok in times if _date_of(sent, head, t.start)]
            cue = ""
        else:
            continue
        if not times:
            continue
        mention = _subject_mention(head) if named else agreement_mention(head, verb)
        mention = labels.setdefault(mention.label, mention)
        parties = tuple(_parties(verb, head))
        brokers = tuple(
            b for b in _brokers(head, verb) if b.label not in {p.label for p in parties}
        )
        # "the agreements reached ... on November 9, 2020 and January 11, 2021" names
        # several agreements, one per date: each gets its own node, labelled with its date.
        several = head.tag_ in {"NNS", "NNPS"} and len(_distinct_dates(times)) > 1
        # "Israel signs agreements with the UAE and Bahrain": one agreement per partner.
        signer, partners = _partners(verb, head) if not several else (None, [])
        for expr, attached in times:
            confidence = CONF_NP if verb is None else CONF_CUE if attached else CONF_CUE_NEAR
            if planned:
                confidence = CONF_PLANNED
            elif basis != "text":
                confidence = CONF_TENSE if basis == "tense" else CONF_STORY
            if not partners:
                yield Signed(
                    agreement=_one_of_several(mention, head, expr.text) if several else mention,
                    date=expr,
                    cue=cue,
                    evidence=evidence(sent),
                    confidence=confidence,
                    parties=parties,
                    brokers=brokers,
                    date_basis=basis,  # type: ignore[arg-type]
                    planned=planned,
                )
            for partner in partners:
                assert signer is not None
                yield Signed(
                    agreement=_one_per_partner(mention, head, partner),
                    date=expr,
                    cue=cue,
                    evidence=evidence(sent),
                    confidence=confidence,
                    parties=(signer, partner),
                    brokers=brokers,
                    date_basis=basis,  # type: ignore[arg-type]
                    planned=planned,
                )


def _distinct_dates(times: list[tuple[TimeExpr, bool]]) -> set[str]:
    """Return the date values of ``times`` less those another one only refines: "18 years
    ago, on December 14, 1995" gives one date, not a 1995 agreement beside it."""
    values = {t.value for t, _ in times}
    return {v for v in values if not any(w != v and w.startswith(v + "-") for w in values)}


def _partners(verb: Token | None, head: Token) -> tuple[Mention | None, list[Mention]]:
    """Return (signer, partners) when one state signs plural agreements "with A and B"."""
    if verb is None or head.tag_ not in {"NNS", "NNPS"}:
        return None, []
    withs = [p for p in [*verb.children, *head.children] if p.dep_ == "prep" and p.lower_ == "with"]
    partners = entities.states_in(t for p in withs for t in p.subtree)
    signers = [m for c in verb.children if c.dep_ == "nsubj" for m in entities.states_in(c.subtree)]
    if len(partners) < 2 or len(signers) != 1:
        return None, []
    return signers[0], [p for p in partners if p.label != signers[0].label]


def _one_per_partner(mention: Mention, head: Token, partner: Mention) -> Mention:
    """Return the Mention of the one agreement of a plural mention made with ``partner``."""
    singular = mention.label.replace(head.text, head.lemma_, 1)
    return Mention(
        label=f"{singular} with {partner.label}",
        kind=mention.kind,
        start=mention.start,
        end=mention.end,
        aliases=(mention.label, *mention.aliases),
    )


def _one_of_several(mention: Mention, head: Token, date_text: str) -> Mention:
    """Return the Mention of one agreement of a plural mention, labelled with its date."""
    singular = mention.label.replace(head.text, head.lemma_, 1)
    return Mention(
        label=f"{singular} ({date_text})",
        kind=mention.kind,
        start=mention.start,
        end=mention.end,
        aliases=(mention.label, *mention.aliases),
    )


#: Prepositions by which a clause invokes an agreement: "under the deal", "per the accord".
_INVOKING = frozenset(["under", "per", "pursuant", "accordance", "line", "part", "terms"])


def _invoked(head: Token) -> bool:
    """Tell an agreement named as the ground of another act ("under the deal", "as part of")."""
    tok = head
    for _ in range(3):
        if tok.dep_ != "pobj" or tok.head.i == tok.i:
            return False
        prep = tok.head
        if prep.lower_ in _INVOKING or prep.head.lower_ in _INVOKING:
            return True
        tok = prep.head
    return False


#: Verbs of an agreement's term, not its signing: "an agreement to start January 1".
_TERM_VERBS = frozenset(
    ["start", "begin", "commence", "expire", "lapse", "last", "run", "end", "cover", "apply"]
)

#: Nouns of fighting, whose end is not a signing: "the war ended in a ceasefire".
_FIGHTING_NOUNS = frozenset(
    [
        "war",
        "fighting",
        "conflict",
        "clash",
        "battle",
        "hostility",
        "offensive",
        "violence",
        "insurgency",
        "uprising",
        "siege",
        "bombardment",
        "combat",
        "standoff",
    ]
)

#: Words that open a range or a bound: "from February to June", "until the end of the month".
_RANGE_OPEN = frozenset(["from", "between", "until", "till"])
#: Words between the two ends of a range: "1975 through 1983", "February to June".
_RANGE_JOIN = frozenset(["to", "through", "thru", "and", "-", "\u2013", "\u2014"])
#: Words of a part of a period: "until the end of the month".
_PART_WORDS = frozenset(["the", "end", "beginning", "start", "middle", "close", "of"])
#: Nouns a date may modify and still date a signing: "on Friday morning".
_TIME_NOUNS = frozenset(
    [
        "morning",
        "afternoon",
        "evening",
        "night",
        "weekend",
        "day",
        "week",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "quarter",
        "half",
        "calendar",
    ]
)
#: Nouns whose date is a plan's deadline: "must sign before the November 15 deadline".
_DEADLINE_NOUNS = frozenset(["deadline", "target", "date"])


def _fighting_ended(head: Token) -> bool:
    """Tell "the fighting ended in a ceasefire on March 3": the day the fighting stopped."""
    if head.dep_ != "pobj" or head.head.lower_ not in {"in", "with"}:
        return False
    verb = head.head.head
    return verb.lemma_.lower() in ENDING_VERBS and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in _FIGHTING_NOUNS for c in verb.children
    )


def _word_before(sent: Span, i: int) -> Token | None:
    """Return the word before token ``i`` in ``sent``, over the line breaks of wire copy."""
    j = i - 1
    while j >= sent.start and sent.doc[j].is_space:
        j -= 1
    return sent.doc[j] if j >= sent.start else None


def _word_after(sent: Span, i: int) -> Token | None:
    """Return the word after token ``i`` in ``sent``, over line breaks."""
    j = i + 1
    while j < sent.end and sent.doc[j].is_space:
        j += 1
    return sent.doc[j] if j < sent.end else None


def _range_date(sent: Span, expr: TimeExpr) -> bool:
    """Tell an end of a range or a bound ("for the months from February to June", "the years
    1975 through 1983", "until the end of the month") from the day of a signing; a line
    break of wire copy ("from\\nFebruary") changes nothing."""
    doc = sent.doc
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    before = _word_before(sent, span.start)
    # "until the end of the month": the bound word before "the end of".
    while before is not None and before.lower_ in _PART_WORDS:
        before = _word_before(sent, before.i)
    after = _word_after(sent, span.end - 1)
    if before is not None and before.lower_ in _RANGE_OPEN:
        return True
    others = [s for _, s in times_in(sent) if s.start != span.start]
    if before is not None and before.lower_ in _RANGE_JOIN:
        # The second end: another date just before the joining word, itself after "from"
        # or "between", or joined by "through" ("on 3-4 January" is the signing's days).
        for s in others:
            last = _word_before(sent, before.i)
            if last is not None and s.start <= last.i < s.end:
                opened = _word_before(sent, s.start)
                return (opened is not None and opened.lower_ in {"from", "between"}) or (
                    before.lower_ in {"through", "thru"}
                )
    if after is not None and after.lower_ in {"through", "thru"}:
        nxt = _word_after(sent, after.i)
        return nxt is not None and any(s.start == nxt.i for s in others)  # the first end
    return False


def _deadline_noun(sent: Span, expr: TimeExpr) -> bool:
    """Tell the date of a deadline ("before the November 15 deadline"): a plan's date."""
    span = sent.doc.char_span(expr.start, expr.end, alignment_mode="expand")
    return span is not None and any(
        r.head.lemma_.lower() in _DEADLINE_NOUNS for r in span_roots(span)
    )


def date_of_other_noun(sent: Span, anchor: Token, expr: TimeExpr) -> bool:
    """Tell a date that modifies a noun other than ``anchor``, an agreement's name included:
    a handover is not dated by "the 1962 Joint Declaration"."""
    return _of_other_noun(sent, anchor, expr, agreements=True)


def _of_other_noun(
    sent: Span,
    head: Token | None,
    expr: TimeExpr,
    *,
    agreements: bool = False,
    possessive: bool = True,
) -> bool:
    """Tell a date that modifies another noun ("based on May 12 closing prices", "the
    2001 summit took place after the signing") from one of the signing or of the agreement;
    without ``possessive``, "Today's move" is not counted (a day of the news)."""
    span = sent.doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    dated = len(expr.value) >= 7 and re.search(r"\b\d{4}\b", expr.text) is not None
    deps = {"compound", "nmod", "nummod", "amod", "poss"} - (set() if possessive else {"poss"})
    for root in span_roots(span):
        noun = root.head
        if root.dep_ not in deps or noun.i == root.i:
            continue
        if not possessive and any(c.dep_ == "case" for c in root.children):
            continue
        if noun.pos_ not in {"NOUN", "PROPN"} or (head is not None and noun.i == head.i):
            continue
        if dated and not any(c.dep_ in {"det", "poss"} and c.i < span.start for c in noun.children):
            # "On 4 December 2008 President X signed", "in July 1993 subject to": a month
            # or day with its year heads no noun it does not follow an article of ("a
            # November 1995 accord"); the parser slipped.
            continue
        if noun.lower_ in _TIME_NOUNS or (is_agreement_head(noun) and not agreements):
            continue
        # "signed at the May 3 summit": a meeting the signing happens at dates it.
        if noun.lemma_.lower() in _EVENT_NOUNS and noun.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        return True
    return False


_SPAN_WORDS = frozenset(["since", "until", "till", "through", "from", "after", "before", "by"])
_SPAN_TEXT = re.compile(r"^(?:the|this|that)\s+(?:year|month|week)$", re.IGNORECASE)


def _span_date(sent: Span, expr: TimeExpr) -> bool:
    """Tell a date that bounds or spans ("since April", "of the year") from a signing day."""
    if _SPAN_TEXT.match(expr.text.strip()):
        return True
    span = sent.doc.char_span(expr.start, expr.end, alignment_mode="expand")
    return span is not None and span.start > 0 and sent.doc[span.start - 1].lower_ in _SPAN_WORDS


def _date_of(sent: Span, head: Token, char: int) -> bool:
    """Tell a date that names the agreement ("the agreement of 10 November", "the May 2 deal")."""
    span = sent.doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None:
        return False
    return span[0].i < head.i or sent.doc[span[0].i - 1].lower_ == "of"


def _value_at(sent: Span, char: int) -> str:
    return next((t.value for t, _ in times_in(sent) if t.start == char), "")


def _on_noun_phrase(sent: Span, head: Token, char: int) -> bool:
    doc = sent.doc
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None:
        return False
    tok = span[0]
    if tok.i < head.i:
        # "the September 19 agreements" dates a signing; "today's ceasefire" names a day of
        # the ceasefire, and "a February 15 ceasefire" the day it starts.
        possessive = any(c.dep_ == "case" for t in span for c in t.children) or any(
            t.dep_ == "case" or t.tag_ == "POS" for t in span
        )
        if _is_ceasefire(head):
            return False
        if possessive:
            # "Friday's agreement", "yesterday's accord": the day it was reached; "this
            # year's deal" is a span, not a day.
            return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", _value_at(sent, char)))
        # "the 2006 agreement" names an agreement by its year, often one long signed
        # before the story; a day or month before the noun is its signing.
        if not re.match(r"\d{4}-\d{2}", _value_at(sent, char)):
            return False
        return not any(t.pos_ in {"VERB", "AUX", "ADP"} for t in sent.doc[span.end : head.i])
    while tok.i != tok.head.i and tok.i != head.i:
        if tok.pos_ in {"VERB", "AUX"} and tok.dep_ not in {"amod"}:
            return False
        tok = tok.head
    return tok.i == head.i


#: How many days before publication the story's own news may lie ("on Thursday").
_STORY_DAYS = 7


def _news_of(value: str, published: str) -> bool:
    """Tell a signing date that is news at publication: a day of the week before, or the
    month of publication."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        lag = (dt.date.fromisoformat(published) - dt.date.fromisoformat(value)).days
        return 0 <= lag <= _STORY_DAYS
    return value == published[:7]


def _story_dates(doc: Doc, records: list[Signed]) -> list[Signed]:
    """Date the undated past signings ("The ministers signed another deal") by the story's.

    The story's signing date is that of the nearest signing the text dates (before
    the undated one, else after); with none, the first date of the article that
    lies in the week up to its publication (the news of the day). An undated
    signing with neither is dropped: the text does not say when. Outside a news
    story (no day of publication: a report, a chronicle), an undated signing of
    another agreement may be years apart from the dated one, so only a restatement
    of the dated agreement itself (its words among the dated one's) is kept.
    """
    dated = [r for r in records if r.date_basis == "text" and not r.planned]
    news: TimeExpr | None = None
    pub = doc._.article.published if doc._.article is not None else None
    story = pub is not None and len(pub.value) == 10 and (not pub.inferred or pub.confidence >= 0.8)
    if pub is not None and story:
        day = dt.date.fromisoformat(pub.value)
        for expr in doc._.times or []:
            if len(expr.value) == 10 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", expr.value):
                where = doc.char_span(expr.start, expr.end, alignment_mode="expand")
                if where is not None and _of_other_noun(where.sent, None, expr, possessive=False):
                    continue  # "based on May 12 closing prices": no news of the day
                lag = (day - dt.date.fromisoformat(expr.value)).days
                if 0 <= lag <= _STORY_DAYS:
                    news = expr
                    break
    out: list[Signed] = []
    for r in records:
        if r.date_basis != "story":
            out.append(r)
            continue
        before = [d for d in dated if d.evidence.start <= r.evidence.start]
        nearest = before[-1] if before else dated[0] if dated else None
        if (
            story
            and pub is not None
            and nearest is not None
            and not _news_of(nearest.date.value, pub.value)
            and not _agreements.same_words(r.agreement.label, nearest.agreement.label)
        ):
            # "signed a similar pact in February" in a story of March 25, then "said it
            # signed an agreement in principle": another agreement, older than the news.
            nearest = None
        if not story and (
            nearest is None
            or not _agreements.same_words(r.agreement.label, nearest.agreement.label)
        ):
            continue
        source = nearest.date if nearest is not None else news
        if source is None:
            continue
        out.append(replace(r, date=replace(r.date, value=source.value, anchored=True)))
    return out


def extract(doc: Doc) -> Iterator[Signed]:
    """Yield an agreement – signed on – date record for every dated signing in ``doc``.

    Reads ``doc._.times`` (set by the pipeline with :func:`kg.timex.find_times`)
    for the dates; a Doc without times yields nothing. The mentions of one
    agreement get one Mention (:func:`kg.extract._agreements.merge`), and each
    record carries the agreement's effective date and deadlines when the article
    states them; those dates are never taken for a signing date.
    """
    if doc._.times is None:
        return
    side: list[tuple[str, str, TimeExpr]] = []
    side_brokers: list[tuple[str, Mention]] = []
    records: list[Signed] = []
    seen: dict[str, Mention] = {}
    for sent in _agreements.sentences(doc):
        for head, kind, expr in _agreements.side_dates(sent, is_agreement_head):
            side.append((agreement_mention(head).label, kind, expr))
        for head in sent:
            # "The accord ... was mediated by Norway": brokers named outside the signing clause.
            if is_agreement_head(head) and _signing_verb(head) is None:
                for broker in _brokers(head, None):
                    side_brokers.append((agreement_mention(head).label, broker))
        not_signing = {(e.start, e.end) for _, _, e in side}
        for record in _from_sentence(sent):
            if (record.date.start, record.date.end) in not_signing and not record.planned:
                continue
            # One label, one Mention per article: later mentions reuse the first.
            first = seen.setdefault(record.agreement.label, record.agreement)
            if first is not record.agreement:
                record = replace(
                    record,
                    agreement=replace(record.agreement, label=first.label, kind=first.kind),
                )
            records.append(record)
    records = _story_dates(doc, records)
    pub = doc._.article.published if doc._.article is not None else None
    day = pub.value if pub is not None and not pub.inferred else None
    records = [
        replace(r, date=_agreements.forward(doc, r.date, day) or r.date) if r.planned else r
        for r in records
    ]
    done = _agreements.merge([r for r in records if not r.planned])
    planned = _agreements.merge([r for r in records if r.planned])
    for record in sorted(done + planned, key=lambda r: r.evidence.start):
        names = {record.agreement.label, *record.agreement.aliases}
        mine = [
            (k, e) for label, k, e in side if any(_agreements.same_words(label, n) for n in names)
        ]
        effective = next((e for k, e in mine if k == "effective"), None)
        deadlines = tuple(e for k, e in mine if k == "deadline")
        if effective is not None or deadlines:
            record = replace(record, effective=effective, deadlines=deadlines)
        known = {m.label for m in (*record.parties, *record.brokers)}
        more = [
            b
            for label, b in side_brokers
            if b.label not in known and any(_agreements.same_words(label, n) for n in names)
        ]
        if more:
            record = replace(record, brokers=(*record.brokers, *_agreements.union(more)))
        log.debug("signed: %s on %s", record.agreement.label, record.date.value)
        yield replace(record, evidence=_agreements.as_written(doc, record.evidence))
