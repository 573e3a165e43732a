# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
#
# The two commands of the README, and a few for developers.  Everything
# runs inside the project's Debian 13 root (scripts/env.sh), made on first
# use; NATIVE=1 runs the same scripts on a host that already has meson,
# libcxl >= 81 and the rest (trixie, Fedora).

ifeq ($(NATIVE),1)
RUN :=
else
RUN := scripts/env.sh run
endif

.PHONY: all check check-unit check-series demo build env shell clean bench \
	fuzz-long

all: build

check:
	$(RUN) scripts/check.sh

# unit tests only (fast); make check runs everything
check-unit:
	$(RUN) scripts/check.sh --unit

# the kernel series patch by patch: checkpatch --strict, each one builds
# (too slow for make check: about 9 minutes warm, 20 cold on 2 cores)
check-series:
	$(RUN) scripts/check-series.sh

demo:
	$(RUN) scripts/demo.sh

build:
	$(RUN) sh -c 'meson setup build >/dev/null 2>&1 || true; ninja -C build'

env:
	scripts/env.sh setup

shell:
	scripts/env.sh shell

clean:
	rm -rf build build-asan build-fuzz build*.setup.log build*.build.log

# every fuzz target for 10 million executions (FUZZ_RUNS=N for another
# count), with a table of the figures; long: not part of make check
fuzz-long:
	$(RUN) fuzz/run-long.sh

# benchmarks: figures printed, never asserted
bench: build
	$(RUN) bench/extent-walk.sh
	$(RUN) bench/list-extents.sh
	$(RUN) bench/rescan-rss.sh
	$(RUN) bench/private-node.sh
	$(RUN) bench/dcd.sh
