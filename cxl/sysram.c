// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * create-sysram, destroy-sysram, online-sysram, offline-sysram.
 *
 * Every command validates all of its input before it writes anything, and
 * create-sysram undoes, in reverse order, whatever it did before a failing
 * step, except where undoing would do harm or the kernel refuses a step:
 * memory in use keeps its region, and a refused step stops the rollback
 * (both said).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <util/json.h>
#include <util/log.h>
#include <util/parse-options.h>
#include <util/size.h>
#include <util/sysfs.h>
#include <cxl/libcxl.h>
#include <cxl/libcxl-sysram.h>
#include "builtin.h"
#include "filter.h"
#include "json.h"
#include "list.h"

/* the widest interleave CXL defines */
#define MAX_WAYS 16

#define MEMORY_BLOCK_SIZE "/sys/devices/system/memory/block_size_bytes"

static struct sysram_params {
	const char *decoder, *size, *type, *uuid, *online_type, *region;
	int ways, granularity;
	bool memdevs, human, verbose, debug, private_node, no_online, force;
	bool to_dax;
} param = {
	/* INT_MAX: not given, as in ndctl's create-region */
	.ways = INT_MAX,
	.granularity = INT_MAX,
};

static struct log_ctx rl;

/* clang-format would indent the second option as a continuation */
/* clang-format off */
#define BASE_OPTIONS()                                                       \
	OPT_BOOLEAN('v', "verbose", &param.verbose,                          \
		    "report each step on stderr"),                           \
	OPT_BOOLEAN(0, "debug", &param.debug,                                \
		    "turn on debug, including the libraries'")
/* clang-format on */

static const struct option create_options[] = {
	OPT_BOOLEAN('m', "memdevs", &param.memdevs,
		    "non-option arguments are memdevs"),
	OPT_STRING('r', "region", &param.region, "region name",
		   "adopt this dax-path RAM region instead of creating one"),
	OPT_STRING('d', "decoder", &param.decoder, "root decoder name",
		   "root decoder to create the region under"),
	OPT_STRING('s', "size", &param.size, "size",
		   "region size (default: the largest the memdevs allow)"),
	OPT_INTEGER('w', "ways", &param.ways,
		    "number of memdevs to interleave"),
	OPT_INTEGER('g', "granularity", &param.granularity,
		    "interleave granularity in bytes"),
	OPT_STRING('t', "type", &param.type, "type",
		   "'ram' (default) or 'dynamic_ram_1'"),
	OPT_STRING('U', "uuid", &param.uuid, "uuid",
		   "extent tag a Dynamic Capacity region accepts"),
	OPT_BOOLEAN(0, "private", &param.private_node,
		    "hot-plug onto a private NUMA node"),
	OPT_STRING(0, "online-type", &param.online_type, "type",
		   "online_movable (default), online_kernel or online"),
	OPT_BOOLEAN(0, "no-online", &param.no_online,
		    "leave the memory unplugged"),
	OPT_BOOLEAN('u', "human", &param.human,
		    "use human friendly number formats"),
	BASE_OPTIONS(),
	OPT_END(),
};

static const struct option destroy_options[] = {
	OPT_BOOLEAN('f', "force", &param.force, "unplug online memory first"),
	OPT_BOOLEAN(0, "to-dax", &param.to_dax,
		    "keep the region, hand it back to the dax path"),
	OPT_BOOLEAN('u', "human", &param.human,
		    "use human friendly number formats"),
	BASE_OPTIONS(),
	OPT_END(),
};

static const struct option online_options[] = {
	OPT_STRING(0, "online-type", &param.online_type, "type",
		   "online_movable (default), online_kernel or online"),
	BASE_OPTIONS(),
	OPT_END(),
};

static const struct option offline_options[] = {
	BASE_OPTIONS(),
	OPT_END(),
};

static void setup_log(const char *owner, struct cxl_sysram_ctx *ctx)
{
	log_init(&rl, owner, NULL);
	/* summaries ("created 1 sysram region") are info, as in ndctl */
	rl.log_priority = param.debug ? LOG_DEBUG : LOG_INFO;
	sysram_quiet_libraries(ctx, param.debug);
}

#define step(...)                                   \
	do {                                        \
		if (param.verbose || param.debug)   \
			log_info(&rl, __VA_ARGS__); \
	} while (0)

static const char *plural(int n)
{
	return n == 1 ? "" : "s";
}

/* the online type of --online-type, online_movable when not given */
static int parse_online_type(void)
{
	int t;

	if (!param.online_type)
		return CXL_SYSRAM_ONLINE_MOVABLE;
	t = cxl_sysram_state_from_name(param.online_type);
	if (t < 0 || !cxl_sysram_state_is_online(t)) {
		log_err(&rl,
			"%s: invalid online type (online_movable, "
			"online_kernel or online)\n",
			param.online_type);
		return -EINVAL;
	}
	return t;
}

/* ------------------------------------------------------------------ */
/* create-sysram                                                       */
/* ------------------------------------------------------------------ */

struct plan {
	struct cxl_decoder *root;
	struct cxl_memdev *memdevs[MAX_WAYS];
	struct cxl_decoder *eps[MAX_WAYS];
	int ways, granularity, online_type;
	unsigned long long size, block;
	uuid_t uuid;
};

static int collect_memdevs(struct cxl_ctx *cxl, int argc, const char **argv,
			   struct plan *p)
{
	int i, n = 0;

	for (i = 0; i < argc; i++) {
		char *names = strdup(argv[i]), *save, *name;

		if (!names)
			return -ENOMEM;
		/* "mem0,mem1" and "mem0 mem1" mean the same, as in ndctl */
		for (name = strtok_r(names, ", ", &save); name;
		     name = strtok_r(NULL, ", ", &save)) {
			struct cxl_memdev *memdev;
			int j;

			if (n == MAX_WAYS) {
				log_err(&rl, "more than %d memdevs\n",
					MAX_WAYS);
				free(names);
				return -EINVAL;
			}
			cxl_memdev_foreach(cxl, memdev)
				if (!strcmp(cxl_memdev_get_devname(memdev),
					    name))
					break;
			if (!memdev) {
				log_err(&rl, "%s: no such memdev\n", name);
				free(names);
				return -ENODEV;
			}
			for (j = 0; j < n; j++)
				if (p->memdevs[j] == memdev) {
					log_err(&rl, "%s: given twice\n", name);
					free(names);
					return -EINVAL;
				}
			p->memdevs[n++] = memdev;
		}
		free(names);
	}
	if (!n) {
		log_err(&rl, "no memdevs given (-m mem0 [mem1 ...])\n");
		return -EINVAL;
	}
	return n;
}

