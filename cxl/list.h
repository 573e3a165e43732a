/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _CXL_SYSRAM_LIST_H_
#define _CXL_SYSRAM_LIST_H_
#include <stdbool.h>
#include <json-c/json.h>
#include <cxl/libcxl.h>
#include <cxl/libcxl-sysram.h>

/*
 * One region as upstream's "cxl list -T -r regionZ" prints it, with its
 * "sysram" object added; NULL if upstream could not list it.
 */
/*
 * Runs upstream's cxl list with argv (argv[0] "list") less our -N, for
 * what only upstream answers (--help); does not return.
 */
void list_upstream_exec(int argc, const char **argv) __attribute__((noreturn));

struct json_object *util_list_region_json(struct cxl_sysram_ctx *ctx,
					  struct cxl_region *region,
					  bool human);

#endif /* _CXL_SYSRAM_LIST_H_ */
