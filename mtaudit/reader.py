"""Reading what users give us into `Document`s, and refusing what cannot be audited.

Plain text and Markdown files, directories of them (recursively), JSONL segment files (one
document per line) and `-` for standard input. Every refusal is an `InputError` whose message is
one line naming the file and what to do; JSONL lines that cannot be read are collected as
problems so the other lines are still audited.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field

from mtaudit.errors import InputError
from mtaudit.records import Document

TEXT_EXTENSIONS = (".txt", ".md", ".markdown", ".text")
JSONL_EXTENSIONS = (".jsonl", ".ndjson")
MAX_BYTES = 64 * 1024 * 1024


@dataclass
class ReadResult:
    documents: list[Document] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def decode(raw: bytes, name: str) -> str:
    """Decode file content: UTF-8 (BOM dropped) when it is, else the detected encoding.

    Binary content and undecodable bytes are refused with an `InputError`.
    """
    if not raw.strip():
        raise InputError(f"{name}: the file is empty; give a file with the translated text")
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: looks like a binary file, not text; give a plain-text, Markdown or JSONL file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:1_000_000]).best()
    if best is None:
        raise InputError(f"{name}: neither UTF-8 nor any text encoding that could be detected; convert it to UTF-8")
    try:
        text = raw.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"{name}: not UTF-8 and not valid {best.encoding}; convert it to UTF-8 ({exc.reason if hasattr(exc, 'reason') else exc})") from exc
    if _looks_binary(text):
        raise InputError(f"{name}: looks like a binary file, not text; give a plain-text, Markdown or JSONL file")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls > max(2, len(sample) // 100)


def read_bytes(path: str) -> bytes:
    """The bytes of `path` (or standard input for `-`), refusing missing, unreadable and huge files."""
    if path == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        if not os.path.exists(path):
            raise InputError(f"{path}: no such file or directory; check the path")
        if os.path.isdir(path):
            raise InputError(f"{path}: is a directory; give a file")
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise InputError(f"{path}: {size / 2**20:.0f} MiB is over the {MAX_BYTES // 2**20} MiB limit; split the file")
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from exc
    if len(raw) > MAX_BYTES:
        raise InputError(f"{path}: more than {MAX_BYTES // 2**20} MiB; split the input")
    return raw


def read_text(path: str) -> str:
    """The decoded text of one file (or `-`)."""
    name = "<stdin>" if path == "-" else path
    return decode(read_bytes(path), name)


def expand(paths: list[str]) -> list[str]:
    """Files to audit: each path as given, directories replaced by their text and JSONL files."""
    files: list[str] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if name.lower().endswith(TEXT_EXTENSIONS + JSONL_EXTENSIONS) and not name.startswith("."):
                        found.append(os.path.join(root, name))
            if not found:
                raise InputError(f"{path}: no .txt, .md or .jsonl files in this directory; give text files")
            files.extend(found)
        else:
            files.append(path)
    return files


def read_jsonl(path: str, text: str, defaults: dict[str, str | None], result: ReadResult) -> None:
    """One document per JSON line; bad lines become problems naming the line number."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            result.problems.append(f"{path}:{number}: not valid JSON ({exc.msg}); fix or remove the line")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("target"), str):
            result.problems.append(f"{path}:{number}: needs a JSON object with a \"target\" string; fix or remove the line")
            continue
        source = record.get("source")
        if source is not None and not isinstance(source, str):
            result.problems.append(f"{path}:{number}: \"source\" must be a string; fix or remove the line")
            continue
        result.documents.append(
            Document(
                id=str(record.get("id", f"{path}:{number}")),
                target=record["target"],
                path=None,
                source=source,
                source_lang=_lang(record.get("source_lang")) or defaults.get("source_lang"),
                target_lang=_lang(record.get("target_lang")) or defaults.get("target_lang"),
            )
        )


def _lang(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        from mtaudit.langid import normalise

        return normalise(value)
    return None


def read_inputs(
    paths: list[str],
    *,
    source: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> ReadResult:
    """Read every input into documents. Raises `InputError` for an input that cannot be used."""
    files = expand(paths)
    if source is not None and len(files) != 1:
        raise InputError(f"--source {source}: a source file goes with exactly one target file, not {len(files)}; audit the pair on its own or use JSONL with a \"source\" field")
    defaults = {"source_lang": _lang(source_lang), "target_lang": _lang(target_lang)}
    result = ReadResult()
    for path in files:
        text = read_text(path)
        if path.lower().endswith(JSONL_EXTENSIONS):
            read_jsonl(path, text, defaults, result)
            continue
        source_text = read_text(source) if source is not None else None
        result.documents.append(
            Document(
                id="<stdin>" if path == "-" else path,
                target=text,
                path=None if path == "-" else path,
                source=source_text,
                source_lang=defaults["source_lang"],
                target_lang=defaults["target_lang"],
            )
        )
    if not result.documents and not result.problems:
        raise InputError(f"{', '.join(paths)}: nothing to audit; give a non-empty file")
    return result
