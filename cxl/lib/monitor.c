// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * Waiting for Dynamic Capacity extents: the kernel's uevents of the cxl
 * bus (an extent device added or removed, KOBJ_CHANGE when its state
 * changes) from a NETLINK_KOBJECT_UEVENT socket.  An event is only ever
 * a reason to read sysfs again: what is waited for is decided on what
 * sysfs says, never on what an event says, so a lost, late or forged
 * event cannot make a wait return early.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <util/sysfs.h>
#include "private.h"

/* the kernel's own uevents (group 2 is udev's re-broadcast) */
#define UEVENT_GROUP_KERNEL 1
/* a burst of thousands of extents must not overflow the socket */
#define UEVENT_RCVBUF (4 << 20)
/* a uevent is at most a page of environment, plus its header */
#define UEVENT_MAX 8192

struct cxl_sysram_monitor {
	struct cxl_sysram_ctx *ctx;
	int fd;
	int event;
	char devpath[UEVENT_MAX];
	const char *devname;
	char buf[UEVENT_MAX + 1];
};

CXL_EXPORT int cxl_sysram_monitor_new(struct cxl_sysram_ctx *ctx,
				      struct cxl_sysram_monitor **out)
{
	struct sockaddr_nl addr = {
		.nl_family = AF_NETLINK,
		.nl_groups = UEVENT_GROUP_KERNEL,
	};
	struct cxl_sysram_monitor *mon;
	int size = UEVENT_RCVBUF, rc;

	if (!ctx || !out)
		return -EINVAL;
	mon = calloc(1, sizeof(*mon));
	if (!mon)
		return -ENOMEM;
	mon->ctx = cxl_sysram_ref(ctx);
	mon->event = -EINVAL;
	mon->fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			 NETLINK_KOBJECT_UEVENT);
	if (mon->fd < 0) {
		rc = -errno;
		err(ctx, "uevent socket: %s\n", strerror(-rc));
		goto err;
	}
	/* the forced size needs CAP_NET_ADMIN; else what the limit allows */
	if (setsockopt(mon->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
		       sizeof(size)))
		setsockopt(mon->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(mon->fd, (struct sockaddr *)&addr, sizeof(addr))) {
		rc = -errno;
		err(ctx, "uevent socket: bind: %s\n", strerror(-rc));
		goto err;
	}
	*out = mon;
	return 0;
err:
	cxl_sysram_monitor_free(mon);
	return rc;
}

CXL_EXPORT void cxl_sysram_monitor_free(struct cxl_sysram_monitor *mon)
{
	if (!mon)
		return;
	if (mon->fd >= 0)
		close(mon->fd);
	cxl_sysram_unref(mon->ctx);
	free(mon);
}

CXL_EXPORT int cxl_sysram_monitor_get_fd(struct cxl_sysram_monitor *mon)
{
	return mon->fd;
}

static const char *const actions[] = {
	[CXL_SYSRAM_EVENT_ADD] = "add",
	[CXL_SYSRAM_EVENT_REMOVE] = "remove",
	[CXL_SYSRAM_EVENT_CHANGE] = "change",
};

/*
 * "ACTION@DEVPATH\0KEY=VALUE\0...": true for an event of the cxl bus with
 * an action and a path, which it keeps
 */
static bool parse_uevent(struct cxl_sysram_monitor *mon, size_t len)
{
	const char *action = NULL, *devpath = NULL, *subsystem = NULL;
	const char *p = mon->buf, *end = mon->buf + len, *slash;
	size_t i;

	/* the header is skipped: the keys say the same */
	for (p += strlen(p) + 1; p < end; p += strlen(p) + 1) {
		if (!strncmp(p, "ACTION=", 7))
			action = p + 7;
		else if (!strncmp(p, "DEVPATH=", 8))
			devpath = p + 8;
		else if (!strncmp(p, "SUBSYSTEM=", 10))
			subsystem = p + 10;
	}
	if (!action || !devpath || !subsystem || strcmp(subsystem, "cxl") ||
	    strlen(devpath) >= sizeof(mon->devpath))
		return false;
	mon->event = CXL_SYSRAM_EVENT_OTHER;
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (!strcmp(action, actions[i]))
			mon->event = (int)i;
	strcpy(mon->devpath, devpath);
	slash = strrchr(mon->devpath, '/');
	mon->devname = slash ? slash + 1 : mon->devpath;
	return true;
}

