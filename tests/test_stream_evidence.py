"""Model evidence streams (issue 15): pass 1 computes the run-wide evidence lines (the
`lm.surprisal` threshold and spread) over every batch, pass 2 audits each batch with them, so a
streamed report with `--lm ngram` is the whole run's, whatever the batch size."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit.api import audit_files
from mtaudit.cli import main
from mtaudit.engines import batched
from mtaudit.engines.base import EvidenceTally, with_run_lines
from mtaudit.evidence.gather import gather_evidence
from mtaudit.formats import render
from mtaudit.formats.verdicts import verdict_text
from mtaudit.gate import Gate
from mtaudit.options import AuditOptions, EvidenceOptions
from mtaudit.pipeline import prepare
from mtaudit.records import Document, Severity

TEXTS = [
    "The minister resigned on Monday after the vote in parliament.",
    "The bridge was closed for repairs on Tuesday morning.",
    "The goverment said it had recieved the letter form the union.",
    "She wrote on twitter He told reporters the talks had failed.",
    "Zygomorphic quokkas perambulate syzygies obstreperously near the fjord.",
    "Recalcitrant ptarmigans circumnavigate the fjord quixotically at dawn.",
]


def segments(tmp_path: Path) -> str:
    path = tmp_path / "s.jsonl"
    path.write_text("".join(json.dumps({"id": str(i), "target": t, "target_lang": "en"}) + "\n" for i, t in enumerate(TEXTS)), encoding="utf-8")
    return str(path)


def test_pass_one_gives_every_batch_the_whole_runs_surprisal_threshold(tmp_path: Path) -> None:
    options = AuditOptions(evidence=EvidenceOptions(lm="ngram", cache_dir=str(tmp_path)))
    documents = [Document(str(i), text, target_lang="en") for i, text in enumerate(TEXTS)]
    contexts = [prepare(d, options) for d in documents]
    whole = gather_evidence(contexts, options.evidence).evidence[0]
    first_batch = gather_evidence(contexts[:2], options.evidence).evidence[0]
    assert whole is not None and first_batch is not None
    assert first_batch.surprisal_threshold != whole.surprisal_threshold  # a batch alone would differ
    tally = EvidenceTally()
    assert list(tally.watch(batched(documents, 2), options)) == list(batched(documents, 2))  # the batches pass unchanged
    lines = tally.lines()
    assert (lines.surprisal_threshold, lines.surprisal_spread) == (whole.surprisal_threshold, whole.surprisal_spread)
    streamed = with_run_lines(gather_evidence, lines)(contexts[:2], options.evidence).evidence[0]
    assert streamed is not None and streamed.surprisal_threshold == whole.surprisal_threshold


@pytest.mark.parametrize(("fmt", "engine"), [("json", "serial"), ("json", "local"), ("sarif", "serial"), ("text", "local")])
def test_a_streamed_report_with_an_lm_is_the_whole_runs(tmp_path: Path, fmt: str, engine: str) -> None:
    path = segments(tmp_path)
    whole = render(fmt, audit_files(path, lm="ngram", cache_dir=str(tmp_path / "cache")), gate=Gate())
    result = CliRunner().invoke(main, ["audit", path, "--lm", "ngram", "--cache-dir", str(tmp_path / "cache"), "--format", fmt, "--engine", engine, "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert result.stdout == whole
    if fmt == "json":
        assert json.loads(whole)["settings"]["lm"] == "ngram" and "lm.surprisal" in json.loads(whole)["settings"]["checks"]


def test_check_with_an_lm_streams_the_whole_runs_verdicts(tmp_path: Path) -> None:
    path = segments(tmp_path)
    whole = audit_files(path, lm="ngram")
    result = CliRunner().invoke(main, ["check", path, "--lm", "ngram", "--fail-on", "minor"])
    assert result.stdout == verdict_text(whole.documents, Gate(Severity.MINOR))
    assert result.exit_code == 1
