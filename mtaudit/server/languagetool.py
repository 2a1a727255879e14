"""LanguageTool's `/v2` protocol on top of mtaudit: the request's form fields in, LanguageTool's
JSON out.

LanguageTool clients (browser add-ons, editor and CMS plugins, `language_tool_python`) send
`text` or `data` (annotated text: markup the checker must skip) and read `matches[]` whose
`offset`/`length` count UTF-16 code units, as JavaScript strings do. mtaudit counts code
points, so every offset is converted here; a text without characters outside the Basic
Multilingual Plane (emoji, some CJK) has the same numbers in both.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from typing import Any

# MQM category → the ITS 2.0 localization-quality issue type that LanguageTool's `issueType` uses.
ISSUE_TYPES = {
    "accuracy/mistranslation": "mistranslation",
    "accuracy/omission": "omission",
    "accuracy/addition": "addition",
    "accuracy/untranslated": "untranslated",
    "fluency/spelling": "misspelling",
    "fluency/punctuation": "typographical",
    "fluency/grammar": "grammar",
    "fluency/inconsistency": "inconsistency",
    "style/awkward": "style",
    "terminology/inconsistent": "terminology",
    "terminology/glossary": "terminology",
    "artefact/markup": "markup",
}
CONTEXT_CHARS = 40  # characters of context either side of a match, as LanguageTool gives


class AnnotationError(ValueError):
    """The `data` field is not LanguageTool's annotated-text JSON; the message says why."""


class Utf16Offsets:
    """Converts code-point offsets of one text into UTF-16 code-unit offsets."""

    def __init__(self, text: str) -> None:
        # positions of the characters that take two UTF-16 units (outside the BMP)
        self.wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def __call__(self, offset: int) -> int:
        return offset + bisect.bisect_left(self.wide, offset)


@dataclass(frozen=True)
class Piece:
    """One part of an annotated text: where it sits in the original and in the checked text."""

    original_start: int
    original_end: int
    plain_start: int
    plain_end: int
    is_text: bool


@dataclass(frozen=True)
class Annotated:
    """An annotated text: the original (text and markup as the client has it) and the plain text
    that is audited (text, with each markup replaced by its `interpretAs`)."""

    original: str
    plain: str
    pieces: tuple[Piece, ...]

    def to_original(self, plain_offset: int, end: bool = False) -> int:
        """The offset in the original of an offset in the plain text. Inside a markup's
        `interpretAs` the whole markup is covered (its start, or its end for `end`)."""
        for piece in self.pieces:
            inside = piece.plain_start <= plain_offset < piece.plain_end or (end and plain_offset == piece.plain_end)
            if not inside:
                continue
            if piece.is_text:
                return piece.original_start + plain_offset - piece.plain_start
            return piece.original_end if end else piece.original_start
        return len(self.original)


def plain_text(text: str) -> Annotated:
    """A plain `text` field: the original and the checked text are the same."""
    return Annotated(text, text, (Piece(0, len(text), 0, len(text), True),))


def parse_annotated(data: str) -> Annotated:
    """Read LanguageTool's `data` field: `{"annotation": [{"text": …} | {"markup": …, "interpretAs"?: …}]}`."""
    try:
        value = json.loads(data)
    except json.JSONDecodeError as exc:
        raise AnnotationError(f"data: not JSON ({exc.msg} at character {exc.pos})") from None
    items = value.get("annotation") if isinstance(value, dict) else None
    if not isinstance(items, list):
        raise AnnotationError('data: expected {"annotation": [...]}')
    original: list[str] = []
    plain: list[str] = []
    pieces: list[Piece] = []
    o = p = 0
    for number, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("text"), str) and set(item) == {"text"}:
            shown = checked = item["text"]
        elif isinstance(item, dict) and isinstance(item.get("markup"), str) and set(item) <= {"markup", "interpretAs"}:
            shown, checked = item["markup"], item.get("interpretAs", "")
            if not isinstance(checked, str):
                raise AnnotationError(f"data: annotation[{number}].interpretAs must be a string")
        else:
            raise AnnotationError(f'data: annotation[{number}] must be {{"text": …}} or {{"markup": …, "interpretAs": …}}')
        pieces.append(Piece(o, o + len(shown), p, p + len(checked), "text" in item))
        original.append(shown)
        plain.append(checked)
        o += len(shown)
        p += len(checked)
    return Annotated("".join(original), "".join(plain), tuple(pieces))


def to_matches(doc: Any, annotated: Annotated, rules: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings of one `DocumentResult` as LanguageTool matches, offsets in UTF-16 units of
    the original text."""
    original = annotated.original
    units = Utf16Offsets(original)
    target = doc.document.target
    sentence_starts = [s.start for s in doc.segments]
    matches = []
    for finding in doc.findings:
        start = annotated.to_original(finding.start)
        end = max(start, annotated.to_original(finding.end, end=True))
        before = max(0, start - CONTEXT_CHARS)
        context = original[before : end + CONTEXT_CHARS]
        context_units = Utf16Offsets(context)
        rule = rules.get(finding.rule)
        sentence = ""
        if doc.segments:
            segment = doc.segments[max(0, bisect.bisect_right(sentence_starts, finding.start) - 1)]
            sentence = target[segment.start : segment.end]
        matches.append(
            {
                "message": finding.message,
                "shortMessage": rule.summary if rule is not None else "",
                "replacements": [{"value": s} for s in finding.suggestions],
                "offset": units(start),
                "length": units(end) - units(start),
                "context": {"text": context, "offset": context_units(start - before), "length": context_units(end - before) - context_units(start - before)},
                "sentence": sentence,
                "type": {"typeName": "Other"},
                "rule": {
                    "id": finding.rule,
                    "description": rule.summary if rule is not None else finding.rule,
                    "issueType": ISSUE_TYPES.get(finding.category, "uncategorized"),
                    "category": {"id": finding.category.upper().replace("/", "_"), "name": finding.category},
                },
                "ignoreForIncompleteSentence": False,
                "contextForSureMatch": 0,
                "mtaudit": {"severity": finding.severity.value, "confidence": round(finding.confidence, 3), "category": finding.category},
            }
        )
    return matches


def rule_list(value: str | None) -> tuple[str, ...]:
    """LanguageTool's comma-separated rule list (`enabledRules`, `disabledRules`)."""
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def languages_response(names: dict[str, str]) -> list[dict[str, str]]:
    """`GET /v2/languages`: every language with its name, code and long code."""
    return [{"name": name, "code": code, "longCode": code} for code, name in names.items()]


def check_response(matches: list[dict[str, Any]], lang: str, name: str, detected: str, version: str) -> dict[str, Any]:
    """The body of `POST /v2/check`: `lang` as the client asked for it, `detected` the language
    audited (the same unless the client asked for "auto") and `name` its English name."""
    return {
        "software": {"name": "mtaudit", "version": version, "buildDate": None, "apiVersion": 1, "premium": False, "status": ""},
        "warnings": {"incompleteResults": False},
        "language": {
            "name": name,
            "code": lang,
            "detectedLanguage": {"name": name, "code": detected, "confidence": 1.0},
        },
        "matches": matches,
    }
