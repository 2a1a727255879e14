"""Streaming (issue 15, bounded memory): a UTF-8 JSONL file read line by line gives the same
documents and problems as read whole, a line over the per-line cap is one problem, and the
streamed JSON and text reports are the same bytes as the whole-result renderers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit import __version__
from mtaudit.api import audit_files
from mtaudit.cli import main
from mtaudit.formats import json as json_format
from mtaudit.formats import render
from mtaudit.formats.json import JsonStream
from mtaudit.output import open_stream
from mtaudit.readers import ReadContext, iter_documents
from mtaudit.readers import jsonl as jsonl_reader
from mtaudit.readers.jsonl import read_jsonl, stream_jsonl
from mtaudit.records import AuditResult, Settings, Severity
from tests.conftest import EXAMPLE

SEGMENTS = [
    {"id": "1", "target": "The minister resigned on monday.", "source": "Le ministre a démissionné lundi.", "source_lang": "fr", "target_lang": "en"},
    {"id": "2", "target": "She wrote on twitter He told reporters the talks had failed.", "target_lang": "en"},
    {"id": "3", "target": "The twitter account and the Twitter account were closed.", "target_lang": "en"},
]


def write_lines(path: Path, lines: list[str], newline: str = "\n", bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + newline.join(lines).encode("utf-8") + newline.encode())
    return path


@pytest.mark.parametrize(("newline", "bom"), [("\n", False), ("\r\n", True)])
def test_jsonl_read_line_by_line_gives_the_same_documents(tmp_path: Path, newline: str, bom: bool) -> None:
    lines = [json.dumps(s, ensure_ascii=False) for s in SEGMENTS]
    lines.insert(1, '{"id": "sep", "target": "A line\u2028separator inside a string."}')  # str.splitlines splits it
    lines.insert(2, "not json")
    lines.append("")
    path = write_lines(tmp_path / "s.jsonl", lines, newline, bom)
    whole, streamed = ReadContext(), ReadContext()
    assert list(stream_jsonl(str(path), streamed)) == list(read_jsonl(str(path), path.read_bytes(), whole))
    assert streamed.problems == whole.problems and len(whole.problems) == 3


def test_a_jsonl_line_over_the_cap_is_one_problem_and_the_next_lines_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl_reader, "MAX_LINE_BYTES", 1 << 20)
    long_line = json.dumps({"id": "long", "target": "The minister resigned. " * 50_000})
    path = write_lines(tmp_path / "s.jsonl", [json.dumps(SEGMENTS[1]), long_line, json.dumps(SEGMENTS[2])])
    context = ReadContext()
    documents = list(iter_documents([str(path)], context))
    assert [d.id for d in documents] == ["2", "3"]
    assert context.problems == [f"{path}:2: longer than 1 MiB; split the record or remove the line"]


def test_a_jsonl_file_that_is_not_utf8_is_still_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_bytes(json.dumps(SEGMENTS[1], ensure_ascii=False).encode("utf-16"))
    context = ReadContext()
    assert [d.id for d in iter_documents([str(path)], context)] == ["2"]
    assert context.notes == [f"{path}: decoded as UTF-16 (byte-order mark)"]


def batch(tmp_path: Path) -> list[str]:
    """An article and a JSONL file with a bad line and an empty target with a source (which
    adds the on-demand rule `source.empty-target` to the report's settings)."""
    segments = [json.dumps(s, ensure_ascii=False) for s in SEGMENTS]
    segments.insert(1, "not json")
    segments.append(json.dumps({"id": "4", "target": "", "source": "Le pont est fermé.", "source_lang": "fr", "target_lang": "en"}))
    return [str(EXAMPLE), str(write_lines(tmp_path / "s.jsonl", segments))]


@pytest.mark.parametrize("fmt", ["json", "text"])
@pytest.mark.parametrize("engine", ["auto", "serial", "local"])
def test_a_streamed_report_is_the_same_bytes_as_the_whole_one(tmp_path: Path, fmt: str, engine: str) -> None:
    paths = batch(tmp_path)
    whole = render(fmt, audit_files(paths))
    out = tmp_path / f"r.{fmt}"
    result = CliRunner().invoke(main, ["audit", *paths, "--format", fmt, "--engine", engine, "-o", str(out)])
    assert result.exit_code == 2  # the bad JSONL line
    assert "s.jsonl:2: not valid JSON" in result.output
    assert out.read_text(encoding="utf-8") == whole
    if fmt == "json":
        assert "source.empty-target" in json.loads(whole)["settings"]["checks"]


def test_a_streamed_report_on_standard_output_is_the_same_bytes(tmp_path: Path) -> None:
    paths = batch(tmp_path)[1:]
    result = CliRunner().invoke(main, ["audit", *paths, "--format", "json"])
    assert result.stdout == render("json", audit_files(paths))


def test_the_streamed_json_without_documents_is_the_same_bytes() -> None:
    stream_out: list[str] = []
    stream = JsonStream(stream_out.append, __version__)
    stream.start(Settings(checks=("spelling.typo",)), ())
    stream.finish()
    assert "".join(stream_out) == render("json", AuditResult([], Settings(checks=("spelling.typo",)), __version__))


def test_an_interrupted_streamed_report_keeps_the_old_one(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    report.write_text("old report\n", encoding="utf-8")
    report.chmod(0o640)
    with pytest.raises(KeyboardInterrupt), open_stream(str(report)) as write:
        write("{\n")
        raise KeyboardInterrupt
    assert report.read_text(encoding="utf-8") == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]  # no temporary file left
    with open_stream(str(report)) as write:
        write("new report\n")
    assert report.read_text(encoding="utf-8") == "new report\n"
    assert report.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("small", [0, 256])  # 0: every document through the standard encoder, in pieces
@pytest.mark.parametrize("piece", [1, 7, 1 << 16])
def test_a_document_written_in_pieces_is_the_same_bytes_as_dumped_whole(monkeypatch: pytest.MonkeyPatch, piece: int, small: int) -> None:
    monkeypatch.setattr(json_format, "_PIECE", piece)
    monkeypatch.setattr(json_format, "_SMALL_DOCUMENT", small)
    document = {
        "id": "a\nb", "target": "Le pont\u2028est fermé \udcff.", "score": 97.5, "mqm": -0.0, "words": 7, "path": None,
        "findings": [{"text": "«\tquote»", "suggestions": [], "confidence": 0.85, "evidence": {"scores": {}, "pair": (1, 2), "ok": True, "no": False}}],
        "segments": [{"token_surprisal": [[0, 3, 1.25e-07]], "notes": [[]]}],
        "kinds": [Severity.MAJOR, True, None, 2, -1.5, ["x", {"y": Severity.MINOR}]], "bool_is_no_int": {"a": True, "b": 1},
    }  # fmt: skip
    header = {"schema": "mtaudit.report/1"}
    expected = json.dumps({**header, "documents": [document, document]}, ensure_ascii=False, indent=2).replace("\udcff", "\\udcff") + "\n"
    assert "".join(json_format.render_chunks(header, [document, document])) == expected
    unusual = {**document, "score": float("nan")}  # left to the standard encoder: NaN
    assert "".join(json_format.render_chunks(header, [unusual])) == json.dumps({**header, "documents": [unusual]}, ensure_ascii=False, indent=2).replace("\udcff", "\\udcff") + "\n"


def test_streamed_text_in_colour_on_standard_output_is_the_same_bytes(tmp_path: Path) -> None:
    paths = batch(tmp_path)[:1]
    result = CliRunner().invoke(main, ["audit", *paths, "--color", "always"])
    assert result.exit_code == 0
    assert "\x1b[" in result.stdout
    assert result.stdout == render("text", audit_files(paths), colour=True)


def test_ids_are_renamed_across_files_and_the_last_file_keeps_only_what_it_renamed(tmp_path: Path) -> None:
    a = write_lines(tmp_path / "a.jsonl", [json.dumps(SEGMENTS[1]), json.dumps(SEGMENTS[2])])
    b = write_lines(tmp_path / "b.jsonl", [json.dumps(SEGMENTS[1]), json.dumps({**SEGMENTS[1], "id": "9"}), json.dumps(SEGMENTS[1])])
    context = ReadContext()
    ids = [d.id for d in iter_documents([str(a), str(b)], context)]
    assert ids == ["2", "3", f"{b}#2", "9", f"{b}#2"]
    assert set(context.seen_ids) == {"2", "3", f"{b}#2"}  # "9", of the last file, is not kept


@pytest.mark.parametrize("engine", ["serial", "local"])
def test_a_streamed_report_with_sources_lists_the_same_rules_as_the_whole_run(tmp_path: Path, engine: str) -> None:
    # the on-demand rules (paragraphs, with a source) must be known in pass 1, before the header
    segments = tmp_path / "pairs.jsonl"
    records = [
        {"id": f"p{i}", "target": f"The council met on {i + 3} May.", "source": f"Le conseil s'est réuni le {i + 3} mai.", "source_lang": "fr", "target_lang": "en"}
        for i in range(40)
    ]
    segments.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    streamed = CliRunner().invoke(main, ["audit", str(segments), "--format", "json", "--engine", engine])
    whole = json_format.render(audit_files(str(segments)))
    assert json.loads(streamed.stdout)["settings"] == json.loads(whole)["settings"]
    assert "source.missing-paragraph" in json.loads(whole)["settings"]["checks"]
    assert streamed.stdout == whole
