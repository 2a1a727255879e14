"""The Python API: audit a string or files from a CMS, a notebook or a test, without a subprocess.

    >>> from mtaudit.api import audit_text
    >>> result = audit_text("Mr. Zelensky wrote on twitter He told Mr Macron of the bombing.", target_lang="en")
    >>> [(f.rule, f.text) for f in result.documents[0].findings][:1]
    [('consistency.abbreviation', 'Mr.')]

Both functions return the `AuditResult` every output format renders (`mtaudit.formats.*`), and
accept the same options as the command line, by their Python names: `select`, `ignore`, `deep`,
`translator`, `translator_model`, `backtranslations`, `lm`, `lm_model`, `device`,
`allow_download`, `cache_dir`, `use_cache`, `glossary` (a path, or a loaded
`mtaudit.glossary.Glossary`), `names` (a path to a names list, or the names themselves), and
whatever else `AuditOptions` or `EvidenceOptions` define. An unknown name is a `TypeError`
naming the closest one; an unknown rule prefix in `select`/`ignore` is an `InputError`.

`config` (an `mtaudit.config.Config`, e.g. `effective_config()` for the `mtaudit.toml` of the
current folder) supplies every option not given as a keyword, and its per-rule severities and
house style are applied to the result: the command line and `mtaudit serve` audit through these
two functions with their configuration, so all three give the same findings.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mtaudit.config import Config
    from mtaudit.pipeline import AuditOptions
    from mtaudit.records import AuditResult

# Options a `Config` can supply, by their Python names.
CONFIG_OPTIONS = (
    "select", "ignore", "glossary", "names", "deep", "translator", "translator_model",
    "backtranslations", "lm", "lm_model", "device", "allow_download", "cache_dir",
)


def config_options(config: Config | None, options: dict[str, Any]) -> dict[str, Any]:
    """`options` completed by `config`: every option of `CONFIG_OPTIONS` that `options` lacks
    (or leaves None) and the configuration sets."""
    if config is None:
        return dict(options)
    merged = dict(options)
    for name in CONFIG_OPTIONS:
        value = getattr(config, name)
        if merged.get(name) is None and value not in (None, ()):
            merged[name] = value
    if config.dash_style == "typeset" and merged.get("spaced_hyphen_dashes") is None:
        merged["spaced_hyphen_dashes"] = True
    return merged


def _resource(name: str, value: Any) -> Any:
    """A glossary or names option as the pipeline takes it: loaded from its file when a path."""
    from pathlib import Path

    from mtaudit.glossary import load_glossary, load_names

    if name == "glossary":
        return load_glossary(value) if isinstance(value, (str, Path)) else value
    if isinstance(value, (str, Path)):
        return load_names(value)
    return frozenset(value)


def check_prefixes(prefixes: tuple[str, ...], option: str) -> None:
    """Raise `InputError` ("--select sourc.number: no rule id matches …; did you mean …") for the
    first prefix that matches no rule: a typo must not select nothing and let a gate pass."""
    from mtaudit.errors import InputError
    from mtaudit.registry import unknown_prefix

    for prefix in prefixes:
        problem = unknown_prefix(prefix)
        if problem:
            raise InputError(f"{option} {prefix}: {problem}")


def _options(options: dict[str, Any], source_lang: str | None, target_lang: str | None) -> AuditOptions:
    """`AuditOptions` from keyword options, each field checked by name."""
    from mtaudit.pipeline import AuditOptions, EvidenceOptions

    audit_fields = {f.name for f in dataclasses.fields(AuditOptions)} - {"evidence", "source_lang", "target_lang"}
    evidence_fields = {f.name for f in dataclasses.fields(EvidenceOptions)}
    audit_values: dict[str, Any] = {}
    evidence_values: dict[str, Any] = {}
    for name, value in options.items():
        if value is None:
            continue
        if name in ("select", "ignore"):
            audit_values[name] = (value,) if isinstance(value, str) else tuple(value)
            check_prefixes(audit_values[name], name)
        elif name in ("glossary", "names"):
            audit_values[name] = _resource(name, value)
        elif name in audit_fields:
            audit_values[name] = value
        elif name in evidence_fields:
            evidence_values[name] = value
        else:
            valid = sorted(audit_fields | evidence_fields)
            close = difflib.get_close_matches(name, valid, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; valid options: {', '.join(valid)}"
            raise TypeError(f"unknown option {name!r}{hint}")
    return AuditOptions(**audit_values, source_lang=source_lang, target_lang=target_lang, evidence=EvidenceOptions(**evidence_values))


def audit_text(
    target: str,
    source: str | None = None,
    target_lang: str | None = None,
    source_lang: str | None = None,
    config: Config | None = None,
    **options: Any,
) -> AuditResult:
    """Audit one translated text (and its source, when given).

    Languages are detected when not given (or taken from `config`). `document_id` names the text
    in the report (default `<text>`); its extension says Markdown or HTML, as a file name does.
    `gather` replaces the evidence step (`mtaudit.pipeline.EvidenceGatherer`; `mtaudit serve`
    passes one whose engines are shared by concurrent requests). Raises `mtaudit.errors.MtauditError` subclasses for
    input that cannot be audited (a source that does not match its target, a model that is not
    installed…), with a one-line message.
    """
    from mtaudit.pipeline import audit
    from mtaudit.records import Document

    if not isinstance(target, str) or (source is not None and not isinstance(source, str)):
        raise TypeError("audit_text takes the target (and source) as str; use audit_files for files")
    document_id = options.pop("document_id", "<text>")
    path = options.pop("path", None)
    gather = options.pop("gather", None)
    source_lang = source_lang or (config.source_lang if config else None)
    target_lang = target_lang or (config.target_lang if config else None)
    document = Document(id=document_id, target=target, path=path, source=source, source_lang=source_lang, target_lang=target_lang)
    result = audit([document], _options(config_options(config, options), source_lang, target_lang), gather)
    return _configured(result, config)


def _configured(result: AuditResult, config: Config | None) -> AuditResult:
    """`result` with the configuration's severities and house style applied."""
    if config is None:
        return result
    from mtaudit.config import apply_config

    return apply_config(result, config)


def audit_files(
    paths: str | Iterable[str],
    *,
    source: str | None = None,
    target_lang: str | None = None,
    source_lang: str | None = None,
    config: Config | None = None,
    input_format: str | None = None,
    columns: str | None = None,
    **options: Any,
) -> AuditResult:
    """Audit files, folders (recursively) and JSONL segment files, as `mtaudit audit PATHS` does.

    `source` is the source file of a single target file; `input_format` and `columns` are the
    command line's `--input-format` and `--columns`. Lines of a JSONL file that cannot be read are
    reported in `result.errors` and the other lines are audited; what the readers note (an
    encoding guessed…) is in `result.notes`; a file that cannot be read raises
    `mtaudit.errors.InputError`.
    """
    from mtaudit.pipeline import audit
    from mtaudit.readers import read_inputs

    path_list = [paths] if isinstance(paths, str) else list(paths)
    source_lang = source_lang or (config.source_lang if config else None)
    target_lang = target_lang or (config.target_lang if config else None)
    audit_options = _options(config_options(config, options), source_lang, target_lang)
    read = read_inputs(path_list, source=source, source_lang=source_lang, target_lang=target_lang, input_format=input_format, columns=columns)
    result = audit(read.documents, audit_options)
    result.errors[:0] = read.problems
    result.notes[:0] = read.notes
    return _configured(result, config)


__all__ = ["audit_files", "audit_text", "check_prefixes", "config_options"]
