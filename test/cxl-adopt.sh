#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# cxl create-sysram -r: a region made through the dax path, its memory
# online through kmem, adopted as a sysram region; in the VM (preset
# single), checked with the memory blocks, /proc/iomem, the node's
# meminfo, daxctl list and cxl list.  usage: cxl-adopt.sh PHASE
#
#   adopt:   an online dax region adopted (online_movable, --no-online,
#            online_kernel, last); a disabled one
#   devdax:  a devdax device a process has open, or only mapped, refused
#            with nothing changed, and adopted once the process is gone;
#            the failure of inject below puts it back in devdax mode.
#            Needs CONFIG_ZONE_DEVICE (exits 77 without)
#   pinned:  pages pinned in the dax memory (vmsplice): offlining retries
#            until the command is interrupted, then everything is as
#            before; the same with memory in ZONE_NORMAL that the kernel
#            cannot offline (a process's page tables): refused at once.
#            Last, as ZONE_NORMAL memory may stay for good.
#   inject:  the plug at bind made to fail (memory notifier error
#            injection, timed by the command's test hook), after the
#            region was disabled: the dax path is restored, for an online
#            system-ram device and for a disabled region
#   todax:   destroy-sysram --to-dax, the reverse: online and unplugged
#            memory handed to the dax path; the dax device's onlining made
#            to fail: the sysram region back as it was
. "$(dirname "$0")/common"

rc=1
set -ex
trap 'err $LINENO' ERR
check_prereq jq
check_prereq python3
check_prereq gcc

DEVS=/sys/bus/cxl/devices
decoder=$("$CXL" list -D -d root | jq -r '[.[] | select(.volatile_capable == true)][0].decoder')
[ "$decoder" != null ]
[ -d /sys/bus/cxl/drivers/cxl_sysram_region ]
base_total=$(mem_total_kb)
check_clean

# dax_region: a region made as upstream makes it, on the dax path; sets
# region, start, size
dax_region()
{
	region=$("$UPSTREAM_CXL" create-region -t ram -m mem0 -d "$decoder" |
		jq -r .region)
	[ -d "$DEVS/$region/dax_region${region#region}" ]
	read -r start size <<< "$(region_range "$region")"
}

# the dax device's JSON, or null
dax_json()
{
	"$DAXCTL" list -r "${region#region}" -D |
		jq -cs '[.[] | .. | objects | select(has("chardev"))][0]'
}

# everything the dax path shows of the region, to compare before/after
snapshot()
{
	cat "$DEVS/$region/memctrl"
	[ ! -e "$DEVS/sysram_$region" ] || echo "sysram_$region exists"
	"$CXL" list -r "$region"
	dax_json
	for b in $(blocks_in "$start" "$size"); do
		echo "$b $(cat "$b/state") $(cat "$b/valid_zones")"
	done
	mem_total_kb
	grep -iE 'dax|kmem|CXL|sysram' /proc/iomem || true
}

# check_dax_online MOVABLE: the dax device system-ram, every block online
check_dax_online()
{
	local j
	j=$(dax_json)
	[ "$(jq -r .mode <<< "$j")" = system-ram ]
	[ "$(jq -r .online_memblocks <<< "$j")" = $((size / $(block_size))) ]
	[ "$(jq -r .movable <<< "$j")" = "$1" ]
	[ $(($(mem_total_kb) - base_total)) = $((size / 1024)) ]
}

# adopt ARGS...: adopts the region; the JSON it prints names it
adopt()
{
	"$CXL" create-sysram -r "$region" "$@" > /tmp/adopt.json
	[ "$(jq -r .region /tmp/adopt.json)" = "$region" ]
	[ "$(jq -r .sysram.sysram /tmp/adopt.json)" = "sysram_$region" ]
	[ "$(cat "$DEVS/$region/memctrl")" = sysram ]
	[ ! -e "$DEVS/$region/dax_region${region#region}" ]
	[ "$(dax_json)" = null ]
}

# refused CMD...: CMD fails and the dax path is as snapshot() saw it
refused()
{
	snapshot > /tmp/before
	fails "$@" 2> /tmp/err
	cat /tmp/err >&2
	snapshot > /tmp/after
	diff /tmp/before /tmp/after
}

