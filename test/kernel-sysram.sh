#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# The kernel side of the sysram region ABI (kernel/patches, documented in
# Documentation/ABI/testing/sysfs-bus-cxl-sysram), driven through sysfs and
# the distribution's cxl/daxctl only, in the VM:
#
#   scripts/env.sh run scripts/vm.sh --preset single \
#	--allow 'page dumped because: (unmovable page|migration failure)' \
#	-- test/kernel-sysram.sh [PHASE]
#
# (the kernel dumps the pages that make offlining fail; the test provokes
# that on purpose.)  PHASE, one guest each:
#
#  main (preset single, memhp_default_state=offline, the default):
#     memctrl=auto still gives the dax path; memctrl values and errors;
#     sysram_regionZ registered unbound by memctrl, its policy set before
#     bind and applied at bind; private 0, uuid absent; every online type
#     through state, all or nothing; onlining made to fail (memory notifier
#     error injection), at the first block and half-way, rolls back and
#     returns the injected errno; state "offline" and "mixed" after blocks
#     are changed by hand; an unplug that fails on memory in use changes
#     nothing; commit 0, a target change, delete_region and memctrl refused
#     while memory is plugged; unbind and disable-region never offline:
#     memory left added, state tells the truth, the next bind takes it back;
#     memory the kernel uses stays until reboot (last).
#  default (preset single, --append memhp_default_state=online_movable):
#     online_type starts from the system default and is applied at bind.
#  memtier (preset interleave): a sysram region and a kmem-managed dax
#     region on the same node, torn down in both orders (the memory tier
#     accounting once oopsed here).

set -ex
# dax_to_ram, start_pinner, stop_pinner; the rest this script defines
# again for itself
. "$(dirname "$0")/common"

DEVS=/sys/bus/cxl/devices
MEM=/sys/devices/system/memory
pinner_pid=

