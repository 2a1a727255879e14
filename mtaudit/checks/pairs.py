"""Checks on whole aligned sentence pairs: a sentence copied from the source untranslated, and a
translation much shorter or longer than its source compared with the rest of the document."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator

import regex

from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.quantities import WORD_RUN
from mtaudit.records import Finding, Severity

_NORMALISE = regex.compile(r"[\p{P}\p{S}\s]+")
# A character that `_NORMALISE` keeps and that is not ASCII (a Chinese character, "é").
_KEPT_NON_ASCII = regex.compile(r"[^\p{P}\p{S}\s\x00-\x7f]")


def _cannot_be_copy(source: str, target: str) -> bool:
    """True when `source` cannot equal an ASCII `target` once both are normalised: it keeps a
    character that is not ASCII even in lower case. Found without normalising either: most pairs of
    an English target and a source in another script or with accents."""
    if not target.isascii():
        return False
    kept = _KEPT_NON_ASCII.search(source)
    return kept is not None and not kept.group().casefold().isascii()


@check(
    "source.untranslated-copy",
    "accuracy/untranslated",
    Severity.MAJOR,
    needs_source=True,
    examples=(
        fires(
            "Die Sitzung wurde auf Montag verschoben.", "Die Sitzung wurde auf Montag verschoben.", source="Die Sitzung wurde auf Montag verschoben.", source_lang="de"
        ),
        passes("Jean-Yves Le Drian.", "a name is the same in every language", source="Jean-Yves Le Drian.", source_lang="fr"),
    ),
)
def untranslated_copy(ctx: CheckContext) -> Iterator[Finding]:
    """A target sentence identical to its source sentence: it was not translated.

    **What it catches.** A sentence copied from the source unchanged, as engines do when they fail
    on a sentence or when a segment was skipped: "Le conseil municipal se réunira jeudi." left in
    French in an English text.

    **Why it matters.** Readers of the translation cannot read it.

    **How it decides.** The aligned source and target sentences are equal once case, punctuation
    and spacing are ignored, the source and target languages differ, and the sentence has at least
    three words of which at least two are lower-case words of three letters or more (so names,
    titles, numbers, codes and URLs, which are rightly copied, are left alone).

    **Suggestion.** None: translate the sentence.
    """
    if ctx.source_lang and ctx.source_lang.split("-")[0] == ctx.lang.split("-")[0]:
        return
    for pair in ctx.pairs:
        target = ctx.text[pair.target_start : pair.target_end]
        source = pair.source_text
        if _cannot_be_copy(source, target) or _NORMALISE.sub(" ", target).strip().casefold() != _NORMALISE.sub(" ", source).strip().casefold():
            continue
        words = WORD_RUN.findall(target)
        if len(words) < 3 or sum(1 for w in words if w.islower() and len(w) >= 3) < 2:
            continue
        yield ctx.finding(
            untranslated_copy.rule,
            pair.target_start,
            pair.target_end,
            "This sentence is identical to its source: it was not translated.",
            confidence=0.85,
            evidence={"source_lang": ctx.source_lang},
        )


# The length-ratio examples: a short article whose last sentence the translation cut short.
_SOURCE_ARTICLE = (
    "Le maire a présenté le nouveau plan de circulation mardi soir. "
    "Les voitures ne pourront plus entrer dans le centre historique le dimanche. "
    "Les commerçants craignent une baisse de leur chiffre d'affaires. "
    "Une navette gratuite reliera les parkings à la place principale. "
    "Le plan sera évalué au bout d'un an par un comité indépendant. "
    "Le maire a aussi annoncé la fermeture de la piscine municipale, qui doit être rénovée pendant deux ans, et l'ouverture d'un bassin provisoire dans le parc."
)
_FAITHFUL_ARTICLE = (
    "The mayor presented the new traffic plan on Tuesday evening. "
    "Cars will no longer be allowed into the historic centre on Sundays. "
    "Shopkeepers fear a drop in their turnover. "
    "A free shuttle will link the car parks to the main square. "
    "The plan will be assessed after one year by an independent committee. "
)
_TRUNCATED_ARTICLE = _FAITHFUL_ARTICLE + "The mayor also announced the closure of the pool."
_FAITHFUL_ARTICLE += (
    "The mayor also announced the closure of the municipal pool, which is to be renovated for two years, and the opening of a temporary pool in the park."
)
# Length-ratio outliers: at least this many pairs to calibrate, this many characters on the longer
# side, and a deviation from the document's median log-ratio beyond both of these.
MIN_PAIRS = 6
MIN_CHARS = 40
MIN_LOG_DEVIATION = math.log(2.2)
MAD_FACTOR = 5.0


@check(
    "source.length-ratio",
    "accuracy/omission",
    Severity.MINOR,
    needs_source=True,
    examples=(
        fires(
            _TRUNCATED_ARTICLE,
            "",
            source=_SOURCE_ARTICLE,
            source_lang="fr",
        ),
        passes(
            _FAITHFUL_ARTICLE,
            "every sentence about as long as the document's usual ratio",
            source=_SOURCE_ARTICLE,
            source_lang="fr",
        ),
    ),
)
def length_ratio(ctx: CheckContext) -> Iterator[Finding]:
    """A sentence far shorter or far longer than its source, compared with the rest of the document.

    **What it catches.** A translation that dropped half a sentence, a whole source sentence that
    has no translation (it is attached to its neighbour by the aligner), or a translation that
    added a passage the source does not have.

    **Why it matters.** Omissions and additions are accuracy errors that read fluently.

    **How it decides.** The length ratio of each aligned pair is compared with the document's own
    median ratio (languages differ in length; so do writers): only pairs whose ratio is more than
    2.2 times off and five median absolute deviations away, on sentences of 40 characters or more,
    in documents of at least six pairs, are reported, with low confidence. Shorter → omission,
    longer → addition.

    **Suggestion.** None: compare the sentence with its source. A shorter sentence is reported as
    an insertion point (an empty span after its last word), a longer one over the whole sentence.
    """
    pairs = [p for p in ctx.pairs if p.source_text.strip()]
    if len(pairs) < MIN_PAIRS:
        return
    ratios = [math.log((p.target_end - p.target_start + 10) / (len(p.source_text) + 10)) for p in pairs]
    median = statistics.median(ratios)
    mad = statistics.median(abs(r - median) for r in ratios) * 1.4826
    threshold = max(MIN_LOG_DEVIATION, MAD_FACTOR * mad)
    for pair, ratio in zip(pairs, ratios, strict=True):
        if max(pair.target_end - pair.target_start, len(pair.source_text)) < MIN_CHARS:
            continue
        deviation = ratio - median
        if abs(deviation) <= threshold:
            continue
        shorter = deviation < 0
        # Something absent is an insertion point at the sentence's end, something added a span.
        start = ctx.insertion_point(pair.target_start, pair.target_end) if shorter else pair.target_start
        yield ctx.finding(
            length_ratio.rule,
            start,
            start if shorter else pair.target_end,
            ("Much shorter than its source: part of the sentence may be missing."
             if shorter else "Much longer than its source: the translation may add something."),
            confidence=0.35,
            category="accuracy/omission" if shorter else "accuracy/addition",
            insertion=shorter,
            evidence={"ratio": round(math.exp(ratio), 2), "document_ratio": round(math.exp(median), 2), "source_sentence": pair.source_text[:300]},
        )


CHECKS = (untranslated_copy, length_ratio)
