"""Baselines: accepted findings stay accepted when the text above them moves; new ones fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtaudit.baseline import SCHEMA, BaselineError, filter_new, fingerprints, load_baseline, write_baseline
from mtaudit.gate import verdict
from mtaudit.pipeline import AuditOptions, audit
from mtaudit.records import AuditResult, Document, DocumentResult, Finding, Severity
from tests.conftest import EXAMPLE

ARTICLE = EXAMPLE.read_text(encoding="utf-8")


def run(text: str) -> AuditResult:
    return audit([Document(id="article.txt", target=text, path="article.txt", target_lang="en")], AuditOptions())


def test_a_baseline_accepts_what_it_saw(tmp_path: Path) -> None:
    path = tmp_path / ".mtaudit-baseline.json"
    before = run(ARTICLE)
    write_baseline(before, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA and len(data["documents"]["article.txt"]) == len(before.documents[0].findings)
    after = filter_new(before, load_baseline(path))
    assert after.documents[0].findings == [] and after.documents[0].score == 100.0
    assert verdict(after.documents[0]).passed and not verdict(before.documents[0]).passed


def test_fingerprints_survive_text_moving_above_and_catch_new_errors(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(run(ARTICLE), path)
    moved = "A new first paragraph was added by the desk this morning.\n\n" + ARTICLE
    assert filter_new(run(moved), load_baseline(path)).documents[0].findings == []
    edited = ARTICLE + "\n\nThe minister will travel to Kharkiv on Tuesday, his offcie said."
    new = filter_new(run(edited), load_baseline(path)).documents[0].findings
    assert [(f.rule, f.text) for f in new] == [("spelling.typo", "offcie")]


def test_repeats_are_counted_and_context_matters() -> None:
    text = "We met at the offcie today.\nWe met at the offcie today.\nThey met at the offcie today."
    starts = [i for i in range(len(text)) if text.startswith("offcie", i)]
    findings = [Finding("spelling.typo", "fluency/spelling", Severity.MINOR, s, s + 6, "offcie", "typo", ("office",)) for s in starts]
    doc = DocumentResult(Document(id="t", target=text), "en", None, [], findings, 15, 90.0, -3.0)
    prints = fingerprints(doc)
    assert len(set(prints)) == 3  # the same key twice is told apart by its count; other words around, another key
    assert fingerprints(doc) == prints  # deterministic


def test_another_documents_baseline_does_not_apply(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    write_baseline(run(ARTICLE), path)
    other = audit([Document(id="other.txt", target=ARTICLE, path="other.txt", target_lang="en")])
    assert len(filter_new(other, load_baseline(path)).documents[0].findings) == len(other.documents[0].findings)


def test_a_baseline_from_another_version_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"schema": "mtaudit.baseline/0", "tool": {"name": "mtaudit", "version": "0.0.9"}, "documents": {}}))
    with pytest.raises(BaselineError) as caught:
        load_baseline(path)
    message = str(caught.value)
    assert "baseline format 'mtaudit.baseline/0' written by mtaudit 0.0.9" in message
    assert "reads 'mtaudit.baseline/1'" in message and "--write-baseline" in message and "\n" not in message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a baseline file (invalid JSON at line 1)"),
        ('{"schema": "mtaudit.baseline/1", "documents": []}', 'a baseline needs a "documents" object'),
        ('{"schema": "mtaudit.baseline/1", "documents": {"a.txt": [{"rule": "x"}]}}', "document 'a.txt' needs a list of entries"),
    ],
)
def test_broken_baselines(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(content)
    with pytest.raises(BaselineError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_baseline(path)
    with pytest.raises(BaselineError, match="no such baseline file"):
        load_baseline(tmp_path / "missing.json")
