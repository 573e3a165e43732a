// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * cxl list: the distribution's listing with every option it knows, plus a
 * "sysram" object in each region that has one and, with -N/--extents, the
 * region's "extents"; a Dynamic Capacity region's "type", and a memdev's
 * Dynamic Capacity partition, which upstream does not know.  When no
 * sysram region and no such memdev exists the output is upstream's, byte
 * for byte.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <util/json.h>
#include <cxl/libcxl-sysram.h>
#include "builtin.h"
#include "filter.h"
#include "json.h"
#include "list.h"
#include "upstream.h"

/*
 * upstream's list options (ndctl 81..85), as far as we need to know them:
 * its --list-opts gives only the long names, -h not which ones select
 * objects, so they are written here, and test/upstream-opts.sh holds
 * them to the installed cxl's --list-opts and -h
 */
static const struct upstream_opt list_opts[] = {
	{ "memdev", 'm', true, false },
	{ "serial", 's', true, false },
	{ "memdevs", 'M', false, true },
	{ "bus", 'b', true, false },
	{ "buses", 'B', false, true },
	{ "port", 'p', true, false },
	{ "ports", 'P', false, true },
	{ "single", 'S', false, false },
	{ "endpoint", 'e', true, false },
	{ "endpoints", 'E', false, true },
	{ "decoder", 'd', true, false },
	{ "decoders", 'D', false, true },
	{ "targets", 'T', false, false },
	{ "region", 'r', true, false },
	{ "regions", 'R', false, true },
	{ "dax", 'X', false, false },
	{ "idle", 'i', false, false },
	{ "human", 'u', false, false },
	{ "health", 'H', false, false },
	{ "partition", 'I', false, false },
	{ "firmware", 'F', false, false },
	{ "alert-config", 'A', false, false },
	{ "media-errors", 'L', false, false },
	{ "verbose", 'v', false, false },
	{ "debug", 0, false, false },
	/* ours */
	{ "extents", 'N', false, false },
};
#define NR_OPTS (sizeof(list_opts) / sizeof(list_opts[0]))

struct list_args {
	bool extents, human, include, filter;
};

static int find_short(char c)
{
	return upstream_opt_short(list_opts, NR_OPTS, c);
}

static int find_long(const char *name, size_t len)
{
	return upstream_opt_long(list_opts, NR_OPTS, name, len);
}

static void note(struct list_args *la, int i)
{
	if (i < 0)
		return;
	if (list_opts[i].short_name == 'N')
		la->extents = true;
	else if (list_opts[i].short_name == 'u')
		la->human = true;
	else if (list_opts[i].include)
		la->include = true;
	else if (list_opts[i].takes_value)
		la->filter = true;
}

/* a usage error in our -N, said as parse-options says it: -EINVAL */
static int usage_error(const char *msg)
{
	fflush(stdout);
	fprintf(stderr, "  Error: %s\n", msg);
	return -EINVAL;
}

/*
 * Copies argv to out without -N/--extents, noting what the user asked
 * for.  Anything not understood is passed on for upstream to judge,
 * except where taking -N out would change what it reads: -EINVAL then.
 * Rewritten short option groups are carved from pool, which must hold
 * every argument with its NUL.
 */
static int strip_args(int argc, const char **argv, const char **out, char *pool,
		      struct list_args *la)
{
	int i, n = 0;
	bool dashdash = false;

