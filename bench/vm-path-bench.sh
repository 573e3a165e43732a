#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# Time the ways of turning a CXL RAM device into online System RAM and back,
# end to end, in the VM (preset 'single', one 1 GiB device):
#
#   scripts/env.sh run scripts/vm.sh --preset single -- \
#       /src/bench/vm-path-bench.sh [-n ITERATIONS] [PATH...]
#
# A path is a set of functions:
#   path_NAME_available   true if this kernel and tool set can do it
#   path_NAME_up          nothing -> region with all memory online
#   path_NAME_down        back to nothing (offline, region destroyed)
# each timing its steps with 'step'.  Paths: dax (the baseline:
# region -> dax device -> kmem -> daxctl).  The sysram path of the patched
# kernel goes beside it as path_sysram_*.  Two more start from a dax
# region with its memory online, made untimed, and time only its move to
# the sysram path: adopt (cxl create-sysram -r) and manual (the same by
# hand: daxctl offline-memory, cxl disable-region, sysram to memctrl, cxl
# enable-region, online); both go down as sysram does.  Without arguments
# every available path runs.  Times are wall clock, ms, of the guest; under TCG
# they compare paths with each other, not with real hardware.

set -euo pipefail

iterations=1
while getopts n: opt; do
	case "$opt" in
	n) iterations=$OPTARG ;;
	*) echo "usage: $0 [-n ITERATIONS] [PATH...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

die() { echo "vm-path-bench: $*" >&2; exit 1; }

# cxl/daxctl print one object for a single match and an array otherwise.
jqall() { jq -r "if type == \"array\" then .[] else . end | $1"; }

block=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
memdev=mem0

# Results, one "path iteration step ms" line each.
results=()
path='' iter='' total=0

# step NAME CMD...: run CMD (in this shell, so it can set variables) and
# record its duration.
step()
{
	local name=$1 t0 t1
	shift
	t0=$(date +%s%N)
	"$@" > /dev/null
	t1=$(date +%s%N)
	results+=("$path $iter $name $(((t1 - t0) / 1000000))")
	total=$((total + (t1 - t0) / 1000000))
}

# Number of memory blocks of [start, start + size) in state $3 ("absent"
# for removed blocks).
count_blocks()
{
	local i n=0 st
	for ((i = $1 / block; i < ($1 + $2) / block; i++)); do
		st=$(cat "/sys/devices/system/memory/memory$i/state" \
			2>/dev/null || echo absent)
		[ "$st" = "$3" ] && n=$((n + 1))
	done
	echo "$n"
}

root_decoder()
{
	cxl list -D -d root |
		jqall 'select(.volatile_capable == true) | .decoder' | head -1
}

# --- path: dax ---------------------------------------------------------------

path_dax_available() { [ -e /sys/bus/cxl/devices/mem0 ]; }

dax_create()
{
	region=$(cxl create-region -t ram -m "$memdev" -d "$(root_decoder)" |
		jqall .region)
	[ -n "$region" ] || die "create-region failed"
	start=$(($(cxl list -r "$region" | jqall .resource)))
	size=$(($(cxl list -r "$region" | jqall .size)))
	dax=$(daxctl list -r "${region#region}" -D | jqall .chardev)
	[ -n "$dax" ] || die "no dax device for $region"
}

dax_online()
{
	# With memhp_default_state=offline the device comes up in
	# system-ram mode with its blocks offline; in devdax mode it needs
	# reconfiguring first.
	if [ "$(daxctl list -d "$dax" | jqall .mode)" = system-ram ]; then
		daxctl online-memory "$dax"
	else
		daxctl reconfigure-device --mode=system-ram "$dax"
	fi
}

path_dax_up()
{
	step create-region dax_create
	step online dax_online
	[ "$(count_blocks "$start" "$size" online)" = $((size / block)) ] ||
		die "dax: not all blocks online"
}

path_dax_down()
{
	step offline daxctl offline-memory "$dax"
	step destroy-region cxl destroy-region -f "$region"
	[ "$(count_blocks "$start" "$size" absent)" = $((size / block)) ] ||
		die "dax: blocks left after destroy"
	[ ! -e "/sys/bus/cxl/devices/$region" ] || die "dax: $region left"
}

# --- path: sysram ------------------------------------------------------------
# Our front end: the CXL core hot-plugs the region's memory itself, all of
# it in one write to sysram_regionZ/state.

ourcxl=${CXL:-/src/build/cxl/cxl}

path_sysram_available()
{
	[ -e /sys/bus/cxl/devices/mem0 ] && [ -x "$ourcxl" ] &&
		[ -e /sys/bus/cxl/drivers/cxl_sysram_region ]
}

sysram_create()
{
	region=$("$ourcxl" create-sysram -m "$memdev" -d "$(root_decoder)" \
		--no-online | jqall .region)
	[ -n "$region" ] || die "create-sysram failed"
	start=$(($(cxl list -r "$region" | jqall .resource)))
	size=$(($(cxl list -r "$region" | jqall .size)))
}

