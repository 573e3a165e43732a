// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <util/sysfs.h>
#include "private.h"

/* ------------------------------------------------------------------ */
/* context                                                             */
/* ------------------------------------------------------------------ */

CXL_EXPORT int cxl_sysram_new(struct cxl_ctx *cxl, struct cxl_sysram_ctx **out)
{
	struct cxl_sysram_ctx *ctx;

	if (!cxl || !out)
		return -EINVAL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->refcount = 1;
	ctx->cxl = cxl_ref(cxl);
	/* follow libcxl's verbosity unless CXL_SYSRAM_LOG says otherwise */
	ctx->env_priority =
		log_init(&ctx->ctx, "libcxl-sysram", "CXL_SYSRAM_LOG");
	if (!ctx->env_priority)
		ctx->ctx.log_priority = cxl_get_log_priority(cxl);
	dbg(ctx, "ctx %p created\n", (void *)ctx);
	*out = ctx;
	return 0;
}

CXL_EXPORT struct cxl_sysram_ctx *cxl_sysram_ref(struct cxl_sysram_ctx *ctx)
{
	if (ctx)
		ctx->refcount++;
	return ctx;
}

static void free_extent_arrays(struct extent_array *arr)
{
	while (arr) {
		struct extent_array *next = arr->next_stale;

		free(arr);
		arr = next;
	}
}

static void free_sysram(struct cxl_sysram_region *s)
{
	if (s->dirfd >= 0)
		close(s->dirfd);
	free(s->extents);
	free(s->region_devname);
	free(s->dev_path);
	free(s);
}

static void free_sysram_list(struct cxl_sysram_region *s)
{
	while (s) {
		struct cxl_sysram_region *next = s->next;

		free_sysram(s);
		s = next;
	}
}

static void free_shadows(struct cxl_sysram_ctx *ctx)
{
	int i;

	for (i = 0; i < ctx->nr_shadows; i++)
		cxl_unref(ctx->shadows[i]);
	free(ctx->shadows);
	ctx->shadows = NULL;
	ctx->nr_shadows = 0;
}

CXL_EXPORT void cxl_sysram_unref(struct cxl_sysram_ctx *ctx)
{
	if (!ctx || --ctx->refcount > 0)
		return;
	free_shadows(ctx);
	free_sysram_list(ctx->regions);
	free_sysram_list(ctx->stale_regions);
	free_extent_arrays(ctx->stale_extents);
	cxl_unref(ctx->cxl);
	free(ctx);
}

CXL_EXPORT struct cxl_ctx *cxl_sysram_get_cxl_ctx(struct cxl_sysram_ctx *ctx)
{
	return ctx->cxl;
}

CXL_EXPORT void
cxl_sysram_set_log_fn(struct cxl_sysram_ctx *ctx,
		      void (*fn)(struct cxl_sysram_ctx *ctx, int priority,
				 const char *file, int line, const char *func,
				 const char *format, va_list args))
{
	ctx->ctx.log_fn = (log_fn)fn;
}

CXL_EXPORT int cxl_sysram_get_log_priority(struct cxl_sysram_ctx *ctx)
{
	return report_priority(ctx);
}

CXL_EXPORT void cxl_sysram_set_log_priority(struct cxl_sysram_ctx *ctx,
					    int priority)
{
	if (ctx->op_depth)
		ctx->op_priority = priority;
	else
		ctx->ctx.log_priority = priority;
}

CXL_EXPORT void cxl_sysram_set_report_fn(
	struct cxl_sysram_ctx *ctx,
	void (*fn)(struct cxl_sysram_ctx *ctx, int priority, const char *file,
		   int line, const char *func, const char *format,
		   va_list args))
{
	ctx->report_fn = (log_fn)fn;
}

void do_report(struct cxl_sysram_ctx *ctx, int priority, const char *file,
	       int line, const char *fn, const char *format, ...)
{
	log_fn to = ctx->report_fn ? ctx->report_fn : ctx->ctx.log_fn;
	va_list args;

	va_start(args, format);
	to(&ctx->ctx, priority, file, line, fn, format, args);
	va_end(args);
}

/*
 * An operation says each failure once: the attribute helpers' lines are
 * held back for its duration, unless debug or CXL_SYSRAM_LOG asks for
 * the library's own lines.
 */
void op_begin(struct cxl_sysram_ctx *ctx)
{
	if (ctx->op_depth++)
		return;
	ctx->op_priority = ctx->ctx.log_priority;
	if (ctx->op_priority < LOG_DEBUG && !ctx->env_priority)
		ctx->ctx.log_priority = LOG_CRIT;
}

void op_end(struct cxl_sysram_ctx *ctx)
{
	if (--ctx->op_depth)
		return;
	ctx->ctx.log_priority = ctx->op_priority;
}

CXL_EXPORT void cxl_sysram_set_userdata(struct cxl_sysram_ctx *ctx,
					void *userdata)
{
	ctx->userdata = userdata;
}

CXL_EXPORT void *cxl_sysram_get_userdata(struct cxl_sysram_ctx *ctx)
{
	return ctx->userdata;
}

/* ------------------------------------------------------------------ */
/* names                                                               */
/* ------------------------------------------------------------------ */

static const char *const memctrl_names[] = {
	[CXL_MEMCTRL_AUTO] = "auto",
	[CXL_MEMCTRL_DAX] = "dax",
	[CXL_MEMCTRL_SYSRAM] = "sysram",
	[CXL_MEMCTRL_PMEM] = "pmem",
};

