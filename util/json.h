/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _UTIL_JSON_H_
#define _UTIL_JSON_H_
#include <stdbool.h>
#include <stdio.h>
#include <json-c/json.h>

/*
 * JSON values as ndctl prints them: sizes and addresses are numbers, or
 * with -u/--human strings such as "1024.00 MiB (1073.74 MB)" and
 * "0x4000000000"; output is json-c's pretty form, and with -u a
 * one-element list prints as its element.
 */
struct json_object *util_json_size(unsigned long long bytes, bool human);
struct json_object *util_json_hex(unsigned long long val, bool human);
int util_json_print_list(FILE *f, struct json_object *list, bool human);
int util_json_print(FILE *f, struct json_object *obj);

#define UTIL_JSON_FLAGS JSON_C_TO_STRING_PRETTY

#endif /* _UTIL_JSON_H_ */
