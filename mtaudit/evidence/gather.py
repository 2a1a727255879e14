"""`gather_evidence`: the evidence step of the pipeline (see the package docstring)."""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from mtaudit.errors import ModelError
from mtaudit.evidence import findings as evidence_findings
from mtaudit.evidence.cache import NullCache, open_cache
from mtaudit.evidence.lms.base import LanguageModel, LMConfig, TokenScore, load_lm
from mtaudit.evidence.translators.base import Translator, TranslatorConfig, load_translator
from mtaudit.records import Finding, Segment, Settings

if TYPE_CHECKING:
    from mtaudit.checks.base import CheckContext
    from mtaudit.pipeline import EvidenceOptions

DEFAULT_TRANSLATORS = ("hf", "apertium")
DEFAULT_LM = "ngram"


def note(message: str) -> None:
    """A one-line note on standard error (evidence that was skipped and why)."""
    print(f"mtaudit: note: {message}", file=sys.stderr)


# --------------------------------------------------------------------------- engines


@dataclass(frozen=True)
class DocPlan:
    """What one document gets from the translator: a back-translation into `lang` ("bt"), with a
    forward translation when `forward`, or a round trip through `lang` ("rt")."""

    kind: str
    lang: str
    forward: bool = False


def plan_document(engine: Translator, ctx: CheckContext) -> DocPlan | None:
    """How `engine` can serve `ctx`, or None when it cannot."""
    if ctx.source is not None and ctx.source_lang and ctx.source_lang != ctx.lang:
        if not engine.available(ctx.lang, ctx.source_lang):
            return None
        return DocPlan("bt", ctx.source_lang, forward=engine.available(ctx.source_lang, ctx.lang))
    pivots = [ctx.source_lang] if ctx.source_lang and ctx.source_lang != ctx.lang else engine.pivots(ctx.lang)
    for pivot in pivots:
        if engine.available(ctx.lang, pivot) and engine.available(pivot, ctx.lang):
            return DocPlan("rt", pivot)
    return None


def choose_translator(contexts: list[CheckContext], options: EvidenceOptions) -> tuple[Translator | None, list[DocPlan | None]]:
    """The translation engine and each document's plan; raises `ModelError` for a named engine
    that cannot serve a document."""
    name = options.translator
    if name == "none":
        return None, [None] * len(contexts)
    if name is None and options.backtranslations:
        name = "precomputed"
    if name is None and options.translator_model:
        name = "hf"
    config = TranslatorConfig(model=options.translator_model, device=options.device, allow_download=options.allow_download, path=options.backtranslations)
    if name is not None:
        engine = load_translator(name, config)
        plans = []
        for ctx in contexts:
            plan = plan_document(engine, ctx)
            if plan is None:
                if ctx.source is not None and ctx.source_lang:
                    engine.require(ctx.lang, ctx.source_lang)
                pivots = engine.pivots(ctx.lang)
                if not pivots:
                    note(f"{name}: no round trip for {ctx.document.id} (it has no source to back-translate into)")
                else:
                    engine.require(ctx.lang, pivots[0])
                    engine.require(pivots[0], ctx.lang)
                    raise ModelError(f"{name}: cannot translate {ctx.lang} for {ctx.document.id}")
            plans.append(plan)
        return engine, plans
    if not options.deep:
        return None, [None] * len(contexts)
    best: tuple[int, Translator | None, list[DocPlan | None]] = (0, None, [None] * len(contexts))
    for candidate in DEFAULT_TRANSLATORS:
        engine = load_translator(candidate, config)
        plans = [plan_document(engine, ctx) for ctx in contexts]
        served = sum(p is not None for p in plans)
        if served > best[0]:
            best = (served, engine, plans)
        if served == len(contexts):
            break
    if best[0] < len(contexts):
        missing = [ctx for ctx, plan in zip(contexts, best[2], strict=True) if plan is None]
        ctx = missing[0]
        other = ctx.source_lang if ctx.source is not None and ctx.source_lang else ("de" if ctx.lang == "en" else "en")
        model = f"Helsinki-NLP/opus-mt-{ctx.lang}-{other}"
        note(
            f"back-translation skipped for {len(missing)} document(s) ({ctx.lang}→{other}): it needs a translation model; "
            f"run `mtaudit models pull {model}` or install an Apertium pair; language-model evidence still runs"
        )
    return best[1], best[2]


