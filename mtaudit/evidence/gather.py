"""`gather_evidence`: the evidence step of the pipeline (see the package docstring).

It only produces data: for each document an `Evidence` record (back-translations, round trips,
token scores and the language model's scorer, `mtaudit.evidence.data`) that the pipeline attaches
to the document's context, the engines and models it used, and notes on evidence it skipped.
The `bt.*` and `lm.*` checks turn the data into findings; `mtaudit.rank` re-ranks suggestions.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mtaudit.errors import ModelError
from mtaudit.evidence.bleualign import realign
from mtaudit.evidence.cache import NullCache, open_cache
from mtaudit.evidence.data import Backtranslation, Evidence, ForcedScore, RoundTrip, Unit
from mtaudit.evidence.lms.base import LanguageModel, LMConfig, TokenScore, load_lm
from mtaudit.evidence.translators.base import ForcedToken, Translator, TranslatorConfig, load_translator
from mtaudit.options import EvidenceOptions
from mtaudit.segment import sentences

if TYPE_CHECKING:
    from mtaudit.context import CheckContext

DEFAULT_TRANSLATORS = ("hf", "apertium")
DEFAULT_LM = "ngram"
SURPRISAL_MADS = 3.0
SURPRISAL_FLOOR_BITS = 6.0  # above the run median, whatever the spread

# How an engine is built from its name and configuration (`load_translator`, `load_lm`).
TranslatorLoader = Callable[[str, TranslatorConfig], Translator]
LMLoader = Callable[[str, LMConfig], LanguageModel]


@dataclass
class EvidenceRun:
    """What the evidence step produced for a run: one `Evidence` per document (None for none),
    the engines and models used (for the report's settings), and notes on what was skipped.

    The language model's scorer in each `Evidence` reads and fills the on-disk cache, so the
    pipeline calls `close()` once the checks and the ranking are done.
    """

    evidence: list[Evidence | None]
    translator: str | None = None
    translator_model: str | None = None
    lm: str | None = None
    lm_model: str | None = None
    notes: list[str] = field(default_factory=list)
    cache: NullCache = field(default_factory=NullCache)

    def close(self) -> None:
        self.cache.close()


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
        return DocPlan("bt", ctx.source_lang, forward=engine.serves_forward and engine.available(ctx.source_lang, ctx.lang))
    pivots = [ctx.source_lang] if ctx.source_lang and ctx.source_lang != ctx.lang else engine.pivots(ctx.lang)
    for pivot in pivots:
        if engine.available(ctx.lang, pivot) and engine.available(pivot, ctx.lang):
            return DocPlan("rt", pivot)
    return None


def choose_translator(
    contexts: list[CheckContext], options: EvidenceOptions, notes: list[str], load: TranslatorLoader | None = None
) -> tuple[Translator | None, list[DocPlan | None]]:
    """The translation engine and each document's plan; raises `ModelError` for a named engine
    that cannot serve a document. What is skipped is said in `notes`. `load` builds an engine
    (default `load_translator`)."""
    load = load or load_translator
    name = options.translator
    if name == "none":
        return None, [None] * len(contexts)
    if name is None and options.backtranslations:
        name = "precomputed"
    if name is None and options.translator_model:
        name = "hf"
    config = TranslatorConfig(
        model=options.translator_model, device=options.device, allow_download=options.allow_download, path=options.backtranslations, precision=options.precision
    )
    if name is not None:
        engine = load(name, config)
        plans = []
        for ctx in contexts:
            plan = plan_document(engine, ctx)
            if plan is None:
                if ctx.source is not None and ctx.source_lang:
                    engine.require(ctx.lang, ctx.source_lang)
                pivots = engine.pivots(ctx.lang)
                if not pivots:
                    notes.append(f"{name}: no round trip for {ctx.document.id} (it has no source to back-translate into)")
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
        engine = load(candidate, config)
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
        notes.append(
            f"back-translation skipped for {len(missing)} document(s) ({ctx.lang}→{other}): it needs a translation model; "
            f"run `mtaudit models pull {model}` or install an Apertium pair; language-model evidence still runs"
        )
    return best[1], best[2]


def choose_lm(options: EvidenceOptions, load: LMLoader | None = None) -> LanguageModel | None:
    """The language model asked for, `ngram` under `--deep`, or None. `load` builds it (default `load_lm`)."""
    load = load or load_lm
    name = options.lm
    if name == "none":
        return None
    if name is None and options.lm_model:
        name = "hf"
    if name is None:
        if not options.deep:
            return None
        name = DEFAULT_LM
    return load(name, LMConfig(model=options.lm_model, device=options.device, allow_download=options.allow_download, precision=options.precision))


# --------------------------------------------------------------------------- cached engine calls


def runtime_key(runtime: dict[str, str]) -> dict[str, str | None]:
    """The `device=`/`precision=` cache-key arguments of an engine's runtime (None: not in the key,
    so engines that do not depend on them keep their keys)."""
    return {"device": runtime.get("device"), "precision": runtime.get("precision")}


def cached_translate(engine: Translator, cache: NullCache, texts: list[str], src: str, tgt: str) -> dict[str, str]:
    """Translations of the distinct `texts`, from the cache where possible, by text."""
    unique = list(dict.fromkeys(t for t in texts if t.strip()))
    if not unique:
        return {}
    namespace = {
        "kind": "translate", "engine": engine.engine, "model": engine.model_id(src, tgt),
        "revision": engine.revision(src, tgt), "params": engine.params(), "src": src, "tgt": tgt,
    }
    where = runtime_key(engine.runtime() if engine.cacheable else {})
    found: dict[str, Any] = cache.get_many(namespace, unique, **where) if engine.cacheable else {}
    missing = [t for t in unique if t not in found]
    if missing:
        results = engine.translate(missing, src, tgt)
        fresh = dict(zip(missing, results, strict=True))
        found.update(fresh)
        if engine.cacheable:
            cache.put_many(namespace, fresh, **where)  # empty results too: not asked again
    return {t: str(found[t]) for t in unique}


def cached_score(engine: LanguageModel, cache: NullCache, texts: list[str], lang: str) -> dict[str, list[TokenScore]]:
    """LM token scores of the distinct `texts`, from the cache where possible, by text."""
    unique = list(dict.fromkeys(texts))
    if not unique:
        return {}
    namespace = {"kind": "lm", "engine": engine.engine, "model": engine.model_id(), "revision": engine.revision(), "params": engine.params(), "lang": lang}
    where = runtime_key(engine.runtime() if engine.cacheable else {})
    raw: dict[str, Any] = cache.get_many(namespace, unique, **where) if engine.cacheable else {}
    out = {t: [TokenScore(int(s), int(e), float(lp)) for s, e, lp in value] for t, value in raw.items()}
    missing = [t for t in unique if t not in out]
    if missing:
        fresh = dict(zip(missing, engine.score(missing, lang), strict=True))
        out.update(fresh)
        if engine.cacheable:
            cache.put_many(namespace, {t: [[s.start, s.end, s.logprob] for s in scores] for t, scores in fresh.items()}, **where)
    return out


# --------------------------------------------------------------------------- translation evidence


def translation_evidence(
    engine: Translator, plans: list[DocPlan | None], contexts: list[CheckContext], evidence: list[Evidence], cache: NullCache, notes: list[str]
) -> list[str]:
    """Re-align documents whose source the engine can translate forward (`bleualign.realign`),
    then back-translate / round-trip every document (batched per direction across documents) and
    record the results in each document's `evidence`. Returns the model ids used."""
    # Every source sentence translated forward first, in one batch per direction: the same
    # translations realign the documents and serve the forward translations of the pairs.
    prefetch: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ctx, plan in zip(contexts, plans, strict=True):
        if plan is not None and plan.kind == "bt" and plan.forward and ctx.source:
            prefetch[(plan.lang, ctx.lang)].extend(ctx.source[span.start : span.end] for span in sentences(ctx.source, plan.lang))
    forward_done = {direction: cached_translate(engine, cache, texts, *direction) for direction, texts in prefetch.items()}
    for ctx, plan in zip(contexts, plans, strict=True):
        if plan is not None and plan.kind == "bt" and plan.forward and ctx.source and len(ctx.sentences) > 1:
            known = forward_done.get((plan.lang, ctx.lang), {})
            realigned = realign(ctx.source, plan.lang, ctx.text, ctx.sentences, lambda texts, known=known: [known.get(t, "") for t in texts], ctx.pairs)
            if realigned:
                ctx.pairs = realigned
    jobs: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_segment = getattr(engine, "translate_segments", None)
    keyed: dict[int, dict[str, str]] = {}  # document index → its back-translations, by text
    for index, (ctx, plan) in enumerate(zip(contexts, plans, strict=True)):
        if plan is None:
            continue
        if plan.kind == "bt" and by_segment is not None:  # a file keyed by segment id or text
            targets = [ctx.text[p.target_start : p.target_end] for p in ctx.pairs if p.source_text.strip()]
            keyed[index] = dict(zip(targets, by_segment([(ctx.document.id, t) for t in targets]), strict=True))
        elif plan.kind == "bt":
            for pair in ctx.pairs:
                if pair.source_text.strip():
                    jobs[(ctx.lang, plan.lang)].append(ctx.text[pair.target_start : pair.target_end])
                    if plan.forward and pair.source_text not in forward_done.get((plan.lang, ctx.lang), {}):
                        jobs[(plan.lang, ctx.lang)].append(pair.source_text)
        else:
            jobs[(ctx.lang, plan.lang)].extend(ctx.text[s.start : s.end] for s in ctx.sentences)
    done = {direction: cached_translate(engine, cache, texts, *direction) for direction, texts in jobs.items()}
    for direction, known in forward_done.items():
        done[direction] = {**known, **done.get(direction, {})}
    second: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ctx, plan in zip(contexts, plans, strict=True):
        if plan is not None and plan.kind == "rt":
            first = done.get((ctx.lang, plan.lang), {})
            second[(plan.lang, ctx.lang)].extend(first.get(ctx.text[s.start : s.end], "") for s in ctx.sentences)
    for direction, texts in second.items():
        done[direction] = {**done.get(direction, {}), **cached_translate(engine, cache, texts, *direction)}
    directions = list(jobs) + list(second) + list(forward_done) + [(contexts[i].lang, plans[i].lang) for i in keyed]  # type: ignore[union-attr]
    models = sorted({engine.model_id(*direction) for direction in directions})
    notes.extend(direction_notes(engine, directions))
    for index, (ctx, plan, record) in enumerate(zip(contexts, plans, evidence, strict=True)):
        if plan is None:
            continue
        if plan.kind == "bt":
            back = keyed[index] if index in keyed else done.get((ctx.lang, plan.lang), {})
            forward = done.get((plan.lang, ctx.lang), {})
            for pair in ctx.pairs:
                target = ctx.text[pair.target_start : pair.target_end]
                bt = back.get(target, "")
                if not bt or not pair.target_sentences:
                    continue
                metrics = sentence_metrics(bt, pair.source_text, plan.lang)
                sentence = record.sentence(pair.target_sentences[0])
                sentence.backtranslation = bt
                sentence.scores.update({f"bt_{k}": v for k, v in metrics.items()})
                fwd = forward.get(pair.source_text) if plan.forward else None
                if fwd:
                    sentence.scores["fwd_chrf"] = sentence_metrics(fwd, target, ctx.lang)["chrf"]
                record.backtranslations.append(Backtranslation(pair, bt, fwd, metrics))
        else:
            there = done.get((ctx.lang, plan.lang), {})
            back = done.get((plan.lang, ctx.lang), {})
            for index, span in enumerate(ctx.sentences):
                text = ctx.text[span.start : span.end]
                pivot_text = there.get(text, "")
                roundtrip = back.get(pivot_text, "") if pivot_text else ""
                if not roundtrip:
                    continue
                metrics = sentence_metrics(roundtrip, text, ctx.lang)
                sentence = record.sentence(index)
                sentence.backtranslation = pivot_text
                sentence.scores.update({f"roundtrip_{k}": v for k, v in metrics.items()})
                record.roundtrips.append(RoundTrip(span.start, span.end, roundtrip, plan.lang, pivot_text, metrics))
    lines = chrf_lines(evidence)
    for record in evidence:
        record.chrf_lines = lines
    return models


