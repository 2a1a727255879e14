"""The glossary check: the team's required terms, their forbidden variants, source terms.

The glossary itself is read by `mtaudit.glossary.load_glossary`; the check finds it on the
context (`ctx.glossary`, filled by the pipeline from `--glossary` or the configuration) and finds
nothing when there is none. `glossary_check(glossary)` makes a check bound to one glossary, for
callers that build their own list of checks.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from mtaudit.checks.base import Check, CheckContext, check
from mtaudit.glossary import Entry, Glossary
from mtaudit.language import inflection_pattern, noun_endings
from mtaudit.records import Finding, Severity


def variant_pattern(word: str, lang: str, case_sensitive: bool) -> regex.Pattern[str]:
    """A pattern for `word` as a whole word, bare or with a plural or genitive ending of `lang`
    (the Language layer's `noun_endings`: English "Kiev's", "Kievs"; German "Kiews")."""
    return inflection_pattern(word, noun_endings(lang), case_sensitive=case_sensitive)


def _suggestion(term: str, matched: str, ending: str, case_sensitive: bool) -> str:
    """The required term in the matched form: same ending, capitalised where the match was
    (a sentence start) when the glossary lets case vary."""
    if not case_sensitive and matched[:1].isupper() and term[:1].islower():
        term = term[:1].upper() + term[1:]
    return term + ending


def forbidden_findings(ctx: CheckContext, entry: Entry) -> Iterator[Finding]:
    """A finding for every forbidden variant of `entry` in the target, suggesting the term."""
    for variant in entry.forbidden:
        for match in variant_pattern(variant, ctx.lang, entry.case_sensitive).finditer(ctx.text):
            ending = match.group("ending") or ""
            base = match.group(0)[: len(match.group(0)) - len(ending)]
            if base == entry.term:
                continue  # a case-insensitive variant that is the required term itself
            suggestion = _suggestion(entry.term, base, ending, entry.case_sensitive)
            yield ctx.finding(
                glossary.rule,
                match.start(),
                match.end(),
                f"The glossary requires “{entry.term}”, not “{variant}”.",
                [suggestion],
                evidence={"glossary_row": entry.row} if entry.row else None,
            )


def source_findings(ctx: CheckContext, entry: Entry) -> Iterator[Finding]:
    """A finding for every target sentence whose source has `entry.source` but that does not
    contain the required term (nor a forbidden variant, which is flagged already)."""
    if not entry.source or ctx.source is None:
        return
    source_term = variant_pattern(entry.source, ctx.source_lang or ctx.lang, entry.case_sensitive)
    target_forms = [variant_pattern(word, ctx.lang, entry.case_sensitive) for word in (entry.term, *entry.forbidden)]
    pairs = [(p.target_start, p.target_end, p.source_text) for p in ctx.pairs] or [(0, len(ctx.text), ctx.source)]
    for start, end, source_text in pairs:
        if not source_term.search(source_text):
            continue
        target = ctx.text[start:end]
        if any(form.search(target) for form in target_forms):
            continue
        stripped = target.rstrip()
        start += len(stripped) - len(stripped.lstrip())
        end = start + len(stripped.strip())
        if end > start:
            yield ctx.finding(
                glossary.rule,
                start,
                end,
                f"The source term “{entry.source}” is translated without the glossary's “{entry.term}”.",
                evidence={"glossary_row": entry.row} if entry.row else None,
            )


def glossary_findings(ctx: CheckContext, glossary_: Glossary) -> Iterator[Finding]:
    """Every glossary finding of one document, in text order."""
    found: list[Finding] = []
    for entry in glossary_.for_languages(ctx.lang, ctx.source_lang):
        found.extend(forbidden_findings(ctx, entry))
        found.extend(source_findings(ctx, entry))
    yield from sorted(found, key=Finding.sort_key)


@check("terminology.glossary", "terminology/glossary", Severity.MAJOR)
def glossary(ctx: CheckContext) -> Iterator[Finding]:
    """A term the team's glossary forbids, or a source term translated without its required term.

    **What it catches.** With a glossary (`--glossary PATH` or `glossary = "path"` in the
    configuration), every forbidden variant in the target ("Kiev" where the glossary requires
    "Kyiv"), in its plural and genitive forms too ("Kiev's" → "Kyiv's", German "Kiews" →
    "Kyjiws"), case-insensitively unless the row says `case = sensitive`. When the row names a
    source term and the text has a source, a target sentence whose source contains that term but
    which does not use the required term is flagged as well.

    **Why it matters.** House style and client terminology are not negotiable: a forbidden
    variant is an error even when it is good English.

    **Example.** Glossary `term,forbidden` / `Kyiv,Kiev`: "it also stressed that Kiev strongly
    rejects…" → "Kyiv".

    **How it decides.** Each glossary row that applies to the document's languages (its `lang`,
    and for TBX its source language) is searched for: forbidden variants as whole words, bare or
    with a plural or genitive ending of the target language (the Language layer's `noun_endings`:
    English -s, -es, 's; German -s, -es, -n, -en, -e, -er; Russian -а, -у, -ом…); for a row with
    a `source` term, each aligned sentence pair whose source has the term (in the source
    language's inflected forms too) and whose target has neither the term nor a variant, in any
    of their inflected forms ("Kyivs" counts as "Kyiv"). The check runs only when a glossary is
    given.

    **Suggestion.** The required term, with the flagged word's ending.
    """
    found: Glossary | None = getattr(ctx, "glossary", None)
    if found is not None:
        yield from glossary_findings(ctx, found)


def glossary_check(glossary_: Glossary) -> Check:
    """The glossary check bound to `glossary_`, whatever the context carries."""
    return Check(glossary.rule, lambda ctx: glossary_findings(ctx, glossary_))


CHECKS = (glossary,)
