// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * The text parsers on their own: sizes, attribute numbers, device ids,
 * region arguments and name lists.  Each case here is an input a fuzz
 * target (fuzz/) once found misread, kept so it stays fixed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <util/size.h>
#include <util/sysfs.h>
#include "../cxl/filter.h"
#include "harness.h"

/* glibc >= 2.38 reads "0b1" as binary 1 (C23), older ones as 0 */
static void test_no_binary(void)
{
	unsigned long long v = 7;

	CHECK_INT(parse_size("0b1", &v), -EINVAL);
	CHECK_INT(parse_size("0B1g", &v), -EINVAL);
	CHECK_INT(parse_u64("0b1", &v), -EINVAL);
	CHECK_INT(parse_u64("0B0", &v), -EINVAL);
	CHECK_INT(parse_size("0x10m", &v), 0);
	CHECK(v == 16ULL << 20);
	CHECK_INT(parse_size("010", &v), 0);
	CHECK(v == 8);
	CHECK_INT(parse_u64("0", &v), 0);
	CHECK(v == 0);
	CHECK_INT(parse_size("0b", &v), -EINVAL);
}

static void test_ids(void)
{
	int id = -5;

	CHECK_INT(parse_id("12", &id), 2);
	CHECK_INT(id, 12);
	CHECK_INT(parse_id("0", &id), 1);
	CHECK_INT(id, 0);
	CHECK_INT(parse_id("7.3", &id), 1);
	CHECK_INT(parse_id("2147483647", &id), 10);
	CHECK_INT(id, 2147483647);
	CHECK_INT(parse_id("2147483648", &id), 0);
	CHECK_INT(parse_id("06", &id), 0);
	CHECK_INT(parse_id(" 6", &id), 0);
	CHECK_INT(parse_id("+6", &id), 0);
	CHECK_INT(parse_id("-6", &id), 0);
	CHECK_INT(parse_id("", &id), 0);
}

/* sscanf's %d skipped blanks: "\v1" named region1 (fuzz/filters.c) */
static void test_region_args(void)
{
	static const char *const bad[] = {
		"\v1",	      " 1", "region 1", "region\t1",
		"+1",	      "-1", "01",	"region01",
		"1x",	      "",   "region",	"sysram_region",
		"4294967296",
	};
	size_t i;

	CHECK_INT(util_parse_region_arg("all"), -1);
	CHECK_INT(util_parse_region_arg("0"), 0);
	CHECK_INT(util_parse_region_arg("region12"), 12);
	CHECK_INT(util_parse_region_arg("sysram_region3"), 3);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (util_parse_region_arg(bad[i]) != -EINVAL)
			check_fail(__FILE__, __LINE__, "'%s' taken", bad[i]);
}

static void test_split(void)
{
	char **n = util_split_names("0,1");

	CHECK(n && n[0] && n[1] && !n[2]);
	if (n) {
		CHECK_STR(n[0], "0");
		CHECK_STR(n[1], "1");
		CHECK(util_bad_region_name(n) == NULL);
	}
	free(n);
	n = util_split_names(" region0  1 ");
	CHECK(n && n[0] && n[1] && !n[2]);
	free(n);
	n = util_split_names(",,");
	CHECK(n && !n[0]);
	if (n)
		CHECK_STR(util_bad_region_name(n), "");
	free(n);
	n = util_split_names("\v1");
	if (n)
		CHECK_STR(util_bad_region_name(n), "\v1");
	free(n);
}

static const struct test_case tests[] = {
	TEST(test_no_binary), TEST(test_ids), TEST(test_region_args),
	TEST(test_split),     { NULL, NULL },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, tests);
}
