// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * extent-walk [ROUNDS]: the cost of a full walk of every sysram region's
 * extents through libcxl-sysram, reading every attribute of every extent,
 * from a fresh context each round (nothing cached).  Prints the number of
 * extents and the fastest round in microseconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <cxl/libcxl.h>
#include <cxl/libcxl-sysram.h>

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static long walk(struct cxl_ctx *cxl)
{
	struct cxl_sysram_region *sysram;
	struct cxl_sysram_extent *extent;
	struct cxl_sysram_ctx *ctx;
	unsigned long long sum = 0;
	long n = 0;
	uuid_t uu;

	if (cxl_sysram_new(cxl, &ctx))
		exit(1);
	cxl_sysram_region_foreach(ctx, sysram)
		cxl_sysram_extent_foreach(sysram, extent) {
			sum += cxl_sysram_extent_get_offset(extent);
			sum += cxl_sysram_extent_get_length(extent);
			if (cxl_sysram_extent_get_uuid(extent, uu) ||
			    cxl_sysram_extent_get_state(extent) < 0)
				exit(1);
			n++;
		}
	cxl_sysram_unref(ctx);
	/* keep the reads from being optimised away */
	return sum ? n : -1;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 5;
	double best = 1e18;
	struct cxl_ctx *cxl;
	long n = 0;

	if (cxl_new(&cxl))
		return 1;
	for (int i = 0; i < rounds; i++) {
		double t = now_us();

		n = walk(cxl);
		t = now_us() - t;
		if (t < best)
			best = t;
	}
	cxl_unref(cxl);
	printf("%ld %.1f\n", n, best);
	return n > 0 ? 0 : 1;
}
