"""The language-model interface: `score(texts, lang) -> per-token log-probabilities with offsets`.

An engine is one module in this package with one class deriving from `LanguageModel`, named in
`ENGINES` as "module:Class" and imported only when used.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from mtaudit.errors import ModelError

ENGINES: dict[str, str] = {
    "ngram": "ngram:NgramLM",
    "hf": "hf:HFCausalLM",
}


@dataclass(frozen=True)
class TokenScore:
    """One scored token: `text[start:end]` and its natural-log probability under the model."""

    start: int
    end: int
    logprob: float

    @property
    def bits(self) -> float:
        """Surprisal in bits: −log₂ p."""
        return -self.logprob / math.log(2)


@dataclass(frozen=True)
class LMConfig:
    """How to build an engine: model (id or folder), device, download permission, batch size."""

    model: str | None = None
    device: str = "auto"
    allow_download: bool = False
    batch_size: int = 16
    max_length: int = 512
    precision: str = "auto"


class LanguageModel(ABC):
    """One language model."""

    engine: str = ""
    #: Whether results may be stored in the on-disk cache (not worth it for fast engines).
    cacheable: bool = True

    def __init__(self, config: LMConfig) -> None:
        self.config = config

    @abstractmethod
    def score(self, texts: list[str], lang: str) -> list[list[TokenScore]]:
        """Per-token log-probabilities of each text, with character offsets into that text."""

    def supports(self, lang: str) -> bool:
        """True when the model can score text in `lang`."""
        return True

    def require(self, lang: str) -> None:
        """Raise a one-line `ModelError` when the model cannot be used (missing, not installed)."""
        return None

    def model_id(self) -> str:
        return self.config.model or self.engine

    def revision(self) -> str:
        return ""

    def runtime(self) -> dict[str, str]:
        """Device and precision the engine runs with (cache key)."""
        return {}

    def params(self) -> dict[str, Any]:
        return {}


def load_lm(engine: str, config: LMConfig) -> LanguageModel:
    """The engine called `engine` (a key of `ENGINES`), imported on first use."""
    if engine not in ENGINES:
        raise ModelError(f"unknown language model {engine!r}; choose one of {', '.join(sorted(ENGINES))}")
    module_name, class_name = ENGINES[engine].split(":")
    module = import_module(f"mtaudit.evidence.lms.{module_name}")
    cls: type[LanguageModel] = getattr(module, class_name)
    return cls(config)
