#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# Build the test kernel for the VM (scripts/vm.sh).  Runs inside the
# reference environment:
#
#   scripts/env.sh run scripts/kernel-build.sh [--force] [--prepare]
#
#   --force     rebuild even if the stamp says the image is current
#   --prepare   only extract, patch and configure (for cxl_test, menuconfig)
#
# Environment: CXL_SYSRAM_KDIR (output folder, default /cache/kernel);
# CXL_SYSRAM_KFRAGMENTS, extra config fragments applied after
# kernel/sysram.config (a variant, e.g. without lockdep, in its own KDIR).
#
# Source: the distribution's linux-source tarball, extracted once into
# $KDIR/src and put under git (with the git directory outside the tree, so
# the kernel's setlocalversion does not append "+" or a hash and the module
# directory name stays stable).  The series kernel/patches/*.patch is applied
# in order onto the pristine commit; when the series changes, the tree is
# reset with git, which restores exactly the files the old series touched
# (and gives them a new mtime, so make rebuilds them).
#
# Configuration: allnoconfig + kernel/sysram.config + olddefconfig.  Every
# line of the fragment is then checked against the final .config, because
# kconfig silently drops a value whose dependencies are not met.
#
# Output ($KDIR = /cache/kernel, on the host ~/.cache/cxl-sysram/work/kernel):
#   bzImage, version (uname -r), config, System.map
#   modules/lib/modules/<version>/   (modules_install + depmod)
#   obj/                             (the O= build tree, for M= builds)
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KDIR=${CXL_SYSRAM_KDIR:-/cache/kernel}
tarball=${CXL_SYSRAM_KSRC:-$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null |
	sort -V | tail -1)}
# shellcheck disable=SC2206
fragments=("$top/kernel/sysram.config" ${CXL_SYSRAM_KFRAGMENTS:-})
fragment=$KDIR/fragment.config
patchdir=$top/kernel/patches
src=$KDIR/src
gitdir=$KDIR/src.git
obj=$KDIR/obj
jobs=${JOBS:-$(nproc)}

say() { echo "kernel-build: $*" >&2; }
die() { say "error: $*"; exit 1; }

force=0 prepare=0
while [ $# -gt 0 ]; do
	case "$1" in
	--force) force=1 ;;
	--prepare) prepare=1 ;;
	-h|--help) sed -n '5,12p' "$0"; exit 0 ;;
	*) die "unknown option $1" ;;
	esac
	shift
done

[ -n "$tarball" ] && [ -f "$tarball" ] ||
	die "no /usr/src/linux-source-*.tar.xz (run inside scripts/env.sh)"
for f in "${fragments[@]}"; do
	[ -f "$f" ] || die "missing config fragment $f"
done

# git on the kernel tree, from inside it: add and apply take paths relative
# to the current directory.
g() { (cd "$src" && git --git-dir="$gitdir" --work-tree="$src" "$@"); }