def choose_lm(options: EvidenceOptions) -> LanguageModel | None:
    """The language model asked for, `ngram` under `--deep`, or None."""
    name = options.lm
    if name == "none":
        return None
    if name is None and options.lm_model:
        name = "hf"
    if name is None:
        if not options.deep:
            return None
        name = DEFAULT_LM
    return load_lm(name, LMConfig(model=options.lm_model, device=options.device, allow_download=options.allow_download))


# --------------------------------------------------------------------------- cached engine calls


def cached_translate(engine: Translator, cache: NullCache, texts: list[str], src: str, tgt: str) -> dict[str, str]:
    """Translations of the distinct `texts`, from the cache where possible, by text."""
    unique = list(dict.fromkeys(t for t in texts if t.strip()))
    if not unique:
        return {}
    namespace = {
        "kind": "translate", "engine": engine.engine, "model": engine.model_id(src, tgt),
        "revision": engine.revision(src, tgt), "params": engine.params(), "src": src, "tgt": tgt,
    }
    found: dict[str, Any] = cache.get_many(namespace, unique) if engine.cacheable else {}
    missing = [t for t in unique if t not in found]
    if missing:
        results = engine.translate(missing, src, tgt)
        fresh = dict(zip(missing, results, strict=True))
        found.update(fresh)
        if engine.cacheable:
            cache.put_many(namespace, fresh)  # empty results too: not asked again
    return {t: str(found[t]) for t in unique}


def cached_score(engine: LanguageModel, cache: NullCache, texts: list[str], lang: str) -> dict[str, list[TokenScore]]:
    """LM token scores of the distinct `texts`, from the cache where possible, by text."""
    unique = list(dict.fromkeys(texts))
    if not unique:
        return {}
    namespace = {"kind": "lm", "engine": engine.engine, "model": engine.model_id(), "revision": engine.revision(), "params": engine.params(), "lang": lang}
    raw: dict[str, Any] = cache.get_many(namespace, unique) if engine.cacheable else {}
    out = {t: [TokenScore(int(s), int(e), float(lp)) for s, e, lp in value] for t, value in raw.items()}
    missing = [t for t in unique if t not in out]
    if missing:
        fresh = dict(zip(missing, engine.score(missing, lang), strict=True))
        out.update(fresh)
        if engine.cacheable:
            cache.put_many(namespace, {t: [[s.start, s.end, s.logprob] for s in scores] for t, scores in fresh.items()})
    return out


# --------------------------------------------------------------------------- translation evidence


