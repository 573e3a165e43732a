// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filter.h"

struct cxl_region *util_find_region(struct cxl_ctx *cxl, const char *name)
{
	struct cxl_decoder *decoder;
	struct cxl_region *region;
	struct cxl_bus *bus;

	/* regions hang off the root decoders of each bus */
	cxl_bus_foreach(cxl, bus)
		cxl_decoder_foreach(cxl_bus_get_port(bus), decoder)
			cxl_region_foreach(decoder, region)
				if (!strcmp(cxl_region_get_devname(region),
					    name))
					return region;
	return NULL;
}

int util_parse_region_arg(const char *arg)
{
	int id, n = 0;

	if (strcmp(arg, "all") == 0)
		return -1;
	if (strncmp(arg, "sysram_region", 13) == 0)
		arg += 13;
	else if (strncmp(arg, "region", 6) == 0)
		arg += 6;
	if (sscanf(arg, "%d%n", &id, &n) != 1 || arg[n] || id < 0 ||
	    arg[0] == '+' || arg[0] == '-')
		return -EINVAL;
	return id;
}

bool util_region_filter(struct cxl_region *region, const char *name)
{
	int id;

	if (!name)
		return true;
	id = util_parse_region_arg(name);
	if (id == -EINVAL)
		return false;
	return id == -1 || id == cxl_region_get_id(region);
}

bool util_region_memdev_filter(struct cxl_region *region, const char *memdev)
{
	struct cxl_memdev_mapping *m;

	if (!memdev)
		return true;
	cxl_mapping_foreach(region, m) {
		struct cxl_decoder *d = cxl_mapping_get_decoder(m);
		struct cxl_memdev *mem = d ? cxl_decoder_get_memdev(d) : NULL;

		if (mem && !strcmp(cxl_memdev_get_devname(mem), memdev))
			return true;
	}
	return false;
}

bool util_region_decoder_filter(struct cxl_region *region, const char *decoder)
{
	struct cxl_memdev_mapping *m;

	if (!decoder)
		return true;
	/* the root decoder the region is in, or one of its targets */
	if (!strcmp(cxl_decoder_get_devname(cxl_region_get_decoder(region)),
		    decoder))
		return true;
	cxl_mapping_foreach(region, m) {
		struct cxl_decoder *d = cxl_mapping_get_decoder(m);

		if (d && !strcmp(cxl_decoder_get_devname(d), decoder))
			return true;
	}
	return false;
}

bool util_region_bus_filter(struct cxl_region *region, const char *bus)
{
	struct cxl_port *port;
	struct cxl_bus *b;

	if (!bus)
		return true;
	/* regions live under root decoders: their port is the bus itself */
	port = cxl_decoder_get_port(cxl_region_get_decoder(region));
	b = cxl_port_is_root(port) ? cxl_port_to_bus(port)
				   : cxl_port_get_bus(port);
	return b && (!strcmp(cxl_bus_get_devname(b), bus) ||
		     !strcmp(cxl_bus_get_provider(b), bus));
}

typedef bool (*ident_fn)(const char *name, void *obj);

/* NULL matches, as an option not given; so does any name of the list */
static bool ident_match(const char *ident, ident_fn match, void *obj)
{
	const char *sep = strchr(ident, ' ') ? " " : ",";
	char *list, *save, *name;
	bool found = false;

	list = strdup(ident);
	if (!list)
		return false;
	for (name = strtok_r(list, sep, &save); name && !found;
	     name = strtok_r(NULL, sep, &save))
		found = strcmp(name, "all") == 0 || match(name, obj);
	free(list);
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
