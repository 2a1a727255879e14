"""Peak memory and CPU of whole `mtaudit audit` processes on large inputs (issue 15).

    python benchmarks/memory.py                       # 2 MB and 20 MB articles, 1,000,000-line JSONL
    python benchmarks/memory.py --sizes 2,20 --lines 0 # articles only
    python benchmarks/memory.py --lines 10000,100000   # how JSONL memory grows with the line count
    python benchmarks/memory.py --tracemalloc 2        # where a 2 MB article's memory goes
    python benchmarks/memory.py --sizes '' --lines 100000,1000000 --format sarif   # any streamed format
    python benchmarks/memory.py --sizes '' --lines 100000,1000000 --check          # the gate, `mtaudit check`
    python benchmarks/memory.py --sizes '' --lines 100000,1000000 --check --select typography  # fewer rules: faster

The inputs are generated under a temporary folder (never committed): the articles repeat
fixtures/example-fr-en-news.txt with every number changed per copy (so that no two copies are
identical and the run-wide vote tables grow as with real text); the JSONL has one sentence of that
article per line, numbered the same way. Each input is audited by a separate
`python -m mtaudit audit INPUT --format json -o REPORT` process (`--format F`: another format;
`--check`: `mtaudit check INPUT --format F -o REPORT`, the gate), and the script prints its peak
resident memory (`ru_maxrss` of that very process, from `os.wait4`) and its CPU seconds (user +
system, of the process and the children it waited for, such as a Hunspell pipe).

Targets (issue 15): a 20 MB article peaks below 400 MiB and costs at most 10× the CPU of a 2 MB
one; a 1,000,000-line JSONL runs in constant memory (the same peak at 10,000 and 1,000,000 lines).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "fixtures" / "example-fr-en-news.txt"
NUMBER = re.compile(r"\d+")


def varied_copy(text: str, copy: int) -> str:
    """`text` with every number shifted by `copy`, so that copies differ like real articles."""
    return NUMBER.sub(lambda m: str(int(m.group()) + copy), text)


def build_article(path: Path, megabytes: float) -> None:
    """An article of about `megabytes` MB made of varied copies of the example article."""
    text = ARTICLE.read_text(encoding="utf-8").strip()
    goal = int(megabytes * 1_000_000)
    size = copy = 0
    with path.open("w", encoding="utf-8") as out:
        while size < goal:
            piece = varied_copy(text, copy) + "\n\n"
            out.write(piece)
            size += len(piece.encode("utf-8"))
            copy += 1


def build_jsonl(path: Path, lines: int) -> None:
    """`lines` JSONL segments, each one sentence of the example article with varied numbers."""
    import json

    text = ARTICLE.read_text(encoding="utf-8")
    sentences = [s.strip() for s in re.split(r"(?<=[.!?”])\s+", text) if len(s.split()) > 3]
    with path.open("w", encoding="utf-8") as out:
        for number in range(lines):
            sentence = varied_copy(sentences[number % len(sentences)], number // len(sentences))
            out.write(json.dumps({"id": f"s{number}", "target": sentence, "target_lang": "en"}, ensure_ascii=False) + "\n")


def measure(label: str, arguments: list[str], report: Path, fmt: str = "json", command_name: str = "audit", select: str | None = None) -> tuple[float, float, float]:
    """Run one `mtaudit audit` (or `check`) process writing format `fmt` (with `--select`
    `select`, when given); print and return (peak MiB, CPU seconds, wall seconds)."""
    command = [sys.executable, "-m", "mtaudit", command_name, *arguments, "--format", fmt, "-o", str(report)]
    command += ["--select", select] if select else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
        raise SystemExit(f"{label}: exit {code}\n{error[-2000:]}")
    # CPU of the process and every descendant it waited for (RUSAGE_CHILDREN grows by exactly that)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak = usage.ru_maxrss / 1024  # Linux reports KiB
    print(f"{label:<28} peak {peak:7.0f} MiB   CPU {cpu:7.1f} s   wall {wall:7.1f} s", flush=True)
    return peak, cpu, wall


def trace(megabytes: float, folder: Path) -> None:
    """Where the memory of one article's audit goes: the top allocation sites at the peak."""
    import tracemalloc

    from mtaudit.pipeline import AuditOptions, audit
    from mtaudit.records import Document

    path = folder / "trace.txt"
    build_article(path, megabytes)
    text = path.read_text(encoding="utf-8")
    audit([Document("warm-up", text[:3000], target_lang="en")], AuditOptions())  # load the resources first
    tracemalloc.start(8)
    result = audit([Document("trace", text, target_lang="en")], AuditOptions())
    current, peak = tracemalloc.get_traced_memory()
    snapshot = tracemalloc.take_snapshot()
    print(f"{megabytes} MB article: traced peak {peak / 2**20:.0f} MiB, held after the audit {current / 2**20:.0f} MiB, {len(result.documents[0].findings)} findings")
    for stat in snapshot.statistics("lineno")[:15]:
        print(f"  {stat.size / 2**20:7.1f} MiB  {stat.count:9,d} blocks  {stat.traceback[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2,20", help="article sizes in MB, comma-separated (empty: none)")
    parser.add_argument("--lines", default="1000000", help="JSONL line counts, comma-separated (0: none)")
    parser.add_argument("--tracemalloc", type=float, metavar="MB", help="only profile one article of this size in this process")
    parser.add_argument("--format", default=None, help="the report's format (default json; with --check, text: the verdicts)")
    parser.add_argument("--check", action="store_true", help="run `mtaudit check` (the gate) instead of `mtaudit audit`")
    parser.add_argument("--select", metavar="RULES", help="pass --select RULES (fewer rules: a faster run of the same streaming)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mtaudit-memory-") as name:
        folder = Path(name)
        if args.tracemalloc:
            trace(args.tracemalloc, folder)
            return
        fmt = args.format or ("text" if args.check else "json")
        command_name = "check" if args.check else "audit"
        articles: dict[float, tuple[float, float, float]] = {}
        for size in [float(s) for s in args.sizes.split(",") if s]:
            path = folder / f"article-{size:g}mb.txt"
            build_article(path, size)
            articles[size] = measure(f"{size:g} MB article", [str(path), "--target-lang", "en"], folder / "report", fmt, command_name, args.select)
        for lines in [int(n) for n in args.lines.split(",") if n.strip() and int(n)]:
            path = folder / f"segments-{lines}.jsonl"
            build_jsonl(path, lines)
            what = f"{command_name}, {fmt}" + (f", --select {args.select}" if args.select else "")
            measure(f"{lines:,} JSONL lines ({what})", [str(path)], folder / "report", fmt, command_name, args.select)
            path.unlink()
        if len(articles) >= 2:
            small, large = min(articles), max(articles)
            ratio = articles[large][1] / articles[small][1]
            print(f"CPU {large:g} MB / {small:g} MB: {ratio:.1f}× for {large / small:.0f}× the text (target ≤ 10×); peak {articles[large][0]:.0f} MiB (target < 400 MiB)")


if __name__ == "__main__":
    main()
