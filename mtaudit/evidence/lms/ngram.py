"""The `ngram` language model: word probabilities from data that installed packages ship, plus a
case- and punctuation-aware layer derived from general principles. Needs no download.

Data (nothing here is a hand-made word list):

- **Unigrams**: wordfreq's frequencies (`wordlist="best"`, 40+ languages), through
  `mtaudit.lexicon`. They are lower-cased and punctuation-free.
- **Bigrams** (English only): the 243,342 most frequent word bigrams of the Google Books Ngram
  corpus that `symspellpy` ships (`frequency_bigramdictionary_en_243_342.txt`, MIT), with the
  unigram counts of the same corpus (`frequency_dictionary_en_82_765.txt`, scaled to the bigram
  total, and at least the sum of the context's listed bigrams) as denominators.
  Used when symspellpy is installed (`pip install symspellpy`); otherwise the model is unigram.
  P(w | v) = λ·c(v w)/c(v) + (1−λ)·P_wordfreq(w), λ = 0.5 when v has bigram data, else 0 (the
  truncated list makes a missing bigram a soft penalty, not a zero).

The layer on top scores what the lower-cased data cannot see, as probabilities of events:

- **Gaps between words.** Each gap holds no punctuation (p 0.80), a comma (0.08), a sentence end
  `. ! ? …` (0.06) or other punctuation (0.02 per mark). These are the usual rates of running
  English prose (about one comma per 12 words, one sentence per 17–20). A sentence end resets the
  bigram context. A space before `, . ; : ! ?` or no space after `, ; :` before a word costs
  extra, as typography says.
- **Case.** At a sentence start a capital is expected (p 0.97). Mid-sentence, the probability
  that a word is capitalised is its probability of being a name: from the Hunspell dictionary
  when one is installed (capitalised entries only → 0.95, lower case only → at most 0.02),
  otherwise (and when it lists both, as "He"/"he" for helium) from frequency — the most frequent
  words (Zipf ≥ 6.5: articles, pronouns, conjunctions) are almost never names (0.001), rare words
  often are (Zipf ≤ 3: 0.5), log-linear in between (Zipf 5: 0.1). After a colon or an opening quote either case is fine. All capitals: an acronym when
  the word is rare (0.3), a shouted common word otherwise (0.02).
- Unknown words get a small floor probability (3·10⁻⁹), numbers a class probability (10⁻³).

Each token's log-probability (natural log) is reported with its offsets: words carry their word,
case and (empty) gap terms; punctuation marks carry their gap terms.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import regex

from mtaudit.evidence.lms.base import LanguageModel, TokenScore
from mtaudit.lexicon import lexicon

_TOKEN = regex.compile(r"(?P<word>[\p{L}\p{M}\p{N}]+(?:(?:['’\-]|(?<=\p{N})[.,](?=\p{N}))[\p{L}\p{M}\p{N}]+)*)|(?P<punct>\.{2,}|[^\s\p{L}\p{M}\p{N}])")

_PARTS = regex.compile(r"['’\-]")

P_NONE = 0.80
P_COMMA = 0.08
P_END = 0.06
P_OTHER = 0.02
P_START_CAP = 0.97
P_OOV = 3e-9
P_NUMBER = 1e-3
BIGRAM_WEIGHT = 0.5
UNSEGMENTED = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})
SENTENCE_END = frozenset(".!?…。！？") | {"..."}
OPENERS = frozenset(":«“\"'‘([{¿¡—–")
NO_SPACE_BEFORE = frozenset(",.;:!?…")


@lru_cache(maxsize=4)
def bigram_data(lang: str) -> tuple[dict[str, int], dict[str, int]] | None:
    """(bigram counts "v w" → count, unigram counts) for `lang`, or None when no package ships them."""
    if lang != "en":
        return None
    try:
        import importlib.resources as resources

        folder = resources.files("symspellpy")
        bigram_text = (folder / "frequency_bigramdictionary_en_243_342.txt").read_text(encoding="utf-8")
        unigram_text = (folder / "frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8")
    except (ImportError, OSError):
        return None
    bigrams: dict[str, int] = {}
    for line in bigram_text.splitlines():
        parts = line.split(" ")
        if len(parts) == 3:
            bigrams[f"{parts[0]} {parts[1]}"] = int(parts[2])
    unigrams: dict[str, int] = {}
    for line in unigram_text.splitlines():
        parts = line.split(" ")
        if len(parts) == 2:
            unigrams[parts[0]] = int(parts[1])
    # The two files count different slices of the corpus: scale the unigram counts to the bigram
    # total, and never let a context's bigrams sum to more than its count (P(w | v) ≤ 1).
    scale = sum(bigrams.values()) / max(1, sum(unigrams.values()))
    outgoing: dict[str, int] = {}
    for key, count in bigrams.items():
        first = key.split(" ", 1)[0]
        outgoing[first] = outgoing.get(first, 0) + count
    contexts = {word: max(round(count * scale), outgoing.get(word, 0)) for word, count in unigrams.items()}
    return bigrams, contexts


def data_description(lang: str) -> str:
    """What the model uses for `lang` (recorded as the model id in reports)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        base = f"wordfreq-{version('wordfreq')}"
    except PackageNotFoundError:  # pragma: no cover
        base = "wordfreq"
    return base + ("+symspellpy-bigrams" if bigram_data(lang) is not None else "")


