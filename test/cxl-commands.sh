#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# The cxl front end against fixture sysfs trees: delegation to the
# distribution's cxl, cxl list with sysram objects and -N, list-extents and
# its filters, online-sysram and offline-sysram writes and partial failure,
# disable-region and destroy-region guarded for plugged sysram memory
# (against a stand-in upstream that records its arguments), and every
# validation error of every command, with a check that nothing in the
# tree changed; cxl --version unchanged and the verbose forms and cxl
# help naming the front end; as user nobody (setpriv), every writing
# command refused at once with nothing written, the read-only ones as for
# root.  The create and destroy flows need a kernel: they are tested in
# the VM.  Prints TAP.
#
# usage: cxl-commands.sh (env: CXL=our cxl, UPSTREAM=the distribution's,
#        FIXTURE=test/fixture.sh, CXL_SYSRAM_MANDIR=built man pages)
set -u

. "$(dirname "$0")/in-mount-ns"

: "${CXL:?}" "${FIXTURE:?}"
UPSTREAM=${UPSTREAM:-/usr/bin/cxl}
work=$(mktemp -d /tmp/cxl-commands.XXXXXX)
mount -t tmpfs tmpfs "$work"
mkdir -p /dev/cxl
seq=0 n=0 failed=0
SYSRAM0=devices/platform/ACPI0017:00/root0/decoder0.0/region0/sysram_region0
SYSRAM3=devices/platform/ACPI0017:00/root0/decoder0.0/region3/sysram_region3
DEVS=/sys/bus/cxl/devices
TAG=5be13bce-ae34-4a77-b6c3-16df975fcf1a

fixture() {
	umount -l /dev/cxl 2>/dev/null
	umount -l /sys 2>/dev/null
	seq=$((seq + 1))
	fx=$work/fx$seq
	"$FIXTURE" "$fx" "$@" || { echo "Bail out! fixture.sh $*"; exit 1; }
	mount --bind "$fx/sys" /sys
	mount --bind "$fx/dev/cxl" /dev/cxl
}

# every file of the fixture with its content; flush is libcxl's own
snapshot() {
	(cd "$fx/sys" && find . -type f ! -name flush -print0 | sort -z |
		xargs -0 md5sum)
}

# t NAME CMD...: one test case; CMD's status decides
t() {
	local name=$1
	shift
	n=$((n + 1))
	if out=$("$@" 2>&1); then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		echo "$out" | sed 's/^/# /'
		failed=$((failed + 1))
	fi
}

# run CMD...: our cxl, stdout in $work/out, stderr in $work/err, status in rc
run() {
	"$CXL" "$@" > "$work/out" 2> "$work/err"
	rc=$?
}

fail() {
	echo "$*"
	echo "stdout:"
	cat "$work/out"
	echo "stderr:"
	cat "$work/err"
	return 1
}

jqout() {
	jq -e "$@" "$work/out" > /dev/null || fail "jq $* did not hold"
}

# ------------------------------------------------------------------
# delegation: outputs equal to the distribution's on the same tree

# same_as_upstream ARGS...: stdout byte for byte, stderr and status the same
same_as_upstream() {
	local rc_ours rc_theirs
	"$CXL" "$@" > "$work/o1" 2> "$work/e1"
	rc_ours=$?
	"$UPSTREAM" "$@" > "$work/o2" 2> "$work/e2"
	rc_theirs=$?
	cmp "$work/o1" "$work/o2" && cmp "$work/e1" "$work/e2" &&
		[ "$rc_ours" = "$rc_theirs" ] ||
		{ echo "ours ($rc_ours):"; cat "$work/o1" "$work/e1"
		  echo "upstream ($rc_theirs):"; cat "$work/o2" "$work/e2"
		  return 1; }
}

# ours_as_upstream OURS -- THEIRS: our output for one command line equals
# upstream's for another, byte for byte
ours_as_upstream() {
	local -a ours=()
	while [ "$1" != -- ]; do ours+=("$1"); shift; done
	shift
	"$CXL" "${ours[@]}" > "$work/o1" 2>/dev/null
	"$UPSTREAM" "$@" > "$work/o2" 2>/dev/null
	cmp "$work/o1" "$work/o2" || { diff "$work/o1" "$work/o2"; return 1; }
}

fixture memdevs=2 region=0:ram:dax region=1:pmem:pmem region=4:ram:auto
for args in "list -M" "list -R" "list" "list -vvv" "list -R -u" \
	"list -D -d root" "list -R -T -X" "list -r region1" "list -r 9" \
	"version" "--version" "bogus" "list --bogus" "list -P -p port1" \
	"disable-region region9"; do
	t "delegated 'cxl $args' equals upstream's (no sysram regions)" \
		same_as_upstream $args
done
t "list -N without sysram regions equals upstream's list -R" \
	ours_as_upstream list -N -- list -R
t "list -Nu without sysram regions equals upstream's list -Ru" \
	ours_as_upstream list -Nu -- list -uR
t "a filter value with an N in it is not taken for -N" \
	same_as_upstream list -mN
t "a detached filter value N is not taken for -N" \
	same_as_upstream list -r N
check_list_cmds() {
	run --list-cmds
	for c in list create-region destroy-region create-sysram \
		destroy-sysram online-sysram offline-sysram list-extents; do
		grep -qx "$c" "$work/out" || fail "$c missing" || return 1
	done
	# upstream's list first, ours appended, once each
	[ "$(grep -cx list "$work/out")" = 1 ] || fail "list twice"
}
t "cxl --list-cmds lists upstream's and our commands" check_list_cmds
check_list_opts() {
	run create-sysram --list-opts
	for o in --memdevs --decoder --size --ways --granularity --type \
		--uuid --private --online-type --no-online --human --debug; do
		grep -q -- "$o " "$work/out" || fail "$o missing" || return 1
	done
	run list --list-opts
	grep -q -- "--regions" "$work/out" && grep -q -- "--extents" "$work/out" ||
		fail "list opts: upstream's and --extents"
}
t "--list-opts for our and delegated commands" check_list_opts
check_help() {
	MANPAGER=cat MANWIDTH=80 "$CXL" create-sysram --help > "$work/out" 2>&1 ||
		fail "create-sysram --help failed" || return 1
	grep -q "cxl-create-sysram - " "$work/out" || fail "no man page" || return 1
	MANPAGER=cat MANWIDTH=80 "$CXL" help list-extents > "$work/out" 2>&1 ||
		fail "help list-extents failed" || return 1
	grep -q "cxl-list-extents - " "$work/out" || fail "no man page" || return 1
	run help
	grep -q "create-sysram" "$work/out" && grep -q "usage: cxl" "$work/out" ||
		fail "cxl help"
}
t "--help and help open the man pages" check_help

# cxl --version stays upstream's (the delegation cases above): scripts
# compare it as a number.  The verbose forms and cxl help name the front
# end, its version and the binary it hands commands to.
check_version_verbose() {
	local args want
	want="cxl-sysram $VERSION front end; other commands run $UPSTREAM"
	for args in "version -v" "version --verbose" "--version --verbose" \
		"--version -v"; do
		# shellcheck disable=SC2086
		run $args
		[ "$rc" = 0 ] || fail "$args: rc $rc" || return 1
		[ "$(sed -n 1p "$work/out")" = "$("$UPSTREAM" --version)" ] ||
			fail "$args: first line not upstream's" || return 1
		[ "$(sed -n 2p "$work/out")" = "$want" ] &&
			[ "$(wc -l < "$work/out")" = 2 ] ||
			fail "$args: no front end line" || return 1
	done
	[ "$("$CXL" --version)" = "$("$UPSTREAM" --version)" ] ||
		fail "--version changed"
}
t "cxl version -v and --version --verbose name the front end" \
	check_version_verbose
check_help_first_line() {
	run help
	[ "$(sed -n 1p "$work/out")" = "cxl-sysram $VERSION front end: the sysram commands run here, every other in $UPSTREAM" ] ||
		fail "first line" || return 1
	run --help
	[ "$(sed -n 1p "$work/out")" = "cxl-sysram $VERSION front end: the sysram commands run here, every other in $UPSTREAM" ] ||
		fail "--help: first line"
}
t "the first line of cxl help names the front end" check_help_first_line
check_usage() {
	run create-sysram -h
	[ "$rc" = 129 ] && grep -q "usage: cxl create-sysram" "$work/err" ||
		fail "-h: rc $rc" || return 1
	run online-sysram --bogus
	[ "$rc" = 129 ] && grep -q "unknown option .bogus'" "$work/err" ||
		fail "--bogus: rc $rc" || return 1
	run destroy-sysram -x all
	[ "$rc" = 129 ] && grep -q "unknown switch .x'" "$work/err" ||
		fail "-x: rc $rc"
}
t "usage errors exit 129 with the usage" check_usage

