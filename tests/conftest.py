"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from spacy.language import Language

if TYPE_CHECKING:
    from server_fixtures import Served

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


@pytest.fixture(scope="module", params=["waitress", "granian"])
def wsgi_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., Served]]:
    """Start apps under each real server of `newskg serve` in turn: ``wsgi_server(config)``.

    Each call runs :func:`kg.server.wsgi.serve` over the Flask settings
    ``config`` in a process of its own on a loopback port, and returns the
    running :class:`server_fixtures.Served` (``.url``); the servers a module
    starts are stopped when the module is done with this server, so a
    module-scoped fixture built on it starts once per server.
    """
    from server_fixtures import served

    log_dir = tmp_path_factory.mktemp(f"serve-{request.param}")
    with ExitStack() as stack:

        def start(config: Mapping[str, object], *, threads: int = 4) -> Served:
            return stack.enter_context(
                served(request.param, config, log_dir=log_dir, threads=threads)
            )

        yield start
