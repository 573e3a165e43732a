// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * The cxl front end: runs the sysram commands itself and hands every other
 * command, with its arguments untouched, to the distribution's cxl, so one
 * cxl on PATH does everything the user knows plus ours.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <syslog.h>
#include <unistd.h>
#include <linux/capability.h>
#include <util/log.h>
#include <cxl/libcxl.h>
#include <cxl/libcxl-sysram.h>
#include "builtin.h"
#include "list.h"
#include "upstream.h"

#ifndef CXL_SYSRAM_VERSION
#define CXL_SYSRAM_VERSION "unknown"
#endif
#ifndef CXL_SYSRAM_MANDIR
#define CXL_SYSRAM_MANDIR "/usr/local/share/man"
#endif

struct cmd {
	const char *name;
	int (*fn)(int argc, const char **argv, struct cxl_sysram_ctx *ctx);
	/* upstream's command, which ours only wraps: its man page, its lists */
	bool upstream;
};

static const struct cmd commands[] = {
	{ "create-sysram", cmd_create_sysram },
	{ "destroy-sysram", cmd_destroy_sysram },
	{ "online-sysram", cmd_online_sysram },
	{ "offline-sysram", cmd_offline_sysram },
	{ "list-extents", cmd_list_extents },
	/* list is upstream's, with sysram objects and -N/--extents added */
	{ "list", cmd_list, true },
	/* upstream's, refused or preceded by an unplug for sysram memory */
	{ "disable-region", cmd_disable_region, true },
	{ "destroy-region", cmd_destroy_region, true },
};

static const struct cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static bool own_page(const struct cmd *c)
{
	return c && !c->upstream;
}

/*
 * Where a page of ours is: the build's own pages first (an uninstalled
 * build points CXL_SYSRAM_MANDIR at them), then the installed ones.
 * secure_getenv: a set-id caller's environment names no file to open.
 */
static bool own_page_path(const char *page, int section, char *path, size_t len)
{
	const char *dir = secure_getenv("CXL_SYSRAM_MANDIR");

	if (dir) {
		snprintf(path, len, "%s/%s.%d", dir, page, section);
		if (access(path, R_OK) == 0)
			return true;
	}
	snprintf(path, len, "%s/man%d/%s.%d", CXL_SYSRAM_MANDIR, section, page,
		 section);
	return access(path, R_OK) == 0;
}

static int show_man_page(const char *name)
{
	char page[128], path[4096];

	snprintf(page, sizeof(page), "cxl-%s", name);
	if (own_page_path(page, 1, path, sizeof(path)))
		execlp("man", "man", "-l", path, (char *)NULL);
	execlp("man", "man", page, (char *)NULL);
	fprintf(stderr, "cxl: failed to run man for %s: %s\n", page,
		strerror(errno));
	return 1;
}

/* the file of a page man knows (the distribution's), in path */
static bool man_where(const char *page, char *path, size_t len)
{
	char cmd[256];
	bool found;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "man -w %s 2>/dev/null", page);
	f = popen(cmd, "r");
	if (!f)
		return false;
	found = fgets(path, len, f) && path[0] == '/';
	pclose(f);
	path[strcspn(path, "\n")] = '\0';
	return found;
}

/*
 * cxl help list, cxl list --help: upstream's cxl-list(1), then
 * cxl-sysram(7), which has -N/--extents and the objects we add, in one
 * man session.  Returns when either page is missing (or the distribution's
 * cxl, whose command it is): upstream answers then, as it would.
 */
static void show_list_help(void)
{
	char up[4096], ours[4096];

	if (access(upstream_path(), X_OK) == 0 &&
	    man_where("cxl-list", up, sizeof(up)) &&
	    own_page_path("cxl-sysram", 7, ours, sizeof(ours))) {
		fflush(stdout);
		execlp("man", "man", "-l", up, ours, (char *)NULL);
	}
}

/*
 * The files these commands write under /sys/bus/cxl and
 * /sys/devices/system/memory are root's, mode 0644 or 0200, and no store
 * behind them asks for a capability: the kernel lets an effective uid 0
 * write them as their owner, and anyone else only with CAP_DAC_OVERRIDE.
 * CAP_SYS_ADMIN alone would not do.
 */
static bool may_write_sysfs(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { 0 };

	if (geteuid() == 0)
		return true;
	if (syscall(SYS_capget, &hdr, data))
		return false;
	return data[CAP_TO_INDEX(CAP_DAC_OVERRIDE)].effective &
	       CAP_TO_MASK(CAP_DAC_OVERRIDE);
}

int sysram_need_root(const char *cmd)
{
	if (may_write_sysfs())
		return 0;
	/* said once, before the first write, instead of each write's EACCES */
	fprintf(stderr, "%s: needs root (writes /sys/bus/cxl)\n", cmd);
	return -EPERM;
}

void sysram_quiet_libraries(struct cxl_sysram_ctx *ctx, bool debug)
{
	struct cxl_ctx *cxl = cxl_sysram_get_cxl_ctx(ctx);

	if (debug) {
		cxl_set_log_priority(cxl, LOG_DEBUG);
		cxl_sysram_set_log_priority(ctx, LOG_DEBUG);
		return;
	}
	/* neither library logs anything at LOG_CRIT */
	if (!getenv("CXL_LOG"))
		cxl_set_log_priority(cxl, LOG_CRIT);
	if (!getenv("CXL_SYSRAM_LOG"))
		cxl_sysram_set_log_priority(ctx, LOG_CRIT);
}

static const char *lib_owner = "libcxl-sysram";

/* the operations' lines read "<owner>: <function>: <message>", as ours */
static __attribute__((format(printf, 6, 0))) void
lib_log(struct cxl_sysram_ctx *ctx, int priority, const char *file, int line,
	const char *fn, const char *format, va_list args)
{
	fflush(stdout);
	fprintf(stderr, "%s: %s: ", lib_owner, fn);
	vfprintf(stderr, format, args);
}

