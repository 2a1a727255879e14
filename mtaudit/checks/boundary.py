"""Sentence-boundary checks: breaks that machine translation lost, and sentences left open."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from mtaudit.breaks import elided_capitals, projected_breaks
from mtaudit.capitals import can_end_sentence
from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.language import COMBINES_WITH_SUBORDINATOR, SUBORDINATORS, Band
from mtaudit.records import Finding, Severity
from mtaudit.segment import Token

# A sentence at least this long that ends without final punctuation is not a heading or a label.
MIN_WORDS_FOR_FINAL_PUNCTUATION = 10
FINAL_PUNCTUATION = ".!?…:;\"'”’»)]*"
# A word and the lower-case word after it (a lookahead, so that every pair of neighbours is seen).
_WORD_THEN_WORD = regex.compile(r"(?<![\p{L}\p{M}])(\p{L}[\p{L}\p{M}]*)[ \t]+(?=(\p{Ll}+)(?![\p{L}\p{M}]))")


@check(
    "boundary.run-on",
    "fluency/punctuation",
    Severity.MINOR,
    examples=(
        fires("He wrote on twitter He told reporters the talks failed.", "twitter He", "twitter. He"),
        passes("He wrote on twitter. He told reporters the talks failed.", "the full stop is there"),
        passes("He met the President of France in Paris.", "no sentence ends on “the”, and “President of France” is a name"),
        fires("Le PIB a stagné pendant le dernier trimestre L'économie allemande a ralenti.", "trimestre L'économie", "trimestre. L'économie", lang="fr", hunspell=True),
        passes("Le groupe cosmétique L'Oréal a publié hier ses résultats.", "“L'Oréal” is a name: the word after the apostrophe has a capital too", lang="fr", hunspell=True),
        fires(
            "Mr Arafat and Mr Peres came close to a peace deal Mr Blair's appearance will be keenly watched.",
            "deal Mr",
            "deal. Mr",
            source="M. Arafat et M. Peres ont failli conclure un accord de paix. La présence de M. Blair sera suivie de près.",
            source_lang="fr",
        ),
        passes(
            "Mr Arafat and Mr Peres came close to a peace deal, and Mr Blair's appearance will be keenly watched.",
            "the translation joined the two sentences with a comma and “and”",
            source="M. Arafat et M. Peres ont failli conclure un accord de paix. La présence de M. Blair sera suivie de près.",
            source_lang="fr",
        ),
        passes(
            "Mr Arafat and Mr Peres came close to a peace deal with Mr Blair's help on Monday.",
            "one sentence in the source too: a name after a word is no lost break",
            source="M. Arafat et M. Peres ont failli conclure un accord de paix avec l'aide de M. Blair lundi.",
            source_lang="fr",
        ),
    ),
)
def run_on(ctx: CheckContext) -> Iterator[Finding]:
    """Lost sentence boundary: a sentence runs on into the next one without punctuation.

    **What it catches.** A capitalised common word right after a word a sentence can end on, with
    no punctuation between them: "Mr. Zelensky wrote on twitter He told Mr Macron…". Machine
    translation leaves this where an embedded post, a link or a caption stood between two
    sentences and was dropped. With a source, also a capitalised name or article where the
    aligned source has a sentence break that the translation lacks ("a peace deal Mr Blair's
    appearance…" for "…un accord de paix. La présence de M. Blair…").

    **Why it matters.** The reader stumbles over two sentences fused into one, and the fused
    sentence can change meaning ("wrote on twitter he told…").

    **How it decides.** The same evidence as `case.mid-sentence-capital` says the capitalised word
    is a common word (dictionary, frequency, the document's own usage), and the word before it is
    not a function word ("in", "the", "of") that no sentence ends on. Capitals after a colon,
    quote or bracket and inside names and titles are left alone. An elided article or pronoun
    with a capital ("trimestre L'économie", "Qu'il") is a sentence start where the dictionary
    lists the elided form in lower case ("l'", "qu'"). With a source: when the aligned source
    sentences hold more sentences than the target sentences, each source break that lands on no
    target break is projected onto the target by its relative position; a capitalised word right
    after a word without punctuation, within a tenth of the target's length of that place, is
    where the break was lost, even when it is a name or starts a run of capitals ("deal Mr
    Blair", "trimestre Le PIB"); not the second of two names, a title in title case or a day
    name. In languages that capitalise nouns, only a word otherwise written in lower case ("Die",
    "Das", "Er") counts there, after any word ("…gesehen habe Ich": German clauses end on verbs).

    **Suggestion.** Ranked: insert a full stop (first when the capitalised word is a very frequent
    sentence opener such as a pronoun or article followed by a lower-case word, an elided article,
    or a break the source has), or lower-case the word.
    """
    text = ctx.text
    found: set[int] = set()
    for token, previous, evidence in ctx.stray_capitals:
        if not can_end_sentence(ctx, previous, token):
            continue
        following = text[token.end : token.end + 2]
        opener = ctx.lexicon.zipf(token.text) >= Band.SENTENCE_OPENER and following[:1] == " " and following[1:2].islower()
        found.add(token.start)
        yield _run_on_finding(ctx, previous, token, evidence * (0.9 if opener else 0.7), opener, {"zipf": ctx.lexicon.zipf(token.text)})
    for token, previous in elided_capitals(ctx):
        if token.start not in found:
            found.add(token.start)
            yield _run_on_finding(ctx, previous, token, 0.8, True, {"elided": True})
    for token, previous in projected_breaks(ctx):
        if token.start not in found:
            found.add(token.start)
            yield _run_on_finding(ctx, previous, token, 0.7, True, {"source_break": True})


def _run_on_finding(ctx: CheckContext, previous: Token, token: Token, confidence: float, stop_first: bool, evidence: dict[str, object]) -> Finding:
    """A `boundary.run-on` finding from the end of `previous` to `token`: a full stop or the word
    in lower case, the full stop first when `stop_first`."""
    gap = ctx.text[previous.end : token.start]
    full_stop = f"{previous.text}.{gap}{token.text}"
    lower = f"{previous.text}{gap}{token.text[:1].lower()}{token.text[1:]}" if not token.text[1:2].isupper() else full_stop
    return ctx.finding(
        run_on.rule,
        previous.start,
        token.end,
        f"“{token.text}” starts a new sentence without punctuation before it: a sentence break was probably lost.",
        [full_stop, lower] if stop_first else [lower, full_stop],
        confidence=confidence,
        evidence={**evidence, "previous": previous.text},
    )


@check(
    "boundary.missing-final-punctuation",
    "fluency/punctuation",
    Severity.MINOR,
    examples=(
        fires("The minister said that the talks would continue next week", "week", "week."),
        passes("The minister said the talks would continue next week", "nine words: under the ten-word minimum (a headline)"),
        passes("The minister said that the talks would continue “next week”", "a closing quote counts as punctuation"),
        passes("The minister said that the talks would continue next week", "the source ends without punctuation too",
               source="Le ministre a dit que les négociations continueraient la semaine prochaine", source_lang="fr"),
        fires("The minister said that the talks would continue next week", "week", "week.",
              source="Le ministre a dit que les négociations continueraient la semaine prochaine.", source_lang="fr"),
    ),
)
def missing_final_punctuation(ctx: CheckContext) -> Iterator[Finding]:
    """Sentence that ends without final punctuation.

    **What it catches.** The last sentence of a paragraph (or of a segment) that ends on a word,
    with no full stop, question mark or exclamation mark: a truncated translation, or a sentence
    whose end was merged into markup.

    **Why it matters.** It looks unfinished, and it often is: check that nothing was cut off.

    **How it decides.** Only sentences of ten words or more, so headlines, labels, list items and
    captions are left alone; a sentence that ends in a quote, a bracket or a colon counts as
    punctuated. With a source, a sentence whose aligned source sentence ends without punctuation
    too is left alone: the translation mirrors it.

    **Suggestion.** The last word followed by a full stop.
    """
    tokens = ctx.sentence_tokens
    # Target sentences whose aligned source sentence ends on a letter or digit as well.
    unpunctuated_sources = {pair.target_sentences[-1] for pair in ctx.pairs if pair.target_sentences and pair.source_text.rstrip()[-1:].isalnum()}
    for index, span in enumerate(ctx.sentences):
        is_last_of_paragraph = index + 1 == len(ctx.sentences) or ctx.sentences[index + 1].paragraph != span.paragraph
        if not is_last_of_paragraph or len(tokens[index]) < MIN_WORDS_FOR_FINAL_PUNCTUATION:
            continue
        if ctx.text[span.end - 1] in FINAL_PUNCTUATION or not ctx.text[span.end - 1].isalnum():
            continue
        last = tokens[index][-1]
        if last.end != span.end:
            continue
        if index in unpunctuated_sources:
            continue  # the source sentence ends without punctuation too: mirrored, not cut off
        yield ctx.finding(
            missing_final_punctuation.rule,
            last.start,
            last.end,
            "The sentence ends without final punctuation; check that nothing was cut off.",
            [last.text + "."],
            confidence=0.6,
        )


@check(
    "boundary.clause-comma",
    "fluency/punctuation",
    Severity.MINOR,
    examples=(
        fires("Man denkt leicht dass sie isoliert sind.", " dass", ", dass", lang="de"),
        fires("Er blieb zu Hause weil es regnete.", " weil", ", weil", lang="de"),
        passes("Man denkt leicht, dass sie isoliert sind.", "the comma is there", lang="de"),
        passes("Er ging, ohne dass es jemand merkte.", "“ohne dass” is one conjunction", lang="de"),
        passes("Sie ist nicht getrennt und dass alles verbunden ist.", "joined by “und”", lang="de"),
        passes("Sie tat so als ob nichts wäre.", "“als ob” is one conjunction", lang="de"),
    ),
)
def clause_comma(ctx: CheckContext) -> Iterator[Finding]:
    """Missing comma before a subordinate clause (German).

    **What it catches.** A subordinate clause opened by a conjunction without the comma German
    requires before it: "denkt man leicht dass sie", "zu Hause weil es regnete".

    **Why it matters.** German punctuation is grammatical: the comma marks where the main clause
    ends, and its absence is an error every German reader notices.

    **How it decides.** For languages with this rule (German): a conjunction that always opens a
    subordinate clause ("dass", "weil", "obwohl", "nachdem", "wenn", "ob"…; not "damit", also an adverb: "damit beginnen") right after a
    word, with no punctuation between, unless that word combines with it ("so dass", "als ob",
    "ohne dass", "auch wenn") or joins two clauses of the same kind ("und dass"). Relative
    pronouns (die, der, das) are articles too and are not judged.

    **Suggestion.** The conjunction with its comma (the span runs from the space before it).
    """
    subordinators = SUBORDINATORS.get(ctx.lang)
    if not subordinators:
        return
    combining = COMBINES_WITH_SUBORDINATOR[ctx.lang]
    text = ctx.text
    for match in _WORD_THEN_WORD.finditer(text):
        before, conjunction = match.group(1), match.group(2)
        if conjunction not in subordinators or before.lower() in combining or before.lower() in subordinators:
            continue
        gap = match.end(1)  # from the space where the comma belongs to the end of the conjunction
        message = f"A comma belongs before “{conjunction}”: it opens a subordinate clause."
        yield ctx.finding(clause_comma.rule, gap, match.end() + len(conjunction), message, [", " + conjunction], confidence=0.6)


CHECKS = (run_on, missing_final_punctuation, clause_comma)
