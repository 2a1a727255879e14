"""Model evidence batched across concurrent requests of `mtaudit serve --deep`.

Each deep audit runs on its own audit thread and gathers its evidence as `mtaudit audit` does
(`mtaudit.evidence.gather.gather_evidence`), with two differences:

- the engines are loaded once per server process and shared (`SharedEngines`): the first request
  (or the warm-up at start) loads a model, every later request reuses it;
- the engines' batch calls (`translate` for back-translation and round trips, `score` for a
  translator's forced decoding and for a language model) do not run on the audit thread. They
  are queued to one model thread (`ModelBatcher`), which takes the calls that wait at the same
  time, merges those for the same engine, method and language pair into one batch, runs the
  engine once on it and hands each caller its own results.

The model thread waits for more calls at most `max_wait` seconds after the first one arrives,
and not at all once every audit that is gathering evidence has a call waiting; a batch holds at
most `max_items` texts (a single call larger than that runs alone). Only the engine calls are
merged: each request's texts, cache look-ups and run-wide statistics (surprisal thresholds,
chrF lines) stay its own, so its report is the one it would get alone. The engines translate
and score every text independently of the others in its batch (the tests check this for
Marian, GPT-2 and forced decoding), which is what makes the merge invisible in the results.

`stats()` counts the calls the audits made and the engine calls that served them (`/health`
shows them): fewer engine calls than audit calls is batching at work.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# Engines that hold a model (or an installed pair) and may serve many requests. The
# `precomputed` translator reads a file named per run and counts what it matched, so each audit
# builds its own, as before.
SHARED_TRANSLATORS = frozenset({"hf", "ctranslate2", "apertium"})
SHARED_LMS = frozenset({"hf", "ngram"})


@dataclass
class Call:
    """One engine call an audit thread is waiting for: `items` (texts, or (source, target)
    pairs) to be run through `run`, a batch method bound to its other arguments."""

    key: tuple[Any, ...]
    run: Callable[[list[Any]], list[Any]]
    items: list[Any]
    future: Future[list[Any]] = field(default_factory=Future)


@dataclass
class BatchStats:
    """What the model thread did: calls asked for by audits, engine calls run, items sent."""

    calls: int = 0
    engine_calls: int = 0
    items: int = 0
    largest: int = 0  # the most audit calls merged into one engine call

    def as_dict(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "engine_calls": self.engine_calls,
            "items": self.items,
            "mean_calls_per_batch": round(self.calls / self.engine_calls, 3) if self.engine_calls else 0.0,
            "mean_batch_items": round(self.items / self.engine_calls, 3) if self.engine_calls else 0.0,
            "largest_batch_calls": self.largest,
        }


class ModelBatcher:
    """The model thread: runs engine calls queued by audit threads, merged into batches."""

    def __init__(self, max_items: int = 256, max_wait: float = 0.005) -> None:
        self.max_items = max_items
        self.max_wait = max_wait
        self._pending: list[Call] = []
        self._clients = 0  # audits gathering evidence now (each waits on at most one call)
        self._closed = False
        self._condition = threading.Condition()
        self._stats = BatchStats()
        self._thread = threading.Thread(target=self._loop, name="mtaudit-models", daemon=True)
        self._thread.start()

    @contextmanager
    def client(self) -> Iterator[None]:
        """Mark the calling thread's audit as one that may queue calls: while every such audit
        has a call waiting, the model thread runs at once instead of waiting for more."""
        with self._condition:
            self._clients += 1
        try:
            yield
        finally:
            with self._condition:
                self._clients -= 1
                self._condition.notify_all()

    def call(self, key: tuple[Any, ...], run: Callable[[list[Any]], list[Any]], items: Sequence[Any]) -> list[Any]:
        """`run(items)`, computed on the model thread together with other audits' calls of the
        same `key`; blocks until done and raises what the engine raised."""
        if not items:
            return []
        call = Call(key, run, list(items))
        with self._condition:
            if self._closed:
                raise RuntimeError("the model thread has stopped")
            self._pending.append(call)
            self._stats.calls += 1
            self._condition.notify_all()
        return call.future.result()

    def stats(self) -> dict[str, Any]:
        with self._condition:
            return self._stats.as_dict()

    def close(self) -> None:
        """Stop the model thread once the calls already queued have run."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()
        self._thread.join()

    # --- the model thread ---------------------------------------------------------------------

    def _loop(self) -> None:
        while True:
            with self._condition:
                while not self._pending and not self._closed:
                    self._condition.wait()
                if not self._pending:
                    return
                self._wait_for_more()
                taken, self._pending = self._pending, []
            for group in self._groups(taken):
                self._run(group)

    def _wait_for_more(self) -> None:
        """Hold the first call up to `max_wait` while other audits may still add theirs."""
        deadline = time.monotonic() + self.max_wait
        while not self._closed and len(self._pending) < self._clients and sum(len(c.items) for c in self._pending) < self.max_items:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self._condition.wait(left)

    def _groups(self, calls: list[Call]) -> list[list[Call]]:
        """The calls by key (first-come order), each key's calls cut into batches of at most
        `max_items` items."""
        by_key: dict[tuple[Any, ...], list[list[Call]]] = {}
        for call in calls:
            batches = by_key.setdefault(call.key, [[]])
            if batches[-1] and sum(len(c.items) for c in batches[-1]) + len(call.items) > self.max_items:
                batches.append([])
            batches[-1].append(call)
        return [batch for batches in by_key.values() for batch in batches]

    def _run(self, group: list[Call]) -> None:
        """One engine call for `group`, on its distinct items; when it fails and several calls
        were merged, each runs again alone, so that only the call the failure belongs to fails."""
        unique = list(dict.fromkeys(item for call in group for item in call.items))
        try:
            results = dict(zip(unique, group[0].run(unique), strict=True))
        except Exception as exc:  # handed to the waiting audit thread
            self._count(group, len(unique))
            if len(group) == 1:
                group[0].future.set_exception(exc)
            else:
                for call in group:
                    self._run([call])
            return
        self._count(group, len(unique))
        for call in group:
            call.future.set_result([results[item] for item in call.items])

    def _count(self, group: list[Call], items: int) -> None:
        with self._condition:
            self._stats.engine_calls += 1
            self._stats.items += items
            self._stats.largest = max(self._stats.largest, len(group))


