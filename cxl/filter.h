/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _CXL_SYSRAM_FILTER_H_
#define _CXL_SYSRAM_FILTER_H_
#include <stdbool.h>
#include <cxl/libcxl.h>
#include <cxl/libcxl-sysram.h>

/* the libcxl region named regionZ, or NULL */
struct cxl_region *util_find_region(struct cxl_ctx *cxl, const char *name);

/*
 * A region argument as the sysram commands take it: "all", "regionZ",
 * "sysram_regionZ" or "Z".  Returns the region id it names (-1 for all),
 * or -EINVAL when it names nothing of the sort.
 */
int util_parse_region_arg(const char *arg);

/* list filters, with cxl list's meaning: NULL matches everything */
bool util_region_filter(struct cxl_region *region, const char *name);
bool util_region_memdev_filter(struct cxl_region *region, const char *memdev);
bool util_region_decoder_filter(struct cxl_region *region, const char *decoder);
bool util_region_bus_filter(struct cxl_region *region, const char *bus);

/*
 * Identifiers as upstream's cxl commands take them (-b, -d, region
 * arguments): one name, or a list separated by spaces or, when there is
 * no space, by commas; "all" matches everything.
 */
bool util_cxl_region_ident(struct cxl_region *region, const char *ident);
bool util_cxl_decoder_ident(struct cxl_decoder *decoder, const char *ident);
bool util_cxl_bus_ident(struct cxl_bus *bus, const char *ident);

#endif /* _CXL_SYSRAM_FILTER_H_ */
