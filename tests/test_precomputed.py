"""`--backtranslations FILE`: hostile files are one-line errors naming file and line; lookup by
text or by segment id; a count of the sentences matched."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mtaudit.errors import ModelError
from mtaudit.evidence.translators.base import TranslatorConfig
from mtaudit.evidence.translators.precomputed import PrecomputedTranslator, read_table

TARGET = "The minister resigned last night in Paris."
BACK = "Le ministre a démissionné hier soir à Paris."
GOOD = json.dumps({"text": TARGET, "translation": BACK}, ensure_ascii=False)


def jsonl(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "bt.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def error_of(path: str) -> str:
    with pytest.raises(ModelError) as exc:
        read_table(path)
    message = str(exc.value)
    assert "\n" not in message and len(message) < 300
    return message


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('["The minister resigned.", "Le ministre a démissionné."]', "found a list"),
        ('"The minister resigned."', "found a string"),
        ("null", "found null"),
        ("42", "found a number"),
        ("{\"text\": \"The minister resigned.\"", "not valid JSON"),
        ('{"text": ["The minister"], "translation": "Le ministre"}', '"text" must be a string'),
        ('{"text": "The minister resigned."}', 'string "translation"'),
    ],
)
def test_wrong_lines_name_file_and_line(tmp_path: Path, line: str, words: str) -> None:
    path = jsonl(tmp_path, GOOD, line)
    message = error_of(path)
    assert f"{path}:2:" in message and words in message


def test_deeply_nested_line(tmp_path: Path) -> None:
    path = jsonl(tmp_path, GOOD, "[" * 100_000 + "]" * 100_000)
    message = error_of(path)
    assert f"{path}:2:" in message and "nested too deeply" in message


def test_huge_integer(tmp_path: Path) -> None:
    path = jsonl(tmp_path, '{"text": "The minister resigned.", "translation": "x", "n": ' + "9" * 5000 + "}")
    message = error_of(path)
    assert f"{path}:1:" in message and "number too long" in message


def test_tsv_field_over_128_kib(tmp_path: Path) -> None:
    path = tmp_path / "bt.tsv"
    path.write_text(f"{TARGET}\t{BACK}\n" + "word " * 30_000 + "\tmot\n", encoding="utf-8")
    message = error_of(str(path))
    assert f"{path}:2:" in message and "field" in message


def test_tsv_without_tab(tmp_path: Path) -> None:
    path = tmp_path / "bt.tsv"
    path.write_text(f"{TARGET}\t{BACK}\n\nThe talks resumed on Monday.\n", encoding="utf-8")
    assert f"{path}:3:" in error_of(str(path))


def test_missing_folder_fifo_and_undecodable_file(tmp_path: Path) -> None:
    assert "no such file" in error_of(str(tmp_path / "missing.tsv"))
    assert "not a regular file" in error_of(str(tmp_path))
    fifo = tmp_path / "bt.tsv"
    os.mkfifo(fifo)
    assert "not a regular file" in error_of(str(fifo))  # would hang if it were opened
    latin = tmp_path / "latin.tsv"
    latin.write_bytes(f"{TARGET}\t{BACK}\n".encode("latin-1"))
    assert "not UTF-8" in error_of(str(latin))


def test_lookup_by_text_and_by_id_and_counts(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path,
        GOOD,
        json.dumps({"id": "seg-2", "translation": "Les négociations reprendront lundi."}, ensure_ascii=False),
        json.dumps({"id": 7, "text": "Both sides were hopeful.", "translation": "Les deux parties étaient optimistes."}, ensure_ascii=False),
    )
    engine = PrecomputedTranslator(TranslatorConfig(path=path))
    engine.require("en", "fr")
    assert engine.translate(["The  minister resigned last night\nin Paris.", "The talks will resume on Monday."], "en", "fr") == [BACK, ""]
    assert (engine.requested, engine.matched) == (2, 1)
    got = engine.translate_segments([("seg-2", "The talks will resume on Monday."), ("7", "Both sides said they were hopeful."), ("seg-9", TARGET)])
    assert got == ["Les négociations reprendront lundi.", "Les deux parties étaient optimistes.", BACK]
    assert (engine.requested, engine.matched) == (5, 4)
    assert engine.coverage_note() == f"--backtranslations {path}: matched 4 of 5 sentences"


def test_tsv_lookup_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "bt.tsv"
    path.write_text(f"{TARGET}\t{BACK}\n", encoding="utf-8")
    assert read_table(str(path)).lookup(TARGET) == BACK
