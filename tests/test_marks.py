"""`mtaudit.checks.marks`: digit grouping, spaced quotes and unbalanced brackets, with the near
misses of each rule (a list marker is no stray bracket, crossed brackets recover)."""

from __future__ import annotations

import pytest

from tests.conftest import audit_text, flagged

UNBALANCED = "typography.unbalanced"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The rebels) left the town.", [")"]),
        ("The plan (approved in May was costly.", ["("]),
        ("He said “we will win.", ["“"]),
        ("a) The first option is cheaper.", []),  # a list marker opening the paragraph
        ("The first option is cheaper.\n\nb) The second one is faster.", []),
        ("The options are a) cheaper and b) faster.", []),  # list markers after a space
        ("Step 1) opens the file.", []),  # a numbered list
        ("The options are:a) cheaper.", [")"]),  # glued to a colon: no list marker
        ("The plan (approved [in May) was costly.", []),  # crossed: the ")" closes "(" and drops "["
        ("The plan (approved [in May)] was costly.", ["]"]),
        ("He said “we will win.\n\n“And we will,” he added.", []),  # a quote over two paragraphs
    ],
)
def test_unbalanced(text: str, found: list[str]) -> None:
    assert flagged(text, UNBALANCED) == found


def test_unbalanced_positions_and_message() -> None:
    [finding] = audit_text("The plan (approved in May) was costly. The rebels) left.", select=(UNBALANCED,)).findings
    assert (finding.start, finding.end, finding.message) == (49, 50, "“)” closes nothing.")


def test_digit_grouping_suggestion() -> None:
    [finding] = audit_text("The budget reaches 1250000 euros this year.", select=("typography.digit-grouping",)).findings
    assert (finding.text, finding.suggestions, finding.confidence) == ("1250000", ("1,250,000",), 0.7)
    assert flagged("The budget reaches 1,250,000 euros in 2024.", "typography.digit-grouping") == []


def test_spaced_quotes_two_findings() -> None:
    result = audit_text('He called it " a disaster " on Monday.', select=("typography.spaced-quotes",))
    assert [(f.text, f.suggestions) for f in result.findings] == [('" ', ('"',)), (' "', ('"',))]
