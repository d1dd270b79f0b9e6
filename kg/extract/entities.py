"""Places and states as extractors need them: clean labels, demonyms, name lists.

News names states in many ways: "Azerbaijan", "Azerbaijani forces", "units of
the Azerbaijani army", "a Russian-brokered deal", and the small English model
sometimes tags a country as ORG or a town as PERSON. These helpers turn such
mentions into :class:`~kg.records.Mention` objects with one preferred label,
so that every extractor names the same state the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Token

from kg import gazetteer
from kg.records import EntityKind, Mention

#: Nouns that introduce or follow a place name without being part of it
#: ("the town of Shushi", "the Aghdam region", "the districts of Agdam, ...").
PLACE_NOUNS = frozenset(
    [
        "town",
        "towns",
        "city",
        "cities",
        "village",
        "villages",
        "district",
        "districts",
        "region",
        "regions",
        "province",
        "provinces",
        "county",
        "counties",
        "area",
        "areas",
        "territory",
        "territories",
        "settlement",
        "settlements",
        "municipality",
        "municipalities",
        "oblast",
        "oblasts",
        "governorate",
        "governorates",
        "state",
        "states",
        "island",
        "islands",
        "enclave",
        "enclaves",
        "peninsula",
        "corridor",
        "republic",
        "zone",
        "zones",
        "valley",
        "border",
        "port",
        "strip",
        "bank",
        "heights",
        # smaller or rarer kinds of place a treaty or a ceremony hands over
        "hamlet",
        "hamlets",
        "islet",
        "islets",
        "atoll",
        "atolls",
        "reef",
        "archipelago",
        "glacier",
        "exclave",
        "exclaves",
        "commune",
        "communes",
        "parish",
        "prefecture",
        "subdistrict",
        # kinds of land news name a disputed or handed-over place by (issue 9)
        "triangle",
        "plateau",
        "desert",
        "oasis",
        "isle",
        "isles",
        "township",
        "townships",
        "canton",
        "cantons",
    ]
)
#: Last words of the names of bodies and firms, never of a place that changes hands.
INSTITUTION_WORDS = frozenset(
    [
        "senate",
        "parliament",
        "congress",
        "assembly",
        "council",
        "committee",
        "commission",
        "court",
        "ministry",
        "government",
        "party",
        "bank",
        "company",
        "corporation",
        "corp",
        "inc",
        "ltd",
        "plc",
        "group",
        "airlines",
        "lines",
        "airways",
        "union",
        "association",
        "agency",
        "authority",
        "board",
        "fund",
        "foundation",
        "institute",
        "university",
        "army",
        "navy",
        "police",
    ]
)
#: Nouns of a site whose name keeps them ("the Panama Canal", "the Ilmar border post"):
#: a place when named, but never cut from its label as a place noun is.
SITE_NOUNS = frozenset(
    [
        "canal",
        "waterway",
        "harbour",
        "harbor",
        "airport",
        "base",
        "airbase",
        "outpost",
        "post",
        "crossing",
        "checkpoint",
    ]
)

#: Demonyms whose country a shared prefix does not reveal ("French" -> France).
DEMONYMS = {
    "american": "United States",
    "u.s.": "United States",
    "us": "United States",
    "british": "United Kingdom",
    "english": "England",
    "scottish": "Scotland",
    "welsh": "Wales",
    "irish": "Ireland",
    "french": "France",
    "dutch": "Netherlands",
    "swiss": "Switzerland",
    "greek": "Greece",
    "turkish": "Turkey",
    "chinese": "China",
    "japanese": "Japan",
    "vietnamese": "Vietnam",
    "lebanese": "Lebanon",
    "sudanese": "Sudan",
    "portuguese": "Portugal",
    "spanish": "Spain",
    "danish": "Denmark",
    "swedish": "Sweden",
    "finnish": "Finland",
    "polish": "Poland",
    "norwegian": "Norway",
    "thai": "Thailand",
    "filipino": "Philippines",
    "philippine": "Philippines",
    "saudi": "Saudi Arabia",
    "emirati": "United Arab Emirates",
    "azeri": "Azerbaijan",
    "afghan": "Afghanistan",
    "czech": "Czech Republic",
    "slovak": "Slovakia",
    "belgian": "Belgium",
    "peruvian": "Peru",
    "israeli": "Israel",
    "palestinian": "Palestine",
    "iraqi": "Iraq",
    "iranian": "Iran",
    "yemeni": "Yemen",
    "kuwaiti": "Kuwait",
    "qatari": "Qatar",
    "omani": "Oman",
    "pakistani": "Pakistan",
    "bangladeshi": "Bangladesh",
    "somali": "Somalia",
    "ethiopian": "Ethiopia",
    "eritrean": "Eritrea",
    "malian": "Mali",
    "congolese": "Democratic Republic of the Congo",
    "ivorian": "Ivory Coast",
    "ukrainian": "Ukraine",
    "russian": "Russia",
    "georgian": "Georgia",
    "armenian": "Armenia",
    "azerbaijani": "Azerbaijan",
    "german": "Germany",
    "italian": "Italy",
    "egyptian": "Egypt",
    "syrian": "Syria",
    "indian": "India",
    "serbian": "Serbia",
    "serb": "Serbia",
    "croatian": "Croatia",
    "croat": "Croatia",
    "bosnian": "Bosnia and Herzegovina",
    "kosovar": "Kosovo",
    "moldovan": "Moldova",
    "hungarian": "Hungary",
    "romanian": "Romania",
    "bulgarian": "Bulgaria",
    "austrian": "Austria",
    "canadian": "Canada",
    "mexican": "Mexico",
    "colombian": "Colombia",
    "venezuelan": "Venezuela",
    "brazilian": "Brazil",
    "argentine": "Argentina",
    "argentinian": "Argentina",
    "chilean": "Chile",
    "australian": "Australia",
    "korean": "Korea",
    "north korean": "North Korea",
    "south korean": "South Korea",
    "nigerian": "Nigeria",
    "kenyan": "Kenya",
    "libyan": "Libya",
    "tunisian": "Tunisia",
    "algerian": "Algeria",
    "moroccan": "Morocco",
    "jordanian": "Jordan",
    "kazakh": "Kazakhstan",
    "uzbek": "Uzbekistan",
    "tajik": "Tajikistan",
    "kyrgyz": "Kyrgyzstan",
    "turkmen": "Turkmenistan",
    "belarusian": "Belarus",
    "lithuanian": "Lithuania",
    "latvian": "Latvia",
    "estonian": "Estonia",
}

_STATE_ENTS = frozenset({"GPE"})
NOT_PLACE_ENTS = _NOT_PLACE_ENTS = frozenset(
    {"NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
)
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _strip_det(text: str) -> str:
    return _LEADING.sub("", text.strip())


def name_tokens(token: Token) -> list[Token]:
    """Return the proper-noun chain a name token heads ("Nagorno - Karabakh", "Upper Karabakh")."""
    left = token
    while True:
        prev = left.doc[left.i - 1] if left.i > 0 else None
        if (
            prev is not None
            and prev.head.i >= left.i
            and prev.i >= token.left_edge.i
            and (prev.pos_ == "PROPN" or prev.text in {"-", "–"})
            and prev.dep_ in {"compound", "punct", "amod", "nmod"}
        ):
            left = prev
            continue
        break
    right = token
    while right.i + 2 < len(token.doc) and token.doc[right.i + 1].text in {"-", "–"}:
        nxt = token.doc[right.i + 2]
        if nxt.pos_ != "PROPN":
            break
        right = nxt
    toks = [t for t in token.doc[left.i : right.i + 1]]
    while toks and toks[0].text in {"-", "–"}:
        toks.pop(0)
    return toks


def tokens_text(tokens: list[Token]) -> str:
    """Return the text from the first to the last of ``tokens``, as written."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def place_label(text: str) -> str:
    """Return a place's name without articles and place nouns.

    >>> [place_label(t) for t in ("the town of Shushi", "the Aghdam region", "Kelbajar district")]
    ['Shushi', 'Aghdam', 'Kelbajar']
    """
    label = _strip_det(text)
    m = re.match(r"^(?:\w+\s+)?(\w+)\s+of\s+(.+)$", label)
    if m and m.group(1).lower() in PLACE_NOUNS:
        label = m.group(2)
    words = label.split()
    while len(words) > 1 and words[-1].lower() in PLACE_NOUNS:
        words.pop()
    while len(words) > 1 and words[0].lower() in PLACE_NOUNS:
        words.pop(0)
    return " ".join(words)