	out[n++] = "cxl";
	out[n++] = "list";
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (dashdash || a[0] != '-' || !a[1]) {
			out[n++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			dashdash = true;
			out[n++] = a;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			int o = find_long(a + 2, eq ? (size_t)(eq - a - 2)
						    : strlen(a + 2));

			note(la, o);
			if (o >= 0 && list_opts[o].short_name == 'N' && eq)
				return usage_error(
					"option `extents' takes no value");
			if (o >= 0 && list_opts[o].short_name == 'N')
				continue;
			out[n++] = a;
			if (o >= 0 && list_opts[o].takes_value && !eq &&
			    i + 1 < argc)
				out[n++] = argv[++i];
			continue;
		}
		/* a group of short options, -N removed from it */
		{
			char *group = pool, *w = group + 1;
			const char *p;
			bool value_next = false;

			for (p = a + 1; *p; p++) {
				int o = find_short(*p);

				note(la, o);
				if (*p == 'N')
					continue;
				*w++ = *p;
				if (o >= 0 && list_opts[o].takes_value) {
					/* the rest is its value, or the next */
					strcpy(w, p + 1);
					w += strlen(p + 1);
					value_next = !p[1];
					break;
				}
			}
			*w = '\0';
			group[0] = '-';
			/* "-N-x" must not become upstream's "--x" */
			if (group[1] == '-')
				return usage_error("unknown switch `-'");
			if (w > group + 1) {
				out[n++] = group;
				pool = w + 1;
			}
			if (value_next && i + 1 < argc)
				out[n++] = argv[++i];
		}
	}
	/* -N alone lists regions */
	if (la->extents && !la->include && !la->filter)
		out[n++] = "-R";
	out[n] = NULL;
	return n;
}

/*
 * upstream's command line for ours, in *args and *pool (free both):
 * 0, -ENOMEM, or -EINVAL after a usage error of ours
 */
static int upstream_args(int argc, const char **argv, const char ***args,
			 char **pool, struct list_args *la)
{
	size_t pool_len = 0;
	int i;

	for (i = 0; i < argc; i++)
		pool_len += strlen(argv[i]) + 1;
	*args = calloc(argc + 4, sizeof(**args));
	*pool = malloc(pool_len);
	if (!*args || !*pool) {
		fprintf(stderr, "cxl list: %s\n", strerror(ENOMEM));
		free(*args);
		free(*pool);
		return -ENOMEM;
	}
	if (strip_args(argc, argv, *args, *pool, la) < 0) {
		free(*args);
		free(*pool);
		return -EINVAL;
	}
	return 0;
}

/*
 * After upstream_args failed: upstream's usage follows our usage error,
 * with its status (129), as after its own.  Out of memory: 1.
 */
static int args_failed(int rc)
{
	const char *usage[] = { "cxl", "list", "-h", NULL };

	if (rc == -EINVAL)
		upstream_exec(usage);
	return 1;
}

void list_upstream_exec(int argc, const char **argv)
{
	struct list_args la = { 0 };
	const char **args;
	char *pool;
	int rc;

	rc = upstream_args(argc, argv, &args, &pool, &la);
	if (rc)
		exit(args_failed(rc));
	upstream_exec(args);
}

/*
 * A region's memctrl by name ("sysram", "dax", "auto", "pmem"), or NULL
 * where the kernel has none (no sysram regions) or it cannot be read.
 */
static const char *region_memctrl(struct cxl_sysram_ctx *ctx, const char *name)
{
	struct cxl_ctx *cxl = cxl_sysram_get_cxl_ctx(ctx);
	struct cxl_decoder *decoder;
	struct cxl_region *region;
	struct cxl_bus *bus;
	char path[PATH_MAX];
	int m;

	/* absent on such a kernel: no error to log */
	snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s/memctrl", name);
	if (access(path, F_OK))
		return NULL;
	cxl_region_walk(cxl, bus, decoder, region) {
		if (strcmp(cxl_region_get_devname(region), name))
			continue;
		m = cxl_sysram_get_memctrl(ctx, region);
		return m < 0 ? NULL : cxl_sysram_memctrl_name(m);
	}
	return NULL;
}

/*
 * Is there anything of ours to add?  A sysram region, or a region that
 * is to be one (memctrl "sysram") whatever state it is in: a disabled
 * one must not pass for plain RAM.
 */
