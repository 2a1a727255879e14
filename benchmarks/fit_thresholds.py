"""Fit the `lm.surprisal` line for findings without an edit (`WORD_ONLY_MADS`) on MQM data.

    python benchmarks/fit_thresholds.py /work/shared/data/mqm-ted-zhen-dev/segments.jsonl

Audits the segments once with the fast checks and then with `--lm ngram` for each candidate
value, scores every report with the shared scorer (`score_spans.py`), prints one row per value
and the value it picks: the smallest that keeps char precision at least the fast checks' and
false findings per error-free segment at most 0.05 (the issue's bar), so the model adds as many
findings as it can without making the report less trustworthy. Not a test: it reads the shared
evaluation data, which stays outside the repository.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from mtaudit.checks import surprisal
from mtaudit.options import AuditOptions, EvidenceOptions
from mtaudit.pipeline import audit
from mtaudit.reader import read_inputs

SCORER = "/work/shared/eval/score_spans.py"
CANDIDATES = (0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0)
MAX_FP_PER_CLEAN = 0.05


def score(gold: str, options: AuditOptions, folder: Path, name: str) -> dict[str, float]:
    """The shared scorer's figures for one audit of `gold`."""
    documents = read_inputs([gold]).documents
    report = folder / f"{name}.json"
    report.write_text(json.dumps(audit(documents, options).to_dict(), ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, SCORER, gold, str(report), "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", help="MQM segments (JSONL with gold spans)")
    args = parser.parse_args()
    keys = ("char_precision", "char_f1", "finding_precision", "findings", "fp_per_clean_segment", "pairwise_acc", "kendall_tau")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        fast = score(args.gold, AuditOptions(), folder, "fast")
        print("setting", *keys, sep="\t")
        print("fast", *(fast[k] for k in keys), sep="\t")
        chosen = None
        for value in CANDIDATES:
            surprisal.WORD_ONLY_MADS = value
            figures = score(args.gold, AuditOptions(evidence=EvidenceOptions(lm="ngram", use_cache=False)), folder, f"lm{value}")
            print(f"ngram k={value}", *(figures[k] for k in keys), sep="\t")
            fits = figures["char_precision"] >= fast["char_precision"] and figures["fp_per_clean_segment"] <= MAX_FP_PER_CLEAN
            if fits and chosen is None:
                chosen = value
    print(f"WORD_ONLY_MADS = {chosen}" if chosen is not None else "no candidate meets the bar")


if __name__ == "__main__":
    main()
