#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# Dynamic Capacity (DESIGN.md 4a) end to end in the VM, preset dcd: one
# device with a 1 GiB DC partition and no static capacity, whose extents
# the test adds and releases through QEMU's QMP while it runs (test/qmp,
# the VM runner's QMP channel).  Each extent is checked against the
# kernel's own views: the memory blocks of its range and their zone,
# /proc/iomem, MemTotal and the node's meminfo.
#
#   scripts/env.sh run scripts/vm.sh --preset dcd -- test/dcd.sh PHASE
#
#  extents:   create-sysram -t dynamic_ram_1, 1 extent and then 4 more
#             arrive, each online_movable in its own range; list -N and
#             list-extents agree with /proc/iomem; releases take them
#             away and the capacity comes back; destroy-sysram refuses a
#             region with extents online without -f, and with -f gives
#             every extent back to the device.
#  reject:    extents the region must refuse are left out of the Add DC
#             Response (the device no longer has them pending: releasing
#             them fails in QEMU), nothing is plugged, and the kernel log
#             says why: not aligned to the memory block size (2 MiB),
#             outside a region smaller than the partition, and any
#             untagged extent when the region has a uuid (QEMU's extents
#             are untagged).  Overlapping extents cannot be offered: QEMU
#             itself refuses to add a range it has given.
#  pinned:    the release of an extent whose memory cannot be migrated
#             reads release_pending, is retried, and completes once the
#             pin is dropped; the device gets it back only then.
#  unplugged: online_type unplugged: extents are taken and listed but not
#             plugged until online-sysram; a region disabled and enabled
#             again adopts the extents the device still holds.
. "$(dirname "$0")/common"

rc=1
set -ex
trap 'err $LINENO' ERR
check_prereq jq

QMP=/src/test/qmp
MIB=$((1 << 20))
mems=mem0

[ -d /sys/bus/cxl/devices/mem0/dynamic_ram_1 ] || {
	echo "kernel without Dynamic Capacity (no mem0/dynamic_ram_1)" >&2
	exit 1
}
[ "$("$CXL" list -R | jq length)" = 0 ] || [ -z "$("$CXL" list -R)" ]
base_total=$(mem_total_kb)

create()
{
	"$CXL" create-sysram -t dynamic_ram_1 -m $mems "$@" > /tmp/create.json ||
		return 1
	jq -er .region /tmp/create.json
}

extents_json() { "$CXL" list-extents -r "$1"; }
nr_extents() { extents_json "$1" | jq length; }

# wait_extents REGION N [STATE]: N extents listed, all in STATE if given
wait_extents()
{
	local i n s
	for i in $(seq 150); do
		n=$(nr_extents "$1")
		if [ "$n" = "$2" ]; then
			[ -z "$3" ] && return 0
			s=$(extents_json "$1" | jq -r '[.[].state] | unique | join(",")')
			[ "$s" = "$3" ] || [ "$n" = 0 ] && return 0
		fi
		sleep 0.2
	done
	echo "timed out waiting for $2 extents ${3:-} of $1" >&2
	extents_json "$1" >&2
	return 1
}

region_base() { printf '%d' "$(cat "/sys/bus/cxl/devices/$1/resource")"; }

# check_extents REGION TYPE: each listed extent's range is one /proc/iomem
# entry named after it with System RAM (CXL) under it, and its memory
# blocks are online in the zone TYPE asks for; MemTotal has grown by their
# total size.
check_extents()
{
	local region=$1 type=$2 base total=0 name off len start b zone
	base=$(region_base "$region")
	# (no process substitution: the guest has no /dev/fd)
	extents_json "$region" |
		jq -r '.[] | "\(.extent) \(.offset) \(.length)"' > /tmp/extents.txt
	while read -r name off len; do
		start=$((base + off))
		grep -q "^ *$(printf '%x-%x' $start $((start + len - 1))) : $name\$" /proc/iomem
		awk -v r="$(printf '%x-%x' $start $((start + len - 1)))" \
			'index($0, r " : " n) { getline; print }' n="$name" \
			/proc/iomem | grep -q "System RAM (CXL)"
		[ "$(blocks_in $start $len | wc -l)" = $((len / $(block_size))) ]
		for b in $(blocks_in $start $len); do
			[ "$(cat "$b/state")" = online ]
			zone=$(cat "$b/valid_zones")
			case $type in
			online_movable) [ "$zone" = Movable ] ;;
			online_kernel) [ "$zone" = Normal ] ;;
			esac
		done
		total=$((total + len))
	done < /tmp/extents.txt
	[ $(($(mem_total_kb) - base_total)) = $((total / 1024)) ]
	[ "$("$CXL" list -N -r "$region" | jq -r '.[0].sysram.size')" = "$total" ]
}

