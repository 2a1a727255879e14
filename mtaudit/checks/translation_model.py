"""The translation-model check (model evidence): `tm.unlikely-word`, from forced decoding.

It reads `CheckContext.evidence.forced` (each aligned target sentence scored token by token given
its source by the forward translation model, gathered by `mtaudit.evidence.gather` when a neural
translator is configured) and finds nothing when the run gathered none.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from mtaudit.checks.base import CheckContext, Finding, Severity, check
from mtaudit.evidence.data import ForcedToken

# The model's own choice must be this many nats likelier than the word written (≈ 20×): a token
# that is unlikely but no likelier alternative exists is the model's uncertainty, not an error.
ALTERNATIVE_MARGIN = 3.0


@check("tm.unlikely-word", "accuracy/mistranslation", Severity.MINOR, needs_source=True, needs_evidence=True)
def unlikely_word(ctx: CheckContext) -> Iterator[Finding]:
    """A target word the translation model finds very unlikely given the source (model evidence).

    **What it catches.** Each target sentence is scored given its aligned source sentence by the
    forward translation model (forced decoding: one forward pass, no generation). A word whose
    tokens the model finds far less likely than the rest of the run's tokens, where the model
    itself would have written something else, is often a mistranslation, a wrong term or a word
    that does not belong.

    **Why it matters.** Forced-decoding scores are the strongest evidence a translation model gives
    about a given translation: on MT quality-estimation benchmarks such scores correlate with human
    judgements around ρ 0.4–0.55 where surface checks reach 0.1–0.25 (a figure from the
    literature, not measured here).

    **Example.** Source "Le cours de l'action a chuté", target "The course of the share fell":
    "course" is unlikely given the source; the model would write "price".

    **How it decides.** Token surprisal above the run's median plus three robust standard
    deviations (at least 6 bits above the median), and the model's likeliest token at that
    position at least e^3 ≈ 20 times likelier than the written one. One finding per word.

    **Known false positives.** Legitimate paraphrases and names; a model for another domain.

    **Suggestion.** The model's own word at that position, when the flagged token is the whole word
    and the model's choice starts a word; otherwise none (the model's alternative is only part of a
    word).
    """
    evidence = ctx.evidence
    if evidence is None or evidence.tm_threshold is None or not math.isfinite(evidence.tm_threshold):
        return
    threshold = evidence.tm_threshold
    flagged: dict[int, tuple[float, ForcedToken]] = {}  # word index → its most surprising token
    for item in evidence.forced:
        for token in item.tokens:
            bits = -token.logprob / math.log(2)
            if token.end <= token.start or bits <= threshold or not token.best.strip():
                continue
            if token.best_logprob - token.logprob < ALTERNATIVE_MARGIN:
                continue
            word = next((k for k, w in enumerate(ctx.tokens) if w.start < token.end and token.start < w.end), None)
            if word is not None and (word not in flagged or bits > flagged[word][0]):
                flagged[word] = (bits, token)
    for word_index, (bits, token) in sorted(flagged.items()):
        word = ctx.tokens[word_index]
        whole = token.start <= word.start and token.end >= word.end
        suggestion = token.best.strip() if whole and token.best.startswith(" ") else ""
        gain = token.best_logprob - token.logprob
        yield ctx.finding(
            unlikely_word.rule,
            word.start,
            word.end,
            f"The translation model finds “{word.text}” unlikely given the source ({bits:.0f} bits)"
            + (f"; it would write “{suggestion}”." if suggestion else "."),
            [suggestion] if suggestion else [],
            confidence=round(max(0.1, min(0.8, 0.2 + 0.05 * (bits - threshold) + 0.02 * gain)), 3),
            evidence={"surprisal_bits": round(bits, 2), "threshold_bits": round(threshold, 2), "model_choice": token.best.strip(), "tm_delta": round(gain, 2)},
        )


CHECKS = (unlikely_word,)
