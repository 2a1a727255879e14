"""Benchmark of the engines (not a timed test; figures go to BENCHMARKS.md).

Documents per second on the MQM zh→en development segments and the clean-news folder for one
process (`audit()`, the one-process path of `mtaudit audit`), the serial engine (two passes), the
local process pool and the Ray engine with 1 and 2 workers, each in a fresh Python process in
the same run; the peak resident memory of the driver and of the largest worker; and the CPU
time per document of the one-process audit, from which BENCHMARKS.md projects an archive.

    python benchmarks/engines.py [--shared ../shared] [--skip-ray]
    python benchmarks/engines.py --one local 2 PATH     # one measurement, as JSON (used by the above)
    python benchmarks/engines.py --memory 10000,100000  # Ray on one JSONL file of each size: peak memory

`--memory` audits one generated JSONL file (one sentence of the example article per line, numbers
varied, as in benchmarks/memory.py) with `mtaudit audit FILE --engine ray --jobs 2 --format jsonl`
in a fresh process per size, and samples every 0.5 s the resident memory of the driver and of the
largest Ray worker, and the proportional memory (PSS, which counts the object store's shared pages
once) of the whole process tree (driver, Ray's services, workers); the figure is the ratio between
the sizes (the file is streamed, so the peaks should not grow with the lines).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def worker_rss_sampler(stop: threading.Event, peak: list[int]) -> None:
    """Largest resident memory (KiB) of a Ray worker process (tasks, Ray Data operators, actors), sampled every 50 ms."""
    import psutil

    while not stop.is_set():
        for process in psutil.process_iter(["cmdline", "memory_info"]):
            command = process.info["cmdline"] or []
            if command and command[0].startswith("ray::") and not command[0].endswith("Agent") and process.info["memory_info"]:
                peak[0] = max(peak[0], process.info["memory_info"].rss // 1024)
        stop.wait(0.05)


def measure(engine: str, jobs: int, path: str) -> dict[str, float]:
    """One configuration in this process: seconds, documents, CPU seconds of this process, peak KiB."""
    from mtaudit.engines import EngineOptions
    from mtaudit.engines.run import Inputs, run_engine
    from mtaudit.pipeline import AuditOptions, audit
    from mtaudit.readers import read_inputs

    extra = {"target_lang": "en"} if os.path.isdir(path) else {}
    count = 0
    worker_peak = [0]
    stop = threading.Event()
    if engine == "ray":
        import ray

        started = time.perf_counter()
        ray.init(num_cpus=jobs, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
        ray_start = time.perf_counter() - started
        sampler = threading.Thread(target=worker_rss_sampler, args=(stop, worker_peak), daemon=True)
        sampler.start()
    cpu, started = time.process_time(), time.perf_counter()
    if engine == "process":
        read = read_inputs([path], **extra)
        count = len(audit(read.documents).documents)
    else:
        found: list[object] = []
        run_engine(Inputs((path,), **extra), AuditOptions(), EngineOptions(engine, jobs), found.append, progress=False)
        count = len(found)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    figures = {"seconds": seconds, "documents": count, "cpu": cpu, "driver_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    if engine == "local":
        figures["worker_kib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if engine == "ray":
        stop.set()
        figures["worker_kib"] = worker_peak[0]
        figures["ray_start"] = ray_start
        ray.shutdown()
    return figures


def tree_peaks(process: Any, stop: threading.Event, peaks: dict[str, int]) -> None:
    """Largest resident memory (bytes) of the driver `process` and of one Ray worker below it, and
    the largest proportional set size (PSS) of the whole tree, sampled every 0.5 s until `stop`."""
    import psutil

    while not stop.is_set():
        try:
            driver = process.memory_info().rss
            below = process.children(recursive=True)
        except psutil.Error:
            break
        worker = total = 0
        for child in [process, *below]:
            try:
                memory = child.memory_full_info()
                name = (child.cmdline() or [""])[0]
            except psutil.Error:
                continue
            total += memory.pss  # proportional: the object store's shared pages are counted once
            if name.startswith("ray::"):
                worker = max(worker, memory.rss)
        peaks["driver"] = max(peaks.get("driver", 0), driver)
        peaks["worker"] = max(peaks.get("worker", 0), worker)
        peaks["tree"] = max(peaks.get("tree", 0), total)
        stop.wait(0.5)


def memory(counts: list[int]) -> None:
    """Peak memory of the Ray engine on one JSONL file of each line count (see the docstring)."""
    import tempfile

    import psutil

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from memory import build_jsonl  # the same generated lines as benchmarks/memory.py

    print("| JSONL lines | documents written | wall | driver peak (RSS) | largest Ray worker peak (RSS) | whole tree peak (PSS) |")
    print("|---|---|---|---|---|---|")
    rows: dict[int, dict[str, int]] = {}
    with tempfile.TemporaryDirectory(prefix="mtaudit-ray-memory-") as name:
        for count in counts:
            path, out = Path(name) / f"lines-{count}.jsonl", Path(name) / "results.jsonl"
            build_jsonl(path, count)
            command = [sys.executable, "-m", "mtaudit", "audit", str(path), "--engine", "ray", "--jobs", "2", "--format", "jsonl", "-o", str(out)]
            started = time.perf_counter()
            child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
            peaks: dict[str, int] = {}
            stop = threading.Event()
            sampler = threading.Thread(target=tree_peaks, args=(psutil.Process(child.pid), stop, peaks), daemon=True)
            sampler.start()
            _, error = child.communicate()
            stop.set()
            sampler.join()
            if child.returncode not in (0, 1):
                raise SystemExit(f"{count} lines: exit {child.returncode}\n{error.decode('utf-8', 'replace')[-2000:]}")
            with out.open("rb") as handle:
                written = sum(1 for _ in handle)
            rows[count] = peaks
            mib = {key: value / 2**20 for key, value in peaks.items()}
            print(f"| {count:,} | {written:,} | {time.perf_counter() - started:.0f} s | {mib['driver']:.0f} MiB | {mib['worker']:.0f} MiB | {mib['tree']:.0f} MiB |", flush=True)
            path.unlink()
    small, large = min(rows), max(rows)
    if small != large:
        ratios = ", ".join(f"{key} {rows[large][key] / rows[small][key]:.2f}×" for key in ("driver", "worker", "tree"))
        print(f"\npeak at {large:,} lines / peak at {small:,} lines ({large // small}× the lines): {ratios}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--skip-ray", action="store_true")
    parser.add_argument("--one", nargs=3, metavar=("ENGINE", "JOBS", "PATH"))
    parser.add_argument("--memory", metavar="LINES,LINES", help="peak memory of the Ray engine on JSONL files of these line counts")
    args = parser.parse_args()
    if args.memory:
        memory([int(n) for n in args.memory.split(",")])
        return
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]), args.one[2])))
        return
    data = {
        "MQM zh→en dev segments": f"{args.shared}/data/mqm-ted-zhen-dev/segments.jsonl",
        "clean-news folder": f"{args.shared}/data/clean-news-en-dev",
    }
    runs = [("process", 1), ("serial", 1), ("local", 1), ("local", 2)]
    if not args.skip_ray:
        runs += [("ray", 1), ("ray", 2)]
    print(f"CPUs: {os.cpu_count()}\n")
    print("| data | engine | workers | documents | time | documents/s | vs one process | driver peak | largest worker peak |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, path in data.items():
        base = None
        cpu: dict[str, float] = {}
        for engine, jobs in runs:
            out = subprocess.run([sys.executable, __file__, "--one", engine, str(jobs), path], capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
            f = json.loads(out.stdout.strip().splitlines()[-1])
            rate = f["documents"] / f["seconds"]
            base = base or rate
            worker = f"{f['worker_kib'] / 1024:.0f} MiB" if "worker_kib" in f else "—"
            label = "one process (`audit()`)" if engine == "process" else engine + (f" (+{f['ray_start']:.1f} s to start Ray)" if "ray_start" in f else "")
            print(f"| {name} | {label} | {jobs} | {f['documents']:.0f} | {f['seconds']:.1f} s | {rate:.0f} | {rate / base:.2f}× | {f['driver_kib'] / 1024:.0f} MiB | {worker} |")
            if engine in ("process", "serial"):  # all the work is in this process: its CPU time is the run's
                cpu[engine] = 1000 * f["cpu"] / f["documents"]
        print(f"<!-- {name}: {cpu.get('process', 0):.2f} ms CPU per document in one process, {cpu.get('serial', 0):.2f} ms in the serial engine (both passes) -->")


if __name__ == "__main__":
    main()
