/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _UTIL_SIZE_H_
#define _UTIL_SIZE_H_

#define SZ_256M (256ULL << 20)
#define ALIGN_DOWN(x, a) ((x) / (a) * (a))

/*
 * parse_size - "1073741824", "0x40000000", "1G", "512m", "2T": a number in
 * any C base with an optional binary k/m/g/t suffix.  Returns 0 or -EINVAL
 * (also on overflow).
 */
int parse_size(const char *s, unsigned long long *size);

#endif /* _UTIL_SIZE_H_ */