# the distribution's cxl missing: one status, 127 (a shell's "command
# not found"), whichever path runs it, with the reason said
check_upstream_missing() {
	local args
	fixture $GUARDFX
	for args in "bogus" "list -M" "list -N" "--list-cmds" "help" \
		"help list" "version -v" "--version" "" "disable-region region3" \
		"destroy-region region0 -f" "list -M --help"; do
		# shellcheck disable=SC2086
		CXL_SYSRAM_UPSTREAM=/nonexistent/cxl run $args
		[ "$rc" = 127 ] || fail "'$args': rc $rc" || return 1
		grep -q "cxl: cannot run /nonexistent/cxl: No such file or directory" \
			"$work/err" || fail "'$args': no reason" || return 1
	done
	# this front end named as upstream is as good as missing
	CXL_SYSRAM_UPSTREAM=$CXL run list -M
	[ "$rc" = 127 ] && grep -q "is this front end" "$work/err" ||
		fail "self: rc $rc"
}

# stdout, as ndctl checks it: a write error fails a successful command
# on a file, not on a pipe whose reader left, and never replaces a
# failed command's status
closed_pipe() {
	local fifo=$work/fifo rw w
	rm -f "$fifo"
	mkfifo "$fifo"
	# a reader to open the writing end against, then no reader at all
	exec {rw}<> "$fifo"
	exec {w}> "$fifo"
	exec {rw}>&-
	(trap '' PIPE; "$CXL" "$@" >&$w 2> "$work/err")
	rc=$?
	exec {w}>&-
}
check_stdout_errors() {
	fixture $LISTFX
	closed_pipe list-extents
	[ "$rc" = 0 ] || fail "closed pipe: rc $rc" || return 1
	printf '#!/bin/sh\necho "[]"\nexit 3\n' > "$work/stub3"
	chmod +x "$work/stub3"
	CXL_SYSRAM_UPSTREAM=$work/stub3 closed_pipe list -N
	[ "$rc" = 3 ] || fail "failed command on a closed pipe: rc $rc" ||
		return 1
	"$CXL" list-extents > /dev/full 2> "$work/err"
	rc=$?
	[ "$rc" = 1 ] && grep -q "write failure on standard output" "$work/err" ||
		fail "/dev/full: rc $rc"
}

# ------------------------------------------------------------------
# cxl list with sysram regions

LISTFX="memdevs=2 region=0:ram:sysram sysram=0:online_movable:unplugged:0:1
	region=1:pmem:pmem region=2:ram:dax
	region=3:dynamic_ram_1:sysram sysram=3:online:online:0:2
	extents=3:3:online:$TAG"
fixture $LISTFX

check_list_sysram() {
	run list -R
	[ "$rc" = 0 ] || fail "rc $rc" || return 1
	jqout '.[] | select(.region == "region0") | .sysram ==
		{"sysram":"sysram_region0","state":"online_movable",
		 "online_type":"unplugged","private":false,"target_node":1,
		 "size":1073741824}' || return 1
	jqout '.[] | select(.region == "region3") | .sysram.uuid ==
		"00000000-0000-0000-0000-000000000000"' || return 1
	jqout '[.[] | select(.region == "region1" or .region == "region2") |
		has("sysram")] == [false, false]' || return 1
	jqout '[.[] | has("extents")] | any | not'
}
t "list -R: sysram objects on sysram regions only" check_list_sysram

# a kernel that hides private (no private nodes) and uuid (static RAM):
# the keys are left out, and nothing is reported as an error
check_list_hidden() {
	fixture memdevs=2 region=0:ram:sysram sysram=0:mixed:online:-:1 \
		region=3:dynamic_ram_1:sysram sysram=3:offline:online:-:2 \
		rm=$SYSRAM3/uuid
	run list -R
	[ "$rc" = 0 ] && [ ! -s "$work/err" ] || fail "rc $rc, or stderr" ||
		return 1
	jqout '.[] | select(.region == "region0") | .sysram ==
		{"sysram":"sysram_region0","state":"mixed",
		 "online_type":"online","target_node":1,"size":1073741824}' ||
		return 1
	jqout '.[] | select(.region == "region3") | .sysram |
		.state == "offline" and (has("uuid") or has("private") | not)'
}
t "list -R: hidden private and uuid left out; offline, mixed" check_list_hidden
fixture $LISTFX

check_list_upstream_fields() {
	local ours theirs
	run list -R -T
	# upstream's fields of every region are kept as they were (ours:
	# sysram, memctrl, and the type of a DC region, which upstream
	# leaves out)
	ours=$(jq -c 'map(del(.sysram, .memctrl) |
		if .type == "dynamic_ram_1" then del(.type) else . end)' "$work/out")
	theirs=$("$UPSTREAM" list -R -T 2>/dev/null | jq -c .)
	[ "$ours" = "$theirs" ] || fail "differ: $ours vs $theirs"
}
t "list -R -T: upstream's fields unchanged beside sysram" check_list_upstream_fields

check_list_extents_flag() {
	local a
	for a in "-N" "--extents" "--ext" "-RN" "-NR" "-R -N" "-Nr region3"; do
		run list $a
		[ "$rc" = 0 ] || fail "$a: rc $rc" || return 1
		jqout '[.] | flatten | .[] | select(.region == "region3") |
			.extents | length == 3' || return 1
		jqout '[.] | flatten | .[] | select(.region == "region3") | .extents[1] ==
			{"extent":"extent3.1","offset":268435456,
			 "length":268435456,"uuid":"'$TAG'","state":"online"}' ||
			return 1
		# a static RAM region has no extents: the key is left out
		jqout '[[.] | flatten | .[] | select(.region == "region0") |
			has("extents")] | any | not' || return 1
		# -N alone implies regions: no memdevs listed
		jqout '[.] | flatten | all(.[]; has("region"))' || return 1
	done
}
t "list -N/--extents (any spelling) adds extents, implies -R" check_list_extents_flag

check_list_filters_with_N() {
	run list -r region3 -N -u
	jqout '.region == "region3" and (.extents | length == 3) and
		.extents[0].length == "256.00 MiB (268.44 MB)" and
		.extents[2].offset == "0x20000000" and
		.sysram.size == "1024.00 MiB (1073.74 MB)"' || return 1
	run list -rregion0 -N
	jqout 'length == 1 and .[0].region == "region0"' || return 1
	run list -M -N
	jqout 'all(.[]; has("memdev")) and (map(has("extents")) | any | not)' ||
		return 1
	# nested under its bus, the region still gets its extents
	run list -b root0 -N -r 3
	jqout '.[0]."regions:root0"[0] | .region == "region3" and
		(.extents | length) == 3'
}
t "list -N with upstream filters, -u human sizes" check_list_filters_with_N

# ------------------------------------------------------------------
# list-extents

check_list_extents() {
	run list-extents
	[ "$rc" = 0 ] || fail "rc $rc" || return 1
	jqout 'length == 3 and all(.[]; .region == "region3" and
		.sysram == "sysram_region3") and
		map(.extent) == ["extent3.0","extent3.1","extent3.2"]' || return 1
	jqout '.[2] == {"extent":"extent3.2","offset":536870912,
		"length":268435456,"uuid":"'$TAG'","state":"online",
		"region":"region3","sysram":"sysram_region3"}'
}
t "list-extents: every extent with its region" check_list_extents

check_list_extents_filters() {
	local f
	for f in "-r region3" "-r sysram_region3" "-r 3" "-m mem0" \
		"-d decoder0.0" "-d decoder2.0" "-b root0" "-b ACPI.CXL" \
		"--region=3"; do
		run list-extents $f
		jqout 'length == 3' || { echo "filter $f"; return 1; }
	done
	for f in "-r region0" "-r 9" "-m mem1" "-d decoder3.0" "-b root9"; do
		run list-extents $f
		[ "$rc" = 0 ] || fail "$f: rc $rc" || return 1
		jqout 'length == 0' || { echo "filter $f"; return 1; }
		grep -q "no matching devices found" "$work/err" ||
			fail "$f: no warning" || return 1
	done
	run list-extents -r bogus
	[ "$rc" = 1 ] && grep -q "bogus: not a region name" "$work/err" ||
		fail "-r bogus: rc $rc"
}
t "list-extents filters: -r, -m, -d, -b" check_list_extents_filters

# lists as cxl list takes them: spaces or commas, numbers, all
check_list_extents_lists() {
	local f
	for f in "-r 0,3" "-r 3,0" "-r region0,sysram_region3" "-r all" \
		"-m mem0,mem1" "-m 0" "-m all" "-d root" "-d decoder9.9,0.0" \
		"-b 0" "-b root9,root0" "-b all"; do
		run list-extents $f
		[ "$rc" = 0 ] || fail "$f: rc $rc" || return 1
		jqout 'length == 3' || { echo "filter $f"; return 1; }
	done
	for f in "0 3" "region0 3" "3 all"; do
		run list-extents -r "$f"
		jqout 'length == 3' || { echo "filter '$f'"; return 1; }
	done
	for f in "0,1" "-m mem1,mem7" "-b root9,root8"; do
		[ "${f#-}" != "$f" ] || f="-r $f"
		run list-extents $f
		jqout 'length == 0' || { echo "filter $f"; return 1; }
	done
	run list-extents -r 3,bogus
	[ "$rc" = 1 ] && grep -q "bogus: not a region name" "$work/err" ||
		fail "-r 3,bogus: rc $rc" || return 1
	run list-extents -r ,
	[ "$rc" = 1 ] && grep -q "',': not a region name" "$work/err" ||
		fail "-r ,: rc $rc"
}
t "list-extents filters take lists, numbers and all" check_list_extents_lists

