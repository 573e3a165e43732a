# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# bash completion for the cxl front end of cxl-sysram.  Installed as
# <datadir>/bash-completion/completions/cxl, it is the file bash-completion
# loads for cxl (ahead of the distribution's in /usr/share), so it loads
# the distribution's cxl completion (ndctl's) first and keeps it for every
# command the front end hands on.  For the sysram commands it adds the
# values: memdevs, root decoders, sysram regions, types and online types,
# read from sysfs as the commands see them.  Command and option names
# come from "cxl --list-cmds" and "cxl <cmd> --list-opts", as ndctl's
# completion asks them, so cxl list's -N/--extents completes there too.

# the distribution's cxl completion: the first file of that name in the
# data directories that is not this one
__cxl_sysram_load_upstream()
{
	local self d f
	self=$(readlink -f "${BASH_SOURCE[0]}")
	for d in ${XDG_DATA_DIRS:-/usr/local/share:/usr/share} /usr/share; do
		f=$d/bash-completion/completions/cxl
		[ -r "$f" ] && [ "$(readlink -f "$f")" != "$self" ] || continue
		# shellcheck disable=SC1090
		. "$f"
		return 0
	done
	[ -r /etc/bash_completion.d/cxl ] && . /etc/bash_completion.d/cxl
}
__cxl_sysram_load_upstream

__cxl_sysram_devices=${CXL_SYSRAM_COMP_SYSFS:-/sys}/bus/cxl/devices

# names of the cxl bus devices matching a glob, sorted
__cxl_sysram_names()
{
	local f
	for f in "$__cxl_sysram_devices"/$1; do
		[ -e "$f" ] && echo "${f##*/}"
	done
}

# regions that have a sysram region: regionZ for each sysram_regionZ
__cxl_sysram_regions()
{
	local s
	for s in $(__cxl_sysram_names 'sysram_region*'); do
		echo "${s#sysram_}"
	done
}

# the root decoders: those of the CXL roots (rootN/decoderN.M)
__cxl_sysram_root_decoders()
{
	local f
	for f in "$__cxl_sysram_devices"/root*/decoder*; do
		[ -e "$f" ] && echo "${f##*/}"
	done
}

# the values of an option of a sysram command; nothing for free text
__cxl_sysram_values()
{
	local sub=$1 opt=$2
	case $sub:$opt in
	*:--online-type) echo online_movable online_kernel online ;;
	create-sysram:-t | create-sysram:--type) echo ram dynamic_ram_1 ;;
	create-sysram:-d | create-sysram:--decoder) __cxl_sysram_root_decoders ;;
	create-sysram:-r | create-sysram:--region) __cxl_sysram_names 'region*' ;;
	list-extents:-d | list-extents:--decoder) __cxl_sysram_names 'decoder*' ;;
	list-extents:-r | list-extents:--region) __cxl_sysram_regions; echo all ;;
	list-extents:-m | list-extents:--memdev) __cxl_sysram_names 'mem*' ;;
	list-extents:-b | list-extents:--bus) __cxl_sysram_names 'root*' ;;
	esac
}

# does this option of a sysram command take a value?
__cxl_sysram_takes_value()
{
	case $1:$2 in
	*:--online-type) return 0 ;;
	create-sysram:-[dsUwgtr]) return 0 ;;
	create-sysram:--decoder | create-sysram:--size | create-sysram:--uuid | \
		create-sysram:--ways | create-sysram:--granularity | \
		create-sysram:--type | create-sysram:--region) return 0 ;;
	list-extents:-[rmdb]) return 0 ;;
	list-extents:--region | list-extents:--memdev | \
		list-extents:--decoder | list-extents:--bus) return 0 ;;
	esac
	return 1
}

# COMPREPLY from a list of words for cur; "--name=" for options with a
# value, a space after everything else
__cxl_sysram_reply()
{
	local sub=$1 cur=$2 w i=0
	shift 2
	COMPREPLY=($(compgen -W "$*" -- "$cur"))
	for w in "${COMPREPLY[@]}"; do
		if [[ $w == --* ]] && __cxl_sysram_takes_value "$sub" "$w"; then
			COMPREPLY[i]="$w="
		else
			COMPREPLY[i]="$w "
		fi
		((i++))
	done
}

_cxl_sysram()
{
	local cur prev words cword sub i cmd
	# "--online-type=on" stays one word, as ndctl's completion reads it
	if type _get_comp_words_by_ref &>/dev/null; then
		_get_comp_words_by_ref -n =: cur prev words cword
	elif type __nd_common_get_comp_words_by_ref &>/dev/null; then
		# the distribution's, without bash-completion
		__nd_common_get_comp_words_by_ref -n =: cur prev words cword
	else
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
		cur=${words[cword]}
		prev=${words[cword - 1]}
	fi
	cmd=${words[0]}
	for ((i = 1; i < cword; i++)); do
		[[ ${words[i]} == -* ]] && continue
		sub=${words[i]}
		break
	done
	case $sub in
	create-sysram | destroy-sysram | online-sysram | offline-sysram | list-extents) ;;
	*)
		# everything else is the distribution's
		if type _cxl &>/dev/null; then
			_cxl "$@"
		elif [ -z "$sub" ]; then
			__cxl_sysram_reply "" "$cur" $($cmd --list-cmds 2>/dev/null)
		elif [[ $cur == -* ]]; then
			__cxl_sysram_reply "" "$cur" $($cmd "$sub" --list-opts 2>/dev/null)
		fi
		return
		;;
	esac

	if [[ $cur == --*=* ]]; then
		__cxl_sysram_reply "$sub" "${cur#*=}" \
			$(__cxl_sysram_values "$sub" "${cur%%=*}")
	elif [[ $cur == -* ]]; then
		__cxl_sysram_reply "$sub" "$cur" \
			$($cmd "$sub" --list-opts 2>/dev/null)
	elif __cxl_sysram_takes_value "$sub" "$prev"; then
		__cxl_sysram_reply "$sub" "$cur" \
			$(__cxl_sysram_values "$sub" "$prev")
	else
		case $sub in
		create-sysram) __cxl_sysram_reply "$sub" "$cur" \
			$(__cxl_sysram_names 'mem*') ;;
		list-extents) COMPREPLY=() ;;
		*) __cxl_sysram_reply "$sub" "$cur" \
			$(__cxl_sysram_regions) all ;;
		esac
	fi
}

complete -o nospace -F _cxl_sysram cxl
