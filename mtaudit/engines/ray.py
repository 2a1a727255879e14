"""The Ray engine: pass 2 as a Ray Data job, model evidence on an actor pool (`--engine ray`).

Imported only when `--engine ray` is asked for; needs the `ray` extra (`pip install 'mtaudit[ray]'`).

- Without `--ray-address` a local Ray runtime starts with `--jobs` CPUs (default: every CPU)
  and stops at the end; with it, the run joins that cluster (`auto`, `ray://host:10001`, …).
- Pass 1 (the case votes) is one Ray task per batch; the votes are summed on the driver and put in
  the object store once, for every worker of pass 2 (the run-wide evidence, broadcast).
- Pass 2 is a Ray Data job. Its source (`BatchSource`) is the driver's stream of documents:
  mtaudit's readers run on the driver (so ids, languages and units are those of every engine, in
  every input format and from `s3://` alike) and hand each batch, when Ray Data asks for it, to a
  `Relay` actor, from which the dataset's read tasks take them, `GROUP` batches a task. Without model evidence the
  audit is a `map_batches` function on CPU tasks (fused with the read); with it, `map_batches` on
  an actor pool of `ModelAuditor`s (`--model-actors`, default one per GPU, at least one, each with
  `--gpus / actors` GPUs): an actor loads its translator and language model once and audits whole
  batches, so the models see sentences of many documents at a time.
- Ray Data keeps the input order (`preserve_order`); the driver reads at most a few batches ahead
  of what Ray Data has asked for, and the relay forgets a batch once its result has been handed
  on: memory stays bounded however large the input (`benchmarks/engines.py --memory`).
- A worker that dies (killed, out of memory, a lost node) has its task run again by Ray Data: the
  relay still holds every batch whose result the driver has not consumed, and the driver writes a
  batch only when it is complete, so no document is lost and none is written twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

import pyarrow as pa
import ray
from ray.data import ActorPoolStrategy
from ray.data.block import BlockMetadata
from ray.data.datasource import Datasource, ReadTask

from mtaudit.engines.base import EngineOptions, RunLines, batch_votes, in_order
from mtaudit.errors import MtauditError
from mtaudit.options import AuditOptions
from mtaudit.pipeline import BatchResult, audit_batch
from mtaudit.records import Document

# Attempts of a task whose worker died, before the run fails.
RETRIES = 5
# The dataset's rows: one batch of documents each, pickled, with its position in the input.
SCHEMA = pa.schema([("index", pa.int64()), ("payload", pa.binary())])
# Batches per read task of pass 2 (each still audited, and written, as a batch of its own).
GROUP = 4


@ray.remote(max_retries=RETRIES)
def votes_task(batch: list[Document], options: AuditOptions) -> Counter[str]:
    """Pass 1 on one batch."""
    return batch_votes(batch, options)


@ray.remote(num_cpus=0)
class Relay:
    """Batches from the driver, by position, for the read tasks of the pass-2 dataset.

    A read task asks for batch *k* (`take`), which raises the demand the driver's feeder waits on
    (`wanted`); the feeder reads the batch and puts it here. A batch stays until the driver has
    consumed its result (`done`), so a read task run again after a worker died finds it."""

    def __init__(self) -> None:
        self.batches: dict[int, bytes] = {}
        self.end: int | None = None
        self.demand = -1
        self.changed: asyncio.Condition | None = None

    def _condition(self) -> asyncio.Condition:
        if self.changed is None:  # made in the actor's event loop
            self.changed = asyncio.Condition()
        return self.changed

    async def take(self, index: int) -> bytes | None:
        """Batch `index`, once the driver has read it; None past the last batch."""
        changed = self._condition()
        async with changed:
            self.demand = max(self.demand, index)
            changed.notify_all()
            await changed.wait_for(lambda: index in self.batches or (self.end is not None and index >= self.end))
            return self.batches.get(index)

    async def wanted(self, index: int) -> None:
        """Returns when a read task has asked for batch `index` or a later one."""
        changed = self._condition()
        async with changed:
            await changed.wait_for(lambda: self.demand >= index)

    async def put(self, index: int, payload: bytes) -> None:
        changed = self._condition()
        async with changed:
            self.batches[index] = payload
            changed.notify_all()

    async def finish(self, count: int) -> None:
        """The input holds `count` batches: read tasks past them get None."""
        changed = self._condition()
        async with changed:
            self.end = count
            changed.notify_all()

    def done(self, index: int) -> None:
        self.batches.pop(index, None)


def _read_batches(relay: Any, first: int, count: int) -> Iterator[pa.Table]:
    """A read task: one row for each of batches `first` to `first + count - 1`, fewer past the end
    of the input."""
    rows = []
    for index in range(first, first + count):
        payload = ray.get(relay.take.remote(index))
        if payload is None:
            break
        rows.append({"index": index, "payload": payload})
    yield pa.Table.from_pylist(rows, schema=SCHEMA)


class BatchSource(Datasource):
    """The driver's batches as a Ray Data source: read tasks of `GROUP` batches each, enough for
    `count` batches (at least the number in the input), task *t* yielding batches *t·GROUP* on
    from the relay. A task per batch would spend more on scheduling than on small batches."""

    def __init__(self, relay: Any, count: int) -> None:
        super().__init__()
        self.relay = relay
        self.count = count

    def estimate_inmemory_data_size(self) -> int | None:
        return None

    def get_read_tasks(self, parallelism: int, per_task_row_limit: int | None = None, data_context: Any = None) -> list[ReadTask]:
        metadata = BlockMetadata(num_rows=None, size_bytes=None, input_files=None, exec_stats=None)
        return [ReadTask(partial(_read_batches, self.relay, first, GROUP), metadata, schema=SCHEMA) for first in range(0, self.count, GROUP)]

    def get_name(self) -> str:
        return "MtauditBatches"


# What a worker process keeps between batches: the run's options and votes, by object reference.
_SHARED: dict[str, Any] = {}


def _shared(ref: Any) -> Any:
    """`ray.get(ref)`, once per worker process and reference (the votes can be large)."""
    key = ref.hex()
    if key not in _SHARED:
        _SHARED.clear()
        _SHARED[key] = ray.get(ref)
    return _SHARED[key]


def _rows(batch: dict[str, Any], audit: Any) -> dict[str, list[Any]]:
    """The results of a `map_batches` batch of rows, each row one batch of documents."""
    results = [pickle.dumps(audit(pickle.loads(payload))) for payload in batch["payload"]]
    return {"index": list(batch["index"]), "result": results, "worker": [os.getpid()] * len(results), "loaded": [0] * len(results)}


def audit_batches(batch: dict[str, Any], options_ref: Any, votes_ref: Any) -> dict[str, list[Any]]:
    """Pass 2 on CPU tasks (no model evidence)."""
    options, votes = _shared(options_ref[0]), _shared(votes_ref[0])
    return _rows(batch, lambda documents: audit_batch(documents, options, votes))


class ModelAuditor:
    """An actor of the model pool: audits batches with model evidence, loading each engine once."""

    def __init__(self, options_ref: list[Any], votes_ref: list[Any], lines_ref: list[Any]) -> None:
        from mtaudit.engines.base import with_run_lines
        from mtaudit.engines.models import keep_loaded

        self.options = ray.get(options_ref[0])
        self.votes = ray.get(votes_ref[0])
        self.loaded = keep_loaded()
        # the run-wide lm.surprisal, tm.* and bt.* lines of pass 1, in place of each batch's own
        self.gather = with_run_lines(self.loaded, ray.get(lines_ref[0]))

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        rows = _rows(batch, lambda documents: audit_batch(documents, self.options, self.votes, self.gather))
        rows["loaded"] = [len(self.loaded.loaded)] * len(rows["result"])
        return rows


def get(ref: Any) -> Any:
    """`ray.get(ref)`, with an mtaudit error raised in a task (a model that cannot load) raised
    as itself, so that the command line prints its one line rather than Ray's traceback."""
    try:
        return ray.get(ref)
    except ray.exceptions.RayTaskError as exc:
        if isinstance(exc.cause, MtauditError):
            raise exc.cause from None
        raise


