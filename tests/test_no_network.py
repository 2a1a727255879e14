"""No network unless asked (issue 15): the whole default audit runs with every socket connection
made to raise.

Each run is a fresh `python` process that first replaces `socket.socket.connect`,
`socket.socket.connect_ex`, `socket.create_connection` and `socket.getaddrinfo` with functions that
raise, and only then imports and runs the `mtaudit` command line — so no module can have kept a
reference to the real functions. The environment has no `HF_HUB_OFFLINE`/`TRANSFORMERS_OFFLINE`:
the audit must stay offline by itself, not because the test asked it to. A connection attempt
fails the run with a traceback naming it; the test also checks that the reports were written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT

GUARD = """
import socket, sys

def refuse(*args, **kwargs):
    raise OSError("network access attempted: " + repr(args[:2]))

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

from mtaudit.cli import main
sys.argv = ["mtaudit", *sys.argv[1:]]
main()
"""

SEGMENTS = [
    {"id": "1", "target": "The minister resigned on monday.", "source": "Le ministre a démissionné lundi.", "source_lang": "fr", "target_lang": "en"},
    {"id": "2", "target": "She wrote on twitter He told reporters the talks had failed.", "target_lang": "en"},
    {"id": "3", "target": "Der Bericht wurde im März veröffentlicht.", "target_lang": "de"},
]


def run_guarded(*args: str) -> subprocess.CompletedProcess[str]:
    """`mtaudit ARGS` in a fresh process whose socket connections raise."""
    env = {key: value for key, value in os.environ.items() if key not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-c", GUARD, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_the_guard_catches_a_connection() -> None:
    """The guard works: a connection attempt in the guarded process fails it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = GUARD.replace("from mtaudit.cli import main", "socket.create_connection(('127.0.0.1', 9))\nfrom mtaudit.cli import main")
    done = subprocess.run([sys.executable, "-c", code, "--version"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "network access attempted" in done.stderr


@pytest.mark.parametrize("lm", [None, "ngram"])
def test_the_default_audit_makes_no_connection(tmp_path: Path, lm: str | None) -> None:
    segments = tmp_path / "segments.jsonl"
    segments.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in SEGMENTS), encoding="utf-8")
    extra = ["--lm", lm] if lm else []
    report = tmp_path / "report.json"
    done = run_guarded("audit", str(EXAMPLE), str(segments), *extra, "--format", "json", "-o", str(report))
    assert done.returncode == 0, done.stderr
    assert "network access attempted" not in done.stderr
    documents = json.loads(report.read_text(encoding="utf-8"))["documents"]
    assert len(documents) == 4 and any(f["rule"] == "boundary.run-on" for d in documents for f in d["findings"])
    if lm:
        assert any(s["scores"].get("lm_logprob") for d in documents for s in d["segments"])
    pages = tmp_path / "pages"
    done = run_guarded("audit", str(EXAMPLE), str(segments), *extra, "--format", "html", "-o", str(pages))
    assert done.returncode == 0, done.stderr
    assert (pages / "index.html").exists() and len(list(pages.glob("*.html"))) == 5
