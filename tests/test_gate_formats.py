"""The gate and the CI formats that follow it: GitHub annotations, JUnit XML, Markdown."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from mtaudit.formats import github, junit, markdown
from mtaudit.gate import Gate, verdict
from mtaudit.pipeline import AuditOptions, audit
from mtaudit.reader import read_inputs
from mtaudit.records import AuditResult, Document, Severity
from tests.conftest import EXAMPLE

CLEAN = "The aim of this meeting, expected to take place on Monday, is to obtain a commitment from all parties."


@pytest.fixture(scope="module")
def result() -> AuditResult:
    documents = [*read_inputs([str(EXAMPLE)]).documents, Document(id="clean, news: 1.txt", target=CLEAN, path="clean, news: 1.txt", target_lang="en")]
    return audit(documents, AuditOptions())


def test_gate_fails_on_severity_and_score(result: AuditResult) -> None:
    example, clean = result.documents
    default = verdict(example)
    assert not default.passed
    assert [f.rule for f in default.blocking] == ["markup.metadata"]
    assert default.reasons == ("1 finding at major or worse",)
    strict = Gate(Severity.MINOR).verdict(example)
    assert len(strict.blocking) == len(example.findings)
    lenient = Gate(Severity.CRITICAL, min_score=90).verdict(example)
    assert lenient.blocking == () and lenient.reasons == (f"score {example.score:.1f} below 90",)
    assert verdict(clean).passed and Gate(Severity.MINOR, 99).verdict(clean).passed


def test_github_escaping() -> None:
    assert github.escape_data("100% sure\r\nnext") == "100%25 sure%0D%0Anext"
    assert github.escape_property("a,b: c%") == "a%2Cb%3A c%25"


def test_github_annotations(result: AuditResult) -> None:
    lines = github.render(result).splitlines()
    assert len(lines) == len(result.documents[0].findings)
    assert lines[0].startswith("::error file=")  # markup.metadata is major: it blocks
    run_on = next(line for line in lines if "boundary.run-on" in line and "twitter" in line)
    assert run_on.startswith("::warning file=") and ",line=5,col=23,endLine=5,endColumn=33," in run_on
    assert run_on.endswith("→ 'twitter. He'")
    strict = github.render(result, Gate(Severity.MINOR)).splitlines()
    assert all(line.startswith("::error ") for line in strict)


def test_github_escapes_file_names_and_reports_a_score_failure() -> None:
    doc = Document(id="x", target="He wrote on twitter He told us.", path="news, 2024: a.txt", target_lang="en")
    out = github.render(audit([doc], AuditOptions(select=("boundary",))), Gate(Severity.CRITICAL, min_score=99.9))
    assert "file=news%2C 2024%3A a.txt," in out
    assert out.splitlines()[-1].startswith("::error file=news%2C 2024%3A a.txt,title=mtaudit gate::score ")


def test_junit_one_case_per_document(result: AuditResult) -> None:
    root = ET.fromstring(junit.render(result).encode("utf-8"))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [str(EXAMPLE), "clean, news: 1.txt"]
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("message") == "1 finding at major or worse"
    assert "markup.metadata" in (failure.text or "")
    assert cases[1].find("failure") is None
    assert "“Mr.” is written “Mr”" in (cases[0].findtext("system-out") or "")


def test_junit_escapes_markup_in_text() -> None:
    doc = Document(id="<b>&", target="The <b>minister</b> wrote on twitter He told us & them.", target_lang="en")
    out = junit.render(audit([doc], AuditOptions(select=("boundary", "markup"))), Gate(Severity.MINOR))
    root = ET.fromstring(out.encode("utf-8"))  # parses: every < and & was escaped
    assert root.find("testsuite/testcase").get("name") == "<b>&"


def test_markdown_summary(result: AuditResult) -> None:
    text = markdown.render(result)
    assert text.startswith("❌ **mtaudit gate failed**: 1 of 2 documents failed")
    assert "| clean, news: 1.txt | PASS | 100.0 | 0 | 0 | 0 |" in text
    assert "→ delete it" in text  # the metadata suggestion is an empty replacement
    assert "boundary.run-on" not in text  # minor findings do not block the default gate
    passed = markdown.render(audit([Document(id="ok|1", target=CLEAN, target_lang="en")]))
    assert passed.startswith("✅ **mtaudit gate passed**") and "| ok\\|1 | PASS |" in passed


def test_markdown_code_spans_hold_backticks() -> None:
    assert markdown.code("a `b` c") == "``a `b` c``"
    assert markdown.escape("a|b*c") == "a\\|b\\*c"


def test_pre_commit_hook_runs_an_existing_command() -> None:
    import re

    yaml = pytest.importorskip("yaml")
    from mtaudit.cli import main
    from tests.conftest import ROOT

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["mtaudit-check", "mtaudit-check-system"]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= hook.keys()
        program, command = hook["entry"].split()[:2]
        assert program == "mtaudit" and command in main.commands
        assert re.search(hook["files"], "news/article.md") and not re.search(hook["files"], "setup.py")
