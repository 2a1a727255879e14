"""The German comma perturbations of benchmarks/perturb.py: the comma before an infinitive group
with "um … zu" left out, with the exact span the audit is scored on."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "perturb.py"
if "perturb" in sys.modules:
    perturb = sys.modules["perturb"]
else:
    _spec = importlib.util.spec_from_file_location("perturb", _PATH)
    assert _spec is not None and _spec.loader is not None
    perturb = importlib.util.module_from_spec(_spec)
    sys.modules["perturb"] = perturb
    _spec.loader.exec_module(perturb)

SENTENCE = perturb.Sentence(
    "g2",
    "Die Einheit dreht sich, um sie im Raum zu bewegen, und gibt sie weiter.",
    "The unit rotates to move it in space and passes it on.",
)


def test_comma_dropped_before_an_infinitive_group() -> None:
    target, p = perturb.PLANTERS["drop-comma-infinitive"](SENTENCE, random.Random(1), frozenset())
    assert target == "Die Einheit dreht sich um sie im Raum zu bewegen, und gibt sie weiter."
    assert target[p.start : p.end] == "sich um"
    assert SENTENCE.target[p.clean_start : p.clean_end] == "sich, um"


def test_no_infinitive_group_no_case() -> None:
    """"um acht Uhr" is a preposition: no "zu" follows before the next comma, so nothing is planted."""
    sentence = perturb.Sentence("g3", "Wir treffen uns, um acht Uhr, im Büro zu Hause.")
    assert perturb.PLANTERS["drop-comma-infinitive"](sentence, random.Random(1), frozenset()) is None


def test_the_type_is_german() -> None:
    assert "drop-comma-infinitive" in perturb.GERMAN_TYPES
    assert perturb.CATEGORY["drop-comma-infinitive"] == "fluency/punctuation"
