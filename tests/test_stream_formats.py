"""Every streamed format (issue 15) writes the bytes of its whole-result renderer: SARIF, JUnit,
GitHub annotations, Markdown, and `mtaudit check`'s verdicts, on a batch of several documents
with an input error, through each engine, to a file and to standard output; and a stream holds
one document at a time (its memory does not grow with the number of documents)."""

from __future__ import annotations

import gc
import json
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit import __version__
from mtaudit.api import audit_files
from mtaudit.baseline import filter_new, load_baseline, write_baseline
from mtaudit.cli import main
from mtaudit.formats import render
from mtaudit.formats import stream as stream_module
from mtaudit.formats.stream import open_format
from mtaudit.formats.verdicts import VerdictStream, verdict_text
from mtaudit.gate import Gate
from mtaudit.records import AuditResult, Document, DocumentResult, Settings, Severity
from tests.conftest import EXAMPLE

SEGMENTS = [
    {"id": "1", "target": "The minister resigned on monday.", "source": "Le ministre a démissionné lundi.", "source_lang": "fr", "target_lang": "en"},
    {"id": "2", "target": "She wrote on twitter He told reporters the talks had failed.", "target_lang": "en"},
    {"id": "3", "target": "The bridge was closed for repairs on Tuesday.", "target_lang": "en"},
    {"id": "4", "target": "The twitter account and the Twitter account were closed.", "target_lang": "en"},
]
CI_FORMATS = ["sarif", "github", "junit", "markdown"]


def batch(tmp_path: Path) -> list[str]:
    """An article and a JSONL file of short segments with one line that is not JSON (an error of the run)."""
    lines = [json.dumps(s, ensure_ascii=False) for s in SEGMENTS]
    lines.insert(2, "not json")
    path = tmp_path / "s.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(EXAMPLE), str(path)]


@pytest.mark.parametrize("fmt", CI_FORMATS)
@pytest.mark.parametrize("engine", ["serial", "local"])
def test_a_streamed_ci_report_is_the_same_bytes_as_the_whole_one(tmp_path: Path, fmt: str, engine: str) -> None:
    paths = batch(tmp_path)
    whole = render(fmt, audit_files(paths), gate=Gate())
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(main, ["audit", *paths, "--format", fmt, "--engine", engine, "--batch-size", "2", "-o", str(out)])
    assert result.exit_code == 2, result.output  # the line that is not JSON
    assert out.read_text(encoding="utf-8") == whole
    assert "not json" not in whole and "s.jsonl:3" in whole  # the error is in the report, at its end


@pytest.mark.parametrize("fmt", CI_FORMATS)
def test_a_streamed_ci_report_on_standard_output_with_a_stricter_gate(tmp_path: Path, fmt: str) -> None:
    paths = batch(tmp_path)[1:]
    gate = Gate(Severity.MINOR, 99.0)
    result = CliRunner().invoke(main, ["audit", *paths, "--format", fmt])
    assert result.stdout == render(fmt, audit_files(paths), gate=Gate())
    checked = CliRunner().invoke(main, ["check", *paths, "--format", fmt, "--fail-on", "minor", "--min-score", "99"])
    assert checked.exit_code == 2  # the bad line
    assert checked.stdout == render(fmt, audit_files(paths), gate=gate)


@pytest.mark.parametrize("fmt", CI_FORMATS)
def test_a_stream_without_documents_is_the_same_bytes(fmt: str) -> None:
    for errors in ([], ["s.jsonl:3: not valid JSON"]):
        end = AuditResult([], Settings(checks=("spelling.typo",)), __version__, list(errors))
        pieces: list[str] = []
        stream = open_format(fmt, pieces.append, gate=Gate())
        stream.finish(end)
        assert "".join(pieces) == render(fmt, end, gate=Gate())


def test_check_streams_its_verdicts_with_the_same_bytes_and_exit_code(tmp_path: Path) -> None:
    paths = [str(EXAMPLE), str(batch(tmp_path)[1])]
    (tmp_path / "s.jsonl").write_text("".join(json.dumps(s) + "\n" for s in SEGMENTS), encoding="utf-8")  # no bad line
    whole = audit_files(paths)
    expected = verdict_text(whole.documents, Gate())
    assert expected.startswith("PASS" if Gate().verdict(whole.documents[0]).passed else "FAIL")
    result = CliRunner().invoke(main, ["check", *paths])
    assert result.stdout == expected
    assert result.exit_code == 1  # "She wrote on twitter He told …" fails the gate
    out = tmp_path / "verdicts.txt"
    to_file = CliRunner().invoke(main, ["check", *paths, "-o", str(out)])
    assert to_file.exit_code == 1 and out.read_text(encoding="utf-8") == expected
    sarif = tmp_path / "gate.sarif"
    both = CliRunner().invoke(main, ["check", *paths, "--format", "sarif", "-o", str(sarif)])
    assert both.exit_code == 1
    assert both.stdout == expected  # the report went to a file: the verdicts still show
    assert sarif.read_text(encoding="utf-8") == render("sarif", whole)


