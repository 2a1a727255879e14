"""Spreadsheets of source/target pairs: CSV, TSV and XLSX, one document per row.

The first row names the columns. The source and target columns are the ones given with
`--columns SOURCE,TARGET` (names or 1-based numbers), else the first header named like a source
(`source`, `original`, `src`, a language code like `en` when `--source-lang` says so) and like a
target (`target`, `translation`, `tgt`, …). An `id` (or `key`) column names the unit, else the
row number does. CSV and TSV are read with Python's `csv` module after decoding; a row that cannot
be parsed (an unclosed quote, a field over the size limit) is a one-line error naming its line.
XLSX is read with openpyxl in read-only mode (row by row); the location of a finding there is
its row and the column of the target cell, and the characters within the cell count on from it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from mtaudit.errors import InputError
from mtaudit.readers.base import RunBuilder, decode
from mtaudit.readers.interface import ReadContext, Reader
from mtaudit.readers.units import UnitNotes, unit_document
from mtaudit.records import Document
from mtaudit.segment import line_starts as line_starts_of

SOURCE_NAMES = ("source", "src", "original", "source text", "msgid", "english")
TARGET_NAMES = ("target", "tgt", "translation", "target text", "translated", "msgstr")
ID_NAMES = ("id", "key", "unit", "tuid")
FIELD_LIMIT = 1024 * 1024


def columns_of(header: list[str], context: ReadContext, name: str) -> tuple[int, int, int | None]:
    """Indexes of the source, target and id columns of `header`."""
    lowered = [cell.strip().lower() for cell in header]

    def pick(wanted: str) -> int:
        if wanted.isdigit() and 1 <= int(wanted) <= len(header):
            return int(wanted) - 1
        if wanted.strip().lower() in lowered:
            return lowered.index(wanted.strip().lower())
        raise InputError(f"{name}: no column {wanted!r}; the columns are {', '.join(repr(h) for h in header)}")

    if context.columns:
        return pick(context.columns[0]), pick(context.columns[1]), _first(lowered, ID_NAMES)
    source = _first(lowered, SOURCE_NAMES + ((context.source_lang,) if context.source_lang else ()))
    target = _first(lowered, TARGET_NAMES + ((context.target_lang,) if context.target_lang else ()))
    if source is None or target is None:
        raise InputError(f"{name}: no source and target columns among {', '.join(repr(h) for h in header)}; name them with --columns SOURCE,TARGET")
    return source, target, _first(lowered, ID_NAMES)


def _first(lowered: list[str], names: Iterable[str]) -> int | None:
    return next((lowered.index(n) for n in names if n in lowered), None)


def read_delimited(path: str, raw: bytes, context: ReadContext, delimiter: str) -> Iterator[Document]:
    """Every translated row of a CSV or TSV file."""
    decoded = decode(raw, path)
    text = decoded.text
    line_starts = line_starts_of(text)
    handle = io.StringIO(text, newline="")
    rows = csv.reader(handle, delimiter=delimiter, strict=True)
    notes = UnitNotes(path)
    file_notes = (decoded.note,) if decoded.note else ()
    for note in file_notes:
        context.notes.append(f"{path}: {note}")
    try:
        header = _next_row(rows)
        if header is None:
            raise InputError(f"{path}: no header row; the first row must name the source and target columns")
        source_index, target_index, id_index = columns_of(header, context, path)
        while True:
            line = rows.line_num + 1
            row = _next_row(rows)
            if row is None:
                break
            if not any(cell.strip() for cell in row):
                continue
            source = row[source_index] if source_index < len(row) else ""
            target = row[target_index] if target_index < len(row) else ""
            row_end = line_starts[rows.line_num] if rows.line_num < len(line_starts) else len(text)
            builder = _locate_cell(text, line_starts, line, row_end, target, target_index, delimiter)
            unit = row[id_index] if id_index is not None and id_index < len(row) and row[id_index].strip() else f"row {line}"
            document = unit_document(
                path=path, line_starts=line_starts, fmt="csv", unit=unit, line=line, target=target,
                run_text=builder.run_text, run_file=builder.run_file, source=source,
                source_lang=context.source_lang, target_lang=context.target_lang, notes=notes, file_notes=file_notes,
            )
            if document is not None:
                yield document
    except csv.Error as exc:
        raise InputError(f"{path}:{rows.line_num}: malformed {'TSV' if delimiter == chr(9) else 'CSV'} ({exc}); fix the file") from None
    context.notes.extend(notes.lines())


def _next_row(rows: Iterator[list[str]]) -> list[str] | None:
    """The next row, read with a field limit of FIELD_LIMIT. The csv module's limit is process-wide,
    so it is raised for this one call and put back, and other CSV readers in the process (a
    long-running server, the tests) keep theirs."""
    previous = csv.field_size_limit(FIELD_LIMIT)
    try:
        return next(rows, None)
    finally:
        csv.field_size_limit(previous)


def _locate_cell(text: str, line_starts: list[int], line: int, row_end: int, value: str, index: int, delimiter: str) -> RunBuilder:
    """Runs of the value of cell `index` of the row that starts on `line` and ends at `row_end`.

    The row is split into its cells the way the csv module reads them (a quoted cell may hold the
    delimiter, line breaks and doubled quotes), so a target equal to (or inside) its source cell
    still points at its own cell. A doubled quote maps to the first of its two quote characters.
    Where the cell's text does not match `value` (a dialect the scan does not follow), every
    character maps to the start of the row."""
    builder = RunBuilder()
    start = line_starts[min(line, len(line_starts)) - 1]
    for number, (cell_start, cell_end, quoted) in enumerate(_cells(text, start, row_end, delimiter)):
        if number != index:
            continue
        if not quoted:
            if text[cell_start:cell_end] == value:
                builder.add(value, cell_start)
                return builder
            break
        position = cell_start
        while position < cell_end:
            quote = text.find('"', position, cell_end)
            stop = cell_end if quote == -1 else quote
            builder.add(text[position:stop], position)
            if quote == -1:
                break
            builder.add_synthetic('"', quote)
            position = quote + 2
        if builder.text() == value:
            return builder
        break
    fallback = RunBuilder()
    fallback.add_synthetic(value, start)
    return fallback


def _cells(text: str, start: int, end: int, delimiter: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, quoted) of each cell of the row `text[start:end]`: for a quoted cell the span
    inside its quotes (doubled quotes included), else the raw span. The trailing line break of the
    row is not part of the last cell. Linear in the row's length."""
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    position = start
    while True:
        if position < end and text[position] == '"':
            inner = position + 1
            scan = inner
            while True:
                quote = text.find('"', scan, end)
                if quote == -1:
                    yield inner, end, True
                    return
                if quote + 1 < end and text[quote + 1] == '"':
                    scan = quote + 2
                    continue
                break
            yield inner, quote, True
            following = text.find(delimiter, quote + 1, end)
            if following == -1:
                return
            position = following + 1
        else:
            following = text.find(delimiter, position, end)
            if following == -1:
                yield position, end, False
                return
            yield position, following, False
            position = following + 1


