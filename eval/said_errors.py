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
                               [--json REPORT] [--errors FILE]

GOLD defaults to ``../shared/dev-data/polnear_train.toml``. ``--errors`` lists
the wrong speakers; it is refused with ``--part heldout``.
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
    args = ap.parse_args(argv)
    if args.part == "heldout" and args.errors:
        ap.error("--errors with --part heldout: the held-out quarter's errors are not to be read")
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
    for result in pipeline.analyse(nlp.load(), articles):
        if isinstance(result, KGError):
            print(result, file=sys.stderr)
            continue
        name = Path(result.article.source).name
        records = [r for r in result.records if isinstance(r, Said)]
        for row in judge(gold[name].get("said", []), records, score, result.article.text):
            rows.append({"file": name, **row})
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
