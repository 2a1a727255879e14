"""The records every stage of the pipeline passes on: documents, segments, findings, results.

Everything here is plain data. Checks create `Finding`s, the pipeline assembles
`DocumentResult`s into an `AuditResult`, and the renderers in `mtaudit.formats` only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mtaudit.readers.base import Locator


class Severity(str, Enum):
    """How bad a finding is, with the MQM penalty weight it carries."""

    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def weight(self) -> float:
        """MQM penalty points of one error of this severity (Minor 1, Major 5, Critical 10)."""
        return {"minor": 1.0, "major": 5.0, "critical": 10.0}[self.value]

    @property
    def rank(self) -> int:
        return {"minor": 1, "major": 2, "critical": 3}[self.value]

    def __str__(self) -> str:
        return self.value


CATEGORIES = (
    "accuracy/mistranslation",
    "accuracy/omission",
    "accuracy/addition",
    "accuracy/untranslated",
    "fluency/spelling",
    "fluency/punctuation",
    "fluency/grammar",
    "fluency/inconsistency",
    "style/awkward",
    "terminology/inconsistent",
    "terminology/glossary",
    "artefact/markup",
)


@dataclass(frozen=True)
class Example:
    """One line of a rule's table of examples: a text the rule must flag (`flagged` is the exact
    flagged text, `suggestion` its first suggestion, None for none) or, with `flagged` None, a
    near miss it must leave alone (`note` says why). `tests/test_rule_examples.py` runs every line;
    the rule's documentation shows them, so documentation and behaviour cannot drift."""

    text: str
    flagged: str | None
    suggestion: str | None = None
    note: str = ""
    lang: str = "en"
    source: str | None = None
    source_lang: str | None = None
    # Needs the language's Hunspell dictionary (the test skips the line when none is installed).
    hunspell: bool = False


@dataclass(frozen=True)
class Rule:
    """The fixed description of one check: id, MQM category, default severity, documentation.

    `needs_source`: the check runs only on documents with a source text. `needs_evidence`: the
    check reads model evidence (`CheckContext.evidence`) and runs only when evidence was asked for.
    """

    id: str
    category: str
    severity: Severity
    doc: str
    needs_source: bool = False
    needs_evidence: bool = False
    # The rule's table of examples (see `Example`), shown in its documentation and run by the tests.
    examples: tuple[Example, ...] = ()

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else self.id


@dataclass(frozen=True)
class SentencePair:
    """A target sentence (or several) aligned with the source sentence(s) it translates."""

    target_start: int
    target_end: int
    source_text: str
    target_sentences: tuple[int, ...] = ()


@dataclass(frozen=True)
class Document:
    """One text to audit, as it was read: the target text and, when there is one, its source."""

    id: str
    target: str
    path: str | None = None
    source: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    # Where the target lies in its file, when it is not the file verbatim (HTML prose, a PO entry,
    # an XLIFF unit), and what the reader noted about it; see `mtaudit.readers.location_of`.
    location: Locator | None = field(default=None, compare=False, repr=False)


def is_empty_translation(target: str, source: str | None) -> bool:
    """True when `source` has text and `target` has none (nothing, or only whitespace): a
    document the pipeline audits with the on-demand empty-target check, which flags it."""
    return source is not None and bool(source.strip()) and not target.strip()


@dataclass
class Segment:
    """A sentence of the target text: `target[start:end]`, with its aligned source and evidence."""

    index: int
    start: int
    end: int
    source: str | None = None
    backtranslation: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    # Per-token language-model surprisal (bits), as (start, end, surprisal) with document offsets.
    token_surprisal: list[tuple[int, int, float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "backtranslation": self.backtranslation,
            "scores": dict(sorted(self.scores.items())),
            "token_surprisal": [[start, end, round(value, 3)] for start, end, value in self.token_surprisal],
        }


@dataclass(frozen=True)
class Finding:
    """One problem in the target text: a LanguageTool-style match with an MQM category.

    `start`/`end` are code-point offsets into the target text and `text == target[start:end]`.
    """

    rule: str
    category: str
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    suggestions: tuple[str, ...] = ()
    confidence: float = 1.0
    evidence: dict[str, Any] = field(default_factory=dict)
    # Where the finding starts in the original file: {"line", "column"} (1-based, code points)
    # and, for a unit of a bilingual file, "unit"; None for a JSONL record or standard input.
    # Filled by the pipeline from the reader's map (`mtaudit.readers.location_of`).
    location: dict[str, Any] | None = None

    @property
    def penalty(self) -> float:
        """Expected MQM penalty of this finding: severity weight times confidence."""
        weight = self.severity.weight
        if self.category == "fluency/punctuation" and self.severity is Severity.MINOR:
            weight = 0.1  # MQM: a minor punctuation error costs 0.1, not 1
        return weight * self.confidence

    def sort_key(self) -> tuple[int, str, int]:
        """Report order: by offset, then rule id (then end, for one rule's overlapping spans)."""
        return (self.start, self.rule, self.end)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity.value,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence,
        } | ({"location": self.location} if self.location is not None else {})


@dataclass
class DocumentResult:
    """The audit of one document: its segments, findings, score and MQM estimate."""

    document: Document
    target_lang: str
    source_lang: str | None
    segments: list[Segment]
    findings: list[Finding]
    words: int
    score: float
    mqm: float
    # What the reader of the report must know about this document's audit, e.g. a source that does
    # not look like its source (the target was then audited without it).
    notes: list[str] = field(default_factory=list)

    def counts_by_severity(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return counts

    def counts_by_category(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for finding in self.findings:
            counts[finding.category] = counts.get(finding.category, 0) + 1
        return dict(sorted(counts.items()))

    def worst(self) -> Finding | None:
        if not self.findings:
            return None
        return max(self.findings, key=lambda f: (f.severity.rank, f.confidence, -f.start))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.document.id,
            "path": self.document.path,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "score": self.score,
            "mqm": self.mqm,
            "words": self.words,
            "segments": [s.to_dict() for s in self.segments],
            "findings": [f.to_dict() for f in self.findings],
        } | ({"notes": list(self.notes)} if self.notes else {})


@dataclass(frozen=True)
class Settings:
    """What an audit ran with: recorded in every report so two reports can be compared."""

    checks: tuple[str, ...]
    translator: str | None = None
    translator_model: str | None = None
    lm: str | None = None
    lm_model: str | None = None
    offline: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "checks": list(self.checks),
            "translator": self.translator,
            "translator_model": self.translator_model,
            "lm": self.lm,
            "lm_model": self.lm_model,
            "offline": self.offline,
        }


@dataclass
class AuditResult:
    """Everything one run produced. Renderers take this and add nothing to it."""

    documents: list[DocumentResult]
    settings: Settings
    version: str
    errors: list[str] = field(default_factory=list)
    # The rules whose checks ran, in registry order (`Settings.checks` holds their ids).
    rules: tuple[Rule, ...] = ()
    # Things the user should know that are not findings ("back-translation skipped: …"); the CLI
    # prints them on standard error, library users read them here.
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "mtaudit.report/1",
            "tool": {"name": "mtaudit", "version": self.version},
            "settings": self.settings.to_dict(),
            "documents": [d.to_dict() for d in self.documents],
        }
