#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# Checks kernel/patches/*.patch the way linux-cxl reviewers do, one TAP
# line per patch and check:
#
#   scripts/env.sh run scripts/check-series.sh [--full] [--checkpatch | --build]
#
#   --checkpatch  only the kernel's scripts/checkpatch.pl --strict
#   --build       only the per-patch build
#   --full        build as a bisection would: the whole pristine kernel
#                 once, and per patch its directories, the modules
#                 (modpost) and vmlinux where exports change (about 25
#                 minutes cold on two cores); without it, per patch only
#                 the directories the patch and its headers reach are
#                 compiled, no link (about 5 minutes cold).  The VM
#                 kernel (scripts/kernel-build.sh) links the whole series.
#
# checkpatch: no errors; a warning or check only where the patch's commit
# message justifies its type with a line "checkpatch: TYPE why" (see
# kernel/patches/README).
#
# Build: pristine + patches 1..N compiles for every N, with no warning
# the pristine tree does not have, and W=1 adds none in the files the
# patch touches.  A bisection lands on every patch, so each one has to
# build, not only the whole series.
#
# Environment: CXL_SYSRAM_SERIES_DIR (default /cache/kernel-series, on the
# host ~/.cache/cxl-sysram/work/kernel-series), JOBS.  The tree there is
# its own: scripts/kernel-build.sh's /cache/kernel (and its lock) is never
# touched, so a VM can boot the image meanwhile.
set -uo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SDIR=${CXL_SYSRAM_SERIES_DIR:-/cache/kernel-series}
src=$SDIR/src
gitdir=$SDIR/src.git
obj=$SDIR/obj
logs=$SDIR/logs
jobs=${JOBS:-$(nproc)}

say() { echo "check-series: $*" >&2; }

do_checkpatch=1 do_build=1 full=0
while [ $# -gt 0 ]; do
	case "$1" in
	--checkpatch) do_build=0 ;;
	--build) do_checkpatch=0 ;;
	--full) full=1 ;;
	-h|--help) sed -n '5,18p' "$0"; exit 0 ;;
	*) say "unknown option $1"; exit 2 ;;
	esac
	shift
done
# the link steps --full adds to a build
link_targets=()
[ "$full" = 0 ] || link_targets=(modules)

# Read fresh on every run, and copied at its start: the series may be
# rewritten while a run goes on, which then checks the series it began
# with rather than a mix.
snapshot()
{
	rm -rf "$SDIR/series"
	mkdir -p "$SDIR/series"
	shopt -s nullglob
	cp "$top"/kernel/patches/*.patch "$SDIR/series/" 2>/dev/null
	patches=("$SDIR"/series/*.patch)
	shopt -u nullglob
	n=${#patches[@]}
}

g() { (cd "$src" && git --git-dir="$gitdir" --work-tree="$src" -c gc.auto=0 "$@"); }
kmake() { make -C "$src" O="$obj" CC="ccache gcc" "$@"; }

subject()
{
	# Subject: may be folded over several lines; drop "[PATCH n/m]".
	awk '/^Subject: / { s = substr($0, 10)
		while ((getline l) > 0 && l ~ /^[ \t]/) s = s l
		print s; exit }' "$1" | sed -E 's/^\[PATCH[^]]*\] *//'
}

# TAP: one number per line, in order, so that any consumer can count.
t=0 passed=0 failed=0
result()
{
	t=$((t + 1))
	if [ "$1" = ok ]; then
		passed=$((passed + 1))
		echo "ok $t - $2"
	else
		failed=$((failed + 1))
		echo "not ok $t - $2"
	fi
}
diag() { sed 's/^/#   /'; }

# --- checkpatch -------------------------------------------------------

