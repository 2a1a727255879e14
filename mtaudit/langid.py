"""Language identification with langdetect, seeded so the same text always gets the same answer."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _factory_ready() -> bool:
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0
    return True


def normalise(code: str) -> str:
    """'zh-cn' → 'zh', 'EN' → 'en', 'pt_BR' → 'pt'."""
    return code.strip().lower().replace("_", "-").split("-")[0]


def detect_languages(text: str) -> list[tuple[str, float]]:
    """Candidate languages of `text` with probabilities, best first; empty when there is no text."""
    from langdetect import LangDetectException, detect_langs

    _factory_ready()
    sample = text[:20000]
    try:
        found = detect_langs(sample)
    except LangDetectException:
        return []
    return [(normalise(item.lang), float(item.prob)) for item in found]


def detect(text: str, default: str = "en") -> str:
    """The most likely language of `text`, or `default` when it cannot be told."""
    found = detect_languages(text)
    return found[0][0] if found else default