err()
{
	set +x
	echo "test/kernel-sysram.sh: failed at line $1${2:+: $2}" >&2
	cxl list -vvv >&2 || true
	for f in "$DEVS"/sysram_region*/*; do
		[ -f "$f" ] && echo "$f: $(cat "$f" 2>&1)" >&2
	done
	grep -i -A3 cxl /proc/iomem >&2 || true
	dmesg | tail -n 30 >&2 || true
	[ -n "$pinner_pid" ] && kill -9 "$pinner_pid" 2>/dev/null
	exit 1
}
trap 'err $LINENO' ERR

fail() { err "${BASH_LINENO[0]}" "$*"; }

# cxl/daxctl print one object for a single match and an array otherwise.
jqall() { jq -r "if type == \"array\" then .[] else . end | $1"; }

meminfo_kb() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }

GiB_kb=$((1024 * 1024))
block=$((0x$(cat $MEM/block_size_bytes)))

# expect ATTR VALUE: the attribute reads exactly VALUE
expect()
{
	local got
	got=$(cat "$1")
	[ "$got" = "$2" ] || err "${BASH_LINENO[0]}" "$1 is '$got', expected '$2'"
}

# expect_fail FILE VALUE ERRNO: writing VALUE to FILE fails with ERRNO
expect_fail()
{
	local file=$1 val=$2 want msg
	case "$3" in
	EINVAL) want="Invalid argument" ;;
	EBUSY) want="Device or resource busy" ;;
	EOPNOTSUPP) want="Operation not supported" ;;
	ENXIO) want="No such device or address" ;;
	ENOMEM) want="Cannot allocate memory" ;;
	*) err "${BASH_LINENO[0]}" "unknown errno $3" ;;
	esac
	if msg=$( (printf '%s\n' "$val" > "$file") 2>&1); then
		err "${BASH_LINENO[0]}" "writing '$val' to $file succeeded, expected $3"
	fi
	[[ "$msg" == *"$want"* ]] ||
		err "${BASH_LINENO[0]}" "writing '$val' to $file: '$msg', expected $3"
}

# Memory block numbers of the sysram region's range
blocks()
{
	local first=$((start / block)) n=$((size / block)) i
	for ((i = first; i < first + n; i++)); do
		echo "$i"
	done
}

# check_plugged ZONE|-: every block of the region exists, is online on the
# target node (and in ZONE), and the node and MemTotal grew by the region
check_plugged()
{
	local b n=0 zone
	for b in $(blocks); do
		[ "$(cat $MEM/memory$b/state)" = online ] ||
			err "${BASH_LINENO[0]}" "memory$b is $(cat $MEM/memory$b/state)"
		[ -e "$MEM/memory$b/node$node" ] ||
			err "${BASH_LINENO[0]}" "memory$b is not on node$node"
		zone=$(cat $MEM/memory$b/valid_zones)
		[ "$1" = - ] || [ "$zone" = "$1" ] ||
			err "${BASH_LINENO[0]}" "memory$b is in $zone, expected $1"
		n=$((n + 1))
	done
	[ "$n" = $((size / block)) ] || err "${BASH_LINENO[0]}" "$n blocks"
	[ "$(node_total_kb "$node")" = $((size / 1024)) ] ||
		err "${BASH_LINENO[0]}" "node$node has $(node_total_kb "$node") kB"
	[ $(($(meminfo_kb MemTotal) - total0)) = $((size / 1024)) ] ||
		err "${BASH_LINENO[0]}" "MemTotal grew by $(($(meminfo_kb MemTotal) - total0)) kB"
	grep -q "System RAM (CXL)" /proc/iomem ||
		err "${BASH_LINENO[0]}" "no System RAM (CXL) in /proc/iomem"
}

# check_unplugged: no block of the region exists, nothing is left over
check_unplugged()
{
	local b
	for b in $(blocks); do
		[ ! -e "$MEM/memory$b" ] ||
			err "${BASH_LINENO[0]}" "memory$b exists"
	done
	[ "$(meminfo_kb MemTotal)" = "$total0" ] ||
		err "${BASH_LINENO[0]}" "MemTotal is $(meminfo_kb MemTotal) kB, expected $total0"
	[ "$(node_total_kb "$node")" = 0 ] ||
		err "${BASH_LINENO[0]}" "node$node still has memory"
	! grep -q "System RAM (CXL)" /proc/iomem ||
		err "${BASH_LINENO[0]}" "System RAM (CXL) left in /proc/iomem"
}

check_dmesg()
{
	local bad='WARNING:|BUG:|BUG [^ ]+ \((Not t|T)ainted|Oops|Call Trace|'
	bad+='Kernel panic|kernel BUG|general protection fault|'
	bad+='possible (recursive|circular) locking|inconsistent lock state|'
	bad+='lock held when returning|DEBUG_LOCKS_WARN_ON|suspicious RCU usage|'
	bad+='detected stall|INFO: task .* blocked|KFENCE:|UBSAN:|refcount_t:|'
	bad+='list_(add|del) corruption|page dumped because'
	if dmesg | grep -E "$bad" |
		grep -vE 'page dumped because: (unmovable page|migration failure)'; then
		fail "kernel log has errors"
	fi
}

# --- the device, the root decoder, the patched kernel ----------------------

phase=${1:-main}
drv=/sys/bus/cxl/drivers/cxl_sysram_region
[ -d $drv ] ||
	fail "kernel without the sysram patches (no cxl_sysram_region driver)"
decoder=$(cxl list -D -d root |
	jqall 'select(.volatile_capable == true) | .decoder' | head -1)
[ -n "$decoder" ] || fail "no volatile-capable root decoder"
[ -z "$(cxl list -R)" ] || [ "$(cxl list -R)" = "[]" ] ||
	fail "a region exists before the test"
total0=$(meminfo_kb MemTotal)

# new_sysram MEMDEV: a committed, disabled region of MEMDEV with memctrl
# sysram; sets region, R, S, start
new_sysram()
{
	region=$(cxl create-region -t ram -m "$1" -d "$decoder" | jqall .region)
	[ -d "$DEVS/$region" ] || fail "create-region made no region"
	R=$DEVS/$region
	S=$DEVS/sysram_$region
	cxl disable-region "$region"
	echo sysram > "$R/memctrl"
	start=$(($(cat "$R/resource")))
}

# dax_online MEMDEV: a dax-path region of MEMDEV with its memory online;
# sets dax_region, dax
dax_online()
{
	dax_region=$(cxl create-region -t ram -m "$1" -d "$decoder" |
		jqall .region)
	dax_to_ram "$dax_region"
}

phase_default()
{
	# memhp_default_state=online_movable: the policy starts there and the
	# region's memory goes online at bind without anyone writing state
	[ "$(cat $MEM/auto_online_blocks)" = online_movable ] ||
		fail "boot with memhp_default_state=online_movable"
	new_sysram mem0
	expect "$S/online_type" online_movable
	[ ! -e "$S/driver" ] || fail "$S bound before the region"
	expect "$S/state" unplugged
	node=$(cat "$S/target_node")
	size=$(($(cat "$S/size")))
	cxl enable-region "$region"
	expect "$S/state" online_movable
	check_plugged Movable
	# and what the administrator writes before bind wins over the default
	echo unplugged > "$S/state"
	cxl disable-region "$region"
	echo unplugged > "$S/online_type"
	cxl enable-region "$region"
	expect "$S/state" unplugged
	check_unplugged
	cxl destroy-region -f "$region"
}

# memtier_check NODE KB: the node's memory is KB and has a memory tier
memtier_check()
{
	[ "$(node_total_kb "$1")" = "$2" ] ||
		fail "node$1 has $(node_total_kb "$1") kB, expected $2"
}

phase_memtier()
{
	local half=$((GiB_kb / 2)) sysram_first

	for sysram_first in 1 0; do
		if [ "$sysram_first" = 1 ]; then
			new_sysram mem0
			echo online_movable > "$S/online_type"
			cxl enable-region "$region"
			node=$(cat "$S/target_node")
			dax_online mem1
		else
			dax_online mem1
			new_sysram mem0
			echo online_movable > "$S/online_type"
			cxl enable-region "$region"
			node=$(cat "$S/target_node")
		fi
		expect "$S/state" online_movable
		[ "$(cat "/sys/bus/dax/devices/$dax/target_node")" = "$node" ] ||
			fail "the dax and sysram regions are on different nodes"
		memtier_check "$node" $((2 * half))
		cat /sys/devices/virtual/memory_tiering/memory_tier*/nodelist >&2 ||
			true

		if [ "$sysram_first" = 1 ]; then
			# the order that oopsed: dax goes first, then sysram
			daxctl offline-memory "$dax"
			cxl destroy-region -f "$dax_region"
			memtier_check "$node" $half
			echo unplugged > "$S/state"
			expect "$S/state" unplugged
			memtier_check "$node" 0
			cxl destroy-region -f "$region"
		else
			echo unplugged > "$S/state"
			cxl destroy-region -f "$region"
			memtier_check "$node" $half
			daxctl offline-memory "$dax"
			cxl destroy-region -f "$dax_region"
			memtier_check "$node" 0
		fi
		[ "$(meminfo_kb MemTotal)" = "$total0" ] ||
			fail "MemTotal is $(meminfo_kb MemTotal) kB, expected $total0"
	done
}

