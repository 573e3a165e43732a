// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "upstream.h"

#ifndef CXL_UPSTREAM
#define CXL_UPSTREAM "/usr/bin/cxl"
#endif

const char *upstream_path(void)
{
	/* a set-id caller's environment does not choose what runs */
	const char *path = secure_getenv("CXL_SYSRAM_UPSTREAM");
	char self[PATH_MAX], other[PATH_MAX];

	if (!path || !*path)
		path = CXL_UPSTREAM;
	/*
	 * Installed over the distribution's binary, the front end would
	 * run itself for ever: refuse that loudly instead.
	 */
	if (realpath("/proc/self/exe", self) && realpath(path, other) &&
	    strcmp(self, other) == 0) {
		fprintf(stderr,
			"cxl: %s is this front end, not the "
			"distribution's cxl: set CXL_SYSRAM_UPSTREAM\n",
			path);
		exit(UPSTREAM_MISSING);
	}
	return path;
}

void upstream_exec(const char **argv)
{
	const char *path = upstream_path();

	argv[0] = "cxl";
	execv(path, (char *const *)argv);
	fprintf(stderr, "cxl: cannot run %s: %s\n", path, strerror(errno));
	exit(UPSTREAM_MISSING);
}

int upstream_capture(const char **argv, char **out, size_t *len)
{
	const char *path = upstream_path();
	size_t alloc = 65536, n = 0;
	int pipefd[2], status, rc = 0;
	char *buf;
	pid_t pid;

	buf = malloc(alloc);
	if (!buf)
		return -ENOMEM;
	if (pipe(pipefd)) {
		free(buf);
		return -errno;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		free(buf);
		return rc;
	}
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		argv[0] = "cxl";
		execv(path, (char *const *)argv);
		fprintf(stderr, "cxl: cannot run %s: %s\n", path,
			strerror(errno));
		_exit(UPSTREAM_MISSING);
	}
	close(pipefd[1]);
	for (;;) {
		ssize_t r;

		if (n + 1 >= alloc) {
			char *bigger = realloc(buf, alloc * 2);

			if (!bigger) {
				rc = -ENOMEM;
				break;
			}
			buf = bigger;
			alloc *= 2;
		}
		r = read(pipefd[0], buf + n, alloc - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += r;
	}
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

int upstream_opt_short(const struct upstream_opt *opts, size_t n, char c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (opts[i].short_name && opts[i].short_name == c)
			return (int)i;
	return -1;
}

int upstream_opt_long(const struct upstream_opt *opts, size_t n,
		      const char *name, size_t len)
{
	int match = -1, found = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (strncmp(opts[i].name, name, len))
			continue;
		if (strlen(opts[i].name) == len)
			return (int)i;
		match = (int)i;
		found++;
	}
	return found == 1 ? match : -1;
}
