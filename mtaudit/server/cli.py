"""`mtaudit serve`: run the HTTP service (registered in the main CLI group as `serve`, imported
only when it is run, so `mtaudit --help` loads neither starlette nor uvicorn).

Started in a folder with `mtaudit.toml` (or `[tool.mtaudit]` in `pyproject.toml`), the server
takes its defaults from it, as `mtaudit check` does there: rules selected and ignored, languages,
glossary, known names, per-rule severities, and the gate's `fail-on` and `min-score`."""

from __future__ import annotations

import os
import socket
import sys

import click


def _fail(message: str) -> None:
    click.echo(f"mtaudit: error: {message}", err=True)
    sys.exit(2)


def read_api_keys(path: str) -> tuple[str, ...]:
    """One key a line; blank lines and lines starting with # are skipped."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"--api-key-file {path}: cannot read it ({getattr(exc, 'strerror', None) or exc})")
    keys = tuple(line.strip() for line in lines if line.strip() and not line.strip().startswith("#"))
    if not keys:
        _fail(f"--api-key-file {path}: no key in it; write one key a line")
    return keys


def check_port_free(host: str, port: int) -> None:
    """Fail with one line, before loading anything, when the address cannot be listened on."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        _fail(f"--host {host}: not an address of this machine ({exc.strerror})")
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            _fail(f"--port {port}: cannot listen on {host}:{port} ({exc.strerror}); choose another port")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback unless told otherwise).")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="Port to listen on.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes (each loads the dictionaries once).")
@click.option("--deep", is_flag=True, help="Add model evidence to every audit (models load once at start).")
@click.option("--api-key-file", metavar="PATH", help="Require one of the keys in this file (one a line) on audit requests.")
@click.option("--cors-origin", multiple=True, metavar="ORIGIN", help="Allow browser pages from this origin to call the API (repeatable; off by default).")
@click.option("--max-body", type=click.IntRange(1), default=2_000_000, show_default=True, help="Largest request body in bytes (413 beyond).")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=30.0, show_default=True, help="Seconds an audit may take (503 beyond).")
@click.option("--queue", type=click.IntRange(1), default=32, show_default=True, help="Audits admitted at once per worker, running or waiting (429 beyond).")
@click.option("--threads", type=click.IntRange(1, 256), help="Audits run at once per worker (default 2, or 8 with --deep: deep audits wait on the model thread).")
@click.option("--batch-items", type=click.IntRange(1), default=256, show_default=True, help="With --deep: most texts in one batched model call.")
@click.option("--batch-wait-ms", type=click.FloatRange(0), default=5.0, show_default=True, help="With --deep: how long a model call waits for other requests' calls to join its batch.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the on-disk cache of model outputs.")
def serve(
    host: str, port: int, workers: int, deep: bool, api_key_file: str | None, cors_origin: tuple[str, ...], max_body: int, timeout: float, queue: int,
    threads: int | None, batch_items: int, batch_wait_ms: float, no_cache: bool,
) -> None:  # fmt: skip
    """Serve the audit over HTTP: /v1/audit, /v1/check, LanguageTool's /v2/check, and a page at /."""
    try:
        import uvicorn
    except ImportError:
        _fail('`mtaudit serve` needs starlette and uvicorn: pip install "mtaudit[serve]"')
    from mtaudit.server.app import SETTINGS_ENV, ServerSettings

    settings = ServerSettings(
        deep=deep,
        api_keys=read_api_keys(api_key_file) if api_key_file else (),
        cors_origins=cors_origin,
        max_body=max_body,
        timeout=timeout,
        queue=queue,
        threads=threads or (8 if deep else 2),
        batch_items=batch_items,
        batch_wait=batch_wait_ms / 1000,
        use_cache=not no_cache,
    )
    check_port_free(host, port)
    from mtaudit.server import engine

    try:  # the folder's mtaudit.toml / [tool.mtaudit] gives every request its defaults
        engine.config()
    except engine.error_types() as exc:
        _fail(str(exc))
    if workers == 1:
        # uvicorn runs one worker in this process: warm up here, so that a missing model or
        # dictionary is a one-line error instead of a failed start-up; the app then finds it loaded.
        if deep:  # the engines the requests will share, with the batch limits asked for
            engine.shared_engines(settings.batch_items, settings.batch_wait)
        try:
            engine.warm_up(deep, settings.use_cache)
        except engine.error_types() as exc:
            _fail(str(exc))
    os.environ[SETTINGS_ENV] = settings.to_json()
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"mtaudit: warning: listening on {host}: reachable from other machines", err=True)
    uvicorn.run(
        "mtaudit.server.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=max(timeout, 5.0),
    )
