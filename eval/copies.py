"""Find the copies in a corpus with the test ``newskg ingest`` uses, and print a sample to check by hand.

Reads the articles (no spaCy, no store), makes each one's MinHash signature
(:mod:`kg.copies`), groups the copies and names each one's original, then
prints how many copies each sub-corpus has (the part of an ``id`` before its
first ``-``) and a random sample of copy pairs whose headlines differ, with
their exact Jaccard similarity and containment, for a person to judge.

With ``--dev``, scores the copy test instead on the copy dev set
(:mod:`eval.copyset`, made from the scale corpus at run time): precision and
recall of the word 4-gram test alone (before) and with the rewrite signal
(after), on the tune part, the held-out part (:mod:`eval.split`) or both.

Usage:
    python eval/copies.py PATH... [--sample 25] [--seed 5] [--limit N] [--rewrites]
    python eval/copies.py --dev [--part tune|heldout|all] [--errors FILE]

Example (see README, "What entity resolution costs"):
    python eval/copies.py ../shared/corpora/scale_corpus.jsonl
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

from kg import copies, read
from kg.article import Article

SHARED = Path(os.environ.get("NEWSKG_SHARED", Path(__file__).resolve().parents[2] / "shared"))
CORPUS = SHARED / "corpora" / "scale_corpus.jsonl"


def dev(part: str, errors: str | None) -> None:
    """Print precision and recall on the copy dev set, before and after the rewrite signal."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import copyset
    import split

    if errors and part != "tune":
        raise SystemExit(
            "--errors is only for --part tune: the held-out part's errors are not read"
        )
    pairs = copyset.build(CORPUS)
    chosen = set(split.part([p.id for p in pairs], part))
    pairs = [p for p in pairs if p.id in chosen]
    found: dict[str, tuple[bool, bool]] = {}
    for p in pairs:
        before = copies.similar(copies.signature(p.a), copies.signature(p.b))
        after = before or copies.rewritten(
            copies.rewrite_signature(p.a), copies.rewrite_signature(p.b), p.day_a, p.day_b
        )
        found[p.id] = (before, after)
    print(f"copy dev set, part {part}: {len(pairs)} pairs")
    for i, name in enumerate(("before (4-gram MinHash)", "after (+ rewrite signal)")):
        tp = sum(1 for p in pairs if p.copy and found[p.id][i])
        fp = sum(1 for p in pairs if not p.copy and found[p.id][i])
        fn = sum(1 for p in pairs if p.copy and not found[p.id][i])
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        kinds = []
        for kind in ("wire", "spin", "paraphrase", "site", "rewrite", "event", "random"):
            of = [p for p in pairs if p.kind == kind]
            if of:
                hit = sum(1 for p in of if found[p.id][i])
                kinds.append(f"{kind} {hit}/{len(of)}")
        print(
            f"  {name}: P {precision:.3f} R {recall:.3f} (TP {tp}, FP {fp}, FN {fn}); linked: {', '.join(kinds)}"
        )
    if errors:
        with open(errors, "w", encoding="utf-8") as f:
            for p in pairs:
                if p.copy != found[p.id][1]:
                    f.write(f"{p.id}\t{'FN' if p.copy else 'FP'}\t{p.ids}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--dev", action="store_true", help="Score on the copy dev set instead.")
    ap.add_argument("--part", default="all", choices=["all", "tune", "heldout"])
    ap.add_argument("--errors", help="With --dev --part tune: write the misjudged pairs here.")
    ap.add_argument("--sample", type=int, default=25, help="Copy pairs to print (default 25).")
    ap.add_argument("--seed", type=int, default=5, help="Seed of the sample (default 5).")
    ap.add_argument("--limit", type=int, help="Read only the first N articles.")
    ap.add_argument(
        "--rewrites", action="store_true", help="Also list the pairs only the rewrite signal links."
    )
    args = ap.parse_args()
    if args.dev:
        dev(args.part, args.errors)
        return
    if not args.paths:
        ap.error("give PATH... or --dev")

    articles: dict[str, Article] = {}
    signatures: dict[str, copies.Signature] = {}
    start = time.process_time()
    for path in read.iter_files(args.paths):
        if not isinstance(path, str):
            continue
        for item in read.read_path(path):
            if not isinstance(item, Article):
                continue
            key = item.id or item.source
            articles[key] = item
            signatures[key] = copies.article_signature(item)
            if args.limit and len(articles) >= args.limit:
                break
        if args.limit and len(articles) >= args.limit:
            break
    read_s = time.process_time() - start
    order = {
        k: (a.published.value if a.published else "\uffff", 0.0, a.source)
        for k, a in articles.items()
    }
    start = time.process_time()
    original_of = copies.originals(signatures, order)
    group_s = time.process_time() - start

    def corpus(key: str) -> str:
        return key.split("-", 1)[0]

    print(
        f"{len(articles)} articles read and signed in {read_s:.1f} s CPU, "
        f"grouped in {group_s:.1f} s; {len(original_of)} are copies"
    )
    total, found = Counter(corpus(k) for k in articles), Counter(corpus(k) for k in original_of)
    for name, n in total.most_common():
        print(f"  {name}: {found[name]} copies among {n}")

    def title(key: str) -> str:
        return (articles[key].title or "").strip()

    differ = sorted((c, o) for c, o in original_of.items() if title(c).lower() != title(o).lower())
    print(f"{len(differ)} copies have another headline than their original; a sample:")
    rng = random.Random(args.seed)
    for c, o in rng.sample(differ, min(args.sample, len(differ))):
        a = copies.shingles(copies.article_text(articles[c]))
        b = copies.shingles(copies.article_text(articles[o]))
        jaccard = len(a & b) / len(a | b)
        contained = len(a & b) / min(len(a), len(b))
        print(f"  {c} -> {o}  J={jaccard:.2f} C={contained:.2f}")
        print(f"    {title(c)[:70]} | {title(o)[:70]}")

    if args.rewrites:
        _rewrites(articles, signatures, args.sample, args.seed)


def _rewrites(
    articles: dict[str, Article], signatures: dict[str, copies.Signature], sample: int, seed: int
) -> None:
    """Print the pairs only the rewrite signal links (candidates by its LSH bands), with a sample."""
    from collections import defaultdict

    start = time.process_time()
    rewrites = {k: copies.article_rewrite_signature(a) for k, a in articles.items()}
    day = {k: (a.published.value[:10] if a.published else None) for k, a in articles.items()}
    buckets: dict[bytes, list[str]] = defaultdict(list)
    for k, sig in rewrites.items():
        for band in copies.rewrite_bands(sig):
            buckets[band].append(k)
    pairs: set[tuple[str, str]] = set()
    for keys in buckets.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                pair = (min(a, b), max(a, b))
                if pair in pairs or copies.similar(signatures[a], signatures[b]):
                    continue
                if copies.rewritten(rewrites[a], rewrites[b], day[a], day[b]):
                    pairs.add(pair)
    print(
        f"the rewrite signal links {len(pairs)} more pairs ({time.process_time() - start:.1f} s CPU); a sample:"
    )
    rng = random.Random(seed)
    for a, b in rng.sample(sorted(pairs), min(sample, len(pairs))):
        print(f"  {a} ~ {b}")
        print(f"    {(articles[a].title or '')[:70]} | {(articles[b].title or '')[:70]}")


if __name__ == "__main__":
    main()
