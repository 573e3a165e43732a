#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# Dynamic Capacity benchmarks, in the VM (run from the host with
# 'scripts/env.sh run bench/dcd.sh', or a part of it inside a guest):
#
#  plug  (preset mixed: one device, 1 GiB static RAM + 1 GiB DC): the time
#        from the QMP add to all memory online, for 1 x 1 GiB and for
#        8 x 128 MiB extents, against writing online_movable to the state
#        of a static sysram region of the same 1 GiB in the same run.
#        The QMP add goes through the guest's QMP channel, held open by
#        this script; its own round trip (a command QEMU refuses at once)
#        is printed and taken off as well.  Target: DC at most 20% over the static plug.
#  list  (preset dcd-big: 64 GiB of DC): 'cxl list -N' of a region holding
#        504 extents of 128 MiB, against a bare C loop (bench/extent-read.c)
#        reading the same sysfs files; the per-extent cost is the time with
#        the extents less the time of the same region without any, over
#        504.  QEMU holds 512 extents, pending ones included, and refuses
#        the response that would fill the last slot: 504 is the most in
#        whole requests of 8, the largest QEMU takes at once.  Target <=
#        1.2x.
#
# Times are the guest's wall clock under TCG: they compare the paths with
# each other, not with real hardware.
set -euo pipefail

if [ -z "${CXL_SYSRAM_IN_VM:-}" ]; then
	# on the host: one guest per part
	cd "$(dirname "$0")/.."
	n=${ROUNDS:-5}
	scripts/vm.sh --preset mixed --timeout 1200 -- \
		env CXL_SYSRAM_IN_VM=1 /src/bench/dcd.sh plug "$n"
	scripts/vm.sh --preset dcd-big --timeout 1200 -- \
		env CXL_SYSRAM_IN_VM=1 /src/bench/dcd.sh list
	exit
fi

CXL=${CXL:-/src/build/cxl/cxl}
SYS=/sys/bus/cxl/devices
READ=${READ:-/src/build/bench/extent-read}
WALK=${WALK:-/src/build/bench/extent-walk}
UPSTREAM_CXL=${UPSTREAM_CXL:-/usr/bin/cxl}

# the time in ms, in $NOW: no fork (one costs tens of ms under TCG, as much
# as what is measured)
now() { local t=${EPOCHREALTIME/./}; NOW=$((t / 1000)); }

# a sleep without a fork: read with a timeout on a fifo nobody writes
mkfifo /tmp/bench.fifo
exec 9<> /tmp/bench.fifo
nap() { read -r -t 0.005 -u 9 _ || true; }

# wait_for FILE VALUE: poll a sysfs file until it reads VALUE (60 s)
wait_for()
{
	local v i
	for ((i = 0; i < 12000; i++)); do
		read -r v < "$1"
		[ "$v" = "$2" ] && return 0
		nap
	done
	echo "bench: $1 never read $2 (last: $v)" >&2
	return 1
}

# The QMP channel, held open by this shell: a command is timed from the
# moment it is written to the port, without test/qmp's start-up (Python),
# which would swamp what is measured.
qmp_open()
{
	local p
	for p in /sys/class/virtio-ports/*; do
		[ "$(cat "$p/name")" = cxl-sysram.qmp ] || continue
		exec 8<> "/dev/${p##*/}"
		return 0
	done
	echo "bench: no QMP channel (cxl-sysram.qmp)" >&2
	return 1
}

