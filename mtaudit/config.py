"""Configuration: `[tool.mtaudit]` in `pyproject.toml`, or `mtaudit.toml`, then the command line.

The file is looked for from the current folder upwards; in each folder `mtaudit.toml` (keys at
the top level) wins over `pyproject.toml` (keys under `[tool.mtaudit]`; a `pyproject.toml` without
that table is passed over). Precedence: defaults, then the file, then command-line values. Every
value remembers where it came from, which `mtaudit config` prints (`describe`).

    [tool.mtaudit]
    select = ["case", "spelling", "terminology"]   # rule-id prefixes
    ignore = ["consistency.abbreviation"]
    severity = { "spelling.typo" = "major" }        # per rule (or prefix), longest prefix wins
    fail-on = "major"
    min-score = 80
    target-lang = "en"
    dash-style = "double-hyphen"                    # "--" is house style, not a stand-in for a dash
    glossary = "style/glossary.csv"                 # paths are relative to the file that names them
    names = "style/names.txt"

Unknown keys, rule ids and values are `ConfigError`s: one line naming the file and the closest
valid spelling.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from mtaudit.errors import MtauditError
from mtaudit.records import AuditResult, Finding, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SEVERITIES = tuple(s.value for s in Severity)
CHOICES: dict[str, tuple[str, ...]] = {
    "fail-on": SEVERITIES,
    "dash-style": ("dash", "double-hyphen", "typeset"),
    "translator": ("hf", "ctranslate2", "apertium", "precomputed", "none"),
    "lm": ("ngram", "hf", "none"),
    "device": ("auto", "cpu", "cuda"),
}
PATH_KEYS = ("glossary", "names", "cache-dir", "baseline", "backtranslations")
STRING_KEYS = ("source-lang", "target-lang", "translator-model", "lm-model")
BOOL_KEYS = ("deep", "allow-download")
LIST_KEYS = ("select", "ignore")


class ConfigError(MtauditError):
    """A configuration that cannot be used: unknown key, rule id or value."""


@dataclass(frozen=True)
class Config:
    """The effective configuration. `sources` maps each key (as written in the file) to where
    its value came from: "default", the configuration file's path, or "command line"."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.MAJOR
    min_score: float | None = None
    min_confidence: float = 0.5
    source_lang: str | None = None
    target_lang: str | None = None
    dash_style: str = "dash"
    glossary: str | None = None
    names: str | None = None
    baseline: str | None = None
    deep: bool = False
    translator: str | None = None
    translator_model: str | None = None
    backtranslations: str | None = None
    lm: str | None = None
    lm_model: str | None = None
    device: str = "auto"
    allow_download: bool = False
    cache_dir: str | None = None
    file: str | None = None
    sources: dict[str, str] = field(default_factory=dict)

    def severity_of(self, rule_id: str, default: Severity) -> Severity:
        """The severity configured for `rule_id` (longest matching prefix), else `default`."""
        from mtaudit.registry import matches as prefix_matches

        matches = [p for p in self.severity if prefix_matches(rule_id, p)]
        return self.severity[max(matches, key=len)] if matches else default


KEYS = tuple(f.name.replace("_", "-") for f in fields(Config) if f.name not in ("file", "sources"))


def known_rule_ids() -> list[str]:
    """Every rule id a configuration may name."""
    from mtaudit.checks import rules

    return sorted(rules())


