"""The Language layer: one object per language, one word pattern, one edit generator, one folder list."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.checks.base import CheckContext
from mtaudit.language import WORD, Band, calendar_names, fold_accents, language, one_edit_variants
from mtaudit.lexicon import dictionary_dirs, lexicon
from mtaudit.records import Document
from mtaudit.segment import sentences, tokens
from tests.conftest import needs_hunspell


def test_traits_come_with_the_language() -> None:
    german, english = language("de"), language("en")
    assert german.capitalises_nouns and german.compounds_words and not german.capitalises_names_of_kinds
    assert english.capitalises_names_of_kinds and not english.capitalises_nouns
    assert english.spelling_standards == ("en_US", "en_GB")
    assert german.quote_pairs[0] == ("„", "“")


def test_calendar_names_are_one_reading_of_cldr() -> None:
    french = calendar_names("fr")
    assert french.months["mars"] == 3 and french.month_abbreviations["janv"] == 1
    assert not french.months_capitalised and calendar_names("en").months_capitalised
    assert {"lundi", "mars"} <= french.words
    assert calendar_names("en").month_names[5] == "May"
    assert calendar_names("xx-not-a-locale").months == {}


def test_frequency_bands_are_ordered() -> None:
    bands = [Band.SENTENCE_OPENER, Band.FUNCTION_WORD, Band.VERY_FREQUENT, Band.COMMON, Band.FREQUENT, Band.ANY_CORRECTION,
             Band.WELL_KNOWN, Band.RARE, Band.KNOWN, Band.ATTESTED, Band.SCARCE, Band.UNKNOWN, Band.OBSCURE]
    assert bands == sorted(bands, reverse=True)
    english = lexicon("en")
    assert english.zipf("the") >= Band.FUNCTION_WORD > english.zipf("statement") >= Band.KNOWN > english.zipf("statment")


def test_one_edit_variants_cover_the_four_edits() -> None:
    variants = one_edit_variants("statment", "abcdefghijklmnopqrstuvwxyz")
    assert "statement" in variants  # insertion
    assert "tatment" in variants  # deletion
    assert "stetment" in variants  # substitution
    assert "sattment" in variants  # swap of two adjacent letters
    assert "statment" not in variants


def test_accents_fold_to_base_letters() -> None:
    assert fold_accents("Élysée") == "Elysee"
    assert fold_accents("naïve café") == "naive cafe"


def test_word_pattern_keeps_combining_marks() -> None:
    # Hindi "नमस्ते दुनिया": vowel signs and the virama are marks (\p{M}), not word breaks.
    assert [m.group() for m in WORD.finditer("नमस्ते दुनिया")] == ["नमस्ते", "दुनिया"]
    assert [m.group() for m in WORD.finditer("l'organisation, 1,5 million")] == ["l'organisation", "1,5", "million"]


def test_compounds_split_into_known_words() -> None:
    german = language("de")
    if not german.lexicon.has_frequencies:
        pytest.skip("wordfreq has no German list")
    assert german.is_compound("Regierungssprecher")
    assert not german.is_compound("Xqzvbrtlmnop")


def test_sentence_start_on_the_context() -> None:
    text = "It rained etc. The match went on: Rain fell."
    document = Document(id="t", target=text, target_lang="en")
    spans = sentences(text, "en")
    ctx = CheckContext(document, "en", None, spans, tokens(text, spans))
    by_word = {token.text: token for token in ctx.tokens}
    assert ctx.is_sentence_start(by_word["It"])
    assert ctx.is_sentence_start(by_word["The"])  # after "etc." whether or not the segmenter split
    assert ctx.is_sentence_start(by_word["Rain"])  # after a colon
    assert not ctx.is_sentence_start(by_word["match"])


def test_dictionary_folders_are_read_at_call_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MTAUDIT_DICT_PATH set after a first use still counts: caches are keyed by the folder list."""
    monkeypatch.setenv("MTAUDIT_DICT_PATH", "")
    lexicon("xq")  # first use, before the folder exists
    (tmp_path / "xq.aff").write_text("SET UTF-8\n", encoding="utf-8")
    (tmp_path / "xq.dic").write_text("2\nfoobarish\nKremlinov\n", encoding="utf-8")
    monkeypatch.setenv("MTAUDIT_DICT_PATH", str(tmp_path))
    assert dictionary_dirs()[0] == str(tmp_path)
    assert lexicon("xq").has_case_dictionary
    assert lexicon("xq").is_lowercase_word("kremlinov") is False
    assert language("xq").dictionary_accepts("foobarish")
    # an explicit folder list wins over the environment
    assert not lexicon("xq", dict_dirs=()).has_case_dictionary


def test_abbreviated_month_names_are_words_of_three_letters_or_more() -> None:
    assert {"jan", "sep", "dec"} <= set(calendar_names("en").month_abbreviations)
    # Chinese writes "10月": digits are no abbreviation of a name.
    assert not any(any(c.isdigit() for c in name) for name in calendar_names("zh").month_abbreviations)


@pytest.mark.parametrize("word", ["statement", "ceasefire", "government"])
def test_known_words(word: str) -> None:
    assert language("en").is_known_word(word)


@pytest.mark.parametrize("word", ["statment", "zqxjvw", "goverment"])
def test_unknown_words(word: str) -> None:
    english = language("en")
    assert not english.is_known_word(word) and not english.is_dictionary_word(word)


def test_compound_needs_a_known_tail_of_four_letters_or_more() -> None:
    needs_hunspell("de")
    german = language("de")
    assert german.is_compound("Regierungssprecher") and german.is_compound("Wasserflasche") and german.is_compound("Bundesregierung")
    assert not german.is_compound("Haustür")  # "Haus" + "tür": a three-letter part is too short to trust
    assert not german.is_compound("Regierungsxqzvb")
    assert not german.is_dictionary_word("Regierungsxqzvb")


@pytest.mark.parametrize(
    "word",
    ["colour's", "Colour’s", "theatre", "metres", "Organisations", "travelled", "catalogue", "defence", "realise", "humourless",
     "centre\n", "x's\n", "Élysée", "naïve", "statement", "ours", "atre", "well-known", "it’s", "s"],
)  # fmt: skip
def test_variant_key_runs_its_patterns_only_where_they_can_change_the_word(word: str) -> None:
    """`variant_key` runs the English ending patterns only on a word with one of their endings:
    the key is the one every pattern applied in turn gives."""
    from mtaudit.language import _EN_VARIANTS, POSSESSIVE, variant_key

    key = fold_accents(POSSESSIVE.sub("", word).lower().replace("-", "").replace("‐", ""))
    assert variant_key(word, "fr") == key
    for pattern, replacement in _EN_VARIANTS:
        key = pattern.sub(replacement, key)
    assert variant_key(word, "en") == key
