"""The ranking step: the language model orders the suggestions of every finding.

Under `--deep` or `--lm` each suggestion is scored in its sentence (the sentence with the
suggestion applied, against the sentence as it is): the likeliest comes first and its gain is
recorded as `evidence["lm_delta"]` (nats). A finding of the language-model check (`lm.surprisal`)
yields to any other finding on the same words, and to an earlier one of its own, so that the
model adds findings rather than doubling them.
"""

from __future__ import annotations

from dataclasses import replace

from mtaudit.context import CheckContext
from mtaudit.records import Finding

MODEL_RULES = ("lm.",)


def rank_suggestions(ctx: CheckContext, findings: list[Finding]) -> list[Finding]:
    """`findings` with suggestions re-ranked by the document's language model, and the
    language-model findings that overlap another finding dropped; unchanged without a model."""
    scorer = ctx.evidence.lm_totals if ctx.evidence is not None else None
    if scorer is None:
        return findings
    checked = [f for f in findings if not f.rule.startswith(MODEL_RULES)]
    model = [f for f in findings if f.rule.startswith(MODEL_RULES)]
    texts: list[str] = []
    for finding in checked:
        if finding.suggestions:
            region = ctx.sentence_region(finding.start, finding.end)
            texts.append(ctx.text[region[0] : region[1]])
            texts.extend(ctx.edited(region, finding.start, finding.end, s) for s in finding.suggestions)
    totals = scorer(texts) if texts else {}
    ranked: list[Finding] = []
    for finding in checked:
        if finding.suggestions:
            region = ctx.sentence_region(finding.start, finding.end)
            original = totals[ctx.text[region[0] : region[1]]]
            finding = rerank(finding, original, [totals[ctx.edited(region, finding.start, finding.end, s)] for s in finding.suggestions])
        ranked.append(finding)
    taken = [(f.start, f.end) for f in ranked]
    for finding in model:
        if any(finding.start < end and start < finding.end for start, end in taken):
            continue
        taken.append((finding.start, finding.end))
        ranked.append(finding)
    return ranked


def rerank(finding: Finding, original_logprob: float, suggestion_logprobs: list[float]) -> Finding:
    """A finding with its suggestions sorted by LM score, best first, and the gain of the best
    one as `evidence["lm_delta"]` (nats)."""
    scored = list(zip(finding.suggestions, suggestion_logprobs, strict=True))
    if not scored:
        return finding
    ranked = sorted(scored, key=lambda item: -item[1])
    delta = ranked[0][1] - original_logprob
    return replace(finding, suggestions=tuple(s for s, _ in ranked), evidence={**finding.evidence, "lm_delta": round(delta, 2)})
