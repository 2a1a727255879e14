"""Checks on whole paragraphs of an article and its source: a source paragraph the translation left
out, and a target paragraph the source does not have.

Both read `CheckContext.paragraph_alignment`, computed once by the pipeline with the sentence pairs
(`mtaudit.align.align_document`): paragraphs are aligned first, by length and by the numbers and
names they share, then sentences within them. A paragraph split in two or two merged into one
are aligned as such, so neither is ever an omission or an addition here. When the paragraphs of
the two texts do not correspond (fewer than two thirds of either side find a partner, or one side
has a single paragraph), there is no paragraph alignment and these checks say nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.records import Finding, Severity

# The examples: a short French article in four paragraphs, and English translations of it.
_FR = [
    "Le conseil municipal de Rennes a voté mardi la construction d'une nouvelle ligne de tramway entre la gare et le campus de Beaulieu.",
    "Les travaux commenceront au printemps 2025 et dureront trois ans. Le chantier coûtera 310 millions d'euros, financés en partie par la région Bretagne.",
    "L'opposition, menée par Claire Morvan, a voté contre le projet. Elle juge le calendrier trop serré et demande une consultation des habitants du quartier.",
    "La première rame doit circuler en septembre 2028, selon la maire Nathalie Appéré.",
]
_EN = [
    "Rennes city council voted on Tuesday to build a new tram line between the station and the Beaulieu campus.",
    "Work will start in spring 2025 and last three years. The project will cost 310 million euros, partly paid for by the Brittany region.",
    "The opposition, led by Claire Morvan, voted against the project. It considers the timetable too tight and is asking for a consultation of local residents.",
    "The first tram is due to run in September 2028, according to mayor Nathalie Appéré.",
]
_ADDED = "Rennes, the capital of Brittany, has about 220,000 inhabitants and already runs two metro lines built by Siemens since 2002."
_SOURCE = "\n\n".join(_FR)


def _article(*parts: str) -> str:
    return "\n\n".join(parts)


def _quote(text: str, limit: int = 60) -> str:
    """The start of `text`, cut at a word boundary, for a message."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


@check(
    "source.missing-paragraph",
    "accuracy/omission",
    Severity.MAJOR,
    needs_source=True,
    examples=(
        fires(_article(_EN[0], _EN[1], _EN[3]), "", source=_SOURCE, source_lang="fr"),
        fires(_article(_EN[0], _EN[1], _EN[2]), "", source=_SOURCE, source_lang="fr"),
        passes(_article(*_EN), "every paragraph translated", source=_SOURCE, source_lang="fr"),
        passes(
            _article(_EN[0], _EN[1] + " " + _EN[2], _EN[3]),
            "two paragraphs merged into one: nothing is missing",
            source=_SOURCE,
            source_lang="fr",
        ),
    ),
)
def missing_paragraph(ctx: CheckContext) -> Iterator[Finding]:
    """A whole paragraph of the source has no translation.

    **What it catches.** A paragraph of the original article that the translated article does not
    have: dropped by a translator, lost when the CMS copied the text, or cut by an engine that
    stopped early.

    **Why it matters.** A missing paragraph reads fluently; without the source nobody notices that
    a quote, a figure or the other side of the story is gone.

    **How it decides.** The paragraphs of the source and of the translation are aligned first, by
    their lengths (Gale–Church) and the numbers and names they share; a source paragraph that pairs
    with no target paragraph is missing. A paragraph split in two, or two merged into one, pairs
    normally. Nothing is reported when the paragraphs of the two texts do not correspond as a whole.
    Several consecutive missing paragraphs are one finding.

    **Suggestion.** None. The finding is an insertion point (an empty span) where the paragraph
    belongs: at the start of the target paragraph that follows it (so its `location` in an HTML or
    Markdown file is that paragraph's first word), or at the end of the text when the last
    paragraph is missing; the message quotes the start of the missing source paragraph, the
    evidence holds its text.
    """
    alignment = ctx.paragraph_alignment
    if alignment is None or not alignment.unmatched_source or ctx.source is None:
        return
    source = ctx.source
    beads = alignment.beads
    index = 0
    while index < len(beads):
        if beads[index][1]:
            index += 1
            continue
        first = index
        missing: list[int] = []
        while index < len(beads) and not beads[index][1]:  # a run of missing paragraphs: one finding
            missing.extend(beads[index][0])
            index += 1
        before = next((t for _s, t in reversed(beads[:first]) if t), None)
        after = next((t for _s, t in beads[index:] if t), None)
        if after:
            point = alignment.target_paragraphs[after[0]][0]
        elif before:
            point = alignment.target_paragraphs[before[-1]][1]
        else:
            continue
        texts = [source[slice(*alignment.source_paragraphs[i])] for i in missing]
        what = f"{len(missing)} source paragraphs have" if len(missing) > 1 else "A source paragraph has"
        yield ctx.finding(
            missing_paragraph.rule,
            point,
            point,
            f"{what} no translation here: “{_quote(texts[0])}”",
            confidence=0.7,
            insertion=True,
            evidence={"source_paragraphs": [i + 1 for i in missing], "source_text": [text[:500] for text in texts]},
        )


@check(
    "source.added-paragraph",
    "accuracy/addition",
    Severity.MINOR,
    needs_source=True,
    examples=(
        fires(_article(_EN[0], _ADDED, _EN[1], _EN[2], _EN[3]), _ADDED, source=_SOURCE, source_lang="fr"),
        passes(_article(*_EN), "every paragraph has its source", source=_SOURCE, source_lang="fr"),
        passes(
            _article(_EN[0], "Work will start in spring 2025 and last three years.",
                     "The project will cost 310 million euros, partly paid for by the Brittany region.", _EN[2], _EN[3]),
            "a paragraph split in two: nothing is added",
            source=_SOURCE,
            source_lang="fr",
        ),
    ),
)
def added_paragraph(ctx: CheckContext) -> Iterator[Finding]:
    """A whole paragraph of the translation has no source.

    **What it catches.** A paragraph of the translated article that the original does not have: an
    explanation added for the new readers, a paragraph pasted from another article or another
    version, an editor's update that the source never had.

    **Why it matters.** Additions may be legitimate (localisation often adds background), so this
    is minor; but text that nobody translated was also never checked against the original, and a
    paragraph pasted from elsewhere misinforms.

    **How it decides.** The paragraphs are aligned as for `source.missing-paragraph`; a target
    paragraph that pairs with no source paragraph is added. A paragraph split in two, or two merged
    into one, pairs normally.

    **Suggestion.** None: check the paragraph with the editor, or remove it. The finding covers the
    whole added paragraph, not its first sentence: all of it is what was added, and removing it is
    the edit.
    """
    alignment = ctx.paragraph_alignment
    if alignment is None:
        return
    for index in alignment.unmatched_target:
        start, end = alignment.target_paragraphs[index]
        yield ctx.finding(
            added_paragraph.rule,
            start,
            end,
            "This paragraph has no counterpart in the source: check that the addition is meant.",
            confidence=0.55,
            evidence={"paragraph": index + 1},
        )


CHECKS = (missing_paragraph, added_paragraph)
