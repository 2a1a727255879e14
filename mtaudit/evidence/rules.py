"""The rules that model evidence produces: ids, MQM categories, default severities, documentation.

They use the same `Rule` record as the fast checks, so `mtaudit rules`, `mtaudit explain` and the
reports document them in the same way. They have no check function: `mtaudit.evidence.findings`
emits them from back-translations and language-model scores.
"""

from __future__ import annotations

import inspect

from mtaudit.checks.base import Rule
from mtaudit.records import Severity


def _rule(rule_id: str, category: str, severity: Severity, doc: str, *, needs_source: bool = False, suggestion: str = "") -> Rule:
    text = inspect.cleandoc(doc)
    if suggestion and "**Suggestion.**" not in text:
        text += "\n\n**Suggestion.** " + suggestion
    return Rule(rule_id, category, severity, text, needs_source)


ROUNDTRIP_COLLAPSE = _rule(
    "bt.roundtrip-collapse",
    "accuracy/mistranslation",
    Severity.MINOR,
    """
    Sentence does not survive a round trip through another language (model evidence).

    **What it catches.** Without a source text, each target sentence is translated into a pivot
    language and back (`--deep`, `--translator`). When the round trip keeps little of the
    sentence (low chrF between the sentence and its round trip), the sentence is often garbled,
    ungrammatical or built on a mistranslated term that the engine cannot map back.

    **Why it matters.** It is the only accuracy signal available when no source is at hand.

    **Example.** "The meeting he was took place in Tuesday of the Council" comes back as "The
    meeting that took place on Tuesday of the Council was" (chrF 48): flagged.

    **How it decides.** sacrebleu chrF between the sentence and its round trip, below 35 for a
    sentence of at least four words; confidence grows as chrF falls. BLEU and TER are recorded
    in the segment scores. The round trip and the pivot text are shown as evidence.

    **Known false positives.** Idioms and names that the engine translates literally; short
    sentences. Treat it as a pointer, not a verdict.
    """,
    suggestion="None of its own: the round trip is shown as evidence; read the sentence against its meaning.",
)

OMISSION = _rule(
    "bt.omission",
    "accuracy/omission",
    Severity.MAJOR,
    """
    Source words are missing from the back-translation (model evidence).

    **What it catches.** The target sentence is translated back into the source language and the
    two are aligned word by word. Content words of the source that have no counterpart in the
    back-translation were probably dropped by the translation.

    **Why it matters.** Omissions read fluently, so readers and fluency checks do not notice them.

    **Example.** Source "Le ministre a démissionné hier soir à Paris", target "The minister
    resigned": back-translation "Le ministre a démissionné" lacks "hier soir à Paris".

    **How it decides.** Longest-common-subsequence alignment of the lower-cased words (with prefix
    matching for inflections); a run of lost content words (not among the most frequent words of
    the source language) is reported on the target word nearest to where it would belong.

    **Suggestion.** The forward translation of the source sentence, when a translator is available
    in that direction.
    """,
    needs_source=True,
)

ADDITION = _rule(
    "bt.addition",
    "accuracy/addition",
    Severity.MINOR,
    """
    The back-translation contains words that the source does not (model evidence).

    **What it catches.** Content words in the back-translation of a target sentence with no
    counterpart in its source sentence: the translation added something.

    **Why it matters.** Additions change the meaning while reading well.

    **Example.** Source "Il est parti", target "He left for good yesterday": back-translation
    "Il est parti pour de bon hier" adds "pour de bon hier".

    **How it decides.** The same alignment as `bt.omission`; a run of at least two added content
    words is mapped to the target words in the same relative position.

    **Known false positives.** Paraphrases of the back-translation engine. Confidence is low.
    """,
    needs_source=True,
    suggestion="Remove the added words when the source does not support them; the back-translation is shown as evidence.",
)

MISTRANSLATION = _rule(
    "bt.mistranslation",
    "accuracy/mistranslation",
    Severity.MAJOR,
    """
    Back-translation disagrees with the source, and a fresh translation reads differently (model evidence).

    **What it catches.** A target sentence whose back-translation is far from its source sentence
    (low chrF). When the source can also be translated forward, the parts of the target that
    differ from the forward translation are flagged and the forward translation of that part is
    suggested as the correction.

    **Why it matters.** Mistranslations are the most costly MQM errors.

    **Example.** Source "Le cours a chuté", target "The course fell": back-translation "Le parcours
    est tombé" (chrF 31); forward translation "The price fell" → suggestion "price".

    **How it decides.** chrF(back-translation, source) below 40 on a sentence of at least four
    words; differing blocks of at most six words between the target and the forward translation.
    """,
    needs_source=True,
    suggestion="The forward translation of the differing span, when a translator is available.",
)

SURPRISAL = _rule(
    "lm.surprisal",
    "fluency/grammar",
    Severity.MINOR,
    """
    Words the language model finds far less likely than the rest of the text (model evidence).

    **What it catches.** Tokens whose surprisal (−log₂ probability under the language model,
    `--lm`) is far above the run's distribution: typos, wrong capitals, missing sentence breaks,
    doubled words and garbled fragments. For each such span local edits are tried (change case,
    insert or remove punctuation, spelling neighbours, drop a repeated word, split or join words)
    and the best is proposed when it beats the original by a margin (LM-Critic, Yasunaga et al.
    2021).

    **Why it matters.** Disfluencies are what readers notice first in machine translation.

    **Example.** "wrote on twitter He told" → "wrote on twitter. He told" (the LM prefers the
    sentence break and the capital).

    **How it decides.** Surprisal above the median plus three robust standard deviations
    (1.4826 × MAD, at least 6 bits) of all words in the run — the run, not the document, so that
    one-sentence documents (JSONL segments) are judged against enough text. An edit must make the
    sentence at least e^2.5 ≈ 12 times likelier. Without a winning edit the word is still
    reported, with low confidence (0.1 plus 0.01 per bit above the threshold). The category follows the edit: spelling for case and spelling
    edits, punctuation for punctuation edits, grammar otherwise.

    **Known false positives.** Rare names and terms. The `ngram` model knows words, not names, so
    spelling edits are only tried on words it does not know or hardly knows, in lower case.
    """,
    suggestion="The best local edit (case, punctuation, spelling neighbour, repeated word, split or join) when the language model prefers it by a clear margin; otherwise none.",
)

EVIDENCE_RULES: tuple[Rule, ...] = (ROUNDTRIP_COLLAPSE, OMISSION, ADDITION, MISTRANSLATION, SURPRISAL)