static bool root_maps_all(struct cxl_decoder *root, struct plan *p, int n)
{
	int i;

	if (!cxl_decoder_is_volatile_capable(root))
		return false;
	for (i = 0; i < n; i++)
		if (!cxl_decoder_get_target_by_memdev(root, p->memdevs[i]))
			return false;
	return true;
}

/* the root decoder of -d, or the first that maps every memdev */
static int pick_root_decoder(struct cxl_ctx *cxl, struct plan *p, int n)
{
	struct cxl_decoder *decoder;
	struct cxl_bus *bus;

	cxl_bus_foreach(cxl, bus)
		cxl_decoder_foreach(cxl_bus_get_port(bus), decoder) {
			const char *name = cxl_decoder_get_devname(decoder);

			if (param.decoder && strcmp(name, param.decoder))
				continue;
			if (param.decoder) {
				if (!cxl_decoder_is_volatile_capable(decoder)) {
					log_err(&rl,
						"%s: not volatile capable\n",
						name);
					return -EINVAL;
				}
				if (!root_maps_all(decoder, p, n)) {
					log_err(&rl,
						"%s: does not map all of the "
						"memdevs given\n",
						name);
					return -EINVAL;
				}
			}
			if (root_maps_all(decoder, p, n)) {
				p->root = decoder;
				return 0;
			}
		}
	if (param.decoder)
		log_err(&rl, "%s: no such root decoder\n", param.decoder);
	else
		log_err(&rl, "no volatile root decoder maps all of the "
			     "memdevs given\n");
	return -ENXIO;
}

/*
 * libcxl reads ULLONG_MAX for a dpa_size it could not read.  Every
 * command takes such a decoder as holding capacity, since it may: create
 * never allocates after it or counts it free (it refuses the memdev),
 * destroy never frees a region's capacity around it.
 */
static bool dpa_unknown(struct cxl_decoder *decoder)
{
	return cxl_decoder_get_dpa_size(decoder) == ULLONG_MAX;
}

static bool dpa_allocated(struct cxl_decoder *decoder)
{
	return cxl_decoder_get_dpa_size(decoder) != 0;
}

/* the first endpoint decoder of a memdev whose dpa_size is unknown */
static struct cxl_decoder *unknown_allocation(struct cxl_memdev *memdev)
{
	struct cxl_endpoint *ep = cxl_memdev_get_endpoint(memdev);
	struct cxl_decoder *decoder;

	if (!ep)
		return NULL;
	cxl_decoder_foreach(cxl_endpoint_get_port(ep), decoder)
		if (dpa_unknown(decoder))
			return decoder;
	return NULL;
}

/*
 * Endpoint decoders allocate capacity in order: the one to use is the
 * decoder after the last that holds capacity, and it must be unused.
 */
static struct cxl_decoder *free_endpoint_decoder(struct cxl_memdev *memdev)
{
	struct cxl_endpoint *ep = cxl_memdev_get_endpoint(memdev);
	struct cxl_decoder *decoder, *next = NULL;
	int last = -1;

	if (!ep)
		return NULL;
	cxl_decoder_foreach(cxl_endpoint_get_port(ep), decoder)
		if (dpa_allocated(decoder) &&
		    cxl_decoder_get_id(decoder) > last)
			last = cxl_decoder_get_id(decoder);
	cxl_decoder_foreach(cxl_endpoint_get_port(ep), decoder)
		if (cxl_decoder_get_id(decoder) == last + 1)
			next = decoder;
	if (next && (dpa_allocated(next) || cxl_decoder_get_region(next)))
		return NULL;
	return next;
}

/*
 * volatile capacity of a memdev that no endpoint decoder holds yet; the
 * caller has refused a memdev with an unknown allocation
 */
static unsigned long long free_ram(struct cxl_memdev *memdev)
{
	unsigned long long ram = cxl_memdev_get_ram_size(memdev), used = 0;
	struct cxl_endpoint *ep = cxl_memdev_get_endpoint(memdev);
	struct cxl_decoder *decoder;

	if (!ep)
		return 0;
	cxl_decoder_foreach(cxl_endpoint_get_port(ep), decoder) {
		if (cxl_decoder_get_mode(decoder) == CXL_DECODER_MODE_RAM)
			used += cxl_decoder_get_dpa_size(decoder);
	}
	return used >= ram ? 0 : ram - used;
}

static bool kernel_has_sysram(void)
{
	return access("/sys/bus/cxl/drivers/cxl_sysram_region", F_OK) == 0;
}

/*
 * System RAM is added and removed in whole memory blocks (2 GiB on many
 * large servers): what of a region does not fill a block is never
 * plugged.  The kernel prints the size in hex, without "0x".
 */
static int memory_block_size(unsigned long long *block)
{
	char buf[SYSFS_ATTR_SIZE], *end;
	int rc;

	rc = sysfs_read_attr(&rl, MEMORY_BLOCK_SIZE, buf);
	if (rc) {
		log_err(&rl, "%s: cannot read the memory block size: %s\n",
			MEMORY_BLOCK_SIZE, strerror(-rc));
		return rc;
	}
	errno = 0;
	*block = strtoull(buf, &end, 16);
	if (errno || end == buf || *end || !*block || (*block & (*block - 1))) {
		log_err(&rl, "%s: malformed value '%s'\n", MEMORY_BLOCK_SIZE,
			buf);
		return -EINVAL;
	}
	return 0;
}

static unsigned long long lcm(unsigned long long a, unsigned long long b)
{
	unsigned long long x = a, y = b, t;

	while (y) {
		t = x % y;
		x = y;
		y = t;
	}
	return a / x * b;
}

