// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * libcxl-sysram against fixture sysfs trees, with the distribution's
 * libcxl enumerating the same trees: every getter and setter, 0/1/many
 * regions and extents, pmem and dax regions beside sysram ones, every
 * malformed value, and that each write lands in the right file; Dynamic
 * Capacity partitions and regions, their creation, refusals and
 * rollback; the uevent monitor and waiting for extents, with uevents
 * forged in a network namespace of the test's own.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/netlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <cxl/libcxl.h>
#include <cxl/libcxl-sysram.h>
#include "harness.h"

#define SYSRAM0 \
	"devices/platform/ACPI0017:00/root0/decoder0.0/region0/sysram_region0"
#define REGION(z) "devices/platform/ACPI0017:00/root0/decoder0.0/region" #z
#define GIB (1ULL << 30)
#define NULL_UUID "00000000-0000-0000-0000-000000000000"
#define TAG "5be13bce-ae34-4a77-b6c3-16df975fcf1a"

static struct cxl_ctx *cxl;
static struct cxl_sysram_ctx *ctx;
static char logbuf[65536];

static __attribute__((format(printf, 6, 0))) void
capture(struct cxl_sysram_ctx *c, int prio, const char *file, int line,
	const char *fn, const char *fmt, va_list ap)
{
	size_t len = strlen(logbuf);

	vsnprintf(logbuf + len, sizeof(logbuf) - len, fmt, ap);
}

/* fresh contexts over the current fixture, library messages captured */
static void open_ctx(void)
{
	logbuf[0] = '\0';
	if (cxl_new(&cxl) || cxl_sysram_new(cxl, &ctx)) {
		printf("Bail out! cannot create contexts\n");
		exit(99);
	}
	cxl_sysram_set_log_fn(ctx, capture);
	cxl_sysram_set_log_priority(ctx, LOG_ERR);
}

static void close_ctx(void)
{
	cxl_sysram_unref(ctx);
	cxl_unref(cxl);
	ctx = NULL;
	cxl = NULL;
}

static struct cxl_region *find_region(const char *name)
{
	struct cxl_decoder *decoder;
	struct cxl_region *region;
	struct cxl_bus *bus;

	cxl_bus_foreach(cxl, bus)
		cxl_decoder_foreach(cxl_bus_get_port(bus), decoder)
			cxl_region_foreach(decoder, region)
				if (!strcmp(cxl_region_get_devname(region),
					    name))
					return region;
	return NULL;
}

static struct cxl_sysram_region *first(void)
{
	return cxl_sysram_region_get_first(ctx);
}

#define CHECK_LOGGED(s) CHECK(strstr(logbuf, s) != NULL)

static void test_ctx(void)
{
	struct cxl_sysram_ctx *c;
	int marker;

	fixture("memdevs=1");
	open_ctx();
	CHECK(cxl_sysram_get_cxl_ctx(ctx) == cxl);
	CHECK(cxl_sysram_ref(ctx) == ctx);
	cxl_sysram_unref(ctx);
	cxl_sysram_set_userdata(ctx, &marker);
	CHECK(cxl_sysram_get_userdata(ctx) == &marker);
	cxl_sysram_set_log_priority(ctx, LOG_DEBUG);
	CHECK_INT(cxl_sysram_get_log_priority(ctx), LOG_DEBUG);
	CHECK_INT(cxl_sysram_new(NULL, &c), -EINVAL);
	CHECK_INT(cxl_sysram_new(cxl, NULL), -EINVAL);
	close_ctx();

	/* without CXL_SYSRAM_LOG, the library follows libcxl's priority */
	unsetenv("CXL_SYSRAM_LOG");
	cxl_new(&cxl);
	cxl_set_log_priority(cxl, LOG_INFO);
	cxl_sysram_new(cxl, &c);
	CHECK_INT(cxl_sysram_get_log_priority(c), LOG_INFO);
	cxl_sysram_unref(c);
	setenv("CXL_SYSRAM_LOG", "debug", 1);
	cxl_sysram_new(cxl, &c);
	CHECK_INT(cxl_sysram_get_log_priority(c), LOG_DEBUG);
	cxl_sysram_unref(c);
	unsetenv("CXL_SYSRAM_LOG");
	cxl_unref(cxl);
	cxl = NULL;
}

static void test_names(void)
{
	static const char *const states[] = {
		"unplugged",	  "offline",	     "online", "online_kernel",
		"online_movable", "release_pending", "mixed",
	};
	static const char *const memctrls[] = { "auto", "dax", "sysram",
						"pmem" };
	int i;

	for (i = 0; i < 7; i++) {
		CHECK_STR(cxl_sysram_state_name(i), states[i]);
		CHECK_INT(cxl_sysram_state_from_name(states[i]), i);
	}
	for (i = 0; i < 4; i++) {
		CHECK_STR(cxl_sysram_memctrl_name(i), memctrls[i]);
		CHECK_INT(cxl_sysram_memctrl_from_name(memctrls[i]), i);
	}
	CHECK(cxl_sysram_state_name(7) == NULL);
	CHECK(cxl_sysram_state_name(-1) == NULL);
	CHECK(cxl_sysram_memctrl_name(4) == NULL);
	CHECK_INT(cxl_sysram_state_from_name("Online"), -EINVAL);
	CHECK_INT(cxl_sysram_state_from_name("online "), -EINVAL);
	CHECK_INT(cxl_sysram_state_from_name(""), -EINVAL);
	CHECK_INT(cxl_sysram_state_from_name(NULL), -EINVAL);
	CHECK_INT(cxl_sysram_memctrl_from_name("kmem"), -EINVAL);
	CHECK(!cxl_sysram_state_is_online(CXL_SYSRAM_UNPLUGGED));
	CHECK(!cxl_sysram_state_is_online(CXL_SYSRAM_OFFLINE));
	CHECK(cxl_sysram_state_is_online(CXL_SYSRAM_ONLINE));
	CHECK(cxl_sysram_state_is_online(CXL_SYSRAM_ONLINE_KERNEL));
	CHECK(cxl_sysram_state_is_online(CXL_SYSRAM_ONLINE_MOVABLE));
	CHECK(!cxl_sysram_state_is_online(CXL_SYSRAM_RELEASE_PENDING));
	CHECK(!cxl_sysram_state_is_online(CXL_SYSRAM_MIXED));
	/* the values of LIBCXL_SYSRAM_1 keep their numbers */
	CHECK_INT(CXL_SYSRAM_RELEASE_PENDING, 5);
	CHECK_INT(CXL_SYSRAM_MIXED, 6);
}

static void test_no_sysram(void)
{
	/* no regions at all, then pmem and dax regions only */
	fixture("memdevs=1");
	open_ctx();
	CHECK(first() == NULL);
	close_ctx();

	fixture("region=0:pmem:pmem region=1:ram:dax region=2:ram:auto");
	open_ctx();
	CHECK(first() == NULL);
	CHECK(cxl_sysram_region_from_region(ctx, find_region("region0")) ==
	      NULL);
	CHECK(cxl_sysram_region_from_region(ctx, find_region("region1")) ==
	      NULL);
	CHECK_STR(logbuf, "");
	close_ctx();
}

static void test_one_sysram(void)
{
	struct cxl_sysram_region *s;
	struct cxl_region *region;
	uuid_t uu;

	fixture("region=0:ram:sysram sysram=0:online_movable:unplugged:0:1");
	open_ctx();
	s = first();
	CHECK(s != NULL);
	if (!s)
		goto out;
	CHECK(cxl_sysram_region_get_next(s) == NULL);
	CHECK(cxl_sysram_region_get_ctx(s) == ctx);
	CHECK_STR(cxl_sysram_region_get_devname(s), "sysram_region0");
	CHECK_INT(cxl_sysram_region_get_id(s), 0);
	CHECK_STR(cxl_sysram_region_get_region_devname(s), "region0");
	region = cxl_sysram_region_get_region(s);
	CHECK(region != NULL && region == find_region("region0"));
	CHECK(cxl_sysram_region_from_region(ctx, region) == s);
	CHECK_INT(cxl_sysram_region_is_enabled(s), 1);
	CHECK_INT(cxl_sysram_region_is_dynamic(s), 0);
	CHECK_INT(cxl_sysram_region_get_state(s), CXL_SYSRAM_ONLINE_MOVABLE);
	CHECK_INT(cxl_sysram_region_get_online_type(s), CXL_SYSRAM_UNPLUGGED);
	CHECK_INT(cxl_sysram_region_get_private(s), 0);
	/* static RAM takes no extent tag: the kernel hides uuid */
	CHECK_INT(cxl_sysram_region_get_uuid(s, uu), -EOPNOTSUPP);
	CHECK_INT(cxl_sysram_region_get_target_node(s), 1);
	CHECK(cxl_sysram_region_get_size(s) == GIB);
	CHECK(cxl_sysram_extent_get_first(s) == NULL);
	CHECK_INT(cxl_sysram_get_memctrl(ctx, region), CXL_MEMCTRL_SYSRAM);
	CHECK_STR(logbuf, "");
out:
	close_ctx();
}

