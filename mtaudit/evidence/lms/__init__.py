"""Language-model engines (see `base.py` for the interface and the engine table)."""

from __future__ import annotations

from mtaudit.evidence.lms.base import ENGINES, LanguageModel, LMConfig, TokenScore, load_lm

__all__ = ["ENGINES", "LMConfig", "LanguageModel", "TokenScore", "load_lm"]
