"""Applying suggestions: the corrected text behind `mtaudit fix`.

Each finding's best suggestion (its first) is turned into the smallest edits that make it: a diff
of the flagged text and the suggestion by words, spaces and punctuation marks. "statment That" →
"statment that" becomes only "That" → "that", so it composes with the typo fix "statment" →
"statement" inside it, and the result is "statement that": neither edit brings back the error
the other one removed.

Findings are taken in priority order (accepted decisions first, then confidence, severity, the
narrower span); a finding whose edits would overlap edits already chosen is left out whole, so
two fixes never mix half of each. Identical edits from two findings are made once.

A file read as several documents (the units of an XLIFF, TMX, PO or CSV file), or whose text is
extracted (Markdown, HTML), is fixed inside its own structure: each document is planned on its
own and its edits are moved into the file through the reader's `Locator` (`place_edits`), written
as the format needs them (`&amp;`, `\\"`, `""`). Everything else keeps its bytes; an edit that
would cross an inline tag, cut an entity or escape in half, or that the format cannot hold there
is left out and counted, so the command can say so.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from mtaudit.baseline import finding_fingerprints
from mtaudit.errors import MtauditError
from mtaudit.readers.base import Decoded, Locator, declared_encoding, decode
from mtaudit.records import DocumentResult, Finding

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
    accepts it or its confidence is at least `min_confidence` and no decision rejects it. A
    decision is keyed by the finding's baseline fingerprint or by the HTML report's ("rule:hash",
    what its *Export decisions* writes).
    `findings` must be in report order when `decisions` are given (fingerprints count repeats).
    """
    from mtaudit.checks import is_selected

    decisions = decisions or {}
    prints = finding_fingerprints(text, findings) if decisions else [""] * len(findings)
    candidates: list[tuple[bool, Finding]] = []
    for finding, fingerprint in zip(findings, prints, strict=True):
        decision = (decisions.get(fingerprint) or decisions.get(_report_fingerprint(finding, text))) if decisions else None
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


def _report_fingerprint(finding: Finding, text: str) -> str:
    """The key the HTML report's exported decisions use ("rule:hash"), besides the baseline's."""
    from mtaudit.formats.html import fingerprint

    return fingerprint(finding, text)


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


# The formats `mtaudit fix` writes, by reader name. XLSX is not among them: a workbook is a zip of
# XML parts that openpyxl would rewrite whole, so its bytes could not be kept.
FIXABLE_FORMATS = ("text", "markdown", "html", "xliff", "tmx", "po", "csv", "tsv")
MARKUP_FORMATS = frozenset({"html", "xliff", "tmx"})
# Why a correction was left out of the file, as the note says it.
LEFT_OUT = {
    "markup": "it would cross an inline tag, a placeholder or code",
    "verbatim": "the text is not written verbatim in the file there (an entity, an escape, a wrapped line, collapsed whitespace)",
    "format": "the new text cannot be written there (a quote or delimiter in an unquoted cell, ']]>' in CDATA)",
    "cell": "the target cell could not be located in its row (a line ending or quoting the table reader does not follow)",
}
_ENTITY = re.compile(r"&(?:#[xX][0-9A-Fa-f]+|#[0-9]+|\w+);")


def _char_width(file_text: str, at: int, char: str, fmt: str) -> int:
    """How many file characters stand for the extracted character `char` read at file offset `at`:
    more than one for an entity (`&amp;`) or an escape (PO `\\"`, the doubled `""` of a CSV cell),
    else one."""
    if fmt in MARKUP_FORMATS:
        entity = _ENTITY.match(file_text, at)
        if entity and (file_text[at] != char or char == "&"):
            return len(entity.group())
    if fmt == "po" and file_text[at : at + 1] == "\\":
        return 2
    if fmt in ("csv", "tsv") and char == '"' and file_text[at : at + 2] == '""':
        return 2
    return 1


def _escape(fmt: str, replacement: str, file_text: str, at: int, cell_start: int) -> str | None:
    """`replacement` written as the file's format needs it at file offset `at`, or None when it
    cannot be written there. `cell_start`: where the edited string starts in the file (CSV/TSV)."""
    if fmt in MARKUP_FORMATS:
        if file_text.rfind("<![CDATA[", 0, at) > file_text.rfind("]]>", 0, at):
            return None if "]]>" in replacement else replacement
        return replacement.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if fmt == "po":
        return replacement.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    if fmt in ("csv", "tsv"):
        quoted = cell_start > 0 and file_text[cell_start - 1] == '"'
        if quoted:
            return replacement.replace('"', '""')
        delimiter = "," if fmt == "csv" else "\t"
        return None if any(c in replacement for c in (delimiter, '"', "\n", "\r")) else replacement
    return replacement


