// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * disable-region and destroy-region command lines as the front end reads
 * them before upstream does (-b, -d, -f, --debug, region names): the
 * input is NUL-separated arguments.  The region names found must fit the
 * vector region_cmd allocates for them, and -b/-d values must be text of
 * the command line.
 */
#include <stdlib.h>
#include <string.h>
#include "../cxl/region.c"
#include "fuzz.h"

/* region.c's neighbours in the cxl binary; never reached from here */
int sysram_need_root(const char *cmd)
{
	abort();
}

void sysram_quiet_libraries(struct cxl_sysram_ctx *ctx, bool debug)
{
	abort();
}

int sysram_unplug(struct log_ctx *l, struct cxl_sysram_region *sysram)
{
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct region_args ra = { 0 };
	const char **argv;
	int argc, i;

	argc = fuzz_argv(data, size, "disable-region", &argv);
	/* exactly what region_cmd allocates: ASan bounds it */
	ra.regions = calloc(argc, sizeof(*ra.regions));
	if (!ra.regions)
		abort();
	if (!parse_args(argc, argv, &ra)) {
		fuzz_assert(ra.nr_regions < argc);
		for (i = 0; i < ra.nr_regions; i++)
			fuzz_assert(fuzz_in_args(argv, argc, ra.regions[i]));
		if (ra.bus)
			fuzz_assert(fuzz_in_args(argv, argc, ra.bus));
		if (ra.decoder)
			fuzz_assert(fuzz_in_args(argv, argc, ra.decoder));
	}
	free(ra.regions);
	free(argv);
	return 0;
}
