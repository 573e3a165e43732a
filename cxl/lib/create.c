// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * Create and destroy, as cxl create-sysram and destroy-sysram do them.
 *
 * Every call validates all of its input before it writes anything, and
 * create undoes, in reverse order, whatever it did before a failing step,
 * except where undoing would do harm or the kernel refuses a step: memory
 * in use keeps its region, and a refused step stops the rollback (both
 * said).  Each failure is reported once, through the context's log, as
 * "<object>: <what>: <why>" (see op_begin()).
 */
#include <errno.h>
#include <stddef.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <util/sysfs.h>
#include "private.h"

/* the widest interleave CXL defines */
#define MAX_WAYS 16
#define SZ_256M (256ULL << 20)
#define ALIGN_DOWN(x, a) ((x) / (a) * (a))

/* the fields of the first version of the params: the least a caller has */
#define PARAMS_V1_SIZE                                     \
	(offsetof(struct cxl_sysram_create_params, uuid) + \
	 sizeof(((struct cxl_sysram_create_params *)0)->uuid))

CXL_EXPORT int
cxl_sysram_create_params_init(struct cxl_sysram_create_params *params,
			      size_t size)
{
	struct cxl_sysram_create_params p = {
		.ways = CXL_SYSRAM_PARAM_UNSET,
		.granularity = CXL_SYSRAM_PARAM_UNSET,
		.type = CXL_SYSRAM_TYPE_RAM,
		.online_type = CXL_SYSRAM_ONLINE_MOVABLE,
	};

	if (!params || size < PARAMS_V1_SIZE)
		return -EINVAL;
	/* a caller built against a newer header: its fields beyond ours 0 */
	memset(params, 0, size);
	p.size = size < sizeof(p) ? size : sizeof(p);
	memcpy(params, &p, p.size);
	return 0;
}

struct plan {
	struct cxl_sysram_ctx *ctx;
	bool dc; /* a Dynamic Capacity region (type dynamic_ram_1) */
	struct cxl_sysram_create_params prm; /* the caller's, completed */
	struct cxl_decoder *root;
	struct cxl_memdev *memdevs[MAX_WAYS];
	struct cxl_decoder *eps[MAX_WAYS];
	int ways, granularity;
	unsigned long long size, block;
};

/* a size as a user writes it: "1536M", "2G"; buf holds 32 */
static const char *size_name(char *buf, unsigned long long v)
{
	static const char units[] = "KMGT";
	int i;

	for (i = 3; i >= 0; i--) {
		unsigned long long unit = 1ULL << (10 * (i + 1));

		if (v && v % unit == 0) {
			snprintf(buf, 32, "%llu%c", v / unit, units[i]);
			return buf;
		}
	}
	snprintf(buf, 32, "%llu", v);
	return buf;
}

static int collect_memdevs(struct plan *p)
{
	struct cxl_ctx *cxl = p->ctx->cxl;
	unsigned int i;
	int n = 0;

	if (!p->prm.nr_memdevs || !p->prm.memdevs) {
		rep_err(p->ctx, "no memdevs given (-m mem0 [mem1 ...])\n");
		return -EINVAL;
	}
	if (p->prm.nr_memdevs > MAX_WAYS) {
		rep_err(p->ctx, "more than %d memdevs\n", MAX_WAYS);
		return -EINVAL;
	}
	for (i = 0; i < p->prm.nr_memdevs; i++) {
		const char *name = p->prm.memdevs[i];
		struct cxl_memdev *memdev;
		int j;

		cxl_memdev_foreach(cxl, memdev)
			if (name &&
			    !strcmp(cxl_memdev_get_devname(memdev), name))
				break;
		if (!memdev) {
			rep_err(p->ctx, "%s: no such memdev\n",
				name ? name : "(null)");
			return -ENODEV;
		}
		for (j = 0; j < n; j++)
			if (p->memdevs[j] == memdev) {
				rep_err(p->ctx, "%s: given twice\n", name);
				return -EINVAL;
			}
		p->memdevs[n++] = memdev;
	}
	return n;
}

static bool root_maps_all(struct cxl_decoder *root, struct plan *p, int n)
{
	int i;

	if (!cxl_decoder_is_volatile_capable(root))
		return false;
	if (p->dc && !cxl_sysram_decoder_is_dynamic_ram_1_capable(p->ctx, root))
		return false;
	for (i = 0; i < n; i++)
		if (!cxl_decoder_get_target_by_memdev(root, p->memdevs[i]))
			return false;
	return true;
}

