#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# Private NUMA nodes cost explicit users nothing, and nobody else gets
# their memory: in one VM run (preset interleave), a private sysram region
# of mem0 on node A (decoder0.0) and an ordinary one of mem1 on node B
# (decoder0.1), both 512 MiB and both ZONE_MOVABLE, then
#
#  - page-fault throughput of a process bound to A (numactl --membind)
#    against the same process bound to B, alternating, ROUNDS runs each of
#    test/numa-touch.c -t (map 32 MiB, touch every 4 KiB page, unmap;
#    CXL memory is MMIO to QEMU TCG, slow to fault in);
#    target: A within 5% of B;
#  - pages that reached A without binding, while unbound processes fault
#    anonymous memory and fill the page cache: target 0.
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
		env SWAP="${SWAP:-0}" /src/bench/private-node.sh --guest "${1:-5}"
fi
rounds=${2:-5}
CXL=/src/build/cxl/cxl
TOUCH=/src/build/test/numa-touch
NODES=/sys/devices/system/node
mib=${MIB:-32}

create()
{
	"$CXL" create-sysram "$@" | jq -r .region
}
# QEMU cannot DMA into a CXL window: cache the binary on node 0 before a
# bound run execs it (see test/private-node.sh)
"$TOUCH" 1 > /dev/null
# SWAP=1 puts the private region in the second window instead, to tell a
# cost of the node's kind from one of the window or device under QEMU
if [ "${SWAP:-0}" = 1 ]; then
	ro=$(create -m mem1 -d decoder0.0 -s 512M --online-type online_movable)
	rp=$(create -m mem0 -d decoder0.1 -s 512M --private)
else
	rp=$(create -m mem0 -d decoder0.0 -s 512M --private)
	ro=$(create -m mem1 -d decoder0.1 -s 512M --online-type online_movable)
fi
a=$(cat "/sys/bus/cxl/devices/sysram_$rp/target_node")
b=$(cat "/sys/bus/cxl/devices/sysram_$ro/target_node")
echo "private region $rp on node $a ($(cat $NODES/has_private_memory)" \
	"in has_private_memory), ordinary region $ro on node $b"

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
	ra+=("$(fault_rate "$a")")
	rb+=("$(fault_rate "$b")")
done

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
echo "page faults, 4 KiB, $mib MiB x 2 per run, $rounds runs per node (faults/s):"
printf '  %-28s %s\n' "bound to private node $a:" "${ra[*]}"
printf '  %-28s %s\n' "bound to ordinary node $b:" "${rb[*]}"
printf '  median private %s, ordinary %s: private/ordinary = %s (target >= 0.95)\n' \
	"$ma" "$mb" "$(echo "scale=3; $ma / $mb" | bc)"
echo "unbound: 256 MiB anonymous ($(cat /tmp/unbound.out)), page cache of /usr/lib"
printf '  pages in use on private node %s: %s before, %s after: %s reached it (target 0)\n' \
	"$a" "$before" "$after" "$((after - before))"

"$CXL" destroy-sysram -f "$rp" "$ro" > /dev/null
