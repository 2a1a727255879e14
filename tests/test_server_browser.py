"""The editor's page of `mtaudit serve` (`GET /`) in a real headless Chromium: paste an article,
press Audit, and the interactive report appears in place, with no console error.

Uses the DevTools-pipe `Browser` of test_html_browser.py; skipped without a Chromium binary.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from tests.test_html_browser import Browser, find_chromium
from tests.test_server import EXAMPLE_TEXT, Server

CHROMIUM = find_chromium()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium binary found (Debian: apt-get install chromium, or set $CHROMIUM)"),
]


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    instance = Server()
    yield instance
    instance.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    instance = Browser(CHROMIUM)
    yield instance
    instance.close()


def wait_for(browser: Browser, expression: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not browser.js(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        time.sleep(0.1)


def report_session(browser: Browser) -> str:
    """A DevTools session on the report iframe. The iframe is sandboxed (an opaque origin), so
    Chromium runs it out of process as its own target; the page itself cannot reach into it."""
    deadline = time.monotonic() + 30
    while True:
        frames = [t for t in browser.send("Target.getTargets")["targetInfos"] if t["type"] == "iframe"]
        if frames:
            session = browser.send("Target.attachToTarget", {"targetId": frames[0]["targetId"], "flatten": True})["sessionId"]
            browser.send("Runtime.enable", {}, session)
            return session
        assert time.monotonic() < deadline, "no report frame"
        time.sleep(0.1)


def js_in_frame(browser: Browser, session: str, expression: str) -> object:
    reply = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)
    return reply["result"].get("value")


def test_paste_audit_and_the_report_appears(server: Server, browser: Browser) -> None:
    browser.console_errors.clear()
    browser.loaded.clear()
    browser.call("Page.navigate", {"url": server.url + "/"})
    assert browser.loaded.wait(30)
    wait_for(browser, "document.querySelectorAll('#target-lang option').length > 10")
    browser.js(f"document.getElementById('target').value = {json.dumps(EXAMPLE_TEXT)}")
    browser.js("document.getElementById('target-lang').value = 'en'")
    browser.click_at("#run")
    wait_for(browser, "document.getElementById('status').textContent === 'Done.'")
    assert browser.js("document.getElementById('report').hidden") is False
    frame = report_session(browser)
    deadline = time.monotonic() + 30
    while not js_in_frame(browser, frame, "document.readyState === 'complete' && document.querySelectorAll('#article mark').length"):
        assert time.monotonic() < deadline, "the report never rendered"
        time.sleep(0.1)
    assert js_in_frame(browser, frame, "document.getElementById('article').textContent") == EXAMPLE_TEXT
    assert browser.console_errors == []
    assert all(url.startswith((server.url, "data:", "about:", "blob:")) for url in browser.requests)


def test_an_empty_article_is_refused_on_the_page(server: Server, browser: Browser) -> None:
    browser.console_errors.clear()
    browser.js("document.getElementById('target').value = '   '")
    browser.js("document.getElementById('audit-form').requestSubmit()")
    wait_for(browser, "document.getElementById('status').className === 'error'")
    assert "Paste the translated article" in browser.js("document.getElementById('status').textContent")
    assert browser.console_errors == []
