"""Imported once by the fork server of ``newskg ingest --jobs N`` (:mod:`kg.parallel`).

Worker processes fork from the fork server, so what it holds when they fork they
find ready, shared copy-on-write, instead of each loading it again: the default
spaCy model (half a second, about 100 MB). A worker asked for another model
loads that one itself, as before.
"""

from __future__ import annotations

import logging

from kg import nlp, pipeline  # noqa: F401  (pipeline: the extractors, for every worker)

log = logging.getLogger(__name__)

try:
    nlp.load(None)
except Exception:  # the workers load what they need themselves, and say why it fails
    log.debug("preloading in the fork server failed", exc_info=True)
