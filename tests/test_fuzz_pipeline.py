"""The text → findings path fuzzed with arbitrary Unicode spliced into real sentences: combining
marks, emoji with joiners, bidi and zero-width controls, CRLF and lone CR, NUL, lone surrogates
(as `surrogateescape` makes them from undecodable bytes), markup and quotes. Whatever the text,
the audit raises nothing but a one-line `InputError`, every finding's span lies in the target and
holds exactly its text, and the JSON report is valid JSON that encodes to UTF-8.

A bounded number of examples so that the suite stays fast; `MTAUDIT_FUZZ_EXAMPLES=5000` (or any
number) runs more. Every crash found becomes a case of `test_regressions_found_by_fuzzing`."""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtaudit.errors import InputError
from mtaudit.formats.json import render
from mtaudit.options import AuditOptions
from mtaudit.pipeline import audit
from mtaudit.records import Document

SEEDS = {
    "en": "The minister said on Monday that the statment of 12 March was wrong. Read also: Talks resume",
    "fr": "Le ministre a déclaré lundi que la déclaration du 12 mars était fausse. « Bien », a-t-il dit.",
    "de": "Der Regierungssprecher sagte am Montag, die Erklärung vom 12. März sei falsch.",
}
SOURCES = {"en": "Le ministre a déclaré lundi que la déclaration du 12 mars était fausse.", "fr": None, "de": None}
ALPHABET = st.sampled_from(
    [*"\u0301\u0308\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\u2028\u2029\ufeff\x00\x1b\x07\x7f\x85\t\n\r",
     *"“”«»„\"'`*#<>&{}[]()%$@/\\|~-–—….,;:!?0123456789 ",
     "\r\n", "👩\u200d💻", "🇫🇷", "e\u0301", "\udcff", "\udc80", "漢字", "שלום", "مرحبا", "नमस्ते", "```", "<br>", "&nbsp;", "{{name}}",
     "https://example.org/a?utm_source=x", "2022-02-20 ", "Statment", "statment", "Twitter", "   "]
)
FUZZ = st.lists(st.one_of(ALPHABET, st.text(max_size=6)), max_size=30).map("".join)


def check_audit(target: str, lang: str | None, source: str | None = None, path: str | None = None) -> None:
    """Audit `target` and assert the invariants of every finding and of the JSON report."""
    document = Document("fuzz", target, path=path, source=source, source_lang="fr" if source else None, target_lang=lang)
    try:
        result = audit([document], AuditOptions())
    except InputError as exc:
        assert "\n" not in str(exc).strip()
        return
    for found in result.documents[0].findings:
        assert 0 <= found.start <= found.end <= len(target), found
        assert target[found.start : found.end] == found.text, found
    report = render(result)
    json.loads(report)
    report.encode("utf-8")


@settings(max_examples=int(os.environ.get("MTAUDIT_FUZZ_EXAMPLES", "200")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=FUZZ, position=st.integers(min_value=0), lang=st.sampled_from(["en", "fr", "de", None]), with_source=st.booleans(), markdown=st.booleans())
def test_audit_survives_arbitrary_text(data: str, position: int, lang: str | None, with_source: bool, markdown: bool) -> None:
    seed = SEEDS[lang or "en"]
    cut = position % (len(seed) + 1)
    source = SOURCES[lang or "en"] if with_source else None
    check_audit(seed[:cut] + data + seed[cut:], lang, source, "fuzz.md" if markdown else None)


def test_regressions_found_by_fuzzing() -> None:
    """Inputs that once broke the audit (kept as regression tests)."""
    check_audit("\udcff", "en")  # a lone surrogate alone (sentencex takes UTF-8 only)
    check_audit(SEEDS["en"] + "\udcff", "en")  # a lone surrogate in a finding: the JSON report must encode
    check_audit("a\r\rb\r\n\u2028c", "en")  # every kind of line end
    check_audit("\U00031350 The minister said.", "en")  # a Han character Python's tables do not call a letter
    check_audit("`" * 3 + "\n" + "`" * 30_000, "en", path="x.md")  # an unclosed fence and a run of backticks
