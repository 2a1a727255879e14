from __future__ import annotations

import pytest

from tests.conftest import audit_text, corrected, flagged


def test_repeated_word() -> None:
    assert flagged("The talks resumed in the the capital on Monday.", "typography.repeated-word") == ["the the"]
    assert flagged("La réunion a eu lieu dans la la capitale.", "typography.repeated-word", "fr") == ["la la"]


@pytest.mark.parametrize(
    "text",
    [
        "The talks resumed in the THE capital on Monday.",
        "It plans a long-term long-term loan, and the group’s group’s flagship rose.",
        "Die Straße ẞ führt nach Zürich zürich.",  # other than ASCII: case-insensitive per character
        "Il a dit ſ s, K k et ς σ.",
        "Shares rose in the\nthe morning session, 12 12 times.",
    ],
)
def test_repeated_word_quick_test_never_misses_a_repeat(text: str) -> None:
    """`_may_repeat` only spares the pattern on texts where it cannot match."""
    from mtaudit.checks.typography import _REPEATED, _may_repeat

    assert _REPEATED.search(text) is not None
    assert _may_repeat(text)
    assert not _may_repeat("The talks resumed in the capital, and the talks ended on Monday.")


def test_repeated_word_negatives() -> None:
    assert flagged("The talks resumed in the capital; then they ended.", "typography.repeated-word") == []


def test_spacing() -> None:
    result = audit_text("The talks ended ,then  resumed.The end came later.", select=("typography.spacing",))
    assert sorted((f.text, f.suggestions[0]) for f in result.findings) == sorted([(" ,", ", "), (".", ". "), ("  ", " ")])


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Il a dit : « non » ! Pourquoi ?", "fr"), ("Prices rose 3.5% in the U.S. and e.g. Canada.", "en"), ("Mail info@example.org or see example.org/a,b today.", "en")],
)
def test_spacing_negatives(text: str, lang: str) -> None:
    assert flagged(text, "typography.spacing", lang) == []


def test_dashes() -> None:
    text = "It gets closer -- 40,000 years ago; the result of my research-a simple calculation by experiments-Einstein liked."
    # The spans are the hyphens alone; the suggestions supply the spaces around the dash.
    assert flagged(text, "typography.dash") == ["--", "-", "-"]
    assert corrected(text, "typography.dash") == (
        "It gets closer — 40,000 years ago; the result of my research — a simple calculation by experiments — Einstein liked."
    )
    assert corrected("the universe--a series of images", "typography.dash") == "the universe — a series of images"
    assert corrected("the biggest disturbance in the universe-the Big Bang", "typography.dash") == "the biggest disturbance in the universe — the Big Bang"
    assert corrected('matter also means "matter")-if you put energy in', "typography.dash") == 'matter also means "matter") — if you put energy in'
    assert corrected("Wait---what now?", "typography.dash") == "Wait — what now?"
    assert corrected("It is getting closer and closer-40000 years ago, we painted.", "typography.dash") == (
        "It is getting closer and closer — 40000 years ago, we painted."
    )


def test_dash_negatives() -> None:
    text = (
        "A well-known, built-in, follow-up study of space-time, light-years away, drum-like sounds in a long-term, state-of-the-art lab; "
        "a mid-2000s, post-1945, Boeing-747, COVID-19, under-21 team in 'quoted'-style; the suffix \"-ism\", "
        "a (UK)-based firm, an anti-\"woke\" stance, f(x)-g(x), windows-1252 text and flight-370 debris."
    )
    assert flagged(text, "typography.dash") == []


def test_digit_grouping_per_language() -> None:
    assert audit_text("Some ice is 100000 years old.", select=("typography.digit-grouping",)).findings[0].suggestions == ("100,000",)
    assert audit_text("La glace a 100000 ans.", "fr", select=("typography.digit-grouping",)).findings[0].suggestions == ("100\u202f000",)


@pytest.mark.parametrize("text", ["In 2021 the code 02134 and ticket #12345 cost 3.14159 at www.x.org/12345.", "Call +33 612345678 now."])
def test_digit_grouping_negatives(text: str) -> None:
    assert flagged(text, "typography.digit-grouping") == []


def test_spaced_quotes() -> None:
    text = 'People began to use the term " black holes " and more.'
    assert flagged(text, "typography.spaced-quotes") == ['" ', ' "']
    assert corrected(text, "typography.spaced-quotes") == 'People began to use the term "black holes" and more.'
    assert flagged('People began to use the term "black holes" and more.', "typography.spaced-quotes") == []


def test_unbalanced() -> None:
    assert flagged("He said “we will win. The crowd cheered.", "typography.unbalanced") == ["“"]
    assert flagged("The plan (which failed was dropped.", "typography.unbalanced") == ["("]


def test_unbalanced_negatives() -> None:
    text = "He said “we will win” (and meant it).\n\n1) first point\n\n“A quote that runs on.\n\n“And ends here.”"
    assert flagged(text, "typography.unbalanced") == []


def test_repeated_word_not_across_a_blank_line() -> None:
    text = "Takeover rumour lifts Exel shares\n\nShares in storage firm Exel rose 5%."
    assert flagged(text, "typography.repeated-word") == []
    assert flagged("Shares rose in the\nthe morning session.", "typography.repeated-word") == ["the\nthe"]
    assert flagged("Shares rose in the\r\nthe morning, in the\u00a0the evening.", "typography.repeated-word") == ["the\r\nthe", "the\u00a0the"]


@pytest.mark.parametrize(
    "text",
    [
        "The pair had had a scorching from MPs, and we must ensure that that service improves.",
        "On Thursday, senior law lord Lord Bingham said the rules were wrong.",
        "He was holidaying on the Thai island of Koh Phi Phi with friends.",
    ],
)
def test_repeated_word_negatives_grammar_and_names(text: str) -> None:
    assert flagged(text, "typography.repeated-word") == []


def test_repeated_word_capitalised_function_word() -> None:
    assert flagged("He said that The The plan was dropped.", "typography.repeated-word") == ["The The"]


def test_spaced_quotes_not_between_two_quotes() -> None:
    text = 'Nothing is missing," said Mr Sukul. "But we will check again."'
    assert flagged(text, "typography.spaced-quotes") == []


def test_markdown_rules_and_underlines_are_no_dashes() -> None:
    text = "The end of a part.\n\n---\n\nThe next part\n-------------\n\nstarts here."
    assert flagged(text, "typography.dash") == []


def test_double_hyphen_dash_is_a_house_style_option() -> None:
    from dataclasses import replace

    from mtaudit.checks.dashes import dash
    from mtaudit.pipeline import AuditOptions, prepare
    from mtaudit.records import Document

    ctx = prepare(Document("t", "It was closer -- 40,000 years ago -- than we thought.", target_lang="en"), AuditOptions())
    assert [f.text for f in dash(ctx)] == ["--", "--"]
    assert list(dash(replace(ctx, double_hyphen_dashes=True))) == []
