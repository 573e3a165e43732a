// SPDX-License-Identifier: GPL-2.0
// Copyright (C) 2026 The cxl-sysram Authors. All rights reserved.
/*
 * numa-touch: anonymous memory placed and inspected with the NUMA system
 * calls, for the private node tests (test/private-node.sh) and the fault
 * benchmark (bench/private-node.sh).  The node of each page is read back
 * with move_pages(2) without target nodes, the kernel's own answer.
 *
 *   numa-touch [-b NODE] [-m NODE] [-w] MIB
 *	maps MIB of anonymous memory (no huge pages), binds the mapping to
 *	NODE with mbind(MPOL_BIND) if -b, touches every page, moves every
 *	page to NODE with move_pages(2) if -m, prints where the pages are
 *	("pages N nodes <node>=<count> ..."), then waits for a signal if -w.
 *   numa-touch -t ROUNDS MIB
 *	the fault benchmark: ROUNDS times maps MIB, touches every page and
 *	unmaps it; prints "faults N ns T" (T for all faults, mapping and
 *	unmapping not counted).  The task's own policy (numactl --membind)
 *	decides where the pages come from.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define MPOL_BIND 2
#define MPOL_MF_MOVE (1 << 1)
#define MAX_NODES 64

static long page_size;

static void die(const char *what)
{
	fprintf(stderr, "numa-touch: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int parse_int(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0 || v > 1 << 20) {
		fprintf(stderr, "numa-touch: %s: bad number '%s'\n", what, s);
		exit(2);
	}
	return v;
}

static char *map(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	/* 4 KiB faults: what is measured and counted is one page each */
	if (madvise(p, len, MADV_NOHUGEPAGE))
		die("madvise");
	return p;
}

static void touch(char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += page_size)
		p[i] = 1;
}

/* move_pages(2) on every page: to @node, or only asking where (-1) */
static void pages_where(char *p, size_t len, int node, int *status)
{
	size_t i, n = len / page_size, chunk = 4096;
	void **pages = calloc(chunk, sizeof(*pages));
	int *nodes = calloc(chunk, sizeof(*nodes));

	if (!pages || !nodes)
		die("calloc");
	for (i = 0; i < n; i += chunk) {
		size_t j, cnt = n - i < chunk ? n - i : chunk;

		for (j = 0; j < cnt; j++) {
			pages[j] = p + (i + j) * page_size;
			nodes[j] = node;
		}
		if (syscall(SYS_move_pages, 0, cnt, pages,
			    node < 0 ? NULL : nodes, status + i, MPOL_MF_MOVE))
			die("move_pages");
	}
	free(pages);
	free(nodes);
}

static void report(const int *status, size_t n)
{
	unsigned long count[MAX_NODES] = { 0 }, other = 0;
	size_t i;
	int node;

	for (i = 0; i < n; i++) {
		if (status[i] >= 0 && status[i] < MAX_NODES)
			count[status[i]]++;
		else
			other++;
	}
	printf("pages %zu nodes", n);
	for (node = 0; node < MAX_NODES; node++)
		if (count[node])
			printf(" %d=%lu", node, count[node]);
	if (other)
		printf(" none=%lu", other);
	printf("\n");
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int bench(int rounds, size_t len)
{
	double total = 0, t;
	int r;

	for (r = 0; r < rounds; r++) {
		char *p = map(len);

		t = now_ns();
		touch(p, len);
		total += now_ns() - t;
		munmap(p, len);
	}
	printf("faults %zu ns %.0f\n", rounds * (len / page_size), total);
	return 0;
}

int main(int argc, char **argv)
{
	int bind = -1, move = -1, rounds = 0, wait = 0, opt, *status;
	unsigned long mask;
	size_t len;
	char *p;

	page_size = sysconf(_SC_PAGESIZE);
	while ((opt = getopt(argc, argv, "b:m:t:w")) != -1) {
		switch (opt) {
		case 'b':
			bind = parse_int(optarg, "-b");
			break;
		case 'm':
			move = parse_int(optarg, "-m");
			break;
		case 't':
			rounds = parse_int(optarg, "-t");
			break;
		case 'w':
			wait = 1;
			break;
		default:
			return 2;
		}
	}
	if (optind != argc - 1 || bind >= MAX_NODES || move >= MAX_NODES) {
		fprintf(stderr, "usage: numa-touch [-b NODE] [-m NODE] [-w] MIB"
				" | -t ROUNDS MIB\n");
		return 2;
	}
	len = (size_t)parse_int(argv[optind], "MIB") << 20;
	if (rounds)
		return bench(rounds, len);

	p = map(len);
	if (bind >= 0) {
		mask = 1UL << bind;
		if (syscall(SYS_mbind, p, len, MPOL_BIND, &mask, MAX_NODES + 1,
			    0))
			die("mbind");
	}
	touch(p, len);

	status = calloc(len / page_size, sizeof(*status));
	if (!status)
		die("calloc");
	pages_where(p, len, move, status);
	if (move >= 0)
		/* the status of a move is the node, or why not: ask again */
		pages_where(p, len, -1, status);
	report(status, len / page_size);
	fflush(stdout);
	if (wait)
		pause();
	return 0;
}