path_sysram_up()
{
	step create-region sysram_create
	step online "$ourcxl" online-sysram "$region"
	[ "$(count_blocks "$start" "$size" online)" = $((size / block)) ] ||
		die "sysram: not all blocks online"
}

path_sysram_down()
{
	step offline "$ourcxl" offline-sysram "$region"
	step destroy-region "$ourcxl" destroy-sysram "$region"
	[ "$(count_blocks "$start" "$size" absent)" = $((size / block)) ] ||
		die "sysram: blocks left after destroy"
	[ ! -e "/sys/bus/cxl/devices/$region" ] || die "sysram: $region left"
}

# --- paths: adopt and manual ---------------------------------------------------
# A dax region online, made as path dax makes it but untimed, then moved.

path_adopt_available()
{
	path_sysram_available &&
		"$ourcxl" create-sysram --list-opts | grep -q -- --region
}

path_adopt_up()
{
	dax_create
	dax_online
	step adopt "$ourcxl" create-sysram -r "$region"
	[ "$(count_blocks "$start" "$size" online)" = $((size / block)) ] ||
		die "adopt: not all blocks online"
}

path_adopt_down() { path_sysram_down; }

path_manual_available() { path_sysram_available; }

path_manual_up()
{
	dax_create
	dax_online
	# step names of their own: path sysram's go down with the same
	step dax-offline daxctl offline-memory "$dax"
	step dax-disable "$ourcxl" disable-region "$region"
	step memctrl sh -c "echo sysram > /sys/bus/cxl/devices/$region/memctrl"
	step sysram-enable "$ourcxl" enable-region "$region"
	step sysram-online "$ourcxl" online-sysram "$region"
	[ "$(count_blocks "$start" "$size" online)" = $((size / block)) ] ||
		die "manual: not all blocks online"
}

path_manual_down() { path_sysram_down; }

# --- driver --------------------------------------------------------------------

if [ $# -eq 0 ]; then
	for f in $(declare -F | awk '$3 ~ /^path_.*_available$/ { print $3 }'); do
		p=${f#path_} p=${p%_available}
		if "$f"; then
			set -- "$@" "$p"
		else
			echo "vm-path-bench: path $p not available here, skipped"
		fi
	done
fi
[ $# -gt 0 ] || die "no path available"

for path in "$@"; do
	declare -F "path_${path}_up" > /dev/null || die "unknown path $path"
	for ((iter = 1; iter <= iterations; iter++)); do
		# Totals are sums of the steps: the checks between them
		# are not part of the path.
		total=0
		"path_${path}_up"
		results+=("$path $iter up-total $total")
		total=0
		"path_${path}_down"
		results+=("$path $iter down-total $total")
	done
done

# The table: every measurement, then per path and step the minimum and
# median when there were several iterations.
echo
echo "vm-path-bench: $(uname -r), $((size >> 20)) MiB, block $((block >> 20)) MiB"
printf '%-8s %4s  %-16s %10s\n' path iter step ms
printf '%s\n' "${results[@]}" |
	awk '{ printf "%-8s %4s  %-16s %10s\n", $1, $2, $3, $4 }'
if [ "$iterations" -gt 1 ]; then
	echo
	printf '%-8s %-16s %10s %10s\n' path step min median
	# Number the steps in order of appearance, sort each step's times,
	# then take the first and the middle one.
	printf '%s\n' "${results[@]}" |
		awk '{ k = $1 " " $3; if (!(k in idx)) idx[k] = ++m
		       print idx[k], $1, $3, $4 }' |
		sort -k1,1n -k4,4n |
		awk '{ n[$1]++; v[$1, n[$1]] = $4; name[$1] = $2 " " $3 }
		     END { for (i = 1; i in n; i++) { split(name[i], a, " ")
			printf "%-8s %-16s %10s %10s\n", a[1], a[2], v[i, 1],
				v[i, int((n[i] + 1) / 2)] } }'
fi

# compare A B: two paths side by side, per step, the median over the
# iterations, and B's time as a fraction of A's
compare()
{
	printf '%s\n' "${results[@]}" | grep -q "^$1 " &&
		printf '%s\n' "${results[@]}" | grep -q "^$2 " || return 0
	echo
	printf '%-16s %10s %10s %8s\n' step "$1 ms" "$2 ms" ratio
	printf '%s\n' "${results[@]}" |
		awk -v a="$1" -v b="$2" '$1 == a || $1 == b {
			k = $3; if (!(k in idx)) idx[k] = ++m
			v[$1, k, ++n[$1, k]] = $4 }
		     function med(p, k,   i, j, c, x, t) {
			c = n[p, k]; if (!c) return "-"
			for (i = 1; i <= c; i++) x[i] = v[p, k, i]
			for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++)
				if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
			return x[int((c + 1) / 2)] }
		     END { for (k in idx) o[idx[k]] = k
			for (i = 1; i <= m; i++) { k = o[i]; d = med(a, k)
			    s = med(b, k)
			    printf "%-16s %10s %10s %8s\n", k, d, s,
				(d + 0 && s != "-") ? sprintf("%.2f", s / d) : "-" } }'
}

# the dax path against the sysram path; by hand against create-sysram -r
compare dax sysram
compare manual adopt
