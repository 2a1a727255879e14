"""The Python API: audit a string or files without the command line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from mtaudit.api import audit_files, audit_text
from mtaudit.errors import InputError
from tests.conftest import EXAMPLE, needs_hunspell


def test_audit_text() -> None:
    needs_hunspell("en")  # the expected findings need the English dictionary
    result = audit_text("Mr. Zelensky wrote on twitter He told Mr Macron of the bombing.", target_lang="en")
    [doc] = result.documents
    assert doc.target_lang == "en" and doc.source_lang is None
    assert [(f.rule, f.text) for f in doc.findings] == [("consistency.abbreviation", "Mr."), ("boundary.run-on", "twitter He")]


def test_audit_text_with_a_source_and_options() -> None:
    result = audit_text(
        "The government will spend 45 million euros on the new hospital.",
        source="Le gouvernement va dépenser 40 millions d'euros pour le nouvel hôpital.",
        source_lang="fr",
        target_lang="en",
        select="source.number-mismatch",
    )
    assert [f.rule for f in result.documents[0].findings] == ["source.number-mismatch"]
    assert result.settings.checks == ("source.number-mismatch",)


def test_unknown_options_name_the_closest() -> None:
    with pytest.raises(TypeError, match="unknown option 'selct'; did you mean 'select'"):
        audit_text("A text.", selct=["case"])
    with pytest.raises(TypeError, match="as str"):
        audit_text(Path("article.txt"))  # type: ignore[arg-type]


def test_audit_files(tmp_path: Path) -> None:
    segments = tmp_path / "segments.jsonl"
    segments.write_text('{"id": "s1", "target": "He wrote on twitter He told us."}\nnot json\n', encoding="utf-8")
    result = audit_files([str(EXAMPLE), str(segments)], target_lang="en", select=["boundary"])
    assert [d.document.id for d in result.documents] == [str(EXAMPLE), "s1"]
    assert result.errors == [f"{segments}:2: not valid JSON (Expecting value); fix or remove the line"]
    from_file = audit_files(str(EXAMPLE)).documents[0].findings
    assert all(f.location is not None for f in from_file)  # a file has lines; a text given in memory has none
    assert [replace(f, location=None) for f in from_file] == audit_text(EXAMPLE.read_text(encoding="utf-8")).documents[0].findings
    with pytest.raises(InputError, match="no such file"):
        audit_files(str(tmp_path / "missing.txt"))