static int validate_size(struct plan *p)
{
	unsigned long long min = ULLONG_MAX, avail, align, unit, full;
	int i, rc;

	align = SZ_256M * p->ways;
	rc = memory_block_size(&p->block);
	if (rc)
		return rc;
	/* a region size that both decodes and plugs whole */
	unit = lcm(align, p->block);
	for (i = 0; i < p->ways; i++) {
		unsigned long long ram = free_ram(p->memdevs[i]);

		if (ram < min)
			min = ram;
	}
	avail = cxl_decoder_get_max_available_extent(p->root);
	if (avail == ULLONG_MAX) {
		log_err(&rl, "%s: cannot tell the available space\n",
			cxl_decoder_get_devname(p->root));
		return -EINVAL;
	}
	if (param.size) {
		if (parse_size(param.size, &p->size) || !p->size) {
			log_err(&rl, "%s: invalid size\n", param.size);
			return -EINVAL;
		}
		if (p->size % align) {
			log_err(&rl,
				"%s: size must be a multiple of 256 MiB per "
				"way (%#llx)\n",
				param.size, align);
			return -EINVAL;
		}
		/* caught here, not by the kernel refusing to bind later */
		if (p->size < p->block) {
			log_err(&rl,
				"%s: smaller than a memory block (%#llx): "
				"none of it could be hot-plugged\n",
				param.size, p->block);
			return -EINVAL;
		}
		if (p->size % p->block) {
			log_err(&rl,
				"%s: %#llx of it could not be hot-plugged: "
				"size must be a multiple of the memory block "
				"size (%#llx)\n",
				param.size, p->size % p->block, p->block);
			return -EINVAL;
		}
		if (p->size > avail) {
			log_err(&rl,
				"%s: size %#llx exceeds the available space "
				"(%#llx)\n",
				cxl_decoder_get_devname(p->root), p->size,
				avail);
			return -ENOSPC;
		}
		if (p->size / p->ways > min) {
			log_err(&rl,
				"size %#llx exceeds the free volatile capacity "
				"of the memdevs (%#llx each)\n",
				p->size, min);
			return -ENOSPC;
		}
		return 0;
	}
	full = min * p->ways;
	if (full > avail)
		full = avail;
	full = ALIGN_DOWN(full, align);
	if (!full) {
		log_err(&rl, "%s: no space for a region\n",
			cxl_decoder_get_devname(p->root));
		return -ENOSPC;
	}
	p->size = ALIGN_DOWN(full, unit);
	if (!p->size) {
		log_err(&rl,
			"%s: %#llx free, less than a memory block (%#llx): "
			"nothing could be hot-plugged\n",
			cxl_decoder_get_devname(p->root), full, p->block);
		return -ENOSPC;
	}
	/* capacity left out rather than allocated to memory never plugged */
	if (p->size < full)
		log_info(&rl,
			 "%#llx of %#llx left unused: memory blocks are "
			 "%#llx\n",
			 full - p->size, full, p->block);
	return 0;
}

static bool valid_granularity(unsigned int g)
{
	return g >= 256 && g <= 16384 && !(g & (g - 1));
}

static int validate_granularity(struct plan *p)
{
	const char *name = cxl_decoder_get_devname(p->root);
	unsigned int root_g = cxl_decoder_get_interleave_granularity(p->root);
	unsigned int root_ways = cxl_decoder_get_interleave_ways(p->root);
	int g = param.granularity;

	/*
	 * libcxl reads UINT_MAX for an attribute it could not read (0 for
	 * one it could not parse): caught here rather than written to the
	 * region as 4294967295.
	 */
	if (root_ways == UINT_MAX || !root_ways || root_ways > MAX_WAYS) {
		log_err(&rl, "%s: cannot tell its interleave ways\n", name);
		return -ENXIO;
	}
	if (!valid_granularity(root_g) && (g == INT_MAX || root_ways > 1)) {
		log_err(&rl, "%s: cannot tell its interleave granularity%s\n",
			name, g == INT_MAX ? " (give -g)" : "");
		return -ENXIO;
	}
	if (g == INT_MAX) {
		p->granularity = root_g;
		return 0;
	}
	if (!valid_granularity(g)) {
		log_err(&rl,
			"%d: invalid granularity (a power of 2 from 256 "
			"to 16384)\n",
			g);
		return -EINVAL;
	}
	/* an interleaved root decoder dictates its own granularity */
	if (root_ways > 1 && (unsigned int)g != root_g) {
		log_err(&rl,
			"%s: an x%u root decoder only allows its granularity "
			"(%u)\n",
			name, root_ways, root_g);
		return -EINVAL;
	}
	p->granularity = g;
	return 0;
}

/*
 * --online-type and --no-online (and --private, whose memory the kernel
 * only puts in ZONE_MOVABLE): the online type, or -errno (said)
 */
static int validate_online_type(void)
{
	int type;

	if (param.no_online && param.online_type) {
		log_err(&rl, "--online-type and --no-online exclude each "
			     "other\n");
		return -EINVAL;
	}
	type = parse_online_type();
	if (type >= 0 && param.private_node &&
	    type != CXL_SYSRAM_ONLINE_MOVABLE) {
		log_err(&rl, "--private: private memory is only onlined "
			     "movable (--online-type online_movable)\n");
		return -EINVAL;
	}
	return type;
}

