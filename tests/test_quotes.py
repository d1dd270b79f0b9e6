"""Quote-span finding: curly, straight, mixed and unbalanced marks."""

from __future__ import annotations

from kg.extract.quotes import find_quotes, strip_marks


def inner(text: str) -> list[str]:
    return [q.inner(text) for q in find_quotes(text)]


def test_curly_pair() -> None:
    text = "“We cannot but welcome the initiatives,” Zakharova said."
    assert inner(text) == ["We cannot but welcome the initiatives,"]


def test_straight_and_mixed_marks() -> None:
    assert inner('He said "yes" and "no".') == ["yes", "no"]
    text = '“I hope that today’s ceasefire can create a new situation," Aliyev said.'
    assert inner(text) == ["I hope that today’s ceasefire can create a new situation,"]


def test_nyt_doubled_apostrophes() -> None:
    text = "''That wasn't a good way to treat me,'' he complained."
    assert inner(text) == ["That wasn't a good way to treat me,"]


def test_unbalanced_marks_never_crash() -> None:
    assert inner("“a stray opener and nothing else") == []
    assert inner("a stray closer” here") == []
    # the second opener replaces a stray first one
    assert inner("“stray “real quote” end") == ["real quote"]


def test_quotes_stay_within_a_paragraph() -> None:
    assert inner("“first paragraph.\nSecond” paragraph") == []
    assert inner("“first paragraph\n\nsecond” paragraph") == []
    # a line broken in mid-sentence (PolNeAR text) does not end the quote
    assert inner("“getting them to participate personally\nin caucuses,” he said") == [
        "getting them to participate personally\nin caucuses,"
    ]


def test_offsets_point_into_text() -> None:
    text = "Aliyev said: “We want to establish relations.”"
    (q,) = find_quotes(text)
    assert text[q.start] == "“" and text[q.end - 1] == "”"
    assert text[q.inner_start : q.inner_end] == "We want to establish relations."


def test_strip_marks() -> None:
    assert strip_marks("was not excluded, “if there are positive signals.”") == (
        "was not excluded, if there are positive signals."
    )


def test_other_scripts_marks() -> None:
    assert inner("Er sagte: „Wir sind bereit.“ Dann ging er.") == ["Wir sind bereit."]
    assert inner("Il a dit : « Nous sommes prêts. »") == [" Nous sommes prêts. "]
    assert inner("„unclosed and “mixed« marks»") == ["unclosed and ", " marks"]


def test_a_turned_mark_closes_a_quote_at_the_paragraph_end() -> None:
    # “… worse.“ typed with an opening mark: it closes the quote before the line break
    text = "“Costs are rising,” the board wrote. “A change is needed now.“\n\nNext paragraph."
    assert inner(text) == ["Costs are rising,", "A change is needed now."]
    # an opening mark after a space still opens a quote
    assert inner("He said “no. “Maybe” later") == ["Maybe"]
