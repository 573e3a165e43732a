/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _FUZZ_FUZZ_H_
#define _FUZZ_FUZZ_H_
/*
 * What the fuzz targets share: libFuzzer's entry points, an input turned
 * into a C string or an argument vector, and stdio kept quiet (a parser's
 * error messages would drown libFuzzer's own lines, which it prints
 * through a stream of its own).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* the input as a NUL-terminated string (free it); NUL bytes end it early */
char *fuzz_string(const uint8_t *data, size_t size);

/*
 * The input as argv: "cmd" first, then the input's NUL-separated words,
 * at most FUZZ_MAX_ARGS; argv[argc] is NULL.  Both live in one
 * allocation, *argv, to free.
 */
#define FUZZ_MAX_ARGS 64
int fuzz_argv(const uint8_t *data, size_t size, const char *cmd,
	      const char ***argv);

/* does s point into the text of argv[1..argc)? */
bool fuzz_in_args(const char **argv, int argc, const char *s);

/*
 * A file for attribute values: made in a new directory from template
 * (mkdtemp's XXXXXX, changed in place), opened for fuzz_set_file.
 */
int fuzz_file(char *template, const char *name);
/* the file's content becomes data[0..size) */
void fuzz_set_file(int fd, const uint8_t *data, size_t size);

/* stdout and stderr to /dev/null for the code under test */
void fuzz_quiet(void);

/* a report as a sanitizer makes it: a property of the parser broke */
#define fuzz_assert(cond)                                     \
	do {                                                  \
		if (!(cond))                                  \
			fuzz_fail(__FILE__, __LINE__, #cond); \
	} while (0)
void fuzz_fail(const char *file, int line, const char *what)
	__attribute__((noreturn));

#endif /* _FUZZ_FUZZ_H_ */
