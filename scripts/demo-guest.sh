#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# The walk through sysram regions that 'make demo' runs in the VM (preset
# 'single': one 1 GiB CXL type-3 device behind a host bridge): each command
# is printed, then its output.  Stops at the first command that fails.
# The guest boots with movable_node, so that the 'online' type (the kernel
# picks the zone) picks ZONE_MOVABLE and the memory can be removed again.
set -eu
CXL=/src/build/cxl/cxl
export PATH=/src/build/cxl:$PATH

say() { printf '\n\033[1m## %s\033[0m\n' "$*"; }
run() {
	printf '\033[1m# %s\033[0m\n' "$*"
	"$@"
}
# blocks [REGION]: the state and zone of each memory block of the region
blocks() {
	local region=${1:-region0} start size bs i
	read -r start size <<< "$(cxl list -r "$region" | jq -r '.[0] | "\(.resource) \(.size)"')"
	bs=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
	printf '# memory blocks of %s:' "$region"
	for ((i = start / bs; i < (start + size) / bs; i++)); do
		[ -d /sys/devices/system/memory/memory$i ] || continue
		printf ' %s(%s)' "$(cat /sys/devices/system/memory/memory$i/state)" \
			"$(cat /sys/devices/system/memory/memory$i/valid_zones)"
	done
	echo
	grep MemTotal /proc/meminfo
}

say "The CXL device, as the distribution's cxl shows it (handed on unchanged)"
run cxl list -M -u
say "Create a sysram region: the CXL core hot-plugs its memory as System RAM"
run cxl create-sysram -m mem0 -d decoder0.0 -u
blocks
run cat /sys/bus/cxl/devices/sysram_region0/state
say "cxl list -N: the region with its sysram object (and extents, on DCD)"
run cxl list -N
say "Unplug the memory; the region stays"
run cxl offline-sysram region0
blocks
say "Plug it again with another online type: 'online' lets the kernel pick the zone (movable_node: ZONE_MOVABLE)"
run cxl online-sysram --online-type online region0
blocks
run cxl list -r region0 -u
say "state reads the memory blocks: one block offlined by hand makes it 'mixed'"
first=$(($(cxl list -r region0 | jq -r '.[0].resource') /
	0x$(cat /sys/devices/system/memory/block_size_bytes)))
run sh -c "echo offline > /sys/devices/system/memory/memory$first/state"
run cat /sys/bus/cxl/devices/sysram_region0/state
run cxl offline-sysram region0
say "The policy is set before the region binds: disable, enable, and the driver plugs per online_type"
run cat /sys/bus/cxl/devices/sysram_region0/online_type
run cxl online-sysram region0
run cxl disable-region region0 || true
run cxl disable-region -f region0
run cat /sys/bus/cxl/devices/sysram_region0/state
run cxl enable-region region0
blocks
say "Destroy: refused while the memory is online, then forced"
run cxl destroy-sysram region0 || true
run cxl destroy-sysram -f region0
grep MemTotal /proc/meminfo
run cxl list -R
say "Adopt a region that came up through the dax path (create-sysram -r): its memory offline, memctrl, back online as sysram"
region=$(cxl create-region -t ram -m mem0 -d decoder0.0 | jq -r .region)
echo "# cxl create-region -t ram -m mem0 -d decoder0.0: $region"
run daxctl online-memory dax${region#region}.0
run daxctl list -r "${region#region}" -D
blocks "$region"
run cxl create-sysram -r "$region" -v
blocks "$region"
run daxctl list -r "${region#region}" -D
say "And back: destroy-sysram --to-dax keeps the region and hands it to the dax path, memory online as it was"
run cxl destroy-sysram --to-dax "$region" -v
run daxctl list -r "${region#region}" -D
blocks "$region"
run daxctl offline-memory "dax${region#region}.0"
run cxl destroy-region -f "$region"
say "A private NUMA node, the mission's command: the CXL memory is only for processes that bind to its node"
run cxl create-sysram -m mem0 --private
region=$(cxl list -N | jq -r '.[0].region')
node=$(cat "/sys/bus/cxl/devices/sysram_$region/target_node")
run cat /sys/devices/system/node/has_memory /sys/devices/system/node/has_private_memory
run numactl -H
# (QEMU cannot DMA into a CXL window: cache the binary on node 0 first, so
# that the bound run below does not read it into page cache on the CXL node)
/src/build/test/numa-touch 1 > /dev/null
say "64 MiB touched by an unbound process, then by one bound with numactl --membind=$node: where each page is"
run /src/build/test/numa-touch 64
run numactl --membind="$node" /src/build/test/numa-touch 64
run cxl list -N -r "$region"
say "Destroyed, the node is an ordinary node again"
run cxl destroy-sysram -f "$region"
run cat /sys/devices/system/node/has_private_memory
