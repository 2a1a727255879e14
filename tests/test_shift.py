"""`case.shift-slip`: words typed with the Shift key held too long or with Caps Lock on.

The rule's table of examples (in `mtaudit/checks/shift.py`) is run by test_rule_examples.py; these
tests pin what the table does not: exact spans and suggestions, where the rule stays silent, and
the shapes `_corrected` reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.checks.shift import _corrected
from tests.conftest import needs_hunspell
from tests.test_mutants_checks import run

RULE = "case.shift-slip"


def findings(text: str, **kwargs: object) -> list[tuple[str, list[str]]]:
    return [(f.text, list(f.suggestions)) for f in run(text, RULE, **kwargs).findings]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("word", "meant"),
    [
        ("THe", "The"),
        ("STatement", "Statement"),
        ("tHE", "The"),
        ("sTATEMENT", "Statement"),
        ("DIe", "Die"),
        ("CDs", "Cds"),  # an acronym and its plural: left alone by the rule, which knows frequencies
        ("KBytes", None),  # data units
        ("MBps", None),
        ("GBit", None),
        ("The", None),
        ("BBC", None),
        ("iPhone", None),  # one capital inside: not a slip's shape
        ("McDonald", None),
        ("ab", None),
        ("A", None),
    ],
)
def test_the_shapes_of_a_slip(word: str, meant: str | None) -> None:
    assert _corrected(word) == meant


def test_spans_and_suggestions() -> None:
    needs_hunspell("en")
    text = "STatement from the office: Mr BRown said THe plan for CHina's pre-BUdget talks was ready."
    assert findings(text) == [
        ("STatement", ["Statement"]),
        ("BRown", ["Brown"]),
        ("THe", ["the", "The"]),
        ("CHina", ["China"]),
        ("BUdget", ["Budget"]),
    ]


def test_caps_lock_at_a_sentence_start_and_inside_one() -> None:
    needs_hunspell("en")
    assert findings("It came from tHE minister.") == [("tHE", ["the", "The"])]
    text = "tHE office issued a statement on Monday in lONDON."
    assert findings(text) == [("tHE", ["The"]), ("lONDON", ["London"])]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("The ship sailed up the IJssel and back down the IJssel.", "the document writes it so twice"),
        ("Download it from https://example.org/THe/files today.", "part of a URL"),
        ("The DNase was added to the sample.", "no word once its case is put right"),
        ("The line carries 100 MBps to the office.", "a data unit"),
        ("Sales of TVs and CDs rose.", "acronyms' plurals"),
        ("THE STATEMENT CAME LATE.", "all capitals"),
    ],
)
def test_silent(text: str, why: str) -> None:
    needs_hunspell("en")
    assert findings(text) == [], why


def test_a_spelling_the_source_has_is_copied_not_slipped() -> None:
    needs_hunspell("en")
    source = "La société BRown & Co a publié un communiqué."
    assert findings("The company BRown & Co issued a statement.", source=source, source_lang="fr") == []
    assert findings("The company BRown & Co issued a statement.") == [("BRown", ["Brown"])]


def test_silent_without_a_dictionary(tmp_path: Path) -> None:
    """Without a Hunspell dictionary of the language nothing says what the word is in either case."""
    assert findings("THe plan was ready.", dict_dirs=(str(tmp_path),)) == []