static void test_many_sysram(void)
{
	static const char *const names[] = { "sysram_region1", "sysram_region3",
					     "sysram_region10" };
	struct cxl_sysram_region *s;
	int n = 0;

	/* sysram regions beside pmem, dax and auto ones; ids sort numerically
	 */
	fixture("memdevs=2 region=0:pmem:pmem region=1:ram:sysram "
		"region=2:ram:dax region=3:ram:sysram region=10:ram:sysram "
		"region=4:ram:auto "
		"sysram=10:unplugged:unplugged:0:2 "
		"sysram=1:online:online:0:1 sysram=3:online_kernel:online:1:1");
	open_ctx();
	cxl_sysram_region_foreach(ctx, s) {
		if (n < 3)
			CHECK_STR(cxl_sysram_region_get_devname(s), names[n]);
		n++;
	}
	CHECK_INT(n, 3);
	s = cxl_sysram_region_from_region(ctx, find_region("region3"));
	CHECK(s && cxl_sysram_region_get_id(s) == 3);
	if (s) {
		CHECK_INT(cxl_sysram_region_get_state(s),
			  CXL_SYSRAM_ONLINE_KERNEL);
		CHECK_INT(cxl_sysram_region_get_private(s), 1);
	}
	s = cxl_sysram_region_from_region(ctx, find_region("region10"));
	CHECK(s && cxl_sysram_region_get_target_node(s) == 2);
	CHECK(cxl_sysram_region_from_region(ctx, find_region("region2")) ==
	      NULL);
	CHECK(cxl_sysram_region_from_region(ctx, find_region("region4")) ==
	      NULL);
	CHECK_INT(cxl_sysram_get_memctrl(ctx, find_region("region0")),
		  CXL_MEMCTRL_PMEM);
	CHECK_INT(cxl_sysram_get_memctrl(ctx, find_region("region2")),
		  CXL_MEMCTRL_DAX);
	CHECK_INT(cxl_sysram_get_memctrl(ctx, find_region("region4")),
		  CXL_MEMCTRL_AUTO);
	close_ctx();
}

static void test_memctrl_write(void)
{
	struct cxl_region *region;

	fixture("region=0:ram:auto region=1:pmem:pmem");
	open_ctx();
	region = find_region("region0");
	CHECK_INT(cxl_sysram_set_memctrl(ctx, region, CXL_MEMCTRL_SYSRAM), 0);
	CHECK_STR(fixture_read(REGION(0) "/memctrl"), "sysram\n");
	CHECK_INT(cxl_sysram_get_memctrl(ctx, region), CXL_MEMCTRL_SYSRAM);
	CHECK_INT(cxl_sysram_set_memctrl(ctx, region, CXL_MEMCTRL_DAX), 0);
	CHECK_STR(fixture_read(REGION(0) "/memctrl"), "dax\n");
	CHECK_INT(cxl_sysram_set_memctrl(ctx, region, CXL_MEMCTRL_AUTO), 0);
	CHECK_STR(fixture_read(REGION(0) "/memctrl"), "auto\n");

	/* pmem is read-only and out-of-range values never reach sysfs */
	CHECK_INT(cxl_sysram_set_memctrl(ctx, region, CXL_MEMCTRL_PMEM),
		  -EINVAL);
	CHECK_INT(cxl_sysram_set_memctrl(ctx, region, 17), -EINVAL);
	CHECK_STR(fixture_read(REGION(0) "/memctrl"), "auto\n");
	CHECK_LOGGED("region0: memctrl: invalid value");

	/* a kernel that refuses the write: error returned and logged */
	logbuf[0] = '\0';
	fixture_readonly(REGION(0) "/memctrl");
	CHECK_INT(cxl_sysram_set_memctrl(ctx, region, CXL_MEMCTRL_SYSRAM),
		  -EROFS);
	CHECK_LOGGED("region0: memctrl: failed to write 'sysram': Read-only");
	CHECK_STR(fixture_read(REGION(0) "/memctrl"), "auto\n");
	close_ctx();

	/* malformed and missing memctrl */
	fixture("region=0:ram:bogus region=1:ram:auto rm=" REGION(
		1) "/memctrl");
	open_ctx();
	CHECK_INT(cxl_sysram_get_memctrl(ctx, find_region("region0")), -EINVAL);
	CHECK_LOGGED("region0: memctrl: malformed value 'bogus'");
	CHECK_INT(cxl_sysram_get_memctrl(ctx, find_region("region1")), -ENOENT);
	CHECK_LOGGED("region1: memctrl: failed to read");
	close_ctx();
}

static void test_state_write(void)
{
	static const struct {
		enum cxl_sysram_state state;
		const char *text;
	} ok[] = {
		{ CXL_SYSRAM_ONLINE, "online\n" },
		{ CXL_SYSRAM_ONLINE_KERNEL, "online_kernel\n" },
		{ CXL_SYSRAM_ONLINE_MOVABLE, "online_movable\n" },
		{ CXL_SYSRAM_UNPLUGGED, "unplugged\n" },
	};
	struct cxl_sysram_region *s;
	size_t i;

	fixture("region=0:ram:sysram sysram=0:unplugged:unplugged:0:1");
	open_ctx();
	s = first();
	if (!s) {
		CHECK(s != NULL);
		goto out;
	}
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		CHECK_INT(cxl_sysram_region_set_state(s, ok[i].state), 0);
		CHECK_STR(fixture_read(SYSRAM0 "/state"), ok[i].text);
		CHECK_INT(cxl_sysram_region_get_state(s), ok[i].state);
		CHECK_INT(cxl_sysram_region_set_online_type(s, ok[i].state), 0);
		CHECK_STR(fixture_read(SYSRAM0 "/online_type"), ok[i].text);
		CHECK_INT(cxl_sysram_region_get_online_type(s), ok[i].state);
	}
	/* values that may be read but never written */
	CHECK_INT(cxl_sysram_region_set_state(s, CXL_SYSRAM_OFFLINE), -EINVAL);
	CHECK_INT(cxl_sysram_region_set_state(s, CXL_SYSRAM_RELEASE_PENDING),
		  -EINVAL);
	CHECK_INT(cxl_sysram_region_set_state(s, 42), -EINVAL);
	CHECK_INT(cxl_sysram_region_set_online_type(s, CXL_SYSRAM_OFFLINE),
		  -EINVAL);
	CHECK_INT(cxl_sysram_region_set_online_type(s, -1), -EINVAL);
	CHECK_STR(fixture_read(SYSRAM0 "/state"), "unplugged\n");
	CHECK_STR(fixture_read(SYSRAM0 "/online_type"), "unplugged\n");
	CHECK_LOGGED("sysram_region0: state: 'offline' cannot be written");
	CHECK_LOGGED("sysram_region0: online_type: '(invalid)' cannot be "
		     "written");

	/* state is live; online_type is cached until a write or refresh */
	fixture_write(SYSRAM0 "/state", "online\n");
	fixture_write(SYSRAM0 "/online_type", "online_kernel\n");
	CHECK_INT(cxl_sysram_region_get_state(s), CXL_SYSRAM_ONLINE);
	CHECK_INT(cxl_sysram_region_get_online_type(s), CXL_SYSRAM_UNPLUGGED);
	cxl_sysram_region_refresh(s);
	CHECK_INT(cxl_sysram_region_get_online_type(s),
		  CXL_SYSRAM_ONLINE_KERNEL);

	/* a refused write leaves the kernel's value in the cache */
	logbuf[0] = '\0';
	fixture_readonly(SYSRAM0 "/online_type");
	CHECK_INT(cxl_sysram_region_set_online_type(s, CXL_SYSRAM_ONLINE),
		  -EROFS);
	CHECK_LOGGED("sysram_region0: online_type: failed to write 'online'");
	CHECK_INT(cxl_sysram_region_get_online_type(s),
		  CXL_SYSRAM_ONLINE_KERNEL);
	fixture_readonly(SYSRAM0 "/state");
	CHECK_INT(cxl_sysram_region_set_state(s, CXL_SYSRAM_UNPLUGGED), -EROFS);
	CHECK_INT(cxl_sysram_region_get_state(s), CXL_SYSRAM_ONLINE);
out:
	close_ctx();
}

static void test_private_uuid_write(void)
{
	struct cxl_sysram_region *s;
	uuid_t tag, uu;

	uuid_parse(TAG, tag);
	fixture("region=0:ram:sysram sysram=0:unplugged:unplugged:0:1");
	open_ctx();
	s = first();
	if (!s) {
		CHECK(s != NULL);
		goto out;
	}
	CHECK_INT(cxl_sysram_region_set_private(s, true), 0);
	CHECK_STR(fixture_read(SYSRAM0 "/private"), "1\n");
	CHECK_INT(cxl_sysram_region_get_private(s), 1);
	CHECK_INT(cxl_sysram_region_set_private(s, false), 0);
	CHECK_STR(fixture_read(SYSRAM0 "/private"), "0\n");
	CHECK_INT(cxl_sysram_region_get_private(s), 0);

	/* a static RAM region takes no tag: refused before any write */
	CHECK_INT(cxl_sysram_region_set_uuid(s, tag), -EOPNOTSUPP);
	CHECK_STR(fixture_read(SYSRAM0 "/uuid"), "");
	CHECK_LOGGED("sysram_region0: uuid: only Dynamic Capacity regions");
	close_ctx();

	fixture("region=0:dynamic_ram_1:sysram "
		"sysram=0:unplugged:unplugged:0:1");
	open_ctx();
	s = first();
	if (!s) {
		CHECK(s != NULL);
		goto out;
	}
	CHECK_INT(cxl_sysram_region_is_dynamic(s), 1);
	CHECK_INT(cxl_sysram_region_get_uuid(s, uu), 0);
	CHECK(uuid_is_null(uu));
	CHECK_INT(cxl_sysram_region_set_uuid(s, tag), 0);
	CHECK_STR(fixture_read(SYSRAM0 "/uuid"), TAG "\n");
	CHECK_INT(cxl_sysram_region_get_uuid(s, uu), 0);
	CHECK(uuid_compare(uu, tag) == 0);
	uuid_clear(uu);
	CHECK_INT(cxl_sysram_region_set_uuid(s, uu), 0);
	CHECK_STR(fixture_read(SYSRAM0 "/uuid"), NULL_UUID "\n");
	fixture_readonly(SYSRAM0 "/private");
	CHECK_INT(cxl_sysram_region_set_private(s, true), -EROFS);
	CHECK_INT(cxl_sysram_region_get_private(s), 0);
out:
	close_ctx();
}

