"""The HTML report in a real headless Chromium, driven over the DevTools protocol.

No driver and no PyPI client: Chromium's `--remote-debugging-pipe` speaks the protocol as
NUL-terminated JSON over file descriptors 3 (commands in) and 4 (replies and events out).
Skipped when no Chromium binary is found (Debian: `apt-get install chromium`); the accessibility
tests also need axe-core from npm (`.ci/run` installs it in `.ci/node`, or set $AXE_CORE to
`axe.min.js`) and are skipped, saying so, without it.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mtaudit.formats import html
from mtaudit.pipeline import audit
from mtaudit.records import AuditResult, Document, Finding, Severity

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def find_axe() -> Path | None:
    """axe-core's `axe.min.js`: $AXE_CORE, or the copy `.ci/run` installs under `.ci/node`."""
    root = Path(__file__).resolve().parents[1]
    for candidate in (os.environ.get("AXE_CORE", ""), str(root / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js")):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def find_chromium() -> str | None:
    """The Chromium binary: $CHROMIUM, /usr/bin/chromium, or chromium/google-chrome on PATH."""
    candidates = [os.environ.get("CHROMIUM", ""), "/usr/bin/chromium"]
    candidates += [shutil.which(name) or "" for name in ("chromium", "chromium-browser", "google-chrome")]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


class Browser:
    """A headless Chromium with one page, and what that page logged and requested."""

    def __init__(self, binary: str, width: int = 1400, height: int = 1000) -> None:
        self.profile = tempfile.mkdtemp(prefix="mtaudit-chromium-")
        to_browser_read, to_browser_write = os.pipe()
        from_browser_read, from_browser_write = os.pipe()
        # Keep the child's ends away from 3 and 4 so the dup2 calls below cannot clobber them.
        child_in = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD, 10)
        child_out = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD, 10)
        os.close(to_browser_read)
        os.close(from_browser_write)

        def wire() -> None:
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.process = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=wire,  # before any thread of ours starts
        )
        os.close(child_in)
        os.close(child_out)
        self.writer = os.fdopen(to_browser_write, "wb", buffering=0)
        self.reader = os.fdopen(from_browser_read, "rb", buffering=0)
        self.replies: dict[int, dict[str, Any]] = {}
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.lock = threading.Condition()
        self.next_id = 0
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        self.loaded = threading.Event()
        self.dialogs: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def _read(self) -> None:
        buffer = b""
        while True:
            chunk = self.reader.read(65536)
            if not chunk:
                break
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self.lock:
                        self.replies[message["id"]] = message
                        self.lock.notify_all()
                else:
                    self._event(message)
        with self.lock:
            self.lock.notify_all()

    def _event(self, message: dict[str, Any]) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.console_errors.append(details.get("exception", {}).get("description") or details.get("text", "exception"))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.console_errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            self.console_errors.append(params["entry"]["text"])
        elif method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Page.loadEventFired":
            self.loaded.set()
        elif method == "Page.javascriptDialogOpening":
            # Record the dialog (the unload warning) and accept it from another thread: this one
            # must keep reading replies.
            self.dialogs.append(params.get("type", ""))
            threading.Thread(target=self.send, args=("Page.handleJavaScriptDialog", {"accept": True}, message.get("sessionId")), daemon=True).start()

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None, timeout: float = 30) -> dict[str, Any]:
        """Send one command and wait for its reply; raises on a protocol error."""
        with self.lock:
            self.next_id += 1
            ident = self.next_id
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.writer.write(json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        with self.lock:
            while ident not in self.replies:
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise TimeoutError(f"no reply to {method}")
                self.lock.wait(min(left, 0.5))
            reply = self.replies.pop(ident)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """A command to the page."""
        return self.send(method, params, self.session)

    def open(self, path: Path | str) -> None:
        """Load a local file and wait for its load event."""
        self.loaded.clear()
        self.call("Page.navigate", {"url": Path(path).resolve().as_uri()})
        assert self.loaded.wait(30), "page did not load"

    def leave(self) -> None:
        """Leave the current page for about:blank (its unload handlers run and may save)."""
        self.loaded.clear()
        self.call("Page.navigate", {"url": "about:blank"})
        assert self.loaded.wait(30), "about:blank did not load"

    def js(self, expression: str) -> Any:
        """Evaluate `expression` in the page and return its value (promises awaited)."""
        reply = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in reply:
            raise RuntimeError(reply["exceptionDetails"].get("exception", {}).get("description", reply["exceptionDetails"]))
        return reply["result"].get("value")

    def click_at(self, selector: str) -> None:
        """A real mouse click (pressed and released) in the middle of the first element matching `selector`."""
        box = self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block: 'center'}});"
            " const r = e.getClientRects()[0]; return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1})

    def key(self, key: str) -> None:
        """Press and release one printable key (or Escape) on the focused element."""
        for kind in ("keyDown", "keyUp"):
            params: dict[str, Any] = {"type": kind, "key": key}
            if len(key) == 1:
                params["text"] = key
            else:
                params["windowsVirtualKeyCode"] = {"Escape": 27, "Enter": 13, "Tab": 9}[key]
                params["code"] = key
            self.call("Input.dispatchKeyEvent", params)

    def emulate(self, width: int, height: int, *, phone: bool = False, dark: bool = False) -> None:
        """Window size, a phone's touch screen (taps, not a mouse) and the colour scheme."""
        self.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": phone})
        self.call("Emulation.setTouchEmulationEnabled", {"enabled": phone, "maxTouchPoints": 5 if phone else 1})
        self.call("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})

    def tap(self, selector: str) -> None:
        """A touch tap in the middle of the first element matching `selector` (scrolled into view)."""
        box = self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block: 'center'}});"
            " const r = e.getClientRects()[0]; return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        point = {"x": box[0], "y": box[1]}
        self.call("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
        self.call("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    def overflow(self) -> int:
        """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
        return int(self.js("document.documentElement.scrollWidth - window.innerWidth"))

    def axe(self, source: str, include: str = "body") -> list[dict[str, Any]]:
        """axe-core's violations of impact serious or critical within `include`, as {id, impact, nodes}."""
        self.call("Page.setBypassCSP", {"enabled": True})
        self.js(source + "\n;0")
        found = self.js(
            f"axe.run(document.querySelector({json.dumps(include)}), {{resultTypes: ['violations']}}).then(r => r.violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
        )
        return list(found)

    def screenshot(self, path: Path | str, full_page: bool = False) -> None:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
            size = self.call("Page.getLayoutMetrics")["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        Path(path).write_bytes(base64.b64decode(self.call("Page.captureScreenshot", params)["data"]))

    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]

    def close(self) -> None:
        with contextlib.suppress(TimeoutError, RuntimeError, OSError):
            self.send("Browser.close", timeout=5)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for stream in (self.writer, self.reader):
            stream.close()
        shutil.rmtree(self.profile, ignore_errors=True)


CHROMIUM = find_chromium()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium binary found (Debian: apt-get install chromium, or set $CHROMIUM)"),
]

HOSTILE = (
    'Breaking: <script>window.__pwned = 1</script> he Said "yes" </textarea><img src=x onerror="window.__pwned = 2">.\n\n'
    "The Minister said the plan Was ready. She Told reporters \u2028 that <b>nothing</b> & everything ‹changed›."
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    instance = Browser(CHROMIUM)
    yield instance
    instance.close()


def write_page(result: AuditResult, folder: Path, name: str = "page.html") -> Path:
    path = folder / name
    html.write_report(result, str(path))
    return path


@pytest.fixture()
def example_page(tmp_path: Path) -> tuple[Path, AuditResult]:
    text = (Path(__file__).resolve().parents[1] / "fixtures" / "example-fr-en-news.txt").read_text(encoding="utf-8")
    result = audit([Document(id="example", target=text, target_lang="en")])
    return write_page(result, tmp_path), result


def fresh(browser: Browser, path: Path, *, width: int = 1366, height: int = 900, phone: bool = False, dark: bool = False) -> None:
    """Open `path` with no decisions kept from an earlier test, in the given window."""
    browser.emulate(width, height, phone=phone, dark=dark)
    browser.leave()
    browser.call("Storage.clearDataForOrigin", {"origin": "file://", "storageTypes": "local_storage"})
    browser.console_errors.clear()
    browser.requests.clear()
    browser.open(path)


def test_example_loads_without_errors_or_network(browser: Browser, example_page: tuple[Path, AuditResult]) -> None:
    path, result = example_page
    fresh(browser, path)
    assert browser.js("document.querySelectorAll('#article mark').length") >= 1
    assert browser.js("document.getElementById('article').textContent") == result.documents[0].document.target
    browser.js("document.getElementById('tab-corrected').click()")
    browser.js("document.getElementById('tab-article').click()")
    assert browser.console_errors == []
    assert browser.external_requests() == []


def test_clicking_a_highlight_opens_its_panel(browser: Browser, example_page: tuple[Path, AuditResult]) -> None:
    path, result = example_page
    fresh(browser, path)
    finding = result.documents[0].findings[0]
    browser.click_at("mark[data-s~='0']")
    assert browser.js("document.querySelector('#panel-body #card-0') !== null")
    panel = browser.js("document.getElementById('panel-body').textContent")
    assert finding.message in panel
    assert finding.rule in panel
    # The rule id links to its documentation inside the page.
    href = browser.js("document.querySelector('#panel-body a.rule').getAttribute('href')")
    assert browser.js(f"document.getElementById({json.dumps(href[1:])}) !== null")
    assert browser.console_errors == []


def test_accepting_a_suggestion_changes_the_corrected_text(browser: Browser, example_page: tuple[Path, AuditResult]) -> None:
    path, result = example_page
    fresh(browser, path)
    doc = result.documents[0]
    index = next(i for i, f in enumerate(doc.findings) if f.suggestions)
    finding = doc.findings[index]
    browser.click_at(f"mark[data-s~='{index}']")
    browser.click_at(f"#panel-body button[data-act='accepted'][data-i='{index}'][data-k='0']")
    browser.js("document.getElementById('tab-corrected').click()")
    corrected = browser.js("document.getElementById('corrected').value")
    text = doc.document.target
    assert corrected == text[: finding.start] + finding.suggestions[0] + text[finding.end :]
    assert browser.js("document.getElementById('accepted-count').textContent") == "1"
    # Accepting again withdraws the acceptance.
    browser.js(f"document.querySelector(\"button[data-act='accepted'][data-i='{index}'][data-k='0']\").click()")
    assert browser.js("document.getElementById('corrected').value") == text
    # Accept all: every suggestion of the example composes with the others, so all apply, and
    # the count is the number of edits in the corrected text.
    applied = browser.js("window.mtauditReport.acceptAll('minor')")
    assert applied == sum(1 for f in doc.findings if f.suggestions)
    assert browser.js("document.getElementById('accepted-count').textContent") == str(applied)
    assert browser.js("window.mtauditReport.applied()") == applied
    assert browser.js("document.getElementById('corrected').value") != text
    assert browser.console_errors == []


def test_the_diff_marks_only_the_changed_characters(browser: Browser, example_page: tuple[Path, AuditResult]) -> None:
    path, result = example_page
    doc = result.documents[0]
    index = next(i for i, f in enumerate(doc.findings) if f.text == "twitter He")
    fresh(browser, path)
    browser.js(f"window.mtauditReport.decide({index}, 0); document.getElementById('tab-corrected').click()")
    assert doc.findings[index].suggestions[0] == "twitter. He"
    # Only the inserted full stop is marked, not the whole span.
    assert browser.js("Array.from(document.querySelectorAll('#diff ins, #diff del')).map(e => e.tagName + e.textContent)") == ["INS."]
    assert "wrote on twitter. He told" in browser.js("window.mtauditReport.correctedText()")


def test_overlapping_suggestions_compose(browser: Browser, example_page: tuple[Path, AuditResult]) -> None:
    path, result = example_page
    findings = result.documents[0].findings
    fresh(browser, path)
    both = [i for i, f in enumerate(findings) if f.text.startswith("statment")]
    capital = next(i for i, f in enumerate(findings) if f.text == "A" and f.suggestions == ("a",))
    assert len(both) == 2 and findings[both[0]].start == findings[both[1]].start
    for i in [capital, *both]:
        browser.js(f"window.mtauditReport.decide({i}, 0)")
    assert "in a statement that" in browser.js("window.mtauditReport.correctedText()")
    assert browser.js("document.getElementById('accepted-count').textContent") == "3"
    assert browser.js("window.mtauditReport.conflicts()") == []
    # The same through "Accept all": nothing dropped, the count agrees with the text.
    fresh(browser, path)
    browser.js("window.mtauditReport.acceptAll('minor')")
    assert "in a statement that" in browser.js("window.mtauditReport.correctedText()")


def test_clashing_edits_are_shown_with_a_choice(browser: Browser, tmp_path: Path) -> None:
    text = "They met on Monday in Pariss with the ministers."
    start = text.index("Pariss")
    clashing = [
        Finding("spelling.typo", "fluency/spelling", Severity.MINOR, start, start + 6, "Pariss", "Possible typo.", ("Paris",)),
        Finding("terminology.glossary", "terminology/wrong-term", Severity.MAJOR, start, start + 6, "Pariss", "Use the glossary term.", ("Parisis",)),
    ]
    result = audit([Document(id="clash", target=text, target_lang="en")])
    result.documents[0].findings = clashing
    fresh(browser, write_page(result, tmp_path))
    browser.js("window.mtauditReport.decide(0, 0); window.mtauditReport.decide(1, 0)")
    # One applies, the other is accepted but waits, and both cards say so; the count is 1.
    assert browser.js("window.mtauditReport.conflicts()") == [[1, 0]]
    assert browser.js("document.getElementById('accepted-count').textContent") == "1"
    assert browser.js("window.mtauditReport.correctedText()") == text.replace("Pariss", "Paris")
    browser.js("window.mtauditReport.goTo(0)")
    assert browser.js("document.querySelectorAll('#panel-body .conflict').length") == 2
    browser.js("document.querySelector('#panel-body button[data-act=prefer]').click()")
    assert browser.js("window.mtauditReport.correctedText()") == text.replace("Pariss", "Parisis")
    assert browser.js("window.mtauditReport.conflicts()") == [[0, 1]]
    assert browser.js("document.getElementById('accepted-count').textContent") == "1"
    assert browser.console_errors == []


def test_filters_hide_rows_and_sorting_reorders(browser: Browser, example_page: tuple[Path, AuditResult]) -> None:
    path, result = example_page
    fresh(browser, path)
    findings = result.documents[0].findings
    visible = "Array.from(document.querySelectorAll('#findings-table tbody tr')).filter(r => !r.hidden).length"
    assert browser.js(visible) == len(findings)
    browser.js("document.getElementById('f-search').value = 'zzz-no-such-thing'; document.getElementById('f-search').dispatchEvent(new Event('input'))")
    assert browser.js(visible) == 0
    assert browser.js("document.getElementById('no-rows').hidden") is False
    # The search covers the sentence around each finding, not only the flagged text.
    browser.js("document.getElementById('f-search').value = 'saturday'; document.getElementById('f-search').dispatchEvent(new Event('input'))")
    assert browser.js(visible) == sum(1 for f in findings if f.start > 1700)
    browser.js("document.getElementById('f-search').value = ''; document.getElementById('f-search').dispatchEvent(new Event('input'))")
    severity = findings[0].severity.value
    browser.js(f"{{ const box = document.querySelector('.f-sev[value={severity}]'); box.checked = false; box.dispatchEvent(new Event('change')); }}")
    assert browser.js(visible) == sum(1 for f in findings if f.severity.value != severity)
    browser.js(f"{{ const box = document.querySelector('.f-sev[value={severity}]'); box.checked = true; box.dispatchEvent(new Event('change')); }}")
    # The list starts sorted by #; one click on # reverses it.
    browser.js("document.querySelector('#findings-table th button').click()")
    first = browser.js("document.querySelector('#findings-table tbody tr').dataset.i")
    assert int(first) == len(findings) - 1
    assert browser.console_errors == []


def test_keyboard_moves_between_findings(browser: Browser, example_page: tuple[Path, AuditResult]) -> None:
    path, result = example_page
    assert len(result.documents[0].findings) >= 3, "the example article has several findings"
    fresh(browser, path)
    browser.js("document.body.focus()")
    browser.key("j")
    browser.key("j")
    assert browser.js("document.getElementById('panel').dataset.panel") == "1"
    assert browser.js("document.getElementById('panel').contains(document.activeElement)")  # focus moved into the panel
    browser.key("Escape")
    assert browser.js("document.querySelector('#panel-body .card')") is None
    # Focus went back to the highlight; j goes on from there, not from the start.
    assert browser.js("document.activeElement.dataset.s.split(' ').includes('1')")
    browser.key("j")
    assert browser.js("document.getElementById('panel').dataset.panel") == "2"
    browser.key("k")
    browser.key("Escape")
    browser.key("Enter")
    assert browser.js("document.querySelector('#panel-body .card').id") == "card-1"
    assert browser.js("document.getElementById('panel').contains(document.activeElement)")
    # Tab from the page start reaches the first highlight, which opens its panel on focus.
    browser.js("document.getElementById('panel-close').click(); document.activeElement.blur()")
    browser.js("document.querySelector(\"mark[data-s~='0']\").focus()")
    assert browser.js("document.querySelector('#panel-body .card').id") == "card-0"
    assert browser.console_errors == []


def test_hostile_text_never_executes_and_shows_as_written(browser: Browser, tmp_path: Path) -> None:
    doc = Document(id='evil"<script>alert(1)</script>', target=HOSTILE + "\r\nCRLF kept Here.\r\n", target_lang="en")
    result = audit([doc])
    assert result.documents[0].findings, "the hostile text should produce findings to click"
    path = write_page(result, tmp_path)
    fresh(browser, path)
    assert browser.js("window.__pwned === undefined")
    assert browser.js("document.querySelectorAll('#article script, #article img, #article b, #panel img').length") == 0
    # The visible text is the text as written (the HTML parser folds CR LF into LF).
    assert browser.js("document.getElementById('article').textContent") == doc.target.replace("\r\n", "\n")
    assert browser.js("document.getElementById('doc-name').textContent") == doc.id
    # Nothing accepted: the corrected text is the text exactly, CR LF included.
    assert browser.js("window.mtauditReport.correctedText()") == doc.target
    # Accept everything (the markup check suggests deleting the tags): still nothing runs.
    browser.js("document.getElementById('bulk-accept').click(); document.getElementById('tab-corrected').click()")
    assert "\r\n" in browser.js("window.mtauditReport.correctedText()")
    browser.js("document.getElementById('tab-article').click(); window.mtauditReport.goTo(0)")
    assert browser.js("document.querySelectorAll('#panel-body script, #panel-body img').length") == 0
    assert browser.js("document.querySelectorAll('#diff script, #diff img').length") == 0
    for finding in result.documents[0].findings:
        browser.js(f"document.getElementById('tab-article').click(); document.querySelector(\"mark[data-s~='{result.documents[0].findings.index(finding)}']\").click()")
    assert browser.js("window.__pwned === undefined")
    assert browser.console_errors == []
    assert browser.external_requests() == []


def test_astral_characters_keep_offsets(browser: Browser, tmp_path: Path) -> None:
    target = "Emoji 😀😀 then the Minister said It was fine. 𝒳 and the Plan Was ready."
    result = audit([Document(id="astral", target=target, target_lang="en")])
    doc = result.documents[0]
    # Without a suggestion to accept the test would prove nothing: the text is written to have some.
    assert sum(1 for f in doc.findings if f.suggestions) >= 2, doc.findings
    fresh(browser, write_page(result, tmp_path))
    expected, position = "", 0
    for i, finding in enumerate(doc.findings):
        if finding.suggestions and finding.start >= position:
            browser.js(f"window.mtauditReport.decide({i}, 0)")
            expected += target[position : finding.start] + finding.suggestions[0]
            position = finding.end
    browser.js("document.getElementById('tab-corrected').click()")
    expected += target[position:]
    assert browser.js("document.getElementById('corrected').value") == expected
    assert browser.console_errors == []


def test_batch_index_links_and_sorts(browser: Browser, tmp_path: Path) -> None:
    docs = [
        Document(id="a.txt", target="The minister said It was fine. He Told us.", target_lang="en"),
        Document(id="b.txt", target="Everything here is fine.", target_lang="en"),
        Document(id="c.txt", target="", target_lang="en"),
    ]
    result = audit(docs)
    paths = html.write_report(result, str(tmp_path / "out"))
    fresh(browser, tmp_path / "out" / "index.html")
    assert browser.js("document.querySelectorAll('#index-table tbody tr').length") == 3
    browser.js("document.querySelectorAll('#index-table th button')[3].click()")  # score, ascending
    scores = browser.js("Array.from(document.querySelectorAll('#index-table tbody tr')).map(r => parseFloat(r.cells[3].dataset.v))")
    assert scores == sorted(scores)
    for page in paths[:-1]:
        fresh(browser, page)
        assert browser.js("document.querySelector('.crumb a').getAttribute('href')") == "index.html"
    assert browser.console_errors == []
    assert browser.external_requests() == []


def spread_findings(text: str, count: int) -> list[Finding]:
    """`count` findings on words spread over `text`, all severities and families, some overlapping."""
    words = list(re.finditer(r"\w+", text))
    step = max(1, len(words) // count)
    kinds = [("fluency/spelling", Severity.MINOR), ("accuracy/omission", Severity.MAJOR), ("artefact/markup", Severity.CRITICAL)]
    findings = []
    for n, match in enumerate(words[::step][:count]):
        category, severity = kinds[n % len(kinds)]
        end = match.end() if n % 5 else min(len(text), match.end() + 12)  # every fifth overlaps the next
        findings.append(Finding("test.rule", category, severity, match.start(), end, text[match.start() : end], f"Finding {n}.", (text[match.start() : end].upper(),)))
    return sorted(findings, key=Finding.sort_key)


def big_page(tmp_path: Path) -> Path:
    """A 5,000-word article with 300 findings (the size the report must stay quick at)."""
    sentence = "The minister said it was fine and the committee agreed with the plan today. "
    target = "\n\n".join(sentence * 8 for _ in range(60))
    result = audit([Document(id="big", target=target, target_lang="en")])
    result.documents[0].findings = spread_findings(target, 300)
    return write_page(result, tmp_path)


def test_a_decision_touches_only_its_own_elements(browser: Browser, tmp_path: Path) -> None:
    fresh(browser, big_page(tmp_path))
    # Count DOM mutations caused by one decision: a handful, whatever the document's size.
    changed = browser.js(
        "(() => { let n = 0; const o = new MutationObserver((m) => { n += m.length; });"
        " o.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});"
        " window.mtauditReport.decide(150, 0); const records = o.takeRecords().length; o.disconnect(); return n + records; })()"
    )
    assert 0 < changed < 20
    accepted = browser.js("window.mtauditReport.acceptAll('minor')")
    assert accepted > 100 and browser.js("document.getElementById('accepted-count').textContent") == str(browser.js("window.mtauditReport.applied()"))
    for i in range(0, 300, 37):
        browser.js(f"window.mtauditReport.goTo({i})")
        assert browser.js("document.getElementById('panel').dataset.panel") == str(i)
    assert browser.console_errors == []


# ---- phone and desktop, light and dark ----

AXE = find_axe()
SIZES = [
    pytest.param(1366, 900, False, False, id="desktop-light"),
    pytest.param(1366, 900, False, True, id="desktop-dark"),
    pytest.param(390, 844, True, False, id="phone-light"),
    pytest.param(390, 844, True, True, id="phone-dark"),
]


def bilingual_result() -> AuditResult:
    """The example's kind of sentences with an aligned French source, so the bilingual view shows."""
    source = "M. Zelensky a écrit sur Twitter qu'il avait dit à M. Macron que la situation était grave. Le ministre a parlé samedi."
    target = "Mr. Zelensky wrote on twitter He told Mr Macron that the situation was serious. The minister spoke on Saturday in A statment."
    return audit([Document(id="bilingual", target=target, source=source, source_lang="fr", target_lang="en")])


@pytest.mark.parametrize(("width", "height", "phone", "dark"), SIZES)
def test_layout_fits_and_a_tap_shows_the_panel(browser: Browser, example_page: tuple[Path, AuditResult], tmp_path: Path,
                                               width: int, height: int, phone: bool, dark: bool) -> None:
    path, result = example_page
    fresh(browser, path, width=width, height=height, phone=phone, dark=dark)
    assert browser.overflow() == 0
    index = next(i for i, f in enumerate(result.documents[0].findings) if f.text == "twitter He")
    if phone:
        browser.tap(f"mark[data-s~='{index}']")
    else:
        browser.click_at(f"mark[data-s~='{index}']")
    assert browser.js("document.getElementById('panel').dataset.panel") == str(index)
    # The panel is on screen (a bottom sheet on the phone), and so is the highlight, not under it.
    panel = browser.js("(() => { const r = document.getElementById('panel').getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right, r.height]; })()")
    mark = browser.js(f"(() => {{ const r = document.querySelector(\"mark[data-s~='{index}']\").getBoundingClientRect(); return [r.top, r.bottom]; }})()")
    assert panel[4] > 50 and 0 <= panel[0] < height and panel[1] <= height + 1 and panel[2] >= 0 and panel[3] <= width + 1
    assert mark[0] >= 0 and (mark[1] <= panel[0] if phone else mark[1] <= height)
    assert "wrote on" in browser.js("document.querySelector('#panel-body .context').textContent")
    if phone:
        # The bottom sheet takes the focus, and gives it back to the highlight on close.
        assert browser.js("document.getElementById('panel').contains(document.activeElement)")
        browser.js("document.getElementById('panel-close').click()")
        assert browser.js(f"document.activeElement === document.querySelector(\"mark[data-s~='{index}']\")")
        assert browser.js("getComputedStyle(document.getElementById('panel')).display") == "none"
    # The sticky toolbar takes at most a fifth of the screen (on the phone it scrolls away).
    assert browser.js("document.getElementById('toolbar').getBoundingClientRect().height") < height / 5
    # The other views and the findings list fit too.
    browser.js(f"window.mtauditReport.decide({index}, 0); window.mtauditReport.acceptAll('minor'); document.getElementById('tab-corrected').click()")
    assert browser.overflow() == 0
    browser.js("document.getElementById('findings').scrollIntoView()")
    assert browser.overflow() == 0
    bilingual = write_page(bilingual_result(), tmp_path, "bilingual.html")
    fresh(browser, bilingual, width=width, height=height, phone=phone, dark=dark)
    browser.js("document.getElementById('tab-bilingual').click()")
    assert browser.overflow() == 0
    assert browser.js("document.querySelectorAll('#view-bilingual .tgt mark[data-b]').length") >= 1
    assert browser.js("document.querySelectorAll('#view-bilingual .src mark').length") >= 1  # "Twitter" in the source
    assert browser.console_errors == []
    assert browser.external_requests() == []


def test_decisions_survive_a_reload_and_travel_as_a_file(browser: Browser, example_page: tuple[Path, AuditResult]) -> None:
    path, result = example_page
    findings = result.documents[0].findings
    fresh(browser, path)
    no_suggestion = [i for i, f in enumerate(findings) if not f.suggestions]
    browser.js("window.mtauditReport.decide(1, 0); window.mtauditReport.decide(2, 'reject'); window.mtauditReport.decide(3, 'false-positive')")
    for i in no_suggestion:
        browser.js(f"window.mtauditReport.decide({i}, 'reviewed')")
    corrected = browser.js("window.mtauditReport.correctedText()")
    exported = browser.js("window.mtauditReport.decisions()")
    assert exported["schema"] == "mtaudit.decisions/1"
    entries = exported["decisions"]
    assert entries[html.fingerprint(findings[1], result.documents[0].document.target)]["decision"] == "accept"
    assert {e["decision"] for e in entries.values()} >= {"accept", "reject", "false-positive"}
    browser.open(path)
    assert browser.js("window.mtauditReport.correctedText()") == corrected
    assert browser.js("window.mtauditReport.decisions()")["decisions"] == entries
    assert browser.js("document.getElementById('progress').textContent").startswith(f"Reviewed {3 + len(no_suggestion)} of {len(findings)}")
    # Reset all can be undone.
    browser.js("document.getElementById('bulk-reset').click()")
    assert browser.js("window.mtauditReport.decisions()")["decisions"] == {}
    browser.js("document.getElementById('undo-reset').click()")
    assert browser.js("window.mtauditReport.decisions()")["decisions"] == entries
    # An exported file brings the decisions back into a clean page.
    fresh(browser, path)
    assert browser.js(f"window.mtauditReport.importDecisions({json.dumps(exported)})") == len(entries)
    assert browser.js("window.mtauditReport.correctedText()") == corrected
    # The pending-only filter shows the findings still to review.
    browser.js("const box = document.getElementById('f-pending'); box.checked = true; box.dispatchEvent(new Event('change'))")
    assert browser.js("document.querySelectorAll('#findings-table tbody tr').length") == len(findings) - len(entries)
    assert browser.console_errors == []


def test_leaving_with_unexported_decisions_warns(browser: Browser, example_page: tuple[Path, AuditResult]) -> None:
    path, _ = example_page
    fresh(browser, path)
    browser.dialogs.clear()
    browser.click_at("mark[data-s~='1']")  # a real user gesture: browsers warn only after one
    browser.click_at("#panel-body button[data-act='accepted'][data-k='0']")
    browser.open(path)
    assert browser.dialogs == ["beforeunload"]
    # After an export, leaving is quiet.
    browser.dialogs.clear()
    browser.click_at("mark[data-s~='1']")
    browser.js("document.getElementById('export').click()")
    browser.open(path)
    assert browser.dialogs == []


def test_keyboard_only_review_of_the_whole_document(browser: Browser, example_page: tuple[Path, AuditResult]) -> None:
    path, result = example_page
    findings = result.documents[0].findings
    fresh(browser, path)
    browser.js("document.body.focus()")
    browser.key("j")
    for _ in findings:
        current = int(browser.js("document.getElementById('panel').dataset.panel"))
        # Accept where there is a suggestion, else mark it reviewed; each key moves on.
        browser.key("a" if findings[current].suggestions else "v")
    assert browser.js("document.getElementById('progress').textContent") == f"Reviewed {len(findings)} of {len(findings)}"
    # "a" on an accepted finding keeps it accepted.
    browser.js("window.mtauditReport.goTo(1)")
    browser.key("a")
    assert browser.js("window.mtauditReport.decisions()")["decisions"][html.fingerprint(findings[1], result.documents[0].document.target)]["decision"] == "accept"
    text = browser.js("window.mtauditReport.correctedText()")
    assert "in a statement that" in text and "twitter. He" in text and "date 2022-02-20" not in text
    assert browser.console_errors == []


@pytest.mark.skipif(AXE is None, reason="axe-core not found: run `npm install --prefix .ci/node axe-core@4` (as .ci/run does) or set $AXE_CORE")
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_finds_no_serious_violation(browser: Browser, example_page: tuple[Path, AuditResult], tmp_path: Path, dark: bool) -> None:
    assert AXE is not None
    source = AXE.read_text(encoding="utf-8")
    path, _ = example_page
    fresh(browser, path, dark=dark)
    browser.js("window.mtauditReport.goTo(2)")
    assert browser.axe(source) == []  # the article with a panel open
    browser.js("window.mtauditReport.acceptAll('minor'); document.getElementById('tab-corrected').click()")
    assert browser.js("document.querySelectorAll('#diff ins').length") >= 1 and browser.js("document.querySelectorAll('#diff del').length") >= 1
    assert browser.axe(source) == []  # the corrected view with insertions and deletions
    fresh(browser, write_page(bilingual_result(), tmp_path, "bilingual.html"), dark=dark)
    browser.js("document.getElementById('tab-bilingual').click()")
    assert browser.axe(source) == []
    docs = [Document(id="a.txt", target="The minister said It was fine. He Told us.", target_lang="en"),
            Document(id="b.txt", target="Everything here is fine.", target_lang="en")]
    html.write(audit(docs), str(tmp_path / "batch"))
    fresh(browser, tmp_path / "batch" / "index.html", dark=dark)
    assert browser.axe(source) == []


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_batch_index_fits_a_phone(browser: Browser, tmp_path: Path, dark: bool) -> None:
    docs = [Document(id=f"newsroom/2026/very-long-folder-name/article-{n}.txt", target="The minister said It was fine. He Told us that the plan Was ready.", target_lang="en")
            for n in range(3)]
    html.write(audit(docs), str(tmp_path / "batch"))
    fresh(browser, tmp_path / "batch" / "index.html", width=390, height=844, phone=True, dark=dark)
    assert browser.overflow() == 0
    assert browser.js("document.querySelectorAll('#index-table .verdict').length") == 3
    assert browser.js("document.querySelectorAll('#rule-totals tbody tr').length") >= 1
    assert browser.console_errors == []
