"""Text from the input made safe for a terminal or a line-oriented output.

Ids, file names, language codes, notes and flagged text come from whoever wrote the input. Printed
raw, an escape sequence in one of them can clear the screen, set the window title or hide text
(OSC and BEL pass even through a pipe into a log viewer), a right-to-left override can reorder
what the reader sees, and a line break in a JSONL id can forge a "PASS …" line in `check` output.
`escape_controls` writes every such character visibly instead (ESC as `\\x1b`, U+202E as
`\\u202e`), so that one record always stays one line and shows what it holds.
"""

from __future__ import annotations

import re

# C0 controls (with tab, line feed and carriage return), DEL, C1 controls; the Unicode line and
# paragraph separators and next line (line breaks to some viewers); the bidirectional embeddings,
# overrides, isolates and marks, which reorder the text around them on screen.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Lone surrogates: undecodable bytes kept by "surrogateescape", which no terminal can show.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """`text` with every control character written as a visible escape: C0 and C1 controls, ESC,
    BEL, DEL, tab, line feed and carriage return as `\\xNN`; line and paragraph separators and the
    bidirectional controls as `\\uNNNN`. Backslashes are left as they are, so escaping is
    idempotent: a message built from text a reader already escaped is not escaped twice. Text without
    such characters is returned unchanged; lone surrogates (from undecodable bytes) are written as
    `\\udcNN` too, so the result always encodes to UTF-8."""
    if not _CONTROL.search(text) and not _SURROGATE.search(text):
        return text
    text = _CONTROL.sub(_escape, text)
    return _SURROGATE.sub(_escape, text)

