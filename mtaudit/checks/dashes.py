"""Dashes and hyphens: a hyphen or double hyphen typed for a dash, a source's dash the translation
wrote as a hyphen, and a hyphenated compound split by spaces."""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.language import Band
from mtaudit.records import Finding, Severity

# Two to four hyphens between words on one line ("--", TeX's "---"): one dash. Not a line of its
# own (Markdown's "---" rule, a heading's underline, front matter).
_DOUBLE_HYPHEN = re.compile(r"(?<=[^\s-])([ \t]*)(-{2,4})([ \t]*)(?=[^\s-])")
_HYPHEN_JOIN = regex.compile(r"(?<![\p{L}\p{N}-])(\p{L}{3,})-(\p{L}+)(?![\p{L}\p{N}-])")
# A hyphen after a closing bracket or quote, before a word ('means "matter")-if you'); a straight
# quote closes only after a non-space ('the suffix "-ism"' opens one).
_HYPHEN_AFTER_CLOSING = regex.compile(r"(?:(?<=[)\]”])|(?<=\S\"))-(\p{L}+)")
# A word of five letters or more joined to a count of five digits or more, or grouped ("closer-40000
# years", "over-1,200 people"); designators and code pages have fewer ("flight-370", "windows-1252").
_HYPHEN_BEFORE_NUMBER = regex.compile(r"(?<![\p{L}\p{N}-])(\p{Ll}{5,})-(\d{5,}|\d{1,3}(?:,\d{3})+)(?=[ \t])")
# A word this frequent after a hyphen opens a clause ("research-a", "realized-this", "holes-when")
# rather than ending a compound ("break-even" 5.99, "feel-good" 6.12, "women-only" 6.12).
CLAUSE_WORD_ZIPF = Band.FUNCTION_WORD
# Particles that follow a verb in English hyphenated compounds ("built-in", "follow-up").
_COMPOUND_PARTICLES = frozenset({"in", "out", "up", "down", "off", "on", "over", "back", "by", "about", "away", "around", "through", "to", "for", "all", "one", "two", "three", "like", "time", "free", "based", "made", "term", "year", "day", "old", "new", "end", "side", "way", "level", "scale", "style"})
# A dash as sources and translations write it: em dashes (Chinese "——" is one), an en dash, two
# to four hyphens, or a hyphen with a space on each side.
_ANY_DASH = regex.compile(r"—+|―+|–|-{2,4}|(?<=\s)-(?=\s)")
# A hyphen with one space on each side, between letters or digits ("jung - ein", "long - term").
_SPACED_HYPHEN = regex.compile(r"(?<![\p{L}\p{N}-])([\p{L}\p{N}]+)[ \t]-[ \t]([\p{L}\p{N}]+)(?![\p{L}\p{N}-])")
# Two words (or a word and a count) joined by one hyphen ("realized-this", "hole-30").
_WORD_HYPHEN_WORD = regex.compile(r"(?<![\p{L}\p{N}-])(\p{L}{3,})-([\p{L}\p{N}]+)(?![\p{L}\p{N}-])")


# A character that every dash of `_ANY_DASH` holds.
_DASH_CHARACTER = re.compile("[—―–-]")


def _dash_count(text: str, start: int = 0, end: int | None = None) -> int:
    """How many dashes (`_ANY_DASH`) `text[start:end]` holds; 0 without running the pattern when
    it holds no dash character (most sentences)."""
    end = len(text) if end is None else end
    return len(_ANY_DASH.findall(text, start, end)) if _DASH_CHARACTER.search(text, start, end) else 0


def _has_spaced_hyphen(text: str) -> bool:
    """False when `_SPACED_HYPHEN` cannot match in `text`: it needs a space or tab before a hyphen."""
    return " -" in text or "\t-" in text


def _pair_regions(ctx: CheckContext) -> list[tuple[int, int, str | None]]:
    """(start, end, source sentence) for each aligned part of the target; the whole text with the
    whole source (or None) when nothing is aligned."""
    if ctx.pairs:
        return [(p.target_start, p.target_end, p.source_text) for p in ctx.pairs]
    return [(0, len(ctx.text), ctx.source)]


def _dash_suggestion(ctx: CheckContext, before: str, after: str) -> str:
    """The language's dash, with the spaces that `before` and `after` (the text around) lack."""
    return ("" if before[-1:].isspace() else " ") + ctx.language.dash + ("" if after[:1].isspace() else " ")


def _split_compound(ctx: CheckContext, match: regex.Match[str], source_dashes: int) -> bool:
    """True when the spaced hyphen of `match` splits a compound the dictionary knows and the
    source sentence has no dash it could stand for."""
    left, right = match.group(1), match.group(2)
    return not source_dashes and left.isalpha() and right.isalpha() and bool(ctx.lexicon.accepts(f"{left}-{right}", ignore_case=True))


