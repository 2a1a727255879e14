"""Tests written against survivors of the mutation benchmark in the Language layer
(`mtaudit.language`, `mtaudit.lexicon`) and the word tests of the evidence checks: each pins a
threshold or a guard that a planted bug moved without any other test noticing."""

from __future__ import annotations

import gzip
from pathlib import Path

import msgpack
import pytest

from mtaudit.checks.backtranslation import is_content
from mtaudit.language import language
from mtaudit.lexicon import _read_cbpack


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("governmen", ["government", "governments"]),  # "governme": cut off at the end of a line
        ("statemen", ["statement", "statements"]),
        ("becaus", ["because"]),
        # "ceasefire" (Zipf 3.9) is below the well-known band (4.0): not a completion
        ("ceasefir", []),
    ],
)
def test_completions_are_well_known_words_at_most_two_letters_longer(prefix: str, expected: list[str]) -> None:
    assert language("en").completions(prefix) == expected


@pytest.mark.parametrize(
    ("word", "lang", "content"),
    [
        ("yak", "en", True),  # rare: worth reporting as lost or added
        ("ox", "en", True),  # two letters are enough
        ("a", "en", False),  # one letter is not
        ("the", "en", False),  # among the most frequent words
        ("42", "en", False),  # no letter
        ("ministre", None, True),  # no language: every word of letters counts
        ("北京", "en", True),  # CJK: always content
    ],
)
def test_back_translation_content_words(word: str, lang: str | None, content: bool) -> None:
    assert is_content(word, lang) is content


def _cbpack(path: Path, header: object) -> str:
    with gzip.open(path, "wb") as handle:
        handle.write(msgpack.packb([header, [], ["word"]]))
    return str(path)


def test_a_cbpack_file_is_read_only_with_its_format_and_version(tmp_path: Path) -> None:
    # list i of a cBpack holds the words of frequency 10 ** (-i / 100): "word" is at index 1
    table = _read_cbpack(_cbpack(tmp_path / "ok.msgpack.gz", {"format": "cB", "version": 1}))
    assert table == {"word": pytest.approx(10 ** (-1 / 100))}
    for bad in ({"format": "cB", "version": 2}, {"format": "xx", "version": 1}, ["cB", 1]):
        with pytest.raises(ValueError, match="not a wordfreq cBpack file"):
            _read_cbpack(_cbpack(tmp_path / "bad.msgpack.gz", bad))


@pytest.mark.parametrize(
    ("lang", "word", "scale"),
    [
        ("en", "million", 10**6),
        ("ru", "миллиона", 10**6),  # the form after 2, 3 and 4
        ("sl", "milijona", 10**6),  # Slovenian has a dual: the form after 2 only ("štirje milijoni")
        ("ar", "ألفا", 2000),  # so has Arabic, in one word: "ألفا" is two thousand, not one
    ],
)
def test_scale_words_include_the_form_after_two(lang: str, word: str, scale: int) -> None:
    from mtaudit.quantities import _number_words

    assert _number_words(lang)[1][word] == scale


def test_month_abbreviations_are_three_letters_or_more() -> None:
    from mtaudit.language import calendar_names

    assert calendar_names("en").month_abbreviations == {
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    }  # fmt: skip
    # Catalan abbreviates August "ag.": two letters are a word too often to mark a date
    catalan = calendar_names("ca").month_abbreviations
    assert "ag" not in catalan and catalan["set"] == 9 and catalan["febr"] == 2


def test_word_frequencies_are_read_from_the_installed_wordfreq_data() -> None:
    import os

    import wordfreq

    from mtaudit.lexicon import _wordfreq_data_dir

    assert _wordfreq_data_dir() == os.path.join(os.path.dirname(wordfreq.__file__), "data")


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("The ticket costs $5 now.", [("amount", "5")]),  # the currency sign just before the number
        ("The ticket costs € 5 now.", [("amount", "5")]),  # or one space before it
        ("The ticket costs 5 € now.", [("amount", "5")]),  # or after it
        ("Prices rose 5% in May.", [("percent", "5"), ("month", "May")]),
        ("He bought 5 apples.", [("number", "5")]),
    ],
)
def test_number_kinds_from_the_signs_around_them(text: str, kinds: list[tuple[str, str]]) -> None:
    from mtaudit.quantities import extract

    assert [(e.kind, e.text) for e in extract(text, "en")] == kinds


@pytest.mark.parametrize(
    ("text", "value"), [("八十八人参加了会议。", 88), ("一千八百人参加了会议。", 1800), ("两千三百人参加了会议。", 2300)]
)
def test_chinese_digits(text: str, value: int) -> None:
    from decimal import Decimal

    from mtaudit.quantities import extract

    assert [(e.value, e.scale) for e in extract(text, "zh") if e.kind == "number"] == [(Decimal(value), 1)]


def test_link_and_address_keys_say_their_kind() -> None:
    # an address of the source is matched only with an address of the target, a link with a link
    from mtaudit.quantities import extract

    found = sorted((e.kind, sorted(e.keys)) for e in extract("Write to info@festival.fr or see https://www.festival.fr/ today.", "en"))
    assert found == [("email", [("e", "info@festival.fr")]), ("url", [("u", "festival.fr")])]