def cached_forced(engine: Translator, cache: NullCache, sources: list[str], targets: list[str], src: str, tgt: str) -> dict[tuple[str, str], list[ForcedToken]]:
    """Forced-decoding scores of distinct (source, target) pairs, from the cache where possible.
    The key holds the device and precision the engine runs with: half precision changes scores."""
    unique = list(dict.fromkeys((a, b) for a, b in zip(sources, targets, strict=True) if a.strip() and b.strip()))
    if not unique:
        return {}
    namespace = {"kind": "forced", "engine": engine.engine, "model": engine.model_id(src, tgt), "revision": engine.revision(src, tgt), "src": src, "tgt": tgt}
    where = runtime_key(engine.runtime() if engine.cacheable else {})
    keys = {f"{a}\x00{b}": (a, b) for a, b in unique}
    raw: dict[str, Any] = cache.get_many(namespace, list(keys), **where) if engine.cacheable else {}
    out: dict[tuple[str, str], list[ForcedToken]] = {}
    for key, value in raw.items():
        try:
            out[keys[key]] = [ForcedToken(int(a), int(b), float(lp), str(best), float(blp)) for a, b, lp, best, blp in value]
        except (TypeError, ValueError):
            continue  # not the shape of this kind: computed again
    missing = [pair for pair in unique if pair not in out]
    if missing:
        fresh = dict(zip(missing, engine.score([a for a, _ in missing], [b for _, b in missing], src, tgt), strict=True))
        out.update(fresh)
        if engine.cacheable:
            stored = {f"{a}\x00{b}": [[t.start, t.end, t.logprob, t.best, t.best_logprob] for t in tokens] for (a, b), tokens in fresh.items()}
            cache.put_many(namespace, stored, **where)  # empty results too
    return out


