"""Compiler-style text output: `path:line:col: severity rule message [→ suggestion]`."""

from __future__ import annotations

import bisect
import sys

import click

from mtaudit.output import write_output
from mtaudit.records import AuditResult, DocumentResult, Finding
from mtaudit.terminal import escape_controls

SEVERITY_COLOURS = {"critical": "red", "major": "yellow", "minor": "cyan"}


def line_col(text: str, offset: int, line_starts: list[int] | None = None) -> tuple[int, int]:
    """1-based line and column (in code points) of `offset` in `text`."""
    starts = line_starts if line_starts is not None else line_starts_of(text)
    line = bisect.bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


def line_starts_of(text: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


def format_finding(doc: DocumentResult, finding: Finding, line_starts: list[int], colour: bool) -> str:
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
    total = sum(counts.values())
    mean = sum(d.score for d in result.documents) / len(result.documents) if result.documents else 100.0
    docs = len(result.documents)
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


def write(result: AuditResult, output: str | None, *, mkdir: bool = False) -> list[str]:
    """Write the findings to `output` (see `mtaudit.output.write_output`), or to standard output when None, in colour
    when standard output is a terminal."""
    if output is None:
        click.echo(render(result, colour=sys.stdout.isatty()), nl=False)
        return []
    write_output(output, render(result), mkdir=mkdir)
    return [output]
