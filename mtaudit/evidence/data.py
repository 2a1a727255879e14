"""The model evidence of one document, as plain data: what `mtaudit.evidence.gather` produces and
the `bt.*` / `lm.*` checks and the pipeline's `rank_suggestions` step read (`CheckContext.evidence`).

Nothing here runs a model, except through `Evidence.lm_totals`, the handle to the run's language
model that scores candidate texts (LM-Critic edits, fast-check suggestions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mtaudit.records import SentencePair
from mtaudit.segment import Token


@dataclass(frozen=True)
class Backtranslation:
    """An aligned sentence pair with its target translated back into the source language
    (`backtranslation`), the source translated forward when the engine can (`forward`), and the
    sacrebleu metrics of the back-translation against the source (`metrics`: chrf, bleu, ter)."""

    pair: SentencePair
    backtranslation: str
    forward: str | None
    metrics: dict[str, float]


@dataclass(frozen=True)
class RoundTrip:
    """A target sentence (document offsets `start:end`) translated into `pivot` (`pivot_text`)
    and back (`roundtrip`), with the metrics of the round trip against the sentence."""

    start: int
    end: int
    roundtrip: str
    pivot: str
    pivot_text: str
    metrics: dict[str, float]


@dataclass(frozen=True)
class ForcedToken:
    """One token of a given translation, scored by forced decoding: `target[start:end]`, its
    natural-log probability given the source and the tokens before it, and the model's own
    likeliest token at that position (`best`, as text, "" for an end of sentence or a special
    token) with its log-probability. Tokens with no characters (end of sentence) have start == end."""

    start: int
    end: int
    logprob: float
    best: str = ""
    best_logprob: float = 0.0


@dataclass(frozen=True)
class ForcedScore:
    """An aligned sentence pair scored by forced decoding: the target's tokens given the source
    under the forward model (document offsets), and the sentence means (nats per token) of the
    forward (target | source) and backward (source | target) scores, None when not available."""

    pair: SentencePair
    tokens: list[ForcedToken]
    forward: float | None
    backward: float | None


@dataclass(frozen=True)
class Unit:
    """A word or punctuation mark of the target with its LM surprisal (bits), document offsets."""

    start: int
    end: int
    bits: float
    sentence: int
    word: Token | None


@dataclass
class SentenceEvidence:
    """What the report shows per sentence: the back-translation (or pivot text), the scores
    (bt_*/fwd_chrf/roundtrip_*/lm_*), and each LM token's surprisal in document offsets."""

    backtranslation: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    token_surprisal: list[tuple[int, int, float]] = field(default_factory=list)


@dataclass
class Evidence:
    """All model evidence of one document. Empty lists and None mean "not gathered"."""

    backtranslations: list[Backtranslation] = field(default_factory=list)
    roundtrips: list[RoundTrip] = field(default_factory=list)
    # Words and marks with their LM surprisal, in text order; `surprisal_threshold` is the
    # run-wide line above which one is suspicious (None without a language model).
    units: list[Unit] = field(default_factory=list)
    surprisal_threshold: float | None = None
    # The run's robust spread of word surprisal (1.4826 × MAD, bits): the `lm.surprisal` check
    # sets its stricter line for findings without an edit from it.
    surprisal_spread: float = 0.0
    # The run's language model: total natural-log probability of each text (None without one).
    lm_totals: Callable[[list[str]], dict[str, float]] | None = None
    # The run's chrF lines for the `bt.*` checks ("bt", "align", "roundtrip"), from the
    # distribution of the run's own sentences; missing keys mean "too few sentences".
    chrf_lines: dict[str, float] = field(default_factory=dict)
    # Forced-decoding scores of aligned sentence pairs (`tm.*` checks), and the run-wide
    # surprisal line (bits) above which a target token is suspicious.
    forced: list[ForcedScore] = field(default_factory=list)
    tm_threshold: float | None = None
    # Per sentence index, for the report's segments.
    sentences: dict[int, SentenceEvidence] = field(default_factory=dict)

    def sentence(self, index: int) -> SentenceEvidence:
        """The evidence of sentence `index`, created empty on first use."""
        return self.sentences.setdefault(index, SentenceEvidence())