check_list_extents_human() {
	run list-extents -u -r 3
	jqout '.[0].offset == "0x0" and .[1].length == "256.00 MiB (268.44 MB)"'
}
t "list-extents -u: human sizes and hex offsets" check_list_extents_human

# ------------------------------------------------------------------
# allocation failures: every allocation of one object, failed in turn

# failalloc OBJECT CXL-ARGS...: for N = 1, 2, ... each allocation OBJECT
# makes, the Nth fails; the command must then exit 0, or 1 saying why,
# print no null for a value, never crash, and leak nothing (LeakSanitizer
# in the ASan build)
failalloc() {
	local obj=$1 total i asan=${ASAN_OPTIONS:+$ASAN_OPTIONS:}
	shift
	FAILALLOC_IN=$obj FAILALLOC_REPORT=$work/count LD_PRELOAD=$FAILALLOC \
		ASAN_OPTIONS=${asan}verify_asan_link_order=0 "$CXL" "$@" \
		> /dev/null 2>&1
	total=$(cat "$work/count")
	[ "$total" -gt 0 ] || fail "no allocation in $obj" || return 1
	for ((i = 1; i <= total; i++)); do
		FAILALLOC_IN=$obj FAILALLOC_AT=$i LD_PRELOAD=$FAILALLOC \
			ASAN_OPTIONS=${asan}verify_asan_link_order=0 \
			"$CXL" "$@" > "$work/out" 2> "$work/err"
		rc=$?
		case $rc in
		0) ! grep -q null "$work/out" || fail "$i of $total: null" ||
			return 1 ;;
		1) [ -s "$work/err" ] || fail "$i of $total: rc 1, silent" ||
			return 1 ;;
		*) fail "$i of $total: rc $rc"; return 1 ;;
		esac
	done
}

if [ -n "${FAILALLOC:-}" ]; then
	fixture $LISTFX
	t "allocation failures: list-extents, in json-c" \
		failalloc libjson-c.so.5 list-extents
	t "allocation failures: list -N -r 3, in json-c" \
		failalloc libjson-c.so.5 list -N -r region3
	t "allocation failures: list -N, in cxl" failalloc cxl list -N
	fixture memdevs=2 region=0:ram:sysram sysram=0:online_movable:online:0:1 \
		region=1:ram:sysram sysram=1:online_movable:online:0:1 \
		region=2:ram:sysram sysram=2:online_movable:online:0:1
	t "allocation failures: destroy-sysram all, in cxl" \
		failalloc cxl destroy-sysram all
fi

# ------------------------------------------------------------------
# online-sysram / offline-sysram

ONFX="memdevs=2 region=0:ram:sysram sysram=0:unplugged:unplugged:0:1
	region=3:ram:sysram sysram=3:unplugged:unplugged:0:1
	region=5:ram:dax"

check_online() {
	fixture $ONFX
	run online-sysram region0
	[ "$rc" = 0 ] || fail "rc $rc" || return 1
	[ "$(cat "$fx/sys/$SYSRAM0/state")" = online_movable ] ||
		fail "state not written" || return 1
	[ "$(cat "$fx/sys/$SYSRAM3/state")" = unplugged ] ||
		fail "region3 touched" || return 1
	grep -q "cxl online-sysram: .*sysram_region0: online_movable" "$work/err" &&
		grep -q "onlined 1 sysram region$" "$work/err" ||
		fail "report" || return 1
	run online-sysram --online-type online_kernel sysram_region3
	[ "$rc" = 0 ] && [ "$(cat "$fx/sys/$SYSRAM3/state")" = online_kernel ] ||
		fail "online_kernel" || return 1
	# the same type again: nothing to do, success
	run online-sysram 0
	[ "$rc" = 0 ] && grep -q "already online_movable" "$work/err" ||
		fail "again" || return 1
	# another type while online: refused, unchanged
	run online-sysram --online-type online region0
	[ "$rc" = 1 ] && grep -q "sysram_region0: already online_movable: offline it first" "$work/err" ||
		fail "other type" || return 1
	[ "$(cat "$fx/sys/$SYSRAM0/state")" = online_movable ] ||
		fail "changed"
}
t "online-sysram writes state, per region, idempotent" check_online

check_offline() {
	fixture $ONFX set=$SYSRAM0/state=online_movable
	run offline-sysram all
	[ "$rc" = 0 ] || fail "rc $rc" || return 1
	[ "$(cat "$fx/sys/$SYSRAM0/state")" = unplugged ] ||
		fail "not unplugged" || return 1
	grep -q "offlined 2 sysram regions" "$work/err" || fail "summary"
}
t "offline-sysram all unplugs every sysram region" check_offline

check_partial() {
	fixture $ONFX
	# the kernel refuses region0's write: region3 still goes online
	mount --bind -o ro "/sys/$SYSRAM0/state" "/sys/$SYSRAM0/state"
	mount -o remount,bind,ro "/sys/$SYSRAM0/state"
	run online-sysram all
	[ "$rc" = 1 ] || fail "rc $rc" || return 1
	[ "$(cat "$fx/sys/$SYSRAM3/state")" = online_movable ] ||
		fail "region3 not onlined" || return 1
	grep -q "sysram_region0: failed to online: Read-only file system" "$work/err" &&
		grep -q "onlined 1 sysram region$" "$work/err" ||
		fail "report" || return 1
	[ "$(grep -c "Read-only file system" "$work/err")" = 1 ] ||
		fail "said more than once"
}
t "online-sysram continues past one failure, exits 1" check_partial

# each failure is said once, by the command: the libraries' own lines
# only with --debug or their variables
check_said_once() {
	fixture $ONFX set=$SYSRAM0/state=bogus
	run online-sysram region0
	[ "$rc" = 1 ] || fail "rc $rc" || return 1
	[ "$(grep -v "onlined 0" "$work/err")" = "cxl online-sysram: read_state: sysram_region0: cannot read the sysram state: Invalid argument" ] ||
		fail "online: not one line" || return 1
	run offline-sysram region0
	[ "$(grep -v "offlined 0" "$work/err")" = "cxl offline-sysram: read_state: sysram_region0: cannot read the sysram state: Invalid argument" ] ||
		fail "offline: not one line" || return 1
	run destroy-sysram region0
	[ "$(cat "$work/err")" = "cxl destroy-sysram: read_state: sysram_region0: cannot read the sysram state: Invalid argument" ] ||
		fail "destroy: not one line" || return 1
	# libcxl's failure (the fixture has no unbind to disable with)
	run destroy-sysram region3
	[ "$rc" = 1 ] && ! grep -q "^libcxl" "$work/err" &&
		[ "$(grep -c "failed to disable" "$work/err")" = 1 ] ||
		fail "libcxl: not once" || return 1
	run online-sysram --debug region0
	grep -q "^libcxl-sysram: .*state: malformed value 'bogus'" "$work/err" ||
		fail "--debug: no library line" || return 1
	CXL_SYSRAM_LOG=err run offline-sysram region0
	grep -q "^libcxl-sysram: .*state: malformed value 'bogus'" "$work/err" ||
		fail "CXL_SYSRAM_LOG=err: no library line"
}
t "a failure is said once, by the command" check_said_once

# region arguments are lists too, as cxl list's -r takes them
check_region_lists() {
	fixture $ONFX
	run online-sysram 0,sysram_region3
	[ "$rc" = 0 ] && grep -q "onlined 2 sysram regions" "$work/err" ||
		fail "online 0,sysram_region3: rc $rc" || return 1
	run offline-sysram "region0 3"
	[ "$rc" = 0 ] && grep -q "offlined 2 sysram regions" "$work/err" ||
		fail "offline 'region0 3': rc $rc" || return 1
	[ "$(cat "$fx/sys/$SYSRAM0/state")" = unplugged ] &&
		[ "$(cat "$fx/sys/$SYSRAM3/state")" = unplugged ] ||
		fail "not unplugged" || return 1
	run online-sysram 0,0 region0
	[ "$rc" = 0 ] && grep -q "onlined 1 sysram region$" "$work/err" ||
		fail "one region named three times: rc $rc"
}
t "online/offline-sysram take lists of regions" check_region_lists

