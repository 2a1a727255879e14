"""Tests written against the survivors of the mutation benchmark (`benchmarks/mutation.py`, results
in `benchmarks/mutation-results.md`): each case sits at a threshold or an offset that a planted bug
moved without any other test noticing. Every case asserts the exact spans (start, end, text) and the
first suggestion, and each threshold has its near miss on the other side.

The rule modules' own `examples=` tables stay the first place for a rule's behaviour; these cases
need what an example cannot give (no Hunspell dictionaries, a batch of documents, a pinned
confidence or score)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.pipeline import AuditOptions, audit
from mtaudit.records import Document, DocumentResult
from tests.conftest import assert_spans, needs_hunspell

Found = tuple[int, int, str, str | None]


def run(
    text: str,
    rule: str,
    lang: str = "en",
    source: str | None = None,
    source_lang: str | None = None,
    dict_dirs: tuple[str, ...] | None = None,
) -> DocumentResult:
    """Audit one text with the rules whose ids start with `rule` (Hunspell dictionaries only from
    `dict_dirs` when given: an empty folder stands for a machine without them)."""
    document = Document(id="t", target=text, source=source, source_lang=source_lang, target_lang=lang)
    result = audit([document], AuditOptions(select=(rule,), dict_dirs=dict_dirs)).documents[0]
    assert_spans(result, text)
    return result


def found(text: str, rule: str, **kwargs: object) -> list[Found]:
    """(start, end, text, first suggestion) of every finding of exactly `rule`."""
    result = run(text, rule, **kwargs)  # type: ignore[arg-type]
    return [(f.start, f.end, f.text, f.suggestions[0] if f.suggestions else None) for f in result.findings if f.rule == rule]


@pytest.fixture()
def no_dictionaries(tmp_path: Path) -> tuple[str, ...]:
    """Hunspell folders that hold nothing: the checks fall back to word frequencies."""
    empty = tmp_path / "no-dictionaries"
    empty.mkdir()
    return (str(empty),)


# --- untranslated.word -------------------------------------------------------------------------------


def test_an_untranslated_span_does_not_join_across_a_comma() -> None:
    # "gouvernement" and "la semaine dernière" are two spans: a comma separates them (`_adjacent`)
    text = "The decision of the gouvernement, la semaine dernière, surprised everyone."
    source = "La décision du gouvernement, la semaine dernière, a surpris tout le monde."
    assert found(text, "untranslated.word", source=source, source_lang="fr") == [
        (20, 32, "gouvernement", None),
        (34, 53, "la semaine dernière", None),
    ]


def test_copied_word_margin_without_a_dictionary(no_dictionaries: tuple[str, ...]) -> None:
    # Without Hunspell, a word copied from the source that is rare in English (Zipf 2.46) and
    # 1.22 more frequent in French is untranslated (margin 1.2) …
    text = "An amas of rubble blocked the road."
    source = "Un amas de décombres bloquait la route."
    assert found(text, "untranslated.word", source=source, source_lang="fr", dict_dirs=no_dictionaries) == [(3, 7, "amas", None)]
    # … while one only 1.18 more frequent in French (English 2.31, French 3.49) is not.
    text = "They found a besson in the attic."
    source = "Ils ont trouvé un besson dans le grenier."
    assert found(text, "untranslated.word", source=source, source_lang="fr", dict_dirs=no_dictionaries) == []


def untranslated_words(text: str, source: str) -> list[tuple[int, int, str, float]]:
    """(start, end, text, confidence) of the `untranslated.word` findings, from French."""
    result = run(text, "untranslated", source=source, source_lang="fr")
    return [(f.start, f.end, f.text, f.confidence) for f in result.findings if f.rule == "untranslated.word"]


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        # one word alone is less sure (0.75) than a span of several (0.85); a comma splits two spans
        (
            "The decision of the gouvernement, la semaine dernière, surprised everyone.",
            "La décision du gouvernement, la semaine dernière, a surpris tout le monde.",
            [(20, 32, "gouvernement", 0.75), (34, 53, "la semaine dernière", 0.85)],
        ),
        # a span right after a comma still runs on to its next word
        (
            "The vote was held in the Senate, semaine dernière, after a long debate.",
            "Le vote a eu lieu au Sénat, la semaine dernière, après un long débat.",
            [(33, 49, "semaine dernière", 0.85)],
        ),
        # the last word of a sentence is found once
        (
            "The minister met the farmers of the gouvernement.",
            "Le ministre a rencontré les agriculteurs du gouvernement.",
            [(36, 48, "gouvernement", 0.75)],
        ),
        # a sentence left wholly in French is `untranslated.sentence`'s; none of its words is reported again
        (
            "The mayor opened the new bridge on Friday. La cérémonie a attiré des centaines de curieux venus de toute la région.",
            "Le maire a inauguré le nouveau pont vendredi. La cérémonie a attiré des centaines de curieux venus de toute la région.",
            [],
        ),
    ],
)
def test_untranslated_word_spans_and_confidence(text: str, source: str, expected: list[tuple[int, int, str, float]]) -> None:
    assert untranslated_words(text, source) == expected


# --- lm.surprisal: which capitalised words are names -----------------------------------------------


def test_surprisal_treats_as_names_only_the_words_the_case_evidence_calls_names() -> None:
    # A language model's surprise at a name says nothing about the translation, so names are
    # never `lm.surprisal` findings; a capitalised common word is not a name for that.
    needs_hunspell("en")
    from mtaudit.checks.surprisal import treated_as_name
    from mtaudit.evidence.gather import units_of_sentence
    from mtaudit.evidence.lms.base import LMConfig
    from mtaudit.evidence.lms.ngram import NgramLM
    from mtaudit.pipeline import prepare

    text = "The spokesman said in A statment That Russia would attend, said Zbigniewska Qwertyan."
    ctx = prepare(Document("c", text, target_lang="en"), AuditOptions())
    units = units_of_sentence(ctx, 0, NgramLM(LMConfig()).score_one(text, "en"))
    names = [text[u.start : u.end] for u in units if treated_as_name(ctx, u)]
    # "Russia": the dictionary knows it only capitalised; the other two: rare, never lower-case
    assert names == ["Russia", "Zbigniewska", "Qwertyan"]


# --- consistency.case ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # three capitalised uses against one lower-case: the lower-case one is the odd one out
        (
            "Fans on Twitter loved the show. Critics on Twitter were less kind, and Twitter soon moved on. She kept posting on twitter anyway.",
            [(114, 121, "twitter", "Twitter")],
        ),
        # the same three, each after a capitalised word, are part of a name ("Black Twitter"), not votes
        (
            "Fans on Black Twitter loved the show. Critics on Black Twitter were less kind, and Black Twitter soon moved on. "
            "She kept posting on twitter anyway.",
            [],
        ),
    ],
)
def test_case_votes_leave_out_words_inside_a_name(text: str, expected: list[Found]) -> None:
    needs_hunspell("en")
    assert found(text, "consistency.case") == expected


# --- source.number-mismatch ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the target writes the scale word too: the suggestion is the source's value in that scale
        ("The budget reaches 4 million euros.", [(19, 20, "4", "2.5")]),
        # the target writes the number out: so does the suggestion
        ("The budget reaches 1,500,000 euros.", [(19, 28, "1,500,000", "2,500,000")]),
        ("The budget reaches 2.5 million euros.", []),
        ("The budget reaches 2,500,000 euros.", []),
    ],
)
def test_number_mismatch_suggests_the_source_value_in_the_targets_scale(text: str, expected: list[Found]) -> None:
    assert found(text, "source.number-mismatch", source="Le budget atteint 2,5 millions d'euros.", source_lang="fr") == expected


# --- spelling.typo: non-words without a suggestion -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # never seen, no word one edit away, seven letters or more: a typo without a suggestion
        ("The committee said the proposal was unworkabel and badly drafted.", [(36, 46, "unworkabel", None)]),
        # six letters: too short to call a word nobody has seen a typo
        ("The committee called the proposal blorft and badly drafted.", []),
    ],
)
def test_long_unseen_non_word_is_a_typo_without_suggestion(text: str, expected: list[Found]) -> None:
    needs_hunspell("en")
    assert found(text, "spelling.typo") == expected


def test_surprisal_spelling_neighbours_include_transpositions() -> None:
    from mtaudit.checks.surprisal import spelling_neighbours

    assert spelling_neighbours("teh", "en", 5.0) == ["the", "ten"]  # "the" only by swapping two letters
    assert spelling_neighbours("minsiter", "en", 3.0) == ["minister"]


def test_surprisal_removes_a_stray_mark_with_the_spaces_before_it() -> None:
    from mtaudit.checks.surprisal import Edit, local_edits
    from mtaudit.evidence.gather import units_of_sentence
    from mtaudit.evidence.lms.base import LMConfig
    from mtaudit.evidence.lms.ngram import NgramLM
    from mtaudit.pipeline import prepare

    text = "The minister resigned  , he said."
    ctx = prepare(Document("c", text, target_lang="en"), AuditOptions())
    units = units_of_sentence(ctx, 0, NgramLM(LMConfig()).score_one(text, "en"))
    comma = next(u for u in units if text[u.start : u.end] == ",")
    assert local_edits(ctx, comma) == [Edit(21, 24, "", "punctuation")]  # "resigned, he said."


# --- case.lowercase-name and untranslated.script: votes and confidence -----------------------------


def findings_with_confidence(text: str, rule: str) -> list[tuple[int, int, str, str | None, float]]:
    result = run(text, rule)
    return [(f.start, f.end, f.text, f.suggestions[0] if f.suggestions else None, f.confidence) for f in result.findings if f.rule == rule]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an unknown word capitalised twice in mid-sentence and once not: a name written in lower case
        (
            "Ministers met Kowalczyk on Monday. They thanked Kowalczyk for the plan. Later the plan of kowalczyk was adopted.",
            [(90, 99, "kowalczyk", "Kowalczyk", 0.6)],
        ),
        # capitalised once: not yet a vote
        ("Ministers met Kowalczyk on Monday. Later the plan of kowalczyk was adopted.", []),
    ],
)
def test_lowercase_name_needs_two_capitalised_uses(text: str, expected: list[tuple[int, int, str, str | None, float]]) -> None:
    assert findings_with_confidence(text, "case.lowercase-name") == expected


def test_untranslated_script_without_a_source_is_less_sure() -> None:
    text = "The minister said that Москва would respond soon."
    assert findings_with_confidence(text, "untranslated.script") == [(23, 29, "Москва", None, 0.6)]
