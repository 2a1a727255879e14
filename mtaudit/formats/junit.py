"""JUnit XML: one test case per document, failed when the document fails the gate.

CI systems that show test reports (GitLab merge requests, Jenkins, Azure DevOps, GitHub test
reporters) then list every audited document with its verdict. The failure message gives the
gate's reasons; its body lists the blocking findings as `path:line:col: severity rule message`.
Every finding, blocking or not, is also in `system-out`. Built with `xml.etree`, so text is escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from mtaudit.formats.locate import Locator, document_name
from mtaudit.gate import Gate
from mtaudit.records import AuditResult, DocumentResult, Finding
from mtaudit.terminal import escape_controls


def _line(name: str, finding: Finding, locator: Locator) -> str:
    line, col = locator.line_col(finding.start)
    text = f"{name}:{line}:{col}: {finding.severity.value} {finding.rule} {escape_controls(finding.message)} [{finding.text!r}]"
    if finding.suggestions:
        text += f" → {finding.suggestions[0]!r}"
    return text


def _testcase(doc: DocumentResult, gate: Gate) -> tuple[ET.Element, bool]:
    name = document_name(doc)
    locator = Locator(doc.document.target)
    case = ET.Element("testcase", {"classname": "mtaudit", "name": name})
    verdict = gate.verdict(doc)
    if not verdict.passed:
        failure = ET.SubElement(case, "failure", {"message": "; ".join(verdict.reasons), "type": "mtaudit.gate"})
        failure.text = "\n".join(_line(name, f, locator) for f in verdict.blocking) or "; ".join(verdict.reasons)
    out = ET.SubElement(case, "system-out")
    lines = [f"score {doc.score:.1f}, mqm {doc.mqm:g}, {len(doc.findings)} finding{'s' if len(doc.findings) != 1 else ''}"]
    lines += [_line(name, f, locator) for f in doc.findings]
    out.text = "\n".join(lines)
    return case, verdict.passed


def render(result: AuditResult, gate: Gate | None = None) -> str:
    """The JUnit XML report (UTF-8, with an XML declaration)."""
    gate = gate or Gate()
    suite = ET.Element("testsuite", {"name": "mtaudit", "tests": str(len(result.documents))})
    failures = 0
    for doc in result.documents:
        case, passed = _testcase(doc, gate)
        failures += not passed
        suite.append(case)
    for error in result.errors:  # documents that could not be audited
        case = ET.SubElement(suite, "testcase", {"classname": "mtaudit", "name": escape_controls(error.split(":", 1)[0])})
        ET.SubElement(case, "error", {"message": escape_controls(error), "type": "mtaudit.input"})
    suite.set("failures", str(failures))
    suite.set("errors", str(len(result.errors)))
    suite.set("tests", str(len(result.documents) + len(result.errors)))
    root = ET.Element("testsuites", {"name": "mtaudit"})
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
