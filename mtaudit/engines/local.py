"""The local engine: a pool of worker processes on this machine (`--engine local --jobs N`).

Each worker receives the run's options (and, in pass 2, the case votes and the run-wide evidence
lines) once, when it starts,
then batches of documents; results come back in input order with at most two batches per worker
in flight, so memory stays bounded whatever the size of the input. Workers are forked where the
platform allows it (Linux), so they start without importing mtaudit again.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from mtaudit.engines.base import RunLines, batch_votes, in_order, usable_cpus, with_run_lines
from mtaudit.errors import MtauditError
from mtaudit.options import AuditOptions
from mtaudit.pipeline import BatchResult, audit_batch
from mtaudit.records import Document

# What a worker process was started with (set by `_start`).
_WORKER: dict[str, Any] = {}


def _start(options: AuditOptions, votes: Counter[str] | None, lines: RunLines | None = None) -> None:
    _WORKER["options"] = options
    _WORKER["votes"] = votes
    _WORKER["gather"] = None
    if votes is not None and options.evidence.enabled:
        from mtaudit.engines.models import keep_loaded

        _WORKER["gather"] = with_run_lines(keep_loaded(), lines)


def _votes_task(batch: list[Document]) -> Counter[str]:
    return batch_votes(batch, _WORKER["options"])


def _audit_task(batch: list[Document]) -> BatchResult:
    return audit_batch(batch, _WORKER["options"], _WORKER["votes"], _WORKER["gather"])


class LocalEngine:
    """A process pool of `jobs` workers (None: one per CPU)."""

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = self.workers = max(1, jobs or usable_cpus())
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")

    def _pool(self, options: AuditOptions, votes: Counter[str] | None, lines: RunLines | None = None) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=self._context, initializer=_start, initargs=(options, votes, lines))

    def votes(self, batches: Iterable[list[Document]], options: AuditOptions) -> Counter[str]:
        total: Counter[str] = Counter()
        with self._pool(options, None) as pool:
            for counter in in_order(lambda b: pool.submit(_votes_task, b), _result, batches, 2 * self.jobs):
                total.update(counter)
        return total

    def audit(self, batches: Iterable[list[Document]], options: AuditOptions, votes: Counter[str], lines: RunLines | None = None) -> Iterator[BatchResult]:
        batches = iter(batches)
        if self._context.get_start_method() == "fork" and not options.evidence.enabled:
            # The first batch is audited here, before the pool forks: it loads the resources of
            # its language (dictionaries, frequency lists, patterns) once, and the forked workers
            # inherit them instead of each reading its own (a third of a second per worker).
            first = next(batches, None)
            if first is None:
                return
            yield audit_batch(first, options, votes)
        with self._pool(options, votes, lines) as pool:
            yield from in_order(lambda b: pool.submit(_audit_task, b), _result, batches, 2 * self.jobs)

    def close(self) -> None:
        pass


def _result(future: Future[Any]) -> Any:
    """The result of a batch; a worker that died (killed, out of memory) is a one-line error."""
    try:
        return future.result()
    except BrokenProcessPool:
        raise MtauditError(
            "a worker process of the local engine died (killed, or out of memory); the documents finished before it are kept: "
            "with --format jsonl -o FILE, run again with --resume to finish, or with fewer --jobs"
        ) from None
