"""The text and JSON report formats (`mtaudit.formats.text`, `mtaudit.formats.json`) at their edges:
`line:col` at the start of a line, the summary's counts, no documents, non-ASCII kept."""

from __future__ import annotations

import dataclasses
import json

from mtaudit.formats import json as json_format
from mtaudit.formats.text import line_col, line_starts_of, render, summary_line
from mtaudit.pipeline import AuditOptions, audit
from mtaudit.records import Document

TEXT = "First line.\nsecond line starts here.\n\nthird paragraph."


def test_line_col_at_line_starts_and_ends() -> None:
    assert line_starts_of(TEXT) == [0, 12, 37, 38]
    assert line_col(TEXT, 0) == (1, 1)
    assert line_col(TEXT, 11) == (1, 12)  # the newline itself belongs to its line
    assert line_col(TEXT, 12) == (2, 1)
    assert line_col(TEXT, 13) == (2, 2)
    assert line_col(TEXT, 37) == (3, 1)  # an empty line
    assert line_col(TEXT, 38) == (4, 1)
    assert line_col("é\n😀x", 3) == (2, 2)  # columns count code points


def test_rendered_findings_point_at_the_first_column() -> None:
    result = audit([Document(id="notes.txt", target=TEXT, target_lang="en")], AuditOptions(select=("case.sentence-start-lowercase",)))
    lines = render(result).splitlines()
    assert [line.split(" ")[0] for line in lines[:-1]] == ["notes.txt:2:1:", "notes.txt:4:1:"]
    assert lines[-1] == "1 document, 2 findings (0 critical, 0 major, 2 minor), mean score " + f"{result.documents[0].score:.1f}"


def test_summary_counts_every_severity_over_documents() -> None:
    documents = [
        Document(id="a", target="The minister said the talks would continue next week in Geneva with all parties", target_lang="en"),
        Document(id="b", target="The minister wrote on twitter He said the talks had failed. the end came.", target_lang="en"),
        Document(id="c", target="Fill in {0} now.", target_lang="en"),
        Document(id="d", target="The <strong>council</strong> met on Monday.", target_lang="en"),
    ]
    result = audit(documents)
    counts = {"critical": 0, "major": 0, "minor": 0}
    for doc in result.documents:
        for finding in doc.findings:
            counts[finding.severity.value] += 1
    assert all(counts.values()), counts  # the documents are written to have every severity
    mean = sum(d.score for d in result.documents) / 4
    assert summary_line(result) == (
        f"4 documents, {sum(counts.values())} findings ({counts['critical']} critical, {counts['major']} major, {counts['minor']} minor), mean score {mean:.1f}"
    )


def test_summary_of_no_documents() -> None:
    empty = dataclasses.replace(audit([Document(id="x", target="Fine.", target_lang="en")]), documents=[])
    assert summary_line(empty) == "0 documents, 0 findings (0 critical, 0 major, 0 minor), mean score 100.0"


def test_json_report_keeps_non_ascii_text() -> None:
    result = audit([Document(id="cité", target="Le musée rouvre le 12 juin à Besançon.", target_lang="fr")])
    text = json_format.render(result)
    assert "Besançon" not in text or "\\u00e7" not in text
    assert '"id": "cité"' in text and text.endswith("}\n") and text.startswith('{\n  "schema"')
    assert json.loads(text)["documents"][0]["id"] == "cité"
