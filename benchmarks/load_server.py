"""Load test of `mtaudit serve` on loopback, against one `mtaudit audit` process per article.

Starts the server (`python -m mtaudit.server`) on a free 127.0.0.1 port, then, for each client
count, keeps that many clients busy sending real articles to `POST /v1/audit` for a bounded
time (and at most --max-requests requests), and reports requests/s, latency percentiles, 429s (after which a client waits as
`Retry-After` says), other errors (a report that differs from the article's report audited
alone counts as one),
and the server's peak memory (all its processes). Then, for the same time, spawns
`python -m mtaudit audit FILE --format json` per article (as many at once as there are CPUs)
for the comparison. Loopback only; nothing else is contacted.

    python benchmarks/load_server.py --seconds 10 --clients 8,32,128 --workers 2

`--deep` measures model evidence instead: it builds a tiny random Marian translator and GPT-2
language model (`tests/tiny_models.py`; nothing is downloaded), starts `mtaudit serve --deep
--no-cache` in a folder whose `mtaudit.toml` names them, sends French→English article pairs
(source and target, so back-translation, forced decoding and LM scores all run), and reports
the model thread's batch counts (`/health` `model_batches`) for each client count. The
spawning comparison is skipped (`--spawn` runs it: `mtaudit audit --deep` per article).

    python benchmarks/load_server.py --deep --seconds 20 --clients 1,8 --workers 1
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = (ROOT / "fixtures" / "example-fr-en-news.txt").read_text(encoding="utf-8")
DEEP_SOURCE = (ROOT / "fixtures" / "source-fr.txt").read_text(encoding="utf-8")
DEEP_TARGET = (ROOT / "fixtures" / "source-en.txt").read_text(encoding="utf-8")


def long_article(words: int = 1000) -> str:
    """An article of about `words` words made from the example's paragraphs, in varying order."""
    paragraphs = [p for p in EXAMPLE.split("\n\n") if p.strip()]
    parts: list[str] = []
    shift = 0
    while sum(len(p.split()) for p in parts) < words:
        parts.append(paragraphs[shift % len(paragraphs)])
        shift += 3
    return "\n\n".join(parts) + "\n"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


@dataclass
class Level:
    """What one client count produced."""

    clients: int
    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"short": [], "long": []})
    ok: int = 0
    busy: int = 0
    errors: int = 0
    peak_rss: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def summary(self) -> dict[str, object]:
        every = self.latencies["short"] + self.latencies["long"]
        return {
            "clients": self.clients,
            "requests_per_s": round(self.ok / self.seconds, 1) if self.seconds else 0,
            "ok": self.ok,
            "http_429": self.busy,
            "errors": self.errors,
            "p50_ms": round(percentile(every, 50) * 1000, 1),
            "p95_ms": round(percentile(every, 95) * 1000, 1),
            "p99_ms": round(percentile(every, 99) * 1000, 1),
            "p99_1000_words_ms": round(percentile(self.latencies["long"], 99) * 1000, 1),
            "peak_rss_mb": round(self.peak_rss / 2**20, 1),
        }


