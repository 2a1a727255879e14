"""Every rule is documented, categorised and named to the same pattern."""

from __future__ import annotations

import re

import pytest

from mtaudit.checks import all_checks, rules
from mtaudit.records import CATEGORIES

RULE_ID = re.compile(r"^[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.mark.parametrize("rule", list(rules().values()), ids=lambda r: r.id)
def test_rule_is_documented(rule) -> None:  # type: ignore[no-untyped-def]
    assert RULE_ID.match(rule.id)
    assert rule.category in CATEGORIES
    assert rule.summary and not rule.summary.startswith("**")
    for section in ("**What it catches.**", "**Why it matters.**", "**Example", "**How it decides.**", "**Suggestion.**"):
        assert section in rule.doc, f"{rule.id} lacks {section}"


def test_rule_ids_are_unique() -> None:
    ids = [c.rule.id for c in all_checks()]
    assert len(ids) == len(set(ids))


def test_select_and_ignore() -> None:
    from mtaudit.checks import select_checks

    assert {c.rule.id for c in select_checks(("case",))} == {i for i in rules() if i.startswith("case.")}
    assert not any(c.rule.id.startswith("case.") for c in select_checks((), ("case",)))