def mean_logprob(tokens: list[ForcedToken]) -> float | None:
    """Nats per token, None without tokens."""
    return sum(t.logprob for t in tokens) / len(tokens) if tokens else None


def scoring_evidence(engine: Translator, plans: list[DocPlan | None], contexts: list[CheckContext], evidence: list[Evidence], cache: NullCache) -> None:
    """Forced decoding of every aligned sentence pair: the target given the source with the
    forward model (token scores for `tm.*`, mean as `tm_forward`) and the source given the target
    with the backward model (`tm_backward`), batched per direction across documents. Sets the
    run-wide token surprisal line (`tm_threshold`)."""
    work: list[tuple[int, Any, str]] = []
    for index, (ctx, plan) in enumerate(zip(contexts, plans, strict=True)):
        if plan is None or plan.kind != "bt":
            continue
        for pair in ctx.pairs:
            target = ctx.text[pair.target_start : pair.target_end]
            if pair.source_text.strip() and target.strip():
                work.append((index, pair, target))
    results: dict[tuple[str, str], dict[tuple[str, str], list[ForcedToken]]] = {}
    for lang_pair in dict.fromkeys((contexts[i].source_lang or "", contexts[i].lang) for i, _, _ in work):
        src, tgt = lang_pair
        items = [(p.source_text, t) for i, p, t in work if (contexts[i].source_lang, contexts[i].lang) == lang_pair]
        if engine.available(src, tgt):
            results[(src, tgt)] = cached_forced(engine, cache, [a for a, _ in items], [b for _, b in items], src, tgt)
        if engine.available(tgt, src):
            results[(tgt, src)] = cached_forced(engine, cache, [b for _, b in items], [a for a, _ in items], tgt, src)
    for index, pair, target in work:
        ctx, record = contexts[index], evidence[index]
        src, tgt = ctx.source_lang or "", ctx.lang
        forward = results.get((src, tgt), {}).get((pair.source_text, target), [])
        backward = results.get((tgt, src), {}).get((target, pair.source_text), [])
        if not forward and not backward:
            continue
        shifted = [ForcedToken(t.start + pair.target_start, t.end + pair.target_start, t.logprob, t.best, t.best_logprob) for t in forward]
        score = ForcedScore(pair, shifted, mean_logprob(forward), mean_logprob(backward))
        record.forced.append(score)
        for number in pair.target_sentences:
            sentence = record.sentence(number)
            if score.forward is not None:
                sentence.scores["tm_forward"] = round(score.forward, 4)
            if score.backward is not None:
                sentence.scores["tm_backward"] = round(score.backward, 4)
    bits = [-t.logprob / math.log(2) for record in evidence for item in record.forced for t in item.tokens if t.end > t.start]
    line = surprisal_threshold(bits)
    for record in evidence:
        record.tm_threshold = line


