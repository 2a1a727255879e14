"""JSONL segment files: one document per line, `{"id", "target", "source"?, "source_lang"?, "target_lang"?}`.

A line that cannot be used (not JSON, nested too deep, a number too long to convert, not an
object, a field of the wrong type) is a one-line problem naming the file and line; every other
line is still audited. Ids stay as given, except that an id already used by another file of the
same run gets that file's path in front (`b.jsonl#7`), so two documents never share an id.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from mtaudit.readers.base import decode
from mtaudit.readers.interface import ReadContext, Reader
from mtaudit.readers.langs import lang_code, language_problem
from mtaudit.records import Document

# Deeper JSON than this is refused before parsing: the parser would exhaust the stack.
MAX_DEPTH = 200


def read_jsonl(path: str, raw: bytes, context: ReadContext) -> Iterator[Document]:
    """One document per JSON line; bad lines become problems naming the line number."""
    name = "<stdin>" if path == "-" else path
    decoded = decode(raw, name)
    if decoded.note:
        context.notes.append(f"{name}: {decoded.note}")
    own_ids: set[str] = set()
    for number, line in enumerate(decoded.text.splitlines(), start=1):
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
        if doc_id in context.seen_ids and doc_id not in own_ids:
            doc_id = f"{name}#{doc_id}"
        own_ids.add(doc_id)
        context.seen_ids.add(doc_id)
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
