#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# The library, its man page, its header and the ABI document must agree:
# every exported symbol is declared and documented, every sysfs attribute
# the library touches is in the ABI document, and the built man page
# renders.  Prints TAP.
set -u
src=${1:?usage: doc-coverage.sh SRCDIR [BUILDDIR]}
build=${2:-}
# shellcheck source=test/tap.sh
. "$(dirname "$0")/tap.sh"

syms=$(sed -n 's/^\t\(cxl_sysram_[a-z_]*\);$/\1/p' "$src/cxl/lib/libcxl.sym")
[ -n "$syms" ]
tap $? "libcxl.sym lists symbols"
for s in $syms; do
	grep -q "\b$s(" "$src/cxl/libcxl-sysram.h"
	tap $? "$s declared in libcxl-sysram.h"
	grep -q "\b$s(" "$src/Documentation/cxl/lib/libcxl-sysram.txt"
	tap $? "$s documented in libcxl-sysram.txt"
done
# every CXL_EXPORT function is in the version script
for s in $(grep -h -A1 '^CXL_EXPORT' "$src"/cxl/lib/*.c |
	grep -o 'cxl_sysram_[a-z_]*(' | tr -d '(' | sort -u); do
	echo "$syms" | grep -qx "$s"
	tap $? "$s exported through libcxl.sym"
done

abi=$src/Documentation/ABI/testing/sysfs-bus-cxl-sysram
for a in regionZ/memctrl sysram_regionZ/state sysram_regionZ/online_type \
	sysram_regionZ/private sysram_regionZ/uuid sysram_regionZ/target_node \
	sysram_regionZ/size sysram_regionZ/extentZ.N/offset \
	sysram_regionZ/extentZ.N/length sysram_regionZ/extentZ.N/uuid \
	sysram_regionZ/extentZ.N/state; do
	grep -q "^What:.*/devices/$a\$" "$abi"
	tap $? "ABI documents $a"
	attr=${a##*/}
	grep -q "\"$attr\"" "$src/cxl/lib/libcxl-sysram.c"
	tap $? "library reads $attr"
done

# every command the front end runs itself has its man page
for c in $(sed -n 's/^\t{ "\([a-z-]*\)", cmd_[a-z_]* },$/\1/p' "$src/cxl/cxl.c"); do
	[ "$c" = list ] && continue
	[ -f "$src/Documentation/cxl/cxl-$c.txt" ] &&
		grep -q "'cxl-$c.*'" "$src/Documentation/cxl/meson.build"
	tap $? "cxl $c has a man page"
done

if [ -n "$build" ]; then
	page=$build/Documentation/cxl/libcxl-sysram.3
	[ -s "$page" ] && grep -q '^\.TH "LIBCXL.-SYSRAM" "3"' "$page"
	tap $? "libcxl-sysram.3 built"
	MANWIDTH=80 man -l "$page" 2>/dev/null | grep -q "cxl_sysram_region_get_state"
	tap $? "libcxl-sysram.3 renders with man"
fi

tap_end
