#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# The kernel side of the sysram region ABI (kernel/patches, documented in
# Documentation/ABI/testing/sysfs-bus-cxl-sysram), driven through sysfs and
# the distribution's cxl/daxctl only, in the VM, preset 'single' (one 1 GiB
# volatile type-3 device), with memhp_default_state=offline:
#
#   scripts/env.sh run scripts/vm.sh --preset single \
#	--allow 'page dumped because: (unmovable page|migration failure)' \
#	-- test/kernel-sysram.sh
#
# (the kernel dumps the pages that make offlining fail; the test provokes
# that on purpose.)  Covers: memctrl=auto still gives the dax path;
# memctrl values and errors; sysram_regionZ and its attributes; every online
# type through state, all or nothing; every error of every attribute;
# online_type applied at bind; an unplug that fails on memory in use changes
# nothing (blocks already offlined are onlined again); a block offlined
# behind the driver's back; disable and destroy while online; unbind while
# memory is in use (reported, left added, no hang).

set -ex

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
# a node without memory may be gone altogether
node_kb()
{
	local f=/sys/devices/system/node/node$1/meminfo
	if [ -f "$f" ]; then
		awk '$3 == "MemTotal:" { print $4 }' "$f"
	else
		echo 0
	fi
}

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
	[ "$(node_kb "$node")" = $((size / 1024)) ] ||
		err "${BASH_LINENO[0]}" "node$node has $(node_kb "$node") kB"
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
	[ "$(node_kb "$node")" = 0 ] ||
		err "${BASH_LINENO[0]}" "node$node still has memory"
	! grep -q "System RAM (CXL)" /proc/iomem ||
		err "${BASH_LINENO[0]}" "System RAM (CXL) left in /proc/iomem"
}

# sysram-pinner NODE MIB task|mbind|splice: maps MIB of anonymous memory
# without huge pages and fills it from NODE, then sleeps.
#  task:   binds the task to NODE while it touches the memory, so that its
#          page tables come from NODE too: they are not movable, and the
#          memory blocks that hold them cannot be offlined while it runs.
#  mbind:  binds only the mapping to NODE and mlocks it: user memory, which
#          offlining migrates away.
#  splice: as mbind without mlock, and vmsplices 16 pages into a pipe that
#          it keeps: pages with extra references, which migration cannot
#          move, so offlining retries until it gets a signal.
pinner=/tmp/sysram-pinner
cat > $pinner.c <<'EOF'
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#define MPOL_DEFAULT	0
#define MPOL_BIND	2

int main(int argc, char **argv)
{
	unsigned long mask = 1UL << atoi(argv[1]);
	size_t len = strtoul(argv[2], NULL, 0) << 20, i;
	int task = strcmp(argv[3], "task") == 0;
	int splice = strcmp(argv[3], "splice") == 0;
	struct iovec iov;
	int pfd[2];
	char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || madvise(p, len, MADV_NOHUGEPAGE))
		return perror("mmap"), 1;
	/* the mapping's own kernel objects before any binding */
	p[0] = 1;
	if (task) {
		if (syscall(SYS_set_mempolicy, MPOL_BIND, &mask, 64))
			return perror("set_mempolicy"), 1;
	} else {
		if (syscall(SYS_mbind, p, len, MPOL_BIND, &mask, 64, 0))
			return perror("mbind"), 1;
		if (!splice && mlock(p, len))
			return perror("mlock"), 1;
	}
	for (i = 4096; i < len; i += 4096)
		p[i] = 1;
	if (splice) {
		/* the pipe holds references on 16 pages until it is closed */
		iov.iov_base = p + 4096;
		iov.iov_len = 16 * 4096;
		if (pipe(pfd) || vmsplice(pfd[1], &iov, 1, 0) != 16 * 4096)
			return perror("vmsplice"), 1;
	}
	if (task)
		syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0);
	printf("ready\n");
	fflush(stdout);
	pause();
	return 0;
}
EOF
gcc -O2 -Wall -o $pinner $pinner.c

# start_pinner MIB task|mbind|splice
start_pinner()
{
	local i
	$pinner "$node" "$1" "$2" > $pinner.out &
	pinner_pid=$!
	for i in $(seq 300); do
		grep -q ready $pinner.out && return 0
		sleep 0.1
	done
	err "${BASH_LINENO[0]}" "pinner did not start"
}

