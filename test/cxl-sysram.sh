#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# The sysram commands end to end, in the VM, against QEMU's CXL devices and
# the patched kernel, checked with the kernel's own views (each memory
# block's state and zone, /proc/meminfo, the node's meminfo, /proc/iomem)
# and cxl list.  Works on the 'single' (1 memdev) and 'interleave' (2
# memdevs) presets.  usage: cxl-sysram.sh movable|kernel|online
#
#   movable: as user nobody, create-sysram, offline-sysram and
#            disable-region refused at once, cxl list readable;
#            create-sysram online_movable and --no-online, offline, online
#            again, disable-region (refused while plugged, then -f) and
#            enable-region, destroy (refused while online, then -f); error
#            paths leave nothing behind; memctrl=auto still gives the dax
#            path
#   kernel:  online_kernel; offline while a process has page tables there
#            is refused with -EBUSY and changes nothing
#   online:  online (the kernel picks the zone)
#
# Memory onlined to ZONE_NORMAL may take kernel allocations that can never
# move (SLUB's per-node data, once the node has normal memory): unplugging
# it may then fail for good, so the kernel-zone phases run last in a guest
# of their own and accept either a clean unplug or an -EBUSY that changed
# nothing.
. "$(dirname "$0")/common"

rc=1
set -ex
trap 'err $LINENO' ERR
check_prereq jq
check_prereq numactl
check_prereq setpriv

mems=$("$CXL" list -M | jq -r '.[].memdev' | sort | xargs)
nr_mems=$(echo $mems | wc -w)
[ "$nr_mems" -ge 1 ]
decoder=$("$CXL" list -D -d root | jq -r '[.[] | select(.volatile_capable == true)][0].decoder')
[ "$decoder" != null ]
base_total=$(mem_total_kb)

# needs_root CMD ARGS...: as user nobody, CMD fails saying only that
needs_root()
{
	fails setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$CXL" "$@" > /tmp/out 2> /tmp/err
	# without the shell's own xtrace lines, which share the redirection
	[ "$(grep -v '^+' /tmp/err)" = "cxl $1: needs root (writes /sys/bus/cxl)" ]
	[ ! -s /tmp/out ]
}

create()
{
	"$CXL" create-sysram -m $mems -d "$decoder" "$@" > /tmp/create.json
	jq -r .region /tmp/create.json
}


# offline_all_or_nothing REGION TYPE: an unplug of kernel-zone memory either
# removes everything or fails with -EBUSY and leaves everything plugged
offline_all_or_nothing()
{
	if "$CXL" offline-sysram "$1" 2> /tmp/err; then
		check_unplugged "$1"
	else
		grep -q "memory in use" /tmp/err
		check_plugged "$1" "$2"
	fi
}

