"""Inline suppressions in Markdown and HTML comments, and the note directive of bilingual formats."""

from __future__ import annotations

from mtaudit.checks import rules
from mtaudit.pipeline import AuditOptions, audit
from mtaudit.records import Document
from mtaudit.suppress import apply_suppressions, directive_rules, unknown_rules

ARTICLE = """# Talks in Paris

<!-- mtaudit: ignore boundary.run-on -->
The minister met the charity Shelter in Paris on Monday.

He wrote on twitter He told us of the plan. <!-- mtaudit: ignore case -->

The senior official said in A statment That the talks went well.
"""


def findings(text: str) -> list[tuple[str, str]]:
    result = audit([Document(id="talks.md", target=text, path="talks.md", target_lang="en")], AuditOptions())
    return [(f.rule, f.text) for f in apply_suppressions(text, result.documents[0].findings)]


def test_a_comment_on_its_own_line_silences_the_next_paragraph() -> None:
    found = findings(ARTICLE)
    assert ("boundary.run-on", "charity Shelter") not in found
    assert ("boundary.run-on", "twitter He") in found  # another paragraph, another rule silenced there
    assert ("boundary.run-on", "statment That") in found
    assert not any(rule == "typography.dash" for rule, _ in found)  # the comments' "--" are no dashes


def test_a_comment_at_the_end_of_a_paragraph_silences_that_paragraph_only() -> None:
    text = "He wrote on twitter He told us. <!-- mtaudit: ignore boundary -->\n\nShe wrote on twitter She told us.\n"
    assert findings(text) == [("boundary.run-on", "twitter She")]


def test_ignore_file_and_every_rule() -> None:
    text = (
        "<!-- mtaudit: ignore-file spelling -->\n\nThe senior official said in A statment That the talks went well.\n\n"
        "<!-- mtaudit: ignore -->\nHe wrote on twitter He told us of the plan.\n"
    )
    assert findings(text) == [("case.mid-sentence-capital", "A"), ("boundary.run-on", "statment That")]


def test_unknown_rules_in_directives_are_named_with_their_line() -> None:
    text = "Fine.\n\n<!-- mtaudit: ignore spelling.typos, case -->\nText.\n"
    assert unknown_rules(text, list(rules())) == ["line 3: mtaudit: ignore spelling.typos: no rule id starts with 'spelling.typos'; did you mean 'spelling.typo'?"]


def test_note_directives() -> None:
    assert directive_rules("Checked by the desk. mtaudit: ignore case.mid-sentence-capital spelling") == ("case.mid-sentence-capital", "spelling")
    assert directive_rules("mtaudit: ignore") == ()
    assert directive_rules("Context: a headline") is None
