// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * create-sysram -r regionZ: a RAM region that came up through the dax
 * path (dax_regionZ, daxZ.N, the kmem driver, memory onlined from
 * userspace) becomes a sysram region.
 *
 * Everything is read before anything is written: the region, its memctrl,
 * its dax device through the distribution's libdaxctl, the state of that
 * device's memory and who has the device open.  Then, in order: the
 * device's memory goes offline, the region is disabled, memctrl becomes
 * sysram, the policy is written, and the region is enabled, which plugs
 * the memory.  A step that fails, or a signal (SIGINT, SIGTERM, SIGHUP:
 * offlining retries for as long as pinned pages will not migrate, until
 * one comes), undoes the steps before it in reverse order, down to the
 * dax device in its mode with its memory online as before.  Memory the
 * sysram region plugged and cannot unplug again keeps it, and is said.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <util/json.h>
#include <util/log.h>
#include <util/sysfs.h>
#include <cxl/libcxl.h>
#include <cxl/libcxl-sysram.h>
#include <daxctl/libdaxctl.h>
#include "builtin.h"
#include "filter.h"
#include "list.h"

#define CXL_DEVICES "/sys/bus/cxl/devices"
/* how long a region enabled again may take to show its dax device */
#define DAX_WAIT_MS 10000

enum dax_mode {
	DAX_NONE,
	DAX_DISABLED,
	DAX_DEVDAX,
	DAX_SYSTEM_RAM
};

static const char *const dax_mode_names[] = {
	[DAX_NONE] = "none",
	[DAX_DISABLED] = "disabled",
	[DAX_DEVDAX] = "devdax",
	[DAX_SYSTEM_RAM] = "system-ram",
};

struct adopt {
	struct cxl_sysram_ctx *ctx;
	struct log_ctx *l;
	const struct adopt_opts *opts;
	struct cxl_region *region;
	char name[32]; /* regionZ */
	char dax_path[128]; /* its dax_regionZ */
	int memctrl; /* auto or dax, to put back */
	bool enabled; /* the region was enabled */
	/* the region's dax device as it was: DAX_NONE when it has none */
	enum dax_mode mode;
	char dax[32];
	bool online, movable; /* system-ram: all of its memory online */
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

#define step(a, ...)                                   \
	do {                                           \
		if ((a)->opts->verbose)                \
			log_info((a)->l, __VA_ARGS__); \
	} while (0)

static enum dax_mode dax_mode(struct daxctl_dev *dev)
{
	if (!daxctl_dev_is_enabled(dev))
		return DAX_DISABLED;
	if (daxctl_dev_is_system_ram_capable(dev))
		return DAX_SYSTEM_RAM;
	return DAX_DEVDAX;
}

static struct daxctl_ctx *new_daxctl(struct adopt *a)
{
	struct daxctl_ctx *dctx;
	int rc = daxctl_new(&dctx);