static const char *const state_names[] = {
	[CXL_SYSRAM_UNPLUGGED] = "unplugged",
	[CXL_SYSRAM_OFFLINE] = "offline",
	[CXL_SYSRAM_ONLINE] = "online",
	[CXL_SYSRAM_ONLINE_KERNEL] = "online_kernel",
	[CXL_SYSRAM_ONLINE_MOVABLE] = "online_movable",
	[CXL_SYSRAM_RELEASE_PENDING] = "release_pending",
	[CXL_SYSRAM_MIXED] = "mixed",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int name_lookup(const char *const *names, size_t n, const char *name)
{
	size_t i;

	if (!name)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -EINVAL;
}

CXL_EXPORT const char *cxl_sysram_memctrl_name(enum cxl_memctrl memctrl)
{
	if ((unsigned int)memctrl >= ARRAY_SIZE(memctrl_names))
		return NULL;
	return memctrl_names[memctrl];
}

CXL_EXPORT int cxl_sysram_memctrl_from_name(const char *name)
{
	return name_lookup(memctrl_names, ARRAY_SIZE(memctrl_names), name);
}

CXL_EXPORT const char *cxl_sysram_state_name(enum cxl_sysram_state state)
{
	if ((unsigned int)state >= ARRAY_SIZE(state_names))
		return NULL;
	return state_names[state];
}

CXL_EXPORT int cxl_sysram_state_from_name(const char *name)
{
	return name_lookup(state_names, ARRAY_SIZE(state_names), name);
}

CXL_EXPORT bool cxl_sysram_state_is_online(enum cxl_sysram_state state)
{
	return state == CXL_SYSRAM_ONLINE ||
	       state == CXL_SYSRAM_ONLINE_KERNEL ||
	       state == CXL_SYSRAM_ONLINE_MOVABLE;
}

/* the values a user may write to state and online_type */
static bool state_writable(enum cxl_sysram_state state)
{
	return state == CXL_SYSRAM_UNPLUGGED ||
	       cxl_sysram_state_is_online(state);
}

/* ------------------------------------------------------------------ */
/* attribute access: every read and write of the library is here       */
/* ------------------------------------------------------------------ */

/*
 * Each helper takes the device's directory and name, so that a failure
 * is logged as "<device>: <attribute>: <reason>" whatever the object.
 */
static int attr_path(struct cxl_sysram_ctx *ctx, char *path, const char *dir,
		     const char *devname, const char *attr)
{
	if (snprintf(path, PATH_MAX, "%s/%s", dir, attr) >= PATH_MAX) {
		err(ctx, "%s: %s: path too long\n", devname, attr);
		return -ENAMETOOLONG;
	}
	return 0;
}

int attr_read(struct cxl_sysram_ctx *ctx, const char *dir, const char *devname,
	      const char *attr, char *buf)
{
	return attr_read_at(ctx, AT_FDCWD, dir, devname, attr, buf);
}

int attr_read_at(struct cxl_sysram_ctx *ctx, int dirfd, const char *dir,
		 const char *devname, const char *attr, char *buf)
{
	char path[PATH_MAX];
	int rc;

	rc = attr_path(ctx, path, dir, devname, attr);
	if (rc)
		return rc;
	rc = sysfs_read_attr_at(&ctx->ctx, dirfd, path, buf);
	if (rc)
		err(ctx, "%s: %s: failed to read: %s\n", devname, attr,
		    strerror(-rc));
	return rc;
}

static int malformed(struct cxl_sysram_ctx *ctx, const char *devname,
		     const char *attr, const char *buf)
{
	err(ctx, "%s: %s: malformed value '%s'\n", devname, attr, buf);
	return -EINVAL;
}

int attr_read_u64(struct cxl_sysram_ctx *ctx, int dirfd, const char *dir,
		  const char *devname, const char *attr,
		  unsigned long long *val)
{
	char buf[SYSFS_ATTR_SIZE];
	int rc;

	rc = attr_read_at(ctx, dirfd, dir, devname, attr, buf);
	if (rc)
		return rc;
	if (parse_u64(buf, val))
		return malformed(ctx, devname, attr, buf);
	return 0;
}

int attr_read_state(struct cxl_sysram_ctx *ctx, int dirfd, const char *dir,
		    const char *devname, const char *attr)
{
	char buf[SYSFS_ATTR_SIZE];
	int rc;

	rc = attr_read_at(ctx, dirfd, dir, devname, attr, buf);
	if (rc)
		return rc;
	rc = cxl_sysram_state_from_name(buf);
	if (rc < 0)
		return malformed(ctx, devname, attr, buf);
	return rc;
}

static int attr_read_uuid(struct cxl_sysram_ctx *ctx, int dirfd,
			  const char *dir, const char *devname,
			  const char *attr, uuid_t uu)
{
	char buf[SYSFS_ATTR_SIZE];
	int rc;

	rc = attr_read_at(ctx, dirfd, dir, devname, attr, buf);
	if (rc)
		return rc;
	if (strlen(buf) != 36 || uuid_parse(buf, uu) < 0)
		return malformed(ctx, devname, attr, buf);
	return 0;
}

int attr_write(struct cxl_sysram_ctx *ctx, const char *dir, const char *devname,
	       const char *attr, const char *val)
{
	char path[PATH_MAX], buf[64];
	int rc;

	rc = attr_path(ctx, path, dir, devname, attr);
	if (rc)
		return rc;
	snprintf(buf, sizeof(buf), "%s\n", val);
	rc = sysfs_write_attr(&ctx->ctx, path, buf);
	if (rc)
		err(ctx, "%s: %s: failed to write '%s': %s\n", devname, attr,
		    val, strerror(-rc));
	else
		dbg(ctx, "%s: %s = %s\n", devname, attr, val);
	return rc;
}

/*
 * private and uuid are hidden (is_visible) where the kernel has nothing
 * behind them: an absent attribute means "not supported", which is no
 * error to log, so callers such as cxl list stay quiet about it.
 */
static int attr_supported(struct cxl_sysram_region *sysram, const char *attr)
{
	char path[PATH_MAX];
	int rc;

	rc = attr_path(sysram->ctx, path, sysram->dev_path, sysram->devname,
		       attr);
	if (rc)
		return rc;
	if (access(path, F_OK) == 0)
		return 0;
	dbg(sysram->ctx, "%s: %s: not supported by this kernel\n",
	    sysram->devname, attr);
	return -EOPNOTSUPP;
}

/* a device of /sys/bus/cxl/devices, by name */
static int dev_dir(struct cxl_sysram_ctx *ctx, const char *devname, char *dir)
{
	if (snprintf(dir, PATH_MAX, CXL_DEVICES "/%s", devname) >= PATH_MAX) {
		err(ctx, "%s: path too long\n", devname);
		return -ENAMETOOLONG;
	}
	return 0;
}

int dev_attr_read(struct cxl_sysram_ctx *ctx, const char *devname,
		  const char *attr, char *buf)
{
	char dir[PATH_MAX];
	int rc = dev_dir(ctx, devname, dir);

	return rc ? rc : attr_read(ctx, dir, devname, attr, buf);
}

int dev_attr_write(struct cxl_sysram_ctx *ctx, const char *devname,
		   const char *attr, const char *val)
{
	char dir[PATH_MAX];
	int rc = dev_dir(ctx, devname, dir);

	return rc ? rc : attr_write(ctx, dir, devname, attr, val);
}

bool dev_attr_exists(const char *devname, const char *attr)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), CXL_DEVICES "/%s/%s", devname, attr) >=
	    (int)sizeof(path))
		return false;
	return access(path, F_OK) == 0;
}

int region_driver_write(struct cxl_sysram_ctx *ctx, const char *op,
			const char *devname)
{
	return attr_write(ctx, REGION_DRIVER, "cxl_region", op, devname);
}

/* ------------------------------------------------------------------ */
/* memctrl, on the libcxl region                                       */
/* ------------------------------------------------------------------ */

