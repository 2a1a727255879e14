"""The empty-target check: a source with text and a translation with none.

It runs only on demand (`mtaudit.registry.ON_DEMAND`): the pipeline asks for it when a document
of the run has an empty target and a non-empty source, so reports of ordinary runs are unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator

from mtaudit.checks.base import CheckContext, Finding, Severity, check, fires, passes
from mtaudit.records import is_empty_translation


@check(
    "source.empty-target",
    "accuracy/omission",
    Severity.CRITICAL,
    needs_source=True,
    examples=(
        fires("", "", source="Le ministre a annoncé la fermeture du pont.", source_lang="fr"),
        fires("   ", "   ", source="Le ministre a annoncé la fermeture du pont.", source_lang="fr"),
        passes("The minister announced the closure of the bridge.", "the target has text", source="Le ministre a annoncé la fermeture du pont.", source_lang="fr"),
    ),
)
def empty_target(ctx: CheckContext) -> Iterator[Finding]:
    """The source has text but the translation is empty: everything was omitted.

    **What it catches.** A segment or document whose target is empty (or only whitespace) while
    its source has text: a JSONL record `{"source": "Le pont est fermé.", "target": ""}`, an
    untranslated XLIFF unit exported with an empty target.

    **Why it matters.** An empty translation has no words to fault, so without this rule it would
    pass every other check with a perfect score. Publishing it loses the whole source text: a
    critical omission, and the gate fails.

    **How it decides.** The target is empty or only whitespace, and the source has at least one
    character that is not whitespace. Nothing else is looked at; the check runs only on demand,
    when the run holds such a document.

    **Suggestion.** None: translate the source. The finding covers the whole (empty or blank)
    target, so its `start` and `end` are 0 when the target is empty.
    """
    if not is_empty_translation(ctx.text, ctx.source):
        return
    words = len((ctx.source or "").split())
    # Not `ctx.finding`: an empty target has no non-empty span to point at.
    yield Finding(
        rule=empty_target.rule.id,
        category=empty_target.rule.category,
        severity=empty_target.rule.severity,
        start=0,
        end=len(ctx.text),
        text=ctx.text,
        message=f"The translation is empty but the source has {words} word{'s' if words != 1 else ''}: nothing was translated.",
    )


CHECKS = (empty_target,)
