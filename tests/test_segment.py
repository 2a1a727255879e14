from __future__ import annotations

from mtaudit.segment import paragraphs, sentences, tokens, word_count


def test_sentences_keep_offsets_and_respect_abbreviations() -> None:
    text = 'Mr. Smith paid $3.50 in the U.S. yesterday... He said "Stop." Then he left.\n\nIt was 3 p.m. on Jan. 5.'
    spans = sentences(text, "en")
    pieces = [text[s.start : s.end] for s in spans]
    assert pieces == ["Mr. Smith paid $3.50 in the U.S. yesterday...", 'He said "Stop."', "Then he left.", "It was 3 p.m. on Jan. 5."]
    assert [s.paragraph for s in spans] == [0, 0, 0, 1]


def test_line_breaks_are_boundaries() -> None:
    text = "Headline without stop\nThe body starts here. It goes on."
    assert [text[s.start : s.end] for s in sentences(text, "en")] == ["Headline without stop", "The body starts here.", "It goes on."]


def test_paragraph_offsets_with_crlf() -> None:
    text = "First para.\r\n\r\n  Second para.\r\n"
    assert [text[a:b] for a, b in paragraphs(text)] == ["First para.", "Second para."]


def test_tokens_have_offsets_and_keep_inner_apostrophes() -> None:
    text = "Macron’s office said 3,500 e-mails arrived."
    spans = sentences(text, "en")
    words = tokens(text, spans)
    assert [w.text for w in words] == ["Macron’s", "office", "said", "3,500", "e-mails", "arrived"]
    assert all(text[w.start : w.end] == w.text for w in words)
    assert word_count(text) == 6


def test_emoji_and_cjk_offsets() -> None:
    text = "Great 👍 news. 我们到了。 It works."
    for span in sentences(text, "en"):
        assert text[span.start : span.end].strip() == text[span.start : span.end]
