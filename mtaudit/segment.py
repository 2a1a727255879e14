"""Sentence segmentation and word tokenisation, both with code-point offsets into the text.

Paragraphs (blank lines) and single line breaks are hard boundaries; inside a line, sentences come
from `sentencex` (Wikimedia's rule-based segmenter for ~300 languages, which knows abbreviations
such as "Mr." and "U.S.", decimals and ellipses). Offsets are recovered by walking the text, so
`text[start:end]` is always exactly the sentence.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from mtaudit.language import WORD

_LINE = re.compile(r"[^\n]+")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# A word: the package's one word pattern (letters with their marks, digits, inner apostrophes,
# hyphens and separators between digits), from the Language layer.
_WORD = WORD


# Sentences and words use `__slots__`: a word is the most numerous object of an audit (about
# 150,000 per megabyte of text), and a slotted one takes less than half the memory of one with a
# `__dict__` (issue 15: a 20 MB article in bounded memory).
@dataclass(frozen=True, slots=True)
class Span:
    """A sentence: `text[start:end]`, whitespace trimmed, inside paragraph `paragraph`."""

    start: int
    end: int
    paragraph: int


# A word is a plain (not frozen) slotted dataclass: a frozen one takes three times as long to
# create, and an audit creates millions of them. Equal words compare and hash equal; a token is a
# value all the same, and no code assigns to its fields.
@dataclass(slots=True, unsafe_hash=True)
class Token:
    """A word of the target text with its offsets and the sentence it belongs to."""

    text: str
    start: int
    end: int
    sentence: int
    index_in_sentence: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Offsets of the paragraphs of `text`: runs of non-blank lines separated by blank lines."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            if start is None:
                start = pos + (len(line) - len(line.lstrip()))
            end = pos + len(line.rstrip())
        elif start is not None:
            spans.append((start, end))
            start = None
        pos += len(line)
    if start is not None:
        spans.append((start, end))
    return spans


def sentences(text: str, lang: str = "en") -> list[Span]:
    """Split `text` into sentences with offsets; every non-blank character lies in one sentence."""
    from sentencex import segment

    spans: list[Span] = []
    for para_index, (p_start, p_end) in enumerate(paragraphs(text)):
        for line in _LINE.finditer(text, p_start, p_end):
            if not line.group().strip():
                continue
            # sentencex takes UTF-8 only: a lone surrogate (an undecodable byte kept by
            # "surrogateescape") is replaced by U+FFFD, one character for one, so offsets hold.
            for offset, line_text in _chunks(_LONE_SURROGATE.sub("\ufffd", line.group())):
                cursor = 0
                for piece in segment(lang or "en", line_text):
                    if not piece.strip():
                        cursor += len(piece)
                        continue
                    found = line_text.find(piece, cursor)
                    if found < 0:  # the segmenter changed the text: fall back to the rest of the line
                        found = cursor
                        piece = line_text[cursor:]
                    lead = len(piece) - len(piece.lstrip())
                    trail = len(piece.rstrip())
                    base = line.start() + offset
                    spans.append(Span(base + found + lead, base + found + trail, para_index))
                    cursor = found + len(piece)
    return _merge_fragments(text, spans)


# Lines longer than this go to sentencex in pieces: its time grows with the square of a line's
# length on some inputs (long runs of quotation marks, guillemets or backticks), and a hostile
# line of megabytes would never finish. Real paragraphs are far shorter, and are never cut.
MAX_SEGMENT_CHUNK = 10_000
# Where a piece is best cut: after a sentence's final mark (and closing quotes) and its spaces.
_CHUNK_BREAK = re.compile(r"[.!?…][\"'”’»)\]]*\s+")


def _chunks(line: str) -> list[tuple[int, str]]:
    """`line` cut into pieces of at most `MAX_SEGMENT_CHUNK` characters, as (offset, piece): each cut
    falls after the last sentence end of the second half of the window, else after its last space,
    else at the limit. A line within the limit is one piece."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(line) - start > MAX_SEGMENT_CHUNK:
        limit = start + MAX_SEGMENT_CHUNK
        half = start + MAX_SEGMENT_CHUNK // 2
        cut = 0
        for match in _CHUNK_BREAK.finditer(line, half, limit):
            cut = match.end()
        if not cut:
            cut = next((i + 1 for i in range(limit - 1, half - 1, -1) if line[i].isspace()), limit)
        pieces.append((start, line[start:cut]))
        start = cut
    pieces.append((start, line[start:]))
    return pieces


