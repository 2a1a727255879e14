"""A long document keeps its words as arrays, not as objects (issue 15: a 20 MB article in bounded
memory), and its report is the same either way.

`mtaudit.segment.tokens` gives a list of `Token`s up to `COMPACT_TOKENS` words and a `TokenArray`
beyond; the tests lower the threshold to audit real articles both ways. Memory is compared by
ratios of `tracemalloc` figures and by counting live objects, never by absolute sizes or times.
"""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

import pytest

from mtaudit import segment
from mtaudit.context import CheckContext
from mtaudit.options import AuditOptions
from mtaudit.pipeline import audit, prepare
from mtaudit.records import Document
from mtaudit.segment import SentenceTokens, Token, TokenArray, sentences, tokens

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ARTICLE = (FIXTURES / "example-fr-en-news.txt").read_text(encoding="utf-8")
SOURCE_FR = (FIXTURES / "source-fr.txt").read_text(encoding="utf-8")


def compact(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text, however short, keeps its words as arrays."""
    monkeypatch.setattr(segment, "COMPACT_TOKENS", 0)


@pytest.mark.parametrize(
    "document",
    [
        Document("example-fr-en-news.txt", ARTICLE, target_lang="en"),
        Document("notes.md", "Read `the code` here.\n\nThe minister spoke on monday in paris. He said he said it.\n", path="notes.md", target_lang="en"),
        Document("pair", ARTICLE, source=SOURCE_FR, target_lang="en", source_lang="fr"),
    ],
    ids=["article", "markdown-with-code", "with-source"],
)
def test_compact_words_give_the_same_report(document: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = audit([document]).to_dict()
    assert isinstance(prepare(document, AuditOptions()).tokens, list)
    compact(monkeypatch)
    assert isinstance(prepare(document, AuditOptions()).tokens, TokenArray)
    assert audit([document]).to_dict() == expected


def test_token_array_reads_like_the_list(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The talks resume on Monday. Kyiv said no.\n\nA new paragraph, with `code` in it."
    spans = sentences(text)
    skipped = segment.SpanIndex([(text.index("`"), text.index("`", text.index("`") + 1) + 1)])
    listed = tokens(text, spans, skipped)
    compact(monkeypatch)
    array = tokens(text, spans, skipped)
    assert isinstance(listed, list) and isinstance(array, TokenArray)
    assert list(array) == listed and len(array) == len(listed)
    assert "code" not in [t.text for t in array]  # a word in code is left out, its neighbours keep their positions
    assert array[-1] == listed[-1] == Token("it", len(text) - 3, len(text) - 1, 2, 6)
    assert array[2:5] == listed[2:5] and array[::3] == listed[::3] and array[7:2] == []
    with pytest.raises(IndexError):
        array[len(listed)]
    grouped = CheckContext(Document("d", text), "en", None, spans, listed).sentence_tokens
    lazy = CheckContext(Document("d", text), "en", None, spans, array).sentence_tokens
    assert isinstance(lazy, SentenceTokens) and not isinstance(grouped, SentenceTokens)
    assert list(lazy) == list(grouped) and lazy[-1] == grouped[-1] and lazy[1:] == grouped[1:] and len(lazy) == len(spans)


def live_tokens() -> int:
    gc.collect()
    return sum(1 for item in gc.get_objects() if type(item) is Token)


def test_a_long_document_holds_no_word_objects_and_a_fraction_of_the_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    document = Document("long", "\n\n".join([ARTICLE] * 8), target_lang="en")
    prepare(Document("warm-up", ARTICLE, target_lang="en"), AuditOptions())  # the language's resources, loaded once

    def held(ctx_of: type) -> tuple[int, int, object]:
        before = live_tokens()
        tracemalloc.start()
        ctx = prepare(document, AuditOptions())
        size = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        assert isinstance(ctx.tokens, ctx_of)
        return size, live_tokens() - before, ctx

    as_list, list_objects, listed = held(list)
    compact(monkeypatch)
    as_array, array_objects, arrayed = held(TokenArray)
    words = len(listed.tokens)  # type: ignore[attr-defined]
    assert list_objects == words and array_objects == 0
    assert as_array < 0.4 * as_list  # 16 bytes a word against about 140
    assert list(arrayed.tokens) == list(listed.tokens)  # type: ignore[attr-defined]


def test_a_lexicon_remembers_a_bounded_number_of_words(monkeypatch: pytest.MonkeyPatch) -> None:
    from mtaudit import lexicon as lexicon_module

    words = ["the", "minister", "spoke", "on", "monday", "in", "Kyiv", "about", "twitter", "and", "the", "Kremlin", "statement"]
    fresh = lexicon_module.Lexicon("en")
    expected = [(fresh.zipf(w), fresh.case_forms(w)) for w in words]
    monkeypatch.setattr(lexicon_module, "MEMORY_WORDS", 3)
    bounded = lexicon_module.Lexicon("en")
    assert [(bounded.zipf(w), bounded.case_forms(w)) for w in words * 2] == expected * 2
    assert len(bounded._zipf) <= 3 and len(bounded._case_forms) <= 3
