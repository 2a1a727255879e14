"""What every reader shares: safe reading of bytes, decoding with a note, and the `Locator`.

A reader turns one file into `Document`s. When the text it extracts is not the file verbatim (an
HTML article's prose, the target of one PO entry), it gives each document a `Locator`, which maps
every offset of the extracted text back to a 1-based line and column of the file, so a finding can
be shown where an editor would jump to it.
"""

from __future__ import annotations

import bisect
import codecs
import os
import re
import stat
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mtaudit.errors import InputError
from mtaudit.remote import is_url

MAX_BYTES = 64 * 1024 * 1024


@dataclass(eq=False)
class Locator:
    """Where a document's text lies in its file, and what the reader noticed about it.

    The extracted text is a series of runs, each copied verbatim from the file: run `i` starts at
    text offset `run_text[i]` and file offset `run_file[i]` (code points into the decoded file).
    Text read verbatim is one run; an HTML paragraph has a run per text node, per decoded entity
    and per collapsed space. `line_starts` are the decoded file's line starts, shared by every
    document read from one file.
    """

    format: str
    line_starts: list[int]
    run_text: Sequence[int] = (0,)
    run_file: Sequence[int] = (0,)
    unit: str | None = None
    # What the reader noticed: the encoding it guessed, a fuzzy state, a unit identical to its source.
    notes: tuple[str, ...] = ()
    # Inline tags of bilingual units ("x:1", "g:2"), compared by `markup.placeholder-mismatch`.
    source_tags: tuple[str, ...] = ()
    target_tags: tuple[str, ...] = ()
    # Spans of the extracted text that are no prose (Markdown link targets, HTML comments).
    skipped: tuple[tuple[int, int], ...] = ()
    # The line number of `line_starts[0]`: a spreadsheet cell is its own "file" starting at its row.
    first_line: int = 1

    def file_offset(self, offset: int) -> int:
        """The file offset (code points into the decoded file) of text offset `offset`."""
        index = max(0, bisect.bisect_right(self.run_text, offset) - 1)
        return self.run_file[index] + max(0, offset - self.run_text[index])

    def locate(self, offset: int) -> dict[str, Any]:
        """`{"line", "column"}` (1-based, code points) of `offset` in the file, plus `unit` when known."""
        position = self.file_offset(offset)
        line = bisect.bisect_right(self.line_starts, position) - 1
        where: dict[str, Any] = {"line": line + self.first_line, "column": position - self.line_starts[line] + 1}
        if self.unit is not None:
            where["unit"] = self.unit
        return where


class RunBuilder:
    """Builds an extracted text and its runs, piece by piece, merging pieces that continue a run."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.run_text = array("q")
        self.run_file = array("q")

    def add(self, text: str, file_offset: int) -> None:
        """Append `text`, which lies in the file at `file_offset` (verbatim, for its whole length)."""
        if not text:
            return
        if not self.run_text or self.run_file[-1] + (self.length - self.run_text[-1]) != file_offset:
            self.run_text.append(self.length)
            self.run_file.append(file_offset)
        self.parts.append(text)
        self.length += len(text)

    def add_synthetic(self, text: str, file_offset: int) -> None:
        """Append `text` that stands for something else in the file (a decoded entity, a collapsed
        space, a paragraph break): every character of it maps to `file_offset`."""
        for char in text:
            self.run_text.append(self.length)
            self.run_file.append(file_offset)
            self.parts.append(char)
            self.length += 1

    def text(self) -> str:
        return "".join(self.parts)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with control, line-separator and bidi-override characters written as escapes
    (`\\x1b`, `\\n`), so that a file name or a unit id from a hostile file can neither forge an
    output line nor drive the terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


# ---------------------------------------------------------------------------------------- bytes


def read_bytes(path: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of `path` (standard input for `-`, a URL through `mtaudit.remote`), at most
    `limit` of them.

    Only regular files are read: a FIFO would block forever and `/dev/zero` never ends, whatever
    `stat` says about their size. The read itself is capped, so a file that grows while it is read
    (or an object larger than its listing said) cannot exceed the limit either.
    """
    if path == "-":
        raw = sys.stdin.buffer.read(limit + 1)
    elif is_url(path):
        from mtaudit.remote import read_head

        raw = read_head(path, limit + 1)
    else:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise InputError(f"{path}: no such file or directory; check the path") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror}); check the path") from exc
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a directory; give a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: not a regular file (a device, FIFO or socket); give a file")
        if info.st_size > limit:
            raise InputError(f"{path}: {info.st_size / 2**20:.0f} MiB is over the {limit // 2**20} MiB limit; split the file")
        try:
            with open(path, "rb") as handle:
                raw = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from exc
    if len(raw) > limit:
        raise InputError(f"{'<stdin>' if path == '-' else path}: more than {limit // 2**20} MiB; split the input")
    return raw


