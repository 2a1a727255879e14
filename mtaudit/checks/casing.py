"""Case checks: capitals where a sentence does not start, lower case where a name or sentence does.

Whether a word is a name or a common word is decided from data, never from a list of words:
the Hunspell dictionary of the language when one is installed (it spells "Kremlin" and "Monday"
with a capital, "statement" without), word frequency (wordfreq), and how the document itself
writes the same word elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator

from mtaudit.checks.base import CheckContext, check
from mtaudit.model import Finding, Severity
from mtaudit.segment import Token

# Above this Zipf frequency a word that the dictionary also knows in lower case is a common word
# (pronouns, articles, conjunctions, frequent verbs) far more often than a name.
COMMON_ZIPF = 5.6
# Languages that capitalise every noun: mid-sentence capitals prove nothing there.
NOUN_CAPITALISING = frozenset({"de", "lb"})


def is_capitalised(word: str) -> bool:
    """'Statement' yes; 'STATEMENT', 'iPhone', 'statement' no."""
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower() or not word[1:].isalpha() and word[1:].lower() == word[1:])


def common_word_evidence(ctx: CheckContext, token: Token) -> float:
    """How sure we are that capitalised `token` is a common word, not a name (0 = a name).

    Dictionary says lower case only → 0.9; frequent word also known in lower case → 0.6;
    the document writes it in lower case elsewhere → +0.2; capitalised elsewhere mid-sentence → 0.
    """
    word = token.text
    lex = ctx.lexicon
    votes = ctx.mid_sentence_case_votes
    lower_votes = votes.get(word.lower(), 0)
    upper_votes = votes.get(word, 0) - 1  # this occurrence excluded
    if upper_votes > 0 and upper_votes >= lower_votes:
        return 0.0
    evidence = 0.0
    dictionary = lex.is_lowercase_word(word)
    if dictionary is True:
        evidence = 0.9
    elif dictionary is False:
        return 0.0
    elif lex.zipf(word) >= COMMON_ZIPF and (word.lower() in lex.case_forms(word) or not lex.has_case_dictionary):
        evidence = 0.6
    if evidence and lower_votes:
        evidence = min(1.0, evidence + 0.2)
    return evidence


def in_capitalised_run(sentence: list[Token], position: int, text: str) -> bool:
    """True when the token is part of a run of capitalised words ("Tripartite Contact Group",
    "Jean-Yves Le Drian"): titles and multi-word names, not stray capitals."""
    def joined(a: Token, b: Token) -> bool:
        return text[a.end : b.start] in (" ", "-", " de ", " of ", " van ")

    prev_cap = position > 0 and is_capitalised(sentence[position - 1].text) and joined(sentence[position - 1], sentence[position])
    next_cap = (
        position + 1 < len(sentence)
        and sentence[position + 1].text[:1].isupper()
        and joined(sentence[position], sentence[position + 1])
    )
    return prev_cap or next_cap


@check("case.mid-sentence-capital", "fluency/spelling", Severity.MINOR)
def mid_sentence_capital(ctx: CheckContext) -> Iterator[Finding]:
    """Capitalised common word in the middle of a sentence.

    **What it catches.** A common word written with a capital inside a sentence: "in A statment
    That", "to defuse it Intensive interview". Machine translation leaves these where link text,
    a headline or an embedded post was pasted into the running text.

    **Why it matters.** Readers see a typo at best; at worst the capital marks a lost sentence
    break or a fragment of another text (see `boundary.run-on` for the break itself).

    **Example.** "said on Saturday in A statment That Russia" → "in a statment that Russia".

    **How it decides.** A word is a common word when the language's Hunspell dictionary knows it
    only in lower case, or when it is very frequent (wordfreq) and also known in lower case, and
    the document never writes it capitalised elsewhere mid-sentence. Names, acronyms, "I",
    days, months, nationalities (the dictionary capitalises them), words inside a run of capitals
    ("Tripartite Contact Group") and words after a colon, quote or bracket are left alone. Not run
    for German, which capitalises all nouns.

    **Suggestion.** The word in lower case.
    """
    if ctx.lang in NOUN_CAPITALISING:
        return
    text = ctx.text
    for sentence in ctx.sentence_tokens:
        for position, token in enumerate(sentence):
            if position == 0 or not is_capitalised(token.text) or len(token.text) == 1 and token.text in "I":
                continue
            if ctx.follows_opening(token) or _after_sentence_end(text, token):
                continue
            if in_capitalised_run(sentence, position, text):
                continue
            evidence = common_word_evidence(ctx, token)
            if evidence < 0.5:
                continue
            yield ctx.finding(
                mid_sentence_capital.rule,
                token.start,
                token.end,
                f"“{token.text}” is capitalised in mid-sentence but is a common word here.",
                [token.text.lower()],
                confidence=evidence,
                evidence={"zipf": ctx.lexicon.zipf(token.text), "dictionary": sorted(ctx.lexicon.case_forms(token.text))},
            )


def _after_sentence_end(text: str, token: Token) -> bool:
    """A capital after '.', '!' or '?' that the segmenter did not split on (e.g. after 'etc.')."""
    before = text[max(0, token.start - 3) : token.start].rstrip()
    return bool(before) and before[-1] in ".!?…"


CHECKS = (mid_sentence_capital,)