/*
 * Every attribute, malformed or missing: an error through the return
 * value and the log, naming the device and the attribute.
 */
static void test_malformed(void)
{
	static const struct {
		const char *attr, *value;
	} bad[] = {
		{ "state", "bogus" },
		{ "state", "" },
		{ "online_type", "offline" },
		{ "online_type", "online_" },
		{ "private", "2" },
		{ "private", "yes" },
		{ "uuid", "xyz" },
		{ "uuid", "" },
		{ "target_node", "-1" },
		{ "target_node", "1a" },
		{ "size", "12abc" },
		{ "size", "" },
		{ "size", "-1" },
		/* C23 binary: 1 with glibc >= 2.38, refused with every libc */
		{ "size", "0b1" },
		{ "state", NULL },
		{ "online_type", NULL },
		{ "target_node", NULL },
		{ "size", NULL },
	};
	struct cxl_sysram_region *s;
	char msg[128];
	size_t i;
	uuid_t uu;
	int rc;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (bad[i].value)
			fixture("region=0:ram:sysram "
				"sysram=0:unplugged:unplugged:0:1 "
				"set=" SYSRAM0 "/%s=%s",
				bad[i].attr, bad[i].value);
		else
			fixture("region=0:ram:sysram "
				"sysram=0:unplugged:unplugged:0:1 "
				"rm=" SYSRAM0 "/%s",
				bad[i].attr);
		open_ctx();
		s = first();
		if (!s) {
			CHECK(s != NULL);
			close_ctx();
			continue;
		}
		if (!strcmp(bad[i].attr, "state"))
			rc = cxl_sysram_region_get_state(s);
		else if (!strcmp(bad[i].attr, "online_type"))
			rc = cxl_sysram_region_get_online_type(s);
		else if (!strcmp(bad[i].attr, "private"))
			rc = cxl_sysram_region_get_private(s);
		else if (!strcmp(bad[i].attr, "uuid"))
			rc = cxl_sysram_region_get_uuid(s, uu);
		else if (!strcmp(bad[i].attr, "target_node"))
			rc = cxl_sysram_region_get_target_node(s);
		else /* sizes fail as ULLONG_MAX, the log says why */
			rc = cxl_sysram_region_get_size(s) == ULLONG_MAX
				     ? (bad[i].value ? -EINVAL : -ENOENT)
				     : 0;
		CHECK_INT(rc, bad[i].value ? -EINVAL : -ENOENT);
		if (bad[i].value)
			snprintf(msg, sizeof(msg),
				 "sysram_region0: %s: malformed value '%s'",
				 bad[i].attr, bad[i].value);
		else
			snprintf(msg, sizeof(msg),
				 "sysram_region0: %s: failed to read",
				 bad[i].attr);
		if (!strstr(logbuf, msg))
			check_fail(__FILE__, __LINE__, "log lacks \"%s\": %s",
				   msg, logbuf);
		/* and the error is not cached as a value */
		if (!strcmp(bad[i].attr, "size"))
			CHECK(cxl_sysram_region_get_size(s) == ULLONG_MAX);
		close_ctx();
	}

	/* a region mode that is neither ram nor dynamic */
	fixture("region=0:pmem:sysram sysram=0:unplugged:unplugged:0:1");
	open_ctx();
	CHECK_INT(cxl_sysram_region_is_dynamic(first()), -EINVAL);
	CHECK_LOGGED("region0: mode: malformed value 'pmem'");
	close_ctx();
}

/*
 * private and uuid are hidden by kernels without private nodes, and uuid
 * on static RAM: "not supported", quietly for a reader, before any write.
 */
static void test_hidden_attrs(void)
{
	struct cxl_sysram_region *s;
	uuid_t tag, uu;

	uuid_parse(TAG, tag);
	fixture("region=0:ram:sysram sysram=0:unplugged:unplugged:-:1");
	open_ctx();
	CHECK(!cxl_sysram_has_private_nodes(ctx));
	s = first();
	if (!s) {
		CHECK(s != NULL);
		goto out;
	}
	CHECK_INT(cxl_sysram_region_get_private(s), -EOPNOTSUPP);
	CHECK_INT(cxl_sysram_region_get_uuid(s, uu), -EOPNOTSUPP);
	CHECK_STR(logbuf, "");
	CHECK_INT(cxl_sysram_region_set_private(s, true), -EOPNOTSUPP);
	CHECK_LOGGED("sysram_region0: private: this kernel has no private "
		     "NUMA nodes");
	CHECK_STR(fixture_read(SYSRAM0 "/private"), "");
	/* the rest of the device reads as before */
	CHECK_INT(cxl_sysram_region_get_state(s), CXL_SYSRAM_UNPLUGGED);
	CHECK_INT(cxl_sysram_region_get_target_node(s), 1);
	close_ctx();

	/* a Dynamic Capacity region on a kernel that hides the tag */
	fixture("region=0:dynamic_ram_1:sysram "
		"sysram=0:unplugged:unplugged:-:1 rm=" SYSRAM0 "/uuid");
	open_ctx();
	s = first();
	if (!s) {
		CHECK(s != NULL);
		goto out;
	}
	CHECK_INT(cxl_sysram_region_get_uuid(s, uu), -EOPNOTSUPP);
	CHECK_STR(logbuf, "");
	CHECK_INT(cxl_sysram_region_set_uuid(s, tag), -EOPNOTSUPP);
	CHECK_LOGGED("sysram_region0: uuid: not supported by this kernel");
	CHECK_STR(fixture_read(SYSRAM0 "/uuid"), "");
	close_ctx();

	/* private nodes: the kernel lists them, and shows private */
	fixture("private_nodes= region=0:ram:sysram "
		"sysram=0:unplugged:unplugged:0:1");
	open_ctx();
	CHECK(cxl_sysram_has_private_nodes(ctx));
	CHECK_INT(cxl_sysram_region_get_private(first()), 0);
out:
	close_ctx();
}

/*
 * state reads the truth: memory added offline, or changed by hand so the
 * blocks differ, and memory an unbind left plugged; none of it is
 * written, and online_type never reads such a value.
 */
static void test_state_read(void)
{
	static const struct {
		const char *text;
		enum cxl_sysram_state state;
	} read_only[] = {
		{ "offline", CXL_SYSRAM_OFFLINE },
		{ "mixed", CXL_SYSRAM_MIXED },
	};
	struct cxl_sysram_region *s;
	size_t i;

	for (i = 0; i < sizeof(read_only) / sizeof(read_only[0]); i++) {
		fixture("region=0:ram:sysram sysram=0:%s:online_movable:-:1",
			read_only[i].text);
		open_ctx();
		s = first();
		CHECK(s != NULL);
		if (s) {
			CHECK_INT(cxl_sysram_region_get_state(s),
				  read_only[i].state);
			CHECK_INT(cxl_sysram_region_set_state(
					  s, read_only[i].state),
				  -EINVAL);
			CHECK_INT(cxl_sysram_region_set_online_type(
					  s, read_only[i].state),
				  -EINVAL);
			CHECK(!strncmp(fixture_read(SYSRAM0 "/state"),
				       read_only[i].text,
				       strlen(read_only[i].text)));
		}
		close_ctx();
	}
	fixture("region=0:ram:sysram sysram=0:online_movable:mixed:-:1");
	open_ctx();
	CHECK_INT(cxl_sysram_region_get_online_type(first()), -EINVAL);
	CHECK_LOGGED("sysram_region0: online_type: malformed value 'mixed'");
	close_ctx();

	/* unbound, with memory left plugged: attributes read as ever */
	fixture("region=0:ram:sysram sysram=0:online_movable:online_movable:-:1 "
		"unbound=0");
	open_ctx();
	s = first();
	CHECK(s != NULL);
	if (s) {
		CHECK_INT(cxl_sysram_region_is_enabled(s), 0);
		CHECK_INT(cxl_sysram_region_get_state(s),
			  CXL_SYSRAM_ONLINE_MOVABLE);
		CHECK_INT(cxl_sysram_region_get_online_type(s),
			  CXL_SYSRAM_ONLINE_MOVABLE);
		CHECK_INT(cxl_sysram_region_set_state(s, CXL_SYSRAM_UNPLUGGED),
			  0);
		CHECK_STR(fixture_read(SYSRAM0 "/state"), "unplugged\n");
	}
	close_ctx();
}

static void test_topology_errors(void)
{
	struct cxl_sysram_region *s;

	/* an unbound sysram device, and one whose parent is no region */
	fixture("region=0:ram:sysram sysram=0:unplugged:unplugged:0:1 "
		"unbound=0");
	open_ctx();
	s = first();
	CHECK(s && cxl_sysram_region_is_enabled(s) == 0);
	close_ctx();

	fixture("region=0:ram:sysram sysram=0:unplugged:unplugged:0:1");
	CHECK_INT(shell("cd /sys/bus/cxl/devices && mkdir -p ../../../x/odd "
			"&& ln -s ../../../x/odd sysram_region7 && "
			"ln -s ../../../x sysram_regionx"),
		  0);
	open_ctx();
	s = first();
	CHECK(s && cxl_sysram_region_get_id(s) == 0);
	CHECK(s && cxl_sysram_region_get_next(s) == NULL);
	CHECK_LOGGED("sysram_region7: parent 'x' is not a region");
	close_ctx();
}

