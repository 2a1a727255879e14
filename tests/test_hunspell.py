from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.hunspell import read_dictionary
from mtaudit.lexicon import dictionary_paths, hunspell_dictionaries, lexicon
from tests.conftest import needs_hunspell

AFF = """SET {encoding}
FLAG {mode}

SFX {s} Y 2
SFX {s}   y     ies        [^aeiou]y
SFX {s}   0     s          [^y]

PFX {u} Y 1
PFX {u}   0     un         .
"""

DIC = """4
statement/{s}
country/{s}
Ukraine
happy/{u}
"""


def write_dictionary(folder: Path, mode: str = "char", encoding: str = "UTF-8") -> str:
    flags = {"char": ("S", "U"), "long": ("Sa", "Ua"), "num": ("101", "202")}[mode]
    mode_line = {"char": "UTF-8", "long": "long", "num": "num"}[mode]
    (folder / "xx.aff").write_text(AFF.format(encoding=encoding, mode=mode_line, s=flags[0], u=flags[1]), encoding="utf-8")
    (folder / "xx.dic").write_text(DIC.format(s=flags[0], u=flags[1]), encoding="utf-8")
    return str(folder / "xx.dic")


@pytest.mark.parametrize("mode", ["char", "long", "num"])
def test_stems_and_one_affix(tmp_path: Path, mode: str) -> None:
    dictionary = read_dictionary(write_dictionary(tmp_path, mode))
    assert dictionary is not None
    assert set(dictionary.stems) == {"statement", "country", "Ukraine", "happy"}
    for word in ("statement", "statements", "countries", "unhappy", "Statements", "UKRAINE"):
        assert dictionary.accepts(word, ignore_case=True), word
    for word in ("statment", "countrys", "unstatement", "happys"):
        assert not dictionary.accepts(word, ignore_case=True), word


def test_case_counts_unless_ignored(tmp_path: Path) -> None:
    dictionary = read_dictionary(write_dictionary(tmp_path))
    assert dictionary is not None
    assert dictionary.accepts("ukraine", ignore_case=True) is True
    assert dictionary.accepts("ukraine", ignore_case=False) is False
    assert dictionary.accepts("Ukraine", ignore_case=False) is True
    assert dictionary.accepts("statements", ignore_case=False) is True


def test_forbidden_and_bound_stems(tmp_path: Path) -> None:
    (tmp_path / "xx.aff").write_text(
        "\ufeffSET UTF-8\nFORBIDDENWORD d\nNEEDAFFIX h\nONLYINCOMPOUND o\n\nSFX S Y 1\nSFX S 0 en .\n\nSFX A Y 1\nSFX A 0 e .\n"
        "\nSFX j Y 1\nSFX j 0 0/o .\n",
        encoding="utf-8",
    )
    (tmp_path / "xx.dic").write_text("6\nAbendmal/d\nÄnderungs/hj\nÄnderung/hS\näbte/oS\nall/A\nall/So\n", encoding="utf-8")
    dictionary = read_dictionary(str(tmp_path / "xx.dic"))
    assert dictionary is not None
    assert "Abendmal" not in dictionary.stems and not dictionary.accepts("Abendmal", ignore_case=True)
    # needs an affix, and its empty suffix "j" gives only a compound part
    assert not dictionary.accepts("Änderungs", ignore_case=False)
    assert dictionary.accepts("Änderungen", ignore_case=False)
    assert not dictionary.accepts("äbte", ignore_case=False) and not dictionary.accepts("äbteen", ignore_case=False)  # compounds only
    # two entries of one word keep their own flags: "all/A" gives "alle", the compound-only "all/So" nothing
    assert dictionary.accepts("all", ignore_case=False) and dictionary.accepts("alle", ignore_case=False)
    assert not dictionary.accepts("allen", ignore_case=False)


def test_latin1_dictionary(tmp_path: Path) -> None:
    (tmp_path / "xx.aff").write_bytes(b"SET ISO8859-1\n")
    (tmp_path / "xx.dic").write_bytes("2\ncaf\u00e9\nna\u00efve\n".encode("latin-1"))
    dictionary = read_dictionary(str(tmp_path / "xx.dic"))
    assert dictionary is not None
    assert dictionary.accepts("café", ignore_case=True) and dictionary.accepts("naïve", ignore_case=True)


def test_missing_files(tmp_path: Path) -> None:
    assert read_dictionary(str(tmp_path / "nothing.dic")) is None


def test_installed_english_dictionary() -> None:
    needs_hunspell("en")
    dictionary = hunspell_dictionaries("en")[0]
    assert dictionary.accepts("governments", ignore_case=True) and dictionary.accepts("independently", ignore_case=True)
    assert not dictionary.accepts("goverment", ignore_case=True)
    assert not dictionary.accepts("monday", ignore_case=False) and dictionary.accepts("Monday", ignore_case=False)


def test_british_and_american_english() -> None:
    if not any(path.endswith("en_GB.dic") for path in dictionary_paths("en")):
        pytest.skip("no British English dictionary installed (apt-get install hunspell-en-gb)")
    lex = lexicon("en")
    assert all(lex.accepts(word, ignore_case=False) for word in ("grey", "gray", "labour", "labor"))
    assert lex.is_lowercase_word("monday") is False
    assert lex.is_lowercase_word("grey") is None  # "Grey" (a name) and "grey" (a colour)


def test_dictionaries_from_an_installed_package_come_after_the_system_folders(tmp_path, monkeypatch) -> None:
    """`pip install mtaudit[dictionaries]` brings Hunspell dictionaries on any OS: the package's
    folder is searched last, found without importing it, and a dictionary is read on demand."""
    from mtaudit.lexicon import (
        DICT_DIRS,
        DICTIONARY_PACKAGE,
        dictionary_dirs,
        dictionary_path,
        hunspell_dictionaries,
        packaged_dictionary_dirs,
    )

    package = tmp_path / DICTIONARY_PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "xq_XQ.aff").write_text("SET UTF-8\n", encoding="utf-8")
    (package / "xq_XQ.dic").write_text("2\nnovel\nword\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("MTAUDIT_DICT_PATH", raising=False)
    packaged_dictionary_dirs.cache_clear()
    try:
        dirs = dictionary_dirs()
        assert dirs[: len(DICT_DIRS)] == DICT_DIRS and dirs[-1] == str(package)
        assert dictionary_path("xq") == str(package / "xq_XQ.dic")
        assert [d.accepts("novel", ignore_case=False) for d in hunspell_dictionaries("xq")] == [True]
    finally:
        packaged_dictionary_dirs.cache_clear()
