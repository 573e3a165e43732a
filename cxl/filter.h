/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _CXL_SYSRAM_FILTER_H_
#define _CXL_SYSRAM_FILTER_H_
#include <stdbool.h>
#include <cxl/libcxl.h>
#include <cxl/libcxl-sysram.h>

/*
 * Every region, under every root decoder of every bus, in the order
 * upstream's cxl finds them: the one walk the region commands share.
 */
#define cxl_region_walk(cxl, bus, decoder, region)                  \
	cxl_bus_foreach(cxl, bus)                                   \
		cxl_decoder_foreach(cxl_bus_get_port(bus), decoder) \
			cxl_region_foreach(decoder, region)

/*
 * A region name as the sysram commands take it: "all", "regionZ",
 * "sysram_regionZ" or "Z".  Returns the region id it names (-1 for all),
 * or -EINVAL when it names nothing of the sort.
 */
int util_parse_region_arg(const char *arg);

/*
 * The names of a list as upstream's cxl reads its filters and region
 * arguments: separated by spaces or, when there is no space, by commas.
 * A NULL-terminated array in one allocation (free() it), or NULL when
 * out of memory.
 */
char **util_split_names(const char *list);

/*
 * The first name of a region list that is not a region name (see
 * util_parse_region_arg), "" when the list has no name at all, or NULL
 * when every name is one.
 */
const char *util_bad_region_name(char **names);

/*
 * list filters, lists as cxl list takes them (names, numbers, "all"):
 * NULL matches everything; the region filter's names are valid ones
 */
bool util_region_filter(struct cxl_region *region, const char *list);
bool util_region_memdev_filter(struct cxl_region *region, const char *list);
bool util_region_decoder_filter(struct cxl_region *region, const char *list);
bool util_region_bus_filter(struct cxl_region *region, const char *list);

/*
 * Identifiers as upstream's cxl commands take them (-b, -d, region
 * arguments): one name, or a list separated by spaces or, when there is
 * no space, by commas; "all" matches everything.
 */
bool util_cxl_region_ident(struct cxl_region *region, const char *ident);
bool util_cxl_decoder_ident(struct cxl_decoder *decoder, const char *ident);
bool util_cxl_bus_ident(struct cxl_bus *bus, const char *ident);

#endif /* _CXL_SYSRAM_FILTER_H_ */
