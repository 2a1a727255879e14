"""Compiler-style text output: `path:line:col: severity rule message [→ suggestion]`."""

from __future__ import annotations

import bisect
import sys
from collections.abc import Callable

import click

from mtaudit.output import write_output
from mtaudit.records import AuditResult, DocumentResult, Finding
from mtaudit.segment import line_starts as line_starts_of
from mtaudit.terminal import escape_controls

SEVERITY_COLOURS = {"critical": "red", "major": "yellow", "minor": "cyan"}


def line_col(text: str, offset: int, line_starts: list[int] | None = None) -> tuple[int, int]:
    """1-based line and column (in code points) of `offset` in `text`."""
    starts = line_starts if line_starts is not None else line_starts_of(text)
    line = bisect.bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


def format_finding(doc: DocumentResult, finding: Finding, line_starts: list[int], colour: bool) -> str:
    if finding.location is not None:  # where it stands in the original file (HTML, PO, XLIFF …)
        line, col = finding.location["line"], finding.location["column"]
    else:
        line, col = line_col(doc.document.target, finding.start, line_starts)
    name = escape_controls(doc.document.path or doc.document.id)
    severity = click.style(finding.severity.value, fg=SEVERITY_COLOURS[finding.severity.value], bold=True) if colour else finding.severity.value
    rule = click.style(finding.rule, dim=True) if colour else finding.rule
    text = f"{name}:{line}:{col}: {severity} {rule} {escape_controls(finding.message)} [{finding.text!r}]"
    if finding.suggestions:
        text += f" → {finding.suggestions[0]!r}"
    return text


def summary_line(result: AuditResult) -> str:
    """One line: how many documents, findings by severity, and the mean score."""
    counts = {"critical": 0, "major": 0, "minor": 0}
    for doc in result.documents:
        for key, value in doc.counts_by_severity().items():
            counts[key] += value
    return summary_of(len(result.documents), counts, sum(d.score for d in result.documents))


def summary_of(docs: int, counts: dict[str, int], score_total: float) -> str:
    """`summary_line` from the totals: documents, findings by severity, the sum of the scores."""
    total = sum(counts.values())
    mean = score_total / docs if docs else 100.0
    return (
        f"{docs} document{'s' if docs != 1 else ''}, {total} finding{'s' if total != 1 else ''} "
        f"({counts['critical']} critical, {counts['major']} major, {counts['minor']} minor), mean score {mean:.1f}"
    )


def render(result: AuditResult, colour: bool = False) -> str:
    """Every finding on its own line, documents in input order, then the summary line."""
    lines: list[str] = []
    for doc in result.documents:
        starts = line_starts_of(doc.document.target)
        for finding in doc.findings:
            lines.append(format_finding(doc, finding, starts, colour))
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


class TextStream:
    """The text output written as a run goes (`mtaudit.engines.run.run_engine`'s `on_document`,
    then `finish`): each document's findings as it is finished, the summary line at the end, the
    bytes of `render` of the whole result."""

    def __init__(self, write: Callable[[str], None], colour: bool = False) -> None:
        self.write = write
        self.colour = colour
        self.documents = 0
        self.counts = {"critical": 0, "major": 0, "minor": 0}
        self.score_total = 0.0

    def document(self, doc: DocumentResult) -> None:
        if doc.findings:
            starts = line_starts_of(doc.document.target)
            self.write("".join(format_finding(doc, finding, starts, self.colour) + "\n" for finding in doc.findings))
        self.documents += 1
        for key, value in doc.counts_by_severity().items():
            self.counts[key] += value
        self.score_total += doc.score

    def finish(self, end: AuditResult | None = None) -> None:
        """The summary line (`end`, the run's summary, adds nothing to it)."""
        self.write(summary_of(self.documents, self.counts, self.score_total) + "\n")


def write(result: AuditResult, output: str | None, *, mkdir: bool = False) -> list[str]:
    """Write the findings to `output` (see `mtaudit.output.write_output`), or to standard output when None, in colour
    when standard output is a terminal."""
    if output is None:
        click.echo(render(result, colour=sys.stdout.isatty()), nl=False)
        return []
    write_output(output, render(result), mkdir=mkdir)
    return [output]