case $phase in
main) ;;
default) phase_default; check_dmesg; echo "kernel-sysram default: PASS"; exit 0 ;;
memtier) phase_memtier; check_dmesg; echo "kernel-sysram memtier: PASS"; exit 0 ;;
*) fail "unknown phase $phase" ;;
esac

[ "$(cat $MEM/auto_online_blocks)" = offline ] ||
	fail "boot with memhp_default_state=offline"
[ "$(cxl list -M | jqall .memdev)" = mem0 ] || fail "expected exactly mem0"

# --- memctrl=auto: the dax path as before ----------------------------------

region=$(cxl create-region -t ram -m mem0 -d "$decoder" | jqall .region)
[ -d "$DEVS/$region" ] || fail "create-region made no region"
R=$DEVS/$region
S=$DEVS/sysram_$region
expect "$R/memctrl" auto
[ -d "$DEVS/dax_$region" ] || fail "memctrl=auto registered no dax_$region"
[ ! -e "$S" ] || fail "memctrl=auto registered $S"
dax_to_ram "$region"
[ $(($(meminfo_kb MemTotal) - total0)) = $GiB_kb ] ||
	fail "the dax path did not add 1 GiB"
dax_node=$(cat "/sys/bus/dax/devices/$dax/target_node")
daxctl offline-memory "$dax"
[ "$(meminfo_kb MemTotal)" = "$total0" ] || fail "dax memory still online"

# memctrl while the region driver is bound, and bad values
expect_fail "$R/memctrl" sysram EBUSY
expect_fail "$R/memctrl" dax EBUSY
expect_fail "$R/memctrl" bogus EINVAL
expect_fail "$R/memctrl" pmem EINVAL
expect "$R/memctrl" auto

cxl disable-region "$region"
[ ! -e "$DEVS/dax_$region" ] || fail "dax_$region survived disable-region"
expect_fail "$R/memctrl" bogus EINVAL
expect_fail "$R/memctrl" pmem EINVAL
expect_fail "$R/memctrl" "" EINVAL
echo dax > "$R/memctrl"
expect "$R/memctrl" dax
cxl enable-region "$region"
[ -d "$DEVS/dax_$region" ] || fail "memctrl=dax registered no dax_$region"
cxl disable-region "$region"

