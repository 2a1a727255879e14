"""The registry: every check, in one greppable list, and which of them a run selects.

Each module of `mtaudit.checks` named in `MODULES` exports `CHECKS`, a tuple of `Check`s; the
order of `MODULES` is the order the checks run in and are listed in a report's settings. To add a
check, write it in the module of its family (or a new module), add it to that module's `CHECKS`,
and, for a new module, add the module's name here. Rule ids are stable: never rename one, retire
it instead. The model-evidence rules (`bt.*`, `lm.*`) are ordinary checks here that read
`CheckContext.evidence`; they run only when the audit gathers evidence.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from mtaudit.checks.base import Check
from mtaudit.records import Rule

MODULES = (
    "casing",
    "boundary",
    "markup",
    "typography",
    "spelling",
    "untranslated",
    "consistency",
    "source",
    "backtranslation",
    "surprisal",
    "translation_model",
)


@cache
def _load() -> tuple[Check, ...]:
    checks: list[Check] = []
    for name in MODULES:
        module = import_module(f"mtaudit.checks.{name}")
        checks.extend(module.CHECKS)
    ids = [c.rule.id for c in checks]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuntimeError(f"duplicate rule ids: {sorted(duplicates)}")
    return tuple(checks)


def all_checks() -> list[Check]:
    """Every registered check, in registry order."""
    return list(_load())


def is_selected(rule_id: str, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> bool:
    """True when `rule_id` starts with one of `select` (or `select` is empty) and with none of
    `ignore`: "case" and "case." both select "case.mid-sentence-capital"."""
    if select and not any(rule_id.startswith(s) for s in select):
        return False
    return not any(rule_id.startswith(s) for s in ignore)


def select_checks(select: tuple[str, ...] = (), ignore: tuple[str, ...] = (), *, evidence: bool = True) -> list[Check]:
    """The checks whose rule id `is_selected`; without `evidence`, not the checks that read
    model evidence (they would find nothing)."""
    return [c for c in all_checks() if is_selected(c.rule.id, select, ignore) and (evidence or not c.rule.needs_evidence)]


def rules() -> dict[str, Rule]:
    """Every rule by id, sorted: what `mtaudit rules` lists and `mtaudit explain` documents."""
    return dict(sorted((c.rule.id, c.rule) for c in all_checks()))
