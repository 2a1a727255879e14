"""A Markdown summary for a pull-request or merge-request comment.

A verdict line, a table with one row per document (verdict, score, findings by severity) and,
under each failing document, its blocking findings with their suggestions. Text from the audited
documents is escaped, so a `|` or a backtick in a finding cannot break the table or the code spans.
"""

from __future__ import annotations

from mtaudit.formats.locate import Locator, document_name
from mtaudit.gate import Gate
from mtaudit.records import AuditResult, Finding
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


def render(result: AuditResult, gate: Gate | None = None) -> str:
    """The comment body: verdict, per-document table, blocking findings of failing documents."""
    gate = gate or Gate()
    verdicts = [(doc, gate.verdict(doc)) for doc in result.documents]
    failed = sum(not v.passed for _, v in verdicts)
    total = len(verdicts)
    head = "❌ **mtaudit gate failed**" if failed else "✅ **mtaudit gate passed**"
    lines = [f"{head}: {failed} of {total} document{'s' if total != 1 else ''} failed (fail on {gate.fail_on.value}"
             + (f", minimum score {gate.min_score:g})" if gate.min_score is not None else ")"), ""]
    lines += ["| document | verdict | score | critical | major | minor |", "|---|---|---:|---:|---:|---:|"]
    for doc, verdict in verdicts:
        counts = doc.counts_by_severity()
        lines.append(
            f"| {escape(document_name(doc))} | {'PASS' if verdict.passed else 'FAIL'} | {doc.score:.1f} "
            f"| {counts['critical']} | {counts['major']} | {counts['minor']} |"
        )
    for doc, verdict in verdicts:
        if verdict.passed:
            continue
        name = document_name(doc)
        locator = Locator(doc.document.target)
        lines += ["", f"**{escape(name)}**: {escape('; '.join(verdict.reasons))}", ""]
        lines += [_finding_line(name, f, locator) for f in verdict.blocking[:MAX_LISTED]]
        if len(verdict.blocking) > MAX_LISTED:
            lines.append(f"- … and {len(verdict.blocking) - MAX_LISTED} more")
    for error in result.errors:
        lines += ["", f"⚠️ not audited: {escape(error)}"]
    return "\n".join(lines) + "\n"
