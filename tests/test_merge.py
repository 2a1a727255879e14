"""Merging (`pipeline.merge_findings`): repeats dropped, code and markup debris respected, report order."""

from __future__ import annotations

from mtaudit.pipeline import merge_findings
from mtaudit.records import Finding, Severity

TEXT = "She watched newsnight on the BBC. 10:45 The minister said <b>that</b> the the talks failed."


def finding(rule: str, text: str, *, suggestions: tuple[str, ...] = (), confidence: float = 1.0, category: str = "fluency/spelling") -> Finding:
    """A finding on the first occurrence of `text` in TEXT."""
    start = TEXT.index(text)
    return Finding(rule, category, Severity.MINOR, start, start + len(text), text, f"{rule} on {text}", suggestions, confidence)


def test_two_rules_with_the_same_fix_keep_the_more_confident() -> None:
    name = finding("case.lowercase-name", "newsnight", suggestions=("Newsnight",), confidence=0.6)
    consistency = finding("consistency.case", "newsnight", suggestions=("Newsnight",), confidence=0.8)
    assert merge_findings([name, consistency]) == [consistency]


def test_on_a_tie_the_first_rule_id_stays() -> None:
    name = finding("case.lowercase-name", "newsnight", suggestions=("Newsnight",))
    consistency = finding("consistency.case", "newsnight", suggestions=("Newsnight",))
    assert merge_findings([consistency, name]) == [name]


def test_different_fixes_of_one_span_both_stay() -> None:
    name = finding("case.lowercase-name", "newsnight", suggestions=("Newsnight",))
    spelling = finding("spelling.typo", "newsnight", suggestions=("news night",))
    assert merge_findings([spelling, name]) == [name, spelling]


def test_the_same_rule_twice_on_one_span_is_one_finding() -> None:
    repeat = finding("repeat.word", "the the")
    assert merge_findings([repeat, repeat]) == [repeat]


def test_findings_in_skipped_code_are_dropped() -> None:
    start = TEXT.index("newsnight")
    kept = finding("repeat.word", "the the")
    assert merge_findings([finding("case.lowercase-name", "newsnight"), kept], skipped=[(start, start + 9)]) == [kept]


def test_findings_inside_or_right_after_markup_debris_are_dropped() -> None:
    debris = finding("markup.html-tag", "<b>", category="artefact/markup")
    inside = finding("case.mid-sentence-capital", "b>that", category="fluency/spelling")
    after_timestamp = finding("markup.timestamp", "10:45 ", category="artefact/markup")  # the text starts anew after it
    the_minister = finding("case.mid-sentence-capital", "The minister")
    elsewhere = finding("repeat.word", "the the")
    merged = merge_findings([elsewhere, inside, the_minister, debris, after_timestamp])
    assert merged == [after_timestamp, debris, elsewhere]


def test_report_order_is_offset_then_rule() -> None:
    late = finding("repeat.word", "the the")
    early_b = finding("typography.space", "BBC")
    early_a = finding("case.acronym", "BBC", suggestions=("B.B.C.",))
    first = finding("case.lowercase-name", "newsnight")
    assert merge_findings([late, early_b, early_a, first]) == [first, early_a, early_b, late]