phase_adopt()
{
	# online movable, as daxctl reconfigure-device leaves it
	dax_region
	dax_to_ram "$region"
	check_dax_online true
	adopt
	check_plugged "$region" online_movable
	[ "$(jq -r .sysram.online_type /tmp/adopt.json)" = online_movable ]
	grep -q "sysram_$region" /proc/iomem
	if grep -qE "$dax|kmem" /proc/iomem; then false; fi
	"$CXL" list -N | jq -e --arg r "$region" \
		'.[] | select(.region == $r) | .sysram.state == "online_movable"'
	# a sysram region now: adopting it again is refused
	fails "$CXL" create-sysram -r "$region" 2> /tmp/err
	grep -q "$region: already a sysram region" /tmp/err
	"$CXL" destroy-sysram -f "$region"
	check_clean

	# --no-online: the memory goes offline and stays unplugged
	dax_region
	dax_to_ram "$region"
	adopt --no-online
	check_unplugged "$region"
	[ "$(jq -r .sysram.online_type /tmp/adopt.json)" = unplugged ]
	"$CXL" online-sysram "$region"
	check_plugged "$region" online_movable
	"$CXL" destroy-sysram -f "$region"
	check_clean

	# a disabled dax region: no dax device to take apart
	dax_region
	"$UPSTREAM_CXL" disable-region "$region"
	adopt -v 2> /tmp/err
	grep -q "$region: memctrl auto, disabled" /tmp/err
	check_plugged "$region" online_movable
	"$CXL" destroy-sysram -f "$region"
	check_clean

	# online_kernel
	dax_region
	dax_to_ram "$region"
	adopt --online-type online_kernel
	check_plugged "$region" online_kernel
	# ZONE_NORMAL memory may not unplug again: either way is fine here
	if "$CXL" destroy-sysram -f "$region" 2> /tmp/err; then
		check_clean
	else
		grep -q "memory in use" /tmp/err
	fi
}

phase_devdax()
{
	local pid

	# devdax needs ZONE_DEVICE; without it the kernel warns and fails
	if ! grep -qw devm_memremap_pages /proc/kallsyms; then
		echo "kernel without CONFIG_ZONE_DEVICE: no devdax mode" >&2
		exit 77
	fi
	# devdax, open by a process: refused, nothing changed
	dax_region
	dax=$(dax_json | jq -r .chardev)
	"$DAXCTL" reconfigure-device --mode=devdax -f "$dax"
	[ "$(dax_json | jq -r .mode)" = devdax ]
	sleep 600 < "/dev/$dax" &
	pid=$!
	refused "$CXL" create-sysram -r "$region"
	grep -q "$region: $dax (devdax) is in use by process $pid (sleep)" /tmp/err
	kill $pid
	wait $pid || true
	# (A mapping whose file is closed counts as a user too, found through
	# /proc/PID/map_files; mapping a devdax device needs CONFIG_FS_DAX,
	# which builds dax in, and the VM kernel keeps it a module: that
	# case is not run here.)
	# no user left: adopted
	adopt
	check_plugged "$region" online_movable
	"$CXL" destroy-sysram -f "$region"
	check_clean

	# a failure after the disable puts the device back in devdax mode
	dax_region
	dax=$(dax_json | jq -r .chardev)
	"$DAXCTL" reconfigure-device --mode=devdax -f "$dax"
	inject_adopt
	grep -q "$region: rolled back: $dax devdax" /tmp/err
	[ "$(dax_json | jq -r .mode)" = devdax ]
	adopt
	"$CXL" destroy-sysram -f "$region"
	check_clean
}

# the memory notifier's error injection for onlining
inject=/sys/kernel/debug/notifier-error-inject/memory/actions/MEM_GOING_ONLINE/error
inject_ready()
{
	mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
	[ -f $inject ]
}

# inject_adopt: create-sysram -r with the plug at bind made to fail (the
# memory notifier error injection, set by the command's test hook for the
# enable only): refused, the dax path as before
inject_adopt()
{
	inject_ready
	refused env CXL_SYSRAM_TEST_ADOPT_INJECT=$inject \
		"$CXL" create-sysram -r "$region"
	[ "$(cat $inject)" = 0 ]
	grep -q "$region: memory is unplugged, not online_movable as asked" /tmp/err
	grep -q "$region: rolling back" /tmp/err
	dmesg | grep -q "sysram_$region: .*failed to go online_movable: -12"
}

# pin_last_block NODE: pins pages of the region's last memory block
# only (the other blocks offline meanwhile), so that offlining the dax
# memory has offlined the blocks before it when it gets stuck
pin_last_block()
{
	local b last
	last=$(blocks_in "$start" "$size" | tail -1)
	for b in $(blocks_in "$start" "$size"); do
		[ "$b" = "$last" ] || echo offline > "$b/state"
	done
	start_pinner "$1" 16 splice
	for b in $(blocks_in "$start" "$size"); do
		[ "$b" = "$last" ] || echo online_movable > "$b/state"
	done
}

