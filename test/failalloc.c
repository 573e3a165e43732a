// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * LD_PRELOAD fault injection: the FAILALLOC_AT-th malloc, calloc or
 * realloc called directly from the object named FAILALLOC_IN (a file
 * name: "cxl", "libjson-c.so.5") returns NULL, once; every other call
 * goes on to the real allocator.  FAILALLOC_REPORT names a file that
 * gets the number of such calls at exit.  Counting only one object's calls
 * keeps the numbering stable whatever the C library allocates for
 * itself.  With ASan, run with ASAN_OPTIONS=verify_asan_link_order=0:
 * the allocator behind this is then ASan's, and LeakSanitizer reports
 * what a failure path leaks.
 */
#include <dlfcn.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static long count, fail_at;
static const char *fail_in;
static bool ready;

/*
 * dlsym may itself calloc before real_calloc is known: those few early
 * calls are served from a static pool that free() must never see, which
 * it does not, since dlsym keeps them.
 */
static char pool[4096];
static size_t pool_used;

static void *pool_alloc(size_t size)
{
	void *p;

	size = (size + 15) & ~(size_t)15;
	if (pool_used + size > sizeof(pool))
		return NULL;
	p = pool + pool_used;
	pool_used += size;
	return p;
}

/* the number of calls counted, for the caller to know how far to go */
__attribute__((destructor)) static void report(void)
{
	const char *path = getenv("FAILALLOC_REPORT");
	FILE *f;

	if (!path || !(f = fopen(path, "w")))
		return;
	fprintf(f, "%ld\n", count);
	fclose(f);
}

static void init(void)
{
	static bool busy;

	if (ready || busy)
		return;
	busy = true;
	real_malloc = dlsym(RTLD_NEXT, "malloc");
	real_calloc = dlsym(RTLD_NEXT, "calloc");
	real_realloc = dlsym(RTLD_NEXT, "realloc");
	ready = true;
	busy = false;
}

/*
 * The settings are read here, once the C library is set up (the first
 * allocations come before it, when getenv() sees nothing yet), and the
 * upstream cxl a command runs does not inherit the shim.
 */
__attribute__((constructor)) static void setup(void)
{
	const char *at = getenv("FAILALLOC_AT");

	init();
	if (at)
		fail_at = atol(at);
	fail_in = getenv("FAILALLOC_IN");
	unsetenv("LD_PRELOAD");
}

static bool should_fail(void *caller)
{
	const char *base;
	Dl_info info;

	if (!fail_in || !dladdr(caller, &info) || !info.dli_fname)
		return false;
	base = strrchr(info.dli_fname, '/');
	base = base ? base + 1 : info.dli_fname;
	if (strcmp(base, fail_in))
		return false;
	return ++count == fail_at;
}

void *malloc(size_t size)
{
	init();
	if (!real_malloc)
		return pool_alloc(size);
	if (should_fail(__builtin_return_address(0)))
		return NULL;
	return real_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	init();
	if (!real_calloc)
		return pool_alloc(n * size);
	if (should_fail(__builtin_return_address(0)))
		return NULL;
	return real_calloc(n, size);
}

void *realloc(void *ptr, size_t size)
{
	init();
	if (!real_realloc)
		return ptr ? NULL : pool_alloc(size);
	if (should_fail(__builtin_return_address(0)))
		return NULL;
	return real_realloc(ptr, size);
}