CXL_EXPORT int cxl_sysram_monitor_read(struct cxl_sysram_monitor *mon)
{
	ssize_t n;
	int rc;

	for (;;) {
		n = recv(mon->fd, mon->buf, UEVENT_MAX, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0) {
			/* -ENOBUFS: events were lost, read sysfs again */
			rc = -errno;
			dbg(mon->ctx, "uevent socket: %s\n", strerror(-rc));
			return rc;
		}
		mon->buf[n] = '\0';
		/* udev's own messages start "libudev": not the kernel's */
		if (!strchr(mon->buf, '@') || !strcmp(mon->buf, "libudev"))
			continue;
		if (parse_uevent(mon, n))
			return 1;
	}
}

CXL_EXPORT int cxl_sysram_monitor_get_event(struct cxl_sysram_monitor *mon)
{
	return mon->event;
}

CXL_EXPORT const char *
cxl_sysram_monitor_get_devname(struct cxl_sysram_monitor *mon)
{
	return mon->event < 0 ? NULL : mon->devname;
}

CXL_EXPORT const char *
cxl_sysram_monitor_get_devpath(struct cxl_sysram_monitor *mon)
{
	return mon->event < 0 ? NULL : mon->devpath;
}

/* ------------------------------------------------------------------ */
/* waiting for extents                                                 */
/* ------------------------------------------------------------------ */

struct measure {
	struct cxl_sysram_region *sysram;
	int online_type; /* with CXL_SYSRAM_WAIT_SETTLED, else -1 */
	unsigned long long count, bytes;
	bool settled;
	int rc;
};

/* extentZ.N, as the kernel names them */
static bool extent_name(const char *name)
{
	int id, n, m;

	if (strncmp(name, "extent", 6))
		return false;
	n = parse_id(name + 6, &id);
	if (!n || name[6 + n] != '.')
		return false;
	m = parse_id(name + 7 + n, &id);
	return m && !name[7 + n + m];
}

static int measure_one(void *arg, const char *name)
{
	struct measure *m = arg;
	struct cxl_sysram_region *s = m->sysram;
	char dir[PATH_MAX];
	unsigned long long len;
	int rc, state;

	if (!extent_name(name))
		return 0;
	if (snprintf(dir, sizeof(dir), "%s/%s", s->dev_path, name) >=
	    (int)sizeof(dir))
		return -ENAMETOOLONG;
	rc = attr_read_u64(s->ctx, AT_FDCWD, dir, name, "length", &len);
	/* removed between the listing and the read: gone, not an error */
	if (rc == -ENOENT)
		return 0;
	if (rc) {
		rep_err(s->ctx, "%s: %s: cannot read its length: %s\n",
			s->devname, name, strerror(-rc));
		return m->rc = rc;
	}
	m->count++;
	m->bytes += len;
	if (m->online_type < 0)
		return 0;
	state = attr_read_state(s->ctx, AT_FDCWD, dir, name, "state");
	if (state == -ENOENT)
		return 0;
	if (state < 0) {
		rep_err(s->ctx, "%s: %s: cannot read its state: %s\n",
			s->devname, name, strerror(-state));
		return m->rc = state;
	}
	if (state != m->online_type)
		m->settled = false;
	return 0;
}

/* the extents as sysfs lists them now; nothing kept */
static int measure(struct cxl_sysram_region *s, bool settled, struct measure *m)
{
	int rc;

	memset(m, 0, sizeof(*m));
	m->sysram = s;
	m->settled = true;
	m->online_type = -1;
	if (settled) {
		rc = attr_read_state(s->ctx, AT_FDCWD, s->dev_path, s->devname,
				     "online_type");
		if (rc < 0) {
			rep_err(s->ctx, "%s: cannot read online_type: %s\n",
				s->devname, strerror(-rc));
			return rc;
		}
		m->online_type = rc;
	}
	rc = sysfs_scan_dir(&s->ctx->ctx, s->dev_path, measure_one, m);
	if (rc == -ENOENT) {
		rep_err(s->ctx, "%s: gone while waiting for extents\n",
			s->devname);
		return -ENODEV;
	}
	/* a failure of one extent's is said already */
	if (rc && !m->rc)
		rep_err(s->ctx, "%s: cannot list extents: %s\n", s->devname,
			strerror(-rc));
	return rc;
}

