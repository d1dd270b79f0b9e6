"""Find the copies in a corpus with the test ``newskg ingest`` uses, and print a sample to check by hand.

Reads the articles (no spaCy, no store), makes each one's MinHash signature
(:mod:`kg.copies`), groups the copies and names each one's original, then
prints how many copies each sub-corpus has (the part of an ``id`` before its
first ``-``) and a random sample of copy pairs whose headlines differ, with
their exact Jaccard similarity and containment, for a person to judge.

Usage:
    python eval/copies.py PATH... [--sample 25] [--seed 5] [--limit N]

Example (see README, "What entity resolution costs"):
    python eval/copies.py ../shared/corpora/scale_corpus.jsonl
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter

from kg import copies, read
from kg.article import Article


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--sample", type=int, default=25, help="Copy pairs to print (default 25).")
    ap.add_argument("--seed", type=int, default=5, help="Seed of the sample (default 5).")
    ap.add_argument("--limit", type=int, help="Read only the first N articles.")
    args = ap.parse_args()

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


if __name__ == "__main__":
    main()
