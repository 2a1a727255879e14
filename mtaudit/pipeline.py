"""The audit, top to bottom: prepare → evidence → checks → rank → merge → score.

`audit()` is the one entry point used by the CLI and by library users. Each step is a named
function taking plain values; no step calls the next one:

- `prepare`: languages, sentences, words, sentence pairs → a `CheckContext` per document, with
  the run-wide case votes (`case_votes`) given to every context as a value;
- evidence (`mtaudit.evidence.gather`, only when asked for): back-translations, round trips and
  token scores attached to each context as `ctx.evidence`;
- `run_checks`: every selected check of the registry (`mtaudit.registry`) on each context;
- `rank_suggestions` (`mtaudit.rank`): the language model orders suggestions;
- `keep_findings`: findings silenced by inline comments (`mtaudit.suppress`, Markdown and HTML
  documents) and findings that would change a known name (`mtaudit.glossary.drop_known_names`)
  dropped;
- `merge_findings`: repeats and findings in code or markup debris dropped, sorted;
- `score_document`: MQM penalty and score (`mtaudit.scoring`).

The engines (`mtaudit.engines`, docs/engines.md) run the same steps in two passes over runs that
do not fit one process: `run_votes` (or `document_votes` per document) for the run-wide case
votes, then `audit_batch` / `audit_document` on any batch with those votes. `audit()` is the
second pass on the whole run, with votes from the contexts it has just prepared.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from mtaudit import __version__
from mtaudit.align import ParagraphAlignment, align_document
from mtaudit.checks.base import Check
from mtaudit.context import CheckContext
from mtaudit.errors import InputError
from mtaudit.glossary import drop_known_names
from mtaudit.langid import detect
from mtaudit.options import AuditOptions, EvidenceOptions
from mtaudit.rank import rank_suggestions
from mtaudit.records import AuditResult, Document, DocumentResult, Finding, Rule, Segment, SentencePair, Settings, is_empty_translation
from mtaudit.registry import ON_DEMAND, PARAGRAPH_RULES, rules, select_checks
from mtaudit.scoring import document_score, mqm_penalty
from mtaudit.segment import MARKDOWN_EXTENSIONS, Span, SpanIndex, Token, line_starts, markdown_code_spans, sentences, tokens, word_count
from mtaudit.suppress import apply_suppressions, unknown_rules

if TYPE_CHECKING:
    from mtaudit.evidence.gather import EvidenceRun

__all__ = ["AuditOptions", "BatchResult", "EvidenceOptions", "KeptWords", "TargetWords", "audit", "audit_batch", "audit_document", "document_on_demand", "planned_settings", "prepare", "run_votes"]


@dataclass(frozen=True)
class TargetWords:
    """The target's language, sentences, words (those in code left out) and spans that are no
    prose: what `prepare` and pass 1 (`document_votes`) both need, without the source. `votes`
    are the document's own mid-sentence case votes when pass 1 counted them (else None)."""

    lang: str
    sentences: list[Span]
    tokens: Sequence[Token]
    skipped: list[tuple[int, int]]
    votes: Counter[str] | None = None


def target_words(document: Document, options: AuditOptions) -> TargetWords:
    """Detect the target's language, segment it into sentences and tokenise it."""
    lang = document.target_lang or options.target_lang or detect(document.target)
    spans = sentences(document.target, lang)
    markdown = (document.path or "").lower().endswith(MARKDOWN_EXTENSIONS)
    skipped = markdown_code_spans(document.target) if markdown else []
    if document.location is not None and document.location.skipped:  # no prose, as the reader found (front matter, link targets, placeholders)
        skipped = sorted(skipped + list(document.location.skipped))
    # code is no prose: its words neither vote nor count as repeats
    words = tokens(document.target, spans, SpanIndex(skipped) if skipped else None)
    return TargetWords(lang, spans, words, skipped)


# How many characters of targets pass 1 keeps the words of for pass 2 (`KeptWords`): about 25 MB
# of `Token`s, enough for the 2,565 MQM segments (250,000 characters) four times over.
KEEP_WORDS_CHARS = 1 << 20


