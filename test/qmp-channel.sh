#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# The guest's QMP channel (scripts/vm.sh, scripts/qmp-relay.py, test/qmp),
# in the VM, preset dcd (one device with one 1 GiB DC region):
#
#   scripts/env.sh run scripts/vm.sh --preset dcd -- /src/test/qmp-channel.sh
#
# Every DCD test drives QEMU through this channel, so it is checked on its
# own, with no need for the kernel's Dynamic Capacity support: a reply, an
# error and its exit status, the DC commands accepted, concurrent clients
# each getting their own reply, and test/qmp's extent syntax.

set -ex

err()
{
	set +x
	echo "test/qmp-channel.sh: failed at line $1${2:+: $2}" >&2
	exit 1
}
trap 'err $LINENO' ERR

fail() { err "${BASH_LINENO[0]}" "$*"; }

qmp=$(dirname "$0")/qmp
dcd=/machine/peripheral/cxl-dcd0

# run CMD...: $out, $errout and $rc of the command, whatever its status
run()
{
	rc=0
	out=$("$@" 2> /tmp/qmp-channel.err) || rc=$?
	errout=$(cat /tmp/qmp-channel.err)
}

# --- a reply ---------------------------------------------------------------

run "$qmp" query-status
[ "$rc" = 0 ] || fail "query-status exited with $rc: $errout"
[ "$(echo "$out" | jq -r .status)" = running ] ||
	fail "query-status says '$out', expected running"

# --- an error: the range was never added -----------------------------------

run "$qmp" dc-release 0 0:128M
[ "$rc" = 1 ] || fail "release of a range never added exited with $rc"
[ -z "$out" ] || fail "an error printed '$out' on stdout"
echo "$errout" | grep -q 'non-existing DPA range' ||
	fail "unexpected error '$errout'"

# --- the DC commands are accepted ------------------------------------------

# The raw command as a DCD test would write it, then dc-add.  No kernel
# support is needed for QEMU to accept them: the extents stay pending.
run "$qmp" cxl-add-dynamic-capacity "{\"path\":\"$dcd\",\"host-id\":0,
	\"selection-policy\":\"prescriptive\",\"region\":0,
	\"extents\":[{\"offset\":0,\"len\":134217728}]}"
[ "$rc" = 0 ] && [ "$out" = '{}' ] ||
	fail "cxl-add-dynamic-capacity: status $rc, '$out' '$errout'"
run "$qmp" dc-add 0 256M:128M 0x18000000:0x8000000
[ "$rc" = 0 ] && [ "$out" = '{}' ] ||
	fail "dc-add: status $rc, '$out' '$errout'"
# QEMU's own checks come back as errors
run "$qmp" dc-add 0 1M:2M
[ "$rc" = 1 ] && echo "$errout" | grep -q 'not aligned' ||
	fail "a misaligned dc-add: status $rc, '$errout'"
run "$qmp" --path /machine/peripheral/no-such-dcd dc-add 0 512M:128M
[ "$rc" = 1 ] || fail "dc-add on a path with no device exited with $rc"

# --- concurrent clients each get their own reply ---------------------------

pids=()
for i in 1 2 3 4; do
	"$qmp" query-status > "/tmp/qmp-channel.$i" &
	pids+=($!)
done
for i in 1 2 3 4; do
	wait "${pids[$((i - 1))]}" || fail "concurrent client $i failed"
	[ "$(jq -r .status "/tmp/qmp-channel.$i")" = running ] ||
		fail "concurrent client $i got '$(cat "/tmp/qmp-channel.$i")'"
done

# --- test/qmp's command line -----------------------------------------------

run "$qmp" --dry-run --path /p --host-id 1 dc-release 2 0x200000:2M 1G:0x10M
[ "$(echo "$out" | jq -r '[.execute, (.arguments | .path, ."host-id",
	."removal-policy", .region)] | join(" ")')" = \
	"cxl-release-dynamic-capacity /p 1 prescriptive 2" ] ||
	fail "dc-release built '$out'"
[ "$(echo "$out" | jq -c .arguments.extents)" = \
	'[{"offset":2097152,"len":2097152},{"offset":1073741824,"len":16777216}]' ] ||
	fail "dc-release built '$out'"
for bad in "dc-add" "dc-add 0" "dc-add 0 0" "dc-add 0 0:1X" "dc-add 0 -2M:2M" \
	"--tag t dc-release 0 0:2M" "query-status [1]" "--no-such-option"; do
	# shellcheck disable=SC2086
	run "$qmp" --dry-run $bad
	[ "$rc" = 64 ] || fail "'test/qmp $bad' exited with $rc, expected 64"
done

set +x
echo "qmp-channel: PASS"
