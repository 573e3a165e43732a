// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * disable-region and destroy-region stay the distribution's.  In front of
 * them, a region whose sysram memory is plugged is refused without -f, as
 * upstream's refuses a dax region's online memory: disabling it would
 * leave that memory plugged, held by a region that no longer decodes for
 * anyone, until the region is enabled again.  With -f the memory is
 * unplugged first.  Then upstream runs with the user's arguments,
 * untouched; every other region goes to it as if we were not here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <util/log.h>
#include <cxl/libcxl.h>
#include <cxl/libcxl-sysram.h>
#include "builtin.h"
#include "filter.h"
#include "upstream.h"

/* upstream's options of both commands (ndctl 81..85; test/upstream-opts.sh) */
static const struct upstream_opt region_opts[] = {
	{ "bus", 'b', true, false },
	{ "decoder", 'd', true, false },
	{ "force", 'f', false, false },
	{ "debug", 0, false, false },
};
#define NR_OPTS (sizeof(region_opts) / sizeof(region_opts[0]))

struct region_args {
	const char *bus, *decoder;
	bool force, debug;
	const char **regions;
	int nr_regions;
};

static struct log_ctx rl;

static void set_opt(struct region_args *ra, int o, const char *val)
{
	switch (region_opts[o].short_name) {
	case 'b':
		ra->bus = val;
		break;
	case 'd':
		ra->decoder = val;
		break;
	case 'f':
		ra->force = true;
		break;
	default:
		ra->debug = true;
	}
}

/*
 * Reads the command line as upstream's parser will.  Returns -EINVAL for
 * anything it does not know (a typo, --help, --list-opts): upstream is
 * the one to answer those.  regions must hold argc pointers.
 */
static int parse_args(int argc, const char **argv, struct region_args *ra)
{
	bool dashdash = false;
	int i, o;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *p, *eq;

		if (dashdash || a[0] != '-' || !a[1]) {
			ra->regions[ra->nr_regions++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			dashdash = true;
			continue;
		}
		if (a[1] == '-') {
			eq = strchr(a + 2, '=');
			o = upstream_opt_long(region_opts, NR_OPTS, a + 2,
					      eq ? (size_t)(eq - a - 2)
						 : strlen(a + 2));
			if (o < 0 || (!region_opts[o].takes_value && eq))
				return -EINVAL;
			if (region_opts[o].takes_value && !eq && i + 1 == argc)
				return -EINVAL;
			set_opt(ra, o,
				!region_opts[o].takes_value ? NULL
				: eq			    ? eq + 1
							    : argv[++i]);
			continue;
		}
		/* a group of short options; one with a value ends it */
		for (p = a + 1; *p; p++) {
			o = upstream_opt_short(region_opts, NR_OPTS, *p);
			if (o < 0)
				return -EINVAL;
			if (!region_opts[o].takes_value) {
				set_opt(ra, o, NULL);
				continue;
			}
			if (!p[1] && i + 1 == argc)
				return -EINVAL;
			set_opt(ra, o, p[1] ? p + 1 : argv[++i]);
			break;
		}
	}
	return 0;
}

static bool named(struct region_args *ra, struct cxl_region *region)
{
	int i;

	for (i = 0; i < ra->nr_regions; i++)
		if (util_cxl_region_ident(region, ra->regions[i]))
			return true;
	return false;
}

/*
 * The regions upstream will act on, as it finds them: under the root
 * decoders of the buses that -b and -d leave, named by an argument.
 * Plugged sysram memory refuses the command, or with -f is unplugged.
 * Returns the number of regions that stop the command, or -EPERM before
 * anything is written when one is a sysram region and this process may
 * not write sysfs: the command writes it, whatever the memory's state.
 */
static int check_sysram(struct cxl_sysram_ctx *ctx, struct region_args *ra,
			const char *owner)
{
	struct cxl_ctx *cxl = cxl_sysram_get_cxl_ctx(ctx);
	struct cxl_decoder *decoder;
	struct cxl_region *region;
	struct cxl_bus *bus;
	int bad = 0;

	cxl_region_walk(cxl, bus, decoder, region) {
		const char *name = cxl_region_get_devname(region);
		struct cxl_sysram_region *s;
		int state;

		if (!util_cxl_bus_ident(bus, ra->bus) ||
		    !util_cxl_decoder_ident(decoder, ra->decoder) ||
		    !named(ra, region))
			continue;
		s = cxl_sysram_region_from_region(ctx, region);
		if (!s)
			continue;
		if (sysram_need_root(owner))
			return -EPERM;
		state = cxl_sysram_region_get_state(s);
		if (state == CXL_SYSRAM_UNPLUGGED)
			continue;
		if (state < 0) {
			log_err(&rl, "%s: cannot read the sysram state: %s\n",
				cxl_sysram_region_get_devname(s),
				strerror(-state));
			bad++;
		} else if (!ra->force) {
			log_err(&rl,
				"%s: sysram memory is plugged (%s), use -f or "
				"cxl offline-sysram first\n",
				name, cxl_sysram_state_name(state));
			bad++;
		} else if (sysram_unplug(&rl, s)) {
			bad++;
		}
	}
	return bad;
}

static int region_cmd(int argc, const char **argv, struct cxl_sysram_ctx *ctx,
		      const char *owner)
{
	struct region_args ra = { 0 };
	int bad;

	ra.regions = calloc(argc, sizeof(*ra.regions));
	if (!ra.regions)
		return EXIT_FAILURE;
	/* nothing of ours is in the way: upstream decides, errors included */
	if (parse_args(argc, argv, &ra) || !ra.nr_regions ||
	    !cxl_sysram_region_get_first(ctx)) {
		free(ra.regions);
		upstream_exec(argv - 1);
	}
	log_init(&rl, owner, NULL);
	if (ra.debug)
		rl.log_priority = LOG_DEBUG;
	sysram_quiet_libraries(ctx, ra.debug);
	bad = check_sysram(ctx, &ra, owner);
	free(ra.regions);
	if (bad)
		return EXIT_FAILURE;
	upstream_exec(argv - 1);
}

int cmd_disable_region(int argc, const char **argv, struct cxl_sysram_ctx *ctx)
{
	return region_cmd(argc, argv, ctx, "cxl disable-region");
}

int cmd_destroy_region(int argc, const char **argv, struct cxl_sysram_ctx *ctx)
{
	return region_cmd(argc, argv, ctx, "cxl destroy-region");
}
