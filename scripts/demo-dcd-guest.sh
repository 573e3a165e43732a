#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# The Dynamic Capacity part of 'make demo', in the VM (preset 'dcd': one
# device with 1 GiB of dynamic capacity and no static capacity).  The
# device's side is played by QEMU, driven over its QMP from here
# (test/qmp): extents arrive, are hot-plugged, and leave.  Each command is
# printed, then its output.  Stops at the first command that fails.
set -eu
export PATH=/src/build/cxl:$PATH
QMP=/src/test/qmp

say() { printf '\n\033[1m## %s\033[0m\n' "$*"; }
run() {
	printf '\033[1m# %s\033[0m\n' "$*"
	"$@"
}
# extents_settle REGION N: wait until N extents are listed and none is
# on its way in or out (the kernel plugs and releases them in the back)
extents_settle() {
	local i n s
	for i in $(seq 100); do
		n=$(cxl list-extents -r "$1" 2> /dev/null | jq length)
		s=$(cat "/sys/bus/cxl/devices/sysram_$1/state")
		[ "$n" = "$2" ] && [ "$s" != mixed ] && return 0
		sleep 0.2
	done
	echo "demo: extents of $1 did not settle" >&2
	return 1
}
iomem() { grep -A1 ': extent' /proc/iomem || true; grep MemTotal /proc/meminfo; }
# qmp_step N LIST-COMMAND QMP-ARGS...: the device's request over QMP, then
# the extents once N have settled, as LIST-COMMAND shows them
qmp_step() {
	local n=$1 list=$2
	shift 2
	run $QMP "$@"
	extents_settle "$region" "$n"
	run cxl $list -r "$region" -u  # (word-split on purpose: "list -N")
	iomem
}

say "A Dynamic Capacity device: its DC partition (dynamic_ram_1), no static capacity"
run cxl list -M -m mem0 -u
say "A DC sysram region: decoding the partition, with no memory until the device grants extents"
run cxl create-sysram -t dynamic_ram_1 -m mem0 --online-type online_movable -u
region=$(cxl list -N | jq -r '.[0].region')
run cat "/sys/bus/cxl/devices/sysram_$region/size"
say "The device adds a 256 MiB extent (QMP cxl-add-dynamic-capacity): accepted, hot-plugged"
qmp_step 1 list-extents dc-add 0 0:256M
say "Two more in one chain of events, answered with one Add DC Response"
qmp_step 3 "list -N" dc-add 0 512M:128M 768M:128M
say "The device asks for the first one back (cxl-release-dynamic-capacity): unplugged, then released"
qmp_step 2 list-extents dc-release 0 0:256M
say "A 2 MiB extent is refused: not aligned to the 128 MiB memory block; the kernel log says why"
run $QMP dc-add 0 256M:2M
sleep 1
dmesg | grep 'rejected' | tail -n 1
run cxl list-extents -r "$region" -u
say "Destroy: the memory is unplugged and every extent goes back to the device"
run cxl destroy-sysram -f "$region"
iomem
say "QEMU confirms: releasing an extent the host gave back fails"
$QMP dc-release 0 512M:128M || true
