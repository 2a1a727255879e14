"""Controlled perturbations of clean sentences, and how many of each kind the audit finds (issue 9).

Clean sentences come from two places that are read in place, never copied into the project:
the French–English news pairs (`newstest2012-fr-en-dev/pairs.jsonl`, English targets with their
French sources) and the edited English news (`clean-news-en-dev/**/*.txt`). One error of a known
kind is planted in code, with a seeded random generator, into each chosen sentence; each planted
error records its exact character span in the perturbed target and the MQM-like category it
belongs to. The perturbed sentences and their unperturbed copies are audited with the public
command line (`python -m mtaudit audit FILE --format json`), and the table says, per kind:

- recall: the share of planted errors that a finding overlaps, counting only findings that the
  unperturbed copy does not already have on the same words (so a name that was flagged before the
  perturbation does not count as caught);
- category: the share caught by a finding of the expected category;
- the rules that caught them;

and, for the unperturbed copies, the false findings per sentence. Because nothing here was tuned
on, it checks a rule change on data it was not developed on:

    python benchmarks/perturb.py /tmp/perturb --seed 1 --n 100

The kinds of error (`TYPES`): a dropped character, two adjacent characters swapped, a
neighbouring key struck (QWERTY), a word repeated, a sentence start in lower case, two sentences
merged without punctuation ("... on twitter He told"), a number changed against the source, a
French source word left untranslated, and link text pasted in title case mid-sentence ("said in A
Statement That the"), and a capitalised word typed with the Shift key held too long or with Caps
Lock on ("THe", "tHE"). The untranslated word, the link text and the changed number need a source, so they are drawn from
the French–English pairs only.

With `--german`, the clean sentences are the German targets of the English–German MQM segments
(`mqm-ted-ende-dev/segments.jsonl`) that the annotators found no error in, read in memory only;
the kinds are the spelling, repetition, merge and number ones above plus German punctuation: the
comma before a subordinate clause left out ("denkt dass", "Teile die diese"), the comma before an
infinitive group with "um", "ohne", "statt" left out ("dreht sich um sie zu bewegen"), a spaced
dash typed as a hyphen ("jung - ein") and as a double hyphen ("jung -- ein"):

    python benchmarks/perturb.py --german --seed 1 --n 100

With `--french`, the clean sentences are the French side of the same pairs, with the English
sentence as their source: every kind above, in French letters (accents, elided "l'" and "d'",
"1 500" as one number, AZERTY neighbours), the untranslated word an English one left in the
French and the link text "dans Un Communiqué Que". With `--pairs-only`, English cases are drawn
from the pairs only, so that every one has a source (`merge-sentences` then tests the source's
sentence breaks):

    python benchmarks/perturb.py --french --seed 1 --n 100
    python benchmarks/perturb.py --pairs-only --types merge-sentences --seed 1 --n 100

With `--spanish`, the targets are real machine translation: the clean English sentences of the
pairs translated into Spanish by Apertium (Debian's apertium-eng-spa), English as their source;
the kinds are those of `--french`, in Spanish letters ("en twitter Dijo" for the link text):

    python benchmarks/perturb.py --spanish --seed 1 --n 100
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_PAIRS = ROOT.parent / "shared" / "data" / "newstest2012-fr-en-dev" / "pairs.jsonl"
DEFAULT_CLEAN_NEWS = ROOT.parent / "shared" / "data" / "clean-news-en-dev"

# Expected MQM-like category of each kind of planted error (capitalisation is MQM Fluency/Spelling).
CATEGORY = {
    "drop-char": "fluency/spelling",
    "swap-chars": "fluency/spelling",
    "misspell": "fluency/spelling",
    "repeat-word": "fluency/grammar",
    "lowercase-start": "fluency/spelling",
    "merge-sentences": "fluency/punctuation",
    "change-number": "accuracy/mistranslation",
    "untranslated-word": "accuracy/untranslated",
    "title-case-link": "fluency/spelling",
    "shift-slip": "fluency/spelling",
    # German targets (`--german`): punctuation that German typography and grammar require.
    "drop-comma": "fluency/punctuation",
    "drop-comma-infinitive": "fluency/punctuation",
    "hyphen-dash": "fluency/punctuation",
    "double-hyphen": "fluency/punctuation",
}
TYPES = tuple(CATEGORY)
ENGLISH_TYPES = TYPES[:10]
GERMAN_TYPES = ("drop-char", "swap-chars", "shift-slip", "repeat-word", "merge-sentences", "change-number", "drop-comma", "drop-comma-infinitive", "hyphen-dash", "double-hyphen")
DEFAULT_GERMAN = ROOT.parent / "shared" / "data" / "mqm-ted-ende-dev" / "segments.jsonl"
# A comma before a conjunction or relative pronoun that opens a German subordinate clause.
GERMAN_CLAUSE_COMMA = re.compile(r"(?<=\w), (?=(?:dass|weil|obwohl|wenn|ob|nachdem|die|der|das|dem|den|deren|dessen|welche[rsnm]?)\b)")
# A comma before "um", "ohne", "statt" or "anstatt" opening an infinitive group with "zu".
GERMAN_INFINITIVE_COMMA = re.compile(r"(?<=\w), (?=(?:um|ohne|statt|anstatt)\b[^,.;:!?]*\bzu)")
GERMAN_DASH = re.compile(r"(?<=\w) [–—] (?=\w)")
NEEDS_SOURCE = {"change-number", "untranslated-word"}

WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
LOWER_WORD = re.compile(r"\b[a-z]{4,}\b")
FRENCH_WORD = re.compile(r"(?<![\w'’-])[a-zà-öø-ÿœç]{5,}(?![\w'’-])")
INTEGER = re.compile(r"(?<![\d.,])\b\d+\b(?![.,]\d)")

# Small closed-class lists: the planted untranslated word replaces a content word, not "the".
ENGLISH_FUNCTION = frozenset(
    ["about", "above", "after", "again", "against", "also", "among", "because", "been", "before", "being", "below", "between", "both", "could", "does", "doing", "down", "during", "each", "either", "even", "ever", "every", "from", "further", "have", "having", "here", "into", "itself", "just", "more", "most", "much", "must", "neither", "only", "other", "over", "same", "shall", "should", "since", "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those", "through", "under", "until", "upon", "very", "what", "when", "where", "which", "while", "whom", "whose", "will", "with", "within", "without", "would", "your"]
)
FRENCH_FUNCTION = frozenset(
    ["alors", "après", "aussi", "autre", "autres", "avant", "avec", "avoir", "beaucoup", "cette", "chez", "comme", "comment", "contre", "dans", "depuis", "donc", "elle", "elles", "encore", "entre", "était", "étaient", "être", "leurs", "lorsque", "mais", "même", "moins", "notre", "nous", "parce", "pendant", "peut", "plus", "pour", "pourquoi", "quand", "quelle", "quelles", "quels", "selon", "sans", "sera", "seront", "sont", "sous", "toujours", "tous", "tout", "toute", "toutes", "très", "avait", "ainsi", "aussi", "déjà", "dont", "celui", "celle", "ceux", "cela", "ceci", "leur", "votre", "vous"]
)

QWERTY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours(rows: tuple[str, ...] = QWERTY_ROWS) -> dict[str, str]:
    """The keys left and right of each letter on a keyboard (QWERTY unless `rows` say otherwise):
    the commonest typing slip."""
    table: dict[str, str] = {}
    for row in rows:
        for i, key in enumerate(row):
            table[key] = (row[i - 1] if i > 0 else "") + (row[i + 1] if i + 1 < len(row) else "")
    return table


NEIGHBOURS = _neighbours()


@dataclass(frozen=True)
class Profile:
    """What the planters need to know about the target language (and the source's words, for
    `untranslated-word`): how a word, a lower-case word and a whole number are written, which
    words are too small to leave untranslated or to replace, and the keyboard typists use."""

    word: re.Pattern[str]  # a word of the target
    lower_word: re.Pattern[str]  # a lower-case word of four letters or more: typos are planted there
    source_word: re.Pattern[str]  # a lower-case word of the source that may be left untranslated
    source_function: frozenset[str]  # source words never left untranslated ("because")
    target_function: frozenset[str]  # target words never replaced by an untranslated one
    integer: re.Pattern[str]  # a whole number that `change-number` may change
    sentence_end: re.Pattern[str]  # a sentence that ends on a word and a full stop (`merge-sentences`)
    neighbours: dict[str, str]  # the keys beside each letter (`misspell`)
    repeated: re.Pattern[str] = WORD  # a word `repeat-word` may write twice
    elides: bool = False  # articles elide ("l'", "d'"): `title-case-link` keeps to whole words


# English targets with French sources (the default), and German targets (`--german`), whose typos
# are planted in unaccented lower-case words as before.
ENGLISH = Profile(WORD, LOWER_WORD, FRENCH_WORD, FRENCH_FUNCTION, ENGLISH_FUNCTION, INTEGER, re.compile(r"[a-z]\.$"), NEIGHBOURS)
FRENCH_ELISION = r"(?:[cdjlmnstCDJLMNST]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)['’]"

# French targets with English sources (`--french`): accented letters are letters, an elided article
# ("l'", "d'") is a word of its own but is repeated with its word ("l'épicentre l'épicentre"), "1 500"
# is one number (French groups digits with a space), and typists use AZERTY keyboards.
FRENCH_LETTERS = "a-zà-öø-ÿœæç"
FRENCH = Profile(
    word=re.compile(rf"[A-ZÀ-ÖØ-ÞŒÆ{FRENCH_LETTERS}]+"),
    lower_word=re.compile(rf"(?<![\w-])[{FRENCH_LETTERS}]{{4,}}(?![\w'’-])"),
    source_word=re.compile(r"(?<![\w'’-])[a-z]{5,}(?![\w'’-])"),
    source_function=ENGLISH_FUNCTION,
    target_function=FRENCH_FUNCTION,
    integer=re.compile(r"(?<![\d.,])(?<!\d )\b\d+\b(?![.,]\d)(?! \d)"),
    sentence_end=re.compile(rf"[{FRENCH_LETTERS}]\.$"),
    neighbours=_neighbours(("azertyuiop", "qsdfghjklm", "wxcvbn")),
    repeated=re.compile(rf"(?<![\w'’-])(?:{FRENCH_ELISION})?[A-ZÀ-ÖØ-ÞŒÆ{FRENCH_LETTERS}]{{2,}}(?![\w'’-])"),
    elides=True,
)

# Spanish targets (`--spanish`): Apertium's translations of the English sentences, English as source.
SPANISH_LETTERS = "a-záéíóúüñ"
SPANISH_FUNCTION = frozenset(
    ["ahora", "algunas", "algunos", "aunque", "cada", "como", "contra", "cuando", "desde", "donde", "durante", "ellas", "ellos", "entonces", "entre", "esas", "esos", "esta", "estaba", "estas", "este", "estos", "está", "están", "fueron", "había", "habían", "hasta", "mientras", "misma", "mismo", "nosotros", "nuestra", "nuestro", "nunca", "otra", "otras", "otro", "otros", "para", "pero", "porque", "puede", "pueden", "quien", "quienes", "según", "siempre", "sido", "sobre", "también", "tiene", "tienen", "toda", "todas", "todo", "todos", "usted", "ustedes"]
)
SPANISH = Profile(
    word=re.compile(rf"[A-ZÁÉÍÓÚÜÑ{SPANISH_LETTERS}]+"),
    lower_word=re.compile(rf"(?<![\w-])[{SPANISH_LETTERS}]{{4,}}(?![\w-])"),
    source_word=re.compile(r"(?<![\w'’-])[a-z]{5,}(?![\w'’-])"),
    source_function=ENGLISH_FUNCTION,
    target_function=SPANISH_FUNCTION,
    integer=INTEGER,
    sentence_end=re.compile(rf"[{SPANISH_LETTERS}]\.$"),
    neighbours=_neighbours(("qwertyuiop", "asdfghjklñ", "zxcvbnm")),
    repeated=re.compile(rf"[A-ZÁÉÍÓÚÜÑ{SPANISH_LETTERS}]+"),
)


@dataclass(frozen=True)
class Sentence:
    """A clean sentence (the target) with the sentence that follows it in the same text, if any."""

    id: str
    target: str
    source: str | None = None
    next_target: str | None = None
    next_source: str | None = None


@dataclass(frozen=True)
class Perturbation:
    """One planted error: `target[start:end]` in the perturbed text, `clean[clean_start:clean_end]` before."""

    type: str
    start: int
    end: int
    clean_start: int
    clean_end: int

    @property
    def category(self) -> str:
        return CATEGORY[self.type]


@dataclass(frozen=True)
class Case:
    """A perturbed target, its unperturbed copy (`clean`), their source, and the planted error."""

    id: str
    clean: str
    target: str
    source: str | None
    perturbation: Perturbation
    source_lang: str = "fr"
    target_lang: str = "en"

    def record(self) -> dict[str, object]:
        """The JSONL line of the perturbed document (the audit ignores the `perturbations` field)."""
        p = self.perturbation
        record: dict[str, object] = {"id": self.id}
        if self.source is not None:
            record |= {"source": self.source, "source_lang": self.source_lang}
        record |= {
            "target": self.target,
            "target_lang": self.target_lang,
            "perturbations": [{"type": p.type, "category": p.category, "start": p.start, "end": p.end}],
        }
        return record

    def clean_record(self) -> dict[str, object]:
        """The JSONL line of the unperturbed copy."""
        record: dict[str, object] = {"id": "clean/" + self.id}
        if self.source is not None:
            record |= {"source": self.source, "source_lang": self.source_lang}
        return record | {"target": self.clean, "target_lang": self.target_lang}


# --- reading the clean sentences ---------------------------------------------------------------


def detokenise(text: str) -> str:
    """Undo Moses-style tokenisation: "l' amendement" → "l'amendement", "don 't" → "don't",
    "word ," → "word,", '" We have "' → '"We have"'. Straight quotes alternate open/close."""
    text = re.sub(r"(\w) '(s|t|d|m|re|ve|ll)\b", r"\1'\2", text)
    text = re.sub(r"(\w)' (?=\w)", r"\1'", text)
    text = re.sub(r" ([,.;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[]) ", r"\1", text)
    parts = text.split('"')
    out = parts[0]
    for i, part in enumerate(parts[1:]):
        if i % 2 == 0:  # opening quote: glued to what follows
            out += '"' + part.lstrip()
        else:  # closing quote: glued to what precedes
            out = out.rstrip() + '"' + part
    return " ".join(out.split())


def is_clean(text: str) -> bool:
    """A plain declarative sentence: 8-40 words, capital start, full stop at the end, no quotes or
    brackets (their conventions would blur what a planted error changes)."""
    words = text.split()
    return (
        8 <= len(words) <= 40
        and text[0].isupper()
        and text.endswith(".")
        and not text.endswith("..")
        and not re.search(r"[\"“”‘’()\[\];]| - |\s'|'\s", text)
        and not re.search(r"[.!?]\s", text)  # one sentence, no "Mr. Smith" either
    )


def load_pairs(path: Path) -> list[Sentence]:
    """Clean English targets of the French–English pairs, detokenised, with their French source and
    the pair that follows (for merging two sentences)."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                rows.append((str(record["id"]), detokenise(record["target"]), detokenise(record["source"])))
    found = []
    for i, (ident, target, source) in enumerate(rows):
        if not is_clean(target):
            continue
        following = rows[i + 1] if i + 1 < len(rows) and is_clean(rows[i + 1][1]) else None
        found.append(Sentence(ident, target, source, following[1] if following else None, following[2] if following else None))
    return found


