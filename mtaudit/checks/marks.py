"""Typography of marks: digit grouping, spaced quotes, unbalanced quotes and brackets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.records import Finding, Severity
from mtaudit.segment import paragraphs

_LONG_NUMBER = re.compile(r"(?<![\w.,/#:+-])(?<!\+\d )(?<!\+\d\d )(?<!\+\d\d\d )([1-9]\d{4,7})(?![\w.,/:-]|\.\d)")
_DIGIT = re.compile(r"\d")  # (a text without one has no long number: most sentences)
# The opening mark stands after a space, a bracket or the start of a line; the closing one before
# a space or punctuation: '," said Mr X. "But' is a closing and an opening mark, not a pair.
_SPACED_QUOTES = re.compile(r'(?:^|(?<=[\s(\[]))"([ \t]+)([^"\n]{1,80}?)([ \t]+)"(?![\w"])', re.M)
# Digit-group separators by target language (CLDR conventions for whole numbers).
GROUP_SEPARATOR = {"en": ",", "zh": ",", "ja": ",", "ko": ",", "fr": "\u202f", "de": ".", "es": ".", "it": ".", "pt": ".", "nl": ".", "ru": "\u00a0", "pl": "\u00a0", "sv": "\u00a0"}
_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»"}
# Double quotation marks of any style, for quotations opened in one style and closed in another.
_QUOTES = frozenset("“”„«»")


@check(
    "typography.digit-grouping",
    "fluency/punctuation",
    Severity.MINOR,
    examples=(
        fires("The ice formed 40000 years ago.", "40000", "40,000"),
        passes("The ice formed in 2022 after 4000 years.", "years and four-digit numbers are not grouped"),
    ),
)
def digit_grouping(ctx: CheckContext) -> Iterator[Finding]:
    """Large number written without digit grouping.

    **What it catches.** A whole number of five digits or more with no thousands separator:
    "40000 years ago", "more than 100000 people".

    **Why it matters.** Long digit strings are hard to read and against every style guide;
    machine translation produces them when it copies numerals from languages that group digits
    differently (Chinese 四万, French "40 000").

    **How it decides.** Five to eight digits, no leading zero, not part of a code, phone number,
    decimal, URL, date or identifier (no letters, slashes, dots or hyphens attached).

    **Suggestion.** The number grouped with the separator of the target language (English ",",
    French narrow no-break space, German and Spanish ".").
    """
    separator = GROUP_SEPARATOR.get(ctx.lang)
    if separator is None:
        return
    for match in _LONG_NUMBER.finditer(ctx.text) if _DIGIT.search(ctx.text) else ():
        number = match.group(1)
        grouped = f"{int(number):,}".replace(",", separator)
        yield ctx.finding(digit_grouping.rule, match.start(1), match.end(1), "Large number without digit grouping.", [grouped], confidence=0.7)


@check(
    "typography.spaced-quotes",
    "fluency/punctuation",
    Severity.MINOR,
    examples=(
        fires('They used the term " black holes " loosely.', '" ', '"'),
        passes('They used the term "black holes" loosely.', "the quotes hug the words"),
    ),
)
def spaced_quotes(ctx: CheckContext) -> Iterator[Finding]:
    """Space inside quotation marks.

    **What it catches.** Straight quotes with a space after the opening and before the closing
    mark: the term " black holes " — a tokenised machine-translation output that was not
    detokenised.

    **Why it matters.** It looks broken and can make quotes pair up wrongly.

    **How it decides.** A pair of straight double quotes on one line with white space just inside
    both marks, around at most 80 characters. French guillemets with spaces are correct and are
    not flagged.

    **Suggestion.** The mark without the space: one finding for the opening mark and its space,
    one for the space and the closing mark, so each highlight covers only what changes.
    """
    for match in _SPACED_QUOTES.finditer(ctx.text) if '"' in ctx.text else ():
        yield ctx.finding(spaced_quotes.rule, match.start(), match.end(1), "Space after the opening quotation mark.", ['"'], confidence=0.75)
        yield ctx.finding(spaced_quotes.rule, match.start(3), match.end(), "Space before the closing quotation mark.", ['"'], confidence=0.75)


@check(
    "typography.unbalanced",
    "fluency/punctuation",
    Severity.MINOR,
    examples=(
        fires("He said “we will win.", "“"),
        passes("He said “we will win.”", "the quotation is closed"),
        passes("Er sagte: „Das ist gut.“ Dann ging er.", "German quotes open with „ and close with “", lang="de"),
        fires("Er sagte: „Das ist gut. Dann ging er.", "„", lang="de"),
        fires("Er sagte: „Das ist gut.” Dann ging er.", "”", "“", lang="de"),
        fires("Er sagte: “Das ist gut.“ Dann ging er.", "“", "„", lang="de"),
    ),
)
def unbalanced(ctx: CheckContext) -> Iterator[Finding]:
    """Unbalanced quotation mark or bracket.

    **What it catches.** An opening bracket or curly quote that is never closed in its paragraph,
    and a closing one that was never opened. (Straight double quotes are not counted: news copy
    opens a quote in one paragraph and closes it in another too often for that to be reliable.)

    **Why it matters.** The reader cannot tell where a quote or an aside ends; it often means part
    of the text was lost.

    **How it decides.** Per paragraph, a stack of ( [ { “ « and their closing marks, and the
    language's own double quotes (German „…“, where “ closes a quote). Quotes that
    run over several paragraphs (the next paragraph opens with a quote) are allowed. Numbered
    lists such as "1)" are ignored.

    **Suggestion.** None: where the mark belongs needs a human.
    """
    text = ctx.text
    opening, closing = ctx.language.quote_pairs[0]
    pairs, closers, marks = _mark_tables(opening, closing)
    if not marks.search(text):
        return  # no bracket or quotation mark at all (most sentences)
    spans = paragraphs(text)
    for index, (p_start, p_end) in enumerate(spans):
        stack: list[tuple[str, int]] = []
        for found in marks.finditer(text, p_start, p_end):
            pos = found.start()
            char = text[pos]
            if char in closers and stack and stack[-1][0] in closers[char]:
                stack.pop()  # (a mark that both opens and closes, like German “, closes first)
            elif stack and stack[-1][0] in _QUOTES and char in _QUOTES and (char not in pairs or char == stack[-1][0]):
                # a quotation opened in one style and closed in another: „…” or “…“ in German
                wrong, fix, at = (char, closing, pos) if stack[-1][0] == opening else (stack[-1][0], opening, stack[-1][1])
                stack.pop()
                yield ctx.finding(unbalanced.rule, at, at + 1, f"“{wrong}” does not match the other quotation mark: write “{fix}”.", [fix], confidence=0.6)
            elif char in pairs:
                stack.append((char, pos))
            elif char in closers and not (char == ")" and pos > p_start and (text[pos - 1].isdigit() or (text[pos - 1].isalpha() and (pos - 1 == p_start or text[pos - 2] in " \n")))):
                if any(opener in closers[char] for opener, _ in stack):
                    while stack and stack[-1][0] not in closers[char]:
                        stack.pop()
                    stack.pop()
                    continue
                yield ctx.finding(unbalanced.rule, pos, pos + 1, f"“{char}” closes nothing.", confidence=0.6)
        next_opens_quote = index + 1 < len(spans) and text[spans[index + 1][0]] in "“«\"" + opening
        for opener, pos in stack:
            if opener in "“«" + opening and next_opens_quote:
                continue
            yield ctx.finding(unbalanced.rule, pos, pos + 1, f"“{opener}” is never closed in its paragraph.", confidence=0.6)


@lru_cache(maxsize=64)
def _mark_tables(opening: str, closing: str) -> tuple[dict[str, str], dict[str, set[str]], re.Pattern[str]]:
    """For a language whose double quotes are `opening`…`closing`: the marks that open (with what
    closes each), the marks that close (with what each closes), and a pattern that finds any mark
    of either kind or any double quotation mark (`_QUOTES`); every other character is passed over.
    The brackets, “…” and «…», and the language's own double quotes („…“ in German, where “
    closes). Built once per language."""
    pairs = dict(_PAIRS)
    pairs.setdefault(opening, closing)
    closers: dict[str, set[str]] = {}
    for opener, closer in pairs.items():
        closers.setdefault(closer, set()).add(opener)
    marks = frozenset(pairs) | frozenset(closers) | _QUOTES
    return pairs, closers, re.compile("[" + "".join(re.escape(mark) for mark in sorted(marks)) + "]")


CHECKS = (digit_grouping, spaced_quotes, unbalanced)
