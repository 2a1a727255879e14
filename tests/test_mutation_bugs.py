"""Bugs the mutation run (benchmarks/mutation-results.md) exposed, each pinned by real sentences:
the number-mismatch suggestion in the target's scale, small-number words before a scale word and
dual scale words, a charset name cut at byte 4096, and the HTML context width."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from mtaudit.formats import html
from mtaudit.pipeline import AuditOptions, audit
from mtaudit.quantities import extract
from mtaudit.readers.base import declared_encoding
from mtaudit.records import Document


def _number_findings(source: str, target: str, source_lang: str) -> list:
    doc = Document("t", target, source=source, source_lang=source_lang, target_lang="en")
    found = audit([doc], AuditOptions(select=("source.number-mismatch",))).documents[0].findings
    for f in found:
        assert f.text == target[f.start : f.end]
    return found


@pytest.mark.parametrize(
    ("source", "target", "flagged", "suggestion"),
    [
        # smaller than the target's scale: the whole expression is replaced, scale word included
        ("L'entreprise a vendu 250 000 voitures l'an dernier.", "The company sold 1.5 million cars last year.", "1.5 million", "250,000"),
        ("L'entreprise a vendu 2,5 millions de voitures l'an dernier.", "The company sold 1.5 billion cars last year.", "1.5 billion", "2,500,000"),
        # near misses: the same scale, or no scale, keep the number alone
        ("L'entreprise a vendu 1,5 million de voitures l'an dernier.", "The company sold 2.5 million cars last year.", "2.5", "1.5"),
        ("L'entreprise a vendu 2 500 000 voitures l'an dernier.", "The company sold 1.5 million cars last year.", "1.5", "2.5"),
        ("L'entreprise a vendu 250 000 voitures l'an dernier.", "The company sold 350,000 cars last year.", "350,000", "250,000"),
    ],
)
def test_a_number_mismatch_suggestion_never_leaves_a_wrong_magnitude(source: str, target: str, flagged: str, suggestion: str) -> None:
    (finding,) = _number_findings(source, target, "fr")
    assert (finding.text, finding.suggestions[0]) == (flagged, suggestion)
    fixed = target[: finding.start] + finding.suggestions[0] + target[finding.end :]
    assert "000 million" not in fixed and "000 billion" not in fixed


def test_a_number_mismatch_with_the_right_value_in_another_scale_is_not_reported() -> None:
    assert _number_findings("L'entreprise a vendu 1 500 000 voitures l'an dernier.", "The company sold 1.5 million cars last year.", "fr") == []


@pytest.mark.parametrize(
    ("text", "lang", "spelled", "value"),
    [
        ("Podjetje je lani prodalo dva milijona knjig.", "sl", "dva milijona", 2_000_000),  # alone, 2 is "dve"
        ("V tej regiji živijo trije milijoni ljudi.", "sl", "trije milijoni", 3_000_000),
        ("Компания продала две тысячи книг.", "ru", "две тысячи", 2000),  # alone, 2 is "два"
        ("Компания продала пять миллионов книг.", "ru", "пять миллионов", 5_000_000),
        ("باعت الشركة مليونا كتاب.", "ar", "مليونا", 2_000_000),  # the dual: two million in one word
        ("باعت الشركة ألفا كتاب.", "ar", "ألفا", 2000),
        ("باعت الشركة ثلاثة ملايين كتاب.", "ar", "ثلاثة ملايين", 3_000_000),
        # near misses: one times the scale, and a plain small number, stay what they are
        ("Podjetje je lani prodalo milijon knjig.", "sl", "milijon", 1_000_000),
        ("باعت الشركة مليون كتاب.", "ar", "مليون", 1_000_000),
        ("The firm sold two million books.", "en", "two million", 2_000_000),
        ("Компания продала две книги.", "ru", "две", 2),
    ],
)
def test_small_number_words_before_a_scale_word_and_dual_scale_words(text: str, lang: str, spelled: str, value: int) -> None:
    words = [e for e in extract(text, lang) if e.kind == "spelled"]
    assert [(e.text, e.value) for e in words] == [(spelled, Decimal(value))]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"<html><head>" + b" " * 4060 + b'<meta charset="windows-1252">', None),  # cut at byte 4096: "win"
        (b"<html><head>" + b" " * 4060 + b"<meta charset=windows-1252>", None),
        (b"<html><head>" + b" " * 4000 + b'<meta charset="windows-1252">', "windows-1252"),  # complete: read
        (b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">', "iso-8859-2"),
        (b"<html><head><meta charset=utf-8></head>", "utf-8"),
        (b"<html><head><meta charset=utf-8 /></head>", "utf-8"),
    ],
)
def test_only_a_complete_charset_declaration_counts(raw: bytes, expected: str | None) -> None:
    assert declared_encoding(raw, "html") == expected


def test_the_html_report_passes_its_context_width_to_the_page() -> None:
    target = "The company sold 1.5 million cars last year, said the spokesman Jean Dupont."
    doc = Document("t", target, source="L'entreprise a vendu 250 000 voitures l'an dernier.", source_lang="fr", target_lang="en")
    result = audit([doc], AuditOptions(select=("source.number-mismatch",)))
    page = html.render(result.documents[0], result)
    data = json.loads(re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S).group(1))
    assert data["context"] == html.MAX_CONTEXT
    assert "data.context / 2" in page  # the script cuts the context with it, half on each side


@pytest.mark.parametrize(
    ("kept", "missing"),
    [
        ((1, 2, 3), [1]),  # the first paragraph dropped
        ((0, 2, 3), [2]),  # a middle one
        ((0, 1, 3), [3]),
        ((0, 1, 2), [4]),  # the last one: used to be merged with the one before it, never reported
        ((0, 1, 2, 3), []),  # near misses: every paragraph there
        ((0, (1, 2), 3), []),  # two merged into one
        ((0, 1, (2, 3)), []),  # the last two merged into one
    ],
)
def test_a_missing_paragraph_is_found_wherever_it_was(kept: tuple, missing: list[int]) -> None:
    from mtaudit.checks.paragraphs import _EN, _SOURCE

    parts = [" ".join(_EN[i] for i in k) if isinstance(k, tuple) else _EN[k] for k in kept]
    target = "\n\n".join(parts)
    doc = Document("t", target, source=_SOURCE, source_lang="fr", target_lang="en")
    found = audit([doc], AuditOptions(select=("source.missing-paragraph", "source.added-paragraph"))).documents[0].findings
    assert [f.evidence["source_paragraphs"] for f in found] == ([missing] if missing else [])
    assert all(f.rule == "source.missing-paragraph" for f in found)
    if missing == [4]:
        assert found[0].start == len(target)  # an insertion point at the end of the text
