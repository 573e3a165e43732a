#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# 'cxl list -N' through our front end against the distribution's
# 'cxl list -R' on the same fixture trees of 64, 1024 and 4096 extents (one
# Dynamic Capacity sysram region), in one run, times in ms: the fastest of several runs
# of each, and what the front end adds (delegation, JSON parse, extents,
# merge) next to upstream's own listing.  Target: linear growth in extents,
# and the front end's own cost small next to upstream's listing.
#
# usage (from the host): scripts/env.sh run bench/list-extents.sh [BUILDDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[ -x "$build/cxl/cxl" ] || ninja -C "$build" cxl/cxl >/dev/null
rounds=${ROUNDS:-7}

# best_ms CMD...: the fastest of $rounds runs, in milliseconds
best_ms() {
	local i t0 t best=
	for ((i = 0; i < rounds; i++)); do
		t0=$(date +%s%N)
		"$@" > /dev/null
		t=$((($(date +%s%N) - t0) / 1000))
		[ -z "$best" ] || [ "$t" -lt "$best" ] && best=$t
	done
	echo "scale=1; $best / 1000" | bc
}
export -f best_ms
export rounds build

# ours -R: delegation, parse and merge without extents; ours -N: with them
printf '%8s %12s %10s %10s %12s %14s\n' extents "upstream -R" "ours -R" \
	"ours -N" "-N / up -R" "extents (ms)"
for n in 64 1024 4096; do
	read -r up ours_r ours < <(test/with-fixture.sh memdevs=2 \
		region=0:ram:sysram sysram=0:online_movable:unplugged:0:1 \
		region=1:dynamic_ram_1:sysram sysram=1:online:online:0:1 \
		"extents=1:$n" -- bash -c '
		[ "$("$build/cxl/cxl" list -N | jq "[.[].extents // [] | length] | add")" = '"$n"' ] ||
			{ echo "wrong extent count" >&2; exit 1; }
		echo "$(best_ms /usr/bin/cxl list -R)" \
			"$(best_ms "$build/cxl/cxl" list -R)" \
			"$(best_ms "$build/cxl/cxl" list -N)"')
	printf '%8d %12s %10s %10s %12s %14s\n' "$n" "$up" "$ours_r" "$ours" \
		"$(echo "scale=2; $ours / $up" | bc)" \
		"$(echo "$ours - $ours_r" | bc)"
done
