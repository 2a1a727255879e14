"""Glossary terms in their inflected forms, per language, through the Language layer's endings."""

from __future__ import annotations

from pathlib import Path

from mtaudit.checks.glossary import glossary_findings
from mtaudit.glossary import Glossary, load_glossary
from mtaudit.language import inflection_pattern, language, noun_endings
from mtaudit.pipeline import AuditOptions, prepare
from mtaudit.records import Document


def found(text: str, glossary_: Glossary, lang: str, source: str | None = None, source_lang: str | None = None) -> list[tuple[str, tuple[str, ...]]]:
    document = Document(id="t", target=text, source=source, target_lang=lang, source_lang=source_lang)
    return [(f.text, f.suggestions) for f in glossary_findings(prepare(document, AuditOptions()), glossary_)]


def write(tmp_path: Path, text: str) -> Glossary:
    path = tmp_path / "glossary.csv"
    path.write_text(text, encoding="utf-8")
    return load_glossary(path)


def test_endings_come_from_the_language_layer() -> None:
    assert "s" in noun_endings("de") and "en" in noun_endings("de-AT")
    assert "ом" in noun_endings("ru") and "'s" not in noun_endings("ru")
    assert language("de").noun_endings == noun_endings("de")
    assert noun_endings("xx") == noun_endings("en")  # a language without an entry: the former behaviour
    pattern = inflection_pattern("Kiev", noun_endings("en"))
    assert [m.group() for m in pattern.finditer("Kiev's mayor, two Kievs, Kievan Rus, Kievsky station")] == ["Kiev's", "Kievs"]


def test_english_possessive_and_plural_keep_their_ending(tmp_path: Path) -> None:
    entries = write(tmp_path, "term,forbidden,lang\nKyiv,Kiev,en\n")
    text = "Kiev's mayor said the city had been rebuilt; there are now two Kievs, the old and the new."
    assert found(text, entries, "en") == [("Kiev's", ("Kyiv's",)), ("Kievs", ("Kyivs",))]
    assert found("The Kievan Rus was a medieval state.", entries, "en") == []


def test_german_genitive_and_plural(tmp_path: Path) -> None:
    entries = write(tmp_path, "term,forbidden,lang\nKyjiw,Kiew,de\n")
    text = "Der Bürgermeister Kiews sagte, die Straßen des alten Kiew seien wieder offen."
    assert found(text, entries, "de") == [("Kiews", ("Kyjiws",)), ("Kiew", ("Kyjiw",))]
    # -er is a German plural ending, so the adjective "Kiewer" is found too, and gets "Kyjiwer"
    assert found("Die Kiewer Innenstadt war am Montag gesperrt.", entries, "de") == [("Kiewer", ("Kyjiwer",))]
    # a longer word that merely starts with the variant is not
    assert found("Die Familie Kiewski wohnt seit 1990 in Berlin.", entries, "de") == []


def test_russian_case_endings(tmp_path: Path) -> None:
    entries = write(tmp_path, "term,forbidden,lang\nКиев,Киеве,ru\n")
    assert found("Переговоры в Киеве продолжатся в понедельник.", entries, "ru") == [("Киеве", ("Киев",))]


def test_the_required_term_counts_in_its_inflected_forms(tmp_path: Path) -> None:
    entries = write(tmp_path, "term,forbidden,source,lang\nKyiv,Kiev,Kiev,en\n")
    source = "Les maires de Kiev et de Lviv se sont rencontrés lundi."
    # the target says "Kyiv's": the required term is there, inflected, so no "missing term"
    assert found("Kyiv's mayor and the mayor of Lviv met on Monday.", entries, "en", source, "fr") == []
    # a target without it is flagged
    missing = found("The mayors of the capital and of Lviv met on Monday.", entries, "en", source, "fr")
    assert [suggestions for _, suggestions in missing] == [()]


def test_the_source_term_is_found_in_its_inflected_forms(tmp_path: Path) -> None:
    entries = write(tmp_path, "term,forbidden,source,lang\nKyiv,Kiev,Kiew,en\n")
    source = "Der Bürgermeister Kiews traf am Montag den Bürgermeister von Lwiw."
    assert [s for _, s in found("The mayor of the capital met the mayor of Lviv on Monday.", entries, "en", source, "de")] == [()]
    assert found("The mayor of Kyiv met the mayor of Lviv on Monday.", entries, "en", source, "de") == []