# --- memctrl=sysram: sysram_regionZ exists at once, unbound ------------------

echo sysram > "$R/memctrl"
expect "$R/memctrl" sysram
[ -d "$S" ] || fail "memctrl=sysram registered no $S"
[ ! -e "$S/driver" ] || fail "$S bound while the region is disabled"
[ "$(readlink -f "$S")" = "$(readlink -f "$R")/sysram_$region" ] ||
	fail "$S is not a child of $region"
expect "$S/devtype" cxl_sysram_region
expect "$S/modalias" cxl:t10
# memhp_default_state=offline: the policy starts "unplugged"
expect "$S/online_type" unplugged
expect "$S/state" unplugged
expect "$S/size" 0x40000000
# private starts 0, takes only 0/1 (test/private-node.sh does the rest)
expect "$S/private" 0
expect_fail "$S/private" 2 EINVAL
expect "$S/private" 0
[ ! -e "$S/uuid" ] || fail "uuid exists on a static RAM region"
# the driver does not bind it without the region
if echo "sysram_$region" > $drv/bind 2>/dev/null; then
	fail "sysram_$region bound while its region is disabled"
fi
[ ! -e "$S/driver" ] || fail "$S bound while the region is disabled"
expect_fail "$S/state" online_movable ENXIO
# memctrl away and back: the device goes and comes again
echo auto > "$R/memctrl"
[ ! -e "$S" ] || fail "$S survived memctrl=auto"
echo sysram > "$R/memctrl"
[ -d "$S" ] || fail "no $S"
# the policy before bind is what bind applies
echo online_movable > "$S/online_type"
expect "$S/online_type" online_movable
cxl enable-region "$region"
[ ! -e "$DEVS/dax_$region" ] || fail "memctrl=sysram registered dax_$region"
[ "$(basename "$(readlink "$S/driver")")" = cxl_sysram_region ] ||
	fail "$S is not bound to cxl_sysram_region"
node=$(cat "$S/target_node")
[[ "$node" =~ ^[0-9]+$ ]] || fail "target_node '$node' is not decimal"
[ "$node" = "$dax_node" ] || fail "target_node $node, the dax path used $dax_node"
size=$(($(cat "$S/size")))
start=$(($(cat "$R/resource")))
[ $((start % block)) = 0 ] || fail "region start not block aligned"
expect "$S/state" online_movable
check_plugged Movable
grep -q "sysram_$region" /proc/iomem || fail "range not reserved"
expect_fail "$R/memctrl" auto EBUSY
echo unplugged > "$S/state"
expect "$S/state" unplugged
check_unplugged
echo unplugged > "$S/online_type"

# every attribute's errors while unplugged
expect_fail "$S/state" offline EINVAL
expect_fail "$S/state" mixed EINVAL
expect_fail "$S/state" bogus EINVAL
expect_fail "$S/state" "" EINVAL
expect_fail "$S/online_type" offline EINVAL
expect_fail "$S/online_type" bogus EINVAL
echo unplugged > "$S/state"
expect "$S/state" unplugged
check_unplugged

# --- online_movable ----------------------------------------------------------

echo online_movable > "$S/state"
expect "$S/state" online_movable
check_plugged Movable
# the current state again: nothing happens
echo online_movable > "$S/state"
expect "$S/state" online_movable
# only from unplugged
expect_fail "$S/state" online_kernel EBUSY
expect_fail "$S/state" online EBUSY
expect_fail "$S/state" offline EINVAL
check_plugged Movable
# the policy never moves plugged memory
echo online_kernel > "$S/online_type"
expect "$S/online_type" online_kernel
expect "$S/state" online_movable
check_plugged Movable
echo unplugged > "$S/online_type"

# --- the region keeps decoding under plugged memory --------------------------

expect_fail "$R/commit" 0 EBUSY
expect "$R/commit" 1
target=$(cat "$R/target0")
expect_fail "$R/target0" "" EBUSY
expect "$R/target0" "$target"
expect_fail "$DEVS/$decoder/delete_region" "$region" EBUSY
[ -d "$R" ] || fail "$region deleted under plugged memory"
# the distribution's cxl cannot take it down either (ours unplugs first)
if /usr/bin/cxl destroy-region -f "$region"; then
	fail "cxl destroy-region took down a region with plugged memory"
