"""GitHub Actions workflow commands: one `::error` or `::warning` annotation per finding.

    ::error file=article.txt,line=3,col=28,endLine=3,endColumn=38,title=boundary.run-on::Two sentences run together

A finding that fails the gate is an `error`, any other a `warning`, so the annotations on a pull
request match the gate's verdict. Values are escaped as the runner requires: in the message `%`,
CR and LF; in properties also `:` and `,`.
"""

from __future__ import annotations

from collections.abc import Callable

from mtaudit.formats.locate import Locator, document_name
from mtaudit.gate import Gate
from mtaudit.records import AuditResult, DocumentResult, Finding


def escape_data(value: str) -> str:
    """Escape a workflow-command message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow-command property value (file, title…)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(name: str, finding: Finding, locator: Locator, level: str) -> str:
    """One workflow command for `finding` in the file `name`."""
    where = locator.finding_region(finding)
    properties = [
        ("file", name),
        ("line", str(where.start_line)),
        ("col", str(where.start_column)),
        ("endLine", str(where.end_line)),
        ("endColumn", str(where.end_column)),
        ("title", f"{finding.rule} ({finding.severity.value})"),
    ]
    message = f"{finding.message} [{finding.text!r}]"
    if finding.suggestions:
        message += f" → {finding.suggestions[0]!r}"
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{level} {props}::{escape_data(message)}"


def document_lines(doc: DocumentResult, gate: Gate) -> list[str]:
    """The annotations of one document: its findings, and a gate failure on score alone."""
    locator = Locator(doc.document.target)
    name = document_name(doc)
    lines = [annotation(name, finding, locator, "error" if gate.blocks(finding) else "warning") for finding in doc.findings]
    verdict = gate.verdict(doc)
    if not verdict.passed and not verdict.blocking:  # failed on score alone: say so on the file
        lines.append(f"::error file={escape_property(name)},title=mtaudit gate::{escape_data('; '.join(verdict.reasons))}")
    return lines


def error_lines(result: AuditResult) -> list[str]:
    """One annotation per input that could not be audited."""
    return [f"::error title=mtaudit input::{escape_data(error)}" for error in result.errors]


def render(result: AuditResult, gate: Gate | None = None) -> str:
    """Every finding as an annotation (errors for findings that block `gate`), one per line."""
    gate = gate or Gate()
    lines = [line for doc in result.documents for line in document_lines(doc, gate)]
    return "".join(line + "\n" for line in lines + error_lines(result))


class Stream:
    """The annotations written as a run goes (`mtaudit.formats.stream`): each document's as it
    is finished, the input errors at the end. The bytes of `render`."""

    def __init__(self, write: Callable[[str], None], gate: Gate) -> None:
        self.write = write
        self.gate = gate

    def document(self, doc: DocumentResult) -> None:
        self.write("".join(line + "\n" for line in document_lines(doc, self.gate)))

    def finish(self, end: AuditResult) -> None:
        self.write("".join(line + "\n" for line in error_lines(end)))
