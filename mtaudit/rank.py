"""The ranking step: the language model orders the suggestions of every finding.

Under `--deep` or `--lm` each suggestion is scored in its sentence (the sentence with the
suggestion applied, against the sentence as it is) and the gain of the best one is recorded as
`evidence["lm_delta"]` (nats). The model may only *promote* an alternative over the check's own
first suggestion when it is far likelier (`PROMOTE_MARGIN` nats) and keeps every edit of the
first suggestion: "twitter He" → "twitter. He" can become "twitter. He's" but never
"twitter he", which undoes the run-on rule's sentence break. So the ranking cannot make a fix
worse than the check made it. The findings of the model checks (`bt.*`, `lm.*`, `tm.*`) are
then de-duplicated against the fast checks' and each other (`deduplicate`), so that the models
add findings rather than doubling them: one finding per error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from difflib import SequenceMatcher

from mtaudit.context import CheckContext
from mtaudit.records import Finding

MODEL_RULES = ("bt.", "lm.", "tm.")
# An alternative must be e^4 ≈ 55× likelier than the check's own first suggestion to replace it.
PROMOTE_MARGIN = 4.0


def rank_suggestions(ctx: CheckContext, findings: list[Finding]) -> list[Finding]:
    """`findings` with suggestions re-ranked by the document's language model, and the model
    findings (`bt.*`, `lm.*`, `tm.*`) de-duplicated (`deduplicate`); unchanged without evidence."""
    if ctx.evidence is None:
        return findings
    checked = [f for f in findings if not f.rule.startswith(MODEL_RULES)]
    model = [f for f in findings if f.rule.startswith(MODEL_RULES)]
    scorer = ctx.evidence.lm_totals
    if scorer is not None:
        checked = rerank_all(ctx, checked, scorer)
    return checked + deduplicate(checked, model)


def rerank_all(ctx: CheckContext, checked: list[Finding], scorer: Callable[[list[str]], dict[str, float]]) -> list[Finding]:
    """Every finding with its suggestions ordered by `rerank` under the language model `scorer`."""
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
            scores = [totals[ctx.edited(region, finding.start, finding.end, s)] for s in finding.suggestions]
            finding = rerank(finding, original, scores, ctx.text[finding.start : finding.end])
        ranked.append(finding)
    return ranked


SEVERITY_ORDER = {"critical": 0, "major": 1, "minor": 2}


def deduplicate(taken_findings: list[Finding], model: list[Finding]) -> list[Finding]:
    """The model findings that report something new: one finding per error.

    Most severe and most confident first, a model finding is dropped when at least half of it
    lies inside a finding already kept (a fast check's, or another model rule's on the same
    words: a back-translation that disagrees with its source yields one mistranslation, not a
    mistranslation, an omission and an addition over the same clause), or, for an insertion
    point (an omission), when another insertion point or a kept model finding is already there."""
    kept: list[Finding] = []
    taken = [(f.start, f.end) for f in taken_findings]
    points: set[int] = set()
    order = sorted(model, key=lambda f: (f.start == f.end, SEVERITY_ORDER.get(str(getattr(f.severity, "value", f.severity)), 3), -f.confidence, f.start))
    for finding in order:
        if finding.start == finding.end:  # after every span: a point inside a kept model span is that error
            if finding.start in points or any(f.start <= finding.start <= f.end for f in kept):
                continue
            points.add(finding.start)
            kept.append(finding)
            continue
        length = finding.end - finding.start
        if any(min(end, finding.end) - max(start, finding.start) >= length / 2 for start, end in taken):
            continue
        taken.append((finding.start, finding.end))
        kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))


def edits(original: str, suggestion: str) -> set[tuple[int, int, str]]:
    """The character edits that turn `original` into `suggestion`, as (start, end, replacement)
    in `original`'s offsets."""
    matcher = SequenceMatcher(None, original, suggestion, autojunk=False)
    return {(i1, i2, suggestion[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"}


def keeps_correction(original: str, first: str, alternative: str) -> bool:
    """True when `alternative` makes every edit that `first` makes to `original` (and maybe more)."""
    return edits(original, first) <= edits(original, alternative)


def rerank(finding: Finding, original_logprob: float, suggestion_logprobs: list[float], original_text: str = "") -> Finding:
    """A finding with its suggestions ordered for the reader and the gain of the best one as
    `evidence["lm_delta"]` (nats). The check's first suggestion stays first unless an alternative
    is `PROMOTE_MARGIN` nats likelier and keeps its correction (`keeps_correction`); the
    remaining suggestions follow by LM score."""
    scored = list(zip(finding.suggestions, suggestion_logprobs, strict=True))
    if not scored:
        return finding
    first, first_logprob = scored[0]
    best = max(scored, key=lambda item: item[1])
    if best[0] != first and (best[1] - first_logprob < PROMOTE_MARGIN or not keeps_correction(original_text, first, best[0])):
        best = scored[0]
    rest = sorted((item for item in scored if item[0] != best[0]), key=lambda item: -item[1])
    delta = best[1] - original_logprob
    return replace(finding, suggestions=(best[0], *(s for s, _ in rest)), evidence={**finding.evidence, "lm_delta": round(delta, 2)})
