#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# meson refuses a prefix that would install the front end over the
# distribution's cxl (every delegated command would run the front end
# again), with a message saying what to do, and accepts the layouts the
# README describes.  Prints TAP.
#
# usage: install-layout.sh SRCDIR (env: UPSTREAM=the distribution's cxl)
set -u
src=${1:?usage: install-layout.sh SRCDIR}
UPSTREAM=${UPSTREAM:-/usr/bin/cxl}
work=$(mktemp -d /tmp/install-layout.XXXXXX)
trap 'rm -rf "$work"' EXIT
n=0 failed=0

# setup WANT NAME MESON-OPTION...: WANT ok or refused
setup() {
	local want=$1 name=$2 got
	shift 2
	n=$((n + 1))
	rm -rf "$work/b"
	if meson setup "$work/b" "$src" -Ddocs=disabled "$@" > "$work/log" 2>&1; then
		got=ok
	else
		got=refused
	fi
	# a refusal says why and what to do
	if [ "$got" = refused ] && ! { grep -q "over the" "$work/log" &&
		grep -q -- "-Dupstream-cxl=PATH" "$work/log"; }; then
		got="refused without saying why"
	fi
	if [ "$got" = "$want" ]; then
		echo "ok $n - $name: $want"
	else
		echo "not ok $n - $name: $got, wanted $want"
		tail -n 8 "$work/log" | sed 's/^/# /'
		failed=$((failed + 1))
	fi
}

setup refused "--prefix over the distribution's cxl" \
	--prefix="$(dirname "$(dirname "$UPSTREAM")")"
# /bin is /usr/bin on a merged /usr: the same file by another name
[ "$(readlink -f /bin)" = /usr/bin ] && [ "$UPSTREAM" = /usr/bin/cxl ] &&
	setup refused "--prefix=/ on a merged /usr" --prefix=/
setup ok "the default prefix" --prefix=/usr/local
setup ok "--prefix=/usr with the distribution's cxl moved" --prefix=/usr \
	-Dupstream-cxl=/usr/libexec/cxl-sysram/cxl
setup ok "--prefix=/opt/cxl-sysram" --prefix=/opt/cxl-sysram
echo "1..$n"
[ "$failed" = 0 ]
