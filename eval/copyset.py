"""Build the copy dev set: pairs of articles labelled copy or not, made from the scale corpus at run time.

No corpus text is committed: the pairs are made afresh, deterministically (a
fixed seed), every time this runs. Kinds of pairs:

- ``wire`` (copy): two corpus articles the word 4-gram MinHash test groups
  together, i.e. the same wire story sent twice or on two sites;
- ``spin`` (copy): a corpus article and a synonym-spun copy of it, as content
  farms make them: about one word in three that has a synonym in
  :data:`SYNONYMS` is swapped, number words and units are respelled;
- ``paraphrase`` (copy): a corpus article and a rewrite of it: sentences
  reordered within paragraphs, "X said Y" turned into "Y, X said", one
  sentence in six dropped, a new headline, and a lighter spin (one word in five);
- ``site`` (copy): the same story on another site: cut to its first two thirds
  or three quarters, with the second site's furniture ("Related stories", a
  byline) around it, a new headline and a day later;
- ``event`` (not a copy): two different corpus articles issued within three
  days of each other that share at least five capitalized names or numbers
  (two reports of one event, or of one company, market or meeting) and that
  the 4-gram test does not link;
- ``rewrite`` (copy): those ``event`` pairs that a person read and found to be one
  story rewritten or updated (:data:`REWRITES`);
- ``random`` (not a copy): two corpus articles drawn at random.

Each pair has an id (``kind-N``); :mod:`eval.split` holds out a fixed quarter
of the ids. Used by ``eval/copies.py --dev``.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from kg import copies

#: A spinner's thesaurus: common news words and the words spun copies put in their place.
SYNONYMS: dict[str, list[str]] = {
    "said": ["stated", "reported", "noted", "declared"],
    "says": ["states", "notes", "reports"],
    "told": ["informed", "advised"],
    "company": ["firm", "business", "group"],
    "companies": ["firms", "businesses"],
    "rose": ["climbed", "increased", "gained"],
    "fell": ["dropped", "declined", "slipped"],
    "rise": ["increase", "gain", "climb"],
    "fall": ["drop", "decline"],
    "increase": ["rise", "growth", "gain"],
    "decrease": ["reduction", "decline"],
    "expected": ["anticipated", "forecast", "predicted"],
    "expects": ["anticipates", "forecasts"],
    "year": ["twelve months"],
    "government": ["administration", "authorities"],
    "official": ["spokesman", "representative"],
    "officials": ["authorities", "representatives"],
    "agreed": ["consented", "accepted"],
    "agreement": ["deal", "accord", "pact"],
    "deal": ["agreement", "transaction"],
    "buy": ["purchase", "acquire"],
    "bought": ["purchased", "acquired"],
    "sell": ["divest", "offload"],
    "sold": ["divested", "offloaded"],
    "big": ["large", "major", "huge"],
    "large": ["big", "sizeable", "major"],
    "small": ["little", "minor", "modest"],
    "new": ["fresh", "latest"],
    "help": ["assist", "aid", "support"],
    "begin": ["start", "commence"],
    "began": ["started", "commenced"],
    "start": ["begin", "launch"],
    "end": ["finish", "close"],
    "ended": ["finished", "closed", "concluded"],
    "plan": ["scheme", "proposal"],
    "plans": ["intends", "aims", "proposals"],
    "market": ["marketplace", "exchange"],
    "markets": ["exchanges", "marketplaces"],
    "price": ["cost", "rate"],
    "prices": ["costs", "rates"],
    "profit": ["earnings", "gain"],
    "profits": ["earnings", "gains"],
    "loss": ["deficit", "shortfall"],
    "shares": ["stock", "equities"],
    "share": ["stock"],
    "strong": ["robust", "solid", "firm"],
    "weak": ["feeble", "soft", "poor"],
    "important": ["significant", "key", "crucial"],
    "major": ["key", "leading", "principal"],
    "main": ["principal", "chief", "primary"],
    "talks": ["negotiations", "discussions"],
    "meeting": ["gathering", "session", "summit"],
    "country": ["nation", "state"],
    "countries": ["nations", "states"],
    "people": ["individuals", "persons", "citizens"],
    "week": ["seven days"],
    "about": ["around", "roughly", "approximately"],
    "nearly": ["almost", "close to"],
    "also": ["additionally", "as well"],
    "however": ["nevertheless", "yet"],
    "but": ["yet", "though"],
    "because": ["since", "as"],
    "after": ["following"],
    "before": ["prior to", "ahead of"],
    "during": ["throughout", "in the course of"],
    "show": ["reveal", "demonstrate", "indicate"],
    "showed": ["revealed", "indicated", "demonstrated"],
    "shows": ["reveals", "indicates"],
    "make": ["produce", "create"],
    "made": ["produced", "created"],
    "get": ["obtain", "receive"],
    "give": ["provide", "offer"],
    "gave": ["provided", "offered"],
    "use": ["employ", "utilise"],
    "used": ["employed", "utilised"],
    "need": ["require"],
    "needed": ["required"],
    "want": ["wish", "desire"],
    "announced": ["unveiled", "revealed", "disclosed"],
    "report": ["account", "statement"],
    "results": ["figures", "outcomes"],
    "higher": ["greater", "elevated"],
    "lower": ["reduced", "smaller"],
    "high": ["elevated", "steep"],
    "low": ["modest", "depressed"],
    "quickly": ["rapidly", "swiftly"],
    "very": ["extremely", "highly"],
    "many": ["numerous", "several"],
    "most": ["the majority of"],
    "total": ["overall", "combined"],
    "current": ["present", "existing"],
    "recent": ["latest", "new"],
    "likely": ["probable", "expected"],
    "possible": ["feasible", "potential"],
    "problem": ["issue", "difficulty"],
    "problems": ["issues", "difficulties"],
    "increased": ["raised", "boosted", "lifted"],
    "reduced": ["cut", "lowered", "trimmed"],
    "cut": ["reduced", "slashed", "trimmed"],
    "raise": ["lift", "boost"],
    "rate": ["level", "ratio"],
    "production": ["output"],
    "output": ["production", "yield"],
    "economy": ["economic system"],
    "economic": ["financial", "fiscal"],
    "trade": ["commerce"],
    "exports": ["shipments abroad", "overseas sales"],
    "imports": ["purchases from abroad", "foreign purchases"],
    "bank": ["lender"],
    "banks": ["lenders"],
    "chief": ["head", "boss"],
    "president": ["head", "chief"],
    "minister": ["secretary"],
    "war": ["conflict", "fighting"],
    "attack": ["assault", "strike"],
    "killed": ["slain", "left dead"],
    "win": ["victory", "triumph"],
    "won": ["secured", "clinched"],
    "team": ["side", "squad"],
    "game": ["match", "contest"],
    "film": ["movie", "picture"],
    "number": ["quantity", "figure"],
    "percent": ["per cent", "pct"],
    "pct": ["percent", "per cent"],
    "mln": ["million"],
    "million": ["mln", "m"],
    "billion": ["bln", "bn"],
    "dlrs": ["dollars", "usd"],
    "dollars": ["dlrs", "usd"],
    "first": ["initial", "opening"],
    "last": ["final", "previous"],
    "next": ["following", "coming"],
    "still": ["yet", "nonetheless"],
    "continue": ["carry on", "persist"],
    "continued": ["persisted", "carried on"],
    "decided": ["resolved", "chose"],
    "decision": ["ruling", "verdict", "choice"],
    "asked": ["requested", "urged"],
    "called": ["urged", "demanded"],
    "warned": ["cautioned", "alerted"],
    "added": ["continued", "went on"],
}

_WORD = re.compile(r"[A-Za-z]+|[^A-Za-z]+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
_SAID = re.compile(r"^(?P<who>[A-Z][^,]{2,60}?) said (?:that )?(?P<what>.{20,})\.$")


@dataclass
class Pair:
    """Two texts, and whether they are copies of one story."""

    id: str
    kind: str
    copy: bool
    a: str
    b: str
    day_a: str
    day_b: str
    ids: tuple[str, str] = ("", "")  # corpus ids (the second empty when made here)


def spin(text: str, rng: random.Random, rate: float) -> str:
    """Swap about ``rate`` of the words that have a synonym for one, keeping capitals."""
    out = []
    for piece in _WORD.findall(text):
        choices = SYNONYMS.get(piece.lower())
        if choices and rng.random() < rate:
            new = rng.choice(choices)
            piece = new[0].upper() + new[1:] if piece[0].isupper() else new
        out.append(piece)
    return "".join(out)


def _invert_said(sentence: str) -> str:
    m = _SAID.match(sentence)
    if m is None:
        return sentence
    what = m["what"][0].upper() + m["what"][1:]
    return f"{what}, {m['who']} said."


def paraphrase(text: str, rng: random.Random) -> str:
    """Rewrite a story: reorder, invert attributions, drop a sentence in six, spin lightly."""
    paragraphs = []
    for para in re.split(r"\n\s*\n", text):
        sentences = [s.strip() for s in _SENTENCE.split(" ".join(para.split())) if s.strip()]
        sentences = [
            _invert_said(s) for s in sentences if rng.random() > 1 / 6 or len(sentences) == 1
        ]
        if len(sentences) > 1 and rng.random() < 0.5:
            i = rng.randrange(len(sentences) - 1)
            sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
        if sentences:
            paragraphs.append(" ".join(sentences))
    return spin("\n\n".join(paragraphs), rng, 0.2)


def site_copy(text: str, rng: random.Random) -> str:
    """Put the story on another site: cut, with that site's furniture around it."""
    words = text.split(" ")
    keep = words[: int(len(words) * rng.choice((0.67, 0.75)))]
    return (
        "By Staff Writer | Updated\n\n"
        + " ".join(keep).rstrip(",;")
        + ".\n\nRelated stories\n\nShare this article\n"
    )


