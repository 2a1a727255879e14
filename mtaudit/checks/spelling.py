"""Spelling: words that are a typing slip away from a much more frequent word of the language.

Noisy-channel correction over the wordfreq frequency list of the target language (40+ languages,
already loaded by `mtaudit.lexicon`): a rare or unknown word whose neighbour at one edit
(insertion, deletion, substitution, swap of two adjacent letters) is far more frequent is
probably that neighbour mistyped.

Candidates are generated from the suspect word (Norvig-style: every one-edit variant over the
language's alphabet, itself derived from the frequency list) and looked up in the frequency
list. We chose this over a SymSpell delete index (`symspellpy`, or our own): `symspellpy` ships
only an English dictionary and would need a new dependency; a delete index over the frequency
list costs 0.2–0.4 s and ~40 MB to build per language and process, while generation costs about
0.2 ms per suspect word, and a document has few suspects once known words are filtered out.
Corrections two edits away were tried and dropped: on edited English news they found nothing
that one edit did not, and they raise the false-alarm rate.

A word is never a typo when the Hunspell dictionary of the language accepts it (stems with a
prefix, a suffix or both, read by `mtaudit.hunspell` in ~0.1 s), when it is frequent
itself, when the document repeats it, when it is a name (capitalised mid-sentence), an acronym,
a number, part of a URL, an e-mail address, a hashtag, an @handle or code, or when it is very
short. Compounds that split into dictionary words (German, Dutch, Nordic languages) are accepted
too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.language import (
    LETTERS,
    MAX_SEARCH_LENGTH,
    NOUN_CAPITALISING,
    Band,
    fold_accents,
    is_code_like,
    is_ending_variant,
    restore_case,
)
from mtaudit.lexicon import Lexicon
from mtaudit.records import Finding, Severity
from mtaudit.segment import Token

# Words at or above this Zipf frequency are known words of the language, never typos (wordfreq
# lists hold common misspellings too, but below this level: "recieve" 2.75 is the exception).
KNOWN_ZIPF = Band.KNOWN
# Between the two, a word is attested often enough that only a much stronger neighbour counts.
RARE_ZIPF = Band.SCARCE
MARGIN_ATTESTED = 2.5
# A capitalised word at the start of a sentence is checked only below this frequency: above it,
# wordfreq has seen it often enough to make it a name ("Notts", "Xing").
CAPITALISED_MAX_ZIPF = Band.SCARCE
# How much more frequent (Zipf points, i.e. powers of ten) the correction must be.
MARGIN_ONE_EDIT = 2.0
MIN_LENGTH = 4
# A word copied from the source text that is at least this frequent in the source language is a
# source-language word left untranslated, not a typo.
COPIED_SOURCE_ZIPF = Band.ATTESTED

@dataclass(frozen=True)
class Suspect:
    start: int
    end: int
    word: str


def _parts(token: Token, lex: Lexicon) -> Iterator[Suspect]:
    """The checkable piece of a token: the token itself when it is all letters; for a token with
    an apostrophe ("l'organisaton", "Xing's") that is not a known word as a whole ("wasn't"), its
    longest piece when the others are clitics of three letters or fewer. Hyphenated compounds
    ("pre-empt", "touchy-feely") are left alone: their pieces are often not words on their own."""
    if LETTERS.fullmatch(token.text):
        yield Suspect(token.start, token.end, token.text)
        return
    if "-" in token.text or "‐" in token.text or lex.zipf(token.text) >= RARE_ZIPF:
        return
    pieces = list(LETTERS.finditer(token.text))
    if len(pieces) < 2 or not regex.fullmatch(r"[\p{L}\p{M}'’]+", token.text):
        return
    longest = max(pieces, key=lambda m: len(m.group()))
    if all(len(m.group()) <= 3 for m in pieces if m is not longest):
        yield Suspect(token.start + longest.start(), token.start + longest.end(), longest.group())


def _next_is_capitalised(ctx: CheckContext, token: Token) -> bool:
    """Name evidence for a sentence-initial word: a capitalised word or a possessive follows
    ("Parul Jain said", "Xing's statement")."""
    following = ctx.text[token.end : token.end + 40]
    if following[:1] in ("'", "’"):
        return True
    match = regex.match(r"[ \t]+(\p{L})", following)
    return bool(match) and match.group(1).isupper()


@check(
    "spelling.typo",
    "fluency/spelling",
    Severity.MINOR,
    examples=(
        fires("In a statment released on Monday the office spoke.", "statment", "statement"),
        fires("Le gouvernment a annoncé des mesures.", "gouvernment", "gouvernement", lang="fr"),
        passes("In a statment released on Monday the office spoke about the statment.", "a word the document repeats is meant"),
        passes("In a Statment released on Monday, Parul Jain spoke.", "a capitalised word in mid-sentence is a name"),
        passes("The hirings rose on Monday.", "differs only at the end from “hiring”: an inflection"),
        fires("The overnment instead mounted a plan.", "overnment", "government", hunspell=True),
        fires("It fell last year, becaus of a fall in sales.", "becaus", "because", hunspell=True),
        fires("It provides the public wih a right of access.", "wih", "with", hunspell=True),
        passes("The plan is to side with the rebels.", "a word of the language", hunspell=True),
    ),
)
def spelling_typo(ctx: CheckContext) -> Iterator[Finding]:
    """Misspelt word: a rare word one typing slip away from a far more frequent word.

    **What it catches.** Typos and misspellings in the target text: "statment", "goverment",
    "recieve", French "gouvernment", German "Regirung", Spanish "gobiermo".

    **Why it matters.** A misspelt word is the first error a reader notices and undermines
    trust in the whole text; in machine translation it often marks a source-side typo carried
    over or a word the system assembled from pieces.

    **How it decides.** Noisy channel: a word is suspect when it is neither frequent in the
    target language (wordfreq) nor accepted by the language's Hunspell dictionary (stems and
    affix rules), nor a compound of known words (German, Dutch, Nordic languages). Its
    neighbours one edit away (insertion, deletion, substitution or swap of two adjacent
    letters) are looked up in the frequency list; the best neighbour must be at least 100 times
    more frequent (300 times when the word itself is attested), must keep the first letter and
    must not differ only at the end ("hirings"/"hiring" is an inflection, not a typo). A word
    with several equally likely neighbours is left alone. Names (capitalised words in mid-sentence, except in German), acronyms, numbers,
    URLs, e-mail addresses, hashtags, @handles, code, words of under four letters, words the
    document repeats, and words of the source language — copied from the source text, or without
    one common in that language (see `untranslated.word`) — are never flagged.

    **Suggestion.** The neighbour (up to three, most likely first), in the case of the original
    ("Statment" → "Statement").
    """
    lex = ctx.lexicon
    if not lex.has_frequencies:
        return
    text = ctx.text
    # the words long enough and not known as they stand: in most documents none, and then nothing more is read
    suspects = [token for token in ctx.tokens if len(token.text) >= MIN_LENGTH - (1 if token.text.islower() else 0) and lex.zipf(token.text) < KNOWN_ZIPF]
    if not suspects:
        return
    other_source = bool(ctx.source_lang and ctx.source_lang != ctx.lang)
    # The document's words and the source's, in lower case: read when a suspect first needs them
    # (most suspects are names, left alone before).
    counts: Counter[str] | None = None
    source_words: frozenset[str] | None = None
    for token in suspects:
        for part in _parts(token, lex):
            word = part.word
            if len(word) < MIN_LENGTH - (1 if word.islower() else 0):
                continue
            if len(word) > MAX_SEARCH_LENGTH:
                continue  # no neighbours are searched for (hostile input: one 16,000-letter word)
            if word.isupper() or any(c.isupper() for c in word[1:]):
                continue
            zipf = lex.zipf(word)
            if zipf >= KNOWN_ZIPF:
                continue
            capitalised = word[:1].isupper()
            if capitalised and ctx.lang not in NOUN_CAPITALISING:
                at_start = part.start == token.start and ctx.is_sentence_start(token)
                if not at_start or zipf >= CAPITALISED_MAX_ZIPF or _next_is_capitalised(ctx, token):
                    continue
            if counts is None:
                counts = Counter(t.text.lower() for t in ctx.tokens)
            if counts[token.text.lower()] > 1:
                continue  # the document repeats it: meant
            if is_code_like(text, token.start, token.end) or ctx.language.is_known_word(word):
                continue
            if source_words is None:
                source_words = frozenset(LETTERS.findall(ctx.source.lower())) if ctx.source is not None else frozenset()
            # A word of the source language is `untranslated.word`'s: one copied as it stands from
            # the source text ("sordas"), or without a source text a common one. A typo copied
            # from the source ("gouvernment") is still a typo.
            if other_source:
                copied = word.lower() in source_words
                source_lex = ctx.source_lexicon if copied or ctx.source is None else None
                if source_lex is not None and source_lex.zipf(word) >= (COPIED_SOURCE_ZIPF if copied else Band.RARE):
                    continue
            finding = _correct(ctx, part, capitalised) if len(word) >= MIN_LENGTH else None
            if finding is None and word.lower() not in source_words:
                finding = _non_word(ctx, part)
            if finding is not None:
                yield finding


def _non_word(ctx: CheckContext, part: Suspect) -> Finding | None:
    """A lower-case word the dictionary rejects, not a known word, with no close frequent neighbour
    under `_correct`'s rules: still a typo. Suggestions from any letter ("overnment" → "government")
    and completions of a cut-off word ("becaus" → "because"); a neighbour plus an ending ("crudes")
    is an inflection; a never-seen word of seven letters or more is flagged without a suggestion.
    Not in compounding languages, nor for a word other documents of the run use too."""
    lex, word, zipf = ctx.lexicon, part.word, ctx.lexicon.zipf(part.word)
    if not word.islower() or not lex.has_case_dictionary or ctx.language.compounds_words or ctx.corpus_case_votes.get(word, 0) > 1:
        return None  # (compounding languages make new words at will; other documents of the run use it)
    if any(c not in ctx.language.alphabet for c in word) or ctx.text[part.end : part.end + 2].lstrip(" ")[:1] in ("'", "’"):
        return None  # letters of another language ("pěveckých"), or a clitic follows ("aren 't")
    candidates = [c for z, c in ctx.language.any_one_edit(word) if z - zipf >= MARGIN_ONE_EDIT and not word.startswith(c) and ctx.language.dictionary_accepts(c)]
    if not candidates and (len(word) < 7 or zipf > 0):
        return None
    message = f"“{word}” is not a word of the language" + (f": did you mean “{candidates[0]}”?" if candidates else ".")
    confidence = 0.65 if len(candidates) == 1 else 0.5
    return ctx.finding(spelling_typo.rule, part.start, part.end, message, candidates[:3], confidence=confidence, evidence={"zipf": zipf, "non_word": True})


def _correct(ctx: CheckContext, part: Suspect, capitalised: bool) -> Finding | None:
    lex = ctx.lexicon
    word = part.word
    lower = word.lower()
    zipf = lex.zipf(lower)
    neighbours = ctx.language.neighbours(lower)
    if not neighbours:
        return None
    accepted: list[tuple[float, str]] = []
    for _, negative_zipf, candidate in neighbours:
        candidate_zipf = -negative_zipf
        if candidate[:1] != lower[:1] and candidate[:2] != lower[1::-1]:
            continue  # the first letter is rarely mistyped; "demerge"/"emerge" are two words
        if is_ending_variant(lower, candidate):
            continue
        ok = candidate_zipf - zipf >= (MARGIN_ONE_EDIT if zipf < RARE_ZIPF else MARGIN_ATTESTED)
        if ok and capitalised and ctx.lang not in NOUN_CAPITALISING:
            # A capitalised word at the start of a sentence is a typo only for a common word;
            # when the neighbour is itself a name ("Pelta"/"Peta") the word is a name too.
            ok = lex.is_lowercase_word(candidate) is True or (not lex.has_case_dictionary and candidate_zipf >= Band.ANY_CORRECTION)
        if ok and capitalised and ctx.lang in NOUN_CAPITALISING:
            # A German capitalised word can only be a mistyped noun or name.
            forms = lex.case_forms(candidate)
            ok = not forms or any(f[:1].isupper() for f in forms)
        if ok:
            accepted.append((candidate_zipf, candidate))
    if not accepted:
        return None
    best_zipf = accepted[0][0]
    close = len(accepted) > 1 and best_zipf - accepted[1][0] < 0.5
    if close and len(accepted) > 2 and zipf >= Band.OBSCURE:
        return None  # a dense neighbourhood ("faming": facing, gaming, farming): a word of its own
    confidence = 0.55 if close else 0.8
    if fold_accents(accepted[0][1]) == fold_accents(lower):
        confidence = min(0.9, confidence + 0.1)  # only accents differ: a very common slip
    suggestions = [restore_case(word, c, lex) for _, c in accepted[:3]]
    return ctx.finding(
        spelling_typo.rule,
        part.start,
        part.end,
        f"“{word}” looks misspelt: did you mean “{suggestions[0]}”?",
        suggestions,
        confidence=confidence,
        evidence={"zipf": zipf, "correction_zipf": round(best_zipf, 2), "edits": 1},
    )


CHECKS = (spelling_typo,)
