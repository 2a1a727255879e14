"""The engines give the documents `audit()` gives, whatever the partitioning; JSONL results,
streaming, `--resume` and the progress line."""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit.cli import main
from mtaudit.engines import EngineOptions, in_order
from mtaudit.engines.run import Inputs, Progress, run_engine
from mtaudit.formats import jsonl
from mtaudit.pipeline import AuditOptions, audit, audit_batch, audit_document, case_votes, document_votes, prepare, run_votes
from mtaudit.readers import ReadContext, iter_documents
from mtaudit.records import DocumentResult
from tests.engine_data import write_segments

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "fixtures" / "example-fr-en-news.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def _csv_limit() -> object:
    """The CSV reader raises the `csv` module's process-wide field limit when it reads a
    spreadsheet (the fixtures folder has one); restored so that tests run later see the default."""
    limit = csv.field_size_limit()
    yield
    csv.field_size_limit(limit)


@pytest.fixture
def segments(tmp_path: Path) -> Path:
    return write_segments(tmp_path / "segments.jsonl")


def documents_of(path: Path) -> list:
    return list(iter_documents([str(path)], ReadContext()))


def test_run_votes_are_the_votes_audit_gives_every_context(segments: Path) -> None:
    docs = documents_of(segments)
    options = AuditOptions()
    votes = run_votes(docs, options)
    assert votes == case_votes([prepare(d, options) for d in docs])
    # the run's votes are not one document's: the test below would catch a per-batch vote
    assert votes != document_votes(docs[0], options) and votes["twitter"] == 2 and votes["Twitter"] == 1


@pytest.mark.parametrize("size", [1, 2, 5, 100])
def test_any_batching_gives_the_documents_of_one_run(segments: Path, size: int) -> None:
    docs = documents_of(segments)
    options = AuditOptions()
    whole = audit(docs, options)
    votes = run_votes(docs, options)
    batched = [r for start in range(0, len(docs), size) for r in audit_batch(docs[start : start + size], options, votes).documents]
    assert [r.to_dict() for r in batched] == [r.to_dict() for r in whole.documents]
    assert audit_document(docs[0], options, votes).to_dict() == whole.documents[0].to_dict()
    # the empty translation is found in any batch, and listed in the settings only where needed
    empty = next(r for r in batched if r.document.id == "p3")
    assert [f.rule for f in empty.findings] == ["source.empty-target"]
    assert "source.empty-target" in whole.settings.checks
    assert "source.empty-target" not in audit_batch(docs[:1], options, votes).settings.checks


def _engine_lines(path: Path, engine: str, jobs: int | None, batch_size: int) -> list[str]:
    found: list[DocumentResult] = []
    run_engine(Inputs((str(path),)), AuditOptions(), EngineOptions(engine, jobs, batch_size), found.append, progress=False)
    return [jsonl.line(d) for d in found]


def test_serial_and_local_pool_with_one_and_two_jobs_agree_line_for_line(tmp_path: Path) -> None:
    path = write_segments(tmp_path / "many.jsonl", copies=3)
    expected = [json.dumps(d, ensure_ascii=False) + "\n" for d in audit(documents_of(path)).to_dict()["documents"]]
    assert _engine_lines(path, "serial", None, 4) == expected
    assert _engine_lines(path, "local", 1, 3) == expected
    assert _engine_lines(path, "local", 2, 5) == expected


def test_folder_on_the_local_pool_equals_the_json_report(tmp_path: Path) -> None:
    folder = ROOT / "fixtures"
    code, out, _ = run("audit", str(folder), "--format", "json", "--engine", "serial", "--target-lang", "en")
    code_pool, out_pool, _ = run("audit", str(folder), "--format", "json", "--engine", "local", "--jobs", "2", "--batch-size", "2", "--target-lang", "en")
    legacy = CliRunner().invoke(main, ["audit", str(folder), "--format", "json", "--target-lang", "en"])
    assert code == code_pool == legacy.exit_code
    assert out == out_pool == legacy.stdout


