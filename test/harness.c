// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include "harness.h"

static char workdir[] = "/tmp/cxl-sysram-test.XXXXXX";
static char fxdir[4096];
static const char *fixture_sh;
static int case_failures;
static int fixture_seq;

void check_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	case_failures++;
}

static void die(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	exit(99);
}

int shell(const char *fmt, ...)
{
	char *cmd;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) < 0)
		die("vasprintf");
	va_end(ap);
	fflush(stdout);
	rc = system(cmd);
	free(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
}

static void unmount_fixture(void)
{
	/* lazily: a test may still hold a directory open */
	umount2("/dev/cxl", MNT_DETACH);
	umount2("/sys", MNT_DETACH);
}

void fixture(const char *fmt, ...)
{
	char *args, path[4200];
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&args, fmt, ap) < 0)
		die("vasprintf");
	va_end(ap);

	unmount_fixture();
	snprintf(fxdir, sizeof(fxdir), "%s/fx%d", workdir, ++fixture_seq);
	if (shell("%s %s %s", fixture_sh, fxdir, args) != 0) {
		printf("Bail out! fixture.sh %s failed\n", args);
		exit(99);
	}
	free(args);
	snprintf(path, sizeof(path), "%s/sys", fxdir);
	if (mount(path, "/sys", NULL, MS_BIND | MS_REC, NULL))
		die("mount /sys");
	mkdir("/dev/cxl", 0755);
	snprintf(path, sizeof(path), "%s/dev/cxl", fxdir);
	if (mount(path, "/dev/cxl", NULL, MS_BIND, NULL))
		die("mount /dev/cxl");
}

int fixture_add(const char *fmt, ...)
{
	char *args;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	if (vasprintf(&args, fmt, ap) < 0)
		die("vasprintf");
	va_end(ap);
	rc = shell("%s --add %s %s", fixture_sh, fxdir, args);
	free(args);
	return rc;
}

const char *fixture_path(const char *rel)
{
	static char path[8192];

	snprintf(path, sizeof(path), "%s/sys/%s", fxdir, rel);
	return path;
}

const char *fixture_read(const char *rel)
{
	static char buf[4096];
	size_t n = 0;
	FILE *f;

	buf[0] = '\0';
	f = fopen(fixture_path(rel), "r");
	if (!f)
		return buf;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

void fixture_write(const char *rel, const char *val)
{
	FILE *f = fopen(fixture_path(rel), "w");

	if (!f)
		die(rel);
	fputs(val, f);
	fclose(f);
}

void fixture_readonly(const char *rel)
{
	char p[4096];

	/* root ignores file modes; a read-only bind mount it cannot */
	snprintf(p, sizeof(p), "/sys/%s", rel);
	if (mount(p, p, NULL, MS_BIND, NULL) ||
	    mount(NULL, p, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL))
		die("read-only bind mount");
}

static void enter_namespace(void)
{
	if (geteuid() != 0) {
		printf("Bail out! fixture tests need root (mount namespace)\n");
		exit(99);
	}
	if (unshare(CLONE_NEWNS))
		die("unshare(CLONE_NEWNS)");
	/*
	 * Keep our mounts out of the parent namespace.  Inside the
	 * project's chroot / is no mount point and this fails, but there
	 * every mount is private already.
	 */
	mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	if (!mkdtemp(workdir))
		die("mkdtemp");
	if (mount("tmpfs", workdir, "tmpfs", 0, NULL))
		die("mount tmpfs");
}

int harness_main(int argc, char **argv, const struct test_case *tests)
{
	int n = 0, failed = 0;
	const char *only = argc > 1 ? argv[1] : NULL;

	fixture_sh = getenv("FIXTURE");
	if (!fixture_sh) {
		printf("Bail out! FIXTURE (path of test/fixture.sh) not set\n");
		return 99;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	enter_namespace();
	for (const struct test_case *t = tests; t->name; t++) {
		if (only && strcmp(only, t->name) != 0)
			continue;
		case_failures = 0;
		t->fn();
		n++;
		printf("%sok %d - %s\n", case_failures ? "not " : "", n,
		       t->name);
		if (case_failures)
			failed++;
	}
	unmount_fixture();
	umount2(workdir, MNT_DETACH);
	rmdir(workdir);
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
