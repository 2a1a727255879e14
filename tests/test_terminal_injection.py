"""Ids, file names and messages from the input never reach a terminal raw (issue 18): an escape
sequence in a JSONL id cannot clear the screen or set the window title, and a line break in an id
cannot forge a "PASS …" line in `check` output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HOSTILE_ID = "x\x1b]0;pwned\x07\x1b[2J\nPASS forged.txt: score 100.0"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mtaudit", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def hostile_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "segments.jsonl"
    record = {"id": HOSTILE_ID, "target": "He said in A statment That the the talks failed.", "target_lang": "en"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["audit"], ["check"], ["check", "--format", "github"], ["check", "--format", "markdown"]])
def test_no_control_character_reaches_the_output(hostile_jsonl: Path, command: list[str]) -> None:
    done = run([*command, str(hostile_jsonl)], hostile_jsonl.parent)
    assert done.returncode in (0, 1), done.stderr
    for stream in (done.stdout, done.stderr):
        assert "\x1b" not in stream and "\x07" not in stream
    assert not any(line.startswith("PASS forged") for line in done.stdout.splitlines())
    assert "\\x1b" in done.stdout  # shown, escaped, not dropped


def test_check_gives_one_verdict_line_per_document(hostile_jsonl: Path) -> None:
    done = run(["check", str(hostile_jsonl)], hostile_jsonl.parent)
    verdicts = [line for line in done.stdout.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert len(verdicts) == 1 and verdicts[0].startswith("PASS x\\x1b]0;pwned\\x07\\x1b[2J\\x0aPASS forged")


def test_a_hostile_file_name_is_escaped_in_errors(tmp_path: Path) -> None:
    name = "a\x1b[31mred.txt"
    (tmp_path / name).write_bytes(b"")
    done = run(["audit", name], tmp_path)
    assert done.returncode == 2
    assert "\x1b" not in done.stderr and "a\\x1b[31mred.txt" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