def read_csv(path: str, raw: bytes, context: ReadContext) -> Iterator[Document]:
    return read_delimited(path, raw, context, ",")


def read_tsv(path: str, raw: bytes, context: ReadContext) -> Iterator[Document]:
    return read_delimited(path, raw, context, "\t")


def read_xlsx(path: str, raw: bytes, context: ReadContext) -> Iterator[Document]:
    """Every translated row of the first sheet of an XLSX workbook."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"{path}: not a readable XLSX workbook ({type(exc).__name__}: {str(exc)[:100]}); save it again as .xlsx") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell or "") for cell in next(rows, [])]
    if not header:
        raise InputError(f"{path}: the first sheet is empty; the first row must name the source and target columns")
    source_index, target_index, id_index = columns_of(header, context, path)
    notes = UnitNotes(path)
    for number, row in enumerate(rows, start=2):
        cells = ["" if cell is None else str(cell) for cell in row]
        source = cells[source_index] if source_index < len(cells) else ""
        target = cells[target_index] if target_index < len(cells) else ""
        if not any(cells):
            continue
        # a workbook has no lines: a location is the target cell's row, the character within the
        # cell, and the cell's reference in the unit ("row 5, cell C5")
        builder = RunBuilder()
        builder.add(target, 0)
        cell = f"{get_column_letter(target_index + 1)}{number}"
        unit = f"{cells[id_index]} (cell {cell})" if id_index is not None and id_index < len(cells) and cells[id_index].strip() else f"cell {cell}"
        document = unit_document(
            path=path, line_starts=[0], first_line=number, fmt="xlsx", unit=unit, line=number, target=target,
            run_text=builder.run_text, run_file=builder.run_file, source=source,
            source_lang=context.source_lang, target_lang=context.target_lang, notes=notes,
        )
        if document is not None:
            yield document
    book.close()
    context.notes.extend(notes.lines())


CSV = Reader("csv", (".csv",), read_csv, description="CSV with source and target columns")
TSV = Reader("tsv", (".tsv", ".tab"), read_tsv, description="TSV with source and target columns")
XLSX = Reader("xlsx", (".xlsx",), read_xlsx, lambda head: head.startswith(b"PK\x03\x04") and b"xl/" in head[:4096], "XLSX workbook (first sheet)")
