"""Extract actor – said – claim: direct quotes, reported speech and "according to".

Reads the sentences of the fact zones (body, captions) and yields one
:class:`~kg.records.Said` per attribution it can pin on a named actor:

- direct quotes with the attribution after (“…,” Zakharova said), before
  (Aliyev said: “…”), or relayed (“…,” the president was quoted by Azertac as
  saying); a quote may span several sentences;
- reported speech: a speech verb with a complement clause, the speaker before
  (Aliyev said the liberation …) or after (…, Lavrov said.);
- "according to X", X an actor or a source such as a poll (not the text of
  an agreement: "according to the document");
- headlines and sub-headlines ("Maria Zakharova: Russia welcomes ...",
  "EU can contribute to stability, says President Ilham Aliyev"), unless the
  story itself reports the same claim.

Beliefs and feelings without a speech act ("believes", "hopes"), scare quotes
with no speech cue, and claims whose speaker cannot be resolved are skipped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import pairwise

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from kg.article import Zone
from kg.extract._clauses import fact_sentences, text_of
from kg.extract.quotes import Quote, find_quotes, strip_marks
from kg.extract.speakers import SpeakerResolver, word_set
from kg.nlp import sentence_zone
from kg.records import ClaimKind, Evidence, Mention, Said, TimeExpr

log = logging.getLogger(__name__)

NAME = "said"
VERSION = "0.1.0"

#: Lemmas of verbs that report a speech act (not a belief or feeling).
SPEECH_VERBS = word_set(
    """
    say tell state stress note underline add announce pledge insist warn claim declare
    explain emphasize emphasise reiterate confirm deny argue assert reply respond answer
    comment acknowledge admit promise vow predict suggest remark recall report write tweet
    allege contend caution concede maintain urge affirm proclaim testify disclose reveal
    complain boast joke quip observe mention assure inform propose post echo remind
    recommend lament tout email text plead reaffirm retort counter muse
    repeat highlight imply forecast confess brag protest retweet
    recount charge express voice
    """
)

#: Objects that make a speech verb report a figure or an event, not speech: "posted a
#: 222% rise", "reported a loss", "announced its results", "recorded sales of ...".
#: With a clause the verb is speech again ("reported that profits fell").
RESULT_NOUNS = word_set(
    """
    rise increase fall drop decline gain loss losses profit profits revenue revenues sale sales
    earnings result results figure figures growth deficit surplus jump slump surge dividend
    turnover income output margin margins record slowdown rebound downturn upturn
    agreement deal accord treaty merger acquisition takeover
    """
)
#: The speech verbs that take such objects (the verb-object kinds that are not speech).
RESULT_VERBS = word_set("post report announce record unveil issue publish release")

#: Verbs that report speech only next to a quote: “Why?” she asked; he continued, “…”.
QUOTE_CUES = word_set("continue shout yell chant exclaim scream whisper laugh read begin conclude")

#: Verbs whose claim is the object of one preposition: "spoke about the economy",
#: "pointed to rising costs", "railed against the deal", "asked about the raids".
ABOUT_CUES = {
    "talk": ("about",),
    "speak": ("about", "of", "against"),
    "argue": ("for", "against"),
    "point": ("to",),
    "rail": ("against",),
    "lash": ("at",),
    "complain": ("about",),
    "write": ("about",),
    "ask": ("about",),
    "warn": ("about", "of", "against"),
    "testify": ("about",),
    "joke": ("about",),
    "boast": ("about",),
    "brag": ("about",),
    "comment": ("on",),
    "elaborate": ("on",),
    "weigh": ("in",),
    "apologize": ("for",),
    "apologise": ("for",),
}

#: About-verbs whose object alone is a claim: "pointed to attacks on her campaign".
ABOUT_OBJECT_CUES = word_set(
    "point rail lash warn complain apologize apologise boast brag testify argue"
)

#: Verbs that name or describe something: "called the deal “a disgrace”",
#: "described the talks as useful". Their claim is the object with what it was called.
NAMING_CUES = word_set("call describe label dub brand term")

#: Speech verbs whose claim may be an infinitive: "urged Britain to remain",
#: "pledged to oppose", "called on the parties to respect the ceasefire".
DIRECTIVE_CUES = SPEECH_VERBS | word_set(
    "urge ask pledge vow promise threaten demand appeal call invite encourage challenge "
    "order request advise implore"
)

#: Directive verbs whose "for" names what was asked: "called for a ban", "pressed for talks".
FOR_CUES = word_set("call appeal press push plead")

#: Verbs of praise, blame and refusal whose claim is their object: "condemned the
#: raids as inhumane", "accused him of sexism", "denied the reports".
EVALUATIVE_CUES = word_set(
    """
    accuse condemn praise criticize criticise blast slam deny reject dismiss welcome
    applaud blame attack defend endorse thank congratulate denounce decry hail cite
    question mock ridicule assail rip liken compare scold chide fault
    """
)

#: Speech verbs whose object is whom they address ("told reporters"), not what was said.
ADDRESSEE_CUES = word_set("tell inform assure remind warn urge ask answer reply respond email text")

_WH = word_set("how what why whether who when where if which")
#: Verbs whose object is a claim only when it is a clause:
#: "discussed how the deal failed", not "discussed the deal".
TOPIC_CUES = word_set("discuss")

#: Every cue that is not a plain speech verb.
_CUES_WITHOUT_ABOUT = QUOTE_CUES | NAMING_CUES | DIRECTIVE_CUES | EVALUATIVE_CUES | TOPIC_CUES
OTHER_CUES = _CUES_WITHOUT_ABOUT | frozenset(ABOUT_CUES)

#: Verbs that are cues only with a particle: "pointed out that", "laid out his plan".
PHRASAL_CUES = {"point": "out", "lay": "out"}
#: Phrasal cues whose object is what was said: "laid out his plan for the economy".
PHRASAL_OBJECT_CUES = word_set("lay")

#: Nouns naming a text, not an actor: "according to the document" gives no speaker.
DOCUMENT_NOUNS = word_set(
    """
    statement report document data figure figures survey poll study letter release
    communique communiqué text agreement deal record records estimate estimates analysis
    census source sources reports account accounts version memo transcript filing
    website site post tweet list map law decree resolution ruling
    """
)

CONTENT_DEPS = ("ccomp",)
_BETWEEN_AFTER = re.compile(r"[\s,—–-]*")  # closing mark … speaker
_INTRO = re.compile(r"[ \t]*[,:—–][ \t]*")  # cue … opening mark
_INTRO_PARAGRAPH = re.compile(r"[ \t]*:[ \t]*\n\s*")  # "Cruz continued:" / a quote paragraph
_CONTINUE_GAP = re.compile(r"[\s.,;:!?]*")  # a quote … the next quote of the same speaker
_TIME_AFTER = re.compile(r"\s*(?:on|last|this|early|late)?\s*")
_TIME_BEFORE = re.compile(r"[\s,]*")
_SENTENCE_END_MARK = re.compile(r"[.!?][\"'”’]*\s+")
#: Abbreviations whose period ends no sentence ("Texas Sen. Ted Cruz", "Smith Jr. said").
ABBREVIATIONS = word_set(
    "mr mrs ms dr st sen rep gov gen lt col sgt capt prof jr sr inc co corp ltd no vs rev hon "
    "adm cmdr maj supt messrs jan feb aug sept oct nov dec"
)


class _SentenceEnd:
    """Find sentence ends in raw text: a stop and a space, not after an abbreviation or initial."""

    @staticmethod
    def _real(text: str, m: re.Match[str]) -> bool:
        word = re.search(r"(\w+)$", text[max(0, m.start() - 12) : m.start()])
        if word is None:
            return True
        w = word.group(1)
        return not ((len(w) == 1 and w.isupper()) or w.lower() in ABBREVIATIONS)

    def finditer(self, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
        for m in _SENTENCE_END_MARK.finditer(text, start, end):
            if text[m.start()] != "." or self._real(text, m):
                yield m

    def search(self, text: str, start: int, end: int) -> re.Match[str] | None:
        return next(self.finditer(text, start, end), None)


_SENTENCE_END = _SentenceEnd()


@dataclass(frozen=True, slots=True)
class _Cue:
    """A speech cue and the tokens of its attribution."""

    token: Token  # the verb ("said", "saying") or "according"
    subject: Token  # head of the speaker phrase
    speaker: Span
    relay: Token | None = None  # "Azertac" in "quoted by Azertac as saying"


def extract(doc: Doc) -> Iterator[Said]:
    """Yield every attribution (actor – said – claim) found in the fact zones of ``doc``."""
    text = text_of(doc)
    quotes = find_quotes(text)
    resolver = SpeakerResolver(doc)
    used_quotes: set[Quote] = set()
    times: list[TimeExpr] = list(doc._.times or [])
    body: list[Said] = []
    for sent in _sentences(doc, text, quotes):
        found = [
            (cue, said)
            for cue in _cues(sent, quotes, resolver)
            for said in _read(doc, sent, cue, quotes, used_quotes, resolver, times)
        ]
        for cue, said in found:
            # speech reported inside another claim is that speaker's claim, not a new one
            if any(
                o is not said
                and o.kind != "direct"
                and o.claim_start <= cue.token.idx < o.claim_end
                for _, o in found
            ):
                continue
            resolver.note_speaker(said.speaker)
            body.append(said)
            yield said
        for cue in _noun_lead_in(sent, text, quotes, resolver):
            for said in _read(doc, sent, cue, quotes, used_quotes, resolver, times):
                if said.kind == "direct":
                    resolver.note_speaker(said.speaker)
                    body.append(said)
                    yield said
        for said in _according_to(doc, sent, quotes, resolver):
            if said.speaker.kind != "Unnamed":
                resolver.note_speaker(said.speaker)  # "according to the statement" next
            body.append(said)
            yield said
    # headlines last: a headline restating a claim of the story adds no fact of its own
    for sent in doc.sents:
        if sentence_zone(doc, sent.start_char) != Zone.HEADLINE or not sent.text.strip():
            continue
        for said in _headline(doc, sent, quotes, resolver, times):
            if not any(_restates(said, b) for b in body):
                body.append(said)
                yield said


def _sentences(doc: Doc, text: str, quotes: list[Quote]) -> Iterator[Span]:
    """Yield the fact sentences, with a line the reader took for a heading when it is a
    lead-in to the quote that opens the next paragraph ("Cruz continued:" / “…”)."""
    starts = {q.start for q in quotes}
    fact = {(s.start, s.end) for s in fact_sentences(doc)}
    for sent in doc.sents:
        if (sent.start, sent.end) in fact:
            yield sent
            continue
        line = sent.text.rstrip()
        if sentence_zone(doc, sent.start_char) != Zone.HEADING or not line.endswith(":"):
            continue
        nxt = sent.start_char + len(line)
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        if nxt in starts:
            yield sent


#: Nouns of something said whose owner's words a colon introduces: "his message:".
SPEECH_NOUNS = word_set("message statement remarks words speech address post tweet")


def _noun_lead_in(
    sent: Span, text: str, quotes: list[Quote], resolver: SpeakerResolver
) -> Iterator[_Cue]:
    """Yield the cue of a lead-in that ends with a colon and names whose words follow.

    "Here's a translation of his message:" / “Today is a historic day. …”: the
    quote that opens the next paragraph is the message's owner's.
    """
    line = sent.text.rstrip()
    if not line.endswith(":") or _inside(quotes, sent.start_char):
        return
    nxt = sent.start_char + len(line)
    while nxt < len(text) and text[nxt].isspace():
        nxt += 1
    if nxt not in {q.start for q in quotes} or "\n" not in text[sent.start_char + len(line) : nxt]:
        return
    noun = next(
        (
            t
            for t in reversed(sent)
            if t.pos_ == "NOUN" and t.lemma_.lower() in SPEECH_NOUNS and not t.is_punct
        ),
        None,
    )
    if noun is None or any(t.i > noun.i and not t.is_punct for t in sent):
        return  # the noun must end the lead-in
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return
    yield _Cue(noun, owner, resolver.phrase(owner))


# -- cues ------------------------------------------------------------------------


def _inside(quotes: list[Quote], offset: int) -> Quote | None:
    """Return the quote whose marks enclose ``offset``."""
    for q in quotes:
        if q.inner_start <= offset < q.inner_end:
            return q
    return None


def _subject(verb: Token) -> Token | None:
    """Return the subject of ``verb``, borrowed from the verb it hangs on when it has none."""
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
                    return _predicated(verb.head)
                return child
        # "Large majorities of voters going to the polls said": the parser makes the
        # participle a clausal subject; its own subject is the speakers
        csubj = next((c for c in verb.children if c.dep_ == "csubj" and c.i < verb.i), None)
        if csubj is not None:
            inner = next((c for c in csubj.children if c.dep_ == "nsubj"), None)
            if inner is not None:
                return inner
        # "About 4 in 10 say ...": a poll's share, parsed as a number on the verb
        share = next(
            (c for c in verb.children if c.dep_ == "nummod" and c.i < verb.i and c.pos_ == "NUM"),
            None,
        )
        if share is not None:
            return share
        # "Putin said the rights had been abused and insisted that ...": the parser hangs
        # the second cue on the first one's claim; its speaker is the first cue's
        head = verb.head
        if (
            verb.dep_ == "conj"
            and head.dep_ in CONTENT_DEPS
            and head.head.pos_ == "VERB"
            and head.head.lemma_.lower() in SPEECH_VERBS
            and verb.lemma_.lower() in SPEECH_VERBS | OTHER_CUES
        ):
            verb = head.head
            continue
        # "Lee said the plan has failed, noting that ...": the parser hangs the participle
        # on the reported clause; whoever says the one notes the other
        if (
            verb.dep_ == "advcl"
            and verb.tag_ == "VBG"
            and head.dep_ in CONTENT_DEPS
            and head.i < verb.i
            and _is_cue(head.head)
        ):
            verb = head.head
            continue
        if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head
            continue
        # "The party issued a statement saying ...", "sent an email saying ...": the sender
        if (
            verb.dep_ == "acl"
            and verb.tag_ == "VBG"
            and verb.head.dep_ == "dobj"
            and verb.head.lemma_.lower() in SPEECH_NOUNS | DOCUMENT_NOUNS
            and verb.head.head.pos_ == "VERB"
        ):
            verb = verb.head.head
            continue
        # "Bolton distanced himself from them by saying he would help": the subject of
        # the verb the preposition hangs on
        if (
            verb.dep_ == "pcomp"
            and verb.tag_ == "VBG"
            and verb.head.dep_ == "prep"
            and verb.head.head.pos_ in ("VERB", "AUX")
        ):
            verb = verb.head.head
            continue
        # "Voters were more likely to say ...": the infinitive hangs on the adjective
        if (
            verb.dep_ == "xcomp"
            and verb.head.lemma_.lower() in _LIKELY
            and verb.head.dep_ == "acomp"
            and verb.head.head.pos_ in ("VERB", "AUX")
        ):
            verb = verb.head.head
            continue
        # "Activists clamoring to block him say ...": the parser makes the participle
        # the root and hangs the speech verb on it; its subject is the speaker's
        if verb.dep_ == "dep" and verb.head.i < verb.i and verb.head.pos_ == "VERB":
            verb = verb.head
            continue
        break
    doc = verb.doc
    # “…,” added another Democrat / “…,” said the woman, who ...: the speaker follows a cue
    # that follows its quote, and the parser took it for an object or a clause's subject
    if verb.i > 0 and doc[verb.i - 1].text in _CLOSING_MARKS:
        chunk = next((c for c in doc.noun_chunks if c.start == verb.i + 1), None)
        if chunk is not None and chunk.root.pos_ in ("NOUN", "PROPN"):
            return chunk.root
    # a misparse leaves the name next to the verb without the nsubj label
    # ("Receiving credentials of ..., President Ilham Aliyev said: ...")
    if (
        verb.i > 0
        and doc[verb.i - 1].pos_ == "PROPN"
        and doc[verb.i - 1].ent_type_ not in ("DATE", "TIME")
    ):
        return doc[verb.i - 1]
    # "In a statement to the Observer, her adviser, Jake Sullivan, said": the parser hung
    # the speaker on the medium as an apposition
    if (
        verb.i > 1
        and doc[verb.i - 1].text == ","
        and doc[verb.i - 2].dep_ == "appos"
        and doc[verb.i - 2].ent_type_ in ("PERSON", "ORG")
    ):
        return doc[verb.i - 2]
    # "At the convention Sen. Jane Roe (D-MA) said ...", "..., John Doe, 44, said ...": the
    # parser hung the name, with its bracket or age, on the phrase before it
    if verb.i > 0:
        t = doc[verb.i - 1]
        for _ in range(3):
            if (
                t.dep_ == "appos"
                and t.pos_ == "PROPN"
                and t.ent_type_ in ("PERSON", "ORG")
                and t.right_edge.i == verb.i - 1
            ):
                return t
            if t.head.i >= verb.i or t.head.i == t.i:
                break
            t = t.head
    if verb.i + 1 < len(doc) and doc[verb.i + 1].ent_type_ in ("PERSON", "ORG"):
        return doc[verb.i + 1]
    return None


_CLOSING_MARKS = frozenset(('"', "”", "''", "’", "'"))
_QUOTE_MARKS = _CLOSING_MARKS | frozenset(("“", "``", "‘", "«", "»", "„"))


def _predicated(noun: Token) -> Token:
    """Return the subject a predicate noun describes: "Trump is a liar and a bully who ..."."""
    head = noun
    for _ in range(8):
        if head.dep_ in ("conj", "appos") and head.head.i < head.i:
            head = head.head
            continue
        break
    if head.dep_ == "attr" and head.head.lemma_ == "be":
        subj = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subj
    return noun


#: Adjectives whose infinitive the subject does: "voters were more likely to say ...".
_LIKELY = word_set("likely unlikely apt quick slow eager willing reluctant")


def _is_cue(token: Token) -> bool:
    """Return True for a speech verb used as one (not negated, not a noun)."""
    if token.pos_ != "VERB":
        return False
    lemma = token.lemma_.lower()
    if lemma in PHRASAL_CUES and _about(token) is None:  # "pointed out", "pointed to"
        return any(c.dep_ == "prt" and c.lower_ == PHRASAL_CUES[lemma] for c in token.children)
    if lemma == "put":  # "as Ann Lee put it, “…”"
        return _put_it(token) and not any(c.dep_ == "neg" for c in token.children)
    if lemma not in SPEECH_VERBS and lemma not in OTHER_CUES:
        return False
    # "when asked whether ...", "he was told that ...": the subject did not say it
    deps = {c.dep_ for c in token.children}
    passive = bool(deps & {"auxpass", "nsubjpass"}) or (token.tag_ == "VBN" and "aux" not in deps)
    if passive and "nsubj" not in deps and _reported_by(token) is None:
        return False
    # "spoke", "talked" report speech only with what they were about
    only_about = lemma in ABOUT_CUES and lemma not in SPEECH_VERBS | _CUES_WITHOUT_ABOUT
    if only_about and _about(token) is None:
        return False
    return not any(c.dep_ == "neg" for c in token.children)


def _put_it(verb: Token) -> bool:
    """Tell whether ``verb`` is "put it" as a cue: "As Ann Lee put it, “…”"."""
    return verb.lemma_.lower() == "put" and any(
        c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children
    )


def _reported_by(verb: Token) -> Token | None:
    """Return X of an aside "as reported by X", "as first noted by X" (the passive cue's agent)."""
    if verb.tag_ != "VBN" or not any(c.lower_ == "as" and c.i < verb.i for c in verb.children):
        return None
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is None:
        return None
    return next((c for c in agent.children if c.dep_ == "pobj"), None)


def _about(verb: Token) -> Token | None:
    """Return the preposition that holds an ``ABOUT_CUES`` verb's claim: "spoke about"."""
    preps = ABOUT_CUES.get(verb.lemma_.lower(), ())
    for c in verb.children:
        if c.dep_ in ("prep", "prt") and c.lower_ in preps and c.i > verb.i:
            if c.dep_ == "prt":  # "lashed out at": the preposition hangs on the verb too
                continue
            if any(g.dep_ in ("pobj", "pcomp") for g in c.children):
                return c
    return None


def _cues(sent: Span, quotes: list[Quote], resolver: SpeakerResolver) -> Iterator[_Cue]:
    """Yield the speech cues of ``sent`` with their speaker phrase, outside quotes."""
    for tok in sent:
        if not _is_cue(tok) or _inside(quotes, tok.idx):
            continue
        relay: Token | None = None
        subj: Token | None
        # "… the president was quoted by Azertac as saying"
        if tok.dep_ == "pcomp" and tok.head.lower_ == "as" and tok.head.head.lemma_ == "quote":
            quoted = tok.head.head
            subj = next((c for c in quoted.children if c.dep_ == "nsubjpass"), None)
            agent = next((c for c in quoted.children if c.dep_ == "agent"), None)
            if agent is not None:
                relay = next((c for c in agent.children if c.dep_ == "pobj"), None)
        else:
            subj = _reported_by(tok) or _subject(tok)
        if subj is not None and _inside(quotes, subj.idx):
            quoted_subject = subj
            # “… Kherson,” Zelenskyy wrote: the parser took a quoted word for a second subject
            subj = next(
                (
                    c
                    for c in tok.children
                    if c.dep_ == "nsubj" and c.i != subj.i and not _inside(quotes, c.idx)
                ),
                None,
            )
            if subj is None:
                # “Very good reporter,” Trump, the frontrunner, said: the quote was taken for
                # the subject and the name for its apposition
                subj = next(
                    (
                        c
                        for c in quoted_subject.children
                        if c.dep_ == "appos" and c.pos_ == "PROPN" and not _inside(quotes, c.idx)
                    ),
                    None,
                )
        if subj is None:
            continue
        # "The UN's Special Representative for West Africa, Said Djinnit, said": the name
        named = next(
            (c for c in subj.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None
        )
        if named is not None and subj.ent_type_ != "PERSON":
            subj = named
        yield _Cue(tok, subj, resolver.phrase(subj), relay)


# -- claims ----------------------------------------------------------------------


def _attribution_bounds(cue: _Cue) -> tuple[int, int]:
    """Return the character span covering the speaker and the cue (and the relay)."""
    toks = [cue.token, cue.speaker[0], cue.speaker[-1]]
    if cue.relay is not None:
        toks.append(cue.relay)
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    return start, end


def _quote_after_cue(doc: Doc, cue: _Cue, quotes: list[Quote], end: int) -> Quote | None:
    """Return the quote opening right after the attribution: ``Aliyev said: “…”``."""
    text = text_of(doc)
    q = next((q for q in quotes if q.start >= end), None)
    if q is None:
        return None
    # let the cue's own modifiers sit between it and the quote ("said on Wednesday:")
    reach = _reach(cue, end, q.start)
    # a colon or comma in the same paragraph must introduce it (not "called it “a disaster”"),
    # or a colon that ends the paragraph the quote follows ("Cruz continued:" / “…”)
    if _INTRO.fullmatch(text, reach, q.start):
        return q
    # “A,” said Ann Lee, director of a school in Ohio, “but B”: the speaker's description
    # stands between the cue and the rest of the quote
    described = cue.subject.right_edge
    if (
        cue.subject.i > cue.token.i
        and described.i > cue.speaker.end - 1
        and reach <= described.idx
        and _INTRO.fullmatch(text, described.idx + len(described.text), q.start)
    ):
        return q
    m = _INTRO_PARAGRAPH.fullmatch(text, reach, q.start)
    if m is not None and text[reach : q.start].count("\n") <= 2 and _quote_opens_line(text, q):
        return q
    return None


def _says_something(verb: Token) -> bool:
    """Tell whether a cue has what was said after it, or is an aside ("X, he said, Y")."""
    return verb.dep_ in ("parataxis", "advcl", "ccomp") or any(
        c.i > verb.i and c.dep_ in (*CONTENT_DEPS, "dobj", "xcomp", "oprd") for c in verb.children
    )


_STOP_THEN_QUOTE = re.compile(r"[ \t]*\.[ \t]+")


def _quote_next_sentence(
    doc: Doc, cue: _Cue, quotes: list[Quote], used: set[Quote], end: int
) -> list[Quote]:
    """Return the quote opening the sentence after a cue that ends its own with a stop.

    Only when nothing follows the cue but its own modifiers ("said in a statement.")
    and the quote has no attribution of its own after it; [] otherwise.
    """
    text = text_of(doc)
    q = next((q for q in quotes if q.start >= end), None)
    if q is None or q in used:
        return []
    reach = _reach(cue, end, q.start)
    if _STOP_THEN_QUOTE.fullmatch(text, reach, q.start) is None:
        return []
    return _runs_on(doc, q, q.start, quotes, used)[:1]


def _quote_opens_line(text: str, q: Quote) -> bool:
    """Tell whether ``q`` opens its paragraph."""
    return q.start == 0 or text[text.rfind("\n", 0, q.start) + 1 : q.start].strip() == ""


def _reach(cue: _Cue, end: int, limit: int) -> int:
    """Return where the attribution ends, with the cue's own modifiers ("said on Wednesday")."""
    reach = end
    for child in cue.token.rights:
        sub = list(child.subtree)
        last = sub[-1].idx + len(sub[-1].text)
        if (
            child.dep_ in ("prep", "npadvmod", "advmod", "dative", "dobj")
            and last <= limit
            and not any(t.pos_ in ("VERB", "AUX") for t in sub)  # "no matter what X takes"
        ):
            reach = max(reach, last)
    return reach


def _attribution_end(doc: Doc, end: int) -> int:
    """Return where the sentence of an attribution that follows its quote ends.

    ``“A,” said Will Doyle, a professor at Vanderbilt. “B.”``: the speaker's
    description belongs to the attribution, so B may carry on A after it.
    """
    text = text_of(doc)
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    m = _SENTENCE_END.search(text, end, line_end)
    if m is None:
        return line_end
    return m.start() + 1


def _runs_on(
    doc: Doc, last: Quote, start: int, quotes: list[Quote], used: set[Quote]
) -> list[Quote]:
    """Return the quotes that carry on a speaker's quote with no attribution of their own.

    ``“A,” Klein said. “B.”``: B follows the attribution within its paragraph and
    no speech verb follows it up to the next quote or the paragraph's end, so it
    is Klein's too. A paragraph that opens with a quote mark continues ``last`` only when
    ``last`` ran on to it (the multi-paragraph convention).
    """
    text = text_of(doc)
    out: list[Quote] = []
    pos = start
    # the attribution ended inside a quoted title: ``said on ABC's "This Week." "B."``
    title = next((q for q in quotes if q.start < pos < q.end), None)
    if title is not None:
        pos = title.end
    for q in quotes:
        if q.start < pos:
            continue
        gap = text[pos : q.start]
        if q in used or not _CONTINUE_GAP.fullmatch(gap):
            break
        if "\n" in gap and not (last.runs_on or _whole_paragraph(text, q, gap)):
            break
        line_end = text.find("\n", q.end)
        tail_end = min(
            (n.start for n in quotes if n.start >= q.end),
            default=len(text) if line_end < 0 else line_end,
        )
        if line_end >= 0:
            tail_end = min(tail_end, line_end)
        # only the sentence the quote ends: "…,'' which votes June 7. Still, he said"
        if text[q.start : q.end].rstrip("\"'”’ ").endswith("."):
            tail_end = q.end  # “B.” ends its sentence: what follows is not its attribution
        elif (stop := _SENTENCE_END.search(text, q.end, tail_end)) is not None:
            tail_end = stop.start()
        tail = doc.char_span(q.end, tail_end, alignment_mode="expand")
        if tail is not None and any(_is_cue(t) for t in tail):
            break  # the quote has an attribution of its own
        out.append(q)
        last, pos = q, q.end
    return out


def _whole_paragraph(text: str, q: Quote, gap: str) -> bool:
    """Tell whether ``q`` is the whole next paragraph (“A,” Collins said. / “B.”)."""
    if gap.count("\n") > 2:
        return False
    line_end = text.find("\n", q.end)
    return not text[q.end : line_end if line_end >= 0 else len(text)].strip()


def _answers(text: str, before: Quote, cue: _Cue, after: Quote | None, end: int) -> bool:
    """Tell whether an attribution opens a sentence of its own and introduces the quote after it.

    “Would you have told her?” He answered, “I have no idea.”: the quote before
    closes its sentence and the speaker opens the next one with a capital, so the
    quote before is not the speaker's; the one the comma introduces is.
    """
    return (
        after is not None
        and before.inner(text).rstrip().endswith(("?", ".", "!"))
        and cue.speaker[0].i < cue.token.i
        and cue.speaker[0].pos_ == "PRON"
        and cue.speaker[0].text[:1].isupper()
        and _INTRO.fullmatch(text, end, after.start) is not None
    )


def _quote_before_cue(doc: Doc, start: int, quotes: list[Quote]) -> Quote | None:
    """Return the quote closing right before the attribution: ``“…,” Zakharova said``."""
    text = text_of(doc)
    for q in reversed(quotes):
        # not across a line break: a quoted heading ("Blair: “Courage has triumphed”") ends there
        gap = text[q.end : start]
        if q.end <= start and "\n" not in gap and _BETWEEN_AFTER.fullmatch(gap):
            return q
    return None


def _lead_in(doc: Doc, quote: Quote) -> int | None:
    """Return where the clause a quote ends starts, when words precede the quote in it.

    ``It was “strategic,” Hemsley said`` quotes one word of Hemsley's claim
    "It was strategic"; a quote that opens its sentence (or follows a colon) has
    no lead-in and None is returned.
    """
    # sentence splits around quote marks are unreliable, so look back in the text itself
    text = text_of(doc)
    line = text.rfind("\n", 0, quote.start) + 1
    ends = list(_SENTENCE_END.finditer(text, line, quote.start))
    sent_start = ends[-1].end() if ends else line
    prefix = text[sent_start : quote.start]
    if not any(ch.isalnum() for ch in prefix) or prefix.rstrip().endswith(":"):
        return None
    return sent_start + len(prefix) - len(prefix.lstrip())


def _trim(tokens: list[Token]) -> list[Token]:
    """Drop a leading "that", leading/trailing punctuation and trailing conjunctions."""
    while tokens and (
        tokens[0].is_punct
        or (tokens[0].lower_ == "that" and tokens[0].dep_ == "mark")
        or tokens[0].dep_ == "cc"
    ):
        tokens = tokens[1:]
    while tokens and (
        (tokens[-1].is_punct and tokens[-1].text not in '”"') or tokens[-1].dep_ == "cc"
    ):
        tokens = tokens[:-1]
    return tokens


#: Subjects of a saying rather than a report: "as they say", "as you know".
_GENERIC_SAYERS = word_set("they you one people")


def _content(cue: _Cue) -> list[Token]:
    """Return the reported clause of an indirect attribution (tokens, in order)."""
    verb = cue.token
    clause = _reported_clause(cue)
    if clause is not None and clause.i < verb.i and _not_before(cue, clause):
        clause = None
    if (around := _set_off_clauses(cue)) is not None:
        # "It is no surprise, Mr. Garin said, that Mrs. Clinton did better": both sides
        lead, after = around
        toks = sorted({*lead.subtree, *after.subtree}, key=lambda t: t.i)
        return _trim(_before_next_speech(after, toks))
    if clause is None:
        clause = _clause_in_medium(verb)
        if clause is not None:
            return _trim(_before_next_speech(clause, sorted(clause.subtree, key=lambda t: t.i)))
        if (host := _clause_hosting(verb)) is not None:
            toks = [t for t in host.subtree if t.i > verb.right_edge.i]
            return _trim(_before_next_speech(host, toks))
    if clause is not None:
        toks = sorted(clause.subtree, key=lambda t: t.i)
        # a second reported clause on the same side: "says X and it's Y" (parsed as two ccomps)
        for other in verb.children:
            if other.dep_ in CONTENT_DEPS and other.i > clause.i and clause.i > verb.i:
                toks += list(other.subtree)
        # a clause coordinated with the first one: "said X and that Y", "says X and
        # it's his business" (a subject of its own); not "said X and accused Y"
        for sib in verb.children:
            if (
                sib.dep_ == "conj"
                and sib.i > clause.i
                and not _is_cue(sib)
                and any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in sib.children)
            ):
                toks += list(sib.subtree)
            elif (
                sib.dep_ == "conj"
                and sib.i > clause.right_edge.i > verb.i
                and not _is_cue(sib)
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in sib.children)
                and verb.tag_ == "VBD"
                and _tense(sib) in ("VBP", "VBZ")
            ):
                # "said the groups have been mobilized and are ready to ...": a present
                # tense cannot go with the past of the cue; it goes with the claim
                toks += list(sib.subtree)
        # an adverbial clause between the cue and its claim belongs to the claim:
        # "says no matter what Obama does, “his word does not trump ...”"
        for child in verb.children:
            sub = list(child.subtree)
            if (
                verb.i < child.i < clause.left_edge.i
                and child.dep_ in ("advmod", "advcl", "prep")
                and any(t.pos_ in ("VERB", "AUX") for t in sub)
            ):
                toks += sub
        # an adverbial clause the parser hung on the cue after the claim belongs to it:
        # "said money is needed to develop a vaccine, educate the public and ..."
        if clause.i > verb.i:
            for child in verb.children:
                if (
                    child.dep_ == "advcl"
                    and child.i > clause.i
                    and child.tag_ != "VBG"  # "…, adding that …" reports speech of its own
                    and not any(_is_cue(t) for t in child.subtree)
                ):
                    toks += list(child.subtree)
        toks = sorted(set(toks), key=lambda t: t.i)
        toks = _before_next_speech(clause, toks)
        if toks and toks[0].i > verb.i:
            return _trim(toks)
        if clause.i > verb.i and all(
            t.tag_ in ("WDT", "WP") for t in toks if t.i < verb.i and not t.is_punct
        ):
            # "the rules, which officials said will take effect in May": the relative
            # pronoun stands for the noun before it; what was said is after the cue
            return _trim([t for t in toks if t.i > verb.i])
        # the clause precedes the cue ("…, Lavrov said."): stop before the speaker
        first = min(cue.speaker[0].i, verb.i)
        return _trim([t for t in toks if t.i < first])
    if (
        verb.dep_ == "advcl"
        and verb.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and not any(
            ((c.dep_ == "dobj" and not _put_it(verb)) or (c.dep_ == "prep" and not _when_or_how(c)))
            and c.i > verb.i
            for c in verb.children
        )
        and cue.subject.lower_ not in _GENERIC_SAYERS  # "as they say, ...": a saying
    ):
        # "As the Post reported today, the inspector general issued subpoenas": the clause
        # the "as" aside hangs on is the claim ("as he said in May" leaves no object)
        aside = set(verb.subtree)
        return _trim([t for t in verb.head.subtree if t not in aside])
    if (verb.dep_ == "parataxis" or _trailing_conj(cue)) and verb.head.pos_ in ("VERB", "AUX"):
        # "But the years that followed, he said, brought a shift": the sentence around it
        aside = set(verb.subtree)
        return _trim([t for t in verb.head.subtree if t not in aside])
    lemma = verb.lemma_.lower()
    if lemma in ABOUT_CUES and (prep := _about(verb)) is not None:
        topic = next(g for g in prep.children if g.dep_ in ("pobj", "pcomp"))
        words = _trim(_without_asides(sorted(topic.subtree, key=lambda t: t.i)))
        # "spoke about how the deal failed" says something; "spoke about a treaty" names a
        # topic, but "pointed to attacks on her campaign" and "warned of a crisis" say it
        # "spoke out against the plan" takes a side: its object alone is said too
        if (
            any(t.pos_ in ("VERB", "AUX") for t in words)
            or lemma in ABOUT_OBJECT_CUES
            or prep.lower_ == "against"
        ):
            return words
        return []
    if lemma in NAMING_CUES and (named := _naming(verb)):
        return named
    if lemma in DIRECTIVE_CUES and (asked := _directive(verb)):
        return asked
    if lemma in EVALUATIVE_CUES:
        return _evaluated(verb)
    if lemma in TOPIC_CUES:
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "ccomp") and c.i > verb.i), None)
        if obj is None or not (obj.pos_ in ("VERB", "AUX") or obj.left_edge.lower_ in _WH):
            return []  # "discussed bilateral relations": a topic, not a claim
        return _trim(_without_asides(sorted(obj.subtree, key=lambda t: t.i)))
    if lemma in SPEECH_VERBS | NAMING_CUES | PHRASAL_OBJECT_CUES and lemma not in ADDRESSEE_CUES:
        # "reiterated his country's willingness to establish relations": what was said, named;
        # "reported spending $6 million": a gerund says it too
        obj = next(
            (
                c
                for c in verb.children
                if c.i > verb.i and (c.dep_ == "dobj" or (c.dep_ == "xcomp" and c.tag_ == "VBG"))
            ),
            None,
        )
        if obj is not None and not reports_result(verb, obj) and lemma not in _CLAUSE_ONLY:
            return _trim(_without_asides(_object_phrase(verb, obj)))
    return []


