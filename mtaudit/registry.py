"""The registry: every check, in one greppable list, and which of them a run selects.

Each module of `mtaudit.checks` named in `MODULES` exports `CHECKS`, a tuple of `Check`s; the
order of `MODULES` is the order the checks run in and are listed in a report's settings. To add a
check, write it in the module of its family (or a new module), add it to that module's `CHECKS`,
and, for a new module, add the module's name here. Rule ids are stable: never rename one, retire
it instead. The model-evidence rules (`bt.*`, `lm.*`) are ordinary checks here that read
`CheckContext.evidence`; they run only when the audit gathers evidence.

Rule-id prefixes (`--select`, `--ignore`, the configuration) match whole dot-separated
components: "case" and "case." select every `case.*` rule, "typography.dash" selects that rule,
and "typo" selects nothing (callers refuse it with `unknown_prefix`, naming the closest valid one).

Some checks run only when the run asks for them (`ON_DEMAND`): the glossary check when a glossary
is given, the empty-target check when a document has an empty target and a source, the paragraph
checks when a document has a source. Otherwise they
are neither run nor listed in a report's `settings.checks`, so reports of ordinary runs do not
change when such a check is added.
"""

from __future__ import annotations

import difflib
from functools import cache
from importlib import import_module

from mtaudit.checks.base import Check
from mtaudit.records import Rule

MODULES = (
    "casing",
    "names",
    "shift",
    "boundary",
    "commas",
    "markup",
    "typography",
    "dashes",
    "marks",
    "spelling",
    "untranslated",
    "script",
    "consistency",
    "variants",
    "source",
    "pairs",
    "paragraphs",
    "placeholders",
    "empty_target",
    "glossary",
    "backtranslation",
    "surprisal",
    "translation_model",
)

# The paragraph rules run (and are listed) only in runs where a document has a source.
PARAGRAPH_RULES = frozenset({"source.missing-paragraph", "source.added-paragraph"})
# Rule ids that run only when the run needs them (see the module docstring).
ON_DEMAND = frozenset({"terminology.glossary", "source.empty-target", *PARAGRAPH_RULES})


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


def matches(rule_id: str, prefix: str) -> bool:
    """True when `prefix` names `rule_id` or whole leading components of it: "case", "case." and
    "case.lowercase-name" match "case.lowercase-name"; "cas" and "typo" match nothing."""
    if not prefix:
        return False
    if prefix.endswith("."):
        return rule_id.startswith(prefix)
    return rule_id == prefix or rule_id.startswith(prefix + ".")


def is_selected(rule_id: str, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> bool:
    """True when one of `select` matches `rule_id` (or `select` is empty) and none of `ignore`
    does (see `matches`)."""
    if select and not any(matches(rule_id, s) for s in select):
        return False
    return not any(matches(rule_id, s) for s in ignore)


def unknown_prefix(prefix: str, rule_ids: list[str] | None = None) -> str | None:
    """None when `prefix` matches some rule id, else a message naming the closest valid one."""
    ids = rule_ids if rule_ids is not None else [c.rule.id for c in all_checks()]
    if any(matches(rule_id, prefix) for rule_id in ids):
        return None
    families = sorted({rule_id.split(".")[0] for rule_id in ids})
    close = difflib.get_close_matches(prefix, families + ids, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else "; `mtaudit rules` lists them"
    return f"no rule id matches {prefix!r}{hint}"


def select_checks(
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    *,
    evidence: bool = True,
    on_demand: frozenset[str] = frozenset(),
) -> list[Check]:
    """The checks whose rule id `is_selected`; without `evidence`, not the checks that read
    model evidence (they would find nothing); of the `ON_DEMAND` checks, only those in `on_demand`."""
    return [
        c
        for c in all_checks()
        if is_selected(c.rule.id, select, ignore)
        and (evidence or not c.rule.needs_evidence)
        and (c.rule.id not in ON_DEMAND or c.rule.id in on_demand)
    ]


def rules() -> dict[str, Rule]:
    """Every rule by id, sorted: what `mtaudit rules` lists and `mtaudit explain` documents."""
    return dict(sorted((c.rule.id, c.rule) for c in all_checks()))
