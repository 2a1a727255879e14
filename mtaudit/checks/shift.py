"""Slips of the Shift and Caps Lock keys: "THe plan", "STatement", "tHE plan".

A word typed with the Shift key held one letter too long, or with Caps Lock on, is not a word of
any dictionary in that spelling, but becomes one when its case is put right. Word processors
correct these as they are typed ("Correct TWo INitial CApitals", "Correct accidental usage of cAPS
LOCK key"); text that did not pass through one keeps them: source typos carried over by machine
translation, post-edits typed in a hurry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import regex

from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.language import CODE_CHUNK_REACH, Band, is_code_like
from mtaudit.records import Finding, Severity
from mtaudit.segment import Token

# Two capitals and then lower case ("THe", "STatement"), or a lower-case letter and then capitals
# ("tHE", "sTATEMENT"): the shapes of the two slips. Letters only, three or more.
SHIFT_HELD = regex.compile(r"\p{Lu}\p{Lu}\p{Ll}+")
CAPS_LOCK_ON = regex.compile(r"\p{Ll}\p{Lu}{2,}")
_LETTER_THEN_CAPITAL = regex.compile(r"\p{L}\p{Lu}")
HYPHENS = regex.compile(r"[-‐]")
# A word, with an elided article before it or a possessive or clitic after it ("l'EUrope",
# "CHina's", "THey're").
WORD_AND_CLITIC = regex.compile(r"(?:\p{L}{1,2}['’])?(\p{L}+)(?:['’]\p{L}{1,2})?")
# A decimal or binary prefix and B for byte or bit: data sizes and rates written so on purpose
# ("KBytes", "MBps" for megabytes, not megabits, per second, "GBit").
DATA_UNIT = regex.compile(r"[kKMGTPE]B")


def _may_hold_slip(text: str) -> bool:
    """False for most tokens at the cost of a few string tests: a slip's second letter is a
    capital, and an all-capitals word has no slip's shape."""
    if "-" in text or "‐" in text or "'" in text or "’" in text:
        return not text.islower()  # a compound, or a word after an elided article ("l'EUrope")
    return text[1:2].isupper() and not text.isupper()


def _words(token: Token) -> Iterator[tuple[int, int, str]]:
    """The words of a token, with their offsets: the token, the letters after an elided article
    ("l'EUrope") or before a possessive or clitic ("CHina's"), each part of a hyphenated compound
    ("pre-BUdget", "MUnich-based")."""
    position = token.start
    for part in HYPHENS.split(token.text):
        match = WORD_AND_CLITIC.fullmatch(part)
        if match:
            yield position + match.start(1), position + match.end(1), match.group(1)
        position += len(part) + 1


def _corrected(word: str) -> str | None:
    """The spelling the typist meant, when `word` has the shape of a slip: "THe" → "The",
    "tHE" → "The"; None for any other word, and for a data unit ("KBytes", "MBps")."""
    if SHIFT_HELD.fullmatch(word):
        if DATA_UNIT.match(word):
            return None  # "KBytes", "MBps": units
        return word[0] + word[1:].lower()
    if CAPS_LOCK_ON.fullmatch(word):
        return word.swapcase()
    return None


