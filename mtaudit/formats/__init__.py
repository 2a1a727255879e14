"""Output formats, in one table: `FORMATS` maps a `--format` name to its module.

Every format module renders a finished `AuditResult` and adds nothing to it. Each implements

    render(result, ...) -> str

(`text` takes `colour`, the CI formats `sarif`, `github`, `junit` and `markdown` take the gate,
`html` renders one page per document: `render(doc, result)` and `render_index(result, pages)`).
This package writes them: `write(name, result, output, ...)` sends the rendered text to standard
output (`output` None or `-`) or through `mtaudit.output.write_output`, and HTML reports of
several documents through `mtaudit.output.write_files` (see docs/output.md). To add a format,
write its module and add one line here: the CLI's `--format` choices come from this table.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

import click

from mtaudit.errors import OutputError
from mtaudit.output import STDOUT, write_output
from mtaudit.records import AuditResult

if TYPE_CHECKING:
    from mtaudit.gate import Gate

FORMATS: dict[str, str] = {
    "text": "mtaudit.formats.text",  # compiler-style lines, one finding each
    "json": "mtaudit.formats.json",  # the machine-readable report, mtaudit.report/1
    "html": "mtaudit.formats.html",  # the interactive editor's report
    "sarif": "mtaudit.formats.sarif",  # SARIF 2.1.0 for code scanning
    "github": "mtaudit.formats.github",  # GitHub Actions workflow-command annotations
    "junit": "mtaudit.formats.junit",  # JUnit XML: one test case per document
    "markdown": "mtaudit.formats.markdown",  # a pull-request comment
    "jsonl": "mtaudit.formats.jsonl",  # one mtaudit.report/1 document object per line (streamed by the engines)
}
GATED = ("sarif", "github", "junit", "markdown")  # formats whose render takes the gate

Writer = Callable[[AuditResult, "str | None"], list[str]]


def render(name: str, result: AuditResult, *, gate: Gate | None = None, colour: bool = False) -> str:
    """The text of format `name` for `result` (HTML: the page of its one document)."""
    module = import_module(FORMATS[name])
    if name == "text":
        return module.render(result, colour=colour)
    if name == "html":
        if len(result.documents) != 1:
            raise OutputError("HTML for several documents needs -o FOLDER")
        return module.render(result.documents[0], result)
    if name in GATED:
        return module.render(result, gate)
    return module.render(result)


def write(
    name: str,
    result: AuditResult,
    output: str | None,
    *,
    gate: Gate | None = None,
    colour: bool = False,
    mkdir: bool = False,
) -> list[str]:
    """Write format `name` to `output` (None or `-`: standard output); returns the files written.

    Colour is only ever used on standard output. Raises `OutputError` with a one-line message.
    """
    if output is None or output == STDOUT:
        click.echo(render(name, result, gate=gate, colour=colour), nl=False, color=colour or None)
        return []
    if name == "html":
        return write_html(result, output, mkdir=mkdir)
    write_output(output, render(name, result, gate=gate), mkdir=mkdir)
    return [output]


def write_html(result: AuditResult, output: str, *, mkdir: bool = False) -> list[str]:
    """The HTML report: one document and an `output` ending in `.html` is that one page; otherwise
    `output` is a folder receiving one page per document and `index.html` (written as
    `mtaudit.formats.html.HtmlStream` writes a streamed run).

    The report's own folder (the page's folder, or the report folder) is created when the folder
    above it exists, as a report tool is expected to; missing folders further up only with `mkdir`.
    """
    from mtaudit.formats.html import HtmlStream

    written: list[str] = []
    stream = HtmlStream(output, version=result.version, mkdir=mkdir, announce=written.append)
    stream.start(result.settings, result.rules)
    for doc in result.documents:
        stream.document(doc)
    stream.finish(result)
    return written


def writer(name: str) -> Writer:
    """A `write(result, output)` function for format `name` (a key of `FORMATS`), for callers
    that need no gate, colour or `--mkdir`."""

    def write_format(result: AuditResult, output: str | None) -> list[str]:
        return write(name, result, output)

    return write_format
