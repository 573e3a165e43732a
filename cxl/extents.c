// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * cxl list-extents: every Dynamic Capacity extent of the sysram regions,
 * one JSON array, with the region and sysram region each belongs to.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <util/json.h>
#include <util/log.h>
#include <util/parse-options.h>
#include <cxl/libcxl-sysram.h>
#include "builtin.h"
#include "filter.h"
#include "json.h"

static struct {
	const char *region, *memdev, *decoder, *bus;
	bool human, debug;
} param;

static const struct option options[] = {
	OPT_STRING('r', "region", &param.region, "region name",
		   "filter by region (regionZ, sysram_regionZ, Z or all; "
		   "a list)"),
	OPT_STRING('m', "memdev", &param.memdev, "memdev name",
		   "filter by memdev the region maps"),
	OPT_STRING('d', "decoder", &param.decoder, "decoder name",
		   "filter by root or endpoint decoder"),
	OPT_STRING('b', "bus", &param.bus, "bus name",
		   "filter by bus (name or provider)"),
	OPT_BOOLEAN('u', "human", &param.human,
		    "use human friendly number formats"),
	OPT_BOOLEAN(0, "debug", &param.debug, "turn on debug"),
	OPT_END(),
};

static bool wanted(struct cxl_sysram_region *s)
{
	struct cxl_region *region;

	region = cxl_sysram_region_get_region(s);
	if (!region)
		return false;
	return util_region_filter(region, param.region) &&
	       util_region_memdev_filter(region, param.memdev) &&
	       util_region_decoder_filter(region, param.decoder) &&
	       util_region_bus_filter(region, param.bus);
}

int cmd_list_extents(int argc, const char **argv, struct cxl_sysram_ctx *ctx)
{
	const char *usage = "cxl list-extents [<options>]";
	struct cxl_sysram_region *s;
	struct cxl_sysram_extent *e;
	struct json_object *list;
	struct log_ctx log;

	log_init(&log, "cxl list-extents", NULL);
	if (parse_options(argc, argv, options, usage) != 0) {
		log_err(&log, "%s: unexpected argument\n", argv[0]);
		usage_with_options(usage, options);
	}
	if (param.region) {
		char **names = util_split_names(param.region);
		const char *bad = names ? util_bad_region_name(names) : NULL;

		if (!names)
			log_err(&log, "%s\n", strerror(ENOMEM));
		else if (bad && *bad)
			log_err(&log, "%s: not a region name\n", bad);
		else if (bad)
			log_err(&log, "'%s': not a region name\n",
				param.region);
		free(names);
		if (!names || bad)
			return 1;
	}
	if (param.debug) {
		cxl_set_log_priority(cxl_sysram_get_cxl_ctx(ctx), LOG_DEBUG);
		cxl_sysram_set_log_priority(ctx, LOG_DEBUG);
	}
	list = json_object_new_array();
	if (!list)
		goto nomem;
	cxl_sysram_region_foreach(ctx, s) {
		if (!wanted(s))
			continue;
		cxl_sysram_extent_foreach(s, e) {
			struct json_object *j;

			j = util_sysram_extent_to_json(e, param.human);
			if (!j)
				goto nomem;
			if (util_json_add_string(
				    j, "region",
				    cxl_sysram_region_get_region_devname(s)) ||
			    util_json_add_string(
				    j, "sysram",
				    cxl_sysram_region_get_devname(s)) ||
			    json_object_array_add(list, j)) {
				json_object_put(j);
				goto nomem;
			}
		}
	}
	if (util_json_print_list(stdout, list, param.human))
		goto nomem;
	json_object_put(list);
	return 0;
nomem:
	log_err(&log, "%s\n", strerror(ENOMEM));
	json_object_put(list);
	return 1;
}
