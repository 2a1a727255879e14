"""Language codes found inside files (JSONL fields, front matter, `<html lang>`, XLIFF attributes)."""

from __future__ import annotations


def lang_code(value: object) -> str | None:
    """The normalised code of a language named in a file, or None when there is none."""
    if isinstance(value, str) and value.strip():
        from mtaudit.langid import normalise

        return normalise(value.strip())
    return None