qmp_id=0
# qmp_dc add|release OFFSET:LEN...: send and wait for QEMU's reply
qmp_dc()
{
	local op=$1 ext=() e off len reply cmd
	shift
	for e in "$@"; do
		off=$(($(numfmt --from=iec "${e%%:*}")))
		len=$(($(numfmt --from=iec "${e##*:}")))
		ext+=("{\"offset\":$off,\"len\":$len}")
	done
	if [ "$op" = add ]; then
		cmd='"execute":"cxl-add-dynamic-capacity","arguments":{"selection-policy":"prescriptive",'
	else
		cmd='"execute":"cxl-release-dynamic-capacity","arguments":{"removal-policy":"prescriptive",'
	fi
	qmp_id=$((qmp_id + 1))
	printf '{%s"path":"/machine/peripheral/cxl-dcd0","host-id":0,"region":0,"extents":[%s]},"id":"bench%d"}\n' \
		"$cmd" "$(IFS=,; echo "${ext[*]}")" $qmp_id >&8
	while read -r -t 60 -u 8 reply; do
		case $reply in
		*"\"bench$qmp_id\""*) break ;;
		esac
	done
	case $reply in
	*'"return"'*) return 0 ;;
	*) echo "bench: qmp $op $*: $reply" >&2; return 1 ;;
	esac
}

# The kernel's side of a DC add, from its own log (dynamic debug of
# cxl_core): the first Add Capacity record read to the last extent online.
# QEMU's handling of the QMP command, which takes more than a second for 8
# extents under TCG, is the emulator's cost, not the host's.
kernel_debug()
{
	[ -d /sys/kernel/debug/dynamic_debug ] ||
		mount -t debugfs none /sys/kernel/debug
	echo 'module cxl_core +p' > /sys/kernel/debug/dynamic_debug/control
}

# kernel_ms: of the log since the last dmesg -C
kernel_ms()
{
	dmesg | awk '
		{ s = $0; sub(/^\[ */, "", s); split(s, a, "]"); t = a[1] + 0 }
		/DC: add / && !first { first = t }
		/extent[0-9.]+: 0x[0-9a-f]+-0x[0-9a-f]+: online/ { last = t }
		END { printf "%d\n", (last - first) * 1000 + 0.5 }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

create()
{
	"$CXL" create-sysram -m mem0 "$@" | jq -er .region
}

qmp_open

# dc_round DC EXTENT...: add the extents (1 GiB in all), wait until all is
# online, give it all back; prints the ms from the QMP add and the kernel's
dc_round()
{
	local dc=$1 t0 t
	shift
	dmesg -C
	now
	t0=$NOW
	qmp_dc add "$@"
	wait_for "$SYS/sysram_$dc/size" 0x40000000
	wait_for "$SYS/sysram_$dc/state" online_movable
	now
	t=$((NOW - t0))
	echo "$t $(kernel_ms)"
	qmp_dc release 0:1G
	wait_for "$SYS/sysram_$dc/size" 0x0
}

part_plug()
{
	local rounds=${1:-5} r ram dc t0 t k qmp=() st=() one=() eight=() i
	local k1=() k8=()
	kernel_debug
	ram=$(create -t ram --no-online)
	dc=$(create -t dynamic_ram_1 --online-type online_movable)
	for ((r = 0; r < rounds; r++)); do
		# the channel alone: a release of nothing QEMU refuses at once
		now
		t0=$NOW
		qmp_dc release 1G:2M 2> /dev/null || true
		now
		qmp+=($((NOW - t0)))

		now
		t0=$NOW
		echo online_movable > "$SYS/sysram_$ram/state"
		now
		st+=($((NOW - t0)))
		echo unplugged > "$SYS/sysram_$ram/state"

		read -r t k <<< "$(dc_round "$dc" 0:1G)"
		one+=("$t") k1+=("$k")
		read -r t k <<< "$(dc_round "$dc" $(for i in $(seq 0 7); do
			echo "$((i * 128))M:128M"; done))"
		eight+=("$t") k8+=("$k")
	done
	"$CXL" destroy-sysram -f "$ram" "$dc" > /dev/null

	local mq ms m1 m8 mk1 mk8
	mq=$(printf '%s\n' "${qmp[@]}" | median)
	ms=$(printf '%s\n' "${st[@]}" | median)
	m1=$(printf '%s\n' "${one[@]}" | median)
	m8=$(printf '%s\n' "${eight[@]}" | median)
	mk1=$(printf '%s\n' "${k1[@]}" | median)
	mk8=$(printf '%s\n' "${k8[@]}" | median)
	echo "1 GiB to online_movable, $rounds rounds each (ms; median last):"
	echo "  static region, state write:           ${st[*]}  -> $ms"
	echo "  DC 1 x 1 GiB, kernel: event to online: ${k1[*]}  -> $mk1"
	echo "  DC 8 x 128 MiB, kernel:               ${k8[*]}  -> $mk8"
	echo "  DC 1 x 1 GiB, QMP add to online:      ${one[*]}  -> $m1"
	echo "  DC 8 x 128 MiB, QMP add to online:    ${eight[*]}  -> $m8"
	echo "  QMP channel round trip:               ${qmp[*]}  -> $mq"
	awk -v s="$ms" -v a="$mk1" -v b="$mk8" -v c="$m1" -v d="$m8" 'BEGIN {
		printf "  DC / static, kernel side: 1 x 1 GiB %.2f, 8 x 128 MiB %.2f (target <= 1.20)\n", a / s, b / s
		printf "  DC / static, from the QMP add: 1 x 1 GiB %.2f, 8 x 128 MiB %.2f\n", c / s, d / s
	}'
}

