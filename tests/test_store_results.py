"""kg.store's query results and opening modes, on a real Oxigraph store (no spaCy).

The CLI's tables, the Python API and the re-ingest tests read results through
``QueryResult.rows``; these tests pin what it gives, found missing by `make mutate`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.errors import QueryError, StoreError
from kg.store import Store, open_store

EX = "https://example.org/"
A, B = URIRef(EX + "a"), URIRef(EX + "b")
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "store")
    s.replace(
        [],
        [
            (A, RDFS.label, Literal("Alpha"), G1),
            (B, RDFS.label, Literal("Beta"), G2),
            (A, RDFS.comment, Literal("first"), None),
        ],
    )
    return s


def test_rows_give_lexical_values_and_leave_unbound_variables_out(store: Store) -> None:
    result = store.query(
        "SELECT ?l ?c WHERE { ?x rdfs:label ?l OPTIONAL { ?x rdfs:comment ?c } } ORDER BY ?l"
    )
    assert result.kind == "select"
    assert result.variables == ["l", "c"]
    assert list(result.rows()) == [{"l": "Alpha", "c": "first"}, {"l": "Beta"}]


def test_ask_has_a_boolean_and_no_rows(store: Store) -> None:
    yes = store.query("ASK { ?x rdfs:label 'Alpha' }")
    assert (yes.kind, yes.boolean, yes.variables) == ("ask", True, [])
    assert store.query("ASK { ?x rdfs:label 'Gamma' }").boolean is False
    with pytest.raises(QueryError, match="only a SELECT query has rows"):
        list(yes.rows())


def test_the_default_graph_is_the_union_unless_a_dataset_is_given(store: Store) -> None:
    def labels(**dataset: object) -> set[str]:
        rows = store.query("SELECT ?l WHERE { ?x rdfs:label ?l }", **dataset).rows()  # type: ignore[arg-type]
        return {r["l"] for r in rows}

    assert labels() == {"Alpha", "Beta"}
    # a protocol dataset with only default graphs named: exactly those, not the union
    assert labels(default_graphs=[str(G1)]) == {"Alpha"}
    # only named graphs: the default graph is empty (SPARQL 1.1 Protocol 2.1.4)
    assert labels(named_graphs=[str(G2)]) == set()
    assert labels(union_default=False) == set()


def test_a_store_opened_plainly_is_written_and_its_folders_made(tmp_path: Path) -> None:
    s = Store(tmp_path / "deep" / "er" / "store")
    s.replace([], [(A, RDFS.label, Literal("Alpha"), None)])
    s.flush()
    assert len(s) == 1
    assert (tmp_path / "deep" / "er" / "store" / "CURRENT").exists()


def test_a_read_only_store_refuses_writes_and_flush_is_harmless(
    store: Store, tmp_path: Path
) -> None:
    store.flush()
    reader = open_store(tmp_path / "store", read_only=True)
    assert len(reader) == 3
    with pytest.raises(StoreError, match="open read-only"):
        reader.replace([], [(B, RDFS.comment, Literal("x"), None)])
    reader.flush()
    assert len(reader) == 3


def test_a_second_writer_is_told_another_process_writes(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="being written by another newskg process"):
        open_store(tmp_path / "store")


def test_a_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="run `newskg ingest PATH --store"):
        open_store(tmp_path / "nothing", read_only=True)


def test_a_reader_sees_a_writers_changes_after_refresh(store: Store, tmp_path: Path) -> None:
    store.flush()
    reader = open_store(tmp_path / "store", read_only=True)
    store.replace([], [(B, RDFS.comment, Literal("second"), None)])
    store.flush()
    reader.refresh(min_interval=0)
    assert len(reader) == 4


def test_bad_inputs_are_our_errors_not_oxigraphs(store: Store) -> None:
    with pytest.raises(QueryError, match="not a graph IRI"):
        store.query("SELECT * WHERE { ?s ?p ?o }", default_graphs=["not an iri"])
    with pytest.raises(StoreError, match="cannot write to the store"):
        store.replace(["DELETE nonsense"], [])
    with pytest.raises(QueryError, match="malformed SPARQL query"):
        store.query("SELECT * WHERE { ?s ?p }")


@pytest.mark.parametrize(
    ("method", "text"),
    [
        ("query", "SELECT * WHERE { SERVICE<http://127.0.0.1:9/x> { ?s ?p ?o } }"),
        ("query", "SELECT * WHERE { SERVICE#c\n<http://127.0.0.1:9/x> { ?s ?p ?o } }"),
        ("update", "LOAD <http://127.0.0.1:9/x.ttl>"),
    ],
)
def test_the_embedded_store_refuses_to_fetch(store: Store, method: str, text: str) -> None:
    # The server checks too (defence in depth); this is the check that `newskg query` and
    # embedding apps rely on, so it must hold on its own.
    with pytest.raises(QueryError, match="is not allowed"):
        getattr(store, method)(text)