def test_jsonl_format_is_the_json_reports_documents_one_per_line(segments: Path, tmp_path: Path) -> None:
    code_json, out_json, _ = run("audit", str(segments), "--format", "json")
    code, _, err = run("audit", str(segments), "--format", "jsonl", "-o", str(tmp_path / "r.jsonl"))
    assert code == code_json == 0
    lines = (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()
    entries = json.loads(out_json)["documents"]
    assert [json.loads(line) for line in lines] == entries
    assert lines == [json.dumps(entry, ensure_ascii=False) for entry in entries]
    assert "12 documents audited" in err and "documents/s" in err
    assert "\r" not in err  # no progress line when standard error is not a terminal


def test_jsonl_is_written_line_by_line_as_documents_finish(segments: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    sink = jsonl.JsonlSink(str(out))
    on_disk: list[int] = []

    def write(document: DocumentResult) -> None:
        sink.write(document)
        on_disk.append(len(out.read_text(encoding="utf-8").splitlines()))

    run_engine(Inputs((str(segments),)), AuditOptions(), EngineOptions("serial", batch_size=5), write, progress=False)
    sink.close()
    assert on_disk == list(range(1, 13))


def test_in_order_keeps_a_bounded_window_and_the_input_order() -> None:
    consumed = 0
    submitted: list[int] = []

    def items():
        nonlocal consumed
        for i in range(1000):
            consumed = i + 1
            yield i

    results = []
    for value in in_order(lambda i: submitted.append(i) or i * 2, lambda f: f, items(), window=4):
        assert consumed - len(results) <= 4  # never more than the window read ahead
        results.append(value)
    assert results == [2 * i for i in range(1000)]


def test_resume_completes_an_interrupted_run(segments: Path, tmp_path: Path) -> None:
    full = tmp_path / "full.jsonl"
    assert run("audit", str(segments), "--format", "jsonl", "-o", str(full))[0] == 0
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = tmp_path / "cut.jsonl"  # five documents done, the sixth cut short mid-line
    cut.write_text("".join(lines[:5]) + lines[5][:40], encoding="utf-8")
    code, _, err = run("audit", str(segments), "--format", "jsonl", "-o", str(cut), "--resume", "--engine", "local", "--jobs", "2", "--batch-size", "2")
    assert code == 0
    assert cut.read_text(encoding="utf-8") == full.read_text(encoding="utf-8")
    assert "7 documents audited (5 already in the results, skipped)" in err
    # a finished run resumed again audits nothing
    code, _, err = run("audit", str(segments), "--format", "jsonl", "-o", str(cut), "--resume")
    assert code == 0 and "0 documents audited (12 already" in err and cut.read_text(encoding="utf-8") == full.read_text(encoding="utf-8")


def test_interrupted_run_keeps_finished_lines_and_says_how_to_resume(segments: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "r.jsonl"
    real_write = jsonl.JsonlSink.write

    def write_then_stop(self: jsonl.JsonlSink, document: DocumentResult) -> None:
        real_write(self, document)
        if self.count == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(jsonl.JsonlSink, "write", write_then_stop)
    code, _, err = run("audit", str(segments), "--format", "jsonl", "-o", str(out), "--engine", "serial")
    assert code == 130
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert err.strip().splitlines()[-1] == f"mtaudit: error: interrupted; the 3 documents finished are in {out}: run again with --resume to finish"


def test_resume_needs_jsonl_into_a_file_and_refuses_other_files(segments: Path, tmp_path: Path) -> None:
    code, _, err = run("audit", str(segments), "--format", "json", "-o", str(tmp_path / "r.json"), "--resume")
    assert code == 2 and err.startswith("mtaudit: error: --resume needs --format jsonl and -o FILE")
    other = tmp_path / "notes.jsonl"
    other.write_text("a shopping list\n", encoding="utf-8")
    code, _, err = run("audit", str(segments), "--format", "jsonl", "-o", str(other), "--resume")
    assert code == 2 and err == f"mtaudit: error: {other}:1: is not a line of mtaudit JSONL results; resume only into a file that --format jsonl wrote\n"
    assert other.read_text(encoding="utf-8") == "a shopping list\n"


def test_engine_reports_unreadable_lines_and_still_audits_the_others(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "a", "target": "The minister spoke on twitter He left."}\n{not json}\n', encoding="utf-8")
    code, _, err = run("audit", str(path), "--format", "jsonl", "-o", str(tmp_path / "r.jsonl"))
    assert code == 2
    assert f"mtaudit: error: {path}:2: not valid JSON" in err
    assert len((tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def test_standard_input_is_buffered_and_audited(segments: Path) -> None:
    result = CliRunner().invoke(main, ["audit", "-", "--input-format", "jsonl", "--format", "jsonl"], input=segments.read_text(encoding="utf-8"))
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [d.id for d in documents_of(segments)]


def test_progress_line_shows_rate_and_eta() -> None:
    stream = io.StringIO()
    bar = Progress(10, stream)
    bar.update(4)
    bar.update(6)
    bar.finish()
    text = stream.getvalue()
    assert text.startswith("\r4/10 documents") and "docs/s" in text and "ETA" in text and "\r10/10 documents" in text


def test_ray_engine_without_ray_is_a_one_line_error(segments: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_ray(name: str, *args: object, **kwargs: object) -> object:
        if name == "ray" or name.startswith("ray."):
            raise ImportError("No module named 'ray'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    code, _, err = run("audit", str(segments), "--engine", "ray")
    assert code == 2 and err == "mtaudit: error: --engine ray needs Ray; install it with pip install 'mtaudit[ray]'\n"


def test_votes_are_summed_not_taken_from_one_batch(segments: Path) -> None:
    docs = documents_of(segments)
    assert sum((document_votes(d, AuditOptions()) for d in docs), Counter()) == run_votes(docs)


def test_html_pages_and_index_from_the_pool_equal_the_one_process_report(segments: Path, tmp_path: Path) -> None:
    code, _, _ = run("audit", str(segments), "--format", "html", "-o", str(tmp_path / "one"), "--engine", "serial")
    code_pool, _, _ = run("audit", str(segments), "--format", "html", "-o", str(tmp_path / "pool"), "--engine", "local", "--jobs", "2", "--batch-size", "3")
    legacy = CliRunner().invoke(main, ["audit", str(segments), "--format", "html", "-o", str(tmp_path / "legacy")])
    assert code == code_pool == legacy.exit_code == 0
    pages = sorted(p.name for p in (tmp_path / "legacy").iterdir())
    assert "index.html" in pages and len(pages) == 13
    for name in pages:
        expected = (tmp_path / "legacy" / name).read_bytes()
        assert (tmp_path / "one" / name).read_bytes() == expected
        assert (tmp_path / "pool" / name).read_bytes() == expected


def test_standard_input_problems_are_reported_by_the_engines(segments: Path) -> None:
    text = segments.read_text(encoding="utf-8") + "{not json}\n"
    result = CliRunner().invoke(main, ["audit", "-", "--input-format", "jsonl", "--format", "jsonl", "--engine", "serial"], input=text)
    assert result.exit_code == 2
    assert "mtaudit: error: <stdin>:13: not valid JSON" in result.stderr
    assert len(result.stdout.splitlines()) == 12


def test_reading_options_hold_in_both_passes(tmp_path: Path) -> None:
    sheet = ROOT / "fixtures" / "formats" / "pairs.csv"
    args = [str(sheet), "--columns", "target,source", "--source-lang", "en", "--target-lang", "fr"]
    code, out, _ = run("audit", *args, "--format", "json")
    code_jsonl, _, _ = run("audit", *args, "--format", "jsonl", "--engine", "local", "--jobs", "2", "--batch-size", "1", "-o", str(tmp_path / "r.jsonl"))
    assert code == code_jsonl
    entries = json.loads(out)["documents"]
    assert entries and entries[0]["target_lang"] == "fr"
    assert [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()] == entries


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="--engine auto takes the pool only on a machine with more than one CPU")
def test_auto_takes_the_pool_only_for_an_input_worth_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of a few batches is audited in this process; the same file takes the local pool
    when it reaches `LOCAL_MIN_BYTES`, or when --jobs asks for workers."""
    import mtaudit.cli

    segments = write_segments(tmp_path / "segments.jsonl", copies=12)
    args = ("audit", str(segments), "--format", "jsonl", "--batch-size", "4", "-o", str(tmp_path / "r.jsonl"))
    assert "on 1 serial worker" in run(*args)[2]
    assert "on 2 local workers" in run(*args, "--jobs", "2")[2]
    monkeypatch.setattr(mtaudit.cli, "LOCAL_MIN_BYTES", segments.stat().st_size)
    assert "local workers" in run(*args)[2]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="--engine auto takes the pool only on a machine with more than one CPU")
def test_auto_takes_the_pool_for_a_smaller_input_only_on_idle_cores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From `LOCAL_IDLE_MIN_BYTES` the pool is taken while the machine has `IDLE_CPUS` to spare,
    not while its cores are busy; either way the report is the same."""
    import mtaudit.cli

    segments = write_segments(tmp_path / "segments.jsonl", copies=12)
    monkeypatch.setattr(mtaudit.cli, "LOCAL_IDLE_MIN_BYTES", segments.stat().st_size)
    args = ("audit", str(segments), "--format", "jsonl", "--batch-size", "4")
    monkeypatch.setattr(mtaudit.cli, "idle_cpus", lambda: mtaudit.cli.IDLE_CPUS - 0.1)
    busy = run(*args, "-o", str(tmp_path / "busy.jsonl"))
    assert "on 1 serial worker" in busy[2]
    monkeypatch.setattr(mtaudit.cli, "idle_cpus", lambda: mtaudit.cli.IDLE_CPUS)
    idle = run(*args, "-o", str(tmp_path / "idle.jsonl"))
    assert "local workers" in idle[2]
    assert (tmp_path / "idle.jsonl").read_bytes() == (tmp_path / "busy.jsonl").read_bytes()
    monkeypatch.setattr(mtaudit.cli, "LOCAL_IDLE_MIN_BYTES", segments.stat().st_size + 1)  # one byte short
    assert "on 1 serial worker" in run(*args, "-o", str(tmp_path / "short.jsonl"))[2]


def test_idle_cpus_is_the_cpu_count_less_the_load(monkeypatch: pytest.MonkeyPatch) -> None:
    from mtaudit.cli import idle_cpus

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.75, 3.0, 9.0))
    assert idle_cpus() == 1.25  # the one-minute figure counts
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert idle_cpus() == 0.25  # pinned to one CPU (taskset -c 0): none to spare for a pool
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})

    def no_load_average() -> tuple[float, float, float]:
        raise OSError("no load average here")

    monkeypatch.setattr(os, "getloadavg", no_load_average)
    assert idle_cpus() == 2.0  # a platform without a load average: every CPU counts as idle


def test_serial_engine_tokenises_a_kept_input_once_with_the_same_results(segments: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An input kept in memory (smaller than `KEEP_BYTES`) gives pass 2 the documents of pass 1:
    each target is segmented and tokenised once in the run, and the lines are those of an input
    read twice (`KEEP_BYTES` 0), which tokenises every target in both passes."""
    import mtaudit.engines.run as run_module
    import mtaudit.pipeline as pipeline

    made: list[str] = []
    tokenise = pipeline.target_words

    def counted(document, options):  # type: ignore[no-untyped-def]
        made.append(document.id)
        return tokenise(document, options)

    monkeypatch.setattr(pipeline, "target_words", counted)
    kept = _engine_lines(segments, "serial", None, 5)
    once = list(made)
    made.clear()
    monkeypatch.setattr(run_module, "KEEP_BYTES", 0)
    read_twice = _engine_lines(segments, "serial", None, 5)
    ids = [json.loads(line)["id"] for line in read_twice]
    assert kept == read_twice
    assert sorted(once) == sorted(ids) and sorted(made) == sorted(ids + ids)


def test_kept_words_answer_only_for_the_same_document_object_within_the_budget() -> None:
    from mtaudit.pipeline import KeptWords, target_words
    from mtaudit.records import Document

    options = AuditOptions()
    first = Document("a", "The bridge is closed since Monday.", target_lang="en")
    second = Document("b", "The minister resigned last night in Paris.", target_lang="en")
    kept = KeptWords(budget=len(first.target))
    kept.keep(first, target_words(first, options))
    kept.keep(second, target_words(second, options))  # beyond the budget: not kept
    assert kept.take(Document("a", first.target, target_lang="en")) is None  # an equal document, not the same object
    assert kept.take(second) is None
    first_words = kept.take(first)
    assert first_words is not None and [t.text for t in first_words.tokens][:3] == ["The", "bridge", "is"]
    assert kept.take(first) is None  # forgotten once taken
