#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# The sysram commands end to end, in the VM, against QEMU's CXL devices and
# the patched kernel: create-sysram with each online type and --no-online,
# checked with the kernel's own views (each memory block's state and zone,
# /proc/meminfo, the node's meminfo, /proc/iomem) and cxl list; offline,
# online with another type, destroy; the dax path still works beside it;
# every error path leaves nothing behind; the kernel log stays clean.
# Works on the 'single' (1 memdev) and 'interleave' (2 memdevs) presets.
. "$(dirname "$0")/common"

rc=1
set -ex
trap 'err $LINENO' ERR
check_prereq jq
check_prereq numactl

mems=$("$CXL" list -M | jq -r '.[].memdev' | sort | xargs)
nr_mems=$(echo $mems | wc -w)
[ "$nr_mems" -ge 1 ]
decoder=$("$CXL" list -D -d root | jq -r '[.[] | select(.volatile_capable == true)][0].decoder')
[ "$decoder" != null ]
base_total=$(mem_total_kb)

# no region, decoder allocation or hot-plugged memory left
check_clean()
{
	[ "$("$CXL" list -R | jq 'length')" = 0 ] || "$CXL" list -R | grep -q '^$'
	for d in /sys/bus/cxl/devices/decoder*; do
		[ -f "$d/dpa_size" ] || continue
		[ "$(cat "$d/dpa_size")" = 0x0 ]
	done
	! grep -q "System RAM (CXL)" /proc/iomem
	[ "$(mem_total_kb)" = "$base_total" ]
}

# check_plugged REGION TYPE: every block of the region online, in the zone
# the type asks for, and the kernel's totals grown by the region's size
check_plugged()
{
	local region=$1 type=$2 start size node blocks b zone
	read -r start size <<< "$(region_range "$region")"
	node=$("$CXL" list -r "$region" | jq -r '.[0].sysram.target_node')
	blocks=$(blocks_in "$start" "$size")
	[ "$(echo "$blocks" | wc -w)" = $((size / $(block_size))) ]
	for b in $blocks; do
		[ "$(cat "$b/state")" = online ]
		zone=$(cat "$b/valid_zones")
		case $type in
		online_movable) [ "$zone" = Movable ] ;;
		online_kernel) [ "$zone" = Normal ] ;;
		esac
		[ -d "$b/node$node" ]
	done
	[ $(($(mem_total_kb) - base_total)) = $((size / 1024)) ]
	[ "$(node_total_kb "$node")" -ge $((size / 1024)) ]
	grep -qi "$(printf '%x' "$start")-.* : System RAM (CXL)" /proc/iomem
	[ "$("$CXL" list -r "$region" | jq -r '.[0].sysram.state')" = "$type" ]
}

check_unplugged()
{
	local region=$1 start size
	read -r start size <<< "$(region_range "$region")"
	[ -z "$(blocks_in "$start" "$size")" ]
	[ "$(mem_total_kb)" = "$base_total" ]
	[ "$("$CXL" list -r "$region" | jq -r '.[0].sysram.state')" = unplugged ]
}

create()
{
	"$CXL" create-sysram -m $mems -d "$decoder" "$@" > /tmp/create.json
	jq -r .region /tmp/create.json
}

# each online type: create, check, offline, online with another, destroy
for type in online_movable online_kernel online; do
	region=$(create --online-type "$type")
	[ "$(jq -r .sysram.sysram /tmp/create.json)" = "sys$region" ] ||
		[ "$(jq -r .sysram.sysram /tmp/create.json)" = "sysram_$region" ]
	[ "$(jq -r .interleave_ways /tmp/create.json)" = "$nr_mems" ]
	check_plugged "$region" "$type"
	"$CXL" offline-sysram "$region"
	check_unplugged "$region"
	other=online_movable
	[ "$type" = online_movable ] && other=online_kernel
	"$CXL" online-sysram --online-type "$other" "$region"
	check_plugged "$region" "$other"
	# destroy refuses while online, and changes nothing
	! "$CXL" destroy-sysram "$region" 2> /tmp/err
	grep -q "memory is $other" /tmp/err
	check_plugged "$region" "$other"
	"$CXL" destroy-sysram -f "$region"
	check_clean
done

# --no-online: the region exists, nothing plugged; online it later
region=$(create --no-online)
check_unplugged "$region"
"$CXL" list -N -r "$region" | jq -e '.[0].sysram.state == "unplugged"'
"$CXL" online-sysram "$region"
check_plugged "$region" online_movable
"$CXL" offline-sysram "$region"
"$CXL" destroy-sysram "$region"
check_clean

# errors: a bad online type writes nothing; --private fails on this kernel
# and rolls everything back
! "$CXL" create-sysram -m $mems --online-type bogus 2> /tmp/err
grep -q "bogus: invalid online type" /tmp/err
check_clean
! "$CXL" create-sysram -m $mems -d "$decoder" --private 2> /tmp/err
grep -q "private NUMA nodes" /tmp/err
grep -q "rolling back" /tmp/err
check_clean

# offline while memory is in use: unmovable page tables of a process bound
# to the node, in ZONE_NORMAL; -EBUSY reported, state unchanged
region=$(create --online-type online_kernel)
node=$("$CXL" list -r "$region" | jq -r '.[0].sysram.target_node')
numactl --membind="$node" python3 -c '
import mmap, time
m = mmap.mmap(-1, 256 << 20)
for i in range(0, len(m), 4096):
    m[i] = 1
open("/tmp/pinned", "w").close()
time.sleep(600)
' &
pinner=$!
for i in $(seq 100); do [ -e /tmp/pinned ] && break; sleep 0.2; done
[ -e /tmp/pinned ]
! "$CXL" offline-sysram "$region" 2> /tmp/err
grep -q "memory in use" /tmp/err
check_plugged "$region" online_kernel
kill $pinner
wait $pinner || true
"$CXL" offline-sysram "$region"
"$CXL" destroy-sysram "$region"
check_clean

# memctrl=auto still gives the dax path: no regression
region=$("$UPSTREAM_CXL" create-region -t ram -m $mems -d "$decoder" | jq -r .region)
[ -d "/sys/bus/cxl/devices/$region/dax_region${region#region}" ]
[ "$(cat /sys/bus/cxl/devices/$region/memctrl)" = auto ]
"$CXL" list -r "$region" | jq -e '.[0] | has("sysram") | not'
dax=$("$DAXCTL" list -r "${region#region}" | jq -r '.[0].chardev')
"$DAXCTL" reconfigure-device --mode=system-ram --force "$dax" ||
	"$DAXCTL" online-memory "$dax"
[ "$(mem_total_kb)" -gt "$base_total" ]
"$DAXCTL" offline-memory "$dax"
"$UPSTREAM_CXL" destroy-region -f "$region"
check_clean

check_dmesg "$LINENO"
echo "test/cxl-sysram.sh: all passed"
