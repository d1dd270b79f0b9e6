"""Read news articles from files: plain text, Markdown, JSON Lines and saved web pages.

Every reader yields :class:`~kg.article.Article` s with their zones and dateline
filled in, or an :class:`~kg.errors.InputError` for an input it cannot read, so
one bad file or line never stops the others::

    for item in read(["seeds/", "more.jsonl"]):
        if isinstance(item, InputError):
            log.error("%s", item)
        else:
            handle(item)
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import charset_normalizer
import trafilatura
import yaml
from lxml import etree

from kg.article import Article, PubDate
from kg.errors import InputError
from kg.zones import agency_name, find_credit, find_dateline, segment

log = logging.getLogger(__name__)

#: File suffixes NewsKG reads (compared without regard to case).
SUFFIXES = {".txt", ".md", ".jsonl", ".ndjson", ".html", ".htm"}

_FRONT_MATTER_KEYS = ("title", "published", "publisher", "url", "id")


# --- files -----------------------------------------------------------------------


def iter_files(paths: Sequence[str]) -> Iterator[str | InputError]:
    """Yield the readable files named by ``paths``, walking directories recursively.

    Files inside a directory come sorted, hidden files and folders and unsupported
    suffixes skipped. A path that does not exist, or a file named explicitly with
    an unsupported suffix, is yielded as an :class:`InputError` so the other paths
    go on. Paths keep the form they were given in.
    """
    for path in paths:
        if os.path.isdir(path):
            found = sorted(_walk(path))
            if not found:
                yield InputError(path, f"no {_suffix_list()} files in this directory")
            yield from found
        elif os.path.isfile(path):
            if _suffix(path) in SUFFIXES:
                yield path
            else:
                yield InputError(
                    path,
                    f"unsupported file type {_suffix(path) or '(no suffix)'!r}: NewsKG reads "
                    f"{_suffix_list()}; convert the file or rename it",
                )
        else:
            yield InputError(path, "no such file or directory")


def _walk(root: str) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith(".") and _suffix(name) in SUFFIXES:
                yield os.path.join(dirpath, name)


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _suffix_list() -> str:
    return ", ".join(sorted(SUFFIXES))


def read(paths: Sequence[str]) -> Iterator[Article | InputError]:
    """Yield every article (or input error) found in ``paths``, in order."""
    for item in iter_files(paths):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_path(item)


def read_path(path: str) -> Iterator[Article | InputError]:
    """Yield each article in the file ``path``; errors are yielded, never raised.

    The reader is chosen by suffix: ``.txt``/``.md`` (optional YAML front matter),
    ``.jsonl``/``.ndjson`` (one article per line), ``.html``/``.htm`` (a saved page).
    """
    suffix = _suffix(path)
    if suffix in (".jsonl", ".ndjson"):
        # streamed line by line: a JSON Lines file of any size needs the memory of one line
        yield from _read_jsonl_file(path)
        return
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        yield InputError(path, f"cannot read the file: {e.strerror or e}")
        return
    if suffix in (".txt", ".md"):
        yield _read_text(path, data)
    elif suffix in (".html", ".htm"):
        yield _read_html(path, data)
    else:
        yield InputError(path, f"unsupported file type {suffix!r}: NewsKG reads {_suffix_list()}")


# --- plain text and Markdown ---------------------------------------------------------

_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


#: Byte-order marks and the codec each one announces (UTF-32 first: its
#: little-endian mark begins with UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _bom_codec(data: bytes) -> str | None:
    return next((codec for bom, codec in _BOMS if data.startswith(bom)), None)


def _decode(source: str, data: bytes, *, legacy: bool = True) -> str | InputError:
    """Decode a file's bytes: by its byte-order mark, else as UTF-8, else by detection.

    Without a byte-order mark and not valid UTF-8, the encoding is detected with
    charset-normalizer (``legacy``); text whose encoding cannot be told, or that
    holds NUL characters (a binary file), is refused with the reason.
    """
    codec = _bom_codec(data)
    if codec is not None:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as e:
            name = codec.removesuffix("-sig").upper()
            return InputError(
                source,
                f"starts with a {name} byte-order mark but is not valid {name} "
                f"(offset {e.start}); re-save the file as UTF-8",
            )
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            found = _detect(data) if legacy else None
            if found is None:
                return InputError(
                    source,
                    f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}) and its "
                    "encoding cannot be told; re-save the file as UTF-8",
                )
            text, encoding = found
            log.warning("%s: not UTF-8; read as %s (detected)", source, encoding)
    if "\x00" in text:
        return InputError(source, "holds NUL characters: a binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


#: The legacy encoding preferred when it reads the bytes as cleanly as the best
#: guess: Windows-1252, the legacy default of English-language web pages (WHATWG
#: Encoding Standard). charset-normalizer's language model alone reads short
#: French or German words in English text as Baltic cp775.
PREFERRED_LEGACY = "cp1252"


def _detect(data: bytes) -> tuple[str, str] | None:
    """Return the text and encoding charset-normalizer finds for ``data``, or None."""
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None or best.encoding is None:
        return None
    encoding = best.encoding
    for match in matches:
        if PREFERRED_LEGACY in match.could_be_from_charset and match.chaos <= best.chaos + 0.02:
            encoding = PREFERRED_LEGACY
            break
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return None


def _read_text(path: str, data: bytes) -> Article | InputError:
    raw = _decode(path, data)
    if isinstance(raw, InputError):
        return raw
    meta: dict[str, Any] = {}
    text = raw
    if raw.startswith("---\n") or raw.rstrip() == "---":
        close = _FENCE.search(raw, 4)
        if close is None:
            return InputError(
                path,
                "YAML front matter opened with '---' is never closed; add a closing '---' line",
            )
        try:
            loaded = yaml.safe_load(raw[4 : close.start()])
        except yaml.YAMLError as e:
            where = getattr(e, "problem_mark", None)
            line = f" at line {where.line + 2}" if where is not None else ""
            return InputError(
                path,
                f"invalid YAML front matter{line}: {getattr(e, 'problem', None) or e}; "
                "fix it or remove the block between the '---' lines",
            )
        if loaded is not None and not isinstance(loaded, dict):
            return InputError(
                path,
                "invalid YAML front matter: expected 'key: value' lines (title, published, "
                "publisher, url, id)",
            )
        meta = loaded or {}
        end = close.end()
        text = raw[end + 1 :] if raw[end : end + 1] == "\n" else raw[end:]
    if not text.strip():
        return InputError(path, "empty text: the file has no article text")
    title = _str_or_none(meta.get("title"))
    title_in_text = False
    if title is None:
        first = next(line for line in text.split("\n") if line.strip())
        title = re.sub(r"^\s*#{1,6}\s+", "", first).strip()
        title_in_text = True
    return _finish(
        Article(
            source="",
            text=text,
            title=title,
            published=_pubdate(meta.get("published"), path),
            publisher=_str_or_none(meta.get("publisher")),
            url=_str_or_none(meta.get("url")),
            id=_str_or_none(meta.get("id")),
            path=path,
            title_in_text=title_in_text,
        )
    )


# --- JSON Lines ------------------------------------------------------------------------


def _read_jsonl_file(path: str) -> Iterator[Article | InputError]:
    """Read a JSON Lines file one line at a time (a whole-file decode only behind a UTF-16/32 mark)."""
    try:
        with open(path, "rb") as f:
            codec = _bom_codec(f.read(4))
            f.seek(0)
            if codec is not None and codec != "utf-8-sig":
                text = _decode(path, f.read())
                if isinstance(text, InputError):
                    yield text
                    return
                yield from _read_jsonl_lines(path, enumerate(text.split("\n"), start=1))
                return
            yield from _read_jsonl_lines(path, enumerate(f, start=1))
    except OSError as e:
        yield InputError(path, f"cannot read the file: {e.strerror or e}")


def _read_jsonl_lines(
    path: str, lines: Iterable[tuple[int, bytes | str]]
) -> Iterator[Article | InputError]:
    for n, raw_line in lines:
        where = f"{path}:{n}"
        if not raw_line.strip():
            continue
        # JSON text is UTF-8 (RFC 8259): no guessing of legacy encodings per line
        line = _decode(where, raw_line, legacy=False) if isinstance(raw_line, bytes) else raw_line
        if isinstance(line, InputError):
            yield line
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(where, f"not valid JSON ({e.msg}); fix or remove the line")
            continue
        if not isinstance(obj, dict):
            yield InputError(
                where, f'expected a JSON object with a "text" key, got a {type(obj).__name__}'
            )
            continue
        text = obj.get("text")
        if not isinstance(text, str):
            yield InputError(where, 'missing "text": each line needs a "text" string')
            continue
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            yield InputError(where, 'empty text: the "text" value is blank')
            continue
        yield _finish(
            Article(
                source="",
                text=text,
                title=_str_or_none(obj.get("title")),
                published=_pubdate(obj.get("published"), where),
                publisher=_str_or_none(obj.get("publisher")),
                url=_str_or_none(obj.get("url")),
                id=_str_or_none(obj.get("id")),
                path=path,
                line=n,
            )
        )


# --- saved web pages -------------------------------------------------------------------


_TOO_DEEP = "the HTML is nested too deeply to read; save the article page in a simpler form"


def _read_html(path: str, data: bytes) -> Article | InputError:
    if not data.strip():
        return InputError(path, "empty file: no HTML to read")
    try:
        doc = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_images=True,
            include_comments=False,
            # Dates only from the page's markup and URL: a date guessed from the
            # text would pass for metadata; kg.pubdate infers from the text itself.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        captions = _figure_captions(data)
    except (ValueError, TypeError, etree.LxmlError) as e:
        return InputError(path, f"cannot parse the HTML page: {e}")
    except RecursionError:
        return InputError(path, _TOO_DEEP)
    body = getattr(doc, "body", None) if doc is not None else None
    try:
        blocks = _html_blocks(body, captions) if body is not None else []
    except RecursionError:
        return InputError(path, _TOO_DEEP)
    if not any(text for _, text in blocks):
        return InputError(
            path,
            "HTML page with no main text: no article body was found; save the article page "
            "itself (not an index or login page) or give the text as .txt",
        )
    title = _str_or_none(getattr(doc, "title", None))
    title_in_text = bool(blocks) and blocks[0][0] == "head"
    if title_in_text and title is None:
        title = blocks[0][1]
    return _finish(
        Article(
            source="",
            text="\n\n".join(text for _, text in blocks),
            title=title,
            published=_pubdate(getattr(doc, "date", None), path),
            publisher=_str_or_none(getattr(doc, "sitename", None)),
            url=_str_or_none(getattr(doc, "url", None)),
            path=path,
            title_in_text=title_in_text,
        )
    )


def _figure_captions(data: bytes) -> dict[str, str]:
    """Map image addresses to their ``<figcaption>``, which trafilatura drops."""
    tree = trafilatura.load_html(data)
    captions: dict[str, str] = {}
    if tree is None:
        return captions
    for figure in tree.iter("figure"):
        caption = " ".join(
            _squash(" ".join(fc.itertext())) for fc in figure.iter("figcaption")
        ).strip()
        if not caption:
            continue
        for img in figure.iter("img"):
            for attr in ("src", "data-src", "data-original"):
                if src := img.get(attr):
                    captions.setdefault(src, caption)
    return captions


def _html_blocks(body: Any, captions: dict[str, str]) -> list[tuple[str, str]]:
    """Return ``(tag, text)`` paragraphs of trafilatura's XML body, captions in place."""
    blocks: list[tuple[str, str]] = []
    for el in body:
        tag = el.tag
        if tag == "graphic":
            caption = captions.get(el.get("src", "")) or _squash(el.get("title") or "")
            if caption:
                blocks.append((tag, caption))
        elif tag == "list":
            blocks.extend(("item", t) for item in el.iter("item") if (t := _el_text(item)))
        elif tag == "table":
            for row in el.iter("row"):
                cells = [t for cell in row.iter("cell") if (t := _el_text(cell))]
                if cells:
                    blocks.append((tag, " | ".join(cells)))
        elif tag == "quote" and len(el):
            blocks.extend((tag, t) for child in el if (t := _el_text(child)))
        elif text := _el_text(el):
            blocks.append((tag, text))
    return blocks


