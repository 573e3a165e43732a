// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#include <limits.h>
#include <util/json.h>
#include "json.h"

static void add(struct json_object *obj, const char *key,
		struct json_object *val)
{
	if (val)
		json_object_object_add(obj, key, val);
}

static struct json_object *state_json(int state)
{
	if (state < 0)
		return NULL;
	return json_object_new_string(cxl_sysram_state_name(state));
}

static struct json_object *uuid_json(int rc, const uuid_t uu)
{
	char buf[40];

	if (rc)
		return NULL;
	uuid_unparse(uu, buf);
	return json_object_new_string(buf);
}

static struct json_object *size_json(unsigned long long v, bool human)
{
	return v == ULLONG_MAX ? NULL : util_json_size(v, human);
}

struct json_object *util_sysram_to_json(struct cxl_sysram_region *s, bool human)
{
	struct json_object *j = json_object_new_object();
	int rc;
	uuid_t uu;

	if (!j)
		return NULL;
	add(j, "sysram",
	    json_object_new_string(cxl_sysram_region_get_devname(s)));
	if (cxl_sysram_region_is_enabled(s) != 1)
		add(j, "enabled", json_object_new_boolean(false));
	add(j, "state", state_json(cxl_sysram_region_get_state(s)));
	add(j, "online_type", state_json(cxl_sysram_region_get_online_type(s)));
	rc = cxl_sysram_region_get_private(s);
	if (rc >= 0)
		add(j, "private", json_object_new_boolean(rc));
	rc = cxl_sysram_region_get_target_node(s);
	if (rc >= 0)
		add(j, "target_node", json_object_new_int(rc));
	add(j, "size", size_json(cxl_sysram_region_get_size(s), human));
	/* the tag filters Dynamic Capacity extents: static RAM has none */
	if (cxl_sysram_region_is_dynamic(s) == 1) {
		rc = cxl_sysram_region_get_uuid(s, uu);
		add(j, "uuid", uuid_json(rc, uu));
	}
	return j;
}

struct json_object *util_sysram_extent_to_json(struct cxl_sysram_extent *e,
					       bool human)
{
	struct json_object *j = json_object_new_object();
	unsigned long long off;
	uuid_t uu;
	int rc;

	if (!j)
		return NULL;
	add(j, "extent",
	    json_object_new_string(cxl_sysram_extent_get_devname(e)));
	off = cxl_sysram_extent_get_offset(e);
	if (off != ULLONG_MAX)
		add(j, "offset", util_json_hex(off, human));
	add(j, "length", size_json(cxl_sysram_extent_get_length(e), human));
	rc = cxl_sysram_extent_get_uuid(e, uu);
	add(j, "uuid", uuid_json(rc, uu));
	add(j, "state", state_json(cxl_sysram_extent_get_state(e)));
	return j;
}

struct json_object *util_sysram_extents_to_json(struct cxl_sysram_region *s,
						bool human)
{
	struct cxl_sysram_extent *e;
	struct json_object *arr;

	if (!cxl_sysram_extent_get_first(s))
		return NULL;
	arr = json_object_new_array();
	if (!arr)
		return NULL;
	cxl_sysram_extent_foreach(s, e)
		json_object_array_add(arr,
				      util_sysram_extent_to_json(e, human));
	return arr;
}
