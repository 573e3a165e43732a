/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (C) 2026 The cxl-sysram Authors. All rights reserved. */
#ifndef _CXL_UPSTREAM_H_
#define _CXL_UPSTREAM_H_
#include <stdbool.h>
#include <stddef.h>

/*
 * The distribution's cxl, to which every command this front end does not
 * implement is handed unchanged.  Its path is fixed at build time
 * (meson -Dupstream-cxl=) and CXL_SYSRAM_UPSTREAM overrides it.
 */
const char *upstream_path(void);
/*
 * The exit status of every command that needs the distribution's cxl
 * when it cannot be run (missing, not executable, or this front end
 * itself), whichever way it is run: a shell's "command not found".
 */
#define UPSTREAM_MISSING 127
void upstream_exec(const char **argv) __attribute__((noreturn));
/*
 * Runs upstream with argv, its stdout collected into *out (NUL-ended,
 * caller frees) and its stderr passed through.  Returns its exit status,
 * or -errno when it could not be run.
 */
int upstream_capture(const char **argv, char **out, size_t *len);

/*
 * An option of one of upstream's commands, as far as the front end needs
 * to know it to read a command line upstream will parse: include is
 * cxl list's "this option selects objects to list".
 */
struct upstream_opt {
	const char *name;
	char short_name;
	bool takes_value, include;
};

/* the index of an option in opts[n], or -1 */
int upstream_opt_short(const struct upstream_opt *opts, size_t n, char c);
/* exact name, else a unique prefix, as upstream's parser resolves it */
int upstream_opt_long(const struct upstream_opt *opts, size_t n,
		      const char *name, size_t len);

#endif /* _CXL_UPSTREAM_H_ */
