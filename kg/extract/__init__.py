"""Extractors: one module per relation, each a pure function over a spaCy Doc.

Each module exposes ``NAME``, ``VERSION`` and ``extract(doc) -> Iterator[record]``.
They read ``doc._.article`` (zones, publication date) and ``doc._.times`` (date
expressions) and know nothing of RDF, IRIs or files.
"""

from __future__ import annotations

from types import ModuleType

from spacy.tokens import Doc

from kg.extract import _agreements, said, signed, transferred
from kg.records import Record

#: The extractor modules, by relation name.
EXTRACTORS: dict[str, ModuleType] = {m.NAME: m for m in (said, signed, transferred)}


def versions() -> dict[str, str]:
    """Return {relation: extractor version}, recorded in provenance."""
    return {name: m.VERSION for name, m in EXTRACTORS.items()}


def run_all(doc: Doc) -> list[Record]:
    """Run every extractor over ``doc`` and return their records in text order."""
    records: list[Record] = []
    for module in EXTRACTORS.values():
        records.extend(module.extract(doc))
    # A transfer "under the deal" and the deal's signing are one agreement node.
    records = _agreements.link_transfers(records)
    return sorted(records, key=lambda r: r.evidence.start)
