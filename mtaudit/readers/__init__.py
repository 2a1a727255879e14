"""Reading what users give us into `Document`s, and refusing what cannot be audited.

One module per input format, each exposing a `Reader` (see `mtaudit.readers.interface`):
plain text, Markdown, JSONL segments, HTML articles, XLIFF 1.2/2.x, TMX, gettext PO/POT, and
CSV/TSV/XLSX spreadsheets. A file's format comes from `--input-format` when given, else from its
extension, else from a sniff of its first bytes (standard input and extension-less files).
Folders are walked recursively for every supported extension; what is skipped (other formats,
FIFOs, devices) is listed in a note, never dropped silently.

Every refusal is a one-line `InputError` naming the file and what to do. With several files, a
file that cannot be read is a problem of the run (exit 2) and the other files are still audited;
a JSONL line that cannot be used is a problem naming its line.
"""

from __future__ import annotations

import bisect
import dataclasses
import glob
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mtaudit.errors import InputError
from mtaudit.readers.base import MAX_BYTES, Decoded, Locator, decode, is_regular_file, printable, read_bytes
from mtaudit.readers.html import HTML
from mtaudit.readers.interface import ReadContext, Reader
from mtaudit.readers.jsonl import JSONL, is_utf8_file, stream_jsonl
from mtaudit.readers.langs import lang_code
from mtaudit.readers.po import PO
from mtaudit.readers.table import CSV, TSV, XLSX
from mtaudit.readers.text import MARKDOWN, TEXT
from mtaudit.readers.xml import TMX, XLIFF
from mtaudit.records import Document
from mtaudit.remote import is_url
from mtaudit.segment import line_starts as line_starts_of

READERS: tuple[Reader, ...] = (TEXT, MARKDOWN, JSONL, HTML, XLIFF, TMX, PO, CSV, TSV, XLSX)
BY_NAME = {reader.name: reader for reader in READERS}
# Formats whose file is one document, so that a `--source` file can go with it.
SINGLE_DOCUMENT = ("text", "markdown", "html")
SUPPORTED_EXTENSIONS = tuple(ext for reader in READERS for ext in reader.extensions)
# Kept for callers of the former `mtaudit.reader` module.
TEXT_EXTENSIONS = TEXT.extensions + MARKDOWN.extensions
JSONL_EXTENSIONS = JSONL.extensions


@dataclass
class ReadResult:
    """The documents read, the problems that spoil the run (exit 2), and notes (information)."""

    documents: list[Document] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def supported_formats() -> str:
    """The format names, for error messages and `--help`."""
    return ", ".join(BY_NAME)


def reader_named(name: str) -> Reader:
    """The reader called `name` (`--input-format`); an unknown name is an `InputError`."""
    reader = BY_NAME.get(name.strip().lower())
    if reader is None:
        raise InputError(f"--input-format {name}: unknown format; the supported formats are {supported_formats()}")
    return reader


def reader_for(path: str, head: bytes) -> Reader:
    """The reader of `path`: by extension, else by what its first bytes look like, else text for a
    file with no extension. A file with an extension no reader knows is an `InputError`."""
    lowered = path.lower()
    for reader in READERS:
        if lowered.endswith(reader.extensions):
            return reader
    for reader in READERS:
        if reader.sniff(head):
            return reader
    extension = os.path.splitext(os.path.basename(path))[1]
    if path == "-" or not extension:
        return TEXT
    raise InputError(f"{path}: {extension} is not a supported input format; the supported formats are {supported_formats()} (extensions {' '.join(SUPPORTED_EXTENSIONS)}), or name one with --input-format")


def expand(paths: list[str], notes: list[str] | None = None) -> list[str]:
    """Files to audit: each path as given, folders replaced by their supported files (recursively).

    Hidden files and folders are left out; other files of a folder (unsupported extensions, and
    anything that is not a regular file: FIFOs, devices, links to them) are listed in `notes`.
    """
    files: list[str] = []
    for path in paths:
        if is_url(path):  # s3://, gs://, memory://, file://: listed through fsspec (mtaudit.remote)
            from mtaudit.remote import expand_url

            files.extend(expand_url(path, SUPPORTED_EXTENSIONS, notes))
            continue
        if path != "-" and not os.path.exists(path) and glob.has_magic(path):  # a pattern the shell left: 'archive/**/*.jsonl'
            matches = sorted(p for p in glob.glob(path, recursive=True) if is_regular_file(p))
            if not matches:
                raise InputError(f"{path}: no file matches this pattern; check the path")
            files.extend(matches)
            continue
        if path == "-" or not os.path.isdir(path):
            files.append(path)
            continue
        found: list[str] = []
        unsupported: list[str] = []
        irregular: list[str] = []
        for root, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.startswith("."):
                    continue
                full = os.path.join(root, name)
                if not name.lower().endswith(SUPPORTED_EXTENSIONS):
                    unsupported.append(full)
                elif not is_regular_file(full):
                    irregular.append(full)
                else:
                    found.append(full)
        if notes is not None:
            if unsupported:
                notes.append(f"{path}: {len(unsupported)} file{'s' if len(unsupported) != 1 else ''} in unsupported formats not audited: {_listing(unsupported)}")
            if irregular:
                notes.append(f"{path}: {len(irregular)} entr{'ies' if len(irregular) != 1 else 'y'} that are not regular files (FIFOs, devices, broken links) not read: {_listing(irregular)}")
        if not found:
            raise InputError(f"{path}: no {', '.join(SUPPORTED_EXTENSIONS)} files in this directory; give files in a supported format")
        files.extend(found)
    return files


