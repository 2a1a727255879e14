"""Numbers, dates, amounts, percentages and links in running text, read the way a locale writes them.

`extract(text, lang)` finds what must survive translation unchanged (the `source.*` checks compare
it across each aligned sentence pair): numbers in the locale's format (decimal and group symbols from
the CLDR data of `babel`), times, month names (CLDR, via `mtaudit.language.calendar_names`), number
words (`num2words`), Roman numerals, Chinese and Japanese numerals such as 四万 (a small parser),
URLs, e-mail addresses and @handles. Each `Entity` carries the normalised keys under which the
other side may write it. `pair_entities` matches them pair by pair and across neighbouring pairs,
and `format_value` writes a value back in a locale's format for a suggestion.

No check lives here: this is the parser the checks share.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

import regex

from mtaudit.language import calendar_names

if TYPE_CHECKING:
    from mtaudit.records import SentencePair

Key = tuple[str, str]
T = TypeVar("T")

# Values up to this are often written out, or dropped as obvious ("one of", "the two"): a missing
# or added one alone is never reported, a changed one only with low confidence.
SMALL = 10
NUMBER_KINDS = frozenset({"number", "percent", "amount", "time"})
LINK_KINDS = frozenset({"url", "email", "handle"})

_SPACE_GROUP = "\u00a0\u202f\u2009 "
_NUMBER = regex.compile(
    r"(?<![\p{N}.,])\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3}(?!\d))+(?:[.,]\d+)?(?!\d)"  # 1 250 000,50
    r"|(?<![\p{N}.,])\d+,\s\d{1,2}(?=\s?%)"  # "0, 5 %": a decimal comma followed by a stray space
    r"|(?<![\p{N}.,])\d+(?:[.,'’]\d+)*"
)
_TIME = (
    r"(?<![\d.,:])(?P<h>[01]?\d|2[0-4])(?:"
    r"\s?(?:[hH]{hours})\s?(?P<m1>[0-5]\d)?(?!\p{{L}})"
    r"|\s?:\s?(?P<m2>[0-5]\d)(?![\d:])(?:\s?(?P<ap1>[aApP])\.?\s?[mM]\b\.?)?"
    r"|\s?(?P<ap2>[aApP])\.?[mM]\.?(?!\p{{L}}))"
)
_URL = regex.compile(r"(?:https?://|www\.)[^\s<>\"'»)\]]+|(?<![\w@.\-/])(?:[a-z0-9\-]{2,}\.)+[a-z]{2,6}(?:/[^\s<>\"'»)\]]*)?(?![\w@])")
# What every match of `_URL` contains: "://" or "www." (its first form) or a dot before a small
# letter (the last dot of a domain name): a text with none of them is not searched for links.
_URL_HINT = re.compile(r"://|www\.|\.[a-z]")
_EMAIL = regex.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_HANDLE = regex.compile(r"(?<![\w@])@\w{2,}")
# A word, or words joined by hyphens ("vingt-deux").
WORD_RUN = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:[\-‐]\p{L}[\p{L}\p{M}]*)*")
_ROMAN = regex.compile(r"(?<!\p{L})(?=[MDCLXVI]{2,})M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})(?:e|er|ème|th|st|nd|rd)?(?![\p{L}\d])")
_CJK_NUM = regex.compile(r"(?P<arabic>\d+(?:\.\d+)?)?(?P<cjk>[零〇一二两三四五六七八九十百千万萬亿億]+)")
_CJK_MONTH = regex.compile(r"(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})月")
# A CJK scale character right after a number ("4万", "3千"), after 多 or 余 ("more than") if need be.
_CJK_SCALE = regex.compile(r"[多余]?([万萬亿億千百])")
_CURRENCY = regex.compile(r"\p{Sc}")
_DIGIT = regex.compile(r"\d")  # what `_NUMBER` and the time pattern start with
_TRAILING = ".,;:!?)]}'\"»”’"

_CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CJK_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CJK_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
# "几十亿" (billions), "数百" (hundreds), "上万" (tens of thousands): approximate, not a figure.
_CJK_APPROXIMATE = frozenset("几数上成好近")
_CJK_LANGS = frozenset({"zh", "ja", "ko", "yue", "wuu"})


@dataclass(frozen=True)
class Entity:
    """Something that should survive translation: its kind, where it is, and the normalised keys
    under which it may be found on the other side (a value and its alternative readings)."""

    kind: str  # number, percent, amount, time, month, spelled, url, email, handle
    start: int
    end: int
    text: str
    keys: frozenset[Key]
    flaggable: bool = True
    value: Decimal | None = None
    decimals: int = 0
    grouped: bool = False
    scale: int = 1  # a scale word follows: "1,5 milliard", "4万"

    @property
    def small(self) -> bool:
        value = self.value
        return self.kind == "number" and value is not None and value * self.scale <= SMALL and value == value.to_integral_value()


def _norm(value: Decimal) -> str:
    normal = value.normalize()
    return format(normal, "f") if normal == normal.to_integral_value() or abs(normal.as_tuple().exponent) < 30 else str(normal)


def _number_key(value: Decimal) -> Key:
    return ("n", _norm(value))


# --- locale data --------------------------------------------------------------------------------


def _cached(kind: str, package: str, build: Callable[[], T], lang: str, shape: Callable[[Any], bool]) -> T:
    """`build()` (data of `lang` read from `package`: babel's CLDR data, num2words), kept in
    mtaudit's cache of parsed files (`mtaudit.filecache`) while the package and this module are
    unchanged: reading them is a part of every run's start. Values are tuples, lists, dicts and
    strings, stored as they are; a stored value for which `shape` is false is not used."""
    from mtaudit import filecache

    def decode(data: Any) -> T:
        if not shape(data):
            raise ValueError(f"not cached {kind}")
        return data  # type: ignore[no-any-return]

    marker = filecache.package_file(package)
    if marker is None:
        return build()
    return filecache.parsed(kind, [marker, __file__], build, lambda value: value, decode, variant=lang)


def _strings(values: Any) -> bool:
    return isinstance(values, list | tuple) and all(isinstance(value, str) for value in values)


@lru_cache(maxsize=64)
def _symbols(lang: str) -> tuple[str, str]:
    """Decimal and group symbols of `lang` (CLDR via babel); English's when unknown."""
    return _cached("symbols", "babel", lambda: _read_symbols(lang), lang, lambda data: _strings(data) and len(data) == 2)


def _read_symbols(lang: str) -> tuple[str, str]:
    try:
        from babel.numbers import get_decimal_symbol, get_group_symbol

        locale = lang.replace("-", "_")  # babel writes "de_AT" for the "de-AT" users give
        return get_decimal_symbol(locale), get_group_symbol(locale)
    except Exception:  # unknown locale
        return ".", ","


@lru_cache(maxsize=64)
def _time_pattern(lang: str) -> regex.Pattern[str]:
    """Clock times: "13h30", "1:30 p.m.", and "23 heures 30" with the language's word for hours
    (CLDR unit names via babel)."""
    words = set(_cached("hours", "babel", lambda: sorted(_hour_words(lang)), lang, _strings))
    hours = "".join("|" + w for w in sorted(words, key=len, reverse=True))
    return regex.compile(_TIME.format(hours=hours))


def _hour_words(lang: str) -> set[str]:
    """The language's words for hours (escaped for a pattern), from CLDR's unit names."""
    words: set[str] = set()
    try:
        from babel.units import format_unit

        for count in (1, 2):
            name = regex.sub(r"[\d\s\u00a0\u202f]+", "", str(format_unit(count, "duration-hour", "long", locale=lang)))
            if name.isalpha() and not name.lower().startswith("hour"):
                words.add(regex.escape(name))
    except Exception:
        pass
    return words


def month_name(lang: str, month: int) -> str | None:
    """The wide name of month number `month` in `lang` ("March"), None when CLDR has none."""
    return calendar_names(lang).month_names.get(month)


@lru_cache(maxsize=64)
def _number_words(lang: str) -> tuple[dict[str, int], dict[str, int], frozenset[str]]:
    """Number words of `lang` from num2words: units (0–100, ordinals 1–31), scales (thousand,
    million… with plural forms) and the connectors that join them ("and", "et", "y", "und")."""
    units, scales, connectors = _cached("number-words", "num2words", lambda: _listed(_read_number_words(lang)), lang, _number_words_shape)
    return units, scales, frozenset(connectors)


def _number_words_shape(data: Any) -> bool:
    tables = data[:2] if isinstance(data, tuple) and len(data) == 3 else ()
    return bool(tables) and all(isinstance(t, dict) and _strings(list(t)) and all(type(v) is int for v in t.values()) for t in tables) and _strings(data[2])


def _listed(words: tuple[dict[str, int], dict[str, int], frozenset[str]]) -> tuple[dict[str, int], dict[str, int], list[str]]:
    """`_number_words` as the cache stores it: the connectors as a sorted list."""
    return words[0], words[1], sorted(words[2])


def _read_number_words(lang: str) -> tuple[dict[str, int], dict[str, int], frozenset[str]]:
    """`_number_words` read from num2words."""
    units: dict[str, int] = {}
    scales: dict[str, int] = {}
    connectors: set[str] = set()
    try:
        from num2words import num2words
    except ImportError:
        return units, scales, frozenset()
    try:
        num2words(1, lang=lang)
    except Exception:  # language not covered (e.g. zh: handled by the CJK parser)
        return units, scales, frozenset()
    for n in range(101):
        units.setdefault(num2words(n, lang=lang).lower(), n)
    for n in range(1, 32):
        try:
            units.setdefault(num2words(n, lang=lang, to="ordinal").lower(), n)
        except Exception:
            break
    one = num2words(1, lang=lang).lower()
    for hundreds in range(200, 1000, 100):
        words = num2words(hundreds, lang=lang).lower().split()
        if len(words) == 1:
            units.setdefault(words[0], hundreds)  # Spanish "doscientos", German "zweihundert"
    for hundreds in range(100, 1000, 100):
        alone = num2words(hundreds, lang=lang).lower().split()
        words = num2words(hundreds + 1, lang=lang).lower().split()
        # Where the hundred alone is a count and a hundred word (Romanian "două sute" + "unu"), the
        # first word is the count ("două" = 2), not a hundred; Tetum "atus ida" is "hundred one".
        counted = len(alone) > 1 and alone[-1] != one and words[: len(alone)] == alone
        if len(words) > 1 and words[-1] == one and not counted:
            units.setdefault(words[0], hundreds)  # Spanish "ciento" (uno), Portuguese "cento" (e um)
    for exponent in (2, 3, 6, 9, 12):
        scale = 10**exponent
        for k in range(1, 10):
            try:
                words = num2words(k * scale, lang=lang).lower().split()
            except OverflowError:  # beyond what num2words writes in the language (Telugu: 10^10)
                break
            last = words[-1]
            prefix = num2words(k, lang=lang).lower()
            if len(words) == 2 and k > 1 and words[0] not in units:
                # The form a small number takes before a scale word, when it differs from the one
                # num2words gives alone: Slovenian "dva milijona" (alone: "dve"), Russian "две тысячи".
                units[words[0]] = k
            if len(words) == 1 and last.startswith(prefix) and len(last) > len(prefix) + 2:
                last = last[len(prefix) :]  # German "zweitausend" → "tausend"
            elif len(words) == 1 and k > 1:
                if exponent >= 3 and last not in units:
                    scales.setdefault(last, k * scale)  # a dual scale word: Arabic "مليونا" = 2,000,000
                continue  # one word for the whole product (Portuguese "duzentos" = 200): no scale word
            count = units.get(words[0], k) if len(words) == 2 else k
            if last not in units:
                # the scale word is worth the product over its count: Bengali "দশ লাখ" (ten lakh) is
                # a million, so a lakh is 100,000
                scales.setdefault(last, k * scale // count if count and k * scale % count == 0 else scale)
    for n in (21, 101, 121, 1001):
        for word in num2words(n, lang=lang).lower().split():
            if word not in units and word not in scales and not any(c.isdigit() for c in word):
                connectors.add(word)
    # Frequent words that are also parts of numbers elsewhere ("un" = "a", "one" = "someone").
    return units, scales, frozenset(connectors)


# --- extraction ---------------------------------------------------------------------------------


def _parse_number(raw: str, lang: str) -> tuple[list[Decimal], int, bool]:
    """Readings of a digit string as written in `lang`: the preferred value first, then other
    plausible readings ("1,500" is 1.5 in German and 1500 in English). Returns values, decimals
    of the preferred value and whether group separators were used."""
    decimal_symbol, _group = _symbols(lang)
    compact = raw
    grouped = False
    if any(c in _SPACE_GROUP for c in raw):
        compact = "".join(c for c in raw if c not in _SPACE_GROUP)
        grouped = True
    compact = compact.replace("'", "").replace("’", "").replace(", ", ",")
    seps = [c for c in compact if c in ".,"]
    digits = compact.replace(".", "").replace(",", "")
    if not seps:
        return [Decimal(digits)], 0, grouped
    parts = regex.split(r"[.,]", compact)
    if len(set(seps)) == 2:
        last = max(compact.rfind("."), compact.rfind(","))
        integer = compact[:last].replace(".", "").replace(",", "")
        fraction = compact[last + 1 :]
        return [Decimal(f"{integer}.{fraction}")], len(fraction), True
    if len(seps) > 1:
        if all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3:
            return [Decimal(digits)], 0, True
        return [], 0, False  # a date or version number: read as separate numbers by the caller
    sep = seps[0]
    integer, fraction = parts
    as_decimal = Decimal(f"{integer or '0'}.{fraction}")
    if len(fraction) == 3 and 1 <= len(integer) <= 3 and integer != "0":
        as_group = Decimal(integer + fraction)
        if sep == decimal_symbol:
            return [as_decimal, as_group], 3, grouped
        return [as_group, as_decimal], 0, True
    return [as_decimal], len(fraction), grouped


def _scale_after(text: str, end: int, lang: str) -> tuple[int, int] | None:
    """A scale word right after a number ("1,5 milliard", "2 millions", "4万"): (factor, end)."""
    cjk = _CJK_SCALE.match(text, end, end + 2)
    if cjk:
        char = cjk.group(1)
        return _CJK_BIG_UNITS.get(char) or _CJK_SMALL_UNITS[char], cjk.end()
    match = WORD_RUN.match(text, end + 1) if text[end : end + 1].isspace() else None
    if match:
        _units, scales, _c = _number_words(lang)
        word = match.group().lower()
        if word in scales and scales[word] >= 1000:
            return scales[word], match.end()
    return None


def expression_end(text: str, entity: Entity, lang: str) -> int:
    """Where `entity`'s whole number expression ends in `text`: after its scale word when it has one
    ("1.5 million", "4万"), so that a replacement can take the scale word with it."""
    scale = _scale_after(text, entity.end, lang) if entity.scale > 1 else None
    return scale[1] if scale else entity.end


def _parse_cjk(run: str) -> int | None:
    """Value of a run of Chinese numerals ("四万" 40000, "两千三百" 2300, "二〇一二" 2012)."""
    if all(c in _CJK_DIGITS for c in run):
        # one digit ("三月", March) or a year written digit by digit ("二〇一二"); "两" is a count,
        # never a digit of a year ("三三两两", in twos and threes, is no number)
        if len(run) == 1:
            return _CJK_DIGITS[run]
        return int("".join(str(_CJK_DIGITS[c]) for c in run)) if len(run) == 4 and "两" not in run else None
    total = section = number = 0
    last_digit = False
    for char in run:
        if char in _CJK_DIGITS:
            if last_digit and _CJK_DIGITS[char] != 0 and number:
                return None  # "一一", "三三两两": not a number
            number = _CJK_DIGITS[char]
            last_digit = True
        elif char in _CJK_SMALL_UNITS:
            section += (number or (1 if char == "十" else 0)) * _CJK_SMALL_UNITS[char]
            if number == 0 and char != "十":
                return None
            number, last_digit = 0, False
        else:
            if section + number == 0:
                return None
            total += (section + number) * _CJK_BIG_UNITS[char]
            section = number = 0
            last_digit = False
    return total + section + number


# A digit other than 0-9. `regex` knows the digits of a newer Unicode version than this Python's
# `int` and `Decimal` can read (Kirat Rai "\U00016d70" is a digit to the first and not to the others).
_OTHER_DIGIT = regex.compile(r"[\p{Nd}--[0-9]]", regex.V1)


def readable_digits(text: str) -> str:
    """`text` with every digit this Python cannot read as a number replaced by U+FFFD, one
    character for one, so offsets hold and no number is read from a digit Python does not know."""
    if text.isascii() or not _OTHER_DIGIT.search(text):
        return text
    return _OTHER_DIGIT.sub(lambda m: m.group() if unicodedata.decimal(m.group(), None) is not None else "\ufffd", text)


@lru_cache(maxsize=64)
def _base_language(lang: str) -> str:
    """The language of a code without its region or script ("pt-BR", "zh_Hant" → "pt", "zh"),
    worked out once per code: `extract` runs on every text."""
    return lang.split("-")[0].split("_")[0].lower()


def extract(text: str, lang: str) -> tuple[Entity, ...]:
    """Every entity of `text` written in `lang`, in order of position."""
    text = readable_digits(text)
    out: list[Entity] = []
    taken = bytearray(len(text))

    def free(start: int, end: int) -> bool:
        return taken.find(1, start, end) < 0

    def take(start: int, end: int) -> None:
        taken[start:end] = b"\x01" * (end - start)

    has_at = "@" in text  # an e-mail address or a handle needs one
    has_url = _URL_HINT.search(text) is not None
    for pattern, kind in ((_EMAIL, "email"), (_URL, "url"), (_HANDLE, "handle")):
        if not (has_url if kind == "url" else has_at):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            while end > start and text[end - 1] in _TRAILING:
                end -= 1
            if end - start < 4 or not free(start, end):
                continue
            value = text[start:end]
            key = value.lower()
            if kind == "url":
                key = regex.sub(r"^(?:https?://)?(?:www\.)?", "", key).rstrip("/")
            take(start, end)
            out.append(Entity(kind, start, end, value, frozenset({(kind[0], key)})))
    base = _base_language(lang)
    if base in _CJK_LANGS:
        out.extend(_extract_cjk(text, take, free))
    has_digit = _DIGIT.search(text) is not None  # a time or a number needs one
    for match in _time_pattern(base).finditer(text) if has_digit else ():
        start, end = match.span()
        hour = int(match.group("h"))
        minute = int(match.group("m1") or match.group("m2") or 0)
        ampm = (match.group("ap1") or match.group("ap2") or "").lower()
        if not free(start, end) or (ampm and hour > 12) or (not ampm and match.group("m2") is None and match.group("m1") is None and "h" not in match.group().lower()):
            continue
        if ampm == "p" and hour < 12:
            hour += 12
        keys = {("t", str((hour % 12) * 60 + minute))}
        if minute == 0:
            keys |= {_number_key(Decimal(hour)), _number_key(Decimal(hour % 12 or 12))}
        take(start, end)
        out.append(Entity("time", start, end, match.group(), frozenset(keys), value=Decimal(hour)))
    # before the digits: "2 and a half million" is one value, not a 2 and half a million
    out.extend(_extract_fractions(text, base, taken))
    for match in _NUMBER.finditer(text) if has_digit else ():
        start, end = match.span()
        raw = match.group()
        if not free(start, end):
            continue
        values, decimals, grouped = _parse_number(raw, lang)
        if not values:  # 12.03.2012, 1.2.3: separate numbers
            for part in regex.finditer(r"\d+", raw):
                value = Decimal(part.group())
                out.append(_number_entity(text, start + part.start(), start + part.end(), [value], 0, False, lang))
            take(start, end)
            continue
        take(start, end)
        out.append(_number_entity(text, start, end, values, decimals, grouped, lang))
    words = _lower_words(text)
    out.extend(_extract_months(text, base, taken, words))
    out.extend(_extract_words(text, base, taken, words))
    out.sort(key=lambda e: (e.start, e.end))
    return tuple(_year_ranges(text, out))


_RANGE_DASH = regex.compile(r"\s?[-‐–—/]\s?")


def _year_ranges(text: str, entities: list[Entity]) -> list[Entity]:
    """"1997–98" is 1997 to 1998: the short end of a range of years also carries the full year,
    so that "1997 bis 1998" or "1998" on the other side matches it."""
    out = list(entities)
    for i in range(1, len(out)):
        first, second = out[i - 1], out[i]
        if first.kind != "number" or second.kind != "number" or first.value is None or second.value is None:
            continue
        if not (1000 <= first.value <= 2100 and len(second.text) == 2 and _RANGE_DASH.fullmatch(text[first.end : second.start])):
            continue
        century = int(first.value) // 100 * 100
        full = century + int(second.value) + (100 if int(second.value) < int(first.value) % 100 else 0)
        out[i] = Entity(second.kind, second.start, second.end, second.text, second.keys | {_number_key(Decimal(full))}, second.flaggable,
                        second.value, second.decimals, second.grouped, second.scale)
    return out


def _number_entity(text: str, start: int, end: int, values: list[Decimal], decimals: int, grouped: bool, lang: str) -> Entity:
    keys = {_number_key(v) for v in values} | _decade_keys(values[0])
    scale = _scale_after(text, end, lang)
    if scale:
        keys |= {_number_key(v * scale[0]) for v in values}
    if values[0] == values[0].to_integral_value() and 1 <= values[0] <= 12:
        keys.add(("m", str(int(values[0]))))
    after = text[end : end + 2].lstrip("\u00a0\u202f\u2009 ")
    before = text[max(0, start - 2) : start].rstrip("\u00a0\u202f\u2009 ")
    kind = "number"
    if after.startswith("%") or after.startswith("‰"):
        kind = "percent"
    elif _CURRENCY.match(after[:1] or " ") or _CURRENCY.match(before[-1:] or " "):
        kind = "amount"
    flaggable = not _inside_word(text, start, end)
    return Entity(kind, start, end, text[start:end], frozenset(keys), flaggable, values[0], decimals, grouped, scale[0] if scale else 1)


def _decade_keys(value: Decimal) -> set[Key]:
    """"les années 60" is "the 1960s", "the mid-90s" is "1990": decades match their years."""
    if value == value.to_integral_value():
        number = int(value)
        if 10 <= number <= 90 and number % 10 == 0:
            return {_number_key(Decimal(century + number)) for century in (1800, 1900, 2000)}
        if 1800 <= number <= 2090 and number % 10 == 0:
            return {_number_key(Decimal(number % 100))}
    return set()


def _inside_word(text: str, start: int, end: int) -> bool:
    """Digits glued to letters ("G20", "MP3", "COVID-19" is fine): product names and codes, which
    are kept for matching but not reported alone."""
    before = text[start - 1 : start]
    after = text[end : end + 2]
    return bool(_GLUED.match(before)) or (bool(_GLUED.match(after[:1])) and not _SUFFIX.match(text, end))


_GLUED = regex.compile(r"[\p{Latin}\p{Greek}\p{Cyrillic}]")
# Ordinal and plural endings that do not make a number a code: 1er, 2e, 3rd, 1990s, 13h, 5º.
_SUFFIX = regex.compile(r"(?:er|re|e|ème|eme|th|st|nd|rd|s|h|o|a|º|ª|te|ten|tes)(?!\p{L})")


def _extract_cjk(text: str, take: object, free: object) -> list[Entity]:
    out: list[Entity] = []
    for match in _CJK_MONTH.finditer(text):
        raw = match.group("n")
        month = int(raw) if raw.isdigit() else _parse_cjk(raw)
        if month and 1 <= month <= 12:
            start, end = match.span()
            take(start, end)  # type: ignore[operator]
            out.append(Entity("month", start, end, match.group(), frozenset({("m", str(month)), _number_key(Decimal(month))})))
    for match in _CJK_NUM.finditer(text):
        start, end = match.span()
        if not free(start, end):  # type: ignore[operator]
            continue
        arabic, run = match.group("arabic"), match.group("cjk")
        if arabic:
            continue  # digits then numerals ("4万"): read as the digits' number, with its scale
        if run[0] in "百千万萬亿億" or text[start - 1 : start] in _CJK_APPROXIMATE:
            continue  # a lone numeral is at most 10 and left out below with the small values
        value = _parse_cjk(run)
        if value is None or value <= 20:
            continue
        take(start, end)  # type: ignore[operator]
        out.append(Entity("number", start, end, run, frozenset({_number_key(Decimal(value))}), True, Decimal(value), 0, value >= 10_000))
    return out


def _extract_months(text: str, lang: str, taken: bytearray, words: set[str]) -> list[Entity]:
    """Month names ("March", "mars", "Mär."): `words` is the text's `_lower_words`."""
    names = calendar_names(lang)
    wide, abbreviated, capitalised = names.months, names.month_abbreviations, names.months_capitalised
    if not wide:
        return []
    stems = _month_stems(lang)
    out: list[Entity] = []
    if not stems and wide.keys().isdisjoint(words) and abbreviated.keys().isdisjoint(words):
        return out  # no word of the text is a month name: nothing to read word by word
    for match in WORD_RUN.finditer(text):
        word = match.group()
        lower = word.lower()
        month = wide.get(lower) or (_inflected_month(lower, stems) if stems else None)
        short = month is None
        if short:
            month = abbreviated.get(lower)
        start, end = match.span()
        if month is None or (capitalised and not word[:1].isupper()) or taken.find(1, start, end) >= 0:
            continue  # no month, or read already (a link, or "十二月" read as a Chinese month)
        near = text[max(0, start - 6) : start] + " " + text[end : end + 6]
        dated = bool(regex.search(r"\d", near))
        if short and not dated:
            continue
        out.append(Entity("month", start, end, word, frozenset({("m", str(month))}), dated))
    return out


# Languages whose month names take case endings that CLDR does not list (Finnish "tammikuussa",
# Estonian "jaanuaril", Hungarian "januárban", Polish "w styczniu"): their months are matched by
# stem. A grammatical trait, like the languages that capitalise nouns.
INFLECTING_MONTHS = frozenset({"fi", "et", "hu", "tr", "lt", "lv", "pl", "cs", "sk", "ru", "uk", "hr", "sr", "sl", "bg", "be"})


@lru_cache(maxsize=64)
def _month_stems(lang: str) -> tuple[tuple[str, int], ...]:
    """(stem, month) for a language in `INFLECTING_MONTHS`: each wide CLDR name (format and
    stand-alone) less its last two letters, at least four letters, longest first."""
    if lang not in INFLECTING_MONTHS:
        return ()
    stems = {name[:-2]: month for name, month in calendar_names(lang).months.items() if len(name) >= 6}
    return tuple(sorted(stems.items(), key=lambda item: -len(item[0])))


def _inflected_month(word: str, stems: tuple[tuple[str, int], ...]) -> int | None:
    """The month of an inflected month name ("tammikuussa" → 1): the longest stem it starts with,
    followed by at most six more letters."""
    for stem, month in stems:
        if word.startswith(stem) and len(word) <= len(stem) + 6:
            return month
    return None


# How languages write halves and quarters around a number and its scale word: "two and a half
# million", "half a million", "a quarter of a million", "deux millions et demi", "zweieinhalb",
# "eine halbe Million", "dos millones y medio". Grammar of the language, like its number words
# (which num2words gives): `and_half` follows a number (or number + scale word), `half` and
# `quarter` come before a scale word, `glued_half` is written in one word with the number.
@dataclass(frozen=True)
class _Fractions:
    and_half: str = ""
    half: str = ""
    quarter: str = ""
    glued_half: str = ""
    trigger: str = ""  # a word stem every pattern contains: texts without it are not searched


_FRACTIONS = {
    "en": _Fractions(r"and\s+a\s+half", r"(?:a\s+|one\s+)?half(?:\s+a|\s+of\s+a)?", r"(?:a\s+|one\s+)?quarter\s+of\s+a", "", "half|quarter"),
    "de": _Fractions(r"und\s+ein\s+halb", r"(?:eine[rn]?\s+)?halbe[n]?", r"(?:eine[rn]?\s+)?viertel", "einhalb", "halb|viertel"),
    "nl": _Fractions(r"en\s+een\s+half", r"(?:een\s+)?half", r"(?:een\s+)?kwart", r"(?:ën|en|eneen)half", "half|kwart"),
    "fr": _Fractions(r"et\s+demie?", r"(?:un\s+|une\s+)?demi-?\s*", r"(?:un\s+)?quart\s+de", "", "demi|quart"),
    "es": _Fractions(r"y\s+medi[oa]", r"medi[oa]", r"(?:un\s+)?cuarto\s+de", "", "medi|cuarto"),
    "it": _Fractions(r"e\s+mezz[oa]", r"mezz[oa]", r"(?:un\s+)?quarto\s+di", "", "mezz|quarto"),
    "pt": _Fractions(r"e\s+mei[oa]", r"mei[oa]", r"(?:um\s+)?quarto\s+de", "", "mei|quarto"),
}


@lru_cache(maxsize=64)
def _fraction_patterns(lang: str) -> tuple[regex.Pattern[str], ...]:
    """Patterns for a number with a half or a quarter in `lang`; named groups `n` (the whole
    number, digits or words), `s` (a scale word), `half`, `quarter`. Empty when unknown."""
    grammar = _FRACTIONS.get(lang)
    units, scales, _c = _number_words(lang)
    if grammar is None or not units:
        return ()
    alternation = lambda words: "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
    number = rf"(?P<n>\d+|{alternation(units)})"
    scale = rf"(?P<s>{alternation(set(scales) | {w + 's' for w in scales} | {w + 'en' for w in scales}) })"
    edge, end = r"(?<![\p{L}\d])", r"(?![\p{L}])"
    patterns = [
        rf"{edge}{number}\s+(?P<half>{grammar.and_half})(?:\s+{scale})?{end}",  # two and a half (million)
        rf"{edge}{number}\s+{scale}\s+(?P<half>{grammar.and_half}){end}",  # deux millions et demi
        rf"{edge}(?:(?P<half>{grammar.half})|(?P<quarter>{grammar.quarter}))\s*{scale}{end}",  # half a million
    ]
    if grammar.glued_half:
        stems = {u[:-1] if lang == "de" and u.endswith("s") else u for u in units} | set(units)
        patterns.append(rf"{edge}(?P<n>{alternation(stems)})(?P<half>{grammar.glued_half})(?:\s+{scale})?{end}")  # zweieinhalb
    return tuple(regex.compile(p, regex.IGNORECASE) for p in patterns)


@lru_cache(maxsize=64)
def _fraction_trigger(lang: str) -> regex.Pattern[str]:
    """The compiled `_Fractions.trigger` of `lang` (a language of `_FRACTIONS`), compiled once:
    `regex.search` looks a pattern up in its cache at every call, a cost paid per text."""
    return regex.compile(_FRACTIONS[lang].trigger, regex.IGNORECASE)


def _extract_fractions(text: str, lang: str, taken: bytearray) -> list[Entity]:
    """Numbers with a half or a quarter ("two and a half million" = 2,500,000, "zweieinhalb" =
    2.5, "a quarter of a million" = 250,000): they satisfy the source's digits, never reported
    themselves. Read before the digits ("2 and a half million" is 2,500,000, not a 2 and half a
    million); their characters are marked taken so that neither "2" nor "million" is read again alone."""
    grammar = _FRACTIONS.get(lang)
    if grammar is None or not _fraction_trigger(lang).search(text):
        return []
    units, scales, _c = _number_words(lang)
    out: list[Entity] = []
    for pattern in _fraction_patterns(lang):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            raw = (match.group("n") or "").lower() if "n" in pattern.groupindex else ""
            whole = Decimal(raw) if raw.isdigit() else Decimal(units.get(raw, units.get(raw + "s", 0)))
            fraction = Decimal("0.5") if match.group("half") else Decimal("0.25")
            word = (match.group("s") or "").lower()
            factor = scales.get(word) or scales.get(word[:-1]) or scales.get(word[:-2]) or 1
            value = (whole + fraction) * factor
            keys = {_number_key(value)} | ({_number_key(whole + fraction)} if factor > 1 else set())
            taken[start:end] = b"\x01" * (end - start)
            out.append(Entity("spelled", start, end, text[start:end], frozenset(keys), False, value))
    return out


def _extract_words(text: str, lang: str, taken: bytearray, words: set[str]) -> list[Entity]:
    """Numbers written in words ("twenty-one", "deux millions") and Roman numerals ("XXe"): they
    satisfy a digit on the other side but are never reported themselves. `words`: the text's
    `_lower_words`."""
    units, scales, connectors = _number_words(lang)
    out: list[Entity] = []
    glued_ends = _glued_ends(lang)
    # the text is read word by word only when a run of number words can start in it: one of its
    # words is a unit, a scale (or its plural), or long enough to be glued from them
    if units and (not _number_starters(lang).isdisjoint(words) or any(len(word) >= 7 and word.endswith(glued_ends) for word in words)):
        run: list[tuple[int, int, str]] = []
        for match in [*WORD_RUN.finditer(text), None]:
            if match and taken.find(1, match.start(), match.end()) >= 0:
                match = None  # part of a fraction read above: ends the run
            if match and run and not text[run[-1][1] : match.start()].isspace():
                out.extend(_finished(text, run, units, scales, connectors))  # "five, six", "first. One": two numbers
                run = []
            word = match.group().lower() if match else ""
            if match and word not in units and word.endswith("s") and word[:-1] in scales:
                word = word[:-1]  # "billions", "millions"
            if match and (word in units or word in scales or (run and word in connectors)):
                before = units.get(run[-2][2]) if len(run) >= 2 and run[-1][2] in connectors and run[-1][2] not in units else None
                if before is not None and word in units and not (units[word] < before and (before >= 100 or (before % 10 == 0 and units[word] < 20))):
                    # a connector joins a smaller part ("vingt et un", "soixante et onze", "cento e
                    # vinte", "hundred and five"), else it joins two numbers ("vingt et trente", "six and seven")
                    out.extend(_finished(text, run, units, scales, connectors))
                    run = []
                run.append((match.start(), match.end(), word))
                continue
            parts = _glued_parts(word, lang) if match and len(word) >= 7 and word.endswith(glued_ends) else None
            if match and parts:
                run.extend((match.start(), match.end(), part) for part in parts)
                continue
            out.extend(_finished(text, run, units, scales, connectors))
            run = []
    for match in _ROMAN.finditer(text):
        if any(taken[match.start() : match.end()]):
            continue
        numeral = regex.match(r"[MDCLXVI]+", match.group())
        value = _roman(numeral.group()) if numeral else 0
        if value:
            out.append(Entity("spelled", match.start(), match.end(), match.group(), frozenset({_number_key(Decimal(value))}), False, Decimal(value)))
    return out


@lru_cache(maxsize=64)
def _glued_ends(lang: str) -> tuple[str, ...]:
    """The number words of `lang` that a word glued from number words ends with (a scale, or a
    unit of a hundred or more: German "zweihunderttausend"), worked out once per language."""
    units, scales, _connectors = _number_words(lang)
    return tuple(w for w in (*scales, *units) if len(w) >= 4 and units.get(w, 100) >= 100)


def _lower_words(text: str) -> set[str]:
    """The words of `text` (`WORD_RUN`), lower-cased, each once: a quick look at whether any can
    matter before the text is read word by word."""
    return set(map(str.lower, WORD_RUN.findall(text)))


@lru_cache(maxsize=64)
def _number_starters(lang: str) -> frozenset[str]:
    """The lower-cased words that start a run of number words in `_extract_words` on their own:
    the units and scales of `lang` and the plurals of its scales ("millions"), worked out once per
    language (a word glued from number words is tested apart, by its ending)."""
    units, scales, _connectors = _number_words(lang)
    return frozenset(units) | frozenset(scales) | {scale + "s" for scale in scales}


@lru_cache(maxsize=4096)
def _glued_parts(word: str, lang: str) -> tuple[str, ...] | None:
    """The number words that `word` is glued from, when it is nothing else (German
    "zweihunderttausend" → zweihundert, tausend; Italian "duecentomila"); None otherwise
    ("Jahrhundert" has a part that is no number word). Longest parts first, backtracking."""
    units, scales, connectors = _number_words(lang)

    def split(rest: str) -> tuple[str, ...] | None:
        if not rest:
            return ()
        for size in range(len(rest), 1, -1):
            head = rest[:size]
            if head in units or head in scales or head in connectors:
                tail = split(rest[size:])
                if tail is not None:
                    return (head, *tail)
        return None

    parts = split(word)
    return parts if parts and len(parts) > 1 and any(p in scales or units[p] >= 100 for p in parts if p not in connectors) else None


def _finished(text: str, run: list[tuple[int, int, str]], units: dict[str, int], scales: dict[str, int], connectors: frozenset[str]) -> list[Entity]:
    """The number a run of number words ends in, without the connectors it ends with ("five
    and"): none when nothing is left."""
    while run and run[-1][2] in connectors and run[-1][2] not in units:
        run = run[:-1]
    return [_spelled(text, run, units, scales)] if run else []


def _spelled(text: str, run: list[tuple[int, int, str]], units: dict[str, int], scales: dict[str, int]) -> Entity:
    """The value of a run of number words, reading them as the language writes them: units add
    up, scales multiply what comes before, and a unit worth exactly a hundred multiplies a
    smaller count before it (French "deux cent mille" = 200,000, not 2 + 100 thousand)."""
    total = current = 0
    keys: set[Key] = set()
    for _s, _e, word in run:
        if word in units and units[word] == 100 and 0 < current < 100:
            current *= 100
            keys.add(_number_key(Decimal(100)))
        elif word in units:
            current += units[word]
            keys.add(_number_key(Decimal(units[word])))
        elif word in scales:
            scale = scales[word]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0
            keys.add(_number_key(Decimal(scale)))
    value = total + current
    keys.add(_number_key(Decimal(value)))
    keys |= _decade_keys(Decimal(value))
    if 1 <= value <= 12:
        keys.add(("m", str(value)))
    start, end = run[0][0], run[-1][1]
    return Entity("spelled", start, end, text[start:end], frozenset(keys), False, Decimal(value))


def _roman(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, char in enumerate(numeral):
        value = values[char]
        total += -value if i + 1 < len(numeral) and values[numeral[i + 1]] > value else value
    return total


# --- matching -----------------------------------------------------------------------------------


def match_entities(source: list[Entity], target: list[Entity]) -> tuple[list[Entity], list[Entity]]:
    """Pair entities that share a key, preferring the same kind ("3%" with "3%" before "3" with
    "March") and reportable with reportable; returns the leftovers.

    Each source entity takes the first target entity, in order, that is still free and qualifies.
    Targets are found through an index by key (and kind), so the pairing costs time in proportion
    to the entities and their keys, however many numbers a sentence holds."""
    if not source or not target:
        return list(source), list(target)  # nothing to pair (most sentences hold no number)
    taken_source = [False] * len(source)
    taken_target = [False] * len(target)
    # Same kind first; within that, reportable with reportable, then digits with words, then words with words.
    for same_kind in (True, False):
        for need_source, need_target in ((True, True), (True, False), (False, True), (False, False)):
            index: dict[tuple[Key, str | None], list[int]] = {}
            for j, t in enumerate(target):
                if not taken_target[j] and (t.flaggable or not need_target):
                    for key in t.keys:
                        index.setdefault((key, t.kind if same_kind else None), []).append(j)
            heads: dict[tuple[Key, str | None], int] = dict.fromkeys(index, 0)
            for i, s in enumerate(source):
                if taken_source[i] or (need_source and not s.flaggable):
                    continue
                best = None
                for key in s.keys:
                    entry = (key, s.kind if same_kind else None)
                    positions = index.get(entry)
                    if positions is None:
                        continue
                    head = heads[entry]
                    while head < len(positions) and taken_target[positions[head]]:
                        head += 1  # taken by an earlier source entity: never free again
                    heads[entry] = head
                    if head < len(positions) and (best is None or positions[head] < best):
                        best = positions[head]
                if best is not None:
                    taken_source[i] = taken_target[best] = True
    left_source = [s for i, s in enumerate(source) if not taken_source[i]]
    left_target = [t for j, t in enumerate(target) if not taken_target[j]]
    return left_source, left_target


def year_like(entity: Entity) -> bool:
    """A whole number from 1000 to 2100 written without groups or scale: most likely a year."""
    value = entity.value
    return value is not None and entity.scale == 1 and not entity.grouped and value == value.to_integral_value() and 1000 <= value <= 2100


def pair_changed_numbers(source: list[Entity], target: list[Entity]) -> list[tuple[Entity, Entity]]:
    """Leftover numbers of a sentence pair paired by relative order, each target value with the
    first source value still free that it may be a change of: a percentage of a percentage, an
    amount of an amount, a year of a year (a plain number or a number in words of anything).

    A queue of free source values per kind and year-likeness keeps this linear in the values, however
    many a sentence holds (a rescan of the pairs found so far per candidate was cubic)."""
    queues: dict[tuple[str, bool], list[int]] = {}
    for i, s in enumerate(source):
        queues.setdefault((s.kind, year_like(s)), []).append(i)
    heads = dict.fromkeys(queues, 0)  # the first free value of each queue: values are taken from the front only
    pairs: list[tuple[Entity, Entity]] = []
    for t in target:
        year, loose = year_like(t), t.kind in ("number", "spelled")
        fronts = [queue[heads[kind, is_year]] for (kind, is_year), queue in queues.items() if is_year == year and (loose or kind in (t.kind, "number", "spelled")) and heads[kind, is_year] < len(queue)]
        if fronts:
            best = min(fronts)
            heads[source[best].kind, year_like(source[best])] += 1
            pairs.append((source[best], t))
    return pairs


def format_value(entity: Entity, lang: str, like: Entity | None = None, scale: int = 1) -> str:
    """`entity`'s value written the way `lang` writes numbers ("1 000,50" → "1,000.50" in English),
    divided by `scale` when the number it replaces is followed by a scale word ("1.5 billion")."""
    value = entity.value
    if value is None:
        return entity.text
    decimals = entity.decimals
    if entity.scale != scale:
        value = value * entity.scale / scale
        exponent = value.normalize().as_tuple().exponent
        decimals = 0 if value == value.to_integral_value() else -int(exponent)
    decimal_symbol, group_symbol = _symbols(lang)
    quantised = value.quantize(Decimal(1).scaleb(-decimals)) if decimals else value.to_integral_value()
    integer, _, fraction = format(quantised, "f").partition(".")
    year_like = not fraction and 1000 <= value <= 2100 and not entity.grouped
    grouped = not year_like and (entity.grouped or (like is not None and like.grouped) or value >= 10_000)
    if grouped and len(integer) > 3:
        head = len(integer) % 3 or 3
        integer = integer[:head] + "".join(group_symbol + integer[i : i + 3] for i in range(head, len(integer), 3))
    return integer + (decimal_symbol + fraction if fraction else "")


# Pairs further apart than this in the document (in pairs) are not searched for a moved value.
NEIGHBOURHOOD = 2


@dataclass
class PairEntities:
    """The entities of one aligned sentence pair that found no match on the other side."""

    pair: SentencePair
    source: list[Entity]
    target: list[Entity]


def pair_entities(text: str, lang: str, source_lang: str, pairs: Sequence[SentencePair]) -> list[PairEntities]:
    """Entities of every aligned pair, with what matched removed (also across neighbouring pairs)."""
    all_target = extract(text, lang)  # in order of position
    starts = [e.start for e in all_target]
    result: list[PairEntities] = []
    for pair in pairs:
        source = list(extract(pair.source_text, source_lang)) if pair.source_text else []
        first, last = bisect.bisect_left(starts, pair.target_start), bisect.bisect_right(starts, pair.target_end)
        target = [e for e in all_target[first:last] if e.end <= pair.target_end]
        left_source, left_target = match_entities(source, target)
        result.append(PairEntities(pair, left_source, left_target))
    for k, item in enumerate(result):
        for distance in range(1, NEIGHBOURHOOD + 1):
            for other in (k - distance, k + distance):
                if 0 <= other < len(result) and item.source:
                    item.source, result[other].target = match_entities(item.source, result[other].target)
    return result


def covered_repeats(item: PairEntities, target_entities: Sequence[Sequence[Entity]], index: int) -> PairEntities:
    """`item` (pair number `index`) without the source values that a target mention of the same
    kind in the same or a neighbouring pair already stands for: a value the source repeats ("20
    dollars … another 20 dollars") is often translated once ("… the same"). Not when the pair has
    a target value of the same kind left over: then the repeat was changed ("0: 0" → "9: 0")."""
    near = [t for pair in target_entities[max(0, index - NEIGHBOURHOOD) : index + NEIGHBOURHOOD + 1] for t in pair]
    plain = {"number", "spelled"}
    # a target value left over of the same kind is what the repeat was changed into ("0: 0" → "9: 0")
    changed = {t.kind for t in item.target if t.flaggable}
    source = [s for s in item.source if s.kind in changed or not any(s.keys & t.keys and (s.kind == t.kind or {s.kind, t.kind} <= plain) for t in near)]
    return item if len(source) == len(item.source) else PairEntities(item.pair, source, item.target)


# --- units: a value converted between imperial and metric is the same value ---------------------

# CLDR unit ids by dimension, with their size in the dimension's metric unit.
_UNITS = {
    "length-inch": ("length", 0.0254), "length-foot": ("length", 0.3048), "length-yard": ("length", 0.9144), "length-mile": ("length", 1609.344),
    "length-millimeter": ("length", 0.001), "length-centimeter": ("length", 0.01), "length-meter": ("length", 1.0), "length-kilometer": ("length", 1000.0),
    "mass-ounce": ("mass", 0.028349523), "mass-pound": ("mass", 0.45359237), "mass-gram": ("mass", 0.001), "mass-kilogram": ("mass", 1.0),
    "volume-gallon": ("volume", 3.785411784), "volume-liter": ("volume", 1.0),
}
# Rounding in a converted value ("200 feet" → "60 Meter", "15-foot" → "fünf Meter").
CONVERSION_TOLERANCE = 0.12
_UNIT_WORD = regex.compile(r"[\s\u00a0\u202f-]?(\p{L}[\p{L}.]*)")


@lru_cache(maxsize=32)
def _unit_names(lang: str) -> dict[str, tuple[str, float]]:
    """Unit names of `lang` (CLDR via babel: long, short and narrow, singular and plural, "feet",
    "ft", "Fuß", "mètres") → (dimension, size)."""
    return _cached("unit-names", "babel", lambda: _read_unit_names(lang), lang, _unit_names_shape)


def _unit_names_shape(data: Any) -> bool:
    return isinstance(data, dict) and all(
        isinstance(name, str) and isinstance(unit, tuple) and len(unit) == 2 and isinstance(unit[0], str) and isinstance(unit[1], float) for name, unit in data.items()
    )


def _read_unit_names(lang: str) -> dict[str, tuple[str, float]]:
    names: dict[str, tuple[str, float]] = {}
    try:
        from babel.units import format_unit

        for unit, size in _UNITS.items():
            for count in (1, 2):
                for length in ("long", "short", "narrow"):
                    name = regex.sub(r"[\d\s\u00a0\u202f]+", "", str(format_unit(count, unit, length, locale=lang))).lower()
                    if len(name) >= 2 and name.rstrip(".").isalpha():
                        names.setdefault(name.rstrip("."), size)
    except Exception:  # a locale babel does not know
        return {}
    return names


def unit_after(text: str, entity: Entity, lang: str) -> tuple[str, float] | None:
    """The unit written right after `entity` ("200 feet", "15-foot", "2,40 m"), as (dimension,
    size in the metric unit), or None."""
    match = _UNIT_WORD.match(text, entity.end)
    if not match:
        return None
    from mtaudit.language import language

    word = match.group(1).lower().rstrip(".")
    base = _base_language(lang)
    names = _unit_names(base)
    unit = names.get(word) or (names.get(word[:-1]) if word.endswith("s") else None)
    if unit is not None and len(word) <= 2 and word in language(base).function_words:
        return None  # "5 in the morning": a frequent word of the language, not the inch
    return unit


def without_conversions(item: PairEntities, target_text: str, lang: str, source_lang: str) -> PairEntities:
    """`item` without the source and target values that are one measure converted between units:
    "200 feet" and "60 Meter", "8 ft." and "2,40 m" (within `CONVERSION_TOLERANCE`)."""
    source_text = item.pair.source_text
    source, target = list(item.source), list(item.target)
    for s in list(source):
        unit = unit_after(source_text, s, source_lang) if s.value is not None else None
        if unit is None:
            continue
        for t in target:
            other = unit_after(target_text, t, lang) if t.value is not None and t.value > 0 else None
            if other is None or other[0] != unit[0] or other[1] == unit[1]:
                continue
            a, b = float(s.value or 0) * unit[1], float(t.value or 0) * other[1]
            if abs(a - b) <= CONVERSION_TOLERANCE * max(a, b):
                source.remove(s)
                target.remove(t)
                break
    return item if len(source) == len(item.source) and len(target) == len(item.target) else PairEntities(item.pair, source, target)


def explained_away(item: PairEntities, target_entities: Sequence[Sequence[Entity]], index: int, target_text: str, lang: str, source_lang: str) -> PairEntities:
    """`item` (pair number `index`) without what is not a mismatch after all: source values that one
    target mention covers (`covered_repeats`) and measures converted between units
    (`without_conversions`), and target months when CLDR knows no month names for the source
    language (abstain rather than call a month added). Cheap when nothing is left over."""
    if any(t.kind == "month" for t in item.target) and not calendar_names(_base_language(source_lang)).months:
        item = PairEntities(item.pair, item.source, [t for t in item.target if t.kind != "month"])
    if not item.source:
        return item
    # conversions first: a converted measure left over in the target is no changed repeat
    return covered_repeats(without_conversions(item, target_text, lang, source_lang), target_entities, index)
