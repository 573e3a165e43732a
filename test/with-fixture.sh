#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# with-fixture.sh [FIXTURE-ARG...] -- CMD...: runs CMD in a private mount
# namespace where a fixture tree (test/fixture.sh) is mounted over /sys and
# its device nodes over /dev/cxl, so the real libcxl and cxl see it.
# Needs root; nothing is visible outside the namespace.
set -euo pipefail
if [ -z "${WITH_FIXTURE_INNER:-}" ]; then
	[ "$(id -u)" = 0 ] || { echo "with-fixture.sh: needs root" >&2; exit 1; }
	export WITH_FIXTURE_INNER=1
	exec unshare -m --propagation unchanged -- "$0" "$@"
fi
# keep our mounts from reaching the parent namespace; inside the project's
# chroot / is not a mount point, but there every mount is private already
mount --make-rprivate / 2>/dev/null || true
fargs=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	fargs+=("$1")
	shift
done
[ "${1:-}" = -- ] && shift
fx=$(mktemp -d /tmp/cxl-fixture.XXXXXX)
mount -t tmpfs tmpfs "$fx"
"$(dirname "$0")/fixture.sh" "$fx/t" "${fargs[@]}"
mount --bind "$fx/t/sys" /sys
# the cxl nodes go over /dev/cxl; a mount point is made if there is none
mkdir -p /dev/cxl
mount --bind "$fx/t/dev/cxl" /dev/cxl
unset WITH_FIXTURE_INNER
export CXL_FIXTURE=$fx/t
"$@"
