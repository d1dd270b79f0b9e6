"""IRIs are pure functions of their inputs."""

from __future__ import annotations

import dataclasses
import hashlib
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
    # a name in another script is transliterated
    assert str(m.entity("Person", "李克强")) == "https://example.org/id/person/likeqiang"
    assert str(m.entity("Person", "习近平")) == "https://example.org/id/person/xijinping"


def sha(*parts: str) -> str:
    """The digest the IRIs are documented to use, computed here independently."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def test_iris_are_the_documented_digests() -> None:
    # IRIs must not change between versions, or a store written by one version is
    # orphaned by the next: the scheme is pinned here from its definition, not the code
    m = Minter("https://example.org/id/")
    base = "https://example.org/id/"
    # a name with nothing to transliterate is named by the digest of its label
    assert str(m.entity("Person", "—")) == base + "person/" + sha("—")[:16]
    assert str(m.entity("Agreement", "ceasefire", scope="a1")) == (
        base + "agreement/ceasefire-" + sha("a1", "ceasefire")[:8]
    )
    article = Article(source="seeds/a.txt", text="x", path="seeds/a.txt")
    assert str(m.article(article)) == base + "article/" + sha(article_key(article))[:16]
    assert str(m.fact("A", "said", "S", "c")) == base + "fact/" + sha("A", "said", "S", "c")[:16]
    # claims and roles ignore how the text is spaced
    assert (
        str(m.claim("A", "S", "we  are\nready"))
        == base + "claim/" + sha("A", "S", "we are ready")[:16]
    )
    assert str(m.role("A", "S", "Foreign  Minister")) == (
        base + "role/" + sha("A", "S", "Foreign Minister")[:16]
    )
    assert str(m.extractor("said", "0.1.0")) == base + "extractor/said/0.1.0"
    assert str(m.resolution_graph()) == base + "graph/resolution"
    text_only = Article(source="", text="body")
    assert article_key(text_only) == "text:" + sha("body")[:32]
    assert article_key(Article(source="f", text="x", path="f.jsonl", line=3)) == "path:f.jsonl#3"
    assert str(m.entity("Unknown kind", "Jane Doe")) == base + "actor/jane-doe"


def test_a_minter_cannot_be_rebased_after_minting() -> None:
    # a minter shared by the mapping and resolution must not change base midway, or one
    # store would hold IRIs under two bases
    m = Minter("https://example.org/id/")
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.base = "https://other.example/id/"  # type: ignore[misc]
