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
from typing import Any
from urllib.parse import quote

from mtaudit.baseline import fingerprints
from mtaudit.formats.locate import Locator, document_name
from mtaudit.gate import Gate
from mtaudit.records import AuditResult, Finding, Severity

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
    from mtaudit.checks import rules

    table = rules()
    rule_index: dict[str, int] = {}
    descriptors: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for doc in result.documents:
        uri = artifact_uri(document_name(doc))
        locator = Locator(doc.document.target)
        for finding, fingerprint in zip(doc.findings, fingerprints(doc), strict=True):
            if finding.rule not in rule_index:
                rule_index[finding.rule] = len(descriptors)
                descriptors.append(_rule_descriptor(finding.rule, finding, table))
            results.append(_result(finding, rule_index[finding.rule], uri, locator, fingerprint))
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


def render(result: AuditResult, gate: Gate | None = None) -> str:
    """The SARIF log as deterministic, two-space-indented JSON.

    `gate` is accepted so every CI format has one signature; SARIF levels come from severity alone.
    """
    return json.dumps(sarif_log(result), ensure_ascii=False, indent=2) + "\n"
