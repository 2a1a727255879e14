"""Sentence breaks a translation lost, found without a full stop to go by (`boundary.run-on`).

Two kinds of evidence beyond a stray capital (`mtaudit.capitals`): an elided article or pronoun
written with a capital inside a sentence ("trimestre L'économie", where the dictionary knows only
"l'"), and, with a source, the source's own sentence breaks projected onto the translation: where
the aligned source has more sentences than the target, a capitalised word right after a word
without punctuation, near the place a source break falls, is where the break was lost, even when
it is a name ("a peace deal Mr Blair's appearance" for "…un accord de paix. La présence de M.
Blair…").
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from mtaudit.capitals import WORK_NOUNS, can_end_sentence
from mtaudit.language import Band
from mtaudit.records import SentencePair
from mtaudit.segment import Token, sentences

if TYPE_CHECKING:
    from mtaudit.context import CheckContext

# An elided article, pronoun or conjunction written with a capital, glued to a lower-case word:
# "L'économie", "D'après", "Qu'il", "Lorsqu'on" (French; Italian and Catalan elide the same way).
_ELIDED_CAPITAL = regex.compile(r"(\p{Lu}\p{Ll}{0,6}['’])\p{Ll}")
# The pieces of a sentence break, shared by the patterns below: a final mark in any script, the
# closing quotes or brackets after it, what a sentence's last word ends with before the mark (a
# lower-case letter, a digit, a letter without case such as Chinese, a closing quote or bracket:
# not a capital, so not an initial, "M.", "J."), and what the next sentence starts with (a capital,
# a digit, a letter without case, an opening quote or bracket).
_FINAL_MARK = r"[.!?…。！？]"
_CLOSERS = r"[\"”’»)]*"
_LAST_CHARACTER = r"[\p{Ll}\p{Lo}\p{N}\"”’»)]"
_FIRST_CHARACTER = r"[\p{Lu}\p{Lo}\p{N}\"“‘«„(]"
# Text that has a sentence break inside it somewhere (a final mark followed by more text): only
# such source sentences are split again.
_INNER_BREAK = regex.compile(_FINAL_MARK + _CLOSERS + r"\s*\S")
# A source sentence that ends as sentences do, and one that starts as sentences do.
_SOURCE_SENTENCE_END = regex.compile(_LAST_CHARACTER + _FINAL_MARK + _CLOSERS + r"\s*$")
_SOURCE_SENTENCE_START = regex.compile(r"\s*" + _FIRST_CHARACTER)
# A full stop inside a target sentence that the segmenter kept in it ("etc. El domingo"), between
# a sentence's end and a sentence's start as the source patterns read them.
_TARGET_STOP = regex.compile(f"(?<={_LAST_CHARACTER}){_FINAL_MARK}{_CLOSERS}\\s+(?={_FIRST_CHARACTER})")
# Marks that may stand for a source's full stop in a translation: a colon or semicolon (not in
# "10:30"), a spaced dash, also typed as one or two hyphens.
_CLAUSE_BREAK = regex.compile(r"[:;：；](?!\d)|\s(?:[–—]|-{1,2})\s")
# How far from the place where the source's sentence break projects to (a share of the length of
# the aligned target) a capitalised word may stand and still be where that break was lost.
PROJECTION_TOLERANCE = 0.1


def elided_capitals(ctx: CheckContext) -> Iterator[tuple[Token, Token]]:
    """Words inside a sentence that start with an elided article, pronoun or conjunction in
    capitals ("trimestre L'économie"), the elided form known to the dictionary in lower case only
    ("l'"), after a word a sentence can end on: a sentence start whose full stop was lost."""
    if not ctx.lexicon.has_case_dictionary:
        return
    for sentence in ctx.sentence_tokens:
        for position in range(1, len(sentence)):
            token = sentence[position]
            match = _ELIDED_CAPITAL.match(token.text)
            if match is None or ctx.is_sentence_start(token):
                continue
            previous = sentence[position - 1]
            if not can_end_sentence(ctx, previous, token) or ctx.lexicon.zipf(previous.text) >= Band.FUNCTION_WORD:
                continue
            if ctx.lexicon.is_lowercase_word(match.group(1).replace("’", "'")) is True:
                yield token, previous


def projected_breaks(ctx: CheckContext) -> Iterator[tuple[Token, Token]]:
    """Where the aligned source has a sentence break that the target lacks: for each sentence pair
    whose source holds more sentences than its target, the capitalised word after a word without
    punctuation nearest to where each unmatched source break projects (its relative position in
    the pair), within `PROJECTION_TOLERANCE`; at most as many as the target lacks breaks. A source
    break is matched by a target sentence break near it (or a full stop that the segmenter left
    inside a sentence: "etc. El domingo"); a colon, semicolon or dash that the target
    has and the source does not stands for one of the source's breaks."""
    if not ctx.pairs or not ctx.source_lang:
        return
    for pair in ctx.pairs:
        if not pair.target_sentences or not _INNER_BREAK.search(pair.source_text.rstrip()):
            continue
        breaks = source_breaks(pair.source_text, ctx.source_lang)
        # the target's breaks: between its sentences, and full stops the segmenter kept inside one
        target_breaks = {ctx.sentences[i].start for i in pair.target_sentences[1:]}
        target_breaks |= {m.end() for m in _TARGET_STOP.finditer(ctx.text, pair.target_start, pair.target_end)}
        # a colon, semicolon or dash the target has and the source lacks stands for one of its breaks
        marks = len(_CLAUSE_BREAK.findall(ctx.text, pair.target_start, pair.target_end)) - len(_CLAUSE_BREAK.findall(pair.source_text))
        missing = len(breaks) - len(target_breaks) - max(0, marks)
        if missing <= 0:
            continue
        length = max(1, pair.target_end - pair.target_start)
        kept = [(start - pair.target_start) / length for start in target_breaks]
        lost = [b for b in breaks if all(abs(b - k) > PROJECTION_TOLERANCE for k in kept)]
        candidates = list(break_candidates(ctx, pair))
        chosen: list[tuple[float, Token, Token]] = []
        for place in lost:
            near = [(abs((token.start - pair.target_start) / length - place), token, previous) for token, previous in candidates]
            near = [c for c in near if c[0] <= PROJECTION_TOLERANCE]
            if near:
                chosen.append(min(near, key=lambda c: c[0]))
        for _distance, token, previous in sorted(chosen, key=lambda c: c[0])[:missing]:
            yield token, previous


