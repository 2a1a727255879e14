"""The Python API from `import mtaudit`, the cost of importing the CLI, and `serve` in the main group."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import mtaudit
from mtaudit.cli import main
from tests.conftest import EXAMPLE, needs_hunspell


def modules_loaded_by(code: str) -> set[str]:
    """The heavy modules a fresh interpreter holds after running `code`."""
    script = code + "\nimport sys\nprint(','.join(m for m in ('torch', 'transformers', 'starlette', 'uvicorn', 'mtaudit.pipeline') if m in sys.modules))\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(filter(None, result.stdout.strip().split(",")))


def test_audit_text_and_audit_files_from_the_package() -> None:
    needs_hunspell("en")  # the expected findings need the English dictionary
    result = mtaudit.audit_text("Mr. Zelensky wrote on twitter He told Mr Macron of the bombing.", target_lang="en")
    assert [(f.rule, f.text) for f in result.documents[0].findings][:1] == [("consistency.abbreviation", "Mr.")]
    files = mtaudit.audit_files(str(EXAMPLE), select=["markup"])
    assert [f.rule for f in files.documents[0].findings] == ["markup.metadata"]
    with pytest.raises(TypeError, match="did you mean 'select'"):
        mtaudit.audit_text("Text.", selct=["case"])
    with pytest.raises(AttributeError):
        mtaudit.no_such_function  # noqa: B018


def test_the_cli_audit_is_the_api_audit() -> None:
    cli = CliRunner().invoke(main, ["audit", str(EXAMPLE), "--format", "json"]).stdout
    from mtaudit.formats.json import render

    assert cli == render(mtaudit.audit_files([str(EXAMPLE)]))


def test_importing_is_cheap_and_help_loads_no_server() -> None:
    assert modules_loaded_by("import mtaudit") == set()
    loaded = modules_loaded_by(
        "from click.testing import CliRunner\nfrom mtaudit.cli import main\n"
        "r = CliRunner().invoke(main, ['--help'])\nassert r.exit_code == 0 and 'serve' in r.output, r.output\n"
    )
    assert loaded == set()
    loaded = modules_loaded_by(
        "from click.testing import CliRunner\nfrom mtaudit.cli import main\n"
        f"r = CliRunner().invoke(main, ['check', {str(EXAMPLE)!r}, '--format', 'sarif'])\nassert r.exit_code == 1, r.output\n"
    )
    assert not loaded & {"torch", "transformers", "starlette", "uvicorn"}


def test_serve_is_a_command_of_the_main_group() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output and "--workers" in result.output


def test_server_takes_its_defaults_from_the_folder_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mtaudit.server import engine

    monkeypatch.chdir(tmp_path)
    (tmp_path / "mtaudit.toml").write_text('fail-on = "critical"\nignore = ["consistency"]\n', encoding="utf-8")
    engine.config.cache_clear()
    try:
        request = engine.AuditRequest(target=EXAMPLE.read_text(encoding="utf-8"), name="article.txt", target_lang="en")
        result = engine.audit(request)
        rules = {f.rule for f in result.documents[0].findings}
        assert "markup.metadata" in rules and not any(r.startswith("consistency.") for r in rules)
        assert engine.gate(result)["pass"] is True  # fail-on critical, from the file
        assert engine.gate(result, "major")["pass"] is False
    finally:
        engine.config.cache_clear()


def test_server_rule_lists_refuse_or_skip_unknown_prefixes() -> None:
    from mtaudit.errors import InputError
    from mtaudit.server import engine

    assert engine.known_prefixes(("boundary.run-on", "MORFOLOGIK_RULE_EN_US", "typo", "typography")) == ("boundary.run-on", "typography")
    with pytest.raises(InputError, match="did you mean 'typography'"):
        engine.audit(engine.AuditRequest(target="The talks resumed in the the capital.", name="a.txt", target_lang="en", ignore=("typo",)))