static void test_rescan(void)
{
	struct cxl_sysram_region *s0, *s1, *s1b;

	fixture("region=0:ram:sysram region=1:ram:sysram "
		"sysram=0:unplugged:unplugged:0:1");
	open_ctx();
	s0 = first();
	CHECK(s0 && cxl_sysram_region_get_next(s0) == NULL);
	/* region1 is bound after the first scan, as create-sysram does */
	CHECK_INT(fixture_add("sysram=1:unplugged:unplugged:0:1"), 0);
	s1 = cxl_sysram_region_from_region(ctx, find_region("region1"));
	CHECK(s1 != NULL);
	CHECK(first() == s0);
	CHECK(s0 && cxl_sysram_region_get_next(s0) == s1);
	/* the old object is still the one the list holds, and usable */
	CHECK(s0 && cxl_sysram_region_get_state(s0) == CXL_SYSRAM_UNPLUGGED);
	if (!s1)
		goto out;
	CHECK_INT(cxl_sysram_region_get_target_node(s1), 1);

	/* region1's sysram goes away: the list drops it, the pointer lives */
	CHECK_INT(shell("rm -rf %s /sys/bus/cxl/devices/sysram_region1",
			fixture_path("devices/platform/ACPI0017:00/root0/"
				     "decoder0.0/region1/sysram_region1")),
		  0);
	CHECK(cxl_sysram_region_from_region(ctx, find_region("region1")) ==
	      NULL);
	CHECK(first() == s0 && cxl_sysram_region_get_next(s0) == NULL);
	CHECK_STR(cxl_sysram_region_get_devname(s1), "sysram_region1");

	/* and comes back on another node: nothing cached is reused */
	CHECK_INT(fixture_add("sysram=1:online:online:0:3"), 0);
	s1b = cxl_sysram_region_from_region(ctx, find_region("region1"));
	CHECK(s1b != NULL);
	if (s1b) {
		CHECK_INT(cxl_sysram_region_get_target_node(s1b), 3);
		CHECK_INT(cxl_sysram_region_get_online_type(s1b),
			  CXL_SYSRAM_ONLINE);
		CHECK(cxl_sysram_region_get_region(s1b) ==
		      find_region("region1"));
	}
out:
	close_ctx();
}

static void test_extents(void)
{
	struct cxl_sysram_extent *e, *old;
	struct cxl_sysram_region *s;
	uuid_t uu, tag;
	int n = 0;

	uuid_parse(TAG, tag);
	/* a DC region without extents */
	fixture("region=0:dynamic_ram_1:sysram "
		"sysram=0:unplugged:online_movable:0:1");
	open_ctx();
	s = first();
	CHECK(s && cxl_sysram_extent_get_first(s) == NULL);
	close_ctx();

	/* one extent, tagged */
	fixture("region=0:dynamic_ram_1:sysram "
		"sysram=0:online_movable:online_movable:0:1 "
		"extents=0:1:online_movable:" TAG);
	open_ctx();
	s = first();
	e = s ? cxl_sysram_extent_get_first(s) : NULL;
	CHECK(e != NULL);
	if (e) {
		CHECK_STR(cxl_sysram_extent_get_devname(e), "extent0.0");
		CHECK(cxl_sysram_extent_get_sysram_region(e) == s);
		CHECK(cxl_sysram_extent_get_offset(e) == 0);
		CHECK(cxl_sysram_extent_get_length(e) == 256ULL << 20);
		CHECK_INT(cxl_sysram_extent_get_uuid(e, uu), 0);
		CHECK(uuid_compare(uu, tag) == 0);
		CHECK_INT(cxl_sysram_extent_get_state(e),
			  CXL_SYSRAM_ONLINE_MOVABLE);
		CHECK(cxl_sysram_extent_get_next(e) == NULL);
	}
	close_ctx();

	/* many: numeric order (extent0.10 after extent0.9), untagged */
	fixture("region=0:dynamic_ram_1:sysram "
		"sysram=0:online:online:0:1 extents=0:12:release_pending");
	open_ctx();
	s = first();
	cxl_sysram_extent_foreach(s, e) {
		char name[32];

		snprintf(name, sizeof(name), "extent0.%d", n);
		CHECK_STR(cxl_sysram_extent_get_devname(e), name);
		CHECK(cxl_sysram_extent_get_offset(e) == (unsigned long long)n
								 << 28);
		CHECK_INT(cxl_sysram_extent_get_uuid(e, uu), 0);
		CHECK(uuid_is_null(uu));
		CHECK_INT(cxl_sysram_extent_get_state(e),
			  CXL_SYSRAM_RELEASE_PENDING);
		n++;
	}
	CHECK_INT(n, 12);

	/* an extent arrives: seen after a refresh; old pointers stay valid */
	old = cxl_sysram_extent_get_first(s);
	CHECK_INT(shell("cd /sys/bus/cxl/devices/sysram_region0 && "
			"mkdir extent0.12 && echo 0x3000000000 > "
			"extent0.12/offset && echo 0x10000000 > "
			"extent0.12/length && echo %s > extent0.12/uuid && "
			"echo online > extent0.12/state",
			TAG),
		  0);
	n = 0;
	cxl_sysram_extent_foreach(s, e)
		n++;
	CHECK_INT(n, 12);
	cxl_sysram_region_refresh(s);
	n = 0;
	cxl_sysram_extent_foreach(s, e)
		n++;
	CHECK_INT(n, 13);
	CHECK_STR(cxl_sysram_extent_get_devname(old), "extent0.0");
	CHECK(cxl_sysram_extent_get_next(old) != NULL);
	close_ctx();
}

static void test_extent_malformed(void)
{
	struct cxl_sysram_extent *e;
	struct cxl_sysram_region *s;
	uuid_t uu;

	fixture("region=0:dynamic_ram_1:sysram "
		"sysram=0:online:online:0:1 extents=0:3 "
		"set=" SYSRAM0 "/extent0.0/offset=0x1g "
		"rm=" SYSRAM0 "/extent0.1/uuid "
		"set=" SYSRAM0 "/extent0.2/state=gone "
		"set=" SYSRAM0 "/extent0.2/length=");
	open_ctx();
	s = first();
	e = s ? cxl_sysram_extent_get_first(s) : NULL;
	CHECK(e != NULL);
	if (!e)
		goto out;
	CHECK(cxl_sysram_extent_get_offset(e) == ULLONG_MAX);
	CHECK_LOGGED("extent0.0: offset: malformed value '0x1g'");
	e = cxl_sysram_extent_get_next(e);
	CHECK_INT(cxl_sysram_extent_get_uuid(e, uu), -ENOENT);
	CHECK_LOGGED("extent0.1: uuid: failed to read");
	e = cxl_sysram_extent_get_next(e);
	CHECK_INT(cxl_sysram_extent_get_state(e), -EINVAL);
	CHECK_LOGGED("extent0.2: state: malformed value 'gone'");
	CHECK(cxl_sysram_extent_get_length(e) == ULLONG_MAX);
	CHECK_LOGGED("extent0.2: length: malformed value ''");
out:
	close_ctx();
}

/*
 * Only names in the kernel's form are devices: no leading zero, blank or
 * sign (found by fuzz/devname.c: "extent06.7" was read as extent6.7)
 */
static void test_extent_names(void)
{
	struct cxl_sysram_extent *e;
	struct cxl_sysram_region *s;
	int n = 0;

	fixture("region=0:dynamic_ram_1:sysram "
		"sysram=0:online:online:0:1 extents=0:2");
	CHECK_INT(shell("cd %s && mkdir extent0.01 extent00.1 'extent0. 1' "
			"extent0.+1 extent0.1x extent0.2147483648",
			fixture_path(SYSRAM0)),
		  0);
	open_ctx();
	s = first();
	CHECK(s != NULL);
	if (s)
		cxl_sysram_extent_foreach(s, e) {
			char name[32];

			snprintf(name, sizeof(name), "extent0.%d", n++);
			CHECK_STR(cxl_sysram_extent_get_devname(e), name);
		}
	CHECK_INT(n, 2);
	close_ctx();
}

/* capability queries: what the kernel offers, read without a write */
static void test_capabilities(void)
{
	unsigned long long bs = 0;

	fixture("region=0:ram:sysram sysram=0:unplugged:unplugged:0:1");
	open_ctx();
	CHECK(cxl_sysram_has_sysram_regions(ctx));
	CHECK(!cxl_sysram_has_dynamic_capacity(ctx));
	CHECK(!cxl_sysram_has_private_nodes(ctx));
	CHECK_INT(cxl_sysram_get_memory_block_size(ctx, &bs), 0);
	CHECK(bs == 128ULL << 20);
	close_ctx();

	fixture("rm=bus/cxl/drivers/cxl_sysram_region "
		"set=devices/platform/ACPI0017:00/root0/decoder0.0/"
		"create_dynamic_ram_1_region=region99 "
		"set=devices/system/memory/block_size_bytes=80000000");
	open_ctx();
	CHECK(!cxl_sysram_has_sysram_regions(ctx));
	CHECK(cxl_sysram_has_dynamic_capacity(ctx));
	CHECK_INT(cxl_sysram_get_memory_block_size(ctx, &bs), 0);
	CHECK(bs == 2ULL << 30);
	close_ctx();

	/* not a power of two, 0x, a sign, absent: nothing stored */
	static const char *const bad[] = { "3000000", "0x8000000", "-8000000",
					   "",	      "+8000000",  "0" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fixture("set=devices/system/memory/block_size_bytes=%s",
			bad[i]);
		open_ctx();
		bs = 7;
		CHECK_INT(cxl_sysram_get_memory_block_size(ctx, &bs), -EINVAL);
		CHECK(bs == 7);
		CHECK_LOGGED("block_size_bytes: malformed value");
		close_ctx();
	}
	fixture("rm=devices/system/memory/block_size_bytes");
	open_ctx();
	CHECK_INT(cxl_sysram_get_memory_block_size(ctx, &bs), -ENOENT);
	close_ctx();
}