def _trailing_conj(cue: _Cue) -> bool:
    """Tell whether an attribution after a comma closing its sentence was parsed as a conjunct.

    "The mill is hanging on, but it is under pressure from imports, said its chief
    executive, John Ward": the parser makes the cue a conjunct of the sentence it
    reports. A comma, not "and" or "but", stands before the attribution, and nothing
    but the speaker's words follows it.
    """
    verb, doc = cue.token, cue.token.doc
    start = min(verb.i, cue.speaker.start)
    if verb.dep_ != "conj" or verb.head.i > verb.i or start == 0 or doc[start - 1].text != ",":
        return False
    return verb.right_edge.i >= cue.speaker.end - 1 and all(
        c.dep_ in ("nsubj", "punct", "npadvmod") or c.ent_type_ in ("DATE", "TIME")
        for c in verb.children
    )


def _tense(verb: Token) -> str:
    """Return the tag of a verb phrase's finite word: its first auxiliary, or the verb."""
    aux = next((c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i), None)
    return (aux or verb).tag_


def _clause_hosting(verb: Token) -> Token | None:
    """Return the reported clause the parser hung above its own cue.

    "… days after Lee told the Herald he was “not there yet”", "When Hale said the
    plan was dead, the council voted": the parser makes the cue an adverbial
    clause and hangs the clause right after it on a verb above; the clause that
    opens right after the cue's words is what was said.
    """
    if (
        verb.dep_ != "advcl"
        or verb.lemma_.lower() not in SPEECH_VERBS
        or any(c.dep_ == "mark" and c.lower_ in ("as", "if", "because") for c in verb.children)
    ):
        return None
    opens = verb.right_edge.i + 1
    head = verb.head
    subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if head.i > verb.i and subj is not None and subj.left_edge.i == opens:
        return head
    for above in verb.ancestors:
        for c in above.children:
            if c.dep_ == "ccomp" and c.i > verb.i and c.left_edge.i == opens:
                return c
    return None


