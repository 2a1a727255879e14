"""Glossaries and known-names lists: a team's terminology and the proper nouns of its beat.

A glossary says which target term is required and which variants are forbidden:

    term,forbidden,source,lang,case
    Kyiv,Kiev,,en,
    email,e-mail|E-mail,courriel,en,
    WhatsApp,Whatsapp|whatsapp,,,sensitive

CSV (`.csv`) or TSV (`.tsv`, `.tab`), UTF-8, with a header row naming the columns in any order:
`term` (required), `forbidden` (variants separated by `|`), `source` (the source-language term
that must be translated with `term`), `lang` (the target language the row applies to; empty for
every language) and `case` (`sensitive`, or empty/`insensitive`). A file without a header row
holds substitution pairs `forbidden,term` (what to replace, then its replacement), so the
one-line glossary `Kiev,Kyiv` replaces "Kiev" with "Kyiv".

TBX (`.tbx`, TBX-Basic or TBX v3): in each concept, per language, the preferred term (or the
first term not marked deprecated) is required, terms with the administrative status (or
normative authorization) deprecated or superseded are forbidden, and the preferred term of every
other language is the source term for that source language.

Known names are a plain word list (`.txt`): one name per line, `#` starts a comment.

Every problem is a `GlossaryError` with one line naming the file and the row.
"""

from __future__ import annotations

import csv
import difflib
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from mtaudit.errors import MtauditError
from mtaudit.records import Finding

COLUMNS = ("term", "forbidden", "source", "lang", "case")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FORBIDDEN_STATUS = ("deprecated", "superseded")


class GlossaryError(MtauditError):
    """A glossary or names file that cannot be used."""


@dataclass(frozen=True)
class Entry:
    """One glossary row: the required `term`, its `forbidden` variants, and where it applies."""

    term: str
    forbidden: tuple[str, ...] = ()
    source: str | None = None
    lang: str | None = None
    source_lang: str | None = None
    case_sensitive: bool = False
    row: int = 0

    def applies(self, lang: str, source_lang: str | None) -> bool:
        """True when the row is for this target language (and, for TBX, this source language)."""
        if self.lang and _primary(self.lang) != _primary(lang):
            return False
        return not (self.source_lang and source_lang and _primary(self.source_lang) != _primary(source_lang))


@dataclass(frozen=True)
class Glossary:
    """The rows of one glossary file."""

    entries: tuple[Entry, ...]
    path: str = ""

    def for_languages(self, lang: str, source_lang: str | None = None) -> list[Entry]:
        return [e for e in self.entries if e.applies(lang, source_lang)]

    def names(self) -> frozenset[str]:
        """The required terms that are written with a capital: the glossary's proper nouns."""
        return frozenset(e.term for e in self.entries if e.term[:1].isupper())


