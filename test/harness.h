/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _TEST_HARNESS_H_
#define _TEST_HARNESS_H_
#include <stdbool.h>
#include <stdio.h>

/*
 * A small TAP harness for tests that run against fixture sysfs trees.
 * Each test case builds its own tree with test/fixture.sh and mounts it
 * over /sys (and its device nodes over /dev/cxl) in the private mount
 * namespace the harness enters first, so the distribution's libcxl sees
 * the fixture exactly as it would see the kernel.
 */
struct test_case {
	const char *name;
	void (*fn)(void);
};

#define TEST(n)       \
	{             \
#n, n \
	}

int harness_main(int argc, char **argv, const struct test_case *tests);

/* build and mount a fixture; args as for test/fixture.sh */
void fixture(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* add devices to the current fixture; returns fixture.sh's status */
int fixture_add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* path of a file of the current fixture, relative to its /sys */
const char *fixture_path(const char *rel);
/* content of a fixture file, trailing newline kept; "" if missing */
const char *fixture_read(const char *rel);
void fixture_write(const char *rel, const char *val);
/* make one fixture file read-only, as a kernel refusing writes would */
void fixture_readonly(const char *rel);
/* run a shell command (in the namespace); returns its exit status */
int shell(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void check_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define CHECK(cond)                                                  \
	do {                                                         \
		if (!(cond))                                         \
			check_fail(__FILE__, __LINE__, "%s", #cond); \
	} while (0)

#define CHECK_INT(a, b)                                                       \
	do {                                                                  \
		long long _a = (long long)(a), _b = (long long)(b);           \
		if (_a != _b)                                                 \
			check_fail(__FILE__, __LINE__,                        \
				   "%s == %lld, expected %s == %lld", #a, _a, \
				   #b, _b);                                   \
	} while (0)

#define CHECK_STR(a, b)                                                     \
	do {                                                                \
		const char *_a = (a), *_b = (b);                            \
		if (!_a || !_b || strcmp(_a, _b) != 0)                      \
			check_fail(__FILE__, __LINE__,                      \
				   "%s == \"%s\", expected \"%s\"", #a,     \
				   _a ? _a : "(null)", _b ? _b : "(null)"); \
	} while (0)

#endif /* _TEST_HARNESS_H_ */
