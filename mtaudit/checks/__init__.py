"""The registry: every built-in check, in one greppable list.

Each module below exports `CHECKS`, a tuple of `Check`s. To add a check, write it in the module of
its family (or a new module), add it to that module's `CHECKS`, and, for a new module, add the
module's name here. Rule ids are stable: never rename one, retire it instead.
"""

from __future__ import annotations

from importlib import import_module

from mtaudit.checks.base import Check, CheckContext, Rule, check

MODULES = (
    "casing",
    "names",
    "boundary",
    "markup",
    "typography",
    "marks",
    "spelling",
    "untranslated",
    "script",
    "consistency",
    "variants",
    "source",
    "pairs",
)


def all_checks() -> list[Check]:
    """Every registered check, in registry order."""
    checks: list[Check] = []
    for name in MODULES:
        module = import_module(f"mtaudit.checks.{name}")
        checks.extend(module.CHECKS)
    ids = [c.rule.id for c in checks]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuntimeError(f"duplicate rule ids: {sorted(duplicates)}")
    return checks


def is_selected(rule_id: str, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> bool:
    """True when `rule_id` starts with one of `select` (or `select` is empty) and with none of
    `ignore`: "case" and "case." both select "case.mid-sentence-capital"."""
    if select and not any(rule_id.startswith(s) for s in select):
        return False
    return not any(rule_id.startswith(s) for s in ignore)


def select_checks(select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> list[Check]:
    """The checks whose rule id `is_selected`."""
    return [item for item in all_checks() if is_selected(item.rule.id, select, ignore)]


def rules() -> dict[str, Rule]:
    """Every rule by id, sorted: the fast checks and the model-evidence rules."""
    from mtaudit.evidence.rules import EVIDENCE_RULES

    table = {c.rule.id: c.rule for c in all_checks()} | {r.id: r for r in EVIDENCE_RULES}
    return dict(sorted(table.items()))


__all__ = ["Check", "CheckContext", "Rule", "all_checks", "check", "is_selected", "rules", "select_checks"]
