"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
#: The project's shared folder (gold, dev data, specs) sits beside the repository.
SHARED = Path(os.environ.get("NEWSKG_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The real trained pipeline, loaded once for the whole run."""
    from kg import nlp as kg_nlp

    return kg_nlp.load()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder; tests that need it are skipped with a reason when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"the shared folder {SHARED} is missing (set NEWSKG_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The seed articles shipped in the repository."""
    return SEEDS


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> Path:
    """The seeds ingested once, as the README does: from the repository root, so sources read seeds/...

    Tests only read it; a module that needs its own (as the CLI would write it) defines its own.
    """
    from kg.api import NewsKG

    store = tmp_path_factory.mktemp("seeds") / "store"
    here = os.getcwd()
    os.chdir(seeds.parent)
    try:
        with NewsKG(store) as kg:
            report = kg.ingest(["seeds/"])
    finally:
        os.chdir(here)
    assert report.read == 5 and not report.errors
    return store