/* refresh frees what is gone; lookup by either name */
static void test_refresh_lookup(void)
{
	struct cxl_sysram_region *s0, *s3;

	fixture("region=0:ram:sysram sysram=0:unplugged:unplugged:0:1 "
		"region=3:dynamic_ram_1:sysram sysram=3:online:online:0:1 "
		"extents=3:2");
	open_ctx();
	s0 = cxl_sysram_region_get_by_name(ctx, "region0");
	s3 = cxl_sysram_region_get_by_name(ctx, "sysram_region3");
	CHECK(s0 && s3 && s0 != s3);
	CHECK(cxl_sysram_region_get_by_name(ctx, "sysram_region0") == s0);
	CHECK(cxl_sysram_region_get_by_name(ctx, "region1") == NULL);
	CHECK(cxl_sysram_region_get_by_name(ctx, "region03") == NULL);
	CHECK(cxl_sysram_region_get_by_name(ctx, "3") == NULL);
	CHECK(cxl_sysram_region_get_by_name(ctx, NULL) == NULL);
	CHECK_INT(cxl_sysram_region_get_nr_extents(s3), 2);
	CHECK_INT(cxl_sysram_region_get_nr_extents(s0), 0);

	/* an extent arrives, region0 goes: seen after a refresh */
	CHECK_INT(shell("cd %s && mkdir extent3.2 && rm -rf %s/sysram_region0 "
			"/sys/bus/cxl/devices/sysram_region0",
			fixture_path(REGION(3) "/sysram_region3"),
			fixture_path(REGION(0))),
		  0);
	CHECK_INT(cxl_sysram_region_get_nr_extents(s3), 2);
	CHECK_INT(cxl_sysram_refresh(ctx), 0);
	CHECK(cxl_sysram_region_get_by_name(ctx, "region3") == s3);
	CHECK(cxl_sysram_region_get_by_name(ctx, "region0") == NULL);
	CHECK(cxl_sysram_region_get_first(ctx) == s3);
	CHECK_INT(cxl_sysram_region_get_nr_extents(s3), 3);
	close_ctx();
}

/* no extents and an unreadable extent list are not the same answer */
static void test_nr_extents_error(void)
{
	struct cxl_sysram_region *s;

	fixture("region=3:dynamic_ram_1:sysram sysram=3:online:online:0:1");
	open_ctx();
	s = first();
	CHECK(s != NULL);
	if (s) {
		CHECK_INT(shell("rm -rf %s",
				fixture_path(REGION(3) "/sysram_region3")),
			  0);
		CHECK_INT(cxl_sysram_region_get_nr_extents(s), -ENOENT);
		CHECK(cxl_sysram_extent_get_first(s) == NULL);
		CHECK_LOGGED("sysram_region3: cannot list extents");
	}
	close_ctx();
}

/* how many lines the library logged */
static int logged_lines(void)
{
	int n = 0;
	const char *c;

	for (c = logbuf; *c; c++)
		n += *c == '\n';
	return n;
}

/* every file of the fixture, to tell whether anything was written */
static void snapshot_sys(void)
{
	shell("cd /sys && find . -type f ! -name flush | sort | "
	      "xargs md5sum > /tmp/before");
}

static bool sys_unchanged(void)
{
	return shell("cd /sys && find . -type f ! -name flush | sort | "
		     "xargs md5sum | cmp -s - /tmp/before") == 0;
}

/* a create refused before any write, said in one line */
static void check_refused(const struct cxl_sysram_create_params *p, int rc,
			  const char *msg)
{
	struct cxl_sysram_region *s = NULL;

	CHECK_INT(cxl_sysram_region_create(ctx, p, &s), rc);
	CHECK(s == NULL);
	CHECK_LOGGED(msg);
	CHECK_INT(logged_lines(), 1);
	if (logged_lines() != 1 || !strstr(logbuf, msg))
		printf("# logged: %s", logbuf);
}

static void test_create_params(void)
{
	struct cxl_sysram_create_params p;

	CHECK_INT(cxl_sysram_create_params_init(&p, 4), -EINVAL);
	CHECK_INT(cxl_sysram_create_params_init(NULL, sizeof(p)), -EINVAL);
	memset(&p, 0xff, sizeof(p));
	CHECK_INT(cxl_sysram_create_params_init(&p, sizeof(p)), 0);
	CHECK_INT(p.size, sizeof(p));
	CHECK_INT(p.ways, CXL_SYSRAM_PARAM_UNSET);
	CHECK_INT(p.granularity, CXL_SYSRAM_PARAM_UNSET);
	CHECK_INT(p.type, CXL_SYSRAM_TYPE_RAM);
	CHECK_INT(p.online_type, CXL_SYSRAM_ONLINE_MOVABLE);
	CHECK(!p.memdevs && !p.nr_memdevs && !p.decoder && !p.region_size);
	CHECK(!p.private_node && !p.has_uuid);
}

#define EP2 "devices/platform/ACPI0017:00/root0/port1/endpoint2"
#define ROOT0 "devices/platform/ACPI0017:00/root0/decoder0.0"

/* each refused before a write, said in one line as create-sysram says */
static void test_create_validation(void)
{
	static const char *const mem0[] = { "mem0" }, *const twice[] = {
		"mem0", "mem0"
	};
	static const char *const mem9[] = { "mem9" };
	const struct {
		const char *const *memdevs;
		unsigned int n;
		int ways, granularity;
		unsigned long long size;
		bool private_node, has_uuid;
		int online_type, rc;
		const char *msg;
	} cases[] = {
		{ NULL, 0, 0, 0, 0, 0, 0, 0, -EINVAL,
		  "no memdevs given (-m mem0 [mem1 ...])" },
		{ mem9, 1, 0, 0, 0, 0, 0, 0, -ENODEV, "mem9: no such memdev" },
		{ twice, 2, 0, 0, 0, 0, 0, 0, -EINVAL, "mem0: given twice" },
		{ mem0, 1, 5, 0, 0, 0, 0, 0, -EINVAL,
		  "5: invalid interleave ways (1, 2, 3, 4, 6, 8, 12 or 16)" },
		{ mem0, 1, 2, 0, 0, 0, 0, 0, -EINVAL,
		  "interleave ways 2 does not match the 1 memdev given" },
		{ mem0, 1, 0, 100, 0, 0, 0, 0, -EINVAL,
		  "100: invalid granularity (a power of 2 from 256 to 16384)" },
		{ mem0, 1, 0, 0, 100 << 20, 0, 0, 0, -EINVAL,
		  "100M: size must be a multiple of 256 MiB per way "
		  "(0x10000000)" },
		{ mem0, 1, 0, 0, 16ULL << 30, 0, 0, 0, -ENOSPC,
		  "decoder0.0: size 0x400000000 exceeds the available space "
		  "(0x200000000)" },
		{ mem0, 1, 0, 0, 0, 0, 1, 0, -EINVAL,
		  "--uuid: only Dynamic Capacity regions (-t dynamic_ram_1) "
		  "accept an extent tag" },
		{ mem0, 1, 0, 0, 0, 1, 0, CXL_SYSRAM_ONLINE_KERNEL, -EINVAL,
		  "--private: private memory is only onlined movable" },
		{ mem0, 1, 0, 0, 0, 1, 0, 0, -EOPNOTSUPP,
		  "--private: this kernel has no private NUMA nodes" },
		{ mem0, 1, 0, 0, 0, 0, 0, CXL_SYSRAM_OFFLINE, -EINVAL,
		  "offline: invalid online type" },
	};
	struct cxl_sysram_create_params p;
	unsigned int i;

	fixture("memdevs=2");
	snapshot_sys();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		open_ctx();
		cxl_sysram_create_params_init(&p, sizeof(p));
		p.memdevs = cases[i].memdevs;
		p.nr_memdevs = cases[i].n;
		if (cases[i].ways)
			p.ways = cases[i].ways;
		if (cases[i].granularity)
			p.granularity = cases[i].granularity;
		p.region_size = cases[i].size;
		p.private_node = cases[i].private_node;
		p.has_uuid = cases[i].has_uuid;
		if (cases[i].online_type)
			p.online_type = cases[i].online_type;
		check_refused(&p, cases[i].rc, cases[i].msg);
		close_ctx();
	}
	/* nothing written */
	CHECK(sys_unchanged());
	/* the memory block size, read as cxl_sysram_get_memory_block_size */
	fixture("memdevs=2 set=devices/system/memory/block_size_bytes=0x8000000");
	open_ctx();
	cxl_sysram_create_params_init(&p, sizeof(p));
	p.memdevs = mem0;
	p.nr_memdevs = 1;
	CHECK_INT(cxl_sysram_region_create(ctx, &p, NULL), -EINVAL);
	CHECK_LOGGED("block_size_bytes: malformed value '0x8000000'");
	close_ctx();
}

/*
 * A create that fails half-way, after the commit and memctrl (the
 * fixture never shows a sysram_region99): everything is undone.
 */
static void test_create_rollback(void)
{
	static const char *const mem0[] = { "mem0" };
	struct cxl_sysram_create_params p;
	struct cxl_sysram_region *s = NULL;

	fixture("memdevs=1");
	/* the region the kernel would make for create_ram_region */
	CHECK_INT(shell("r=/sys/" ROOT0 "/region99 && mkdir $r && "
			"for a in uuid target0; do echo > $r/$a; done && "
			"echo 0x0 > $r/size && echo 0 > $r/commit && "
			"echo ram > $r/mode && echo auto > $r/memctrl && "
			"echo 1 > $r/interleave_ways && "
			"echo 256 > $r/interleave_granularity && "
			"echo 0x4000000000 > $r/resource && "
			"ln -s $r /sys/bus/cxl/devices/region99"),
		  0);
	open_ctx();
	cxl_sysram_create_params_init(&p, sizeof(p));
	p.memdevs = mem0;
	p.nr_memdevs = 1;
	p.region_size = 256 << 20;
	CHECK_INT(cxl_sysram_region_create(ctx, &p, &s), -ENXIO);
	CHECK(s == NULL);
	CHECK_LOGGED("region99: no sysram region appeared\n");
	CHECK_LOGGED("region99: rolling back\n");
	CHECK(strstr(logbuf, "rollback incomplete") == NULL);
	/* the capacity freed, the decode reset, the region deleted */
	CHECK_INT(strtoull(fixture_read(EP2 "/decoder2.0/dpa_size"), NULL, 0),
		  0);
	CHECK(fixture_read(ROOT0 "/region99/commit")[0] == '0');
	CHECK(strstr(fixture_read(ROOT0 "/delete_region"), "region99"));
	close_ctx();
}