static int region_dir(struct cxl_sysram_ctx *ctx, struct cxl_region *region,
		      char *dir)
{
	const char *name = cxl_region_get_devname(region);

	if (snprintf(dir, PATH_MAX, CXL_DEVICES "/%s", name) >= PATH_MAX) {
		err(ctx, "%s: path too long\n", name);
		return -ENAMETOOLONG;
	}
	return 0;
}

CXL_EXPORT int cxl_sysram_get_memctrl(struct cxl_sysram_ctx *ctx,
				      struct cxl_region *region)
{
	const char *name = cxl_region_get_devname(region);
	char dir[PATH_MAX], buf[SYSFS_ATTR_SIZE];
	int rc;

	rc = region_dir(ctx, region, dir);
	if (rc)
		return rc;
	/* not cached: the kernel changes it when the region is (re)bound */
	rc = attr_read(ctx, dir, name, "memctrl", buf);
	if (rc)
		return rc;
	rc = cxl_sysram_memctrl_from_name(buf);
	if (rc < 0)
		return malformed(ctx, name, "memctrl", buf);
	return rc;
}

CXL_EXPORT int cxl_sysram_set_memctrl(struct cxl_sysram_ctx *ctx,
				      struct cxl_region *region,
				      enum cxl_memctrl memctrl)
{
	const char *name = cxl_region_get_devname(region);
	char dir[PATH_MAX];
	int rc;

	/* pmem is what a pmem region reads, never something to write */
	if (memctrl != CXL_MEMCTRL_AUTO && memctrl != CXL_MEMCTRL_DAX &&
	    memctrl != CXL_MEMCTRL_SYSRAM) {
		err(ctx, "%s: memctrl: invalid value %d\n", name, memctrl);
		return -EINVAL;
	}
	rc = region_dir(ctx, region, dir);
	if (rc)
		return rc;
	return attr_write(ctx, dir, name, "memctrl", memctrl_names[memctrl]);
}

CXL_EXPORT bool cxl_sysram_has_private_nodes(struct cxl_sysram_ctx *ctx)
{
	/*
	 * The node list exists exactly on kernels with N_MEMORY_PRIVATE,
	 * and so does sysram_regionZ/private: this asks before any region
	 * exists, where the attribute cannot be looked at yet.
	 */
	bool has = access(NODE_PRIVATE_LIST, F_OK) == 0;

	dbg(ctx, "private NUMA nodes: %s\n", has ? "yes" : "no");
	return has;
}

CXL_EXPORT bool cxl_sysram_has_sysram_regions(struct cxl_sysram_ctx *ctx)
{
	/* the driver registers with the cxl bus as its module loads */
	bool has = access(SYSRAM_DRIVER, F_OK) == 0;

	dbg(ctx, "sysram regions: %s\n", has ? "yes" : "no");
	return has;
}

static int scan_dc(void *arg, const char *name)
{
	char path[PATH_MAX];

	if (strncmp(name, "decoder", 7))
		return 0;
	snprintf(path, sizeof(path),
		 CXL_DEVICES "/%s/create_dynamic_ram_1_region", name);
	/* a root decoder of a kernel with Dynamic Capacity regions */
	return access(path, F_OK) == 0 ? 1 : 0;
}

CXL_EXPORT bool cxl_sysram_has_dynamic_capacity(struct cxl_sysram_ctx *ctx)
{
	bool has = sysfs_scan_dir(&ctx->ctx, CXL_DEVICES, scan_dc, NULL) == 1;

	dbg(ctx, "Dynamic Capacity: %s\n", has ? "yes" : "no");
	return has;
}

/* block_size_bytes: hex digits only (no 0x, sign or blank), a power of 2 */
static int parse_block_size(const char *buf, unsigned long long *size)
{
	unsigned long long v;
	char *end;

	if (!buf[0] || buf[strspn(buf, "0123456789abcdefABCDEF")])
		return -EINVAL;
	errno = 0;
	v = strtoull(buf, &end, 16);
	if (errno || !v || *end || (v & (v - 1)))
		return -EINVAL;
	*size = v;
	return 0;
}

int read_block_size(struct cxl_sysram_ctx *ctx, unsigned long long *size)
{
	char buf[SYSFS_ATTR_SIZE];
	int rc;

	rc = sysfs_read_attr(&ctx->ctx, MEMORY_BLOCK_SIZE, buf);
	if (rc) {
		rep_err(ctx, "%s: cannot read the memory block size: %s\n",
			MEMORY_BLOCK_SIZE, strerror(-rc));
		return rc;
	}
	if (parse_block_size(buf, size)) {
		rep_err(ctx, "%s: malformed value '%s'\n", MEMORY_BLOCK_SIZE,
			buf);
		return -EINVAL;
	}
	return 0;
}

CXL_EXPORT int cxl_sysram_get_memory_block_size(struct cxl_sysram_ctx *ctx,
						unsigned long long *size)
{
	return read_block_size(ctx, size);
}

/* ------------------------------------------------------------------ */
/* Dynamic Capacity: memdev partitions, root and endpoint decoders     */
/* ------------------------------------------------------------------ */

/*
 * memX/dynamic_ram_1/ exists only on a memdev with a Dynamic Capacity
 * partition (the kernel hides it when the partition's size is 0)
 */
static bool has_dc_partition(struct cxl_memdev *memdev)
{
	return dev_attr_exists(cxl_memdev_get_devname(memdev), DC_MODE);
}

CXL_EXPORT unsigned long long
cxl_sysram_memdev_get_dynamic_ram_1_size(struct cxl_sysram_ctx *ctx,
					 struct cxl_memdev *memdev)
{
	const char *name = cxl_memdev_get_devname(memdev);
	char dir[PATH_MAX];
	unsigned long long size;

	if (!has_dc_partition(memdev))
		return 0;
	if (dev_dir(ctx, name, dir) ||
	    attr_read_u64(ctx, AT_FDCWD, dir, name, DC_MODE "/size", &size))
		return ULLONG_MAX;
	return size;
}

CXL_EXPORT int
cxl_sysram_memdev_get_dynamic_ram_1_qos_class(struct cxl_sysram_ctx *ctx,
					      struct cxl_memdev *memdev)
{
	const char *name = cxl_memdev_get_devname(memdev);
	char buf[SYSFS_ATTR_SIZE];
	int qos;

	if (!has_dc_partition(memdev) ||
	    dev_attr_read(ctx, name, DC_MODE "/qos_class", buf))
		return CXL_QOS_CLASS_NONE;
	if (parse_int(buf, &qos)) {
		malformed(ctx, name, DC_MODE "/qos_class", buf);
		return CXL_QOS_CLASS_NONE;
	}
	/* -1, the kernel's "unknown", is CXL_QOS_CLASS_NONE */
	return qos < 0 ? CXL_QOS_CLASS_NONE : qos;
}