def _set_off_clauses(cue: _Cue) -> tuple[Token, Token] | None:
    """Return the clauses before and after an attribution set off by commas, parsed as two.

    "It is no surprise, Mr. Garin said, that Mrs. Clinton did better": the parser
    makes both halves clauses of the cue; the claim is the sentence around it.
    """
    verb, doc = cue.token, cue.token.doc
    clauses = [c for c in verb.children if c.dep_ in CONTENT_DEPS]
    if len(clauses) < 2 or not clauses[0].i < cue.subject.i < verb.i < clauses[1].i:
        return None
    first, after = clauses[0], clauses[1]
    lead = doc[first.right_edge.i + 1 : cue.subject.left_edge.i]
    tail = doc[verb.i + 1 : after.left_edge.i]
    if first.right_edge.i >= cue.subject.left_edge.i:
        return None
    if [t.text for t in lead] != [","] or [t.text for t in tail] != [","]:
        return None
    return first, after


def _not_before(cue: _Cue, clause: Token) -> bool:
    """Tell whether a clause the parser hung before a cue cannot be what the cue reports.

    Only a speech verb reports the sentence before it ("…, critics charged"); a colon
    or a semicolon between them ends that sentence ("Air travel costs him most: a
    company he owns has charged the campaign $3 million").
    """
    if cue.token.lemma_.lower() not in SPEECH_VERBS:
        return True
    between = cue.token.doc[clause.right_edge.i + 1 : cue.subject.left_edge.i]
    return any(t.text in (":", ";") for t in between)


