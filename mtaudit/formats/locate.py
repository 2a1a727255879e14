"""Line and column of findings, shared by the CI formats (SARIF, GitHub annotations).

Columns count code points, as SARIF's `columnKind = "unicodeCodePoints"` says; lines and columns
are 1-based. Computed here from the document text, never stored in the `Finding`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from mtaudit.records import DocumentResult, Finding
from mtaudit.segment import line_starts
from mtaudit.terminal import escape_controls


@dataclass(frozen=True)
class Region:
    """Where a span lies in the text: 1-based start and end line/column (end column exclusive)."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int


class Locator:
    """Turns code-point offsets of one text into lines and columns (one pass to index the lines)."""

    def __init__(self, text: str) -> None:
        self.starts = line_starts(text)

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def region(self, start: int, end: int) -> Region:
        start_line, start_column = self.line_col(start)
        end_line, end_column = self.line_col(end)
        return Region(start_line, start_column, end_line, end_column)

    def finding_region(self, finding: Finding) -> Region:
        """Where `finding` lies in its original file: its `location` (set by the pipeline from the
        reader's map: the line of an HTML, PO or XLIFF file) moved by the span's own lines, or,
        without one, its place in the document's text."""
        text_region = self.region(finding.start, finding.end)
        if finding.location is None:
            return text_region
        line, column = finding.location["line"], finding.location["column"]
        if text_region.end_line == text_region.start_line:
            return Region(line, column, line, column + (text_region.end_column - text_region.start_column))
        return Region(line, column, line + text_region.end_line - text_region.start_line, text_region.end_column)


def document_name(doc: DocumentResult) -> str:
    """The path a CI system shows for a document: its file path, else its id, with control
    characters escaped (one document, one line; nothing a terminal or XML 1.0 would act on)."""
    return escape_controls(doc.document.path or doc.document.id)