# memory added offline, or changed by hand: online refuses (the kernel
# onlines only from unplugged), offline unplugs it
check_offline_mixed() {
	local st
	for st in offline mixed; do
		fixture $ONFX set=$SYSRAM0/state=$st
		run online-sysram region0
		[ "$rc" = 1 ] && grep -q "sysram_region0: memory is $st: offline it first (cxl offline-sysram)" "$work/err" ||
			fail "online from $st: rc $rc" || return 1
		[ "$(cat "$fx/sys/$SYSRAM0/state")" = $st ] ||
			fail "online from $st wrote" || return 1
		run offline-sysram region0
		[ "$rc" = 0 ] && [ "$(cat "$fx/sys/$SYSRAM0/state")" = unplugged ] ||
			fail "offline from $st: rc $rc" || return 1
	done
}
t "online-sysram refuses offline/mixed memory; offline-sysram unplugs it" check_offline_mixed

# an unbind leaves online memory plugged: offline-sysram takes it back,
# online-sysram needs the driver
check_unbound() {
	fixture $ONFX set=$SYSRAM0/state=online_movable unbound=0
	run online-sysram region0
	[ "$rc" = 1 ] && grep -q "region0: no enabled sysram region" "$work/err" ||
		fail "online unbound: rc $rc" || return 1
	run offline-sysram region0
	[ "$rc" = 0 ] && [ "$(cat "$fx/sys/$SYSRAM0/state")" = unplugged ] ||
		fail "offline unbound: rc $rc"
}
t "offline-sysram unplugs what an unbind left; online-sysram needs a driver" check_unbound

# a region that goes between the collection of the arguments and its
# write: region0's state is a FIFO, so the command waits on it while
# sysram_region3 is removed, as a destroy by someone else would
check_gone() {
	local cmd st pid
	for cmd in online-sysram offline-sysram; do
		st=unplugged
		[ $cmd = online-sysram ] || st=online_movable
		fixture $ONFX set=$SYSRAM3/state=$st
		rm "$fx/sys/$SYSRAM0/state"
		mkfifo "$fx/sys/$SYSRAM0/state"
		timeout 20 "$CXL" $cmd all > "$work/out" 2> "$work/err" &
		pid=$!
		# the command reads region0's state, then blocks writing it
		timeout 10 sh -c "echo $st > '$fx/sys/$SYSRAM0/state'" ||
			fail "$cmd: state never read" || return 1
		rm -r "$fx/sys/$SYSRAM3" "$fx/sys/bus/cxl/devices/sysram_region3"
		timeout 10 cat "$fx/sys/$SYSRAM0/state" > "$work/written" ||
			fail "$cmd: state never written" || return 1
		wait $pid
		rc=$?
		[ "$rc" = 1 ] || fail "$cmd: rc $rc" || return 1
		grep -q "region3: no sysram region any more" "$work/err" ||
			fail "$cmd: not reported" || return 1
		grep -q "${cmd%-sysram}d 1 sysram region$" "$work/err" ||
			fail "$cmd: region0 not done" || return 1
	done
}
t "online/offline-sysram: a region gone before its write fails alone" check_gone

# validation: each case fails, says why, and changes nothing
# v NAME EXPECTED-RC EXPECTED-MESSAGE CXL-ARGS...
v() {
	local name=$1 want_rc=$2 msg=$3 before after
	shift 3
	before=$(snapshot)
	run "$@"
	after=$(snapshot)
	[ "$rc" = "$want_rc" ] || fail "rc $rc, wanted $want_rc" || return 1
	grep -qF -- "$msg" "$work/err" || fail "no '$msg'" || return 1
	[ "$before" = "$after" ] || { diff <(echo "$before") <(echo "$after"); fail "tree changed"; }
}

# validations "NAME|RC|MESSAGE|CXL ARGS" ...: a case each
validations() {
	local c name want msg args
	for c in "$@"; do
		IFS='|' read -r name want msg args <<< "$c"
		# shellcheck disable=SC2086
		t "validation, $name" v "$name" "$want" "$msg" $args
	done
}

fixture $ONFX set=$SYSRAM0/state=online_movable
validations \
	"online: no region|1|no region given|online-sysram" \
	"online: bad name|1|foo: not a region name|online-sysram region0 foo" \
	"online: unknown region|1|region9: no such region|online-sysram region0 region9" \
	"online: dax region|1|region5: no enabled sysram region|online-sysram 5" \
	"online: bad type|1|offline: invalid online type|online-sysram --online-type offline region3" \
	"online: bad type 2|1|movable: invalid online type|online-sysram --online-type=movable all" \
	"offline: no region|1|no region given|offline-sysram" \
	"offline: unknown|1|region7: no such region|offline-sysram region0 region7" \
	"destroy: no region|1|no region given|destroy-sysram" \
	"destroy: online without -f|1|sysram_region0: memory is online_movable: offline it first|destroy-sysram region0" \
	"destroy: all, one online|1|sysram_region0: memory is online_movable|destroy-sysram all" \
	"destroy: dax region|1|region5: not a sysram region (memctrl: dax)|destroy-sysram region5" \
	"destroy: unknown|1|region8: no such region|destroy-sysram region3 region8" \
	"destroy: bad name|1|x1: not a region name|destroy-sysram x1" \
	"destroy: bad name in a list|1|x1: not a region name|destroy-sysram 3,x1" \
	"destroy: unknown in a list|1|region9: no such region|destroy-sysram region3,region9" \
	"online: dax region in a list|1|region5: no enabled sysram region|online-sysram 3,5" \
	"offline: empty list|1|',': not a region name|offline-sysram ,"

fixture memdevs=2 region=0:ram:sysram sysram=0:unplugged:unplugged:0:1
validations \
	"create: no memdevs|1|no memdevs given|create-sysram" \
	"create: unknown memdev|1|mem9: no such memdev|create-sysram -m mem9" \
	"create: memdev twice|1|mem0: given twice|create-sysram -m mem0,mem0" \
	"create: bad type|1|pmem: unsupported type|create-sysram -m mem0 -t pmem" \
	"create: uuid on ram|1|--uuid: only Dynamic Capacity regions|create-sysram -m mem0 -U $TAG" \
	"create: bad uuid|1|nope: invalid UUID|create-sysram -m mem0 -t dynamic_ram_1 -U nope" \
	"create: online type|1|offline: invalid online type|create-sysram -m mem0 --online-type offline" \
	"create: online and no-online|1|--online-type and --no-online exclude each other|create-sysram -m mem0 --online-type online --no-online" \
	"create: ways 0|1|0: invalid interleave ways|create-sysram -m mem0 -w 0" \
	"create: ways mismatch|1|interleave ways 2 does not match the 1 memdev given|create-sysram -m mem0 -w 2" \
	"create: ways not a number|129|option \`ways' expects a numerical value|create-sysram -m mem0 -w two" \
	"create: granularity|1|100: invalid granularity|create-sysram -m mem0 -g 100" \
	"create: size|1|abc: invalid size|create-sysram -m mem0 -s abc" \
	"create: size alignment|1|100M: size must be a multiple of 256 MiB per way|create-sysram -m mem0 -s 100M" \
	"create: size too large|1|exceeds the free volatile capacity|create-sysram -m mem0 -s 2G" \
	"create: ways 5|1|5: invalid interleave ways (1, 2, 3, 4, 6, 8, 12 or 16)|create-sysram -m mem0 -w 5" \
	"create: size beyond window|1|exceeds the available space|create-sysram -m mem0 mem1 -s 16G" \
	"create: no such decoder|1|decoder9.9: no such root decoder|create-sysram -m mem0 -d decoder9.9" \
	"create: endpoint decoder|1|decoder2.0: no such root decoder|create-sysram -m mem0 -d decoder2.0" \
	"create: dynamic_ram_1 without a DC partition|1|mem0: no Dynamic Capacity partition (dynamic_ram_1)|create-sysram -m mem0 -t dynamic_ram_1" \
	"create: unknown option|129|unknown option \`bogus'|create-sysram -m mem0 --bogus" \
	"create: no private nodes|1|--private: this kernel has no private NUMA nodes|create-sysram -m mem0 --private"

fixture memdevs=2 region=0:ram:sysram sysram=0:unplugged:unplugged:0:1 \
	rm=bus/cxl/drivers/cxl_sysram_region
t "validation, create: kernel without sysram" v x 1 \
	"this kernel has no sysram regions" create-sysram -m mem0
# create-sysram -r: a dax-path region to adopt.  The dax devices and who
# uses them are tested in the VM (test/cxl-adopt.sh): a fixture has no
# /dev/daxX.Y for libdaxctl to find.
R4=devices/platform/ACPI0017:00/root0/decoder0.0/region4
fixture memdevs=2 region=0:ram:sysram sysram=0:unplugged:unplugged:0:1 \
	region=1:pmem:pmem region=4:ram:auto region=5:ram:dax
