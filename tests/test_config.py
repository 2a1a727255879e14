"""Configuration files: discovery, precedence, provenance, and one-line errors with the closest key."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.config import Config, ConfigError, apply_config, describe, effective_config, find_config_file
from mtaudit.pipeline import AuditOptions, audit
from mtaudit.records import Document, Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_found_from_a_subfolder_and_overridden_by_the_command_line(tmp_path: Path) -> None:
    project = write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "newsroom"\n\n[tool.mtaudit]\nfail-on = "minor"\nselect = ["case", "spelling"]\n'
        'glossary = "style/glossary.csv"\nseverity = { "spelling.typo" = "major" }\ntarget-lang = "en"\n',
    )
    folder = tmp_path / "articles" / "2024"
    folder.mkdir(parents=True)
    config = effective_config({"fail_on": "critical", "min_score": 80.0, "select": (), "source_lang": None}, folder)
    assert config.file == str(project)
    assert config.fail_on is Severity.CRITICAL and config.sources["fail-on"] == "command line"
    assert config.select == ("case", "spelling") and config.sources["select"] == str(project)  # an empty CLI tuple is "not given"
    assert config.min_score == 80.0 and config.target_lang == "en" and config.source_lang is None
    assert config.glossary == str(tmp_path / "style" / "glossary.csv")  # relative to the file that names it
    assert config.severity_of("spelling.typo", Severity.MINOR) is Severity.MAJOR
    assert config.severity_of("case.mid-sentence-capital", Severity.MINOR) is Severity.MINOR


def test_mtaudit_toml_wins_and_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / "mtaudit.toml", 'dash-style = "double-hyphen"\n')
    write(tmp_path / "site" / "pyproject.toml", '[project]\nname = "site"\n')
    found = find_config_file(tmp_path / "site")
    assert found is not None and found[0] == tmp_path / "mtaudit.toml"
    write(tmp_path / "site" / "mtaudit.toml", 'fail-on = "critical"\n')
    write(tmp_path / "site" / "pyproject.toml", '[tool.mtaudit]\nfail-on = "minor"\n')
    assert effective_config({}, tmp_path / "site").fail_on is Severity.CRITICAL


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config = effective_config({}, tmp_path)
    assert config == Config(file=None, sources=config.sources)
    assert set(config.sources.values()) == {"default"}


def test_describe_says_where_each_value_came_from(tmp_path: Path) -> None:
    write(tmp_path / "mtaudit.toml", 'ignore = ["consistency.abbreviation"]\nmin-score = 75\n')
    text = describe(effective_config({"deep": True}, tmp_path))
    lines = text.splitlines()
    assert lines[0] == f"# configuration file: {tmp_path / 'mtaudit.toml'}"
    assert f'ignore           = ["consistency.abbreviation"]  # {tmp_path / "mtaudit.toml"}' in lines
    assert "deep             = true  # command line" in lines
    assert 'fail-on          = "major"  # default' in lines


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('fail_on = "minor"\n', "unknown key 'fail_on'; did you mean 'fail-on'?"),
        ('select = ["spelling.typos"]\n', "select: no rule id matches 'spelling.typos'; did you mean 'spelling.typo'?"),
        ('ignore = ["casing"]\n', "ignore: no rule id matches 'casing'; did you mean 'case'?"),
        ('fail-on = "majr"\n', "fail-on = 'majr' is not valid; did you mean 'major'?"),
        ('severity = { "spelling.typo" = "high" }\n', "severity of spelling.typo: 'high' is not a severity"),
        ('severity = { "spelling.tpyo" = "major" }\n', "severity: no rule id matches 'spelling.tpyo'; did you mean 'spelling.typo'?"),
        ("min-score = 120\n", "min-score must be a number from 0 to 100, not 120"),
        ('dash-style = "em"\n', "dash-style = 'em' is not valid; valid: dash, double-hyphen, typeset"),
        ("fail-on = \n", "not valid TOML"),
    ],
)
def test_bad_configuration_is_one_line(tmp_path: Path, content: str, message: str) -> None:
    write(tmp_path / "mtaudit.toml", content)
    with pytest.raises(ConfigError) as caught:
        effective_config({}, tmp_path)
    assert str(caught.value).startswith(str(tmp_path / "mtaudit.toml"))
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_pyproject_errors_name_the_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.mtaudit]\nglosary = "g.csv"\n')
    with pytest.raises(ConfigError, match=r"pyproject.toml \[tool.mtaudit\]: unknown key 'glosary'; did you mean 'glossary'\?"):
        effective_config({}, tmp_path)


def test_command_line_values_are_checked_too(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="command line: select: no rule id matches 'spellling'"):
        effective_config({"select": ("spellling",)}, tmp_path)
    with pytest.raises(TypeError, match="did you mean 'fail_on'"):
        effective_config({"failon": "minor"}, tmp_path)


def test_the_glossary_rule_can_be_configured(tmp_path: Path) -> None:
    write(tmp_path / "mtaudit.toml", 'severity = { "terminology.glossary" = "critical" }\nselect = ["terminology"]\n')
    assert effective_config({}, tmp_path).select == ("terminology",)


def test_per_rule_severity_changes_findings_and_score(tmp_path: Path) -> None:
    write(tmp_path / "mtaudit.toml", 'severity = { "boundary" = "major" }\n')
    config = effective_config({}, tmp_path)
    result = audit([Document(id="t", target="Mr. Zelensky wrote on twitter He told Mr Macron of the bombing.", target_lang="en")], AuditOptions())
    changed = apply_config(result, config)
    before, after = result.documents[0], changed.documents[0]
    assert [f.severity.value for f in after.findings if f.rule == "boundary.run-on"] == ["major"]
    assert [f.severity.value for f in after.findings if f.rule != "boundary.run-on"] == ["minor"]
    assert after.score < before.score


def test_double_hyphen_house_style(tmp_path: Path) -> None:
    text = "The talks -- held in private -- went well, the minister said."
    result = audit([Document(id="t", target=text, target_lang="en")], AuditOptions(select=("typography.dash",)))
    assert [f.text for f in result.documents[0].findings] == ["--", "--"]
    assert apply_config(result, effective_config({}, tmp_path)) is result  # default: "--" is a stand-in for a dash
    house = apply_config(result, effective_config({"dash_style": "double-hyphen"}, tmp_path))
    assert house.documents[0].findings == [] and house.documents[0].score == 100.0


def test_double_hyphen_house_style_keeps_a_hyphen_typed_for_a_dash(tmp_path: Path) -> None:
    # "--" is the house's dash, but a single hyphen where the source has a dash is still wrong.
    text = "The talks -- held in private -- went well. It was the end of my research-a simple one."
    result = audit([Document(id="t", target=text, target_lang="en")], AuditOptions(select=("typography.dash",)))
    house = apply_config(result, effective_config({"dash_style": "double-hyphen"}, tmp_path))
    assert [f.text for f in house.documents[0].findings] == ["-"]


def test_typeset_house_style_flags_a_spaced_hyphen(tmp_path: Path) -> None:
    # " - " between words is tolerated by default; typeset copy wants the language's dash there,
    # and the configuration's "typeset" reaches the check through the API's options.
    from mtaudit.api import audit_text

    text = "Das Eis ist sehr jung - ein paar tausend Jahre alt."
    source = "The ice is very young -- a few thousand years old."
    plain = audit_text(text, source, target_lang="de", source_lang="en", select=["typography.dash"])
    assert plain.documents[0].findings == []
    typeset = audit_text(text, source, target_lang="de", source_lang="en", select=["typography.dash"], config=effective_config({"dash_style": "typeset"}, tmp_path))
    assert [(f.text, f.suggestions[0]) for f in typeset.documents[0].findings] == [("-", "–")]


def test_every_key_is_documented() -> None:
    from mtaudit.config import KEYS
    from tests.conftest import ROOT

    docs = (ROOT / "docs" / "pipelines.md").read_text(encoding="utf-8")
    assert [key for key in KEYS if f"`{key}`" not in docs] == []