def _closest(word: str, options: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else f"; valid: {', '.join(options)}" if len(options) <= 12 else ""


def check_rule_prefix(prefix: str, where: str) -> str:
    """`prefix` when it matches a rule id by whole components (`mtaudit.registry.matches`: "typo"
    is not "typography"), else a `ConfigError` naming the closest valid one."""
    from mtaudit.registry import unknown_prefix

    problem = unknown_prefix(prefix, known_rule_ids())
    if problem:
        raise ConfigError(f"{where}: {problem}")
    return prefix


# A language code as `--target-lang` takes it: "en", "pt-BR", "zh-cn".
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def supported_languages() -> dict[str, str]:
    """Language code → English name, for every language mtaudit can identify (langdetect's
    profiles): the codes `source-lang` and `target-lang` may name."""
    import os

    from babel import Locale
    from langdetect.detector_factory import PROFILES_DIRECTORY

    from mtaudit.langid import normalise

    names: dict[str, str] = {}
    for code in sorted({normalise(name) for name in os.listdir(PROFILES_DIRECTORY) if not name.startswith(".")}):
        try:
            names[code] = Locale.parse(code).get_display_name("en") or code
        except (ValueError, LookupError):
            names[code] = code
    return names


def check_language(code: str, where: str) -> str:
    """`code` when it is a well-formed code of a supported language, else a `ConfigError` naming
    the closest valid code ("French" → 'fr'): an unknown code must not quietly change results."""
    from mtaudit.langid import normalise

    known = supported_languages()
    if LANGUAGE_CODE.match(code.replace("_", "-")) and normalise(code) in known:
        return code
    by_name = {name.lower(): c for c, name in known.items()}
    guess = by_name.get(code.strip().lower())
    if guess is None:
        close = difflib.get_close_matches(code.strip().lower(), list(known) + list(by_name), n=1, cutoff=0.6)
        guess = by_name.get(close[0], close[0]) if close else None
    hint = f"; did you mean {guess!r}?" if guess else ""
    raise ConfigError(f"{where}: {code!r} is not a supported language code{hint} (supported: {', '.join(known)})")


def find_config_file(start: str | Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest `mtaudit.toml`, or `pyproject.toml` with `[tool.mtaudit]`, from `start` up,
    with its mtaudit table; None when there is none."""
    folder = Path(start).resolve()
    for directory in (folder, *folder.parents):
        own = directory / "mtaudit.toml"
        if own.is_file():
            return own, _read_toml(own)
        project = directory / "pyproject.toml"
        if project.is_file():
            table = _read_toml(project).get("tool", {}).get("mtaudit")
            if table is not None:
                if not isinstance(table, dict):
                    raise ConfigError(f"{project}: [tool.mtaudit] must be a table")
                return project, table
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None


def _value(key: str, value: Any, where: str, base: Path) -> Any:
    """The checked, converted value of one key."""
    if key in LIST_KEYS:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
            raise ConfigError(f"{where}: {key} must be a list of rule-id prefixes")
        return tuple(check_rule_prefix(i, f"{where}: {key}") for i in items)
    if key == "severity":
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: severity must be a table of rule id = \"minor\" | \"major\" | \"critical\"")
        table = {}
        for rule_id, level in value.items():
            check_rule_prefix(rule_id, f"{where}: severity")
            if level not in SEVERITIES:
                raise ConfigError(f"{where}: severity of {rule_id}: {level!r} is not a severity{_closest(str(level), SEVERITIES)}")
            table[rule_id] = Severity(level)
        return table
    if key in CHOICES:
        if key == "device" and isinstance(value, str) and value.startswith("cuda:") and value[5:].isdigit():
            pass  # a GPU index
        elif value not in CHOICES[key]:
            raise ConfigError(f"{where}: {key} = {value!r} is not valid{_closest(str(value), CHOICES[key])}")
        return Severity(value) if key == "fail-on" else value
    if key in ("min-score", "min-confidence"):
        top = 100 if key == "min-score" else 1
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= top:
            raise ConfigError(f"{where}: {key} must be a number from 0 to {top}, not {value!r}")
        return float(value)
    if key in BOOL_KEYS:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: {key} must be true or false, not {value!r}")
        return value
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: {key} must be a non-empty string, not {value!r}")
    if key in PATH_KEYS:
        return str((base / value).resolve()) if not Path(value).is_absolute() else value
    if key in ("source-lang", "target-lang"):
        return check_language(value, f"{where}: {key}")
    return value


def effective_config(cli_values: dict[str, Any] | None = None, cwd: str | Path = ".", config_path: str | Path | None = None) -> Config:
    """Defaults, then the configuration file (`config_path`, else the nearest one from `cwd`),
    then `cli_values` (Python names such as `fail_on`; None or an empty tuple means not given)."""
    values: dict[str, Any] = {}
    sources = {key: "default" for key in KEYS}
    file: str | None = None
    if config_path is not None:
        path = Path(config_path)
        if not path.is_file():
            raise ConfigError(f"{path}: no such configuration file")
        data = _read_toml(path)
        table = data.get("tool", {}).get("mtaudit", {}) if path.name == "pyproject.toml" else data
        found: tuple[Path, dict[str, Any]] | None = (path, table)
    else:
        found = find_config_file(cwd)
    if found is not None:
        path, table = found
        file = str(path)
        section = f"{path} [tool.mtaudit]" if path.name == "pyproject.toml" else str(path)
        for key, value in table.items():
            if key not in KEYS:
                raise ConfigError(f"{section}: unknown key {key!r}{_closest(key, KEYS)}")
            values[key] = _value(key, value, section, path.parent)
            sources[key] = file
    for name, value in (cli_values or {}).items():
        key = name.replace("_", "-")
        if key not in KEYS:
            raise TypeError(f"unknown configuration value {name!r}{_closest(name, [k.replace('-', '_') for k in KEYS])}")
        if value is None or value == () or value == []:
            continue
        values[key] = _value(key, value, "command line", Path(cwd))
        sources[key] = "command line"
    return Config(**{key.replace("-", "_"): value for key, value in values.items()}, file=file, sources=sources)


def _show(value: Any) -> str:
    if isinstance(value, Severity):
        return f'"{value.value}"'
    if isinstance(value, dict):
        return "{ " + ", ".join(f'"{k}" = {_show(v)}' for k, v in value.items()) + " }" if value else "{}"
    if isinstance(value, tuple):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "(not set)"
    if isinstance(value, str):
        return f'"{value}"'
    return f"{value:g}" if isinstance(value, float) else str(value)


def describe(config: Config) -> str:
    """The effective configuration, one key a line, each with where its value came from."""
    lines = [f"# configuration file: {config.file or '(none found)'}"]
    width = max(len(k) for k in KEYS)
    for key in KEYS:
        value = getattr(config, key.replace("-", "_"))
        lines.append(f"{key:<{width}} = {_show(value)}  # {config.sources.get(key, 'default')}")
    return "\n".join(lines) + "\n"


def house_style_allows(finding: Finding, config: Config) -> bool:
    """False for a finding that the house style says is no error: with `dash-style =
    "double-hyphen"`, a "--" flagged by `typography.dash`."""
    if config.dash_style == "double-hyphen" and finding.rule == "typography.dash":
        return not (len(finding.text.strip()) >= 2 and set(finding.text.strip()) == {"-"})  # a single hyphen for a dash stays
    return True


def changes_results(config: Config) -> bool:
    """Whether `apply_config` changes anything under `config`: per-rule severities, or the
    "double-hyphen" dash style (the only house style that drops findings)."""
    return bool(config.severity) or config.dash_style == "double-hyphen"


def apply_config(result: AuditResult, config: Config) -> AuditResult:
    """`result` as the configuration wants it: house-style findings dropped, per-rule severities
    applied, and the scores recomputed from what is left."""
    if not changes_results(config):
        return result
    from mtaudit.scoring import document_score, mqm_penalty

    documents = []
    for doc in result.documents:
        findings: list[Finding] = [
            replace(f, severity=config.severity_of(f.rule, f.severity)) for f in doc.findings if house_style_allows(f, config)
        ]
        mqm = mqm_penalty(findings)
        documents.append(replace(doc, findings=findings, mqm=mqm, score=document_score(mqm, doc.words)))
    return replace(result, documents=documents)
