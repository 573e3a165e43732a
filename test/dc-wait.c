// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * dc-wait REGION COUNT TIMEOUT_MS: what a management tool does to wait for
 * Dynamic Capacity to arrive or leave, through the library alone:
 * cxl_sysram_region_wait_extents() for exactly COUNT extents, every one
 * of them in the region's online type.  Prints "met in N ms" and exits 0,
 * or prints the error and exits 1.  test/dcd.sh starts it before QEMU
 * adds or releases extents, so that only the kernel's uevents can wake it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cxl/libcxl.h>
#include <cxl/libcxl-sysram.h>

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	struct cxl_sysram_region *sysram;
	struct cxl_sysram_ctx *ctx;
	struct cxl_ctx *cxl;
	long t0;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: dc-wait REGION COUNT TIMEOUT_MS\n");
		return 2;
	}
	if (cxl_new(&cxl) || cxl_sysram_new(cxl, &ctx)) {
		fprintf(stderr, "dc-wait: no library context\n");
		return 1;
	}
	sysram = cxl_sysram_region_get_by_name(ctx, argv[1]);
	if (!sysram) {
		fprintf(stderr, "dc-wait: %s: no such sysram region\n",
			argv[1]);
		return 1;
	}
	/* the caller waits for this line before it asks QEMU */
	printf("waiting\n");
	fflush(stdout);
	t0 = now_ms();
	rc = cxl_sysram_region_wait_extents(
		sysram, CXL_SYSRAM_WAIT_COUNT | CXL_SYSRAM_WAIT_SETTLED,
		strtoull(argv[2], NULL, 0), atoi(argv[3]));
	if (rc)
		fprintf(stderr, "dc-wait: %s: %s\n", argv[1], strerror(-rc));
	else
		printf("met in %ld ms\n", now_ms() - t0);
	cxl_sysram_unref(ctx);
	cxl_unref(cxl);
	return rc ? 1 : 0;
}
