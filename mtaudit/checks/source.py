"""Checks that compare the translation with its source, aligned sentence pair by sentence pair.

What must survive translation unchanged whatever the languages: numbers (in the target locale's
format), dates, amounts, percentages, URLs, e-mail addresses and @handles. Each aligned pair's
"entities" are extracted on both sides with locale-aware parsing (decimal and group symbols and
month names come from the CLDR data of `babel`; number words from `num2words`; Chinese and
Japanese numerals such as 四万 are read by a small parser), matched, and what is left over on
either side becomes a finding. A value that moved to a neighbouring sentence is not reported.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex

from mtaudit.checks.base import CheckContext, SentencePair, check
from mtaudit.records import Finding, Severity

Key = tuple[str, str]

# Values up to this are often written out, or dropped as obvious ("one of", "the two"): a missing
# or added one alone is never reported, a changed one only with low confidence.
SMALL = 10
# Pairs further apart than this in the document (in pairs) are not searched for a moved value.
NEIGHBOURHOOD = 2
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
_EMAIL = regex.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_HANDLE = regex.compile(r"(?<![\w@])@\w{2,}")
_WORD = regex.compile(r"\p{L}+(?:[\-‐]\p{L}+)*")
_ROMAN = regex.compile(r"(?<!\p{L})(?=[MDCLXVI]{2,})M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})(?:e|er|ème|th|st|nd|rd)?(?!\p{L})")
_CJK_NUM = regex.compile(r"(?P<arabic>\d+(?:\.\d+)?)?(?P<cjk>[零〇一二两三四五六七八九十百千万萬亿億]+)")
_CJK_MONTH = regex.compile(r"(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})月")
_CURRENCY = regex.compile(r"\p{Sc}")
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


@lru_cache(maxsize=64)
def _symbols(lang: str) -> tuple[str, str]:
    """Decimal and group symbols of `lang` (CLDR via babel); English's when unknown."""
    try:
        from babel.numbers import get_decimal_symbol, get_group_symbol

        return get_decimal_symbol(lang), get_group_symbol(lang)
    except Exception:  # unknown locale
        return ".", ","


@lru_cache(maxsize=64)
def _months(lang: str) -> tuple[dict[str, int], dict[str, int], bool]:
    """Month names of `lang` (wide forms, and abbreviations of 3+ letters) from CLDR, and whether
    the language capitalises them."""
    try:
        from babel import Locale

        locale = Locale.parse(lang)
        wide: dict[str, int] = {}
        abbreviated: dict[str, int] = {}
        for context in ("format", "stand-alone"):
            for number, name in locale.months[context]["wide"].items():
                wide[name.lower()] = number
            for number, name in locale.months[context]["abbreviated"].items():
                short = name.rstrip(".").lower()
                if len(short) >= 3 and short.isalpha():
                    abbreviated[short] = number
        capitalised = all(name[:1].isupper() for name in locale.months["format"]["wide"].values())
        return wide, abbreviated, capitalised
    except Exception:
        return {}, {}, False


@lru_cache(maxsize=64)
def _time_pattern(lang: str) -> regex.Pattern[str]:
    """Clock times: "13h30", "1:30 p.m.", and "23 heures 30" with the language's word for hours
    (CLDR unit names via babel)."""
    words: set[str] = set()
    try:
        from babel.units import format_unit

        for count in (1, 2):
            name = regex.sub(r"[\d\s\u00a0\u202f]+", "", str(format_unit(count, "duration-hour", "long", locale=lang)))
            if name.isalpha() and not name.lower().startswith("hour"):
                words.add(regex.escape(name))
    except Exception:
        pass
    hours = "".join("|" + w for w in sorted(words, key=len, reverse=True))
    return regex.compile(_TIME.format(hours=hours))


@lru_cache(maxsize=64)
def _month_name(lang: str, month: int) -> str | None:
    try:
        from babel import Locale

        return str(Locale.parse(lang).months["format"]["wide"][month])
    except Exception:
        return None


