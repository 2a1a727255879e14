"""Formats written as a run goes (issue 15): one document in memory at a time.

A streamed format is an object with two methods, driven by `mtaudit.engines.run.run_engine`:

    document(doc)   each finished document, in input order
    finish(end)     once, with the run's settings, rules, errors and notes (`end.documents` is empty)

and it writes its text through the `write(text)` function it was made with
(`mtaudit.output.open_stream`). Every stream writes the same bytes as the format's `render` of the
whole result. A format whose header depends on the whole run (SARIF's rule table, JUnit's counts,
the Markdown verdict) keeps the parts that come after that header in a `Spool`, a temporary file,
and writes them out at the end: memory stays constant, disk grows with the report.

`open_format(name, write, gate=…, colour=…)` gives the stream of a `--format` name; `jsonl` streams
through `mtaudit.formats.jsonl.JsonlSink` (it can append, for `--resume`), `html` through
`mtaudit.formats.html.HtmlStream`, which writes a folder of pages.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from mtaudit.gate import Gate
    from mtaudit.records import AuditResult, DocumentResult

Write = Callable[[str], None]
CHUNK = 1 << 16  # characters copied from a spool at a time

# Formats that `open_format` streams into one output (html writes a folder: see HtmlStream).
STREAMABLE = ("text", "json", "sarif", "github", "junit", "markdown")


class FormatStream(Protocol):
    """What `run_engine`'s caller drives: a document at a time, then the end of the run."""

    def document(self, doc: DocumentResult) -> None: ...

    def finish(self, end: AuditResult) -> None: ...


class Spool:
    """Text kept in a temporary file until it can be written (after a header known only at the
    end). Lone surrogates (undecodable input bytes kept by "surrogateescape") are stored as they
    are, so the final write encodes, or refuses, exactly what a whole render would."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogatepass", newline="")  # noqa: SIM115 (closed by copy_to or close)
        self.empty = True

    def write(self, text: str) -> None:
        if text:
            self.file.write(text)
            self.empty = False

    def copy_to(self, write: Write) -> None:
        """Hand everything written to `write`, in pieces of `CHUNK` characters, then forget it."""
        self.file.seek(0)
        while piece := self.file.read(CHUNK):
            write(piece)
        self.close()

    def close(self) -> None:
        self.file.close()


def open_format(name: str, write: Write, *, gate: Gate | None = None, colour: bool = False, version: str = "") -> FormatStream:
    """The stream of format `name` (one of `STREAMABLE`) writing through `write`. `version` is
    mtaudit's, for the JSON report's "tool"; `gate` decides the CI formats' verdicts."""
    from mtaudit.gate import Gate

    module = import_module(f"mtaudit.formats.{name}")
    if name == "text":
        return module.TextStream(write, colour)  # type: ignore[no-any-return]
    if name == "json":
        return module.JsonStream(write, version)  # type: ignore[no-any-return]
    return module.Stream(write, gate or Gate())  # type: ignore[no-any-return]