def tree_rss(process: psutil.Process) -> int:
    """Resident memory of a process and its children (the uvicorn workers)."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += member.memory_info().rss
    return total


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int, queue: int, extra: tuple[str, ...] = (), cwd: Path = ROOT) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "mtaudit.server", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--queue", str(queue), *extra]
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("load_server: the server did not start")


def health(port: int) -> dict[str, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/health")
    value: dict[str, Any] = json.loads(connection.getresponse().read())
    connection.close()
    return value


def deep_folder(folder: Path) -> Path:
    """A folder whose mtaudit.toml names a tiny random Marian model (fr↔en) and GPT-2 model."""
    sys.path.insert(0, str(ROOT))
    from tests.tiny_models import build_gpt2, build_marian

    corpus = [*DEEP_SOURCE.split("\n\n"), *DEEP_TARGET.split("\n\n")] * 10
    (folder / "marian").mkdir()
    (folder / "gpt2").mkdir()
    marian = build_marian(
        folder / "marian", corpus, name="model", d_model=32, layers=1, heads=2, ffn=64, max_positions=256, vocab_size=120, character_coverage=1.0
    )
    gpt2 = build_gpt2(folder / "gpt2", corpus, name="model", bpe_vocab=400, n_positions=256, n_embd=32, n_layer=1, n_head=2)
    (folder / "mtaudit.toml").write_text(f'translator-model = "{marian}"\nlm-model = "{gpt2}"\ndevice = "cpu"\n', encoding="utf-8")
    return folder


def run_level(port: int, clients: int, seconds: float, max_requests: int, bodies: dict[str, bytes], server: psutil.Process) -> Level:
    level = Level(clients)
    expected = {}
    for kind, body in bodies.items():  # each article's report, audited alone before the load
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        connection.request("POST", "/v1/audit", body, {"Content-Type": "application/json"})
        expected[kind] = connection.getresponse().read()
        connection.close()
    stop_at = time.monotonic() + seconds
    budget = [max_requests]

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        kinds = ["short", "long"]
        turn = number
        while time.monotonic() < stop_at:
            with level.lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            kind = kinds[turn % 2]
            turn += 1
            started = time.perf_counter()
            try:
                connection.request("POST", "/v1/audit", bodies[kind], {"Content-Type": "application/json"})
                response = connection.getresponse()
                reply = response.read()
                status = response.status
                retry_after = float(response.getheader("Retry-After") or 0)
            except (OSError, http.client.HTTPException):
                status = 0
                retry_after = 0.0
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            elapsed = time.perf_counter() - started
            if status == 200 and reply != expected[kind]:
                status = -1  # a report that differs from the one audited alone: counted as an error
            with level.lock:
                if status == 200:
                    level.ok += 1
                    level.latencies[kind].append(elapsed)
                elif status == 429:
                    level.busy += 1
                else:
                    level.errors += 1
            if status == 429:  # a well-behaved client waits as Retry-After says
                time.sleep(max(0.0, min(retry_after, stop_at - time.monotonic())))
        connection.close()

    sampling = threading.Event()

    def sample() -> None:
        while not sampling.is_set():
            level.peak_rss = max(level.peak_rss, tree_rss(server))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample)
    sampler.start()
    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    level.seconds = time.monotonic() - began
    sampling.set()
    sampler.join()
    return level


def run_spawned(files: list[str], seconds: float, max_requests: int, cwd: Path = ROOT) -> dict[str, object]:
    """One `python -m mtaudit audit` process per article, as many at once as there are CPUs."""
    stop_at = time.monotonic() + seconds
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    count = [0]

    def one(number: int) -> None:
        nonlocal errors
        while time.monotonic() < stop_at:
            with lock:
                if count[0] >= max_requests:
                    return
                count[0] += 1
                path = files[count[0] % len(files)]
            started = time.perf_counter()
            run = subprocess.run([sys.executable, "-m", "mtaudit", "audit", path, "--format", "json"], cwd=ROOT,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True)
            with lock:
                if run.returncode == 0:
                    latencies.append(time.perf_counter() - started)
                else:
                    errors += 1

    parallel = os.cpu_count() or 1
    began = time.monotonic()
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(one, range(parallel)))
    elapsed = time.monotonic() - began
    return {
        "parallel": parallel,
        "articles_per_s": round(len(latencies) / elapsed, 2),
        "ok": len(latencies),
        "errors": errors,
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30, help="how long each client count runs (and the spawning comparison)")
    parser.add_argument("--clients", default="8,32,128", help="comma-separated client counts")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server worker processes")
    parser.add_argument("--queue", type=int, default=32, help="the server's --queue (per worker)")
    parser.add_argument("--max-requests", type=int, default=20000, help="at most this many requests per client count")
    parser.add_argument("--json", metavar="PATH", help="also write the figures here")
    parser.add_argument("--deep", action="store_true", help="model evidence with tiny random models (see above)")
    parser.add_argument("--spawn", action="store_true", help="with --deep: also run the spawning comparison")
    args = parser.parse_args()
    scratch = tempfile.TemporaryDirectory()

    if args.deep:
        paragraphs = list(zip(DEEP_SOURCE.strip().split("\n\n"), DEEP_TARGET.strip().split("\n\n"), strict=True))
        chosen = {"short": paragraphs[:1], "long": paragraphs[1:3]}  # random models generate to their cap: keep it short
        texts = {kind: ("\n\n".join(t for _, t in part) + "\n", "\n\n".join(s for s, _ in part) + "\n") for kind, part in chosen.items()}
        bodies = {kind: json.dumps({"target": t, "source": src, "name": f"{kind}.txt", "target_lang": "en", "source_lang": "fr"}).encode() for kind, (t, src) in texts.items()}
        cwd, extra = deep_folder(Path(scratch.name)), ("--deep", "--no-cache", "--timeout", "600")
        words = {kind: len(t.split()) for kind, (t, _) in texts.items()}
    else:
        article = long_article()
        texts = {"short": (EXAMPLE, ""), "long": (article, "")}
        bodies = {
            "short": json.dumps({"target": EXAMPLE, "name": "example.txt", "target_lang": "en"}).encode(),
            "long": json.dumps({"target": article, "name": "long.txt", "target_lang": "en"}).encode(),
        }
        cwd, extra = ROOT, ()
        words = {"short": len(EXAMPLE.split()), "long": len(article.split())}
    port = free_port()
    process = start_server(port, args.workers, args.queue, extra, cwd)
    figures: dict[str, object] = {
        "deep": args.deep,
        "workers": args.workers,
        "queue_per_worker": args.queue,
        "cpus": os.cpu_count(),
        "seconds_per_level": args.seconds,
        "article_words": words,
    }
    try:
        server = psutil.Process(process.pid)
        figures["rss_after_start_mb"] = round(tree_rss(server) / 2**20, 1)
        levels = []
        for clients in (int(c) for c in args.clients.split(",")):
            before = health(port).get("model_batches")
            summary = run_level(port, clients, args.seconds, args.max_requests, bodies, server).summary()
            after = health(port).get("model_batches")
            if before is not None and after is not None:  # one worker's model thread during this level
                calls, engine_calls = after["calls"] - before["calls"], after["engine_calls"] - before["engine_calls"]
                summary["model_calls"] = calls
                summary["engine_calls"] = engine_calls
                summary["mean_calls_per_batch"] = round(calls / engine_calls, 2) if engine_calls else 0
            levels.append(summary)
            print(json.dumps(summary), flush=True)
        figures["levels"] = levels
        figures["rss_at_end_mb"] = round(tree_rss(server) / 2**20, 1)
    finally:
        process.terminate()
        process.wait(timeout=60)
    if args.deep and not args.spawn:
        print(json.dumps({k: v for k, v in figures.items() if k != "levels"}), flush=True)
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        scratch.cleanup()
        return
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for kind, (text, _) in texts.items():
            path = os.path.join(folder, f"{kind}.txt")
            Path(path).write_text(text, encoding="utf-8")
            files.append(path)
        figures["spawn_per_article"] = spawned = run_spawned(files, args.seconds, args.max_requests, cwd)
    print(json.dumps({"spawn_per_article": spawned}), flush=True)
    best = max(level["requests_per_s"] for level in figures["levels"])  # type: ignore[index]
    figures["server_vs_spawn"] = round(best / spawned["articles_per_s"], 1) if spawned["articles_per_s"] else None  # type: ignore[operator]
    print(json.dumps({k: v for k, v in figures.items() if k not in ("levels", "spawn_per_article")}), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
