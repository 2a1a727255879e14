"""Letters of another script left in the target: "He practised 太极 every morning."."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.foreign import JAPANESE, NON_LATIN, SCRIPT_PATTERNS, SCRIPTS, inside_foreign_sentence, same_script_family, script_of
from mtaudit.records import Finding, Severity

# A run of letters of one script, CJK runs may include spaces and CJK punctuation.
_RUN_RE = {
    name: regex.compile(rf"\p{{Script={name}}}[\p{{Script={name}}}\p{{M}}{'　、。，·・ー' if name in JAPANESE else ''}]*")
    for name in SCRIPTS
}


@check(
    "untranslated.script",
    "accuracy/untranslated",
    Severity.MAJOR,
    examples=(
        fires("He practised 太极 every morning.", "太极"),
        passes("He practised tai chi (太极) every morning.", "a gloss in brackets after the translation"),
    ),
)
def untranslated_script(ctx: CheckContext) -> Iterator[Finding]:
    """Text in the source's writing system left in the target.

    **What it catches.** Characters of another script than the target's: Chinese characters in
    an English translation from Chinese ("the 太极 master"), Cyrillic in a French translation
    from Russian.

    **Why it matters.** The reader cannot read it at all: a term the system did not translate.

    **How it decides.** The target's script is the one most of its letters are written in. A
    run of letters in another script is flagged when the source text uses that script (or,
    without a source, when the script is not the target's and the run is not a gloss in
    brackets after a name, such as "Beijing (北京)"). Single Greek letters (symbols in science)
    are left alone.

    **Suggestion.** None: the run needs translating or transliterating.
    """
    text = ctx.text
    if text.isascii() or not NON_LATIN.search(text):
        return  # no letter but Latin ones (`isascii` answers at once: most texts)
    target_script = script_of(text)
    if target_script is None:
        return
    source_scripts: set[str] | None = None
    if ctx.source is not None:
        source_scripts = {name for name, pattern in SCRIPT_PATTERNS.items() if pattern.search(ctx.source)}
    for name, pattern in _RUN_RE.items():
        if same_script_family(name, target_script) or not SCRIPT_PATTERNS[name].search(text):
            continue
        if source_scripts is not None and not any(same_script_family(name, s) for s in source_scripts):
            continue
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            while end > start and not text[end - 1].isalpha():
                end -= 1
            run = text[start:end]
            if not run:  # no letter to Python (a character newer than its Unicode tables)
                continue
            if (name == "Greek" and len(run) < 3) or inside_foreign_sentence(ctx, start):
                continue
            if source_scripts is None and _is_gloss(text, start, end):
                continue
            yield ctx.finding(
                untranslated_script.rule,
                start,
                end,
                f"“{run}” is written in {name} script inside a {target_script}-script text: it was left untranslated.",
                confidence=0.9 if source_scripts else 0.6,
                evidence={"script": name, "target_script": target_script},
            )


def _is_gloss(text: str, start: int, end: int) -> bool:
    """"Beijing (北京)", "Moscow [Москва]": the original form given in brackets."""
    before = text[max(0, start - 2) : start].rstrip()
    after = text[end : end + 2].lstrip()
    return before.endswith(("(", "[", "（")) and after.startswith((")", "]", "）"))


CHECKS = (untranslated_script,)
