// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <util/sysfs.h>

int sysfs_read_attr(struct log_ctx *ctx, const char *path, char *buf)
{
	return sysfs_read_attr_at(ctx, AT_FDCWD, path, buf);
}

int sysfs_read_attr_at(struct log_ctx *ctx, int dirfd, const char *path,
		       char *buf)
{
	ssize_t n;
	int fd, rc;

	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		log_dbg(ctx, "%s: open: %s\n", path, strerror(-rc));
		return rc;
	}
	n = read(fd, buf, SYSFS_ATTR_SIZE);
	rc = n < 0 ? -errno : 0;
	close(fd);
	if (rc) {
		log_dbg(ctx, "%s: read: %s\n", path, strerror(-rc));
		return rc;
	}
	/* a full buffer means the value was cut: refuse it */
	if (n >= SYSFS_ATTR_SIZE) {
		log_dbg(ctx, "%s: value too long\n", path);
		return -EFBIG;
	}
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

int sysfs_write_attr(struct log_ctx *ctx, const char *path, const char *buf)
{
	size_t len = strlen(buf);
	ssize_t n;
	int fd, rc;

	/*
	 * O_TRUNC, as a shell redirection does: sysfs ignores it, and a
	 * fixture tree of plain files then holds exactly what was written.
	 */
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		log_dbg(ctx, "%s: open: %s\n", path, strerror(-rc));
		return rc;
	}
	n = write(fd, buf, len);
	rc = n < 0 ? -errno : 0;
	close(fd);
	if (rc) {
		log_dbg(ctx, "%s: write: %s\n", path, strerror(-rc));
		return rc;
	}
	if ((size_t)n != len) {
		log_dbg(ctx, "%s: short write\n", path);
		return -EIO;
	}
	return 0;
}

bool sysfs_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int sysfs_scan_dir(struct log_ctx *ctx, const char *dir, sysfs_entry_fn fn,
		   void *arg)
{
	struct dirent *de;
	int rc = 0;
	DIR *d;

	d = opendir(dir);
	if (!d) {
		rc = -errno;
		log_dbg(ctx, "%s: opendir: %s\n", dir, strerror(-rc));
		return rc;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		rc = fn(arg, de->d_name);
		if (rc)
			break;
	}
	closedir(d);
	return rc;
}

int parse_u64_prefix(const char *s, unsigned long long *val, char **end)
{
	/* strtoull accepts a sign and leading blanks: sysfs never has them */
	if (!s || !isdigit((unsigned char)s[0]))
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
		/* glibc >= 2.38 would read "0b1" as 1, older ones as 0 */
		*val = 0;
		*end = (char *)s + 1;
		return 0;
	}
	errno = 0;
	*val = strtoull(s, end, 0);
	return errno ? -EINVAL : 0;
}

int parse_u64(const char *s, unsigned long long *val)
{
	char *end;

	if (parse_u64_prefix(s, val, &end) || *end)
		return -EINVAL;
	return 0;
}

int parse_id(const char *s, int *id)
{
	long long v = 0;
	int n;

	if (!s || !isdigit((unsigned char)s[0]) ||
	    (s[0] == '0' && isdigit((unsigned char)s[1])))
		return 0;
	for (n = 0; isdigit((unsigned char)s[n]); n++) {
		v = v * 10 + (s[n] - '0');
		if (v > INT_MAX)
			return 0;
	}
	*id = (int)v;
	return n;
}

int parse_int(const char *s, int *val)
{
	char *end;
	long v;

	if (!s || !(isdigit((unsigned char)s[0]) || s[0] == '-'))
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < INT_MIN || v > INT_MAX)
		return -EINVAL;
	*val = (int)v;
	return 0;
}

int parse_bool01(const char *s, bool *val)
{
	if (!s || !s[0] || s[1] || (s[0] != '0' && s[0] != '1'))
		return -EINVAL;
	*val = s[0] == '1';
	return 0;
}
