// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * A management daemon's loop without its sleep: rescan, then read every
 * sysram region's state, online type and size and every extent's offset
 * and state, N times over one context.  Prints the resident set and the
 * heap in use after the first rescan and at every tenth of the run.
 *
 * usage: rescan-rss N refresh|region-refresh
 *   refresh         cxl_sysram_refresh() each time (what a daemon calls)
 *   region-refresh  cxl_sysram_region_refresh() on each region instead,
 *                   which keeps what it drops until the context is freed
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cxl/libcxl.h>
#include <cxl/libcxl-sysram.h>

static long rss_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

int main(int argc, char **argv)
{
	struct cxl_sysram_region *s;
	struct cxl_sysram_extent *e;
	struct cxl_sysram_ctx *ctx;
	struct cxl_ctx *cxl;
	long n, i, reads = 0;
	bool whole;

	if (argc != 3) {
		fprintf(stderr, "usage: rescan-rss N refresh|region-refresh\n");
		return 2;
	}
	n = atol(argv[1]);
	whole = strcmp(argv[2], "refresh") == 0;
	if (cxl_new(&cxl) || cxl_sysram_new(cxl, &ctx))
		return 1;
	printf("%8s %10s %14s\n", "rescans", "rss (kB)", "heap (bytes)");
	for (i = 1; i <= n; i++) {
		if (whole) {
			if (cxl_sysram_refresh(ctx))
				return 1;
		} else {
			cxl_sysram_region_foreach(ctx, s)
				cxl_sysram_region_refresh(s);
		}
		cxl_sysram_region_foreach(ctx, s) {
			reads += cxl_sysram_region_get_state(s) >= 0;
			reads += cxl_sysram_region_get_online_type(s) >= 0;
			reads += cxl_sysram_region_get_size(s) != ~0ULL;
			if (cxl_sysram_region_get_nr_extents(s) < 0)
				return 1;
			cxl_sysram_extent_foreach(s, e) {
				reads += cxl_sysram_extent_get_offset(e) !=
					 ~0ULL;
				reads += cxl_sysram_extent_get_state(e) >= 0;
			}
		}
		if (i == 1 || i % (n / 10 ? n / 10 : 1) == 0)
			printf("%8ld %10ld %14zu\n", i, rss_kb(),
			       mallinfo2().uordblks);
	}
	printf("# %ld attribute reads\n", reads);
	cxl_sysram_unref(ctx);
	cxl_unref(cxl);
	return 0;
}
