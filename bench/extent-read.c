// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * extent-read SYSRAM-DIR: the bare cost of reading what 'cxl list -N'
 * shows of each extent (offset, length, uuid, state) straight from sysfs,
 * with nothing else around it, as the baseline of bench/dcd.sh.  Prints
 * the number of extents and the bytes read.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static long read_attr(int dirfd, const char *name)
{
	char buf[64];
	ssize_t n;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n;
}

int main(int argc, char **argv)
{
	static const char *const attrs[] = { "offset", "length", "uuid",
					     "state" };
	long extents = 0, bytes = 0;
	struct dirent *de;
	DIR *dir;

	if (argc != 2) {
		fprintf(stderr, "usage: extent-read SYSRAM-DIR\n");
		return 2;
	}
	dir = opendir(argv[1]);
	if (!dir) {
		perror(argv[1]);
		return 1;
	}
	while ((de = readdir(dir))) {
		int fd;

		if (strncmp(de->d_name, "extent", 6))
			continue;
		fd = openat(dirfd(dir), de->d_name, O_RDONLY | O_DIRECTORY);
		if (fd < 0)
			continue;
		for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
			long n = read_attr(fd, attrs[i]);

			if (n > 0)
				bytes += n;
		}
		close(fd);
		extents++;
	}
	closedir(dir);
	printf("%ld %ld\n", extents, bytes);
	return 0;
}