def _listing(names: list[str], limit: int = 10) -> str:
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")


def read_file(path: str, context: ReadContext, input_format: str | None = None) -> Iterator[Document]:
    """The documents of one file (`-`, or a URL: `mtaudit.remote`), read by the reader its format
    calls for. A JSONL file is read line by line (`_stream_jsonl`) when it is a URL or a UTF-8
    local file; every other input is read whole (`read_bytes`, the same limit for all)."""
    jsonl = reader_named(input_format) is JSONL if input_format else path.lower().endswith(JSONL.extensions)
    if jsonl and (is_url(path) or (path != "-" and is_utf8_file(path))):
        yield from _stream_jsonl(path, context)
        return
    raw = read_bytes(path)
    reader = reader_named(input_format) if input_format else reader_for(path, raw[:8192])
    yield from reader.read(path, raw, context)


def _stream_jsonl(path: str, context: ReadContext) -> Iterator[Document]:
    """`stream_jsonl` of a local file, or of a URL opened through fsspec: that one must be UTF-8
    (it is not read twice to find out), and a connection lost mid-file is a one-line error."""
    if not is_url(path):
        yield from stream_jsonl(path, context)
        return
    from mtaudit import remote

    try:
        yield from stream_jsonl(path, context, opener=remote.open_url)
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; a JSONL file read from a URL must be UTF-8 (convert it, or copy it here)") from None
    except InputError:
        raise
    except Exception as exc:  # each back end has its own errors
        raise remote.read_error(path, exc) from None


def read_source(path: str, context: ReadContext) -> str:
    """The text of a `--source` file: its prose when it is HTML or Markdown, else the file."""
    documents = list(read_file(path, ReadContext(source_lang=context.source_lang)))
    if len(documents) != 1:
        raise InputError(f"--source {path}: holds {len(documents)} documents; a source file is one text (a bilingual file carries its own source)")
    return documents[0].target


def iter_documents(paths: list[str], context: ReadContext, *, source: str | None = None, input_format: str | None = None) -> Iterator[Document]:
    """Every document of every input, one file at a time (a reader streams units where its
    library allows). A file that cannot be read is raised when it is the only input, else
    recorded in `context.problems` and skipped."""
    files = expand(paths, context.notes)
    if source is not None and len(files) != 1:
        raise InputError(f"--source {source}: a source file goes with exactly one target file, not {len(files)}; audit the pair on its own or use JSONL with a \"source\" field")
    for number, path in enumerate(files, start=1):
        context.keep_ids = number < len(files)  # no file after the last one can reuse its ids
        try:
            documents = read_file(path, context, input_format)
            if source is None:
                yield from documents
                continue
            found = list(documents)
            if len(found) != 1 or (found[0].location is not None and found[0].location.format not in SINGLE_DOCUMENT):
                raise InputError(f"--source {source}: a source file goes with a single text; {path} is a bilingual file that carries its own sources")
            yield dataclasses.replace(found[0], source=read_source(source, context))
        except InputError as exc:
            if len(files) == 1:
                raise InputError(printable(str(exc))) from None
            context.problems.append(str(exc))


def read_inputs(
    paths: list[str],
    *,
    source: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
    input_format: str | None = None,
    columns: str | None = None,
) -> ReadResult:
    """Read every input into documents. Raises `InputError` for an input that cannot be used.

    `input_format` names the reader for every file (else extension and content decide);
    `columns` is `SOURCE,TARGET` for spreadsheets (header names or 1-based numbers).
    """
    if input_format:
        reader_named(input_format)
    context = ReadContext(source_lang=lang_code(source_lang), target_lang=lang_code(target_lang), columns=_columns(columns))
    documents = list(iter_documents(paths, context, source=source, input_format=input_format))
    if not documents and not context.problems:
        raise InputError(f"{', '.join(paths)}: nothing to audit; give a non-empty file")
    return ReadResult(documents, [printable(p) for p in context.problems], [printable(n) for n in context.notes])


def _columns(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise InputError(f"--columns {value}: give the source and target columns as SOURCE,TARGET (names or numbers), e.g. --columns en,fr")
    return parts[0], parts[1]


def location_of(document: Document, offset: int, starts: list[int] | None = None) -> dict[str, Any] | None:
    """Where offset `offset` of `document`'s target lies in its file: `{"line", "column"}`
    (1-based, columns in code points) and, for unit formats, `"unit"`; None for a JSONL record
    or standard input, which have no file position (a JSONL record keeps its id). A caller that
    locates many offsets of one text passes its `starts` (`segment.line_starts`) once."""
    if document.location is not None:
        return document.location.locate(offset)
    if document.path is None:
        return None
    if starts is None:
        starts = line_starts_of(document.target)
    line = bisect.bisect_right(starts, offset) - 1
    return {"line": line + 1, "column": offset - starts[line] + 1}


def read_text(path: str) -> str:
    """The decoded text of one file (or `-`), as it is: for callers that need a file's text."""
    return decode(read_bytes(path), "<stdin>" if path == "-" else path).text


__all__ = [
    "JSONL_EXTENSIONS",
    "MAX_BYTES",
    "READERS",
    "TEXT_EXTENSIONS",
    "Decoded",
    "Locator",
    "ReadContext",
    "ReadResult",
    "Reader",
    "decode",
    "expand",
    "iter_documents",
    "location_of",
    "read_bytes",
    "read_file",
    "read_inputs",
    "read_text",
    "reader_for",
    "reader_named",
]
