"""Language codes found inside files (JSONL fields, front matter, `<html lang>`, XLIFF attributes).

A code from a file is checked before it is used: two or three letters of a language that mtaudit
knows (`mtaudit.lexicon.is_supported_language`), so that "../../tmp/x/evil" or "e*" never reaches
a dictionary lookup.
"""

from __future__ import annotations

from functools import lru_cache

from mtaudit.terminal import escape_controls


def lang_code(value: object) -> str | None:
    """The normalised code of a language named in a file, or None when there is none or when it
    is no language code mtaudit knows (see `language_problem` to report it)."""
    if isinstance(value, str) and value.strip():
        return _known_code(value.strip())
    return None


@lru_cache(maxsize=1024)
def _known_code(value: str) -> str | None:
    """`lang_code` of a stripped value, remembered: every record of a segment file names the same
    few languages."""
    from mtaudit.langid import normalise
    from mtaudit.lexicon import is_supported_language

    code = normalise(value)
    return code if is_supported_language(code) else None


def language_problem(field: str, value: object) -> str | None:
    """Why the language code `value` of `field` cannot be used (one line, the value escaped and
    shortened), or None when it is absent or usable."""
    if not isinstance(value, str) or not value.strip() or lang_code(value) is not None:
        return None
    shown = escape_controls(value if len(value) <= 40 else value[:40] + "…")
    return f"\"{field}\" is not a language code mtaudit knows: \"{shown}\""