def direction_notes(engine: Translator, directions: list[tuple[str, str]]) -> list[str]:
    """Warnings for models used for a language pair they were not made for (a one-pair Marian
    model named with `--translator-model` serves both directions of a back-translation)."""
    notes = [note for direction in dict.fromkeys(directions) if (note := engine.pair_warning(*direction))]
    seen: dict[str, tuple[str, str]] = {}
    for src, tgt in dict.fromkeys(directions):
        model = engine.model_id(src, tgt)
        other = seen.setdefault(model, (src, tgt))
        if other == (tgt, src) and not engine.multilingual(src, tgt) and not notes:
            notes.append(f"{engine.engine}: {model} is used for both {src}→{tgt} and {tgt}→{src}; a one-pair model serves one direction: give a template such as 'Helsinki-NLP/opus-mt-{{src}}-{{tgt}}'")
    return notes


MIN_SENTENCES_FOR_LINES = 8
LINE_SPREADS = 3.0
LINE_MIN_GAP = 15.0  # chrF points below the median, whatever the spread


def relative_line(values: list[float]) -> float | None:
    """The median less max(3 robust SDs, 15 points) of the run's values, or None for fewer than
    eight: a sentence far worse than the rest of the run, whatever the engine's usual level."""
    if len(values) < MIN_SENTENCES_FOR_LINES:
        return None
    return statistics.median(values) - max(LINE_SPREADS * robust_spread(values), LINE_MIN_GAP)