def _quoted_clause(clause: Token) -> bool:
    """Tell whether quote marks open or close next to a clause's words (“A,” he said)."""
    doc, lo, hi = clause.doc, clause.left_edge.i, clause.right_edge.i
    near = [doc[i] for i in (lo - 1, lo, hi, hi + 1, hi + 2) if 0 <= i < len(doc)]
    return any(t.text in _QUOTE_MARKS for t in near)


def _reported_clause(cue: _Cue) -> Token | None:
    """Return the clause a cue reports: the first, or the one after it when the speaker
    stands between a clause the parser hung before the verb and the verb.

    "In a statement released after the senator left, Cruz said he's certain ...",
    "More than six in 10 said they were not ...; 46 percent said they were ...": the
    phrase or the sentence before the speaker is no part of what the speaker says.
    """
    verb = cue.token
    clauses = [c for c in verb.children if c.dep_ in CONTENT_DEPS]
    if not clauses:
        return None
    first = clauses[0]
    after = next((c for c in clauses if c.i > verb.i), None)
    if (
        after is not None
        and first.i < verb.i
        and first.right_edge.i < cue.subject.i < verb.i
        and cue.subject.left_edge.i > first.right_edge.i
        and not _quoted_clause(first)  # “…,” he said as …
    ):
        return after
    return first


