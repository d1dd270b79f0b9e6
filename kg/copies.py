"""Syndicated and rewritten copies: MinHash signatures of articles and the copy links between them.

An article's *signature* is a MinHash of the word 4-grams of its
headline, body and caption zones; navigation, "related stories" lists and
other furniture are left out, since the same story on two sites differs mostly
there. The signature is stored with the article (``nk:minhash``) so that copy
detection can compare a new article with everything in the store without
reading their texts again.

Two articles are copies when the estimated Jaccard similarity of their
shingles is at least :data:`JACCARD`, or when nearly all of the shorter one is
inside the longer (estimated containment at least :data:`CONTAINMENT`: a
shortened copy). Short texts need more (:data:`SHORT_JACCARD`), the
shorter are copies only when identical (templated notices differ only in a
name and a number), and the shortest never. Copies form groups; the *original* of a group is its earliest
issued article (ties broken by the article's identity, so the choice does not
depend on ingest order), and every other member is a copy of it.

>>> a = signature("Officials said the talks would resume on Monday in Geneva after a pause of two weeks.")
>>> b = signature("Officials said the talks would resume on Monday in Geneva after a pause of two weeks!")
>>> similar(a, b)
True
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np

from kg.article import Article, Zone

#: Permutations of each MinHash (64 x 32 bits: 256 bytes per article).
NUM_PERM = 64
#: Words per shingle.
SHINGLE = 4
#: Estimated Jaccard similarity from which two articles are copies.
JACCARD = 0.6
#: Estimated share of the shorter article found in the longer from which it is a (cut) copy.
CONTAINMENT = 0.85
#: Articles shorter than this many shingles are never called copies (unless identical): a
#: two-line notice ("X declared an initial dividend of 10 cts ...") shares its template
#: with every other notice of its kind.
MIN_SHINGLES = 30
#: Below this many shingles, not even identical texts are copies: a one-line table
#: caption ("3RD QTR NET") is the same in every earnings report.
MIN_IDENTICAL = 10
#: A story text (headline, body, captions) shorter than this many words is compared
#: whole instead: the zones of a table or a list leave too little to compare.
MIN_WORDS = 20
#: Below this many shingles, a copy needs :data:`SHORT_JACCARD`, and a cut copy is not looked for.
SHORT = 100
SHORT_JACCARD = 0.8
#: The LSH index finds candidates somewhat below :data:`JACCARD`, so that a cut copy (high
#: containment, lower Jaccard) is still looked at.
_LSH_THRESHOLD = 0.3

#: LSH bands x rows for :data:`_LSH_THRESHOLD` and :data:`NUM_PERM`: what datasketch's
#: ``MinHashLSH(threshold=0.3, num_perm=64)`` chooses (``tests/test_copies_minhash.py`` checks).
_LSH_BANDS = 21
_LSH_ROWS = 3
_TEXT_ZONES = (Zone.HEADLINE, Zone.BODY, Zone.CAPTION)
_WORD = re.compile(r"\w+")


# The MinHash is datasketch's (2.0) "affine32" scheme with seed 1, the scheme of
# the signatures NewsKG stores, computed here with numpy and hashlib: importing datasketch
# imports SciPy, most of a second of every ingest's start-up (issue 15), for a few
# lines of arithmetic. tests/test_copies_minhash.py checks the values against
# datasketch's own on many texts, so stored signatures stay comparable.

_MAX_HASH = np.uint32(0xFFFFFFFF)
# MurmurHash3's 32-bit finalizer: (shift, multiplier, shift, multiplier, shift)
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


@cache
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the affine permutations ``h -> a*h + b (mod 2**32)`` of seed 1, ``a`` odd."""
    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


class MinHash:
    """The MinHash values of a set of byte strings (frozen), and the Jaccard estimate between two."""

    __slots__ = ("hashvalues",)

    def __init__(self, hashvalues: np.ndarray) -> None:
        self.hashvalues = hashvalues

    @classmethod
    def of(cls, items: Iterable[bytes], num_perm: int) -> MinHash:
        """Return the MinHash of ``items`` with ``num_perm`` permutations."""
        digests = b"".join(hashlib.sha1(item).digest()[:4] for item in items)
        if not digests:
            return cls(np.full(num_perm, _MAX_HASH, dtype=np.uint32))
        hv = np.frombuffer(digests, dtype="<u4").astype(np.uint32).reshape(-1, 1)
        s1, m1, s2, m2, s3 = _FMIX
        hv = hv ^ (hv >> s1)
        hv = hv * m1
        hv = hv ^ (hv >> s2)
        hv = hv * m2
        hv = hv ^ (hv >> s3)
        a, b = _permutations(num_perm)
        return cls((hv * a + b).min(axis=0))  # uint32 arithmetic wraps: mod 2**32

    def jaccard(self, other: MinHash) -> float:
        """Estimate the Jaccard similarity of the two sets."""
        if len(self.hashvalues) != len(other.hashvalues):
            raise ValueError("cannot compare MinHashes of different numbers of permutations")
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / len(self.hashvalues)


