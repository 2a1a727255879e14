"""Checks that compare the translation with its source, aligned sentence pair by sentence pair.

What must survive translation unchanged whatever the languages: numbers (in the target locale's
format), dates, amounts, percentages, URLs, e-mail addresses and @handles. Each aligned pair's
"entities" are extracted on both sides by the locale-aware parser of `mtaudit.quantities`,
matched (`CheckContext.source_entities`), and what is left over on either side becomes a
finding. A value that moved to a neighbouring sentence is not reported. Copies and length ratios
of whole pairs are `pairs.py`'s.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.quantities import (
    LINK_KINDS,
    NUMBER_KINDS,
    WORD_RUN,
    Entity,
    expression_end,
    format_value,
    month_name,
    pair_changed_numbers,
)
from mtaudit.records import Finding, Severity


def _pair_up(source: list[Entity], target: list[Entity], kinds: frozenset[str]) -> list[tuple[Entity, Entity]]:
    """Leftover source and target entities of the same family, paired by relative order: the
    target one is the source one, changed."""
    src = [e for e in source if e.kind in kinds and e.flaggable]
    tgt = [e for e in target if e.kind in kinds and e.flaggable]
    if kinds == NUMBER_KINDS and src:
        # "十万年" → "ten thousand years": a large number written in words that is not the source's.
        tgt += [e for e in target if e.kind == "spelled" and e.value is not None and e.value >= 100 and len(WORD_RUN.findall(e.text)) >= 2]
    if not src or not tgt:
        return []
    if kinds == NUMBER_KINDS:
        return pair_changed_numbers(src, tgt)
    return list(zip(src, tgt, strict=False))


def _describe(entity: Entity) -> str:
    names = {"url": "URL", "email": "e-mail address", "handle": "handle", "month": "month", "percent": "percentage", "amount": "amount", "time": "time"}
    return names.get(entity.kind, "number")


@check(
    "source.number-mismatch",
    "accuracy/mistranslation",
    Severity.MAJOR,
    needs_source=True,
    examples=(
        fires("The budget reaches 1,520,000 euros.", "1,520,000", "1,250,000", source="Le budget atteint 1 250 000 euros.", source_lang="fr"),
        passes("The budget reaches 1,250,000 euros.", "the same number in English format", source="Le budget atteint 1 250 000 euros.", source_lang="fr"),
        passes("Die Eisberge ragten fast 60 Meter aus dem Wasser.", "200 feet converted to metres", source="The icebergs were almost 200 feet out of the water.", source_lang="en", lang="de"),
    ),
)
def number_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    """A number, date, amount or percentage of the source changed in the translation.

    **What it catches.** A value that the translation writes differently from its source sentence:
    "15 000 euros" translated as "1,500 euros", "le 3 mars" as "on May 3", "3,5 %" as "5.3%".

    **Why it matters.** Wrong figures are the most damaging translation errors: they read fluently
    and nobody notices them without the source.

    **How it decides.** Numbers are read the way each language writes them (decimal and group
    symbols and month names from CLDR: "1 000,50" in French is "1,000.50" in English; "4万" and
    "四万" are 40,000); scale words count ("1,5 milliard" = "1.5 billion"), numbers written in words
    ("sept" = "7") match; a measure converted between units (CLDR unit names: "200 feet" and "60
    Meter", within 12 %) is the same value. After the sentences are aligned, a value of the source that is found
    neither in the aligned target sentence nor in its neighbours, next to a value of the target
    that is not in the source, is reported as changed. Small values (up to ten) get low confidence.

    **Suggestion.** The source value in the target's number format and scale; a value below that
    scale is written in full over the scale word too ("250 000" replaces all of "1.5 million").
    """
    for item in ctx.explained_entities:
        for s, t in _pair_up(item.source, item.target, NUMBER_KINDS):
            in_scale = (s.value or Decimal(0)) * s.scale >= t.scale  # else "250 000" replaces all of "1.5 million"
            suggestion = format_value(s, ctx.lang, t, scale=t.scale if in_scale else 1)
            end = t.end if in_scale else expression_end(ctx.text, t, ctx.lang)
            small = s.small and t.small
            yield ctx.finding(
                number_mismatch.rule,
                t.start,
                end,
                f"The source says “{s.text}” here; the translation says “{ctx.text[t.start : end]}”.",
                [suggestion],
                confidence=0.5 if small else 0.85,
                severity=Severity.MINOR if small else None,
                evidence={"source": s.text, "source_sentence": item.pair.source_text[:300]},
            )
        for s, t in _pair_up(item.source, item.target, frozenset({"month"})):
            name = month_name(ctx.lang, int(next(iter(k for k in s.keys if k[0] == "m"))[1]))
            if name and not t.text[:1].isupper():
                name = name.lower()
            yield ctx.finding(
                number_mismatch.rule,
                t.start,
                t.end,
                f"The source date has “{s.text}”; the translation says “{t.text}”.",
                [name] if name else [],
                confidence=0.8,
                evidence={"source": s.text},
            )


@check(
    "source.link-mismatch",
    "accuracy/mistranslation",
    Severity.MAJOR,
    needs_source=True,
    examples=(
        fires("Write to info@festival.com.", "info@festival.com", "info@festival.fr", source="Écrivez à info@festival.fr.", source_lang="fr"),
        passes("Write to info@festival.fr.", "the same address", source="Écrivez à info@festival.fr.", source_lang="fr"),
    ),
)
def link_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    """A URL, e-mail address or @handle of the source changed in the translation.

    **What it catches.** An address that the translation rewrote: "www.exemple.fr/inscription"
    translated as "www.example.com/registration", "contact@ville.fr" as "contact@town.fr",
    "@MairieDeLyon" as "@LyonCityHall".

    **Why it matters.** A translated or mistyped address leads readers nowhere, or somewhere else.

    **How it decides.** URLs (scheme, "www." and trailing slash ignored), e-mail addresses and
    handles (case ignored) of each aligned sentence pair are compared; a source one missing from the
    target next to a target one missing from the source is reported as changed.

    **Suggestion.** The address exactly as in the source.
    """
    for item in ctx.source_entities:
        for s, t in _pair_up(item.source, item.target, LINK_KINDS):
            if s.kind != t.kind:
                continue
            yield ctx.finding(
                link_mismatch.rule,
                t.start,
                t.end,
                f"The source has the {_describe(s)} “{s.text}”; the translation changed it.",
                [s.text],
                confidence=0.85,
                evidence={"source": s.text},
            )


@check(
    "source.missing-entity",
    "accuracy/omission",
    Severity.MINOR,
    needs_source=True,
    examples=(
        fires("Register before 15 May.", "", source="Inscriptions sur www.exemple.fr avant le 15 mai.", source_lang="fr"),
        passes("Register on www.exemple.fr before 15 May.", "the link is there", source="Inscriptions sur www.exemple.fr avant le 15 mai.", source_lang="fr"),
        fires("It has two million parts.", "", source="Il compte 2,5 millions de pièces.", source_lang="fr"),
        passes("It has two and a half million parts.", "“two and a half million” is 2.5 million", source="Il compte 2,5 millions de pièces.", source_lang="fr"),
        passes("Es hat zweieinhalb Millionen Teile.", "“zweieinhalb Millionen” is 2.5 million", source="It has 2.5 million parts.", source_lang="en", lang="de"),
        passes("Es hat eine halbe Million Teile.", "“eine halbe Million” is 500,000", source="It has 500,000 parts.", source_lang="en", lang="de"),
        passes("Il compte deux millions et demi de pièces.", "“deux millions et demi” is 2.5 million", source="It has 2.5 million parts.", source_lang="en", lang="fr"),
        passes("The 1997 to 1998 season was long.", "“1997-98” is 1997 to 1998", source="La saison 1997-98 a été longue.", source_lang="fr"),
        passes("He paid 20 dollars, and she paid the same.", "one mention covers a repeat", source="Il a payé 20 dollars, et elle a payé 20 dollars.", source_lang="fr"),
    ),
)
def missing_entity(ctx: CheckContext) -> Iterator[Finding]:
    """A number, date, amount, URL, e-mail address or @handle of the source is missing.

    **What it catches.** A value of the source sentence that the translation left out:
    "La hausse atteint 3,5 % en 2012." translated as "The rise reached 3.5%." (the year is gone).

    **Why it matters.** Dropped figures, dates and addresses change what the text says, and readers
    cannot tell that something is missing.

    **How it decides.** After the sentences are aligned, a value of the source that is found neither
    in its target sentence nor in a neighbouring one (a value that moved is fine), in digits or in
    words ("two and a half million", "zweieinhalb", "deux millions et demi"), and not changed into
    another value (see `source.number-mismatch`), is missing. "1997–98" stands for 1997 and 1998; a
    value the source repeats is covered by one mention of it in the target.
    Small numbers (up to ten), often rendered as "a couple", "both" or "twice", are not reported, nor
    are numbers glued to letters ("G20", "A380") or months that are not part of a date.

    **Suggestion.** None. The finding is an insertion point with an empty span at the end of the
    target sentence (after its last word, before its final punctuation), never a span over the
    whole sentence; the missing value is in the message.
    """
    for item in ctx.explained_entities:
        if not item.source:
            continue  # nothing of the source left over (most sentences)
        changed = {id(s) for s, _t in _pair_up(item.source, item.target, NUMBER_KINDS)}
        changed |= {id(s) for s, _t in _pair_up(item.source, item.target, frozenset({"month"}))}
        changed |= {id(s) for s, t in _pair_up(item.source, item.target, LINK_KINDS) if s.kind == t.kind}
        missing = [s for s in item.source if s.flaggable and id(s) not in changed and not s.small]
        if not missing:
            continue
        names = ", ".join(f"“{s.text}”" for s in missing)
        point = ctx.insertion_point(item.pair.target_start, item.pair.target_end)
        yield ctx.finding(
            missing_entity.rule,
            point,
            point,
            f"The source has {names}, which the translation of this sentence leaves out.",
            confidence=0.6,
            insertion=True,
            evidence={"missing": [s.text for s in missing], "in_target_format": [format_value(s, ctx.lang) for s in missing if s.value is not None],
                      "source_sentence": item.pair.source_text[:300]},
        )


@check(
    "source.added-entity",
    "accuracy/addition",
    Severity.MINOR,
    needs_source=True,
    examples=(
        fires("The museum reopens on 12 June.", "12", source="Le musée rouvre en juin.", source_lang="fr"),
        passes("The museum reopens in June.", "nothing added", source="Le musée rouvre en juin.", source_lang="fr"),
        passes("The meeting was held in January 2024.", "Finnish “tammikuussa” (in January)", source="Kokous pidettiin tammikuussa 2024.", source_lang="fi"),
    ),
)
def added_entity(ctx: CheckContext) -> Iterator[Finding]:
    """A number, date, amount, URL, e-mail address or @handle that the source does not have.

    **What it catches.** A value in the translation that appears nowhere in the aligned source
    sentence or its neighbours: "The plan costs 40 million euros" where the source only says "Le
    plan coûte cher".

    **Why it matters.** Invented figures or addresses are hard to spot and mislead readers.

    **How it decides.** The reverse of `source.missing-entity`: target values not matched by a
    source value (in digits, in words, or in the source's own number format) and not reported as
    changed. Small numbers (up to ten) and numbers glued to letters are not reported.

    **Suggestion.** None: check the value against the source, or remove it.
    """
    for item in ctx.explained_entities:
        if not item.target or not item.pair.source_text.strip():
            continue  # nothing of the target left over (most sentences), or no source sentence
        changed = {id(t) for _s, t in _pair_up(item.source, item.target, NUMBER_KINDS)}
        changed |= {id(t) for _s, t in _pair_up(item.source, item.target, frozenset({"month"}))}
        changed |= {id(t) for s, t in _pair_up(item.source, item.target, LINK_KINDS) if s.kind == t.kind}
        for t in item.target:
            if not t.flaggable or id(t) in changed or t.small:
                continue
            yield ctx.finding(
                added_entity.rule,
                t.start,
                t.end,
                f"The {_describe(t)} “{t.text}” is not in the source sentence.",
                confidence=0.55,
                evidence={"source_sentence": item.pair.source_text[:300]},
            )


CHECKS = (number_mismatch, link_mismatch, missing_entity, added_entity)
