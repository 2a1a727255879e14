"""The ASGI application of `mtaudit serve` (Starlette; uvicorn runs it).

Endpoints: `POST /v1/audit` (the JSON report, or `?output=html`), `POST /v1/check` (the gate),
`POST /v2/check` and `GET /v2/languages` (LanguageTool's protocol), `GET /v1/rules`,
`GET /health` and `GET /` (a page for editors). docs/server.md describes each.

Every audit runs in a small thread pool, so that the event loop keeps answering (`/health`, a
429 or a 503) while an article is being audited. Deep audits run side by side; their model calls
are batched across requests by one model thread (`mtaudit.server.batcher`), whose counts
`/health` shows under `model_batches`. At most `queue` audits are admitted at once
(running or waiting for a thread); the next request gets 429 instead of waiting in an unbounded
queue. A request whose audit is not done after `timeout` seconds gets 503 with `Retry-After`.
Request bodies are counted while they arrive and refused with 413 past `max_body` bytes.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import math
import os
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mtaudit import __version__
from mtaudit.server import engine, languagetool

SETTINGS_ENV = "MTAUDIT_SERVE_SETTINGS"
STATIC = Path(__file__).resolve().parent / "static"
ACCESS_LOG = logging.getLogger("mtaudit.server.access")
T = TypeVar("T")


@dataclass(frozen=True)
class ServerSettings:
    """How the server runs. `api_keys` empty: no key needed; `cors_origins` empty: no CORS."""

    deep: bool = False
    api_keys: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ()
    max_body: int = 2_000_000
    timeout: float = 30.0
    queue: int = 32
    threads: int = 2
    warm_up: bool = True
    batch_items: int = 256
    batch_wait: float = 0.005
    use_cache: bool = True

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServerSettings:
        values = json.loads(text)
        for name in ("api_keys", "cors_origins"):
            values[name] = tuple(values.get(name, ()))
        return cls(**values)


class ApiError(Exception):
    """A refusal with its HTTP status: the client gets `{"error": message}` and `headers`."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass
class Admission:
    """The bounded queue in front of the audit threads: admits at most `limit` audits at once
    (running or waiting), and lets a slot go only when its audit has really finished (a timed-out
    audit keeps its thread until it ends, so memory stays bounded)."""

    limit: int
    threads: int
    in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    pool: ThreadPoolExecutor = field(init=False)

    def __post_init__(self) -> None:
        self.pool = ThreadPoolExecutor(self.threads, thread_name_prefix="mtaudit-audit")

    def _release(self, _: object) -> None:
        with self.lock:
            self.in_flight -= 1

    async def run(self, work: Callable[[], T], timeout: float) -> T:
        """Run `work` on an audit thread; 429 when the queue is full, 503 past `timeout`."""
        with self.lock:
            if self.in_flight >= self.limit:
                raise ApiError(429, f"the server is busy ({self.limit} audits in progress); try again shortly", {"Retry-After": "1"})
            self.in_flight += 1
        try:
            future = self.pool.submit(work)
        except RuntimeError:  # the pool is shutting down with the server
            self._release(None)
            raise ApiError(503, "the server is shutting down; try again shortly", {"Retry-After": "5"}) from None
        future.add_done_callback(self._release)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
        except asyncio.TimeoutError:
            retry = str(max(1, math.ceil(timeout)))
            raise ApiError(503, f"the audit took longer than {timeout:g} s; try again later or send a shorter text", {"Retry-After": retry}) from None