/*
 * The partition's size less what endpoint decoders in mode dynamic_ram_1
 * hold (libcxl reads that mode as "mixed": it is read here).  report:
 * say why, as an operation does, when it cannot be told.
 */
unsigned long long dc_available(struct cxl_sysram_ctx *ctx,
				struct cxl_memdev *memdev, bool report)
{
	const char *name = cxl_memdev_get_devname(memdev);
	unsigned long long size, used = 0, dpa;
	struct cxl_endpoint *ep = cxl_memdev_get_endpoint(memdev);
	char buf[SYSFS_ATTR_SIZE];
	struct cxl_decoder *d;

	size = cxl_sysram_memdev_get_dynamic_ram_1_size(ctx, memdev);
	if (size == ULLONG_MAX) {
		if (report)
			rep_err(ctx, "%s: cannot read %s/size\n", name,
				DC_MODE);
		return ULLONG_MAX;
	}
	if (!size || !ep)
		return 0;
	cxl_decoder_foreach(cxl_endpoint_get_port(ep), d) {
		const char *dname = cxl_decoder_get_devname(d);

		dpa = cxl_decoder_get_dpa_size(d);
		if (!dpa)
			continue;
		if (dpa == ULLONG_MAX ||
		    dev_attr_read(ctx, dname, "mode", buf)) {
			if (report)
				rep_err(ctx,
					"%s: %s: cannot tell the capacity it "
					"holds (%s)\n",
					name, dname,
					dpa == ULLONG_MAX ? "dpa_size"
							  : "mode");
			return ULLONG_MAX;
		}
		if (strcmp(buf, DC_MODE) == 0)
			used += dpa;
	}
	return used >= size ? 0 : size - used;
}

CXL_EXPORT unsigned long long
cxl_sysram_memdev_get_dynamic_ram_1_available(struct cxl_sysram_ctx *ctx,
					      struct cxl_memdev *memdev)
{
	return dc_available(ctx, memdev, false);
}

CXL_EXPORT bool
cxl_sysram_decoder_is_dynamic_ram_1_capable(struct cxl_sysram_ctx *ctx,
					    struct cxl_decoder *root)
{
	const char *name = cxl_decoder_get_devname(root);
	bool has = cxl_port_is_root(cxl_decoder_get_port(root)) &&
		   dev_attr_exists(name, "create_" DC_MODE "_region");

	dbg(ctx, "%s: Dynamic Capacity regions: %s\n", name,
	    has ? "yes" : "no");
	return has;
}

int dc_region_create(struct cxl_sysram_ctx *ctx, struct cxl_decoder *root,
		     char *name, size_t len)
{
	const char *attr = "create_" DC_MODE "_region";
	const char *rname = cxl_decoder_get_devname(root);
	char buf[SYSFS_ATTR_SIZE];
	int rc, id;

	/* the kernel offers the next free name; writing it back creates */
	rc = dev_attr_read(ctx, rname, attr, buf);
	if (rc) {
		rep_err(ctx, "%s: cannot read %s: %s\n", rname, attr,
			strerror(-rc));
		return rc;
	}
	if (!match_name(buf, "region", &id) || strlen(buf) >= len) {
		rep_err(ctx, "%s: %s: malformed value '%s'\n", rname, attr,
			buf);
		return -EINVAL;
	}
	rc = dev_attr_write(ctx, rname, attr, buf);
	if (rc) {
		rep_err(ctx,
			"%s: failed to create a Dynamic Capacity region: "
			"%s\n",
			rname, strerror(-rc));
		return rc;
	}
	if (!dev_attr_exists(buf, ".")) {
		rep_err(ctx, "%s: %s did not appear\n", rname, buf);
		/* as libcxl does: no dangling region id left behind */
		dev_attr_write(ctx, rname, "delete_region", buf);
		return -ENXIO;
	}
	strcpy(name, buf);
	return 0;
}

CXL_EXPORT struct cxl_region *
cxl_sysram_decoder_create_dynamic_ram_1_region(struct cxl_sysram_ctx *ctx,
					       struct cxl_decoder *root)
{
	struct cxl_region *region = NULL;
	char name[64];

	op_begin(ctx);
	if (!cxl_sysram_decoder_is_dynamic_ram_1_capable(ctx, root)) {
		rep_err(ctx, "%s: no Dynamic Capacity regions (%s)\n",
			cxl_decoder_get_devname(root),
			"create_" DC_MODE "_region");
	} else if (!dc_region_create(ctx, root, name, sizeof(name))) {
		/* its sysram region, registered with it, is listed too */
		sysram_scan(ctx);
		region = find_region(ctx, name);
		if (!region) {
			rep_err(ctx, "%s: not found by libcxl\n", name);
			dev_attr_write(ctx, cxl_decoder_get_devname(root),
				       "delete_region", name);
		}
	}
	op_end(ctx);
	return region;
}

CXL_EXPORT int
cxl_sysram_decoder_set_dynamic_ram_1_mode(struct cxl_sysram_ctx *ctx,
					  struct cxl_decoder *decoder)
{
	const char *name = cxl_decoder_get_devname(decoder);

	/* the kernel takes a mode only on an endpoint decoder */
	if (!cxl_port_is_endpoint(cxl_decoder_get_port(decoder))) {
		err(ctx, "%s: mode: not an endpoint decoder\n", name);
		return -EINVAL;
	}
	return dev_attr_write(ctx, name, "mode", DC_MODE);
}

/* ------------------------------------------------------------------ */
/* sysram regions                                                      */
/* ------------------------------------------------------------------ */

/* <prefix><id>, exactly as the kernel names it: one name per device */
bool match_name(const char *name, const char *prefix, int *id)
{
	size_t len = strlen(prefix);
	int n;

	if (strncmp(name, prefix, len) != 0)
		return false;
	n = parse_id(name + len, id);
	return n && !name[len + n];
}

static struct cxl_sysram_region *new_sysram(struct cxl_sysram_ctx *ctx,
					    const char *name, int id)
{
	struct cxl_sysram_region *s;
	char link[PATH_MAX], *parent, *slash;
	int region_id;

	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->ctx = ctx;
	s->id = id;
	s->dirfd = -1;
	/*
	 * Attributes are read through the device's own directory, resolved
	 * once: a path through the bus's symlink costs a longer walk on
	 * every one of the thousands of reads a large extent list takes.
	 */
	snprintf(link, sizeof(link), CXL_DEVICES "/%s", name);
	s->dev_path = realpath(link, NULL);
	if (!s->dev_path) {
		err(ctx, "%s: cannot resolve: %s\n", name, strerror(errno));
		goto err;
	}
	slash = strrchr(s->dev_path, '/');
	s->devname = slash + 1;

	/*
	 * sysram_regionZ is a child device of regionZ: its parent
	 * directory names the region, which is how we reach libcxl.
	 */
	*slash = '\0';
	parent = strrchr(s->dev_path, '/');
	parent = parent ? parent + 1 : s->dev_path;
	if (!match_name(parent, "region", &region_id)) {
		err(ctx, "%s: parent '%s' is not a region\n", name, parent);
		goto err;
	}
	s->region_devname = strdup(parent);
	*slash = '/';
	if (!s->region_devname)
		goto err;
	return s;
err:
	free(s->dev_path);
	free(s);
	return NULL;
}

