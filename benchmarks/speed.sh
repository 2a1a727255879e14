#!/usr/bin/env bash
# Speed and memory of the default audit, against Hunspell's `hunspell -a` pipe over the same
# segments, whole processes, in one run. Usage: bash benchmarks/speed.sh [SEGMENTS.jsonl] [ROUNDS]
#
# Each round prints wall time, CPU time (user + system, of the process and the children it
# waited for: the local engine's workers) and peak memory; the last lines give the medians and
# the ratios hunspell / mtaudit. On a machine shared with other jobs, compare the CPU columns:
# wall time depends on how many cores are free (the default audit of a large file uses a process
# pool), CPU time much less. Pin both to one core with `taskset -c 0 bash benchmarks/speed.sh`.
#
# mtaudit runs as on a user's machine: Python's bytecode cache (`.pyc`) written and read
# (`env -u PYTHONDONTWRITEBYTECODE`; a development environment that sets it would compile every
# module on every run), and one untimed audit of each input before the rounds warms it, as it
# does mtaudit's cache of parsed dictionaries (`mtaudit/filecache.py`).
set -euo pipefail
data=${1:-../shared/data/mqm-ted-zhen-dev/segments.jsonl}
rounds=${2:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -c "import json,sys; [print(json.loads(l)['target']) for l in open(sys.argv[1], encoding='utf-8')]" "$data" > "$tmp/targets.txt"
measure() {  # key, label, command...
  local key=$1 label=$2; shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" > /dev/null
  read -r seconds user system kib < "$tmp/time"
  cpu=$(python3 -c "print(f'{$user + $system:.2f}')")
  printf '%-34s %6.2f s wall  %6.2f s CPU  %6.0f MiB\n' "$label" "$seconds" "$cpu" "$((kib / 1024))"
  echo "$seconds $cpu" >> "$tmp/$key"
}
audit() { env -u PYTHONDONTWRITEBYTECODE mtaudit audit "$@"; }
audit "$data" --format json -o "$tmp/r.json" > /dev/null   # warm the caches, untimed
audit fixtures/example-fr-en-news.txt > /dev/null
for round in $(seq "$rounds"); do
  echo "round $round"
  if command -v hunspell >/dev/null; then measure hunspell "hunspell -a -d en_US" hunspell -a -d en_US "$tmp/targets.txt"; fi
  measure audit "mtaudit audit (JSON)" env -u PYTHONDONTWRITEBYTECODE mtaudit audit "$data" --format json -o "$tmp/r.json"
  measure example "mtaudit audit example (cold)" env -u PYTHONDONTWRITEBYTECODE mtaudit audit fixtures/example-fr-en-news.txt
done
python3 - "$tmp" <<'EOF'
import statistics, sys
from pathlib import Path

def medians(key):
    path = Path(sys.argv[1]) / key
    if not path.exists():
        return None
    rows = [tuple(map(float, line.split())) for line in path.read_text().splitlines()]
    return statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)

labels = {"hunspell": "hunspell -a -d en_US", "audit": "mtaudit audit (JSON)", "example": "mtaudit audit example (cold)"}
found = {key: medians(key) for key in labels}
print("medians")
for key, label in labels.items():
    if found[key]:
        print(f"{label:<34} {found[key][0]:6.2f} s wall  {found[key][1]:6.2f} s CPU")
if found["hunspell"] and found["audit"]:
    (hw, hc), (aw, ac) = found["hunspell"], found["audit"]
    print(f"hunspell / mtaudit: {hw / aw:.2f}x wall, {hc / ac:.2f}x CPU (target: at least 2x, aim 3x)")
EOF
