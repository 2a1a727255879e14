"""Plain text and Markdown: the file is the text, as it was read.

Plain text is audited verbatim (offsets are file offsets). Markdown is too, except for a YAML
(`---`) or TOML (`+++`) front matter block at the top: it is no prose, so the text starts after
it; its `lang` (or `language`, `locale`) sets the target language when none was given, and its
`title`, which is prose, is audited as the first paragraph. Code is left out by the pipeline;
link targets and HTML comments are listed as `skipped` spans of the document's `Locator`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mtaudit.readers.base import Locator, RunBuilder, decode
from mtaudit.readers.interface import ReadContext, Reader
from mtaudit.readers.langs import lang_code
from mtaudit.records import Document
from mtaudit.segment import line_starts as line_starts_of

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*\r?\n(.*?)(?:\r?\n)\1[ \t]*(?:\r?\n|\Z)", re.S)
# Link targets, with bounded repetitions so that a long run of "](" cannot make the scan quadratic.
_LINK_TARGET = re.compile(r"\]\((<[^>\n]{0,2048}>|[^()\s]{0,2048}(?:\([^()\s]{0,256}\)[^()\s]{0,256}){0,4})(?:[ \t]+\"[^\"\n]{0,512}\")?\)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.M)


def read_text(path: str, raw: bytes, context: ReadContext) -> Iterator[Document]:
    """A plain-text file: one document, the decoded file."""
    decoded = decode(raw, _name(path))
    locator = None
    if decoded.note:
        context.notes.append(f"{_name(path)}: {decoded.note}")
        locator = Locator("text", line_starts_of(decoded.text), notes=(decoded.note,))
    yield Document(
        id=_name(path),
        target=decoded.text,
        path=None if path == "-" else path,
        source_lang=context.source_lang,
        target_lang=context.target_lang,
        location=locator,
    )


def read_markdown(path: str, raw: bytes, context: ReadContext) -> Iterator[Document]:
    """A Markdown file: one document, the file after its front matter (if any)."""
    decoded = decode(raw, _name(path))
    text = decoded.text
    notes = [decoded.note] if decoded.note else []
    target_lang = context.target_lang
    builder = RunBuilder()
    match = _FRONT_MATTER.match(text)
    if match:
        fields = _front_matter(match.group(1), match.group(2), path, notes)
        target_lang = target_lang or lang_code(fields.get("lang") or fields.get("language") or fields.get("locale"))
        title = fields.get("title")
        position = text.find(str(title), match.start(2), match.end(2)) if isinstance(title, str) and title.strip() else -1
        if position >= 0:
            builder.add(str(title), position)
            builder.add_synthetic("\n\n", match.end(2))
        builder.add(text[match.end() :], match.end())
    else:
        builder.add(text, 0)
    body = builder.text()
    if not body.strip():
        raise_empty(path)
    skipped = sorted([m.span(1) for m in _LINK_TARGET.finditer(body)] + [m.span() for m in _REFERENCE.finditer(body)] + comment_spans(body))
    for note in notes:
        context.notes.append(f"{_name(path)}: {note}")
    yield Document(
        id=_name(path),
        target=body,
        path=None if path == "-" else path,
        source_lang=context.source_lang,
        target_lang=target_lang,
        location=Locator("markdown", line_starts_of(text), builder.run_text, builder.run_file, notes=tuple(notes), skipped=tuple(skipped)),
    )


def comment_spans(text: str) -> list[tuple[int, int]]:
    """The spans of HTML comments (`<!-- … -->`) in `text`, found in one pass (an unclosed comment
    runs to the end, as in a browser)."""
    spans = []
    start = text.find("<!--")
    while start != -1:
        end = text.find("-->", start + 4)
        end = len(text) if end == -1 else end + 3
        spans.append((start, end))
        start = text.find("<!--", end)
    return spans


def _front_matter(fence: str, block: str, path: str, notes: list[str]) -> dict[str, Any]:
    """The front matter's fields; unreadable front matter is noted and left out all the same."""
    try:
        if fence == "+++":
            import tomllib

            fields: Any = tomllib.loads(block)
        else:
            import yaml

            fields = yaml.safe_load(block)
    except Exception as exc:  # yaml and toml raise their own error types
        notes.append(f"front matter unreadable ({type(exc).__name__}); left out of the audit")
        return {}
    return fields if isinstance(fields, dict) else {}


def raise_empty(path: str) -> None:
    from mtaudit.errors import InputError

    raise InputError(f"{_name(path)}: no prose to audit after the front matter; give a file with the translated text")


def _name(path: str) -> str:
    return "<stdin>" if path == "-" else path


TEXT = Reader("text", (".txt", ".text"), read_text, description="plain text")
MARKDOWN = Reader("markdown", (".md", ".markdown"), read_markdown, description="Markdown (YAML/TOML front matter read for lang and title)")
