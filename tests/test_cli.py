"""The command line: outputs, exit codes and every kind of bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit.cli import main
from tests.conftest import EXAMPLE


def run(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_audit_text_output_is_compiler_style() -> None:
    code, out, _ = run("audit", str(EXAMPLE))
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith(f"{EXAMPLE}:1:2: major markup.metadata ")
    assert "→" in out
    assert out.splitlines()[-1].startswith("1 document, ")


def test_audit_json_keeps_the_contract(tmp_path: Path) -> None:
    # Determinism across processes and hash seeds is tests/test_goldens.py's: two runs in one
    # process would share every cache and set order, and prove nothing.
    out1 = tmp_path / "a.json"
    assert run("audit", str(EXAMPLE), "--format", "json", "-o", str(out1))[0] == 0
    report = json.loads(out1.read_text(encoding="utf-8"))
    assert report["schema"] == "mtaudit.report/1"
    assert report["tool"]["name"] == "mtaudit"
    [doc] = report["documents"]
    target = EXAMPLE.read_text(encoding="utf-8")
    assert doc["target_lang"] == "en" and doc["source_lang"] is None
    assert 0 <= doc["score"] <= 100 and doc["mqm"] <= 0
    for finding in doc["findings"]:
        assert finding["text"] == target[finding["start"] : finding["end"]]
        assert finding["severity"] in ("minor", "major", "critical")
        assert 0 <= finding["confidence"] <= 1
    for segment in doc["segments"]:
        assert target[segment["start"] : segment["end"]].strip() == target[segment["start"] : segment["end"]]
    keys = [(f["start"], f["rule"]) for f in doc["findings"]]
    assert keys == sorted(keys)


def test_jsonl_input_and_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "segments.jsonl"
    good = {"id": "a/1", "target": "It was closer -- 40000 years ago.", "source": "Il était plus proche.", "extra": 1}
    path.write_text(json.dumps(good) + "\n{not json}\n" + json.dumps({"id": "a/2", "target": "Fine text here."}) + "\n", encoding="utf-8")
    code, out, err = run("audit", str(path), "--format", "json")
    assert code == 2
    assert f"{path}:2:" in err and "Traceback" not in err
    report = json.loads(out)
    assert [d["id"] for d in report["documents"]] == ["a/1", "a/2"]
    assert report["documents"][0]["path"] is None


def test_directory_is_searched_recursively(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("The talks resumed in the the capital.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Title\n\nAll is well here.", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    code, out, _ = run("audit", str(tmp_path), "--format", "json", "--target-lang", "en")
    assert code == 0
    assert sorted(Path(d["id"]).name for d in json.loads(out)["documents"]) == ["a.txt", "b.md"]


def test_stdin() -> None:
    code, out, _ = run("audit", "-", "--target-lang", "en", stdin="The talks resumed in the the capital.")
    assert code == 0 and "<stdin>:1:" in out and "typography.repeated-word" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ],
)
def test_bad_files_give_one_line_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    code, out, err = run("audit", str(path))
    assert code == 2
    assert message in err and str(path) in err
    assert len(err.strip().splitlines()) == 1
    assert out == ""


def test_missing_file_and_empty_directory(tmp_path: Path) -> None:
    code, _, err = run("audit", str(tmp_path / "nope.txt"))
    assert code == 2 and "no such file" in err
    code, _, err = run("audit", str(tmp_path))
    assert code == 2 and "no .txt" in err


def test_non_utf8_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le ministre a déclaré à la presse que les négociations continueraient la semaine prochaine à Genève.".encode("latin-1"))
    code, out, _ = run("audit", str(path), "--format", "json")
    assert code == 0
    assert json.loads(out)["documents"][0]["target_lang"] == "fr"


def test_inputs_are_never_written(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("The talks resumed in the the capital.", encoding="utf-8")
    before = path.read_bytes()
    code, _, err = run("audit", str(path), "--format", "json", "-o", str(tmp_path / "out" / "r.json"))
    assert code == 2 and "create it or pass --mkdir" in err and not (tmp_path / "out").exists()
    assert run("audit", str(path), "--format", "json", "--mkdir", "-o", str(tmp_path / "out" / "r.json"))[0] == 0
    assert path.read_bytes() == before
    assert (tmp_path / "out" / "r.json").exists()


def test_unwritable_output_leaves_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run("audit", str(EXAMPLE), "--format", "json", "-o", str(blocker / "r.json"))
    assert code == 2 and "not a folder" in err and err.count("\n") == 1
    assert blocker.read_text(encoding="utf-8") == "x"


def test_check_gate_exit_codes(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("The talks resumed in Geneva on Monday. Both sides said they were hopeful.", encoding="utf-8")
    code, out, _ = run("check", str(clean), "--target-lang", "en")
    assert code == 0 and out.startswith("PASS")
    code, out, _ = run("check", str(EXAMPLE))
    assert code == 1 and out.startswith("FAIL") and "markup.metadata" in out
    code, _, _ = run("check", str(EXAMPLE), "--fail-on", "critical")
    assert code == 0
    code, out, _ = run("check", str(EXAMPLE), "--fail-on", "critical", "--min-score", "99")
    assert code == 1 and "below 99" in out
    assert run("check", str(tmp_path / "missing.txt"))[0] == 2
    assert run("check", str(clean), "--fail-on", "bogus")[0] == 2


def test_rules_and_explain() -> None:
    code, out, _ = run("rules")
    assert code == 0 and "case.mid-sentence-capital" in out and "fluency/spelling" in out
    code, out, _ = run("explain", "boundary.run-on")
    assert code == 0 and "**What it catches.**" in out and "**Examples** (from the rule's test table)" in out
    code, _, err = run("explain", "run-on")
    assert code == 2 and "boundary.run-on" in err


def test_source_with_several_targets_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One text here.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Another text here.", encoding="utf-8")
    code, _, err = run("audit", str(tmp_path), "--source", str(tmp_path / "a.txt"))
    assert code == 2 and "exactly one target" in err


def test_default_audit_does_not_import_torch() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from mtaudit.cli import main\n"
        f"r = CliRunner().invoke(main, ['audit', {str(EXAMPLE)!r}, '--format', 'json'])\n"
        "assert r.exit_code == 0, r.output\n"
        "heavy = [m for m in ('torch', 'transformers') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
