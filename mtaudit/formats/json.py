"""The machine-readable report, `mtaudit.report/1` (see docs/report-format.md)."""

from __future__ import annotations

import json

from mtaudit.records import AuditResult


def render(result: AuditResult) -> str:
    """The JSON report: deterministic (same input, same bytes), UTF-8, two-space indented."""
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
