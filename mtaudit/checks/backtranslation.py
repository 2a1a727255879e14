"""Checks on back-translations and round trips (model evidence): `bt.*`.

They read `CheckContext.evidence` (gathered by `mtaudit.evidence.gather` under `--deep`,
`--translator` or `--backtranslations`) and find nothing when the run gathered none. The word
alignment they read it with (which source words a back-translation lost or added, where a
forward translation differs) is `mtaudit.evidence.compare`; this module decides the findings.
"""

from __future__ import annotations

from collections.abc import Iterator

from mtaudit.checks.base import CheckContext, Finding, SentencePair, Severity, check
from mtaudit.evidence.compare import Lost, forward_blocks, is_content, lost_and_added, pair_tokens, words

__all__ = ["CHECKS", "addition", "backtranslation_findings", "is_content", "mistranslation", "omission", "roundtrip_collapse", "roundtrip_finding", "words"]

# The chrF lines below which a sentence is suspect come from the run's own distribution
# (`Evidence.chrf_lines`, set by `mtaudit.evidence.gather.chrf_lines`: the median less max(three
# robust SDs, 15 points), so they follow the engine); these are used only when a run has too few
# sentences for a distribution.
ROUNDTRIP_CHRF = 35.0
BT_CHRF = 40.0
ALIGN_CHRF = 75.0
MIN_WORDS = 4


@check("bt.roundtrip-collapse", "accuracy/mistranslation", Severity.MINOR, needs_evidence=True)
def roundtrip_collapse(ctx: CheckContext) -> Iterator[Finding]:
    """Sentence does not survive a round trip through another language (model evidence).

    **What it catches.** Without a source text, each target sentence is translated into a pivot
    language and back (`--deep`, `--translator`). When the round trip keeps little of the
    sentence (low chrF between the sentence and its round trip), the sentence is often garbled,
    ungrammatical or built on a mistranslated term that the engine cannot map back.

    **Why it matters.** It is the only accuracy signal available when no source is at hand.

    **Example.** "The meeting he was took place in Tuesday of the Council" comes back as "The
    meeting that took place on Tuesday of the Council was" (chrF 48): flagged.

    **How it decides.** sacrebleu chrF between the sentence and its round trip, below the run's
    line (its median round-trip chrF less max(three robust standard deviations, 15 points), so
    that it follows the engine: Apertium round trips keep far more of any sentence than neural
    ones; 35 when the run has fewer than eight sentences) for a sentence of at least four words; confidence grows as chrF falls. BLEU and TER are recorded
    in the segment scores. The round trip and the pivot text are shown as evidence.

    **Known false negatives.** A rule-based engine (Apertium) translates word by word and back, so
    word salad survives its round trip almost intact: with Apertium this rule catches only what
    the engine cannot map back (unknown words, broken grammar it rejects), not scrambled order.

    **Known false positives.** Idioms and names that the engine translates literally; short
    sentences. Treat it as a pointer, not a verdict.

    **Suggestion.** None of its own: the round trip is shown as evidence; read the sentence against its meaning.
    """
    line = ctx.evidence.chrf_lines.get("roundtrip", ROUNDTRIP_CHRF) if ctx.evidence else ROUNDTRIP_CHRF
    for trip in ctx.evidence.roundtrips if ctx.evidence else []:
        finding = roundtrip_finding(ctx, trip.start, trip.end, trip.roundtrip, trip.pivot, trip.pivot_text, trip.metrics, line)
        if finding is not None:
            yield finding


@check("bt.omission", "accuracy/omission", Severity.MAJOR, needs_source=True, needs_evidence=True)
def omission(ctx: CheckContext) -> Iterator[Finding]:
    """Source words are missing from the back-translation (model evidence).

    **What it catches.** The target sentence is translated back into the source language and the
    two are aligned word by word. Content words of the source that have no counterpart in the
    back-translation were probably dropped by the translation.

    **Why it matters.** Omissions read fluently, so readers and fluency checks do not notice them.

    **Example.** Source "Le ministre a démissionné hier soir à Paris", target "The minister
    resigned": back-translation "Le ministre a démissionné" lacks "hier soir à Paris".

    **How it decides.** Longest-common-subsequence alignment of the lower-cased words (with prefix
    matching for inflections); a run of lost content words (not among the most frequent words of
    the source language) is reported as an insertion point (a zero-width finding) between the
    target words where it would belong: the words around it are not wrong.

    **Suggestion.** The forward translation of the source sentence, when a translator is available
    in that direction.
    """
    yield from _pair_findings(ctx, "bt.omission")


@check("bt.addition", "accuracy/addition", Severity.MINOR, needs_source=True, needs_evidence=True)
def addition(ctx: CheckContext) -> Iterator[Finding]:
    """The back-translation contains words that the source does not (model evidence).

    **What it catches.** Content words in the back-translation of a target sentence with no
    counterpart in its source sentence: the translation added something.

    **Why it matters.** Additions change the meaning while reading well.

    **Example.** Source "Il est parti", target "He left for good yesterday": back-translation
    "Il est parti pour de bon hier" adds "pour de bon hier".

    **How it decides.** The same alignment as `bt.omission`; a run of at least two added content
    words is mapped to the target words in the same relative position.

    **Known false positives.** Paraphrases of the back-translation engine. Confidence is low.

    **Suggestion.** Remove the added words when the source does not support them; the back-translation is shown as evidence.
    """
    yield from _pair_findings(ctx, "bt.addition")


