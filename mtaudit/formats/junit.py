"""JUnit XML: one test case per document, failed when the document fails the gate.

CI systems that show test reports (GitLab merge requests, Jenkins, Azure DevOps, GitHub test
reporters) then list every audited document with its verdict. The failure message gives the
gate's reasons; its body lists the blocking findings as `path:line:col: severity rule message`.
Every finding, blocking or not, is also in `system-out`. Built with `xml.etree`, so text is escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from mtaudit.formats.locate import Locator, document_name
from mtaudit.formats.stream import Spool
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


def _error_case(error: str) -> ET.Element:
    """The test case of an input that could not be audited."""
    case = ET.Element("testcase", {"classname": "mtaudit", "name": escape_controls(error.split(":", 1)[0])})
    ET.SubElement(case, "error", {"message": escape_controls(error), "type": "mtaudit.input"})
    return case


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
        suite.append(_error_case(error))
    suite.set("failures", str(failures))
    suite.set("errors", str(len(result.errors)))
    suite.set("tests", str(len(result.documents) + len(result.errors)))
    root = ET.Element("testsuites", {"name": "mtaudit"})
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


_CASE_LEVEL = 2  # testsuites > testsuite > testcase
_BETWEEN_CASES = "\n" + "  " * _CASE_LEVEL


def _case_xml(case: ET.Element) -> str:
    """One test case as `render` writes it inside its suite (indented, without what follows it)."""
    ET.indent(case, level=_CASE_LEVEL)
    case.tail = None
    return ET.tostring(case, encoding="unicode")


class Stream:
    """The JUnit report written as a run goes (`mtaudit.formats.stream`): each document's test
    case as it is finished, kept in a `Spool` (the suite's counts, in its opening tag, are known
    only at the end); `finish` writes the suite around them. The bytes of `render`."""

    def __init__(self, write: Callable[[str], None], gate: Gate) -> None:
        self.write = write
        self.gate = gate
        self.spool = Spool()
        self.tests = self.failures = 0

    def _add(self, case: ET.Element) -> None:
        self.spool.write((_BETWEEN_CASES if self.tests else "") + _case_xml(case))
        self.tests += 1

    def document(self, doc: DocumentResult) -> None:
        case, passed = _testcase(doc, self.gate)
        self.failures += not passed
        self._add(case)

    def finish(self, end: AuditResult) -> None:
        for error in end.errors:
            self._add(_error_case(error))
        if not self.tests:
            self.spool.close()
            self.write(render(end, self.gate))
            return
        suite = ET.Element("testsuite", {"name": "mtaudit", "tests": str(self.tests), "failures": str(self.failures), "errors": str(len(end.errors))})
        suite.text = _MARK
        root = ET.Element("testsuites", {"name": "mtaudit"})
        root.append(suite)
        ET.indent(root)
        head, tail = ET.tostring(root, encoding="unicode").split(_MARK, 1)
        self.write('<?xml version="1.0" encoding="UTF-8"?>\n' + head + _BETWEEN_CASES)
        self.spool.copy_to(self.write)
        self.write("\n" + "  " * (_CASE_LEVEL - 1) + tail + "\n")


_MARK = "mtaudit-test-cases"  # where the cases go in the suite written without them