validations \
	"adopt: a sysram region|1|region0: already a sysram region|create-sysram -r region0" \
	"adopt: its sysram name|1|region0: already a sysram region|create-sysram -r sysram_region0" \
	"adopt: pmem region|1|region1: mode pmem: only a RAM region can become a sysram region|create-sysram -r 1" \
	"adopt: no such region|1|region9: no such region|create-sysram -r region9" \
	"adopt: bad name|1|x1: not a region name|create-sysram -r x1" \
	"adopt: a list|1|4,5: not a region name|create-sysram -r 4,5" \
	"adopt: all|1|all: -r takes one region|create-sysram -r all" \
	"adopt: memdevs too|1|-r adopts an existing region: memdevs, -d, -s, -w, -g, -t and -U do not apply|create-sysram -r 4 mem0" \
	"adopt: -m too|1|-r adopts an existing region|create-sysram -m -r 4" \
	"adopt: size too|1|-r adopts an existing region|create-sysram -r 4 -s 1G" \
	"adopt: decoder too|1|-r adopts an existing region|create-sysram -r 5 -d decoder0.0" \
	"adopt: ways too|1|-r adopts an existing region|create-sysram -r 5 -w 1" \
	"adopt: online and no-online|1|--online-type and --no-online exclude each other|create-sysram -r 4 --online-type online --no-online" \
	"adopt: bad online type|1|offline: invalid online type|create-sysram -r 4 --online-type offline" \
	"adopt: no private nodes|1|--private: this kernel has no private NUMA nodes|create-sysram -r 4 --private" \
	"adopt: no region name|129|requires a value|create-sysram -r"
# destroy-sysram --to-dax: refused before anything is written
fixture $ONFX set=$SYSRAM0/state=mixed
validations \
	"to-dax: with -f|1|--force and --to-dax exclude each other|destroy-sysram --to-dax -f region3" \
	"to-dax: a dax region|1|region5: not a sysram region (memctrl: dax)|destroy-sysram --to-dax region5" \
	"to-dax: memory mixed|1|region0: memory is mixed: online-sysram or offline-sysram it first|destroy-sysram --to-dax region0"
fixture $ONFX set=$SYSRAM0/state=online_movable \
	rm=devices/platform/ACPI0017:00/root0/decoder0.0/region0/driver
t "validation, to-dax: memory plugged under a disabled region" v x 1 \
	"region0: memory is online_movable under a disabled region: offline-sysram it first" \
	destroy-sysram --to-dax region0
fixture memdevs=2 region=4:ram:auto rm=bus/cxl/drivers/cxl_sysram_region
t "validation, adopt: kernel without sysram" v x 1 \
	"this kernel has no sysram regions" create-sysram -r region4
fixture memdevs=2 region=4:ram:auto rm=$R4/memctrl
t "validation, adopt: memctrl unreadable" v x 1 \
	"region4: cannot read memctrl: No such file or directory" \
	create-sysram -r region4
fixture memdevs=2 region=4:ram:auto rm=$R4/driver set=$R4/commit=0
t "validation, adopt: a disabled region that does not decode" v x 1 \
	"region4: not committed: nothing to adopt" create-sysram -r region4

fixture memdevs=2 rm=devices/pci0000:0c/0000:0c:01.0/0000:0e:00.0/mem1/driver
t "validation, create: memdev not enabled" v x 1 "mem1: not enabled" \
	create-sysram -m mem1
fixture memdevs=1 set=devices/platform/ACPI0017:00/root0/port1/endpoint2/decoder2.0/dpa_size=0x10000000 \
	set=devices/platform/ACPI0017:00/root0/port1/endpoint2/decoder2.1/dpa_size=0x10000000
t "validation, create: no free endpoint decoder" v x 1 \
	"mem0: no free endpoint decoder" create-sysram -m mem0

# a root decoder whose interleave libcxl could not read (UINT_MAX) or
# parse (0): refused before anything is written
ROOTDEC=devices/platform/ACPI0017:00/root0/decoder0.0
for c in "granularity unreadable|rm=$ROOTDEC/interleave_granularity|decoder0.0: cannot tell its interleave granularity (give -g)|-m mem0" \
	"granularity garbage|set=$ROOTDEC/interleave_granularity=x|decoder0.0: cannot tell its interleave granularity (give -g)|-m mem0" \
	"ways unreadable|rm=$ROOTDEC/interleave_ways|decoder0.0: cannot tell its interleave ways|-m mem0 -g 256" \
	"ways garbage|set=$ROOTDEC/interleave_ways=x|decoder0.0: cannot tell its interleave ways|-m mem0"; do
	IFS='|' read -r name fx_arg msg args <<< "$c"
	fixture memdevs=2 "$fx_arg"
	# shellcheck disable=SC2086
	t "validation, create: root decoder $name" v x 1 "$msg" \
		create-sysram $args
done
fixture memdevs=2 rm=$ROOTDEC/interleave_granularity
t "create: an unknown root granularity passes with -g (x1 root)" \
	v x 1 "100M: size must be a multiple of 256 MiB per way" \
	create-sysram -m mem0 -g 512 -s 100M

# the memory block size: System RAM is plugged in whole blocks only
BLOCK=devices/system/memory/block_size_bytes
fixture memdevs=2 set=$BLOCK=80000000
validations \
	"create: size below a 2 GiB block|1|1G: smaller than a memory block (0x80000000): none of it could be hot-plugged|create-sysram -m mem0 -s 1G" \
	"create: default size below a block|1|decoder0.0: 0x40000000 free, less than a memory block (0x80000000)|create-sysram -m mem0"
fixture memdevs=2 set=$BLOCK=40000000
validations \
	"create: size not a multiple of the block|1|1536M: 0x20000000 of it could not be hot-plugged: size must be a multiple of the memory block size (0x40000000)|create-sysram -m mem0 mem1 -s 1536M"
fixture memdevs=2 set=$BLOCK=zz
validations \
	"create: malformed block size|1|block_size_bytes: malformed value 'zz'|create-sysram -m mem0"
fixture memdevs=2 rm=$BLOCK
validations \
	"create: no block size|1|block_size_bytes: cannot read the memory block size|create-sysram -m mem0"
# 768 MiB free in 512 MiB blocks: the default size leaves 256 MiB out,
# and says so (--private on a kernel without private nodes stops it
# before anything is written)
fixture memdevs=1 set=$BLOCK=20000000 \
	set=devices/platform/ACPI0017:00/root0/port1/endpoint2/decoder2.0/dpa_size=0x10000000
t "validation, create: default size left unused by the blocks is reported" \
	v x 1 "0x10000000 of 0x30000000 left unused: memory blocks are 0x20000000" \
	create-sysram -m mem0 --private

EP=devices/platform/ACPI0017:00/root0/port1/endpoint2
fixture memdevs=1 region=0:ram:sysram sysram=0:unplugged:unplugged:0:1 \
	region=1:ram:sysram sysram=1:unplugged:unplugged:0:1 \
	set=$EP/decoder2.0/dpa_size=0x10000000 set=$EP/decoder2.0/region=region0 \
	set=$EP/decoder2.1/dpa_size=0x10000000 set=$EP/decoder2.1/region=region1 \
	set=devices/platform/ACPI0017:00/root0/decoder0.0/region1/target0=decoder2.1
t "validation, destroy: capacity is freed last-allocated first" v x 1 \
	"region0: region1 holds capacity allocated after it on decoder2.0: destroy region1 first" \
	destroy-sysram region0

# a dpa_size libcxl could not read (ULLONG_MAX) may hold capacity: create
# neither counts it free nor allocates around it, destroy does not free
# around it
fixture memdevs=1 rm=$EP/decoder2.0/dpa_size
t "validation, create: an endpoint decoder of unknown dpa_size" v x 1 \
	"mem0: decoder2.0: cannot tell the capacity it holds (dpa_size)" \
	create-sysram -m mem0
fixture memdevs=1 rm=$EP/decoder2.1/dpa_size
t "validation, create: an unknown dpa_size is not taken for no free decoder" \
	v x 1 "mem0: decoder2.1: cannot tell the capacity it holds (dpa_size)" \
	create-sysram -m mem0
fixture memdevs=1 region=0:ram:sysram sysram=0:unplugged:unplugged:0:1 \
	set=$EP/decoder2.0/dpa_size=0x10000000 set=$EP/decoder2.0/region=region0 \
	rm=$EP/decoder2.1/dpa_size
t "validation, destroy: a later decoder of unknown dpa_size" v x 1 \
	"region0: cannot tell whether decoder2.1 holds capacity allocated after it on decoder2.0 (dpa_size)" \
	destroy-sysram region0

