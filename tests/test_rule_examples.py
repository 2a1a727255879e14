"""Every rule's own table of examples (`examples=` of `@check`): what must fire, what must not.

One parametrised test runs each line of each table through the whole pipeline with only that rule
selected; a rule without a table, or with no example of each kind, fails `test_every_rule_has_a_table`.
The same tables write the "Examples" paragraph of each rule's documentation (`mtaudit explain`,
the HTML report), so the documentation shows what the rule really does.
"""

from __future__ import annotations

import pytest

from mtaudit.checks import all_checks
from mtaudit.checks.base import Example
from mtaudit.pipeline import AuditOptions, audit
from mtaudit.records import Document, Finding
from tests.conftest import needs_hunspell

# The fast rules: a model-evidence rule (`needs_evidence`) cannot run without a model, and the
# glossary rule not without a glossary (tests/test_glossary.py runs it), so their docstrings carry
# their example instead of a table.
CHECKS = [c for c in all_checks() if not c.rule.needs_evidence and c.rule.id != "terminology.glossary"]
CASES = [(check.rule.id, number, example) for check in CHECKS for number, example in enumerate(check.rule.examples, 1)]


def run_example(rule_id: str, example: Example) -> list[Finding]:
    """The findings of `rule_id` on the example's text (with its source, when it has one)."""
    document = Document("example", example.text, target_lang=example.lang, source=example.source, source_lang=example.source_lang)
    result = audit([document], AuditOptions(select=(rule_id,), source_lang=example.source_lang))
    return [finding for finding in result.documents[0].findings if finding.rule == rule_id]


@pytest.mark.parametrize(("rule_id", "number", "example"), CASES, ids=[f"{rule_id}#{number}" for rule_id, number, _ in CASES])
def test_rule_example(rule_id: str, number: int, example: Example) -> None:
    if example.hunspell:
        needs_hunspell(example.lang)
    findings = run_example(rule_id, example)
    if example.flagged is None:
        assert findings == [], f"{rule_id} must not fire ({example.note}) but flagged {[f.text for f in findings]}"
        return
    matching = [f for f in findings if f.text == example.flagged]
    assert matching, f"{rule_id} must flag “{example.flagged}” but flagged {[f.text for f in findings]}"
    first = matching[0].suggestions[0] if matching[0].suggestions else None
    assert first == example.suggestion


def test_every_rule_has_a_table() -> None:
    for check in CHECKS:
        kinds = {example.flagged is None for example in check.rule.examples}
        assert kinds == {True, False}, f"{check.rule.id} needs examples that fire and counter-examples that do not"
        assert all(example.note for example in check.rule.examples if example.flagged is None), f"{check.rule.id}: say why a counter-example passes"


def test_documentation_shows_the_table() -> None:
    for check in CHECKS:
        assert "**Examples** (from the rule's test table):" in check.rule.doc
        for example in check.rule.examples:
            assert example.text in check.rule.doc
