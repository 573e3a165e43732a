// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * Region arguments and list filters (cxl/filter.c) as the sysram
 * commands and cxl list-extents take them: "all", "region0",
 * "sysram_region0", "0", "0,1", "0 1", memdev, decoder and bus names.
 * libcxl's objects are stood in for by a small fixed topology below, so
 * that the matching code runs on every input without a sysfs tree: one
 * bus root0 (ACPI.CXL), root decoder decoder0.0, endpoint decoders
 * decoder2.0 and decoder3.0 of mem0 and mem1, regions 0, 1 and 7.  The
 * first input byte picks which filter reads the rest.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "../cxl/filter.h"
#include "fuzz.h"

struct cxl_bus {
	int id;
};

struct cxl_port {
	int id, kind; /* 0 root, 1 switch, 2 endpoint */
};

struct cxl_memdev {
	int id;
	const char *name;
};

struct cxl_decoder {
	struct cxl_port *port;
	int id;
	const char *name;
	struct cxl_memdev *memdev;
};

struct cxl_memdev_mapping {
	struct cxl_decoder *decoder;
	struct cxl_memdev_mapping *next;
};

struct cxl_region {
	int id;
	const char *name;
	struct cxl_decoder *root;
	struct cxl_memdev_mapping *maps;
};

static struct cxl_bus bus0 = { 0 };
static struct cxl_port root_port = { 0, 0 }, ep2 = { 2, 2 }, ep3 = { 3, 2 };
static struct cxl_memdev mem0 = { 0, "mem0" }, mem1 = { 1, "mem1" };
static struct cxl_decoder root_dec = { &root_port, 0, "decoder0.0", NULL },
			  dec2 = { &ep2, 0, "decoder2.0", &mem0 },
			  dec3 = { &ep3, 0, "decoder3.0", &mem1 };
static struct cxl_memdev_mapping m3 = { &dec3, NULL }, m2 = { &dec2, &m3 };
static struct cxl_region regions[] = {
	{ 0, "region0", &root_dec, &m2 },
	{ 1, "region1", &root_dec, &m3 },
	{ 7, "region7", &root_dec, NULL },
};

int cxl_region_get_id(struct cxl_region *r)
{
	return r->id;
}

const char *cxl_region_get_devname(struct cxl_region *r)
{
	return r->name;
}

struct cxl_decoder *cxl_region_get_decoder(struct cxl_region *r)
{
	return r->root;
}

struct cxl_memdev_mapping *cxl_mapping_get_first(struct cxl_region *r)
{
	return r->maps;
}

struct cxl_memdev_mapping *cxl_mapping_get_next(struct cxl_memdev_mapping *m)
{
	return m->next;
}

struct cxl_decoder *cxl_mapping_get_decoder(struct cxl_memdev_mapping *m)
{
	return m->decoder;
}

struct cxl_memdev *cxl_decoder_get_memdev(struct cxl_decoder *d)
{
	return d->memdev;
}

struct cxl_port *cxl_decoder_get_port(struct cxl_decoder *d)
{
	return d->port;
}

int cxl_decoder_get_id(struct cxl_decoder *d)
{
	return d->id;
}

const char *cxl_decoder_get_devname(struct cxl_decoder *d)
{
	return d->name;
}

bool cxl_port_is_root(struct cxl_port *p)
{
	return p->kind == 0;
}

bool cxl_port_is_switch(struct cxl_port *p)
{
	return p->kind == 1;
}

bool cxl_port_is_endpoint(struct cxl_port *p)
{
	return p->kind == 2;
}

int cxl_port_get_id(struct cxl_port *p)
{
	return p->id;
}

struct cxl_bus *cxl_port_to_bus(struct cxl_port *p)
{
	return &bus0;
}

struct cxl_bus *cxl_port_get_bus(struct cxl_port *p)
{
	return &bus0;
}

int cxl_bus_get_id(struct cxl_bus *b)
{
	return b->id;
}

const char *cxl_bus_get_devname(struct cxl_bus *b)
{
	return "root0";
}

const char *cxl_bus_get_provider(struct cxl_bus *b)
{
	return "ACPI.CXL";
}

int cxl_memdev_get_id(struct cxl_memdev *m)
{
	return m->id;
}

const char *cxl_memdev_get_devname(struct cxl_memdev *m)
{
	return m->name;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

/* the names of a list: none empty, none holding the separator */
static void check_split(const char *list, char **names)
{
	const char *sep = strchr(list, ' ') ? " " : ",";
	int i;

	for (i = 0; names[i]; i++) {
		fuzz_assert(names[i][0]);
		fuzz_assert(!strstr(names[i], sep));
	}
	fuzz_assert(i <= (int)(strlen(list) + 1) / 2);
}

/* a region name: an optional prefix, then the id in decimal digits */
static void check_region_name(const char *name, int id)
{
	const char *p = name;
	long v = 0;

	if (!strncmp(p, "sysram_region", 13))
		p += 13;
	else if (!strncmp(p, "region", 6))
		p += 6;
	fuzz_assert(*p);
	for (; *p; p++) {
		fuzz_assert(*p >= '0' && *p <= '9');
		v = v * 10 + (*p - '0');
		fuzz_assert(v <= id);
	}
	fuzz_assert(v == id);
}

static void region_names(const char *list)
{
	char **names = util_split_names(list);
	const char *bad;
	size_t r, i;

	if (!names)
		abort();
	check_split(list, names);
	bad = util_bad_region_name(names);
	for (r = 0; r < sizeof(regions) / sizeof(regions[0]); r++) {
		bool want = false, got = util_region_filter(&regions[r], list);

		for (i = 0; names[i]; i++) {
			int id = util_parse_region_arg(names[i]);

			if (id >= 0)
				check_region_name(names[i], id);
			want |= id == -1 || id == regions[r].id;
		}
		fuzz_assert(got == want);
		/* a list that passes validation holds only region names */
		if (!bad)
			for (i = 0; names[i]; i++)
				fuzz_assert(util_parse_region_arg(names[i]) !=
					    -EINVAL);
	}
	free(names);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *list;
	size_t r;

	if (size < 1)
		return 0;
	list = fuzz_string(data + 1, size - 1);
	for (r = 0; r < sizeof(regions) / sizeof(regions[0]); r++) {
		struct cxl_region *region = &regions[r];

		switch (data[0] % 5) {
		case 0:
			if (!r)
				region_names(list);
			break;
		case 1:
			util_region_memdev_filter(region, list);
			break;
		case 2:
			util_region_decoder_filter(region, list);
			break;
		case 3:
			util_region_bus_filter(region, list);
			break;
		default:
			util_cxl_region_ident(region, list);
			util_cxl_decoder_ident(&root_dec, list);
			util_cxl_bus_ident(&bus0, list);
			break;
		}
	}
	free(list);
	return 0;
}
