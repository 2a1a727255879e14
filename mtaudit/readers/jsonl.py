"""JSONL segment files: one document per line, `{"id", "target", "source"?, "source_lang"?, "target_lang"?}`.

A line that cannot be used (not JSON, nested too deep, a number too long to convert, not an
object, a field of the wrong type) is a one-line problem naming the file and line; every other
line is still audited. Ids stay as given, except that an id already used by another file of the
same run gets that file's path in front (`b.jsonl#7`), so two documents never share an id.

A UTF-8 file is read line by line (`stream_jsonl`), so a run over a million lines holds one line
at a time and the 64 MiB limit of whole-file reading does not apply (a single line may not exceed
it); any other encoding is decoded whole (`read_jsonl`), with the same lines, numbers and messages.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from mtaudit.readers.base import MAX_BYTES, decode, is_regular_file
from mtaudit.readers.interface import ReadContext, Reader
from mtaudit.readers.langs import lang_code, language_problem
from mtaudit.records import Document

# Deeper JSON than this is refused before parsing: the parser would exhaust the stack.
MAX_DEPTH = 200
# The longest line read line by line (`stream_jsonl`): the whole-file limit, for one line.
MAX_LINE_BYTES = MAX_BYTES


def read_jsonl(path: str, raw: bytes, context: ReadContext) -> Iterator[Document]:
    """One document per JSON line; bad lines become problems naming the line number."""
    name = "<stdin>" if path == "-" else path
    decoded = decode(raw, name)
    if decoded.note:
        context.notes.append(f"{name}: {decoded.note}")
    yield from _documents(path, name, decoded.text.splitlines(), context)


def is_utf8_file(path: str, head: int = 8192) -> bool:
    """True when `path` is a regular file of UTF-8 text that is not blank (a UTF-8 byte-order
    mark allowed, no NUL in its first `head` bytes): the files `stream_jsonl` reads. Checked
    chunk by chunk, in constant memory."""
    if not is_regular_file(path):
        return False
    decoder = codecs.getincrementaldecoder("utf-8")()
    blank = True
    try:
        with open(path, "rb") as handle:
            first = True
            while chunk := handle.read(1 << 20):
                if first and b"\x00" in chunk[:head]:
                    return False
                first = False
                blank = blank and not chunk.strip()
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except (OSError, UnicodeDecodeError):
        return False
    return not blank


def stream_jsonl(path: str, context: ReadContext, opener: Callable[[str], IO[bytes]] | None = None) -> Iterator[Document]:
    """`read_jsonl` of a UTF-8 file (`is_utf8_file`), read one line at a time: memory does not grow
    with the file. The lines and their numbers are those of `str.splitlines` on the whole text (a
    "\\n" always ends a line there too), so the documents and problems are the same; a line over
    `MAX_LINE_BYTES` is a problem of its own and the next lines are still read. `opener` opens
    `path` for reading bytes (default: a local file; `mtaudit.remote.open_url` for a URL)."""

    def lines() -> Iterator[str | None]:  # None: a line over the limit
        with (opener or _open_local)(path) as handle:
            first = True
            while raw := handle.readline(MAX_LINE_BYTES + 1):
                if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                    while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                        pass  # skip the rest of the over-long line
                    first = False
                    yield None
                    continue
                yield from raw.decode("utf-8-sig" if first else "utf-8").splitlines()
                first = False

    yield from _documents(path, path, lines(), context)


def _open_local(path: str) -> IO[bytes]:
    return open(path, "rb")


def _documents(path: str, name: str, lines: Iterable[str | None], context: ReadContext) -> Iterator[Document]:
    """The documents of the JSON `lines` of one file; bad lines (None: too long) become problems
    naming their number."""
    reading = object()  # this reading of the file, as the owner of the ids it gives in `context.seen_ids`
    for number, line in enumerate(lines, start=1):
        if line is None:
            context.problems.append(f"{name}:{number}: longer than {MAX_LINE_BYTES // (1024 * 1024)} MiB; split the record or remove the line")
            continue
        if not line.strip():
            continue
        record, problem = _parse(line)
        if problem is None:
            problem = _field_problem(record)
        if problem is not None:
            context.problems.append(f"{name}:{number}: {problem}; fix or remove the line")
            continue
        assert isinstance(record, dict)
        doc_id = str(record.get("id", f"{path}:{number}"))
        owner = context.seen_ids.get(doc_id)
        renamed = owner is not None and owner is not reading
        if renamed:
            doc_id = f"{name}#{doc_id}"
        if renamed or context.keep_ids:  # the run's last file keeps only the ids it renamed
            context.seen_ids[doc_id] = reading
        yield Document(
            id=doc_id,
            target=record["target"],
            path=None,
            source=record.get("source"),
            source_lang=lang_code(record.get("source_lang")) or context.source_lang,
            target_lang=lang_code(record.get("target_lang")) or context.target_lang,
        )


def _parse(line: str) -> tuple[object, str | None]:
    """The JSON value of `line`, or why it is not usable."""
    if _depth_over(line, MAX_DEPTH):
        return None, f"JSON nested more than {MAX_DEPTH} levels deep"
    try:
        return json.loads(line), None
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg})"
    except (ValueError, RecursionError) as exc:  # an integer over 4,300 digits, or a stack overflow
        return None, f"not usable JSON ({str(exc).splitlines()[0][:80]})"


def _depth_over(line: str, limit: int) -> bool:
    """True when brackets outside strings nest deeper than `limit` (a quick linear scan)."""
    if line.count("[") + line.count("{") <= limit:
        return False
    depth = 0
    in_string = escaped = False
    for char in line:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _field_problem(record: object) -> str | None:
    """Why `record` is not a usable segment, or None."""
    if not isinstance(record, dict):
        return f"needs a JSON object with a \"target\" string, not {_kind(record)}"
    if not isinstance(record.get("target"), str):
        return "needs a JSON object with a \"target\" string"
    for key in ("source", "source_lang", "target_lang"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return f"\"{key}\" must be a string, not {_kind(record[key])}"
    for key in ("source_lang", "target_lang"):
        problem = language_problem(key, record.get(key))
        if problem is not None:
            return problem
    if "id" in record and (isinstance(record["id"], bool) or not isinstance(record["id"], (str, int, type(None)))):
        return f"\"id\" must be a string or an integer, not {_kind(record['id'])}"
    return None


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


JSONL = Reader("jsonl", (".jsonl", ".ndjson"), read_jsonl, description="JSON Lines segments")
