"""SARIF 2.1.0, the format code-scanning services (GitHub, GitLab, Azure DevOps) read.

One run; `tool.driver.rules` lists only the rules that fired, each with its documentation (the
first line as `shortDescription`, the whole text as `fullDescription` and `help`) and its default
level. Each finding becomes a result with its level from its severity (critical and major →
`error`, minor → `warning`), a region in code points (`run.columnKind = "unicodeCodePoints"`:
1-based lines and columns, and `charOffset`/`charLength`), the flagged text as the snippet, one
fix per suggestion, and the finding's baseline fingerprint as `partialFingerprints`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

from mtaudit.baseline import fingerprints
from mtaudit.formats.locate import Locator, document_name
from mtaudit.formats.stream import Spool
from mtaudit.gate import Gate
from mtaudit.records import AuditResult, DocumentResult, Finding, Severity

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning"}
FINGERPRINT_KEY = "mtauditFinding/v1"


def artifact_uri(name: str) -> str:
    """A URI reference for a document path or id: slashes kept, everything else percent-encoded
    (so "news/le monde.txt" and a JSONL id like "segs.jsonl:12" are both valid references)."""
    name = name.replace("\\", "/")
    if name.startswith("/"):
        return "file://" + quote(name, safe="/")
    return quote(name, safe="/")


def _rule_descriptor(rule_id: str, finding: Finding, table: dict[str, Any]) -> dict[str, Any]:
    rule = table.get(rule_id)
    if rule is None:  # a rule outside the registry: describe it from the finding
        summary, doc, category, severity = finding.message, finding.message, finding.category, finding.severity
    else:
        summary, doc, category, severity = rule.summary, rule.doc, rule.category, rule.severity
    return {
        "id": rule_id,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": doc},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {"category": category, "severity": severity.value, "tags": [category.split("/")[0], category]},
    }


def _result(finding: Finding, rule_index: int, uri: str, locator: Locator, fingerprint: str) -> dict[str, Any]:
    where = locator.finding_region(finding)
    region = {
        "startLine": where.start_line,
        "startColumn": where.start_column,
        "endLine": where.end_line,
        "endColumn": where.end_column,
        "charOffset": finding.start,
        "charLength": finding.end - finding.start,
        "snippet": {"text": finding.text},
    }
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": {"severity": finding.severity.value, "category": finding.category, "confidence": round(finding.confidence, 3)},
    }
    if finding.suggestions:
        deleted = {"charOffset": finding.start, "charLength": finding.end - finding.start}
        result["fixes"] = [
            {
                "description": {"text": f"Replace {finding.text!r} with {suggestion!r}"},
                "artifactChanges": [
                    {"artifactLocation": {"uri": uri}, "replacements": [{"deletedRegion": deleted, "insertedContent": {"text": suggestion}}]}
                ],
            }
            for suggestion in finding.suggestions
        ]
    return result


def sarif_log(result: AuditResult) -> dict[str, Any]:
    """The SARIF log of `result` as a JSON-ready dict."""
    rules = RuleTable()
    results = [item for doc in result.documents for item in document_results(doc, rules)]
    return _log(result, rules.descriptors, results)


class RuleTable:
    """The rules that fired so far, in the order they first fired (`tool.driver.rules`)."""

    def __init__(self) -> None:
        from mtaudit.checks import rules

        self.table = rules()
        self.index: dict[str, int] = {}
        self.descriptors: list[dict[str, Any]] = []

    def index_of(self, finding: Finding) -> int:
        """The index of `finding`'s rule, added to the table when it fires first."""
        if finding.rule not in self.index:
            self.index[finding.rule] = len(self.descriptors)
            self.descriptors.append(_rule_descriptor(finding.rule, finding, self.table))
        return self.index[finding.rule]


def document_results(doc: DocumentResult, rules: RuleTable) -> Iterator[dict[str, Any]]:
    """The SARIF results of one document's findings, in order."""
    uri = artifact_uri(document_name(doc))
    locator = Locator(doc.document.target)
    for finding, fingerprint in zip(doc.findings, fingerprints(doc), strict=True):
        yield _result(finding, rules.index_of(finding), uri, locator, fingerprint)


def _log(result: AuditResult, descriptors: list[dict[str, Any]], results: list[Any]) -> dict[str, Any]:
    """The log around `results`: the tool and its `descriptors`, the invocation (`result`'s
    errors) and the settings."""
    run = {
        "tool": {"driver": {"name": "mtaudit", "version": result.version, "semanticVersion": result.version, "rules": descriptors}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [
            {
                "executionSuccessful": not result.errors,
                "toolExecutionNotifications": [{"level": "error", "message": {"text": error}} for error in result.errors],
            }
        ],
        "properties": {"settings": result.settings.to_dict()},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


_RESULT_INDENT = "\n" + " " * 8  # a result sits four levels deep: runs[0].results[i]
_MARK = "\x00mtaudit results\x00"  # where the results go in the log written without them (a NUL: no other value holds it)


class Stream:
    """The SARIF log written as a run goes (`mtaudit.formats.stream`): each document's results
    are encoded as it is finished and kept in a `Spool` (the rule table, which comes before them,
    is known only at the end); `finish` writes the log around them. The bytes of `render`."""

    def __init__(self, write: Callable[[str], None], gate: Gate | None = None) -> None:
        self.write = write
        self.rules = RuleTable()
        self.spool = Spool()
        self.count = 0

    def document(self, doc: DocumentResult) -> None:
        for item in document_results(doc, self.rules):
            text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", _RESULT_INDENT)
            self.spool.write(text if self.count == 0 else "," + _RESULT_INDENT + text)
            self.count += 1

    def finish(self, end: AuditResult) -> None:
        if self.count == 0:
            self.spool.close()
            self.write(json.dumps(_log(end, self.rules.descriptors, []), ensure_ascii=False, indent=2) + "\n")
            return
        text = json.dumps(_log(end, self.rules.descriptors, [_MARK]), ensure_ascii=False, indent=2) + "\n"
        head, tail = text.split(json.dumps(_MARK), 1)
        self.write(head)
        self.spool.copy_to(self.write)
        self.write(tail)


def render(result: AuditResult, gate: Gate | None = None) -> str:
    """The SARIF log as deterministic, two-space-indented JSON.

    `gate` is accepted so every CI format has one signature; SARIF levels come from severity alone.
    """
    return json.dumps(sarif_log(result), ensure_ascii=False, indent=2) + "\n"