int sysram_lib_begin(struct cxl_sysram_ctx *ctx, struct log_ctx *l,
		     bool verbose)
{
	int prev = cxl_sysram_get_log_priority(ctx), want;

	lib_owner = l->owner;
	cxl_sysram_set_report_fn(ctx, lib_log);
	/* failures (ERR) and notes (NOTICE) always, steps (INFO) with -v */
	want = l->log_priority >= LOG_DEBUG ? LOG_DEBUG
	       : verbose		    ? LOG_INFO
					    : LOG_NOTICE;
	cxl_sysram_set_log_priority(ctx, prev > want ? prev : want);
	return prev;
}

/* which cxl runs: scripts read upstream's line, people read ours */
static int version_verbose(const char **argv)
{
	char *out = NULL;
	size_t len;
	int rc;

	rc = upstream_capture(argv, &out, &len);
	if (rc >= 0) {
		fputs(out, stdout);
		free(out);
	}
	printf("cxl-sysram %s front end; other commands run %s\n",
	       CXL_SYSRAM_VERSION, upstream_path());
	/* upstream's status, UPSTREAM_MISSING included, as every path */
	return rc < 0 ? 1 : rc;
}

static bool is_verbose(int argc, const char **argv)
{
	int i;

	for (i = 2; i < argc && strcmp(argv[i], "--"); i++)
		if (strcmp(argv[i], "-v") == 0 ||
		    strcmp(argv[i], "--verbose") == 0)
			return true;
	return false;
}

static int list_cmds(const char **argv)
{
	char *out = NULL;
	size_t len, i;
	int rc;

	rc = upstream_capture(argv, &out, &len);
	if (rc < 0)
		return 1;
	fputs(out, stdout);
	free(out);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (own_page(&commands[i]))
			printf("%s\n", commands[i].name);
	return rc;
}

static int help(int argc, const char **argv)
{
	const char *up[] = { "cxl", "help", NULL };
	char *out = NULL;
	size_t len, i;
	int rc;

	if (argc > 1 && own_page(find_cmd(argv[1])))
		return show_man_page(argv[1]);
	if (argc > 1 && !strcmp(argv[1], "list"))
		show_list_help();
	if (argc > 1)
		upstream_exec(argv - 1);
	printf("cxl-sysram %s front end: the sysram commands run here, every "
	       "other in %s\n",
	       CXL_SYSRAM_VERSION, upstream_path());
	rc = upstream_capture(up, &out, &len);
	if (rc < 0)
		return 1;
	fputs(out, stdout);
	free(out);
	printf(" sysram commands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (own_page(&commands[i]))
			printf("   %s\n", commands[i].name);
	printf(" and 'cxl list -N/--extents'\n\n");
	return rc;
}

/*
 * As ndctl's run_builtin: a failed command keeps its own status; a
 * successful one fails when its output did not reach a file (ENOSPC,
 * EIO), but not when a pipe's or socket's reader went away early
 * (cxl list | head), which is the reader's choice, not an error.
 */
static int stdout_status(int rc)
{
	struct stat st;

	if (rc)
		return rc & 0xff;
	if (fstat(fileno(stdout), &st) || S_ISFIFO(st.st_mode) ||
	    S_ISSOCK(st.st_mode))
		return 0;
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "cxl: write failure on standard output: %s\n",
			strerror(errno ? errno : EIO));
		return 1;
	}
	return 0;
}

static int run(const struct cmd *c, int argc, const char **argv)
{
	struct cxl_sysram_ctx *ctx;
	struct cxl_ctx *cxl;
	int rc;

	rc = cxl_new(&cxl);
	/* no libcxl, no sysram objects: upstream's commands are still there */
	if (rc && c->upstream)
		upstream_exec(argv - 1);
	if (rc) {
		fprintf(stderr, "cxl: failed to initialize libcxl: %s\n",
			strerror(-rc));
		return 1;
	}
	rc = cxl_sysram_new(cxl, &ctx);
	cxl_unref(cxl);
	if (rc && c->upstream)
		upstream_exec(argv - 1);
	if (rc) {
		fprintf(stderr, "cxl: failed to initialize libcxl-sysram: %s\n",
			strerror(-rc));
		return 1;
	}
	rc = c->fn(argc, argv, ctx);
	cxl_sysram_unref(ctx);
	return stdout_status(rc);
}

int main(int argc, const char **argv)
{
	const struct cmd *c;
	int i;

	if (argc < 2)
		upstream_exec(argv);
	if (strcmp(argv[1], "--list-cmds") == 0)
		return list_cmds(argv);
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0)
		return help(argc - 1, argv + 1);
	/* plain "cxl --version" stays upstream's: scripts compare it */
	if ((strcmp(argv[1], "version") == 0 ||
	     strcmp(argv[1], "--version") == 0) &&
	    is_verbose(argc, argv))
		return version_verbose(argv);

	c = find_cmd(argv[1]);
	if (!c)
		upstream_exec(argv);
	/* "cxl <cmd> --help" opens the man page, as ndctl's cxl does */
	for (i = 2; i < argc && strcmp(argv[i], "--"); i++)
		if (strcmp(argv[i], "--help") == 0) {
			if (own_page(c))
				return show_man_page(c->name);
			/* upstream's page and ours, -N/--extents in it */
			if (!strcmp(c->name, "list")) {
				show_list_help();
				/* upstream's list knows no -N: it would refuse
				 */
				list_upstream_exec(argc - 1, argv + 1);
			}
			upstream_exec(argv);
		}
	return run(c, argc - 1, argv + 1);
}
