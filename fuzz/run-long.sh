#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# fuzz/run-long.sh [TARGET...]: the fuzz targets for a long run each,
# FUZZ_RUNS executions (default 10 million), FUZZ_JOBS of them at once
# (default 1), then a table: executions, seconds, executions per second,
# crashes and sanitizer reports.  Exits non-zero if any target failed;
# failing inputs are kept in build-fuzz/fuzz/fuzz-artifacts (FUZZ_BUILD
# names another build directory).  Not part of make check (make
# fuzz-long runs it).
set -uo pipefail
cd "$(dirname "$0")/.."

runs=${FUZZ_RUNS:-10000000}
jobs=${FUZZ_JOBS:-1}
dir=${FUZZ_BUILD:-build-fuzz}
if [ -f "$dir/build.ninja" ]; then
	meson setup --reconfigure "$dir" -Dfuzz=enabled -Ddocs=disabled
else
	CC=clang meson setup "$dir" -Dfuzz=enabled -Ddocs=disabled
fi > "$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; exit 1; }
ninja -C "$dir" fuzz > "$dir.build.log" 2>&1 || { cat "$dir.build.log"; exit 1; }

targets=("$@")
[ ${#targets[@]} -gt 0 ] ||
	mapfile -t targets < <(cd fuzz/corpus && ls)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%s\n' "${targets[@]}" |
	xargs -P "$jobs" -I{} sh -c \
		'fuzz/run.sh "$1/fuzz/fuzz-$2" "fuzz/corpus/$2" "-runs=$3" > "$4/$2" 2>&1' \
		sh "$dir" {} "$runs" "$out"

rc=0
printf '%-18s %12s %9s %9s %8s %8s\n' target executions seconds 'exec/s' \
	crashes reports
for t in "${targets[@]}"; do
	line=$(grep -E '^(not )?ok 1 - ' "$out/$t")
	# "fuzz-T: N executions in S s (R/s), C crashes, P sanitizer reports"
	read -r execs secs rate crashes reports < <(echo "$line" |
		sed -E 's/.*: ([0-9]+) executions in ([0-9.]+) s \(([0-9]+)\/s\), ([0-9]+) crashes, ([0-9]+) sanitizer.*/\1 \2 \3 \4 \5/')
	printf '%-18s %12s %9s %9s %8s %8s\n' "$t" "$execs" "$secs" "$rate" \
		"$crashes" "$reports"
	case $line in
	ok*) ;;
	*)
		rc=1
		sed -n '/^#/p' "$out/$t"
		;;
	esac
done
exit $rc