def translation_evidence(
    engine: Translator, plans: list[DocPlan | None], contexts: list[CheckContext], segments: list[list[Segment]], found: list[list[Finding]], cache: NullCache
) -> list[str]:
    """Back-translate / round-trip every document (batched per direction across documents), fill
    the segments and append findings. Returns the model ids used."""
    jobs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ctx, plan in zip(contexts, plans, strict=True):
        if plan is None:
            continue
        if plan.kind == "bt":
            for pair in ctx.pairs:
                if pair.source_text.strip():
                    jobs[(ctx.lang, plan.lang)].append(ctx.text[pair.target_start : pair.target_end])
                    if plan.forward:
                        jobs[(plan.lang, ctx.lang)].append(pair.source_text)
        else:
            jobs[(ctx.lang, plan.lang)].extend(ctx.text[s.start : s.end] for s in ctx.sentences)
    done = {direction: cached_translate(engine, cache, texts, *direction) for direction, texts in jobs.items()}
    second: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ctx, plan in zip(contexts, plans, strict=True):
        if plan is not None and plan.kind == "rt":
            first = done.get((ctx.lang, plan.lang), {})
            second[(plan.lang, ctx.lang)].extend(first.get(ctx.text[s.start : s.end], "") for s in ctx.sentences)
    for direction, texts in second.items():
        done[direction] = {**done.get(direction, {}), **cached_translate(engine, cache, texts, *direction)}
    models = sorted({engine.model_id(*direction) for direction in list(jobs) + list(second)})
    for ctx, plan, segs, out in zip(contexts, plans, segments, found, strict=True):
        if plan is None:
            continue
        if plan.kind == "bt":
            back = done.get((ctx.lang, plan.lang), {})
            forward = done.get((plan.lang, ctx.lang), {})
            for pair in ctx.pairs:
                target = ctx.text[pair.target_start : pair.target_end]
                bt = back.get(target, "")
                if not bt or not pair.target_sentences:
                    continue
                metrics = evidence_findings.sentence_metrics(bt, pair.source_text, plan.lang)
                segment = segs[pair.target_sentences[0]]
                segment.backtranslation = bt
                segment.scores.update({f"bt_{k}": v for k, v in metrics.items()})
                fwd = forward.get(pair.source_text) if plan.forward else None
                if fwd:
                    segment.scores["fwd_chrf"] = evidence_findings.sentence_metrics(fwd, target, ctx.lang)["chrf"]
                out.extend(evidence_findings.backtranslation_findings(ctx, pair, bt, fwd, metrics))
        else:
            there = done.get((ctx.lang, plan.lang), {})
            back = done.get((plan.lang, ctx.lang), {})
            for span, segment in zip(ctx.sentences, segs, strict=True):
                sentence = ctx.text[span.start : span.end]
                pivot_text = there.get(sentence, "")
                roundtrip = back.get(pivot_text, "") if pivot_text else ""
                if not roundtrip:
                    continue
                metrics = evidence_findings.sentence_metrics(roundtrip, sentence, ctx.lang)
                segment.backtranslation = pivot_text
                segment.scores.update({f"roundtrip_{k}": v for k, v in metrics.items()})
                finding = evidence_findings.roundtrip_finding(ctx, span.start, span.end, roundtrip, plan.lang, pivot_text, metrics)
                if finding is not None:
                    out.append(finding)
    return models


# --------------------------------------------------------------------------- language-model evidence


