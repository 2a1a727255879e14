"""Scoring (`mtaudit.scoring`): the MQM penalty of a document's findings and its 0–100 score."""

from __future__ import annotations

import math

import pytest

from mtaudit.records import Finding, Severity
from mtaudit.scoring import document_score, mqm_penalty
from tests.conftest import audit_text, needs_hunspell

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


def test_score_never_goes_below_zero_and_empty_texts_count_one_word() -> None:
    assert document_score(-10_000.0, 1) == 0.0
    assert document_score(-1.0, 0) == document_score(-1.0, 1)


def test_a_real_sentence_scores_as_documented() -> None:
    needs_hunspell("en")  # the expected findings need the English dictionary
    doc = audit_text(SENTENCE)
    assert [(f.rule, f.severity.value, f.category, f.confidence) for f in doc.findings] == [
        ("case.lowercase-name", "minor", "fluency/spelling", 0.75),
        ("boundary.run-on", "minor", "fluency/punctuation", 0.54),
    ]
    assert doc.words == 16
    assert doc.mqm == -0.8  # 0.75 × 1 + 0.54 × 0.1, rounded
    assert doc.score == 60.7  # 100 × exp(−(100 × 0.8 / 16) / 10)
