"""The driver: read the inputs, run an engine's two passes, stream the results out.

`run_engine` is what `mtaudit audit --engine …` calls. Documents are read by mtaudit's readers
(`mtaudit.readers.iter_documents`) one at a time, twice: once for the case votes, once for the
audit, so that neither pass holds the run's documents. Standard input cannot be read twice: its
documents are kept in memory (a file is the way to audit a large input from a pipe); so are those
of files smaller than `KEEP_BYTES` (4 MiB), which are read once.

Each finished document is handed to `on_document` (the JSONL sink writes its line at once) with
the configuration's severities applied, in input order; `RunSummary` says what happened. A report
whose settings come before its documents (`--format json`) is told them by `on_start`, between
the two passes: pass 1 also finds which on-demand rules the run needs.

Under model evidence (`--deep`, `--lm`, `--translator`) pass 1 also gathers every batch's evidence
(`EvidenceTally`) for the values that depend on the whole run (the `lm.surprisal` threshold, the
`tm.*` and `bt.*` lines) and the settings the models ran with; pass 2 audits each batch with those
run-wide values (`RunLines`), so a streamed report equals the whole run's. The models run in both
passes (the evidence cache answers the second for cacheable engines).
"""

from __future__ import annotations

import inspect
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TextIO

from mtaudit import __version__
from mtaudit.engines import Engine, EngineOptions, batched, make_engine
from mtaudit.engines.base import EvidenceTally, RunLines
from mtaudit.errors import InputError
from mtaudit.options import AuditOptions
from mtaudit.pipeline import BatchResult, document_on_demand, on_demand_checks, planned_settings
from mtaudit.readers import ReadContext, iter_documents, reader_named
from mtaudit.readers.base import printable
from mtaudit.readers.langs import lang_code
from mtaudit.records import AuditResult, Document, DocumentResult, Rule, Settings
from mtaudit.registry import all_checks, select_checks


@dataclass(frozen=True)
class Inputs:
    """What to read: the command line's paths and reading options."""

    paths: tuple[str, ...]
    source: str | None = None
    input_format: str | None = None
    columns: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None

    def context(self) -> ReadContext:
        from mtaudit.readers import _columns

        return ReadContext(source_lang=lang_code(self.source_lang), target_lang=lang_code(self.target_lang), columns=_columns(self.columns))

    def documents(self, context: ReadContext) -> Iterator[Document]:
        return iter_documents(list(self.paths), context, source=self.source, input_format=self.input_format)


@dataclass
class RunSummary:
    """What a run did: documents audited and skipped (already in the results), findings by
    severity, problems and notes, and the settings and rules its batches ran with."""

    engine: str
    workers: int
    audited: int = 0
    skipped: int = 0
    seconds: float = 0.0
    severities: Counter[str] = field(default_factory=Counter)
    score_total: float = 0.0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    settings: Settings = field(default_factory=lambda: Settings(checks=()))
    rules: tuple[Rule, ...] = ()

    def line(self) -> str:
        """The one-line summary printed on standard error."""
        rate = self.audited / self.seconds if self.seconds else 0.0
        skipped = f" ({self.skipped} already in the results, skipped)" if self.skipped else ""
        findings = sum(self.severities.values())
        mean = self.score_total / self.audited if self.audited else 100.0
        return (
            f"{self.audited} document{'s' if self.audited != 1 else ''} audited{skipped}; {findings} finding{'s' if findings != 1 else ''} "
            f"({self.severities['critical']} critical, {self.severities['major']} major, {self.severities['minor']} minor); "
            f"mean score {mean:.1f}; {rate:.1f} documents/s on {self.workers} {self.engine} worker{'s' if self.workers != 1 else ''}"
        )

    def result(self, documents: list[DocumentResult]) -> AuditResult:
        """The `AuditResult` of a run whose documents were collected (the non-streaming formats)."""
        return AuditResult(documents, self.settings, __version__, list(self.errors), rules=self.rules, notes=list(self.notes))


