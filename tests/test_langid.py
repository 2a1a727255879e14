"""Language identification (`mtaudit.langid`): langdetect's answers, deterministic, with a default."""

from __future__ import annotations

import pytest

from mtaudit.langid import detect, detect_languages, normalise

SENTENCES = {
    "fr": "Le gouvernement a présenté mardi son projet de loi sur l'énergie.",
    "de": "Die Regierung hat am Dienstag ihren Gesetzentwurf zur Energie vorgestellt.",
    "es": "El gobierno presentó el martes su proyecto de ley sobre la energía.",
    "pt": "O governo apresentou na terça-feira o seu projeto de lei sobre a energia.",
    "en": "The government presented its energy bill on Tuesday.",
    "ru": "Правительство во вторник представило свой законопроект об энергетике.",
}


@pytest.mark.parametrize(("lang", "text"), SENTENCES.items())
def test_detects_the_language_of_a_news_sentence(lang: str, text: str) -> None:
    assert detect(text) == lang


def test_same_text_same_answer() -> None:
    text = "The minister resigned on Monday after a long meeting of the cabinet."
    assert detect_languages(text) == detect_languages(text)
    best, probability = detect_languages(text)[0]
    assert best == "en" and probability > 0.9


def test_answers_are_langdetects_own() -> None:
    from langdetect import DetectorFactory, detect_langs

    DetectorFactory.seed = 0
    for text in SENTENCES.values():
        theirs = [(normalise(item.lang), round(item.prob, 6)) for item in detect_langs(text)]
        ours = [(lang, round(prob, 6)) for lang, prob in detect_languages(text)]
        assert ours == theirs


def test_no_letters_gives_the_default() -> None:
    assert detect_languages("") == []
    assert detect("", default="de") == "de"
    assert detect("12 345 — 67", default="fr") == "fr"


@pytest.mark.parametrize(("code", "expected"), [("zh-cn", "zh"), ("EN", "en"), ("pt_BR", "pt"), (" de ", "de")])
def test_normalise_keeps_the_language_subtag(code: str, expected: str) -> None:
    assert normalise(code) == expected