@check(
    "case.shift-slip",
    "fluency/spelling",
    Severity.MINOR,
    examples=(
        fires("The minister said THe plan was ready.", "THe", "the", hunspell=True),
        fires("STatement from the office came late.", "STatement", "Statement", hunspell=True),
        fires("Strong demand from CHina's economy fuelled production.", "CHina", "China", hunspell=True),
        fires("In an upbeat pre-BUdget report, he raised the forecast.", "BUdget", "Budget", hunspell=True),
        fires("tHE office issued a statement on Monday.", "tHE", "The", hunspell=True),
        fires("Die Regierung hat DIe Pläne vorgestellt.", "DIe", "die", lang="de", hunspell=True),
        passes("Sales of TVs and PCs rose in December.", "an acronym's plural", hunspell=True),
        fires("Le ministre a dit que LEs plans étaient prêts.", "LEs", "les", lang="fr", hunspell=True),
        fires("Le sommet de l'EUrope a eu lieu hier.", "EUrope", "Europe", lang="fr", hunspell=True),
        passes("The line carries 100 MBps, about 800 Mbps.", "a data rate: megabytes per second, not megabits", hunspell=True),
        passes("The DNase was added to the sample.", "no word of the dictionary once its case is put right (“Dnase”)", hunspell=True),
        passes("He read the news on his iPhone in the mRNA lab.", "no word of the dictionary once its case is put right", hunspell=True),
        passes("The band MOtion played first; MOtion's fans cheered.", "a name the document writes this way twice", hunspell=True),
    ),
)
def shift_slip(ctx: CheckContext) -> Iterator[Finding]:
    """Word typed with the Shift key held too long or with Caps Lock on.

    **What it catches.** "THe plan", "STatement from the office", "tHE office": a word whose first
    two letters are capitals and the rest lower case, or whose first letter alone is lower case.

    **Why it matters.** It is a typing slip that no reader mistakes for intent, and a machine
    translation carries it over from its source as it stands.

    **How it decides.** The word is flagged when the language's Hunspell dictionary does not list
    it in that spelling, but accepts it with its case put right ("THe" → "The", "tHE" → "The"). It
    is left alone when no dictionary of the language is installed, when the word has no such
    reading ("DNase" → "Dnase", "iPhone", "mRNA"), when it is an acronym's plural ("CDs") or a
    data unit ("KBytes", "MBps"), when the document writes it the same way twice (a name) or the
    source text has it, and in URLs and code.

    **Suggestion.** The word with its case put right, with a capital: the Shift key was pressed
    on purpose ("CHina" → "China"); a function word in mid-sentence is no name, and comes in
    lower case first ("said THe plan" → "the").
    """
    lex = ctx.lexicon
    if not lex.has_case_dictionary or not _LETTER_THEN_CAPITAL.search(ctx.text):
        return  # (both shapes hold a letter and then a capital: most texts have none)
    # a quick look first: a slip has a capital in second place, in the word or in a part of it
    slips = [(token, start, end, word, meant) for token in ctx.tokens if _may_hold_slip(token.text)
             for start, end, word in _words(token) if (meant := _corrected(word)) is not None]
    if not slips:
        return
    counts = Counter(word for token in ctx.tokens for _, _, word in _words(token))
    source = ctx.source or ""
    for token, start, end, word, meant in slips:
        if len(word) == 3 and word[2] == "s" and lex.zipf(meant) < Band.FUNCTION_WORD:
            continue  # "CDs", "PCs": an acronym and its plural s (but French "LEs", "DEs" are slips)
        if counts[word] > 1 or word in source or word in lex.case_forms(word) or len(meant) != len(word):
            continue
        # in a URL, a path or an identifier? (asked of the word as meant: the slip itself looks like camelCase)
        left = max(0, start - CODE_CHUNK_REACH - 1)
        around = ctx.text[left:start] + meant + ctx.text[end : end + CODE_CHUNK_REACH + 1]
        if is_code_like(around, start - left, end - left):
            continue
        lower = meant.lower()
        lower_is_word = lex.accepts(lower, ignore_case=False) is True
        if not lower_is_word and lex.accepts(meant, ignore_case=False) is not True:
            continue  # a word with a capital is a word in lower case too; a name only as listed ("Paris")
        # The Shift key was pressed on purpose: a capital was meant ("CHina", "BRown"), except on
        # a function word in mid-sentence, which is no name ("said THe plan").
        suggestions = [meant]
        if lower_is_word and not (start == token.start and ctx.is_sentence_start(token)) and lex.zipf(lower) >= Band.FUNCTION_WORD:
            suggestions.insert(0, lower)
        yield ctx.finding(shift_slip.rule, start, end, f"“{word}” looks like a slip of the Shift or Caps Lock key: “{suggestions[0]}”.",
                          suggestions, confidence=0.8, evidence={"meant": meant})


CHECKS = (shift_slip,)
