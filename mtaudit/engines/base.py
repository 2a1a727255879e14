"""What every engine shares: `EngineOptions`, the `Engine` protocol, batching, in-order
results with a bounded window, and `SerialEngine` (both passes in this process).

See the package docstring (`mtaudit.engines`) for how the engines divide a run.
"""

from __future__ import annotations

import math
import os
import statistics
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:  # the pipeline is imported when a batch runs, so that `mtaudit --help` stays light
    from mtaudit.context import CheckContext
    from mtaudit.evidence.gather import EvidenceRun
    from mtaudit.options import AuditOptions, EvidenceOptions
    from mtaudit.pipeline import BatchResult, EvidenceGatherer, KeptWords
    from mtaudit.records import Document, Settings

ENGINES = ("auto", "serial", "local", "ray")
DEFAULT_BATCH_SIZE = 32

T = TypeVar("T")
F = TypeVar("F")
R = TypeVar("R")


def usable_cpus() -> int:
    """The CPUs this process may run on: its CPU affinity where the platform has one (`taskset`, a
    container's cpuset or a batch scheduler may allow fewer than the machine has), else the CPU
    count."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@dataclass(frozen=True)
class EngineOptions:
    """How to run: `engine` (a name of `ENGINES`), worker processes (`jobs`, None: every CPU),
    documents per batch, and for Ray the cluster address, GPUs and model actors."""

    engine: str = "auto"
    jobs: int | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    ray_address: str | None = None
    gpus: float = 0
    model_actors: int | None = None


class Engine(Protocol):
    """What the driver (`mtaudit.engines.run`) needs from an engine."""

    workers: int  # processes that audit at once (for the summary line)

    def votes(self, batches: Iterable[list[Document]], options: AuditOptions) -> Counter[str]:
        """Pass 1: the summed case votes of every document of `batches`."""
        ...

    def audit(self, batches: Iterable[list[Document]], options: AuditOptions, votes: Counter[str], lines: RunLines | None = None) -> Iterator[BatchResult]:
        """Pass 2: each batch audited, yielded in input order as soon as it and those before it are
        done; under model evidence, with the run-wide `lines` of pass 1 (`RunLines`)."""
        ...

    def close(self) -> None:
        """Release processes, actors and the cluster connection."""
        ...


def batch_votes(batch: list[Document], options: AuditOptions, kept: KeptWords | None = None) -> Counter[str]:
    """Pass 1 on one batch (what every engine's workers run); the serial engine passes `kept` to
    keep the targets' words for pass 2."""
    from mtaudit.pipeline import document_votes

    votes: Counter[str] = Counter()
    for document in batch:
        votes.update(document_votes(document, options, kept))
    return votes


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` in lists of `size` (the last one shorter), read lazily."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def in_order(submit: Callable[[T], F], wait: Callable[[F], R], items: Iterable[T], window: int) -> Iterator[R]:
    """Results of `submit(item)` (a future, an object ref) in the order of `items`, with at most
    `window` submitted and not yet consumed: memory stays bounded however many items there are,
    and the workers are kept busy while the oldest item is waited for."""
    from collections import deque

    pending: deque[F] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield wait(pending.popleft())
    while pending:
        yield wait(pending.popleft())


class SerialEngine:
    """Both passes in this process, batch after batch: no parallelism, the same results.

    With `keep_words` (the driver says so when pass 2 is given the same document objects as pass
    1: an input kept in memory), pass 1 keeps each target's sentences, words and votes for pass 2
    (`mtaudit.pipeline.KeptWords`), so that no target is segmented and tokenised twice."""

    def __init__(self, gather: EvidenceGatherer | None = None, keep_words: bool = False) -> None:
        self.gather = gather
        self.workers = 1
        self.keep_words = keep_words
        self.kept: KeptWords | None = None

    def votes(self, batches: Iterable[list[Document]], options: AuditOptions) -> Counter[str]:
        from mtaudit.pipeline import KeptWords

        self.kept = KeptWords() if self.keep_words else None
        total: Counter[str] = Counter()
        for batch in batches:
            total.update(batch_votes(batch, options, self.kept))
        return total

    def audit(self, batches: Iterable[list[Document]], options: AuditOptions, votes: Counter[str], lines: RunLines | None = None) -> Iterator[BatchResult]:
        from mtaudit.pipeline import audit_batch

        gather = self.gather
        if gather is None and options.evidence.enabled:
            from mtaudit.engines.models import keep_loaded

            gather = self.gather = keep_loaded()
        if gather is not None:
            gather = with_run_lines(gather, lines)
        for batch in batches:
            yield audit_batch(batch, options, votes, gather, self.kept)
        self.kept = None

    def close(self) -> None:
        pass


# --------------------------------------------------------------------------- run-wide evidence lines


@dataclass(frozen=True)
class RunLines:
    """The values of model evidence that depend on every document of a run, which
    `gather_evidence` computes over the documents it is given (a batch, for the engines): the
    `lm.surprisal` threshold and spread, the `tm.*` token surprisal line, and the `bt.*` chrF
    lines. Pass 1 computes them over the whole run (`EvidenceTally`); pass 2 puts them in place of
    each batch's own (`with_run_lines`), so a batch's documents get what a whole run gives them."""

    surprisal_threshold: float
    surprisal_spread: float
    tm_threshold: float
    chrf_lines: dict[str, float]

    def apply(self, run: EvidenceRun) -> None:
        """Put the run's lines into `run`'s evidence, where its batch set lines of its own."""
        for record in run.evidence:
            if record is None:
                continue
            if record.surprisal_threshold is not None:  # the document was scored by the LM
                record.surprisal_threshold = self.surprisal_threshold
                record.surprisal_spread = self.surprisal_spread
            if record.tm_threshold is not None:
                record.tm_threshold = self.tm_threshold
            if run.translator is not None:
                record.chrf_lines = dict(self.chrf_lines)


def with_run_lines(gather: EvidenceGatherer, lines: RunLines | None) -> EvidenceGatherer:
    """`gather`, whose evidence then carries the run-wide `lines` (unchanged when None)."""
    if lines is None:
        return gather

    def gathered(contexts: list[CheckContext], options: EvidenceOptions) -> EvidenceRun:
        run = gather(contexts, options)
        lines.apply(run)
        return run

    return gathered


@dataclass
class EvidenceTally:
    """Pass 1 under model evidence: the evidence of every batch is gathered once, and what the
    run-wide lines are computed from is kept, one float per scored word, token, back-translation
    and round trip (8 bytes each: the only part of a streamed run that grows with its size), with
    the settings the evidence ran with. Pass 2 gathers the evidence again (the evidence cache,
    when the engines are cacheable, answers it)."""

    surprisal: array[float] = field(default_factory=lambda: array("d"))
    tokens: array[float] = field(default_factory=lambda: array("d"))
    back: array[float] = field(default_factory=lambda: array("d"))
    trips: array[float] = field(default_factory=lambda: array("d"))
    translator: str | None = None
    translator_models: dict[str, None] = field(default_factory=dict)
    lm: str | None = None
    lm_models: dict[str, None] = field(default_factory=dict)

    def watch(self, batches: Iterable[list[Document]], options: AuditOptions) -> Iterator[list[Document]]:
        """`batches`, each tallied (its evidence gathered in this process) as it passes."""
        from mtaudit.engines.models import keep_loaded

        gather = keep_loaded()
        for batch in batches:
            self.add(batch, options, gather)
            yield batch

    def add(self, batch: list[Document], options: AuditOptions, gather: EvidenceGatherer) -> None:
        from mtaudit.errors import InputError
        from mtaudit.pipeline import prepare

        contexts = []
        for document in batch:
            try:
                contexts.append(prepare(document, options))
            except InputError:
                continue  # pass 2 reports it
        if not contexts:
            return
        run = gather(contexts, options.evidence)
        try:
            for record in run.evidence:
                if record is None:
                    continue
                if record.surprisal_threshold is not None:
                    self.surprisal.extend(unit.bits for unit in record.units)
                self.tokens.extend(-t.logprob / math.log(2) for item in record.forced for t in item.tokens if t.end > t.start)
                self.back.extend(item.metrics["chrf"] for item in record.backtranslations)
                self.trips.extend(trip.metrics["chrf"] for trip in record.roundtrips)
            self.translator = self.translator or run.translator
            self.translator_models.update(dict.fromkeys(run.translator_model.split(", ") if run.translator_model else ()))
            self.lm = self.lm or run.lm
            self.lm_models.update(dict.fromkeys(run.lm_model.split(", ") if run.lm_model else ()))
        finally:
            run.close()

    def lines(self) -> RunLines:
        """The run-wide lines, as `gather_evidence` computes them over a whole run."""
        from mtaudit.evidence.gather import relative_line, robust_spread, surprisal_threshold

        chrf: dict[str, float] = {}
        back, trips = list(self.back), list(self.trips)
        if (line := relative_line(back)) is not None:  # as mtaudit.evidence.gather.chrf_lines
            chrf["bt"] = line
            chrf["align"] = statistics.median(back)
        if (line := relative_line(trips)) is not None:
            chrf["roundtrip"] = line
        surprisal = list(self.surprisal)
        return RunLines(surprisal_threshold(surprisal), robust_spread(surprisal), surprisal_threshold(list(self.tokens)), chrf)

    def settings(self, options: AuditOptions, checks: tuple[str, ...]) -> Settings:
        """The report's settings of the run: the engines and models pass 1 saw (an n-gram model
        per language, listed in order as a whole run does), with `checks`."""
        from mtaudit.records import Settings

        lm_models = sorted(self.lm_models) if self.lm == "ngram" else list(self.lm_models)
        return Settings(
            checks, self.translator, ", ".join(self.translator_models) or None, self.lm, ", ".join(lm_models) or None,
            offline=not options.evidence.allow_download,
        )  # fmt: skip
