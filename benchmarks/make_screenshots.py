"""Regenerate the example report and its screenshots in reports/.

    python benchmarks/make_screenshots.py [--fixture PATH] [--out reports]

Writes reports/example.html (the bundled example article audited with default settings) and,
with headless Chromium (Debian: `chromium`; or set $CHROMIUM), these PNG files:
example-article.png (the top of the page), example-panel.png (a finding's panel open),
example-corrected.png (all suggestions accepted, corrected text with the diff),
example-findings.png (the findings list), example-dark.png (dark theme), and the phone layout
at 390×844 with touch: example-phone-article.png (the top of the page), example-phone-panel.png
(a highlight tapped: the bottom sheet) and example-phone-dark.png (dark, the findings list).
Uses the DevTools client of tests/test_html_browser.py; nothing is fetched from the network.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_html_browser import Browser, find_chromium  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixture", default=str(ROOT / "fixtures" / "example-fr-en-news.txt"))
    parser.add_argument("--out", default=str(ROOT / "reports"))
    args = parser.parse_args()
    out = Path(args.out)
    page = out / "example.html"
    # Audit the fixture by its repository-relative path so the page shows a short, stable name.
    fixture = Path(args.fixture).resolve()
    name = str(fixture.relative_to(ROOT)) if fixture.is_relative_to(ROOT) else str(fixture)
    subprocess.run([sys.executable, "-m", "mtaudit", "audit", name, "--format", "html", "-o", str(page)], cwd=ROOT, check=True)

    chromium = find_chromium()
    if chromium is None:
        print("no Chromium binary found: wrote the page, no screenshots", file=sys.stderr)
        return 1
    browser = Browser(chromium, width=1400, height=1000)
    try:
        browser.open(page)
        browser.js("localStorage.clear()")
        browser.open(page)
        browser.screenshot(out / "example-article.png")

        # The panel of the first finding that has a replacement suggestion (else the first).
        first = browser.js(
            "(() => { const f = JSON.parse(document.getElementById('report-data').textContent).findings;"
            " const i = f.findIndex(x => x.text === 'twitter He') >= 0 ? f.findIndex(x => x.text === 'twitter He') : f.findIndex(x => x.suggestions.some(s => s !== '')); return i < 0 ? 0 : i; })()"
        )
        browser.js(f"window.mtauditReport.goTo({first}); window.scrollTo(0, 0)")
        browser.screenshot(out / "example-panel.png")

        browser.js("document.getElementById('panel-close').click(); document.getElementById('bulk-accept').click();"
                   " document.getElementById('tab-corrected').click(); window.scrollTo(0, 0)")
        browser.screenshot(out / "example-corrected.png")

        browser.js("document.getElementById('bulk-reset').click(); document.getElementById('tab-article').click();"
                   " document.getElementById('findings').scrollIntoView()")
        browser.screenshot(out / "example-findings.png")

        browser.open(page)
        browser.js("document.documentElement.dataset.theme = 'dark'; window.mtauditReport.goTo(0); window.scrollTo(0, 0)")
        browser.screenshot(out / "example-dark.png")

        # The phone: 390×844 CSS pixels, touch.
        browser.emulate(390, 844, phone=True)
        browser.open(page)
        browser.screenshot(out / "example-phone-article.png")
        browser.tap(f"mark[data-s~='{first}']")
        browser.screenshot(out / "example-phone-panel.png")
        browser.js("document.getElementById('panel-close').click()")
        browser.emulate(390, 844, phone=True, dark=True)
        browser.js("document.getElementById('findings').scrollIntoView()")
        browser.screenshot(out / "example-phone-dark.png")
        if browser.console_errors or browser.external_requests():
            print(f"page problems: {browser.console_errors} {browser.external_requests()}", file=sys.stderr)
            return 1
    finally:
        browser.close()
    for path in sorted(out.glob("example*")):
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