class KeptWords:
    """Pass 1's `TargetWords` of documents that pass 2 is given again as the very same objects
    (an input read once and kept in memory, see `mtaudit.engines.run.KEEP_BYTES`), so that each
    target is segmented, tokenised and counted once in the run instead of once per pass.

    Words are kept for at most `budget` characters of targets, so that memory stays bounded; a
    document beyond it is simply tokenised again by `prepare`. A document is known by its
    identity (the entry holds it, so its `id` cannot be reused), and its words are forgotten
    once taken."""

    def __init__(self, budget: int = KEEP_WORDS_CHARS) -> None:
        self._room = budget
        self._kept: dict[int, tuple[Document, TargetWords]] = {}

    def keep(self, document: Document, words: TargetWords) -> None:
        if len(document.target) <= self._room:
            self._room -= len(document.target)
            self._kept[id(document)] = (document, words)

    def take(self, document: Document) -> TargetWords | None:
        """The words kept for this very `document` object, or None."""
        entry = self._kept.pop(id(document), None)
        return entry[1] if entry is not None and entry[0] is document else None


def prepare(document: Document, options: AuditOptions, target: TargetWords | None = None) -> CheckContext:
    """Detect languages, segment into sentences, tokenise and align with the source. `target`:
    the target's words when pass 1 made them already (`KeptWords`)."""
    if target is None:
        target = target_words(document, options)
    lang, spans = target.lang, target.sentences
    # a declared source language counts without a source text too: `untranslated.word` then
    # looks for words of that language in the target alone
    declared_source_lang = document.source_lang or options.source_lang
    source_lang = declared_source_lang
    if document.source is not None and source_lang is None:
        source_lang = detect(document.source)
    pairs: list[SentencePair] = []
    paragraph_alignment: ParagraphAlignment | None = None
    notes: list[str] = []
    if document.source:
        try:
            alignment = align_document(document.source, source_lang or lang, document.target, spans)
            pairs, paragraph_alignment = alignment.pairs, alignment.paragraphs
        except InputError as exc:  # never drop the document: audit the target alone, and say so
            notes.append(f"{exc}; the target was audited without it")
            document, source_lang = replace(document, source=None), declared_source_lang
    return CheckContext(
        document, lang, source_lang, spans, target.tokens, pairs, skipped=target.skipped, glossary=options.glossary,
        dict_dirs=options.dict_dirs, double_hyphen_dashes=options.double_hyphen_dashes,
        spaced_hyphen_dashes=options.spaced_hyphen_dashes, notes=notes,
        paragraph_alignment=paragraph_alignment, own_case_votes=target.votes,
    )


def prepare_all(documents: list[Document], options: AuditOptions) -> tuple[list[CheckContext], list[str]]:
    """Prepare every document. In a batch, a document that cannot be audited (a source that does
    not match its target) is left out and reported, so the others are still audited; a single
    document's problem is raised."""
    if len(documents) == 1:
        return [prepare(documents[0], options)], []
    return prepare_each(documents, options)


def prepare_each(documents: list[Document], options: AuditOptions, kept: KeptWords | None = None) -> tuple[list[CheckContext], list[str]]:
    """Prepare every document, with the words pass 1 `kept` of it if any; one that cannot be
    prepared is an error line, not an exception."""
    contexts: list[CheckContext] = []
    errors: list[str] = []
    for document in documents:
        try:
            contexts.append(prepare(document, options, kept.take(document) if kept is not None else None))
        except InputError as exc:
            errors.append(f"{document.id}: {exc}")
    return contexts, errors


def case_votes(contexts: list[CheckContext]) -> Counter[str]:
    """The mid-sentence case counts of the whole run, so that a batch of segments from one talk
    or site agrees on which words are names there (`CheckContext.corpus_case_votes`)."""
    votes: Counter[str] = Counter()
    for ctx in contexts:
        votes.update(ctx.mid_sentence_case_votes)
    return votes


def run_checks(ctx: CheckContext, checks: list[Check]) -> list[Finding]:
    """Every finding of every check on one document."""
    findings: list[Finding] = []
    for item in checks:
        if (item.rule.needs_source and ctx.source is None) or (item.rule.needs_evidence and ctx.evidence is None):
            continue
        findings.extend(item(ctx))
    return findings


# Documents whose HTML comments can carry `<!-- mtaudit: ignore RULE -->` directives.
SUPPRESSIBLE_EXTENSIONS = (*MARKDOWN_EXTENSIONS, ".html", ".htm", ".xhtml")


def suppressible(ctx: CheckContext) -> bool:
    """True for a Markdown or HTML document, whose comments may hold suppression directives."""
    return (ctx.document.path or ctx.document.id).lower().endswith(SUPPRESSIBLE_EXTENSIONS)


