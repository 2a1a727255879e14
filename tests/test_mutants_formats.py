"""Tests written against survivors of the mutation benchmark in `mtaudit/formats/` and
`mtaudit/output.py`: each pins an offset or a number of the HTML report that a planted bug moved
without any other test noticing."""

from __future__ import annotations

from mtaudit.formats.html import Shade, histogram, mark_shades
from tests.conftest import audit_text


def test_score_histogram_bins_and_bar_heights() -> None:
    bars = histogram([0.0, 5.0, 55.0, 58.0, 99.9, 100.0], bins=10)
    assert [(b["low"], b["high"], b["count"], b["height"], b["band"]) for b in bars] == [
        (0, 10, 2, 100, "poor"),
        (10, 20, 0, 0, "poor"),
        (20, 30, 0, 0, "poor"),
        (30, 40, 0, 0, "poor"),
        (40, 50, 0, 0, "poor"),
        (50, 60, 2, 100, "poor"),
        (60, 70, 0, 0, "fair"),
        (70, 80, 0, 0, "fair"),
        (80, 90, 0, 0, "fair"),
        (90, 100, 2, 100, "good"),  # 100 falls in the last bin
    ]
    assert [b["height"] for b in histogram([10.0, 30.0, 35.0, 37.0], bins=5)] == [33, 100, 0, 0, 0]


def test_shades_are_cut_at_the_findings_boundaries() -> None:
    # the bilingual view shades each target cell; a finding's characters carry its index and severity
    text = "The minister made a statment yesterday."
    finding = next(f for f in audit_text(text, select=("spelling.typo",)).findings if f.rule == "spelling.typo")
    assert (finding.start, finding.end) == (20, 28)
    shades = [Shade("The minister made ", 1, 2.5), Shade("a statment yesterday.", 3, 7.25)]
    assert mark_shades(shades, 0, [(4, finding)]) == [
        Shade("The minister made ", 1, 2.5),
        Shade("a ", 3, 7.25),
        Shade("statment", 3, 7.25, 4, finding.severity.value),
        Shade(" yesterday.", 3, 7.25),
    ]
    # a cell that starts later in the document: offsets are the document's
    cell = [Shade("Then a statment.", 0, 1.0)]
    later = [(0, finding)]
    assert mark_shades(cell, 13, later) == [
        Shade("Then a ", 0, 1.0),
        Shade("statment", 0, 1.0, 0, finding.severity.value),
        Shade(".", 0, 1.0),
    ]


def test_score_bands_at_their_thresholds() -> None:
    from mtaudit.formats.html import score_band

    assert [score_band(s) for s in (0.0, 59.9, 60.0, 89.9, 90.0, 100.0)] == ["poor", "poor", "fair", "fair", "good", "good"]
