#!/bin/bash
# Issue 9 measurements: MQM zh→en and en→de talks scored per talk (tune on one, confirm on the
# other), and clean news findings per 1,000 words. Run from the repository root with the venv
# active and PYTHONPATH=$PWD. Usage: bash benchmarks/issue9_measure.sh TAG
# Reads ../shared/data (never copied into the repository); writes /tmp/det/.
set -e
T=${1:-x}
D=${DATA:-$(cd "$(dirname "$0")/../.." && pwd)/shared/data}
mkdir -p /tmp/det
python - "$D" <<'SPLIT'
import collections, json, sys
for pair in ("zhen", "ende"):
    by = collections.defaultdict(list)
    for line in open(f"{sys.argv[1]}/mqm-ted-{pair}-dev/segments.jsonl", encoding="utf-8"):
        by[json.loads(line)["doc"]].append(line)
    for talk, lines in by.items():
        open(f"/tmp/det/{pair}-{talk}.jsonl", "w", encoding="utf-8").writelines(lines)
SPLIT
S=$D/../eval/score_spans.py
python -m mtaudit audit $D/mqm-ted-zhen-dev/segments.jsonl --format json -o /tmp/det/zh-$T.json
python -m mtaudit audit $D/mqm-ted-ende-dev/segments.jsonl --format json -o /tmp/det/de-$T.json
python -m mtaudit audit $D/clean-news-en-dev --target-lang en --format json -o /tmp/det/c-$T.json
python - "$S" "$T" <<'SCORE'
import json, subprocess, sys
score, tag = sys.argv[1], sys.argv[2]
print("split        char_P  find_P  findings  fp/clean  punct_R  spell_R  kendall")
for split, report in (("zhen-talk.2", "zh"), ("zhen-talk.5", "zh"), ("ende-talk.3", "de"), ("ende-talk.5", "de")):
    out = subprocess.run([sys.executable, score, f"/tmp/det/{split}.jsonl", f"/tmp/det/{report}-{tag}.json", "--json"], capture_output=True, text=True, check=True)
    d = json.loads(out.stdout)
    r = d["recall_by_gold_category"]
    recall = lambda c: f"{r[c][0]}/{r[c][1]}" if c in r else "-"
    print(f"{split:12} {d['char_precision']:6.3f}  {d['finding_precision']:6.3f}  {d['findings']:8}  {d['fp_per_clean_segment']:8.4f}  "
          f"{recall('Fluency/Punctuation'):>7}  {recall('Fluency/Spelling'):>7}  {d['kendall_tau']:7.3f}")
report = json.load(open(f"/tmp/det/c-{tag}.json"))
words = sum(d["words"] for d in report["documents"])
found = sum(len(d["findings"]) for d in report["documents"])
print(f"clean news: {found} findings, {words} words, {1000 * found / words:.3f} per 1,000 words")
SCORE
