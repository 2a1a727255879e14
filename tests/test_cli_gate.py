"""The gate in real pipelines, from the command line: formats, colour, outputs, configuration,
rule prefixes and languages, glossary, names, inline suppressions, baselines, empty targets."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit.cli import main, use_colour
from tests.conftest import EXAMPLE, needs_hunspell

RUN_ON = "He wrote on twitter He told us that the talks would resume on Monday."
CLEAN = "The talks resumed in Geneva on Monday. Both sides said they were hopeful."


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def one_line_error(code: int, err: str) -> bool:
    return code == 2 and err.startswith("mtaudit: error: ") and err.count("\n") == 1 and "Traceback" not in err


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder (no configuration file above it is found first)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --------------------------------------------------------------------------- formats and colour


def test_check_speaks_every_format_and_keeps_the_exit_code() -> None:
    code, out, _ = run("check", str(EXAMPLE), "--format", "json")
    assert code == 1 and json.loads(out)["schema"] == "mtaudit.report/1"
    code, out, _ = run("check", str(EXAMPLE), "--format", "sarif")
    log = json.loads(out)
    assert code == 1 and log["version"] == "2.1.0"
    assert "markup.metadata" in [r["ruleId"] for r in log["runs"][0]["results"]]
    code, out, _ = run("check", str(EXAMPLE), "--format", "github")
    assert code == 1 and out.startswith("::error file=") and "title=markup.metadata (major)" in out
    code, out, _ = run("check", str(EXAMPLE), "--format", "junit")
    suite = ET.fromstring(out.split("\n", 1)[1]).find("testsuite")
    assert code == 1 and suite is not None and suite.get("failures") == "1"
    code, out, _ = run("check", str(EXAMPLE), "--format", "markdown")
    assert code == 1 and "mtaudit gate failed" in out
    code, out, _ = run("check", str(EXAMPLE), "--format", "markdown", "--fail-on", "critical")
    assert code == 0 and "mtaudit gate passed" in out


def test_audit_gets_the_ci_formats_too() -> None:
    for fmt, start in (("sarif", "{"), ("github", "::"), ("junit", "<?xml"), ("markdown", "❌")):
        code, out, _ = run("audit", str(EXAMPLE), "--format", fmt)
        assert code == 0 and out.startswith(start), fmt


def test_check_with_a_report_file_still_prints_the_verdict(tmp_path: Path) -> None:
    report = tmp_path / "mtaudit.sarif"
    code, out, _ = run("check", str(EXAMPLE), "--format", "sarif", "-o", str(report))
    assert code == 1 and out.startswith("FAIL ") and json.loads(report.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_colour_is_asked_for_or_left_out() -> None:
    code, out, _ = run("check", str(EXAMPLE), "--color", "always")
    assert code == 1 and "\x1b[" in out
    code, out, _ = run("audit", str(EXAMPLE), "--color", "always")
    assert "\x1b[" in out
    assert "\x1b[" not in run("audit", str(EXAMPLE), "--color", "never")[1]
    assert "\x1b[" not in run("audit", str(EXAMPLE), "--format", "json", "--color", "always")[1]


def test_auto_colour_follows_the_terminal_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour("auto", None) and use_colour("auto", "-")
    assert not use_colour("auto", "report.txt") and not use_colour("always", "report.txt")
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour("auto", None) and use_colour("always", None) and not use_colour("never", None)


# --------------------------------------------------------------------------- outputs


def test_dash_is_standard_output_and_mkdir_creates_folders(folder: Path) -> None:
    code, out, _ = run("audit", str(EXAMPLE), "--format", "json", "-o", "-")
    assert code == 0 and json.loads(out)["schema"] == "mtaudit.report/1" and not (folder / "-").exists()
    deep = folder / "a" / "b" / "report.json"
    code, _, err = run("audit", str(EXAMPLE), "--format", "json", "-o", str(deep))
    assert one_line_error(code, err) and "create it or pass --mkdir" in err and not (folder / "a").exists()
    assert run("audit", str(EXAMPLE), "--format", "json", "-o", str(deep), "--mkdir")[0] == 0
    assert json.loads(deep.read_text(encoding="utf-8"))["schema"] == "mtaudit.report/1"


def test_html_report_creates_its_own_folder_but_not_missing_parents(folder: Path) -> None:
    page = folder / "reports" / "article.html"
    assert run("audit", str(EXAMPLE), "--format", "html", "-o", str(page))[0] == 0 and page.exists()
    deeper = folder / "x" / "y" / "article.html"
    code, _, err = run("audit", str(EXAMPLE), "--format", "html", "-o", str(deeper))
    assert one_line_error(code, err) and not (folder / "x").exists()
    assert run("audit", str(EXAMPLE), "--format", "html", "-o", str(deeper), "--mkdir")[0] == 0 and deeper.exists()


# --------------------------------------------------------------------------- configuration


def test_configuration_file_and_command_line_precedence(folder: Path) -> None:
    (folder / "mtaudit.toml").write_text('fail-on = "critical"\nignore = ["consistency"]\n', encoding="utf-8")
    code, out, _ = run("check", str(EXAMPLE))
    assert code == 0 and out.startswith("PASS")  # the file's fail-on, not the option's default
    assert run("check", str(EXAMPLE), "--fail-on", "major")[0] == 1  # the command line wins
    code, out, _ = run("audit", str(EXAMPLE))
    assert "consistency." not in out and "boundary.run-on" in out
    code, out, _ = run("config")
    assert code == 0 and f'fail-on          = "critical"  # {folder / "mtaudit.toml"}' in out
    assert 'min-score        = (not set)  # default' in out


def test_config_option_names_another_file(folder: Path) -> None:
    other = folder / "strict.toml"
    other.write_text('fail-on = "minor"\n', encoding="utf-8")
    clean = folder / "clean.txt"
    clean.write_text(RUN_ON, encoding="utf-8")
    assert run("check", str(clean), "--target-lang", "en")[0] == 0  # one minor finding
    assert run("check", str(clean), "--target-lang", "en", "--config", str(other))[0] == 1
    code, _, err = run("check", str(clean), "--config", str(folder / "missing.toml"))
    assert one_line_error(code, err) and "no such configuration file" in err


def test_a_configuration_typo_is_one_line_naming_the_closest_key(folder: Path) -> None:
    (folder / "mtaudit.toml").write_text('fail_on = "minor"\n', encoding="utf-8")
    report = folder / "r.json"
    code, out, err = run("audit", str(EXAMPLE), "--format", "json", "-o", str(report))
    assert one_line_error(code, err) and "did you mean 'fail-on'?" in err
    assert out == "" and not report.exists()
    (folder / "mtaudit.toml").write_text('ignore = ["typo"]\n', encoding="utf-8")
    code, _, err = run("check", str(EXAMPLE))
    assert one_line_error(code, err) and "did you mean 'typography'?" in err


# --------------------------------------------------------------------------- rule prefixes and languages


def test_rule_prefixes_match_whole_components(folder: Path) -> None:
    text = folder / "dash.txt"
    text.write_text("It was closer -- 40000 years ago, the scientists said on Monday.", encoding="utf-8")
    findings = json.loads(run("audit", str(text), "--format", "json", "--target-lang", "en")[1])["documents"][0]["findings"]
    assert {f["rule"] for f in findings} >= {"typography.dash", "typography.digit-grouping"}
    for prefix in ("typography", "typography.", "typography.dash"):
        code, out, _ = run("audit", str(text), "--format", "json", "--target-lang", "en", "--ignore", prefix)
        left = {f["rule"] for f in json.loads(out)["documents"][0]["findings"]}
        assert code == 0 and "typography.dash" not in left, prefix
    code, out, err = run("check", str(text), "--ignore", "typo")
    assert one_line_error(code, err) and "--ignore typo: no rule id matches 'typo'; did you mean 'typography'?" in err
    code, _, err = run("check", str(text), "--select", "sourc.number")
    assert one_line_error(code, err) and "did you mean" in err


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [("--target-lang", "French", "did you mean 'fr'?"), ("--target-lang", "xx", "supported: af,"), ("--source-lang", "zz", "supported: af,")],
)
def test_unknown_language_codes_are_refused(option: str, value: str, hint: str) -> None:
    code, out, err = run("check", str(EXAMPLE), option, value)
    assert one_line_error(code, err) and f"{option}: {value!r} is not a supported language code" in err and hint in err
    assert out == ""


def test_region_subtags_are_accepted() -> None:
    assert run("check", str(EXAMPLE), "--target-lang", "en-GB", "--fail-on", "critical")[0] == 0


# --------------------------------------------------------------------------- glossary, names, suppressions


def test_glossary_flags_kiev_and_stays_out_of_default_reports(folder: Path) -> None:
    glossary = folder / "glossary.csv"
    glossary.write_text("Kiev,Kyiv\n", encoding="utf-8")
    report = json.loads(run("audit", str(EXAMPLE), "--format", "json", "--glossary", str(glossary))[1])
    [kiev] = [f for f in report["documents"][0]["findings"] if f["rule"] == "terminology.glossary"]
    assert kiev["text"] == "Kiev" and kiev["suggestions"] == ["Kyiv"]
    assert "terminology.glossary" in report["settings"]["checks"]
    plain = json.loads(run("audit", str(EXAMPLE), "--format", "json")[1])
    assert "terminology.glossary" not in plain["settings"]["checks"]
    (folder / "mtaudit.toml").write_text('glossary = "glossary.csv"\n', encoding="utf-8")
    assert "terminology.glossary" in run("audit", str(EXAMPLE))[1]
    glossary.write_text("term,forbidden\n,Kiev\n", encoding="utf-8")
    code, _, err = run("audit", str(EXAMPLE))
    assert one_line_error(code, err) and "row 2" in err


def test_known_names_are_never_flagged(folder: Path) -> None:
    needs_hunspell("en")  # the expected findings need the English dictionary
    text = folder / "names.txt"
    text.write_text("Later the charity Shelter said the talks went well.", encoding="utf-8")
    assert "boundary.run-on" in run("audit", str(text), "--target-lang", "en")[1]
    names = folder / "beat-names.txt"
    names.write_text("# our beat\nShelter\n", encoding="utf-8")
    code, out, _ = run("audit", str(text), "--target-lang", "en", "--names", str(names))
    assert code == 0 and "boundary.run-on" not in out


def test_inline_suppressions_in_markdown(folder: Path) -> None:
    page = folder / "page.md"
    page.write_text(f"# Talks\n\n{RUN_ON}\n", encoding="utf-8")
    assert "boundary.run-on" in run("audit", str(page), "--target-lang", "en")[1]
    page.write_text(f"# Talks\n\n<!-- mtaudit: ignore boundary -->\n{RUN_ON}\n", encoding="utf-8")
    assert "boundary.run-on" not in run("audit", str(page), "--target-lang", "en")[1]
    page.write_text(f"# Talks\n\n<!-- mtaudit: ignore bondary -->\n{RUN_ON}\n", encoding="utf-8")
    code, out, err = run("audit", str(page), "--target-lang", "en")
    assert code == 0 and "boundary.run-on" in out
    assert f"mtaudit: note: {page}: line 3: mtaudit: ignore bondary:" in err and "did you mean 'boundary" in err
    plain = folder / "page.txt"  # a comment in plain text is text, not a directive
    plain.write_text(f"<!-- mtaudit: ignore boundary -->\n{RUN_ON}\n", encoding="utf-8")
    assert "boundary.run-on" in run("audit", str(plain), "--target-lang", "en")[1]


# --------------------------------------------------------------------------- baseline


def test_baseline_lets_only_new_findings_fail(folder: Path) -> None:
    article = folder / "article.txt"
    article.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    baseline = folder / "baseline.json"
    code, _, err = run("check", str(article), "--write-baseline", str(baseline))
    assert code == 0 and f"wrote baseline {baseline}" in err
    assert json.loads(baseline.read_text(encoding="utf-8"))["schema"] == "mtaudit.baseline/1"
    code, out, _ = run("check", str(article), "--baseline", str(baseline))
    assert code == 0 and out.startswith("PASS")
    article.write_text("Breaking news from Paris.\n\n" + article.read_text(encoding="utf-8") + "\n\nThe talks resumed in the the capital.", encoding="utf-8")
    code, out, _ = run("check", str(article), "--baseline", str(baseline), "--fail-on", "minor")
    assert code == 1 and "typography.repeated-word" in out and "markup.metadata" not in out
    baseline.write_text('{"schema": "mtaudit.baseline/0"}', encoding="utf-8")
    code, out, err = run("check", str(article), "--baseline", str(baseline))
    assert one_line_error(code, err) and "write it again with --write-baseline" in err and out == ""


# --------------------------------------------------------------------------- empty targets


def test_an_empty_target_with_a_source_fails_the_gate(folder: Path) -> None:
    records = folder / "segments.jsonl"
    source = "Le ministre a annoncé la fermeture du pont."
    lines = [
        {"id": "empty", "target": "", "source": source},
        {"id": "blank", "target": "  ", "source": source, "target_lang": "en"},
        {"id": "done", "target": "The minister announced the closure of the bridge.", "source": source},
    ]
    records.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    code, out, _ = run("check", str(records))
    assert code == 1 and "FAIL empty:" in out and "FAIL blank:" in out and "PASS done:" in out
    report = json.loads(run("audit", str(records), "--format", "json")[1])
    empty = report["documents"][0]
    assert [(f["rule"], f["severity"], f["category"], f["start"], f["end"]) for f in empty["findings"]] == [
        ("source.empty-target", "critical", "accuracy/omission", 0, 0)
    ]
    assert empty["score"] < 50 and "source.empty-target" in report["settings"]["checks"]
    code, out, _ = run("explain", "source.empty-target")
    assert code == 0 and "**What it catches.**" in out



def test_xliff_with_a_changed_number_gives_sarif_and_fails(folder: Path) -> None:
    from tests.test_sarif import validate

    xliff = folder / "budget.xlf"
    xliff.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '  <file original="budget.html" source-language="fr" target-language="en" datatype="html"><body>\n'
        '    <trans-unit id="budget">\n'
        "      <source>Le budget de la ville atteint 15,2 millions d'euros cette année.</source>\n"
        '      <target state="translated">The city budget reaches 12.5 million euros this year.</target>\n'
        "    </trans-unit>\n"
        "  </body></file>\n"
        "</xliff>\n",
        encoding="utf-8",
    )
    code, out, _ = run("check", str(xliff), "--format", "sarif")
    log = json.loads(out)
    validate(log)
    results = log["runs"][0]["results"]
    assert code == 1 and [r["ruleId"] for r in results if r["ruleId"] == "source.number-mismatch"] == ["source.number-mismatch"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("/budget.xlf")
