"""The extractors' per-document memo answers for the document asked about, never a previous one."""

from __future__ import annotations

from kg import nlp
from kg.extract._clauses import fact_sentences, text_of


def test_memo_follows_the_document_in_hand() -> None:
    language = nlp.load()
    first = language("Alice Smith said the talks failed. Bob Jones agreed on Monday.")
    second = language("The minister said nothing. Nobody asked her again.")
    for doc in (first, second, first):
        assert text_of(doc) == doc.text
        assert [s.text for s in fact_sentences(doc)] == [s.text for s in doc.sents]
        assert [s.text for s in fact_sentences(doc)] == [s.text for s in doc.sents]  # memo hit