class AccessLog:
    """ASGI middleware writing one JSON line per request: method, path (never the query string,
    which may hold text), status, duration and response bytes. Never the article."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        sent = 0

        async def counting_send(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counting_send)
        finally:
            record = {
                "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "bytes": sent,
            }
            ACCESS_LOG.info(json.dumps(record))


def configure_access_log() -> None:
    """Access lines go to standard error as bare JSON lines (once per process)."""
    if not ACCESS_LOG.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        ACCESS_LOG.addHandler(handler)
        ACCESS_LOG.setLevel(logging.INFO)
        ACCESS_LOG.propagate = False


# --- reading requests ---------------------------------------------------------------------


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, counted while it arrives: 413 as soon as it passes `limit` bytes (or at
    once when Content-Length says it will), so a huge body is never held in memory."""
    too_large = ApiError(413, f"request body larger than {limit} bytes; send a shorter text or split it")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def decode_json(body: bytes) -> dict[str, Any]:
    """The JSON object of a request body; 400 naming what is wrong."""
    try:
        value = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise ApiError(400, "body: not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ApiError(400, f"body: not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    if not isinstance(value, dict):
        raise ApiError(400, "body: expected a JSON object")
    return value


AUDIT_FIELDS: dict[str, tuple[type, ...]] = {
    "target": (str,),
    "source": (str,),
    "target_lang": (str,),
    "source_lang": (str,),
    "format": (str,),
    "name": (str,),
    "options": (dict,),
}
AUDIT_OPTIONS: dict[str, tuple[type, ...]] = {"select": (list,), "ignore": (list,), "deep": (bool,)}
GATE_OPTIONS: dict[str, tuple[type, ...]] = {"fail_on": (str,), "min_score": (int, float)}
TYPE_NAMES = {str: "a string", dict: "an object", list: "a list of strings", bool: "true or false", int: "a number", float: "a number"}


def check_fields(value: dict[str, Any], allowed: dict[str, tuple[type, ...]], prefix: str = "") -> None:
    """400 for a field that is not in `allowed` or has the wrong type (null means absent)."""
    for name, item in value.items():
        if name not in allowed:
            raise ApiError(400, f"{prefix}{name}: unknown field; expected one of {', '.join(allowed)}")
        types = allowed[name]
        if item is None:
            continue
        if not isinstance(item, types) or (isinstance(item, bool) and bool not in types):
            raise ApiError(400, f"{prefix}{name}: expected {TYPE_NAMES[types[0]]}")
        if isinstance(item, list) and not all(isinstance(x, str) for x in item):
            raise ApiError(400, f"{prefix}{name}: expected a list of strings")


def language(value: str | None, field_name: str) -> str | None:
    """A known language code (normalised: 'en-US' → 'en'), None for absent or 'auto'; 400 otherwise."""
    if value is None or value.strip().lower() in ("", "auto"):
        return None
    code = engine.normalise_language(value)
    if code not in engine.languages():
        raise ApiError(400, f"{field_name}: {value!r} is not a language mtaudit knows; GET /v2/languages lists them")
    return code


def audit_request(value: dict[str, Any], settings: ServerSettings, extra_options: dict[str, tuple[type, ...]] | None = None) -> engine.AuditRequest:
    """Validate a `/v1` request body into an `AuditRequest`."""
    check_fields(value, AUDIT_FIELDS)
    options = value.get("options") or {}
    check_fields(options, AUDIT_OPTIONS | (extra_options or {}), "options.")
    target = value.get("target")
    if not isinstance(target, str):
        raise ApiError(400, "target: required; give the translated text")
    if not target.strip():
        raise ApiError(400, "target: empty; give the translated text")
    source = value.get("source")
    if source is not None and not source.strip():
        raise ApiError(400, "source: empty; leave it out or give the source text")
    fmt = value.get("format")
    name = value.get("name")
    if fmt is not None and fmt not in ("txt", "md"):
        raise ApiError(400, f"format: {fmt!r} is not one of txt, md")
    if name is None:
        name = f"article.{fmt or 'txt'}"
    elif not name.strip() or len(name) > 300:
        raise ApiError(400, "name: expected a short label such as article.md")
    elif fmt is not None and (fmt == "md") != name.lower().endswith(engine.MARKDOWN_SUFFIXES):
        raise ApiError(400, f"format: {fmt!r} disagrees with the extension of name {name!r}")
    deep = options.get("deep")
    if deep and not settings.deep:
        raise ApiError(400, "options.deep: this server was started without --deep")
    return engine.AuditRequest(
        target=target,
        name=name,
        source=source,
        target_lang=language(value.get("target_lang"), "target_lang"),
        source_lang=language(value.get("source_lang"), "source_lang"),
        select=tuple(options.get("select") or ()),
        ignore=tuple(options.get("ignore") or ()),
        deep=settings.deep if deep is None else deep,
        use_cache=settings.use_cache,
    )


def authorise(request: Request, settings: ServerSettings, form: dict[str, str] | None = None) -> None:
    """With API keys configured, require one: `Authorization: Bearer KEY`, or (LanguageTool's
    way) an `apiKey` form field. 401 otherwise."""
    if not settings.api_keys:
        return
    given = ""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        given = header[7:].strip()
    elif form is not None:
        given = form.get("apiKey", "")
    if not any(hmac.compare_digest(given.encode(), key.encode()) for key in settings.api_keys):
        raise ApiError(401, "missing or unknown API key; send Authorization: Bearer KEY", {"WWW-Authenticate": "Bearer"})


def json_response(value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    return Response(body, status, headers, media_type="application/json")


# --- the application ----------------------------------------------------------------------


def create_app(settings: ServerSettings | None = None) -> Starlette:
    """The ASGI application for `settings` (defaults when None)."""
    settings = settings or ServerSettings()
    admission = Admission(settings.queue, settings.threads)
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    assets = {name: (STATIC / name).read_bytes() for name in ("app.js", "app.css")}
    started = time.time()

    async def run_audit(request: engine.AuditRequest) -> Any:
        def work() -> Any:
            try:
                return engine.audit(request)
            except engine.error_types() as exc:
                raise ApiError(400, str(exc)) from None

        return await admission.run(work, settings.timeout)

    async def v1_audit(request: Request) -> Response:
        authorise(request, settings)
        output = request.query_params.get("output", "json")
        if output not in ("json", "html"):
            raise ApiError(400, f"output: {output!r} is not one of json, html")
        wanted = audit_request(decode_json(await read_body(request, settings.max_body)), settings)
        result = await run_audit(wanted)
        if output == "html":
            return HTMLResponse(engine.report_html(result))
        return Response(engine.report_json(result), media_type="application/json")

    async def v1_check(request: Request) -> Response:
        authorise(request, settings)
        value = decode_json(await read_body(request, settings.max_body))
        wanted = audit_request(value, settings, GATE_OPTIONS)
        options = value.get("options") or {}
        fail_on = options.get("fail_on") or engine.default_fail_on()
        if fail_on not in engine.SEVERITIES:
            raise ApiError(400, f"options.fail_on: {fail_on!r} is not one of {', '.join(engine.SEVERITIES)}")
        min_score = options.get("min_score", engine.default_min_score())
        if min_score is not None and not 0 <= min_score <= 100:
            raise ApiError(400, "options.min_score: expected a number from 0 to 100")
        result = await run_audit(wanted)
        verdict = engine.gate(result, fail_on, min_score)
        verdict["report"] = json.loads(engine.report_json(result))
        return json_response(verdict)

    async def v2_check(request: Request) -> Response:
        if request.method == "POST":
            body = await read_body(request, settings.max_body)
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind not in ("", "application/x-www-form-urlencoded"):
                raise ApiError(400, f"body: send the fields as application/x-www-form-urlencoded, not {kind}")
            try:
                form = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
            except UnicodeDecodeError:
                raise ApiError(400, "body: not UTF-8") from None
        else:
            form = dict(request.query_params)
        authorise(request, settings, form)
        if "text" in form and "data" in form:
            raise ApiError(400, "text, data: send one of them, not both")
        try:
            if "data" in form:
                annotated = languagetool.parse_annotated(form["data"])
            elif "text" in form:
                annotated = languagetool.plain_text(form["text"])
            else:
                raise ApiError(400, "text: required (or data, LanguageTool's annotated text)")
        except languagetool.AnnotationError as exc:
            raise ApiError(400, str(exc)) from None
        if "language" not in form:
            raise ApiError(400, "language: required (a code from GET /v2/languages, or auto)")
        target_lang = language(form["language"], "language")
        source = form.get("mtaudit_source") or None
        source_lang = language(form.get("motherTongue"), "motherTongue") if source is not None else None
        enabled = languagetool.rule_list(form.get("enabledRules"))
        select = engine.known_prefixes(enabled) if form.get("enabledOnly", "").lower() == "true" else ()
        if not annotated.plain.strip():  # nothing to check (LanguageTool answers no matches too)
            lang = target_lang or "en"
            return json_response(languagetool.check_response([], form["language"], engine.languages().get(lang, lang), lang, __version__))
        detected = target_lang or engine.detect_language(annotated.plain)
        wanted = engine.AuditRequest(
            target=annotated.plain,
            name="text.txt",
            source=source,
            target_lang=detected,
            source_lang=source_lang,
            select=select,
            ignore=engine.known_prefixes(languagetool.rule_list(form.get("disabledRules"))),
            deep=settings.deep,
            use_cache=settings.use_cache,
        )
        result = await run_audit(wanted)
        matches = languagetool.to_matches(result.documents[0], annotated, engine.rules())
        name = engine.languages().get(detected, detected)
        return json_response(languagetool.check_response(matches, form["language"], name, detected, __version__))

    async def v2_languages(request: Request) -> Response:
        return json_response(languagetool.languages_response(engine.languages()))

    async def v1_rules(request: Request) -> Response:
        return json_response(engine.rule_list())

    async def health(request: Request) -> Response:
        status = {"status": "ok", "version": __version__, "in_flight": admission.in_flight, "queue": settings.queue, "uptime_s": round(time.time() - started, 1)}
        batching = engine.batch_stats()
        if batching is not None:
            status["model_batches"] = batching
        return json_response(status)

    async def index(request: Request) -> Response:
        return HTMLResponse(page, headers={"X-Content-Type-Options": "nosniff"})

    def asset(name: str, media_type: str) -> Callable[[Request], Any]:
        async def serve_asset(request: Request) -> Response:
            return Response(assets[name], media_type=media_type, headers={"X-Content-Type-Options": "nosniff"})

        return serve_asset

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return json_response({"error": exc.message}, exc.status, exc.headers)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return json_response({"error": exc.detail}, exc.status_code, dict(exc.headers or {}))

    async def internal_error(request: Request, exc: Exception) -> Response:
        return json_response({"error": "internal error; the server log has the details"}, 500)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if settings.deep:  # before the warm-up, so that it loads the models the requests share
            engine.shared_engines(settings.batch_items, settings.batch_wait)
        if settings.warm_up:
            await asyncio.to_thread(engine.warm_up, settings.deep, settings.use_cache)
        yield
        admission.pool.shutdown(wait=True)  # the audits in flight finish (their model calls too)
        engine.stop_shared_engines()

    middleware = [Middleware(AccessLog)]
    if settings.cors_origins:
        middleware.append(
            Middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"])
        )
    configure_access_log()
    return Starlette(
        routes=[
            Route("/", index),
            Route("/app.js", asset("app.js", "text/javascript")),
            Route("/app.css", asset("app.css", "text/css")),
            Route("/health", health),
            Route("/v1/audit", v1_audit, methods=["POST"]),
            Route("/v1/check", v1_check, methods=["POST"]),
            Route("/v1/rules", v1_rules),
            Route("/v2/check", v2_check, methods=["GET", "POST"]),
            Route("/v2/languages", v2_languages),
        ],
        middleware=middleware,
        exception_handlers={ApiError: api_error, HTTPException: http_error, Exception: internal_error},
        lifespan=lifespan,
    )


def app_from_environment() -> Starlette:
    """The uvicorn factory: settings from `$MTAUDIT_SERVE_SETTINGS` (JSON, set by `mtaudit serve`),
    so that every worker process builds the same application."""
    text = os.environ.get(SETTINGS_ENV)
    return create_app(ServerSettings.from_json(text) if text else None)