	if (rc) {
		log_err(a->l, "%s: cannot use libdaxctl: %s\n", a->name,
			strerror(-rc));
		return NULL;
	}
	/* failures are said here, once, with what they mean */
	if (a->opts->debug)
		daxctl_set_log_priority(dctx, LOG_DEBUG);
	else if (!getenv("DAXCTL_LOG"))
		daxctl_set_log_priority(dctx, LOG_CRIT);
	return dctx;
}

/*
 * The region's dax device: the one device of its dax region that has
 * capacity, as the kernel makes it when the region is enabled.  NULL
 * when there is none; -EINVAL in *rc (said) for a layout the kernel
 * would not make again.
 */
static struct daxctl_dev *find_dax(struct adopt *a, struct daxctl_ctx *dctx,
				   bool quiet, int *rc)
{
	struct daxctl_dev *dev, *found = NULL;
	struct daxctl_region *dregion;
	uuid_t null_uuid = { 0 };
	int n = 0;

	*rc = 0;
	if (!sysfs_is_dir(a->dax_path))
		return NULL;
	dregion = daxctl_new_region(dctx, cxl_region_get_id(a->region),
				    null_uuid, a->dax_path);
	if (!dregion) {
		*rc = -ENOMEM;
		log_err(a->l, "%s: cannot read its dax region\n", a->name);
		return NULL;
	}
	daxctl_dev_foreach(dregion, dev) {
		if (!daxctl_dev_get_size(dev))
			continue;
		n++;
		found = dev;
	}
	if (n > 1 || (found && daxctl_dev_get_size(found) !=
				       daxctl_region_get_size(dregion))) {
		*rc = -EINVAL;
		if (!quiet)
			log_err(a->l,
				"%s: its dax region is divided (%d device%s "
				"with capacity): a rollback could not make "
				"that again; only the one device the kernel "
				"makes is adopted\n",
				a->name, n, n == 1 ? "" : "s");
		return NULL;
	}
	return found;
}

/* whether /proc/PID/WHAT (fd, map_files) holds the character device */
static bool holds(const char *pid, const char *what, dev_t rdev)
{
	char path[64];
	struct dirent *e;
	bool found = false;
	struct stat st;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%s/%s", pid, what);
	dir = opendir(path);
	if (!dir)
		return false;
	while (!found && (e = readdir(dir)))
		found = e->d_name[0] != '.' &&
			fstatat(dirfd(dir), e->d_name, &st, 0) == 0 &&
			S_ISCHR(st.st_mode) && st.st_rdev == rdev;
	closedir(dir);
	return found;
}

/*
 * The first process that has the device open or mapped (its pid, and its
 * name in comm), 0 when none does.  Root sees every process's map_files.
 */
static long dax_user(struct daxctl_dev *dev, char *comm, size_t len)
{
	dev_t rdev =
		makedev(daxctl_dev_get_major(dev), daxctl_dev_get_minor(dev));
	struct dirent *e;
	long pid = 0;
	char path[64];
	DIR *proc;
	FILE *f;

	proc = opendir("/proc");
	if (!proc)
		return 0;
	while (!pid && (e = readdir(proc))) {
		char *end;
		long n = strtol(e->d_name, &end, 10);

		if (*end || n <= 0)
			continue;
		if (holds(e->d_name, "fd", rdev) ||
		    holds(e->d_name, "map_files", rdev))
			pid = n;
	}
	closedir(proc);
	snprintf(comm, len, "?");
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	f = pid ? fopen(path, "r") : NULL;
	if (f) {
		if (fgets(comm, len, f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	return pid;
}

/* records the dax device as it is; -errno (said) when it cannot be taken */
static int record_dax(struct adopt *a, struct daxctl_dev *dev)
{
	const char *devname = daxctl_dev_get_devname(dev);
	struct daxctl_memory *mem;
	int online, blocks, movable;
	char comm[32];
	long pid;

	snprintf(a->dax, sizeof(a->dax), "%s", devname);
	a->mode = dax_mode(dev);
	if (a->mode == DAX_DEVDAX) {
		/* disabling the region would pull the device from under it */
		pid = dax_user(dev, comm, sizeof(comm));
		if (pid) {
			log_err(a->l,
				"%s: %s (devdax) is in use by process %ld "
				"(%s)\n",
				a->name, devname, pid, comm);
			return -EBUSY;
		}
		return 0;
	}
	if (a->mode != DAX_SYSTEM_RAM)
		return 0;
	mem = daxctl_dev_get_memory(dev);
	if (!mem) {
		log_err(a->l, "%s: %s: cannot read its memory\n", a->name,
			devname);
		return -ENXIO;
	}
	online = daxctl_memory_is_online(mem);
	blocks = daxctl_memory_num_sections(mem);
	if (online < 0 || blocks < 0) {
		log_err(a->l, "%s: %s: cannot read its memory blocks: %s\n",
			a->name, devname,
			strerror(-(online < 0 ? online : blocks)));
		return online < 0 ? online : blocks;
	}
	/* what a rollback puts back must be one thing */
	if (online && online != blocks) {
		log_err(a->l,
			"%s: %s: %d of its %d memory blocks are online: "
			"online or offline all of them first\n",
			a->name, devname, online, blocks);
		return -EBUSY;
	}
	a->online = online > 0;
	if (!a->online)
		return 0;
	movable = daxctl_memory_is_movable(mem);
	if (movable < 0) {
		log_err(a->l, "%s: %s: cannot read its memory zone: %s\n",
			a->name, devname, strerror(-movable));
		return movable;
	}
	a->movable = movable;
	return 0;
}

static int adopt_validate(struct adopt *a, const char *arg)
{
	struct cxl_ctx *cxl = cxl_sysram_get_cxl_ctx(a->ctx);
	int id = util_parse_region_arg(arg), rc;
	struct cxl_decoder *decoder;
	struct cxl_region *region;
	struct daxctl_ctx *dctx;
	struct daxctl_dev *dev;
	struct cxl_bus *bus;

	if (id == -EINVAL) {
		log_err(a->l, "%s: not a region name\n", *arg ? arg : "''");
		return -EINVAL;
	}
	if (id < 0) {
		log_err(a->l, "%s: -r takes one region\n", arg);
		return -EINVAL;
	}
	cxl_region_walk(cxl, bus, decoder, region)
		if (cxl_region_get_id(region) == id)
			a->region = region;
	if (!a->region) {
		log_err(a->l, "region%d: no such region\n", id);
		return -ENODEV;
	}
	region = a->region;
	snprintf(a->name, sizeof(a->name), "%s",
		 cxl_region_get_devname(region));
	snprintf(a->dax_path, sizeof(a->dax_path),
		 CXL_DEVICES "/%s/dax_region%d", a->name, id);
	if (cxl_region_get_mode(region) != CXL_DECODER_MODE_RAM) {
		log_err(a->l,
			"%s: mode %s: only a RAM region can become a sysram "
			"region\n",
			a->name,
			cxl_decoder_mode_name(cxl_region_get_mode(region)));
		return -EINVAL;
	}
	a->memctrl = cxl_sysram_get_memctrl(a->ctx, region);
	if (a->memctrl < 0) {
		log_err(a->l, "%s: cannot read memctrl: %s\n", a->name,
			strerror(-a->memctrl));
		return a->memctrl;
	}
	if (a->memctrl == CXL_MEMCTRL_SYSRAM) {
		log_err(a->l, "%s: already a sysram region\n", a->name);
		return -EEXIST;
	}
	if (a->memctrl != CXL_MEMCTRL_AUTO && a->memctrl != CXL_MEMCTRL_DAX) {
		log_err(a->l, "%s: memctrl is %s: not a dax-path region\n",
			a->name, cxl_sysram_memctrl_name(a->memctrl));
		return -EINVAL;
	}
	a->enabled = cxl_region_is_enabled(region) == 1;
	/* disabled: it must decode, to be enabled as a sysram region */
	if (!a->enabled) {
		if (!cxl_region_decode_is_committed(region)) {
			log_err(a->l, "%s: not committed: nothing to adopt\n",
				a->name);
			return -ENXIO;
		}
		return 0;
	}
	dctx = new_daxctl(a);
	if (!dctx)
		return -ENOMEM;
	dev = find_dax(a, dctx, false, &rc);
	if (dev)
		rc = record_dax(a, dev);
	daxctl_unref(dctx);
	return rc;
}

/* the memory's state as a word, for the messages */
static const char *dax_state(struct adopt *a)
{
	if (a->mode != DAX_SYSTEM_RAM)
		return "";
	if (!a->online)
		return ", memory offline";
	return a->movable ? ", memory online_movable"
			  : ", memory online_kernel";
}

/*
 * Whether kmem has added all of a system-ram device's memory: its driver
 * link appears before its probe has run, and the probe of a device the
 * kernel makes as the region binds may still be running when the enable
 * returns.  kmem adds the whole memory blocks of the device's range.
 */
static bool memory_added(struct daxctl_dev *dev)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	unsigned long long start = daxctl_dev_get_resource(dev), end, bs;

	if (!mem)
		return false;
	bs = daxctl_memory_get_block_size(mem);
	if (!bs || !start || start == ULLONG_MAX)
		return false;
	end = (start + daxctl_dev_get_size(dev)) / bs * bs;
	start = (start + bs - 1) / bs * bs;
	return end <= start ||
	       daxctl_memory_num_sections(mem) == (int)((end - start) / bs);
}

/*
 * The region's dax device (looked up afresh, waiting for it after an
 * enable) in the mode of the record, with its memory online or offline
 * as the record says; its name goes into the record.
 */
static int restore_dax(struct adopt *a)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	struct daxctl_dev *dev = NULL;
	struct daxctl_memory *mem;
	struct daxctl_ctx *dctx = NULL;
	int i, rc = 0, online, blocks;

	if (a->mode == DAX_NONE)
		return 0;
	/* the kernel makes the device as the region binds, kmem binds it */
	for (i = 0; i < DAX_WAIT_MS / 20; i++) {
		daxctl_unref(dctx);
		dctx = new_daxctl(a);
		if (!dctx)
			return -ENOMEM;
		dev = find_dax(a, dctx, true, &rc);
		if (dev && dax_mode(dev) == DAX_DEVDAX)
			break;
		if (dev && dax_mode(dev) == DAX_SYSTEM_RAM && memory_added(dev))
			break;
		nanosleep(&tick, NULL);
	}
	if (!dev) {
		log_err(a->l, "%s: no dax device came back\n", a->name);
		rc = -ENXIO;
		goto out;
	}
	if (dax_mode(dev) != a->mode) {
		mem = daxctl_dev_get_memory(dev);
		/* memory the kernel onlined on its own as it was added */
		if (mem && daxctl_memory_is_online(mem) > 0)
			rc = daxctl_memory_offline(mem);
		if (rc >= 0)
			rc = daxctl_dev_disable(dev);
		if (!rc && a->mode == DAX_SYSTEM_RAM)
			rc = daxctl_dev_enable_ram(dev);
		else if (!rc && a->mode == DAX_DEVDAX)
			rc = daxctl_dev_enable_devdax(dev);
		if (rc) {
			log_err(a->l, "%s: %s: cannot make it %s again: %s\n",
				a->name, daxctl_dev_get_devname(dev),
				dax_mode_names[a->mode], strerror(-rc));
			goto out;
		}
	}
	if (a->mode != DAX_SYSTEM_RAM)
		goto out;
	mem = daxctl_dev_get_memory(dev);
	online = mem ? daxctl_memory_is_online(mem) : -ENXIO;
	blocks = mem ? daxctl_memory_num_sections(mem) : -ENXIO;
	log_dbg(a->l, "%s: %s: %d of %d memory blocks online\n", a->name,
		daxctl_dev_get_devname(dev), online, blocks);
	if (online < 0 || blocks < 0)
		rc = online < 0 ? online : blocks;
	else if (a->online && online < blocks)
		rc = a->movable ? daxctl_memory_online(mem)
				: daxctl_memory_online_no_movable(mem);
	else if (!a->online && online)
		rc = daxctl_memory_offline(mem);
	if (rc < 0) {
		log_err(a->l, "%s: %s: cannot put its memory %s: %s\n", a->name,
			daxctl_dev_get_devname(dev),
			a->online ? "online" : "offline", strerror(-rc));
		goto out;
	}
	rc = 0;
out:
	if (dev)
		snprintf(a->dax, sizeof(a->dax), "%s",
			 daxctl_dev_get_devname(dev));
	daxctl_unref(dctx);
	return rc;
}

/*
 * Test hook, for test/cxl-adopt.sh only: CXL_SYSRAM_TEST_ADOPT_INJECT
 * names the memory notifier error injection file of MEM_GOING_ONLINE in
 * debugfs.  An errno is written to it just before the step that onlines
 * the memory on the new path (create-sysram -r: the enable, which plugs
 * at bind; destroy-sysram --to-dax: the dax device's onlining) and 0 just
 * after, so that the kernel fails that step for real while the rollback
 * that follows can online memory.
 */
static void test_inject(struct adopt *a, const char *val)
{
	const char *path = secure_getenv("CXL_SYSRAM_TEST_ADOPT_INJECT");

	if (path && *path)
		sysfs_write_attr(a->l, path, val);
}

/* offline the dax memory, or -errno (said); a signal stops it */
static int offline_dax(struct adopt *a, struct daxctl_ctx *dctx)
{
	struct daxctl_memory *mem;
	struct daxctl_dev *dev;
	int rc;

	dev = find_dax(a, dctx, false, &rc);
	if (!dev || strcmp(daxctl_dev_get_devname(dev), a->dax)) {
		log_err(a->l, "%s: %s went away\n", a->name, a->dax);
		return rc ? rc : -ENXIO;
	}
	mem = daxctl_dev_get_memory(dev);
	rc = mem ? daxctl_memory_offline(mem) : -ENXIO;
	if (rc >= 0 && daxctl_memory_is_online(mem))
		rc = -EBUSY;
	if (rc == -EINTR || (rc >= 0 && interrupted)) {
		log_err(a->l,
			"%s: %s: interrupted while offlining its memory\n",
			a->name, a->dax);
		return -EINTR;
	}
	if (rc == -EBUSY)
		log_err(a->l, "%s: %s: memory in use, cannot offline it\n",
			a->name, a->dax);
	else if (rc < 0)
		log_err(a->l, "%s: %s: cannot offline its memory: %s\n",
			a->name, a->dax, strerror(-rc));
	else
		step(a, "%s: %s: memory offline\n", a->name, a->dax);
	return rc < 0 ? rc : 0;
}

#define try(what, call)                                                       \
	do {                                                                  \
		rc = (call);                                                  \
		if (rc) {                                                     \
			log_err(a->l, "%s: %s failed: %s\n", a->name, what,   \
				strerror(-rc));                               \
			goto rollback;                                        \
		}                                                             \
		if (interrupted) {                                            \
			log_err(a->l, "%s: interrupted after: %s\n", a->name, \
				what);                                        \
			rc = -EINTR;                                          \
			goto rollback;                                        \
		}                                                             \
	} while (0)

static int adopt_run(struct adopt *a)
{
	struct cxl_sysram_region *sysram = NULL;
	struct cxl_region *region = a->region;
	bool memctrl_written = false;
	struct daxctl_ctx *dctx;
	struct json_object *j;
	int rc = 0, rc2;

	if (a->mode == DAX_SYSTEM_RAM && a->online) {
		dctx = new_daxctl(a);
		if (!dctx)
			return -ENOMEM;
		rc = offline_dax(a, dctx);
		daxctl_unref(dctx);
		if (rc)
			goto rollback;
	}
	if (a->enabled) {
		try("disable", cxl_region_disable(region));
		step(a, "%s: disabled\n", a->name);
	}
	memctrl_written = true;
	try("select sysram (memctrl)",
	    cxl_sysram_set_memctrl(a->ctx, region, CXL_MEMCTRL_SYSRAM));
	/* memctrl registers sysram_regionZ at once, unbound */
	sysram = cxl_sysram_region_from_region(a->ctx, region);
	if (!sysram) {
		rc = -ENXIO;
		log_err(a->l, "%s: no sysram region appeared\n", a->name);
		goto rollback;
	}
	/* policy before bind, as create-sysram writes it */
	try("set online_type",
	    cxl_sysram_region_set_online_type(sysram, a->opts->want));
	if (a->opts->private_node)
		try("set private", cxl_sysram_region_set_private(sysram, true));
	test_inject(a, "-12");
	rc = cxl_region_enable(region);
	test_inject(a, "0");
	try("enable", rc);
	rc = sysram_check_bound(a->l, sysram, a->opts->want);
	if (rc)
		goto rollback;
	step(a, "%s: enabled as a sysram region, %s\n", a->name,
	     cxl_sysram_state_name(a->opts->want));

	/* the region stands: a failure to print it fails nothing */
	j = util_list_region_json(a->ctx, region, a->opts->human);
	if (!j || util_json_print(stdout, j))
		log_err(a->l, "%s: adopted, but cannot print it\n", a->name);
	json_object_put(j);
	return 0;

rollback:
	log_err(a->l, "%s: rolling back\n", a->name);
	/* memory in use keeps the sysram region: nothing can take it over */
	if (sysram && sysram_unplug(a->l, sysram)) {
		log_err(a->l, "%s: left as a sysram region: memory in use\n",
			a->name);
		return rc;
	}
	rc2 = 0;
	if (memctrl_written && cxl_region_is_enabled(region) == 1)
		rc2 = cxl_region_disable(region);
	if (!rc2 && memctrl_written &&
	    cxl_sysram_get_memctrl(a->ctx, region) != a->memctrl)
		rc2 = cxl_sysram_set_memctrl(a->ctx, region, a->memctrl);
	if (!rc2 && a->enabled && cxl_region_is_enabled(region) != 1)
		rc2 = cxl_region_enable(region);
	if (rc2)
		log_err(a->l, "%s: cannot put the region back: %s\n", a->name,
			strerror(-rc2));
	else
		rc2 = restore_dax(a);
	if (rc2)
		log_err(a->l, "%s: rollback incomplete, see above\n", a->name);
	else if (a->mode != DAX_NONE)
		log_err(a->l, "%s: rolled back: %s %s%s\n", a->name, a->dax,
			dax_mode_names[a->mode], dax_state(a));
	else
		log_err(a->l, "%s: rolled back: memctrl %s, %s\n", a->name,
			cxl_sysram_memctrl_name(a->memctrl),
			a->enabled ? "enabled" : "disabled");
	return rc;
}

/*
 * Runs a sequence of steps with SIGINT, SIGTERM and SIGHUP caught: they
 * set interrupted, and a write in progress fails with EINTR (no
 * SA_RESTART), which ends an offline that would never end.
 */
static const int caught[] = { SIGINT, SIGTERM, SIGHUP };
#define NR_CAUGHT (sizeof(caught) / sizeof(caught[0]))

static void catch_signals(struct sigaction *old)
{
	struct sigaction sa = { .sa_handler = on_signal };
	size_t i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NR_CAUGHT; i++)
		sigaction(caught[i], &sa, &old[i]);
}

static void restore_signals(const struct sigaction *old)
{
	size_t i;

	for (i = 0; i < NR_CAUGHT; i++)
		sigaction(caught[i], &old[i], NULL);
}

#define with_signals(stmt)                        \
	do {                                      \
		struct sigaction old_[NR_CAUGHT]; \
                                                  \
		catch_signals(old_);              \
		stmt;                             \
		restore_signals(old_);            \
	} while (0)

int sysram_adopt(struct cxl_sysram_ctx *ctx, struct log_ctx *l,
		 const char *name, const struct adopt_opts *opts)
{
	struct adopt a = { .ctx = ctx, .l = l, .opts = opts };
	int rc;

	rc = adopt_validate(&a, name);
	if (rc)
		return rc;
	step(&a, "%s: memctrl %s, %s%s%s%s\n", a.name,
	     cxl_sysram_memctrl_name(a.memctrl),
	     a.enabled ? "enabled" : "disabled", a.mode ? ", " : "",
	     a.mode ? a.dax : "", dax_state(&a));
	with_signals(rc = adopt_run(&a));
	return rc;
}

/* ------------------------------------------------------------------ */
/* destroy-sysram --to-dax                                             */
/* ------------------------------------------------------------------ */

/*
 * The reverse: a sysram region handed back to the dax path, the region
 * kept.  Its memory is unplugged (all or nothing, by the kernel), the
 * region disabled, memctrl set to auto and the region enabled again: the
 * kernel makes the dax device and kmem adds the memory, which is onlined
 * as the sysram memory was (ZONE_NORMAL for online_kernel, else
 * ZONE_MOVABLE; left offline when it was unplugged).  A failure puts the
 * sysram region back: memctrl, its policy, the enable and its memory
 * plugged as before.
 */
struct sysram_record {
	int state, online_type, private_node;
};

static int todax_validate(struct adopt *a, struct sysram_record *r)
{
	struct cxl_sysram_region *s;

	if (cxl_region_get_mode(a->region) != CXL_DECODER_MODE_RAM) {
		log_err(a->l,
			"%s: mode %s: only a RAM region has a dax path to go "
			"to\n",
			a->name,
			cxl_decoder_mode_name(cxl_region_get_mode(a->region)));
		return -EOPNOTSUPP;
	}
	s = cxl_sysram_region_from_region(a->ctx, a->region);
	if (!s) {
		log_err(a->l, "%s: no sysram region\n", a->name);
		return -ENXIO;
	}
	r->state = cxl_sysram_region_get_state(s);
	r->online_type = cxl_sysram_region_get_online_type(s);
	r->private_node = cxl_sysram_region_get_private(s) == 1;
	if (r->state < 0 || r->online_type < 0) {
		log_err(a->l, "%s: cannot read its sysram region: %s\n",
			a->name,
			strerror(-(r->state < 0 ? r->state : r->online_type)));
		return r->state < 0 ? r->state : r->online_type;
	}
	/* a rollback plugs with one online type, all of it */
	if (r->state != CXL_SYSRAM_UNPLUGGED &&
	    !cxl_sysram_state_is_online(r->state)) {
		log_err(a->l,
			"%s: memory is %s: online-sysram or offline-sysram "
			"it first\n",
			a->name, cxl_sysram_state_name(r->state));
		return -EBUSY;
	}
	a->enabled = cxl_region_is_enabled(a->region) == 1;
	/* unbound, nothing could plug it again on a rollback */
	if (!a->enabled && r->state != CXL_SYSRAM_UNPLUGGED) {
		log_err(a->l,
			"%s: memory is %s under a disabled region: "
			"offline-sysram it first\n",
			a->name, cxl_sysram_state_name(r->state));
		return -EBUSY;
	}
	/* what restore_dax() makes of the device the kernel adds */
	a->memctrl = CXL_MEMCTRL_AUTO;
	a->mode = a->enabled ? DAX_SYSTEM_RAM : DAX_NONE;
	a->online = cxl_sysram_state_is_online(r->state);
	a->movable = r->state != CXL_SYSRAM_ONLINE_KERNEL;
	return 0;
}

/* the sysram region as the record says, memctrl written already */
static int sysram_back(struct adopt *a, const struct sysram_record *r)
{
	struct cxl_sysram_region *s;
	int rc;

	s = cxl_sysram_region_from_region(a->ctx, a->region);
	if (!s) {
		log_err(a->l, "%s: no sysram region appeared\n", a->name);
		return -ENXIO;
	}
	rc = cxl_sysram_region_set_online_type(s, r->state);
	if (!rc && r->private_node)
		rc = cxl_sysram_region_set_private(s, true);
	if (!rc && a->enabled)
		rc = cxl_region_enable(a->region);
	if (rc) {
		log_err(a->l, "%s: cannot set its sysram region up again: %s\n",
			a->name, strerror(-rc));
		return rc;
	}
	if (a->enabled)
		rc = sysram_check_bound(a->l, s, r->state);
	/* the policy the region had, for its next bind */
	if (!rc && r->online_type != r->state)
		rc = cxl_sysram_region_set_online_type(s, r->online_type);
	return rc;
}

static int todax_run(struct adopt *a, const struct sysram_record *r)
{
	struct cxl_sysram_region *s;
	bool memctrl_written = false;
	struct json_object *j;
	int rc, rc2;

	s = cxl_sysram_region_from_region(a->ctx, a->region);
	rc = s ? sysram_unplug(a->l, s) : -ENXIO;
	if (rc)
		return rc;
	if (a->enabled) {
		try("disable", cxl_region_disable(a->region));
		step(a, "%s: disabled\n", a->name);
	}
	memctrl_written = true;
	try("select the dax path (memctrl auto)",
	    cxl_sysram_set_memctrl(a->ctx, a->region, CXL_MEMCTRL_AUTO));
	if (a->enabled) {
		try("enable", cxl_region_enable(a->region));
		test_inject(a, "-12");
		rc = restore_dax(a);
		test_inject(a, "0");
		if (rc)
			goto rollback;
		step(a, "%s: %s system-ram%s\n", a->name, a->dax, dax_state(a));
	}
	/* a lookup rescans the sysram regions: the listing must not see one */
	if (cxl_sysram_region_from_region(a->ctx, a->region))
		log_err(a->l, "%s: sysram_%s is still there\n", a->name,
			a->name);
	j = util_list_region_json(a->ctx, a->region, a->opts->human);
	if (!j || util_json_print(stdout, j))
		log_err(a->l, "%s: on the dax path, but cannot print it\n",
			a->name);
	json_object_put(j);
	return 0;

rollback:
	log_err(a->l, "%s: rolling back\n", a->name);
	/* memory the dax path onlined, and cannot give up, keeps it */
	if (a->mode == DAX_SYSTEM_RAM &&
	    cxl_region_is_enabled(a->region) == 1 &&
	    sysfs_is_dir(a->dax_path)) {
		a->online = false;
		if (restore_dax(a)) {
			log_err(a->l, "%s: left on the dax path\n", a->name);
			return rc;
		}
	}
	rc2 = 0;
	if (memctrl_written && cxl_region_is_enabled(a->region) == 1)
		rc2 = cxl_region_disable(a->region);
	if (!rc2 && memctrl_written &&
	    cxl_sysram_get_memctrl(a->ctx, a->region) != CXL_MEMCTRL_SYSRAM)
		rc2 = cxl_sysram_set_memctrl(a->ctx, a->region,
					     CXL_MEMCTRL_SYSRAM);
	if (rc2)
		log_err(a->l, "%s: cannot put the region back: %s\n", a->name,
			strerror(-rc2));
	else
		rc2 = sysram_back(a, r);
	if (rc2)
		log_err(a->l, "%s: rollback incomplete, see above\n", a->name);
	else
		log_err(a->l, "%s: rolled back: sysram_%s %s\n", a->name,
			a->name, cxl_sysram_state_name(r->state));
	return rc;
}

int sysram_to_dax(struct cxl_sysram_ctx *ctx, struct log_ctx *l,
		  struct cxl_region *region, const struct adopt_opts *opts)
{
	struct adopt a = { .ctx = ctx, .l = l, .opts = opts, .region = region };
	struct sysram_record r;
	int rc;

	snprintf(a.name, sizeof(a.name), "%s", cxl_region_get_devname(region));
	snprintf(a.dax_path, sizeof(a.dax_path), CXL_DEVICES "/%s/dax_region%d",
		 a.name, cxl_region_get_id(region));
	rc = todax_validate(&a, &r);
	if (rc)
		return rc;
	with_signals(rc = todax_run(&a, &r));
	return rc;
}