# best_us CMD...: the fastest of 9 runs, in microseconds
best_us()
{
	local i t0 t best=
	for i in 1 2 3 4 5 6 7 8 9; do
		t0=${EPOCHREALTIME/./}
		"$@" > /dev/null
		t=$((${EPOCHREALTIME/./} - t0))
		[ -z "$best" ] || [ "$t" -lt "$best" ] && best=$t
	done
	echo "$best"
}

# breakdown DC N: where the time of list -N goes, with N extents
breakdown()
{
	echo "  with $2 extents (us, fastest of 9):" \
		"ours list -R $(best_us "$CXL" list -R -r "$1")," \
		"upstream list -R $(best_us "$UPSTREAM_CXL" list -R -r "$1")," \
		"list-extents $(best_us "$CXL" list-extents -r "$1" 2> /dev/null)," \
		"library walk $("$WALK" 5 | awk '{ print $NF }')"
}

part_list()
{
	local dc n=504 i j off ext list0 read0 listn readn
	dc=$(create -t dynamic_ram_1 --no-online)
	list0=$(best_us "$CXL" list -N -r "$dc")
	read0=$(best_us "$READ" "$SYS/sysram_$dc")
	breakdown "$dc" 0
	# QEMU takes at most 8 extents per add (its event log)
	for ((i = 0; i < n; i += 8)); do
		ext=()
		for ((j = i; j < i + 8; j++)); do
			off=$((j * 128))
			ext+=("${off}M:128M")
		done
		qmp_dc add "${ext[@]}"
		wait_for "$SYS/sysram_$dc/size" "$(printf '0x%x' $(((i + 8) << 27)))"
	done
	[ "$("$CXL" list-extents -r "$dc" | jq length)" = $n ]
	[ "$("$READ" "$SYS/sysram_$dc" | cut -d' ' -f1)" = $n ]
	listn=$(best_us "$CXL" list -N -r "$dc")
	readn=$(best_us "$READ" "$SYS/sysram_$dc")
	breakdown "$dc" $n
	echo "cxl list -N of a DC region, fastest of 9 (us):"
	echo "  0 extents:   cxl list -N $list0, C loop $read0"
	echo "  $n extents: cxl list -N $listn, C loop $readn"
	awk -v l0="$list0" -v r0="$read0" -v l="$listn" -v r="$readn" -v n=$n 'BEGIN {
		pl = (l - l0) / n; pr = (r - r0) / n
		printf "  per extent: cxl list -N %.1f us, C loop %.1f us: %.2fx (target <= 1.2x)\n", pl, pr, pl / pr
	}'
	"$CXL" destroy-sysram -f "$dc" > /dev/null
}

case ${1:-} in
plug) part_plug "${2:-5}" ;;
list) part_list ;;
*) echo "usage: $0 [plug [ROUNDS] | list]" >&2; exit 2 ;;
esac
