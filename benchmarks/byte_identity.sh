#!/usr/bin/env bash
# Proves that a refactoring changed no finding: the JSON reports of the zh→en and en→de MQM
# development segments, the clean-news folder, the French–English pairs (source checks) and the
# example article are hashed and compared with benchmarks/byte_identity.sha256.
#
#   bash benchmarks/byte_identity.sh           # compare (exit 1 and a diff of hashes on a change)
#   bash benchmarks/byte_identity.sh --record  # write the hashes anew (only when a change is meant)
#
# Only hashes are committed: the shared data stays outside the project.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MTAUDIT_SHARED:-../shared}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() {  # name, mtaudit audit arguments...
  local name=$1; shift
  python -m mtaudit audit "$@" --format json -o "$tmp/$name.json" || [ $? -eq 1 ]
  printf '%s  %s\n' "$(sha256sum < "$tmp/$name.json" | cut -d' ' -f1)" "$name"
}
{
  run mqm-ted-zhen-dev "$shared/data/mqm-ted-zhen-dev/segments.jsonl"
  run mqm-ted-ende-dev "$shared/data/mqm-ted-ende-dev/segments.jsonl"
  run clean-news-en-dev "$shared/data/clean-news-en-dev" --target-lang en
  run example fixtures/example-fr-en-news.txt
  run newstest2012-fr-en-dev "$shared/data/newstest2012-fr-en-dev/pairs.jsonl"
} > "$tmp/hashes"
if [ "${1:-}" = "--record" ]; then
  cp "$tmp/hashes" benchmarks/byte_identity.sha256
  cat benchmarks/byte_identity.sha256
elif diff benchmarks/byte_identity.sha256 "$tmp/hashes"; then
  echo "byte-identical: $(wc -l < "$tmp/hashes") reports"
else
  echo "reports changed (left: recorded, right: now)" >&2
  exit 1
fi
