// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * cxl list's command line as the front end rewrites it for upstream's
 * list: -N/--extents taken out of option groups and long forms, -R added
 * when -N stands alone.  The input is NUL-separated arguments.  The
 * rewritten line must fit what upstream_args allocated (ASan watches the
 * pool and the vector) and hold no -N of ours where upstream would read
 * it as an option, nor turn a short group into a long option.
 */
#include <stdlib.h>
#include <string.h>
#include "../cxl/list.c"
#include "fuzz.h"

/* is s one of the arguments as given (not a rewritten group)? */
static bool is_arg(const char **argv, int argc, const char *s)
{
	int i;

	for (i = 1; i < argc; i++)
		if (s == argv[i])
			return true;
	return false;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

/* is -N still an option letter in this rewritten argument? */
static bool has_short_n(const char *a)
{
	const char *p;

	if (a[0] != '-' || a[1] == '-' || !a[1])
		return false;
	for (p = a + 1; *p; p++) {
		int o = find_short(*p);

		if (*p == 'N')
			return true;
		if (o >= 0 && list_opts[o].takes_value)
			break;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct list_args la = { 0 };
	const char **argv, **args;
	bool value_next = false, dashdash = false;
	char *pool;
	int argc, n, i, rc;

	argc = fuzz_argv(data, size, "list", &argv);
	rc = upstream_args(argc, argv, &args, &pool, &la);
	if (rc == -EINVAL) {
		/* refused: only where dropping -N would change the line */
		free(argv);
		return 0;
	}
	if (rc)
		abort();
	for (n = 0; args[n]; n++)
		;
	fuzz_assert(n <= argc + 3);
	fuzz_assert(!strcmp(args[0], "cxl") && !strcmp(args[1], "list"));
	for (i = 2; i < n; i++) {
		const char *a = args[i];

		if (value_next || dashdash) {
			value_next = false;
			continue;
		}
		if (!strcmp(a, "--")) {
			dashdash = true;
			continue;
		}
		fuzz_assert(!has_short_n(a));
		if (a[0] == '-' && a[1] == '-' && !is_arg(argv, argc, a))
			fuzz_assert(0); /* a group rewritten into --... */
		if (a[0] == '-' && a[1] == '-' && a[2]) {
			const char *eq = strchr(a + 2, '=');
			int o = find_long(a + 2, eq ? (size_t)(eq - a - 2)
						    : strlen(a + 2));

			fuzz_assert(o < 0 || list_opts[o].short_name != 'N');
			value_next = o >= 0 && list_opts[o].takes_value && !eq;
		} else if (a[0] == '-' && a[1]) {
			const char *p;

			for (p = a + 1; *p; p++) {
				int o = find_short(*p);

				if (o >= 0 && list_opts[o].takes_value) {
					value_next = !p[1];
					break;
				}
			}
		}
	}
	free(args);
	free(pool);
	free(argv);
	return 0;
}