def _inside_a_number(text: str, end: int, start: int) -> bool:
    """True when a break falls between a number's full stop and what is glued to it: the Spanish
    and Portuguese ordinals "54.º", "3.ª", where a small letter follows the stop directly ("paid
    54.It was" stays two sentences, a missing space)."""
    return start == end and end >= 2 and text[end - 1] == "." and text[end - 2].isdigit() and text[start].isalpha() and not text[start].isupper()


def _merge_fragments(text: str, spans: list[Span]) -> list[Span]:
    """Join a sentence that is only closing punctuation or a quote onto the one before it, and a
    piece cut off after a number's full stop with nothing between ("54.º aniversario")."""
    merged: list[Span] = []
    for span in spans:
        piece = text[span.start : span.end]
        if merged and merged[-1].paragraph == span.paragraph and (not _WORD.search(piece) or _inside_a_number(text, merged[-1].end, span.start)):
            last = merged.pop()
            merged.append(Span(last.start, span.end, last.paragraph))
        else:
            merged.append(span)
    return merged


# A text of more words than this keeps them as arrays (`TokenArray`) rather than as `Token`
# objects: 16 bytes a word instead of about 140 (issue 15: a 20 MB article has 3 million
# words). Below it, a list of objects is faster, as the checks read the words many times over.
COMPACT_TOKENS = 50_000


def tokens(text: str, spans: list[Span], skipped: SpanIndex | None = None) -> Sequence[Token]:
    """The words of each sentence, with offsets into `text`, in text order; words that start in
    a `skipped` span (code) are left out, and keep the positions in their sentence they had.

    Equal words share one string object (a word recurs many times in a long text). A text of up to
    `COMPACT_TOKENS` words gets a list of `Token`s; a longer one a `TokenArray`, which makes each
    `Token` when it is read, so that a long document's words take a ninth of the memory."""
    if len(text) <= COMPACT_TOKENS:  # at most one word a character: a list, made directly
        return _token_list(text, spans, skipped)
    spellings: list[str] = []  # each distinct word once, by its number
    number_of: dict[str, int] = {}
    words = array("i")  # each word's spelling, by number
    starts = array("i" if len(text) < 2**31 else "q")
    sentence_numbers = array("i")
    positions = array("i")
    for sent_index, span in enumerate(spans):
        for position, match in enumerate(_WORD.finditer(text, span.start, span.end)):
            if skipped is not None and match.start() in skipped:
                continue
            word = match.group()
            number = number_of.get(word)
            if number is None:
                number = number_of[word] = len(spellings)
                spellings.append(word)
            words.append(number)
            starts.append(match.start())
            sentence_numbers.append(sent_index)
            positions.append(position)
    compact = TokenArray(spellings, words, starts, sentence_numbers, positions)
    return compact if len(compact) > COMPACT_TOKENS else list(compact)


def _token_list(text: str, spans: list[Span], skipped: SpanIndex | None) -> list[Token]:
    """`tokens` of a short text: the same `Token`s, made as the words are found (without the
    arrays of a long text, a third of the time on a file of short segments)."""
    shared: dict[str, str] = {}  # each distinct word once
    made: list[Token] = []
    for sent_index, span in enumerate(spans):
        for position, match in enumerate(_WORD.finditer(text, span.start, span.end)):
            start = match.start()
            if skipped is not None and start in skipped:
                continue
            word = match.group()
            word = shared.setdefault(word, word)
            made.append(Token(word, start, start + len(word), sent_index, position))
    return made


