// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#include <errno.h>
#include <stdio.h>
#include <util/json.h>

#define KIB 1024ULL
#define MIB (KIB * 1024)
#define GIB (MIB * 1024)
#define TIB (GIB * 1024)

/* c hundredths as "123.45" */
static void centi(char *buf, size_t len, unsigned long long c)
{
	snprintf(buf, len, "%llu.%02llu", c / 100, c % 100);
}

struct json_object *util_json_size(unsigned long long bytes, bool human)
{
	static const struct {
		unsigned long long limit, iec, si;
		const char *iec_name, *si_name;
	} scale[] = {
		{ 2 * GIB, MIB, 1000000ULL, "MiB", "MB" },
		{ 2 * TIB, GIB, 1000000000ULL, "GiB", "GB" },
		{ ~0ULL, TIB, 1000000000000ULL, "TiB", "TB" },
	};
	char a[32], b[32], out[96];
	int i;

	/* small values read best as plain byte counts, as in ndctl */
	if (!human || bytes < 5000 * KIB)
		return json_object_new_int64((long long)bytes);
	for (i = 0; bytes >= scale[i].limit; i++)
		;
	/* rounded to the nearest hundredth: twice as fine, plus one, halved */
	centi(a, sizeof(a), (bytes * 200 / scale[i].iec + 1) / 2);
	/* SI units: divide first, the product would overflow */
	centi(b, sizeof(b), (bytes / (scale[i].si / 200) + 1) / 2);
	snprintf(out, sizeof(out), "%s %s (%s %s)", a, scale[i].iec_name, b,
		 scale[i].si_name);
	return json_object_new_string(out);
}

struct json_object *util_json_hex(unsigned long long val, bool human)
{
	char buf[24];

	if (!human)
		return json_object_new_int64((long long)val);
	snprintf(buf, sizeof(buf), "0x%llx", val);
	return json_object_new_string(buf);
}

int util_json_print(FILE *f, struct json_object *obj)
{
	/* the text is built in memory first: NULL when that fails */
	const char *s = json_object_to_json_string_ext(obj, UTIL_JSON_FLAGS);

	if (!s)
		return -ENOMEM;
	fprintf(f, "%s\n", s);
	return 0;
}

int util_json_print_list(FILE *f, struct json_object *list, bool human)
{
	size_t len = json_object_array_length(list);

	if (len == 0)
		fprintf(stderr, "  Warning: no matching devices found\n");
	if (len == 1 && human)
		return util_json_print(f, json_object_array_get_idx(list, 0));
	return util_json_print(f, list);
}