@check("bt.mistranslation", "accuracy/mistranslation", Severity.MAJOR, needs_source=True, needs_evidence=True)
def mistranslation(ctx: CheckContext) -> Iterator[Finding]:
    """Back-translation disagrees with the source, and a fresh translation reads differently (model evidence).

    **What it catches.** A target sentence whose back-translation is far from its source sentence
    (low chrF). When the source can also be translated forward, the parts of the target that
    differ from the forward translation are flagged and the forward translation of that part is
    suggested as the correction.

    **Why it matters.** Mistranslations are the most costly MQM errors.

    **Example.** Source "Le cours a chuté", target "The course fell": back-translation "Le parcours
    est tombé" (chrF 31); forward translation "The price fell" → suggestion "price".

    **How it decides.** chrF(back-translation, source) below the run's line (median less max(three
    robust SDs, 15 points); 40 for runs under eight sentences) on a sentence of at least four words; differing blocks of at most six words between the target and the forward translation.

    **Suggestion.** The forward translation of the differing span, when a translator is available.
    """
    yield from _pair_findings(ctx, "bt.mistranslation")


CHECKS = (roundtrip_collapse, omission, addition, mistranslation)


def _pair_findings(ctx: CheckContext, rule_id: str) -> Iterator[Finding]:
    """The findings of rule `rule_id` among `backtranslation_findings` of every aligned pair."""
    for item in ctx.evidence.backtranslations if ctx.evidence else []:
        for finding in backtranslation_findings(ctx, item.pair, item.backtranslation, item.forward, item.metrics):
            if finding.rule == rule_id:
                yield finding


def _confidence(value: float) -> float:
    """A finding's confidence: `value` kept between 0.05 and 0.95 and rounded."""
    return round(max(0.05, min(0.95, value)), 3)


# --------------------------------------------------------------------------- round trip


def roundtrip_finding(
    ctx: CheckContext, start: int, end: int, roundtrip: str, pivot: str, pivot_text: str, metrics: dict[str, float], line: float = ROUNDTRIP_CHRF
) -> Finding | None:
    """`bt.roundtrip-collapse` for `text[start:end]` when its round trip keeps less than `line` chrF."""
    if len(words(ctx.text[start:end])) < MIN_WORDS or not roundtrip or metrics["chrf"] >= line:
        return None
    chrf = metrics["chrf"]
    return ctx.finding(
        roundtrip_collapse.rule,
        start,
        end,
        f"The sentence does not survive a round trip through {pivot} (chrF {chrf:.0f}): it may be garbled or mistranslated.",
        [],
        confidence=_confidence((line - chrf) / max(line, 1.0) + 0.3),
        severity=Severity.MAJOR if chrf < line / 2 else Severity.MINOR,
        evidence={"threshold_chrf": round(line, 2), "roundtrip": roundtrip, "pivot": pivot, "pivot_text": pivot_text, **{f"roundtrip_{k}": v for k, v in metrics.items()}},
    )


# --------------------------------------------------------------------------- with a source


def backtranslation_findings(
    ctx: CheckContext, pair: SentencePair, backtranslation: str, forward: str | None, metrics: dict[str, float]
) -> list[Finding]:
    """Omission, addition and mistranslation findings of one aligned sentence pair."""
    found: list[Finding] = []
    lines = ctx.evidence.chrf_lines if ctx.evidence else {}
    align_line, bt_line = lines.get("align", ALIGN_CHRF), lines.get("bt", BT_CHRF)
    target_tokens = pair_tokens(ctx.tokens, pair)
    if not backtranslation or not pair.source_text.strip() or not target_tokens:
        return found
    evidence = {"backtranslation": backtranslation, "source": pair.source_text, **{f"bt_{k}": v for k, v in metrics.items()}}
    if forward:
        evidence["forward"] = forward
    if metrics["chrf"] < align_line:
        for run in lost_and_added(pair.source_text, backtranslation, target_tokens, ctx.source_lang):
            if isinstance(run, Lost):
                found.append(
                    Finding(
                        rule=omission.rule.id,
                        category=omission.rule.category,
                        severity=omission.rule.severity,
                        start=run.point,
                        end=run.point,
                        text="",
                        message=f"The back-translation lacks “{run.text}” of the source: the translation may have dropped it here.",
                        confidence=_confidence(0.25 + 0.05 * run.content_words + (align_line - metrics["chrf"]) / 200),
                        evidence={**evidence, "lost": run.text},
                    )
                )
            else:
                found.append(
                    ctx.finding(
                        addition.rule,
                        run.start,
                        run.end,
                        f"The back-translation adds “{run.text}”, which the source does not say.",
                        [],
                        confidence=_confidence(0.2 + 0.05 * run.content_words),
                        evidence={**evidence, "added": run.text},
                    )
                )
    if metrics["chrf"] < bt_line and len(target_tokens) >= MIN_WORDS:
        confidence = _confidence((bt_line - metrics["chrf"]) / max(bt_line, 1.0) + 0.25)
        blocks = forward_blocks(target_tokens, forward) if forward else []
        if blocks:
            for start, end, suggestion in blocks:
                found.append(
                    ctx.finding(
                        mistranslation.rule,
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
                    mistranslation.rule,
                    pair.target_start,
                    pair.target_end,
                    f"The back-translation disagrees with the source (chrF {metrics['chrf']:.0f}): the sentence may be mistranslated.",
                    [forward] if forward else [],
                    confidence=confidence,
                    evidence=evidence,
                )
            )
    return found