class TokenArray(Sequence[Token]):
    """The words of a long text as four parallel arrays of integers: the number of the word's
    spelling (each distinct spelling is stored once), the start offset, the sentence number and
    the position in the sentence (the end is the start plus the spelling's length): 16 bytes a
    word. A `Token` is made each time one is read: the checks see a sequence of `Token`s either way."""

    __slots__ = ("_positions", "_sentences", "_spellings", "_starts", "_words")

    def __init__(self, spellings: list[str], words: array[int], starts: array[int], sentences: array[int], positions: array[int]) -> None:
        self._spellings = spellings
        self._words = words
        self._starts = starts
        self._sentences = sentences
        self._positions = positions

    def __len__(self) -> int:
        return len(self._words)

    @overload
    def __getitem__(self, index: int) -> Token: ...
    @overload
    def __getitem__(self, index: slice) -> list[Token]: ...
    def __getitem__(self, index: int | slice) -> Token | list[Token]:
        if isinstance(index, slice):
            first, stop, step = index.indices(len(self))
            if step != 1:
                return [self[i] for i in range(first, stop, step)]
            return list(self._made(first, stop))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("token index out of range")
        word, start = self._spellings[self._words[index]], self._starts[index]
        return Token(word, start, start + len(word), self._sentences[index], self._positions[index])

    def __iter__(self) -> Iterator[Token]:
        return self._made(0, len(self))

    def _made(self, first: int, stop: int) -> Iterator[Token]:
        """The `Token`s of indices `first` to `stop` (excluded), made one at a time."""
        spellings = self._spellings
        rows = zip(self._words[first:stop], self._starts[first:stop], self._sentences[first:stop], self._positions[first:stop], strict=True)
        for number, start, sentence, position in rows:
            word = spellings[number]
            yield Token(word, start, start + len(word), sentence, position)

    def sentence_starts(self, sentence_count: int) -> array[int]:
        """For each sentence number and one past the last, the index of its first word (words are
        in sentence order): sentence `i`'s words are `self[starts[i] : starts[i + 1]]`."""
        starts = array("q", bytes(8 * (sentence_count + 1)))
        for sentence in self._sentences:  # counts per sentence, then running sums
            starts[sentence + 1] += 1
        for i in range(sentence_count):
            starts[i + 1] += starts[i]
        return starts


class SentenceTokens(Sequence[list[Token]]):
    """The words of each sentence of a `TokenArray`, by sentence number, made into a list of
    `Token`s each time a sentence is read (`CheckContext.sentence_tokens` of a long text)."""

    __slots__ = ("_starts", "_tokens")

    def __init__(self, tokens: TokenArray, sentence_count: int) -> None:
        self._tokens = tokens
        self._starts = tokens.sentence_starts(sentence_count)

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, index: int) -> list[Token]: ...
    @overload
    def __getitem__(self, index: slice) -> list[list[Token]]: ...
    def __getitem__(self, index: int | slice) -> list[Token] | list[list[Token]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("sentence index out of range")
        return self._tokens[self._starts[index] : self._starts[index + 1]]

    def __iter__(self) -> Iterator[list[Token]]:
        for index in range(len(self)):
            yield self[index]


def word_count(text: str) -> int:
    """Number of words in `text`, by the tokeniser above (a run of CJK characters counts as one)."""
    if len(text) <= COMPACT_TOKENS:  # a short text: one list of its words, faster than counting matches
        return len(_WORD.findall(text))
    return sum(1 for _ in _WORD.finditer(text))  # a long one: never all its words at once


MARKDOWN_EXTENSIONS = (".md", ".markdown")
# A fenced code block, from its opening fence to a closing fence of the same character at least as
# long (or the end of the text). The opening fence is a whole run of the character: were shorter
# parts of it tried too, a long run of backticks without a line break would cost a quadratic time.
_FENCE = re.compile(r"^[ \t]{0,3}(?P<fence>(?P<char>[`~])(?P=char){2,})(?!(?P=char))[^\n]*\n.*?(?:^[ \t]{0,3}(?P=fence)(?P=char)*[ \t]*(?=\r?$)|\Z)", re.M | re.S)
# Inline code opens with a whole run of backticks and closes with a run of the same length
# (CommonMark's backtick strings): matching only whole runs keeps a long run of backticks linear,
# where trying every part of the run as an opener was quadratic.
_INLINE_CODE = re.compile(r"(?<!`)(`+)[^`\n]+?\1(?!`)")


class SpanIndex:
    """Sorted spans that do not overlap; `position in index` in logarithmic time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self._starts = [start for start, _ in self.spans]

    def __contains__(self, position: object) -> bool:
        if not isinstance(position, int):
            return False
        index = bisect.bisect_right(self._starts, position) - 1
        return index >= 0 and position < self.spans[index][1]


def markdown_code_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the code in a Markdown text: fenced blocks and `inline code`. Code is no prose:
    its words are not checked."""
    blocks = SpanIndex([(m.start(), m.end()) for m in _FENCE.finditer(text)])
    inline = [(m.start(), m.end()) for m in _INLINE_CODE.finditer(text) if m.start() not in blocks]
    return sorted(blocks.spans + inline)


def line_starts(text: str) -> list[int]:
    """Offsets at which each line of `text` starts (lines end at "\\n", as editors count them)."""
    starts = [0]
    find = text.find
    index = find("\n")
    while index != -1:
        starts.append(index + 1)
        index = find("\n", index + 1)
    return starts