static void test_destroy_refused(void)
{
	struct cxl_sysram_region *list[2];

	/* plugged memory without force: -EBUSY, nothing written */
	fixture("memdevs=1 region=0:ram:sysram "
		"sysram=0:online_movable:online_movable:0:1");
	open_ctx();
	list[0] = first();
	CHECK_INT(cxl_sysram_region_destroy(list[0], 0), -EBUSY);
	CHECK_LOGGED("sysram_region0: memory is online_movable: offline it "
		     "first");
	CHECK_INT(logged_lines(), 1);
	CHECK_STR(fixture_read(REGION(0) "/commit"), "1\n");
	CHECK_STR(fixture_read(SYSRAM0 "/state"), "online_movable\n");
	close_ctx();

	/* region1 allocated after region0 on decoder2.0: destroy it first */
	fixture("memdevs=1 region=0:ram:sysram sysram=0:unplugged:unplugged:0:1 "
		"region=1:ram:sysram sysram=1:unplugged:unplugged:0:1 "
		"set=" EP2 "/decoder2.0/dpa_size=0x10000000 "
		"set=" EP2 "/decoder2.0/region=region0 "
		"set=" EP2 "/decoder2.1/dpa_size=0x10000000 "
		"set=" EP2 "/decoder2.1/region=region1 "
		"set=" REGION(1) "/target0=decoder2.1");
	open_ctx();
	list[0] = first();
	list[1] = list[0] ? cxl_sysram_region_get_next(list[0]) : NULL;
	CHECK(list[1] != NULL);
	CHECK_INT(cxl_sysram_region_destroy(list[0], 0), -EBUSY);
	CHECK_LOGGED("region0: region1 holds capacity allocated after it on "
		     "decoder2.0: destroy region1 first");
	/* as a list, in order: checked whole, then the last first */
	logbuf[0] = '\0';
	CHECK_INT(cxl_sysram_region_destroy_list(ctx, list, 2, 1UL << 5),
		  -EINVAL);
	CHECK_STR(fixture_read(REGION(0) "/commit"), "1\n");
	CHECK_STR(fixture_read(REGION(1) "/commit"), "1\n");
	close_ctx();
}

#define MEM0 "devices/pci0000:0c/0000:0c:00.0/0000:0d:00.0/mem0"
#define DEC20 EP2 "/decoder2.0"
#define R99 ROOT0 "/region99"
#define S99 R99 "/sysram_region99"

static struct cxl_memdev *find_memdev(const char *name)
{
	struct cxl_memdev *memdev;

	cxl_memdev_foreach(cxl, memdev)
		if (!strcmp(cxl_memdev_get_devname(memdev), name))
			return memdev;
	return NULL;
}

static struct cxl_decoder *find_decoder(const char *name)
{
	struct cxl_decoder *decoder;
	struct cxl_memdev *memdev;
	struct cxl_bus *bus;

	cxl_bus_foreach(cxl, bus)
		cxl_decoder_foreach(cxl_bus_get_port(bus), decoder)
			if (!strcmp(cxl_decoder_get_devname(decoder), name))
				return decoder;
	cxl_memdev_foreach(cxl, memdev) {
		struct cxl_endpoint *ep = cxl_memdev_get_endpoint(memdev);

		if (!ep)
			continue;
		cxl_decoder_foreach(cxl_endpoint_get_port(ep), decoder)
			if (!strcmp(cxl_decoder_get_devname(decoder), name))
				return decoder;
	}
	return NULL;
}

/* the DC partition of a memdev, and the DC capability of root decoders */
static void test_dc_getters(void)
{
	struct cxl_memdev *mem0, *mem1;

	fixture("memdevs=2 dc=0:0x80000000");
	open_ctx();
	mem0 = find_memdev("mem0");
	mem1 = find_memdev("mem1");
	CHECK(mem0 && mem1);
	if (!mem0 || !mem1)
		goto out;
	CHECK(cxl_sysram_memdev_get_dynamic_ram_1_size(ctx, mem0) == 2 * GIB);
	CHECK_INT(cxl_sysram_memdev_get_dynamic_ram_1_qos_class(ctx, mem0), 42);
	CHECK(cxl_sysram_memdev_get_dynamic_ram_1_available(ctx, mem0) ==
	      2 * GIB);
	/* no partition: 0, none, nothing logged */
	CHECK(cxl_sysram_memdev_get_dynamic_ram_1_size(ctx, mem1) == 0);
	CHECK_INT(cxl_sysram_memdev_get_dynamic_ram_1_qos_class(ctx, mem1),
		  CXL_QOS_CLASS_NONE);
	CHECK(cxl_sysram_memdev_get_dynamic_ram_1_available(ctx, mem1) == 0);
	CHECK(cxl_sysram_decoder_is_dynamic_ram_1_capable(
		ctx, find_decoder("decoder0.0")));
	/* an endpoint decoder creates no region, whatever it holds */
	CHECK(!cxl_sysram_decoder_is_dynamic_ram_1_capable(
		ctx, find_decoder("decoder2.0")));
	CHECK_STR(logbuf, "");
	close_ctx();

	/* what dynamic_ram_1 decoders hold is not available; ram is */
	fixture("memdevs=1 dc=0:0x80000000 set=" DEC20 "/mode=dynamic_ram_1 "
		"set=" DEC20 "/dpa_size=0x40000000 set=" EP2
		"/decoder2.1/dpa_size=0x10000000");
	open_ctx();
	mem0 = find_memdev("mem0");
	CHECK(mem0 &&
	      cxl_sysram_memdev_get_dynamic_ram_1_available(ctx, mem0) == GIB);
	close_ctx();

	/* unreadable: ULLONG_MAX and CXL_QOS_CLASS_NONE, logged */
	fixture("memdevs=1 dc=0 set=" MEM0 "/dynamic_ram_1/size=1G "
		"set=" MEM0 "/dynamic_ram_1/qos_class=x "
		"rm=" ROOT0 "/create_dynamic_ram_1_region");
	open_ctx();
	mem0 = find_memdev("mem0");
	CHECK(mem0 && cxl_sysram_memdev_get_dynamic_ram_1_size(ctx, mem0) ==
			      ULLONG_MAX);
	CHECK_LOGGED("mem0: dynamic_ram_1/size: malformed value '1G'");
	CHECK(mem0 && cxl_sysram_memdev_get_dynamic_ram_1_available(
			      ctx, mem0) == ULLONG_MAX);
	CHECK_INT(cxl_sysram_memdev_get_dynamic_ram_1_qos_class(ctx, mem0),
		  CXL_QOS_CLASS_NONE);
	CHECK_LOGGED("mem0: dynamic_ram_1/qos_class: malformed value 'x'");
	CHECK(!cxl_sysram_decoder_is_dynamic_ram_1_capable(
		ctx, find_decoder("decoder0.0")));
	close_ctx();

	/* a decoder holding capacity in a mode that cannot be read */
	fixture("memdevs=1 dc=0 set=" DEC20 "/dpa_size=0x10000000 "
		"rm=" DEC20 "/mode set=" MEM0 "/dynamic_ram_1/qos_class=-1");
	open_ctx();
	mem0 = find_memdev("mem0");
	CHECK(mem0 && cxl_sysram_memdev_get_dynamic_ram_1_available(
			      ctx, mem0) == ULLONG_MAX);
	CHECK_INT(cxl_sysram_memdev_get_dynamic_ram_1_qos_class(ctx, mem0),
		  CXL_QOS_CLASS_NONE);
out:
	close_ctx();
}

/* the primitives libcxl 81 lacks, and a region it cannot list */
static void test_dc_primitives(void)
{
	struct cxl_decoder *root, *ep;
	struct cxl_region *region;
	struct cxl_sysram_region *s;

	fixture("memdevs=1 dc=0");
	open_ctx();
	root = find_decoder("decoder0.0");
	ep = find_decoder("decoder2.0");
	CHECK(root && ep);
	if (!root || !ep)
		goto out;
	/*
	 * The caller's libcxl context has listed decoder0.0's regions; the
	 * region the kernel makes for the write is there before it, as a
	 * fixture cannot wait for the write.
	 */
	CHECK_INT(fixture_add("newdc=99"), 0);
	CHECK(find_region("region99") == NULL);
	region = cxl_sysram_decoder_create_dynamic_ram_1_region(ctx, root);
	CHECK(region != NULL);
	CHECK_STR(fixture_read(ROOT0 "/create_dynamic_ram_1_region"),
		  "region99\n");
	if (region) {
		/* found through the library's own libcxl context */
		CHECK_STR(cxl_region_get_devname(region), "region99");
		CHECK(cxl_region_get_ctx(region) != cxl);
		CHECK_INT(cxl_region_set_size(region, GIB), 0);
		CHECK_STR(fixture_read(R99 "/size"), "0x40000000\n");
	}
	s = cxl_sysram_region_get_by_name(ctx, "region99");
	CHECK(s != NULL);
	if (s) {
		CHECK_STR(cxl_sysram_region_get_mode(s), "dynamic_ram_1");
		CHECK_INT(cxl_sysram_region_is_dynamic(s), 1);
		CHECK(cxl_sysram_region_get_region(s) == region);
		CHECK(cxl_sysram_region_from_region(ctx, region) == s);
	}
	CHECK_INT(cxl_sysram_decoder_set_dynamic_ram_1_mode(ctx, ep), 0);
	CHECK_STR(fixture_read(DEC20 "/mode"), "dynamic_ram_1\n");
	CHECK_INT(cxl_sysram_decoder_set_dynamic_ram_1_mode(ctx, root),
		  -EINVAL);
	CHECK_LOGGED("decoder0.0: mode: not an endpoint decoder");
	fixture_readonly(DEC20 "/mode");
	CHECK_INT(cxl_sysram_decoder_set_dynamic_ram_1_mode(ctx, ep), -EROFS);
	/* a refresh frees the library's libcxl contexts: found again */
	CHECK_INT(cxl_sysram_refresh(ctx), 0);
	s = cxl_sysram_region_get_by_name(ctx, "region99");
	region = s ? cxl_sysram_region_get_region(s) : NULL;
	CHECK(region && !strcmp(cxl_region_get_devname(region), "region99"));
	close_ctx();

	/* not DC capable; the new region never appears: deleted again */
	fixture("memdevs=1 dc=0 newdc=99 rm=" ROOT0
		"/create_dynamic_ram_1_region");
	open_ctx();
	CHECK(!cxl_sysram_decoder_create_dynamic_ram_1_region(
		ctx, find_decoder("decoder0.0")));
	CHECK_LOGGED("decoder0.0: no Dynamic Capacity regions "
		     "(create_dynamic_ram_1_region)");
	close_ctx();
	fixture("memdevs=1 dc=0");
	open_ctx();
	CHECK(!cxl_sysram_decoder_create_dynamic_ram_1_region(
		ctx, find_decoder("decoder0.0")));
	CHECK_LOGGED("decoder0.0: region99 did not appear");
	CHECK_STR(fixture_read(ROOT0 "/delete_region"), "region99\n");
out:
	close_ctx();
}

