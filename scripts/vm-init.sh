#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# PID 1 of the VM started by scripts/vm.sh (passed with init=).  It
#  1. puts a tmpfs overlay over the read-only 9p root and pivots into it,
#     so programs can write anywhere while the host's files stay untouched;
#  2. mounts the pseudo file systems, links the test kernel's modules in
#     and loads the CXL/DAX stack (there is no udev to do it);
#  3. runs the command from the run folder on the virtio console (hvc0);
#  4. reports "boot <uptime>" (root and mounts ready), "ready <uptime>"
#     (modules loaded, command starts) and "exit <status>" on the virtio
#     port cxl-sysram.status, which vm.sh reads, and powers off.
#
# Parameters, from the kernel command line:
#   cxlsysram.run=DIR        run folder (DIR/cmd is the command script)
#   cxlsysram.shell=0|1      interactive shell afterwards
#   cxlsysram.modules=DIR    INSTALL_MOD_PATH of the test kernel
#   cxlsysram.load=a,b|none  modules to load (default: the CXL/DAX stack)
#   cxlsysram.tty=RxC        terminal size for the shell
#   cxlsysram.term=TERM      terminal type for the shell
#
# PID 1 must never exit (that panics), so there is no 'set -e' here:
# every failure is reported as status 125 and the guest still powers off.

PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH LANG=C.UTF-8 HOME=/root

# udev would load these on a normal system as devices appear; loading all
# of them up front also avoids racing the asynchronous probes in tests.
default_load=cxl_acpi,cxl_pci,cxl_port,cxl_mem,cxl_pmem,dax_cxl,device_dax,kmem

log() { echo "vm-init: $*" > /dev/kmsg 2>/dev/null || echo "vm-init: $*" >&2; }

param()
{
	local w
	for w in $(cat /proc/cmdline); do
		case "$w" in
		cxlsysram."$1"=*) echo "${w#*=}"; return ;;
		esac
	done
}

status_port=
report() { [ -n "$status_port" ] && echo "$*" > "$status_port"; }

poweroff_now()
{
	sync
	echo o > /proc/sysrq-trigger
	# The power-off runs from a work queue; PID 1 must outlive it.
	while :; do sleep 60; done
}

fail()
{
	log "FAILED: $*"
	report "exit 125"
	poweroff_now
}

mount -t proc proc /proc || { echo "vm-init: cannot mount /proc" >&2; }
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev

# 1. The writable root: overlay of a tmpfs on the 9p root.  The tmpfs sits
# on /run of the old root and moves with it; the overlay keeps it alive.
mount -t tmpfs -o mode=0755 vm-overlay /run || fail "tmpfs on /run"
mkdir -p /run/ovl/upper /run/ovl/work /run/ovl/root
mount -t overlay overlay \
	-o lowerdir=/,upperdir=/run/ovl/upper,workdir=/run/ovl/work \
	/run/ovl/root || fail "overlay root"
mount --move /dev /run/ovl/root/dev || fail "move /dev"
mount --move /proc /run/ovl/root/proc || fail "move /proc"
cd /run/ovl/root || fail "cd new root"
mkdir -p .vm-oldroot
pivot_root . .vm-oldroot || fail "pivot_root"
cd /
umount -l /.vm-oldroot && rmdir /.vm-oldroot

# 2. The usual mounts.  /tmp and /run get their own tmpfs for the usual
# modes and so that a test filling them cannot fill the overlay.
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm
mount -t devpts -o mode=0620,ptmxmode=0666 devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
hostname cxl-sysram-vm

for p in /sys/class/virtio-ports/*; do
	[ "$(cat "$p/name" 2>/dev/null)" = cxl-sysram.status ] &&
		status_port=/dev/${p##*/}
done
[ -n "$status_port" ] || log "no status port: vm.sh will see no status"
report "boot $(cut -d' ' -f1 /proc/uptime)"

rel=$(uname -r)
moddir=$(param modules)/lib/modules/$rel
if [ -d "$moddir" ]; then
	mkdir -p /usr/lib/modules
	ln -sfn "$moddir" "/usr/lib/modules/$rel"
else
	log "no modules for $rel in $moddir"
fi
load=$(param load)
load=${load:-$default_load}
if [ "$load" != none ]; then
	# shellcheck disable=SC2046
	modprobe -a $(echo "$load" | tr , ' ') || fail "modprobe $load"
	# Probes deferred until their parent port appeared are retried from
	# a work queue; let them finish before the test looks at sysfs.
	for _ in $(seq 100); do
		[ -s /sys/kernel/debug/devices_deferred ] || break
		sleep 0.1
	done
	[ -s /sys/kernel/debug/devices_deferred ] &&
		log "still deferred: $(tr '\n' ' ' < /sys/kernel/debug/devices_deferred)"
fi

report "ready $(cut -d' ' -f1 /proc/uptime)"

# 3. The command, on hvc0 as its controlling terminal.
run=$(param run)
[ -f "$run/cmd" ] || fail "no command file $run/cmd"
tty=/dev/hvc0
# The size must be set while the shell holds the terminal open: hvc0
# forgets it when the last user closes it.
size=$(param tty) setsize=:
if [ -n "$size" ]; then
	setsize="stty rows ${size%x*} cols ${size#*x}"
fi
term=$(param term)
export TERM=${term:-${TERM:-linux}} USER=root SHELL=/bin/bash
# hvc0 is a terminal, so jq and friends would colour logs that are read
# as text; the interactive shell keeps colours.
[ "$(param shell)" = 1 ] || export NO_COLOR=1

rc=0
if [ "$(wc -l < "$run/cmd")" -gt 1 ]; then
	log "running: $(tail -n +2 "$run/cmd")"
	setsid -c -w /bin/bash "$run/cmd" < "$tty" > "$tty" 2>&1
	rc=$?
	log "command exited with $rc"
fi
if [ "$(param shell)" = 1 ]; then
	log "interactive shell"
	# PS1 is set inside: a non-interactive bash drops it from the
	# environment.
	(cd /src && setsid -c -w /bin/bash -c "$setsize 2>/dev/null
		export PS1='[vm \\W]# '; exec /bin/bash --norc -i") \
		< "$tty" > "$tty" 2>&1
	src=$?
	# The shell's own status only counts when there was no command.
	[ "$(wc -l < "$run/cmd")" -gt 1 ] || rc=$src
fi

# 4. Report and power off.
report "exit $rc"
poweroff_now
