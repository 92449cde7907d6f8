#!/usr/bin/env bash
# run-tests.sh - runs every test suite and prints one summary line,
# "N passed, M failed". Expects build/ and build-asan/ to be built
# (make test does that). Each suite runs even when an earlier one failed.
#
# The black-box and browser tests drive the ASan/UBSan build of the server,
# so a memory error or undefined behaviour anywhere fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
passed=0
failed=0

count() { passed=$((passed + $1)); failed=$((failed + $2)); }

# Reads "# pass N" / "# fail N" from a node TAP report.
# $1 the TAP file, $2 the suite's name, $3 node's exit status.
node_counts() {
	local p f c
	p=$(grep -E '^# pass [0-9]+' "$1" | tail -1 | awk '{print $3}')
	f=$(grep -E '^# fail [0-9]+' "$1" | tail -1 | awk '{print $3}')
	# A cancelled test (timed out, or its file crashed) is a failure too.
	c=$(grep -E '^# cancelled [0-9]+' "$1" | tail -1 | awk '{print $3}')
	f=$(( ${f:-0} + ${c:-0} ))
	if [ -z "$p" ]; then
		echo "run-tests: $2 produced no report" >&2
		count 0 1
	elif [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "run-tests: $2 exited $3 with no failed test counted" >&2
		count "$p" 1
	else
		count "$p" "$f"
	fi
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

echo "== unit tests (C, ASan+UBSan)"
meson test -C build-asan --print-errorlogs
unit_rc=$?
log=build-asan/meson-logs/testlog.txt
up=$(grep -hE '^# [0-9]+ passed, [0-9]+ failed' "$log" | awk '{s+=$2} END {print s+0}')
uf=$(grep -hE '^# [0-9]+ passed, [0-9]+ failed' "$log" | awk '{s+=$4} END {print s+0}')
[ "$unit_rc" -ne 0 ] && [ "$uf" -eq 0 ] && uf=1  # a program died before its summary
count "$up" "$uf"

echo "== source checks"
if scripts/check-source.sh; then count 1 0; else count 0 1; fi
if scripts/po-update.sh --check; then count 1 0; else count 0 1; fi

echo "== black-box HTTP tests (server built with ASan+UBSan)"
TUKI_BIN="$root/build-asan/tuki" node --test --test-concurrency=2 \
	--test-reporter=spec --test-reporter-destination=stdout \
	--test-reporter=tap --test-reporter-destination="$out/http.tap" \
	tests/http/*.test.mjs
node_counts "$out/http.tap" "http tests" $?

echo "== browser tests (Chromium)"
TUKI_BIN="$root/build-asan/tuki" node --test --test-concurrency=1 \
	--test-reporter=spec --test-reporter-destination=stdout \
	--test-reporter=tap --test-reporter-destination="$out/browser.tap" \
	tests/browser/*.test.mjs
node_counts "$out/browser.tap" "browser tests" $?

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
