/* SPDX-License-Identifier: LGPL-2.1 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _LIBCXL_SYSRAM_H_
#define _LIBCXL_SYSRAM_H_

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
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

/*
 * Create and destroy, exactly as cxl create-sysram and destroy-sysram do
 * them: validation before any write, rollback of a failed create, each
 * failure said once through the context's log.  See libcxl-sysram(3).
 */
enum cxl_sysram_type {
	CXL_SYSRAM_TYPE_RAM,
	CXL_SYSRAM_TYPE_DYNAMIC_RAM_1,
};

/* ways, granularity: not given (the defaults of the init call) */
#define CXL_SYSRAM_PARAM_UNSET INT_MAX

/*
 * Versioned by size: cxl_sysram_create_params_init() sets size to what
 * the caller's header knows and every field to its default; later
 * versions only add fields at the end.
 */
struct cxl_sysram_create_params {
	size_t size;
	const char *const *memdevs; /* memdev names, in target order */
	unsigned int nr_memdevs;
	const char *decoder; /* root decoder; NULL: the first mapping all */
	unsigned long long region_size; /* 0: the largest possible */
	int ways; /* CXL_SYSRAM_PARAM_UNSET: nr_memdevs */
	int granularity; /* CXL_SYSRAM_PARAM_UNSET: the root decoder's */
	enum cxl_sysram_type type;
	/* an online type, or CXL_SYSRAM_UNPLUGGED to leave it unplugged */
	enum cxl_sysram_state online_type;
	bool private_node;
	bool has_uuid; /* uuid: the extent tag (Dynamic Capacity only) */
	uuid_t uuid;
};

/* where an operation's own lines go (NULL: the log function) */
void cxl_sysram_set_report_fn(struct cxl_sysram_ctx *ctx,
			      void (*report_fn)(struct cxl_sysram_ctx *ctx,
						int priority, const char *file,
						int line, const char *fn,
						const char *format,
						va_list args));
int cxl_sysram_create_params_init(struct cxl_sysram_create_params *params,
				  size_t size);
int cxl_sysram_region_create(struct cxl_sysram_ctx *ctx,
			     const struct cxl_sysram_create_params *params,
			     struct cxl_sysram_region **sysram);

/* unplug online memory first, rather than refuse */
#define CXL_SYSRAM_DESTROY_FORCE (1UL << 0)

int cxl_sysram_region_destroy(struct cxl_sysram_region *sysram,
			      unsigned long flags);
/* how many destroyed (each set to NULL in list), or -errno: none touched */
int cxl_sysram_region_destroy_list(struct cxl_sysram_ctx *ctx,
				   struct cxl_sysram_region **list, int n,
				   unsigned long flags);
/* unplug whatever is plugged (bound or not), said once on failure */
int cxl_sysram_region_unplug(struct cxl_sysram_region *sysram);
/* after an enable: bound, and its memory in the state want */
int cxl_sysram_region_verify(struct cxl_sysram_region *sysram,
			     enum cxl_sysram_state want);

/*
 * Dynamic Capacity (DC): the first DC partition of a memdev
 * (memX/dynamic_ram_1/), the root decoders that create DC regions
 * (create_dynamic_ram_1_region), and endpoint decoders in mode
 * dynamic_ram_1, none of which the distribution's libcxl 81 knows.
 */
/* 0: no DC partition; ULLONG_MAX: unreadable */
unsigned long long
cxl_sysram_memdev_get_dynamic_ram_1_size(struct cxl_sysram_ctx *ctx,
					 struct cxl_memdev *memdev);
/* CXL_QOS_CLASS_NONE when none, unknown or unreadable */
int cxl_sysram_memdev_get_dynamic_ram_1_qos_class(struct cxl_sysram_ctx *ctx,
						  struct cxl_memdev *memdev);
/* what no endpoint decoder holds yet; ULLONG_MAX when it cannot be told */
unsigned long long
cxl_sysram_memdev_get_dynamic_ram_1_available(struct cxl_sysram_ctx *ctx,
					      struct cxl_memdev *memdev);
bool cxl_sysram_decoder_is_dynamic_ram_1_capable(struct cxl_sysram_ctx *ctx,
						 struct cxl_decoder *root);
struct cxl_region *
cxl_sysram_decoder_create_dynamic_ram_1_region(struct cxl_sysram_ctx *ctx,
					       struct cxl_decoder *root);
int cxl_sysram_decoder_set_dynamic_ram_1_mode(struct cxl_sysram_ctx *ctx,
					      struct cxl_decoder *decoder);
/* regionZ/mode: "ram" or "dynamic_ram_1"; NULL when unreadable */
const char *cxl_sysram_region_get_mode(struct cxl_sysram_region *sysram);

/*
 * Kernel uevents of the cxl bus (extents arriving, changing state and
 * leaving; regions and sysram regions coming and going), from a
 * NETLINK_KOBJECT_UEVENT socket: a hint to read sysfs again, which is
 * the truth.
 */
struct cxl_sysram_monitor;

enum cxl_sysram_event {
	CXL_SYSRAM_EVENT_ADD,
	CXL_SYSRAM_EVENT_REMOVE,
	CXL_SYSRAM_EVENT_CHANGE,
	CXL_SYSRAM_EVENT_OTHER,
};

int cxl_sysram_monitor_new(struct cxl_sysram_ctx *ctx,
			   struct cxl_sysram_monitor **mon);
void cxl_sysram_monitor_free(struct cxl_sysram_monitor *mon);
/* pollable (POLLIN); non-blocking, close-on-exec, owned by the monitor */
int cxl_sysram_monitor_get_fd(struct cxl_sysram_monitor *mon);
/* 1: an event of the cxl bus was read, 0: none pending, -errno */
int cxl_sysram_monitor_read(struct cxl_sysram_monitor *mon);
/* of the event read last */
int cxl_sysram_monitor_get_event(struct cxl_sysram_monitor *mon);
const char *cxl_sysram_monitor_get_devname(struct cxl_sysram_monitor *mon);
const char *cxl_sysram_monitor_get_devpath(struct cxl_sysram_monitor *mon);

/* what cxl_sysram_region_wait_extents() waits for */
enum cxl_sysram_wait {
	CXL_SYSRAM_WAIT_COUNT, /* exactly value extents */
	CXL_SYSRAM_WAIT_BYTES, /* exactly value bytes of extents */
	CXL_SYSRAM_WAIT_MIN_COUNT, /* value extents or more */
	CXL_SYSRAM_WAIT_MIN_BYTES, /* value bytes or more */
};
/* or'ed in: and every extent's state is the region's online_type */
#define CXL_SYSRAM_WAIT_SETTLED (1U << 8)

/* 0 once met, -ETIMEDOUT, or -errno; timeout_ms < 0: no timeout */
int cxl_sysram_region_wait_extents(struct cxl_sysram_region *sysram,
				   unsigned int cond, unsigned long long value,
				   int timeout_ms);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* _LIBCXL_SYSRAM_H_ */
