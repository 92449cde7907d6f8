#!/usr/bin/env bash
# run.sh - the assistant's quality and speed, as figures (not a test).
#
#   bench/assist/run.sh [N]   N generated articles for the latency run
#                             (default 10000; 0 skips it)
#
# Imports the demo help center (kb/en, kb/fi) into a fresh database,
# compares Tuki's ranking with a plain FTS5 BM25 baseline over the
# labelled questions in eval.tsv, then measures query latency with N
# more articles. Results go to stdout; docs/ASSISTANT.md has the last run.
set -euo pipefail
cd "$(dirname "$0")/../.."
extra=${1:-10000}
[ -d build ] || meson setup build
ninja -C build >/dev/null # always: a stale binary would measure old code
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/bench.db"
build/tuki kb import kb/en --db "sqlite:$db" >/dev/null
build/tuki kb import kb/fi --db "sqlite:$db" >/dev/null
echo "machine: $(nproc) cores, $(uname -r); $(date -u +%Y-%m-%d)"
if [ "$extra" -gt 0 ]; then
	build/bench_assist "$db" bench/assist/eval.tsv --latency "$extra"
else
	build/bench_assist "$db" bench/assist/eval.tsv
fi
