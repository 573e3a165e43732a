/* SPDX-License-Identifier: LGPL-2.1 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _LIBCXL_SYSRAM_H_
#define _LIBCXL_SYSRAM_H_

#include <stdarg.h>
#include <stdbool.h>
#include <uuid/uuid.h>
#include <cxl/libcxl.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * libcxl-sysram: the C API over the kernel's sysram region sysfs ABI
 * (Documentation/ABI/testing/sysfs-bus-cxl-sysram).  It sits beside the
 * distribution's libcxl: a struct cxl_sysram_ctx wraps a struct cxl_ctx,
 * and a struct cxl_region leads to its sysram region and back.  Objects
 * are owned by the context; callers never free them.
 *
 * Returns follow libcxl: 0 or a value on success, -errno on failure;
 * sizes and offsets are ULLONG_MAX when unknown.  See libcxl-sysram(3).
 */
struct cxl_sysram_ctx;

int cxl_sysram_new(struct cxl_ctx *cxl, struct cxl_sysram_ctx **ctx);
struct cxl_sysram_ctx *cxl_sysram_ref(struct cxl_sysram_ctx *ctx);
void cxl_sysram_unref(struct cxl_sysram_ctx *ctx);
struct cxl_ctx *cxl_sysram_get_cxl_ctx(struct cxl_sysram_ctx *ctx);
void cxl_sysram_set_log_fn(struct cxl_sysram_ctx *ctx,
			   void (*log_fn)(struct cxl_sysram_ctx *ctx,
					  int priority, const char *file,
					  int line, const char *fn,
					  const char *format, va_list args));
int cxl_sysram_get_log_priority(struct cxl_sysram_ctx *ctx);
void cxl_sysram_set_log_priority(struct cxl_sysram_ctx *ctx, int priority);
void cxl_sysram_set_userdata(struct cxl_sysram_ctx *ctx, void *userdata);
void *cxl_sysram_get_userdata(struct cxl_sysram_ctx *ctx);

/* regionZ/memctrl: who turns a region's capacity into memory */
enum cxl_memctrl {
	CXL_MEMCTRL_AUTO,
	CXL_MEMCTRL_DAX,
	CXL_MEMCTRL_SYSRAM,
	CXL_MEMCTRL_PMEM,
};

const char *cxl_sysram_memctrl_name(enum cxl_memctrl memctrl);
int cxl_sysram_memctrl_from_name(const char *name);
int cxl_sysram_get_memctrl(struct cxl_sysram_ctx *ctx,
			   struct cxl_region *region);
int cxl_sysram_set_memctrl(struct cxl_sysram_ctx *ctx,
			   struct cxl_region *region, enum cxl_memctrl memctrl);

/* whether the running kernel has private NUMA nodes, asked without a write */
bool cxl_sysram_has_private_nodes(struct cxl_sysram_ctx *ctx);
/* what the running kernel offers, asked without a write */
bool cxl_sysram_has_sysram_regions(struct cxl_sysram_ctx *ctx);
bool cxl_sysram_has_dynamic_capacity(struct cxl_sysram_ctx *ctx);
int cxl_sysram_get_memory_block_size(struct cxl_sysram_ctx *ctx,
				     unsigned long long *size);
/*
 * Lists the sysram regions again and frees every object dropped since
 * the last refresh: pointers to extents, and to sysram regions that are
 * gone, are invalid after it.  Memory stays bounded across rescans.
 */
int cxl_sysram_refresh(struct cxl_sysram_ctx *ctx);

/*
 * The values of sysram_regionZ/state, sysram_regionZ/online_type and
 * extentZ.N/state share one set of names, as memoryN/state does.  OFFLINE
 * (added, every block offline) and MIXED (blocks changed by hand so that
 * they differ) are only ever read; MIXED comes last so that the values
 * of LIBCXL_SYSRAM_1 keep their numbers.
 */
enum cxl_sysram_state {
	CXL_SYSRAM_UNPLUGGED,
	CXL_SYSRAM_OFFLINE,
	CXL_SYSRAM_ONLINE,
	CXL_SYSRAM_ONLINE_KERNEL,
	CXL_SYSRAM_ONLINE_MOVABLE,
	CXL_SYSRAM_RELEASE_PENDING,
	CXL_SYSRAM_MIXED,
};

