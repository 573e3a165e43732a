#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# The catalogue of bad inputs: every sysram command (create-sysram,
# destroy-sysram, online-sysram, offline-sysram, list-extents, list
# -N/--extents) and each of its options given something it must refuse,
# one table row each.  A row names its fixture tree, the exit status
# (1 for a refused request, 129 for a usage error), the message and the
# command line.  Each row asserts the status; that stdout stays empty;
# that stderr's first line is the message in ndctl's form, "cxl <cmd>:
# <function>: <message>", or for a usage error parse-options' "  Error:
# <message>" (or the same log form) with the usage after it; that every
# other line is one of the command's own; and that no file, link or
# directory of the fixture changed.  Prints TAP.
#
# usage: bad-inputs.sh (env: CXL=our cxl, FIXTURE=test/fixture.sh)
set -u

. "$(dirname "$0")/in-mount-ns"
: "${CXL:?}" "${FIXTURE:?}"

TAG=5be13bce-ae34-4a77-b6c3-16df975fcf1a
EP=devices/platform/ACPI0017:00/root0/port1/endpoint2
BLOCK=devices/system/memory/block_size_bytes
ROOT0=devices/platform/ACPI0017:00/root0/decoder0.0
# the fixtures the rows name
declare -A trees=(
	[main]="memdevs=2 region=0:ram:sysram sysram=0:online_movable:online_movable:0:1
		region=3:ram:sysram sysram=3:unplugged:online_movable:0:1
		region=5:ram:dax region=1:pmem:pmem
		region=6:dynamic_ram_1:sysram sysram=6:online:online:-:1 extents=6:2"
	[block2g]="memdevs=2 set=$BLOCK=80000000"
	[badblock]="memdevs=2 set=$BLOCK=zz"
	[nosysram]="memdevs=2 rm=bus/cxl/drivers/cxl_sysram_region"
	[private]="memdevs=2 private_nodes=1 region=3:ram:sysram
		sysram=3:unplugged:online_movable:1:1"
	[full]="memdevs=1 set=$EP/decoder2.0/dpa_size=0x10000000
		set=$EP/decoder2.1/dpa_size=0x10000000"
	[dc]="memdevs=2 dc=0 newdc=99"
	[dcnoroot]="memdevs=2 dc=0 rm=$ROOT0/create_dynamic_ram_1_region"
	[dcfull]="memdevs=1 dc=0 set=$EP/decoder2.0/mode=dynamic_ram_1
		set=$EP/decoder2.0/dpa_size=0x40000000"
)

