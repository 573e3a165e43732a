#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# The front end reads upstream's command lines for cxl list (to take out
# -N) and for disable-region/destroy-region (to find the regions named)
# from tables of upstream's options in cxl/list.c and cxl/region.c.  The
# distribution's cxl cannot give them: "--list-opts" prints only the long
# names, "-h" the letters and which take a value, neither which list
# options select objects.  So the tables stay, and this test holds them
# to the installed cxl: the same long names as its --list-opts, and for
# each the same short letter and value as its -h.  A new ndctl with a new
# option fails here, not in a user's command line.  Prints TAP.
#
# usage: upstream-opts.sh SRCDIR (env: UPSTREAM=the distribution's cxl)
set -u
src=${1:?usage: upstream-opts.sh SRCDIR}
UPSTREAM=${UPSTREAM:-/usr/bin/cxl}
# shellcheck source=test/tap.sh
. "$(dirname "$0")/tap.sh"

# table FILE: "name letter value" per entry of the file's upstream_opt
# table ({ "name", 'c', bool, bool }); 0 for no letter
table() {
	sed -nE 's/^\t\{ "([a-z-]+)", (0|'"'"'(.)'"'"'), (true|false), (true|false) \},.*/\1 \3 \4/p' "$1" |
		awk '{ if (NF == 2) print $1, 0, $2; else print }'
}

# usage CMD: "name letter value" per option of upstream's -h
usage() {
	"$UPSTREAM" "$1" -h 2>&1 | sed -nE \
		-e 's/^    -(.), --([a-z-]+) <.*/\2 \1 true/p' \
		-e 's/^    -(.), --([a-z-]+)( .*)?$/\2 \1 false/p' \
		-e 's/^        --([a-z-]+) <.*/\1 0 true/p' \
		-e 's/^        --([a-z-]+)( .*)?$/\1 0 false/p'
}

# same OURS THEIRS: 0, or 1 with the difference as TAP comments on stderr
same() {
	diff "$1" "$2" | sed 's/^/# /' >&2
	[ "${PIPESTATUS[0]}" = 0 ] && echo 0 || echo 1
}

check() {
	local cmd=$1 file=$2 ours theirs names
	ours=$(table "$src/$file" | grep -v '^extents ' | sort)
	[ -n "$ours" ]
	tap $? "$file: a table of $cmd's options"
	names=$("$UPSTREAM" "$cmd" --list-opts | tr ' ' '\n' | sed -n 's/^--//p' | sort)
	tap "$(same <(echo "$ours" | cut -d' ' -f1) <(echo "$names"))" \
		"$file: the long names of upstream's $cmd --list-opts"
	theirs=$(usage "$cmd" | sort)
	tap "$(same <(echo "$ours") <(echo "$theirs"))" \
		"$file: letters and values as upstream's $cmd -h"
}

check list cxl/list.c
check disable-region cxl/region.c
check destroy-region cxl/region.c
tap_end
