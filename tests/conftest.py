"""Shared helpers: audit a string with chosen rules and look at what was found."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# The user's caches and settings must not change what a test sees: a model in their Hugging Face
# cache, an mtaudit evidence cache or a server settings file would. huggingface_hub reads its
# folders once, when it is imported, so they are pointed at an empty folder here, before anything
# imports it; the autouse fixture below gives each test its own folders for what is read later.
# MTAUDIT_DICT_PATH is kept: it says where Hunspell dictionaries are, which is the machine's
# equipment, not a setting (tests that need one skip when it is missing, see `needs_hunspell`).
KEPT_SETTINGS = frozenset({"MTAUDIT_DICT_PATH"})
HF_FOLDERS = ("HF_HOME", "HF_HUB_CACHE", "TRANSFORMERS_CACHE", "HUGGINGFACE_HUB_CACHE", "XDG_CACHE_HOME")
_SESSION_CACHE = Path(tempfile.mkdtemp(prefix="mtaudit-tests-cache-"))
for _name in HF_FOLDERS:
    os.environ[_name] = str(_SESSION_CACHE / _name.lower())
for _name in [n for n in os.environ if n.startswith("MTAUDIT_") and n not in KEPT_SETTINGS]:
    del os.environ[_name]
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import pytest  # noqa: E402

from mtaudit.lexicon import dictionary_path  # noqa: E402
from mtaudit.pipeline import AuditOptions, audit  # noqa: E402
from mtaudit.records import Document, DocumentResult  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs with empty cache folders of its own, offline, and without the user's
    MTAUDIT_* settings (MTAUDIT_DICT_PATH excepted), so a test passes or fails the same on every
    machine and no test sees what another one cached."""
    home = tmp_path_factory.mktemp("env")
    for name in HF_FOLDERS:
        monkeypatch.setenv(name, str(home / name.lower()))
    for name in [n for n in os.environ if n.startswith("MTAUDIT_") and n not in KEPT_SETTINGS]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")

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
    result = audit([document], AuditOptions(select=select)).documents[0]
    assert_spans(result, text)
    return result


def assert_spans(result: DocumentResult, target: str) -> None:
    """The report contract every test relies on: each finding's `text` is exactly the target's
    characters between `start` and `end` (code points), inside the text, in report order."""
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(target), finding
        assert finding.text == target[finding.start : finding.end], finding
    assert [f.sort_key() for f in result.findings] == sorted(f.sort_key() for f in result.findings)


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


# Fixtures that build (small) models with torch: a test that uses one is slow whatever its file
# says, so `pytest -m "not slow"` stays fast.
MODEL_FIXTURES = frozenset({"tiny_marian", "tiny_gpt2"})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
