/* SPDX-License-Identifier: LGPL-2.1 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _LIBCXL_SYSRAM_PRIVATE_H_
#define _LIBCXL_SYSRAM_PRIVATE_H_

#include <fcntl.h>
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
/* the region driver, bound by writing a region's name to its bind */
#define REGION_DRIVER "/sys/bus/cxl/drivers/cxl_region"
/* the mode of the first Dynamic Capacity partition, as sysfs names it */
#define DC_MODE "dynamic_ram_1"

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
	/*
	 * libcxl contexts of our own, made to find a region the caller's
	 * libcxl context cannot list (see find_region()); freed by
	 * cxl_sysram_refresh() and the last unref
	 */
	struct cxl_ctx **shadows;
	int nr_shadows;
	/* sysram_scan() counts its scans; the last shadow was made in one */
	unsigned int scan_gen, shadow_gen;
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

/*
 * The attribute helpers of libcxl-sysram.c, the one place where the
 * library reads and writes sysfs: dir is a device's directory, devname
 * and attr name a failure in the log.  The dev_ forms take a device of
 * /sys/bus/cxl/devices by name.
 */
int attr_read(struct cxl_sysram_ctx *ctx, const char *dir, const char *devname,
	      const char *attr, char *buf);
/* dir relative to the directory dirfd: a short walk for many reads */
int attr_read_at(struct cxl_sysram_ctx *ctx, int dirfd, const char *dir,
		 const char *devname, const char *attr, char *buf);
int attr_write(struct cxl_sysram_ctx *ctx, const char *dir, const char *devname,
	       const char *attr, const char *val);
int attr_read_u64(struct cxl_sysram_ctx *ctx, int dirfd,
		  const char *dir,
		  const char *devname, const char *attr,
		  unsigned long long *val);
int attr_read_state(struct cxl_sysram_ctx *ctx, int dirfd,
		  const char *dir,
		    const char *devname, const char *attr);
int dev_attr_read(struct cxl_sysram_ctx *ctx, const char *devname,
		  const char *attr, char *buf);
int dev_attr_write(struct cxl_sysram_ctx *ctx, const char *devname,
		   const char *attr, const char *val);
bool dev_attr_exists(const char *devname, const char *attr);
/* write devname to the region driver's bind or unbind */
int region_driver_write(struct cxl_sysram_ctx *ctx, const char *op,
			const char *devname);
/* "<prefix><id>" exactly as the kernel names a device */
bool match_name(const char *name, const char *prefix, int *id);
/*
 * The region the kernel names so, as a libcxl object: from the caller's
 * libcxl context, else from one of our own made after it appeared
 * (libcxl lists a root decoder's regions once); NULL when neither has it
 */
struct cxl_region *find_region(struct cxl_sysram_ctx *ctx, const char *name);
/* the endpoint decoder of that name in the caller's libcxl context */
struct cxl_decoder *own_decoder(struct cxl_sysram_ctx *ctx,
				struct cxl_decoder *decoder);
/* DC: the free capacity of a memdev's partition, as the getter says */
unsigned long long dc_available(struct cxl_sysram_ctx *ctx,
				struct cxl_memdev *memdev, bool report);
/* DC: create_dynamic_ram_1_region under root; the new name in name */
int dc_region_create(struct cxl_sysram_ctx *ctx, struct cxl_decoder *root,
		     char *name, size_t len);

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
	int dirfd; /* dev_path opened (O_PATH) for its extents, or -1 */
	const char *devname; /* points into dev_path */
	char *region_devname; /* the parent: regionZ */
	unsigned int cached;
	int online_type;
	bool private_node;
	uuid_t uuid;
	int target_node;
	unsigned long long size;
	bool dynamic;
	char mode[32]; /* regionZ/mode, with dynamic */
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
