"""Consistency: the same word written two ways in one document.

Three kinds of variant are compared, each by a key that maps the variants of one word together:
case inside a sentence ("twitter"/"Twitter"), the full stop of a title abbreviation before a
name ("Mr."/"Mr"), and spelling ("organisation"/"organization", "e-mail"/"email",
"Zurich"/"Zürich"). The form the document uses most is taken as its convention; the others are
flagged. Nothing here is a word list: keys come from the text, and ties are broken with wordfreq
and the Hunspell dictionary.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

import regex

from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.language import NOUN_CAPITALISING, Band, is_capitalised
from mtaudit.records import Finding, Severity
from mtaudit.segment import Token

MIN_LENGTH = 3
def in_name_run(text: str, sentence: list[Token], position: int) -> bool:
    """True when a capitalised neighbour joined by a space or hyphen makes the word part of a
    multi-word name or title ("White House", "Jean-Yves")."""
    for other in (position - 1, position + 1):
        if 0 < other < len(sentence) and sentence[other].text[:1].isupper():
            left, right = sorted((sentence[other], sentence[position]), key=lambda t: t.start)
            if text[left.end : right.start] in (" ", "-"):
                return True
    return False


def _mid_sentence(ctx: CheckContext, token: Token) -> bool:
    return not ctx.is_sentence_start(token)


@check(
    "consistency.case",
    "fluency/inconsistency",
    Severity.MINOR,
    examples=(
        fires(
            "She announced the plan on Twitter before noon. Her Twitter followers reacted fast, and the post spread across "
            "Twitter within minutes. Later she wrote on twitter that she was sorry.",
            "twitter",
            "Twitter",
            hunspell=True,
        ),
        passes(
            "She announced the plan on Twitter before noon. Her Twitter followers reacted fast. Later she wrote on twitter that she was sorry.",
            "two capitalised uses are not yet a majority of three",
        ),
    ),
)
def case_variant(ctx: CheckContext) -> Iterator[Finding]:
    """A word written in lower case where the same document capitalises it elsewhere.

    **What it catches.** A name written in lower case where the same document capitalises it
    elsewhere inside sentences: "wrote on twitter" after three times "Twitter", "the european
    currency" against "European" everywhere else.

    **Why it matters.** Inconsistent case looks careless and, for names, blurs whether the
    name or the common word is meant.

    **How it decides.** Only occurrences in mid-sentence count (after a full stop, colon or
    quote a capital is normal), and capitals inside multi-word names ("Three Gorges Dam",
    "United States") do not vote. The capitalised form must be used at least twice, and twice as
    often as the lower-case one. A word the Hunspell dictionary knows in lower case is a common
    word ("bank", "state", "the house" beside "the House of Lords"): left alone, unless the
    dictionary knows it as a name too, it is not very frequent, and the capital wins three to
    one ("twitter"). A frequent word unknown to the dictionary ("labour"/"Labour") is left
    alone too. Stray capitals on common words are `case.mid-sentence-capital`'s business. Not
    run for German, which capitalises every noun.

    **Suggestion.** The majority form.
    """
    if ctx.lang in NOUN_CAPITALISING:
        return
    lex = ctx.lexicon
    spellings = ctx.spellings
    both = {w for w in spellings if w.islower() and w[:1].upper() + w[1:] in spellings}
    if not both:
        return  # no word written both ways (most documents)
    occurrences: dict[str, list[Token]] = defaultdict(list)
    for sentence in ctx.sentence_tokens:
        for position, token in enumerate(sentence):
            word = token.text
            if word.lower() not in both or len(word) < MIN_LENGTH or not word.isalpha() or not _mid_sentence(ctx, token):
                continue
            if word.islower() or (is_capitalised(word) and not in_name_run(ctx.text, sentence, position)):
                occurrences[word.lower()].append(token)
    for key, tokens in occurrences.items():
        forms = Counter(t.text for t in tokens)
        capital = key[:1].upper() + key[1:]
        upper, lower = forms.get(capital, 0), forms.get(key, 0)
        if not lower or upper < 2 or upper < 2 * lower:
            continue
        dictionary_forms = lex.case_forms(key)
        if any(f.islower() for f in dictionary_forms):
            both = any(not f.islower() for f in dictionary_forms)
            # "twitter"/"Twitter" yes, "may"/"May" no: a very frequent word is a common word.
            if not both or lex.zipf(key) >= Band.FREQUENT or upper < 3 or upper < 3 * lower:
                continue
        elif not dictionary_forms and (lex.zipf(key) >= Band.WELL_KNOWN or ctx.language.dictionary_accepts(key)):
            continue  # "labour"/"Labour", "railways": a common word that is also part of names
        for token in tokens:
            if token.text != key:
                continue
            yield ctx.finding(
                case_variant.rule,
                token.start,
                token.end,
                f"“{token.text}” is written “{capital}” {upper} times in this document.",
                [capital],
                confidence=0.7 if dictionary_forms else 0.55,
                evidence={"forms": dict(sorted(forms.items())), "dictionary": sorted(dictionary_forms)},
            )


_ABBREVIATION = regex.compile(r"(?<![\p{L}\p{N}.])(\p{Lu}\p{Ll}{1,2})(\.?)[ \u00a0]+(?=\p{Lu}\p{Ll})")


@check(
    "consistency.abbreviation",
    "fluency/inconsistency",
    Severity.MINOR,
    examples=(
        fires("Mr. Macron met Mr Scholz and Mr Draghi.", "Mr.", "Mr"),
        passes("Mr Macron met Mr Scholz and Mr Draghi.", "one spelling throughout"),
    ),
)
def abbreviation_variant(ctx: CheckContext) -> Iterator[Finding]:
    """A title abbreviation written with and without its full stop ("Mr." and "Mr").

    **What it catches.** Honorifics and title abbreviations before a name written both ways in
    one document: "Mr. Macron … Mr Scholz", "Dr Smith … Dr. Jones", "St. Petersburg …
    St Petersburg".

    **Why it matters.** House styles choose one form (British usage drops the full stop, American
    keeps it); mixing them shows an unedited or patched-together translation.

    **How it decides.** A capitalised word of two or three letters directly before a
    capitalised name, with or without a full stop, is counted in both forms; when both occur,
    the less used form is flagged. A full stop that ends a sentence does not count, and a word
    the document also uses elsewhere is no abbreviation. Only words seen both ways count, so no
    list of titles is needed.

    **Suggestion.** The majority form (on a tie, the dotted form when the dictionary does not
    know the bare one).
    """
    uses: dict[str, list[tuple[int, int, bool]]] = defaultdict(list)
    sentence_starts: set[int] | None = None  # found at the first dotted use (most documents have none)
    for match in _ABBREVIATION.finditer(ctx.text):
        dotted = bool(match.group(2))
        if dotted and sentence_starts is None:
            sentence_starts = {span.start for span in ctx.sentences}
        if dotted and match.end() in sentence_starts:
            continue  # "Christmas Day. Ms Smith": a full stop that ends a sentence
        uses[match.group(1)].append((match.start(1), match.end(2), dotted))
    if not uses:
        return
    elsewhere = Counter(t.text for t in ctx.tokens)
    for word, found in uses.items():
        if elsewhere[word] > len(found):
            continue  # also used as an ordinary word ("Day", "Xie"): not an abbreviation
        dotted = sum(1 for _, _, d in found if d)
        bare = len(found) - dotted
        if not dotted or not bare:
            continue
        prefer_dotted = not ctx.lexicon.in_dictionary(word) if dotted == bare else dotted > bare
        majority = word + "." if prefer_dotted else word
        for start, end, is_dotted in found:
            if is_dotted == prefer_dotted:
                continue
            yield ctx.finding(
                abbreviation_variant.rule,
                start,
                end,
                f"“{ctx.text[start:end]}” is written “{majority}” elsewhere in this document.",
                [majority],
                confidence=0.8 if dotted != bare else 0.5,
                evidence={"dotted": dotted, "bare": bare},
            )


CHECKS = (case_variant, abbreviation_variant)
