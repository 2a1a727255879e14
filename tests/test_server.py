"""`mtaudit serve` over real HTTP: each test talks to a server started as a subprocess on a free
loopback port (never any other address), then stopped."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason='mtaudit serve needs pip install "mtaudit[serve]"')
pytest.importorskip("uvicorn", reason='mtaudit serve needs pip install "mtaudit[serve]"')

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "fixtures/example-fr-en-news.txt"
EXAMPLE_TEXT = (ROOT / EXAMPLE).read_text(encoding="utf-8")
SOURCE_FR = (ROOT / "fixtures" / "source-fr.txt").read_text(encoding="utf-8")
TARGET_EN = (ROOT / "fixtures" / "source-en.txt").read_text(encoding="utf-8")  # the English translation of SOURCE_FR
# about 600 KB: long enough (over a second) that a 0.1 s time limit always runs out
LONG_ARTICLE = (EXAMPLE_TEXT + "\n\n") * 300
# uvicorn shuts down gracefully on SIGTERM, then re-raises the signal: a clean stop ends "killed by SIGTERM"
STOPPED = (0, -signal.SIGTERM)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`python -m mtaudit.server` on a free loopback port, with its standard error collected."""

    def __init__(self, *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, start_timeout: float = 60) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mtaudit.server", "--host", "127.0.0.1", "--port", str(self.port), *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.log: list[str] = []
        threading.Thread(target=self._collect, daemon=True).start()
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                if self.get("/health")[0] == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("server did not start:\n" + "".join(self.log))
            time.sleep(0.1)

    def _collect(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, path: str, **kwargs: Any) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path, **kwargs)

    def post_json(self, path: str, value: Any, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], Any]:
        body = value if isinstance(value, bytes) else json.dumps(value).encode()
        status, response_headers, raw = self.request("POST", path, body, {"Content-Type": "application/json", **(headers or {})})
        return status, response_headers, json.loads(raw) if response_headers.get("content-type", "").startswith("application/json") else raw

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, Any]:
        status, _, raw = self.request("POST", path, urllib.parse.urlencode(fields).encode(), {"Content-Type": "application/x-www-form-urlencoded"})
        return status, json.loads(raw)

    def in_flight(self) -> int:
        return json.loads(self.get("/health")[2])["in_flight"]

    def wait_in_flight(self, count: int) -> None:
        """Wait until `count` audits are in flight (polling /health, which answers meanwhile)."""
        deadline = time.monotonic() + 60
        while self.in_flight() != count:
            assert time.monotonic() < deadline, f"never {count} audits in flight"
            time.sleep(0.02)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    instance = Server()
    yield instance
    instance.stop()


# --- /v1/audit and /v1/check ------------------------------------------------------------------


