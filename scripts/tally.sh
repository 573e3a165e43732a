# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# Sourced by scripts/check.sh (and test/skip-counts.sh): tally DIR adds
# the test cases meson recorded in DIR/meson-logs/testlog.json to the
# counts passed and failed, and a line per failing directory to
# failures.  A test program that did not pass without reporting a
# failing case (it died, bailed out, or was skipped with 77) is one
# failure more: a skip is never a pass.

tally() {
	local log=$1/meson-logs/testlog.json p f
	if [ ! -s "$log" ]; then
		failed=$((failed + 1))
		failures+=("$1: no test log")
		return
	fi
	p=$(jq -r '.stdout // ""' "$log" | grep -c '^ok ')
	f=$(jq -r '.stdout // ""' "$log" | grep -c '^not ok ')
	# a test program that did not pass without a failing case (it
	# died, bailed out, or skipped) counts as one failure more
	f=$((f + $(jq -r 'select(.result != "OK" and
		((.stdout // "") | test("(^|\n)not ok ") | not)) | .name' \
		"$log" | wc -l)))
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" = 0 ] || failures+=("$1: $f failed")
}