class Progress:
    """A progress line on a terminal: documents done of the total, documents/s and an ETA,
    redrawn at most five times a second on `stream` (standard error)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.done = 0
        self.start = time.monotonic()
        self.drawn = 0.0

    def update(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.drawn < 0.2 and self.done < self.total:
            return
        self.drawn = now
        rate = self.done / max(now - self.start, 1e-9)
        eta = (self.total - self.done) / rate if rate else 0.0
        minutes, seconds = divmod(int(eta), 60)
        self.stream.write(f"\r{self.done}/{self.total} documents  {rate:.1f} docs/s  ETA {minutes}:{seconds:02d} ")
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


# An input of files smaller than this is read once, its documents kept in memory for pass 2 (as
# standard input's are): a second reading costs more than they take. A larger input is read again.
KEEP_BYTES = 4 << 20


def input_bytes(paths: list[str], limit: int) -> int | None:
    """The bytes of the files `paths` name (folders walked), counted until they reach `limit`;
    None when a path is neither a file nor a folder on this machine (a URL, a pattern)."""
    total = 0
    for path in paths:
        if os.path.isfile(path):
            total += os.path.getsize(path)
        elif os.path.isdir(path):
            for folder, _dirs, files in os.walk(path):
                total += sum(os.path.getsize(os.path.join(folder, name)) for name in files if os.path.isfile(os.path.join(folder, name)))
        else:
            return None
        if total >= limit:
            break  # enough: the other paths need not be measured
    return total


def count_documents(inputs: Inputs, limit: int) -> int:
    """How many documents the inputs hold, counting at most `limit + 1` (for `--engine auto`)."""
    found = 0
    for _ in inputs.documents(inputs.context()):
        found += 1
        if found > limit:
            break
    return found


def run_engine(
    inputs: Inputs,
    options: AuditOptions,
    engine_options: EngineOptions,
    on_document: Callable[[DocumentResult], None],
    *,
    skip: set[str] | frozenset[str] = frozenset(),
    config: object | None = None,
    progress: bool | None = None,
    on_start: Callable[[Settings, tuple[Rule, ...]], None] | None = None,
) -> RunSummary:
    """Audit `inputs` on the engine `engine_options.engine` (not `auto`), handing every finished
    document to `on_document` in input order; documents whose id is in `skip` vote but are not
    audited again (`--resume`). `on_start` receives the run's settings and rules before the first
    document. Raises `InputError` for inputs that cannot be read."""
    if inputs.input_format:
        reader_named(inputs.input_format)
    buffered: list[Document] | None = None
    read_context = inputs.context()  # records the problems and notes of the reading that counts
    piped = "-" in inputs.paths or inputs.source == "-"  # standard input cannot be read twice
    size = None if piped else input_bytes([*inputs.paths, *([inputs.source] if inputs.source else [])], KEEP_BYTES)
    if piped or (size is not None and size < KEEP_BYTES):  # a small input need not be read twice
        buffered = list(inputs.documents(read_context))

    def documents(context: ReadContext) -> Iterator[Document]:
        return iter(buffered) if buffered is not None else inputs.documents(context)

    engine = make_engine(engine_options, documents_kept=buffered is not None)
    summary = RunSummary(engine_options.engine, engine.workers)
    started = time.monotonic()
    try:
        total = todo_total = 0
        on_demand: frozenset[str] = frozenset()

        def counted(items: Iterator[Document]) -> Iterator[Document]:
            nonlocal total, todo_total, on_demand
            for item in items:
                total += 1
                todo_total += item.id not in skip
                if on_start is not None:
                    on_demand |= document_on_demand(item, options)
                yield item

        first = inputs.context()  # pass 1's reading: its problems are recorded again by pass 2
        batches = batched(counted(documents(first)), engine_options.batch_size)
        tally = EvidenceTally() if options.evidence.enabled else None
        votes = engine.votes(batches if tally is None else tally.watch(batches, options), options)
        lines = tally.lines() if tally is not None else None
        problems = bool(first.problems)
        del first  # its set of ids seen (one per document) is built again by pass 2's reading
        if total == 0 and not (problems or read_context.problems):
            raise InputError(f"{', '.join(inputs.paths)}: nothing to audit; give a non-empty file")
        if on_start is not None:
            needed = on_demand | on_demand_checks([], options)
            on_start(*(planned_settings(options, needed) if tally is None else evidence_settings(options, needed, tally)))

        def todo(items: Iterator[Document]) -> Iterator[Document]:
            for item in items:
                if item.id in skip:
                    summary.skipped += 1
                else:
                    yield item

        show = sys.stderr.isatty() if progress is None else progress
        bar = Progress(todo_total, sys.stderr) if show else None
        checks: set[str] = set()
        noted: set[str] = set()
        for batch in audit_batches(engine, batched(todo(documents(read_context)), engine_options.batch_size), options, votes, lines, summary):
            for document in batch.documents:
                document = configured(document, config)
                on_document(document)
                summary.audited += 1
                summary.score_total += document.score
                summary.severities.update(f.severity.value for f in document.findings)
            checks.update(batch.settings.checks)
            if summary.settings.translator is None and summary.settings.lm is None:
                summary.settings = batch.settings
            summary.errors.extend(batch.errors)
            for note in batch.notes:  # a note on skipped evidence comes with every batch: said once
                if note not in noted:
                    noted.add(note)
                    summary.notes.append(note)
            if bar is not None:
                bar.update(len(batch.documents) + len(batch.errors))
        if bar is not None:
            bar.finish()
    finally:
        engine.close()
    summary.seconds = time.monotonic() - started
    if tally is not None:
        summary.settings = tally.settings(options, ())
    ordered = [c for c in all_checks() if c.rule.id in checks]
    summary.settings = replace(summary.settings, checks=tuple(c.rule.id for c in ordered))
    summary.rules = tuple(c.rule for c in ordered)
    summary.errors[:0] = [printable(p) for p in read_context.problems]
    summary.notes[:0] = [printable(n) for n in read_context.notes]
    return summary


def configured(document: DocumentResult, config: object | None) -> DocumentResult:
    """`document` with the configuration's severities and house style applied (`apply_config`)."""
    if config is None:
        return document
    from mtaudit.config import apply_config, changes_results

    if not changes_results(config):  # type: ignore[arg-type]
        return document  # the usual case: nothing to apply, no result to wrap it in

    result = apply_config(AuditResult([document], Settings(checks=()), __version__), config)  # type: ignore[arg-type]
    return result.documents[0]


def audit_batches(engine: Engine, batches: Iterator[list[Document]], options: AuditOptions, votes: Counter[str], lines: RunLines | None, summary: RunSummary) -> Iterator[BatchResult]:
    """Pass 2 on `engine`, with the run-wide evidence `lines`; an engine whose `audit` does not
    take them yet keeps each batch's own, and the summary says so in a note."""
    if lines is None:
        return engine.audit(batches, options, votes)
    if "lines" not in inspect.signature(engine.audit).parameters:
        summary.notes.append(f"the {summary.engine} engine computes the lm.surprisal, tm.* and bt.* lines per batch of documents, not over the whole run")
        return engine.audit(batches, options, votes)
    return engine.audit(batches, options, votes, lines)


def evidence_settings(options: AuditOptions, on_demand: frozenset[str], tally: EvidenceTally) -> tuple[Settings, tuple[Rule, ...]]:
    """The settings and rules of a run with model evidence, from pass 1: what `audit()` reports."""
    checks = select_checks(options.select, options.ignore, evidence=True, on_demand=on_demand)
    return tally.settings(options, tuple(c.rule.id for c in checks)), tuple(c.rule for c in checks)