def place_edits(edits: list[Edit], target: str, file_text: str, locator: Locator, file_format: str | None = None) -> tuple[list[Edit], Counter[str]]:
    """`edits` of an extracted `target` moved into the file it was read from, so that a Markdown,
    HTML, XLIFF, TMX, PO or CSV file is fixed inside its own structure (its markup, entities,
    attributes and other units untouched); and how many edits were left out, by reason (a key of
    `LEFT_OUT`): an edit touching a placeholder or code span, or crossing an inline tag; one whose
    characters are not copied verbatim in the file; one whose new text the format cannot hold there;
    every edit of a table cell the reader could not locate (`_cell_located`).
    `file_format`: the reader's name when the locator's format says less (a TSV unit's is "csv").
    """
    fmt = file_format or locator.format
    moved: list[Edit] = []
    left_out: Counter[str] = Counter()
    cell_start = locator.run_file[0] if len(locator.run_file) else 0
    if fmt in ("csv", "tsv") and edits and not _cell_located(file_text, target, locator):
        left_out["cell"] += len(edits)
        return moved, left_out
    for edit in edits:
        if any(_touches(edit, start, end) for start, end in locator.skipped):
            left_out["markup"] += 1
            continue
        placed = _file_span(edit, target, file_text, locator, fmt)
        if isinstance(placed, str):
            left_out[placed] += 1
            continue
        replacement = _escape(fmt, edit.replacement, file_text, placed[0], cell_start)
        if replacement is None:
            left_out["format"] += 1
            continue
        moved.append(Edit(placed[0], placed[1], replacement))
    return moved, left_out


def _cell_located(file_text: str, target: str, locator: Locator) -> bool:
    """True when the table reader located the target's own cell: each run of `locator` puts its
    piece of `target` in the file verbatim, at increasing offsets (a lone `"` may stand for the
    doubled `""` of a quoted cell). Where the reader cannot follow a row (a line ending or quoting
    it does not split the same way as the csv module), it maps every character of the target to
    the start of the row: edits placed through that map would land in another cell, so the
    target is left unedited (reason "cell")."""
    ends = [*locator.run_text[1:], len(target)]
    previous_end = 0
    for text_start, text_end, at in zip(locator.run_text, ends, locator.run_file, strict=True):
        piece = target[text_start:text_end]
        written = '""' if piece == '"' and file_text[at : at + 2] == '""' else piece
        if at < previous_end or file_text[at : at + len(written)] != written:
            return False
        previous_end = at + len(written)
    return True


def _touches(edit: Edit, start: int, end: int) -> bool:
    """True when `edit` changes characters of `[start, end)` or inserts inside it."""
    if edit.start == edit.end:
        return start < edit.start < end
    return start < edit.end and edit.start < end


def _file_span(edit: Edit, target: str, file_text: str, locator: Locator, fmt: str) -> tuple[int, int] | str:
    """The file span an edit of `target` replaces, or why it has none (a key of `LEFT_OUT`)."""

    def after(index: int) -> int:  # the file offset just after the character target[index]
        at = locator.file_offset(index)
        return at + _char_width(file_text, at, target[index], fmt)

    if edit.start == edit.end:  # an insertion: between two characters that are next to each other in the file
        if edit.start == 0:
            return locator.file_offset(0), locator.file_offset(0)
        if edit.start >= len(target):
            return after(len(target) - 1), after(len(target) - 1)
        previous_end, position = after(edit.start - 1), locator.file_offset(edit.start)
        gap = file_text[previous_end:position]
        if gap and not (fmt == "html" and gap.isspace()):
            return "markup" if "<" in gap else "verbatim"
        return position, position
    start, end = locator.file_offset(edit.start), after(edit.end - 1)
    if end - start != edit.end - edit.start or file_text[start:end] != target[edit.start : edit.end]:
        return "markup" if "<" in file_text[start:end] else "verbatim"
    return start, end


def fix_documents(
    file_text: str,
    documents: list[DocumentResult],
    *,
    file_format: str | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    decisions: dict[str, str] | None = None,
) -> tuple[str, Counter[str]]:
    """The corrected `file_text`, from the audit of the documents read from it, and the corrections
    left out by reason (see `place_edits`). Each document (a text file, or one unit of a
    bilingual file) is planned on its own (`plan`); its edits are then moved into the file through
    the document's `Locator`. A document without one must be the file's own text. `file_format`:
    the name of the reader that read the file (see `place_edits`)."""
    chosen: list[Edit] = []
    left_out: Counter[str] = Counter()
    for doc in documents:
        target = doc.document.target
        edits, _ = plan(target, doc.findings, min_confidence=min_confidence, select=select, ignore=ignore, decisions=decisions)
        location = doc.document.location
        if location is not None:
            edits, skipped = place_edits(edits, target, file_text, location, file_format)
            left_out.update(skipped)
        elif target != file_text:
            raise MtauditError("the audited text is not the file's own text; fix cannot place its corrections")
        for edit in edits:  # units never share characters; kept safe all the same
            if not any(edit.conflicts(other) for other in chosen):
                chosen.append(edit)
    return apply_edits(file_text, chosen), left_out


def left_out_notes(left_out: Counter[str]) -> list[str]:
    """One line per reason a correction was left out: "2 corrections left out: …"."""
    return [f"{n} correction{'s' if n != 1 else ''} left out: {LEFT_OUT[reason]}" for reason, n in sorted(left_out.items()) if n]


def decode_as_reader(fmt: str, raw: bytes, name: str) -> Decoded:
    """The file decoded as its reader decodes it (the encoding an XML declaration, an HTML
    `<meta charset>` or a PO header declares), so that the reader's offsets fit the text fixed."""
    declared: str | None = None
    if fmt in ("xliff", "tmx"):
        declared = declared_encoding(raw, "xml")
    elif fmt == "html":
        declared = declared_encoding(raw, "html")
    elif fmt == "po":
        charset = re.search(rb"charset=([A-Za-z0-9._-]+)", raw[:8192])
        declared = charset.group(1).decode("ascii") if charset and charset.group(1).upper() != b"CHARSET" else None
    return decode(raw, name, declared)


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
