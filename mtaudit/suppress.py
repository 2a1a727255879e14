"""Inline suppressions: `<!-- mtaudit: ignore RULE -->` comments in HTML and Markdown.

Translated text cannot carry `# noqa`, but HTML and Markdown can carry comments that readers never
see:

    <!-- mtaudit: ignore case.mid-sentence-capital -->
    The minister met the charity Shelter in Paris.

- `<!-- mtaudit: ignore RULE [RULE …] -->` on a line of its own silences those rules (rule-id
  prefixes, as `--ignore` takes them; none means every rule) in the paragraph that follows it;
  at the end of a line of text, in the paragraph it ends.
- `<!-- mtaudit: ignore-file RULE [RULE …] -->` silences them in the whole document.

For bilingual formats the same directive goes in the unit's note (an XLIFF `<note>`, a PO
translator comment `# mtaudit: ignore RULE`): `directive_rules` reads it, and the reader applies
it to that unit. Findings inside a directive comment itself (its `--`) are dropped too: it is an
instruction, not text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtaudit.records import Finding

COMMENT = re.compile(r"<!--\s*mtaudit:\s*(?P<kind>ignore-file|ignore)\b(?P<rules>[^>]*?)\s*-->")
DIRECTIVE = re.compile(r"mtaudit:\s*ignore\b(?P<rules>[^\n]*)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Suppression:
    """Rules (prefixes; empty for all) silenced in `text[start:end]`, from the comment on `line`."""

    start: int
    end: int
    rules: tuple[str, ...]
    line: int

    def silences(self, finding: Finding) -> bool:
        inside = self.start <= finding.start < self.end
        return inside and (not self.rules or finding.rule.startswith(self.rules))


def _rules(text: str) -> tuple[str, ...]:
    return tuple(word for word in re.split(r"[\s,]+", text.strip()) if word)


def directive_rules(note: str) -> tuple[str, ...] | None:
    """The rules an `mtaudit: ignore RULE …` note names (empty: every rule), or None when the note
    has no directive. For XLIFF notes and PO comments."""
    match = DIRECTIVE.search(note)
    return _rules(match.group("rules").replace("-->", "")) if match else None


def _paragraph_after(text: str, position: int) -> tuple[int, int]:
    """The paragraph that starts at the first non-blank text from `position`."""
    start = position
    while start < len(text) and text[start].isspace():
        start += 1
    blank = _BLANK_LINE.search(text, start)
    return start, blank.start() if blank else len(text)


def _paragraph_around(text: str, position: int) -> tuple[int, int]:
    """The paragraph that contains `position`."""
    before = [m.end() for m in _BLANK_LINE.finditer(text, 0, position)]
    blank = _BLANK_LINE.search(text, position)
    return (before[-1] if before else 0), (blank.start() if blank else len(text))


def suppressions(text: str) -> tuple[list[Suppression], list[tuple[int, int]]]:
    """The suppressions of a document, and the spans of the directive comments themselves."""
    found: list[Suppression] = []
    comments: list[tuple[int, int]] = []
    for match in COMMENT.finditer(text):
        comments.append((match.start(), match.end()))
        rules = _rules(match.group("rules"))
        line = text.count("\n", 0, match.start()) + 1
        if match.group("kind") == "ignore-file":
            start, end = 0, len(text)
        else:
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", match.end())
            line_end = len(text) if line_end < 0 else line_end
            alone = not text[line_start : match.start()].strip() and not text[match.end() : line_end].strip()
            start, end = _paragraph_after(text, match.end()) if alone else _paragraph_around(text, match.start())
        found.append(Suppression(start, end, rules, line))
    return found, comments


def apply_suppressions(text: str, findings: list[Finding]) -> list[Finding]:
    """`findings` without those that a directive silences or that lie inside a directive."""
    found, comments = suppressions(text)
    if not comments:
        return list(findings)
    return [
        f
        for f in findings
        if not any(s.silences(f) for s in found) and not any(start <= f.start < end for start, end in comments)
    ]


def unknown_rules(text: str, known: list[str]) -> list[str]:
    """One message per directive rule that no rule id starts with, naming its line."""
    import difflib

    problems = []
    for suppression in suppressions(text)[0]:
        for prefix in suppression.rules:
            if not any(rule_id.startswith(prefix) for rule_id in known):
                close = difflib.get_close_matches(prefix, known, n=1, cutoff=0.5)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                problems.append(f"line {suppression.line}: mtaudit: ignore {prefix}: no rule id starts with {prefix!r}{hint}")
    return problems
