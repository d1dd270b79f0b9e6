"""Speaker accuracy of ``said`` on PolNeAR, pronoun and role speakers apart from named ones.

``eval/gold.py`` scores a claim right only when its speaker's name matches, but
PolNeAR writes ``actor = "*"`` for a pronoun source ("he said"), so the scorer
cannot tell a pronoun resolved to the wrong person from a right one. This
report reads the gold Source spans and splits the attributions by the kind of
source the text gives:

- **name**: a proper name ("Sen. Ted Cruz", "Mr. Trump");
- **role**: a description headed by a common noun ("the spokeswoman", "aides");
- **pronoun**: a personal, relative or first-person pronoun ("he", "who", "I").

For each kind it counts the required attributions whose claim NewsKG found
(a ``said`` record whose claim overlaps the gold Content span and matches it
as the scorer does) and, of those, how many carry the right speaker. A name or
role is right when it matches the gold actor (the scorer's rule). A pronoun has
no gold actor, so a proxy stands in for one:

- a relative pronoun ("Jeb Bush, who announced ...", "voters who said ...") is
  judged against the word it follows, the noun the clause hangs on;
- any other pronoun against the nearest named source the annotator marked
  before it in the same article (the pronoun usually continues that speaker).
  This proxy is often wrong itself (a "she" after "Trump said" is someone
  else), so the report also gives the accuracy on the ``near`` pronouns: those
  whose named source is in the same paragraph or the one before.

First-person pronouns (the narrator, or a speaker inside a quote) and pronouns
with no named source before them are left unjudged.

Runs NewsKG in process (read, analyse) without a store or server.

Usage:
    python eval/said_errors.py [GOLD.toml] [--part all|tune|heldout] [--limit N]
                               [--json REPORT] [--errors FILE] [--kinds]

GOLD defaults to ``../shared/dev-data/polnear_train.toml``. ``--errors`` lists
the wrong speakers; ``--kinds`` also counts every miss and false positive by kind
(the error table of docs/quality.md). Both are refused with ``--part heldout``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tomllib
from collections import Counter
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSKG_SHARED", ROOT.parent / "shared"))
DEFAULT_GOLD = SHARED / "dev-data" / "polnear_train.toml"

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import split  # noqa: E402

from kg import nlp, pipeline, read  # noqa: E402
from kg.errors import KGError  # noqa: E402
from kg.extract.speakers import word_set  # noqa: E402
from kg.records import Said  # noqa: E402

PRONOUNS = word_set(
    "he she him her his hers they them their it its i me my we us our you your who whom "
    "which that whose this these those"
)
FIRST_PERSON = word_set("i me my we us our")
RELATIVE = word_set("who whom which that whose")
KINDS = ("name", "role", "pronoun")


def scorer() -> ModuleType:
    """Load the shared gold scorer (``../shared/gold/score.py``) for its matching rules."""
    path = SHARED / "gold" / "score.py"
    spec = importlib.util.spec_from_file_location("gold_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def source_kind(fact: dict) -> str | None:
    """Return "name", "role" or "pronoun" for a gold attribution, None without a source."""
    src = (fact.get("source_text") or "").strip()
    actor = fact.get("actor")
    if not src and actor in (None, "*"):
        return None
    if actor == "*" or src.lower() in PRONOUNS:
        return "pronoun" if src.lower() in PRONOUNS else None
    names = actor if isinstance(actor, list) else [actor]
    head = str(names[0]).split()
    return "role" if head and head[-1][:1].islower() else "name"


def overlaps(record: Said, spans: list[list[int]]) -> bool:
    pieces = record.parts or ((record.claim_start, record.claim_end),)
    return any(s < e2 and s2 < e for s, e in pieces for s2, e2 in spans)


def word_before(text: str, start: int) -> str | None:
    """Return the word just before ``start``, past a comma: "Jeb Bush, who" -> "Bush"."""
    words = text[:start].rstrip().rstrip(",").split()
    return words[-1].strip("“”\"'()") if words else None


def paragraph_of(text: str, offset: int) -> int:
    """Return the index of the paragraph (blank-line separated block) holding ``offset``."""
    return text.count("\n\n", 0, offset)


def judge(
    gold_facts: list[dict], records: list[Said], score: ModuleType, text: str = ""
) -> list[dict]:
    """Return one row per required attribution with a source: its kind, found, right."""
    rows = []
    named = sorted(
        (f["source_spans"][0][0], f["actor"])
        for f in gold_facts
        if f.get("source_spans") and source_kind(f) == "name"
    )
    for f in gold_facts:
        kind = source_kind(f)
        if f.get("optional") or kind is None or not f.get("content_spans"):
            continue
        found = [
            r
            for r in records
            if overlaps(r, f["content_spans"]) and score.claim_matches(f["claim"], r.claim)
        ]
        row = {
            "kind": kind,
            "at": f["source_spans"][0][0] if f.get("source_spans") else None,
            "claim": f["claim"],
            "source": f.get("source_text"),
            "found": bool(found),
        }
        target = f["actor"]
        if kind == "pronoun" and f.get("source_text", "").lower() in FIRST_PERSON:
            target = None  # the narrator, or the speaker of a quote: no proxy tells
        elif kind == "pronoun" and f.get("source_text", "").strip().lower() in RELATIVE:
            target = word_before(text, f["source_spans"][0][0]) if text else None
        elif kind == "pronoun":
            start = f["source_spans"][0][0] if f.get("source_spans") else None
            before = [(s, a) for s, a in named if start is not None and s < start]
            target = before[-1][1] if before else None
            if before and text:
                # near: the named source in this paragraph or the one before
                row["near"] = paragraph_of(text, start) - paragraph_of(text, before[-1][0]) <= 1
        row["target"] = target
        if found and target is not None:
            labels = [{r.speaker.label, *r.speaker.aliases} for r in found]
            row["right"] = any(score.name_matches(target, ls) for ls in labels)
            row["got"] = sorted(labels[0])
        rows.append(row)
    return rows


#: Endings stripped from a gold cue's words to find the lemma: "claims", "argued", "saying".
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("s", ""),
    ("es", ""),
    ("ed", ""),
    ("ed", "e"),
    ("d", ""),
    ("ing", ""),
    ("ing", "e"),
    ("ied", "y"),
    ("ies", "y"),
)


_IRREGULAR = {
    "said": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "spoke": "speak",
    "spoken": "speak",
    "began": "begin",
    "read": "read",
}


def listed_cue(cue: str) -> bool:
    """Tell whether a gold cue ("has long said", "talking about") holds a cue of ``kg.extract.said``."""
    from kg.extract import said

    cues = said.SPEECH_VERBS | said.OTHER_CUES | {"according"}
    for word in cue.lower().split():
        word = word.strip(":,.")
        forms = {word, _IRREGULAR.get(word, word)}
        forms |= {word[: -len(a)] + b for a, b in _SUFFIXES if word.endswith(a)}
        if len(word) > 4 and word.endswith("ed") and word[-3] == word[-4]:
            forms.add(word[:-3])  # "submitted" -> "submit"
        if forms & cues:
            return True
    return False


def _mismatch(gold: dict, record: Said, score: ModuleType) -> str:
    """Return why an extracted claim that overlaps a gold one does not match it."""
    g, e = score.content(gold["claim"]), score.content(record.claim)
    covered = sum(1 for w in g if w in set(e)) / max(1, len(g))
    if covered >= 0.7 and len(e) <= 2 * len(g):
        return "the speaker wrong or unresolved"
    if len(e) > 2 * len(g):
        return "the claim more than twice as long as the gold's"
    return "the claim cut short or misplaced (< 70 % of the gold's words)"


def error_kinds(gold_facts: list[dict], records: list[Said], score: ModuleType) -> Counter[str]:
    """Count the misses and false positives of one article by kind, as ``score.py`` matches.

    A claim whose span differs from the gold's counts once as a false positive and
    once as a miss.
    """
    out: Counter[str] = Counter()
    used: set[int] = set()
    for r in records:
        fact = score.Extracted({r.speaker.label, *r.speaker.aliases}, {r.claim})
        hit = next(
            (
                i
                for i, g in enumerate(gold_facts)
                if i not in used and score.matches("said", g, fact)
            ),
            None,
        )
        if hit is not None:
            used.add(hit)
            continue
        if any(score.matches("said", g, fact) for g in gold_facts):
            continue  # a second mention of a matched claim counts neither way
        near = [g for g in gold_facts if g.get("content_spans") and overlaps(r, g["content_spans"])]
        if not near:
            out["FP: no gold attribution there"] += 1
            continue
        g = near[0]
        optional = " (an optional gold: belief, intention)" if g.get("optional") else ""
        out[f"FP: {_mismatch(g, r, score)}{optional}"] += 1
    for i, g in enumerate(gold_facts):
        if i in used or g.get("optional"):
            continue
        found = [r for r in records if g.get("content_spans") and overlaps(r, g["content_spans"])]
        cue = (g.get("cue") or "").strip()
        if found:
            kind = _mismatch(g, found[0], score)
        elif cue.endswith(":"):
            kind = "a colon lead-in, a headline or a Q/A line not read"
        elif not listed_cue(cue):
            kind = "a cue outside the lists, not read"
        elif len(score.content(g["claim"])) <= 2:
            kind = "a listed cue, a short or noun object (<= 2 content words) not read"
        elif g.get("actor") == "*":
            kind = "a listed cue, not read, a pronoun or missing source"
        else:
            kind = "a listed cue, the claim not read (misparse, run-on, no subject or speaker)"
        out[f"miss: {kind}"] += 1
    return out


def report(rows: list[dict]) -> dict:
    out = {}
    for kind in KINDS:
        mine = [r for r in rows if r["kind"] == kind]
        found = [r for r in mine if r["found"]]
        judged = [r for r in found if "right" in r]
        right = sum(r["right"] for r in judged)
        near = [r for r in judged if r.get("near")]
        out[kind] = {
            "facts": len(mine),
            "found": len(found),
            "found_rate": round(len(found) / len(mine), 3) if mine else 0.0,
            "judged": len(judged),
            "speaker_right": right,
            "speaker_accuracy": round(right / len(judged), 3) if judged else 0.0,
        }
        if kind == "pronoun":
            out[kind]["near_judged"] = len(near)
            out[kind]["near_accuracy"] = (
                round(sum(r["right"] for r in near) / len(near), 3) if near else 0.0
            )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("gold", type=Path, nargs="?", default=DEFAULT_GOLD)
    ap.add_argument("--part", choices=split.PARTS, default="tune")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--json", type=Path, help="write the report here")
    ap.add_argument("--errors", type=Path, help="write the wrong speakers here (not on heldout)")
    ap.add_argument(
        "--kinds",
        action="store_true",
        help="also count all misses and FPs by kind (not on heldout)",
    )
    args = ap.parse_args(argv)
    if args.part == "heldout" and (args.errors or args.kinds):
        ap.error(
            "--errors or --kinds with --part heldout: the held-out quarter's errors are not to be read"
        )
    if not args.gold.is_file():
        raise SystemExit(f"{args.gold} is missing (set NEWSKG_SHARED)")
    score = scorer()
    with args.gold.open("rb") as fh:
        gold = {a["file"]: a for a in tomllib.load(fh)["article"]}
    files = split.part(list(gold), args.part)[: args.limit]
    folder = args.gold.with_suffix("")
    articles = [
        a for a in read.read([str(folder / f) for f in files]) if not isinstance(a, KGError)
    ]
    rows: list[dict] = []
    kinds: Counter[str] = Counter()
    for result in pipeline.analyse(nlp.load(), articles):
        if isinstance(result, KGError):
            print(result, file=sys.stderr)
            continue
        name = Path(result.article.source).name
        records = [r for r in result.records if isinstance(r, Said)]
        for row in judge(gold[name].get("said", []), records, score, result.article.text):
            rows.append({"file": name, **row})
        if args.kinds:
            kinds += error_kinds(gold[name].get("said", []), records, score)
    out = report(rows)
    print(f"{len(files)} articles ({args.part})")
    print(
        f"{'source':8s} {'facts':>6s} {'found':>6s} {'judged':>6s} {'right':>6s} {'accuracy':>8s}"
    )
    for kind, r in out.items():
        print(
            f"{kind:8s} {r['facts']:6d} {r['found']:6d} {r['judged']:6d} "
            f"{r['speaker_right']:6d} {r['speaker_accuracy']:8.3f}"
        )
    near = out["pronoun"]
    print(
        f"pronoun, named source near: {near['near_judged']} judged, accuracy {near['near_accuracy']:.3f}"
    )
    if args.kinds:
        print("\nerror kinds (a claim whose span differs counts as one FP and one miss):")
        for kind, n in kinds.most_common():
            print(f"{n:6d}  {kind}")
        out["error_kinds"] = dict(kinds.most_common())
    if args.json:
        args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")
    if args.errors:
        wrong = [r for r in rows if r.get("right") is False]
        kinds = Counter(r["kind"] for r in wrong)
        with args.errors.open("w", encoding="utf-8") as fh:
            fh.write(f"# wrong speakers: {dict(kinds)}\n")
            for r in wrong:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
