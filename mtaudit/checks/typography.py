"""Typography: repeated words and spacing (dashes: `dashes.py`; quotes, brackets and digit grouping: `marks.py`)."""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Iterator

import regex

from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.language import Band
from mtaudit.records import Finding, Severity

# Two identical words with spaces or one line break between; not across a blank line, where a
# headline ending in a word is followed by a paragraph that starts with it ("…lifts shares\n\nShares in").
# A word may hold an apostrophe, a hyphen or a slash ("group's group's", "long-term long-term").
_REPEATED = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}'’/-])(\p{L}[\p{L}\p{M}]*(?:['’/-]\p{L}[\p{L}\p{M}]*)*)([^\S\r\n]+|[^\S\r\n]*\r?\n[^\S\r\n]*)(\1)(?![\p{L}\p{M}\p{N}'’/-])",
    regex.I,
)
# The runs of letters, apostrophes, hyphens and slashes of a text: each of the two words of a
# `_REPEATED` match is one whole run, and the two follow each other (see `_may_repeat`).
_RUN = regex.compile(r"[\p{L}\p{M}'’/-]+")
# The same runs in a text of ASCII characters only (most texts), found by `re`, twice as fast.
_ASCII_RUN = re.compile(r"[A-Za-z'/-]+")
_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
_SPACE_BEFORE = re.compile(r"(?<=\w)[ \t]+([,;:!?]|\.(?![\d.]))(?=\s|$|\w)", re.M)
_MISSING_SPACE_AFTER = regex.compile(r"(?<=\p{Ll}{2})([,;!?]|\.(?=\p{Lu}\p{Ll}))(?=\p{L})")
# What the two patterns above need, found faster: a space right before a mark; a mark right before
# a letter (in a text of ASCII characters; in another text the pattern itself is run).
_SPACE_THEN_MARK = re.compile(r"[ \t][,;:!?.]")
_MARK_THEN_ASCII_LETTER = re.compile(r"[,;!?.][A-Za-z]")
# Languages whose typography puts a space before ; : ! ? (French) — not an error there.
SPACE_BEFORE_PUNCTUATION = frozenset({"fr"})
# Words whose doubling grammar allows ("He had had enough", "nous nous sommes", "die, die").
GRAMMATICAL_REPEATS = {"en": frozenset({"had", "that"}), "fr": frozenset({"nous", "vous"}), "de": frozenset({"die", "der", "das"})}


# A capitalised word this short, and not a common word ("The The"), may double as a name ("Phi
# Phi", "Bora Bora"); longer ones only when the source doubles them too.
SHORT_NAME = 4


def _may_repeat(text: str) -> bool:
    """False when `_REPEATED` cannot match in `text`, found more cheaply than by running it: its
    two words are two consecutive runs of `_RUN` equal but for case, which for runs of ASCII
    characters is equality in lower case, and for others (case-insensitive matching compares
    character by character) takes at least the same length."""
    if text.isascii():  # (most texts) the runs of the lower-cased text, each compared with the next in C
        runs = _ASCII_RUN.findall(text.lower())
        return any(map(operator.eq, runs, itertools.islice(runs, 1, None)))
    runs = _RUN.findall(text)
    return any(a.lower() == b.lower() if a.isascii() and b.isascii() else len(a) == len(b) for a, b in itertools.pairwise(runs))


def _source_repeats(ctx: CheckContext, word: str) -> bool:
    """True when the source text has `word` twice in a row too."""
    return ctx.source is not None and regex.search(rf"(?<!\p{{L}}){regex.escape(word)}\s+{regex.escape(word)}(?!\p{{L}})", ctx.source, regex.I) is not None


def _starts_sentence(ctx: CheckContext, start: int) -> bool:
    """True when `start` opens a sentence (or follows a sentence mark the segmenter did not split at)."""
    return any(s.start == start for s in ctx.sentences) or not ctx.text[:start].strip() or ctx.text[:start].rstrip()[-1] in ".!?:…"


@check(
    "typography.repeated-word",
    "fluency/grammar",
    Severity.MINOR,
    examples=(
        fires("The talks in the the capital ended.", "the the", "the"),
        passes("He said that that was the end.", "“that that” is grammatical in English"),
        passes("Lifts shares\n\nShares in the firm rose.", "a headline and a paragraph, not a doubled word"),
        passes("Hier steht, wie Sie sie beheben können.", "in German the capital makes another word: “Sie” (you), “sie” (them)", lang="de"),
        fires("Hier steht, wie sie sie beheben können.", "sie sie", "sie", lang="de"),
        fires("It plans a long-term long-term loan.", "long-term long-term", "long-term"),
        fires("Meanwhile, the group's group's flagship rose.", "group's group's", "group's"),
        fires("It will provide Yukos Yukos with protection.", "Yukos Yukos", "Yukos"),
        passes("They flew to Bora Bora last week.", "a short capitalised double is a name"),
        passes("They flew to Walla Walla last week.", "the source doubles the name too", source="Ils sont allés à Walla Walla.", source_lang="fr"),
    ),
)
def repeated_word(ctx: CheckContext) -> Iterator[Finding]:
    """The same word twice in a row.

    **What it catches.** "the the", "of of", "il il": a word repeated with only space between.

    **Why it matters.** A classic slip of editing and of machine translation alike.

    **How it decides.** Two identical words (ignoring case; a word may hold an apostrophe, a hyphen
    or a slash: "long-term long-term") separated only by spaces or a single line break (a blank line between them ends a paragraph or a headline: no repetition). Left
    alone: repetitions that grammar allows ("had had", "that that", French "nous nous", German
    "die die"), a name that repeats a syllable ("Koh Phi Phi", "Bora Bora": both capitalised,
    four letters or fewer and not a common word, or doubled in the source too), a title before a name ("senior law lord Lord Bingham": lower case, then
    capitalised), and, in languages that capitalise nouns, two spellings that differ in case
    inside a sentence (German "wie Sie sie beheben": "you" and "them").

    **Suggestion.** The word once.
    """
    grammatical = GRAMMATICAL_REPEATS.get(ctx.lang, frozenset())
    for match in _REPEATED.finditer(ctx.text) if _may_repeat(ctx.text) else ():
        first, second = match.group(1), match.group(3)
        if first.lower() in grammatical:
            continue
        if ctx.language.capitalises_nouns and first != second and first.lower() == second.lower() and not _starts_sentence(ctx, match.start()):
            continue  # German "wie Sie sie beheben": the capital makes another word ("Sie" = you, "sie" = them)
        if second[:1].isupper() and first[:1].islower() and ctx.lexicon.zipf(second) < Band.FUNCTION_WORD:
            continue  # "senior law lord Lord Bingham": a title before a name
        if first[:1].isupper() and second[:1].isupper() and ((len(first) <= SHORT_NAME and not first.isupper() and ctx.lexicon.zipf(first) < Band.WELL_KNOWN) or _source_repeats(ctx, first)):
            continue  # "Koh Phi Phi", "Bora Bora", or a name the source doubles too ("Walla Walla")
        yield ctx.finding(repeated_word.rule, match.start(), match.end(), f"“{first}” is repeated.", [first], confidence=0.85)


@check(
    "typography.spacing",
    "fluency/punctuation",
    Severity.MINOR,
    examples=(
        fires("The talks ended ,then resumed.", " ,", ", "),
        passes("The talks ended, then resumed.", "the comma is spaced right"),
        passes("The timetable is at https://www.example.org/travel/timetables?modes=bus,train for all lines.", "a comma deep in a long URL"),
    ),
)
def spacing(ctx: CheckContext) -> Iterator[Finding]:
    """Doubled space, or a space missing or misplaced around punctuation.

    **What it catches.** Two spaces between words; a space before a comma or full stop ("said ,");
    a missing space after a comma or sentence punctuation ("said,then", "ended.The").

    **Why it matters.** Sloppy spacing is the most visible sign of unedited text.

    **How it decides.** Inside a line only. A space before ; : ! ? is correct in French and is not
    flagged there. Decimal numbers, abbreviations, URLs and e-mail addresses are left alone.

    **Suggestion.** The corrected spacing.
    """
    text = ctx.text
    for match in _DOUBLE_SPACE.finditer(text) if "  " in text or "\t" in text else ():
        yield ctx.finding(spacing.rule, match.start(), match.end(), "Doubled space.", [" "], confidence=0.7)
    for match in _SPACE_BEFORE.finditer(text) if _SPACE_THEN_MARK.search(text) else ():
        mark = match.group(1)
        if ctx.lang in SPACE_BEFORE_PUNCTUATION and mark in ";:!?":
            continue
        fixed = mark + " " if text[match.end() : match.end() + 1].isalnum() else mark
        yield ctx.finding(spacing.rule, match.start(), match.end(), f"Space before “{mark}”.", [fixed], confidence=0.75)
    addresses: list[tuple[int, int, int]] | None = None
    for match in _MISSING_SPACE_AFTER.finditer(text) if not text.isascii() or _MARK_THEN_ASCII_LETTER.search(text) else ():
        if addresses is None:  # found once, at the first mark that lacks its space
            addresses = _addresses(text)
        k = bisect.bisect_right(addresses, (match.start(), len(text), len(text))) - 1
        if k >= 0 and addresses[k][2] < match.start() < addresses[k][1]:
            continue  # inside a URL or an e-mail address, after its "://" or "@"
        mark = match.group(1)
        yield ctx.finding(spacing.rule, match.start(), match.end(), f"Missing space after “{mark}”.", [mark + " "], confidence=0.7)


_NON_SPACE = re.compile(r"\S+")


def _addresses(text: str) -> list[tuple[int, int, int]]:
    """(start, end, marker) of each run of non-space characters in `text` that holds "://" or "@"
    (a URL or an e-mail address), `marker` the position of the first of them; in text order. The
    whole run counts, however long: a comma deep in a long URL is no missing space."""
    found = []
    for run in _NON_SPACE.finditer(text):
        markers = [p for p in (run.group().find("://"), run.group().find("@")) if p >= 0]
        if markers:
            found.append((run.start(), run.end(), run.start() + min(markers)))
    return found


CHECKS = (repeated_word, spacing)
