"""`boundary.run-on` beyond stray capitals: the source's sentence breaks projected onto the
translation, and elided articles written with a capital (`mtaudit/breaks.py`)."""

from __future__ import annotations

import pytest

from mtaudit.breaks import source_breaks
from tests.conftest import audit_text, flagged, needs_hunspell

PEACE_SOURCE = "M. Arafat et M. Peres ont failli conclure un accord de paix. La présence de M. Blair sera suivie de près."


def test_a_name_where_the_source_breaks_the_sentence_is_a_lost_break() -> None:
    target = "Mr Arafat and Mr Peres came close to a peace deal Mr Blair's appearance will be keenly watched."
    [finding] = audit_text(target, select=("boundary.run-on",), source=PEACE_SOURCE, source_lang="fr").findings
    assert finding.text == "deal Mr"
    assert finding.suggestions[0] == "deal. Mr"
    assert finding.evidence["source_break"] is True
    # without the source the same words are a name after a noun, and nothing says a break was lost
    assert flagged(target, "boundary.run-on") == []


@pytest.mark.parametrize(
    ("target", "source"),
    [
        # the translation joined the two sentences with punctuation and a conjunction
        ("Mr Arafat and Mr Peres came close to a peace deal, and Mr Blair's appearance will be keenly watched.", PEACE_SOURCE),
        # the translation kept both sentences, or wrote a colon for the full stop
        ("Mr Arafat and Mr Peres came close to a peace deal: everyone expects Mr Blair's appearance to be keenly watched.", PEACE_SOURCE),
        ("Mr Arafat and Mr Peres came close to a peace deal. Mr Blair's appearance will be keenly watched.", PEACE_SOURCE),
        # one sentence in the source: "M." is an initial, not a sentence end
        ("The minister met Mr Blair and Mr Brown in London on Friday.", "Le ministre a rencontré M. Blair et M. Brown à Londres vendredi."),
        # a name after a noun far from where the source's break projects (a quarter of the way in)
        (
            "The talks failed because the two sides could not agree on the borders drawn by the envoy Mr Blair.",
            "Les pourparlers ont échoué. Les deux camps ne se sont pas entendus sur les frontières tracées par l'envoyé M. Blair.",
        ),
    ],
)
def test_no_lost_break_without_a_source_break_near_a_bare_capital(target: str, source: str) -> None:
    assert flagged(target, "boundary.run-on", source=source, source_lang="fr") == []


def test_a_full_stop_the_segmenter_left_inside_a_sentence_is_a_break() -> None:
    source = "Then we search Google to find out whether the tabloids wrote about a celebrity losing weight, etc. On Sunday, both Honza and Mario stressed that a stylist must know fashion."
    target = "Entonces buscamos en Google si los tabloides escribieron sobre una celebridad que pierde peso, etc. El domingo, ambos Honza y Mario insistieron en que un estilista debe saber de moda."
    assert flagged(target, "boundary.run-on", "es", source=source, source_lang="en") == []


def test_two_capitals_in_a_row_are_a_name_and_day_names_are_dates() -> None:
    source = "Bode published the survey on Tuesday. The survey was conducted for the Forsa Institute on 7 and 8 November."
    assert flagged("Bode a publié le sondage Mardi, réalisé les 7 et 8 novembre par l'Institut Forsa.", "boundary.run-on", "fr", source=source, source_lang="en") == []
    source = "She was disappointed by the baths. When she tried to visit the pool at Luhatschowitz, it was closed."
    target = "Elle a été déçue par les bains de Bad Luhatschowitz, dont la piscine était fermée quand elle a voulu la visiter."
    assert flagged(target, "boundary.run-on", "fr", source=source, source_lang="en") == []


def test_titles_are_not_lost_breaks() -> None:
    source = "Les abonnés reçoivent le magazine imprimé. The Year Ahead et les archives complètes coûtent moins de neuf dollars."
    target = "Subscribers get the print magazine The Year Ahead and the complete archive for less than nine dollars."
    assert flagged(target, "boundary.run-on", source=source, source_lang="fr") == []


def test_source_breaks_are_where_sentences_end_and_start() -> None:
    [french] = source_breaks(PEACE_SOURCE, "fr")  # the breaks after "M." are initials
    assert PEACE_SOURCE[round(french * len(PEACE_SOURCE)) :].startswith("La présence")
    chinese = "我们去了北京。他说那里很好。"
    assert source_breaks(chinese, "zh") == [7 / len(chinese)]
    assert source_breaks("Il a parlé de la France, de l'Italie, etc. et de l'Espagne.", "fr") == []


def test_german_needs_a_word_the_dictionary_writes_in_lower_case() -> None:
    needs_hunspell("de")
    source = "The government passed the law yesterday. The opposition protested loudly."
    assert flagged("Die Regierung hat das Gesetz gestern beschlossen Die Opposition protestierte laut.", "boundary.run-on", "de", source=source, source_lang="en") == [
        "beschlossen Die"
    ]
    # German clauses end on their verbs, auxiliaries included
    source = "This is where I saw my first icebergs. That is why I was in awe."
    target = "Das ist der Ort, wo ich meine ersten Eisberge gesehen habe Das ist der Grund, warum ich voller Ehrfurcht war."
    assert flagged(target, "boundary.run-on", "de", source=source, source_lang="en") == ["habe Das"]
    # a noun after the verb is German capitalisation, not a lost break
    source = "The government passed the law yesterday. Opposition members protested loudly."
    assert flagged("Die Regierung hat gestern das Gesetz beschlossen Oppositionspolitiker protestierten laut.", "boundary.run-on", "de", source=source, source_lang="en") == []


def test_an_elided_article_with_a_capital_starts_a_sentence() -> None:
    needs_hunspell("fr")
    assert flagged("Le PIB a stagné pendant le dernier trimestre L'économie allemande a ralenti.", "boundary.run-on", "fr") == ["trimestre L'économie"]
    assert flagged("Le groupe cosmétique L'Oréal a augmenté son chiffre d'affaires au dernier trimestre.", "boundary.run-on", "fr") == []
    assert flagged("Le PIB a stagné pendant le dernier trimestre, selon l'économiste.", "boundary.run-on", "fr") == []
