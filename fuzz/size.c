// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
/*
 * Sizes as create-sysram -s takes them ("1G", "0x40000000", "512m"),
 * checked against a second, independent reading of the same grammar: a
 * number in decimal, hex (0x) or octal (0), then at most one of k, m, g,
 * t in either case; no sign, no blank, nothing that overflows 64 bits.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <util/size.h>
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

static int digit(char c, unsigned int base)
{
	unsigned int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return d < base ? (int)d : -1;
}

/* the model: 0 and *val, or -1 */
static int model(const char *s, unsigned long long *val)
{
	unsigned long long v = 0;
	unsigned int base = 10, shift = 0;
	const char *p = s;
	int d, n = 0;

	if (!isdigit((unsigned char)*p))
		return -1;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit(p[2], 16) >= 0) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	}
	for (; (d = digit(*p, base)) >= 0; p++, n++) {
		if (v > (~0ULL - d) / base)
			return -1;
		v = v * base + d;
	}
	switch (tolower((unsigned char)*p)) {
	case 'k':
		shift = 10;
		break;
	case 'm':
		shift = 20;
		break;
	case 'g':
		shift = 30;
		break;
	case 't':
		shift = 40;
		break;
	case '\0':
		break;
	default:
		return -1;
	}
	if (shift && p[1])
		return -1;
	if (shift && v > (~0ULL >> shift))
		return -1;
	*val = v << shift;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long long got = 0, want = 0;
	char *s = fuzz_string(data, size);
	int rc_got, rc_want;

	rc_got = parse_size(s, &got);
	rc_want = model(s, &want);
	fuzz_assert((rc_got == 0) == (rc_want == 0));
	if (!rc_got)
		fuzz_assert(got == want);
	free(s);
	return 0;
}