def _anchors(text: str) -> set[str]:
    return set(re.findall(r"\b(?:[A-Z][a-z]{2,}|\d[\d.,]*\d)\b", text))


def _day(item: dict[str, object]) -> str:
    value = str(item.get("published") or "")
    return value[:10] if re.fullmatch(r"\d{4}-\d\d-\d\d.*", value) else ""


def _plus(day: str, n: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=n)).isoformat() if day else ""


#: Pairs of the ``event`` kind that a person read and found to be one story, rewritten or
#: updated (not two reports of one event): they are copies, of the kind ``rewrite``.
#: Only corpus ids are kept here, never texts. Every ``event`` pair whose content words
#: or name pairs overlap by half or more was read; the others were not.
REWRITES = {
    ("reuters21578-9755", "reuters21578-9976"),
    ("reuters21578-4993", "reuters21578-5052"),
    ("reuters21578-11849", "reuters21578-11869"),
    ("reuters21578-3682", "reuters21578-3877"),
    ("reuters21578-7530", "reuters21578-7661"),
    ("reuters21578-1159", "reuters21578-1209"),
    ("reuters21578-925", "reuters21578-1022"),
    ("reuters21578-12942", "reuters21578-13045"),
    ("reuters21578-3790", "reuters21578-3910"),
    ("reuters21578-8606", "reuters21578-8703"),
    ("reuters21578-921", "reuters21578-938"),
}


