"""The machine-readable report, `mtaudit.report/1` (see docs/report-format.md)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import click

from mtaudit.output import write_output
from mtaudit.records import AuditResult, DocumentResult, Rule, Settings

_DOCUMENT_INDENT = "    "  # a document of the "documents" list sits two levels deep
# A lone surrogate: an undecodable byte of the input kept by "surrogateescape". It can only stand
# inside a JSON string, where it is written as its escape (`\udcff`), so that the report encodes to UTF-8.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def render(result: AuditResult) -> str:
    """The JSON report: deterministic (same input, same bytes), UTF-8, two-space indented."""
    report = result.to_dict()
    documents = report.pop("documents")
    return "".join(render_chunks(report, documents))


def render_chunks(header: dict[str, Any], documents: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The JSON report in pieces, one document at a time: the same bytes as
    `json.dumps({**header, "documents": [...]}, ensure_ascii=False, indent=2) + "\\n"`, with lone
    surrogates escaped.

    `documents` may be a generator, so a writer can emit each document as soon as it is audited
    and never hold the whole report (or the whole run's results) in memory: the streaming of
    issue 15. `header` holds every other top-level field ("schema", "tool", "settings").
    """
    yield _head(header)
    count = 0
    for document in documents:
        yield from _document(document, first=count == 0)
        count += 1
    yield _tail(count)


def _head(header: dict[str, Any]) -> str:
    """The report up to the opening bracket of "documents"."""
    if header:
        return _escaped(json.dumps(header, ensure_ascii=False, indent=2)[: -len("\n}")] + ',\n  "documents": [')
    return '{\n  "documents": ['


# The encoder of `json.dumps(..., ensure_ascii=False, indent=2)`, used piece by piece.
_ENCODER = json.JSONEncoder(ensure_ascii=False, indent=2)
_PIECE = 1 << 16  # characters of a document's JSON handed out at a time


# A document of up to this many segments and findings is written by `_indented` in one piece;
# a larger one by the standard encoder, piece by piece.
_SMALL_DOCUMENT = 256


def _document(document: dict[str, Any], *, first: bool) -> Iterator[str]:
    """One entry of "documents", with the separator before it, in pieces of about `_PIECE`
    characters: a huge document is never one string. Every line is indented two levels deeper
    (each newline, the separator's included, is followed by `_DOCUMENT_INDENT`)."""
    if len(document.get("segments", ())) + len(document.get("findings", ())) <= _SMALL_DOCUMENT:
        parts = ["\n    " if first else ",\n    "]
        try:
            _indented(document, "\n    ", parts)
        except _Unusual:
            pass  # a value the standard encoder must handle (a custom type): written as below
        else:
            yield _escaped("".join(parts))
            return
    buffer = ["\n" if first else ",\n"]
    size = 0
    for chunk in _ENCODER.iterencode(document):
        buffer.append(chunk)
        size += len(chunk)
        if size >= _PIECE:
            yield _escaped("".join(buffer).replace("\n", "\n" + _DOCUMENT_INDENT))
            buffer, size = [], 0
    yield _escaped("".join(buffer).replace("\n", "\n" + _DOCUMENT_INDENT))


class _Unusual(Exception):
    """A value `_indented` leaves to the standard encoder."""


_STRING = json.encoder.encode_basestring  # the C function of `ensure_ascii=False`, quotes included
_INFINITIES = (float("inf"), float("-inf"))


def _float(value: float) -> str:
    """A finite float as the standard encoder writes it; `_Unusual` for NaN and the infinities."""
    if value != value or value in _INFINITIES:
        raise _Unusual
    return float.__repr__(value)


# The JSON of a value of exactly one of these types (a subclass goes through `_indented`'s tests).
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: _STRING,
    int: int.__repr__,
    float: _float,
    bool: lambda value: "true" if value else "false",
    type(None): lambda _value: "null",
}


def _indented(value: Any, newline: str, parts: list[str]) -> None:
    """Append to `parts` the JSON of `value` exactly as `json.dumps(value, ensure_ascii=False,
    indent=2)` writes it, with `newline` (a newline and the current indentation) before each line
    but the first: the same types, in the same order, as the standard (pure Python, since
    `indent` is set) encoder, without its generators, which take twice as long on the many small
    documents of a file of segments. The items of a list or dict that are plain strings, numbers,
    booleans or null are written in place (`_SCALARS`), without a call of their own. Raises
    `_Unusual` on a value it does not know (the caller then uses the standard encoder) and on a
    float that is not finite."""
    if isinstance(value, str):
        parts.append(_STRING(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_float(value))
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            scalar = _SCALARS.get(type(item))
            if scalar is not None:
                parts.append(separator + scalar(item))
            else:
                parts.append(separator)
                _indented(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unusual
            scalar = _SCALARS.get(type(item))
            if scalar is not None:
                parts.append(separator + _STRING(key) + ": " + scalar(item))
            else:
                parts.append(separator + _STRING(key) + ": ")
                _indented(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "}")
    else:
        raise _Unusual


def _tail(count: int) -> str:
    """The end of a report of `count` documents."""
    return "\n  ]\n}\n" if count else "]\n}\n"


class JsonStream:
    """The JSON report written as a run goes (`mtaudit.engines.run.run_engine`'s `on_start` and
    `on_document`, then `finish`): the bytes of `render` of the whole result, with one document in
    memory at a time."""

    def __init__(self, write: Callable[[str], None], version: str) -> None:
        self.write = write
        self.version = version  # mtaudit's, for the report's "tool"
        self.count = 0

    def start(self, settings: Settings, rules: tuple[Rule, ...]) -> None:
        header = AuditResult([], settings, self.version, rules=rules).to_dict()
        del header["documents"]
        self.write(_head(header))

    def document(self, result: DocumentResult) -> None:
        for piece in _document(result.to_dict(), first=self.count == 0):
            self.write(piece)
        self.count += 1

    def finish(self, end: AuditResult | None = None) -> None:
        """The end of the report (`end`, the run's summary, adds nothing to it)."""
        self.write(_tail(self.count))


def _escaped(text: str) -> str:
    """`text` with every lone surrogate written as its JSON escape."""
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write(result: AuditResult, output: str | None, *, mkdir: bool = False) -> list[str]:
    """Write the report to `output` (see `mtaudit.output.write_output`), or to standard output when None."""
    if output is None:
        click.echo(render(result), nl=False)
        return []
    write_output(output, render(result), mkdir=mkdir)
    return [output]