#: Speech verbs whose noun object is no speech: "maintained support", "echoed a pattern".
_CLAUSE_ONLY = word_set("maintain echo post record observe charge")


def _document_subject(verb: Token) -> bool:
    """Tell whether a cue's subject is a text ("the plan calls for two republics")."""
    subj = _subject(verb)
    return subj is not None and subj.lemma_.lower() in DOCUMENT_NOUNS | _PLAN_NOUNS


_PLAN_NOUNS = word_set("plan proposal accord treaty bill measure initiative platform draft")


def _clause_in_medium(verb: Token) -> Token | None:
    """Return the "that" clause the parser hung on the medium of a cue.

    "says in a statement that the race will now be a four-man contest", "said in
    an interview that ...": the clause is the cue's, not the statement's.
    """
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i < verb.i or prep.lower_ not in ("in", "on", "during"):
            continue
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            for c in pobj.children:
                if c.dep_ in ("acl", "ccomp", "relcl") and any(
                    m.dep_ == "mark" and m.lower_ == "that" and m.i < c.i for m in c.children
                ):
                    return c
    return None


#: Verbs of writing, and the texts they make: "wrote a letter", "penned the introduction".
WRITING_VERBS = word_set("write pen draft author")
TEXT_NOUNS = DOCUMENT_NOUNS | word_set(
    """
    book books introduction foreword preface article articles column op-ed essay piece
    profile note notes speech speeches script song poem chapter novel biography memoir
    editorial review letters email emails message
    """
)


def reports_result(verb: Token, obj: Token) -> bool:
    """Tell whether a speech verb's object is a figure or result, not speech ("posted a rise"),
    or the text a writer made ("wrote the letter", "wrote a book"), not what it says."""
    noun = {obj.lemma_.lower(), obj.lower_}  # "earnings" lemmatises to "earning"
    lemma = verb.lemma_.lower()
    return (lemma in RESULT_VERBS and bool(noun & RESULT_NOUNS)) or (
        lemma in WRITING_VERBS and bool(noun & TEXT_NOUNS)
    )


def _evaluated(verb: Token) -> list[Token]:
    """Return what was praised or blamed, with how: "the raids as a failed effort"."""
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None or obj.ent_type_ in ("GPE", "LOC", "FAC"):
        return []  # "attacked Kyiv along the front line": force, not words
    subj = _subject(verb)
    if subj is not None and subj.lemma_.lower() in _ARMED:
        return []  # "armed forces attacked Nagorno-Karabakh"
    return _trim(_without_asides(_object_phrase(verb, obj)))


#: Evaluative cues whose object alone, a named person or body, is what was said of it:
#: "endorsed Sanders", "blasted Clinton" (not "welcomed the Pope", "rejected Trump").
PRAISE_BLAME_CUES = word_set(
    """
    endorse praise criticize criticise blast slam condemn denounce accuse blame applaud
    hail mock ridicule assail scold chide
    """
)


def _named_target(verb: Token, tokens: list[Token]) -> bool:
    """Tell whether a praise or blame cue's claim is only a name: "endorsed Bernie Sanders"."""
    return (
        verb.lemma_.lower() in PRAISE_BLAME_CUES
        and bool(tokens)
        and tokens[0].i > verb.i
        and all(t.ent_type_ in ("PERSON", "ORG") for t in tokens if not t.is_punct)
    )


#: Heads of a subject that acts by force: their "attacked" or "hit" is no speech.
_ARMED = word_set(
    "force forces troops army military militants rebels soldiers jets aircraft artillery "
    "navy fighters gunmen"
)


#: Nouns of a prepositional phrase that says how or where something was said, not what:
#: "in a statement", "on Twitter", "on the condition of anonymity".
_MEDIUM_NOUNS = DOCUMENT_NOUNS | word_set(
    "interview interviews speech remarks conference briefing call show program programme "
    "condition anonymity twitter facebook television radio rally debate hearing town hall"
)


#: Prepositions that qualify what was said, never how it was said: "his view hasn't
#: changed, despite the group's conference call".
_CONCESSIVE = word_set("despite notwithstanding")

_CIRCUMSTANCE = word_set("after before during since until amid following despite while upon")


def _when_or_how(prep: Token) -> bool:
    """Tell whether a cue's preposition says when or how it was said ("on Tuesday", "in a memo")."""
    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
    return pobj is not None and (
        pobj.ent_type_ in ("DATE", "TIME") or pobj.lemma_.lower() in _MEDIUM_NOUNS
    )


def _object_phrase(verb: Token, obj: Token) -> list[Token]:
    """Return a cue's object with the phrases the parser hung on the verb after it.

    "praised the efforts of a donor to Sen. Rubio to attack Trump", "blamed the law
    on Democrats", "accused him of sexism": what follows the object belongs to what
    was said, unless it says when, or how and where it was said ("in a statement").
    """
    toks = list(obj.subtree) + _purpose_after(verb, obj)
    for c in verb.children:
        if c.i <= obj.i or c.dep_ not in ("prep", "dative"):
            continue
        pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
        if pobj is None:
            continue
        # when or where it was said: "after marathon talks", "in Minsk", "on Friday"
        if pobj.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC") or c.lower_ in _CIRCUMSTANCE:
            continue
        if pobj.lemma_.lower() in _MEDIUM_NOUNS or pobj.lower_ in _MEDIUM_NOUNS:
            continue
        toks += list(c.subtree)
    return sorted(set(toks), key=lambda t: t.i)


def _purpose_after(verb: Token, obj: Token) -> list[Token]:
    """Return an infinitive the parser hung on a cue after its object, with its words.

    "proposed $1 billion in funds to help states treat addicts", "decried the
    mayor's calls to ban cars": the infinitive says what the object is for, so it
    belongs to what was said.
    """
    for c in verb.children:
        if (
            c.dep_ == "advcl"
            and c.i > obj.right_edge.i
            and c.tag_ == "VB"
            and any(a.dep_ == "aux" and a.lower_ == "to" and a.i < c.i for a in c.children)
        ):
            return list(c.subtree)
    return []


def _without_asides(tokens: list[Token]) -> list[Token]:
    """Drop parenthesised asides: "Zangezur (Syunik region of Armenia) and Yerevan"."""
    out, depth = [], 0
    for t in tokens:
        if t.text in "([":
            depth += 1
        elif t.text in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(t)
    return out


