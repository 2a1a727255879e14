"""The Language layer: what the checks know about one language, in one object.

Modelled on LanguageTool's `Language` class: `language("en")` answers everything a check asks about
a language — is this a word of it (frequency list, Hunspell dictionaries, compounds), its function
words, its month and weekday names (CLDR), its quotation marks, and its traits ("capitalises every
noun", "writes compounds as one word"). Checks ask `ctx.language` instead of keeping their own
lists, so two checks never disagree about the same language and no check imports another.

Also here, because every check needs the same answer: the one word pattern (`WORD`), the named
word-frequency bands (`Band`), the one-edit generator (`one_edit_variants`) and the accent folder
(`fold_accents`).
"""

from __future__ import annotations

import bisect
import math
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import regex

from mtaudit.lexicon import SPELLING_STANDARDS, Lexicon, dictionary_dirs, frequency_dict, lexicon, top_words

# One word of any script: letters with their combining marks (so Devanagari and Sinhala words are
# not split at vowel signs), digits, and inner apostrophes, hyphens and decimal separators.
WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:(?:['’\-]|(?<=\p{N})[.,](?=\p{N}))[\p{L}\p{M}\p{N}]+)*")
# Letters only, with their combining marks: "statment", "नमस्ते".
LETTERS = regex.compile(r"\p{L}[\p{L}\p{M}]*")
# The longest word given an edit-distance search: the one-edit variants of a word of n letters
# number about 50n and cost n each to build, so a hostile 16,000-letter word would take gigabytes.
# The longest words of real text stay under it ("Rindfleischetikettierungs…" is split as a compound).
MAX_SEARCH_LENGTH = 40
# The longest word split into compound parts: the split tries every cut, and each cut may split the
# tail again (cubic in the length). German compounds of over 64 letters are curiosities.
MAX_COMPOUND_LENGTH = 64


class Band:
    """Named word-frequency bands, in Zipf units (log10 of uses per billion words, wordfreq).

    English landmarks: "the" 7.7, "in" 7.3, "said" 6.1, "statement" 5.0, "ceasefire" 3.9,
    "pinewood" 2.6, "statment" 1.5.
    """

    SENTENCE_OPENER = 6.3  # "the", "and", "but": words a sentence may start with mid-line
    FUNCTION_WORD = 6.2  # "in", "of", "and": no sentence ends on one; clause words after a dash
    VERY_FREQUENT = 6.0  # short words that join the parts of a name ("of", "de"); frequent verbs
    COMMON = 5.6  # a common word far more often than a name, even when it may be one
    FREQUENT = 5.0  # too frequent for a spelling variant to be a name
    ANY_CORRECTION = 4.5  # frequent enough to be a correction without a case dictionary
    WELL_KNOWN = 4.0  # a word everyone knows; a compound part on frequency alone
    RARE = 3.5  # below: a capitalised word is mostly a name; a source word must be this common
    KNOWN = 3.0  # at or above: a known word of the language, never a typo
    ATTESTED = 2.5  # in use, but rare: loanwords; source words copied verbatim
    SCARCE = 2.0  # barely attested: misspellings live below here
    UNKNOWN = 1.5  # practically unknown in the language
    OBSCURE = 1.0  # a word of its own even when it has several close neighbours


# --- traits --------------------------------------------------------------------------------------

# Languages that capitalise every noun: mid-sentence capitals prove nothing there.
NOUN_CAPITALISING = frozenset({"de", "lb"})
# Languages that write compounds as one word ("Regierungssprecher").
COMPOUNDING = frozenset({"de", "nl", "sv", "da", "nb", "no", "fi", "is", "lb"})
# Languages that capitalise adjectives of nationality, languages, days and months, which most
# others write in lower case.
CAPITALISES_NAMES_OF_KINDS = frozenset({"en"})
# The quotation marks of a language, outer pair first (CLDR's quotationStart/End and
# alternateQuotationStart/End, which babel does not expose); others fall back to curly quotes.
QUOTE_PAIRS = {
    "en": (("“", "”"), ("‘", "’")),
    "fr": (("«", "»"), ("“", "”")),
    "de": (("„", "“"), ("‚", "‘")),
    "es": (("«", "»"), ("“", "”")),
    "it": (("«", "»"), ("“", "”")),
    "pt": (("“", "”"), ("‘", "’")),
    "nl": (("“", "”"), ("‘", "’")),
    "ru": (("«", "»"), ("„", "“")),
    "pl": (("„", "”"), ("«", "»")),
    "zh": (("“", "”"), ("‘", "’")),
    "ja": (("「", "」"), ("『", "』")),
}
# The endings a noun (a place, a product, a term) takes in its plural and genitive forms, added to
# the word unchanged: English "Kiev's", "Kievs"; German "Kiews", "Ministerien"; Russian "Киева".
# Languages whose inflection changes the stem (Italian plurals, Finnish consonant gradation) get
# only the endings that do not. A language without an entry gets `DEFAULT_NOUN_ENDINGS`.
NOUN_ENDINGS = {
    "en": ("s", "es", "'s", "’s", "'", "’"),
    "de": ("s", "es", "n", "en", "e", "er", "ern", "ns", "ens", "'", "’"),
    "nl": ("s", "'s", "’s", "en", "n"),
    "fr": ("s", "x"),
    "es": ("s", "es"),
    "pt": ("s", "es"),
    "ca": ("s", "os"),
    "sv": ("s", "en", "ens", "er", "ers", "ar", "or", "na", "nas"),
    "da": ("s", "en", "ens", "er", "erne", "et", "ets", "e"),
    "nb": ("s", "en", "ens", "er", "ene", "et", "ets"),
    "no": ("s", "en", "ens", "er", "ene", "et", "ets"),
    "ru": ("а", "у", "е", "ом", "ы", "ов", "ам", "ами", "ах"),
    "pl": ("a", "u", "owi", "em", "ie", "y", "ów", "om", "ami", "ach"),
    "cs": ("a", "u", "em", "e", "y", "ů", "ům", "ech"),
}
# What the glossary matched in every language before there were per-language endings: the plural
# and possessive endings of English, which are also the plurals of most Western European languages.
DEFAULT_NOUN_ENDINGS = NOUN_ENDINGS["en"]
# The dash a language's typography sets between words (with spaces around it): the en dash in
# German, French and the Nordic languages (Duden, Imprimerie nationale), the em dash elsewhere.
DASH_MARKS = {"de": "–", "fr": "–", "nl": "–", "da": "–", "sv": "–", "nb": "–", "no": "–", "fi": "–", "pl": "–", "cs": "–", "lb": "–"}
# German comma grammar (Duden, amtliche Regelung §§ 74–75), read by `mtaudit.checks.commas`.
# Relative pronouns: they open a clause whose finite verb stands at its end ("die Teile, die diese
# Sequenz aufnehmen"); "der", "die", "das", "dem", "den" are articles too.
RELATIVE_PRONOUNS = {"de": frozenset({"der", "die", "das", "dem", "den", "denen", "deren", "dessen", "welche", "welcher", "welches", "welchem", "welchen"})}
# Relative pronouns in the genitive, which stand before their own noun, as determiners do
# ("die Frau, deren Mann …"); followed by a verb they are demonstratives ("die Pläne dessen enthalten, was").
RELATIVE_DETERMINERS = {"de": frozenset({"dessen", "deren"})}
# Words that cannot follow an article but open a relative clause after its pronoun: personal and
# reflexive pronouns, determiners, possessives, negation and prepositions ("die wir", "das sich",
# "die diese Sequenz", "der keine", "die an diesem Projekt"). After "die" an article also follows
# ("Dinge, die die Menschen bauen"). An article may precede a preposition only inside a phrase
# that ends on its noun ("das in Berlin gebaute Haus"), which the rule tells apart.
NOT_AFTER_ARTICLE = {
    "de": frozenset(
        {"ich", "du", "er", "sie", "es", "wir", "ihr", "man", "mich", "dich", "sich", "uns", "euch", "mir", "dir", "ihm", "ihn", "ihnen", "nicht", "niemand", "jemand", "nichts", "etwas"}
        | {f"{stem}{ending}" for stem in ("dies", "jen", "jed", "kein", "mein", "dein", "sein", "ihr", "unser", "euer", "ein") for ending in ("e", "er", "es", "em", "en", "")}
        | {"der", "die", "das", "dem", "den"}
        | {"an", "auf", "aus", "bei", "durch", "für", "gegen", "hinter", "in", "im", "mit", "nach", "neben", "über", "unter", "von", "vom", "vor", "zu", "zum", "zur", "zwischen", "seit", "bis"}
    )
}
# The capitalised polite pronoun and its forms: a capital that is no noun ("Sie die" is no noun and
# its relative clause), and a word a relative clause may open with ("die Sie programmiert haben").
POLITE_PRONOUNS = {"de": frozenset({"Sie", "Ihnen", "Ihr", "Ihre", "Ihren", "Ihrem", "Ihrer", "Ihres"})}
# Conjunctions that open a subordinate clause, which German always sets off with a comma
# (`boundary.clause-comma`), and the words that combine with one into a single conjunction or join
# it to what precedes without a comma ("so dass", "als ob", "ohne dass", "und weil", "auch wenn").
SUBORDINATORS = {"de": frozenset({"dass", "weil", "obwohl", "obgleich", "sodass", "nachdem", "falls", "sobald", "sofern", "wenn", "ob"})}
COMBINES_WITH_SUBORDINATOR = {
    "de": frozenset(
        {"und", "oder", "aber", "sondern", "denn", "doch", "so", "als", "ohne", "statt", "anstatt", "außer", "auch", "selbst", "nur", "gerade", "erst", "bis", "je", "wie", "zumal", "bzw", "sowie", "sowohl", "weder", "noch", "dann", "vor", "allem", "insbesondere", "besonders", "vielleicht", "etwa", "sogar", "schon", "immer"}
    )
}
# Words that open a clause whose finite verb stands at its end: the subordinating conjunctions
# above, those that are also prepositions or adverbs ("als", "während", "damit", "da"), and question
# words ("dass die Leute das nicht wissen": inside such a clause a noun and a pronoun after it are
# subject and object, not a noun and its relative clause).
VERB_FINAL_OPENERS = {
    "de": SUBORDINATORS["de"]
    | frozenset({"als", "während", "bevor", "damit", "indem", "seit", "seitdem", "bis", "da", "was", "wer", "wie", "wo", "warum", "wieso", "weshalb", "wann", "womit", "wofür", "wodurch", "woran", "worauf"})
}
# The finite forms of the auxiliary and modal verbs "haben", "werden", "lassen" and the modals. A
# main clause that holds one sets its participle or infinitive at its end ("Dann hat Peter das
# nicht gewusst"), so a lower-case word ending the clause there need not be a relative clause's
# verb. "sein" is left out: as a copula it opens the commonest sentences with a relative clause
# ("Das ist das Haus, das wir gebaut haben").
FINITE_AUXILIARIES = {
    "de": frozenset(
        {"habe", "hast", "hat", "haben", "habt", "hatte", "hatten", "hätte", "hätten"}
        | {"werde", "wirst", "wird", "werden", "werdet", "wurde", "wurden", "würde", "würden", "kann", "kannst", "können", "konnte", "konnten", "könnte", "könnten"}
        | {"muss", "musst", "müssen", "musste", "mussten", "müsste", "soll", "sollst", "sollen", "sollte", "sollten", "will", "willst", "wollen", "wollte", "wollten"}
        | {"darf", "darfst", "dürfen", "durfte", "durften", "dürfte", "mag", "mögen", "möchte", "möchten", "lässt", "lassen", "ließ"}
    )
}
# Words that open an infinitive group German sets off with a comma ("um sie zu bewegen").
INFINITIVE_OPENERS = {"de": frozenset({"um", "ohne", "statt", "anstatt"})}
# Words that join what follows to the word before them without a comma ("und die", "sowie
# dessen", "als um"), or make one conjunction with the opener ("so um").
JOINING_WORDS = {"de": frozenset({"und", "oder", "aber", "sondern", "denn", "doch", "bzw", "sowie", "sowohl", "weder", "noch", "als", "wie", "so", "nur", "auch", "selbst", "gerade", "erst", "vor", "allem"})}
# The N most frequent words of a language count as its function words.
FUNCTION_WORD_COUNT = 100

# --- sentence positions -----------------------------------------------------------------------

# Marks that end a sentence: a capital after one is a sentence start even where the segmenter did
# not split ("etc. The").
SENTENCE_END_MARKS = frozenset(".!?…")
# What may open a clause, so that a capital right after it is normal (`follows_opening`).
CLAUSE_OPENERS = frozenset(":«“\"'‘([{¿¡—–•*#>|/")
# What may stand before the first word of a sentence (`case.sentence-start-lowercase`). It differs
# from CLAUSE_OPENERS on purpose: a sentence may open with a hyphen or a space, and a colon or a
# slash before the first word says the line is no sentence.
SENTENCE_OPENERS = frozenset("([{“\"‘'«¿¡-–— ")
# Not unified, because they differ in behaviour: `boundary.FINAL_PUNCTUATION` (what may end a
# sentence: also closing quotes and brackets) and the marks `align.anchors` skips names after
# (sentence ends and openers together, for alignment anchors only).


def after_sentence_end(text: str, start: int) -> bool:
    """True when the word at `start` follows '.', '!', '?' or '…' (up to two spaces before it)."""
    before = text[max(0, start - 3) : start].rstrip()
    return bool(before) and before[-1] in SENTENCE_END_MARKS


# --- word shapes ---------------------------------------------------------------------------------


# `is_capitalised`'s answers by word (the case checks ask about every word of every document, most
# of them often); a plain dict, emptied when full, holds nothing the garbage collector must visit.
_CAPITALISED: dict[str, bool] = {}
_CAPITALISED_WORDS = 1 << 16


def is_capitalised(word: str) -> bool:
    """'Statement' yes; 'STATEMENT', 'iPhone', 'statement' no."""
    answer = _CAPITALISED.get(word)
    if answer is None:
        if len(_CAPITALISED) >= _CAPITALISED_WORDS:
            _CAPITALISED.clear()
        answer = _CAPITALISED[word] = word[:1].isupper() and (len(word) == 1 or word[1:].islower() or (not word[1:].isalpha() and word[1:].lower() == word[1:]))
    return answer


def fold_accents(word: str) -> str:
    """`word` without combining accents: "Élysée" → "Elysee"."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def one_edit_variants(word: str, alphabet: str) -> set[str]:
    """Every string one edit from `word` (Norvig's edits1): a deletion, a swap of two adjacent
    letters, a substitution or an insertion of a letter of `alphabet`; `word` itself excluded."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in alphabet}
    edits |= {a + c + b for a, b in splits for c in alphabet}
    edits.discard(word)
    return edits


# Characters whose presence in the surrounding non-space chunk marks a URL, e-mail, handle or code.
_CODE_CHUNK = regex.compile(r"[@#/\\_=<>{}|~^$%*+\[\]`]|\p{L}\.\p{L}|\p{Ll}\p{Lu}|\d")


# How far `is_code_like` looks on each side of a word for the ends of its chunk: without a bound,
# every word of a long run without spaces (a hostile "ab/ab/ab/…", a paragraph of Chinese) would
# walk the whole run, a quadratic time.
CODE_CHUNK_REACH = 256


def is_code_like(text: str, start: int, end: int) -> bool:
    """True when the word at `text[start:end]` is part of a URL, e-mail address, hashtag,
    @handle, file name, identifier or other non-prose chunk (looked at up to the next spaces, at
    most `CODE_CHUNK_REACH` characters on each side)."""
    left = start
    while left > 0 and start - left < CODE_CHUNK_REACH and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and right - end < CODE_CHUNK_REACH and not text[right].isspace():
        right += 1
    chunk = text[left:right].strip("\"'“”‘’«»()[]{}.,;:!?")
    return bool(_CODE_CHUNK.search(chunk))


# --- spelling variants ---------------------------------------------------------------------------

# English spelling-variant endings mapped to one key (British/American spelling). They are
# orthographic rules of the language, not a list of words.
POSSESSIVE = regex.compile(r"['’]s$")
_EN_VARIANTS = (
    (regex.compile(r"isation(s?)$"), r"ization\1"),
    (regex.compile(r"is(e|es|ed|ing|er|ers)$"), r"iz\1"),
    (regex.compile(r"our(s|ed|ing|ite|ites|ful|less)?$"), r"or\1"),
    (regex.compile(r"(?<=[^aeiou])tre(s?)$"), r"ter\1"),
    (regex.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),
    (regex.compile(r"ogue(s?)$"), r"og\1"),
    (regex.compile(r"ence(s?)$"), r"ense\1"),
)
# Any of those endings: one search tells the few words that have one (then substituted in turn).
_EN_VARIANT_ENDING = regex.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _EN_VARIANTS))


@lru_cache(maxsize=65536)
def variant_key(word: str, lang: str) -> str:
    """The key shared by spelling variants of `word`: lower case, no hyphens, no accents, no
    possessive 's and, in English, British and American endings merged."""
    key = fold_accents(POSSESSIVE.sub("", word).lower().replace("-", "").replace("‐", ""))
    if lang == "en" and _EN_VARIANT_ENDING.search(key):
        for pattern, replacement in _EN_VARIANTS:
            key = pattern.sub(replacement, key)
    return key


# --- calendar names ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarNames:
    """Month and weekday names of a language, read once from CLDR (babel)."""

    # Wide month names (format and stand-alone forms), lower-cased → month number.
    months: dict[str, int]
    # Abbreviated month names of three letters or more, without the stop → month number.
    month_abbreviations: dict[str, int]
    # Whether the language writes month names with a capital ("March", not "mars").
    months_capitalised: bool
    # Month and weekday names, wide and abbreviated (format forms), lower-cased, without the stop.
    words: frozenset[str]
    # Month number → wide month name as written in a date ("March", "mars").
    month_names: dict[int, str]


@lru_cache(maxsize=64)
def calendar_names(lang: str) -> CalendarNames:
    """The CLDR month and weekday names of `lang`; empty when babel does not know the locale.
    Kept in mtaudit's cache of parsed files (`mtaudit.filecache`): reading them loads babel's
    locale data, a part of every run's start."""
    from mtaudit import filecache

    babel = filecache.package_file("babel")
    if babel is None:
        return _read_calendar_names(lang)
    return filecache.parsed("calendar", [babel, __file__], lambda: _read_calendar_names(lang), _encode_calendar, _decode_calendar, variant=lang)


def _encode_calendar(names: CalendarNames) -> tuple[Any, ...]:
    return names.months, names.month_abbreviations, names.months_capitalised, sorted(names.words), names.month_names


def _decode_calendar(data: tuple[Any, ...]) -> CalendarNames:
    months, abbreviations, capitalised, words, month_names = data
    if not all(isinstance(value, dict) for value in (months, abbreviations, month_names)) or not isinstance(words, list):
        raise ValueError("not cached calendar names")
    return CalendarNames(months, abbreviations, bool(capitalised), frozenset(words), month_names)


def _read_calendar_names(lang: str) -> CalendarNames:
    """`calendar_names` read from babel."""
    empty = CalendarNames({}, {}, False, frozenset(), {})
    try:
        from babel import Locale

        locale = Locale.parse(lang)
    except Exception:  # unknown or malformed locale
        return empty
    try:
        months: dict[str, int] = {}
        abbreviations: dict[str, int] = {}
        for context in ("format", "stand-alone"):
            for number, name in locale.months[context]["wide"].items():
                months[name.lower()] = number
            for number, name in locale.months[context]["abbreviated"].items():
                short = name.rstrip(".").lower()
                if len(short) >= 3 and short.isalpha():
                    abbreviations[short] = number
        capitalised = all(name[:1].isupper() for name in locale.months["format"]["wide"].values())
    except Exception:  # incomplete CLDR data
        months, abbreviations, capitalised = {}, {}, False
    words: set[str] = set()
    try:
        for width in ("wide", "abbreviated"):
            words.update(str(v).lower().rstrip(".") for v in locale.months["format"][width].values())
            words.update(str(v).lower().rstrip(".") for v in locale.days["format"][width].values())
    except Exception:  # incomplete CLDR data
        words = set()
    try:
        month_names = {number: str(name) for number, name in locale.months["format"]["wide"].items()}
    except Exception:  # incomplete CLDR data
        month_names = {}
    return CalendarNames(months, abbreviations, capitalised, frozenset(words), month_names)


# --- inflection -------------------------------------------------------------------------------


def noun_endings(code: str) -> tuple[str, ...]:
    """The plural and genitive endings of nouns in language `code` (`NOUN_ENDINGS`)."""
    return NOUN_ENDINGS.get(code.replace("_", "-").split("-")[0].lower(), DEFAULT_NOUN_ENDINGS)


def inflection_pattern(word: str, endings: Sequence[str], *, case_sensitive: bool = False) -> regex.Pattern[str]:
    """A pattern for `word` as a whole word, bare or with one of `endings` (captured as the group
    `ending`, "" when bare): `inflection_pattern("Kiev", noun_endings("en"))` finds "Kiev",
    "Kiev's" and "Kievs", not "Kievan" nor "Kievsky"."""
    alternatives = "|".join(regex.escape(e) for e in sorted(set(endings), key=len, reverse=True))
    flags = 0 if case_sensitive else regex.IGNORECASE
    return regex.compile(rf"(?<!\w){regex.escape(word)}(?P<ending>{alternatives})?(?!\w)", flags)


# --- the language object -------------------------------------------------------------------------


class Language:
    """Everything the checks know about one language (by its code: "en", "fr", "de", …)."""

    def __init__(self, code: str, dict_dirs: tuple[str, ...] = ()) -> None:
        self.code = code
        self.dict_dirs = dict_dirs
        self.capitalises_nouns = code in NOUN_CAPITALISING
        self.compounds_words = code in COMPOUNDING
        self.capitalises_names_of_kinds = code in CAPITALISES_NAMES_OF_KINDS
        self.spelling_standards: tuple[str, ...] = SPELLING_STANDARDS.get(code, ())
        self.quote_pairs: tuple[tuple[str, str], ...] = QUOTE_PAIRS.get(code, (("“", "”"), ("‘", "’")))
        self.noun_endings: tuple[str, ...] = noun_endings(code)
        self.dash = DASH_MARKS.get(code, "—")
        self.relative_pronouns: frozenset[str] = RELATIVE_PRONOUNS.get(code, frozenset())
        self.relative_determiners: frozenset[str] = RELATIVE_DETERMINERS.get(code, frozenset())
        self.not_after_article: frozenset[str] = NOT_AFTER_ARTICLE.get(code, frozenset())
        self.polite_pronouns: frozenset[str] = POLITE_PRONOUNS.get(code, frozenset())
        self.verb_final_openers: frozenset[str] = VERB_FINAL_OPENERS.get(code, frozenset())
        self.finite_auxiliaries: frozenset[str] = FINITE_AUXILIARIES.get(code, frozenset())
        self.infinitive_openers: frozenset[str] = INFINITIVE_OPENERS.get(code, frozenset())
        self.joining_words: frozenset[str] = JOINING_WORDS.get(code, frozenset())

    def __repr__(self) -> str:
        return f"Language({self.code!r})"

    @cached_property
    def lexicon(self) -> Lexicon:
        """Word frequencies and the Hunspell dictionaries of the language."""
        return lexicon(self.code, self.dict_dirs)

    @cached_property
    def function_words(self) -> frozenset[str]:
        """The most frequent words of the language in wordfreq, letters only."""
        return frozenset(w for w in top_words(self.code, FUNCTION_WORD_COUNT * 2) if w.isalpha())

    @cached_property
    def calendar(self) -> CalendarNames:
        """Month and weekday names (CLDR)."""
        return calendar_names(self.code)

    # --- neighbours one edit away ---

    @cached_property
    def alphabet(self) -> str:
        """The letters of the language: those that make up at least 1 in 50,000 letters of its
        5,000 most frequent words (wordfreq)."""
        letters = Counter(c for word in top_words(self.code, 5000) for c in word if c.isalpha())
        total = sum(letters.values())
        return "".join(sorted(c for c, n in letters.items() if n * 50000 >= total))

    def neighbours(self, word: str) -> list[tuple[int, float, str]]:
        """Known words (Zipf ≥ `Band.KNOWN`) one edit from `word` (`one_edit_variants` over the
        language's alphabet), as (1, -zipf, word), most frequent first. Generation costs about
        0.2 ms a word, cheaper than building a SymSpell delete index per language and process.
        A word longer than `MAX_SEARCH_LENGTH` has no neighbours: the search would be quadratic."""
        if len(word) > MAX_SEARCH_LENGTH:
            return []
        freq = frequency_dict(self.code)
        floor = 10 ** (Band.KNOWN - 9)
        out = [(1, -(math.log10(freq[e]) + 9), e) for e in one_edit_variants(word, self.alphabet) if freq.get(e, 0.0) >= floor]
        out.sort()
        return out

    # --- known words ---

    def dictionary_accepts(self, word: str) -> bool:
        """True when a Hunspell dictionary of the language knows `word` (a stem or a stem with
        one prefix or suffix); False without a dictionary."""
        lex = self.lexicon
        if not lex.has_case_dictionary:
            return False
        return lex.in_dictionary(word) or lex.accepts(word, ignore_case=True) is True

    def is_dictionary_word(self, word: str) -> bool:
        """A word of the Hunspell dictionary or (in compounding languages) a compound of known words."""
        return self.dictionary_accepts(word) or (self.compounds_words and self.is_compound(word))

    def is_known_word(self, word: str) -> bool:
        """A frequent word, a dictionary word, or (in compounding languages) a compound of known words."""
        return self.lexicon.zipf(word) >= Band.KNOWN or self.is_dictionary_word(word)

    def is_compound(self, word: str, depth: int = 0) -> bool:
        """True when `word` splits into two known words, with an optional linking s/es/n/en/e
        ("Regierungssprecher" = "Regierung" + s + "Sprecher"); never for a word longer than
        `MAX_COMPOUND_LENGTH`, whose splits would cost a cubic time."""
        if len(word) > MAX_COMPOUND_LENGTH:
            return False
        lower = word.lower()
        for cut in range(4, len(lower) - 3):
            head, tail = lower[:cut], lower[cut:]
            if not self._known_part(tail) and not (depth < 1 and len(tail) >= 10 and self.is_compound(tail, depth + 1)):
                continue
            if self._known_part(head):
                return True
            for link in ("s", "es", "n", "en", "e"):
                if head.endswith(link) and self._known_part(head[: -len(link)]):
                    return True
        return False

    def _known_part(self, part: str) -> bool:
        """A possible part of a compound: four letters or more, and a dictionary word (or, without
        a dictionary, a frequent word). Frequency alone is weak: wordfreq counts English words
        quoted in German text ("child" 3.4)."""
        if len(part) < 4:
            return False
        lex = self.lexicon
        if lex.zipf(part) >= Band.WELL_KNOWN:
            return True
        if lex.has_case_dictionary:
            return self.dictionary_accepts(part)
        return lex.zipf(part) >= Band.KNOWN

    # --- words a non-word may have been meant as ---

    @cached_property
    def _well_known_sorted(self) -> list[str]:
        """The language's well-known words (Zipf ≥ `Band.WELL_KNOWN`, letters only), sorted."""
        floor = 10 ** (Band.WELL_KNOWN - 9)
        return sorted(w for w, f in frequency_dict(self.code).items() if f >= floor and w.isalpha())

    def completions(self, prefix: str, extra: int = 2) -> list[str]:
        """Well-known words that start with `prefix` and are at most `extra` letters longer: what
        a word cut off at its end ("governme", "becaus") was meant to be. Binary search over the
        sorted well-known words, so the cost is the number of words returned."""
        words = self._well_known_sorted
        out = []
        for index in range(bisect.bisect_left(words, prefix), len(words)):
            word = words[index]
            if not word.startswith(prefix):
                break
            if len(prefix) < len(word) <= len(prefix) + extra:
                out.append(word)
        return out

    def any_one_edit(self, word: str) -> list[tuple[float, str]]:
        """Well-known words one edit from `word`, the first letter included ("overnment" →
        "government"), as (zipf, word), most frequent first: for words the dictionary rejects."""
        lex = self.lexicon
        found = {w for w in one_edit_variants(word, self.alphabet) if lex.zipf(w) >= Band.WELL_KNOWN} | set(self.completions(word))
        return sorted(((lex.zipf(w), w) for w in found), reverse=True)


def language(code: str, dict_dirs: Sequence[str] | None = None) -> Language:
    """The shared `Language` of a language code, with the Hunspell dictionaries of `dict_dirs`
    (default: `mtaudit.lexicon.dictionary_dirs()`, read now); built once per code and folder list."""
    return _language(code, dictionary_dirs(dict_dirs))


@lru_cache(maxsize=32)
def _language(code: str, dict_dirs: tuple[str, ...]) -> Language:
    return Language(code, dict_dirs)


def restore_case(original: str, correction: str, lex: Lexicon) -> str:
    """The correction spelled with the case of the original ("Statment" → "Statement"), or with
    the dictionary's capital when the dictionary knows the correction only capitalised."""
    forms = lex.case_forms(correction)
    if forms and not any(f.islower() for f in forms) and original.islower():
        return sorted(forms)[0]
    if original[:1].isupper():
        return correction[:1].upper() + correction[1:]
    return correction


def is_ending_variant(word: str, candidate: str) -> bool:
    """True when the two spellings differ only in their last letter or by letters added at the
    end: "hirings"/"hiring", "automotives"/"automotive", "Investec"/"Invested". Those are
    inflections and derived words far more often than typos."""
    short, long_ = sorted((word, candidate), key=len)
    if long_.startswith(short):
        return True
    return len(word) == len(candidate) and word[:-1] == candidate[:-1]
