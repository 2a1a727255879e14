"""How the audit of one document grows with its size: each doubling should about double the time.

    python benchmarks/scaling.py [TEXT_DIR] [--sizes 250000,500000,1000000,2000000]

Builds documents of the given sizes (characters) from the texts of TEXT_DIR (default: the clean
news), audits each in this process once the resources are loaded, and prints seconds, seconds per
megabyte and the ratio to the previous size. A ratio well above 2 per doubling means a check does
quadratic work somewhere (an earlier one took a 2 MB article from 8 s to 68 s).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from mtaudit.pipeline import AuditOptions, audit
from mtaudit.records import Document


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("texts", nargs="?", default="../shared/data/clean-news-en-dev")
    parser.add_argument("--sizes", default="250000,500000,1000000,2000000")
    args = parser.parse_args()
    corpus = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(Path(args.texts).rglob("*.txt")))
    sizes = [int(size) for size in args.sizes.split(",")]
    while len(corpus) < max(sizes):
        corpus += "\n\n" + corpus
    audit([Document("warm-up", corpus[:2000], target_lang="en")], AuditOptions())  # load the resources
    previous = None
    for size in sizes:
        text = corpus[:size]
        started = time.perf_counter()
        result = audit([Document(f"{size}", text, target_lang="en")], AuditOptions())
        seconds = time.perf_counter() - started
        ratio = f"{seconds / previous:.2f}×" if previous else "—"
        print(f"{size / 1e6:5.2f} MB  {seconds:6.2f} s  {seconds / (size / 1e6):5.2f} s/MB  {ratio:>6}  {len(result.documents[0].findings)} findings")
        previous = seconds


if __name__ == "__main__":
    main()
