/* SPDX-License-Identifier: LGPL-2.1 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _LIBCXL_SYSRAM_PRIVATE_H_
#define _LIBCXL_SYSRAM_PRIVATE_H_

#include <stdbool.h>
#include <uuid/uuid.h>
#include <util/log.h>
#include <cxl/libcxl-sysram.h>

#define CXL_EXPORT __attribute__((visibility("default")))

/* where the cxl bus lists its devices: regions, sysram regions */
#define CXL_DEVICES "/sys/bus/cxl/devices"
/* the nodes whose memory is private; present only where such nodes exist */
#define NODE_PRIVATE_LIST "/sys/devices/system/node/has_private_memory"
/* the driver that binds sysram regions; its directory tells the kernel has them
 */
#define SYSRAM_DRIVER "/sys/bus/cxl/drivers/cxl_sysram_region"
/* the memory hotplug granule, in hex without 0x */
#define MEMORY_BLOCK_SIZE "/sys/devices/system/memory/block_size_bytes"

struct extent_array;

struct cxl_sysram_ctx {
	/* first member: the public log_fn receives it cast to the ctx */
	struct log_ctx ctx;
	int refcount;
	struct cxl_ctx *cxl;
	void *userdata;
	bool regions_init;
	struct cxl_sysram_region *regions; /* sorted by id */
	/*
	 * Objects dropped by a rescan or a refresh stay allocated until the
	 * last unref, so that a caller's pointer never dangles (libcxl keeps
	 * "stale" regions for the same reason).
	 */
	struct cxl_sysram_region *stale_regions;
	struct extent_array *stale_extents;
	/*
	 * Inside an operation (create, destroy, unplug, verify) each failure
	 * is reported once, with its reason, at op_priority, the caller's
	 * level; the attribute helpers' own error lines would say it twice,
	 * so log_priority is lowered for the operation (see op_begin()).
	 */
	int op_depth;
	int op_priority;
	/* CXL_SYSRAM_LOG set the level: the user asked for every line */
	bool env_priority;
	/* where an operation's own lines go; NULL: the log function */
	log_fn report_fn;
};

void do_report(struct cxl_sysram_ctx *ctx, int priority, const char *file,
	       int line, const char *fn, const char *format, ...)
	__attribute__((format(printf, 6, 7)));

/* the caller's level, inside an operation or not */
static inline int report_priority(struct cxl_sysram_ctx *ctx)
{
	return ctx->op_depth ? ctx->op_priority : ctx->ctx.log_priority;
}

/* the one line of a failure, a note or a step of an operation */
#define report(c, prio, ...)                                             \
	do {                                                             \
		if (report_priority(c) >= (prio))                        \
			do_report(c, prio, __FILE__, __LINE__, __func__, \
				  __VA_ARGS__);                          \
	} while (0)
#define rep_err(c, ...) report(c, LOG_ERR, __VA_ARGS__)
#define rep_notice(c, ...) report(c, LOG_NOTICE, __VA_ARGS__)
#define rep_info(c, ...) report(c, LOG_INFO, __VA_ARGS__)

void op_begin(struct cxl_sysram_ctx *ctx);
void op_end(struct cxl_sysram_ctx *ctx);
int sysram_scan(struct cxl_sysram_ctx *ctx);
/* block_size_bytes, a failure reported as the operations report them */
int read_block_size(struct cxl_sysram_ctx *ctx, unsigned long long *size);

/* one bit per cached attribute of a sysram region or an extent */
enum {
	ATTR_ONLINE_TYPE = 1 << 0,
	ATTR_PRIVATE = 1 << 1,
	ATTR_UUID = 1 << 2,
	ATTR_TARGET_NODE = 1 << 3,
	ATTR_SIZE = 1 << 4,
	ATTR_DYNAMIC = 1 << 5,
	ATTR_OFFSET = 1 << 6,
	ATTR_LENGTH = 1 << 7,
	ATTR_STATE = 1 << 8,
};

struct cxl_sysram_region {
	struct cxl_sysram_ctx *ctx;
	struct cxl_sysram_region *next;
	int id;
	char *dev_path; /* the device directory, symlinks resolved */
	const char *devname; /* points into dev_path */
	char *region_devname; /* the parent: regionZ */
	unsigned int cached;
	int online_type;
	bool private_node;
	uuid_t uuid;
	int target_node;
	unsigned long long size;
	bool dynamic;
	struct extent_array *extents; /* NULL until first walked */
};

struct cxl_sysram_extent {
	struct extent_array *array;
	int region_id, id;
	char devname[32]; /* extentZ.N */
	unsigned int cached;
	unsigned long long offset, length;
	uuid_t uuid;
	int state;
};

/*
 * Extents live in one array per walk: thousands of them cost one
 * allocation, and get_next is an index step.
 */
struct extent_array {
	struct cxl_sysram_region *sysram;
	struct extent_array *next_stale;
	int nr;
	struct cxl_sysram_extent ext[];
};

#endif /* _LIBCXL_SYSRAM_PRIVATE_H_ */