checkpatch_one()
{
	local p=$1 i=$2 log allowed found bad=0 line type
	log=$logs/checkpatch-$(printf %04d "$i").log
	# From inside the tree, as upstream runs it: it reads the tree's
	# spelling list and const_structs.  There is no .git in $src (the
	# history is elsewhere and holds only the pristine commit), so the
	# check that commit ids in the message exist is skipped; said once
	# in the plan's comment below.
	(cd "$src" && ./scripts/checkpatch.pl --strict --show-types \
		--color=never "$p") > "$log" 2>&1
	if ! grep -qE '^total: [0-9]+ errors' "$log"; then
		result "not ok" "patch $i/$n $(subject "$p"): checkpatch did not run"
		diag < "$log"
		return
	fi
	# The justified types: "checkpatch: TYPE why" in the message (the
	# part before the diffstat's "---"); a type with no reason is none.
	allowed=" $(sed -n '/^---$/q; s/^checkpatch: \([A-Z0-9_]\+\)[[:space:]]\+[^[:space:]].*/\1/p' "$p" |
		tr '\n' ' ')"
	found=$(grep -E '^(ERROR|WARNING|CHECK):' "$log" || true)
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		type=${line#*:} type=${type%%:*}
		case "$line" in
		ERROR:*) bad=1 ;;
		*) [[ "$allowed" == *" $type "* ]] || bad=1 ;;
		esac
	done <<< "$found"
	if [ "$bad" = 0 ]; then
		result ok "patch $i/$n $(subject "$p"): checkpatch --strict"
	else
		result "not ok" "patch $i/$n $(subject "$p"): checkpatch --strict"
	fi
	# Every finding is shown, justified ones too, so nothing passes
	# unseen; a justification nothing needs is pointed out.
	if [ -n "$found" ]; then
		grep -E -A1 '^(ERROR|WARNING|CHECK):' "$log" | grep -v '^--$' |
			while IFS= read -r line; do
				type=${line#*:} type=${type%%:*}
				case "$line" in
				WARNING:*|CHECK:*)
					[[ "$allowed" == *" $type "* ]] &&
						line="$line (justified)" ;;
				esac
				echo "$line"
			done | diag
	fi
	for type in $allowed; do
		grep -qE "^(WARNING|CHECK):$type:" "$log" ||
			echo "checkpatch: $type is justified but not reported" | diag
	done
}

# --- per-patch build --------------------------------------------------

# "file: warning: text" with the line and column dropped (a patch moves
# lines) and the tree's prefix dropped, so the same warning compares equal
# before and after a patch.
warnings()
{
	sed -E 's/\x1b\[[0-9;]*[mK]//g' "$@" |
		grep -E '(warning|error): |^(WARNING|ERROR): ' |
		sed -E "s#^$src/##; s#^([^: ]+):[0-9]+(:[0-9]+)?: #\1: #" |
		sort -u
}

# Runs make into LOG; on failure shows the first errors as TAP comments.
build_into()
{
	local log=$1
	shift
	if kmake -j"$jobs" "$@" > "$log" 2>&1; then
		return 0
	fi
	{
		grep -E ': (error|fatal error):|^ERROR:' "$log" | head -20
		tail -n 5 "$log"
	} | diag
	return 1
}

# The config of the whole series, as kernel-build.sh makes and verifies
# it, restricted by olddefconfig to the symbols this state of the tree
# has: a symbol a later patch adds does not exist yet.
configure() { cp "$SDIR/config.series" "$obj/.config" &&
	kmake -s olddefconfig > /dev/null; }

