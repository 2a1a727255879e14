"""`apply_fixes`: the best suggestions applied, overlapping ones composed, names left alone."""

from __future__ import annotations

import json

import pytest

from mtaudit.baseline import finding_fingerprints
from mtaudit.fix import Edit, apply_fixes, edits_for, load_decisions, plan, unified_diff
from mtaudit.pipeline import audit
from mtaudit.reader import read_inputs
from mtaudit.records import DocumentResult, Finding, Severity
from tests.conftest import EXAMPLE

NAMES = ("Macron", "Zelensky", "Putin", "Jean-Yves Le Drian", "Kremlin", "Donbass", "Normandy", "Minsk", "Moscow", "Tripartite Contact Group")


@pytest.fixture(scope="module")
def example() -> DocumentResult:
    return audit(read_inputs([str(EXAMPLE)]).documents).documents[0]


def test_the_example_article(example: DocumentResult) -> None:
    original = example.document.target
    fixed = apply_fixes(original, example.findings)
    assert "wrote on twitter. He told" in fixed
    assert "in a statement that “Russia’s" in fixed
    assert "2022-02-20" not in fixed and fixed.startswith(" Macron’s office")
    for name in NAMES:
        assert fixed.count(name) == original.count(name), name
    assert example.document.target == original == EXAMPLE.read_text(encoding="utf-8")


def test_overlapping_fixes_compose_as_one_edit(example: DocumentResult) -> None:
    """The run-on fix covers "statment That" but only changes "That": the typo fix inside it
    still applies, and neither brings back the other's error."""
    run_on = next(f for f in example.findings if f.rule == "boundary.run-on" and f.text == "statment That")
    typo = next(f for f in example.findings if f.rule == "spelling.typo")
    assert edits_for(run_on, run_on.suggestions[0]) == [Edit(run_on.start + 9, run_on.start + 13, "that")]
    text = example.document.target
    assert "statement that" in apply_fixes(text, [run_on, typo])
    edits, fixed = plan(text, [run_on, typo])
    assert fixed == [run_on, typo]  # report order
    assert len(edits) == 2


def test_conflicting_suggestions_keep_the_more_confident_whole() -> None:
    text = "The minister visited Kiev on Monday."
    start = text.index("Kiev")
    low = Finding("a.rule", "fluency/spelling", Severity.MINOR, start, start + 4, "Kiev", "m", ("Kiew",), 0.6)
    high = Finding("b.rule", "terminology/glossary", Severity.MAJOR, start, start + 4, "Kiev", "m", ("Kyiv",), 0.9)
    assert apply_fixes(text, [low, high]) == "The minister visited Kyiv on Monday."
    same = Finding("c.rule", "fluency/spelling", Severity.MINOR, start, start + 4, "Kiev", "m", ("Kyiv",), 0.7)
    assert apply_fixes(text, [same, high]) == "The minister visited Kyiv on Monday."  # made once


def test_min_confidence_and_select(example: DocumentResult) -> None:
    text = example.document.target
    strict = apply_fixes(text, example.findings, min_confidence=0.6)
    assert "wrote on twitter He told" in strict  # the run-on (0.54) is below
    only_typos = apply_fixes(text, example.findings, select=("spelling",))
    assert "in A statement That" in only_typos and "2022-02-20" in only_typos
    no_metadata = apply_fixes(text, example.findings, ignore=("markup",))
    assert no_metadata.startswith(" date 2022-02-20")


def test_decisions_accept_and_reject(example: DocumentResult, tmp_path) -> None:
    text = example.document.target
    prints = dict(zip((f.rule + f.text for f in example.findings), finding_fingerprints(text, example.findings), strict=False))
    path = tmp_path / "decisions.json"
    rejected, accepted = prints["markup.metadatadate 2022-02-20 "], prints["boundary.run-ontwitter He"]
    path.write_text(json.dumps({"decisions": {rejected: {"decision": "reject", "comment": "keep the date"}, accepted: "accept"}}))
    decisions = load_decisions(path)
    fixed = apply_fixes(text, example.findings, min_confidence=0.95, decisions=decisions)
    assert fixed.startswith(" date 2022-02-20")  # rejected
    assert "wrote on twitter. He told" in fixed  # accepted below the threshold
    assert "statment" in fixed  # neither decided nor confident enough


def test_bad_decisions_files(tmp_path) -> None:
    from mtaudit.fix import DecisionsError

    bad = tmp_path / "d.json"
    bad.write_text('{"abc": "maybe"}')
    with pytest.raises(DecisionsError, match="decision 'maybe' for abc: use one of accept"):
        load_decisions(bad)
    with pytest.raises(DecisionsError, match="no such decisions file"):
        load_decisions(tmp_path / "missing.json")


def test_unified_diff() -> None:
    diff = unified_diff("He wrote on twitter He told us.\n", "He wrote on twitter. He told us.\n", "a.txt")
    assert diff.splitlines() == ["--- a/a.txt", "+++ b/a.txt", "@@ -1 +1 @@", "-He wrote on twitter He told us.", "+He wrote on twitter. He told us."]
