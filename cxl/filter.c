// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <util/sysfs.h>
#include "filter.h"

int util_parse_region_arg(const char *arg)
{
	int id, n;

	if (strcmp(arg, "all") == 0)
		return -1;
	if (strncmp(arg, "sysram_region", 13) == 0)
		arg += 13;
	else if (strncmp(arg, "region", 6) == 0)
		arg += 6;
	/* the id as the kernel writes it: no blank, sign or leading zero */
	n = parse_id(arg, &id);
	if (!n || arg[n])
		return -EINVAL;
	return id;
}

typedef bool (*ident_fn)(const char *name, void *obj);

char **util_split_names(const char *list)
{
	const char *sep = strchr(list, ' ') ? " " : ",";
	size_t len = strlen(list) + 1, n = len / 2 + 1, i = 0;
	char **names, *copy, *save, *name;

	/* at most one name every two characters, then the text itself */
	names = malloc((n + 1) * sizeof(*names) + len);
	if (!names)
		return NULL;
	copy = (char *)(names + n + 1);
	memcpy(copy, list, len);
	for (name = strtok_r(copy, sep, &save); name;
	     name = strtok_r(NULL, sep, &save))
		names[i++] = name;
	names[i] = NULL;
	return names;
}

const char *util_bad_region_name(char **names)
{
	int i;

	if (!names[0])
		return "";
	for (i = 0; names[i]; i++)
		if (util_parse_region_arg(names[i]) == -EINVAL)
			return names[i];
	return NULL;
}

/* NULL matches, as an option not given; so does any name of the list */
static bool ident_match(const char *ident, ident_fn match, void *obj)
{
	char **names = util_split_names(ident);
	bool found = false;
	int i;

	if (!names)
		return false;
	for (i = 0; names[i] && !found; i++)
		found = strcmp(names[i], "all") == 0 || match(names[i], obj);
	free(names);
	return found;
}

/*
 * "3" or "<prefix>3" names id 3, read as upstream's filters read them:
 * with sscanf, so a leading number is enough ("3x" names 3 as well).
 */
static bool names_id(const char *name, const char *prefix, int id)
{
	size_t len = strlen(prefix);
	int n;

	if (sscanf(name, "%d", &n) != 1 &&
	    (strncmp(name, prefix, len) || sscanf(name + len, "%d", &n) != 1))
		return false;
	return n == id;
}

/* each name matches by number, as above, or by device name */
static bool region_name(const char *name, void *obj)
{
	struct cxl_region *region = obj;

	return names_id(name, "region", cxl_region_get_id(region)) ||
	       strcmp(name, cxl_region_get_devname(region)) == 0;
}

static bool decoder_name(const char *name, void *obj)
{
	struct cxl_decoder *decoder = obj;
	struct cxl_port *port = cxl_decoder_get_port(decoder);
	int pid, did;

	if (strcmp(name, "root") == 0 && cxl_port_is_root(port))
		return true;
	if (strcmp(name, "switch") == 0 && cxl_port_is_switch(port))
		return true;
	if (strcmp(name, "endpoint") == 0 && cxl_port_is_endpoint(port))
		return true;
	if ((sscanf(name, "%d.%d", &pid, &did) == 2 ||
	     sscanf(name, "decoder%d.%d", &pid, &did) == 2) &&
	    cxl_port_get_id(port) == pid && cxl_decoder_get_id(decoder) == did)
		return true;
	return strcmp(name, cxl_decoder_get_devname(decoder)) == 0;
}

static bool bus_name(const char *name, void *obj)
{
	struct cxl_bus *bus = obj;

	return names_id(name, "root", cxl_bus_get_id(bus)) ||
	       strcmp(name, cxl_bus_get_devname(bus)) == 0 ||
	       strcmp(name, cxl_bus_get_provider(bus)) == 0;
}

bool util_cxl_region_ident(struct cxl_region *region, const char *ident)
{
	return !ident || ident_match(ident, region_name, region);
}

bool util_cxl_decoder_ident(struct cxl_decoder *decoder, const char *ident)
{
	return !ident || ident_match(ident, decoder_name, decoder);
}

bool util_cxl_bus_ident(struct cxl_bus *bus, const char *ident)
{
	return !ident || ident_match(ident, bus_name, bus);
}

/* ours: sysram_regionZ names regionZ too; the names are checked first */
static bool sysram_region_name(const char *name, void *obj)
{
	struct cxl_region *region = obj;

	return util_parse_region_arg(name) == cxl_region_get_id(region);
}

static bool memdev_name(const char *name, void *obj)
{
	struct cxl_memdev *memdev = obj;

	return names_id(name, "mem", cxl_memdev_get_id(memdev)) ||
	       strcmp(name, cxl_memdev_get_devname(memdev)) == 0;
}

bool util_region_filter(struct cxl_region *region, const char *list)
{
	return !list || ident_match(list, sysram_region_name, region);
}

bool util_region_memdev_filter(struct cxl_region *region, const char *list)
{
	struct cxl_memdev_mapping *m;

	if (!list)
		return true;
	cxl_mapping_foreach(region, m) {
		struct cxl_decoder *d = cxl_mapping_get_decoder(m);
		struct cxl_memdev *mem = d ? cxl_decoder_get_memdev(d) : NULL;

		if (mem && ident_match(list, memdev_name, mem))
			return true;
	}
	return false;
}

/* the root decoder the region is in, or one of its targets */
bool util_region_decoder_filter(struct cxl_region *region, const char *list)
{
	struct cxl_memdev_mapping *m;

	if (!list ||
	    util_cxl_decoder_ident(cxl_region_get_decoder(region), list))
		return true;
	cxl_mapping_foreach(region, m) {
		struct cxl_decoder *d = cxl_mapping_get_decoder(m);

		if (d && util_cxl_decoder_ident(d, list))
			return true;
	}
	return false;
}

/* regions live under root decoders: their port is the bus itself */
bool util_region_bus_filter(struct cxl_region *region, const char *list)
{
	struct cxl_port *port;
	struct cxl_bus *b;

	if (!list)
		return true;
	port = cxl_decoder_get_port(cxl_region_get_decoder(region));
	b = cxl_port_is_root(port) ? cxl_port_to_bus(port)
				   : cxl_port_get_bus(port);
	return b && util_cxl_bus_ident(b, list);
}
