"""Word-level comparison of a target sentence with the model's texts about it: what the `bt.*`
checks (`mtaudit.checks.backtranslation`) read out of a back-translation or a forward translation.

Plain data in, plain data out: words with their offsets, the runs of source words a
back-translation lost (`Lost`) or added (`Added`) placed on the target's words, and the target
spans a forward translation words differently. The checks decide which of these are findings
(the chrF lines), how confident they are and what they say.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from mtaudit.lexicon import lexicon
from mtaudit.records import SentencePair
from mtaudit.segment import Token

# A word: one CJK character (those scripts do not space their words), else letters, marks and
# digits, with inner apostrophes and hyphens.
_WORD = regex.compile(r"\p{Han}|\p{Hiragana}|\p{Katakana}|[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+)*")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
# Words at least this frequent (Zipf scale) in their language are not worth reporting as lost or added.
COMMON_ZIPF = 5.5


def words(text: str) -> list[tuple[str, int, int]]:
    """(lower-cased word, start, end) for every word (CJK: every character) of `text`."""
    return [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def is_content(word: str, lang: str | None) -> bool:
    """A word worth reporting as lost or added: not among the most frequent words of `lang`."""
    if _CJK.match(word):
        return True
    if not any(c.isalpha() for c in word) or len(word) < 2:
        return False
    return lang is None or lexicon(lang).zipf(word) < COMMON_ZIPF


def _stem(word: str) -> str:
    """What two words must share to count as the same word: the first five letters (so that
    inflections match), the whole of a CJK character."""
    return word if _CJK.match(word) else word[:5]


def pair_tokens(tokens: Sequence[Token], pair: SentencePair) -> list[Token]:
    """The target words of `tokens` that lie in the target side of `pair`."""
    return [t for t in tokens if pair.target_start <= t.start and t.end <= pair.target_end]


def _target_span(tokens: list[Token], first: int, last: int) -> tuple[int, int]:
    """Offsets from target word `first` to `last`, both clamped to the words there are."""
    first = max(0, min(first, len(tokens) - 1))
    last = max(first, min(last, len(tokens) - 1))
    return tokens[first].start, tokens[last].end


def _insertion_point(tokens: list[Token], position: int) -> int:
    """The offset before target word `position` (after the last word when past the end), where
    something lost would go: an omission is a point, not the words around it."""
    if position <= 0:
        return tokens[0].start
    return tokens[min(position, len(tokens)) - 1].end


@dataclass(frozen=True)
class Lost:
    """A run of source words the back-translation lacks: `text` as the source writes it,
    `content_words` of them worth reporting, and `point`, the target offset where they would go."""

    point: int
    text: str
    content_words: int


@dataclass(frozen=True)
class Added:
    """A run of back-translation words the source lacks: `text` as the back-translation writes
    it, `content_words` of them worth reporting, and the target words in the same relative
    position (`start:end`)."""

    start: int
    end: int
    text: str
    content_words: int


def lost_and_added(source_text: str, backtranslation: str, target_tokens: list[Token], source_lang: str | None) -> list[Lost | Added]:
    """The runs of content words that the back-translation lost from the source or added to it,
    in the order they stand in the source.

    Longest-common-subsequence alignment of the words' stems; a run counts as lost when two of
    its content words have no counterpart anywhere in the back-translation (or one, where the
    back-translation dropped two words or more outright), as added when two of its content words
    have none anywhere in the source. Each run is placed on the target words in the same relative
    position as in the back-translation."""
    src = words(source_text)
    back = words(backtranslation)
    matcher = difflib.SequenceMatcher(a=[_stem(w) for w, _, _ in src], b=[_stem(w) for w, _, _ in back], autojunk=False)
    kept = {_stem(w) for w, _, _ in back}
    present = {_stem(w) for w, _, _ in src}
    n_back, n_tgt = max(1, len(back)), len(target_tokens)
    runs: list[Lost | Added] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace") and i2 > i1:
            lost = [w for w, _, _ in src[i1:i2] if is_content(w, source_lang) and _stem(w) not in kept]
            if len(lost) >= 2 or (len(lost) == 1 and op == "delete" and i2 - i1 >= 2):
                point = _insertion_point(target_tokens, round(j1 / n_back * n_tgt))  # where the back-translation lost them
                runs.append(Lost(point, source_text[src[i1][1] : src[i2 - 1][2]], len(lost)))
        if op in ("insert", "replace") and j2 > j1:
            added = [w for w, _, _ in back[j1:j2] if is_content(w, source_lang) and _stem(w) not in present]
            if len(added) >= 2:
                start, end = _target_span(target_tokens, round(j1 / n_back * n_tgt), round(j2 / n_back * n_tgt) - 1)
                runs.append(Added(start, end, backtranslation[back[j1][1] : back[j2 - 1][2]], len(added)))
    return runs


def forward_blocks(target_tokens: list[Token], forward: str) -> list[tuple[int, int, str]]:
    """Target spans that differ from the forward translation, with the forward wording: the two
    largest blocks of at most six target words, in text order."""
    fwd = words(forward)
    matcher = difflib.SequenceMatcher(a=[t.text.lower() for t in target_tokens], b=[w for w, _, _ in fwd], autojunk=False)
    blocks = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace" and i2 - i1 <= 6 and j2 - j1 <= 8:
            blocks.append((i2 - i1 + j2 - j1, target_tokens[i1].start, target_tokens[i2 - 1].end, forward[fwd[j1][1] : fwd[j2 - 1][2]]))
    blocks.sort(key=lambda b: -b[0])
    return sorted((start, end, text) for _, start, end, text in blocks[:2])
