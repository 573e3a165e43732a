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
int parse_int(const char *s, int *val);
int parse_bool01(const char *s, bool *val);

#endif /* _UTIL_SYSFS_H_ */
