"""From evidence to findings: round trips, back-translations, forward translations, LM surprisal.

Every function here takes plain values (texts, scores) and a `CheckContext` for building
`Finding`s with valid spans; none of them runs a model. `mtaudit.evidence.gather.gather_evidence` runs
the engines (batched, cached) and calls these.
"""

from __future__ import annotations

import difflib
import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, replace

import regex

from mtaudit.checks.base import CheckContext, SentencePair
from mtaudit.evidence import rules
from mtaudit.evidence.lms.base import TokenScore
from mtaudit.lexicon import lexicon
from mtaudit.records import Finding, Severity
from mtaudit.segment import Token

_WORD = regex.compile(r"\p{Han}|\p{Hiragana}|\p{Katakana}|[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+)*")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")

# Thresholds (documented in the rules' docstrings).
ROUNDTRIP_CHRF = 35.0
BT_CHRF = 40.0
MIN_WORDS = 4
COMMON_ZIPF = 5.5
EDIT_MARGIN = 2.5  # nats an edit must gain over the original (≈ 12× likelier)
SURPRISAL_MADS = 3.0
SURPRISAL_FLOOR_BITS = 6.0  # above the run median, whatever the spread


# --------------------------------------------------------------------------- metrics


def sentence_metrics(hypothesis: str, reference: str, lang: str) -> dict[str, float]:
    """sacrebleu chrF, BLEU and TER of one sentence against one reference."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    tokenize = "zh" if lang == "zh" else "char" if lang in ("ja", "ko", "th") else "13a"
    bleu = BLEU(tokenize=tokenize, effective_order=True)
    return {
        "chrf": round(CHRF().sentence_score(hypothesis, [reference]).score, 2),
        "bleu": round(bleu.sentence_score(hypothesis, [reference]).score, 2),
        "ter": round(TER(asian_support=lang in ("zh", "ja", "ko")).sentence_score(hypothesis, [reference]).score, 2),
    }


def words(text: str) -> list[tuple[str, int, int]]:
    """(lower-cased word, start, end) for every word (CJK: every character) of `text`."""
    return [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def is_content(word: str, lang: str | None) -> bool:
    """A word worth reporting as lost or added: not among the most frequent words of `lang`."""
    if _CJK.match(word):
        return True
    if not any(c.isalpha() for c in word) or len(word) < 2:
        return False
    return lang is None or lexicon(lang).zipf(word) < COMMON_ZIPF


def _stem(word: str) -> str:
    return word if _CJK.match(word) else word[:5]


def _confidence(value: float) -> float:
    return round(max(0.05, min(0.95, value)), 3)


# --------------------------------------------------------------------------- round trip


def roundtrip_finding(ctx: CheckContext, start: int, end: int, roundtrip: str, pivot: str, pivot_text: str, metrics: dict[str, float]) -> Finding | None:
    """`bt.roundtrip-collapse` for `text[start:end]` when its round trip keeps too little of it."""
    if len(words(ctx.text[start:end])) < MIN_WORDS or not roundtrip or metrics["chrf"] >= ROUNDTRIP_CHRF:
        return None
    chrf = metrics["chrf"]
    return ctx.finding(
        rules.ROUNDTRIP_COLLAPSE,
        start,
        end,
        f"The sentence does not survive a round trip through {pivot} (chrF {chrf:.0f}): it may be garbled or mistranslated.",
        [],
        confidence=_confidence((ROUNDTRIP_CHRF - chrf) / ROUNDTRIP_CHRF + 0.3),
        severity=Severity.MAJOR if chrf < 20 else Severity.MINOR,
        evidence={"roundtrip": roundtrip, "pivot": pivot, "pivot_text": pivot_text, **{f"roundtrip_{k}": v for k, v in metrics.items()}},
    )


# --------------------------------------------------------------------------- with a source


def _pair_words(ctx: CheckContext, pair: SentencePair) -> list[Token]:
    return [t for t in ctx.tokens if pair.target_start <= t.start and t.end <= pair.target_end]


def _target_span(tokens: list[Token], first: int, last: int) -> tuple[int, int]:
    first = max(0, min(first, len(tokens) - 1))
    last = max(first, min(last, len(tokens) - 1))
    return tokens[first].start, tokens[last].end


def backtranslation_findings(
    ctx: CheckContext, pair: SentencePair, backtranslation: str, forward: str | None, metrics: dict[str, float]
) -> list[Finding]:
    """Omission, addition and mistranslation findings of one aligned sentence pair."""
    found: list[Finding] = []
    target_tokens = _pair_words(ctx, pair)
    if not backtranslation or not pair.source_text.strip() or not target_tokens:
        return found
    source_lang = ctx.source_lang
    src = words(pair.source_text)
    back = words(backtranslation)
    evidence = {"backtranslation": backtranslation, "source": pair.source_text, **{f"bt_{k}": v for k, v in metrics.items()}}
    if forward:
        evidence["forward"] = forward
    matcher = difflib.SequenceMatcher(a=[_stem(w) for w, _, _ in src], b=[_stem(w) for w, _, _ in back], autojunk=False)
    n_src, n_back, n_tgt = max(1, len(src)), max(1, len(back)), len(target_tokens)
    if metrics["chrf"] < 75:
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op in ("delete", "replace") and i2 > i1:
                lost = [w for w, _, _ in src[i1:i2] if is_content(w, source_lang)]
                kept = {_stem(w) for w, _, _ in back}
                lost = [w for w in lost if _stem(w) not in kept]
                if len(lost) >= 2 or (len(lost) == 1 and op == "delete" and i2 - i1 >= 2):
                    position = round(i1 / n_src * n_tgt)
                    start, end = _target_span(target_tokens, position - 1, position)
                    lost_text = pair.source_text[src[i1][1] : src[i2 - 1][2]]
                    found.append(
                        ctx.finding(
                            rules.OMISSION,
                            start,
                            end,
                            f"The back-translation lacks “{lost_text}” of the source: the translation may have dropped it.",
                            [],
                            confidence=_confidence(0.25 + 0.05 * len(lost) + (75 - metrics["chrf"]) / 200),
                            evidence={**evidence, "lost": lost_text},
                        )
                    )
            if op in ("insert", "replace") and j2 > j1:
                added = [w for w, _, _ in back[j1:j2] if is_content(w, source_lang)]
                present = {_stem(w) for w, _, _ in src}
                added = [w for w in added if _stem(w) not in present]
                if len(added) >= 2:
                    first, last = round(j1 / n_back * n_tgt), round(j2 / n_back * n_tgt) - 1
                    start, end = _target_span(target_tokens, first, last)
                    added_text = backtranslation[back[j1][1] : back[j2 - 1][2]]
                    found.append(
                        ctx.finding(
                            rules.ADDITION,
                            start,
                            end,
                            f"The back-translation adds “{added_text}”, which the source does not say.",
                            [],
                            confidence=_confidence(0.2 + 0.05 * len(added)),
                            evidence={**evidence, "added": added_text},
                        )
                    )
    if metrics["chrf"] < BT_CHRF and n_tgt >= MIN_WORDS:
        confidence = _confidence((BT_CHRF - metrics["chrf"]) / BT_CHRF + 0.25)
        blocks = _forward_blocks(ctx, target_tokens, forward) if forward else []
        if blocks:
            for start, end, suggestion in blocks:
                found.append(
                    ctx.finding(
                        rules.MISTRANSLATION,
                        start,
                        end,
                        f"The back-translation disagrees with the source (chrF {metrics['chrf']:.0f}) and a fresh translation says “{suggestion}” here.",
                        [suggestion],
                        confidence=confidence,
                        evidence=evidence,
                    )
                )
        else:
            found.append(
                ctx.finding(
                    rules.MISTRANSLATION,
                    pair.target_start,
                    pair.target_end,
                    f"The back-translation disagrees with the source (chrF {metrics['chrf']:.0f}): the sentence may be mistranslated.",
                    [forward] if forward else [],
                    confidence=confidence,
                    evidence=evidence,
                )
            )
    return found


def _forward_blocks(ctx: CheckContext, target_tokens: list[Token], forward: str) -> list[tuple[int, int, str]]:
    """Target spans that differ from the forward translation, with the forward wording: at most
    two blocks of at most six target words, largest first."""
    fwd = words(forward)
    matcher = difflib.SequenceMatcher(a=[t.text.lower() for t in target_tokens], b=[w for w, _, _ in fwd], autojunk=False)
    blocks = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace" and i2 - i1 <= 6 and j2 - j1 <= 8:
            blocks.append((i2 - i1 + j2 - j1, target_tokens[i1].start, target_tokens[i2 - 1].end, forward[fwd[j1][1] : fwd[j2 - 1][2]]))
    blocks.sort(key=lambda b: -b[0])
    return sorted((start, end, text) for _, start, end, text in blocks[:2])


# --------------------------------------------------------------------------- language model


@dataclass(frozen=True)
class Unit:
    """A word or punctuation mark of the target with its LM surprisal (bits), document offsets."""

    start: int
    end: int
    bits: float
    sentence: int
    word: Token | None


def units_of_sentence(ctx: CheckContext, sentence: int, scores: list[TokenScore]) -> list[Unit]:
    """Fold the LM's tokens (subwords, words, marks) into the document's words; marks that
    overlap no word stay units of their own."""
    span = ctx.sentences[sentence]
    sentence_words = ctx.sentence_tokens[sentence]
    bits = [0.0] * len(sentence_words)
    covered = [False] * len(sentence_words)
    loose: list[Unit] = []
    w = 0
    for score in scores:
        start, end = score.start + span.start, score.end + span.start
        while w < len(sentence_words) and sentence_words[w].end <= start:
            w += 1
        k, hit = w, False
        while k < len(sentence_words) and sentence_words[k].start < end:
            bits[k] += score.bits
            covered[k] = True
            hit = True
            if sentence_words[k].end >= end:
                break
            k += 1
        if not hit:
            loose.append(Unit(start, end, score.bits, sentence, None))
    units = [Unit(t.start, t.end, bits[i], sentence, t) for i, t in enumerate(sentence_words) if covered[i]]
    return sorted(units + loose, key=lambda u: u.start)


def surprisal_threshold(all_bits: list[float]) -> float:
    """Median + 3 robust standard deviations (1.4826 × MAD) of the run, at least median + 6 bits."""
    if not all_bits:
        return math.inf
    median = statistics.median(all_bits)
    mad = statistics.median(abs(b - median) for b in all_bits) * 1.4826
    return median + max(SURPRISAL_MADS * mad, SURPRISAL_FLOOR_BITS)


@dataclass(frozen=True)
class Edit:
    """Replace `text[start:end]` (document offsets) by `replacement`."""

    start: int
    end: int
    replacement: str
    kind: str  # "case" | "punctuation" | "spelling" | "repeat" | "split" | "join" | "suggestion"


def local_edits(ctx: CheckContext, unit: Unit) -> list[Edit]:
    """LM-Critic's local edits around one unit: case, punctuation, spelling neighbours, a repeated
    word dropped, a word split or two joined."""
    text = ctx.text
    edits: list[Edit] = []
    if unit.word is None:  # a punctuation mark: remove it
        start = unit.start
        while start > 0 and text[start - 1] == " ":
            start -= 1
        edits.append(Edit(start, unit.end, "", "punctuation"))
        return edits
    token = unit.word
    word = token.text
    sentence_words = ctx.sentence_tokens[token.sentence]
    position = token.index_in_sentence
    previous = sentence_words[position - 1] if position > 0 else None
    following = sentence_words[position + 1] if position + 1 < len(sentence_words) else None
    lower, capital = word.lower(), word[:1].upper() + word[1:].lower()
    for variant in (lower, capital):
        if variant != word:
            edits.append(Edit(token.start, token.end, variant, "case"))
    if previous is not None:
        gap = text[previous.end : token.start]
        if gap.strip() == "":  # insert a sentence break or a comma before the word
            edits.append(Edit(previous.start, token.end, f"{previous.text}. {capital}", "punctuation"))
            edits.append(Edit(previous.start, token.end, f"{previous.text}, {word}", "punctuation"))
        elif gap.strip() in {".", ",", ";", ":"} and not text[previous.end : token.start].startswith(".."):
            edits.append(Edit(previous.start, token.end, f"{previous.text} {lower if position > 0 else word}", "punctuation"))
        if previous.text.lower() == lower and gap.strip() == "":
            edits.append(Edit(previous.end, token.end, "", "repeat"))
    lex = lexicon(ctx.lang)
    zipf = lex.zipf(word)
    if word.islower() and zipf < 3.0 and word.isalpha():
        for neighbour in spelling_neighbours(lower, ctx.lang, max(3.0, zipf + 1.5)):
            edits.append(Edit(token.start, token.end, neighbour, "spelling"))
        for cut in range(2, len(word) - 1):
            left, right = word[:cut], word[cut:]
            if lex.zipf(left) >= 3.5 and lex.zipf(right) >= 3.5:
                edits.append(Edit(token.start, token.end, f"{left} {right}", "split"))
    if following is not None and text[token.end : following.start] == " ":
        joined = word + following.text
        if lex.zipf(joined) >= 3.5 and lex.zipf(joined) > min(zipf, lex.zipf(following.text)):
            edits.append(Edit(token.start, following.end, joined, "join"))
    return edits


def spelling_neighbours(word: str, lang: str, min_zipf: float, limit: int = 3) -> list[str]:
    """Known words one edit away from `word` (Norvig's edits1), at least `min_zipf`, most frequent first."""
    lex = lexicon(lang)
    letters = sorted({c for c in "abcdefghijklmnopqrstuvwxyz" + word if c.isalpha()})
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    candidates = {a + b[1:] for a, b in splits if b}
    candidates |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    candidates |= {a + c + b[1:] for a, b in splits if b for c in letters}
    candidates |= {a + c + b for a, b in splits for c in letters}
    candidates.discard(word)
    scored = [(lex.zipf(c), c) for c in candidates if len(c) > 1]
    return [c for z, c in sorted(scored, reverse=True) if z >= min_zipf][:limit]


def sentence_region(ctx: CheckContext, start: int, end: int) -> tuple[int, int]:
    """The sentences that contain `text[start:end]`, as one region of document offsets."""
    first = next((s for s in ctx.sentences if s.end > start), None)
    last = next((s for s in reversed(ctx.sentences) if s.start < end), None)
    if first is None or last is None:
        return start, end
    return min(first.start, start), max(last.end, end)


def apply_edit(ctx: CheckContext, region: tuple[int, int], start: int, end: int, replacement: str) -> str:
    """The text of `region` with `text[start:end]` replaced."""
    text = ctx.text
    return text[region[0] : start] + replacement + text[end : region[1]]


def edit_category(kind: str) -> str:
    return {"case": "fluency/spelling", "spelling": "fluency/spelling", "punctuation": "fluency/punctuation", "split": "fluency/spelling", "join": "fluency/spelling"}.get(kind, "fluency/grammar")


def surprisal_finding(ctx: CheckContext, unit: Unit, threshold: float, best: tuple[float, Edit] | None) -> Finding | None:
    """`lm.surprisal` for a suspicious unit: with the best local edit when it wins by the margin,
    otherwise on the word alone, with low confidence."""
    over = unit.bits - threshold
    if best is not None and best[0] >= EDIT_MARGIN:
        gain, edit = best
        original = ctx.text[edit.start : edit.end]
        return ctx.finding(
            rules.SURPRISAL,
            edit.start,
            edit.end,
            f"The language model finds “{original}” unlikely here ({unit.bits:.0f} bits); “{edit.replacement or '(nothing)'}” is "
            f"{math.exp(min(gain, 50)):.0f}× likelier.",
            [edit.replacement],
            confidence=_confidence(0.35 + 0.06 * gain),
            category=edit_category(edit.kind),
            evidence={"surprisal_bits": round(unit.bits, 2), "threshold_bits": round(threshold, 2), "lm_delta": round(gain, 2), "edit": edit.kind},
        )
    if over >= 0 and unit.word is not None:
        return ctx.finding(
            rules.SURPRISAL,
            unit.start,
            unit.end,
            f"The language model finds “{ctx.text[unit.start:unit.end]}” very unlikely here ({unit.bits:.0f} bits).",
            [],
            confidence=_confidence(0.1 + over / 100),
            evidence={"surprisal_bits": round(unit.bits, 2), "threshold_bits": round(threshold, 2)},
        )
    return None


def rerank(finding: Finding, original_logprob: float, suggestion_logprobs: Iterable[float]) -> Finding:
    """A fast-check finding with its suggestions sorted by LM score, best first, and the gain of
    the best one as `evidence["lm_delta"]` (nats)."""
    scored = list(zip(finding.suggestions, suggestion_logprobs, strict=True))
    if not scored:
        return finding
    ranked = sorted(scored, key=lambda item: -item[1])
    delta = ranked[0][1] - original_logprob
    return replace(finding, suggestions=tuple(s for s, _ in ranked), evidence={**finding.evidence, "lm_delta": round(delta, 2)})
