"""German commas before relative clauses and infinitive groups (`mtaudit/checks/commas.py`).

The sentences are ordinary German of the kinds the rules must tell apart: a relative pronoun and
the same word as an article, "um"/"ohne" opening an infinitive group and as prepositions.
"""

from __future__ import annotations

import pytest

from tests.conftest import audit_text, corrected, flagged

RELATIVE = "boundary.relative-comma"
INFINITIVE = "boundary.infinitive-comma"


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Ein Teil des Eises in den Eisbergen die ich fotografiere ist sehr jung.", "Eisbergen, die ich"),
        ("Die letzten Bilder die ich Ihnen zeigen möchte, zeigen einen Eisberg.", "Bilder, die ich"),
        ("Er kennt den Weg den wir morgen gehen.", "Weg, den wir"),
        ("Das ist ein Problem das sich nicht lösen lässt.", "Problem, das sich"),
        ("Wir danken allen Leuten die an diesem Projekt gearbeitet haben.", "Leuten, die an"),
        ("Es ist der 1-Ausgang der nach oben geht.", "1-Ausgang, der nach"),
        ("Sie besuchte eine Frau deren Mann gestorben ist.", "Frau, deren Mann"),
        ("Das sind Dinge die die Menschen selbst bauen.", "Dinge, die die"),
    ],
)
def test_relative_clause_without_comma(text: str, fixed: str) -> None:
    assert len(flagged(text, RELATIVE, lang="de")) == 1
    assert fixed in corrected(text, RELATIVE, lang="de")


@pytest.mark.parametrize(
    "text",
    [
        "Die letzten Bilder, die ich Ihnen zeigen möchte, zeigen einen Eisberg.",  # the comma is there
        "Er gab dem Kind die neuen Bücher.",  # article, adjective, noun
        "Der Präsident der Vereinigten Staaten ist gestern angekommen.",  # a genitive article
        "Das ist die Hälfte der ihnen zustehenden Summe.",  # the phrase ends on its noun
        "Er sah am Ufer das in Berlin gebaute Haus.",  # an attribute before the noun
        "Sie sahen Bilder und die wir gemalt haben.",  # after "und", not after a noun
        "Aber die wir kennen, sind anders.",  # a sentence-opening conjunction is no noun
        "Sie sagt, dass die Pläne dessen enthalten, was wir bauen.",  # "dessen" as a demonstrative
        "Ich glaube, dass die Leute das nicht wissen.",  # "die Leute": an article before its noun
    ],
)
def test_relative_negatives(text: str) -> None:
    assert flagged(text, RELATIVE, lang="de") == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Die Einheit dreht sich um sie im Raum zu bewegen.", "sich, um sie"),
        ("Er ging nach Hause ohne ein Wort zu sagen.", "Hause, ohne ein"),
        ("Wir brauchen zwei Jahre um diesen Roboter herzustellen.", "Jahre, um diesen"),
        ("Ich bin heute hier um Ihnen etwas zu zeigen.", "hier, um Ihnen"),
        ("Sie spielte statt zu arbeiten.", "spielte, statt zu"),
    ],
)
def test_infinitive_group_without_comma(text: str, fixed: str) -> None:
    assert len(flagged(text, INFINITIVE, lang="de")) == 1
    assert fixed in corrected(text, INFINITIVE, lang="de")


@pytest.mark.parametrize(
    "text",
    [
        "Ich bin heute hier, um Ihnen etwas zu zeigen.",  # the comma is there
        "Wir treffen uns um acht Uhr im Büro.",  # "um" as a preposition
        "Er trinkt Kaffee ohne Zucker.",  # "ohne" as a preposition
        "Es geht um die Frage, was zu tun ist.",  # the clause ends at the comma, not on "zu tun"
        "Er kam und um zu helfen blieb er.",  # after "und"
    ],
)
def test_infinitive_negatives(text: str) -> None:
    assert flagged(text, INFINITIVE, lang="de") == []


def test_rules_stay_silent_in_english() -> None:
    text = "These are the parts that take up the sequence in order to move them."
    assert audit_text(text, "en", select=(RELATIVE, INFINITIVE)).findings == []


def test_every_clause_of_a_long_paragraph() -> None:
    """Each relative clause of a long paragraph is found once: the clause of one candidate ends at
    its own full stop and never runs into the next sentence."""
    sentence = "Das sind die Teile die wir bauen. "
    text = sentence * 400
    assert len(flagged(text, RELATIVE, lang="de")) == 400
