// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * UUIDs: a sysram region's or an extent's uuid attribute as the library
 * reads it (first input byte odd), and create-sysram's -U text (even).
 * Whatever is taken is the text of a UUID, nothing more: printed back in
 * lower case it is the input, case aside.
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "../cxl/lib/libcxl-sysram.c"
#include "fuzz.h"

static char dir[] = "/tmp/fuzz-uuid.XXXXXX";
static struct cxl_sysram_ctx ctx;
static int fd;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	fd = fuzz_file(dir, "uuid");
	log_init(&ctx.ctx, "fuzz", NULL);
	ctx.ctx.log_priority = LOG_DEBUG;
	return 0;
}

static void check_text(const uuid_t uu, const char *text)
{
	char out[37];
	size_t i;

	uuid_unparse_lower(uu, out);
	fuzz_assert(strlen(text) == 36);
	for (i = 0; i < 36; i++)
		fuzz_assert(tolower((unsigned char)text[i]) == out[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;
	uuid_t uu;
	size_t len;

	if (size < 1)
		return 0;
	text = fuzz_string(data + 1, size - 1);
	if (data[0] & 1) {
		fuzz_set_file(fd, data + 1, size - 1);
		len = strlen(text);
		if (len && text[len - 1] == '\n')
			text[len - 1] = '\0';
		if (!attr_read_uuid(&ctx, AT_FDCWD, dir, "dev", "uuid", uu))
			check_text(uu, text);
	} else if (!uuid_parse(text, uu)) {
		/* what validate_create takes for -U */
		check_text(uu, text);
	}
	free(text);
	return 0;
}
