"""Resolve who speaks: from a subject phrase to the named actor of the article.

A speaker is named in many ways within one story: "Russian Foreign Minister
Sergey Lavrov", then "Lavrov"; "The president of Azerbaijan" in the lede and
"President Ilham Aliyev" in the next sentence; "She" after a quote by Maria
Zakharova. :class:`SpeakerResolver` indexes the people an article names (full
name, shorter forms, titles and the nation a title carries) and maps a subject
phrase to one :class:`~kg.records.Mention`, or to None when it cannot tell who
is meant (the claim is then skipped rather than pinned on a guess).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from kg import gazetteer
from kg.article import Zone
from kg.extract.entities import tokens_text
from kg.extract.quotes import find_quotes
from kg.nlp import sentence_zone
from kg.records import EntityKind, Mention

log = logging.getLogger(__name__)


def word_set(text: str) -> frozenset[str]:
    """Return the white-space separated words of ``text`` as a set (for word lists)."""
    return frozenset(text.split())


#: Nouns naming an office or a function held by one person.
ROLE_NOUNS = word_set(
    """
    president minister premier chancellor secretary spokesman spokeswoman spokesperson
    representative ambassador envoy diplomat official leader head chief chairman chairwoman
    chair governor mayor senator congressman congresswoman lawmaker deputy director
    commander general admiral king queen prince emir sultan monarch pope ombudsman
    prosecutor judge attorney adviser advisor aide counselor negotiator candidate nominee
    speaker ceo founder manager coordinator commissioner mediator
    """
)

#: Role nouns so general that any titled person may be meant ("a top official").
GENERIC_ROLES = frozenset({"official", "leader", "diplomat", "representative", "head", "chief"})

#: Modifiers that do not narrow a role down ("a top official", "the senior diplomat").
VAGUE_MODIFIERS = word_set(
    "top senior high high-ranking high-level ranking leading key veteran new current "
    "then acting state"
)

#: Words of a title that precede a name: "President", "Foreign Minister", "Gen.".
TITLE_WORDS = word_set(
    """
    mr mrs ms dr sen rep gov gen lt col sgt prof president minister premier secretary
    chancellor ambassador spokesman spokeswoman spokesperson representative senator
    governor mayor chairman chairwoman director commander general king queen prince
    foreign defense defence interior finance prime deputy vice state chief first former
    """
)

#: Abbreviated titles and the role noun they stand for: "Sen. Ted Cruz" is a senator.
TITLE_ABBREVIATIONS = {
    "sen": "senator",
    "sens": "senator",
    "rep": "representative",
    "reps": "representative",
    "gov": "governor",
    "gen": "general",
    "pres": "president",
    "sec": "secretary",
    "amb": "ambassador",
}

#: Nouns heading a group that can speak as one ("the ministry said").
ORG_NOUNS = word_set(
    """
    ministry government office agency department committee commission council campaign
    party army military police court parliament administration embassy service
    company group organization organisation union alliance bloc board bureau team
    coalition authority authorities spokesman
    """
)

#: Nouns for a text whose content is not anyone's speech: "the agreement says",
#: "according to the document". Polls, reports, letters and filings do count as sources.
TEXT_NOUNS = word_set(
    """
    document text agreement deal treaty accord pact law decree resolution ruling
    constitution declaration memorandum protocol contract bill map list record records
    article clause paragraph provision section
    """
)

#: Heads of a share of a group: "half of voters say", "about 4 in 10 say".
SHARE_NOUNS = word_set(
    "half majority majorities most many some plurality third thirds quarter quarters percent share number fraction"
)

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "it"})
#: The writer speaking in the first person, outside any quote.
NARRATOR_PRONOUNS = frozenset({"i", "we"})
#: Relative pronouns: the speaker is the noun the clause hangs on.
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
#: Quantifiers that head a group on their own: "some say", "many of her supporters said".
QUANTIFIERS = word_set(
    "some many most others another those these few several both all each none either neither"
)
MALE_WORDS = word_set("he him his himself mr spokesman congressman chairman king prince")
FEMALE_WORDS = word_set(
    "she her hers herself mrs ms spokeswoman congresswoman chairwoman queen princess"
)
#: Gendered words that name their person as a subject or a reflexive, never a possessive.
SUBJECT_WORDS = word_set("he she himself herself")
#: Descriptions that stand for the organisation a story is about ("the firm said").
ORG_DESCRIPTIONS = word_set(
    "firm company group bloc carrier bank retailer maker carmaker airline insurer lender "
    "network studio label broadcaster channel club league union alliance organisation "
    "organization agency newspaper paper magazine website campaign"
)
#: What the media issue: "state press reports said" is the press speaking.
REPORT_NOUNS = word_set("report dispatch bulletin broadcast story")
#: Nouns for the media that issue reports.
MEDIA_NOUNS = word_set("press media news television tv radio agency newspaper wire outlet")
#: A text issued by someone who spoke before: "X said in a statement ... The statement said".
STATEMENT_NOUNS = word_set("statement release communique communiqué announcement message")
#: Texts someone issues: "a poll by X", "X's analysis", "a report from X", "the
#: statement released by X". Their issuer speaks; the description stays an alias.
ISSUED_NOUNS = word_set(
    "report poll survey study data analysis statement release transcript figures estimate "
    "estimates review audit memo letter findings dispatch bulletin account"
)
#: Texts and outlets that "it" may stand for as a speaker ("it reads", "it said").
SPEAKING_TEXTS = (
    ISSUED_NOUNS
    | STATEMENT_NOUNS
    | ORG_NOUNS
    | ORG_DESCRIPTIONS
    | word_set(
        "email ad advertisement commercial video tweet post message sign banner flyer website"
    )
)
#: Texts whose "of" names who was asked, not who asks: "a poll of 400 voters".
POLL_NOUNS = word_set("poll survey census")
#: Verbs that issue a statement: "X released a statement ... The statement said".
ISSUE_VERBS = word_set("issue release put send post publish distribute circulate")
#: Prepositions and possessives that name a text's issuer.
ISSUER_PREPS = frozenset({"by", "from"})
#: Tags of a finite verb: no share of a group runs over one ("... voters support").
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
#: Entity types that never issue a text: "Thursday's memo", "2010's report".
NOT_ISSUERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
#: Longest description kept as an alias, in tokens.
ALIAS_TOKENS = 14

#: Words for a country that point back to the state the story is about ("the country's").
COUNTRY_WORDS = word_set("country nation state kingdom republic")

#: What a candidate antecedent of "he"/"she" pays, in sentences, for how it is named:
#: the subject of a main clause (0), of another clause (1), or anything else (2).
SALIENCE_PENALTY = (0.0, 1.0, 2.5)
#: ... for a gender the article does not tell, when the pronoun has one.
UNKNOWN_GENDER = 0.3
#: ... for a name in the pronoun's own sentence, when the pronoun is its main subject
#: and the name is not.
SAME_SENTENCE = 1.0
#: ... for a one-word organisation (a lone surname the tagger took for one).
ORG_AS_PERSON = 1.0

#: How many gendered pronouns a courtesy title ("Mr.") or a gendered title is worth.
TITLE_WEIGHT = 3

#: How far (in sentences) "they" may look back for a plural subject.
GROUP_LOOK_BACK = 4

#: How far (in sentences) a role phrase may look for the person it names.
LOOK_BACK = 6
LOOK_AHEAD = 3


@dataclass
class Person:
    """One person the article names, with every form of the name seen."""

    label: str
    aliases: set[str] = field(default_factory=set)
    roles: list[str] = field(default_factory=list)
    nations: set[str] = field(default_factory=set)
    offsets: list[int] = field(default_factory=list)  # start of every mention
    #: words the article uses for this person alone in a sentence ("he", "Mrs.")
    male: float = 0
    female: float = 0

    @property
    def gender(self) -> str | None:
        """Return "m" or "f" when the article's own words tell clearly, else None.

        Clearly: two to one, and at least a count of one (a lone "her" deep in a
        phrase, "in her political career", may be someone else's).
        """
        if self.male > 2 * self.female and self.male >= 1:
            return "m"
        if self.female > 2 * self.male and self.female >= 1:
            return "f"
        return None

    @property
    def role(self) -> str | None:
        """Return the longest title seen with this person."""
        return max(self.roles, key=len) if self.roles else None

    def role_words(self) -> set[str]:
        """Return the lower-cased words of every title seen, abbreviations spelled out."""
        words = {w.lower().strip(".,") for r in self.roles for w in r.split()}
        return words | {TITLE_ABBREVIATIONS[w] for w in words if w in TITLE_ABBREVIATIONS}


def _clean_name(span: Span) -> list[Token]:
    """Return the tokens of a name without titles, determiners or a possessive."""
    toks = [t for t in span if t.tag_ != "POS" and t.text not in ("'s", "’s") and not t.is_space]
    # "Ind. - Sen. Tom Vale": a spaced dash ends a dateline before the name
    cut = [k for k, t in enumerate(toks) if t.text in ("-", "--", "—", "–") and t.whitespace_]
    if cut:
        toks = toks[cut[-1] + 1 :]
    while (
        toks
        and (
            toks[0].is_punct  # "front-runner Hillary Clinton": no "-runner Hillary Clinton"
            or toks[0].lower_.strip(".") in TITLE_WORDS
            or toks[0].pos_ in ("DET", "ADJ")
            # "executive Peter McGuigan": a common noun is no part of a name ("de Blasio" is)
            or (toks[0].text[:1].islower() and toks[0].pos_ in ("NOUN", "VERB", "NUM"))
        )
    ):
        toks = toks[1:]
    while toks and toks[-1].pos_ == "PUNCT":
        toks = toks[:-1]
    return toks


def _fits(mention: Mention, kinds: tuple[str, ...]) -> bool:
    """Return True when a pronoun asking for ``kinds`` may stand for ``mention``.

    A lone surname is often tagged as an organisation ("Zakharova said"), so "she"
    may also take a one-word, non-acronym organisation.
    """
    if mention.kind in kinds:
        return True
    one_word = " " not in mention.label and not mention.label.isupper()
    return "Person" in kinds and mention.kind in ("Organization", "Actor") and one_word


def _salience(token: Token) -> int:
    """Return 0 for the subject of a main clause, 1 of another clause, 2 for any other role.

    A name inside a longer phrase counts as the phrase's head ("Sen. Ted Cruz",
    "Cruz, who won Texas,"); a possessive ("Trump's wife") is no subject.
    """
    while token.dep_ in ("compound", "flat", "appos") and token.head.i != token.i:
        token = token.head
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return 2
    verb = token.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return 0 if verb.dep_ == "ROOT" else 1


def _parenthesised(token: Token) -> bool:
    """Return True for an apposition in brackets after its head: "Kasich (R-OH)"."""
    head = token.head
    if token.dep_ != "appos" or head.i >= token.i:
        return False
    between = token.doc[head.i + 1 : token.i]
    return any(t.text == "(" for t in between) and not any(t.text == ")" for t in between)


def _same_person(a: str, b: str) -> bool:
    """Return True unless two names with one surname differ in their first names."""
    fa, fb = a.split()[0].rstrip("."), b.split()[0].rstrip(".")
    if len(a.split()) == 1 or len(b.split()) == 1:
        return True
    return fa == fb or (fa[:1] == fb[:1] and (len(fa) == 1 or len(fb) == 1))


def _same_nation(a: str, b: str) -> bool:
    """Return True when two nation words name one country ("Azerbaijani" ~ "Azerbaijan")."""
    a, b = a.lower(), b.lower()
    n = min(len(a), len(b), 6)
    return n >= 4 and a[:n] == b[:n]


def _nations(tokens: list[Token] | Span) -> set[str]:
    """Return the country names and nationality words among ``tokens``."""
    return {t.text for t in tokens if t.ent_type_ in ("GPE", "NORP")}


def name_case(name: str) -> str:
    """Return a person's name with words written in capitals (a wire-copy habit) title-cased.

    The form as written stays an alias; without this "TONY Blair" and "Tony Blair"
    would be two labels of one person.

    >>> name_case("TONY Blair"), name_case("JEAN-PAUL SARTRE"), name_case("J. R. Smith")
    ('Tony Blair', 'Jean-Paul Sartre', 'J. R. Smith')
    """
    words = [
        w.title() if len(w) > 1 and w.isupper() and "." not in w else w for w in name.split(" ")
    ]
    return " ".join(words)


def _names_someone(token: Token) -> bool:
    """Return True when ``token`` heads a name, an organisation or an office ("the governor")."""
    if token.ent_type_ in NOT_ISSUERS:
        return False  # "Thursday's memo"
    return (
        token.pos_ == "PROPN"
        or token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
        or token.lemma_.lower() in ROLE_NOUNS | ORG_NOUNS | ORG_DESCRIPTIONS
    )


def _dateline(head: Token) -> bool:
    """Return True for a dateline taken for a subject: "OSLO --", "SPRING HILL, Ind. -"."""
    first = head.left_edge
    if head.dep_ not in ("nsubj", "nsubjpass") or not first.is_sent_start:
        return False
    words = [t for t in head.doc[first.i : head.i + 1] if t.is_alpha]
    after = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    return (
        bool(words)
        and all(t.is_upper and len(t) > 1 for t in words)
        and after is not None
        and after.text in ("--", "-", "—", "–", ",", "(")
    )


def _with_alias(mention: Mention | None, alias: str) -> Mention | None:
    """Return ``mention`` with ``alias`` among its aliases (a description as written)."""
    if mention is None or not alias or alias == mention.label or alias in mention.aliases:
        return mention
    return replace(mention, aliases=tuple(sorted({*mention.aliases, alias})))


def _actor(tokens: list[Token], kind: EntityKind, span: Span) -> Mention | None:
    """Name the actor ``tokens`` spell, without leading determiners ("the ministry")."""
    while tokens and tokens[0].pos_ == "DET":
        tokens = tokens[1:]
    if not tokens:
        return None
    return Mention(label=tokens_text(tokens), kind=kind, start=span.start_char, end=span.end_char)


class SpeakerResolver:
    """Map subject phrases of one article to the actors they name."""

    def __init__(self, doc: Doc) -> None:
        """Index the people ``doc`` names, with their titles."""
        self.doc = doc
        # keyed by the last token of the name, lower-cased; namesakes ("Sara Netanyahu") apart
        self.people: dict[str, list[Person]] = {}
        self._sent_starts = [s.start_char for s in doc.sents]
        self._speakers: list[tuple[int, Mention]] = []  # (offset, mention) in reading order
        self._quotes = [(q.inner_start, q.inner_end) for q in find_quotes(doc.text)]
        # (offset, salience, person) of every name outside quotes, for "he" and "she"
        self._mentions: list[tuple[int, int, Person]] = []
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                self._add_person(ent)
        # a surname the tagger did not take for a person ("Trump has not responded")
        in_person = {t.i for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
        for t in doc:
            if (
                t.pos_ == "PROPN"
                and t.i not in in_person
                and t.dep_ not in ("compound", "flat")
                and not self._quoted(t.idx)
                and (person := self.person_named(t)) is not None
            ):
                self._mentions.append((t.idx, _salience(t), person))
        self._mentions.sort(key=lambda m: m[0])
        self._learn_genders()
        # "he" and "she" subjects of main clauses, outside quotes: links of a chain
        self._subject_pronouns = [
            t
            for t in doc
            if t.lower_ in ("he", "she") and _salience(t) == 0 and not self._quoted(t.idx)
        ]
        self._chain: dict[int, Mention | None] = {}
        # "the former Mexican president didn't stop there": a role subject names a person too
        self._role_subjects = [
            t
            for t in doc
            if t.lemma_.lower() in ROLE_NOUNS
            and t.tag_ == "NN"
            and _salience(t) == 0
            and any(c.lower_ == "the" for c in t.children)
            and not self._quoted(t.idx)
        ]

    # -- indexing ---------------------------------------------------------------

    def _add_person(self, ent: Span) -> None:
        toks = _clean_name(ent)
        if not toks or not all(t.text[:1].isupper() for t in toks):
            return
        written = tokens_text(toks)
        name = name_case(written)
        key = toks[-1].text.lower()
        if len(toks) == 1 and key not in self.people:
            # a name written surname first ("Jiang Zemin", then "Jiang"), or a first
            # name alone: the one person whose full name starts with it
            starts = [p for p in self._all_people() if p.label.split()[0].lower() == key]
            if len(starts) == 1 and len(starts[0].label.split()) > 1:
                self.people[key] = [starts[0]]
        same = self.people.setdefault(key, [])
        fits = [p for p in same if _same_person(p.label, name)]
        # a bare surname is the namesake named last before it
        person = max(fits, key=lambda p: max(p.offsets), default=None)
        if person is None:
            person = Person(label=name)
            same.append(person)
        elif len(name.split()) > len(person.label.split()):
            person.aliases.add(person.label)
            person.label = name
        elif name != person.label:
            person.aliases.add(name)
        if written != name:
            person.aliases.add(written)
        person.offsets.append(ent.start_char)
        if not self._quoted(ent.start_char):
            self._mentions.append((ent.start_char, _salience(toks[-1]), person))
        title = self._title_before(toks[0])
        if title:
            person.roles.append(tokens_text(title))
            person.nations |= _nations(title)
        appos = self._apposition(toks[-1])
        if appos:
            person.roles.append(tokens_text(appos))
            person.nations |= _nations(appos)
        # "Sen. Ted Cruz of Texas": the state a politician is from
        for prep in toks[-1].rights:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                person.nations |= {c.text for c in prep.children if c.ent_type_ == "GPE"}

    def _learn_genders(self) -> None:
        """Count the gendered words the article uses for each person, outside quotes.

        "Clinton said her plan ..." tells that Clinton is "she". Only a name that is
        the subject of its clause takes a word ("Clinton's campaign removed the
        mayor after he suggested ..." tells nothing of Clinton). In a sentence naming
        one person every gendered word counts for them: a subject or reflexive pronoun
        twice, a possessive on a subject or an object ("her plan would ...") once,
        any other half ("his", "her" often stand for someone unnamed). In a sentence
        naming several, a subject pronoun counts once, any other half, for the
        person named last before it ("Clinton beat her rival, Bernie Sanders, in his
        home state"). A courtesy title before
        the name ("Mr. Trump") or a gendered title ("spokeswoman") tells most. Words
        inside quotes are someone else's. No list of first names is needed.
        """
        doc_ents = self.doc.ents  # Span.ents would build them again for every sentence
        for sent in self.doc.sents:
            names: list[tuple[int, Person]] = []  # the names that are subjects
            others: set[int] = set()  # people named otherwise ("Clinton's campaign")
            for ent in _ents_within(doc_ents, sent):
                toks = _clean_name(ent) if ent.label_ == "PERSON" else []
                person = self.person_named(toks[-1]) if toks else None
                if person is None:
                    continue
                if self._quoted(ent.start_char):
                    pass  # a name a speaker says: their pronouns are theirs
                elif _salience(toks[-1]) <= 1:
                    names.append((ent.start_char, person))
                else:
                    others.add(id(person))
                title = self.doc[toks[0].i - 1].lower_.strip(".") if toks[0].i > 0 else ""
                person.male += TITLE_WEIGHT * (title == "mr")
                person.female += TITLE_WEIGHT * (title in ("mrs", "ms"))
            if not names:
                continue
            alone = len({id(p) for _, p in names} | others) == 1
            for t in sent:
                low = t.lower_.strip(".")
                if (low not in MALE_WORDS and low not in FEMALE_WORDS) or self._quoted(t.idx):
                    continue
                if low in ("mr", "mrs", "ms"):
                    continue  # counted with the name it precedes
                # "he", "herself" say most; "his", "her" often stand for someone unnamed
                strong = low in SUBJECT_WORDS
                # "her plan would ...": a possessive on a subject or an object says
                # more than one deep in a phrase ("in her political career")
                core = t.dep_ == "poss" and t.head.dep_ in ("nsubj", "nsubjpass", "dobj")
                if alone:
                    person, weight = names[0][1], 2 if strong else 1 if core else 0.5
                else:
                    before = [p for off, p in names if off < t.idx]
                    if not before:
                        continue
                    person, weight = before[-1], 1 if strong else 0.5
                person.male += weight * (low in MALE_WORDS)
                person.female += weight * (low in FEMALE_WORDS)
        for person in self._all_people():
            for word in person.role_words():
                person.male += TITLE_WEIGHT * (word in MALE_WORDS)
                person.female += TITLE_WEIGHT * (word in FEMALE_WORDS)

    def gender_of(self, mention: Mention) -> str | None:
        """Return the gender the article gives the person ``mention`` names, if it tells."""
        if mention.kind != "Person":
            return None
        last = mention.label.split()[-1].lower()
        person = next((p for p in self.people.get(last, []) if p.label == mention.label), None)
        return person.gender if person is not None else None

    def _title_before(self, first: Token) -> list[Token]:
        """Return the title words just before a name ("Russian Foreign Minister")."""
        doc = self.doc
        i = first.i - 1
        toks: list[Token] = []
        while i >= 0:
            t = doc[i]
            low = t.lower_.strip(".")
            if t.is_punct or t.pos_ not in ("PROPN", "NOUN", "ADJ"):
                break
            if not (
                low in TITLE_WORDS
                or low in ROLE_NOUNS
                or t.ent_type_ in ("GPE", "NORP")
                or (t.text[:1].isupper() and t.head.i > t.i)
            ):
                break
            toks.insert(0, t)
            i -= 1
        # keep it only if it holds a real title word
        if not any(t.lower_.strip(".") in ROLE_NOUNS | TITLE_WORDS for t in toks):
            return []
        while toks and toks[0].lower_.strip(".") in {"mr", "mrs", "ms", "dr"}:
            toks = toks[1:]
        return toks

    def _apposition(self, last: Token) -> list[Token]:
        """Return the title in an apposition: "Maria Zakharova, the official representative ..."."""
        for child in last.rights:
            if child.dep_ == "appos" and child.pos_ == "NOUN" and child.lemma_ in ROLE_NOUNS:
                toks = [t for t in child.subtree if not t.is_punct or t.text == "-"]
                while toks and toks[0].pos_ == "DET":
                    toks = toks[1:]
                return toks
        return []

    # -- resolution -------------------------------------------------------------

    def sentence_of(self, offset: int) -> int:
        """Return the index of the sentence holding ``offset``."""
        lo, hi = 0, len(self._sent_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._sent_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def _all_people(self) -> list[Person]:
        return [p for same in self.people.values() for p in same]

    def note_speaker(self, mention: Mention) -> None:
        """Remember a resolved speaker, for pronouns that follow."""
        self._speakers.append((mention.start, mention))

    def person_named(self, token: Token, *, any_tag: bool = False) -> Person | None:
        """Return the person whose name ends with ``token``, if the article names one.

        Among namesakes, the one named last before ``token`` (else first after it) wins.
        With ``any_tag``, a token the tagger did not take for a proper noun counts too.
        """
        if token.pos_ != "PROPN" and not any_tag:
            return None
        same = self.people.get(token.text.lower())
        if not same:
            return None
        if len(same) == 1:
            return same[0]
        before = [
            (max(o for o in p.offsets if o <= token.idx), p)
            for p in same
            if min(p.offsets) <= token.idx
        ]
        if before:
            return max(before, key=lambda x: x[0])[1]
        return min(same, key=lambda p: min(p.offsets))

    def _person_mention(self, person: Person, start: int, end: int, alias: str) -> Mention:
        aliases = set(person.aliases)
        alias = alias.strip()
        if alias and alias != person.label:
            aliases.add(alias)
        return Mention(
            label=person.label,
            kind="Person",
            start=start,
            end=end,
            aliases=tuple(sorted(aliases)),
            role=person.role,
        )

    def resolve(self, head: Token, span: Span | None = None) -> Mention | None:
        """Return the actor the subject headed by ``head`` names, or None if unknown.

        A text with a named issuer ("a poll by X", "X's analysis", "a report from
        X", "according to a statement released by X") is X speaking; the
        description as written stays an alias of X ("a report from X"), so a reader
        looking for the report finds its issuer. "of" after a poll names who was
        asked ("a survey of 500 voters"), never the issuer.

        Args:
            head: the head token of the subject phrase (the ``nsubj`` of the cue).
            span: the whole subject phrase; by default the head with its left modifiers
                and ``of``-phrases.
        """
        if head.text in ("'s", "’s"):
            return None  # a possessive marker misread as the subject names no one
        if _dateline(head):
            # "OSLO -- President Jane Dorr signed ...": the parser gave the verb two subjects
            other = next(
                (
                    c
                    for c in head.head.children
                    if c.dep_ in ("nsubj", "nsubjpass") and c.i > head.i
                ),
                None,
            )
            return self.resolve(other) if other is not None else None
        text = self._issued_text(head)
        if text is not None:
            # "according to a report from X": X, the head given, issued the text
            issuer = self._issuer(text)
            if issuer is None or issuer.i != head.i:
                # "according to a survey of 500 voters": the text, not the people asked
                return self.resolve(text) if issuer is None else self.resolve(issuer)
            return _with_alias(self._resolve(head, span), self._description(text, head))
        if head.pos_ == "NOUN" and head.lemma_.lower() in ISSUED_NOUNS:
            issuer = self._issuer(head)
            if issuer is not None and _names_someone(issuer):
                # "A report from X said": X speaks
                return _with_alias(self._resolve(issuer, None), self._description(head, issuer))
        return self._resolve(head, span)

    def _issued_text(self, head: Token) -> Token | None:
        """Return the text ``head`` is the issuer (or the polled people) of, if any.

        "X" in "a report from X", "X's analysis", "a statement released by X",
        "voters" in "a poll of voters".
        """
        if (
            head.dep_ == "poss"
            and head.head.lemma_.lower() in ISSUED_NOUNS
            and head.ent_type_ not in NOT_ISSUERS
        ):
            return head.head
        if head.dep_ != "pobj":
            return None
        prep = head.head
        noun = prep.head
        if prep.dep_ == "agent" and noun.dep_ == "acl" and noun.tag_ == "VBN":
            noun = noun.head  # "a statement released by X"
            if noun.dep_ == "pobj" and noun.head.lower_ == "of":
                noun = noun.head.head  # "a poll of 400 voters released by X"
        elif prep.lower_ == "of":
            if noun.lemma_.lower() not in POLL_NOUNS:
                return None
        elif prep.lower_ not in ISSUER_PREPS or prep.dep_ != "prep":
            return None
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in ISSUED_NOUNS:
            return None
        return noun

    @staticmethod
    def _issuer(text: Token) -> Token | None:
        """Return who issued ``text``: "X's report", "a report from X", "a poll released by X"."""
        for child in text.children:
            if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN") and _names_someone(child):
                return child
        holders = [text]
        if text.lemma_.lower() in POLL_NOUNS:
            # "a poll of 400 voters released by X": the parser hangs "released" on the voters
            holders += [
                p for c in text.children if c.lower_ == "of" for p in c.children if p.dep_ == "pobj"
            ]
        for holder in holders:
            for child in holder.children:
                if child.dep_ == "prep" and child.lower_ in ISSUER_PREPS and holder is text:
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None and pobj.lemma_.lower() not in ISSUED_NOUNS:
                        return pobj
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

    def _description(self, text: Token, issuer: Token) -> str:
        """Return the words describing ``text`` up to its issuer: "a new poll from X"."""
        lo = min(text.left_edge.i, issuer.left_edge.i)
        hi = max(text.i, issuer.right_edge.i) + 1
        if hi - lo > ALIAS_TOKENS:
            hi = max(text.i, issuer.i) + 1
        toks = [t for t in self.doc[lo:hi]]
        while toks and (toks[-1].is_punct or toks[-1].is_space):
            toks.pop()
        while toks and (toks[0].is_punct or toks[0].is_space):
            toks.pop(0)
        if not toks or len(toks) > ALIAS_TOKENS:
            return ""
        return self.doc.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]

    def _resolve(self, head: Token, span: Span | None = None) -> Mention | None:
        """Resolve a subject phrase (see :meth:`resolve`), issued texts aside."""
        appos = next(
            (c for c in head.children if c.dep_ == "appos" and c.i == head.i + 1),
            None,
        )
        if head.pos_ == "NOUN" and appos is not None and appos.pos_ == "PROPN":
            # "The Polish newspaper Gazeta reported": the name, not its description
            return self.resolve(appos)
        if _parenthesised(head) and head.head.pos_ == "PROPN":
            # "Gov. John Kasich (R-OH)": the party and state in brackets are no speaker
            head, span = head.head, None
        if span is None:
            span = self.phrase(head)
        low = head.lower_
        if low in RELATIVE_PRONOUNS and head.pos_ in ("PRON", "DET", "SCONJ"):
            noun = self._relative_head(head)
            return self.resolve(noun) if noun is not None else None
        if head.pos_ == "PRON" or (low in QUANTIFIERS and head.pos_ in ("DET", "ADJ")):
            if low in PERSON_PRONOUNS:
                return self._antecedent(head, ("Person",), span)
            if low in GROUP_PRONOUNS:
                kinds = ("Organization", "State") if low == "it" else ("Organization", "Unnamed")
                return self._antecedent(head, kinds, span) or self._group_before(head, span)
            if low in NARRATOR_PRONOUNS:
                return self._narrator(low, span)
            if low in QUANTIFIERS:
                return self._unnamed(head, span)
            return None
        if (
            head.pos_ not in ("PROPN", "PRON", "DET")
            and head.text[:1].isupper()
            and not head.is_sent_start
            and head.dep_ in ("nsubj", "nsubjpass")
            and (known := self.person_named(head, any_tag=True)) is not None
        ):
            # "From said", "Ebeling said": a surname of the article the tagger misread
            return self._person_mention(known, span.start_char, span.end_char, head.text)
        # a name the tagger took for a common noun: capitalised, mid-sentence, no determiner
        misread = (
            head.pos_ == "NOUN"
            and head.text[:1].isupper()
            and not head.is_sent_start
            and not any(c.dep_ == "det" for c in head.children)
            and head.ent_type_ in ("PERSON", "ORG", "")
            and head.lemma_.lower() not in ROLE_NOUNS | ORG_NOUNS
        )
        if head.pos_ == "PROPN" or misread:
            if self._country_word(span) is not None:
                return self._country_org(head, span)
            return self._named(head, span)
        if head.lemma_.lower() in ROLE_NOUNS and head.tag_ not in ("NNS", "NNPS"):
            person = self._by_role(head, span)
            if person is not None:
                return person
        if (
            head.lemma_.lower() in STATEMENT_NOUNS
            and any(c.lower_ == "the" for c in head.children)
            and (issuer := self._last_speaker(head)) is not None
        ):
            issuer = replace(issuer, start=span.start_char, end=span.end_char)
            return _with_alias(issuer, span.text)
        if head.lemma_.lower() in ORG_NOUNS | ORG_DESCRIPTIONS:
            named = self._organization(head, span)
            if named is not None:
                return named
        return self._unnamed(head, span)

    @staticmethod
    def _country_word(span: Span) -> Token | None:
        """Return "country" in "the country's Defense Ministry"."""
        return next(
            (t for t in span if t.dep_ == "poss" and t.lemma_.lower() in COUNTRY_WORDS), None
        )

    def _country_org(self, head: Token, span: Span) -> Mention | None:
        """Resolve "the country's Defense Ministry" to the ministry of the state the story is about."""
        country = self._country_word(span)
        state = self._story_entity(span.start_char, ("GPE", "ORG"), countries=True)
        if country is None or state is None or head.lemma_.lower() not in ORG_NOUNS:
            return None
        rest = [t for t in span if t.i > country.i and t.tag_ != "POS" and not t.is_punct]
        if not rest:
            return None
        label = f"{tokens_text(_clean_name(state)) or state.text} {tokens_text(rest)}"
        return Mention(
            label=label,
            kind="Organization",
            start=span.start_char,
            end=span.end_char,
            aliases=(span.text,),
        )

    def _last_speaker(self, token: Token) -> Mention | None:
        """Return who issued "the statement": the last speaker within three sentences before
        ``token``, or the subject that issued one there ("X released a statement"), the later.
        """
        here = self.sentence_of(token.idx)
        last: tuple[int, Mention] | None = None
        for start, mention in reversed(self._speakers):
            if start < token.idx and here - self.sentence_of(start) <= 3:
                last = (start, mention)
                break
        first = self._sent_starts[max(0, here - 3)]
        for t in self.doc.char_span(first, token.idx, alignment_mode="contract") or []:
            if (
                t.dep_ == "dobj"
                and t.lemma_.lower() in STATEMENT_NOUNS
                and t.head.lemma_.lower() in ISSUE_VERBS
                and (last is None or t.idx > last[0])
                and not self._quoted(t.idx)
            ):
                subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
                if subj is not None and subj.lemma_.lower() not in STATEMENT_NOUNS:
                    found = self._resolve(subj)
                    if found is not None:
                        last = (t.idx, found)
        return last[1] if last is not None else None

    def _relative_head(self, pronoun: Token) -> Token | None:
        """Return the noun a relative clause hangs on: "officials, who said ...", "..., which said"."""
        verb = pronoun.head
        for _ in range(3):
            if verb.dep_ in ("relcl", "acl"):
                return verb.head if verb.head.pos_ in ("NOUN", "PROPN") else None
            if verb.dep_ != "conj":
                return None
            verb = verb.head
        return None

    def _narrator(self, pronoun: str, span: Span) -> Mention:
        """Return the writer of a first-person story ("I asked him", "we endorse")."""
        article = self.doc._.article
        publisher = getattr(article, "publisher", None) if article is not None else None
        if pronoun == "we" and publisher:
            return Mention(
                label=publisher, kind="Organization", start=span.start_char, end=span.end_char
            )
        label = "the author" if pronoun == "i" else "the authors"
        return Mention(label=label, kind="Unnamed", start=span.start_char, end=span.end_char)

    def _group_before(self, pronoun: Token, span: Span) -> Mention | None:
        """Return what "it" or "they" stands for: the most salient organisation, or plural subject.

        "it" takes an organisation (or a state) named in the two sentences before;
        "they" an organisation or a plural noun subject ("Some voters ... They
        said"). As for "he", a subject outranks an object ("The PAC launched an ad
        in Indiana. It ..." is the PAC), a state ranks below an organisation, and
        a name inside a quote is no candidate.
        """
        here = self.sentence_of(pronoun.idx)
        best: tuple[tuple[float, int], Mention] | None = None

        def consider(off: int, penalty: float, m: Mention) -> None:
            nonlocal best
            rank = (here - self.sentence_of(off) + penalty, -off)
            if best is None or rank < best[0]:
                best = (rank, m)

        for ent in self.doc.ents:
            if ent.start_char >= pronoun.idx or here - self.sentence_of(ent.start_char) > 2:
                continue
            if self._quoted(ent.start_char):
                continue
            if ent.label_ == "ORG" or (ent.label_ == "GPE" and pronoun.lower_ == "it"):
                kind: EntityKind = "Organization" if ent.label_ == "ORG" else "State"
                m = _actor([t for t in ent if t.tag_ != "POS"], kind, span)
                if m is not None:
                    penalty = SALIENCE_PENALTY[_salience(ent.root)] + (kind == "State") * 0.5
                    m = replace(m, aliases=(ent.text,) if ent.text != m.label else ())
                    consider(ent.start_char, penalty, m)
        # "they" may look further back for a plural subject than "it" for a text
        back = GROUP_LOOK_BACK if pronoun.lower_ == "they" else 2
        start = self._sent_starts[max(0, here - back)]
        for t in self.doc.char_span(start, pronoun.idx, alignment_mode="contract") or []:
            if self._quoted(t.idx) or t.ent_type_ in ("ORG", "GPE", "PERSON"):
                continue
            if pronoun.lower_ == "they":
                # "Most of the senators have said they ...": a share or a plural noun
                group = t.tag_ in ("NNS", "NNPS") or (
                    t.lower_ in QUANTIFIERS | SHARE_NOUNS
                    and t.pos_ in ("ADJ", "DET", "NOUN", "PRON")
                )
                if t.dep_ not in ("nsubj", "nsubjpass") or not group:
                    continue
                m = self._unnamed(t, self.phrase(t))
            else:
                # "The campaign sent an email. “Give now,” it reads.": a text that speaks
                if (
                    t.tag_ != "NN"
                    or t.dep_ not in ("nsubj", "nsubjpass", "dobj")
                    or t.lemma_.lower() not in SPEAKING_TEXTS
                ):
                    continue
                m = self.resolve(t)
            if m is not None:
                m = replace(m, start=span.start_char, end=span.end_char)
                consider(t.idx, SALIENCE_PENALTY[_salience(t)] + (t.dep_ == "dobj") * 0.5, m)
        if best is None and pronoun.lower_ == "it":
            # "It said it had expanded the teams": the organisation the story is about
            org = self._story_entity(pronoun.idx, ("ORG",), least=2)
            if org is not None:
                named = _actor([t for t in org if t.tag_ != "POS"], "Organization", span)
                return _with_alias(named, org.text)
        return best[1] if best is not None else None

    def _story_entity(
        self, before: int, labels: tuple[str, ...], *, countries: bool = False, least: int = 1
    ) -> Span | None:
        """Return the entity of ``labels`` the story names most often before ``before``.

        With ``countries``, only names the gazetteer knows as countries count ("the
        country" is never a city). With ``least``, it must be named that often.
        """
        counts: dict[str, list[Span]] = {}
        for ent in self.doc.ents:
            if countries and gazetteer.country(ent.text) is None:
                continue
            if ent.label_ in labels and ent.start_char < before:
                counts.setdefault(tokens_text(_clean_name(ent)) or ent.text, []).append(ent)
        if not counts:
            return None
        # the most named, then the one named last
        most = max(counts.values(), key=lambda es: (len(es), es[-1].start_char))
        return most[-1] if len(most) >= least else None

    def phrase(self, head: Token) -> Span:
        """Return the subject phrase headed by ``head`` (no relative clauses or appositions)."""
        keep = [head]
        for child in head.children:
            joined = (
                child.text in ("-", "–")
                and not child.whitespace_
                and not self.doc[child.i - 1].whitespace_
            )
            if joined:
                keep.append(child)  # "front-runner": a hyphen inside a word
                continue
            if child.dep_ in ("relcl", "appos", "acl", "punct", "cc", "conj", "advmod"):
                continue
            keep.extend(child.subtree)
        idx = sorted(t.i for t in keep)
        # only the contiguous run around the head
        lo = hi = idx.index(head.i)
        while lo > 0 and idx[lo - 1] == idx[lo] - 1:
            lo -= 1
        while hi < len(idx) - 1 and idx[hi + 1] == idx[hi] + 1:
            hi += 1
        return self.doc[idx[lo] : idx[hi] + 1]

    def _named(self, head: Token, span: Span) -> Mention | None:
        """Resolve a proper name: a person of the article, else an organisation or state."""
        person = self.person_named(head)
        if person is not None:
            alias = tokens_text(_clean_name(span))
            return self._person_mention(person, span.start_char, span.end_char, alias)
        ent = next((e for e in self.doc.ents if e.start <= head.i < e.end), None)
        kind: EntityKind
        if ent is not None and ent.label_ == "PERSON":
            kind = "Person"
        elif ent is not None and ent.label_ in ("GPE",):
            kind = "State"
        elif ent is not None and ent.label_ in ("ORG", "NORP", "FAC"):
            kind = "Organization"
        else:
            kind = "Actor"
        if kind == "Person":
            toks = _clean_name(ent if ent is not None else span)
        else:  # keep "Russian Foreign Ministry" whole; drop only "the" and a possessive
            toks = [
                t
                for t in (ent if ent is not None and ent.end - ent.start >= len(span) else span)
                if t.tag_ != "POS" and not t.is_punct
            ]
            # a description before the name is no part of it: "UK sportswear firm Umbro"
            lower = [
                k
                for k, t in enumerate(toks)
                if t.i < head.i and t.text[:1].islower() and t.pos_ in ("NOUN", "ADJ", "VERB")
            ]
            if lower:
                toks = toks[lower[-1] + 1 :]
        return _actor(toks, kind, span)

    def _organization(self, head: Token, span: Span) -> Mention | None:
        """Resolve "the Russian Foreign Ministry", "Azerbaijan's state news agency".

        A description resolves to the organisation or state the story is about, when
        the text names one: "the firm" to the company named most often before it,
        "the country's Defense Ministry" to that state's ministry (so that it is
        queryable, and acts for the state).
        """
        toks = [t for t in span if not t.is_punct]
        if self._country_word(span) is not None:
            return self._country_org(head, span)
        if not any(t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "NORP", "ORG") for t in span):
            if (
                head.lemma_.lower() not in ORG_DESCRIPTIONS
                or len(toks) > 2
                or toks[0].lower_ != "the"
            ):
                return None  # "the ministry" alone: too vague to be an actor
            org = self._story_entity(span.start_char, ("ORG",))
            if org is None:
                return None
            m = _actor([t for t in org if t.tag_ != "POS"], "Organization", span)
            return replace(m, aliases=(span.text,)) if m is not None else None
        return _actor(toks, "Organization", span)

    def _unnamed(self, head: Token, span: Span) -> Mention | None:
        """Return an unnamed source ("voters", "a source", "the judge", "a new poll").

        Any noun may head one, reports and polls included ("the report said"), but
        not the text of an agreement or a law (``TEXT_NOUNS``), pronouns or other words. The phrase as written is its label ("aides to Clinton");
        it is kept apart from every other article's ("Unnamed" entities are scoped to
        their article).
        """
        quantifier = head.lower_ in QUANTIFIERS
        # "the Harmon polling average": a noun the tagger took for an adjective
        as_noun = head.pos_ == "ADJ" and any(c.dep_ == "compound" for c in head.children)
        if (
            head.pos_ not in ("NOUN", "NUM") and not quantifier and not as_noun
        ) or head.lemma_.lower() in TEXT_NOUNS:
            return None
        if head.lemma_.lower() in SHARE_NOUNS or head.pos_ == "NUM" or quantifier:
            # "about 4 in 10", "half of voters": keep the whole share, its adverb included
            drop = {t.i for c in head.children if c.dep_ in ("relcl", "appos") for t in c.subtree}
            span = self.doc[head.left_edge.i : head.right_edge.i + 1]
            # a misparse may hang a clause on the share: "About two-thirds of voters in five
            # states support ...": the share ends before a finite verb
            inner = {t.i for c in span if c.dep_ in ("relcl", "acl") for t in c.subtree}
            end = next(
                (
                    t.i
                    for t in span
                    if t.i > head.i
                    and t.i not in inner
                    and (
                        t.tag_ in FINITE_TAGS
                        or (t.head.i == head.i and (t.dep_ in ("cc", "conj") or t.text in ",;"))
                    )
                ),
                span.end,
            )
            span = self.doc[span.start : end]
            return _actor([t for t in span if t.i not in drop and not t.is_punct], "Unnamed", span)
        medium = [
            t
            for t in span
            if t.i < head.i and t.dep_ in ("compound", "amod") and t.lemma_.lower() in MEDIA_NOUNS
        ]
        if head.lemma_.lower() in REPORT_NOUNS and medium:
            # "Chinese state press reports said": the press speaks, its reports are the text
            toks = [t for t in span if t.i < head.i and not t.is_punct]
            m = _actor(toks, "Unnamed", span)
            return replace(m, aliases=(span.text,)) if m is not None else None
        return _actor([t for t in span if not t.is_punct or t.text == "-"], "Unnamed", span)

    def _quoted(self, offset: int) -> bool:
        """Return True when ``offset`` lies inside a quote (a name a speaker says)."""
        return any(a <= offset < b for a, b in self._quotes)

    def _person_antecedent(self, head: Token, span: Span) -> Mention | None:
        """Return the person "he" or "she" stands for: the most salient one just before.

        Every earlier speaker and every name outside quotes within ``LOOK_BACK``
        sentences is a candidate, scored by how many sentences back it is, plus a
        penalty for a name that is not the subject of its clause (an object, a
        possessive: "Trump took swipes at Jeb Bush. ... he wrote" is Trump), for an
        unknown gender, and for a one-word organisation standing in for a surname.
        A candidate of the other gender is skipped. The lowest score wins, the later
        one on a tie; with none, the last person named anywhere before (the person
        the story is about).
        """
        here = self.sentence_of(head.idx)
        low = head.lower_
        want = "m" if low in ("he", "him") else "f" if low in ("she", "her") else None
        best: tuple[float, int, Mention | Person] | None = None
        main = _salience(head) == 0

        def consider(off: int, penalty: float, who: Mention | Person, gender: str | None) -> None:
            nonlocal best
            back = here - self.sentence_of(off)
            if off >= head.idx or back > LOOK_BACK:
                return
            if want is not None and gender is not None and gender != want:
                return  # "she" after a man's words is someone else
            score = back + penalty + (UNKNOWN_GENDER if want is not None and gender is None else 0)
            if back == 0 and penalty and main:
                # "Though he did not name Rubio, he made it clear": no object of its own sentence
                score += SAME_SENTENCE
            if best is None or (score, -off) < (best[0], -best[1]):
                best = (score, off, who)

        for off, mention in self._speakers:
            if self._quoted(off):
                continue  # a speaker a quote reports, not one of the writer's
            if mention.kind == "Person":
                consider(off, 0.0, mention, self.gender_of(mention))
            elif _fits(mention, ("Person",)):
                consider(off, ORG_AS_PERSON, mention, None)
        for off, salience, person in self._mentions:
            consider(off, SALIENCE_PENALTY[salience], person, person.gender)
        for tok in self._role_subjects:
            if tok.idx >= head.idx:
                break
            if here - self.sentence_of(tok.idx) > LOOK_BACK:
                continue
            if tok.i not in self._chain:
                self._chain[tok.i] = self._by_role(tok, self.phrase(tok))
            link = self._chain[tok.i]
            if link is not None:
                consider(tok.idx, 0.0, link, self.gender_of(link))
        # "Cruz ... Though he did not name Rubio, he made it clear ... He asked": an earlier
        # "he" subject carries its person on (resolved in reading order, so never deeply)
        for tok in self._subject_pronouns:
            if tok.idx >= head.idx:
                break
            if tok.lower_ != low or here - self.sentence_of(tok.idx) > LOOK_BACK:
                continue
            if tok.i not in self._chain:
                self._chain[tok.i] = self._person_antecedent(tok, self.doc[tok.i : tok.i + 1])
            link = self._chain[tok.i]
            if link is not None:
                consider(tok.idx, 0.0, link, self.gender_of(link))
        if best is None:
            last = self._last_named_before(head.idx, want)
            if last is None:
                return None
            best = (0.0, *last)
        who = best[2]
        if isinstance(who, Person):
            return self._person_mention(who, span.start_char, span.end_char, "")
        return replace(who, start=span.start_char, end=span.end_char)

    def _antecedent(self, head: Token, kinds: tuple[str, ...], span: Span) -> Mention | None:
        """Return the most recent speaker (else named person) before a pronoun."""
        if kinds == ("Person",):
            return self._person_antecedent(head, span)
        here = self.sentence_of(head.idx)
        low = head.lower_
        want = "m" if low in ("he", "him") else "f" if low in ("she", "her") else None
        for start, mention in reversed(self._speakers):
            if start < head.idx and here - self.sentence_of(start) <= 3 and _fits(mention, kinds):
                if want is not None and self.gender_of(mention) not in (None, want):
                    continue  # "she" after a man's words is someone else
                return replace(mention, start=span.start_char, end=span.end_char)
        if "Person" not in kinds:
            return None
        best: tuple[int, Person] | None = None
        for person in self._all_people():
            if want is not None and person.gender not in (None, want):
                continue
            for off in person.offsets:
                near = off < head.idx and here - self.sentence_of(off) <= LOOK_BACK
                if near and (best is None or off > best[0]):
                    best = (off, person)
        if best is None:
            best = self._last_named_before(head.idx, want)
            if best is None:
                return None
        return self._person_mention(best[1], span.start_char, span.end_char, "")

    def _last_named_before(self, offset: int, want: str | None) -> tuple[int, Person] | None:
        """The person the story is about: the last one of gender ``want`` named before ``offset``."""
        named = [
            (o, p)
            for p in self._all_people()
            for o in p.offsets
            if o < offset and (want is None or p.gender in (None, want))
        ]
        return max(named, key=lambda x: x[0]) if named else None

    def _by_role(self, head: Token, span: Span) -> Mention | None:
        """Resolve "the president of Azerbaijan", "a top Azerbaijani official" to a named person."""
        noun = head.lemma_.lower()
        nations = _nations(span) | {
            t.text for t in span if t.pos_ == "PROPN" and t.dep_ in ("poss", "pobj", "compound")
        }
        mods = {
            t.lower_
            for t in span
            if t.i < head.i
            and t.pos_ in ("ADJ", "NOUN", "PROPN")
            and t.ent_type_ not in ("GPE", "NORP")
            and t.lower_ not in VAGUE_MODIFIERS
            and t.dep_ != "poss"
        }
        here = self.sentence_of(head.idx)
        # a headline names its speaker by role before the story names them
        ahead = (
            len(self._sent_starts)
            if sentence_zone(self.doc, head.idx) == Zone.HEADLINE
            else LOOK_AHEAD
        )
        best: tuple[tuple[int, int, int], Person] | None = None
        for person in self._all_people():
            words = person.role_words()
            if not words:
                continue
            if noun not in words and not (noun in GENERIC_ROLES and words & ROLE_NOUNS):
                continue
            if not mods <= words:
                continue
            if (
                nations
                and person.nations
                and not any(_same_nation(a, b) for a in nations for b in person.nations)
            ):
                continue
            # "the Vermont senator": one known to be from Vermont before one of unknown origin
            unsure = int(bool(nations) and not person.nations)
            for off in person.offsets:
                dist = self.sentence_of(off) - here
                if -LOOK_BACK <= dist <= ahead:
                    rank = (unsure, abs(dist), 0 if dist <= 0 else 1)
                    if best is None or rank < best[0]:
                        best = (rank, person)
        if best is None:
            log.debug("no person found for role phrase %r", span.text)
            return None
        alias = span.text
        return self._person_mention(best[1], span.start_char, span.end_char, alias)


def _ents_within(ents: Sequence[Span], sent: Span) -> list[Span]:
    """Return ``sent.ents`` from the document's ``ents``, as spaCy's ``Span.ents`` does."""
    found = []
    for ent in ents:
        if ent.start >= sent.start:
            if ent.end <= sent.end:
                found.append(ent)
            else:
                break
    return found
