"""Output formats, in one table: `FORMATS` maps a `--format` name to its module.

Every format module renders a finished `AuditResult`, adds nothing to it, and implements

    write(result, output) -> list[str]

which writes to `output` (a path; None for standard output) and returns the files it wrote.
`text` and `json` also expose `render(result) -> str`; `html` writes one page per document (and an
index for several). To add a format, write its module and add one line here: the CLI's
`--format` choices come from this table.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from mtaudit.records import AuditResult

FORMATS: dict[str, str] = {
    "text": "mtaudit.formats.text",  # compiler-style lines, one finding each
    "json": "mtaudit.formats.json",  # the machine-readable report, mtaudit.report/1
    "html": "mtaudit.formats.html",  # the interactive editor's report
}

Writer = Callable[[AuditResult, "str | None"], list[str]]


def writer(name: str) -> Writer:
    """The `write` function of format `name` (a key of `FORMATS`), imported on first use."""
    return import_module(FORMATS[name]).write
