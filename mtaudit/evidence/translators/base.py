"""The translator interface: `translate(texts, src, tgt) -> list[str]`, batched, and for neural
engines forced-decoding scores: `score(sources, targets, src, tgt) -> per-token log-probabilities`.

An engine is one module in this package with one class deriving from `Translator`, named in
`ENGINES` as "module:Class". It is imported only when used, so torch and transformers are loaded
only by the engines that need them. To add an engine, write the module and add one line to
`ENGINES`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from mtaudit.errors import ModelError
from mtaudit.evidence.data import ForcedToken

__all__ = ["ENGINES", "ForcedToken", "Translator", "TranslatorConfig", "load_translator"]

ENGINES: dict[str, str] = {
    "hf": "hf:HFTranslator",
    "ctranslate2": "ctranslate2:CT2Translator",
    "apertium": "apertium:ApertiumTranslator",
    "precomputed": "precomputed:PrecomputedTranslator",
}

# ISO 639-1 → NLLB-200 codes for the languages most often audited.
NLLB_CODES = {
    "ar": "arb_Arab", "bg": "bul_Cyrl", "ca": "cat_Latn", "cs": "ces_Latn", "da": "dan_Latn", "de": "deu_Latn",
    "el": "ell_Grek", "en": "eng_Latn", "es": "spa_Latn", "et": "est_Latn", "fi": "fin_Latn", "fr": "fra_Latn",
    "he": "heb_Hebr", "hi": "hin_Deva", "hu": "hun_Latn", "id": "ind_Latn", "it": "ita_Latn", "ja": "jpn_Jpan",
    "ko": "kor_Hang", "lt": "lit_Latn", "lv": "lvs_Latn", "nl": "nld_Latn", "no": "nob_Latn", "pl": "pol_Latn",
    "pt": "por_Latn", "ro": "ron_Latn", "ru": "rus_Cyrl", "sk": "slk_Latn", "sl": "slv_Latn", "sv": "swe_Latn",
    "tr": "tur_Latn", "uk": "ukr_Cyrl", "vi": "vie_Latn", "zh": "zho_Hans",
}  # fmt: skip


@dataclass(frozen=True)
class TranslatorConfig:
    """How to build an engine: the model (id, local folder or template with `{src}`/`{tgt}`),
    device, download permission, generation parameters and, for `precomputed`, the file."""

    model: str | None = None
    device: str = "auto"
    allow_download: bool = False
    beams: int = 4
    batch_size: int = 16
    max_length: int = 256
    path: str | None = None
    precision: str = "auto"


class Translator(ABC):
    """One translation engine bound to one model (or model template)."""

    engine: str = ""
    #: Whether results may be stored in the on-disk cache.
    cacheable: bool = True
    #: Whether `score` (forced decoding) is implemented.
    can_score: bool = False
    #: Whether the engine can also translate the source forward (a file of back-translations cannot).
    serves_forward: bool = True

    def __init__(self, config: TranslatorConfig) -> None:
        self.config = config

    @abstractmethod
    def translate(self, texts: list[str], src: str, tgt: str) -> list[str]:
        """Translate every text from `src` to `tgt` (ISO 639-1 codes); "" where none is available."""

    @abstractmethod
    def available(self, src: str, tgt: str) -> bool:
        """True when this engine can translate `src`→`tgt` now, without downloading anything."""

    def require(self, src: str, tgt: str) -> None:
        """Raise a one-line `ModelError` saying what to do when `src`→`tgt` is not available."""
        if not self.available(src, tgt):
            raise ModelError(f"{self.engine}: no {src}→{tgt} translation available")

    def model_id(self, src: str, tgt: str) -> str:
        """The model used for `src`→`tgt` (recorded in the report settings)."""
        return self.config.model or self.engine

    def revision(self, src: str, tgt: str) -> str:
        """A string that changes whenever the model's output may change (cache key)."""
        return ""

    def params(self) -> dict[str, Any]:
        """Generation parameters that change the output (cache key)."""
        return {"beams": self.config.beams, "max_length": self.config.max_length}

    def score(self, sources: list[str], targets: list[str], src: str, tgt: str) -> list[list[ForcedToken]]:
        """Forced decoding: each target's tokens scored given its source (`src`→`tgt`), in one
        forward pass per batch and no generation. Only engines with `can_score`."""
        raise NotImplementedError(f"{self.engine} cannot score translations")

    def runtime(self) -> dict[str, str]:
        """Device and precision the engine runs with (cache key: half precision changes outputs)."""
        return {}

    def pair_warning(self, src: str, tgt: str) -> str | None:
        """A note when the model for `src`→`tgt` was made for another language pair."""
        return None

    def multilingual(self, src: str, tgt: str) -> bool:
        """True when the model for `src`→`tgt` serves many directions (M2M100, NLLB, Apertium)."""
        return True

    def pivots(self, lang: str) -> list[str]:
        """Pivot languages worth trying for a round trip of `lang`, best first."""
        return ["de", "fr", "es"] if lang == "en" else ["en"]


def load_translator(engine: str, config: TranslatorConfig) -> Translator:
    """The engine called `engine` (a key of `ENGINES`), imported on first use."""
    if engine not in ENGINES:
        raise ModelError(f"unknown translator {engine!r}; choose one of {', '.join(sorted(ENGINES))}")
    module_name, class_name = ENGINES[engine].split(":")
    module = import_module(f"mtaudit.evidence.translators.{module_name}")
    cls: type[Translator] = getattr(module, class_name)
    return cls(config)
