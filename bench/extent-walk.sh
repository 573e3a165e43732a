#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# The library's cost per extent for a full walk (every attribute of every
# extent, fresh context), on fixture trees of 16, 256 and 4096 extents in
# one Dynamic Capacity sysram region, and the number of sysfs opens per
# extent counted with strace.  Target: linear growth, and no more reads per
# extent than it has attributes (4: offset, length, uuid, state).
#
# usage (from the host): scripts/env.sh run bench/extent-walk.sh [BUILDDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[ -x "$build/bench/extent-walk" ] || ninja -C "$build" bench/extent-walk >/dev/null

first=
printf '%8s %12s %14s %16s\n' extents "walk (us)" "per extent (us)" "opens per extent"
for n in 16 256 4096; do
	out=$(test/with-fixture.sh "region=0:dynamic_ram_1:sysram" \
		"sysram=0:online_movable:online_movable:0:1" "extents=0:$n" -- \
		sh -c "$build/bench/extent-walk 7 &&
		strace -f -e trace=openat,open -o /tmp/walk.trace \
			$build/bench/extent-walk 1 >/dev/null &&
		grep -c '/extent0\.[0-9]*/' /tmp/walk.trace")
	read -r count us <<< "$(echo "$out" | head -1)"
	opens=$(echo "$out" | tail -1)
	[ "$count" = "$n" ] || { echo "walked $count of $n extents" >&2; exit 1; }
	per=$(echo "$us / $n" | bc -l)
	printf '%8d %12.1f %14.3f %16.2f\n' "$n" "$us" "$per" \
		"$(echo "$opens / $n" | bc -l)"
	first=${first:-$per}
done
printf 'per-extent cost at 4096 / at 16: %.2f (1.00 = linear)\n' \
	"$(echo "$per / $first" | bc -l)"
