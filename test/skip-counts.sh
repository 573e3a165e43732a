#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# A skip is not a pass: test/common's check_prereq skips a VM test with
# meson's code 77 when a tool is missing, and scripts/tally.sh (make
# check's count) counts a skipped test program as a failure.  Prints TAP.
#
# usage: skip-counts.sh SRCDIR
set -u
src=${1:?usage: skip-counts.sh SRCDIR}
# shellcheck source=test/tap.sh
. "$src/test/tap.sh"
work=$(mktemp -d /tmp/skip-counts.XXXXXX)
trap 'rm -rf "$work"' EXIT

# check_prereq of a tool that is missing: 77, and why
(
	# shellcheck source=test/common
	. "$src/test/common"
	check_prereq no-such-tool-here
	exit 0
) 2> "$work/err"
rc=$?
[ "$rc" = 77 ] && grep -q "missing: no-such-tool-here" "$work/err"
tap $? "check_prereq exits 77 for a missing tool (got $rc)"
( . "$src/test/common"; check_prereq bash; exit 0 )
tap $? "check_prereq of a tool that is there goes on"

# meson's log of three programs: one passing two cases, one skipped
# (77, no TAP), one failing a case
mkdir -p "$work/b/meson-logs"
jq -nc '{name: "a", result: "OK", stdout: "ok 1 - x\nok 2 - y\n1..2\n"}' \
	> "$work/b/meson-logs/testlog.json"
jq -nc '{name: "vm", result: "SKIP", stdout: "missing: numactl\n"}' \
	>> "$work/b/meson-logs/testlog.json"
jq -nc '{name: "c", result: "FAIL", stdout: "ok 1 - x\nnot ok 2 - y\n"}' \
	>> "$work/b/meson-logs/testlog.json"
(
	passed=0 failed=0
	failures=()
	# shellcheck source=scripts/tally.sh
	. "$src/scripts/tally.sh"
	tally "$work/b"
	echo "$passed $failed ${failures[*]}"
) > "$work/out"
read -r p f rest < "$work/out"
[ "$p" = 3 ] && [ "$f" = 2 ]
tap $? "tally: 3 passed, the skip and the failed case 2 failed (got $p, $f)"
tap_end
