"""IRIs are pure functions of their inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.article import Article
from kg.iri import Minter, article_key, slug


def test_article_identity_ignores_how_the_path_is_spelt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").mkdir()
    spellings = ["seeds/a.txt", "./seeds/a.txt", str(tmp_path / "seeds" / "a.txt"), "seeds//a.txt"]
    keys = {article_key(Article(source=p, text="x", path=p)) for p in spellings}
    assert keys == {"path:seeds/a.txt"}


def test_identity_prefers_id_then_url() -> None:
    a = Article(source="u", text="x", path="f.jsonl", line=3, url="https://ex.org/a/", id="a1")
    assert article_key(a) == "id:a1"
    a.id = None
    assert article_key(a) == "url:https://ex.org/a"
    a.url = None
    assert article_key(a).endswith("f.jsonl#3")


def test_entities_and_facts_are_deterministic() -> None:
    m = Minter("https://example.org/id/")
    assert m.entity("Person", "Ilham Aliyev") == m.entity(
        "Person", "Ilham  Aliyev".replace("  ", " ")
    )
    assert str(m.entity("State", "Azerbaijan")) == "https://example.org/id/state/azerbaijan"
    assert m.entity("Agreement", "ceasefire", scope="a1") != m.entity(
        "Agreement", "ceasefire", scope="a2"
    )
    assert m.fact("a", "said", "x") == m.fact("a", "said", "x") != m.fact("b", "said", "x")
    assert slug("“Quoted”") == "quoted"
    # a name with no Latin letters still gets a stable, non-empty IRI
    assert m.entity("Person", "李克强").endswith(
        "/person/" + m.entity("Person", "李克强").rsplit("/", 1)[1]
    )
    assert m.entity("Person", "李克强") != m.entity("Person", "习近平")