def _projected_dashes(ctx: CheckContext, flagged: set[int]) -> Iterator[Finding]:
    """Dashes of the source that the translation wrote as a hyphen, and spaced hyphens typed for
    a dash where the house style wants typeset dashes.

    For each aligned sentence: where the source has more dashes than the target, the target's
    word–word hyphens that form no compound the dictionary knows are the missing dashes, the
    ones before the most frequent words first (a clause opens after a dash), as many as are
    missing. With `dash-style = "typeset"`, a spaced hyphen between letters that is no split
    compound (`_split_compound`) is a dash typed as a hyphen."""
    if not ctx.spaced_hyphen_dashes and not (ctx.source and _DASH_CHARACTER.search(ctx.source)):
        return  # no dash in the source to project (its aligned sentences are pieces of it): most documents
    text, lex = ctx.text, ctx.lexicon
    for start, end, source in _pair_regions(ctx):
        source_dashes = _dash_count(source) if source else 0
        missing = source_dashes - _dash_count(text, start, end) if source_dashes else 0
        for match in _SPACED_HYPHEN.finditer(text, start, end) if ctx.spaced_hyphen_dashes else ():
            hyphen = match.start() + len(match.group(1)) + 1
            if not _split_compound(ctx, match, source_dashes) and hyphen not in flagged:
                flagged.add(hyphen)
                yield ctx.finding(dash.rule, hyphen, hyphen + 1, "Hyphen typed for a dash.", [ctx.language.dash], confidence=0.6)
        if missing <= 0 or source is None:
            continue
        candidates = []
        for match in _WORD_HYPHEN_WORD.finditer(text, start, end):
            left, right = match.group(1), match.group(2)
            hyphen = match.start() + len(left)
            if hyphen in flagged or match.group().casefold() in source.casefold() or (left[:1].isupper() and right[:1].isupper()):
                continue
            if right.isalpha() and (lex.accepts(match.group(), ignore_case=True) is not False or (ctx.language.capitalises_nouns and right[:1].isupper())):
                continue  # a compound the dictionary knows (or no dictionary); a German compound's noun head
            if right.isdigit() and not left.islower():
                continue  # "COVID-19", "Boeing-747": designators
            candidates.append((-lex.zipf(right), hyphen, match.group()))
        for _rank, hyphen, word in sorted(candidates)[:missing]:
            flagged.add(hyphen)
            message = f"The source has a dash here; “{word}” is no compound."
            yield ctx.finding(dash.rule, hyphen, hyphen + 1, message, [_dash_suggestion(ctx, "", "")], confidence=0.6)