def _mtaudit_error(exc: BaseException) -> MtauditError | None:
    """The mtaudit error at the bottom of a failed Ray Data job, if that is what failed it."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, MtauditError):
            return current
        cause = getattr(current, "cause", None)
        current = cause if isinstance(cause, BaseException) else current.__cause__
    return None


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
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # no execution plans on standard error
        self.workers = int(ray.cluster_resources().get("CPU", 1))
        self.batches_seen = 0  # batches of pass 1: pass 2 has no more (it skips the documents resumed)
        # Model engines loaded by each actor of the last run with model evidence (by process id).
        self.loads: dict[int, int] = {}
        self._relay: Any = None

    def _window(self) -> int:
        return max(2, 2 * self.workers)

    def votes(self, batches: Iterable[list[Document]], options: AuditOptions) -> Counter[str]:
        total: Counter[str] = Counter()
        options_ref = ray.put(options)

        def counted() -> Iterator[list[Document]]:
            for batch in batches:
                self.batches_seen += 1
                yield batch

        for counter in in_order(lambda b: votes_task.remote(b, options_ref), get, counted(), self._window()):
            total.update(counter)  # type: ignore[arg-type]
        return total

    def audit(self, batches: Iterable[list[Document]], options: AuditOptions, votes: Counter[str], lines: RunLines | None = None) -> Iterator[BatchResult]:
        if self.batches_seen == 0:  # pass 1 ran elsewhere (a caller of its own): count the batches here
            batches = list(batches)
            self.batches_seen = len(batches)
        refs = ([ray.put(options)], [ray.put(votes)])  # in lists: handed to the workers as references
        relay = self._relay = Relay.remote()
        source = BatchSource(relay, max(1, self.batches_seen))
        dataset = ray.data.read_datasource(source, override_num_blocks=-(-source.count // GROUP), num_cpus=0)
        if options.evidence.enabled:
            count = self.options.model_actors or max(1, int(self.options.gpus))
            share = self.options.gpus / count if self.options.gpus else 0
            dataset = dataset.map_batches(
                ModelAuditor, fn_constructor_args=(*refs, [ray.put(lines)]), batch_size=1, batch_format="numpy", compute=ActorPoolStrategy(size=count), num_cpus=1, num_gpus=share
            )
        else:
            dataset = dataset.map_batches(audit_batches, fn_args=refs, batch_size=1, batch_format="numpy", num_cpus=1)
        dataset.context.execution_options.preserve_order = True
        dataset.context.enable_progress_bars = False
        dataset.context.print_on_execution_start = False
        failure: list[BaseException] = []
        feeder = threading.Thread(target=self._feed, args=(relay, batches, failure), daemon=True)
        feeder.start()
        expected = 0
        self.loads = {}
        try:
            for row in dataset.iter_rows():
                if failure:
                    raise failure[0]
                index = int(row["index"])
                if index != expected:  # preserve_order: Ray Data hands the batches back in input order
                    raise RuntimeError(f"Ray Data returned batch {index} where batch {expected} was due")
                expected += 1
                if row["loaded"]:
                    self.loads[int(row["worker"])] = int(row["loaded"])
                yield pickle.loads(row["result"])
                relay.done.remote(index)
        except Exception as exc:
            found = failure[0] if failure else _mtaudit_error(exc)
            if found is not None:
                raise found from None
            raise
        if failure:
            raise failure[0]

    def _feed(self, relay: Any, batches: Iterable[list[Document]], failure: list[BaseException]) -> None:
        """The feeder thread: each batch read from the driver's input when Ray Data wants it (a
        few ahead), put in the relay; the count of batches once the input ends."""
        count = 0
        try:
            for count, batch in enumerate(batches, start=1):
                ray.get(relay.wanted.remote(count - 1 - self._window()))
                relay.put.remote(count - 1, pickle.dumps(batch))
        except BaseException as exc:  # a file that became unreadable: the driver raises it
            failure.append(exc)
        finally:
            with contextlib.suppress(Exception):  # the relay is gone when the run was stopped
                relay.finish.remote(count)

    def close(self) -> None:
        if self._relay is not None:
            ray.kill(self._relay)
            self._relay = None
        if self.started:
            ray.shutdown()
            self.started = False