# memory plugged by someone else between destroy's check and its writes:
# without -f it is never unplugged; the kernel's answer to commit 0 (the
# fixture cannot give -EBUSY) decides.  region0's state is a FIFO: the
# check reads "unplugged" from it, then nothing may open it again.
check_destroy_no_unplug() {
	local pid fifo
	fixture memdevs=1 region=0:ram:sysram sysram=0:unplugged:unplugged:0:1
	fifo=$fx/sys/$SYSRAM0/state
	rm "$fifo"
	mkfifo "$fifo"
	timeout 5 "$CXL" destroy-sysram region0 > "$work/out" 2> "$work/err" &
	pid=$!
	timeout 10 sh -c "echo unplugged > '$fifo'" ||
		fail "state never read" || return 1
	# a second look at state, or an unplug, would now block on the FIFO
	# (no writer, no reader) until the timeout: 124
	wait $pid
	rc=$?
	[ "$rc" != 124 ] || fail "state opened again" || return 1
	[ "$(cat "$fx/sys/devices/platform/ACPI0017:00/root0/decoder0.0/region0/commit")" = 0 ] ||
		fail "commit 0 not written first" || return 1
	# the fixture has no unbind for the disable that follows
	[ "$rc" = 1 ] || fail "rc $rc"
}
t "destroy-sysram without -f: plugged after the check is not unplugged" \
	check_destroy_no_unplug

# ------------------------------------------------------------------
# create-sysram -t dynamic_ram_1: every sysfs write, in order, with its
# value (strace), against a fixture that holds the region the kernel
# makes for create_dynamic_ram_1_region (fixture.sh newdc=99); the real
# kernel's side is tested in the VM

ROOT=devices/platform/ACPI0017:00/root0
D0=$ROOT/decoder0.0
R99=$D0/region99
S99=$R99/sysram_region99
EP20=$ROOT/port1/endpoint2/decoder2.0
DCFX="memdevs=2 dc=0 newdc=99"

# traced CXL-ARGS...: our cxl under strace (children too: upstream's
# cxl list writes nothing but libcxl's flush); every write to sysfs as
# "PATH VALUE" (PATH under /sys, the trailing newline and libcxl's NUL
# dropped, flush left out) in $work/writes, status in rc
traced() {
	local asan=${ASAN_OPTIONS:+$ASAN_OPTIONS:}
	# LeakSanitizer cannot run under ptrace: the runs without strace
	# below are its
	ASAN_OPTIONS=${asan}detect_leaks=0 \
		strace -f -qq -e trace=write -e signal=none -y -s 256 \
		-o "$work/trace" "$CXL" "$@" > "$work/out" 2> "$work/err"
	rc=$?
	sed -n 's|^.*write([0-9]*</sys/\([^>]*\)>, "\(.*\)", [0-9]*) = [0-9]*$|\1 \2|p' \
		"$work/trace" | sed 's/\(\\n\)\{0,1\}\(\\0\)\{0,1\}$//; s/ $//' |
		grep -v '^bus/cxl/flush ' > "$work/writes"
}

