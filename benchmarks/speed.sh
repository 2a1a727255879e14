#!/usr/bin/env bash
# Speed and memory of the default audit, against Hunspell's `hunspell -a` pipe over the same
# segments, whole processes, in one run. Usage: bash benchmarks/speed.sh [SEGMENTS.jsonl]
set -euo pipefail
data=${1:-../shared/data/mqm-ted-zhen-dev/segments.jsonl}
tmp=$(mktemp -d)
python3 -c "import json,sys; [print(json.loads(l)['target']) for l in open(sys.argv[1], encoding='utf-8')]" "$data" > "$tmp/targets.txt"
measure() {  # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" > /dev/null
  read -r seconds kib < "$tmp/time"
  printf '%-34s %6.2f s  %6.0f MiB\n' "$label" "$seconds" "$((kib / 1024))"
}
for round in 1 2 3; do
  echo "round $round"
  if command -v hunspell >/dev/null; then measure "hunspell -a -d en_US" hunspell -a -d en_US "$tmp/targets.txt"; fi
  measure "mtaudit audit (JSON)" mtaudit audit "$data" --format json -o "$tmp/r.json"
  measure "mtaudit audit example (cold)" mtaudit audit fixtures/example-fr-en-news.txt
done
rm -rf "$tmp"