# FIXTURE|STATUS|MESSAGE|ARGUMENTS (words as the shell reads them)
rows=(
	# create-sysram: memdevs
	"main|1|no memdevs given (-m mem0 [mem1 ...])|create-sysram"
	"main|1|mem9: no such memdev|create-sysram -m mem9"
	"main|1|mem0: given twice|create-sysram -m mem0,mem0"
	"main|1|mem0: given twice|create-sysram -m 'mem0 mem0'"
	"full|1|mem0: no free endpoint decoder|create-sysram -m mem0"
	# -t, -U
	"main|1|pmem: unsupported type (ram or dynamic_ram_1)|create-sysram -m mem0 -t pmem"
	"main|1|--uuid: only Dynamic Capacity regions (-t dynamic_ram_1) accept an extent tag|create-sysram -m mem0 -U $TAG"
	"main|1|nope: invalid UUID|create-sysram -m mem0 -t dynamic_ram_1 -U nope"
	"main|1|${TAG%?}: invalid UUID|create-sysram -m mem0 -t dynamic_ram_1 -U ${TAG%?}"
	# -t dynamic_ram_1: 1-way, a DC partition, a DC root decoder
	"dc|1|dynamic_ram_1: Dynamic Capacity regions are 1-way only: give one memdev (2 given)|create-sysram -t dynamic_ram_1 -m mem0 mem1"
	"dc|1|dynamic_ram_1: Dynamic Capacity regions are 1-way only: give one memdev (2 given)|create-sysram -t dynamic_ram_1 -m mem0,mem1 -w 2"
	"dc|1|dynamic_ram_1: Dynamic Capacity regions are 1-way only (-w 2)|create-sysram -t dynamic_ram_1 -m mem0 -w 2"
	"dc|1|mem1: no Dynamic Capacity partition (dynamic_ram_1)|create-sysram -t dynamic_ram_1 -m mem1"
	"main|1|mem0: no Dynamic Capacity partition (dynamic_ram_1)|create-sysram -t dynamic_ram_1 -m mem0"
	"dc|1|size 0x80000000 exceeds the free Dynamic Capacity of mem0 (0x40000000)|create-sysram -t dynamic_ram_1 -m mem0 -s 2G"
	"dc|1|nope: invalid UUID|create-sysram -t dynamic_ram_1 -m mem0 -U nope"
	"dc|1|--private: this kernel has no private NUMA nodes|create-sysram -t dynamic_ram_1 -m mem0 --private"
	"dcnoroot|1|no volatile root decoder with Dynamic Capacity regions maps mem0|create-sysram -t dynamic_ram_1 -m mem0"
	"dcnoroot|1|decoder0.0: no Dynamic Capacity regions (no create_dynamic_ram_1_region)|create-sysram -t dynamic_ram_1 -m mem0 -d decoder0.0"
	"dcfull|1|mem0: no free Dynamic Capacity|create-sysram -t dynamic_ram_1 -m mem0"
	# --online-type, --no-online, --private
	"main|1|offline: invalid online type (online_movable, online_kernel or online)|create-sysram -m mem0 --online-type offline"
	"main|1|unplugged: invalid online type (online_movable, online_kernel or online)|create-sysram -m mem0 --online-type unplugged"
	"main|1|--online-type and --no-online exclude each other|create-sysram -m mem0 --online-type online --no-online"
	"main|1|--private: this kernel has no private NUMA nodes|create-sysram -m mem0 --private"
	"private|1|--private: private memory is only onlined movable (--online-type online_movable)|create-sysram -m mem0 --private --online-type online_kernel"
	"private|1|--private: private memory is only onlined movable (--online-type online_movable)|create-sysram -m mem0 --private --online-type online"
	"private|1|sysram_region3: private memory is only onlined movable (--online-type online_movable)|online-sysram region3 --online-type online_kernel"
	"nosysram|1|this kernel has no sysram regions (no cxl_sysram_region driver)|create-sysram -m mem0"
	# -w, -g
	"main|1|0: invalid interleave ways (1, 2, 3, 4, 6, 8, 12 or 16)|create-sysram -m mem0 -w 0"
	"main|1|5: invalid interleave ways (1, 2, 3, 4, 6, 8, 12 or 16)|create-sysram -m mem0 -w 5"
	"main|1|interleave ways 2 does not match the 1 memdev given|create-sysram -m mem0 -w 2"
	"main|129|option \`ways' expects a numerical value|create-sysram -m mem0 -w two"
	"main|129|option \`ways' expects a numerical value|create-sysram -m mem0 -w 99999999999"
	"main|1|100: invalid granularity (a power of 2 from 256 to 16384)|create-sysram -m mem0 -g 100"
	"main|1|0: invalid granularity (a power of 2 from 256 to 16384)|create-sysram -m mem0 -g 0"
	"main|1|-256: invalid granularity (a power of 2 from 256 to 16384)|create-sysram -m mem0 -g -256"
	"main|1|32768: invalid granularity (a power of 2 from 256 to 16384)|create-sysram -m mem0 -g 32768"
	# -s
	"main|1|abc: invalid size|create-sysram -m mem0 -s abc"
	"main|1|0: invalid size|create-sysram -m mem0 -s 0"
	"main|1|0b1: invalid size|create-sysram -m mem0 -s 0b1"
	"main|1|-1G: invalid size|create-sysram -m mem0 -s -1G"
	"main|1|99999999999T: invalid size|create-sysram -m mem0 -s 99999999999T"
	"main|1|100M: size must be a multiple of 256 MiB per way (0x10000000)|create-sysram -m mem0 -s 100M"
	"main|1|decoder0.0: size 0x80000000 exceeds the available space (0x40000000)|create-sysram -m mem0 -s 2G"
	"block2g|1|1G: smaller than a memory block (0x80000000): none of it could be hot-plugged|create-sysram -m mem0 -s 1G"
	"badblock|1|/sys/$BLOCK: malformed value 'zz'|create-sysram -m mem0"
	# -d
	"main|1|decoder9.9: no such root decoder|create-sysram -m mem0 -d decoder9.9"
	"main|1|decoder2.0: no such root decoder|create-sysram -m mem0 -d decoder2.0"
	# usage
	"main|129|unknown option \`bogus'|create-sysram -m mem0 --bogus"
	"main|129|switch \`s' requires a value|create-sysram -m mem0 -s"
	"main|129|option \`no-online' takes no value|create-sysram -m mem0 --no-online=1"
	"main|129|unknown switch \`x'|create-sysram -m mem0 -x"

	# destroy-sysram
	"main|1|no region given (regionZ, sysram_regionZ, Z or all)|destroy-sysram"
	"main|1|sysram_region0: memory is online_movable: offline it first (offline-sysram) or use --force|destroy-sysram region0"
	"main|1|sysram_region0: memory is online_movable: offline it first (offline-sysram) or use --force|destroy-sysram all"
	"main|1|region5: not a sysram region (memctrl: dax)|destroy-sysram region5"
	"main|1|region1: not a sysram region (memctrl: pmem)|destroy-sysram 1"
	"main|1|region9: no such region|destroy-sysram region9"
	"main|1|x1: not a region name|destroy-sysram x1"
	"main|1|x1: not a region name|destroy-sysram 3,x1"
	"main|1|region03: not a region name|destroy-sysram region03"
	"main|129|unknown option \`bogus'|destroy-sysram -f --bogus region3"

	# online-sysram
	"main|1|no region given (regionZ, sysram_regionZ, Z or all)|online-sysram"
	"main|1|foo: not a region name|online-sysram foo"
	"main|1|region9: no such region|online-sysram region9"
	"main|1|region5: no enabled sysram region|online-sysram 5"
	"main|1|region1: no enabled sysram region|online-sysram sysram_region3,region1"
	"main|1|offline: invalid online type (online_movable, online_kernel or online)|online-sysram --online-type offline region3"
	"main|1|movable: invalid online type (online_movable, online_kernel or online)|online-sysram --online-type=movable all"
	"main|129|option \`online-type' requires a value|online-sysram region3 --online-type"
	"main|129|unknown switch \`f'|online-sysram -f region3"

	# offline-sysram
	"main|1|no region given (regionZ, sysram_regionZ, Z or all)|offline-sysram"
	"main|1|region7: no such region|offline-sysram region7"
	"main|1|',': not a region name|offline-sysram ,"
	"main|1|region9: no such region|offline-sysram 'region0 region9'"
	"main|129|unknown switch \`u'|offline-sysram -u region0"

	# list-extents
	"main|1|x: not a region name|list-extents -r x"
	"main|1|x: not a region name|list-extents -r 0,x"
	"main|1|'': not a region name|list-extents -r ''"
	"main|1|01: not a region name|list-extents -r '0 01'"
	"main|129|unknown option \`bogus'|list-extents --bogus"
	"main|129|extra: unexpected argument|list-extents extra"
	"main|129|switch \`r' requires a value|list-extents -r"

	# list -N/--extents
	"main|129|option \`extents' takes no value|list --extents=1"
	"main|129|unknown switch \`-'|list -N-ext"
	"main|129|unknown switch \`x'|list -Nx"
	"main|129|unknown option \`bogus'|list -N --bogus"
	"main|129|switch \`r' requires a value|list -N -r"
	"main|129|option \`region' requires a value|list --extents --region"
)

