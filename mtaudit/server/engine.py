"""The one adapter between the server and the audit: every call into the pipeline, the renderers
and the gate goes through this module.

The pipeline modules are imported inside the functions, so that the server package itself loads
nothing heavy and so that a change of where the audit lives touches only this file.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

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
    use_cache: bool = True


if TYPE_CHECKING:
    from mtaudit.server.batcher import SharedEngines

# The engines of this process (`shared_engines`), shared by every deep audit.
_ENGINES: SharedEngines | None = None
_ENGINES_LOCK = threading.Lock()


def shared_engines(max_items: int = 256, max_wait: float = 0.005) -> SharedEngines:
    """The process's shared, batching engines (`mtaudit.server.batcher`), started on the first
    call with that call's batch limits (later calls get the same ones)."""
    global _ENGINES
    from mtaudit.server.batcher import ModelBatcher, SharedEngines

    with _ENGINES_LOCK:
        if _ENGINES is None:
            _ENGINES = SharedEngines(ModelBatcher(max_items, max_wait))
        return _ENGINES


def stop_shared_engines() -> None:
    """Stop the model thread once its queued calls have run (the server's shutdown, after the
    audits in flight have finished)."""
    global _ENGINES
    with _ENGINES_LOCK:
        engines, _ENGINES = _ENGINES, None
    if engines is not None:
        engines.batcher.close()


def batch_stats() -> dict[str, Any] | None:
    """The model thread's counts (`ModelBatcher.stats`), or None when no deep audit has run."""
    engines = _ENGINES
    return engines.batcher.stats() if engines is not None else None


@lru_cache(maxsize=1)
def config() -> Any:
    """The configuration of the folder the server was started in (`mtaudit.toml` or
    `[tool.mtaudit]`, as `mtaudit check` reads it there): the defaults of every request.

    Raises `mtaudit.config.ConfigError` (an `MtauditError`) for a configuration with an error;
    `mtaudit serve` calls this before starting, so that is a one-line error at start-up.
    """
    from mtaudit.config import effective_config

    return effective_config(cwd=".")


def audit(request: AuditRequest) -> Any:
    """Audit one article through the Python API (`mtaudit.api.audit_text`) with the server's
    configuration, and return the `AuditResult`: the same findings `mtaudit audit` gives.
    Model evidence (`deep`, or engines named in the configuration) goes through the process's
    shared engines, whose model thread batches it with other requests' (`shared_engines`).

    Raises `mtaudit.errors.MtauditError` for input the audit refuses (its message is for the user).
    """
    from mtaudit.api import audit_text

    def run(gather: Any = None) -> Any:
        return audit_text(
            request.target,
            request.source,
            target_lang=request.target_lang,
            source_lang=request.source_lang,
            config=config(),
            document_id=request.name,
            path=request.name,
            select=request.select or None,
            ignore=request.ignore or None,
            deep=request.deep or None,
            use_cache=None if request.use_cache else False,
            gather=gather,
        )

    engines = shared_engines() if request.deep or evidence_configured() else None
    if engines is None:
        return run()
    with engines.batcher.client():
        return run(engines.gather)


def evidence_configured() -> bool:
    """True when the configuration asks for model evidence without `--deep` (`deep = true`, a
    translator or a language model named in `mtaudit.toml`): those audits use the shared engines too."""
    chosen = config()
    names = ("deep", "translator", "translator_model", "lm", "lm_model", "backtranslations")
    return any(getattr(chosen, name) and getattr(chosen, name) != "none" for name in names)


def report_json(result: Any) -> str:
    """The `mtaudit.report/1` JSON: the same bytes `mtaudit audit --format json` writes."""
    from mtaudit.formats.json import render

    return render(result)


def report_html(result: Any) -> str:
    """The interactive HTML report of the one document of `result`."""
    from mtaudit.formats import html

    return html.render(result.documents[0], result)


SEVERITIES = ("minor", "major", "critical")


def default_fail_on() -> str:
    """The gate's severity threshold when a request names none: the configuration's."""
    return str(config().fail_on.value)


def default_min_score() -> float | None:
    """The gate's minimum score when a request names none: the configuration's."""
    value: float | None = config().min_score
    return value


def gate(result: Any, fail_on: str | None = None, min_score: float | None = None) -> dict[str, Any]:
    """The pre-publication verdict of `mtaudit check` (`mtaudit.gate.Gate`) for the one document
    of `result`: it fails on any finding of severity `fail_on` or worse, or on a score below
    `min_score`; either, when None, comes from the configuration."""
    from mtaudit.gate import Gate
    from mtaudit.records import Severity

    doc = result.documents[0]
    chosen = Gate(Severity(fail_on or default_fail_on()), min_score if min_score is not None else default_min_score())
    verdict = chosen.verdict(doc)
    return {"pass": verdict.passed, "score": doc.score, "blocking": [f.to_dict() for f in verdict.blocking]}


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


def known_prefixes(prefixes: tuple[str, ...]) -> tuple[str, ...]:
    """The prefixes that match some mtaudit rule: LanguageTool ignores rule ids it does not know
    in `enabledRules`/`disabledRules` (a client may send LanguageTool's own ids), and so does
    `/v2/check`. `/v1/*` refuses them instead (400 naming the closest rule)."""
    from mtaudit.registry import unknown_prefix

    return tuple(p for p in prefixes if unknown_prefix(p) is None)


def normalise_language(code: str) -> str:
    """'en-US' → 'en', 'pt_BR' → 'pt', as the CLI reads language codes."""
    from mtaudit.langid import normalise

    return normalise(code)


@lru_cache(maxsize=1)
def languages() -> dict[str, str]:
    """Language code → English name, for every language the audit can identify: the codes a
    request may name, the same as `--target-lang` accepts (`mtaudit.config.supported_languages`)."""
    from mtaudit.config import supported_languages

    return supported_languages()


def detect_language(text: str) -> str:
    """The language of `text`, as the audit would detect it."""
    from mtaudit.langid import detect

    return detect(text)


WARM_UP_TEXT = "The minister said on Tuesday that the new bridge would open next spring. Critics called the plan too expensive."


def warm_up(deep: bool = False, use_cache: bool = True) -> None:
    """Run one tiny audit so that dictionaries, language profiles and (with `deep`) models are
    loaded before the first request, not during it."""
    result = audit(AuditRequest(target=WARM_UP_TEXT, name="warm-up.txt", target_lang="en", deep=deep, use_cache=use_cache))
    report_json(result)
    rules()
    languages()
