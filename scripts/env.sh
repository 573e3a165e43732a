#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# The reference environment: a Debian 13 (trixie) root made with debootstrap
# in a cache folder outside the clone, with trixie's ndctl/libcxl, and qemu
# and linux-source from trixie-backports.  Builds, tests, the kernel build and
# QEMU all run inside it, so a Debian 12 host, a developer and CI see the
# same tool chain.
#
#   scripts/env.sh setup          create or update the root (idempotent)
#   scripts/env.sh run CMD...     run CMD inside the root, tree at /src
#   scripts/env.sh shell          interactive shell inside the root
#   scripts/env.sh path           print the root's path
#
# Bind mounts are made in a private mount namespace (unshare -m), so they
# vanish with the command and nothing leaks onto the host.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${CXL_SYSRAM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cxl-sysram}
root=$cache/root
mirror=${CXL_SYSRAM_MIRROR:-http://deb.debian.org/debian}

# Everything the root needs.  Changing this list re-runs apt in the root.
packages=(
	# build and library dependencies (ndctl >= 81)
	build-essential meson ninja-build pkg-config git ca-certificates
	libcxl-dev libdaxctl-dev libjson-c-dev libkmod-dev uuid-dev
	asciidoctor
	# the distribution's tools the front end delegates to, and test helpers
	cxl daxctl ndctl jq kmod util-linux procps man-db python3 strace numactl
	# fuzzing (libFuzzer, sanitizer runtimes, symbolizer); bash completion
	clang llvm libclang-rt-dev bash-completion
	# kernel build
	bc bison flex libelf-dev libssl-dev ccache cpio xz-utils rsync dwarves
)
backports=(linux-source-7.3 qemu-system-x86)

say() { echo "env: $*" >&2; }

need_host_tools()
{
	command -v debootstrap >/dev/null && command -v unshare >/dev/null &&
		return 0
	say "installing debootstrap on the host"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap \
		util-linux >/dev/null
}

# Stamp of what the root was last set up with: packages and this script.
want_stamp()
{
	{
		printf '%s\n' "${packages[@]}" "${backports[@]}"
		sha256sum "$top/scripts/env.sh" | cut -d' ' -f1
	} | sha256sum | cut -d' ' -f1
}

in_root()
{
	# Runs "$@" chrooted in $root with /proc, /sys, /dev and the tree
	# bound, all inside a private mount namespace.
	mkdir -p "$root/src" "$cache/work"
	mkdir -p "$root/cache"
	unshare -m --propagation private -- /bin/bash -c '
		set -e
		r=$1 src=$2 cache=$3; shift 3
		mount -t proc proc "$r/proc"
		mount -t sysfs sysfs "$r/sys"
		mount --rbind /dev "$r/dev"
		mount -t tmpfs tmpfs "$r/tmp"
		mount --bind "$src" "$r/src"
		mount --bind "$cache/work" "$r/cache"
		cp /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
		exec chroot "$r" /usr/bin/env -i \
			HOME=/root TERM="${TERM:-dumb}" LANG=C.UTF-8 \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			CI="${CI:-}" CXL_SYSRAM_IN_ENV=1 CCACHE_DIR=/cache/ccache \
			MAKEFLAGS="${MAKEFLAGS:-}" \
			/bin/bash -c "cd /src && exec \"\$@\"" bash "$@"
	' bash "$root" "$top" "$cache" "$@"
}

setup()
{
	local stamp=$root/.cxl-sysram-stamp want
	want=$(want_stamp)
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		return 0
	fi
	# one setup at a time: parallel runs would fight over dpkg's lock
	mkdir -p "$cache"
	exec 9> "$cache/setup.lock"
	flock 9
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		exec 9>&-
		return 0
	fi
	need_host_tools
	if [ ! -x "$root/usr/bin/apt-get" ]; then
		say "debootstrap trixie into $root"
		rm -rf "$root"
		debootstrap --variant=minbase trixie "$root" "$mirror" \
			> "$cache/debootstrap.log" 2>&1 || {
			tail -20 "$cache/debootstrap.log" >&2
			say "debootstrap failed (log: $cache/debootstrap.log)"
			exit 1
		}
	fi
	cat > "$root/etc/apt/sources.list" <<-SRC
	deb $mirror trixie main
	deb $mirror trixie-updates main
	deb $mirror trixie-backports main
	SRC
	# Docs are wanted: man pages of the distribution's cxl are what
	# 'cxl help' opens, so keep dpkg from dropping /usr/share/man.
	rm -f "$root/etc/dpkg/dpkg.cfg.d/excludes"
	say "installing packages in the root"
	in_root /bin/sh -c '
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq &&
		apt-get install -y -qq --no-install-recommends "$@" &&
		apt-get install -y -qq --no-install-recommends -t trixie-backports '"${backports[*]}"'
	' sh "${packages[@]}" > "$cache/apt.log" 2>&1 || {
		tail -30 "$cache/apt.log" >&2
		say "package installation failed (log: $cache/apt.log)"
		exit 1
	}
	echo "$want" > "$stamp"
	exec 9>&-
	say "root ready: $root"
}

case "${1:-}" in
setup) setup ;;
run)
	shift
	setup
	in_root "$@"
	;;
shell)
	setup
	in_root /bin/bash -i
	;;
path) echo "$root" ;;
*)
	echo "usage: $0 setup | run CMD... | shell | path" >&2
	exit 2
	;;
esac
