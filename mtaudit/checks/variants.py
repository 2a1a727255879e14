"""Spelling variants inside one document: "organisation" here, "organization" there."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.language import POSSESSIVE, Band, fold_accents, variant_key
from mtaudit.records import Finding, Severity
from mtaudit.segment import Token


def _majority(forms: Counter[str], ctx: CheckContext) -> str:
    """The most used form; on a tie, the dictionary's spelling, then the more frequent word."""
    lex = ctx.lexicon

    def rank(form: str) -> tuple[int, int, float, str]:
        in_dictionary = int(form in lex.case_forms(form))
        return (forms[form], in_dictionary, lex.zipf(form), form)

    return max(forms, key=rank)


@check(
    "consistency.spelling",
    "fluency/inconsistency",
    Severity.MINOR,
    examples=(
        fires("The organisation said it would publish the organization's report and the organisation's plan.", "organization", "organisation"),
        passes("The organisation said it would publish the organisation's report.", "one spelling throughout"),
    ),
)
def spelling_variant(ctx: CheckContext) -> Iterator[Finding]:
    """The same word spelt two ways in one document.

    **What it catches.** Spelling variants of one word side by side: "organisation" and
    "organization", "e-mail" and "email", "Zurich" and "Zürich", "centre" and "center".

    **Why it matters.** A translation should follow one spelling convention; mixed variants
    show a text assembled from several sources or systems.

    **How it decides.** Words are grouped by a key: lower case, hyphens removed, accents
    removed, and in English the British and American endings merged (-ise/-ize, -our/-or,
    -tre/-ter, -lled/-led, -ogue/-og, -ence/-ense). Two different spellings with the same key are
    variants, except when they differ only by accents and both are common words ("côte"/"côté"
    are different words) or only by case (see `consistency.case`). A spelling capitalised inside
    a sentence belongs to a name ("the Disaster Research Center", "the Department of Defense")
    and does not count against the text's own "centre" or "defence".

    **Suggestion.** The form used most; on a tie the more frequent word in wordfreq.
    """
    lex = ctx.lexicon
    # First the lower-case spellings of each key, then the words of the keys spelt two ways only:
    # a long document's words are never all held at once (issue 15), and a key is computed once
    # per spelling, not once per word.
    key_of = {word: variant_key(word, ctx.lang) for word in ctx.spellings if len(word) >= 4}
    spellings: dict[str, set[str]] = defaultdict(set)
    for word, key in key_of.items():
        spellings[key].add(word.lower())
    groups: dict[str, list[Token]] = {key: [] for key, seen in spellings.items() if len(seen) >= 2}
    for token in ctx.tokens if groups else ():  # most documents spell every word one way
        if len(token.text) >= 4 and (group := groups.get(key_of[token.text])) is not None:
            group.append(token)
    for raw in groups.values():
        tokens = [t for t in (_word_of(t) for t in raw) if t is not None]
        common = [t for t in tokens if not (t.text[:1].isupper() and t.index_in_sentence > 0 and not ctx.follows_opening(t))]
        if common and len(common) < len(tokens):
            # "the Disaster Research Center" keeps its owner's spelling; the text's own is "centre"
            tokens = common
        forms = Counter(_normal_case(t.text) for t in tokens)
        if len(forms) < 2:
            continue
        spelled = list(forms)
        capitalised = all(t.text[:1].isupper() for t in tokens)
        if _only_accents(spelled) and sum(lex.zipf(f) >= Band.KNOWN for f in spelled) >= 2 and not capitalised:
            continue
        if _only_hyphen(spelled) and any(lex.zipf(f) < Band.SCARCE and "-" not in f for f in spelled):
            continue  # "re-cover"/"recover": a rare closed form may be another word
        majority = _majority(forms, ctx)
        if forms[majority] == len(tokens) - forms[majority] and lex.zipf(majority) - max(lex.zipf(f) for f in spelled if f != majority) < 0:
            continue
        for token in tokens:
            form = _normal_case(token.text)
            if form == majority:
                continue
            suggestion = majority[:1].upper() + majority[1:] if token.text[:1].isupper() or capitalised else majority
            yield ctx.finding(
                spelling_variant.rule,
                token.start,
                token.end,
                f"“{token.text}” is spelt “{majority}” elsewhere in this document.",
                [suggestion],
                confidence=0.7,
                evidence={"forms": dict(sorted(forms.items()))},
            )


def _word_of(token: Token) -> Token | None:
    """The token without a possessive 's, or None when it is no plain word (digits, acronym)."""
    word = POSSESSIVE.sub("", token.text)
    if len(word) < 4 or any(c.isdigit() for c in word) or word.isupper() or "'" in word or "’" in word:
        return None
    return Token(word, token.start, token.start + len(word), token.sentence, token.index_in_sentence)


def _normal_case(word: str) -> str:
    """Case does not make a new spelling here ('Organisation' at a sentence start is
    'organisation'); case variants are `consistency.case`'s business."""
    return word.lower()


def _only_accents(forms: list[str]) -> bool:
    return len({fold_accents(f.lower()) for f in forms}) == 1


def _only_hyphen(forms: list[str]) -> bool:
    return len({f.lower().replace("-", "") for f in forms}) == 1 and any("-" in f for f in forms)


CHECKS = (spelling_variant,)
