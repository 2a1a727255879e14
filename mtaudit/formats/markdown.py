"""A Markdown summary for a pull-request or merge-request comment.

A verdict line, a table with one row per document (verdict, score, findings by severity) and,
under each failing document, its blocking findings with their suggestions. Text from the audited
documents is escaped, so a `|` or a backtick in a finding cannot break the table or the code spans.
"""

from __future__ import annotations

from collections.abc import Callable

from mtaudit.formats.locate import Locator, document_name
from mtaudit.formats.stream import Spool
from mtaudit.gate import Gate, Verdict
from mtaudit.records import AuditResult, DocumentResult, Finding
from mtaudit.terminal import escape_controls

MAX_LISTED = 20


def escape(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, pipes, backslashes and markup escaped."""
    text = " ".join(escape_controls(text).split())
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


def code(text: str) -> str:
    """`text` as an inline code span that holds any backticks it contains."""
    text = " ".join(text.split())
    longest = 0
    run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _finding_line(name: str, finding: Finding, locator: Locator) -> str:
    line, col = locator.line_col(finding.start)
    text = f"- **{finding.severity.value}** {code(finding.rule)} {escape(name)}:{line}:{col}: {escape(finding.message)} {code(finding.text)}"
    if finding.suggestions:
        best = finding.suggestions[0]
        text += f" → {code(best)}" if best.strip() else " → delete it"
    return text


def verdict_line(failed: int, total: int, gate: Gate) -> str:
    """The comment's first line: the verdict, how many documents failed, the gate."""
    head = "❌ **mtaudit gate failed**" if failed else "✅ **mtaudit gate passed**"
    return f"{head}: {failed} of {total} document{'s' if total != 1 else ''} failed (fail on {gate.fail_on.value}" + (
        f", minimum score {gate.min_score:g})" if gate.min_score is not None else ")"
    )


TABLE_HEAD = ["| document | verdict | score | critical | major | minor |", "|---|---|---:|---:|---:|---:|"]


def row(doc: DocumentResult, verdict: Verdict) -> str:
    """The table row of one document."""
    counts = doc.counts_by_severity()
    return (
        f"| {escape(document_name(doc))} | {'PASS' if verdict.passed else 'FAIL'} | {doc.score:.1f} "
        f"| {counts['critical']} | {counts['major']} | {counts['minor']} |"
    )


def failure_lines(doc: DocumentResult, verdict: Verdict) -> list[str]:
    """What a failing document gets under the table: its reasons and its blocking findings."""
    name = document_name(doc)
    locator = Locator(doc.document.target)
    lines = ["", f"**{escape(name)}**: {escape('; '.join(verdict.reasons))}", ""]
    lines += [_finding_line(name, f, locator) for f in verdict.blocking[:MAX_LISTED]]
    if len(verdict.blocking) > MAX_LISTED:
        lines.append(f"- … and {len(verdict.blocking) - MAX_LISTED} more")
    return lines


def error_lines(result: AuditResult) -> list[str]:
    """The inputs that could not be audited, at the end of the comment."""
    return [line for error in result.errors for line in ("", f"⚠️ not audited: {escape(error)}")]


def render(result: AuditResult, gate: Gate | None = None) -> str:
    """The comment body: verdict, per-document table, blocking findings of failing documents."""
    gate = gate or Gate()
    verdicts = [(doc, gate.verdict(doc)) for doc in result.documents]
    failed = sum(not v.passed for _, v in verdicts)
    lines = [verdict_line(failed, len(verdicts), gate), "", *TABLE_HEAD]
    lines += [row(doc, verdict) for doc, verdict in verdicts]
    for doc, verdict in verdicts:
        if not verdict.passed:
            lines += failure_lines(doc, verdict)
    lines += error_lines(result)
    return "\n".join(lines) + "\n"


class Stream:
    """The comment written as a run goes (`mtaudit.formats.stream`): each document's row and,
    when it fails, its findings are kept in two `Spool`s (the verdict line, first, counts every
    document); `finish` writes the verdict, then the spools. The bytes of `render`."""

    def __init__(self, write: Callable[[str], None], gate: Gate) -> None:
        self.write = write
        self.gate = gate
        self.rows = Spool()
        self.failures = Spool()
        self.total = self.failed = 0

    def document(self, doc: DocumentResult) -> None:
        verdict = self.gate.verdict(doc)
        self.total += 1
        self.rows.write(row(doc, verdict) + "\n")
        if not verdict.passed:
            self.failed += 1
            self.failures.write("".join(line + "\n" for line in failure_lines(doc, verdict)))

    def finish(self, end: AuditResult) -> None:
        self.write("".join(line + "\n" for line in [verdict_line(self.failed, self.total, self.gate), "", *TABLE_HEAD]))
        self.rows.copy_to(self.write)
        self.failures.copy_to(self.write)
        self.write("".join(line + "\n" for line in error_lines(end)))
