"""One article's agreements: merging their mentions, and the dates that are not signings.

An article names the same agreement several ways ("the ceasefire" signed "last
week", then "a Russia-brokered cease-fire" signed "on Nov. 10"). :func:`merge`
makes them one node: records whose dates agree (equal, or one inside the other)
are the same agreement when the words of one label are among the words of the
other (cease-fire, ceasefire and truce count as one word). Two descriptions
that share only their noun ("tripartite agreement", "Russian-brokered
agreement") stay apart: the text does not say they are one, and two documents
are often signed the same day.

:func:`side_dates` reads, per agreement mention, the date it takes effect
("took effect at midnight on Nov. 10", "came into force on ...") and its deadlines
("... by Nov. 15", "no later than 1 December"), kept apart from the signing date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg import gazetteer
from kg.article import Zone
from kg.extract import entities
from kg.extract._clauses import attached_times, fact_sentences, text_of, times_in
from kg.nlp import pipeline_of, sentence_zone
from kg.records import Evidence, Mention, Record, Signed, TimeExpr, Transferred

#: Verb + particle/object pairs by which an agreement comes into force.
_EFFECT_OBJECTS = {"take": "effect", "go": "effect", "come": "force", "enter": "force"}
#: Words right before a date that make it a deadline.
_DEADLINE = re.compile(r"\b(?:by|before|until|till|no later than|not later than)\s+$", re.I)
#: Head nouns that name the same kind of thing ("cease-fire" and "truce").
_KIND = {
    "ceasefire": "ceasefire",
    "cease-fire": "ceasefire",
    "truce": "ceasefire",
    "armistice": "ceasefire",
}


def sentences(doc: Doc) -> Iterator[Span]:
    """Yield the sentences signings and handovers are read from: the fact zones and headlines.

    A lead cut off by the page often states its news only in the headline ("X
    hands Y to Z", "A and B sign truce"). Headlinese reads as the extractors'
    tenses already do: a present tense is the news (done), "to" + verb a plan.
    A headline in title case ("Sweden Hands Island To Finland") or in lower case
    (a URL slug) is parsed again in sentence case (:func:`sentence_case`): the
    model reads every capitalized word as a name and none of a slug's. A
    headline in capitals is not read: the model cannot parse it. A headline
    that repeats another headline word for word is read once.
    """
    seen: set[str] = set()
    body = {(s.start, s.end) for s in fact_sentences(doc)}
    recased_to = -1
    for sent in doc.sents:
        if (sent.start, sent.end) in body:
            yield sent
            continue
        text = sent.text.strip()
        if not text or sentence_zone(doc, sent.start_char) is not Zone.HEADLINE:
            continue
        if text.upper() == text or text in seen or sent.start_char < recased_to:
            continue
        seen.add(text)
        again = _recased(doc, sent)
        if again is None:
            yield sent
            continue
        recased_to = len(again.text)
        yield from (part for part in again.sents if part.text.strip())


#: Words a title-case headline capitalizes that are never names.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "into",
        "onto",
        "over",
        "under",
        "after",
        "before",
        "as",
        "than",
        "about",
        "against",
        "between",
        "during",
        "without",
        "within",
        "off",
        "up",
        "out",
        "back",
        "down",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "its",
        "his",
        "her",
        "their",
        "our",
        "this",
        "that",
        "these",
        "those",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "while",
        "not",
        "no",
        "new",
    ]
)
#: Names of days and months, capitalized in any case.
_CALENDAR = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")


def _lexicon(nlp: Language) -> Callable[[str], bool]:
    """Return a test of whether a lower-case word is a common English word (the lemmatizer's index)."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    except (KeyError, AttributeError):
        return lambda word: False
    pos = [table[p] for p in ("noun", "verb", "adj", "adv") if p in table]

    def known(word: str) -> bool:
        forms = {word, word.rstrip("s"), word[:-2] if word.endswith("es") else word}
        forms |= (
            {word[:-2], word[:-1], word[:-3], word[:-3] + "e"} if word.endswith("ed") else set()
        )
        forms |= {word[:-3], word[:-3] + "e"} if word.endswith("ing") else set()
        return any(f in index for f in forms if f for index in pos)

    return known


def sentence_case(headline: str, body: str, known: Callable[[str], bool]) -> str:
    """Return ``headline`` in sentence case when it is in title case or all lower case.

    Title case: a word stays capitalized when the body writes it so inside a
    sentence, or it names a country; else it is lowered when it is a function
    word, when the body writes it in lower case, or when ``known`` (a word list)
    has it. Lower case (a URL slug): a word the body only writes capitalized is
    capitalized, and so is the first. The result has the length of ``headline``.

    >>> body, known = "Sweden gave the island back.", {"hands"}.__contains__
    >>> sentence_case("Sweden Hands Over Island To Finland", body, known)
    'Sweden hands over island to Finland'
    """
    words = list(_WORD.finditer(headline))
    lower_body = set(re.findall(r"(?<![.!?]\s)(?<!^)\b([a-z][\w'-]*)", body))
    capital_body = set(re.findall(r"(?<=[a-z,;] )([A-Z][\w'-]*)", body))
    longer = [m.group() for m in words[1:] if len(m.group()) >= 4]
    # Title case capitalizes every longer word but the first; one slip is allowed in a long one.
    lowered = sum(not w[0].isupper() for w in longer)
    title = len(longer) >= 2 and (lowered == 0 or (lowered == 1 and len(longer) >= 4))
    slug = len(words) >= 3 and headline == headline.lower()
    if not title and not slug:
        return headline
    chars = list(headline)
    for n, m in enumerate(words):
        word = m.group()
        if slug:
            cap = word[:1].upper() + word[1:]
            name = cap in capital_body and word not in lower_body
            if n == 0 or name or _country(word):
                chars[m.start()] = cap[0]
            continue
        if n == 0 or not word[0].isupper() or word[1:2].isupper() or "." in word:
            continue  # the first word, a lower-case word, "UAE", "U.S."
        low = word.lower()
        if low in _FUNCTION_WORDS:
            chars[m.start()] = low[0]
            continue
        if word in capital_body or low in _CALENDAR or _country(word):
            continue
        if entities.state_from_demonym(word) is not None:
            continue  # "Irish", "Sudanese"
        if low in _FUNCTION_WORDS or low in lower_body or known(low):
            chars[m.start()] = low[0]
    return "".join(chars)


def _country(word: str) -> bool:
    """Tell a country's name; not its ISO code ("And" is no Andorra, "can" no Canada)."""
    return len(word) > 3 and gazetteer.country(word) is not None


#: Key of ``Doc.user_data`` under which a re-parsed headline keeps the article's Doc.
SOURCE_DOC = "newskg_source_doc"


def _recased(doc: Doc, sent: Span) -> Doc | None:
    """Return the line of ``sent``, a headline, parsed again in sentence case (see
    :func:`sentence_case`), or ``None`` when it is in sentence case already.

    The line is parsed whole: the model may have cut a title-case line in two
    ("... Island" / "To Finland ..."). The new Doc keeps the article's offsets
    (blanks before the line) and has ``doc``'s article and the times of the line.
    """
    nlp = pipeline_of(doc)
    if nlp is None:
        return None
    start = doc.text.rfind("\n", 0, sent.start_char) + 1
    end = doc.text.find("\n", sent.start_char)
    end = len(doc.text) if end < 0 else end
    line = doc.text[start:end]
    text = sentence_case(line, doc.text[end:], _lexicon(nlp))
    if text == line:
        return None
    again = nlp(" " * start + text)
    again._.article = doc._.article
    again._.times = [t for t in (doc._.times or []) if start <= t.start and t.end <= end]
    again.user_data[SOURCE_DOC] = doc
    return again


def as_written(doc: Doc, evidence: Evidence) -> Evidence:
    """Return ``evidence`` with the article's own words (a headline is parsed in sentence case)."""
    article = doc._.article
    if article is None or evidence.end > len(article.text):
        return evidence
    return replace(evidence, text=article.text[evidence.start : evidence.end])


def _words(label: str) -> set[str]:
    return {w for w in re.findall(r"[\w-]+", label.lower()) if len(w) > 2}


def _is_name(label: str) -> bool:
    """Tell a name ("Juba Agreement", "Statute of ...") from a description ("tripartite agreement")."""
    words = [w for w in re.findall(r"[\w-]+", label) if len(w) > 3]
    return sum(w[0].isupper() for w in words) >= 2


def _date_inside(a: str, b: str) -> bool:
    """Tell whether value ``a`` is ``b`` or lies inside it ("2020-11-10" in "2020-11" or "2020-W46")."""
    if a == b or (a.startswith(b) and len(b) in (4, 7)):
        return True
    week = re.fullmatch(r"(\d{4})-W(\d{2})", b)
    if week and re.fullmatch(r"\d{4}-\d{2}-\d{2}", a):
        year, num, _ = dt.date.fromisoformat(a).isocalendar()
        return (year, num) == (int(week[1]), int(week[2]))
    return False


def same_words(part: str, whole: str) -> bool:
    """Tell whether the words of label ``part`` are all among those of ``whole``."""
    wa = {_KIND.get(w, w) for w in _words(part)}
    wb = {_KIND.get(w, w) for w in _words(whole)}
    return bool(wa) and wa <= wb


def _same(a: Signed, b: Signed) -> bool:
    if not (_date_inside(a.date.value, b.date.value) or _date_inside(b.date.value, a.date.value)):
        return False
    la, lb = a.agreement.label, b.agreement.label
    return same_words(la, lb) or same_words(lb, la)


def _preferred(mentions: list[Mention]) -> Mention:
    """The mention whose label names the agreement best: a name first, then the longest."""
    return max(mentions, key=lambda m: (_is_name(m.label), len(m.label.split()), -m.start))


def union(mentions: Iterable[Mention]) -> tuple[Mention, ...]:
    unique: dict[str, Mention] = {}
    for m in mentions:
        unique.setdefault(m.label, m)
    return tuple(unique.values())


def merge(records: list[Signed]) -> list[Signed]:
    """Give every record of one agreement the same Mention; drop coarser duplicate dates.

    Records keep their order; a record whose date only restates, less precisely,
    the date of another record of the same agreement ("last week" beside
    "Nov. 10") is dropped.
    """
    groups: list[list[int]] = []
    for i, rec in enumerate(records):
        for group in groups:
            if any(_same(rec, records[j]) for j in group):
                group.append(i)
                break
        else:
            groups.append([i])
    out: dict[int, Signed] = {}
    for group in groups:
        mentions = [records[i].agreement for i in group]
        best = _preferred(mentions)
        aliases = tuple(
            dict.fromkeys(
                a
                for m in mentions
                for a in (m.label, *m.aliases)
                if a != best.label and a not in best.aliases
            )
        )
        merged = replace(best, aliases=(*best.aliases, *aliases))
        parties = union(m for i in group for m in records[i].parties)
        brokers = tuple(
            b
            for b in union(m for i in group for m in records[i].brokers)
            if b.label not in {p.label for p in parties}
        )
        values = [records[i].date.value for i in group]
        for i in group:
            v = records[i].date.value
            if any(w != v and _date_inside(w, v) for w in values):
                continue  # a finer date of the same agreement is known
            out[i] = replace(records[i], agreement=merged, parties=parties, brokers=brokers)
    return [out[i] for i in sorted(out)]


def _effect_verb(token: Token) -> bool:
    """Tell "took effect", "came into force", "entered into force", "went into effect"."""
    wanted = _EFFECT_OBJECTS.get(token.lemma_.lower())
    if wanted is None:
        return False
    for child in token.children:
        if child.lower_ == wanted:
            return True
        if (
            child.dep_ == "prep"
            and child.lower_ == "into"
            and any(g.lower_ == wanted for g in child.children)
        ):
            return True
    return False


def side_dates(
    sent: Span, is_agreement: Callable[[Token], bool]
) -> Iterable[tuple[Token, str, TimeExpr]]:
    """Yield (agreement head, "effective" | "deadline", date) for one sentence."""
    heads = [t for t in sent if is_agreement(t)]
    if not heads:
        return
    for tok in sent:
        if not _effect_verb(tok):
            continue
        subjects = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if tok.dep_ == "relcl" and is_agreement(tok.head):
            subjects = [tok.head]
        for subj in subjects:
            head = next((t for t in subj.subtree if is_agreement(t)), None)
            if head is None:
                continue
            for expr, _ in attached_times(sent, {tok.i}, fallback=False):
                yield head, "effective", expr
    text = text_of(sent.doc)
    for expr, _ in times_in(sent):
        if _DEADLINE.search(text[max(sent.start_char, expr.start - 20) : expr.start]):
            yield heads[0], "deadline", expr


_WEEKDAY = re.compile(
    r"^(?:on\s+|this\s+|next\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day$", re.IGNORECASE
)


#: Words of a clause about what is still to come: "will", "is due to", "is scheduled for".
_FUTURE = frozenset(["will", "shall", "'ll", "due", "scheduled", "set", "expected", "upcoming"])


def _future(doc: Doc, expr: TimeExpr) -> bool:
    """Tell whether the clause a date sits in speaks of the future ("will ... on Thursday")."""
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    for tok in [span.root, *span.root.ancestors]:
        words = [c for c in tok.children if c.dep_ in {"aux", "acomp", "amod"}]
        if tok.lower_ in _FUTURE or any(c.lower_ in _FUTURE for c in words):
            return True
        if tok.dep_ == "ROOT" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            return True  # headlinese "A and B to sign treaty on Friday"
        if any(c.dep_ == "aux" and c.tag_ in {"VBD", "VBN"} for c in tok.children):
            return False
        if tok.tag_ == "VBD":
            return False
    return False


_MONTH = re.compile(
    r"^(?:in\s+|late\s+|early\s+|mid-?)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
    r"[a-z]*\.?$",
    re.IGNORECASE,
)


def present(doc: Doc, expr: TimeExpr) -> bool:
    """Tell a date of a clause in the simple present ("X returns to Danish rule in August"):
    of a news story, the present with a date speaks of what is still to come."""
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    verb = next((a for a in span.root.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    return (
        verb is not None
        and verb.tag_ in {"VBZ", "VBP"}
        and not any(c.dep_ in {"aux", "auxpass", "neg"} for c in verb.children)
    )


def forward(
    doc: Doc, expr: TimeExpr | None, published: str | None, *, now: bool = False
) -> TimeExpr | None:
    """Move a bare weekday or month of a plan ("will hand over X on Thursday", "returns
    to Danish rule in August") to the coming one.

    A plan still to come at publication ("will", "is due to"; with ``now``, the
    simple present too) falls on the next Thursday or July, not the last, which a
    date resolver without the tense may have given.
    """
    if expr is None or published is None:
        return expr
    if _MONTH.match(expr.text.strip()) and re.fullmatch(r"\d{4}-\d{2}", expr.value):
        if not (_future(doc, expr) or (now and present(doc, expr))):
            return expr
        if expr.value >= published[:7]:
            return expr
        return replace(expr, value=f"{int(expr.value[:4]) + 1:04d}{expr.value[4:]}")
    if not _WEEKDAY.match(expr.text.strip()):
        return expr
    if not _future(doc, expr):
        return expr
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", expr.value) or len(published) != 10:
        return expr
    day, pub = dt.date.fromisoformat(expr.value), dt.date.fromisoformat(published)
    if day >= pub:
        return expr
    return replace(expr, value=(day + dt.timedelta(days=7)).isoformat())


def link_transfers(records: list[Record]) -> list[Record]:
    """Point each transfer's agreement ("under the deal") at the article's signed agreement it names.

    The agreement a transfer names becomes the Mention of the nearest signed
    agreement before it whose names contain its words, so both facts share one
    node; a transfer whose agreement matches none keeps its own.
    """
    signed = [r for r in records if isinstance(r, Signed)]
    out: list[Record] = []
    for r in records:
        if isinstance(r, Transferred) and r.agreement is not None:
            label = r.agreement.label
            candidates = [
                s
                for s in signed
                if any(same_words(label, n) for n in (s.agreement.label, *s.agreement.aliases))
            ]
            if candidates:
                before = [s for s in candidates if s.evidence.start <= r.evidence.start]
                best = (before or candidates)[-1 if before else 0]
                r = replace(r, agreement=best.agreement)
        out.append(r)
    return out
