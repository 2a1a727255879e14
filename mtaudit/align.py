"""Aligning a source text with its translation: paragraphs, then sentences within them.

Length-based (Gale & Church 1993) with anchors: a dynamic programme over 1-1, 1-2, 2-1, 1-0
and 0-1 beads (no 2-2: it hides omissions) whose cost is how unlikely the character-length ratio is, lowered when the two sides
share an anchor (a number, a URL, a Latin-script name) and raised when both carry numbers and none
agree. The programme only visits cells near the diagonal (a band that widens when the best path
touches its edge), so a 2,000-sentence document aligns in a fraction of a second.

Paragraphs are aligned first, the same way (1-1, split, merged, left out, added), and sentences
within each group of corresponding paragraphs (`align_document`, `ParagraphAlignment`); when the
paragraphs do not correspond, the whole text is aligned at once. When the two texts share almost no anchors,
`align` raises `InputError`: the source given is not the source of this target.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from mtaudit.errors import InputError
from mtaudit.records import SentencePair
from mtaudit.segment import Span, paragraphs, sentences

# Gale & Church: variance of target length per source character, and bead priors.
_VARIANCE = 6.8
_BEADS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089}
_PENALTY = tuple((di, dj, -math.log(p)) for (di, dj), p in _BEADS.items())
# Anchor bonus (shared number/name) and clash penalty (numbers on both sides, none shared).
_ANCHOR_BONUS = 2.5
_CLASH_PENALTY = 1.5
# Half-width of the band around the diagonal, in sentences; doubled while the path touches the edge.
_BAND = 12

_DIGITS = re.compile(r"\d+(?:[ ,.'\u00a0\u202f\u2009]\d+)*")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
_NON_DIGITS = re.compile(r"\D")
_NAME = re.compile(r"(?<![\w'’])[A-Z][a-zà-ÿ]{3,}(?:[-'][A-Za-zà-ÿ]+)*")


@dataclass(frozen=True)
class Anchors:
    """What a sentence shares with its translation whatever the languages: digits, URLs, names."""

    numbers: frozenset[str]
    names: frozenset[str]

    @property
    def all(self) -> frozenset[str]:
        return self.numbers | self.names


def anchors(text: str) -> Anchors:
    """The anchors of one sentence. Digit runs keep their digits ("1 000,50" → 1, 000, 50); names
    are Latin-script capitalised words of 4+ letters, not sentence-initial, cut to 4 letters so that
    "Tymosenko" and "Tymoshenko" agree."""
    urls = _URL.findall(text)
    numbers = {digits for m in _DIGITS.finditer(_URL.sub(" ", text) if urls else text) if len(digits := _NON_DIGITS.sub("", m.group()).lstrip("0")) >= 2}
    numbers |= {"url:" + url.lower().rstrip(".,;:") for url in urls}
    names = set()
    for match in _NAME.finditer(text):
        before = match.start()  # the last character before the name, spaces skipped (no copy of the text before it)
        while before > 0 and text[before - 1].isspace():
            before -= 1
        if before == 0 or text[before - 1] in ".!?:\"«“'‘(":
            continue
        names.add(match.group()[:4].lower())
    return Anchors(frozenset(numbers), frozenset(names))


def align_lengths(
    source_lengths: Sequence[int],
    target_lengths: Sequence[int],
    ratio: float = 1.0,
    source_anchors: Sequence[frozenset[str]] | None = None,
    target_anchors: Sequence[frozenset[str]] | None = None,
    anchor_weight: float = 1.0,
    free_gaps: bool = False,
) -> list[tuple[list[int], list[int]]]:
    """Banded Gale–Church alignment of two lists of lengths; returns beads of (source indices,
    target indices) covering both lists in order. Optional anchor sets per sentence (see `anchors`)
    pull sentences that share a number or a name together; `anchor_weight` scales that pull (the
    paragraph pass weighs it more: a paragraph carries many anchors, so they say more). With
    `free_gaps`, a 1-0 or 0-1 bead costs its prior only, not its length: in the paragraph pass a
    long paragraph left out is as plausible as a short one, whereas Gale–Church's length cost
    would rather merge it with a neighbour."""
    n, m = len(source_lengths), len(target_lengths)
    if n == 0 or m == 0:
        return [([i], []) for i in range(n)] + [([], [j]) for j in range(m)]
    band = max(_BAND, 4)
    while True:
        beads, touched = _banded(source_lengths, target_lengths, ratio, source_anchors, target_anchors, band, anchor_weight, free_gaps)
        if not touched or band >= max(n, m) or band >= 4 * _BAND:
            return beads
        band *= 2


def _banded(
    source_lengths: Sequence[int],
    target_lengths: Sequence[int],
    ratio: float,
    source_anchors: Sequence[frozenset[str]] | None,
    target_anchors: Sequence[frozenset[str]] | None,
    band: int,
    anchor_weight: float = 1.0,
    free_gaps: bool = False,
) -> tuple[list[tuple[list[int], list[int]]], bool]:
    n, m = len(source_lengths), len(target_lengths)
    scaled = [length * ratio for length in source_lengths]
    s_prefix = [0.0]
    for value in scaled:
        s_prefix.append(s_prefix[-1] + value)
    t_prefix = [0]
    for value in target_lengths:
        t_prefix.append(t_prefix[-1] + value)
    use_anchors = source_anchors is not None and target_anchors is not None
    inf = math.inf
    slope = m / n
    lows = [max(0, math.floor(i * slope) - band) for i in range(n + 1)]
    highs = [min(m, math.ceil(i * slope) + band) for i in range(n + 1)]
    lows[0], highs[n] = 0, m
    cost: list[dict[int, float]] = [{} for _ in range(n + 1)]
    back: list[dict[int, tuple[int, int]]] = [{} for _ in range(n + 1)]
    cost[0][0] = 0.0
    log, sqrt, erfc = math.log, math.sqrt, math.erfc
    scale = 1.0 / (_VARIANCE * 2.0)  # z² / 2 = (s - t)² / (mean · variance · 2)
    empty: dict[int, float] = {}
    for i in range(n + 1):
        row = cost[i]
        row_back = back[i]
        rows = [(di, dj, penalty, cost[i - di] if i >= di else empty) for di, dj, penalty in _PENALTY]
        for j in range(lows[i], highs[i] + 1):
            best = inf
            step: tuple[int, int] | None = None
            for di, dj, penalty, prev_row in rows:
                previous = prev_row.get(j - dj)
                if previous is None:
                    continue
                s_len = s_prefix[i] - s_prefix[i - di]
                t_len = t_prefix[j] - t_prefix[j - dj]
                mean = (s_len + t_len) / 2
                x = 0.0 if free_gaps and not (di and dj) else sqrt((s_len - t_len) ** 2 * scale / (mean if mean > 1.0 else 1.0))
                value = previous + penalty + (-log(max(erfc(x), 1e-12)) if x > 1e-9 else 0.0)
                if use_anchors and di and dj:
                    value += anchor_weight * _anchor_cost(source_anchors, target_anchors, i - di, i, j - dj, j)  # type: ignore[arg-type]
                    if free_gaps and di + dj > 2:
                        value += anchor_weight * _merge_cost(source_anchors, target_anchors, i - di, i, j - dj, j)  # type: ignore[arg-type]
                if value < best:
                    best, step = value, (di, dj)
            if step is not None:
                row[j] = best
                row_back[j] = step
    beads: list[tuple[list[int], list[int]]] = []
    touched = False
    i, j = n, m
    while i > 0 or j > 0:
        step = back[i].get(j)
        if step is None:  # outside the band: cannot happen with 1-0/0-1 beads, kept for safety
            return [([k], []) for k in range(n)] + [([], [k]) for k in range(m)], True
        if i not in (0, n) and ((j <= lows[i] and lows[i] > 0) or (j >= highs[i] and highs[i] < m)):
            touched = True
        di, dj = step
        beads.append((list(range(i - di, i)), list(range(j - dj, j))))
        i, j = i - di, j - dj
    beads.reverse()
    return beads, touched


def _merge_cost(
    source_anchors: Sequence[frozenset[str]], target_anchors: Sequence[frozenset[str]], s0: int, s1: int, t0: int, t1: int
) -> float:
    """A clash penalty for each paragraph of a merge whose numbers are all absent from the other
    side: a paragraph left out next to one it shares nothing with is not a half of it. Without
    this, the shared anchors of the other half paid for the merge, and a dropped last paragraph
    (no following paragraph to pull it back) was merged with the one before it, never reported."""
    other_target = frozenset().union(*target_anchors[t0:t1])
    other_source = frozenset().union(*source_anchors[s0:s1])
    members = [(a, other_target) for a in source_anchors[s0:s1]] if s1 - s0 > 1 else []
    members += [(a, other_source) for a in target_anchors[t0:t1]] if t1 - t0 > 1 else []
    cost = 0.0
    for own, other in members:
        numbers = {a for a in own if a.isdigit()}
        if numbers and not numbers & other:
            cost += _CLASH_PENALTY
    return cost


def _anchor_cost(
    source_anchors: Sequence[frozenset[str]], target_anchors: Sequence[frozenset[str]], s0: int, s1: int, t0: int, t1: int
) -> float:
    src = source_anchors[s0] if s1 - s0 == 1 else frozenset().union(*source_anchors[s0:s1])
    tgt = target_anchors[t0] if t1 - t0 == 1 else frozenset().union(*target_anchors[t0:t1])
    if not src or not tgt:
        return 0.0
    shared = len(src & tgt)
    if shared:
        return -_ANCHOR_BONUS * min(1.0, shared / min(len(src), len(tgt)))
    if any(not a.startswith("url:") and a.isdigit() for a in src) and any(a.isdigit() for a in tgt):
        return _CLASH_PENALTY
    return 0.0


def check_same_text(
    source: str, target: str, source_sentences: list[Span], target_sentences: list[Span],
    source_anchors: list[Anchors] | None = None, target_anchors: list[Anchors] | None = None,
) -> None:  # fmt: skip
    """Raise `InputError` when `source` cannot be the source of `target`. `source_anchors` and
    `target_anchors`, the `anchors` of each sentence, are passed by a caller that has them already.

    Needs evidence: at least four anchors (numbers, URLs, names) on each side, or very different
    numbers of sentences. Translations keep most numbers and names; unrelated texts share almost none.
    """
    src = source_anchors if source_anchors is not None else [anchors(source[s.start : s.end]) for s in source_sentences]
    tgt = target_anchors if target_anchors is not None else [anchors(target[s.start : s.end]) for s in target_sentences]
    src_numbers = frozenset().union(*(a.numbers for a in src))
    tgt_numbers = frozenset().union(*(a.numbers for a in tgt))
    src_names = frozenset().union(*(a.names for a in src))
    tgt_names = frozenset().union(*(a.names for a in tgt))
    # Names only count when both sides write names in Latin script.
    use_names = bool(src_names) and bool(tgt_names)
    src_all = src_numbers | (src_names if use_names else frozenset())
    tgt_all = tgt_numbers | (tgt_names if use_names else frozenset())
    smaller = min(len(src_all), len(tgt_all))
    n, m = len(source_sentences), len(target_sentences)
    if smaller >= 4:
        shared = len(src_all & tgt_all)
        if shared / smaller < 0.15:
            raise InputError(
                f"the source does not look like the source of this target: only {shared} of {smaller} numbers and names agree; "
                "check --source"
            )
    elif min(n, m) >= 5 and max(n, m) / min(n, m) > 4:
        raise InputError(
            f"the source does not look like the source of this target: {n} source sentences for {m} target sentences; check --source"
        )


def source_mismatch(source: str, source_lang: str, target: str, target_sentences: list[Span]) -> str | None:
    """Why `source` does not look like the source of `target` (the message of `check_same_text`),
    or None when it may be. For a caller that warns and keeps auditing the target alone."""
    try:
        check_same_text(source, target, sentences(source, source_lang), target_sentences)
    except InputError as exc:
        return str(exc)
    return None


@dataclass(frozen=True)
class ParagraphAlignment:
    """How the paragraphs of a source and its translation correspond.

    `beads` are (source paragraph indices, target paragraph indices) in text order, numbered as
    `mtaudit.segment.paragraphs` numbers them (offsets in `source_paragraphs` and
    `target_paragraphs`). A bead without a target paragraph is a source paragraph the translation
    left out; one without a source paragraph, a target paragraph the source does not have. A
    paragraph split in two (1-2) or two merged into one (2-1) is a bead like any other, never an
    omission or an addition.
    """

    source_paragraphs: tuple[tuple[int, int], ...]
    target_paragraphs: tuple[tuple[int, int], ...]
    beads: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]

    @property
    def unmatched_source(self) -> tuple[int, ...]:
        """Source paragraphs with no translation, in order."""
        return tuple(i for s, t in self.beads if not t for i in s)

    @property
    def unmatched_target(self) -> tuple[int, ...]:
        """Target paragraphs with no source, in order."""
        return tuple(j for s, t in self.beads if not s for j in t)


@dataclass(frozen=True)
class Alignment:
    """What `align_document` found: the sentence pairs (as `align` returns them) and, when the
    two texts were aligned paragraph by paragraph, how their paragraphs correspond (else None:
    one side has a single paragraph, or the paragraphs do not correspond)."""

    pairs: list[SentencePair]
    paragraphs: ParagraphAlignment | None = None


def align(source: str, source_lang: str, target: str, target_sentences: list[Span], *, strict: bool = True) -> list[SentencePair]:
    """Sentence pairs of `source` and `target`, in target order. Unmatched target sentences get an
    empty source text; unmatched source sentences are attached to the nearest target sentence,
    except those of a whole source paragraph the translation left out (see `align_document`).

    When the texts share too few anchors to be a source and its translation, raises `InputError`
    (`strict`), or returns no pairs, so that the target is still audited on its own (the caller
    says why with `source_mismatch`).
    """
    return align_document(source, source_lang, target, target_sentences, strict=strict).pairs


def align_document(source: str, source_lang: str, target: str, target_sentences: list[Span], *, strict: bool = True) -> Alignment:
    """`align`'s sentence pairs with the paragraph alignment they were built from: paragraphs are
    aligned first (`ParagraphAlignment`), then sentences within each group of corresponding
    paragraphs. The sentences of a source paragraph with no translation are in no pair (the
    paragraph is reported as a whole, see `mtaudit.checks.paragraphs`); those of a target paragraph
    with no source are pairs with an empty source text."""
    source_sentences = sentences(source, source_lang)
    if not source_sentences or not target_sentences:
        return Alignment([])
    source_found = [anchors(source[s.start : s.end]) for s in source_sentences]
    target_found = [anchors(target[s.start : s.end]) for s in target_sentences]
    try:
        check_same_text(source, target, source_sentences, target_sentences, source_found, target_found)
    except InputError:
        if strict:
            raise
        return Alignment([])
    if len(source_sentences) == 1 and len(target_sentences) == 1:
        return _single_sentences(source, source_sentences[0], target_sentences[0])
    return _aligned(source, target, source_sentences, target_sentences, source_found, target_found)


def _single_sentences(source: str, source_sentence: Span, target_sentence: Span) -> Alignment:
    """The alignment of one source sentence with one target sentence (a file of segments): the
    target sentence's pair holds the source sentence whatever the length model would choose. A
    1-1 bead gives it directly; a 1-0 and a 0-1 bead, in either order, attach the source sentence
    to the one target sentence (see `_aligned`). One sentence is one paragraph: no paragraph
    alignment."""
    return Alignment([SentencePair(target_sentence.start, target_sentence.end, source[source_sentence.start : source_sentence.end], (0,))])


def _aligned(
    source: str, target: str, source_sentences: list[Span], target_sentences: list[Span], source_found: list[Anchors], target_found: list[Anchors]
) -> Alignment:
    """`align_document`'s alignment of texts that passed `check_same_text`: paragraphs, then the
    sentences of each group of corresponding paragraphs."""
    s_lengths = [s.end - s.start for s in source_sentences]
    t_lengths = [s.end - s.start for s in target_sentences]
    ratio = sum(t_lengths) / max(1, sum(s_lengths))
    s_anchors = [found.all for found in source_found]
    t_anchors = [found.all for found in target_found]
    groups, paragraph_alignment = _paragraph_groups(source, target, source_sentences, target_sentences, ratio, s_anchors, t_anchors)
    groups = [(source_ids, target_ids) for source_ids, target_ids in groups if target_ids]  # a dropped paragraph pairs with nothing
    ratio = _robust_ratio(groups, s_lengths, t_lengths, ratio, s_anchors, t_anchors)
    pairs: list[SentencePair] = []
    pending = ""  # source text of unmatched source sentences before the first target sentence
    for source_ids, target_ids in groups:
        beads = align_lengths(
            [s_lengths[i] for i in source_ids],
            [t_lengths[j] for j in target_ids],
            ratio,
            [s_anchors[i] for i in source_ids],
            [t_anchors[j] for j in target_ids],
        )
        for source_part, target_part in beads:
            source_text = " ".join(source[source_sentences[source_ids[i]].start : source_sentences[source_ids[i]].end] for i in source_part)
            if not target_part:
                if pairs:
                    last = pairs.pop()
                    pairs.append(SentencePair(last.target_start, last.target_end, (last.source_text + " " + source_text).strip(), last.target_sentences))
                else:
                    pending = (pending + " " + source_text).strip()
                continue
            if pending:
                source_text = (pending + " " + source_text).strip()
                pending = ""
            t_ids = [target_ids[j] for j in target_part]
            pairs.append(SentencePair(target_sentences[t_ids[0]].start, target_sentences[t_ids[-1]].end, source_text, tuple(t_ids)))
    if pending and pairs:
        first = pairs[0]
        pairs[0] = SentencePair(first.target_start, first.target_end, (pending + " " + first.source_text).strip(), first.target_sentences)
    return Alignment(pairs, paragraph_alignment)


def _robust_ratio(
    groups: list[tuple[list[int], list[int]]],
    s_lengths: list[int],
    t_lengths: list[int],
    ratio: float,
    s_anchors: list[frozenset[str]],
    t_anchors: list[frozenset[str]],
) -> float:
    """The target/source length ratio from the median of the 1-1 beads of a first alignment: the
    ratio of the totals is skewed by the very omissions and additions the checks look for."""
    ratios: list[float] = []
    if len(s_lengths) > 150:  # long documents: the totals are robust enough, and a second pass costs
        return ratio
    if min(len(s_lengths), len(t_lengths)) < 3:  # fewer than three 1-1 beads possible: the first alignment cannot change the ratio
        return ratio
    for source_ids, target_ids in groups:
        beads = align_lengths([s_lengths[i] for i in source_ids], [t_lengths[j] for j in target_ids], ratio,
                              [s_anchors[i] for i in source_ids], [t_anchors[j] for j in target_ids])
        for s_part, t_part in beads:
            if len(s_part) == 1 and len(t_part) == 1 and s_lengths[source_ids[s_part[0]]] >= 20:
                ratios.append(t_lengths[target_ids[t_part[0]]] / s_lengths[source_ids[s_part[0]]])
    if len(ratios) < 3:
        return ratio
    ratios.sort()
    return ratios[len(ratios) // 2]


# The paragraph pass weighs anchors this much more than the sentence pass (see `align_lengths`).
_PARAGRAPH_ANCHOR_WEIGHT = 2.0


def _paragraph_groups(
    source: str,
    target: str,
    source_sentences: list[Span],
    target_sentences: list[Span],
    ratio: float,
    s_anchors: list[frozenset[str]],
    t_anchors: list[frozenset[str]],
) -> tuple[list[tuple[list[int], list[int]]], ParagraphAlignment | None]:
    """Groups of (source sentence indices, target sentence indices) to align one by one, and the
    paragraph alignment they come from.

    The paragraphs are aligned first, by length and anchors (`align_lengths`). When that pairs them
    one to one, the groups are the paragraphs, unless more than a quarter of them disagree wildly
    in length (then the paragraphs do not correspond, and one group holds everything). When some
    paragraphs are split, merged, left out or added, the groups follow the paragraph beads, as long
    as at least two thirds of the paragraphs of each side found a partner; otherwise one group.
    A left-out paragraph next to an added one is paired with it (`_pair_gaps`).
    """
    source_paras = paragraphs(source)
    target_paras = paragraphs(target)
    whole = [(list(range(len(source_sentences))), list(range(len(target_sentences))))]
    if len(source_paras) < 2 or len(target_paras) < 2:
        return whole, None
    s_members: list[list[int]] = [[] for _ in source_paras]
    t_members: list[list[int]] = [[] for _ in target_paras]
    for i, s in enumerate(source_sentences):
        s_members[s.paragraph].append(i)
    for j, t in enumerate(target_sentences):
        t_members[t.paragraph].append(j)
    if any(not members for members in s_members + t_members):
        return whole, None
    s_lengths = [end - start for start, end in source_paras]
    t_lengths = [end - start for start, end in target_paras]
    # A paragraph's anchors: its sentences', and its own text, so that a paragraph copied unchanged
    # (a code block, a list of addresses, a dateline) pairs with its copy.
    s_para_anchors = [frozenset().union(*(s_anchors[i] for i in members), {_verbatim(source, span)}) for members, span in zip(s_members, source_paras, strict=True)]
    t_para_anchors = [frozenset().union(*(t_anchors[j] for j in members), {_verbatim(target, span)}) for members, span in zip(t_members, target_paras, strict=True)]
    para_beads = align_lengths(s_lengths, t_lengths, ratio, s_para_anchors, t_para_anchors, anchor_weight=_PARAGRAPH_ANCHOR_WEIGHT, free_gaps=True)
    # A left-out or added paragraph skews the ratio of the totals; align again with the median
    # ratio of the paragraphs that paired one to one.
    ratios = [t_lengths[t[0]] / s_lengths[s[0]] for s, t in para_beads if len(s) == 1 and len(t) == 1 and s_lengths[s[0]] >= 20]
    if len(ratios) >= 2 and abs(statistics.median(ratios) - ratio) > 0.05 * ratio:
        para_beads = align_lengths(s_lengths, t_lengths, statistics.median(ratios), s_para_anchors, t_para_anchors,
                                   anchor_weight=_PARAGRAPH_ANCHOR_WEIGHT, free_gaps=True)
    para_beads = _pair_gaps(para_beads)
    record = ParagraphAlignment(tuple(source_paras), tuple(target_paras), tuple((tuple(s), tuple(t)) for s, t in para_beads))
    if len(source_paras) == len(target_paras) and all(len(s) == 1 and len(t) == 1 for s, t in para_beads):
        # Paragraphs that disagree wildly in length: one is fine (a paragraph with an omission), more
        # than a quarter means the paragraphs do not correspond.
        bad = 0
        for (s_start, s_end), (t_start, t_end) in zip(source_paras, target_paras, strict=True):
            expected = (s_end - s_start) * ratio
            actual = t_end - t_start
            if max(expected, actual) > 40 and not 0.33 <= (actual + 10) / (expected + 10) <= 3.0:
                bad += 1
        if bad > max(1, len(source_paras) // 4):
            return whole, None
        return [(s_members[i], t_members[i]) for i in range(len(source_paras))], record
    matched_source = sum(len(s) for s, t in para_beads if t)
    matched_target = sum(len(t) for s, t in para_beads if s)
    if (sum(1 for s, t in para_beads if s and t) < 2 or 3 * matched_source < 2 * len(source_paras)
            or 3 * matched_target < 2 * len(target_paras)):
        return whole, None
    groups = [([i for p in s for i in s_members[p]], [j for p in t for j in t_members[p]]) for s, t in para_beads]
    return groups, record


def _verbatim(text: str, span: tuple[int, int]) -> str:
    """The anchor standing for a paragraph's exact text (spacing ignored)."""
    return "text:" + " ".join(text[span[0] : span[1]].split())


def _pair_gaps(beads: list[tuple[list[int], list[int]]]) -> list[tuple[list[int], list[int]]]:
    """`beads` with each left-out paragraph next to an added one paired with it: a paragraph
    replaced in place is a paragraph translated badly or cut short (the sentence checks judge it),
    far more often than an omission and an unrelated addition at the same spot."""
    paired: list[tuple[list[int], list[int]]] = []
    for source_ids, target_ids in beads:
        if paired and len(source_ids) + len(target_ids) == 1:
            last_source, last_target = paired[-1]
            if len(last_source) + len(last_target) == 1 and bool(last_source) != bool(source_ids):
                paired[-1] = (last_source + source_ids, last_target + target_ids)
                continue
        paired.append((source_ids, target_ids))
    return paired
