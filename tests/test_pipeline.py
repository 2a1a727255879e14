"""The pipeline's structure: one registry, evidence checks that need evidence, the format table,
run-wide case votes given as a value, and what the result carries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit.checks import surprisal, translation_model
from mtaudit.checks.backtranslation import CHECKS as BT_CHECKS
from mtaudit.cli import main
from mtaudit.formats import FORMATS, writer
from mtaudit.options import AuditOptions, EvidenceOptions
from mtaudit.pipeline import audit, case_votes, prepare, run_checks
from mtaudit.records import Document
from mtaudit.registry import MODULES, all_checks, select_checks

TEXT = "The president wrote on twitter He told reporters the talks had failed."


def test_registry_order_is_module_order() -> None:
    modules = [c.run.__module__.rsplit(".", 1)[1] for c in all_checks()]
    assert [m for i, m in enumerate(modules) if i == 0 or modules[i - 1] != m] == list(MODULES)


def test_evidence_checks_run_only_with_evidence() -> None:
    result = audit([Document("t", TEXT, target_lang="en")])
    assert not any(rule.startswith(("bt.", "lm.", "tm.")) for rule in result.settings.checks)
    assert [r.id for r in result.rules] == list(result.settings.checks)  # the rules that ran
    assert {c.rule.id for c in select_checks(evidence=True)} - {c.rule.id for c in select_checks(evidence=False)} == {
        c.rule.id for c in (*BT_CHECKS, *surprisal.CHECKS, *translation_model.CHECKS)
    }


def test_evidence_checks_find_nothing_without_evidence() -> None:
    ctx = prepare(Document("t", TEXT, target_lang="en"), AuditOptions())
    assert ctx.evidence is None
    assert run_checks(ctx, [*BT_CHECKS, *surprisal.CHECKS, *translation_model.CHECKS]) == []


def test_lm_evidence_is_data_on_the_context_and_notes_travel_in_the_result(tmp_path: Path) -> None:
    options = AuditOptions(evidence=EvidenceOptions(lm="ngram", cache_dir=str(tmp_path)))
    result = audit([Document("t", TEXT, target_lang="en"), Document("z", "他说会谈已经失败了。", target_lang="zh")], options)
    english, chinese = result.documents
    assert not chinese.segments[0].scores  # no LM data for Chinese: nothing invented
    assert any(f.rule == "lm.surprisal" or "lm_delta" in f.evidence for f in english.findings)
    assert english.segments[0].scores["lm_logprob"] < 0
    assert result.notes == ["ngram language model: no data for 'zh'; no LM evidence for z"]
    assert "lm.surprisal" in result.settings.checks


def test_case_votes_are_counted_over_the_whole_run() -> None:
    options = AuditOptions()
    first = prepare(Document("a", "She wrote on Twitter. Then she wrote on Twitter again.", target_lang="en"), options)
    second = prepare(Document("b", "He posted it on Twitter and on twitter.", target_lang="en"), options)
    votes = case_votes([first, second])
    assert votes["Twitter"] == 3 and votes["twitter"] == 1
    assert not first.corpus_case_votes  # preparing a document does not touch the others


def test_the_cli_formats_come_from_the_table(tmp_path: Path) -> None:
    assert set(FORMATS) == {"text", "json", "html", "sarif", "github", "junit", "markdown", "jsonl"}
    assert all(callable(writer(name)) for name in FORMATS)
    source = tmp_path / "article.txt"
    source.write_text(TEXT + "\n", encoding="utf-8")
    report = tmp_path / "report.json"
    run = CliRunner().invoke(main, ["audit", str(source), "--target-lang", "en", "--format", "json", "-o", str(report)])
    assert run.exit_code == 0, run.output
    assert [f["rule"] for f in json.loads(report.read_text(encoding="utf-8"))["documents"][0]["findings"]] == ["boundary.run-on"]
    unknown = CliRunner().invoke(main, ["audit", str(source), "--format", "pdf"])
    assert unknown.exit_code == 2 and "'pdf' is not one of 'text', 'json', 'html'" in unknown.output


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("The minister resigned last night. Prices rose by 4.5% in March.", None),
        ("  The bridge is closed.\n\nIt reopens on Monday, the co-op's manager said.  \n", None),
        ("Run `pip install mtaudit` first. Then audit the file.", "notes.md"),  # code left out: counted again
        ("", None),
    ],
)
def test_target_word_count_is_word_count(text: str, path: str | None) -> None:
    """The report's word count comes from the tokens when they are all the words of the text,
    and is the same number `word_count` gives."""
    from mtaudit.pipeline import target_word_count
    from mtaudit.segment import word_count

    ctx = prepare(Document("t", text, path=path, target_lang="en"), AuditOptions())
    assert target_word_count(ctx) == word_count(text)
    if path is not None:
        assert ctx.skipped and len(ctx.tokens) < word_count(text)