# W=1 over the .c files given (built already); prints the warnings,
# normalized.  The objects are built again without W=1 afterwards (a
# ccache hit), so the next step's log holds only what that step changed.
w1()
{
	local log=$1 f
	shift
	: > "$log"
	[ $# -gt 0 ] || return 0
	for f in "$@"; do
		# kbuild rebuilds an object whose command line changed
		kmake W=1 "${f%.c}.o" >> "$log" 2>&1 ||
			echo "$f: error: W=1 build failed" >> "$log"
	done
	warnings "$log"
	for f in "$@"; do
		kmake "${f%.c}.o" > /dev/null 2>&1 || true
	done
}

prepare()
{
	# kernel-build.sh --prepare with our folder: extraction once, the
	# pristine tag, the whole series applied and the config made and
	# checked exactly as for the VM's kernel.  Its "applied" stamp is
	# dropped first: our runs leave the tree at some patch, which that
	# stamp does not know about.
	# No automatic git gc: after the extraction's commit it repacks the
	# whole kernel in the background, a few minutes of a core taken from
	# the build (and a race with rm -rf of this folder).
	rm -f "$SDIR/applied"
	if ! GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=gc.auto GIT_CONFIG_VALUE_0=0 \
		CXL_SYSRAM_KDIR=$SDIR "$top/scripts/kernel-build.sh" --prepare \
		> "$logs/prepare.log" 2>&1; then
		echo "Bail out! kernel-build.sh --prepare failed:"
		diag < "$logs/prepare.log"
		return 1
	fi
	cp "$obj/.config" "$SDIR/config.series"
	g reset -q --hard pristine && g clean -q -fdx
}

# The touched .c files of the series that exist in the pristine tree and
# are built by its config: their W=1 warnings before the series.
pristine_c_files()
{
	local p f
	for p in "${patches[@]}"; do
		sed -n 's#^diff --git a/.* b/\(.*\.c\)$#\1#p' "$p"
	done | sort -u | while read -r f; do
		[ -f "$src/$f" ] && [ -f "$obj/${f%.c}.o" ] && echo "$f"
	done
}

# The make targets for patch $1 (0: the whole series): the directory of
# each file it touches; for a header under include/ (used anywhere), the
# directories of every source file the series has touched so far, where
# its callers are.  Documentation/ and tools/ (cxl_test, built with M=)
# are not part of the kernel build.
dirs_of()
{
	local want=$1 i f hdr=0 lines=()
	for ((i = 1; i <= n; i++)); do
		for f in $(sed -n 's#^diff --git a/.* b/##p' "${patches[i - 1]}"); do
			case "$f" in
			Documentation/*|tools/*) ;;
			include/*|arch/*/include/*) [ "$i" != "$want" ] || hdr=1 ;;
			*/*) lines+=("$i $(dirname "$f")/") ;;
			*) ;;	# MAINTAINERS and the like: nothing to build
			esac
		done
	done
	[ ${#lines[@]} -gt 0 ] || return 0
	printf '%s\n' "${lines[@]}" | awk -v want="$want" -v hdr="$hdr" \
		'want == 0 || $1 == want || (hdr && $1 < want) { print $2 }' |
		sort -u
}

build_series()
{
	local i=0 p s t0 files cfiles new base applied=1 f unbuilt log dirs
	mkdir -p "$logs"
	prepare || return 1
	configure || { echo "Bail out! olddefconfig failed"; return 1; }
	say "pristine build (log: $logs/build-0000.log)"
	t0=$(date +%s)
	# The whole kernel once; afterwards the pristine state only needs
	# the series' directories again (the reset gave their files a new
	# mtime).
	dirs=(bzImage)
	[ "$full" = 1 ] && [ ! -f "$obj/vmlinux" ] ||
		mapfile -t dirs < <(dirs_of 0)
	if ! build_into "$logs/build-0000.log" "${dirs[@]}" \
		"${link_targets[@]}"; then
		echo "Bail out! the pristine tree does not build"
		return 1
	fi
	# Baselines.  The pristine build log names only what make rebuilt,
	# so the warnings are kept from run to run (the pristine tree does
	# not change under the same folder; a new tarball re-extracts and
	# empties it).
	base=$SDIR/pristine.warnings
	warnings "$logs/build-0000.log" "$base" 2>/dev/null > "$base.new"
	mapfile -t files < <(pristine_c_files)
	w1 "$logs/w1-0000.log" "${files[@]}" >> "$base.new"
	sort -u "$base.new" > "$base" && rm -f "$base.new"
	say "pristine: $(($(date +%s) - t0)) s"

	for p in "${patches[@]}"; do
		i=$((i + 1))
		s="patch $i/$n $(subject "$p")"
		if [ "$applied" = 0 ]; then
			result "not ok" "$s: not built, an earlier patch does not apply"
			continue
		fi
		t0=$(date +%s)
		if ! g -c user.name=cxl-sysram -c user.email=cxl-sysram@invalid \
			am -q --whitespace=nowarn "$p" > "$logs/am.log" 2>&1; then
			g am --abort > /dev/null 2>&1
			result "not ok" "$s: does not apply"
			diag < "$logs/am.log"
			applied=0
			continue
		fi
		mapfile -t files < <(g diff --name-only HEAD~1 HEAD)
		if printf '%s\n' "${files[@]}" | grep -q '/Kconfig[^/]*$'; then
			configure || { result "not ok" "$s: olddefconfig failed"
				continue; }
		fi
		# Only the directories the patch reaches, then the modules
		# (26 in this config: modpost finds a missing export).  A
		# whole incremental make would recompile every user of a
		# common header the patch touches (memory_hotplug.h: 800
		# files, 10 minutes on 2 cores) for each patch; the VM's
		# kernel build covers the whole series once.
		log=$logs/build-$(printf %04d "$i").log
		mapfile -t dirs < <(dirs_of "$i")
		# modpost checks the modules against the exports of the last
		# vmlinux: a patch that changes an export relinks it (and so
		# rebuilds every user of the headers it touched).
		[ "$full" = 0 ] || ! grep -qE '^[-+].*EXPORT_SYMBOL' "$p" ||
			dirs+=(vmlinux)
		if ! build_into "$log" "${dirs[@]}" "${link_targets[@]}"; then
			result "not ok" "$s: does not build ($(($(date +%s) - t0)) s)"
			continue
		fi
		new=$(warnings "$log" | grep -vxF -f "$base")
		# W=1 on the patch's .c files that this config builds (the
		# others are named below, not passed over in silence); only
		# warnings located in the patch's files count.
		cfiles=() unbuilt=()
		for f in "${files[@]}"; do
			case "$f" in *.c) ;; *) continue ;; esac
			[ -f "$src/$f" ] || continue
			if [ -f "$obj/${f%.c}.o" ]; then
				cfiles+=("$f")
			else
				unbuilt+=("$f")
			fi
		done
		new=$(printf '%s\n' "$new"
			w1 "$logs/w1-$(printf %04d "$i").log" "${cfiles[@]}" |
			grep -F -f <(printf '%s: \n' "${files[@]}") |
			grep -vxF -f "$base")
		new=$(printf '%s\n' "$new" | sed '/^$/d' | sort -u)
		if [ -n "$new" ]; then
			result "not ok" "$s: new warnings ($(($(date +%s) - t0)) s)"
			printf '%s\n' "$new" | diag
		else
			result ok "$s: builds ($(($(date +%s) - t0)) s)"
		fi
		[ "${#unbuilt[@]}" = 0 ] ||
			echo "# not in this config, not compiled: ${unbuilt[*]}"
	done
}