fi
[ -d "$R" ] || fail "$region destroyed under plugged memory"
check_plugged Movable
# it disabled the region before commit 0 failed: the memory stayed, and
# enabling the region takes it back
[ ! -e "$S/driver" ] || fail "$S still bound after disable"
expect "$S/state" online_movable
/usr/bin/cxl enable-region "$region"
[ -e "$S/driver" ] || fail "$S not bound again"
expect "$S/state" online_movable
check_plugged Movable

# memory in use, but movable: unplug migrates it away
start_pinner "$node" 256 mbind
free=$(awk '$3 == "MemFree:" { print $4 }' /sys/devices/system/node/node$node/meminfo)
[ "$free" -lt $((GiB_kb - 200 * 1024)) ] ||
	fail "the pinner's memory is not on node$node"
echo unplugged > "$S/state"
expect "$S/state" unplugged
check_unplugged
stop_pinner

# --- online: the kernel picks the zone --------------------------------------

# With the default online policy (contig-zones) the kernel picks ZONE_NORMAL
# on a node without memory, and then uses it for itself (kswapd's task on
# that node, for one), so that it can rarely be unplugged again; that case
# is the last one of this test.  The auto-movable policy, not NUMA aware,
# picks ZONE_MOVABLE here.
policy=/sys/module/memory_hotplug/parameters/online_policy
numa_aware=/sys/module/memory_hotplug/parameters/auto_movable_numa_aware
old_policy=$(cat $policy) old_numa_aware=$(cat $numa_aware)
echo auto-movable > $policy
echo N > $numa_aware
echo online > "$S/state"
expect "$S/state" online
check_plugged Movable
expect_fail "$S/state" online_movable EBUSY
echo unplugged > "$S/state"
expect "$S/state" unplugged
check_unplugged
echo "$old_policy" > $policy
echo "$old_numa_aware" > $numa_aware

# --- onlining fails: everything is rolled back, the errno is returned --------

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
inject=/sys/kernel/debug/notifier-error-inject/memory/actions/MEM_GOING_ONLINE/error
[ -f $inject ] || fail "no memory notifier error injection ($inject)"
first=$(blocks | head -1)
# at the first block
echo -12 > $inject
expect_fail "$S/state" online_movable ENOMEM
echo 0 > $inject
expect "$S/state" unplugged
check_unplugged
! grep -q "sysram_$region" /proc/iomem || fail "reservation left after a failed plug"
# half-way: the injection starts once the first block is online (a watcher
# races the plug; a plug that wins the race is undone and tried again)
halfway=0
for try in 1 2 3 4 5 6 7 8; do
	rm -f /tmp/injected
	(
		# builtins only: a fork per poll could miss the window
		until { read -r st < "$MEM/memory$first/state" &&
			[ "$st" = online ]; } 2>/dev/null; do
			:
		done
		echo -12 > $inject
		touch /tmp/injected
	) &
	watcher=$!
	if (echo online_movable > "$S/state") 2>/tmp/plug.err; then
		wait $watcher
		echo 0 > $inject
		echo unplugged > "$S/state"
		continue
	fi
	wait $watcher
	echo 0 > $inject
	grep -q "Cannot allocate memory" /tmp/plug.err ||
		fail "half-way failure gave '$(cat /tmp/plug.err)', expected ENOMEM"
	expect "$S/state" unplugged
	check_unplugged
	halfway=1
	break
done
[ "$halfway" = 1 ] || fail "could not make onlining fail half-way in 8 tries"
dmesg | grep -q "sysram_$region: .*failed to go online_movable: -12" ||
	fail "no kernel log line for the failed plug"
# a policy that cannot be applied at bind: the region still enables, its
# sysram device binds, nothing is plugged, and the log says why
echo online_movable > "$S/online_type"
/usr/bin/cxl disable-region "$region"
echo -12 > $inject
/usr/bin/cxl enable-region "$region"
echo 0 > $inject
[ -e "$S/driver" ] || fail "$S not bound after a failed plug at bind"
expect "$S/state" unplugged
check_unplugged
[ "$(dmesg | grep -c "sysram_$region: .*failed to go online_movable: -12")" -ge 3 ] ||
	fail "no kernel log line for the failed plug at bind"
echo unplugged > "$S/online_type"

# --- blocks changed by hand: "offline" and "mixed" ---------------------------

echo online_movable > "$S/state"
echo offline > "$MEM/memory$first/state"
expect "$S/state" mixed
expect_fail "$S/state" online_movable EBUSY
echo online_movable > "$MEM/memory$first/state"
expect "$S/state" online_movable
for b in $(blocks); do
	echo offline > $MEM/memory$b/state