def chrf_lines(evidence: list[Evidence]) -> dict[str, float]:
    """The run's chrF lines for the `bt.*` checks: "bt" (mistranslation) and "align" (where
    omissions and additions are looked for, 2 robust SDs above "bt") from the back-translations,
    "roundtrip" from the round trips. Keys are missing when the run has too few sentences."""
    back = [item.metrics["chrf"] for record in evidence for item in record.backtranslations]
    trips = [trip.metrics["chrf"] for record in evidence for trip in record.roundtrips]
    lines: dict[str, float] = {}
    if (line := relative_line(back)) is not None:
        lines["bt"] = line
        lines["align"] = statistics.median(back)
    if (line := relative_line(trips)) is not None:
        lines["roundtrip"] = line
    return lines


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



# --------------------------------------------------------------------------- language-model evidence


def lm_evidence(engine: LanguageModel, contexts: list[CheckContext], evidence: list[Evidence], cache: NullCache, notes: list[str]) -> set[str]:
    """Score every sentence, record token surprisal, the words' surprisal units and the run-wide
    surprisal threshold, and hand each document the model's scorer. Returns the languages scored."""
    usable = []
    for index, ctx in enumerate(contexts):
        if not engine.supports(ctx.lang):
            notes.append(f"{engine.engine} language model: no data for {ctx.lang!r}; no LM evidence for {ctx.document.id}")
            continue
        engine.require(ctx.lang)
        usable.append(index)
    by_lang: dict[str, list[str]] = defaultdict(list)
    for index in usable:
        ctx = contexts[index]
        by_lang[ctx.lang].extend(ctx.text[s.start : s.end] for s in ctx.sentences)
    scored = {lang: cached_score(engine, cache, texts, lang) for lang, texts in by_lang.items()}
    for index in usable:
        ctx, record = contexts[index], evidence[index]
        for number, span in enumerate(ctx.sentences):
            scores = scored[ctx.lang].get(ctx.text[span.start : span.end], [])
            if not scores:
                continue
            mean = sum(s.logprob for s in scores) / len(scores)
            sentence = record.sentence(number)
            sentence.scores["lm_logprob"] = round(mean, 4)
            sentence.scores["lm_ppl"] = round(math.exp(min(-mean, 700)), 3)
            sentence.token_surprisal = [(s.start + span.start, s.end + span.start, s.bits) for s in scores]
            record.units.extend(units_of_sentence(ctx, number, scores))
    all_bits = [u.bits for index in usable for u in evidence[index].units]
    threshold = surprisal_threshold(all_bits)
    spread = robust_spread(all_bits)
    for index in usable:
        record = evidence[index]
        record.surprisal_threshold = threshold
        record.surprisal_spread = spread
        record.lm_totals = _scorer(engine, cache, contexts[index].lang)
    return {contexts[i].lang for i in usable}


