"""Seed articles as parsed Docs, for the extractor tests.

The publication dates are the gold ones, so extractor tests do not depend on
publication-date inference (which tests/test_pubdate.py covers).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.article import Article, PubDate
from kg.nlp import parse
from kg.read import read_path
from kg.timex import find_times

#: The gold publication dates of the seeds.
SEED_PUB = {
    "000": "2020-11-21",
    "001": "2020-11-21",
    "002": "2021",
    "003": "2021-04-16",
    "004": "2021",
}


def doc_of(nlp: Language, article: Article) -> Doc:
    """Parse one article and set its date expressions, as the pipeline does."""
    doc = next(parse(nlp, [article]))
    doc._.times = find_times(article)
    return doc


def seed_doc(nlp: Language, seeds: Path, prefix: str) -> Doc:
    """Read the seed whose file name starts with ``prefix`` and parse it."""
    (path,) = seeds.glob(f"{prefix}_*.txt")
    (article,) = list(read_path(str(path)))
    assert isinstance(article, Article)
    return doc_of(nlp, replace(article, published=PubDate(SEED_PUB[prefix])))
