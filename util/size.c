// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <util/size.h>
#include <util/sysfs.h>

int parse_size(const char *s, unsigned long long *size)
{
	unsigned long long v;
	int shift = 0;
	char *end;

	if (parse_u64_prefix(s, &v, &end))
		return -EINVAL;
	switch (tolower((unsigned char)*end)) {
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
		return -EINVAL;
	}
	if (shift && end[1])
		return -EINVAL;
	if (shift && v > (~0ULL >> shift))
		return -EINVAL;
	*size = v << shift;
	return 0;
}
