"""Untranslated text: sentences, spans and words left in another language than the target.

Evidence, cheapest first: the script of the letters (CJK characters in an English text
translated from Chinese), function words (the most frequent words of each language in wordfreq,
derived from the data, never a hand list), word frequencies in the target and the source
language, the source text itself, and langdetect (seeded, via `mtaudit.langid`) to confirm a
whole sentence. Capitalised words (names, titles) are never evidence, so names, loanwords and
quoted titles of foreign works stay unflagged.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

from mtaudit.checks.base import CheckContext, check
from mtaudit.checks.spelling import is_code_like, is_dictionary_word
from mtaudit.langid import detect_languages
from mtaudit.lexicon import Lexicon, lexicon, top_words
from mtaudit.records import Finding, Severity
from mtaudit.segment import Span, Token

# The N most frequent words of a language count as its function words.
FUNCTION_WORDS = 100
# A whole sentence is judged only with this many lower-case words (names prove nothing).
MIN_SENTENCE_WORDS = 4
# langdetect must give the foreign language at least this probability.
MIN_DETECT_PROB = 0.90
# A word is unknown in the target below this Zipf frequency, common in the source above these.
UNKNOWN_IN_TARGET = 1.5
RARE_IN_TARGET = 2.5
COMMON_IN_SOURCE = 4.0
# At or above this Zipf frequency in the target a word is in use there (a loanword: "art
# nouveau", "rendezvous"): it can join a span but is never flagged alone.
LOANWORD_ZIPF = 2.5
SPAN_IN_SOURCE = 3.5
# A word copied from the source text that is unknown in the target needs only to be a word of the
# source language ("tumbled", "repay", "surcharge" in a Spanish translation of English).
COPIED_FROM_SOURCE = 2.5
COPIED_MARGIN = 1.2
MIN_WORD_LENGTH = 4

_LOWER_WORD = regex.compile(r"^\p{Ll}[\p{Ll}\p{M}'’]*$")
_LOWER_COMPOUND = regex.compile(r"^\p{Ll}[\p{Ll}\p{M}'’]*(?:-\p{Ll}[\p{Ll}\p{M}'’]*)*$")
_SOURCE_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*")
# Scripts told apart; letters of any other script count as the target's own.
SCRIPTS = ("Latin", "Han", "Hiragana", "Katakana", "Hangul", "Cyrillic", "Arabic", "Hebrew", "Greek", "Thai", "Devanagari", "Bengali",
           "Tamil", "Georgian", "Armenian", "Ethiopic")
_SCRIPT_RE = {name: regex.compile(rf"\p{{Script={name}}}") for name in SCRIPTS}
# A run of letters of one script, CJK runs may include spaces and CJK punctuation.
_RUN_RE = {
    name: regex.compile(rf"\p{{Script={name}}}[\p{{Script={name}}}\p{{M}}{'　、。，·・ー' if name in ('Han', 'Hiragana', 'Katakana') else ''}]*")
    for name in SCRIPTS
}
_JAPANESE = ("Han", "Hiragana", "Katakana")
_NON_LATIN = regex.compile(r"(?!\p{Script=Latin})\p{L}")
_LATIN = regex.compile(r"\p{Script=Latin}")


@lru_cache(maxsize=32)
def function_words(lang: str) -> frozenset[str]:
    """The most frequent words of `lang` in wordfreq (its function words), letters only."""
    return frozenset(w for w in top_words(lang, FUNCTION_WORDS * 2) if w.isalpha())


def script_of(text: str) -> str | None:
    """The script most letters of `text` are written in (None without letters)."""
    counts = {name: len(pattern.findall(text)) for name, pattern in _SCRIPT_RE.items()}
    if counts["Hiragana"] or counts["Katakana"]:
        counts["Han"] += counts["Hiragana"] + counts["Katakana"]
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else None


def _mostly_latin(text: str) -> bool:
    """True when most letters of `text` are Latin (fast: most texts have no other letter)."""
    others = len(_NON_LATIN.findall(text))
    return not others or len(_LATIN.findall(text)) > others


def _same_script_family(a: str, b: str) -> bool:
    return a == b or (a in _JAPANESE and b in _JAPANESE)


def _lower_words(tokens: list[Token]) -> list[str]:
    return [t.text.lower().replace("’", "'") for t in tokens if _LOWER_WORD.match(t.text)]


def _quoted(text: str, span: Span) -> bool:
    before = text[max(0, span.start - 1) : span.start + 1]
    after = text[max(0, span.end - 2) : span.end + 1]
    return any(q in before for q in "\"“«„'‘") and any(q in after for q in "\"”»'’")


@check("untranslated.sentence", "accuracy/untranslated", Severity.MAJOR)
def untranslated_sentence(ctx: CheckContext) -> Iterator[Finding]:
    """Sentence left in another language than the target.

    **What it catches.** A whole sentence of the target text written in another language,
    usually the source language: a segment the machine translation skipped, or a paragraph
    pasted from the original.

    **Why it matters.** The reader of the translation cannot read it; it is a gap in the
    content, not a matter of style.

    **Example.** In an English translation from French: "The minister spoke on Monday. Le
    gouvernement a rejeté la proposition de loi." → the second sentence.

    **How it decides.** Only sentences with at least four lower-case words are judged (names and
    titles prove nothing). Function words come from the data: the 100 most frequent words of the
    target and source languages in wordfreq. A sentence whose lower-case words include more
    source-language function words than target ones (or, without a known source language,
    almost no target function words and many words unknown in the target) is passed to
    langdetect, which must name a language other than the target with probability ≥ 0.9.
    A sentence entirely in quotes in a third language (a quoted motto, a title) is left alone.

    **Suggestion.** None: the sentence needs translating.
    """
    for span in _foreign_sentences(ctx):
        lang, prob = span[1], span[2]
        yield ctx.finding(
            untranslated_sentence.rule,
            span[0].start,
            span[0].end,
            f"This sentence is in {lang}, not in the target language ({ctx.lang}): it was left untranslated.",
            confidence=0.9 if lang == ctx.source_lang else 0.7,
            evidence={"detected": lang, "probability": round(prob, 3)},
        )


def _foreign_sentences(ctx: CheckContext) -> list[tuple[Span, str, float]]:
    cached = getattr(ctx, "_mtaudit_foreign_sentences", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    found: list[tuple[Span, str, float]] = []
    lex = ctx.lexicon
    if lex.has_frequencies:
        target_fw = function_words(ctx.lang)
        other = ctx.source_lang if ctx.source_lang and ctx.source_lang != ctx.lang else None
        source_lex = _source_lexicon(ctx) if other else None
        source_fw = function_words(other) - target_fw if other and source_lex is not None else frozenset()
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
            found.append((span, lang, prob))
    ctx._mtaudit_foreign_sentences = found  # type: ignore[attr-defined]
    return found


def _inside_foreign_sentence(ctx: CheckContext, start: int) -> bool:
    return any(span.start <= start < span.end for span, _, _ in _foreign_sentences(ctx))


def _source_lexicon(ctx: CheckContext) -> Lexicon | None:
    """The source language's lexicon when it is a different language written in the target's
    script (word-level evidence is meaningless across scripts: see `untranslated.script`)."""
    if not ctx.source_lang or ctx.source_lang == ctx.lang:
        return None
    if ctx.source is not None:
        source, target = ctx.source[:2000], ctx.text[:2000]
        source_latin, target_latin = _mostly_latin(source), _mostly_latin(target)
        if source_latin != target_latin:
            return None
        if not source_latin and not _same_script_family(script_of(source) or "", script_of(target) or ""):
            return None
    source_lex = lexicon(ctx.source_lang)
    return source_lex if source_lex.has_frequencies else None


def _foreign_word(ctx: CheckContext, source_lex: Lexicon, source_words: frozenset[str] | None, token: Token) -> float:
    """How strongly a lower-case token is a source-language word that is not a target word
    (0: not at all; 0.5: weak, joins a span; 1: enough on its own)."""
    word = token.text
    if not _LOWER_COMPOUND.match(word) or len(word) < MIN_WORD_LENGTH:
        return 0.0
    lex = ctx.lexicon
    target_zipf = lex.zipf(word)
    ceiling = RARE_IN_TARGET + (1.0 if lex.has_case_dictionary else 0.5)
    if target_zipf >= ceiling or is_dictionary_word(lex, word):
        return 0.0
    if source_words is not None and word.lower() not in source_words:
        return 0.0
    source_zipf = source_lex.zipf(word)
    copied = source_words is not None and source_zipf >= COPIED_FROM_SOURCE
    if copied and (target_zipf < UNKNOWN_IN_TARGET or (target_zipf < LOANWORD_ZIPF and source_zipf - target_zipf >= COPIED_MARGIN)):
        # copied as it stands from the source, a word of the source language, unknown in the target
        return 1.0
    if source_zipf < SPAN_IN_SOURCE:
        return 0.0
    if lex.has_case_dictionary:
        # The dictionary does not know it: wordfreq's target count is borrowed use at most.
        strong = target_zipf < LOANWORD_ZIPF and source_zipf - target_zipf >= 2.5 and source_zipf >= COMMON_IN_SOURCE
    else:
        strong = target_zipf < UNKNOWN_IN_TARGET and source_zipf >= COMMON_IN_SOURCE
    return 1.0 if strong else 0.5


@check("untranslated.word", "accuracy/untranslated", Severity.MINOR)
def untranslated_word(ctx: CheckContext) -> Iterator[Finding]:
    """Word or short span left in the source language.

    **What it catches.** A common word of the source language that is not a word of the target
    language, alone or in a run with the source's function words: "the decision of the
    gouvernement", "a meeting with the sous-préfet de la région" in an English translation
    from French.

    **Why it matters.** The machine translation did not know the word and copied it: the
    reader loses the meaning, and the error is easy to miss in review.

    **Example.** "The gouvernement announced new measures." → "gouvernement" (French).

    **How it decides.** Needs the source language (`--source-lang`, a source file, or JSONL
    `source_lang`) written in the same script as the target. A lower-case word of four letters
    or more is untranslated when it is rare or unknown in the target language (wordfreq, the
    Hunspell dictionary), common in the source language, and, when the source text is given,
    present in it. A word the source text contains and the target's dictionary does not, rare in
    the target (wordfreq Zipf below 1.5, or below 2.5 and 1.2 less than in the source), needs only
    to be a word of the source language (Zipf 2.5). Neighbouring words that are source-language function words (the 100 most
    frequent words of the source in wordfreq, absent from the target's) join the span.
    Capitalised words are never flagged: names, brands and titles of works keep their form.

    **Suggestion.** None: the span needs translating.
    """
    source_lex = _source_lexicon(ctx)
    if source_lex is None or not ctx.lexicon.has_frequencies:
        return
    source_words = None
    if ctx.source is not None:
        source_words = frozenset(m.group().lower() for m in _SOURCE_WORD.finditer(ctx.source))
    source_fw = function_words(source_lex.lang) - function_words(ctx.lang)
    text = ctx.text
    for tokens in ctx.sentence_tokens:
        position = 0
        while position < len(tokens):
            token = tokens[position]
            strength = 0.0
            if not _inside_foreign_sentence(ctx, token.start) and not is_code_like(text, token.start, token.end):
                strength = _foreign_word(ctx, source_lex, source_words, token)
            if strength == 0.0:
                position += 1
                continue
            first = last = position
            while first > 0 and tokens[first - 1].text.lower() in source_fw and _adjacent(text, tokens[first - 1], tokens[first]):
                first -= 1
            scan = position + 1
            while scan < len(tokens) and _adjacent(text, tokens[scan - 1], tokens[scan]):
                nxt = tokens[scan]
                if nxt.text.lower() in source_fw or _foreign_word(ctx, source_lex, source_words, nxt) > 0:
                    scan += 1
                    last = scan - 1
                    continue
                break
            start, end = tokens[first].start, tokens[last].end
            span_words = last - first + 1
            if strength < 1.0 and span_words == 1:
                position += 1
                continue
            yield ctx.finding(
                untranslated_word.rule,
                start,
                end,
                f"“{text[start:end]}” is {source_lex.lang}, not {ctx.lang}: it was left untranslated.",
                confidence=0.75 if span_words == 1 else 0.85,
                evidence={"source_lang": source_lex.lang, "zipf_target": ctx.lexicon.zipf(token.text),
                          "zipf_source": source_lex.zipf(token.text)},
            )
            position = last + 1


def _adjacent(text: str, a: Token, b: Token) -> bool:
    return text[a.end : b.start] in (" ", "'", "’", "-")


@check("untranslated.script", "accuracy/untranslated", Severity.MAJOR)
def untranslated_script(ctx: CheckContext) -> Iterator[Finding]:
    """Text in the source's writing system left in the target.

    **What it catches.** Characters of another script than the target's: Chinese characters in
    an English translation from Chinese ("the 太极 master"), Cyrillic in a French translation
    from Russian.

    **Why it matters.** The reader cannot read it at all: a term the system did not translate.

    **Example.** "He practised 太极 every morning." → "太极".

    **How it decides.** The target's script is the one most of its letters are written in. A
    run of letters in another script is flagged when the source text uses that script (or,
    without a source, when the script is not the target's and the run is not a gloss in
    brackets after a name, such as "Beijing (北京)"). Single Greek letters (symbols in science)
    are left alone.

    **Suggestion.** None: the run needs translating or transliterating.
    """
    text = ctx.text
    if not _NON_LATIN.search(text):
        return
    target_script = script_of(text)
    if target_script is None:
        return
    source_scripts: set[str] | None = None
    if ctx.source is not None:
        source_scripts = {name for name, pattern in _SCRIPT_RE.items() if pattern.search(ctx.source)}
    for name, pattern in _RUN_RE.items():
        if _same_script_family(name, target_script) or not _SCRIPT_RE[name].search(text):
            continue
        if source_scripts is not None and not any(_same_script_family(name, s) for s in source_scripts):
            continue
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            while end > start and not text[end - 1].isalpha():
                end -= 1
            run = text[start:end]
            if (name == "Greek" and len(run) < 3) or _inside_foreign_sentence(ctx, start):
                continue
            if source_scripts is None and _is_gloss(text, start, end):
                continue
            yield ctx.finding(
                untranslated_script.rule,
                start,
                end,
                f"“{run}” is written in {name} script inside a {target_script}-script text: it was left untranslated.",
                confidence=0.9 if source_scripts else 0.6,
                evidence={"script": name, "target_script": target_script},
            )


def _is_gloss(text: str, start: int, end: int) -> bool:
    """"Beijing (北京)", "Moscow [Москва]": the original form given in brackets."""
    before = text[max(0, start - 2) : start].rstrip()
    after = text[end : end + 2].lstrip()
    return before.endswith(("(", "[", "（")) and after.startswith((")", "]", "）"))


CHECKS = (untranslated_sentence, untranslated_word, untranslated_script)
