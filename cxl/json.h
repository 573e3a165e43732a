/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _CXL_SYSRAM_JSON_H_
#define _CXL_SYSRAM_JSON_H_
#include <stdbool.h>
#include <json-c/json.h>
#include <cxl/libcxl-sysram.h>

/*
 * "sysram": {"sysram","state","online_type","private","target_node",
 * "size","uuid" (Dynamic Capacity only)}; an attribute the library
 * cannot read is left out, as ndctl leaves out unknown values.
 */
struct json_object *util_sysram_to_json(struct cxl_sysram_region *sysram,
					bool human);
/* {"extent","offset","length","uuid","state"} */
struct json_object *util_sysram_extent_to_json(struct cxl_sysram_extent *e,
					       bool human);
/*
 * The extents of a sysram region in *out, NULL when it has none.  The
 * builders return NULL, and this -ENOMEM, when an allocation fails.
 */
int util_sysram_extents_to_json(struct cxl_sysram_region *s, bool human,
				struct json_object **out);
/*
 * obj[key] = val (taken), placed after the first of anchors (a NULL-
 * terminated list, in order of preference) that obj has, else last:
 * 0 or -ENOMEM
 */
int util_json_insert_after(struct json_object *obj, const char *const *anchors,
			   const char *key, struct json_object *val);
/* obj[key] = val, a string: 0 or -ENOMEM */
int util_json_add_string(struct json_object *obj, const char *key,
			 const char *val);

#endif /* _CXL_SYSRAM_JSON_H_ */