# writes_are LINE...: exactly these writes, in this order
writes_are() {
	: > "$work/want"
	[ $# = 0 ] || printf '%s\n' "$@" > "$work/want"
	diff "$work/want" "$work/writes" > "$work/diff" ||
		{ echo "writes differ (-wanted +made):"; cat "$work/diff"
		  fail "writes"; }
}

# the writes of a DC region up to its commit
dc_assembly=(
	"$D0/create_dynamic_ram_1_region region99"
	"$R99/interleave_granularity 4096"
	"$R99/interleave_ways 1"
	"$R99/size 0x40000000"
	"$EP20/mode dynamic_ram_1"
	"$EP20/dpa_size 0x40000000"
	"$R99/target0 decoder2.0"
	"$R99/commit 1"
)

check_dc_create() {
	fixture $DCFX newdc=99:bound
	traced create-sysram -t dynamic_ram_1 -m mem0 -U $TAG
	[ "$rc" = 0 ] || fail "rc $rc" || return 1
	# the policy, uuid included, before the bind
	writes_are "${dc_assembly[@]}" \
		"$S99/online_type online_movable" \
		"$S99/uuid $TAG" \
		"bus/cxl/drivers/cxl_region/bind region99" || return 1
	jqout '.region == "region99" and .type == "dynamic_ram_1" and
		.interleave_ways == 1 and .memctrl == "sysram" and
		.mappings[0].decoder == "decoder2.0" and
		.sysram == {"sysram":"sysram_region99","state":"unplugged",
		"online_type":"online_movable","private":false,
		"target_node":1,"size":0,"uuid":"'$TAG'"}' || return 1
	grep -q "created 1 sysram region$" "$work/err" || fail "summary" ||
		return 1
	# the same, and a rollback, without strace (LeakSanitizer's turn)
	fixture $DCFX newdc=99:bound
	run create-sysram -t dynamic_ram_1 -m mem0 -U $TAG
	[ "$rc" = 0 ] || fail "untraced: rc $rc" || return 1
	fixture $DCFX
	run create-sysram -t dynamic_ram_1 -m mem0 -U $TAG
	[ "$rc" = 1 ] && grep -q "region99: failed to enable" "$work/err" &&
		! grep -q "rollback incomplete" "$work/err" ||
		fail "untraced rollback: rc $rc"
}
t "create-sysram -t dynamic_ram_1: the writes, uuid before the bind" \
	check_dc_create

check_dc_create_options() {
	fixture $DCFX newdc=99:bound private_nodes=1
	traced create-sysram -t dynamic_ram_1 -m mem0 --private -s 512M -v
	[ "$rc" = 0 ] || fail "rc $rc" || return 1
	writes_are "${dc_assembly[@]/0x40000000/0x20000000}" \
		"$S99/online_type online_movable" \
		"$S99/private 1" \
		"bus/cxl/drivers/cxl_region/bind region99" || return 1
	grep -q "region99: committed and enabled as a Dynamic Capacity sysram region, extents online_movable" \
		"$work/err" || fail "no -v step" || return 1
	fixture $DCFX newdc=99:bound
	traced create-sysram -t dynamic_ram_1 -m mem0 -d decoder0.0 -w 1 \
		--no-online
	[ "$rc" = 0 ] || fail "--no-online: rc $rc" || return 1
	writes_are "${dc_assembly[@]}" "$S99/online_type unplugged" \
		"bus/cxl/drivers/cxl_region/bind region99" || return 1
	# an endpoint decoder already in the mode: not written again
	fixture $DCFX newdc=99:bound set=$EP20/mode=dynamic_ram_1
	traced create-sysram -t dynamic_ram_1 -m mem0 --online-type online
	[ "$rc" = 0 ] || fail "mode set: rc $rc" || return 1
	writes_are "${dc_assembly[@]:0:4}" "${dc_assembly[@]:5}" \
		"$S99/online_type online" \
		"bus/cxl/drivers/cxl_region/bind region99"
}
t "create-sysram -t dynamic_ram_1: --private, -s, -d, --no-online, --online-type" \
	check_dc_create_options

# dc_rollback NAME FIXTURE-ARGS -- CXL-ARGS -- MESSAGE -- WRITES...: the
# command fails saying MESSAGE, having written exactly WRITES
dc_rollback() {
	local -a fx=() args=()
	local msg
	while [ "$1" != -- ]; do fx+=("$1"); shift; done
	shift
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	shift
	msg=$1
	shift 2
	fixture "${fx[@]}"
	[ -z "${RO:-}" ] || {
		mount --bind -o ro "/sys/$RO" "/sys/$RO" &&
			mount -o remount,bind,ro "/sys/$RO"
	} || return 1
	traced create-sysram "${args[@]}"
	[ "$rc" = 1 ] || fail "rc $rc" || return 1
	grep -qF -- "$msg" "$work/err" || fail "no '$msg'" || return 1
	[ ! -s "$work/out" ] || fail "stdout" || return 1
	if [ "${INCOMPLETE:-}" ]; then
		grep -q "rollback incomplete" "$work/err" || fail "not said"
	else
		! grep -q "rollback incomplete" "$work/err" || fail "incomplete"
	fi || return 1
	writes_are "$@"
}

DCARGS="-t dynamic_ram_1 -m mem0 -U $TAG"
undo_assembly=(
	"$R99/commit 0"
	"$R99/target0"
	"$EP20/dpa_size 0"
	"$EP20/mode ram"
	"$D0/delete_region region99"
)
RO=$R99/target0 t "rollback, dynamic_ram_1: target refused" dc_rollback \
	$DCFX -- $DCARGS -- "region99: set target failed: Read-only file system" -- \
	"${dc_assembly[@]:0:6}" "$EP20/dpa_size 0" "$EP20/mode ram" \
	"$D0/delete_region region99"
RO=$S99/uuid t "rollback, dynamic_ram_1: uuid refused" dc_rollback \
	$DCFX -- $DCARGS -- "region99: set uuid failed: Read-only file system" -- \
	"${dc_assembly[@]}" "$S99/online_type online_movable" \
	"${undo_assembly[@]}"
RO=bus/cxl/drivers/cxl_region/bind t "rollback, dynamic_ram_1: bind refused" \
	dc_rollback $DCFX -- $DCARGS -- \
	"region99: enable failed: Read-only file system" -- \
	"${dc_assembly[@]}" "$S99/online_type online_movable" "$S99/uuid $TAG" \
	"${undo_assembly[@]}"
t "rollback, dynamic_ram_1: the region does not bind" dc_rollback \
	$DCFX -- $DCARGS -- "region99: failed to enable (see the kernel log)" -- \
	"${dc_assembly[@]}" "$S99/online_type online_movable" "$S99/uuid $TAG" \
	"bus/cxl/drivers/cxl_region/bind region99" "${undo_assembly[@]}"
RO=$EP20/dpa_size t "rollback, dynamic_ram_1: the allocation refused" \
	dc_rollback $DCFX -- $DCARGS -- \
	"region99: allocate endpoint capacity failed: Read-only file system" -- \
	"${dc_assembly[@]:0:5}" "$EP20/mode ram" "$D0/delete_region region99"
t "rollback, dynamic_ram_1: a kernel that makes no DC sysram region" \
	dc_rollback $DCFX set=$R99/memctrl=auto -- $DCARGS -- \
	"region99: memctrl reads 'auto': this kernel does not make Dynamic Capacity sysram regions" -- \
	"$D0/create_dynamic_ram_1_region region99" "$D0/delete_region region99"
t "rollback, dynamic_ram_1: no sysram region appears" dc_rollback \
	$DCFX rm=$S99 rm=bus/cxl/devices/sysram_region99 -- $DCARGS -- \
	"region99: no sysram region appeared" -- \
	"$D0/create_dynamic_ram_1_region region99" "$D0/delete_region region99"
t "rollback, dynamic_ram_1: the region does not appear" dc_rollback \
	memdevs=2 dc=0 -- $DCARGS -- "decoder0.0: region99 did not appear" -- \
	"$D0/create_dynamic_ram_1_region region99" "$D0/delete_region region99"
RO=$D0/create_dynamic_ram_1_region t "rollback, dynamic_ram_1: creation refused" \
	dc_rollback $DCFX -- $DCARGS -- \
	"decoder0.0: failed to create a Dynamic Capacity region: Read-only file system" --
# after the bind: memory not as asked; the unbind the fixture cannot do
# stops the rollback, and says so
INCOMPLETE=1 t "rollback, dynamic_ram_1: a refused undo step stops it" \
	dc_rollback $DCFX newdc=99:bound set=$S99/state=online_kernel -- \
	$DCARGS -- "region99: memory is online_kernel, not online_movable as asked" -- \
	"${dc_assembly[@]}" "$S99/online_type online_movable" "$S99/uuid $TAG" \
	"bus/cxl/drivers/cxl_region/bind region99" "$S99/state unplugged" \
	"bus/cxl/drivers/cxl_region/unbind region99"

# every refusal before the first write
fixture $DCFX
validations \
	"dc: two memdevs|1|dynamic_ram_1: Dynamic Capacity regions are 1-way only: give one memdev (2 given)|create-sysram -t dynamic_ram_1 -m mem0 mem1" \
	"dc: two ways|1|dynamic_ram_1: Dynamic Capacity regions are 1-way only (-w 2)|create-sysram -t dynamic_ram_1 -m mem0 -w 2" \
	"dc: no DC partition|1|mem1: no Dynamic Capacity partition (dynamic_ram_1)|create-sysram -t dynamic_ram_1 -m mem1" \
	"dc: bad uuid|1|5be1: invalid UUID|create-sysram -t dynamic_ram_1 -m mem0 -U 5be1" \
	"dc: size too large|1|size 0x80000000 exceeds the free Dynamic Capacity of mem0 (0x40000000)|create-sysram -t dynamic_ram_1 -m mem0 -s 2G" \
	"dc: size beyond the window|1|decoder0.0: size 0x400000000 exceeds the available space (0x200000000)|create-sysram -t dynamic_ram_1 -m mem0 -s 16G" \
	"dc: size alignment|1|100M: size must be a multiple of 256 MiB per way (0x10000000)|create-sysram -t dynamic_ram_1 -m mem0 -s 100M" \
	"dc: private online_kernel|1|--private: private memory is only onlined movable|create-sysram -t dynamic_ram_1 -m mem0 --private --online-type online_kernel" \
	"dc: no private nodes|1|--private: this kernel has no private NUMA nodes|create-sysram -t dynamic_ram_1 -m mem0 --private"
fixture $DCFX rm=$D0/create_dynamic_ram_1_region
validations \
	"dc: no DC root decoder|1|no volatile root decoder with Dynamic Capacity regions maps mem0|create-sysram -t dynamic_ram_1 -m mem0" \
	"dc: -d without DC regions|1|decoder0.0: no Dynamic Capacity regions (no create_dynamic_ram_1_region)|create-sysram -t dynamic_ram_1 -m mem0 -d decoder0.0"
fixture $DCFX set=$EP20/mode=dynamic_ram_1 set=$EP20/dpa_size=0x40000000
t "validation, dc: the partition taken" v x 1 "mem0: no free Dynamic Capacity" \
	create-sysram -t dynamic_ram_1 -m mem0
fixture $DCFX set=$EP20/dpa_size=0x10000000 rm=$EP20/mode
t "validation, dc: a decoder's mode unreadable" v x 1 \
	"mem0: decoder2.0: cannot tell the capacity it holds (mode)" \
	create-sysram -t dynamic_ram_1 -m mem0
MEM0=devices/pci0000:0c/0000:0c:00.0/0000:0d:00.0/mem0
fixture $DCFX set=$MEM0/dynamic_ram_1/size=bogus
t "validation, dc: the partition's size unreadable" v x 1 \
	"mem0: cannot read dynamic_ram_1/size" create-sysram -t dynamic_ram_1 -m mem0

# cxl list: the DC partition of a memdev, and a DC region's type
check_list_dc() {
	fixture memdevs=2 dc=0:0x80000000
	run list -M
	[ "$rc" = 0 ] || fail "rc $rc" || return 1
	jqout '.[0] | .memdev == "mem0" and .dynamic_ram_1_size == 2147483648
		and .dynamic_ram_1_qos_class == 42' || return 1
	# after the static partitions, as the DCD series places it
	jqout '.[0] | keys_unsorted[0:5] == ["memdev","ram_size",
		"ram_qos_class","dynamic_ram_1_size","dynamic_ram_1_qos_class"]' ||
		return 1
	jqout '.[1] | has("dynamic_ram_1_size") or
		has("dynamic_ram_1_qos_class") | not' || return 1
	# upstream's fields as they were
	[ "$(jq -c 'map(del(.dynamic_ram_1_size, .dynamic_ram_1_qos_class))' "$work/out")" = \
		"$("$UPSTREAM" list -M | jq -c .)" ] || fail "upstream's changed" ||
		return 1
	run list -M -u -m mem0
	jqout '.dynamic_ram_1_size == "2.00 GiB (2.15 GB)"' || return 1
	# qos_class -1: none, left out as upstream leaves ram_qos_class out
	fixture memdevs=1 dc=0 set=$MEM0/dynamic_ram_1/qos_class=-1
	run list -M
	jqout '.[0] | .dynamic_ram_1_size == 1073741824 and
		(has("dynamic_ram_1_qos_class") | not)' || return 1
	# a DC region: its type, uuid, size and extents, -u too
	fixture $LISTFX
	run list -r region3 -N -u
	jqout '.type == "dynamic_ram_1" and .sysram.uuid ==
		"00000000-0000-0000-0000-000000000000" and
		.sysram.size == "1024.00 MiB (1073.74 MB)" and
		(.extents | length) == 3' || return 1
	run list -R
	jqout '.[] | select(.region == "region0") | .type == "ram"'
}
t "list -M: dynamic_ram_1_size and qos class; a DC region's type" check_list_dc

# ------------------------------------------------------------------
# disable-region, destroy-region: upstream's, guarded for sysram memory

# a stand-in for the distribution's cxl that records its arguments
printf '#!/bin/sh\nprintf "%%s\\n" "$@" > "%s"\n' "$work/stub-args" > "$work/stub"
chmod +x "$work/stub"

# guarded ARGS...: our cxl, the stub as upstream
guarded() {
	rm -f "$work/stub-args"
	CXL_SYSRAM_UPSTREAM=$work/stub run "$@"
}

# delegated ARGS...: the stub ran with exactly ARGS
delegated() {
	[ -f "$work/stub-args" ] || fail "upstream not run" || return 1
	[ "$(cat "$work/stub-args")" = "$(printf '%s\n' "$@")" ] ||
		fail "upstream got: $(cat "$work/stub-args")"
}