const char *cxl_sysram_state_name(enum cxl_sysram_state state);
int cxl_sysram_state_from_name(const char *name);
bool cxl_sysram_state_is_online(enum cxl_sysram_state state);

/* sysram regions */
struct cxl_sysram_region;

struct cxl_sysram_region *
cxl_sysram_region_get_first(struct cxl_sysram_ctx *ctx);
struct cxl_sysram_region *
cxl_sysram_region_get_next(struct cxl_sysram_region *sysram);
struct cxl_sysram_region *
cxl_sysram_region_from_region(struct cxl_sysram_ctx *ctx,
			      struct cxl_region *region);
/* "sysram_regionZ" or "regionZ", as of the last scan or refresh */
struct cxl_sysram_region *
cxl_sysram_region_get_by_name(struct cxl_sysram_ctx *ctx, const char *name);
struct cxl_sysram_ctx *
cxl_sysram_region_get_ctx(struct cxl_sysram_region *sysram);
struct cxl_region *
cxl_sysram_region_get_region(struct cxl_sysram_region *sysram);
const char *
cxl_sysram_region_get_region_devname(struct cxl_sysram_region *sysram);
const char *cxl_sysram_region_get_devname(struct cxl_sysram_region *sysram);
int cxl_sysram_region_get_id(struct cxl_sysram_region *sysram);
int cxl_sysram_region_is_enabled(struct cxl_sysram_region *sysram);
int cxl_sysram_region_is_dynamic(struct cxl_sysram_region *sysram);
int cxl_sysram_region_get_state(struct cxl_sysram_region *sysram);
int cxl_sysram_region_set_state(struct cxl_sysram_region *sysram,
				enum cxl_sysram_state state);
int cxl_sysram_region_get_online_type(struct cxl_sysram_region *sysram);
int cxl_sysram_region_set_online_type(struct cxl_sysram_region *sysram,
				      enum cxl_sysram_state online_type);
int cxl_sysram_region_get_private(struct cxl_sysram_region *sysram);
int cxl_sysram_region_set_private(struct cxl_sysram_region *sysram,
				  bool private_node);
int cxl_sysram_region_get_uuid(struct cxl_sysram_region *sysram, uuid_t uu);
int cxl_sysram_region_set_uuid(struct cxl_sysram_region *sysram,
			       const uuid_t uu);
int cxl_sysram_region_get_target_node(struct cxl_sysram_region *sysram);
unsigned long long cxl_sysram_region_get_size(struct cxl_sysram_region *sysram);
void cxl_sysram_region_refresh(struct cxl_sysram_region *sysram);

#define cxl_sysram_region_foreach(ctx, sysram)                          \
	for (sysram = cxl_sysram_region_get_first(ctx); sysram != NULL; \
	     sysram = cxl_sysram_region_get_next(sysram))

/* Dynamic Capacity extents of a sysram region */
struct cxl_sysram_extent;

/* how many extents: 0 for none, -errno when they cannot be listed */
int cxl_sysram_region_get_nr_extents(struct cxl_sysram_region *sysram);
struct cxl_sysram_extent *
cxl_sysram_extent_get_first(struct cxl_sysram_region *sysram);
struct cxl_sysram_extent *
cxl_sysram_extent_get_next(struct cxl_sysram_extent *extent);
struct cxl_sysram_region *
cxl_sysram_extent_get_sysram_region(struct cxl_sysram_extent *extent);
const char *cxl_sysram_extent_get_devname(struct cxl_sysram_extent *extent);
unsigned long long
cxl_sysram_extent_get_offset(struct cxl_sysram_extent *extent);
unsigned long long
cxl_sysram_extent_get_length(struct cxl_sysram_extent *extent);
int cxl_sysram_extent_get_uuid(struct cxl_sysram_extent *extent, uuid_t uu);
int cxl_sysram_extent_get_state(struct cxl_sysram_extent *extent);

#define cxl_sysram_extent_foreach(sysram, extent)                          \
	for (extent = cxl_sysram_extent_get_first(sysram); extent != NULL; \
	     extent = cxl_sysram_extent_get_next(extent))

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* _LIBCXL_SYSRAM_H_ */