def keep_findings(ctx: CheckContext, findings: list[Finding], names: frozenset[str]) -> list[Finding]:
    """`findings` without those an inline directive silences (Markdown and HTML documents) and
    those that would change a known name (`names`)."""
    if suppressible(ctx):
        findings = apply_suppressions(ctx.text, findings)
    return drop_known_names(ctx.text, findings, names) if names else findings


def directive_notes(contexts: list[CheckContext], rule_ids: list[str]) -> list[str]:
    """One note per suppression directive that names no rule (`<!-- mtaudit: ignore typgraphy -->`),
    with its document, line and the closest rule id: a directive that silences nothing is a mistake."""
    return [f"{ctx.document.id}: {problem}" for ctx in contexts if suppressible(ctx) for problem in unknown_rules(ctx.text, rule_ids)]


def on_demand_checks(contexts: list[CheckContext], options: AuditOptions) -> frozenset[str]:
    """The on-demand rules (`mtaudit.registry.ON_DEMAND`) this run needs: the glossary check when
    a glossary is given, the empty-target check when a document has an empty target and a source,
    the paragraph checks when a document has a source."""
    needed: set[str] = set()
    if options.glossary is not None:
        needed.add("terminology.glossary")
    if any(is_empty_translation(ctx.text, ctx.source) for ctx in contexts):
        needed.add("source.empty-target")
    # a document given with a source (one audited without it because it did not look like its
    # source, which `ctx.notes` says, counts too): what pass 1 of a streamed run sees as well
    if any(ctx.source or ctx.notes for ctx in contexts):
        needed |= PARAGRAPH_RULES
    return frozenset(needed)


def build_segments(ctx: CheckContext) -> list[Segment]:
    """One report segment per target sentence, with its aligned source text when there is one and
    its model evidence (back-translation, scores, token surprisal) when the run gathered some."""
    source_of: dict[int, str] = {}
    for pair in ctx.pairs:
        if pair.target_sentences:
            source_of[pair.target_sentences[0]] = pair.source_text
    segments = [Segment(i, s.start, s.end, source=source_of.get(i)) for i, s in enumerate(ctx.sentences)]
    for index, evidence in (ctx.evidence.sentences.items() if ctx.evidence else []):
        segment = segments[index]
        segment.backtranslation = evidence.backtranslation
        segment.scores = dict(evidence.scores)
        segment.token_surprisal = list(evidence.token_surprisal)
    return segments


def merge_findings(findings: list[Finding], skipped: list[tuple[int, int]] | None = None) -> list[Finding]:
    """Drop repeats, findings that start in `skipped` spans (Markdown code), and findings that
    start inside or right after markup debris (the debris is to be removed, so what else is wrong with it does
    not matter), then sort by position and rule.

    A repeat is the same rule on the same span, or two rules proposing the same correction of the
    same span ("newsnight" → "Newsnight" from both `case.lowercase-name` and `consistency.case`):
    the more confident finding stays (on a tie, the first rule id).
    """
    import itertools

    # Debris spans sorted by start, with the furthest end reached so far: whether a position lies
    # in (or right after) some debris span is one binary search, not a scan of every span.
    debris = sorted((f.start, f.end) for f in findings if f.category == "artefact/markup")
    debris_starts = [s for s, _ in debris]
    reach = list(itertools.accumulate((e for _, e in debris), max))
    code = SpanIndex(skipped or [])
    kept: list[Finding] = []
    seen: set[tuple[str, int, int]] = set()
    for finding in sorted(findings, key=lambda f: (-f.confidence, f.rule)):
        if finding.start in code:
            continue
        # inside debris, or on the word right after it, which starts the text anew ("10:45 The
        # minister"); a finding that merely contains debris (a whole sentence) stays
        if finding.category != "artefact/markup":
            last = bisect.bisect_right(debris_starts, finding.start) - 1
            if last >= 0 and reach[last] >= finding.start:
                continue
        keys = {(finding.rule, finding.start, finding.end)}
        if finding.suggestions:
            keys.add(("→" + finding.suggestions[0], finding.start, finding.end))
        if keys & seen:
            continue
        seen |= keys
        kept.append(finding)
    return sorted(kept, key=Finding.sort_key)


def locate_findings(document: Document, findings: list[Finding]) -> list[Finding]:
    """Each finding with its `location` in the original file (line, column and, for a unit of a
    bilingual file, the unit), from the reader's offset map; findings of a JSONL record or of
    standard input have none."""
    if document.location is None and document.path is None:
        return findings
    from mtaudit.readers import location_of

    starts = line_starts(document.target) if document.location is None else None
    return [replace(f, location=location_of(document, f.start, starts)) for f in findings]


