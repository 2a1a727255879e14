"""The document score (0–100) and the estimated MQM penalty (≤ 0).

MQM penalty: every finding costs its severity's weight (Minor 1, Major 5, Critical 10; a minor
punctuation error 0.1, as in the MQM scheme used by WMT) times the finding's confidence:

    mqm = − Σ weight(severity) × confidence

Score: the penalty per 100 words, p = 100 × |mqm| / max(words, 1), mapped to 0–100 by

    score = 100 × exp(−p / 10)

so a clean text scores 100, one minor error per 100 words about 90, one major error per 100 words
about 61, and the score never goes below 0.
"""

from __future__ import annotations

import math

from mtaudit.records import Finding


def mqm_penalty(findings: list[Finding]) -> float:
    """The estimated MQM penalty of a document's findings (≤ 0)."""
    total = sum(f.penalty for f in findings)
    return -round(total, 2) if total else 0.0


def document_score(mqm: float, words: int) -> float:
    """The 0–100 score of a document with MQM penalty `mqm` and `words` words."""
    per_hundred = 100.0 * abs(mqm) / max(words, 1)
    return round(100.0 * math.exp(-per_hundred / 10.0), 1)
