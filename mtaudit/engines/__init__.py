"""Engines: how a run's documents are spread over processes and machines.

Every engine audits the same way, in two passes built from `mtaudit.pipeline`:

1. **votes**: `document_votes` on every document, summed into the run-wide case votes (the one
   value that depends on the whole run, see `mtaudit.pipeline.run_votes`);
2. **audit**: `audit_batch` on batches of documents with those votes, results in input order.

Batches are cut by input order at a fixed size (`batch_size`), never by worker, and a document's
result depends only on itself, the options and the votes: every engine and every number of
workers gives the same documents (under model evidence, the same for a given batch size).

- `serial` (`SerialEngine`): both passes in this process;
- `local` (`mtaudit.engines.local.LocalEngine`): a process pool on this machine, `--jobs N`;
- `ray` (`mtaudit.engines.ray.RayEngine`): pass 1 as Ray tasks, pass 2 as a Ray Data job (`map_batches` on CPU tasks, model engines as an actor pool).

`mtaudit.engines.run` reads the inputs, drives an engine and streams the results out.
"""

from __future__ import annotations

from mtaudit.engines.base import DEFAULT_BATCH_SIZE, ENGINES, Engine, EngineOptions, SerialEngine, batch_votes, batched, in_order


def make_engine(options: EngineOptions, documents_kept: bool = False) -> Engine:
    """The engine `options.engine` names (`auto` must be resolved by the caller); Ray is imported
    only here, when asked for. `documents_kept`: both passes are given the same document objects
    (an input kept in memory), so the serial engine keeps pass 1's words for pass 2."""
    if options.engine == "serial":
        return SerialEngine(keep_words=documents_kept)
    if options.engine == "local":
        from mtaudit.engines.local import LocalEngine

        return LocalEngine(options.jobs)
    if options.engine == "ray":
        from mtaudit.engines.ray import RayEngine

        return RayEngine(options)
    raise ValueError(f"unknown engine {options.engine!r}; choose one of {', '.join(ENGINES)}")


__all__ = ["DEFAULT_BATCH_SIZE", "ENGINES", "Engine", "EngineOptions", "SerialEngine", "batch_votes", "batched", "in_order", "make_engine"]
