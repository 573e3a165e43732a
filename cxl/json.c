// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <util/json.h>
#include "json.h"

/*
 * Values that do not apply are decided on before anything is allocated,
 * so a NULL val here is always a failed allocation: it fails the object
 * (*err) rather than leaving a key out or printing null.
 */
static void add(struct json_object *obj, const char *key,
		struct json_object *val, int *err)
{
	if (!val) {
		*err = -ENOMEM;
		return;
	}
	if (json_object_object_add(obj, key, val)) {
		json_object_put(val);
		*err = -ENOMEM;
	}
}

static void add_state(struct json_object *obj, const char *key, int state,
		      int *err)
{
	if (state >= 0)
		add(obj, key,
		    json_object_new_string(cxl_sysram_state_name(state)), err);
}

static void add_uuid(struct json_object *obj, int rc, const uuid_t uu, int *err)
{
	char buf[40];

	if (rc)
		return;
	uuid_unparse(uu, buf);
	add(obj, "uuid", json_object_new_string(buf), err);
}

static void add_size(struct json_object *obj, const char *key,
		     unsigned long long v, bool human, int *err)
{
	if (v != ULLONG_MAX)
		add(obj, key, util_json_size(v, human), err);
}

static struct json_object *done(struct json_object *j, int err)
{
	if (!err)
		return j;
	json_object_put(j);
	return NULL;
}

struct json_object *util_sysram_to_json(struct cxl_sysram_region *s, bool human)
{
	struct json_object *j = json_object_new_object();
	int rc, err = 0;
	uuid_t uu;

	if (!j)
		return NULL;
	add(j, "sysram",
	    json_object_new_string(cxl_sysram_region_get_devname(s)), &err);
	if (cxl_sysram_region_is_enabled(s) != 1)
		add(j, "enabled", json_object_new_boolean(false), &err);
	add_state(j, "state", cxl_sysram_region_get_state(s), &err);
	add_state(j, "online_type", cxl_sysram_region_get_online_type(s), &err);
	rc = cxl_sysram_region_get_private(s);
	if (rc >= 0)
		add(j, "private", json_object_new_boolean(rc), &err);
	rc = cxl_sysram_region_get_target_node(s);
	if (rc >= 0)
		add(j, "target_node", json_object_new_int(rc), &err);
	add_size(j, "size", cxl_sysram_region_get_size(s), human, &err);
	/* the tag filters Dynamic Capacity extents: static RAM has none */
	if (cxl_sysram_region_is_dynamic(s) == 1) {
		rc = cxl_sysram_region_get_uuid(s, uu);
		add_uuid(j, rc, uu, &err);
	}
	return done(j, err);
}

struct json_object *util_sysram_extent_to_json(struct cxl_sysram_extent *e,
					       bool human)
{
	struct json_object *j = json_object_new_object();
	unsigned long long off;
	int rc, err = 0;
	uuid_t uu;

	if (!j)
		return NULL;
	add(j, "extent",
	    json_object_new_string(cxl_sysram_extent_get_devname(e)), &err);
	off = cxl_sysram_extent_get_offset(e);
	if (off != ULLONG_MAX)
		add(j, "offset", util_json_hex(off, human), &err);
	add_size(j, "length", cxl_sysram_extent_get_length(e), human, &err);
	rc = cxl_sysram_extent_get_uuid(e, uu);
	add_uuid(j, rc, uu, &err);
	add_state(j, "state", cxl_sysram_extent_get_state(e), &err);
	return done(j, err);
}

int util_sysram_extents_to_json(struct cxl_sysram_region *s, bool human,
				struct json_object **out)
{
	struct cxl_sysram_extent *e;
	struct json_object *arr, *j;

	*out = NULL;
	if (!cxl_sysram_extent_get_first(s))
		return 0;
	arr = json_object_new_array();
	if (!arr)
		return -ENOMEM;
	cxl_sysram_extent_foreach(s, e) {
		j = util_sysram_extent_to_json(e, human);
		if (!j || json_object_array_add(arr, j)) {
			json_object_put(j);
			json_object_put(arr);
			return -ENOMEM;
		}
	}
	*out = arr;
	return 0;
}

int util_json_add_string(struct json_object *obj, const char *key,
			 const char *val)
{
	int err = 0;

	add(obj, key, json_object_new_string(val), &err);
	return err;
}

int util_json_insert_after(struct json_object *obj, const char *const *anchors,
			   const char *key, struct json_object *val)
{
	struct json_object *tail;
	const char *anchor = NULL;
	bool after = false;
	int i, err = 0;

	if (!val)
		return -ENOMEM;
	for (i = 0; anchors[i] && !anchor; i++)
		if (json_object_object_get_ex(obj, anchors[i], NULL))
			anchor = anchors[i];
	tail = json_object_new_object();
	if (!tail) {
		json_object_put(val);
		return -ENOMEM;
	}
	/* what follows the anchor moves behind the new key, in order */
	json_object_object_foreach(obj, k, v)
	{
		if (after)
			add(tail, k, json_object_get(v), &err);
		else if (anchor && !strcmp(k, anchor))
			after = true;
	}
	if (!err) {
		json_object_object_foreach(tail, k2, v2)
		{
			(void)v2;
			json_object_object_del(obj, k2);
		}
		add(obj, key, val, &err);
		val = NULL;
		json_object_object_foreach(tail, k3, v3)
			add(obj, k3, json_object_get(v3), &err);
	}
	json_object_put(val);
	json_object_put(tail);
	return err;
}
