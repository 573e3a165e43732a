/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _CXL_BUILTIN_H_
#define _CXL_BUILTIN_H_
#include <stdbool.h>

struct cxl_ctx;
struct cxl_sysram_ctx;
struct cxl_sysram_region;
struct log_ctx;

/* the commands this front end runs itself; every other goes upstream */
int cmd_create_sysram(int argc, const char **argv, struct cxl_sysram_ctx *ctx);
int cmd_destroy_sysram(int argc, const char **argv, struct cxl_sysram_ctx *ctx);
int cmd_online_sysram(int argc, const char **argv, struct cxl_sysram_ctx *ctx);
int cmd_offline_sysram(int argc, const char **argv, struct cxl_sysram_ctx *ctx);
int cmd_list_extents(int argc, const char **argv, struct cxl_sysram_ctx *ctx);
int cmd_list(int argc, const char **argv, struct cxl_sysram_ctx *ctx);
/* upstream's, guarded against plugged sysram memory, then exec'd */
int cmd_disable_region(int argc, const char **argv, struct cxl_sysram_ctx *ctx);
int cmd_destroy_region(int argc, const char **argv, struct cxl_sysram_ctx *ctx);

/*
 * 0 when this process may write the CXL sysfs files; else -EPERM, said
 * once as "<cmd>: needs root (writes /sys/bus/cxl)".
 */
int sysram_need_root(const char *cmd);

/*
 * For the commands that report every failure themselves, with its
 * reason: the libraries' own error lines would say each a second time.
 * They stay quiet unless debug is asked for or their own variables
 * (CXL_LOG, CXL_SYSRAM_LOG) set a level.
 */
void sysram_quiet_libraries(struct cxl_sysram_ctx *ctx, bool debug);

/*
 * Before one of the library's operations (create, destroy, unplug,
 * verify): its lines read as the command's, "<l's owner>: <function>:
 * <message>", each failure once, its notes, and with verbose its steps.
 * Returns the library's log priority, for cxl_sysram_set_log_priority()
 * after the operation.
 */
int sysram_lib_begin(struct cxl_sysram_ctx *ctx, struct log_ctx *l,
		     bool verbose);

/* cxl_sysram_region_unplug() and cxl_sysram_region_verify(), so said */
int sysram_unplug(struct log_ctx *l, struct cxl_sysram_region *sysram);
int sysram_check_bound(struct log_ctx *l, struct cxl_sysram_region *sysram,
		       int want);

/* create-sysram -r, checked by the caller: what the new region gets */
struct adopt_opts {
	int want; /* the online type, or CXL_SYSRAM_UNPLUGGED */
	bool private_node, verbose, debug, human;
};

/*
 * Adopts the dax-path RAM region that name names (see adopt.c); failures
 * are logged through l.  Returns 0 or -errno.
 */
int sysram_adopt(struct cxl_sysram_ctx *ctx, struct log_ctx *l,
		 const char *name, const struct adopt_opts *opts);

/*
 * destroy-sysram --to-dax: hands the sysram region of region back to the
 * dax path, the region kept (see adopt.c); opts->want is not used.
 * Returns 0 or -errno, said through l.
 */
int sysram_to_dax(struct cxl_sysram_ctx *ctx, struct log_ctx *l,
		  struct cxl_region *region, const struct adopt_opts *opts);

#endif /* _CXL_BUILTIN_H_ */