def build(corpus: Path, *, per_kind: int = 120, seed: int = 14, limit: int = 12000) -> list[Pair]:
    """Return the dev set's pairs, made from the first ``limit`` articles of ``corpus``."""
    rng = random.Random(seed)
    with corpus.open(encoding="utf-8") as f:
        items = [json.loads(line) for line in itertools.islice(f, limit)]
    items = [i for i in items if len(str(i["text"]).split()) >= 80]
    texts = [str(i["text"]) for i in items]
    sigs = {str(n): copies.signature(t) for n, t in enumerate(texts)}
    groups = copies.copy_groups(sigs)
    grouped = {k for g in groups for k in g}
    pairs: list[Pair] = []

    def add(kind: str, copy: bool, a: int, b_text: str, day_b: str, b: int | None = None) -> None:
        ids = (str(items[a]["id"]), str(items[b]["id"]) if b is not None else "")
        pairs.append(
            Pair(f"{kind}-{len(pairs)}", kind, copy, texts[a], b_text, _day(items[a]), day_b, ids)
        )

    for g in sorted(sorted(g, key=int) for g in groups)[:per_kind]:
        a, b = int(g[0]), int(g[1])
        add("wire", True, a, texts[b], _day(items[b]), b)
    sources = [n for n in range(len(items)) if str(n) not in grouped]
    for n in rng.sample(sources, per_kind):
        add("spin", True, n, spin(texts[n], rng, 1 / 3), _day(items[n]))
    for n in rng.sample(sources, per_kind):
        add("paraphrase", True, n, paraphrase(texts[n], rng), _plus(_day(items[n]), 1))
    for n in rng.sample(sources, per_kind):
        add("site", True, n, site_copy(texts[n], rng), _plus(_day(items[n]), 1))
    # two reports of one event: dated within three days, sharing names and numbers
    by_day: dict[str, list[int]] = defaultdict(list)
    for n in sources:
        if _day(items[n]):
            by_day[_day(items[n])].append(n)
    anchors = {n: _anchors(texts[n]) for n in sources}
    # names every story has ("Reuter", month names) say nothing of the event
    df: dict[str, int] = defaultdict(int)
    for found in anchors.values():
        for x in found:
            df[x] += 1
    anchors = {
        n: {x for x in found if df[x] <= len(sources) // 100} for n, found in anchors.items()
    }
    events: list[tuple[int, int]] = []
    for day in sorted(by_day):
        near = [m for d in (0, 1, 2, 3) for m in by_day.get(_plus(day, d), [])]
        for a in by_day[day]:
            for b in near:
                if (
                    b > a
                    and len(anchors[a] & anchors[b]) >= 5
                    and not copies.similar(sigs[str(a)], sigs[str(b)])
                ):
                    events.append((a, b))
    for a, b in rng.sample(events, min(per_kind * 2, len(events))):
        same = (str(items[a]["id"]), str(items[b]["id"])) in REWRITES
        add("rewrite" if same else "event", same, a, texts[b], _day(items[b]), b)
    for _ in range(per_kind):
        a, b = rng.sample(sources, 2)
        add("random", False, a, texts[b], _day(items[b]), b)
    return pairs


def iter_jsonl(pairs: list[Pair]) -> Iterator[str]:
    """Yield the pairs as JSON lines (to look at them; never commit the output)."""
    for p in pairs:
        yield json.dumps(p.__dict__)