phase_pinned()
{
	local node

	dax_region
	dax_to_ram "$region"
	check_dax_online true
	node=$(dax_json | jq -r .target_node)
	pin_last_block "$node"
	# offlining retries for as long as the pages will not migrate: the
	# command waits, as daxctl offline-memory does, until a signal
	snapshot > /tmp/before
	if timeout --preserve-status -s INT 20 \
		"$CXL" create-sysram -r "$region" 2> /tmp/err; then
		false
	fi
	cat /tmp/err >&2
	snapshot > /tmp/after
	diff /tmp/before /tmp/after
	grep -q "$region: $dax: interrupted while offlining its memory" /tmp/err
	grep -q "$region: rolling back" /tmp/err
	grep -q "$region: rolled back: $dax system-ram, memory online_movable" /tmp/err
	kill -0 "$pinner_pid"
	check_dax_online true
	stop_pinner

	# ZONE_NORMAL memory holding a process's page tables: the kernel
	# refuses to offline it at once, and the command with it
	"$DAXCTL" offline-memory "$dax"
	"$DAXCTL" online-memory --no-movable "$dax"
	check_dax_online false
	start_pinner "$node" 64 task
	refused "$CXL" create-sysram -r "$region"
	grep -q "$region: $dax: memory in use, cannot offline it" /tmp/err
	grep -q "$region: rolled back: $dax system-ram, memory online_kernel" /tmp/err
	check_dax_online false
	stop_pinner
	# the memory stays until reboot: the kernel has allocations there
}

phase_inject()
{
	local mode

	for mode in system-ram disabled; do
		dax_region
		dax=$(dax_json | jq -r .chardev)
		case $mode in
		system-ram) dax_to_ram "$region" ;;
		disabled) "$UPSTREAM_CXL" disable-region "$region" ;;
		esac
		inject_adopt
		case $mode in
		system-ram)
			grep -q "$region: rolled back: $dax system-ram, memory online_movable" /tmp/err
			check_dax_online true
			;;
		disabled)
			grep -q "$region: rolled back: memctrl auto, disabled" /tmp/err
			;;
		esac
		# and without the injection, adopted
		adopt
		check_plugged "$region" online_movable
		"$CXL" destroy-sysram -f "$region"
		check_clean
	done
}

phase_todax()
{
	# a sysram region, its memory online_movable, to the dax path
	region=$("$CXL" create-sysram -m mem0 -d "$decoder" | jq -r .region)
	read -r start size <<< "$(region_range "$region")"
	check_plugged "$region" online_movable
	"$CXL" destroy-sysram --to-dax "$region" > /tmp/todax.json
	[ "$(jq -r .region /tmp/todax.json)" = "$region" ]
	jq -e 'has("sysram") | not' /tmp/todax.json
	[ "$(cat "$DEVS/$region/memctrl")" = auto ]
	[ ! -e "$DEVS/sysram_$region" ]
	check_dax_online true
	dax=$(dax_json | jq -r .chardev)
	grep -q "$dax" /proc/iomem
	if grep -q "sysram_$region" /proc/iomem; then false; fi
	# and back, and unplugged: the dax memory stays offline
	adopt
	check_plugged "$region" online_movable
	"$CXL" offline-sysram "$region"
	"$CXL" destroy-sysram --to-dax "$region" > /dev/null
	[ "$(dax_json | jq -r .mode)" = system-ram ]
	[ "$(dax_json | jq -r .online_memblocks)" = 0 ]
	[ "$(mem_total_kb)" = "$base_total" ]
	adopt --no-online
	check_unplugged "$region"

	# onlining the dax memory fails (the injection, for that step
	# only): the sysram region comes back as it was
	"$CXL" online-sysram "$region"
	check_plugged "$region" online_movable
	inject_ready
	refused env CXL_SYSRAM_TEST_ADOPT_INJECT=$inject \
		"$CXL" destroy-sysram --to-dax "$region"
	[ "$(cat $inject)" = 0 ]
	grep -q "$region: $dax: cannot put its memory online: Cannot allocate memory" /tmp/err
	grep -q "$region: rolled back: sysram_$region online_movable" /tmp/err
	check_plugged "$region" online_movable
	[ "$("$CXL" list -i -r "$region" | jq -r '.[0].sysram.online_type')" = unplugged ]
	"$CXL" destroy-sysram -f "$region"
	check_clean
}

case "${1:-}" in
adopt) phase_adopt ;;
devdax) phase_devdax ;;
pinned) phase_pinned ;;
todax) phase_todax ;;
inject) phase_inject ;;
*) echo "usage: $0 adopt|devdax|pinned|inject|todax" >&2; exit 1 ;;
esac

check_dmesg "$LINENO"
echo "test/cxl-adopt.sh $1: passed"