def _naming(verb: Token) -> list[Token]:
    """Return "X Y" of "called X Y" / "described X as Y", or nothing without Y."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    pred = next((c for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp")), None)
    if pred is None and obj is not None:
        pred = next(
            (c for c in obj.children if c.dep_ in ("oprd", "acl", "amod") and c.i > obj.i), None
        )
    as_ = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"), None)
    said_as = pred if pred is not None else as_
    if said_as is None or obj is None:
        return []
    toks = list(obj.subtree) + list(said_as.subtree)
    toks = sorted(set(toks), key=lambda t: t.i)
    return _trim(_without_asides(toks)) if toks[0].i > verb.i else []


def _directive(verb: Token) -> list[Token]:
    """Return "X to Y" of "urged X to Y", "called on X to Y", "pledged to Y"."""
    inf = next(
        (
            c
            for c in verb.children
            if c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children)
        ),
        None,
    )
    if inf is None:  # "called on the parties to respect ...": the infinitive hangs lower
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "for")):
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                inf = next((c for c in pobj.children if c.dep_ in ("acl", "relcl", "xcomp")), None)
                if inf is not None and any(a.lower_ == "to" for a in inf.children):
                    return _trim(sorted(pobj.subtree, key=lambda t: t.i))
                # "called for a ban on Muslims entering the country": what was demanded, named
                if (
                    prep.lower_ == "for"
                    and verb.lemma_.lower() in FOR_CUES
                    and prep.i > verb.i
                    and not _document_subject(verb)
                ):
                    toks = [*pobj.subtree, *_purpose_after(verb, pobj)]
                    # "called for X, and for Y": the second "for" hung on the cue
                    for c in verb.children:
                        if c.dep_ == "conj" and c.lower_ == "for" and c.i > pobj.right_edge.i:
                            toks += list(c.subtree)
                    return _trim(_without_asides(sorted(toks, key=lambda t: t.i)))
        # "is calling for the United States to step up its efforts" (parsed "for" + clause)
        for c in verb.children:
            if (
                c.dep_ == "advcl"
                and c.i > verb.i
                and verb.lemma_.lower() in FOR_CUES
                and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)
            ):
                return _trim([t for t in sorted(c.subtree, key=lambda t: t.i) if t.i > verb.i + 1])
        return []
    toks = list(inf.subtree)
    # whom it was asked of: "urged Britain to ...", "called on Sanders to ..."
    for c in verb.children:
        if c.i < inf.i and (c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in ("on", "for"))):
            toks += [t for t in c.subtree if t is not c or c.dep_ == "dobj"]
        # "pledged to enact reform, fix the system and cut taxes": a bare infinitive the
        # parser hung on a finite cue continues the infinitive, not the cue
        elif (
            c.dep_ == "conj"
            and c.i > inf.i
            and c.tag_ == "VB"
            and verb.tag_ in ("VBD", "VBZ", "VBP")
            and not any(a.dep_ in ("nsubj", "aux") for a in c.children)
        ):
            # not a clause with a subject of its own coordinated after it ("and he said …")
            own = {
                t.i
                for g in c.children
                if g.dep_ == "conj" and any(a.dep_ == "nsubj" for a in g.children)
                for t in g.subtree
            }
            toks += [t for t in c.subtree if t.i not in own]
    toks = sorted(set(toks), key=lambda t: t.i)
    return _trim(toks) if toks[0].i > verb.i else []


def _before_next_speech(clause: Token, toks: list[Token]) -> list[Token]:
    """Cut a reported clause before a conjunct that reports speech of its own.

    "he agrees Trump is an opportunist and said the record is clear": the parser
    hangs the second speech act on the first claim; it is a claim of its own.
    """
    # the conjuncts of the clause, and theirs ("X and tell him Y and tells the crowd Z")
    conjs = [c for c in clause.children if c.dep_ == "conj"]
    for c in conjs:
        if not any(m.dep_ == "mark" for m in c.children):
            conjs += [g for g in c.children if g.dep_ == "conj"]
    for conj in sorted(conjs, key=lambda t: t.i):
        # "said he would consult Congress and ask for its support" is one claim; "said the
        # rights were abused and insisted that the vote was legal" makes a second one
        if any(m.dep_ == "mark" for m in conj.children):
            continue  # "said X and that Y": one claim in two clauses
        if any(
            _is_cue(t) and _has_claim(t) and t.lemma_.lower() not in QUOTE_CUES
            for t in _predicate_spine(conj)
        ):
            cut = conj.left_edge.i
            # drop the "and" / comma that joined it
            while cut > clause.i and (conj.doc[cut - 1].dep_ == "cc" or conj.doc[cut - 1].is_punct):
                cut -= 1
            return [t for t in toks if t.i < cut]
    return toks


def _predicate_spine(verb: Token) -> list[Token]:
    """Return a conjunct's own predicate: the verb and the infinitives it governs.

    "and went on to say ...", "and said ...": the conjunct reports speech itself; a
    cue inside a clause that only modifies one of its words does not ("and are ready
    to reject politicians who push such measures", "and liked the way she responded").
    """
    spine = [verb]
    for t in spine:
        spine += [c for c in t.children if c.dep_ == "xcomp"]
    return spine


#: Words that open a comment the writer appends to a reported clause after a comma:
#: "he would quarantine people, which is spread by mosquitoes", "…, while Sanders suggests …".
_TAIL_OPENERS = word_set("while whereas")


def _without_tail(tokens: list[Token], quotes: list[Quote]) -> list[Token]:
    """Cut what the writer appends to a claim after a comma, outside quotes.

    "he would release it on Friday, calling them “very boring”", "things “should be
    wrapped up,” referring to the convention", "a Cruz win in Texas, which votes on
    March 1", "they prefer an outsider, while 4 in 10 want experience": a participle
    or a non-restrictive clause after the claim is the writer's comment (or another
    speech act), not the speaker's words.
    """
    for n, t in enumerate(tokens[1:], 1):
        prev = t.doc[t.i - 1] if t.i > 0 else None
        # the comma may close a quote: “… by Cleveland,” referring to the convention
        set_off = prev is not None and (
            prev.text == ","
            or (prev.text in _CLOSING_MARKS and t.i > 1 and t.doc[t.i - 2].text == ",")
        )
        if n < 3 or not set_off or _inside(quotes, t.idx):
            continue
        participle = (
            t.tag_ == "VBG"
            and t.dep_ in ("advcl", "conj", "xcomp", "acl")
            and (t.lemma_.lower() in SPEECH_VERBS | OTHER_CUES or t.lemma_.lower() == "refer")
        )
        comment = t.lower_ in _TAIL_OPENERS
        # "…, in a statement published on his website": how it was said, not what
        medium = (
            t.dep_ == "prep"
            and t.lower_ not in _CONCESSIVE
            and any(g.dep_ == "pobj" and g.lemma_.lower() in _MEDIUM_NOUNS for g in t.children)
        )
        if participle or comment or medium:
            return _trim(tokens[:n])
    return tokens


def _has_claim(verb: Token) -> bool:
    """Tell whether a cue has a claim of its own: a clause, a quote, an object."""
    addressed = verb.lemma_.lower() in ADDRESSEE_CUES  # "and ask for its support"
    return any(
        c.dep_ == "nsubj"  # "…, and he railed against the moderators"
        or (
            c.i > verb.i
            and (c.dep_ in CONTENT_DEPS or (c.dep_ in ("dobj", "xcomp", "prep") and not addressed))
        )
        for c in verb.children
    )


def _own_cue(doc: Doc, start: int, end: int, cue: _Cue) -> bool:
    """Tell whether ``[start, end)`` holds a speech cue with a subject of its own."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(
        t is not cue.token
        and _is_cue(t)
        and any(c.dep_ == "nsubj" and start <= c.idx for c in t.children)
        for t in span
    )


_SET_OFF = re.compile(r"[ \t]*,[ \t]*")
_OPENER = re.compile(r"(?:and|but|or|yet|so)\b,?\s*", re.IGNORECASE)


def _medial(
    doc: Doc, cue: _Cue, a_start: int, a_end: int, quotes: list[Quote], used: set[Quote]
) -> tuple[list[tuple[int, int]], tuple[Quote, ...]] | None:
    """Return the pieces of a claim its attribution interrupts, set off by commas.

    "The argument would be aided, Devine said, by the upcoming primary calendar";
    "The club's investment, Ms. Tanzer said, “is a perfect example” of adapting".
    None when the cue has a claim of its own after it ("X, he said the Y ...").
    """
    text = text_of(doc)
    verb = cue.token
    if any(c.i > verb.i and c.dep_ in (*CONTENT_DEPS, "dobj", "xcomp") for c in verb.children):
        return None
    lead = _SET_OFF.search(text, max(0, a_start - 3), a_start)
    if lead is None or lead.end() != a_start:
        return None
    comma = text.find(",", a_end)
    reach = _reach(cue, a_end, comma if comma >= 0 else len(text))
    tail = _SET_OFF.match(text, reach)
    if tail is None or not _SET_OFF.fullmatch(text, reach, tail.end()):
        return None
    described = doc.char_span(tail.end(), tail.end() + 1, alignment_mode="expand")
    if described is not None and any(
        c.dep_ == "appos" and c.left_edge.i == described[0].i for c in cue.subject.children
    ):
        return None  # "…, said Ann Lee, a professor at Yale, who …": the speaker's description
    opened = next((q for q in quotes if q.start == tail.end()), None)
    if opened is not None and opened.inner(text).lstrip()[:1].isupper():
        return None  # "…, Mr. Lamb yelled, “Out!”": a quote of its own, not the rest of a sentence
    line = text.rfind("\n", 0, a_start) + 1
    ends = list(_SENTENCE_END.finditer(text, line, a_start))
    s0 = ends[-1].end() if ends else line
    line_end = text.find("\n", tail.end())
    line_end = len(text) if line_end < 0 else line_end
    stop = _SENTENCE_END.search(text, tail.end(), line_end)
    e0 = stop.start() + 1 if stop is not None else line_end
    q = next((q for q in quotes if tail.end() <= q.start < e0 < q.end), None)
    if q is not None:
        e0 = q.end
    if (opener := _OPENER.match(text, s0)) is not None:
        s0 = opener.end()  # "But the years that followed, he said, ...": no part of it
    first, second = text[s0 : lead.start()], text[tail.end() : e0]
    if len(re.findall(r"\w+", first)) < 2 or len(re.findall(r"\w+", second)) < 2:
        return None
    if any(_inside(quotes, i) for i in (lead.start(), tail.end() - 1) if i > 0):
        return None  # the commas belong to a quote
    inside = tuple(q for q in quotes if s0 <= q.start and q.end <= e0 and q not in used)
    return [(s0, lead.start()), (tail.end(), e0)], inside


def _colon_before(text: str, end: int, after: Quote | None) -> bool:
    """Tell whether a colon introduces ``after``: ``he warned: “…”``."""
    return after is not None and ":" in text[end : after.start]


def _clause_after(cue: _Cue, after: Quote | None) -> bool:
    """Return True when the cue verb governs a reported clause of its own after it.

    The quote opening right after the cue is not such a clause: “A,” he said, “B.”
    splits one quote.
    """
    return any(
        c.dep_ in CONTENT_DEPS
        and c.i > cue.token.i
        and (after is None or not after.inner_start <= c.idx < after.inner_end)
        # not the clause the speaker's own description was parsed into ("said the woman,
        # who did not want to be named")
        and not c.left_edge.i <= cue.subject.i <= c.right_edge.i
        for c in cue.token.children
    )