static bool have_sysram(struct cxl_sysram_ctx *ctx)
{
	struct cxl_ctx *cxl = cxl_sysram_get_cxl_ctx(ctx);
	struct cxl_decoder *decoder;
	struct cxl_region *region;
	struct cxl_bus *bus;
	const char *m;

	if (cxl_sysram_region_get_first(ctx))
		return true;
	if (!cxl_sysram_has_sysram_regions(ctx))
		return false;
	cxl_region_walk(cxl, bus, decoder, region) {
		m = region_memctrl(ctx, cxl_region_get_devname(region));
		if (m && !strcmp(m, "sysram"))
			return true;
	}
	return false;
}

/* a memdev with a Dynamic Capacity partition, which upstream cannot show */
static bool have_dc_memdev(struct cxl_sysram_ctx *ctx)
{
	struct cxl_ctx *cxl = cxl_sysram_get_cxl_ctx(ctx);
	struct cxl_memdev *memdev;
	unsigned long long size;

	cxl_memdev_foreach(cxl, memdev) {
		size = cxl_sysram_memdev_get_dynamic_ram_1_size(ctx, memdev);
		if (size && size != ULLONG_MAX)
			return true;
	}
	return false;
}

/*
 * A memdev object: the DC partition's size and qos class, after the
 * static partitions as the DCD series places them ("dynamic_ram_1_size",
 * "dynamic_ram_1_qos_class")
 */
static int augment_memdev(struct json_object *j, const char *name,
			  struct cxl_sysram_ctx *ctx, bool human)
{
	static const char *const after[] = {
		"ram_qos_class", "ram_size", "pmem_qos_class",
		"pmem_size",	 "memdev",   NULL,
	};
	static const char *const after_size[] = { "dynamic_ram_1_size", NULL };
	struct cxl_ctx *cxl = cxl_sysram_get_cxl_ctx(ctx);
	struct cxl_memdev *memdev;
	unsigned long long size;
	int qos, rc;

	cxl_memdev_foreach(cxl, memdev)
		if (!strcmp(cxl_memdev_get_devname(memdev), name))
			break;
	if (!memdev)
		return 0;
	/* no partition, or one that cannot be read: left out, as upstream */
	size = cxl_sysram_memdev_get_dynamic_ram_1_size(ctx, memdev);
	if (!size || size == ULLONG_MAX)
		return 0;
	rc = util_json_insert_after(j, after, "dynamic_ram_1_size",
				    util_json_size(size, human));
	if (rc)
		return rc;
	qos = cxl_sysram_memdev_get_dynamic_ram_1_qos_class(ctx, memdev);
	if (qos == CXL_QOS_CLASS_NONE)
		return 0;
	return util_json_insert_after(j, after_size, "dynamic_ram_1_qos_class",
				      json_object_new_int(qos));
}

/*
 * upstream's type of a region it has no name for (libcxl 81 knows ram
 * and pmem): a Dynamic Capacity region's mode, where upstream puts it
 */
static int add_region_type(struct json_object *j, struct cxl_sysram_region *s)
{
	static const char *const after[] = { "extended_linear_cache_size",
					     "size", "resource", "region",
					     NULL };
	const char *mode;

	if (json_object_object_get_ex(j, "type", NULL))
		return 0;
	mode = cxl_sysram_region_get_mode(s);
	if (!mode)
		return 0;
	return util_json_insert_after(j, after, "type",
				      json_object_new_string(mode));
}