def lm_evidence(engine: LanguageModel, contexts: list[CheckContext], segments: list[list[Segment]], found: list[list[Finding]], cache: NullCache) -> set[str]:
    """Score every sentence, fill the segments, flag surprising spans with LM-Critic edits and
    re-rank the suggestions of the fast checks. Returns the languages scored."""
    usable = []
    for index, ctx in enumerate(contexts):
        if not engine.supports(ctx.lang):
            note(f"{engine.engine} language model: no data for {ctx.lang!r}; no LM evidence for {ctx.document.id}")
            continue
        engine.require(ctx.lang)
        usable.append(index)
    by_lang: dict[str, list[str]] = defaultdict(list)
    for index in usable:
        ctx = contexts[index]
        by_lang[ctx.lang].extend(ctx.text[s.start : s.end] for s in ctx.sentences)
    scored = {lang: cached_score(engine, cache, texts, lang) for lang, texts in by_lang.items()}
    units: dict[int, list[evidence_findings.Unit]] = {}
    for index in usable:
        ctx = contexts[index]
        doc_units: list[evidence_findings.Unit] = []
        for number, (span, segment) in enumerate(zip(ctx.sentences, segments[index], strict=True)):
            scores = scored[ctx.lang].get(ctx.text[span.start : span.end], [])
            if not scores:
                continue
            mean = sum(s.logprob for s in scores) / len(scores)
            segment.scores["lm_logprob"] = round(mean, 4)
            segment.scores["lm_ppl"] = round(math.exp(min(-mean, 700)), 3)
            segment.token_surprisal = [(s.start + span.start, s.end + span.start, s.bits) for s in scores]
            doc_units.extend(evidence_findings.units_of_sentence(ctx, number, scores))
        units[index] = doc_units
    threshold = evidence_findings.surprisal_threshold([u.bits for doc_units in units.values() for u in doc_units])
    # One batch of candidate texts for the whole run: LM-Critic edits and fast-check suggestions.
    requests: dict[str, list[str]] = defaultdict(list)
    suspects: dict[int, list[tuple[evidence_findings.Unit, list[tuple[evidence_findings.Edit, tuple[int, int], str]]]]] = defaultdict(list)
    for index, doc_units in units.items():
        ctx = contexts[index]
        for unit in doc_units:
            if unit.bits <= threshold:
                continue
            candidates = []
            for edit in evidence_findings.local_edits(ctx, unit):
                region = evidence_findings.sentence_region(ctx, edit.start, edit.end)
                candidate = evidence_findings.apply_edit(ctx, region, edit.start, edit.end, edit.replacement)
                candidates.append((edit, region, candidate))
                requests[ctx.lang].extend([ctx.text[region[0] : region[1]], candidate])
            suspects[index].append((unit, candidates))
        for finding in found[index]:
            if finding.suggestions:
                region = evidence_findings.sentence_region(ctx, finding.start, finding.end)
                requests[ctx.lang].append(ctx.text[region[0] : region[1]])
                requests[ctx.lang].extend(evidence_findings.apply_edit(ctx, region, finding.start, finding.end, s) for s in finding.suggestions)
    totals: dict[str, dict[str, float]] = {}
    for lang, texts in requests.items():
        totals[lang] = {t: sum(s.logprob for s in scores) for t, scores in cached_score(engine, cache, texts, lang).items()}
    for index in usable:
        ctx = contexts[index]
        lang_totals = totals.get(ctx.lang, {})
        fast = found[index]
        reranked = []
        for finding in fast:
            if finding.suggestions:
                region = evidence_findings.sentence_region(ctx, finding.start, finding.end)
                original = lang_totals[ctx.text[region[0] : region[1]]]
                candidates = [lang_totals[evidence_findings.apply_edit(ctx, region, finding.start, finding.end, s)] for s in finding.suggestions]
                finding = evidence_findings.rerank(finding, original, candidates)
            reranked.append(finding)
        taken = [(f.start, f.end) for f in reranked]
        for unit, candidates in suspects.get(index, []):
            best: tuple[float, evidence_findings.Edit] | None = None
            for edit, region, candidate in candidates:
                gain = lang_totals[candidate] - lang_totals[ctx.text[region[0] : region[1]]]
                if best is None or gain > best[0]:
                    best = (gain, edit)
            finding = evidence_findings.surprisal_finding(ctx, unit, threshold, best)
            if finding is None or any(finding.start < end and start < finding.end for start, end in taken):
                continue
            taken.append((finding.start, finding.end))
            reranked.append(finding)
        found[index] = reranked
    return {contexts[i].lang for i in usable}


# --------------------------------------------------------------------------- entry point


def gather_evidence(
    contexts: list[CheckContext],
    segments: list[list[Segment]],
    findings: list[list[Finding]],
    options: EvidenceOptions,
    settings: Settings,
) -> tuple[list[list[Finding]], Settings]:
    """Fill `segments` in place with model evidence and return every document's findings (fast
    checks' findings kept, their suggestions re-ranked by the LM, evidence findings added) and
    the settings with the engines and models that were used."""
    found = [list(f) for f in findings]
    translator, plans = choose_translator(contexts, options)
    lm = choose_lm(options)
    needs_cache = (translator is not None and translator.cacheable) or (lm is not None and lm.cacheable)
    cache = open_cache(options.use_cache, options.cache_dir) if needs_cache else NullCache()
    translator_models: list[str] = []
    lm_model = None
    try:
        if translator is not None and any(p is not None for p in plans):
            translator_models = translation_evidence(translator, plans, contexts, segments, found, cache)
        if lm is not None:
            langs = lm_evidence(lm, contexts, segments, found, cache)
            lm_model = lm.model_id() if lm.engine != "ngram" else ", ".join(sorted(_ngram_ids(langs))) or lm.model_id()
    finally:
        cache.close()
    used_translator = translator is not None and bool(translator_models)
    new_settings = replace(
        settings,
        translator=translator.engine if used_translator and translator else None,
        translator_model=", ".join(translator_models) if used_translator else None,
        lm=lm.engine if lm is not None else None,
        lm_model=lm_model,
        offline=not options.allow_download,
    )
    return found, new_settings


def _ngram_ids(langs: set[str]) -> set[str]:
    from mtaudit.evidence.lms.ngram import data_description

    return {data_description(lang) for lang in langs}