series()
{
	# The patches in application order; nullglob so an empty series is
	# an empty list rather than a literal '*.patch'.
	local p
	shopt -s nullglob
	for p in "$patchdir"/*.patch; do
		echo "$p"
	done
	shopt -u nullglob
}

# Identifies the tarball cheaply: hashing 160 MB on every run would cost
# more than the whole warm path.
tarball_id() { stat -c '%n %s %Y' "$tarball"; }

series_hash()
{
	local p
	{
		tarball_id
		for p in $(series); do
			basename "$p"
			sha256sum < "$p"
		done
	} | sha256sum | cut -d' ' -f1
}

# Everything the image depends on: a change in any of it rebuilds.
image_hash()
{
	{
		series_hash
		cat "${fragments[@]}" | sha256sum
		sha256sum < "$0"
		gcc --version | head -1
	} | sha256sum | cut -d' ' -f1
}

extract()
{
	local want have=''
	want=$(tarball_id)
	[ -f "$KDIR/extracted" ] && have=$(cat "$KDIR/extracted")
	[ "$have" = "$want" ] && [ -d "$gitdir" ] && return 0

	say "extracting $tarball (once)"
	rm -rf "$src" "$gitdir" "$obj" "$KDIR/applied"
	mkdir -p "$src"
	tar -xJf "$tarball" -C "$src" --strip-components=1
	g init -q
	# -f: files the kernel's .gitignore matches must be tracked as well,
	# or 'git clean' in reset_tree() would delete them.
	g add -f -A .
	g -c user.name=cxl-sysram -c user.email=cxl-sysram@invalid \
		commit -q -m "pristine $(basename "$tarball")"
	g tag -f pristine >/dev/null
	echo "$want" > "$KDIR/extracted"
}

reset_tree()
{
	g reset -q --hard pristine
	g clean -q -fdx
}

apply_series()
{
	local want have='' p n=0
	want=$(series_hash)
	[ -f "$KDIR/applied" ] && have=$(cat "$KDIR/applied")
	[ "$have" = "$want" ] && return 0

	rm -f "$KDIR/applied"
	# A tree with local edits (someone hacking in $src) is reset too:
	# the series is the only source of truth for the image.
	reset_tree
	for p in $(series); do
		say "applying $(basename "$p")"
		g apply --whitespace=nowarn "$p" 2>&1 ||
			die "$(basename "$p") does not apply"
		n=$((n + 1))
	done
	say "series: $n patch(es) applied"
	echo "$want" > "$KDIR/applied"
}

configure()
{
	local line sym want got bad=0
	declare -A final=()
	mkdir -p "$obj"
	cat "${fragments[@]}" > "$fragment"
	make -s -C "$src" O="$obj" allnoconfig >/dev/null
	"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" \
		"$obj/.config" "${fragments[@]}" >/dev/null
	make -s -C "$src" O="$obj" olddefconfig >/dev/null

	# kconfig drops values whose dependencies fail without an error, so
	# compare each fragment line with the result; with several fragments
	# the last value of a symbol is the one wanted.
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			sym=${line%%=*} want=${line#*=}
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# } sym=${sym%% *} want=n
			;;
		*) continue ;;
		esac
		final[$sym]=$want
	done < "$fragment"
	for sym in "${!final[@]}"; do
		want=${final[$sym]}
		got=$(grep -E "^$sym=" "$obj/.config" | cut -d= -f2- || true)
		[ -n "$got" ] || got=n
		if [ "$got" != "$want" ]; then
			say "config: $sym wanted $want, got $got"
			bad=1
		fi
	done
	[ "$bad" = 0 ] ||
		die "${fragments[*]} did not take effect (see above)"
}

build()
{
	local t0 t1 ver mods
	t0=$(date +%s)
	# Statistics of this build only (they are shared with other users of
	# the cache, but only the statistics).
	ccache -z > /dev/null 2>&1 || true
	say "building with -j$jobs (log: $KDIR/build.log)"
	# ccache via CC so that it also covers modules built later with M=.
	if ! make -C "$src" O="$obj" -j"$jobs" CC="ccache gcc" \
		bzImage modules > "$KDIR/build.log" 2>&1; then
		# The first compiler errors, or how make ended (killed, ...).
		grep -E ': (error|fatal error):|^ERROR:' "$KDIR/build.log" |
			head -20 >&2
		tail -n 10 "$KDIR/build.log" >&2
		die "build failed (log: $KDIR/build.log)"
	fi
	ver=$(cat "$obj/include/config/kernel.release")
	# Install beside the old files and swap them in at the end, so that
	# a VM booting meanwhile sees the old set or the new one.
	mods=$KDIR/modules.new
	rm -rf "$mods"
	make -s -C "$src" O="$obj" INSTALL_MOD_PATH="$mods" \
		modules_install > "$KDIR/modules_install.log" 2>&1 ||
		die "modules_install failed (log: $KDIR/modules_install.log)"
	# The guest needs only the modules; these links point to the
	# build tree.
	rm -f "$mods/lib/modules/$ver/build" "$mods/lib/modules/$ver/source"
	rm -rf "$KDIR/modules.old"
	[ ! -d "$KDIR/modules" ] || mv "$KDIR/modules" "$KDIR/modules.old"
	mv "$mods" "$KDIR/modules"
	rm -rf "$KDIR/modules.old"
	cp "$obj/arch/x86/boot/bzImage" "$KDIR/bzImage.new"
	mv "$KDIR/bzImage.new" "$KDIR/bzImage"
	cp "$obj/.config" "$KDIR/config"
	cp "$obj/System.map" "$KDIR/System.map"
	echo "$ver" > "$KDIR/version"
	t1=$(date +%s)
	say "built $ver in $((t1 - t0)) s"
	say "ccache: $(ccache -s 2>/dev/null | grep -E '^ *(Hits|Misses):' |
		head -2 | xargs)"
}

main()
{
	local t0 want
	t0=$(date +%s%N)
	mkdir -p "$KDIR"
	# One build at a time: a second caller waits instead of corrupting
	# the tree (the VM may also be reading $KDIR meanwhile; it only
	# reads the files copied at the end).
	exec 9> "$KDIR/.lock"
	flock 9

	want=$(image_hash)
	if [ "$force" = 0 ] && [ "$prepare" = 0 ] && [ -f "$KDIR/bzImage" ] &&
	   [ -f "$KDIR/stamp" ] && [ "$(cat "$KDIR/stamp")" = "$want" ]; then
		say "$(cat "$KDIR/version") is up to date" \
			"($(( ($(date +%s%N) - t0) / 1000000 )) ms)"
		return 0
	fi
	rm -f "$KDIR/stamp"
	extract
	apply_series
	configure
	if [ "$prepare" = 1 ]; then
		say "tree ready: $src (O=$obj)"
		return 0
	fi
	build
	echo "$want" > "$KDIR/stamp"
	say "total $(( ($(date +%s%N) - t0) / 1000000000 )) s;" \
		"image $KDIR/bzImage"
}

main
