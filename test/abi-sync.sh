#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# abi-sync.sh KERNEL-SRC: every entry of our ABI documents reads the same
# in the patched kernel's (sysfs-bus-cxl, and the private node list in
# stable/sysfs-devices-node), but those of the patches still to come: the
# Dynamic Capacity extents and uuid (DCD).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
ours=$src/Documentation/ABI/testing/sysfs-bus-cxl-sysram
theirs=${1:?usage: abi-sync.sh KERNEL-SRC}/Documentation/ABI/testing/sysfs-bus-cxl

# entry WHAT FILE: the entry's lines, up to the blank line after it
entry() {
	awk -v w="What:		$1" '$0 == w { on = 1 } on && /^$/ { exit } on' "$2"
}

bad=0
for w in $(sed -n 's/^What:\t\t//p' "$ours"); do
	if ! diff -u <(entry "$w" "$ours") <(entry "$w" "$theirs"); then
		echo "abi-sync: $w differs between our document and the kernel's"
		bad=1
	fi
done
# the private node list, among the node state lists of the stable ABI
node=$src/Documentation/ABI/testing/sysfs-devices-node-private
w=/sys/devices/system/node/has_private_memory
if ! diff -u <(entry "$w" "$node") \
	<(entry "$w" "$1/Documentation/ABI/stable/sysfs-devices-node"); then
	echo "abi-sync: $w differs between our document and the kernel's"
	bad=1
fi
[ "$bad" = 0 ] && echo "abi-sync: the kernel documents our ABI word for word"
exit $bad