def test_audit_json_is_byte_identical_to_the_cli(server: Server) -> None:
    cli = subprocess.run(
        [sys.executable, "-m", "mtaudit", "audit", EXAMPLE, "--format", "json", "--target-lang", "en"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        check=True,
    ).stdout
    status, headers, body = server.request(
        "POST", "/v1/audit", json.dumps({"target": EXAMPLE_TEXT, "name": EXAMPLE, "target_lang": "en"}).encode(), {"Content-Type": "application/json"}
    )
    assert status == 200 and headers["content-type"] == "application/json"
    assert body == cli
    assert json.loads(body)["documents"][0]["findings"]


def test_audit_with_source_and_rule_selection_matches_the_cli(server: Server, tmp_path: Path) -> None:
    target = tmp_path / "article.md"
    source = tmp_path / "source.txt"
    text = "Budget `2024`:\n\n" + TARGET_EN
    target.write_text(text, encoding="utf-8")
    source.write_text(SOURCE_FR, encoding="utf-8")
    cli = subprocess.run(
        [sys.executable, "-m", "mtaudit", "audit", str(target), "--source", str(source), "--format", "json", "--select", "case", "--select", "source"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
    ).stdout
    request = {"target": text, "source": SOURCE_FR, "name": str(target), "format": "md", "options": {"select": ["case", "source"]}}
    status, _, body = server.request("POST", "/v1/audit", json.dumps(request).encode(), {"Content-Type": "application/json"})
    assert status == 200
    assert body == cli
    assert any(f["rule"].startswith("source.") for f in json.loads(body)["documents"][0]["findings"])


def test_audit_html_output_is_the_report_page(server: Server) -> None:
    status, headers, body = server.request("POST", "/v1/audit?output=html", json.dumps({"target": EXAMPLE_TEXT}).encode())
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode()
    assert page.startswith("<!doctype html>") or page.lower().startswith("<!doctype html>")
    assert "<mark" in page and "article.txt" in page


def test_check_applies_the_gate_like_mtaudit_check(server: Server) -> None:
    status, _, verdict = server.post_json("/v1/check", {"target": EXAMPLE_TEXT, "target_lang": "en"})
    assert status == 200
    findings = verdict["report"]["documents"][0]["findings"]
    major = [f for f in findings if f["severity"] in ("major", "critical")]
    assert verdict["blocking"] == major
    assert verdict["pass"] is (not major)
    assert verdict["score"] == verdict["report"]["documents"][0]["score"]
    clean = "The minister said on Tuesday that the new bridge would open next spring."
    status, _, verdict = server.post_json("/v1/check", {"target": clean, "target_lang": "en", "options": {"min_score": 100}})
    assert status == 200 and verdict["pass"] is (verdict["score"] >= 100)
    status, _, verdict = server.post_json("/v1/check", {"target": EXAMPLE_TEXT, "options": {"fail_on": "minor"}})
    assert verdict["pass"] is False and len(verdict["blocking"]) == len(verdict["report"]["documents"][0]["findings"])


# --- bad requests: 400 naming the field, never a traceback ---------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"{not json", "body"),
        (b"[1, 2]", "body"),
        ({"text": "Hello."}, "text"),
        ({"target": "Hello.", "options": {"fail_on": "minor"}}, "options.fail_on"),
        ({"target": 42}, "target"),
        ({"target": "   "}, "target"),
        ({"source": "Bonjour."}, "target"),
        ({"target": "Hello.", "options": {"select": "case"}}, "options.select"),
        ({"target": "Hello.", "format": "docx"}, "format"),
        ({"target": "Hello.", "target_lang": "xx"}, "target_lang"),
        ({"target": "Hello.", "source": "Bonjour.", "source_lang": "klingon"}, "source_lang"),
        ({"target": "Hello.", "options": {"deep": True}}, "options.deep"),
    ],
)
def test_bad_audit_requests_get_400_naming_the_field(server: Server, body: Any, field: str) -> None:
    status, headers, reply = server.post_json("/v1/audit", body)
    assert status == 400 and headers["content-type"] == "application/json"
    assert reply["error"].startswith(f"{field}:"), reply
    assert "Traceback" not in reply["error"]


def test_a_name_is_a_label_never_a_file_read(server: Server) -> None:
    status, _, report = server.post_json("/v1/audit", {"target": "The minister said hello.", "name": "/etc/passwd", "target_lang": "en"})
    assert status == 200
    document = report["documents"][0]
    assert document["path"] == "/etc/passwd" and document["words"] == 4  # the request's text, not the file


def test_unknown_routes_and_methods_answer_json(server: Server) -> None:
    status, headers, body = server.get("/v1/nothing")
    assert status == 404 and json.loads(body)["error"]
    status, headers, body = server.get("/v1/audit")
    assert status == 405 and headers["content-type"] == "application/json"