def _scorer(engine: LanguageModel, cache: NullCache, lang: str) -> Callable[[list[str]], dict[str, float]]:
    """The total log-probability of texts under `engine` in `lang`, through the cache."""

    def totals(texts: list[str]) -> dict[str, float]:
        return {t: sum(s.logprob for s in scores) for t, scores in cached_score(engine, cache, texts, lang).items()}

    return totals


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


def robust_spread(all_bits: list[float]) -> float:
    """1.4826 × the median absolute deviation: a standard deviation that outliers do not move."""
    if not all_bits:
        return 0.0
    median = statistics.median(all_bits)
    return statistics.median(abs(b - median) for b in all_bits) * 1.4826


def surprisal_threshold(all_bits: list[float]) -> float:
    """Median + 3 robust standard deviations (1.4826 × MAD) of the run, at least median + 6 bits."""
    if not all_bits:
        return math.inf
    median = statistics.median(all_bits)
    mad = statistics.median(abs(b - median) for b in all_bits) * 1.4826
    return median + max(SURPRISAL_MADS * mad, SURPRISAL_FLOOR_BITS)



# --------------------------------------------------------------------------- entry point


def gather_evidence(
    contexts: list[CheckContext], options: EvidenceOptions, translator_loader: TranslatorLoader | None = None, lm_loader: LMLoader | None = None
) -> EvidenceRun:
    """The model evidence of every document, and the engines that produced it. Raises
    `ModelError` when an engine that was asked for by name cannot run.

    `translator_loader` and `lm_loader` replace `load_translator` and `load_lm`: `mtaudit serve`
    passes loaders that hand out engines loaded once and shared by concurrent requests."""
    notes: list[str] = []
    translator, plans = choose_translator(contexts, options, notes, translator_loader)
    lm = choose_lm(options, lm_loader)
    needs_cache = (translator is not None and translator.cacheable) or (lm is not None and lm.cacheable)
    cache = open_cache(options.use_cache, options.cache_dir) if needs_cache else NullCache()
    evidence = [Evidence() for _ in contexts]
    run = EvidenceRun(list(evidence), notes=notes, cache=cache)
    try:
        if translator is not None and any(p is not None for p in plans):
            translator_models = translation_evidence(translator, plans, contexts, evidence, cache, notes)
            if translator.can_score:
                scoring_evidence(translator, plans, contexts, evidence, cache)
            coverage = getattr(translator, "coverage_note", None)
            if coverage is not None:
                note = coverage()
                if note:
                    notes.append(note)
                if getattr(translator, "requested", 0) and not getattr(translator, "matched", 0):
                    raise ModelError(f"{note}: no back-translation matched; is the file for these texts (keys: the target sentence or the segment id)?")
            if translator_models:
                run.translator, run.translator_model = translator.engine, ", ".join(translator_models)
        if lm is not None:
            langs = lm_evidence(lm, contexts, evidence, cache, notes)
            run.lm = lm.engine
            run.lm_model = lm.model_id() if lm.engine != "ngram" else ", ".join(sorted(_ngram_ids(langs))) or lm.model_id()
    except BaseException:
        cache.close()
        raise
    return run


def _ngram_ids(langs: set[str]) -> set[str]:
    from mtaudit.evidence.lms.ngram import data_description

    return {data_description(lang) for lang in langs}