work=$(mktemp -d /tmp/bad-inputs.XXXXXX)
mount -t tmpfs tmpfs "$work"
mkdir -p /dev/cxl
current=

use_tree() {
	[ "$current" = "$1" ] && return
	umount -l /dev/cxl 2>/dev/null
	umount -l /sys 2>/dev/null
	rm -rf "$work/fx"
	# shellcheck disable=SC2086
	"$FIXTURE" "$work/fx" ${trees[$1]} ||
		{ echo "Bail out! fixture $1"; exit 1; }
	mount --bind "$work/fx/sys" /sys
	mount --bind "$work/fx/dev/cxl" /dev/cxl
	current=$1
}

# the tree as it stands: every entry's type, link target and content
# (libcxl's own flush is written by every command that lists)
tree_state() {
	(cd "$work/fx" && find . ! -name flush -printf '%y %p %l\n' | sort &&
		find . -type f ! -name flush -print0 | sort -z | xargs -0 md5sum)
}

# row FIXTURE STATUS MESSAGE ARGS
row() {
	local want_rc=$2 msg=$3 args=$4 cmd before after rc first
	local -a argv
	eval "argv=($args)"
	cmd=${argv[0]}
	use_tree "$1"
	before=$(tree_state)
	"$CXL" "${argv[@]}" > "$work/out" 2> "$work/err"
	rc=$?
	after=$(tree_state)
	first=$(head -n 1 "$work/err")
	[ "$rc" = "$want_rc" ] || { echo "status $rc, wanted $want_rc"; return 1; }
	[ ! -s "$work/out" ] || { echo "stdout:"; cat "$work/out"; return 1; }
	case $first in
	"cxl $cmd: "*": $msg") [[ $first =~ ^cxl\ $cmd:\ [a-z_]+:\  ]] ||
		{ echo "not in ndctl's form: $first"; return 1; } ;;
	"  Error: $msg") [ "$want_rc" = 129 ] ||
		{ echo "a usage error for status $want_rc: $first"; return 1; } ;;
	*) echo "first line: $first"; echo "wanted: cxl $cmd: <function>: $msg"
		return 1 ;;
	esac
	if [ "$want_rc" = 129 ]; then
		grep -q "^ usage: cxl $cmd" "$work/err" || { echo "no usage"; return 1; }
	else
		# one failure, said once, then at most the command's summary
		grep -v "^cxl $cmd: [a-z_]*: " "$work/err" && { echo "^ foreign lines"; return 1; }
		[ "$(grep -cF -- "$msg" "$work/err")" = 1 ] || { echo "said more than once"; return 1; }
	fi
	[ "$before" = "$after" ] ||
		{ diff <(echo "$before") <(echo "$after"); echo "tree changed"; return 1; }
}

n=0 failed=0
for r in "${rows[@]}"; do
	IFS='|' read -r tree want msg args <<< "$r"
	n=$((n + 1))
	if out=$(row "$tree" "$want" "$msg" "$args" 2>&1); then
		echo "ok $n - cxl $args: $msg"
	else
		echo "not ok $n - cxl $args: $msg"
		echo "$out" | sed 's/^/# /'
		echo "# stderr:"
		sed 's/^/#   /' "$work/err"
		failed=$((failed + 1))
	fi
done
umount -l /dev/cxl /sys 2>/dev/null
umount -l "$work" 2>/dev/null
rmdir "$work"
echo "1..$n"
[ "$failed" = 0 ]
