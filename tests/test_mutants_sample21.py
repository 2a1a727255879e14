"""Tests written against the survivors of the seed-21 mutation sample (issue 17,
benchmarks/mutation-results.md): each names the mutant it kills."""

from __future__ import annotations

from dataclasses import replace

import pytest

import mtaudit.language as language_module
from mtaudit.capitals import common_word_evidence
from mtaudit.checks import backtranslation as bt_checks
from mtaudit.checks.surprisal import spelling_neighbours
from mtaudit.language import MAX_COMPOUND_LENGTH, MAX_SEARCH_LENGTH, language
from mtaudit.pipeline import AuditOptions, case_votes, prepare
from mtaudit.quantities import extract, format_value
from mtaudit.readers.base import bomless_utf16
from mtaudit.records import Document, SentencePair
from tests.conftest import audit_text, needs_hunspell
from tests.test_article_pairs import EN, FR, audit_texts


def test_spelling_neighbours_are_the_three_most_frequent_by_default() -> None:
    # checks/surprisal.py:188 `limit: int = 3` → `4` survived: every caller takes the default
    assert spelling_neighbours("tine", "en", 3.0) == ["time", "line", "fine"]  # "mine", "nine", ... are left out
    assert spelling_neighbours("hom", "en", 3.0) == ["how", "him", "home"]
    assert spelling_neighbours("tine", "en", 3.0, limit=4) == ["time", "line", "fine", "mine"]


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        ("The Greek word φως means light.", None, [("φως", 15, 18, 0.6)]),  # three Greek letters: a word
        ("He said ναι to the offer.", "Είπε ναι στην προσφορά.", [("ναι", 8, 11, 0.9)]),
        # near misses: two Greek letters are symbols of science, with or without a Greek source
        ("The angle αβ is small.", None, []),
        ("He said να to the offer.", "Είπε να στην προσφορά.", []),
    ],
)
def test_a_greek_run_of_three_letters_is_untranslated_and_two_are_symbols(text: str, source: str | None, expected: list[tuple[str, int, int, float]]) -> None:
    # checks/script.py:67 `len(run) < 3` → `< 4` survived: no test had a three-letter Greek word
    found = audit_text(text, select=("untranslated.script",), source=source, source_lang="el" if source else None).findings
    assert [(f.text, f.start, f.end, f.confidence) for f in found] == expected


def test_a_case_variant_the_dictionary_knows_is_surer_than_an_unknown_brand() -> None:
    # checks/consistency.py:115 `confidence=0.7 if dictionary_forms else 0.55` → `0.6 if ...` survived
    needs_hunspell("en")
    text = (
        "She announced the plan on Twitter before noon. Her Twitter followers reacted fast, and the post spread across "
        "Twitter within minutes. Later she wrote on twitter that she was sorry."
    )
    found = audit_text(text, select=("consistency.case",)).findings
    assert [(f.text, f.start, f.end, f.suggestions, f.confidence) for f in found] == [("twitter", 153, 160, ("Twitter",), 0.7)]
    # a made-up brand no dictionary knows: the lower confidence
    text = "Shares in Zorbex rose. Later the Zorbex phone sold out. Analysts said that zorbex had done well."
    found = audit_text(text, select=("consistency.case",)).findings
    assert [(f.text, f.suggestions, f.confidence) for f in found] == [("zorbex", ("Zorbex",), 0.55)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2022-02-20 | Macron said the talks would go on.", [("date 2022-02-20 | ", 1, 19)]),  # one space after the bar
        (" date 2022-02-20 |  Macron said the talks would go on.", [("date 2022-02-20 |  ", 1, 20)]),
        (" date 2022-02-20 |   Macron said the talks would go on.", [("date 2022-02-20 |   ", 1, 21)]),
    ],
)
def test_metadata_takes_the_blanks_after_its_separator_and_not_the_next_letter(text: str, expected: list[tuple[str, int, int]]) -> None:
    # checks/markup.py:72 `end += 1` → `end += 2` survived: the blanks after "|" (which the pattern
    # leaves out) were skipped two at a time, so an odd number of them took the "M" of "Macron" too
    found = audit_text(text, select=("markup.metadata",)).findings
    assert [(f.text, f.start, f.end) for f in found] == expected
    assert all(f.suggestions == ("",) for f in found)


