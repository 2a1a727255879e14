"""Aligning a source text with its translation: paragraphs, then sentences within them.

Length-based (Gale & Church 1993): a dynamic programme over 1-1, 1-2, 2-1, 1-0 and 0-1 beads whose
cost is how unlikely the character-length ratio is. Paragraphs are aligned first when both sides
have the same number of them; otherwise the whole text is aligned as one paragraph.
"""

from __future__ import annotations

import math

from mtaudit.checks.base import SentencePair
from mtaudit.segment import Span, paragraphs, sentences

# Gale & Church: mean and variance of target length per source character, and bead priors.
_MEAN = 1.0
_VARIANCE = 6.8
_BEADS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011}
_PENALTY = {bead: -math.log(p) for bead, p in _BEADS.items()}


def _length_cost(source_len: int, target_len: int) -> float:
    if source_len == 0 and target_len == 0:
        return 0.0
    mean = (source_len + target_len / _MEAN) / 2
    z = (_MEAN * source_len - target_len) / math.sqrt(max(mean, 1.0) * _VARIANCE)
    prob = 2 * (1 - _normal_cdf(abs(z)))
    return -math.log(max(prob, 1e-12))


def _normal_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def align_lengths(source_lengths: list[int], target_lengths: list[int], ratio: float = 1.0) -> list[tuple[list[int], list[int]]]:
    """Gale–Church alignment of two lists of lengths; returns beads of (source indices, target indices)."""
    n, m = len(source_lengths), len(target_lengths)
    scaled = [round(length * ratio) for length in source_lengths]
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            for (di, dj), penalty in _PENALTY.items():
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                s_len = sum(scaled[i:ni])
                t_len = sum(target_lengths[j:nj])
                value = cost[i][j] + penalty + _length_cost(s_len, t_len)
                if value < cost[ni][nj]:
                    cost[ni][nj] = value
                    back[ni][nj] = (di, dj)
    beads: list[tuple[list[int], list[int]]] = []
    i, j = n, m
    while i > 0 or j > 0:
        step = back[i][j]
        if step is None:  # unreachable with the beads above; kept for safety
            break
        di, dj = step
        beads.append((list(range(i - di, i)), list(range(j - dj, j))))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def align(source: str, source_lang: str, target: str, target_sentences: list[Span]) -> list[SentencePair]:
    """Sentence pairs of `source` and `target`, in target order. Unmatched target sentences get an
    empty source text; unmatched source sentences are attached to the nearest target sentence."""
    source_sentences = sentences(source, source_lang)
    if not source_sentences or not target_sentences:
        return []
    ratio = sum(s.end - s.start for s in target_sentences) / max(1, sum(s.end - s.start for s in source_sentences))
    source_paras = paragraphs(source)
    target_paras = paragraphs(target)
    groups: list[tuple[list[int], list[int]]]
    if len(source_paras) == len(target_paras) and len(source_paras) > 1:
        groups = [
            ([i for i, s in enumerate(source_sentences) if s.paragraph == p], [i for i, s in enumerate(target_sentences) if s.paragraph == p])
            for p in range(len(source_paras))
        ]
    else:
        groups = [(list(range(len(source_sentences))), list(range(len(target_sentences))))]
    pairs: list[SentencePair] = []
    for source_ids, target_ids in groups:
        beads = align_lengths(
            [source_sentences[i].end - source_sentences[i].start for i in source_ids],
            [target_sentences[j].end - target_sentences[j].start for j in target_ids],
            ratio,
        )
        for source_part, target_part in beads:
            source_text = " ".join(source[source_sentences[source_ids[i]].start : source_sentences[source_ids[i]].end] for i in source_part)
            if not target_part:
                if pairs:
                    last = pairs.pop()
                    pairs.append(SentencePair(last.target_start, last.target_end, (last.source_text + " " + source_text).strip(), last.target_sentences))
                continue
            t_ids = [target_ids[j] for j in target_part]
            pairs.append(SentencePair(target_sentences[t_ids[0]].start, target_sentences[t_ids[-1]].end, source_text, tuple(t_ids)))
    return pairs
