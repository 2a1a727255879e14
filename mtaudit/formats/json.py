"""The machine-readable report, `mtaudit.report/1` (see docs/report-format.md)."""

from __future__ import annotations

import json
import re

import click

from mtaudit.output import write_output
from mtaudit.records import AuditResult

# A lone surrogate: an undecodable byte of the input kept by "surrogateescape". It can only stand
# inside a JSON string, where it is written as its escape (`\udcff`), so that the report encodes to UTF-8.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def render(result: AuditResult) -> str:
    """The JSON report: deterministic (same input, same bytes), UTF-8, two-space indented."""
    text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write(result: AuditResult, output: str | None, *, mkdir: bool = False) -> list[str]:
    """Write the report to `output` (see `mtaudit.output.write_output`), or to standard output when None."""
    if output is None:
        click.echo(render(result), nl=False)
        return []
    write_output(output, render(result), mkdir=mkdir)
    return [output]
