#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# Boot the test kernel (scripts/kernel-build.sh) in QEMU with emulated CXL
# memory and run one command in the guest.  Runs inside the environment:
#
#   scripts/env.sh run scripts/vm.sh [options] -- CMD [ARGS...]
#   scripts/env.sh run scripts/vm.sh --shell [options]
#
# Options:
#   --preset NAME   CXL topology: single (default), interleave, dcd, mixed,
#                   dcd-big
#   --timeout S     kill the guest after S seconds (default 900, 0 = never;
#                   --shell defaults to never)
#   --shell         interactive shell in the guest (after CMD, if given)
#   --smp N         vCPUs (default 2)
#   --mem SIZE      guest RAM (default 2G)
#   --append ARGS   extra kernel command line (e.g. dyndbg=..., ignore_loglevel)
#   --allow REGEX   kernel log lines matching REGEX do not fail the run
#   --console       also stream the kernel console to stderr
#   --qemu ARG      one extra QEMU argument (repeatable)
#   --kernel DIR    kernel-build.sh output to boot (default /cache/kernel,
#                   or $CXL_SYSRAM_KDIR)
#
# The guest root is the environment's / over virtio-9p, read-only, under a
# tmpfs overlay: the guest can write anywhere, and nothing reaches the host.
# /src (this tree) and /cache are seen through it.  The command runs as root
# in /src, on the virtio console (hvc0) connected to this terminal.
#
# QMP from the guest: the virtio port cxl-sysram.qmp carries one QMP
# command a line to scripts/qmp-relay.py, which runs next to QEMU on a
# monitor of its own (qmp.sock stays free), and one reply a line back;
# events are not passed on.  test/qmp is the client in the guest, e.g.
# "test/qmp dc-add 0 0:128M" in the dcd preset.  It is there in every
# preset; what it relayed is in the run folder's qmp.log.
#
# Exit status: the command's.  Also fails (125, or the command's status if
# that is not 0) when the kernel log shows a warning, BUG, oops, lockdep
# splat and the like, or when the guest never reports a status (panic);
# 124 when the timeout hits.  Each run's files (kernel console log, command,
# status, QMP sockets, qmp.log) are in /cache/vm/runs/<stamp>,
# /cache/vm/last points to the latest; on the host /cache is
# ~/.cache/cxl-sysram/work.
# QEMU options are comma lists, not separators: SC2054 misreads them.
# shellcheck disable=SC2054
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KDIR=${CXL_SYSRAM_KDIR:-/cache/kernel}
VMDIR=${CXL_SYSRAM_VMDIR:-/cache/vm}

say() { echo "vm: $*" >&2; }
die() { say "error: $*"; exit 125; }
usage() { sed -n '5,/cxl-sysram\/work\./p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

preset=single timeout='' shell=0 smp=2 mem=2G append='' console=0
allow=${CXL_SYSRAM_VM_ALLOW:-}
extra=()
while [ $# -gt 0 ]; do
	case "$1" in
	--preset) preset=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--shell) shell=1 ;;
	--smp) smp=$2; shift ;;
	--mem) mem=$2; shift ;;
	--append) append="$append $2"; shift ;;
	--allow) allow=${allow:+$allow|}$2; shift ;;
	--console) console=1 ;;
	--qemu) extra+=("$2"); shift ;;
	--kernel) KDIR=$2; shift ;;
	-h|--help) usage 0 ;;
	--) shift; break ;;
	-*) say "unknown option $1"; usage 2 >&2 ;;
	*) break ;;
	esac
	shift
done
[ $# -gt 0 ] || shell=1
if [ -z "$timeout" ]; then
	if [ "$shell" = 1 ]; then timeout=0; else timeout=900; fi
fi

[ -f "$KDIR/bzImage" ] && [ -f "$KDIR/version" ] ||
	die "no kernel in $KDIR: run scripts/env.sh run scripts/kernel-build.sh"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing"

# Topologies.  Sizes are multiples of 256 MiB so regions stay aligned to the
# guest's 128 MiB memory blocks; each window is larger than what the preset
# can map, so region creation never runs out of window.  Serial numbers are
# fixed so tests and logs can name devices.
cxl=()
case "$preset" in
single)
	# One host bridge, one root port, one 1 GiB volatile device.
	cxl=(
	-object memory-backend-ram,id=cxl-mem0,share=on,size=1G
	-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1
	-device cxl-rp,port=0,bus=cxl.1,id=cxl-rp0,chassis=0,slot=2
	-device cxl-type3,bus=cxl-rp0,volatile-memdev=cxl-mem0,id=cxl-vmem0,sn=0x5000
	-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G
	)
	;;