@lru_cache(maxsize=64)
def _number_words(lang: str) -> tuple[dict[str, int], dict[str, int], frozenset[str]]:
    """Number words of `lang` from num2words: units (0–100, ordinals 1–31), scales (thousand,
    million… with plural forms) and the connectors that join them ("and", "et", "y", "und")."""
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
    for exponent in (2, 3, 6, 9, 12):
        scale = 10**exponent
        for k in (1, 2):
            words = num2words(k * scale, lang=lang).lower().split()
            last = words[-1]
            prefix = num2words(k, lang=lang).lower()
            if len(words) == 1 and last.startswith(prefix) and len(last) > len(prefix) + 2:
                last = last[len(prefix) :]  # German "zweitausend" → "tausend"
            if last not in units:
                scales.setdefault(last, scale)
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
    cjk = regex.match(r"[多余]?([万萬亿億千百])", text[end : end + 2])
    if cjk:
        char = cjk.group(1)
        return _CJK_BIG_UNITS.get(char) or _CJK_SMALL_UNITS[char], end + cjk.end()
    match = _WORD.match(text, end + 1) if text[end : end + 1].isspace() else None
    if match:
        _units, scales, _c = _number_words(lang)
        word = match.group().lower()
        if word in scales and scales[word] >= 1000:
            return scales[word], match.end()
    return None


def _parse_cjk(run: str) -> int | None:
    """Value of a run of Chinese numerals ("四万" 40000, "两千三百" 2300, "二〇一二" 2012)."""
    if all(c in _CJK_DIGITS for c in run):
        return int("".join(str(_CJK_DIGITS[c]) for c in run)) if len(run) == 4 else None
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


@lru_cache(maxsize=8192)
def extract(text: str, lang: str) -> tuple[Entity, ...]:
    """Every entity of `text` written in `lang`, in order of position."""
    out: list[Entity] = []
    taken = bytearray(len(text))

    def free(start: int, end: int) -> bool:
        return not any(taken[start:end])

    def take(start: int, end: int) -> None:
        taken[start:end] = b"\x01" * (end - start)

    for pattern, kind in ((_EMAIL, "email"), (_URL, "url"), (_HANDLE, "handle")):
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
    base = lang.split("-")[0].split("_")[0].lower()
    if base in _CJK_LANGS:
        out.extend(_extract_cjk(text, take, free))
    for match in _time_pattern(base).finditer(text):
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
    for match in _NUMBER.finditer(text):
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
    out.extend(_extract_months(text, base, taken))
    out.extend(_extract_words(text, base, taken))
    out.sort(key=lambda e: (e.start, e.end))
    return tuple(out)


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
            if run[0] in _CJK_BIG_UNITS or run[0] in _CJK_SMALL_UNITS:
                continue  # handled as a number with a scale ("4万")
            continue
        if run[0] in "百千万萬亿億" or len(run) < 2 or text[start - 1 : start] in _CJK_APPROXIMATE:
            continue
        value = _parse_cjk(run)
        if value is None or value <= 20:
            continue
        take(start, end)  # type: ignore[operator]
        out.append(Entity("number", start, end, run, frozenset({_number_key(Decimal(value))}), True, Decimal(value), 0, value >= 10_000))
    return out


def _extract_months(text: str, lang: str, taken: bytearray) -> list[Entity]:
    wide, abbreviated, capitalised = _months(lang)
    if not wide:
        return []
    out: list[Entity] = []
    for match in _WORD.finditer(text):
        word = match.group()
        lower = word.lower()
        month = wide.get(lower)
        short = month is None
        if short:
            month = abbreviated.get(lower)
        if month is None or (capitalised and not word[:1].isupper()):
            continue
        start, end = match.span()
        near = text[max(0, start - 6) : start] + " " + text[end : end + 6]
        dated = bool(regex.search(r"\d", near))
        if short and not dated:
            continue
        out.append(Entity("month", start, end, word, frozenset({("m", str(month))}), dated))
    return out