def test_an_internal_error_is_a_json_500_without_details(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catch-all handler, driven in-process through the ASGI interface (a real server has no
    way to make the audit crash on purpose)."""
    from mtaudit.server import app as server_app
    from mtaudit.server import engine

    def broken(request: engine.AuditRequest) -> None:
        raise KeyError("/secret/path/on/the/server")

    monkeypatch.setattr(engine, "audit", broken)
    application = server_app.create_app(server_app.ServerSettings(warm_up=False))
    messages: list[dict[str, Any]] = []
    body = json.dumps({"target": "Hello there."}).encode()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http", "path": "/v1/audit",
             "raw_path": b"/v1/audit", "query_string": b"", "headers": [(b"content-type", b"application/json")], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    with pytest.raises(KeyError):  # re-raised after the response, for the server's own log
        asyncio.run(application(scope, receive, send))
    assert messages[0]["status"] == 500
    reply = b"".join(m.get("body", b"") for m in messages[1:]).decode()
    assert json.loads(reply) == {"error": "internal error; the server log has the details"}
    assert "secret" not in reply and "Traceback" not in reply


# --- LanguageTool's /v2 --------------------------------------------------------------------


def test_v2_check_offsets_are_utf16_units(server: Server) -> None:
    text = "Le sommet 😀🎉 a commencé. The minister Said hello."
    status, reply = server.post_form("/v2/check", {"text": text, "language": "en-US"})
    assert status == 200
    match = next(m for m in reply["matches"] if m["rule"]["id"] == "boundary.run-on")
    utf16 = text.encode("utf-16-le")
    flagged = utf16[2 * match["offset"] : 2 * (match["offset"] + match["length"])].decode("utf-16-le")
    assert flagged == "minister Said"
    assert match["offset"] == text.index("minister Said") + 2  # two emoji, one extra unit each
    context = match["context"]
    assert context["text"].encode("utf-16-le")[2 * context["offset"] : 2 * (context["offset"] + context["length"])].decode("utf-16-le") == flagged
    assert match["sentence"] == "The minister Said hello."
    assert match["replacements"][0] == {"value": "minister said"}
    assert match["rule"]["issueType"] == "typographical" and match["rule"]["category"] == {"id": "FLUENCY_PUNCTUATION", "name": "fluency/punctuation"}
    assert reply["language"]["detectedLanguage"]["code"] == "en"


def test_v2_check_annotated_data_offsets_point_into_the_markup_text(server: Server) -> None:
    data = {"annotation": [{"markup": "<p class='lead'>"}, {"text": "The minister Said hello."}, {"markup": "</p>", "interpretAs": "\n\n"}]}
    status, reply = server.post_form("/v2/check", {"data": json.dumps(data), "language": "en"})
    assert status == 200
    original = "<p class='lead'>The minister Said hello.</p>"
    match = next(m for m in reply["matches"] if m["rule"]["id"] == "boundary.run-on")
    assert original[match["offset"] : match["offset"] + match["length"]] == "minister Said"


def test_v2_check_source_rules_and_errors(server: Server) -> None:
    text = "The minister Said hello. It's the teh end."
    _, everything = server.post_form("/v2/check", {"text": text, "language": "en"})
    rules = {m["rule"]["id"] for m in everything["matches"]}
    assert "boundary.run-on" in rules
    _, without = server.post_form("/v2/check", {"text": text, "language": "en", "disabledRules": "boundary.run-on"})
    assert {m["rule"]["id"] for m in without["matches"]} == rules - {"boundary.run-on"}
    _, only = server.post_form("/v2/check", {"text": text, "language": "en", "enabledRules": "boundary", "enabledOnly": "true"})
    assert {m["rule"]["id"] for m in only["matches"]} <= {r for r in rules if r.startswith("boundary")}
    status, with_source = server.post_form("/v2/check", {"text": TARGET_EN, "language": "en", "motherTongue": "fr", "mtaudit_source": SOURCE_FR})
    assert status == 200 and any(m["rule"]["id"].startswith("source.") for m in with_source["matches"])
    assert server.post_form("/v2/check", {"text": text, "language": "tlh"}) == (400, {"error": "language: 'tlh' is not a language mtaudit knows; GET /v2/languages lists them"})
    status, empty = server.post_form("/v2/check", {"text": "  ", "language": "fr"})
    assert status == 200 and empty["matches"] == [] and empty["language"]["name"] == "French"
    status, error = server.post_form("/v2/check", {"text": text})
    assert status == 400 and error["error"].startswith("language:")
    status, error = server.post_form("/v2/check", {"data": "{broken", "language": "en"})
    assert status == 400 and error["error"].startswith("data:")


def test_languages_rules_and_health(server: Server) -> None:
    languages = json.loads(server.get("/v2/languages")[2])
    assert {"name": "English", "code": "en", "longCode": "en"} in languages
    assert {"name": "French", "code": "fr", "longCode": "fr"} in languages
    rules = json.loads(server.get("/v1/rules")[2])
    assert "boundary.run-on" in {r["id"] for r in rules}
    health = json.loads(server.get("/health")[2])
    assert health["status"] == "ok" and health["in_flight"] == 0


def test_language_tool_python_client_talks_to_the_server(server: Server) -> None:
    """A real LanguageTool client library from PyPI, pointed at the server with its remote-server
    option: it then never downloads LanguageTool nor starts Java."""
    language_tool_python = pytest.importorskip("language_tool_python")
    text = "Hier 🎉 encore. The minister Said the plan was ready."
    with language_tool_python.LanguageTool("en-US", remote_server=server.url) as tool:
        matches = tool.check(text)
        run_on = next(m for m in matches if m.rule_id == "boundary.run-on")
        # the client turns UTF-16 offsets back into Python (code point) offsets
        assert text[run_on.offset : run_on.offset + run_on.error_length] == "minister Said"
        assert run_on.replacements[0] == "minister said"
        assert run_on.category == "FLUENCY_PUNCTUATION"
        tool.disabled_rules.add("boundary.run-on")
        assert all(m.rule_id != "boundary.run-on" for m in tool.check(text))


def test_access_log_is_json_lines_without_the_text(server: Server) -> None:
    secret = "Zanzibarian marmalade confidential."
    server.post_json("/v1/audit", {"target": secret})
    server.post_form("/v2/check", {"text": secret, "language": "en"})
    server.get("/v2/check?" + urllib.parse.urlencode({"text": secret, "language": "en"}))
    deadline = time.monotonic() + 60  # a wait for the log line, not a speed limit
    while not any('"/v2/check"' in line and '"GET"' in line for line in server.log):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    records = [json.loads(line) for line in server.log if line.startswith("{")]
    assert {"method", "path", "status", "duration_ms", "bytes"} <= set(records[-1])
    assert {(r["method"], r["path"], r["status"]) for r in records} >= {("POST", "/v1/audit", 200), ("POST", "/v2/check", 200), ("GET", "/v2/check", 200)}
    assert not any("Zanzibarian" in line for line in server.log)


def test_cors_is_off_by_default(server: Server) -> None:
    _, headers, _ = server.get("/health", headers={"Origin": "https://cms.example"})
    assert "access-control-allow-origin" not in {k.lower() for k in headers}


# --- limits ---------------------------------------------------------------------------------


def raw_exchange(port: int, head: bytes, chunks: list[bytes]) -> bytes:
    """Send a request head and body chunks on a raw socket, stopping early if the server has
    already answered; return what the server said."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head)
        try:
            for chunk in chunks:
                sock.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        reply = b""
        try:
            while part := sock.recv(65536):
                reply += part
                if b"\r\n\r\n" in reply and b"}" in reply:
                    break
        except ConnectionResetError:
            pass
    return reply


@pytest.fixture(scope="module")
def limited() -> Iterator[Server]:
    """A server with a 1 MB body limit, a 0.1 s time limit and room for one audit at a time."""
    instance = Server("--max-body", "1000000", "--timeout", "0.1", "--queue", "1")
    yield instance
    instance.stop()


def test_body_limit_declared_length_is_refused_before_reading(limited: Server) -> None:
    head = b"POST /v1/audit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n"
    reply = raw_exchange(limited.port, head, [b'{"target": "' + b"a" * 1000])  # 1 KB of the 5 MB announced
    assert reply.startswith(b"HTTP/1.1 413")
    assert b'{"error": "request body larger than 1000000 bytes' in reply


def test_body_limit_is_enforced_while_a_chunked_body_streams(limited: Server) -> None:
    head = b"POST /v1/audit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    piece = b"a" * 300_000
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    reply = raw_exchange(limited.port, head, [chunk] * 20)  # 6 MB offered; refused after about 1 MB
    assert reply.startswith(b"HTTP/1.1 413")


def test_time_limit_gives_503_and_the_full_queue_429(limited: Server) -> None:
    status, headers, reply = limited.post_json("/v1/audit", {"target": LONG_ARTICLE, "target_lang": "en"})
    assert status == 503 and headers["retry-after"] == "1"
    assert reply["error"].startswith("the audit took longer than 0.1 s")
    # the timed-out audit still holds its thread (and its memory) until it ends: the queue is full
    assert limited.in_flight() == 1  # and the worker keeps answering meanwhile
    status, headers, reply = limited.post_json("/v1/audit", {"target": "The minister said hello.", "target_lang": "en"})
    assert status == 429 and headers["retry-after"] == "1" and "busy" in reply["error"]
    limited.wait_in_flight(0)


# --- API keys, CORS, graceful shutdown -------------------------------------------------------


def test_api_keys_and_cors(tmp_path: Path) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text("# editors\nk-123-secret\n\nk-456-other\n", encoding="utf-8")
    guarded = Server("--api-key-file", str(keys), "--cors-origin", "https://cms.example")
    try:
        body = {"target": "The minister said hello.", "target_lang": "en"}
        status, headers, _ = guarded.post_json("/v1/audit", body)
        assert status == 401 and headers["www-authenticate"] == "Bearer"
        assert guarded.post_json("/v1/audit", body, {"Authorization": "Bearer wrong"})[0] == 401
        assert guarded.post_json("/v1/audit", body, {"Authorization": "Bearer k-456-other"})[0] == 200
        assert guarded.post_form("/v2/check", {"text": "Hello there.", "language": "en"})[0] == 401
        assert guarded.post_form("/v2/check", {"text": "Hello there.", "language": "en", "apiKey": "k-123-secret"})[0] == 200
        assert guarded.get("/health")[0] == 200 and guarded.get("/v2/languages")[0] == 200
        _, headers, _ = guarded.get("/health", headers={"Origin": "https://cms.example"})
        assert headers["access-control-allow-origin"] == "https://cms.example"
        _, headers, _ = guarded.get("/health", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in {k.lower() for k in headers}
    finally:
        assert guarded.stop() in STOPPED


def test_bad_api_key_file_is_a_one_line_error(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mtaudit.server", "--api-key-file", str(tmp_path / "missing.txt"), "--port", str(free_port())],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert run.stderr.startswith("mtaudit: error: --api-key-file") and run.stderr.count("\n") == 1


def test_a_port_in_use_is_a_one_line_error(server: Server) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mtaudit.server", "--port", str(server.port)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert run.stderr == f"mtaudit: error: --port {server.port}: cannot listen on 127.0.0.1:{server.port} (Address already in use); choose another port\n"


def test_sigterm_finishes_the_request_in_flight() -> None:
    instance = Server()
    answer: dict[str, Any] = {}

    def long_request() -> None:
        answer["reply"] = instance.post_json("/v1/audit", {"target": LONG_ARTICLE, "target_lang": "en"})

    worker = threading.Thread(target=long_request)
    worker.start()
    instance.wait_in_flight(1)
    instance.process.send_signal(signal.SIGTERM)
    worker.join(120)
    assert instance.process.wait(timeout=60) in STOPPED
    status, _, report = answer["reply"]
    assert status == 200 and report["schema"] == "mtaudit.report/1"
    assert report["documents"][0]["words"] > 50_000
