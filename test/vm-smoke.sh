#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# Smoke test of the baseline path (unpatched kernel, distribution ndctl) in
# the VM, preset 'single' (one 1 GiB volatile type-3 device):
#
#   scripts/env.sh run scripts/vm.sh --preset single -- /src/test/vm-smoke.sh
#
# RAM region on mem0 -> dax device -> kmem -> all memory online, checked in
# /proc/meminfo, the node's meminfo and every memory block; then offline and
# destroy, and check that everything is back to where it started.

set -ex

err()
{
	set +x
	echo "test/vm-smoke.sh: failed at line $1${2:+: $2}" >&2
	# What a reader wants to see next to the failure.
	cxl list -vvv >&2 || true
	daxctl list -iDR >&2 || true
	dmesg | tail -n 20 >&2 || true
	exit 1
}
trap 'err $LINENO' ERR

fail() { err "${BASH_LINENO[0]}" "$*"; }

# cxl/daxctl print one object for a single match and an array otherwise.
jqall() { jq -r "if type == \"array\" then .[] else . end | $1"; }

meminfo_kb() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
node_kb() { awk '$3 == "MemTotal:" { print $4 }' "/sys/devices/system/node/node$1/meminfo"; }

GiB_kb=$((1024 * 1024))
block=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))

# Memory block numbers covering [start, start + size).
blocks_of() { seq $(($1 / block)) $((($1 + $2) / block - 1)); }

# --- the device and the root decoder ---------------------------------------

memdev=$(cxl list -M | jqall .memdev)
[ "$memdev" = mem0 ] || fail "expected exactly mem0, found '$memdev'"
[ "$(cxl list -m mem0 | jqall .serial)" = $((0x5000)) ] ||
	fail "mem0 serial is not the preset's 0x5000"
[ -z "$(cxl list -R)" ] || [ "$(cxl list -R)" = "[]" ] ||
	fail "a region exists before the test"

# The root decoder whose window can hold volatile memory.
decoder=$(cxl list -D -d root |
	jqall 'select(.volatile_capable == true) | .decoder' | head -1)
[ -n "$decoder" ] || fail "no volatile-capable root decoder"

total0=$(meminfo_kb MemTotal)

# --- up: region -> dax -> system-ram online --------------------------------

region=$(cxl create-region -t ram -m mem0 -d "$decoder" | jqall .region)
[ -n "$region" ] && [ -d "/sys/bus/cxl/devices/$region" ] ||
	fail "create-region made no region"
id=${region#region}
start=$(($(cxl list -r "$region" | jqall .resource)))
size=$(($(cxl list -r "$region" | jqall .size)))
[ "$size" = $((1 << 30)) ] || fail "region size $size, expected 1 GiB"

dax=$(daxctl list -r "$id" -D | jqall .chardev)
[ -n "$dax" ] || fail "no dax device for $region"
mode=$(daxctl list -d "$dax" | jqall .mode)
if [ "$mode" = system-ram ]; then
	# Already bound to kmem with the blocks added offline
	# (memhp_default_state=offline): online them.
	daxctl online-memory "$dax"
else
	daxctl reconfigure-device --mode=system-ram "$dax"
fi

node=$(cat "/sys/bus/dax/devices/$dax/target_node")
[ "$node" -ge 0 ] || fail "dax device has no target node"

total1=$(meminfo_kb MemTotal)
[ $((total1 - total0)) = $GiB_kb ] ||
	fail "MemTotal grew by $((total1 - total0)) kB, expected $GiB_kb"
[ "$(node_kb "$node")" = $GiB_kb ] ||
	fail "node$node MemTotal is $(node_kb "$node") kB, expected $GiB_kb"

n=0
for b in $(blocks_of "$start" "$size"); do
	state=$(cat "/sys/devices/system/memory/memory$b/state")
	[ "$state" = online ] || fail "memory$b is $state"
	n=$((n + 1))
done
[ "$n" = $((size / block)) ] && [ "$n" -gt 0 ] || fail "counted $n blocks"
echo "vm-smoke: $region $dax node$node: $n blocks online"

# --- down: offline, destroy ------------------------------------------------

daxctl offline-memory "$dax"
[ "$(meminfo_kb MemTotal)" = "$total0" ] ||
	fail "MemTotal $(meminfo_kb MemTotal) kB after offline, expected $total0"
for b in $(blocks_of "$start" "$size"); do
	[ "$(cat "/sys/devices/system/memory/memory$b/state")" = offline ] ||
		fail "memory$b not offline"
done

cxl destroy-region -f "$region"
[ ! -e "/sys/bus/cxl/devices/$region" ] || fail "$region still exists"
[ ! -e "/sys/bus/dax/devices/$dax" ] || fail "$dax still exists"
for b in $(blocks_of "$start" "$size"); do
	[ ! -e "/sys/devices/system/memory/memory$b" ] ||
		fail "memory$b still exists"
done
[ "$(meminfo_kb MemTotal)" = "$total0" ] || fail "MemTotal changed"
# The node goes offline with its last memory, or at least has none left.
[ ! -e "/sys/devices/system/node/node$node" ] || [ "$(node_kb "$node")" = 0 ] ||
	fail "node$node still has memory"

set +x
echo "vm-smoke: PASS"
