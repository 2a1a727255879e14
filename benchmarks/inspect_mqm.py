"""Per-rule view of a report against MQM gold spans: hits, misses and the false flags.

    python benchmarks/inspect_mqm.py GOLD.jsonl REPORT.json [--rule PREFIX] [--show N]

Complements ../shared/eval/score_spans.py (the official figures) when tuning a check: for each rule,
how many findings touch a gold span, how many land on error-free segments, and examples of both.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold")
    parser.add_argument("report")
    parser.add_argument("--rule", default="")
    parser.add_argument("--show", type=int, default=8)
    args = parser.parse_args()
    gold = {}
    with open(args.gold, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            gold[record["id"]] = record
    with open(args.report, encoding="utf-8") as handle:
        report = json.load(handle)
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    examples: dict[str, list[str]] = defaultdict(list)
    for doc in report["documents"]:
        record = gold[doc["id"]]
        spans = [(g["start"], g["end"]) for g in record["gold"] if g["start"] is not None]
        for finding in doc["findings"]:
            if not finding["rule"].startswith(args.rule):
                continue
            hit = any(s < finding["end"] and finding["start"] < e for s, e in spans)
            row = stats[finding["rule"]]
            row[0] += 1
            row[1] += hit
            row[2] += not record["gold"]
            target = record["target"]
            context = target[max(0, finding["start"] - 30) : finding["start"]] + "[[" + finding["text"] + "]]" + target[finding["end"] : finding["end"] + 30]
            label = "HIT " if hit else ("CLEAN" if not record["gold"] else "miss")
            examples[finding["rule"]].append(f"  {label} {context!r} -> {finding['suggestions'][:1]}")
    for rule, (total, hits, clean) in sorted(stats.items()):
        print(f"{rule}: {total} findings, {hits} touch gold ({hits / total:.2f}), {clean} on clean segments")
        shown = sorted(examples[rule], key=lambda line: not line.startswith("  CLEAN"))[: args.show]
        print("\n".join(shown))


if __name__ == "__main__":
    main()
