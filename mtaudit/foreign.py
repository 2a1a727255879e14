"""Which sentences of a document are in another language than the target, and in which script.

The evidence the `untranslated.*` checks share: the script of the letters, function words (the
most frequent words of each language, `Language.function_words`), word frequencies in target and
source language, and langdetect (seeded, via `mtaudit.langid`) to confirm a whole sentence.
`CheckContext.foreign_sentences` runs `foreign_sentences` once per document.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import regex

from mtaudit.langid import detect_languages
from mtaudit.language import Band, language
from mtaudit.lexicon import Lexicon, lexicon
from mtaudit.segment import Span, Token

if TYPE_CHECKING:
    from mtaudit.context import CheckContext

# A whole sentence is judged only with this many lower-case words (names prove nothing).
MIN_SENTENCE_WORDS = 4
# langdetect must give the foreign language at least this probability.
MIN_DETECT_PROB = 0.90
# A word is rare in the target below this Zipf frequency.
RARE_IN_TARGET = Band.ATTESTED

_LOWER_WORD = regex.compile(r"^\p{Ll}[\p{Ll}\p{M}'’]*$")
# Scripts told apart; letters of any other script count as the target's own.
SCRIPTS = ("Latin", "Han", "Hiragana", "Katakana", "Hangul", "Cyrillic", "Arabic", "Hebrew", "Greek", "Thai", "Devanagari", "Bengali",
           "Tamil", "Georgian", "Armenian", "Ethiopic")
SCRIPT_PATTERNS = {name: regex.compile(rf"\p{{Script={name}}}") for name in SCRIPTS}
JAPANESE = ("Han", "Hiragana", "Katakana")
# A letter of any script but Latin, as one set (a letter not Latin): three times as fast to search as a
# lookahead before each letter.
NON_LATIN = regex.compile(r"[^\P{L}\p{Script=Latin}]")
_LATIN = regex.compile(r"\p{Script=Latin}")


class ForeignSentence(NamedTuple):
    """A sentence in another language: where it is, the language langdetect named, how sure it is."""

    span: Span
    lang: str
    probability: float


def script_of(text: str) -> str | None:
    """The script most letters of `text` are written in (None without letters)."""
    counts = {name: len(pattern.findall(text)) for name, pattern in SCRIPT_PATTERNS.items()}
    if counts["Hiragana"] or counts["Katakana"]:
        counts["Han"] += counts["Hiragana"] + counts["Katakana"]
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else None


def mostly_latin(text: str) -> bool:
    """True when most letters of `text` are Latin (fast: most texts have no other letter)."""
    if text.isascii():
        return True  # (answered at once, without a search)
    others = len(NON_LATIN.findall(text))
    return not others or len(_LATIN.findall(text)) > others


def same_script_family(a: str, b: str) -> bool:
    """Same script, or two of the scripts Japanese mixes (Han, Hiragana, Katakana)."""
    return a == b or (a in JAPANESE and b in JAPANESE)


def _lower_words(tokens: list[Token]) -> list[str]:
    return [t.text.lower().replace("’", "'") for t in tokens if _LOWER_WORD.match(t.text)]


def _quoted(text: str, span: Span) -> bool:
    before = text[max(0, span.start - 1) : span.start + 1]
    after = text[max(0, span.end - 2) : span.end + 1]
    return any(q in before for q in "\"“«„'‘") and any(q in after for q in "\"”»'’")


def foreign_sentences(ctx: CheckContext) -> list[ForeignSentence]:
    """The sentences of the document written in another language than the target: read
    through `CheckContext.foreign_sentences`, which computes this once per document."""
    found: list[ForeignSentence] = []
    lex = ctx.lexicon
    if lex.has_frequencies:
        target_fw = ctx.language.function_words
        other = ctx.source_lang if ctx.source_lang and ctx.source_lang != ctx.lang else None
        source_lex = source_lexicon(ctx) if other else None
        if other and source_lex is None:
            return found  # no word evidence in the source's language (another script, or no frequency list): no sentence is judged
        source_fw = language(other, ctx.dictionary_folders).function_words - target_fw if other else frozenset()
        for span, tokens in zip(ctx.sentences, ctx.sentence_tokens, strict=True):
            words = _lower_words(tokens)
            if len(words) < MIN_SENTENCE_WORDS:
                continue
            n_target = sum(w in target_fw for w in words)
            if other:
                if n_target >= len(words) * 0.3:
                    continue  # a normal share of target function words: cheap exit
                if source_lex is None:
                    continue
                source_like = sum(w in source_fw or source_lex.zipf(w) > lex.zipf(w) + 1.0 for w in words)
                target_like = sum(w in target_fw or lex.zipf(w) > source_lex.zipf(w) + 1.0 for w in words)
                suspect = source_like >= 3 and source_like > 2 * target_like
            else:
                unknown = sum(lex.zipf(w) < RARE_IN_TARGET for w in words)
                suspect = n_target <= len(words) * 0.15 and unknown >= len(words) * 0.3
            if not suspect:
                continue
            detected = detect_languages(ctx.text[span.start : span.end])
            if not detected:
                continue
            lang, prob = detected[0]
            if lang == ctx.lang or prob < MIN_DETECT_PROB:
                continue
            if lang != other and _quoted(ctx.text, span):
                continue
            found.append(ForeignSentence(span, lang, prob))
    return found



def source_lexicon(ctx: CheckContext) -> Lexicon | None:
    """The source language's lexicon when it is a different language written in the target's
    script (word-level evidence is meaningless across scripts: see `untranslated.script`)."""
    if not ctx.source_lang or ctx.source_lang == ctx.lang:
        return None
    if ctx.source is not None and not _scripts_agree(ctx.source[:2000], ctx.text[:2000]):
        return None
    source_lex = lexicon(ctx.source_lang, ctx.dictionary_folders)
    return source_lex if source_lex.has_frequencies else None



@lru_cache(maxsize=16)  # asked by `foreign_sentences` and `untranslated.word` for the same document
def _scripts_agree(source: str, target: str) -> bool:
    """True when `source` and `target` are written in the same script (Japanese's three count as one)."""
    source_latin, target_latin = mostly_latin(source), mostly_latin(target)
    if source_latin != target_latin:
        return False
    return source_latin or same_script_family(script_of(source) or "", script_of(target) or "")


def inside_foreign_sentence(ctx: CheckContext, start: int) -> bool:
    """True when offset `start` lies in a sentence written in another language (`untranslated.sentence`
    reports it whole, so its words and letters are not reported again)."""
    return any(found.span.start <= start < found.span.end for found in ctx.foreign_sentences)