# device_lacks OFFSET:LEN: QEMU refuses to release the range: the host
# never accepted it, or gave it back
device_lacks()
{
	fails $QMP dc-release 0 "$1" 2> /tmp/qmp.err
	grep -q "non-existing DPA range" /tmp/qmp.err
}

# start_wait REGION COUNT: test/dc-wait waiting for COUNT extents, settled;
# end_wait: it must have been woken and have seen them
WAIT=${WAIT:-/src/build/test/dc-wait}
start_wait()
{
	local i
	"$WAIT" "$1" "$2" 30000 > /tmp/wait.out 2>&1 &
	wait_pid=$!
	for i in $(seq 100); do
		grep -q waiting /tmp/wait.out && return 0
		sleep 0.1
	done
	return 1
}
end_wait()
{
	wait "$wait_pid"
	grep "met in" /tmp/wait.out
}

# wait_log PATTERN: the kernel log has a line matching PATTERN (20 s)
wait_log()
{
	local i
	for i in $(seq 100); do
		dmesg | grep -q "$1" && return 0
		sleep 0.2
	done
	echo "no kernel log line matching: $1" >&2
	return 1
}

node_of() { "$CXL" list -N -r "$1" | jq -r '.[0].sysram.target_node'; }

phase_extents()
{
	local region node base_kb
	[ "$(cat /sys/bus/cxl/devices/mem0/dynamic_ram_1/size)" = 0x40000000 ]
	"$CXL" list -M -m mem0 | jq -e '.[0].dynamic_ram_1_size == 1073741824'

	region=$(create --online-type online_movable)
	"$CXL" list -N -r "$region" | jq -e '.[0].sysram |
		.size == 0 and .state == "unplugged" and
		.online_type == "online_movable" and
		.uuid == "00000000-0000-0000-0000-000000000000"'
	[ "$(nr_extents "$region")" = 0 ]
	node=$(node_of "$region")
	base_kb=$(node_total_kb "$node")

	# one extent; a management tool waiting through the library
	# (uevents) is woken when it is online
	start_wait "$region" 1
	$QMP dc-add 0 0:128M
	end_wait
	wait_extents "$region" 1 online_movable
	extents_json "$region" | jq -e --arg r "$region" '.[0] |
		.offset == 0 and .length == 134217728 and
		.region == $r and .state == "online_movable"'
	check_extents "$region" online_movable
	[ "$(node_total_kb "$node")" = $((base_kb + 128 * 1024)) ]

	# four more in one request, one Add DC Response
	$QMP dc-add 0 256M:128M 384M:128M 512M:128M 768M:256M
	wait_extents "$region" 5 online_movable
	check_extents "$region" online_movable
	"$CXL" list -N -r "$region" | jq -e '.[0].sysram |
		.size == 805306368 and .state == "online_movable"'
	[ "$(node_total_kb "$node")" = $((base_kb + 768 * 1024)) ]

	# the device takes one back: unplugged, then released
	start_wait "$region" 4
	$QMP dc-release 0 256M:128M
	end_wait
	wait_extents "$region" 4 online_movable
	check_extents "$region" online_movable
	device_lacks 256M:128M
	# two adjacent extents in one release record
	$QMP dc-release 0 384M:256M
	wait_extents "$region" 2 online_movable
	check_extents "$region" online_movable

	# destroy-sysram refuses while extents are online, then gives every
	# extent back to the device
	fails "$CXL" destroy-sysram "$region" 2> /tmp/err
	grep -q "$region" /tmp/err
	[ "$(nr_extents "$region")" = 2 ]
	"$CXL" destroy-sysram -f "$region"
	device_lacks 0:128M
	device_lacks 768M:256M
	check_clean
	check_dmesg "$LINENO"
}

