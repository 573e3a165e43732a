// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * Command lines through parse_options, with the option tables of the
 * sysram commands (names, kinds and short letters as in cxl/sysram.c
 * and cxl/extents.c): the first input byte picks the table, the rest are
 * NUL-separated arguments.  A usage error exits 129 as it should; exit
 * is wrapped (-Wl,--wrap=exit) so that the run goes on.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <util/parse-options.h>
#include "fuzz.h"

static struct {
	bool memdevs, priv, no_online, human, verbose, debug, force;
	const char *decoder, *size, *type, *uuid, *online_type, *region,
		*memdev, *bus;
	int ways, granularity, incr;
} p;

/* clang-format off */
#define COMMON								\
	OPT_BOOLEAN('v', "verbose", &p.verbose, "verbose"),		\
	OPT_BOOLEAN(0, "debug", &p.debug, "debug")
/* clang-format on */

static const struct option create[] = {
	OPT_BOOLEAN('m', "memdevs", &p.memdevs, "memdevs"),
	OPT_STRING('d', "decoder", &p.decoder, "decoder", "decoder"),
	OPT_STRING('s', "size", &p.size, "size", "size"),
	OPT_INTEGER('w', "ways", &p.ways, "ways"),
	OPT_INTEGER('g', "granularity", &p.granularity, "granularity"),
	OPT_STRING('t', "type", &p.type, "type", "type"),
	OPT_STRING('U', "uuid", &p.uuid, "uuid", "uuid"),
	OPT_BOOLEAN(0, "private", &p.priv, "private"),
	OPT_STRING(0, "online-type", &p.online_type, "type", "online type"),
	OPT_BOOLEAN(0, "no-online", &p.no_online, "no online"),
	OPT_BOOLEAN('u', "human", &p.human, "human"),
	COMMON,
	OPT_END(),
};

static const struct option destroy[] = {
	OPT_BOOLEAN('f', "force", &p.force, "force"),
	COMMON,
	OPT_END(),
};

static const struct option online[] = {
	OPT_STRING(0, "online-type", &p.online_type, "type", "online type"),
	COMMON,
	OPT_END(),
};

static const struct option offline[] = {
	COMMON,
	OPT_END(),
};

static const struct option list_extents[] = {
	OPT_STRING('r', "region", &p.region, "region", "region"),
	OPT_STRING('m', "memdev", &p.memdev, "memdev", "memdev"),
	OPT_STRING('d', "decoder", &p.decoder, "decoder", "decoder"),
	OPT_STRING('b', "bus", &p.bus, "bus", "bus"),
	OPT_BOOLEAN('u', "human", &p.human, "human"),
	OPT_BOOLEAN(0, "debug", &p.debug, "debug"),
	/* a counter, as cxl list's -v */
	OPT_INCR('V', "level", &p.incr, "level"),
	OPT_END(),
};

static const struct option *const tables[] = {
	create, destroy, online, offline, list_extents,
};

static jmp_buf on_exit_jmp;
static bool armed;
static int exit_status;

void __real_exit(int status) __attribute__((noreturn));
void __wrap_exit(int status) __attribute__((noreturn));

void __wrap_exit(int status)
{
	if (!armed)
		__real_exit(status);
	exit_status = status;
	longjmp(on_exit_jmp, 1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char **argv, **orig;
	int argc, n, i;

	if (size < 1)
		return 0;
	argc = fuzz_argv(data + 1, size - 1, "cmd", &argv);
	orig = malloc((argc + 1) * sizeof(*orig));
	if (!orig)
		abort();
	memcpy(orig, argv, (argc + 1) * sizeof(*orig));
	memset(&p, 0, sizeof(p));
	armed = true;
	if (setjmp(on_exit_jmp)) {
		armed = false;
		/* usage errors and -h: 129; --list-opts: 0 */
		fuzz_assert(exit_status == USAGE_EXIT || exit_status == 0);
		goto out;
	}
	n = parse_options(
		argc, argv,
		tables[data[0] % (sizeof(tables) / sizeof(tables[0]))],
		"cmd [<options>]");
	armed = false;
	fuzz_assert(n >= 0 && n < argc && argv[n] == NULL);
	for (i = 0; i < n; i++)
		fuzz_assert(fuzz_in_args(orig, argc, argv[i]));
	/* every string option's value is text of the input */
	if (p.size)
		fuzz_assert(fuzz_in_args(orig, argc, p.size));
	if (p.online_type)
		fuzz_assert(fuzz_in_args(orig, argc, p.online_type));
	if (p.region)
		fuzz_assert(fuzz_in_args(orig, argc, p.region));
out:
	free(orig);
	free(argv);
	return 0;
}
