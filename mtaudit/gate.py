"""The pre-publication gate: which documents may be published, and why not.

`mtaudit check`, and the CI formats (`github`, `junit`, `markdown`, `sarif` levels aside), all ask
the same `Gate` so a document that fails in one output fails in every output.
"""

from __future__ import annotations

from dataclasses import dataclass

from mtaudit.records import DocumentResult, Finding, Severity


@dataclass(frozen=True)
class Verdict:
    """The gate's answer for one document: passed, the reasons it did not, the findings that block."""

    passed: bool
    reasons: tuple[str, ...]
    blocking: tuple[Finding, ...]


@dataclass(frozen=True)
class Gate:
    """Fail a document with a finding of severity `fail_on` or worse, or a score below `min_score`."""

    fail_on: Severity = Severity.MAJOR
    min_score: float | None = None

    def blocks(self, finding: Finding) -> bool:
        """True when this finding alone fails the gate."""
        return finding.severity.rank >= self.fail_on.rank

    def verdict(self, doc: DocumentResult) -> Verdict:
        """Whether `doc` passes, with one human-readable reason per failed condition."""
        blocking = tuple(f for f in doc.findings if self.blocks(f))
        reasons: list[str] = []
        if blocking:
            plural = "s" if len(blocking) != 1 else ""
            reasons.append(f"{len(blocking)} finding{plural} at {self.fail_on.value} or worse")
        if self.min_score is not None and doc.score < self.min_score:
            reasons.append(f"score {doc.score:.1f} below {self.min_score:g}")
        return Verdict(not reasons, tuple(reasons), blocking)


def verdict(doc: DocumentResult, gate: Gate | None = None) -> Verdict:
    """`gate.verdict(doc)`, with the default gate (fail on major) when none is given."""
    return (gate or Gate()).verdict(doc)
