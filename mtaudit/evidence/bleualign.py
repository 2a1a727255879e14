"""Sentence alignment helped by machine translation (the Bleualign idea, Sennrich & Volk 2010).

The length-based alignment (`mtaudit.align`, Gale & Church with anchors) cannot tell a dropped
sentence from two sentences of unusual length: one omission can shift every pair after it. When
a translator serves source→target, each source sentence is translated and the alignment is
recomputed to maximise the similarity (chrF) between each target sentence and the translations
of the source sentences aligned with it. A dropped source sentence then matches nothing and is
left out (an omission, attached as in `mtaudit.align` to the pair before it, where `bt.omission`
reports it) instead of starting a cascade of wrong pairs.
"""

from __future__ import annotations

from collections.abc import Callable

from mtaudit.records import SentencePair
from mtaudit.segment import Span, sentences

# Beads (source sentences, target sentences) and what each costs beyond its similarity: a 1-0 or
# 0-1 bead scores nothing; merging beads must be worth a little more than a 1-1 pair.
BEADS = ((1, 1, 0.0), (1, 0, 0.0), (0, 1, 0.0), (2, 1, 0.05), (1, 2, 0.05))
# A 1-1 pair below this similarity is no better than leaving both sentences unaligned.
MIN_SIMILARITY = 0.12
BAND = 8
# How much more total similarity (chrF/100) a realignment must reach to replace the current one.
IMPROVEMENT = 0.1


def similarity(hypothesis: str, reference: str) -> float:
    """chrF (0–1) of a translated source span against a target span."""
    from sacrebleu.metrics import CHRF

    return float(CHRF().sentence_score(hypothesis, [reference]).score) / 100.0


def realign(
    source: str,
    source_lang: str,
    target: str,
    target_sentences: list[Span],
    translate: Callable[[list[str]], list[str]],
    current: list[SentencePair] | None = None,
) -> list[SentencePair] | None:
    """Sentence pairs of `source` and `target` (in target order, as `mtaudit.align.align` gives
    them) chosen to maximise translation similarity; None when there is nothing to align or when
    they are not clearly more similar than the `current` pairs (a poor translator, whose output
    resembles nothing, must not undo a good length-based alignment). `translate` turns source
    sentences into the target language."""
    source_spans = sentences(source, source_lang)
    if not source_spans or not target_sentences:
        return None
    source_texts = [source[s.start : s.end] for s in source_spans]
    target_texts = [target[s.start : s.end] for s in target_sentences]
    translated = translate(source_texts)
    beads = best_beads(translated, target_texts)
    total = sum(similarity(" ".join(translated[i] for i in s), " ".join(target_texts[j] for j in t)) for s, t in beads if s and t)
    if current is not None and total < pairs_similarity(current, source_texts, translated, target) + IMPROVEMENT:
        return None
    return pairs_from_beads(beads, source_texts, target_sentences)


def pairs_similarity(pairs: list[SentencePair], source_texts: list[str], translated: list[str], target: str) -> float:
    """The total similarity of existing pairs: each pair's source sentences (found in order in its
    source text) translated, against its target text."""
    total = 0.0
    for pair in pairs:
        parts = [translated[i] for i, text in enumerate(source_texts) if text and text in pair.source_text]
        if parts:
            total += similarity(" ".join(parts), target[pair.target_start : pair.target_end])
    return total


def best_beads(translated: list[str], target_texts: list[str]) -> list[tuple[list[int], list[int]]]:
    """The bead sequence with the largest total similarity (dynamic programme in a band around
    the diagonal)."""
    n, m = len(translated), len(target_texts)
    slope = m / max(1, n)
    memo: dict[tuple[int, int, int, int], float] = {}

    def score(i0: int, i1: int, j0: int, j1: int) -> float:
        key = (i0, i1, j0, j1)
        if key not in memo:
            memo[key] = similarity(" ".join(translated[i0:i1]), " ".join(target_texts[j0:j1]))
        return memo[key]

    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {(0, 0): (0.0, None)}
    for i in range(n + 1):
        for j in range(max(0, int(i * slope) - BAND), min(m, int(i * slope) + BAND) + 1):
            if (i, j) == (0, 0):
                continue
            choice: tuple[float, tuple[int, int] | None] = (float("-inf"), None)
            for di, dj, cost in BEADS:
                previous = best.get((i - di, j - dj))
                if previous is None:
                    continue
                gain = 0.0
                if di and dj:
                    gain = score(i - di, i, j - dj, j) - cost
                    if gain < MIN_SIMILARITY:
                        continue
                if previous[0] + gain > choice[0]:
                    choice = (previous[0] + gain, (di, dj))
            if choice[1] is not None:
                best[(i, j)] = choice
    if (n, m) not in best:  # the band missed the corner: every sentence on its own
        return [([i], []) for i in range(n)] + [([], [j]) for j in range(m)]
    beads: list[tuple[list[int], list[int]]] = []
    i, j = n, m
    while (i, j) != (0, 0):
        step = best[(i, j)][1]
        assert step is not None
        di, dj = step
        beads.append((list(range(i - di, i)), list(range(j - dj, j))))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def pairs_from_beads(beads: list[tuple[list[int], list[int]]], source_texts: list[str], target_sentences: list[Span]) -> list[SentencePair]:
    """Sentence pairs from beads: an unmatched target sentence gets an empty source; an unmatched
    source sentence joins the pair before it (the first pair when none is before it)."""
    pairs: list[SentencePair] = []
    pending = ""
    for source_ids, target_ids in beads:
        text = " ".join(source_texts[i] for i in source_ids)
        if not target_ids:
            if pairs:
                last = pairs.pop()
                pairs.append(SentencePair(last.target_start, last.target_end, (last.source_text + " " + text).strip(), last.target_sentences))
            else:
                pending = (pending + " " + text).strip()
            continue
        if pending and text:
            text, pending = (pending + " " + text).strip(), ""
        pairs.append(SentencePair(target_sentences[target_ids[0]].start, target_sentences[target_ids[-1]].end, text, tuple(target_ids)))
    if pending and pairs:
        first = pairs[0]
        pairs[0] = SentencePair(first.target_start, first.target_end, (pending + " " + first.source_text).strip(), first.target_sentences)
    return pairs