def is_regular_file(path: str) -> bool:
    """True for a regular file (following symlinks): what a folder walk may read."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


# ------------------------------------------------------------------------------------ decoding


@dataclass(frozen=True)
class Decoded:
    """Decoded text and, when it was not plain UTF-8, a note saying how it was decoded."""

    text: str
    encoding: str
    note: str | None = None


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def bomless_utf16(raw: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when `raw` looks like UTF-16 without a byte-order mark: mostly
    Latin-script text has a NUL in every other byte, on one side."""
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def decode(raw: bytes, name: str, declared: str | None = None) -> Decoded:
    """Decode file content: a byte-order mark, then the encoding the file declares, then UTF-8,
    then BOM-less UTF-16, then the encoding `charset_normalizer` finds most likely.

    Anything but plain UTF-8 comes with a note naming the encoding (and, when guessed, how sure
    the guess is), so mojibake is never silent. Binary and empty content is an `InputError`.
    """
    if not raw.strip():
        raise InputError(f"{name}: the file is empty; give a file with the translated text")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            text = _strict(raw, encoding, name)
            note = None if encoding == "utf-8-sig" else f"decoded as {encoding.upper()} (byte-order mark)"
            return Decoded(text, encoding, note)
    if declared:
        try:
            codecs.lookup(declared)
        except LookupError:
            raise InputError(f"{name}: declares the unknown encoding {declared!r}; fix the declaration or convert the file to UTF-8") from None
        if codecs.lookup(declared).name != "utf-8":
            return Decoded(_strict(raw, declared, name), declared, f"decoded as {declared} (declared in the file)")
    if b"\x00" in raw[:8192]:
        utf16 = bomless_utf16(raw)
        if utf16 is None:
            raise InputError(f"{name}: looks like a binary file, not text; give a text file in a supported format")
        return Decoded(_strict(raw, utf16, name), utf16, f"decoded as {utf16.upper()} without a byte-order mark (detected)")
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:1_000_000]).best()
    if best is None:
        raise InputError(f"{name}: neither UTF-8 nor any text encoding that could be detected; convert it to UTF-8")
    text = _strict(raw, best.encoding, name)
    if _looks_binary(text):
        raise InputError(f"{name}: looks like a binary file, not text; give a text file in a supported format")
    confidence = max(0.0, 1.0 - float(best.chaos))
    return Decoded(text, best.encoding, f"not UTF-8: decoded as {best.encoding} (detected, confidence {confidence:.2f}); convert it to UTF-8 to be sure")


def _strict(raw: bytes, encoding: str, name: str) -> str:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        reason = exc.reason if isinstance(exc, UnicodeDecodeError) else str(exc)
        raise InputError(f"{name}: not valid {encoding} ({reason}); convert it to UTF-8") from exc


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls > max(2, len(sample) // 100)


_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
# The name must be followed by what ends it (a quote, a space, `;`, `/` or `>`), so a tag that
# crosses the end of the bytes looked at is not read as a cut-off name ("utf" of "utf-8").
_HTML_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._-]+)(?=["'\s;/>])""", re.I)


def declared_encoding(raw: bytes, kind: str) -> str | None:
    """The encoding an XML declaration or an HTML `<meta charset>` names, if any: only a complete
    declaration within the first 4096 bytes counts."""
    head = raw[:4096]
    match = _XML_DECL.match(head) if kind == "xml" else _HTML_META.search(head)
    return match.group(1).decode("ascii") if match else None
