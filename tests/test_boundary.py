from __future__ import annotations

import pytest

from tests.conftest import audit_text, flagged, needs_hunspell


def test_run_on_after_lost_embed_suggests_full_stop_first() -> None:
    result = audit_text("The president wrote on twitter He told reporters the talks had failed.", select=("boundary.run-on",))
    [finding] = result.findings
    assert finding.text == "twitter He"
    assert finding.suggestions == ("twitter. He", "twitter he")
    assert finding.category == "fluency/punctuation"


def test_run_on_before_complementiser_suggests_lower_case_first() -> None:
    result = audit_text("The minister said in a statment That “the actions are not in line” with the agreement.", select=("boundary.run-on",))
    [finding] = result.findings
    assert finding.text == "statment That"
    assert finding.suggestions[0] == "statment that"


@pytest.mark.parametrize(
    "text",
    [
        "The president wrote on Twitter. He told reporters the talks had failed.",
        "The minister met Emmanuel Macron in Paris on Sunday.",
        "Sales rose in the United States and in Europe last year.",
    ],
)
def test_run_on_negatives(text: str) -> None:
    assert flagged(text, "boundary.run-on") == []


def test_missing_final_punctuation() -> None:
    text = "The minister said the talks would continue next week in Geneva with all parties"
    assert flagged(text, "boundary.missing-final-punctuation") == ["parties"]


@pytest.mark.parametrize(
    "text",
    [
        "Ad sales boost Time Warner profit\n\nQuarterly profits rose by 76% in the three months to December.",
        "The minister said the talks would continue next week in Geneva with all parties.",
        "He asked whether the talks would continue next week in Geneva with all parties?",
    ],
)
def test_missing_final_punctuation_negatives(text: str) -> None:
    assert flagged(text, "boundary.missing-final-punctuation") == []


def test_frequent_word_after_an_unknown_name() -> None:
    # A round trip through Apertium gave "TimeWarner Said fourth sales…": "Said" is no part of a name.
    result = audit_text("The company TimeWarner Said fourth-quarter sales rose.", select=("boundary.run-on",))
    assert [(f.text, f.suggestions[0]) for f in result.findings] == [("TimeWarner Said", "TimeWarner said")]


@pytest.mark.parametrize(
    "text",
    ["The band Take That played on Friday.", "He quoted Edward Said at length.", "He watched BBC One at night.", "Juventus won the Serie A title."],
)
def test_frequent_word_ending_a_known_name(text: str) -> None:
    needs_hunspell("en")  # "Take That", "Edward Said": the dictionary knows "take", "said" in lower case
    assert flagged(text, "boundary.run-on") == [] and flagged(text, "case.mid-sentence-capital") == []


def test_missing_final_punctuation_from_exactly_ten_words() -> None:
    ten = "The minister said the talks would continue next week here"
    assert len(ten.split()) == 10
    assert flagged(ten, "boundary.missing-final-punctuation") == ["here"]
    nine = "The minister said the talks would continue next week"
    assert flagged(nine, "boundary.missing-final-punctuation") == []