def test_a_compound_of_exactly_the_longest_length_is_still_split() -> None:
    # language.py:423 `len(word) > MAX_COMPOUND_LENGTH` → `>=` survived: no test had a compound of 64 letters
    needs_hunspell("de")
    german = language("de")
    word = "Stadtverordnetenversammlungs" + "sachverständigenkommissions" + "vorschlag"  # three known parts
    assert len(word) == MAX_COMPOUND_LENGTH == 64
    assert german.is_compound(word) is True
    assert german.is_compound(word + "s") is False  # one letter over: never split, however good its parts


def test_the_one_edit_search_runs_up_to_forty_letters_and_not_beyond(monkeypatch: pytest.MonkeyPatch) -> None:
    # language.py:36 `MAX_SEARCH_LENGTH = 40` → `41` survived: the existing test only looked at the
    # result for 41 letters, which is empty either way; here the candidate generation is counted
    calls: list[str] = []
    real = language_module.one_edit_variants

    def counting(word: str, alphabet: str) -> set[str]:
        calls.append(word)
        return real(word, alphabet)

    monkeypatch.setattr(language_module, "one_edit_variants", counting)
    english = language("en")
    assert MAX_SEARCH_LENGTH == 40
    assert english.neighbours("x" * 41) == [] and calls == []  # not searched at all
    english.neighbours("x" * 40)
    assert calls == ["x" * 40]  # the longest word searched


OFFICE_UPPER = ["Staff said the Office was closed.", "The head of the Office resigned on Friday.", "Visitors to the Office must sign in."]
OFFICE_LOWER = [
    "She works in an office in Leeds.",
    "The new office opened in May.",
    "He rented an office near the station.",
    "They painted the office blue.",
    "Our office moved last year.",
    "The office was empty at noon.",
    "A small office costs less.",
    "Her office faces the river.",
]


@pytest.mark.parametrize(
    ("upper", "lower", "is_name"),
    [(3, 0, True), (2, 0, False), (3, 7, True), (3, 8, False)],
    ids=["three-capitals", "two-capitals", "three-of-ten", "three-of-eleven"],
)
def test_a_mid_sentence_capital_is_a_name_when_three_other_documents_capitalise_it(upper: int, lower: int, is_name: bool) -> None:
    # capitals.py:47 `corpus_upper >= 0.3 * (corpus_upper + corpus_lower)` → `>` survived: three
    # capitals in the run's other documents make "Office" a name here (no common-word evidence) when
    # they are at least 30 % of its mid-sentence uses there (3 of 10, not 3 of 11); two are too few.
    # The dictionary's lower-case "office" is the common-word evidence (without one there is none).
    needs_hunspell("en")
    documents = [Document("d0", "He went to the Office on Monday.", target_lang="en")]
    documents += [Document(f"u{k}", text, target_lang="en") for k, text in enumerate(OFFICE_UPPER[:upper])]
    documents += [Document(f"l{k}", text, target_lang="en") for k, text in enumerate(OFFICE_LOWER[:lower])]
    contexts = [prepare(document, AuditOptions()) for document in documents]
    votes = case_votes(contexts)
    ctx = replace(contexts[0], corpus_case_votes=votes)
    assert (votes["Office"] - ctx.mid_sentence_case_votes["Office"], votes["office"]) == (upper, lower)
    token = next(t for t in ctx.tokens if t.text == "Office")
    evidence = common_word_evidence(ctx, token)
    assert evidence == (0.0 if is_name else 0.9)