def frequency_capital_prior(zipf: float) -> float:
    """P(capitalised mid-sentence) from frequency alone: log-linear through (Zipf ≤ 3: 0.5),
    (5: 0.1) and (≥ 6.5: 0.001). The most frequent words are function words, never names."""
    if zipf <= 0 or zipf <= 3:
        return 0.5
    if zipf <= 5:
        return 10 ** (math.log10(0.5) + (zipf - 3) / 2 * (math.log10(0.1) - math.log10(0.5)))
    return 10 ** (math.log10(0.1) + min(zipf - 5, 1.5) / 1.5 * (math.log10(0.001) - math.log10(0.1)))


def capital_probability(word: str, lang: str) -> float:
    """Probability that `word` is written capitalised in mid-sentence (that it is a name)."""
    lex = lexicon(lang)
    prior = frequency_capital_prior(lex.zipf(word))
    forms = lex.case_forms(word)
    if forms:
        lower = any(f.islower() for f in forms)
        upper = any(not f.islower() for f in forms)
        if upper and not lower:
            return 0.95
        if lower and not upper:
            return min(0.02, prior)
    return prior


def shape(word: str) -> str:
    """'lower', 'capital', 'upper', 'mixed' or 'none' (no cased letters)."""
    letters = [c for c in word if c.isalpha() and (c.isupper() or c.islower())]
    if not letters:
        return "none"
    if all(c.islower() for c in letters):
        return "lower"
    if all(c.isupper() for c in letters):
        return "capital" if len(letters) == 1 else "upper"
    if letters[0].isupper() and all(c.islower() for c in letters[1:]):
        return "capital"
    return "mixed"