/* adds our objects to upstream's regions: 0, or -ENOMEM */
static int augment(struct json_object *j, struct cxl_sysram_ctx *ctx,
		   const struct list_args *la)
{
	struct json_object *name, *child;
	struct cxl_sysram_region *s;
	size_t i;
	int rc;

	if (json_object_is_type(j, json_type_array)) {
		for (i = 0; i < json_object_array_length(j); i++) {
			rc = augment(json_object_array_get_idx(j, i), ctx, la);
			if (rc)
				return rc;
		}
		return 0;
	}
	if (!json_object_is_type(j, json_type_object))
		return 0;
	/* a region object: "region" names it, and it is no decoder */
	if (json_object_object_get_ex(j, "region", &name) &&
	    json_object_is_type(name, json_type_string) &&
	    !json_object_object_get_ex(j, "decoder", NULL)) {
		const char *memctrl =
			region_memctrl(ctx, json_object_get_string(name));

		/* who turns its capacity into memory, when the kernel says */
		if (memctrl && util_json_add_string(j, "memctrl", memctrl))
			return -ENOMEM;
		cxl_sysram_region_foreach(ctx, s) {
			if (strcmp(cxl_sysram_region_get_region_devname(s),
				   json_object_get_string(name)))
				continue;
			if (add_region_type(j, s))
				return -ENOMEM;
			child = util_sysram_to_json(s, la->human);
			if (!child ||
			    json_object_object_add(j, "sysram", child))
				goto nomem;
			if (!la->extents)
				break;
			rc = util_sysram_extents_to_json(s, la->human, &child);
			if (rc)
				return rc;
			if (child &&
			    json_object_object_add(j, "extents", child))
				goto nomem;
			break;
		}
	}
	/* a memdev object: "memdev" names it, and it is no mapping */
	if (json_object_object_get_ex(j, "memdev", &name) &&
	    json_object_is_type(name, json_type_string) &&
	    !json_object_object_get_ex(j, "decoder", NULL) &&
	    !json_object_object_get_ex(j, "region", NULL)) {
		rc = augment_memdev(j, json_object_get_string(name), ctx,
				    la->human);
		if (rc)
			return rc;
	}
	json_object_object_foreach(j, key, val)
	{
		(void)key;
		rc = augment(val, ctx, la);
		if (rc)
			return rc;
	}
	return 0;
nomem:
	json_object_put(child);
	return -ENOMEM;
}

int cmd_list(int argc, const char **argv, struct cxl_sysram_ctx *ctx)
{
	struct list_args la = { 0 };
	size_t len;
	struct json_object *j;
	const char **args;
	char *out = NULL, *pool;
	int rc;

	rc = upstream_args(argc, argv, &args, &pool, &la);
	if (rc)
		return args_failed(rc);
	rc = upstream_capture(args, &out, &len);
	free(args);
	free(pool);
	if (rc < 0) {
		fprintf(stderr, "cxl list: %s\n", strerror(-rc));
		return 1;
	}
	/* completion lists upstream's options, and ours */
	if (rc >= 0 && argc > 1 && !strcmp(argv[argc - 1], "--list-opts")) {
		fwrite(out, 1, len, stdout);
		printf("--extents ");
		free(out);
		return rc;
	}
	/* nothing of ours to add: upstream's bytes, unchanged */
	if (rc || !(have_sysram(ctx) || have_dc_memdev(ctx)) ||
	    !(j = json_tokener_parse(out))) {
		fwrite(out, 1, len, stdout);
		free(out);
		return rc;
	}
	free(out);
	rc = augment(j, ctx, &la);
	if (rc) {
		fprintf(stderr, "cxl list: %s\n", strerror(-rc));
		json_object_put(j);
		return 1;
	}
	rc = util_json_print(stdout, j);
	if (rc)
		fprintf(stderr, "cxl list: %s\n", strerror(-rc));
	json_object_put(j);
	return rc ? 1 : 0;
}

struct json_object *util_list_region_json(struct cxl_sysram_ctx *ctx,
					  struct cxl_region *region, bool human)
{
	const char *args[] = { "cxl",
			       "list",
			       "-T",
			       "-r",
			       cxl_region_get_devname(region),
			       human ? "-u" : NULL,
			       NULL };
	struct list_args la = { .human = human };
	struct json_object *j, *obj;
	char *out = NULL;
	size_t len;
	int rc;

	/* upstream's region object, so its fields are exactly upstream's */
	rc = upstream_capture(args, &out, &len);
	if (rc) {
		free(out);
		return NULL;
	}
	j = json_tokener_parse(out);
	free(out);
	if (!j)
		return NULL;
	obj = json_object_is_type(j, json_type_array)
		      ? json_object_array_get_idx(j, 0)
		      : j;
	if (!obj) {
		json_object_put(j);
		return NULL;
	}
	json_object_get(obj);
	json_object_put(j);
	if (augment(obj, ctx, &la)) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}
