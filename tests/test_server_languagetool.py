"""The LanguageTool layer on its own: UTF-16 offsets and annotated text (no server needed)."""

from __future__ import annotations

import json

import pytest

from mtaudit.pipeline import audit
from mtaudit.records import Document
from mtaudit.server import engine, languagetool


def utf16_slice(text: str, offset: int, length: int) -> str:
    return text.encode("utf-16-le")[2 * offset : 2 * (offset + length)].decode("utf-16-le")


def test_utf16_offsets_count_two_units_for_characters_outside_the_bmp() -> None:
    text = "a😀b𝄞c"
    units = languagetool.Utf16Offsets(text)
    assert [units(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert languagetool.Utf16Offsets("plain text")(5) == 5


def test_annotated_text_maps_plain_offsets_back_to_the_markup_text() -> None:
    data = {"annotation": [{"text": "Bonjour "}, {"markup": "<b>"}, {"text": "le monde"}, {"markup": "<br/>", "interpretAs": "\n"}, {"text": "Fin."}]}
    annotated = languagetool.parse_annotated(json.dumps(data))
    assert annotated.plain == "Bonjour le monde\nFin."
    assert annotated.original == "Bonjour <b>le monde<br/>Fin."
    start = annotated.plain.index("le monde")
    assert annotated.original[annotated.to_original(start) : annotated.to_original(start + 8, end=True)] == "le monde"
    fin = annotated.plain.index("Fin")
    assert annotated.original[annotated.to_original(fin) :] == "Fin."
    newline = annotated.plain.index("\n")  # inside interpretAs: the whole markup
    assert annotated.original[annotated.to_original(newline) : annotated.to_original(newline + 1, end=True)] == "<br/>"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{oops", "data: not JSON"),
        ('{"text": "x"}', 'data: expected {"annotation": [...]}'),
        ('{"annotation": [{"text": 3}]}', "data: annotation[0] must be"),
        ('{"annotation": [{"markup": "<b>", "interpretAs": 1}]}', "data: annotation[0].interpretAs must be a string"),
    ],
)
def test_bad_annotated_text_is_refused_naming_the_field(data: str, message: str) -> None:
    with pytest.raises(languagetool.AnnotationError, match="^" + message.replace("[", r"\[").replace("{", r"\{").replace("(", r"\(")):
        languagetool.parse_annotated(data)


def test_matches_carry_languagetool_fields_with_utf16_offsets() -> None:
    text = "Le sommet 🎉 est fini. The minister Said the plan was ready."
    result = audit([Document(id="t", target=text, target_lang="en")])
    matches = languagetool.to_matches(result.documents[0], languagetool.plain_text(text), engine.rules())
    assert len(matches) == len(result.documents[0].findings)
    for match, finding in zip(matches, result.documents[0].findings, strict=True):
        assert utf16_slice(text, match["offset"], match["length"]) == finding.text
        context = match["context"]
        assert utf16_slice(context["text"], context["offset"], context["length"]) == finding.text
        assert match["rule"]["id"] == finding.rule
        assert match["rule"]["issueType"] == languagetool.ISSUE_TYPES[finding.category]
        assert match["replacements"] == [{"value": s} for s in finding.suggestions]
        assert finding.text in match["sentence"]