@pytest.mark.parametrize(
    ("target", "source", "chrf", "expected"),
    [
        # four words and chrF 20, under the line of 40: the whole sentence, confidence (40 − 20) / 40 + 0.25
        ("The minister resigned yesterday.", "Le ministre a démissionné hier.", 20.0, [(0, 32, 0.75)]),
        # near misses: three words are too few to judge; chrF 40 is on the line, not under it
        ("The minister resigned.", "Le ministre a démissionné.", 20.0, []),
        ("The minister resigned last night in Grenoble.", "Le ministre a démissionné hier soir à Grenoble.", 40.0, []),
        ("The minister resigned last night in Grenoble.", "Le ministre a démissionné hier soir à Grenoble.", 80.0, []),
    ],
)
def test_a_mistranslation_needs_a_low_chrf_and_four_words(target: str, source: str, chrf: float, expected: list[tuple[int, int, float]]) -> None:
    # checks/backtranslation.py:214 `chrf < bt_line and len(target_tokens) >= MIN_WORDS` → `or` survived
    ctx = prepare(Document("m", target, source=source, source_lang="fr", target_lang="en"), AuditOptions())
    pair = SentencePair(0, len(target), source, (0,))
    found = bt_checks.backtranslation_findings(ctx, pair, "Le pasteur est parti.", None, {"chrf": chrf})
    assert [(f.start, f.end, f.confidence) for f in found if f.rule == "bt.mistranslation"] == expected


def test_the_parts_of_a_dotted_code_are_written_back_as_whole_numbers() -> None:
    # quantities.py:337 `_number_entity(..., [value], 0, False, lang)` → decimals `-1` survived: a
    # part of "17.25.39" (no number of its own) would then be written rounded to tens ("40")
    parts = extract("Les codes 17.25.39 et 2.4.35 ont été envoyés.", "fr")
    assert [(e.text, e.start, e.end, e.decimals) for e in parts] == [("17", 10, 12, 0), ("25", 13, 15, 0), ("39", 16, 18, 0), ("2", 22, 23, 0), ("4", 24, 25, 0), ("35", 26, 28, 0)]
    assert [format_value(e, "en") for e in parts] == ["17", "25", "39", "2", "4", "35"]


@pytest.mark.parametrize(
    ("encoding", "macrons", "expected"),
    [("utf-16-le", 4, "utf-16-le"), ("utf-16-le", 10, None), ("utf-16-be", 4, "utf-16-be"), ("utf-16-be", 10, None)],
)
def test_bomless_utf16_allows_fewer_than_one_nul_in_twenty_on_the_other_side(encoding: str, macrons: int, expected: str | None) -> None:
    # readers/base.py:183 (big-endian) `odd.count(0) < 0.05 * len(odd)` → `0.15` survived. "Ā" (U+0100)
    # has a NUL on the side where English letters have none: 00 01 in UTF-16-LE, 01 00 in UTF-16-BE
    chars = list("The talks ended on Monday and resumed on Tuesday morning in Geneva, where both sides met again.")
    chars += [" "] * (100 - len(chars))
    for i in range(macrons):
        chars[i * 10] = "Ā"
    raw = "".join(chars).encode(encoding)
    letters_side = raw[0::2] if encoding == "utf-16-le" else raw[1::2]
    assert letters_side.count(0) == macrons  # 4 % and 10 % of the letters' bytes
    assert bomless_utf16(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a noun the frequency list counts among the function words ("menschen"), in mid-sentence: a noun before the pronoun
        ("Wir sprachen mit den Menschen die dort leben.", [(" die", 29, 33, (", die",))]),
        ("Er half den Menschen die ihr Haus verloren haben.", [(" die", 20, 24, (", die",))]),
        # the near miss: the same word opening a sentence is read as an article-like function word
        ("Wir sprachen lange. Menschen die dort leben kamen auch.", []),
    ],
)
def test_a_function_word_before_a_relative_pronoun_counts_only_at_a_sentence_start(text: str, expected: list[tuple[str, int, int, tuple[str, ...]]]) -> None:
    # checks/commas.py:75 `_opens_sentence` → `return True` survived
    found = audit_text(text, lang="de", select=("boundary.relative-comma",)).findings
    assert [(f.text, f.start, f.end, f.suggestions) for f in found] == expected


def test_an_added_paragraph_is_reported_whole_with_confidence_055() -> None:
    # checks/paragraphs.py:170 `confidence=0.55` → `0.65` survived: no test looked at the confidence
    added = "Nantes, the sixth largest city in France, has 320,000 inhabitants and a Jules Verne museum opened in 1978."
    (extra,) = audit_texts([EN[0], added, *EN[1:]], FR)
    assert (extra.rule, extra.text, extra.suggestions, extra.confidence, extra.evidence) == ("source.added-paragraph", added, (), 0.55, {"paragraph": 2})
