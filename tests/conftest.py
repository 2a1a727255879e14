"""Shared helpers: audit a string with chosen rules and look at what was found."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mtaudit.lexicon import dictionary_path
from mtaudit.pipeline import AuditOptions, audit
from mtaudit.records import Document, DocumentResult

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "fixtures" / "example-fr-en-news.txt"


HUNSPELL_PACKAGES = {"en": "hunspell-en-us", "fr": "hunspell-fr", "de": "hunspell-de-de", "es": "hunspell-es"}


def needs_hunspell(lang: str = "en") -> None:
    """Skip the calling test, with the reason, when no Hunspell dictionary of `lang` is installed
    (the checks then fall back to word frequencies and find less)."""
    if dictionary_path(lang) is None:
        package = HUNSPELL_PACKAGES.get(lang, f"hunspell-{lang}")
        pytest.skip(f"no Hunspell dictionary for {lang!r} installed (Debian: apt-get install {package}, or set MTAUDIT_DICT_PATH)")


@pytest.fixture()
def hunspell_en() -> None:
    """A fixture form of `needs_hunspell("en")`."""
    needs_hunspell("en")


def audit_text(text: str, lang: str = "en", select: tuple[str, ...] = (), source: str | None = None, source_lang: str | None = None) -> DocumentResult:
    """Audit one text in memory with the rules whose ids start with `select`."""
    document = Document(id="t", target=text, source=source, source_lang=source_lang, target_lang=lang)
    return audit([document], AuditOptions(select=select)).documents[0]


def flagged(text: str, rule: str, lang: str = "en", **kwargs: object) -> list[str]:
    """The texts of the findings of `rule` in `text`."""
    result = audit_text(text, lang, select=(rule,), **kwargs)  # type: ignore[arg-type]
    return [f.text for f in result.findings if f.rule == rule]


def corrected(text: str, rule: str, lang: str = "en") -> str:
    """`text` with the first suggestion of every finding of `rule` applied."""
    findings = [f for f in audit_text(text, lang, select=(rule,)).findings if f.rule == rule and f.suggestions]
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + finding.suggestions[0] + text[finding.end :]
    return text


@pytest.fixture()
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")