def target_word_count(ctx: CheckContext) -> int:
    """`word_count` of the target: the number of its tokens when they are exactly the words of the
    whole text (no span left out as code, and nothing but whitespace before, between and after its
    sentences, so that no word is cut at a sentence boundary or lies outside every sentence), else
    the words counted again."""
    if ctx.skipped:
        return word_count(ctx.text)
    text, end = ctx.text, 0
    for span in ctx.sentences:
        gap = text[end : span.start]
        if (end and not gap) or (gap and not gap.isspace()):
            return word_count(text)
        end = span.end
    rest = text[end:]
    return len(ctx.tokens) if not rest or rest.isspace() else word_count(text)


def score_document(ctx: CheckContext, segments: list[Segment], findings: list[Finding]) -> DocumentResult:
    """The finished result of one document."""
    findings = locate_findings(ctx.document, findings)
    words = target_word_count(ctx)
    mqm = mqm_penalty(findings)
    return DocumentResult(ctx.document, ctx.lang, ctx.source_lang, segments, findings, words, document_score(mqm, words), mqm, list(ctx.notes))


# --------------------------------------------------------------------------- per document, in batches
#
# `audit()` below audits a whole run in one process. The engines (`mtaudit.engines`) audit a run
# that does not fit in one process, or in one machine, in two passes built from the same steps:
#
# 1. `run_votes` (or `document_votes` per document, summed): the run-wide case votes, the one
#    value that depends on every document of the run. Counters are summed, so the order and the
#    partitioning of pass 1 do not matter.
# 2. `audit_batch` (or `audit_document`) on any batch of documents with those votes: what a
#    document gets depends only on the document, the options and the votes, never on the other
#    documents of its batch, so every engine and every partitioning gives the same documents.
#
# The exception is model evidence: `gather_evidence` computes the surprisal threshold of
# `lm.surprisal` over the documents it is given, so under model evidence a document's findings
# depend on its batch. The engines therefore cut batches by input order at a fixed size
# (`--batch-size`), never by worker, so the number of workers still changes nothing.

# Gathers the model evidence of a batch of contexts (default: `mtaudit.evidence.gather.gather_evidence`).
EvidenceGatherer = Callable[[list[CheckContext], EvidenceOptions], "EvidenceRun"]


@dataclass
class BatchResult:
    """What `audit_batch` produced for a batch: the finished documents (input order, those that
    could not be audited left out), their problems (`"id: what is wrong"`), notes, and the settings
    and rules the batch ran with (`Settings.checks` lists the on-demand rules only when a document
    of the batch needed them, as a whole run's report does)."""

    documents: list[DocumentResult]
    settings: Settings
    rules: tuple[Rule, ...] = ()
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def document_votes(document: Document, options: AuditOptions, kept: KeptWords | None = None) -> Counter[str]:
    """Pass 1 for one document: its mid-sentence case votes, which depend on the target's
    sentences and words only. The source is neither detected nor aligned here (half the time of
    `prepare` on a file of segment pairs): the votes are the same whatever the alignment finds,
    since `prepare` audits a document whose source does not match it without that source. The
    target's words and votes go to `kept` when given, for pass 2's `prepare`."""
    target = target_words(document, options)
    votes = CheckContext(document, target.lang, None, target.sentences, target.tokens, skipped=target.skipped).mid_sentence_case_votes
    if kept is not None:
        kept.keep(document, replace(target, votes=votes))
    return votes


def document_on_demand(document: Document, options: AuditOptions) -> frozenset[str]:
    """Pass 1 for one document, when the report's settings are written before its first document
    (a streamed JSON report): the on-demand rules this document makes the run select
    (`on_demand_checks`). Only a document whose target is empty and whose source is not is
    prepared, so this costs nothing on any other."""
    if not is_empty_translation(document.target, document.source):
        return on_demand_checks([], options) | (PARAGRAPH_RULES if document.source else frozenset())
    try:
        return on_demand_checks([prepare(document, options)], options)
    except InputError:
        return on_demand_checks([], options)


def planned_settings(options: AuditOptions, on_demand: frozenset[str]) -> tuple[Settings, tuple[Rule, ...]]:
    """The settings and rules of a run without model evidence whose documents needed the
    `on_demand` rules: what `audit()` reports for it, known before any document is audited."""
    checks = select_checks(options.select, options.ignore, evidence=False, on_demand=on_demand)
    return Settings(checks=tuple(c.rule.id for c in checks)), tuple(c.rule for c in checks)


