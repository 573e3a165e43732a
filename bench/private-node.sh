#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# Private NUMA nodes cost explicit users nothing, and nobody else gets
# their memory, in one VM run (preset interleave):
#
#  - page-fault throughput of a process bound (numactl --membind) to a
#    256 MiB region of mem0 in decoder0.1 made private, against the same
#    region made ordinary, alternating, ROUNDS runs each of
#    test/numa-touch.c -t (map 32 MiB, touch every 4 KiB page, unmap;
#    CXL memory is MMIO to QEMU TCG, slow to fault in); target: private
#    within 5% of ordinary;
#  - pages that reached a private node (mem1, decoder0.0) without binding,
#    while unbound processes fault anonymous memory and fill the page
#    cache: target 0.
#
# Prints the figures and the comparison; asserts nothing (a run that could
# not measure exits non-zero).  Times are the guest's, under TCG: compare
# the two nodes with each other, not with hardware.
#
# usage (host): scripts/env.sh run bench/private-node.sh [ROUNDS]
# (in the guest: bench/private-node.sh --guest ROUNDS)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != --guest ]; then
	[ -x build/test/numa-touch ] || ninja -C build test/numa-touch cxl/cxl > /dev/null
	exec scripts/vm.sh --preset interleave --timeout 1800 -- \
		/src/bench/private-node.sh --guest "${1:-5}"
fi
rounds=${2:-5}
CXL=/src/build/cxl/cxl
TOUCH=/src/build/test/numa-touch
NODES=/sys/devices/system/node
mib=${MIB:-32}

# QEMU cannot DMA into a CXL window: cache the binary on node 0 before a
# bound run execs it (see test/private-node.sh)
"$TOUCH" 1 > /dev/null
# Under QEMU the two windows differ by far more than any node kind could
# (CXL memory is emulated MMIO; one window's accesses are ~30x slower
# than the other's here), so both kinds are measured in the same window,
# decoder0.1, on the same memdev: a private region, then an ordinary one
# in its place, alternating.  mem1 holds a private region in decoder0.0
# meanwhile for the unbound-pages count below.
create()
{
	"$CXL" create-sysram "$@" | jq -r .region
}
region_node() { cat "/sys/bus/cxl/devices/sysram_$1/target_node"; }

# pages on node $1 in use, from its vmstat
node_pages()
{
	awk '$1 ~ /^nr_(anon_pages|file_pages|shmem|kernel_stack|page_table_pages)$/ { s += $2 }
	     END { print s + 0 }' "$NODES/node$1/vmstat"
}

# one bound run: faults/s
fault_rate()
{
	numactl --membind="$1" "$TOUCH" -t 2 "$mib" |
		awk '{ printf "%.0f\n", $2 / ($4 / 1e9) }'
}

declare -a ra rb
for ((i = 0; i < rounds; i++)); do
	r=$(create -m mem0 -d decoder0.1 -s 256M --private)
	a=$(region_node "$r")
	ra+=("$(fault_rate "$a")")
	"$CXL" destroy-sysram -f "$r" > /dev/null
	r=$(create -m mem0 -d decoder0.1 -s 256M --online-type online_movable)
	b=$(region_node "$r")
	rb+=("$(fault_rate "$b")")
	"$CXL" destroy-sysram -f "$r" > /dev/null
done

# a private region for the unbound users
rp=$(create -m mem1 -d decoder0.0 -s 256M --private)
a=$(region_node "$rp")
echo "private region $rp on node $a ($(cat $NODES/has_private_memory) in has_private_memory)"

# unbound users: anonymous memory, page cache
before=$(node_pages "$a")
"$TOUCH" 256 > /tmp/unbound.out
find /usr/lib -type f -size +64k -exec cat {} + 2> /dev/null |
	head -c 256M > /dev/null || true
after=$(node_pages "$a")

median()
{
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
ma=$(median "${ra[@]}")
mb=$(median "${rb[@]}")

echo
echo "page faults, 4 KiB, $mib MiB x 2 per run, $rounds runs each, one region of mem0 in decoder0.1 (node $b) made private, then ordinary (faults/s):"
printf '  %-28s %s\n' "bound to it, private:" "${ra[*]}"
printf '  %-28s %s\n' "bound to it, ordinary:" "${rb[*]}"
printf '  median private %s, ordinary %s: private/ordinary = %s (target >= 0.95)\n' \
	"$ma" "$mb" "$(echo "scale=3; $ma / $mb" | bc)"
echo "unbound: 256 MiB anonymous ($(cat /tmp/unbound.out)), page cache of /usr/lib"
printf '  pages in use on private node %s: %s before, %s after: %s reached it (target 0)\n' \
	"$a" "$before" "$after" "$((after - before))"

"$CXL" destroy-sysram -f "$rp" > /dev/null
