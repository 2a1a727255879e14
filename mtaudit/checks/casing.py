"""Case checks: a capital where no sentence starts, lower case where a sentence starts.

Whether a capitalised word is a name or a common word is decided from data in `mtaudit.capitals`
(shared with `boundary.run-on`); names written in lower case are `mtaudit.checks.names`'s.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from mtaudit.capitals import can_end_sentence, capitalised_function_words, title_case_runs
from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.language import SENTENCE_OPENERS, Band
from mtaudit.records import Finding, Severity
from mtaudit.segment import Token

# An abbreviation with inner stops ("EE.UU.", "e.g.", "U.S.") right before a sentence break.
_ABBREVIATION_BEFORE = regex.compile(r"(?<![\p{L}.])(?:\p{L}{1,3}\.){2,}[ \t]*\Z")
# A quotation closed by a full stop right before a lower-case word: '…this." he added'.
_QUOTE_CLOSED_BY_STOP = regex.compile(r"\.([\"”'’])([ \t]+)\Z")
# Marks that open the items of a list, which may start in lower case.
LIST_MARKERS = frozenset("-–—•*·")


@check(
    "case.mid-sentence-capital",
    "fluency/spelling",
    Severity.MINOR,
    examples=(
        # "That" after "statment" could start a sentence: boundary.run-on reports that one.
        fires("The office said on Saturday in A statment That Russia would leave.", "A", "a"),
        fires("They tried to defuse it with an Intensive interview.", "Intensive", "intensive", hunspell=True),
        passes("She works for the Tripartite Contact Group in Minsk.", "a run of capitals is a name"),
        passes("They met on Monday in Paris, the capital.", "days and places are names"),
        passes("The film opens at the Odeon cinema tonight.", "a rare word with a capital is taken for a name"),
        passes("Er sagte am Samstag in einer Erklärung, dass Russland abzieht.", "German capitalises every noun", lang="de"),
        fires("Er sagte am Samstag in einer Erklärung Dass Russland abzieht.", "Dass", "dass", lang="de", hunspell=True),
        passes("Wie Sie wissen, zieht Russland ab.", "“Sie” (you) is capitalised", lang="de", hunspell=True),
        fires("It set out to increase the Number Of People Employed in Europe.", "Number Of People Employed", "number of people employed", hunspell=True),
        passes("He watched the film Gone With The Wind again.", "the title of a work after a work noun", hunspell=True),
        passes("He works for the Organization for Security and Cooperation in Europe.", "a name writes its function words in lower case", hunspell=True),
        fires("Le ministre a dit dans Un Communiqué Que la Russie partirait.", "Un Communiqué Que", "un communiqué que", lang="fr", hunspell=True),
    ),
)
def mid_sentence_capital(ctx: CheckContext) -> Iterator[Finding]:
    """Capitalised common word in the middle of a sentence.

    **What it catches.** A common word written with a capital inside a sentence: "in A statment
    That", "to defuse it Intensive interview". Machine translation leaves these where link text,
    a headline or an embedded post was pasted into the running text.

    **Why it matters.** Readers see a typo at best; at worst the capital marks a lost sentence
    break or a fragment of another text (see `boundary.run-on` for the break itself).

    **How it decides.** A word is a common word when the language's Hunspell dictionary knows it
    only in lower case, or when it is very frequent (wordfreq) and also known in lower case, and
    the document never writes it capitalised elsewhere mid-sentence. A rare word (wordfreq Zipf
    below 3.5: "pinewood", "odeon") with a capital is taken for a name unless the document also
    writes it in lower case. Names, acronyms, "I", days, months, nationalities (the dictionary
    capitalises them), words inside a run of capitals ("Tripartite Contact Group", "the World at
    One") and words after a colon, quote or bracket are left alone. A very frequent word right
    after a name that no dictionary knows is no part of it ("TimeWarner Said sales rose").

    A run of two or more capitalised common words with a capitalised function word after its first
    word ("said in A Statement That Russia", "dans Un Communiqué Que") is link text or a headline
    pasted in title case and is reported as one span; the title of a work after a work noun ("the
    film Gone With The Wind") is not. German capitalises all nouns: there only a capitalised
    function word that the dictionary knows only in lower case ("in einer Erklärung Dass") is
    reported ("Sie", "you", is written with a capital).

    **Suggestion.** The word in lower case.
    """
    reported: list[tuple[int, int]] = []
    for first, last in title_case_runs(ctx):
        run = ctx.text[first.start : last.end]
        reported.append((first.start, last.end))
        yield ctx.finding(mid_sentence_capital.rule, first.start, last.end, f"“{run}” is in title case in mid-sentence: pasted link text or a headline.",
                          [run.lower()], confidence=0.6, evidence={"run": run})
    for token in capitalised_function_words(ctx):
        yield ctx.finding(mid_sentence_capital.rule, token.start, token.end, f"“{token.text}” is a function word: capitalised in mid-sentence, it marks pasted link text.",
                          [token.text.lower()], confidence=0.6, evidence=_case_evidence(ctx, token))
    for token, previous, evidence in ctx.stray_capitals:
        if can_end_sentence(ctx, previous, token) or any(s <= token.start < e for s, e in reported):
            continue  # reported as a lost sentence boundary by boundary.run-on, or in a run above
        yield ctx.finding(
            mid_sentence_capital.rule,
            token.start,
            token.end,
            f"“{token.text}” is capitalised in mid-sentence but is a common word here.",
            [token.text.lower()],
            confidence=evidence,
            evidence=_case_evidence(ctx, token),
        )


def _case_evidence(ctx: CheckContext, token: Token) -> dict[str, object]:
    return {"zipf": ctx.lexicon.zipf(token.text), "dictionary": sorted(ctx.lexicon.case_forms(token.text))}


@check(
    "case.sentence-start-lowercase",
    "fluency/spelling",
    Severity.MINOR,
    examples=(
        fires("It rained. the match went on.", "the", "The"),
        fires("(Laughter) you'd better run.", "you'd", "You'd"),
        passes("It rained, the match went on.", "no sentence ended"),
        passes("Items:\n- they fear the worst.", "a list item may start in lower case"),
        passes("It rained. iPhone sales went on.", "a word with inner capitals keeps its case"),
    ),
)
def sentence_start_lowercase(ctx: CheckContext) -> Iterator[Finding]:
    """Sentence that starts with a lower-case letter.

    **What it catches.** A sentence whose first word is in lower case: "Thank you. thank you all.",
    "(applause)", "(Laughter) you'd better run." Machine translation produces these when it
    translates subtitles, captions and fragments one by one.

    **Why it matters.** Readers take it for a typo; in a caption it looks careless.

    **How it decides.** The first word of a sentence (after opening quotes and brackets, and after
    a bracketed stage direction such as "(Laughter)") is all lower case and is a word of the
    language (known to the dictionary or frequent). Words written with inner capitals ("iPhone"),
    list items ("- they fear…"), lines that continue a sentence after a comma, colon, semicolon or
    a line break in mid-sentence (hard-wrapped text), words after an abbreviation with inner stops
    ("EE.UU. est": no sentence ended there), and documents that start most of their sentences in
    lower case (a deliberate style) are left alone.

    **Suggestion.** The word with a capital first letter; after a quotation closed by a full stop
    ('…this." he added') first the comma that was meant: '…this," he added'.
    """
    candidates = []
    starts = 0
    for sentence in ctx.sentence_tokens:
        if not sentence:
            continue
        starts += 1
        first = sentence[0]
        sentence_start = ctx.sentences[first.sentence].start
        head = ctx.text[sentence_start : first.start].strip()
        if _starts_with_stage_direction(ctx, sentence):
            # "(laughter) There's…" or "(Laughter) you'd…": check the direction and what follows
            token = first if first.text[:1].islower() else sentence[1]
        elif head and not set(head) <= SENTENCE_OPENERS:
            continue
        else:
            token = first
        letters = token.text.replace("'", "").replace("’", "")
        if not token.text[:1].islower() or not letters.isalpha() or token.text != token.text.lower():
            continue  # (most sentences: the tests below are dearer)
        if _continues_previous_line(ctx.text, sentence_start) or head[:1] in LIST_MARKERS:
            continue
        if _ABBREVIATION_BEFORE.search(ctx.text, max(0, sentence_start - 16), sentence_start):
            continue  # "des EE.UU. est…": the segmenter took an abbreviation's stop for a sentence end
        if ctx.lexicon.zipf(token.text) < Band.KNOWN and not ctx.lexicon.in_dictionary(token.text):
            continue
        candidates.append(token)
    if not candidates or (starts >= 5 and len(candidates) > 0.6 * starts):
        return  # a text that starts most sentences in lower case does so on purpose
    for token in candidates:
        capitalised = token.text[:1].upper() + token.text[1:]
        quote = _QUOTE_CLOSED_BY_STOP.search(ctx.text, max(0, token.start - 12), token.start)
        if quote:
            # '…this." he added': the full stop inside the quote was meant as a comma
            stop = quote.start()
            mark, gap = quote.group(1), quote.group(2)
            yield ctx.finding(
                sentence_start_lowercase.rule,
                stop,
                token.end,
                f"“{token.text}” goes on after the quotation, which a full stop closes.",
                [f",{mark}{gap}{token.text}", f".{mark}{gap}{capitalised}"],
                confidence=0.7,
            )
            continue
        yield ctx.finding(
            sentence_start_lowercase.rule,
            token.start,
            token.end,
            f"The sentence starts with “{token.text}” in lower case.",
            [capitalised],
            confidence=0.7,
        )


def _continues_previous_line(text: str, start: int) -> bool:
    """True when the text before `start` ends in "," ";" or ":" (a list or clause goes on), or
    ends a line in mid-sentence with one line break only (hard-wrapped text)."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0:
        return False
    if text[end - 1] in ",;:":
        return True
    return text[end - 1].isalnum() and text.count("\n", end, start) == 1


def _starts_with_stage_direction(ctx: CheckContext, sentence: list[Token]) -> bool:
    """True for "(Laughter) you'd …": a one-word bracketed sentence opener."""
    if len(sentence) < 2:
        return False
    start = ctx.sentences[sentence[0].sentence].start
    return ctx.text[start : sentence[0].start] == "(" and ctx.text[sentence[0].end : sentence[1].start].strip() == ")"


CHECKS = (mid_sentence_capital, sentence_start_lowercase)