static void dc_params(struct cxl_sysram_create_params *p,
		      const char *const *mems, unsigned int n)
{
	cxl_sysram_create_params_init(p, sizeof(*p));
	p->memdevs = mems;
	p->nr_memdevs = n;
	p->type = CXL_SYSRAM_TYPE_DYNAMIC_RAM_1;
}

/* the library's create, as far as a fixture binds (newdc=99:bound) */
static void test_dc_create(void)
{
	static const char *const mem0[] = { "mem0" };
	struct cxl_sysram_create_params p;
	struct cxl_sysram_region *s = NULL;
	struct cxl_region *region;
	uuid_t tag, uu;

	uuid_parse(TAG, tag);
	fixture("memdevs=2 dc=0:0x80000000 newdc=99:bound");
	open_ctx();
	cxl_sysram_set_log_priority(ctx, LOG_INFO);
	dc_params(&p, mem0, 1);
	p.region_size = GIB;
	p.has_uuid = true;
	uuid_copy(p.uuid, tag);
	p.online_type = CXL_SYSRAM_ONLINE_KERNEL;
	CHECK_INT(cxl_sysram_region_create(ctx, &p, &s), 0);
	CHECK(s != NULL);
	if (!s) {
		printf("# logged: %s", logbuf);
		goto out;
	}
	CHECK_STR(cxl_sysram_region_get_devname(s), "sysram_region99");
	CHECK_LOGGED("region99: created under decoder0.0\n");
	CHECK_LOGGED("region99: committed and enabled as a Dynamic Capacity "
		     "sysram region, extents online_kernel\n");
	CHECK_STR(fixture_read(R99 "/interleave_granularity"), "4096\n");
	CHECK_STR(fixture_read(R99 "/interleave_ways"), "1\n");
	CHECK_STR(fixture_read(R99 "/size"), "0x40000000\n");
	CHECK_STR(fixture_read(DEC20 "/mode"), "dynamic_ram_1\n");
	CHECK(!strncmp(fixture_read(DEC20 "/dpa_size"), "0x40000000\n", 11));
	CHECK_STR(fixture_read(R99 "/target0"), "decoder2.0\n");
	CHECK_STR(fixture_read(R99 "/commit"), "1\n");
	CHECK_STR(fixture_read(S99 "/online_type"), "online_kernel\n");
	CHECK_STR(fixture_read(S99 "/uuid"), TAG "\n");
	CHECK_STR(fixture_read("bus/cxl/drivers/cxl_region/bind"),
		  "region99\n");
	CHECK_INT(cxl_sysram_region_get_uuid(s, uu), 0);
	CHECK(uuid_compare(uu, tag) == 0);
	/* libcxl knows what decoder2.0 holds now; the region is found */
	CHECK(cxl_decoder_get_dpa_size(find_decoder("decoder2.0")) == GIB);
	CHECK(cxl_sysram_memdev_get_dynamic_ram_1_available(
		      ctx, find_memdev("mem0")) == GIB);
	region = cxl_sysram_region_get_region(s);
	CHECK(region && !strcmp(cxl_region_get_devname(region), "region99"));
	/* verify: a DC region with no extents yet reads unplugged */
	CHECK_INT(cxl_sysram_region_verify(s, CXL_SYSRAM_ONLINE_KERNEL), 0);
out:
	close_ctx();
}

/* every refusal before a write, said once */
static void test_dc_create_validation(void)
{
	static const char *const mem0[] = { "mem0" }, *const mem1[] = {
		"mem1"
	};
	static const char *const both[] = { "mem0", "mem1" };
	const struct {
		const char *const *memdevs;
		unsigned int n;
		int ways;
		unsigned long long size;
		const char *decoder;
		int rc;
		const char *msg;
	} cases[] = {
		{ both, 2, 0, 0, NULL, -EINVAL,
		  "dynamic_ram_1: Dynamic Capacity regions are 1-way only: "
		  "give one memdev (2 given)" },
		{ mem0, 1, 2, 0, NULL, -EINVAL,
		  "dynamic_ram_1: Dynamic Capacity regions are 1-way only "
		  "(-w 2)" },
		{ mem1, 1, 0, 0, NULL, -EINVAL,
		  "mem1: no Dynamic Capacity partition (dynamic_ram_1)" },
		{ mem0, 1, 0, 2 * GIB, NULL, -ENOSPC,
		  "size 0x80000000 exceeds the free Dynamic Capacity of mem0 "
		  "(0x40000000)" },
		{ mem0, 1, 0, 0, "decoder9.9", -ENXIO,
		  "decoder9.9: no such root decoder" },
	};
	struct cxl_sysram_create_params p;
	unsigned int i;

	fixture("memdevs=2 dc=0 newdc=99");
	snapshot_sys();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		open_ctx();
		dc_params(&p, cases[i].memdevs, cases[i].n);
		if (cases[i].ways)
			p.ways = cases[i].ways;
		p.region_size = cases[i].size;
		p.decoder = cases[i].decoder;
		check_refused(&p, cases[i].rc, cases[i].msg);
		close_ctx();
	}
	CHECK(sys_unchanged());

	/* a root decoder that makes no DC region, named or not */
	fixture("memdevs=1 dc=0 rm=" ROOT0 "/create_dynamic_ram_1_region");
	open_ctx();
	dc_params(&p, mem0, 1);
	CHECK_INT(cxl_sysram_region_create(ctx, &p, NULL), -ENXIO);
	CHECK_LOGGED("no volatile root decoder with Dynamic Capacity regions "
		     "maps mem0");
	logbuf[0] = '\0';
	p.decoder = "decoder0.0";
	CHECK_INT(cxl_sysram_region_create(ctx, &p, NULL), -EINVAL);
	CHECK_LOGGED("decoder0.0: no Dynamic Capacity regions (no "
		     "create_dynamic_ram_1_region)");
	close_ctx();

	/* the partition all taken */
	fixture("memdevs=1 dc=0 set=" DEC20 "/mode=dynamic_ram_1 "
		"set=" DEC20 "/dpa_size=0x40000000");
	open_ctx();
	dc_params(&p, mem0, 1);
	CHECK_INT(cxl_sysram_region_create(ctx, &p, NULL), -EINVAL);
	CHECK_LOGGED("mem0: no free Dynamic Capacity");
	close_ctx();
}

/* a step that fails: what was done is undone, to delete_region */
static void test_dc_create_rollback(void)
{
	static const char *const mem0[] = { "mem0" };
	struct cxl_sysram_create_params p;
	struct cxl_sysram_region *s = NULL;

	fixture("memdevs=1 dc=0 newdc=99");
	open_ctx();
	fixture_readonly(S99 "/uuid");
	dc_params(&p, mem0, 1);
	p.has_uuid = true;
	uuid_parse(TAG, p.uuid);
	CHECK_INT(cxl_sysram_region_create(ctx, &p, &s), -EROFS);
	CHECK(s == NULL);
	CHECK_LOGGED("region99: set uuid failed: Read-only file system\n");
	CHECK_LOGGED("region99: rolling back\n");
	CHECK(strstr(logbuf, "rollback incomplete") == NULL);
	CHECK_STR(fixture_read(R99 "/commit"), "0\n");
	CHECK_STR(fixture_read(R99 "/target0"), "\n");
	CHECK(fixture_read(DEC20 "/dpa_size")[0] == '0' &&
	      fixture_read(DEC20 "/dpa_size")[1] != 'x');
	CHECK_STR(fixture_read(DEC20 "/mode"), "ram\n");
	CHECK_STR(fixture_read(ROOT0 "/delete_region"), "region99\n");
	/* libcxl's view of the decoder is what the kernel's would be */
	CHECK(cxl_decoder_get_dpa_size(find_decoder("decoder2.0")) == 0);
	/* the sysram region the kernel drops with the region: not listed */
	CHECK_INT(shell("umount /sys/" S99 "/uuid && rm -rf /sys/" R99
			" /sys/bus/cxl/devices/region99 "
			"/sys/bus/cxl/devices/sysram_region99"),
		  0);
	CHECK_INT(cxl_sysram_refresh(ctx), 0);
	CHECK(cxl_sysram_region_get_first(ctx) == NULL);
	close_ctx();
}

