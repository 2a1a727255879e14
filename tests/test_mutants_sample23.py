"""Tests written against the survivors of the seed-23 sample (`benchmarks/mutation-results.md`,
pass 9): each names the mutant it kills."""

from __future__ import annotations

import pytest

from mtaudit import quantities
from mtaudit.language import is_capitalised
from tests.conftest import needs_hunspell
from tests.test_mutants_checks import run


@pytest.mark.parametrize(("word", "capitalised"), [("A", True), ("Ab", True), ("EU", False), ("UN", False), ("I'm", True), ("ab", False)])
def test_a_two_letter_acronym_is_not_a_capitalised_word(word: str, capitalised: bool) -> None:
    """Two-letter words: an acronym ("EU") is no capitalised word, "Ab" is."""
    assert is_capitalised(word) is capitalised


@pytest.mark.parametrize("text", ["三个人来了。", "我们一起去了学校。", "他是一个好人。"])
def test_a_lone_chinese_numeral_is_no_number(text: str) -> None:
    """A lone numeral character ("一起", together; "三个") is part of a word or a small count, not
    a number to compare with the source (quantities.py:521 held a redundant length test for it,
    now removed: every single numeral is at most 10, below the 20 that the values must pass)."""
    assert quantities.extract(text, "zh") == ()


def test_a_frequent_source_language_word_absent_from_the_source_is_not_untranslated() -> None:
    """untranslated.py:116 (the guard that a word must be in the source text when there is one):
    "toujours" is a very frequent French word, but the French source does not have it, so it was
    not copied from there; "demeure", which the source has, was."""
    needs_hunspell("en")
    needs_hunspell("fr")
    source = "La demeure est grande et vieille."
    flagged = [f.text for f in run("The house is toujours big and old.", "untranslated.word", source=source, source_lang="fr").findings]
    assert flagged == []
    copied = [f.text for f in run("The demeure is big and old.", "untranslated.word", source=source, source_lang="fr").findings]
    assert copied == ["demeure"]


@pytest.mark.parametrize(("word", "capitalised"), [("T-シャツ", True), ("A-中", True), ("Tシャツ", False)])
def test_a_capital_before_letters_without_case(word: str, capitalised: bool) -> None:
    """language.py:213 (`word[1:]` → `word[2:]` in the test for the rest of the word): after a
    capital, the rest counts as lower case when it has no cased letter and is not all letters."""
    assert is_capitalised(word) is capitalised