@check(
    "typography.dash",
    "fluency/punctuation",
    Severity.MINOR,
    examples=(
        fires("It was the result of my research-a simple calculation.", "-", " — "),
        passes("It was a well-known result of my research.", "a hyphenated compound"),
        fires("The black holes will not escape-leaving a shadow.", "-", " — ", source="黑洞不会逃逸——留下阴影。", source_lang="zh", hunspell=True),
        passes("The objects will be free-falling forever.", "the dictionary knows “free-falling”", source="物体将永远自由下落——永远。", source_lang="zh", hunspell=True),
        passes("It was closer - we think.", "English publications tolerate a spaced hyphen for a dash", source="更近了——我们认为。", source_lang="zh"),
        passes("Das Eis ist sehr jung - ein paar tausend Jahre alt.", "a spaced hyphen is tolerated unless dash-style = \"typeset\"", lang="de", source="The ice is very young -- a few thousand years old.", source_lang="en"),
        fires("Jede Einheit nimmt ihre Nachricht -- also negativ 120.", "--", "–", lang="de"),
        passes("Wir brauchen Eingangs-Tetraeder und Ausgangs-Tetraeder.", "German compounds with a hyphen", lang="de", source="We need input tetrahedra -- and output ones.", source_lang="en"),
    ),
)
def dash(ctx: CheckContext) -> Iterator[Finding]:
    """Hyphen used as a dash.

    **What it catches.** A double hyphen standing for a dash ("closer -- 40,000 years ago"), and,
    in English, a hyphen that joins two words which form no compound, where a dash was meant:
    "black holes-those that are", "my group-a simple calculation". With a source: a dash of the
    source sentence that the translation wrote as a hyphen ("escape-leaving" for "逃逸——留下").
    With `dash-style = "typeset"` (typeset copy, Duden's Gedankenstrich), also a spaced hyphen
    between words ("jung - ein paar"). By default a spaced hyphen is tolerated: news copy and
    professional annotators accept it in every language (on the German MQM talks, 5 of about 80
    were marked as errors).

    **Why it matters.** A hyphen makes a compound word; as a dash it misleads the reader about
    the structure of the sentence.

    **How it decides.** Two to four hyphens between words, unless the house style writes dashes
    that way (`dash-style = "double-hyphen"` in the configuration; `double_hyphen_dashes` in the
    API). A single hyphen after a closing
    bracket or quote before one of the language's most frequent words ('means "matter")-if
    you'), or between a common word of five letters or more and a count of five digits or more
    or with digit groups ("closer-40000 years"; not "flight-370", "windows-1252"). In English also a hyphen before one of the language's most
    frequent words (articles, pronouns, relative words) that is not a particle forming compounds
    ("built-in", "follow-up"), or before a capitalised word after a lower-case word of five
    letters or more ("experiments-Einstein"). Projected from the source: where the aligned
    source sentence has more dashes (—, ——, –, --, " - ") than the target, the target's
    word–word hyphens that the dictionary knows as no compound ("long-term" is one) are the
    missing dashes, those before the most frequent words first, no more than are missing; never
    a hyphen the source writes too, two capitalised parts (a name) or, in German, a hyphen
    before a capitalised noun (a compound).

    **Suggestion.** The language's dash with spaces: an em dash in English (house styles differ:
    " – " is also common), an en dash in German and French. The span is the hyphens alone, so
    the highlight shows exactly what to replace.
    """
    text = ctx.text
    flagged: set[int] = set()
    if "-" not in text:  # the patterns below all need a hyphen-minus; the source's dashes are projected still
        yield from _projected_dashes(ctx, flagged)
        return
    for match in () if ctx.double_hyphen_dashes else _DOUBLE_HYPHEN.finditer(text):
        # The span is the hyphens alone; the suggestion adds the spaces that are missing.
        flagged.add(match.start(2))
        yield ctx.finding(dash.rule, match.start(2), match.end(2), "Double hyphen used as a dash.", [_dash_suggestion(ctx, match.group(1), match.group(3))], confidence=0.8)
    for match in _HYPHEN_AFTER_CLOSING.finditer(text):
        word = match.group(1)
        if word.islower() and ctx.lexicon.zipf(word) >= CLAUSE_WORD_ZIPF:
            hyphen = match.start()
            flagged.add(hyphen)
            yield ctx.finding(dash.rule, hyphen, hyphen + 1, "A hyphen after a quotation or bracket stands for a dash.", [_dash_suggestion(ctx, "", "")], confidence=0.6)
    for match in _HYPHEN_BEFORE_NUMBER.finditer(text):
        if ctx.lexicon.zipf(match.group(1)) < Band.KNOWN:
            continue
        hyphen = match.end(1)
        flagged.add(hyphen)
        yield ctx.finding(dash.rule, hyphen, hyphen + 1, f"“{match.group()}” is no compound: a dash was probably meant.", [_dash_suggestion(ctx, "", "")], confidence=0.6)
    if ctx.lang == "en":
        for match in _HYPHEN_JOIN.finditer(text):
            left, right = match.group(1), match.group(2)
            if left[:1].isupper() and right[:1].isupper():
                continue
            compound_head = right in _COMPOUND_PARTICLES or (right.endswith("s") and right[:-1] in _COMPOUND_PARTICLES)
            frequent_right = right.islower() and ctx.lexicon.zipf(right) >= CLAUSE_WORD_ZIPF and not compound_head and ctx.lexicon.is_lowercase_word(right) is not False
            frequent_right = frequent_right and ctx.lexicon.zipf(left) < Band.VERY_FREQUENT and not left.isupper()
            capital_right = right[:1].isupper() and left.islower() and len(left) >= 5
            if not (frequent_right or capital_right):
                continue
            hyphen = match.start() + len(left)
            flagged.add(hyphen)
            yield ctx.finding(dash.rule, hyphen, hyphen + 1, f"“{left}-{right}” is no compound: a dash was probably meant.", [" — "], confidence=0.6)
    yield from _projected_dashes(ctx, flagged)


@check(
    "typography.split-compound",
    "fluency/punctuation",
    Severity.MINOR,
    examples=(
        fires("It is a long - term plan.", " - ", "-", hunspell=True),
        fires("Black holes hit space - time like a drum.", " - ", "-", source="黑洞像鼓一样敲击时空。", source_lang="zh", hunspell=True),
        passes("It was a long plan - term limits aside.", "“plan-term” is no word: a dash", hunspell=True),
        passes("It is a long - term plan.", "the source has a dash here: the translation's spaced hyphen stands for it", source="C'est un plan long — à terme.", source_lang="fr", hunspell=True),
    ),
)
def split_compound(ctx: CheckContext) -> Iterator[Finding]:
    """Hyphenated compound split by spaces.

    **What it catches.** "long - term", "space - time", "real - life": a compound the
    dictionary knows, written with a space on each side of its hyphen, as machine translation
    and careless tokenisation leave it.

    **Why it matters.** Spaced, the hyphen reads as a dash and breaks the phrase in two.

    **How it decides.** A hyphen with a space on each side between two words, where the
    dictionary accepts the words joined by the hyphen, and the aligned source sentence (if any)
    has no dash (a spaced hyphen projected from a source dash is `typography.dash`'s).

    **Suggestion.** The hyphen without the spaces: "long-term".
    """
    text = ctx.text
    if not _has_spaced_hyphen(text):
        return
    for start, end, source in _pair_regions(ctx):
        source_dashes = _dash_count(source) if source else 0
        for match in _SPACED_HYPHEN.finditer(text, start, end):
            if _split_compound(ctx, match, source_dashes):
                left, right = match.group(1), match.group(2)
                message = f"“{left} - {right}” is the compound “{left}-{right}” split by spaces."
                yield ctx.finding(split_compound.rule, match.end(1), match.start(2), message, ["-"], confidence=0.7)


CHECKS = (dash, split_compound)
