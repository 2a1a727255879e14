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

import regex

from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.foreign import inside_foreign_sentence, source_lexicon
from mtaudit.language import Band, is_code_like, language
from mtaudit.lexicon import Lexicon
from mtaudit.records import Finding, Severity
from mtaudit.segment import Token

# A word is unknown in the target below this Zipf frequency, common in the source above these.
UNKNOWN_IN_TARGET = Band.UNKNOWN
RARE_IN_TARGET = Band.ATTESTED
COMMON_IN_SOURCE = Band.WELL_KNOWN
# At or above this Zipf frequency in the target a word is in use there (a loanword: "art
# nouveau", "rendezvous"): it can join a span but is never flagged alone.
LOANWORD_ZIPF = Band.ATTESTED
SPAN_IN_SOURCE = Band.RARE
# A word copied from the source text that is unknown in the target needs only to be a word of the
# source language ("tumbled", "repay", "surcharge" in a Spanish translation of English).
COPIED_FROM_SOURCE = Band.ATTESTED
COPIED_MARGIN = 1.2
MIN_WORD_LENGTH = 4

_LOWER_COMPOUND = regex.compile(r"^\p{Ll}[\p{Ll}\p{M}'’]*(?:-\p{Ll}[\p{Ll}\p{M}'’]*)*$")
_SOURCE_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*")


@check(
    "untranslated.sentence",
    "accuracy/untranslated",
    Severity.MAJOR,
    examples=(
        fires(
            "The mayor opened the new bridge on Friday. La cérémonie a attiré des centaines de curieux venus de toute la région.",
            "La cérémonie a attiré des centaines de curieux venus de toute la région.",
            source_lang="fr",
        ),
        passes("The mayor opened the new bridge on Friday. The ceremony drew hundreds of onlookers.", "all English", source_lang="fr"),
        passes("Le maire a parlé. Il a dit : « Vive la France ».", "too few lower-case words to judge", source_lang="fr"),
    ),
)
def untranslated_sentence(ctx: CheckContext) -> Iterator[Finding]:
    """Sentence left in another language than the target.

    **What it catches.** A whole sentence of the target text written in another language,
    usually the source language: a segment the machine translation skipped, or a paragraph
    pasted from the original.

    **Why it matters.** The reader of the translation cannot read it; it is a gap in the
    content, not a matter of style.

    **How it decides.** Only sentences with at least four lower-case words are judged (names and
    titles prove nothing). Function words come from the data: the 100 most frequent words of the
    target and source languages in wordfreq. A sentence whose lower-case words include more
    source-language function words than target ones (or, without a known source language,
    almost no target function words and many words unknown in the target) is passed to
    langdetect, which must name a language other than the target with probability ≥ 0.9.
    A sentence entirely in quotes in a third language (a quoted motto, a title) is left alone.

    **Suggestion.** None: the sentence needs translating.
    """
    for span in ctx.foreign_sentences:
        lang, prob = span[1], span[2]
        yield ctx.finding(
            untranslated_sentence.rule,
            span[0].start,
            span[0].end,
            f"This sentence is in {lang}, not in the target language ({ctx.lang}): it was left untranslated.",
            confidence=0.9 if lang == ctx.source_lang else 0.7,
            evidence={"detected": lang, "probability": round(prob, 3)},
        )


def _rejected_in_lower_case(ctx: CheckContext, word: str) -> bool:
    """True when `word` is in lower case and the target's dictionaries, which must be installed,
    accept it neither as written nor as a compound of known words (hyphenated or, in compounding
    languages, written as one word)."""
    lex = ctx.lexicon
    if not word.islower() or not lex.has_case_dictionary or lex.accepts(word, ignore_case=False) is not False:
        return False
    if "-" in word and all(lex.accepts(part, ignore_case=False) for part in word.split("-") if part):
        return False  # "hat-trick", "mortgage-backed": a compound of target words, which French borrows too
    return not (ctx.language.compounds_words and ctx.language.is_compound(word))


