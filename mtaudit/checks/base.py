"""What a check is: a `Rule` (stable id, category, severity, documentation, examples) and a function.

A check is a plain generator over one document's `CheckContext`:

    @check(
        "case.mid-sentence-capital",
        "fluency/spelling",
        Severity.MINOR,
        examples=(
            fires("said in A statment That Russia", "A", "a"),      # must flag "A", suggest "a"
            passes("She works for the Tripartite Contact Group.", "a run of capitals is a name"),
        ),
    )
    def mid_sentence_capital(ctx: CheckContext) -> Iterator[Finding]:
        '''What it catches / Why it matters / How it decides / Suggestion.'''
        ...
        yield ctx.finding(mid_sentence_capital.rule, start, end, "message", ["suggestion"])

The docstring *is* the rule's documentation: `mtaudit explain`, the README rule list and the HTML
report all read it, so it is written for users. Its "Examples" paragraph is written from the
`examples=` table, which `tests/test_rule_examples.py` runs: documentation and behaviour agree.
A check module imports only this module, the Language layer (`mtaudit.language`, `mtaudit.lexicon`)
and shared analyses outside `checks/` (`mtaudit.capitals`, `mtaudit.foreign`, `mtaudit.quantities`,
`mtaudit.segment`, `mtaudit.records`), never another check module.

This module is the one import surface of check modules: it re-exports the records a check needs
(`Rule`, `SentencePair`, `Finding`, `Severity`, `Example`) and the context (`CheckContext`), which
live in `mtaudit.records` and `mtaudit.context`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from mtaudit.context import CheckContext
from mtaudit.records import CATEGORIES, Example, Finding, Rule, SentencePair, Severity


@dataclass(frozen=True)
class Check:
    """A rule and the function that finds its violations."""

    rule: Rule
    run: Callable[[CheckContext], Iterator[Finding]]

    def __call__(self, ctx: CheckContext) -> Iterator[Finding]:
        return self.run(ctx)


def fires(text: str, flagged: str, suggestion: str | None = None, **context: Any) -> Example:
    """An example the rule must flag: `flagged` found in `text`, `suggestion` offered first."""
    return Example(text, flagged, suggestion, **context)


def passes(text: str, note: str, **context: Any) -> Example:
    """A counter-example the rule must leave alone, and why."""
    return Example(text, None, None, note, **context)


def examples_section(examples: tuple[Example, ...]) -> str:
    """The "Examples" paragraph of a rule's documentation, written from its table."""
    lines = []
    for example in examples:
        where = f'source "{example.source}" → target "{example.text}"' if example.source is not None else f'"{example.text}"'
        if example.lang != "en":
            where += f" ({example.lang})"
        if example.flagged is None:
            lines.append(f"- not flagged: {where}: {example.note}")
        elif example.suggestion is None:
            lines.append(f"- {where} → flags “{example.flagged}”")
        else:
            lines.append(f"- {where} → flags “{example.flagged}”, suggests “{example.suggestion}”")
    return "**Examples** (from the rule's test table):\n" + "\n".join(lines)


def _with_examples(doc: str, rule_id: str, examples: tuple[Example, ...]) -> str:
    """`doc` with the generated examples paragraph put before "How it decides" (or at the end)."""
    if not examples:
        return doc  # a model-evidence rule: its docstring shows an example (no table can run it)
    if "**Example" in doc:
        raise ValueError(f"rule {rule_id}: write examples in the examples= table, not in the docstring")
    section = examples_section(examples)
    marker = "**How it decides.**"
    if marker in doc:
        return doc.replace(marker, section + "\n\n" + marker, 1)
    return doc + "\n\n" + section


def check(
    rule_id: str,
    category: str,
    severity: Severity,
    *,
    needs_source: bool = False,
    needs_evidence: bool = False,
    examples: tuple[Example, ...] = (),
) -> Callable[..., Check]:
    """Decorator that turns a documented generator function into a registered-ready `Check`;
    `examples` is the rule's table of examples, shown in its documentation and run by the tests."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r} for rule {rule_id}")

    def wrap(func: Callable[[CheckContext], Iterator[Finding]]) -> Check:
        doc = inspect.cleandoc(func.__doc__ or "")
        if not doc:
            raise ValueError(f"rule {rule_id} has no documentation")
        return Check(Rule(rule_id, category, severity, _with_examples(doc, rule_id, examples), needs_source, needs_evidence, examples), func)

    return wrap


__all__ = ["Check", "CheckContext", "Example", "Finding", "Rule", "SentencePair", "Severity", "check", "examples_section", "fires", "passes"]
