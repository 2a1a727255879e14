"""Model engines that stay loaded between batches.

`mtaudit.evidence.gather.gather_evidence` loads its translator and language model on every call,
which is right for one run but not for an engine that calls it once per batch of 32 documents:
a worker (a local process, a Ray actor) would load a model thousands of times. `keep_loaded`
gives a gatherer for this process whose engines are loaded once per configuration and reused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mtaudit.pipeline import EvidenceGatherer

_LOADED: dict[tuple[str, str, str], Any] = {}


def _once(kind: str, load: Callable[[str, Any], Any]) -> Callable[[str, Any], Any]:
    """`load(name, config)` remembered by name and configuration in this process."""

    def loaded(name: str, config: Any) -> Any:
        key = (kind, name, repr(config))
        if key not in _LOADED:
            _LOADED[key] = load(name, config)
        return _LOADED[key]

    loaded.__wrapped__ = load  # type: ignore[attr-defined]
    return loaded


def keep_loaded() -> EvidenceGatherer:
    """`gather_evidence`, with the engines it loads kept for the life of this process.

    The evidence module looks its loaders up by name when it runs, so they are replaced there
    (once per process) by remembering versions; what each engine computes is unchanged.
    """
    from mtaudit.evidence import gather

    if not hasattr(gather.load_translator, "__wrapped__"):
        gather.load_translator = _once("translator", gather.load_translator)  # type: ignore[assignment]
        gather.load_lm = _once("lm", gather.load_lm)  # type: ignore[assignment]
    return gather.gather_evidence


def loaded_engines() -> int:
    """How many model engines this process holds (a test reads it: one load per actor)."""
    return len(_LOADED)
