"""The README's query cookbook prints, on the seeds, exactly what the README shows."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kg.api import NewsKG
from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

#: A SPARQL block followed by the console block of its table output.
_EXAMPLE = re.compile(r"```sparql\n(.*?)```\n\n```console\n(\|.*?)```", re.DOTALL)
EXAMPLES = _EXAMPLE.findall(README.split("## Query cookbook", 1)[1].split("\n## ", 1)[0])


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> Path:
    """Ingest seeds/ as the README does: from the repository root, so sources read seeds/..."""
    store = tmp_path_factory.mktemp("cookbook") / "store"
    here = os.getcwd()
    os.chdir(seeds.parent)
    try:
        with NewsKG(store) as kg:
            report = kg.ingest(["seeds/"])
    finally:
        os.chdir(here)
    assert report.read == 5 and not report.errors
    return store


def test_the_cookbook_has_examples() -> None:
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize(("query", "expected"), EXAMPLES, ids=lambda x: x.split("\n")[0][:40])
def test_cookbook_query_prints_what_the_readme_shows(
    query: str,
    expected: str,
    seed_store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "query.rq"
    path.write_text(query, encoding="utf-8")
    code = main(["query", "--store", str(seed_store), "-f", str(path), "--format", "table"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out == expected