def _is_clause(tokens: list[Token]) -> bool:
    """Return True when ``tokens`` hold a clause (a verb with at least three words)."""
    return len(tokens) >= 3 and any(t.pos_ in ("VERB", "AUX") for t in tokens)


def _extend_with_quote(doc: Doc, end: int, sent: Span, quotes: list[Quote]) -> int:
    """Take in a quoted tail of the reported clause: ``…excluded, “if there are signals.”``."""
    for q in quotes:
        if (
            q.start >= end
            and q.start <= sent.end_char
            and _BETWEEN_AFTER.fullmatch(text_of(doc), end, q.start)
        ):
            return q.end
    return end


def _time_of(doc: Doc, cue: Token, times: list[TimeExpr]) -> TimeExpr | None:
    """Return the date expression next to the cue: "said Saturday", "on Wednesday reiterated"."""
    text = text_of(doc)
    end = cue.idx + len(cue.text)
    for t in times:
        if t.start >= end and t.start - end <= 12 and _TIME_AFTER.fullmatch(text, end, t.start):
            return t
        if (
            t.end <= cue.idx
            and cue.idx - t.end <= 3
            and _TIME_BEFORE.fullmatch(text, t.end, cue.idx)
        ):
            return t
    return None


def _evidence(doc: Doc, start: int, end: int) -> Evidence:
    """Return the sentences covering ``[start, end)`` as evidence."""
    first = doc.char_span(start, end, alignment_mode="expand")
    if first is None:
        return Evidence(text_of(doc)[start:end], start, end)
    s = min(first[0].sent.start_char, start)
    e = max(first[-1].sent.end_char, end)
    while e > s and text_of(doc)[e - 1].isspace():
        e -= 1
    while s < e and text_of(doc)[s].isspace():  # a blanked dateline before the sentence
        s += 1
    return Evidence(text_of(doc)[s:e], s, e)


def _direct(doc: Doc, quote: Quote) -> tuple[str, int, int]:
    """Return the words of a quote and their offsets, without a trailing comma."""
    text = text_of(doc)
    c_start, c_end = quote.inner_start, quote.inner_end
    while c_start < c_end and text[c_start].isspace():
        c_start += 1
    while c_end > c_start and (text[c_end - 1].isspace() or text[c_end - 1] == ","):
        c_end -= 1
    return text[c_start:c_end], c_start, c_end


Pieces = tuple[tuple[int, int], ...]
_EDGE = " \t\n,;:"


def as_written(
    text: str, spans: list[tuple[int, int]], *, last: bool = True
) -> tuple[str, int, int, Pieces]:
    """Return a claim's text as the source writes it, its bounds and its pieces.

    Each span is trimmed of white space, commas, semicolons and colons at its
    edges (and the last of a sentence's closing stop when ``last``); the claim is
    the pieces joined with one space, and the pieces' offsets are returned when
    there are several, so that ``claim == " ".join(text[s:e] for s, e in pieces)``.
    The words are never re-joined from tokens ("Meanwhile , small ...").

    >>> as_written("He said: no, never.", [(9, 19)])
    ('no, never', 9, 18, ())
    """
    pieces: list[tuple[int, int]] = []
    for n, (s, e) in enumerate(spans):
        while s < e and text[s] in _EDGE:
            s += 1
        edge = _EDGE + "." if last and n == len(spans) - 1 else _EDGE
        while e > s and text[e - 1] in edge:
            e -= 1
        if s < e:
            pieces.append((s, e))
    if not pieces:
        return "", spans[0][0], spans[0][0], ()
    claim = " ".join(text[s:e] for s, e in pieces)
    return claim, pieces[0][0], pieces[-1][1], tuple(pieces) if len(pieces) > 1 else ()


def _read(
    doc: Doc,
    sent: Span,
    cue: _Cue,
    quotes: list[Quote],
    used: set[Quote],
    resolver: SpeakerResolver,
    times: list[TimeExpr],
) -> list[Said]:
    """Return the attributions a cue makes: none when it has no claim or no known speaker.

    A quote split by its attribution (“A,” he said, “B.”) gives two claims.
    """
    text = text_of(doc)
    a_start, a_end = _attribution_bounds(cue)
    # (claim, start, end, kind, confidence, quotes used, pieces of the claim's text)
    claims: list[tuple[str, int, int, ClaimKind, float, tuple[Quote, ...], Pieces]] = []
    before = _quote_before_cue(doc, a_start, quotes)
    after = _quote_after_cue(doc, cue, quotes, a_end)
    if cue.token.lemma_.lower() in TOPIC_CUES | PHRASAL_OBJECT_CUES:
        before = after = None  # "discussed", "laid out" say what their object says, no quote
    if before is not None and (
        _clause_after(cue, after)
        or _colon_before(text, a_end, after)
        or _answers(text, before, cue, after, a_end)
    ):
        # “… signed.” Cruz says he isn't familiar with it: the cue has its own claim;
        # a “fragment” he warned: “…” introduces the quote after the colon
        before = None
    parts: list[Quote] = []
    lead = _lead_in(doc, before) if before is not None and before not in used else None
    if before is not None and lead is not None and _own_cue(doc, lead, before.start, cue):
        # “On Twitter, Bush called Trump “unhinged,” Rubio said”: the fragment is Bush's
        before = lead = None
    medial = None
    if before is None or lead is not None:
        medial = _medial(doc, cue, a_start, a_end, quotes, used)
    if medial is not None:
        # "The argument would be aided, Devine said, by the calendar": the sentence around
        around, inside = medial
        claim, c_start, c_end, pieces = as_written(text, around)
        how: ClaimKind = "mixed" if inside or claim != strip_marks(claim) else "indirect"
        claims.append((claim, c_start, c_end, how, 0.8, inside, pieces))
        before = after = None
    elif before is not None and before not in used:
        if lead is None:
            parts.append(before)
        else:
            # It was “strategic,” Hemsley said. “We knew it.”: the quote runs on after it
            runs = _runs_on(doc, before, _attribution_end(doc, a_end), quotes, used)
            around = [(lead, before.end)] + [_direct(doc, q)[1:] for q in runs]
            claim, c_start, c_end, pieces = as_written(text, around, last=not runs)
            claims.append((claim, c_start, c_end, "mixed", 0.8, (before, *runs), pieces))
            after = None  # a quoted fragment does not continue after the attribution
    if after is not None and after not in used and (before is None or before not in used):
        parts.append(after)  # “A,” he said, “B.” is one quote split by its attribution
    elif before is None and not claims and not _says_something(cue.token):
        # "Lau said in a statement. “There are no ballots.”": a cue with nothing said
        # ends its sentence, and the quote that opens the next one is what was said
        parts += _quote_next_sentence(doc, cue, quotes, used, a_end)
    if parts:
        start = parts[-1].end if parts[-1].start > a_start else _attribution_end(doc, a_end)
        parts += _runs_on(doc, parts[-1], start, quotes, used)
        # a quote that runs on over three paragraphs or more (a speech, a statement) is
        # one claim per paragraph, the writer's units; “A,” he said. / “B.” stays one claim
        groups: list[list[Quote]] = [[parts[0]]]
        for prev, q in pairwise(parts):
            if "\n" in text[prev.end : q.start]:
                groups.append([q])
            else:
                groups[-1].append(q)
        if len(groups) < SPEECH_PARAGRAPHS:
            groups = [parts]
        for group in groups:
            words = [_direct(doc, q) for q in group]
            claim, c_start, c_end, pieces = as_written(
                text, [(w[1], w[2]) for w in words], last=False
            )
            claims.append((claim, c_start, c_end, "direct", 0.9, tuple(group), pieces))
    if not claims and cue.token.lemma_.lower() in QUOTE_CUES:
        return []  # "continued", "asked" report speech only next to a quote
    if not claims and _put_it(cue.token) and cue.token.dep_ != "advcl":
        return []  # "put it" reports speech next to a quote or as an aside
    thin = False  # an infinitive or a naming claim needs two content words
    named = False  # ... unless it praises or blames someone named: "endorsed Sanders"
    if not claims:
        toks = _content(cue)
        thin = not any(c.dep_ in CONTENT_DEPS for c in cue.token.children)
        toks = _without_tail(toks, quotes)
        named = _named_target(cue.token, toks)
        if not (_is_clause(toks) or (thin and len(toks) >= 3) or named):
            return []
        c_start = toks[0].idx
        c_end = toks[-1].idx + len(toks[-1].text)
        c_end = _extend_with_quote(doc, c_end, sent, quotes)
        cut = _inside(quotes, c_end - 1)
        if cut is not None and cut.end > c_end:
            c_end = cut.end  # a quote inside the claim runs past its sentence: take it all
        # the words of the clause without the attribution inside it ("…, he said, …")
        attribution = {cue.token.i} | {t.i for t in cue.speaker}
        spans: list[tuple[int, int]] = []
        start = c_start
        for a, b in pairwise(toks):
            if any(i in attribution for i in range(a.i + 1, b.i)):
                spans.append((start, a.idx + len(a.text)))
                start = b.idx
        spans.append((start, c_end))
        claim, c_start, c_end, pieces = as_written(text, spans)
        kind: ClaimKind = (
            "mixed" if claim != strip_marks(claim) or _inside(quotes, c_start) else "indirect"
        )
        claims.append((claim, c_start, c_end, kind, 0.8, (), pieces))
    speaker = resolver.resolve(cue.subject, cue.speaker)
    if speaker is None:
        log.debug("no speaker for %r in %r", cue.speaker.text, sent.text)
        return []
    relayed = resolver.resolve(cue.relay) if cue.relay is not None else None
    date = _time_of(doc, cue.token, times)
    out: list[Said] = []
    for claim, c_start, c_end, kind, confidence, quoted, pieces in claims:
        if not claim or (thin and len(_stems(claim)) < 2 and not named):
            continue  # "to return there", "yes": too thin to stand as a claim
        if speaker.kind == "Unnamed":
            confidence *= 0.7  # "a source said": kept, but the speaker is not known by name
        elif cue.subject.pos_ != "PROPN":
            confidence *= 0.9  # resolved from a pronoun or a role
        used.update(quoted)
        ev = _evidence(doc, min(c_start, a_start), max(c_end, a_end))
        out.append(
            Said(
                speaker=speaker,
                claim=claim,
                claim_start=c_start,
                claim_end=c_end,
                kind=kind,
                parts=pieces,
                cue=cue.token.text if cue.relay is None else f"quoted as {cue.token.text}",
                evidence=ev,
                confidence=round(confidence, 2),
                date=date,
                relayed_by=relayed,
            )
        )
    return out


