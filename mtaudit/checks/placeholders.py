"""Placeholders and inline tags compared between a source and its translation.

In software strings and CAT-tool files (PO, XLIFF, TMX, spreadsheets) a placeholder or an inline
tag is code, not prose: the translation must carry every one of them, unchanged, wherever the
target language puts it. `placeholder_tokens` is the grammar (also used by the readers to mark the
placeholders a unit keeps as no prose).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.records import Finding, Severity

# printf (`%s`, `%d`, `%1$s`, `%.2f`, `%(name)s`), .NET/Python braces (`{0}`, `{name}`, `{0:N2}`),
# double braces (`{{var}}`), shell/JS templates (`${var}`), and the head of an ICU argument
# (`{count, plural,`); `%%` is a literal percent sign, not a placeholder. Repetitions are bounded
# so that no input makes the pattern backtrack for long.
PLACEHOLDER = re.compile(
    r"%%"
    r"|%(?:\d{1,3}\$)?(?:\([\w.-]{1,64}\))?[-+#0]{0,4}(?:\d{1,4}|\*)?(?:\.\d{1,4})?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrsaAp@]"
    r"|\{\{[\w.\- ]{1,64}\}\}"
    r"|\$\{[\w.]+\}"
    r"|\{ ?[\w.]{1,64} ?, ?(?:plural|select|selectordinal|number|date|time)\b ?,?"
    r"|\{ ?[\w.]{1,64}(?: ?:[^{}\s]{0,16})? ?\}"
)
# An ICU plural or select keyword opening its message ("one {", "=0 {", "other {").
ICU_KEYWORD = re.compile(r"(?<=[\s,}])(?:zero|one|two|few|many|other|=\d+|[a-z]\w*)\s*\{")


def placeholder_tokens(text: str) -> list[tuple[str, int, int]]:
    """Every placeholder of `text` as (normalised token, start, end); ICU heads count once as
    `{name, plural}`, whatever the spacing."""
    found: list[tuple[str, int, int]] = []
    if "%" not in text and "{" not in text:
        return found  # every placeholder holds one of them (most texts hold neither)
    for match in PLACEHOLDER.finditer(text):
        token = match.group()
        if token == "%%":
            continue
        if token.startswith("{{"):
            token = "{{" + token[2:-2].strip() + "}}"
        elif "," in token and token.startswith("{"):
            name, kind = (part.strip() for part in token.strip("{,").split(",")[:2])
            token = f"{{{name}, {kind}}}"
        found.append((token, match.start(), match.end()))
    return found


def icu_spans(text: str) -> list[tuple[int, int]]:
    """The syntax of ICU messages in `text` (argument heads, plural keywords and their braces):
    no prose, though the messages between them are."""
    spans = [(start, end) for token, start, end in placeholder_tokens(text) if "," in token]
    if not spans:
        return []
    spans += [m.span() for m in ICU_KEYWORD.finditer(text)]
    spans += [(i, i + 1) for i, char in enumerate(text) if char == "}"]
    return sorted(spans)


@check(
    "markup.placeholder-mismatch",
    "artefact/markup",
    Severity.MAJOR,
    needs_source=True,
    examples=(
        fires("Hello %(nom)s, welcome!", "%(nom)s", "%(name)s", source="Bonjour %(name)s, bienvenue !", source_lang="fr"),
        fires("Your order %s has shipped.", "%s", source="Votre commande a été expédiée.", source_lang="fr"),
        passes("You have %d new messages.", "the placeholder is kept", source="Vous avez %d nouveaux messages.", source_lang="fr"),
        passes("Hello, {0}! You have {1} new messages.", "kept in another order", source="{1} nouveaux messages pour {0} !", source_lang="fr"),
    ),
)
def placeholder_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    """Placeholder or inline tag dropped, added or altered in translation.

    **What it catches.** A format placeholder of the source (`%d`, `%(name)s`, `{0}`, `{{var}}`,
    `${var}`, an ICU argument such as `{count, plural, …}`) or an inline tag of a bilingual file
    (XLIFF `<g id="1">`, `<x id="2"/>`, `<pc>`, `<ph>`; TMX `<ph>`, `<bpt>`) that the translation
    lacks, has in addition, or has changed: "Bonjour %(name)s" → "Hello %(nom)s".

    **Why it matters.** The program fills placeholders by name or position: a renamed one crashes
    it or shows a hole, a dropped one loses the number or name, and a lost tag loses the link or
    the bold text of the page.

    **How it decides.** The placeholders of source and target are compared as multisets (order
    may change between languages, as it must); inline tags likewise, by element and id. A
    placeholder the translation keeps is never a finding. An extra or altered placeholder is
    marked where it stands in the target; a dropped one or a tag marks the last character of
    the target (the pipeline would hide other findings inside a wider markup finding).

    **Suggestion.** The source's placeholder, when one was altered; otherwise none.
    """
    source = ctx.source or ""
    source_found = placeholder_tokens(source)
    present = placeholder_tokens(ctx.text)
    location = ctx.document.location
    if not source_found and not present and (location is None or not (location.source_tags or location.target_tags)):
        return  # no placeholder and no inline tag on either side (most documents)
    wanted = Counter(token for token, _, _ in source_found)
    have = Counter(token for token, _, _ in present)
    missing = list((wanted - have).elements())
    extra_left = have - wanted
    for token, start, end in present:
        if extra_left[token] <= 0:
            continue
        extra_left[token] -= 1
        altered = missing.pop(0) if missing else None
        if altered:
            message = f"Placeholder {token} is not in the source, which has {altered} here: it was altered in translation."
        else:
            message = f"Placeholder {token} is not in the source: it was added in translation."
        yield ctx.finding(placeholder_mismatch.rule, start, end, message, [altered] if altered else [], confidence=0.9, evidence={"source_placeholders": sorted(wanted)})
    whole = _last_character(ctx.text)
    if whole is None:
        return
    for token in missing:
        yield ctx.finding(placeholder_mismatch.rule, *whole, f"The translation drops the placeholder {token} of the source.", confidence=0.9, evidence={"missing": token})
    if location is not None and (location.source_tags or location.target_tags):
        source_tags, target_tags = Counter(location.source_tags), Counter(location.target_tags)
        for tag in sorted((source_tags - target_tags).elements()):
            yield ctx.finding(placeholder_mismatch.rule, *whole, f"The translation drops the inline tag <{_tag(tag)}> of the source.", confidence=0.9, evidence={"missing_tag": tag})
        for tag in sorted((target_tags - source_tags).elements()):
            yield ctx.finding(placeholder_mismatch.rule, *whole, f"The translation has an inline tag <{_tag(tag)}> that the source does not.", confidence=0.9, evidence={"added_tag": tag})


def _last_character(text: str) -> tuple[int, int] | None:
    """The span of the last visible character of `text` (None when it is blank): where a dropped
    placeholder is reported. Not the whole text: the pipeline hides other findings that start
    inside markup findings, and the rest of the translation still deserves its checks."""
    end = len(text.rstrip())
    return (end - 1, end) if end else None


def _tag(tag: str) -> str:
    name, _, ident = tag.partition(":")
    return f'{name} id="{ident}"' if ident else name


CHECKS = (placeholder_mismatch,)
