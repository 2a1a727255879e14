"""gettext PO/POT files: one document per translated entry, one per plural form.

translate-toolkit parses the file (the header's `charset` honoured, fuzzy flags, plural forms,
`msgctxt`); a malformed file is a one-line error naming its line. The positions of the `msgstr`
strings are found by a scan of the decoded file, entry by entry in the same order, so that a
finding in a string continued over several lines, or after an escape (`\\"`, `\\n`), still
points at its own line and column. The unit is `msgid "…"` (with its `msgctxt`), and each plural
form is audited against `msgid` (form 0) or `msgid_plural` (the other forms).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from mtaudit.errors import InputError
from mtaudit.readers.base import RunBuilder, decode
from mtaudit.readers.interface import ReadContext, Reader
from mtaudit.readers.langs import lang_code
from mtaudit.readers.units import UnitNotes, unit_document
from mtaudit.records import Document
from mtaudit.segment import line_starts as line_starts_of

# The name must be followed by what ends it in a header (`\n"`, a space, `;`), so a declaration that
# crosses the end of the bytes looked at is not read as a cut-off name ("ISO-8859-" of "ISO-8859-1").
_CHARSET = re.compile(rb"charset=([A-Za-z0-9._-]+)(?=[\\\"\s;])")
_CHARSET_TEXT = re.compile(r"charset=[A-Za-z0-9._-]+")
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(".*")\s*$')
_STRING = re.compile(r'^(".*")\s*$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


@dataclass
class _Entry:
    """The strings of one PO entry as they lie in the file: keyword → builder of its text."""

    line: int
    strings: dict[str, RunBuilder] = field(default_factory=dict)
    starts: dict[str, int] = field(default_factory=dict)


def _scan(text: str) -> list[_Entry]:
    """Every (non-obsolete) entry of a PO file, with the file position of each string's characters."""
    entries: list[_Entry] = []
    keyword: str | None = None
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        start, offset = offset, offset + len(line)
        body = line.rstrip("\r\n")
        match = _KEYWORD.match(body)
        if match:
            name = match.group(1) if match.group(2) is None else f"msgstr[{match.group(2)}]"
            name = "msgstr[0]" if name == "msgstr" else name
            if name == "msgctxt" or (name == "msgid" and keyword != "msgctxt") or not entries:
                entries.append(_Entry(number))
            keyword = name
            entries[-1].strings[name] = RunBuilder()
            entries[-1].starts[name] = start + match.start(1)
            _unescape(entries[-1].strings[name], match.group(3), start + match.start(3))
            continue
        string = _STRING.match(body)
        if string and keyword and entries:
            _unescape(entries[-1].strings[keyword], string.group(1), start + string.start(1))
            continue
        keyword = None  # a blank line or a comment ends the string being continued
    return entries


def _unescape(builder: RunBuilder, quoted: str, at: int) -> None:
    """Append the content of a quoted PO string that starts (at its `"`) at file offset `at`."""
    content = quoted[1:-1]
    position = 0
    while True:
        backslash = content.find("\\", position)
        if backslash == -1 or backslash + 1 >= len(content):
            builder.add(content[position:], at + 1 + position)
            return
        builder.add(content[position:backslash], at + 1 + position)
        builder.add_synthetic(_ESCAPES.get(content[backslash + 1], content[backslash + 1]), at + 1 + backslash)
        position = backslash + 2


def read_po(path: str, raw: bytes, context: ReadContext) -> Iterator[Document]:
    """Every translated entry (and plural form) of a PO file."""
    from translate.storage import pypo
    from translate.storage.poparser import PoParseError

    charset = _CHARSET.search(raw[:8192])
    declared = charset.group(1).decode("ascii") if charset and charset.group(1).upper() != b"CHARSET" else None
    decoded = decode(raw, path, declared)
    try:
        # the parser is handed the text decoded here (the header's charset honoured, or detected),
        # re-encoded as UTF-8, so that both see the same characters
        store = pypo.pofile(_CHARSET_TEXT.sub("charset=UTF-8", decoded.text, count=1).encode("utf-8"))
    except PoParseError as exc:
        raise InputError(f"{path}: malformed PO ({str(exc).splitlines()[0][:160]}); fix the file") from None
    except Exception as exc:  # translate-toolkit fails on some malformed entries with its own errors
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:160]
        raise InputError(f"{path}: cannot be read as PO ({reason}); fix the file") from None
    file_notes = (decoded.note,) if decoded.note else ()
    for note in file_notes:
        context.notes.append(f"{path}: {note}")
    line_starts = line_starts_of(decoded.text)
    target_lang = context.target_lang or lang_code(store.gettargetlanguage())
    entries = [e for e in _scan(decoded.text) if not _is_header(e)]
    units = [u for u in store.units if not u.isheader() and not u.isobsolete()]
    notes = UnitNotes(path)
    for index, unit in enumerate(units):
        entry = entries[index] if index < len(entries) else None
        sources = list(unit.source.strings) if unit.hasplural() else [unit.source]
        targets = list(unit.target.strings) if unit.hasplural() else [unit.target]
        context_name = unit.getcontext()
        label = (f"msgctxt \"{_short(context_name)}\" " if context_name else "") + f"msgid \"{_short(sources[0])}\""
        line = entry.line if entry else 1
        label += f" (line {line})"
        for form, target in enumerate(targets or [""]):
            key = f"msgstr[{form}]"
            builder = entry.strings.get(key) if entry else None
            if builder is None or builder.text() != target:
                # the scan and the parser disagree: point every character at the msgstr keyword
                builder = RunBuilder()
                builder.add_synthetic(target, entry.starts.get(key, 0) if entry else 0)
            string_line = bisect.bisect_right(line_starts, builder.run_file[0]) if len(builder.run_file) else line
            document = unit_document(
                path=path,
                line_starts=line_starts,
                fmt="po",
                unit=label,
                line=string_line,
                target=target,
                run_text=builder.run_text,
                run_file=builder.run_file,
                source=sources[min(form, len(sources) - 1)],
                source_lang=context.source_lang,
                target_lang=target_lang,
                notes=notes,
                state="fuzzy" if unit.isfuzzy() else None,
                suffix=f"[{form}]" if unit.hasplural() else "",
                file_notes=file_notes,
            )
            if document is not None:
                yield document
    context.notes.extend(notes.lines())


def _is_header(entry: _Entry) -> bool:
    msgid = entry.strings.get("msgid")
    return "msgctxt" not in entry.strings and msgid is not None and msgid.text() == ""


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", "\\n").replace('"', '\\"')
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sniff(head: bytes) -> bool:
    return bool(re.search(rb'^msgid\s+"', head[:4096], re.M)) and b"msgstr" in head[:8192]


PO = Reader("po", (".po", ".pot"), read_po, _sniff, "gettext PO/POT")
