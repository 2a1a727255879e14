"""The Ray engine: the two passes as Ray tasks, model evidence on an actor pool (`--engine ray`).

Imported only when `--engine ray` is asked for; needs the `ray` extra (`pip install 'mtaudit[ray]'`).

- Without `--ray-address` a local Ray runtime starts with `--jobs` CPUs (default: every CPU)
  and stops at the end; with it, the run joins that cluster (`auto`, `ray://host:10001`, …).
- The run's options and case votes are put in the object store once and shared by every task.
- Pass 1 and, without model evidence, pass 2 are CPU tasks, one per batch of documents. Pass 2
  with model evidence runs on `ModelAuditor` actors (`--model-actors`, default one per GPU, at
  least one), each holding `--gpus / actors` GPUs: an actor loads its translator and language
  model once (`mtaudit.engines.models.keep_loaded`) and audits whole batches, so the models see
  sentences of many documents at a time.
- Batches are submitted with at most two per CPU (or actor) in flight and consumed in input
  order: the driver's memory stays bounded and the output order is the input order.
- A worker that dies (killed, out of memory, a lost node) has its task run again by Ray
  (`max_retries`, actors restart): a result is written by the driver only when its batch is
  complete, so no document is lost and none is written twice.

Documents are read by mtaudit's readers on the driver and sent to the tasks in batches (the
readers decide ids, languages and units, so every engine sees the same documents); Ray Data's
file readers are not used for that reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import ray

from mtaudit.engines.base import EngineOptions, batch_votes, in_order
from mtaudit.errors import MtauditError
from mtaudit.options import AuditOptions
from mtaudit.pipeline import BatchResult, audit_batch
from mtaudit.records import Document

# Attempts of a task whose worker died, before the run fails.
RETRIES = 5


@ray.remote(max_retries=RETRIES)
def votes_task(batch: list[Document], options: AuditOptions) -> Counter[str]:
    """Pass 1 on one batch."""
    return batch_votes(batch, options)


@ray.remote(max_retries=RETRIES)
def audit_task(batch: list[Document], options: AuditOptions, votes: Counter[str]) -> BatchResult:
    """Pass 2 on one batch, fast checks only (no model evidence)."""
    return audit_batch(batch, options, votes)


@ray.remote(max_restarts=RETRIES, max_task_retries=RETRIES)
class ModelAuditor:
    """An actor holding model engines: audits batches with model evidence, loading each engine once."""

    def __init__(self, options: AuditOptions, votes: Counter[str]) -> None:
        from mtaudit.engines.models import keep_loaded

        self.options = options
        self.votes = votes
        self.gather = keep_loaded()

    def audit(self, batch: list[Document]) -> BatchResult:
        return audit_batch(batch, self.options, self.votes, self.gather)

    def loaded_engines(self) -> int:
        """How many model engines this actor has loaded (one per engine, however many batches)."""
        return len(self.gather.loaded)


def get(ref: Any) -> Any:
    """`ray.get(ref)`, with an mtaudit error raised in a task (a model that cannot load) raised
    as itself, so that the command line prints its one line rather than Ray's traceback."""
    try:
        return ray.get(ref)
    except ray.exceptions.RayTaskError as exc:
        if isinstance(exc.cause, MtauditError):
            raise exc.cause from None
        raise


class RayEngine:
    """Runs the passes on a Ray cluster (a local one unless `options.ray_address`)."""

    def __init__(self, options: EngineOptions) -> None:
        self.options = options
        self.started = False
        if not ray.is_initialized():
            if options.ray_address:
                ray.init(address=options.ray_address, logging_level="ERROR", log_to_driver=False)
            else:
                ray.init(num_cpus=options.jobs, num_gpus=options.gpus or None, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
            self.started = True
        self.actors: list[Any] = []
        self.workers = int(ray.cluster_resources().get("CPU", 1))

    def _window(self) -> int:
        return max(2, 2 * int(ray.cluster_resources().get("CPU", 1)))

    def votes(self, batches: Iterable[list[Document]], options: AuditOptions) -> Counter[str]:
        total: Counter[str] = Counter()
        options_ref = ray.put(options)
        for counter in in_order(lambda b: votes_task.remote(b, options_ref), get, batches, self._window()):
            total.update(counter)  # type: ignore[arg-type]
        return total

    def audit(self, batches: Iterable[list[Document]], options: AuditOptions, votes: Counter[str]) -> Iterator[BatchResult]:
        options_ref, votes_ref = ray.put(options), ray.put(votes)
        if not options.evidence.enabled:
            yield from in_order(lambda b: audit_task.remote(b, options_ref, votes_ref), get, batches, self._window())
            return
        count = self.options.model_actors or max(1, int(self.options.gpus))
        share = self.options.gpus / count if self.options.gpus else 0
        self.actors = [ModelAuditor.options(num_cpus=1, num_gpus=share).remote(options_ref, votes_ref) for _ in range(count)]
        turn = iter(range(1 << 62))

        def submit(batch: list[Document]) -> Any:
            return self.actors[next(turn) % count].audit.remote(batch)

        yield from in_order(submit, get, batches, 2 * count)

    def close(self) -> None:
        for actor in self.actors:
            ray.kill(actor)
        self.actors = []
        if self.started:
            ray.shutdown()
            self.started = False
