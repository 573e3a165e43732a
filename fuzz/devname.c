// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * Directory names the library takes from the kernel: sysram_regionZ in
 * /sys/bus/cxl/devices, regionZ as a sysram region's parent, extentZ.N
 * in a sysram region.  The input is a list of NUL-separated names, as a
 * directory listing gives them.  A name is taken only in the form the
 * kernel writes it (prefix, then the id in decimal), so that no two
 * names are taken for one device.
 */
#include <stdlib.h>
#include <string.h>
#include "../cxl/lib/libcxl-sysram.c"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

static void check_canonical(const char *name, const char *prefix, int id)
{
	char want[64];

	snprintf(want, sizeof(want), "%s%d", prefix, id);
	fuzz_assert(id >= 0 && !strcmp(name, want));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cxl_sysram_region sysram = { 0 };
	struct extent_scan st = { .sysram = &sysram };
	const char **names;
	int argc, i, id;

	argc = fuzz_argv(data, size, "", &names);
	for (i = 1; i < argc; i++) {
		if (match_name(names[i], "sysram_region", &id))
			check_canonical(names[i], "sysram_region", id);
		if (match_name(names[i], "region", &id))
			check_canonical(names[i], "region", id);
		if (scan_extent(&st, names[i]))
			abort(); /* only out of memory fails */
	}
	if (st.arr) {
		qsort(st.arr->ext, st.arr->nr, sizeof(st.arr->ext[0]),
		      extent_cmp);
		for (i = 0; i < st.arr->nr; i++) {
			struct cxl_sysram_extent *e = &st.arr->ext[i];
			char want[64];

			snprintf(want, sizeof(want), "extent%d.%d",
				 e->region_id, e->id);
			fuzz_assert(!strcmp(e->devname, want));
			if (i)
				fuzz_assert(extent_cmp(e - 1, e) <= 0);
		}
	}
	free(st.arr);
	free(names);
	return 0;
}