/* the root decoder asked for, or the first that maps every memdev */
static int pick_root_decoder(struct plan *p, int n)
{
	const char *want = p->prm.decoder;
	struct cxl_decoder *decoder;
	struct cxl_bus *bus;

	cxl_bus_foreach(p->ctx->cxl, bus)
		cxl_decoder_foreach(cxl_bus_get_port(bus), decoder) {
			const char *name = cxl_decoder_get_devname(decoder);

			if (want && strcmp(name, want))
				continue;
			if (want) {
				if (!cxl_decoder_is_volatile_capable(decoder)) {
					rep_err(p->ctx,
						"%s: not volatile capable\n",
						name);
					return -EINVAL;
				}
				if (p->dc &&
				    !cxl_sysram_decoder_is_dynamic_ram_1_capable(
					    p->ctx, decoder)) {
					rep_err(p->ctx,
						"%s: no Dynamic Capacity "
						"regions (no create_%s_region)\n",
						name, DC_MODE);
					return -EINVAL;
				}
				if (!root_maps_all(decoder, p, n)) {
					rep_err(p->ctx,
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
	if (want)
		rep_err(p->ctx, "%s: no such root decoder\n", want);
	else if (p->dc)
		rep_err(p->ctx,
			"no volatile root decoder with Dynamic Capacity "
			"regions maps %s\n",
			cxl_memdev_get_devname(p->memdevs[0]));
	else
		rep_err(p->ctx, "no volatile root decoder maps all of the "
				"memdevs given\n");
	return -ENXIO;
}

/*
 * libcxl reads ULLONG_MAX for a dpa_size it could not read.  Such a
 * decoder is taken as holding capacity, since it may: create never
 * allocates after it or counts it free (it refuses the memdev), destroy
 * never frees a region's capacity around it.
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

/* what the region allocates from: volatile or Dynamic Capacity */
static unsigned long long free_capacity(struct plan *p,
					struct cxl_memdev *memdev)
{
	return p->dc ? dc_available(p->ctx, memdev, false) : free_ram(memdev);
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

/* a size given: it decodes, plugs whole and fits */
static int check_size(struct plan *p, unsigned long long align,
		      unsigned long long min, unsigned long long avail)
{
	const char *root = cxl_decoder_get_devname(p->root);
	char name[32];

	size_name(name, p->size);
	if (p->size % align) {
		rep_err(p->ctx,
			"%s: size must be a multiple of 256 MiB per way "
			"(%#llx)\n",
			name, align);
		return -EINVAL;
	}
	/* caught here, not by the kernel refusing to bind later */
	if (p->size < p->block) {
		rep_err(p->ctx,
			"%s: smaller than a memory block (%#llx): none of it "
			"could be hot-plugged\n",
			name, p->block);
		return -EINVAL;
	}
	if (p->size % p->block) {
		rep_err(p->ctx,
			"%s: %#llx of it could not be hot-plugged: size must "
			"be a multiple of the memory block size (%#llx)\n",
			name, p->size % p->block, p->block);
		return -EINVAL;
	}
	if (p->size > avail) {
		rep_err(p->ctx,
			"%s: size %#llx exceeds the available space (%#llx)\n",
			root, p->size, avail);
		return -ENOSPC;
	}
	if (p->size / p->ways > min && p->dc) {
		rep_err(p->ctx,
			"size %#llx exceeds the free Dynamic Capacity of %s "
			"(%#llx)\n",
			p->size, cxl_memdev_get_devname(p->memdevs[0]), min);
		return -ENOSPC;
	}
	if (p->size / p->ways > min) {
		rep_err(p->ctx,
			"size %#llx exceeds the free volatile capacity of the "
			"memdevs (%#llx each)\n",
			p->size, min);
		return -ENOSPC;
	}
	return 0;
}

/*
 * System RAM is added and removed in whole memory blocks (2 GiB on many
 * large servers): what of a region does not fill a block is never
 * plugged.  Without a size, the largest that decodes and plugs whole.
 */
static int validate_size(struct plan *p)
{
	unsigned long long min = ULLONG_MAX, avail, align, full;
	const char *root = cxl_decoder_get_devname(p->root);
	int i, rc;

	align = SZ_256M * p->ways;
	rc = read_block_size(p->ctx, &p->block);
	if (rc)
		return rc;
	for (i = 0; i < p->ways; i++) {
		unsigned long long cap = free_capacity(p, p->memdevs[i]);

		if (cap < min)
			min = cap;
	}
	avail = cxl_decoder_get_max_available_extent(p->root);
	if (avail == ULLONG_MAX) {
		rep_err(p->ctx, "%s: cannot tell the available space\n", root);
		return -EINVAL;
	}
	p->size = p->prm.region_size;
	if (p->size)
		return check_size(p, align, min, avail);
	full = min * p->ways;
	if (full > avail)
		full = avail;
	full = ALIGN_DOWN(full, align);
	if (!full) {
		rep_err(p->ctx, "%s: no space for a region\n", root);
		return -ENOSPC;
	}
	p->size = ALIGN_DOWN(full, lcm(align, p->block));
	if (!p->size) {
		rep_err(p->ctx,
			"%s: %#llx free, less than a memory block (%#llx): "
			"nothing could be hot-plugged\n",
			root, full, p->block);
		return -ENOSPC;
	}
	/* capacity left out rather than allocated to memory never plugged */
	if (p->size < full)
		rep_notice(p->ctx,
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
	int g = p->prm.granularity;
	bool unset = g == CXL_SYSRAM_PARAM_UNSET;

	/*
	 * libcxl reads UINT_MAX for an attribute it could not read (0 for
	 * one it could not parse): caught here rather than written to the
	 * region as 4294967295.
	 */
	if (root_ways == UINT_MAX || !root_ways || root_ways > MAX_WAYS) {
		rep_err(p->ctx, "%s: cannot tell its interleave ways\n", name);
		return -ENXIO;
	}
	if (!valid_granularity(root_g) && (unset || root_ways > 1)) {
		rep_err(p->ctx,
			"%s: cannot tell its interleave granularity%s\n", name,
			unset ? " (give -g)" : "");
		return -ENXIO;
	}
	if (unset) {
		p->granularity = root_g;
		return 0;
	}
	if (!valid_granularity(g)) {
		rep_err(p->ctx,
			"%d: invalid granularity (a power of 2 from 256 to "
			"16384)\n",
			g);
		return -EINVAL;
	}
	/* an interleaved root decoder dictates its own granularity */
	if (root_ways > 1 && (unsigned int)g != root_g) {
		rep_err(p->ctx,
			"%s: an x%u root decoder only allows its granularity "
			"(%u)\n",
			name, root_ways, root_g);
		return -EINVAL;
	}
	p->granularity = g;
	return 0;
}

/* the interleave ways CXL defines */
static bool valid_ways(int w)
{
	return w >= 1 && w <= MAX_WAYS &&
	       ((w & (w - 1)) == 0 ||
		(w % 3 == 0 && ((w / 3) & (w / 3 - 1)) == 0));
}

/* the parts of the params that need no device */
static int validate_params(struct plan *p)
{
	const struct cxl_sysram_create_params *prm = &p->prm;
	int type = prm->online_type;

	if (prm->type != CXL_SYSRAM_TYPE_RAM &&
	    prm->type != CXL_SYSRAM_TYPE_DYNAMIC_RAM_1) {
		rep_err(p->ctx, "%d: unsupported type (ram or dynamic_ram_1)\n",
			prm->type);
		return -EINVAL;
	}
	if (prm->has_uuid && prm->type == CXL_SYSRAM_TYPE_RAM) {
		rep_err(p->ctx, "--uuid: only Dynamic Capacity regions (-t "
				"dynamic_ram_1) accept an extent tag\n");
		return -EINVAL;
	}
	if (type != CXL_SYSRAM_UNPLUGGED && !cxl_sysram_state_is_online(type)) {
		rep_err(p->ctx,
			"%s: invalid online type (online_movable, "
			"online_kernel or online)\n",
			cxl_sysram_state_name(type) ?: "(invalid)");
		return -EINVAL;
	}
	/* the kernel only onlines private memory to ZONE_MOVABLE */
	if (prm->private_node && cxl_sysram_state_is_online(type) &&
	    type != CXL_SYSRAM_ONLINE_MOVABLE) {
		rep_err(p->ctx, "--private: private memory is only onlined "
				"movable (--online-type online_movable)\n");
		return -EINVAL;
	}
	if (prm->ways != CXL_SYSRAM_PARAM_UNSET && !valid_ways(prm->ways)) {
		rep_err(p->ctx,
			"%d: invalid interleave ways (1, 2, 3, 4, 6, 8, 12 or "
			"16)\n",
			prm->ways);
		return -EINVAL;
	}
	return 0;
}

/* a Dynamic Capacity region is 1-way only, as upstream's */
static int validate_dc_ways(struct plan *p, int n)
{
	if (n > 1) {
		rep_err(p->ctx,
			"%s: Dynamic Capacity regions are 1-way only: give one "
			"memdev (%d given)\n",
			DC_MODE, n);
		return -EINVAL;
	}
	if (p->prm.ways != CXL_SYSRAM_PARAM_UNSET && p->prm.ways != 1) {
		rep_err(p->ctx,
			"%s: Dynamic Capacity regions are 1-way only (-w %d)\n",
			DC_MODE, p->prm.ways);
		return -EINVAL;
	}
	return 0;
}

/* a DC partition with capacity that no endpoint decoder holds yet */
static int validate_dc_capacity(struct plan *p, struct cxl_memdev *memdev)
{
	const char *name = cxl_memdev_get_devname(memdev);
	unsigned long long size, avail;

	size = cxl_sysram_memdev_get_dynamic_ram_1_size(p->ctx, memdev);
	if (!size) {
		rep_err(p->ctx, "%s: no Dynamic Capacity partition (%s)\n",
			name, DC_MODE);
		return -EINVAL;
	}
	/* the partition's size or a decoder's share unknown: said there */
	avail = dc_available(p->ctx, memdev, true);
	if (avail == ULLONG_MAX)
		return -ENXIO;
	if (!avail) {
		rep_err(p->ctx, "%s: no free Dynamic Capacity\n", name);
		return -EINVAL;
	}
	return 0;
}

static int validate_memdevs(struct plan *p, int n)
{
	int i, rc;

	if (p->dc) {
		rc = validate_dc_ways(p, n);
		if (rc)
			return rc;
	}
	p->ways = p->prm.ways == CXL_SYSRAM_PARAM_UNSET ? n : p->prm.ways;
	if (p->ways != n) {
		rep_err(p->ctx,
			"interleave ways %d does not match the %d memdev%s "
			"given\n",
			p->ways, n, n == 1 ? "" : "s");
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		const char *name = cxl_memdev_get_devname(p->memdevs[i]);
		struct cxl_decoder *unknown;

		if (!cxl_memdev_is_enabled(p->memdevs[i])) {
			rep_err(p->ctx, "%s: not enabled\n", name);
			return -ENXIO;
		}
		unknown = unknown_allocation(p->memdevs[i]);
		if (unknown) {
			rep_err(p->ctx,
				"%s: %s: cannot tell the capacity it holds "
				"(dpa_size)\n",
				name, cxl_decoder_get_devname(unknown));
			return -ENXIO;
		}
		if (p->dc) {
			rc = validate_dc_capacity(p, p->memdevs[i]);
			if (rc)
				return rc;
		} else if (!free_ram(p->memdevs[i])) {
			rep_err(p->ctx, "%s: no free volatile capacity\n",
				name);
			return -EINVAL;
		}
		p->eps[i] = free_endpoint_decoder(p->memdevs[i]);
		if (!p->eps[i]) {
			rep_err(p->ctx, "%s: no free endpoint decoder\n", name);
			return -EBUSY;
		}
	}
	return 0;
}

/* the kernel has what the params ask for */
static int validate_kernel(struct plan *p)
{
	if (!cxl_sysram_has_sysram_regions(p->ctx)) {
		rep_err(p->ctx, "this kernel has no sysram regions (no "
				"cxl_sysram_region driver)\n");
		return -EOPNOTSUPP;
	}
	/* asked now: the attribute itself appears only after a write */
	if (p->prm.private_node && !cxl_sysram_has_private_nodes(p->ctx)) {
		rep_err(p->ctx, "--private: this kernel has no private NUMA "
				"nodes\n");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int validate_create(struct plan *p)
{
	int n, rc;

	rc = validate_params(p);
	if (rc)
		return rc;
	p->dc = p->prm.type == CXL_SYSRAM_TYPE_DYNAMIC_RAM_1;
	n = collect_memdevs(p);
	if (n < 0)
		return n;
	rc = validate_memdevs(p, n);
	if (!rc)
		rc = pick_root_decoder(p, n);
	if (!rc)
		rc = validate_granularity(p);
	if (!rc)
		rc = validate_size(p);
	if (rc)
		return rc;
	return validate_kernel(p);
}

/*
 * Tears a region down in the reverse order of its creation.  eps lists the
 * endpoint decoders whose capacity was allocated.  A step that fails stops
 * the teardown before the region is deleted: a deleted region whose
 * decoders still hold capacity would leak that capacity for good, whereas
 * a region left in place can be destroyed again.  The region object is
 * freed by a successful delete, so the caller passes its name in.
 */
static int region_teardown(struct cxl_sysram_ctx *ctx,
			   struct cxl_region *region, const char *devname,
			   struct cxl_decoder **eps, int nr_eps, int nr_targets)
{
	int i, rc;

	if (cxl_region_is_enabled(region)) {
		rc = cxl_region_disable(region);
		if (rc) {
			rep_err(ctx, "%s: failed to disable: %s\n", devname,
				strerror(-rc));
			return rc;
		}
	}
	if (cxl_region_decode_is_committed(region)) {
		rc = cxl_region_decode_reset(region);
		if (rc) {
			rep_err(ctx, "%s: failed to reset decode: %s\n",
				devname, strerror(-rc));
			return rc;
		}
	}
	/* nr_targets: asking libcxl about an unset target logs an error */
	for (i = 0; i < nr_targets; i++) {
		rc = cxl_region_clear_target(region, i);
		if (rc) {
			rep_err(ctx, "%s: failed to clear target%d: %s\n",
				devname, i, strerror(-rc));
			return rc;
		}
	}
	/*
	 * Capacity is freed in the reverse order it was allocated in,
	 * through the caller's libcxl objects (see own_decoder()).
	 */
	for (i = nr_eps - 1; i >= 0; i--) {
		if (!dpa_allocated(eps[i]))
			continue;
		rc = cxl_decoder_set_dpa_size(own_decoder(ctx, eps[i]), 0);
		if (rc) {
			rep_err(ctx, "%s: failed to free its capacity: %s\n",
				cxl_decoder_get_devname(eps[i]), strerror(-rc));
			return rc;
		}
	}
	rc = cxl_region_delete(region);
	if (rc)
		rep_err(ctx, "%s: failed to delete: %s\n", devname,
			strerror(-rc));
	/* its sysram region is gone with it: drop it from the list */
	sysram_scan(ctx);
	return rc;
}

/* the state, or -errno said once, here */
static int read_state(struct cxl_sysram_region *sysram)
{
	int state = cxl_sysram_region_get_state(sysram);

	if (state < 0)
		rep_err(sysram->ctx, "%s: cannot read the sysram state: %s\n",
			sysram->devname, strerror(-state));
	return state;
}

static int unplug(struct cxl_sysram_region *sysram)
{
	int state = read_state(sysram), rc;

	if (state < 0)
		return state;
	if (state == CXL_SYSRAM_UNPLUGGED)
		return 0;
	rc = cxl_sysram_region_set_state(sysram, CXL_SYSRAM_UNPLUGGED);
	if (rc == -EBUSY)
		rep_err(sysram->ctx,
			"%s: memory in use, cannot unplug it: %s\n",
			sysram->devname, strerror(-rc));
	else if (rc)
		rep_err(sysram->ctx, "%s: failed to unplug: %s\n",
			sysram->devname, strerror(-rc));
	return rc;
}

CXL_EXPORT int cxl_sysram_region_unplug(struct cxl_sysram_region *sysram)
{
	int rc;

	op_begin(sysram->ctx);
	rc = unplug(sysram);
	op_end(sysram->ctx);
	return rc;
}

static int verify(struct cxl_sysram_region *sysram, int want)
{
	const char *region = sysram->region_devname;
	int state;

	if (cxl_sysram_region_is_enabled(sysram) != 1) {
		rep_err(sysram->ctx,
			"%s: %s did not bind (see the kernel log)\n", region,
			sysram->devname);
		return -ENXIO;
	}
	state = read_state(sysram);
	if (state < 0)
		return state;
	/*
	 * A Dynamic Capacity region has memory only as extents arrive, each
	 * plugged with online_type: none yet reads unplugged.
	 */
	if (state == CXL_SYSRAM_UNPLUGGED &&
	    cxl_sysram_region_is_dynamic(sysram) == 1)
		return 0;
	if (state != want) {
		rep_err(sysram->ctx,
			"%s: memory is %s, not %s as asked (see the kernel "
			"log)\n",
			region, cxl_sysram_state_name(state),
			cxl_sysram_state_name(want));
		return -EIO;
	}
	return 0;
}

CXL_EXPORT int cxl_sysram_region_verify(struct cxl_sysram_region *sysram,
					enum cxl_sysram_state want)
{
	int rc;

	op_begin(sysram->ctx);
	rc = verify(sysram, want);
	op_end(sysram->ctx);
	return rc;
}

/*
 * The kernel places the region on a 256 MiB-per-way boundary, which need
 * not be a memory block boundary: a block cut by either end of the region
 * is left out, and its size then reads less than the region's.
 */
static void report_unaligned(struct cxl_sysram_region *sysram, struct plan *p)
{
	unsigned long long plugged = cxl_sysram_region_get_size(sysram);

	if (plugged == ULLONG_MAX || plugged >= p->size)
		return;
	rep_notice(p->ctx,
		   "%s: %#llx of %#llx cannot be hot-plugged: the region is "
		   "not aligned to the memory blocks (%#llx)\n",
		   sysram->region_devname, p->size - plugged, p->size,
		   p->block);
}

#define try(what, call)                                                    \
	do {                                                               \
		rc = (call);                                               \
		if (rc) {                                                  \
			rep_err(ctx, "%s: %s failed: %s\n", devname, what, \
				strerror(-rc));                            \
			goto rollback;                                     \
		}                                                          \
	} while (0)

/* the policy of a sysram region, before its bind: 0, or -errno said */
static int set_policy(struct plan *p, struct cxl_sysram_region *sysram,
		      const char *devname)
{
	const char *what = "set online_type";
	int rc;

	rc = cxl_sysram_region_set_online_type(sysram, p->prm.online_type);
	if (!rc && p->prm.private_node) {
		what = "set private";
		rc = cxl_sysram_region_set_private(sysram, true);
	}
	if (!rc && p->prm.has_uuid) {
		what = "set uuid";
		rc = cxl_sysram_region_set_uuid(sysram, p->prm.uuid);
	}
	if (rc)
		rep_err(p->ctx, "%s: %s failed: %s\n", devname, what,
			strerror(-rc));
	return rc;
}

/* what create_dc() did, for its rollback */
struct dc_done {
	char region[64]; /* regionZ, once created */
	char mode[32]; /* the endpoint decoder's mode before */
	bool mode_set, dpa, target, commit, bind;
};

/*
 * Undoes what create_dc() did, in reverse order, stopping at a step the
 * kernel refuses (said): unplug, unbind, commit 0, target0 cleared, the
 * capacity freed, the endpoint decoder's mode put back, the region
 * deleted.
 */
static void dc_rollback(struct plan *p, struct dc_done *d,
			struct cxl_sysram_region *sysram)
{
	struct cxl_sysram_ctx *ctx = p->ctx;
	const char *name = d->region, *step = NULL;
	const char *root = cxl_decoder_get_devname(p->root);
	struct cxl_decoder *ep = p->eps[0];
	const char *epname = cxl_decoder_get_devname(ep);
	int rc = 0;

	rep_err(ctx, "%s: rolling back\n", name);
	if (sysram && unplug(sysram)) {
		rep_err(ctx, "%s: left in place: memory in use\n", name);
		return;
	}
	if (d->bind && dev_attr_exists(name, "driver")) {
		step = "disable";
		rc = region_driver_write(ctx, "unbind", name);
		if (!rc && dev_attr_exists(name, "driver"))
			rc = -EBUSY;
	}
	if (!rc && d->commit) {
		step = "reset decode";
		rc = dev_attr_write(ctx, name, "commit", "0");
	}
	if (!rc && d->target) {
		step = "clear target0";
		rc = dev_attr_write(ctx, name, "target0", "");
	}
	if (!rc && d->dpa) {
		step = "free its capacity";
		rc = cxl_decoder_set_dpa_size(ep, 0);
		if (rc)
			name = epname;
	}
	if (!rc && d->mode_set) {
		step = "put back its mode";
		rc = dev_attr_write(ctx, epname, "mode", d->mode);
		if (rc)
			name = epname;
	}
	if (!rc) {
		step = "delete";
		rc = dev_attr_write(ctx, root, "delete_region", name);
	}
	/* its sysram region is gone with it: drop it from the list */
	sysram_scan(ctx);
	if (rc) {
		rep_err(ctx, "%s: failed to %s: %s\n", name, step,
			strerror(-rc));
		rep_err(ctx, "%s: rollback incomplete, see above\n", d->region);
	}
}

/*
 * A Dynamic Capacity sysram region, through sysfs: libcxl 81 can neither
 * create the region nor put an endpoint decoder in mode dynamic_ram_1.
 * The kernel makes a DC region with memctrl "sysram" and registers
 * sysram_regionZ as it creates it, so its policy is written before the
 * bind as for RAM; the region is 1-way.  Only the endpoint capacity goes
 * through libcxl, which then knows what its decoder holds.
 */
static int create_dc(struct plan *p, struct cxl_sysram_region **out)
{
	int want = p->prm.online_type;
	struct cxl_sysram_ctx *ctx = p->ctx;
	struct cxl_sysram_region *sysram = NULL;
	struct cxl_decoder *ep = p->eps[0];
	const char *epname = cxl_decoder_get_devname(ep);
	struct dc_done d = { .region = "" };
	char buf[SYSFS_ATTR_SIZE];
	const char *devname = d.region;
	int rc;

	rc = dc_region_create(ctx, p->root, d.region, sizeof(d.region));
	if (rc)
		return rc;
	rep_info(ctx, "%s: created under %s\n", devname,
		 cxl_decoder_get_devname(p->root));
	rc = dev_attr_read(ctx, devname, "memctrl", buf);
	if (rc) {
		rep_err(ctx, "%s: cannot read memctrl: %s\n", devname,
			strerror(-rc));
		goto rollback;
	}
	if (strcmp(buf, "sysram")) {
		rep_err(ctx,
			"%s: memctrl reads '%s': this kernel does not make "
			"Dynamic Capacity sysram regions\n",
			devname, buf);
		rc = -EOPNOTSUPP;
		goto rollback;
	}
	sysram_scan(ctx);
	sysram = cxl_sysram_region_get_by_name(ctx, devname);
	if (!sysram) {
		rc = -ENXIO;
		rep_err(ctx, "%s: no sysram region appeared\n", devname);
		goto rollback;
	}
	snprintf(buf, sizeof(buf), "%d", p->granularity);
	try("set interleave granularity",
	    dev_attr_write(ctx, devname, "interleave_granularity", buf));
	try("set interleave ways",
	    dev_attr_write(ctx, devname, "interleave_ways", "1"));
	snprintf(buf, sizeof(buf), "%#llx", p->size);
	try("set size", dev_attr_write(ctx, devname, "size", buf));

	rc = dev_attr_read(ctx, epname, "mode", buf);
	if (!rc && strlen(buf) >= sizeof(d.mode))
		rc = -EINVAL;
	if (rc) {
		rep_err(ctx, "%s: cannot read mode: %s\n", epname,
			strerror(-rc));
		goto rollback;
	}
	strcpy(d.mode, buf);
	/* each step is undone once the kernel took it */
	if (strcmp(d.mode, DC_MODE)) {
		try("set endpoint decoder mode",
		    cxl_sysram_decoder_set_dynamic_ram_1_mode(ctx, ep));
		d.mode_set = true;
	}
	try("allocate endpoint capacity",
	    cxl_decoder_set_dpa_size(ep, p->size));
	d.dpa = true;
	try("set target", dev_attr_write(ctx, devname, "target0", epname));
	d.target = true;
	try("commit decode", dev_attr_write(ctx, devname, "commit", "1"));
	d.commit = true;

	/* the policy before the bind, as for RAM (see create()) */
	rc = set_policy(p, sysram, devname);
	if (rc)
		goto rollback;
	/* a bind that fails half-way may still leave the region bound */
	d.bind = true;
	try("enable", region_driver_write(ctx, "bind", devname));
	if (!dev_attr_exists(devname, "driver")) {
		rc = -ENXIO;
		rep_err(ctx, "%s: failed to enable (see the kernel log)\n",
			devname);
		goto rollback;
	}
	rc = verify(sysram, want);
	if (rc)
		goto rollback;
	rep_info(ctx,
		 "%s: committed and enabled as a Dynamic Capacity sysram "
		 "region, extents %s\n",
		 devname, cxl_sysram_state_name(want));
	if (out)
		*out = sysram;
	return 0;

rollback:
	dc_rollback(p, &d, sysram);
	return rc;
}

static int create(struct plan *p, struct cxl_sysram_region **out)
{
	int want = p->prm.online_type;
	struct cxl_sysram_ctx *ctx = p->ctx;
	struct cxl_sysram_region *sysram = NULL;
	struct cxl_region *region;
	const char *devname;
	char name[64];
	int i, rc, nr_eps = 0, nr_targets = 0;

	if (p->dc)
		return create_dc(p, out);
	region = cxl_decoder_create_ram_region(p->root);
	if (!region) {
		rep_err(ctx, "%s: failed to create a region\n",
			cxl_decoder_get_devname(p->root));
		return -ENXIO;
	}
	devname = cxl_region_get_devname(region);
	rep_info(ctx, "%s: created under %s\n", devname,
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
		rep_err(ctx, "%s: no sysram region appeared\n", devname);
		goto rollback;
	}
	/*
	 * Policy before bind: the driver plugs memory per online_type as it
	 * binds, and online_type starts as the kernel's hotplug default, so
	 * the caller's type (unplugged to leave it so) is written first;
	 * private and uuid must be in place before anything is plugged or
	 * accepted under them.
	 */
	rc = set_policy(p, sysram, devname);
	if (rc)
		goto rollback;
	try("enable", cxl_region_enable(region));
	rc = verify(sysram, want);
	if (rc)
		goto rollback;
	report_unaligned(sysram, p);
	rep_info(ctx, "%s: committed and enabled as a sysram region, %s\n",
		 devname, cxl_sysram_state_name(want));
	if (out)
		*out = sysram;
	return 0;

rollback:
	snprintf(name, sizeof(name), "%s", cxl_region_get_devname(region));
	rep_err(ctx, "%s: rolling back\n", name);
	/*
	 * Memory that will not unplug keeps the region: disabling it or
	 * resetting its decode would pull the range from under System RAM.
	 * Unplugging works bound or not.
	 */
	if (sysram && unplug(sysram)) {
		rep_err(ctx, "%s: left in place: memory in use\n", name);
		return rc;
	}
	if (region_teardown(ctx, region, name, p->eps, nr_eps, nr_targets))
		rep_err(ctx, "%s: rollback incomplete, see above\n", name);
	return rc;
}

CXL_EXPORT int
cxl_sysram_region_create(struct cxl_sysram_ctx *ctx,
			 const struct cxl_sysram_create_params *params,
			 struct cxl_sysram_region **sysram)
{
	struct plan p = { .ctx = ctx };
	int rc;

	if (!ctx)
		return -EINVAL;
	op_begin(ctx);
	if (!params || params->size < PARAMS_V1_SIZE) {
		rep_err(ctx, "invalid create params (call "
			     "cxl_sysram_create_params_init)\n");
		op_end(ctx);
		return -EINVAL;
	}
	/* fields a caller's older params lack keep their defaults */
	cxl_sysram_create_params_init(&p.prm, sizeof(p.prm));
	memcpy(&p.prm, params,
	       params->size < sizeof(p.prm) ? params->size : sizeof(p.prm));
	rc = validate_create(&p);
	if (!rc)
		rc = create(&p, sysram);
	op_end(ctx);
	return rc;
}

/* ------------------------------------------------------------------ */
/* destroy                                                             */
/* ------------------------------------------------------------------ */

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

/* every region can go, in some order, with the others destroyed with it */
static int check_destroy_order(struct cxl_sysram_ctx *ctx,
			       struct cxl_region **list, int n)
{
	int i, bad = 0;

	for (i = 0; i < n; i++) {
		struct cxl_decoder *eps[MAX_WAYS], *d;
		int j, k = region_eps(list[i], eps);
		const char *name = cxl_region_get_devname(list[i]);

		for (j = 0; j < k; j++)
			cxl_decoder_foreach(cxl_decoder_get_port(eps[j]), d) {
				struct cxl_region *r =
					cxl_decoder_get_region(d);
				const char *ep =
					cxl_decoder_get_devname(eps[j]);

				if (cxl_decoder_get_id(d) <=
					    cxl_decoder_get_id(eps[j]) ||
				    !dpa_allocated(d) ||
				    (r && listed(list, n, r)))
					continue;
				bad++;
				if (!r && dpa_unknown(d)) {
					rep_err(ctx,
						"%s: cannot tell whether %s "
						"holds capacity allocated "
						"after it on %s (dpa_size)\n",
						name,
						cxl_decoder_get_devname(d), ep);
					continue;
				}
				rep_err(ctx,
					"%s: %s holds capacity allocated after "
					"it on %s: destroy %s first\n",
					name,
					r ? cxl_region_get_devname(r)
					  : cxl_decoder_get_devname(d),
					ep,
					r ? cxl_region_get_devname(r)
					  : "that allocation");
			}
	}
	return bad ? -EBUSY : 0;
}

static int destroy_one(struct cxl_sysram_region *sysram,
		       struct cxl_region *region, unsigned long flags)
{
	struct cxl_sysram_ctx *ctx = sysram->ctx;
	struct cxl_decoder *eps[MAX_WAYS];
	char name[64];
	int rc, n;

	snprintf(name, sizeof(name), "%s", sysram->region_devname);
	if (flags & CXL_SYSRAM_DESTROY_FORCE) {
		rc = unplug(sysram);
		if (rc)
			return rc;
	}
	/*
	 * The kernel's answer, not the state read before: commit 0 on the
	 * bound region is refused with -EBUSY while any of its sysram
	 * memory is plugged, in the same critical section that releases
	 * the driver.  So memory someone plugged since the check is neither
	 * unplugged without force nor pulled from under System RAM.
	 */
	if (cxl_region_decode_is_committed(region)) {
		rc = cxl_region_decode_reset(region);
		if (rc == -EBUSY) {
			rep_err(ctx,
				"%s: memory is plugged: offline it first "
				"(offline-sysram) or use --force\n",
				sysram->devname);
			return rc;
		}
		if (rc) {
			rep_err(ctx, "%s: failed to reset decode: %s\n", name,
				strerror(-rc));
			return rc;
		}
	}
	n = region_eps(region, eps);
	return region_teardown(ctx, region, name, eps, n, n);
}

/* every region of the list found by libcxl, nothing plugged without force */
static int check_destroy(struct cxl_sysram_ctx *ctx,
			 struct cxl_sysram_region **list, int n,
			 struct cxl_region **regions, unsigned long flags)
{
	int i, state, bad = 0;

	for (i = 0; i < n; i++) {
		if (!list[i] || list[i]->ctx != ctx) {
			rep_err(ctx, "invalid sysram region in the list\n");
			return -EINVAL;
		}
		regions[i] = cxl_sysram_region_get_region(list[i]);
		if (!regions[i]) {
			rep_err(ctx, "%s: %s not found\n", list[i]->devname,
				list[i]->region_devname);
			bad++;
			continue;
		}
		/*
		 * Plugged memory anywhere refuses the whole lot before
		 * anything is written; memory plugged after this look is the
		 * kernel's to refuse (destroy_one()).
		 */
		if (flags & CXL_SYSRAM_DESTROY_FORCE)
			continue;
		state = read_state(list[i]);
		if (state < 0) {
			bad++;
		} else if (state != CXL_SYSRAM_UNPLUGGED) {
			rep_err(ctx,
				"%s: memory is %s: offline it first "
				"(offline-sysram) or use --force\n",
				list[i]->devname, cxl_sysram_state_name(state));
			bad++;
		}
	}
	if (bad)
		return -EBUSY;
	return check_destroy_order(ctx, regions, n);
}

/*
 * 0 when all are destroyed, else the errno of the first failure; *done
 * counts the regions destroyed, -1 when the list was refused before any
 * write.
 */
static int destroy_list(struct cxl_sysram_ctx *ctx,
			struct cxl_sysram_region **list, int n,
			unsigned long flags, int *done)
{
	struct cxl_region **regions;
	int i, rc, left, first_rc = 0;

	*done = -1;
	if (n < 0 || (n && !list) || (flags & ~CXL_SYSRAM_DESTROY_FORCE)) {
		rep_err(ctx, "invalid destroy arguments\n");
		return -EINVAL;
	}
	regions = calloc(n ? n : 1, sizeof(*regions));
	if (!regions) {
		rep_err(ctx, "%s\n", strerror(ENOMEM));
		return -ENOMEM;
	}
	rc = check_destroy(ctx, list, n, regions, flags);
	if (rc) {
		free(regions);
		return rc;
	}
	*done = 0;
	/*
	 * Latest allocations first: each round destroys the regions nothing
	 * later depends on, until all are gone or a round makes no progress.
	 */
	for (left = n; left;) {
		int progress = 0;

		for (i = 0; i < n; i++) {
			if (!regions[i] || later_allocation(regions[i]))
				continue;
			rc = destroy_one(list[i], regions[i], flags);
			if (rc) {
				rep_err(ctx, "%s: not destroyed\n",
					list[i]->region_devname);
				first_rc = first_rc ?: rc;
			} else {
				list[i] = NULL;
				(*done)++;
			}
			regions[i] = NULL;
			left--;
			progress++;
		}
		if (progress)
			continue;
		for (i = 0; i < n; i++)
			if (regions[i])
				rep_err(ctx,
					"%s: not destroyed: a later "
					"allocation remains\n",
					list[i]->region_devname);
		first_rc = first_rc ?: -EBUSY;
		break;
	}
	free(regions);
	return first_rc;
}

CXL_EXPORT int cxl_sysram_region_destroy_list(struct cxl_sysram_ctx *ctx,
					      struct cxl_sysram_region **list,
					      int n, unsigned long flags)
{
	int rc, done;

	if (!ctx)
		return -EINVAL;
	op_begin(ctx);
	rc = destroy_list(ctx, list, n, flags, &done);
	op_end(ctx);
	return done < 0 ? rc : done;
}

CXL_EXPORT int cxl_sysram_region_destroy(struct cxl_sysram_region *sysram,
					 unsigned long flags)
{
	struct cxl_sysram_ctx *ctx;
	int rc, done;

	if (!sysram)
		return -EINVAL;
	ctx = sysram->ctx;
	op_begin(ctx);
	rc = destroy_list(ctx, &sysram, 1, flags, &done);
	op_end(ctx);
	return rc;
}
