"""The one adapter between the server and the audit: every call into the pipeline, the renderers
and the gate goes through this module.

The pipeline modules are imported inside the functions, so that the server package itself loads
nothing heavy and so that a change of where the audit lives touches only this file.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class AuditRequest:
    """One article to audit, as a request gave it (already validated).

    `name` is only a label: the document id and path written in the report (and its extension
    says Markdown or not, as a file name does for the CLI). It is never opened.
    """

    target: str
    name: str
    source: str | None = None
    target_lang: str | None = None
    source_lang: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    deep: bool = False


# Model evidence is not known to be safe to run from several threads at once: deep audits take turns.
_DEEP_LOCK = threading.Lock()


def audit(request: AuditRequest) -> Any:
    """Audit one article and return the pipeline's `AuditResult`.

    Raises `mtaudit.errors.MtauditError` for input the audit refuses (its message is for the user).
    """
    from mtaudit.pipeline import AuditOptions, EvidenceOptions
    from mtaudit.pipeline import audit as run_audit
    from mtaudit.records import Document

    document = Document(
        id=request.name,
        target=request.target,
        path=request.name,
        source=request.source,
        source_lang=request.source_lang,
        target_lang=request.target_lang,
    )
    options = AuditOptions(
        select=request.select,
        ignore=request.ignore,
        source_lang=request.source_lang,
        target_lang=request.target_lang,
        evidence=EvidenceOptions(deep=request.deep),
    )
    if request.deep:
        with _DEEP_LOCK:
            return run_audit([document], options)
    return run_audit([document], options)


def report_json(result: Any) -> str:
    """The `mtaudit.report/1` JSON: the same bytes `mtaudit audit --format json` writes."""
    from mtaudit.formats.json import render

    return render(result)


def report_html(result: Any) -> str:
    """The interactive HTML report of the one document of `result`."""
    from mtaudit.formats import html

    return html.render(result.documents[0], result)


SEVERITIES = ("minor", "major", "critical")


def gate(result: Any, fail_on: str = "major", min_score: float | None = None) -> dict[str, Any]:
    """The pre-publication verdict of `mtaudit check` for the one document of `result`: it fails
    on any finding of severity `fail_on` or worse, or on a score below `min_score`."""
    from mtaudit.records import Severity

    doc = result.documents[0]
    threshold = Severity(fail_on).rank
    blocking = [f for f in doc.findings if f.severity.rank >= threshold]
    failed = bool(blocking) or (min_score is not None and doc.score < min_score)
    return {"pass": not failed, "score": doc.score, "blocking": [f.to_dict() for f in blocking]}


def error_types() -> tuple[type[Exception], ...]:
    """The exceptions whose message is a user-facing explanation of bad input."""
    from mtaudit.errors import MtauditError

    return (MtauditError,)


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """Every rule by id (`mtaudit.checks.Rule`: id, category, severity, doc, summary)."""
    from mtaudit.checks import rules as all_rules

    return all_rules()


def rule_list() -> list[dict[str, Any]]:
    """The rules as `GET /v1/rules` lists them, like `mtaudit rules`."""
    return [
        {"id": r.id, "category": r.category, "severity": r.severity.value, "summary": r.summary, "needs_source": r.needs_source}
        for r in rules().values()
    ]


def normalise_language(code: str) -> str:
    """'en-US' → 'en', 'pt_BR' → 'pt', as the CLI reads language codes."""
    from mtaudit.langid import normalise

    return normalise(code)


@lru_cache(maxsize=1)
def languages() -> dict[str, str]:
    """Language code → English name, for every language the audit can identify (langdetect's
    profiles): the codes a request may name."""
    import os

    from babel import Locale
    from langdetect.detector_factory import PROFILES_DIRECTORY

    codes = sorted({normalise_language(name) for name in os.listdir(PROFILES_DIRECTORY) if not name.startswith(".")})
    names: dict[str, str] = {}
    for code in codes:
        try:
            names[code] = Locale.parse(code).get_display_name("en") or code
        except (ValueError, LookupError):
            names[code] = code
    return names


def detect_language(text: str) -> str:
    """The language of `text`, as the audit would detect it."""
    from mtaudit.langid import detect

    return detect(text)


WARM_UP_TEXT = "The minister said on Tuesday that the new bridge would open next spring. Critics called the plan too expensive."


def warm_up(deep: bool = False) -> None:
    """Run one tiny audit so that dictionaries, language profiles and (with `deep`) models are
    loaded before the first request, not during it."""
    result = audit(AuditRequest(target=WARM_UP_TEXT, name="warm-up.txt", target_lang="en", deep=deep))
    report_json(result)
    rules()
    languages()
