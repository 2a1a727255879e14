"""The shared parser of numbers, dates and links (`mtaudit.quantities`), pinned at its boundaries.

Each test names the exact value or key a rule depends on and, where the code has a threshold, the
near miss on the other side of it: a changed constant or a comparison off by one fails here even
when the end-to-end checks still happen to agree.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from mtaudit.quantities import SMALL, Entity, extract, format_value


def keys(text: str, lang: str) -> set[tuple[str, str]]:
    """Every key of every entity of `text`."""
    return {key for entity in extract(text, lang) for key in entity.keys}


def numbers(text: str, lang: str) -> list[tuple[str, Decimal | None, int]]:
    """(text, value, scale) of the number entities of `text`."""
    return [(e.text, e.value, e.scale) for e in extract(text, lang) if e.kind == "number"]


# --- Chinese numerals and scale words ------------------------------------------------------------


def test_chinese_thousand_is_one_thousand() -> None:
    assert numbers("两千三百人参加了会议。", "zh") == [("两千三百", Decimal(2300), 1)]
    assert ("n", "3000") in keys("3千人参加了会议。", "zh")


def test_chinese_tens() -> None:
    assert numbers("三十五人参加了会议。", "zh") == [("三十五", Decimal(35), 1)]
    assert numbers("一百二十人参加了会议。", "zh") == [("一百二十", Decimal(120), 1)]


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("three hundred people", "en", 300),
        ("two hundred thousand people", "en", 200_000),
        ("two trillion", "en", 2 * 10**12),
        ("trois cents personnes", "fr", 300),
        ("deux cent mille personnes", "fr", 200_000),  # "cent" multiplies the count before it
        ("trois cent vingt personnes", "fr", 320),
        ("deux cent cinquante mille personnes", "fr", 250_000),
        ("zweihunderttausend Menschen", "de", 200_000),  # one glued word
        ("dreihundertfünfzigtausend Menschen", "de", 350_000),
        ("doscientos mil personas", "es", 200_000),
        ("ciento veinte mil personas", "es", 120_000),
        ("duecentomila persone", "it", 200_000),
        ("duzentos mil pessoas", "pt", 200_000),
        ("cento e vinte pessoas", "pt", 120),
        ("tweehonderdduizend mensen", "nl", 200_000),
    ],
)
def test_numbers_in_words(text: str, lang: str, value: int) -> None:
    assert [e.value for e in extract(text, lang) if e.kind == "spelled"] == [Decimal(value)]


def test_a_word_that_ends_like_a_number_is_not_one() -> None:
    # "Jahrhundert" (century) ends in "hundert" but "jahr" is no number word.
    assert [e for e in extract("Im letzten Jahrhundert lebten hier Menschen.", "de") if e.kind == "spelled"] == []


def test_chinese_ten_thousand_and_hundred_million() -> None:
    assert numbers("四万人参加了会议。", "zh") == [("四万", Decimal(40000), 1)]
    assert ("n", "300000000") in keys("3亿人口", "zh")


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("The debt reached 2 trillion dollars.", "en", "2000000000000"),
        ("La ville compte 2 millions d'habitants.", "fr", "2000000"),
        ("Le plan coûte 1,5 milliard d'euros.", "fr", "1500000000"),
        ("About 5 thousand people came.", "en", "5000"),
    ],
)
def test_a_scale_word_after_a_number_multiplies_it(text: str, lang: str, value: str) -> None:
    assert ("n", value) in keys(text, lang)


def test_hundred_after_a_number_is_not_a_scale() -> None:
    # Only scales from a thousand up are read after digits: "3 hundred" is left as 3 (and 100).
    assert numbers("About 3 hundred people came.", "en") == [("3", Decimal(3), 1)]
    assert ("n", "300") not in keys("About 3 hundred people came.", "en")


def test_a_scale_word_must_follow_the_number_after_one_space() -> None:
    assert numbers("It cost 2 millions.", "fr") == [("2", Decimal(2), 1_000_000)]
    assert numbers("It cost 2, millions.", "fr") == [("2", Decimal(2), 1)]


# --- decades --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("decade", "year"), [("10", "1910"), ("60", "1960"), ("90", "1990")])
def test_a_decade_matches_its_years(decade: str, year: str) -> None:
    assert ("n", year) in keys(f"Dans les années {decade}, la ville a grandi.", "fr")


@pytest.mark.parametrize("number", ["5", "65", "100"])
def test_a_number_that_is_no_decade_has_no_years(number: str) -> None:
    found = keys(f"Il a vu {number} maisons.", "fr")
    assert not any(value.startswith(("18", "19", "20")) and len(value) == 4 for kind, value in found if kind == "n")


@pytest.mark.parametrize(("year", "decade"), [("1800", "0"), ("1960", "60"), ("2090", "90")])
def test_a_year_of_a_decade_matches_the_short_decade(year: str, decade: str) -> None:
    assert ("n", decade) in keys(f"In the {year}s the town grew.", "en")


@pytest.mark.parametrize("year", ["1790", "1965", "2100"])
def test_other_years_have_no_short_decade(year: str) -> None:
    assert keys(f"In {year} the town grew.", "en") == {("n", year)}


# --- month names near a digit ---------------------------------------------------------------------


def test_an_abbreviated_month_counts_with_a_digit_up_to_six_characters_after() -> None:
    assert [e.text for e in extract("Due Jan, wk 5 of the plan.", "en") if e.kind == "month"] == ["Jan"]
    # Six characters between the name and the digit: too far, "Jan" may be a name.
    assert [e.text for e in extract("Due Jan, wk. 5 of the plan.", "en") if e.kind == "month"] == []


def test_an_abbreviated_month_glued_to_its_day_counts() -> None:
    assert [e.text for e in extract("Filed on Jan5 by the clerk.", "en") if e.kind == "month"] == ["Jan"]


def test_an_abbreviated_month_counts_with_a_digit_up_to_six_characters_before() -> None:
    assert [e.text for e in extract("5, in Jan the plan began.", "en") if e.kind == "month"] == ["Jan"]
    assert [e.text for e in extract("5,  in Jan the plan began.", "en") if e.kind == "month"] == []


def test_a_full_month_name_without_a_digit_is_kept_but_not_reportable() -> None:
    [month] = [e for e in extract("The plan began in March.", "en") if e.kind == "month"]
    assert month.keys == frozenset({("m", "3")}) and not month.flaggable
    [dated] = [e for e in extract("The plan began on 3 March.", "en") if e.kind == "month"]
    assert dated.flaggable


# --- small numbers ---------------------------------------------------------------------------------


def test_small_is_up_to_ten_whole() -> None:
    def small(text: str) -> bool:
        [entity] = [e for e in extract(text, "en") if e.kind == "number"]
        return entity.small

    assert SMALL == 10
    assert small("They saw 10 boats.") and small("They saw 1 boat.")
    assert not small("They saw 11 boats.")
    assert not small("They saw 2.5 boats.")
    assert not small("They saw 2 thousand boats.")


# --- writing a value back (suggestions) --------------------------------------------------------------


def number(value: int | str, grouped: bool = False, decimals: int = 0, scale: int = 1) -> Entity:
    text = str(value)
    return Entity("number", 0, len(text), text, frozenset(), value=Decimal(value), decimals=decimals, grouped=grouped, scale=scale)


GROUPED = number(1500, grouped=True)


@pytest.mark.parametrize(("value", "written"), [(1000, "1000"), (2024, "2024"), (2100, "2100"), (999, "999"), (2101, "2,101"), (3500, "3,500")])
def test_years_from_1000_to_2100_are_not_grouped_even_beside_a_grouped_number(value: int, written: str) -> None:
    assert format_value(number(value), "en", like=GROUPED) == written


@pytest.mark.parametrize(("value", "written"), [(9999, "9999"), (10_000, "10,000"), (1_250_000, "1,250,000")])
def test_grouping_from_ten_thousand(value: int, written: str) -> None:
    assert format_value(number(value), "en") == written


def test_a_grouped_source_stays_grouped_in_the_target_locale() -> None:
    assert format_value(number(1500, grouped=True), "fr") == "1\u202f500"
    assert format_value(number("1000.50", decimals=2), "fr") == "1000,50"
    assert format_value(number("1.5", decimals=1, scale=1_000_000_000), "en", scale=1_000_000) == "1500"


# --- more readings ----------------------------------------------------------------------------------


def test_chinese_nine_and_a_year_in_digits() -> None:
    assert numbers("九十九人参加了会议。", "zh") == [("九十九", Decimal(99), 1)]
    assert numbers("二〇一九年的报告", "zh") == [("二〇一九", Decimal(2019), 1)]


def test_thousands_then_hundreds_in_words() -> None:
    assert [e.value for e in extract("two thousand three hundred people", "en") if e.kind == "spelled"] == [Decimal(2300)]
    assert [e.value for e in extract("deux millions de personnes", "fr") if e.kind == "spelled"] == [Decimal(2_000_000)]


def test_roman_numerals_match_but_are_never_reported() -> None:
    [roman] = [e for e in extract("Louis XIV ruled France.", "en") if e.kind == "spelled"]
    assert roman.value == 14 and not roman.flaggable
    [century] = [e for e in extract("Au XIXe siècle, la ville grandit.", "fr") if e.kind == "spelled"]
    assert century.value == 19


def test_month_keys_only_for_one_to_twelve() -> None:
    assert ("m", "12") in keys("They met on 12 occasions.", "en")
    assert not any(kind == "m" for kind, _ in keys("They met on 13 occasions.", "en"))


def test_a_lower_case_month_name_is_a_word_in_english() -> None:
    assert [e for e in extract("You may go now.", "en") if e.kind == "month"] == []
    assert [e.text for e in extract("Il part en mai 2024.", "fr") if e.kind == "month"] == ["mai"]


def test_half_past_midnight_in_both_clocks() -> None:
    def times(text: str, lang: str) -> set[tuple[str, str]]:
        return {k for e in extract(text, lang) if e.kind == "time" for k in e.keys if k[0] == "t"}

    assert times("The vote ended at 12:30 a.m.", "en") == times("Le vote a pris fin à 0h30.", "fr") == {("t", "30")}
    assert times("The vote ended at 1:30 p.m.", "en") == times("Le vote a pris fin à 13h30.", "fr") == {("t", "90")}


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [("It costs 1,500 euros.", "en", "1500"), ("Il coûte 1,5 euro.", "fr", "1.5"), ("Es kostet 1.500 Euro.", "de", "1500"), ("It costs 1,500.25 euros.", "en", "1500.25")],
)
def test_decimal_and_group_symbols_of_the_locale(text: str, lang: str, value: str) -> None:
    [entity] = [e for e in extract(text, lang) if e.kind in ("number", "amount")]
    assert entity.value == Decimal(value)


def test_decade_keys_in_every_century() -> None:
    assert {("n", "1810"), ("n", "1910"), ("n", "2010")} <= keys("Dans les années 10, la ville a grandi.", "fr")


def test_roman_thousands() -> None:
    assert [e.value for e in extract("The MMXXIV edition opened.", "en") if e.kind == "spelled"] == [Decimal(2024)]


@pytest.mark.parametrize("text", ["\U00016d71\U00016d72 apples", "at \U00016d71:30 pm", "\U00016d71\U00016d71,5 km", "\U00016d71.\U00016d72.\U00016d73", "\U00016d70"])
def test_a_digit_python_cannot_read_is_no_number_and_no_crash(text: str) -> None:
    """`regex` knows Unicode digits newer than this Python's `Decimal` and `int` read (Kirat Rai,
    Unicode 16): such a digit is never read as a number (it raised `InvalidOperation` in a
    hypothesis run), and the audit of a pair holding one finishes with findings inside the text."""
    import unicodedata

    from mtaudit.pipeline import AuditOptions, audit
    from mtaudit.records import Document

    if unicodedata.decimal("\U00016d71", None) is None:  # a Python whose Unicode predates the script
        assert all("\U00016d71" not in e.text and "\U00016d72" not in e.text for e in extract(text, "en"))
    result = audit([Document("pair", text, source="Il y a 12 pommes.", source_lang="fr", target_lang="en")], AuditOptions())
    for finding in result.documents[0].findings:
        assert text[finding.start:finding.end] == finding.text


def test_digits_of_other_scripts_python_reads_are_still_numbers() -> None:
    assert [(e.kind, e.text) for e in extract("٣٠ km and १२ apples", "en")][:2] == [("number", "٣٠"), ("number", "१२")]
