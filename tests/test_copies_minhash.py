"""NewsKG's own MinHash gives datasketch's values, so stored signatures stay comparable (issue 15)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHash, MinHashLSH

from kg import copies

WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "port",
    "river",
    "council",
    "treaty",
    "border",
    "talks",
    "minister",
]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) + str(rng.randrange(40)) for _ in range(n))


def _theirs(items: set[bytes], num_perm: int) -> np.ndarray:
    m = MinHash(num_perm=num_perm, seed=1, scheme="affine32")
    if items:
        m.update_batch(sorted(items))
    return np.asarray(LeanMinHash(m).hashvalues, dtype=np.uint32)


@pytest.mark.parametrize("n", [0, 1, 3, 4, 9, 60, 400])
def test_signatures_equal_datasketch(n: int) -> None:
    rng = random.Random(n)
    text = _text(rng, n)
    sig = copies.signature(text)
    assert np.array_equal(sig.minhash.hashvalues, _theirs(copies.shingles(text), copies.NUM_PERM))
    assert sig.size == len(copies.shingles(text))
    rewrite = copies.rewrite_signature(text.title() + " " + text)
    words = copies.content_words(text.title() + " " + text)
    assert np.array_equal(rewrite.words.minhash.hashvalues, _theirs(words, copies.REWRITE_PERM))
    decoded = copies.Signature.decode(sig.encode())
    assert np.array_equal(decoded.minhash.hashvalues, sig.minhash.hashvalues)


def test_bands_are_those_of_datasketch_lsh() -> None:
    lsh = MinHashLSH(threshold=copies._LSH_THRESHOLD, num_perm=copies.NUM_PERM)
    assert (lsh.b, lsh.r) == (copies._LSH_BANDS, copies._LSH_ROWS)


def test_copy_groups_equal_datasketch_lsh() -> None:
    rng = random.Random(7)
    stories = [_text(rng, 150) for _ in range(12)]
    texts = {}
    for i, story in enumerate(stories):
        texts[f"{i}a"] = story
        words = story.split()
        texts[f"{i}b"] = " ".join(words[: 100 + 4 * i])  # cut copies, more and less cut
    sigs = {k: copies.signature(t) for k, t in texts.items()}
    groups = sorted(sorted(g) for g in copies.copy_groups(sigs))
    assert groups and len(groups) < len(stories)  # some cut copies are found, some not
    assert groups == _groups_through_datasketch(sigs)


def _groups_through_datasketch(sigs: dict[str, copies.Signature]) -> list[list[str]]:
    """The candidates of datasketch's MinHashLSH, linked by the same test."""

    def lean(s: copies.Signature) -> LeanMinHash:
        return LeanMinHash(seed=1, hashvalues=s.minhash.hashvalues, scheme="affine32")

    lsh = MinHashLSH(threshold=copies._LSH_THRESHOLD, num_perm=copies.NUM_PERM)
    for k in sorted(sigs):
        lsh.insert(k, lean(sigs[k]))
    parent = {k: k for k in sigs}

    def find(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    for k in sorted(sigs):
        for other in lsh.query(lean(sigs[k])):
            if other != k and copies.similar(sigs[k], sigs[other]):
                a, b = find(k), find(other)
                parent[max(a, b)] = min(a, b)
    found: dict[str, list[str]] = {}
    for k in sorted(sigs):
        found.setdefault(find(k), []).append(k)
    return sorted(g for g in found.values() if len(g) > 1)
