#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# cxl list shows each region's memctrl, so that a disabled sysram region
# does not pass for plain RAM: on fixture trees (test/with-fixture.sh),
# checked with jq.  A kernel without memctrl keeps upstream's output byte
# for byte.  Prints TAP.
#
# usage: list-memctrl.sh (env: CXL=our cxl, UPSTREAM=the distribution's,
#        FIXTURE=test/fixture.sh)
set -u
: "${CXL:?}" "${FIXTURE:?}"
UPSTREAM=${UPSTREAM:-/usr/bin/cxl}
wf=$(dirname "$FIXTURE")/with-fixture.sh
R=devices/platform/ACPI0017:00/root0/decoder0.0
n=0 failed=0

# t NAME FIXTURE-ARGS... -- SHELL-CODE: the code runs over the fixture
t() {
	local name=$1 out
	shift
	n=$((n + 1))
	if out=$("$wf" "$@" 2>&1); then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		echo "$out" | sed 's/^/# /'
		failed=$((failed + 1))
	fi
}
export CXL UPSTREAM

# jq expression on our "cxl list -R -i", failing with the output shown
holds='o=$("$CXL" list -R -i) && echo "$o" | jq -e "$0" >/dev/null ||
	{ echo "$o"; exit 1; }'

MIX="memdevs=2 region=0:ram:sysram sysram=0:online_movable:online_movable:0:1
	region=3:ram:sysram sysram=3:unplugged:online_movable:0:1 unbound=3
	rm=$R/region3/driver region=5:ram:dax region=4:ram:auto region=1:pmem:pmem"
# shellcheck disable=SC2086
{
t "an enabled sysram region: memctrl sysram, and its sysram object" $MIX -- \
	sh -c "$holds" '.[] | select(.region == "region0") |
		.memctrl == "sysram" and .sysram.sysram == "sysram_region0"'
t "a disabled sysram region: memctrl sysram, state disabled" $MIX -- \
	sh -c "$holds" '.[] | select(.region == "region3") |
		.memctrl == "sysram" and .state == "disabled" and
		.sysram.state == "unplugged"'
t "dax, auto and pmem regions say so" $MIX -- \
	sh -c "$holds" '[.[] | {(.region): .memctrl}] | add |
		.region5 == "dax" and .region4 == "auto" and .region1 == "pmem"'
t "memctrl comes before the sysram object" $MIX -- \
	sh -c '"$CXL" list -r region0 | tr -d " \n" |
		grep -q "\"memctrl\":\"sysram\",\"sysram\":{"'
# memctrl sysram, but no sysram_region3 (unregistered): still not RAM
t "memctrl sysram without a sysram device is shown" memdevs=2 \
	region=3:ram:sysram rm=$R/region3/driver -- \
	sh -c "$holds" '.[0].region == "region3" and .[0].memctrl == "sysram"'
t "a kernel without memctrl: upstream's output, byte for byte" memdevs=2 \
	region=0:ram:auto rm=$R/region0/memctrl region=4:ram:auto \
	rm=$R/region4/memctrl rm=bus/cxl/drivers/cxl_sysram_region -- \
	bash -c 'cmp <("$CXL" list -R -i) <("$UPSTREAM" list -R -i)'
t "no sysram region: upstream's output, byte for byte" memdevs=2 \
	region=5:ram:dax region=4:ram:auto -- \
	bash -c 'cmp <("$CXL" list -R -i -u) <("$UPSTREAM" list -R -i -u)'
}
echo "1..$n"
[ "$failed" = 0 ]
