"""Scoring (`mtaudit.scoring`): the MQM penalty of a document's findings and its 0–100 score."""

from __future__ import annotations

import math

import pytest

from mtaudit.records import Finding, Severity
from mtaudit.scoring import UNIT_WORDS, document_score, mqm_penalty, score_table
from tests.conftest import ROOT, audit_text, needs_hunspell

SENTENCE = "The minister resigned on monday. She wrote on twitter He told reporters the talks had failed."


def finding(severity: Severity, category: str = "fluency/spelling", confidence: float = 1.0) -> Finding:
    return Finding("case.lowercase-name", category, severity, 25, 31, "monday", "a day name in lower case", ("Monday",), confidence)


def test_weights_follow_mqm() -> None:
    assert mqm_penalty([finding(Severity.MINOR)]) == -1.0
    assert mqm_penalty([finding(Severity.MAJOR)]) == -5.0
    assert mqm_penalty([finding(Severity.CRITICAL)]) == -10.0
    assert mqm_penalty([finding(Severity.MINOR, "fluency/punctuation")]) == -0.1  # a minor punctuation error
    assert mqm_penalty([finding(Severity.MAJOR, "fluency/punctuation")]) == -5.0  # only minor ones are cheap


def test_confidence_scales_the_penalty() -> None:
    assert mqm_penalty([finding(Severity.MAJOR, confidence=0.5), finding(Severity.MINOR, confidence=0.25)]) == -2.75
    assert mqm_penalty([]) == 0.0


@pytest.mark.parametrize(("mqm", "words", "score"), [(0.0, 100, 100.0), (-1.0, 100, 90.5), (-5.0, 100, 60.7), (-10.0, 100, 36.8), (-5.0, 1000, 95.1)])
def test_score_is_the_penalty_per_hundred_words(mqm: float, words: int, score: float) -> None:
    assert document_score(mqm, words) == score
    assert math.isclose(score, round(100 * math.exp(-100 * abs(mqm) / words / 10), 1))


def test_score_never_goes_below_zero() -> None:
    assert document_score(-10_000.0, 1) == 0.0
    assert document_score(-1e9, 10**6) == 0.0


@pytest.mark.parametrize("words", [0, 1, 3, 15, 60, 99, 100])
def test_a_text_under_a_hundred_words_is_scored_as_one_unit(words: int) -> None:
    """One finding in a short segment does not read like a disaster: the score of a text under
    100 words depends on its penalty alone, the same as for a 100-word text."""
    assert UNIT_WORDS == 100
    assert document_score(-1.0, words) == 90.5  # one minor error
    assert document_score(-5.0, words) == 60.7  # one major error
    assert document_score(-10.0, words) == 36.8  # one critical error
    assert document_score(-0.1, words) == 99.0  # one minor punctuation error


def test_longer_texts_keep_the_penalty_per_hundred_words() -> None:
    assert document_score(-5.0, 200) == round(100 * math.exp(-2.5 / 10), 1) == 77.9
    assert document_score(-5.0, 101) > document_score(-5.0, 100)  # more words, the same penalty: better
    scores = [document_score(-3.0, words) for words in (1, 50, 100, 150, 400, 5000)]
    assert scores == sorted(scores)  # never worse for a longer text with the same penalty


def test_meeting_on_monday_with_one_minor_finding_passes_a_gate_of_80() -> None:
    """The issue's example: it scored 8.2 when the penalty was spread over its three words."""
    needs_hunspell("en")  # "Monday" is a name by the dictionary
    doc = audit_text("Meeting on monday.")
    assert [(f.rule, f.severity.value, f.confidence) for f in doc.findings] == [("case.lowercase-name", "minor", 0.75)]
    assert doc.words == 3 and doc.mqm == -0.75
    assert doc.score == 92.8  # 100 × exp(−0.75 / 10), once 100 × exp(−25 / 10) = 8.2


def test_readme_score_table_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- scores:start -->\n") + len("<!-- scores:start -->\n")
    end = readme.index("<!-- scores:end -->")
    assert readme[start:end] == score_table(), "run: python benchmarks/update_readme.py"
    assert "| one major error (mqm -5) | 60.7 | 60.7 | 60.7 | 60.7 | 88.2 | 95.1 |" in score_table()


def test_a_real_sentence_scores_as_documented() -> None:
    needs_hunspell("en")  # the expected findings need the English dictionary
    doc = audit_text(SENTENCE)
    assert [(f.rule, f.severity.value, f.category, f.confidence) for f in doc.findings] == [
        ("case.lowercase-name", "minor", "fluency/spelling", 0.75),
        ("boundary.run-on", "minor", "fluency/punctuation", 0.54),
    ]
    assert doc.words == 16
    assert doc.mqm == -0.8  # 0.75 × 1 + 0.54 × 0.1, rounded
    assert doc.score == 92.3  # 100 × exp(−(100 × 0.8 / max(16, 100)) / 10)
