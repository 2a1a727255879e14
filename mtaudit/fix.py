"""Applying suggestions: the corrected text behind `mtaudit fix`.

Each finding's best suggestion (its first) is turned into the smallest edits that make it: a diff
of the flagged text and the suggestion by words, spaces and punctuation marks. "statment That" →
"statment that" becomes only "That" → "that", so it composes with the typo fix "statment" →
"statement" inside it, and the result is "statement that": neither edit brings back the error
the other one removed.

Findings are taken in priority order (accepted decisions first, then confidence, severity, the
narrower span); a finding whose edits would overlap edits already chosen is left out whole, so
two fixes never mix half of each. Identical edits from two findings are made once.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mtaudit.baseline import finding_fingerprints
from mtaudit.errors import MtauditError
from mtaudit.records import Finding

DEFAULT_MIN_CONFIDENCE = 0.5
ACCEPT = frozenset({"accept", "accepted"})
REJECT = frozenset({"reject", "rejected", "false-positive"})
DECISIONS = ACCEPT | REJECT | {"reviewed"}
_PIECE = re.compile(r"\w+|\s+|[^\w\s]")


class DecisionsError(MtauditError):
    """A decisions file that cannot be used."""


@dataclass(frozen=True)
class Edit:
    """Replace `text[start:end]` with `replacement` (an insertion when start == end)."""

    start: int
    end: int
    replacement: str

    def conflicts(self, other: Edit) -> bool:
        """True when the two edits touch the same characters, or insert at the same point."""
        if self == other:
            return False
        if self.start == self.end and other.start == other.end:
            return self.start == other.start
        if self.start == self.end:
            return other.start < self.start < other.end
        if other.start == other.end:
            return self.start < other.start < self.end
        return max(self.start, other.start) < min(self.end, other.end)


def edits_for(finding: Finding, suggestion: str) -> list[Edit]:
    """The smallest edits, in document offsets, that turn `finding.text` into `suggestion`."""
    old = _PIECE.findall(finding.text)
    new = _PIECE.findall(suggestion)
    offsets = [finding.start]
    for piece in old:
        offsets.append(offsets[-1] + len(piece))
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [
        Edit(offsets[i1], offsets[i2], "".join(new[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def plan(
    text: str,
    findings: list[Finding],
    *,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    decisions: dict[str, str] | None = None,
) -> tuple[list[Edit], list[Finding]]:
    """The edits to make and the findings they fix.

    A finding is a candidate when it has a suggestion, its rule is selected, and either a decision
    accepts it or its confidence is at least `min_confidence` and no decision rejects it.
    `findings` must be in report order when `decisions` are given (fingerprints count repeats).
    """
    from mtaudit.checks import is_selected

    decisions = decisions or {}
    prints = finding_fingerprints(text, findings) if decisions else [""] * len(findings)
    candidates: list[tuple[bool, Finding]] = []
    for finding, fingerprint in zip(findings, prints, strict=True):
        decision = decisions.get(fingerprint)
        if not finding.suggestions or decision in REJECT or not is_selected(finding.rule, select, ignore):
            continue
        accepted = decision in ACCEPT
        if accepted or finding.confidence >= min_confidence:
            candidates.append((accepted, finding))
    candidates.sort(key=lambda c: (not c[0], -c[1].confidence, -c[1].severity.rank, c[1].end - c[1].start, c[1].start, c[1].rule))
    chosen: list[Edit] = []
    fixed: list[Finding] = []
    for _, finding in candidates:
        edits = edits_for(finding, finding.suggestions[0])
        if not edits or any(e.conflicts(c) for e in edits for c in chosen):
            continue
        chosen.extend(e for e in edits if e not in chosen)
        fixed.append(finding)
    return sorted(chosen, key=lambda e: (e.start, e.end)), sorted(fixed, key=Finding.sort_key)


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with non-conflicting `edits` made (any order given)."""
    pieces: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def map_edits(edits: list[Edit], target: str, file_text: str, file_offset: Callable[[int], int]) -> tuple[list[Edit], int]:
    """`edits` of an extracted `target` moved into the file it was read from (`file_offset`: a
    reader's `Locator.file_offset`), so a Markdown or HTML file is fixed inside its own structure;
    and how many edits could not be moved: those whose characters are not copied verbatim in the
    file (an HTML entity, whitespace the reader collapsed, a heading joined from front matter).
    """
    moved: list[Edit] = []
    skipped = 0
    for edit in edits:
        start = file_offset(edit.start)
        end = start + (edit.end - edit.start)
        if file_text[start:end] == target[edit.start : edit.end] and (edit.start == edit.end or file_offset(edit.end - 1) == end - 1):
            moved.append(Edit(start, end, edit.replacement))
        else:
            skipped += 1
    return moved, skipped


def apply_fixes(
    text: str,
    findings: list[Finding],
    *,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    decisions: dict[str, str] | None = None,
) -> str:
    """`text` with the best suggestion of every eligible finding applied (see `plan`)."""
    edits, _ = plan(text, findings, min_confidence=min_confidence, select=select, ignore=ignore, decisions=decisions)
    return apply_edits(text, edits)


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of the original and the corrected text, `a/NAME` → `b/NAME`."""
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def load_decisions(path: str | Path) -> dict[str, str]:
    """Fingerprint → decision from a decisions file (as the HTML report exports it).

    Accepted shapes: `{"decisions": {FP: DECISION | {"decision": DECISION, "comment": …}}}` or
    the inner mapping alone. DECISION is accept, reject, false-positive or reviewed.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DecisionsError(f"{path}: no such decisions file; check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DecisionsError(f"{path}: cannot read the decisions file ({exc})") from None
    except json.JSONDecodeError as exc:
        raise DecisionsError(f"{path}: not valid JSON (line {exc.lineno}); export the decisions again") from None
    if isinstance(data, dict) and isinstance(data.get("decisions"), dict):
        data = data["decisions"]
    if not isinstance(data, dict):
        raise DecisionsError(f"{path}: needs a JSON object of fingerprint → decision")
    decisions: dict[str, str] = {}
    for fingerprint, value in data.items():
        decision = value.get("decision") if isinstance(value, dict) else value
        if decision not in DECISIONS:
            raise DecisionsError(f"{path}: decision {decision!r} for {fingerprint}: use one of {', '.join(sorted(DECISIONS))}")
        decisions[fingerprint] = decision
    return decisions