main()
{
	local t0 plan=0
	t0=$(date +%s)
	mkdir -p "$SDIR" "$logs"
	# Our own lock, not kernel-build.sh's: it takes $SDIR/.lock itself
	# when called for --prepare.
	exec 8> "$SDIR/.series.lock"
	flock 8
	snapshot
	[ "$do_checkpatch" = 0 ] || plan=$((plan + n))
	[ "$do_build" = 0 ] || plan=$((plan + n))
	echo "1..$plan"
	echo "# $n patch(es) in kernel/patches"
	[ "$full" = 1 ] || echo "# per-patch build: compile only, no link (--full links)"
	if [ "$n" -gt 0 ] && [ "$do_checkpatch" = 1 ]; then
		# checkpatch.pl comes from the tree; extract it first if the
		# build has not (a cheap call when it is there).
		if [ ! -x "$src/scripts/checkpatch.pl" ]; then
			prepare || exit 1
		fi
		echo "# checkpatch: commit ids in messages are not looked up (no kernel history here)"
		local i=0 p
		for p in "${patches[@]}"; do
			i=$((i + 1))
			checkpatch_one "$p" "$i"
		done
	fi
	if [ "$n" -gt 0 ] && [ "$do_build" = 1 ]; then
		build_series || failed=$((failed + 1))
	fi
	echo "# check-series: $passed passed, $failed failed in $(($(date +%s) - t0)) s"
	[ "$failed" = 0 ]
}

main
