"""What a check is: a `Rule` (stable id, category, severity, documentation) and a function.

A check is a plain generator over one document's `CheckContext`:

    @check("case.mid-sentence-capital", "fluency/spelling", Severity.MINOR)
    def mid_sentence_capital(ctx: CheckContext) -> Iterator[Finding]:
        '''What it catches / Why it matters / Example / Suggestion.'''
        ...
        yield ctx.finding(mid_sentence_capital.rule, start, end, "message", ["suggestion"])

The docstring *is* the rule's documentation: `mtaudit explain`, the README rule list and the HTML
report all read it, so it is written for users.

This module is the one import surface of check modules: it re-exports the records a check needs
(`Rule`, `SentencePair`, `Finding`, `Severity`) and the context (`CheckContext`), which live in
`mtaudit.records` and `mtaudit.context`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mtaudit.context import CheckContext
from mtaudit.records import CATEGORIES, Finding, Rule, SentencePair, Severity


@dataclass(frozen=True)
class Check:
    """A rule and the function that finds its violations."""

    rule: Rule
    run: Callable[[CheckContext], Iterator[Finding]]

    def __call__(self, ctx: CheckContext) -> Iterator[Finding]:
        return self.run(ctx)


def check(rule_id: str, category: str, severity: Severity, *, needs_source: bool = False, needs_evidence: bool = False) -> Callable[..., Check]:
    """Decorator that turns a documented generator function into a registered-ready `Check`."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r} for rule {rule_id}")

    def wrap(func: Callable[[CheckContext], Iterator[Finding]]) -> Check:
        doc = inspect.cleandoc(func.__doc__ or "")
        if not doc:
            raise ValueError(f"rule {rule_id} has no documentation")
        return Check(Rule(rule_id, category, severity, doc, needs_source, needs_evidence), func)

    return wrap


__all__ = ["Check", "CheckContext", "Finding", "Rule", "SentencePair", "Severity", "check"]