def _el_text(el: Any) -> str:
    """Return an element's text with ``<lb/>`` as line breaks and spaces squashed."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    lines = (_squash(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


# --- metadata ---------------------------------------------------------------------------


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DATE_FORMATS = (
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %Y",
    "%Y/%m/%d",
)


def normalize_date(value: object) -> str | None:
    """Return ``value`` as an ISO 8601 date at its own precision, or None if unparsable.

    Accepts dates and datetimes (as YAML gives them), years as integers and strings
    such as ``2020-11-21``, ``2020-11``, ``2020``, ``2020-11-21T10:00:00Z``,
    ``Nov 21, 2020`` or an RFC 2822 date.

    >>> normalize_date("2020-11-21T08:30:00+00:00"), normalize_date(2021), normalize_date("2020-11")
    ('2020-11-21', '2021', '2020-11')
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:04d}" if 1000 <= value <= 2999 else None
    if not isinstance(value, str):
        return None
    s = value.strip()
    m = _ISO.fullmatch(s)
    if m is None and len(s) > 10 and _ISO.fullmatch(s[:10]) and s[10] in "T ":
        m = _ISO.fullmatch(s[:10])
    if m is not None:
        year, month, day = m.groups()
        try:
            if day is not None:
                return dt.date(int(year), int(month), int(day)).isoformat()
            if month is not None:
                return f"{year}-{month}" if 1 <= int(month) <= 12 else None
        except ValueError:
            return None
        return year
    for fmt in _DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(s, fmt)
        except ValueError:
            continue
        return parsed.strftime("%Y-%m") if fmt == "%B %Y" else parsed.date().isoformat()
    try:
        return email.utils.parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _pubdate(value: object, where: str) -> PubDate | None:
    if value is None or value == "":
        return None
    iso = normalize_date(value)
    if iso is None:
        log.warning("%s: ignoring unparsable publication date %r (use YYYY-MM-DD)", where, value)
        return None
    return PubDate(iso, inferred=False, basis="metadata")


def _finish(article: Article) -> Article:
    """Fill zones, dateline, source and (from agency credits) a missing publisher."""
    article.segments = segment(
        article.text, title_in_text=article.title_in_text, title=article.title
    )
    article.dateline = find_dateline(article.text, article.segments)
    article.source = article.url or article.path or ""
    if article.publisher is None:
        credit = article.dateline.agency if article.dateline else None
        credit = credit or find_credit(article.text, article.segments)
        if credit:
            article.publisher = agency_name(credit) or credit
    return article
