// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fuzz.h"

char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

int fuzz_argv(const uint8_t *data, size_t size, const char *cmd,
	      const char ***argv)
{
	const char **v;
	char *text, *p, *end;
	int argc = 0;

	/* the pointers, then the words: one block for ASan to bound */
	v = malloc((FUZZ_MAX_ARGS + 2) * sizeof(*v) + size + 1);
	if (!v)
		abort();
	text = (char *)(v + FUZZ_MAX_ARGS + 2);
	memcpy(text, data, size);
	text[size] = '\0';
	v[argc++] = cmd;
	for (p = text, end = text + size; p < end && argc <= FUZZ_MAX_ARGS;
	     p += strlen(p) + 1)
		v[argc++] = p;
	v[argc] = NULL;
	*argv = v;
	return argc;
}

bool fuzz_in_args(const char **argv, int argc, const char *s)
{
	int i;

	for (i = 1; i < argc; i++)
		if (s >= argv[i] && s <= argv[i] + strlen(argv[i]))
			return true;
	return false;
}

int fuzz_file(char *template, const char *name)
{
	char path[PATH_MAX];
	int fd;

	if (!mkdtemp(template))
		abort();
	snprintf(path, sizeof(path), "%s/%s", template, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		abort();
	return fd;
}

void fuzz_set_file(int fd, const uint8_t *data, size_t size)
{
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
}

void fuzz_quiet(void)
{
	/*
	 * The streams, not the descriptors: sanitizer reports are written
	 * to descriptor 2 directly and must stay visible.
	 */
	FILE *null = fopen("/dev/null", "w");

	if (!null)
		abort();
	stdout = null;
	stderr = null;
}

void fuzz_fail(const char *file, int line, const char *what)
{
	dprintf(STDERR_FILENO, "fuzz: %s:%d: property failed: %s\n", file, line,
		what);
	abort();
}
