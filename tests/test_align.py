"""The aligner: banded Gale–Church with anchors, paragraphs first, wrong-source detection."""

from __future__ import annotations

import math
import random

import pytest

from mtaudit import align as align_module
from mtaudit.align import align, align_lengths, anchors
from mtaudit.errors import InputError
from mtaudit.segment import sentences

FR = (
    "Le gouvernement a présenté mardi son projet de loi sur l'énergie.\n\n"
    "Le texte prévoit 12 nouvelles centrales solaires d'ici 2030. Il coûtera 4,5 milliards d'euros.\n\n"
    "L'opposition, menée par Marie Dupont, dénonce un calendrier trop serré. Les syndicats demandent une concertation."
)
EN = (
    "The government presented its energy bill on Tuesday.\n\n"
    "The text provides for 12 new solar power plants by 2030. It will cost 4.5 billion euros.\n\n"
    "The opposition, led by Marie Dupont, criticises a timetable that is too tight. The unions are asking for consultation."
)


def pairs(source: str, source_lang: str, target: str) -> list[tuple[str, str]]:
    spans = sentences(target, "en")
    return [(p.source_text, target[p.target_start : p.target_end]) for p in align(source, source_lang, target, spans)]


def test_one_to_one_with_paragraphs_fr_en() -> None:
    result = pairs(FR, "fr", EN)
    assert len(result) == 5
    assert result[1] == ("Le texte prévoit 12 nouvelles centrales solaires d'ici 2030.", "The text provides for 12 new solar power plants by 2030.")
    assert result[3][0].startswith("L'opposition") and result[3][1].startswith("The opposition")


def test_split_sentence_es_en() -> None:
    source = (
        "El ayuntamiento aprobó ayer el nuevo plan de movilidad, que reduce el tráfico en el centro y amplía los carriles bici. "
        "La medida entrará en vigor en septiembre. Los comerciantes temen perder clientes."
    )
    target = (
        "The city council approved the new mobility plan yesterday. It reduces traffic in the centre and extends the cycle lanes. "
        "The measure will come into force in September. Shopkeepers fear losing customers."
    )
    result = pairs(source, "es", target)
    assert len(result) == 3
    assert result[0][1] == "The city council approved the new mobility plan yesterday. It reduces traffic in the centre and extends the cycle lanes."
    assert result[1] == ("La medida entrará en vigor en septiembre.", "The measure will come into force in September.")


def test_missing_target_sentence_de_en() -> None:
    source = (
        "Die Bahn erhöht im Dezember die Preise um 4,9 Prozent. "
        "Besonders betroffen sind Pendler mit Monatskarten. "
        "Der Fahrgastverband kritisiert die Erhöhung scharf und fordert eine Rücknahme. "
        "Die Bahn verweist auf gestiegene Energiekosten."
    )
    target = (
        "Deutsche Bahn is raising prices by 4.9 percent in December. "
        "Commuters with monthly passes are particularly affected. "
        "The railway points to higher energy costs."
    )
    result = pairs(source, "de", target)
    assert len(result) == 3  # every target sentence once, the lost source sentence attached to a neighbour
    assert "Der Fahrgastverband" in " ".join(s for s, _t in result)
    assert result[0][0].startswith("Die Bahn erhöht")


def test_anchors_normalise_numbers_and_names() -> None:
    fr = anchors("Selon Julia Tymosenko, le budget atteint 1 250 000,50 euros.")
    en = anchors("According to Yulia Tymoshenko, the budget reaches 1,250,000.50 euros.")
    assert fr.numbers == en.numbers == frozenset({"125000050"})
    assert "tymo" in fr.names and "tymo" in en.names