class NgramLM(LanguageModel):
    """Word bigram/unigram model with case and punctuation layers (see the module docstring)."""

    engine = "ngram"
    cacheable = False

    def supports(self, lang: str) -> bool:
        """Languages with wordfreq data that separate words with spaces."""
        return lang not in UNSEGMENTED and lexicon(lang).has_frequencies

    def model_id(self) -> str:
        return data_description("en")

    def params(self) -> dict[str, Any]:
        return {"lambda": BIGRAM_WEIGHT}

    def score(self, texts: list[str], lang: str) -> list[list[TokenScore]]:
        return [self.score_one(text, lang) for text in texts]

    def word_logprob(self, word: str, previous: str | None, lang: str) -> float:
        """log P(word | previous word), lower-cased; `previous` None at a sentence start."""
        if any(c.isdigit() for c in word) and not any(c.isalpha() for c in word):
            return math.log(P_NUMBER)
        lower = word.lower()
        zipf = lexicon(lang).zipf(lower)
        unigram = 10 ** (zipf - 9) if zipf > 0 else P_OOV
        data = bigram_data(lang)
        if data is None or previous is None:
            return math.log(unigram)
        bigrams, unigrams = data
        context = unigrams.get(previous)
        if not context:
            return math.log(unigram)
        conditional = bigrams.get(f"{previous} {lower}", 0) / context
        return math.log(BIGRAM_WEIGHT * conditional + (1 - BIGRAM_WEIGHT) * unigram)

    def case_logprob(self, word: str, at_start: bool, after_opener: bool, lang: str) -> float:
        """log P(the word's capitalisation | its position)."""
        kind = shape(word)
        if kind == "none":
            return 0.0
        if kind == "upper":
            return math.log(0.02 if lexicon(lang).zipf(word) >= 3 else 0.3)
        if kind == "mixed":
            return math.log(0.05)
        if at_start:
            return math.log(P_START_CAP if kind == "capital" else 1 - P_START_CAP)
        cap = capital_probability(word, lang)
        if after_opener:
            cap = max(cap, 0.5)
        return math.log(cap if kind == "capital" else 1 - cap)

    def compound_logprob(self, word: str, previous: str | None, at_start: bool, after_opener: bool, lang: str) -> tuple[float, str]:
        """log P(word, its case | previous word) and the context for the next word.

        A hyphenated or apostrophised word that the data does not list whole ("Russian-backed",
        "mid-December", "Jean-Yves", "Macron's") is scored by its parts, each given the one
        before it and cased on its own, so that it costs what its words cost rather than the
        unknown-word floor. An English possessive "'s" is one more part."""
        parts = [p for p in _PARTS.split(word) if p]
        if len(parts) < 2 or lexicon(lang).zipf(word.lower()) > 0:
            logp = self.word_logprob(word, previous, lang) + self.case_logprob(word, at_start, after_opener, lang)
            return logp, word.lower()
        logp = 0.0
        for index, part in enumerate(parts):
            logp += self.word_logprob(part, previous, lang)
            logp += self.case_logprob(part, at_start and index == 0, after_opener and index == 0, lang)
            previous = part.lower()
        return logp, parts[-1].lower()

    def score_one(self, text: str, lang: str) -> list[TokenScore]:
        """Per-token log-probabilities of one text."""
        out: list[TokenScore] = []
        previous: str | None = None
        at_start = True
        after_opener = False
        gap_marks: list[tuple[int, int, str]] = []
        last_end = 0
        seen_word = False
        for match in _TOKEN.finditer(text):
            if match.group("punct") is not None:
                gap_marks.append((match.start(), match.end(), match.group()))
                continue
            word = match.group()
            gap_logp = 0.0
            if seen_word or gap_marks:
                ended = False
                comma_seen = False
                for start, end, mark in gap_marks:
                    if mark in SENTENCE_END and not ended:
                        logp = math.log(P_END)
                        ended = True
                    elif mark == "," and not comma_seen and not ended:
                        logp = math.log(P_COMMA)
                        comma_seen = True
                    else:
                        logp = math.log(P_OTHER)
                    if mark in NO_SPACE_BEFORE and start > 0 and text[start - 1].isspace() and start - 1 >= last_end:
                        logp += math.log(0.05)
                    if mark in ",;:" and end == match.start():
                        logp += math.log(0.1)
                    out.append(TokenScore(start, end, logp))
                if not gap_marks:
                    gap_logp = math.log(P_NONE)
                if ended:
                    at_start, previous = True, None
                after_opener = bool(gap_marks) and gap_marks[-1][2] in OPENERS
            logp, previous = self.compound_logprob(word, previous, at_start, after_opener, lang)
            out.append(TokenScore(match.start(), match.end(), gap_logp + logp))
            at_start = False
            seen_word = True
            last_end = match.end()
            gap_marks = []
        for start, end, mark in gap_marks:  # trailing punctuation
            logp = math.log(P_END) if mark in SENTENCE_END else math.log(P_OTHER)
            if mark in NO_SPACE_BEFORE and start > 0 and text[start - 1].isspace():
                logp += math.log(0.05)
            out.append(TokenScore(start, end, logp))
            if mark in SENTENCE_END:
                break
        out.sort(key=lambda s: s.start)
        return out
