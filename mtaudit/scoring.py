"""The document score (0–100) and the estimated MQM penalty (≤ 0).

MQM penalty: every finding costs its severity's weight (Minor 1, Major 5, Critical 10; a minor
punctuation error 0.1, as in the MQM scheme used by WMT) times the finding's confidence:

    mqm = − Σ weight(severity) × confidence

Score: the penalty per 100 words, counting a text of fewer than `UNIT_WORDS` (100) words as one
100-word evaluation unit, mapped to 0–100:

    p     = 100 × |mqm| / max(words, 100)
    score = 100 × exp(−p / 10)

so a clean text scores 100, one minor error per 100 words about 90, one major error per 100 words
about 61, and the score never goes below 0.

Why the 100-word floor: dividing by the word count alone made one finding in a short segment read
like a disaster ("Meeting on monday." with one minor error scored 8, one major error in a
sentence 0.1), so `--min-score` could not be used on UI strings or segment files. MQM scoring
normalises a penalty by the size of the evaluation unit; WMT's MQM ratings score each segment by
its raw penalty, whatever its length. The floor does both: a text under 100 words is scored by its
penalty alone, as one unit (one minor error 90.5, one major 60.7, one critical 36.8, at any
length), and a text of 100 words or more by its penalty per 100 words, exactly as before. 100 is
the unit the score already reads in, and on the MQM development segments (median 15 words) it
keeps the pairwise accuracy of the score against the human ratings (zh→en 0.5208, en→de 0.4995,
the same as the `mqm` penalty itself) and raises its Kendall τ over all segments (zh→en
0.124 → 0.127) over the old per-word score; see BENCHMARKS.md.
"""

from __future__ import annotations

import math

from mtaudit.records import Finding

UNIT_WORDS = 100
"""The smallest word count a penalty is spread over: a shorter text is scored as one unit."""


def mqm_penalty(findings: list[Finding]) -> float:
    """The estimated MQM penalty of a document's findings (≤ 0)."""
    total = sum(f.penalty for f in findings)
    return -round(total, 2) if total else 0.0


def document_score(mqm: float, words: int) -> float:
    """The 0–100 score of a document with MQM penalty `mqm` and `words` words (texts under
    `UNIT_WORDS` words count as `UNIT_WORDS`, so the score of a short text is not extreme)."""
    per_hundred = 100.0 * abs(mqm) / max(words, UNIT_WORDS)
    return round(100.0 * math.exp(-per_hundred / 10.0), 1)


def score_table(lengths: tuple[int, ...] = (3, 15, 50, 100, 400, 1000)) -> str:
    """The README's table: the score of one finding of each weight at several text lengths."""
    rows = [("no finding", 0.0), ("one minor punctuation error", -0.1), ("one minor error", -1.0), ("one major error", -5.0), ("one critical error", -10.0), ("three major errors", -15.0)]
    lines = ["| findings | " + " | ".join(f"{n:,} words" for n in lengths) + " |", "|---" * (len(lengths) + 1) + "|"]
    for label, mqm in rows:
        lines.append(f"| {label} (mqm {mqm:g}) | " + " | ".join(f"{document_score(mqm, n):.1f}" for n in lengths) + " |")
    return "\n".join(lines) + "\n"
