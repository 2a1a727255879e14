"""The pre-commit hooks of `.pre-commit-hooks.yaml`, run for real with `pre-commit try-repo`.

`mtaudit-check-system` runs the `mtaudit` on PATH, so the test works offline: PATH starts with a
folder holding an `mtaudit` that runs this tree with this interpreter. (`mtaudit-check`, with
`language: python`, would have pre-commit pip-install the repository from the package index.)
try-repo clones this repository (with its uncommitted changes) into a temporary pre-commit home.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BAD = "date 2022-02-20 The minister wrote on twitter He told reporters that he would not resign.\n"
CLEAN = "The minister said on Monday that the talks would resume next week in Geneva.\n"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed (pip install '.[test]')"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not (ROOT / ".git").exists(), reason="this tree is not a git checkout: try-repo needs one"),
]


def test_the_hooks_file_declares_both_hooks() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["mtaudit-check"]["language"] == "python" and hooks["mtaudit-check-system"]["language"] == "system"
    assert hooks["mtaudit-check"]["entry"] == hooks["mtaudit-check-system"]["entry"] == "mtaudit check"


def try_repo(tmp_path: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo ROOT mtaudit-check-system --files FILES` in a fresh git repository."""
    work = tmp_path / "site"
    if not work.exists():
        work.mkdir()
        (work / "bad.txt").write_text(BAD, encoding="utf-8")
        (work / "clean.txt").write_text(CLEAN, encoding="utf-8")
        subprocess.run(["git", "init", "-q"], cwd=work, check=True)
        subprocess.run(["git", "add", "bad.txt", "clean.txt"], cwd=work, check=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    launcher = bin_dir / "mtaudit"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m mtaudit "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "NO_COLOR": "1",
    }
    command = ["pre-commit", "try-repo", str(ROOT), "mtaudit-check-system", "--verbose", "--color", "never", "--files", *files]
    return subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=300)


def test_try_repo_fails_a_bad_file_and_passes_a_clean_one(tmp_path: Path) -> None:
    bad = try_repo(tmp_path, "bad.txt")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "FAIL bad.txt" in bad.stdout and "major markup.metadata" in bad.stdout
    clean = try_repo(tmp_path, "clean.txt")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "PASS clean.txt" in clean.stdout and "Passed" in clean.stdout