class BatchedTranslator:
    """A shared translator whose `translate` and `score` go through the model thread; every
    other attribute (availability, model ids, cache keys…) is the engine's own."""

    def __init__(self, engine: Any, batcher: ModelBatcher) -> None:
        self._engine = engine
        self._batcher = batcher

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def translate(self, texts: list[str], src: str, tgt: str) -> list[str]:
        return self._batcher.call((id(self._engine), "translate", src, tgt), lambda batch: self._engine.translate(batch, src, tgt), texts)

    def score(self, sources: list[str], targets: list[str], src: str, tgt: str) -> list[Any]:
        def run(pairs: list[tuple[str, str]]) -> list[Any]:
            return self._engine.score([a for a, _ in pairs], [b for _, b in pairs], src, tgt)  # type: ignore[no-any-return]

        return self._batcher.call((id(self._engine), "forced", src, tgt), run, list(zip(sources, targets, strict=True)))


class BatchedLM:
    """A shared language model whose `score` goes through the model thread."""

    def __init__(self, engine: Any, batcher: ModelBatcher) -> None:
        self._engine = engine
        self._batcher = batcher

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def score(self, texts: list[str], lang: str) -> list[Any]:
        return self._batcher.call((id(self._engine), "lm", lang), lambda batch: self._engine.score(batch, lang), texts)


class SharedEngines:
    """The engines of one server process: each loaded once per (name, configuration) on first use
    and then handed, wrapped to batch through `batcher`, to every audit that asks for it.
    `translator` and `lm` have the signatures of `load_translator` and `load_lm`."""

    def __init__(self, batcher: ModelBatcher) -> None:
        self.batcher = batcher
        self._loaded: dict[tuple[str, str, str], Any] = {}
        self._lock = threading.Lock()  # two first requests must not load a model twice

    def translator(self, name: str, config: Any) -> Any:
        from mtaudit.evidence.translators.base import load_translator

        if name not in SHARED_TRANSLATORS:
            return load_translator(name, config)
        return self._shared("translator", name, config, lambda: BatchedTranslator(load_translator(name, config), self.batcher))

    def lm(self, name: str, config: Any) -> Any:
        from mtaudit.evidence.lms.base import load_lm

        if name not in SHARED_LMS:
            return load_lm(name, config)
        return self._shared("lm", name, config, lambda: BatchedLM(load_lm(name, config), self.batcher))

    def _shared(self, kind: str, name: str, config: Any, build: Callable[[], Any]) -> Any:
        key = (kind, name, repr(config))
        with self._lock:
            if key not in self._loaded:
                self._loaded[key] = build()
            return self._loaded[key]

    def gather(self, contexts: list[Any], options: Any) -> Any:
        """`gather_evidence` with these engines (an `EvidenceGatherer` for the pipeline)."""
        from mtaudit.evidence.gather import gather_evidence

        return gather_evidence(contexts, options, self.translator, self.lm)
