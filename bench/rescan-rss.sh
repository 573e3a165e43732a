#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# Is a daemon that rescans every second flat in memory?  bench/rescan-rss
# runs the loop N times (default 3600, an hour at one rescan a second,
# without the sleeps) over a fixture of four sysram regions, two of them
# Dynamic Capacity with 64 extents each, once with cxl_sysram_refresh()
# and once with only cxl_sysram_region_refresh() for comparison, and
# prints the resident set and the heap in use along the way.  Figures,
# no verdict.
#
# usage (from the host): scripts/env.sh run bench/rescan-rss.sh [N] [BUILDDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3600}
build=${2:-build}
[ -x "$build/bench/rescan-rss" ] || ninja -C "$build" bench/rescan-rss >/dev/null

for mode in refresh region-refresh; do
	echo "== $mode, $n rescans"
	test/with-fixture.sh memdevs=2 \
		region=0:ram:sysram sysram=0:online_movable:online_movable:0:1 \
		region=1:ram:sysram sysram=1:unplugged:online_movable:0:1 \
		region=2:dynamic_ram_1:sysram sysram=2:online:online:0:1 \
		extents=2:64 \
		region=3:dynamic_ram_1:sysram sysram=3:online:online:0:1 \
		extents=3:64 -- \
		env CXL_SYSRAM_LOG=err "$build/bench/rescan-rss" "$n" "$mode"
done
