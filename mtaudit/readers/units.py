"""What the bilingual readers (XLIFF, TMX, PO, spreadsheets) share: one document per unit.

Every translation unit (every plural form of a PO entry, every segment of an XLIFF 2 unit) is
one `Document` with its source, like a JSONL record: the report contract stays as it is (offsets
into that unit's target), the id is `path:line` (plus `[n]` for a plural form) so it is unique
and an editor can jump to it, and the `Locator` maps offsets to the file and names the unit.

Units without a translation are not audited (there is no text to find anything in): each file's
untranslated units are listed in one note. Units whose target is their source, and units marked
fuzzy or needing review, are audited and noted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from mtaudit.readers.base import Locator, printable
from mtaudit.records import Document


@dataclass
class UnitNotes:
    """Per-file tallies that become one note each, rather than a line per unit."""

    path: str
    untranslated: list[str] = field(default_factory=list)
    identical: list[str] = field(default_factory=list)
    unfinished: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The notes of this file, one line per kind."""
        out = []
        for units, what in (
            (self.untranslated, "untranslated (not audited)"),
            (self.identical, "identical to their source"),
            (self.unfinished, "marked fuzzy or needing review"),
        ):
            if units:
                shown = ", ".join(units[:10]) + (f" and {len(units) - 10} more" if len(units) > 10 else "")
                out.append(f"{self.path}: {len(units)} unit{'s' if len(units) != 1 else ''} {what}: {shown}")
        return out


def code_spans(target: str, source: str) -> tuple[tuple[int, int], ...]:
    """The spans of `target` that are code, not prose: the placeholders it keeps from its source
    (so that `markup.placeholder` does not call a placeholder that belongs there unfilled) and
    ICU message syntax. A placeholder the source lacks is left as prose, to be flagged."""
    from mtaudit.checks.placeholders import icu_spans, placeholder_tokens

    in_source = {token for token, _, _ in placeholder_tokens(source)}
    kept = [(start, end) for token, start, end in placeholder_tokens(target) if token in in_source]
    return tuple(sorted(set(kept + icu_spans(target))))


def unit_document(
    *,
    path: str,
    line_starts: list[int],
    fmt: str,
    unit: str,
    line: int,
    target: str,
    run_text: Sequence[int],
    run_file: Sequence[int],
    source: str | None,
    source_lang: str | None,
    target_lang: str | None,
    notes: UnitNotes,
    state: str | None = None,
    source_tags: tuple[str, ...] = (),
    target_tags: tuple[str, ...] = (),
    suffix: str = "",
    file_notes: tuple[str, ...] = (),
    first_line: int = 1,
) -> Document | None:
    """The document of one unit, or None (and a note) when the unit has no translation."""
    label = printable(f"{unit}{suffix}")
    if not target.strip():
        notes.untranslated.append(label)
        return None
    unit_notes = list(file_notes)
    if source is not None and target.strip() == source.strip():
        notes.identical.append(label)
        unit_notes.append("target identical to source")
    if state:
        notes.unfinished.append(label)
        unit_notes.append(f"state: {state}")
    return Document(
        id=f"{path}:{line}{suffix}",
        target=target,
        path=path,
        source=source if source and source.strip() else None,
        source_lang=source_lang,
        target_lang=target_lang,
        location=Locator(
            fmt, line_starts, run_text, run_file, unit=label, notes=tuple(unit_notes),
            source_tags=source_tags, target_tags=target_tags, skipped=code_spans(target, source or ""), first_line=first_line,
        ),
    )
