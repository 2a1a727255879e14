"""How fast the HTML report opens and decides, in headless Chromium (a benchmark, not a test).

    python benchmarks/report_perf.py [--large-mb 10] [--large-findings 77000]

Two pages, written with the real renderer from built texts:
- a 5,000-word article with 300 findings (all severities, some overlapping), the size an editor
  reviews: the target is < 1 s to open and < 100 ms for "Accept all";
- a large document (10 MB, about 77,000 findings, most of them beyond the highlight cap): the
  target is < 5 s to open, and a decision or a page of the findings list stays interactive.

Prints, per page: the time to write it (Python), its size, the time from navigation to the
script's API being ready (load), "Accept all" and one decision measured inside the page with
`performance.now()`, and the corrected text's length as a check. Uses the DevTools client of
tests/test_html_browser.py; nothing is fetched from the network.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_html_browser import Browser, find_chromium  # noqa: E402

from mtaudit.formats import html  # noqa: E402
from mtaudit.records import AuditResult, Document, DocumentResult, Finding, Segment, Settings, Severity  # noqa: E402

SENTENCE = "The minister said it was fine and the committee agreed with the plan today. "
KINDS = [("fluency/spelling", Severity.MINOR), ("accuracy/omission", Severity.MAJOR), ("artefact/markup", Severity.CRITICAL),
         ("fluency/punctuation", Severity.MINOR)]


def build(target: str, count: int, doc_id: str) -> AuditResult:
    """A result with `count` findings on words spread over `target` (every fifth overlapping the
    next word), one segment per sentence, as the pipeline would produce."""
    words = list(re.finditer(r"\w+", target))
    step = max(1, len(words) // count)
    findings = []
    for n, match in enumerate(words[::step][:count]):
        category, severity = KINDS[n % len(KINDS)]
        end = match.end() if n % 5 else min(len(target), match.end() + 12)
        flagged = target[match.start() : end]
        findings.append(Finding("bench.rule", category, severity, match.start(), end, flagged, f"Finding {n}.", (flagged.upper(),), 0.5 + (n % 50) / 100))
    segments, start = [], 0
    for match in re.finditer(r"(?<=\. )", target):
        segments.append(Segment(len(segments), start, match.start()))
        start = match.start()
    segments.append(Segment(len(segments), start, len(target)))
    doc = DocumentResult(Document(id=doc_id, target=target), "en", None, segments, sorted(findings, key=Finding.sort_key),
                         len(target.split()), 50.0, -float(count))
    return AuditResult([doc], Settings(checks=("bench.rule",)), "bench")


def measure(browser: Browser, result: AuditResult, folder: Path, name: str) -> None:
    page = folder / f"{name}.html"
    started = time.perf_counter()
    html.write(result, str(page))
    written = time.perf_counter() - started
    browser.open("about:blank")
    started = time.perf_counter()
    browser.loaded.clear()
    browser.call("Page.navigate", {"url": page.resolve().as_uri()})
    assert browser.loaded.wait(120), "page did not load"
    while not browser.js("typeof window.mtauditReport === 'object'"):
        time.sleep(0.01)
    loaded = time.perf_counter() - started
    browser.js("localStorage.clear()")
    timings = browser.js(
        "(() => { const r = window.mtauditReport; let t = performance.now(); const n = r.acceptAll('minor');"
        " const all = performance.now() - t; t = performance.now(); r.decide(5, null); const one = performance.now() - t;"
        " t = performance.now(); const text = r.correctedText(); const corrected = performance.now() - t;"
        " t = performance.now(); r.goTo(7); const open = performance.now() - t;"
        " return {n, all, one, corrected, open, length: text.length}; })()"
    )
    doc = result.documents[0]
    print(f"{name}: {doc.words:,} words, {len(doc.document.target):,} characters, {len(doc.findings):,} findings; "
          f"page {page.stat().st_size / 1e6:.1f} MB written in {written:.2f} s")
    print(f"  load {loaded:.2f} s · Accept all {timings['all']:.0f} ms ({timings['n']:,} applied) · one decision {timings['one']:.1f} ms"
          f" · corrected text {timings['corrected']:.0f} ms · open a finding {timings['open']:.0f} ms")
    if browser.console_errors:
        print(f"  console errors: {browser.console_errors[:3]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large-mb", type=float, default=10.0, help="size of the large document in MB (0 to skip it)")
    parser.add_argument("--large-findings", type=int, default=77_000, help="findings in the large document")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print("no Chromium binary found (Debian: apt-get install chromium, or set $CHROMIUM)", file=sys.stderr)
        return 1
    browser = Browser(chromium, width=1366, height=900)
    try:
        with tempfile.TemporaryDirectory() as folder:
            article = "\n\n".join(SENTENCE * 8 for _ in range(45))  # about 5,000 words
            measure(browser, build(article, 300, "article-5000-words"), Path(folder), "article")
            if args.large_mb > 0:
                paragraph = SENTENCE * 40 + "\n\n"
                large = paragraph * int(args.large_mb * 1_000_000 // len(paragraph) + 1)
                measure(browser, build(large, args.large_findings, "large-document"), Path(folder), "large")
    finally:
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
