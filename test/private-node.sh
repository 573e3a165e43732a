#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# Private NUMA nodes (DESIGN.md 4b) end to end in the VM, preset
# interleave: two 512 MiB memdevs behind one host bridge and two CXL
# windows, decoder0.0 (node A) and decoder0.1 (node B), each its own node.
# Everything is checked with the kernel's own views: the node state lists,
# node meminfo and vmstat, each page's node (move_pages(2) through
# test/numa-touch.c), /proc/PID/numa_maps, numactl -H.
#
#   scripts/env.sh run scripts/vm.sh --preset interleave -- \
#	test/private-node.sh main|isolation
#
#  main:      the mission's 'cxl create-sysram -m mem0 --private'; node A in
#             has_private_memory and not in has_memory; numactl -H shows
#             it; numactl --membind, mbind, move_pages and migratepages
#             reach it, default, interleave and preferred policies do not;
#             private memory is movable only; offline-sysram/online-sysram
#             keep it private; a private and an ordinary region side by
#             side; a node is private or ordinary, never both (-EBUSY, the
#             failed create leaves nothing behind); destroy-sysram gives
#             the node back as an ordinary node.
#  isolation: memory pressure from unbound processes (anonymous memory
#             with the default policy until reclaim runs, page cache,
#             tmpfs) leaves the private node untouched; the kernel's
#             memory-hotplug selftest passes with a private region present.
. "$(dirname "$0")/common"

rc=1
set -ex
trap 'err $LINENO' ERR
check_prereq jq
check_prereq numactl
check_prereq migratepages

NODES=/sys/devices/system/node
TOUCH=${TOUCH:-/src/build/test/numa-touch}
[ -x "$TOUCH" ]
# QEMU cannot DMA into a CXL window: a file read by a task bound to a CXL
# node puts page cache there, and virtio-9p then fails the guest.  Run the
# binary once unbound, so that its pages are cached on node 0 before any
# bound run execs it.  (Real hardware has no such limit.)
"$TOUCH" 1 > /dev/null

[ -f $NODES/has_private_memory ] || {
	echo "kernel without private NUMA nodes (no has_private_memory)" >&2
	exit 1
}
[ -z "$(cat $NODES/has_private_memory)" ]
[ "$("$CXL" list -R | jq length)" = 0 ] || [ -z "$("$CXL" list -R)" ]
base_total=$(mem_total_kb)

# in_list NODE FILE: NODE is in the node list FILE (e.g. "0-1,3")
in_list()
{
	local r a b
	for r in $(tr ',' ' ' < "$2"); do
		a=${r%-*} b=${r#*-}
		[ "$1" -ge "$a" ] && [ "$1" -le "$b" ] && return 0
	done
	return 1
}

node_used_kb() { awk '/MemUsed:/ { print $4 }' "$NODES/node$1/meminfo"; }
node_anon_kb() { awk '/AnonPages:/ { print $4 }' "$NODES/node$1/meminfo"; }
node_vmstat() { awk -v k="$2" '$1 == k { print $2 }' "$NODES/node$1/vmstat"; }

# create-sysram ARGS...: the new region's name
create()
{
	"$CXL" create-sysram "$@" > /tmp/create.json
	jq -r .region /tmp/create.json
}

target_node() { cat "/sys/bus/cxl/devices/sysram_$1/target_node"; }

# is_private NODE / is_ordinary NODE: where the node states put it
is_private()
{
	in_list "$1" $NODES/has_private_memory
	! in_list "$1" $NODES/has_memory
}
is_ordinary()
{
	in_list "$1" $NODES/has_memory
	! in_list "$1" $NODES/has_private_memory
}

# touch_count NODE CMD...: how many pages of numa-touch (run by CMD) are on
# NODE, from its report "pages N nodes <node>=<count> ..."
touch_count()
{
	local node=$1
	shift
	"$@" > /tmp/touch.out
	cat /tmp/touch.out >&2
	awk -v n="$node" '{
		for (i = 4; i <= NF; i++) { split($i, a, "="); if (a[1] == n) c = a[2] }
	} END { print c + 0 }' /tmp/touch.out
}

pages64=$((64 * 1024 * 1024 / $(getconf PAGESIZE)))

