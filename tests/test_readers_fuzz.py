"""Every reader fuzzed with arbitrary text spliced into its own fixture: it either reads the
file or refuses it with one `InputError` line, and every offset of what it read maps to a real
line and column of the file. A bounded number of examples, so that it runs in the test suite and
in `.ci/run`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtaudit.errors import InputError
from mtaudit.readers import BY_NAME, location_of
from mtaudit.readers.interface import ReadContext
from tests.conftest import ROOT

FORMATS = ROOT / "fixtures" / "formats"
SEEDS = {
    "text": "The council met on Tuesday.\nIt approved the budget.\n",
    "markdown": (FORMATS / "post.md").read_text(encoding="utf-8"),
    "jsonl": '{"id": "1", "target": "The council met.", "source": "Le conseil s\'est réuni."}\n{"id": "2", "target": "It approved the budget."}\n',
    "html": (FORMATS / "article.html").read_text(encoding="utf-8"),
    "xliff": (FORMATS / "messages.xlf").read_text(encoding="utf-8"),
    "tmx": (FORMATS / "memory.tmx").read_text(encoding="utf-8"),
    "po": (FORMATS / "app.po").read_text(encoding="utf-8"),
    "csv": (FORMATS / "pairs.csv").read_text(encoding="utf-8"),
    "tsv": (FORMATS / "pairs.csv").read_text(encoding="utf-8").replace(",", "\t"),
}
# Characters that stress readers: markup and escapes, quotes, line ends, controls, bidi and
# zero-width marks, combining marks, emoji with a joiner, lone surrogates as `surrogateescape` makes them.
ALPHABET = st.sampled_from([*"<>&;\"'\\%{}#[]()-=!/\n\r\t \x00\x1b\u200b\u200f\u202e\u0301\u00a0é漢", "👩\u200d💻", "&amp;", "&lt;b&gt;", "<!--", "-->", "<![CDATA[", "]]>", "\udcff", '\\"', "msgstr ", "---\n"])
FUZZ = st.lists(st.one_of(ALPHABET, st.text(max_size=8)), max_size=40).map("".join)


def check_reader(name: str, data: str, position: int) -> None:
    seed = SEEDS[name]
    cut = position % (len(seed) + 1)
    content = seed[:cut] + data + seed[cut:]
    raw = content.encode("utf-8", "surrogateescape")
    try:
        documents = list(BY_NAME[name].read("fuzz." + name, raw, ReadContext()))
    except InputError as exc:
        assert "\n" not in str(exc).strip()
        return
    decoded_lines = None
    for document in documents:
        if document.location is None:
            continue
        if decoded_lines is None:
            decoded_lines = len(document.location.line_starts)
        for offset in range(0, len(document.target), max(1, len(document.target) // 50)):
            where = location_of(document, offset)
            assert where is not None and where["line"] >= 1 and where["column"] >= 1
            assert where["line"] - document.location.first_line < decoded_lines


@pytest.mark.parametrize("name", sorted(SEEDS))
@settings(max_examples=int(os.environ.get("MTAUDIT_FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=FUZZ, position=st.integers(min_value=0))
def test_reader_survives_arbitrary_text(name: str, data: str, position: int) -> None:
    check_reader(name, data, position)


def test_regressions_found_by_fuzzing() -> None:
    """Inputs that once broke a reader (kept as regression tests)."""
    check_reader("html", "<head><title>x", 0)  # an unclosed <head> before the body
    check_reader("po", 'msgstr "a\\', 40)  # a string ending in a backslash
    check_reader("po", "<", 433)  # msgstr[1] broken: translate-toolkit raises AttributeError
    check_reader("tmx", "<!--", 0)  # libxml2's message spans two lines
    check_reader("xliff", "<!--", 300)  # an unclosed comment inside a unit


def test_xlsx_garbage_is_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        list(BY_NAME["xlsx"].read("x.xlsx", b"PK\x03\x04garbage", ReadContext()))
