// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * Attribute values as the kernel prints them, read the way the library
 * reads every attribute: from a file, through sysfs_read_attr (length
 * limit, newline), then parsed: sizes, states, memctrl, target_node,
 * private, the memory block size, and a log level.  The first input
 * byte picks the attribute kind, the rest is the file's content.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "../cxl/lib/libcxl-sysram.c"
#include "fuzz.h"

static char dir[] = "/tmp/fuzz-attr.XXXXXX";
static struct cxl_sysram_ctx ctx;
static int fd;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	fd = fuzz_file(dir, "attr");
	/* debug: the log lines' formatting runs too */
	log_init(&ctx.ctx, "fuzz", NULL);
	ctx.ctx.log_priority = LOG_DEBUG;
	return 0;
}

/* what sysfs_read_attr hands a parser: the file less one newline */
static char *as_read(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	size_t len = strlen(s);

	if (len && s[len - 1] == '\n')
		s[len - 1] = '\0';
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long long u64;
	char buf[SYSFS_ATTR_SIZE], *text;
	bool b;
	int rc, v;

	if (size < 1)
		return 0;
	fuzz_set_file(fd, data + 1, size - 1);
	text = as_read(data + 1, size - 1);
	switch (data[0] % 7) {
	case 0: /* size, offset, length */
		rc = attr_read_u64(&ctx, AT_FDCWD, dir, "dev", "attr", &u64);
		if (!rc)
			fuzz_assert(text[0] >= '0' && text[0] <= '9');
		break;
	case 1: /* state, online_type, an extent's state */
		rc = attr_read_state(&ctx, AT_FDCWD, dir, "dev", "attr");
		if (rc >= 0)
			fuzz_assert(!strcmp(cxl_sysram_state_name(rc), text));
		break;
	case 2: /* memctrl */
		rc = attr_read(&ctx, dir, "dev", "attr", buf);
		if (rc)
			break;
		fuzz_assert(strlen(buf) < SYSFS_ATTR_SIZE);
		v = cxl_sysram_memctrl_from_name(buf);
		if (v >= 0)
			fuzz_assert(!strcmp(cxl_sysram_memctrl_name(v), text));
		break;
	case 3: /* target_node */
		rc = attr_read(&ctx, dir, "dev", "attr", buf);
		if (!rc && !parse_int(buf, &v))
			fuzz_assert(buf[0] == '-' ||
				    (buf[0] >= '0' && buf[0] <= '9'));
		break;
	case 4: /* private */
		rc = attr_read(&ctx, dir, "dev", "attr", buf);
		if (!rc && !parse_bool01(buf, &b))
			fuzz_assert(!strcmp(text, b ? "1" : "0"));
		break;
	case 5: /* memory/block_size_bytes */
		rc = attr_read(&ctx, dir, "dev", "attr", buf);
		if (!rc && !parse_block_size(buf, &u64)) {
			fuzz_assert(u64 && !(u64 & (u64 - 1)));
			fuzz_assert(strtoull(buf, NULL, 16) == u64);
		}
		break;
	default: /* a log level, as CXL_SYSRAM_LOG gives it */
		v = log_priority_from_string(text);
		fuzz_assert(v >= -1 && v <= LOG_DEBUG);
		break;
	}
	free(text);
	return 0;
}