interleave)
	# One host bridge with two root ports and two 512 MiB devices.  The
	# window targets the one host bridge, so it is 1-way and puts no
	# constraint on the region's granularity: a 2-way region
	# interleaves at the host bridge's decoder, at the granularity
	# cxl create-region picks (the root's, 256 B, by default).
	# A second window on the same host bridge is a NUMA node of its
	# own (decoder0.1): a private and an ordinary sysram region side
	# by side, or one memdev's capacity on two nodes.  (The single
	# preset's host bridge has one root port and decodes in
	# passthrough, which takes one region only: no second window
	# there.)
	cxl=(
	-object memory-backend-ram,id=cxl-mem0,share=on,size=512M
	-object memory-backend-ram,id=cxl-mem1,share=on,size=512M
	-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1
	-device cxl-rp,port=0,bus=cxl.1,id=cxl-rp0,chassis=0,slot=2
	-device cxl-rp,port=1,bus=cxl.1,id=cxl-rp1,chassis=0,slot=3
	-device cxl-type3,bus=cxl-rp0,volatile-memdev=cxl-mem0,id=cxl-vmem0,sn=0x5000
	-device cxl-type3,bus=cxl-rp1,volatile-memdev=cxl-mem1,id=cxl-vmem1,sn=0x5001
	-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G,cxl-fmw.1.targets.0=cxl.1,cxl-fmw.1.size=4G
	)
	;;
dcd)
	# One device with 1 GiB of dynamic capacity in one DC region and
	# no static capacity.  Extents are added from the host over QMP
	# (cxl-add-dynamic-capacity, path /machine/peripheral/cxl-dcd0).
	cxl=(
	-object memory-backend-ram,id=cxl-dc0,share=on,size=1G
	-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1
	-device cxl-rp,port=0,bus=cxl.1,id=cxl-rp0,chassis=0,slot=2
	-device cxl-type3,bus=cxl-rp0,volatile-dc-memdev=cxl-dc0,num-dc-regions=1,id=cxl-dcd0,sn=0x5100
	-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G
	)
	;;
mixed)
	# One device with 1 GiB of static RAM followed by 1 GiB of dynamic
	# capacity, for comparisons of the two in one run (bench/dcd.sh).
	# Two root ports, so that the host bridge decodes per region rather
	# than in passthrough, which takes one region only.
	cxl=(
	-object memory-backend-ram,id=cxl-mem0,share=on,size=1G
	-object memory-backend-ram,id=cxl-dc0,share=on,size=1G
	-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1
	-device cxl-rp,port=0,bus=cxl.1,id=cxl-rp0,chassis=0,slot=2
	-device cxl-rp,port=1,bus=cxl.1,id=cxl-rp1,chassis=0,slot=3
	-device cxl-type3,bus=cxl-rp0,volatile-memdev=cxl-mem0,volatile-dc-memdev=cxl-dc0,num-dc-regions=1,id=cxl-dcd0,sn=0x5200
	-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G
	)
	;;
dcd-big)
	# 64 GiB of dynamic capacity: room for 512 extents of 128 MiB, the
	# most the device holds (bench/dcd.sh list).  The backend is only
	# touched where memory is plugged.
	cxl=(
	-object memory-backend-ram,id=cxl-dc0,share=on,size=64G
	-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1
	-device cxl-rp,port=0,bus=cxl.1,id=cxl-rp0,chassis=0,slot=2
	-device cxl-type3,bus=cxl-rp0,volatile-dc-memdev=cxl-dc0,num-dc-regions=1,id=cxl-dcd0,sn=0x5300
	-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=128G
	)
	;;