phase_movable()
{
	local region dax

	# a user who may not write sysfs is told so before anything is
	# written; reading needs no root
	needs_root create-sysram -m $mems -d "$decoder"
	check_clean

	region=$(create --online-type online_movable)
	[ "$(jq -r .sysram.sysram /tmp/create.json)" = "sysram_$region" ]
	[ "$(jq -r .interleave_ways /tmp/create.json)" = "$nr_mems" ]
	check_plugged "$region" online_movable
	"$CXL" list -N > /tmp/list.before
	needs_root offline-sysram "$region"
	needs_root disable-region -f "$region"
	"$CXL" list -N | cmp - /tmp/list.before
	check_plugged "$region" online_movable
	setpriv --reuid=65534 --regid=65534 --clear-groups "$CXL" list -N |
		jq -e --arg r "$region" \
			'.[] | select(.region == $r) | .sysram.state == "online_movable"'
	# the policy was written before the region was enabled: the driver
	# plugged the memory with it, and it stays for the next enable
	"$CXL" list -N | jq -e --arg r "$region" \
		'.[] | select(.region == $r) | .sysram.online_type == "online_movable"'
	"$CXL" offline-sysram "$region"
	check_unplugged "$region"
	"$CXL" online-sysram "$region"
	check_plugged "$region" online_movable
	# disable-region and destroy-region refuse plugged sysram memory;
	# disable-region -f unplugs it first, and enabling the region again
	# plugs it per the online_type create-sysram wrote
	fails "$CXL" disable-region "$region" 2> /tmp/err
	grep -q "$region: sysram memory is plugged (online_movable), use -f or cxl offline-sysram first" /tmp/err
	fails "$CXL" destroy-region "$region" 2> /tmp/err
	grep -q "$region: sysram memory is plugged" /tmp/err
	check_plugged "$region" online_movable
	"$CXL" disable-region -f "$region"
	check_unplugged "$region"
	"$CXL" list -i -r "$region" | jq -e '.[0].sysram.enabled == false'
	"$UPSTREAM_CXL" enable-region "$region"
	check_plugged "$region" online_movable
	# destroy refuses while online, and changes nothing
	fails "$CXL" destroy-sysram "$region" 2> /tmp/err
	grep -q "memory is online_movable" /tmp/err
	check_plugged "$region" online_movable
	"$CXL" destroy-sysram -f "$region"
	check_clean

	# --no-online: the region exists, nothing plugged, and its policy
	# says so, whatever the kernel's hotplug default; online it later
	region=$(create --no-online)
	check_unplugged "$region"
	[ "$(jq -r .sysram.online_type /tmp/create.json)" = unplugged ]
	[ "$(jq -r .sysram.state /tmp/create.json)" = unplugged ]
	"$CXL" list -i -r "$region" | jq -e '.[0].sysram.online_type == "unplugged"'
	"$CXL" online-sysram "$region"
	check_plugged "$region" online_movable
	"$CXL" offline-sysram "$region"
	"$CXL" destroy-sysram "$region"
	check_clean

	local r0 r1 held
	r0=$(create -s 512M --no-online)
	if [ "$nr_mems" = 1 ]; then
		# one root port: the host bridge decodes in passthrough and
		# takes no second region.  The kernel refuses a target of the
		# second; everything the failed create did is undone.
		fails "$CXL" create-sysram -m $mems -d "$decoder" -s 512M \
			--no-online 2> /tmp/err
		grep -q "set target failed: Device or resource busy" /tmp/err
		grep -q "rolling back" /tmp/err
		if grep -q "^libcxl" /tmp/err; then false; fi
		[ "$("$CXL" list -R | jq length)" = 1 ]
		held=0
		for d in /sys/bus/cxl/devices/decoder*; do
			[ -f "$d/dpa_size" ] || continue
			[ $(($(cat "$d/dpa_size"))) = 0 ] || held=$((held + 1))
		done
		[ "$held" = 1 ]
	else
		# two regions on the same memdevs: the kernel frees capacity
		# last allocated first, so the older one must wait
		r1=$(create -s 512M --no-online)
		fails "$CXL" destroy-sysram "$r0" 2> /tmp/err
		grep -q "destroy $r1 first" /tmp/err
		"$CXL" list -i -r "$r0" | jq -e '.[0].sysram.state == "unplugged"'
	fi
	# 'all' finds the order
	"$CXL" destroy-sysram all
	check_clean

	# a bad online type writes nothing; neither does --private with a
	# type that is not movable (test/private-node.sh does the rest)
	fails "$CXL" create-sysram -m $mems --online-type bogus 2> /tmp/err
	grep -q "bogus: invalid online type" /tmp/err
	check_clean
	[ -e /sys/devices/system/node/has_private_memory ]
	fails "$CXL" create-sysram -m $mems -d "$decoder" --private \
		--online-type online 2> /tmp/err
	grep -q -- "--private: private memory is only onlined movable" /tmp/err
	if grep -q "rolling back" /tmp/err; then false; fi
	check_clean

	# memctrl=auto still gives the dax path: no regression
	region=$("$UPSTREAM_CXL" create-region -t ram -m $mems -d "$decoder" |
		jq -r .region)
	[ -d "/sys/bus/cxl/devices/$region/dax_region${region#region}" ]
	[ "$(cat "/sys/bus/cxl/devices/$region/memctrl")" = auto ]
	"$CXL" list -i -r "$region" | jq -e '.[0] | has("sysram") | not'
	dax_to_ram "$region"
	[ "$(mem_total_kb)" -gt "$base_total" ]
	"$DAXCTL" offline-memory "$dax"
	"$UPSTREAM_CXL" destroy-region -f "$region"
	check_clean
}

phase_kernel()
{
	local region node pinner

	region=$(create --online-type online_kernel)
	check_plugged "$region" online_kernel
	# page tables are unmovable kernel memory, allocated on the node a
	# process is bound to: they pin the region's blocks
	node=$("$CXL" list -i -r "$region" | jq -r '.[0].sysram.target_node')
	numactl --membind="$node" python3 -c '
import mmap, time
m = mmap.mmap(-1, 256 << 20)
for i in range(0, len(m), 4096):
    m[i] = 1
open("/tmp/pinned", "w").close()
time.sleep(600)
' &
	pinner=$!
	for i in $(seq 150); do [ -e /tmp/pinned ] && break; sleep 0.2; done
	[ -e /tmp/pinned ]
	fails "$CXL" offline-sysram "$region" 2> /tmp/err
	grep -q "sysram_$region: memory in use" /tmp/err
	check_plugged "$region" online_kernel
	fails "$CXL" destroy-sysram -f "$region" 2> /tmp/err
	grep -q "memory in use" /tmp/err
	check_plugged "$region" online_kernel
	kill $pinner
	wait $pinner || true
	offline_all_or_nothing "$region" online_kernel
}

phase_online()
{
	local region

	region=$(create --online-type online)
	check_plugged "$region" online
	offline_all_or_nothing "$region" online
}

case "${1:-}" in
movable) phase_movable ;;
kernel) phase_kernel ;;
online) phase_online ;;
*) echo "usage: $0 movable|kernel|online" >&2; exit 1 ;;
esac

check_dmesg "$LINENO"
echo "test/cxl-sysram.sh $1: passed"
