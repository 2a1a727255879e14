"""The Python API: audit a string or files from a CMS, a notebook or a test, without a subprocess.

    >>> from mtaudit.api import audit_text
    >>> result = audit_text("Mr. Zelensky wrote on twitter He told Mr Macron of the bombing.", target_lang="en")
    >>> [(f.rule, f.text) for f in result.documents[0].findings][:1]
    [('consistency.abbreviation', 'Mr.')]

Both functions return the `AuditResult` every output format renders (`mtaudit.formats.*`), and
accept the same options as the command line, by their Python names: `select`, `ignore`, `deep`,
`translator`, `translator_model`, `backtranslations`, `lm`, `lm_model`, `device`,
`allow_download`, `cache_dir`, `use_cache`, and whatever else `AuditOptions` or
`EvidenceOptions` define. An unknown name is a `TypeError` naming the closest one.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mtaudit.pipeline import AuditOptions
    from mtaudit.records import AuditResult


def _options(options: dict[str, Any], source_lang: str | None, target_lang: str | None) -> AuditOptions:
    """`AuditOptions` from keyword options, each field checked by name."""
    from mtaudit.pipeline import AuditOptions, EvidenceOptions

    audit_fields = {f.name for f in dataclasses.fields(AuditOptions)} - {"evidence", "source_lang", "target_lang"}
    evidence_fields = {f.name for f in dataclasses.fields(EvidenceOptions)}
    audit_values: dict[str, Any] = {}
    evidence_values: dict[str, Any] = {}
    for name, value in options.items():
        if name in ("select", "ignore"):
            audit_values[name] = (value,) if isinstance(value, str) else tuple(value)
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
    **options: Any,
) -> AuditResult:
    """Audit one translated text (and its source, when given).

    Languages are detected when not given. Raises `mtaudit.errors.MtauditError` subclasses for
    input that cannot be audited (a source that does not match its target, a model that is not
    installed…), with a one-line message.
    """
    from mtaudit.pipeline import audit
    from mtaudit.records import Document

    if not isinstance(target, str) or (source is not None and not isinstance(source, str)):
        raise TypeError("audit_text takes the target (and source) as str; use audit_files for files")
    document_id = options.pop("document_id", "<text>")
    document = Document(id=document_id, target=target, source=source, source_lang=source_lang, target_lang=target_lang)
    return audit([document], _options(options, source_lang, target_lang))


def audit_files(
    paths: str | Iterable[str],
    *,
    source: str | None = None,
    target_lang: str | None = None,
    source_lang: str | None = None,
    **options: Any,
) -> AuditResult:
    """Audit files, folders (recursively) and JSONL segment files, as `mtaudit audit PATHS` does.

    `source` is the source file of a single target file. Lines of a JSONL file that cannot be
    read are reported in `result.errors` and the other lines are audited; a file that cannot be
    read raises `mtaudit.errors.InputError`.
    """
    from mtaudit.pipeline import audit
    from mtaudit.reader import read_inputs

    path_list = [paths] if isinstance(paths, str) else list(paths)
    audit_options = _options(options, source_lang, target_lang)
    read = read_inputs(path_list, source=source, source_lang=source_lang, target_lang=target_lang)
    result = audit(read.documents, audit_options)
    result.errors[:0] = read.problems
    return result


__all__ = ["audit_files", "audit_text"]