def _extract_words(text: str, lang: str, taken: bytearray) -> list[Entity]:
    """Numbers written in words ("twenty-one", "deux millions") and Roman numerals ("XXe"): they
    satisfy a digit on the other side but are never reported themselves."""
    units, scales, connectors = _number_words(lang)
    out: list[Entity] = []
    if units:
        run: list[tuple[int, int, str]] = []
        for match in [*_WORD.finditer(text), None]:
            word = match.group().lower() if match else ""
            if match and word not in units and word.endswith("s") and word[:-1] in scales:
                word = word[:-1]  # "billions", "millions"
            if match and (word in units or word in scales or (run and word in connectors)):
                run.append((match.start(), match.end(), word))
                continue
            while run and run[-1][2] in connectors and run[-1][2] not in units:
                run.pop()
            if run:
                out.append(_spelled(text, run, units, scales))
            run = []
    for match in _ROMAN.finditer(text):
        if any(taken[match.start() : match.end()]):
            continue
        numeral = regex.match(r"[MDCLXVI]+", match.group())
        value = _roman(numeral.group()) if numeral else 0
        if value:
            out.append(Entity("spelled", match.start(), match.end(), match.group(), frozenset({_number_key(Decimal(value))}), False, Decimal(value)))
    return out


def _spelled(text: str, run: list[tuple[int, int, str]], units: dict[str, int], scales: dict[str, int]) -> Entity:
    total = current = 0
    keys: set[Key] = set()
    for _s, _e, word in run:
        if word in units:
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


def _match(source: list[Entity], target: list[Entity]) -> tuple[list[Entity], list[Entity]]:
    """Pair entities that share a key, preferring the same kind ("3%" with "3%" before "3" with
    "March") and reportable with reportable; returns the leftovers."""
    left_source = list(source)
    left_target = list(target)
    # Same kind first; within that, reportable with reportable, then digits with words, then words with words.
    for same_kind in (True, False):
        for need_source, need_target in ((True, True), (True, False), (False, True), (False, False)):
            for s in list(left_source):
                if need_source and not s.flaggable:
                    continue
                for t in left_target:
                    if (t.flaggable or not need_target) and s.keys & t.keys and (s.kind == t.kind or not same_kind):
                        left_source.remove(s)
                        left_target.remove(t)
                        break
    return left_source, left_target


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


@dataclass
class _PairEntities:
    pair: SentencePair
    source: list[Entity]
    target: list[Entity]