def _count_cells(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record how many cells of the dynamic programme each banded pass fills (its work)."""
    cells: list[int] = []
    real = align_module._banded

    def counting(source_lengths, target_lengths, ratio, source_anchors, target_anchors, band, *rest):  # type: ignore[no-untyped-def]
        n, m = len(source_lengths), len(target_lengths)
        slope = m / n
        cells.append(sum(min(m, math.ceil(i * slope) + band) - max(0, math.floor(i * slope) - band) + 1 for i in range(n + 1)))
        return real(source_lengths, target_lengths, ratio, source_anchors, target_anchors, band, *rest)

    monkeypatch.setattr(align_module, "_banded", counting)
    return cells


def test_banded_alignment_is_linear_and_exact_on_2000_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    source = [rng.randint(20, 220) for _ in range(2000)]
    target = [max(5, int(length * 1.15 + rng.gauss(0, 4))) for length in source]
    cells = _count_cells(monkeypatch)
    beads = align_lengths(source, target, 1.15)
    # one pass in the narrowest band: about 2 × band cells per sentence, not 2000 × 2000
    assert len(cells) == 1 and sum(cells) <= 30 * len(source)
    assert sum(1 for s, t in beads if s == t) >= 1980


def test_whole_document_2000_sentences_in_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    words = ["le", "la", "les", "un", "une", "des", "maison", "ville", "rue", "projet", "travail", "temps", "année", "jour", "monde", "pays"]
    fr_sentences = [" ".join(rng.choice(words) for _ in range(rng.randint(5, 25))).capitalize() + "." for _ in range(2000)]
    en_sentences = [s.replace("maison", "house").replace("ville", "town") for s in fr_sentences]
    source = " ".join(fr_sentences)
    target = " ".join(en_sentences)
    spans = sentences(target, "en")
    cells = _count_cells(monkeypatch)
    result = align(source, "fr", target, spans)
    assert len(result) == len(spans)
    # the widest band the aligner may try is 4 × 12: the work stays a constant per sentence
    assert cells and sum(cells) <= 2 * (2 * 48 + 2) * (len(spans) + 1)


def test_wrong_source_raises_input_error() -> None:
    other = (
        "En 1998, la région comptait 42 000 habitants. Le festival de 2005 a attiré 12 500 visiteurs. "
        "La ligne 7 du tramway a coûté 310 millions d'euros. Le stade construit en 1963 accueille 25 000 spectateurs."
    )
    target = (
        "In 2019, the company sold 3,400 cars. Its profit reached 87 million euros in 2020. "
        "The plant in Lille employs 1,250 people. A second plant will open in 2026."
    )
    with pytest.raises(InputError, match="check --source"):
        align(other, "fr", target, sentences(target, "en"))


def test_right_source_with_some_changed_numbers_does_not_raise() -> None:
    source = (
        "En 2019, l'entreprise a vendu 3 400 voitures. Son bénéfice a atteint 87 millions d'euros en 2020. "
        "L'usine de Lille emploie 1 250 personnes. Une deuxième usine ouvrira en 2026."
    )
    target = (
        "In 2019, the company sold 4,300 cars. Its profit reached 78 million euros in 2020. "
        "The Lille plant employs 1,250 people. A second plant will open in 2026."
    )
    assert len(align(source, "fr", target, sentences(target, "en"))) == 4


def test_empty_sides() -> None:
    assert align("", "fr", "Hello.", sentences("Hello.", "en")) == []
    assert align_lengths([], [10, 20]) == [([], [0]), ([], [1])]


def test_a_wrong_source_can_be_warned_about_and_the_target_audited_alone() -> None:
    from mtaudit.align import source_mismatch

    other = (
        "En 1998, la région comptait 42 000 habitants. Le festival de 2005 a attiré 12 500 visiteurs. "
        "La ligne 7 du tramway a coûté 310 millions d'euros. Le stade construit en 1963 accueille 25 000 spectateurs."
    )
    target = (
        "In 2019, the company sold 3,400 cars. Its profit reached 87 million euros in 2020. "
        "The plant in Lille employs 1,250 people. A second plant will open in 2026."
    )
    spans = sentences(target, "en")
    assert align(other, "fr", target, spans, strict=False) == []
    assert "does not look like the source" in (source_mismatch(other, "fr", target, spans) or "")
    right = "En 2019, l'entreprise a vendu 3 400 voitures. Son bénéfice a atteint 87 millions d'euros en 2020."
    assert source_mismatch(right, "fr", target, spans) is None


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Le pont est fermé depuis lundi.", "The bridge has been closed since Monday."),
        ("Le pont est fermé.", "The bridge has been closed since Monday, the mayor said, and will stay closed for repairs until the end of March at least."),
        ("   Ja.  ", "\n  Yes, indeed, absolutely, without any doubt whatsoever, yes.\n"),
    ],
)
@pytest.mark.parametrize("beads", [[([0], [0])], [([0], []), ([], [0])], [([], [0]), ([0], [])]])
def test_one_sentence_each_side_pairs_them_whatever_the_beads(source: str, target: str, beads: list, monkeypatch: pytest.MonkeyPatch) -> None:
    """One source and one target sentence (a file of segments) are paired without the length
    model: a 1-1 bead, or a 1-0 and a 0-1 bead in either order, would give the same pair."""
    source_spans, target_spans = sentences(source, "fr"), sentences(target, "en")
    assert len(source_spans) == len(target_spans) == 1
    found = align_module.align_document(source, "fr", target, target_spans)
    assert [(p.source_text, p.target_sentences) for p in found.pairs] == [(source.strip(), (0,))] and found.paragraphs is None
    monkeypatch.setattr(align_module, "align_lengths", lambda *args, **kwargs: beads)
    assert align_module._aligned(source, target, source_spans, target_spans, [anchors(source)], [anchors(target)]) == found
