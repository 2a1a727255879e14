"""`mtaudit check`'s text output: a PASS or FAIL line per document with the findings that block
it, then how many documents failed; whole (`verdict_text`) or as a run goes (`VerdictStream`)."""

from __future__ import annotations

from collections.abc import Callable

import click

from mtaudit.formats.text import format_finding, line_starts_of
from mtaudit.gate import Gate
from mtaudit.records import DocumentResult
from mtaudit.terminal import escape_controls


def verdict_lines(doc: DocumentResult, gate: Gate, colour: bool = False) -> list[str]:
    """`mtaudit check`'s lines for one document: PASS or FAIL with its score and counts, then
    the findings that block it (in `path:line:col` form)."""
    verdict = gate.verdict(doc)
    counts = doc.counts_by_severity()
    word = "PASS" if verdict.passed else "FAIL"
    if colour:
        word = click.style(word, fg="green" if verdict.passed else "red", bold=True)
    name = escape_controls(doc.document.id)  # the path for a file; path:line for a unit of a bilingual file
    lines = [
        f"{word} {name}: score {doc.score:.1f}, mqm {doc.mqm:g}, "
        f"{counts['critical']} critical, {counts['major']} major, {counts['minor']} minor"
        + (f" ({'; '.join(verdict.reasons)})" if verdict.reasons else "")
    ]
    if verdict.blocking:
        starts = line_starts_of(doc.document.target)
        lines.extend("  " + format_finding(doc, finding, starts, colour) for finding in verdict.blocking)
    return lines


def failed_line(failed: int, total: int) -> str:
    """`mtaudit check`'s last line."""
    return f"{failed} of {total} document{'s' if total != 1 else ''} failed the gate"


def verdict_text(documents: list[DocumentResult], gate: Gate, colour: bool = False) -> str:
    """`mtaudit check`'s text output: `verdict_lines` of every document, then `failed_line`."""
    pieces: list[str] = []
    stream = VerdictStream(pieces.append, gate, colour)
    for doc in documents:
        stream.document(doc)
    stream.finish()
    return "".join(pieces)


class VerdictStream:
    """`mtaudit check`'s text output written as a run goes: each document's verdict as it is
    finished, `failed_line` at the end (the bytes of `verdict_text`). `failed` says whether any
    document failed: the exit code."""

    def __init__(self, write: Callable[[str], None], gate: Gate, colour: bool = False) -> None:
        self.write = write
        self.gate = gate
        self.colour = colour
        self.total = self.failures = 0

    @property
    def failed(self) -> bool:
        return self.failures > 0

    def document(self, doc: DocumentResult) -> None:
        lines = verdict_lines(doc, self.gate, self.colour)
        self.total += 1
        self.failures += not self.gate.verdict(doc).passed
        self.write("".join(line + "\n" for line in lines))

    def finish(self, end: object = None) -> None:
        """The last line (`end`, the run's summary, adds nothing to it)."""
        self.write(failed_line(self.failures, self.total) + "\n")