def run_votes(documents: Iterable[Document], options: AuditOptions | None = None) -> Counter[str]:
    """Pass 1 of a run: the case votes of all `documents`, the value `audit()` gives every context
    (`case_votes`). Reads the documents once, one at a time; memory grows with the vocabulary only."""
    options = options or AuditOptions()
    votes: Counter[str] = Counter()
    for document in documents:
        votes.update(document_votes(document, options))
    return votes


def audit_batch(
    documents: list[Document],
    options: AuditOptions,
    votes: Counter[str],
    gather: EvidenceGatherer | None = None,
    kept: KeptWords | None = None,
) -> BatchResult:
    """Pass 2 on a batch: every document of `documents` audited with the run's `votes`.

    A document that cannot be prepared is an error of the batch, not an exception, so the other
    documents are still audited. `gather` replaces the evidence step (a model actor passes one
    whose engines stay loaded between batches); it is used only when `options` asks for evidence.
    `kept`: the words pass 1 kept of these documents (`KeptWords`), so they are not made again.
    """
    contexts, errors = prepare_each(documents, options, kept)
    batch = audit_contexts(contexts, options, votes, gather)
    batch.errors[:0] = errors
    return batch


def audit_document(document: Document, options: AuditOptions, votes: Counter[str], engines: EvidenceGatherer | None = None) -> DocumentResult:
    """One document audited with the run's `votes`: the `DocumentResult` that `audit()` gives it in
    a run whose case votes are `votes`. `engines` gathers its model evidence (as `audit_batch`'s
    `gather`). Raises `InputError` when the document cannot be audited."""
    return audit_contexts([prepare(document, options)], options, votes, engines).documents[0]


def audit_contexts(contexts: list[CheckContext], options: AuditOptions, votes: Counter[str], gather: EvidenceGatherer | None = None) -> BatchResult:
    """evidence → checks → rank → merge → score on prepared contexts, with the run's `votes`."""
    contexts = [replace(ctx, corpus_case_votes=votes) for ctx in contexts]
    settings = Settings(checks=())
    notes: list[str] = []
    run = None
    if options.evidence.enabled:
        if gather is None:
            from mtaudit.evidence.gather import gather_evidence

            gather = gather_evidence
        run = gather(contexts, options.evidence)
        contexts = [replace(ctx, evidence=evidence) for ctx, evidence in zip(contexts, run.evidence, strict=True)]
        settings = Settings((), run.translator, run.translator_model, run.lm, run.lm_model, offline=not options.evidence.allow_download)
        notes = list(run.notes)
    # The on-demand checks are chosen per document, so that a document's findings do not depend
    # on the others of its batch; the settings list those any document of the batch needed.
    checks = select_checks(options.select, options.ignore, evidence=run is not None, on_demand=on_demand_checks(contexts, options))
    names = options.names | (options.glossary.names() if options.glossary is not None else frozenset())
    try:
        findings = [keep_findings(ctx, rank_suggestions(ctx, run_checks(ctx, document_checks(ctx, checks, options))), names) for ctx in contexts]
    finally:
        if run is not None:
            run.close()
    settings = replace(settings, checks=tuple(c.rule.id for c in checks))
    notes = notes + directive_notes(contexts, list(rules()))
    results = [
        score_document(ctx, build_segments(ctx), merge_findings(found, ctx.skipped)) for ctx, found in zip(contexts, findings, strict=True)
    ]
    # A document audited without its source is kept, and its problem still makes the run's exit code 2.
    problems = [f"{doc.document.id}: {note}" for doc in results for note in doc.notes]
    return BatchResult(results, settings, tuple(c.rule for c in checks), errors=problems, notes=notes)


def document_checks(ctx: CheckContext, checks: list[Check], options: AuditOptions) -> list[Check]:
    """`checks` without the on-demand ones this document does not need itself."""
    needed = on_demand_checks([ctx], options)
    return [c for c in checks if c.rule.id not in ON_DEMAND or c.rule.id in needed]


def audit(documents: list[Document], options: AuditOptions | None = None, gather: EvidenceGatherer | None = None) -> AuditResult:
    """Audit documents and return the result that every output format renders. `gather` replaces
    the evidence step, as in `audit_batch` (`mtaudit serve` passes one with shared engines)."""
    options = options or AuditOptions()
    contexts, errors = prepare_all(documents, options)
    batch = audit_contexts(contexts, options, case_votes(contexts), gather)
    return AuditResult(batch.documents, batch.settings, __version__, errors + batch.errors, rules=batch.rules, notes=batch.notes)