def _primary(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


def _clean(value: str | None) -> str:
    return unicodedata.normalize("NFC", value or "").strip()


def load_glossary(path: str | Path) -> Glossary:
    """Read a CSV, TSV or TBX glossary; `GlossaryError` (one line, with the row) when it is bad."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise GlossaryError(f"{name}: no such glossary file; check the path") from None
    except OSError as exc:
        raise GlossaryError(f"{name}: cannot read the glossary ({exc.strerror})") from None
    suffix = Path(name).suffix.lower()
    if suffix in (".tbx", ".xml"):
        entries = _read_tbx(raw, name)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise GlossaryError(f"{name}: not UTF-8 (byte {exc.start}); save the glossary as UTF-8") from None
        delimiter = "\t" if suffix in (".tsv", ".tab") else ","
        entries = _read_table(text, delimiter, name)
    if not entries:
        raise GlossaryError(f"{name}: no glossary rows; add rows such as `Kyiv,Kiev` under a `term,forbidden` header")
    return Glossary(tuple(entries), name)


def _read_table(text: str, delimiter: str, name: str) -> list[Entry]:
    rows = [(number, row) for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)]
    rows = [(n, r) for n, r in rows if any(cell.strip() for cell in r) and not r[0].lstrip().startswith("#")]
    if not rows:
        return []
    first = [_clean(c).lower() for c in rows[0][1]]
    if "term" in first:
        unknown = [c for c in first if c and c not in COLUMNS]
        if unknown:
            close = difflib.get_close_matches(unknown[0], COLUMNS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"columns are {', '.join(COLUMNS)}"
            raise GlossaryError(f"{name}: row {rows[0][0]}: unknown column {unknown[0]!r}; {hint}")
        header = first
        body = rows[1:]
    else:
        header = ["forbidden", "term"]
        body = rows
    entries = []
    for number, row in body:
        if len(row) > len(header):
            if header == ["forbidden", "term"]:
                raise GlossaryError(f"{name}: row {number}: {len(row)} columns; without a header row each row is `forbidden,term`, add a header ({','.join(COLUMNS)}) to use more columns")
            raise GlossaryError(f"{name}: row {number}: {len(row)} columns but the header names {len(header)}; quote values that contain the delimiter")
        cells = dict(zip(header, (_clean(c) for c in row), strict=False))
        entries.append(_entry(cells, number, name))
    return entries


def _entry(cells: dict[str, str], number: int, name: str) -> Entry:
    term = cells.get("term", "")
    if not term:
        raise GlossaryError(f"{name}: row {number}: the term is empty; every row needs the required term")
    forbidden = tuple(v for v in (_clean(v) for v in cells.get("forbidden", "").split("|")) if v)
    if term in forbidden:
        raise GlossaryError(f"{name}: row {number}: {term!r} is both the term and a forbidden variant")
    case = cells.get("case", "").lower()
    if case not in ("", "sensitive", "insensitive"):
        raise GlossaryError(f"{name}: row {number}: case {case!r}: use `sensitive`, `insensitive` or leave it empty")
    return Entry(term, forbidden, cells.get("source") or None, cells.get("lang") or None, None, case == "sensitive", number)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _read_tbx(raw: bytes, name: str) -> list[Entry]:
    import xml.etree.ElementTree as ET  # here, not at the top: only a TBX glossary needs it, and every audit imports this module

    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise GlossaryError(f"{name}: not valid TBX/XML (line {exc.position[0]}, column {exc.position[1]})") from None
    entries: list[Entry] = []
    for concept in (e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")):
        by_lang: dict[str, tuple[str, tuple[str, ...]]] = {}
        for lang_set in (e for e in concept if _local(e.tag) == "langSet"):
            lang = lang_set.get(XML_LANG) or lang_set.get("lang")
            if not lang:
                raise GlossaryError(f"{name}: a langSet without xml:lang in concept {concept.get('id', '?')}")
            preferred, admitted, forbidden = [], [], []
            for holder in (e for e in lang_set.iter() if _local(e.tag) in ("tig", "ntig", "termSec")):
                term = next((_clean(t.text) for t in holder.iter() if _local(t.tag) == "term" and _clean(t.text)), "")
                if not term:
                    continue
                status = " ".join(
                    (n.text or "").lower()
                    for n in holder.iter()
                    if _local(n.tag) == "termNote" and n.get("type") in ("administrativeStatus", "normativeAuthorization")
                )
                if any(word in status for word in FORBIDDEN_STATUS):
                    forbidden.append(term)
                elif "preferred" in status:
                    preferred.append(term)
                else:
                    admitted.append(term)
            required = (preferred or admitted or [""])[0]
            if required:
                by_lang[lang] = (required, tuple(forbidden))
        for lang, (term, forbidden) in by_lang.items():
            others = [(other, t) for other, (t, _) in by_lang.items() if _primary(other) != _primary(lang)]
            if forbidden:
                entries.append(Entry(term, forbidden, None, lang, None, False, 0))
            for other, source_term in others:
                entries.append(Entry(term, (), source_term, lang, other, False, 0))
    return entries


def load_names(path: str | Path) -> frozenset[str]:
    """The names of a known-names word list: one per line, `#` comments and blank lines skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise GlossaryError(f"{path}: no such names file; check the path") from None
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{path}: not UTF-8 (byte {exc.start}); save the names list as UTF-8") from None
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read the names list ({exc.strerror})") from None
    names = (_clean(line.split("#", 1)[0]) for line in text.splitlines())
    return frozenset(n for n in names if n)


# The rule families whose findings a known name can answer: spelling, case, sentence breaks
# found from a capital, consistency of spelling, untranslated words. Glossary and source checks
# are not overruled by the names list.
NAME_RULE_PREFIXES = ("spelling.", "case.", "boundary.", "consistency.", "untranslated.word")


def name_spans(text: str, names: frozenset[str]) -> list[tuple[int, int]]:
    """Where the known names occur in `text`, as whole words, case-sensitively."""
    import re

    if not names:
        return []
    # one pass over the text, longest names first so "Jean-Yves Le Drian" wins over "Le Drian"
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w)(?:{alternatives})(?!\w)", text)]


def drop_known_names(text: str, findings: list[Finding], names: frozenset[str]) -> list[Finding]:
    """`findings` without those that would change a known name: a finding of a name-sensitive
    rule whose span overlaps a name and whose best suggestion edits the name's characters (or
    that has no suggestion). "the charity Shelter" with `Shelter` in the names list is no run-on;
    "Le Drian Russia" → "Le Drian. Russia" still is, as the name stays as it is."""
    from mtaudit.fix import Edit, edits_for

    spans = name_spans(text, names)
    if not spans:
        return list(findings)
    kept: list[Finding] = []
    for finding in findings:
        overlapping = [(s, e) for s, e in spans if s < finding.end and finding.start < e]
        if overlapping and finding.rule.startswith(NAME_RULE_PREFIXES):
            if not finding.suggestions:
                continue
            edits = edits_for(finding, finding.suggestions[0])
            if any(edit.conflicts(Edit(s, e, text[s:e])) for edit in edits for s, e in overlapping):
                continue
        kept.append(finding)
    return kept