def _pair_entities(ctx: CheckContext) -> list[_PairEntities]:
    """Entities of every aligned pair, with what matched removed (also across neighbouring pairs)."""
    cached = getattr(ctx, "_source_entities", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    source_lang = ctx.source_lang or ctx.lang
    all_target = extract(ctx.text, ctx.lang)
    result: list[_PairEntities] = []
    for pair in ctx.pairs:
        source = list(extract(pair.source_text, source_lang)) if pair.source_text else []
        target = [e for e in all_target if pair.target_start <= e.start and e.end <= pair.target_end]
        left_source, left_target = _match(source, target)
        result.append(_PairEntities(pair, left_source, left_target))
    for k, item in enumerate(result):
        for distance in range(1, NEIGHBOURHOOD + 1):
            for other in (k - distance, k + distance):
                if 0 <= other < len(result) and item.source:
                    item.source, result[other].target = _match(item.source, result[other].target)
    ctx._source_entities = result  # type: ignore[attr-defined]
    return result


def _pair_up(source: list[Entity], target: list[Entity], kinds: frozenset[str]) -> list[tuple[Entity, Entity]]:
    """Leftover source and target entities of the same family, paired by relative order: the
    target one is the source one, changed."""
    src = [e for e in source if e.kind in kinds and e.flaggable]
    tgt = [e for e in target if e.kind in kinds and e.flaggable]
    if kinds == NUMBER_KINDS and src:
        # "十万年" → "ten thousand years": a large number written in words that is not the source's.
        tgt += [e for e in target if e.kind == "spelled" and e.value is not None and e.value >= 100 and len(_WORD.findall(e.text)) >= 2]
    if not src or not tgt:
        return []
    if kinds == NUMBER_KINDS:
        # A percentage is changed into a percentage, an amount into an amount.
        pairs: list[tuple[Entity, Entity]] = []
        for t in tgt:
            candidates = [s for s in src if s not in (p[0] for p in pairs) and (s.kind == t.kind or {s.kind, t.kind} & {"number", "spelled"})]
            candidates = [s for s in candidates if _year_like(s) == _year_like(t)]
            if candidates:
                pairs.append((candidates[0], t))
        return pairs
    return list(zip(src, tgt, strict=False))


def _year_like(entity: Entity) -> bool:
    value = entity.value
    return value is not None and entity.scale == 1 and not entity.grouped and value == value.to_integral_value() and 1000 <= value <= 2100


def _describe(entity: Entity) -> str:
    return {"url": "URL", "email": "e-mail address", "handle": "handle", "month": "month", "percent": "percentage", "amount": "amount", "time": "time"}.get(
        entity.kind, "number"
    )


@check("source.number-mismatch", "accuracy/mistranslation", Severity.MAJOR, needs_source=True)
def number_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    """A number, date, amount or percentage of the source changed in the translation.

    **What it catches.** A value that the translation writes differently from its source sentence:
    "15 000 euros" translated as "1,500 euros", "le 3 mars" as "on May 3", "3,5 %" as "5.3%".

    **Why it matters.** Wrong figures are the most damaging translation errors: they read fluently
    and nobody notices them without the source.

    **Example.** Source "Le budget atteint 1 250 000 euros." → target "The budget reaches 1,520,000
    euros." → the number is flagged, suggestion "1,250,000".

    **How it decides.** Numbers are read the way each language writes them (decimal and group
    symbols and month names from CLDR: "1 000,50" in French is "1,000.50" in English; "4万" and
    "四万" are 40,000); scale words count ("1,5 milliard" = "1.5 billion"), numbers written in words
    ("sept" = "7") match. After the sentences are aligned, a value of the source that is found
    neither in the aligned target sentence nor in its neighbours, next to a value of the target
    that is not in the source, is reported as changed. Small values (up to ten) get low confidence.

    **Suggestion.** The source value, written in the target language's number format.
    """
    for item in _pair_entities(ctx):
        for s, t in _pair_up(item.source, item.target, NUMBER_KINDS):
            total = (s.value or Decimal(0)) * s.scale
            suggestion = format_value(s, ctx.lang, t, scale=t.scale if total >= t.scale else 1)
            small = s.small and t.small
            yield ctx.finding(
                number_mismatch.rule,
                t.start,
                t.end,
                f"The source says “{s.text}” here; the translation says “{t.text}”.",
                [suggestion],
                confidence=0.5 if small else 0.85,
                severity=Severity.MINOR if small else None,
                evidence={"source": s.text, "source_sentence": item.pair.source_text[:300]},
            )
        for s, t in _pair_up(item.source, item.target, frozenset({"month"})):
            name = _month_name(ctx.lang, int(next(iter(k for k in s.keys if k[0] == "m"))[1]))
            if name and not t.text[:1].isupper():
                name = name.lower()
            yield ctx.finding(
                number_mismatch.rule,
                t.start,
                t.end,
                f"The source date has “{s.text}”; the translation says “{t.text}”.",
                [name] if name else [],
                confidence=0.8,
                evidence={"source": s.text},
            )


@check("source.link-mismatch", "accuracy/mistranslation", Severity.MAJOR, needs_source=True)
def link_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    """A URL, e-mail address or @handle of the source changed in the translation.

    **What it catches.** An address that the translation rewrote: "www.exemple.fr/inscription"
    translated as "www.example.com/registration", "contact@ville.fr" as "contact@town.fr",
    "@MairieDeLyon" as "@LyonCityHall".

    **Why it matters.** A translated or mistyped address leads readers nowhere, or somewhere else.

    **Example.** Source "Écrivez à info@festival.fr." → target "Write to info@festival.com." →
    suggestion "info@festival.fr".

    **How it decides.** URLs (scheme, "www." and trailing slash ignored), e-mail addresses and
    handles (case ignored) of each aligned sentence pair are compared; a source one missing from the
    target next to a target one missing from the source is reported as changed.

    **Suggestion.** The address exactly as in the source.
    """
    for item in _pair_entities(ctx):
        for s, t in _pair_up(item.source, item.target, LINK_KINDS):
            if s.kind != t.kind:
                continue
            yield ctx.finding(
                link_mismatch.rule,
                t.start,
                t.end,
                f"The source has the {_describe(s)} “{s.text}”; the translation changed it.",
                [s.text],
                confidence=0.85,
                evidence={"source": s.text},
            )


@check("source.missing-entity", "accuracy/omission", Severity.MINOR, needs_source=True)
def missing_entity(ctx: CheckContext) -> Iterator[Finding]:
    """A number, date, amount, URL, e-mail address or @handle of the source is missing.

    **What it catches.** A value of the source sentence that the translation left out:
    "La hausse atteint 3,5 % en 2012." translated as "The rise reached 3.5%." (the year is gone).

    **Why it matters.** Dropped figures, dates and addresses change what the text says, and readers
    cannot tell that something is missing.

    **Example.** Source "Inscriptions sur www.exemple.fr avant le 15 mai." → target "Register
    before 15 May." → the target sentence is flagged: "www.exemple.fr" is missing.

    **How it decides.** After the sentences are aligned, a value of the source that is found neither
    in its target sentence nor in a neighbouring one (a value that moved is fine), in digits or in
    words, and that was not changed into another value (see `source.number-mismatch`), is missing.
    Small numbers (up to ten), often rendered as "a couple", "both" or "twice", are not reported, nor
    are numbers glued to letters ("G20", "A380") or months that are not part of a date.

    **Suggestion.** None: the finding covers the target sentence; the missing value is in the message.
    """
    for item in _pair_entities(ctx):
        changed = {id(s) for s, _t in _pair_up(item.source, item.target, NUMBER_KINDS)}
        changed |= {id(s) for s, _t in _pair_up(item.source, item.target, frozenset({"month"}))}
        changed |= {id(s) for s, t in _pair_up(item.source, item.target, LINK_KINDS) if s.kind == t.kind}
        missing = [s for s in item.source if s.flaggable and id(s) not in changed and not s.small]
        if not missing:
            continue
        names = ", ".join(f"“{s.text}”" for s in missing)
        start, end = item.pair.target_start, item.pair.target_end
        yield ctx.finding(
            missing_entity.rule,
            start,
            end,
            f"The source has {names}, which the translation of this sentence leaves out.",
            confidence=0.6,
            evidence={"missing": [s.text for s in missing], "in_target_format": [format_value(s, ctx.lang) for s in missing if s.value is not None],
                      "source_sentence": item.pair.source_text[:300]},
        )


@check("source.added-entity", "accuracy/addition", Severity.MINOR, needs_source=True)
def added_entity(ctx: CheckContext) -> Iterator[Finding]:
    """A number, date, amount, URL, e-mail address or @handle that the source does not have.

    **What it catches.** A value in the translation that appears nowhere in the aligned source
    sentence or its neighbours: "The plan costs 40 million euros" where the source only says "Le
    plan coûte cher".

    **Why it matters.** Invented figures or addresses are hard to spot and mislead readers.

    **Example.** Source "Le musée rouvre en juin." → target "The museum reopens on 12 June." →
    "12" is flagged.

    **How it decides.** The reverse of `source.missing-entity`: target values not matched by a
    source value (in digits, in words, or in the source's own number format) and not reported as
    changed. Small numbers (up to ten) and numbers glued to letters are not reported.

    **Suggestion.** None: check the value against the source, or remove it.
    """
    for item in _pair_entities(ctx):
        changed = {id(t) for _s, t in _pair_up(item.source, item.target, NUMBER_KINDS)}
        changed |= {id(t) for _s, t in _pair_up(item.source, item.target, frozenset({"month"}))}
        changed |= {id(t) for s, t in _pair_up(item.source, item.target, LINK_KINDS) if s.kind == t.kind}
        if not item.pair.source_text.strip():
            continue
        for t in item.target:
            if not t.flaggable or id(t) in changed or t.small:
                continue
            yield ctx.finding(
                added_entity.rule,
                t.start,
                t.end,
                f"The {_describe(t)} “{t.text}” is not in the source sentence.",
                confidence=0.55,
                evidence={"source_sentence": item.pair.source_text[:300]},
            )


_NORMALISE = regex.compile(r"[\p{P}\p{S}\s]+")


@check("source.untranslated-copy", "accuracy/untranslated", Severity.MAJOR, needs_source=True)
def untranslated_copy(ctx: CheckContext) -> Iterator[Finding]:
    """A target sentence identical to its source sentence: it was not translated.

    **What it catches.** A sentence copied from the source unchanged, as engines do when they fail
    on a sentence or when a segment was skipped: "Le conseil municipal se réunira jeudi." left in
    French in an English text.

    **Why it matters.** Readers of the translation cannot read it.

    **Example.** Source "Die Sitzung wurde auf Montag verschoben." → target (English) "Die Sitzung
    wurde auf Montag verschoben." → flagged.

    **How it decides.** The aligned source and target sentences are equal once case, punctuation
    and spacing are ignored, the source and target languages differ, and the sentence has at least
    three words of which at least two are lower-case words of three letters or more (so names,
    titles, numbers, codes and URLs, which are rightly copied, are left alone).

    **Suggestion.** None: translate the sentence.
    """
    if ctx.source_lang and ctx.source_lang.split("-")[0] == ctx.lang.split("-")[0]:
        return
    for pair in ctx.pairs:
        target = ctx.text[pair.target_start : pair.target_end]
        source = pair.source_text
        if _NORMALISE.sub(" ", target).strip().casefold() != _NORMALISE.sub(" ", source).strip().casefold():
            continue
        words = _WORD.findall(target)
        if len(words) < 3 or sum(1 for w in words if w.islower() and len(w) >= 3) < 2:
            continue
        yield ctx.finding(
            untranslated_copy.rule,
            pair.target_start,
            pair.target_end,
            "This sentence is identical to its source: it was not translated.",
            confidence=0.85,
            evidence={"source_lang": ctx.source_lang},
        )


# Length-ratio outliers: at least this many pairs to calibrate, this many characters on the longer
# side, and a deviation from the document's median log-ratio beyond both of these.
MIN_PAIRS = 6
MIN_CHARS = 40
MIN_LOG_DEVIATION = math.log(2.2)
MAD_FACTOR = 5.0


@check("source.length-ratio", "accuracy/omission", Severity.MINOR, needs_source=True)
def length_ratio(ctx: CheckContext) -> Iterator[Finding]:
    """A sentence far shorter or far longer than its source, compared with the rest of the document.

    **What it catches.** A translation that dropped half a sentence, a whole source sentence that
    has no translation (it is attached to its neighbour by the aligner), or a translation that
    added a passage the source does not have.

    **Why it matters.** Omissions and additions are accuracy errors that read fluently.

    **Example.** Source "Le maire a annoncé la fermeture de la piscine, qui doit être rénovée pendant
    deux ans, et l'ouverture d'un bassin provisoire dans le parc." → target "The mayor announced
    the closure of the pool." → flagged as a possible omission.

    **How it decides.** The length ratio of each aligned pair is compared with the document's own
    median ratio (languages differ in length; so do writers): only pairs whose ratio is more than
    2.2 times off and five median absolute deviations away, on sentences of 40 characters or more,
    in documents of at least six pairs, are reported, with low confidence. Shorter → omission,
    longer → addition.

    **Suggestion.** None: compare the sentence with its source.
    """
    pairs = [p for p in ctx.pairs if p.source_text.strip()]
    if len(pairs) < MIN_PAIRS:
        return
    ratios = [math.log((p.target_end - p.target_start + 10) / (len(p.source_text) + 10)) for p in pairs]
    median = statistics.median(ratios)
    mad = statistics.median(abs(r - median) for r in ratios) * 1.4826
    threshold = max(MIN_LOG_DEVIATION, MAD_FACTOR * mad)
    for pair, ratio in zip(pairs, ratios, strict=True):
        if max(pair.target_end - pair.target_start, len(pair.source_text)) < MIN_CHARS:
            continue
        deviation = ratio - median
        if abs(deviation) <= threshold:
            continue
        shorter = deviation < 0
        yield ctx.finding(
            length_ratio.rule,
            pair.target_start,
            pair.target_end,
            ("Much shorter than its source: part of the sentence may be missing."
             if shorter else "Much longer than its source: the translation may add something."),
            confidence=0.35,
            category="accuracy/omission" if shorter else "accuracy/addition",
            evidence={"ratio": round(math.exp(ratio), 2), "document_ratio": round(math.exp(median), 2), "source_sentence": pair.source_text[:300]},
        )


CHECKS = (number_mismatch, link_mismatch, missing_entity, added_entity, untranslated_copy, length_ratio)
