#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# Races between the sysram commands, in the VM, preset 'interleave' (mem0
# and mem1 behind one host bridge, two CXL windows decoder0.0 and
# decoder0.1).  usage: races.sh create|destroy [ROUNDS]
#
#   create:  two create-sysram at once, one on each memdev, 20 rounds:
#            both in one window or one in each, plugged or --no-online,
#            the second started a little later each round
#   destroy: a create-sysram on one memdev racing a destroy-sysram of a
#            region on the other, 20 rounds in the same variations
#
# Each command must end done (status 0, its output) or failed cleanly
# (status 1, nothing on stdout, every line on stderr its own in ndctl's
# form "cxl <command>: <function>: <message>", ending with its summary).
# After each round the regions, the endpoint decoders holding capacity and
# MemTotal are exactly what the outcomes say, each plugged region's blocks
# are online; then everything is destroyed and nothing may be left (no
# region, no capacity, no "System RAM (CXL)", MemTotal as at the start).
# The kernel log must stay clean.  The guest is slow (TCG): regions are
# 256 MiB, two memory blocks.
#
# Expect some clean failures: the kernel keeps a port's decoders in HPA
# order, so a region of the lower window (decoder0.0) cannot take a
# decoder of the shared host bridge while a region of the higher window
# holds one ("set target failed: Device or resource busy"), whichever
# command got there first.
. "$(dirname "$0")/common"

rc=1
set -ex
trap 'err $LINENO' ERR
check_prereq jq

ROUNDS=${2:-20}
SIZE=256M
SIZE_KB=$((256 * 1024))
[ "$("$CXL" list -M | jq -r '.[].memdev' | sort | xargs)" = "mem0 mem1" ]
for d in decoder0.0 decoder0.1; do
	"$CXL" list -D -d $d | jq -e '.[0].volatile_capable == true'
done
base_total=$(mem_total_kb)
check_clean

declare -A pid status took started made

# spawn NAME DELAY CMD...: CMD in the background DELAY seconds from now,
# its output in /tmp/NAME.out and /tmp/NAME.err (without our xtrace)
spawn()
{
	local name=$1 delay=$2
	shift 2
	started[$name]=${EPOCHREALTIME/./}
	(
		set +x
		sleep "$delay"
		exec "$@" > "/tmp/$name.out" 2> "/tmp/$name.err"
	) 2> /dev/null &
	pid[$name]=$!
}

# reap NAME: waits for it; sets status[NAME] and took[NAME] (ms, from the
# moment it was spawned)
reap()
{
	local st=0
	wait "${pid[$1]}" || st=$?
	status[$1]=$st
	took[$1]=$(((${EPOCHREALTIME/./} - ${started[$1]}) / 1000))
}

# own_lines NAME OWNER: every line NAME printed on stderr is OWNER's, in
# ndctl's form, the last one its summary SUMMARY
own_lines()
{
	local name=$1 owner=$2 summary=$3
	# The distribution's libcxl, enumerating regions while the other
	# command deletes one, logs the one that vanished under it (its own
	# error line, which it does not let us reword); nothing else may
	# appear.
	if grep -v "^$owner: [a-z_]*: " "/tmp/$name.err" |
		grep -vE '^libcxl: __sysfs_device_parse: region[0-9]+: add_dev\(\) failed$' >&2; then
		echo "$name: stray lines on stderr" >&2
		return 1
	fi
	tail -n 1 "/tmp/$name.err" | grep -q "^$owner: [a-z_]*: $summary\$"
}

# failed_cleanly NAME OWNER SUMMARY: status 1, nothing on stdout, stderr
# its own
failed_cleanly()
{
	[ "${status[$1]}" = 1 ]
	[ ! -s "/tmp/$1.out" ]
	own_lines "$@"
}