def _gpe_names(doc: Doc) -> list[str]:
    return [_strip_det(e.text) for e in doc.ents if e.label_ in _STATE_ENTS]


def state_from_demonym(word: str, doc: Doc | None = None) -> str | None:
    """Return the state an adjective or demonym names ("Azerbaijani" -> "Azerbaijan").

    The states the document names are tried first (a shared prefix of five
    letters or more, "Azerbaijani" ~ "Azerbaijan"), then a table of common and
    irregular demonyms.
    """
    key = word.lower().strip()
    key = re.sub(r"['’]s$", "", key)
    key = re.sub(r"s$", "", key) if key.endswith(("ians", "ises", "is")) else key
    if doc is not None:
        for name in _gpe_names(doc):
            low = name.lower()
            if low in {key, word.lower()}:
                continue  # the word itself (a state's name, or a demonym tagged GPE)
            common = len(_common_prefix(low, key))
            # A demonym is its state's name plus a suffix: "Azerbaijan" + "i", "Russi(a)" + "an".
            if " " not in low and len(low) < len(key) and common >= 5 and common >= len(low) - 1:
                return name
    return DEMONYMS.get(key) or _gazetteer_demonym(word)


#: Endings of demonyms, and what the state's name may end with instead.
_DEMONYM_ENDINGS = ("nian", "ian", "ean", "ese", "an", "n", "i")
_NAME_ENDINGS = ("", "a", "e", "ia")


