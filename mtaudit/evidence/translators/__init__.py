"""Translation engines (see `base.py` for the interface and the engine table)."""

from __future__ import annotations

from mtaudit.evidence.translators.base import ENGINES, Translator, TranslatorConfig, load_translator

__all__ = ["ENGINES", "Translator", "TranslatorConfig", "load_translator"]