done
expect "$S/state" offline
expect_fail "$S/state" online_movable EBUSY
echo unplugged > "$S/state"
expect "$S/state" unplugged
check_unplugged

# --- unplug with pinned memory: interrupted, nothing changes -----------------

# Pinned pages cannot be migrated, and offlining retries until the writer
# gets a signal.  They are put in the last block only, so that the unplug
# has offlined the blocks before it and must online them again.
echo online_movable > "$S/state"
last=$(blocks | tail -1)
for b in $(blocks); do
	[ "$b" = "$last" ] || echo offline > $MEM/memory$b/state
done
start_pinner "$node" 16 splice
for b in $(blocks); do
	[ "$b" = "$last" ] || echo online_movable > $MEM/memory$b/state
done
check_plugged Movable
if msg=$(timeout -s USR1 10 bash -c "trap : USR1; echo unplugged > $S/state" 2>&1); then
	fail "unplug with pinned memory succeeded"
fi
[[ "$msg" == *"Interrupted system call"* ]] || fail "unplug failed with '$msg'"
expect "$S/state" online_movable
check_plugged Movable
grep -q "sysram_$region" /proc/iomem || fail "reservation gone"

# --- unbind never offlines: memory left added, taken back at the next bind ---

# with the pinner still holding its pages: unbind must not wait for them
timeout 60 sh -c "echo sysram_$region > $drv/unbind" ||
	fail "unbind blocked on memory in use"
[ ! -e "$S/driver" ] || fail "still bound"
dmesg | grep -q "sysram_$region: .*left added until the region is bound again" ||
	fail "no report of the memory left added"
expect "$S/state" online_movable
check_plugged Movable
expect_fail "$S/state" online_kernel ENXIO
echo "sysram_$region" > $drv/bind
[ -e "$S/driver" ] || fail "not bound again"
expect "$S/state" online_movable
check_plugged Movable
stop_pinner
# disable-region (the region driver unbinds) with memory online: it stays,
# sysram_regionZ stays, and enable-region takes it back
echo online_movable > "$S/online_type"
/usr/bin/cxl disable-region "$region"
[ -d "$S" ] || fail "$S gone with disable-region"
[ ! -e "$S/driver" ] || fail "$S bound after disable-region"
expect "$S/state" online_movable
check_plugged Movable
expect_fail "$R/memctrl" auto EBUSY
expect_fail "$DEVS/$decoder/delete_region" "$region" EBUSY
/usr/bin/cxl enable-region "$region"
expect "$S/state" online_movable
check_plugged Movable
# unplugging while unbound works too
/usr/bin/cxl disable-region "$region"
echo unplugged > "$S/state"
expect "$S/state" unplugged
check_unplugged
! grep -q "sysram_$region" /proc/iomem || fail "reservation left"
# and with nothing plugged, the policy applies at the next bind
/usr/bin/cxl enable-region "$region"
expect "$S/state" online_movable
check_plugged Movable
echo unplugged > "$S/state"
check_unplugged
echo unplugged > "$S/online_type"
/usr/bin/cxl destroy-region -f "$region"
[ ! -e "$R" ] || fail "$region still exists"
! grep -q "sysram_" /proc/iomem || fail "reservation left"

# --- online_kernel: memory the kernel uses cannot be unplugged ---------------

# Last, since this memory stays until reboot: the kernel puts its own
# allocations there (and the pinner its page tables), which offlining
# cannot move: unplug fails with -EBUSY and changes nothing; unbind
# reports it and leaves it added, without hanging; bind takes it over.
new_sysram mem0
cxl enable-region "$region"
expect "$S/target_node" "$node"
echo online_kernel > "$S/state"
expect "$S/state" online_kernel
check_plugged Normal
start_pinner "$node" 64 task
expect_fail "$S/state" unplugged EBUSY
expect "$S/state" online_kernel
check_plugged Normal
echo "sysram_$region" > $drv/unbind
[ ! -e "$S/driver" ] || fail "still bound"
expect "$S/state" online_kernel
check_plugged Normal
grep -q "sysram_$region" /proc/iomem || fail "reservation released"
echo "sysram_$region" > $drv/bind
[ -e "$S/driver" ] || fail "not bound"
expect "$S/state" online_kernel
expect_fail "$S/state" unplugged EBUSY
expect "$S/state" online_kernel
check_plugged Normal
stop_pinner
# The region is left as it is: its memory stays until reboot.

check_dmesg
set +x
echo "kernel-sysram: PASS"