struct scan_state {
	struct cxl_sysram_ctx *ctx;
	struct cxl_sysram_region *found;
};

static struct cxl_sysram_region *find_by_id(struct cxl_sysram_region *list,
					    int id)
{
	for (; list; list = list->next)
		if (list->id == id)
			return list;
	return NULL;
}

static void insert_sorted(struct cxl_sysram_region **head,
			  struct cxl_sysram_region *s)
{
	while (*head && (*head)->id < s->id)
		head = &(*head)->next;
	s->next = *head;
	*head = s;
}

static void unlink_sysram(struct cxl_sysram_region **head,
			  struct cxl_sysram_region *s)
{
	for (; *head; head = &(*head)->next)
		if (*head == s) {
			*head = s->next;
			s->next = NULL;
			return;
		}
}

static bool same_device(struct cxl_sysram_region *s, const char *name)
{
	char link[PATH_MAX], *real;
	bool same;

	snprintf(link, sizeof(link), CXL_DEVICES "/%s", name);
	real = realpath(link, NULL);
	same = real && strcmp(real, s->dev_path) == 0;
	free(real);
	return same;
}

static int scan_one(void *arg, const char *name)
{
	struct scan_state *st = arg;
	struct cxl_sysram_ctx *ctx = st->ctx;
	struct cxl_sysram_region *s;
	int id;

	if (!match_name(name, "sysram_region", &id))
		return 0;
	/*
	 * A device already known keeps its object, so pointers stay valid;
	 * a device at another place (its region destroyed and made again
	 * under another root decoder) is a new object.  Either way nothing
	 * cached before the scan is trusted after it.
	 */
	s = find_by_id(ctx->regions, id);
	if (s && !same_device(s, name))
		s = NULL;
	if (s) {
		unlink_sysram(&ctx->regions, s);
		cxl_sysram_region_refresh(s);
	} else {
		s = new_sysram(ctx, name, id);
		if (!s) {
			err(ctx, "%s: skipped\n", name);
			return 0;
		}
	}
	insert_sorted(&st->found, s);
	return 0;
}

int sysram_scan(struct cxl_sysram_ctx *ctx)
{
	struct scan_state st = { .ctx = ctx };
	struct cxl_sysram_region *gone;
	int rc;

	ctx->scan_gen++;
	rc = sysfs_scan_dir(&ctx->ctx, CXL_DEVICES, scan_one, &st);
	/* no cxl bus at all: no sysram region, no error */
	if (rc == -ENOENT)
		rc = 0;
	if (rc)
		err(ctx, "%s: %s\n", CXL_DEVICES, strerror(-rc));

	/* what the kernel no longer lists moves to the stale list */
	while ((gone = ctx->regions)) {
		ctx->regions = gone->next;
		gone->next = ctx->stale_regions;
		ctx->stale_regions = gone;
	}
	ctx->regions = st.found;
	ctx->regions_init = true;
	return rc;
}

CXL_EXPORT struct cxl_sysram_region *
cxl_sysram_region_get_first(struct cxl_sysram_ctx *ctx)
{
	if (!ctx->regions_init)
		sysram_scan(ctx);
	return ctx->regions;
}

CXL_EXPORT struct cxl_sysram_region *
cxl_sysram_region_get_next(struct cxl_sysram_region *sysram)
{
	return sysram->next;
}

static struct cxl_sysram_region *find_by_region(struct cxl_sysram_ctx *ctx,
						const char *region_devname)
{
	struct cxl_sysram_region *s;

	cxl_sysram_region_foreach(ctx, s)
		if (strcmp(s->region_devname, region_devname) == 0)
			return s;
	return NULL;
}

CXL_EXPORT struct cxl_sysram_region *
cxl_sysram_region_from_region(struct cxl_sysram_ctx *ctx,
			      struct cxl_region *region)
{
	/*
	 * Always list the devices again: the region may have been bound,
	 * or destroyed and made again, since the last scan.
	 */
	sysram_scan(ctx);
	return find_by_region(ctx, cxl_region_get_devname(region));
}

CXL_EXPORT struct cxl_sysram_region *
cxl_sysram_region_get_by_name(struct cxl_sysram_ctx *ctx, const char *name)
{
	struct cxl_sysram_region *s;
	int id;

	if (!name)
		return NULL;
	/* "sysram_regionZ", or its region "regionZ": the ids are one */
	if (!match_name(name, "sysram_region", &id) &&
	    !match_name(name, "region", &id))
		return NULL;
	cxl_sysram_region_foreach(ctx, s)
		if (s->id == id)
			return s;
	return NULL;
}

CXL_EXPORT int cxl_sysram_refresh(struct cxl_sysram_ctx *ctx)
{
	struct cxl_sysram_region *s;
	int rc;

	/*
	 * What the last refresh or scan left stale goes now: a caller that
	 * refreshes says it holds no pointer from before, so memory stays
	 * bounded however often a daemon rescans.
	 */
	free_sysram_list(ctx->stale_regions);
	ctx->stale_regions = NULL;
	free_shadows(ctx);
	for (s = ctx->regions; s; s = s->next) {
		s->cached = 0;
		free(s->extents);
		s->extents = NULL;
	}
	free_extent_arrays(ctx->stale_extents);
	ctx->stale_extents = NULL;
	rc = sysram_scan(ctx);
	/* what this scan dropped is gone from sysfs: free it as well */
	free_sysram_list(ctx->stale_regions);
	ctx->stale_regions = NULL;
	return rc;
}

CXL_EXPORT struct cxl_sysram_ctx *
cxl_sysram_region_get_ctx(struct cxl_sysram_region *sysram)
{
	return sysram->ctx;
}

/* the region of that name in one libcxl context, or NULL */
static struct cxl_region *region_in(struct cxl_ctx *cxl, const char *name)
{
	struct cxl_decoder *decoder;
	struct cxl_region *region;
	struct cxl_bus *bus;

