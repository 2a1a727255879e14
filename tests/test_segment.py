from __future__ import annotations

from mtaudit.pipeline import AuditOptions, audit
from mtaudit.records import Document
from mtaudit.segment import markdown_code_spans, paragraphs, sentences, tokens, word_count
from tests.conftest import flagged


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


def test_markdown_code_spans() -> None:
    text = "Intro with `a statment` inline.\n\n```python\nprint('Weird Capitals statment')\n```\n\nAfter the block a statment.\n"
    spans = markdown_code_spans(text)
    assert [text[s:e].split("\n")[0] for s, e in spans] == ["`a statment`", "```python"]
    assert text[spans[1][0] : spans[1][1]].endswith("```")


def test_markdown_code_is_not_checked() -> None:
    text = "Intro with `a statment` inline.\n\n```\nThe Weird statment Here\n```\n\nAfter the block a statment.\n"
    as_markdown = audit([Document("d", text, path="notes.md", target_lang="en")], AuditOptions())
    assert [f.text for f in as_markdown.documents[0].findings] == ["statment"]
    as_text = audit([Document("d", text, path="notes.txt", target_lang="en")], AuditOptions())
    block = (text.index("```"), text.rindex("```"))
    assert any(block[0] < f.start < block[1] for f in as_text.documents[0].findings)  # plain text: the block is prose


def test_markdown_fences_with_crlf_and_longer_closing_fence() -> None:
    text = "# Title\r\n\r\n```\r\nfoo bar\r\n```\r\n\r\nThe statment was made.\r\n\r\n~~~\ncode\n~~~~~\nAfter.\n"
    spans = markdown_code_spans(text)
    assert [text[s:e] for s, e in spans] == ["```\r\nfoo bar\r\n```", "~~~\ncode\n~~~~~"]


def test_markdown_finding_that_merely_contains_code_stays() -> None:
    # A German sentence left in an English article keeps its finding though it contains `make`.
    text = "The build worked well.\n\nDie Verhandlungen wurden am Abend mit `make` ohne Ergebnis unterbrochen und sollen morgen weitergehen.\n"
    result = audit([Document("d", text, path="notes.md", target_lang="en")], AuditOptions(select=("untranslated",)))
    assert [f.rule for f in result.documents[0].findings] == ["untranslated.sentence"]


def test_words_are_compact_objects() -> None:
    """A word is the most numerous object of an audit (about 150,000 per MB of text): it has no
    `__dict__`, and equal words share one string (issue 15, bounded memory)."""
    text = "The minister spoke. The minister left, and the minister's office closed."
    words = tokens(text, sentences(text))
    assert not hasattr(words[0], "__dict__") and not hasattr(sentences(text)[0], "__dict__")
    ministers = [w for w in words if w.text == "minister"]
    assert len(ministers) == 2 and ministers[0].text is ministers[1].text
    assert [text[w.start : w.end] for w in words] == [w.text for w in words]


def test_an_ordinal_after_a_numbers_full_stop_stays_in_its_sentence() -> None:
    """Spanish and Portuguese ordinals ("54.º", "3.ª"): the segmenter cut after the stop, and the
    ordinal sign was reported as a sentence starting in lower case."""
    text = "El 54.º aniversario fue ayer. La 3.ª edición empieza hoy."
    assert [text[s.start : s.end] for s in sentences(text, "es")] == ["El 54.º aniversario fue ayer.", "La 3.ª edición empieza hoy."]
    assert flagged(text, "case.sentence-start-lowercase", lang="es") == []
    missing_space = "He paid 54.It was a lot."
    assert len(sentences(missing_space, "en")) == 2, "a capital after the stop is a new sentence"