# cxl list --help with our -N: without a page of ours, upstream's man
# page, without the -N it would refuse as an unknown switch
check_list_help_N() {
	local args
	for args in "list -RN --help|list -R --help" \
		"list --extents -M --help|list -M --help" \
		"list -r 3 -Nu --help|list -r 3 -u --help"; do
		# shellcheck disable=SC2086
		CXL_SYSRAM_MANDIR=/nonexistent guarded ${args%%|*}
		[ "$rc" = 0 ] || fail "${args%%|*}: rc $rc" || return 1
		# shellcheck disable=SC2086
		delegated ${args#*|} || return 1
	done
}
t "list -N --help goes upstream without -N" check_list_help_N

# cxl help list and cxl list --help: upstream's page, then cxl-sysram(7)
# with -N/--extents
check_help_list() {
	local args
	for args in "help list" "list --help" "list -RN --help"; do
		# shellcheck disable=SC2086
		MANPAGER=cat MANWIDTH=80 "$CXL" $args > "$work/out" 2>&1 ||
			fail "$args: failed" || return 1
		grep -q "^CXL-LIST(1)" "$work/out" &&
			grep -q "^CXL-SYSRAM(7)" "$work/out" &&
			grep -q -- "-N, --extents" "$work/out" ||
			fail "$args: not both pages" || return 1
	done
}
t "cxl help list shows -N/--extents after upstream's page" check_help_list

GUARDFX="memdevs=2 region=0:ram:sysram sysram=0:online_movable:online_movable:-:1
	region=3:ram:sysram sysram=3:unplugged:online_movable:-:1
	region=5:ram:dax region=6:ram:auto"

# refused ARGS...: exit 1, region0 named, nothing written, upstream not run
refused() {
	local before after
	before=$(snapshot)
	guarded "$@"
	after=$(snapshot)
	[ "$rc" = 1 ] || fail "rc $rc" || return 1
	grep -q "^cxl $1: .*region0: sysram memory is plugged (${STATE:-online_movable}), use -f or cxl offline-sysram first$" "$work/err" ||
		fail "no refusal" || return 1
	[ ! -f "$work/stub-args" ] || fail "upstream run" || return 1
	[ "$before" = "$after" ] || fail "tree changed"
}

fixture $GUARDFX
for args in "disable-region region0" "destroy-region 0" "destroy-region all" \
	"disable-region region3,region0" "disable-region -d decoder0.0 all" \
	"destroy-region --decoder=0.0 region0" "disable-region -b root0 0" \
	"destroy-region -d root all" "disable-region --debug -- region0"; do
	# shellcheck disable=SC2086
	t "guard: 'cxl $args' refused while sysram memory is plugged" \
		refused $args
done
t "guard: a space-separated list in one argument" \
	refused disable-region "3 0"

check_guard_passes() {
	local args
	for args in "disable-region region3" "destroy-region 5" \
		"disable-region 6 region9" "disable-region -d decoder9.9 all" \
		"destroy-region -b root9 0" "disable-region --bogus region0" \
		"destroy-region --help" "disable-region"; do
		# shellcheck disable=SC2086
		guarded $args
		[ "$rc" = 0 ] || fail "$args: rc $rc" || return 1
		# shellcheck disable=SC2086
		delegated $args || return 1
	done
	[ "$(cat "$fx/sys/$SYSRAM0/state")" = online_movable ] || fail "unplugged"
}
t "guard: other regions, filtered-out ones and unknown options go upstream unchanged" \
	check_guard_passes

check_guard_force() {
	local args
	for args in "disable-region -f region0" "destroy-region --force all" \
		"destroy-region -fd decoder0.0 0" "disable-region -d0.0 -f 0,3"; do
		fixture $GUARDFX
		# shellcheck disable=SC2086
		guarded $args
		[ "$rc" = 0 ] || fail "$args: rc $rc" || return 1
		[ "$(cat "$fx/sys/$SYSRAM0/state")" = unplugged ] ||
			fail "$args: not unplugged" || return 1
		# shellcheck disable=SC2086
		delegated $args || return 1
	done
}
t "guard: -f unplugs, then upstream runs with the original arguments" \
	check_guard_force

check_guard_force_fails() {
	fixture $GUARDFX
	mount --bind -o ro "/sys/$SYSRAM0/state" "/sys/$SYSRAM0/state"
	mount -o remount,bind,ro "/sys/$SYSRAM0/state"
	guarded destroy-region -f region0
	[ "$rc" = 1 ] || fail "rc $rc" || return 1
	grep -q "sysram_region0: failed to unplug: Read-only file system" "$work/err" ||
		fail "no report" || return 1
	[ ! -f "$work/stub-args" ] || fail "upstream run"
}
t "guard: -f whose unplug fails reports it and does not run upstream" \
	check_guard_force_fails

# offline and mixed memory is plugged too; so is what an unbind left
fixture $GUARDFX set=$SYSRAM0/state=mixed
STATE=mixed t "guard: mixed memory refused" refused disable-region 0
fixture $GUARDFX set=$SYSRAM0/state=offline unbound=0 \
	rm=devices/platform/ACPI0017:00/root0/decoder0.0/region0/driver
STATE=offline t "guard: a disabled region with memory left plugged refused" \
	refused destroy-region region0

t "the distribution's cxl missing: 127 on every path" check_upstream_missing
t "stdout errors: a file's fail, a closed pipe's do not, status kept" \
	check_stdout_errors

# ------------------------------------------------------------------
# a user who may not write sysfs

NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

# nobody ARGS...: our cxl as user nobody; like run
nobody() {
	rm -f "$work/stub-args"
	"${NOBODY[@]}" "$CXL" "$@" > "$work/out" 2> "$work/err"
	rc=$?
}

# needs_root CMD ARGS...: one line saying so, exit 1, nothing written,
# upstream not run
needs_root() {
	local before after
	before=$(snapshot)
	CXL_SYSRAM_UPSTREAM=$work/stub nobody "$@"
	after=$(snapshot)
	[ "$rc" = 1 ] || fail "rc $rc" || return 1
	[ "$(cat "$work/err")" = "cxl $1: needs root (writes /sys/bus/cxl)" ] ||
		fail "not said once, plainly" || return 1
	[ ! -s "$work/out" ] || fail "stdout" || return 1
	[ ! -f "$work/stub-args" ] || fail "upstream run" || return 1
	[ "$before" = "$after" ] || fail "tree changed"
}

if command -v setpriv > /dev/null; then
	fixture $GUARDFX
	for args in "create-sysram -m mem0" "create-sysram" \
		"destroy-sysram -f region0" "destroy-sysram region3" \
		"online-sysram region3" "offline-sysram region0" \
		"offline-sysram all" "disable-region region0" \
		"disable-region -f region0" "destroy-region --force all" \
		"destroy-region region3" "disable-region -d decoder0.0 5,3"; do
		# shellcheck disable=SC2086
		t "non-root: 'cxl $args' needs root" needs_root $args
	done
	check_nobody_usage() {
		nobody create-sysram -h
		[ "$rc" = 129 ] && grep -q "usage: cxl create-sysram" "$work/err" ||
			fail "-h: rc $rc" || return 1
		nobody online-sysram --bogus
		[ "$rc" = 129 ] || fail "--bogus: rc $rc"
	}
	t "non-root: usage and -h as for root" check_nobody_usage
	# no sysram region named: upstream's to answer, as for root
	check_nobody_delegated() {
		CXL_SYSRAM_UPSTREAM=$work/stub nobody disable-region 5
		[ "$rc" = 0 ] || fail "rc $rc" || return 1
		delegated disable-region 5
	}
	t "non-root: disable-region of a dax region goes upstream unchanged" \
		check_nobody_delegated
	# CAP_DAC_OVERRIDE writes root's sysfs files: no refusal then
	check_dac_override() {
		fixture $GUARDFX
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			--inh-caps=+dac_override --ambient-caps=+dac_override \
			"$CXL" online-sysram region3 > "$work/out" 2> "$work/err"
		rc=$?
		[ "$rc" = 0 ] || fail "rc $rc" || return 1
		[ "$(cat "$fx/sys/$SYSRAM3/state")" = online_movable ] ||
			fail "not written"
	}
	t "non-root with CAP_DAC_OVERRIDE may write" check_dac_override

	# read-only commands: the same as root's where the kernel lets them
	fixture $LISTFX
	check_nobody_reads() {
		local args
		for args in "list -N" "list -R -u" "list-extents" \
			"list-extents -r 3 -u" "version -v" "help"; do
			# shellcheck disable=SC2086
			nobody $args
			[ "$rc" = 0 ] || fail "$args: rc $rc" || return 1
			cp "$work/out" "$work/o2"
			# shellcheck disable=SC2086
			run $args
			cmp "$work/out" "$work/o2" || fail "$args: not root's" ||
				return 1
		done
	}
	t "non-root: list, list-extents, version, help as for root" \
		check_nobody_reads
else
	n=$((n + 1))
	echo "not ok $n - non-root cases: setpriv (util-linux) missing"
	failed=$((failed + 1))
fi

umount -l /dev/cxl 2>/dev/null
umount -l /sys 2>/dev/null
umount -l "$work"
rmdir "$work"
echo "1..$n"
[ "$failed" = 0 ]