phase_main()
{
	local rp ro a b out pid

	# --- the mission's command -----------------------------------
	rp=$(create -m mem0 --private)
	a=$(target_node "$rp")
	[ "$(jq -r .sysram.private /tmp/create.json)" = true ]
	[ "$(jq -r .sysram.state /tmp/create.json)" = online_movable ]
	is_private "$a"
	check_plugged "$rp" online_movable
	[ "$(node_total_kb "$a")" = $((512 * 1024)) ]
	"$CXL" list -N | jq -e --arg r "$rp" --argjson n "$a" \
		'.[] | select(.region == $r) | .sysram |
		 .private == true and .target_node == $n'
	numactl -H | tee /tmp/numactl-H
	grep -q "^node $a size: 512 MB" /tmp/numactl-H

	# --- explicit binding reaches it, nothing else does ------------
	[ "$(touch_count "$a" numactl --membind="$a" "$TOUCH" 64)" = "$pages64" ]
	[ "$(touch_count "$a" "$TOUCH" -b "$a" 64)" = "$pages64" ]
	[ "$(touch_count "$a" "$TOUCH" 64)" = 0 ]
	# move_pages(2) moves every page there
	[ "$(touch_count "$a" "$TOUCH" -m "$a" 64)" = "$pages64" ]
	# migrate_pages(2), through migratepages, and numa_maps agrees;
	# the node meminfo shows the memory (less the per-CPU counters'
	# drift; MemUsed would not do: freed pages wait in per-CPU lists)
	"$TOUCH" -w 64 > /tmp/touch.out &
	pid=$!
	for _ in $(seq 100); do [ -s /tmp/touch.out ] && break; sleep 0.1; done
	used=$(node_anon_kb "$a")
	migratepages "$pid" all "$a"
	grep -q " N$a=$pages64 " "/proc/$pid/numa_maps"
	[ $(($(node_anon_kb "$a") - used)) -ge $((60 * 1024)) ]
	kill "$pid"
	wait "$pid" || true
	# the same, bound by numactl, seen in numa_maps
	numactl --membind="$a" "$TOUCH" -w 64 > /tmp/touch.out &
	pid=$!
	for _ in $(seq 100); do [ -s /tmp/touch.out ] && break; sleep 0.1; done
	grep -q " N$a=$pages64 " "/proc/$pid/numa_maps"
	kill "$pid"
	wait "$pid" || true
	# interleave and preferred policies are not explicit binding
	fails numactl --interleave="$a" true
	fails numactl --preferred="$a" true

	# a task in a child cpuset whose mems are node 0 only binds just the
	# same (private nodes are outside the cpusets), and its unbound
	# memory stays out; a child cpuset also turns on the allocator's
	# cpuset checks for everyone
	mountpoint -q /sys/fs/cgroup || mount -t cgroup2 none /sys/fs/cgroup
	echo +cpuset > /sys/fs/cgroup/cgroup.subtree_control
	mkdir /sys/fs/cgroup/pn
	echo 0 > /sys/fs/cgroup/pn/cpuset.mems
	incg() { sh -c 'echo $$ > /sys/fs/cgroup/pn/cgroup.procs && exec "$@"' sh "$@"; }
	[ "$(touch_count "$a" incg numactl --membind="$a" "$TOUCH" 64)" = "$pages64" ]
	[ "$(touch_count "$a" incg "$TOUCH" -m "$a" 64)" = "$pages64" ]
	[ "$(touch_count "$a" incg "$TOUCH" 64)" = 0 ]
	rmdir /sys/fs/cgroup/pn

	# --- private memory is movable only --------------------------
	fails "$CXL" create-sysram -m mem1 --private \
		--online-type online_kernel 2> /tmp/err
	grep -q "private memory is only onlined movable" /tmp/err
	"$CXL" offline-sysram "$rp"
	[ -z "$(cat $NODES/has_private_memory)" ]
	! in_list "$a" $NODES/has_memory
	fails "$CXL" online-sysram "$rp" --online-type online_kernel 2> /tmp/err
	grep -q "private memory is only onlined movable" /tmp/err
	# the kernel refuses it too
	if echo online_kernel > "/sys/bus/cxl/devices/sysram_$rp/state"; then
		false
	fi
	[ "$(cat "/sys/bus/cxl/devices/sysram_$rp/state")" = unplugged ]
	# online-sysram keeps it private
	"$CXL" online-sysram "$rp"
	is_private "$a"
	check_plugged "$rp" online_movable
	# the policy cannot change under plugged memory
	if echo 0 > "/sys/bus/cxl/devices/sysram_$rp/private"; then false; fi
	[ "$(cat "/sys/bus/cxl/devices/sysram_$rp/private")" = 1 ]
	"$CXL" destroy-sysram -f "$rp"
	check_clean
	[ -z "$(cat $NODES/has_private_memory)" ]

	# --- a private and an ordinary region side by side; a node is
	# private or ordinary, never both.  (The two windows share a host
	# bridge, whose decoders must go up in address: every region below
	# is in the same or a higher window than the ones before it.)
	ro=$(create -m mem0 -d decoder0.0 -s 256M)
	a=$(target_node "$ro")
	is_ordinary "$a"
	# private on a node with ordinary memory: refused, rolled back
	out=$("$CXL" list -R | jq length)
	fails "$CXL" create-sysram -m mem1 -d decoder0.0 -s 256M --private \
		2> /tmp/err
	cat /tmp/err
	grep -q "rolling back" /tmp/err
	dmesg | grep -q "cannot make node $a private, it holds ordinary memory or CPUs"
	[ "$("$CXL" list -R | jq length)" = "$out" ]
	rp=$(create -m mem1 -d decoder0.1 -s 256M --private)
	b=$(target_node "$rp")
	[ "$a" != "$b" ]
	is_private "$b"
	is_ordinary "$a"
	# ordinary on a private node: refused, rolled back
	out=$("$CXL" list -R | jq length)
	fails "$CXL" create-sysram -m mem0 -d decoder0.1 -s 256M 2> /tmp/err
	cat /tmp/err
	grep -q "rolling back" /tmp/err
	dmesg | grep -q "node $b is private, cannot add ordinary memory"
	[ "$("$CXL" list -R | jq length)" = "$out" ]
	is_private "$b"
	is_ordinary "$a"
	# binding reaches each; a mask naming both fills the private node
	# first; unbound memory reaches neither CXL node
	[ "$(touch_count "$b" numactl --membind="$b" "$TOUCH" 64)" = "$pages64" ]
	[ "$(touch_count "$a" numactl --membind="$a" "$TOUCH" 64)" = "$pages64" ]
	[ "$(touch_count "$b" numactl --membind="$a,$b" "$TOUCH" 64)" = "$pages64" ]
	[ "$(touch_count "$b" "$TOUCH" 64)" = 0 ]
	[ "$(touch_count "$a" "$TOUCH" 64)" = 0 ]

	# --- destroy gives the node back as an ordinary node ---------
	"$CXL" destroy-sysram -f "$rp" "$ro"
	check_clean
	[ -z "$(cat $NODES/has_private_memory)" ]
	ro=$(create -m mem0 -d decoder0.1 -s 256M)
	[ "$(target_node "$ro")" = "$b" ]
	is_ordinary "$b"
	"$CXL" destroy-sysram -f "$ro"
	check_clean
}