def load_french(path: Path) -> list[Sentence]:
    """The French–English pairs the other way round: clean French sentences (the French side,
    detokenised; no «guillemets») as targets, with the English sentence as their source and the
    pair that follows (for merging two sentences)."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                rows.append((str(record["id"]), detokenise(record["source"]), detokenise(record["target"])))

    def usable(french: str) -> bool:
        return is_clean(french) and not re.search("[«»]", french)

    found = []
    for i, (ident, target, source) in enumerate(rows):
        if not usable(target):
            continue
        following = rows[i + 1] if i + 1 < len(rows) and usable(rows[i + 1][1]) else None
        found.append(Sentence(ident, target, source, following[1] if following else None, following[2] if following else None))
    return found


def load_spanish(path: Path, pair: str = "eng-spa") -> list[Sentence]:
    """Real machine translation to perturb: the clean English sentences of the French–English pairs
    translated into Spanish by Apertium (`apertium -u eng-spa`, Debian's apertium-eng-spa), each
    sentence on its own; the Spanish is the target and the English its source. A translation that
    Apertium could not finish (a "#" or "@" mark) or that is not a plain sentence is left out."""
    english = load_pairs(path)
    lines = sorted({text for s in english for text in (s.target, s.next_target) if text is not None})
    try:
        done = subprocess.run(["apertium", "-u", pair], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        raise SystemExit(f"perturb: error: --spanish needs Apertium's {pair} (apt-get install apertium-{pair}): {error}") from None
    translated = [" ".join(line.split()) for line in done.stdout.split("\n")[: len(lines)]]
    if len(translated) != len(lines):
        raise SystemExit(f"perturb: error: Apertium returned {len(translated)} lines for {len(lines)}")
    spanish = dict(zip(lines, translated, strict=True))

    def usable(text: str | None) -> bool:
        return text is not None and is_clean(text) and not re.search("[#@*]", text)

    found = []
    for s in english:
        target = spanish[s.target]
        if not usable(target):
            continue
        following = spanish.get(s.next_target or "")
        if not usable(following):
            found.append(Sentence(s.id, target, s.target))
        else:
            found.append(Sentence(s.id, target, s.target, following, s.next_target))
    return found


def load_german(path: Path) -> list[Sentence]:
    """German targets of the English–German MQM segments that the annotators found no error in,
    with their English source and the next segment of the same system and talk (for merging).
    Read in memory only; a target written by several systems is used once."""
    rows: dict[tuple[str, str], list[tuple[int, dict[str, object]]]] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                rows.setdefault((record["system"], record["doc"]), []).append((int(record["seg_id"]), record))
    found, seen = [], set()
    for segments in rows.values():
        segments.sort(key=lambda row: row[0])
        for i, (_seg, record) in enumerate(segments):
            target = str(record["target"])
            if record["gold"] or target in seen:
                continue
            seen.add(target)
            following = segments[i + 1][1] if i + 1 < len(segments) and not segments[i + 1][1]["gold"] else None
            found.append(Sentence(str(record["id"]), target, str(record["source"]), following and str(following["target"]), following and str(following["source"])))
    return found


SENTENCE_END = re.compile(r"(?<=[a-z0-9]\.)\s+(?=[A-Z])")


def load_clean_news(folder: Path) -> list[Sentence]:
    """Clean sentences of the edited English news: paragraphs split where a full stop after a
    lower-case letter or digit is followed by a capital."""
    found = []
    for path in sorted(folder.rglob("*.txt")):
        name = path.relative_to(folder).as_posix()
        paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        for pi, paragraph in enumerate(paragraphs[1:], start=1):  # the first paragraph is the headline
            parts = SENTENCE_END.split(" ".join(paragraph.split()))
            for si, sentence in enumerate(parts):
                if not is_clean(sentence):
                    continue
                following = parts[si + 1] if si + 1 < len(parts) and is_clean(parts[si + 1]) else None
                found.append(Sentence(f"{name}/{pi}/{si}", sentence, None, following))
    return found


def vocabulary(sentences: Iterable[Sentence], profile: Profile = ENGLISH) -> frozenset[str]:
    """Every lower-cased word of the clean targets: a planted typo that makes one of these (form →
    from) is a real-word error that no spelling check can see, so it is not planted."""
    words: set[str] = set()
    for s in sentences:
        for text in (s.target, s.next_target or ""):
            words.update(w.lower() for w in profile.word.findall(text))
    return frozenset(words)


# --- planting one error ---------------------------------------------------------------------------

# A planter: (clean sentence, random generator, vocabulary, profile=ENGLISH) → (perturbed target, error) or None.
Planter = Callable[..., "tuple[str, Perturbation] | None"]
# A word edit: (word, random generator, the keyboard's neighbouring keys) → the misspelt word or None.
Edit = Callable[[str, random.Random, dict[str, str]], "str | None"]


def _word_edit(kind: str, edit: Edit) -> Planter:
    """A planter that rewrites one lower-case word of four or more letters with `edit`; the span is
    the rewritten word. Edits that make another known word are not planted."""

    def plant(s: Sentence, rng: random.Random, vocab: frozenset[str], profile: Profile = ENGLISH) -> tuple[str, Perturbation] | None:
        words = list(profile.lower_word.finditer(s.target))
        rng.shuffle(words)
        for m in words[:5]:
            new = edit(m.group(), rng, profile.neighbours)
            if new is None or new == m.group() or new.lower() in vocab:
                continue
            target = s.target[: m.start()] + new + s.target[m.end() :]
            return target, Perturbation(kind, m.start(), m.start() + len(new), m.start(), m.end())
        return None

    return plant


def drop_char(word: str, rng: random.Random, neighbours: dict[str, str] = NEIGHBOURS) -> str:
    """One character left out (the keyboard plays no part)."""
    i = rng.randrange(len(word))
    return word[:i] + word[i + 1 :]


def swap_chars(word: str, rng: random.Random, neighbours: dict[str, str] = NEIGHBOURS) -> str | None:
    """Two different adjacent characters swapped (the keyboard plays no part); None for "ee"."""
    places = [i for i in range(len(word) - 1) if word[i] != word[i + 1]]
    if not places:
        return None
    i = rng.choice(places)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def misspell(word: str, rng: random.Random, neighbours: dict[str, str] = NEIGHBOURS) -> str | None:
    """One letter replaced by a key beside it; letters off the keyboard's rows ("é") are not struck."""
    places = [i for i, char in enumerate(word) if char in neighbours]
    if not places:
        return None
    i = rng.choice(places)
    return word[:i] + rng.choice(neighbours[word[i]]) + word[i + 1 :]


def repeat_word(s: Sentence, rng: random.Random, vocab: frozenset[str], profile: Profile = ENGLISH) -> tuple[str, Perturbation] | None:
    """A word written twice ("the the"); the span is the second copy."""
    words = [m for m in profile.repeated.finditer(s.target) if m.start() > 0 and m.group() not in ("had", "that")]
    if not words:
        return None
    m = rng.choice(words)
    target = s.target[: m.end()] + " " + m.group() + s.target[m.end() :]
    start = m.end() + 1
    return target, Perturbation("repeat-word", start, start + len(m.group()), m.start(), m.end())


def lowercase_start(s: Sentence, rng: random.Random, vocab: frozenset[str], profile: Profile = ENGLISH) -> tuple[str, Perturbation] | None:
    """The first letter of the sentence in lower case; the span is the first word."""
    m = profile.word.match(s.target)
    if m is None or len(m.group()) < 2 or not m.group()[1:].islower():
        return None
    target = s.target[0].lower() + s.target[1:]
    return target, Perturbation("lowercase-start", 0, m.end(), 0, m.end())


def shift_slip(s: Sentence, rng: random.Random, vocab: frozenset[str], profile: Profile = ENGLISH) -> tuple[str, Perturbation] | None:
    """A capitalised word (a sentence start or a name) typed with the Shift key held one letter too
    long ("THe", "BRown") or with Caps Lock on ("tHE", "bROWN"), one of the two at random."""
    words = [m for m in profile.word.finditer(s.target) if len(m.group()) >= 3 and m.group()[0].isupper() and m.group()[1:].islower()]
    if not words:
        return None
    m = rng.choice(words)
    word = m.group()
    slipped = word[:2].upper() + word[2:] if rng.random() < 0.5 else word[0].lower() + word[1:].upper()
    target = s.target[: m.start()] + slipped + s.target[m.end() :]
    return target, Perturbation("shift-slip", m.start(), m.end(), m.start(), m.end())


def merge_sentences(s: Sentence, rng: random.Random, vocab: frozenset[str], profile: Profile = ENGLISH) -> tuple[str, Perturbation] | None:
    """The sentence and the next one joined without the full stop ("... on twitter He told"); the span
    runs from the last word of the first to the first word of the second. The unperturbed copy is
    both sentences as written."""
    if s.next_target is None or not profile.sentence_end.search(s.target):
        return None
    last = list(profile.word.finditer(s.target))[-1]
    first = profile.word.match(s.next_target)
    if first is None or not first.group()[0].isupper() or first.group() == "I":
        return None
    head = s.target[:-1] + " "
    target = head + s.next_target
    start, end = last.start(), len(head) + first.end()
    return target, Perturbation("merge-sentences", start, end, last.start(), len(s.target) + 1 + first.end())


def change_number(s: Sentence, rng: random.Random, vocab: frozenset[str], profile: Profile = ENGLISH) -> tuple[str, Perturbation] | None:
    """A whole number that the source has too, with its last digit changed; the span is the number."""
    if s.source is None:
        return None
    in_source = {m.group() for m in profile.integer.finditer(s.source)}
    numbers = [m for m in profile.integer.finditer(s.target) if m.group() in in_source]
    if not numbers:
        return None
    m = rng.choice(numbers)
    digit = (int(m.group()[-1]) + rng.randrange(1, 10)) % 10
    new = m.group()[:-1] + str(digit)
    if new.startswith("0") and len(new) > 1:
        return None
    target = s.target[: m.start()] + new + s.target[m.end() :]
    return target, Perturbation("change-number", m.start(), m.start() + len(new), m.start(), m.end())


def untranslated_word(s: Sentence, rng: random.Random, vocab: frozenset[str], profile: Profile = ENGLISH) -> tuple[str, Perturbation] | None:
    """A French content word of the source, unknown in English and absent from the target, put in
    place of the English content word at the nearest relative position: a word the translator left
    in French. The span is the French word."""
    if s.source is None:
        return None
    target_words = {w.lower() for w in profile.word.findall(s.target)}
    copied = [m for m in profile.source_word.finditer(s.source) if m.group() not in profile.source_function and m.group() not in vocab and m.group() not in target_words]
    # a whole word, not one glued to an elided article ("l'homme")
    replaced = [m for m in profile.lower_word.finditer(s.target) if m.start() > 0 and s.target[m.start() - 1] not in "'’" and m.group() not in profile.target_function]
    if not copied or not replaced:
        return None
    pick = rng.choice(copied)
    where = pick.start() / len(s.source) * len(s.target)
    m = min(replaced, key=lambda e: (abs(e.start() - where), e.start()))
    target = s.target[: m.start()] + pick.group() + s.target[m.end() :]
    return target, Perturbation("untranslated-word", m.start(), m.start() + len(pick.group()), m.start(), m.end())


def title_case_link(s: Sentence, rng: random.Random, vocab: frozenset[str], profile: Profile = ENGLISH) -> tuple[str, Perturbation] | None:
    """Two to four lower-case words after the third word put in title case, as link text pasted
    mid-sentence ("said in A Statement That the"); the span is the title-cased run."""
    words = list(profile.word.finditer(s.target))
    size = rng.randint(2, 4)
    runs = []
    for i in range(3, len(words) - size):
        run = words[i : i + size]
        gaps = [s.target[a.end() : b.start()] for a, b in itertools.pairwise(run)]
        # where articles elide, whole words only: not the tail of "n'y" nor an elided "d'" at the end
        glued = profile.elides and (s.target[run[0].start() - 1] != " " or s.target[run[-1].end() : run[-1].end() + 1] in ("'", "’"))
        if all(w.group().islower() for w in run) and all(g == " " for g in gaps) and not glued:
            runs.append(run)
    if not runs:
        return None
    run = rng.choice(runs)
    start, end = run[0].start(), run[-1].end()
    titled = " ".join(w.group()[0].upper() + w.group()[1:] for w in run)
    target = s.target[:start] + titled + s.target[end:]
    return target, Perturbation("title-case-link", start, end, start, end)


def _drop_comma(kind: str, commas: re.Pattern[str]) -> Planter:
    """German: a comma that `commas` finds left out ("denkt, dass" → "denkt dass"); the span runs
    from the word before to the word after."""

    def plant(s: Sentence, rng: random.Random, vocab: frozenset[str], profile: Profile = ENGLISH) -> tuple[str, Perturbation] | None:
        found = list(commas.finditer(s.target))
        if not found:
            return None
        m = rng.choice(found)
        before = list(re.finditer(r"\w+", s.target[: m.start()]))[-1]
        after = re.match(r"\w+", s.target[m.end() :])
        assert after is not None
        target = s.target[: m.start()] + " " + s.target[m.end() :]
        end = m.start() + 1 + after.end()
        return target, Perturbation(kind, before.start(), end, before.start(), m.end() + after.end())

    return plant


# The comma before a subordinate clause (conjunction or relative pronoun) left out.
drop_comma = _drop_comma("drop-comma", GERMAN_CLAUSE_COMMA)


def _replace_dash(kind: str, mark: str) -> Planter:
    """German: a spaced dash ("jung – ein") typed as `mark`; the span is the mark."""

    def plant(s: Sentence, rng: random.Random, vocab: frozenset[str], profile: Profile = ENGLISH) -> tuple[str, Perturbation] | None:
        dashes = list(GERMAN_DASH.finditer(s.target))
        if not dashes:
            return None
        m = rng.choice(dashes)
        target = s.target[: m.start()] + f" {mark} " + s.target[m.end() :]
        return target, Perturbation(kind, m.start() + 1, m.start() + 1 + len(mark), m.start() + 1, m.start() + 2)

    return plant


PLANTERS: dict[str, Planter] = {
    "drop-comma": drop_comma,
    "drop-comma-infinitive": _drop_comma("drop-comma-infinitive", GERMAN_INFINITIVE_COMMA),
    "hyphen-dash": _replace_dash("hyphen-dash", "-"),
    "double-hyphen": _replace_dash("double-hyphen", "--"),
    "drop-char": _word_edit("drop-char", drop_char),
    "swap-chars": _word_edit("swap-chars", swap_chars),
    "misspell": _word_edit("misspell", misspell),
    "repeat-word": repeat_word,
    "lowercase-start": lowercase_start,
    "merge-sentences": merge_sentences,
    "change-number": change_number,
    "untranslated-word": untranslated_word,
    "title-case-link": title_case_link,
    "shift-slip": shift_slip,
}


def generate(
    pairs: list[Sentence],
    news: list[Sentence],
    n: int,
    seed: int,
    types: Iterable[str] = ENGLISH_TYPES,
    langs: tuple[str, str] = ("fr", "en"),
    profile: Profile = ENGLISH,
) -> list[Case]:
    """Up to `n` cases of each type, each from a different sentence, chosen with `random.Random(seed)`.

    Types that need a source draw from `pairs` only; the others draw from `pairs` and `news` alike.
    The same inputs and seed always give the same cases. `profile` says how words, numbers and
    keys are written in the target language (`ENGLISH`, also used for German; `FRENCH`).
    """
    vocab = vocabulary(pairs + news, profile)
    cases: list[Case] = []
    for kind in types:
        rng = random.Random(f"{seed}/{kind}")  # one stream per type: adding a type changes no other
        pool = list(pairs) if kind in NEEDS_SOURCE else list(pairs) + list(news)
        rng.shuffle(pool)
        made = 0
        for s in pool:
            if made == n:
                break
            planted = PLANTERS[kind](s, rng, vocab, profile)
            if planted is None:
                continue
            target, perturbation = planted
            clean = s.target if kind != "merge-sentences" else f"{s.target} {s.next_target}"
            source = s.source if kind != "merge-sentences" or s.source is None else f"{s.source} {s.next_source}"
            cases.append(Case(f"{kind}/{s.id}", clean, target, source, perturbation, *langs))
            made += 1
    return cases


# --- auditing and scoring ---------------------------------------------------------------------------


def write_jsonl(path: Path, records: Iterable[dict[str, object]]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def run_audit(jsonl: Path, report: Path) -> dict[str, list[dict[str, object]]]:
    """Audit a JSONL file with the public command line; the findings of each document by id."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run(
        [sys.executable, "-m", "mtaudit", "audit", str(jsonl), "--format", "json", "-o", str(report)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"perturb: error: the audit of {jsonl} failed: {done.stderr.strip().splitlines()[-1:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    return {doc["id"]: doc["findings"] for doc in data["documents"]}


def overlaps(finding: dict[str, object], start: int, end: int) -> bool:
    """A finding touches [start, end): it overlaps it, or it is an insertion point inside it."""
    f_start, f_end = int(finding["start"]), int(finding["end"])  # type: ignore[call-overload]
    if f_start == f_end:
        return start <= f_start <= end
    return f_start < end and f_end > start


@dataclass
class TypeFigures:
    """What the audit found of one type of planted error."""

    count: int = 0
    caught: int = 0
    right_category: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    missed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "count": self.count,
            "caught": self.caught,
            "recall": round(self.caught / self.count, 3) if self.count else None,
            "category_recall": round(self.right_category / self.count, 3) if self.count else None,
            "rules": dict(self.rules.most_common()),
        }


def score(cases: list[Case], perturbed: dict[str, list[dict[str, object]]], clean: dict[str, list[dict[str, object]]]) -> dict[str, object]:
    """Recall per type (new findings on the planted span) and false findings on the clean copies."""
    figures: dict[str, TypeFigures] = {}
    for case in cases:
        p = case.perturbation
        row = figures.setdefault(p.type, TypeFigures())
        row.count += 1
        before = {f["rule"] for f in clean.get("clean/" + case.id, []) if overlaps(f, p.clean_start, p.clean_end)}
        new = [f for f in perturbed.get(case.id, []) if overlaps(f, p.start, p.end) and f["rule"] not in before]
        if new:
            row.caught += 1
            row.rules.update({str(f["rule"]) for f in new})
            row.right_category += any(f["category"] == p.category for f in new)
        else:
            row.missed.append(case.target[max(0, p.start - 20) : p.end + 20])
    unique: dict[tuple[str, str | None], str] = {}
    for case in cases:
        unique.setdefault((case.clean, case.source), "clean/" + case.id)
    false_rules: Counter[str] = Counter(str(f["rule"]) for ident in unique.values() for f in clean.get(ident, []))
    words = sum(len(text.split()) for text, _ in unique)
    total = sum(false_rules.values())
    return {
        "types": {kind: figures[kind].as_dict() for kind in TYPES if kind in figures},
        "missed_examples": {kind: figures[kind].missed[:3] for kind in TYPES if kind in figures},
        "clean": {
            "sentences": len(unique),
            "words": words,
            "findings": total,
            "per_sentence": round(total / len(unique), 3) if unique else None,
            "per_1000_words": round(total / words * 1000, 2) if words else None,
            "rules": dict(false_rules.most_common()),
        },
    }


def table(summary: dict[str, object]) -> str:
    """The figures as a Markdown table, ready for BENCHMARKS.md."""
    lines = ["| type | expected category | n | recall | right category | rules that caught it |", "|---|---|---|---|---|---|"]
    types: dict[str, dict[str, object]] = summary["types"]  # type: ignore[assignment]
    for kind, row in types.items():
        rules = ", ".join(f"`{r}` {c}" for r, c in row["rules"].items()) or "—"  # type: ignore[attr-defined]
        lines.append(f"| {kind} | {CATEGORY[kind]} | {row['count']} | {row['recall']:.2f} | {row['category_recall']:.2f} | {rules} |")
    clean: dict[str, object] = summary["clean"]  # type: ignore[assignment]
    rules = ", ".join(f"`{r}` {c}" for r, c in clean["rules"].items()) or "none"  # type: ignore[attr-defined]
    lines.append("")
    lines.append(
        f"Unperturbed copies: {clean['sentences']} sentences, {clean['words']} words, {clean['findings']} findings "
        f"({clean['per_sentence']} per sentence, {clean['per_1000_words']} per 1,000 words): {rules}."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", help="folder for the JSONL files and reports (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--n", type=int, default=100, help="perturbations per type (default 100)")
    parser.add_argument("--source", type=Path, default=DEFAULT_PAIRS, help="French–English pairs JSONL")
    parser.add_argument("--clean-news", type=Path, default=DEFAULT_CLEAN_NEWS, help="folder of clean English news .txt files")
    parser.add_argument("--pairs-only", action="store_true", help="draw every type from the French–English pairs, so that every case has a source")
    parser.add_argument("--types", default="", help="comma-separated types (default: all of the language's)")
    parser.add_argument("--german", type=Path, nargs="?", const=DEFAULT_GERMAN, help="perturb German targets instead: the error-free en→de MQM segments")
    parser.add_argument("--french", type=Path, nargs="?", const=DEFAULT_PAIRS, help="perturb French targets instead: the French side of the French–English pairs, English as source")
    parser.add_argument("--spanish", type=Path, nargs="?", const=DEFAULT_PAIRS, help="perturb Spanish targets instead: Apertium's translations of the English side of the pairs, English as source")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    args = parser.parse_args(argv)
    if sum(1 for chosen in (args.german, args.french, args.spanish) if chosen) > 1:
        parser.error("--german, --french, --spanish: choose one target language")
    types = [t for t in args.types.split(",") if t] or list(GERMAN_TYPES if args.german else ENGLISH_TYPES)
    unknown = [t for t in types if t not in CATEGORY]
    if unknown:
        parser.error(f"unknown type(s) {', '.join(unknown)}; choose from {', '.join(TYPES)}")
    needed = (args.german or args.french or args.spanish,) if args.german or args.french or args.spanish else (args.source,) if args.pairs_only else (args.source, args.clean_news)
    for path in needed:
        if not path.exists():
            parser.error(f"{path}: not found; give the shared data with --source / --clean-news / --german / --french")
    if args.german:
        cases = generate(load_german(args.german), [], args.n, args.seed, types, ("en", "de"))
    elif args.french:
        cases = generate(load_french(args.french), [], args.n, args.seed, types, ("en", "fr"), FRENCH)
    elif args.spanish:
        cases = generate(load_spanish(args.spanish), [], args.n, args.seed, types, ("en", "es"), SPANISH)
    else:
        news = [] if args.pairs_only else load_clean_news(args.clean_news)
        cases = generate(load_pairs(args.source), news, args.n, args.seed, types)
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        write_jsonl(out / "perturbed.jsonl", (c.record() for c in cases))
        write_jsonl(out / "clean.jsonl", (c.clean_record() for c in cases))
        perturbed = run_audit(out / "perturbed.jsonl", out / "perturbed-report.json")
        clean = run_audit(out / "clean.jsonl", out / "clean-report.json")
    summary = score(cases, perturbed, clean)
    summary["seed"], summary["n"] = args.seed, args.n
    print(json.dumps(summary, ensure_ascii=False, indent=1) if args.json else table(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
