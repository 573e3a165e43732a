# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# TAP for the shell tests (sourced): tap STATUS NAME prints one result
# (STATUS 0 passes) and counts it in n and failed; tap_end prints the
# plan and returns non-zero if any failed.
n=0 failed=0

tap() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

tap_end() {
	echo "1..$n"
	[ "$failed" = 0 ]
}