def source_breaks(source: str, source_lang: str) -> list[float]:
    """The sentence breaks inside `source` (a pair's source text), as shares of its length: where
    a sentence ends as sentences do and the next starts as sentences do (not after "M." or "etc.")."""
    spans = sentences(source, source_lang)
    breaks = []
    for before, after in itertools.pairwise(spans):
        if _SOURCE_SENTENCE_END.search(source[before.start : before.end]) and _SOURCE_SENTENCE_START.match(source[after.start : after.end]):
            breaks.append(after.start / max(1, len(source)))
    return breaks


def break_candidates(ctx: CheckContext, pair: SentencePair) -> Iterator[tuple[Token, Token]]:
    """Capitalised words inside the pair's target sentences right after a word a sentence can end
    on, with nothing but a space between: where a lost break would show (in verb-final languages,
    which capitalise nouns, also after a frequent verb: "…gesehen habe Ich"). In languages that
    capitalise nouns, and after a capitalised word (where two capitals are mostly one name), only
    words written in lower case ("Die", "Er", "The": `_written_in_lower_case`), and never after a common
    word in title case ("The Year Ahead") or a work noun ("the magazine The Economist"); never day
    or month names."""
    nouns_capitalised = ctx.language.capitalises_nouns
    work_nouns = WORK_NOUNS.get(ctx.language.code, frozenset())
    for index in pair.target_sentences:
        sentence = ctx.sentence_tokens[index]
        for position in range(1, len(sentence)):
            token, previous = sentence[position], sentence[position - 1]
            word = token.text
            if not word[:1].isupper() or word == "I" or word.startswith(("I'", "I’")) or ctx.is_sentence_start(token):
                continue
            if ctx.text[previous.end : token.start] != " " or any(char.isdigit() for char in previous.text):
                continue
            # "in Paris", "the Queen": no sentence ends on a function word, capitalised or not; but
            # verb-final languages end clauses on their most frequent verbs ("…gesehen habe Ich")
            if not nouns_capitalised and (not can_end_sentence(ctx, previous, token) or ctx.lexicon.zipf(previous.text) >= Band.FUNCTION_WORD):
                continue
            common = _written_in_lower_case(ctx, word)
            if (nouns_capitalised or previous.text[:1].isupper()) and not common:
                continue  # a noun (German), or the second word of a name ("Bad Luhatschowitz")
            if not nouns_capitalised and previous.text[:1].isupper() and _written_in_lower_case(ctx, previous.text):
                continue  # two common words in title case: a title ("The Year Ahead"), not two sentences
            if previous.text.lower() in work_nouns:
                continue  # "the magazine The Year Ahead": the title of a work
            if word.lower() in ctx.language.calendar.words:
                continue  # "le sondage Mardi": a day or month name is a date more often than a new sentence
            yield token, previous


def _written_in_lower_case(ctx: CheckContext, word: str) -> bool:
    """The dictionary knows `word` in lower case only, or knows nothing of it and it is one of the
    language's function words ("The", and "Das", "Wenn", which some German dictionaries lack)."""
    known = ctx.lexicon.is_lowercase_word(word)
    return known is True or (known is None and word.lower() in ctx.language.function_words)