def _gazetteer_demonym(word: str) -> str | None:
    """Return the country a regular demonym names by the gazetteer ("Cameroonian" -> Cameroon).

    Only a capitalised word of six letters or more: its country's name is the word
    less a demonym ending, plus at most a vowel ("Namibian" - "n", "Chinese" - "ese" + "a").
    """
    if len(word) < 6 or not word[:1].isupper() or not word.isalpha():
        return None
    found = [
        place.name
        for ending in _DEMONYM_ENDINGS
        if word.lower().endswith(ending) and len(word) - len(ending) >= 4
        for tail in _NAME_ENDINGS
        if (place := gazetteer.country(word[: -len(ending)] + tail)) is not None
    ]
    # "Nigerian" is Nigeria, not Niger: the longest name wins.
    return max(found, key=len) if found else None


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _mention(
    label: str, kind: EntityKind, tokens: list[Token], aliases: Iterable[str] = ()
) -> Mention:
    doc = tokens[0].doc
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1].text)
    alias = tuple(a for a in dict.fromkeys(aliases) if a and a != label)
    del doc
    return Mention(label=label, kind=kind, start=start, end=end, aliases=alias)


def is_state_name(token: Token) -> bool:
    """Tell whether a proper noun names a state the document tags as GPE somewhere."""
    if token.ent_type_ in _STATE_ENTS:
        return True
    if token.pos_ not in {"PROPN", "NOUN"} or not token.text[:1].isupper():
        return False
    text = tokens_text(name_tokens(token))
    if text in _gpe_names(token.doc):
        return True
    # The model misses country names it rarely saw ("to neighbouring Cameroon[NN]"); a
    # country name is a state unless the model took it for a person ("Jordan said").
    return token.ent_type_ != "PERSON" and gazetteer.country(text) is not None


def state_of(token: Token) -> Mention | None:
    """Return the State a token names, directly or through a demonym.

    "Azerbaijan" (a GPE, or a proper noun tagged GPE elsewhere in the document),
    "Azerbaijani" / "Azerbaijanis" (a demonym) and "Russian" in "Russian-brokered"
    all give a State mention.
    """
    doc = token.doc
    if token.ent_type_ == "NORP" or token.pos_ in {"ADJ", "PROPN", "NOUN"}:
        # The model tags some demonyms GPE ("Ukrainian troops"): try the demonym first.
        country = state_from_demonym(token.text, doc)
        if country is not None:
            return _mention(country, "State", [token], aliases=[token.text])
    if is_state_name(token):
        toks = name_tokens(token)
        ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
        if ent is not None and ent.label_ in _STATE_ENTS:
            toks = [t for t in ent if t.pos_ != "DET"]
        return _mention(_strip_det(tokens_text(toks)), "State", toks)
    return None


def state_of_phrase(head: Token) -> Mention | None:
    """Return the State a noun phrase stands for.

    "Azerbaijan", "the Azerbaijani army", "units of the Azerbaijani army",
    "Azerbaijani forces" all stand for Azerbaijan; the head itself is tried
    first, then its modifiers, then an "of" complement.
    """
    direct = state_of(head)
    if direct is not None:
        return direct
    for child in head.children:
        if child.dep_ in {"amod", "compound", "nmod", "poss", "npadvmod"}:
            found = state_of(child)
            if found is not None:
                return found
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found = state_of_phrase(pobj)
                    if found is not None:
                        return found
    return None