*) die "unknown preset '$preset' (single, interleave, dcd, mixed, dcd-big)" ;;
esac

# A folder per run: the guest reads the command from it (over 9p), the
# host keeps the logs.  Old runs are pruned.
mkdir -p "$VMDIR/runs"
run=$VMDIR/runs/$(date +%Y%m%d-%H%M%S)-$$
mkdir "$run"
ln -sfn "runs/${run##*/}" "$VMDIR/last"
ls -1d "$VMDIR"/runs/* | head -n -20 | xargs -r rm -rf
log=$run/console.log
status=$run/status
: > "$status"
: > "$log"

# The command, quoted for the guest's bash.
{
	echo "cd /src"
	if [ $# -gt 0 ]; then
		printf '%q ' "$@"
		echo
	fi
} > "$run/cmd"

cmdline=(
	console=ttyS0 printk.devkmsg=on
	root=/dev/root rootfstype=9p ro
	rootflags=trans=virtio,version=9p2000.L,msize=262144,cache=loose
	init="$top/scripts/vm-init.sh"
	# DESIGN.md section 5: hot-added memory stays offline until a
	# tool onlines it, as on the distributions we target.
	memhp_default_state=offline
	# An oops ends the run at once instead of waiting for the timeout.
	oops=panic panic=-1
	cxlsysram.run="$run" cxlsysram.shell="$shell"
	cxlsysram.modules="$KDIR/modules"
)
if [ "$shell" = 1 ] && [ -t 1 ]; then
	cmdline+=(cxlsysram.tty="$(stty size 2>/dev/null | tr ' ' x)"
		cxlsysram.term="${TERM:-linux}")
fi

qemu=(
	qemu-system-x86_64
	-M q35,cxl=on -accel tcg
	# la57 off: 4-level paging, the common case for CXL hosts.
	-cpu max,la57=off -smp "$smp"
	# maxmem reserves a hotplug range in SRAT, as on a real host.
	-m "$mem",maxmem=8G,slots=2
	-nodefaults -no-user-config -display none -no-reboot
	-kernel "$KDIR/bzImage"
	-append "${cmdline[*]} $append"
	# The environment root.  multidevs=remap: /src, /cache and the
	# other bind mounts inside it are different file systems, whose
	# inode numbers would otherwise collide in the guest.
	-virtfs local,id=root,path=/,mount_tag=/dev/root,security_model=none,readonly=on,multidevs=remap
	-serial file:"$log"
	-device virtio-serial-pci,id=vser
	-device virtconsole,chardev=term
	-chardev file,id=status,path="$status"
	-device virtserialport,chardev=status,name=cxl-sysram.status
	-qmp unix:"$run/qmp.sock",server=on,wait=off
	# The guest's QMP channel: the relay connects to both sockets.
	-qmp unix:"$run/qmp-relay.sock",server=on,wait=off
	-chardev socket,id=qmp-port,path="$run/qmp-port.sock",server=on,wait=off
	-device virtserialport,chardev=qmp-port,name=cxl-sysram.qmp
	"${cxl[@]}"
	"${extra[@]}"
)
if [ "$shell" = 1 ]; then
	# Ctrl-C goes to the guest; leave the shell with 'exit'.
	qemu+=(-chardev stdio,id=term,signal=off)
else
	qemu+=(-chardev stdio,id=term,signal=on)
fi
printf '%q ' "${qemu[@]}" > "$run/qemu-cmdline"

say "booting $(cat "$KDIR/version"), preset $preset, run $run"
tailpid=
if [ "$console" = 1 ]; then
	tail -n +1 -F "$log" >&2 2>/dev/null &
	tailpid=$!
fi

# Started first, it waits for QEMU's sockets and ends when QEMU closes
# them; stdin is not the terminal's, which QEMU may be reading.
relay=
if command -v python3 >/dev/null; then
	python3 "$top/scripts/qmp-relay.py" "$run/qmp-relay.sock" \
		"$run/qmp-port.sock" < /dev/null >> "$run/qmp.log" 2>&1 &
	relay=$!
	# Not left behind should vm.sh end early (a signal, set -e).
	trap 'kill "$relay" 2>/dev/null || true' EXIT
else
	say "no python3: no QMP channel for the guest"
fi

t0=$(date +%s%N)
rc=0
if [ "$timeout" != 0 ]; then
	# --foreground: QEMU must stay in the terminal's foreground process
	# group to read it; -k: QEMU gets SIGKILL if SIGTERM does not end it.
	if [ "$shell" = 1 ]; then
		timeout --foreground -k 10 "$timeout" "${qemu[@]}" || rc=$?
	else
		timeout --foreground -k 10 "$timeout" "${qemu[@]}" \
			< /dev/null || rc=$?
	fi
elif [ "$shell" = 1 ]; then
	"${qemu[@]}" || rc=$?
else
	"${qemu[@]}" < /dev/null || rc=$?
fi
t1=$(date +%s%N)
[ -n "$tailpid" ] && kill "$tailpid" 2>/dev/null
if [ -n "$relay" ]; then
	# It sees QEMU's sockets close and logs that: a moment for it.
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 "$relay" 2>/dev/null || break
		sleep 0.1
	done
	kill "$relay" 2>/dev/null || true
	wait "$relay" 2>/dev/null || true
fi
# QEMU left the terminal raw if it was killed.
[ -t 0 ] && stty sane 2>/dev/null

secs() { printf '%d.%03d' $(($1 / 1000000000)) $(($1 / 1000000 % 1000)); }

boot=$(sed -n 's/^boot //p' "$status" | head -1)
ready=$(sed -n 's/^ready //p' "$status" | head -1)
guest_rc=$(sed -n 's/^exit //p' "$status" | tail -1)
# Guest uptimes: kernel + init's mounts, then + module loading.
say "boot ${boot:-?} s, command started at ${ready:-?} s (guest uptime);" \
	"wall $(secs $((t1 - t0))) s"

# Lines that mean the kernel is unhappy, whatever the command returned.
bad='WARNING:|BUG:|BUG [^ ]+ \((Not t|T)ainted|Oops|Call Trace|Kernel panic|kernel BUG|'
bad+='general protection fault|possible (recursive|circular) locking|'
bad+='inconsistent lock state|lock held when returning|'
bad+='DEBUG_LOCKS_WARN_ON|suspicious RCU usage|detected stall|'
bad+='non-static key|INFO: task .* blocked|KFENCE:|UBSAN:|'
bad+='refcount_t:|list_(add|del) corruption|page dumped because'
splat=$(grep -naE "$bad" "$log" | { if [ -n "$allow" ]; then
	grep -vaE "$allow"; else cat; fi; } || true)

fail=0
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	say "TIMEOUT: guest killed after $timeout s; last console lines:"
	tail -n 30 "$log" | sed 's/^/  | /' >&2
	fail=124
elif [ "$rc" != 0 ]; then
	say "qemu failed with status $rc; last console lines:"
	tail -n 30 "$log" | sed 's/^/  | /' >&2
	fail=125
elif [ -z "$guest_rc" ]; then
	say "FAIL: the guest reported no exit status (crash?); last console lines:"
	tail -n 30 "$log" | sed 's/^/  | /' >&2
	fail=125
fi
if [ -n "$splat" ]; then
	say "FAIL: kernel log has errors ($log):"
	echo "$splat" | head -n 40 | sed 's/^/  | /' >&2
	# The first splat with its context, which is what one reads first.
	first=$(echo "$splat" | head -1 | cut -d: -f1)
	say "context of the first one:"
	sed -n "$((first > 5 ? first - 5 : 1)),$((first + 40))p" "$log" |
		sed 's/^/  | /' >&2
	[ "$fail" != 0 ] || fail=125
fi

if [ "$fail" = 0 ]; then
	say "guest command exited with $guest_rc (kernel log: $log)"
	exit "$guest_rc"
fi
# A failed command keeps its own status; infrastructure failures use theirs.
if [ -n "$guest_rc" ] && [ "$guest_rc" != 0 ] && [ "$fail" = 125 ]; then
	say "guest command exited with $guest_rc"
	exit "$guest_rc"
fi
exit "$fail"
