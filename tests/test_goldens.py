"""Golden reports: the JSON and text output of the fixtures, byte for byte, from fresh processes.

A changed score, MQM value, confidence, suggestion, message or `line:col` shows up here as a diff
against `tests/goldens/`. When the change is meant, write the goldens anew with

    python tests/goldens/regenerate.py

and review the diff (docs/testing.md). Each run is a fresh interpreter under its own
`PYTHONHASHSEED`: output that depended on set or dict order of strings would differ between seeds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import needs_hunspell
from tests.goldens.regenerate import CASES, EXIT_CODES, FORMATS, LANGUAGES, ROOT, environment, format_exit_codes, golden_path, run


@pytest.fixture(autouse=True)
def dictionaries() -> None:
    for lang in LANGUAGES:
        needs_hunspell(lang)


def assert_goldens(out: Path, codes: dict[str, int]) -> None:
    differing = [
        golden_path(case, fmt).name for case in CASES for fmt in FORMATS if golden_path(case, fmt).read_bytes() != (out / f"{case}.{fmt}").read_bytes()
    ]
    assert not differing, f"output differs from the goldens: {differing}; if meant, run `python tests/goldens/regenerate.py` and review the diff"
    assert format_exit_codes(codes) == EXIT_CODES.read_text(encoding="utf-8")


@pytest.mark.parametrize("seed", [0, pytest.param(1, marks=pytest.mark.slow), 12345])
def test_every_golden_in_a_fresh_process(seed: int, tmp_path: Path) -> None:
    assert_goldens(tmp_path, run(seed, tmp_path))


def test_the_module_entry_point_prints_the_golden_text() -> None:
    # `python -m mtaudit audit` to standard output, as a user runs it: the same bytes as `-o`.
    args = CASES["council-notes-md"]
    done = subprocess.run(
        [sys.executable, "-m", "mtaudit", "audit", *args, "--color", "never"], cwd=ROOT, env=environment(1), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == golden_path("council-notes-md", "txt").read_bytes()


def test_goldens_cover_scores_mqm_and_line_starts() -> None:
    # What the goldens are for: a document's score and MQM value, and findings at the first
    # column of a line of multi-line input, are pinned.
    report = json.loads(golden_path("council-notes-md", "json").read_text(encoding="utf-8"))
    [document] = report["documents"]
    assert document["score"] < 100 and document["mqm"] < 0
    text = golden_path("council-notes-md", "txt").read_text(encoding="utf-8")
    assert ":5:1: minor case.sentence-start-lowercase" in text
    assert "recieve" not in text and "teh" not in text  # Markdown code is not audited
    assert text.endswith("mean score " + f"{document['score']:.1f}\n")
    formats = golden_path("formats", "txt").read_text(encoding="utf-8").splitlines()[-1]
    assert formats.startswith("23 documents, ")


def test_the_environment_of_a_golden_run_hides_the_users_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", "/somewhere/else")
    monkeypatch.setenv("MTAUDIT_SERVE_SETTINGS", "{}")
    env = environment(7)
    assert env["PYTHONHASHSEED"] == "7" and env["MTAUDIT_CACHE_DIR"] != "/somewhere/else"
    assert "MTAUDIT_SERVE_SETTINGS" not in env
    assert os.path.basename(env["HF_HOME"]) == "hf"
