#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# run.sh TARGET CORPUS [SECONDS | -runs=N]: one libFuzzer target for a
# while, on its corpus in the tree (read only: new inputs go to a scratch
# directory), as one TAP test case.  It passes when libFuzzer ends on its
# own with no crash, leak, timeout, out-of-memory or sanitizer report.
# The figures (executions, seconds, executions per second) are printed
# on the result line; a failing input is printed in hex and kept.
set -uo pipefail

exe=$1 corpus=$2 limit=${3:-5}
name=$(basename "$exe")
keep=${FUZZ_ARTIFACTS:-$(dirname "$exe")/fuzz-artifacts}
work=$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/new" "$work/art"

case $limit in
-runs=*) limit_arg=$limit ;;
*) limit_arg=-max_total_time=$limit ;;
esac
echo "1..1"
t0=$(date +%s.%N)
"$exe" "$limit_arg" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/art/" "$work/new" "$corpus" > "$work/log" 2>&1
rc=$?
t1=$(date +%s.%N)

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
rate=$(awk -v n="${execs:-0}" -v a="$t0" -v b="$t1" \
	'BEGIN { printf "%d", (b > a) ? n / (b - a) : 0 }')
crashes=$(find "$work/art" -type f | wc -l)
reports=$(grep -cE '^(==[0-9]+==ERROR|SUMMARY: (Address|UndefinedBehavior|Leak)Sanitizer)|runtime error:|^fuzz: .*property failed' "$work/log")
summary="$name: ${execs:-0} executions in $secs s ($rate/s), $crashes crashes, $reports sanitizer reports"

if [ "$rc" = 0 ] && [ "$crashes" = 0 ] && [ "$reports" = 0 ] && [ -n "$execs" ]; then
	echo "ok 1 - $summary"
	exit 0
fi
echo "not ok 1 - $summary (libFuzzer exit $rc)"
grep -vE '^#[0-9]+' "$work/log" | tail -n 40 | sed 's/^/# /'
mkdir -p "$keep"
for f in "$work"/art/*; do
	[ -f "$f" ] || continue
	cp "$f" "$keep/$name-$(basename "$f")"
	echo "# input kept as $keep/$name-$(basename "$f"):"
	od -An -c "$f" | head -n 8 | sed 's/^/#  /'
done
exit 1