@dataclass(frozen=True)
class Signature:
    """The MinHash of an article's shingles and how many distinct shingles it has."""

    minhash: MinHash
    size: int

    def encode(self) -> str:
        """Return the signature as a short ASCII string (``size:base64``), as stored."""
        raw = np.asarray(self.minhash.hashvalues, dtype="<u4").tobytes()
        return f"{self.size}:{base64.b64encode(raw).decode('ascii')}"

    @classmethod
    def decode(cls, text: str) -> Signature:
        """Read a signature written by :meth:`encode`."""
        size, _, b64 = text.partition(":")
        values = np.frombuffer(base64.b64decode(b64), dtype="<u4").astype(np.uint32)
        return cls(MinHash(values), int(size))


def article_text(article: Article) -> str:
    """Return the text of an article's headline, body and caption zones (all text when unzoned)."""
    if not article.segments:
        return article.text
    parts = [article.text[s.start : s.end] for s in article.segments if s.zone in _TEXT_ZONES]
    story = "\n".join(parts)
    return story if len(_WORD.findall(story)) >= MIN_WORDS else article.text


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Return the set of lowercase word ``k``-grams of ``text``."""
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


def signature(text: str) -> Signature:
    """Return the MinHash signature of ``text``."""
    return _minhash(shingles(text), NUM_PERM)


def article_signature(article: Article) -> Signature:
    """Return the signature of an article's story text (furniture left out)."""
    return signature(article_text(article))


def similar(a: Signature, b: Signature) -> bool:
    """Tell whether two signatures are near duplicates (copies of one story)."""
    if min(a.size, b.size) < MIN_IDENTICAL:
        return False
    if min(a.size, b.size) < MIN_SHINGLES:
        return a.size == b.size and a.minhash.jaccard(b.minhash) == 1.0
    j = a.minhash.jaccard(b.minhash)
    if min(a.size, b.size) < SHORT:
        return j >= SHORT_JACCARD
    if j >= JACCARD:
        return True
    # |A n B| = J |A u B| and |A u B| = (|A| + |B|) / (1 + J)
    containment = j * (a.size + b.size) / ((1 + j) * min(a.size, b.size))
    return containment >= CONTAINMENT


def _band_ranges() -> list[tuple[int, int]]:
    return [(i * _LSH_ROWS, (i + 1) * _LSH_ROWS) for i in range(_LSH_BANDS)]


def bands(sig: Signature) -> list[bytes]:
    """Return the LSH band keys of a signature: two signatures are candidate copies when they share one.

    These are the bands of datasketch's ``MinHashLSH`` at :data:`_LSH_THRESHOLD`, as
    :func:`copy_groups` uses them, so that an index of stored bands finds the same
    candidates (``kg.resolve`` keeps one beside the store).
    """
    if sig.size == 0:
        return []
    values = np.asarray(sig.minhash.hashvalues, dtype="<u4")
    return [bytes([i]) + values[a:b].tobytes() for i, (a, b) in enumerate(_band_ranges())]


# ---------------------------------------------------------------- rewritten copies
#
# Word 4-grams miss what rewrite desks and content farms do to a story: a synonym
# every few words, sentences reordered, "X said Y" turned into "Y, X said". The
# second signal compares what such rewrites keep: the content words (folded to a
# crude stem, so "increased" meets "increase") and the pairs of consecutive names
# and numbers ("Allegheny International", "24.60 20.00"). A rewrite keeps nearly
# all of both; two reports of one event share names but not their sequence, and
# share topic words but not most of them. Both must hold, for stories issued
# within :data:`REWRITE_DAYS` of each other.

#: Permutations of each of the two MinHashes of the rewrite signature.
REWRITE_PERM = 128
#: Share of the shorter story's content words found in the longer.
REWRITE_WORDS = 0.8
#: Share of the shorter story's name and number pairs found in the longer.
REWRITE_NAMES = 0.6
#: Fewest content words and name pairs for the rewrite signal to speak.
REWRITE_MIN_WORDS = 30
REWRITE_MIN_NAMES = 8
#: Most days between the issue dates of two rewritten copies (when both are known).
REWRITE_DAYS = 3
#: LSH bands of the content-word MinHash: 32 bands of 4 rows make a pair with a Jaccard
#: similarity of 0.5 a candidate 87 % of the time, 0.6 99 %, and 0.15 (two stories on one
#: topic) 1.6 %, so that the candidates of an article stay few as the store grows.
_REWRITE_BANDS = 32
_REWRITE_ROWS = 4
_ANCHOR = re.compile(r"\b(?:[A-Z][A-Za-z]+|\d[\d.,]*\d|\d)\b")
_LOWER = re.compile(r"[a-z]+")
_SUFFIXES = ("ings", "ing", "edly", "ed", "es", "s", "ly")


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[bytes]:
    """Return the crude stems of the content words of ``text`` (four letters or more, no stop words)."""
    stop = _stop_words()
    return {_stem(w).encode() for w in _LOWER.findall(text.lower()) if len(w) > 3 and w not in stop}


