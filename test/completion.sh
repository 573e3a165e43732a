#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# Bash completion: contrib/cxl-sysram.bash over the distribution's cxl
# completion, asked as bash asks it (COMP_WORDS split at '=' as readline
# splits them, COMP_CWORD, COMP_LINE, COMP_POINT, then the function that
# "complete -p cxl" names), with our cxl first on PATH and a fixture tree
# over /sys.  Once with bash-completion loaded, once without it (ndctl's
# file has its own word splitting then).  Prints TAP.
#
# usage: completion.sh (env: CXL=our cxl, COMPLETION=contrib/cxl-sysram.bash,
#        FIXTURE=test/fixture.sh)
set -u
: "${CXL:?}" "${COMPLETION:?}" "${FIXTURE:?}"

if [ -z "${COMPLETION_INNER:-}" ]; then
	[ "$(id -u)" = 0 ] || { echo "Bail out! needs root"; exit 1; }
	COMPLETION_INNER=1 exec "$(dirname "$FIXTURE")/with-fixture.sh" \
		memdevs=2 region=0:ram:sysram sysram=0:online_movable:online_movable:0:1 \
		region=3:ram:sysram sysram=3:unplugged:online_movable:0:1 \
		region=5:ram:dax region=1:pmem:pmem -- "$0" "$@"
fi

BASH_COMPLETION=/usr/share/bash-completion/bash_completion
upstream_file=/usr/share/bash-completion/completions/cxl
[ -r "$upstream_file" ] || { echo "Bail out! no distribution cxl completion at $upstream_file"; exit 1; }
[ -r "$BASH_COMPLETION" ] || { echo "Bail out! bash-completion not installed"; exit 1; }
bin=$(mktemp -d /tmp/completion.XXXXXX)
trap 'rm -rf "$bin"' EXIT
ln -s "$CXL" "$bin/cxl"

# asks LINE MODE: the completions of LINE, one per line, in a fresh
# bash (MODE: bc with bash-completion, plain without)
asks() {
	PATH=$bin:$PATH LINE=$1 MODE=$2 BC=$BASH_COMPLETION FILE=$COMPLETION \
		bash --norc --noprofile -c '
		[ "$MODE" = bc ] && . "$BC"
		. "$FILE"
		# the words as readline splits them: at blanks, and "=" apart
		words=()
		for w in $LINE; do
			if [[ $w == *=* ]]; then
				words+=("${w%%=*}" "=")
				[ -n "${w#*=}" ] && words+=("${w#*=}")
			else
				words+=("$w")
			fi
		done
		[[ $LINE == *" " ]] && words+=("")
		COMP_WORDS=("${words[@]}")
		COMP_CWORD=$((${#words[@]} - 1))
		COMP_LINE=$LINE
		COMP_POINT=${#LINE}
		fn=$(complete -p cxl | sed -n "s/.*-F \([^ ]*\) cxl$/\1/p")
		[ -n "$fn" ] || { echo "no completion for cxl" >&2; exit 1; }
		cur=${COMP_WORDS[COMP_CWORD]}
		"$fn" cxl "$cur" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"
	'
}

n=0 failed=0
# case LINE WANT... [-- UNWANTED...]: every WANT among the completions
# (exactly, trailing space or "=" included), no UNWANTED
case_() {
	local line=$1 mode got w miss=
	shift
	for mode in bc plain; do
		n=$((n + 1))
		got=$(asks "$line" $mode 2>&1)
		local -a want=() unwanted=()
		local into=want
		for w in "$@"; do
			if [ "$w" = -- ]; then into=unwanted; continue; fi
			eval "$into+=(\"\$w\")"
		done
		miss=
		for w in "${want[@]}"; do
			grep -qxF -- "$w" <<< "$got" || miss+=" missing '$w'"
		done
		for w in "${unwanted[@]}"; do
			grep -qF -- "$w" <<< "$got" && miss+=" unwanted '$w'"
		done
		if [ -z "$miss" ]; then
			echo "ok $n - ($mode) '$line'"
		else
			echo "not ok $n - ($mode) '$line':$miss"
			echo "$got" | sed 's/^/# got: /'
			failed=$((failed + 1))
		fi
	done
}

# commands: upstream's and ours, from cxl --list-cmds
case_ "cxl cre" "create-region " "create-sysram "
case_ "cxl " "list " "online-sysram " "offline-sysram " "list-extents " "destroy-sysram "
# options of our commands, "=" after those that take a value
case_ "cxl create-sysram --onl" "--online-type="
case_ "cxl create-sysram --no" "--no-online "
case_ "cxl destroy-sysram --f" "--force "
case_ "cxl online-sysram --" "--online-type=" "--debug "
# values
case_ "cxl create-sysram --online-type=" "online_movable " "online_kernel " "online " -- unplugged offline
case_ "cxl online-sysram --online-type=online_" "online_movable " "online_kernel "
case_ "cxl create-sysram --online-type " "online_movable " "online_kernel " "online "
case_ "cxl create-sysram -t " "ram " "dynamic_ram_1 " -- pmem
case_ "cxl create-sysram --type=dyn" "dynamic_ram_1 "
case_ "cxl create-sysram -m " "mem0 " "mem1 "
case_ "cxl create-sysram -m mem0 m" "mem0 " "mem1 "
case_ "cxl create-sysram -d " "decoder0.0 " -- decoder2.0
case_ "cxl create-sysram --decoder=dec" "decoder0.0 "
# regions: only those with a sysram region, and all
case_ "cxl online-sysram " "region0 " "region3 " "all " -- region5 region1
case_ "cxl offline-sysram reg" "region0 " "region3 " -- region5
case_ "cxl destroy-sysram -f " "region0 " "region3 " "all "
case_ "cxl list-extents --region=" "region0 " "region3 " "all "
case_ "cxl list-extents -m " "mem0 " "mem1 "
# cxl list: upstream's options and our --extents
case_ "cxl list --ext" "--extents "
case_ "cxl list --mem" "--memdev=" "--memdevs "
# upstream's commands keep upstream's completion (memdevs via cxl list)
case_ "cxl zero-labels " "mem0 " "mem1 " "all "
case_ "cxl create-region --ty" "--type "

echo "1..$n"
[ "$failed" = 0 ]