phase_isolation()
{
	local rp a used0 anon file scan0 scan1 target hog k

	rp=$(create -m mem0 --private)
	a=$(target_node "$rp")
	is_private "$a"
	sleep 2
	used0=$(node_used_kb "$a")

	# page cache and tmpfs from unbound processes
	find /usr/lib -type f -size +64k -exec cat {} + 2> /dev/null |
		head -c 256M > /dev/null
	mkdir -p /tmp/tmpfs
	mount -t tmpfs none /tmp/tmpfs
	dd if=/dev/zero of=/tmp/tmpfs/fill bs=1M count=128 status=none

	# anonymous memory with the default policy, until reclaim runs on
	# the ordinary node: what is free and reclaimable there, less a
	# margin that keeps the OOM killer away
	scan0=$(awk '$1 ~ /^pgscan_(kswapd|direct)$/ { s += $2 } END { print s }' /proc/vmstat)
	target=$(awk '/MemFree:|FilePages:/ { s += $4 } END { print int(s / 1024) - 160 }' \
		"$NODES/node0/meminfo")
	"$TOUCH" -w "$target" > /tmp/hog.out &
	hog=$!
	for _ in $(seq 600); do [ -s /tmp/hog.out ] && break; sleep 0.1; done
	cat /tmp/hog.out
	scan1=$(awk '$1 ~ /^pgscan_(kswapd|direct)$/ { s += $2 } END { print s }' /proc/vmstat)
	echo "reclaim scanned $((scan1 - scan0)) pages"
	[ "$scan1" -gt "$scan0" ] || {
		echo "no memory pressure made" >&2
		false
	}
	# not one page of it on the private node
	if grep -q " $a=" /tmp/hog.out; then false; fi
	cat "$NODES/node$a/meminfo"
	for k in nr_anon_pages nr_file_pages nr_shmem nr_slab_reclaimable_b \
		nr_slab_unreclaimable_b nr_kernel_stack nr_page_table_pages; do
		v=$(node_vmstat "$a" "$k")
		[ -z "$v" ] || [ "$v" = 0 ] || {
			echo "node $a: $k is $v" >&2
			false
		}
	done
	# per-CPU counter drift aside, no memory in use there
	[ $(($(node_used_kb "$a") - used0)) -le 512 ]
	kill "$hog"
	wait "$hog" || true
	umount /tmp/tmpfs

	# the kernel's memory hotplug selftest, with the private region
	# present: it offlines and onlines blocks of every node, ours too
	# (online puts private memory back in ZONE_MOVABLE)
	selftest=${KSRC:-/cache/kernel/src}/tools/testing/selftests/memory-hotplug/mem-on-off-test.sh
	[ -f "$selftest" ]
	check_prereq bc
	mount -t debugfs none /sys/kernel/debug 2>/dev/null || true
	bash "$selftest" -r 10
	is_private "$a"
	check_plugged "$rp" online_movable
	"$CXL" destroy-sysram -f "$rp"
	check_clean
}

case "${1:-main}" in
main) phase_main ;;
isolation) phase_isolation ;;
*) echo "unknown phase $1" >&2; exit 1 ;;
esac

check_dmesg "$LINENO"
rc=0
set +x
echo "private-node $1: PASS"
