"""Model engines that stay loaded between batches.

`mtaudit.evidence.gather.gather_evidence` loads its translator and language model on every call,
which is right for one run but not for an engine that calls it once per batch of 32 documents:
a worker (a local process, a Ray actor) would load a model thousands of times. `keep_loaded`
gives a gatherer whose engines are loaded once per configuration and reused for every batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mtaudit.context import CheckContext
    from mtaudit.evidence.gather import EvidenceRun
    from mtaudit.options import EvidenceOptions


@dataclass
class LoadedGatherer:
    """`gather_evidence` with the engines it loads kept in `loaded` (by kind, name and configuration).

    The evidence module looks its loaders up by name when it runs; during a call (and only then)
    they are replaced there by versions that return the engine already loaded. What each engine
    computes is unchanged; outside a call, `mtaudit.evidence.gather` is untouched.
    """

    loaded: dict[tuple[str, str, str], Any] = field(default_factory=dict)

    def __call__(self, contexts: list[CheckContext], options: EvidenceOptions) -> EvidenceRun:
        from mtaudit.evidence import gather

        with self._remembering(gather):
            return gather.gather_evidence(contexts, options)

    @contextmanager
    def _remembering(self, module: Any) -> Iterator[None]:
        translator, lm = module.load_translator, module.load_lm
        module.load_translator = self._once("translator", translator)
        module.load_lm = self._once("lm", lm)
        try:
            yield
        finally:
            module.load_translator, module.load_lm = translator, lm

    def _once(self, kind: str, load: Callable[[str, Any], Any]) -> Callable[[str, Any], Any]:
        def loaded(name: str, config: Any) -> Any:
            key = (kind, name, repr(config))
            if key not in self.loaded:
                self.loaded[key] = load(name, config)
            return self.loaded[key]

        return loaded


def keep_loaded() -> LoadedGatherer:
    """A gatherer for one worker: each engine loaded on first use, then kept."""
    return LoadedGatherer()
