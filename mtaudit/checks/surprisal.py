"""The language-model check (model evidence): `lm.surprisal`, LM-Critic's local edits.

It reads `CheckContext.evidence` (token surprisal per word, the run-wide threshold and the
language model's scorer, gathered by `mtaudit.evidence.gather` under `--deep` or `--lm`) and finds
nothing when the run gathered none. Re-ranking other checks' suggestions by the same model is a
pipeline step (`mtaudit.rank`), not a check.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from mtaudit.checks.base import CheckContext, Finding, Severity, check
from mtaudit.evidence.data import Unit
from mtaudit.language import MAX_SEARCH_LENGTH
from mtaudit.lexicon import lexicon

EDIT_MARGIN = 2.5  # nats an edit must gain over the original (≈ 12× likelier)
# A word with no winning edit is reported only this many robust SDs above the edit threshold:
# without an edit the model's surprise is mostly a rare word, not an error. Fitted on the MQM
# TED zh→en development data by benchmarks/fit_thresholds.py (the smallest value keeping char
# precision at the fast checks' level and false findings per error-free segment ≤ 0.05).
WORD_ONLY_MADS = 1.0
# A capitalised word rarer than this in mid-sentence, never written in lower case in the
# document, is taken for a name (as the case checks do).
RARE_NAME_ZIPF = 3.5


@check("lm.surprisal", "fluency/grammar", Severity.MINOR, needs_evidence=True)
def surprisal(ctx: CheckContext) -> Iterator[Finding]:
    """Words the language model finds far less likely than the rest of the text (model evidence).

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

    **Suggestion.** The best local edit (case, punctuation, spelling neighbour, repeated word, split or join) when the language model prefers it by a clear margin; otherwise none.
    """
    evidence = ctx.evidence
    if evidence is None or evidence.lm_totals is None or evidence.surprisal_threshold is None:
        return
    threshold = evidence.surprisal_threshold
    suspects = []
    texts: list[str] = []
    word_only = threshold + WORD_ONLY_MADS * evidence.surprisal_spread
    for unit in evidence.units:
        if per_part_bits(ctx, unit) <= threshold or treated_as_name(ctx, unit):
            continue
        candidates = []
        for edit in local_edits(ctx, unit):
            region = ctx.sentence_region(edit.start, edit.end)
            candidate = ctx.edited(region, edit.start, edit.end, edit.replacement)
            candidates.append((edit, region, candidate))
            texts.extend([ctx.text[region[0] : region[1]], candidate])
        suspects.append((unit, candidates))
    totals = evidence.lm_totals(texts) if texts else {}
    for unit, candidates in suspects:
        best: tuple[float, Edit] | None = None
        for edit, region, candidate in candidates:
            gain = totals[candidate] - totals[ctx.text[region[0] : region[1]]]
            if best is None or gain > best[0]:
                best = (gain, edit)
        finding = surprisal_finding(ctx, unit, threshold, best, word_only)
        if finding is not None:
            yield finding


CHECKS = (surprisal,)


def per_part_bits(ctx: CheckContext, unit: Unit) -> float:
    """The unit's surprisal per part: a hyphenated or apostrophised word ("Russian-backed",
    "drum-like") is as surprising as its parts on average, not as their sum."""
    parts = [p for p in regex.split(r"['’\-]", ctx.text[unit.start : unit.end]) if p]
    return unit.bits / max(1, len(parts))


def treated_as_name(ctx: CheckContext, unit: Unit) -> bool:
    """True for a capitalised word that the source or the document treats as a name: it occurs
    as such in the source ("Jean-Yves" in a French source), or the case checks' evidence says it
    is a name here (capitalised elsewhere in mid-sentence, in this document or often in the
    run's other documents, a dictionary name, or a rare word
    capitalised in mid-sentence and never written in lower case). Such words
    are never `lm.surprisal` findings: a language model's surprise at a name says nothing about
    the translation."""
    token = unit.word
    if token is None or not token.text[:1].isupper():
        return False
    if ctx.source and regex.search(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(token.text)}(?![\p{{L}}\p{{N}}])", ctx.source):
        return True
    votes = ctx.mid_sentence_case_votes
    mid_sentence = token.index_in_sentence > 0 and not ctx.follows_opening(token)
    upper = votes.get(token.text, 0) - (1 if mid_sentence else 0)  # this occurrence excluded
    lower = votes.get(token.text.lower(), 0)
    if upper > 0 and upper >= lower:
        return True  # written capitalised elsewhere in mid-sentence
    corpus_upper = ctx.corpus_case_votes.get(token.text, 0) - votes.get(token.text, 0)
    corpus_lower = ctx.corpus_case_votes.get(token.text.lower(), 0) - lower
    if corpus_upper >= 3 and corpus_upper >= 0.3 * (corpus_upper + corpus_lower):
        return True  # other documents of the run write it capitalised in mid-sentence
    if ctx.lexicon.is_lowercase_word(token.text) is False:
        return True  # the dictionary knows it only capitalised
    return mid_sentence and lower == 0 and ctx.lexicon.zipf(token.text) < RARE_NAME_ZIPF


def _confidence(value: float) -> float:
    return max(0.05, min(0.95, value))  # kept between 0.05 and 0.95; `CheckContext.finding` rounds it


@dataclass(frozen=True)
class Edit:
    """Replace `text[start:end]` (document offsets) by `replacement`."""

    start: int
    end: int
    replacement: str
    kind: str  # "case" | "punctuation" | "spelling" | "repeat" | "split" | "join" | "suggestion"


def local_edits(ctx: CheckContext, unit: Unit) -> list[Edit]:
    """LM-Critic's local edits around one unit: case, punctuation, spelling neighbours, a repeated
    word dropped, a word split or two joined."""
    text = ctx.text
    edits: list[Edit] = []
    if unit.word is None:  # a punctuation mark: remove it
        start = unit.start
        while start > 0 and text[start - 1] == " ":
            start -= 1
        edits.append(Edit(start, unit.end, "", "punctuation"))
        return edits
    token = unit.word
    word = token.text
    sentence_words = ctx.sentence_tokens[token.sentence]
    position = token.index_in_sentence
    previous = sentence_words[position - 1] if position > 0 else None
    following = sentence_words[position + 1] if position + 1 < len(sentence_words) else None
    lower, capital = word.lower(), word[:1].upper() + word[1:].lower()
    for variant in (lower, capital):
        if variant != word:
            edits.append(Edit(token.start, token.end, variant, "case"))
    if previous is not None:
        gap = text[previous.end : token.start]
        if gap.strip() == "":  # insert a sentence break or a comma before the word
            edits.append(Edit(previous.start, token.end, f"{previous.text}. {capital}", "punctuation"))
            edits.append(Edit(previous.start, token.end, f"{previous.text}, {word}", "punctuation"))
        elif gap.strip() in {".", ",", ";", ":"}:  # one mark between the words (an ellipsis is left alone)
            edits.append(Edit(previous.start, token.end, f"{previous.text} {lower if position > 0 else word}", "punctuation"))
        if previous.text.lower() == lower and gap.strip() == "":
            edits.append(Edit(previous.end, token.end, "", "repeat"))
    lex = lexicon(ctx.lang)
    zipf = lex.zipf(word)
    if word.islower() and zipf < 3.0 and word.isalpha() and len(word) <= MAX_SEARCH_LENGTH:
        for neighbour in spelling_neighbours(lower, ctx.lang, max(3.0, zipf + 1.5)):
            edits.append(Edit(token.start, token.end, neighbour, "spelling"))
        for cut in range(2, len(word) - 1):
            left, right = word[:cut], word[cut:]
            if lex.zipf(left) >= 3.5 and lex.zipf(right) >= 3.5:
                edits.append(Edit(token.start, token.end, f"{left} {right}", "split"))
    if following is not None and text[token.end : following.start] == " ":
        joined = word + following.text
        if lex.zipf(joined) >= 3.5 and lex.zipf(joined) > min(zipf, lex.zipf(following.text)):
            edits.append(Edit(token.start, following.end, joined, "join"))
    return edits


def spelling_neighbours(word: str, lang: str, min_zipf: float, limit: int = 3) -> list[str]:
    """Known words one edit away from `word` (Norvig's edits1), at least `min_zipf`, most frequent first."""
    lex = lexicon(lang)
    letters = sorted({c for c in "abcdefghijklmnopqrstuvwxyz" + word if c.isalpha()})
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    candidates = {a + b[1:] for a, b in splits if b}
    candidates |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    candidates |= {a + c + b[1:] for a, b in splits if b for c in letters}
    candidates |= {a + c + b for a, b in splits for c in letters}
    candidates.discard(word)
    scored = [(lex.zipf(c), c) for c in candidates if len(c) > 1]
    return [c for z, c in sorted(scored, reverse=True) if z >= min_zipf][:limit]


def edit_category(kind: str) -> str:
    return {"case": "fluency/spelling", "spelling": "fluency/spelling", "punctuation": "fluency/punctuation", "split": "fluency/spelling", "join": "fluency/spelling"}.get(kind, "fluency/grammar")


def surprisal_finding(ctx: CheckContext, unit: Unit, threshold: float, best: tuple[float, Edit] | None, word_only: float | None = None) -> Finding | None:
    """`lm.surprisal` for a suspicious unit: with the best local edit when it wins by the margin,
    otherwise on the word alone, with low confidence, when it is above the stricter `word_only` line."""
    over = per_part_bits(ctx, unit) - (threshold if word_only is None else word_only)
    if best is not None and best[0] >= EDIT_MARGIN:
        gain, edit = best
        original = ctx.text[edit.start : edit.end]
        return ctx.finding(
            surprisal.rule,
            edit.start,
            edit.end,
            f"The language model finds “{original}” unlikely here ({unit.bits:.0f} bits); “{edit.replacement or '(nothing)'}” is "
            f"{math.exp(min(gain, 50)):.0f}× likelier.",
            [edit.replacement],
            confidence=_confidence(0.35 + 0.06 * gain),
            category=edit_category(edit.kind),
            evidence={"surprisal_bits": round(unit.bits, 2), "threshold_bits": round(threshold, 2), "lm_delta": round(gain, 2), "edit": edit.kind},
        )
    if over >= 0 and unit.word is not None:
        return ctx.finding(
            surprisal.rule,
            unit.start,
            unit.end,
            f"The language model finds “{ctx.text[unit.start:unit.end]}” very unlikely here ({unit.bits:.0f} bits).",
            [],
            confidence=_confidence(0.1 + over / 100),
            evidence={"surprisal_bits": round(unit.bits, 2), "threshold_bits": round(threshold, 2)},
        )
    return None
