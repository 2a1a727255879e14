"""untranslated.*: sentences, spans, words and scripts left in another language."""

from __future__ import annotations

import pytest

from mtaudit.foreign import script_of
from mtaudit.language import language
from mtaudit.pipeline import AuditOptions, audit
from mtaudit.records import Document
from tests.conftest import needs_hunspell


def found(text: str, lang: str, source: str | None = None, source_lang: str | None = None) -> list[tuple[str, str]]:
    doc = Document("t", text, target_lang=lang, source=source, source_lang=source_lang)
    result = audit([doc], AuditOptions(select=("untranslated",), source_lang=source_lang))
    findings = result.documents[0].findings
    for f in findings:
        assert text[f.start : f.end] == f.text
    return [(f.rule, f.text) for f in findings]


def test_sentence_in_source_language() -> None:
    target = "The mayor opened the new bridge on Friday. La cérémonie a attiré des centaines de curieux venus de toute la région."
    source = "Le maire a inauguré le nouveau pont vendredi. La cérémonie a attiré des centaines de curieux venus de toute la région."
    assert ("untranslated.sentence", target.split(". ", 1)[1]) in found(target, "en", source, "fr")


def test_english_sentence_left_in_french_target() -> None:
    target = "Le comité a voté le budget mardi. The committee approved the budget on Tuesday evening."
    rules = found(target, "fr", "The committee approved the budget on Tuesday evening.", "en")
    assert ("untranslated.sentence", "The committee approved the budget on Tuesday evening.") in rules


def test_sentence_without_source_language() -> None:
    target = "Talks resumed in Geneva. Die Verhandlungen wurden am Abend ohne Ergebnis unterbrochen und sollen morgen weitergehen."
    rules = found(target, "en")
    assert rules and rules[0][0] == "untranslated.sentence"


def test_single_word_common_in_source() -> None:
    target = "The gouvernement announced new measures to support farmers."
    assert found(target, "en", "Le gouvernement a annoncé de nouvelles mesures pour soutenir les agriculteurs.", "fr") == [
        ("untranslated.word", "gouvernement")
    ]


def test_less_common_word_copied_from_the_source() -> None:
    # Apertium's output for this English sentence: "tumbled" and "repay" were copied as they stand.
    source = "Shares tumbled after the firm said it could not repay its software loan, a move to curb costs."
    target = "Las acciones tumbled después de que la empresa dijo que no podría repay su préstamo de software, para curb costes."
    assert found(target, "es", source, "en") == [("untranslated.word", "tumbled"), ("untranslated.word", "repay"), ("untranslated.word", "curb")]


def test_span_with_source_function_words() -> None:
    target = "He met the sous-préfet de la région yesterday."
    rules = found(target, "en", "Il a rencontré le sous-préfet de la région hier.", "fr")
    assert rules and rules[0][0] == "untranslated.word" and "région" in rules[0][1]


def test_german_target_with_english_word() -> None:
    target = "Die Kinder spielten draußen, although es regnete."
    rules = found(target, "de", "The children played outside although it was raining.", "en")
    assert ("untranslated.word", "although") in rules


def test_cjk_characters_from_chinese_source() -> None:
    target = "He practises 太极 every morning in the park."
    assert found(target, "en", "他每天早上在公园练习太极。", "zh") == [("untranslated.script", "太极")]


@pytest.mark.parametrize(
    ("target", "source", "source_lang"),
    [
        # Loanwords and quoted titles are English usage, not untranslated text.
        ("The café served croissants in an art nouveau hall.", "Le café servait des croissants dans une salle art nouveau.", "fr"),
        ("The film La Haine was released in 1995 to great acclaim.", "Le film La Haine est sorti en 1995.", "fr"),
        ("Jean-Yves Le Drian met the Quai d'Orsay staff on Monday.", "Jean-Yves Le Drian a rencontré le Quai d'Orsay lundi.", "fr"),
        ("The capital of China is Beijing (北京), home to 21 million people.", None, None),
        ("The rally ended with shouts of déjà vu and a final encore.", "Le meeting s'est terminé par un déjà-vu.", "fr"),
        ("El presidente habló con la prensa el lunes por la mañana.", "The president spoke to the press on Monday morning.", "en"),
        ("Der Minister sprach am Montag mit der Presse über das Budget.", "The minister spoke to the press on Monday about the budget.", "en"),
    ],
)
def test_no_false_alarm(target: str, source: str | None, source_lang: str | None) -> None:
    lang = {"El": "es", "Der": "de"}.get(target.split()[0], "en")
    assert found(target, lang, source, source_lang) == []


