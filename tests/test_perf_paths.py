"""The shortcuts taken on the endpoint's hot path answer exactly as the long way (issue 15)."""

from __future__ import annotations

import random

import pytest

from kg.sparqlguard import forbidden_keywords, scan_forbidden

#: Letters whose case mappings are not plain ASCII ones: long s, dotless i, sharp s,
#: ligatures, Kelvin sign, Greek final sigma, Turkish dotted I, and escapes.
ODD = ["ſ", "ı", "ß", "ﬅ", "ﬀ", "K", "ς", "İ", "\\u0043", "\\U00000053", "\\", "#", '"', "<", ">"]
WORDS = ["SERVICE", "service", "Service", "LOAD", "load", "LoAd", "SERV", "ICE", "LO", "AD", "x"]


def texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pieces = [*ODD, *WORDS, " ", "\n", "?", ":", "@", "{", "}", "a", "E", "V", "I", "C", "S", "R"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(n)]


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { ſervice <http://x/> { ?s ?p ?o } }",
        "SELECT * { SERVıCE <http://x/> { ?s ?p ?o } }",
        "SELECT * { SERVI\\u0043E <http://x/> { ?s ?p ?o } }",
        "LOAD <http://x/>",
        "lOaD <http://x/>",
    ],
)
def test_the_fast_path_never_lets_a_keyword_through(text: str) -> None:
    assert forbidden_keywords(text) == scan_forbidden(text) != []


def test_the_fast_path_agrees_with_the_full_scan() -> None:
    for text in texts(20_000, seed=15):
        assert forbidden_keywords(text) == scan_forbidden(text), repr(text)
