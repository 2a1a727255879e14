"""Baselines: the findings a team has already accepted, so a gate fails only on what is new.

A finding is known by its *fingerprint*: a hash of its rule, its flagged text (whitespace
collapsed, Unicode NFC) and a little context (the two words before and after it on its line), plus a counter
for the same key repeated in one document. Offsets are left out on purpose, so a finding keeps its
fingerprint when paragraphs are added or removed above it; editing the flagged words or the words
around them makes it a new finding.

The baseline file is JSON, versioned by its `schema` field:

    {"schema": "mtaudit.baseline/1", "tool": {"name": "mtaudit", "version": "0.1.0"},
     "documents": {"article.txt": [{"fingerprint": "…", "rule": "…", "text": "…"}, …]}}

The same fingerprints identify findings in SARIF (`partialFingerprints`) and in the decisions file
of `mtaudit fix`.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from mtaudit import __version__
from mtaudit.errors import MtauditError
from mtaudit.records import AuditResult, DocumentResult, Finding
from mtaudit.scoring import document_score, mqm_penalty

SCHEMA = "mtaudit.baseline/1"
CONTEXT_WORDS = 2
_WORD = re.compile(r"\w+")


class BaselineError(MtauditError):
    """A baseline file that cannot be used (missing, not JSON, another format version)."""


def normalise(text: str) -> str:
    """Text as fingerprints see it: Unicode NFC, runs of whitespace as one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _context(text: str, finding: Finding) -> tuple[str, str]:
    """The words around a finding, within its own line: a paragraph added above or below does
    not change them."""
    line_start = text.rfind("\n", 0, finding.start) + 1
    line_end = text.find("\n", finding.end)
    line_end = len(text) if line_end < 0 else line_end
    before = _WORD.findall(text[max(line_start, finding.start - 80) : finding.start])[-CONTEXT_WORDS:]
    after = _WORD.findall(text[finding.end : min(line_end, finding.end + 80)])[:CONTEXT_WORDS]
    return " ".join(before), " ".join(after)


def fingerprints(doc: DocumentResult) -> list[str]:
    """The fingerprint of each of `doc.findings`, in the same order (16 hex digits each)."""
    return finding_fingerprints(doc.document.target, doc.findings)


def finding_fingerprints(text: str, findings: list[Finding]) -> list[str]:
    """The fingerprint of each finding of the document `text`, in the order given (which must be
    report order, so that repeats of one key are counted the same way every time)."""
    seen: Counter[tuple[str, ...]] = Counter()
    result: list[str] = []
    for finding in findings:
        before, after = _context(text, finding)
        key = (finding.rule, normalise(finding.text), normalise(before), normalise(after))
        seen[key] += 1
        raw = "\x1f".join((*key, str(seen[key])))
        result.append(hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16])
    return result


def document_key(doc: DocumentResult) -> str:
    """How a baseline names a document: its path, else its id."""
    return doc.document.path or doc.document.id


def baseline_dict(result: AuditResult) -> dict[str, Any]:
    """The baseline of every finding in `result`, as the JSON object written to the file."""
    documents: dict[str, list[dict[str, str]]] = {}
    for doc in result.documents:
        entries = documents.setdefault(document_key(doc), [])
        for finding, fingerprint in zip(doc.findings, fingerprints(doc), strict=True):
            entries.append({"fingerprint": fingerprint, "rule": finding.rule, "text": finding.text})
    return {"schema": SCHEMA, "tool": {"name": "mtaudit", "version": __version__}, "documents": documents}


def write_baseline(result: AuditResult, path: str | Path, *, mkdir: bool = False) -> None:
    """Write the baseline of `result` to `path` (`mtaudit.output.write_output`: atomically, never a
    half-written file; missing parent folders only with `mkdir`)."""
    from mtaudit.output import write_output

    write_output(str(path), json.dumps(baseline_dict(result), ensure_ascii=False, indent=2, sort_keys=True) + "\n", mkdir=mkdir)


def load_baseline(path: str | Path) -> dict[str, frozenset[str]]:
    """The accepted fingerprints by document, from a baseline file; `BaselineError` when unusable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file; create it with --write-baseline {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline ({exc}); check the path") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not a baseline file (invalid JSON at line {exc.lineno}); write it again with --write-baseline") from None
    schema = data.get("schema") if isinstance(data, dict) else None
    if schema != SCHEMA:
        written_by = data.get("tool", {}).get("version") if isinstance(data, dict) and isinstance(data.get("tool"), dict) else None
        origin = f" written by mtaudit {written_by}" if written_by else ""
        raise BaselineError(
            f"{path}: baseline format {schema!r}{origin}, but mtaudit {__version__} reads {SCHEMA!r}; "
            "its fingerprints are not comparable, write it again with --write-baseline"
        )
    documents = data.get("documents")
    if not isinstance(documents, dict):
        raise BaselineError(f"{path}: a baseline needs a \"documents\" object; write it again with --write-baseline")
    accepted: dict[str, frozenset[str]] = {}
    for name, entries in documents.items():
        if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries):
            raise BaselineError(f"{path}: document {name!r} needs a list of entries with a \"fingerprint\"; write it again with --write-baseline")
        accepted[name] = frozenset(e["fingerprint"] for e in entries)
    return accepted


def filter_new(result: AuditResult, baseline: dict[str, frozenset[str]]) -> AuditResult:
    """`result` without the findings in `baseline`; scores and MQM are recomputed from what is left."""
    documents: list[DocumentResult] = []
    for doc in result.documents:
        known = baseline.get(document_key(doc), frozenset())
        kept = [f for f, fp in zip(doc.findings, fingerprints(doc), strict=True) if fp not in known]
        mqm = mqm_penalty(kept)
        documents.append(replace(doc, findings=kept, mqm=mqm, score=document_score(mqm, doc.words)))
    return replace(result, documents=documents)
