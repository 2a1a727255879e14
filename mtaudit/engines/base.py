"""What every engine shares: `EngineOptions`, the `Engine` protocol, batching, in-order
results with a bounded window, and `SerialEngine` (both passes in this process).

See the package docstring (`mtaudit.engines`) for how the engines divide a run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:  # the pipeline is imported when a batch runs, so that `mtaudit --help` stays light
    from mtaudit.options import AuditOptions
    from mtaudit.pipeline import BatchResult, EvidenceGatherer
    from mtaudit.records import Document

ENGINES = ("auto", "serial", "local", "ray")
DEFAULT_BATCH_SIZE = 32

T = TypeVar("T")
F = TypeVar("F")
R = TypeVar("R")


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

    def audit(self, batches: Iterable[list[Document]], options: AuditOptions, votes: Counter[str]) -> Iterator[BatchResult]:
        """Pass 2: each batch audited, yielded in input order as soon as it and those before it are done."""
        ...

    def close(self) -> None:
        """Release processes, actors and the cluster connection."""
        ...


def batch_votes(batch: list[Document], options: AuditOptions) -> Counter[str]:
    """Pass 1 on one batch (what every engine's workers run)."""
    from mtaudit.pipeline import document_votes

    votes: Counter[str] = Counter()
    for document in batch:
        votes.update(document_votes(document, options))
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
    """Both passes in this process, batch after batch: no parallelism, the same results."""

    def __init__(self, gather: EvidenceGatherer | None = None) -> None:
        self.gather = gather
        self.workers = 1

    def votes(self, batches: Iterable[list[Document]], options: AuditOptions) -> Counter[str]:
        total: Counter[str] = Counter()
        for batch in batches:
            total.update(batch_votes(batch, options))
        return total

    def audit(self, batches: Iterable[list[Document]], options: AuditOptions, votes: Counter[str]) -> Iterator[BatchResult]:
        from mtaudit.pipeline import audit_batch

        gather = self.gather
        if gather is None and options.evidence.enabled:
            from mtaudit.engines.models import keep_loaded

            gather = self.gather = keep_loaded()
        for batch in batches:
            yield audit_batch(batch, options, votes, gather)

    def close(self) -> None:
        pass