static bool met(const struct measure *m, unsigned int what,
		unsigned long long value, bool settled)
{
	bool ok = false;

	switch (what) {
	case CXL_SYSRAM_WAIT_COUNT:
		ok = m->count == value;
		break;
	case CXL_SYSRAM_WAIT_BYTES:
		ok = m->bytes == value;
		break;
	case CXL_SYSRAM_WAIT_MIN_COUNT:
		ok = m->count >= value;
		break;
	case CXL_SYSRAM_WAIT_MIN_BYTES:
		ok = m->bytes >= value;
		break;
	}
	return ok && (!settled || m->settled);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* an event of this sysram region, its region, or one of its extents */
static bool concerns(struct cxl_sysram_monitor *mon,
		     struct cxl_sysram_region *s)
{
	const char *p = mon->devpath;
	size_t len = strlen(s->devname);

	if (!strcmp(mon->devname, s->region_devname))
		return true;
	for (p = strstr(p, s->devname); p; p = strstr(p + 1, s->devname))
		if (p > mon->devpath && p[-1] == '/' &&
		    (p[len] == '/' || !p[len]))
			return true;
	return false;
}

/*
 * Drains the socket: 1 when sysfs should be read again (an event that
 * concerns the region, or events lost), 0 when not, -errno
 */
static int drain(struct cxl_sysram_monitor *mon, struct cxl_sysram_region *s)
{
	int rc, again = 0;

	while ((rc = cxl_sysram_monitor_read(mon)) != 0) {
		if (rc == -ENOBUFS)
			again = 1;
		else if (rc < 0)
			return rc;
		else if (concerns(mon, s))
			again = 1;
	}
	return again;
}

static int wait_extents(struct cxl_sysram_region *s, unsigned int cond,
			unsigned long long value, int timeout_ms)
{
	struct cxl_sysram_ctx *ctx = s->ctx;
	unsigned int what = cond & ~CXL_SYSRAM_WAIT_SETTLED;
	bool settled = cond & CXL_SYSRAM_WAIT_SETTLED;
	long long deadline = now_ms() + (timeout_ms < 0 ? 0 : timeout_ms);
	struct cxl_sysram_monitor *mon;
	struct pollfd pfd;
	struct measure m;
	int rc;

	if (what > CXL_SYSRAM_WAIT_MIN_BYTES) {
		rep_err(ctx, "%#x: invalid extent condition\n", cond);
		return -EINVAL;
	}
	/* listen first: nothing between the first look and a poll is lost */
	rc = cxl_sysram_monitor_new(ctx, &mon);
	if (rc) {
		rep_err(ctx, "%s: cannot listen for extents: %s\n", s->devname,
			strerror(-rc));
		return rc;
	}
	pfd.fd = mon->fd;
	pfd.events = POLLIN;
	for (;;) {
		long long left;

		rc = measure(s, settled, &m);
		if (rc || met(&m, what, value, settled))
			break;
		do {
			if (timeout_ms >= 0 &&
			    (left = deadline - now_ms()) <= 0) {
				rep_info(ctx,
					 "%s: %llu extent%s, %#llx bytes%s: "
					 "timed out\n",
					 s->devname, m.count,
					 m.count == 1 ? "" : "s", m.bytes,
					 settled && !m.settled ? ", unsettled"
							       : "");
				rc = -ETIMEDOUT;
				goto out;
			}
			rc = poll(&pfd, 1, timeout_ms < 0 ? -1 : (int)left);
			if (rc < 0) {
				rc = -errno;
				goto out;
			}
			rc = rc ? drain(mon, s) : 0;
			if (rc < 0) {
				rep_err(ctx, "%s: uevent socket: %s\n",
					s->devname, strerror(-rc));
				goto out;
			}
		} while (!rc);
	}
out:
	cxl_sysram_monitor_free(mon);
	return rc;
}

CXL_EXPORT int cxl_sysram_region_wait_extents(struct cxl_sysram_region *sysram,
					      unsigned int cond,
					      unsigned long long value,
					      int timeout_ms)
{
	struct cxl_sysram_ctx *ctx;
	int rc;

	if (!sysram)
		return -EINVAL;
	ctx = sysram->ctx;
	op_begin(ctx);
	rc = wait_extents(sysram, cond, value, timeout_ms);
	op_end(ctx);
	/* the caller's next walk reads the extents as they are now */
	cxl_sysram_region_refresh(sysram);
	return rc;
}