def name_pairs(text: str) -> set[bytes]:
    """Return the pairs of consecutive capitalized words and numbers of ``text``."""
    stop = _stop_words()
    names = [t for t in _ANCHOR.findall(text) if t.lower() not in stop]
    return {f"{a} {b}".encode() for a, b in itertools.pairwise(names)}


@dataclass(frozen=True)
class RewriteSignature:
    """MinHashes of an article's content words and of its name and number pairs."""

    words: Signature
    names: Signature

    def encode(self) -> str:
        """Return the signature as stored (``nk:rewriteHash``): the two encodings joined by ``;``."""
        return f"{self.words.encode()};{self.names.encode()}"

    @classmethod
    def decode(cls, text: str) -> RewriteSignature:
        """Read a signature written by :meth:`encode`."""
        words, _, names = text.partition(";")
        return cls(Signature.decode(words), Signature.decode(names))


def _minhash(items: set[bytes], num_perm: int) -> Signature:
    return Signature(MinHash.of(items, num_perm), len(items))


def rewrite_signature(text: str) -> RewriteSignature:
    """Return the rewrite signature of ``text``."""
    return RewriteSignature(
        _minhash(content_words(text), REWRITE_PERM), _minhash(name_pairs(text), REWRITE_PERM)
    )


def article_rewrite_signature(article: Article) -> RewriteSignature:
    """Return the rewrite signature of an article's story text (furniture left out)."""
    return rewrite_signature(article_text(article))


def _containment(a: Signature, b: Signature) -> float:
    j = a.minhash.jaccard(b.minhash)
    return j * (a.size + b.size) / ((1 + j) * min(a.size, b.size))


def _days_apart(a: str | None, b: str | None) -> int | None:
    from datetime import date

    try:
        if a and b:
            return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        pass
    return None


def rewritten(
    a: RewriteSignature, b: RewriteSignature, day_a: str | None = None, day_b: str | None = None
) -> bool:
    """Tell whether two stories are one rewritten from the other (see the rules above).

    ``day_a`` and ``day_b`` are their issue dates (ISO), when known.
    """
    if min(a.words.size, b.words.size) < REWRITE_MIN_WORDS:
        return False
    if min(a.names.size, b.names.size) < REWRITE_MIN_NAMES:
        return False
    apart = _days_apart(day_a, day_b)
    if apart is not None and apart > REWRITE_DAYS:
        return False
    return (
        _containment(a.words, b.words) >= REWRITE_WORDS
        and _containment(a.names, b.names) >= REWRITE_NAMES
    )


def _rewrite_band_ranges() -> list[tuple[int, int]]:
    return [(i * _REWRITE_ROWS, (i + 1) * _REWRITE_ROWS) for i in range(_REWRITE_BANDS)]


def rewrite_bands(sig: RewriteSignature) -> list[bytes]:
    """Return the LSH band keys of a rewrite signature's content words (candidates share one)."""
    if sig.words.size < REWRITE_MIN_WORDS:
        return []
    values = np.asarray(sig.words.minhash.hashvalues, dtype="<u4")
    return [
        bytes([128 + i]) + values[a:b].tobytes() for i, (a, b) in enumerate(_rewrite_band_ranges())
    ]


def copy_groups(signatures: Mapping[str, Signature]) -> list[set[str]]:
    """Return the groups (two or more keys) of mutually linked copies among ``signatures``.

    Candidates are the signatures that share a band (:func:`bands`), as in
    datasketch's ``MinHashLSH`` at :data:`_LSH_THRESHOLD`.
    """
    keys = sorted(k for k, s in signatures.items() if s.size > 0)
    buckets: dict[bytes, list[str]] = {}
    for key in keys:
        for band in bands(signatures[key]):
            buckets.setdefault(band, []).append(key)
    parent = {k: k for k in keys}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for key in keys:
        candidates = {other for band in bands(signatures[key]) for other in buckets[band]}
        for other in sorted(candidates):
            if other <= key or find(other) == find(key):
                continue
            if similar(signatures[key], signatures[other]):
                ra, rb = find(key), find(other)
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, set[str]] = {}
    for key in keys:
        groups.setdefault(find(key), set()).add(key)
    return [g for g in groups.values() if len(g) > 1]


def originals(
    signatures: Mapping[str, Signature], order: Mapping[str, tuple[str, float, str]]
) -> dict[str, str]:
    """Return {copy: its original} for every copy among ``signatures``.

    Args:
        signatures: Signature of each article, by an identity that sorts stably.
        order: What makes an article the original of its group, smallest first
            (e.g. its publication date); articles left out come last.
    """
    out: dict[str, str] = {}
    last = ("\uffff", 0.0, "\uffff")
    for group in copy_groups(signatures):
        original = min(group, key=lambda k: (order.get(k, last), k))
        out.update((k, original) for k in group if k != original)
    return out


def independent(articles: Iterable[str], original_of: Mapping[str, str]) -> int:
    """Return how many independent reports ``articles`` are: copies count once, with their original."""
    return len({original_of.get(a, a) for a in articles})
