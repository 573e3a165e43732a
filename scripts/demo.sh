#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# make demo: builds the tools and the patched kernel (both incremental),
# boots the 'single' VM and walks through sysram regions there, printing
# each command and its output (scripts/demo-guest.sh), and ends with a
# dax-path region adopted by create-sysram -r.  Runs inside the
# environment.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== building the tools"
[ -f build/build.ninja ] || meson setup build > build.setup.log
ninja -C build > build.build.log 2>&1 || { cat build.build.log; exit 1; }
echo "== building the kernel (Linux 7.3 + kernel/patches; reused when unchanged)"
scripts/kernel-build.sh > build/kernel-build.log 2>&1 ||
	{ tail -n 40 build/kernel-build.log; exit 1; }
tail -n 1 build/kernel-build.log
echo "== booting QEMU (TCG) with an emulated CXL type-3 device"
scripts/vm.sh --preset single --timeout 600 --append movable_node \
	-- /src/scripts/demo-guest.sh
echo "== booting QEMU (TCG) with an emulated Dynamic Capacity device"
exec scripts/vm.sh --preset dcd --timeout 600 -- /src/scripts/demo-dcd-guest.sh
