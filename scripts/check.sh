#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# Every test of the project, in the reference environment (or natively on
# a host that has the dependencies): the unit tests, the same tests under
# AddressSanitizer and UndefinedBehaviorSanitizer, a short run of each
# fuzz target, and the VM tests.  Ends
# with one "check: N passed, N failed" line counting every test case.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0 failed=0
declare -a failures=()

# tally DIR: the test cases of one build directory into the counts
. scripts/tally.sh

# setup_build DIR [MESON-OPTION...]: configure once, reconfigure if needed
setup_build() {
	local dir=$1
	shift
	if [ -f "$dir/build.ninja" ]; then
		meson setup --reconfigure "$dir" "$@" > "$dir.setup.log" 2>&1
	else
		meson setup "$dir" "$@" > "$dir.setup.log" 2>&1
	fi || {
		cat "$dir.setup.log"
		echo "check: meson setup $dir failed"
		failed=$((failed + 1))
		return 1
	}
}

unit() {
	local dir=$1
	shift
	echo "== unit tests ($dir)"
	setup_build "$dir" "$@" || return
	# everything, man pages included: meson test builds only what tests use
	if ! ninja -C "$dir" > "$dir.build.log" 2>&1; then
		cat "$dir.build.log"
		failures+=("$dir: build failed")
		failed=$((failed + 1))
		return
	fi
	meson test -C "$dir" --suite unit --print-errorlogs
	tally "$dir"
}

# the libFuzzer targets (fuzz/), built with clang, a few seconds each
fuzz() {
	local dir=build-fuzz
	echo "== fuzz targets ($dir)"
	CC=clang setup_build "$dir" -Dfuzz=enabled -Ddocs=disabled || return
	if ! ninja -C "$dir" fuzz > "$dir.build.log" 2>&1; then
		cat "$dir.build.log"
		failures+=("$dir: build failed")
		failed=$((failed + 1))
		return
	fi
	meson test -C "$dir" --suite fuzz --no-rebuild --print-errorlogs
	tally "$dir"
}

# vm PRESET TEST [ARG]: one guest run of a test script, one test case;
# $VM_APPEND, if set, goes on the guest's kernel command line
vm() {
	local preset=$1 test=$2 arg=${3:-} t log
	local -a opts=()
	[ -z "${VM_APPEND:-}" ] || opts=(--append "$VM_APPEND")
	t=$(date +%s)
	log=build/vm-$preset-$(basename "$test" .sh)${arg:+-$arg}.log
	echo "== vm ($preset): $test $arg"
	# a refused unplug makes the kernel dump the page that refused it:
	# that is the -EBUSY path working, not a kernel bug
	if scripts/vm.sh --preset "$preset" --timeout 900 "${opts[@]}" \
		--allow 'page dumped because: (unmovable page|isolation failed|migration failure)' \
		-- "/src/$test" $arg > "$log" 2>&1; then
		passed=$((passed + 1))
		echo "ok - $preset $test $arg ($(($(date +%s) - t)) s)"
	else
		failed=$((failed + 1))
		failures+=("vm $preset $test $arg (log: $log)")
		tail -n 40 "$log"
		echo "not ok - $preset $test $arg ($(($(date +%s) - t)) s)"
	fi
}

vm_tests() {
	local t
	echo "== kernel"
	t=$(date +%s)
	if ! scripts/kernel-build.sh > build/kernel-build.log 2>&1; then
		tail -n 40 build/kernel-build.log
		failed=$((failed + 1))
		failures+=("kernel build (log: build/kernel-build.log)")
		return
	fi
	tail -n 1 build/kernel-build.log
	echo "== kernel ready in $(($(date +%s) - t)) s"
	if test/abi-sync.sh "${CXL_SYSRAM_KDIR:-/cache/kernel}/src"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures+=("the kernel's ABI document differs from ours")
	fi
	vm single test/vm-smoke.sh
	# the guest's QMP channel, which the DCD tests drive QEMU with
	vm dcd test/qmp-channel.sh
	vm single test/kernel-sysram.sh main
	VM_APPEND=memhp_default_state=online_movable \
		vm single test/kernel-sysram.sh default
	vm interleave test/kernel-sysram.sh memtier
	# kernel-zone memory may stay plugged for good: a guest per phase
	vm single test/cxl-sysram.sh movable
	vm single test/cxl-sysram.sh kernel
	vm single test/cxl-sysram.sh online
	vm interleave test/cxl-sysram.sh movable
	vm interleave test/races.sh create
	vm interleave test/races.sh destroy
	# private NUMA nodes: the interleave preset has two CXL windows
	vm interleave test/private-node.sh main
	vm interleave test/private-node.sh isolation
	# Dynamic Capacity: extents added and released over QMP
	vm dcd test/dcd.sh extents
	vm dcd test/dcd.sh reject
	vm dcd test/dcd.sh pinned
	vm dcd test/dcd.sh unplugged
	# create-sysram -r; pinned leaves ZONE_NORMAL memory behind: last
	vm single test/cxl-adopt.sh adopt
	vm single test/cxl-adopt.sh devdax
	vm single test/cxl-adopt.sh inject
	vm single test/cxl-adopt.sh todax
	vm single test/cxl-adopt.sh pinned
}

t0=$(date +%s)
unit build
unit build-asan -Ddocs=enabled -Db_sanitize=address,undefined \
	-Db_lundef=false
fuzz
# --unit: the fast loop for developers; its summary says it is partial
what=check
if [ "${1:-}" = --unit ]; then
	what=check-unit
	echo "== unit tests only: the VM tests were not run"
else
	vm_tests
fi
echo "== done in $(($(date +%s) - t0)) s"

for f in "${failures[@]}"; do
	echo "check: FAILED: $f"
done
echo "$what: $passed passed, $failed failed"
[ "$failed" = 0 ]
