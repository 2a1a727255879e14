"""Tests written against survivors of the mutation benchmark in `mtaudit/readers/`: each pins an
offset or a limit that a planted bug moved without any other test noticing."""

from __future__ import annotations

import pytest

from mtaudit.readers.base import declared_encoding
from mtaudit.readers.text import comment_spans


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("<!---->Hello<!-- x -->", [(0, 7), (12, 22)]),  # an empty comment closes at once
        ("Hello <!-- note --> world", [(6, 19)]),
        ("Hello <!-- never closed", [(6, 23)]),  # runs to the end, as in a browser
        ("No comment here.", []),
    ],
)
def test_html_comment_spans(text: str, spans: list[tuple[int, int]]) -> None:
    assert comment_spans(text) == spans


def test_a_declared_charset_is_read_from_the_first_4096_bytes_only() -> None:
    tag = b'<meta charset="windows-1252">'
    assert declared_encoding(b"<html><head>" + tag, "html") == "windows-1252"
    padding = b"<!--" + b"x" * (4096 - 7) + b"-->"  # 4,096 bytes of comment before the tag
    assert len(padding) == 4096
    assert declared_encoding(padding + tag, "html") is None
    assert declared_encoding(b'<?xml version="1.0" encoding="ISO-8859-1"?><root/>', "xml") == "ISO-8859-1"
