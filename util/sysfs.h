/* SPDX-License-Identifier: LGPL-2.1 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _UTIL_SYSFS_H_
#define _UTIL_SYSFS_H_
#include <stdbool.h>
#include <util/log.h>

/* a sysfs attribute is at most a page; ours are far shorter */
#define SYSFS_ATTR_SIZE 1024

/*
 * All sysfs traffic of the library goes through these helpers, so that
 * there is one place that decides how attributes are opened, how much is
 * read, and how errors turn into -errno.
 */
int sysfs_read_attr(struct log_ctx *ctx, const char *path, char *buf);
/* the same, with path relative to dirfd (or AT_FDCWD) */
int sysfs_read_attr_at(struct log_ctx *ctx, int dirfd, const char *path,
		       char *buf);
int sysfs_write_attr(struct log_ctx *ctx, const char *path, const char *buf);
bool sysfs_is_dir(const char *path);

typedef int (*sysfs_entry_fn)(void *arg, const char *name);
int sysfs_scan_dir(struct log_ctx *ctx, const char *dir, sysfs_entry_fn fn,
		   void *arg);

/*
 * Strict parsers for attribute text: the whole string must be consumed,
 * so a truncated or garbled value is an error, never a silent default.
 */
int parse_u64(const char *s, unsigned long long *val);
/*
 * parse_u64_prefix - the number at the start of s, in decimal, hex (0x)
 * or octal (0): strtoull's base 0 as C99 has it, without a sign or
 * leading blanks, and without the 0b binary form of C23 that glibc 2.38
 * and later read (so "0b1" means the same with every libc: nothing).
 * *end points after it.  Returns 0, or -EINVAL (no number, overflow).
 */
int parse_u64_prefix(const char *s, unsigned long long *val, char **end);
/*
 * parse_id - a device id as the kernel writes it in a name (region3,
 * extent3.12): decimal digits, no sign or blank, no leading zero, at
 * most INT_MAX.  Returns how many characters it read, 0 when s does not
 * start with an id.
 */
int parse_id(const char *s, int *id);
int parse_int(const char *s, int *val);
int parse_bool01(const char *s, bool *val);

#endif /* _UTIL_SYSFS_H_ */