def test_check_streamed_against_a_baseline_gates_only_new_findings(tmp_path: Path) -> None:
    segments = tmp_path / "s.jsonl"
    segments.write_text("".join(json.dumps(s) + "\n" for s in SEGMENTS[1:3]), encoding="utf-8")
    old = audit_files(str(segments))
    baseline = tmp_path / "baseline.json"
    write_baseline(old, baseline)
    added = {**SEGMENTS[1], "id": "5"}  # a new segment, with the findings of "2"
    segments.write_text("".join(json.dumps(s) + "\n" for s in [*SEGMENTS[1:3], added]), encoding="utf-8")
    now = filter_new(audit_files(str(segments)), load_baseline(str(baseline)))
    result = CliRunner().invoke(main, ["check", str(segments), "--baseline", str(baseline), "--format", "markdown", "--fail-on", "minor"])
    assert result.stdout == render("markdown", now, gate=Gate(Severity.MINOR))
    assert [len(d.findings) for d in now.documents] == [0, 0, len(old.documents[0].findings)]  # only "5" has findings left
    assert now.documents[2].findings and "FAIL" in result.stdout and result.exit_code == 1


def varied(result: DocumentResult, number: int) -> DocumentResult:
    """`result` as the document of a different id, so that no two streamed documents are equal."""
    from dataclasses import replace

    return replace(result, document=replace(result.document, id=f"segment-{number}"))


def traced_peak(stream_name: str, documents: int, template: DocumentResult) -> int:
    """The traced peak (bytes) of streaming `documents` copies of `template` through a format,
    writing to a sink that keeps nothing."""
    tracemalloc.start()
    try:
        if stream_name == "check":
            stream = VerdictStream(lambda text: None, Gate())
        else:
            stream = open_format(stream_name, lambda text: None, gate=Gate())
        for number in range(documents):
            stream.document(varied(template, number))
        stream.finish(AuditResult([], Settings(checks=()), __version__))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["check", "sarif", "junit", "markdown", "github", "text", "json"])
def test_a_stream_holds_one_document_at_a_time(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # A spool is copied out in pieces of `CHUNK` characters, a constant; a small one is reached
    # by both runs, so that the comparison shows what grows with the documents, not the piece.
    monkeypatch.setattr(stream_module, "CHUNK", 1 << 10)
    template = audit_files_one("She wrote on twitter He told reporters the talks had failed on monday.")
    assert template.findings
    traced_peak(fmt, 20, template)  # first use: imports and caches
    # tracemalloc's peak is the whole process's: a thread left running by an earlier test, or a
    # collection of its garbage, can raise one run's figure. A stream that holds what it has seen
    # grows in every try; a one-off allocation elsewhere does not repeat, so three tries are allowed.
    tries = []
    for _ in range(3):
        gc.collect()
        small, large = traced_peak(fmt, 200, template), traced_peak(fmt, 2_000, template)
        tries.append((small, large))
        if large < small * 1.5:  # ten times the documents, not ten times the memory
            break
    else:
        raise AssertionError(f"the traced peak grows with the documents in every try: {tries}")


def audit_files_one(text: str) -> DocumentResult:
    from mtaudit.pipeline import AuditOptions, audit

    return audit([Document("segment", text, target_lang="en")], AuditOptions()).documents[0]


@pytest.mark.parametrize("engine", ["serial", "local"])
def test_a_streamed_html_folder_holds_the_pages_and_index_of_the_whole_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    from mtaudit.formats import html

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the pages' date
    paths = batch(tmp_path)
    whole = audit_files(paths)
    taken = {"index.html"}
    names = [html.safe_filename(doc.document.id, taken) for doc in whole.documents]
    expected = {name: html.render(doc, whole, index_href="index.html") for doc, name in zip(whole.documents, names, strict=True)}
    expected["index.html"] = html.render_index(whole, names)
    folder = tmp_path / "report"
    result = CliRunner().invoke(main, ["audit", *paths, "--format", "html", "--engine", engine, "--batch-size", "2", "-o", str(folder)])
    assert result.exit_code == 2, result.output  # the line that is not JSON, listed in the index
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} == expected
    assert len(expected) == len(whole.documents) + 1 == 6
    assert result.output.count("wrote ") == 6


def test_a_streamed_html_page_of_one_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mtaudit.formats import html

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    whole = audit_files(str(EXAMPLE))
    page = tmp_path / "pages" / "article.html"  # its folder is made, as a report tool does
    assert CliRunner().invoke(main, ["audit", str(EXAMPLE), "--format", "html", "-o", str(page)]).exit_code == 0
    assert page.read_text(encoding="utf-8") == html.render(whole.documents[0], whole)
    on_stdout = CliRunner().invoke(main, ["audit", str(EXAMPLE), "--format", "html"])
    assert on_stdout.stdout == html.render(whole.documents[0], whole)
    several = CliRunner().invoke(main, ["audit", *batch(tmp_path), "--format", "html"])
    assert several.exit_code == 2 and several.stdout == ""
    assert "mtaudit: error: HTML for several documents needs -o FOLDER" in several.output