	/* regions hang off root decoders, the ports of the buses */
	cxl_bus_foreach(cxl, bus) {
		struct cxl_port *port = cxl_bus_get_port(bus);

		cxl_decoder_foreach(port, decoder)
			cxl_region_foreach(decoder, region)
				if (strcmp(cxl_region_get_devname(region),
					   name) == 0)
					return region;
	}
	return NULL;
}

/*
 * libcxl lists a root decoder's regions once per context (ndctl 81 has
 * no call to list them again), when it first lists the root decoders:
 * a region made since by anything but libcxl's own create, such as a
 * Dynamic Capacity region, which only this library can make, is not in
 * the caller's context.  It is then looked up in a libcxl context of
 * our own, made after the region appeared, so the caller still gets an
 * object libcxl's calls work on; such contexts live until
 * cxl_sysram_refresh() or the last unref.
 */
struct cxl_region *find_region(struct cxl_sysram_ctx *ctx, const char *name)
{
	struct cxl_region *region = region_in(ctx->cxl, name);
	struct cxl_ctx *shadow, **grown;
	int i;

	if (region)
		return region;
	for (i = ctx->nr_shadows - 1; i >= 0; i--) {
		region = region_in(ctx->shadows[i], name);
		if (region)
			return region;
	}
	/*
	 * A context is only worth making for a region that exists, and
	 * that appeared since the last one was made: at most one a scan,
	 * however often a region libcxl cannot list at all is asked for.
	 */
	if (!dev_attr_exists(name, ".") ||
	    (ctx->nr_shadows && ctx->shadow_gen == ctx->scan_gen))
		return NULL;
	grown = realloc(ctx->shadows, (ctx->nr_shadows + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	ctx->shadows = grown;
	if (cxl_new(&shadow))
		return NULL;
	cxl_set_log_priority(shadow, cxl_get_log_priority(ctx->cxl));
	ctx->shadows[ctx->nr_shadows++] = shadow;
	ctx->shadow_gen = ctx->scan_gen;
	dbg(ctx, "%s: listed through a libcxl context of our own\n", name);
	return region_in(shadow, name);
}

/*
 * A decoder of a region found through our own libcxl context, as the
 * caller's context has it: capacity freed through that object is freed
 * in the caller's view too (libcxl keeps dpa_size as it last wrote or
 * read it).  The decoder itself when not found.
 */
struct cxl_decoder *own_decoder(struct cxl_sysram_ctx *ctx,
				struct cxl_decoder *decoder)
{
	const char *name = cxl_decoder_get_devname(decoder);
	struct cxl_memdev *memdev;
	struct cxl_decoder *d;

	if (cxl_decoder_get_ctx(decoder) == ctx->cxl)
		return decoder;
	cxl_memdev_foreach(ctx->cxl, memdev) {
		struct cxl_endpoint *ep = cxl_memdev_get_endpoint(memdev);

		if (!ep)
			continue;
		cxl_decoder_foreach(cxl_endpoint_get_port(ep), d)
			if (strcmp(cxl_decoder_get_devname(d), name) == 0)
				return d;
	}
	return decoder;
}

CXL_EXPORT struct cxl_region *
cxl_sysram_region_get_region(struct cxl_sysram_region *sysram)
{
	/*
	 * Looked up on every call, never kept: libcxl frees a region object
	 * when the region is deleted, and a kept pointer would dangle.
	 */
	struct cxl_region *region =
		find_region(sysram->ctx, sysram->region_devname);

	if (!region)
		err(sysram->ctx, "%s: %s not found by libcxl\n",
		    sysram->devname, sysram->region_devname);
	return region;
}

CXL_EXPORT const char *
cxl_sysram_region_get_region_devname(struct cxl_sysram_region *sysram)
{
	return sysram->region_devname;
}

CXL_EXPORT const char *
cxl_sysram_region_get_devname(struct cxl_sysram_region *sysram)
{
	return sysram->devname;
}

CXL_EXPORT int cxl_sysram_region_get_id(struct cxl_sysram_region *sysram)
{
	return sysram->id;
}

CXL_EXPORT int cxl_sysram_region_is_enabled(struct cxl_sysram_region *sysram)
{
	char path[PATH_MAX];
	int rc;

	rc = attr_path(sysram->ctx, path, sysram->dev_path, sysram->devname,
		       "driver");
	if (rc)
		return rc;
	return access(path, F_OK) == 0;
}

CXL_EXPORT int cxl_sysram_region_is_dynamic(struct cxl_sysram_region *sysram)
{
	struct cxl_sysram_ctx *ctx = sysram->ctx;
	char dir[PATH_MAX], buf[SYSFS_ATTR_SIZE];
	int rc;

	if (sysram->cached & ATTR_DYNAMIC)
		return sysram->dynamic;
	snprintf(dir, sizeof(dir), CXL_DEVICES "/%s", sysram->region_devname);
	rc = attr_read(ctx, dir, sysram->region_devname, "mode", buf);
	if (rc)
		return rc;
	/* "dynamic_ram_1" ... are the Dynamic Capacity partitions */
	if (strcmp(buf, "ram") == 0)
		sysram->dynamic = false;
	else if (strncmp(buf, "dynamic_ram_", 12) == 0 &&
		 strlen(buf) < sizeof(sysram->mode))
		sysram->dynamic = true;
	else
		return malformed(ctx, sysram->region_devname, "mode", buf);
	strcpy(sysram->mode, buf);
	sysram->cached |= ATTR_DYNAMIC;
	return sysram->dynamic;
}

CXL_EXPORT const char *
cxl_sysram_region_get_mode(struct cxl_sysram_region *sysram)
{
	if (cxl_sysram_region_is_dynamic(sysram) < 0)
		return NULL;
	return sysram->mode;
}

/* state is never cached: the kernel moves it when extents come and go */
CXL_EXPORT int cxl_sysram_region_get_state(struct cxl_sysram_region *sysram)
{
	return attr_read_state(sysram->ctx, AT_FDCWD, sysram->dev_path,
			       sysram->devname, "state");
}

static int check_writable_state(struct cxl_sysram_region *sysram,
				const char *attr, enum cxl_sysram_state state)
{
	if (state_writable(state))
		return 0;
	err(sysram->ctx, "%s: %s: '%s' cannot be written\n", sysram->devname,
	    attr, cxl_sysram_state_name(state) ?: "(invalid)");
	return -EINVAL;
}

CXL_EXPORT int cxl_sysram_region_set_state(struct cxl_sysram_region *sysram,
					   enum cxl_sysram_state state)
{
	int rc;

	rc = check_writable_state(sysram, "state", state);
	if (rc)
		return rc;
	return attr_write(sysram->ctx, sysram->dev_path, sysram->devname,
			  "state", state_names[state]);
}

CXL_EXPORT int
cxl_sysram_region_get_online_type(struct cxl_sysram_region *sysram)
{
	int rc;

	if (sysram->cached & ATTR_ONLINE_TYPE)
		return sysram->online_type;
	rc = attr_read_state(sysram->ctx, AT_FDCWD, sysram->dev_path,
			     sysram->devname, "online_type");
	if (rc < 0)
		return rc;
	if (!state_writable(rc))
		return malformed(sysram->ctx, sysram->devname, "online_type",
				 state_names[rc]);
	sysram->online_type = rc;
	sysram->cached |= ATTR_ONLINE_TYPE;
	return rc;
}

/*
 * After a write the cache is dropped, and the next get re-reads what the
 * kernel made of it: the cache never holds a value the kernel refused.
 */
static int write_and_invalidate(struct cxl_sysram_region *sysram,
				unsigned int bit, const char *attr,
				const char *val)
{
	int rc;

	sysram->cached &= ~bit;
	rc = attr_write(sysram->ctx, sysram->dev_path, sysram->devname, attr,
			val);
	return rc;
}

CXL_EXPORT int
cxl_sysram_region_set_online_type(struct cxl_sysram_region *sysram,
				  enum cxl_sysram_state online_type)
{
	int rc;

	rc = check_writable_state(sysram, "online_type", online_type);
	if (rc)
		return rc;
	rc = write_and_invalidate(sysram, ATTR_ONLINE_TYPE, "online_type",
				  state_names[online_type]);
	if (rc)
		return rc;
	cxl_sysram_region_get_online_type(sysram);
	return 0;
}

CXL_EXPORT int cxl_sysram_region_get_private(struct cxl_sysram_region *sysram)
{
	struct cxl_sysram_ctx *ctx = sysram->ctx;
	char buf[SYSFS_ATTR_SIZE];
	int rc;

	if (sysram->cached & ATTR_PRIVATE)
		return sysram->private_node;
	rc = attr_supported(sysram, "private");
	if (rc)
		return rc;
	rc = attr_read(ctx, sysram->dev_path, sysram->devname, "private", buf);
	if (rc)
		return rc;
	if (parse_bool01(buf, &sysram->private_node))
		return malformed(ctx, sysram->devname, "private", buf);
	sysram->cached |= ATTR_PRIVATE;
	return sysram->private_node;
}

CXL_EXPORT int cxl_sysram_region_set_private(struct cxl_sysram_region *sysram,
					     bool private_node)
{
	int rc;

	rc = attr_supported(sysram, "private");
	if (rc) {
		err(sysram->ctx,
		    "%s: private: this kernel has no private NUMA nodes\n",
		    sysram->devname);
		return rc;
	}
	/* a private node is another node: target_node changes with it */
	rc = write_and_invalidate(sysram, ATTR_PRIVATE | ATTR_TARGET_NODE,
				  "private", private_node ? "1" : "0");
	if (rc)
		return rc;
	cxl_sysram_region_get_private(sysram);
	return 0;
}

CXL_EXPORT int cxl_sysram_region_get_uuid(struct cxl_sysram_region *sysram,
					  uuid_t uu)
{
	int rc;

	if (!(sysram->cached & ATTR_UUID)) {
		rc = attr_supported(sysram, "uuid");
		if (rc)
			return rc;
		rc = attr_read_uuid(sysram->ctx, AT_FDCWD, sysram->dev_path,
				    sysram->devname, "uuid", sysram->uuid);
		if (rc)
			return rc;
		sysram->cached |= ATTR_UUID;
	}
	uuid_copy(uu, sysram->uuid);
	return 0;
}

CXL_EXPORT int cxl_sysram_region_set_uuid(struct cxl_sysram_region *sysram,
					  const uuid_t uu)
{
	char str[37];
	uuid_t tmp;
	int rc;

	/* the tag filters Dynamic Capacity extents; static RAM has none */
	rc = cxl_sysram_region_is_dynamic(sysram);
	if (rc < 0)
		return rc;
	if (!rc) {
		err(sysram->ctx,
		    "%s: uuid: only Dynamic Capacity regions "
		    "accept an extent tag\n",
		    sysram->devname);
		return -EOPNOTSUPP;
	}
	rc = attr_supported(sysram, "uuid");
	if (rc) {
		err(sysram->ctx, "%s: uuid: not supported by this kernel\n",
		    sysram->devname);
		return rc;
	}
	uuid_unparse_lower(uu, str);
	rc = write_and_invalidate(sysram, ATTR_UUID, "uuid", str);
	if (rc)
		return rc;
	cxl_sysram_region_get_uuid(sysram, tmp);
	return 0;
}

CXL_EXPORT int
cxl_sysram_region_get_target_node(struct cxl_sysram_region *sysram)
{
	struct cxl_sysram_ctx *ctx = sysram->ctx;
	char buf[SYSFS_ATTR_SIZE];
	int rc, node;

	if (sysram->cached & ATTR_TARGET_NODE)
		return sysram->target_node;
	rc = attr_read(ctx, sysram->dev_path, sysram->devname, "target_node",
		       buf);
	if (rc)
		return rc;
	/* probe fails without a node, so a bound device always has one */
	if (parse_int(buf, &node) || node < 0)
		return malformed(ctx, sysram->devname, "target_node", buf);
	sysram->target_node = node;
	sysram->cached |= ATTR_TARGET_NODE;
	return node;
}

CXL_EXPORT unsigned long long
cxl_sysram_region_get_size(struct cxl_sysram_region *sysram)
{
	if (!(sysram->cached & ATTR_SIZE)) {
		if (attr_read_u64(sysram->ctx, AT_FDCWD, sysram->dev_path,
				  sysram->devname, "size", &sysram->size))
			return ULLONG_MAX;
		sysram->cached |= ATTR_SIZE;
	}
	return sysram->size;
}

static void retire_extents(struct cxl_sysram_region *sysram)
{
	struct cxl_sysram_ctx *ctx = sysram->ctx;

	if (!sysram->extents)
		return;
	sysram->extents->next_stale = ctx->stale_extents;
	ctx->stale_extents = sysram->extents;
	sysram->extents = NULL;
}

CXL_EXPORT void cxl_sysram_region_refresh(struct cxl_sysram_region *sysram)
{
	sysram->cached = 0;
	retire_extents(sysram);
}

/* ------------------------------------------------------------------ */
/* extents                                                             */
/* ------------------------------------------------------------------ */

struct extent_scan {
	struct cxl_sysram_region *sysram;
	struct extent_array *arr;
	int alloc;
};

static int scan_extent(void *arg, const char *name)
{
	struct extent_scan *st = arg;
	struct cxl_sysram_extent *e;
	int region_id, id, n, m;

	/* extentZ.N, as match_name reads a name */
	if (strncmp(name, "extent", 6))
		return 0;
	n = parse_id(name + 6, &region_id);
	if (!n || name[6 + n] != '.')
		return 0;
	m = parse_id(name + 7 + n, &id);
	if (!m || name[7 + n + m])
		return 0;
	n += 7 + m;
	if ((size_t)n >= sizeof(e->devname))
		return 0;
	if (!st->arr || st->arr->nr == st->alloc) {
		int alloc = st->alloc ? st->alloc * 2 : 16;
		struct extent_array *arr;

		arr = realloc(st->arr, sizeof(*arr) + alloc * sizeof(*e));
		if (!arr)
			return -ENOMEM;
		if (!st->arr) {
			arr->nr = 0;
			arr->next_stale = NULL;
		}
		st->arr = arr;
		st->alloc = alloc;
	}
	e = &st->arr->ext[st->arr->nr++];
	memset(e, 0, sizeof(*e));
	e->region_id = region_id;
	e->id = id;
	memcpy(e->devname, name, n + 1);
	return 0;
}

static int extent_cmp(const void *a, const void *b)
{
	const struct cxl_sysram_extent *x = a, *y = b;

	if (x->region_id != y->region_id)
		return x->region_id < y->region_id ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int extents_init(struct cxl_sysram_region *sysram)
{
	struct extent_scan st = { .sysram = sysram };
	struct cxl_sysram_ctx *ctx = sysram->ctx;
	int i, rc;

	rc = sysfs_scan_dir(&ctx->ctx, sysram->dev_path, scan_extent, &st);
	if (rc) {
		err(ctx, "%s: cannot list extents: %s\n", sysram->devname,
		    strerror(-rc));
		free(st.arr);
		return rc;
	}
	if (!st.arr) {
		/* none: remember that, so the next walk does not rescan */
		st.arr = calloc(1, sizeof(*st.arr));
		if (!st.arr)
			return -ENOMEM;
	}
	qsort(st.arr->ext, st.arr->nr, sizeof(st.arr->ext[0]), extent_cmp);
	st.arr->sysram = sysram;
	for (i = 0; i < st.arr->nr; i++)
		st.arr->ext[i].array = st.arr;
	sysram->extents = st.arr;
	return 0;
}

CXL_EXPORT int
cxl_sysram_region_get_nr_extents(struct cxl_sysram_region *sysram)
{
	int rc;

	if (!sysram->extents) {
		rc = extents_init(sysram);
		if (rc)
			return rc;
	}
	return sysram->extents->nr;
}

CXL_EXPORT struct cxl_sysram_extent *
cxl_sysram_extent_get_first(struct cxl_sysram_region *sysram)
{
	if (!sysram->extents)
		extents_init(sysram);
	if (!sysram->extents || !sysram->extents->nr)
		return NULL;
	return &sysram->extents->ext[0];
}

CXL_EXPORT struct cxl_sysram_extent *
cxl_sysram_extent_get_next(struct cxl_sysram_extent *extent)
{
	struct extent_array *arr = extent->array;
	long idx = extent - arr->ext;

	return idx + 1 < arr->nr ? extent + 1 : NULL;
}

CXL_EXPORT struct cxl_sysram_region *
cxl_sysram_extent_get_sysram_region(struct cxl_sysram_extent *extent)
{
	return extent->array->sysram;
}

CXL_EXPORT const char *
cxl_sysram_extent_get_devname(struct cxl_sysram_extent *extent)
{
	return extent->devname;
}

/*
 * An extent's attributes live in <sysram_regionZ>/<extentZ.N>/, read
 * relative to the sysram region's directory, opened once: a walk of the
 * full path for each attribute of each extent is most of the cost of
 * listing many extents.  Sets *dirfd to the directory to read them
 * relative to, and dir to the extent's directory (a full path, relative to
 * AT_FDCWD, if the open failed).
 */
static int extent_dir(struct cxl_sysram_extent *extent, char *dir, int *dirfd)
{
	struct cxl_sysram_region *sysram = extent->array->sysram;
	int n;

	if (sysram->dirfd < 0)
		sysram->dirfd = open(sysram->dev_path,
				     O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (sysram->dirfd >= 0)
		n = snprintf(dir, PATH_MAX, "%s", extent->devname);
	else
		n = snprintf(dir, PATH_MAX, "%s/%s", sysram->dev_path,
			     extent->devname);
	if (n >= PATH_MAX) {
		err(sysram->ctx, "%s: path too long\n", extent->devname);
		return -ENAMETOOLONG;
	}
	*dirfd = sysram->dirfd >= 0 ? sysram->dirfd : AT_FDCWD;
	return 0;
}

static unsigned long long extent_u64(struct cxl_sysram_extent *extent,
				     unsigned int bit, const char *attr,
				     unsigned long long *val)
{
	char dir[PATH_MAX];
	int dirfd;

	if (extent->cached & bit)
		return *val;
	if (extent_dir(extent, dir, &dirfd) ||
	    attr_read_u64(extent->array->sysram->ctx, dirfd, dir,
			  extent->devname, attr, val))
		return ULLONG_MAX;
	extent->cached |= bit;
	return *val;
}

CXL_EXPORT unsigned long long
cxl_sysram_extent_get_offset(struct cxl_sysram_extent *extent)
{
	return extent_u64(extent, ATTR_OFFSET, "offset", &extent->offset);
}

CXL_EXPORT unsigned long long
cxl_sysram_extent_get_length(struct cxl_sysram_extent *extent)
{
	return extent_u64(extent, ATTR_LENGTH, "length", &extent->length);
}

CXL_EXPORT int cxl_sysram_extent_get_uuid(struct cxl_sysram_extent *extent,
					  uuid_t uu)
{
	char dir[PATH_MAX];
	int dirfd, rc;

	if (!(extent->cached & ATTR_UUID)) {
		rc = extent_dir(extent, dir, &dirfd);
		if (rc)
			return rc;
		rc = attr_read_uuid(extent->array->sysram->ctx, dirfd, dir,
				    extent->devname, "uuid", extent->uuid);
		if (rc)
			return rc;
		extent->cached |= ATTR_UUID;
	}
	uuid_copy(uu, extent->uuid);
	return 0;
}

CXL_EXPORT int cxl_sysram_extent_get_state(struct cxl_sysram_extent *extent)
{
	char dir[PATH_MAX];
	int dirfd, rc;

	if (extent->cached & ATTR_STATE)
		return extent->state;
	rc = extent_dir(extent, dir, &dirfd);
	if (rc)
		return rc;
	rc = attr_read_state(extent->array->sysram->ctx, dirfd, dir,
			     extent->devname, "state");
	if (rc < 0)
		return rc;
	extent->state = rc;
	extent->cached |= ATTR_STATE;
	return rc;
}