# -- headlines -------------------------------------------------------------------

#: Dependents of a headline cue that hold its claim: "Azerbaijan says ready to normalize ...".
_HEADLINE_CLAIM_DEPS = ("ccomp", "xcomp", "acomp", "oprd")
HEADLINE_CONFIDENCE = 0.6
#: From how many paragraphs on a running quote is read as one claim per paragraph.
SPEECH_PARAGRAPHS = 3
_HEADLINE_COLON = re.compile(r"\s*([^:\n]{2,80}?)\s*:\s+(\S.*?)\s*$")


def _stems(text: str) -> set[str]:
    """Return the content words of ``text`` cut to five letters ("Cease-fire" ~ "ceasefire")."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("-", "").replace("’", "'"))
    return {w[:5] for w in words if w not in STOP_WORDS}


#: The share of a headline claim's content words a story claim must hold to restate it.
RESTATES = 0.75


def _restates(headline: Said, claim: Said) -> bool:
    """Tell whether a headline attribution restates a claim of the story.

    Three in four of the headline's content words must occur in the claim. The speakers
    must be the same person (the same surname), unless the headline names a
    state, an organisation, a role or a single name ("Azerbaijan says ...",
    "Azerbaijani leader: ...") for the one who spoke.
    """
    words = _stems(headline.claim)
    if not words or len(words & _stems(claim.claim)) < RESTATES * len(words):
        return False
    who, said_by = headline.speaker.label.split(), claim.speaker.label.split()
    # a one-word "person" in a headline is as often a state the tagger misread
    return headline.speaker.kind != "Person" or len(who) == 1 or who[-1] == said_by[-1]


def _headline(
    doc: Doc, sent: Span, quotes: list[Quote], resolver: SpeakerResolver, times: list[TimeExpr]
) -> list[Said]:
    """Return the attributions of a headline or sub-headline.

    "EU can contribute to stability, says President Ilham Aliyev" reads like a
    story sentence; "Maria Zakharova: Russia welcomes ..." names the speaker
    before a colon; "Azerbaijan says ready to normalize relations" drops the
    subject of the claim.
    """
    found: list[Said] = []
    for cue in _cues(sent, quotes, resolver):
        # a headline sums up: its claims are less sure than the story's
        saids = [
            replace(r, confidence=min(r.confidence, HEADLINE_CONFIDENCE))
            for r in _read(doc, sent, cue, quotes, set(), resolver, times)
        ]
        if not saids:
            toks = _trim(
                sorted(
                    (
                        t
                        for c in cue.token.rights
                        if c.dep_ in _HEADLINE_CLAIM_DEPS
                        for t in c.subtree
                    ),
                    key=lambda t: t.i,
                )
            )
            speaker = resolver.resolve(cue.subject, cue.speaker)
            if speaker is not None and len(_stems(" ".join(t.text for t in toks))) >= 2:
                start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
                saids = [_headline_said(doc, sent, speaker, start, end, cue.token.text, quotes)]
        found += saids
    if found:
        return found
    m = _HEADLINE_COLON.match(sent.text)
    if m is None:
        return []
    who = doc.char_span(sent.start_char + m.start(1), sent.start_char + m.end(1))
    if who is None or len(who) > 8 or not any(t.pos_ in ("PROPN", "NOUN") for t in who):
        return []
    speaker = resolver.resolve(who.root, who)
    if speaker is not None and speaker.kind == "Unnamed" and len(who) == 1:
        # the tagger read a headline's surname as a noun ("Reid: ..."): the story names him
        named = next(
            (t for t in doc[sent.end :] if t.text == who[0].text and t.pos_ == "PROPN"), None
        )
        if named is not None and who[0].text[:1].isupper():
            speaker = resolver.resolve(named)
    if speaker is None or speaker.kind == "Unnamed":
        return []  # "Hong Kong handover: Patten wipes a tear": a topic, not a speaker
    start, end = sent.start_char + m.start(2), sent.start_char + m.end(2)
    return [_headline_said(doc, sent, speaker, start, end, ":", quotes)]


def _headline_said(
    doc: Doc, sent: Span, speaker: Mention, start: int, end: int, cue: str, quotes: list[Quote]
) -> Said:
    """Return a headline attribution of ``doc.text[start:end]`` (its end punctuation dropped)."""
    text = text_of(doc)
    while end > start and text[end - 1] in ".,;:":
        end -= 1
    whole = next((q for q in quotes if q.start <= start and end <= q.end), None)
    if whole is None:
        whole = next((q for q in quotes if q.start == start and q.end >= end - 1), None)
    kind: ClaimKind
    if whole is not None:
        claim, start, end = _direct(doc, whole)
        kind = "direct"
    else:
        claim, start, end, _ = as_written(text, [(start, end)])
        kind = "mixed" if claim != strip_marks(claim) else "indirect"
    return Said(
        speaker=speaker,
        claim=claim,
        claim_start=start,
        claim_end=end,
        kind=kind,
        cue=cue,
        evidence=_evidence(doc, sent.start_char, sent.end_char),
        confidence=HEADLINE_CONFIDENCE,
    )


# -- according to ------------------------------------------------------------------


def _according_agent(obj: Token) -> Token | None:
    """Return the actor behind "according to X": X itself, or Y in "a statement by Y"."""
    if obj.lemma_.lower() not in DOCUMENT_NOUNS and obj.lower_ not in DOCUMENT_NOUNS:
        return obj
    for child in obj.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() not in DOCUMENT_NOUNS:
                return pobj
        # "a statement issued by the external affairs ministry"
        if child.dep_ == "acl" and child.tag_ == "VBN":
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            pobj = (
                next((c for c in agent.children if c.dep_ == "pobj"), None)
                if agent is not None
                else None
            )
            if pobj is not None:
                return pobj
    return None


def _according_to(
    doc: Doc, sent: Span, quotes: list[Quote], resolver: SpeakerResolver
) -> Iterator[Said]:
    """Yield claims attributed with "according to X"."""
    for tok in sent:
        if tok.lower_ != "according" or _inside(quotes, tok.idx):
            continue
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if obj is None:
            continue
        agent = _according_agent(obj)
        speaker = resolver.resolve(agent if agent is not None else obj)
        if speaker is None:
            continue
        phrase = set(tok.subtree)
        head = tok.head
        toks = [t for t in head.subtree if t not in phrase and t.i >= sent.start and t.i < sent.end]
        last = max(t.i for t in phrase)
        if all(t.is_punct or t.is_space for t in doc[last + 1 : sent.end]):
            # "Trump received 37 percent, Clinton 36 percent and Bloomberg 13, according to
            # the results": the whole sentence before it, not the conjunct it hangs on
            toks = [t for t in sent if t.i < tok.i]
        aside = _parenthesis_around(sent, tok)
        if aside is not None:
            # "white states like Iowa (93 percent of voters were white, according to the
            # census)": the words in the parenthesis, not the sentence around it
            toks = [t for t in sent if aside[0] < t.i < aside[1] and t.i < tok.i]
        toks = _trim(toks)
        if not _is_clause(toks):
            continue
        spans = [(a.idx, b.idx + len(b.text)) for a, b in _runs(toks)]
        claim, c_start, c_end, pieces = as_written(text_of(doc), spans)
        whole = _inside(quotes, c_start)
        quoted = False
        if whole is not None and whole.end <= tok.idx and whole.start < sent.start_char:
            # “A. B,” according to the statement: the quote, not only its last sentence
            claim, c_start, c_end = _direct(doc, whole)
            pieces = ()
        elif whole is not None and whole.start > tok.idx and whole.end > c_end:
            # According to the paper, “A. B.”: the whole quote, not only its first sentence
            claim, c_start, c_end = _direct(doc, whole)
            pieces = ()
            quoted = True
        if not claim:
            continue
        yield Said(
            speaker=speaker,
            claim=claim,
            claim_start=c_start,
            claim_end=c_end,
            parts=pieces,
            kind="direct" if quoted else "mixed" if claim != strip_marks(claim) else "indirect",
            cue="according to",
            evidence=_evidence(doc, sent.start_char, sent.end_char),
            confidence=0.5 if speaker.kind == "Unnamed" else 0.7,
        )


def _parenthesis_around(sent: Span, tok: Token) -> tuple[int, int] | None:
    """Return the token indices of the brackets that enclose ``tok`` in ``sent``, if any."""
    opening = closing = None
    for t in reversed(sent[: tok.i - sent.start]):
        if t.text == ")":
            return None
        if t.text == "(":
            opening = t.i
            break
    for t in sent[tok.i - sent.start :]:
        if t.text == "(":
            return None
        if t.text == ")":
            closing = t.i
            break
    return (opening, closing) if opening is not None and closing is not None else None


def _runs(tokens: list[Token]) -> list[tuple[Token, Token]]:
    """Return (first, last) of each run of consecutive tokens, trailing commas dropped."""
    runs: list[tuple[Token, Token]] = []
    first = prev = tokens[0]
    for t in tokens[1:]:
        if t.i != prev.i + 1:
            runs.append((first, prev))
            first = t
        prev = t
    runs.append((first, prev))
    out = []
    for a, b in runs:
        while b.i > a.i and b.is_punct:
            b = b.doc[b.i - 1]
        out.append((a, b))
    return out