# created NAME: create-sysram NAME was done or failed cleanly; sets
# made[NAME] to the region it reports, or to nothing
created()
{
	made[$1]=
	if [ "${status[$1]}" != 0 ]; then
		failed_cleanly "$1" "cxl create-sysram" \
			"created 0 sysram regions"
		return
	fi
	own_lines "$1" "cxl create-sysram" "created 1 sysram region"
	made[$1]=$(jq -r .region "/tmp/$1.out")
	[[ ${made[$1]} =~ ^region[0-9]+$ ]]
}

# say NAME: one line for the log, how the command ended
say()
{
	local what="done"
	[ "${status[$1]}" = 0 ] ||
		what="failed ($(grep -v ': created 0 sysram' "/tmp/$1.err" |
			head -n 1 | cut -d: -f3- | sed 's/^ //'))"
	echo "races: $round: $1 $what in ${took[$1]} ms" >&2
}

# how many endpoint decoders hold capacity
allocated()
{
	awk '$1 !~ /^(0x)?0+$/ { n++ } END { print n + 0 }' \
		/sys/bus/cxl/devices/decoder*/dpa_size
}

# consistent REGION:STATE...: exactly these regions exist, sysram regions
# whose memory is in STATE (unplugged or online_movable), each holding one
# endpoint decoder's capacity, MemTotal grown by the plugged ones and each
# of those checked block by block
consistent()
{
	local r plugged=0
	for r in "$@"; do
		[ "${r#*:}" = unplugged ] || plugged=$((plugged + 1))
	done
	"$CXL" list -i -R | jq -e --arg want "$*" '
		[.[] | "\(.region):\(.sysram.state)"] | sort ==
		($want | split(" ") | map(select(. != "")) | sort)'
	[ "$(allocated)" = $# ]
	[ "$(mem_total_kb)" = $((base_total + plugged * SIZE_KB)) ]
	for r in "$@"; do
		[ "${r#*:}" != unplugged ] || continue
		# check_plugged counts the others' memory in its base
		base_total=$((base_total + (plugged - 1) * SIZE_KB)) \
			check_plugged "${r%:*}" "${r#*:}"
	done
}

# each round destroys what it left, and then nothing may remain
clean_up()
{
	"$CXL" destroy-sysram -f all
	check_clean
}

# variant N: the round's decoders and online types, and the delay of its
# second command (0 to 0.4 s in steps of 0.1 s, every fourth round)
online_opt()
{
	if [ "$1" = unplugged ]; then echo --no-online; else
		echo --online-type=online_movable; fi
}

create_args()
{
	echo -m "$1" -d "$2" -s $SIZE "$(online_opt "$3")"
}

# two create-sysram at once, mem0 and mem1
race_create()
{
	local d0 d1 t0 t1 r0 r1 delay list=()
	local -a a0 a1
	case $((round % 4)) in
	0) d0=decoder0.0 d1=decoder0.0 t0=online_movable t1=online_movable ;;
	1) d0=decoder0.0 d1=decoder0.1 t0=unplugged t1=unplugged ;;
	2) d0=decoder0.1 d1=decoder0.1 t0=online_movable t1=unplugged ;;
	3) d0=decoder0.1 d1=decoder0.0 t0=unplugged t1=online_movable ;;
	esac
	delay=0.$(((round / 4) % 5))
	read -ra a0 <<< "$(create_args mem0 $d0 $t0)"
	read -ra a1 <<< "$(create_args mem1 $d1 $t1)"
	# the later one alternates
	if [ $((round % 2)) = 0 ]; then
		spawn c0 0 "$CXL" create-sysram "${a0[@]}"
		spawn c1 "$delay" "$CXL" create-sysram "${a1[@]}"
	else
		spawn c1 0 "$CXL" create-sysram "${a1[@]}"
		spawn c0 "$delay" "$CXL" create-sysram "${a0[@]}"
	fi
	reap c0
	reap c1
	say c0
	say c1
	created c0
	created c1
	r0=${made[c0]}
	r1=${made[c1]}
	[ -z "$r0" ] || list+=("$r0:$t0")
	[ -z "$r1" ] || list+=("$r1:$t1")
	consistent "${list[@]}"
	[ -z "$r0" ] || ok=$((ok + 1))
	[ -z "$r1" ] || ok=$((ok + 1))
	clean_up
}

