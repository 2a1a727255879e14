"""Language identification with langdetect, seeded so the same text always gets the same answer.

langdetect's own entry point (`langdetect.detect_langs`) first builds a table of every n-gram of
all 55 language profiles, which costs about 0.3 s of a cold start. Here the profiles are read as
they are (0.05 s) and the row of an n-gram is built the first time a text contains it. The
detector is langdetect's own `Detector`, so the answers are langdetect's answers.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache


def normalise(code: str) -> str:
    """'zh-cn' → 'zh', 'EN' → 'en', 'pt_BR' → 'pt'."""
    return code.strip().lower().replace("_", "-").split("-")[0]


class _NgramProbabilities(dict):
    """n-gram → probability in each language, in the order of `langlist`: the rows of langdetect's
    `DetectorFactory.word_lang_prob_map`, each built the first time it is asked for. langdetect's
    `Detector` asks with `in` and then `[]`, so a membership test builds (and keeps) the row, and
    an n-gram of no profile is remembered as such."""

    def __init__(self, profiles: list[tuple[dict[str, int], list[int]]]) -> None:
        super().__init__()
        self._profiles = profiles
        self._unknown: set[str] = set()

    def __contains__(self, ngram: object) -> bool:
        if dict.__contains__(self, ngram):
            return True
        if not isinstance(ngram, str) or ngram in self._unknown:
            return False
        try:
            self[ngram]
        except KeyError:
            self._unknown.add(ngram)
            return False
        return True

    def __missing__(self, ngram: str) -> list[float]:
        size = len(ngram)
        if not 1 <= size <= 3 or not any(ngram in freq for freq, _ in self._profiles):
            raise KeyError(ngram)
        row = [freq.get(ngram, 0) / n_words[size - 1] for freq, n_words in self._profiles]
        self[ngram] = row
        return row


class _Profiles:
    """What langdetect's `Detector` reads from its factory: languages, n-gram table and seed."""

    seed = 0

    def __init__(self, directory: str) -> None:
        self.langlist: list[str] = []
        profiles: list[tuple[dict[str, int], list[int]]] = []
        for name in sorted(os.listdir(directory)):
            path = os.path.join(directory, name)
            if name.startswith(".") or not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
            self.langlist.append(data["name"])
            profiles.append((data["freq"], data["n_words"]))
        self.word_lang_prob_map = _NgramProbabilities(profiles)


@lru_cache(maxsize=1)
def _profiles() -> _Profiles:
    from langdetect.detector_factory import PROFILES_DIRECTORY

    return _Profiles(PROFILES_DIRECTORY)


def detect_languages(text: str) -> list[tuple[str, float]]:
    """Candidate languages of `text` with probabilities, best first; empty when there is no text."""
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import LangDetectException

    detector = Detector(_profiles())
    detector.append(text[:20000])
    try:
        found = detector.get_probabilities()
    except LangDetectException:
        return []
    return [(normalise(item.lang), float(item.prob)) for item in found]


def detect(text: str, default: str = "en") -> str:
    """The most likely language of `text`, or `default` when it cannot be told."""
    found = detect_languages(text)
    return found[0][0] if found else default
