"""The one module that mints IRIs.

Every IRI is a pure function of its inputs, so ingesting the same article twice
mints the same IRIs and replaces rather than duplicates. The base is a setting
(``base_iri``, default ``https://w3id.org/newskg/id/``).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass

from anyascii import anyascii
from rdflib import URIRef

from kg.article import Article

DEFAULT_BASE = "https://w3id.org/newskg/id/"

#: Path segment of each entity kind under the base.
KIND_SEGMENTS = {
    "Person": "person",
    "Organization": "organization",
    "State": "state",
    "Territory": "territory",
    "Agreement": "agreement",
    "Actor": "actor",
    "Unnamed": "unnamed",
}


def slug(text: str) -> str:
    """Return a lowercase ASCII slug of ``text``.

    Letters of other scripts are transliterated (anyascii), so a name written
    with diacritics or in Cyrillic still gets a readable key.

    >>> slug("Ilham Əliyev")
    'ilham-eliyev'
    >>> slug("Nagorno-Karabakh’s")
    'nagorno-karabakhs'
    >>> slug("Владимир Путин")
    'vladimir-putin'
    """
    ascii_text = anyascii(text)
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def digest(*parts: str, length: int = 16) -> str:
    """Return a short stable hex digest of ``parts``."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8"))
    return h.hexdigest()[:length]


def article_key(article: Article) -> str:
    """Return what identifies an article across runs: its id, else URL, else its file.

    A file is named by its path relative to the working directory when it lies
    below it (``./seeds/a.txt`` and ``/abs/seeds/a.txt`` run from ``/abs`` are one
    article), else by its absolute path. So the same command on the same files
    mints the same IRIs on every machine and in every clone.
    """
    if article.id:
        return "id:" + article.id
    if article.url:
        return "url:" + article.url.rstrip("/")
    if article.path:
        absolute = os.path.abspath(article.path)
        relative = os.path.relpath(absolute)
        name = absolute if relative.startswith("..") else relative
        key = "path:" + name.replace(os.sep, "/")
        return key + (f"#{article.line}" if article.line is not None else "")
    return "text:" + digest(article.text, length=32)


@dataclass(frozen=True)
class Minter:
    """Mints the IRIs of one store, under ``base``."""

    base: str = DEFAULT_BASE

    def _iri(self, *path: str) -> URIRef:
        return URIRef(self.base + "/".join(path))

    def article(self, article: Article) -> URIRef:
        """Return the IRI of an article."""
        return self._iri("article", digest(article_key(article)))

    def entity(self, kind: str, label: str, *, scope: str = "") -> URIRef:
        """Return the IRI of an entity of ``kind`` named ``label``.

        ``scope`` narrows the identity, e.g. to one article for agreements, which are
        only merged across articles by entity resolution.
        """
        segment = KIND_SEGMENTS.get(kind, "actor")
        name = slug(label) or digest(label)
        if scope:
            name = f"{name}-{digest(scope, name, length=8)}"
        return self._iri(segment, name)

    def fact(self, article_iri: str, relation: str, *key: str) -> URIRef:
        """Return the IRI of the named graph holding one fact read from one article."""
        return self._iri("fact", digest(article_iri, relation, *key))

    def claim(self, article_iri: str, speaker_iri: str, text: str) -> URIRef:
        """Return the IRI of a claim node."""
        return self._iri("claim", digest(article_iri, speaker_iri, " ".join(text.split())))

    def role(self, article_iri: str, holder_iri: str, title: str) -> URIRef:
        """Return the IRI of one article's mention of a role held by an actor."""
        return self._iri("role", digest(article_iri, holder_iri, " ".join(title.split())))

    def resolution_graph(self) -> URIRef:
        """Return the IRI of the named graph that holds entity resolution, copy links and support counts."""
        return self._iri("graph", "resolution")

    def changes_graph(self) -> URIRef:
        """Return the IRI of the named graph that records every write and removal of an article."""
        return self._iri("graph", "changes")

    def change(self, article_iri: str, at: str, kind: str) -> URIRef:
        """Return the IRI of one change (``kind``: added, updated, removed) to an article at time ``at``."""
        return self._iri("change", digest(article_iri, at, kind))

    def extractor(self, name: str, version: str) -> URIRef:
        """Return the IRI of one version of an extractor."""
        return self._iri("extractor", name, version)
