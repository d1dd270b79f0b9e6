"""From articles to records: publication date, date expressions, spaCy, extractors.

This is the path an article follows before it becomes RDF:
``Article`` (from :mod:`kg.read`) -> publication date inferred when missing
(:mod:`kg.pubdate`) -> date expressions (:mod:`kg.timex`) -> spaCy ``Doc``
(:mod:`kg.nlp`) -> records (:mod:`kg.extract`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language

from kg import extract, nlp, pubdate, settings, timex
from kg.article import Article
from kg.errors import ExtractionError
from kg.records import Record, TimeExpr

log = logging.getLogger(__name__)


@dataclass
class Analysis:
    """What NewsKG read in one article."""

    article: Article
    records: list[Record]
    times: list[TimeExpr]


def prepare(article: Article, *, references: bool = False) -> list[TimeExpr]:
    """Infer the publication date when the metadata has none; return the article's date expressions.

    With ``references``, expressions without a calendar value ("now", "recently")
    are included with their TimeML values (``PRESENT_REF``, ``PAST_REF``, ...).
    """
    if article.published is None:
        article.published = pubdate.infer(article)
    return timex.find_times(article, references=references)


def prepared(articles: Iterable[Article]) -> Iterator[tuple[Article, list[TimeExpr] | Exception]]:
    """Yield each article with its date expressions (:func:`prepare`), or the error that stopped them.

    What this needs is the article alone, not the parse, so the process that reads
    the articles can do it while others parse (:mod:`kg.parallel`).
    """
    for article in articles:
        try:
            times: list[TimeExpr] | Exception = prepare(article)
        except Exception as e:  # one odd article must not stop a batch of thousands
            log.exception("date analysis failed for %s", article.source)
            times = e
        yield article, times


def analyse(
    language: Language,
    articles: Iterable[Article],
    *,
    batch_size: int = 16,
    piece_chars: int | None = None,
) -> Iterator[Analysis | ExtractionError]:
    """Analyse articles in ``nlp.pipe`` batches.

    An article whose analysis fails is yielded as an :class:`ExtractionError`
    naming it, and the others go on. Articles longer than ``piece_chars`` are
    parsed in pieces (:func:`kg.nlp.parse`).
    """
    return analyse_prepared(
        language, prepared(articles), batch_size=batch_size, piece_chars=piece_chars
    )


def analyse_prepared(
    language: Language,
    items: Iterable[tuple[Article, list[TimeExpr] | Exception]],
    *,
    batch_size: int = 16,
    piece_chars: int | None = None,
) -> Iterator[Analysis | ExtractionError]:
    """Analyse articles whose dates :func:`prepared` already read, as :func:`analyse` does."""
    times_by_id: dict[int, list[TimeExpr] | Exception] = {}
    if piece_chars is None:
        piece_chars = int(settings.get("piece_chars"))

    def texts() -> Iterator[Article]:
        for article, times in items:
            times_by_id[id(article)] = times
            yield article

    for article, doc in nlp.parse_each(
        language, texts(), batch_size=batch_size, piece_chars=piece_chars
    ):
        times = times_by_id.pop(id(article), [])
        if isinstance(doc, ExtractionError):
            yield doc
            continue
        try:
            if isinstance(times, Exception):
                raise times
            doc._.times = times
            records = extract.run_all(doc)
        except Exception as e:  # isolate the failure to this article; the log keeps the traceback
            log.exception("analysis failed for %s", article.source)
            yield ExtractionError(f"{article.source}: analysis failed ({type(e).__name__}: {e})")
            continue
        yield Analysis(article=article, records=records, times=times)
