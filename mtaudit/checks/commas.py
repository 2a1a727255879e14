"""German commas that grammar requires: before a relative clause and before an infinitive group.

German sets every subordinate clause and every infinitive group opened by "um", "ohne", "statt"
or "anstatt" off with commas (amtliche Regelung §§ 74–75); machine translation from English, which
has no comma before "that"/"who" or "to", leaves them out. The commas before subordinating
conjunctions ("dass", "weil") are `boundary.clause-comma`'s (in `boundary.py`); this module judges
the two openers that are ambiguous and need the shape of the clause to tell: a relative pronoun
is also an article ("der", "die", "das"), and "um", "ohne", "statt" are also prepositions.
The words these rules know are the Language layer's (`Language.relative_pronouns`,
`relative_determiners`, `not_after_article`, `polite_pronouns`, `verb_final_openers`,
`finite_auxiliaries`, `infinitive_openers`, `joining_words`, from `mtaudit.language`'s German
tables); a language without them is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.records import Finding, Severity


@lru_cache(maxsize=32)
def _opener_gap(openers: frozenset[str]) -> regex.Pattern[str]:
    """Spaces after a letter, one of `openers`, then spaces and the next word ("Teile| die diese",
    "sich| um sie"). The pattern starts at the spaces, so a scan costs little more than finding
    the openers; the word before is read afterwards (`_candidates`)."""
    alternatives = "|".join(regex.escape(w) for w in sorted(openers, key=len, reverse=True))
    return regex.compile(rf"(?<=[\p{{L}}\p{{M}}])[ \t]+({alternatives})[ \t]+(?=(\p{{L}}[\p{{L}}\p{{M}}]*))")


# The word that ends a stretch of text (a compound's last part after a hyphen counts: "1-Ausgang").
_LAST_WORD = regex.compile(r"(?<![\p{L}\p{M}\p{N}'’])\p{L}[\p{L}\p{M}]*$")
# How far back the word before an opener is looked for: longer words are split as compounds anyway.
_WORD_REACH = 64


def _candidates(text: str, openers: frozenset[str]) -> Iterator[tuple[int, str, str, int, str]]:
    """(where the comma belongs, the word before, the opener, where the opener starts, the word
    after) for each of `openers` that follows a word with only spaces between."""
    for match in _opener_gap(openers).finditer(text):
        before = _LAST_WORD.search(text, max(0, match.start() - _WORD_REACH), match.start())
        if before is not None:
            yield match.start(), before.group(), match.group(1), match.start(1), match.group(2)


# Where a clause ends: any punctuation mark, a bracket, a quote or a spaced dash.
_CLAUSE_END = regex.compile(r"[,.;:!?…()\[\]{}\"„“”«»‚‘’]|\s[–—-]+\s|\n")
# The words of a clause.
_WORDS = regex.compile(r"\p{L}[\p{L}\p{M}]*")
# A zu-infinitive written as one word: "herzustellen", "anzunehmen", "umzusetzen".
_ZU_INFIX = regex.compile(r"\p{Ll}{2,}zu\p{Ll}{2,}(?:en|ern|eln)")


def _clause_words(text: str, start: int) -> list[str]:
    """The words from `start` to the end of the clause (the next punctuation mark or spaced dash)."""
    end = _CLAUSE_END.search(text, start)
    return _WORDS.findall(text, start, end.start() if end else len(text))


def _clause_so_far(text: str, end: int) -> list[str]:
    """The words from the start of the clause (the last punctuation mark or spaced dash) to `end`."""
    start = 0
    for start_match in _CLAUSE_END.finditer(text, max(0, end - 400), end):
        start = start_match.end()
    return _WORDS.findall(text, start, end)


def _opens_sentence(text: str, start: int) -> bool:
    """True when nothing but spaces, quotes or brackets stand between the last sentence mark and `start`."""
    before = text[:start].rstrip(" \t\"„“”«»‚‘’([")
    return not before or before[-1] in ".!?…:\n"


@check(
    "boundary.relative-comma",
    "fluency/punctuation",
    Severity.MINOR,
    examples=(
        fires("Wir brauchen programmierbare Teile die diese Sequenz aufnehmen.", " die", ", die", lang="de"),
        fires("Das ist das Haus das wir gebaut haben.", " das", ", das", lang="de"),
        fires("Es sind Roboter die sich selbst zusammensetzen.", " die", ", die", lang="de"),
        fires("Wir danken allen Forschern die an diesem Projekt gearbeitet haben.", " die", ", die", lang="de"),
        fires("Die Eingabe kommt vom vorherigen Stein der platziert wurde.", " der", ", der", lang="de"),
        passes("Wir brauchen programmierbare Teile, die diese Sequenz aufnehmen.", "the comma is there", lang="de"),
        passes("Er gab dem Kind die neuen Bücher.", "“die” is an article: an adjective and a noun follow", lang="de"),
        passes("Er sah am Ufer das in Berlin gebaute Haus.", "“das” is an article: the phrase ends on its noun", lang="de"),
        fires("Sie besuchte eine Frau deren Mann gestorben ist.", " deren", ", deren", lang="de"),
        passes("Sie sagt, dass die Pläne dessen enthalten, was wir bauen.", "“dessen” before a verb is a demonstrative", lang="de"),
        passes("Das ist die Hälfte der ihnen zustehenden Summe.", "“der” is an article: the phrase ends on a noun, not a verb", lang="de"),
        passes("Sie sahen Bilder und die wir gemalt haben.", "“die” follows “und”, not a noun", lang="de"),
        passes("Ich glaube, dass die Leute das nicht wissen.", "inside a “dass” clause: subject and object", lang="de"),
        passes("Dann hat Peter das nicht gewusst.", "“hat” puts the participle at the end of the main clause", lang="de"),
    ),
)
def relative_comma(ctx: CheckContext) -> Iterator[Finding]:
    """Missing comma before a relative clause (German).

    **What it catches.** A relative clause with no comma before its pronoun: "Teile die diese
    Sequenz aufnehmen", "das Haus das wir gebaut haben". English writes "parts that take up the
    sequence" without a comma, and machine translation copies that.

    **Why it matters.** German punctuation is grammatical: every relative clause is set off by
    commas, and a reader trips over the missing one.

    **How it decides.** A relative pronoun ("der", "die", "das", "dem", "den", "deren",
    "dessen", "denen", "welche"…) right after a capitalised word (a noun; not a function word
    opening the sentence, not the polite "Sie") with only spaces between, and followed by a
    word an article never precedes (a personal or reflexive pronoun, a determiner, a possessive,
    "nicht" or a preposition: "die wir", "das sich", "die diese Sequenz", "die an diesem
    Projekt"), or by lower-case words only ("der platziert wurde": an article needs a noun). The
    clause, up to the next punctuation mark, must end on a lower-case word, where its finite verb
    stands ("… aufnehmen"); a phrase ending on a noun is an article's ("der ihnen zustehenden
    Summe", "das in Berlin gebaute Haus"). "dessen" and "deren" stand before their own noun
    ("eine Frau deren Mann gestorben ist"); before a verb they are demonstratives ("die Pläne
    dessen enthalten, was"). Left alone: a noun inside a clause that itself puts its verb last
    ("dass die Leute das nicht wissen": subject and object), and a main clause with an auxiliary
    or modal verb whose clause ends on another verb form ("Dann hat Peter das nicht gewusst": the
    participle is the main clause's).

    **Suggestion.** The pronoun with its comma (the span runs from the space before it).
    """
    language = ctx.language
    pronouns, not_after_article = language.relative_pronouns, language.not_after_article
    if not pronouns:
        return
    text = ctx.text
    function_words, polite = language.function_words, language.polite_pronouns
    for gap, before, pronoun, start, following in _candidates(text, pronouns):
        if not before[:1].isupper() or before in polite:
            continue
        if before.lower() in function_words and (_opens_sentence(text, gap - len(before)) or before.lower() in not_after_article):
            continue  # "Aber die wir…", "Er die…": not a noun before the pronoun
        if following[:1].isupper() and following not in polite and pronoun not in language.relative_determiners:
            continue  # "die Menschen": an article before its noun (the cheap test first)
        words = _clause_words(text, start)
        if len(words) < 2 or not words[-1].islower():
            continue  # no verb at the end: "der ihnen zustehenden Summe"
        opening = _clause_so_far(text, gap)
        if opening and opening[0].lower() in language.verb_final_openers:
            continue  # "dass die Leute das nicht wissen": subject and object of a verb-final clause
        if any(w in language.finite_auxiliaries for w in opening) and words[-1] not in language.finite_auxiliaries:
            continue  # "Dann hat Peter das nicht gewusst": the main clause's participle ends it
        if pronoun in language.relative_determiners:
            if not following[:1].isupper():
                continue  # "die Pläne dessen enthalten, was": a demonstrative, not "deren Mann"
        elif following not in not_after_article and following not in polite and not all(w.islower() for w in words[1:]):
            continue  # "die neuen Bücher": an article before an adjective and its noun
        message = f"A comma belongs before “{pronoun}”: it opens a relative clause."
        yield ctx.finding(relative_comma.rule, gap, start + len(pronoun), message, [", " + pronoun], confidence=0.55)


@check(
    "boundary.infinitive-comma",
    "fluency/punctuation",
    Severity.MINOR,
    examples=(
        fires("Die Einheit dreht sich um sie im Raum zu bewegen.", " um", ", um", lang="de"),
        fires("Er ging nach Hause ohne ein Wort zu sagen.", " ohne", ", ohne", lang="de"),
        fires("Wir brauchen Zeit um das herzustellen.", " um", ", um", lang="de"),
        passes("Die Einheit dreht sich, um sie im Raum zu bewegen.", "the comma is there", lang="de"),
        passes("Wir treffen uns um acht Uhr im Büro.", "“um” is a preposition: no infinitive with “zu” ends the phrase", lang="de"),
        passes("Er kam und um zu helfen blieb er.", "“um” follows “und”", lang="de"),
    ),
)
def infinitive_comma(ctx: CheckContext) -> Iterator[Finding]:
    """Missing comma before an infinitive group with "um", "ohne", "statt" (German).

    **What it catches.** An infinitive group opened by "um", "ohne", "statt" or "anstatt" with
    no comma before it: "dreht sich um sie zu bewegen", "ging ohne ein Wort zu sagen". English
    "in order to", "without saying" take no comma, and machine translation copies that.

    **Why it matters.** German requires the comma here (amtliche Regelung § 75); without it the
    sentence reads as ungrammatical.

    **How it decides.** One of those words right after a word (not after a joining word such as
    "und", "oder", "als"), with only spaces between, whose clause (up to the next punctuation
    mark) ends on an infinitive with "zu": "zu bewegen", or one word with "zu" inside
    ("herzustellen"). As prepositions ("um acht Uhr") they end on no such infinitive.

    **Suggestion.** The opening word with its comma (the span runs from the space before it).
    """
    language = ctx.language
    openers = language.infinitive_openers
    if not openers:
        return
    text, joining = ctx.text, language.joining_words
    for gap, before, opener, start, _following in _candidates(text, openers):
        if before.lower() in joining or before.lower() in openers:
            continue
        words = _clause_words(text, start)
        if len(words) < 2:
            continue
        last = words[-1]
        if not last.islower() or not (words[-2] == "zu" or _ZU_INFIX.fullmatch(last)):
            continue
        message = f"A comma belongs before “{opener}”: it opens an infinitive group."
        yield ctx.finding(infinitive_comma.rule, gap, start + len(opener), message, [", " + opener], confidence=0.55)


CHECKS = (relative_comma, infinitive_comma)
