"""A small reader of Hunspell dictionaries: the stems of the `.dic` file and the prefix and
suffix rules of the `.aff` file (one of each per word).

mtaudit asks a dictionary three questions: how it spells a word ("Kremlin"; "may" and "May"),
whether it accepts a word in any case (is "statments" a word?), and whether it accepts a
lower-case word as written (is "ukraine" only ever a capitalised name?). Stems with a prefix, a
suffix or both answer all three for English, French and Spanish, and well enough for German,
whose compounds `mtaudit.language.Language.is_compound` splits itself. The flags FORBIDDENWORD, NEEDAFFIX and
ONLYINCOMPOUND are honoured. Compounding rules and continuation classes (an affix on an affix)
are not applied — continuation flags are read only to drop affixes whose result is a compound
part — so a word that needs them is not accepted, which errs on the side of a finding.

A full Hunspell in pure Python (spylls) answered the same questions before; loading it took
0.5 s for English and 1.9 s for French, against about 0.1 s here.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

# The .aff options that make a stem no word of its own (PSEUDOROOT is NEEDAFFIX's old name).
_SPECIAL_FLAGS = {"FORBIDDENWORD": "forbidden", "NEEDAFFIX": "affix", "PSEUDOROOT": "affix", "ONLYINCOMPOUND": "compound"}
_DIC_ENTRY = re.compile(r"^([^/\s#][^/\s]*)(?:/(\S*))?", re.MULTILINE)


@dataclass(frozen=True)
class AffixRule:
    """One affix rule: the affix is replaced by `strip`, and the stem must then carry `flag` and
    match `condition` (a Hunspell condition such as "[^aeiou]y", at the end of the stem for a
    suffix, at its start for a prefix)."""

    flag: str
    strip: str
    condition: str
    suffix: bool
    continuation: str = ""  # flags the affixed form carries (Hunspell's "add/flags")

    def matches(self, stem: str) -> bool:
        return self.condition == "." or _condition(self.condition, self.suffix).search(stem) is not None


class Dictionary:
    """One Hunspell dictionary: its stems and its affix rules by affix.

    `stems` maps each spelling to the flags of its entries, one space between entries (a word may
    have several: German "all/A" and "all/Sozm" give "A Sozm"). Entries flagged FORBIDDENWORD (listed misspellings such as German
    "Abendmal") or ONLYINCOMPOUND (parts that live only inside compounds, "äbte") are left out.
    `bound` are the spellings whose every entry is flagged NEEDAFFIX: no word without an affix
    ("Änderungs"). Read from mtaudit's cache, `stems` is a `mtaudit.filecache.TextTable`: the
    stems stay one string, searched when a spelling is looked up.
    """

    def __init__(
        self,
        stems: Mapping[str, str],
        flag_mode: str,
        suffixes: dict[str, tuple[AffixRule, ...]],
        prefixes: dict[str, tuple[AffixRule, ...]],
        bound: frozenset[str] = frozenset(),
    ) -> None:
        self.stems = stems
        self.flag_mode = flag_mode
        self.suffixes = suffixes
        self.prefixes = prefixes
        self.bound = bound

    def is_word(self, spelling: str) -> bool:
        """A stem that is a word on its own, spelt exactly so."""
        return spelling in self.stems and spelling not in self.bound

    def accepts(self, word: str, *, ignore_case: bool) -> bool:
        """True when `word` is a stem, or a stem with a prefix, a suffix or both
        ("independently" = "in" + "dependent" + "ly"). With `ignore_case` ("Statments",
        "STATEMENT") the word is taken in lower case and a stem may be spelt in lower case, with
        a capital or in capitals ("ukraine" is "Ukraine"); without, the word must be spelt as the
        dictionary spells it ("ukraine" is not "Ukraine")."""
        if ignore_case:
            word = word.lower()
        spellings = _spellings if ignore_case else _as_is
        if any(self.is_word(s) for s in spellings(word)):
            return True
        for stem, flags in self._analyses(word):
            for spelling in spellings(stem):
                entries = self.stems.get(spelling)
                if entries is not None and any(flags <= split_flags(entry, self.flag_mode) for entry in entries.split(" ")):
                    return True
        return False

    def _analyses(self, word: str) -> Iterator[tuple[str, frozenset[str]]]:
        """Every (stem, flags the stem must carry) that one suffix, one prefix, or a prefix and a
        suffix together could have made `word` from."""
        for stem, rule in self._strip_suffixes(word):
            yield stem, frozenset((rule.flag,))
        for size in range(min(len(word) - 1, 12) + 1):
            for prefix_rule in self.prefixes.get(word[:size], ()):
                rest = prefix_rule.strip + word[size:]
                if prefix_rule.matches(rest):
                    yield rest, frozenset((prefix_rule.flag,))
                for stem, rule in self._strip_suffixes(rest):
                    if prefix_rule.matches(stem):
                        yield stem, frozenset((prefix_rule.flag, rule.flag))

    def _strip_suffixes(self, word: str) -> Iterator[tuple[str, AffixRule]]:
        for size in range(min(len(word) - 1, 12) + 1):  # size 0: a rule that adds nothing
            cut = len(word) - size
            for rule in self.suffixes.get(word[cut:], ()):
                stem = word[:cut] + rule.strip
                if rule.matches(stem):
                    yield stem, rule


def _spellings(lower: str) -> tuple[str, ...]:
    """A lower-case word as a dictionary may spell it: "paris", "Paris", "PARIS"."""
    return (lower, lower[:1].upper() + lower[1:], lower.upper())


def _as_is(word: str) -> tuple[str, ...]:
    return (word,)


def split_flags(flags: str, mode: str) -> frozenset[str]:
    """The flags of a stem: one character each, two characters each (FLAG long), or
    comma-separated numbers (FLAG num)."""
    if mode == "long":
        return frozenset(flags[i : i + 2] for i in range(0, len(flags), 2))
    if mode == "num":
        return frozenset(f for f in flags.split(",") if f)
    return frozenset(flags)


@lru_cache(maxsize=4096)
def _condition(pattern: str, suffix: bool) -> regex.Pattern[str]:
    if pattern == ".":
        return regex.compile("")
    try:
        return regex.compile(pattern.lower() + "$" if suffix else "^" + pattern.lower())
    except regex.error:
        return regex.compile("")


def cached_dictionary(dic_path: str) -> Dictionary | None:
    """`read_dictionary(dic_path)`, from mtaudit's cache of parsed files when the `.dic` and `.aff`
    files (and this reader) are unchanged since it was cached (`mtaudit.filecache`): a third of the
    time of parsing them."""
    from mtaudit import filecache

    return filecache.parsed("hunspell", [dic_path, dic_path[:-4] + ".aff", __file__], lambda: read_dictionary(dic_path), _encode, _decode)


def _encode(dictionary: Dictionary) -> tuple[Any, ...]:
    """A `Dictionary` as plain data for `marshal`: its stems as a `TextTable` (an audit looks up a
    few thousand of English's 175,000: making them all into dicts cost 0.03 s of every run), its
    affix rules as tuples of their fields."""
    from mtaudit.filecache import encode_table

    def rules(table: dict[str, tuple[AffixRule, ...]]) -> dict[str, list[tuple[str, str, str, bool, str]]]:
        return {key: [(r.flag, r.strip, r.condition, r.suffix, r.continuation) for r in found] for key, found in table.items()}

    return encode_table(dictionary.stems), dictionary.flag_mode, rules(dictionary.suffixes), rules(dictionary.prefixes), sorted(dictionary.bound)


def _decode(data: tuple[Any, ...]) -> Dictionary:
    """The `Dictionary` that `_encode` wrote; raises on data of another shape."""
    from mtaudit.filecache import TextTable

    table, flag_mode, suffixes, prefixes, bound = data
    stems: TextTable[str] = TextTable(table)
    if not isinstance(flag_mode, str):
        raise ValueError("not a cached dictionary")

    def rules(table: dict[str, list[tuple[str, str, str, bool, str]]]) -> dict[str, tuple[AffixRule, ...]]:
        return {key: tuple(AffixRule(*fields) for fields in found) for key, found in table.items()}

    return Dictionary(stems, flag_mode, rules(suffixes), rules(prefixes), frozenset(bound))


def read_dictionary(dic_path: str) -> Dictionary | None:
    """The dictionary at `dic_path` and the `.aff` file beside it; None when either cannot be read."""
    try:
        with open(dic_path[:-4] + ".aff", "rb") as handle:
            aff_raw = handle.read()
        with open(dic_path, "rb") as handle:
            dic_raw = handle.read()
    except OSError:
        return None
    aff_raw = aff_raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark
    encoding = _encoding(aff_raw)
    mode = "char"
    special: dict[str, str] = {}  # FORBIDDENWORD, NEEDAFFIX, ONLYINCOMPOUND → their flag
    suffixes: dict[str, list[AffixRule]] = {}
    prefixes: dict[str, list[AffixRule]] = {}
    for line in aff_raw.decode(encoding, errors="replace").splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[0] == "FLAG":
            mode = fields[1].lower()
        if len(fields) >= 2 and fields[0] in _SPECIAL_FLAGS:
            special[_SPECIAL_FLAGS[fields[0]]] = fields[1]
        if len(fields) < 5 or fields[0] not in ("SFX", "PFX"):
            continue
        is_suffix = fields[0] == "SFX"
        strip = "" if fields[2] == "0" else fields[2].lower()
        add, _, continuation = fields[3].partition("/")
        add = "" if add == "0" else add.lower()
        table = suffixes if is_suffix else prefixes
        table.setdefault(add, []).append(AffixRule(fields[1], strip, fields[4], is_suffix, continuation))
    # An affixed form that is itself only a compound part or forbidden ("Änderungs" + an empty
    # suffix carrying ONLYINCOMPOUND) is no word: drop such rules.
    unusable = {flag for kind, flag in special.items() if kind in ("compound", "forbidden")}
    if unusable:
        for table in (suffixes, prefixes):
            for key in list(table):
                table[key] = [r for r in table[key] if not (split_flags(r.continuation, mode) & unusable)]
    stems: dict[str, str] = {}
    dic_text = dic_raw.decode(encoding, errors="replace")
    for word, flags in _DIC_ENTRY.findall(dic_text, dic_text.find("\n") + 1):
        stems[word] = f"{stems[word]} {flags}" if word in stems else flags
    bound: set[str] = set()
    if special:
        # a quick test on the text first (most entries carry none of these flags), then the exact one
        marked = re.compile("|".join(re.escape(flag) for flag in special.values()))
        for word in [w for w, entries in stems.items() if marked.search(entries)]:
            entries = stems[word].split(" ")
            flag_sets = [split_flags(f, mode) for f in entries]
            usable = [(f, fs) for f, fs in zip(entries, flag_sets, strict=True) if not fs & {special.get("forbidden"), special.get("compound")}]
            if not usable:
                del stems[word]
                continue
            stems[word] = " ".join(f for f, _ in usable)
            if all(special.get("affix") in fs for _, fs in usable):
                bound.add(word)
    return Dictionary(stems, mode, {k: tuple(v) for k, v in suffixes.items()}, {k: tuple(v) for k, v in prefixes.items()}, frozenset(bound))


def _encoding(aff_raw: bytes) -> str:
    """The SET encoding of an `.aff` file (Hunspell's default is ISO 8859-1)."""
    match = re.search(rb"^SET\s+(\S+)", aff_raw, re.MULTILINE)
    name = match.group(1).decode("ascii", errors="replace") if match else "ISO8859-1"
    try:
        return codecs.lookup(name.replace("microsoft-", "").replace("ISO8859", "ISO-8859")).name
    except LookupError:
        return "utf-8"