def conjuncts(token: Token) -> list[Token]:
    """Return the token and every token coordinated or listed with it."""
    seen: dict[int, Token] = {token.i: token}
    stack = [token]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in {"conj", "appos"} and child.i not in seen:
                seen[child.i] = child
                stack.append(child)
    return [seen[i] for i in sorted(seen)]


def states_in(tokens: Iterable[Token]) -> list[Mention]:
    """Return the distinct States named among ``tokens`` ("the leaders of Russia, ...").

    A proper noun listed together with a state counts as a state even when the
    model tagged it otherwise ("Russia, Azerbaijan, and Armenia[ORG]").
    """
    found: dict[str, Mention] = {}
    toks = list(tokens)
    ids = {t.i for t in toks}
    for tok in toks:
        mention = state_of(tok) if tok.pos_ in {"PROPN", "ADJ", "NOUN"} else None
        if (
            mention is None
            and tok.pos_ == "PROPN"
            and tok.dep_ in {"conj", "appos"}
            and tok.head.i in ids
            and state_of(tok.head) is not None
        ):
            toks_name = name_tokens(tok)
            mention = _mention(tokens_text(toks_name), "State", toks_name)
        if mention is not None and mention.label not in found:
            found[mention.label] = mention
    return list(found.values())


def places_in(head: Token) -> Iterator[Mention]:
    """Yield the named places a noun phrase lists, one Territory mention each.

    "The town of Shushi" gives Shushi; "the districts of Agdam, Kelbajar and
    Lachin" gives three; "the Aghdam region" gives Aghdam; "sizeable areas of
    land" and "their district" give nothing (no proper name).
    """
    for tok in conjuncts(head):
        yield from _places_of_one(tok)


def _places_of_one(tok: Token) -> Iterator[Mention]:
    # In a list the model may tag a place it does not know as a group ("X and Y[NORP]").
    listed = tok.dep_ == "conj" and tok.ent_type_ == "NORP" and not state_from_demonym(tok.text)
    if tok.pos_ == "PROPN" and (tok.ent_type_ not in _NOT_PLACE_ENTS or listed):
        toks = name_tokens(tok)
        if toks[-1].lower_ in INSTITUTION_WORDS:
            return  # "control of the Senate", "Canadian Pacific Air Lines": no place

        label = place_label(tokens_text(toks))
        yield _mention(label, "Territory", toks)
        return
    site = tok.lower_ in SITE_NOUNS
    if tok.lemma_.lower() not in PLACE_NOUNS and tok.lower_ not in PLACE_NOUNS and not site:
        return
    # "the Aghdam region": the name is a compound of the place noun.
    # The parser may make an unknown name an adjective of the noun ("the Ruhnu[amod] peninsula").
    names = [
        c
        for c in tok.children
        if c.dep_ in {"compound", "amod", "nmod"} and c.pos_ == "PROPN" and c.i < tok.i
    ]
    if names:
        toks = name_tokens(names[-1])
        if site:  # "the Ilmar border post": the site's name is the whole phrase
            toks = list(tok.doc[toks[0].i : tok.i + 1])
            yield _mention(tokens_text(toks), "Territory", toks)
            return
        yield _mention(place_label(tokens_text(toks)), "Territory", toks)
        return
    # "the districts of Agdam, Kelbajar and Lachin"
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    for item in conjuncts(pobj):
                        # After a place noun every listed name is a place, whatever the model
                        # tagged it: "the towns of A, B[NORP] and C" (not "of French A").
                        unknown = item.ent_type_ == "NORP" and not state_from_demonym(item.text)
                        if item.pos_ == "PROPN" and (
                            item.ent_type_ not in _NOT_PLACE_ENTS or unknown
                        ):
                            toks = name_tokens(item)
                            yield _mention(place_label(tokens_text(toks)), "Territory", toks)


def actor_phrase(head: Token) -> Mention | None:
    """Return a party named by a noun phrase: a State, else the phrase itself ("Armenian forces")."""
    state = state_of(head) if head.pos_ == "PROPN" else None
    if state is not None:
        return state
    toks = [t for t in head.subtree if t.i <= head.i and t.dep_ != "det"]
    if not toks:
        return None
    text = tokens_text(toks)
    if head.pos_ == "PRON":
        return None
    return _mention(text, "Actor", toks)
