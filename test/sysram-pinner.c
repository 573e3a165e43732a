// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * sysram-pinner NODE MIB task|mbind|splice: maps MIB of anonymous memory
 * without huge pages and fills it from NODE, prints "ready", then sleeps.
 *  task:   binds the task to NODE while it touches the memory, so that its
 *          page tables come from NODE too: they are not movable, and the
 *          memory blocks that hold them cannot be offlined while it runs.
 *  mbind:  binds only the mapping to NODE and mlocks it: user memory, which
 *          offlining migrates away.
 *  splice: as mbind without mlock, and vmsplices 16 pages into a pipe that
 *          it keeps: pages with extra references, which migration cannot
 *          move, so offlining retries until it gets a signal.
 * The VM tests build it in the guest (start_pinner in test/common).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#define MPOL_DEFAULT 0
#define MPOL_BIND 2

int main(int argc, char **argv)
{
	unsigned long mask = 1UL << atoi(argv[1]);
	size_t len = strtoul(argv[2], NULL, 0) << 20, i;
	int task = strcmp(argv[3], "task") == 0;
	int splice = strcmp(argv[3], "splice") == 0;
	struct iovec iov;
	int pfd[2];
	char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED || madvise(p, len, MADV_NOHUGEPAGE))
		return perror("mmap"), 1;
	/* the mapping's own kernel objects before any binding */
	p[0] = 1;
	if (task) {
		if (syscall(SYS_set_mempolicy, MPOL_BIND, &mask, 64))
			return perror("set_mempolicy"), 1;
	} else {
		if (syscall(SYS_mbind, p, len, MPOL_BIND, &mask, 64, 0))
			return perror("mbind"), 1;
		if (!splice && mlock(p, len))
			return perror("mlock"), 1;
	}
	for (i = 4096; i < len; i += 4096)
		p[i] = 1;
	if (splice) {
		/* the pipe holds references on 16 pages until it is closed */
		iov.iov_base = p + 4096;
		iov.iov_len = 16 * 4096;
		if (pipe(pfd) || vmsplice(pfd[1], &iov, 1, 0) != 16 * 4096)
			return perror("vmsplice"), 1;
	}
	if (task)
		syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0);
	printf("ready\n");
	fflush(stdout);
	pause();
	return 0;
}