def test_function_words_come_from_data() -> None:
    assert {"the", "of", "and"} <= language("en").function_words
    assert {"le", "de", "et"} <= language("fr").function_words


def test_script_of() -> None:
    assert script_of("Hello world") == "Latin"
    assert script_of("你好世界") == "Han"
    assert script_of("Привет") == "Cyrillic"


def pinned(text: str, lang: str, source: str | None = None, source_lang: str | None = None) -> list[tuple[str, str, float, str]]:
    doc = Document("t", text, target_lang=lang, source=source, source_lang=source_lang)
    findings = audit([doc], AuditOptions(select=("untranslated",), source_lang=source_lang)).documents[0].findings
    return [(f.rule, f.text, f.confidence, f.message) for f in findings]


def test_sentence_in_the_source_language_is_surer_than_in_a_third_one() -> None:
    french = "La cérémonie a attiré des centaines de curieux venus de toute la région."
    assert pinned(f"The mayor opened the new bridge on Friday. {french}", "en", f"Le maire a inauguré le nouveau pont vendredi. {french}", "fr") == [
        ("untranslated.sentence", french, 0.9, "This sentence is in fr, not in the target language (en): it was left untranslated.")
    ]
    german = "Die Verhandlungen wurden am Abend ohne Ergebnis unterbrochen und sollen morgen weitergehen."
    assert pinned(f"Talks resumed in Geneva. {german}", "en") == [
        ("untranslated.sentence", german, 0.7, "This sentence is in de, not in the target language (en): it was left untranslated.")
    ]


def test_a_quoted_sentence_in_a_third_language_is_left_alone() -> None:
    quoted = "“Die Verhandlungen wurden am Abend ohne Ergebnis unterbrochen und sollen morgen weitergehen.”"
    assert pinned(f"The motto was clear. {quoted} He smiled.", "en") == []


def test_word_and_span_confidences() -> None:
    needs_hunspell("en")  # the English dictionary says which copied words are not English
    source = "Le gouvernement a annoncé de nouvelles mesures pour soutenir les agriculteurs."
    assert pinned("The gouvernement announced new measures to support farmers.", "en", source, "fr") == [
        ("untranslated.word", "gouvernement", 0.75, "“gouvernement” is fr, not en: it was left untranslated.")
    ]
    assert pinned("He met the sous-préfet de la région yesterday.", "en", "Il a rencontré le sous-préfet de la région hier.", "fr") == [
        ("untranslated.word", "sous-préfet de la région", 0.85, "“sous-préfet de la région” is fr, not en: it was left untranslated.")
    ]


def test_a_declared_source_language_without_a_source_text_finds_untranslated_words(tmp_path) -> None:
    """`--source-lang fr` on a target-only file keeps the source language (the report's
    `source_lang` is "fr", as the report contract says) and runs the target-only mode of
    `untranslated.word`; without it, the same text has no such finding. ("gouvernement" is
    known to be no English word from the English dictionary.)"""
    import json

    needs_hunspell("en")

    from click.testing import CliRunner

    from mtaudit.cli import main

    article = tmp_path / "article.txt"
    article.write_text("The mayor announced that the gouvernement would close the bridge. Many people protested "
                       "against the décision in the streets of the town.\n", encoding="utf-8")
    declared = CliRunner().invoke(main, ["audit", str(article), "--source-lang", "fr", "--format", "json"])
    undeclared = CliRunner().invoke(main, ["audit", str(article), "--format", "json"])
    doc = json.loads(declared.stdout)["documents"][0]
    assert doc["source_lang"] == "fr"
    assert [(f["rule"], f["text"]) for f in doc["findings"] if f["rule"] == "untranslated.word"] == [
        ("untranslated.word", "gouvernement"), ("untranslated.word", "décision")]
    bare = json.loads(undeclared.stdout)["documents"][0]
    assert bare["source_lang"] is None
    assert not [f for f in bare["findings"] if f["rule"] == "untranslated.word"]
    # a JSONL record declaring its source language without a source text reads the same way
    record = tmp_path / "segments.jsonl"
    record.write_text(json.dumps({"id": "1", "target": article.read_text(encoding="utf-8"), "source_lang": "fr", "target_lang": "en"}) + "\n", encoding="utf-8")
    from_record = json.loads(CliRunner().invoke(main, ["audit", str(record), "--format", "json"]).stdout)["documents"][0]
    assert [f["text"] for f in from_record["findings"] if f["rule"] == "untranslated.word"] == ["gouvernement", "décision"]