stop_pinner()
{
	kill -9 "$pinner_pid"
	wait "$pinner_pid" || true
	pinner_pid=
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

[ "$(cat $MEM/auto_online_blocks)" = offline ] ||
	fail "boot with memhp_default_state=offline"
[ -d /sys/bus/cxl/drivers/cxl_sysram_region ] ||
	fail "kernel without the sysram patches (no cxl_sysram_region driver)"
[ "$(cxl list -M | jqall .memdev)" = mem0 ] || fail "expected exactly mem0"
[ -z "$(cxl list -R)" ] || [ "$(cxl list -R)" = "[]" ] ||
	fail "a region exists before the test"
decoder=$(cxl list -D -d root |
	jqall 'select(.volatile_capable == true) | .decoder' | head -1)
[ -n "$decoder" ] || fail "no volatile-capable root decoder"
total0=$(meminfo_kb MemTotal)

# --- memctrl=auto: the dax path as before ----------------------------------

region=$(cxl create-region -t ram -m mem0 -d "$decoder" | jqall .region)
[ -d "$DEVS/$region" ] || fail "create-region made no region"
id=${region#region}
R=$DEVS/$region
S=$DEVS/sysram_$region
expect "$R/memctrl" auto
[ -d "$DEVS/dax_$region" ] || fail "memctrl=auto registered no dax_$region"
[ ! -e "$S" ] || fail "memctrl=auto registered $S"
dax=$(daxctl list -r "$id" -D | jqall .chardev)
[ -n "$dax" ] || fail "no dax device for $region"
if [ "$(daxctl list -d "$dax" | jqall .mode)" = system-ram ]; then
	daxctl online-memory "$dax"
else
	daxctl reconfigure-device --mode=system-ram "$dax"
fi
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

# --- memctrl=sysram: sysram_regionZ ------------------------------------------

echo sysram > "$R/memctrl"
expect "$R/memctrl" sysram
cxl enable-region "$region"
[ ! -e "$DEVS/dax_$region" ] || fail "memctrl=sysram registered dax_$region"
[ -d "$S" ] || fail "no $S"
[ "$(readlink -f "$S")" = "$(readlink -f "$R")/sysram_$region" ] ||
	fail "$S is not a child of $region"
[ "$(basename "$(readlink "$S/driver")")" = cxl_sysram_region ] ||
	fail "$S is not bound to cxl_sysram_region"
expect "$S/devtype" cxl_sysram_region
expect "$S/modalias" cxl:t10
expect "$S/state" unplugged
expect "$S/online_type" unplugged
expect "$S/private" 0
expect "$S/uuid" 00000000-0000-0000-0000-000000000000
expect "$S/size" 0x40000000
node=$(cat "$S/target_node")
[[ "$node" =~ ^[0-9]+$ ]] || fail "target_node '$node' is not decimal"
[ "$node" = "$dax_node" ] || fail "target_node $node, the dax path used $dax_node"
start=$(($(cat "$R/resource")))
size=$(($(cat "$S/size")))
[ $((start % block)) = 0 ] || fail "region start not block aligned"
grep -q "sysram_$region" /proc/iomem || fail "range not reserved"
check_unplugged
expect_fail "$R/memctrl" auto EBUSY

# every attribute's errors while unplugged
expect_fail "$S/state" offline EINVAL
expect_fail "$S/state" bogus EINVAL
expect_fail "$S/state" "" EINVAL
expect_fail "$S/online_type" offline EINVAL
expect_fail "$S/online_type" bogus EINVAL
expect_fail "$S/private" 1 EOPNOTSUPP
expect_fail "$S/private" 2 EINVAL
expect_fail "$S/private" bogus EINVAL
echo 0 > "$S/private"
expect "$S/private" 0
expect_fail "$S/uuid" 00000000-0000-0000-0000-000000000000 EOPNOTSUPP
expect_fail "$S/uuid" 5be13bce-ae34-4a77-b6c3-16df975fcf1a EOPNOTSUPP
expect_fail "$S/uuid" bogus EOPNOTSUPP
expect "$S/uuid" 00000000-0000-0000-0000-000000000000
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
expect_fail "$S/private" 0 EBUSY
expect_fail "$S/private" 1 EOPNOTSUPP
expect_fail "$S/state" offline EINVAL
check_plugged Movable
# the policy never moves plugged memory
echo online_kernel > "$S/online_type"
expect "$S/online_type" online_kernel
expect "$S/state" online_movable
check_plugged Movable
echo unplugged > "$S/online_type"

# memory in use, but movable: unplug migrates it away
start_pinner 256 mbind
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

# --- blocks offlined behind the driver's back read "offline" -----------------

echo online_movable > "$S/state"
for b in $(blocks); do
	echo offline > $MEM/memory$b/state
done
expect "$S/state" offline
expect_fail "$S/state" online_movable EBUSY
expect_fail "$S/state" offline EINVAL
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
start_pinner 16 splice
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
stop_pinner
echo unplugged > "$S/state"
expect "$S/state" unplugged
check_unplugged

# --- online_type at bind, unbind and disable while online --------------------

drv=/sys/bus/cxl/drivers/cxl_sysram_region
echo online_movable > "$S/online_type"
echo "sysram_$region" > $drv/unbind
[ ! -e "$S/driver" ] || fail "still bound"
expect "$S/state" unplugged
expect "$S/online_type" online_movable
expect_fail "$S/state" online_movable ENXIO
echo unplugged > "$S/state"
! grep -q "sysram_$region" /proc/iomem || fail "reservation kept after unbind"
echo "sysram_$region" > $drv/bind
expect "$S/state" online_movable
check_plugged Movable
# unbind while online: everything is removed
echo "sysram_$region" > $drv/unbind
expect "$S/state" unplugged
check_unplugged
echo "sysram_$region" > $drv/bind
check_plugged Movable

# disable the region while online: the sysram device and its memory go
cxl disable-region "$region"
[ ! -e "$S" ] || fail "$S survived disable-region"
check_unplugged
! grep -q "sysram_$region" /proc/iomem || fail "reservation left"
expect "$R/memctrl" sysram
cxl enable-region "$region"
expect "$S/online_type" unplugged
expect "$S/state" unplugged
echo online_movable > "$S/state"
check_plugged Movable

# destroy the region while online
cxl destroy-region -f "$region"
[ ! -e "$R" ] || fail "$region still exists"
check_unplugged
! grep -q "sysram_" /proc/iomem || fail "reservation left"

# --- online_kernel: memory the kernel uses cannot be unplugged ---------------

# Last, since this memory stays until reboot: the kernel puts its own
# allocations there (and the pinner its page tables), which offlining
# cannot move: unplug fails with -EBUSY and changes nothing; unbind
# reports it and leaves it added, without hanging; bind takes it over.
region=$(cxl create-region -t ram -m mem0 -d "$decoder" | jqall .region)
R=$DEVS/$region
S=$DEVS/sysram_$region
cxl disable-region "$region"
echo sysram > "$R/memctrl"
cxl enable-region "$region"
start=$(($(cat "$R/resource")))
expect "$S/target_node" "$node"
echo online_kernel > "$S/state"
expect "$S/state" online_kernel
check_plugged Normal
start_pinner 64 task
expect_fail "$S/state" unplugged EBUSY
expect "$S/state" online_kernel
check_plugged Normal
echo "sysram_$region" > $drv/unbind
[ ! -e "$S/driver" ] || fail "still bound"
dmesg | grep -q "sysram_$region: .*left added until bound again or reboot" ||
	fail "no report of the memory left added"
expect "$S/state" online_kernel
check_plugged Normal
grep -q "sysram_$region" /proc/iomem || fail "reservation released"
# binding again takes the memory over: it can be unplugged again once free
echo "sysram_$region" > $drv/bind
[ -e "$S/driver" ] || fail "not bound"
expect "$S/state" online_kernel
check_plugged Normal
expect_fail "$S/state" unplugged EBUSY
expect "$S/state" online_kernel
check_plugged Normal
# and unbind leaves it again
echo "sysram_$region" > $drv/unbind
expect "$S/state" online_kernel
check_plugged Normal
stop_pinner
# The region is left as it is: decommitting it would pull the memory
# from under the kernel.

check_dmesg
set +x
echo "kernel-sysram: PASS"