def _foreign_word(ctx: CheckContext, source_lex: Lexicon, source_words: frozenset[str] | None, token: Token) -> float:
    """How strongly a lower-case token is a source-language word that is not a target word
    (0: not at all; 0.5: weak, joins a span; 1: enough on its own)."""
    word = token.text
    if not _LOWER_COMPOUND.match(word) or len(word) < MIN_WORD_LENGTH:
        return 0.0
    lex = ctx.lexicon
    target_zipf = lex.zipf(word)
    if source_words is not None and word.lower() in source_words and _rejected_in_lower_case(ctx, word) and target_zipf < Band.RARE:
        # copied as it stands from the source, and the target's dictionary rejects it in lower
        # case ("avril" where it knows only the name "Avril"): untranslated, however rare or
        # frequent it is in the source language
        return 1.0
    ceiling = RARE_IN_TARGET + (1.0 if lex.has_case_dictionary else 0.5)
    if target_zipf >= ceiling or ctx.language.is_dictionary_word(word):
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


@check(
    "untranslated.word",
    "accuracy/untranslated",
    Severity.MINOR,
    examples=(
        fires(
            "The gouvernement announced new measures to support farmers.",
            "gouvernement",
            source="Le gouvernement a annoncé de nouvelles mesures pour soutenir les agriculteurs.",
            source_lang="fr",
        ),
        fires(
            "It got a lot worse in avril 2008.",
            "avril",
            source="Cela s'est beaucoup aggravé en avril 2008.",
            source_lang="fr",
            hunspell=True,
        ),
        passes(
            "It got a lot worse under Avril Haines in 2008.",
            "capitalised: a name (the dictionary knows “Avril”)",
            source="Cela s'est beaucoup aggravé sous Avril Haines en 2008.",
            source_lang="fr",
            hunspell=True,
        ),
        passes(
            "The government announced a rendezvous with farmers.",
            "“rendezvous” is in use in English (a loanword)",
            source="Le gouvernement a annoncé un rendez-vous avec les agriculteurs.",
            source_lang="fr",
        ),
    ),
)
def untranslated_word(ctx: CheckContext) -> Iterator[Finding]:
    """Word or short span left in the source language.

    **What it catches.** A common word of the source language that is not a word of the target
    language, alone or in a run with the source's function words: "the decision of the
    gouvernement", "a meeting with the sous-préfet de la région" in an English translation
    from French.

    **Why it matters.** The machine translation did not know the word and copied it: the
    reader loses the meaning, and the error is easy to miss in review.

    **How it decides.** Needs the source language (`--source-lang`, a source file, or JSONL
    `source_lang`) written in the same script as the target. A lower-case word of four letters
    or more is untranslated when it is rare or unknown in the target language (wordfreq, the
    Hunspell dictionary), common in the source language, and, when the source text is given,
    present in it. A word the source text contains and the target's dictionary does not, rare in
    the target (wordfreq Zipf below 1.5, or below 2.5 and 1.2 less than in the source), needs only
    to be a word of the source language (Zipf 2.5). A lower-case word copied from the source that the
    target's dictionary rejects in lower case ("avril", where it knows only the name "Avril") and
    that is not common in the target is untranslated however frequent it is in the source language. Neighbouring words that are source-language function words (the 100 most
    frequent words of the source in wordfreq, absent from the target's) join the span.
    Capitalised words are never flagged: names, brands and titles of works keep their form.

    **Suggestion.** None: the span needs translating.
    """
    source_lex = source_lexicon(ctx)
    if source_lex is None or not ctx.lexicon.has_frequencies:
        return
    source_words = None
    if ctx.source is not None:
        source_words = frozenset(m.group().lower() for m in _SOURCE_WORD.finditer(ctx.source))
    source_fw = language(source_lex.lang, ctx.dictionary_folders).function_words - ctx.language.function_words
    text = ctx.text
    for tokens in ctx.sentence_tokens:
        position = 0
        while position < len(tokens):
            token = tokens[position]
            strength = 0.0
            if not inside_foreign_sentence(ctx, token.start) and not is_code_like(text, token.start, token.end):
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


CHECKS = (untranslated_sentence, untranslated_word)