# a create-sysram on one memdev racing a destroy-sysram of a region on
# the other
race_destroy()
{
	local ma mb da db ta tb a b delay force list=()
	local -a args
	case $((round % 4)) in
	0) ma=mem0 da=decoder0.0 ta=online_movable
	   mb=mem1 db=decoder0.0 tb=online_movable ;;
	1) ma=mem1 da=decoder0.1 ta=unplugged
	   mb=mem0 db=decoder0.0 tb=unplugged ;;
	2) ma=mem0 da=decoder0.1 ta=online_movable
	   mb=mem1 db=decoder0.0 tb=unplugged ;;
	3) ma=mem1 da=decoder0.0 ta=unplugged
	   mb=mem0 db=decoder0.1 tb=online_movable ;;
	esac
	delay=0.$(((round / 4) % 5))
	# -f only where it has memory to unplug
	force=
	[ "$ta" = unplugged ] || force=-f
	read -ra args <<< "$(create_args $ma $da $ta)"
	# made alone: test/cxl-sysram.sh checks such a create in full
	a=$("$CXL" create-sysram "${args[@]}" | jq -r .region)
	[[ $a =~ ^region[0-9]+$ ]]
	read -ra args <<< "$(create_args $mb $db $tb)"
	if [ $((round % 2)) = 0 ]; then
		spawn destroy 0 "$CXL" destroy-sysram $force "$a"
		spawn create "$delay" "$CXL" create-sysram "${args[@]}"
	else
		spawn create 0 "$CXL" create-sysram "${args[@]}"
		spawn destroy "$delay" "$CXL" destroy-sysram $force "$a"
	fi
	reap destroy
	reap create
	say destroy
	say create
	created create
	b=${made[create]}
	[ -z "$b" ] || list+=("$b:$tb")
	if [ "${status[destroy]}" = 0 ]; then
		own_lines destroy "cxl destroy-sysram" \
			"destroyed 1 sysram region"
		ok=$((ok + 1))
	else
		failed_cleanly destroy "cxl destroy-sysram" \
			"destroyed 0 sysram regions"
		# -f unplugs before it tears down: either may have failed
		if [ -n "$force" ] && "$CXL" list -i -r "$a" |
			jq -e '.[0].sysram.state == "unplugged"'; then
			ta=unplugged
		fi
		list+=("$a:$ta")
	fi
	consistent "${list[@]}"
	[ -z "$b" ] || ok=$((ok + 1))
	clean_up
}

# nothing leaked anywhere on the way: the whole of both memdevs, 2-way
# interleaved, still goes through the same decoders, plugged and back
whole()
{
	local r
	r=$("$CXL" create-sysram -m mem0 mem1 -d decoder0.0 | jq -r .region)
	check_plugged "$r" online_movable
	"$CXL" destroy-sysram -f "$r"
	check_clean
}

scenario=${1:-}
case $scenario in
create|destroy) ;;
*) echo "usage: $0 create|destroy [ROUNDS]" >&2; exit 1 ;;
esac

ok=0
t=$(date +%s)
for ((round = 0; round < ROUNDS; round++)); do
	t_round=${EPOCHREALTIME/./}
	"race_$scenario"
	echo "races: $round: $(((${EPOCHREALTIME/./} - t_round) / 1000)) ms in all" >&2
done
whole
# done out of the 2 per round; the rest failed cleanly
echo "races: $scenario: $ROUNDS rounds in $(($(date +%s) - t)) s, $ok of $((2 * ROUNDS)) commands done" >&2

check_dmesg "$LINENO"
echo "test/races.sh $scenario: passed"