/* the kernel has what the options ask for */
static int validate_kernel(struct cxl_sysram_ctx *ctx)
{
	if (!kernel_has_sysram()) {
		log_err(&rl, "this kernel has no sysram regions (no "
			     "cxl_sysram_region driver)\n");
		return -EOPNOTSUPP;
	}
	/* asked now: the attribute itself appears only after a write */
	if (param.private_node && !cxl_sysram_has_private_nodes(ctx)) {
		log_err(&rl, "--private: this kernel has no private NUMA "
			     "nodes\n");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int validate_create(struct cxl_sysram_ctx *ctx, int argc,
			   const char **argv, struct plan *p)
{
	struct cxl_ctx *cxl = cxl_sysram_get_cxl_ctx(ctx);
	int i, n, rc;

	if (param.type && strcmp(param.type, "ram") &&
	    strcmp(param.type, "dynamic_ram_1")) {
		log_err(&rl, "%s: unsupported type (ram or dynamic_ram_1)\n",
			param.type);
		return -EINVAL;
	}
	if (param.uuid && uuid_parse(param.uuid, p->uuid)) {
		log_err(&rl, "%s: invalid UUID\n", param.uuid);
		return -EINVAL;
	}
	if (param.uuid && (!param.type || strcmp(param.type, "ram") == 0)) {
		log_err(&rl, "--uuid: only Dynamic Capacity regions (-t "
			     "dynamic_ram_1) accept an extent tag\n");
		return -EINVAL;
	}
	p->online_type = validate_online_type();
	if (p->online_type < 0)
		return p->online_type;
	/* the interleave ways CXL defines */
	if (param.ways != INT_MAX &&
	    !(param.ways >= 1 && param.ways <= 16 &&
	      ((param.ways & (param.ways - 1)) == 0 ||
	       (param.ways % 3 == 0 &&
		((param.ways / 3) & (param.ways / 3 - 1)) == 0)))) {
		log_err(&rl,
			"%d: invalid interleave ways (1, 2, 3, 4, 6, 8, "
			"12 or 16)\n",
			param.ways);
		return -EINVAL;
	}

	n = collect_memdevs(cxl, argc, argv, p);
	if (n < 0)
		return n;
	p->ways = param.ways == INT_MAX ? n : param.ways;
	if (p->ways != n) {
		log_err(&rl,
			"interleave ways %d does not match the %d "
			"memdev%s given\n",
			p->ways, n, plural(n));
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		const char *name = cxl_memdev_get_devname(p->memdevs[i]);

		struct cxl_decoder *unknown;

		if (!cxl_memdev_is_enabled(p->memdevs[i])) {
			log_err(&rl, "%s: not enabled\n", name);
			return -ENXIO;
		}
		unknown = unknown_allocation(p->memdevs[i]);
		if (unknown) {
			log_err(&rl,
				"%s: %s: cannot tell the capacity it holds "
				"(dpa_size)\n",
				name, cxl_decoder_get_devname(unknown));
			return -ENXIO;
		}
		if (!free_ram(p->memdevs[i])) {
			log_err(&rl, "%s: no free volatile capacity\n", name);
			return -EINVAL;
		}
		p->eps[i] = free_endpoint_decoder(p->memdevs[i]);
		if (!p->eps[i]) {
			log_err(&rl, "%s: no free endpoint decoder\n", name);
			return -EBUSY;
		}
	}
	rc = pick_root_decoder(cxl, p, n);
	if (rc)
		return rc;
	rc = validate_granularity(p);
	if (rc)
		return rc;
	rc = validate_size(p);
	if (rc)
		return rc;
	if (param.type && strcmp(param.type, "dynamic_ram_1") == 0) {
		/* libcxl 81 cannot build these; the DCD work adds it */
		log_err(&rl, "dynamic_ram_1: Dynamic Capacity sysram regions "
			     "are not supported yet\n");
		return -EOPNOTSUPP;
	}
	return validate_kernel(ctx);
}

/*
 * Tears a region down in the reverse order of its creation.  eps lists the
 * endpoint decoders whose capacity was allocated.  A step that fails stops
 * the teardown before the region is deleted: a deleted region whose
 * decoders still hold capacity would leak that capacity for good, whereas
 * a region left in place can be destroyed again.  The region object is
 * freed by a successful delete, so the caller passes its name in.
 */
static int region_teardown(struct cxl_region *region, const char *devname,
			   struct cxl_decoder **eps, int nr_eps, int nr_targets)
{
	int i, rc;

	if (cxl_region_is_enabled(region)) {
		rc = cxl_region_disable(region);
		if (rc) {
			log_err(&rl, "%s: failed to disable: %s\n", devname,
				strerror(-rc));
			return rc;
		}
	}
	if (cxl_region_decode_is_committed(region)) {
		rc = cxl_region_decode_reset(region);
		if (rc) {
			log_err(&rl, "%s: failed to reset decode: %s\n",
				devname, strerror(-rc));
			return rc;
		}
	}
	/* nr_targets: asking libcxl about an unset target logs an error */
	for (i = 0; i < nr_targets; i++) {
		rc = cxl_region_clear_target(region, i);
		if (rc) {
			log_err(&rl, "%s: failed to clear target%d: %s\n",
				devname, i, strerror(-rc));
			return rc;
		}
	}
	/* capacity is freed in the reverse order it was allocated in */
	for (i = nr_eps - 1; i >= 0; i--) {
		if (!dpa_allocated(eps[i]))
			continue;
		rc = cxl_decoder_set_dpa_size(eps[i], 0);
		if (rc) {
			log_err(&rl, "%s: failed to free its capacity: %s\n",
				cxl_decoder_get_devname(eps[i]), strerror(-rc));
			return rc;
		}
	}
	rc = cxl_region_delete(region);
	if (rc)
		log_err(&rl, "%s: failed to delete: %s\n", devname,
			strerror(-rc));
	return rc;
}

/* the state, or -errno said once, here */
static int read_state(struct log_ctx *l, struct cxl_sysram_region *sysram)
{
	int state = cxl_sysram_region_get_state(sysram);

	if (state < 0)
		log_err(l, "%s: cannot read the sysram state: %s\n",
			cxl_sysram_region_get_devname(sysram),
			strerror(-state));
	return state;
}

int sysram_unplug(struct log_ctx *l, struct cxl_sysram_region *sysram)
{
	const char *name = cxl_sysram_region_get_devname(sysram);
	int state = read_state(l, sysram), rc;

	if (state < 0)
		return state;
	if (state == CXL_SYSRAM_UNPLUGGED)
		return 0;
	rc = cxl_sysram_region_set_state(sysram, CXL_SYSRAM_UNPLUGGED);
	if (rc == -EBUSY)
		log_err(l, "%s: memory in use, cannot unplug it: %s\n", name,
			strerror(-rc));
	else if (rc)
		log_err(l, "%s: failed to unplug: %s\n", name, strerror(-rc));
	return rc;
}

#define try(what, call)                                                    \
	do {                                                               \
		rc = (call);                                               \
		if (rc) {                                                  \
			log_err(&rl, "%s: %s failed: %s\n", devname, what, \
				strerror(-rc));                            \
			goto rollback;                                     \
		}                                                          \
	} while (0)

/*
 * After the region is enabled: its sysram region must be bound, and the
 * driver must have plugged the memory as asked (or left it unplugged).
 */
int sysram_check_bound(struct log_ctx *l, struct cxl_sysram_region *sysram,
		       const char *devname, int want)
{
	int state;

	if (cxl_sysram_region_is_enabled(sysram) != 1) {
		log_err(l, "%s: %s did not bind (see the kernel log)\n",
			devname, cxl_sysram_region_get_devname(sysram));
		return -ENXIO;
	}
	state = read_state(l, sysram);
	if (state < 0)
		return state;
	if (state != want) {
		log_err(l,
			"%s: memory is %s, not %s as asked (see the kernel "
			"log)\n",
			devname, cxl_sysram_state_name(state),
			cxl_sysram_state_name(want));
		return -EIO;
	}
	return 0;
}

/*
 * The kernel places the region on a 256 MiB-per-way boundary, which need
 * not be a memory block boundary: a block cut by either end of the region
 * is left out, and its size then reads less than the region's.
 */
static void report_unaligned(struct cxl_sysram_region *sysram,
			     const char *devname, struct plan *p)
{
	unsigned long long plugged = cxl_sysram_region_get_size(sysram);

	if (plugged == ULLONG_MAX || plugged >= p->size)
		return;
	log_info(&rl,
		 "%s: %#llx of %#llx cannot be hot-plugged: the region is not "
		 "aligned to the memory blocks (%#llx)\n",
		 devname, p->size - plugged, p->size, p->block);
}

static int create_sysram(struct cxl_sysram_ctx *ctx, struct plan *p)
{
	int want = param.no_online ? CXL_SYSRAM_UNPLUGGED : p->online_type;
	struct cxl_sysram_region *sysram = NULL;
	struct json_object *j;
	struct cxl_region *region;
	const char *devname;
	char name[64];
	int i, rc, nr_eps = 0, nr_targets = 0;

	region = cxl_decoder_create_ram_region(p->root);
	if (!region) {
		log_err(&rl, "%s: failed to create a region\n",
			cxl_decoder_get_devname(p->root));
		return -ENXIO;
	}
	devname = cxl_region_get_devname(region);
	step("%s: created under %s\n", devname,
	     cxl_decoder_get_devname(p->root));

	try("set interleave granularity",
	    cxl_region_set_interleave_granularity(region, p->granularity));
	try("set interleave ways",
	    cxl_region_set_interleave_ways(region, p->ways));
	try("set size", cxl_region_set_size(region, p->size));
	for (i = 0; i < p->ways; i++) {
		struct cxl_decoder *ep = p->eps[i];

		if (cxl_decoder_get_mode(ep) != CXL_DECODER_MODE_RAM) {
			try("set endpoint decoder mode",
			    cxl_decoder_set_mode(ep, CXL_DECODER_MODE_RAM));
		}
		nr_eps = i + 1;
		try("allocate endpoint capacity",
		    cxl_decoder_set_dpa_size(ep, p->size / p->ways));
		try("set target", cxl_region_set_target(region, i, ep));
		nr_targets = i + 1;
	}
	try("commit decode", cxl_region_decode_commit(region));
	try("select sysram (memctrl)",
	    cxl_sysram_set_memctrl(ctx, region, CXL_MEMCTRL_SYSRAM));

	/* memctrl registers sysram_regionZ at once, unbound */
	sysram = cxl_sysram_region_from_region(ctx, region);
	if (!sysram) {
		rc = -ENXIO;
		log_err(&rl, "%s: no sysram region appeared\n", devname);
		goto rollback;
	}
	/*
	 * Policy before bind: the driver plugs memory per online_type as it
	 * binds, and online_type starts as the kernel's hotplug default, so
	 * the user's type (unplugged for --no-online) is written first;
	 * private and uuid must be in place before anything is plugged or
	 * accepted under them.
	 */
	try("set online_type", cxl_sysram_region_set_online_type(sysram, want));
	if (param.private_node)
		try("set private", cxl_sysram_region_set_private(sysram, true));
	if (param.uuid)
		try("set uuid", cxl_sysram_region_set_uuid(sysram, p->uuid));
	try("enable", cxl_region_enable(region));
	rc = sysram_check_bound(&rl, sysram, devname, want);
	if (rc)
		goto rollback;
	report_unaligned(sysram, devname, p);
	step("%s: committed and enabled as a sysram region, %s\n", devname,
	     cxl_sysram_state_name(want));

	/* the region stands: a failure to print it fails nothing */
	j = util_list_region_json(ctx, region, param.human || isatty(1));
	if (!j || util_json_print(stdout, j))
		log_err(&rl, "%s: created, but cannot print it\n", devname);
	json_object_put(j);
	return 0;

rollback:
	snprintf(name, sizeof(name), "%s", cxl_region_get_devname(region));
	log_err(&rl, "%s: rolling back\n", name);
	/*
	 * Memory that will not unplug keeps the region: disabling it or
	 * resetting its decode would pull the range from under System RAM.
	 * Unplugging works bound or not.
	 */
	if (sysram && sysram_unplug(&rl, sysram)) {
		log_err(&rl, "%s: left in place: memory in use\n", name);
		return rc;
	}
	if (region_teardown(region, name, p->eps, nr_eps, nr_targets))
		log_err(&rl, "%s: rollback incomplete, see above\n", name);
	return rc;
}

/* create-sysram -r: the options that apply, then adopt.c */
static int adopt_region(struct cxl_sysram_ctx *ctx, int argc)
{
	struct adopt_opts opts = {
		.private_node = param.private_node,
		.verbose = param.verbose || param.debug,
		.debug = param.debug,
		.human = param.human || isatty(1),
	};
	int type, rc;

	if (argc || param.memdevs || param.decoder || param.size ||
	    param.type || param.uuid || param.ways != INT_MAX ||
	    param.granularity != INT_MAX) {
		log_err(&rl, "-r adopts an existing region: memdevs, -d, -s, "
			     "-w, -g, -t and -U do not apply\n");
		return -EINVAL;
	}
	type = validate_online_type();
	if (type < 0)
		return type;
	rc = validate_kernel(ctx);
	if (rc)
		return rc;
	opts.want = param.no_online ? CXL_SYSRAM_UNPLUGGED : type;
	return sysram_adopt(ctx, &rl, param.region, &opts);
}

int cmd_create_sysram(int argc, const char **argv, struct cxl_sysram_ctx *ctx)
{
	const char *usage = "cxl create-sysram {-m <memdev> [<memdev>...] | "
			    "-r <region>} [<options>]";
	struct plan p = { 0 };
	int rc;

	argc = parse_options(argc, argv, create_options, usage);
	if (sysram_need_root("cxl create-sysram"))
		return EXIT_FAILURE;
	setup_log("cxl create-sysram", ctx);
	if (param.region) {
		rc = adopt_region(ctx, argc);
	} else {
		rc = validate_create(ctx, argc, argv, &p);
		if (rc == 0)
			rc = create_sysram(ctx, &p);
	}
	log_info(&rl, "created %d sysram region%s\n", rc ? 0 : 1,
		 rc ? "s" : "");
	return rc ? EXIT_FAILURE : 0;
}

/* ------------------------------------------------------------------ */
/* destroy-sysram                                                      */
/* ------------------------------------------------------------------ */

/*
 * A region argument's check: 1 to take the region, 0 to pass it over, or
 * -errno (logged) when a region named on the command line cannot be used.
 */
typedef int (*region_check_fn)(struct cxl_sysram_ctx *ctx,
			       struct cxl_region *region, bool named);

struct region_list {
	struct cxl_region **regions;
	int n;
};

/*
 * One region name of an argument: its regions, each once, added to out in
 * the order found.  Returns how many problems it logged, or -ENOMEM.
 */
static int collect_name(struct cxl_sysram_ctx *ctx, const char *name,
			region_check_fn check, struct region_list *out)
{
	struct cxl_ctx *cxl = cxl_sysram_get_cxl_ctx(ctx);
	int id = util_parse_region_arg(name), found = 0, bad = 0;
	struct cxl_region **grown, *region;
	struct cxl_decoder *decoder;
	struct cxl_bus *bus;

	if (id == -EINVAL) {
		log_err(&rl, "%s: not a region name\n", *name ? name : "''");
		return 1;
	}
	cxl_region_walk(cxl, bus, decoder, region) {
		int rc, j;

		if (id >= 0 && cxl_region_get_id(region) != id)
			continue;
		found++;
		rc = check(ctx, region, id >= 0);
		if (rc < 0)
			bad++;
		if (rc <= 0)
			continue;
		for (j = 0; j < out->n && out->regions[j] != region; j++)
			;
		if (j < out->n)
			continue;
		grown = realloc(out->regions, (out->n + 1) * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		out->regions = grown;
		out->regions[out->n++] = region;
	}
	if (id >= 0 && !found) {
		log_err(&rl, "%s: no such region\n", name);
		bad++;
	}
	return bad;
}

/*
 * The regions the arguments name, each a list as cxl list's -r takes it
 * (names separated by spaces or commas) of "all", regionZ,
 * sysram_regionZ or Z: each region once, in the order found.  Every
 * argument is checked before the caller writes anything: one bad name
 * fails the whole command.
 */
static int collect_regions(struct cxl_sysram_ctx *ctx, int argc,
			   const char **argv, region_check_fn check,
			   struct cxl_region ***out)
{
	struct region_list list = { 0 };
	int i, j, rc, bad = 0;

	if (!argc) {
		log_err(&rl, "no region given (regionZ, sysram_regionZ, Z or "
			     "all)\n");
		return -EINVAL;
	}
	for (i = 0; i < argc; i++) {
		char **names = util_split_names(argv[i]);

		if (!names)
			goto nomem;
		if (!names[0]) {
			log_err(&rl, "'%s': not a region name\n", argv[i]);
			bad++;
		}
		for (j = 0; names[j]; j++) {
			rc = collect_name(ctx, names[j], check, &list);
			if (rc < 0) {
				free(names);
				goto nomem;
			}
			bad += rc;
		}
		free(names);
	}
	if (bad) {
		free(list.regions);
		return -EINVAL;
	}
	*out = list.regions;
	return list.n;
nomem:
	log_err(&rl, "%s\n", strerror(ENOMEM));
	free(list.regions);
	return -ENOMEM;
}

/* destroy-sysram takes regions whose memctrl is sysram, enabled or not */
static int check_memctrl(struct cxl_sysram_ctx *ctx, struct cxl_region *region,
			 bool named)
{
	int memctrl = cxl_sysram_get_memctrl(ctx, region);

	if (memctrl == CXL_MEMCTRL_SYSRAM)
		return 1;
	if (!named)
		return 0;
	if (memctrl < 0)
		log_err(&rl, "%s: cannot read memctrl: %s\n",
			cxl_region_get_devname(region), strerror(-memctrl));
	else
		log_err(&rl, "%s: not a sysram region (memctrl: %s)\n",
			cxl_region_get_devname(region),
			cxl_sysram_memctrl_name(memctrl));
	return -EINVAL;
}

/* the endpoint decoders of a region, in target order */
static int region_eps(struct cxl_region *region, struct cxl_decoder **eps)
{
	unsigned int i, ways = cxl_region_get_interleave_ways(region);
	int n = 0;

	for (i = 0; ways != UINT_MAX && i < ways && n < MAX_WAYS; i++) {
		struct cxl_decoder *ep =
			cxl_region_get_target_decoder(region, i);

		if (ep)
			eps[n++] = ep;
	}
	return n;
}

/*
 * The kernel frees endpoint capacity only from the last allocation back:
 * a region whose decoders have later ones holding capacity cannot go
 * before the regions of those.  Returns such a later decoder, or NULL.
 */
static struct cxl_decoder *later_allocation(struct cxl_region *region)
{
	struct cxl_decoder *eps[MAX_WAYS], *d;
	int i, n = region_eps(region, eps);

	for (i = 0; i < n; i++)
		cxl_decoder_foreach(cxl_decoder_get_port(eps[i]), d)
			if (cxl_decoder_get_id(d) >
				    cxl_decoder_get_id(eps[i]) &&
			    dpa_allocated(d))
				return d;
	return NULL;
}

static bool listed(struct cxl_region **list, int n, struct cxl_region *r)
{
	int i;

	for (i = 0; i < n; i++)
		if (list[i] == r)
			return true;
	return false;
}

/* every region can go, in some order, with the others named with it */
static int check_destroy_order(struct cxl_region **list, int n)
{
	int i, bad = 0;

	for (i = 0; i < n; i++) {
		struct cxl_decoder *eps[MAX_WAYS], *d;
		int j, k = region_eps(list[i], eps);

		for (j = 0; j < k; j++)
			cxl_decoder_foreach(cxl_decoder_get_port(eps[j]), d) {
				struct cxl_region *r =
					cxl_decoder_get_region(d);

				if (cxl_decoder_get_id(d) <=
					    cxl_decoder_get_id(eps[j]) ||
				    !dpa_allocated(d) ||
				    (r && listed(list, n, r)))
					continue;
				bad++;
				if (!r && dpa_unknown(d)) {
					log_err(&rl,
						"%s: cannot tell whether %s "
						"holds capacity allocated "
						"after it on %s (dpa_size)\n",
						cxl_region_get_devname(list[i]),
						cxl_decoder_get_devname(d),
						cxl_decoder_get_devname(
							eps[j]));
					continue;
				}
				log_err(&rl,
					"%s: %s holds capacity allocated after "
					"it on %s: destroy %s first\n",
					cxl_region_get_devname(list[i]),
					r ? cxl_region_get_devname(r)
					  : cxl_decoder_get_devname(d),
					cxl_decoder_get_devname(eps[j]),
					r ? cxl_region_get_devname(r)
					  : "that allocation");
			}
	}
	return bad ? -EBUSY : 0;
}

static int destroy_one(struct cxl_sysram_ctx *ctx, struct cxl_region *region,
		       const char *name)
{
	struct cxl_decoder *eps[MAX_WAYS];
	struct cxl_sysram_region *sysram;
	int rc, n;

	sysram = cxl_sysram_region_from_region(ctx, region);
	if (sysram && param.force) {
		rc = sysram_unplug(&rl, sysram);
		if (rc)
			return rc;
	}
	/*
	 * The kernel's answer, not the state read before: commit 0 on the
	 * bound region is refused with -EBUSY while any of its sysram
	 * memory is plugged, in the same critical section that releases
	 * the driver.  So memory someone plugged since the check is neither
	 * unplugged without -f nor pulled from under System RAM.
	 */
	if (sysram && cxl_region_decode_is_committed(region)) {
		rc = cxl_region_decode_reset(region);
		if (rc == -EBUSY) {
			log_err(&rl,
				"%s: memory is plugged: offline it first "
				"(offline-sysram) or use --force\n",
				cxl_sysram_region_get_devname(sysram));
			return rc;
		}
		if (rc) {
			log_err(&rl, "%s: failed to reset decode: %s\n", name,
				strerror(-rc));
			return rc;
		}
	}
	n = region_eps(region, eps);
	return region_teardown(region, name, eps, n, n);
}

/* destroy-sysram --to-dax: each region on its own, as online-sysram */
static int to_dax(struct cxl_sysram_ctx *ctx, struct cxl_region **list, int n)
{
	struct adopt_opts opts = {
		.verbose = param.verbose || param.debug,
		.debug = param.debug,
		.human = param.human || isatty(1),
	};
	int i, done = 0;

	if (param.force) {
		log_err(&rl, "--force and --to-dax exclude each other: "
			     "--to-dax moves plugged memory\n");
		return EXIT_FAILURE;
	}
	for (i = 0; i < n; i++)
		if (!sysram_to_dax(ctx, &rl, list[i], &opts))
			done++;
	log_info(&rl, "handed %d sysram region%s to the dax path\n", done,
		 plural(done));
	return done == n ? 0 : EXIT_FAILURE;
}

int cmd_destroy_sysram(int argc, const char **argv, struct cxl_sysram_ctx *ctx)
{
	const char *usage = "cxl destroy-sysram <regionZ|sysram_regionZ|all> "
			    "[<options>]";
	struct cxl_region **list = NULL;
	int i, n, left, destroyed = 0, failed = 0;

	argc = parse_options(argc, argv, destroy_options, usage);
	if (sysram_need_root("cxl destroy-sysram"))
		return EXIT_FAILURE;
	setup_log("cxl destroy-sysram", ctx);
	n = collect_regions(ctx, argc, argv, check_memctrl, &list);
	if (n < 0)
		return EXIT_FAILURE;
	if (param.to_dax) {
		i = to_dax(ctx, list, n);
		free(list);
		return i;
	}

	/*
	 * Without --force, plugged memory anywhere refuses the whole lot
	 * before anything is written; memory plugged after this look is
	 * the kernel's to refuse (destroy_one()).
	 */
	for (i = 0; i < n && !param.force; i++) {
		struct cxl_sysram_region *s;
		int state;

		s = cxl_sysram_region_from_region(ctx, list[i]);
		if (!s)
			continue;
		state = read_state(&rl, s);
		if (state < 0) {
			failed++;
			continue;
		}
		if (state != CXL_SYSRAM_UNPLUGGED) {
			log_err(&rl,
				"%s: memory is %s: offline it first "
				"(offline-sysram) or use --force\n",
				cxl_sysram_region_get_devname(s),
				cxl_sysram_state_name(state));
			failed++;
		}
	}
	if (failed || check_destroy_order(list, n)) {
		free(list);
		return EXIT_FAILURE;
	}
	/*
	 * Latest allocations first: each round destroys the regions nothing
	 * later depends on, until all are gone or a round makes no progress.
	 */
	for (left = n; left;) {
		int progress = 0;

		for (i = 0; i < n; i++) {
			char name[64];

			if (!list[i] || later_allocation(list[i]))
				continue;
			snprintf(name, sizeof(name), "%s",
				 cxl_region_get_devname(list[i]));
			if (destroy_one(ctx, list[i], name)) {
				log_err(&rl, "%s: not destroyed\n", name);
				failed++;
			} else {
				destroyed++;
			}
			list[i] = NULL;
			left--;
			progress++;
		}
		if (!progress) {
			for (i = 0; i < n; i++)
				if (list[i])
					log_err(&rl,
						"%s: not destroyed: a "
						"later allocation remains\n",
						cxl_region_get_devname(
							list[i]));
			failed += left;
			break;
		}
	}
	free(list);
	log_info(&rl, "destroyed %d sysram region%s\n", destroyed,
		 plural(destroyed));
	return failed ? EXIT_FAILURE : 0;
}

/* ------------------------------------------------------------------ */
/* online-sysram, offline-sysram                                       */
/* ------------------------------------------------------------------ */

/*
 * online takes regions whose sysram region is bound: the kernel plugs
 * nothing without its driver (-ENXIO).  offline takes them bound or not:
 * an unbind leaves online memory plugged, and unplugging it then is
 * exactly what the user needs.
 */
static int check_sysram(struct cxl_sysram_ctx *ctx, struct cxl_region *region,
			bool named, bool bound)
{
	struct cxl_sysram_region *s =
		cxl_sysram_region_from_region(ctx, region);

	if (s && (!bound || cxl_sysram_region_is_enabled(s) == 1))
		return 1;
	if (!named)
		return 0;
	log_err(&rl, "%s: no %ssysram region\n", cxl_region_get_devname(region),
		bound ? "enabled " : "");
	return -EINVAL;
}

static int check_enabled(struct cxl_sysram_ctx *ctx, struct cxl_region *region,
			 bool named)
{
	return check_sysram(ctx, region, named, true);
}

static int check_any(struct cxl_sysram_ctx *ctx, struct cxl_region *region,
		     bool named)
{
	return check_sysram(ctx, region, named, false);
}

static int online_one(struct cxl_sysram_region *s, int type)
{
	const char *name = cxl_sysram_region_get_devname(s);
	int state = read_state(&rl, s), rc;

	if (state < 0)
		return state;
	if (state == type) {
		log_info(&rl, "%s: already %s\n", name,
			 cxl_sysram_state_name(type));
		return 0;
	}
	/* the kernel onlines only from unplugged: it never moves memory */
	if (cxl_sysram_state_is_online(state)) {
		log_err(&rl, "%s: already %s: offline it first\n", name,
			cxl_sysram_state_name(state));
		return -EBUSY;
	}
	if (state != CXL_SYSRAM_UNPLUGGED) {
		log_err(&rl,
			"%s: memory is %s: offline it first (cxl "
			"offline-sysram)\n",
			name, cxl_sysram_state_name(state));
		return -EBUSY;
	}
	/* the kernel would refuse it, after the fact, in its log only */
	if (type != CXL_SYSRAM_ONLINE_MOVABLE &&
	    cxl_sysram_region_get_private(s) == 1) {
		log_err(&rl,
			"%s: private memory is only onlined movable "
			"(--online-type online_movable)\n",
			name);
		return -EINVAL;
	}
	rc = cxl_sysram_region_set_state(s, type);
	if (rc) {
		log_err(&rl, "%s: failed to online: %s\n", name, strerror(-rc));
		return rc;
	}
	log_info(&rl, "%s: %s\n", name, cxl_sysram_state_name(type));
	return 0;
}

static int offline_one(struct cxl_sysram_region *s)
{
	int rc = sysram_unplug(&rl, s);

	if (!rc)
		log_info(&rl, "%s: unplugged\n",
			 cxl_sysram_region_get_devname(s));
	return rc;
}

static int online_offline(int argc, const char **argv,
			  struct cxl_sysram_ctx *ctx, bool online)
{
	struct cxl_region **list = NULL;
	int i, n, type = 0, done = 0, failed = 0;

	n = collect_regions(ctx, argc, argv, online ? check_enabled : check_any,
			    &list);
	if (n < 0)
		return EXIT_FAILURE;
	if (online) {
		type = parse_online_type();
		if (type < 0) {
			free(list);
			return EXIT_FAILURE;
		}
	}
	/* one region's failure does not stop the others */
	for (i = 0; i < n; i++) {
		struct cxl_sysram_region *s;
		int rc;

		/*
		 * Looked up again at the write: the region, or its sysram
		 * memory control, may have gone since it was collected.
		 */
		s = cxl_sysram_region_from_region(ctx, list[i]);
		if (!s) {
			log_err(&rl, "%s: no sysram region any more\n",
				cxl_region_get_devname(list[i]));
			failed++;
			continue;
		}
		rc = online ? online_one(s, type) : offline_one(s);

		if (rc)
			failed++;
		else
			done++;
	}
	free(list);
	log_info(&rl, "%s %d sysram region%s\n",
		 online ? "onlined" : "offlined", done, plural(done));
	return failed ? EXIT_FAILURE : 0;
}

int cmd_online_sysram(int argc, const char **argv, struct cxl_sysram_ctx *ctx)
{
	argc = parse_options(argc, argv, online_options,
			     "cxl online-sysram <regionZ|sysram_regionZ|all> "
			     "[<options>]");
	if (sysram_need_root("cxl online-sysram"))
		return EXIT_FAILURE;
	setup_log("cxl online-sysram", ctx);
	return online_offline(argc, argv, ctx, true);
}

int cmd_offline_sysram(int argc, const char **argv, struct cxl_sysram_ctx *ctx)
{
	argc = parse_options(argc, argv, offline_options,
			     "cxl offline-sysram <regionZ|sysram_regionZ|all> "
			     "[<options>]");
	if (sysram_need_root("cxl offline-sysram"))
		return EXIT_FAILURE;
	setup_log("cxl offline-sysram", ctx);
	return online_offline(argc, argv, ctx, false);
}
