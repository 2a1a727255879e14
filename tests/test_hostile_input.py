"""Hostile input that aims at the machine or the terminal: language codes that try to reach files,
and control characters that try to reach the terminal."""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit.cli import main
from mtaudit.language import language
from mtaudit.lexicon import dictionary_path, frequency_dict, is_language_code, is_supported_language, lexicon
from mtaudit.readers import read_inputs
from mtaudit.terminal import escape_controls

AFF = "SET UTF-8\n"
DIC = "2\nStatment\nevil\n"


@pytest.fixture()
def planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """A dictionary folder in MTAUDIT_DICT_PATH with a French dictionary, a planted `evil.aff` and
    `evil.dic` beside it (under /tmp), and the list of every path opened from then on."""
    dicts = tmp_path / "dicts"
    dicts.mkdir()
    (dicts / "fr_FR.aff").write_text(AFF, encoding="utf-8")
    (dicts / "fr_FR.dic").write_text("1\nbonjour\n", encoding="utf-8")
    evil = tmp_path / "x"
    evil.mkdir()
    (evil / "evil.aff").write_text(AFF, encoding="utf-8")
    (evil / "evil.dic").write_text(DIC, encoding="utf-8")
    monkeypatch.setenv("MTAUDIT_DICT_PATH", str(dicts))
    opened: list[str] = []
    real_open = builtins.open

    def spy(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", spy)
    return evil, opened


def test_a_language_code_never_reaches_a_path(planted: tuple[Path, list[str]]) -> None:
    evil, opened = planted
    traversal = "../x/evil"
    assert dictionary_path(traversal) is None
    assert not lexicon(traversal).has_case_dictionary
    assert not language(traversal).is_known_word("Statment")
    assert frequency_dict("../../en") == {}
    assert not [path for path in opened if str(evil) in path]


@pytest.mark.parametrize("code", ["*", "f*", "[f]r", "fr?", "fr_*", "fr/../fr"])
def test_glob_characters_match_no_dictionary(planted: tuple[Path, list[str]], code: str) -> None:
    assert dictionary_path("fr") is not None  # the folder is searched…
    assert dictionary_path(code) is None  # …but a pattern finds nothing there


def test_language_codes_are_checked_against_the_pattern_and_the_languages() -> None:
    assert is_supported_language("en") and is_supported_language("fil")
    assert not is_supported_language("xq")  # the right shape, but no language
    assert is_language_code("xq")
    for code in ("", "EN", "e", "engl", "../en", "e*", "en\n", "ｅｎ"):
        assert not is_language_code(code), code


def test_a_bad_code_in_a_record_is_an_error_for_that_record(planted: tuple[Path, list[str]], tmp_path: Path) -> None:
    evil, opened = planted
    records = [
        {"id": "evil", "target": "The Statment was read.", "target_lang": "../" * 8 + str(evil / "evil").lstrip("/")},
        {"id": "glob", "target": "Bonjour à tous.", "target_lang": "f*"},
        {"id": "escape", "target": "Hello.", "source": "Bonjour.", "source_lang": "\x1b]0;pwned\x07"},
        {"id": "fine", "target": "The council approved the budget on Tuesday.", "target_lang": "en"},
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    read = read_inputs([str(path)])
    assert [d.id for d in read.documents] == ["fine"]
    assert [p.split(": ", 1)[0].rsplit(":", 1)[1] for p in read.problems] == ["1", "2", "3"]
    assert '"target_lang" is not a language code mtaudit knows' in read.problems[0]
    assert "\x1b" not in read.problems[2] and "\\x1b]0;pwned\\x07" in read.problems[2]

    result = CliRunner().invoke(main, ["audit", str(path)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("mtaudit: error:")]
    assert len(errors) == 3 and "fine" not in result.stderr
    assert "1 document" in result.stdout
    assert not [p for p in opened if str(evil) in p]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("The minister said.", "The minister said."),
        ("title\x1b]0;pwned\x07", "title\\x1b]0;pwned\\x07"),
        ("clear\x1b[2J\x1b[H", "clear\\x1b[2J\\x1b[H"),
        ("id\nPASS forged.txt", "id\\x0aPASS forged.txt"),
        ("line\r\nnext\rover", "line\\x0d\\x0anext\\x0dover"),
        ("del\x7f c1\x9b", "del\\x7f c1\\x9b"),
        ("file\u202etxt.exe", "file\\u202etxt.exe"),
        ("iso\u2066x\u2069 mark\u200f", "iso\\u2066x\\u2069 mark\\u200f"),
        ("para\u2028line\u2029", "para\\u2028line\\u2029"),
        ("nul\x00", "nul\\x00"),
        ("bad\udcff byte", "bad\\udcff byte"),
        ("literal \\x1b is left alone", "literal \\x1b is left alone"),
        ("C:\\Users\\news", "C:\\Users\\news"),
        ("Élysée 中文 👩\u200d💻 e\u0301", "Élysée 中文 👩\u200d💻 e\u0301"),
    ],
)
def test_escape_controls(raw: str, shown: str) -> None:
    escaped = escape_controls(raw)
    assert escaped == shown
    assert escaped.isprintable() or "\u200d" in escaped  # ZWJ is a format character, harmless
    assert "\n" not in escaped and "\r" not in escaped
    escaped.encode("utf-8")
