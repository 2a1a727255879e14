"""Recall of one MQM category, leaving out spans whose text is a given word (a house convention).

    python benchmarks/mqm_recall.py GOLD.jsonl REPORT.json --category Fluency/Spelling --exclude earth,sun [--show]

A gold span counts as found when any finding of the report overlaps it, as in
../shared/eval/score_spans.py. `--exclude` drops gold spans whose text, in lower case and without
a leading "the ", is one of the words (the MQM dev talks write "earth" and "sun" in lower case,
which the annotators marked as spelling errors: a house convention, not a translation artefact).
"""

from __future__ import annotations

import argparse
import json


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold")
    parser.add_argument("report")
    parser.add_argument("--category", default="Fluency/Spelling")
    parser.add_argument("--exclude", default="", help="comma-separated words")
    parser.add_argument("--show", action="store_true", help="print every span, found or missed")
    args = parser.parse_args()
    excluded = {w.strip().lower() for w in args.exclude.split(",") if w.strip()}
    with open(args.report, encoding="utf-8") as handle:
        findings = {doc["id"]: doc["findings"] for doc in json.load(handle)["documents"]}
    found = total = 0
    with open(args.gold, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            target = record["target"]
            for span in record["gold"]:
                if span["start"] is None or span["category"] != args.category:
                    continue
                text = target[span["start"] : span["end"]]
                if text.lower().strip().removeprefix("the ") in excluded:
                    continue
                total += 1
                hit = any(f["start"] < span["end"] and span["start"] < f["end"] for f in findings.get(record["id"], []))
                found += hit
                if args.show:
                    print("found " if hit else "missed", repr(text))
    print(f"{args.category} recall: {found}/{total} = {found / total:.3f}" if total else "no gold spans")


if __name__ == "__main__":
    main()