phase_reject()
{
	local region uuid=5be13bce-ae34-4a77-b6c3-16df975fcf1a

	# a 512 MiB region in the 1 GiB partition
	region=$(create --online-type online_movable -s 512M)
	$QMP dc-add 0 0x3e00000:2M
	$QMP dc-add 0 768M:128M
	# and one it takes, so that the refusals above are known to be done
	$QMP dc-add 0 128M:128M
	wait_extents "$region" 1 online_movable
	extents_json "$region" | jq -e '.[0].offset == 134217728'
	check_extents "$region" online_movable
	dmesg | grep -q "extent DPA 0x3e00000+0x200000 .*rejected: not aligned to the memory block size"
	dmesg | grep -q "extent DPA 0x30000000+0x8000000 rejected: no committed Dynamic Capacity region maps it"
	device_lacks 0x3e00000:2M
	device_lacks 768M:128M
	"$CXL" destroy-sysram -f "$region"
	check_clean

	# a region with a uuid takes no untagged extent
	region=$(create --online-type online_movable -U $uuid)
	"$CXL" list -N -r "$region" | jq -e --arg u $uuid '.[0].sysram.uuid == $u'
	[ "$(cat /sys/bus/cxl/devices/sysram_$region/uuid)" = $uuid ]
	$QMP dc-add 0 0:128M
	wait_log "extent DPA 0x0+0x8000000 .*rejected: its tag is not the region's uuid"
	[ "$(nr_extents "$region")" = 0 ]
	[ "$(mem_total_kb)" = "$base_total" ]
	device_lacks 0:128M
	"$CXL" destroy-sysram "$region"
	check_clean
	check_dmesg "$LINENO"
}

phase_pinned()
{
	local region node ext
	region=$(create --online-type online_movable)
	node=$(node_of "$region")
	$QMP dc-add 0 0:256M
	wait_extents "$region" 1 online_movable
	ext=$(extents_json "$region" | jq -r '.[0].extent')
	# pages with extra references on the extent's node: migration
	# cannot move them, so the release cannot offline the memory
	start_pinner "$node" 64 splice
	$QMP dc-release 0 0:256M
	# the first attempt gives up after 2 s and says so
	wait_log "$ext: .*memory in use.*release pending"
	[ "$(extents_json "$region" | jq -r '.[0].state')" = release_pending ]
	# still the host's: the device has not got it back
	[ "$(mem_total_kb)" -gt "$base_total" ]
	sleep 4
	[ "$(nr_extents "$region")" = 1 ]
	stop_pinner
	wait_extents "$region" 0
	[ "$(mem_total_kb)" = "$base_total" ]
	device_lacks 0:256M

	# destroy with an extent online: refused without -f, then clean
	$QMP dc-add 0 256M:128M
	wait_extents "$region" 1 online_movable
	fails "$CXL" destroy-sysram "$region"
	"$CXL" destroy-sysram -f "$region"
	device_lacks 256M:128M
	check_clean
	check_dmesg "$LINENO"
}

phase_unplugged()
{
	local region
	region=$(create --no-online)
	$QMP dc-add 0 0:128M 512M:128M
	wait_extents "$region" 2 unplugged
	[ "$(mem_total_kb)" = "$base_total" ]
	fails grep -q "System RAM (CXL)" /proc/iomem
	"$CXL" online-sysram --online-type online_movable "$region"
	wait_extents "$region" 2 online_movable
	check_extents "$region" online_movable

	# disable and enable: the extents the device holds are adopted
	"$CXL" offline-sysram "$region"
	wait_extents "$region" 2 unplugged
	"$UPSTREAM_CXL" disable-region "$region"
	[ "$(nr_extents "$region")" = 0 ]
	"$UPSTREAM_CXL" enable-region "$region"
	wait_extents "$region" 2 unplugged
	dmesg | grep -q "sysram_$region: adopted 2 extents the device holds"
	extents_json "$region" | jq -e '[.[].offset] == [0, 536870912]'
	"$CXL" online-sysram --online-type online_movable "$region"
	wait_extents "$region" 2 online_movable
	check_extents "$region" online_movable
	"$CXL" destroy-sysram -f "$region"
	device_lacks 0:128M
	device_lacks 512M:128M
	check_clean
	check_dmesg "$LINENO"
}

case ${1:-} in
extents | reject | pinned | unplugged) "phase_$1" ;;
*) echo "usage: $0 extents|reject|pinned|unplugged" >&2; exit 2 ;;
esac
echo "test/dcd.sh $1: ok"
