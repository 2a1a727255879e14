from __future__ import annotations

import pytest

from tests.conftest import audit_text, flagged


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister said on Saturday in A statement that talks would resume.", ["A"]),
        ("Sales rose sharply in The third quarter, the company said.", ["The"]),
        ("Ils ont parlé hier et Ensuite la réunion a continué dans le calme.", ["Ensuite"]),
    ],
)
def test_mid_sentence_capital_flags_common_words(text: str, expected: list[str]) -> None:
    lang = "fr" if "Ils" in text else "en"
    assert flagged(text, "case.mid-sentence-capital", lang) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The Organization for Security and Cooperation in Europe met in Vienna on Monday.",
        "French Foreign Minister Jean-Yves Le Drian spoke to the Tripartite Contact Group.",
        "She said: Everything is ready, and I agree with her.",
        "He quoted the slogan “Never Again” during the speech in March.",
        "The report was published by NASA and the BBC in English.",
        "Der Minister hat am Montag eine Erklärung abgegeben.",
    ],
)
def test_mid_sentence_capital_leaves_names_titles_and_openers(text: str) -> None:
    lang = "de" if text.startswith("Der") else "en"
    assert flagged(text, "case.mid-sentence-capital", lang) == []


def test_mid_sentence_capital_suggests_lower_case() -> None:
    result = audit_text("The minister said on Saturday in A statement that talks would resume.", select=("case.mid",))
    assert result.findings[0].suggestions == ("a",)


def test_document_vote_keeps_a_name_the_document_capitalises() -> None:
    text = "We met Bishop Tutu. Later Bishop spoke again and Bishop left. The meeting with Bishop ended."
    assert "Bishop" not in flagged(text, "case.mid-sentence-capital")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It rained all day. the match went on regardless.", ["the"]),
        ("(applause)", ["applause"]),
        ("(Laughter) you had better run away from here now.", ["you"]),
    ],
)
def test_sentence_start_lowercase(text: str, expected: list[str]) -> None:
    assert flagged(text, "case.sentence-start-lowercase") == expected


@pytest.mark.parametrize(
    "text",
    [
        "It rained all day. The match went on regardless.",
        "The iPhone sold well. eBay listed it too.",
        "(Applause) Thank you all for coming tonight.",
    ],
)
def test_sentence_start_lowercase_negatives(text: str) -> None:
    assert flagged(text, "case.sentence-start-lowercase") == []


def test_lowercase_name_from_dictionary() -> None:
    from mtaudit.lexicon import dictionary_path

    if dictionary_path("en") is None:
        pytest.skip("no English Hunspell dictionary installed (apt-get install hunspell-en-us)")
    assert flagged("Talks resume in ukraine on monday after a pause.", "case.lowercase-name") == ["ukraine", "monday"]


def test_lowercase_name_leaves_common_words() -> None:
    assert flagged("The states agreed that the walls would rather stay independent.", "case.lowercase-name") == []