/*
 * The kernel's uevents are forged here, in a network namespace of the
 * test's own, so that no other listener (udev) hears them: false when it
 * cannot be entered (said)
 */
static bool private_netns(void)
{
	static bool entered;

	if (!entered && unshare(CLONE_NEWNET)) {
		check_fail(__FILE__, __LINE__, "unshare(CLONE_NEWNET): %s",
			   strerror(errno));
		return false;
	}
	entered = true;
	return true;
}

static int send_uevent(const char *action, const char *devpath,
		       const char *subsystem)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	char msg[1024];
	int fd, n, rc;

	n = snprintf(msg, sizeof(msg),
		     "%s@%s%cACTION=%s%cDEVPATH=%s%cSUBSYSTEM=%s%cSEQNUM=1",
		     action, devpath, 0, action, 0, devpath, 0, subsystem, 0);
	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
		    NETLINK_KOBJECT_UEVENT);
	if (fd < 0)
		return -errno;
	rc = sendto(fd, msg, n + 1, 0, (struct sockaddr *)&addr, sizeof(addr));
	rc = rc < 0 ? -errno : 0;
	close(fd);
	return rc;
}

#define EXT_DEVPATH(n)                                                   \
	"/devices/platform/ACPI0017:00/root0/decoder0.0/region0/sysram_" \
	"region0/extent0." #n

static void add_extent(int n)
{
	shell("e=/sys/" SYSRAM0 "/extent0.%d && mkdir $e && "
	      "echo 0x%x > $e/offset && echo 0x10000000 > $e/length && "
	      "echo " NULL_UUID " > $e/uuid && echo unplugged > $e/state",
	      n, n << 28);
}

static long long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* a child that changes the fixture after a while, then says so */
static pid_t later(int delay_ms, void (*change)(void))
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		usleep(delay_ms * 1000);
		change();
		_exit(0);
	}
	return pid;
}

static void arrive(void)
{
	add_extent(1);
	send_uevent("add", EXT_DEVPATH(1), "cxl");
}

static void plug(void)
{
	shell("echo online_movable > /sys/" SYSRAM0 "/extent0.1/state");
	send_uevent("change", EXT_DEVPATH(1), "cxl");
}

static void leave(void)
{
	shell("rm -rf /sys/" SYSRAM0 "/extent0.0 /sys/" SYSRAM0 "/extent0.1");
	send_uevent("remove", EXT_DEVPATH(0), "cxl");
}

static void unrelated(void)
{
	add_extent(1);
	send_uevent("add", "/devices/virtual/block/loop0", "block");
	send_uevent("add",
		    "/devices/platform/ACPI0017:00/root0/decoder0.0/region3/"
		    "sysram_region3/extent3.0",
		    "cxl");
}

static void test_monitor(void)
{
	struct cxl_sysram_monitor *mon;
	int fd;

	if (!private_netns())
		return;
	fixture("region=0:dynamic_ram_1:sysram "
		"sysram=0:unplugged:online_movable:0:1");
	open_ctx();
	CHECK_INT(cxl_sysram_monitor_new(ctx, NULL), -EINVAL);
	CHECK_INT(cxl_sysram_monitor_new(ctx, &mon), 0);
	fd = cxl_sysram_monitor_get_fd(mon);
	CHECK(fd >= 0);
	CHECK_INT(cxl_sysram_monitor_read(mon), 0);
	CHECK_INT(cxl_sysram_monitor_get_event(mon), -EINVAL);
	CHECK(cxl_sysram_monitor_get_devname(mon) == NULL);
	/* other subsystems are skipped; cxl events read one by one */
	CHECK_INT(send_uevent("add", "/devices/virtual/block/loop0", "block"),
		  0);
	CHECK_INT(send_uevent("add", EXT_DEVPATH(0), "cxl"), 0);
	CHECK_INT(send_uevent("change", EXT_DEVPATH(0), "cxl"), 0);
	CHECK_INT(send_uevent("remove", EXT_DEVPATH(0), "cxl"), 0);
	CHECK_INT(send_uevent("bind", EXT_DEVPATH(0), "cxl"), 0);
	CHECK_INT(cxl_sysram_monitor_read(mon), 1);
	CHECK_INT(cxl_sysram_monitor_get_event(mon), CXL_SYSRAM_EVENT_ADD);
	CHECK_STR(cxl_sysram_monitor_get_devname(mon), "extent0.0");
	CHECK_STR(cxl_sysram_monitor_get_devpath(mon), EXT_DEVPATH(0));
	CHECK_INT(cxl_sysram_monitor_read(mon), 1);
	CHECK_INT(cxl_sysram_monitor_get_event(mon), CXL_SYSRAM_EVENT_CHANGE);
	CHECK_INT(cxl_sysram_monitor_read(mon), 1);
	CHECK_INT(cxl_sysram_monitor_get_event(mon), CXL_SYSRAM_EVENT_REMOVE);
	CHECK_INT(cxl_sysram_monitor_read(mon), 1);
	CHECK_INT(cxl_sysram_monitor_get_event(mon), CXL_SYSRAM_EVENT_OTHER);
	CHECK_INT(cxl_sysram_monitor_read(mon), 0);
	cxl_sysram_monitor_free(mon);
	close_ctx();
}

static void test_wait_extents(void)
{
	struct cxl_sysram_region *s;
	long long t;
	pid_t pid;

	if (!private_netns())
		return;
	fixture("region=0:dynamic_ram_1:sysram "
		"sysram=0:online_movable:online_movable:0:1 "
		"extents=0:1:online_movable");
	open_ctx();
	s = first();
	CHECK(s != NULL);
	if (!s)
		goto out;
	/* met at once; a bad condition */
	CHECK_INT(
		cxl_sysram_region_wait_extents(s, CXL_SYSRAM_WAIT_COUNT, 1, 0),
		0);
	CHECK_INT(cxl_sysram_region_wait_extents(
			  s, CXL_SYSRAM_WAIT_BYTES | CXL_SYSRAM_WAIT_SETTLED,
			  256 << 20, 0),
		  0);
	CHECK_INT(cxl_sysram_region_wait_extents(s, 7, 1, 0), -EINVAL);
	CHECK_LOGGED("0x7: invalid extent condition");

	/* nothing arrives: the timeout, no sooner */
	t = ms_now();
	CHECK_INT(cxl_sysram_region_wait_extents(s, CXL_SYSRAM_WAIT_COUNT, 2,
						 300),
		  -ETIMEDOUT);
	CHECK(ms_now() - t >= 300);

	/* an extent arrives, with its uevent, while the wait runs */
	CHECK_INT(cxl_sysram_region_get_nr_extents(s), 1);
	pid = later(200, arrive);
	t = ms_now();
	CHECK_INT(cxl_sysram_region_wait_extents(s, CXL_SYSRAM_WAIT_MIN_BYTES,
						 512 << 20, 10000),
		  0);
	CHECK(ms_now() - t < 5000);
	waitpid(pid, NULL, 0);
	/* refreshed: the walk sees it */
	CHECK_INT(cxl_sysram_region_get_nr_extents(s), 2);

	/* settled: once its memory is plugged as online_type says */
	CHECK_INT(cxl_sysram_region_wait_extents(
			  s, CXL_SYSRAM_WAIT_COUNT | CXL_SYSRAM_WAIT_SETTLED, 2,
			  100),
		  -ETIMEDOUT);
	pid = later(200, plug);
	CHECK_INT(cxl_sysram_region_wait_extents(
			  s, CXL_SYSRAM_WAIT_COUNT | CXL_SYSRAM_WAIT_SETTLED, 2,
			  10000),
		  0);
	waitpid(pid, NULL, 0);

	/* and they leave */
	pid = later(200, leave);
	t = ms_now();
	CHECK_INT(cxl_sysram_region_wait_extents(s, CXL_SYSRAM_WAIT_COUNT, 0,
						 10000),
		  0);
	CHECK(ms_now() - t < 5000);
	waitpid(pid, NULL, 0);
	CHECK_INT(cxl_sysram_region_get_nr_extents(s), 0);

	/* events of other devices are no reason to look again */
	pid = later(100, unrelated);
	CHECK_INT(cxl_sysram_region_wait_extents(s, CXL_SYSRAM_WAIT_COUNT, 1,
						 600),
		  -ETIMEDOUT);
	waitpid(pid, NULL, 0);

	/* the sysram region goes away while waited on */
	logbuf[0] = '\0';
	CHECK_INT(shell("rm -rf /sys/" SYSRAM0), 0);
	CHECK_INT(cxl_sysram_region_wait_extents(s, CXL_SYSRAM_WAIT_COUNT, 5,
						 100),
		  -ENODEV);
	CHECK_LOGGED("sysram_region0: gone while waiting for extents");
out:
	close_ctx();
}

static const struct test_case tests[] = {
	TEST(test_ctx),
	TEST(test_names),
	TEST(test_no_sysram),
	TEST(test_one_sysram),
	TEST(test_many_sysram),
	TEST(test_memctrl_write),
	TEST(test_state_write),
	TEST(test_private_uuid_write),
	TEST(test_malformed),
	TEST(test_hidden_attrs),
	TEST(test_state_read),
	TEST(test_topology_errors),
	TEST(test_rescan),
	TEST(test_extents),
	TEST(test_extent_malformed),
	TEST(test_extent_names),
	TEST(test_capabilities),
	TEST(test_refresh_lookup),
	TEST(test_nr_extents_error),
	TEST(test_create_params),
	TEST(test_create_validation),
	TEST(test_create_rollback),
	TEST(test_destroy_refused),
	TEST(test_dc_getters),
	TEST(test_dc_primitives),
	TEST(test_dc_create),
	TEST(test_dc_create_validation),
	TEST(test_dc_create_rollback),
	TEST(test_monitor),
	TEST(test_wait_extents),
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, tests);
}
